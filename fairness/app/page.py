"""The community app's page: upload spins, give the stated odds, get a verdict (Streamlit).

    fairness app                  # or: make run, or streamlit run app.py in the repository

Streamlit runs a script on every interaction; both scripts (``app.py`` in the repository and
``fairness/app/streamlit_app.py`` in the package) call :func:`main`.

Verdict first: once a result exists the page opens with the verdict card and its share-card
button; the inputs fold away in an expander under it, and wrong inputs get a question (which
outcome is each unknown label, are the outcomes missing from a tally zero or unknown, which
uploader a file belongs on) instead of a verdict.

A thin layer: widgets -> ``fairness`` -> display. Every number shown comes from
``fairness.analyze`` / ``fairness.verdict``; the app's own words are the ``ui.*`` keys of
:mod:`fairness.i18n` (Russian and English). The analysis is cached on small hashable inputs
(the uploaded bytes, the odds as TOML text, the patterns), never on the language, so
switching the language or moving a widget that does not change the inputs does not recompute.
"""

from __future__ import annotations

import html
import json
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
from fairness.decision import Finding
from fairness.plot import LEVEL_COLOURS

ALPHA = 0.01
#: The observed-vs-stated chart's scale ends at 4x; longer intervals are clipped and marked.
CHART_MAX = ui.CHART_MAX
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
            patterns: tuple[tuple[str, str], ...], trigger: str | None, partial: bool,
            _secret: bytes) -> ui.Result:
    return ui.run(kind, name, payload, game_toml, patterns=patterns, trigger=trigger,
                  secret=_secret, alpha=ALPHA, seed=SEED, partial=partial)


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
        # the level's name is the card's heading (h2 under the page's h1), in the text colour:
        # the level colours are too light for text on their own tint (WCAG AA)
        f'<h2><span aria-hidden="true" style="display:inline-block;width:0.8em;height:0.8em;'
        f'border-radius:50%;background:{colour};margin-right:0.5em;vertical-align:-0.05em">'
        f"</span>{e(answer.label(lang))}</h2>"
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
    xmax = float(min(max(2.0, highs.max() * 1.08 if len(highs) else 2.0), CHART_MAX))
    # intervals (or dots) past the scale end in an arrow at the edge: "clipped, goes on"
    frame["clipped"] = (frame["ci_high"] > xmax) | (frame["ratio"] > xmax)
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
    arrows = base.transform_filter("datum.clipped").mark_point(
        shape="triangle-right", size=150, filled=True, opacity=1).encode(
        x=alt.datum(xmax), color=colour)
    height = max(60 * len(frame), 160)
    return (band + one + bars + dots + arrows + notes).properties(height=height)


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


def page_style(lang: str) -> None:
    """The page's own CSS and its language, for this page only (no process-wide change).

    * captions in a colour with AA contrast (Streamlit draws them at 60% opacity of the text
      colour: 4.2:1 on white, below the 4.5:1 of WCAG 2.1 AA);
    * tab bars wrap on a narrow screen instead of running off it;
    * ``<html lang>`` follows the chosen language, so a browser does not offer to "translate
      from English" a Russian page (Streamlit writes ``lang="en"`` into its index page).
    """
    st.html(f"<style>{PAGE_CSS}{uploader_css(lang)}</style>")
    st.html(f"<script>document.documentElement.lang = {lang!r};</script>",
            unsafe_allow_javascript=True)


def uploader_css(lang: str) -> str:
    """CSS that writes the file uploader's own words (its button and size limit, which
    Streamlit draws in English only) in the page's language: the original text is drawn at
    size 0 and the catalogue's words after it."""
    button = t("uploader.button", lang)
    limit = t("uploader.limit", lang, mb=st.get_option("server.maxUploadSize"))
    drop = '[data-testid="stFileUploaderDropzone"]'
    words = [(f'{drop} button [data-testid="stMarkdownContainer"] p', button),
             ('[data-testid="stFileUploaderDropzoneInstructions"] span', limit)]
    return "".join(f"{where} {{font-size: 0;}}{where}::after "
                   f"{{content: {json.dumps(word, ensure_ascii=False)}; font-size: 0.875rem;}}"
                   for where, word in words)


#: Colours the page's own CSS sets (tests/test_app.py checks their contrast).
CAPTION_COLOUR = "#4a5261"
TEXT_COLOUR = "#1c2430"
PAGE_CSS = (
    f'[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p '
    f"{{color: {CAPTION_COLOUR}; opacity: 1;}}"
    '.stTabs [role="tablist"] {flex-wrap: wrap; row-gap: 0.25rem; overflow-x: visible;}'
    '.stTabs [role="tab"] {flex-shrink: 1;}'
    # the inputs' headings are h2 like the page's other sections (no h1 -> h3 jump when no
    # verdict is shown yet), drawn smaller inside the folded inputs
    '[data-testid="stExpander"] h2 {font-size: 1.35rem; padding-top: 0.4rem;}'
    ".fairness-verdict h2 {font-size: 0.95rem; padding: 0; margin: 0; letter-spacing: 0.04em;"
    f" text-transform: uppercase; font-weight: 700; color: {TEXT_COLOUR};}}"
)

FINDING_ICONS = {"rules_violated": ":material/gavel:", "inconsistent": ":material/error:",
                 "suspicious": ":material/warning:", "info": ":material/info:"}


def finding_line(finding: Finding, lang: str) -> str:
    """A finding's bullet: icon and a word beside the colour (never colour alone)."""
    level = finding.level if finding.level in FINDING_ICONS else "info"
    colour = FINDING_COLOURS.get(level, "gray")
    word = t(f"level_icon.{level}", lang)
    return f"- :{colour}[{FINDING_ICONS[level]} **{word}**] {md(finding.text(lang))}"


def outcome_chart_text(analysis: fairness.Analysis, lang: str) -> str:
    """The observed-vs-stated chart in words (its text alternative)."""
    frame = ui.outcome_chart_frame(analysis)
    items = [t("alt.outcome", lang, label=row.label, observed=texts.fmt_int(row.observed, lang),
               expected=expected_text(row.expected, lang),
               ratio=texts.fmt_ratio(row.ratio, lang))
             for row in frame.itertuples(index=False) if row.stated > 0]
    return t("alt.outcomes", lang, items="; ".join(items))


def evidence_chart_text(analysis: fairness.Analysis, lang: str) -> str:
    path = ui.evidence_path_frame(analysis)
    return t("alt.evidence", lang, n=texts.fmt_int(int(path["n"].iloc[-1]), lang),
             last=texts.fmt_evalue(float(path["evalue"].iloc[-1]), lang),
             top=texts.fmt_evalue(float(path["evalue"].max()), lang),
             threshold=texts.fmt_evalue(1 / analysis.alpha, lang))


def source_text(kind: str, name: str, lang: str) -> str:
    if kind == "demo":
        return t("showing.demo", lang)
    if kind == "tallies":
        return t("showing.text", lang)
    return f"«{name}»" if lang == "ru" else f"'{name}'"


def label_mapping(found: dict[str, int], game: fairness.Game, lang: str) -> None:
    """One selectbox per label found in the data: which outcome of the game is it?

    The answers live in ``st.session_state["label_map"]`` (a plain dict, not widget state), so
    they survive the rerun in which the mapped labels stop being unknown.
    """
    answers: dict[str, str] = st.session_state.setdefault("label_map", {})
    options = ["", *game.labels, ui.NOT_AN_OUTCOME]

    def shown(option: str) -> str:
        if option == "":
            return t("map.choose", lang)
        if option == ui.NOT_AN_OUTCOME:
            return t("map.not", lang)
        return option

    def remember(label: str, key: str) -> None:
        answers[label] = st.session_state[key]

    columns = st.columns(min(max(len(found), 1), 3))
    for number, (label, n) in enumerate(found.items()):
        key = f"map.{ui.short_hash(label)}"
        current = answers.get(label, "")
        with columns[number % len(columns)]:
            st.selectbox(t("map.label", lang, label=label, n=texts.fmt_int(n, lang)), options,
                         index=options.index(current) if current in options else 0,
                         format_func=shown, key=key, on_change=remember, args=(label, key))


def main() -> None:
    """Draw the page once (Streamlit runs this on every interaction).

    Verdict first: the answer (questions when the inputs need one, the verdict card and the
    share-card button) is drawn into a container at the top, the inputs fold away in an
    expander under it, and the details follow. Streamlit runs the script top to bottom, so
    the containers are made first and filled once the inputs are read.
    """
    if "lang" not in st.session_state:
        wanted = st.query_params.get("lang", "ru")
        st.session_state["lang"] = wanted if wanted in ui.LANGS else "ru"
    lang: str = st.session_state.get("lang") or "ru"

    # an emoji icon is drawn inline by the browser (a :material: icon is fetched from a font
    # server on the Internet)
    st.set_page_config(page_title=t("page_title", lang), page_icon="🎡", layout="wide")

    head, switch = st.columns([5, 2], vertical_alignment="center")
    with switch:
        chosen = st.segmented_control(t("lang", lang), options=list(ui.LANGS),
                                      format_func=lambda code: t(f"lang.{code}", code),
                                      key="lang", label_visibility="collapsed", required=True)
        lang = chosen or "ru"
        st.query_params["lang"] = lang
    page_style(lang)
    with head:
        st.title(t("title", lang), anchor=False)

    from fairness.app import campaign_page  # the stored campaigns' page (issue 17)

    if campaign_page.chosen(lang):
        campaign_page.show(lang)
        return

    top = st.container()
    inputs = st.expander(t("inputs", lang), icon=":material/tune:", key="inputs")
    bundled_toml = bundled_game_toml()
    bundled_game = ui.game_from_toml(bundled_toml, source=ui.DEMO_GAME.name)
    problems: list[str] = []

    kind = "demo"
    name = ""
    payload: bytes | str | None = None
    game: fairness.Game | None = None
    game_toml = ""
    patterns: tuple[tuple[str, str], ...] = ()
    trigger: str | None = None
    with inputs:
        st.markdown(t("intro", lang))
        data_col, odds_col = st.columns(2, gap="large")
        # -- data ------------------------------------------------------------------------------
        with data_col:
            st.header(t("data", lang), anchor=False)
            kind = choice(t("source", lang), list(ui.SOURCE_KINDS), "source", lang)
            if kind == "demo":
                name, payload = ui.DEMO_SPINS.name, str(ui.DEMO_SPINS)
            elif kind in ("table", "telegram"):
                # Any file is accepted and checked here: the uploader's own refusal is a red
                # icon with an English tooltip, which people do not see.
                upload = st.file_uploader(t(f"upload_{kind}", lang), key=f"upload_{kind}",
                                          help=t(f"upload_{kind}_help", lang))
                if upload is not None:
                    problem = ui.upload_problem(upload.name, kind)
                    if problem is not None:
                        key, params = problem
                        problems.append(t(key, lang, **params))
                    else:
                        name, payload = upload.name, upload.getvalue()
            else:
                pasted = st.text_area(t("tallies_text", lang), key="tallies_text", height=170,
                                      placeholder=t("tallies_placeholder", lang))
                if pasted.strip():
                    name, payload = "text", pasted
            st.caption(t("privacy", lang))

        # -- stated odds -----------------------------------------------------------------------
        with odds_col:
            st.header(t("odds", lang), anchor=False)
            odds_mode = choice(t("odds_mode", lang), ["bundled", "toml", "table"], "odds_mode",
                               lang)
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
                    # Editable tables keep one set of (bilingual) headers: the browser drops a
                    # table's edits when its column headers change, e.g. on a language switch.
                    rows = st.data_editor(
                        ui.odds_rows(bundled_game), key="odds_table", num_rows="dynamic",
                        hide_index=True, width="stretch",
                        column_config={
                            "label": st.column_config.TextColumn(ui.both("col.label"),
                                                                 required=True),
                            "chance": st.column_config.TextColumn(
                                ui.both("col.chance"), help=ui.both("col.chance_help")),
                            "value": st.column_config.NumberColumn(ui.both("col.value")),
                        })
                    st.caption(t("claims_table", lang), help=ui.both("claims_help"))
                    claim_rows = st.data_editor(
                        ui.claim_rows(bundled_game), key="claims_table", num_rows="dynamic",
                        hide_index=True, width="stretch",
                        column_config={
                            "outcomes": st.column_config.TextColumn(
                                ui.both("col.claim_outcomes")),
                            "chance": st.column_config.TextColumn(ui.both("col.claim_chance")),
                            "text": st.column_config.TextColumn(ui.both("col.claim_text")),
                        })
                    game = fairness.Game.from_table(rows, name=game_name.strip()
                                                    or bundled_game.name,
                                                    source=t("odds_mode.table", lang),
                                                    claims=claim_rows)
                    game_toml = game.to_toml()
                    st.download_button(t("download_game", lang), data=game_toml,
                                       file_name="game.toml", mime="application/toml",
                                       key="download_typed_game", on_click="ignore",
                                       icon=":material/download:")
                if game is not None and odds_mode != "table":
                    show_frame(ui.stated_table_frame(game, lang), key="stated_table")
                    operator = f" ({game.operator})" if game.operator else ""
                    st.caption(t("game_caption", lang, name=game.name, operator=operator,
                                 n=len(game.outcomes)))
            except fairness.FairnessError as exc:
                problems.append(exc.message(lang))
                game = None

        # -- recognition (chat exports and pasted text) ----------------------------------------
        if game is not None and kind in ("telegram", "tallies"):
            st.header(t("patterns", lang), anchor=False)
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

    # -- the user's answers to earlier questions ------------------------------------------
    # (answers belong to the file they were given for: another upload starts afresh)
    if st.session_state.get("label_map_for") != [kind, name]:
        st.session_state["label_map"] = {}
        st.session_state["label_map_for"] = [kind, name]
    mapping = {label: target for label, target in st.session_state["label_map"].items()
               if target}
    if game is not None and mapping and kind in ("table", "telegram", "tallies"):
        game = ui.mapped_game(game, mapping)
        game_toml = game.to_toml()

    # -- compute -------------------------------------------------------------------------------
    result: ui.Result | None = None
    truncated = False
    if game is not None and payload is not None:
        partial = bool(st.session_state.get("truncated_use")) and kind == "telegram"
        try:
            with st.spinner("…"):
                result = analyse(kind, name, payload, game_toml, patterns, trigger, partial,
                                 _secret=pseudonym_secret())
        except fairness.FairnessError as exc:
            problems.append(exc.message(lang))
            problem = exc.problem
            truncated = getattr(problem, "key", "") == "error.json_truncated"

    # Partial tallies: which outcomes were left out, and are they zero or unknown?
    given_answer = None
    full_result = result
    if result is not None and kind == "tallies" and ui.not_given(result.evidence):
        # (the radio's own key holds this run's answer; "given_answer" survives a language
        # switch, which makes a new radio)
        given_answer = st.session_state.get(f"given_answer.{lang}",
                                            st.session_state.get("given_answer"))
        if given_answer == "unknown":
            given = [lab for lab in game.labels if lab not in ui.not_given(result.evidence)]
            sub = ui.given_only_game(game, given)
            result = None if sub is None else analyse(
                kind, name, payload, sub.to_toml(), (), None, False,
                _secret=pseudonym_secret())
        elif given_answer != "zero":
            result = None

    # -- the answer, at the top ------------------------------------------------------------------
    answer: fairness.Verdict | None = None
    with top:
        for problem in problems:
            st.error(problem, icon=":material/error:")
        if truncated:
            st.checkbox(t("truncated_use", lang), key="truncated_use")
        shown = full_result
        found = ui.unknown_labels(shown.evidence) if shown is not None else {}
        asking_labels = shown is not None and (shown.evidence.mostly_unknown or bool(mapping))
        if asking_labels and (found or mapping):
            ask_labels(shown, found, mapping, game, lang)
        if shown is not None and kind == "tallies" and ui.not_given(shown.evidence):
            ask_given(shown, found, game, result, lang)
        if result is not None and not result.evidence.mostly_unknown:
            answer = fairness.verdict(result.analysis)
            st.html(verdict_card(answer, lang))
            from fairness import report

            st.download_button(
                t("share_card", lang),
                data=lambda: report.to_card(answer, None, lang,
                                            reporting_bias=kind == "telegram"),
                file_name=f"fairness-{answer.level}-{lang}.png", mime="image/png",
                key="share_card", on_click="ignore", icon=":material/image:", type="primary")
            game_name = result.analysis.game.name
            st.caption(t("showing", lang, source=source_text(kind, name, lang),
                         game=game_name))
            if kind == "telegram":
                line = answer.bias_line(lang)
                if line:
                    st.info(f"**{t('bias_banner', lang)}** {md(line)}",
                            icon=":material/campaign:")
            if result.analysis.n_spins == 0:
                summary = result.evidence.summary
                st.warning(t("empty_result", lang,
                             read=texts.fmt_int(summary.get("read", 0), lang),
                             rejected=texts.fmt_int(summary.get("rejected", 0), lang),
                             not_a_report=texts.fmt_int(summary.get("not_a_report", 0), lang),
                             next=t(f"empty_next.{kind}", lang) if kind != "demo" else ""))
        elif game is not None and payload is None and not problems:
            key = "waiting_tallies" if kind == "tallies" else "waiting_upload"
            st.info(f"{t(key, lang)} {t('open_inputs', lang)}")

    if result is None or answer is None:
        show_accounting(full_result, kind, lang)
        footer(lang)
        return
    show_answer_details(result, answer, lang)
    show_accounting(full_result, kind, lang)
    show_downloads(result, answer, kind, lang)
    footer(lang)


def ask_labels(result: ui.Result, found: dict[str, int], mapping: dict[str, str],
               game: fairness.Game, lang: str) -> None:
    """Most spins name no outcome of the game: say so, show both lists, offer a mapping."""
    answer = fairness.verdict(result.analysis)
    with st.container(border=True):
        st.markdown(f"## {t('map.title', lang)}")
        if result.evidence.mostly_unknown:
            st.warning(answer.headline(lang), icon=":material/help:")
        labels = {**{lab: 0 for lab in mapping}, **found}
        listed = ", ".join(t("map.rows", lang, label=md(lab), n=texts.fmt_int(n, lang))
                           for lab, n in found.items())
        if listed:
            st.markdown(t("map.found", lang, labels=listed))
        st.markdown(t("map.game", lang, game=md(game.name),
                      labels=", ".join(md(lab) for lab in game.labels)))
        label_mapping(labels, game, lang)
        st.caption(t("map.help", lang))
        st.download_button(t("map.download", lang), data=game.to_toml(), file_name="game.toml",
                           mime="application/toml", key="map_download", on_click="ignore",
                           icon=":material/download:")


def ask_given(result: ui.Result, found: dict[str, int], game: fairness.Game,
              checked: ui.Result | None, lang: str) -> None:
    """Pasted tallies that leave outcomes out: zero, or unknown?"""
    missing = ui.not_given(result.evidence)
    with st.container(border=True):
        st.markdown(f"## {t('given.title', lang)}")
        if found:
            st.markdown(md(t("given.unknown_label", lang, labels=", ".join(found))))
        options = ["zero", "unknown"]
        current = st.session_state.get("given_answer")
        value = st.radio(md(t("given.question", lang, labels=", ".join(missing))), options,
                         index=options.index(current) if current in options else None,
                         format_func=lambda k: t(f"given.{k}", lang),
                         key=f"given_answer.{lang}")
        st.session_state["given_answer"] = value
        if value is None:
            st.info(t("given.wait", lang))
        elif value == "unknown" and checked is None:
            st.warning(t("given.too_few", lang))
        elif value == "unknown":
            st.caption(t("given.note", lang))


def show_answer_details(result: ui.Result, answer: fairness.Verdict, lang: str) -> None:
    analysis = result.analysis
    st.header(t("findings", lang), anchor=False)
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

    st.markdown("\n".join(finding_line(f, lang) for f in answer.findings))
    with st.expander(t("caveats", lang)):
        st.markdown("\n".join(f"- {md(c)}" for c in answer.caveat_texts(lang)))

    st.header(t("details", lang), anchor=False)
    tabs = st.tabs([t("tab.chart", lang), t("tab.table", lang), t("tab.evidence", lang),
                    t("tab.sequence", lang), t("tab.segments", lang), t("tab.bias", lang)])
    with tabs[0]:
        chart = outcome_chart(analysis, lang)
        if chart is not None:
            st.altair_chart(chart, width="stretch", key="chart_outcomes")
            st.caption(outcome_chart_text(analysis, lang))
            if ui.outcome_chart_clipped(analysis):
                st.caption(t("alt.clipped", lang, xmax=texts.fmt_ratio(CHART_MAX, lang)))
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
            st.caption(evidence_chart_text(analysis, lang))
        else:
            st.info(t("no_order", lang, evalue=texts.fmt_evalue(analysis.evalue, lang)))
        st.caption(t("evidence_caption", lang, alpha=texts.fmt_number(analysis.alpha, lang)))
    sections = ui.extras_sections(analysis, lang)
    for tab, section in zip(tabs[3:], ("sequence", "segments", "bias"), strict=True):
        with tab:
            if section == "bias":
                line = answer.bias_line(lang)
                if line:
                    st.markdown(md(line))
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


def show_accounting(result: ui.Result | None, kind: str, lang: str) -> None:
    """What was read: every item accounted for, the rejected ones with reasons."""
    if result is None or kind not in ("telegram", "tallies", "table"):
        return
    st.header(t("extraction", lang), anchor=False)
    summary = result.evidence.summary
    cols = st.columns(5)
    read_key = "m.read_messages" if kind == "telegram" else "m.read"
    cols[0].metric(t(read_key, lang), texts.fmt_int(summary.get("read", 0), lang))
    cols[1].metric(t("m.spins_found", lang), texts.fmt_int(summary.get("spins", 0), lang))
    cols[2].metric(t("m.tally_spins", lang), texts.fmt_int(summary.get("tally_spins", 0), lang))
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
            show_frame(items, key="rejected_items", height=min(38 + 35 * len(rejected), 300))
    else:
        st.caption(t("nothing_rejected", lang))
    missed = list(summary.get("missed_sample") or [])
    if kind == "telegram" and missed:
        st.markdown(f"**{t('missed.title', lang)}**")
        st.caption(t("missed.help", lang))
        show_frame(pd.DataFrame({t("col.excerpt", lang): missed}), key="missed_sample")
    notes = summary.get("notes") or []
    if notes:
        st.markdown(f"**{t('notes', lang)}**")
        st.markdown("\n".join(f"- {md(ui.note_text(n, lang))}" for n in notes))


def show_downloads(result: ui.Result, answer: fairness.Verdict, kind: str, lang: str) -> None:
    from fairness import report

    analysis = result.analysis
    st.header(t("downloads", lang), anchor=False)
    evidence = result.evidence
    stem = f"fairness-{answer.level}-{lang}"
    downloads = [
        ("dl.html", "html", "text/html",
         lambda: report.to_html(answer, lang, evidence=evidence), ":material/description:"),
        ("dl.markdown", "md", "text/markdown", lambda: report.to_markdown(answer, lang),
         ":material/article:"),
        ("dl.json", "json", "application/json", lambda: report.to_json(answer, lang),
         ":material/data_object:"),
        ("dl.card", "png", "image/png",
         lambda: report.to_card(answer, None, lang, reporting_bias=kind == "telegram"),
         ":material/image:"),
        ("dl.spins", "csv", "text/csv", lambda: report.safe_csv(evidence.spins),
         ":material/table:"),
        ("dl.game", "toml", "application/toml", lambda: analysis.game.to_toml(),
         ":material/casino:"),
    ]
    columns = st.columns(3)
    for number, (key, ext, mime, make, icon) in enumerate(downloads):
        file_name = "spins.csv" if key == "dl.spins" else (
            "game.toml" if key == "dl.game" else f"{stem}.{ext}")
        columns[number % 3].download_button(t(key, lang), data=make, file_name=file_name,
                                            mime=mime, key=key.replace(".", "_"),
                                            on_click="ignore", icon=icon, width="stretch")
    st.caption(t("dl.caption", lang))


def footer(lang: str) -> None:
    st.divider()
    st.caption(t("footer", lang, version=fairness.__version__, alpha=ALPHA, seed=SEED))
