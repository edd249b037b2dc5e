"""Words of the reports, the card, the charts and the CLI's own lines."""

WORDS: dict[str, dict[str, str]] = {
    "report.title": {
        "en": "Fairness check",
        "ru": "Проверка честности",
    },
    "report.numbers": {
        "en": "Key numbers",
        "ru": "Главные цифры",
    },
    "report.period": {
        "en": "Period",
        "ru": "Период",
    },
    "report.needed": {
        "en": "{threshold} needed for “inconsistent”",
        "ru": "для «не соответствует» нужно {threshold}",
    },
    "report.fit": {
        "en": "Overall fit",
        "ru": "Общее согласие",
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
    "report.outcomes": {
        "en": "Outcomes",
        "ru": "Исходы",
    },
    "report.findings": {
        "en": "Findings",
        "ru": "Находки",
    },
    "report.caveats": {
        "en": "Caveats",
        "ru": "Оговорки",
    },
    "report.next": {
        "en": "Next step",
        "ru": "Что дальше",
    },
    "report.charts": {
        "en": "Charts",
        "ru": "Графики",
    },
    "report.rejected": {
        "en": "Rejected input ({shown} of {total})",
        "ru": "Отклонённые записи ({shown} из {total})",
    },
    "report.rules": {
        "en": "rules",
        "ru": "правила",
    },
    "report.operator": {
        "en": "operator",
        "ru": "оператор",
    },
    "report.footer": {
        "en": "fairness {version}, seed {seed}, alpha {alpha}.",
        "ru": "fairness {version}, seed {seed}, alpha {alpha}.",
    },
    "report.alt_outcomes": {
        "en": "Observed vs stated chance of each outcome",
        "ru": "Выпало и заявлено для каждого исхода",
    },
    "report.alt_path": {
        "en": "Evidence against the stated odds as spins came in",
        "ru": "Свидетельство против заявленных шансов по мере сбора данных",
    },
    "report.spins": {
        "en": "Spins",
        "ru": "Вращений",
    },
    "report.reporters": {
        "en": "Reporters",
        "ru": "Участников",
    },
    "report.evidence": {
        "en": "Evidence E",
        "ru": "Свидетельство E",
    },
    "report.evidence_long": {
        "en": "Evidence against the stated odds",
        "ru": "Свидетельство против заявленных шансов",
    },
    "report.footer_markdown": {
        "en": "Checked with fairness {version} (seed {seed}).",
        "ru": "Проверено с помощью fairness {version} (seed {seed}).",
    },
    "column.outcome": {
        "en": "Outcome",
        "ru": "Исход",
    },
    "column.stated": {
        "en": "Stated",
        "ru": "Заявлено",
    },
    "column.observed": {
        "en": "Observed",
        "ru": "Выпало",
    },
    "column.expected": {
        "en": "Expected",
        "ru": "Ожидалось",
    },
    "column.share": {
        "en": "Share",
        "ru": "Доля",
    },
    "column.ratio": {
        "en": "Ratio",
        "ru": "Отношение",
    },
    "column.ratio_ci": {
        "en": "95% CI of ratio",
        "ru": "95% ДИ отношения",
    },
    "column.p_holm": {
        "en": "p (Holm)",
        "ru": "p (Холм)",
    },
    "column.source": {
        "en": "Source",
        "ru": "Источник",
    },
    "column.reason": {
        "en": "Reason",
        "ru": "Причина",
    },
    "column.excerpt": {
        "en": "Excerpt",
        "ru": "Фрагмент",
    },
    "card.spins": {
        "en": "{n:one=spin|other=spins}",
        "ru": "{n:one=вращение|few=вращения|many=вращений|other=вращения}",
    },
    "card.reporters": {
        "en": "{n:one=reporter|other=reporters}",
        "ru": "{n:one=участник|few=участника|many=участников|other=участников}",
    },
    "card.evidence": {
        "en": "evidence E",
        "ru": "свидетельство E",
    },
    "card.needed": {
        "en": "{threshold} needed for “inconsistent”",
        "ru": "для «не соответствует» нужно {threshold}",
    },
    "card.period": {
        "en": "data",
        "ru": "данные",
    },
    "card.seen": {
        "en": "{label}: {observed} seen, {expected} expected ({ratio})",
        "ru": "{label}: выпало {observed}, ожидалось {expected} ({ratio})",
    },
    "card.forbidden": {
        "en": "{label}: not allowed, seen {observed}",
        "ru": "{label}: запрещено, выпало {observed}",
    },
    "card.unknown": {
        "en": "unknown",
        "ru": "неизвестно",
    },
    "card.brand": {
        "en": "fairness · is the draw as stated?",
        "ru": "fairness · честен ли розыгрыш?",
    },
    "card.outcomes": {
        "en": "Observed vs stated",
        "ru": "Выпало и заявлено",
    },
    "card.some": {
        "en": "({shown} of {total} outcomes)",
        "ru": "({shown} из {total} {total:one=исхода|few=исходов|many=исходов|other=исхода})",
    },
    "chart.ratio": {
        "en": "observed ÷ stated chance (95% interval)",
        "ru": "выпало ÷ заявлено (95% интервал)",
    },
    "chart.stated": {
        "en": "as stated",
        "ru": "как заявлено",
    },
    "chart.allowed": {
        "en": "allowed by the rounding",
        "ru": "допуск округления",
    },
    "chart.seen_of": {
        "en": "{observed} seen / {expected} expected",
        "ru": "выпало {observed} / ожидалось {expected}",
    },
    "chart.forbidden": {
        "en": "not allowed, seen {observed}",
        "ru": "запрещено, выпало {observed}",
    },
    "chart.no_spins": {
        "en": "no spins yet",
        "ru": "вращений пока нет",
    },
    "chart.spins": {
        "en": "spins (in time order)",
        "ru": "вращения (по времени)",
    },
    "chart.evalue": {
        "en": "evidence against the stated odds (E)",
        "ru": "свидетельство против заявленного (E)",
    },
    "chart.inconsistent": {
        "en": "inconsistent (E = {threshold})",
        "ru": "не соответствует (E = {threshold})",
    },
    "chart.suspicious": {
        "en": "suspicious (E = 10)",
        "ru": "подозрительно (E = 10)",
    },
    "chart.no_order": {
        "en": "order of spins unknown: final value only",
        "ru": "порядок вращений неизвестен: только итог",
    },
    "chart.outcomes_title": {
        "en": "Observed vs stated",
        "ru": "Выпало и заявлено",
    },
    "chart.path_title": {
        "en": "Evidence as spins came in",
        "ru": "Свидетельство по мере сбора данных",
    },
    "cli.plan.needed": {
        "en": "To catch '{target}' at {stated} -> {alternative} with {power} probability (alpha "
              "{alpha}) takes about {required} spins.",
        "ru": "Чтобы с вероятностью {power} заметить «{target}» при шансе {alternative} вместо "
              "{stated} (alpha {alpha}), нужно около {required} вращений.",
    },
    "cli.plan.more": {
        "en": "With {n} spins collected, about {more} more are needed.",
        "ru": "Собрано {n}; нужно ещё около {more}.",
    },
    "cli.plan.unreachable": {
        "en": "Catching '{target}' at {stated} -> {alternative} would take more than {max} spins.",
        "ru": "Чтобы заметить «{target}» при шансе {alternative} вместо {stated}, нужно больше "
              "{max} вращений.",
    },
    "report.period_range": {
        "en": "{start} – {end}",
        "ru": "{start} – {end}",
    },
}
