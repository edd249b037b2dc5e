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
        outcome = game.outcomes[game.labels.index(r.label)]
        # the promise as the rules wrote it ("at least 30%", "1 in 200") with its rounding
        promise = (texts.fmt_promise(outcome, lang, allowance=True) if outcome.is_stated
                   else "")
        ci = "—"
        if stated > 0 and r.n:
            ci = (f"{texts.fmt_ratio(r.ci_low / stated, lang)}–"
                  f"{texts.fmt_ratio(r.ci_high / stated, lang)}")
        expected = stated * r.n
        if stated != stated:  # NaN: the operator states no chance for this outcome
            rows.append([str(r.label), texts.text("report.not_stated", lang),
                         texts.fmt_int(r.observed, lang), "—",
                         texts.fmt_chance(r.rate, lang) if r.n else "—", "—", "—", "—"])
            continue
        rows.append([str(r.label), promise, texts.fmt_int(r.observed, lang),
                     texts.fmt_int(expected, lang) if expected >= 10
                     else texts.fmt_number(expected, lang, 2),
                     texts.fmt_chance(r.rate, lang) if r.n else "—",
                     texts.fmt_ratio(r.ratio, lang), ci,
                     texts.fmt_p(r.p_holm, lang).lstrip("= ")])
    return rows


def claim_rows(answer: Verdict, lang: str) -> list[list[str]]:
    """One row per group claim: the operator's words, the outcomes, the claim as written (with
    at least / at most), spins that gave one of them, the share with its 95% interval, the
    ratio to the claim and the Holm-corrected p-value."""
    rows = []
    for r in answer.analysis.claims.itertuples(index=False):
        share = "—"
        if r.n:
            share = (f"{texts.fmt_chance(r.rate, lang)} ({texts.fmt_chance(r.rate_low, lang)}–"
                     f"{texts.fmt_chance(r.rate_high, lang)})")
        claimed = r.written if r.kind == "exact" else (
            f"{texts.text(f'claim_kind.{r.kind}', lang)} {r.written}")
        rows.append([str(r.claim), str(r.outcomes), claimed, texts.fmt_int(r.observed, lang),
                     share, texts.fmt_ratio(r.ratio, lang),
                     texts.fmt_p(r.p_holm, lang).lstrip("= ")])
    return rows


def claim_header(lang: str) -> list[str]:
    return texts.text("report.claims_header", lang).split("|")


def measured_rows(answer: Verdict, lang: str) -> list[list[str]]:
    """"What the community measured": every outcome's chance as counted, with its exact 95%
    interval, stated or not (the table to post back to a chat)."""
    a = answer.analysis
    stated_flags = {o.label: o.is_stated for o in a.game.outcomes}
    rows = []
    for r in a.outcomes.to_frame().itertuples(index=False):
        stated = (texts.fmt_chance(r.stated, lang) if stated_flags[r.label]
                  else texts.text("report.not_stated", lang))
        measured = texts.fmt_chance(r.rate, lang) if r.n else "—"
        interval = (f"{texts.fmt_chance(r.ci_low, lang)}–{texts.fmt_chance(r.ci_high, lang)}"
                    if r.n else "—")
        rows.append([str(r.label), stated, texts.fmt_int(r.observed, lang), measured, interval])
    return rows


def measured_header(lang: str) -> list[str]:
    return texts.text("report.measured_header", lang).split("|")
