"""Ingestion: turn what communities actually collect into :class:`~fairness.evidence.Evidence`.

Entry point: :func:`ingest`. It reads one file or several (a Telegram Desktop JSON or HTML
export, a folder or zip of HTML pages, a CSV/TSV/Excel/Parquet table, a text file with a
summary "1% — 340, 3% — 52") and merges them into one Evidence in which every item read is
accounted for::

    summary["read"] == summary["used"] + summary["rejected"] + summary["not_a_report"]

The same person gets the same pseudonym in every file of one call (one keyed hash), and the same
message seen in two overlapping exports, or forwarded again, counts once: the later copies are
``rejected`` with reason ``"duplicate"`` (see :mod:`fairness.reading._collect`).

This package is the one reader of the library: :func:`detect_format` and
:mod:`~fairness.reading.sniff` (bytes -> kind of file, encoding, separator), then
:mod:`~fairness.reading.tables` (with its stages ``grid``, ``header``, ``cells``, ``build`` and
the columnar ``fastcsv``), :mod:`~fairness.reading.tallies`, :mod:`~fairness.reading.
telegram_json` and :mod:`~fairness.reading.telegram_html`.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from pandas.api.types import union_categoricals

from fairness.errors import DataError, Message
from fairness.evidence import Evidence
from fairness.reading._collect import Collector, reason_key
from fairness.reading.extract import Extractor
from fairness.reading.privacy import Pseudonymizer
from fairness.reading.sniff import PARQUET, ZIP, decode, unmarked_utf16, what_binary
from fairness.spec import Game

__all__ = ["DataError", "Ingested", "detect_format", "ingest", "merge_evidence"]

#: The name issue 3 gives the result of :func:`ingest`; it is an :class:`Evidence`.
Ingested = Evidence

_TABLE_EXTENSIONS = {".csv", ".tsv", ".tab", ".xlsx", ".xlsm", ".xls", ".parquet", ".pq"}
_HEAD = 8192


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(_HEAD)
    except PermissionError:
        raise DataError(Message("error.permission_denied"), source=path.name) from None
    except OSError:
        raise DataError(Message("error.cannot_read_file"), source=path.name) from None


def _text_start(head: bytes) -> bytes:
    return head.removeprefix(b"\xef\xbb\xbf").lstrip()


def detect_format(path: str | Path) -> str:
    """What a file or folder holds: ``"telegram_json"``, ``"telegram_html"``, ``"table"`` or
    ``"tallies"``, decided by content first and extension second.

    Raises
    ------
    DataError
        Missing, empty, binary or unknown files.
    """
    path = Path(path)
    if not path.exists():
        raise DataError(Message("error.file_not_found"), source=str(path))
    if path.is_dir():
        from fairness.reading.telegram_html import html_members

        names = [str(p.relative_to(path)) for p in path.rglob("*") if p.is_file()]
        if html_members(names):
            return "telegram_html"
        if (path / "result.json").is_file():
            return "telegram_json"
        raise DataError(Message("error.no_export_in_folder"), source=str(path))
    head = _head(path)
    suffix = path.suffix.lower()
    if not head.strip():
        raise DataError(Message("error.empty_file"), source=path.name)
    if head.startswith(ZIP):
        if suffix in (".xlsx", ".xlsm"):
            return "table"
        return "zip"
    if head.startswith(PARQUET):
        return "table"
    what = what_binary(head)
    if what is not None and suffix != ".xls":
        raise DataError(Message("error.binary_kind_not_data", kind=what), source=path.name)
    if suffix in (".xlsx", ".xlsm", ".xls", ".parquet", ".pq"):
        return "table"
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff")) or unmarked_utf16(head) is not None
    if b"\x00" in head and not utf16:
        raise DataError(Message("error.binary_not_data"), source=path.name,
                        where=Message("where.byte", byte=head.index(b"\x00")))
    start = _text_start(head)
    if start[:1] in (b"{", b"["):
        return "telegram_json"
    lowered = start[:200].lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or (
        suffix in (".html", ".htm") and start[:1] == b"<"
    ):
        return "telegram_html"
    if suffix == ".json":
        raise DataError(Message("error.not_json"), source=path.name,
                        where=Message("where.line", line=1))
    if suffix in (".html", ".htm"):
        raise DataError(Message("error.not_html"), source=path.name,
                        where=Message("where.line", line=1))
    if suffix in (".csv", ".tsv", ".tab"):
        return "table"
    if suffix in (".txt", ".text", ""):
        return "tallies_or_table"
    raise DataError(Message("error.unknown_format", suffix=suffix), source=path.name)


def _zip_kind(path: Path) -> tuple[str, str | None]:
    from fairness.reading.telegram_html import html_members

    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError):
        raise DataError(Message("error.zip_unreadable"), source=path.name) from None
    if html_members(names):
        return "telegram_html", None
    jsons = sorted((n for n in names if n.lower().endswith(".json")),
                   key=lambda n: (not n.lower().endswith("result.json"), n.count("/"), n))
    if jsons:
        return "telegram_json", jsons[0]
    raise DataError(Message("error.no_export_in_zip"), source=path.name)


def merge_evidence(parts: Sequence[Evidence], game: Game) -> Evidence:
    """One Evidence from several: tables concatenated, summary counts summed."""
    if len(parts) == 1:
        return parts[0]
    spins = pd.concat([p.spins for p in parts], ignore_index=True)
    for column in ("reporter", "segment", "source"):
        columns = [p.spins[column] for p in parts]
        if all(isinstance(c.dtype, pd.CategoricalDtype) for c in columns):
            # concat makes objects of categoricals that differ; big logs stay categorical
            # (categories as objects: an all-missing column has no str categories to match)
            columns = [c.cat.rename_categories(c.cat.categories.astype(object)) for c in columns]
            spins[column] = union_categoricals(columns, sort_categories=True)
    tallies = pd.concat([p.tallies for p in parts], ignore_index=True)
    rejected = pd.concat([p.rejected for p in parts], ignore_index=True)
    summary: dict[str, Any] = {}
    by_reason: dict[str, int] = {}
    notes: list[str] = []
    for part in parts:
        for key, value in part.summary.items():
            if key == "rejected_by_reason":
                continue
            if key == "unknown_labels":
                merged = summary.setdefault("unknown_labels", {})
                for label, n in value.items():
                    merged[label] = merged.get(label, 0) + int(n)
                continue
            if key == "notes":
                notes.extend(value)
            elif key == "missed_sample":
                sample = summary.setdefault("missed_sample", [])
                sample.extend(value[: max(0, 10 - len(sample))])
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                summary[key] = summary.get(key, 0) + value
        reasons = part.summary.get("rejected_by_reason")
        if reasons is None:
            reasons = {}
            for reason in part.rejected["reason"].astype(str):
                reasons[reason_key(reason)] = reasons.get(reason_key(reason), 0) + 1
        for key, value in reasons.items():
            by_reason[key] = by_reason.get(key, 0) + int(value)
    summary["rejected_by_reason"] = by_reason
    summary["notes"] = notes
    # seq is recomputed over the merged spins (same pseudonyms across files).
    spins["seq"] = pd.NA
    return Evidence(labels=game.labels, spins=spins, tallies=tallies, rejected=rejected,
                    summary=summary,
                    source=", ".join(str(p.source) for p in parts if p.source))


def _with_reasons(evidence: Evidence) -> Evidence:
    if "rejected_by_reason" in evidence.summary:
        return evidence
    reasons: dict[str, int] = {}
    for reason in evidence.rejected["reason"].astype(str):
        reasons[reason_key(reason)] = reasons.get(reason_key(reason), 0) + 1
    summary = {**evidence.summary, "rejected_by_reason": reasons}
    return Evidence(labels=evidence.labels, spins=evidence.spins, tallies=evidence.tallies,
                    rejected=evidence.rejected, summary=summary, source=evidence.source)


def ingest(
    path_or_paths: str | Path | Iterable[str | Path],
    game: Game,
    *,
    secret: bytes | str | None = None,
    trigger: str | Sequence[str] | bool | None = None,
    columns: Mapping[str, str] | None = None,
    patterns: Mapping[str, str | Sequence[str]] | None = None,
    encoding: str | None = None,
    timezone: str | None = None,
    partial: bool = False,
    summaries: bool = True,
    sep: str | None = None,
    form: str = "auto",
) -> Evidence:
    """Read spins, tallies and polls from files into one :class:`Evidence` for ``game``.

    Parameters
    ----------
    path_or_paths : path or iterable of paths
        Files or folders: Telegram Desktop JSON (``result.json``, single chat or full account),
        HTML (``messages*.html``, a folder of them or a .zip), tables (.csv, .tsv, .txt, .xlsx,
        .parquet; long or tally form) and text summaries ("1% — 340"). The kind is sniffed from
        the content, then the extension.
    game : Game
        The game whose outcomes are recognised.
    secret : bytes or str, optional
        Key of the reporter pseudonyms; the same secret gives the same pseudonyms in a later run.
        Default: a random key (pseudonyms cannot be linked to other datasets).
    trigger : str, sequence of str or False, optional
        Words that mark a message as a spin report (see :class:`~fairness.reading.extract.
        Extractor`); default the game's ``trigger`` or the built-in list; ``False``: every
        message that names an outcome.
    columns : mapping, optional
        Explicit column mapping for tables (``{"outcome": "Приз", "reported_at": "Дата"}``).
    patterns : mapping of label -> regex or list of regexes, optional
        Patterns that replace an outcome's recognisers in message texts.
    encoding : str, optional
        Text encoding of tables and summaries (e.g. ``"cp1251"``) instead of detecting it
        (:func:`fairness.reading.sniff.decode`).
    timezone : str, optional
        IANA name for times written without an offset (Telegram's ``date``, HTML titles without
        ``UTC+hh:mm``); default UTC.
    partial : bool
        Keep what was read from a truncated JSON export (the tail is one rejected item).
    summaries : bool
        Read summaries posted in chats ("итого: 1% — 340") as tallies (default True).
    sep : str, optional
        Field separator of tables; sniffed by default.
    form : {"auto", "long", "tally"}
        Tables: one row per spin, or outcome and count per row; ``"auto"`` decides by the
        columns.

    Returns
    -------
    Evidence
        (also available as ``Ingested``) with ``spins``, ``tallies``, ``rejected`` (each with
        the provenance columns ``source``, the file's display name — a chat's in a full
        account export —, and ``item``, the line, sheet row or message id), reporters as
        pseudonyms (``r-`` and 16 hex digits) in every path, and a
        ``summary`` holding ``read``, ``used``, ``rejected``, ``not_a_report``, ``spins``,
        ``tally_spins``, ``rejected_by_reason``, ``duplicates``, ``naive_times``,
        ``poll_votes_unmatched`` and ``notes`` (repairs made to broken files).

    Raises
    ------
    ValueError
        An unknown ``encoding``, ``timezone`` or ``form``; no paths.
    DataError
        A missing, empty, binary, truncated or unknown file, or bytes that are not valid in
        the ``encoding`` given (one line: file, place, problem).
    """
    if not isinstance(game, Game):
        raise TypeError(f"game must be a fairness.spec.Game, not {type(game).__name__}")
    if isinstance(path_or_paths, (str, Path)):
        paths = [Path(path_or_paths)]
    else:
        paths = [Path(p) for p in path_or_paths]
    if not paths:
        raise ValueError("path_or_paths: no files given")

    pseudonymize = Pseudonymizer(secret)
    extractor = Extractor(game, trigger=trigger, patterns=patterns)
    tally_extractor = Extractor(game, trigger=False, patterns=patterns)
    collector = Collector(game, extractor, pseudonymize, timezone=timezone,
                          summaries=summaries)
    others: list[Evidence] = []
    chat_sources: list[str] = []
    for path in paths:
        kind = detect_format(path)
        member = None
        if kind == "zip":
            kind, member = _zip_kind(path)
        if kind == "telegram_json":
            from fairness.reading.telegram_json import read_telegram_json

            if path.is_dir():
                path = path / "result.json"
            if member is not None:
                archive_path, member_name = path, member

                def opener(archive_path=archive_path, member_name=member_name):
                    archive = zipfile.ZipFile(archive_path)
                    return _ZipMember(archive, member_name)

                name = f"{path.name}/{member}"
            else:

                def opener(path=path):
                    return open(path, "rb")

                name = path.name
            read_telegram_json(opener, name, collector, partial=bool(partial))
            chat_sources.append(name)
        elif kind == "telegram_html":
            from fairness.reading.telegram_html import read_telegram_html

            read_telegram_html(path, collector)
            chat_sources.append(path.name)
        elif kind == "tallies_or_table" and _is_tally_file(path, tally_extractor,
                                                           encoding):
            from fairness.reading.tallies import read_tallies

            others.append(read_tallies(path, game, extractor=tally_extractor,
                                       encoding=encoding))
        else:
            from fairness.reading.tables import read_table

            others.append(_with_reasons(read_table(
                path, game, columns=columns, pseudonymize=pseudonymize,
                encoding=encoding, sep=sep,
                form=form,
            )))
    parts = []
    if chat_sources:
        parts.append(collector.finish(source=", ".join(chat_sources)))
    parts.extend(others)
    return merge_evidence(parts, game)


class _ZipMember:
    """A zip member opened for reading that also closes its archive."""

    def __init__(self, archive: zipfile.ZipFile, name: str):
        self._archive = archive
        self._stream = archive.open(name)

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(size)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._stream.close()
        self._archive.close()


def _is_tally_file(path: Path, extractor: Extractor, encoding: str | None) -> bool:
    """A .txt file is a summary when most of its lines read as "label — count"."""
    from fairness.reading.tallies import looks_like_tally

    with open(path, "rb") as handle:
        raw = handle.read(1 << 20)  # the head is enough, and a big log is not read twice
    if len(raw) == 1 << 20:
        raw = raw[: raw.rfind(b"\n") + 1] or raw
    text, _ = decode(raw, path.name, encoding)
    return looks_like_tally(text, extractor, minimum=1)

