"""The app as a newcomer meets it (issue 14): the verdict first on every input path, questions
instead of guesses for wrong inputs, claims as written, reporting bias in view, accessibility
and no leaks. Driven by Streamlit's AppTest; expected verdicts come from the library.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
import zipfile
from pathlib import Path

import pytest

import fairness
from fairness import report
from fairness.app import page
from fairness.app import support as ui
from tests.test_app import (
    DEMO_GAME,
    DEMO_SPINS,
    REPO,
    assert_shows,
    assert_verdict_first,
    card,
    library_verdict,
    no_card,
    start,
    telegram_export,
    walk,
)

t = ui.t
LOOTBOX = REPO / "datasets" / "spins" / "honest_lootbox.csv"
PROMO_GAME = REPO / "datasets" / "games" / "promo_odds.toml"
PROMO_SPINS = REPO / "datasets" / "spins" / "promo_fewer_wins.csv"
CHAT_JSON = REPO / "datasets" / "telegram" / "json" / "result.json"
CHAT_HTML = REPO / "datasets" / "telegram" / "html"


@pytest.fixture(scope="module")
def game():
    return fairness.load_game(DEMO_GAME)


def upload(at, kind: str, name: str, data: bytes):
    at.file_uploader(key=f"upload_{kind}").set_value((name, data, "application/octet-stream"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def html_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(CHAT_HTML.glob("*.html")):
            archive.write(path, f"ChatExport/{path.name}")
    return buffer.getvalue()


# -- verdict first, on every input path, in both languages ---------------------------------------


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("kind", ["demo", "table", "telegram_json", "telegram_html",
                                  "telegram_zip", "tallies"])
def test_every_input_path_shows_the_verdict_before_the_inputs(kind, lang, game, tmp_path):
    at = start(lang=lang, source="telegram" if kind.startswith("telegram") else kind)
    if kind == "demo":
        expected = library_verdict(fairness.ingest(DEMO_SPINS, game), game)
    elif kind == "table":
        upload(at, "table", "spins.csv", DEMO_SPINS.read_bytes())
        expected = library_verdict(fairness.ingest(DEMO_SPINS, game), game)
    elif kind == "telegram_json":
        upload(at, "telegram", "result.json", CHAT_JSON.read_bytes())
        expected = library_verdict(fairness.ingest(CHAT_JSON, game), game)
    elif kind == "telegram_html":
        page_html = CHAT_HTML / "messages.html"
        upload(at, "telegram", "messages.html", page_html.read_bytes())
        expected = library_verdict(fairness.ingest(page_html, game), game)
    elif kind == "telegram_zip":
        archive = tmp_path / "chat.zip"
        archive.write_bytes(html_zip())
        upload(at, "telegram", "chat.zip", archive.read_bytes())
        expected = library_verdict(fairness.ingest(archive, game), game)
    else:
        text = "1% — 700\n3% — 200\n5% — 70\n10% — 25\n100% — 5"
        at.text_area(key="tallies_text").input(text).run()
        expected = library_verdict(fairness.Evidence.from_counts(
            game, {"1%": 700, "3%": 200, "5%": 70, "10%": 25, "100%": 5}), game)
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert_shows(at, expected, lang)
    assert_verdict_first(at, lang)
    # the finding bullets carry an icon and a word beside their colour
    lines = [m.value for m in at.markdown if m.value.startswith("- :")]
    assert lines and all(re.match(r"- :(red|orange|gray)\[:material/\w+: \*\*[^*]+\*\*\] ", line)
                         for line in lines[0].split("\n")), lines[0][:200]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_campaign_page_shows_its_verdict_under_an_h2(tmp_path, monkeypatch, lang, game):
    """The stored campaigns' page: h1 title, the page's h2, the verdict card (no h1 -> h3)."""
    from fairness.campaign import Campaign

    location = str(tmp_path / "campaigns.sqlite")
    Campaign.create(location, "Копилка", game).add(CHAT_JSON)
    monkeypatch.setenv("FAIRNESS_STORE", location)
    at = start(lang=lang, page="campaign")
    assert len(at.header) == 1 and at.header[0].value
    nodes = [type(n).__name__ for n in walk(at.main)]
    first_h3 = nodes.index("Subheader") if "Subheader" in nodes else len(nodes)
    assert nodes.index("Header") < first_h3
    assert 'class="fairness-verdict"' in card(at)
    # the verdict comes before the member's report form and the moderation (the inputs)
    card_at = next(i for i, n in enumerate(walk(at.main)) if type(n).__name__ == "Html"
                   and 'class="fairness-verdict"' in n.value)
    assert card_at < first_h3
    # the history chart has its text alternative
    assert any(c.value.startswith("На графике:" if lang == "ru" else "The chart shows:")
               for c in at.caption)


# -- ask, do not guess ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_most_labels_unknown_asks_for_a_mapping_instead_of_more_spins(lang, game, tmp_path):
    at = start(lang=lang, source="table")
    upload(at, "table", "honest_lootbox.csv", LOOTBOX.read_bytes())
    evidence = fairness.ingest(LOOTBOX, game)
    answer = library_verdict(evidence, game)
    # the library says it too: no "collect 17 000 more"
    assert answer.more_spins is None and answer.headline("en").startswith("5,000 of 5,000")
    assert no_card(at)
    assert [w.value for w in at.warning] == [answer.headline(lang)]
    shown = " ".join(m.value for m in at.markdown)
    for label in ("обычный", "редкий", "эпический", "легендарный", *game.labels):
        assert label in shown
    assert t("map.title", lang) in shown
    boxes = {b.label: b for b in at.selectbox}
    assert len(boxes) == 4

    # Answer: the loot box rarities as the wheel's outcomes, one of them "not an outcome".
    answers = {"обычный": "1%", "редкий": "3%", "эпический": "5%",
               "легендарный": ui.NOT_AN_OUTCOME}
    for box in at.selectbox:
        label = next(lab for lab in answers if f"{lab}" in box.label)
        box.set_value(answers[label]).run()
    assert not at.exception
    mapped = ui.mapped_game(game, answers)
    expected = library_verdict(fairness.ingest(LOOTBOX, mapped), mapped)
    assert_shows(at, expected, lang)
    assert_verdict_first(at, lang)
    # the answers stay on the page and are in the game file the user downloads
    assert len(at.selectbox) == 4
    saved = tmp_path / "game.toml"
    saved.write_text(mapped.to_toml(), encoding="utf-8")
    again = fairness.load_game(saved)
    assert again.not_outcomes == ("легендарный",)
    assert library_verdict(fairness.ingest(LOOTBOX, again), again).headline("en") == \
        expected.headline("en")
    assert fairness.ingest(LOOTBOX, again).summary["not_a_report"] == 235
    # the answers belong to that file: another upload is checked against the game as it was
    upload(at, "table", "spins.csv", DEMO_SPINS.read_bytes())
    assert not at.selectbox
    assert_shows(at, library_verdict(fairness.ingest(DEMO_SPINS, game), game), lang)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_partial_tallies_become_a_question(lang, game):
    at = start(lang=lang, source="tallies")
    at.text_area(key="tallies_text").input("1% — 340\n7% — 12").run()
    assert not at.exception
    assert no_card(at)  # no silent zeros, no "inconsistent, E = 10^50"
    shown = " ".join(m.value for m in at.markdown)
    assert "7%" in shown
    radio = at.radio(key=f"given_answer.{lang}")
    assert "3%, 5%, 10%, 100%" in radio.label
    assert radio.value is None
    assert [i.value for i in at.info] == [t("given.wait", lang)]

    # "unknown" with a single outcome given: nothing to compare, said so
    radio.set_value("unknown").run()
    assert no_card(at)
    assert t("given.too_few", lang) in [w.value for w in at.warning]

    # "zero": the verdict on the counts as given, zeros included
    at.radio(key=f"given_answer.{lang}").set_value("zero").run()
    zeros = library_verdict(fairness.Evidence.from_counts(game, {"1%": 340}), game)
    assert_shows(at, zeros, lang)
    assert_verdict_first(at, lang)


def test_partial_tallies_unknown_checks_only_the_outcomes_given(game):
    at = start(lang="en", source="tallies")
    at.text_area(key="tallies_text").input("1% — 340\n3% — 90").run()
    at.radio(key="given_answer.en").set_value("unknown").run()
    assert not at.exception
    sub = ui.given_only_game(game, ["1%", "3%"])
    # the stated odds given that the spin landed on 1% or 3%: 0.70 / 0.90 and 0.20 / 0.90
    assert sub.labels == ("1%", "3%")
    assert sub.stated == pytest.approx([0.7 / 0.9, 0.2 / 0.9], abs=1e-12)
    expected = library_verdict(fairness.Evidence.from_counts(sub, {"1%": 340, "3%": 90}), sub)
    assert_shows(at, expected, "en")
    assert t("given.note", "en") in [c.value for c in at.caption]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_table_dropped_on_the_telegram_uploader_says_where_it_goes(lang):
    at = start(lang=lang, source="telegram")
    upload(at, "telegram", "spins.csv", DEMO_SPINS.read_bytes())
    assert [e.value for e in at.error] == [
        t("wrong_type.telegram_table", lang, name="spins.csv", ext="csv")]
    assert no_card(at)
    at = start(lang=lang, source="table")
    upload(at, "table", "result.json", CHAT_JSON.read_bytes())
    assert [e.value for e in at.error] == [
        t("wrong_type.table_telegram", lang, name="result.json", ext="json")]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_truncated_export_offers_to_use_what_was_read(lang, game):
    raw = json.dumps(telegram_export(), ensure_ascii=False, indent=1)
    cut = raw[: raw.index('"id": 30') + 4].encode("utf-8")
    at = start(lang=lang, source="telegram")
    upload(at, "telegram", "result.json", cut)
    assert no_card(at)
    (message,) = [e.value for e in at.error]
    assert "partial" not in message and "result.json" in message
    assert ("обрывается" in message) == (lang == "ru")
    at.checkbox(key="truncated_use").check().run()
    assert not at.exception
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "result.json"
        path.write_bytes(cut)
        kept = fairness.ingest(path, game, partial=True)
    assert kept.summary["spins"] > 0
    assert 'class="fairness-verdict"' in card(at)


def test_a_chat_without_reports_says_what_to_do_next(game):
    export = {"name": "chat", "type": "public_supergroup", "id": 1, "messages": [
        {"id": i, "type": "message", "date": "2026-03-01T12:00:00",
         "date_unixtime": str(1772366400 + i), "from": "A", "from_id": "user1",
         "text": f"привет {i}"} for i in range(1, 6)]}
    at = start(lang="ru", source="telegram")
    upload(at, "telegram", "result.json", json.dumps(export, ensure_ascii=False).encode())
    warnings = [w.value for w in at.warning]
    assert any(w.startswith("Ни одного вращения не найдено") and
               t("empty_next.telegram", "ru") in w for w in warnings), warnings


# -- claims as written ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_claims_as_written_in_the_odds_table_and_the_headline(lang):
    promo = fairness.load_game(PROMO_GAME)
    expected = library_verdict(fairness.ingest(PROMO_SPINS, promo), promo)
    at = start(lang=lang, source="table", odds_mode="toml")
    at.file_uploader(key="upload_game").set_value(
        ("promo_odds.toml", PROMO_GAME.read_bytes(), "application/toml")).run()
    upload(at, "table", "promo.csv", PROMO_SPINS.read_bytes())
    assert_shows(at, expected, lang)
    shown = card(at)
    # the coupon paid at 0.82x of its promise is blamed, never the remainder
    assert "100 ₽" in shown and "ничего" not in shown
    odds = next(d.value for d in at.dataframe if t("col.written", lang) in d.value.columns)
    written = list(odds[t("col.written", lang)])
    if lang == "ru":
        assert written[:3] == ["не менее 30%", "1 из 50", "1 из 500"]
        assert written[3].startswith("остаток")
    else:
        assert written[:3] == ["at least 30%", "1 in 50", "1 in 500"]
    allowed = list(odds[t("tc.allowed", lang)])
    assert allowed[0] == ("29,5% – 100%" if lang == "ru" else "29.5% – 100%")
    findings = " ".join(m.value for m in at.markdown)
    assert ("не менее 30%" if lang == "ru" else "at least 30%") in findings
    per_outcome = next(d.value for d in at.dataframe
                       if t("tc.p_holm", lang) in d.value.columns)
    assert list(per_outcome[t("col.written", lang)])[:3] == written[:3]


# -- reporting bias in view -----------------------------------------------------------------------


def test_chat_data_show_the_bias_banner_and_the_sample_of_missed_messages(game):
    at = start(lang="ru", source="telegram")
    upload(at, "telegram", "result.json", CHAT_JSON.read_bytes())
    answer = library_verdict(fairness.ingest(CHAT_JSON, game), game)
    line = answer.bias_line("ru")
    assert line and "5%" in line and "2,28×" in line
    assert any(line.replace("«", "").replace("»", "") in
               i.value.replace("«", "").replace("»", "").replace("\\", "")
               for i in at.info), [i.value for i in at.info]
    sample = next(d.value for d in at.dataframe if len(d.value.columns) == 1
                  and t("col.excerpt", "ru") in d.value.columns)
    assert 0 < len(sample) <= 10
    assert all(re.search(r"[\d%]", text) for text in sample[t("col.excerpt", "ru")])
    # never in the reports
    for text in (report.to_json(answer, "ru"), report.to_markdown(answer, "ru"),
                 report.to_html(answer, "ru")):
        for message in sample[t("col.excerpt", "ru")]:
            assert message not in text


def test_the_share_card_carries_the_bias_line_for_chat_data(game):
    answer = library_verdict(fairness.ingest(CHAT_JSON, game), game)
    from fairness.report.card import card_figure

    figure = card_figure(answer, "ru", reporting_bias=True)
    words = [text.get_text() for text in figure.texts]
    assert any("2,28×" in w and "честное колесо" in w for w in words)
    plain = card_figure(answer, "ru")
    assert not any("честное колесо" in text.get_text() for text in plain.texts)


# -- accessibility and no leaks -------------------------------------------------------------------


def _luminance(colour: str) -> float:
    """Relative luminance of an sRGB colour (WCAG 2.1, section 1.4.3 definitions)."""
    channels = [int(colour.lstrip("#")[i: i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """WCAG 2.1 contrast ratio (L1 + 0.05) / (L2 + 0.05)."""
    a, b = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _tint(colour: str, alpha: int) -> str:
    """``colour`` at ``alpha``/255 over white (the verdict card's background)."""
    rgb = [int(colour.lstrip("#")[i: i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(c * alpha / 255 + 255 * (1 - alpha / 255)):02x}" for c in rgb)


def test_contrast_reference_values():
    # WCAG's own extremes: black on white is 21:1; #777777 on white is 4.48:1 (fails AA)
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_text_and_captions_meet_aa_contrast():
    import tomllib

    theme = tomllib.loads((REPO / "fairness" / "app" / "streamlit.toml").read_text())["theme"]
    for background in (theme["backgroundColor"], theme["secondaryBackgroundColor"]):
        assert contrast(theme["textColor"], background) >= 4.5
        assert contrast(page.CAPTION_COLOUR, background) >= 4.5
        assert contrast(theme["primaryColor"], background) >= 4.5
    # the verdict card: its heading and text in the text colour on every level's tint
    for colour in page.LEVEL_COLOURS.values():
        assert contrast(page.TEXT_COLOUR, _tint(colour, 0x14)) >= 4.5
    # Streamlit's own caption (text colour at 60% opacity) would fail: hence PAGE_CSS
    assert contrast(_tint(theme["textColor"], 153), "#ffffff") < 4.5
    assert page.CAPTION_COLOUR in page.PAGE_CSS


def test_headings_do_not_jump_and_charts_have_text_alternatives(game):
    at = start(lang="ru")
    assert [h.value for h in at.title] == [t("title", "ru")]
    card_html = card(at)
    assert "<h2>" in card_html  # the verdict is the first h2, sections follow as h2
    assert [h.value for h in at.header] == [t(k, "ru") for k in ("data", "odds", "findings",
                                                                 "details", "downloads")]
    assert not at.subheader
    captions = [c.value for c in at.caption]
    analysis = fairness.analyze(fairness.ingest(DEMO_SPINS, game), game, seed=0)
    assert page.outcome_chart_text(analysis, "ru") in captions
    assert page.evidence_chart_text(analysis, "ru") in captions
    assert "«100%»: выпало 13, ожидалось 40 (0,32×)" in page.outcome_chart_text(analysis, "ru")


def test_clipped_intervals_are_marked():
    # 2 of 20 spins on a 1% outcome: ratio 10x, far past the 4x scale
    wheel = fairness.Game.from_dict({"name": "w", "outcomes": [
        {"label": "a", "percent": 99}, {"label": "b", "percent": 1}]})
    analysis = fairness.analyze(fairness.Evidence.from_counts(wheel, {"a": 18, "b": 2}), wheel)
    assert ui.outcome_chart_clipped(analysis)
    spec = page.outcome_chart(analysis, "en").to_dict()
    marks = json.dumps(spec)
    assert "triangle-right" in marks
    clipped = fairness.analyze(fairness.Evidence.from_counts(wheel, {"a": 990, "b": 10}), wheel)
    assert not ui.outcome_chart_clipped(clipped)


def test_no_outside_favicon_and_the_page_language():
    source = Path(page.__file__).read_text(encoding="utf-8")
    assert 'page_icon="🎡"' in source and "page_icon=\":material" not in source
    at = start(lang="en")
    scripts = [h.value for h in at.get("html") if "<script>" in h.value]
    assert scripts == ["<script>document.documentElement.lang = 'en';</script>"]


def test_no_output_holds_the_servers_temporary_folder(game, tmp_path):
    """Every download of every upload path names the upload, never the folder it was read
    from (the readers take paths; the app writes uploads to a private temporary folder)."""
    folder = tempfile.gettempdir()
    game_toml = DEMO_GAME.read_text(encoding="utf-8")
    runs = [
        ui.run("table", "spins.csv", DEMO_SPINS.read_bytes(), game_toml, secret=b"k"),
        ui.run("telegram", "result.json", CHAT_JSON.read_bytes(), game_toml, secret=b"k"),
        ui.run("telegram", "chat.zip", html_zip(), game_toml, secret=b"k"),
        ui.run("demo", "", str(DEMO_SPINS), game_toml, secret=b"k"),
    ]
    for result in runs:
        answer = fairness.verdict(result.analysis)
        outputs = [report.to_json(answer, "ru"), report.to_markdown(answer, "en"),
                   report.to_text(answer, "ru"),
                   report.to_html(answer, "ru", evidence=result.evidence),
                   report.safe_csv(result.evidence.spins),
                   report.safe_csv(result.evidence.rejected),
                   result.analysis.game.to_toml()]
        for text in outputs:
            text = text if isinstance(text, str) else text.decode("utf-8", "replace")
            assert folder + "/" not in text
            assert str(REPO) not in text
        assert all(not str(s).startswith("/") for s in result.evidence.spins["source"].unique())


def test_library_keys_exist_in_both_languages():
    from fairness import texts

    for key in ("headline.labels_unknown", "finding.labels_unknown", "next.labels_unknown",
                "finding.not_given", "bias.more", "bias.less", "bias.none", "promise.at_least",
                "promise.at_most", "promise.odds", "promise.remainder", "promise.allowance",
                "error.json_truncated"):
        assert set(texts.CATALOGUE[key]) == {"en", "ru"}, key
