"""The campaign store's words (``campaign.*``)."""

WORDS: dict[str, dict[str, str]] = {
    "campaign.added": {
        "en": "Batch {number!s} ({source}): read {read}, used {used} ({spins} "
              "{spins:one=spin|other=spins}, {tally} tallied), rejected {rejected}, not a "
              "report {not_a_report}; new: {new} {new:one=spin|other=spins}, {new_tally} "
              "tallied; already stored: {stored} (spins and tally rows).",
        "ru": "Порция {number!s} ({source}): прочитано {read}, использовано {used} ({spins} "
              "{spins:one=вращение|few=вращения|many=вращений|other=вращения}, {tally} в "
              "сводках), отклонено {rejected}, не отчёты {not_a_report}; новых: {new} "
              "{new:one=вращение|few=вращения|many=вращений|other=вращения}, {new_tally} в "
              "сводках; уже были: {stored} (вращения и строки сводок).",
    },
    "campaign.change.fell": {
        "en": "E fell from {old} to {new}",
        "ru": "E снизилось с {old} до {new}",
    },
    "campaign.change.first": {
        "en": "First check of this campaign: {n} {spins}.",
        "ru": "Первая проверка этой кампании: {n} {spins}.",
    },
    "campaign.change.no_spins": {
        "en": "no new spins since {date}",
        "ru": "новых вращений нет с {date}",
    },
    "campaign.change.now": {
        "en": "now {level}",
        "ru": "теперь «{level}»",
    },
    "campaign.change.rose": {
        "en": "E rose from {old} to {new}",
        "ru": "E выросло с {old} до {new}",
    },
    "campaign.change.same": {
        "en": "E stays at {new}",
        "ru": "E по-прежнему {new}",
    },
    "campaign.change.spins": {
        "en": "{delta} {spins} since {date}",
        "ru": "{delta} {spins} с {date}",
    },
    "campaign.change.still": {
        "en": "still {level}",
        "ru": "по-прежнему «{level}»",
    },
    "campaign.column.added": {
        "en": "added (UTC)",
        "ru": "добавлена (UTC)",
    },
    "campaign.column.batch": {
        "en": "batch",
        "ru": "порция",
    },
    "campaign.column.evalue": {
        "en": "E",
        "ru": "E",
    },
    "campaign.column.fit_p": {
        "en": "fit p",
        "ru": "p согласия",
    },
    "campaign.column.level": {
        "en": "level",
        "ru": "вывод",
    },
    "campaign.column.number": {
        "en": "#",
        "ru": "№",
    },
    "campaign.column.spins": {
        "en": "spins",
        "ru": "вращений",
    },
    "campaign.column.time": {
        "en": "time (UTC)",
        "ru": "время (UTC)",
    },
    "campaign.excluded.batch": {
        "en": "batch {target}: {reason} ({n} {spins})",
        "ru": "порция {target}: {reason} ({n} {spins})",
    },
    "campaign.excluded.head": {
        "en": "Excluded ({n} {spins} left out):",
        "ru": "Исключено (не учтено {n} {spins}):",
    },
    "campaign.excluded.none": {
        "en": "Nothing is excluded.",
        "ru": "Ничего не исключено.",
    },
    "campaign.excluded.reporter": {
        "en": "reporter {target}: {reason} ({n} {spins})",
        "ru": "участник {target}: {reason} ({n} {spins})",
    },
    "campaign.form.accepted": {
        "en": "Thank you: your spin is recorded (batch {number}).",
        "ru": "Спасибо: вращение записано (порция {number}).",
    },
    "campaign.form.bad_date": {
        "en": "The date is not a calendar date.",
        "ru": "Дата не похожа на календарную.",
    },
    "campaign.form.duplicate": {
        "en": "This report is already recorded (same day, outcome and segment).",
        "ru": "Такой отчёт уже записан (тот же день, исход и сегмент).",
    },
    "campaign.form.future_date": {
        "en": "The date {date} is in the future.",
        "ru": "Дата {date} ещё не наступила.",
    },
    "campaign.form.rate_limit": {
        "en": "Too many reports from this session: at most {limit} an hour. Try again later.",
        "ru": "Слишком много отчётов из этой сессии: не больше {limit} в час. Попробуйте позже.",
    },
    "campaign.form.unknown_outcome": {
        "en": "'{outcome}' is not an outcome of this wheel ({labels}).",
        "ru": "«{outcome}» — не исход этого колеса ({labels}).",
    },
    "campaign.history.empty": {
        "en": "No checks yet: run `fairness campaign check`.",
        "ru": "Проверок ещё не было: запустите `fairness campaign check`.",
    },
    "campaign.history.head": {
        "en": "Checks of '{name}' (E after each check; | marks 1/alpha = {line})",
        "ru": "Проверки «{name}» (E после каждой проверки; | — 1/alpha = {line})",
    },
    "campaign.path.head": {
        "en": "E after each batch (all batches kept now):",
        "ru": "E после каждой порции (по данным, учтённым сейчас):",
    },
    "campaign.target.batch": {
        "en": "batch {target}",
        "ru": "порция {target}",
    },
    "campaign.target.reporter": {
        "en": "reporter {target}",
        "ru": "участник {target}",
    },
}
