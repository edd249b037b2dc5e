"""Tables for people: the analysis' frames with named columns and formatted cells.

``Analysis.to_frame()`` and the ``stats`` results keep machine names and raw floats for
analysts; the tables a person sees (the app's detail tabs, the fit table, the weekly table,
the rejected list) come from here instead: every column named in the language
(``column.*`` keys), every number formatted by :mod:`fairness.i18n` (CLDR), outcome codes
shown as their labels, times without "+00:00", missing values as "—" (never ``None``), and a
title in the language for each table::

    sections = detail_sections(analysis, "ru")    # {"sequence": [(title, frame), ...], ...}
    fits_table(analysis, "ru"); rejected_table(evidence, "ru")

Cells are strings, so a table shows exactly what the reports print.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from fairness import i18n
from fairness.i18n.reasons import reason_category, reason_text

__all__ = ["campaign_batches_table", "campaign_checks_table", "campaign_log_table",
           "detail_sections", "fits_table", "human_table", "rejected_reasons_table",
           "rejected_table", "test_title"]


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _formatters(lang: str, labels: Sequence[str]) -> dict[str, Callable[[Any], str]]:
    def label(value):
        if isinstance(value, (int, np.integer)) and 0 <= int(value) < len(labels):
            return str(labels[int(value)])
        return str(value)

    return {
        "text": str,
        "label": label,
        "int": lambda v: i18n.fmt_int(v, lang),
        "number": lambda v: i18n.fmt_number(v, lang),
        "share": lambda v: i18n.fmt_percent(v, lang),
        "chance": lambda v: i18n.fmt_chance(v, lang),
        "ratio": lambda v: i18n.fmt_ratio(v, lang),
        "p": lambda v: i18n.fmt_p(v, lang).removeprefix("= "),
        "evalue": lambda v: i18n.fmt_evalue(v, lang),
        "time": lambda v: i18n.fmt_datetime(v, lang),
        "date": lambda v: i18n.fmt_date(pd.Timestamp(v), lang, year=True),
        "week": lambda v: i18n.fmt_int(int(v) + 1, lang),
        "bool": lambda v: i18n.text("value.yes" if v else "value.no", lang),
        "direction": lambda v: (i18n.text(f"value.{str(v).replace('-', '_')}", lang)
                                if i18n.has_text(f"value.{str(v).replace('-', '_')}")
                                else str(v)),
        "method": lambda v: i18n.text(f"fit.method.{v}", lang),
        "level": lambda v: i18n.text(f"level.{v}", lang),
        "target_kind": lambda v: i18n.text(f"value.target.{v}", lang)
        if i18n.has_text(f"value.target.{v}") else str(v),
    }


def human_table(frame: pd.DataFrame, kinds: Mapping[str, str], lang: str, *,
                labels: Sequence[str] = ()) -> pd.DataFrame:
    """``frame``'s columns listed in ``kinds`` (name -> kind, in that order), each renamed by
    its ``column.<name>`` text and formatted by kind (``text``, ``label``, ``int``,
    ``number``, ``share``, ``chance``, ``ratio``, ``p``, ``evalue``, ``time``, ``date``,
    ``week``, ``bool``, ``direction``, ``method``); missing cells are "—". Columns that are
    missing from ``frame`` or empty throughout are left out."""
    fmt = _formatters(lang, list(labels))
    out = {}
    for name, kind in kinds.items():
        if name not in frame or frame[name].map(_missing).all():
            continue
        cells = [("—" if _missing(v) else fmt[kind](v)) for v in frame[name]]
        out[i18n.text(f"column.{name}", lang)] = pd.Series(cells, dtype="object")
    return pd.DataFrame(out)


# ---------------------------------------------------------------------------------------------
# the tables


_FIT = {"method": "method", "statistic_name": "text", "statistic": "number", "df": "int",
        "pvalue": "p", "n": "int", "effect_size": "number", "n_simulations": "int",
        "n_tables": "int"}
_TESTS = {"test": "text", "pvalue": "p", "p_holm": "p"}
_TRANSITIONS = {"previous": "label", "next": "label", "count": "int", "expected": "number",
                "rate_given_previous": "share", "rate_overall": "share", "lift": "ratio"}
_HAZARD = {"spins_since": "text", "spins": "int", "hits": "int", "rate": "share",
           "ci_low": "share", "ci_high": "share", "stated": "chance"}
_GROUPS = {"group": "text", "outcome": "label", "count": "int", "spins": "int",
           "expected": "number", "rate": "share", "pooled_rate": "share", "ratio": "ratio",
           "residual": "number"}
_DRIFT = {"outcome": "label", "rate_before": "share", "rate_after": "share",
          "ratio_after_before": "ratio", "stated": "chance", "n_before": "int", "n_after": "int"}
_SEGMENTS = {"segment": "text", "n": "int", "fit_method": "method", "fit_pvalue": "p",
             "evalue": "evalue"}
_WEEKS = {"window": "week", "start": "date", "end": "date", "spins": "int", "outcome": "label",
          "count": "int", "rate": "share", "ci_low": "share", "ci_high": "share",
          "stated": "chance"}
_BIAS = {"outcome": "label", "stated": "chance", "observed": "int", "share": "share",
         "ratio": "ratio", "ci_low": "ratio", "ci_high": "ratio", "pvalue": "p",
         "deviates": "bool", "direction": "direction"}
_COMPLETE = {"spins": "int", "reporters": "int", "evalue": "evalue", "fit_pvalue": "p"}


def fits_table(analysis, lang: str = "en") -> pd.DataFrame:
    """The goodness-of-fit tests (``Analysis.fits_frame``) for people."""
    return human_table(analysis.fits_frame(), _FIT, lang)


def test_title(code: str, name: str, lang: str = "en", labels: Sequence[str] = ()) -> str:
    """A test of the dependence family by its finding code, in ``lang`` (the drift scan of one
    outcome names it)."""
    if code == "drift":
        for label in labels:
            if f"('{label}')" in name:
                return i18n.text("test.drift_outcome", lang, label=label)
    key = f"test.{code}"
    return i18n.text(key, lang) if i18n.has_text(key) else name


def detail_sections(analysis, lang: str = "en") -> dict[str, list[tuple[str, Any]]]:
    """The dependence family (``analysis.dependence``) sorted into the app's tabs, as
    ``{"sequence"|"segments"|"bias": [(title, table or None), ...]}``; None: the check did not
    apply to these data, and the title says why."""
    sections: dict[str, list[tuple[str, Any]]] = {"sequence": [], "segments": [], "bias": []}
    dep = analysis.dependence
    if dep is None:
        return sections
    labels = list(analysis.labels)
    tab_of = {"runs": "sequence", "streak": "sequence", "dependence": "sequence",
              "pity": "sequence", "scripted_start": "sequence", "sequence": "sequence",
              "reporter_difference": "segments", "segment_difference": "segments",
              "drift": "segments"}

    def title(key: str, **params) -> str:
        return i18n.text(f"section.{key}", lang, **params)

    table = dep.to_frame()
    table["test"] = [test_title(c, n, lang, labels) for c, n in zip(table["code"], table["test"],
                                                                     strict=True)]
    for tab in ("sequence", "segments"):
        rows = table[table["code"].map(tab_of) == tab]
        if len(rows):
            sections[tab].append((title("tests"), human_table(rows, _TESTS, lang)))
    for test in dep.tests:
        tab = tab_of.get(test.code, "segments")
        result = test.result
        name = test_title(test.code, test.test, lang, labels)
        if test.code == "pity" and getattr(result, "hazard", None) is not None:
            sections[tab].append((title("hazard", label=test.params.get("label", "")),
                                  human_table(result.hazard, _HAZARD, lang)))
        elif test.code == "dependence" and hasattr(result, "transition_frame"):
            sections[tab].append((name, human_table(result.transition_frame(labels),
                                                    _TRANSITIONS, lang)))
        elif test.code == "segment_difference" and hasattr(result, "table_frame"):
            sections[tab].append((name, human_table(result.table_frame(labels), _GROUPS,
                                                    lang)))
        elif test.code == "drift" and hasattr(result, "rates_frame"):
            names = [labels[o] if isinstance(o, (int, np.integer)) and o < len(labels)
                     else str(o) for o in result.outcomes]
            sections[tab].append((name, human_table(result.rates_frame(names), _DRIFT, lang)))
    if dep.segments:
        sections["segments"].append((title("segments"),
                                     human_table(dep.segments_frame(), _SEGMENTS, lang)))
    if dep.windows is not None:
        sections["segments"].append((title("weeks"), human_table(dep.windows, _WEEKS, lang,
                                                                 labels=labels)))
    for code, why in dep.skipped:
        shown = why.render(lang) if hasattr(why, "render") else str(why)
        sections[tab_of.get(code, "segments")].append(
            (title("skipped", test=test_title(code, code, lang, labels), reason=shown), None))
    if dep.bias is not None:
        sections["bias"].append((title("bias"), human_table(dep.bias.to_frame(), _BIAS, lang)))
    if dep.complete is not None:
        c = dep.complete
        sections["bias"].append((title("complete"), human_table(pd.DataFrame(
            [{"spins": c["n"], "reporters": c["reporters"], "evalue": c["evalue"],
              "fit_pvalue": c["fit_pvalue"]}]), _COMPLETE, lang)))
    return sections


def rejected_table(evidence, lang: str = "en", limit: int | None = 500) -> pd.DataFrame:
    """The rejected input items: where (``source:item``), why (in ``lang``) and the masked
    excerpt; the first ``limit`` rows."""
    from fairness.evidence import places

    shown = evidence.rejected if limit is None else evidence.rejected.head(limit)
    return pd.DataFrame({
        i18n.text("column.place", lang): pd.Series(list(places(shown)), dtype="object"),
        i18n.text("column.reason", lang): pd.Series(
            [reason_text(r, lang) for r in shown["reason"]], dtype="object"),
        i18n.text("column.excerpt", lang): pd.Series(
            ["" if _missing(e) else str(e) for e in shown["excerpt"]], dtype="object"),
    })


def rejected_reasons_table(evidence, lang: str = "en") -> pd.DataFrame:
    """How many input items were rejected for each kind of reason, in ``lang``."""
    counts = evidence.summary.get("rejected_by_reason") or (
        evidence.rejected["reason"].astype(str).value_counts().to_dict())
    return pd.DataFrame({
        i18n.text("column.reason", lang): pd.Series(
            [reason_category(str(k), lang) for k in counts], dtype="object"),
        i18n.text("column.count", lang): pd.Series(
            [i18n.fmt_int(v, lang) for v in counts.values()], dtype="object"),
    })


# ---------------------------------------------------------------------------------------------
# a stored campaign's tables (fairness.Campaign)

_BATCHES = {"number": "int", "source": "text", "kind": "text", "added_at": "time",
            "new_spins": "int", "already_stored": "int", "excluded": "bool"}
_LOG = {"kind": "target_kind", "target": "text", "reason": "text", "excluded_at": "time",
        "restored_at": "time", "restore_reason": "text", "silent": "bool", "active": "bool"}
_CHECKS = {"number": "int", "checked_at": "time", "n_spins": "int", "level": "level",
           "evalue": "evalue", "fit_p": "p"}


def campaign_batches_table(batches: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """``Campaign.batches()`` for people."""
    return human_table(batches, _BATCHES, lang)


def campaign_log_table(log: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """``Campaign.exclusions()`` (the moderation log) for people."""
    return human_table(log, _LOG, lang)


def campaign_checks_table(history: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """``Campaign.history()`` (the recorded checks) for people."""
    return human_table(history, _CHECKS, lang)
