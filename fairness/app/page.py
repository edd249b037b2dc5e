"""The community app's page: upload spins, give the stated odds, get a verdict (Streamlit).

    fairness app                  # or: make run, or streamlit run app.py in the repository

Streamlit runs a script on every interaction; both scripts (``app.py`` in the repository and
``fairness/app/streamlit_app.py`` in the package) call :func:`main`.

A thin layer: widgets -> ``fairness`` -> display. Every number shown comes from
``fairness.analyze`` / ``fairness.verdict``; the app's own words are the ``ui.*`` keys of
:mod:`fairness.i18n` (Russian and English). The analysis is cached on small hashable inputs
(the uploaded bytes, the odds as TOML text, the patterns), never on the language, so
switching the language or moving a widget that does not change the inputs does not recompute.
"""

from __future__ import annotations

import html
import re
import secrets

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

import fairness
from fairness import texts
from fairness.app import support as ui
from fairness.app.support import t
from fairness.plot import LEVEL_COLOURS

ALPHA = 0.01
SEED = 0
BLUE = "#1f4e79"
# Markdown colour of each finding's bullet (no emoji: not every system has an emoji font).
FINDING_COLOURS = {"rules_violated": "red", "inconsistent": "red", "suspicious": "orange",
                   "info": "gray"}


# ---------------------------------------------------------------------------------------------
# cached computation (small hashable inputs; the language is not one of them)


@st.cache_resource
def pseudonym_secret() -> bytes:
    """One random key per server process: pseudonyms cannot be linked to other runs."""
    return secrets.token_bytes(32)


@st.cache_data(show_spinner=False, max_entries=16, ttl=3600)
def analyse(kind: str, name: str, payload: bytes | str, game_toml: str,
            patterns: tuple[tuple[str, str], ...], trigger: str | None,
            _secret: bytes) -> ui.Result:
    return ui.run(kind, name, payload, game_toml, patterns=patterns, trigger=trigger,
                  secret=_secret, alpha=ALPHA, seed=SEED)


@st.cache_data(show_spinner=False)
def bundled_game_toml() -> str:
    return ui.DEMO_GAME.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# small display helpers


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~$])")


def md(text: str) -> str:
    """Text from the data (labels, sentences quoting them) made inert for Markdown."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def verdict_card(answer: fairness.Verdict, lang: str) -> str:
    colour = LEVEL_COLOURS.get(answer.level, "#757575")
    e = html.escape
    return (
        f'<div class="fairness-verdict" data-level="{e(answer.level)}" style="'
        f"border-left:10px solid {colour};background:{colour}14;border-radius:12px;"
        f'padding:1.1rem 1.4rem;margin:0.2rem 0 0.6rem 0">'
        f'<div style="color:{colour};font-weight:700;font-size:0.95rem;letter-spacing:0.04em;'
        f'text-transform:uppercase"><span style="display:inline-block;width:0.8em;height:0.8em;'
        f'border-radius:50%;background:{colour};margin-right:0.5em;vertical-align:-0.05em">'
        f"</span>{e(answer.label(lang))}</div>"
        f'<div class="fairness-headline" style="font-size:1.35rem;font-weight:600;'
        f'line-height:1.4;margin:0.45rem 0 0.6rem 0">{e(answer.headline(lang))}</div>'
        f'<div style="font-size:1.02rem;opacity:0.85"><b>{e(t("next_step", lang))}:</b> '
        f"{e(answer.next_step(lang))}</div></div>"
    )


def p_text(p: float, lang: str) -> str:
    return texts.fmt_p(p, lang).removeprefix("= ")


def expected_text(x: float, lang: str) -> str:
    return texts.fmt_int(x, lang) if x >= 10 else texts.fmt_number(x, lang, 2)


def outcome_chart(analysis: fairness.Analysis, lang: str) -> alt.Chart | None:
    frame = ui.outcome_chart_frame(analysis)
    frame = frame[np.isfinite(frame["ratio"])].copy()
    if frame.empty:
        return None
    highs = frame["ci_high"][np.isfinite(frame["ci_high"])]
    xmax = float(min(max(2.0, highs.max() * 1.08 if len(highs) else 2.0), 4.0))
    frame["note"] = [f"{texts.fmt_int(o, lang)} / {expected_text(x, lang)}"
                     for o, x in zip(frame["observed"], frame["expected"], strict=True)]
    frame["ratio_text"] = [texts.fmt_ratio(r, lang) for r in frame["ratio"]]
    frame["ci_text"] = [f"{texts.fmt_ratio(lo, lang)} – {texts.fmt_ratio(hi, lang)}"
                        for lo, hi in zip(frame["ci_low"], frame["ci_high"], strict=True)]
    for column in ("ratio", "ci_low", "ci_high", "allowed_low", "allowed_high"):
        frame[column] = frame[column].clip(upper=xmax)
    step = 0.25 if xmax <= 2 else 0.5
    ticks = [round(v, 2) for v in np.arange(0, xmax + 1e-9, step)]
    order = list(frame["label"])
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelFontSize=13))
    x_scale = alt.Scale(domain=[0, xmax], clamp=True, nice=False)
    colour = alt.Color("flagged:N", scale=alt.Scale(domain=[False, True],
                                                    range=[BLUE, LEVEL_COLOURS["inconsistent"]]),
                       legend=None)
    tooltip = [alt.Tooltip("label:N", title=t("chart.outcome", lang)),
               alt.Tooltip("observed:Q", title=t("chart.observed", lang)),
               alt.Tooltip("expected:Q", title=t("chart.expected", lang), format=".1f"),
               alt.Tooltip("ratio_text:N", title=t("tc.ratio", lang)),
               alt.Tooltip("ci_text:N", title="95%")]
    base = alt.Chart(frame).encode(y=y)
    band = base.transform_filter("datum.banded").mark_bar(
        color="#9e9e9e", opacity=0.3, height=22).encode(x="allowed_low:Q", x2="allowed_high:Q")
    bars = base.mark_rule(strokeWidth=4).encode(
        x=alt.X("ci_low:Q", scale=x_scale, title=t("chart.ratio", lang),
                axis=alt.Axis(values=ticks, format=".2~f",
                              labelExpr=ui.axis_labels(lang, "×"))),
        x2="ci_high:Q", color=colour, tooltip=tooltip)
    dots = base.mark_circle(size=130, opacity=1).encode(x="ratio:Q", color=colour,
                                                        tooltip=tooltip)
    notes = base.mark_text(align="right", baseline="bottom", dy=-9, fontSize=11,
                           color="#666666").encode(x=alt.datum(xmax * 0.995), text="note:N")
    one = alt.Chart(pd.DataFrame({"x": [1.0]})).mark_rule(
        strokeDash=[5, 4], color="#555555").encode(x="x:Q")
    height = max(60 * len(frame), 160)
    return (band + one + bars + dots + notes).properties(height=height)


def evidence_chart(analysis: fairness.Analysis, lang: str) -> alt.Chart | None:
    path = ui.evidence_path_frame(analysis)
    if path.empty:
        return None
    threshold = 1 / analysis.alpha
    logs = np.log10(path["evalue"].to_numpy())
    low = 10 ** (min(float(logs.min()), -1.0) - 0.3)
    high = 10 ** (max(float(logs.max()), np.log10(threshold)) + 0.5)
    scale = alt.Scale(type="log", domain=[low, high], nice=False)
    ticks = [10.0 ** k for k in range(int(np.ceil(np.log10(low))), int(np.log10(high)) + 1)]
    line = alt.Chart(path).mark_line(color=BLUE, strokeWidth=2.2).encode(
        x=alt.X("n:Q", title=t("chart.spins", lang),
                axis=alt.Axis(format=",d", labelExpr=ui.axis_labels(lang))),
        y=alt.Y("evalue:Q", scale=scale, title=t("chart.evalue", lang),
                axis=alt.Axis(values=ticks, format=",~g", labelExpr=ui.axis_labels(lang))),
        tooltip=[alt.Tooltip("n:Q", title=t("chart.spins", lang)),
                 alt.Tooltip("evalue:Q", title="E", format=".3~g")])
    last = alt.Chart(path.tail(1)).mark_circle(color=BLUE, size=70).encode(x="n:Q", y="evalue:Q")
    names = [t("chart.inconsistent", lang, threshold=texts.fmt_evalue(threshold, lang)),
             t("chart.suspicious", lang)]
    lines = pd.DataFrame({"y": [threshold, 10.0], "line": names})
    rules = alt.Chart(lines).mark_rule(strokeDash=[7, 4], strokeWidth=1.6).encode(
        y="y:Q",
        color=alt.Color("line:N", scale=alt.Scale(
            domain=names, range=[LEVEL_COLOURS["inconsistent"], LEVEL_COLOURS["suspicious"]]),
            legend=alt.Legend(title=None, orient="top-left", labelFontSize=12)))
    one = alt.Chart(pd.DataFrame({"y": [1.0]})).mark_rule(color="#9e9e9e").encode(y="y:Q")
    return (one + rules + line + last).properties(height=340)


def choice(label: str, options: list[str], state_key: str, lang: str) -> str:
    """A radio whose choice survives a language switch.

    The browser remembers a radio's choice by its shown text, so when the labels change
    language the choice would look lost. The widget therefore has one key per language and
    the choice itself lives in ``st.session_state[state_key]``.
    """
    current = st.session_state.get(state_key, options[0])
    if current not in options:
        current = options[0]
    value = st.radio(label, options, index=options.index(current), key=f"{state_key}.{lang}",
                     format_func=lambda k: t(f"{state_key}.{k}", lang))
    st.session_state[state_key] = value
    return value


def show_frame(frame: pd.DataFrame, key: str, **options) -> None:
    st.dataframe(frame, key=key, hide_index=True, width="stretch", **options)


# ---------------------------------------------------------------------------------------------
# the page


def main() -> None:
    """Draw the page once (Streamlit runs this on every interaction)."""
    if "lang" not in st.session_state:
        wanted = st.query_params.get("lang", "ru")
        st.session_state["lang"] = wanted if wanted in ui.LANGS else "ru"
    lang: str = st.session_state.get("lang") or "ru"

    st.set_page_config(page_title=t("page_title", lang), page_icon=":material/casino:",
                       layout="wide")

    head, switch = st.columns([6, 1], vertical_alignment="center")
    with switch:
        chosen = st.segmented_control(t("lang", lang), options=list(ui.LANGS),
                                      format_func=lambda code: t(f"lang.{code}", code),
                                      key="lang", label_visibility="collapsed", required=True)
        lang = chosen or "ru"
        st.query_params["lang"] = lang
    with head:
        st.title(t("title", lang), anchor=False)
        st.markdown(t("intro", lang))

    from fairness.app import campaign_page  # the stored campaigns' page (issue 17)

    if campaign_page.chosen(lang):
        campaign_page.show(lang)
        return

    bundled_toml = bundled_game_toml()
    bundled_game = ui.game_from_toml(bundled_toml, source=ui.DEMO_GAME.name)

    data_col, odds_col = st.columns(2, gap="large")

    # -- 1. data -----------------------------------------------------------------------------------
    kind = "demo"
    name = ""
    payload: bytes | str | None = None
    with data_col:
        st.subheader(t("data", lang), anchor=False)
        kind = choice(t("source", lang), list(ui.SOURCE_KINDS), "source", lang)
        if kind == "demo":
            name, payload = ui.DEMO_SPINS.name, str(ui.DEMO_SPINS)
        elif kind == "table":
            upload = st.file_uploader(t("upload_table", lang), type=list(ui.TABLE_TYPES),
                                      key="upload_table", help=t("upload_table_help", lang))
            if upload is not None:
                name, payload = upload.name, upload.getvalue()
        elif kind == "telegram":
            upload = st.file_uploader(t("upload_telegram", lang), type=list(ui.TELEGRAM_TYPES),
                                      key="upload_telegram", help=t("upload_telegram_help", lang))
            if upload is not None:
                name, payload = upload.name, upload.getvalue()
        else:
            pasted = st.text_area(t("tallies_text", lang), key="tallies_text", height=170,
                                  placeholder=t("tallies_placeholder", lang))
            if pasted.strip():
                name, payload = "text", pasted
        st.caption(t("privacy", lang))

    # -- 2. stated odds ----------------------------------------------------------------------------
    game: fairness.Game | None = None
    game_toml = ""
    with odds_col:
        st.subheader(t("odds", lang), anchor=False)
        odds_mode = choice(t("odds_mode", lang), ["bundled", "toml", "table"], "odds_mode", lang)
        try:
            if odds_mode == "bundled":
                game, game_toml = bundled_game, bundled_toml
            elif odds_mode == "toml":
                game_file = st.file_uploader(t("upload_game", lang), type=["toml"],
                                             key="upload_game")
                if game_file is None:
                    st.info(t("waiting_game", lang))
                else:
                    game_toml = ui.decode_upload(game_file.getvalue(), game_file.name)
                    game = ui.game_from_toml(game_toml, source=game_file.name)
            else:
                game_name = st.text_input(t("game_name", lang), value=bundled_game.name,
                                          key="game_name")
                # Editable tables keep one set of (bilingual) headers: the browser drops a table's
                # edits when its column headers change, e.g. on a language switch.
                rows = st.data_editor(
                    ui.odds_rows(bundled_game), key="odds_table", num_rows="dynamic",
                    hide_index=True, width="stretch",
                    column_config={
                        "label": st.column_config.TextColumn(ui.both("col.label"), required=True),
                        "chance": st.column_config.TextColumn(ui.both("col.chance"),
                                                              help=ui.both("col.chance_help")),
                        "value": st.column_config.NumberColumn(ui.both("col.value")),
                    })
                game = fairness.Game.from_table(rows, name=game_name.strip() or bundled_game.name,
                                                source=t("odds_mode.table", lang))
                game_toml = game.to_toml()
                st.download_button(t("download_game", lang), data=game_toml, file_name="game.toml",
                                   mime="application/toml", key="download_typed_game",
                                   on_click="ignore", icon=":material/download:")
            if game is not None and odds_mode != "table":
                show_frame(ui.stated_table_frame(game, lang), key="stated_table")
                operator = f" ({game.operator})" if game.operator else ""
                st.caption(t("game_caption", lang, name=game.name, operator=operator,
                             n=len(game.outcomes)))
        except fairness.FairnessError as exc:
            st.error(exc.message(lang))
            game = None

    # -- 3. extraction check (chat exports and pasted text) ----------------------------------------
    patterns: tuple[tuple[str, str], ...] = ()
    trigger: str | None = None
    accounting_box = None
    if game is not None and kind in ("telegram", "tallies", "table") and payload is not None:
        st.divider()
        st.subheader(t("extraction", lang), anchor=False)
        accounting_box = st.container()
        if kind in ("telegram", "tallies"):
            with st.expander(t("patterns", lang), expanded=False):
                st.caption(t("patterns_help", lang))
                pattern_table = st.data_editor(
                    ui.pattern_rows(game), key=f"patterns_{kind}", hide_index=True,
                    width="stretch", num_rows="fixed", disabled=["label"],
                    column_config={
                        "label": st.column_config.TextColumn(ui.both("col.label")),
                        "pattern": st.column_config.TextColumn(ui.both("col.pattern"),
                                                               width="large"),
                    })
                patterns = ui.clean_patterns(pattern_table.to_dict(orient="records"), game)
                if kind == "telegram":
                    words = ui.trigger_text(game)
                    # One input per game's own words: another game starts from its own words.
                    typed = st.text_input(t("trigger", lang), value=words,
                                          key=f"trigger.{ui.short_hash(words)}",
                                          help=t("trigger_help", lang))
                    trigger = None if typed == words else typed

    # -- compute -----------------------------------------------------------------------------------
    result: ui.Result | None = None
    if game is not None and payload is not None:
        try:
            with st.spinner("…"):
                result = analyse(kind, name, payload, game_toml, patterns, trigger,
                                 _secret=pseudonym_secret())
        except fairness.FairnessError as exc:
            st.error(exc.message(lang))
    elif game is not None and kind in ("table", "telegram"):
        st.info(t("waiting_upload", lang))
    elif game is not None and kind == "tallies":
        st.info(t("waiting_tallies", lang))

    if result is not None and accounting_box is not None:
        summary = result.evidence.summary
        with accounting_box:
            cols = st.columns(5)
            read_key = "m.read_messages" if kind == "telegram" else "m.read"
            cols[0].metric(t(read_key, lang), texts.fmt_int(summary.get("read", 0), lang))
            cols[1].metric(t("m.spins_found", lang), texts.fmt_int(summary.get("spins", 0), lang))
            cols[2].metric(t("m.tally_spins", lang),
                           texts.fmt_int(summary.get("tally_spins", 0), lang))
            cols[3].metric(t("m.rejected", lang), texts.fmt_int(summary.get("rejected", 0), lang))
            cols[4].metric(t("m.not_a_report", lang),
                           texts.fmt_int(summary.get("not_a_report", 0), lang))
            rejected = result.evidence.rejected
            if len(rejected):
                by_reason, items = ui.rejected_frames(result.evidence, lang)
                left, right = st.columns([1, 2])
                with left:
                    st.markdown(f"**{t('by_reason', lang)}**")
                    show_frame(by_reason, key="rejected_reasons")
                with right:
                    st.markdown(f"**{t('rejected_list', lang)}**")
                    show_frame(items, key="rejected_items",
                               height=min(38 + 35 * len(rejected), 300))
            else:
                st.caption(t("nothing_rejected", lang))
            notes = summary.get("notes") or []
            if notes:
                st.markdown(f"**{t('notes', lang)}**")
                st.markdown("\n".join(f"- {md(ui.note_text(n, lang))}" for n in notes))

    # -- 4. verdict --------------------------------------------------------------------------------
    if result is not None:
        analysis = result.analysis
        answer = fairness.verdict(analysis)
        st.divider()
        st.subheader(t("verdict", lang), anchor=False)
        st.html(verdict_card(answer, lang))

        threshold = 1 / analysis.alpha
        k1, k2, k3, k4, k5 = st.columns(5)
        k1.metric(t("k.spins", lang), texts.fmt_int(analysis.n_spins, lang))
        k2.metric(t("k.reporters", lang),
                  texts.fmt_int(analysis.n_reporters, lang) if analysis.n_reporters else "—")
        k3.metric(t("k.evalue", lang), texts.fmt_evalue(analysis.evalue, lang),
                  delta=t("k.threshold", lang, threshold=texts.fmt_evalue(threshold, lang)),
                  delta_color="off", delta_arrow="off",
                  help=t("k.evalue_help", lang, threshold=texts.fmt_evalue(threshold, lang)))
        k4.metric(t("k.fit", lang), p_text(analysis.fit.pvalue, lang),
                  help=texts.text(f"fit.method.{analysis.fit.method}", lang)
                  if f"fit.method.{analysis.fit.method}" in texts.CATALOGUE else None)
        if answer.more_spins:
            k5.metric(t("k.more", lang), texts.fmt_int(answer.more_spins, lang))
        else:
            k5.metric(t("k.period", lang), ui.period_text(analysis.period, lang),
                      help=ui.period_text(analysis.period, lang, full=True))

        st.markdown(f"**{t('findings', lang)}**")
        st.markdown("\n".join(f"- :{FINDING_COLOURS.get(f.level, 'gray')}[●] {md(f.text(lang))}"
                              for f in answer.findings))
        with st.expander(t("caveats", lang)):
            st.markdown("\n".join(f"- {md(c)}" for c in answer.caveat_texts(lang)))

        # -- 5. details ----------------------------------------------------------------------------
        st.divider()
        st.subheader(t("details", lang), anchor=False)
        tabs = st.tabs([t("tab.chart", lang), t("tab.table", lang), t("tab.evidence", lang),
                        t("tab.sequence", lang), t("tab.segments", lang), t("tab.bias", lang)])
        with tabs[0]:
            chart = outcome_chart(analysis, lang)
            if chart is not None:
                st.altair_chart(chart, width="stretch", key="chart_outcomes")
            st.caption(t("chart.caption", lang))
            forbidden = [lab for lab, s in zip(analysis.labels, analysis.game.stated, strict=True)
                         if s == 0]
            if forbidden:
                counts = dict(zip(analysis.labels, analysis.observed, strict=True))
                items = ", ".join(f"{lab} ({texts.fmt_int(counts[lab], lang)})"
                                  for lab in forbidden)
                st.caption(md(t("chart.forbidden", lang, items=items)))
        with tabs[1]:
            show_frame(ui.outcome_table_frame(analysis, lang), key="outcome_table")
            st.markdown(f"**{t('fits', lang)}**")
            show_frame(ui.fits_table_frame(analysis, lang), key="fits_table")
        with tabs[2]:
            chart = evidence_chart(analysis, lang)
            if chart is not None:
                st.altair_chart(chart, width="stretch", key="chart_evidence")
            else:
                st.info(t("no_order", lang, evalue=texts.fmt_evalue(analysis.evalue, lang)))
            st.caption(t("evidence_caption", lang, alpha=texts.fmt_number(analysis.alpha, lang)))
        sections = ui.extras_sections(analysis, lang)
        for tab, section in zip(tabs[3:], ("sequence", "segments", "bias"), strict=True):
            with tab:
                if section == "bias":
                    caveat = dict(zip((k for k, _ in answer.caveats), answer.caveat_texts(lang),
                                      strict=True)).get("caveat.reporting_bias")
                    if caveat:
                        st.markdown(md(caveat))
                if not sections[section]:
                    st.info(t("extras_missing", lang))
                for number, (title, frame) in enumerate(sections[section]):
                    st.markdown(f"**{md(title)}**")
                    if frame is None:
                        st.caption(t("extras_none", lang))
                    else:
                        show_frame(frame, key=f"extra_{section}_{number}")

        # -- 6. downloads --------------------------------------------------------------------------
        st.divider()
        st.subheader(t("downloads", lang), anchor=False)
        from fairness import report

        evidence = result.evidence
        stem = f"fairness-{answer.level}-{lang}"
        downloads = [
            ("dl.html", "html", "text/html",
             lambda: report.to_html(answer, lang, evidence=evidence), ":material/description:"),
            ("dl.markdown", "md", "text/markdown", lambda: report.to_markdown(answer, lang),
             ":material/article:"),
            ("dl.json", "json", "application/json", lambda: report.to_json(answer, lang),
             ":material/data_object:"),
            ("dl.card", "png", "image/png", lambda: report.to_card(answer, None, lang),
             ":material/image:"),
            ("dl.spins", "csv", "text/csv", lambda: report.safe_csv(evidence.spins),
             ":material/table:"),
            ("dl.game", "toml", "application/toml", lambda: analysis.game.to_toml(),
             ":material/casino:"),
        ]
        columns = st.columns(len(downloads))
        for column, (key, ext, mime, make, icon) in zip(columns, downloads, strict=True):
            file_name = "spins.csv" if key == "dl.spins" else (
                "game.toml" if key == "dl.game" else f"{stem}.{ext}")
            column.download_button(t(key, lang), data=make, file_name=file_name, mime=mime,
                                   key=key.replace(".", "_"), on_click="ignore", icon=icon,
                                   width="stretch")
        st.caption(t("dl.caption", lang))

    st.divider()
    st.caption(t("footer", lang, version=fairness.__version__, alpha=ALPHA, seed=SEED))
