"""Renderers of a Verdict (and its Analysis): text, JSON, Markdown, HTML, PNG card, safe CSV.

Each takes the verdict and a language (``"en"`` or ``"ru"``) and returns text (or PNG bytes)::

    to_text(answer, "ru"); to_json(answer); to_markdown(answer); to_html(answer, evidence=ev)
    to_card(answer, "card.png", lang="ru")
    safe_csv(evidence.rejected)   # formula-like cells neutralised for spreadsheets

The HTML, card and chart renderers import matplotlib only when called.
"""

from __future__ import annotations

from fairness.report.csv import safe_csv, write_safe_csv
from fairness.report.json import SCHEMA_VERSION, to_json
from fairness.report.markdown import to_markdown
from fairness.report.text import to_text


def to_html(answer, lang: str = "en", **options) -> str:
    """Self-contained HTML report (see :func:`fairness.report.html.to_html`)."""
    from fairness.report.html import to_html as _to_html

    return _to_html(answer, lang, **options)


def to_card(answer, path=None, lang: str = "en", *, reporting_bias: bool = False) -> bytes:
    """PNG verdict card, 1280 x 720 px (see :func:`fairness.report.card.to_card`)."""
    from fairness.report.card import to_card as _to_card

    return _to_card(answer, path, lang, reporting_bias=reporting_bias)


__all__ = ["SCHEMA_VERSION", "safe_csv", "to_card", "to_html", "to_json", "to_markdown",
           "to_text", "write_safe_csv"]
