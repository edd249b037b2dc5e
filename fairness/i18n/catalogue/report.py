"""Words of the reports, the card, the charts and the CLI's own lines."""

WORDS: dict[str, dict[str, str]] = {
    "card.brand": {
        "en": "fairness · is the draw as stated?",
        "ru": "fairness · честен ли розыгрыш?",
    },
    "card.evidence": {
        "en": "evidence E",
        "ru": "свидетельство E",
    },
    "card.forbidden": {
        "en": "{label}: not allowed, seen {observed}",
        "ru": "{label}: запрещено, выпало {observed}",
    },
    "card.needed": {
        "en": "{threshold} needed for “inconsistent”",
        "ru": "для «не соответствует» нужно {threshold}",
    },
    "card.outcomes": {
        "en": "Observed vs stated",
        "ru": "Выпало и заявлено",
    },
    "card.period": {
        "en": "data",
        "ru": "данные",
    },
    "card.reporters": {
        "en": "{n:one=reporter|other=reporters}",
        "ru": "{n:one=участник|few=участника|many=участников|other=участников}",
    },
    "card.seen": {
        "en": "{label}: {observed} seen, {expected} expected ({ratio})",
        "ru": "{label}: выпало {observed}, ожидалось {expected} ({ratio})",
    },
    "card.some": {
        "en": "({shown} of {total} outcomes)",
        "ru": "({shown} из {total} {total:one=исхода|few=исходов|many=исходов|other=исхода})",
    },
    "card.spins": {
        "en": "{n:one=spin|other=spins}",
        "ru": "{n:one=вращение|few=вращения|many=вращений|other=вращения}",
    },
    "card.unknown": {
        "en": "unknown",
        "ru": "неизвестно",
    },
    "chart.allowed": {
        "en": "allowed by the rounding",
        "ru": "допуск округления",
    },
    "chart.evalue": {
        "en": "evidence against the stated odds (E)",
        "ru": "свидетельство против заявленного (E)",
    },
    "chart.forbidden": {
        "en": "not allowed, seen {observed}",
        "ru": "запрещено, выпало {observed}",
    },
    "chart.inconsistent": {
        "en": "inconsistent (E = {threshold})",
        "ru": "не соответствует (E = {threshold})",
    },
    "chart.no_order": {
        "en": "order of spins unknown: final value only",
        "ru": "порядок вращений неизвестен: только итог",
    },
    "chart.no_spins": {
        "en": "no spins yet",
        "ru": "вращений пока нет",
    },
    "chart.outcomes_title": {
        "en": "Observed vs stated",
        "ru": "Выпало и заявлено",
    },
    "chart.path_title": {
        "en": "Evidence as spins came in",
        "ru": "Свидетельство по мере сбора данных",
    },
    "chart.ratio": {
        "en": "observed ÷ stated chance (95% interval)",
        "ru": "выпало ÷ заявлено (95-процентный интервал)",
    },
    "chart.seen_of": {
        "en": "{observed} seen / {expected} expected",
        "ru": "выпало {observed} / ожидалось {expected}",
    },
    "chart.spins": {
        "en": "spins (in time order)",
        "ru": "вращения (по времени)",
    },
    "chart.stated": {
        "en": "as stated",
        "ru": "как заявлено",
    },
    "chart.suspicious": {
        "en": "suspicious (E = 10)",
        "ru": "подозрительно (E = 10)",
    },
    "cli.batch.campaign": {
        "en": "campaign",
        "ru": "кампания",
    },
    "cli.batch.evalue": {
        "en": "E",
        "ru": "E",
    },
    "cli.batch.failed": {
        "en": "error",
        "ru": "ошибка",
    },
    "cli.batch.level": {
        "en": "level",
        "ru": "вывод",
    },
    "cli.batch.p_bh": {
        "en": "p (BH)",
        "ru": "p (БХ)",
    },
    "cli.batch.progress": {
        "en": "Checking campaigns",
        "ru": "Проверка кампаний",
    },
    "cli.batch.ratio": {
        "en": "ratio",
        "ru": "отношение",
    },
    "cli.batch.spins": {
        "en": "spins",
        "ru": "вращений",
    },
    "cli.batch.total": {
        "en": "{n} {n:one=campaign|other=campaigns} in {seconds} s: {counts}",
        "ru": "{n} {n:one=кампания|few=кампании|many=кампаний|other=кампании} за {seconds} с: "
              "{counts}",
    },
    "cli.batch.worst": {
        "en": "worst outcome",
        "ru": "худший исход",
    },
    "cli.campaign.batches": {
        "en": "batches",
        "ru": "порций",
    },
    "cli.campaign.campaign": {
        "en": "campaign",
        "ru": "кампания",
    },
    "cli.campaign.evalue": {
        "en": "E",
        "ru": "E",
    },
    "cli.campaign.excluded": {
        "en": "{target} excluded in campaign '{name}'",
        "ru": "{target}: исключено в кампании «{name}»",
    },
    "cli.campaign.last_check": {
        "en": "last check",
        "ru": "последняя проверка",
    },
    "cli.campaign.level": {
        "en": "level",
        "ru": "вывод",
    },
    "cli.campaign.made": {
        "en": "campaign '{name}' made in {store}",
        "ru": "кампания «{name}» создана в {store}",
    },
    "cli.campaign.none": {
        "en": "no campaigns yet (fairness campaign new STORE NAME --game GAME.toml)",
        "ru": "кампаний пока нет (fairness campaign new STORE NAME --game GAME.toml)",
    },
    "cli.campaign.restored": {
        "en": "{target} restored in campaign '{name}'",
        "ru": "{target}: возвращено в кампании «{name}»",
    },
    "cli.campaign.rules": {
        "en": "campaign '{name}': rules version {version}",
        "ru": "кампания «{name}»: версия правил {version}",
    },
    "cli.campaign.spins": {
        "en": "spins",
        "ru": "вращений",
    },
    "cli.datasets.all": {
        "en": "All campaigns at once: {command}",
        "ru": "Все кампании сразу: {command}",
    },
    "cli.datasets.game": {
        "en": "game: {path}",
        "ru": "игра: {path}",
    },
    "cli.datasets.kind.game": {
        "en": "game",
        "ru": "игра",
    },
    "cli.datasets.kind.spins": {
        "en": "spins",
        "ru": "вращения",
    },
    "cli.datasets.kind.telegram": {
        "en": "telegram",
        "ru": "telegram",
    },
    "cli.error": {
        "en": "fairness: error: {message}",
        "ru": "fairness: ошибка: {message}",
    },
    "cli.extract_summary": {
        "en": "read {read}, used {used} ({spins} {spins:one=spin|other=spins}, {tally_spins} "
              "tallied), rejected {rejected}, not a report {not_a_report}",
        "ru": "прочитано {read}, использовано {used} ({spins} "
              "{spins:one=вращение|few=вращения|many=вращений|other=вращения}, {tally_spins} в "
              "итогах), отклонено {rejected}, не отчёты {not_a_report}",
    },
    "cli.internal_error": {
        "en": "fairness: internal error: {kind}: {message} (run with --debug for the traceback, "
              "and please report it)",
        "ru": "fairness: внутренняя ошибка: {kind}: {message} (запустите с --debug, чтобы "
              "увидеть трассировку, и сообщите о ней, пожалуйста)",
    },
    "cli.interrupted": {
        "en": "fairness: interrupted",
        "ru": "fairness: прервано",
    },
    "cli.plan.more": {
        "en": "With {n} spins collected, about {more} more are needed.",
        "ru": "Собрано {n}; нужно ещё около {more}.",
    },
    "cli.plan.needed": {
        "en": "To catch '{target}' at {stated} → {alternative} with {power} probability (alpha "
              "{alpha}) takes about {required} spins.",
        "ru": "Чтобы с вероятностью {power} заметить «{target}» при шансе {alternative} вместо "
              "{stated} (α = {alpha}), нужно около {required} вращений.",
    },
    "cli.plan.unreachable": {
        "en": "Catching '{target}' at {stated} → {alternative} would take more than {max} spins.",
        "ru": "Чтобы заметить «{target}» при шансе {alternative} вместо {stated}, нужно больше "
              "{max} вращений.",
    },
    "column.active": {
        "en": "In force",
        "ru": "Действует",
    },
    "column.added_at": {
        "en": "Added",
        "ru": "Добавлена",
    },
    "column.already_stored": {
        "en": "Already stored",
        "ru": "Уже были",
    },
    "column.checked_at": {
        "en": "Checked",
        "ru": "Проверено",
    },
    "column.ci_high": {
        "en": "95% interval: to",
        "ru": "95-процентный интервал: до",
    },
    "column.ci_low": {
        "en": "95% interval: from",
        "ru": "95-процентный интервал: от",
    },
    "column.count": {
        "en": "How many",
        "ru": "Сколько",
    },
    "column.deviates": {
        "en": "Deviates",
        "ru": "Отклоняется",
    },
    "column.df": {
        "en": "Degrees of freedom",
        "ru": "Степени свободы",
    },
    "column.direction": {
        "en": "Posted",
        "ru": "Пишут",
    },
    "column.effect_size": {
        "en": "Effect size (w)",
        "ru": "Размер эффекта (w)",
    },
    "column.end": {
        "en": "To",
        "ru": "По",
    },
    "column.evalue": {
        "en": "Evidence E",
        "ru": "Свидетельство E",
    },
    "column.excerpt": {
        "en": "Message (personal data masked)",
        "ru": "Сообщение (скрыто личное)",
    },
    "column.excluded": {
        "en": "Excluded",
        "ru": "Исключена",
    },
    "column.excluded_at": {
        "en": "Excluded",
        "ru": "Исключено",
    },
    "column.expected": {
        "en": "Expected",
        "ru": "Ожидалось",
    },
    "column.fit_method": {
        "en": "Test",
        "ru": "Критерий",
    },
    "column.fit_p": {
        "en": "Fit, p",
        "ru": "Согласие, p",
    },
    "column.fit_pvalue": {
        "en": "Fit, p",
        "ru": "Согласие, p",
    },
    "column.group": {
        "en": "Group",
        "ru": "Группа",
    },
    "column.hits": {
        "en": "Hits",
        "ru": "Выпало",
    },
    "column.kind": {
        "en": "Kind",
        "ru": "Вид",
    },
    "column.level": {
        "en": "Verdict",
        "ru": "Вывод",
    },
    "column.lift": {
        "en": "Ratio",
        "ru": "Отношение",
    },
    "column.method": {
        "en": "Test",
        "ru": "Критерий",
    },
    "column.n": {
        "en": "Spins",
        "ru": "Вращений",
    },
    "column.n_after": {
        "en": "Spins after",
        "ru": "Вращений после",
    },
    "column.n_before": {
        "en": "Spins before",
        "ru": "Вращений до",
    },
    "column.n_simulations": {
        "en": "Simulations",
        "ru": "Симуляций",
    },
    "column.n_spins": {
        "en": "Spins",
        "ru": "Вращений",
    },
    "column.n_tables": {
        "en": "Tables counted",
        "ru": "Перебрано таблиц",
    },
    "column.new_spins": {
        "en": "New spins",
        "ru": "Новых вращений",
    },
    "column.next": {
        "en": "Next outcome",
        "ru": "Следующий исход",
    },
    "column.number": {
        "en": "No.",
        "ru": "№",
    },
    "column.observed": {
        "en": "Observed",
        "ru": "Выпало",
    },
    "column.outcome": {
        "en": "Outcome",
        "ru": "Исход",
    },
    "column.p_holm": {
        "en": "p (Holm)",
        "ru": "p (Холм)",
    },
    "column.place": {
        "en": "Where",
        "ru": "Где",
    },
    "column.pooled_rate": {
        "en": "Share in all groups",
        "ru": "Доля во всех группах",
    },
    "column.previous": {
        "en": "Previous outcome",
        "ru": "Предыдущий исход",
    },
    "column.pvalue": {
        "en": "p",
        "ru": "p",
    },
    "column.rate": {
        "en": "Share",
        "ru": "Доля",
    },
    "column.rate_after": {
        "en": "Share after",
        "ru": "Доля после",
    },
    "column.rate_before": {
        "en": "Share before",
        "ru": "Доля до",
    },
    "column.rate_given_previous": {
        "en": "Share after the previous",
        "ru": "Доля после предыдущего",
    },
    "column.rate_overall": {
        "en": "Share overall",
        "ru": "Доля в целом",
    },
    "column.ratio": {
        "en": "Ratio",
        "ru": "Отношение",
    },
    "column.ratio_after_before": {
        "en": "After ÷ before",
        "ru": "После ÷ до",
    },
    "column.ratio_ci": {
        "en": "95% CI of ratio",
        "ru": "95% ДИ отношения",
    },
    "column.reason": {
        "en": "Reason",
        "ru": "Причина",
    },
    "column.reporters": {
        "en": "Reporters",
        "ru": "Участников",
    },
    "column.residual": {
        "en": "Standardised residual",
        "ru": "Стандартизованный остаток",
    },
    "column.restore_reason": {
        "en": "Why restored",
        "ru": "Почему возвращено",
    },
    "column.restored_at": {
        "en": "Restored",
        "ru": "Возвращено",
    },
    "column.segment": {
        "en": "Segment",
        "ru": "Сегмент",
    },
    "column.share": {
        "en": "Share",
        "ru": "Доля",
    },
    "column.silent": {
        "en": "Flagged automatically",
        "ru": "Отмечено автоматически",
    },
    "column.source": {
        "en": "Source",
        "ru": "Источник",
    },
    "column.spins": {
        "en": "Spins",
        "ru": "Вращений",
    },
    "column.spins_since": {
        "en": "Spins since the last one",
        "ru": "Вращений с прошлого раза",
    },
    "column.start": {
        "en": "From",
        "ru": "С",
    },
    "column.stated": {
        "en": "Stated",
        "ru": "Заявлено",
    },
    "column.statistic": {
        "en": "Value",
        "ru": "Значение",
    },
    "column.statistic_name": {
        "en": "Statistic",
        "ru": "Статистика",
    },
    "column.target": {
        "en": "What",
        "ru": "Что",
    },
    "column.test": {
        "en": "Check",
        "ru": "Проверка",
    },
    "column.window": {
        "en": "Week",
        "ru": "Неделя",
    },
    "dataset.cashback_by_segment": {
        "en": "Cashback wheel, 10,000 spins by 500 clients with a client segment",
        "ru": "Колесо кэшбэка: 10 000 вращений, 500 клиентов, с сегментом клиента",
    },
    "dataset.cashback_wheel": {
        "en": "Bank cashback wheel; chances given as a prize fund of counts per 10,000 spins",
        "ru": "Колесо кэшбэка банка; шансы заданы призовым фондом на 10 000 вращений",
    },
    "dataset.cashback_claims": {
        "en": "Cashback wheel as banks publish it: one stated chance, one group claim, three "
              "prizes without odds",
        "ru": "Колесо кэшбэка, как его публикуют банки: один объявленный шанс, одно обещание о "
              "группе призов и три приза без шансов",
    },
    "dataset.claim_broken": {
        "en": "Cashback wheel with a group claim, 6,000 spins by 300 clients",
        "ru": "Колесо кэшбэка с обещанием о группе призов: 6 000 вращений, 300 клиентов",
    },
    "dataset.demo_cashback": {
        "en": "Cashback wheel, 8,000 spins by 400 clients",
        "ru": "Колесо кэшбэка: 8 000 вращений, 400 клиентов",
    },
    "dataset.honest_lootbox": {
        "en": "Loot box, 5,000 openings by 250 players",
        "ru": "Лутбокс: 5 000 открытий, 250 игроков",
    },
    "dataset.lootbox": {
        "en": "Loot box rarity table given as drop weights",
        "ru": "Таблица редкостей лутбокса в виде весов выпадения",
    },
    "dataset.lootbox_pity": {
        "en": "Loot box, 60 players x 50 openings (complete logs)",
        "ru": "Лутбокс: 60 игроков по 50 открытий (полные журналы)",
    },
    "dataset.marketplace_no_odds": {
        "en": "Marketplace points wheel; no odds published",
        "ru": "Колесо баллов маркетплейса; шансы не опубликованы",
    },
    "dataset.no_odds_by_segment": {
        "en": "Marketplace wheel without odds, 6,000 spins by 300 shoppers with a client segment",
        "ru": "Колесо маркетплейса без шансов: 6 000 вращений, 300 покупателей, с сегментом "
              "клиента",
    },
    "dataset.no_odds_same_for_all": {
        "en": "Marketplace wheel without odds, 6,000 spins by 300 shoppers with a client segment",
        "ru": "Колесо маркетплейса без шансов: 6 000 вращений, 300 покупателей, с сегментом "
              "клиента",
    },
    "dataset.points_drift": {
        "en": "Points wheel, 8,000 spins by 400 shoppers over four weeks",
        "ru": "Колесо баллов: 8 000 вращений, 400 покупателей, за четыре недели",
    },
    "dataset.points_wheel": {
        "en": "Marketplace points wheel; chances published in whole percents",
        "ru": "Колесо баллов маркетплейса; шансы опубликованы в целых процентах",
    },
    "dataset.prize_never_paid": {
        "en": "Cashback wheel with a group claim, 6,000 spins by 300 clients",
        "ru": "Колесо кэшбэка с обещанием о группе призов: 6 000 вращений, 300 клиентов",
    },
    "dataset.promo_fewer_wins": {
        "en": "Promo draw, 4,000 spins by 300 shoppers",
        "ru": "Промо-розыгрыш: 4 000 вращений, 300 покупателей",
    },
    "dataset.promo_odds": {
        "en": "Promo draw: '1 in N' odds and an 'at least 30% of spins win' claim",
        "ru": "Промо-розыгрыш: шансы «1 из N» и обещание «не менее 30% вращений выигрывают»",
    },
    "dataset.promo_small_sample": {
        "en": "Promo draw, 300 spins by 60 shoppers",
        "ru": "Промо-розыгрыш: 300 вращений, 60 покупателей",
    },
    "dataset.telegram_html": {
        "en": "The same chat, Telegram Desktop HTML export (two pages)",
        "ru": "Тот же чат, экспорт Telegram Desktop в HTML (две страницы)",
    },
    "dataset.telegram_json": {
        "en": "Community chat, one month, Telegram Desktop JSON export",
        "ru": "Чат сообщества за месяц, экспорт Telegram Desktop в JSON",
    },
    "report.alt_outcomes": {
        "en": "Observed vs stated chance of each outcome",
        "ru": "Выпало и заявлено для каждого исхода",
    },
    "report.alt_path": {
        "en": "Evidence against the stated odds as spins came in",
        "ru": "Свидетельство против заявленных шансов по мере сбора данных",
    },
    "report.caveats": {
        "en": "Caveats",
        "ru": "Оговорки",
    },
    "report.charts": {
        "en": "Charts",
        "ru": "Графики",
    },
    "report.evidence": {
        "en": "Evidence E",
        "ru": "Свидетельство E",
    },
    "report.evidence_long": {
        "en": "Evidence against the stated odds",
        "ru": "Свидетельство против заявленных шансов",
    },
    "report.findings": {
        "en": "Findings",
        "ru": "Находки",
    },
    "report.fit": {
        "en": "Overall fit",
        "ru": "Общее согласие",
    },
    "report.footer": {
        "en": "fairness {version}, seed {seed!s}, alpha {alpha}.",
        "ru": "fairness {version}, зерно генератора {seed!s}, α = {alpha}.",
    },
    "report.footer_markdown": {
        "en": "Checked with fairness {version} (seed {seed!s}).",
        "ru": "Проверено с помощью fairness {version} (зерно генератора {seed!s}).",
    },
    "report.input": {
        "en": "Input",
        "ru": "Ввод",
    },
    "report.input_line": {
        "en": "read {read}, used {used}, rejected {rejected}, not a report {not_a_report}",
        "ru": "прочитано {read}, использовано {used}, отклонено {rejected}, не отчёт "
              "{not_a_report}",
    },
    "report.needed": {
        "en": "{threshold} needed for “inconsistent”",
        "ru": "для «не соответствует» нужно {threshold}",
    },
    "report.next": {
        "en": "Next step",
        "ru": "Что дальше",
    },
    "report.numbers": {
        "en": "Key numbers",
        "ru": "Главные цифры",
    },
    "report.operator": {
        "en": "operator",
        "ru": "оператор",
    },
    "report.outcomes": {
        "en": "Outcomes",
        "ru": "Исходы",
    },
    "report.period": {
        "en": "Period",
        "ru": "Период",
    },
    "report.period_range": {
        "en": "{start} – {end}",
        "ru": "{start} – {end}",
    },
    "report.rejected": {
        "en": "Rejected input ({shown} of {total})",
        "ru": "Отклонённые записи ({shown} из {total})",
    },
    "report.reporters": {
        "en": "Reporters",
        "ru": "Участников",
    },
    "report.rules": {
        "en": "rules",
        "ru": "правила",
    },
    "report.spins": {
        "en": "Spins",
        "ru": "Вращений",
    },
    "report.title": {
        "en": "Fairness check",
        "ru": "Проверка честности",
    },
    "section.bias": {
        "en": "How much more often each outcome would have to be posted to explain the data",
        "ru": "Во сколько раз чаще должны писать о каждом исходе, чтобы объяснить данные",
    },
    "section.complete": {
        "en": "Complete logs only",
        "ru": "Только полные журналы",
    },
    "section.hazard": {
        "en": "Chance of '{label}' by spins since the last one",
        "ru": "Шанс «{label}» в зависимости от числа вращений с прошлого раза",
    },
    "section.segments": {
        "en": "Fit to the stated odds within each segment",
        "ru": "Согласие с заявленными шансами внутри каждого сегмента",
    },
    "section.skipped": {
        "en": "{test}: {reason}",
        "ru": "{test}: {reason}",
    },
    "section.tests": {
        "en": "Checks (p-values, Holm correction across the family)",
        "ru": "Проверки (p-значения с поправкой Холма на всё семейство)",
    },
    "section.weeks": {
        "en": "Shares by week",
        "ru": "Доли по неделям",
    },
    "skip.drift": {
        "en": "needs {min_spins}+ spins with times (have {have})",
        "ru": "нужно от {min_spins} вращений со временем (сейчас {have})",
    },
    "skip.no_reporters": {
        "en": "no reporters in the data",
        "ru": "в данных нет участников",
    },
    "skip.not_applicable": {
        "en": "not applicable to these data",
        "ru": "к этим данным не применима",
    },
    "skip.segments": {
        "en": "needs two segments with {min_spins}+ spins",
        "ru": "нужно два сегмента, в каждом от {min_spins} вращений",
    },
    "skip.sequence": {
        "en": "needs at least {min_reporters} reporters with {min_spins}+ spins in order (have "
              "{have})",
        "ru": "нужно не меньше {min_reporters} участников, у каждого от {min_spins} вращений по "
              "порядку (сейчас {have})",
    },
    "test.dependence": {
        "en": "Does the next outcome depend on the previous one",
        "ru": "Зависит ли следующий исход от предыдущего",
    },
    "test.drift": {
        "en": "Change over time (all outcomes)",
        "ru": "Изменение со временем (все исходы)",
    },
    "test.drift_outcome": {
        "en": "Change over time ('{label}')",
        "ru": "Изменение со временем («{label}»)",
    },
    "test.pity": {
        "en": "Pity / anti-pity: the chance after a long wait",
        "ru": "«Жалость» и «антижалость»: шанс после долгого ожидания",
    },
    "test.reporter_difference": {
        "en": "Same odds for every reporter",
        "ru": "Одинаковые шансы для всех участников",
    },
    "test.runs": {
        "en": "Runs of wins and losses (per reporter)",
        "ru": "Серии выигрышей и проигрышей (по участникам)",
    },
    "test.scripted_start": {
        "en": "First spins against the rest",
        "ru": "Первые вращения против остальных",
    },
    "test.segment_difference": {
        "en": "Same odds in every segment",
        "ru": "Одинаковые шансы во всех сегментах",
    },
    "test.sequence": {
        "en": "Order of each reporter's spins",
        "ru": "Порядок вращений каждого участника",
    },
    "test.streak": {
        "en": "Longest losing streak (exact test)",
        "ru": "Самая длинная серия без выигрыша (точный тест)",
    },
    "value.even": {
        "en": "as often",
        "ru": "так же часто",
    },
    "value.no": {
        "en": "no",
        "ru": "нет",
    },
    "value.over_posted": {
        "en": "more often",
        "ru": "чаще",
    },
    "value.target.batch": {
        "en": "batch",
        "ru": "порция",
    },
    "value.target.reporter": {
        "en": "reporter",
        "ru": "участник",
    },
    "value.undefined": {
        "en": "—",
        "ru": "—",
    },
    "value.under_posted": {
        "en": "less often",
        "ru": "реже",
    },
    "value.yes": {
        "en": "yes",
        "ru": "да",
    },
}
