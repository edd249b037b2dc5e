"""Helpers of the Streamlit page (:mod:`fairness.app.page`): the UI's words, input handling
and chart data.

Nothing here computes statistics: it turns the user's inputs (uploaded bytes, pasted text, a
typed table of odds) into library calls, and the library's results into tables and Altair
charts. It does not import Streamlit, so it can be tested and benchmarked on its own; the page
wraps :func:`run` in ``st.cache_data``.

Privacy: an uploaded file is written to a private temporary folder only because the readers
take paths, read once and deleted at once (:func:`run`); reporters are pseudonymised by the
ingestion layer with a key that lives only in the running server's memory.
"""

from __future__ import annotations

import math
import re
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import fairness
from fairness import datasets, i18n, texts
from fairness.analysis import Analysis
from fairness.errors import DataError, Message, SpecError
from fairness.evidence import Evidence
from fairness.spec import Game, toml_error

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 only
    import tomli as tomllib

__all__ = [
    "DEMO_GAME",
    "DEMO_SPINS",
    "LANGS",
    "SOURCE_KINDS",
    "Result",
    "both",
    "evidence_path_frame",
    "extras_sections",
    "fits_table_frame",
    "game_from_toml",
    "odds_rows",
    "outcome_chart_frame",
    "outcome_table_frame",
    "pattern_rows",
    "rejected_frames",
    "run",
    "t",
]

# The bundled demo, from the installed package's data (fairness.bundled).
DEMO_SPINS = datasets.folder() / "spins" / "demo_cashback.csv"
DEMO_GAME = datasets.folder() / "games" / "cashback_wheel.toml"

LANGS = ("ru", "en")
#: Where the spins come from: the bundled demo, a table file, a Telegram export, pasted tallies.
SOURCE_KINDS = ("demo", "table", "telegram", "tallies")
TABLE_TYPES = ("csv", "tsv", "txt", "xlsx", "xlsm", "xls", "parquet")
TELEGRAM_TYPES = ("json", "zip", "html")

# ---------------------------------------------------------------------------------------------
# the words of the UI: the ``ui.*`` keys of the one catalogue (fairness.i18n)


def both(key: str) -> str:
    """``key`` in Russian and English at once ("Результат · Outcome"), for texts that must not
    change with the language (headers of editable tables)."""
    ru, en = t(key, "ru"), t(key, "en")
    if ru == en:
        return ru
    joiner = "\n" if len(ru) + len(en) > 60 else " · "
    return f"{ru}{joiner}{en}"


def t(key: str, lang: str, **params: Any) -> str:
    """The UI text ``ui.<key>`` of the catalogue in ``lang`` with ``params`` filled in."""
    if not params:  # a template shown as written (its braces, if any, are the text's own)
        i18n.check_lang(lang)
        return i18n.CATALOGUE[f"ui.{key}"][lang]
    return i18n.text(f"ui.{key}", lang, **params)


# ---------------------------------------------------------------------------------------------
# inputs


def game_from_toml(text: str, source: str = "game.toml") -> Game:
    """A :class:`Game` from TOML text (an upload or the bundled file).

    Raises
    ------
    SpecError
        Not TOML, or odds that cannot be used (one line naming the file and the problem).
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise toml_error(exc, source) from None
    return Game.from_dict(data, source=source)


def decode_upload(data: bytes, source: str) -> str:
    """Text of an uploaded game file (UTF-8, with or without a BOM)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpecError(Message("error.game_not_utf8"), source=source) from None


def _written_chance(outcome) -> str:
    if outcome.form == "unstated":
        return ""  # shown on the wheel, no chance stated
    if outcome.form == "remainder":
        return "remainder"
    if outcome.form == "count":
        return f"count {outcome.count}"
    if outcome.form == "weight":
        return f"weight {outcome.written}"
    if outcome.form == "percent":
        return outcome.written if outcome.written.endswith("%") else f"{outcome.written}%"
    return outcome.written


def odds_rows(game: Game) -> pd.DataFrame:
    """The editable table of a game: ``label``, ``chance`` (as written) and ``value``."""
    return pd.DataFrame({
        "label": list(game.labels),
        "chance": [_written_chance(o) for o in game.outcomes],
        "value": [np.nan if o.value is None else float(o.value) for o in game.outcomes],
    })


def claim_rows(game: Game) -> pd.DataFrame:
    """The editable group claims of a game: ``outcomes`` (labels, comma-separated), ``chance``
    ("at least 1 in 10") and ``text`` (the operator's words); read back by
    :meth:`fairness.Game.from_table` (``claims=``)."""
    words = {"exact": "", "at_least": "at least ", "at_most": "at most "}
    return pd.DataFrame({
        "outcomes": [", ".join(c.outcomes) for c in game.claims],
        "chance": [words[c.claim] + (c.written if c.form != "percent" or c.written.endswith("%")
                                     else f"{c.written}%") for c in game.claims],
        "text": [c.text or "" for c in game.claims],
    }, columns=["outcomes", "chance", "text"]).astype("string")  # text cells, even when empty


def pattern_rows(game: Game) -> pd.DataFrame:
    """The editable patterns of a game: ``label`` and ``pattern`` ("" = derived from the label).

    Several patterns of one outcome are joined with ``|``, which a regular expression reads as
    "any of them", so the joined text recognises exactly what the list did.
    """
    return pd.DataFrame({"label": list(game.labels),
                         "pattern": ["|".join(o.patterns) for o in game.outcomes]})


def trigger_text(game: Game) -> str:
    from fairness.reading.extract import DEFAULT_TRIGGER

    return ", ".join(game.trigger or DEFAULT_TRIGGER)


def short_hash(text: str) -> str:
    """A short stable digest of ``text`` (for widget keys that follow an input)."""
    import hashlib

    return hashlib.blake2b(text.encode("utf-8"), digest_size=6).hexdigest()


def parse_trigger(text: str | None) -> tuple[str, ...] | bool:
    """Comma-separated trigger words; ``False`` (every message naming an outcome) when empty."""
    words = tuple(w.strip() for w in re.split(r"[,;\n]", text or "") if w.strip())
    return words if words else False


def clean_patterns(rows: Iterable[Mapping[str, Any]], game: Game) -> tuple[tuple[str, str], ...]:
    """``(label, pattern)`` pairs that differ from the game's own (hashable, for the cache)."""
    own = dict(zip(game.labels, pattern_rows(game)["pattern"], strict=True))
    out = []
    for row in rows:
        label, pattern = row.get("label"), row.get("pattern")
        if not isinstance(label, str) or label not in own:
            continue
        pattern = "" if pattern is None or (isinstance(pattern, float) and math.isnan(pattern)) \
            else str(pattern).strip()
        if pattern and pattern != own[label]:
            out.append((label, pattern))
    return tuple(out)


@dataclass(frozen=True)
class Result:
    """What the app shows: the evidence read and the analysis of it."""

    evidence: Evidence
    analysis: Analysis


def _safe_name(name: str) -> str:
    base = Path(str(name).replace("\\", "/")).name.strip() or "upload"
    return re.sub(r"[^\w.\- ]", "_", base)[:120] or "upload"


def _check_patterns(game: Game, patterns, trigger) -> None:
    """User-typed patterns are checked first so a bad regex is a one-line SpecError."""
    from fairness.reading.extract import Extractor

    Extractor(game, trigger=trigger, patterns=patterns)  # SpecError names the patterns


def run(kind: str, name: str, payload: bytes | str, game_toml: str, *,
        patterns: tuple[tuple[str, str], ...] = (), trigger: str | None = None,
        secret: bytes | None = None, alpha: float = 0.01, seed: int = 0,
        partial: bool = False) -> Result:
    """Read the spins and analyse them against the game: the one computation of the app.

    Parameters
    ----------
    kind : {"demo", "table", "telegram", "tallies"}
    name : str
        File name as uploaded (shown in messages and sources).
    payload : bytes or str
        The uploaded bytes, the pasted text (tallies) or the demo file's path.
    game_toml : str
        The stated odds as TOML text (a small hashable cache key).
    patterns : tuple of (label, regex)
        Pattern overrides for chat and text extraction.
    trigger : str or None
        Comma-separated trigger words; ``None`` uses the game's (or built-in) words, ``""``
        makes every message that names an outcome a report.
    secret : bytes, optional
        Key of the reporters' pseudonyms.
    partial : bool
        Keep the messages read from a truncated Telegram JSON export (the user said so).

    Raises
    ------
    FairnessError
        Anything wrong with the user's file, text, odds or patterns (one line).
    """
    if kind not in SOURCE_KINDS:
        raise ValueError(f"kind must be one of {', '.join(SOURCE_KINDS)}, not {kind!r}")
    game = game_from_toml(game_toml, source="game")
    pattern_map = dict(patterns) or None
    trig: Any = None if trigger is None else parse_trigger(trigger)
    if pattern_map or trig is not None:
        _check_patterns(game, pattern_map, trig)
    if kind == "demo":
        demo = Path(str(payload))
        # the bundled file's name, not where the server keeps it
        evidence = fairness.ingest(demo, game, secret=secret).with_source_names(
            {str(demo): demo.name})
    elif kind == "tallies":
        from fairness.reading.extract import Extractor
        from fairness.reading.tallies import tallies_from_text

        text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload
        extractor = Extractor(game, trigger=False, patterns=pattern_map)
        evidence = tallies_from_text(text, game, source=name or "text", extractor=extractor)
    else:
        if not isinstance(payload, bytes):
            raise TypeError("payload must be the uploaded bytes")
        if not payload:
            raise DataError(Message("error.empty_file"), source=_safe_name(name))
        with tempfile.TemporaryDirectory(prefix="fairness-") as folder:
            path = Path(folder) / _safe_name(name)
            path.write_bytes(payload)
            prefix = str(Path(folder)) + "/"
            try:
                options: dict[str, Any] = {"secret": secret}
                if kind == "telegram":
                    options.update(patterns=pattern_map, trigger=trig, partial=partial)
                evidence = fairness.ingest(path, game, **options)
            except fairness.FairnessError as exc:
                # The temporary folder is no business of the user's: name the upload only.
                source = exc.source.replace(prefix, "") if exc.source else exc.source
                problem = (exc.problem.replace(prefix, "") if isinstance(exc.problem, str)
                           else exc.problem)
                raise type(exc)(problem, source=source, where=exc.where) from None
            # (sources in the folder: the table itself, members of an uploaded archive)
            names = {name: name.replace(prefix, "") for table in
                     (evidence.spins, evidence.tallies, evidence.rejected)
                     for name in table["source"].dropna().unique() if prefix in str(name)}
            evidence = evidence.with_source_names(names)
    analysis = fairness.analyze(evidence, game, alpha=alpha, seed=seed)
    return Result(evidence=evidence, analysis=analysis)


# ---------------------------------------------------------------------------------------------
# ask, do not guess: labels that match no outcome, tallies that leave outcomes out, wrong files

#: The answer "this label is not an outcome" in a label mapping.
NOT_AN_OUTCOME = "\x00not-an-outcome"


def upload_problem(name: str, kind: str) -> tuple[str, dict[str, str]] | None:
    """``(UI key, params)`` when an uploaded file's type does not fit the uploader it was
    dropped on (a .csv on the Telegram uploader), else None. The page shows it with
    ``st.error`` in the user's language, with the uploader that fits as the next step."""
    ext = Path(str(name)).suffix.lower().lstrip(".")
    shown = {"name": _safe_name(name), "ext": ext or "?"}
    if kind == "telegram" and ext not in TELEGRAM_TYPES:
        return ("wrong_type.telegram_table" if ext in TABLE_TYPES
                else "wrong_type.telegram", shown)
    if kind == "table" and ext not in TABLE_TYPES:
        return ("wrong_type.table_telegram" if ext in TELEGRAM_TYPES
                else "wrong_type.table", shown)
    return None


def unknown_labels(evidence: Evidence) -> dict[str, int]:
    """Labels in the data that name no outcome of the game -> spins (from the accounting)."""
    return dict(evidence.summary.get("unknown_labels") or {})


def mapped_game(game: Game, mapping: Mapping[str, str]) -> Game:
    """``game`` with the user's answers to "which outcome is this label?" built in.

    ``mapping`` is ``{label in the data: outcome label | NOT_AN_OUTCOME | ""}``: a label mapped
    to an outcome becomes one of its ``patterns`` (a whole-cell match for tables; the outcome's
    own label is kept as a pattern so it is still recognised), a label that is not an outcome
    goes to ``not_outcomes`` (its rows are not reports), ``""`` (not answered) changes nothing.
    The result round-trips through TOML, so the user can download it and use it again.
    """
    extra: dict[str, list[str]] = {}
    skip: list[str] = []
    for found, target in mapping.items():
        if target == NOT_AN_OUTCOME:
            skip.append(found)
        elif target in game.labels:
            extra.setdefault(target, []).append(found)
    if not extra and not skip:
        return game
    data = game.to_dict()
    for entry in data["outcomes"]:
        adds = extra.get(entry["label"])
        if adds:
            own = list(entry.get("patterns") or [_literal(entry["label"])])
            entry["patterns"] = own + [p for p in map(_literal, adds) if p not in own]
    if skip:
        data["not_outcomes"] = list(dict.fromkeys([*game.not_outcomes, *skip]))
    return Game.from_dict(data, source=game.source)


def _literal(text: str) -> str:
    """A pattern that matches ``text`` literally, any run of spaces as spaces."""
    return r"\s+".join(re.escape(part) for part in str(text).split())


def not_given(evidence: Evidence) -> list[str]:
    """Outcomes a pasted tally gave no count for (the page asks: zero, or unknown?)."""
    return list(evidence.summary.get("not_given") or [])


def given_only_game(game: Game, given: Iterable[str]) -> Game | None:
    """The game restricted to the outcomes a tally gave, their chances renormalised: the
    stated odds *given that* the spin landed on one of them (p_i / sum of the given p).

    Used when the user says the missing outcomes are unknown rather than zero. ``None`` when
    fewer than two given outcomes have a stated chance (nothing to compare then). The claims
    (at least / at most) and rounding allowances of the full game are not carried over: the
    conditional chances are tested as exact.
    """
    chosen = [o for o in game.outcomes if o.label in set(given) and o.stated > 0]
    if len(chosen) < 2:
        return None
    total = sum(o.stated for o in chosen)
    outcomes = []
    for o in chosen:
        entry: dict[str, Any] = {"label": o.label, "probability": o.stated / total}
        if o.value is not None:
            entry["value"] = o.value
        if o.unit:
            entry["unit"] = o.unit
        if o.patterns:
            entry["patterns"] = list(o.patterns)
        outcomes.append(entry)
    return Game.from_dict({"name": game.name, "outcomes": outcomes}, source=game.source)


# ---------------------------------------------------------------------------------------------
# display helpers (tables and chart data from the library's results)


def period_text(period, lang: str, *, full: bool = False) -> str:
    """``(start, end)`` as CLDR writes a date interval in the language: «1—31 мар.» /
    "Mar 1 – 31" within a year (short enough for a metric on a laptop), «мар. 2026 — янв.
    2027 г.» across years; ``full`` always names the year («1—31 мар. 2026 г.»)."""
    from babel.dates import format_interval

    start, end = period if period else (None, None)
    if start is None or end is None or pd.isna(start) or pd.isna(end):
        return "—"
    skeleton = "yMMMd" if full else "MMMd" if start.year == end.year else "yMMM"
    return format_interval(start.date(), end.date(), skeleton, locale=lang)


def axis_labels(lang: str, suffix: str = "") -> str:
    """A Vega expression that writes an axis label (formatted by d3 in English symbols) in the
    language's CLDR symbols: «1 000», «0,25»; ``suffix`` is appended ("×").

    Vega's own locale is the page's, so the symbols are swapped on the label itself."""
    label = "datum.label"
    if lang == "ru":
        group, decimal = "\u00a0", ","  # CLDR ru: no-break space, decimal comma
        label = (f"replace(replace({label}, regexp(',', 'g'), '{group}'), "
                 f"regexp('[.]', 'g'), '{decimal}')")
    return f"{label} + '{suffix}'" if suffix else label


#: Where the app's observed-vs-stated chart ends (x = observed / stated).
CHART_MAX = 4.0


def outcome_chart_clipped(analysis: Analysis) -> bool:
    """True when some interval (or ratio) runs past :data:`CHART_MAX`: the chart marks it."""
    frame = outcome_chart_frame(analysis)
    frame = frame[np.isfinite(frame["ratio"])]
    return bool(((frame["ci_high"] > CHART_MAX) | (frame["ratio"] > CHART_MAX)).any())


def allowed_text(outcome, lang: str) -> str:
    """The chances an outcome's statement allows (its rounding or claim), "—" when exact."""
    if outcome.upper <= outcome.lower + 1e-12:
        return "—"
    return f"{texts.fmt_chance(outcome.lower, lang)} – {texts.fmt_chance(outcome.upper, lang)}"


def outcome_chart_frame(analysis: Analysis) -> pd.DataFrame:
    """One row per outcome with the numbers the observed-vs-stated chart draws.

    The numbers come from :func:`fairness.plot.outcome_rows` (observed share over stated chance
    and its interval); ``flagged`` marks outcomes whose Holm-corrected p-value is below alpha.
    """
    from fairness.plot import outcome_rows

    frame = pd.DataFrame(outcome_rows(analysis))
    frame["order"] = np.arange(len(frame))
    frame["flagged"] = frame["p_holm"] < analysis.alpha
    frame["banded"] = (frame["allowed_high"] - frame["allowed_low"]) > 1e-9
    return frame


def evidence_path_frame(analysis: Analysis) -> pd.DataFrame:
    """The e-value path (``n``, ``evalue``) with values clipped to what a chart can draw."""
    path = analysis.evidence_value.path
    if not len(path):
        return pd.DataFrame({"n": pd.Series([], dtype="int64"),
                             "evalue": pd.Series([], dtype="float64")})
    log10 = np.clip(path["log10"].to_numpy(dtype=float), -300, 300)
    return pd.DataFrame({"n": path["n"].to_numpy(), "evalue": 10.0 ** log10})


def outcome_table_frame(analysis: Analysis, lang: str) -> pd.DataFrame:
    """The per-outcome table of :meth:`Analysis.to_frame` for people: columns named in
    ``lang``, every number formatted for it (text cells, so the table and the reports agree)."""
    frame = analysis.to_frame()
    allowed = [
        (texts.fmt_chance(lo, lang) if lo == hi
         else f"{texts.fmt_chance(lo, lang)} – {texts.fmt_chance(hi, lang)}")
        for lo, hi in zip(frame["lower"], frame["upper"], strict=True)
    ]
    ci = [f"{texts.fmt_chance(lo, lang)} – {texts.fmt_chance(hi, lang)}"
          if np.isfinite(lo) and np.isfinite(hi) else "—"
          for lo, hi in zip(frame["ci_low"], frame["ci_high"], strict=True)]
    game = analysis.game
    written = [texts.fmt_promise(game.outcomes[game.labels.index(label)], lang)
               for label in frame["label"].astype(str)]

    def cells(column: str, fmt) -> list[str]:
        if column not in frame:
            return ["—"] * len(frame)
        return ["—" if v is None or (isinstance(v, float) and not np.isfinite(v)) else fmt(v)
                for v in frame[column]]

    out = pd.DataFrame({
        t("col.label", lang): frame["label"].astype(str),
        t("col.written", lang): written,  # the promise as the rules wrote it
        t("tc.stated", lang): [texts.fmt_chance(p, lang) for p in frame["stated"]],
        t("tc.allowed", lang): allowed,
        t("tc.observed", lang): cells("observed", lambda v: texts.fmt_int(v, lang)),
        t("tc.rate", lang): cells("rate", lambda v: texts.fmt_chance(v, lang)),
        t("tc.ci", lang): ci,
        t("tc.ratio", lang): cells("ratio", lambda v: texts.fmt_ratio(v, lang)),
        t("tc.p_holm", lang): cells("p_holm", lambda v: texts.fmt_p(v, lang).removeprefix("= ")),
        t("tc.posterior", lang): cells("posterior_mean", lambda v: texts.fmt_chance(v, lang)),
    })
    return out


def stated_table_frame(game: Game, lang: str) -> pd.DataFrame:
    """The stated odds for people: outcome, the promise as the rules wrote it («не менее
    30%», «1 из 200»), the chances its rounding or claim allows, and the prize, as text."""
    values = ["—" if o.value is None or not np.isfinite(o.value)
              else texts.fmt_number(o.value, lang) for o in game.outcomes]
    return pd.DataFrame({
        t("col.label", lang): [str(label) for label in game.labels],
        t("col.written", lang): [texts.fmt_promise(o, lang) for o in game.outcomes],
        t("tc.allowed", lang): [allowed_text(o, lang) for o in game.outcomes],
        t("col.value", lang): values,
    })


def fits_table_frame(analysis: Analysis, lang: str) -> pd.DataFrame:
    """The goodness-of-fit tests for people (:func:`fairness.report.display.fits_table`)."""
    from fairness.report.display import fits_table

    return fits_table(analysis, lang)


def extras_sections(analysis: Analysis, lang: str = "en") -> dict[str, list[tuple[str, Any]]]:
    """The dependence family sorted into the app's tabs, titles and tables in ``lang``
    (:func:`fairness.report.display.detail_sections`): ``{"sequence"|"segments"|"bias":
    [(title, DataFrame or None), ...]}`` (None: the check did not apply, the title says why)."""
    from fairness.report.display import detail_sections

    return detail_sections(analysis, lang)


def note_text(note: str, lang: str) -> str:
    """A repair made while reading (``summary["notes"]``) in ``lang``."""
    from fairness.i18n.reasons import note_text as _note_text

    return _note_text(note, lang)


def rejected_frames(evidence: Evidence, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rejected input for people: counts by kind of reason, and the first 500 items
    (where, why, masked excerpt), reasons in ``lang``."""
    from fairness.report.display import rejected_reasons_table, rejected_table

    return rejected_reasons_table(evidence, lang), rejected_table(evidence, lang)
