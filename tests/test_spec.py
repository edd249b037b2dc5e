"""Game specs: every written form of a chance, rounding intervals, claims and clear errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fairness import Game, SpecError, load_game, parse_chance


def game(*outcomes, **top):
    return Game.from_dict({"name": "t", "outcomes": list(outcomes), **top}, source="t.toml")


def test_counts_become_shares_and_are_exact(cashback_game):
    assert cashback_game.labels == ("1%", "3%", "5%", "10%", "100%")
    np.testing.assert_allclose(cashback_game.stated, [0.7, 0.2, 0.07, 0.025, 0.005])
    np.testing.assert_array_equal(cashback_game.lower, cashback_game.stated)
    np.testing.assert_array_equal(cashback_game.upper, cashback_game.stated)
    assert cashback_game.is_exact
    assert cashback_game.outcome("100%").count == 50
    assert cashback_game.valid_from.isoformat() == "2026-01-01"


def test_percent_rounding_interval_follows_the_written_digits():
    g = game({"label": "a", "percent": 95}, {"label": "b", "percent": "4.5"},
             {"label": "c", "percent": "0,5"})
    a, b, c = g.outcomes
    assert (a.lower, a.upper) == pytest.approx((0.945, 0.955))
    assert (b.lower, b.upper) == pytest.approx((0.0445, 0.0455))
    assert (c.lower, c.upper) == pytest.approx((0.0045, 0.0055))


@pytest.mark.parametrize("written", ["1 in 20", "1:20", "1 к 20", "1 из 20", "1/20"])
def test_odds_forms(written):
    g = game({"label": "win", "odds": written}, {"label": "lose", "remainder": True})
    win = g.outcome("win")
    assert win.stated == pytest.approx(0.05)
    # "20" may be rounded: 1/20.5 .. 1/19.5
    assert (win.lower, win.upper) == pytest.approx((1 / 20.5, 1 / 19.5))
    assert g.outcome("lose").stated == pytest.approx(0.95)


def test_weights_are_relative_and_exact():
    g = game(*[{"label": str(i), "weight": w} for i, w in enumerate([625, 125, 25, 5, 2])])
    np.testing.assert_allclose(g.stated, np.array([625, 125, 25, 5, 2]) / 782)
    assert g.is_exact


def test_claims_open_one_side_and_remainder_takes_the_rest():
    g = game({"label": "win", "percent": 30, "claim": "at_least"},
             {"label": "lose", "remainder": True})
    win, lose = g.outcomes
    assert win.lower == pytest.approx(0.295) and win.upper == 1.0
    assert lose.stated == pytest.approx(0.7)
    assert lose.lower == 0.0 and lose.upper == pytest.approx(0.705)


def test_zero_chance_is_forbidden_and_exact():
    g = game({"label": "a", "percent": 60}, {"label": "c", "percent": 40},
             {"label": "b", "probability": 0})
    assert g.forbidden == ("b",)
    assert g.outcome("b").upper == 0.0


def test_explicit_tolerance_overrides_rounding():
    g = game({"label": "a", "probability": 0.9999, "tolerance": 0},
             {"label": "b", "odds": "1 in 10000", "tolerance": 0.00005})
    assert g.outcome("a").lower == g.outcome("a").upper == pytest.approx(0.9999)
    assert g.outcome("b").lower == pytest.approx(0.00005)


@pytest.mark.parametrize(
    ("outcomes", "message"),
    [
        ([{"label": "a", "percent": 90}, {"label": "b", "percent": 2},
          {"label": "c", "percent": 1}],
         "sum to 0.93"),
        ([{"label": "a", "odds": "1 из"}, {"label": "b", "remainder": True}],
         "outcome 'a': cannot read odds \"1 из\""),
        ([{"label": "a", "percent": -5}, {"label": "b", "remainder": True}],
         "outcome 'a': negative chance"),
        ([{"label": "a", "percent": 50}, {"label": "a", "percent": 50}],
         "outcome 'a': duplicate label"),
        ([{"label": "a", "probability": 2}], "above 1"),
        ([{"label": "a", "percent": 50}], "sum to 0.5"),
        ([{"label": "a", "remainder": True}, {"label": "b", "remainder": True}], "only one"),
        ([{"label": "a", "weight": 1}, {"label": "b", "percent": 50}], "cannot be mixed"),
        ([{"label": "a", "percent": 50, "odds": "1 in 2"}, {"label": "b", "percent": 50}],
         "one form"),
        ([{"label": "a", "percent": 100, "claim": "maybe"}], "claim must be"),
        ([{"label": "a", "percent": 100, "patterns": ["("]}], "not a valid regular expression"),
        ([{"label": "a", "percent": 100, "colour": "red"}], "unknown key"),
    ],
)
def test_bad_specs_give_one_line_errors_naming_file_and_outcome(outcomes, message):
    with pytest.raises(SpecError) as info:
        game(*outcomes)
    text = str(info.value)
    assert text.startswith("t.toml: ")
    assert message in text
    assert "\n" not in text


def test_load_game_errors_name_the_file(tmp_path):
    missing = tmp_path / "nope.toml"
    with pytest.raises(SpecError, match="nope.toml: file not found"):
        load_game(missing)
    broken = tmp_path / "broken.toml"
    broken.write_text('name = "x"\n[[outcomes]\n', encoding="utf-8")
    with pytest.raises(SpecError, match="broken.toml: not valid TOML"):
        load_game(broken)
    cp1251 = tmp_path / "cp.toml"
    cp1251.write_bytes('name = "Колесо"\n'.encode("cp1251"))
    with pytest.raises(SpecError, match="UTF-8"):
        load_game(cp1251)


def test_toml_round_trip(tmp_path, cashback_game):
    path = tmp_path / "g.toml"
    path.write_text(cashback_game.to_toml(), encoding="utf-8")
    again = load_game(path)
    assert again == cashback_game


def test_from_table_reads_any_written_form():
    rows = [{"label": "1%", "chance": "90%", "value": 1},
            {"label": "5%", "chance": "1 к 20", "value": 5},
            {"label": "10%", "chance": "остальное", "value": 10},
            {"label": None, "chance": None, "value": None}]
    g = Game.from_table(rows)
    assert g.labels == ("1%", "5%", "10%")
    np.testing.assert_allclose(g.stated, [0.9, 0.05, 0.05])
    assert g.outcome("10%").form == "remainder"
    # an empty chance: the prize is shown, its chance not stated; group claims in a second table
    rows[2]["chance"] = ""
    g = Game.from_table(rows, claims=[{"outcomes": "5%, 10%", "chance": "не меньше 1 из 10",
                                       "text": "каждый десятый"},
                                      {"outcomes": None, "chance": None}])
    assert g.unstated == ("10%",) and len(g.claims) == 1
    claim = g.claims[0]
    assert claim.outcomes == ("5%", "10%") and claim.claim == "at_least"
    assert claim.written == "1 из 10" and claim.text == "каждый десятый"
    with pytest.raises(SpecError, match="outcome 'b': cannot read odds"):
        Game.from_table([{"label": "a", "chance": "90%"}, {"label": "b", "chance": "1 из"}])


def test_with_stated_changes_one_outcome(cashback_game):
    changed = Game.from_dict({"outcomes": [{"label": "a", "percent": 90},
                                           {"label": "b", "percent": 10}]})
    again = changed.with_stated({"b": "1 in 20", "a": "95%"})
    np.testing.assert_allclose(again.stated, [0.95, 0.05])


@pytest.mark.parametrize(("text", "form"), [("5%", "percent"), ("1 in 20", "odds"),
                                            ("0.05", "probability"), ("weight 3", "weight"),
                                            ("1 к 1000", "odds"), (0.2, "probability")])
def test_parse_chance(text, form):
    assert parse_chance(text)[0] == form


@given(st.lists(st.integers(min_value=1, max_value=10**6), min_size=2, max_size=12))
def test_counts_always_give_a_distribution(counts):  # one outcome: see test_hostile
    g = game(*[{"label": f"o{i}", "count": c} for i, c in enumerate(counts)])
    assert math.isclose(g.stated.sum(), 1.0, rel_tol=1e-12)
    assert np.all(g.lower <= g.stated) and np.all(g.stated <= g.upper)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=300))
def test_arbitrary_spec_bytes_give_a_game_or_a_spec_error(tmp_path, content):
    path = tmp_path / "fuzz.toml"
    path.write_bytes(content)
    try:
        load_game(path)
    except SpecError as exc:
        assert "\n" not in str(exc)
