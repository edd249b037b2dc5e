"""CSV exports that are safe to open in a spreadsheet.

A cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) is
read by Excel, LibreOffice and Google Sheets as a formula; message excerpts and reporter names
come from strangers, so such a cell could run a formula ("CSV injection") [1]_. Every text cell
(and column name) that starts with one of these characters gets a leading single quote, which
spreadsheets show as text. Numeric columns are left alone: ``-0.5`` in a float column is a
number, not a formula.

References
----------
.. [1] OWASP, "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from fairness.errors import FairnessError, Message

__all__ = ["FORMULA_PREFIXES", "neutralise", "safe_csv", "write_safe_csv"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """``value`` with a leading ``'`` when it is text that a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy(deep=False)  # columns are replaced, never written into
    for column in out.columns:
        out[column] = _safe_column(out[column])
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def _safe_column(series: pd.Series) -> pd.Series:
    """``series`` with formula-like text neutralised; the few distinct values of a
    categorical (``source``, ``reporter``) are neutralised instead of millions of cells."""
    dtype = series.dtype
    if isinstance(dtype, pd.DatetimeTZDtype) and str(dtype.tz) == "UTC" and len(series) > 1000:
        # The same text pandas writes, several times faster: its writer formats aware times
        # one by one, naive ones in bulk.
        text = series.dt.tz_convert(None).astype(str).where(series.notna(), None)
        return text.where(text.isna(), text + "+00:00")
    if (pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)
            or pd.api.types.is_datetime64_any_dtype(dtype)):
        return series
    if isinstance(dtype, pd.CategoricalDtype):
        safe = [neutralise(c) for c in dtype.categories]
        if len(set(safe)) == len(safe):  # (else two categories would merge: per cell below)
            return series.cat.rename_categories(safe)
    text = series.astype("object")
    try:
        mask = text.str.startswith(FORMULA_PREFIXES).fillna(False).astype(bool)
    except AttributeError:  # no text at all (e.g. only numbers in an object column)
        return text
    return text.where(~mask, "'" + text.astype(str)) if mask.any() else text


def safe_csv(frame: pd.DataFrame, **to_csv) -> str:
    """The CSV text of ``frame`` (no index) with formula-like text cells neutralised.

    Parameters
    ----------
    frame : pandas.DataFrame
    **to_csv
        Passed to :meth:`pandas.DataFrame.to_csv` (``index`` defaults to False).
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError("frame must be a pandas DataFrame")
    to_csv.setdefault("index", False)
    # RFC 4180's line end: the writer then quotes any cell holding a "\r" or "\n" (with "\n"
    # alone, a bare "\r" inside a cell stays unquoted and starts a new row in a spreadsheet,
    # where a leading "@" or "=" after it would run as a formula).
    to_csv.setdefault("lineterminator", "\r\n")
    return _safe_frame(frame).to_csv(**to_csv)


def write_safe_csv(frame: pd.DataFrame, path: str | Path, **to_csv) -> Path:
    """Write :func:`safe_csv` of ``frame`` to ``path`` (UTF-8 with a BOM, so Excel reads the
    Cyrillic right); a file that cannot be written raises a one-line ``FairnessError``."""
    path = Path(path)
    try:
        path.write_text(safe_csv(frame, **to_csv), encoding="utf-8-sig", newline="")
    except OSError:
        raise FairnessError(Message("error.cannot_write"), source=str(path)) from None
    return path
