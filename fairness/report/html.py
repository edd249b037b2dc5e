"""Self-contained HTML report: one file, charts embedded, nothing fetched from elsewhere.

Every piece of text that comes from the data — the game's name and labels, rejected message
excerpts, file names, finding sentences that quote labels — is escaped with
:func:`html.escape`, because message excerpts are written by strangers. A Content-Security-Policy
that allows no scripts at all is set as a second line of defence.
"""

from __future__ import annotations

import base64
import html

from fairness import i18n, texts
from fairness.decision import Verdict
from fairness.report.rows import (
    claim_header,
    claim_rows,
    measured_header,
    measured_rows,
    outcome_rows,
)

__all__ = ["to_html"]

_MAX_REJECTED = 200
_CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
        "base-uri 'none'; form-action 'none'")
_TABLE = ("outcome", "stated", "observed", "expected", "share", "ratio", "ratio_ci", "p_holm")
# no excerpt: a report is meant to be shared, and an excerpt is a stranger's words (only the
# uploader's own review in the app and the --rejected file show masked excerpts)
_REJECTED = ("source", "reason")

_STYLE = """
body{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;color:#212121;max-width:980px;
margin:0 auto;padding:0 16px 40px;line-height:1.45}
header{color:#fff;padding:18px 24px;margin:0 -16px 16px;border-radius:0 0 6px 6px}
header h1{margin:0;font-size:30px}header p{margin:4px 0 0;opacity:.9}
.headline{font-size:19px;font-weight:600}
table{border-collapse:collapse;margin:8px 0;font-size:14px}
th,td{padding:4px 10px;border-bottom:1px solid #e0e0e0;text-align:right}
th:first-child,td:first-child{text-align:left}
td.text{text-align:left;max-width:420px;overflow-wrap:anywhere}
.numbers td{text-align:left}.muted{color:#757575;font-size:13px}
img{max-width:100%;height:auto}
"""


def _e(value) -> str:
    """Escape text for HTML content and attributes (quotes included)."""
    return html.escape("" if value is None else str(value), quote=True)


def to_html(answer: Verdict, lang: str = "en", *, evidence=None, charts: bool = True) -> str:
    """The verdict as one self-contained HTML page.

    Parameters
    ----------
    answer : Verdict
    lang : {"en", "ru"}
    evidence : Evidence, optional
        When given, its rejected input items are listed (source, reason, excerpt — escaped).
    charts : bool
        Embed the observed-vs-stated and evidence-path charts as base64 PNG images.
    """
    from fairness import __version__
    from fairness.plot import LEVEL_COLOURS

    w = i18n.words("report", lang)
    a = answer.analysis
    game = a.game
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(w['title'])}: {_e(game.name)}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f'<header style="background:{LEVEL_COLOURS[answer.level]}">'
        f"<h1>{_e(answer.label(lang))}</h1><p>{_e(game.name)}</p></header>",
        f'<p class="headline">{_e(answer.headline(lang))}</p>',
        f"<h2>{_e(w['numbers'])}</h2>",
        '<table class="numbers">',
    ]
    rows = [(w["spins"], texts.fmt_int(a.n_spins, lang))]
    if a.n_reporters:
        rows.append((w["reporters"], texts.fmt_int(a.n_reporters, lang)))
    start, end = a.period
    if start is not None:
        rows.append((w["period"], i18n.text(
            "report.period_range", lang, start=i18n.fmt_date(start, lang, year=True),
            end=i18n.fmt_date(end, lang, year=True))))
    needed = w["needed"].format(threshold=texts.fmt_evalue(1 / a.alpha, lang))
    rows.append((w["evidence"], f"{texts.fmt_evalue(a.evalue, lang)} ({needed})"))
    if a.n_spins:
        method = texts.text(f"fit.method.{a.fit.method}", lang)
        rows.append((w["fit"], f"{method}, p {texts.fmt_p(a.fit.pvalue, lang)}"))
    s = a.summary
    rows.append((w["input"], w["input_line"].format(
        **{k: texts.fmt_int(int(s.get(k, 0) or 0), lang)
           for k in ("read", "used", "rejected", "not_a_report")})))
    if game.operator:
        rows.append((w["operator"], game.operator))
    if game.rules:
        rows.append((w["rules"], game.rules))  # shown as text, never as a live link
    parts += [f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows]
    parts.append("</table>")

    parts += [f"<h2>{_e(w['findings'])}</h2>", "<ul>"]
    parts += [f"<li>{_e(f.text(lang))}</li>" for f in answer.findings]
    parts += ["</ul>", f"<h2>{_e(w['next'])}</h2>", f"<p>{_e(answer.next_step(lang))}</p>"]

    header = [i18n.text(f"column.{c}", lang) for c in _TABLE]
    parts += [f"<h2>{_e(w['outcomes'])}</h2>", _outcome_table(answer, lang, header)]
    if len(a.claims):
        parts += [f"<h2>{_e(i18n.text('report.claims', lang))}</h2>",
                  _cells_table(claim_header(lang), claim_rows(answer, lang))]
    parts += [f"<h2>{_e(i18n.text('report.measured', lang))}</h2>",
              _cells_table(measured_header(lang), measured_rows(answer, lang))]
    if charts:
        parts += [f"<h2>{_e(w['charts'])}</h2>", *_charts(a, lang, w)]
    parts += [f"<h2>{_e(w['caveats'])}</h2>", "<ul>"]
    parts += [f"<li>{_e(c)}</li>" for c in answer.caveat_texts(lang)]
    parts.append("</ul>")
    if evidence is not None and len(evidence.rejected):
        parts += _rejected(evidence.rejected, w, lang)
    footer = i18n.text("report.footer", lang, version=__version__, seed=a.seed, alpha=a.alpha)
    parts.append(f'<p class="muted">{_e(footer)}</p>')
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _cells_table(header, body) -> str:
    out = ["<table>", "<tr>" + "".join(f"<th>{_e(h)}</th>" for h in header) + "</tr>"]
    out += ["<tr>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>" for cells in body]
    out.append("</table>")
    return "".join(out)


def _outcome_table(answer: Verdict, lang: str, header) -> str:
    out = ["<table><thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in header)
           + "</tr></thead><tbody>"]
    for cells in outcome_rows(answer, lang):
        out.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _charts(analysis, lang: str, w) -> list[str]:
    from matplotlib.figure import Figure

    from fairness.plot import figure_png, plot_evidence_path, plot_outcomes

    images = []
    n_rows = len(analysis.labels)
    for draw, alt, size in ((plot_outcomes, w["alt_outcomes"], (8, 1.2 + 0.45 * n_rows)),
                            (plot_evidence_path, w["alt_path"], (8, 3.6))):
        fig = Figure(figsize=size, layout="constrained")
        draw(analysis, ax=fig.add_subplot(), lang=lang)
        data = base64.b64encode(figure_png(fig, dpi=110)).decode("ascii")
        images.append(f'<p><img alt="{_e(alt)}" src="data:image/png;base64,{data}"></p>')
    return images


def _rejected(rejected, w, lang: str) -> list[str]:
    total = len(rejected)
    shown = rejected.head(_MAX_REJECTED)
    out = [f"<h2>{_e(w['rejected'].format(shown=len(shown), total=total))}</h2>", "<table>",
           "<tr>" + "".join(f"<th>{_e(i18n.text(f'column.{c}', lang))}</th>"
                            for c in _REJECTED) + "</tr>"]
    from fairness.evidence import places
    from fairness.i18n.reasons import reason_text

    for place, row in zip(places(shown), shown.itertuples(index=False), strict=True):
        out.append("<tr>" + "".join(f'<td class="text">{_e(v)}</td>'
                                    for v in (place, reason_text(row.reason, lang)))
                   + "</tr>")
    out.append("</table>")
    return out
