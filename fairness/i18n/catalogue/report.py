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
        "ru": "выпало ÷ заявлено (95% интервал)",
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
        "en": "To catch '{target}' at {stated} -> {alternative} with {power} probability (alpha "
              "{alpha}) takes about {required} spins.",
        "ru": "Чтобы с вероятностью {power} заметить «{target}» при шансе {alternative} вместо "
              "{stated} (α = {alpha}), нужно около {required} вращений.",
    },
    "cli.plan.unreachable": {
        "en": "Catching '{target}' at {stated} -> {alternative} would take more than {max} spins.",
        "ru": "Чтобы заметить «{target}» при шансе {alternative} вместо {stated}, нужно больше "
              "{max} вращений.",
    },
    "column.excerpt": {
        "en": "Excerpt",
        "ru": "Фрагмент",
    },
    "column.expected": {
        "en": "Expected",
        "ru": "Ожидалось",
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
    "column.ratio": {
        "en": "Ratio",
        "ru": "Отношение",
    },
    "column.ratio_ci": {
        "en": "95% CI of ratio",
        "ru": "95% ДИ отношения",
    },
    "column.reason": {
        "en": "Reason",
        "ru": "Причина",
    },
    "column.share": {
        "en": "Share",
        "ru": "Доля",
    },
    "column.source": {
        "en": "Source",
        "ru": "Источник",
    },
    "column.stated": {
        "en": "Stated",
        "ru": "Заявлено",
    },
    "dataset.cashback_by_segment": {
        "en": "Cashback wheel, 10,000 spins by 500 clients with a client segment",
        "ru": "Колесо кэшбэка: 10 000 вращений, 500 клиентов, с сегментом клиента",
    },
    "dataset.cashback_wheel": {
        "en": "Bank cashback wheel; chances given as a prize fund of counts per 10,000 spins",
        "ru": "Колесо кэшбэка банка; шансы заданы призовым фондом на 10 000 вращений",
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
    "dataset.points_drift": {
        "en": "Points wheel, 8,000 spins by 400 shoppers over four weeks",
        "ru": "Колесо баллов: 8 000 вращений, 400 покупателей, за четыре недели",
    },
    "dataset.points_wheel": {
        "en": "Marketplace points wheel; chances published in whole percents",
        "ru": "Колесо баллов маркетплейса; шансы опубликованы в целых процентах",
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
}
