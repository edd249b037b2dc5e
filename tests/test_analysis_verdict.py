"""analyze() and verdict() end to end: levels on known cases, texts in both languages."""

from __future__ import annotations

import json

import numpy as np
import pytest

import fairness
from fairness import Evidence, Game, analyze, verdict
from fairness.report import to_json, to_text
from tests.conftest import DATASETS

WHEEL = Game.from_dict({"name": "wheel", "outcomes": [
    {"label": "1%", "count": 7000, "value": 1}, {"label": "3%", "count": 2000, "value": 3},
    {"label": "5%", "count": 700, "value": 5}, {"label": "10%", "count": 250, "value": 10},
    {"label": "100%", "count": 50, "value": 100}]})


def counts_evidence(counts):
    return Evidence.from_counts(WHEEL, dict(zip(WHEEL.labels, counts, strict=True)))


def test_demo_is_inconsistent_with_the_top_prize_named(cashback_game):
    ev = fairness.ingest(DATASETS / "spins" / "demo_cashback.csv", cashback_game)
    answer = verdict(analyze(ev, cashback_game))
    assert answer.level == "inconsistent"
    assert "100%" in answer.headline("en") and "100%" in answer.headline("ru")
    codes = {f.code for f in answer.findings}
    assert {"evidence", "outcome_low"} <= codes


def test_exactly_expected_counts_are_consistent_when_there_are_enough():
    n = 40_000
    answer = verdict(analyze(counts_evidence((WHEEL.stated * n).round().astype(int)), WHEEL))
    assert answer.level == "consistent"
    assert answer.analysis.evalue < 1
    assert answer.analysis.fit.pvalue == pytest.approx(1.0)


def test_few_honest_spins_ask_for_more():
    answer = verdict(analyze(counts_evidence([70, 20, 7, 3, 0]), WHEEL))
    assert answer.level == "not_enough_data"
    assert answer.more_spins > 1000
    assert f"{answer.more_spins:,}" in answer.headline("en")
    assert any(f.code == "zero_hits" for f in answer.findings)


def test_forbidden_outcome_from_two_reporters_breaks_the_rules():
    game = Game.from_dict({"outcomes": [{"label": "win", "percent": 50},
                                        {"label": "lose", "percent": 50},
                                        {"label": "nothing", "probability": 0}]})
    outcomes = ["win", "lose"] * 50 + ["nothing", "nothing"]
    reporters = ["a"] * 100 + ["x", "y"]
    answer = verdict(analyze(Evidence.from_outcomes(game, outcomes, reporter=reporters), game))
    assert answer.level == "rules_violated"
    single = verdict(analyze(Evidence.from_outcomes(game, outcomes, reporter=["a"] * 100
                                                    + ["x", "x"]), game))
    assert single.level != "rules_violated"
    assert any(f.code == "forbidden_single" for f in single.findings)


def test_finite_pool_exceeded():
    game = Game.from_dict({"pool": True, "outcomes": [{"label": "big", "count": 2},
                                                      {"label": "small", "count": 998}]})
    answer = verdict(analyze(Evidence.from_counts(game, {"big": 3, "small": 100}), game))
    assert answer.level == "rules_violated"


def test_at_least_claim_is_not_accused_when_the_game_is_more_generous():
    game = Game.from_dict({"outcomes": [{"label": "win", "percent": 30, "claim": "at_least"},
                                        {"label": "lose", "remainder": True}]})
    answer = verdict(analyze(Evidence.from_counts(game, {"win": 450, "lose": 550}), game))
    assert answer.analysis.evalue < 1
    assert answer.level in ("consistent", "not_enough_data")
    stingy = verdict(analyze(Evidence.from_counts(game, {"win": 200, "lose": 800}), game))
    assert stingy.level == "inconsistent"


def test_json_has_the_documented_keys_and_agrees_with_analysis(cashback_game):
    ev = fairness.ingest(DATASETS / "spins" / "demo_cashback.csv", cashback_game)
    a = analyze(ev, cashback_game)
    data = json.loads(to_json(verdict(a)))
    assert {"schema_version", "level", "n_spins", "evalue", "outcomes", "findings"} <= set(data)
    assert data["n_spins"] == a.n_spins
    assert data["evalue"] == pytest.approx(a.evalue)
    for row, observed in zip(data["outcomes"], a.observed, strict=True):
        assert {"label", "stated", "observed", "ratio", "pvalue"} <= set(row)
        assert row["observed"] == observed
    for finding in data["findings"]:
        assert {"code", "level", "text"} <= set(finding)


def test_texts_exist_in_both_languages():
    answer = verdict(analyze(counts_evidence([70, 20, 7, 3, 0]), WHEEL))
    for lang in ("en", "ru"):
        report = to_text(answer, lang)
        assert answer.label(lang).upper() in report
        for f in answer.findings:
            assert f.text(lang)
    assert answer.headline("en") != answer.headline("ru")


def test_analysis_is_deterministic_for_a_seed():
    rng = np.random.default_rng(5)
    counts = rng.multinomial(300, WHEEL.stated)
    a1 = analyze(counts_evidence(counts), WHEEL, seed=7)
    a2 = analyze(counts_evidence(counts), WHEEL, seed=7)
    assert a1.fit.pvalue == a2.fit.pvalue and a1.plan == a2.plan


def test_no_spins_at_all():
    answer = verdict(analyze(counts_evidence([0, 0, 0, 0, 0]), WHEEL))
    assert answer.level == "not_enough_data"


def test_wrong_inputs():
    with pytest.raises(TypeError):
        analyze("spins.csv", WHEEL)
    other = Game.from_dict({"outcomes": [{"label": "a", "percent": 60},
                                         {"label": "b", "percent": 40}]})
    with pytest.raises(ValueError, match="different game"):
        analyze(Evidence.from_counts(other, {"a": 1}), WHEEL)
