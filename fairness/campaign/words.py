"""The campaign's words: the ``campaign.*`` keys of the one catalogue (:mod:`fairness.i18n`)."""

from __future__ import annotations

import datetime as _dt

from fairness import (
    i18n,
    texts,  # noqa: F401  (kept: callers reach the formatters as words.texts)
)

__all__ = ["fmt_date", "spins_word", "text"]


def text(key: str, lang: str = "en", **params) -> str:
    """The sentence ``campaign.<key>`` in ``lang`` (``en`` or ``ru``) with ``params`` filled in."""
    return i18n.text(f"campaign.{key}", lang, **params)


def fmt_date(moment: _dt.datetime | _dt.date, lang: str = "en") -> str:
    """12 March 2026 / 12 марта 2026 (the year only when it is not this year's; CLDR months)."""
    return i18n.fmt_date(moment, lang)


def spins_word(n: int, lang: str = "en") -> str:
    """"spins" with the plural for ``n`` by CLDR's rules (вращение, вращения, вращений)."""
    return i18n.text("unit.spins", lang, n=n)
