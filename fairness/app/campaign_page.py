"""The app's campaign page: a stored campaign's verdict, its history, its share card, a form for
members' reports and, behind a password, moderation (Streamlit).

The store is chosen as Streamlit's ``st.connection`` reads it from secrets
(``.streamlit/secrets.toml``)::

    [connections.fairness]
    url = "postgresql://user:pass@host/db"     # or a file path / sqlite:///FILE

    [fairness]
    moderator_password = "..."                 # moderation stays off without it

and is an SQLite file ``fairness-campaigns.sqlite`` in the working folder when none is set
(``FAIRNESS_STORE`` in the environment overrides both). Everything shown comes from
:class:`fairness.Campaign`; the page records no check by being looked at (a moderator may
record one).
"""

from __future__ import annotations

import datetime as dt
import hmac
import os
import secrets

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

import fairness
from fairness import i18n, texts
from fairness.campaign import Campaign, Store, list_campaigns
from fairness.campaign.form import RATE_LIMIT
from fairness.plot import LEVEL_COLOURS
from fairness.report import display

__all__ = ["chosen", "show", "store_location"]

DEFAULT_STORE = "fairness-campaigns.sqlite"
ALPHA = 0.01
SEED = 0
BLUE = "#1f4e79"

def w(key: str, lang: str, **params) -> str:
    """The campaign page's text ``ui.campaign.<key>`` (the one catalogue, :mod:`fairness.i18n`)."""
    if not params:
        return i18n.CATALOGUE[f"ui.campaign.{key}"][i18n.check_lang(lang)]
    return i18n.text(f"ui.campaign.{key}", lang, **params)


# ---------------------------------------------------------------------------------------------
# the store and cached reading

def _secrets_section(name: str) -> dict:
    try:
        return dict(st.secrets.get(name, {}))
    except Exception:  # no secrets file at all: Streamlit raises when it is read
        return {}


def store_location() -> str:
    """FAIRNESS_STORE, else ``[connections.fairness] url`` from secrets, else the default file."""
    if os.environ.get("FAIRNESS_STORE"):
        return os.environ["FAIRNESS_STORE"]
    connections = _secrets_section("connections")
    url = dict(connections.get("fairness", {})).get("url")
    return str(url) if url else DEFAULT_STORE


@st.cache_resource(show_spinner=False)
def open_store(location: str) -> Store:
    return Store(location)


def _state_token(campaign: Campaign) -> tuple:
    """Changes whenever what a check counts changes (batches, moderation, rules)."""
    batches = campaign.batches()
    log = campaign.exclusions()
    return (len(batches), int(batches["number"].max()) if len(batches) else 0, len(log),
            int(log["active"].sum()) if len(log) else 0, len(campaign.rules()))


@st.cache_resource(show_spinner=False, max_entries=32, ttl=600)
def current(location: str, name: str, token: tuple):
    """The check (not recorded), the e-value after each batch and the history; ``token``
    (:func:`_state_token`) makes a new batch or a moderation change compute it again."""
    campaign = Campaign.open(open_store(location), name)
    result = campaign.check(alpha=ALPHA, seed=SEED, record=False)
    return result, campaign.evalue_path(), campaign.history()


def chosen(lang: str) -> bool:
    """The page switch in the sidebar; True when the campaign page is chosen."""
    if "page" not in st.session_state:
        wanted = st.query_params.get("page", "check")
        st.session_state["page"] = wanted if wanted in ("check", "campaign") else "check"
    page = st.sidebar.radio(w("page", lang), ["check", "campaign"], key="page",
                            format_func=lambda key: w(f"page.{key}", lang))
    return page == "campaign"


# ---------------------------------------------------------------------------------------------
# display

def history_chart(path: pd.DataFrame, history: pd.DataFrame, lang: str) -> alt.Chart | None:
    if path.empty:
        return None
    threshold = 1 / ALPHA
    logs = path["log10"].to_numpy()
    low = 10 ** (min(float(logs.min()), -1.0) - 0.3)
    high = 10 ** (max(float(logs.max()), np.log10(threshold)) + 0.5)
    scale = alt.Scale(type="log", domain=[low, high], nice=False)
    frame = path.assign(evalue=np.clip(path["evalue"], low, high))
    line = alt.Chart(frame).mark_line(color=BLUE, point=True, strokeWidth=2.2).encode(
        x=alt.X("n:Q", title=w("chart.n", lang)),
        y=alt.Y("evalue:Q", scale=scale, title=w("chart.e", lang)),
        tooltip=[alt.Tooltip("number:Q", title=w("batch", lang)),
                 alt.Tooltip("n:Q", title=w("chart.n", lang)),
                 alt.Tooltip("evalue:Q", title="E", format=".3~g")])
    rule = alt.Chart(pd.DataFrame({"y": [threshold], "line": [w("chart.line", lang)]})).mark_rule(
        color=LEVEL_COLOURS["inconsistent"], strokeDash=[7, 4], strokeWidth=1.6).encode(
        y="y:Q", tooltip=["line:N"])
    layers = [rule, line]
    if not history.empty:
        checks = history.assign(evalue=np.clip(history["evalue"], low, high))
        layers.append(alt.Chart(checks).mark_circle(size=90, color="#e0a000").encode(
            x="n_spins:Q", y="evalue:Q",
            tooltip=[alt.Tooltip("checked_at:T", format="%Y-%m-%d %H:%M"), "level:N",
                     alt.Tooltip("evalue:Q", format=".3~g")]))
    return alt.layer(*layers).properties(height=300)


def _form(campaign: Campaign, lang: str) -> None:
    game = campaign.game()
    st.subheader(w("form", lang), anchor=False)
    st.caption(w("form_help", lang, limit=RATE_LIMIT))
    session = st.session_state.setdefault("campaign.session", secrets.token_hex(16))
    with st.form("campaign.form", clear_on_submit=False):
        outcome = st.selectbox(w("outcome", lang), list(game.labels), key="campaign.outcome")
        day = st.date_input(w("date", lang), value=dt.date.today(), key="campaign.date")
        segment = st.text_input(w("segment", lang), key="campaign.segment")
        comment = st.text_area(w("comment", lang), key="campaign.comment", max_chars=500)
        sent = st.form_submit_button(w("send", lang))
    if sent:
        answer = campaign.submit(outcome, day, session=session, segment=segment or None,
                                 comment=comment or None)
        st.session_state["campaign.answer"] = answer
        if answer.accepted:
            st.rerun()  # the verdict above counts the new spin
    answer = st.session_state.pop("campaign.answer", None)
    if answer is not None:
        (st.success if answer.accepted else st.error)(answer.message(lang))


def _moderation(campaign: Campaign, lang: str) -> None:
    st.subheader(w("moderation", lang), anchor=False)
    password = str(_secrets_section("fairness").get("moderator_password") or "")
    if not password:
        st.caption(w("no_password", lang))
        return
    typed = st.text_input(w("password", lang), type="password", key="campaign.password")
    if not typed:
        return
    if not hmac.compare_digest(typed.encode("utf-8"), password.encode("utf-8")):
        st.error(w("wrong_password", lang))
        return
    batches = campaign.batches()
    st.dataframe(display.campaign_batches_table(batches, lang), hide_index=True,
                 width="stretch", key="campaign.batches")
    if len(batches):
        left, right = st.columns([1, 3])
        number = left.selectbox(w("batch", lang), batches["number"].tolist(),
                                key="campaign.batch")
        reason = right.text_input(w("reason", lang), key="campaign.reason")
        b1, b2, b3 = st.columns(3)
        try:
            if b1.button(w("exclude", lang), key="campaign.exclude"):
                campaign.exclude(batch=int(number), reason=reason)
                st.success(w("done", lang))
            if b2.button(w("restore", lang), key="campaign.restore"):
                campaign.restore(batch=int(number), reason=reason)
                st.success(w("done", lang))
        except fairness.FairnessError as exc:
            st.error(exc.message(lang))
        if b3.button(w("record", lang), key="campaign.record"):
            result = campaign.check(alpha=ALPHA, seed=SEED)
            st.success(result.change(lang))
    log = campaign.exclusions()
    if len(log):
        st.dataframe(display.campaign_log_table(log, lang), hide_index=True, width="stretch",
                     key="campaign.log")


def show(lang: str) -> None:
    """Draw the campaign page (the language switch and the page switch are drawn already)."""
    from fairness.app.page import verdict_card

    location = store_location()
    try:
        store = open_store(location)
        names = list_campaigns(store)["name"].tolist()
    except fairness.FairnessError as exc:
        st.error(exc.message(lang))
        return
    st.header(w("title", lang), anchor=False)
    st.caption(w("store", lang, store=store.name))
    if not names:
        st.info(w("no_campaigns", lang))
        return
    wanted = st.query_params.get("campaign")
    name = st.selectbox(w("campaign", lang), names, key="campaign.name",
                        index=names.index(wanted) if wanted in names else 0)
    campaign = Campaign.open(store, name)
    try:
        result, path, history = current(location, name, _state_token(campaign))
    except fairness.FairnessError as exc:
        st.error(exc.message(lang))
        return
    answer = result.verdict
    st.html(verdict_card(answer, lang))
    threshold = texts.fmt_evalue(1 / ALPHA, lang)
    c1, c2, c3 = st.columns(3)
    c1.metric(w("spins", lang), texts.fmt_int(result.n_spins, lang))
    c2.metric(w("batches", lang), texts.fmt_int(len(path), lang))
    c3.metric(w("evalue", lang), texts.fmt_evalue(result.evalue, lang),
              delta=w("threshold", lang, threshold=threshold), delta_color="off",
              delta_arrow="off")
    if result.previous is not None:
        st.markdown(w("since", lang, change=result.change(lang)))
    st.markdown(result.excluded_text(lang))
    st.markdown(f"**{w('history', lang)}**")
    chart = history_chart(path, history, lang)
    if chart is not None:
        st.altair_chart(chart, width="stretch", key="campaign.chart")
    if not path.empty:  # the chart in words (its text alternative)
        st.caption(w("chart.alt", lang, batches=texts.fmt_int(len(path), lang),
                     n=texts.fmt_int(int(path["n"].iloc[-1]), lang),
                     last=texts.fmt_evalue(float(path["evalue"].iloc[-1]), lang),
                     top=texts.fmt_evalue(float(path["evalue"].max()), lang)))
    st.caption(w("history_caption", lang, threshold=threshold))
    if not history.empty:
        with st.expander(w("checks", lang)):
            st.dataframe(display.campaign_checks_table(history, lang), hide_index=True,
                         width="stretch", key="campaign.history")
    from fairness import report

    st.download_button(w("card", lang), data=lambda: report.to_card(answer, None, lang),
                       file_name=f"fairness-{name}-{answer.level}-{lang}.png",
                       mime="image/png", key="campaign.card", on_click="ignore",
                       icon=":material/image:")
    st.divider()
    _form(campaign, lang)
    st.divider()
    _moderation(campaign, lang)
