"""Columnar reading of big plain spins CSVs: the fast stage of :func:`fairness.ingest` for
canonical files (as ``fairness extract`` writes them), giving the same Evidence as the careful
stages (:mod:`~fairness.reading.grid`, :mod:`~fairness.reading.header`).

A plain file is UTF-8, comma-separated, unquoted, with its header on line 1. Arrow parses it a
block at a time into dictionary columns (outcome, reporter, segment: a few distinct values
each), timestamps (``reported_at``, when Arrow's ISO 8601 parser reads every cell) and text (the
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

__all__ = ["FAST_MIN_BYTES", "PlainCsv", "all_present", "categorical", "head_of",
           "never_empty", "per_row", "read_plain", "take", "utc_times"]

#: Smaller files go to the careful readers, which take milliseconds on them.
FAST_MIN_BYTES = 1 << 20
_HEAD_BYTES = 1 << 18
_BOM = b"\xef\xbb\xbf"


@dataclass
class PlainCsv:
    """A plain CSV parsed by Arrow: ``columns[i]`` is the column under ``header[i]``, for
    ``kinds[i]`` "time" a pandas UTC :class:`~pandas.arrays.DatetimeArray`, for "category" a
    :class:`~pandas.Categorical`, else an Arrow ChunkedArray."""

    path: Path
    header: list[str]
    columns: list
    kinds: list[str]  # per column: "category", "time" or "number" (parsed), or "text"
    # (smallest, largest) stored integer of each time column (None: no time), in ``time_unit``
    time_ranges: dict[int, tuple[int | None, int | None]]
    time_unit: str = "us"

    def column(self, i: int) -> pd.Series:
        """Column ``i`` in pandas: a categorical of text, UTC times, floats (NaN when empty)
        or text ("" when empty)."""
        column = self.columns[i]
        if self.kinds[i] in ("time", "category"):
            return pd.Series(column, copy=False)
        values = column.to_pandas()
        if self.kinds[i] == "number":
            return pd.Series(values)
        return pd.Series(values, dtype="str").fillna("")

    def time_range(self, i: int) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """(earliest, latest) of time column ``i``, None when it holds no time."""
        low, high = self.time_ranges[i]
        if low is None:
            return None
        return tuple(pd.Timestamp(np.datetime64(v, self.time_unit)).tz_localize("UTC")
                     for v in (low, high))

    def read_as_text(self, i: int) -> None:
        """Read column ``i`` again as text (for a careful parser of the caller)."""
        import pyarrow as pa

        table = _arrow_read(self.path, len(self.header), {i: pa.string()}, only=i)
        self.columns[i] = table.column(0)
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

    The file is read a block at a time (:data:`BLOCK_BYTES`), and each block's time and
    category columns are written straight into their final arrays: nanoseconds and small
    codes. Arrow's memory for a block is reused for the next, so reading ten million rows
    touches little fresh memory beyond the result (fresh pages are dear on virtual machines).
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
    capacity = _rows_in(path, head)
    read = _read_blocks(path, header, types, kinds, capacity)
    parsed = [i for i, k in enumerate(kinds) if k in ("time", "number")]
    if read is None and parsed:
        for i in parsed:
            kinds[i], types[i] = "text", pa.string()
        read = _read_blocks(path, header, types, kinds, capacity)
    if read is None or read is _QUOTED:
        # Quotes were read as ordinary characters; a file with any goes to the careful
        # reader, which understands quoting.
        return None
    for i, kind in enumerate(kinds):
        if kind == "number" and pc.any(pc.is_nan(read.columns[i])).as_py():
            kinds[i] = "text"  # "nan" is no number to the careful parsers
            read.read_as_text(i)
    return read


_QUOTED = object()
#: Bytes of text per block of the reader: Arrow's memory for a block is reused for the next;
#: larger blocks give fewer dictionaries to merge.
BLOCK_BYTES = 4 << 20


def _rows_in(path: Path, head: str) -> int:
    """A generous estimate of the data rows of a file from its head (the arrays of the
    reader grow if it is exceeded; untouched room costs no memory)."""
    per_line = max(len(head.encode("utf-8")) / max(head.count("\n"), 1), 1.0)
    return int(path.stat().st_size / per_line * 1.05) + 1024


def _read_blocks(path: Path, header: list[str], types: dict, kinds: list[str],
                 capacity: int) -> PlainCsv | object | None:
    """The file read block by block into a :class:`PlainCsv`; :data:`_QUOTED` when a text
    cell holds a quote, None when Arrow cannot read it with these types.

    A big file is read as two halves at once, the second in a worker thread (Arrow parses
    without holding the GIL, so the halves take two cores), and the second half's columns are
    appended to the first's.
    """
    import pyarrow as pa

    split = _split_point(path) if path.stat().st_size >= SPLIT_MIN_BYTES else None
    if split is None:
        columns = _read_part(path, len(header), types, kinds, capacity, skip_rows=1)
    else:
        from concurrent.futures import ThreadPoolExecutor

        whole = pa.memory_map(str(path)).read_buffer()  # the file's pages, not a copy
        halves = [pa.BufferReader(whole.slice(0, split)), pa.BufferReader(whole.slice(split))]
        with ThreadPoolExecutor(max_workers=1) as worker:
            later = worker.submit(_read_part, halves[1], len(header), types, kinds,
                                  capacity // 2 + 1024, skip_rows=0)
            columns = _read_part(halves[0], len(header), types, kinds, capacity, skip_rows=1)
            second = later.result()
        if _QUOTED in (columns, second):
            return _QUOTED
        if columns is None or second is None:
            return None
        for column, rest in zip(columns, second, strict=True):
            column.extend(rest)
    if columns is None or columns is _QUOTED:
        return columns
    ranges = {i: (column.low, column.high) for i, column in enumerate(columns)
              if kinds[i] == "time"}
    finished = [column.result() if kinds[i] in ("time", "category")
                else pa.chunked_array(column, type=types[i]) for i, column in enumerate(columns)]
    return PlainCsv(path=path, header=header, columns=finished, kinds=kinds,
                    time_ranges=ranges)


#: Files from this size on are read as two halves at once (:func:`_read_blocks`).
SPLIT_MIN_BYTES = 64 << 20


def _split_point(path: Path) -> int | None:
    """The start of the first line after the middle of a file (lines are records in a plain
    file), None when there is none."""
    size = path.stat().st_size
    with open(path, "rb") as handle:
        handle.seek(size // 2)
        after = handle.read(1 << 16).find(b"\n")
    if after < 0 or size // 2 + after + 1 >= size:
        return None
    return size // 2 + after + 1


def _read_part(source, n_columns: int, types: dict, kinds: list[str], capacity: int,
               skip_rows: int) -> list | object | None:
    """The columns of a file (or a part of one, from a line start on) read block by block:
    :class:`_Times`, :class:`_Codes` or a list of Arrow chunks; :data:`_QUOTED` or None as
    in :func:`_read_blocks`."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    columns: list = [_Times(capacity) if kind == "time" else _Codes(capacity)
                     if kind == "category" else _Chunks() for kind in kinds]
    try:
        reader = pacsv.open_csv(source, **_csv_options(n_columns, types, BLOCK_BYTES,
                                                       skip_rows=skip_rows))
        for batch in reader:
            for i, column in enumerate(columns):
                chunk = batch.column(i)
                if (kinds[i] == "category" and _has_quote(chunk.dictionary)) or (
                        kinds[i] == "text" and _has_quote(chunk)):
                    return _QUOTED
                column.add(chunk)
    except (pa.ArrowException, OSError):  # ragged rows, unreadable times, invalid UTF-8, ...
        return None
    return columns


class _Chunks(list):
    """Arrow chunks of a text or number column, in order."""

    add = list.append


def _csv_options(n_columns: int, types: dict, block_size: int, only: int | None = None,
                 skip_rows: int = 1) -> dict:
    import pyarrow.csv as pacsv

    names = [str(i) for i in range(n_columns)]
    include = [] if only is None else [str(only)]
    return {
        "read_options": pacsv.ReadOptions(column_names=names, skip_rows=skip_rows,
                                          block_size=block_size),
        "parse_options": pacsv.ParseOptions(quote_char=False, ignore_empty_lines=False),
        "convert_options": pacsv.ConvertOptions(
            column_types={str(i): t for i, t in types.items()}, null_values=[""],
            strings_can_be_null=False, quoted_strings_can_be_null=False,
            include_columns=include),
    }


def _arrow_read(path: Path, n_columns: int, types: dict, only: int | None = None):
    import pyarrow as pa
    import pyarrow.csv as pacsv

    try:
        # Blocks of 8 MB: fewer, larger dictionaries to unify than with the default 1 MB.
        return pacsv.read_csv(path, **_csv_options(n_columns, types, 8 << 20, only))
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
    times = _Times(len(column))
    for chunk in column.chunks:
        times.add(chunk)
    return times.result()


class _Times:
    """Arrow timestamp chunks (us or ns; naive: UTC) written one after another into one
    array of UTC nanoseconds, with the range of the stored integers (nulls aside) in the
    chunks' unit. A time outside nanoseconds is not converted faithfully: callers check
    :attr:`low` and :attr:`high` first."""

    def __init__(self, capacity: int):
        self.values = np.empty(capacity, dtype=np.int64)
        self.n = 0
        self.low: int | None = None
        self.high: int | None = None

    def add(self, chunk) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc

        if not len(chunk):
            return
        ints = _values(chunk, np.int64)
        end = self.n + len(ints)
        if end > len(self.values):
            self.values = _grown(self.values, self.n, end)
        out = self.values[self.n: end]
        if chunk.type.unit == "us":
            np.multiply(ints, _NS_FROM_US, out=out)
        else:
            out[:] = ints
        if chunk.null_count:
            out[chunk.is_null().to_numpy(zero_copy_only=False)] = np.iinfo(np.int64).min  # NaT
        extremes = pc.min_max(chunk.cast(pa.int64()))
        low, high = extremes["min"].as_py(), extremes["max"].as_py()
        if low is not None:
            self.low = low if self.low is None else min(self.low, low)
            self.high = high if self.high is None else max(self.high, high)
        self.n = end

    def extend(self, other: _Times) -> None:
        """Append the times of another (a later part of the file)."""
        end = self.n + other.n
        if end > len(self.values):
            self.values = _grown(self.values, self.n, end)
        self.values[self.n: end] = other.values[: other.n]
        self.n = end
        if other.low is not None:
            self.low = other.low if self.low is None else min(self.low, other.low)
            self.high = other.high if self.high is None else max(self.high, other.high)

    def result(self) -> pd.arrays.DatetimeArray:
        naive = pd.Series(self.values[: self.n].view("datetime64[ns]"), copy=False).array
        return naive.view(pd.DatetimeTZDtype("ns", "UTC"))  # the same memory, as UTC


def _grown(values: np.ndarray, n: int, needed: int, dtype=None) -> np.ndarray:
    """A larger array (at least ``needed``, of ``dtype``) holding ``values[:n]``."""
    grown = np.empty(max(needed, 2 * len(values)), dtype=dtype or values.dtype)
    grown[:n] = values[:n]
    return grown


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
    """A dictionary column as a Categorical (categories in order of first appearance, as
    Arrow unifies dictionaries), its codes in pandas' small code dtype."""
    codes = _Codes(len(column))
    for chunk in column.chunks:
        codes.add(chunk)
    return codes.result()


class _Codes:
    """Arrow dictionary chunks written one after another as codes into one dictionary: the
    categories in order of first appearance, the codes in pandas' small code dtype.

    Arrow gives every chunk its own dictionary. Each chunk's dictionary is looked up in the
    categories so far (new values are appended), and the rows take their codes from that
    small table: work in the distinct values per chunk, not a pass of new int32 indices over
    every row (``unify_dictionaries``), and no copy between pandas' and Arrow's code types.
    """

    def __init__(self, capacity: int):
        self.codes = np.empty(capacity, dtype=np.int8)
        self.n = 0
        self.categories = None  # pyarrow string array

    def add(self, chunk) -> None:
        if not len(chunk):
            return
        table = self._codes_of(chunk.dictionary)
        out = self._room(len(chunk))
        # (slots of nulls hold anything: "clip" keeps them in range, then they become -1)
        take(table.astype(self.codes.dtype), _values(chunk.indices, np.int32), out=out,
             mode="clip")
        if chunk.null_count:
            out[chunk.is_null().to_numpy(zero_copy_only=False)] = -1
        self.n += len(chunk)

    def extend(self, other: _Codes) -> None:
        """Append the rows of another (a later part of the file), in these categories."""
        if other.categories is None:
            return
        table = np.append(self._codes_of(other.categories), -1)  # code -1 (missing) stays
        out = self._room(other.n)
        take(table.astype(self.codes.dtype), other.codes[: other.n], out=out)
        self.n += other.n

    def _codes_of(self, values) -> np.ndarray:
        """The code of each of some distinct values, appending the new ones."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if self.categories is None:
            self.categories = values
            return np.arange(len(values))
        table = pc.index_in(values, value_set=self.categories).fill_null(-1) \
            .to_numpy(zero_copy_only=False, writable=True)
        new = table < 0
        if new.any():
            table[new] = np.arange(len(self.categories), len(self.categories) + int(new.sum()))
            self.categories = pa.concat_arrays([self.categories, values.filter(pa.array(new))])
        return table

    def _room(self, n: int) -> np.ndarray:
        """The next ``n`` codes to write, in the code dtype of the categories so far."""
        dtype = _code_dtype(len(self.categories))
        end = self.n + n
        if end > len(self.codes):
            self.codes = _grown(self.codes, self.n, end, dtype)
        elif dtype != self.codes.dtype:
            self.codes = self.codes.astype(dtype)
        return self.codes[self.n: end]

    def result(self) -> pd.Categorical:
        if self.categories is None:
            return pd.Categorical([])
        dtype = pd.CategoricalDtype(pd.Index(self.categories.to_pandas()))
        return pd.Categorical.from_codes(self.codes[: self.n], dtype=dtype, validate=False)


_BLOCK = 1 << 16  # rows per block of a gather: numpy's index copy stays in the CPU cache


def take(table: np.ndarray, codes: np.ndarray, out: np.ndarray | None = None,
         mode: str = "wrap") -> np.ndarray:
    """``table[codes]`` (into ``out`` when given), a block of rows at a time.

    numpy converts the codes of a gather to its 8-byte index type first: for ten million
    int8 codes that is an 80 MB temporary, while a block of them stays in the CPU cache.
    ``mode="wrap"`` reads a negative code from the end, as ``table[codes]`` does.
    """
    if out is None:
        out = np.empty(len(codes), dtype=table.dtype)
    for start in range(0, len(codes), _BLOCK):
        np.take(table, codes[start: start + _BLOCK], out=out[start: start + _BLOCK],
                mode=mode)
    return out


def all_present(codes: np.ndarray, n: int) -> bool:
    """Whether every one of ``0 .. n - 1`` occurs in ``codes``."""
    return bool(_present(codes, n).all())


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
    return take(per_cell, codes)


def categorical(codes: np.ndarray, entries: np.ndarray, *, sort: bool = True,
                all_present: bool = False) -> pd.Categorical:
    """Rows' values as a Categorical, where row ``r`` holds ``entries[codes[r]]`` (None or NaN:
    missing).

    The categories are the distinct values present, computed from the few entries rather than
    the many rows: sorted, as ``pd.Categorical(values)`` finds them, or with ``sort=False`` (text
    only) in the order of the entries, which is the order of first appearance when the codes
    number the cells so (as Arrow's dictionaries and ``pd.factorize`` do). ``all_present``: the
    caller knows that every entry occurs in ``codes``, so they are not counted.

    When the entries are distinct text, all present, already in the categories' order (with
    ``sort=False`` always) and the codes have pandas' code type, the codes are the
    Categorical's own: ten million rows are not gathered again.
    """
    present = (np.ones(len(entries), dtype=bool) if all_present
               else _present(codes, len(entries)))
    if all(entry is None or type(entry) is str for entry in entries):
        # Text (pseudonyms, segments), the usual case: the same categories, sorted as pandas
        # sorts text (by code point), and each entry's code by a dictionary, without the
        # string arrays pandas builds to find them (milliseconds on a small file)
        distinct = (entries[i] for i in np.flatnonzero(present) if entries[i] is not None)
        used = sorted(set(distinct)) if sort else list(dict.fromkeys(distinct))
        if used:
            categories = pd.Index(used)
            place = {value: i for i, value in enumerate(used)}
            table = np.array([-1 if entry is None else place.get(entry, -1) for entry in entries],
                             dtype=_code_dtype(len(categories)))
            if codes.dtype == table.dtype and len(table) == len(used) and np.array_equal(
                    table, np.arange(len(table))):
                # (every code is in range: it indexes ``entries``, one category each)
                return pd.Categorical.from_codes(codes, categories=categories, validate=False)
            return pd.Categorical.from_codes(take(table, codes), categories=categories)
    entries = pd.Series(entries, dtype=object)
    used = entries[present & entries.notna().to_numpy()]
    categories = pd.Categorical(used.to_numpy()).categories
    entry_codes = categories.get_indexer(entries.where(entries.notna(), None).to_numpy())
    table = entry_codes.astype(_code_dtype(len(categories)))
    return pd.Categorical.from_codes(take(table, codes), categories=categories)
