"""One catalogue of words, in English and Russian, and the formatting of numbers for them.

Every sentence the library, the CLI, the reports, the card and the app show is an entry of
:data:`CATALOGUE` under a namespaced key (``level.*``, ``finding.*``, ``error.*``, ``reason.*``,
``ui.*``, ``column.*``, ``campaign.*``, ``report.*``, ``chart.*``, ``cli.*`` …), written as a
``str.format`` template with the same ``{fields}`` in both languages::

    text("finding.forbidden_seen", "ru", label="7%", count=2943, reporters=...)

Fields are filled for the language: an ``int`` is grouped by CLDR ("2,943" / «2 943»), a
``float`` gets three significant figures, a :class:`fairness.errors.Message` is rendered in the
same language; ``{labels:or}`` joins a tuple with the language's "or" (``and`` likewise);
``{x:.6g}`` gives ``x`` to six significant figures in the language's symbols.
A field may also choose a word by CLDR's plural rules of the number it holds::

    "{n} {n:one=spin|other=spins}"                                   # en
    "{n} {n:one=вращение|few=вращения|many=вращений|other=вращения}"  # ru

(categories as :func:`plural_form` names them; ``other`` is the fallback). The number may be
raw or already formatted ("2 943").
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from numbers import Integral
from typing import Any

from fairness.i18n.catalogue import CATALOGUE
from fairness.i18n.format import (
    LANGS,
    check_lang,
    fmt_chance,
    fmt_date,
    fmt_datetime,
    fmt_evalue,
    fmt_int,
    fmt_number,
    fmt_p,
    fmt_percent,
    fmt_ratio,
    fmt_signed,
    plural_form,
    round_sig,
)

__all__ = [
    "CATALOGUE", "LANGS", "LEVELS", "fields", "fmt_chance", "fmt_date", "fmt_datetime",
    "fmt_evalue", "fmt_int", "fmt_number", "fmt_p", "fmt_percent", "fmt_promise", "fmt_ratio",
    "fmt_signed",
    "has_text", "plural", "plural_form", "round_sig", "text", "words",
]

LEVELS = ("consistent", "not_enough_data", "suspicious", "inconsistent", "rules_violated")
"""Verdict levels in order of severity (for ``--fail-on``); each has a ``level.*`` text."""


class _Formatter(string.Formatter):
    """``str.format`` with numbers in the language's symbols and plural choices."""

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if "=" in format_spec:  # a plural choice: "one=spin|other=spins"
            forms = dict(part.split("=", 1) for part in format_spec.split("|"))
            return forms.get(plural_form(value, self.lang), forms.get("other", ""))
        if format_spec in ("or", "and") and isinstance(value, (tuple, list)):
            word = CATALOGUE[f"word.{format_spec}"][self.lang]  # "3% or 5%", «3% или 5%»
            return f" {word} ".join(str(v) for v in value)
        if re.fullmatch(r"\.\d+g", format_spec) and isinstance(value, (Integral, float)):
            return fmt_number(value, self.lang, int(format_spec[1:-1]))  # "{sum:.6g}"
        if not format_spec:
            from fairness.errors import Message

            if isinstance(value, Message):
                return value.render(self.lang)
            if isinstance(value, Integral) and not isinstance(value, bool):
                return fmt_int(value, self.lang)
            if isinstance(value, float):
                return fmt_number(value, self.lang)
            if value is None:
                return "—"
        return super().format_field(value, format_spec)


_FORMATTERS = {lang: _Formatter(lang) for lang in LANGS}


def has_text(key: str) -> bool:
    """Whether the catalogue holds ``key``."""
    return key in CATALOGUE


def text(key: str, lang: str = "en", **params: Any) -> str:
    """The sentence ``key`` in ``lang`` with ``params`` filled in (numbers for the language)."""
    check_lang(lang)
    try:
        template = CATALOGUE[key][lang]
    except KeyError:
        raise KeyError(f"no text {key!r}") from None
    return _FORMATTERS[lang].vformat(template, (), params)


def fmt_promise(outcome, lang: str = "en", *, allowance: bool = False) -> str:
    """What the rules promise for one outcome, as they wrote it: "at least 30%" («не менее
    30%»), "1 in 200" («1 из 200»), "the remainder, 67.8%" for the remainder; ``allowance``
    adds the range the rounding of the written figure allows ("30% (with rounding 29.5%–100%)").

    ``outcome`` is a :class:`fairness.spec.Outcome` (its ``form``, ``written``, ``claim``,
    ``stated``, ``lower`` and ``upper``).
    """
    if outcome.form == "unstated":  # shown on the wheel, no chance stated
        return text("report.not_stated", lang)
    if outcome.form == "remainder":
        return text("promise.remainder", lang, chance=fmt_chance(outcome.stated, lang))
    written = str(outcome.written).strip()
    figure = None
    if outcome.form == "odds":
        match = re.match(r"^\s*([\d.,]+)\s*\S+\s*([\d\s.,]+)$", written)
        if match:
            num, den = match.group(1), match.group(2).replace(" ", "")
            try:
                figure = text("promise.odds", lang, num=num,
                              den=fmt_int(round(float(den.replace(",", "."))), lang))
            except ValueError:
                figure = None
    elif outcome.form == "percent":
        number = written.rstrip("%").strip()
        figure = f"{number.replace('.', ',') if lang == 'ru' else number.replace(',', '.')}%"
    if figure is None:
        figure = fmt_chance(outcome.stated, lang)
    if outcome.claim in ("at_least", "at_most"):
        figure = text(f"promise.{outcome.claim}", lang, chance=figure)
    low, high = fmt_chance(outcome.lower, lang), fmt_chance(outcome.upper, lang)
    if allowance and outcome.upper > outcome.lower + 1e-12 and low != high:
        figure = text("promise.allowance", lang, promise=figure, low=low, high=high)
    return figure


class Words(Mapping):
    """The templates under one prefix in one language: ``words("report", "ru")["spins"]`` is
    the ``report.spins`` template (for modules that fill several of them with ``.format``)."""

    def __init__(self, prefix: str, lang: str):
        self.prefix, self.lang = prefix.rstrip(".") + ".", check_lang(lang)

    def __getitem__(self, key: str) -> str:
        try:
            return CATALOGUE[self.prefix + key][self.lang]
        except KeyError:
            raise KeyError(f"no text {self.prefix + key!r}") from None

    def __iter__(self):
        n = len(self.prefix)
        return (key[n:] for key in CATALOGUE if key.startswith(self.prefix))

    def __len__(self) -> int:
        return sum(1 for _ in self)


def words(prefix: str, lang: str) -> Words:
    """The templates ``<prefix>.*`` in ``lang`` as a read-only mapping (see :class:`Words`)."""
    return Words(prefix, lang)


def plural(n, lang: str, **forms: str) -> str:
    """The word for ``n`` by CLDR's plural rules: ``plural(5, "ru", one="вращение",
    few="вращения", many="вращений", other="вращения")`` -> 'вращений'."""
    return forms.get(plural_form(n, lang), forms.get("other", ""))


def fields(template: str) -> set[str]:
    """The field names a template uses (for the catalogue's own tests)."""
    return {name.split(".")[0].split("[")[0]
            for _, name, _, _ in string.Formatter().parse(template) if name}
