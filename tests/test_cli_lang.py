"""Every command with ``--lang ru`` prints Russian: no Latin-script sentence in its output,
and its ``--help`` is Russian too (every help text in the catalogue in both languages).

Run in-process with click's runner (the commands themselves, as the console script runs them;
tests/test_errors_lang.py runs one as a subprocess). Allowed: the games' names, outcome labels
and units, file names and paths, option names (see tests/latin.py).
"""

from __future__ import annotations

import csv
import re
import shutil

import click
import pytest
from click.testing import CliRunner

import fairness
from fairness.cli import main
from fairness.cli_help import _lang_in, help_page
from fairness.i18n import CATALOGUE
from tests.conftest import DATASETS
from tests.latin import latin_sentences

GAME = str(DATASETS / "games" / "cashback_wheel.toml")
PROMO = str(DATASETS / "games" / "promo_odds.toml")
DEMO = str(DATASETS / "spins" / "demo_cashback.csv")
TELEGRAM = str(DATASETS / "telegram" / "json" / "result.json")


def _allowed() -> set[str]:
    allow = {"fairness"}
    for path in (DATASETS / "games").glob("*.toml"):
        game = fairness.load_game(path)
        allow |= {game.name, game.operator or "", *game.labels,
                  *(o.unit or "" for o in game.outcomes)}
    return allow


ALLOW = _allowed()


def run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, [*args], prog_name="fairness")
    assert result.exit_code == code, result.output
    return result.output


def assert_russian(text: str) -> None:
    found = latin_sentences(text, ALLOW)
    assert not found, found
    assert any("а" <= ch <= "я" for ch in text.lower()), text


def test_latin_helper_finds_english_and_allows_labels():
    assert latin_sentences("the file is empty") == ["the file is empty"]
    assert latin_sentences("«1%» выпало 5 раз, см. result.json и --game a/b.toml") == []
    assert latin_sentences("Колесо: E = 10⁸, p < 0,0001, Telegram JSON") == []
    assert latin_sentences("x: Outcomes the rules forbid", allow={"x"}) == [
        "Outcomes the rules forbid"]


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_check_in_russian(fmt):
    out = run("check", DEMO, "--game", GAME, "--format", fmt, "--lang", "ru")
    assert_russian(out)
    assert "зерно генератора" in out or fmt == "text"
    assert "8 000" in out.replace("\u00a0", " ")


def test_plan_datasets_and_extract_in_russian(tmp_path):
    assert_russian(run("plan", "--game", GAME, "--spins", "100", "--lang", "ru"))
    assert_russian(run("datasets", "--lang", "ru"))
    rejected = tmp_path / "rejected.csv"
    out = run("extract", TELEGRAM, "--game", GAME, "-o", str(tmp_path / "spins.csv"),
              "--rejected", str(rejected), "--lang", "ru")
    assert_russian(out)
    with rejected.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows, "the bundled chat has rejected messages"
    reasons = " | ".join(row["reason"] for row in rows)
    assert_russian(reasons)


def test_batch_in_russian_with_a_failing_campaign(tmp_path):
    shutil.copy(DATASETS / "spins" / "promo_small_sample.csv", tmp_path / "small.csv")
    shutil.copy(PROMO, tmp_path / "promo.toml")
    (tmp_path / "manifest.csv").write_text(
        "name,data,game\nsmall,small.csv,promo.toml\nbroken,missing.csv,promo.toml\n"
        "nogame,small.csv,\n", encoding="utf-8")
    out = run("batch", str(tmp_path / "manifest.csv"), "--workers", "1", "--lang", "ru",
              "-o", str(tmp_path / "summary.csv"))
    assert_russian(out)
    assert "файл не найден" in out and "не указан файл игры" in out
    with (tmp_path / "summary.csv").open(encoding="utf-8") as handle:
        errors = [row["error"] for row in csv.DictReader(handle) if row["error"]]
    assert len(errors) == 2 and all(not latin_sentences(e, ALLOW) for e in errors)


def test_campaign_commands_in_russian(tmp_path):
    store = str(tmp_path / "c.sqlite")
    outputs = [
        run("campaign", "new", store, "колесо", "--game", GAME, "--lang", "ru"),
        run("campaign", "add", store, "колесо", TELEGRAM, "--lang", "ru"),
        run("campaign", "check", store, "колесо", "--lang", "ru"),
        run("campaign", "exclude", store, "колесо", "--batch", "1", "--reason", "дубль",
            "--lang", "ru"),
        run("campaign", "restore", store, "колесо", "--batch", "1", "--reason", "проверено",
            "--lang", "ru"),
        run("campaign", "history", store, "колесо", "--batches", "--lang", "ru"),
        run("campaign", "list", store, "--lang", "ru"),
        run("campaign", "rules", store, "колесо", "--game", GAME, "--from", "2030-01-01",
            "--lang", "ru"),
    ]
    for out in outputs:
        assert_russian(out)


@pytest.mark.parametrize(("args", "expected"), [
    (("check", "missing.csv", "--game", GAME), "файл не найден"),
    (("plan", "--game", GAME, "--ratio", "1"), "не может быть равно 1"),
    (("plan", "--game", GAME, "--target", "7%"), "неизвестный исход «7%»"),
    (("campaign", "check", "nowhere/c.sqlite", "x"), "папки для хранилища не существует"),
])
def test_user_errors_in_russian(args, expected):
    out = run(*args, "--lang", "ru", code=2)
    assert expected in out
    assert out.startswith("fairness: ошибка: ")
    assert_russian(out)


def test_spec_errors_in_russian(tmp_path):
    spec = tmp_path / "sum09.toml"
    spec.write_text('name = "x"\n[[outcomes]]\nlabel = "a"\npercent = 50\n'
                    '[[outcomes]]\nlabel = "b"\npercent = 40\n', encoding="utf-8")
    out = run("check", DEMO, "--game", str(spec), "--lang", "ru", code=2)
    assert "заявленные шансы в сумме дают 0,9, а не 1" in out
    assert_russian(out)
    spec.write_text('name = "x"\n[[outcomes]\n', encoding="utf-8")
    out = run("check", DEMO, "--game", str(spec), "--lang", "ru", code=2)
    assert "это не TOML (строка 2" in out
    assert_russian(out)


# -- the help ------------------------------------------------------------------------------------


def _command_paths(command: click.Command = main, path: tuple[str, ...] = ()):
    """Every command of the tree as the words that call it: (), ("check",), ("campaign", "add")."""
    yield path
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from _command_paths(sub, (*path, name))


COMMANDS = list(_command_paths())


def _context(path: tuple[str, ...]) -> click.Context:
    # (with the root's settings, as click makes it: its help option is -h, --help)
    ctx = click.Context(main, info_name="fairness", **main.context_settings)
    for name in path:
        ctx = click.Context(ctx.command.get_command(ctx, name), info_name=name, parent=ctx)
    return ctx


def help_text(*args: str, env: dict[str, str | None] | None = None) -> str:
    environment = {"FAIRNESS_LANG": None, **(env or {})}
    result = CliRunner().invoke(main, [*args], prog_name="fairness", env=environment)
    assert result.exit_code == 0, result.output
    return result.output


def test_the_walk_sees_every_command():
    assert {" ".join(p) for p in COMMANDS} >= {
        "", "check", "extract", "batch", "plan", "datasets", "app", "campaign", "campaign new",
        "campaign add", "campaign check", "campaign history", "campaign list",
        "campaign exclude", "campaign restore", "campaign rules"}


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "fairness")
def test_every_help_text_is_in_the_catalogue_in_both_languages(path):
    ctx = _context(path)
    # one place for words: no help is written in cli.py itself
    assert ctx.command.help is None, path
    assert [p.name for p in ctx.command.params if getattr(p, "help", None)] == [], path
    pages = {lang: help_page(ctx, lang) for lang in ("en", "ru")}
    for lang, page in pages.items():
        assert page.missing == (), (lang, page.missing)
    assert pages["en"].keys == pages["ru"].keys
    keys = set(pages["ru"].keys)
    assert f"cli.help.{'.'.join(path) or 'fairness'}" in keys
    options = [p for p in ctx.command.get_params(ctx) if isinstance(p, click.Option)]
    assert len([k for k in pages["ru"].keys if k.startswith("cli.option.")]) == len(options)
    for key in keys:  # translated, not copied
        en, ru = CATALOGUE[key]["en"], CATALOGUE[key]["ru"]
        assert ru != en, key
        if re.search(r"[A-Za-z]{2,}", en.replace("FAIRNESS_LANG", "")):
            assert re.search(r"[а-яё]", ru.lower()), key


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "fairness")
def test_help_in_russian_has_russian_headings_and_no_english_sentence(path):
    out = help_text(*path, "--lang", "ru", "--help")
    assert_russian(out)
    assert out.startswith(f"Использование: fairness {' '.join(path)}".rstrip() + " [ПАРАМЕТРЫ]")
    assert "\nПараметры:\n" in out and "Показать эту справку и выйти." in out
    assert ("\nКоманды:\n" in out) == isinstance(_context(path).command, click.Group)
    for english in ("Usage:", "Options:", "Commands:", "Example", "default:", "required",
                    "PATH", "TEXT", "INTEGER", "FLOAT"):
        assert english not in out, english


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "fairness")
def test_help_in_english_keeps_click_layout_and_has_no_russian(path):
    out = help_text(*path, "--help")
    assert out.startswith(f"Usage: fairness {' '.join(path)}".rstrip() + " [OPTIONS]")
    assert "\nOptions:\n" in out and "-h, --help" in out and "Show this message and exit." in out
    assert "Example" in out
    assert not re.search(r"[а-яё]", out.lower()), out


def test_english_help_of_check_is_what_it_was():
    out = " ".join(help_text("check", "--help").split())
    for part in ("Usage: fairness check [OPTIONS] DATA...",
                 "Check the spins in DATA against the odds stated in the game spec (--game)",
                 "-g, --game PATH Stated odds: a game spec in TOML. [required]",
                 "--format [text|json|markdown|html] Output format. [default: text]",
                 "--encoding NAME Text encoding of the data files (e.g. cp1251). "
                 "[default: detected]",
                 "[default: 0.01; 0<x<1]", "[default: 0; x>=0]",
                 "--fail-on [consistent|not_enough_data|suspicious|inconsistent|rules_violated]",
                 "Exit with code 3 when the verdict is this level or worse.",
                 "--debug Show tracebacks instead of one-line errors."):
        assert part in out, part


def test_russian_help_writes_numbers_and_examples_for_russian():
    out = help_text("plan", "--lang", "ru", "--help").replace("\u00a0", " ")
    assert "[по умолчанию: 0,01; 0<x<1]" in " ".join(out.split())
    assert "0,001≤x≤1 000" in out and "[по умолчанию: 1 из 1000]" in " ".join(out.split())
    out = help_text("campaign", "exclude", "--lang", "ru", "--help")
    assert '--reason "выложено дважды"' in out
    # a date is asked for in the reader's words, not in strftime's
    ru, en = (help_text("campaign", "rules", "--lang", lang, "--help") for lang in ("ru", "en"))
    assert "--from ГГГГ-ММ-ДД" in ru and "--from YYYY-MM-DD" in en
    assert "%Y" not in ru + en


@pytest.mark.parametrize(("args", "env", "lang"), [
    (("check", "--lang", "ru", "--help"), {}, "ru"),
    (("check", "--help", "--lang", "ru"), {}, "ru"),  # --help is read before --lang
    (("check", "--help", "--lang=ru"), {}, "ru"),
    (("--lang", "ru", "--help"), {}, "ru"),
    (("--lang", "ru", "check", "--help"), {}, "ru"),
    (("campaign", "--lang", "ru", "add", "--help"), {}, "ru"),
    (("--lang", "ru", "check", "--lang", "en", "--help"), {}, "en"),  # the last one given
    (("plan", "--help"), {"FAIRNESS_LANG": "ru"}, "ru"),
    (("--help",), {"FAIRNESS_LANG": "RU"}, "ru"),
    (("plan", "--lang", "en", "--help"), {"FAIRNESS_LANG": "ru"}, "en"),
    (("plan", "--help"), {"FAIRNESS_LANG": "de"}, "en"),  # not a language we have
    (("plan", "--help"), {"LANG": "ru_RU.UTF-8", "LC_ALL": "ru_RU.UTF-8"}, "en"),  # locale
])
def test_the_language_of_the_help(args, env, lang):
    out = help_text(*args, env=env)
    assert out.startswith("Использование:" if lang == "ru" else "Usage:"), out


def test_lang_is_found_among_options_only():
    assert _lang_in(["check", "--", "--lang", "ru"]) is None  # after `--`: a file name
    assert _lang_in(["--lang", "ru", "check", "--lang=en"]) == "en"
    assert _lang_in(["--lang"]) is None and _lang_in(["--lang", "de"]) is None


def test_the_output_follows_the_same_rule():
    def first_line(*args, env=None):
        environment = {"FAIRNESS_LANG": None, **(env or {})}
        result = CliRunner().invoke(main, [*args], prog_name="fairness", env=environment)
        return result.output.splitlines()[0]

    missing = ("check", "missing.csv", "--game", GAME)
    assert first_line(*missing).startswith("fairness: error: ")
    assert first_line("--lang", "ru", *missing).startswith("fairness: ошибка: ")
    assert first_line(*missing, env={"FAIRNESS_LANG": "ru"}).startswith("fairness: ошибка: ")
    assert first_line(*missing, "--lang", "en", env={"FAIRNESS_LANG": "ru"}).startswith(
        "fairness: error: ")
    assert first_line("--lang", "en", *missing, env={"FAIRNESS_LANG": "ru"}).startswith(
        "fairness: error: ")
    assert first_line("--lang", "ru", "check", "missing.csv", "--game", GAME,
                      "--lang", "en").startswith("fairness: error: ")
    assert first_line(*missing, env={"LANG": "ru_RU.UTF-8"}).startswith("fairness: error: ")
    # `--lang ru` taken as the value of -g: still the command line's language, as a usage
    # error on the same line would be told
    assert first_line("check", "missing.csv", "-g", "--lang", "ru").startswith(
        "fairness: ошибка: ")
    assert_russian(help_text("--lang", "ru", "datasets"))
    assert first_line("--version", "--lang", "ru").startswith("fairness, версия ")


# -- a mistyped command line ---------------------------------------------------------------------


def mistyped(*args: str, env: dict[str, str | None] | None = None) -> str:
    environment = {"FAIRNESS_LANG": None, **(env or {})}
    result = CliRunner().invoke(main, [*args], prog_name="fairness", env=environment)
    assert result.exit_code == 2, result.output
    return result.output


@pytest.mark.parametrize(("args", "expected"), [
    (("check",), "Не указан аргумент «ДАННЫЕ...»."),
    (("check", "x.csv"), "Не указан обязательный параметр «--game» / «-g»."),
    (("check", "x.csv", "-g", GAME, "--gaem"),
     "Нет такого параметра: «--gaem». Может быть, «--game»?"),
    (("check", "x.csv", "-g", GAME, "--alpha", "2"),
     "Недопустимое значение «--alpha»: нужно число, 0<x<1."),
    (("check", "x.csv", "-g", GAME, "--seed", "-1"), "нужно целое число, x≥0."),
    (("check", "x.csv", "-g", GAME, "--encoding", "zzz"), "неизвестная кодировка «zzz»"),
    (("check", "x.csv", "-g", GAME, "--fail-on", "bad"), "нужно одно из: consistent, "),
    (("check", "x.csv", "-g", GAME, "--card"), "Параметру «--card» нужно значение."),
    (("app", "--dry-run=1"), "Параметр «--dry-run» не принимает значения."),
    (("nosuch",), "Нет такой команды: «nosuch»."),
    (("chek",), "Нет такой команды: «chek». Может быть, «check»?"),
    (("campaign", "ad"), "Нет такой команды: «ad». Может быть, «add»?"),
    (("check", "x.csv", "-g", GAME, "--alph", "0.1"),
     "Может быть, «--alpha» или «--help»?"),
    (("campaign", "--lang", "ru"), "Не указана команда."),
    (("plan", "-g", GAME, "extra"), "Лишние аргументы: extra."),
    (("campaign", "rules", "s", "n", "-g", GAME, "--from", "2020"),
     "нужна дата в виде 2027-01-31."),
])
def test_a_mistyped_command_line_is_told_in_russian(args, expected):
    out = mistyped("--lang", "ru", *args)
    assert expected in out
    assert out.startswith("Использование: fairness")
    assert "\nСправка: fairness " in out and "\nОшибка: " in out
    assert_russian(out)


def test_a_mistyped_command_line_follows_the_language_rule():
    english = mistyped("check")
    assert english.startswith("Usage: fairness check [OPTIONS] DATA...\n"
                              "Try 'fairness check --help' for help.")
    assert english.rstrip().endswith("Error: Missing argument 'DATA...'.")
    assert mistyped("check", "--lang", "ru").startswith("Использование:")
    assert mistyped("check", env={"FAIRNESS_LANG": "ru"}).startswith("Использование:")
    assert mistyped("check", env={"LANG": "ru_RU.UTF-8"}).startswith("Usage:")
    out = mistyped("check", "x.csv", "-g", GAME, "--encoding", "zzz")
    assert "Error: Invalid value for '--encoding': unknown text encoding 'zzz'" in out
    # a group called with nothing shows its help (in the language asked for), as click does
    assert mistyped("--lang", "ru", "campaign").startswith(
        "Использование: fairness campaign [ПАРАМЕТРЫ] КОМАНДА")
