"""User errors (``error.*``) and the places they name (``where.*``): one line each; the file
and place are added around them by :class:`fairness.errors.FairnessError`."""

WORDS: dict[str, dict[str, str]] = {
    "error.already_excluded": {
        "en": "{target} is already excluded",
        "ru": "{target}: уже исключено",
    },
    "error.bad_claim": {
        "en": "claim must be one of {claims}, not {value}",
        "ru": "claim должен быть одним из: {claims}, а не {value}",
    },
    "error.bad_count": {
        "en": "count for '{label}' must be a whole number >= 0, not {value}",
        "ru": "количество для «{label}» должно быть целым числом не меньше 0, а не {value}",
    },
    "error.bad_date_key": {
        "en": "{key} must be a date like 2026-01-31, not {value}",
        "ru": "{key}: нужна дата вида 2026-01-31, а не {value}",
    },
    "error.bad_pattern": {
        "en": "pattern '{pattern}' is not a valid regular expression ({problem}, at character "
              "{position!s})",
        "ru": "шаблон «{pattern}» — не правильное регулярное выражение ({problem}, символ "
              "{position!s})",
    },
    "error.bad_pattern_plain": {
        "en": "pattern '{pattern}' is not a valid regular expression",
        "ru": "шаблон «{pattern}» — не правильное регулярное выражение",
    },
    "error.bad_tolerance": {
        "en": "tolerance must be in [0, 1), not {value}",
        "ru": "tolerance должен быть в [0, 1), а не {value}",
    },
    "error.bad_utf16_mark": {
        "en": "starts with a UTF-16 mark but is not UTF-16 text",
        "ru": "начинается с метки UTF-16, но это не текст UTF-16",
    },
    "error.bad_utf8_mark": {
        "en": "starts with a UTF-8 mark but is not UTF-8 text",
        "ru": "начинается с метки UTF-8, но это не текст UTF-8",
    },
    "error.batch_not_number": {
        "en": "a batch is given by its number, not {value}",
        "ru": "порция задаётся номером, а не {value}",
    },
    "error.batch_or_reporter": {
        "en": "give either a batch number or a reporter's pseudonym",
        "ru": "укажите либо номер порции, либо псевдоним участника",
    },
    "error.binary_kind_not_data": {
        "en": "this is {kind}, not a data file",
        "ru": "это {kind}, а не файл с данными",
    },
    "error.binary_kind_not_table": {
        "en": "this is {kind}, not a text table",
        "ru": "это {kind}, а не текстовая таблица",
    },
    "error.binary_not_data": {
        "en": "this is a binary file, not a text export or table",
        "ru": "это двоичный файл, а не текстовый экспорт или таблица",
    },
    "error.binary_not_html": {
        "en": "this is a binary file, not an HTML export",
        "ru": "это двоичный файл, а не HTML-экспорт",
    },
    "error.binary_not_summary": {
        "en": "this is a binary file, not a text summary",
        "ru": "это двоичный файл, а не текстовые итоги",
    },
    "error.binary_not_table": {
        "en": "this is a binary file, not a text table",
        "ru": "это двоичный файл, а не текстовая таблица",
    },
    "error.binary_not_text": {
        "en": "this is a binary file, not a text file",
        "ru": "это двоичный файл, а не текст",
    },
    "error.campaign_deleted": {
        "en": "campaign '{name}' was deleted",
        "ru": "кампания «{name}» удалена",
    },
    "error.campaign_exists": {
        "en": "a campaign '{name}' already exists in this store",
        "ru": "кампания «{name}» в этом хранилище уже есть",
    },
    "error.cannot_read_file": {
        "en": "cannot read the file (check that it exists and may be read)",
        "ru": "не удаётся прочитать файл (проверьте, что он есть и доступен для чтения)",
    },
    "error.cannot_write": {
        "en": "cannot write the file (check the folder exists and may be written)",
        "ru": "не удаётся записать файл (проверьте, что папка существует и доступна для записи)",
    },
    "error.chance_empty": {
        "en": "empty chance",
        "ru": "шанс не указан",
    },
    "error.chance_unreadable": {
        "en": "cannot read a chance from {text}",
        "ru": "не удаётся прочитать шанс из {text}",
    },
    "error.chances_sum": {
        "en": "the stated chances sum to {total:.6g}, not 1 (even allowing for rounding they "
              "span {low:.6g}-{high:.6g}); fix the figures or mark one outcome `remainder = "
              "true`",
        "ru": "заявленные шансы в сумме дают {total:.6g}, а не 1 (даже с учётом округления — от "
              "{low:.6g} до {high:.6g}); исправьте числа или отметьте один исход `remainder = "
              "true`",
    },
    "error.chances_sum_zero": {
        "en": "the stated chances sum to 0",
        "ru": "заявленные шансы в сумме дают 0",
    },
    "error.count_not_whole": {
        "en": "count must be a whole number, not {figure}",
        "ru": "count должен быть целым числом, а не {figure}",
    },
    "error.different_chats": {
        "en": "these Telegram exports are of different chats ({chats}); a campaign collects one "
              "chat",
        "ru": "эти экспорты Telegram — из разных чатов ({chats}); кампания собирает один чат",
    },
    "error.duplicate_label": {
        "en": "duplicate label",
        "ru": "такое название исхода уже есть",
    },
    "error.empty_file": {
        "en": "the file is empty",
        "ru": "файл пуст",
    },
    "error.excel_no_workbook": {
        "en": "not a readable Excel file (a ZIP archive without a workbook)",
        "ru": "не удаётся прочитать файл Excel (ZIP-архив без книги)",
    },
    "error.excel_not_zip": {
        "en": "not a readable Excel file (an .xlsx file is a ZIP archive; this one is not)",
        "ru": "не удаётся прочитать файл Excel (файл .xlsx — это ZIP-архив, а этот — нет)",
    },
    "error.excel_unreadable": {
        "en": "not a readable Excel file (damaged or not a workbook)",
        "ru": "не удаётся прочитать файл Excel (он повреждён или это не книга)",
    },
    "error.file_not_found": {
        "en": "file not found",
        "ru": "файл не найден",
    },
    "error.folder_specs": {
        "en": "needs exactly one *.toml game spec, found {found}",
        "ru": "нужен ровно один файл игры *.toml, а найдено {found}",
    },
    "error.game_not_table": {
        "en": "a game spec must be a table of keys",
        "ru": "файл игры должен быть таблицей ключей",
    },
    "error.game_not_utf8": {
        "en": "a game spec must be UTF-8 encoded TOML",
        "ru": "файл игры должен быть в формате TOML в кодировке UTF-8",
    },
    "error.html_not_export": {
        "en": "HTML, but not a Telegram Desktop export (no messages)",
        "ru": "это HTML, но не экспорт Telegram Desktop (нет сообщений)",
    },
    "error.html_unreadable": {
        "en": "not readable HTML",
        "ru": "не удаётся прочитать HTML",
    },
    "error.is_folder": {
        "en": "is a folder, not a file",
        "ru": "это папка, а не файл",
    },
    "error.json_invalid": {
        "en": "not valid JSON near byte {byte} {after}",
        "ru": "ошибка в JSON около байта {byte} {after}",
    },
    "error.json_not_export": {
        "en": "JSON, but not a Telegram Desktop export",
        "ru": "это JSON, но не экспорт Telegram Desktop",
    },
    "error.json_not_export_lists": {
        "en": "JSON, but not a Telegram Desktop export (no 'messages' or 'chats' list)",
        "ru": "это JSON, но не экспорт Telegram Desktop (нет списка «messages» или «chats»)",
    },
    "error.json_truncated": {
        "en": "the file ends in the middle (truncated JSON) {after}; {count} {count:one=message "
              "was|other=messages were} read: export the chat again, or choose to use the "
              "messages read",
        "ru": "файл обрывается на середине (JSON не дописан) {after}; прочитано {count} "
              "{count:one=сообщение|few=сообщения|many=сообщений|other=сообщения}: выгрузите "
              "чат заново или используйте прочитанные сообщения",
    },
    "error.manifest_columns": {
        "en": "the manifest needs the columns name, data, game (missing: {missing}; found: "
              "{found})",
        "ru": "в списке кампаний нужны столбцы name, data, game (нет: {missing}; есть: {found})",
    },
    "error.manifest_empty": {
        "en": "the manifest is empty",
        "ru": "список кампаний пуст",
    },
    "error.manifest_no_campaigns": {
        "en": "the manifest lists no campaigns",
        "ru": "в списке нет ни одной кампании",
    },
    "error.manifest_no_data": {
        "en": "no data file",
        "ru": "не указан файл с данными",
    },
    "error.manifest_no_game": {
        "en": "no game spec",
        "ru": "не указан файл игры",
    },
    "error.manifest_not_utf8": {
        "en": "the manifest is not UTF-8 text",
        "ru": "список кампаний — не текст в UTF-8",
    },
    "error.mixed_forms": {
        "en": "weights or counts cannot be mixed with probabilities, percents or odds",
        "ru": "веса или количества нельзя смешивать с вероятностями, процентами или шансами",
    },
    "error.needs_package": {
        "en": "reading this file needs the package {package} ({what})",
        "ru": "для чтения этого файла нужен пакет {package} ({what})",
    },
    "error.negative_chance": {
        "en": "negative chance ({form} = {figure})",
        "ru": "отрицательный шанс ({form} = {figure})",
    },
    "error.no_batch": {
        "en": "campaign '{name}' has no batch {batch}",
        "ru": "в кампании «{name}» нет порции {batch}",
    },
    "error.no_bundled_data": {
        "en": "no bundled datasets: the package was installed without its data (reinstall it "
              "from a wheel)",
        "ru": "нет встроенных данных: пакет установлен без них (переустановите его из wheel)",
    },
    "error.no_campaign": {
        "en": "no campaign '{name}' in this store (`fairness campaign list` shows them)",
        "ru": "в этом хранилище нет кампании «{name}» (список: `fairness campaign list`)",
    },
    "error.no_campaigns_csv": {
        "en": "no bundled datasets here (campaigns.csv is missing)",
        "ru": "здесь нет встроенных данных (нет campaigns.csv)",
    },
    "error.no_chance": {
        "en": "no stated chance (give probability, percent, odds, weight or count, or remainder "
              "= true)",
        "ru": "шанс не указан (задайте probability, percent, odds, weight или count, либо "
              "remainder = true)",
    },
    "error.no_data_files": {
        "en": "no data files given",
        "ru": "не указаны файлы с данными",
    },
    "error.no_data_rows": {
        "en": "the file has no rows with data",
        "ru": "в файле нет строк с данными",
    },
    "error.no_export_in_folder": {
        "en": "no Telegram export in this folder (expected messages*.html or result.json)",
        "ru": "в этой папке нет экспорта Telegram (ожидались messages*.html или result.json)",
    },
    "error.no_export_in_zip": {
        "en": "no Telegram export in this zip (expected messages*.html or result.json)",
        "ru": "в этом архиве нет экспорта Telegram (ожидались messages*.html или result.json)",
    },
    "error.no_html_in_folder": {
        "en": "no messages*.html in this folder",
        "ru": "в этой папке нет файлов messages*.html",
    },
    "error.no_html_in_zip": {
        "en": "no messages*.html in this zip",
        "ru": "в этом архиве нет файлов messages*.html",
    },
    "error.no_messages": {
        "en": "no messages found",
        "ru": "сообщения не найдены",
    },
    "error.no_outcome_column": {
        "en": "no outcome column found (columns are: {columns}); name it 'результат' or "
              "'outcome', or map it with columns={{'outcome': '<column name>'}}",
        "ru": "не найден столбец с результатом (есть: {columns}); назовите его «результат» или "
              "«outcome» либо укажите: columns={{'outcome': '<имя столбца>'}}",
    },
    "error.no_outcomes": {
        "en": "no [[outcomes]] given",
        "ru": "не указаны исходы ([[outcomes]])",
    },
    "error.no_reason": {
        "en": "give a reason (it is kept with the exclusion)",
        "ru": "укажите причину (она хранится вместе с исключением)",
    },
    "error.no_reporter_spins": {
        "en": "no spins of reporter '{reporter}' in campaign '{name}'",
        "ru": "в кампании «{name}» нет вращений участника «{reporter}»",
    },
    "error.no_rules_version": {
        "en": "campaign '{name}' has no rules version {version}",
        "ru": "у кампании «{name}» нет версии правил {version}",
    },
    "error.no_store": {
        "en": "no store given (a file path or a database URL)",
        "ru": "хранилище не указано (путь к файлу или адрес базы данных)",
    },
    "error.no_streamlit": {
        "en": "Streamlit is not installed (pip install streamlit)",
        "ru": "Streamlit не установлен (pip install streamlit)",
    },
    "error.no_subfolders": {
        "en": "no campaign subfolders (each needs one *.toml game spec and its data files)",
        "ru": "нет папок кампаний (в каждой нужен один файл игры *.toml и файлы с данными)",
    },
    "error.no_such_column": {
        "en": "columns={{'{role}': '{wanted}'}}: no such column (columns are: {columns})",
        "ru": "columns={{'{role}': '{wanted}'}}: такого столбца нет (есть: {columns})",
    },
    "error.no_tallies": {
        "en": "no tally entries found (write one per line, e.g. '1% — 340')",
        "ru": "итоги не найдены (пишите по одному в строке, например «1% — 340»)",
    },
    "error.not_a_number": {
        "en": "{what} must be a number, not {value}",
        "ru": "{what}: нужно число, а не {value}",
    },
    "error.not_boolean": {
        "en": "{key} must be true or false",
        "ru": "{key}: нужно true или false",
    },
    "error.not_database_url": {
        "en": "not a database URL (expected a file path, sqlite:///FILE or "
              "postgresql://user:pass@host/db)",
        "ru": "это не адрес базы данных (ожидался путь к файлу, sqlite:///FILE или "
              "postgresql://user:pass@host/db)",
    },
    "error.not_encoding": {
        "en": "not valid {encoding} text (byte {byte}); check the encoding given",
        "ru": "это не текст в кодировке {encoding} (байт {byte}); проверьте указанную кодировку",
    },
    "error.not_encoding_nul": {
        "en": "not {encoding} text (NUL characters); check the encoding given",
        "ru": "это не текст в кодировке {encoding} (нулевые символы); проверьте указанную "
              "кодировку",
    },
    "error.not_excluded": {
        "en": "{target} is not excluded",
        "ru": "{target}: не исключено",
    },
    "error.not_finite": {
        "en": "{what} must be a finite number, not {value}",
        "ru": "{what}: нужно конечное число, а не {value}",
    },
    "error.not_html": {
        "en": "not an HTML page",
        "ru": "это не HTML-страница",
    },
    "error.not_json": {
        "en": "not JSON (a Telegram export starts with '{{')",
        "ru": "это не JSON (экспорт Telegram начинается с «{{»)",
    },
    "error.not_text_list": {
        "en": "{what} must be a list of strings",
        "ru": "{what}: нужен список строк",
    },
    "error.number_unreadable": {
        "en": "cannot read {what} {value} as a number",
        "ru": "{what}: не удаётся прочитать {value} как число",
    },
    "error.odds_above_one": {
        "en": "odds \"{text}\" give a chance above 1",
        "ru": "шансы «{text}» дают вероятность больше 1",
    },
    "error.odds_denominator": {
        "en": "odds \"{text}\" must have a positive second number",
        "ru": "в шансах «{text}» второе число должно быть больше нуля",
    },
    "error.odds_unreadable": {
        "en": "cannot read odds \"{text}\" (write e.g. \"1 in 20\", \"1:20\", \"1 к 20\")",
        "ru": "не удаётся прочитать шансы «{text}» (пишите, например, «1 из 20», «1:20», «1 к "
              "20»)",
    },
    "error.old_excel": {
        "en": "old Excel 97-2003 (.xls) files are not supported; save the sheet as .xlsx or CSV",
        "ru": "старые файлы Excel 97-2003 (.xls) не поддерживаются; сохраните лист как .xlsx "
              "или CSV",
    },
    "error.other_chat": {
        "en": "this export is of chat {chat}, but the campaign collects chat {stored}: message "
              "ids of two chats cannot be told apart (make a campaign for each chat)",
        "ru": "этот экспорт — из чата {chat}, а кампания собирает чат {stored}: номера "
              "сообщений двух чатов не различить (заведите по кампании на чат)",
    },
    "error.other_rules": {
        "en": "the data were read for other rules than the campaign's",
        "ru": "данные прочитаны для других правил, чем у кампании",
    },
    "error.outcome_no_label": {
        "en": "outcome has no label",
        "ru": "у исхода нет названия (label)",
    },
    "error.outcome_not_table": {
        "en": "each outcome must be a table",
        "ru": "каждый исход должен быть таблицей",
    },
    "error.outcomes_not_list": {
        "en": "`outcomes` must be a list of tables ([[outcomes]])",
        "ru": "`outcomes` должен быть списком таблиц ([[outcomes]])",
    },
    "error.parquet_signature": {
        "en": "not a readable Parquet file (no PAR1 signature)",
        "ru": "не удаётся прочитать файл Parquet (нет подписи PAR1)",
    },
    "error.parquet_unreadable": {
        "en": "not a readable Parquet file (damaged or not Parquet)",
        "ru": "не удаётся прочитать файл Parquet (он повреждён или это не Parquet)",
    },
    "error.percent_above_100": {
        "en": "percent {figure} is above 100",
        "ru": "процент {figure} больше 100",
    },
    "error.permission_denied": {
        "en": "permission denied",
        "ru": "нет прав на чтение",
    },
    "error.pool_needs_counts": {
        "en": "a finite prize pool (pool = true) needs every outcome given as `count`",
        "ru": "для конечного призового фонда (pool = true) каждый исход нужно задать как `count`",
    },
    "error.probability_above_one": {
        "en": "probability {figure} is above 1 (did you mean percent = {figure}?)",
        "ru": "вероятность {figure} больше 1 (может быть, имелось в виду percent = {figure}?)",
    },
    "error.ratio_one": {
        "en": "must not be 1 (that is no deviation)",
        "ru": "не может быть равно 1 (это не отклонение)",
    },
    "error.regex.bracket": {
        "en": "a [ is not closed",
        "ru": "не закрыта скобка [",
    },
    "error.regex.escape": {
        "en": "an unknown \\ escape",
        "ru": "неизвестная последовательность с \\",
    },
    "error.regex.other": {
        "en": "a syntax error",
        "ru": "синтаксическая ошибка",
    },
    "error.regex.repeat": {
        "en": "a repeat such as * or + has nothing before it",
        "ru": "перед * или + нечего повторять",
    },
    "error.regex.unbalanced": {
        "en": "a bracket ) has no opening one",
        "ru": "у скобки ) нет открывающей",
    },
    "error.regex.unclosed": {
        "en": "a bracket ( is not closed",
        "ru": "не закрыта скобка (",
    },
    "error.remainder_and_chance": {
        "en": "remainder = true cannot also give {form}",
        "ru": "при remainder = true нельзя указывать ещё и {form}",
    },
    "error.remainder_nothing_left": {
        "en": "the other chances already sum to {total:.6g}, above 1, so nothing is left for "
              "the remainder '{label}'",
        "ru": "остальные шансы в сумме уже {total:.6g}, больше 1, и на остаток «{label}» ничего "
              "не остаётся",
    },
    "error.remainder_with_weights": {
        "en": "a remainder makes no sense with weights or counts (they fix every chance)",
        "ru": "остаток (remainder) не имеет смысла при весах или количествах: они задают все "
              "шансы",
    },
    "error.rules_changed": {
        "en": "the rules changed while the files were read; add them again",
        "ru": "правила изменились, пока читались файлы; добавьте их ещё раз",
    },
    "error.rules_start": {
        "en": "new rules must start after the current ones ({date})",
        "ru": "новые правила должны начинаться позже текущих ({date})",
    },
    "error.several_chances": {
        "en": "give one form of chance, not {forms}",
        "ru": "укажите шанс одним способом, а не {forms}",
    },
    "error.store_folder_missing": {
        "en": "the folder of the store does not exist",
        "ru": "папки для хранилища не существует",
    },
    "error.store_is_folder": {
        "en": "is a folder, not a store file",
        "ru": "это папка, а не файл хранилища",
    },
    "error.store_unreadable": {
        "en": "cannot open the store (not a campaign store, damaged, or the database cannot be "
              "reached)",
        "ru": "не удаётся открыть хранилище (это не хранилище кампаний, оно повреждено или база "
              "данных недоступна)",
    },
    "error.tally_needs_count": {
        "en": "form='tally' needs a count column (columns are: {columns}); map it with "
              "columns={{'count': '<column name>'}}",
        "ru": "для form='tally' нужен столбец с количеством (есть: {columns}); укажите его: "
              "columns={{'count': '<имя столбца>'}}",
    },
    "error.toml": {
        "en": "not valid TOML",
        "ru": "это не TOML",
    },
    "error.toml_at": {
        "en": "not valid TOML (line {line!s}, column {column!s})",
        "ru": "это не TOML (строка {line!s}, позиция {column!s})",
    },
    "error.two_outcome_columns": {
        "en": "two columns could hold the outcome ({columns}); say which with "
              "columns={{'outcome': '{first}'}}",
        "ru": "результат может быть в двух столбцах ({columns}); укажите нужный: "
              "columns={{'outcome': '{first}'}}",
    },
    "error.two_remainders": {
        "en": "only one outcome may be the remainder ('{first}' and '{second}' are)",
        "ru": "остатком (remainder) может быть только один исход, а их два: «{first}» и "
              "«{second}»",
    },
    "error.unknown_format": {
        "en": "unknown format '{suffix}' (expected .json, .html, .zip, .csv, .tsv, .txt, .xlsx "
              "or .parquet)",
        "ru": "неизвестный формат «{suffix}» (ожидались .json, .html, .zip, .csv, .tsv, .txt, "
              ".xlsx или .parquet)",
    },
    "error.unknown_keys": {
        "en": "unknown key(s) {keys}",
        "ru": "неизвестные ключи: {keys}",
    },
    "error.unknown_target": {
        "en": "unknown outcome '{target}' (the game has: {labels})",
        "ru": "неизвестный исход «{target}» (в игре есть: {labels})",
    },
    "error.unknown_top_keys": {
        "en": "unknown key(s) {keys} at the top level",
        "ru": "неизвестные ключи на верхнем уровне: {keys}",
    },
    "error.unsupported_database": {
        "en": "unsupported database '{backend}' (SQLite or PostgreSQL)",
        "ru": "база данных «{backend}» не поддерживается (SQLite или PostgreSQL)",
    },
    "error.valid_from_after_to": {
        "en": "valid_from is after valid_to",
        "ru": "valid_from позже, чем valid_to",
    },
    "error.weights_sum_zero": {
        "en": "weights or counts sum to 0",
        "ru": "сумма весов или количеств равна 0",
    },
    "error.zip_not_table": {
        "en": "this is a ZIP archive, not a table (unpack it first)",
        "ru": "это ZIP-архив, а не таблица (сначала распакуйте его)",
    },
    "error.zip_unreadable": {
        "en": "not a readable zip archive",
        "ru": "не удаётся прочитать ZIP-архив",
    },
    "kind.7z": {
        "en": "a 7-zip archive",
        "ru": "архив 7-zip",
    },
    "kind.audio": {
        "en": "an audio file",
        "ru": "аудиофайл",
    },
    "kind.gif": {
        "en": "a GIF image",
        "ru": "картинка GIF",
    },
    "kind.gzip": {
        "en": "a gzip archive",
        "ru": "архив gzip",
    },
    "kind.jpeg": {
        "en": "a JPEG image",
        "ru": "картинка JPEG",
    },
    "kind.media": {
        "en": "a media file",
        "ru": "медиафайл",
    },
    "kind.old_office": {
        "en": "an old Office (.xls/.doc) file",
        "ru": "старый файл Office (.xls/.doc)",
    },
    "kind.pdf": {
        "en": "a PDF document",
        "ru": "документ PDF",
    },
    "kind.png": {
        "en": "a PNG image",
        "ru": "картинка PNG",
    },
    "kind.program": {
        "en": "a program",
        "ru": "программа",
    },
    "kind.rar": {
        "en": "a RAR archive",
        "ru": "архив RAR",
    },
    "kind.sqlite": {
        "en": "an SQLite database",
        "ru": "база данных SQLite",
    },
    "kind.windows_program": {
        "en": "a Windows program",
        "ru": "программа Windows",
    },
    "where.after_message": {
        "en": "after msg {id}",
        "ru": "после сообщения {id}",
    },
    "where.before_first_message": {
        "en": "before the first message",
        "ru": "до первого сообщения",
    },
    "where.byte": {
        "en": "byte {byte!s}",
        "ru": "байт {byte!s}",
    },
    "where.header": {
        "en": "header",
        "ru": "заголовок",
    },
    "where.line": {
        "en": "line {line!s}",
        "ru": "строка {line!s}",
    },
    "where.outcome": {
        "en": "outcome '{label}'",
        "ru": "исход «{label}»",
    },
    "where.outcome_number": {
        "en": "outcome #{index!s}",
        "ru": "исход № {index!s}",
    },
    "where.patterns": {
        "en": "patterns",
        "ru": "шаблоны",
    },
    "where.patterns_of": {
        "en": "patterns of '{label}'",
        "ru": "шаблоны «{label}»",
    },
    "where.row_label": {
        "en": "row {row} ('{label}')",
        "ru": "строка {row} («{label}»)",
    },
    # hostile inputs and limits (issue 15); the file and place are added around each
    "error.json_too_deep": {
        "en": "arrays and objects nested deeper than {limit} levels (a Telegram export nests 7): "
              "not an export, or a damaged one",
        "ru": "массивы и объекты вложены глубже {limit} уровней (в выгрузке Telegram их 7): "
              "это не выгрузка или она повреждена"},
    "error.json_syntax": {
        "en": "not valid JSON {after} ({problem})",
        "ru": "ошибка в JSON {after} ({problem})"},
    "error.zip_duplicate": {
        "en": "the archive holds {count} files of this name: unpack it and keep one",
        "ru": "в архиве {count} файла с этим именем: распакуйте его и оставьте один"},
    "error.zip_encrypted": {
        "en": "this file of the archive is encrypted (password-protected): unpack it first",
        "ru": "этот файл архива зашифрован (под паролем): сначала распакуйте его"},
    "error.zip_method": {
        "en": "this file of the archive uses compression method {method}, which cannot be "
              "read: pack it again as an ordinary zip",
        "ru": "этот файл архива сжат методом {method}, который не читается: упакуйте его "
              "заново обычным zip"},
    "error.zip_damaged": {
        "en": "this file of the archive is damaged ({problem}): pack it again",
        "ru": "этот файл архива повреждён ({problem}): упакуйте его заново"},
    "error.zip_too_big": {
        "en": "the archive unpacks to more than {limit} MB, the limit of one upload",
        "ru": "архив распаковывается больше чем в {limit} МБ — это предел одной загрузки"},
    "error.zip_ratio": {
        "en": "this file unpacks to over {limit} times its packed size (a zip bomb?): refused",
        "ru": "этот файл распаковывается больше чем в {limit} раз (zip-бомба?): отклонён"},
    "error.html_too_deep": {
        "en": "HTML elements nested deeper than {limit} levels (a Telegram page nests about "
              "12): not an export, or a damaged one",
        "ru": "элементы HTML вложены глубже {limit} уровней (на странице Telegram около 12): "
              "это не выгрузка или она повреждена"},
    "error.tally_too_big": {
        "en": "a summary text of over {limit} KB (a summary is a few lines): refused",
        "ru": "текст сводки больше {limit} КБ (сводка — это несколько строк): отклонён"},
    "error.too_many_outcomes": {
        "en": "{count:,} outcomes, more than the limit of {limit:,}",
        "ru": "исходов {count} — больше предела {limit}"},
    "error.pattern_too_long": {
        "en": "a pattern of '{label}' is {length:,} characters long (the limit is {limit:,})",
        "ru": "шаблон исхода «{label}» длиной {length} символов (предел {limit})"},
    "error.pattern_too_slow": {
        "en": "the patterns of '{label}' took over {seconds} s on one message (nested "
              "repetition such as (a+)+ ?): simplify them",
        "ru": "шаблоны исхода «{label}» проверяли одно сообщение дольше {seconds} с (вложенное "
              "повторение вроде (a+)+ ?): упростите их"},
    "error.too_few_allowed": {
        "en": "outcomes with a chance above 0: {allowed}; a draw with fewer than two possible "
              "outcomes has nothing to check (give at least two outcomes a chance)",
        "ru": "исходов с шансом больше 0: {allowed}; в розыгрыше, где возможных исходов меньше "
              "двух, нечего проверять (задайте шанс хотя бы двум исходам)"},
    "error.chances_overflow": {
        "en": "the weights are too large to add up (their sum is not a finite number)",
        "ru": "веса слишком велики, чтобы их сложить (сумма — не конечное число)"},
    "error.nested_column": {
        "en": "column {column} holds lists or records, not single values",
        "ru": "в столбце {column} списки или записи, а не отдельные значения"},
    "error.no_outcome_column_count": {
        "en": "no column of outcomes found among {columns} columns (name one: "
              "columns={{'outcome': '<column name>'}}, or a header 'outcome' / 'результат')",
        "ru": "среди столбцов ({columns}) нет столбца с исходами (укажите его: "
              "columns={{'outcome': '<имя столбца>'}} или заголовок «outcome» / «результат»)"},
    "error.lookalike_labels": {
        "en": "the labels '{label}' and '{other}' differ only in invisible characters or in "
              "letters that look the same (Latin and Cyrillic): give them different names",
        "ru": "метки «{label}» и «{other}» различаются только невидимыми символами или "
              "одинаковыми на вид буквами (латиница и кириллица): назовите их по-разному"},
    "error.json_string_too_long": {
        "en": "a text of over {limit} KB in one string (a Telegram message is at most 4,096 "
              "characters): not an export, or a damaged one",
        "ru": "текст больше {limit} КБ в одной строке (сообщение Telegram — не больше 4096 "
              "символов): это не выгрузка или она повреждена"},
    "error.page_too_big": {
        "en": "a page of over {limit} MB (Telegram writes pages of about 0.5 MB): refused",
        "ru": "страница больше {limit} МБ (Telegram пишет страницы около 0,5 МБ): отклонена"},
    "error.too_many_columns": {
        "en": "{count} columns, more than the limit of {limit} (a spins table has a few)",
        "ru": "столбцов {count} — больше предела {limit} (в таблице вращений их несколько)"},
}
