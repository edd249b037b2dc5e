"""Every command with ``--lang ru`` prints Russian: no Latin-script sentence in its output.

Run in-process with click's runner (the commands themselves, as the console script runs them;
tests/test_errors_lang.py runs one as a subprocess). Allowed: the games' names, outcome labels
and units, file names and paths, option names (see tests/latin.py).
"""

from __future__ import annotations

import csv
import shutil

import pytest
from click.testing import CliRunner

import fairness
from fairness.cli import main
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
