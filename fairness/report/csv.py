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

from fairness.errors import FairnessError

__all__ = ["FORMULA_PREFIXES", "neutralise", "safe_csv", "write_safe_csv"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """``value`` with a leading ``'`` when it is text that a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        if pd.api.types.is_datetime64_any_dtype(series):
            continue
        text = series.astype("object")
        mask = text.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_PREFIXES))
        if mask.any():
            text = text.where(~mask.astype(bool), "'" + text.astype(str))
        out[column] = text
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


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
    return _safe_frame(frame).to_csv(**to_csv)


def write_safe_csv(frame: pd.DataFrame, path: str | Path, **to_csv) -> Path:
    """Write :func:`safe_csv` of ``frame`` to ``path`` (UTF-8 with a BOM, so Excel reads the
    Cyrillic right); a file that cannot be written raises a one-line ``FairnessError``."""
    path = Path(path)
    try:
        path.write_text(safe_csv(frame, **to_csv), encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise FairnessError(f"cannot write ({exc.strerror or exc})", source=str(path)) from None
    return path
