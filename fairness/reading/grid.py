"""Bytes of a table file -> a grid of cells (:class:`Grid`), before the header is known.

Text files are decoded by :func:`fairness.reading.sniff.decode` and split at the separator
:func:`~fairness.reading.sniff.sniff_sep` finds; Excel workbooks (first sheet) and Parquet files
are read by pandas. Every row keeps its place as a person sees it: the line in a text file
(line 1 is the first line; a quoted cell spanning lines puts its row at its first line), the
sheet row in Excel, the row number plus one in Parquet (whose header is "line 1").

Parsers, fastest first: Arrow through pandas for big plain files (no quotes, no blank lines),
pandas' C parser, and Python's csv module for ragged rows; they give the same cells, and the
columnar fast path of :mod:`fairness.reading.fastcsv` gives the same Evidence for big canonical
files.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from fairness.errors import DataError, Message
from fairness.reading.sniff import PARQUET, ZIP, decode, looks_binary, sniff_sep, what_binary

__all__ = ["Grid", "cell_text", "load_grid"]

_PYARROW_MIN_BYTES = 4_000_000  # below this the C parser is as fast and keeps blank lines


@dataclass
class Grid:
    """Cells of a table before the header is known."""

    frame: pd.DataFrame          # columns 0..k-1 of text ("" when empty), or typed (Parquet)
    lines: np.ndarray            # place of each row as a person sees it
    header: list[str] | None     # known column names (Parquet), else found in the rows
    sep: str                     # separator used to show an excerpt
    # cells of some rows as written, when ``frame`` holds parsed values (the fast path)
    text_rows: Callable[[np.ndarray], pd.DataFrame] | None = None
    # every category of a categorical column occurs in its rows (Arrow's dictionaries of the
    # fast path hold only values read; a Parquet file's categories need not)
    categories_used: bool = False


def load_grid(raw: bytes, path: Path, name: str, *, encoding: str | None,
              sep: str | None) -> Grid:
    """The cells of a table file: Excel and Parquet by their signature, else decoded text.

    Raises
    ------
    DataError
        Old .xls files, ZIP archives that are no workbook, broken Excel or Parquet files,
        binary files, undecodable text (one line, naming the file).
    """
    suffix = path.suffix.lower()
    if suffix in (".xls",) and raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise DataError(Message("error.old_excel"), source=name)
    if raw.startswith(ZIP):
        if _is_xlsx(raw):
            return _load_excel(raw, name)
        if suffix in (".xlsx", ".xlsm"):
            raise DataError(Message("error.excel_no_workbook"), source=name)
        raise DataError(Message("error.zip_not_table"), source=name)
    if suffix in (".xlsx", ".xlsm"):
        raise DataError(Message("error.excel_not_zip"), source=name)
    if raw.startswith(PARQUET):
        return _load_parquet(raw, name)
    if suffix in (".parquet", ".pq"):
        raise DataError(Message("error.parquet_signature"), source=name)
    what = what_binary(raw)
    if what is not None:
        raise DataError(Message("error.binary_kind_not_table", kind=what), source=name)
    return _load_text(raw, name, encoding=encoding, sep=sep)


def _is_xlsx(raw: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return False


def _load_excel(raw: bytes, name: str) -> Grid:
    try:
        frame = pd.read_excel(io.BytesIO(raw), sheet_name=0, header=None, dtype=object,
                              engine="openpyxl")
    except ImportError as exc:  # pragma: no cover - openpyxl is a dependency
        raise DataError(Message("error.needs_package", package="openpyxl",
                                what=str(exc)), source=name) from None
    except Exception:  # openpyxl raises many types on broken workbooks (English, technical)
        raise DataError(Message("error.excel_unreadable"), source=name) from None
    frame = frame.map(cell_text) if len(frame) else frame.astype(object)
    frame.columns = range(frame.shape[1])
    # read_excel numbers rows from the first sheet row, blank rows included.
    return Grid(frame=frame.reset_index(drop=True), lines=np.arange(1, len(frame) + 1),
                 header=None, sep=";")


def _load_parquet(raw: bytes, name: str) -> Grid:
    try:
        frame = pd.read_parquet(io.BytesIO(raw))
    except ImportError as exc:  # pragma: no cover - pyarrow is a dependency
        raise DataError(Message("error.needs_package", package="pyarrow",
                                what=str(exc)), source=name) from None
    except Exception:  # pyarrow raises ArrowInvalid, OSError, ... (English, technical)
        raise DataError(Message("error.parquet_unreadable"), source=name) from None
    header = [str(c) for c in frame.columns]
    frame = frame.reset_index(drop=True)
    frame.columns = range(frame.shape[1])
    return Grid(frame=frame, lines=np.arange(2, len(frame) + 2), header=header, sep=";")


def cell_text(value: object) -> str:
    """An Excel cell as the text a person sees (5.0 -> "5", a date -> ISO 8601)."""
    if value is None or value is pd.NaT or value is pd.NA:
        return ""
    if isinstance(value, float):
        if np.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, pd.Timestamp) or hasattr(value, "isoformat"):
        try:
            return value.isoformat()  # type: ignore[union-attr]
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def _physical_lines(text: str) -> int:
    lines = text.count("\n") + text.count("\r") - text.count("\r\n")
    if text and not text.endswith(("\n", "\r")):
        lines += 1
    return lines


def _load_text(raw: bytes, name: str, *, encoding: str | None, sep: str | None) -> Grid:
    text, _used_encoding = decode(raw, name, encoding)
    if looks_binary(text):
        raise DataError(Message("error.binary_not_table"), source=name)
    if not text.strip():
        raise DataError(Message("error.empty_file"), source=name)
    separator = sep or sniff_sep(text)

    frame = None
    plain = ('"' not in text and "\n\n" not in text and "\r\n\r\n" not in text
             and not text.startswith(("\n", "\r")) and text.count("\r") == text.count("\r\n"))
    if plain and len(raw) >= _PYARROW_MIN_BYTES:
        data = raw[3:] if raw.startswith(codecs.BOM_UTF8) else raw
        frame = _read_pyarrow(data if _used_encoding in ("utf-8", "utf-8-sig")
                              else text.encode("utf-8"), separator)
    if frame is None:
        frame = _read_c(text, separator)
    if frame is None:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
        frame = _rows_frame(rows)
        lines = _record_lines(text, separator, len(frame))
    elif plain:
        lines = np.arange(1, len(frame) + 1)
    else:
        lines = (np.arange(1, len(frame) + 1) if _physical_lines(text) == len(frame)
                 else _record_lines(text, separator, len(frame)))
    return Grid(frame=frame, lines=lines, header=None, sep=separator)


def _read_pyarrow(data: bytes, separator: str) -> pd.DataFrame | None:
    try:
        frame = pd.read_csv(io.BytesIO(data), sep=separator, header=None,
                            dtype=str, engine="pyarrow")
    except Exception:  # any complaint of the fast parser: the careful one decides
        return None
    return frame.fillna("")


def _read_c(text: str, separator: str) -> pd.DataFrame | None:
    try:
        frame = pd.read_csv(io.StringIO(text), sep=separator, header=None, dtype=str,
                            keep_default_na=False, na_filter=False, skip_blank_lines=False,
                            engine="c", quoting=csv.QUOTE_MINIMAL)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, csv.Error):
        return None  # ragged rows and the like: the csv module reads them
    return frame.fillna("")


def _rows_frame(rows: list[list[str]]) -> pd.DataFrame:
    width = max((len(r) for r in rows), default=1) or 1
    return pd.DataFrame([r + [""] * (width - len(r)) for r in rows],
                        columns=range(width), dtype=object)


def _record_lines(text: str, separator: str, n_records: int) -> np.ndarray:
    """First line of each record when quoted fields span lines (csv module, one pass)."""
    starts = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    previous = 0
    try:
        for _row in reader:
            starts.append(previous + 1)
            previous = reader.line_num
    except csv.Error:
        pass
    if len(starts) != n_records:  # parsers disagree: fall back to record numbers
        return np.arange(1, n_records + 1)
    return np.asarray(starts)

