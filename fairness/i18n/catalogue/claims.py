"""Claims as operators make them (issue 16): unstated chances, group claims, prizes never
seen, games without odds: their errors, findings, headlines, caveats and report words."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "error.unstated_with_key": {
        "en": "`{key}` needs a stated chance (give probability, percent or odds, or leave both "
              "out for a prize shown without odds)",
        "ru": "для `{key}` нужен заявленный шанс (укажите probability, percent или odds либо "
              "уберите оба ключа, если шанс приза не объявлен)",
    },
    "error.remainder_with_unstated": {
        "en": "'{remainder}' is marked remainder = true, but '{label}' has no stated chance: "
              "with an unstated outcome nothing fixes what the remainder is (remove remainder = "
              "true or state the missing chance)",
        "ru": "«{remainder}» помечен как remainder = true, но у «{label}» шанс не указан: при "
              "неуказанном шансе остаток не определён (уберите remainder = true или укажите "
              "недостающий шанс)",
    },
    "error.relative_with_unstated": {
        "en": "weights or counts fix every chance, so '{label}' cannot be left without one (give "
              "its weight or count)",
        "ru": "веса или количества задают все шансы, поэтому «{label}» нельзя оставить без шанса "
              "(укажите его вес или количество)",
    },
    "error.stated_above_one": {
        "en": "the stated chances already sum to {total}, above 1 even allowing for rounding",
        "ru": "заявленные шансы в сумме дают {total} — больше 1 даже с учётом округления",
    },
    "error.claims_not_list": {
        "en": "`claims` must be a list of tables ([[claims]])",
        "ru": "`claims` должен быть списком таблиц ([[claims]])",
    },
    "error.claim_outcomes": {
        "en": "a claim needs `outcomes`: the list of outcome labels it is about",
        "ru": "у утверждения должен быть список `outcomes` — метки исходов, о которых оно",
    },
    "error.claim_unknown_outcome": {
        "en": "the claim names '{label}', which is not an outcome of the game (the game has: "
              "{labels})",
        "ru": "утверждение называет «{label}», но такого исхода в игре нет (есть: {labels})",
    },
    "error.claim_repeated_outcome": {
        "en": "the claim names an outcome twice",
        "ru": "утверждение называет один исход дважды",
    },
    "error.claim_chance": {
        "en": "a claim needs one stated share: probability, percent or odds",
        "ru": "у утверждения должна быть одна доля: probability, percent или odds",
    },
    "error.claims_contradict": {
        "en": "the group claims and the stated chances contradict each other: no set of chances "
              "satisfies them all",
        "ru": "утверждения о группах исходов и заявленные шансы противоречат друг другу: нет "
              "шансов, которые удовлетворяли бы всем сразу",
    },
    "where.claim": {
        "en": "claim #{number}",
        "ru": "утверждение №{number}",
    },
    "error.chance_form": {
        "en": "write a chance as a probability, a percent or odds (\"0.001\", \"0.1%\", \"1 in "
              "1000\")",
        "ru": "запишите шанс как вероятность, процент или «1 из N» (\"0.001\", \"0.1%\", \"1 к "
              "1000\")",
    },
    "error.plan_no_odds": {
        "en": "the game states no chance to plan for (use --never-seen LABEL for a prize nobody "
              "has won, or check data: a game without odds is planned from its spins)",
        "ru": "в игре нет заявленного шанса, под который можно планировать (для приза, который "
              "никто не выиграл, используйте --never-seen МЕТКА, или проверьте данные: игру без "
              "шансов планируют по её вращениям)",
    },
    "finding.never_seen": {
        "en": "'{label}' was not seen once in {n} spins: if it can be won at all, its chance is "
              "below {bound} (95%).",
        "ru": "«{label}» не выпал ни разу за {n} вращений: если его вообще можно выиграть, шанс "
              "ниже {bound} (95%).",
    },
    "finding.claim_broken": {
        "en": "The claim “{claim}” ({kind} {written}) does not hold: {observed_count} of {n} "
              "spins ({rate}, 95% interval {rate_low}–{rate_high}; {ratio} of the claim; p {p}, "
              "Holm-corrected).",
        "ru": "Утверждение «{claim}» ({kind} {written}) не выполняется: {observed_count} из {n} "
              "вращений ({rate}, 95-процентный интервал {rate_low}–{rate_high}; {ratio} от "
              "заявленного; p {p} с поправкой Холма).",
    },
    "claim_kind.exact": {
        "en": "exactly",
        "ru": "ровно",
    },
    "claim_kind.at_least": {
        "en": "at least",
        "ru": "не меньше",
    },
    "claim_kind.at_most": {
        "en": "at most",
        "ru": "не больше",
    },
    "finding.enough_data_difference": {
        "en": "{n} spins give an {power} chance to see one half of the spins (a segment, or a "
              "period) get '{target}' twice as often as the other; about {required} were needed.",
        "ru": "{n} вращений дают {power} шанс заметить, что одна половина вращений (группа "
              "клиентов или период) получает «{target}» вдвое чаще другой; нужно было около "
              "{required}.",
    },
    "finding.not_enough_data_difference": {
        "en": "To see one half of the spins (a segment, or a period) get '{target}' twice as "
              "often as the other with 80% probability takes about {required} spins; there are "
              "{n}.",
        "ru": "Чтобы с вероятностью 80% заметить, что одна половина вращений (группа клиентов "
              "или период) получает «{target}» вдвое чаще другой, нужно около {required} "
              "вращений; сейчас {n}.",
    },
    "headline.no_odds_consistent": {
        "en": "The operator publishes no odds: we checked whether the wheel is the same for "
              "everyone and does not change over time. The {n} spins show no difference, and "
              "they are enough to have seen '{target}' come twice as often for some.",
        "ru": "Банк не публикует шансы: мы проверили, одинаково ли колесо для всех и не меняется "
              "ли оно со временем. {n} вращений различий не показали, и их хватает, чтобы "
              "заметить, если «{target}» выпадает кому-то вдвое чаще.",
    },
    "headline.no_odds_not_enough_data": {
        "en": "The operator publishes no odds: we checked whether the wheel is the same for "
              "everyone and does not change over time. No difference so far, but {n} spins are "
              "too few to tell: collect about {more} more.",
        "ru": "Банк не публикует шансы: мы проверили, одинаково ли колесо для всех и не меняется "
              "ли оно со временем. Различий пока нет, но {n} вращений мало, чтобы судить: "
              "соберите ещё около {more}.",
    },
    "headline.no_odds_not_enough_data_unknown": {
        "en": "The operator publishes no odds: we checked whether the wheel is the same for "
              "everyone and does not change over time, but {n} spins are too few to measure any "
              "prize yet.",
        "ru": "Банк не публикует шансы: мы проверили, одинаково ли колесо для всех и не меняется "
              "ли оно со временем, но {n} вращений пока мало, чтобы измерить хоть один приз.",
    },
    "headline.no_odds_untestable": {
        "en": "The operator publishes no odds, and these {n} spins carry no reporters, segments "
              "or times, so nothing could be compared: see the measured odds below.",
        "ru": "Банк не публикует шансы, а у этих {n} вращений нет ни участников, ни групп, ни "
              "времени, поэтому сравнивать было нечего: ниже — измеренные шансы.",
    },
    "next.no_odds_untestable": {
        "en": "Collect spins with who spun, when, and the client group, so that the wheel can be "
              "compared between people and over time.",
        "ru": "Собирайте вращения с указанием участника, времени и группы клиентов, чтобы колесо "
              "можно было сравнить между людьми и во времени.",
    },
    "next.no_odds_collect": {
        "en": "Keep collecting spins (with who spun, when, and the client group) and check "
              "again; looking again is safe.",
        "ru": "Продолжайте собирать вращения (с участником, временем и группой клиентов) и "
              "проверяйте снова; повторные проверки безопасны.",
    },
    "caveat.no_odds": {
        "en": "The operator publishes no odds: we checked whether the wheel is the same for "
              "everyone and does not change over time, and measured each prize's chance; whether "
              "those chances are 'fair' cannot be tested without a statement.",
        "ru": "Банк не публикует шансы: мы проверили, одинаково ли колесо для всех и не меняется "
              "ли оно со временем, и измерили шанс каждого приза; честны ли сами шансы, без "
              "заявления оператора проверить нельзя.",
    },
    "caveat.unstated": {
        "en": "No chance is stated for {labels}: those chances are measured (see the table), not "
              "tested; the verdict tests the other statements together.",
        "ru": "Для {labels} шанс не объявлен: эти шансы измерены (см. таблицу), а не проверены; "
              "вывод проверяет остальные заявления вместе.",
    },
    "detail.claim": {
        "en": "the claim “{claim}” does not hold: {ratio} of it (E = {evalue}).",
        "ru": "утверждение «{claim}» не выполняется: {ratio} от заявленного (E = {evalue}).",
    },
    "report.claims": {
        "en": "Claims about groups of prizes",
        "ru": "Утверждения о группах призов",
    },
    "report.claims_header": {
        "en": "Claim|Outcomes|Claimed|Observed|Share (95% interval)|Ratio|p (Holm)",
        "ru": "Утверждение|Исходы|Заявлено|Выпало|Доля (95-процентный интервал)|Отношение|p (Холм)",
    },
    "report.measured": {
        "en": "What the community measured",
        "ru": "Что измерило сообщество",
    },
    "report.measured_header": {
        "en": "Outcome|Stated|Spins|Measured chance|95% interval",
        "ru": "Исход|Заявлено|Выпало|Измеренный шанс|95-процентный интервал",
    },
    "report.not_stated": {
        "en": "not stated",
        "ru": "не объявлен",
    },
    "report.measured_intro": {
        "en": "{n} spins counted by the community; chances with exact 95% intervals.",
        "ru": "{n} вращений, собранных сообществом; шансы с точными 95-процентными интервалами.",
    },
    "cli.plan.never_seen": {
        "en": "If '{target}' never comes up, {required} spins without it bound its chance below "
              "{below} (the upper end of the exact 95% interval).",
        "ru": "Если «{target}» так и не выпадет, {required} вращений без него покажут, что его "
              "шанс ниже {below} (верхняя граница точного 95-процентного интервала).",
    },
    "cli.plan.never_seen_now": {
        "en": "After {n} spins without it, its chance is below {bound} (95%); about {more} "
              "more spins without it are needed.",
        "ru": "После {n} вращений без него шанс ниже {bound} (95%); нужно ещё около {more} "
              "вращений без него.",
    },
    "cli.plan.never_seen_enough": {
        "en": "After {n} spins without it, its chance is below {bound} (95%): enough.",
        "ru": "После {n} вращений без него шанс ниже {bound} (95%): этого достаточно.",
    },
    "ui.claims_table": {
        "en": "Claims about groups of prizes (optional)",
        "ru": "Утверждения о группах призов (необязательно)",
    },
    "ui.claims_help": {
        "en": "One row per sentence of the rules such as «every tenth wins 5% or more»: the "
              "outcomes it is about (comma-separated), the share (at least 1 in 10) and the "
              "words.",
        "ru": "По строке на фразу из правил вроде «каждый десятый выигрывает 5% и больше»: "
              "исходы через запятую, доля (не меньше 1 из 10) и сами слова.",
    },
    "ui.col.claim_outcomes": {"en": "Outcomes", "ru": "Исходы"},
    "ui.col.claim_chance": {"en": "Share", "ru": "Доля"},
    "ui.col.claim_text": {"en": "Operator's words", "ru": "Слова оператора"},
}
