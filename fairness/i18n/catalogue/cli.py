"""The command line's help (``cli.help.*``, ``cli.short.*``, ``cli.option.*``, ``cli.default.*``,
``cli.metavar.*``, ``cli.heading.*``, ``cli.extra.*``), read by :mod:`fairness.cli_help`.

Keys follow the command tree: ``cli.help.campaign.check`` is the text of ``fairness campaign
check``, ``cli.short.<command>`` its line in its group's list of commands (``cli.help.fairness``
is the root's). An option's text is ``cli.option.<command>.<option>`` when it says something
particular to that command, else the shared ``cli.option.<option>`` (options by their long
name, ``--fail-on`` -> ``fail_on``); ``cli.default.*`` likewise, for a default shown in words;
``cli.metavar.<parameter>`` names an argument's or option's value, else
``cli.metavar.type.<click type>``. The help text is click's markup: paragraphs separated by an
empty line, ``\\b`` on a line of its own keeps the next paragraph unwrapped.
"""

WORDS: dict[str, dict[str, str]] = {
    # -- the frame click prints around every help page ------------------------------------------
    "cli.heading.usage": {"en": "Usage:", "ru": "Использование:"},
    "cli.heading.options": {"en": "Options", "ru": "Параметры"},
    "cli.heading.commands": {"en": "Commands", "ru": "Команды"},
    # (one example or several: a heading, not a count, so no CLDR plural and no Babel data)
    "cli.heading.example": {"en": "Example:", "ru": "Пример:"},
    "cli.heading.examples": {"en": "Examples:", "ru": "Примеры:"},
    "cli.metavar.options": {"en": "[OPTIONS]", "ru": "[ПАРАМЕТРЫ]"},
    "cli.metavar.command": {"en": "COMMAND [ARGS]...", "ru": "КОМАНДА [АРГУМЕНТЫ]..."},
    # (a no-break space keeps "по умолчанию" on one line when the help wraps)
    "cli.extra.default": {"en": "default: {value}", "ru": "по\u00a0умолчанию: {value}"},
    "cli.extra.required": {"en": "required", "ru": "обязательно"},
    "cli.extra.at_most": {"en": "<=", "ru": "≤"},
    "cli.extra.at_least": {"en": ">=", "ru": "≥"},
    "cli.example.wheel": {"en": "wheel", "ru": "колесо"},  # a campaign's name
    "cli.example.posted_twice": {"en": "posted twice", "ru": "выложено дважды"},
    "cli.example.checked": {"en": "checked: genuine", "ru": "проверено: настоящие"},
    "cli.version": {"en": "fairness, version {version}", "ru": "fairness, версия {version}"},

    # -- a mistyped command line (click's usage errors, in the language of the help) ---------------
    "cli.error.usage": {"en": "Error: {message}", "ru": "Ошибка: {message}"},
    "cli.error.try_help": {"en": "Try '{command}' for help.", "ru": "Справка: {command}"},
    "cli.error.missing_option": {
        "en": "Missing option {option}.",
        "ru": "Не указан обязательный параметр {option}.",
    },
    "cli.error.missing_argument": {
        "en": "Missing argument {argument}.",
        "ru": "Не указан аргумент {argument}.",
    },
    "cli.error.no_such_option": {
        "en": "No such option: {option}.",
        "ru": "Нет такого параметра: {option}.",
    },
    "cli.error.did_you_mean": {
        "en": "Did you mean {options}?",
        "ru": "Может быть, {options}?",
    },
    "cli.error.or": {"en": " or ", "ru": " или "},
    "cli.error.needs_value": {
        "en": "Option {option} requires an argument.",
        "ru": "Параметру {option} нужно значение.",
    },
    "cli.error.takes_no_value": {
        "en": "Option {option} does not take a value.",
        "ru": "Параметр {option} не принимает значения.",
    },
    "cli.error.bad_value": {
        "en": "Invalid value for {param}: {detail}",
        "ru": "Недопустимое значение {param}: {detail}",
    },
    "cli.error.one_of": {"en": "one of {choices}.", "ru": "нужно одно из: {choices}."},
    "cli.error.integer": {"en": "a whole number, {range}.", "ru": "нужно целое число, {range}."},
    "cli.error.number": {"en": "a number, {range}.", "ru": "нужно число, {range}."},
    "cli.error.date": {"en": "a date as {formats}.", "ru": "нужна дата в виде {formats}."},
    "cli.error.extra": {
        "en": "Got unexpected extra arguments ({found}).",
        "ru": "Лишние аргументы: {found}.",
    },
    "cli.error.no_such_command": {
        "en": "No such command '{found}'.",
        "ru": "Нет такой команды: «{found}».",
    },
    "cli.error.missing_command": {"en": "Missing command.", "ru": "Не указана команда."},
    "cli.error.encoding": {
        "en": "unknown text encoding '{value}' (e.g. utf-8, cp1251, koi8-r, utf-16)",
        "ru": "неизвестная кодировка «{value}» (например, utf-8, cp1251, koi8-r, utf-16)",
    },

    # -- what a value is called --------------------------------------------------------------------
    "cli.metavar.type.path": {"en": "PATH", "ru": "ПУТЬ"},
    "cli.metavar.type.text": {"en": "TEXT", "ru": "ТЕКСТ"},
    "cli.metavar.type.integer_range": {"en": "INTEGER RANGE", "ru": "ЦЕЛОЕ"},
    "cli.metavar.type.float_range": {"en": "FLOAT RANGE", "ru": "ЧИСЛО"},
    "cli.metavar.data": {"en": "DATA", "ru": "ДАННЫЕ"},
    "cli.metavar.manifest": {"en": "MANIFEST", "ru": "СПИСОК"},
    "cli.metavar.store": {"en": "STORE", "ru": "ХРАНИЛИЩЕ"},
    "cli.metavar.name": {"en": "NAME", "ru": "ИМЯ"},
    "cli.metavar.encoding": {"en": "NAME", "ru": "КОДИРОВКА"},
    "cli.metavar.never_seen": {"en": "LABEL", "ru": "ИСХОД"},
    "cli.metavar.below": {"en": "CHANCE", "ru": "ШАНС"},
    "cli.metavar.from": {"en": "YYYY-MM-DD", "ru": "ГГГГ-ММ-ДД"},

    # -- the commands ------------------------------------------------------------------------------
    "cli.help.fairness": {
        "en": "Check whether a prize draw (cashback wheel, loot box, promo) behaves like the "
              "lottery its operator claims.\n\n"
              "Exit codes: 0 ran, 2 user error, 3 verdict at or above --fail-on, "
              "1 internal error.\n\n"
              "Language: --lang ru (or en) with any command, or FAIRNESS_LANG=ru for every "
              "run.",
        "ru": "Проверяет, ведёт ли себя розыгрыш призов (колесо кэшбэка, лутбокс, промоакция) "
              "как честная лотерея с шансами, которые заявил оператор.\n\n"
              "Коды выхода: 0 — проверка выполнена, 2 — ошибка пользователя, "
              "3 — вердикт не мягче --fail-on, 1 — внутренняя ошибка.\n\n"
              "Язык: --lang ru (или en) у любой команды либо FAIRNESS_LANG=ru для всех "
              "запусков.",
    },
    "cli.short.check": {
        "en": "Check spins against the stated odds: the verdict.",
        "ru": "Сверить вращения с заявленными шансами: вердикт.",
    },
    "cli.help.check": {
        "en": "Check the spins in DATA against the odds stated in the game spec (--game) and "
              "print a verdict.\n\n"
              "DATA is a spins CSV (columns outcome, reported_at, reporter, ...), a Telegram "
              "chat export, a tally or another table; several files are merged.",
        "ru": "Сверяет вращения из ДАННЫХ с шансами, заявленными в файле игры (--game), и "
              "печатает вердикт.\n\n"
              "ДАННЫЕ — CSV с вращениями (столбцы «outcome», «reported_at», «reporter», …), "
              "экспорт чата Telegram, итоги или другая таблица; несколько файлов объединяются.",
    },
    "cli.short.extract": {
        "en": "Turn exports and tables into a clean spins CSV.",
        "ru": "Превратить экспорты и таблицы в чистый CSV вращений.",
    },
    "cli.help.extract": {
        "en": "Turn DATA (exports, tables, tallies) into a clean spins CSV, and list what was "
              "rejected.\n\n"
              "Cells that a spreadsheet would run as a formula are neutralised with a leading "
              "quote.",
        "ru": "Превращает ДАННЫЕ (экспорты, таблицы, итоги) в чистый CSV с вращениями и "
              "перечисляет отклонённое.\n\n"
              "Ячейки, которые электронная таблица выполнила бы как формулу, обезврежены "
              "апострофом в начале.",
    },
    "cli.short.batch": {
        "en": "Check many campaigns at once and summarise them.",
        "ru": "Проверить много кампаний сразу и свести итоги.",
    },
    "cli.help.batch": {
        "en": "Check many campaigns at once and summarise them.\n\n"
              "MANIFEST is a CSV with the columns name, data, game (paths relative to the "
              "manifest; several data files separated by ';') or a folder of campaign "
              "subfolders, each with one *.toml game spec and its data files. A campaign that "
              "fails gets its error in the summary and the others still run. Fit p-values are "
              "corrected across campaigns (Benjamini-Hochberg).",
        "ru": "Проверяет много кампаний сразу и сводит итоги в одну таблицу.\n\n"
              "СПИСОК — CSV со столбцами «name», «data», «game» (пути — относительно этого файла; "
              "несколько файлов данных — через «;») или папка с подпапками кампаний, в каждой "
              "один файл игры *.toml и файлы с данными. Ошибка одной кампании попадает в "
              "сводку, остальные проверяются дальше. p-значения общего согласия поправлены на "
              "число кампаний (Бенджамини — Хохберг).",
    },
    "cli.short.plan": {
        "en": "How many spins are needed to catch a deviation.",
        "ru": "Сколько вращений нужно, чтобы заметить отклонение.",
    },
    "cli.help.plan": {
        "en": "How many spins are needed to catch a prize paying --ratio times its stated "
              "chance.\n\n"
              "The count is for the verdict's e-value to reach 1/alpha (\"inconsistent\") with "
              "probability --power, found by simulation.",
        "ru": "Сколько вращений нужно, чтобы заметить приз, который выпадает с шансом в "
              "--ratio раз от заявленного.\n\n"
              "Это число вращений, при котором свидетельство E вердикта достигнет 1/α («не "
              "соответствует») с вероятностью --power; находится симуляцией.",
    },
    "cli.short.datasets": {
        "en": "List the bundled datasets to try the tool on.",
        "ru": "Показать встроенные данные, чтобы попробовать.",
    },
    "cli.help.datasets": {
        "en": "List the bundled datasets: game specs, campaigns and a Telegram export to try "
              "the tool on.",
        "ru": "Показывает встроенные наборы данных — файлы игр, кампании и экспорт чата "
              "Telegram, — на которых можно попробовать программу.",
    },
    "cli.short.app": {
        "en": "Start the web app (Streamlit) in the browser.",
        "ru": "Открыть веб-приложение (Streamlit) в браузере.",
    },
    "cli.help.app": {
        "en": "Start the web app (Streamlit) in the browser.",
        "ru": "Запускает веб-приложение (Streamlit) и открывает его в браузере.",
    },
    "cli.short.campaign": {
        "en": "Stored campaigns that grow batch by batch.",
        "ru": "Кампании в хранилище, пополняемые порциями.",
    },
    "cli.help.campaign": {
        "en": "Stored campaigns that grow batch by batch: add exports, check, watch the "
              "history.\n\n"
              "STORE is a file path (an SQLite file, made when missing) or a database URL "
              "(postgresql://user:pass@host/db).",
        "ru": "Кампании в хранилище, которые пополняются порциями: добавляйте экспорты, "
              "проверяйте, следите за историей.\n\n"
              "ХРАНИЛИЩЕ — путь к файлу (SQLite; создаётся, если его нет) или адрес базы данных "
              "(postgresql://user:pass@host/db).",
    },
    "cli.short.campaign.new": {
        "en": "Make a campaign under the rules of a game spec.",
        "ru": "Создать кампанию по правилам из файла игры.",
    },
    "cli.help.campaign.new": {
        "en": "Make the campaign NAME in STORE under the rules in the game spec (--game).",
        "ru": "Создаёт кампанию ИМЯ в ХРАНИЛИЩЕ по правилам из файла игры (--game).",
    },
    "cli.short.campaign.add": {
        "en": "Add data to the campaign as one batch.",
        "ru": "Добавить данные в кампанию одной порцией.",
    },
    "cli.help.campaign.add": {
        "en": "Add DATA (anything `fairness check` reads) to the campaign as one batch, in one "
              "transaction; spins already stored are not stored again. Prints the batch's "
              "accounting.",
        "ru": "Добавляет ДАННЫЕ (всё, что читает `fairness check`) в кампанию одной порцией, в "
              "одной транзакции; уже сохранённые вращения повторно не сохраняются. Печатает "
              "учёт порции: сколько прочитано, использовано и отклонено.",
    },
    "cli.short.campaign.check": {
        "en": "The verdict on everything the campaign keeps.",
        "ru": "Вердикт по всем данным кампании.",
    },
    "cli.help.campaign.check": {
        "en": "The verdict on everything the campaign keeps (exclusions left out), what changed "
              "since the last check, and what was excluded. The check is added to the history.",
        "ru": "Вердикт по всем данным кампании (кроме исключённых), что изменилось с прошлой "
              "проверки и что исключено. Проверка записывается в историю.",
    },
    "cli.short.campaign.history": {
        "en": "One row per check: spins, level, e-value.",
        "ru": "История проверок: вращения, вывод, свидетельство E.",
    },
    "cli.help.campaign.history": {
        "en": "One row per check: time, spins, level, e-value (drawn against the 1/alpha line), "
              "fit p.",
        "ru": "По строке на проверку: время, вращения, вывод, свидетельство E (на шкале с "
              "линией 1/α), p общего согласия.",
    },
    "cli.short.campaign.list": {
        "en": "The campaigns in a store.",
        "ru": "Кампании в хранилище.",
    },
    "cli.help.campaign.list": {
        "en": "The campaigns in STORE: batches, spins, the last check's level and e-value.",
        "ru": "Кампании в ХРАНИЛИЩЕ: порции, вращения, вывод и свидетельство E последней "
              "проверки.",
    },
    "cli.short.campaign.exclude": {
        "en": "Leave a batch or a reporter out of every check.",
        "ru": "Исключить порцию или участника из проверок.",
    },
    "cli.help.campaign.exclude": {
        "en": "Leave a batch or a reporter out of every check (kept and flagged, with the "
              "reason).",
        "ru": "Исключает порцию или участника из всех проверок (данные остаются в хранилище с "
              "пометкой и причиной).",
    },
    "cli.short.campaign.restore": {
        "en": "Count an excluded batch or reporter again.",
        "ru": "Снова учитывать исключённую порцию или участника.",
    },
    "cli.help.campaign.restore": {
        "en": "Count an excluded batch or reporter again (the exclusion stays in the log).",
        "ru": "Снова учитывает исключённую порцию или участника (запись об исключении остаётся "
              "в журнале).",
    },
    "cli.short.campaign.rules": {
        "en": "The operator changed the rules: check by a new spec.",
        "ru": "Оператор сменил правила: проверять по новому файлу.",
    },
    "cli.help.campaign.rules": {
        "en": "The operator changed the rules: checks from now on use the new game spec "
              "(--game), on the spins of its period (spins with a time go by their time, others "
              "by when they were added).",
        "ru": "Оператор изменил правила: дальше проверки идут по новому файлу игры (--game), на "
              "вращениях его периода (вращения со временем — по своему времени, остальные — по "
              "времени добавления).",
    },

    # -- options shared by several commands ------------------------------------------------------
    "cli.option.help": {"en": "Show this message and exit.", "ru": "Показать эту справку и выйти."},
    "cli.option.version": {"en": "Show the version and exit.", "ru": "Показать версию и выйти."},
    "cli.option.debug": {
        "en": "Show tracebacks instead of one-line errors.",
        "ru": "Показывать трассировку вместо однострочных сообщений об ошибках.",
    },
    "cli.option.lang": {
        "en": "Language of the output and of the help.",
        "ru": "Язык вывода и справки.",
    },
    "cli.default.lang": {
        "en": "$FAIRNESS_LANG, else en",
        "ru": "$FAIRNESS_LANG, иначе en",
    },
    "cli.option.game": {
        "en": "Stated odds: a game spec in TOML.",
        "ru": "Заявленные шансы: файл игры в формате TOML.",
    },
    "cli.option.format": {"en": "Output format.", "ru": "Формат вывода."},
    "cli.option.output": {
        "en": "Write the report here instead of standard output.",
        "ru": "Записать отчёт в этот файл, а не на стандартный вывод.",
    },
    "cli.option.card": {
        "en": "Also draw the verdict card (PNG, 1280x720) to post in a channel.",
        "ru": "Также нарисовать карточку с вердиктом (PNG, 1280×720) для публикации в канале.",
    },
    "cli.option.encoding": {
        "en": "Text encoding of the data files (e.g. cp1251).",
        "ru": "Кодировка файлов с данными (например, cp1251).",
    },
    "cli.default.encoding": {"en": "detected", "ru": "определяется сама"},
    "cli.option.alpha": {
        "en": "Level: the evidence must reach 1/alpha for 'inconsistent'.",
        "ru": "Уровень: для вывода «не соответствует» свидетельство E должно достичь 1/α.",
    },
    "cli.option.seed": {
        "en": "Seed of every simulation (same inputs, same answer).",
        "ru": "Зерно генератора для всех симуляций (те же данные — тот же ответ).",
    },
    "cli.option.fail_on": {
        "en": "Exit with code 3 when the verdict is this level or worse.",
        "ru": "Завершиться с кодом 3, если вердикт на этом уровне или хуже.",
    },
    "cli.option.batch": {"en": "The batch's number.", "ru": "Номер порции."},
    "cli.option.reporter": {
        "en": "The reporter's pseudonym (r-...).",
        "ru": "Псевдоним участника (r-…).",
    },
    "cli.option.reason": {
        "en": "Why (kept with the moderation log).",
        "ru": "Причина (хранится в журнале модерации).",
    },

    # -- options particular to one command -------------------------------------------------------
    "cli.option.extract.game": {
        "en": "Stated odds: a game spec in TOML (its outcomes are what is recognised).",
        "ru": "Заявленные шансы: файл игры в формате TOML (распознаются его исходы).",
    },
    "cli.option.extract.output": {
        "en": "Write the cleaned spins CSV here instead of standard output.",
        "ru": "Записать очищенный CSV с вращениями в этот файл, а не на стандартный вывод.",
    },
    "cli.option.extract.rejected": {
        "en": "Also write the rejected input items (source, item, reason, excerpt) as CSV.",
        "ru": "Также записать отклонённое (источник, элемент, причина, отрывок) в CSV.",
    },
    "cli.option.batch.output": {
        "en": "Write the summary CSV here (one row per campaign).",
        "ru": "Записать сводку в этот CSV (по строке на кампанию).",
    },
    "cli.option.batch.json": {
        "en": "Write the summary as JSON here.",
        "ru": "Записать сводку в этот файл в формате JSON.",
    },
    "cli.option.batch.workers": {"en": "Processes to use.", "ru": "Сколько процессов занять."},
    "cli.default.batch.workers": {"en": "all cores", "ru": "все ядра"},
    "cli.option.plan.ratio": {
        "en": "Deviation to detect: the prize comes this many times as often as allowed.",
        "ru": "Какое отклонение заметить: во сколько раз шанс приза отличается от заявленного "
              "(0,5 — вдвое реже).",
    },
    "cli.option.plan.power": {
        "en": "Chance of detecting that deviation.",
        "ru": "Вероятность заметить это отклонение.",
    },
    "cli.option.plan.target": {
        "en": "Outcome to plan for.",
        "ru": "Исход, для которого считать.",
    },
    "cli.default.plan.target": {
        "en": "the rarest valuable prize",
        "ru": "самый редкий ценный приз",
    },
    "cli.option.plan.spins": {
        "en": "Spins already collected (to say how many more are needed).",
        "ru": "Сколько вращений уже собрано (чтобы сказать, сколько ещё нужно).",
    },
    "cli.option.plan.never_seen": {
        "en": "A prize shown on the wheel that nobody has won: plan the spins without it that "
              "bound its chance below --below (95%).",
        "ru": "Приз, который есть на колесе, но никому не выпал: сколько вращений без него "
              "нужно, чтобы с уверенностью 95% сказать, что его шанс ниже --below.",
    },
    "cli.option.plan.below": {
        "en": "With --never-seen: the chance to bound it below (\"1 in 1000\", \"0.1%\").",
        "ru": "Вместе с --never-seen: шанс, ниже которого он должен оказаться («1 из 1000», "
              "«0,1%»).",
    },
    "cli.default.plan.below": {"en": "1 in 1000", "ru": "1 из 1000"},
    "cli.option.app.port": {"en": "Port of the app.", "ru": "Порт приложения."},
    "cli.default.app.port": {"en": "Streamlit's, 8501", "ru": "как у Streamlit, 8501"},
    "cli.option.app.dry_run": {
        "en": "Print the command instead of running it.",
        "ru": "Напечатать команду, а не запускать её.",
    },
    "cli.option.campaign.add.by": {
        "en": "Who adds it (stored only as a pseudonym).",
        "ru": "Кто добавляет (сохраняется только псевдоним).",
    },
    "cli.option.campaign.add.format": {
        "en": "Output format of the batch's accounting.",
        "ru": "Формат учёта порции.",
    },
    "cli.option.campaign.check.no_record": {
        "en": "Do not add this check to the history.",
        "ru": "Не записывать эту проверку в историю.",
    },
    "cli.option.campaign.history.batches": {
        "en": "Also show the e-value after each batch (the data kept now).",
        "ru": "Также показать свидетельство E после каждой порции (по данным, что хранятся "
              "сейчас).",
    },
    "cli.option.campaign.rules.game": {
        "en": "The new stated odds: a game spec in TOML.",
        "ru": "Новые заявленные шансы: файл игры в формате TOML.",
    },
    "cli.option.campaign.rules.from": {
        "en": "When the new rules start.",
        "ru": "С какого дня действуют новые правила.",
    },
    "cli.default.campaign.rules.from": {
        "en": "the spec's valid_from, else now",
        "ru": "valid_from из файла игры, иначе сейчас",
    },
}
