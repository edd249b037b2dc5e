"""The per-outcome table as formatted text cells, shared by the text, Markdown and HTML reports."""

from __future__ import annotations

from fairness import texts
from fairness.decision import Verdict


def outcome_rows(answer: Verdict, lang: str) -> list[list[str]]:
    """One row per outcome: label, stated, observed, expected, share, ratio, 95% CI of the
    ratio, Holm-corrected p-value — every number formatted for ``lang``; cells are plain text
    (each renderer escapes them for its own format)."""
    rows = []
    claims = {o.label: o.claim for o in answer.analysis.game.outcomes}
    for r in answer.analysis.outcomes.to_frame().itertuples(index=False):
        stated = r.stated
        written = texts.fmt_chance(stated, lang)
        if claims.get(r.label) in ("at_least", "at_most"):  # the claim as the rules write it
            written = texts.text(f"claim.{claims[r.label]}", lang, chance=written)
        ci = "—"
        if stated > 0 and r.n:
            ci = (f"{texts.fmt_ratio(r.ci_low / stated, lang)}–"
                  f"{texts.fmt_ratio(r.ci_high / stated, lang)}")
        expected = stated * r.n
        rows.append([str(r.label), written, texts.fmt_int(r.observed, lang),
                     texts.fmt_int(expected, lang) if expected >= 10
                     else texts.fmt_number(expected, lang, 2),
                     texts.fmt_chance(r.rate, lang) if r.n else "—",
                     texts.fmt_ratio(r.ratio, lang), ci,
                     texts.fmt_p(r.p_holm, lang).lstrip("= ")])
    return rows
