"""Bytes -> what they are: the kind of file, the text encoding, the field separator.

Every reader of :mod:`fairness.reading` starts here, so that one table of file signatures
(:data:`MAGIC`) and one decoder (:func:`decode`) decide for all of them.

Decoding
--------
UTF-8 (with or without a byte-order mark) and UTF-16 (with a mark, or without one when every
other byte is NUL) are recognised by their structure. Anything else is single-byte text, in
practice Russian: cp1251 (Windows, Excel's "CSV" on a Russian system — the most common file),
KOI8-R, cp866 (DOS) or mac_cyrillic. These code pages put the same 66 letters at different
byte values, so every byte string decodes in each of them; :func:`decode` keeps the decoding
that reads most like Russian text (:func:`russian_score`):

- each non-ASCII character scores the log of its probability under a unigram model of Russian
  letters (published letter frequencies, :data:`LETTER_FREQUENCY`), the few punctuation marks
  that Russian tables use (« » — – № ₽ … “ ” „ no-break space) a small fixed probability, and
  anything else (box drawing, Serbian letters, Latin-1 symbols) a tiny one;
- a change from lower to upper case inside a word ("пОЛЬЗОВАТЕЛЬ", which KOI8-R read as
  cp1251 gives) costs as much as an unexpected character, and a capital letter standing
  alone ("1% Ч 340", a cp1251 dash read as mac_cyrillic) costs log(0.01).

ASCII bytes read the same in every candidate and do not count. Why this works on short and
upper-case files: the candidates differ in *which* letter a byte is, and Russian letter
frequencies differ by two orders of magnitude (о 11 %, ф 0.3 %), so a few dozen letters
suffice — the header ``ДАТА;ПОЛЬЗОВАТЕЛЬ;РЕЗУЛЬТАТ`` alone separates cp1251 from KOI8-R by over
30 nats. charset-normalizer, used before, picks mac_cyrillic for cp1251 files whose upper-case
letters are few (mac_cyrillic and cp1251 agree on most lower-case letters).
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
from pathlib import Path

from fairness.errors import DataError, Message

__all__ = ["LETTER_FREQUENCY", "MAGIC", "SEPARATORS", "decode", "looks_binary",
           "read_input_bytes", "russian_score", "sniff_sep", "unmarked_utf16", "what_binary"]

#: File signatures of things that are not data files, and what to call them in a message.
#: (ZIP and Parquet are data containers and are recognised by their readers.)
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF8", "gif"),
    (b"%PDF", "pdf"),
    (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!", "rar"),
    (b"\x7fELF", "program"),
    (b"MZ", "windows_program"),
    (b"SQLite format 3\x00", "sqlite"),
    (b"\xd0\xcf\x11\xe0", "old_office"),
    (b"RIFF", "media"),
    (b"OggS", "media"),
    (b"ID3", "audio"),
)
ZIP = (b"PK\x03\x04", b"PK\x05\x06")
PARQUET = b"PAR1"
SEPARATORS = (",", ";", "\t", "|")
SNIFF_CHARS = 64_000

#: Relative frequency (percent) of the letters of Russian text, lower case; the table of
#: Wikipedia's "Русский алфавит" / "Частотность" articles, computed on the Russian National
#: Corpus (about 40 million words). ё is counted apart from е.
LETTER_FREQUENCY: dict[str, float] = {
    "о": 10.97, "е": 8.45, "а": 8.01, "и": 7.35, "н": 6.70, "т": 6.26, "с": 5.47, "р": 4.73,
    "в": 4.54, "л": 4.40, "к": 3.49, "м": 3.21, "д": 2.98, "п": 2.81, "у": 2.62, "я": 2.01,
    "ы": 1.90, "ь": 1.74, "г": 1.70, "з": 1.65, "б": 1.59, "ч": 1.44, "й": 1.21, "х": 0.97,
    "ж": 0.94, "ш": 0.73, "ю": 0.64, "ц": 0.48, "щ": 0.36, "э": 0.32, "ф": 0.26, "ъ": 0.04,
    "ё": 0.04,
}
# Share of non-ASCII characters that are Russian letters, the expected punctuation, other.
_LETTER_SHARE, _PUNCT_SHARE, _OTHER_P = 0.97, 0.03, 1e-6
_PUNCTUATION = "«»—–№₽…“”„’\u00a0\u202f°"
_LOG_P: dict[str, float] = {}
for _letter, _percent in LETTER_FREQUENCY.items():
    _LOG_P[_letter] = _LOG_P[_letter.upper()] = math.log(_LETTER_SHARE * _percent / 100)
for _mark in _PUNCTUATION:
    _LOG_P[_mark] = math.log(_PUNCT_SHARE / len(_PUNCTUATION))
_LOG_OTHER = math.log(_OTHER_P)
_CASE_CHANGE = _LOG_OTHER  # "пОЛЬЗОВАТЕЛЬ" costs as much as a stray symbol
_CASE_CHANGE_RE = re.compile(r"[а-яё][А-ЯЁ]")
# A capital standing alone ("1% Ч 340": a dash of cp1251 read as mac_cyrillic) is rare in
# Russian, where one-letter words are lower-case prepositions and conjunctions.
_LONE_CAPITAL = math.log(0.01)
_LONE_CAPITAL_RE = re.compile(r"(?<![^\W\d_])[А-ЯЁ](?![^\W\d_])")
#: Single-byte code pages tried, in order of preference on a tie.
CODEPAGES = ("cp1251", "koi8_r", "cp866", "mac_cyrillic")
_SCORE_BYTES = 200_000


def read_input_bytes(path: Path, name: str) -> bytes:
    """The bytes of an input file, or a one-line DataError (missing, a folder, unreadable, or
    empty apart from whitespace, byte-order marks and NULs). Shared by every file reader."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(Message("error.file_not_found"), source=name) from None
    except IsADirectoryError:
        raise DataError(Message("error.is_folder"), source=name) from None
    except PermissionError:
        raise DataError(Message("error.permission_denied"), source=name) from None
    except OSError:
        raise DataError(Message("error.cannot_read_file"), source=name) from None
    if not raw.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise DataError(Message("error.empty_file"), source=name)
    return raw


def what_binary(head: bytes) -> Message | None:
    """What a file that starts with ``head`` is (a ``kind.*`` message: "a PNG image"), when its
    signature is in :data:`MAGIC`."""
    for magic, what in MAGIC:
        if head.startswith(magic):
            return Message(f"kind.{what}")
    return None


def russian_score(text: str) -> float:
    """Log-likelihood of the non-ASCII characters of ``text`` as Russian (higher: more likely).

    See the module docstring for the model; the value is only meaningful to compare decodings
    of the same bytes (they have the same ASCII characters and the same length).
    """
    score = 0.0
    log_p = _LOG_P
    for char in text:
        if char >= "\x80":
            score += log_p.get(char, _LOG_OTHER)
    return (score + _CASE_CHANGE * len(_CASE_CHANGE_RE.findall(text))
            + _LONE_CAPITAL * len(_LONE_CAPITAL_RE.findall(text)))


def _check_encoding(encoding: str) -> str:
    if not isinstance(encoding, str):
        raise TypeError(f"encoding must be a str such as 'cp1251', not {type(encoding).__name__}")
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise ValueError(f"encoding: unknown encoding {encoding!r}") from None


def decode(raw: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding used) of the bytes of a text file.

    Parameters
    ----------
    raw : bytes
        The whole file.
    name : str
        The file's display name, for messages.
    encoding : str, optional
        The encoding to use instead of detecting one (a byte-order mark is dropped).

    Raises
    ------
    ValueError
        ``encoding`` is not an encoding Python knows.
    DataError
        The bytes are not valid in the given encoding (naming the line), or the file is binary.
    """
    if encoding is not None:
        encoding = _check_encoding(encoding)
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise DataError(Message("error.not_encoding", encoding=encoding,
                                    byte=f"0x{raw[exc.start]:02x}"), source=name,
                            where=Message("where.line", line=line)) from None
        if "\x00" in text[:4096]:  # e.g. a UTF-16 file read as a single-byte code page
            raise DataError(Message("error.not_encoding_nul", encoding=encoding), source=name)
        return text.removeprefix("\ufeff"), encoding
    if raw.startswith(codecs.BOM_UTF8):
        try:
            return raw[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            line = raw[: exc.start + 3].count(b"\n") + 1
            raise DataError(Message("error.bad_utf8_mark"), source=name,
                            where=Message("where.line", line=line)) from None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise DataError(Message("error.bad_utf16_mark"), source=name) from None
    sample = raw[:8192]
    if b"\x00" in sample:
        guess = unmarked_utf16(sample)
        if guess is not None:
            try:
                return raw.decode(guess), guess
            except UnicodeDecodeError:
                pass
        raise DataError(Message("error.binary_not_text"), source=name)
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decode_single_byte(raw)


def unmarked_utf16(head: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when ``head`` looks like UTF-16 without a byte-order mark
    (ASCII characters give a NUL in every other byte), else None."""
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = max(len(head) // 2, 1)
    if len(head) < 32:  # too short to tell from binary
        return None
    return ("utf-16-le" if odd >= 0.3 * half and even <= 0.05 * half else
            "utf-16-be" if even >= 0.3 * half and odd <= 0.05 * half else None)


def _decode_single_byte(raw: bytes) -> tuple[str, str]:
    """The Cyrillic code page under which ``raw`` reads most like Russian."""
    sample = raw[:_SCORE_BYTES]
    if len(raw) > _SCORE_BYTES:
        sample = sample[: sample.rfind(b"\n") + 1] or sample
    best = max(CODEPAGES, key=lambda page: (russian_score(sample.decode(page, "replace")),
                                            -CODEPAGES.index(page)))
    return raw.decode(best, "replace"), best


_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")  # not \t \n \v \f \r


def looks_binary(text: str) -> bool:
    """Whether decoded text holds NULs or more than 1 % control characters."""
    sample = text[:SNIFF_CHARS]
    control = len(_CONTROL.findall(sample))
    return "\x00" in sample or control > max(2, 0.01 * len(sample))


def sniff_sep(text: str) -> str:
    """The separator most lines agree on: the one whose commonest field count (> 1) covers the
    largest share of the sampled lines; a tie goes to more fields. Quoted fields are parsed
    as CSV, so a separator inside quotes does not count. A text with one column gets a
    separator that never occurs in it, so "0,5%" stays one cell."""
    import numpy as np

    sample = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS:
        sample = sample[: sample.rfind("\n") + 1] or sample  # drop a cut last line
    best: tuple[float, int, int] | None = None
    chosen = next((c for c in SEPARATORS if c not in text), "\x1f")
    for rank, candidate in enumerate(SEPARATORS):
        if candidate not in sample:
            continue
        try:
            counts = [len(row) for row in csv.reader(io.StringIO(sample, newline=""),
                                                     delimiter=candidate)
                      if len(row) > 1 or (row and row[0].strip())]
        except csv.Error:
            continue
        if not counts:
            continue
        values, freq = np.unique(counts, return_counts=True)
        mode = int(values[np.argmax(freq)])
        if mode < 2:
            continue
        score = (float(freq.max()) / len(counts), mode, -rank)
        if best is None or score > best:
            best, chosen = score, candidate
    return chosen
