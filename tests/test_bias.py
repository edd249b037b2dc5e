"""Tests of fairness.stats.bias: reporting-propensity ratios and complete-log selection."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairness.evidence import Evidence
from fairness.logs import complete_logs, complete_spins
from fairness.spec import Game
from fairness.stats import reporting_bias


def test_propensity_ratio_formula():
    # Stated 1 %, observed 4 %: r = 0.04 * 0.99 / (0.01 * 0.96) = 4.125.
    result = reporting_bias([9600, 400], [0.99, 0.01], labels=["rest", "100%"])
    frame = result.to_frame().set_index("outcome")
    assert frame.loc["100%", "ratio"] == pytest.approx(4.125, rel=1e-12)
    assert frame.loc["100%", "direction"] == "over-posted"
    assert frame.loc["rest", "ratio"] == pytest.approx(1 / 4.125, rel=1e-12)
    assert frame.loc["100%", "deviates"]
    summary = result.summary()
    assert summary["outcome"] in {"100%", "rest"} and summary["pvalue"] < 1e-6


def test_ratio_explains_the_share_exactly():
    stated = np.array([0.7, 0.2, 0.09, 0.01])
    observed = np.array([600, 250, 120, 30])
    result = reporting_bias(observed, stated)
    share = observed / observed.sum()
    # Posting outcome i r_i times as often as the rest turns p_i into q_i.
    r = result.ratio
    implied = stated * r / (stated * r + (1 - stated))
    np.testing.assert_allclose(implied, share, rtol=1e-12)


def test_interval_matches_clopper_pearson_mapped():
    from scipy import stats

    result = reporting_bias([970, 30], [0.98, 0.02], level=0.95)
    ci = stats.binomtest(30, 1000, 0.02).proportion_ci(0.95, method="exact")
    low = ci.low * 0.98 / (0.02 * (1 - ci.low))
    high = ci.high * 0.98 / (0.02 * (1 - ci.high))
    assert result.ci_low[1] == pytest.approx(low, rel=1e-9)
    assert result.ci_high[1] == pytest.approx(high, rel=1e-9)
    assert result.pvalue[1] == pytest.approx(stats.binomtest(30, 1000, 0.02).pvalue)


def test_edges_zero_observed_and_forbidden_outcome():
    result = reporting_bias([100, 0, 3], [0.9, 0.1, 0.0], labels=["a", "b", "forbidden"])
    frame = result.to_frame().set_index("outcome")
    assert frame.loc["b", "ratio"] == 0.0 and frame.loc["b", "direction"] == "under-posted"
    assert math.isnan(frame.loc["forbidden", "ratio"])
    assert frame.loc["forbidden", "direction"] == "undefined"
    assert not frame.loc["forbidden", "deviates"]


def test_honest_share_gives_ratio_one_and_no_deviation():
    result = reporting_bias([900, 90, 10], [0.9, 0.09, 0.01])
    np.testing.assert_allclose(result.ratio, 1.0)
    assert not result.deviates.any()
    assert math.isnan(result.summary()["effect"])


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.integers(0, 500), min_size=2, max_size=6),
    st.lists(st.floats(0.01, 1.0), min_size=6, max_size=6),
)
def test_interval_contains_ratio(counts, weights):
    if sum(counts) == 0:
        return
    weights = np.array(weights[: len(counts)])
    stated = weights / weights.sum()
    result = reporting_bias(counts, stated)
    ok = np.isfinite(result.ratio)
    assert np.all(result.ci_low[ok] <= result.ratio[ok] * (1 + 1e-9))
    assert np.all(result.ci_high[ok] >= result.ratio[ok] * (1 - 1e-9))
    assert np.all((result.pvalue >= 0) & (result.pvalue <= 1))


def test_reporting_bias_input_checks():
    with pytest.raises(ValueError, match="stated must have 2"):
        reporting_bias([1, 2], [0.5, 0.3, 0.2])
    with pytest.raises(ValueError, match="summing to 1"):
        reporting_bias([1, 2], [0.5, 0.2])
    with pytest.raises(ValueError, match="observed must hold whole-number"):
        reporting_bias([1.5, 2], [0.5, 0.5])
    with pytest.raises(ValueError, match="at least one spin"):
        reporting_bias([0, 0], [0.5, 0.5])
    with pytest.raises(ValueError, match="level"):
        reporting_bias([1, 1], [0.5, 0.5], level=95)


# ---------------------------------------------------------------------------------------------
# complete logs


def test_complete_logs_by_consecutive_seq():
    spins = pd.DataFrame(
        {
            "reporter": ["a"] * 5 + ["b"] * 5 + [None],
            "seq": [1, 2, 3, 4, 5, 1, 2, 4, 5, 6, None],  # b has a gap after 2
            "outcome": ["x"] * 11,
        }
    )
    table = complete_logs(spins, min_consecutive=4).set_index("reporter")
    assert table.loc["a", "complete"] and table.loc["a", "longest_consecutive"] == 5
    assert not table.loc["b", "complete"] and table.loc["b", "longest_consecutive"] == 3
    assert pd.isna(table.loc["a", "flagged"])
    assert set(complete_spins(spins, 4)["reporter"]) == {"a"}


def test_complete_logs_flag_wins_over_length():
    spins = pd.DataFrame(
        {
            "reporter": ["a", "a", "b", "b", "c"],
            "seq": [1, 2, 1, 2, 1],
            "complete": ["yes", "yes", "нет", "нет", None],
        }
    )
    table = complete_logs(spins, min_consecutive=1).set_index("reporter")
    assert table.loc["a", "complete"] and table.loc["a", "reason"] == "flagged complete"
    assert not table.loc["b", "complete"] and table.loc["b", "reason"] == "flagged incomplete"
    assert table.loc["c", "complete"]  # no flag given: falls back to the length rule


def test_complete_logs_from_evidence_spins():
    game = Game.from_table([{"label": "lose", "chance": "90%"}, {"label": "win", "chance": "10%"}])
    evidence = Evidence.from_outcomes(
        game, ["lose"] * 25 + ["win"] * 3, reporter=["long"] * 25 + ["short"] * 3,
        seq=[*range(1, 26), 1, 2, 3],  # numbered, gap-free: complete when long enough
    )
    table = complete_logs(evidence.spins, min_consecutive=20).set_index("reporter")
    long, short = evidence.spins["reporter"].iloc[[0, -1]]  # (pseudonyms of the names)
    assert table.loc[long, "complete"] and not table.loc[short, "complete"]
    # Without numbers nothing shows that no spin was left out: no log counts as complete.
    unnumbered = Evidence.from_outcomes(game, ["lose"] * 25, reporter=["long"] * 25)
    assert not complete_logs(unnumbered.spins, min_consecutive=20)["complete"].any()


def test_complete_logs_input_checks():
    with pytest.raises(TypeError, match="spins must be a pandas DataFrame"):
        complete_logs([1, 2])
    with pytest.raises(ValueError, match="reporter"):
        complete_logs(pd.DataFrame({"seq": [1]}))
    with pytest.raises(ValueError, match="min_consecutive"):
        complete_logs(pd.DataFrame({"reporter": ["a"]}), min_consecutive=0)
