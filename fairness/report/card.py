"""PNG verdict card: one picture to post back to a Telegram channel or a forum.

1280 x 720 px (16:9, shown uncropped in a Telegram post), Russian or English: the verdict level
in its colour, the headline, the key numbers (spins, reporters, the evidence, observed vs
expected for the outcomes that matter), a small observed-vs-stated chart with intervals, the
data period and the game. Nothing about reporters but their number is drawn.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from fairness import i18n, texts
from fairness.decision import Verdict
from fairness.errors import FairnessError, Message
from fairness.plot import FONT, LEVEL_COLOURS, figure_png, outcome_rows, plot_outcomes

__all__ = ["CARD_SIZE", "card_figure", "key_outcomes", "to_card"]

CARD_SIZE = (1280, 720)  # pixels
_DPI = 100
_MAX_CHART_ROWS = 6

def key_outcomes(answer: Verdict, limit: int = 3) -> list[str]:
    """Labels of the outcomes that matter most: forbidden ones that were seen, then the allowed
    ones furthest from their statement (smallest p-value), then the planning target."""
    a = answer.analysis
    chosen: list[str] = [str(label) for label in a.forbidden["label"]]
    table = a.outcomes.to_frame()
    allowed = table[table["label"].isin(a.allowed)]
    order = allowed.assign(_p=allowed["pvalue"].fillna(1.0)).sort_values("_p", kind="stable")
    significant = order[order["_p"] < a.alpha]["label"].tolist()
    for label in [*significant, a.plan.target, *order["label"].tolist()]:
        if label not in chosen:
            chosen.append(str(label))
    return chosen[:limit]


def card_figure(answer: Verdict, lang: str = "en", *, reporting_bias: bool = False):
    """The card as a matplotlib ``Figure`` (no pyplot state; safe in servers and threads).

    ``reporting_bias`` adds :meth:`Verdict.bias_line` under the numbers (for spins people
    chose to post, e.g. a chat export)."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    words = i18n.words("card", lang)
    a = answer.analysis
    colour = LEVEL_COLOURS[answer.level]
    width, height = CARD_SIZE
    fig = Figure(figsize=(width / _DPI, height / _DPI), dpi=_DPI, facecolor="white")
    fig.patches.append(Rectangle((0, 0.84), 1, 0.16, transform=fig.transFigure,
                                 facecolor=colour, edgecolor="none", zorder=0))
    text = {"fontfamily": FONT}
    fig.text(0.035, 0.915, answer.label(lang), color="white", fontsize=31, fontweight="bold",
             va="center", **text)
    fig.text(0.965, 0.965, words["brand"], color="white", fontsize=11, ha="right", va="center",
             alpha=0.9, **text)

    headline = textwrap.fill(answer.headline(lang), width=92, max_lines=3, placeholder=" …")
    fig.text(0.035, 0.80, headline, fontsize=16.5, va="top", color="#212121", linespacing=1.35,
             **text)

    # Key numbers, left column.
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    y = 0.60
    numbers = [(texts.fmt_int(a.n_spins, lang), i18n.text("card.spins", lang, n=a.n_spins))]
    if a.n_reporters:
        numbers.append((texts.fmt_int(a.n_reporters, lang),
                        i18n.text("card.reporters", lang, n=a.n_reporters)))
    for value, caption in numbers:
        big = fig.text(0.035, y, value, fontsize=30, fontweight="bold", color="#212121",
                       va="baseline", **text)
        right = big.get_window_extent(renderer).x1 / width
        fig.text(right + 0.008, y, caption, fontsize=15, color="#616161", va="baseline", **text)
        y -= 0.085
    evalue = texts.fmt_evalue(a.evalue, lang)
    fig.text(0.035, y, f"E = {evalue}", fontsize=26, fontweight="bold", va="baseline",
             color=colour if a.evalue >= a.thresholds.suspicious_evalue else "#212121", **text)
    fig.text(0.035, y - 0.045, words["needed"].format(
        threshold=texts.fmt_evalue(1 / a.alpha, lang)), fontsize=12, color="#616161", **text)
    y -= 0.11
    for line in _outcome_lines(answer, lang, words):
        fig.text(0.035, y, line, fontsize=13.5, color="#212121", va="baseline", **text)
        y -= 0.05
    bias = answer.bias_line(lang) if reporting_bias else None
    if bias:
        fig.text(0.035, 0.105, textwrap.fill(bias, width=62, max_lines=2, placeholder=" …"),
                 fontsize=11.5, color="#424242", va="bottom", style="italic", **text)

    # Chart, right column.
    ax = fig.add_axes((0.56, 0.19, 0.41, 0.43))
    chart_labels = _chart_labels(answer)
    plot_outcomes(a, ax=ax, lang=lang, labels=chart_labels, annotate=len(chart_labels) <= 5,
                  fontsize=9)
    title = words["outcomes"]
    if len(chart_labels) < len(a.labels):
        title += " " + i18n.text("card.some", lang, shown=len(chart_labels), total=len(a.labels))
    ax.set_title(title, fontsize=13, loc="left", fontfamily=FONT, color="#212121")
    ax.xaxis.label.set_fontsize(9.5)

    # Footer: game and period (no personal data).
    fig.add_artist(_rule(fig))
    footer = [a.game.name]
    if a.game.operator:
        footer.append(a.game.operator)
    footer.append(f"{words['period']}: {_period(a.period, lang, words)}")
    fig.text(0.035, 0.035, "  ·  ".join(footer), fontsize=12, color="#424242", **text)
    from fairness import __version__

    fig.text(0.965, 0.035, f"fairness {__version__}", fontsize=10, color="#9e9e9e", ha="right",
             **text)
    return fig


def _rule(fig):
    from matplotlib.lines import Line2D

    return Line2D([0.035, 0.965], [0.085, 0.085], transform=fig.transFigure, color="#e0e0e0",
                  linewidth=1)


def _chart_labels(answer: Verdict) -> list[str]:
    a = answer.analysis
    labels = list(a.labels)
    if len(labels) <= _MAX_CHART_ROWS:
        return labels
    keep = set(key_outcomes(answer, limit=_MAX_CHART_ROWS))
    return [label for label in labels if label in keep]


def _outcome_lines(answer: Verdict, lang: str, words) -> list[str]:
    rows = {r["label"]: r for r in outcome_rows(answer.analysis)}
    lines = []
    for label in key_outcomes(answer, limit=3):
        r = rows[label]
        shown = _clip(label, 18)
        if r["stated"] == 0:
            lines.append(words["forbidden"].format(label=shown,
                                                   observed=texts.fmt_int(r["observed"], lang)))
            continue
        expected = r["expected"]
        lines.append(words["seen"].format(
            label=shown, observed=texts.fmt_int(r["observed"], lang),
            expected=texts.fmt_int(expected, lang) if expected >= 10
            else texts.fmt_number(expected, lang, 2),
            ratio=texts.fmt_ratio(r["ratio"], lang)))
    return lines


def _clip(label: str, size: int) -> str:
    return label if len(label) <= size else label[: size - 1] + "…"


def _period(period, lang: str, words) -> str:
    start, end = period
    if start is None or end is None:
        return words["unknown"]
    if start.date() == end.date():
        return i18n.fmt_date(start, lang, year=True)
    return i18n.text("report.period_range", lang, start=i18n.fmt_date(start, lang, year=True),
                     end=i18n.fmt_date(end, lang, year=True))


def to_card(answer: Verdict, path: str | Path | None = None, lang: str = "en", *,
            reporting_bias: bool = False) -> bytes:
    """The verdict card as PNG bytes (1280 x 720 px); also written to ``path`` when given.
    ``reporting_bias`` adds the reporting-bias line (for chat reports)."""
    if not isinstance(answer, Verdict):
        raise TypeError("answer must be a Verdict (fairness.verdict(analysis))")
    png = figure_png(card_figure(answer, lang, reporting_bias=reporting_bias), dpi=_DPI)
    if path is not None:
        path = Path(path)
        try:
            path.write_bytes(png)
        except OSError:
            raise FairnessError(Message("error.cannot_write"), source=str(path)) from None
    return png
