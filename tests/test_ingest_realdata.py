"""Third-party Telegram exports (../shared/realdata/telegram): every message accounted for.

The files contain no spins; they show the format variety met in the wild (see the README there).
Message counts are taken independently of the ingest code: json for JSON exports (every entry of
every ``messages`` list), BeautifulSoup for HTML (every ``div.message`` except the service date
dividers, whose id is negative).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from fairness.reading import ingest
from fairness.spec import Game

REALDATA = Path(__file__).resolve().parents[1].parent / "shared" / "realdata"
TELEGRAM = REALDATA / "telegram"

GAME = Game.from_dict({"name": "wheel", "outcomes": [
    {"label": "1%", "probability": 0.86},
    {"label": "3%", "probability": 0.13},
    {"label": "5%", "probability": 0.01},
]})


def _files() -> list[Path]:
    if not TELEGRAM.is_dir():
        return []
    return sorted(p for p in TELEGRAM.iterdir() if p.suffix.lower() in (".json", ".html"))


@pytest.fixture(autouse=True)
def _need_realdata():
    if not TELEGRAM.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"CI needs the third-party data at {TELEGRAM}")
        pytest.skip("../shared/realdata is not beside this checkout")


def count_messages(path: Path) -> int:
    if path.suffix.lower() == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        if "messages" in data:
            return len(data["messages"])
        chats = [*data.get("chats", {}).get("list", []),
                 *data.get("left_chats", {}).get("list", [])]
        return sum(len(chat.get("messages", [])) for chat in chats)
    soup = BeautifulSoup(path.read_bytes(), "html.parser")
    return sum(1 for div in soup.select("div.message")
               if not (div.get("id") or "").startswith("message-"))


def test_there_are_files():
    assert len(_files()) >= 5


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_every_message_is_accounted_for(path):
    evidence = ingest(path, GAME, secret="test")
    s = evidence.summary
    assert s["read"] == count_messages(path)
    assert s["read"] == s["used"] + s["rejected"] + s["not_a_report"]
    assert s["rejected"] == len(evidence.rejected)
    # these chats hold no spin reports
    assert s["spins"] == 0 and s["tally_spins"] == 0 and s["used"] == 0


def test_all_files_together(tmp_path):
    files = _files()
    evidence = ingest(files, GAME)
    s = evidence.summary
    assert s["read"] == sum(count_messages(p) for p in files)
    assert s["read"] == s["used"] + s["rejected"] + s["not_a_report"]


def test_no_names_or_ids_from_the_real_files_leak():
    for path in _files():
        evidence = ingest(path, GAME)
        output = "\n".join(frame.astype(str).to_csv(index=False) for frame in
                           (evidence.spins, evidence.tallies, evidence.rejected))
        for secret in ("Alice", "Bob", "Jimmeny", "Henry", "Lasse", "user700000000",
                       "4325636679"):
            assert secret not in output
