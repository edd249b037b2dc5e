"""Accounting of chat messages: every message read becomes spins, tallies, a rejected row or
chatter, and the counts always add up (``read == used + rejected + not_a_report``).

Shared by the Telegram JSON and HTML readers. One :class:`Collector` serves a whole
:func:`fairness.reading.ingest` call, so the same message seen in two overlapping exports, and
several forwards of the same original, count once:

* **Duplicates** are messages already used or rejected under the same (chat, message id), or
  with the same message id, sender and text (the same message in a JSON and an HTML export).
  They are **rejected** with reason ``"duplicate"`` (so they stay visible in the rejected
  table); the first copy read is the one used.
* **Forwards** (``forwarded_from``) are spins of the original author. A forward whose original
  (same author name and text) is in the data, or which repeats an earlier forward, is rejected
  as ``"duplicate"``. Forwards are resolved after all files are read, so the order of the files
  does not matter.
* Chatter is never checked for duplicates (it is not counted as anything but chatter).

Times: Telegram's ``date_unixtime`` is UTC seconds and is preferred; ``date`` has no offset
(the exporting computer's local time) and is read in ``timezone`` (UTC unless given); the number
of such times is ``summary["naive_times"]``.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from fairness.evidence import Evidence, empty_rejected, empty_tallies
from fairness.i18n.reasons import reason
from fairness.limits import LIMITS, check_count, check_epoch
from fairness.reading.extract import Extractor
from fairness.reading.privacy import Pseudonymizer, mask_personal
from fairness.reading.tallies import (
    looks_like_tally,
    parse_tally_text,
    poll_tallies,
    summary_hint,
)
from fairness.spec import Game

_EXCERPT_CHARS = 120

#: :meth:`Collector.epoch` of a time that is given but cannot be the time of a spin
IMPLAUSIBLE = -(2**62)


def identity(value: Any) -> str | None:
    """A sender id as text: "user123", "channel5"; a bare number (old exports) is a user."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return f"user{value}"
    text = str(value).strip()
    if not text:
        return None
    return f"user{text}" if text.isdigit() else text


def _names(names: Any) -> tuple:
    values = names() if callable(names) else names
    return tuple(v for v in values if isinstance(v, str) and v)


def _strings(values: Any) -> list[str]:
    """The display names inside a value of an export (a string or a list of strings)."""
    if isinstance(values, str):
        return [values] if values else []
    if isinstance(values, list):
        return [v for v in values if isinstance(v, str) and v]
    return []


def reason_key(reason: str) -> str:
    """The category of a rejection reason: "ambiguous: 3% or 5%" -> "ambiguous"."""
    return reason.split(":")[0].split(" '")[0].strip()


def excerpt(text: str | None, names: Sequence[str | None] = (), *,
            limit: int | None = _EXCERPT_CHARS, patterns: dict | None = None) -> str:
    """A short one-line excerpt with phone numbers, e-mails, @mentions and names masked."""
    if not text:
        return ""
    flat = " ".join(str(text)[: _EXCERPT_CHARS * 4].split())
    masked = mask_personal(flat, names=tuple(n for n in names if n), patterns=patterns) or ""
    return masked if limit is None else masked[:limit]


_WORD = re.compile(r"\w+")
#: How many non-reports with numbers the accounting keeps for the uploader to look at.
MISSED_SAMPLE = 10
_NUMBERISH = re.compile(r"[\d%]")


def mask_names(texts: list[str], names: set[str]) -> list[str]:
    """Mask every word (3+ letters) of every display name seen, whatever it is next to.

    Word by word with a set lookup, so thousands of names cost no more than a few (a regex of
    all the names would be tried at every position of every excerpt).
    """
    words = {word.casefold() for name in names for word in _WORD.findall(name) if len(word) >= 3}
    if not words:
        return texts

    def replace(match: re.Match[str]) -> str:
        return "[name]" if match.group(0).casefold() in words else match.group(0)

    return [_WORD.sub(replace, text) for text in texts]


class Collector:
    """Accumulates the outcome of every message of one ingest call (see module docstring).

    ``parent``: a file being read goes into a child collector first and is merged into the
    parent only when the whole file was read (a file re-read after a repair never counts twice).
    """

    def __init__(
        self,
        game: Game,
        extractor: Extractor,
        pseudonymize: Pseudonymizer,
        *,
        timezone: str | None = None,
        summaries: bool = True,
        parent: Collector | None = None,
    ):
        self.game = game
        self.extractor = extractor
        self.pseudonymize = pseudonymize
        self.summaries = summaries
        self.parent = parent
        self.timezone = timezone
        self._zone: Any = None
        if timezone:
            from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

            try:
                self._zone = ZoneInfo(timezone)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"timezone: unknown time zone {timezone!r}") from None
        # spins
        self.sp_outcome: list[str] = []
        self.sp_time: list[int | None] = []
        self.sp_reporter: list[str | None] = []
        self.sp_source: list[str] = []
        self.sp_item: list[int | None] = []
        # tallies
        self.t_outcome: list[str] = []
        self.t_count: list[int] = []
        self.t_source: list[str] = []
        self.t_item: list[int | None] = []
        # rejected
        self.r_source: list[str] = []
        self.r_item: list[int | None] = []
        self.r_reason: list[str] = []
        self.r_excerpt: list[str] = []
        self.read = 0
        self.used = 0
        self.not_a_report = 0
        self.naive_times = 0
        self.poll_votes_unmatched = 0
        self.notes: list[str] = []
        #: a few messages with digits or % signs that were not taken as reports (masked): the
        #: uploader checks them for reports the extractor missed (see MISSED_SAMPLE)
        self.missed: list[str] = []
        #: display names seen (senders, actors, forwarded authors, chats): masked in excerpts
        self.names_seen: set[str] = set()
        # duplicate detection (hashes of keys -> source of the first copy)
        self.seen: dict[int, str] = {}
        self.content: set[int] = set()  # (author, text) of originals: forwards of them are dups
        self.pending: list[tuple] = []  # forwards, resolved at the end
        self._replies: dict[Any, tuple[str, ...]] = {}
        # replies are per chat and shared with the parent: a "+1" in the second file of a
        # chat answers a message of the first
        self._chat_replies: dict[Any, dict[Any, tuple[str, ...]]] = (
            parent._chat_replies if parent is not None else {})
        self._pseudonyms: dict[str | None, str | None] = (
            parent._pseudonyms if parent is not None else {})
        # names compiled for masking excerpts (privacy.mask_personal) and the readings of
        # words (names.mask_person_names): for this reading only, shared with the parent
        self._name_cache: dict = parent._name_cache if parent is not None else {}
        self._chat: Any = None

    # -- helpers --------------------------------------------------------------------------------
    def child(self) -> Collector:
        return Collector(self.game, self.extractor, self.pseudonymize, timezone=self.timezone,
                         summaries=self.summaries, parent=self)

    def is_chatter(self, text: str) -> bool:
        """True when ``text`` certainly is chatter (a cheap test; the full one is in
        :meth:`message`). Callers may then count it with :meth:`chatter`."""
        if len(text) > LIMITS.text_chars:
            return False  # not chatter for certain: :meth:`message` rejects it as too long
        return not self.extractor.might_report(text) and not (
            self.summaries and summary_hint(text))

    def chatter(self, text: str | None = None) -> None:
        """Account for one message that is chatter (or a service message)."""
        self.read += 1
        self.not_a_report += 1
        if text:
            self._note_missed(text)

    def _note_missed(self, text: str, names: Sequence[str | None] = ()) -> None:
        """Keep a masked excerpt of a non-report that has a digit or a % sign (the first
        :data:`MISSED_SAMPLE` of them)."""
        if len(self.missed) < MISSED_SAMPLE and _NUMBERISH.search(text):
            shown = excerpt(text, names)
            if shown not in self.missed:  # one copy of a repeated message
                self.missed.append(shown)

    def begin_chat(self, chat_key: Any) -> None:
        """Messages that follow belong to chat ``chat_key`` (ids of replies are per chat)."""
        if chat_key == self._chat:
            return
        self._chat = chat_key
        self._replies = self._chat_replies.setdefault(chat_key, {})

    def _seen(self, key: int) -> str | None:
        found = self.seen.get(key)
        if found is None and self.parent is not None:
            return self.parent._seen(key)
        return found

    def _has_content(self, key: int) -> bool:
        return key in self.content or (self.parent is not None and self.parent._has_content(key))

    def epoch(self, unixtime: Any, date: Any) -> int | None:
        """UTC seconds from ``date_unixtime`` (preferred) or a naive/aware ISO ``date``;
        :data:`IMPLAUSIBLE` when the time given is outside the plausible range
        (:attr:`~fairness.limits.Limits.epoch_min` .. ``epoch_max``: before 1970, after
        2100, or in milliseconds)."""
        if unixtime not in (None, "") and type(unixtime) in (int, str):
            text = str(unixtime).strip()
            if len(text) <= 24 and text.lstrip("-").isdigit():
                return _plausible(int(text))
        if not date or not isinstance(date, str) or len(date) > 64:
            return None
        try:
            moment = _dt.datetime.fromisoformat(date.strip())
            if moment.tzinfo is None:
                self.naive_times += 1
                moment = moment.replace(tzinfo=self._zone or _dt.timezone.utc)
            seconds = int(moment.timestamp())
        except (ValueError, OverflowError, OSError):
            return None
        return _plausible(seconds)

    def reject(self, source: str, reason: str, text: str | None, names: Sequence[str | None] = (),
               item: Any = None):
        """A rejected item of ``source`` (message id ``item``). Its excerpt is masked now
        (phones, e-mails, the names given) and again at the end with every name seen in the
        whole ingest call, then shortened."""
        self.r_source.append(source)
        self.r_item.append(_item(item))
        self.r_reason.append(reason)
        self.r_excerpt.append(excerpt(text, names, limit=None, patterns=self._name_cache))

    # -- the decision per message ---------------------------------------------------------------
    def message(
        self,
        source: str,
        msg_id: Any,
        text: str | None,
        *,
        sender: Any = None,
        sender_name: Any = None,
        unixtime: Any = None,
        date: Any = None,
        forwarded_from: Any = None,
        forwarded_id: Any = None,
        reply_to: Any = None,
        poll: dict | None = None,
        service: bool = False,
        names: Sequence[Any] | Callable[[], Sequence[Any]] = (),
    ) -> None:
        """Account for one message (see the module docstring for the rules).

        ``sender`` is a user id ("user123", "channel5", a bare int) or None; ``sender_name``
        the display name; ``names`` (or a function giving them) are further names to mask in
        excerpts (the chat's, the forwarded author's).
        """
        self.read += 1
        if isinstance(sender_name, str) and sender_name:
            self.names_seen.add(sender_name)
        if msg_id is not None:
            msg_id = _item(msg_id)
            if msg_id is None:
                self.reject(source, reason("bad_message_id"), text,
                            (sender_name if isinstance(sender_name, str) else None,), None)
                return
        if service:
            self.not_a_report += 1
            return
        if poll is not None:
            self._poll(source, msg_id, poll, sender_name, text, names)
            return
        if not text:
            self.not_a_report += 1
            return
        if len(text) > LIMITS.text_chars:  # before any scan: the cost grows with the length
            self.reject(source, reason("too_long", limit=LIMITS.text_chars),
                        text[:_EXCERPT_CHARS * 4],
                        (sender_name if isinstance(sender_name, str) else None,), msg_id)
            return
        if self.summaries and summary_hint(text) and looks_like_tally(text, self.extractor):
            self._summary(source, msg_id, text, sender_name, names)
            return
        replied = self._replies.get(reply_to, ()) if type(reply_to) is int else ()
        result = self.extractor(text, replied_outcomes=replied)
        if result.kind == "not_a_report":
            self.not_a_report += 1
            self._note_missed(text, (sender_name if isinstance(sender_name, str) else None,))
            return
        sender_name = sender_name if isinstance(sender_name, str) and sender_name else None
        flat = " ".join(text.split())
        if self._duplicate(source, msg_id, sender_name, flat, names):
            return
        when = self.epoch(unixtime, date)
        if when == IMPLAUSIBLE:
            self.reject(source, reason("implausible_date"), text, (sender_name, *_names(names)),
                        msg_id)
            return
        if forwarded_from is not None or forwarded_id is not None:
            author = identity(forwarded_id) or f"name:{forwarded_from}"
            key = hash(("content", str(forwarded_from or forwarded_id).casefold(), flat))
            self.pending.append((key, source, msg_id, result, when, author, text,
                                 (sender_name, forwarded_from, *_names(names))))
            return
        if sender_name:
            self.content.add(hash(("content", sender_name.casefold(), flat)))
        if result.kind == "rejected":
            self.reject(source, result.reason or reason("rejected"), text,
                        (sender_name, *_names(names)), msg_id)
            return
        self._spins(source, msg_id, result.outcomes, when, identity(sender) or
                    (f"name:{sender_name}" if sender_name else None))
        if msg_id is not None and len(set(result.outcomes)) == 1:
            self._replies[msg_id] = result.outcomes[:1]

    def _summary(self, source, msg_id, text, sender_name, names) -> None:
        sender_name = sender_name if isinstance(sender_name, str) and sender_name else None
        if self._duplicate(source, msg_id, sender_name, " ".join(text.split()), names):
            return
        rows = parse_tally_text(text, self.extractor)
        bad = [item for item in rows if item.kind == "rejected"]
        if bad:
            self.reject(source, reason("summary", reason=bad[0].reason), text,
                        (sender_name, *_names(names)), msg_id)
            return
        for item in (r for r in rows if r.kind == "tally"):
            self.t_outcome.append(item.label)  # type: ignore[arg-type]
            self.t_count.append(item.count)  # type: ignore[arg-type]
            self.t_source.append(source)
            self.t_item.append(_item(msg_id))
        self.used += 1

    def _spins(self, source: str, msg_id: Any, outcomes: Sequence[str], when: int | None,
               identity: str | None) -> None:
        reporter = self._pseudonyms.get(identity)
        if reporter is None and identity is not None:
            reporter = self._pseudonyms[identity] = self.pseudonymize(identity)
        item = _item(msg_id)
        for label in outcomes:  # (several spins of one message share its item)
            self.sp_outcome.append(label)
            self.sp_time.append(when)
            self.sp_reporter.append(reporter)
            self.sp_source.append(source)
            self.sp_item.append(item)
        self.used += 1

    def _duplicate(self, source: str, msg_id: Any, sender_name: str | None, flat: str,
                   names: Any) -> bool:
        """True (and the message rejected) when this message was already used or rejected.

        ``flat`` is the text with its whitespace collapsed."""
        if msg_id is None:
            return False
        keys = (hash(("chat", self._chat, msg_id)),
                hash(("message", msg_id, (sender_name or "").casefold(), flat)))
        for key in keys:
            first = self._seen(key)
            if first is not None:
                self.reject(source, reason("duplicate_same", first=first), flat,
                            (sender_name, *_names(names)), msg_id)
                return True
        for key in keys:
            self.seen[key] = f"{source}:{msg_id}"
        return False

    def _poll(self, source, msg_id, poll, sender_name, text, names) -> None:
        sender_name = sender_name if isinstance(sender_name, str) and sender_name else None
        answers = poll.get("answers") if isinstance(poll, dict) else None
        if not isinstance(answers, list):
            self.reject(source, reason("poll_empty"), text, (sender_name, *_names(names)),
                        msg_id)
            return
        pairs = []
        for answer in answers:
            if isinstance(answer, dict):
                voters = answer.get("voters")
                votes = check_count(voters if voters not in (None, "") else 0)
                if votes is None:
                    self.reject(source, reason("implausible_votes", limit=LIMITS.count), text,
                                (sender_name, *_names(names)), msg_id)
                    return
                pairs.append((str(answer.get("text") or ""), votes))
        tally = poll_tallies(pairs, self.extractor)
        if not tally.rows:
            self.not_a_report += 1  # a poll about something else
            return
        question = str(poll.get("question") or "")
        if self._duplicate(source, msg_id, sender_name, "poll " + " ".join(question.split()),
                           names):
            return
        for label, count, _number in tally.rows:
            self.t_outcome.append(label)
            self.t_count.append(count)
            self.t_source.append(source)
            self.t_item.append(_item(msg_id))
        self.poll_votes_unmatched += tally.unmatched_votes
        self.used += 1

    # -- merging and the result -----------------------------------------------------------------
    def merge_into_parent(self) -> None:
        parent = self.parent
        assert parent is not None
        for name in ("sp_outcome", "sp_time", "sp_reporter", "sp_source", "sp_item",
                     "t_outcome", "t_count", "t_source", "t_item", "r_source", "r_item",
                     "r_reason", "r_excerpt", "pending", "notes"):
            getattr(parent, name).extend(getattr(self, name))
        parent.missed.extend(self.missed[: MISSED_SAMPLE - len(parent.missed)])
        for name in ("read", "used", "not_a_report", "naive_times", "poll_votes_unmatched"):
            setattr(parent, name, getattr(parent, name) + getattr(self, name))
        parent.seen.update(self.seen)
        parent.names_seen.update(self.names_seen)
        parent.content.update(self.content)

    def _resolve_forwards(self) -> None:
        accepted: set[int] = set()
        for key, source, msg_id, result, when, author, text, names in self.pending:
            if key in self.content or key in accepted:
                self.reject(source, reason("duplicate_forward"), text,
                            names, msg_id)
                continue
            accepted.add(key)
            if result.kind == "rejected":
                self.reject(source, result.reason or reason("rejected"), text, names, msg_id)
            else:
                self._spins(source, msg_id, result.outcomes, when, author)
        self.pending = []

    def finish(self, source: str | None = None) -> Evidence:
        """The accumulated tables as :class:`Evidence` (forwards resolved first). The
        collector is done after it: what only the reading needed (the keys for duplicates and
        forwards, the replies) is let go before the excerpts are masked, whose name model
        needs ~100 MB (fairness.reading.names)."""
        self._resolve_forwards()
        self.seen, self.content, self._replies, self._chat_replies = {}, set(), {}, {}
        labels = list(self.game.labels)
        values = dict(zip(self.game.labels, self.game.values, strict=True))
        times = np.array([-1 if t is None else t for t in self.sp_time], dtype=np.int64)
        reported = pd.to_datetime(times, unit="s", utc=True)
        if len(times):
            reported = reported.where(times >= 0)
        spins = pd.DataFrame(
            {
                "outcome": pd.Categorical(self.sp_outcome, categories=labels),
                "reported_at": reported,
                "reporter": pd.Series(self.sp_reporter, dtype="object"),
                "seq": pd.Series([pd.NA] * len(self.sp_outcome), dtype="Int64"),
                "segment": pd.Series([None] * len(self.sp_outcome), dtype="object"),
                "value": np.array([values[o] for o in self.sp_outcome], dtype=float),
                "source": pd.Categorical(self.sp_source),
                "item": pd.array(self.sp_item, dtype="Int64"),
            }
        )
        tallies = (pd.DataFrame({"outcome": self.t_outcome, "count": self.t_count,
                                 "source": self.t_source,
                                 "item": pd.array(self.t_item, dtype="Int64")})
                   if self.t_outcome else empty_tallies(labels))
        # names: exact words of every name seen, then other forms, anyone's names and Latin
        # spellings (fairness.reading.names; only these kept excerpts pay for it)
        excerpts = mask_names(self.r_excerpt, self.names_seen)
        if any(excerpts):
            from fairness.reading.names import mask_person_names

            excerpts = mask_person_names(excerpts, self.names_seen, cache=self._name_cache)
        excerpts = [e[:_EXCERPT_CHARS] for e in excerpts]
        rejected = (pd.DataFrame({"source": self.r_source,
                                  "item": pd.array(self.r_item, dtype="Int64"),
                                  "reason": self.r_reason, "excerpt": excerpts})
                    if self.r_source else empty_rejected())
        by_reason: dict[str, int] = {}
        for why in self.r_reason:
            key = reason_key(why)
            by_reason[key] = by_reason.get(key, 0) + 1
        summary: dict[str, Any] = {
            "read": self.read,
            "used": self.used,
            "rejected": len(self.r_source),
            "not_a_report": self.not_a_report,
            "spins": len(self.sp_outcome),
            "tally_spins": int(sum(self.t_count)),
            "rejected_by_reason": by_reason,
            "duplicates": by_reason.get("duplicate", 0),
            "naive_times": self.naive_times,
            "poll_votes_unmatched": self.poll_votes_unmatched,
            "notes": list(self.notes),
            # private to the uploader's session (PRIVATE_SUMMARY_KEYS: never in reports or
            # the campaign store)
            "missed_sample": mask_names(self.missed, self.names_seen),
        }
        if summary["read"] != summary["used"] + summary["rejected"] + summary["not_a_report"]:
            raise AssertionError(f"ingest accounting does not add up: {summary}")  # a bug
        return Evidence(labels=self.game.labels, spins=spins, tallies=tallies, rejected=rejected,
                        summary=summary, source=source)


def _plausible(seconds: int) -> int:
    found = check_epoch(seconds)
    return IMPLAUSIBLE if found is None else found


def _item(msg_id: Any) -> int | None:
    """A message id as an ``item`` (None when it is not a whole number that fits int64)."""
    if isinstance(msg_id, bool):
        return None
    if not isinstance(msg_id, int):
        text = str(msg_id).strip()
        if not (len(text) <= 20 and text.lstrip("-").isdigit()):
            return None
        msg_id = int(text)
    return msg_id if -(2**63) < msg_id < 2**63 else None
