"""Unit, property and calibration tests of the sequence tests (fairness.stats.runs, streaks,
markov, pity, scripted) and of the Sequences container."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from fairness.evidence import Evidence
from fairness.logs import reporter_sequences, sequences_from_spins
from fairness.spec import Game
from fairness.stats import (
    Sequences,
    WithinSequencePermutations,
    combined_runs_test,
    longest_run_probabilities,
    longest_streak_test,
    markov_dependence_test,
    pity_test,
    runs_distribution,
    runs_test,
    scripted_start_test,
)
from fairness.stats.pity import _spins_since_last_flat
from fairness.stats.sequences import longest_runs as _longest_runs

HONEST = np.array([0.80, 0.15, 0.04, 0.01])  # a small cashback wheel; code 3 is the top prize


def honest_sequences(rng, reporters=20, spins=30, chances=HONEST):
    return [rng.choice(chances.size, size=spins, p=chances) for _ in range(reporters)]


def false_alarm_limit(campaigns, alpha=0.05):
    """Largest number of rejections compatible with a true rate <= alpha (one-sided 0.999)."""
    return int(stats.binom.ppf(0.999, campaigns, alpha))


# ---------------------------------------------------------------------------------------------
# runs


def test_runs_moments_match_exact_distribution():
    pmf = runs_distribution(7, 12)
    r = np.arange(pmf.size)
    result = runs_test([1] * 7 + [0] * 12)
    assert pmf.sum() == pytest.approx(1.0, abs=1e-12)
    assert (r * pmf).sum() == pytest.approx(result.expected_runs, rel=1e-12)
    assert ((r - result.expected_runs) ** 2 * pmf).sum() == pytest.approx(
        result.variance, rel=1e-10
    )


def test_runs_binary_series_is_not_cut_at_its_median():
    # The median of this 0/1 series is 0; cutting there would drop every 0.
    result = runs_test([0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0])
    assert (result.n1, result.n2, result.dropped, result.runs) == (3, 9, 0, 7)


def test_runs_threshold_and_dropped_values():
    result = runs_test([1.0, 5.0, 3.0, 3.0, 7.0, 2.0], threshold=3.0)
    assert result.dropped == 2
    assert (result.n1, result.n2, result.runs) == (2, 2, 3)


def test_runs_alternatives_and_exact():
    alternating = [0, 1] * 10
    assert runs_test(alternating, alternative="greater").pvalue < 0.001
    assert runs_test(alternating, alternative="less").pvalue > 0.99
    clustered = [0] * 10 + [1] * 10
    exact = runs_test(clustered, alternative="less", exact=True)
    # P(R = 2 | 10, 10) = 2 / C(20, 10)
    assert exact.pvalue == pytest.approx(2 / math.comb(20, 10), rel=1e-10)
    assert exact.method == "exact"
    assert runs_test(clustered, exact="auto").method == "exact"


def test_runs_one_kind_only_is_not_applicable():
    result = runs_test([1, 1, 1, 1])
    assert math.isnan(result.pvalue) and result.runs == 1
    assert "not applicable" in result.method


def test_runs_input_checks():
    with pytest.raises(ValueError, match="alternative"):
        runs_test([0, 1], alternative="up")
    with pytest.raises(ValueError, match="exact"):
        runs_test([0, 1], exact="yes")
    with pytest.raises(ValueError, match="x must be one-dimensional"):
        runs_test(np.zeros((2, 2)))
    with pytest.raises(TypeError, match="x must be numeric"):
        runs_test(["a", "b"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 1), min_size=2, max_size=40))
def test_runs_properties(bits):
    forward = runs_test(bits, exact=True)
    backward = runs_test(bits[::-1], exact=True)
    assert forward.runs == backward.runs
    if forward.n1 and forward.n2:
        assert 0.0 <= forward.pvalue <= 1.0
        assert forward.pvalue == pytest.approx(backward.pvalue)


def test_combined_runs_exact_equals_single_sequence_and_normal_agrees():
    rng = np.random.default_rng(3)
    bits = (rng.random(40) < 0.3).astype(int)
    single = runs_test(bits, exact=True)
    combined = combined_runs_test([bits], method="exact")
    assert combined.pvalue == pytest.approx(single.pvalue, rel=1e-10)
    many = [(rng.random(50) < 0.2).astype(int) for _ in range(60)]
    exact = combined_runs_test(many, method="exact")
    normal = combined_runs_test(many, method="normal")
    assert exact.runs == normal.runs and exact.n_sequences == normal.n_sequences
    assert exact.pvalue == pytest.approx(normal.pvalue, abs=0.03)


def test_combined_runs_detects_streaky_reporters():
    rng = np.random.default_rng(4)
    # Each reporter's wins come in one block: far too few runs.
    streaky = []
    for _ in range(30):
        bits = np.zeros(20, dtype=int)
        start = rng.integers(0, 15)
        bits[start : start + 5] = 1
        streaky.append(bits)
    result = combined_runs_test(streaky, alternative="less")
    assert result.pvalue < 1e-6 and result.statistic < 0


def test_combined_runs_skips_uninformative_sequences():
    result = combined_runs_test({"a": [1, 1, 1], "b": [0, 1, 0, 1], "c": [0, 0]})
    assert result.n_sequences == 1 and result.runs == 4
    assert "not applicable" in combined_runs_test([[1, 1], [0]]).method


# ---------------------------------------------------------------------------------------------
# longest streak


def brute_force_longest(n, q, m):
    """P(longest run of events >= m) by enumerating all 2^n outcomes (event prob q)."""
    total = 0.0
    for bits in itertools.product((0, 1), repeat=n):
        run = best = 0
        for b in bits:
            run = run + 1 if b else 0
            best = max(best, run)
        if best >= m:
            events = sum(bits)
            total += q**events * (1 - q) ** (n - events)
    return total


@pytest.mark.parametrize("q", [0.5, 0.9, 0.23])
def test_longest_run_recursion_matches_enumeration(q):
    lengths = [1, 4, 7, 10]
    m_values = [1, 2, 3, 5, 8]
    computed = longest_run_probabilities(lengths, q, m_values)
    for i, n in enumerate(lengths):
        for j, m in enumerate(m_values):
            assert computed[i, j] == pytest.approx(brute_force_longest(n, q, m), abs=1e-12)


def test_longest_streak_pvalue_is_combined_over_sequences():
    # Two sequences of length 10, stated win 0.5; longest losing streak 4.
    seqs = [[1, 0, 0, 0, 0, 1, 1, 0, 1, 0], [0, 1, 0, 1, 1, 0, 0, 1, 0, 1]]
    result = longest_streak_test(seqs, 0.5)
    one = brute_force_longest(10, 0.5, 4)
    assert result.longest == 4 and result.where == 0
    assert result.pvalue == pytest.approx(1 - (1 - one) ** 2, rel=1e-10)
    less = longest_streak_test(seqs, 0.5, alternative="less")
    none_at_5 = 1 - brute_force_longest(10, 0.5, 5)
    assert less.pvalue == pytest.approx(none_at_5**2, rel=1e-10)


def test_longest_streak_expected_value_by_enumeration():
    n, q = 8, 0.7
    expected = sum(brute_force_longest(n, q, m) for m in range(1, n + 1))
    result = longest_streak_test([[0] * n], 1 - q)
    assert result.expected_longest == pytest.approx(expected, rel=1e-10)
    table = result.distribution()
    assert table["prob_at_least"].iloc[0] == pytest.approx(1 - (1 - q) ** n)


def test_longest_streak_with_outcome_codes_and_starved_wheel():
    rng = np.random.default_rng(5)
    # The top prize (code 3, stated 10%) never comes for one reporter in 120 spins.
    seqs = {f"r{i}": rng.choice(4, size=40, p=[0.6, 0.2, 0.1, 0.1]) for i in range(10)}
    seqs["starved"] = rng.choice(3, size=120, p=[0.6, 0.25, 0.15])
    result = longest_streak_test(seqs, 0.1, win=3)
    assert result.where == "starved" and result.longest == 120
    assert result.pvalue < 1e-3
    assert result.expected_longest < 60


def test_longest_streak_input_checks():
    with pytest.raises(ValueError, match="stated_win_prob"):
        longest_streak_test([[0, 1]], 0.0)
    with pytest.raises(ValueError, match="win="):
        longest_streak_test([[0, 2]], 0.5)
    with pytest.raises(ValueError, match="alternative"):
        longest_streak_test([[0, 1]], 0.5, alternative="two-sided")


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 60), st.floats(0.01, 0.99))
def test_longest_run_probabilities_are_monotone(n, q):
    probs = longest_run_probabilities([n, n + 5], q, np.arange(1, n + 2))
    assert np.all(np.diff(probs[0]) <= 1e-12)  # decreasing in m
    assert np.all(probs[1] >= probs[0] - 1e-12)  # increasing in n
    assert probs[0, -1] == 0.0
    assert np.all((probs >= 0) & (probs <= 1))


def test_longest_run_large_input_is_fast_enough_and_sane():
    # 20,000 spins at 1 % wins: expected longest drought about log(n p) / -log(1 - p) ~ 530.
    result = longest_streak_test([np.zeros(20_000, dtype=int)], 0.01)
    assert 400 < result.expected_longest < 700
    assert result.pvalue < 1e-50


# ---------------------------------------------------------------------------------------------
# Markov dependence


def test_markov_transition_counts():
    result = markov_dependence_test({"a": [0, 1, 1, 0], "b": [1, 0]}, 2, n_simulations=0)
    # a: 0->1, 1->1, 1->0; b: 1->0. Nothing across reporters.
    np.testing.assert_array_equal(result.transitions, [[0, 1], [2, 1]])
    frame = result.transition_frame(["lose", "win"])
    assert frame.loc[(frame.previous == "win") & (frame.next == "lose"), "count"].item() == 2
    assert result.n_transitions == 4


def test_markov_detects_sticky_wheel():
    rng = np.random.default_rng(6)
    seqs = []
    for _ in range(30):
        seq = [rng.integers(3)]
        for _ in range(39):
            seq.append(seq[-1] if rng.random() < 0.5 else rng.integers(3))
        seqs.append(np.array(seq))
    result = markov_dependence_test(seqs, 3, n_simulations=499, seed=1)
    assert result.pvalue == pytest.approx(1 / 500)
    assert result.effect_size > 0.2
    assert markov_dependence_test(
        seqs, 3, n_simulations=499, seed=1, statistic="g"
    ).pvalue == pytest.approx(1 / 500)


def test_markov_is_seeded_and_invariant_to_relabelling():
    rng = np.random.default_rng(7)
    seqs = honest_sequences(rng)
    first = markov_dependence_test(seqs, 4, n_simulations=200, seed=3)
    again = markov_dependence_test(seqs, 4, n_simulations=200, seed=3)
    assert first.pvalue == again.pvalue
    relabel = np.array([2, 0, 3, 1])
    swapped = markov_dependence_test([relabel[s] for s in seqs], 4, n_simulations=0)
    assert swapped.statistic == pytest.approx(first.statistic, rel=1e-10)


def test_markov_input_checks():
    with pytest.raises(ValueError, match="k_outcomes"):
        markov_dependence_test([[0, 1]], 1)
    with pytest.raises(ValueError, match="outcome code 5"):
        markov_dependence_test([[0, 5]], 3)
    with pytest.raises(TypeError, match="n_simulations"):
        markov_dependence_test([[0, 1]], 2, n_simulations=1.5)
    with pytest.raises(ValueError, match="statistic"):
        markov_dependence_test([[0, 1]], 2, statistic="z")
    empty = markov_dependence_test([[1], [0]], 2)
    assert math.isnan(empty.pvalue)


# ---------------------------------------------------------------------------------------------
# pity


def pity_sequence(rng, spins, chance, guarantee):
    out, since = [], 0
    for _ in range(spins):
        hit = since == guarantee - 1 or rng.random() < chance
        out.append(1 if hit else 0)
        since = 0 if hit else since + 1
    return np.array(out)


def test_pity_detects_guarantee():
    rng = np.random.default_rng(8)
    seqs = [pity_sequence(rng, 50, 0.01, 50) for _ in range(60)]
    result = pity_test(seqs, 1, stated=0.01)
    assert result.slope > 0 and result.pvalue < 0.001
    assert result.longest_gap <= 49 and result.guarantee_pvalue < 1e-6
    hazard = result.hazard
    assert hazard["spins"].sum() == 3000 and hazard["hits"].sum() == result.n_hits
    assert hazard["rate"].iloc[-1] > 5 * 0.01


def test_pity_spins_since_and_anti_pity():
    # Anti-pity, separated: prizes only right after a prize (or at the start); the logistic
    # slope diverges, the score test still gives the direction and the p-value.
    seqs = [[1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0] for _ in range(20)]
    result = pity_test(seqs, 1)
    assert result.direction == "anti-pity" and result.pvalue < 0.001
    assert "score test" in result.method
    hazard = result.hazard
    assert hazard.loc[0, "spins_since"] == "0-4" and hazard.loc[0, "hits"] == 60
    assert hazard["spins"].sum() == 240
    # Anti-pity, noisy: the chance halves after 10 dry spins.
    rng = np.random.default_rng(12)
    noisy = []
    for _ in range(60):
        seq, since = [], 0
        for _ in range(60):
            hit = rng.random() < (0.2 if since < 10 else 0.05)
            seq.append(int(hit))
            since = 0 if hit else since + 1
        noisy.append(seq)
    result = pity_test(noisy, 1, stated=0.1)
    assert result.slope < 0 and result.direction == "anti-pity" and result.slope_pvalue < 0.01
    assert np.isfinite(result.slope_se)


def test_pity_linear_covariate_and_not_applicable():
    rng = np.random.default_rng(9)
    seqs = [pity_sequence(rng, 50, 0.01, 50) for _ in range(60)]
    linear = pity_test(seqs, 1, covariate="linear", stated=0.01)
    assert linear.slope > 0 and "per 10 spins" in linear.to_frame()["effect_name"].item()
    none = pity_test([[0, 0, 0, 0]], 1)
    assert math.isnan(none.pvalue) and none.n_hits == 0
    with pytest.raises(ValueError, match="covariate"):
        pity_test(seqs, 1, covariate="cubic")
    with pytest.raises(ValueError, match="stated"):
        pity_test(seqs, 1, stated=1.5)


# ---------------------------------------------------------------------------------------------
# scripted start


def test_scripted_start_detects_first_spin_script():
    rng = np.random.default_rng(10)
    seqs = []
    for _ in range(40):
        seq = rng.choice(4, size=20, p=HONEST)
        seq[0] = 2  # the first spin always pays the 10 % prize
        seqs.append(seq)
    result = scripted_start_test(seqs, k=1, k_outcomes=4, n_simulations=499, seed=2)
    assert result.pvalue == pytest.approx(1 / 500)
    rates = result.rates_frame(["1%", "3%", "10%", "100%"])
    assert rates.loc[2, "first_rate"] == 1.0 and rates.loc[2, "ratio"] > 10
    assert result.table.sum() == 800


def test_scripted_start_uses_only_sequences_longer_than_k():
    result = scripted_start_test([[0, 1], [1, 0, 0, 1], [0, 0, 0, 0, 1]], k=2, n_simulations=10)
    assert result.n_sequences == 2
    np.testing.assert_array_equal(result.table, [[3, 1], [3, 2]])
    assert "not applicable" in scripted_start_test([[0, 1]], k=2).method
    with pytest.raises(ValueError, match="k must be"):
        scripted_start_test([[0, 1]], k=0)


# ---------------------------------------------------------------------------------------------
# helpers and result objects


def test_reporter_sequences_from_evidence():
    game = Game.from_table([{"label": "lose", "chance": "90%"}, {"label": "win", "chance": "10%"}])
    evidence = Evidence.from_outcomes(
        game,
        ["lose", "win", "lose", "lose", "win"],
        reporter=["a", "b", "a", None, "a"],
        reported_at=pd.to_datetime(
            ["2026-01-03", "2026-01-01", "2026-01-01", "2026-01-01", "2026-01-02"], utc=True
        ),
    )
    seqs = reporter_sequences(evidence.spins)
    a, b = evidence.spins["reporter"].iloc[:2]  # (pseudonyms of the names)
    assert set(seqs) == {a, b}
    np.testing.assert_array_equal(seqs[a], [0, 1, 0])  # ordered by time
    assert set(reporter_sequences(evidence.spins, min_length=2)) == {a}


def test_results_have_one_row_frames_with_common_columns():
    rng = np.random.default_rng(11)
    seqs = honest_sequences(rng)
    results = [
        runs_test((seqs[0] > 0).astype(int)),
        combined_runs_test([(s > 0).astype(int) for s in seqs]),
        longest_streak_test(seqs, 0.2, win=[1, 2, 3]),
        markov_dependence_test(seqs, 4, n_simulations=50),
        pity_test(seqs, 3, stated=0.01),
        scripted_start_test(seqs, 3, k_outcomes=4, n_simulations=50),
    ]
    for result in results:
        frame = result.to_frame()
        assert len(frame) == 1
        for column in ("test", "statistic", "pvalue", "effect", "effect_name", "method"):
            assert column in frame.columns
        pvalue = frame["pvalue"].item()
        assert 0.0 <= pvalue <= 1.0


# ---------------------------------------------------------------------------------------------
# calibration on honest data (fast version; benchmarks/bench_dependence.py runs >= 1000)

CAMPAIGNS = 300


@pytest.fixture(scope="module")
def honest_campaigns():
    rng = np.random.default_rng(2026)
    return [honest_sequences(rng) for _ in range(CAMPAIGNS)]


def _rejections(pvalues, alpha=0.05):
    pvalues = np.asarray(pvalues, dtype=float)
    assert np.all(np.isfinite(pvalues))
    return int(np.count_nonzero(pvalues <= alpha))


def test_calibration_combined_runs(honest_campaigns):
    pvalues = [
        combined_runs_test([(s > 0).astype(int) for s in seqs]).pvalue for seqs in honest_campaigns
    ]
    assert _rejections(pvalues) <= false_alarm_limit(CAMPAIGNS)


def test_calibration_longest_streak(honest_campaigns):
    # Wins = any prize above the base one (20 %): streaks well below the sequence length.
    pvalues = [longest_streak_test(seqs, 0.2, win=[1, 2, 3]).pvalue for seqs in honest_campaigns]
    assert _rejections(pvalues) <= false_alarm_limit(CAMPAIGNS)


def test_calibration_markov(honest_campaigns):
    pvalues = [
        markov_dependence_test(seqs, 4, n_simulations=99, seed=i).pvalue
        for i, seqs in enumerate(honest_campaigns)
    ]
    assert _rejections(pvalues) <= false_alarm_limit(CAMPAIGNS)


def test_calibration_scripted_start(honest_campaigns):
    pvalues = [
        scripted_start_test(seqs, 3, k_outcomes=4, n_simulations=99, seed=i).pvalue
        for i, seqs in enumerate(honest_campaigns)
    ]
    assert _rejections(pvalues) <= false_alarm_limit(CAMPAIGNS)


@pytest.mark.slow
def test_calibration_pity(honest_campaigns):
    # The top prize (code 3) at 1 % is rare in 600 spins: the likelihood-ratio test and the
    # exact guarantee check must both stay calibrated with about 6 hits per campaign.
    pvalues = []
    for seqs in honest_campaigns[:200]:
        result = pity_test(seqs, 3, stated=0.01)
        pvalues.append(1.0 if math.isnan(result.pvalue) else result.pvalue)
    assert _rejections(pvalues) <= false_alarm_limit(200)


# ---------------------------------------------------------------------------------------------
# flat sequences: the vectorised paths against plain per-reporter loops


def _random_spins(rng, n=3000, reporters=60):
    times = pd.Timestamp("2026-01-01", tz="UTC") + pd.to_timedelta(
        rng.integers(0, 30 * 86400, n), unit="s")
    times = pd.Series(times).where(rng.random(n) > 0.05)  # some spins without a time
    reporter = pd.Series([f"r{i}" for i in rng.integers(0, reporters, n)], dtype=object)
    reporter[rng.random(n) < 0.05] = None
    return pd.DataFrame({"outcome": pd.Categorical.from_codes(rng.choice(4, n, p=HONEST),
                                                              categories=list("abcd")),
                         "reporter": reporter, "reported_at": times})


def _loop_sequences(spins):
    frame = spins.assign(_row=np.arange(len(spins)))
    frame = frame[frame["reporter"].notna()]
    frame = frame.sort_values([c for c in ("seq", "reported_at") if c in frame] + ["_row"],
                              kind="stable", na_position="last")
    groups = {r: g["outcome"].cat.codes.to_numpy(dtype=np.int64)
              for r, g in frame.groupby("reporter", observed=True)}
    # reporters in the order they first appear in the table (not by pseudonym: see
    # fairness.logs.reporter_codes)
    return {r: groups[r] for r in pd.unique(spins["reporter"].dropna())}


@pytest.mark.parametrize("with_seq", ["none", "evidence", "duplicated"])
def test_sequences_from_spins_match_a_groupby_loop(with_seq):
    rng = np.random.default_rng(40)
    spins = _random_spins(rng)
    if with_seq == "evidence":  # numbered 1..m by Evidence: the no-sort path
        spins = Evidence(labels=tuple("abcd"), spins=spins, tallies=None, rejected=None).spins
    elif with_seq == "duplicated":  # given numbers with repeats and gaps: the sorting path
        spins = spins.assign(seq=pd.array(rng.integers(1, 8, len(spins)), dtype="Int64"))
    expected = _loop_sequences(spins)
    got = sequences_from_spins(spins)
    assert list(got.keys) == list(expected)
    for key, codes in got.to_dict().items():
        np.testing.assert_array_equal(codes, expected[key])
    long = sequences_from_spins(spins, min_length=60)
    assert list(long.keys) == [k for k, v in expected.items() if v.size >= 60]


def test_flat_helpers_match_per_sequence_loops():
    rng = np.random.default_rng(41)
    arrays = [rng.choice(4, size=n, p=HONEST) for n in rng.integers(0, 40, size=200)]
    seqs = Sequences.from_arrays(arrays)
    flags = seqs.codes == 0
    expected_longest = []
    for a in arrays:
        best = run = 0
        for v in a == 0:
            run = run + 1 if v else 0
            best = max(best, run)
        expected_longest.append(best)
    np.testing.assert_array_equal(_longest_runs(flags, seqs), expected_longest)
    hits = seqs.codes == 3
    expected_since = []
    for a in arrays:
        last = -1
        for i, v in enumerate(a == 3):
            expected_since.append(i - last - 1)
            last = i if v else last
    np.testing.assert_array_equal(_spins_since_last_flat(hits, seqs), expected_since)
    np.testing.assert_array_equal(seqs.position, np.concatenate(
        [np.arange(a.size) for a in arrays]))


def test_combined_runs_same_on_flat_sequences_and_lists():
    rng = np.random.default_rng(42)
    arrays = [rng.choice(4, size=n, p=HONEST) for n in rng.integers(1, 30, size=80)]
    wins = [(a != 0).astype(int) for a in arrays]
    flat = Sequences.from_arrays(arrays)
    from_list = combined_runs_test(wins)
    from_flat = combined_runs_test(flat.with_codes((flat.codes != 0).astype(np.int64)))
    assert from_flat == from_list


def test_pity_grouped_fit_equals_logit_on_every_spin():
    # The slope is fitted on spins grouped by "spins since"; the binomial likelihood of the
    # groups is the Bernoulli likelihood of the spins, so statsmodels' Logit on the raw spins
    # gives the same slope, standard error and likelihood-ratio p-value.
    import statsmodels.api as sm

    rng = np.random.default_rng(43)
    arrays = []
    for _ in range(40):  # a soft pity: the chance rises with the drought
        since, out = 0, []
        for _ in range(120):
            hit = rng.random() < 0.02 * (1 + since / 20)
            out.append(3 if hit else int(rng.choice(3, p=[0.8, 0.15, 0.05])))
            since = 0 if hit else since + 1
        arrays.append(np.array(out))
    result = pity_test(arrays, 3)
    seqs = Sequences.from_arrays(arrays)
    hits = (seqs.codes == 3).astype(float)
    x = np.log1p(_spins_since_last_flat(seqs.codes == 3, seqs))
    full = sm.Logit(hits, sm.add_constant(x)).fit(disp=0)
    null = sm.Logit(hits, np.ones((hits.size, 1))).fit(disp=0)
    assert result.slope == pytest.approx(full.params[1], rel=1e-6)
    assert result.slope_se == pytest.approx(full.bse[1], rel=1e-5)
    lr = 2 * (full.llf - null.llf)
    assert result.slope_pvalue == pytest.approx(stats.chi2.sf(lr, 1), rel=1e-5)


def test_shared_permutations_give_the_tests_their_own_draws():
    rng = np.random.default_rng(44)
    arrays = [rng.choice(4, size=n, p=HONEST) for n in rng.integers(2, 30, size=40)]
    draws = WithinSequencePermutations(arrays, 199, seed=5)
    # Made with the same seed, shared draws are exactly the draws the test makes itself.
    assert (markov_dependence_test(arrays, 4, n_simulations=199, seed=5)
            == markov_dependence_test(arrays, 4, permutations=draws))
    # Sequences of 3 or fewer spins are left out of the scripted-start test; the shared draws
    # are cut to the same spins, so the result is the one with draws of those spins only.
    shared = scripted_start_test(arrays, 3, k_outcomes=4, permutations=draws)
    assert 0 < shared.n_simulations <= 199 and 0 < shared.pvalue <= 1
    own = scripted_start_test(arrays, 3, k_outcomes=4, n_simulations=199, seed=5)
    np.testing.assert_array_equal(shared.table, own.table)
    with pytest.raises(ValueError, match="drawn for"):
        markov_dependence_test(arrays[:-1], 4, permutations=draws)


# ---------------------------------------------------------------------------------------------
# sequential Monte Carlo p-values (Besag and Clifford 1991)


def test_sequential_pvalue_stops_at_the_h_th_exceedance_and_otherwise_is_the_plain_one():
    from fairness.stats._montecarlo import sequential_pvalue as _sequential_pvalue

    draws = np.array([0.1, 5.0, 0.2, 6.0, 7.0, 0.3, 8.0])
    batches = [draws[:3], draws[3:]]
    # h = 3: the third draw >= 4 is draw 5, so p = 3/5 with 5 draws used.
    assert _sequential_pvalue(iter(batches), 4.0, 7, hits=3) == (3 / 5, 5)
    # Never reaching h: the usual (1 + r) / (B + 1) over all draws.
    assert _sequential_pvalue(iter(batches), 7.5, 7, hits=3) == ((1 + 1) / 8, 7)
    # Stopping off: the plain p-value, equal to _monte_carlo_pvalue.
    assert _sequential_pvalue(iter(batches), 4.0, 7, hits=0) == ((1 + 4) / 8, 7)
    assert np.isnan(_sequential_pvalue(iter(batches), float("nan"), 7)[0])


def test_sequential_pvalue_is_valid_under_the_null():
    # Observed and simulated statistics exchangeable (all uniform): P(p <= a) <= a for every a.
    from fairness.stats._montecarlo import sequential_pvalue as _sequential_pvalue

    rng = np.random.default_rng(45)
    pvalues = np.array([
        _sequential_pvalue(iter([rng.random(50), rng.random(149)]), rng.random(), 199, hits=5)[0]
        for _ in range(4000)])
    for a in (0.01, 0.05, 0.2, 0.5):
        assert np.mean(pvalues <= a) <= a + 3 * math.sqrt(a * (1 - a) / pvalues.size)
    # ... and not much more conservative than uniform where it matters.
    assert np.mean(pvalues <= 0.05) > 0.03


@pytest.mark.parametrize("top", [3, [2, 3]])
def test_pity_hazard_counts_equal_a_walk_over_every_spin(top):
    # Hits are counted per bin of "spins since the last top prize" (no float copy of the
    # flags); walking the spins one by one gives the same table.
    from fairness.stats import pity_test

    rng = np.random.default_rng(11)
    sequences = [rng.choice(4, int(rng.integers(1, 400)), p=[0.5, 0.3, 0.15, 0.05])
                 for _ in range(25)]
    result = pity_test(sequences, top, stated=0.05)
    wanted = set(np.atleast_1d(top).tolist())
    lows = result.hazard["low"].to_numpy()
    spins = np.zeros(lows.size, dtype=np.int64)
    hits = np.zeros(lows.size, dtype=np.int64)
    for sequence in sequences:
        since = 0
        for code in sequence.tolist():
            row = int(np.searchsorted(lows, since, side="right")) - 1
            spins[row] += 1
            if code in wanted:
                hits[row] += 1
                since = 0
            else:
                since += 1
    np.testing.assert_array_equal(result.hazard["spins"].to_numpy(), spins)
    np.testing.assert_array_equal(result.hazard["hits"].to_numpy(), hits)
    assert result.n_hits == hits.sum()
