"""From an :class:`~fairness.evidence.Evidence` to the rows a campaign stores, with the keys
that keep anything from being stored twice, and back.

This is the one module that knows how Evidence spells provenance and where the reader keeps
its pseudonyms; adapt :func:`evidence_rows`, :func:`rows_evidence` and :func:`_privacy` when
that changes.

Keys (unique within a campaign)
-------------------------------
* **Telegram** messages: ``tg:<message id>:<n>`` for the n-th spin read from the message
  (the k-th answer of a poll for its tallies). Message ids are per chat; a
  JSON export names its chat (the campaign remembers the chat id and refuses a JSON export of
  another chat), an HTML export does not, so **an HTML export of a different chat cannot be
  told apart** from the campaign's own chat: its messages whose ids are already stored are
  taken as already stored. One campaign collects one chat.
* **Table** rows: ``row:<fingerprint>:<n>``, the fingerprint an 80-bit BLAKE2b hash of the
  row's outcome, time, reporter (the pseudonym), segment and value, and ``n`` counting the
  rows with the same fingerprint within the batch. Adding the same table again, or a longer
  export that contains it, adds only rows beyond those counts. Rows that are equal in every
  column (no time, no reporter) are told apart only by how many there are: a second table
  holding the same rows as the first is taken as the same rows.
* **Tallies** from tables and pasted summaries: ``tally:<fingerprint of outcome and count>:<n>``.
* **Rejected** items: ``tg:<message id>:<n>``, or ``row:<fingerprint of reason and
  excerpt>:<n>``, so a check lists each rejected item once however often it was read.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from fairness.evidence import SPIN_COLUMNS, Evidence

__all__ = ["StoredRows", "evidence_rows", "mask_personal", "pseudonymizer", "read_rows",
           "rows_evidence", "telegram_chat_id"]

_TELEGRAM = re.compile(r"^(?P<name>.*):msg (?P<id>-?\d+)(?::spin \d+)?$")
_TELEGRAM_ANSWER = re.compile(r"^(?P<name>.*):msg (?P<id>-?\d+):(?P<answer>answer \d+)$")
_LINE = re.compile(r"^(?P<name>.*):(?P<id>\d+)$")
_TELEGRAM_PAGE = re.compile(r"\.(?:json|html?)$", re.IGNORECASE)
_SEP = "\x1f"


@dataclass(frozen=True)
class StoredRows:
    """Rows of one batch, ready to store: ``spins`` (key, outcome, reported_at in µs,
    reporter, segment, value, source, item), ``tallies`` (key, outcome, count, source, item)
    and ``rejected`` (key, source, item, reason, excerpt); ``kind`` is what the batch held."""

    spins: pd.DataFrame
    tallies: pd.DataFrame
    rejected: pd.DataFrame
    kind: str


def _split_source(sources: pd.Series, pattern: re.Pattern) -> tuple[pd.Series, pd.Series,
                                                                    pd.Series]:
    """(name, item, matched) of each ``name:id`` source."""
    array = sources.array
    source_array = _source_array()
    table = source_array is not None and isinstance(array, source_array)
    if table and pattern is _LINE:  # tables: the name and line as the reader stores them
        lines = np.asarray(array._lines)
        matched = pd.Series(lines >= 0, index=sources.index)
        name = pd.Series(np.asarray(array._names, dtype=object), index=sources.index)
        item = pd.Series(pd.array(np.where(lines >= 0, lines, 0), dtype="Int64"),
                         index=sources.index).where(matched)
        return name, item, matched
    if table and pattern is _TELEGRAM:  # a table is no chat export
        false = pd.Series(np.zeros(len(sources), dtype=bool), index=sources.index)
        return (pd.Series(np.asarray(array._names, dtype=object), index=sources.index),
                pd.Series(pd.array([pd.NA] * len(sources), dtype="Int64"), index=sources.index),
                false)
    text = sources.astype("object").where(sources.notna(), "").astype(str)
    parts = text.str.extract(pattern)
    matched = parts["id"].notna()
    name = parts["name"].where(matched, text)
    item = pd.to_numeric(parts["id"], errors="coerce").astype("Int64")
    return name, item, matched


def _source_array():
    """The reader's lazy ``file:line`` array type, while it has one (issue 13 replaces it by
    plain ``source`` and ``item`` columns)."""
    try:
        from fairness.sources import SourceArray
    except ImportError:
        return None
    return SourceArray


def _privacy():
    """The reader's privacy module (``fairness.ingest.privacy``, ``fairness.reading.privacy``
    after issue 13)."""
    try:  # the package of the reader in use: fairness.ingest until it is renamed
        from fairness.ingest import privacy
    except ImportError:
        from fairness.reading import privacy
    return privacy


def pseudonymizer(secret: bytes):
    """The reader's pseudonym function under ``secret`` (the same pseudonyms it gives)."""
    return _privacy().Pseudonymizer(secret)


def mask_personal(text: str | None) -> str | None:
    """Phone numbers, e-mails, @mentions and links masked, as the reader masks excerpts."""
    return _privacy().mask_personal(text)


def _fingerprints(columns: list) -> np.ndarray:
    """An 80-bit BLAKE2b hash (hex) of each row of the columns (missing values as "<NA>")."""
    joined = None
    for column in columns:
        values = pd.Series(column, dtype="object")
        text = values.where(values.notna(), "<NA>").astype(str)
        joined = text if joined is None else joined + _SEP + text
    return np.array([hashlib.blake2b(text.encode("utf-8"), digest_size=10).hexdigest()
                     for text in joined.tolist()], dtype=object)


def _occurrence(groups: pd.Series) -> np.ndarray:
    return (groups.groupby(groups, sort=False).cumcount() + 1).to_numpy()


def _text(column: pd.Series) -> pd.Series:
    """Text with None for missing (from categoricals, strings or objects)."""
    values = column.astype("object")
    return values.where(values.notna(), None)


def _places(frame: pd.DataFrame, kind: str) -> tuple[pd.Series, pd.Series, np.ndarray]:
    """(source name, item, is a Telegram message) of each row of a spins, tallies or rejected
    table. With ``source`` and ``item`` columns (the reader of issue 13) a row is a Telegram
    message when its source is a .json or .html page of an export; before, ``source`` is one
    text, ``name:msg ID[:spin N|:answer N]`` for messages and ``name:line`` for tables."""
    index = frame.index
    if "item" in frame.columns:
        name = frame["source"].astype("object")
        name = name.where(name.notna(), "").astype(str)
        item = pd.Series(pd.array(frame["item"], dtype="Int64"), index=index)
        telegram = (name.str.contains(_TELEGRAM_PAGE) & item.notna()).to_numpy(dtype=bool)
        return name, item, telegram
    pattern = _TELEGRAM_ANSWER if kind == "tallies" else _TELEGRAM
    name, item, telegram = _split_source(frame["source"], pattern)
    if not telegram.all():
        line_name, line_item, line = _split_source(frame["source"], _LINE)
        name = name.where(telegram, line_name)
        item = item.where(telegram, line_item.where(line))
    return name, item, telegram.to_numpy(dtype=bool)


def _keys(prefix: str, telegram: np.ndarray, item: pd.Series, columns: list) -> np.ndarray:
    """``tg:<message id>:<n>`` for messages, ``<prefix>:<fingerprint>:<n>`` for the rest."""
    keys = np.empty(len(telegram), dtype=object)
    if telegram.any():
        ids = pd.Series(item[telegram].astype("int64").astype(str).to_numpy())
        keys[telegram] = ("tg:" + ids + ":" + _occurrence(ids).astype(str)).to_numpy()
    rest = ~telegram
    if rest.any():
        prints = pd.Series(_fingerprints([np.asarray(c, dtype=object)[rest] for c in columns]))
        keys[rest] = (prefix + ":" + prints + ":" + _occurrence(prints).astype(str)).to_numpy()
    return keys


def evidence_rows(evidence: Evidence) -> StoredRows:
    """The rows of ``evidence`` to store, each with its key (see the module docstring)."""
    spins = evidence.spins
    n = len(spins)
    name, item, telegram = _places(spins, "spins")
    times = spins["reported_at"]
    if n:
        micros = times.dt.tz_convert("UTC").astype("datetime64[us, UTC]").array.asi8
        reported = pd.array(micros, dtype="Int64")
        reported[times.isna().to_numpy()] = pd.NA
    else:
        reported = pd.array([], dtype="Int64")
    outcome = spins["outcome"].astype("object").astype(str)
    reporter, segment = _text(spins["reporter"]), _text(spins["segment"])
    value = spins["value"].astype("float64")
    keys = _keys("row", telegram, item, [outcome, reported, reporter, segment, value])
    spin_rows = pd.DataFrame({
        "key": keys, "outcome": outcome.to_numpy(), "reported_at": reported,
        "reporter": reporter.to_numpy(), "segment": segment.to_numpy(),
        "value": value.to_numpy(), "source": name.to_numpy(), "item": item.array})

    tallies = evidence.tallies
    t_name, t_item, t_tg = _places(tallies, "tallies")
    t_outcome = tallies["outcome"].astype("object").astype(str)
    counts = tallies["count"].astype("int64")
    tally_rows = pd.DataFrame({"key": _keys("tally", t_tg, t_item, [t_outcome, counts]),
                               "outcome": t_outcome.to_numpy(), "count": counts.to_numpy(),
                               "source": t_name.to_numpy(), "item": t_item.array})

    rejected = evidence.rejected
    r_name, r_item, r_tg = _places(rejected, "rejected")
    reasons = rejected["reason"].astype(str)
    excerpts = _text(rejected["excerpt"])
    rejected_rows = pd.DataFrame({"key": _keys("row", r_tg, r_item, [reasons, excerpts]),
                                  "source": r_name.to_numpy(), "item": r_item.array,
                                  "reason": reasons.to_numpy(), "excerpt": excerpts.to_numpy()})
    if telegram.any() or t_tg.any():
        kind = "telegram"
    elif n:
        kind = "table"
    else:
        kind = "tallies"
    return StoredRows(spin_rows, tally_rows, rejected_rows, kind)


def read_rows(result, columns: Sequence[str], *, texts: Sequence[str] = (),
              integers: Sequence[str] = (), floats: Sequence[str] = ()) -> pd.DataFrame:
    """A DataFrame of a query's rows, read in partitions into compact columns: ``texts`` as
    categoricals, ``integers`` as nullable Int64, ``floats`` as float64 (ten million spins
    without ten million Python tuples alive at once)."""
    from pandas.api.types import union_categoricals

    parts: dict[str, list] = {c: [] for c in columns}
    for part in result.partitions(250_000):
        if not part:
            continue
        for name, column in zip(columns, zip(*part, strict=True), strict=True):
            values = np.array(column, dtype=object)
            if name in texts:
                parts[name].append(pd.Categorical(values))
            elif name in floats:
                parts[name].append(pd.to_numeric(pd.Series(values), errors="coerce")
                                   .to_numpy(dtype="float64", na_value=np.nan))
            else:
                parts[name].append(pd.array(values, dtype="Int64"))
    out = {}
    for name in columns:
        chunks = parts[name]
        if name in texts:
            out[name] = (union_categoricals(chunks) if chunks
                         else pd.Categorical([], categories=pd.Index([], dtype=object)))
        elif name in floats:
            out[name] = np.concatenate(chunks) if chunks else np.zeros(0)
        else:
            out[name] = (pd.array(np.concatenate([p.to_numpy(dtype="float64", na_value=np.nan)
                                                  for p in chunks]), dtype="Int64")
                         if chunks else pd.array([], dtype="Int64"))
    return pd.DataFrame(out)


def _provenance(frame: pd.DataFrame):
    """The Evidence's ``source`` of stored (source, item) columns: ``name:item``."""
    source = frame["source"]
    source = source if isinstance(source.dtype, pd.CategoricalDtype) else (
        pd.Categorical(source.astype("object").where(source.notna(), "")))
    if "item" in SPIN_COLUMNS:  # the reader keeps name and item apart: nothing to join
        return pd.Series(source, index=frame.index)
    SourceArray = _source_array()

    item = pd.array(frame["item"], dtype="Int64")
    lines = item.to_numpy(dtype="float64", na_value=-1).astype(np.int64)
    if len(lines) and lines.max() >= 2**31:
        text = pd.Series(np.asarray(source, dtype=object)).fillna("").astype(str)
        return np.where(lines >= 0, text + ":" + pd.Series(lines).astype(str), text)
    names = pd.Categorical(source).add_categories([""]) if "" not in pd.Categorical(
        source).categories else pd.Categorical(source)
    names = names.fillna("")
    return pd.Series(SourceArray(names, lines.astype(np.int32)), index=frame.index)


def rows_evidence(labels, spins: pd.DataFrame, tallies: pd.DataFrame,
                  rejected: pd.DataFrame, summary: dict) -> Evidence:
    """An Evidence made of stored rows (columns as :func:`evidence_rows` gives them)."""
    micros = pd.array(spins["reported_at"], dtype="Int64")
    times = pd.to_datetime(micros.to_numpy(dtype="float64", na_value=np.nan), unit="us",
                           utc=True) if len(spins) else pd.to_datetime([], utc=True)

    def text(column: pd.Series):
        if isinstance(column.dtype, pd.CategoricalDtype):
            return column.reset_index(drop=True)
        return column.to_numpy(dtype=object)

    spin_frame = pd.DataFrame({
        "outcome": text(spins["outcome"]), "reported_at": times,
        "reporter": text(spins["reporter"]), "segment": text(spins["segment"]),
        "value": pd.to_numeric(spins["value"]).to_numpy(dtype="float64"),
        "source": _provenance(spins.reset_index(drop=True))})
    tally_frame = pd.DataFrame({"outcome": tallies["outcome"].to_numpy(),
                                "count": tallies["count"].to_numpy(dtype="int64"),
                                "source": _provenance(tallies.reset_index(drop=True))})
    rejected_frame = pd.DataFrame({"source": _provenance(rejected.reset_index(drop=True)),
                                   "reason": rejected["reason"].to_numpy(),
                                   "excerpt": rejected["excerpt"].to_numpy()})
    if "item" in SPIN_COLUMNS:
        for frame, rows in ((spin_frame, spins), (tally_frame, tallies),
                            (rejected_frame, rejected)):
            frame["item"] = pd.array(rows["item"], dtype="Int64")
    return Evidence(labels=tuple(labels), spins=spin_frame, tallies=tally_frame,
                    rejected=rejected_frame, summary=summary)


def telegram_chat_id(path: str | Path) -> str | None:
    """The chat id of a Telegram Desktop JSON export of one chat (None for anything else:
    HTML exports, tables, exports of a whole account)."""
    path = Path(path)
    if not path.is_file() or path.suffix.lower() != ".json":
        return None
    import ijson

    try:
        with open(path, "rb") as handle:
            for prefix, event, value in ijson.parse(handle):
                if prefix == "id" and event == "number":
                    return str(value)
                if prefix in ("messages", "chats", "messages.item") and event in (
                        "start_array", "start_map"):
                    return None
    except (ijson.JSONError, OSError, UnicodeDecodeError):
        return None
    return None
