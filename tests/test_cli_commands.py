"""Every command as a user runs it: a subprocess, its files, its exit codes, its --help example."""

from __future__ import annotations

import csv
import json
import os
import re
import shlex
import shutil
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

import fairness
from fairness.batch import load_evidence
from fairness.cli import main
from tests.conftest import DATASETS, REPO

GAME = str(DATASETS / "games" / "cashback_wheel.toml")
DEMO = str(DATASETS / "spins" / "demo_cashback.csv")
COMMANDS = ("check", "extract", "batch", "plan", "datasets", "app")


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "fairness.cli", *args], capture_output=True,
                          text=True, timeout=300, cwd=cwd,
                          env={**os.environ, "PYTHONPATH": str(REPO)})


def _examples(command: str) -> list[list[str]]:
    """The example command lines of ``fairness COMMAND --help`` (continuations joined)."""
    text = CliRunner().invoke(main, [command, "--help"], prog_name="fairness").output
    block = text.split("Example", 1)[1]
    joined = re.sub(r"\\\n\s*", " ", block)
    return [shlex.split(line.strip())[1:] for line in joined.splitlines()
            if line.strip().startswith("fairness ")]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A folder with ``datasets`` as in the repo, where examples may write their files."""
    root = tmp_path_factory.mktemp("examples")
    (root / "datasets").mkdir()
    for item in DATASETS.iterdir():
        (root / "datasets" / item.name).symlink_to(item)
    if not (DATASETS / "campaigns.csv").exists():
        # Stand-in until the bundled manifest lands in datasets/ (same content).
        (root / "datasets" / "campaigns.csv").write_text(
            "name,data,game\ncashback-demo,spins/demo_cashback.csv,games/cashback_wheel.toml\n",
            encoding="utf-8")
    return root


@pytest.mark.parametrize("command", COMMANDS)
def test_every_help_has_an_example_that_works(command, workdir):
    examples = _examples(command)
    assert examples, f"no example in `fairness {command} --help`"
    if command == "app":
        # Starting a server is not a test; the example with --dry-run shows the command.
        args = next(e for e in examples if "--dry-run" in e)
        result = run(*args, cwd=workdir)
        assert result.returncode == 0, result.stderr
        assert "streamlit run" in result.stdout and "--server.port=8502" in result.stdout
        # the package's own script and settings, wherever it is run from
        assert "fairness/app/streamlit_app.py" in result.stdout
        assert "--client.showErrorDetails=none" in result.stdout
        return
    args = examples[0]
    result = run(*args, cwd=workdir)
    assert result.returncode == 0, result.stderr
    if command == "check":
        assert "| Исход | Заявлено | Выпало |" in result.stdout  # --format markdown --lang ru
    elif command == "extract":
        rows = list(csv.DictReader((workdir / "spins.csv").open(encoding="utf-8-sig")))
        assert len(rows) == 8000 and {"outcome", "reporter", "source"} <= set(rows[0])
        assert (workdir / "rejected.csv").exists()
        assert "read 8,000" in result.stderr
    elif command == "batch":
        summary = list(csv.DictReader((workdir / "summary.csv").open(encoding="utf-8-sig")))
        assert summary[0]["level"] in fairness.LEVELS and summary[0]["error"] == ""
        assert json.loads((workdir / "summary.json").read_text())["n_campaigns"] == len(summary)
        assert "Checking campaigns" in result.stderr  # the progress bar
    elif command == "plan":
        assert re.search(r"takes about [\d,]+ spins", result.stdout)
    elif command == "datasets":
        assert "cashback_wheel" in result.stdout and "demo_cashback" in result.stdout


def test_json_agrees_with_analyze_and_card_is_written(tmp_path):
    card = tmp_path / "card.png"
    report = tmp_path / "report.json"
    result = run("check", DEMO, "--game", GAME, "--format", "json", "-o", str(report),
                 "--card", str(card), "--seed", "3")
    assert result.returncode == 0, result.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    game = fairness.load_game(GAME)
    answer = fairness.verdict(fairness.analyze(load_evidence([DEMO], game), game, seed=3))
    a = answer.analysis
    assert data["level"] == answer.level
    assert data["n_spins"] == a.n_spins and data["n_reporters"] == a.n_reporters
    assert data["evalue"] == pytest.approx(a.evalue, rel=1e-9)
    assert data["fit"]["pvalue"] == pytest.approx(a.fit.pvalue, rel=1e-9)
    assert [o["observed"] for o in data["outcomes"]] == a.observed.tolist()
    assert [f["code"] for f in data["findings"]] == [f.code for f in answer.findings]
    assert data["more_spins"] == answer.more_spins

    import matplotlib.image as mpimg

    assert card.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert mpimg.imread(card).shape[:2] == (720, 1280)


def test_html_from_hostile_spec_has_no_live_script(tmp_path):
    spec = tmp_path / "evil.toml"
    spec.write_text('name = "<script>alert(1)</script>"\n'
                    '[[outcomes]]\nlabel = "win"\npercent = 10\n'
                    '[[outcomes]]\nlabel = "<script>alert(2)</script>"\npercent = 90\n',
                    encoding="utf-8")
    spins = tmp_path / "spins.csv"
    spins.write_text("outcome\n" + "win\n" * 3 + "<script>alert(2)</script>\n" * 30
                     + "<script>alert(3)</script>\n", encoding="utf-8")
    result = run("check", str(spins), "--game", str(spec), "--format", "html")
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup(result.stdout, "html.parser")
    assert soup.find_all("script") == [] and "<script" not in result.stdout.lower()
    assert "<script>alert(1)</script>" in soup.title.get_text()  # shown as text


def test_batch_with_a_broken_campaign_completes(tmp_path):
    for name in ("ok", "broken"):
        (tmp_path / "c" / name).mkdir(parents=True)
        shutil.copy(GAME, tmp_path / "c" / name / "game.toml")
    lines = open(DEMO, encoding="utf-8").read().splitlines()[:201]
    (tmp_path / "c" / "ok" / "spins.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "c" / "broken" / "spins.csv").write_bytes(b"\x00\xff\x00garbage")
    result = run("batch", str(tmp_path / "c"), "-o", str(tmp_path / "s.csv"), "--json",
                 str(tmp_path / "s.json"), "--fail-on", "rules_violated")
    assert result.returncode == 0, result.stderr
    rows = {r["name"]: r for r in csv.DictReader(open(tmp_path / "s.csv",
                                                      encoding="utf-8-sig"))}
    assert rows["ok"]["error"] == "" and rows["ok"]["n_spins"] == "200"
    assert rows["broken"]["level"] == "" and "binary" in rows["broken"]["error"]
    assert "broken:" in result.stdout and "1 error" in result.stdout


def test_user_errors_are_one_line_and_debug_shows_the_traceback(tmp_path):
    quiet = run("plan", "--game", GAME, "--target", "200%")
    assert quiet.returncode == 2
    assert quiet.stderr.strip().count("\n") == 0 and "unknown outcome '200%'" in quiet.stderr
    # --debug (before or after the command) lets the exception through; in-process to save a
    # second interpreter start.
    for args in (["--debug", "check"], ["check", "--debug"]):
        if args[0] == "check":
            args = ["check", str(tmp_path / "none.csv"), "--game", GAME, "--debug"]
        else:
            args = [*args, str(tmp_path / "none.csv"), "--game", GAME]
        loud = CliRunner().invoke(main, args)
        assert isinstance(loud.exception, fairness.DataError), loud.output
