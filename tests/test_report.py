"""Reports: Markdown, self-contained HTML (hostile input escaped), PNG card, safe CSV, charts."""

from __future__ import annotations

import csv
import io
import re

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

import fairness
from fairness.evidence import Evidence
from fairness.report import safe_csv, to_card, to_html, to_json, to_markdown, to_text
from fairness.report.csv import FORMULA_PREFIXES
from fairness.report.markdown import md_escape
from tests.conftest import DATASETS

HOSTILE = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'


@pytest.fixture(scope="module")
def demo():
    game = fairness.load_game(DATASETS / "games" / "cashback_wheel.toml")
    evidence = fairness.ingest(DATASETS / "spins" / "demo_cashback.csv", game)
    return evidence, fairness.verdict(fairness.analyze(evidence, game))


@pytest.fixture(scope="module")
def hostile():
    """A game whose name and labels, and a rejected message, carry markup."""
    game = fairness.Game.from_dict({
        "name": f"Wheel {HOSTILE}", "operator": IMG, "rules": "javascript:alert(3)",
        "outcomes": [{"label": "small", "percent": 90},
                     {"label": f"big {HOSTILE}", "percent": 9},
                     {"label": IMG, "percent": 1}]})
    rng = np.random.default_rng(5)
    outcomes = rng.choice(list(game.labels), size=400, p=game.stated)
    base = Evidence.from_outcomes(game, outcomes, reporter=[f"r{i % 30}" for i in range(400)])
    rejected = pd.DataFrame({"source": [f"chat:{HOSTILE}"], "reason": ["unknown outcome"],
                             "excerpt": [f"won {HOSTILE} {IMG} =HYPERLINK(\"x\")"]})
    evidence = Evidence(labels=base.labels, spins=base.spins, tallies=base.tallies,
                        rejected=rejected, source="chat")
    return evidence, fairness.verdict(fairness.analyze(evidence, game))


# --- Markdown ---------------------------------------------------------------------------------

def test_markdown_has_verdict_numbers_and_outcome_table(demo):
    _, answer = demo
    text = to_markdown(answer)
    assert text.startswith("## 🔴 Колесо кэшбэка: Inconsistent with the stated odds")
    assert "| Outcome | Stated | Observed | Expected |" in text
    outcomes = text.split("### Outcomes")[1].split("###")[0]
    table = [line for line in outcomes.splitlines() if line.startswith("| ")]
    assert len(table) == 1 + len(answer.analysis.labels)
    assert "| 100% | 1 in 200 | 13 | 40 |" in text
    # Every outcome's measured chance with its 95% interval, postable back to the chat.
    measured = text.split("### What the community measured")[1].split("###")[0]
    assert len([line for line in measured.splitlines() if line.startswith("| ")]) == (
        1 + len(answer.analysis.labels))
    assert "E = 3,129" in text and "### Next step" in text


def test_markdown_in_russian(demo):
    _, answer = demo
    text = to_markdown(answer, "ru")
    assert "| Исход | Заявлено | Выпало |" in text and "Что дальше" in text


def test_markdown_escapes_markup_from_the_data(hostile):
    _, answer = hostile
    text = to_markdown(answer)
    assert re.search(r"(?<!\\)<", text) is None  # every "<" is escaped: no inline HTML
    assert r"\<script>alert(1)\</script>" in text
    assert md_escape("a|b *c* <d>") == r"a\|b \*c\* \<d>"
    # every table row keeps its cells although a label is full of markup (8 per outcome row,
    # 5 per row of the measured chances)
    outcomes, measured = text.split("### Outcomes")[1].split("### What the community measured")
    for section, cells in ((outcomes, 8), (measured.split("###")[0], 5)):
        for line in (x for x in section.splitlines() if x.startswith("| ")):
            assert len(line.replace("\\|", "").split("|")) == cells + 2


# --- HTML -------------------------------------------------------------------------------------

def test_html_from_hostile_data_has_no_live_markup(hostile):
    evidence, answer = hostile
    page = to_html(answer, "en", evidence=evidence)
    soup = BeautifulSoup(page, "html.parser")
    assert soup.find_all("script") == []
    assert "<script" not in page.lower()
    for tag in soup.find_all(True):
        assert not [a for a in tag.attrs if a.lower().startswith("on")], tag
    images = soup.find_all("img")
    assert len(images) == 2 and all(i["src"].startswith("data:image/png;base64,")
                                    for i in images)
    assert not soup.find_all("a")  # the rules URL is shown as text, never as a link
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown, as text
    # excerpts (strangers' words) stay out of a report meant to be shared (issue 15)
    assert "=HYPERLINK" not in soup.get_text() and "won " not in soup.get_text()


def test_html_is_self_contained(demo):
    evidence, answer = demo
    page = to_html(answer, "ru", evidence=evidence)
    soup = BeautifulSoup(page, "html.parser")
    assert soup.html["lang"] == "ru"
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "default-src 'none'" in csp and "script-src" not in csp
    for tag in soup.find_all(["img", "link", "script", "iframe", "object", "embed"]):
        assert tag.name == "img" and tag["src"].startswith("data:")
    assert "Не соответствует заявленным шансам" in soup.get_text()


# --- card -------------------------------------------------------------------------------------

def _png_shape(data: bytes):
    import matplotlib.image as mpimg

    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return mpimg.imread(io.BytesIO(data), format="png").shape


def test_card_is_a_png_of_the_telegram_size(demo, tmp_path):
    _, answer = demo
    path = tmp_path / "card.png"
    data = to_card(answer, path, lang="ru")
    assert path.read_bytes() == data
    assert _png_shape(data)[:2] == (720, 1280)


def test_card_without_order_or_period_and_with_hostile_labels(hostile, cashback_game):
    _, answer = hostile
    assert _png_shape(to_card(answer, lang="en"))[:2] == (720, 1280)
    tallies = Evidence.from_counts(cashback_game, {"1%": 70, "3%": 20, "5%": 8, "10%": 2})
    quiet = fairness.verdict(fairness.analyze(tallies, cashback_game))
    assert quiet.level == "not_enough_data"
    assert _png_shape(to_card(quiet, lang="ru"))[:2] == (720, 1280)


# --- charts -----------------------------------------------------------------------------------

def test_plots_make_their_own_axes_or_use_the_given_one(demo):
    import matplotlib.pyplot as plt

    from fairness.plot import plot_evidence_path, plot_outcomes

    _, answer = demo
    ax = plot_outcomes(answer.analysis, lang="ru")
    assert [t.get_text() for t in ax.get_yticklabels()] == list(answer.analysis.labels)
    _fig, given = plt.subplots()
    assert plot_evidence_path(answer.analysis, ax=given) is given
    # drawn in log10, labelled in powers of ten; the 1/alpha line at log10(100) = 2
    assert any(np.allclose(line.get_ydata(), 2) for line in given.get_lines())
    given.figure.canvas.draw()
    labels = [t.get_text() for t in given.get_yticklabels()]
    assert {"1", "10", "100"} <= set(labels), labels
    plt.close("all")


def test_a_wheel_rigged_far_beyond_a_float_still_gets_its_chart():
    # 10,400 spins with the top prize in a quarter of them: E = 10^4000, past the largest float;
    # a log axis there had ticks of infinity, and the HTML report ended in an internal error
    import matplotlib.pyplot as plt

    from fairness.plot import plot_evidence_path

    game = fairness.load_game(DATASETS / "games" / "cashback_wheel.toml")
    labels = list(game.labels)
    outcomes = [labels[0], labels[1], labels[0], labels[-1]] * 2_600
    analysis = fairness.analyze(Evidence.from_outcomes(game, outcomes), game)
    assert analysis.evidence_value.log10 > 400
    ax = plot_evidence_path(analysis, lang="ru")
    ax.figure.canvas.draw()
    top = [t.get_text() for t in ax.get_yticklabels()][-1]
    assert re.fullmatch("10[⁰¹²³⁴⁵⁶⁷⁸⁹]{3,}", top), top  # (10⁴⁰⁰⁰ here)
    plt.close("all")
    page = to_html(fairness.verdict(analysis), "ru")
    assert page.count("data:image/png;base64,") >= 2


# --- safe CSV ---------------------------------------------------------------------------------

def test_safe_csv_neutralises_formulas_but_not_numbers():
    frame = pd.DataFrame({"excerpt": ["=1+1", "+7 999", "-rm", "@SUM(A1)", "\tx", "fine", None],
                          "value": [-1.5, 2, 3, 4, 5, 6, 7]})
    rows = list(csv.reader(io.StringIO(safe_csv(frame))))
    assert rows[0] == ["excerpt", "value"]
    assert [r[0] for r in rows[1:]] == ["'=1+1", "'+7 999", "'-rm", "'@SUM(A1)", "'\tx", "fine",
                                        ""]
    assert rows[1][1] == "-1.5"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=12), min_size=1, max_size=8))
def test_no_text_cell_of_a_safe_csv_starts_a_formula(cells):
    text = safe_csv(pd.DataFrame({"=col": cells}))
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    for row in parsed:
        for cell in row:
            assert not cell.startswith(FORMULA_PREFIXES)


# --- text and JSON keep their API --------------------------------------------------------------

def test_text_and_json_renderers_unchanged(demo):
    _, answer = demo
    assert "INCONSISTENT" in to_text(answer, "en")
    assert '"schema_version": 1' in to_json(answer, "ru")


def test_safe_csv_writes_long_utc_time_columns_as_pandas_does():
    # Long UTC columns are formatted in bulk (a faster route): the text must be pandas' own,
    # with sub-second digits, missing times and every resolution.
    rng = np.random.default_rng(3)
    start = pd.Timestamp("2026-01-01", tz="UTC")
    for unit, step in (("ns", "ms"), ("us", "s"), ("s", "s")):
        times = pd.Series(start + pd.to_timedelta(rng.integers(0, 10**7, 2000), unit=step))
        times = times.astype(f"datetime64[{unit}, UTC]")
        times[rng.random(2000) < 0.1] = pd.NaT
        frame = pd.DataFrame({"reported_at": times, "n": np.arange(2000)})
        assert safe_csv(frame) == frame.to_csv(index=False, lineterminator="\r\n")


def test_a_carriage_return_inside_a_cell_cannot_start_a_row():
    # Found by the property above: pandas leaves a bare "\r" unquoted with "\n" line ends,
    # and a spreadsheet then starts a new row at "@SUM(...)".
    text = safe_csv(pd.DataFrame({"excerpt": ["x\r@SUM(A1)", "fine"]}))
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [["excerpt"], ["x\r@SUM(A1)"], ["fine"]]
