"""``fairness campaign ...`` as a user runs it (subprocesses), on SQLite and PostgreSQL, and the
transaction guarantees: a killed ``add`` leaves the campaign as it was, concurrent writers lose
nothing and store nothing twice."""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from fairness.cli import main
from tests.conftest import DATASETS, REPO

GAME = str(DATASETS / "games" / "cashback_wheel.toml")
CHAT_JSON = str(DATASETS / "telegram" / "json" / "result.json")
SUBCOMMANDS = ("new", "add", "check", "history", "list", "exclude", "restore", "rules")


def run(*args, cwd=None, check=False):
    result = subprocess.run([sys.executable, "-m", "fairness.cli", *args], capture_output=True,
                            text=True, timeout=600, cwd=cwd,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    if check:
        assert result.returncode == 0, result.stderr
    return result


def start(*args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "fairness.cli", *args], text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(REPO)})


def _example(command: str) -> list[str]:
    text = CliRunner().invoke(main, ["campaign", command, "--help"], prog_name="fairness").output
    block = re.sub(r"\\\n\s*", " ", text.split("Example", 1)[1])
    (line,) = [ln.strip() for ln in block.splitlines() if ln.strip().startswith("fairness ")]
    return shlex.split(line)[1:]


def test_every_help_example_works_in_order(tmp_path):
    (tmp_path / "datasets").symlink_to(DATASETS)
    outputs = {}
    for command in SUBCOMMANDS:
        args = _example(command)
        assert args[:2] == ["campaign", command]
        result = run(*args, cwd=tmp_path)
        # `check --fail-on inconsistent` on the bundled chat: suspicious, below the bar
        assert result.returncode == 0, (command, result.stderr)
        outputs[command] = result.stdout
    assert "made in sqlite" in outputs["new"]
    assert "Batch 1 (result.json): read 422" in outputs["add"]
    assert "First check of this campaign: 205 spins." in outputs["check"]
    assert "Nothing is excluded." in outputs["check"]
    assert "E after each batch" in outputs["history"] and "|" in outputs["history"]
    assert outputs["list"].splitlines()[1].startswith("wheel")
    assert "batch 1 excluded" in outputs["exclude"] and "batch 1 restored" in outputs["restore"]
    assert "rules version 2" in outputs["rules"]


def test_a_campaign_from_the_command_line(store_url, tmp_path):
    run("campaign", "new", store_url, "chat", "--game", GAME, check=True)
    first = json.loads(run("campaign", "add", store_url, "chat", CHAT_JSON, "--format", "json",
                           "--by", "Olga", check=True).stdout)
    assert first["new_spins"] == 189 and first["accounting"]["read"] == 422
    assert first["added_by"].startswith("r-") and "Olga" not in json.dumps(first)
    archive = tmp_path / "ChatExport.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for page in sorted((DATASETS / "telegram" / "html").iterdir()):
            zf.write(page, f"ChatExport/{page.name}")
    again = run("campaign", "add", store_url, "chat", str(archive), "--lang", "ru", check=True)
    assert "новых: 0 вращений, 0 в сводках; уже были: 194" in again.stdout

    # the same verdict as one `fairness check` of the export
    once = json.loads(run("check", CHAT_JSON, "--game", GAME, "--format", "json",
                          check=True).stdout)
    kept = json.loads(run("campaign", "check", store_url, "chat", "--format", "json",
                          check=True).stdout)
    campaign = kept.pop("campaign")
    assert campaign["check"] == 1 and campaign["excluded"] == []
    assert {k: v for k, v in kept.items() if k != "accounting"} == {
        k: v for k, v in once.items() if k != "accounting"}
    assert kept["accounting"]["read"] == once["accounting"]["read"] == 422

    failed = run("campaign", "check", store_url, "chat", "--fail-on", "suspicious")
    assert failed.returncode == 3, failed.stderr
    assert "E stays at 16" in failed.stdout and "still suspicious" in failed.stdout

    run("campaign", "exclude", store_url, "chat", "--batch", "1", "--reason", "bot export",
        check=True)
    text = run("campaign", "check", store_url, "chat", "--lang", "ru", check=True).stdout
    assert "порция 1: bot export (205 вращений)" in text
    history = json.loads(run("campaign", "history", store_url, "chat", "--format", "json",
                             "--batches", check=True).stdout)
    assert [c["n_spins"] for c in history["checks"]] == [205, 205, 0]
    assert history["checks"][2]["excluded"][0]["reason"] == "bot export"
    assert [b["number"] for b in history["batches"]] == [2]  # batch 1 is left out now
    text = run("campaign", "history", store_url, "chat", check=True).stdout
    assert len(re.findall(r"^\d  ", text, flags=re.M)) == 3
    listed = json.loads(run("campaign", "list", store_url, "--format", "json",
                            check=True).stdout)
    assert listed[0]["name"] == "chat" and listed[0]["level"] == "not_enough_data"


@pytest.mark.parametrize("args, message", [
    (["campaign", "add", "{store}", "nope", CHAT_JSON], "no campaign 'nope'"),
    (["campaign", "add", "{store}", "chat", "missing.csv"], "file not found"),
    (["campaign", "new", "{store}", "chat", "--game", GAME], "already exists"),
    (["campaign", "exclude", "{store}", "chat", "--batch", "4", "--reason", "x"], "no batch 4"),
    (["campaign", "exclude", "{store}", "chat", "--reason", "x"], "either a batch"),
    (["campaign", "list", "mysql://u:p@h/db"], "unsupported database"),
])
def test_user_errors_are_one_line_with_exit_code_2(tmp_path, args, message):
    store = str(tmp_path / "c.sqlite")
    run("campaign", "new", store, "chat", "--game", GAME, check=True)
    result = run(*[a.replace("{store}", store) for a in args], cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


# -- transactions ---------------------------------------------------------------------------

def big_table(path: Path, n: int, seed: int) -> Path:
    rng = np.random.default_rng(seed)
    labels = np.array(["1%", "3%", "5%", "10%", "100%"])
    chances = np.array([0.7, 0.2, 0.07, 0.0299, 0.0001])
    start = np.datetime64("2026-01-01T00:00:00") + np.timedelta64(seed, "D")
    pd.DataFrame({
        "outcome": labels[rng.choice(5, size=n, p=chances)],
        "reported_at": (start + rng.integers(0, 86_400 * 60, size=n).astype("timedelta64[s]")),
        "reporter": rng.integers(0, 5_000, size=n).astype(str),
    }).to_csv(path, index=False)
    return path


def _counts(store: str) -> tuple[int, int]:
    from fairness.campaign import Campaign

    campaign = Campaign.open(store, "big")
    return len(campaign.batches()), campaign.evidence().n_spins


def _writing(store: str, process: subprocess.Popen, wal_start: int) -> bool:
    """True once the add is writing its rows inside its transaction."""
    if store.startswith("postgresql"):
        import sqlalchemy as sa

        from fairness.campaign.store import store_url

        engine = sa.create_engine(store_url(store))
        try:
            with engine.connect() as connection:
                return bool(connection.execute(sa.text(
                    "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                    "AND query LIKE 'INSERT INTO spins%'")).scalar())
        finally:
            engine.dispose()
    wal = Path(store + "-wal")
    return wal.exists() and wal.stat().st_size > wal_start + 2_000_000


@pytest.mark.slow
def test_a_killed_add_leaves_the_campaign_as_it_was_and_a_rerun_completes_it(store_url,
                                                                             tmp_path):
    run("campaign", "new", store_url, "big", "--game", GAME, check=True)
    small = big_table(tmp_path / "small.csv", 1_000, seed=1)
    run("campaign", "add", store_url, "big", str(small), check=True)
    before = _counts(store_url)
    data = big_table(tmp_path / "big.csv", 400_000, seed=2)
    wal = Path(store_url + "-wal")
    wal_start = wal.stat().st_size if wal.exists() else 0
    process = start("campaign", "add", store_url, "big", str(data))
    deadline = time.monotonic() + 300
    while not _writing(store_url, process, wal_start):
        assert process.poll() is None, "the add finished before it could be killed: " + (
            process.stderr.read())
        assert time.monotonic() < deadline
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    assert _counts(store_url) == before
    rerun = json.loads(run("campaign", "add", store_url, "big", str(data), "--format", "json",
                           check=True).stdout)
    assert rerun["number"] == 2 and rerun["new_spins"] == 400_000
    assert _counts(store_url) == (2, 401_000)


@pytest.mark.slow
def test_concurrent_writers_lose_nothing_and_store_nothing_twice(store_url, tmp_path):
    run("campaign", "new", store_url, "big", "--game", GAME, check=True)
    one = big_table(tmp_path / "one.csv", 40_000, seed=3)
    two = big_table(tmp_path / "two.csv", 40_000, seed=4)
    processes = [start("campaign", "add", store_url, "big", str(path), "--format", "json")
                 for path in (one, two, one)]
    checker = start("campaign", "check", store_url, "big", "--format", "json")
    results = []
    for process in processes:
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err
        results.append(json.loads(out))
    out, err = checker.communicate(timeout=600)
    assert checker.returncode == 0, err
    assert sorted(r["number"] for r in results) == [1, 2, 3]
    assert results[1]["new_spins"] == 40_000
    assert sorted([results[0]["new_spins"], results[2]["new_spins"]]) == [0, 40_000]
    assert _counts(store_url) == (3, 80_000)
