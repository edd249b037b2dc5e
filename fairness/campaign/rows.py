"""From an :class:`~fairness.evidence.Evidence` to the rows a campaign stores, with the keys
that keep anything from being stored twice, and back.

This is the one module that knows how Evidence spells provenance (``source``, the input's
display name, and ``item``, the line of a table or the id of a message) and where the reader
keeps its pseudonyms.

Keys (unique within a campaign)
-------------------------------
* **Telegram** messages (rows whose source is a .json or .html page of an export):
  ``tg:<message id>:<n>`` for the n-th spin read from the message
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

from fairness.evidence import Evidence
from fairness.reading import privacy

__all__ = ["StoredRows", "evidence_rows", "mask_personal", "pseudonymizer", "read_rows",
           "rows_evidence", "telegram_chat_id"]

#: the pages of a Telegram export (a JSON file, HTML pages) as the reader names sources
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


def pseudonymizer(secret: bytes) -> privacy.Pseudonymizer:
    """The reader's pseudonym function under ``secret`` (the same pseudonyms it gives)."""
    return privacy.Pseudonymizer(secret)


def mask_personal(text: str | None) -> str | None:
    """Phone numbers, e-mails, @mentions and links masked, as the reader masks excerpts."""
    return privacy.mask_personal(text)


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


def _places(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series, np.ndarray]:
    """(source name, item, is a Telegram message) of each row of a spins, tallies or rejected
    table: a row is a Telegram message when its source is a .json or .html page of an export
    (its item is then the message id; in a table it is the line)."""
    name = frame["source"].astype("object")
    name = name.where(name.notna(), "").astype(str)
    item = pd.Series(pd.array(frame["item"], dtype="Int64"), index=frame.index)
    telegram = (name.str.contains(_TELEGRAM_PAGE) & item.notna()).to_numpy(dtype=bool)
    return name, item, telegram


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
    name, item, telegram = _places(spins)
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
    t_name, t_item, t_tg = _places(tallies)
    t_outcome = tallies["outcome"].astype("object").astype(str)
    counts = tallies["count"].astype("int64")
    tally_rows = pd.DataFrame({"key": _keys("tally", t_tg, t_item, [t_outcome, counts]),
                               "outcome": t_outcome.to_numpy(), "count": counts.to_numpy(),
                               "source": t_name.to_numpy(), "item": t_item.array})

    rejected = evidence.rejected
    r_name, r_item, r_tg = _places(rejected)
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


def read_rows(conn, query, *, texts: Sequence[str] = (), integers: Sequence[str] = (),
              floats: Sequence[str] = ()) -> pd.DataFrame:
    """A DataFrame of a SELECT's rows, read in partitions straight off the database driver
    into Arrow columns: ``texts`` as categoricals, ``integers`` as nullable Int64, ``floats``
    as float64, other columns as int64.

    The driver's cursor is used without SQLAlchemy's row objects, and each partition's
    rows go to Arrow in one call (its C loop over the driver's values), so ten
    million stored spins make no ten million Python rows alive at once and no per-value
    Python work beyond the driver's own. (PostgreSQL: a named, server-side cursor streams the
    rows instead of holding all of them in the client.)
    """
    import pyarrow as pa

    columns = [c.key for c in query.selected_columns]
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = ([compiled.params[name] for name in compiled.positiontup] if compiled.positional
              else compiled.params)
    types = {name: pa.string() if name in texts else pa.float64() if name in floats
             else pa.int64() for name in columns}
    # Arrow takes a partition's row tuples as one struct array (one C loop over the values);
    # its fields are the columns.
    rows = pa.struct(list(types.items()))
    chunks: dict[str, list] = {name: [] for name in columns}
    driver = conn.connection.dbapi_connection
    cursor = (driver.cursor(name="fairness_rows") if conn.dialect.name == "postgresql"
              else driver.cursor())
    try:
        cursor.execute(compiled.string, params)
        while part := cursor.fetchmany(250_000):
            for name, values in zip(columns, pa.array(part, type=rows).flatten(), strict=True):
                chunks[name].append(values)
    finally:
        cursor.close()
    out = {}
    for name in columns:
        column = pa.chunked_array(chunks[name], type=types[name])
        if name in texts:
            out[name] = pd.Series(column.dictionary_encode().to_pandas(), copy=False)
        elif name in integers:
            out[name] = pd.Series(column.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()
                                                                 }.get), copy=False)
        else:
            out[name] = pd.Series(column.to_pandas(), copy=False)
    return pd.DataFrame(out)


def _source(frame: pd.DataFrame) -> pd.Series:
    """The Evidence's ``source`` of stored rows: a categorical of display names."""
    source = frame["source"]
    if not isinstance(source.dtype, pd.CategoricalDtype):
        source = pd.Categorical(source.astype("object").where(source.notna(), None))
    return pd.Series(source, index=frame.index)


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
        "source": _source(spins.reset_index(drop=True)),
        "item": pd.array(spins["item"], dtype="Int64")})
    tally_frame = pd.DataFrame({"outcome": tallies["outcome"].to_numpy(),
                                "count": tallies["count"].to_numpy(dtype="int64"),
                                "source": _source(tallies.reset_index(drop=True)),
                                "item": pd.array(tallies["item"], dtype="Int64")})
    rejected_frame = pd.DataFrame({"source": _source(rejected.reset_index(drop=True)),
                                   "item": pd.array(rejected["item"], dtype="Int64"),
                                   "reason": rejected["reason"].to_numpy(),
                                   "excerpt": rejected["excerpt"].to_numpy()})
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
