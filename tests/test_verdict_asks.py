"""The library says what the app asks (issue 14): data that name no outcome of the game, tallies
that leave outcomes out, claims as written, the remainder never blamed, reporting bias in one
line, and the accounting that stays private to the uploader."""

from __future__ import annotations

import json

import pytest

import fairness
from fairness import Evidence, Game, analyze, report, texts, verdict
from fairness.evidence import PRIVATE_SUMMARY_KEYS, mostly_unknown
from fairness.reading.tallies import tallies_from_text
from tests.conftest import DATASETS

PROMO = DATASETS / "games" / "promo_odds.toml"
CASHBACK = DATASETS / "games" / "cashback_wheel.toml"


@pytest.fixture(scope="module")
def cashback():
    return fairness.load_game(CASHBACK)


@pytest.fixture(scope="module")
def promo_answer():
    game = fairness.load_game(PROMO)
    return verdict(analyze(fairness.ingest(DATASETS / "spins" / "promo_fewer_wins.csv", game),
                           game))


# -- data that do not belong to the game ---------------------------------------------------------


def test_a_table_of_another_games_labels_asks_instead_of_collect_more(cashback):
    evidence = fairness.ingest(DATASETS / "spins" / "honest_lootbox.csv", cashback)
    # the accounting names the labels found, most frequent first, with their rows
    assert evidence.summary["unknown_labels"] == {"обычный": 3194, "редкий": 1155,
                                                 "эпический": 416, "легендарный": 235}
    assert evidence.summary["unknown_spins"] == 5000
    assert evidence.mostly_unknown
    answer = verdict(analyze(evidence, cashback))
    assert answer.level == "not_enough_data" and answer.more_spins is None
    assert answer.headline("en") == (
        "5,000 of 5,000 spins name no outcome of this game: the data and the game file do not "
        "match yet, so there is nothing to judge.")
    five = texts.fmt_int(5000, "ru")
    assert answer.headline("ru").startswith(f"{five} из {five} вращений не совпадают")
    assert "соберите" not in answer.headline("ru") and "collect" not in answer.headline("en")
    assert answer.next_step("en").startswith("Check that the game file is the right one")
    assert "labels_unknown" in {f.code for f in answer.findings}
    # the labels themselves (cells of the user's data) stay out of the JSON report
    data = json.loads(report.to_json(answer, "ru"))
    assert "unknown_labels" not in data["accounting"]
    assert "обычный" not in report.to_json(answer, "ru")


def test_a_tally_table_of_unknown_labels_accuses_nobody(cashback, tmp_path):
    """20 spins of "1%" beside 350 of labels the game lacks: the matched few are a selection
    by label, so the verdict asks instead of calling the wheel suspicious."""
    path = tmp_path / "tally.csv"
    path.write_text("outcome,count\nобычный,300\nредкий,50\n1%,20\n", encoding="utf-8")
    evidence = fairness.ingest(path, cashback)
    assert evidence.summary["unknown_labels"] == {"обычный": 300, "редкий": 50}
    assert evidence.summary["unknown_spins"] == 350
    answer = verdict(analyze(evidence, cashback))
    assert answer.level == "not_enough_data"
    assert answer.headline("en").startswith("350 of 370 spins name no outcome")


def test_a_few_unknown_rows_do_not_change_the_verdict(cashback):
    evidence = fairness.ingest(DATASETS / "spins" / "demo_cashback.csv", cashback)
    assert not evidence.mostly_unknown
    assert mostly_unknown({"unknown_spins": 10, "spins": 11}) is False
    assert mostly_unknown({"unknown_spins": 12, "spins": 11}) is True
    assert mostly_unknown({}) is False


def test_not_outcomes_make_rows_not_reports_and_round_trip(cashback, tmp_path):
    data = cashback.to_dict()
    data["not_outcomes"] = ["легендарный"]
    game = Game.from_dict(data)
    assert Game.from_dict(game.to_dict()) == game
    path = tmp_path / "game.toml"
    path.write_text(game.to_toml(), encoding="utf-8")
    assert fairness.load_game(path).not_outcomes == ("легендарный",)
    evidence = fairness.ingest(DATASETS / "spins" / "honest_lootbox.csv", game)
    assert evidence.summary["not_a_report"] == 235
    assert "легендарный" not in evidence.summary["unknown_labels"]
    tallied = tallies_from_text("1% — 340\nлегендарный — 3", game)
    assert tallied.summary["not_a_report"] == 1 and tallied.summary["rejected"] == 0


# -- tallies that leave outcomes out -------------------------------------------------------------


def test_partial_tallies_say_which_outcomes_were_not_given(cashback):
    evidence = tallies_from_text("1% — 340\n7% — 12", cashback)
    assert evidence.summary["not_given"] == ["3%", "5%", "10%", "100%"]
    assert evidence.summary["unknown_labels"] == {"7%": 12}
    assert evidence.summary["unknown_spins"] == 12
    answer = verdict(analyze(evidence, cashback))
    (finding,) = [f for f in answer.findings if f.code == "not_given"]
    assert finding.text("en").startswith("The tallies give no count for 3%, 5%, 10%, 100%")
    assert finding.text("ru").startswith("Для 3%, 5%, 10%, 100% в итогах нет количества")
    full = tallies_from_text("1% — 700\n3% — 200\n5% — 70\n10% — 25\n100% — 5", cashback)
    assert full.summary["not_given"] == []
    assert "not_given" not in {f.code for f in verdict(analyze(full, cashback)).findings}


# -- claims as written ---------------------------------------------------------------------------


def test_the_headline_names_the_broken_promise_not_the_remainder(promo_answer):
    # 985 coupons in 4,000 spins against "at least 30%": 0.246 / 0.30 = 0.82 of the promise
    assert promo_answer.level == "inconsistent"
    assert promo_answer.headline("ru").startswith(
        "Розыгрыш ведёт себя не так, как заявлено: «100 ₽» выпадает в 0,82×")
    assert promo_answer.headline("en").startswith(
        "The draw does not behave as stated: '100 ₽' comes 0.82× as often as stated")
    assert "ничего" not in promo_answer.headline("ru")


def test_findings_and_reports_show_claims_as_written(promo_answer):
    (low,) = [f for f in promo_answer.findings
              if f.code == "outcome_low" and f.params["label"] == "100 ₽"]
    assert "по правилам шанс не менее 30%" in low.text("ru")
    assert "the rules promise at least 30%" in low.text("en")
    text = report.to_text(promo_answer, "ru")
    assert "не менее 30% (с учётом округления 29,5%–100%)" in text
    assert "1 из 50 (с учётом округления 1,98%–2,02%)" in text
    assert "остаток, 67,8%" in text
    markdown = report.to_markdown(promo_answer, "en")
    assert "at least 30% (with rounding 29.5%–100%)" in markdown
    assert "1 in 500" in markdown
    assert "не менее 30%" in report.to_html(promo_answer, "ru")


@pytest.mark.parametrize(("entry", "ru", "en"), [
    ({"percent": 30, "claim": "at_least"}, "не менее 30%", "at least 30%"),
    ({"percent": "2.5", "claim": "at_most"}, "не более 2,5%", "at most 2.5%"),
    ({"odds": "1 in 200"}, "1 из 200", "1 in 200"),
    ({"odds": "1 к 10000"}, "1 из 10\u202f000", "1 in 10,000"),
    ({"probability": 0.05}, "5%", "5%"),
])
def test_fmt_promise_forms(entry, ru, en):
    game = Game.from_dict({"name": "g", "outcomes": [
        {"label": "a", **entry}, {"label": "rest", "remainder": True}]})
    outcome = game.outcomes[0]
    assert texts.fmt_promise(outcome, "en") == en
    shown = texts.fmt_promise(outcome, "ru")
    assert shown.replace("\u00a0", "\u202f").replace(" ", "\u202f") == ru.replace(" ", "\u202f")
    assert texts.fmt_promise(game.outcomes[1], "ru").startswith("остаток, ")


# -- reporting bias in one line ------------------------------------------------------------------


def test_bias_line_for_the_bundled_chat(cashback):
    answer = verdict(analyze(fairness.ingest(DATASETS / "telegram" / "json" / "result.json",
                                             cashback), cashback))
    # the propensity ratio of 5% (stats.bias: q(1-p) / (p(1-q))), as in the Reporting bias tab
    bias = answer.analysis.dependence.bias
    ratio = float(bias.ratio[list(bias.labels).index("5%")])
    assert answer.bias_line("en") == (
        "For an honest wheel to look like this, people who got '5%' would have to post it "
        f"{texts.fmt_ratio(ratio, 'en')} as often as people with other results.")
    assert texts.fmt_ratio(ratio, "ru") in answer.bias_line("ru")


def test_bias_line_none_without_spins_and_never_the_remainder(promo_answer):
    wheel = Game.from_dict({"name": "w", "outcomes": [{"label": "a", "percent": 50},
                                                      {"label": "b", "percent": 50}]})
    tallies = verdict(analyze(Evidence.from_counts(wheel, {"a": 50, "b": 50}), wheel))
    assert tallies.bias_line("en") is None or tallies.bias_line("en").startswith("No result")
    assert "ничего" not in (promo_answer.bias_line("ru") or "")


# -- private accounting --------------------------------------------------------------------------


def test_the_missed_message_sample_is_private(cashback):
    evidence = fairness.ingest(DATASETS / "telegram" / "json" / "result.json", cashback)
    sample = evidence.summary["missed_sample"]
    assert 0 < len(sample) <= 10 and len(set(sample)) == len(sample)
    assert all(any(ch.isdigit() or ch == "%" for ch in text) for text in sample)
    assert set(PRIVATE_SUMMARY_KEYS) == {"unknown_labels", "missed_sample"}
    answer = verdict(analyze(evidence, cashback))
    for output in (report.to_json(answer, "ru"), report.to_markdown(answer, "ru"),
                   report.to_text(answer, "en")):
        assert not any(text in output for text in sample)
