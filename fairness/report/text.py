"""Plain-text report for a terminal: the verdict, the findings and the per-outcome table."""

from __future__ import annotations

import textwrap

from fairness import texts
from fairness.decision import Verdict
from fairness.report.rows import (
    claim_header,
    claim_rows,
    measured_header,
    measured_rows,
    outcome_rows,
)

_HEADERS = {
    "en": ("outcome", "stated", "observed", "expected", "share", "ratio", "95% CI of ratio",
           "p (Holm)"),
    "ru": ("исход", "заявлено", "выпало", "ожидалось", "доля", "отношение", "95% ДИ отношения",
           "p (Холм)"),
}
_TITLES = {
    "en": ("Findings", "Outcomes", "Caveats", "Next step", "spins", "reporters", "period",
           "input"),
    "ru": ("Находки", "Исходы", "Оговорки", "Что дальше", "вращений", "участников", "период",
           "ввод"),
}


def _wrap(text: str, indent: str = "  ", width: int = 96) -> str:
    return textwrap.fill(text, width=width, initial_indent=indent + "- ",
                         subsequent_indent=indent + "  ")


def to_text(answer: Verdict, lang: str = "en") -> str:
    """A readable summary: level, headline, key numbers, findings, outcome table, next step."""
    a = answer.analysis
    t_find, t_out, t_cav, t_next, t_spins, t_rep, t_period, t_input = _TITLES[lang]
    lines = [f"{a.game.name}: {answer.label(lang).upper()}", "",
             textwrap.fill(answer.headline(lang), width=96), ""]
    facts = [f"{t_spins}: {texts.fmt_int(a.n_spins, lang)}"]
    if a.n_reporters:
        facts.append(f"{t_rep}: {texts.fmt_int(a.n_reporters, lang)}")
    start, end = a.period
    if start is not None:
        facts.append(f"{t_period}: {start:%Y-%m-%d} – {end:%Y-%m-%d}")
    s = a.summary
    facts.append(f"{t_input}: read {s.get('read', 0)}, used {s.get('used', 0)}, "
                 f"rejected {s.get('rejected', 0)}, not a report {s.get('not_a_report', 0)}"
                 if lang == "en" else
                 f"{t_input}: прочитано {s.get('read', 0)}, использовано {s.get('used', 0)}, "
                 f"отклонено {s.get('rejected', 0)}, не отчёт {s.get('not_a_report', 0)}")
    lines += ["  ".join(facts), "", f"{t_find}:"]
    lines += [_wrap(f.text(lang)) for f in answer.findings]
    lines += ["", f"{t_out}:"]
    lines += _table(answer, lang)
    if len(a.claims):
        lines += ["", f"{texts.text('report.claims', lang)}:"]
        lines += _grid([claim_header(lang), *claim_rows(answer, lang)])
    lines += ["", f"{texts.text('report.measured', lang)}:"]
    lines += _grid([measured_header(lang), *measured_rows(answer, lang)])
    lines += ["", f"{t_cav}:"] + [_wrap(c) for c in answer.caveat_texts(lang)]
    lines += ["", f"{t_next}: {answer.next_step(lang)}"]
    return "\n".join(lines) + "\n"


def _table(answer: Verdict, lang: str) -> list[str]:
    return _grid([_HEADERS[lang], *outcome_rows(answer, lang)])


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
