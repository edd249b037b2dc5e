"""Monitoring a campaign: the e-value after every batch, the history drawn as text with the
1/alpha line, and the simulation that shows checking after every batch is safe.

Why looking again is safe
-------------------------
The e-value ``E_n`` of :mod:`fairness.stats` depends on the counts only, and under the stated
odds (independent spins, chances inside the stated intervals) it is bounded by a nonnegative
martingale with mean 1. Ville's inequality gives, for an honest wheel,

    P(E_n >= 1/alpha for some n) <= alpha,

so a campaign checked after each of its batches, however many, is accused ("inconsistent") at
most ``alpha`` of the time. :func:`false_alarm_rate` simulates that, and
:func:`exact_crossing_probability` computes it exactly for a two-outcome wheel.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from fairness.spec import Game
from fairness.stats.anytime import (  # the e-value, vectorised over count vectors
    CONCENTRATIONS,
    log_evalues,
)
from fairness.stats.composite import composite_log_evalues

__all__ = ["allowed_null", "evalue_after_batches", "exact_crossing_probability",
           "false_alarm_rate", "history_text", "log_evalue_paths", "path_text"]


def allowed_null(game: Game) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(mask of allowed outcomes, stated, lower, upper) as the analysis uses them: outcomes the
    rules forbid are left out of the e-value, the stated chances renormalised."""
    allowed = game.allowed()  # (for unstated chances or group claims: the reference point)
    return allowed.mask, allowed.stated, allowed.lower, allowed.upper


def evalue_after_batches(game: Game, batches: Sequence, counts: Sequence) -> pd.DataFrame:
    """The e-value after each of ``batches`` (rows with ``id``, ``number``, ``added_at``) from
    ``counts`` (rows of batch id, outcome, count). Tallies count as part of their batch."""
    labels = list(game.labels)
    index = {b.id: i for i, b in enumerate(batches)}
    matrix = np.zeros((len(batches), len(labels)), dtype=np.int64)
    for batch_id, outcome, count in counts:
        if batch_id in index and outcome in labels:
            matrix[index[batch_id], labels.index(outcome)] += int(count or 0)
    mask, stated, lower, upper = allowed_null(game)
    cumulative = np.cumsum(matrix, axis=0)[:, mask]
    if len(batches) and game.is_composite:  # every statement together (fairness.stats.composite)
        log_e, _, _, _ = composite_log_evalues(cumulative, game.null(), stated,
                                               concentrations=CONCENTRATIONS)
    elif len(batches):
        log_e, _, _ = log_evalues(cumulative, stated, lower, upper)
    else:
        log_e = np.zeros(0)
    return pd.DataFrame({
        "number": [b.number for b in batches],
        "added_at": pd.to_datetime([b.added_at for b in batches], utc=True),
        "n": cumulative.sum(axis=1) if len(batches) else np.zeros(0, dtype=np.int64),
        "evalue": np.exp(np.minimum(log_e, 700)),
        "log10": log_e / np.log(10),
    })


def log_evalue_paths(batches: np.ndarray, stated, lower=None, upper=None) -> np.ndarray:
    """Natural-log e-values after each batch of many simulated campaigns.

    ``batches`` has shape (campaigns, batches, outcomes): the counts of each batch. Returns
    (campaigns, batches).
    """
    counts = np.cumsum(np.asarray(batches), axis=1)
    n_campaigns, n_batches, k = counts.shape
    log_e, _, _ = log_evalues(counts.reshape(-1, k), stated, lower, upper)
    return log_e.reshape(n_campaigns, n_batches)


def false_alarm_rate(stated, *, campaigns: int, batches: int = 100, batch_size: int = 50,
                     alpha: float = 0.01, lower=None, upper=None, seed: int = 0,
                     chunk: int = 2_000) -> tuple[int, int]:
    """Simulate honest campaigns (spins drawn from ``stated``) checked after each of
    ``batches`` batches; return (campaigns whose e-value ever reached 1/alpha, campaigns)."""
    stated = np.asarray(stated, dtype=float)
    stated = stated / stated.sum()
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    threshold = math.log(1 / alpha)
    alarms = 0
    for start in range(0, campaigns, chunk):
        size = min(chunk, campaigns - start)
        draws = rng.multinomial(batch_size, stated, size=(size, batches))
        paths = log_evalue_paths(draws, stated, lower, upper)
        alarms += int(np.sum(paths.max(axis=1) >= threshold))
    return alarms, campaigns


def exact_crossing_probability(stated: float, *, batches: int, batch_size: int,
                               alpha: float = 0.01) -> float:
    """The exact chance that the e-value of an honest two-outcome wheel (chance ``stated`` of
    the first outcome) reaches 1/alpha at one of the checks after each of ``batches`` batches
    of ``batch_size`` spins.

    Dynamic programming over the count of the first outcome: after each batch the campaigns
    whose e-value reached 1/alpha are taken out (absorbed) and the rest carried on; the sum of
    the absorbed mass is the probability. Exact up to floating point.
    """
    p = np.array([stated, 1 - stated])
    threshold = math.log(1 / alpha)
    from scipy.stats import binom  # a research helper: the checks themselves do not need it

    step = binom.pmf(np.arange(batch_size + 1), batch_size, stated)
    alive = np.array([1.0])  # probability of each count of the first outcome, not yet crossed
    crossed = 0.0
    for b in range(1, batches + 1):
        alive = np.convolve(alive, step)
        n = b * batch_size
        k = np.arange(n + 1)
        log_e, _, _ = log_evalues(np.column_stack([k, n - k]), p)
        hit = log_e >= threshold
        crossed += float(alive[hit].sum())
        alive[hit] = 0.0
    return crossed


def _bars(log10s, alpha: float, width: int) -> list[str]:
    """A bar of log10(E) for each value, on one scale, with the 1/alpha line marked."""
    values = np.asarray(log10s, dtype=float)
    line_at = math.log10(1 / alpha)
    low = min(-1.0, float(np.floor(values.min())))
    high = max(line_at + 1, float(np.ceil(values.max())))
    mark = round((line_at - low) / (high - low) * width)
    out = []
    for value in values:
        filled = max(0, min(width, round((value - low) / (high - low) * width)))
        cells = ["█" if i < filled else " " for i in range(width + 1)]
        cells[mark] = "|" if cells[mark] == " " else "┃"
        out.append("".join(cells))
    return out


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
            for row in rows]


def history_text(history: pd.DataFrame, name: str, lang: str = "en", *,
                 width: int = 32) -> str:
    """The history of checks as a text table with a bar of log10(E) and the 1/alpha line."""
    from fairness import texts
    from fairness.campaign import words

    if history.empty:
        return words.text("history.empty", lang)
    alpha = float(history["alpha"].iloc[-1])
    bars = _bars(history["log10_evalue"], alpha, width)
    columns = ("number", "time", "spins", "level", "evalue", "fit_p")
    rows = [(*(words.text(f"column.{c}", lang) for c in columns), "")]
    for r, bar in zip(history.itertuples(index=False), bars, strict=True):
        rows.append((str(r.number), f"{r.checked_at:%Y-%m-%d %H:%M}",
                     texts.fmt_int(r.n_spins, lang), texts.text(f"level.{r.level}", lang),
                     texts.fmt_evalue(r.evalue, lang),
                     "—" if pd.isna(r.fit_p) else texts.fmt_p(r.fit_p, lang).lstrip("= "), bar))
    head = words.text("history.head", lang, name=name, line=texts.fmt_evalue(1 / alpha, lang))
    return "\n".join([head, *_table(rows)])


def path_text(path: pd.DataFrame, lang: str = "en", *, alpha: float = 0.01,
              width: int = 32) -> str:
    """The e-value after each batch (:meth:`Campaign.evalue_path`) as text, with the 1/alpha
    line."""
    from fairness import texts
    from fairness.campaign import words

    if path.empty:
        return ""
    rows = [(*(words.text(f"column.{c}", lang) for c in ("batch", "added", "spins", "evalue")),
             "")]
    for r, bar in zip(path.itertuples(index=False), _bars(path["log10"], alpha, width),
                      strict=True):
        rows.append((str(r.number), f"{r.added_at:%Y-%m-%d %H:%M}", texts.fmt_int(r.n, lang),
                     texts.fmt_evalue(r.evalue, lang), bar))
    return "\n".join([words.text("path.head", lang), *_table(rows)])
