"""The app's words (the check page ``ui.*`` and the campaign page ``ui.campaign.*``)."""

WORDS: dict[str, dict[str, str]] = {
    "ui.accounting": {
        "en": "What was read",
        "ru": "Что прочитано",
    },
    "ui.by_reason": {
        "en": "Rejected by reason",
        "ru": "Отклонено по причинам",
    },
    "ui.campaign.batch": {
        "en": "Batch",
        "ru": "Порция",
    },
    "ui.campaign.batches": {
        "en": "Batches",
        "ru": "Порций",
    },
    "ui.campaign.campaign": {
        "en": "Campaign",
        "ru": "Кампания",
    },
    "ui.campaign.card": {
        "en": "Share card (PNG)",
        "ru": "Карточка для канала (PNG)",
    },
    "ui.campaign.chart.e": {
        "en": "E (log scale)",
        "ru": "E (лог. шкала)",
    },
    "ui.campaign.chart.line": {
        "en": "1/α: inconsistent",
        "ru": "1/α: «не соответствует»",
    },
    "ui.campaign.chart.n": {
        "en": "Spins",
        "ru": "Вращений",
    },
    "ui.campaign.checks": {
        "en": "Recorded checks",
        "ru": "Записанные проверки",
    },
    "ui.campaign.comment": {
        "en": "Comment (no screenshots, no personal data)",
        "ru": "Комментарий (без скриншотов и личных данных)",
    },
    "ui.campaign.date": {
        "en": "Date",
        "ru": "Когда",
    },
    "ui.campaign.done": {
        "en": "Done.",
        "ru": "Готово.",
    },
    "ui.campaign.evalue": {
        "en": "Evidence E",
        "ru": "Свидетельство E",
    },
    "ui.campaign.exclude": {
        "en": "Exclude",
        "ru": "Исключить",
    },
    "ui.campaign.form": {
        "en": "Report your spin",
        "ru": "Сообщить о своём вращении",
    },
    "ui.campaign.form_help": {
        "en": "Anonymous: you are a pseudonym of this session. At most {limit} reports an hour; "
              "the same report twice is refused.",
        "ru": "Анонимно: вы — псевдоним этой сессии. Не больше {limit} отчётов в час; "
              "одинаковые отчёты не принимаются.",
    },
    "ui.campaign.history": {
        "en": "E after each batch",
        "ru": "E после каждой порции",
    },
    "ui.campaign.history_caption": {
        "en": "The red line is 1/α = {threshold}: an honest wheel reaches it with probability "
              "at most α, however often it is checked. Dots are recorded checks.",
        "ru": "Красная линия — 1/α = {threshold}: честное колесо достигает её с вероятностью не "
              "больше α, как бы часто ни проверяли. Точки — записанные проверки.",
    },
    "ui.campaign.moderation": {
        "en": "Moderation",
        "ru": "Модерация",
    },
    "ui.campaign.no_campaigns": {
        "en": "No campaigns in the store yet. Make one: `fairness campaign new STORE NAME "
              "--game GAME.toml`.",
        "ru": "В хранилище пока нет кампаний. Создайте: `fairness campaign new STORE NAME "
              "--game GAME.toml`.",
    },
    "ui.campaign.no_password": {
        "en": "Moderation is off: no password in secrets ([fairness] moderator_password).",
        "ru": "Модерация выключена: пароль не задан в secrets ([fairness] moderator_password).",
    },
    "ui.campaign.outcome": {
        "en": "Outcome",
        "ru": "Что выпало",
    },
    "ui.campaign.page": {
        "en": "Page",
        "ru": "Раздел",
    },
    "ui.campaign.page.campaign": {
        "en": "Campaigns",
        "ru": "Кампании",
    },
    "ui.campaign.page.check": {
        "en": "Check a file",
        "ru": "Проверка файла",
    },
    "ui.campaign.password": {
        "en": "Moderator password",
        "ru": "Пароль модератора",
    },
    "ui.campaign.reason": {
        "en": "Reason",
        "ru": "Причина",
    },
    "ui.campaign.record": {
        "en": "Record a check in the history",
        "ru": "Записать проверку в историю",
    },
    "ui.campaign.restore": {
        "en": "Restore",
        "ru": "Вернуть",
    },
    "ui.campaign.segment": {
        "en": "Segment (optional: new client, platform…)",
        "ru": "Сегмент (необязательно: новый клиент, платформа…)",
    },
    "ui.campaign.send": {
        "en": "Send",
        "ru": "Отправить",
    },
    "ui.campaign.since": {
        "en": "Since the last recorded check: {change}",
        "ru": "С последней записанной проверки: {change}",
    },
    "ui.campaign.spins": {
        "en": "Spins",
        "ru": "Вращений",
    },
    "ui.campaign.store": {
        "en": "Store: {store}",
        "ru": "Хранилище: {store}",
    },
    "ui.campaign.threshold": {
        "en": "threshold {threshold}",
        "ru": "порог {threshold}",
    },
    "ui.campaign.title": {
        "en": "Campaign: spins collected by the community",
        "ru": "Кампания: сбор вращений сообществом",
    },
    "ui.campaign.verdict": {
        "en": "Verdict on everything kept",
        "ru": "Вердикт по всем собранным данным",
    },
    "ui.campaign.wrong_password": {
        "en": "Wrong password.",
        "ru": "Неверный пароль.",
    },
    "ui.caveats": {
        "en": "Caveats",
        "ru": "Оговорки",
    },
    "ui.chart.caption": {
        "en": "The dot is how many times more (right of 1) or less (left of 1) often the "
              "outcome came up than stated; the bar is its 95% interval; the grey band is the "
              "rounding the statement allows; on the right: seen / expected. Red: significant "
              "after Holm's correction.",
        "ru": "Точка — во сколько раз чаще (правее 1) или реже (левее 1) результат выпадал, чем "
              "обещано; отрезок — 95-процентный интервал; серая полоса — допуск округления; "
              "справа — выпало / ожидалось. Красным — отклонение, значимое после поправки Холма.",
    },
    "ui.chart.evalue": {
        "en": "evidence E (log scale)",
        "ru": "свидетельство E (лог. шкала)",
    },
    "ui.chart.expected": {
        "en": "expected",
        "ru": "ожидалось",
    },
    "ui.chart.forbidden": {
        "en": "Outcomes the rules forbid: {items}.",
        "ru": "Запрещённые правилами результаты: {items}.",
    },
    "ui.chart.high": {
        "en": "to",
        "ru": "до",
    },
    "ui.chart.inconsistent": {
        "en": "'inconsistent': E = {threshold}",
        "ru": "«не соответствует»: E = {threshold}",
    },
    "ui.chart.low": {
        "en": "from",
        "ru": "от",
    },
    "ui.chart.observed": {
        "en": "observed",
        "ru": "выпало",
    },
    "ui.chart.outcome": {
        "en": "outcome",
        "ru": "результат",
    },
    "ui.chart.ratio": {
        "en": "observed ÷ stated chance (95% interval)",
        "ru": "выпало ÷ заявлено (95-процентный интервал)",
    },
    "ui.chart.spins": {
        "en": "spins (in time order)",
        "ru": "вращения (по времени)",
    },
    "ui.chart.suspicious": {
        "en": "'suspicious': E = 10",
        "ru": "«подозрительно»: E = 10",
    },
    "ui.col.chance": {
        "en": "Chance",
        "ru": "Шанс",
    },
    "ui.col.chance_help": {
        "en": "Any form: 5%, 0.05, 1 in 20, 1:20, weight 3, count 7000, remainder. Empty: the "
              "prize is shown but its chance is not stated.",
        "ru": "В любом виде: 5%, 0.05, 1 из 20, 1 к 20, 1:20, вес 3, 7000 шт (count 7000), "
              "остальное. Пусто — приз есть на колесе, но шанс не объявлен.",
    },
    "ui.col.count": {
        "en": "How many",
        "ru": "Сколько",
    },
    "ui.col.excerpt": {
        "en": "Message (personal data masked)",
        "ru": "Сообщение (скрыто личное)",
    },
    "ui.col.label": {
        "en": "Outcome",
        "ru": "Результат",
    },
    "ui.col.pattern": {
        "en": "Pattern",
        "ru": "Шаблон",
    },
    "ui.col.reason": {
        "en": "Reason",
        "ru": "Причина",
    },
    "ui.col.source": {
        "en": "Where",
        "ru": "Где",
    },
    "ui.col.stated": {
        "en": "Chance",
        "ru": "Шанс",
    },
    "ui.col.value": {
        "en": "Prize value",
        "ru": "Приз (величина)",
    },
    "ui.col.written": {
        "en": "As written",
        "ru": "Как написано",
    },
    "ui.data": {
        "en": "Data",
        "ru": "Данные",
    },
    "ui.demo_note": {
        "en": "A synthetic campaign of {n} {n:one=spin|other=spins} from {reporters} "
              "{reporters:one=reporter|other=reporters} (`datasets/spins/demo_cashback.csv`).",
        "ru": "Синтетическая кампания из {n} "
              "{n:one=вращения|few=вращений|many=вращений|other=вращения} от {reporters} "
              "{reporters:one=участника|few=участников|many=участников|other=участника} "
              "(`datasets/spins/demo_cashback.csv`).",
    },
    "ui.details": {
        "en": "Details",
        "ru": "Подробности",
    },
    "ui.dl.caption": {
        "en": "The card is made to be posted back to the chat; the spins file holds only "
              "pseudonyms.",
        "ru": "Картинку удобно отправить обратно в чат; в файле вращений — только псевдонимы.",
    },
    "ui.dl.card": {
        "en": "PNG card",
        "ru": "Картинка PNG",
    },
    "ui.dl.game": {
        "en": "Game TOML",
        "ru": "Игра TOML",
    },
    "ui.dl.html": {
        "en": "HTML report",
        "ru": "Отчёт HTML",
    },
    "ui.dl.json": {
        "en": "JSON",
        "ru": "JSON",
    },
    "ui.dl.markdown": {
        "en": "Markdown report",
        "ru": "Отчёт Markdown",
    },
    "ui.dl.spins": {
        "en": "Spins CSV",
        "ru": "Вращения CSV",
    },
    "ui.download_game": {
        "en": "Download the game (.toml)",
        "ru": "Скачать игру (.toml)",
    },
    "ui.downloads": {
        "en": "Downloads",
        "ru": "Скачать",
    },
    "ui.error_title": {
        "en": "That did not work",
        "ru": "Не получилось",
    },
    "ui.evidence_caption": {
        "en": "E is updated after every batch of spins. An honest wheel reaches the red line at "
              "any time with chance at most {alpha}, however often it is checked (Ville's "
              "inequality) — so looking again after every new batch is safe.",
        "ru": "Свидетельство E пересчитывается после каждой порции вращений. У честного колеса "
              "шанс когда-либо дойти до красной линии не больше {alpha}, сколько бы раз ни "
              "проверять (неравенство Вилля), — поэтому смотреть снова после каждой новой "
              "порции данных безопасно.",
    },
    "ui.extraction": {
        "en": "What was read",
        "ru": "Что прочитано",
    },
    "ui.extras_missing": {
        "en": "These checks need each reporter's spins in order (time and reporter columns, or "
              "a chat export) and appear here when the analysis runs them.",
        "ru": "Эти проверки требуют порядка вращений каждого участника (столбцы времени и "
              "участника, или экспорт чата) и появятся здесь, когда анализ их выполнит.",
    },
    "ui.extras_none": {
        "en": "The check does not apply to these data.",
        "ru": "Проверка не применима к этим данным.",
    },
    "ui.findings": {
        "en": "Findings",
        "ru": "Что найдено",
    },
    "ui.fits": {
        "en": "Goodness-of-fit tests",
        "ru": "Тесты общего согласия",
    },
    "ui.footer": {
        "en": "fairness {version} · α = {alpha} · seed {seed!s}",
        "ru": "fairness {version} · α = {alpha} · зерно генератора {seed!s}",
    },
    "ui.game_caption": {
        "en": "'{name}'{operator}: {n} {n:one=outcome|other=outcomes}.",
        "ru": "«{name}»{operator}: {n} "
              "{n:one=результат|few=результата|many=результатов|other=результата}.",
    },
    "ui.game_name": {
        "en": "Name of the game",
        "ru": "Название игры",
    },
    "ui.intro": {
        "en": "Upload the spins your community collected, give the odds the operator states, "
              "and get an answer: does the draw match its rules, is it suspicious, or is more "
              "data needed.",
        "ru": "Загрузите результаты вращений, укажите заявленные шансы — и получите ответ: "
              "соответствует ли розыгрыш правилам, подозрителен он или данных пока мало.",
    },
    "ui.k.evalue": {
        "en": "Evidence E",
        "ru": "Свидетельство E",
    },
    "ui.k.evalue_help": {
        "en": "How many times likelier the data are under a deviation than under the stated "
              "odds. 'Inconsistent' needs {threshold}; checking again after every new batch is "
              "safe.",
        "ru": "Во сколько раз данные вероятнее при отклонении от заявленного, чем при "
              "заявленных шансах. Порог «не соответствует» — {threshold}; проверять после "
              "каждой новой порции данных безопасно.",
    },
    "ui.k.fit": {
        "en": "Overall fit, p",
        "ru": "Общее согласие, p",
    },
    "ui.k.more": {
        "en": "More spins needed",
        "ru": "Ещё вращений нужно",
    },
    "ui.k.period": {
        "en": "Period",
        "ru": "Период",
    },
    "ui.k.reporters": {
        "en": "Reporters",
        "ru": "Участников",
    },
    "ui.k.spins": {
        "en": "Spins",
        "ru": "Вращений",
    },
    "ui.k.threshold": {
        "en": "threshold {threshold}",
        "ru": "порог {threshold}",
    },
    "ui.lang": {
        "en": "Language",
        "ru": "Язык",
    },
    "ui.lang.en": {
        "en": "English",
        "ru": "English",
    },
    "ui.lang.ru": {
        "en": "Русский",
        "ru": "Русский",
    },
    "ui.m.not_a_report": {
        "en": "Not reports",
        "ru": "Не отчёты",
    },
    "ui.m.read": {
        "en": "Read",
        "ru": "Прочитано",
    },
    "ui.m.read_messages": {
        "en": "Messages read",
        "ru": "Сообщений прочитано",
    },
    "ui.m.rejected": {
        "en": "Rejected",
        "ru": "Отклонено",
    },
    "ui.m.spins_found": {
        "en": "Spins found",
        "ru": "Вращений найдено",
    },
    "ui.m.tally_spins": {
        "en": "From tallies and polls",
        "ru": "Из итогов и опросов",
    },
    "ui.next_step": {
        "en": "Next step",
        "ru": "Что дальше",
    },
    "ui.no_order": {
        "en": "The order of spins is unknown (tallies only): E = {evalue}.",
        "ru": "Порядок вращений неизвестен (только итоги): E = {evalue}.",
    },
    "ui.notes": {
        "en": "Repairs made while reading",
        "ru": "Исправления при чтении",
    },
    "ui.nothing_rejected": {
        "en": "Nothing was rejected.",
        "ru": "Ничего не отклонено.",
    },
    "ui.odds": {
        "en": "Stated odds",
        "ru": "Заявленные шансы",
    },
    "ui.odds_mode": {
        "en": "Where the odds come from",
        "ru": "Откуда шансы",
    },
    "ui.odds_mode.bundled": {
        "en": "From the demo (the cashback wheel's rules)",
        "ru": "Из примера (правила колеса кэшбэка)",
    },
    "ui.odds_mode.table": {
        "en": "Type them in a table",
        "ru": "Ввести таблицей",
    },
    "ui.odds_mode.toml": {
        "en": "Upload a game file (.toml)",
        "ru": "Загрузить файл игры (.toml)",
    },
    "ui.page_title": {
        "en": "Is the draw fair? — fairness",
        "ru": "Честный ли розыгрыш? — fairness",
    },
    "ui.patterns": {
        "en": "Recognition patterns",
        "ru": "Шаблоны распознавания",
    },
    "ui.patterns_help": {
        "en": "Regular expressions (case-insensitive) that recognise each outcome in a message; "
              "several joined with '|'. Empty: derived from the label. The verdict updates when "
              "they change.",
        "ru": "Регулярные выражения (без учёта регистра), по которым в сообщении узнаётся "
              "результат; несколько — через «|». Пусто — по названию результата. Вердикт "
              "пересчитывается при изменении.",
    },
    "ui.privacy": {
        "en": ":material/lock: Nothing uploaded is stored: the file is read in memory (a "
              "temporary copy is deleted right after reading) and the result is forgotten after "
              "an hour or on restart. Reporters get pseudonyms; phone numbers, e-mails, "
              "@mentions and profile links in the messages shown are masked. Reports hold only "
              "pseudonyms and counts.",
        "ru": ":material/lock: Загруженное не сохраняется: файл читается в памяти (временная "
              "копия удаляется сразу после чтения), результат забывается через час или при "
              "перезапуске. Участники получают псевдонимы; телефоны, почта, @упоминания и "
              "ссылки на профили в показанных сообщениях скрыты. В отчётах — только псевдонимы "
              "и счёт.",
    },
    "ui.rejected_list": {
        "en": "Rejected messages",
        "ru": "Отклонённые сообщения",
    },
    "ui.source": {
        "en": "Where the spins come from",
        "ru": "Откуда вращения",
    },
    "ui.source.demo": {
        "en": "Demo: a cashback wheel (8,000 spins)",
        "ru": "Пример: колесо кэшбэка (8 000 вращений)",
    },
    "ui.source.table": {
        "en": "A table (CSV, Excel, Parquet)",
        "ru": "Таблица (CSV, Excel, Parquet)",
    },
    "ui.source.tallies": {
        "en": "Tallies pasted as text",
        "ru": "Итоги, вставленные текстом",
    },
    "ui.source.telegram": {
        "en": "Telegram chat export (result.json or an HTML .zip)",
        "ru": "Экспорт чата Telegram (result.json или .zip с HTML)",
    },
    "ui.tab.bias": {
        "en": "Reporting bias",
        "ru": "Выборочность отчётов",
    },
    "ui.tab.chart": {
        "en": "Observed vs stated",
        "ru": "Выпало и заявлено",
    },
    "ui.tab.evidence": {
        "en": "Evidence over time",
        "ru": "Свидетельство во времени",
    },
    "ui.tab.segments": {
        "en": "Segments and drift",
        "ru": "Группы и дрейф",
    },
    "ui.tab.sequence": {
        "en": "Sequences and streaks",
        "ru": "Серии и порядок",
    },
    "ui.tab.table": {
        "en": "Per outcome",
        "ru": "По результатам",
    },
    "ui.tallies_placeholder": {
        "en": "1% — 5730\n3% — 1515\n5% — 539\n10% — 203\n100% — 13",
        "ru": "1% — 5730\n3% — 1515\n5% — 539\n10% — 203\n100% — 13",
    },
    "ui.tallies_text": {
        "en": "Tallies: one outcome per line",
        "ru": "Итоги: по одному результату в строке",
    },
    "ui.tc.allowed": {
        "en": "allowed",
        "ru": "допуск",
    },
    "ui.tc.ci": {
        "en": "95% interval of share",
        "ru": "95-процентный интервал доли",
    },
    "ui.tc.observed": {
        "en": "observed",
        "ru": "выпало",
    },
    "ui.tc.p_holm": {
        "en": "p (Holm)",
        "ru": "p (Холм)",
    },
    "ui.tc.posterior": {
        "en": "estimated chance (Bayes)",
        "ru": "оценка шанса (Байес)",
    },
    "ui.tc.pvalue": {
        "en": "p",
        "ru": "p",
    },
    "ui.tc.rate": {
        "en": "share",
        "ru": "доля",
    },
    "ui.tc.ratio": {
        "en": "÷ stated",
        "ru": "÷ заявлено",
    },
    "ui.tc.stated": {
        "en": "stated",
        "ru": "заявлено",
    },
    "ui.title": {
        "en": "Is the wheel fair?",
        "ru": "Честное ли колесо?",
    },
    "ui.trigger": {
        "en": "Words that mark a spin report (comma-separated)",
        "ru": "Слова-признаки отчёта о вращении (через запятую)",
    },
    "ui.trigger_help": {
        "en": "A message is a report when it contains one of these words ('*' allows any "
              "ending). Empty: every message that names an outcome.",
        "ru": "Сообщение считается отчётом, если в нём есть одно из этих слов («*» — любое "
              "окончание). Пусто — любое сообщение, где назван результат.",
    },
    "ui.upload_game": {
        "en": "Game file (TOML)",
        "ru": "Файл игры (TOML)",
    },
    "ui.upload_table": {
        "en": "File with the spins",
        "ru": "Файл с вращениями",
    },
    "ui.upload_table_help": {
        "en": "One row per spin with an outcome column ('outcome', 'prize', 'результат'), "
              "optionally a date and a reporter. Or a tally table: outcome and count.",
        "ru": "Одна строка — одно вращение; столбец с результатом («результат», «outcome», "
              "«приз»), по желанию дата и участник. Или итоговая таблица: результат и "
              "количество.",
    },
    "ui.upload_telegram": {
        "en": "Chat export",
        "ru": "Экспорт чата",
    },
    "ui.upload_telegram_help": {
        "en": "Telegram Desktop → ⋮ → 'Export chat history': JSON (result.json) or HTML (zip "
              "the folder).",
        "ru": "Telegram Desktop → ⋮ → «Экспорт истории чата»: формат JSON (result.json) или "
              "HTML (заархивируйте папку в .zip).",
    },
    "ui.verdict": {
        "en": "Verdict",
        "ru": "Вердикт",
    },
    "ui.waiting_game": {
        "en": "Upload a game file or type the odds in a table.",
        "ru": "Загрузите файл игры или введите шансы таблицей.",
    },
    "ui.waiting_tallies": {
        "en": "Paste the tallies to see the verdict.",
        "ru": "Вставьте итоги, чтобы увидеть вердикт.",
    },
    "ui.uploader.button": {
        "en": "Upload",
        "ru": "Загрузить",
    },
    "ui.uploader.limit": {
        "en": "up to {mb} MB per file",
        "ru": "до {mb} МБ на файл",
    },
    "ui.waiting_upload": {
        "en": "Upload a file to see the verdict.",
        "ru": "Загрузите файл, чтобы увидеть вердикт.",
    },
    "ui.campaign.chart.alt": {
        "en": "The chart shows: {batches} batches; evidence E after {n} spins is {last} "
              "(highest {top}).",
        "ru": "На графике: {batches} порций, свидетельство E после {n} вращений — {last} "
              "(максимум {top}).",
    },
    "ui.inputs": {
        "en": "Data and odds — use your own",
        "ru": "Данные и шансы — загрузить свои",
    },
    "ui.showing": {
        "en": "Checked: {source} against '{game}'.",
        "ru": "Проверено: {source} против «{game}».",
    },
    "ui.showing.demo": {
        "en": "the demo (8,000 spins of a cashback wheel)",
        "ru": "пример (8 000 вращений колеса кэшбэка)",
    },
    "ui.showing.text": {
        "en": "the pasted tallies",
        "ru": "вставленные итоги",
    },
    "ui.share_card": {
        "en": "Picture for the chat (PNG)",
        "ru": "Картинка для чата (PNG)",
    },
    "ui.open_inputs": {
        "en": "Open 'Data and odds' below to use your own data.",
        "ru": "Откройте «Данные и шансы» ниже, чтобы загрузить свои данные.",
    },
    "ui.level_icon.rules_violated": {
        "en": "violation",
        "ru": "нарушение",
    },
    "ui.level_icon.inconsistent": {
        "en": "strong",
        "ru": "сильное",
    },
    "ui.level_icon.suspicious": {
        "en": "warning",
        "ru": "внимание",
    },
    "ui.level_icon.info": {
        "en": "note",
        "ru": "справка",
    },
    "ui.wrong_type.telegram": {
        "en": "'{name}' is not a Telegram chat export (a .{ext} file). Upload result.json or a "
              ".zip of the HTML export: Telegram Desktop → ⋮ → 'Export chat history'.",
        "ru": "«{name}» — не экспорт чата Telegram (файл .{ext}). Нужен result.json или .zip "
              "папки с HTML-экспортом: Telegram Desktop → ⋮ → «Экспорт истории чата».",
    },
    "ui.wrong_type.telegram_table": {
        "en": "'{name}' is a table (.{ext}), not a chat export. Choose 'A table (CSV, Excel, "
              "Parquet)' above and upload it there.",
        "ru": "«{name}» — таблица (.{ext}), а не экспорт чата. Выберите выше «Таблица (CSV, "
              "Excel, Parquet)» и загрузите её там.",
    },
    "ui.wrong_type.table": {
        "en": "'{name}' is not a table (a .{ext} file). Use CSV, TSV, TXT, Excel or Parquet.",
        "ru": "«{name}» — не таблица (файл .{ext}). Подойдут CSV, TSV, TXT, Excel или Parquet.",
    },
    "ui.wrong_type.table_telegram": {
        "en": "'{name}' looks like a chat export (.{ext}). Choose 'Telegram chat export' above "
              "and upload it there.",
        "ru": "«{name}» похож на экспорт чата (.{ext}). Выберите выше «Экспорт чата Telegram» и "
              "загрузите его там.",
    },
    "ui.truncated_use": {
        "en": "Use the messages read so far",
        "ru": "Использовать уже прочитанные сообщения",
    },
    "ui.empty_result": {
        "en": "No spins were found: {read} read, {rejected} rejected, {not_a_report} not "
              "reports. Next step: {next}",
        "ru": "Ни одного вращения не найдено: прочитано {read}, отклонено {rejected}, не "
              "отчётов {not_a_report}. Что дальше: {next}",
    },
    "ui.empty_next.telegram": {
        "en": "check the trigger words and patterns under 'Data and odds' and the sample "
              "messages below.",
        "ru": "проверьте слова-признаки и шаблоны в «Данные и шансы» и образцы сообщений ниже.",
    },
    "ui.empty_next.table": {
        "en": "check that the table has a column with the outcome of each spin.",
        "ru": "проверьте, что в таблице есть столбец с результатом вращения.",
    },
    "ui.empty_next.tallies": {
        "en": "write one outcome per line, e.g. '1% — 340'.",
        "ru": "напишите по одному результату в строке, например «1% — 340».",
    },
    "ui.map.title": {
        "en": "Which outcome is each label?",
        "ru": "Какому исходу соответствует каждое название?",
    },
    "ui.map.found": {
        "en": "In the data: {labels}.",
        "ru": "В данных: {labels}.",
    },
    "ui.map.game": {
        "en": "In the game '{game}': {labels}.",
        "ru": "В игре «{game}»: {labels}.",
    },
    "ui.map.rows": {
        "en": "{label} ({n})",
        "ru": "{label} ({n})",
    },
    "ui.map.choose": {
        "en": "— choose —",
        "ru": "— выберите —",
    },
    "ui.map.not": {
        "en": "not an outcome (skip)",
        "ru": "не исход (пропустить)",
    },
    "ui.map.label": {
        "en": "'{label}' ({n}) is",
        "ru": "«{label}» ({n}) — это",
    },
    "ui.map.help": {
        "en": "The answers apply to the check at once. Download the game file with them so you "
              "need not answer again (they are written as patterns and not_outcomes).",
        "ru": "Ответы сразу применяются к проверке. Скачайте файл игры с ними, чтобы не "
              "отвечать снова (они записаны в него как шаблоны исходов).",
    },
    "ui.map.download": {
        "en": "Download the game with these answers (.toml)",
        "ru": "Скачать игру с этими соответствиями (.toml)",
    },
    "ui.given.title": {
        "en": "What is missing from the tallies?",
        "ru": "Чего нет в итогах?",
    },
    "ui.given.unknown_label": {
        "en": "'{labels}' is not on this wheel (not counted).",
        "ru": "«{labels}» нет на этом колесе (не учтено).",
    },
    "ui.given.question": {
        "en": "{labels} were not given: zero, or unknown?",
        "ru": "Для {labels} количество не указано: это ноль или неизвестно?",
    },
    "ui.given.zero": {
        "en": "Zero: they never came up",
        "ru": "Ноль: они ни разу не выпали",
    },
    "ui.given.unknown": {
        "en": "Unknown: check only the outcomes given",
        "ru": "Неизвестно: проверить только указанные",
    },
    "ui.given.wait": {
        "en": "Answer the question above to see the verdict.",
        "ru": "Ответьте на вопрос выше, чтобы увидеть вердикт.",
    },
    "ui.given.too_few": {
        "en": "Only one outcome with a chance was given: there is nothing to compare. Add the "
              "counts of other outcomes.",
        "ru": "Указан только один исход с шансом — сравнивать не с чем. Добавьте количества "
              "других исходов.",
    },
    "ui.given.note": {
        "en": "Only the outcomes given were checked: their chances rescaled to shares of each "
              "other (the at least / at most claims and rounding allowance do not carry over).",
        "ru": "Проверены только указанные исходы: их шансы пересчитаны как доли друг от друга "
              "(оговорки «не менее/не более» и допуск округления здесь не учтены).",
    },
    "ui.bias_banner": {
        "en": "Chat reports are selective.",
        "ru": "Отчёты в чате — выборочные.",
    },
    "ui.missed.title": {
        "en": "Messages with numbers not taken as reports",
        "ru": "Сообщения с цифрами, не принятые за отчёт",
    },
    "ui.missed.help": {
        "en": "Only you see these; they never go into reports. If some are spin reports, add a "
              "pattern or a trigger word under 'Data and odds'.",
        "ru": "Видно только вам, в отчёты не попадает. Если среди них есть отчёты о вращениях, "
              "добавьте шаблон или слово-признак в «Данные и шансы».",
    },
    "ui.alt.outcome": {
        "en": "'{label}': {observed} seen, {expected} expected ({ratio})",
        "ru": "«{label}»: выпало {observed}, ожидалось {expected} ({ratio})",
    },
    "ui.alt.outcomes": {
        "en": "The chart shows: {items}.",
        "ru": "На графике: {items}.",
    },
    "ui.alt.clipped": {
        "en": "An arrow ▶ at the right edge: the interval runs past the scale (clipped at "
              "{xmax}).",
        "ru": "Стрелка ▶ у правого края: интервал шире шкалы (обрезан на {xmax}).",
    },
    "ui.alt.evidence": {
        "en": "The chart shows: evidence E after {n} spins is {last} (highest {top}); "
              "'inconsistent' needs {threshold}.",
        "ru": "На графике: свидетельство E после {n} вращений — {last} (максимум {top}); порог "
              "«не соответствует» — {threshold}.",
    },
}
