"""Reporters' logs in an Evidence spins table: their sequences, and which logs are complete.

This is the analysis layer's bridge between a pandas spins table and :mod:`fairness.stats`,
which takes arrays:

:func:`sequences_from_spins`  each reporter's outcome codes in spin order, as
                              :class:`~fairness.stats.sequences.Sequences`;
:func:`reporter_sequences`    the same as a dict reporter -> codes;
:func:`complete_logs`         which reporters' logs are complete (the one definition, used by
                              the reporting-bias analysis and by the verdict's complete-logs
                              finding through :func:`complete_reporters`);
:func:`group_codes`, :func:`reporter_codes`, :func:`seq_numbers`, :func:`seq_integers`
                              column helpers.

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
    "cumcount",
    "group_codes",
    "reporter_codes",
    "reporter_sequences",
    "seq_integers",
    "seq_numbers",
    "sequences_from_spins",
]

#: Rows per block of the passes over a big log (small temporaries, reused from block to block).
BLOCK = 1 << 16


def sequences_from_spins(spins: pd.DataFrame, *, min_length: int = 1,
                         rows: np.ndarray | None = None,
                         in_time_order: bool = False) -> Sequences:
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
    in_time_order : bool
        The caller knows that the rows are in time order, spins without a time last
        (:attr:`Evidence.time_order` is None), which then is not checked again.
    """
    if not isinstance(spins, pd.DataFrame):
        raise TypeError("spins must be a pandas DataFrame")
    for column in ("outcome", "reporter"):
        if column not in spins:
            raise ValueError(f"spins has no '{column}' column")
    outcome = spins["outcome"]
    if not isinstance(outcome.dtype, pd.CategoricalDtype):
        raise TypeError("spins['outcome'] must be categorical over the game's labels")
    picked = None
    if rows is not None:
        picked = np.flatnonzero(np.asarray(rows, dtype=bool))
        if not isinstance(spins["reporter"].dtype, pd.CategoricalDtype):
            # Reporters' names come from the rows taken (their first-seen order may differ
            # from the whole table's): take those rows first.
            needed = [c for c in ("outcome", "reporter", "seq", "reported_at") if c in spins]
            spins, picked = spins[needed].iloc[picked], None
            outcome = spins["outcome"]
    # A sample of a big log is taken from the code arrays and the columns it needs (no copy
    # of the table).
    codes = outcome.array.codes  # int8 for a few labels: a read-only view (.cat.codes copies)
    reporters, names = reporter_codes(spins["reporter"], rows=picked)
    if picked is not None:
        codes = codes[picked]
    keep = (reporters >= 0) & (codes >= 0)
    kept = np.flatnonzero(keep)
    groups = reporters[kept].astype(np.int64)
    counts = np.bincount(groups, minlength=len(names))
    ordered = np.empty(kept.size, dtype=codes.dtype)
    ordered[_places_within_groups(spins, picked, kept, groups, counts,
                                  in_time_order)] = codes[kept]
    long = counts >= max(1, int(min_length))
    chosen = np.repeat(long, counts)
    return Sequences(codes=ordered[chosen].astype(np.int64), lengths=counts[long],
                     keys=pd.Index(names, dtype=object)[long])


def group_codes(values: pd.Series) -> tuple[np.ndarray, Sequence[Any]]:
    """Integer code of each row's group (-1 when missing) and the group names.

    The codes keep the smallest integer type that holds them (a categorical's own codes: a
    read-only view, no copy): cast before doing arithmetic with them.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.array.codes, values.cat.categories  # a view: .cat.codes copies
    if values.dtype == object and values.isna().all():  # an absent column: no groups
        return np.full(len(values), -1, dtype=np.int8), pd.Index([], dtype=object)
    try:
        codes, names = pd.factorize(values, sort=True)
    except TypeError:  # labels of mixed types cannot be sorted: keep first-seen order
        codes, names = pd.factorize(values, sort=False)
    return codes.astype(np.int64), pd.Index(names, dtype=object)


def reporter_codes(values: pd.Series, rows: np.ndarray | None = None
                   ) -> tuple[np.ndarray, Sequence[Any]]:
    """Integer code of each row's reporter (-1 when missing) and the reporters, numbered in
    the order in which they first appear in the table (``rows``: of these rows only, as if
    the table held only them).

    Not in the order of their pseudonyms: those are keyed hashes with a fresh key for each
    reading (:mod:`fairness.reading.privacy`), so that order changed from run to run, and with
    it every random draw made reporter by reporter (the sample of a big log, permutations
    within reporters, random tables over reporters): the same file could get another verdict.
    The order of appearance is the file's own.
    """
    codes, names = group_codes(values)
    if rows is not None:
        codes = codes[rows]
    if not len(names) or _numbered_by_appearance(codes, len(names)):
        # (the table readers number reporters so when no row is rejected: no renumbering)
        return codes, names
    order = pd.unique(codes)  # the codes in order of first appearance (-1 among them)
    order = order[order >= 0]
    # new code of each old code; the extra last slot is where a missing code (-1) looks
    renumber = np.full(len(names) + 1, -1, dtype=np.int64)
    renumber[order] = np.arange(order.size)
    return renumber.astype(codes.dtype)[codes], names[order]


def _numbered_by_appearance(codes: np.ndarray, n: int) -> bool:
    """Whether ``codes`` (-1: missing) use every code ``0 .. n - 1`` and number them in order
    of first appearance: each code is at most one more than the largest before it.

    A block at a time, with a running maximum: a few cheap passes in the CPU cache, where
    numbering by first appearance (``pd.unique``) hashes every row.
    """
    top = -1  # the largest code so far
    largest = np.empty(min(BLOCK, len(codes)) + 1, dtype=codes.dtype)  # reused for each block
    for start in range(0, len(codes), BLOCK):
        block = codes[start: start + BLOCK]
        # The running maximum, from the last block's on, must rise by at most 1 at each step.
        # (It runs from -1 to n - 1, which the codes' own type holds.)
        running = largest[: len(block) + 1]
        running[0] = top
        running[1:] = block
        np.maximum.accumulate(running, out=running)
        if np.diff(running).max() > 1:
            return False
        top = int(running[-1])
    return top == n - 1


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


def _places_within_groups(spins: pd.DataFrame, picked: np.ndarray | None, rows: np.ndarray,
                          groups: np.ndarray, counts: np.ndarray,
                          in_time_order: bool = False) -> np.ndarray:
    """Where each of ``rows`` goes when sorted by group, then ``seq``, ``reported_at``
    (missing last), row.

    ``rows`` index the table's ``picked`` rows (all rows when None): the columns are read
    for those rows only, as if the table held nothing else. ``in_time_order``: the table's
    rows are known to be in that time order.
    """
    taken: dict[str, pd.Series] = {}

    def column(name: str) -> pd.Series:
        # (taken once: the rows of a sample are gathered from millions)
        if name not in taken:
            taken[name] = spins[name] if picked is None else spins[name].iloc[picked]
        return taken[name]

    seq = None
    # (a column with no number has none in any of its rows: none gathered)
    if "seq" in spins and spins["seq"].notna().any() and column("seq").notna().any():
        numbers = column("seq")
        whole = seq_integers(numbers)
        seq = whole[rows] if whole is not None else seq_numbers(numbers)[rows]
    if seq is not None and (seq.dtype == np.int64 or (
            np.isfinite(seq).all() and np.all(seq == np.round(seq)))):
        # Numbered 1..m within each group (as Evidence numbers them): each row's place is
        # known without sorting, provided the numbers really are 1..m once each.
        offsets = np.cumsum(counts) - counts
        within = seq.astype(np.int64)  # a copy: seq is a sort key below
        within -= 1
        if within.size and within.min() >= 0:
            place = counts[groups]  # first each row's group size, then its place
            if np.all(within < place):
                np.take(offsets, groups, out=place)
                place += within
                if np.all(np.bincount(place, minlength=rows.size) == 1):
                    return place
    if (seq is None or not np.isfinite(seq).any()) and (
            # (a whole table in time order is in order in any of its rows: none gathered)
            in_time_order or "reported_at" not in spins
            or spins["reported_at"].is_monotonic_increasing
            or not column("reported_at").notna().any()
            or column("reported_at").is_monotonic_increasing):
        # No numbers, and the rows already in time order (a big log usually is): each row's
        # place is its group's offset plus its rank in the group, counted in row order,
        # which is what the sort below would give without sorting ten million rows.
        offsets = np.cumsum(counts) - counts
        return offsets[groups] + cumcount(groups, counts.size) - 1
    keys: list[np.ndarray] = [np.arange(rows.size)]  # np.lexsort: last key is the primary one
    if "reported_at" in spins and column("reported_at").notna().any():
        stamps = column("reported_at")
        times = stamps.iloc[rows]
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


def cumcount(group_codes: np.ndarray, n_groups: int) -> np.ndarray:
    """1, 2, ... within each group (codes ``0 <= code < n_groups``), in the given order.

    Chunk by chunk: sorting 131,072 codes at a time stays in the CPU cache and reuses memory,
    which is several times faster than one sort of ten million. Each chunk's ranks continue
    the counts of the chunks before it."""
    n = len(group_codes)
    out = np.empty(n, dtype=np.int64)
    seen = np.zeros(n_groups, dtype=np.int64)  # members of each group in earlier chunks
    step = max(1 << 17, 2 * n_groups)  # the per-chunk work on all groups stays small
    places = np.arange(1, min(step, n) + 1)
    # numpy sorts 8- and 16-bit keys stably by radix: fast
    small = group_codes.dtype if group_codes.dtype.itemsize <= 2 else \
        np.uint16 if n_groups <= 1 << 16 else group_codes.dtype
    for start in range(0, n, step):
        codes = group_codes[start: start + step].astype(small, copy=False)
        order = np.argsort(codes, kind="stable")
        sizes = np.bincount(codes, minlength=n_groups)
        first = np.cumsum(sizes)
        first -= sizes + seen  # sorted place of each group's first, less earlier members
        # (in sorted order the groups come in runs: np.repeat spreads each group's start over
        # its run, twice as fast as gathering it per row)
        out[start: start + len(codes)][order] = places[: len(codes)] - np.repeat(first, sizes)
        seen += sizes
    return out


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
    complete = np.zeros(n_reporters, dtype=bool)
    if "seq" in spins and reporter.size and spins["seq"].notna().any():
        complete = _numbered_without_gaps(reporter, spins["seq"], n_reporters,
                                          max(1, int(min_spins)))
    if "complete" in spins:
        known = reporter >= 0
        groups = reporter[known]
        flags = spins["complete"].map(_as_flag).to_numpy(dtype=object)[known]
        given = np.array([f is not None for f in flags], dtype=bool)
        falses = np.array([f is False for f in flags], dtype=bool)
        has_flag = np.bincount(groups[given], minlength=n_reporters) > 0
        any_false = np.bincount(groups[falses], minlength=n_reporters) > 0
        complete = np.where(has_flag, ~any_false, complete)
    return complete


def _numbered_without_gaps(reporter: np.ndarray, seq_column: pd.Series, n_reporters: int,
                           min_spins: int) -> np.ndarray:
    """Rule 2 of a complete log: at least ``min_spins`` spins, every one numbered, and the
    numbers ``count`` distinct consecutive integers.

    Two passes over the rows, a block at a time (ten million spins make no ten-million-element
    temporaries, whose fresh memory costs more than the arithmetic): the first counts each
    reporter's spins and finds their lowest number ``low``; the second marks place
    ``number - low`` of the reporter's block of ``count`` places (numbers past the block go to
    one spare place). The numbers are then ``low .. low + count - 1`` once each exactly when
    all ``count`` places are marked.
    """
    whole = seq_integers(seq_column)
    numbers = seq_numbers(seq_column) if whole is None else None
    size = reporter.size
    count = np.zeros(n_reporters, dtype=np.int64)
    numbered_count = count if whole is not None else np.zeros(n_reporters, dtype=np.int64)
    low = np.full(n_reporters, np.iinfo(np.int64).max, dtype=np.int64)

    def blocks():  # (reporter codes as intp, their numbers as int64, numbered flags or None)
        for start in range(0, size, BLOCK):
            groups = reporter[start: start + BLOCK].astype(np.intp)
            if whole is not None:
                seq, numbered = whole[start: start + BLOCK], None
            else:
                floats = numbers[start: start + BLOCK]
                numbered = np.isfinite(floats) & (floats == np.round(floats))
                seq = np.where(numbered, floats, 0).astype(np.int64)
            known = groups >= 0
            if not known.all():
                groups, seq = groups[known], seq[known]
                numbered = None if numbered is None else numbered[known]
            yield groups, seq, numbered

    for groups, seq, numbered in blocks():
        count += np.bincount(groups, minlength=n_reporters)
        if numbered is not None:
            numbered_count += np.bincount(groups, weights=numbered, minlength=n_reporters
                                          ).astype(np.int64)
        np.minimum.at(low, groups, seq)
    candidate = (numbered_count == count) & (count >= min_spins)
    total = int(count.sum())
    starts = np.cumsum(count) - count
    # Reporters already ruled out get an empty block: all their spins go to the spare place.
    room = np.where(candidate, count, 0).astype(np.uint64)
    taken = np.zeros(total + 1, dtype=bool)
    for groups, seq, _ in blocks():
        # seq - low >= 0 always, computed modulo 2**64 and read as unsigned: exact for any
        # int64 numbers (no overflow however far apart they are).
        offset = np.subtract(seq, low[groups]).view(np.uint64)
        beyond = offset >= room[groups]
        place = offset.view(np.int64)
        place += starts[groups]
        place[beyond] = total
        taken[place] = True
    distinct = _sums_by_block(taken, starts, count)
    return candidate & (distinct == count)


def _sums_by_block(flags: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Number of True flags in each block ``starts[i] .. starts[i] + lengths[i] - 1`` (blocks
    in order, back to back), summed a stretch of about BLOCK flags at a time."""
    out = np.zeros(lengths.size, dtype=np.int64)
    used = np.flatnonzero(lengths > 0)
    firsts = starts[used]
    first = 0
    while first < used.size:
        begin = int(firsts[first])
        last = max(first + 1, int(np.searchsorted(firsts, begin + BLOCK, side="left")))
        end = int(firsts[last - 1] + lengths[used[last - 1]])
        out[used[first:last]] = np.add.reduceat(flags[begin:end], firsts[first:last] - begin,
                                                dtype=np.int64)
        first = last
    return out


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
    codes, names = reporter_codes(spins["reporter"])
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
