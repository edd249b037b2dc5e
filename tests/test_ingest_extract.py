"""Text -> outcome extraction (fairness.reading.extract)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairness.reading.extract import Extraction, Extractor, default_patterns, extract, normalise
from fairness.spec import Game


@pytest.fixture(scope="module")
def percent_game() -> Game:
    return Game.from_dict({"name": "wheel", "outcomes": [
        {"label": "1%", "probability": 0.8, "value": 1},
        {"label": "3%", "probability": 0.15, "value": 3},
        {"label": "5%", "probability": 0.04, "value": 5},
        {"label": "10%", "probability": 0.009, "value": 10},
        {"label": "100%", "probability": 0.001, "value": 100},
    ]})


@pytest.fixture(scope="module")
def points_game() -> Game:
    return Game.from_dict({"name": "points", "outcomes": [
        {"label": "300 баллов", "probability": 0.5},
        {"label": "1000 баллов", "probability": 0.3},
        {"label": "ничего", "probability": 0.2},
    ]})


@pytest.fixture(scope="module")
def wheel(percent_game) -> Extractor:
    return Extractor(percent_game)


def spins(*labels: str) -> Extraction:
    return Extraction("spins", tuple(labels))


@pytest.mark.parametrize(("text", "expected"), [
    ("выпало 5%", ("5%",)),
    ("Выпало 5 %", ("5%",)),
    ("выпало 5\u00a0%", ("5%",)),
    ("выпало 5 процентов", ("5%",)),
    ("Выпало ПЯТЬ процентов", ("5%",)),
    ("крутил, 10%", ("10%",)),
    ("крутил 100%!", ("100%",)),
    ("#колесо 3%", ("3%",)),
    ("spin: 10%", ("10%",)),
    ("got 3% today", ("3%",)),
    ("Крутанула барабан: 1% кешбэка", ("1%",)),
    ("выпало 05%", ("5%",)),
    ("выпало 3%, а не 5%", ("3%",)),  # a negation is not a spin
    ("выпало 5%! 5% Карл!", ("5%",)),  # the same outcome named twice is one spin
])
def test_single_spin(wheel, text, expected):
    assert wheel(text) == spins(*expected)


@pytest.mark.parametrize("text", [
    "крутил, 1000%",  # "100%" must not match inside "1000%"
    "выпало 1.5%",
    "выпало 7%",
])
def test_amounts_that_are_no_outcome_are_rejected(wheel, text):
    result = wheel(text)
    assert result.kind == "rejected"
    assert result.reason.startswith("unknown outcome")


def test_label_does_not_match_inside_longer_numbers(wheel):
    assert wheel("крутил, 10%") == spins("10%")  # not 100% nor 1%
    assert wheel("выпало 15%").kind == "rejected"  # not 5%


@pytest.mark.parametrize("text", [
    "кэшбэк до 30%",
    "Крутите колесо — кэшбэк до 30%!",
    "до 10% кэшбэка у партнёров, крутите колесо",
    "Кешбэк до 5% на всё, выиграл уже кто-нибудь?",
    "up to 10% cashback, spin the wheel",
])
def test_adverts_are_not_reports(wheel, text):
    assert wheel(text).kind == "not_a_report"


@pytest.mark.parametrize("text", [
    "привет, у меня кэшбэк 5% на такси",  # no trigger word
    "Поддержка ответила через два часа",
    "",
    "   ",
    "кому выпадало 10%?",  # a question
])
def test_chatter(wheel, text):
    assert wheel(text).kind == "not_a_report"


def test_several_spins(wheel):
    assert wheel("крутил трижды: 1%, 1%, 3%") == spins("1%", "1%", "3%")
    assert wheel("выпало 1%,1%,3%") == spins("1%", "1%", "3%")
    assert wheel("крутил 3 раза по 1%") == spins("1%", "1%", "1%")
    assert wheel("Крутил дважды\n1%\n5%") == spins("1%", "5%")


def test_count_that_does_not_match_the_list_is_rejected(wheel):
    result = wheel("крутил 3 раза, выпало 1%")
    assert result.kind == "rejected"
    assert result.reason.startswith("count mismatch")


@pytest.mark.parametrize("text", [
    "выпало то ли 3%, то ли 5%",
    "выпало 3% или 5%, не помню",
    "выпало 5%, а вчера было 1%",
])
def test_ambiguous_is_rejected(wheel, text):
    result = wheel(text)
    assert result.kind == "rejected"
    assert result.reason.startswith("ambiguous")


def test_me_too_replies(wheel):
    assert wheel("+1, тоже 3%") == spins("3%")
    assert wheel("и у меня 1%") == spins("1%")
    assert wheel("+1").kind == "not_a_report"
    assert wheel("+1", replied_outcomes=("3%",)) == spins("3%")
    assert wheel("тоже!", replied_outcomes=("1%",)) == spins("1%")
    # "+1%" is an amount, not a "me too"
    assert wheel("+1%", replied_outcomes=("3%",)).kind == "not_a_report"


def test_points_labels(points_game):
    ex = Extractor(points_game)
    assert ex("выпало 300 б.") == spins("300 баллов")
    assert ex("крутил: +300 баллов") == spins("300 баллов")
    assert ex("крутил, 300 бонусов") == spins("300 баллов")
    assert ex("выпало 1 000 баллов") == spins("1000 баллов")
    assert ex("выпало 1000 б") == spins("1000 баллов")
    assert ex("выпало триста баллов") == spins("300 баллов")
    assert ex("колесо: НИЧЕГО") == spins("ничего")
    assert ex("крутил, 1300 баллов").kind == "rejected"


def test_cashback_spelling_variants():
    game = Game.from_dict({"name": "g", "outcomes": [
        {"label": "кэшбэк", "probability": 0.5}, {"label": "ничего", "probability": 0.5}]})
    ex = Extractor(game)
    for text in ("выпал кэшбэк", "выпал кешбэк", "выпал кешбек", "выпал КЭШБЕК"):
        assert ex(text) == spins("кэшбэк"), text


def test_default_patterns_match_the_normal_form():
    (five,) = default_patterns("5%")
    regex = re.compile(five)
    for text in ("5%", "5 %", "5 процентов", "пять процентов", "+5%"):
        assert regex.search(normalise(text)), text
    for text in ("15%", "5.5%", "50%", "1,5%"):
        assert not regex.search(normalise(text)), text
    (hundred,) = default_patterns("100%")
    assert not re.search(hundred, "1000%") and not re.search(hundred, "10%")
    assert re.search(hundred, "100%")


def test_normalise_keeps_positions():
    text = "Крутил КЭШБЁК İstanbul"
    assert len(normalise(text)) == len(text)
    assert "кешбек" in normalise(text)


def test_spec_patterns_and_option_patterns(percent_game):
    game = Game.from_dict({"name": "g", "outcomes": [
        {"label": "big", "probability": 0.1, "patterns": [r"джекпот"]},
        {"label": "small", "probability": 0.9, "patterns": [r"мелоч\w*"]},
    ]})
    ex = Extractor(game)
    assert ex("выпал ДЖЕКПОТ") == spins("big")
    assert ex("выпала мелочь") == spins("small")
    override = Extractor(percent_game, patterns={"5%": r"пятак"})
    assert override("выпал пятак") == spins("5%")
    with pytest.raises(ValueError, match="unknown outcome"):
        Extractor(percent_game, patterns={"7%": "x"})
    with pytest.raises(ValueError, match="regular expression"):
        Extractor(percent_game, patterns={"5%": "("})


def test_trigger_option(percent_game):
    custom = Extractor(percent_game, trigger=["#итоги"])
    assert custom("#итоги 3%") == spins("3%")
    assert custom("выпало 3%").kind == "not_a_report"
    prefix = Extractor(percent_game, trigger="рулетк*")
    assert prefix("рулетка дала 5%") == spins("5%")
    anything = Extractor(percent_game, trigger=False)
    assert anything("3%") == spins("3%")
    assert extract("просто 3%", percent_game, trigger=False) == spins("3%")
    game = Game.from_dict({"name": "g", "trigger": ["лотерея"], "outcomes": [
        {"label": "1%", "probability": 0.9}, {"label": "3%", "probability": 0.1}]})
    assert Extractor(game)("лотерея: 3%") == spins("3%")
    assert Extractor(game)("выпало 3%").kind == "not_a_report"


def test_match_label(wheel):
    assert wheel.match_label("5 %") == "5%"
    assert wheel.match_label("Итого за март: 1%") == "1%"
    assert wheel.match_label("пять процентов") == "5%"
    assert wheel.match_label("не крутил") is None
    assert wheel.match_label("1% или 3%") is None


def test_extractor_needs_a_game():
    with pytest.raises(TypeError, match="game"):
        Extractor({"outcomes": []})  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_and_names_only_labels(percent_game, text):
    ex = Extractor(percent_game)
    result = ex(text)
    assert result.kind in ("spins", "not_a_report", "rejected")
    assert set(result.outcomes) <= set(percent_game.labels)
    assert (result.kind == "rejected") == (result.reason is not None)
    assert (result.kind == "spins") == bool(result.outcomes)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["1%", "3%", "5%", "10%", "100%"]),
       st.sampled_from(["выпало {}", "крутил колесо: {}", "#колесо {}", "spin {}"]))
def test_every_label_is_found_in_a_plain_report(percent_game, label, template):
    assert Extractor(percent_game)(template.format(label)) == spins(label)
