"""From an :class:`~fairness.evidence.Evidence` to the rows a campaign stores, with the keys
that keep anything from being stored twice, and back.

This is the one module that knows how Evidence spells provenance (``source``, the input's
display name, and ``item``, the line of a table or the id of a message) and where the reader
keeps its pseudonyms, and how a large batch's spins are kept a second time by columns.

Column blocks
-------------
A batch of at least ``BLOCK_MIN_ROWS`` new spins is written twice in its transaction: as rows
(the record: keys, provenance, what SQL sees) and as Parquet blocks of ``BLOCK_ROWS`` spins
(:func:`spin_blocks`). A check reads a batch from its blocks when it has them, from its rows
otherwise (:func:`read_spins`). The database driver turns each row into a Python tuple, 20-30 s
for ten million spins; their blocks are decoded in C in about a second. Small batches (a
member's report through the form is a batch of one spin) are read from their rows, which is
faster than opening a block each.

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

__all__ = [
    "BLOCK_MIN_ROWS",
    "BLOCK_ROWS",
    "StoredRows",
    "evidence_rows",
    "mask_personal",
    "pseudonymizer",
    "query_blocks",
    "read_spins",
    "rows_evidence",
    "spin_blocks",
    "telegram_chat_id",
]

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
    """Text with None for missing (from categoricals, strings or objects). A caller's values
    that are not text (numbers, booleans) are stored as their ``str``, so that a batch's rows
    and its column blocks hold the same text."""
    values = column.astype("object")
    missing = values.isna().to_numpy()
    if pd.api.types.infer_dtype(values, skipna=True) not in ("string", "empty"):
        values = values.map(str)
    array = values.to_numpy(dtype=object, copy=True)
    array[missing] = None
    return pd.Series(array, index=column.index, dtype=object)


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


#: A batch of at least this many new spins is stored twice: as rows (the record: keys,
#: provenance, SQL) and as column blocks, which a check reads. Smaller batches are read from
#: their rows, consecutive ones in one query: a block costs about 2 ms to open, while rows
#: cost 2-3 µs each, so a block pays from about 1,000 spins, and from 10,000 it saves nine
#: tenths of the batch's reading, enough to be worth keeping the spins twice.
BLOCK_MIN_ROWS = 10_000
#: Batch ids per ``IN (...)`` of a rows query (SQLite allows 32,766 parameters; a member's
#: report through the form is a batch of its own).
IN_CHUNK = 10_000
#: Spins per block. A block is read whole, so this bounds what one read holds (about 7 MB
#: compressed, 40 MB in memory).
BLOCK_ROWS = 1_000_000


def _spin_types() -> dict:
    """The Arrow type of each stored column of a spin, in the order blocks hold them."""
    import pyarrow as pa

    return {"outcome": pa.string(), "reported_at": pa.int64(), "reporter": pa.string(),
            "segment": pa.string(), "value": pa.float64(), "source": pa.string(),
            "item": pa.int64()}


def spin_blocks(spins: pd.DataFrame) -> list[tuple[int, int, bytes]]:
    """``(first ordinal, rows, Parquet bytes)`` of each block of ``spins``, the stored rows of
    one batch as :func:`evidence_rows` gives them, in ordinal order, ``BLOCK_ROWS`` a block.

    A block is a Parquet file (zstd; text columns dictionary-coded, as Parquet writes them)
    of the columns a check reads, as the rows store them; the row's place in the batch is its
    place in the block.
    """
    import pyarrow as pa

    # column by column: missing values (None, NaN, <NA>) become nulls
    return _blocks(pa.table({name: pa.array(spins[name], from_pandas=True).cast(kind)
                             for name, kind in _spin_types().items()}))


def query_blocks(conn, query, types: dict) -> list[tuple[int, int, bytes]]:
    """The blocks (as :func:`spin_blocks` makes them) of the rows of a SELECT whose columns,
    in this order, are those of ``types`` (name: Arrow type), ordered by ordinal: the rows of
    a batch stored before it had blocks."""
    return _blocks(_arrow_rows(conn, query, types))


def _blocks(table) -> list[tuple[int, int, bytes]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    blocks = []
    for start in range(0, table.num_rows, BLOCK_ROWS):
        part = table.slice(start, BLOCK_ROWS)
        sink = pa.BufferOutputStream()
        pq.write_table(part, sink, compression="zstd")
        blocks.append((start, part.num_rows, sink.getvalue().to_pybytes()))
    return blocks


def read_spins(conn, batches: Sequence[int], blocks: dict[int, list[int]]) -> pd.DataFrame:
    """The stored spins of ``batches`` (ids, in this order; each batch's spins in ordinal
    order) with the types of an Evidence's spins: ``outcome``, ``reporter``, ``segment`` and
    ``source`` as categoricals, ``reported_at`` as UTC datetimes, ``value`` as ``Float64``,
    ``item`` as ``Int64``; and ``batch_id`` (int64).

    ``blocks`` maps a batch id to the ids of its column blocks (first ordinal first): such a
    batch is read from its blocks, the others from their rows, consecutive ones in one query.
    Ten million spins read from blocks take about a second; from rows, the database driver
    makes a Python tuple of each and takes 20-30 s.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq
    from sqlalchemy import select

    from fairness.campaign import schema as t

    types = {"batch_id": pa.int64(), **_spin_types()}
    texts = [name for name, kind in types.items() if kind == pa.string()]
    # every piece is cast to one schema (text as dictionaries), so the pieces join as they are
    target = pa.schema([(name, pa.dictionary(pa.int32(), pa.string()) if name in texts
                         else kind) for name, kind in types.items()])
    pieces = []
    run: list[int] = []

    def rows_of(run: list[int]) -> None:
        s = t.spins.c
        # (ids ascending, so chunks in turn keep the order; SQLite takes 32,766 parameters)
        for start in range(0, len(run), IN_CHUNK):
            table = _arrow_rows(conn, select(*(s[name] for name in types))
                                .where(s.batch_id.in_(run[start:start + IN_CHUNK]))
                                .order_by(s.batch_id, s.ordinal), types)
            for name in texts:
                table = table.set_column(table.schema.get_field_index(name), name,
                                         table[name].dictionary_encode())
            pieces.append(table.cast(target))

    for batch in batches:
        if batch not in blocks:
            run.append(batch)
            continue
        if run:
            rows_of(run)
            run = []
        for block in blocks[batch]:
            data = conn.execute(select(t.spin_blocks.c.data)
                                .where(t.spin_blocks.c.id == block)).scalar_one()
            table = pq.read_table(pa.BufferReader(data), read_dictionary=texts)
            table = table.add_column(0, "batch_id",
                                     pa.array(np.full(table.num_rows, batch, dtype=np.int64)))
            pieces.append(table.cast(target))
    if run:
        rows_of(run)
    table = (pa.concat_tables(pieces) if pieces else target.empty_table()).unify_dictionaries()
    nullable = {pa.int64(): pd.Int64Dtype(), pa.float64(): pd.Float64Dtype()}.get
    out = {}
    for name in types:
        column = table[name]
        if name == "reported_at":  # (µs as stored; ns as the readers give times)
            column = column.cast(pa.timestamp("us", tz="UTC")).cast(pa.timestamp("ns", tz="UTC"))
        out[name] = pd.Series(column.to_pandas(types_mapper=None if name == "batch_id"
                                               else nullable), copy=False)
    return pd.DataFrame(out, copy=False)


def _arrow_rows(conn, query, types: dict):
    """An Arrow table of a SELECT's rows (columns of ``types``, in the query's order), read in
    partitions straight off the database driver.

    The driver's cursor is used without SQLAlchemy's row objects, and each partition's
    rows go to Arrow in one call (its C loop over the driver's values), so no million Python
    rows are alive at once and there is no per-value Python work beyond the driver's own.
    (PostgreSQL: a named, server-side cursor streams the rows instead of holding all of them
    in the client.)
    """
    import pyarrow as pa

    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = ([compiled.params[name] for name in compiled.positiontup] if compiled.positional
              else compiled.params)
    # Arrow takes a partition's row tuples as one struct array; its fields are the columns.
    rows = pa.struct(list(types.items()))
    chunks: dict[str, list] = {name: [] for name in types}
    driver = conn.connection.dbapi_connection
    cursor = (driver.cursor(name="fairness_rows") if conn.dialect.name == "postgresql"
              else driver.cursor())
    try:
        cursor.execute(compiled.string, params)
        while part := cursor.fetchmany(250_000):
            for name, values in zip(types, pa.array(part, type=rows).flatten(), strict=True):
                chunks[name].append(values)
    finally:
        cursor.close()
    return pa.table({name: pa.chunked_array(chunks[name], type=kind)
                     for name, kind in types.items()})


def _source(frame: pd.DataFrame) -> pd.Series:
    """The Evidence's ``source`` of stored rows: a categorical of display names."""
    source = frame["source"]
    if not isinstance(source.dtype, pd.CategoricalDtype):
        source = pd.Categorical(source.astype("object").where(source.notna(), None))
    return pd.Series(source, index=frame.index)


def rows_evidence(labels, spins: pd.DataFrame, tallies: pd.DataFrame,
                  rejected: pd.DataFrame, summary: dict) -> Evidence:
    """An Evidence made of stored rows: ``spins`` as :func:`read_spins` gives them (already
    of the Evidence's types: taken without a copy), tallies and rejected items as their
    tables hold them."""
    tally_frame = pd.DataFrame({"outcome": tallies["outcome"].to_numpy(),
                                "count": tallies["count"].to_numpy(dtype="int64"),
                                "source": _source(tallies.reset_index(drop=True)),
                                "item": pd.array(tallies["item"], dtype="Int64")})
    rejected_frame = pd.DataFrame({"source": _source(rejected.reset_index(drop=True)),
                                   "item": pd.array(rejected["item"], dtype="Int64"),
                                   "reason": rejected["reason"].to_numpy(),
                                   "excerpt": rejected["excerpt"].to_numpy()})
    return Evidence(labels=tuple(labels), spins=spins, tallies=tally_frame,
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
