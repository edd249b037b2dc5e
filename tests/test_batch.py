"""``fairness.batch``: many campaigns, in parallel, one failing campaign never stops the rest."""

from __future__ import annotations

import math
import shutil

import numpy as np
import pytest

import fairness
from fairness.batch import (
    SUMMARY_COLUMNS,
    BatchResult,
    Campaign,
    _bh,
    find_campaigns,
    load_evidence,
    run_batch,
    run_campaign,
)
from fairness.errors import DataError
from tests.conftest import DATASETS

GAME = DATASETS / "games" / "cashback_wheel.toml"
DEMO = DATASETS / "spins" / "demo_cashback.csv"


def _spins(path, rows):
    lines = DEMO.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[: rows + 1]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path):
    """good (300 spins), broken (binary data file), nospec (data but no game spec)."""
    root = tmp_path / "campaigns"
    for name in ("good", "broken", "nospec"):
        (root / name).mkdir(parents=True)
    shutil.copy(GAME, root / "good" / "wheel.toml")
    _spins(root / "good" / "spins.csv", 300)
    shutil.copy(GAME, root / "broken" / "wheel.toml")
    (root / "broken" / "spins.csv").write_bytes(b"\x00\x01\x02 not a table")
    _spins(root / "nospec" / "spins.csv", 50)
    return root


def test_a_broken_campaign_does_not_stop_the_batch(folder):
    seen = []
    result = run_batch(folder, workers=2, progress=seen.append)
    assert isinstance(result, BatchResult)
    assert [c.name for c in result.campaigns] == ["broken", "good", "nospec"]  # folder order
    assert len(seen) == 3
    frame = result.to_frame()
    assert tuple(frame.columns) == SUMMARY_COLUMNS
    good = frame.set_index("name").loc["good"]
    assert good["level"] in fairness.LEVELS and good["n_spins"] == 300
    assert good["worst_outcome"] in fairness.load_game(GAME).labels
    assert good["error"] is None
    broken = frame.set_index("name").loc["broken"]
    assert "binary" in broken["error"] and "\n" not in broken["error"]
    assert broken["level"] is None and math.isnan(broken["evalue"])
    assert "exactly one *.toml" in frame.set_index("name").loc["nospec", "error"]
    assert result.n_failed == 2
    assert result.level_counts()["error"] == 2
    payload = result.to_dict()
    assert payload["campaigns"][0]["evalue"] is None  # NaN is not JSON


def test_same_answer_as_check_for_one_campaign():
    result = run_campaign(Campaign("demo", (DEMO,), GAME))
    game = fairness.load_game(GAME)
    answer = fairness.verdict(fairness.analyze(fairness.ingest(DEMO, game), game))
    assert result.error is None
    assert result.level == answer.level == "inconsistent"
    assert result.evalue == pytest.approx(answer.analysis.evalue, rel=1e-9)
    # the 100% prize came 13 times against 40 expected: the smallest binomial p-value
    assert result.worst_outcome == "100%"
    assert result.worst_ratio == pytest.approx(13 / 8000 / 0.005)


def test_manifest_paths_are_relative_to_it(tmp_path):
    (tmp_path / "data").mkdir()
    data = _spins(tmp_path / "data" / "a.csv", 200)
    (tmp_path / "games").mkdir()
    shutil.copy(GAME, tmp_path / "games" / "wheel.toml")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("name,data,game\n"
                        "first,data/a.csv,games/wheel.toml\n"
                        "missing,data/nope.csv,games/wheel.toml\n"
                        ",data/a.csv,\n", encoding="utf-8")
    campaigns = find_campaigns(manifest)
    assert campaigns[0].data == (data,) and campaigns[0].game == tmp_path / "games" / "wheel.toml"
    assert campaigns[2].name == "a" and "no game spec" in str(campaigns[2].problem)
    result = run_batch(manifest, workers=1)
    errors = result.to_frame().set_index("name")["error"]
    assert errors["first"] is None
    assert "nope.csv" in errors["missing"] and "not found" in errors["missing"]
    assert result.n_failed == 2


def test_manifest_without_the_columns_is_a_user_error(tmp_path):
    manifest = tmp_path / "m.csv"
    manifest.write_text("name,file\nx,y.csv\n", encoding="utf-8")
    with pytest.raises(DataError, match="missing: data, game"):
        find_campaigns(manifest)
    with pytest.raises(DataError, match="file not found"):
        find_campaigns(tmp_path / "none.csv")
    (tmp_path / "empty").mkdir()
    with pytest.raises(DataError, match="no campaign subfolders"):
        find_campaigns(tmp_path / "empty")


def test_benjamini_hochberg_across_campaigns():
    # R: p.adjust(c(0.01, 0.04, 0.03), method = "BH") -> 0.03 0.04 0.04 (exact arithmetic)
    assert _bh([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.04, 0.04], abs=1e-12)
    # failed campaigns (NaN) do not count as tests
    out = _bh([0.01, math.nan, 0.04, 0.03])
    assert math.isnan(out[1]) and out[[0, 2, 3]] == pytest.approx([0.03, 0.04, 0.04])
    assert np.all(np.isnan(_bh([math.nan])))


def test_bad_arguments():
    with pytest.raises(ValueError, match="alpha"):
        run_batch([], alpha=2)
    with pytest.raises(ValueError, match="workers"):
        run_batch([], workers=0)


def test_several_data_files_of_one_campaign_are_merged(tmp_path):
    game = fairness.load_game(GAME)
    first = _spins(tmp_path / "a.csv", 120)
    lines = DEMO.read_text(encoding="utf-8").splitlines()
    (tmp_path / "b.csv").write_text("\n".join([lines[0], *lines[500:580]]) + "\n",
                                    encoding="utf-8")
    evidence = load_evidence([first, tmp_path / "b.csv"], game)
    assert evidence.n_spins == 200
    with pytest.raises(DataError, match="no data files"):
        load_evidence([], game)
