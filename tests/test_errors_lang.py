"""User errors carry a catalogue message, so every surface can show them in the user's language."""

import subprocess
import sys

from fairness.errors import DataError, Message

GAME = "datasets/games/cashback_wheel.toml"


def test_message_renders_in_each_language_with_place():
    exc = DataError(Message("error.unknown_target", target="7%", labels="1%, 3%"),
                    source="game.toml", where="--target")
    assert str(exc) == "game.toml: --target: unknown outcome '7%' (the game has: 1%, 3%)"
    assert exc.message("ru") == "game.toml: --target: неизвестный исход «7%» (в игре есть: 1%, 3%)"


def test_plain_string_problem_is_kept_as_written():
    exc = DataError("line\nbreak", source="a.csv")
    assert exc.message("ru") == "a.csv: line break"


def test_cli_reports_user_error_in_russian():
    command = [sys.executable, "-m", "fairness", "plan", "--game", GAME, "--ratio", "0.5",
               "--target", "7%", "--lang", "ru"]
    run = subprocess.run(command, capture_output=True, text=True)
    assert run.returncode == 2, run.stderr
    assert "неизвестный исход «7%»" in run.stderr
    assert "Traceback" not in run.stderr
