"""The Streamlit app driven by Streamlit's AppTest (no browser): what a user sees for each input.

Every expected verdict is computed here with the library itself (``ingest`` /
``analyze`` / ``verdict``): the app must show what the library says, and compute nothing else.
"""

from __future__ import annotations

import html
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import fairness
import fairness.i18n
from fairness.app import support as app_support

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "app.py"
DEMO_SPINS = REPO / "datasets" / "spins" / "demo_cashback.csv"
DEMO_GAME = REPO / "datasets" / "games" / "cashback_wheel.toml"
TIMEOUT = 120  # the first run imports scipy, pandas and altair


def library_verdict(evidence, game) -> fairness.Verdict:
    return fairness.verdict(fairness.analyze(evidence, game, alpha=0.01, seed=0))


def start(**state) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def card(at: AppTest) -> str:
    cards = [h.value for h in at.get("html") if 'class="fairness-verdict"' in h.value]
    assert len(cards) == 1, "expected exactly one verdict card"
    return cards[0]


def assert_shows(at: AppTest, answer: fairness.Verdict, lang: str) -> None:
    shown = card(at)
    assert f'data-level="{answer.level}"' in shown
    assert html.escape(answer.headline(lang)) in shown
    assert html.escape(answer.label(lang)) in shown
    assert html.escape(answer.next_step(lang)) in shown


def walk(node) -> list:
    """Every element under ``node`` in page order (depth first)."""
    out = [node]
    for child in getattr(node, "children", {}).values():
        out += walk(child)
    return out


def assert_verdict_first(at: AppTest, lang: str) -> None:
    """The verdict card is the first thing under the title, before the folded inputs."""
    nodes = walk(at.main)
    kinds = [type(n).__name__ for n in nodes]
    card_at = next(i for i, n in enumerate(nodes) if type(n).__name__ == "Html"
                   and 'class="fairness-verdict"' in n.value)
    inputs_at = next(i for i, n in enumerate(nodes) if type(n).__name__ == "Expander"
                     and n.label == app_support.t("inputs", lang))
    assert card_at < inputs_at
    # nothing but the title row, the page's style and errors or questions come before it
    before = {k for k in kinds[:card_at]} - {"Block", "Column", "SpecialBlock", "Html", "Title",
                                             "ButtonGroup", "Main"}
    assert before <= {"Markdown", "Selectbox", "Radio", "Warning", "Caption",
                      "DownloadButton", "Info"}, before
    # the share card's button right under the card
    buttons = [i for i, n in enumerate(nodes) if type(n).__name__ == "DownloadButton"]
    assert any(card_at < b < inputs_at for b in buttons)


def metric(at: AppTest, label: str) -> str:
    values = [m.value for m in at.metric if m.label == label]
    assert values, f"no metric {label!r}"
    return values[0]


def no_card(at: AppTest) -> bool:
    return not any('class="fairness-verdict"' in h.value for h in at.get("html"))


@pytest.fixture(scope="module")
def game():
    return fairness.load_game(DEMO_GAME)


@pytest.fixture(scope="module")
def demo_answer(game):
    return library_verdict(fairness.ingest(DEMO_SPINS, game), game)


# -- the first page -----------------------------------------------------------------------------


def test_default_page_shows_the_library_verdict_for_the_demo(demo_answer):
    at = start()
    assert at.session_state["source"] == "demo"
    assert_shows(at, demo_answer, "ru")
    assert metric(at, app_support.t("k.spins", "ru")) == fairness.texts.fmt_int(
        demo_answer.analysis.n_spins, "ru")
    assert not at.error
    assert_verdict_first(at, "ru")
    # every section of the flow is on the page, as h2: the folded inputs, then the answer's
    headers = [h.value for h in at.header]
    assert headers == [app_support.t(k, "ru") for k in ("data", "odds", "findings", "details",
                                                         "downloads")]
    assert not at.subheader
    # the share card beside the verdict, and the six downloads
    assert len(at.get("download_button")) == 7


def test_switching_the_language_changes_the_texts_not_the_analysis(demo_answer, monkeypatch):
    calls = []
    real_run = app_support.run

    def counting_run(*args, **kwargs):
        calls.append(args[0])
        return real_run(*args, **kwargs)

    monkeypatch.setattr(app_support, "run", counting_run)
    at = start()
    before = len(calls)
    assert at.title[0].value == app_support.t("title", "ru")
    at.segmented_control(key="lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == app_support.t("title", "en")
    assert_shows(at, demo_answer, "en")
    assert app_support.t("details", "en") in [s.value for s in at.header]
    assert app_support.t("details", "ru") not in [s.value for s in at.header]
    assert_verdict_first(at, "en")
    assert demo_answer.headline("ru") not in card(at)
    # the language is not part of the cached computation's key
    assert len(calls) == before


def test_language_from_the_address(demo_answer):
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["lang"] = "en"
    at.run()
    assert_shows(at, demo_answer, "en")


def test_every_ui_text_exists_in_both_languages():
    ui = {key: entry for key, entry in fairness.i18n.CATALOGUE.items() if key.startswith("ui.")}
    assert len(ui) > 100
    for key, entry in ui.items():
        assert set(entry) == set(app_support.LANGS), key
        assert all(entry[lang].strip() for lang in app_support.LANGS), key


# -- stated odds typed in a table ---------------------------------------------------------------


def test_editing_a_stated_chance_in_the_table_changes_the_verdict(game, demo_answer):
    at = start(odds_mode="table")
    # the table starts as the bundled game, so the verdict is the demo's
    assert_shows(at, demo_answer, "ru")
    assert len(at.data_editor) == 2  # the odds, and the claims about groups of prizes

    at.session_state["odds_table"] = {"edited_rows": {4: {"chance": "count 16"}},
                                      "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    rows = app_support.odds_rows(game)
    rows.loc[4, "chance"] = "count 16"
    typed = fairness.Game.from_table(rows, name=game.name)
    expected = library_verdict(fairness.ingest(DEMO_SPINS, typed), typed)
    assert expected.level != demo_answer.level
    assert_shows(at, expected, "ru")
    # the typed game can be downloaded as TOML that reads back as the same odds
    typed_toml = [b for b in at.get("download_button") if b.key == "download_typed_game"]
    assert typed_toml


def test_the_table_accepts_empty_chances_and_a_group_claim(game):
    at = start(odds_mode="table")
    # the operator publishes one chance and one sentence about a group of prizes
    at.session_state["odds_table"] = {
        "edited_rows": {0: {"chance": ""}, 1: {"chance": ""}, 2: {"chance": "7%"},
                        3: {"chance": ""}, 4: {"chance": ""}},
        "added_rows": [], "deleted_rows": []}
    at.session_state["claims_table"] = {
        "edited_rows": {}, "deleted_rows": [],
        "added_rows": [{"outcomes": "5%, 10%, 100%", "chance": "at least 1 in 10",
                        "text": "каждый десятый выигрывает 5% и больше"}]}
    at.run()
    assert not at.exception and not at.error
    rows = app_support.odds_rows(game)
    rows["chance"] = ["", "", "7%", "", ""]
    claims = [{"outcomes": "5%, 10%, 100%", "chance": "at least 1 in 10",
               "text": "каждый десятый выигрывает 5% и больше"}]
    typed = fairness.Game.from_table(rows, name=game.name, claims=claims)
    assert typed.unstated == ("1%", "3%", "10%", "100%") and len(typed.claims) == 1
    assert app_support.claim_rows(typed).to_dict(orient="records") == [
        {"outcomes": "5%, 10%, 100%", "chance": "at least 1 in 10",
         "text": "каждый десятый выигрывает 5% и больше"}]
    expected = library_verdict(fairness.ingest(DEMO_SPINS, typed), typed)
    assert_shows(at, expected, "ru")


def test_unusable_odds_in_the_table_show_one_line_error():
    at = start(odds_mode="table")
    at.session_state["odds_table"] = {"edited_rows": {4: {"chance": "1 in 600"}},
                                      "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    assert len(at.error) == 1
    message = at.error[0].value
    assert "нельзя смешивать" in message and "\n" not in message  # Russian mode, Russian error
    assert no_card(at)


def test_uploaded_toml_game(tmp_path, game):
    at = start(odds_mode="toml")
    assert no_card(at)
    at.file_uploader(key="upload_game").set_value(
        ("wheel.toml", DEMO_GAME.read_bytes(), "application/toml")).run()
    assert not at.exception
    assert card(at)
    at.file_uploader(key="upload_game").set_value(
        ("broken.toml", b"name = \n[[outcomes]", "application/toml")).run()
    assert not at.exception
    assert at.error and at.error[0].value.startswith(
        "broken.toml: это не TOML (строка 1, позиция 8)")


# -- uploads --------------------------------------------------------------------------------------


def test_uploaded_csv_gives_the_library_verdict(tmp_path, game):
    spins = pd.read_csv(DEMO_SPINS).head(1500)
    path = tmp_path / "spins.csv"
    spins.to_csv(path, index=False)
    expected = library_verdict(fairness.ingest(path, game), game)

    at = start(source="table")
    assert no_card(at)
    at.file_uploader(key="upload_table").set_value(
        ("spins.csv", path.read_bytes(), "text/csv")).run()
    assert not at.exception
    assert_shows(at, expected, "ru")
    assert metric(at, app_support.t("k.spins", "ru")) == fairness.texts.fmt_int(1500, "ru")


@pytest.mark.parametrize(("content", "message"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "spins.csv: this is a PNG image, not a data file"),
    (b"foo,bar\n1,2\n", "spins.csv: line 1: no column of outcomes found among 2 columns"),
    (b"", "spins.csv: the file is empty"),
])
def test_broken_upload_shows_the_one_line_error(content, message):
    at = start(source="table", lang="en")
    at.file_uploader(key="upload_table").set_value(("spins.csv", content, "text/csv")).run()
    assert not at.exception
    assert len(at.error) == 1
    shown = at.error[0].value
    assert shown.startswith(message)
    assert "\n" not in shown and "/tmp" not in shown and "fairness-" not in shown
    assert no_card(at)


# -- Telegram export and the extraction check ----------------------------------------------------


def telegram_export() -> dict:
    """A small community chat: spin reports, chatter, an unknown prize, a posted summary."""
    texts = []
    prizes = ["1%"] * 30 + ["3%"] * 9 + ["5%"] * 3 + ["10%"] * 1
    for i, prize in enumerate(prizes):
        texts.append(f"Крутил колесо сегодня, выпало {prize}" if i % 2 else f"колесо: {prize}")
    texts += ["Крутила колесо — сто процентов!!! пишите +7 916 123-45-67"] * 2
    texts += ["привет всем", "кто сегодня крутил?", "выпало 7% кэшбэк, странно"]
    messages = []
    for i, text in enumerate(texts, start=1):
        messages.append({"id": i, "type": "message", "date": "2026-03-01T12:00:00",
                         "date_unixtime": str(1772366400 + 600 * i),
                         "from": f"Участник {i % 9}", "from_id": f"user{100 + i % 9}",
                         "text": text})
    return {"name": "Кэшбэк-клуб", "type": "public_supergroup", "id": 4242,
            "messages": messages}


def test_telegram_export_extraction_check_and_editable_patterns(tmp_path, game):
    path = tmp_path / "result.json"
    path.write_text(json.dumps(telegram_export(), ensure_ascii=False), encoding="utf-8")
    evidence = fairness.ingest(path, game)
    expected = library_verdict(evidence, game)

    at = start(source="telegram")
    at.file_uploader(key="upload_telegram").set_value(
        ("result.json", path.read_bytes(), "application/json")).run()
    assert not at.exception
    assert_shows(at, expected, "ru")
    t = app_support.t
    assert metric(at, t("m.read_messages", "ru")) == fairness.texts.fmt_int(
        evidence.summary["read"], "ru")
    assert metric(at, t("m.spins_found", "ru")) == fairness.texts.fmt_int(
        evidence.summary["spins"], "ru")
    assert metric(at, t("m.rejected", "ru")) == fairness.texts.fmt_int(
        evidence.summary["rejected"], "ru")
    excerpt = fairness.i18n.text("column.excerpt", "ru")
    rejected = [d.value for d in at.dataframe if excerpt in d.value.columns]
    assert rejected and len(rejected[0]) == len(evidence.rejected)
    assert all("916" not in str(x) for x in rejected[0][excerpt])

    # Narrowing the 100% pattern drops the "сто процентов" reports, and the verdict follows.
    narrow = r"\b100\s?%"
    at.session_state["patterns_telegram"] = {"edited_rows": {4: {"pattern": narrow}},
                                             "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    narrowed = fairness.ingest(path, game, patterns={"100%": narrow})
    assert narrowed.summary["spins"] < evidence.summary["spins"]
    assert metric(at, t("m.spins_found", "ru")) == fairness.texts.fmt_int(
        narrowed.summary["spins"], "ru")
    assert_shows(at, library_verdict(narrowed, game), "ru")

    # A pattern that is not a regular expression is a one-line error, not a traceback.
    at.session_state["patterns_telegram"] = {"edited_rows": {4: {"pattern": "[oops"}},
                                             "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    assert at.error and at.error[0].value.startswith(
        "шаблоны «100%»: шаблон «[oops» — не правильное регулярное выражение (не закрыта скобка [")
    assert no_card(at)


def cli_verdict(data: Path, game_path: Path) -> dict:
    """What ``fairness check --format json --lang ru`` says (the CLI as a subprocess)."""
    done = subprocess.run(
        [sys.executable, "-m", "fairness.cli", "check", str(data), "--game", str(game_path),
         "--format", "json", "--lang", "ru"],
        capture_output=True, text=True, timeout=120, cwd=REPO, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def assert_same_as_cli(at: AppTest, cli: dict) -> None:
    shown = card(at)
    assert f'data-level="{cli["level"]}"' in shown
    assert html.escape(cli["headline"]) in shown
    assert metric(at, app_support.t("k.spins", "ru")) == fairness.texts.fmt_int(
        cli["n_spins"], "ru")


@pytest.mark.slow
def test_bundled_community_chat_gives_the_cli_verdict(tmp_path, game):
    """The issue's check: the bundled chat's export uploaded in the app (JSON with the bundled
    odds; the HTML export as a .zip with the odds typed in the table) gives the CLI's verdict."""
    chat = REPO / "datasets" / "telegram"
    export = chat / "json" / "result.json"
    if not export.is_file():
        pytest.skip("no bundled community chat in datasets/telegram")
    at = start(source="telegram")
    at.file_uploader(key="upload_telegram").set_value(
        ("result.json", export.read_bytes(), "application/json")).run()
    assert not at.exception
    assert_same_as_cli(at, cli_verdict(export, DEMO_GAME))

    archive = tmp_path / "chat_export.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for page in sorted((chat / "html").glob("*.html")):
            out.write(page, f"ChatExport_2026-03-31/{page.name}")
    at.radio(key="odds_mode.ru").set_value("table")  # the radio has one key per language
    at.file_uploader(key="upload_telegram").set_value(
        ("chat_export.zip", archive.read_bytes(), "application/zip")).run()
    assert not at.exception
    # The CLI reads the odds as the app typed them: the game downloaded from the table.
    typed_toml = tmp_path / "typed.toml"
    typed_toml.write_text(
        fairness.Game.from_table(app_support.odds_rows(game), name=game.name).to_toml(),
        encoding="utf-8")
    assert_same_as_cli(at, cli_verdict(archive, typed_toml))


def test_pasted_tallies(game):
    text = "1% — 700\n3% — 200\n5% — 70\n10% — 25\n100% — 5\nитого 1000"
    expected = library_verdict(fairness.Evidence.from_counts(
        game, {"1%": 700, "3%": 200, "5%": 70, "10%": 25, "100%": 5}), game)
    at = start(source="tallies")
    assert no_card(at)
    at.text_area(key="tallies_text").input(text).run()
    assert not at.exception
    assert_shows(at, expected, "ru")
    at.text_area(key="tallies_text").input("просто текст без чисел").run()
    assert not at.exception
    assert at.error and at.error[0].value.startswith("text: итоги не найдены")


# -- helpers --------------------------------------------------------------------------------------


def test_odds_rows_round_trip_to_the_same_odds(game):
    typed = fairness.Game.from_table(app_support.odds_rows(game), name=game.name)
    assert typed.labels == game.labels
    assert (typed.stated == game.stated).all()
    assert (typed.lower == game.lower).all() and (typed.upper == game.upper).all()


def test_dependence_results_are_sorted_into_tabs():
    from fairness import datasets

    evidence, pity_game = datasets.load_campaign("lootbox_pity")
    analysis = fairness.analyze(evidence, pity_game)
    sections = app_support.extras_sections(analysis)
    sequence_titles = [name for name, _ in sections["sequence"]]
    assert any("by spins since the last one" in name for name in sequence_titles)
    tests_table = sections["sequence"][0][1]
    assert any(name.startswith("Pity / anti-pity") for name in tests_table["Check"])
    assert any("week" in name for name, _ in sections["segments"])
    assert sections["bias"] and sections["bias"][0][1] is not None
    # a campaign without reporters lists the sequence checks as not applicable, with a reason
    tallies = fairness.Evidence.from_counts(pity_game, {pity_game.labels[0]: 100})
    none = app_support.extras_sections(fairness.analyze(tallies, pity_game))
    assert any(frame is None and "reporters" in name for name, frame in none["sequence"])


def test_the_demo_and_uploads_never_show_where_the_server_keeps_files():
    game_toml = app_support.DEMO_GAME.read_text(encoding="utf-8")
    demo = app_support.run("demo", "", str(app_support.DEMO_SPINS), game_toml, secret=b"k")
    upload = app_support.run("table", "spins.csv", app_support.DEMO_SPINS.read_bytes(),
                             game_toml, secret=b"k")
    for result, expected in ((demo, "demo_cashback.csv"), (upload, "spins.csv")):
        sources = set(result.evidence.spins["source"].astype(str))
        assert sources == {expected}
        csv_text = result.evidence.spins.to_csv(index=False)
        assert str(app_support.DEMO_SPINS.parent) not in csv_text and "/tmp" not in csv_text
