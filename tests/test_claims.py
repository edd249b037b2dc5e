"""Claims as operators make them (issue 16): unstated chances, group claims, prizes never seen,
games without odds. Reference values name their source and tolerance."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import numpy as np
import pytest
from scipy import stats

import fairness
from fairness import Evidence, Game, SpecError
from fairness.i18n import fmt_int
from fairness.report import to_json, to_markdown, to_text
from fairness.stats.anytime import evalue, null_fit
from fairness.stats.composite import Polytope, composite_log_evalues, likelihood_ratio_test
from fairness.stats.outcomes import never_seen_bound, spins_for_never_seen
from fairness.stats.power import difference_spins
from tests.conftest import DATASETS

ISSUE_SPEC = {
    "name": "Колесо",
    "outcomes": [{"label": "1%", "value": 1}, {"label": "5%", "percent": 7, "value": 5},
                 {"label": "10%", "value": 10}, {"label": "100%", "value": 100}],
    "claims": [{"outcomes": ["5%", "10%", "100%"], "odds": "1 in 10", "claim": "at_least",
                "text": "каждый десятый выигрывает 5% и больше"}],
}


def game(*outcomes, claims=None):
    data = {"name": "g", "outcomes": list(outcomes)}
    if claims is not None:
        data["claims"] = claims
    return Game.from_dict(data, source="g.toml")


# --- the spec ---------------------------------------------------------------------------------

def test_unstated_and_stated_outcomes_mix_and_the_game_says_which_is_which():
    g = Game.from_dict(ISSUE_SPEC)
    assert g.unstated == ("1%", "10%", "100%")
    assert [o.label for o in g.stated_outcomes] == ["5%"]
    assert [o.label for o in g.unstated_outcomes] == ["1%", "10%", "100%"]
    assert g.is_composite and g.has_odds
    assert math.isnan(g.outcome("100%").stated) and not g.outcome("100%").is_stated
    assert (g.outcome("100%").lower, g.outcome("100%").upper) == (0.0, 1.0)
    # "7%" keeps its rounding interval and is not renormalised: the stated sum is below 1
    assert g.outcome("5%").stated == pytest.approx(0.07)
    assert (g.outcome("5%").lower, g.outcome("5%").upper) == pytest.approx((0.065, 0.075))
    claim = g.claims[0]
    assert claim.outcomes == ("5%", "10%", "100%") and claim.claim == "at_least"
    # the same rounding rule as for outcomes: "1 in 10" allows 1/10.5 .. 1/9.5, at_least opens
    # the top
    assert claim.lower == pytest.approx(1 / 10.5) and claim.upper == 1.0
    assert claim.text == "каждый десятый выигрывает 5% и больше"
    # the reference point (prior centre) lies in the null
    assert g.null().contains(g.reference)


def test_a_game_with_no_stated_chance_at_all_is_valid():
    g = game({"label": "a"}, {"label": "b"}, {"label": "c", "probability": 0})
    assert not g.has_odds and g.unstated == ("a", "b")
    assert g.forbidden == ("c",)
    assert g.null().is_everything


def test_claims_in_every_chance_form_and_the_spec_round_trips(tmp_path):
    g = game({"label": "a"}, {"label": "b"}, {"label": "c", "percent": 10},
             claims=[{"outcomes": ["a", "b"], "percent": 95, "claim": "at_most"},
                     {"outcomes": ["b", "c"], "probability": 0.25},
                     {"outcomes": ["a"], "odds": "1 к 4", "claim": "at_least"}])
    lows = [c.lower for c in g.claims]
    highs = [c.upper for c in g.claims]
    assert lows == pytest.approx([0.0, 0.245, 1 / 4.5])
    assert highs == pytest.approx([0.955, 0.255, 1.0])
    path = tmp_path / "g.toml"
    path.write_text(g.to_toml(), encoding="utf-8")
    assert fairness.load_game(path) == g


def test_stated_chances_above_one_stay_an_error_in_both_languages():
    with pytest.raises(SpecError) as info:
        game({"label": "a", "percent": 70}, {"label": "b", "percent": 50}, {"label": "c"})
    assert "1.2" in str(info.value) and "g.toml" in str(info.value)
    assert "больше 1" in info.value.message("ru")


def test_remainder_with_an_unstated_outcome_is_an_error_that_says_why():
    with pytest.raises(SpecError) as info:
        game({"label": "a", "percent": 10}, {"label": "b", "remainder": True}, {"label": "c"})
    assert "'c' has no stated chance" in str(info.value)
    assert "remainder" in info.value.message("ru") and "«c»" in info.value.message("ru")


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        ([{"outcomes": ["zz"], "percent": 5}], "not an outcome"),
        ([{"outcomes": ["a", "a"], "percent": 5}], "twice"),
        ([{"outcomes": ["a"]}], "one stated share"),
        ([{"outcomes": ["a"], "weight": 3}], "unknown key"),
        ([{"outcomes": [], "percent": 5}], "needs `outcomes`"),
        # a claim that no chances can meet together with the stated ones
        ([{"outcomes": ["a", "b"], "percent": 95, "claim": "at_least"}], "contradict"),
    ],
)
def test_bad_claims_give_one_line_errors(claims, message):
    with pytest.raises(SpecError) as info:
        game({"label": "a"}, {"label": "b"}, {"label": "c", "percent": 10}, claims=claims)
    assert message in str(info.value)
    assert "\n" not in info.value.message("ru") and info.value.message("ru") != str(info.value)


# --- the constrained maximum likelihood -------------------------------------------------------

def test_single_at_least_claim_matches_its_closed_form():
    # Closed form (KKT): when the group's share O_G/n is below the claim's L, the maximum puts
    # exactly L on the group, split in proportion to the counts, and 1 - L on the rest.
    null = Polytope(lower=[0, 0, 0], upper=[1, 1, 1], groups=[[1, 1, 0]], group_lower=[0.1],
                    group_upper=[1])
    counts = np.array([3.0, 2.0, 95.0])
    closed = np.array([0.1 * 3 / 5, 0.1 * 2 / 5, 0.9])
    assert null.log_sup(counts)[0] == pytest.approx(counts @ np.log(closed), abs=1e-9)
    assert null.mle(counts) == pytest.approx(closed, abs=1e-7)
    # a group already above its claim: the unconstrained maximum, O/n
    inside = np.array([20.0, 5.0, 75.0])
    assert null.log_sup(inside)[0] == pytest.approx(inside @ np.log(inside / 100), abs=1e-9)


def test_single_at_most_claim_with_a_stated_outcome_matches_its_closed_form():
    # "c" stated exactly 0.5; the group {a, b} at most 0.2. Seen 40/40/20: the group is capped
    # at 0.2 (split 1:1), c is pinned at 0.5, the free outcome d takes the remaining 0.3 ...
    # but d was never seen, so the likelihood is that of (0.1, 0.1, 0.5).
    null = Polytope(lower=[0, 0, 0.5, 0], upper=[1, 1, 0.5, 1], groups=[[1, 1, 0, 0]],
                    group_lower=[0.0], group_upper=[0.2])
    counts = np.array([40.0, 40.0, 20.0, 0.0])
    expected = 80 * math.log(0.1) + 20 * math.log(0.5)
    assert null.log_sup(counts)[0] == pytest.approx(expected, abs=1e-8)


def test_without_claims_the_bound_is_the_box_fit_of_the_classic_test():
    rng = np.random.default_rng(3)
    lower = np.array([0.6, 0.2, 0.0, 0.0])
    upper = np.array([0.7, 0.25, 1.0, 1.0])
    null = Polytope(lower=lower, upper=upper, groups=np.zeros((0, 4)), group_lower=[],
                    group_upper=[])
    for _ in range(20):
        counts = rng.multinomial(500, [0.5, 0.3, 0.15, 0.05]).astype(float)
        box = null_fit(counts, lower, upper)
        direct = float(np.sum(np.where(counts > 0, counts * np.log(np.maximum(box, 1e-300)),
                                       0)))
        assert null.log_sup(counts)[0] == pytest.approx(direct, abs=1e-6)


def test_dual_bound_is_never_below_the_primal_maximum():
    # Weak duality: the value the e-value divides by is at least the true maximum, so the
    # e-value can only err small. SLSQP's primal maximum is a lower bound of the true one.
    rng = np.random.default_rng(11)
    for _ in range(25):
        k = 5
        lower = np.where(rng.random(k) < 0.4, rng.uniform(0, 0.15, k), 0.0)
        upper = np.where(lower > 0, lower + rng.uniform(0, 0.1, k), 1.0)
        groups = (rng.random((2, k)) < 0.5).astype(float)
        centre = rng.dirichlet(np.ones(k))
        share = groups @ centre
        null = Polytope(lower=lower, upper=upper, groups=groups,
                        group_lower=np.maximum(share - 0.05, 0),
                        group_upper=np.minimum(share + 0.05, 1))
        if not null.feasible():
            continue
        counts = rng.multinomial(300, rng.dirichlet(np.ones(k))).astype(float)
        primal = null.mle(counts)
        assert null.contains(primal, tol=1e-6)
        primal_value = float(np.sum(np.where(counts > 0, counts * np.log(primal), 0)))
        bound = null.log_sup(counts)[0]
        # (SLSQP's point may break a constraint by ~1e-7, worth up to n * 1e-7 / min p nats)
        assert bound >= primal_value - 1e-4
        if not np.any(groups.sum(axis=1) == k):
            # and tight; a claim over every outcome duplicates "the chances sum to 1", and
            # coordinate descent on that degenerate dual may stop early (still a valid bound)
            assert bound - primal_value < 1e-3


# --- the e-value and the fit test ---------------------------------------------------------------

def test_fully_stated_games_keep_the_classic_evalue():
    g = fairness.load_game(DATASETS / "games" / "cashback_wheel.toml")
    assert not g.is_composite
    evidence = Evidence.from_counts(g, {"1%": 700, "3%": 200, "5%": 70, "10%": 25, "100%": 5})
    a = fairness.analyze(evidence, g, dependence=False)
    classic = evalue(a.observed, g.stated, g.lower, g.upper)
    assert a.mode == "stated" and a.evalue == classic.value


def test_nothing_stated_gives_no_evidence_and_no_fit_test():
    null = Polytope(lower=[0, 0, 0], upper=[1, 1, 1], groups=np.zeros((0, 3)), group_lower=[],
                    group_upper=[])
    counts = np.array([[50, 30, 20], [1, 0, 99]])
    log_e, _, _, _ = composite_log_evalues(counts, null, [1 / 3] * 3,
                                           concentrations=(2.0, 20.0))
    assert np.all(log_e <= 1e-9)  # a mixture never beats the maximum likelihood itself
    assert likelihood_ratio_test(counts[0], null).pvalue == 1.0


def test_likelihood_ratio_degrees_of_freedom_leave_out_free_directions():
    g = Game.from_dict(ISSUE_SPEC)
    lr = likelihood_ratio_test([900, 70, 30, 0], g.null())
    # K = 4; "1%" is the only outcome no statement touches: no free direction, df = 3
    assert lr.df == 3 and lr.statistic == pytest.approx(0.0, abs=1e-6)
    g2 = game({"label": "a"}, {"label": "b"}, {"label": "c"}, {"label": "d", "percent": 10})
    lr2 = likelihood_ratio_test([30, 30, 30, 10], g2.null())
    assert lr2.df == 3 - 2  # a, b, c free: two free directions
    # G against "d is 9.5%-10.5%" with d seen 20 of 100: the binomial LR of 0.2 vs 0.105
    lr3 = likelihood_ratio_test([30, 30, 20, 20], g2.null())
    expected = 2 * (20 * math.log(0.2 / 0.105) + 80 * math.log(0.8 / 0.895))
    assert lr3.statistic == pytest.approx(expected, abs=1e-6)
    assert lr3.pvalue == pytest.approx(stats.chi2.sf(expected, 1), rel=1e-6)


def test_calibration_reduced_honest_games_on_the_boundary_checked_after_every_batch():
    # 400 honest campaigns of the issue's wheel with the group exactly at its claimed 1 in 10
    # (the hardest null point: on the boundary) and "5%" at 7%, each checked after every one
    # of 20 batches of 50 spins. By Ville's inequality P(ever >= 1/alpha) <= alpha.
    # Reference: binomial upper bound, P(Bin(400, alpha) > bound) < 0.001.
    g = Game.from_dict(ISSUE_SPEC)
    allowed = g.allowed()
    true = np.array([0.9, 0.07, 0.025, 0.005])
    rng = np.random.default_rng(2026)
    campaigns, batches, size = 400, 20, 50
    draws = rng.multinomial(size, true, size=(campaigns, batches))
    paths = np.cumsum(draws, axis=1).reshape(-1, 4)
    log_e, _, _, _ = composite_log_evalues(paths, g.null(), allowed.stated,
                                           concentrations=fairness.stats.anytime.CONCENTRATIONS)
    ever = log_e.reshape(campaigns, batches).max(axis=1)
    for alpha in (0.05, 0.01):
        alarms = int(np.sum(ever >= math.log(1 / alpha)))
        assert alarms <= stats.binom.ppf(0.999, campaigns, alpha), (alpha, alarms)


# --- analysis, verdict, reports -------------------------------------------------------------------

def test_every_outcome_gets_a_rate_with_its_interval_in_the_frame_and_the_json():
    g = Game.from_dict(ISSUE_SPEC)
    evidence = Evidence.from_counts(g, {"1%": 900, "5%": 70, "10%": 30, "100%": 0})
    answer = fairness.verdict(fairness.analyze(evidence, g))
    frame = answer.analysis.to_frame().set_index("label")
    # Clopper-Pearson 95% for 30 of 1000: R binom.test(30, 1000)$conf.int = 0.02033 0.04255
    assert frame.loc["10%", "rate"] == 0.03
    assert frame.loc["10%", "rate_low"] == pytest.approx(0.02033, abs=1e-5)
    assert frame.loc["10%", "rate_high"] == pytest.approx(0.04255, abs=1e-5)
    assert not frame.loc["10%", "is_stated"] and frame.loc["5%", "is_stated"]
    data = json.loads(to_json(answer))
    by_label = {o["label"]: o for o in data["outcomes"]}
    assert by_label["10%"]["rate_low"] == pytest.approx(0.02033, abs=1e-5)
    assert by_label["100%"]["stated"] is None and by_label["100%"]["rate_high"] > 0
    assert data["mode"] == "partial" and data["claims"][0]["observed"] == 100


def test_never_seen_bound_reference_values():
    # Exact one-sided Clopper-Pearson upper limit for 0 of n at 95%: 1 - 0.05^(1/n)
    # (R: binom.test(0, 30000, alternative = "less")$conf.int[2] = 9.985276e-05).
    assert never_seen_bound(30_000) == pytest.approx(9.985276e-05, rel=1e-6)
    assert never_seen_bound(0) == 1.0
    # smallest n with the bound below 1/1000: ln(0.05) / ln(0.999) = 2994.2 -> 2995
    assert spins_for_never_seen(1 / 1000) == 2995
    assert never_seen_bound(2995) < 1 / 1000 <= never_seen_bound(2994)
    # The verdict's level (Thresholds.never_seen_level = 0.975): the upper end of the two-sided
    # 95% interval, as the outcome tables show it (R: binom.test(0, 30000)$conf.int[2] =
    # 1.229551e-04, "1 in 8,133"); ln(0.025) / ln(0.999) = 3687.1 -> 3688 spins.
    assert never_seen_bound(30_000, 0.975) == pytest.approx(1.229551e-04, rel=1e-6)
    assert spins_for_never_seen(1 / 1000, 0.975) == 3688


def test_never_seen_finding_in_both_languages():
    g = Game.from_dict(ISSUE_SPEC)
    evidence = Evidence.from_counts(g, {"1%": 27_000, "5%": 2100, "10%": 900, "100%": 0})
    answer = fairness.verdict(fairness.analyze(evidence, g))
    finding = next(f for f in answer.findings if f.code == "never_seen")
    n, one_in = fmt_int(30_000, "ru"), fmt_int(8_133, "ru")  # grouped as CLDR says
    assert finding.text("ru") == (f"«100%» не выпал ни разу за {n} вращений: если его вообще "
                                  f"можно выиграть, шанс ниже 1 из {one_in} (95%).")
    assert "below 1 in 8,133 (95%)" in finding.text("en")


def test_plan_never_seen_on_the_command_line():
    out = subprocess.run(
        [sys.executable, "-m", "fairness", "plan", "--game",
         str(DATASETS / "games" / "marketplace_no_odds.toml"), "--never-seen", "500 баллов",
         "--below", "1 in 1000", "--spins", "1000"],
        capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "3,688 spins" in out.stdout and "below 1 in 271 (95%)" in out.stdout
    assert "2,688 more" in out.stdout


def test_difference_spins_reference_value():
    # R: power.prop.test(p1 = .50, p2 = .75, power = .90) gives n = 76.65294 per group
    # (sig.level 0.05, two-sided, no continuity correction): 153.3 in all -> 154.
    assert difference_spins(0.625, ratio=1.5, power=0.9, alpha=0.05) == 154
    assert difference_spins(0.0) is None


def test_group_claim_line_and_finding_when_broken():
    g = Game.from_dict(ISSUE_SPEC)
    evidence = Evidence.from_counts(g, {"1%": 9300, "5%": 600, "10%": 100, "100%": 0})
    answer = fairness.verdict(fairness.analyze(evidence, g))
    assert answer.level == "inconsistent"
    claim = answer.analysis.claims.iloc[0]
    assert claim["observed"] == 700 and claim["rate"] == 0.07
    assert claim["ratio"] == pytest.approx(0.7) and bool(claim["broken"])
    broken = next(f for f in answer.findings if f.code == "claim_broken")
    assert "каждый десятый выигрывает 5% и больше" in broken.text("ru")
    assert "не меньше" in broken.text("ru") and "at least" in broken.text("en")
    for text in (to_text(answer, "ru"), to_markdown(answer, "en")):
        assert "каждый десятый выигрывает 5% и больше" in text
    assert "Утверждения о группах призов" in to_text(answer, "ru")
    assert "Claims about groups of prizes" in to_markdown(answer, "en")


def test_a_claim_that_holds_is_no_finding():
    g = Game.from_dict(ISSUE_SPEC)
    evidence = Evidence.from_counts(g, {"1%": 9000, "5%": 700, "10%": 250, "100%": 50})
    answer = fairness.verdict(fairness.analyze(evidence, g))
    assert "claim_broken" not in {f.code for f in answer.findings}
    assert answer.level == "consistent"


def _no_odds_evidence(new_top: float, n: int = 6000, seed: int = 1):
    g = fairness.load_game(DATASETS / "games" / "marketplace_no_odds.toml")
    rng = np.random.default_rng(seed)
    segment = rng.choice(["new", "existing"], size=n)
    old = np.array([0.60, 0.25, 0.12, 0.03])
    new = old.copy()
    new[3], new[0] = new_top, 0.63 - new_top
    codes = np.where(segment == "new", rng.choice(4, size=n, p=new), rng.choice(4, size=n, p=old))
    times = fairness_times(n, rng)
    evidence = Evidence.from_outcomes(g, [g.labels[c] for c in codes], segment=segment,
                                      reporter=[f"r{i}" for i in rng.integers(0, 300, n)],
                                      reported_at=times)
    return evidence, g


def fairness_times(n, rng):
    import pandas as pd

    start = pd.Timestamp("2026-03-01", tz="UTC")
    return start + pd.to_timedelta(np.sort(rng.integers(0, 30 * 86400, n)), unit="s")


def test_no_odds_wheel_the_same_for_everyone_is_consistent_and_says_what_was_tested():
    evidence, g = _no_odds_evidence(0.03)
    answer = fairness.verdict(fairness.analyze(evidence, g))
    assert answer.analysis.mode == "none" and answer.level == "consistent", answer.headline()
    assert answer.headline("ru").startswith(
        "Банк не публикует шансы: мы проверили, одинаково ли колесо для всех и не меняется ли "
        "оно со временем")
    assert "evidence" not in {f.code for f in answer.findings}
    assert "What the community measured" in to_markdown(answer, "en")


def test_no_odds_wheel_personalised_by_segment_is_suspicious():
    evidence, g = _no_odds_evidence(0.09)
    answer = fairness.verdict(fairness.analyze(evidence, g))
    assert answer.level == "suspicious"
    assert "segment_difference" in {f.code for f in answer.findings}


def test_no_odds_wheel_with_few_spins_says_how_many_more():
    evidence, g = _no_odds_evidence(0.03, n=800)
    answer = fairness.verdict(fairness.analyze(evidence, g))
    assert answer.level == "not_enough_data" and answer.more_spins > 0
    assert answer.more_spins == answer.analysis.plan.n_required - 800
