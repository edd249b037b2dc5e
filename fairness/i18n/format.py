"""Numbers, chances, dates and plurals for a language, by the CLDR rules (through Babel).

Every number a person reads goes through here, so a table, a chart's axis, a card and a report
show the same figure the same way: English "1,000" and "2.5"; Russian «1 000» (a no-break space
between groups) and «2,5» (a decimal comma). Plural words follow CLDR's plural rules
(``Locale.plural_form``): Russian has the categories one (1, 21, 101 …), few (2–4, 22–24 …),
many (0, 5–20, 25 …) and other (fractions); English one (1) and other.

References
----------
1. Unicode CLDR, "Language Plural Rules", https://cldr.unicode.org/index/cldr-spec/plural-rules
   (the Russian and English rules tested in ``tests/test_i18n.py``).
2. Unicode CLDR, number symbols of ``ru`` (group U+00A0, decimal ",") and ``en`` (",", ".").
3. Babel, https://babel.pocoo.org/ (``babel.numbers``, ``babel.dates``, ``babel.Locale``).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from functools import cache

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

__all__ = [
    "LANGS", "check_lang", "fmt_chance", "fmt_date", "fmt_datetime", "fmt_evalue", "fmt_int",
    "fmt_number", "fmt_p", "fmt_percent", "fmt_ratio", "fmt_signed", "plural_form", "round_sig",
]

LANGS = ("en", "ru")

_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def check_lang(lang: str) -> str:
    """``lang`` itself, or ``ValueError`` naming the languages there are."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    return lang


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(check_lang(lang))


def _missing(x) -> bool:
    if x is None:
        return True
    try:
        return not math.isfinite(float(x))
    except (TypeError, ValueError):
        return True


def round_sig(x: float, digits: int = 2) -> float:
    """``x`` rounded to ``digits`` significant figures (16 795 -> 17 000 with 2).

    One rounding rule for "about N more spins", so the headline, the next step and the app's
    metric show the same figure.
    """
    if x == 0 or _missing(x):
        return x
    return float(f"{x:.{digits}g}")


def plural_form(n, lang: str = "en") -> str:
    """The CLDR plural category of ``n`` in ``lang``: ``one``, ``few``, ``many`` or ``other``.

    ``n`` may be a number or a number already formatted for the language ("2 943", "2,5").
    """
    if isinstance(n, str):
        n = _parse_number(n, lang)
        if n is None:
            return "other"
    if isinstance(n, float) and n.is_integer():
        n = int(n)
    return _locale(lang).plural_form(abs(n))


def _parse_number(text: str, lang: str):
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text).lstrip("+=<>~≈")
    cleaned = cleaned.replace(",", "." if lang == "ru" else "")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return int(value) if value.is_integer() else value


def fmt_int(n, lang: str = "en") -> str:
    """1800 -> '1,800' (en) or '1 800' (ru, CLDR's no-break space between groups)."""
    if _missing(n):
        return "?"
    return format_decimal(round(float(n)), locale=_locale(lang))


def fmt_signed(n, lang: str = "en") -> str:
    """+7700 -> '+7,700' (en) / '+7 700' (ru); the sign is always written."""
    if _missing(n):
        return "?"
    return ("+" if n >= 0 else "−") + fmt_int(abs(n), lang)


def _decimal(x: float, lang: str) -> str:
    """A float in the language's symbols with every digit it has (no quantisation)."""
    return format_decimal(x, format="#,##0.##########", locale=_locale(lang),
                          decimal_quantization=False)


def fmt_number(x, lang: str = "en", digits: int = 3) -> str:
    """``x`` to ``digits`` significant figures: 2.5e7 -> '25,000,000' / '25 000 000';
    0.0123 -> '0.0123' / '0,0123'; below 1e-4, '1.2·10⁻⁵'."""
    if _missing(x):
        return "—"
    x = float(x)
    if x == 0:
        return "0"
    if abs(x) < 1e-4:
        exponent = math.floor(math.log10(abs(x)))
        mantissa = round_sig(x / 10 ** exponent, digits)
        return f"{_decimal(mantissa, lang)}·10{str(exponent).translate(_SUPERSCRIPT)}"
    return _decimal(round_sig(x, digits), lang)


def fmt_percent(share, lang: str = "en", digits: int = 3) -> str:
    """A share as a percentage: 0.025 -> '2.5%' / '2,5%'; 0.7163 -> '71.6%' / '71,6%'.

    The figure has ``digits`` significant figures in the language's symbols (CLDR); the sign is
    written right after it, as the operators' own labels write it ("5%"), so a table row shows
    its label and its chance alike. Below 0.0001% it says "< 0.0001%".
    """
    if _missing(share):
        return "—"
    share = float(share)
    if share == 0:
        return "0%"
    if 0 < share < 1e-6:
        return f"< {_decimal(0.0001, lang)}%"
    return f"{_decimal(round_sig(100 * share, digits), lang)}%"


def fmt_chance(p, lang: str = "en") -> str:
    """A stated or observed chance as people write it: 0.05 -> '5%'; 0.001 -> '1 in 1,000'
    ('1 из 1 000'); below one in a million, '< 0.0001%'.

    "1 in N" keeps N exact when the chance is one over a whole number (a stated "1 in 1234",
    or 0.001 however the float rounds it) and otherwise rounds N to three significant figures
    (an observed 0.000999 reads "1 in 1,000", never "1 in 1,001").
    """
    if _missing(p):
        return "—"
    p = float(p)
    if p == 0:
        return "0"
    if p >= 0.01:
        return fmt_percent(p, lang)
    if p < 1e-6:
        return fmt_percent(p, lang)
    n = 1 / p
    whole = round(n)
    one_in = fmt_int(whole if abs(n - whole) <= 1e-9 * n else round_sig(n, 3), lang)
    return f"1 из {one_in}" if lang == "ru" else f"1 in {one_in}"


def fmt_p(p, lang: str = "en") -> str:
    """A p-value after "p": 0.0312 -> '= 0.03'; 0.0042 -> '= 0.0042'; 1e-7 -> '< 0.0001'."""
    if _missing(p):
        return "—"
    if p < 1e-4:
        return f"< {_decimal(0.0001, lang)}"
    value = round_sig(p, 2) if p < 0.01 else round(p, 2)
    text = format_decimal(value, format="0.00##", locale=_locale(lang)) if p >= 0.01 \
        else _decimal(value, lang)
    return f"= {text}"


def fmt_ratio(r, lang: str = "en") -> str:
    """An observed ÷ stated ratio: 0.31 -> '0.31×' / '0,31×'; 12.4 -> '12×'."""
    if _missing(r):
        return "—"
    r = float(r)
    if r < 0.1:
        text = _decimal(round_sig(r, 2), lang)
    elif r < 10:
        text = format_decimal(round(r, 2), format="0.00", locale=_locale(lang))
    else:
        text = fmt_int(r, lang)
    return f"{text}×"


def fmt_evalue(e, lang: str = "en") -> str:
    """An e-value: 37.2 -> '37'; 2500 -> '2,500'; 1.3e8 -> '10⁸' (the power of ten, read as
    written, instead of '10^8'); infinite -> '∞'."""
    if e is None or (isinstance(e, float) and math.isnan(e)):
        return "—"
    if not math.isfinite(e):
        return "∞"
    if e >= 1e6:
        return "10" + str(math.floor(math.log10(e))).translate(_SUPERSCRIPT)
    if e >= 100:
        return fmt_int(e, lang)
    return fmt_number(e, lang, 2)


def fmt_evalue_log10(log10: float, lang: str = "en") -> str:
    """An e-value given by its log10, as :func:`fmt_evalue` writes it, for e-values beyond
    what a float holds (10⁴⁰⁰ is written from its exponent, never computed)."""
    if math.isfinite(log10) and log10 >= 6:
        return "10" + str(math.floor(log10)).translate(_SUPERSCRIPT)
    return fmt_evalue(10.0 ** log10 if math.isfinite(log10) else log10, lang)


def fmt_date(moment, lang: str = "en", *, year: bool | None = None) -> str:
    """12 March 2026 / 12 марта 2026 (CLDR month names; ``year=None``: the year only when it is
    not this year's)."""
    if moment is None:
        return "—"
    day = moment.date() if isinstance(moment, _dt.datetime) else moment
    if year is None:
        year = day.year != _dt.datetime.now(_dt.timezone.utc).year
    return format_date(day, "d MMMM y" if year else "d MMMM", locale=_locale(lang))


def fmt_datetime(moment, lang: str = "en") -> str:
    """A moment in UTC as a person reads it: '12 Mar 2026, 14:05' / '12 мар. 2026, 14:05'
    (no '+00:00'; the times are UTC throughout)."""
    if moment is None:
        return "—"
    try:
        import pandas as pd

        if pd.isna(moment):
            return "—"
        moment = pd.Timestamp(moment)
        if moment.tzinfo is not None:
            moment = moment.tz_convert("UTC").tz_localize(None)
        moment = moment.to_pydatetime()
    except (ImportError, TypeError, ValueError):
        pass
    if isinstance(moment, _dt.datetime) and (moment.hour, moment.minute, moment.second) == (0,
                                                                                            0, 0):
        return format_date(moment.date(), "d MMM y", locale=_locale(lang))
    return format_datetime(moment, "d MMM y, HH:mm", locale=_locale(lang))
