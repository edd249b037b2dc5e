"""Columnar reading of big plain spins CSVs: the fast stage of :func:`fairness.ingest` for
canonical files (as ``fairness extract`` writes them), giving the same Evidence as the careful
stages (:mod:`~fairness.reading.grid`, :mod:`~fairness.reading.header`).

A plain file is UTF-8, comma-separated, unquoted, with its header on line 1. Arrow parses it on
all cores into dictionary columns (outcome, reporter, segment: a few distinct values each),
timestamps (``reported_at``, when Arrow's ISO 8601 parser reads every cell) and text (the
rest). The readers then apply their usual rules to the *distinct* values only and gather the
results with integer codes, so no Python code runs per row. Rows stay rows: an empty line is a
row of empty cells (as in the careful readers), so row ``i`` is line ``i + 2``.

:func:`read_plain` returns None whenever the file is not plain after all (quotes, ragged rows,
another encoding, ...); the caller then uses its careful reader, which also explains problems.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["FAST_MIN_BYTES", "PlainCsv", "categorical", "head_of", "never_empty", "per_row",
           "read_plain", "utc_times"]

#: Smaller files go to the careful readers, which take milliseconds on them.
FAST_MIN_BYTES = 1 << 20
_HEAD_BYTES = 1 << 18
_BOM = b"\xef\xbb\xbf"


@dataclass
class PlainCsv:
    """A plain CSV parsed by Arrow: table column ``str(i)`` is the column under ``header[i]``."""

    path: Path
    header: list[str]
    table: object  # pyarrow.Table
    kinds: list[str]  # per column: "category", "time" or "number" (parsed), or "text"

    def column(self, i: int) -> pd.Series:
        """Column ``i`` in pandas: a categorical of text, UTC times, floats (NaN when empty)
        or text ("" when empty)."""
        column = self.table.column(i)
        if self.kinds[i] == "time":
            return pd.Series(utc_times(column), copy=False)
        if self.kinds[i] == "category":
            return pd.Series(_categorical(column), copy=False)
        values = column.to_pandas()
        if self.kinds[i] == "number":
            return pd.Series(values)
        return pd.Series(values, dtype="str").fillna("")

    def time_range(self, i: int) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """(earliest, latest) of time column ``i``, None when it holds no time."""
        column = self.table.column(i)
        low, high = _int_range(column)
        if low is None:
            return None
        unit = column.type.unit
        return tuple(pd.Timestamp(np.datetime64(v, unit)).tz_localize("UTC") for v in (low, high))

    def read_as_text(self, i: int) -> None:
        """Read column ``i`` again as text (for a careful parser of the caller)."""
        import pyarrow as pa

        table = _arrow_read(self.path, len(self.header), {i: pa.string()}, only=i)
        self.table = self.table.set_column(i, str(i), table.column(0))
        self.kinds[i] = "text"

    def frame(self, names: list[str]) -> pd.DataFrame:
        return pd.DataFrame({name: self.column(i) for i, name in enumerate(names)}, copy=False)

    def text_rows(self, rows: np.ndarray) -> pd.DataFrame:
        """All cells of some rows as written. The file is read again as text, so this is for
        the few rejected rows only."""
        import pyarrow as pa

        if not len(rows):
            return pd.DataFrame(columns=range(len(self.header)))
        table = _arrow_read(self.path, len(self.header), {i: pa.string() for i in
                                                          range(len(self.header))})
        cells = table.take(pa.array(rows)).to_pandas()
        cells.columns = range(len(self.header))
        cells.index = rows
        return cells


def head_of(path: Path) -> tuple[list[str], str] | None:
    """(header cells, text of the first lines) of a file that may be plain, else None."""
    try:
        if not path.is_file() or path.stat().st_size < FAST_MIN_BYTES:
            return None
        with open(path, "rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError:
        return None
    head = head.removeprefix(_BOM)
    head = head[: head.rfind(b"\n") + 1]  # whole lines only
    if not head or b'"' in head or b"\x00" in head:
        return None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    first = text.split("\n", 1)[0].removesuffix("\r")
    if "\r" in first:
        return None
    return first.split(","), text


def read_plain(path: Path, header: list[str], head: str, kinds: list[str]) -> PlainCsv | None:
    """Parse ``path`` with Arrow; ``kinds[i]`` is "category", "time", "number" or "text".

    A time column takes Arrow's timestamp type when its first filled cell in ``head`` parses
    (with a zone offset: UTC; without: taken as UTC), a number column float64. When some cell
    does not parse (or a number is written "nan"), such columns are read again as text for the
    careful parsers of the caller.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    kinds = list(kinds)
    types = {}
    for i, kind in enumerate(kinds):
        if kind == "time":
            types[i] = _time_type(head, i)
            if types[i] is None:
                kinds[i] = "text"
        types[i] = {"category": pa.dictionary(pa.int32(), pa.string()), "text": pa.string(),
                    "number": pa.float64()}.get(kinds[i], types.get(i))
    table = _arrow_read(path, len(header), types)
    parsed = [i for i, k in enumerate(kinds) if k in ("time", "number")]
    if table is None and parsed:
        for i in parsed:
            kinds[i], types[i] = "text", pa.string()
        table = _arrow_read(path, len(header), types)
    if table is None:
        return None
    for i, kind in enumerate(kinds):
        if kind == "number" and pc.any(pc.is_nan(table.column(i))).as_py():
            kinds[i] = "text"  # "nan" is no number to the careful parsers
            text = _arrow_read(path, len(header), {i: pa.string()}, only=i)
            table = table.set_column(i, str(i), text.column(0))
    # Quotes were read as ordinary characters; a file with any goes to the careful reader,
    # which understands quoting.
    for i, kind in enumerate(kinds):
        column = table.column(i)
        parts = [c.dictionary for c in column.chunks] if kind == "category" else [column]
        if kind in ("category", "text") and any(_has_quote(part) for part in parts):
            return None
    return PlainCsv(path=path, header=header, table=table, kinds=kinds)


def _arrow_read(path: Path, n_columns: int, types: dict, only: int | None = None):
    import pyarrow as pa
    import pyarrow.csv as pacsv

    names = [str(i) for i in range(n_columns)]
    include = [] if only is None else [str(only)]
    try:
        return pacsv.read_csv(
            path,
            # Blocks of 8 MB: fewer, larger dictionaries to unify than with the default 1 MB.
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1,
                                           block_size=8 << 20),
            parse_options=pacsv.ParseOptions(quote_char=False, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types={str(i): t for i, t in types.items()}, null_values=[""],
                strings_can_be_null=False, quoted_strings_can_be_null=False,
                include_columns=include),
        )
    except (pa.ArrowException, OSError):  # ragged rows, unreadable times, invalid UTF-8, ...
        return None


def _has_quote(column) -> bool:
    import pyarrow.compute as pc

    return bool(pc.any(pc.match_substring(column, '"')).as_py() or False)


def _time_type(head: str, i: int):
    """Arrow's timestamp type that reads the first filled cell of column ``i``, or None."""
    import pyarrow as pa
    import pyarrow.compute as pc

    for line in head.split("\n")[1:]:
        cells = line.removesuffix("\r").split(",")
        if i < len(cells) and cells[i]:
            for target in (pa.timestamp("us", tz="UTC"), pa.timestamp("us")):
                try:
                    pc.cast(pa.array([cells[i]]), target)
                    return target
                except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                    continue
            return None
    return pa.timestamp("us", tz="UTC")


# Microseconds that are nanoseconds in int64 (and not pandas' NaT, the smallest int64).
_NS_FROM_US = 1000
_US_IN_NS_RANGE = ((np.iinfo(np.int64).min + 1) // _NS_FROM_US + 1,
                   np.iinfo(np.int64).max // _NS_FROM_US)


def utc_times(column) -> pd.arrays.DatetimeArray:
    """An Arrow timestamp column (naive: taken as UTC) as pandas UTC times, in nanoseconds
    when every time fits them (the unit the analyses use, which then take views rather than
    converting millions of times), else in the column's own unit.

    The chunks are joined and the unit converted in one pass, as ``to_pandas`` would join
    them anyway.
    """
    import pyarrow as pa

    unit = column.type.unit
    low, high = _int_range(column)
    if unit not in ("us", "ns") or (unit == "us" and low is not None and not (
            _US_IN_NS_RANGE[0] <= low and high <= _US_IN_NS_RANGE[1])):
        times = pd.Series(column.cast(pa.timestamp(unit, tz="UTC")).to_pandas())
        return times.array
    out = np.empty(len(column), dtype=np.int64)
    start = 0
    for chunk in column.chunks:
        ints = _values(chunk, np.int64)
        end = start + len(ints)
        if unit == "us":
            np.multiply(ints, _NS_FROM_US, out=out[start:end])
        else:
            out[start:end] = ints
        if chunk.null_count:
            out[start:end][chunk.is_null().to_numpy(zero_copy_only=False)] = \
                np.iinfo(np.int64).min  # NaT
        start = end
    naive = pd.Series(out.view("datetime64[ns]"), copy=False).array
    return naive.view(pd.DatetimeTZDtype("ns", "UTC"))  # the same memory, as UTC


def _int_range(column) -> tuple[int | None, int | None]:
    """(smallest, largest) stored integer of a timestamp column, ignoring nulls."""
    import pyarrow as pa
    import pyarrow.compute as pc

    extremes = pc.min_max(column.cast(pa.int64()))
    return extremes["min"].as_py(), extremes["max"].as_py()


def _values(chunk, dtype) -> np.ndarray:
    """The values buffer of a fixed-width Arrow array as numpy, without copying (slots of
    nulls hold anything)."""
    return np.frombuffer(chunk.buffers()[1], dtype=dtype)[chunk.offset: chunk.offset +
                                                          len(chunk)]


def _categorical(column) -> pd.Categorical:
    """A dictionary column as a Categorical: the chunks' dictionaries unified and their
    indices joined into pandas' small code dtype directly (``to_pandas`` takes twice as long
    on millions of rows)."""
    column = column.unify_dictionaries()
    if not column.num_chunks:
        return pd.Categorical([])
    categories = pd.Index(column.chunk(0).dictionary.to_pandas())
    dtype = pd.CategoricalDtype(categories)
    codes = np.empty(len(column), dtype=_code_dtype(len(categories)))
    start = 0
    for chunk in column.chunks:
        end = start + len(chunk)
        codes[start:end] = _values(chunk.indices, np.int32)
        if chunk.null_count:
            codes[start:end][chunk.is_null().to_numpy(zero_copy_only=False)] = -1
        start = end
    return pd.Categorical.from_codes(codes, dtype=dtype, validate=False)


def _present(codes: np.ndarray, n: int) -> np.ndarray:
    """Which of ``0 .. n - 1`` occur in ``codes``; counted a block at a time, so that the
    copy to numpy's index type stays in the CPU cache rather than filling memory."""
    counts = np.zeros(n, dtype=np.int64)
    step = 1 << 18
    for start in range(0, len(codes), step):
        counts += np.bincount(codes[start: start + step], minlength=n)
    return counts > 0


def _code_dtype(n_categories: int) -> type:
    """The code dtype pandas uses for this many categories (so that nothing converts)."""
    return np.int8 if n_categories < 127 else np.int16 if n_categories < 32767 else np.int32


def never_empty(column: pd.Series) -> bool:
    """Whether a column (as :meth:`PlainCsv.column` gives it) certainly has no empty cell,
    found without a per-row mask; False when it may have one. A column that has none shows
    that no row is blank, so the readers then skip their row masks."""
    if not len(column):
        return False
    if isinstance(column.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_dtype(
            column.dtype):
        return bool(np.asarray(column.array.asi8).min() != np.iinfo(np.int64).min)  # no NaT
    if pd.api.types.is_float_dtype(column.dtype) and isinstance(column.dtype, np.dtype):
        return not np.isnan(np.min(column.to_numpy()))  # (min is NaN when any is)
    if isinstance(column.dtype, pd.CategoricalDtype) and len(column.cat.categories) < 1000:
        return bool(column.array.codes.min() >= 0) and all(
            str(u).strip() for u in column.cat.categories)
    return False


def per_row(per_cell: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """``per_cell[codes]`` (a new array), made without the gather when every cell that can
    occur (from the smallest code to the largest) is 0: a big log without a bad outcome."""
    if len(codes) and not per_cell[codes.min(): codes.max() + 1].any():
        return np.zeros(len(codes), dtype=per_cell.dtype)
    return per_cell[codes]


def categorical(codes: np.ndarray, entries: np.ndarray) -> pd.Categorical:
    """Rows' values as a Categorical, where row ``r`` holds ``entries[codes[r]]`` (None or NaN:
    missing).

    The categories are those ``pd.Categorical(values)`` would find for the rows (the sorted
    distinct values present), computed from the few entries rather than the many rows.
    """
    entries = pd.Series(entries, dtype=object)
    present = _present(codes, len(entries))
    used = entries[present & entries.notna().to_numpy()]
    categories = pd.Categorical(used.to_numpy()).categories
    entry_codes = categories.get_indexer(entries.where(entries.notna(), None).to_numpy())
    return pd.Categorical.from_codes(entry_codes.astype(_code_dtype(len(categories)))[codes],
                                     categories=categories)
