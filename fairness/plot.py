"""Charts of an :class:`~fairness.analysis.Analysis` (matplotlib, imported lazily).

Each function takes ``ax=None`` (a new figure is made) and returns the axes, so notebooks, the
HTML report, the PNG card and the app share one drawing::

    ax = fairness.plot.plot_outcomes(analysis, lang="ru")
    ax = fairness.plot.plot_evidence_path(analysis)

Text is drawn in DejaVu Sans, which ships with matplotlib and has Cyrillic.
"""

from __future__ import annotations

import math
import os
import sys
from typing import Any

import numpy as np

from fairness import i18n, texts
from fairness.i18n.format import fmt_evalue_log10

__all__ = ["LEVEL_COLOURS", "figure_png", "plot_evidence_path", "plot_outcomes"]

#: Colour of each verdict level (red accuses, amber warns, green clears, grey cannot tell).
LEVEL_COLOURS = {
    "rules_violated": "#c62828",
    "inconsistent": "#c62828",
    "suspicious": "#ef8f00",
    "consistent": "#2e7d32",
    "not_enough_data": "#757575",
}
FONT = "DejaVu Sans"

def _pyplot():
    """Import pyplot, choosing the Agg backend when there is no display (servers, CI)."""
    import matplotlib

    if (
        "matplotlib.pyplot" not in sys.modules
        and not os.environ.get("MPLBACKEND")
        and sys.platform.startswith("linux")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
        and "ipykernel" not in sys.modules
    ):
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _axes(ax, size=(7, 4)):
    if ax is not None:
        return ax
    plt = _pyplot()
    _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _words(lang: str):
    """The charts' words: the ``chart.*`` templates of :mod:`fairness.i18n`."""
    return i18n.words("chart", lang)


def outcome_rows(analysis, labels=None) -> list[dict[str, Any]]:
    """The numbers :func:`plot_outcomes` draws, one dict per outcome (stated 0 included)."""
    table = analysis.outcomes.to_frame()
    if labels is not None:
        wanted = list(labels)
        table = table.set_index("label").loc[wanted].reset_index()
    rows = []
    for r in table.itertuples(index=False):
        stated = float(r.stated)
        row = {"label": str(r.label), "stated": stated, "observed": int(r.observed),
               "expected": stated * r.n, "ratio": np.nan, "ci_low": np.nan, "ci_high": np.nan,
               "allowed_low": np.nan, "allowed_high": np.nan,
               "p_holm": float(r.p_holm) if np.isfinite(r.p_holm) else 1.0}
        if stated > 0 and r.n > 0:
            row.update(ratio=r.rate / stated, ci_low=r.ci_low / stated, ci_high=r.ci_high / stated,
                       allowed_low=r.lower / stated, allowed_high=r.upper / stated)
        rows.append(row)
    return rows


def plot_outcomes(analysis, ax=None, lang: str = "en", *, labels=None, annotate: bool = True,
                  fontsize: float = 7.5):
    """Observed chance of each outcome as a multiple of its stated chance, with 95% intervals.

    Each row is one outcome: the dot is ``observed share / stated chance`` (1 means "as
    stated"), the bar its exact (Clopper-Pearson) 95% interval, the shaded band the range the
    statement allows (rounding or an at-least / at-most claim). Dividing by the stated chance
    puts a 70% outcome and a 1-in-200 prize on one axis. Outcomes the rules forbid are listed
    with their count instead.

    Parameters
    ----------
    analysis : Analysis
    ax : matplotlib.axes.Axes, optional
    lang : {"en", "ru"}
    labels : sequence of str, optional
        Outcomes to draw (default all), top to bottom.
    annotate : bool
        Write "seen / expected" above each row (in ``fontsize`` points).

    Returns
    -------
    matplotlib.axes.Axes
    """
    words = _words(lang)
    ax = _axes(ax)
    rows = outcome_rows(analysis, labels)
    alpha = analysis.alpha
    y = np.arange(len(rows))[::-1]
    finite_high = [r["ci_high"] for r in rows if math.isfinite(r["ci_high"])]
    xmax = min(max([2.0, *(h * 1.08 for h in finite_high)]), 4.0)
    for yi, r in zip(y, rows, strict=True):
        if not math.isfinite(r["ratio"]):
            note = (words["forbidden"].format(observed=texts.fmt_int(r["observed"], lang))
                    if r["stated"] == 0 else words["no_spins"])
            colour = LEVEL_COLOURS["rules_violated"] if r["observed"] else "#757575"
            ax.text(0.03, yi, note, va="center", ha="left", fontsize=9, color=colour,
                    fontfamily=FONT)
            continue
        if r["allowed_high"] - r["allowed_low"] > 1e-9:
            ax.fill_betweenx([yi - 0.3, yi + 0.3], r["allowed_low"], min(r["allowed_high"], xmax),
                             color="#9e9e9e", alpha=0.25, linewidth=0)
        low, high = r["ci_low"], min(r["ci_high"], xmax)
        # Red only where the per-outcome test clears its Holm-corrected level.
        colour = LEVEL_COLOURS["inconsistent"] if r["p_holm"] < alpha else "#1f4e79"
        ax.plot([low, high], [yi, yi], color=colour, linewidth=2.5, solid_capstyle="butt")
        ax.plot([min(r["ratio"], xmax)], [yi], "o", color=colour, markersize=7)
        if r["ci_high"] > xmax:
            ax.annotate("", xy=(xmax, yi), xytext=(xmax * 0.97, yi),
                        arrowprops={"arrowstyle": "->", "color": colour})
        if annotate:
            ax.text(xmax * 0.99, yi + 0.32,
                    words["seen_of"].format(observed=texts.fmt_int(r["observed"], lang),
                                            expected=_fmt_expected(r["expected"], lang)),
                    ha="right", va="bottom", fontsize=fontsize, color="#555555", fontfamily=FONT)
    ax.axvline(1.0, color="#333333", linewidth=1, linestyle="--", zorder=0)
    ax.set_yticks(y)
    ax.set_yticklabels([r["label"] for r in rows], fontfamily=FONT)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.set_xlim(0, xmax)
    ax.xaxis.set_major_formatter(_formatter(lambda v: i18n.fmt_number(v, lang, 3) + "×"))
    ax.set_xlabel(words["ratio"], fontfamily=FONT)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", color="#e0e0e0", linewidth=0.6)
    ax.set_axisbelow(True)
    return ax


def _fmt_expected(x: float, lang: str) -> str:
    return texts.fmt_int(x, lang) if x >= 10 else texts.fmt_number(x, lang, 2)


def _formatter(func):
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: func(v))


def plot_evidence_path(analysis, ax=None, lang: str = "en"):
    """The e-value after each checkpoint of the spins in time order, in powers of ten.

    The e-value may be looked at after every new batch of spins: an honest draw reaches the
    dashed line ``1/alpha`` with probability at most ``alpha`` at any time (Ville's inequality),
    so crossing it means "inconsistent". The dotted line at 10 marks "suspicious". When the
    order of spins is unknown (tallies only) the final value is drawn as one point.

    Returns
    -------
    matplotlib.axes.Axes
    """
    words = _words(lang)
    ax = _axes(ax)
    ev = analysis.evidence_value
    threshold = 1 / analysis.alpha
    path = ev.path
    # Drawn as log10 on a linear axis labelled in powers of ten: e-values overflow floats, and
    # on a log axis an e-value near the float limit (10³⁰⁴ from ten thousand spins of a
    # rigged wheel) gives ticks of infinity, which matplotlib cannot label.
    if len(path):
        n = path["n"].to_numpy()
        log10 = np.clip(path["log10"].to_numpy(dtype=float), -1e4, 1e4)  # (±∞: off the chart)
        ax.plot(n, log10, color="#1f4e79", linewidth=1.8)
        ax.plot([n[-1]], [log10[-1]], "o", color="#1f4e79", markersize=5)
        top = max(float(log10.max()), math.log10(threshold))
        bottom = min(float(log10.min()), -1.0)
    else:
        final = float(np.clip(ev.log10, -1e4, 1e4))
        ax.plot([max(ev.n, 1)], [final], "o", color="#1f4e79", markersize=7)
        ax.text(0.02, 0.04, words["no_order"], transform=ax.transAxes, fontsize=8,
                color="#555555", fontfamily=FONT)
        top, bottom = max(final, math.log10(threshold)), min(final, -1.0)
    ax.axhline(math.log10(threshold), color=LEVEL_COLOURS["inconsistent"], linestyle="--",
               linewidth=1.2,
               label=words["inconsistent"].format(threshold=texts.fmt_evalue(threshold, lang)))
    ax.axhline(1, color=LEVEL_COLOURS["suspicious"], linestyle=":", linewidth=1.2,
               label=words["suspicious"])
    ax.axhline(0, color="#9e9e9e", linewidth=0.8)
    ax.set_ylim(bottom - 0.3, top + 0.5)
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # whole powers of ten
    ax.yaxis.set_major_formatter(_formatter(lambda v: fmt_evalue_log10(v, lang)))
    ax.set_xlabel(words["spins"], fontfamily=FONT)
    ax.set_ylabel(words["evalue"], fontfamily=FONT)
    ax.xaxis.set_major_formatter(_formatter(lambda v: texts.fmt_int(v, lang)))
    ax.legend(loc="upper left", fontsize=8, frameon=False, prop={"family": FONT})
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def figure_png(figure, *, dpi: int = 100) -> bytes:
    """PNG bytes of a matplotlib figure (drawn with Agg; no display needed)."""
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if figure.canvas is None or not isinstance(figure.canvas, FigureCanvasAgg):
        FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
