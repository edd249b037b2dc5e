"""Check many campaigns at once (the library behind ``fairness batch``).

A batch is either

* a manifest CSV with the columns ``name``, ``data`` and ``game`` (paths relative to the
  manifest; several data files of one campaign are separated by ``;``), or
* a folder of campaign subfolders, each holding one game spec (``*.toml``) and its data files.

Campaigns run in parallel, one process per core (:class:`concurrent.futures.ProcessPoolExecutor`).
A campaign that fails (a broken file, a bad spec) gets its one-line error in the summary and
never stops the others. Across campaigns the fit p-values are corrected with
Benjamini-Hochberg [1]_, which controls the share of false alarms among the campaigns flagged.

References
----------
.. [1] Benjamini & Hochberg (1995), "Controlling the false discovery rate", JRSS B 57, 289-300.
"""

from __future__ import annotations

import csv as _csv
import gc
import math
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from fairness.errors import DataError, FairnessError, Message

__all__ = ["BatchResult", "Campaign", "CampaignResult", "find_campaigns", "load_evidence",
           "run_batch", "run_campaign"]

SUMMARY_COLUMNS = ("name", "level", "n_spins", "n_reporters", "evalue", "worst_outcome",
                   "worst_ratio", "fit_pvalue", "fit_p_bh", "error")
_IGNORED = {".md", ".toml", ".json5", ".yml", ".yaml", ".png", ".pdf", ".html"}


@dataclass(frozen=True)
class Campaign:
    """One campaign to check: a name, its data files and its game spec."""

    name: str
    data: tuple[Path, ...]
    game: Path | None
    problem: DataError | None = None  # set when the campaign could not even be described


@dataclass(frozen=True)
class CampaignResult:
    """The outcome of checking one campaign (``error`` is set, and numbers are NaN, when it
    failed).

    ``worst_outcome`` is the allowed outcome whose exact binomial test has the smallest p-value
    (the one furthest from its statement given the data), or a forbidden outcome that was seen;
    ``worst_ratio`` is its observed share over its stated chance (NaN for a forbidden one).
    """

    name: str
    level: str | None
    n_spins: int | None
    n_reporters: int | None
    evalue: float
    worst_outcome: str | None
    worst_ratio: float
    fit_pvalue: float
    error: str | None = None
    seconds: float = 0.0
    failure: FairnessError | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return self.error is None

    def error_text(self, lang: str = "en") -> str | None:
        """The error in ``lang`` (a user error from the catalogue; an internal one as is)."""
        if self.failure is not None:
            return self.failure.message(lang)
        return self.error


@dataclass(frozen=True)
class BatchResult:
    """Every campaign of a batch, in manifest order.

    Attributes
    ----------
    campaigns : tuple of CampaignResult
    fit_p_bh : numpy.ndarray
        Benjamini-Hochberg adjusted fit p-values across the campaigns that ran (NaN for the
        failed ones).
    source : str
        The manifest or folder.
    alpha, seed : float, int
        As passed to ``analyze``.
    seconds : float
        Wall time of the batch.
    """

    campaigns: tuple[CampaignResult, ...]
    fit_p_bh: np.ndarray = field(repr=False)
    source: str = ""
    alpha: float = 0.01
    seed: int = 0
    seconds: float = 0.0

    @property
    def n_failed(self) -> int:
        return sum(not c.ok for c in self.campaigns)

    def level_counts(self) -> dict[str, int]:
        """How many campaigns got each level (failed ones under ``"error"``)."""
        from fairness.texts import LEVELS

        counts = {level: 0 for level in reversed(LEVELS)}
        counts["error"] = 0
        for c in self.campaigns:
            counts[c.level if c.ok else "error"] += 1
        return counts

    def to_frame(self, lang: str = "en") -> pd.DataFrame:
        """One row per campaign: name, level, n_spins, n_reporters, evalue, worst_outcome,
        worst_ratio, fit_pvalue, fit_p_bh (Benjamini-Hochberg across campaigns), error (in
        ``lang``).

        Text columns hold None (not NaN) where a failed campaign has no value."""
        frame = pd.DataFrame(
            {
                "name": pd.Series([c.name for c in self.campaigns], dtype="object"),
                "level": pd.Series([c.level for c in self.campaigns], dtype="object"),
                "n_spins": pd.array([c.n_spins for c in self.campaigns], dtype="Int64"),
                "n_reporters": pd.array([c.n_reporters for c in self.campaigns], dtype="Int64"),
                "evalue": np.array([c.evalue for c in self.campaigns], dtype=float),
                "worst_outcome": pd.Series([c.worst_outcome for c in self.campaigns],
                                           dtype="object"),
                "worst_ratio": np.array([c.worst_ratio for c in self.campaigns], dtype=float),
                "fit_pvalue": np.array([c.fit_pvalue for c in self.campaigns], dtype=float),
                "fit_p_bh": np.asarray(self.fit_p_bh, dtype=float),
                "error": pd.Series([c.error_text(lang) for c in self.campaigns],
                                   dtype="object"),
            },
            columns=list(SUMMARY_COLUMNS),
        )
        return frame

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """Plain JSON types (NaN and infinity become None); errors in ``lang``."""
        records = []
        for row in self.to_frame(lang).to_dict(orient="records"):
            records.append({k: _plain(v) for k, v in row.items()})
        return {"schema_version": 1, "source": self.source, "alpha": self.alpha,
                "seed": self.seed, "n_campaigns": len(self.campaigns),
                "n_failed": self.n_failed, "levels": self.level_counts(),
                "campaigns": records}


def _plain(value):
    if value is None or value is pd.NA:
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    return value


# ---------------------------------------------------------------------------------------------
# finding the campaigns

def find_campaigns(source: str | Path) -> list[Campaign]:
    """The campaigns of a manifest CSV or a folder of campaign subfolders.

    Raises
    ------
    DataError
        When the manifest or folder cannot be used at all (missing, no ``name``/``data``/``game``
        columns, no subfolders). A problem with one campaign is recorded in its ``problem``
        instead, so the rest of the batch still runs.
    """
    source = Path(source)
    if not source.exists():
        raise DataError(Message("error.file_not_found"), source=str(source))
    if source.is_dir():
        return _campaigns_from_folder(source)
    return _campaigns_from_manifest(source)


def _campaigns_from_manifest(path: Path) -> list[Campaign]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise DataError(Message("error.manifest_not_utf8"), source=str(path)) from None
    except OSError:
        raise DataError(Message("error.cannot_read_file"), source=str(path)) from None
    rows = list(_csv.reader(text.splitlines()))
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise DataError(Message("error.manifest_empty"), source=str(path))
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in ("data", "game") if c not in header]
    if missing:
        raise DataError(Message("error.manifest_columns", missing=", ".join(missing),
                                found=", ".join(header)), source=str(path))
    base = path.parent
    campaigns = []
    for line, row in enumerate(rows[1:], start=2):
        cells = dict(zip(header, (c.strip() for c in row), strict=False))
        data = tuple(base / p.strip() for p in cells.get("data", "").split(";") if p.strip())
        game = cells.get("game", "")
        name = cells.get("name") or (data[0].stem if data else f"line {line}")
        problem = None
        if not data:
            problem = DataError(Message("error.manifest_no_data"), source=str(path),
                                where=Message("where.line", line=line))
        elif not game:
            problem = DataError(Message("error.manifest_no_game"), source=str(path),
                                where=Message("where.line", line=line))
        campaigns.append(Campaign(name=name, data=data, game=base / game if game else None,
                                  problem=problem))
    if not campaigns:
        raise DataError(Message("error.manifest_no_campaigns"), source=str(path))
    return campaigns


def _campaigns_from_folder(folder: Path) -> list[Campaign]:
    subfolders = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not subfolders:
        raise DataError(Message("error.no_subfolders"), source=str(folder))
    campaigns = []
    for sub in subfolders:
        files = sorted(p for p in sub.iterdir() if not p.name.startswith("."))
        specs = [p for p in files if p.suffix.lower() == ".toml"]
        data = tuple(p for p in files if p.suffix.lower() not in _IGNORED
                     and not p.name.lower().startswith("readme"))
        problem = None
        if len(specs) != 1:
            problem = DataError(Message("error.folder_specs", found=len(specs)),
                                source=str(sub))
        elif not data:
            problem = DataError(Message("error.no_data_files"), source=str(sub))
        campaigns.append(Campaign(name=sub.name, data=data,
                                  game=specs[0] if len(specs) == 1 else None, problem=problem))
    return campaigns


# ---------------------------------------------------------------------------------------------
# checking one campaign

def load_evidence(paths: Sequence[str | Path], game, *, encoding: str | None = None):
    """Evidence from data files (any number, any supported format) by
    :func:`fairness.reading.ingest`; ``encoding`` overrides the detected text encoding."""
    from fairness.reading import ingest

    paths = [Path(p) for p in paths]
    if not paths:
        raise DataError(Message("error.no_data_files"))
    return ingest(paths, game, **({} if encoding is None else {"encoding": encoding}))


@lru_cache(maxsize=64)
def _game(path: str, mtime: float):
    import fairness

    return fairness.load_game(path)


def run_campaign(campaign: Campaign, alpha: float = 0.01, seed: int = 0) -> CampaignResult:
    """Check one campaign; never raises for a problem with its files (the error is returned)."""
    start = time.perf_counter()
    try:
        if campaign.problem is not None:
            raise campaign.problem
        import fairness

        game_path = Path(campaign.game)
        try:
            mtime = game_path.stat().st_mtime
        except OSError:
            raise DataError(Message("error.file_not_found"), source=str(game_path)) from None
        game = _game(str(game_path), mtime)
        evidence = load_evidence(campaign.data, game)
        answer = fairness.verdict(fairness.analyze(evidence, game, alpha=alpha, seed=seed))
        worst, ratio = _worst(answer.analysis)
        a = answer.analysis
        return CampaignResult(name=campaign.name, level=answer.level, n_spins=a.n_spins,
                              n_reporters=a.n_reporters, evalue=float(a.evalue),
                              worst_outcome=worst, worst_ratio=ratio,
                              fit_pvalue=float(a.fit.pvalue) if a.n_spins else math.nan,
                              seconds=time.perf_counter() - start)
    except Exception as exc:  # a failing campaign never stops the batch
        return _failed(campaign.name, exc, time.perf_counter() - start)


def _failed(name: str, exc: BaseException, seconds: float = 0.0) -> CampaignResult:
    failure = None
    if isinstance(exc, FairnessError):
        message, failure = str(exc), exc
    else:  # an internal error: still one line, with its type so it can be reported
        message = " ".join(f"internal error: {type(exc).__name__}: {exc}".split())
    return CampaignResult(name=name, level=None, n_spins=None, n_reporters=None,
                          evalue=math.nan, worst_outcome=None, worst_ratio=math.nan,
                          fit_pvalue=math.nan, error=message, seconds=seconds,
                          failure=failure)


def _worst(a) -> tuple[str | None, float]:
    if len(a.forbidden):
        return str(a.forbidden["label"].iloc[0]), math.nan
    if a.n_spins == 0:
        return None, math.nan
    # (on the result's arrays: the outcomes' table as a frame costs more than the choice)
    outcomes = a.outcomes
    allowed = set(a.allowed)
    rows = [i for i, label in enumerate(outcomes.labels)
            if label in allowed and outcomes.stated[i] > 0]
    if not rows:
        return None, math.nan
    ratio = np.asarray(outcomes.ratio, dtype=float)[rows]
    pvalue = np.asarray(outcomes.pvalue, dtype=float)[rows]
    # Smallest p-value first; among ties (p = 1 is common) the ratio furthest from 1.
    distance = np.abs(np.log(np.maximum(ratio, 1e-12)))
    order = np.lexsort((-distance, np.where(np.isnan(pvalue), 1.0, pvalue)))
    at = int(order[0])
    return str(outcomes.labels[rows[at]]), float(ratio[at])


def _init_worker() -> None:
    # Imports are done once per worker; freezing them keeps the full garbage collections
    # that statsmodels' Holm correction triggers from walking every imported object again.
    import fairness
    import fairness.reading  # noqa: F401

    gc.freeze()


# ---------------------------------------------------------------------------------------------
# the batch

def run_batch(
    source: str | Path | Sequence[Campaign],
    *,
    alpha: float = 0.01,
    seed: int = 0,
    workers: int | None = None,
    progress: Callable[[CampaignResult], None] | None = None,
    name: str | None = None,
) -> BatchResult:
    """Check every campaign of a manifest or folder and return a :class:`BatchResult`.

    Parameters
    ----------
    source : path or sequence of Campaign
        A manifest CSV (``name,data,game``), a folder of campaign subfolders, or campaigns.
    alpha, seed : float, int
        Passed to :func:`fairness.analyze` for every campaign.
    workers : int, optional
        Processes to use (default ``os.cpu_count()``); 1 runs in this process.
    progress : callable, optional
        Called with each :class:`CampaignResult` as it finishes (in completion order).
    name : str, optional
        What the batch is called in the result (default: the manifest or folder path).
    """
    if not 0 < alpha < 1:
        raise ValueError("alpha must be in (0, 1)")
    if workers is not None and (not isinstance(workers, int) or workers < 1):
        raise ValueError("workers must be a positive integer")
    start = time.perf_counter()
    if isinstance(source, (str, Path)):
        name = name or str(source)
        campaigns = find_campaigns(source)
    else:
        name = name or "campaigns"
        campaigns = list(source)
    workers = min(workers or os.cpu_count() or 1, max(len(campaigns), 1))
    results: list[CampaignResult | None] = [None] * len(campaigns)
    if workers == 1:
        for i, campaign in enumerate(campaigns):
            results[i] = run_campaign(campaign, alpha, seed)
            if progress is not None:
                progress(results[i])
    else:
        # (imported here: `fairness check` reads its files through this module and starts no
        # process; multiprocessing costs it 10 ms of imports)
        from concurrent.futures import ProcessPoolExecutor, as_completed

        with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker) as pool:
            futures = {pool.submit(run_campaign, c, alpha, seed): i
                       for i, c in enumerate(campaigns)}
            for future in as_completed(futures):
                i = futures[future]
                try:
                    results[i] = future.result()
                except Exception as exc:  # a worker died (e.g. out of memory)
                    results[i] = _failed(campaigns[i].name, exc)
                if progress is not None:
                    progress(results[i])
    done = tuple(r for r in results if r is not None)
    return BatchResult(campaigns=done, fit_p_bh=_bh([r.fit_pvalue for r in done]), source=name,
                       alpha=alpha, seed=seed, seconds=time.perf_counter() - start)


def _bh(pvalues) -> np.ndarray:
    values = np.asarray(pvalues, dtype=float)
    if values.size == 0 or np.all(np.isnan(values)):
        return np.full(values.shape, np.nan)
    from fairness.stats.outcomes import adjust_pvalues

    return adjust_pvalues(values, method="fdr_bh")
