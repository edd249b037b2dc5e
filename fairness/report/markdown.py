"""Markdown report: to paste into a forum or Telegram post.

The verdict, the key numbers, the per-outcome table, the findings and the next step. Text that
comes from the data (game name, outcome labels, finding sentences that quote them) is escaped,
so a label such as ``<script>`` or ``*1%*`` shows literally instead of becoming markup.
"""

from __future__ import annotations

import re

from fairness import i18n, texts
from fairness.decision import Verdict
from fairness.report.rows import (
    claim_header,
    claim_rows,
    measured_header,
    measured_rows,
    outcome_rows,
)

__all__ = ["md_escape", "to_markdown"]

_MARKS = {"rules_violated": "🔴", "inconsistent": "🔴", "suspicious": "🟠",
          "consistent": "🟢", "not_enough_data": "⚪"}
_TABLE = ("outcome", "stated", "observed", "expected", "share", "ratio", "ratio_ci", "p_holm")
# CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that can start
# markup inside a line (emphasis, links and images, inline HTML, table cells, headings, code,
# strikethrough). "(" and ">" are harmless once "[" and "<" are escaped, and stay readable.
_SPECIAL = re.compile(r"([\\`*_\[\]<#|~])")


def md_escape(text: str) -> str:
    """``text`` with Markdown (and inline HTML) markup characters backslash-escaped."""
    return _SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def to_markdown(answer: Verdict, lang: str = "en") -> str:
    """The verdict as Markdown (GitHub / CommonMark flavour, pipe tables)."""
    w = i18n.words("report", lang)
    a = answer.analysis
    lines = [f"## {_MARKS[answer.level]} {md_escape(a.game.name)}: {answer.label(lang)}", "",
             f"**{md_escape(answer.headline(lang))}**", "", f"### {w['numbers']}", ""]
    lines.append(f"- {w['spins']}: **{texts.fmt_int(a.n_spins, lang)}**")
    if a.n_reporters:
        lines.append(f"- {w['reporters']}: {texts.fmt_int(a.n_reporters, lang)}")
    start, end = a.period
    if start is not None:
        period = i18n.text("report.period_range", lang,
                           start=i18n.fmt_date(start, lang, year=True),
                           end=i18n.fmt_date(end, lang, year=True))
        lines.append(f"- {w['period']}: {period}")
    needed = w["needed"].format(threshold=texts.fmt_evalue(1 / a.alpha, lang))
    lines.append(f"- {w['evidence_long']}: **E = {texts.fmt_evalue(a.evalue, lang)}** ({needed})")
    if a.n_spins:
        method = texts.text(f"fit.method.{a.fit.method}", lang)
        lines.append(f"- {w['fit']}: {method}, p {texts.fmt_p(a.fit.pvalue, lang)}")
    s = a.summary
    lines.append(f"- {w['input']}: " + w["input_line"].format(
        **{k: texts.fmt_int(int(s.get(k, 0) or 0), lang)
           for k in ("read", "used", "rejected", "not_a_report")}))
    lines += ["", f"### {w['outcomes']}", ""]
    lines += _table(answer, lang, [i18n.text(f"column.{c}", lang) for c in _TABLE])
    if len(a.claims):
        lines += ["", f"### {i18n.text('report.claims', lang)}", ""]
        lines += _grid(claim_header(lang), claim_rows(answer, lang), escape=(0, 1))
    lines += ["", f"### {i18n.text('report.measured', lang)}", "",
              md_escape(i18n.text("report.measured_intro", lang,
                                  n=i18n.fmt_int(a.n_spins, lang))), ""]
    lines += _grid(measured_header(lang), measured_rows(answer, lang), escape=(0,))
    lines += ["", f"### {w['findings']}", ""]
    lines += [f"- {md_escape(f.text(lang))}" for f in answer.findings]
    lines += ["", f"### {w['next']}", "", md_escape(answer.next_step(lang)), ""]
    lines += [f"### {w['caveats']}", ""]
    lines += [f"- {md_escape(c)}" for c in answer.caveat_texts(lang)]
    lines.append("")
    from fairness import __version__

    lines.append(f"_{i18n.text('report.footer_markdown', lang, version=__version__, seed=a.seed)}_")
    return "\n".join(lines) + "\n"


def _grid(header, body, *, escape=(0,)) -> list[str]:
    """A pipe table; cells at the ``escape`` positions come from the data and are escaped."""
    rows = ["| " + " | ".join(header) + " |",
            "|" + "|".join([":---", *["---:"] * (len(header) - 1)]) + "|"]
    for cells in body:
        cells = [md_escape(c) if i in escape else c for i, c in enumerate(cells)]
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def _table(answer: Verdict, lang: str, header) -> list[str]:
    rows = ["| " + " | ".join(header) + " |",
            "|" + "|".join([":---", *["---:"] * (len(header) - 1)]) + "|"]
    for cells in outcome_rows(answer, lang):
        cells[0] = md_escape(cells[0])
        rows.append("| " + " | ".join(cells) + " |")
    return rows
