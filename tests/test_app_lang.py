"""The app in Russian, as a newcomer meets it: no English sentence anywhere on the page, and
every table a person sees has human column names, no ``None`` cells and no snake_case.

Each input path is driven with Streamlit's AppTest: the bundled demo, an uploaded table, the
bundled Telegram export (JSON) and pasted tallies. What a user typed or a file holds (outcome
labels, game names, file names) may be Latin; see tests/latin.py.
"""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import fairness
from tests.conftest import DATASETS, REPO
from tests.latin import latin_sentences

APP = REPO / "app.py"
TIMEOUT = 120
GAME = fairness.load_game(DATASETS / "games" / "cashback_wheel.toml")
ALLOW = {"fairness", GAME.name, GAME.operator or "", *GAME.labels,
         *(o.unit or "" for o in GAME.outcomes), "result.json", "spins.csv",
         "demo_cashback.csv", "cashback_wheel.toml"}
_SNAKE = re.compile(r"^[a-z]+(_[a-z0-9]+)+$")
_TAG = re.compile(r"<style.*?</style>|<[^>]+>", re.DOTALL)


def start(**state) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def page_texts(at: AppTest) -> list[str]:
    """Every piece of text the page shows: headings, paragraphs, captions, alerts, metrics,
    the verdict card (tags removed), tab and widget labels and options, table headers."""
    out: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning",
                 "error", "success", "latex", "text"):
        out += [str(e.value) for e in at.get(kind)]
    out += [html.unescape(_TAG.sub(" ", str(e.value))) for e in at.get("html")]
    for metric in at.metric:
        out += [str(metric.label), str(metric.value), str(metric.help or "")]
    for tab in at.tabs:
        out.append(str(tab.label))
    for kind in ("radio", "selectbox", "text_area", "text_input", "checkbox", "button",
                 "download_button", "expander"):
        for widget in at.get(kind):
            for attribute in ("label", "help", "placeholder"):
                value = getattr(widget, attribute, None)
                if isinstance(value, str):
                    out.append(value)
            out += [str(o) for o in getattr(widget, "options", []) or []]
    return [t for t in out if t]


def tables(at: AppTest) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe]


def assert_russian_page(at: AppTest, allow=()) -> None:
    found = []
    for text in page_texts(at):
        found += latin_sentences(text, ALLOW | set(allow))
    assert not found, found
    shown = tables(at)
    assert shown, "the page shows tables"
    for frame in shown:
        for column in frame.columns:
            name = str(column)
            assert not _SNAKE.match(name), name
            assert not latin_sentences(name, ALLOW | set(allow)), name
        for column in frame.columns:
            cells = frame[column]
            assert not cells.isna().any(), (column, "missing cell shown as None")
            for cell in cells.astype(str):
                assert cell != "None", column
                assert "+00:00" not in cell, (column, cell)
                assert not latin_sentences(cell, ALLOW | set(allow)), (column, cell)


def test_the_demo_in_russian():
    at = start()
    assert_russian_page(at)


def test_an_uploaded_table_in_russian(tmp_path):
    path = tmp_path / "spins.csv"
    pd.read_csv(DATASETS / "spins" / "demo_cashback.csv").head(1500).to_csv(path, index=False)
    at = start(source="table")
    at.file_uploader(key="upload_table").set_value(
        ("spins.csv", path.read_bytes(), "text/csv")).run()
    assert not at.exception
    assert_russian_page(at)


def test_the_telegram_export_in_russian():
    raw = (DATASETS / "telegram" / "json" / "result.json").read_bytes()
    at = start(source="telegram")
    at.file_uploader(key="upload_telegram").set_value(
        ("result.json", raw, "application/json")).run()
    assert not at.exception
    # the chat's own words may show in the rejected list (excerpts), so only our words count
    excerpts = set()
    for frame in tables(at):
        column = fairness.i18n.text("column.excerpt", "ru")
        if column in frame.columns:  # the rejected list, or the sample of messages not read
            excerpts |= set(frame[column].astype(str))
            reason = fairness.i18n.text("column.reason", "ru")
            if reason in frame.columns:
                reasons = list(frame[reason])
                assert reasons, "the bundled chat has rejected messages"
                assert not any(r.startswith(("ambiguous", "unknown outcome", "duplicate"))
                               for r in reasons)
    assert_russian_page(at, allow=excerpts)


@pytest.mark.parametrize("text", ["1% — 700\n3% — 200\n5% — 70\n10% — 25\n100% — 5",
                                  "1% — 700\n3% — 200\n7% — 12"])
def test_pasted_tallies_in_russian(text):
    at = start(source="tallies")
    at.text_area(key="tallies_text").input(text).run()
    assert not at.exception
    fragments = {line for line in text.splitlines()}
    assert_russian_page(at, allow=fragments)


def test_the_file_uploaders_own_words_follow_the_language():
    # Streamlit draws its uploader's button and size limit in English only; the page's CSS
    # draws them at size 0 and writes the catalogue's words after them.
    from fairness.app.page import uploader_css

    russian = uploader_css("ru")
    assert '::after {content: "Загрузить"' in russian
    assert '"до 100 МБ на файл"' in russian  # server.maxUploadSize of .streamlit/config.toml
    assert '"Upload"' in uploader_css("en") and "Загрузить" not in uploader_css("en")


def test_the_period_metric_is_a_cldr_date_interval():
    # CLDR's interval formats (Babel's format_interval): short enough for a metric on a laptop
    # (the old «01.03–31.03» was cut to «01.03–31…»).
    from fairness.app.support import period_text

    march = (pd.Timestamp("2026-03-01", tz="UTC"), pd.Timestamp("2026-03-31 22:00", tz="UTC"))
    assert period_text(march, "ru") == "1—31 мар."
    assert period_text(march, "en") == "Mar 1\u2009–\u200931"
    assert period_text(march, "ru", full=True) == "1—31 мар. 2026\u202fг."
    assert period_text((None, None), "ru") == "—"
