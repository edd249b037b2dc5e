"""Monte Carlo helpers shared by the randomised tests: p-values, batch sizes, random streams.

* :func:`monte_carlo_pvalue` and :func:`sequential_pvalue`: ``(1 + r) / (B + 1)`` [1]_ and
  Besag and Clifford's sequential p-value [2]_, with a relative slack for ties;
* :func:`growing_chunks`: batch sizes 50, 100, 200, ... capped by memory, so that a vectorised
  simulation holds at most ``CHUNK_ELEMENTS`` numbers at once and can stop early;
* :func:`keyed_seed`: the seed of one test's own random stream, from the analysis seed and the
  test's name, so that the order in which tests run cannot change any result.

References
----------
.. [1] A. C. Davison and D. V. Hinkley (1997). *Bootstrap Methods and their Application*.
   Cambridge University Press, section 4.3 (Monte Carlo permutation tests).
.. [2] J. Besag and P. Clifford (1991). Sequential Monte Carlo p-values. *Biometrika* 78(2),
   301-304.
"""

from __future__ import annotations

import hashlib

import numpy as np

__all__ = ["keyed_seed", "stream"]

# Relative slack when comparing simulated statistics with the observed one, so that tables that
# tie in exact arithmetic count as "at least as extreme" (as R's chisq.test does).
RELATIVE_SLACK = 1e-7
# Largest number of array elements held at once by the vectorised simulations.
CHUNK_ELEMENTS = 4_000_000
# Sequential Monte Carlo (Besag-Clifford): stop once this many draws reach the observed value;
# the first batch of draws has this size, and each next one twice the last.
SEQUENTIAL_HITS = 20
FIRST_CHUNK = 50


def stable_key(name: str) -> int:
    """A 64-bit integer from ``name`` that is the same in every process and on every machine
    (the first 8 bytes of its SHA-256; Python's ``hash`` of a string is salted per process)."""
    if not isinstance(name, str) or not name:
        raise TypeError(f"name must be a non-empty string, not {name!r}")
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "little")


def stream(seed: int, name: str) -> np.random.SeedSequence:
    """The random stream of test ``name`` under the analysis seed ``seed``.

    ``numpy.random.SeedSequence(seed, spawn_key=(stable_key(name),))``: streams of different
    names are statistically independent, and each depends only on ``(seed, name)``, so running
    the tests in another order, or in threads, gives the same results.
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise TypeError(f"seed must be an integer >= 0, not {seed!r}")
    return np.random.SeedSequence(int(seed), spawn_key=(stable_key(name),))


def keyed_seed(seed: int, name: str) -> int:
    """:func:`stream` as a plain 128-bit integer seed (hashable, so cached computations such
    as ``spins_needed`` can key on it); ``numpy.random.default_rng(keyed_seed(s, n))`` draws
    from test ``n``'s own stream."""
    state = stream(seed, name).generate_state(4, np.uint32)
    return int(sum(int(word) << (32 * i) for i, word in enumerate(state)))


def monte_carlo_pvalue(simulated: np.ndarray, observed: float) -> float:
    """``(1 + #{simulated >= observed}) / (B + 1)``, with a relative slack for ties."""
    simulated = np.asarray(simulated, dtype=float)
    if not np.isfinite(observed):
        return float("nan") if np.isnan(observed) else 1.0 / (simulated.size + 1)
    slack = RELATIVE_SLACK * max(abs(observed), 1e-12)
    exceed = int(np.count_nonzero(simulated >= observed - slack))
    return (1 + exceed) / (simulated.size + 1)


def chunk_size(elements_per_draw: int) -> int:
    """Draws per batch so that a batch holds at most ``CHUNK_ELEMENTS`` numbers."""
    return max(1, CHUNK_ELEMENTS // max(1, int(elements_per_draw)))


def growing_chunks(n_simulations: int, elements_per_draw: int):
    """Batch sizes 50, 100, 200, ... (capped by memory) adding up to ``n_simulations``: small
    first, so that a sequential p-value can stop after a few draws."""
    cap = chunk_size(elements_per_draw)
    size, done = FIRST_CHUNK, 0
    while done < n_simulations:
        b = min(size, cap, n_simulations - done)
        yield b
        done += b
        size *= 2


def sequential_pvalue(simulated_batches, observed: float, n_simulations: int,
                      hits: int | None = None) -> tuple[float, int]:
    r"""Monte Carlo p-value that stops once ``hits`` simulated statistics reach the observed one.

    Besag and Clifford's sequential p-value [2]_: draw until :math:`h` simulated statistics are
    at least the observed one, or until :math:`B` draws. Stopping at draw :math:`L` gives
    :math:`p = h / L`; otherwise :math:`p = (1 + r) / (B + 1)` with :math:`r < h` exceedances.
    It is a valid p-value (exact level) like the fixed-:math:`B` one, and equals it wherever
    the decision is close (small p-values need all :math:`B` draws), but an unremarkable
    statistic costs a few dozen draws instead of :math:`B`.

    ``simulated_batches`` yields arrays of simulated statistics in draw order. Returns the
    p-value and the number of draws used. ``hits=None`` uses ``SEQUENTIAL_HITS``; ``0`` turns
    stopping off (the plain fixed-:math:`B` p-value).
    """
    hits = SEQUENTIAL_HITS if hits is None else int(hits)
    if np.isnan(observed):
        return float("nan"), 0
    slack = RELATIVE_SLACK * max(abs(observed), 1e-12) if np.isfinite(observed) else 0.0
    exceed = done = 0
    for batch in simulated_batches:
        reached = np.asarray(batch, dtype=float) >= observed - slack
        if hits:
            total = exceed + np.cumsum(reached)
            stop = np.flatnonzero(total >= hits)
            if stop.size:
                used = done + int(stop[0]) + 1
                return hits / used, used
        exceed += int(np.count_nonzero(reached))
        done += reached.size
        if done >= n_simulations:
            break
    return (1 + exceed) / (done + 1), done
