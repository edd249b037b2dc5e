"""The CLI as a user runs it: a subprocess, its output and its exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import DATASETS

GAME = str(DATASETS / "games" / "cashback_wheel.toml")
DEMO = str(DATASETS / "spins" / "demo_cashback.csv")


def run(*args):
    return subprocess.run([sys.executable, "-m", "fairness.cli", *args], capture_output=True,
                          text=True, timeout=300)


def test_check_prints_a_verdict_with_findings():
    result = run("check", DEMO, "--game", GAME)
    assert result.returncode == 0, result.stderr
    assert "INCONSISTENT" in result.stdout
    assert "Findings:" in result.stdout and "100%" in result.stdout


def test_check_json_and_fail_on():
    result = run("check", DEMO, "--game", GAME, "--format", "json", "--fail-on", "suspicious")
    assert result.returncode == 3
    data = json.loads(result.stdout)
    assert data["level"] == "inconsistent"
    assert {"n_spins", "evalue", "outcomes", "findings"} <= set(data)


def test_russian_output():
    result = run("check", DEMO, "--game", GAME, "--lang", "ru")
    assert "НЕ СООТВЕТСТВУЕТ" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("check", "missing.csv", "--game", GAME), "missing.csv: file not found"),
        (("check", DEMO, "--game", "missing.toml"), "missing.toml: file not found"),
    ],
)
def test_user_mistakes_are_one_line_and_exit_2(args, message):
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_bad_spec_is_one_line(tmp_path):
    spec = tmp_path / "bad.toml"
    spec.write_text('[[outcomes]]\nlabel = "a"\npercent = 90\n[[outcomes]]\nlabel = "b"\n'
                    'percent = 3\n', encoding="utf-8")
    result = run("check", DEMO, "--game", str(spec))
    assert result.returncode == 2
    assert "sum to 0.93" in result.stderr and "Traceback" not in result.stderr


def test_help_and_version():
    assert "Example" in run("check", "--help").stdout
    assert run("--version").stdout.startswith("fairness, version")


def test_python_dash_m_fairness_is_the_same_command():
    result = subprocess.run([sys.executable, "-m", "fairness", "check", DEMO, "--game", GAME,
                             "--format", "json"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["level"] == "inconsistent"


def test_an_unknown_encoding_is_a_user_error():
    result = run("check", DEMO, "--game", GAME, "--encoding", "nonsense")
    assert result.returncode == 2
    assert "unknown text encoding 'nonsense'" in result.stderr
    assert "Traceback" not in result.stderr


def test_plan_and_check_give_the_same_number_of_spins():
    planned = run("plan", "--game", GAME)
    checked = json.loads(run("check", DEMO, "--game", GAME, "--format", "json").stdout)
    assert planned.returncode == 0, planned.stderr
    required = checked["plan"]["n_required"]
    assert f"about {required:,} spins" in planned.stdout
