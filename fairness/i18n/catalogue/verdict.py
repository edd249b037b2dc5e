"""The verdict's words: levels, headlines, findings, caveats, next steps."""

WORDS: dict[str, dict[str, str]] = {
    "caveat.bias_less": {
        "en": "Reporting bias: this could also happen if people who got '{label}' posted it "
              "{ratio} less often than people with other results.",
        "ru": "Избирательность постов: то же самое получится, если о «{label}» пишут в {ratio} "
              "реже, чем о других результатах.",
    },
    "caveat.bias_more": {
        "en": "Reporting bias: this could also happen if people who got '{label}' posted it "
              "{ratio} as often as people with other results.",
        "ru": "Избирательность постов: то же самое получится, если о «{label}» пишут в {ratio} "
              "чаще, чем о других результатах.",
    },
    "caveat.independence": {
        "en": "The tests assume each spin is an independent draw with the same odds for "
              "everyone; if the operator personalises the odds, the verdict is about the "
              "average over these reporters.",
        "ru": "Тесты исходят из того, что каждое вращение независимо и шансы одинаковы для "
              "всех; если оператор подстраивает шансы под клиента, вывод относится к среднему "
              "по этим участникам.",
    },
    "caveat.rejected": {
        "en": "{rejected} of {read} input items could not be used (see the rejected list).",
        "ru": "{rejected} из {read} входных записей не удалось использовать (см. список "
              "отклонённых).",
    },
    "caveat.reporting_bias": {
        "en": "Crowdsourced spins are not a random sample: people post big wins (and angry "
              "losses) more readily than ordinary spins. Complete logs of every spin are more "
              "trustworthy than posts.",
        "ru": "Собранные в чате вращения — не случайная выборка: о крупных выигрышах (и обидных "
              "проигрышах) пишут охотнее, чем об обычных. Полные журналы всех вращений надёжнее "
              "постов.",
    },
    "caveat.sequence_sample": {
        "en": "The order tests (runs, streaks, pity, first spins) used a random sample of "
              "{sampled} of {of_reporters} reporters ({spins} of {of_spins} spins), plenty to "
              "catch any practical effect; every other check used all spins.",
        "ru": "Проверки порядка (серии, стрики, «жалость», первые вращения) сделаны на "
              "случайной выборке из {sampled} "
              "{sampled:one=участника|few=участников|many=участников|other=участника} из "
              "{of_reporters} ({spins} из {of_spins} вращений) — этого с запасом хватает; "
              "остальные проверки — на всех вращениях.",
    },
    "caveat.tallies_only": {
        "en": "Only aggregated counts were given, so order, time and reporter checks were not "
              "possible.",
        "ru": "Даны только итоговые количества, поэтому проверки порядка, времени и участников "
              "невозможны.",
    },
    "detail.finding": {
        "en": "{finding}",
        "ru": "{finding}",
    },
    "detail.forbidden": {
        "en": "'{label}' came up although the rules do not allow it.",
        "ru": "Выпало «{label}», хотя правила этого не допускают.",
    },
    "detail.joint": {
        "en": "the mix of outcomes differs from the stated odds (E = {evalue}).",
        "ru": "распределение исходов отличается от заявленного (E = {evalue}).",
    },
    "detail.outcome": {
        "en": "'{label}' comes {ratio} as often as stated (E = {evalue}).",
        "ru": "«{label}» выпадает в {ratio} от заявленного (E = {evalue}).",
    },
    "detail.pool": {
        "en": "'{label}' came up more often than its whole prize fund allows.",
        "ru": "«{label}» выпало больше раз, чем есть в призовом фонде.",
    },
    "detail.suspicious_evidence": {
        "en": "moderate evidence against the stated odds (E = {evalue}). Keep collecting.",
        "ru": "умеренные свидетельства против заявленных шансов (E = {evalue}). Продолжайте "
              "собирать данные.",
    },
    "detail.suspicious_other": {
        "en": "see the findings. Keep collecting.",
        "ru": "см. находки. Продолжайте собирать данные.",
    },
    "detail.suspicious_outcome": {
        "en": "'{label}' comes {ratio} as often as stated. Keep collecting.",
        "ru": "«{label}» выпадает в {ratio} от заявленного. Продолжайте собирать данные.",
    },
    "direction.anti_pity": {
        "en": "it falls the longer one waits",
        "ru": "он падает, чем дольше ждёшь",
    },
    "direction.pity": {
        "en": "it rises after a long wait, a 'pity' mechanic",
        "ru": "он растёт после долгого ожидания — механика «жалости»",
    },
    "finding.complete_logs": {
        "en": "On the {n} {n:one=spin|other=spins} of {n_reporters} "
              "{n_reporters:one=reporter|other=reporters} with complete logs alone: E = "
              "{evalue}, fit p {p}.",
        "ru": "Только по {n} {n:one=вращению|few=вращениям|many=вращениям|other=вращениям} "
              "{n_reporters} "
              "{n_reporters:one=участника|few=участников|many=участников|other=участника} с "
              "полными журналами: E = {evalue}, p {p} для согласия.",
    },
    "finding.dependence": {
        "en": "The next outcome depends on the previous one for the same person (p {p}, "
              "Holm-corrected).",
        "ru": "Следующий исход зависит от предыдущего у того же участника (p {p} с поправкой "
              "Холма).",
    },
    "finding.drift": {
        "en": "The odds changed over time, around {when}: '{label}' went from {before} to "
              "{after} of spins (p {p}, Holm-corrected).",
        "ru": "Шансы менялись со временем, примерно с {when}: доля «{label}» изменилась с "
              "{before} до {after} (p {p} с поправкой Холма).",
    },
    "finding.enough_data": {
        "en": "{n} {n:one=spin gives|other=spins give} an {power} chance to catch '{target}' "
              "paying half its stated chance; about {required} spins were needed.",
        "ru": "{n} {n:one=вращение даёт|few=вращения дают|many=вращений дают|other=вращения "
              "дают} {power} шанс поймать «{target}» с вдвое меньшим шансом; нужно было около "
              "{required}.",
    },
    "finding.evidence": {
        "en": "Evidence against the stated odds: E = {evalue} ({strength}; {threshold} is "
              "needed for 'inconsistent', and looking again after every batch is safe).",
        "ru": "Свидетельство против заявленных шансов: E = {evalue} ({strength}; для вывода «не "
              "соответствует» нужно {threshold}, и проверять после каждой порции данных "
              "безопасно).",
    },
    "finding.fit": {
        "en": "Taken together, the counts fit the stated odds poorly ({method}: p {p}).",
        "ru": "В целом распределение исходов плохо согласуется с заявленным ({method}: p {p}).",
    },
    "finding.forbidden_seen": {
        "en": "'{label}' came up {count} {count:one=time|other=times} ({reporters}), but the "
              "rules do not allow it.",
        "ru": "«{label}» выпало {count} {count:one=раз|few=раза|many=раз|other=раза} "
              "({reporters}), хотя правила этого не допускают.",
    },
    "finding.forbidden_single": {
        "en": "'{label}' was reported once, though the rules do not allow it: worth checking "
              "that report.",
        "ru": "Один раз сообщили о «{label}», хотя правила этого не допускают: стоит проверить "
              "это сообщение.",
    },
    "finding.not_enough_data": {
        "en": "To catch '{target}' paying half its stated chance ({stated} → {alternative}) "
              "with 80% probability takes about {required} spins; there are {n}.",
        "ru": "Чтобы с вероятностью 80% заметить «{target}» с вдвое меньшим шансом ({stated} → "
              "{alternative}), нужно около {required} "
              "{required:one=вращения|few=вращений|many=вращений|other=вращения}; сейчас {n}.",
    },
    "finding.outcome_high": {
        "en": "'{label}' came up {observed} {observed:one=time|other=times} in {n} "
              "{n:one=spin|other=spins}; the rules promise {promise} (about {expected} "
              "expected): {ratio} as often as stated (95% interval {ci_low}–{ci_high} of "
              "stated; p {p} after Holm correction).",
        "ru": "«{label}» выпало {observed} {observed:one=раз|few=раза|many=раз|other=раза} на "
              "{n} {n:one=вращение|few=вращения|many=вращений|other=вращения}; по правилам шанс "
              "{promise} (ожидалось около {expected}): в {ratio} от заявленного "
              "(95-процентный интервал {ci_low}–{ci_high} от заявленного; p {p} с поправкой "
              "Холма).",
    },
    "finding.outcome_low": {
        "en": "'{label}' came up {observed} {observed:one=time|other=times} in {n} "
              "{n:one=spin|other=spins}; the rules promise {promise} (about {expected} "
              "expected): {ratio} as often as stated (95% interval {ci_low}–{ci_high} of "
              "stated; p {p} after Holm correction).",
        "ru": "«{label}» выпало {observed} {observed:one=раз|few=раза|many=раз|other=раза} на "
              "{n} {n:one=вращение|few=вращения|many=вращений|other=вращения}; по правилам шанс "
              "{promise} (ожидалось около {expected}): в {ratio} от заявленного "
              "(95-процентный интервал {ci_low}–{ci_high} от заявленного; p {p} с поправкой "
              "Холма).",
    },
    "finding.pity": {
        "en": "The chance of '{label}' depends on how long ago someone last got it "
              "({direction}; longest run without it: {longest} spins; p {p}, Holm-corrected).",
        "ru": "Шанс «{label}» зависит от того, как давно он выпадал в последний раз "
              "({direction}; самая длинная серия без него: {longest}; p {p} с поправкой Холма).",
    },
    "finding.pool_exceeded": {
        "en": "'{label}' came up {count} {count:one=time|other=times}, more than the whole "
              "prize fund of {fund}.",
        "ru": "«{label}» выпало {count} {count:one=раз|few=раза|many=раз|other=раза} — больше, "
              "чем весь призовой фонд ({fund}).",
    },
    "finding.reporter_difference": {
        "en": "Reporters do not all get the same odds: the mix of outcomes differs between "
              "people more than chance allows (p {p}, Holm-corrected).",
        "ru": "Шансы не одинаковы для всех участников: распределение исходов у разных людей "
              "различается сильнее, чем допускает случай (p {p} с поправкой Холма).",
    },
    "finding.runs": {
        "en": "Wins and losses cluster or alternate more than independent spins would (p {p}, "
              "Holm-corrected).",
        "ru": "Выигрыши и проигрыши идут сериями или чередуются чаще, чем при независимых "
              "вращениях (p {p} с поправкой Холма).",
    },
    "finding.scripted_start": {
        "en": "People's first {k} spins go differently from their later ones (p {p}, "
              "Holm-corrected): the start looks scripted.",
        "ru": "Первые {k} вращения у участников распределены иначе, чем последующие (p {p} с "
              "поправкой Холма): начало похоже на сценарий.",
    },
    "finding.segment_difference": {
        "en": "The odds differ between segments: '{label}' came up for {rate_high} of spins of "
              "'{segment_high}' but {rate_low} of '{segment_low}' (p {p}, Holm-corrected).",
        "ru": "Шансы различаются по группам: «{label}» выпадало в {rate_high} вращений у "
              "«{segment_high}», но в {rate_low} у «{segment_low}» (p {p} с поправкой Холма).",
    },
    "finding.segment_evidence": {
        "en": "Within '{segment}' ({n} {n:one=spin|other=spins}) the evidence against the "
              "stated odds is E = {evalue}, beyond {threshold} (the threshold corrected for the "
              "number of segments).",
        "ru": "Внутри группы «{segment}» ({n} "
              "{n:one=вращение|few=вращения|many=вращений|other=вращения}) свидетельство против "
              "заявленных шансов E = {evalue}, выше порога {threshold} (с поправкой на число "
              "групп).",
    },
    "finding.streak": {
        "en": "A losing streak of {longest} {longest:one=spin|other=spins} (nothing better than "
              "'{label}') is longer than the stated odds make likely (p {p}, Holm-corrected).",
        "ru": "Серия из {longest} "
              "{longest:one=вращения|few=вращений|many=вращений|other=вращения} без выигрыша "
              "лучше «{label}» длиннее, чем допускают заявленные шансы (p {p} с поправкой "
              "Холма).",
    },
    "finding.value_high": {
        "en": "The average prize is {mean_observed}{unit} per spin against {mean_stated}{unit} "
              "the stated odds imply ({ratio} of it; p {p}).",
        "ru": "Средний выигрыш — {mean_observed}{unit} за вращение против {mean_stated}{unit} "
              "по заявленным шансам ({ratio} от заявленного; p {p}).",
    },
    "finding.value_low": {
        "en": "The average prize is {mean_observed}{unit} per spin against {mean_stated}{unit} "
              "the stated odds imply ({ratio} of it; p {p}).",
        "ru": "Средний выигрыш — {mean_observed}{unit} за вращение против {mean_stated}{unit} "
              "по заявленным шансам ({ratio} от заявленного; p {p}).",
    },
    "finding.zero_hits": {
        "en": "Nobody got '{label}' in {n} {n:one=spin|other=spins}. With the stated {promise} "
              "that happens with probability {chance}, so on its own it is {meaning}.",
        "ru": "«{label}» не выпало ни разу за {n} "
              "{n:one=вращение|few=вращения|many=вращений|other=вращения}. При заявленном шансе "
              "{promise} так бывает с вероятностью {chance}, так что само по себе это "
              "{meaning}.",
    },
    "fit.method.exact": {
        "en": "exact multinomial test",
        "ru": "точный мультиномиальный тест",
    },
    "fit.method.g": {
        "en": "G-test",
        "ru": "G-тест",
    },
    "fit.method.monte_carlo": {
        "en": "Monte Carlo test",
        "ru": "тест Монте-Карло",
    },
    "fit.method.pearson": {
        "en": "Pearson's chi-square test",
        "ru": "критерий хи-квадрат Пирсона",
    },
    "headline.consistent": {
        "en": "The {n} {n:one=spin agrees|other=spins agree} with the stated odds, and they are "
              "enough to have noticed '{target}' at half its chance.",
        "ru": "{n} {n:one=вращение согласуется|few=вращения согласуются|many=вращений "
              "согласуются|other=вращения согласуются} с заявленными шансами, и их достаточно, "
              "чтобы заметить «{target}» с вдвое меньшим шансом.",
    },
    "headline.inconsistent": {
        "en": "The draw does not behave as stated: {detail}",
        "ru": "Розыгрыш ведёт себя не так, как заявлено: {detail}",
    },
    "headline.not_enough_data": {
        "en": "No evidence against the stated odds so far, but {n} {n:one=spin is|other=spins "
              "are} too few to tell: collect about {more} more.",
        "ru": "Пока нет признаков нечестности, но {n} "
              "{n:one=вращение|few=вращения|many=вращений|other=вращения} — этого мало, чтобы "
              "судить: соберите ещё около {more} "
              "{more:one=вращения|few=вращений|many=вращений|other=вращения}.",
    },
    "headline.not_enough_data_unreachable": {
        "en": "No evidence against the stated odds so far, but {n} {n:one=spin is|other=spins "
              "are} too few to tell, and a community is unlikely ever to collect enough to "
              "check {target}.",
        "ru": "Пока нет признаков нечестности, но {n} "
              "{n:one=вращение|few=вращения|many=вращений|other=вращения} — это мало, а "
              "проверить «{target}» сообществу, скорее всего, не под силу: нужно слишком много "
              "вращений.",
    },
    "headline.rules_violated": {
        "en": "{detail}",
        "ru": "{detail}",
    },
    "headline.suspicious": {
        "en": "Something looks off, but it is not proven yet: {detail}",
        "ru": "Что-то не так, но это ещё не доказано: {detail}",
    },
    "level.consistent": {
        "en": "Consistent with the stated odds",
        "ru": "Соответствует заявленным шансам",
    },
    "level.inconsistent": {
        "en": "Inconsistent with the stated odds",
        "ru": "Не соответствует заявленным шансам",
    },
    "level.not_enough_data": {
        "en": "Not enough data yet",
        "ru": "Пока мало данных",
    },
    "level.rules_violated": {
        "en": "Rules violated",
        "ru": "Правила нарушены",
    },
    "level.suspicious": {
        "en": "Suspicious",
        "ru": "Подозрительно",
    },
    "next.consistent": {
        "en": "Nothing to do; check again if the rules or the wheel change.",
        "ru": "Ничего делать не нужно; проверьте снова, если изменятся правила или колесо.",
    },
    "next.inconsistent": {
        "en": "Share this result with the operator and ask for the draw logs; keep the raw data.",
        "ru": "Покажите результат оператору и запросите журнал розыгрышей; сохраните исходные "
              "данные.",
    },
    "next.not_enough_data": {
        "en": "Collect about {more} more spins and check again; looking again is safe.",
        "ru": "Соберите ещё около {more} "
              "{more:one=вращения|few=вращений|many=вращений|other=вращения} и проверьте снова; "
              "повторные проверки безопасны.",
    },
    "next.not_enough_data_unreachable": {
        "en": "Pool data with other communities, or ask the operator for complete draw logs.",
        "ru": "Объедините данные с другими сообществами или запросите у оператора полный журнал "
              "розыгрышей.",
    },
    "next.rules_violated": {
        "en": "Collect screenshots of the reports and send them to the operator and the "
              "regulator.",
        "ru": "Соберите скриншоты этих сообщений и направьте их оператору и регулятору.",
    },
    "next.suspicious": {
        "en": "Keep collecting spins (ideally complete logs) and check again: looking again is "
              "safe.",
        "ru": "Продолжайте собирать вращения (лучше полные журналы) и проверяйте снова: "
              "повторные проверки безопасны.",
    },
    "reporters.some": {
        "en": "from {n} {n:one=reporter|other=reporters}",
        "ru": "от {n} {n:one=участника|few=участников|many=участников|other=участника}",
    },
    "reporters.unknown": {
        "en": "reporters unknown",
        "ru": "участники неизвестны",
    },
    "strength.moderate": {
        "en": "moderate",
        "ru": "умеренное",
    },
    "strength.none": {
        "en": "no evidence",
        "ru": "свидетельств нет",
    },
    "strength.strong": {
        "en": "strong",
        "ru": "сильное",
    },
    "strength.very_strong": {
        "en": "very strong",
        "ru": "очень сильное",
    },
    "strength.weak": {
        "en": "weak",
        "ru": "слабое",
    },
    "unit.outcomes": {
        "en": "{n:one=outcome|other=outcomes}",
        "ru": "{n:one=результат|few=результата|many=результатов|other=результата}",
    },
    "unit.reporters": {
        "en": "{n:one=reporter|other=reporters}",
        "ru": "{n:one=участник|few=участника|many=участников|other=участника}",
    },
    "unit.spins": {
        "en": "{n:one=spin|other=spins}",
        "ru": "{n:one=вращение|few=вращения|many=вращений|other=вращения}",
    },
    "unit.times": {
        "en": "{n:one=time|other=times}",
        "ru": "{n:one=раз|few=раза|many=раз|other=раза}",
    },
    "zero.meaning_strong": {
        "en": "a strong sign the prize is rarer than stated",
        "ru": "серьёзный признак того, что приз выпадает реже заявленного",
    },
    "zero.meaning_weak": {
        "en": "no evidence of cheating",
        "ru": "не доказательство обмана",
    },
    "promise.at_least": {
        "en": "at least {chance}",
        "ru": "не менее {chance}",
    },
    "promise.at_most": {
        "en": "at most {chance}",
        "ru": "не более {chance}",
    },
    "promise.odds": {
        "en": "{num} in {den}",
        "ru": "{num} из {den}",
    },
    "promise.remainder": {
        "en": "the remainder, {chance}",
        "ru": "остаток, {chance}",
    },
    "promise.allowance": {
        "en": "{promise} (with rounding {low}–{high})",
        "ru": "{promise} (с учётом округления {low}–{high})",
    },
    "headline.labels_unknown": {
        "en": "{count} of {n} spins name no outcome of this game: the data and the game file do "
              "not match yet, so there is nothing to judge.",
        "ru": "{count} из {n} вращений не совпадают ни с одним исходом этой игры: данные и файл "
              "игры пока не сходятся, судить не о чем.",
    },
    "finding.labels_unknown": {
        "en": "{count} of {n} spins name an outcome this game does not have ({k} different "
              "{k:one=label|other=labels}).",
        "ru": "{count} из {n} вращений называют исход, которого в игре нет (разных названий: "
              "{k}).",
    },
    "next.labels_unknown": {
        "en": "Check that the game file is the right one, or say which outcome each label in "
              "the data is (the app asks; or add them as patterns to the game file).",
        "ru": "Проверьте, тот ли это файл игры, или укажите, какому исходу соответствует каждое "
              "название в данных (приложение спросит; или добавьте их как шаблоны исходов в "
              "файл игры).",
    },
    "finding.not_given": {
        "en": "The tallies give no count for {labels}: they were read as zero. If they are "
              "unknown rather than zero, check only the outcomes given.",
        "ru": "Для {labels} в итогах нет количества: они прочитаны как ноль. Если они не "
              "нулевые, а неизвестны, проверяйте только указанные исходы.",
    },
    "bias.more": {
        "en": "For an honest wheel to look like this, people who got '{label}' would have to "
              "post it {ratio} as often as people with other results.",
        "ru": "Чтобы честное колесо выглядело так, о «{label}» должны были бы писать в {ratio} "
              "чаще, чем о других результатах.",
    },
    "bias.less": {
        "en": "For an honest wheel to look like this, people who got '{label}' would have to "
              "post it {ratio} less often than people with other results.",
        "ru": "Чтобы честное колесо выглядело так, о «{label}» должны были бы писать в {ratio} "
              "реже, чем о других результатах.",
    },
    "bias.none": {
        "en": "No result is posted noticeably more or less often than an honest wheel would "
              "give: selective posting is not needed to explain these data.",
        "ru": "Ни о каком результате не пишут заметно чаще или реже, чем дало бы честное "
              "колесо: избирательность постов здесь ничего не объясняет.",
    },
}
