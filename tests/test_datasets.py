"""The bundled datasets: the generator reproduces them, and each gives the verdict its README
promises (datasets/README.md is the ground truth; the numbers below are copied from it)."""

from __future__ import annotations

import importlib.util
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

import fairness
from fairness import datasets
from tests.conftest import DATASETS

CAMPAIGNS = [
    ("honest_lootbox", "consistent", "enough_data"),
    ("demo_cashback", "inconsistent", "outcome_low"),
    ("promo_fewer_wins", "inconsistent", "outcome_low"),
    ("cashback_by_segment", "suspicious", "segment_difference"),
    ("points_drift", "suspicious", "drift"),
    ("lootbox_pity", "suspicious", "pity"),
    ("promo_small_sample", "not_enough_data", "not_enough_data"),
    # claims as operators make them (issue 16)
    ("no_odds_same_for_all", "consistent", "enough_data_difference"),
    ("no_odds_by_segment", "suspicious", "segment_difference"),
    ("claim_broken", "inconsistent", "claim_broken"),
    ("prize_never_paid", "consistent", "never_seen"),
    ("telegram_json", "suspicious", "outcome_high"),
    ("telegram_html", "suspicious", "outcome_high"),
]
# The accounting of the chat as datasets/README.md states it, for each game.
CHAT_CASHBACK = {"read": 422, "used": 182, "rejected": 7, "not_a_report": 233, "spins": 189,
                 "tally_spins": 16}
CHAT_CASHBACK_COUNTS = [121, 41, 30, 11, 2]  # 1%, 3%, 5%, 10%, 100% (spins + poll votes)
CHAT_REJECTED = {"ambiguous": 4, "unknown outcome": 1, "count mismatch": 1, "duplicate": 1}
CHAT_POINTS = {"read": 422, "used": 7, "rejected": 0, "not_a_report": 415, "spins": 7,
               "tally_spins": 0}


def _generator():
    spec = importlib.util.spec_from_file_location("datasets_generate", DATASETS / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it is executed
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def test_generator_reproduces_every_bundled_file(tmp_path):
    generate = _generator()
    written = generate.write(tmp_path)
    assert len(written) >= 10
    for path in written:
        relative = path.relative_to(tmp_path)
        bundled = DATASETS / relative
        assert bundled.is_file(), f"{relative} is generated but not bundled"
        assert path.read_bytes() == bundled.read_bytes(), f"{relative} differs from the generator"
    # and nothing generated is left over in the bundle
    for kind in ("spins", "telegram"):
        bundled = {p.relative_to(DATASETS) for p in (DATASETS / kind).rglob("*") if p.is_file()}
        assert bundled <= {p.relative_to(tmp_path) for p in written}


def test_demo_cashback_is_unchanged():
    """The README, CLI help and other tests quote this file: its content is fixed."""
    text = (DATASETS / "spins" / "demo_cashback.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert len(lines) == 8001
    assert lines[:2] == ["reported_at,reporter,outcome", "2026-03-01T08:03:24Z,r-0165,1%"]


def test_list_datasets_describes_everything():
    table = datasets.list_datasets()
    assert list(table.columns) == list(datasets.COLUMNS)
    games = table[table["kind"] == "game"]
    assert set(games["name"]) == {"cashback_wheel", "points_wheel", "promo_odds", "lootbox",
                                  "marketplace_no_odds", "cashback_claims"}
    campaigns = table[table["kind"] != "game"]
    assert len(campaigns[campaigns["kind"] == "spins"]) >= 6
    assert set(campaigns["expected_level"]) <= set(fairness.LEVELS)
    for row in table.itertuples(index=False):
        assert Path(row.path).exists(), row.path
        assert row.description
    readme = (DATASETS / "README.md").read_text(encoding="utf-8")
    for row in campaigns.itertuples(index=False):
        assert f"`{row.name}`" in readme and f"**{row.expected_level}**" in readme


def test_games_load_in_every_form():
    forms = {name: {o.form for o in datasets.load_game(name).outcomes}
             for name in ("cashback_wheel", "points_wheel", "promo_odds", "lootbox")}
    assert forms == {"cashback_wheel": {"count"}, "points_wheel": {"percent"},
                     "promo_odds": {"percent", "odds", "remainder"}, "lootbox": {"weight"}}
    promo = datasets.load_game("promo_odds")
    assert promo.outcome("100 ₽").claim == "at_least" and promo.outcome("100 ₽").upper == 1.0


def test_unknown_names_and_folder_override(tmp_path, monkeypatch):
    with pytest.raises(ValueError, match="no bundled dataset"):
        datasets.path("nope")
    with pytest.raises(ValueError, match="is a game spec"):
        datasets.load_campaign("lootbox")
    with pytest.raises(TypeError):
        datasets.path(3)
    monkeypatch.setenv("FAIRNESS_DATASETS", str(tmp_path))
    assert datasets.folder() == tmp_path
    with pytest.raises(fairness.DataError, match="campaigns.csv"):
        datasets.list_datasets()


@pytest.mark.parametrize(("name", "level", "finding"), CAMPAIGNS)
def test_campaign_gets_its_documented_verdict(name, level, finding):
    evidence, game = datasets.load_campaign(name)
    row = datasets.list_datasets().set_index("name").loc[name]
    assert row["expected_level"] == level and finding in row["expected_findings"].split(";")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        answer = fairness.verdict(fairness.analyze(evidence, game))
    assert answer.level == level, answer.headline()
    assert finding in {f.code for f in answer.findings}


@pytest.mark.parametrize("name", ["telegram_json", "telegram_html"])
def test_chat_export_ingests_with_the_documented_counts(name):
    game = datasets.load_game("cashback_wheel")
    evidence = fairness.ingest(datasets.path(name), game, secret="test")
    summary = evidence.summary
    assert {k: summary[k] for k in CHAT_CASHBACK} == CHAT_CASHBACK
    assert summary["rejected_by_reason"] == CHAT_REJECTED
    assert evidence.counts().tolist() == CHAT_CASHBACK_COUNTS
    assert summary["poll_votes_unmatched"] == 5
    assert evidence.n_reporters > 30
    assert evidence.spins["reported_at"].notna().all()
    points = fairness.ingest(datasets.path(name), datasets.load_game("points_wheel"))
    assert {k: points.summary[k] for k in CHAT_POINTS} == CHAT_POINTS


def test_json_and_html_exports_are_the_same_chat():
    game = datasets.load_game("cashback_wheel")
    from_json, _ = datasets.load_campaign("telegram_json")
    from_html, _ = datasets.load_campaign("telegram_html")
    columns = ["outcome", "reported_at"]
    pd.testing.assert_frame_equal(from_json.spins[columns], from_html.spins[columns])
    # the same chat given twice counts once
    both = fairness.ingest([datasets.path("telegram_json"), datasets.path("telegram_html")],
                           game)
    assert both.summary["spins"] == CHAT_CASHBACK["spins"]
    assert both.summary["tally_spins"] == CHAT_CASHBACK["tally_spins"]


def test_chat_has_the_variety_the_readme_promises():
    text = datasets.path("telegram_json").read_text(encoding="utf-8")
    for phrase in ("кэшбэк", "кешб", "5 %", "пять процентов", "+1", "тоже", "баллов",
                   "до 30%", '"forwarded_from"', '"edited"', '"poll"', '"reply_to_message_id"',
                   '"type": "service"', "user1000001"):
        assert phrase in text, phrase
    assert (datasets.path("telegram_html") / "messages2.html").is_file()


@pytest.mark.parametrize("name", ["demo_cashback", "telegram_json", "telegram_html"])
def test_loaded_campaigns_name_their_files_not_where_they_are_installed(name):
    evidence, _game = datasets.load_campaign(name)
    for table in (evidence.spins, evidence.tallies, evidence.rejected):
        for source in table["source"].dropna().unique():
            assert not Path(str(source)).is_absolute(), source
            assert str(datasets.folder()) not in str(source)


def test_a_checkout_beside_a_normal_install_finds_its_own_datasets(tmp_path):
    # `streamlit run app.py` in a checkout puts the checkout's package first on the path,
    # where no `fairness.bundled` exists (the build maps it); the checkout's datasets/ serve.
    import shutil
    import subprocess

    shutil.copytree(DATASETS.parent / "fairness", tmp_path / "fairness",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "datasets").symlink_to(DATASETS)
    code = ("import sys\n"
            "sys.meta_path[:] = [f for f in sys.meta_path if 'Editable' not in "
            "getattr(f, '__name__', type(f).__name__)]\n"
            f"sys.path.insert(0, {str(tmp_path)!r})\n"
            "from fairness import datasets\n"
            "print(datasets.folder())\n"
            "print(datasets.load_campaign('demo_cashback')[0].n_spins)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path, timeout=300)
    assert out.returncode == 0, out.stderr
    where, spins = out.stdout.split()
    assert Path(where) == tmp_path / "datasets"
    assert spins == "8000"
