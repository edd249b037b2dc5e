"""Cells -> values: text, numbers with decimal commas and thousand spaces, and times.

Times are read as ``DD.MM.YYYY HH:MM[:SS]``, ``DD.MM.YYYY``, ISO 8601 (with or without an
offset) or epoch seconds/milliseconds; times without an offset are taken as UTC (spreadsheets
rarely say their zone; a fixed reading keeps the order of spins and the weeks they fall in,
which is what the tests use). Times before 1990 or from 2200 on are unreadable (a typo, not a
spin). Parsers run once per distinct cell, so millions of rows cost what their few distinct
values cost.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from fairness.evidence import in_nanoseconds
from fairness.reading import fastcsv
from fairness.reading.grid import cell_text

__all__ = ["EARLIEST", "LATEST", "as_text", "blank_rows", "read_numbers", "read_times"]


def as_text(series: pd.Series) -> pd.Series:
    """Stripped text of a column ("" when empty), as pandas' (Arrow-backed) string dtype so
    that comparisons and factorising run in compiled code; typed columns (Parquet) are
    formatted value by distinct value."""
    if series.dtype != object and pd.api.types.is_string_dtype(series.dtype):
        return series.fillna("").str.strip()
    if series.dtype == object:
        text = series.map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v))
                          else v if isinstance(v, str) else cell_text(v))
        return text.astype("str").str.strip()
    codes, uniques = pd.factorize(series)
    shown = np.array([cell_text(u) for u in uniques] + [""], dtype=object)
    return pd.Series(shown[codes], index=series.index, dtype="str").str.strip()


def blank_rows(frame: pd.DataFrame) -> np.ndarray:
    """Rows whose cells are all empty or spaces (";;;" lines of spreadsheet exports)."""
    columns = [frame[column] for column in frame.columns]
    if any(fastcsv.never_empty(series) for series in columns):  # a big parsed log: no masks
        return np.zeros(len(frame), dtype=bool)
    blank = np.ones(len(frame), dtype=bool)
    rows = None  # all
    for series in columns:
        if rows is not None:
            series = series.iloc[rows]
        if isinstance(series.dtype, pd.CategoricalDtype):
            empty_unique = np.array([not str(u).strip() for u in series.cat.categories]
                                    + [True], dtype=bool)
            empty = empty_unique[series.array.codes]  # code -1 (missing): the last
        elif series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            codes, uniques = pd.factorize(series)
            empty_unique = np.array([not str(u).strip() for u in uniques] + [True], dtype=bool)
            empty = empty_unique[codes]
        else:
            empty = series.isna().to_numpy(dtype=bool)
        if rows is None:
            blank[:] = empty
        else:
            blank[rows] = empty
        rows = np.flatnonzero(blank)
        if not len(rows):
            break
    return blank


def _unique_map(text: pd.Series, parse: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """Apply a vectorised parser to the distinct values of ``text`` only."""
    codes, uniques = pd.factorize(text)
    parsed = parse(pd.Series(np.asarray(uniques, dtype=object), dtype=object))
    values = np.append(parsed.to_numpy(dtype=object), None)  # code -1: a missing cell
    return pd.Series(values[codes], index=text.index).infer_objects()


_NUMBER_JUNK = re.compile(r"[\s\u00a0\u202f\u2007']+")
_NUMBER_UNIT = re.compile(r"(?:%|₽|руб\.?|р\.?|rub)$", re.IGNORECASE)


def _parse_numbers(text: pd.Series) -> pd.Series:
    cleaned = (text.str.replace(_NUMBER_JUNK, "", regex=True).str.replace(",", ".", regex=False)
               .str.replace(_NUMBER_UNIT, "", regex=True))
    return pd.to_numeric(cleaned, errors="coerce").astype("float64")


def read_numbers(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(numbers, unreadable mask) of a column with decimal commas and thousand spaces."""
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(
            series.dtype):
        values = pd.to_numeric(series, errors="coerce").astype("float64")
        bad = values.isna() & series.notna() | ~np.isfinite(values.fillna(0))
        return values.where(~bad), bad
    text = as_text(series)
    values = _unique_map(text, _parse_numbers).astype("float64")
    bad = (values.isna() & (text != "")) | ~np.isfinite(values.fillna(0))
    return values.where(~bad), bad


EARLIEST = pd.Timestamp("1990-01-01", tz="UTC")
LATEST = pd.Timestamp("2200-01-01", tz="UTC")
_DOTTED_FORMATS = ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%d.%m.%y %H:%M",
                   "%d.%m.%y")
_EPOCH = re.compile(r"\d{9,10}(?:\.\d+)?|\d{12,13}")


def _parse_time_strings(values: pd.Series) -> pd.Series:
    """Distinct time strings -> UTC timestamps (NaT when unreadable).

    ISO 8601 first (the common, fast case), then epoch seconds/milliseconds and day-first
    dotted dates for what is left.
    """
    if values.dtype == object or not pd.api.types.is_string_dtype(values.dtype):
        values = values.astype(object).where(values.notna(), "").astype("str")
    text = values.fillna("").str.strip()
    out = pd.to_datetime(text.where(text != ""), format="ISO8601", errors="coerce", utc=True)
    out = out.astype("datetime64[us, UTC]")
    rest = (text != "") & out.isna()
    if rest.any():
        left = text[rest].str.replace(r"\s*,\s*", " ", regex=True)  # "05.01.2026, 10:00"
        epoch = left.str.fullmatch(_EPOCH)
        if epoch.any():
            number = pd.to_numeric(left[epoch], errors="coerce")
            seconds = number.where(number < 1e11, number / 1000.0)
            seconds = seconds.where(seconds.abs() < 1e11)  # beyond: no plausible time
            out[epoch[epoch].index] = pd.to_datetime(seconds, unit="s", utc=True,
                                                     errors="coerce").astype(out.dtype)
        dotted = left[~epoch & left.str.match(r"\d{1,2}\.\d{1,2}\.\d{2,4}")]
        for fmt in _DOTTED_FORMATS:
            todo = dotted[out[dotted.index].isna()]
            if todo.empty:
                break
            out[todo.index] = pd.to_datetime(todo, format=fmt, errors="coerce", utc=True)
    out[(out < EARLIEST) | (out >= LATEST)] = pd.NaT
    return out.dt.as_unit("ns")  # the times left fit nanoseconds


def read_times(series: pd.Series, parsed: bool = False) -> tuple[pd.Series, pd.Series | None]:
    """(UTC times, unreadable mask or None: none) of a time column of any kind; ``parsed``:
    the fast path read its cells already."""
    if parsed and isinstance(series.dtype, pd.DatetimeTZDtype):
        return series, None  # UTC nanoseconds, from microseconds (fastcsv.utc_times)
    if isinstance(series.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_dtype(
            series.dtype):  # Parquet: to microseconds, as the text parsers read
        times = pd.to_datetime(series, utc=True)
        # a far-future or ancient time (Parquet timestamp[s] holds year 292 billion) is an
        # unreadable date, as in text files; outside nanoseconds, conversions would overflow
        bad = times.notna() & ((times < EARLIEST) | (times >= LATEST))
        times = times.where(~bad).astype("datetime64[us, UTC]")
        return in_nanoseconds(times), (bad if bad.any() else None)
    text = as_text(series)  # epoch numbers (Parquet) become their digits
    text = text.astype("str")
    head = text.iloc[:10_000]
    if len(head) and head.nunique() > 0.5 * len(head):
        # mostly distinct (full timestamps): factorising would not save any parsing
        times = _parse_time_strings(text)
    else:
        codes, uniques = pd.factorize(text)
        parsed = _parse_time_strings(pd.Series(np.asarray(uniques, dtype=object), dtype=object))
        # take on naive datetime64 values: tz-aware arrays would go through Python objects
        naive = parsed.dt.tz_convert(None).to_numpy(dtype="datetime64[ns]")
        naive = np.append(naive, np.datetime64("NaT", "ns"))  # code -1: missing cell
        times = pd.Series(naive[codes], index=series.index).dt.tz_localize("UTC")
    bad = times.isna() & (text != "")
    return times, bad
