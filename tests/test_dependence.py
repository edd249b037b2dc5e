"""fairness.dependence: which tests run on which data, the large-data paths, the sample."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import fairness.dependence as dependence
from fairness import Evidence, Game, analyze, verdict

WHEEL = Game.from_dict({"name": "wheel", "outcomes": [
    {"label": "1%", "percent": 70}, {"label": "3%", "percent": 20},
    {"label": "5%", "percent": 9}, {"label": "10%", "percent": 1}]})


def spins(rng, n, reporters, chances=None, personal=None):
    """n spins by `reporters` people over a month; `personal` (reporter -> chances) overrides."""
    chances = np.asarray(WHEEL.stated if chances is None else chances)
    who = rng.integers(0, reporters, n)
    codes = rng.choice(chances.size, size=n, p=chances)
    for r, own in (personal or {}).items():
        mine = who == r
        codes[mine] = rng.choice(len(own), size=int(mine.sum()), p=own)
    start = pd.Timestamp("2026-03-01", tz="UTC")
    times = start + pd.to_timedelta(np.sort(rng.integers(0, 30 * 86400, n)), unit="s")
    return Evidence.from_outcomes(WHEEL, [WHEEL.labels[c] for c in codes],
                                  reporter=[f"u{r}" for r in who], reported_at=times)


def test_order_tests_use_a_sample_of_whole_reporters_past_the_budget(monkeypatch):
    monkeypatch.setattr(dependence, "SEQUENCE_BUDGET", 3_000)
    evidence = spins(np.random.default_rng(1), 8_000, 200)
    report = analyze(evidence, WHEEL).dependence
    sample = report.sample
    assert sample["of_spins"] == 8_000 and sample["of_reporters"] == 200
    assert 3_000 <= sample["spins"] < 3_000 + 100  # whole reporters, about 40 spins each
    runs = next(t for t in report.tests if t.code == "runs").result
    assert runs.n1 + runs.n2 == sample["spins"]  # the order tests saw the sample only...
    reporters = next(t for t in report.tests if t.code == "reporter_difference").result
    assert reporters.n == 8_000  # ... the others every spin
    answer = verdict(analyze(evidence, WHEEL))
    text = " ".join(answer.caveat_texts("en"))
    assert "random sample of" in text and "of 200 reporters" in text
    # The same data under the budget: no sample, no caveat.
    monkeypatch.setattr(dependence, "SEQUENCE_BUDGET", 10_000)
    assert analyze(evidence, WHEEL).dependence.sample is None


def test_the_sample_rows_are_the_chosen_reporters_rows(monkeypatch):
    # The rows of the sample are looked up a block at a time: the same as indexing at once,
    # rows without a reporter (-1) never chosen.
    monkeypatch.setattr(dependence, "SEQUENCE_BUDGET", 500)
    monkeypatch.setattr(dependence, "BLOCK", 64)
    rng = np.random.default_rng(9)
    reporters = rng.integers(-1, 50, 3_001).astype(np.int16)
    per = np.bincount(reporters[reporters >= 0], minlength=50)
    rows, sample = dependence._sequence_sample(reporters, per, 4)
    chosen = np.unique(reporters[rows])
    assert chosen.min() >= 0 and sample["reporters"] == chosen.size
    np.testing.assert_array_equal(rows, np.isin(reporters, chosen))
    assert int(rows.sum()) == sample["spins"] >= 500


def test_large_data_reporter_test_is_c_alpha_and_finds_favoured_reporters():
    # 30,000 spins by 1,500 people: above LARGE, and far too sparse for chi-square.
    rng = np.random.default_rng(2)
    honest = analyze(spins(rng, 30_000, 1_500), WHEEL).dependence
    test = next(t for t in honest.tests if t.code == "reporter_difference")
    assert "C(alpha)" in test.test and test.p_holm > 0.01
    favoured = {r: [0.55, 0.2, 0.15, 0.10] for r in range(150)}  # 10% get ten times the top
    rigged = analyze(spins(rng, 30_000, 1_500, personal=favoured), WHEEL).dependence
    test = next(t for t in rigged.tests if t.code == "reporter_difference")
    assert test.p_holm < 1e-6


@pytest.mark.parametrize("n", [2_000, 30_000])
def test_honest_wheel_gets_no_dependence_finding(n):
    evidence = spins(np.random.default_rng(3), n, 100)
    report = analyze(evidence, WHEEL).dependence
    assert {t.code for t in report.tests} >= {"runs", "streak", "dependence", "pity",
                                              "scripted_start", "reporter_difference", "drift"}
    assert min(t.p_holm for t in report.tests) > 0.01


@pytest.mark.parametrize("anonymous", [0, 7])
def test_complete_logs_counts_the_spins_of_reporters_numbered_without_gaps(anonymous):
    # Given seq: A 1..150 and D 5..124 are complete (no gaps, 20+ spins), B has a gap, C is
    # short. Spins without a reporter (the second case) belong to nobody's log.
    rng = np.random.default_rng(3)
    seq = {"A": list(range(1, 151)), "B": [*range(1, 13), *range(14, 40)],
           "C": list(range(1, 11)), "D": list(range(5, 125))}
    who = [r for r, numbers in seq.items() for _ in numbers] + [None] * anonymous
    numbers = [n for r in seq for n in seq[r]] + [1] * anonymous
    outcomes = [WHEEL.labels[c] for c in rng.choice(4, size=len(who), p=WHEEL.stated)]
    spins = pd.DataFrame({"outcome": outcomes, "reporter": who, "seq": numbers})
    evidence = Evidence(labels=WHEEL.labels, spins=spins, tallies=None, rejected=None)
    complete = analyze(evidence, WHEEL).dependence.complete
    # Expected, counted directly with pandas: reporters whose seq runs min..max once each.
    frame = evidence.spins.dropna(subset=["reporter"])
    by = frame.groupby("reporter", observed=True)["seq"]
    whole = (by.count() >= 20) & (by.max() - by.min() + 1 == by.count())
    assert set(whole[whole].index) == {"A", "D"}
    chosen = frame[frame["reporter"].isin(whole[whole].index)]
    expected = chosen["outcome"].value_counts().reindex(list(WHEEL.labels), fill_value=0)
    assert complete["reporters"] == 2 and complete["n"] == 270
    np.testing.assert_array_equal(complete["counts"], expected.to_numpy())


def test_each_randomised_test_has_its_own_stream_so_order_does_not_matter(monkeypatch):
    # Large data (above LARGE): reporters, two segments and a year of spins whose weekly
    # top-prize table is too sparse for chi-square, so several Monte Carlo tests use a seed.
    # Each draws from keyed_seed(seed, its name): running the drift scans first (as the old
    # drift thread did) or last gives the same report.
    from fairness.stats._montecarlo import keyed_seed

    monkeypatch.setattr(dependence, "LARGE", 2_000)
    rng = np.random.default_rng(5)
    n = 25_000
    codes = rng.choice(4, size=n, p=WHEEL.stated)
    start = pd.Timestamp("2026-01-01", tz="UTC")
    times = start + pd.to_timedelta(np.sort(rng.integers(0, 365 * 86400, n)), unit="s")
    evidence = Evidence.from_outcomes(
        WHEEL, [WHEEL.labels[c] for c in codes], reporter=[f"u{r}" for r in
                                                            rng.integers(0, 500, n)],
        reported_at=times, segment=rng.choice(["new", "old"], size=n))
    alone = dependence.check_dependence(evidence, WHEEL, seed=7)
    drift_first = dependence._drift_tests(evidence, evidence.spins["outcome"].cat.codes.to_numpy(),
                                          WHEEL, 3, 0, 7, 200)
    drift_alone = [(name, p) for _, name, p, _, _ in drift_first[0]]
    assert drift_alone == [(t.test, t.pvalue) for t in alone.tests if t.code == "drift"]
    again = dependence.check_dependence(evidence, WHEEL, seed=7)
    pd.testing.assert_frame_equal(again.to_frame(), alone.to_frame())
    assert [t.code for t in alone.tests].count("drift") == 2
    assert {"reporter_difference", "segment_difference"} <= {t.code for t in alone.tests}
    drift = next(t for t in alone.tests if t.code == "drift" and "'10%'" in t.test).result
    weekly = dependence._weekly_table(drift.windows, 4, 3)
    assert dependence._homogeneity_table(weekly, 0, 1).n_simulations > 0  # seeded
    # the streams are stable (not Python's salted hash) and differ between tests and seeds
    assert keyed_seed(7, "drift") == keyed_seed(7, "drift")
    assert len({keyed_seed(7, "drift"), keyed_seed(7, "drift_top"), keyed_seed(8, "drift")}) == 3
    # another seed changes the Monte Carlo draws
    other = dependence.check_dependence(evidence, WHEEL, seed=8)
    assert not other.to_frame()["pvalue"].equals(alone.to_frame()["pvalue"])


def test_keyed_seed_is_the_same_in_every_process():
    import subprocess
    import sys

    from fairness.stats._montecarlo import keyed_seed

    code = "from fairness.stats._montecarlo import keyed_seed; print(keyed_seed(3, 'markov'))"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True, env={**__import__("os").environ, "PYTHONHASHSEED": "123"})
    assert int(other.stdout) == keyed_seed(3, "markov")
    with pytest.raises(TypeError, match="seed"):
        keyed_seed(-1, "markov")
    with pytest.raises(TypeError, match="name"):
        keyed_seed(1, "")


def test_the_same_file_gets_the_same_answer_whatever_the_pseudonym_key():
    # Pseudonyms are keyed hashes with a fresh key per reading: the tests that draw reporter by
    # reporter (permutations within reporters, random tables over reporters, the sample of a
    # big log) number reporters in the file's own order, so the key cannot change a p-value.
    # (Numbered by pseudonym, the permutation p-values of this file differed between keys.)
    import fairness

    root = Path(__file__).resolve().parents[1] / "datasets"
    game = fairness.load_game(root / "games" / "cashback_wheel.toml")
    frames = []
    for secret in ("one key", "another key", "a third"):
        evidence = fairness.ingest(root / "spins" / "demo_cashback.csv", game, secret=secret)
        analysis = fairness.analyze(evidence, game)
        frames.append((analysis.dependence.to_frame()["pvalue"].to_numpy(),
                       fairness.verdict(analysis).level))
    for pvalues, level in frames[1:]:
        np.testing.assert_array_equal(pvalues, frames[0][0])
        assert level == frames[0][1]


def test_analyze_runs_the_family_as_check_dependence_alone():
    # analyze() runs the dependence family in a thread beside the other estimates, and the
    # drift scans beside the order tests: the same tests, p-values and order as one call.
    rng = np.random.default_rng(17)
    game = Game.from_dict({"name": "w", "outcomes": [
        {"label": "a", "percent": 60}, {"label": "b", "percent": 30},
        {"label": "c", "percent": 10}]})
    n = 3000
    spins = pd.DataFrame({
        "outcome": rng.choice(game.labels, n, p=game.stated),
        "reporter": rng.choice([f"r-{i:016x}" for i in range(40)], n),
        "reported_at": pd.Timestamp("2026-01-01", tz="UTC")
        + pd.to_timedelta(np.sort(rng.integers(0, 90 * 86400, n)), unit="s")})
    evidence = Evidence(labels=game.labels, spins=spins, tallies=pd.DataFrame(),
                        rejected=pd.DataFrame())
    alone = dependence.check_dependence(evidence, game, seed=3)
    within = analyze(evidence, game, seed=3).dependence
    assert [t.code for t in within.tests] == [t.code for t in alone.tests]
    assert "drift" in [t.code for t in alone.tests] and len(alone.tests) >= 5
    assert [t.pvalue for t in within.tests] == [t.pvalue for t in alone.tests]
    assert within.skipped == alone.skipped
