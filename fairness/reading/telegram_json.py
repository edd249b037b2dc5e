"""Telegram Desktop JSON exports (``result.json``), streamed in constant memory.

Both shapes are read: a single-chat export ``{name, type, id, messages: [...]}`` and a
full-account export (``chats.list[*].messages`` and ``left_chats.list[*].messages``; the
account owner's ``personal_information``, contacts and the rest are skipped unread). A top-level
list of messages is accepted too. Messages are parsed one at a time with ijson (the yajl2 C
backend when installed), so memory does not grow with the size of the file.

Every message is accounted for (see :mod:`fairness.reading._collect`): its ``source`` is
``"result.json:msg 123"`` (``"result.json:chat 2:msg 123"`` in a full-account export — chats are
numbered, their ids are never shown).

Variants read: ``text`` as a string or a mixed list of strings and entity objects (else
``text_entities``); ``from_id`` as ``"user123"``, ``"channel123"``, ``"chat123"``, a bare
integer (old exports; read as ``user<n>``) or missing; ``date`` and ``date_unixtime`` (either may
be absent; ``date_unixtime`` is preferred); service and other non-``message`` types (chatter);
``forwarded_from``; ``edited``; ``reply_to_message_id``; photo captions (the ``text``); polls.

Broken files:

* raw control characters (other than tab, newline, carriage return) are replaced by spaces as
  the file is read; raw tabs/newlines inside strings and invalid UTF-8 make the reader read the
  file again in a repairing mode. Both are noted in ``summary["notes"]``;
* big integers are read exactly (never through floats); duplicate keys keep the last value
  (as JavaScript and Python's json do);
* a truncated file (it ends inside the JSON) raises :class:`DataError` naming the file and the
  last message id read. With ``partial=True`` the messages read are kept and the unfinished tail
  is one ``rejected`` item (reason ``"truncated"``), so the accounting still adds up;
* anything else that is not JSON raises :class:`DataError` naming the file and the place.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import ijson

from fairness.errors import DataError, FairnessError, Message
from fairness.i18n.reasons import note, reason
from fairness.limits import json_depth_scanner
from fairness.reading._collect import Collector, _strings

__all__ = ["read_telegram_json"]

_CHUNK = 1 << 16
_ABSENT = object()
# Bytes that are never valid in JSON text: replaced by a space wherever they occur.
_BAD_CONTROL = bytes(range(0x20)).translate(None, b"\t\n\r")
_SPACE_TABLE = bytes.maketrans(_BAD_CONTROL, b" " * len(_BAD_CONTROL))
_STRING_TOKENS = re.compile(rb'[\\"\x00-\x1f]')
_ESCAPES = {0x09: b"\\t", 0x0A: b"\\n", 0x0D: b"\\r"}
_MESSAGES_KEY = re.compile(rb'"messages"\s*:')
#: keys of a message whose values are display names (a string or a list of strings), besides
#: ``from`` and ``forwarded_from``; and those of service messages
_MORE_NAMES = ("author", "saved_from", "via_bot")
_SERVICE_NAMES = ("actor", "members", "title")
#: bytes of a chunk's end kept to find a ``"messages":`` key that straddles two chunks
_KEY_SPAN = 24


class _Reader:
    """A binary stream that repairs what Telegram sometimes writes and remembers its position.

    Normal mode: stray control bytes become spaces (cheap ``bytes.translate``).
    Repair mode: also escapes raw tab/newline/CR inside strings and replaces invalid UTF-8.
    """

    def __init__(self, raw: IO[bytes], *, repair: bool = False, name: str = "result.json",
                 rename: frozenset[int] = frozenset()):
        self._raw = raw
        self.repair = repair
        self.position = 0
        self._depth = json_depth_scanner(name)
        #: offsets of every ``"messages":`` key (a second one means a duplicate key)
        self.keys: list[int] = []
        self._rename = rename
        self._tail = b""
        self.replaced = 0
        self.escaped = 0
        self.bad_utf8 = 0
        self._in_string = False
        self._escape = False
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def read(self, size: int = -1) -> bytes:
        chunk = self._raw.read(_CHUNK if size is None or size < 0 else size)
        if self.position == 0 and chunk.startswith(b"\xef\xbb\xbf"):
            chunk = chunk[3:]  # a UTF-8 byte-order mark (Windows editors write one)
            self.position = 3
        start = self.position
        self.position += len(chunk)
        self._depth(chunk)  # before the parser sees it: deep nesting costs it quadratic memory
        # a key may straddle two chunks: look where the last chunk's tail meets this one too
        if b"messages" in chunk or b"messages" in self._tail + chunk[:_KEY_SPAN]:
            chunk = self._keys(chunk, start)
        else:
            self._tail = (self._tail + chunk)[-_KEY_SPAN:]
        if not chunk:
            if self.repair:
                tail = self._decoder.decode(b"", final=True)
                return tail.encode("utf-8")
            return chunk
        if self.repair:
            text = self._decoder.decode(chunk)
            if "\ufffd" in text:
                self.bad_utf8 += text.count("\ufffd")
            chunk = self._repair_strings(text.encode("utf-8"))
        # one C pass that deletes them counts them (a regex search took five times as long)
        bad = len(chunk) - len(chunk.translate(None, _BAD_CONTROL))
        if bad:
            self.replaced += bad
            chunk = chunk.translate(_SPACE_TABLE)
        return chunk

    def _keys(self, chunk: bytes, start: int) -> bytes:
        """Note where ``"messages":`` keys start; rename the ones in ``rename`` (same length),
        so that of a duplicated key the parser sees only the last, as JSON.parse would."""
        window = self._tail + chunk
        base = start - len(self._tail)
        for match in _MESSAGES_KEY.finditer(window):
            at = base + match.start()
            if at not in self.keys and (not self.keys or at > self.keys[-1]):
                self.keys.append(at)
        self._tail = window[-_KEY_SPAN:]
        if not self._rename:
            return chunk
        patched = bytearray(chunk)
        for at in self._rename:
            letter = at + 8  # the last "s" of "messages" becomes "z"
            if start <= letter < start + len(chunk):
                patched[letter - start] = 0x7A
        return bytes(patched)

    def _repair_strings(self, chunk: bytes) -> bytes:
        """Escape raw tab/newline/CR (and blank other control bytes) inside JSON strings."""
        out = bytearray()
        last = 0
        skip = 0 if self._escape else -1  # index of a byte escaped by a backslash
        self._escape = False
        for match in _STRING_TOKENS.finditer(chunk):
            at = match.start()
            if at == skip:
                continue
            byte = chunk[at]
            if not self._in_string:
                if byte == 0x22:
                    self._in_string = True
                continue
            if byte == 0x5C:
                skip = at + 1
                self._escape = skip == len(chunk)
                continue
            if byte == 0x22:
                self._in_string = False
                continue
            out += chunk[last:at]
            out += _ESCAPES.get(byte, b" ")
            self.escaped += 1
            last = at + 1
        out += chunk[last:]
        return bytes(out)


def _text_of(message: dict) -> str:
    text = message.get("text")
    if isinstance(text, str) and text:
        return text
    if isinstance(text, list):
        parts = []
        for part in text:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, dict):
                value = part.get("text")
                if isinstance(value, str):
                    parts.append(value)
        if parts:
            return "".join(parts)
    entities = message.get("text_entities")
    if isinstance(entities, list):
        return "".join(str(e.get("text") or "") for e in entities if isinstance(e, dict))
    caption = message.get("caption")
    return caption if isinstance(caption, str) else ""


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


class _Chats:
    """Chat headers of a full-account export, filled in as the events stream by."""

    def __init__(self):
        self.number = 0
        self.header: dict[str, Any] = {}


def _account_events(events, chats: _Chats):
    """Pass on the events of chat messages, renamed to one prefix; note chat boundaries."""
    for prefix, event, value in events:
        if prefix.startswith("left_chats.list.item"):
            prefix = prefix[5:]  # "left_" -> both lists read as one
        elif not prefix.startswith("chats.list.item"):
            continue
        if len(prefix) == 15:  # "chats.list.item"
            if event == "start_map":
                chats.number += 1
                chats.header = {}
            continue
        if prefix.startswith("chats.list.item.messages"):
            yield prefix, event, value
        elif prefix in ("chats.list.item.id", "chats.list.item.name", "chats.list.item.type"):
            chats.header[prefix[16:]] = value


def _sniff_shape(open_stream: Callable[[], IO[bytes]], name: str) -> tuple[str, dict]:
    """("single" | "account" | "list", header) from the first events of the file."""
    header: dict[str, Any] = {}
    with open_stream() as raw:
        reader = _Reader(raw, name=name)
        try:
            for prefix, event, value in ijson.parse(reader, buf_size=_CHUNK):
                if prefix == "" and event == "start_array":
                    return "list", header
                if prefix == "" and event == "map_key":
                    if value == "messages":
                        return "single", header
                    if value in ("chats", "left_chats"):
                        return "account", header
                elif prefix in ("name", "id", "type") and event in ("string", "number"):
                    header[prefix] = value
                elif prefix == "" and event not in ("start_map", "end_map"):
                    break
        except FairnessError:
            raise
        except (ijson.JSONError, UnicodeDecodeError, ValueError):
            # The shape is known from the first bytes in valid exports; errors are reported by
            # the real pass (which also repairs what can be repaired).
            return ("single" if header else "unknown"), header
    return "none", header


def read_telegram_json(
    open_stream: Callable[[], IO[bytes]],
    name: str,
    collector: Collector,
    *,
    partial: bool = False,
) -> None:
    """Read one JSON export into ``collector`` (see the module docstring).

    ``open_stream`` opens the file (or zip member) in binary mode; ``name`` is how it is called
    in sources and messages.
    """
    shape, header = _sniff_shape(open_stream, name)
    if shape == "none":
        raise DataError(Message("error.json_not_export_lists"), source=name)
    repair, rename = False, frozenset()
    for _attempt in range(3):
        batch = collector.child()
        state = _Pass(batch, name, shape, header, repair=repair, partial=partial, rename=rename)
        try:
            state.run(open_stream)
        except _Retry:
            repair = True
            continue
        if shape == "single" and len(state.keys) > 1 and not rename:
            # a duplicated "messages" key: the last one wins (as in JavaScript and Python's
            # json), so read again with the earlier ones renamed
            rename = frozenset(state.keys[:-1])
            collector.notes.append(f"{name}: the key 'messages' appears {len(state.keys)} "
                                   "times; the last one was read")
            continue
        batch.merge_into_parent()
        return


class _Retry(Exception):
    """The file needs the repairing reader."""


class _Pass:
    def __init__(self, collector: Collector, name: str, shape: str, header: dict, *,
                 repair: bool, partial: bool, rename: frozenset[int] = frozenset()):
        self.rename = rename
        self.keys: list[int] = []
        self.collector = collector
        self.name = name
        self.shape = shape
        self.header = header
        self.repair = repair
        self.partial = partial
        self.last_id: Any = None
        self.count = 0

    def run(self, open_stream: Callable[[], IO[bytes]]) -> None:
        collector = self.collector
        with open_stream() as raw:
            reader = _Reader(raw, repair=self.repair, name=self.name, rename=self.rename)
            try:
                if self.shape == "account":
                    chats = _Chats()
                    events = _account_events(ijson.parse(reader, buf_size=_CHUNK), chats)
                    messages = ijson.items(events, "chats.list.item.messages.item")
                    current = 0
                    for message in messages:
                        if chats.number != current:
                            current = chats.number
                            key = chats.header.get("id") or chats.header.get("name") or current
                            collector.begin_chat(("json", key))
                            if _is_personal(chats.header):
                                collector.names_seen.update(_strings(chats.header.get("name")))
                        self._message(message, f"{self.name}:chat {current}",
                                      (chats.header.get("name"),))
                else:
                    prefix = "item" if self.shape == "list" else "messages.item"
                    key = self.header.get("id") or self.header.get("name") or self.name
                    collector.begin_chat(("json", key))
                    chat_names = (_text_or_none(self.header.get("name")),)
                    if _is_personal(self.header):
                        collector.names_seen.update(_strings(self.header.get("name")))
                    source = self.name
                    for message in ijson.items(reader, prefix, buf_size=_CHUNK):
                        self._message(message, source, chat_names)
            except FairnessError:
                raise  # a cap reached, a slow pattern: already the user's one line
            except (ijson.JSONError, UnicodeDecodeError, ValueError) as exc:
                self._failed(exc, reader)
            self.keys = reader.keys
            if self.count == 0 and self.shape in ("unknown",):
                raise DataError(Message("error.json_not_export"), source=self.name)
            if reader.replaced or reader.escaped or reader.bad_utf8:
                collector.notes.append(note("repaired", source=self.name,
                                            controls=reader.replaced + reader.escaped,
                                            bad=reader.bad_utf8))

    def _failed(self, exc: Exception, reader: _Reader) -> None:
        problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if isinstance(exc, bytes):  # pragma: no cover
            problem = exc.decode("utf-8", "replace")
        if problem.startswith("b'") or problem.startswith('b"'):
            problem = problem[2:]
        after_message = (Message("where.after_message", id=_item_text(self.last_id))
                         if self.last_id is not None else Message("where.before_first_message"))
        truncated = "premature EOF" in problem or "Incomplete" in problem or (
            "EOF" in problem.upper() and "unexpected" in problem.lower())
        if truncated:
            if self.partial:
                self.collector.read += 1
                self.collector.reject(self.name, reason("truncated_after",
                                                        id=_item_text(self.last_id))
                                      if self.last_id is not None
                                      else reason("truncated_start"), "")
                self.collector.notes.append(
                    note("truncated_after", source=self.name, id=self.last_id,
                         count=self.count) if self.last_id is not None else
                    note("truncated_start", source=self.name, count=self.count))
                return
            raise DataError(Message("error.json_truncated", after=after_message,
                                    count=self.count), source=self.name) from None
        if not self.repair and ("invalid char" in problem or "invalid bytes in UTF8" in problem
                                or "UTF" in problem or "control" in problem):
            raise _Retry from None
        # ijson's message quotes the bytes near the error (a stranger's data): keep only its
        # kind, before the first colon or quote
        kind = problem.split(":")[0].split("'")[0].split('"')[0].strip(" .") or "syntax error"
        # no byte position: the reader's is rounded to its 64 KB chunk; the message id is exact
        raise DataError(Message("error.json_syntax", after=after_message, problem=kind[:60]),
                        source=self.name) from None

    def _message(self, message: Any, source: str, chat_names: tuple) -> None:
        collector = self.collector
        self.count += 1
        if type(message) is not dict:
            collector.read += 1
            collector.reject(source, reason("not_message"), "")
            return
        msg_id = message.get("id")
        self.last_id = msg_id
        sender_name = message.get("from")
        names_seen = collector.names_seen
        if type(sender_name) is str:
            names_seen.add(sender_name)
        # a channel post's signature, and who saved or sent it via a bot, are names too (most
        # messages have none of these keys: nothing more is done for them)
        for key in _MORE_NAMES:
            value = message.get(key)
            if value is not None:
                names_seen.update(_strings(value))
        if message.get("type") != "message":
            collector.chatter()  # service messages
            for key in _SERVICE_NAMES:
                value = message.get(key)
                if value is not None:
                    names_seen.update(_strings(value))
            return
        text = message.get("text")
        if type(text) is not str or not text:
            text = _text_of(message)
        poll = message.get("poll")
        if type(poll) is not dict and (not text or collector.is_chatter(text)):
            collector.chatter()
            return
        forwarded = message.get("forwarded_from", _ABSENT)
        if type(forwarded) is str:
            collector.names_seen.add(forwarded)
        if forwarded is None:
            forwarded = "(hidden)"  # forwarded from an account that hides its name
        elif forwarded is _ABSENT:
            forwarded = None
        collector.message(
            source,
            msg_id,
            text,
            sender=message.get("from_id"),
            sender_name=sender_name,
            unixtime=message.get("date_unixtime"),
            date=message.get("date"),
            forwarded_from=forwarded if isinstance(forwarded, str) else None,
            forwarded_id=message.get("forwarded_from_id"),
            reply_to=message.get("reply_to_message_id"),
            poll=poll if type(poll) is dict else None,
            names=lambda: (*chat_names, message.get("actor"), message.get("saved_from"),
                           message.get("forwarded_from"), message.get("via_bot")),
        )


def _item_text(value: Any) -> str:
    """A message id as shown in a message: a number, or '?' for anything else."""
    return str(value) if type(value) is int and abs(value) < 10**18 else "?"


def open_path(path: Path) -> Callable[[], IO[bytes]]:
    return lambda: open(path, "rb")


def _is_personal(header) -> bool:
    """A one-to-one chat is named after the other person; a group's title is no personal data
    (masking its words would hide ordinary words such as "колесо" in every excerpt)."""
    kind = str(header.get("type") or "")
    return kind in ("", "personal_chat", "bot_chat", "saved_messages") or "personal" in kind
