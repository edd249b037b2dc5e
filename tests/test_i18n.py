"""The one catalogue of words and the CLDR formatting of numbers, dates and plurals.

Reference values: the Unicode CLDR plural rules for Russian and English
(https://www.unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html):
ru ``one``: v = 0 and i % 10 = 1 and i % 100 != 11 (1, 21, 101 …); ``few``: v = 0 and
i % 10 = 2..4 and i % 100 != 12..14 (2–4, 22–24 …); ``many``: v = 0 and the rest (0, 5–20,
11–14, 25 …); ``other``: fractions. en ``one``: i = 1 and v = 0; ``other``: the rest. Number
symbols from CLDR's ``ru`` (group U+00A0 NO-BREAK SPACE, decimal ",") and ``en`` (",", ".").
All comparisons are exact strings.
"""

from __future__ import annotations

import datetime as dt
import re
import string

import pytest

from fairness import i18n
from fairness.errors import DataError, Message
from fairness.i18n import CATALOGUE

NBSP = "\u00a0"


# -- the catalogue ------------------------------------------------------------------------------


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_key_has_english_and_russian_with_the_same_fields():
    assert len(CATALOGUE) > 300
    for key, entry in CATALOGUE.items():
        assert set(entry) == {"en", "ru"}, key
        assert entry["en"].strip() and entry["ru"].strip(), key
        assert _fields(entry["en"]) == _fields(entry["ru"]), key


def test_keys_are_namespaced():
    for key in CATALOGUE:
        assert re.fullmatch(r"[a-z_]+(\.[a-z0-9_]+)+", key), key


def test_plural_choices_name_cldr_categories_and_have_other():
    for key, entry in CATALOGUE.items():
        for lang, template in entry.items():
            for _, _name, spec, _ in string.Formatter().parse(template):
                if spec and "=" in spec:
                    forms = dict(part.split("=", 1) for part in spec.split("|"))
                    assert set(forms) <= {"zero", "one", "two", "few", "many", "other"}, key
                    assert "other" in forms, (key, lang)
                    if lang == "ru":
                        assert {"one", "few", "many"} <= set(forms), key


def test_no_word_table_outside_the_catalogue():
    """The old tables (texts.CATALOGUE, support.UI, html/markdown/card _WORDS, plot._LABELS,
    cli._PLAN, campaign.words.CATALOGUE, campaign_page.WORDS) are gone or are the catalogue."""
    from pathlib import Path

    import fairness

    root = Path(fairness.__file__).parent
    for path in root.rglob("*.py"):
        if "i18n" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        assert not re.search(r'"ru":\s*[{("]', source), path
    from fairness import texts

    assert texts.CATALOGUE is CATALOGUE


def test_old_entry_points_call_the_catalogue():
    from fairness import texts
    from fairness.app import support
    from fairness.campaign import words

    assert texts.text("level.consistent", "ru") == CATALOGUE["level.consistent"]["ru"]
    assert support.t("k.spins", "en") == CATALOGUE["ui.k.spins"]["en"]
    assert words.text("change.no_spins", "ru", date="1 мая") == "новых вращений нет с 1 мая"


def test_unknown_language_and_key():
    with pytest.raises(ValueError, match="lang"):
        i18n.text("level.consistent", "de")
    with pytest.raises(KeyError, match="no text"):
        i18n.text("level.nothing", "en")


# -- CLDR numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "en", "ru"), [
    (1000, "1,000", f"1{NBSP}000"),
    (2943, "2,943", f"2{NBSP}943"),
    (25_000_000, "25,000,000", f"25{NBSP}000{NBSP}000"),
    (999, "999", "999"),
    (-4200, "-4,200", f"-4{NBSP}200"),
])
def test_integers_are_grouped_by_cldr(value, en, ru):
    assert i18n.fmt_int(value, "en") == en
    assert i18n.fmt_int(value, "ru") == ru


def test_fmt_number_of_large_and_decimal_values():
    # the issue: fmt_number(2.5e7, "ru") gave "25,000,000"
    assert i18n.fmt_number(2.5e7, "ru") == f"25{NBSP}000{NBSP}000"
    assert i18n.fmt_number(2.5e7, "en") == "25,000,000"
    assert i18n.fmt_number(2.5, "ru") == "2,5"
    assert i18n.fmt_number(0.0123, "en") == "0.0123"
    assert i18n.fmt_number(1.1e-33, "ru") == "1,1·10⁻³³"


def test_percent_and_chances():
    assert i18n.fmt_percent(0.025, "en") == "2.5%"
    assert i18n.fmt_percent(0.025, "ru") == "2,5%"
    assert i18n.fmt_percent(0.7163, "ru") == "71,6%"
    # the issue: «1,1e-31%» for a tiny chance
    assert i18n.fmt_percent(1.1e-33, "ru") == "< 0,0001%"
    assert i18n.fmt_chance(1.1e-33, "en") == "< 0.0001%"
    # the issue: «1 из 1 001» for a chance of exactly 0.001
    assert i18n.fmt_chance(0.001, "ru") == f"1 из 1{NBSP}000"
    assert i18n.fmt_chance(0.001, "en") == "1 in 1,000"
    assert i18n.fmt_chance(0.000999, "en") == "1 in 1,000"  # an observed share: 3 s.f.
    assert i18n.fmt_chance(1 / 1234, "en") == "1 in 1,234"  # one over a whole number: exact
    assert i18n.fmt_chance(0.0001, "en") == "1 in 10,000"
    assert i18n.fmt_chance(0.05, "ru") == "5%"
    assert i18n.fmt_chance(0, "en") == "0"


def test_p_ratio_and_evalue():
    assert i18n.fmt_p(0.0312, "en") == "= 0.03"
    assert i18n.fmt_p(0.0042, "ru") == "= 0,0042"
    assert i18n.fmt_p(0.0312, "ru") == "= 0,03"
    assert i18n.fmt_p(0.5, "ru") == "= 0,50"
    assert i18n.fmt_p(1e-7, "ru") == "< 0,0001"
    assert i18n.fmt_ratio(0.31, "ru") == "0,31×"
    assert i18n.fmt_ratio(12.4, "en") == "12×"
    # the issue: "E = 10^8"
    assert i18n.fmt_evalue(1.3e8, "en") == "10⁸"
    assert i18n.fmt_evalue(2500, "ru") == f"2{NBSP}500"
    assert i18n.fmt_evalue(float("inf"), "en") == "∞"


def test_round_sig_is_the_one_rule_for_about_n():
    assert i18n.round_sig(16_795, 2) == 17_000
    assert i18n.round_sig(0.001, 3) == 0.001


def test_dates_by_cldr_month_names():
    day = dt.date(2026, 3, 12)
    assert i18n.fmt_date(day, "ru", year=True) == "12 марта 2026"
    assert i18n.fmt_date(day, "en", year=True) == "12 March 2026"
    moment = dt.datetime(2026, 3, 12, 14, 5, tzinfo=dt.timezone.utc)
    shown = i18n.fmt_datetime(moment, "ru")
    assert "+00:00" not in shown and "14:05" in shown and "2026" in shown


# -- CLDR plurals -------------------------------------------------------------------------------


@pytest.mark.parametrize(("n", "category"), [
    (0, "many"), (1, "one"), (2, "few"), (4, "few"), (5, "many"), (11, "many"), (12, "many"),
    (14, "many"), (21, "one"), (22, "few"), (101, "one"), (111, "many"), (2943, "few"),
    (1.5, "other"),
])
def test_russian_plural_categories(n, category):
    assert i18n.plural_form(n, "ru") == category


def test_english_plural_categories():
    assert [i18n.plural_form(n, "en") for n in (0, 1, 2, 21)] == ["other", "one", "other",
                                                                   "other"]


def test_plural_of_an_already_formatted_number():
    assert i18n.plural_form(f"2{NBSP}943", "ru") == "few"
    assert i18n.plural_form("2,943", "en") == "other"
    assert i18n.plural_form("2,5", "ru") == "other"


@pytest.mark.parametrize(("n", "word"), [(1, "1 вращение"), (2, "2 вращения"),
                                         (5, "5 вращений"), (21, "21 вращение"),
                                         (2943, f"2{NBSP}943 вращения")])
def test_spins_in_russian(n, word):
    assert f"{i18n.fmt_int(n, 'ru')} {i18n.text('unit.spins', 'ru', n=n)}" == word


def test_plurals_inside_sentences():
    # the issue: «2 943 раз», «4 результатов»
    finding = i18n.text("finding.forbidden_seen", "ru", label="7%", count=2943,
                        reporters="x")
    assert f"выпало 2{NBSP}943 раза" in finding
    assert i18n.text("unit.outcomes", "ru", n=4) == "результата"
    assert i18n.text("ui.game_caption", "ru", name="x", operator="", n=4).endswith(
        "4 результата.")
    assert i18n.text("reporters.some", "en", n=1) == "from 1 reporter"
    assert i18n.text("reporters.some", "ru", n=196) == "от 196 участников"


# -- messages -----------------------------------------------------------------------------------


def test_message_params_are_formatted_for_the_language():
    exc = DataError(Message("error.unknown_target", target="7%", labels="1%, 3%"), source="g")
    assert exc.message("ru") == "g: неизвестный исход «7%» (в игре есть: 1%, 3%)"


# -- rejection reasons and reading notes --------------------------------------------------------


def _sample_params(template: str) -> dict:
    params: dict = {}
    for _, name, spec, _ in string.Formatter().parse(template):
        if not name or name in params:
            continue
        if spec in ("or", "and"):
            params[name] = ("3%", "5%")
        elif name == "reason":
            params[name] = "unknown outcome '7%'"
        elif name in ("count", "named", "controls", "bad", "id", "version"):
            params[name] = 3
        else:
            params[name] = "x7"
    return params


@pytest.mark.parametrize("key", sorted(k for k in CATALOGUE
                                       if k.startswith(("reason.", "note."))
                                       and not k.startswith("reason.category.")))
def test_every_stored_reason_reads_back_into_its_key_and_params(key):
    from fairness.i18n.reasons import reason_message

    params = _sample_params(CATALOGUE[key]["en"])
    line = i18n.text(key, "en", **params)
    message = reason_message(line, prefix=key.split(".")[0] + ".")
    assert message is not None and message.key == key, (line, message)
    expected = dict(params)
    if "reason" in expected:
        expected["reason"] = reason_message(expected["reason"])
    assert message.render("ru") == i18n.text(key, "ru", **expected)


def test_reasons_in_russian_as_the_issue_saw_them():
    from fairness.i18n.reasons import reason_category, reason_text

    assert reason_text("ambiguous: 3% or 5%", "ru") == "неоднозначно: 3% или 5%"
    assert reason_text("unknown outcome '7%'", "ru") == "неизвестный исход «7%»"
    assert reason_text("duplicate: forward of a message already counted", "ru") == (
        "повтор: пересылка уже учтённого сообщения")
    assert reason_text("summary: unknown outcome '9%'", "ru") == "итоги: неизвестный исход «9%»"
    assert reason_text("written by an old version", "ru") == "written by an old version"
    assert reason_category("ambiguous", "ru") == "неоднозначно"
    assert reason_category("unknown outcome", "ru") == "неизвестный исход"


def test_extracted_reasons_are_catalogue_lines(cashback_game):
    from fairness.i18n.reasons import reason_message
    from fairness.reading.tallies import tallies_from_text

    evidence = tallies_from_text("1% — 700\n7% — 12\n3% или 5% — 4\n10% — 2,5", cashback_game,
                                 source="text")
    reasons = list(evidence.rejected["reason"])
    assert len(reasons) == 3
    assert all(reason_message(r) is not None for r in reasons), reasons


def test_no_doubled_words_in_the_reports():
    # the issue: "from 196 reporters reporters" (the sampling caveat filled {reporters} with
    # the findings' "from N reporters")
    import fairness
    from fairness import report
    from fairness.decision import _format

    doubled = re.compile(r"\b([^\W\d_]{3,}) \1\b", re.IGNORECASE)  # words, not "16px 16px"
    sample = {"sampled": 196, "of_reporters": 4000, "spins": 1_000_000, "of_spins": 9_000_000}
    for lang in ("en", "ru"):
        line = i18n.text("caveat.sequence_sample", lang, **_format(sample, lang))
        assert not doubled.search(line), line
    evidence, game = fairness.datasets.load_campaign("demo_cashback")
    answer = fairness.verdict(fairness.analyze(evidence, game, seed=0))
    for lang in ("en", "ru"):
        for text in (report.to_text(answer, lang), report.to_markdown(answer, lang),
                     report.to_html(answer, lang, charts=False)):
            assert not doubled.search(text), doubled.search(text)
