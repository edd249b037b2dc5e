"""LabelMatcher: table cells -> outcome labels."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fairness.reading.labels import LabelMatcher, normalise_label
from fairness.spec import Game


def _game(*outcomes: dict) -> Game:
    return Game.from_dict({"name": "test", "outcomes": list(outcomes)})


@pytest.fixture
def percents() -> Game:
    return _game(
        {"label": "0.5%", "probability": 0.05},
        {"label": "5%", "probability": 0.15},
        {"label": "10%", "probability": 0.05},
        {"label": "ничего", "remainder": True},
    )


@pytest.mark.parametrize(
    ("cell", "label"),
    [
        ("5%", "5%"),  # exact
        ("5 %", "5%"),  # spaces
        (" 5% ", "5%"),
        ("5\u00a0%", "5%"),  # no-break space, as spreadsheets write it
        ("0,5%", "0.5%"),  # decimal comma
        ("0,50 %", "0.5%"),  # trailing zero
        ("05%", "5%"),  # leading zero
        ("5 процентов", "5%"),  # unit word
        ("10 проц.", "10%"),
        ("5", "5%"),  # bare number in a game of percents
        ("0,5", "0.5%"),
        ("Ничего", "ничего"),  # case
        ("НИЧЕГО!", "ничего"),
        ("пусто", "ничего"),  # synonyms
        ("Nothing", "ничего"),
        ("без приза", "ничего"),
    ],
)
def test_matches(percents, cell, label):
    assert LabelMatcher(percents).match(cell) == label


@pytest.mark.parametrize("cell", ["", "   ", "7%", "50", "кэшбэк", "5%%", "джекпот", None])
def test_unknown_or_empty_is_none(percents, cell):
    assert LabelMatcher(percents).match(cell) is None


def test_resolve_says_why(percents):
    matcher = LabelMatcher(percents)
    assert matcher.resolve("5%") == ("5%", "exact")
    assert matcher.resolve("5 %") == ("5%", "normalised")
    assert matcher.resolve("пусто") == ("ничего", "synonym")
    assert matcher.resolve("5") == ("5%", "number")
    assert matcher.resolve("") == (None, "empty")
    assert matcher.resolve("7%") == (None, "unknown")


def test_bare_number_only_in_a_game_of_percents():
    points = _game({"label": "5 баллов", "probability": 0.5}, {"label": "5%", "probability": 0.5})
    matcher = LabelMatcher(points)
    assert matcher.match("5") is None  # 5 points or 5 percent: not a guess
    assert matcher.match("5 б.") == "5 баллов"
    assert matcher.match("+5 баллов") == "5 баллов"
    assert matcher.match("5 %") == "5%"


def test_bare_number_not_used_when_a_label_is_that_number():
    game = _game({"label": "5", "probability": 0.5}, {"label": "5%", "probability": 0.5})
    matcher = LabelMatcher(game)
    assert matcher.match("5") == "5"
    assert matcher.match("5 %") == "5%"


def test_units_roubles_and_points():
    game = _game(
        {"label": "100 ₽", "probability": 0.5}, {"label": "300 баллов", "probability": 0.5}
    )
    matcher = LabelMatcher(game)
    assert matcher.match("100 руб.") == "100 ₽"
    assert matcher.match("100р") == "100 ₽"
    assert matcher.match("300 points") == "300 баллов"
    assert matcher.match("300 раз") is None  # "р" must be a unit, not a word's first letter


def test_labels_that_normalise_alike_are_ambiguous():
    game = _game({"label": "5%", "probability": 0.5}, {"label": "5 %", "probability": 0.5})
    matcher = LabelMatcher(game)
    assert matcher.match("5%") == "5%"  # exact still wins
    assert matcher.match("5 %") == "5 %"
    assert matcher.resolve("5  %") == (None, "ambiguous")


def test_two_labels_of_one_synonym_group_are_ambiguous():
    game = _game({"label": "ничего", "probability": 0.5}, {"label": "пусто", "probability": 0.5})
    matcher = LabelMatcher(game)
    assert matcher.match("ничего") == "ничего"
    assert matcher.match("пусто") == "пусто"
    assert matcher.resolve("nothing") == (None, "ambiguous")


def test_patterns_full_match_and_ambiguity():
    game = _game(
        {"label": "A", "probability": 0.5, "patterns": [r"кэшбэк\s*5", r"пять.*"]},
        {"label": "B", "probability": 0.5, "patterns": [r"пятьдесят"]},
    )
    matcher = LabelMatcher(game)
    assert matcher.match("Кэшбэк 5") == "A"  # any case
    assert matcher.match("кэшбэк 5 и ещё") is None  # full match only
    assert matcher.resolve("пятьдесят") == (None, "ambiguous")  # both patterns match


def test_match_many_agrees_with_match(percents):
    matcher = LabelMatcher(percents)
    cells = pd.Series(["5%", "0,5", None, "zzz", "5%", "пусто", ""], dtype=object)
    labels, how = matcher.match_many(cells)
    assert labels.tolist() == [matcher.match(c) for c in cells]
    assert how.tolist() == ["exact", "number", "empty", "unknown", "exact", "synonym", "empty"]


def test_normalise_label_examples():
    assert normalise_label("05,0 %") == "5%"
    assert normalise_label("+300 баллов") == "300pt"
    assert normalise_label("Ёлка") == "елка"


def test_game_type_checked():
    with pytest.raises(TypeError, match="game"):
        LabelMatcher(["5%"])  # type: ignore[arg-type]


@given(st.text(max_size=30))
def test_arbitrary_text_gives_a_label_or_none(text):
    game = _game({"label": "5%", "probability": 0.5}, {"label": "ничего", "probability": 0.5})
    result = LabelMatcher(game).match(text)
    assert result in (None, "5%", "ничего")
