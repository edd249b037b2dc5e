"""Telegram Desktop HTML exports: ``messages.html``, ``messages2.html``, ... in a folder or a zip.

Files are read in numeric order (``messages.html`` first, then 2, 3, ... 10, 11). Each
``div.message`` is one item, except the service date dividers ("4 June 2020", negative ids),
which are page furniture, not messages. Other service messages (a group was created, a member
joined) are read and counted as chatter.

* ``joined`` messages (no sender shown) inherit the sender of the previous message;
* the time comes from the ``title`` of the date element, ``"04.06.2020 14:16:12"`` or
  ``"04.06.2020 14:16:12 UTC+03:00"``; without an offset it is the exporting computer's local
  time and is read in ``timezone`` (UTC unless given);
* forwarded messages (``div.forwarded``) are spins of the original author; replies
  (``GoToMessage(123)``) and polls (``div.media_poll``) are read as in JSON exports.

HTML exports carry display names but no user ids, so reporters are pseudonyms of the names.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from fairness.errors import DataError, Message
from fairness.reading._collect import Collector

__all__ = ["html_members", "read_telegram_html"]

_MESSAGES_FILE = re.compile(r"^messages(\d*)\.html?$", re.IGNORECASE)
_TITLE_DATE = re.compile(
    r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})\s+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?"
    r"(?:\s*UTC\s*(?P<sign>[+-])(?P<oh>\d{1,2}):?(?P<om>\d{2})?)?"
)
_GO_TO = re.compile(r"GoToMessage\((-?\d+)\)|go_to_message(-?\d+)")
_MESSAGE_ID = re.compile(r"message(-?\d+)")
_VOTES = re.compile(r"(\d[\d\s\u00a0]*)")
_DIVIDER_TEXT = re.compile(r"^\s*\d{1,2}\s+\w+\s+\d{4}\s*$")


def _order_key(name: str) -> tuple[str, int]:
    path = PurePosixPath(name.replace("\\", "/"))
    match = _MESSAGES_FILE.match(path.name)
    number = int(match.group(1)) if match and match.group(1) else 1
    return str(path.parent), number


def html_members(names: list[str]) -> list[str]:
    """The ``messages*.html`` names among ``names``, in reading order."""
    found = [n for n in names if _MESSAGES_FILE.match(PurePosixPath(n.replace("\\", "/")).name)]
    return sorted(found, key=_order_key)


def _iso_time(title: str | None) -> str | None:
    if not title:
        return None
    match = _TITLE_DATE.search(title)
    if not match:
        return None
    g = match.groupdict()
    text = (f"{int(g['y']):04d}-{int(g['m']):02d}-{int(g['d']):02d}T{int(g['H']):02d}:"
            f"{int(g['M']):02d}:{int(g['S'] or 0):02d}")
    if g["sign"]:
        text += f"{g['sign']}{int(g['oh']):02d}:{int(g['om'] or 0):02d}"
    return text


def _clean(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def _text_with_breaks(tag) -> str:
    """Text of a tag with <br> as line breaks (lists of spins are often one per line)."""
    for br in tag.find_all("br"):
        br.replace_with("\n")
    return "\n".join(" ".join(line.split()) for line in tag.get_text().split("\n")).strip()


def _documents(source: Path) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of each messages*.html of a file, folder or zip, in order."""
    if source.is_dir():
        names = [str(p.relative_to(source)) for p in source.rglob("*") if p.is_file()]
        members = html_members(names)
        if not members:
            raise DataError(Message("error.no_html_in_folder"), source=str(source))
        for member in members:
            yield f"{source.name}/{member}", (source / member).read_bytes()
        return
    if zipfile.is_zipfile(source):
        try:
            with zipfile.ZipFile(source) as archive:
                members = html_members(archive.namelist())
                if not members:
                    raise DataError(Message("error.no_html_in_zip"), source=source.name)
                for member in members:
                    yield f"{source.name}/{member}", archive.read(member)
        except (zipfile.BadZipFile, OSError):
            raise DataError(Message("error.zip_unreadable"), source=source.name) from None
        return
    yield source.name, source.read_bytes()


def read_telegram_html(source: str | Path, collector: Collector) -> None:
    """Read an HTML export (a file, a folder or a zip of them) into ``collector``."""
    from bs4 import BeautifulSoup

    source = Path(source)
    batch = collector.child()
    previous_sender: str | None = None
    any_page = False
    for name, raw in _documents(source):
        if not raw.strip():
            raise DataError(Message("error.empty_file"), source=name)
        if b"\x00" in raw[:4096]:
            raise DataError(Message("error.binary_not_html"), source=name)
        try:
            soup = BeautifulSoup(raw, "lxml")
        except Exception:  # lxml/bs4 raise assorted errors on hostile input
            raise DataError(Message("error.html_unreadable"), source=name) from None
        history = soup.select("div.message")
        header = soup.select_one("div.page_header div.text")
        chat_name = _clean(header.get_text()) if header else None
        if not history and soup.select_one("div.page_body") is None:
            raise DataError(Message("error.html_not_export"), source=name)
        any_page = True
        batch.begin_chat(("html", chat_name or str(source)))
        if chat_name:
            batch.names_seen.add(chat_name)
        for div in history:
            classes = div.get("class") or []
            id_match = _MESSAGE_ID.fullmatch(div.get("id") or "")
            msg_id = int(id_match.group(1)) if id_match else None
            if "service" in classes:
                body = _clean(div.get_text())
                if (msg_id is not None and msg_id < 0) or _DIVIDER_TEXT.match(body):
                    continue  # a date divider, not a message
                batch.message(name, msg_id, "", service=True)
                continue
            date_div = div.select_one("div.date[title]") or div.select_one("[title]")
            when = _iso_time(date_div.get("title") if date_div else None)
            own_from = div.find("div", class_="from_name")
            forwarded_div = div.select_one("div.forwarded")
            if own_from is not None and forwarded_div is not None and (
                forwarded_div in own_from.parents or own_from in forwarded_div.descendants
            ):
                own_from = None
            sender = previous_sender if "joined" in classes or own_from is None else None
            if own_from is not None and "joined" not in classes:
                for span in own_from.find_all("span"):
                    span.extract()
                sender = _clean(own_from.get_text()) or None
            previous_sender = sender
            forwarded = None
            if forwarded_div is not None:
                origin = forwarded_div.find("div", class_="from_name")
                if origin is not None:
                    for span in origin.find_all("span"):
                        span.extract()
                    forwarded = _clean(origin.get_text()) or "(hidden)"
                    batch.names_seen.add(forwarded)
            text_div = div.find("div", class_="text")
            text = _text_with_breaks(text_div) if text_div is not None else ""
            reply_to = None
            reply = div.select_one("div.reply_to")
            if reply is not None:
                link = reply.find("a")
                target = " ".join(str(link.get(a) or "") for a in ("onclick", "href")) if link \
                    else ""
                found = _GO_TO.search(target)
                if found:
                    reply_to = int(found.group(1) or found.group(2))
            poll = None
            poll_div = div.select_one("div.media_poll")
            if poll_div is not None:
                answers = []
                for answer in poll_div.select("div.answer"):
                    details = answer.select_one(".details")
                    votes_text = details.get_text() if details is not None else ""
                    if details is not None:
                        details.extract()
                    votes = _VOTES.search(votes_text)
                    answers.append({
                        "text": _clean(answer.get_text()).lstrip("-–— ").strip(),
                        "voters": int(re.sub(r"\D", "", votes.group(1))) if votes else 0,
                    })
                question = poll_div.select_one(".question")
                poll = {"question": _clean(question.get_text()) if question else "",
                        "answers": answers}
            batch.message(
                name,
                msg_id,
                text,
                sender=f"name:{sender}" if sender else None,
                sender_name=sender,
                date=when,
                forwarded_from=forwarded,
                reply_to=reply_to,
                poll=poll,
                names=(chat_name,),
            )
    if not any_page:  # pragma: no cover - _documents raises first
        raise DataError(Message("error.no_messages"), source=str(source))
    batch.merge_into_parent()
