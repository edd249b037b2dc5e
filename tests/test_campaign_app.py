"""The app's campaign page driven by Streamlit's AppTest: the verdict the library gives, the
history chart, members' reports with their checks, and moderation behind the password."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

import fairness
from fairness.campaign import Campaign
from tests.conftest import DATASETS, REPO

APP = REPO / "app.py"
TIMEOUT = 120


@pytest.fixture
def store(tmp_path, monkeypatch):
    location = str(tmp_path / "campaigns.sqlite")
    campaign = Campaign.create(location, "Копилка",
                               fairness.load_game(DATASETS / "games" / "cashback_wheel.toml"))
    campaign.add(DATASETS / "telegram" / "json" / "result.json")
    monkeypatch.setenv("FAIRNESS_STORE", location)
    return location


def start(password: str | None = "letmein", lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    if password is not None:
        at.secrets["fairness"] = {"moderator_password": password}
    at.session_state["lang"] = lang
    at.session_state["page"] = "campaign"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [h.value for h in at.get("html")]
    parts += [e.value for e in at.error] + [s.value for s in at.success]
    return "\n".join(parts)


def test_the_page_shows_the_librarys_verdict_and_history(store):
    at = start()
    expected = Campaign.open(store, "Копилка").check(record=False)
    text = shown(at)
    assert f'data-level="{expected.level}"' in text
    assert "Nothing is excluded." in text
    assert at.metric[0].value == "205"
    assert len(at.get("vega_lite_chart")) == 1
    assert at.get("download_button")  # the share card
    assert Campaign.open(store, "Копилка").history().empty  # looking records nothing


def test_a_member_reports_spins_with_penguins_checks(store):
    at = start(password=None)
    assert "Moderation is off" in "\n".join(c.value for c in at.caption)
    at.selectbox(key="campaign.outcome").set_value("10%")
    at.date_input(key="campaign.date").set_value(dt.date.today() - dt.timedelta(days=1))
    at.button[0].click().run()
    assert not at.exception
    assert any("recorded" in s.value for s in at.success)
    assert at.metric[0].value == "206"  # the verdict above counts it
    at.button[0].click().run()
    assert any("already recorded" in e.value for e in at.error)
    at.date_input(key="campaign.date").set_value(dt.date.today() + dt.timedelta(days=5))
    at.button[0].click().run()
    assert any("in the future" in e.value for e in at.error)
    for days in range(2, 7):
        at.date_input(key="campaign.date").set_value(dt.date.today() - dt.timedelta(days=days))
        at.button[0].click().run()
    assert any("Too many reports" in e.value for e in at.error)
    batches = Campaign.open(store, "Копилка").batches()
    assert batches["kind"].tolist() == ["telegram"] + ["form"] * 5


def test_moderators_exclude_and_restore_behind_the_password(store):
    at = start(lang="ru")
    at.text_input(key="campaign.password").set_value("wrong").run()
    assert any("Неверный пароль" in e.value for e in at.error)
    at.text_input(key="campaign.password").set_value("letmein").run()
    at.selectbox(key="campaign.batch").set_value(1)
    at.text_input(key="campaign.reason").set_value("выгрузка бота").run()
    at.button(key="campaign.exclude").click().run()
    assert not at.exception
    at.run()
    assert "порция 1: выгрузка бота" in shown(at)
    assert at.metric[0].value == "0"
    at.text_input(key="campaign.reason").set_value("проверено").run()
    at.button(key="campaign.restore").click().run()
    at.run()
    assert "Ничего не исключено." in shown(at)
    at.button(key="campaign.record").click().run()
    assert len(Campaign.open(store, "Копилка").history()) == 1


def test_no_campaign_and_the_check_page_still_default(tmp_path, monkeypatch):
    monkeypatch.setenv("FAIRNESS_STORE", str(tmp_path / "empty.sqlite"))
    at = start()
    assert any("No campaigns" in i.value for i in at.info)
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception and at.session_state["page"] == "check"
