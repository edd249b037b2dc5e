"""Columnar reading of plain spins CSVs (the fast path of :func:`fairness.read_spins` and
:func:`fairness.ingest`).

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

__all__ = ["FAST_MIN_BYTES", "PlainCsv", "categorical", "head_of", "read_plain"]

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
        values = self.table.column(i).to_pandas()
        if self.kinds[i] == "time":
            times = pd.Series(values)
            return times.dt.tz_localize("UTC") if times.dt.tz is None else times
        if self.kinds[i] in ("category", "number"):
            return pd.Series(values)
        return pd.Series(values, dtype="str").fillna("")

    def as_text(self, i: int) -> pd.Series:
        """Column ``i`` read again as text (for a careful parser of the caller)."""
        import pyarrow as pa

        table = _arrow_read(self.path, len(self.header), {i: pa.string()}, only=i)
        return pd.Series(table.column(0).to_pandas(), dtype="str").fillna("")

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


def categorical(codes: np.ndarray, entries: np.ndarray) -> pd.Categorical:
    """Rows' values as a Categorical, where row ``r`` holds ``entries[codes[r]]`` (None or NaN:
    missing).

    The categories are those ``pd.Categorical(values)`` would find for the rows (the sorted
    distinct values present), computed from the few entries rather than the many rows.
    """
    entries = pd.Series(entries, dtype=object)
    present = np.bincount(codes, minlength=len(entries)) > 0 if len(codes) else \
        np.zeros(len(entries), dtype=bool)
    used = entries[present & entries.notna().to_numpy()]
    categories = pd.Categorical(used.to_numpy()).categories
    entry_codes = categories.get_indexer(entries.where(entries.notna(), None).to_numpy())
    # the code dtype pandas uses for this many categories, so from_codes does not convert
    small = np.int8 if len(categories) < 1 << 7 else np.int16 if len(categories) < 1 << 15 \
        else np.int32
    return pd.Categorical.from_codes(entry_codes.astype(small)[codes], categories=categories)
