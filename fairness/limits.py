"""Caps on what one upload may cost: every input finishes in bounded time and memory.

The app may be hosted for a whole community and reads files strangers upload, so each cost that
grows with something a file controls (its unpacked size, its nesting, the length of a string, the
number of outcomes, a typed pattern) has a cap here. A cap that is reached is a
:class:`~fairness.errors.DataError` (or :class:`~fairness.errors.SpecError`) naming the file, the
place and the limit; an over-long *item* (one message, one cell) is rejected with a reason
instead, so the rest of the file is still read and the accounting still adds up.

The caps are far above what real inputs reach (the reasons are in each field's docstring);
:data:`LIMITS` holds the defaults. ``benchmarks/bench_hostile.py`` measures the cost of the
largest inputs each cap lets through.
"""

from __future__ import annotations

import math
import zipfile
from dataclasses import dataclass

from fairness.errors import DataError, Message

__all__ = ["LIMITS", "Limits", "ZipGuard", "check_count", "check_epoch", "json_depth_scanner"]


@dataclass(frozen=True)
class Limits:
    """The caps of one ingest (defaults in :data:`LIMITS`)."""

    archive_bytes: int = 1 << 30
    """Uncompressed bytes read from one zip archive (all members together): 1 GiB. Telegram
    Desktop splits HTML exports into pages of 1,000 messages (about 0.5 MB each), so 1 GiB is
    some two million messages; a zip bomb (1 MB that unpacks to 1 GB) stops here."""

    archive_ratio: int = 100
    """Largest ratio of unpacked to packed size of a member over 10 MB. HTML and JSON exports
    compress 5-20x with deflate; a ratio of 100 is only reached by repeated bytes (a bomb). The
    bytes read before the cap stops a bomb grow with it (a 2 GB JSON bomb of 2 MB: 200 MB read,
    twice, in 28 s at a ratio of 200)."""

    json_depth: int = 200
    """Nesting depth of JSON arrays and objects. A Telegram export nests 7 levels
    (``chats.list[].messages[].text[]``); the streaming parser keeps every open level's path,
    so cost grows with the square of the depth (40,000 levels took 3.9 GB)."""

    json_string_bytes: int = 1 << 20
    """Bytes of one JSON string: 1 MiB. A Telegram message is at most 4,096 characters (16 KB
    of UTF-8); the streaming parser copies a string that spans its read chunks again for every
    chunk, so an 8 MB string cost 40 s."""

    html_page_bytes: int = 64 << 20
    """Bytes of one HTML page of an export: 64 MiB. Telegram writes pages of 1,000 messages
    (about 0.5 MB); a page is parsed whole, at some ten times its size in memory."""

    columns: int = 1_000
    """Columns of a table. Spins tables have a handful; header detection looks at every column
    of the first rows, so 20,000 columns took 55 s."""

    html_depth: int = 64
    """Nesting depth of HTML elements (``div.message`` inside ``div.message``). A Telegram page
    nests about 12 levels; selecting inside each of n nested messages costs time in n squared
    (2,000 nested messages took 35 s, 500 took 7 s per 200 messages)."""

    text_chars: int = 20_000
    """Characters of one message or cell read as a report. Telegram caps a message at 4,096
    characters (a caption at 1,024; Premium 4,096 as well); a longer one is no hand-written
    report, and scanning 4 MB of text for outcomes took 10 s. Longer items are rejected with
    reason ``too long``."""

    tally_bytes: int = 256 << 10
    """Bytes of a pasted summary text file ("1% — 340" lines): 256 KiB, some 30,000 lines
    (read in about 2 s), while a real summary is a few dozen lines and a year of daily ones a
    few thousand (a 100 MB file passed 6 GB)."""

    count: int = 10**12
    """A count of spins in a tally, a poll or a table (and a game's prize count): a trillion.
    No community collects more, sums stay exact in float64 (2**53) and int64, and larger
    numbers are typing errors or attacks."""

    outcomes: int = 1_000
    """Outcomes of a game. Real wheels and loot boxes have 3-100; tests that simulate the
    multinomial cost memory in proportion to the outcomes (10,000 outcomes took 3.6 GB)."""

    pattern_chars: int = 2_000
    """Characters of one outcome pattern typed by a user."""

    pattern_seconds: float = 0.05
    """Time one user pattern may take on one message (the ``regex`` engine's timeout). A real
    pattern takes microseconds; ``(a+)+b`` on 36 letters would take hours (catastrophic
    backtracking)."""

    epoch_min: int = 0
    """Earliest time read as a spin's: 1970-01-01 UTC. An earlier (negative) Unix time is no
    time a chat client writes; it is rejected as an implausible date, not silently dropped."""

    epoch_max: int = 4_102_444_800
    """Latest plausible time of a spin: 2100-01-01 UTC. A time in milliseconds
    (1772359200000) would be the year 58133."""


LIMITS = Limits()


def check_count(value: object, *, limit: int | None = None) -> int | None:
    """``value`` as a count in ``[0, limits.count]``, or None when it is none (negative, too big,
    not a whole number). Reads ints and integral floats; never raises."""
    top = LIMITS.count if limit is None else limit
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not math.isfinite(value) or value != int(value):
            return None
        value = int(value)
    if not isinstance(value, int):
        try:
            value = int(str(value).strip())
        except (TypeError, ValueError):
            return None
    return value if 0 <= value <= top else None


def check_epoch(seconds: object) -> int | None:
    """``seconds`` (a Unix time) when it is a plausible time of a spin, else None."""
    if isinstance(seconds, bool):
        return None
    if isinstance(seconds, float):
        if not math.isfinite(seconds):
            return None
        seconds = int(seconds)
    if not isinstance(seconds, int):
        return None
    return seconds if LIMITS.epoch_min <= seconds <= LIMITS.epoch_max else None


# -- JSON nesting ----------------------------------------------------------------------------

_BRACKETS = bytes.maketrans(b"[]{}", b"()()")
# every byte but quotes and brackets: deleted first, so that splitting at the quotes makes
# empty (shared) pieces instead of a copy of every string of the chunk
_NOT_STRUCTURE = bytes(sorted(set(range(256)) - set(b'"[]{}')))


class json_depth_scanner:
    """Follows the nesting depth of a JSON byte stream chunk by chunk, at C speed.

    Strings are cut out by splitting at quotes (escaped quotes and backslashes removed first, so
    quotes alternate between opening and closing; every byte but quotes and brackets deleted
    next, so the pieces are short); what is left of each chunk is its brackets.
    Balanced pairs are removed round by round (``bytes.replace``): the number of rounds is the
    nesting inside the chunk, and what remains is ``)`` * a + ``(`` * b, the change of depth.
    The peak is at most ``depth + b + rounds``: never below the true peak, and at most twice
    it, so the check is exact in what it lets through and costs about 20% of a parse.
    """

    def __init__(self, name: str, limit: int | None = None):
        self.name = name
        self.limit = LIMITS.json_depth if limit is None else limit
        self.depth = 0
        self.inside = False
        self.carry = b""
        self.position = 0
        self.string_run = 0

    def __call__(self, chunk: bytes) -> None:
        self.position += len(chunk)  # where a failure is reported: the end of this chunk
        data = self.carry + chunk
        cut = data.rstrip(b"\\")
        if len(data) - len(cut) > 64:  # a run of backslashes: JSON or not, cap the carry
            cut = data
        self.carry = data[len(cut):]
        if b"\\" in cut:
            cut = cut.replace(b"\\\\", b"").replace(b'\\"', b"")
        parts = cut.translate(None, _NOT_STRUCTURE).split(b'"')
        outside = parts[1::2] if self.inside else parts[0::2]
        if len(parts) % 2 == 0:
            self.inside = not self.inside
        brackets = b"".join(outside).translate(_BRACKETS)
        rounds = 0
        while b"()" in brackets:
            brackets = brackets.replace(b"()", b"")
            rounds += 1
            if rounds > self.limit:
                self._fail()
        closes = brackets.count(b")")
        opens = len(brackets) - closes
        end = max(self.depth - closes + opens, 0)
        if max(self.depth, end) + rounds > self.limit:
            self._fail()
        self.depth = end
        # the open string's bytes so far: all of the chunk, or what follows its last quote
        self.string_run = (self.string_run + len(cut) if len(parts) == 1
                           else len(cut) - cut.rfind(b'"') - 1) if self.inside else 0
        if self.string_run > LIMITS.json_string_bytes:
            raise DataError(Message("error.json_string_too_long",
                                    limit=LIMITS.json_string_bytes >> 10),
                            source=self.name, where=Message("where.byte", byte=self.position))

    def _fail(self) -> None:
        raise DataError(Message("error.json_too_deep", limit=self.limit), source=self.name,
                        where=Message("where.byte", byte=self.position))


# -- zip archives ----------------------------------------------------------------------------

_SUPPORTED_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2,
                      zipfile.ZIP_LZMA}


class ZipGuard:
    """Reads members of one archive within :attr:`Limits.archive_bytes` and
    :attr:`Limits.archive_ratio`, and turns encrypted, unsupported, damaged and duplicate
    members into one-line errors naming the archive and the member."""

    def __init__(self, archive: zipfile.ZipFile, name: str):
        self.archive = archive
        self.name = name
        self.total = 0

    def info(self, member: str) -> zipfile.ZipInfo:
        infos = [i for i in self.archive.infolist() if i.filename == member]
        if len(infos) > 1:
            raise DataError(Message("error.zip_duplicate", count=len(infos)), source=self.name,
                            where=member)
        info = infos[0]
        if info.flag_bits & 0x1:
            raise DataError(Message("error.zip_encrypted"), source=self.name, where=member)
        if info.compress_type not in _SUPPORTED_METHODS:
            raise DataError(Message("error.zip_method", method=info.compress_type),
                            source=self.name, where=member)
        return info

    def open(self, member: str):
        """A stream of ``member`` that stops at the caps (see :class:`_GuardedStream`)."""
        info = self.info(member)
        try:
            stream = self.archive.open(info)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError,
                ValueError) as exc:
            raise DataError(Message("error.zip_damaged", problem=type(exc).__name__),
                            source=self.name, where=member) from None
        return _GuardedStream(stream, self, info)

    def read(self, member: str, limit: int | None = None) -> bytes:
        """The whole member, refused beyond ``limit`` bytes (and the archive's caps)."""
        with self.open(member) as stream:
            parts, size = [], 0
            while chunk := stream.read(1 << 20):
                parts.append(chunk)
                size += len(chunk)
                if limit is not None and size > limit:
                    raise DataError(Message("error.page_too_big", limit=limit >> 20),
                                    source=self.name, where=member)
        return b"".join(parts)


class _GuardedStream:
    def __init__(self, stream, guard: ZipGuard, info: zipfile.ZipInfo):
        self._stream = stream
        self._guard = guard
        self._info = info
        self._read = 0

    def read(self, size: int = -1) -> bytes:
        guard, info = self._guard, self._info
        if size is None or size < 0:
            size = 1 << 20
        try:
            chunk = self._stream.read(size)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError,
                ValueError) as exc:
            raise DataError(Message("error.zip_damaged", problem=type(exc).__name__),
                            source=guard.name, where=info.filename) from None
        self._read += len(chunk)
        guard.total += len(chunk)
        if guard.total > LIMITS.archive_bytes:
            raise DataError(Message("error.zip_too_big", limit=LIMITS.archive_bytes >> 20),
                            source=guard.name, where=info.filename)
        if self._read > 10 << 20 and self._read > LIMITS.archive_ratio * max(
                info.compress_size, 1):
            raise DataError(Message("error.zip_ratio", limit=LIMITS.archive_ratio),
                            source=guard.name, where=info.filename)
        return chunk

    def close(self) -> None:
        self._stream.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
