"""Reporters' logs in an Evidence spins table: their sequences, and which logs are complete.

This is the analysis layer's bridge between a pandas spins table and :mod:`fairness.stats`,
which takes arrays:

:func:`sequences_from_spins`  each reporter's outcome codes in spin order, as
                              :class:`~fairness.stats.sequences.Sequences`;
:func:`reporter_sequences`    the same as a dict reporter -> codes;
:func:`complete_logs`         which reporters' logs are complete (the one definition, used by
                              the reporting-bias analysis and by the verdict's complete-logs
                              finding through :func:`complete_reporters`);
:func:`group_codes`, :func:`seq_numbers`, :func:`seq_integers`  column helpers.

A complete log
--------------
A reporter's log is **complete** when

1. the spins table has a ``complete`` column with a value for the reporter: the log is
   complete when every given value is true ("all my spins since I joined", the reporter's own
   statement) and incomplete when any is false; otherwise
2. the reporter has at least ``min_spins`` spins (``Thresholds.min_complete_log``, 20) and their
   ``seq`` numbers are that many distinct consecutive integers: no gap, no repeat, no spin
   without a number (a gap is a spin the reporter did not post).

A reporter who posts every spin of a run is not choosing what to post, so outcomes from complete
logs are free of selective reporting (not of who chose to start logging).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from fairness.stats.sequences import Sequences
from fairness.thresholds import DEFAULT

__all__ = [
    "complete_logs",
    "complete_reporters",
    "complete_spins",
    "group_codes",
    "reporter_sequences",
    "seq_integers",
    "seq_numbers",
    "sequences_from_spins",
]


def sequences_from_spins(spins: pd.DataFrame, *, min_length: int = 1,
                         rows: np.ndarray | None = None) -> Sequences:
    """Each reporter's outcome codes in order, from an Evidence spins table.

    Parameters
    ----------
    spins : pandas.DataFrame
        With columns ``outcome`` (categorical over the game's labels), ``reporter`` and, if
        present, ``seq`` and ``reported_at``. Each reporter's spins are ordered by ``seq``,
        then ``reported_at``, then row (missing values last). Spins without a reporter are
        left out: they have no sequence.
    min_length : int
        Reporters with fewer spins are left out.
    rows : numpy.ndarray of bool, optional
        Use only these rows (e.g. the spins of a sample of reporters).
    """
    if not isinstance(spins, pd.DataFrame):
        raise TypeError("spins must be a pandas DataFrame")
    for column in ("outcome", "reporter"):
        if column not in spins:
            raise ValueError(f"spins has no '{column}' column")
    outcome = spins["outcome"]
    if not isinstance(outcome.dtype, pd.CategoricalDtype):
        raise TypeError("spins['outcome'] must be categorical over the game's labels")
    if rows is not None:  # take the rows first: a sample is a fraction of a big log
        needed = [c for c in ("outcome", "reporter", "seq", "reported_at") if c in spins]
        spins = spins[needed].iloc[np.flatnonzero(np.asarray(rows, dtype=bool))]
        outcome = spins["outcome"]
    codes = outcome.cat.codes.to_numpy()  # int8 for a few labels: cheap to move around
    reporter_codes, names = group_codes(spins["reporter"])
    keep = (reporter_codes >= 0) & (codes >= 0)
    rows = np.flatnonzero(keep)
    groups = reporter_codes[rows].astype(np.int64)
    counts = np.bincount(groups, minlength=len(names))
    ordered = np.empty(rows.size, dtype=codes.dtype)
    ordered[_places_within_groups(spins, rows, groups, counts)] = codes[rows]
    long = counts >= max(1, int(min_length))
    chosen = np.repeat(long, counts)
    return Sequences(codes=ordered[chosen].astype(np.int64), lengths=counts[long],
                     keys=pd.Index(names, dtype=object)[long])


def group_codes(values: pd.Series) -> tuple[np.ndarray, Sequence[Any]]:
    """Integer code of each row's group (-1 when missing) and the group names.

    The codes keep the smallest integer type that holds them (a categorical's own codes, no
    copy): cast before doing arithmetic with them.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(), values.cat.categories
    if values.dtype == object and values.isna().all():  # an absent column: no groups
        return np.full(len(values), -1, dtype=np.int8), pd.Index([], dtype=object)
    try:
        codes, names = pd.factorize(values, sort=True)
    except TypeError:  # labels of mixed types cannot be sorted: keep first-seen order
        codes, names = pd.factorize(values, sort=False)
    return codes.astype(np.int64), pd.Index(names, dtype=object)


def seq_numbers(values: pd.Series) -> np.ndarray:
    """A ``seq`` column as floats (NaN where missing or not a number)."""
    if pd.api.types.is_numeric_dtype(values.dtype):  # Evidence's Int64: no parsing needed
        return values.to_numpy(dtype=float, na_value=np.nan)
    return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def seq_integers(values: pd.Series) -> np.ndarray | None:
    """A ``seq`` column as int64 when it is an integer column with no missing value (as
    Evidence's usually is), else None (then use :func:`seq_numbers`). Ten times cheaper than
    the floats for a big log."""
    if not pd.api.types.is_integer_dtype(values.dtype) or values.hasnans:
        return None
    return values.to_numpy(dtype=np.int64)


def _places_within_groups(spins: pd.DataFrame, rows: np.ndarray, groups: np.ndarray,
                          counts: np.ndarray) -> np.ndarray:
    """Where each of ``rows`` goes when sorted by group, then ``seq``, ``reported_at``, row."""
    seq = None
    if "seq" in spins:
        whole = seq_integers(spins["seq"])
        seq = whole[rows] if whole is not None else seq_numbers(spins["seq"])[rows]
    if seq is not None and (seq.dtype == np.int64 or (
            np.isfinite(seq).all() and np.all(seq == np.round(seq)))):
        # Numbered 1..m within each group (as Evidence numbers them): each row's place is
        # known without sorting, provided the numbers really are 1..m once each.
        offsets = np.cumsum(counts) - counts
        within = seq.astype(np.int64) - 1
        if within.size and within.min() >= 0 and np.all(within < counts[groups]):
            place = offsets[groups] + within
            if np.all(np.bincount(place, minlength=rows.size) == 1):
                return place
    keys: list[np.ndarray] = [np.arange(rows.size)]  # np.lexsort: last key is the primary one
    if "reported_at" in spins and spins["reported_at"].notna().any():
        times = spins["reported_at"].iloc[rows]
        missing = times.isna().to_numpy()
        if isinstance(times.dtype, pd.DatetimeTZDtype):
            times = times.dt.tz_convert(None)
        ints = times.to_numpy("datetime64[ns]").view(np.int64) if len(times) else np.zeros(0)
        keys += [np.where(missing, 0, ints), missing]
    if seq is not None:
        missing = ~np.isfinite(seq)
        keys += [np.where(missing, 0.0, seq), missing]
    keys.append(groups)
    place = np.empty(rows.size, dtype=np.int64)
    place[np.lexsort(keys)] = np.arange(rows.size)
    return place


def reporter_sequences(spins: pd.DataFrame, *, min_length: int = 1) -> dict[Any, np.ndarray]:
    """reporter -> outcome codes in spin order (:func:`sequences_from_spins` as a dict)."""
    return sequences_from_spins(spins, min_length=min_length).to_dict()


def complete_reporters(spins: pd.DataFrame, reporter: np.ndarray, n_reporters: int,
                       min_spins: int = DEFAULT.min_complete_log) -> np.ndarray:
    """Which reporters have complete logs (the definition in the module docstring).

    Parameters
    ----------
    spins : pandas.DataFrame
        An Evidence spins table (``seq`` and optionally ``complete`` are read).
    reporter : numpy.ndarray of int
        Reporter code of each row, ``0 .. n_reporters - 1`` (-1: no reporter), as from
        :func:`group_codes`.
    n_reporters : int
    min_spins : int

    Returns
    -------
    numpy.ndarray of bool
        One flag per reporter.
    """
    reporter = np.asarray(reporter)
    known = reporter >= 0
    everyone = bool(known.all())  # the usual case: no copies of ten million codes
    groups = reporter if everyone else reporter[known]
    count = np.bincount(groups, minlength=n_reporters)
    complete = np.zeros(n_reporters, dtype=bool)
    if "seq" in spins and groups.size:
        seq = seq_integers(spins["seq"])
        if seq is None:
            numbers = seq_numbers(spins["seq"])[known]
            numbered = np.isfinite(numbers) & (numbers == np.round(numbers))
            seq = np.where(numbered, numbers, 0).astype(np.int64)
            numbered_count = np.bincount(groups, weights=numbered, minlength=n_reporters)
        else:
            seq = seq if everyone else seq[known]
            numbered_count = count
        # Every spin numbered, and the numbers are `count` distinct consecutive integers:
        # max - min + 1 == count, and no place low .. high taken twice. Written for ten
        # million spins: ufunc.at and in-place arithmetic, one temporary array.
        big, small = np.iinfo(np.int64).max, np.iinfo(np.int64).min
        low, high = np.full(n_reporters, big), np.full(n_reporters, small)
        np.minimum.at(low, groups, seq)
        np.maximum.at(high, groups, seq)
        span = ((numbered_count == count) & (count >= max(1, int(min_spins)))
                & (high - low + 1 == count))
        # Each spin's place in its reporter's block of `count` places; the spins of
        # reporters already ruled out all go to one spare place past the blocks.
        total = int(count.sum())
        starts = np.cumsum(count) - count
        shift = np.where(span, starts - low, total - low)
        small_enough = total < 2**31 - 1 and np.all(np.abs(shift[count > 0]) < 2**30) and (
            not seq.size or (seq.min() > -2**30 and seq.max() < 2**30))
        kind = np.int32 if small_enough else np.int64  # half the memory when it fits
        place = np.take(shift.astype(kind), groups)
        np.add(place, seq, out=place, casting="same_kind")  # (no int32 copy of seq)
        np.minimum(place, total, out=place)
        taken = np.zeros(total + 1, dtype=bool)
        taken[place] = True
        used = np.flatnonzero(count > 0)
        distinct = np.zeros(n_reporters, dtype=np.int64)
        if used.size:
            distinct[used] = np.add.reduceat(taken[:total], starts[used], dtype=np.int64)
        complete = span & (distinct == count)
    if "complete" in spins:
        flags = spins["complete"].map(_as_flag).to_numpy(dtype=object)[known]
        given = np.array([f is not None for f in flags], dtype=bool)
        falses = np.array([f is False for f in flags], dtype=bool)
        has_flag = np.bincount(groups[given], minlength=n_reporters) > 0
        any_false = np.bincount(groups[falses], minlength=n_reporters) > 0
        complete = np.where(has_flag, ~any_false, complete)
    return complete


def _longest_consecutive(seq: np.ndarray) -> int:
    """Longest run of consecutive integers in an array of sequence numbers."""
    if seq.size == 0:
        return 0
    values = np.unique(seq)
    breaks = np.flatnonzero(np.diff(values) != 1)
    bounds = np.concatenate(([-1], breaks, [values.size - 1]))
    return int(np.diff(bounds).max())


def complete_logs(spins: pd.DataFrame, min_consecutive: int = DEFAULT.min_complete_log
                  ) -> pd.DataFrame:
    """Which reporters have complete logs? (The definition is in the module docstring.)

    Parameters
    ----------
    spins : pandas.DataFrame
        An Evidence spins table (``reporter``, optionally ``seq`` and ``complete``).
    min_consecutive : int
        Spins, numbered without gaps, that make a log complete (without a flag).

    Returns
    -------
    pandas.DataFrame
        One row per reporter: ``reporter``, ``spins``, ``longest_consecutive`` (longest run
        of consecutive ``seq`` numbers), ``flagged`` (from ``complete``; NA without the
        column), ``complete`` (bool), ``reason``.
    """
    if not isinstance(spins, pd.DataFrame):
        raise TypeError("spins must be a pandas DataFrame")
    if "reporter" not in spins:
        raise ValueError("spins has no 'reporter' column")
    if isinstance(min_consecutive, bool) or not isinstance(min_consecutive, (int, np.integer)):
        raise TypeError("min_consecutive must be an integer")
    if min_consecutive < 1:
        raise ValueError(f"min_consecutive must be >= 1, not {min_consecutive}")
    codes, names = group_codes(spins["reporter"])
    present = np.unique(codes[codes >= 0])
    complete = complete_reporters(spins, codes, len(names), int(min_consecutive))
    has_flag = "complete" in spins
    flags = spins["complete"].map(_as_flag) if has_flag else None
    seq = seq_numbers(spins["seq"]) if "seq" in spins else None
    rows = []
    for code in present.tolist():
        mine = codes == code
        numbers = None if seq is None else seq[mine]
        if numbers is not None and np.isfinite(numbers).all():
            longest = _longest_consecutive(numbers.astype(np.int64))
        else:
            longest = 0
        flagged = pd.NA
        reason = (f"{min_consecutive}+ spins numbered without gaps" if complete[code]
                  else f"fewer than {min_consecutive} spins numbered without gaps")
        if has_flag:
            given = flags[mine].dropna()
            if len(given):
                flagged = bool(given.all())
                reason = "flagged complete" if flagged else "flagged incomplete"
        rows.append({"reporter": names[code], "spins": int(mine.sum()),
                     "longest_consecutive": longest, "flagged": flagged,
                     "complete": bool(complete[code]), "reason": reason})
    return pd.DataFrame(rows, columns=["reporter", "spins", "longest_consecutive", "flagged",
                                       "complete", "reason"])


def _as_flag(value: object) -> object:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer, float)):
        return bool(value)
    text = str(value).strip().casefold()
    if text in {"1", "true", "yes", "y", "да", "complete", "полный"}:
        return True
    if text in {"0", "false", "no", "n", "нет", ""}:
        return False
    return None


def complete_spins(spins: pd.DataFrame, min_consecutive: int = DEFAULT.min_complete_log
                   ) -> pd.DataFrame:
    """The rows of ``spins`` from reporters with complete logs (see :func:`complete_logs`)."""
    table = complete_logs(spins, min_consecutive)
    keep = set(table.loc[table["complete"], "reporter"])
    return spins[spins["reporter"].isin(keep)]
