"""The per-outcome table as formatted text cells, shared by the text, Markdown and HTML reports."""

from __future__ import annotations

from fairness import texts
from fairness.decision import Verdict


def outcome_rows(answer: Verdict, lang: str) -> list[list[str]]:
    """One row per outcome: label, stated, observed, expected, share, ratio, 95% CI of the
    ratio, Holm-corrected p-value — every number formatted for ``lang``; cells are plain text
    (each renderer escapes them for its own format)."""
    rows = []
    game = answer.analysis.game
    for r in answer.analysis.outcomes.to_frame().itertuples(index=False):
        stated = r.stated
        # the promise as the rules wrote it ("at least 30%", "1 in 200") with its rounding
        promise = texts.fmt_promise(game.outcomes[game.labels.index(r.label)], lang,
                                    allowance=True)
        ci = "—"
        if stated > 0 and r.n:
            ci = (f"{texts.fmt_ratio(r.ci_low / stated, lang)}–"
                  f"{texts.fmt_ratio(r.ci_high / stated, lang)}")
        expected = stated * r.n
        rows.append([str(r.label), promise, texts.fmt_int(r.observed, lang),
                     texts.fmt_int(expected, lang) if expected >= 10
                     else texts.fmt_number(expected, lang, 2),
                     texts.fmt_chance(r.rate, lang) if r.n else "—",
                     texts.fmt_ratio(r.ratio, lang), ci,
                     texts.fmt_p(r.p_holm, lang).lstrip("= ")])
    return rows
