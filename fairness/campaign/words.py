"""The campaign's own words in English and Russian, held as :mod:`fairness.texts` holds the
verdict's (one catalogue, ``str.format`` templates, numbers formatted for the language)."""

from __future__ import annotations

import datetime as _dt

from fairness import texts

__all__ = ["CATALOGUE", "fmt_date", "spins_word", "text"]

CATALOGUE: dict[str, dict[str, str]] = {
    "change.first": {
        "en": "First check of this campaign: {n} {spins}.",
        "ru": "Первая проверка этой кампании: {n} {spins}.",
    },
    "change.spins": {
        "en": "{delta} {spins} since {date}",
        "ru": "{delta} {spins} с {date}",
    },
    "change.no_spins": {
        "en": "no new spins since {date}",
        "ru": "новых вращений нет с {date}",
    },
    "change.rose": {"en": "E rose from {old} to {new}", "ru": "E выросло с {old} до {new}"},
    "change.fell": {"en": "E fell from {old} to {new}", "ru": "E снизилось с {old} до {new}"},
    "change.same": {"en": "E stays at {new}", "ru": "E по-прежнему {new}"},
    "change.now": {"en": "now {level}", "ru": "теперь «{level}»"},
    "change.still": {"en": "still {level}", "ru": "по-прежнему «{level}»"},
    "excluded.none": {"en": "Nothing is excluded.", "ru": "Ничего не исключено."},
    "excluded.head": {"en": "Excluded ({n} {spins} left out):",
                      "ru": "Исключено (не учтено {n} {spins}):"},
    "excluded.batch": {"en": "batch {target}: {reason} ({n} {spins})",
                       "ru": "порция {target}: {reason} ({n} {spins})"},
    "excluded.reporter": {"en": "reporter {target}: {reason} ({n} {spins})",
                          "ru": "участник {target}: {reason} ({n} {spins})"},
    "added": {
        "en": "Batch {number} ({source}): read {read}, used {used} ({spins} spins, {tally} "
              "tallied), rejected {rejected}, not a report {not_a_report}; new: {new} spins, "
              "{new_tally} tallied; already stored: {stored} (spins and tally rows).",
        "ru": "Порция {number} ({source}): прочитано {read}, использовано {used} ({spins} "
              "вращений, {tally} в сводках), отклонено {rejected}, не отчёты {not_a_report}; "
              "новых: {new} вращений, {new_tally} в сводках; уже были: {stored} (вращения и строки "
              "сводок).",
    },
    "history.head": {"en": "Checks of '{name}' (E after each check; | marks 1/alpha = {line})",
                     "ru": "Проверки «{name}» (E после каждой проверки; | — 1/alpha = {line})"},
    "history.empty": {"en": "No checks yet: run `fairness campaign check`.",
                      "ru": "Проверок ещё не было: запустите `fairness campaign check`."},
    "path.head": {"en": "E after each batch (all batches kept now):",
                  "ru": "E после каждой порции (по данным, учтённым сейчас):"},
    "form.accepted": {"en": "Thank you: your spin is recorded (batch {number}).",
                      "ru": "Спасибо: вращение записано (порция {number})."},
    "form.unknown_outcome": {"en": "'{outcome}' is not an outcome of this wheel ({labels}).",
                             "ru": "«{outcome}» — не исход этого колеса ({labels})."},
    "form.bad_date": {"en": "The date is not a calendar date.",
                      "ru": "Дата не похожа на календарную."},
    "form.future_date": {"en": "The date {date} is in the future.",
                         "ru": "Дата {date} ещё не наступила."},
    "form.rate_limit": {"en": "Too many reports from this session: at most {limit} an hour. "
                              "Try again later.",
                        "ru": "Слишком много отчётов из этой сессии: не больше {limit} в час. "
                              "Попробуйте позже."},
    "form.duplicate": {"en": "This report is already recorded (same day, outcome and segment).",
                       "ru": "Такой отчёт уже записан (тот же день, исход и сегмент)."},
}

_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"),
}


def text(key: str, lang: str = "en", **params) -> str:
    """The sentence ``key`` in ``lang`` (``en`` or ``ru``) with ``params`` filled in."""
    if lang not in texts.LANGS:
        raise ValueError(f"lang must be one of {texts.LANGS}, not {lang!r}")
    return CATALOGUE[key][lang].format(**params)


def fmt_date(moment: _dt.datetime | _dt.date, lang: str = "en") -> str:
    """12 March 2026 / 12 марта 2026 (the year only when it is not this year's)."""
    today = _dt.datetime.now(_dt.timezone.utc).date()
    day = moment.date() if isinstance(moment, _dt.datetime) else moment
    out = f"{day.day} {_MONTHS[lang][day.month - 1]}"
    return out if day.year == today.year else f"{out} {day.year}"


def spins_word(n: int, lang: str = "en") -> str:
    """"spins" with the Russian plural for ``n`` (вращение, вращения, вращений)."""
    if lang != "ru":
        return "spin" if abs(n) == 1 else "spins"
    n = abs(int(n))
    if n % 10 == 1 and n % 100 != 11:
        return "вращение"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "вращения"
    return "вращений"
