"""The text catalogue: every sentence the verdict says, in English and Russian.

Templates use ``str.format`` fields; numbers are formatted by :func:`fmt_int`,
:func:`fmt_chance`, :func:`fmt_p` and friends for the language, so templates stay plain.
"""

from __future__ import annotations

import math

__all__ = ["LANGS", "LEVELS", "fmt_chance", "fmt_evalue", "fmt_int", "fmt_p", "fmt_ratio", "text"]

LANGS = ("en", "ru")

LEVELS = ("consistent", "not_enough_data", "suspicious", "inconsistent", "rules_violated")
"""Verdict levels in order of severity (for ``--fail-on``); each has a ``level.*`` text."""

CATALOGUE: dict[str, dict[str, str]] = {
    # level names
    "level.rules_violated": {"en": "Rules violated", "ru": "Правила нарушены"},
    "level.inconsistent": {"en": "Inconsistent with the stated odds",
                           "ru": "Не соответствует заявленным шансам"},
    "level.suspicious": {"en": "Suspicious", "ru": "Подозрительно"},
    "level.consistent": {"en": "Consistent with the stated odds",
                         "ru": "Соответствует заявленным шансам"},
    "level.not_enough_data": {"en": "Not enough data yet", "ru": "Пока мало данных"},
    # headlines
    "headline.rules_violated": {
        "en": "{detail}",
        "ru": "{detail}",
    },
    "headline.inconsistent": {
        "en": "The draw does not behave as stated: {detail}",
        "ru": "Розыгрыш ведёт себя не так, как заявлено: {detail}",
    },
    "headline.suspicious": {
        "en": "Something looks off, but it is not proven yet: {detail}",
        "ru": "Что-то не так, но это ещё не доказано: {detail}",
    },
    "headline.consistent": {
        "en": "The {n} spins agree with the stated odds, and they are enough to have noticed "
              "{target} at half its chance.",
        "ru": "{n} вращений согласуются с заявленными шансами, и их достаточно, чтобы заметить "
              "«{target}» с вдвое меньшим шансом.",
    },
    "headline.not_enough_data": {
        "en": "No evidence against the stated odds so far, but {n} spins are too few to tell: "
              "collect about {more} more.",
        "ru": "Пока нет признаков нечестности, но {n} вращений мало, чтобы судить: "
              "соберите ещё около {more}.",
    },
    "headline.not_enough_data_unreachable": {
        "en": "No evidence against the stated odds so far, but {n} spins are too few to tell, "
              "and a community is unlikely ever to collect enough to check {target}.",
        "ru": "Пока нет признаков нечестности, но {n} вращений мало, а проверить «{target}» "
              "сообществу, скорее всего, не под силу: нужно слишком много вращений.",
    },
    # findings
    "finding.forbidden_seen": {
        "en": "'{label}' came up {count} times ({reporters}), but the rules do not allow it.",
        "ru": "«{label}» выпало {count} раз ({reporters}), хотя правила этого не допускают.",
    },
    "finding.forbidden_single": {
        "en": "'{label}' was reported once, though the rules do not allow it: worth checking "
              "that report.",
        "ru": "Один раз сообщили о «{label}», хотя правила этого не допускают: стоит проверить "
              "это сообщение.",
    },
    "finding.pool_exceeded": {
        "en": "'{label}' came up {count} times, more than the whole prize fund of {fund}.",
        "ru": "«{label}» выпало {count} раз — больше, чем весь призовой фонд ({fund}).",
    },
    "finding.evidence": {
        "en": "Evidence against the stated odds: E = {evalue} ({strength}; {threshold} is "
              "needed for 'inconsistent', and looking again after every batch is safe).",
        "ru": "Свидетельство против заявленных шансов: E = {evalue} ({strength}; для вывода "
              "«не соответствует» нужно {threshold}, и проверять после каждой порции данных "
              "безопасно).",
    },
    "finding.outcome_low": {
        "en": "'{label}' came up {observed} times in {n} spins; the rules promise {stated} "
              "(about {expected} expected): {ratio} as often as stated "
              "(95% interval {ci_low}–{ci_high} of stated; p {p} after Holm correction).",
        "ru": "«{label}» выпало {observed} раз на {n} вращений; по правилам шанс {stated} "
              "(ожидалось около {expected}): в {ratio} от заявленного "
              "(95% интервал {ci_low}–{ci_high} от заявленного; p {p} с поправкой Холма).",
    },
    "finding.outcome_high": {
        "en": "'{label}' came up {observed} times in {n} spins; the rules promise {stated} "
              "(about {expected} expected): {ratio} as often as stated "
              "(95% interval {ci_low}–{ci_high} of stated; p {p} after Holm correction).",
        "ru": "«{label}» выпало {observed} раз на {n} вращений; по правилам шанс {stated} "
              "(ожидалось около {expected}): в {ratio} от заявленного "
              "(95% интервал {ci_low}–{ci_high} от заявленного; p {p} с поправкой Холма).",
    },
    "finding.fit": {
        "en": "Taken together, the counts fit the stated odds poorly ({method}: p {p}).",
        "ru": "В целом распределение исходов плохо согласуется с заявленным ({method}: p {p}).",
    },
    "finding.zero_hits": {
        "en": "Nobody got '{label}' in {n} spins. With the stated {stated} that happens with "
              "probability {chance}, so on its own it is {meaning}.",
        "ru": "«{label}» не выпало ни разу за {n} вращений. При заявленном шансе {stated} так "
              "бывает с вероятностью {chance}, так что само по себе это {meaning}.",
    },
    "zero.meaning_weak": {"en": "no evidence of cheating", "ru": "не доказательство обмана"},
    "zero.meaning_strong": {"en": "a strong sign the prize is rarer than stated",
                            "ru": "серьёзный признак того, что приз выпадает реже заявленного"},
    "finding.value_low": {
        "en": "The average prize is {mean_observed}{unit} per spin against {mean_stated}{unit} "
              "the stated odds imply ({ratio} of it; p {p}).",
        "ru": "Средний выигрыш — {mean_observed}{unit} за вращение против {mean_stated}{unit} по "
              "заявленным шансам ({ratio} от заявленного; p {p}).",
    },
    "finding.value_high": {
        "en": "The average prize is {mean_observed}{unit} per spin against {mean_stated}{unit} "
              "the stated odds imply ({ratio} of it; p {p}).",
        "ru": "Средний выигрыш — {mean_observed}{unit} за вращение против {mean_stated}{unit} по "
              "заявленным шансам ({ratio} от заявленного; p {p}).",
    },
    "finding.enough_data": {
        "en": "{n} spins give an {power} chance to catch '{target}' paying half its stated "
              "chance; about {required} spins were needed.",
        "ru": "{n} вращений дают {power} шанс поймать «{target}» с вдвое меньшим шансом; "
              "нужно было около {required}.",
    },
    "finding.not_enough_data": {
        "en": "To catch '{target}' paying half its stated chance ({stated} -> {alternative}) "
              "with 80% probability takes about {required} spins; there are {n}.",
        "ru": "Чтобы с вероятностью 80% заметить «{target}» с вдвое меньшим шансом "
              "({stated} -> {alternative}), нужно около {required} вращений; сейчас {n}.",
    },
    # dependence, personalisation and drift findings (fairness.dependence)
    "finding.segment_difference": {
        "en": "The odds differ between segments: '{label}' came up for {rate_high} of spins of "
              "'{segment_high}' but {rate_low} of '{segment_low}' (p {p}, Holm-corrected).",
        "ru": "Шансы различаются по группам: «{label}» выпадало в {rate_high} вращений у "
              "«{segment_high}», но в {rate_low} у «{segment_low}» (p {p} с поправкой Холма).",
    },
    "finding.segment_evidence": {
        "en": "Within '{segment}' ({n} spins) the evidence against the stated odds is "
              "E = {evalue}, beyond {threshold} (the threshold corrected for the number of "
              "segments).",
        "ru": "Внутри группы «{segment}» ({n} вращений) свидетельство против заявленных шансов "
              "E = {evalue}, выше порога {threshold} (с поправкой на число групп).",
    },
    "finding.reporter_difference": {
        "en": "Reporters do not all get the same odds: the mix of outcomes differs between "
              "people more than chance allows (p {p}, Holm-corrected).",
        "ru": "Шансы не одинаковы для всех участников: распределение исходов у разных людей "
              "различается сильнее, чем допускает случай (p {p} с поправкой Холма).",
    },
    "finding.drift": {
        "en": "The odds changed over time, around {when}: '{label}' went from {before} to "
              "{after} of spins (p {p}, Holm-corrected).",
        "ru": "Шансы менялись со временем, примерно с {when}: доля «{label}» изменилась с "
              "{before} до {after} (p {p} с поправкой Холма).",
    },
    "finding.pity": {
        "en": "The chance of '{label}' depends on how long ago someone last got it "
              "({direction}; longest run without it: {longest} spins; p {p}, Holm-corrected).",
        "ru": "Шанс «{label}» зависит от того, как давно он выпадал в последний раз "
              "({direction}; самая длинная серия без него: {longest}; p {p} с поправкой Холма).",
    },
    "direction.pity": {"en": "it rises after a long wait, a 'pity' mechanic",
                       "ru": "он растёт после долгого ожидания — механика «жалости»"},
    "direction.anti_pity": {"en": "it falls the longer one waits",
                            "ru": "он падает, чем дольше ждёшь"},
    "finding.streak": {
        "en": "A losing streak of {longest} spins (nothing better than '{label}') is longer "
              "than the stated odds make likely (p {p}, Holm-corrected).",
        "ru": "Серия из {longest} вращений без выигрыша лучше «{label}» длиннее, чем "
              "допускают заявленные шансы (p {p} с поправкой Холма).",
    },
    "finding.dependence": {
        "en": "The next outcome depends on the previous one for the same person "
              "(p {p}, Holm-corrected).",
        "ru": "Следующий исход зависит от предыдущего у того же участника "
              "(p {p} с поправкой Холма).",
    },
    "finding.runs": {
        "en": "Wins and losses cluster or alternate more than independent spins would "
              "(p {p}, Holm-corrected).",
        "ru": "Выигрыши и проигрыши идут сериями или чередуются чаще, чем при независимых "
              "вращениях (p {p} с поправкой Холма).",
    },
    "finding.scripted_start": {
        "en": "People's first {k} spins go differently from their later ones "
              "(p {p}, Holm-corrected): the start looks scripted.",
        "ru": "Первые {k} вращения у участников распределены иначе, чем последующие "
              "(p {p} с поправкой Холма): начало похоже на сценарий.",
    },
    "finding.complete_logs": {
        "en": "On the {n} spins of {n_reporters} reporters with complete logs alone: "
              "E = {evalue}, fit p {p}.",
        "ru": "Только по {n} вращениям {n_reporters} участников с полными журналами: "
              "E = {evalue}, p {p} для согласия.",
    },
    "caveat.bias_more": {
        "en": "Reporting bias: this could also happen if people who got '{label}' posted it "
              "{ratio} as often as people with other results.",
        "ru": "Избирательность постов: то же самое получится, если о «{label}» пишут в "
              "{ratio} чаще, чем о других результатах.",
    },
    "caveat.bias_less": {
        "en": "Reporting bias: this could also happen if people who got '{label}' posted it "
              "{ratio} less often than people with other results.",
        "ru": "Избирательность постов: то же самое получится, если о «{label}» пишут в "
              "{ratio} реже, чем о других результатах.",
    },
    # strength words for e-values
    "strength.none": {"en": "no evidence", "ru": "свидетельств нет"},
    "strength.weak": {"en": "weak", "ru": "слабое"},
    "strength.moderate": {"en": "moderate", "ru": "умеренное"},
    "strength.strong": {"en": "strong", "ru": "сильное"},
    "strength.very_strong": {"en": "very strong", "ru": "очень сильное"},
    # details inside headlines
    "detail.forbidden": {"en": "'{label}' came up although the rules do not allow it.",
                         "ru": "Выпало «{label}», хотя правила этого не допускают."},
    "detail.pool": {"en": "'{label}' came up more often than its whole prize fund allows.",
                    "ru": "«{label}» выпало больше раз, чем есть в призовом фонде."},
    "detail.outcome": {"en": "'{label}' comes {ratio} as often as stated (E = {evalue}).",
                       "ru": "«{label}» выпадает в {ratio} от заявленного (E = {evalue})."},
    "detail.joint": {"en": "the mix of outcomes differs from the stated odds (E = {evalue}).",
                     "ru": "распределение исходов отличается от заявленного (E = {evalue})."},
    "detail.suspicious_outcome": {
        "en": "'{label}' comes {ratio} as often as stated. Keep collecting.",
        "ru": "«{label}» выпадает в {ratio} от заявленного. Продолжайте собирать данные."},
    "detail.suspicious_evidence": {
        "en": "moderate evidence against the stated odds (E = {evalue}). Keep collecting.",
        "ru": "умеренные свидетельства против заявленных шансов (E = {evalue}). "
              "Продолжайте собирать данные."},
    "detail.finding": {"en": "{finding}", "ru": "{finding}"},
    "detail.suspicious_other": {
        "en": "see the findings. Keep collecting.",
        "ru": "см. находки. Продолжайте собирать данные."},
    # caveats
    "caveat.reporting_bias": {
        "en": "Crowdsourced spins are not a random sample: people post big wins (and angry "
              "losses) more readily than ordinary spins. Complete logs of every spin are more "
              "trustworthy than posts.",
        "ru": "Собранные в чате вращения — не случайная выборка: о крупных выигрышах (и обидных "
              "проигрышах) пишут охотнее, чем об обычных. Полные журналы всех вращений надёжнее "
              "постов.",
    },
    "caveat.independence": {
        "en": "The tests assume each spin is an independent draw with the same odds for "
              "everyone; if the operator personalises the odds, the verdict is about the "
              "average over these reporters.",
        "ru": "Тесты исходят из того, что каждое вращение независимо и шансы одинаковы для "
              "всех; если оператор подстраивает шансы под клиента, вывод относится к среднему "
              "по этим участникам.",
    },
    "caveat.tallies_only": {
        "en": "Only aggregated counts were given, so order, time and reporter checks were not "
              "possible.",
        "ru": "Даны только итоговые количества, поэтому проверки порядка, времени и участников "
              "невозможны.",
    },
    "caveat.sequence_sample": {
        "en": "The order tests (runs, streaks, pity, first spins) used a random sample of "
              "{reporters} of {of_reporters} reporters ({spins} of {of_spins} spins), plenty "
              "to catch any practical effect; every other check used all spins.",
        "ru": "Проверки порядка (серии, стрики, «жалость», первые вращения) сделаны на "
              "случайной выборке из {reporters} участников из {of_reporters} ({spins} из "
              "{of_spins} вращений) — этого с запасом хватает; остальные проверки — на всех "
              "вращениях.",
    },
    "caveat.rejected": {
        "en": "{rejected} of {read} input items could not be used (see the rejected list).",
        "ru": "{rejected} из {read} входных записей не удалось использовать (см. список "
              "отклонённых).",
    },
    # next steps
    "next.rules_violated": {
        "en": "Collect screenshots of the reports and send them to the operator and the "
              "regulator.",
        "ru": "Соберите скриншоты этих сообщений и направьте их оператору и регулятору.",
    },
    "next.inconsistent": {
        "en": "Share this result with the operator and ask for the draw logs; keep the raw "
              "data.",
        "ru": "Покажите результат оператору и запросите журнал розыгрышей; сохраните исходные "
              "данные.",
    },
    "next.suspicious": {
        "en": "Keep collecting spins (ideally complete logs) and check again: looking again is "
              "safe.",
        "ru": "Продолжайте собирать вращения (лучше полные журналы) и проверяйте снова: "
              "повторные проверки безопасны.",
    },
    "next.consistent": {
        "en": "Nothing to do; check again if the rules or the wheel change.",
        "ru": "Ничего делать не нужно; проверьте снова, если изменятся правила или колесо.",
    },
    "next.not_enough_data": {
        "en": "Collect about {more} more spins and check again; looking again is safe.",
        "ru": "Соберите ещё около {more} вращений и проверьте снова; повторные проверки "
              "безопасны.",
    },
    "next.not_enough_data_unreachable": {
        "en": "Pool data with other communities, or ask the operator for complete draw logs.",
        "ru": "Объедините данные с другими сообществами или запросите у оператора полный "
              "журнал розыгрышей.",
    },
    "reporters.some": {"en": "from {n} reporters", "ru": "от {n} участников"},
    "reporters.unknown": {"en": "reporters unknown", "ru": "участники неизвестны"},
    "fit.method.pearson": {"en": "Pearson's chi-square test", "ru": "критерий хи-квадрат Пирсона"},
    "fit.method.g": {"en": "G-test", "ru": "G-тест"},
    "fit.method.exact": {"en": "exact multinomial test", "ru": "точный мультиномиальный тест"},
    "fit.method.monte_carlo": {"en": "Monte Carlo test", "ru": "тест Монте-Карло"},
    # errors (fairness.errors.Message keys): one line each, the file and place are added around
    "error.unknown_target": {"en": "unknown outcome '{target}' (the game has: {labels})",
                             "ru": "неизвестный исход «{target}» (в игре есть: {labels})"},
    # claims as operators make them (issue 16): spec errors
    "error.unstated_with_key": {
        "en": "`{key}` needs a stated chance (give probability, percent or odds, or leave both "
              "out for a prize shown without odds)",
        "ru": "для `{key}` нужен заявленный шанс (укажите probability, percent или odds либо "
              "уберите оба ключа, если шанс приза не объявлен)"},
    "error.remainder_with_unstated": {
        "en": "'{remainder}' is marked remainder = true, but '{label}' has no stated chance: "
              "with an unstated outcome nothing fixes what the remainder is (remove "
              "remainder = true or state the missing chance)",
        "ru": "«{remainder}» помечен как remainder = true, но у «{label}» шанс не указан: "
              "при неуказанном шансе остаток не определён (уберите remainder = true или "
              "укажите недостающий шанс)"},
    "error.relative_with_unstated": {
        "en": "weights or counts fix every chance, so '{label}' cannot be left without one "
              "(give its weight or count)",
        "ru": "веса или количества задают все шансы, поэтому «{label}» нельзя оставить без "
              "шанса (укажите его вес или количество)"},
    "error.stated_above_one": {
        "en": "the stated chances already sum to {total}, above 1 even allowing for rounding",
        "ru": "заявленные шансы в сумме дают {total} — больше 1 даже с учётом округления"},
    "error.claims_not_list": {
        "en": "`claims` must be a list of tables ([[claims]])",
        "ru": "`claims` должен быть списком таблиц ([[claims]])"},
    "error.claim_outcomes": {
        "en": "a claim needs `outcomes`: the list of outcome labels it is about",
        "ru": "у утверждения должен быть список `outcomes` — метки исходов, о которых оно"},
    "error.claim_unknown_outcome": {
        "en": "the claim names '{label}', which is not an outcome of the game "
              "(the game has: {labels})",
        "ru": "утверждение называет «{label}», но такого исхода в игре нет (есть: {labels})"},
    "error.claim_repeated_outcome": {
        "en": "the claim names an outcome twice",
        "ru": "утверждение называет один исход дважды"},
    "error.claim_chance": {
        "en": "a claim needs one stated share: probability, percent or odds",
        "ru": "у утверждения должна быть одна доля: probability, percent или odds"},
    "error.claims_contradict": {
        "en": "the group claims and the stated chances contradict each other: no set of "
              "chances satisfies them all",
        "ru": "утверждения о группах исходов и заявленные шансы противоречат друг другу: "
              "нет шансов, которые удовлетворяли бы всем сразу"},
    "where.claim": {"en": "claim #{number}", "ru": "утверждение №{number}"},
    "error.chance_form": {
        "en": "write a chance as a probability, a percent or odds (\"0.001\", \"0.1%\", "
              "\"1 in 1000\")",
        "ru": "запишите шанс как вероятность, процент или «1 из N» (\"0.001\", \"0.1%\", "
              "\"1 к 1000\")"},
    "error.plan_no_odds": {
        "en": "the game states no chance to plan for (use --never-seen LABEL for a prize "
              "nobody has won, or check data: a game without odds is planned from its spins)",
        "ru": "в игре нет заявленного шанса, под который можно планировать (для приза, "
              "который никто не выиграл, используйте --never-seen МЕТКА, или проверьте "
              "данные: игру без шансов планируют по её вращениям)"},
    # claims as operators make them (issue 16): findings, headlines, caveats, report words
    "finding.never_seen": {
        "en": "'{label}' was not seen once in {n} spins: if it can be won at all, its chance "
              "is below {bound} (95%).",
        "ru": "«{label}» не выпал ни разу за {n} вращений: если его вообще можно выиграть, "
              "шанс ниже {bound} (95%)."},
    "finding.claim_broken": {
        "en": "The claim “{claim}” ({kind} {written}) does not hold: {observed_count} of {n} "
              "spins ({rate}, 95% interval {rate_low}–{rate_high}; {ratio} of the claim; "
              "p {p}, Holm-corrected).",
        "ru": "Утверждение «{claim}» ({kind} {written}) не выполняется: {observed_count} из {n} "
              "вращений ({rate}, 95% интервал {rate_low}–{rate_high}; {ratio} от заявленного; "
              "p {p} с поправкой Холма)."},
    "claim_kind.exact": {"en": "exactly", "ru": "ровно"},
    "claim_kind.at_least": {"en": "at least", "ru": "не меньше"},
    "claim_kind.at_most": {"en": "at most", "ru": "не больше"},
    "finding.enough_data_difference": {
        "en": "{n} spins give an {power} chance to see one half of the spins (a segment, or a "
              "period) get '{target}' twice as often as the other; about {required} were "
              "needed.",
        "ru": "{n} вращений дают {power} шанс заметить, что одна половина вращений (группа "
              "клиентов или период) получает «{target}» вдвое чаще другой; нужно было около "
              "{required}.",
    },
    "finding.not_enough_data_difference": {
        "en": "To see one half of the spins (a segment, or a period) get '{target}' twice as "
              "often as the other with 80% probability takes about {required} spins; there "
              "are {n}.",
        "ru": "Чтобы с вероятностью 80% заметить, что одна половина вращений (группа клиентов "
              "или период) получает «{target}» вдвое чаще другой, нужно около {required} "
              "вращений; сейчас {n}.",
    },
    "headline.no_odds_consistent": {
        "en": "The operator publishes no odds: we checked whether the wheel is the same for "
              "everyone and does not change over time. The {n} spins show no difference, and "
              "they are enough to have seen '{target}' come twice as often for some.",
        "ru": "Банк не публикует шансы: мы проверили, одинаково ли колесо для всех и не "
              "меняется ли оно со временем. {n} вращений различий не показали, и их хватает, "
              "чтобы заметить, если «{target}» выпадает кому-то вдвое чаще.",
    },
    "headline.no_odds_not_enough_data": {
        "en": "The operator publishes no odds: we checked whether the wheel is the same for "
              "everyone and does not change over time. No difference so far, but {n} spins "
              "are too few to tell: collect about {more} more.",
        "ru": "Банк не публикует шансы: мы проверили, одинаково ли колесо для всех и не "
              "меняется ли оно со временем. Различий пока нет, но {n} вращений мало, чтобы "
              "судить: соберите ещё около {more}.",
    },
    "headline.no_odds_not_enough_data_unknown": {
        "en": "The operator publishes no odds: we checked whether the wheel is the same for "
              "everyone and does not change over time, but {n} spins are too few to measure "
              "any prize yet.",
        "ru": "Банк не публикует шансы: мы проверили, одинаково ли колесо для всех и не "
              "меняется ли оно со временем, но {n} вращений пока мало, чтобы измерить хоть "
              "один приз.",
    },
    "headline.no_odds_untestable": {
        "en": "The operator publishes no odds, and these {n} spins carry no reporters, "
              "segments or times, so nothing could be compared: see the measured odds below.",
        "ru": "Банк не публикует шансы, а у этих {n} вращений нет ни участников, ни групп, ни "
              "времени, поэтому сравнивать было нечего: ниже — измеренные шансы.",
    },
    "next.no_odds_untestable": {
        "en": "Collect spins with who spun, when, and the client group, so that the wheel can "
              "be compared between people and over time.",
        "ru": "Собирайте вращения с указанием участника, времени и группы клиентов, чтобы "
              "колесо можно было сравнить между людьми и во времени.",
    },
    "next.no_odds_collect": {
        "en": "Keep collecting spins (with who spun, when, and the client group) and check "
              "again; looking again is safe.",
        "ru": "Продолжайте собирать вращения (с участником, временем и группой клиентов) и "
              "проверяйте снова; повторные проверки безопасны.",
    },
    "caveat.no_odds": {
        "en": "The operator publishes no odds: we checked whether the wheel is the same for "
              "everyone and does not change over time, and measured each prize's chance; "
              "whether those chances are 'fair' cannot be tested without a statement.",
        "ru": "Банк не публикует шансы: мы проверили, одинаково ли колесо для всех и не "
              "меняется ли оно со временем, и измерили шанс каждого приза; честны ли сами "
              "шансы, без заявления оператора проверить нельзя.",
    },
    "caveat.unstated": {
        "en": "No chance is stated for {labels}: those chances are measured (see the table), "
              "not tested; the verdict tests the other statements together.",
        "ru": "Для {labels} шанс не объявлен: эти шансы измерены (см. таблицу), а не "
              "проверены; вывод проверяет остальные заявления вместе.",
    },
    "detail.claim": {"en": "the claim “{claim}” does not hold: {ratio} of it (E = {evalue}).",
                     "ru": "утверждение «{claim}» не выполняется: {ratio} от заявленного "
                           "(E = {evalue})."},
    "report.claims": {"en": "Claims about groups of prizes", "ru": "Утверждения о группах призов"},
    "report.claims_header": {
        "en": "claim|outcomes|claimed|observed|share (95% interval)|ratio|p (Holm)",
        "ru": "утверждение|исходы|заявлено|выпало|доля (95% интервал)|отношение|p (Холм)"},
    "report.measured": {"en": "What the community measured",
                        "ru": "Что намерило сообщество"},
    "report.measured_header": {
        "en": "outcome|stated|spins|measured chance|95% interval",
        "ru": "исход|заявлено|выпало|измеренный шанс|95% интервал"},
    "report.not_stated": {"en": "not stated", "ru": "не объявлен"},
    "report.measured_intro": {
        "en": "{n} spins counted by the community; chances with exact 95% intervals.",
        "ru": "{n} вращений, собранных сообществом; шансы с точными 95% интервалами."},
}


def text(key: str, lang: str = "en", **params) -> str:
    """The sentence ``key`` in ``lang`` with ``params`` filled in."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    try:
        template = CATALOGUE[key][lang]
    except KeyError:
        raise KeyError(f"no text {key!r}") from None
    return template.format(**params)


def fmt_int(n, lang: str = "en") -> str:
    """1800 -> '1,800' (en) or '1 800' (ru, with a narrow no-break space)."""
    if n is None:
        return "?"
    s = f"{round(n):,}"
    return s.replace(",", "\u202f") if lang == "ru" else s


def fmt_number(x, lang: str = "en", digits: int = 3) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "—"
    s = f"{x:.{digits}g}"
    if "e" in s:
        s = f"{x:,.0f}"
    return s.replace(".", ",") if lang == "ru" else s


def fmt_chance(p: float, lang: str = "en") -> str:
    """0.05 -> '5%'; 0.0001 -> '1 in 10,000' ('1 из 10 000')."""
    if p is None or not math.isfinite(p):
        return "—"
    if p == 0:
        return "0"
    if p >= 0.01:
        s = f"{p * 100:.3g}%"
        return s.replace(".", ",") if lang == "ru" else s
    one_in = fmt_int(round(1 / p), lang)
    return f"1 из {one_in}" if lang == "ru" else f"1 in {one_in}"


def fmt_p(p: float, lang: str = "en") -> str:
    if p is None or not math.isfinite(p):
        return "—"
    """0.0312 -> '= 0.031'; 1e-7 -> '< 0.0001' (templates write 'p {p}')."""
    s = "< 0.0001" if p < 1e-4 else f"= {p:.2g}" if p < 0.01 else f"= {p:.2f}"
    return s.replace(".", ",") if lang == "ru" else s


def fmt_ratio(r: float, lang: str = "en") -> str:
    """0.31 -> '0.31×'."""
    if r is None or not math.isfinite(r):
        return "—"
    s = f"{r:.2g}×" if r < 0.1 else f"{r:.2f}×" if r < 10 else f"{r:.0f}×"
    return s.replace(".", ",") if lang == "ru" else s


def fmt_evalue(e: float, lang: str = "en") -> str:
    if e is None or not math.isfinite(e):
        return "∞"
    if e >= 1e6:
        exponent = math.floor(math.log10(e))
        return f"10^{exponent}"
    if e >= 100:
        return fmt_int(e, lang)
    return fmt_number(e, lang, 2)
