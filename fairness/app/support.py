"""Helpers of the Streamlit page (:mod:`fairness.app.page`): the UI's words, input handling
and chart data.

Nothing here computes statistics: it turns the user's inputs (uploaded bytes, pasted text, a
typed table of odds) into library calls, and the library's results into tables and Altair
charts. It does not import Streamlit, so it can be tested and benchmarked on its own; the page
wraps :func:`run` in ``st.cache_data``.

Privacy: an uploaded file is written to a private temporary folder only because the readers
take paths, read once and deleted at once (:func:`run`); reporters are pseudonymised by the
ingestion layer with a key that lives only in the running server's memory.
"""

from __future__ import annotations

import math
import re
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import fairness
from fairness import datasets, texts
from fairness.analysis import Analysis
from fairness.errors import DataError, SpecError
from fairness.evidence import Evidence
from fairness.spec import Game

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 only
    import tomli as tomllib

__all__ = [
    "DEMO_GAME",
    "DEMO_SPINS",
    "LANGS",
    "SOURCE_KINDS",
    "Result",
    "both",
    "evidence_path_frame",
    "extras_sections",
    "game_from_toml",
    "odds_rows",
    "outcome_chart_frame",
    "outcome_table_frame",
    "pattern_rows",
    "run",
    "t",
]

# The bundled demo, from the installed package's data (fairness.bundled).
DEMO_SPINS = datasets.folder() / "spins" / "demo_cashback.csv"
DEMO_GAME = datasets.folder() / "games" / "cashback_wheel.toml"

LANGS = ("ru", "en")
#: Where the spins come from: the bundled demo, a table file, a Telegram export, pasted tallies.
SOURCE_KINDS = ("demo", "table", "telegram", "tallies")
TABLE_TYPES = ("csv", "tsv", "txt", "xlsx", "xlsm", "xls", "parquet")
TELEGRAM_TYPES = ("json", "zip", "html")

# ---------------------------------------------------------------------------------------------
# the words of the UI (the verdict's own sentences live in fairness.texts)

UI: dict[str, dict[str, str]] = {
    "page_title": {"ru": "Честный ли розыгрыш? — fairness",
                   "en": "Is the draw fair? — fairness"},
    "title": {"ru": "Честное ли колесо?", "en": "Is the wheel fair?"},
    "intro": {
        "ru": "Загрузите результаты вращений, укажите заявленные шансы — и получите ответ: "
              "соответствует ли розыгрыш правилам, подозрителен он или данных пока мало.",
        "en": "Upload the spins your community collected, give the odds the operator states, "
              "and get an answer: does the draw match its rules, is it suspicious, or is "
              "more data needed.",
    },
    "lang": {"ru": "Язык", "en": "Language"},
    "lang.ru": {"ru": "Русский", "en": "Русский"},
    "lang.en": {"ru": "English", "en": "English"},
    # 1. data
    "data": {"ru": "Данные", "en": "Data"},
    "source": {"ru": "Откуда вращения", "en": "Where the spins come from"},
    "source.demo": {"ru": "Пример: колесо кэшбэка (8 000 вращений)",
                    "en": "Demo: a cashback wheel (8,000 spins)"},
    "source.table": {"ru": "Таблица (CSV, Excel, Parquet)",
                     "en": "A table (CSV, Excel, Parquet)"},
    "source.telegram": {"ru": "Экспорт чата Telegram (result.json или .zip с HTML)",
                        "en": "Telegram chat export (result.json or an HTML .zip)"},
    "source.tallies": {"ru": "Итоги, вставленные текстом", "en": "Tallies pasted as text"},
    "demo_note": {
        "ru": "Синтетическая кампания из {n} вращений от {reporters} участников "
              "(`datasets/spins/demo_cashback.csv`).",
        "en": "A synthetic campaign of {n} spins from {reporters} reporters "
              "(`datasets/spins/demo_cashback.csv`).",
    },
    "upload_table": {"ru": "Файл с вращениями", "en": "File with the spins"},
    "upload_table_help": {
        "ru": "Одна строка — одно вращение; столбец с результатом («результат», «outcome», "
              "«приз»), по желанию дата и участник. Или итоговая таблица: результат и "
              "количество.",
        "en": "One row per spin with an outcome column ('outcome', 'prize', 'результат'), "
              "optionally a date and a reporter. Or a tally table: outcome and count.",
    },
    "upload_telegram": {"ru": "Экспорт чата", "en": "Chat export"},
    "upload_telegram_help": {
        "ru": "Telegram Desktop → ⋮ → «Экспорт истории чата»: формат JSON (result.json) "
              "или HTML (заархивируйте папку в .zip).",
        "en": "Telegram Desktop → ⋮ → 'Export chat history': JSON (result.json) or HTML "
              "(zip the folder).",
    },
    "tallies_text": {"ru": "Итоги: по одному результату в строке",
                     "en": "Tallies: one outcome per line"},
    "tallies_placeholder": {"ru": "1% — 5730\n3% — 1515\n5% — 539\n10% — 203\n100% — 13",
                            "en": "1% — 5730\n3% — 1515\n5% — 539\n10% — 203\n100% — 13"},
    "waiting_upload": {"ru": "Загрузите файл, чтобы увидеть вердикт.",
                       "en": "Upload a file to see the verdict."},
    "waiting_tallies": {"ru": "Вставьте итоги, чтобы увидеть вердикт.",
                        "en": "Paste the tallies to see the verdict."},
    "privacy": {
        "ru": ":material/lock: Загруженное не сохраняется: файл читается в памяти (временная "
              "копия удаляется сразу после чтения), результат забывается через час или при "
              "перезапуске. Участники получают псевдонимы; телефоны, почта, @упоминания и "
              "ссылки на профили в показанных сообщениях скрыты. В отчётах — только псевдонимы "
              "и счёт.",
        "en": ":material/lock: Nothing uploaded is stored: the file is read in memory (a "
              "temporary copy is deleted right after reading) and the result is forgotten "
              "after an hour or on restart. Reporters get pseudonyms; phone numbers, e-mails, "
              "@mentions and profile links in the messages shown are masked. Reports hold "
              "only pseudonyms and counts.",
    },
    # 2. odds
    "odds": {"ru": "Заявленные шансы", "en": "Stated odds"},
    "odds_mode": {"ru": "Откуда шансы", "en": "Where the odds come from"},
    "odds_mode.bundled": {"ru": "Из примера (правила колеса кэшбэка)",
                     "en": "From the demo (the cashback wheel's rules)"},
    "odds_mode.toml": {"ru": "Загрузить файл игры (.toml)", "en": "Upload a game file (.toml)"},
    "odds_mode.table": {"ru": "Ввести таблицей", "en": "Type them in a table"},
    "upload_game": {"ru": "Файл игры (TOML)", "en": "Game file (TOML)"},
    "waiting_game": {"ru": "Загрузите файл игры или введите шансы таблицей.",
                     "en": "Upload a game file or type the odds in a table."},
    "game_name": {"ru": "Название игры", "en": "Name of the game"},
    "col.label": {"ru": "Результат", "en": "Outcome"},
    "col.chance": {"ru": "Шанс", "en": "Chance"},
    "col.chance_help": {
        "ru": "В любом виде: 5%, 0.05, 1 из 20, 1 к 20, 1:20, вес 3, 7000 шт (count 7000). "
              "Пусто — «всё остальное».",
        "en": "Any form: 5%, 0.05, 1 in 20, 1:20, weight 3, count 7000. Empty: the "
              "remainder.",
    },
    "col.value": {"ru": "Приз (величина)", "en": "Prize value"},
    "col.written": {"ru": "Как написано", "en": "As written"},
    "col.stated": {"ru": "Шанс", "en": "Chance"},
    "download_game": {"ru": "Скачать игру (.toml)", "en": "Download the game (.toml)"},
    "game_caption": {"ru": "«{name}»{operator}: {n} результатов.",
                     "en": "'{name}'{operator}: {n} outcomes."},
    # 3. extraction
    "extraction": {"ru": "Что прочитано", "en": "What was read"},
    "accounting": {"ru": "Что прочитано", "en": "What was read"},
    "m.read": {"ru": "Прочитано", "en": "Read"},
    "m.read_messages": {"ru": "Сообщений прочитано", "en": "Messages read"},
    "m.spins_found": {"ru": "Вращений найдено", "en": "Spins found"},
    "m.tally_spins": {"ru": "Из итогов и опросов", "en": "From tallies and polls"},
    "m.rejected": {"ru": "Отклонено", "en": "Rejected"},
    "m.not_a_report": {"ru": "Не отчёты", "en": "Not reports"},
    "by_reason": {"ru": "Отклонено по причинам", "en": "Rejected by reason"},
    "col.reason": {"ru": "Причина", "en": "Reason"},
    "col.count": {"ru": "Сколько", "en": "How many"},
    "col.source": {"ru": "Где", "en": "Where"},
    "col.excerpt": {"ru": "Сообщение (скрыто личное)", "en": "Message (personal data masked)"},
    "rejected_list": {"ru": "Отклонённые сообщения", "en": "Rejected messages"},
    "nothing_rejected": {"ru": "Ничего не отклонено.", "en": "Nothing was rejected."},
    "notes": {"ru": "Исправления при чтении", "en": "Repairs made while reading"},
    "patterns": {"ru": "Шаблоны распознавания", "en": "Recognition patterns"},
    "patterns_help": {
        "ru": "Регулярные выражения (без учёта регистра), по которым в сообщении узнаётся "
              "результат; несколько — через «|». Пусто — по названию результата. Вердикт "
              "пересчитывается при изменении.",
        "en": "Regular expressions (case-insensitive) that recognise each outcome in a "
              "message; several joined with '|'. Empty: derived from the label. The verdict "
              "updates when they change.",
    },
    "col.pattern": {"ru": "Шаблон", "en": "Pattern"},
    "trigger": {"ru": "Слова-признаки отчёта о вращении (через запятую)",
                "en": "Words that mark a spin report (comma-separated)"},
    "trigger_help": {
        "ru": "Сообщение считается отчётом, если в нём есть одно из этих слов («*» — любое "
              "окончание). Пусто — любое сообщение, где назван результат.",
        "en": "A message is a report when it contains one of these words ('*' allows any "
              "ending). Empty: every message that names an outcome.",
    },
    # 4. verdict
    "verdict": {"ru": "Вердикт", "en": "Verdict"},
    "k.spins": {"ru": "Вращений", "en": "Spins"},
    "k.reporters": {"ru": "Участников", "en": "Reporters"},
    "k.evalue": {"ru": "Свидетельство E", "en": "Evidence E"},
    "k.evalue_help": {
        "ru": "Во сколько раз данные вероятнее при отклонении от заявленного, чем при "
              "заявленных шансах. Порог «не соответствует» — {threshold}; проверять после "
              "каждой новой порции данных безопасно.",
        "en": "How many times likelier the data are under a deviation than under the stated "
              "odds. 'Inconsistent' needs {threshold}; checking again after every new batch "
              "is safe.",
    },
    "k.threshold": {"ru": "порог {threshold}", "en": "threshold {threshold}"},
    "k.fit": {"ru": "Общее согласие, p", "en": "Overall fit, p"},
    "k.more": {"ru": "Ещё вращений нужно", "en": "More spins needed"},
    "k.period": {"ru": "Период", "en": "Period"},
    "findings": {"ru": "Что найдено", "en": "Findings"},
    "caveats": {"ru": "Оговорки", "en": "Caveats"},
    "next_step": {"ru": "Что дальше", "en": "Next step"},
    # 5. details
    "details": {"ru": "Подробности", "en": "Details"},
    "tab.chart": {"ru": "Выпало и заявлено", "en": "Observed vs stated"},
    "tab.table": {"ru": "По результатам", "en": "Per outcome"},
    "tab.evidence": {"ru": "Свидетельство во времени", "en": "Evidence over time"},
    "tab.sequence": {"ru": "Серии и порядок", "en": "Sequences and streaks"},
    "tab.segments": {"ru": "Группы и дрейф", "en": "Segments and drift"},
    "tab.bias": {"ru": "Выборочность отчётов", "en": "Reporting bias"},
    "chart.ratio": {"ru": "выпало ÷ заявлено (95% интервал)",
                    "en": "observed ÷ stated chance (95% interval)"},
    "chart.outcome": {"ru": "результат", "en": "outcome"},
    "chart.observed": {"ru": "выпало", "en": "observed"},
    "chart.expected": {"ru": "ожидалось", "en": "expected"},
    "chart.low": {"ru": "от", "en": "from"},
    "chart.high": {"ru": "до", "en": "to"},
    "chart.caption": {
        "ru": "Точка — во сколько раз чаще (правее 1) или реже (левее 1) результат выпадал, "
              "чем обещано; отрезок — 95% интервал; серая полоса — допуск округления; справа — "
              "выпало / ожидалось. Красным — отклонение, значимое после поправки Холма.",
        "en": "The dot is how many times more (right of 1) or less (left of 1) often the "
              "outcome came up than stated; the bar is its 95% interval; the grey band is "
              "the rounding the statement allows; on the right: seen / expected. Red: "
              "significant after Holm's correction.",
    },
    "chart.forbidden": {"ru": "Запрещённые правилами результаты: {items}.",
                        "en": "Outcomes the rules forbid: {items}."},
    "chart.spins": {"ru": "вращения (по времени)", "en": "spins (in time order)"},
    "chart.evalue": {"ru": "свидетельство E (лог. шкала)", "en": "evidence E (log scale)"},
    "chart.inconsistent": {"ru": "«не соответствует»: E = {threshold}",
                           "en": "'inconsistent': E = {threshold}"},
    "chart.suspicious": {"ru": "«подозрительно»: E = 10", "en": "'suspicious': E = 10"},
    "evidence_caption": {
        "ru": "Свидетельство E пересчитывается после каждой порции вращений. У честного "
              "колеса шанс когда-либо дойти до красной линии не больше {alpha}, сколько бы раз "
              "ни проверять (неравенство Вилля), — поэтому смотреть снова после каждой новой "
              "порции данных безопасно.",
        "en": "E is updated after every batch of spins. An honest wheel reaches the red line "
              "at any time with chance at most {alpha}, however often it is checked (Ville's "
              "inequality) — so looking again after every new batch is safe.",
    },
    "no_order": {"ru": "Порядок вращений неизвестен (только итоги): E = {evalue}.",
                 "en": "The order of spins is unknown (tallies only): E = {evalue}."},
    "fits": {"ru": "Тесты общего согласия", "en": "Goodness-of-fit tests"},
    "tc.stated": {"ru": "заявлено", "en": "stated"},
    "tc.allowed": {"ru": "допуск", "en": "allowed"},
    "tc.observed": {"ru": "выпало", "en": "observed"},
    "tc.rate": {"ru": "доля", "en": "share"},
    "tc.ratio": {"ru": "÷ заявлено", "en": "÷ stated"},
    "tc.ci": {"ru": "95% интервал доли", "en": "95% interval of share"},
    "tc.pvalue": {"ru": "p", "en": "p"},
    "tc.p_holm": {"ru": "p (Холм)", "en": "p (Holm)"},
    "tc.posterior": {"ru": "оценка шанса (Байес)", "en": "estimated chance (Bayes)"},
    "extras_missing": {
        "ru": "Эти проверки требуют порядка вращений каждого участника (столбцы времени и "
              "участника, или экспорт чата) и появятся здесь, когда анализ их выполнит.",
        "en": "These checks need each reporter's spins in order (time and reporter columns, "
              "or a chat export) and appear here when the analysis runs them.",
    },
    "extras_none": {"ru": "Проверка не применима к этим данным.",
                    "en": "The check does not apply to these data."},
    # 6. downloads
    "downloads": {"ru": "Скачать", "en": "Downloads"},
    "dl.html": {"ru": "Отчёт HTML", "en": "HTML report"},
    "dl.markdown": {"ru": "Отчёт Markdown", "en": "Markdown report"},
    "dl.json": {"ru": "JSON", "en": "JSON"},
    "dl.card": {"ru": "Картинка PNG", "en": "PNG card"},
    "dl.spins": {"ru": "Вращения CSV", "en": "Spins CSV"},
    "dl.game": {"ru": "Игра TOML", "en": "Game TOML"},
    "dl.caption": {
        "ru": "Картинку удобно отправить обратно в чат; в файле вращений — только псевдонимы.",
        "en": "The card is made to be posted back to the chat; the spins file holds only "
              "pseudonyms.",
    },
    "error_title": {"ru": "Не получилось", "en": "That did not work"},
    # verdict first: the inputs fold away under the answer
    "inputs": {"ru": "Данные и шансы — загрузить свои", "en": "Data and odds — use your own"},
    "showing": {"ru": "Проверено: {source} против «{game}».",
                "en": "Checked: {source} against '{game}'."},
    "showing.demo": {"ru": "пример (8 000 вращений колеса кэшбэка)",
                     "en": "the demo (8,000 spins of a cashback wheel)"},
    "showing.text": {"ru": "вставленные итоги", "en": "the pasted tallies"},
    "share_card": {"ru": "Картинка для чата (PNG)", "en": "Picture for the chat (PNG)"},
    "open_inputs": {"ru": "Откройте «Данные и шансы» ниже, чтобы загрузить свои данные.",
                    "en": "Open 'Data and odds' below to use your own data."},
    "level_icon.rules_violated": {"ru": "нарушение", "en": "violation"},
    "level_icon.inconsistent": {"ru": "сильное", "en": "strong"},
    "level_icon.suspicious": {"ru": "внимание", "en": "warning"},
    "level_icon.info": {"ru": "справка", "en": "note"},
    # ask, do not guess
    "wrong_type.telegram": {
        "ru": "«{name}» — не экспорт чата Telegram (файл .{ext}). Нужен result.json или .zip "
              "папки с HTML-экспортом: Telegram Desktop → ⋮ → «Экспорт истории чата».",
        "en": "'{name}' is not a Telegram chat export (a .{ext} file). Upload result.json or "
              "a .zip of the HTML export: Telegram Desktop → ⋮ → 'Export chat history'.",
    },
    "wrong_type.telegram_table": {
        "ru": "«{name}» — таблица (.{ext}), а не экспорт чата. Выберите выше «Таблица (CSV, "
              "Excel, Parquet)» и загрузите её там.",
        "en": "'{name}' is a table (.{ext}), not a chat export. Choose 'A table (CSV, Excel, "
              "Parquet)' above and upload it there.",
    },
    "wrong_type.table": {
        "ru": "«{name}» — не таблица (файл .{ext}). Подойдут CSV, TSV, TXT, Excel или Parquet.",
        "en": "'{name}' is not a table (a .{ext} file). Use CSV, TSV, TXT, Excel or Parquet.",
    },
    "wrong_type.table_telegram": {
        "ru": "«{name}» похож на экспорт чата (.{ext}). Выберите выше «Экспорт чата Telegram» "
              "и загрузите его там.",
        "en": "'{name}' looks like a chat export (.{ext}). Choose 'Telegram chat export' above "
              "and upload it there.",
    },
    "truncated_use": {"ru": "Использовать уже прочитанные сообщения",
                      "en": "Use the messages read so far"},
    "empty_result": {
        "ru": "Ни одного вращения не найдено: прочитано {read}, отклонено {rejected}, не "
              "отчётов {not_a_report}. Что дальше: {next}",
        "en": "No spins were found: {read} read, {rejected} rejected, {not_a_report} not "
              "reports. Next step: {next}",
    },
    "empty_next.telegram": {
        "ru": "проверьте слова-признаки и шаблоны в «Данные и шансы» и образцы сообщений "
              "ниже.",
        "en": "check the trigger words and patterns under 'Data and odds' and the sample "
              "messages below.",
    },
    "empty_next.table": {
        "ru": "проверьте, что в таблице есть столбец с результатом вращения.",
        "en": "check that the table has a column with the outcome of each spin.",
    },
    "empty_next.tallies": {
        "ru": "напишите по одному результату в строке, например «1% — 340».",
        "en": "write one outcome per line, e.g. '1% — 340'.",
    },
    "map.title": {"ru": "Какому исходу соответствует каждое название?",
                  "en": "Which outcome is each label?"},
    "map.found": {"ru": "В данных: {labels}.", "en": "In the data: {labels}."},
    "map.game": {"ru": "В игре «{game}»: {labels}.", "en": "In the game '{game}': {labels}."},
    "map.rows": {"ru": "{label} ({n})", "en": "{label} ({n})"},
    "map.choose": {"ru": "— выберите —", "en": "— choose —"},
    "map.not": {"ru": "не исход (пропустить)", "en": "not an outcome (skip)"},
    "map.label": {"ru": "«{label}» ({n}) — это", "en": "'{label}' ({n}) is"},
    "map.help": {
        "ru": "Ответы сразу применяются к проверке. Скачайте файл игры с ними, чтобы не "
              "отвечать снова (они записаны в patterns и not_outcomes).",
        "en": "The answers apply to the check at once. Download the game file with them so "
              "you need not answer again (they are written as patterns and not_outcomes).",
    },
    "map.download": {"ru": "Скачать игру с этими соответствиями (.toml)",
                     "en": "Download the game with these answers (.toml)"},
    "given.title": {"ru": "Чего нет в итогах?", "en": "What is missing from the tallies?"},
    "given.unknown_label": {"ru": "«{labels}» нет на этом колесе (не учтено).",
                            "en": "'{labels}' is not on this wheel (not counted)."},
    "given.question": {
        "ru": "Для {labels} количество не указано: это ноль или неизвестно?",
        "en": "{labels} were not given: zero, or unknown?",
    },
    "given.zero": {"ru": "Ноль: они ни разу не выпали", "en": "Zero: they never came up"},
    "given.unknown": {"ru": "Неизвестно: проверить только указанные",
                      "en": "Unknown: check only the outcomes given"},
    "given.wait": {"ru": "Ответьте на вопрос выше, чтобы увидеть вердикт.",
                   "en": "Answer the question above to see the verdict."},
    "given.too_few": {
        "ru": "Указан только один исход с шансом — сравнивать не с чем. Добавьте количества "
              "других исходов.",
        "en": "Only one outcome with a chance was given: there is nothing to compare. Add the "
              "counts of other outcomes.",
    },
    "given.note": {
        "ru": "Проверены только указанные исходы: их шансы пересчитаны как доли друг от "
              "друга (оговорки «не менее/не более» и допуск округления здесь не учтены).",
        "en": "Only the outcomes given were checked: their chances rescaled to shares of "
              "each other (the at least / at most claims and rounding allowance do not "
              "carry over).",
    },
    # reporting bias (chat data)
    "bias_banner": {"ru": "Отчёты в чате — выборочные.", "en": "Chat reports are selective."},
    "missed.title": {"ru": "Сообщения с цифрами, не принятые за отчёт",
                     "en": "Messages with numbers not taken as reports"},
    "missed.help": {
        "ru": "Видно только вам, в отчёты не попадает. Если среди них есть отчёты о "
              "вращениях, добавьте шаблон или слово-признак в «Данные и шансы».",
        "en": "Only you see these; they never go into reports. If some are spin reports, add "
              "a pattern or a trigger word under 'Data and odds'.",
    },
    # text alternatives of the charts
    "alt.outcome": {"ru": "«{label}»: выпало {observed}, ожидалось {expected} ({ratio})",
                    "en": "'{label}': {observed} seen, {expected} expected ({ratio})"},
    "alt.outcomes": {"ru": "На графике: {items}.", "en": "The chart shows: {items}."},
    "alt.clipped": {
        "ru": "Стрелка ▶ у правого края: интервал шире шкалы (обрезан на {xmax}).",
        "en": "An arrow ▶ at the right edge: the interval runs past the scale (clipped at "
              "{xmax}).",
    },
    "alt.evidence": {
        "ru": "На графике: свидетельство E после {n} вращений — {last} (максимум {top}); "
              "порог «не соответствует» — {threshold}.",
        "en": "The chart shows: evidence E after {n} spins is {last} (highest {top}); "
              "'inconsistent' needs {threshold}.",
    },
    "footer": {"ru": "fairness {version} · α = {alpha} · seed {seed}",
               "en": "fairness {version} · α = {alpha} · seed {seed}"},
}


def both(key: str) -> str:
    """``key`` in Russian and English at once ("Результат · Outcome"), for texts that must not
    change with the language (headers of editable tables)."""
    ru, en = UI[key]["ru"], UI[key]["en"]
    if ru == en:
        return ru
    joiner = "\n" if len(ru) + len(en) > 60 else " · "
    return f"{ru}{joiner}{en}"


def t(key: str, lang: str, **params: Any) -> str:
    """The UI text ``key`` in ``lang`` (``"ru"`` or ``"en"``) with ``params`` filled in."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    try:
        template = UI[key][lang]
    except KeyError:
        raise KeyError(f"no UI text {key!r}") from None
    return template.format(**params) if params else template


# ---------------------------------------------------------------------------------------------
# inputs


def game_from_toml(text: str, source: str = "game.toml") -> Game:
    """A :class:`Game` from TOML text (an upload or the bundled file).

    Raises
    ------
    SpecError
        Not TOML, or odds that cannot be used (one line naming the file and the problem).
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"not valid TOML ({exc})", source=source) from None
    return Game.from_dict(data, source=source)


def decode_upload(data: bytes, source: str) -> str:
    """Text of an uploaded game file (UTF-8, with or without a BOM)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpecError("a game spec must be UTF-8 encoded TOML", source=source) from None


def _written_chance(outcome) -> str:
    if outcome.form == "remainder":
        return ""
    if outcome.form == "count":
        return f"count {outcome.count}"
    if outcome.form == "weight":
        return f"weight {outcome.written}"
    if outcome.form == "percent":
        return outcome.written if outcome.written.endswith("%") else f"{outcome.written}%"
    return outcome.written


def odds_rows(game: Game) -> pd.DataFrame:
    """The editable table of a game: ``label``, ``chance`` (as written) and ``value``."""
    return pd.DataFrame({
        "label": list(game.labels),
        "chance": [_written_chance(o) for o in game.outcomes],
        "value": [np.nan if o.value is None else float(o.value) for o in game.outcomes],
    })


def pattern_rows(game: Game) -> pd.DataFrame:
    """The editable patterns of a game: ``label`` and ``pattern`` ("" = derived from the label).

    Several patterns of one outcome are joined with ``|``, which a regular expression reads as
    "any of them", so the joined text recognises exactly what the list did.
    """
    return pd.DataFrame({"label": list(game.labels),
                         "pattern": ["|".join(o.patterns) for o in game.outcomes]})


def trigger_text(game: Game) -> str:
    from fairness.reading.extract import DEFAULT_TRIGGER

    return ", ".join(game.trigger or DEFAULT_TRIGGER)


def short_hash(text: str) -> str:
    """A short stable digest of ``text`` (for widget keys that follow an input)."""
    import hashlib

    return hashlib.blake2b(text.encode("utf-8"), digest_size=6).hexdigest()


def parse_trigger(text: str | None) -> tuple[str, ...] | bool:
    """Comma-separated trigger words; ``False`` (every message naming an outcome) when empty."""
    words = tuple(w.strip() for w in re.split(r"[,;\n]", text or "") if w.strip())
    return words if words else False


def clean_patterns(rows: Iterable[Mapping[str, Any]], game: Game) -> tuple[tuple[str, str], ...]:
    """``(label, pattern)`` pairs that differ from the game's own (hashable, for the cache)."""
    own = dict(zip(game.labels, pattern_rows(game)["pattern"], strict=True))
    out = []
    for row in rows:
        label, pattern = row.get("label"), row.get("pattern")
        if not isinstance(label, str) or label not in own:
            continue
        pattern = "" if pattern is None or (isinstance(pattern, float) and math.isnan(pattern)) \
            else str(pattern).strip()
        if pattern and pattern != own[label]:
            out.append((label, pattern))
    return tuple(out)


@dataclass(frozen=True)
class Result:
    """What the app shows: the evidence read and the analysis of it."""

    evidence: Evidence
    analysis: Analysis


def _safe_name(name: str) -> str:
    base = Path(str(name).replace("\\", "/")).name.strip() or "upload"
    return re.sub(r"[^\w.\- ]", "_", base)[:120] or "upload"


def _check_patterns(game: Game, patterns, trigger) -> None:
    """User-typed patterns are checked first so a bad regex is a one-line SpecError."""
    from fairness.reading.extract import Extractor

    try:
        Extractor(game, trigger=trigger, patterns=patterns)
    except ValueError as exc:
        raise SpecError(str(exc), source="patterns") from None


def run(kind: str, name: str, payload: bytes | str, game_toml: str, *,
        patterns: tuple[tuple[str, str], ...] = (), trigger: str | None = None,
        secret: bytes | None = None, alpha: float = 0.01, seed: int = 0,
        partial: bool = False) -> Result:
    """Read the spins and analyse them against the game: the one computation of the app.

    Parameters
    ----------
    kind : {"demo", "table", "telegram", "tallies"}
    name : str
        File name as uploaded (shown in messages and sources).
    payload : bytes or str
        The uploaded bytes, the pasted text (tallies) or the demo file's path.
    game_toml : str
        The stated odds as TOML text (a small hashable cache key).
    patterns : tuple of (label, regex)
        Pattern overrides for chat and text extraction.
    trigger : str or None
        Comma-separated trigger words; ``None`` uses the game's (or built-in) words, ``""``
        makes every message that names an outcome a report.
    secret : bytes, optional
        Key of the reporters' pseudonyms.
    partial : bool
        Keep the messages read from a truncated Telegram JSON export (the user said so).

    Raises
    ------
    FairnessError
        Anything wrong with the user's file, text, odds or patterns (one line).
    """
    if kind not in SOURCE_KINDS:
        raise ValueError(f"kind must be one of {', '.join(SOURCE_KINDS)}, not {kind!r}")
    game = game_from_toml(game_toml, source="game")
    pattern_map = dict(patterns) or None
    trig: Any = None if trigger is None else parse_trigger(trigger)
    if pattern_map or trig is not None:
        _check_patterns(game, pattern_map, trig)
    if kind == "demo":
        demo = Path(str(payload))
        # the bundled file's name, not where the server keeps it
        evidence = fairness.ingest(demo, game, secret=secret).with_source_names(
            {str(demo): demo.name})
    elif kind == "tallies":
        from fairness.reading.extract import Extractor
        from fairness.reading.tallies import tallies_from_text

        text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload
        extractor = Extractor(game, trigger=False, patterns=pattern_map)
        evidence = tallies_from_text(text, game, source=name or "text", extractor=extractor)
    else:
        if not isinstance(payload, bytes):
            raise TypeError("payload must be the uploaded bytes")
        if not payload:
            raise DataError("the file is empty", source=_safe_name(name))
        with tempfile.TemporaryDirectory(prefix="fairness-") as folder:
            path = Path(folder) / _safe_name(name)
            path.write_bytes(payload)
            prefix = str(Path(folder)) + "/"
            try:
                options: dict[str, Any] = {"secret": secret}
                if kind == "telegram":
                    options.update(patterns=pattern_map, trigger=trig, partial=partial)
                evidence = fairness.ingest(path, game, **options)
            except fairness.FairnessError as exc:
                # The temporary folder is no business of the user's: name the upload only.
                source = exc.source.replace(prefix, "") if exc.source else exc.source
                problem = (exc.problem.replace(prefix, "") if isinstance(exc.problem, str)
                           else exc.problem)
                raise type(exc)(problem, source=source, where=exc.where) from None
            # (sources in the folder: the table itself, members of an uploaded archive)
            names = {name: name.replace(prefix, "") for table in
                     (evidence.spins, evidence.tallies, evidence.rejected)
                     for name in table["source"].dropna().unique() if prefix in str(name)}
            evidence = evidence.with_source_names(names)
    analysis = fairness.analyze(evidence, game, alpha=alpha, seed=seed)
    return Result(evidence=evidence, analysis=analysis)


# ---------------------------------------------------------------------------------------------
# ask, do not guess: labels that match no outcome, tallies that leave outcomes out, wrong files

#: The answer "this label is not an outcome" in a label mapping.
NOT_AN_OUTCOME = "\x00not-an-outcome"


def upload_problem(name: str, kind: str) -> tuple[str, dict[str, str]] | None:
    """``(UI key, params)`` when an uploaded file's type does not fit the uploader it was
    dropped on (a .csv on the Telegram uploader), else None. The page shows it with
    ``st.error`` in the user's language, with the uploader that fits as the next step."""
    ext = Path(str(name)).suffix.lower().lstrip(".")
    shown = {"name": _safe_name(name), "ext": ext or "?"}
    if kind == "telegram" and ext not in TELEGRAM_TYPES:
        return ("wrong_type.telegram_table" if ext in TABLE_TYPES
                else "wrong_type.telegram", shown)
    if kind == "table" and ext not in TABLE_TYPES:
        return ("wrong_type.table_telegram" if ext in TELEGRAM_TYPES
                else "wrong_type.table", shown)
    return None


def unknown_labels(evidence: Evidence) -> dict[str, int]:
    """Labels in the data that name no outcome of the game -> spins (from the accounting)."""
    return dict(evidence.summary.get("unknown_labels") or {})


def mapped_game(game: Game, mapping: Mapping[str, str]) -> Game:
    """``game`` with the user's answers to "which outcome is this label?" built in.

    ``mapping`` is ``{label in the data: outcome label | NOT_AN_OUTCOME | ""}``: a label mapped
    to an outcome becomes one of its ``patterns`` (a whole-cell match for tables; the outcome's
    own label is kept as a pattern so it is still recognised), a label that is not an outcome
    goes to ``not_outcomes`` (its rows are not reports), ``""`` (not answered) changes nothing.
    The result round-trips through TOML, so the user can download it and use it again.
    """
    extra: dict[str, list[str]] = {}
    skip: list[str] = []
    for found, target in mapping.items():
        if target == NOT_AN_OUTCOME:
            skip.append(found)
        elif target in game.labels:
            extra.setdefault(target, []).append(found)
    if not extra and not skip:
        return game
    data = game.to_dict()
    for entry in data["outcomes"]:
        adds = extra.get(entry["label"])
        if adds:
            own = list(entry.get("patterns") or [_literal(entry["label"])])
            entry["patterns"] = own + [p for p in map(_literal, adds) if p not in own]
    if skip:
        data["not_outcomes"] = list(dict.fromkeys([*game.not_outcomes, *skip]))
    return Game.from_dict(data, source=game.source)


def _literal(text: str) -> str:
    """A pattern that matches ``text`` literally, any run of spaces as spaces."""
    return r"\s+".join(re.escape(part) for part in str(text).split())


def not_given(evidence: Evidence) -> list[str]:
    """Outcomes a pasted tally gave no count for (the page asks: zero, or unknown?)."""
    return list(evidence.summary.get("not_given") or [])


def given_only_game(game: Game, given: Iterable[str]) -> Game | None:
    """The game restricted to the outcomes a tally gave, their chances renormalised: the
    stated odds *given that* the spin landed on one of them (p_i / sum of the given p).

    Used when the user says the missing outcomes are unknown rather than zero. ``None`` when
    fewer than two given outcomes have a stated chance (nothing to compare then). The claims
    (at least / at most) and rounding allowances of the full game are not carried over: the
    conditional chances are tested as exact.
    """
    chosen = [o for o in game.outcomes if o.label in set(given) and o.stated > 0]
    if len(chosen) < 2:
        return None
    total = sum(o.stated for o in chosen)
    outcomes = []
    for o in chosen:
        entry: dict[str, Any] = {"label": o.label, "probability": o.stated / total}
        if o.value is not None:
            entry["value"] = o.value
        if o.unit:
            entry["unit"] = o.unit
        if o.patterns:
            entry["patterns"] = list(o.patterns)
        outcomes.append(entry)
    return Game.from_dict({"name": game.name, "outcomes": outcomes}, source=game.source)


# ---------------------------------------------------------------------------------------------
# display helpers (tables and chart data from the library's results)


def period_text(period, lang: str, *, full: bool = False) -> str:
    """``(start, end)`` as "01.03–31.03" (ru) or "Mar 1 – Mar 31" (en); ``full`` adds years."""
    start, end = period if period else (None, None)
    if start is None or end is None or pd.isna(start) or pd.isna(end):
        return "—"
    if full:
        return f"{start:%Y-%m-%d} – {end:%Y-%m-%d}"
    if start.year != end.year:
        return f"{start:%m.%Y}–{end:%m.%Y}" if lang == "ru" else f"{start:%b %Y} – {end:%b %Y}"
    if lang == "ru":
        return f"{start:%d.%m}–{end:%d.%m}"
    return f"{start:%b} {start.day} – {end:%b} {end.day}"


#: Where the app's observed-vs-stated chart ends (x = observed / stated).
CHART_MAX = 4.0


def outcome_chart_clipped(analysis: Analysis) -> bool:
    """True when some interval (or ratio) runs past :data:`CHART_MAX`: the chart marks it."""
    frame = outcome_chart_frame(analysis)
    frame = frame[np.isfinite(frame["ratio"])]
    return bool(((frame["ci_high"] > CHART_MAX) | (frame["ratio"] > CHART_MAX)).any())


def allowed_text(outcome, lang: str) -> str:
    """The chances an outcome's statement allows (its rounding or claim), "—" when exact."""
    if outcome.upper <= outcome.lower + 1e-12:
        return "—"
    return f"{texts.fmt_chance(outcome.lower, lang)} – {texts.fmt_chance(outcome.upper, lang)}"


def outcome_chart_frame(analysis: Analysis) -> pd.DataFrame:
    """One row per outcome with the numbers the observed-vs-stated chart draws.

    The numbers come from :func:`fairness.plot.outcome_rows` (observed share over stated chance
    and its interval); ``flagged`` marks outcomes whose Holm-corrected p-value is below alpha.
    """
    from fairness.plot import outcome_rows

    frame = pd.DataFrame(outcome_rows(analysis))
    frame["order"] = np.arange(len(frame))
    frame["flagged"] = frame["p_holm"] < analysis.alpha
    frame["banded"] = (frame["allowed_high"] - frame["allowed_low"]) > 1e-9
    return frame


def evidence_path_frame(analysis: Analysis) -> pd.DataFrame:
    """The e-value path (``n``, ``evalue``) with values clipped to what a chart can draw."""
    path = analysis.evidence_value.path
    if not len(path):
        return pd.DataFrame({"n": pd.Series([], dtype="int64"),
                             "evalue": pd.Series([], dtype="float64")})
    log10 = np.clip(path["log10"].to_numpy(dtype=float), -300, 300)
    return pd.DataFrame({"n": path["n"].to_numpy(), "evalue": 10.0 ** log10})


def outcome_table_frame(analysis: Analysis, lang: str) -> pd.DataFrame:
    """The per-outcome table of :meth:`Analysis.to_frame`, with columns named for people."""
    frame = analysis.to_frame()
    allowed = [
        (texts.fmt_chance(lo, lang) if lo == hi
         else f"{texts.fmt_chance(lo, lang)} – {texts.fmt_chance(hi, lang)}")
        for lo, hi in zip(frame["lower"], frame["upper"], strict=True)
    ]
    ci = [f"{texts.fmt_chance(lo, lang)} – {texts.fmt_chance(hi, lang)}"
          if np.isfinite(lo) and np.isfinite(hi) else "—"
          for lo, hi in zip(frame["ci_low"], frame["ci_high"], strict=True)]
    out = pd.DataFrame({
        t("col.label", lang): frame["label"].astype(str),
        t("tc.stated", lang): frame["stated"],
        t("tc.allowed", lang): allowed,
        t("tc.observed", lang): frame["observed"].astype("int64"),
        t("tc.rate", lang): frame.get("rate"),
        t("tc.ci", lang): ci,
        t("tc.ratio", lang): frame.get("ratio"),
        t("tc.p_holm", lang): frame.get("p_holm"),
        t("tc.posterior", lang): frame.get("posterior_mean"),
    })
    return out


def extras_sections(analysis: Analysis) -> dict[str, list[tuple[str, Any]]]:
    """The dependence family (``analysis.dependence``) sorted into the app's tabs:
    ``{"sequence"|"segments"|"bias": [(title, DataFrame or None), ...]}`` (None: the check did
    not apply to these data, with the reason in the title)."""
    sections: dict[str, list[tuple[str, Any]]] = {"sequence": [], "segments": [], "bias": []}
    dep = analysis.dependence
    if dep is None:
        return sections
    labels = list(analysis.labels)
    tab_of = {"runs": "sequence", "streak": "sequence", "dependence": "sequence",
              "pity": "sequence", "scripted_start": "sequence", "sequence": "sequence",
              "reporter_difference": "segments", "segment_difference": "segments",
              "drift": "segments"}
    table = dep.to_frame()
    for tab in ("sequence", "segments"):
        rows = table[table["code"].map(tab_of) == tab]
        if len(rows):
            sections[tab].append(("tests (p-values, Holm across the family)", rows))
    for test in dep.tests:
        tab = tab_of.get(test.code, "segments")
        result = test.result
        if test.code == "pity" and getattr(result, "hazard", None) is not None:
            sections[tab].append((f"{test.test}: hazard by spins since the last one",
                                  result.hazard))
        elif test.code == "dependence" and hasattr(result, "transition_frame"):
            sections[tab].append((test.test, result.transition_frame(labels)))
        elif test.code in ("segment_difference", "reporter_difference") and hasattr(
                result, "table_frame") and test.code == "segment_difference":
            sections[tab].append((test.test, result.table_frame(labels)))
        elif test.code == "drift" and hasattr(result, "rates_frame"):
            names = [labels[o] if isinstance(o, (int, np.integer)) and o < len(labels) else str(o)
                     for o in result.outcomes]
            sections[tab].append((test.test, result.rates_frame(names)))
    if dep.segments:
        sections["segments"].append(("fit within each segment", dep.segments_frame()))
    if dep.windows is not None:
        sections["segments"].append(("rates by week", dep.windows))
    for code, reason in dep.skipped:
        sections[tab_of.get(code, "segments")].append((f"{code}: {reason}", None))
    if dep.bias is not None:
        sections["bias"].append(("reporting-propensity ratio that would explain each outcome",
                                 dep.bias.to_frame()))
    if dep.complete is not None:
        c = dep.complete
        sections["bias"].append(("complete logs only", pd.DataFrame(
            [{"spins": c["n"], "reporters": c["reporters"], "evalue": c["evalue"],
              "fit_pvalue": c["fit_pvalue"]}])))
    return sections
