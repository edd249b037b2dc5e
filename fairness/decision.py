"""``verdict()``: the levels and the words of the answer.

Every decision number (e-value levels, the family level of the dependence checks, the minima
of the tests) is in :class:`fairness.thresholds.Thresholds` (re-exported here); the verdict
uses the thresholds the analysis was run with unless it is given others.

Levels, from worst to best (DESIGN.md):

``rules_violated``  an outcome the rules forbid was seen (from two or more reporters, or twice
                    when reporters are unknown), or a finite prize fund was exceeded;
``inconsistent``    the anytime-valid e-value reached ``1/alpha`` (100 at the default 0.01);
``suspicious``      moderate evidence (e-value >= 10), or a fixed-sample test (overall fit, a
                    Holm-corrected outcome, the mean prize) below ``alpha``: keep collecting;
``consistent``      none of that, and enough spins to have seen the rarest valuable prize at half
                    its allowed chance with 80% power;
``not_enough_data`` otherwise, with the number of further spins that would settle it.

Only ``inconsistent`` and ``rules_violated`` accuse; ``inconsistent`` rests on the e-value alone,
so an honest wheel reaches it with probability at most ``alpha`` however often it is checked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from fairness import texts
from fairness.analysis import Analysis
from fairness.evidence import PRIVATE_SUMMARY_KEYS
from fairness.stats.power import nice_round_up
from fairness.texts import LEVELS
from fairness.thresholds import Thresholds

__all__ = ["LEVELS", "Finding", "Thresholds", "Verdict", "fmt_bound", "verdict"]


def fmt_bound(p, lang: str = "en") -> str:
    """An upper bound as a chance, rounded so the words stay true: 1.2296e-4 -> '1 in 8,133'
    (the floor of 1/p: 1/8,133 is above the bound); 0.0432 -> '4.33%' (rounded up)."""
    if p is None or not math.isfinite(p):
        return "—"
    if p >= 0.01:
        digits = 3 - (1 if p >= 0.1 else 0)
        s = f"{math.ceil(p * 100 * 10 ** (digits - 2)) / 10 ** (digits - 2):g}%"
        return s.replace(".", ",") if lang == "ru" else s
    one_in = texts.fmt_int(math.floor(1 / p), lang)
    return f"1 из {one_in}" if lang == "ru" else f"1 in {one_in}"


_FORMATTERS = {
    "n": texts.fmt_int, "n_reporters": texts.fmt_int, "count": texts.fmt_int,
    "observed_count": texts.fmt_int,
    "more": texts.fmt_int, "required": texts.fmt_int, "fund": texts.fmt_int,
    "rejected": texts.fmt_int, "read": texts.fmt_int, "sampled": texts.fmt_int,
    "of_reporters": texts.fmt_int, "spins": texts.fmt_int, "of_spins": texts.fmt_int,
    "expected": lambda x, lang: (texts.fmt_int(x, lang) if x >= 100
                                 else texts.fmt_number(x, lang, 2)),
    "mean_observed": texts.fmt_number, "mean_stated": texts.fmt_number,
    "rate_high": texts.fmt_chance, "rate_low": texts.fmt_chance, "before": texts.fmt_chance,
    "after": texts.fmt_chance, "longest": texts.fmt_int, "k": texts.fmt_int,
    "stated": texts.fmt_chance, "alternative": texts.fmt_chance,
    "p": texts.fmt_p, "ratio": texts.fmt_ratio, "ci_low": texts.fmt_ratio,
    "ci_high": texts.fmt_ratio, "evalue": texts.fmt_evalue, "threshold": texts.fmt_evalue,
    "bound": fmt_bound, "below": texts.fmt_chance, "rate": texts.fmt_chance,
    "measured": texts.fmt_chance,
}


def _percent(x, lang):
    """0.8 -> '80%'; 0.0042 -> '0.42%'; 1e-33 -> '< 0.0001%' (two significant figures)."""
    return texts.fmt_percent(x, lang, digits=2)


def _format(params: dict[str, Any], lang: str) -> dict[str, str]:
    out = {}
    for key, value in params.items():
        if key in ("power", "chance"):
            out[key] = _percent(value, lang)
        elif key == "observed":
            out[key] = (texts.fmt_int(value, lang) if float(value).is_integer()
                        else texts.fmt_number(value, lang))
        elif key == "promise":
            out[key] = texts.fmt_promise(value, lang)
        elif key in ("strength", "meaning", "method", "direction", "kind"):
            out[key] = texts.text(value, lang)
        elif key == "reporters":
            out[key] = (texts.text("reporters.some", lang, n=value) if value
                        else texts.text("reporters.unknown", lang))
        elif isinstance(value, Finding):
            out[key] = value.text(lang)
        elif key == "detail":
            detail_key, detail_params = value
            detail = texts.text(detail_key, lang, **_format(detail_params, lang))
            if detail_key == "detail.finding" and detail[1:2].islower():
                detail = detail[0].lower() + detail[1:]  # it follows a colon in the headline
            out[key] = detail
        elif key in _FORMATTERS:
            out[key] = _FORMATTERS[key](value, lang)
        else:
            out[key] = "" if value is None else str(value)
    return out


@dataclass(frozen=True)
class Finding:
    """One thing the analysis found, with how strong it is and which test says so.

    ``level`` is the verdict level this finding supports (or ``"info"``); ``strength`` is the
    e-value or p-value behind it; ``params`` are the raw numbers the text is made from.
    """

    code: str
    level: str
    test: str
    strength: float | None
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        return texts.text(f"finding.{self.code}", lang, **_format(self.params, lang))

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {"code": self.code, "level": self.level, "test": self.test,
                "strength": _json_number(self.strength), "text": self.text(lang)}


@dataclass(frozen=True)
class Verdict:
    """The answer: a level, one sentence, the findings behind it, caveats and the next step."""

    level: str
    findings: tuple[Finding, ...]
    caveats: tuple[tuple[str, dict[str, Any]], ...]
    more_spins: int | None
    analysis: Analysis = field(repr=False)
    _headline: tuple[str, dict[str, Any]] = field(repr=False, default=("", {}))
    _next: tuple[str, dict[str, Any]] = field(repr=False, default=("", {}))

    @property
    def severity(self) -> int:
        return LEVELS.index(self.level)

    def label(self, lang: str = "en") -> str:
        return texts.text(f"level.{self.level}", lang)

    def headline(self, lang: str = "en") -> str:
        key, params = self._headline
        return texts.text(key, lang, **_format(params, lang))

    def next_step(self, lang: str = "en") -> str:
        key, params = self._next
        return texts.text(key, lang, **_format(params, lang))

    def bias_line(self, lang: str = "en") -> str | None:
        """One sentence for data people chose to post (chat reports): how many times more (or
        less) often the results that matter would have to be posted than the others for an
        honest wheel to look like this, from :func:`fairness.stats.bias.reporting_bias`.

        The outcome is the one driving the evidence when there is one, else the one whose
        propensity ratio is furthest from 1 with p < alpha; ``None`` when the spins were not
        analysed for reporting bias (tallies only, no dependence family).
        """
        key, params = _bias_sentence(self.analysis)
        if key is None:
            return None
        return texts.text(key, lang, **_format(params, lang))

    def caveat_texts(self, lang: str = "en") -> list[str]:
        return [texts.text(key, lang, **_format(params, lang)) for key, params in self.caveats]

    def to_frame(self, lang: str = "en") -> pd.DataFrame:
        return pd.DataFrame([f.to_dict(lang) for f in self.findings],
                            columns=["code", "level", "test", "strength", "text"])

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """Everything a script needs, with plain JSON types."""
        a = self.analysis
        table = a.outcomes.to_frame()
        stated_flags = {o.label: o.is_stated for o in a.game.outcomes}
        outcomes = [
            {"label": row.label, "stated": _json_number(row.stated),
             "lower": _json_number(row.lower), "upper": _json_number(row.upper),
             "observed": int(row.observed), "rate": _json_number(row.rate),
             "rate_low": _json_number(row.ci_low), "rate_high": _json_number(row.ci_high),
             "stated_chance": bool(stated_flags[row.label]),
             "ratio": _json_number(row.ratio), "ci_low": _json_number(row.ci_low),
             "ci_high": _json_number(row.ci_high), "pvalue": _json_number(row.pvalue),
             "p_holm": _json_number(row.p_holm),
             "never_seen_bound": _json_number(a.never_seen.get(row.label))}
            for row in table.itertuples(index=False)
        ]
        claims = [
            {"claim": row.claim, "outcomes": row.outcomes.split(", "), "written": row.written,
             "kind": row.kind, "stated": _json_number(row.stated),
             "lower": _json_number(row.lower), "upper": _json_number(row.upper),
             "observed": int(row.observed), "n": int(row.n), "rate": _json_number(row.rate),
             "rate_low": _json_number(row.rate_low), "rate_high": _json_number(row.rate_high),
             "ratio": _json_number(row.ratio), "pvalue": _json_number(row.pvalue),
             "p_holm": _json_number(row.p_holm), "broken": bool(row.broken)}
            for row in a.claims.itertuples(index=False)
        ]
        start, end = a.period
        return {
            "level": self.level,
            "label": self.label(lang),
            "headline": self.headline(lang),
            "game": a.game.name,
            "n_spins": a.n_spins,
            "n_reporters": a.n_reporters,
            "period": [None if start is None else start.isoformat(),
                       None if end is None else end.isoformat()],
            "evalue": _json_number(a.evalue),
            "evalue_log10": _json_number(a.evidence_value.log10),
            "evalue_threshold": 1 / a.alpha,
            "alpha": a.alpha,
            "fit": {"method": a.fit.method, "statistic": _json_number(a.fit.statistic),
                    "df": a.fit.df, "pvalue": _json_number(a.fit.pvalue),
                    "effect_size": _json_number(a.fit.effect_size)},
            "mode": a.mode,
            "outcomes": outcomes,
            "claims": claims,
            "findings": [f.to_dict(lang) for f in self.findings],
            "caveats": self.caveat_texts(lang),
            "next_step": self.next_step(lang),
            "more_spins": self.more_spins,
            "plan": {"target": a.plan.target, "ratio": a.plan.ratio, "power": a.plan.power,
                     "n_required": a.plan.n_required, "kind": a.plan.kind},
            # (the unknown labels are cells of the user's data: shown in their session only)
            "accounting": {k: (int(v) if isinstance(v, (int, np.integer)) else v)
                           for k, v in a.summary.items() if k not in PRIVATE_SUMMARY_KEYS},
        }


def _json_number(x):
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def verdict(analysis: Analysis, *, thresholds: Thresholds | None = None) -> Verdict:
    """Turn an :class:`Analysis` into a :class:`Verdict` (see the module doc for the levels)."""
    if not isinstance(analysis, Analysis):
        raise TypeError("analysis must be the result of fairness.analyze()")
    if thresholds is not None and not isinstance(thresholds, Thresholds):
        raise TypeError("thresholds must be a fairness.thresholds.Thresholds")
    th = thresholds or analysis.thresholds
    a = analysis
    alpha = a.alpha
    findings: list[Finding] = []
    level_votes: list[str] = []

    # 1. Rules.
    headline: tuple[str, dict[str, Any]] | None = None
    # (Empty tables, the usual case, are not iterated: itertuples costs even on no rows.)
    for row in (a.forbidden.itertuples(index=False) if len(a.forbidden) else ()):
        repeated = row.reporters >= th.forbidden_reporters or (
            row.reporters == 0 and row.count >= th.forbidden_reporters)
        if repeated:
            findings.append(Finding("forbidden_seen", "rules_violated", "rules", None,
                                    {"label": row.label, "count": row.count,
                                     "reporters": row.reporters}))
            level_votes.append("rules_violated")
            headline = headline or ("headline.rules_violated",
                                    {"detail": ("detail.forbidden", {"label": row.label})})
        else:
            findings.append(Finding("forbidden_single", "suspicious", "rules", None,
                                    {"label": row.label}))
            level_votes.append("suspicious")
    if a.pool is not None:
        for row in a.pool[a.pool["exceeded"]].itertuples(index=False):
            findings.append(Finding("pool_exceeded", "rules_violated", "prize fund", None,
                                    {"label": row.label, "count": row.observed,
                                     "fund": row.fund}))
            level_votes.append("rules_violated")
            headline = headline or ("headline.rules_violated",
                                    {"detail": ("detail.pool", {"label": row.label})})

    # 2. Anytime-valid evidence.
    ev = a.evidence_value
    e = ev.value
    strength = _strength(e, alpha, th)
    if a.mode != "none":  # with nothing stated the e-value is 1 by construction: no finding
        findings.append(Finding("evidence", _evidence_level(e, alpha, th), "e-value (Dirichlet "
                                "mixture vs stated odds)" if a.mode == "stated" else
                                "e-value (Dirichlet mixture vs every statement together)", e,
                                {"evalue": e, "strength": strength, "threshold": 1 / alpha}))
    driver = _driver(a)
    if e >= 1 / alpha:
        level_votes.append("inconsistent")
        if headline is None:
            headline = ("headline.inconsistent", {"detail": driver})
    elif e >= th.suspicious_evalue:
        level_votes.append("suspicious")

    # 3. Fixed-sample tests (suspicious at most: they are not safe under repeated looks).
    outcomes = a.outcomes
    # (the table is made only when an outcome will be named: usually none is)
    named = any(label in a.allowed and np.isfinite(p) and p < alpha
                for label, p in zip(outcomes.labels, outcomes.p_holm, strict=True))
    table = outcomes.to_frame() if named else None
    for row in table.itertuples(index=False) if named else ():
        if row.label not in a.allowed or not np.isfinite(row.p_holm) or row.p_holm >= alpha:
            continue
        code = "outcome_low" if row.rate < row.lower else "outcome_high"
        findings.append(Finding(code, "suspicious", "exact binomial test (Holm)", row.p_holm,
                                {**_outcome_params(row, a.n_spins),
                                 "promise": a.game.outcomes[a.labels.index(row.label)]}))
        level_votes.append("suspicious")
    for row in a.claims.itertuples(index=False) if len(a.claims) else ():
        if row.broken:
            findings.append(Finding("claim_broken", "suspicious",
                                    "exact binomial test of the claim (Holm)", row.p_holm,
                                    _claim_params(row)))
            level_votes.append("suspicious")
    if a.fit.pvalue < alpha and a.n_spins > 0:
        findings.append(Finding("fit", "suspicious", a.fit.method, a.fit.pvalue,
                                {"method": f"fit.method.{a.fit.method}", "p": a.fit.pvalue}))
        level_votes.append("suspicious")
    if a.value is not None and a.n_spins > 0 and a.value.pvalue < alpha:
        unit = next((o.unit for o in a.game.outcomes if o.unit), "") or ""
        code = "value_low" if a.value.observed_mean < a.value.stated_mean else "value_high"
        findings.append(Finding(code, "suspicious", "mean prize z-test", a.value.pvalue,
                                {"mean_observed": a.value.observed_mean,
                                 "mean_stated": a.value.stated_mean,
                                 # "2.04% cashback", "35 points" (a sign sticks to the figure)
                                 "unit": unit if unit.startswith("%") else
                                 f" {unit}" if unit else "",
                                 "ratio": a.value.ratio, "p": a.value.pvalue}))
        level_votes.append("suspicious")

    # 3b. Is the draw the same for everyone, every time? (suspicious at most; never hides the fit)
    dep = a.dependence
    if dep is not None:
        seen_codes: set[str] = set()
        for t in sorted(dep.tests, key=lambda t: t.p_holm):
            if t.p_holm > th.dependence_alpha or t.code in seen_codes:
                continue
            seen_codes.add(t.code)
            findings.append(Finding(t.code, "suspicious", t.test, t.p_holm,
                                    {**_dependence_params(t), "p": t.p_holm}))
            level_votes.append("suspicious")
        n_segments = len(dep.segments)
        for seg in dep.segments:
            if seg.evidence_value.value >= n_segments / alpha:
                findings.append(Finding("segment_evidence", "suspicious",
                                        "e-value within the segment (Bonferroni)",
                                        seg.evidence_value.value,
                                        {"segment": seg.segment, "n": seg.n,
                                         "evalue": seg.evidence_value.value,
                                         "threshold": n_segments / alpha}))
                level_votes.append("suspicious")
        if dep.complete is not None and dep.complete["n"] < a.n_spins and a.mode != "none":
            c = dep.complete
            findings.append(Finding("complete_logs", "info", "fit on complete logs",
                                    c["fit_pvalue"],
                                    {"n": c["n"], "n_reporters": c["reporters"],
                                     "evalue": c["evalue"], "p": c["fit_pvalue"]}))

    # 4. Prizes never seen: say whether that means anything.
    for label, zero in a.zero.items():
        strong = zero.chance_of_none < th.zero_hits_strong
        findings.append(Finding("zero_hits", "suspicious" if strong else "info",
                                "P(no hits | stated)", zero.chance_of_none,
                                {"label": label, "n": a.n_spins, "stated": zero.stated,
                                 "promise": a.game.outcomes[a.labels.index(label)],
                                 "chance": zero.chance_of_none,
                                 "meaning": "zero.meaning_strong" if strong
                                 else "zero.meaning_weak"}))

    for label, bound in a.never_seen.items():
        findings.append(Finding("never_seen", "info", "upper end of the exact two-sided 95% "
                                "interval (Clopper-Pearson, zero hits)", bound,
                                {"label": label, "n": a.n_spins, "bound": bound}))

    # 5. Enough data?
    plan = a.plan
    plan_params = {"target": plan.target, "stated": plan.stated, "alternative": plan.alternative,
                   "required": plan.n_required, "n": a.n_spins, "power": plan.power}
    by_difference = plan.kind == "difference"
    suffix = "_difference" if by_difference else ""
    test = ("power of a two-group comparison (twofold difference)" if by_difference
            else "simulated power of the e-value")
    if plan.enough:
        findings.append(Finding(f"enough_data{suffix}", "info", test, None,
                                {**plan_params, "power": plan.power}))
    elif not (by_difference and plan.n_required is None):
        findings.append(Finding(f"not_enough_data{suffix}", "info", test, None, plan_params))

    # Without stated odds only the dependence family can speak, and only if it ran.
    checked = a.mode != "none" or (dep is not None and len(dep.tests) > 0)
    enough = plan.enough and checked
    level = max(level_votes, key=LEVELS.index) if level_votes else (
        "consistent" if enough else "not_enough_data")
    more = plan.more_needed if level in ("not_enough_data", "suspicious") else None
    if more:  # one rounding rule (two significant figures, up) for the headline and the app
        more = nice_round_up(more)
    not_given = [label for label in (a.summary.get("not_given") or [])
                 if label in a.allowed and a.game.stated[a.labels.index(label)] > 0]
    if not_given and a.n_individual == 0:
        findings.append(Finding("not_given", "info", "accounting", None,
                                {"labels": ", ".join(not_given)}))
    unknown = _unknown_labels(a)
    if unknown is not None:
        # The data and the game do not belong together: ask, do not count on. The spins that
        # did match are a selection by label (another spelling of one outcome is missing from
        # them), so their mix proves nothing either way; a forbidden outcome seen stays a fact.
        findings.append(Finding("labels_unknown", "info", "accounting", None, unknown))
        if level != "rules_violated":
            level, more = "not_enough_data", None
            headline = ("headline.labels_unknown", unknown)
    if headline is None and a.mode == "none" and level in ("consistent", "not_enough_data"):
        if level == "consistent":
            headline = ("headline.no_odds_consistent", {"n": a.n_spins, "target": plan.target})
        elif not checked:
            headline = ("headline.no_odds_untestable", {"n": a.n_spins})
        elif plan.n_required is None:
            headline = ("headline.no_odds_not_enough_data_unknown", {"n": a.n_spins})
        else:
            headline = ("headline.no_odds_not_enough_data", {"n": a.n_spins, "more": more})
    if headline is None:
        if level == "suspicious":
            headline = ("headline.suspicious",
                        {"detail": _suspicious_detail(a, driver, th, findings)})
        elif level == "consistent":
            headline = ("headline.consistent", {"n": a.n_spins, "target": plan.target})
        elif plan.n_required is None:
            headline = ("headline.not_enough_data_unreachable",
                        {"n": a.n_spins, "target": plan.target})
        else:
            headline = ("headline.not_enough_data", {"n": a.n_spins, "more": more})
    if unknown is not None and headline[0] == "headline.labels_unknown":
        next_step = ("next.labels_unknown", {})
    elif level == "not_enough_data" and not checked:
        next_step = ("next.no_odds_untestable", {})
    elif level == "not_enough_data" and plan.n_required is None and by_difference:
        next_step = ("next.no_odds_collect", {})
    elif level == "not_enough_data" and plan.n_required is None:
        next_step = ("next.not_enough_data_unreachable", {})
    elif level == "not_enough_data":
        next_step = ("next.not_enough_data", {"more": more})
    else:
        next_step = (f"next.{level}", {})

    caveats: list[tuple[str, dict[str, Any]]] = [("caveat.reporting_bias", {}),
                                                  ("caveat.independence", {})]
    if a.mode == "none":
        caveats.insert(0, ("caveat.no_odds", {}))
    elif a.game.unstated:
        caveats.insert(0, ("caveat.unstated", {"labels": ", ".join(a.game.unstated)}))
    bias = _bias_caveat(a, driver)
    if bias is not None and level in ("suspicious", "inconsistent"):
        caveats.insert(0, bias)
    if a.n_individual == 0 and a.n_spins > 0:
        caveats.append(("caveat.tallies_only", {}))
    if dep is not None and dep.sample is not None:
        sample = dep.sample  # "reporters" would read as the finding's "from N reporters"
        caveats.append(("caveat.sequence_sample", {
            "sampled": sample["reporters"], "of_reporters": sample["of_reporters"],
            "spins": sample["spins"], "of_spins": sample["of_spins"]}))
    rejected = int(a.summary.get("rejected", 0) or 0)
    if rejected:
        caveats.append(("caveat.rejected", {"rejected": rejected,
                                            "read": int(a.summary.get("read", 0) or 0)}))
    order = {"rules_violated": 0, "inconsistent": 1, "suspicious": 2, "info": 3}
    findings.sort(key=lambda f: order.get(f.level, 4))
    return Verdict(level=level, findings=tuple(findings), caveats=tuple(caveats),
                   more_spins=more, analysis=a, _headline=headline, _next=next_step)


def _unknown_labels(a: Analysis) -> dict[str, Any] | None:
    """Numbers for "most spins name no outcome of the game" (None when they do not)."""
    from fairness.evidence import mostly_unknown

    if not mostly_unknown(a.summary):
        return None
    unknown = int(a.summary.get("unknown_spins", 0))
    return {"count": unknown, "n": unknown + a.n_spins,
            "k": len(a.summary.get("unknown_labels") or {}) or 1}


def _strength(e: float, alpha: float, th: Thresholds) -> str:
    """The word for an e-value: very strong is ten times the "inconsistent" level."""
    if e >= 1 / alpha * 10:
        return "strength.very_strong"
    if e >= 1 / alpha:
        return "strength.strong"
    if e >= th.suspicious_evalue:
        return "strength.moderate"
    if e >= th.weak_evalue:
        return "strength.weak"
    return "strength.none"


def _evidence_level(e, alpha, th):
    if e >= 1 / alpha:
        return "inconsistent"
    if e >= th.suspicious_evalue:
        return "suspicious"
    return "info"


def _driver(a: Analysis) -> tuple[str, dict[str, Any]]:
    """Which term carries the evidence: one outcome (and how far off it is) or the joint mix."""
    comps = a.evidence_value.components
    # The remainder promises nothing of its own ("whatever is left"): its excess is the mirror
    # of another outcome's shortfall, so the headline names an outcome with a promise.
    remainders = {o.label for o in a.game.outcomes if o.form == "remainder"}
    # (on the columns' values: a few terms, where frame filtering costs milliseconds)
    terms = comps["term"].tolist()
    log10 = comps["log10"].to_numpy(dtype=float)
    singles = [i for i, term in enumerate(terms) if term != "joint" and term not in remainders
               and not np.isnan(log10[i])]
    if singles:
        # the first single term with the largest log10
        at = singles[int(np.argmax(log10[singles]))]
        best = {"term": terms[at], "log10": log10[at]}
        joint = log10[terms.index("joint")]
        # Name one outcome unless the joint term is clearly stronger (a diffuse deviation).
        if best["log10"] >= joint - 1.0 and str(best["term"]).startswith("claim: "):
            name = str(best["term"])[len("claim: "):]
            rows = a.claims[a.claims["claim"] == name]
            ratio = float(rows["ratio"].iloc[0]) if len(rows) else np.nan
            return ("detail.claim", {"claim": name, "ratio": ratio, "evalue": a.evalue})
        if best["log10"] >= joint - 1.0:
            label = best["term"]
            idx = a.labels.index(label)
            n = max(a.n_spins, 1)
            ratio = a.observed[idx] / n / a.game.stated[idx] if a.game.stated[idx] > 0 else np.nan
            return ("detail.outcome", {"label": label, "ratio": ratio, "evalue": a.evalue})
    return ("detail.joint", {"evalue": a.evalue})


def _suspicious_detail(a: Analysis, driver, th, findings) -> tuple[str, dict[str, Any]]:
    if a.evalue >= th.suspicious_evalue:
        return ("detail.suspicious_evidence", {"evalue": a.evalue})
    table = a.outcomes.to_frame()
    table = table[table["label"].isin(a.allowed)]
    if len(table) and table["p_holm"].min() < a.alpha:
        row = table.loc[table["p_holm"].idxmin()]
        return ("detail.suspicious_outcome", {"label": row["label"], "ratio": row["ratio"]})
    first = next((f for f in findings if f.level == "suspicious"), None)
    if first is not None:
        return ("detail.finding", {"finding": first})
    return ("detail.suspicious_other", {})


def _claim_params(row) -> dict[str, Any]:
    """Numbers for a group claim's sentence (a row of ``Analysis.claims``)."""
    return {"claim": row.claim, "written": row.written, "kind": f"claim_kind.{row.kind}",
            "observed_count": row.observed, "n": row.n, "rate": row.rate,
            "rate_low": row.rate_low, "rate_high": row.rate_high, "ratio": row.ratio,
            "p": row.p_holm}


def _outcome_params(row, n) -> dict[str, Any]:
    stated = row.stated
    return {"label": row.label, "observed": int(row.observed), "n": n, "stated": stated,
            "expected": stated * n, "ratio": row.ratio,
            "ci_low": row.ci_low / stated if stated > 0 else np.nan,
            "ci_high": row.ci_high / stated if stated > 0 else np.nan,
            "p": row.p_holm}


def _dependence_params(test) -> dict[str, Any]:
    """Numbers for a dependence finding's sentence (see fairness.dependence)."""
    params = dict(test.params)
    if test.code == "drift":
        when = params.pop("when", None)
        params["when"] = "—" if when is None else f"{when:%Y-%m-%d}"
    if test.code == "pity":
        params["direction"] = ("direction.anti_pity" if params.get("direction") == "anti-pity"
                               else "direction.pity")
    return params


def _bias_sentence(a: Analysis) -> tuple[str | None, dict[str, Any]]:
    dep = a.dependence
    if dep is None or dep.bias is None or not len(dep.bias.labels):
        return None, {}
    labels = list(dep.bias.labels)
    ratio = np.asarray(dep.bias.ratio, dtype=float)
    pvalue = np.asarray(dep.bias.pvalue, dtype=float)
    remainders = {o.label for o in a.game.outcomes if o.form == "remainder"}
    usable = (np.isfinite(ratio) & (ratio > 0) & (pvalue < a.alpha)
              & ~np.isin(np.asarray(labels, dtype=object), list(remainders)))
    if not usable.any():
        return "bias.none", {}
    driver = _driver(a)
    index = None
    if driver[0] == "detail.outcome" and driver[1]["label"] in labels:
        index = labels.index(driver[1]["label"])
        if not usable[index]:
            index = None
    if index is None:
        distance = np.where(usable, np.abs(np.log(np.where(usable, ratio, 1.0))), -1.0)
        index = int(np.argmax(distance))
    r = float(ratio[index])
    key = "bias.more" if r >= 1 else "bias.less"
    return key, {"label": labels[index], "ratio": r if r >= 1 else 1 / r}


def _bias_caveat(a: Analysis, driver) -> tuple[str, dict[str, Any]] | None:
    """How much more (or less) often the outcome driving the evidence would have to be posted
    than the others to explain the deviation on its own."""
    dep = a.dependence
    if dep is None or dep.bias is None or driver[0] != "detail.outcome":
        return None
    label = driver[1]["label"]
    labels = list(dep.bias.labels)
    if label not in labels:
        return None
    index = labels.index(label)
    ratio = float(dep.bias.ratio[index])
    if not np.isfinite(ratio) or ratio <= 0 or not dep.bias.pvalue[index] < a.alpha:
        return None  # only when that outcome really deviates
    key = "caveat.bias_more" if ratio >= 1 else "caveat.bias_less"
    return (key, {"label": label, "ratio": ratio if ratio >= 1 else 1 / ratio})
