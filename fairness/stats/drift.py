"""Drift: did the chances change over time?

:func:`drift_test`    at most one change point in time: the maximum over split points of the
                      likelihood-ratio statistic for "different chances before and after" [6]_,
                      with a permutation p-value (Besag and Clifford's sequential p-value),
                      plus a windowed table of the rates over time;
:func:`drift_tests`   the same scan for several outcomes (e.g. all, the top prize) in one
                      pass over the spins;
:func:`time_windows`  window labels (weeks by default) for tables and homogeneity tests.

References
----------
.. [6] L. Horváth and J. Serbinowska (1995). Testing for changes in multinomial observations:
   the Lindisfarne scribes problem. *Scandinavian Journal of Statistics* 22(3), 371-384.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from fairness.stats._montecarlo import growing_chunks, sequential_pvalue
from fairness.stats._result import Result
from fairness.stats._validation import as_codes, check_k, check_simulations
from fairness.stats.counting import counts_before
from fairness.stats.intervals import clopper_pearson

__all__ = ["DriftResult", "drift_test", "drift_tests", "time_windows"]


def _as_nanoseconds(series: pd.Series) -> np.ndarray:
    """Datetimes (aware ones in UTC) as int64 nanoseconds; numbers as they are."""
    if pd.api.types.is_datetime64_any_dtype(series):
        return series.to_numpy(dtype="datetime64[ns]").view(np.int64)
    return series.to_numpy()


def time_windows(times, windows: object = None) -> tuple[np.ndarray, pd.DataFrame]:
    """Window number of each spin and a table of the windows (``window``, ``start``, ``end``).

    Parameters
    ----------
    times : array_like
        Datetimes (timezone-aware or naive) or numbers; NaT/NaN are not allowed.
    windows : None, str, pandas.Timedelta or int
        A width (``"7D"``, ``"1D"``, ``pd.Timedelta(days=7)``) counted from the floor of the
        first day, or a number of windows with equal numbers of spins. Default: weeks for
        datetimes, 10 equal-count windows for numbers.

    Returns
    -------
    labels : numpy.ndarray of int
        Window of each spin, ``0 ..``.
    table : pandas.DataFrame
        ``window``, ``start``, ``end`` (``end`` exclusive for width windows, the last time for
        equal-count windows).
    """
    series = pd.Series(times)
    is_time = pd.api.types.is_datetime64_any_dtype(series)
    if not is_time and series.dtype == object and series.size:
        try:
            series = pd.to_datetime(series, utc=True)
            is_time = True
        except (ValueError, TypeError):
            pass
    if series.isna().any():
        raise ValueError("times must not contain missing values")
    if series.size == 0:
        return np.zeros(0, dtype=np.int64), pd.DataFrame({"window": [], "start": [], "end": []})
    if windows is None:
        windows = "7D" if is_time else 10
    if isinstance(windows, (int, np.integer)) and not isinstance(windows, bool):
        count = int(windows)
        if count < 1:
            raise ValueError(f"windows must be >= 1, not {windows}")
        order = np.argsort(series.to_numpy(), kind="stable")
        labels = np.empty(series.size, dtype=np.int64)
        labels[order] = np.minimum(np.arange(series.size) * count // series.size, count - 1)
        frame = pd.DataFrame({"window": labels, "time": series.to_numpy()})
        table = frame.groupby("window")["time"].agg(["min", "max"]).reset_index()
        table.columns = ["window", "start", "end"]
        return labels, table
    if not is_time:
        width = float(windows)
        start = float(series.min())
        labels = np.floor((series.to_numpy(dtype=float) - start) / width).astype(np.int64)
        count = int(labels.max()) + 1
        starts = start + width * np.arange(count)
        return labels, pd.DataFrame({"window": np.arange(count), "start": starts,
                                     "end": starts + width})
    start, width = _window_grid(series, windows)
    # Integer nanoseconds: the same floor division as on Timestamps, without boxing millions.
    labels = (_as_nanoseconds(series) - start.value) // width.value
    return labels, _width_table(start, width, int(labels.max()) + 1)


def _window_grid(series: pd.Series, windows: object) -> tuple[pd.Timestamp, pd.Timedelta]:
    """Start (the floor of the first day) and width of width windows over datetimes."""
    width = pd.Timedelta(windows)
    if width <= pd.Timedelta(0):
        raise ValueError(f"windows must be a positive width, not {windows!r}")
    return series.min().floor("D"), width


def _width_table(start: pd.Timestamp, width: pd.Timedelta, count: int) -> pd.DataFrame:
    starts = pd.DatetimeIndex([start + i * width for i in range(count)])
    return pd.DataFrame({"window": np.arange(count), "start": starts, "end": starts + width})


def _window_edges(keys: np.ndarray, start: pd.Timestamp, width: pd.Timedelta
                  ) -> tuple[np.ndarray, pd.DataFrame]:
    """(edges, window table) of width windows for nanosecond ``keys`` in ascending order:
    window ``i`` holds spins ``edges[i] .. edges[i + 1] - 1``, found by binary search, so no
    per-spin window numbers are made (the same windows as :func:`time_windows`)."""
    count = int((int(keys[-1]) - start.value) // width.value) + 1
    edges = np.searchsorted(keys, start.value + width.value * np.arange(count + 1))
    edges[-1] = keys.size
    return edges, _width_table(start, width, count)


def _ascending(keys: np.ndarray, block: int = 1 << 18) -> bool:
    """Whether ``keys`` never decrease, checked a block at a time (no temporary as long as
    the keys)."""
    for begin in range(0, keys.size - 1, block):
        end = min(begin + block, keys.size - 1)
        if not np.all(keys[begin + 1: end + 1] >= keys[begin: end]):
            return False
    return True


def _scan_statistics(cumulative: np.ndarray, split: np.ndarray, xlogx: np.ndarray) -> np.ndarray:
    """Likelihood-ratio statistic of a change after each split, for a batch of sequences.

    ``cumulative`` has shape (b, N + 1, K) (cumulative integer counts, row 0 = zeros) and
    ``xlogx[c] = c log c`` for ``c = 0 .. N``; returns (b, len(split)). With integer counts
    ``sum_j b_j log(b_j / tau) = sum_j b_j log b_j - tau log tau``, so the statistic is a few
    table look-ups per split.
    """
    n = cumulative.shape[1] - 1
    total = cumulative[:, -1, :]
    before = cumulative[:, split, :]
    after = total[:, None, :] - before
    loglik = (xlogx[before].sum(axis=-1) - xlogx[split][None, :]
              + xlogx[after].sum(axis=-1) - xlogx[n - split][None, :])
    whole = xlogx[total].sum(axis=-1) - xlogx[n]
    return 2.0 * (loglik - whole[:, None])


@dataclass(frozen=True)
class DriftResult(Result):
    """Result of :func:`drift_test`.

    Attributes
    ----------
    statistic : float
        Largest likelihood-ratio (G) statistic over the allowed split points.
    pvalue : float
        Permutation p-value of that maximum (the order of the spins shuffled).
    change_index : int
        Number of spins (in time order) before the estimated change.
    change_time : object
        Time of the first spin after the change.
    rates_before, rates_after : numpy.ndarray
        Observed share of each outcome before and after.
    windows : pandas.DataFrame
        Tidy table per window and outcome (see :func:`drift_test`).
    """

    statistic: float
    pvalue: float
    change_index: int
    change_time: Any
    n_before: int
    n_after: int
    rates_before: np.ndarray = field(repr=False, compare=False)
    rates_after: np.ndarray = field(repr=False, compare=False)
    stated: np.ndarray | None = field(repr=False, compare=False)
    outcomes: tuple = field(repr=False)
    windows: pd.DataFrame = field(repr=False, compare=False)
    n: int = 0
    n_simulations: int = 0
    min_segment: int = 0
    method: str = ""

    def rates_frame(self, labels: Sequence[str] | None = None) -> pd.DataFrame:
        """Per outcome: rate before and after the change, their ratio, and the stated chance."""
        k = len(self.rates_before)
        names = list(labels) if labels is not None else list(self.outcomes)
        if len(names) != k:
            raise ValueError(f"labels must have {k} entries")
        before = np.asarray(self.rates_before, dtype=float)
        after = np.asarray(self.rates_after, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(before > 0, after / np.where(before > 0, before, 1.0), np.nan)
        stated = (np.full(k, np.nan) if self.stated is None
                  else np.asarray(self.stated, dtype=float))
        return pd.DataFrame({"outcome": names, "rate_before": before, "rate_after": after,
                             "ratio_after_before": ratio, "stated": stated,
                             "n_before": self.n_before, "n_after": self.n_after})

    def most_changed(self) -> int:
        """Index of the outcome whose rate changed most, by the two-proportion z statistic
        ``(after - before) / sqrt(p (1 - p) (1 / n_before + 1 / n_after))``."""
        before = np.asarray(self.rates_before, dtype=float)
        after = np.asarray(self.rates_after, dtype=float)
        if before.size == 0 or self.n_before == 0 or self.n_after == 0:
            return 0
        pooled = (before * self.n_before + after * self.n_after) / (self.n_before + self.n_after)
        se = np.sqrt(pooled * (1 - pooled) * (1 / self.n_before + 1 / self.n_after))
        z = np.divide(after - before, se, out=np.zeros_like(se), where=se > 0)
        return int(np.argmax(np.abs(z)))

    def summary(self) -> dict[str, Any]:
        before = np.asarray(self.rates_before, dtype=float)
        after = np.asarray(self.rates_after, dtype=float)
        i = self.most_changed()
        ratio = after[i] / before[i] if before.size and before[i] > 0 else float("nan")
        return {
            "test": "drift",
            "statistic_name": "max G over change points",
            "statistic": float(self.statistic),
            "pvalue": float(self.pvalue),
            "effect_name": "rate after / rate before, most changed outcome",
            "effect": float(ratio),
            "effect_outcome": self.outcomes[i] if before.size else None,
            "rate_before": float(before[i]) if before.size else float("nan"),
            "rate_after": float(after[i]) if before.size else float("nan"),
            "change_index": int(self.change_index),
            "change_time": self.change_time,
            "n_before": int(self.n_before),
            "n_after": int(self.n_after),
            "n": int(self.n),
            "n_simulations": int(self.n_simulations),
            "method": self.method,
        }



def drift_test(times, codes, k_outcomes: int, stated=None, windows: object = None, *,
               outcome=None, n_simulations: int = 1000, seed=0, min_segment: float = 0.05,
               max_splits: int = 1000, level: float = 0.95) -> DriftResult:
    r"""Did the chances change over time, when, and by how much?

    Spins are put in time order (ties keep their input order) and, for every split
    :math:`\tau` (spins before the change), the likelihood-ratio statistic of "one set of
    chances before, another after" against "the same chances throughout" is

    .. math::

        G(\tau) = 2\Big[\sum_j b_j \log\frac{b_j}{\tau} + \sum_j a_j\log\frac{a_j}{N-\tau}
                  - \sum_j c_j \log\frac{c_j}{N}\Big],

    (:math:`b, a, c` the counts before, after and in total), i.e. the G statistic of the
    2 x K table before/after [6]_. The statistic is :math:`\max_\tau G(\tau)` over splits that
    leave at least ``min_segment`` of the spins (a fraction, or a count when >= 1) on each side,
    the estimated change point its argmax. Its null distribution is not chi-square (a maximum
    over many splits), so the p-value is a permutation one: under the null the time order of
    honest spins is exchangeable; ``B`` random orders give
    :math:`p = (1 + \#\{\max G_{sim} \ge \max G_{obs}\}) / (B + 1)`. One change point is
    estimated (at-most-one-change); for several, apply the test again to each side (binary
    segmentation).

    With ``outcome`` (a code or codes) the scan is on the binary indicator of those outcomes
    (more power for one prize, e.g. the top prize disappearing); otherwise on all outcomes.

    Pooling reporters: if reporters with different chances join at different times, a change
    of who reports looks like drift; check :func:`homogeneity_test` across reporters first.

    Parameters
    ----------
    times : array_like
        Time of each spin (datetimes or numbers).
    codes : array_like of int
        Outcome code of each spin.
    k_outcomes : int
    stated : array_like, optional
        Stated chances (length ``k_outcomes``), shown beside the rates; not used by the test.
    windows : None, str, pandas.Timedelta or int
        Windows of the table over time (see :func:`time_windows`; default weekly).
    outcome : int or iterable of int, optional
    n_simulations : int
    seed : int or numpy.random.Generator
    min_segment : float
    max_splits : int
        With more candidate splits than this, an evenly spaced grid of ``max_splits`` of them is
        scanned (the same grid for the data and the permutations, so the p-value stays exact;
        the change point is then located to within ``N / max_splits`` spins).
    level : float
        Confidence level of the windowed rates (Clopper-Pearson).

    Returns
    -------
    DriftResult
        ``windows`` holds, per window and outcome: ``window``, ``start``, ``end``, ``spins``,
        ``outcome``, ``count``, ``rate``, ``ci_low``, ``ci_high``, ``stated``.
    """
    return drift_tests(times, codes, k_outcomes, [outcome], stated=stated, windows=windows,
                       n_simulations=n_simulations, seeds=[seed], min_segment=min_segment,
                       max_splits=max_splits, level=level)[0]


def drift_tests(times, codes, k_outcomes: int, outcomes, *, stated=None, windows: object = None,
                n_simulations: int = 1000, seeds=None, min_segment: float = 0.05,
                max_splits: int = 1000, level: float = 0.95) -> list[DriftResult]:
    """:func:`drift_test` for each of ``outcomes`` (None: all outcomes; a code or codes: that
    indicator) on the same spins, as if called once for each, with ``seeds[i]`` for scan ``i``
    (default: seed 0 for each).

    The scans share their work: the spins are checked and put in time order once, and one
    counting pass over them gives every scan's counts (the window table, the counts before
    each split point - an indicator's are the sums of its outcomes' - and the totals), so two
    scans of ten million spins cost about what one did.
    """
    outcomes = list(outcomes)
    seeds = [0] * len(outcomes) if seeds is None else list(seeds)
    if len(seeds) != len(outcomes):
        raise ValueError(f"seeds must have one entry per scan ({len(outcomes)}), "
                         f"not {len(seeds)}")
    k = check_k(k_outcomes)
    n_simulations = check_simulations(n_simulations)
    codes = as_codes(codes, "codes", k, compact=True)
    time_series = pd.Series(times)
    if time_series.size != codes.size:
        raise ValueError(f"times and codes must have the same length "
                         f"({time_series.size} != {codes.size})")
    if time_series.isna().any():
        raise ValueError("times must not contain missing values (drop spins without a time)")
    if stated is not None:
        stated = np.asarray(stated, dtype=float).reshape(-1)
        if stated.size != k:
            raise ValueError(f"stated must have {k_outcomes} entries, not {stated.size}")
    if not 0.0 < float(level) < 1.0:
        raise ValueError(f"level must be in (0, 1), not {level}")
    whole = isinstance(max_splits, (int, np.integer)) and not isinstance(max_splits, bool)
    if not whole or max_splits < 1:
        raise ValueError(f"max_splits must be a whole number >= 1, not {max_splits!r}")
    keys = _as_nanoseconds(time_series)
    if _ascending(keys):  # logs usually come in time order
        ordered_codes, ordered_times, ordered_keys = codes, time_series, keys
    else:
        order = np.argsort(keys, kind="stable")
        ordered_codes = codes[order]
        ordered_times = time_series.iloc[order].reset_index(drop=True)
        ordered_keys = keys[order]
    n = int(codes.size)
    size = math.ceil(min_segment * n) if min_segment < 1 else int(min_segment)
    size = max(size, 1)
    if n - 2 * size + 1 > max_splits:  # a grid, without listing every split first
        split = np.unique(np.linspace(size, n - size, int(max_splits)).round().astype(int))
    else:
        split = np.arange(size, n - size + 1)

    # One counting pass: the counts of each outcome before every point any part needs (the
    # window edges, the split points, the end), all exact integers.
    if (pd.api.types.is_datetime64_any_dtype(time_series) and n
            and not isinstance(windows, (int, np.integer, float))):
        # The first of the ordered times is their minimum: no pass over them all.
        start, width = _window_grid(ordered_times.iloc[:1], "7D" if windows is None else windows)
        edges, window_table = _window_edges(ordered_keys, start, width)
    else:
        edges = None
    points = np.unique(np.concatenate([split, [n], [] if edges is None else edges[1:]])
                       ).astype(np.int64)
    table = counts_before(ordered_codes, points, k)

    def before(at: np.ndarray) -> np.ndarray:  # counts of each outcome among the first `at`
        return table[np.searchsorted(points, at)]

    # Windowed table (all outcomes), for charts.
    if edges is not None:
        window_counts = np.diff(np.vstack([np.zeros((1, k), dtype=np.int64), before(edges[1:])]),
                                axis=0).astype(float)
    else:
        labels, window_table = time_windows(time_series, windows)
        window_counts = np.bincount(labels * k + codes, minlength=len(window_table) * k
                                    ).reshape(len(window_table), k).astype(float)
    spins = window_counts.sum(axis=1)
    low, high = clopper_pearson(window_counts, np.maximum(spins, 1)[:, None], float(level))
    rate = np.divide(window_counts, spins[:, None], out=np.full_like(window_counts, np.nan),
                     where=spins[:, None] > 0)
    windows_frame = pd.DataFrame({
        "window": np.repeat(window_table["window"].to_numpy(), k),
        "start": np.repeat(window_table["start"].to_numpy(), k),
        "end": np.repeat(window_table["end"].to_numpy(), k),
        "spins": np.repeat(spins, k).astype(int),
        "outcome": np.tile(np.arange(k), len(window_table)),
        "count": window_counts.ravel().astype(int),
        "rate": rate.ravel(),
        "ci_low": np.where(np.repeat(spins, k) > 0, np.asarray(low).ravel(), np.nan),
        "ci_high": np.where(np.repeat(spins, k) > 0, np.asarray(high).ravel(), np.nan),
        "stated": np.tile(stated, len(window_table)) if stated is not None else np.nan,
    })

    counts_all = before(np.array([n]))[0].astype(float)
    results = []
    for outcome, seed in zip(outcomes, seeds, strict=True):
        results.append(_scan(ordered_codes, ordered_times, n, k, split, size, before,
                             counts_all, outcome, seed, n_simulations, stated,
                             windows_frame if not results else windows_frame.copy()))
    return results


def _scan(ordered_codes, ordered_times, n, k, split, size, before, counts_all, outcome, seed,
          n_simulations, stated, windows_frame) -> DriftResult:
    """One at-most-one-change scan of :func:`drift_tests` (counts from the shared pass)."""
    if outcome is not None:
        focus = np.atleast_1d(np.asarray(outcome, dtype=np.int64))
        scan_k = 2
        what = f"outcome(s) {', '.join(str(int(c)) for c in focus)} vs the rest"
        inside = np.unique(focus[(focus >= 0) & (focus < k)])
        hits = counts_all[inside].sum()
        total_obs = np.array([n - hits, hits])
    else:
        scan_k, what = k, "all outcomes"
        total_obs = counts_all

    empty = np.zeros(k)
    if split.size == 0 or np.count_nonzero(total_obs) < 2:
        rates = counts_all / n if n else empty
        return DriftResult(statistic=float("nan"), pvalue=float("nan"), change_index=0,
                           change_time=None, n_before=0, n_after=n, rates_before=empty,
                           rates_after=rates, stated=stated, outcomes=tuple(range(k)),
                           windows=windows_frame, n=n, n_simulations=0, min_segment=size,
                           method="not applicable (too few spins or one outcome only)")

    # The observed scan needs the counts at the split points only (no N x K cumulative table,
    # which for ten million spins would take gigabytes); an indicator's are its outcomes' sum.
    counts_at_split = before(split)
    if outcome is not None:
        hits_before = counts_at_split[:, inside].sum(axis=1)
        before_obs = np.column_stack([split - hits_before, hits_before]).astype(float)
    else:
        before_obs = counts_at_split.astype(float)
    after_obs = total_obs[None, :] - before_obs
    scan = 2.0 * (special.xlogy(before_obs, before_obs).sum(axis=1) - special.xlogy(split, split)
                  + special.xlogy(after_obs, after_obs).sum(axis=1)
                  - special.xlogy(n - split, n - split)
                  - (special.xlogy(total_obs, total_obs).sum() - special.xlogy(n, n)))
    best = int(np.argmax(scan))
    observed_stat = float(scan[best])
    tau = int(split[best])
    xlogx = special.xlogy(np.arange(n + 1), np.arange(n + 1)) if n_simulations > 0 else None

    def cumulative(batch: np.ndarray) -> np.ndarray:
        batch = np.atleast_2d(batch)
        one_hot = np.zeros((batch.shape[0], batch.shape[1] + 1, scan_k), dtype=np.int32)
        rows = np.arange(batch.shape[0])[:, None]
        cols = np.arange(1, batch.shape[1] + 1)[None, :]
        one_hot[rows, cols, batch] = 1
        return np.cumsum(one_hot, axis=1, dtype=np.int32)

    if n_simulations > 0:
        rng = np.random.default_rng(seed)
        if outcome is None:
            scan_codes = ordered_codes
        else:
            scan_codes = (ordered_codes == focus[0]) if focus.size == 1 else \
                np.isin(ordered_codes, focus)
            scan_codes = scan_codes.view(np.int8)

        def scans():
            for b in growing_chunks(n_simulations, (n + 1) * scan_k * 3):
                order_b = np.argsort(rng.random((b, n)), axis=1)
                yield _scan_statistics(cumulative(scan_codes[order_b]), split, xlogx).max(axis=1)

        pvalue, n_simulations = sequential_pvalue(scans(), observed_stat, n_simulations)
        method = f"max likelihood-ratio scan ({what}), permutation p-value (sequential)"
    else:
        pvalue = float("nan")
        method = f"max likelihood-ratio scan ({what}), no p-value (n_simulations = 0)"
    counts_before_tau = before(np.array([tau]))[0]
    before = counts_before_tau / tau
    after = (counts_all - counts_before_tau) / (n - tau)
    return DriftResult(statistic=observed_stat, pvalue=float(pvalue), change_index=tau,
                       change_time=ordered_times.iloc[tau], n_before=tau, n_after=n - tau,
                       rates_before=before, rates_after=after, stated=stated,
                       outcomes=tuple(range(k)), windows=windows_frame, n=n,
                       n_simulations=n_simulations, min_segment=size, method=method)
