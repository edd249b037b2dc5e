"""Plain-text report for a terminal: the verdict, the findings and the per-outcome table."""

from __future__ import annotations

import textwrap

from fairness import i18n, texts
from fairness.decision import Verdict
from fairness.report.rows import (
    claim_header,
    claim_rows,
    measured_header,
    measured_rows,
    outcome_rows,
)

_TABLE = ("outcome", "stated", "observed", "expected", "share", "ratio", "ratio_ci", "p_holm")


def _wrap(text: str, indent: str = "  ", width: int = 96) -> str:
    return textwrap.fill(text, width=width, initial_indent=indent + "- ",
                         subsequent_indent=indent + "  ")


def to_text(answer: Verdict, lang: str = "en") -> str:
    """A readable summary: level, headline, key numbers, findings, outcome table, next step."""
    a = answer.analysis
    w = i18n.words("report", lang)
    lines = [f"{a.game.name}: {answer.label(lang).upper()}", "",
             textwrap.fill(answer.headline(lang), width=96), ""]
    facts = [f"{w['spins']}: {texts.fmt_int(a.n_spins, lang)}"]
    if a.n_reporters:
        facts.append(f"{w['reporters']}: {texts.fmt_int(a.n_reporters, lang)}")
    start, end = a.period
    if start is not None:
        facts.append(f"{w['period']}: " + i18n.text(
            "report.period_range", lang, start=i18n.fmt_date(start, lang, year=True),
            end=i18n.fmt_date(end, lang, year=True)))
    s = a.summary
    facts.append(f"{w['input']}: " + i18n.text(
        "report.input_line", lang, **{k: int(s.get(k, 0) or 0)
                                      for k in ("read", "used", "rejected", "not_a_report")}))
    lines += ["  ".join(facts), "", f"{w['findings']}:"]
    lines += [_wrap(f.text(lang)) for f in answer.findings]
    lines += ["", f"{w['outcomes']}:"]
    lines += _table(answer, lang)
    if len(a.claims):
        lines += ["", f"{i18n.text('report.claims', lang)}:"]
        lines += _grid([claim_header(lang), *claim_rows(answer, lang)])
    lines += ["", f"{i18n.text('report.measured', lang)}:"]
    lines += _grid([measured_header(lang), *measured_rows(answer, lang)])
    lines += ["", f"{w['caveats']}:"] + [_wrap(c) for c in answer.caveat_texts(lang)]
    lines += ["", f"{w['next']}: {answer.next_step(lang)}"]
    return "\n".join(lines) + "\n"


def _table(answer: Verdict, lang: str) -> list[str]:
    return _grid([[i18n.text(f"column.{c}", lang) for c in _TABLE], *outcome_rows(answer, lang)])


def _grid(rows) -> list[str]:
    """Rows of cells as aligned columns: the first left, the rest right, a rule under the
    header."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = []
    for j, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:],
                                                                         strict=True)]
        out.append("  " + "  ".join(cells))
        if j == 0:
            out.append("  " + "  ".join("-" * w for w in widths))
    return out
