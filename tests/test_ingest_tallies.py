"""Posted summaries and polls as tallies (fairness.reading.tallies)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairness.errors import DataError
from fairness.evidence import places
from fairness.reading import ingest
from fairness.reading.extract import Extractor
from fairness.reading.tallies import (
    looks_like_tally,
    parse_tally_text,
    poll_tallies,
    read_tallies,
    summary_hint,
    tallies_from_text,
)
from fairness.spec import Game


@pytest.fixture(scope="module")
def game() -> Game:
    return Game.from_dict({"name": "wheel", "outcomes": [
        {"label": "1%", "probability": 0.86},
        {"label": "3%", "probability": 0.13},
        {"label": "5%", "probability": 0.01},
    ]})


@pytest.fixture(scope="module")
def reader(game) -> Extractor:
    return Extractor(game, trigger=False)


def counts(items):
    return [(i.label, i.count) for i in items if i.kind == "tally"]


@pytest.mark.parametrize("text", [
    "1% — 340, 3% — 52, 5% — 4",
    "1% – 340; 3% – 52; 5% – 4",
    "1% - 340\n3% - 52\n5% - 4",
    "1%: 340\n3%: 52\n5%: 4\n",
    "1% = 340 шт\n3% = 52 шт.\n5% = 4 шт",
    "1% — 340 раз, 3% — 52 раза, 5% — 4 раза",
    "1 % — 340 (86%)\n3 % — 52 (13%)\n5 % — 4 (1%)",
])
def test_separators_and_suffixes(reader, text):
    assert counts(parse_tally_text(text, reader)) == [("1%", 340), ("3%", 52), ("5%", 4)]


def test_thousands_and_headings(reader):
    items = parse_tally_text("Итого за март:\n1% — 1 340\n3% — 52\nВсего 1396", reader)
    assert counts(items) == [("1%", 1340), ("3%", 52)]
    assert [i.kind for i in items] == ["not_a_report", "tally", "tally", "not_a_report"]


def test_heading_on_the_same_line(reader):
    assert counts(parse_tally_text("Итого за неделю: 1% — 340, 3% — 52", reader)) == [
        ("1%", 340), ("3%", 52)]


def test_decimal_comma_label_is_not_split(reader):
    items = parse_tally_text("1,5% — 3, 1% — 10", reader)
    assert items[0].kind == "rejected" and "unknown outcome" in items[0].reason
    assert counts(items) == [("1%", 10)]


def test_unknown_and_fractional_counts_are_rejected(reader):
    items = parse_tally_text("7% — 3\n1% — 2.5", reader)
    assert [i.kind for i in items] == ["rejected", "rejected"]
    assert items[0].reason.startswith("unknown outcome")
    assert items[1].reason == "count is not a whole number"


def test_looks_like_tally(reader):
    assert looks_like_tally("1% — 340, 3% — 52", reader)
    assert not looks_like_tally("Сегодня в 10:30 обновление", reader)
    assert not looks_like_tally("выпало 3% — ура", reader)
    assert looks_like_tally("1% — 340", reader, minimum=1)


def test_tallies_from_text_accounting(game):
    evidence = tallies_from_text("Итоги:\n1% — 340\n3% — 52\n7% — 1\n5% — 4", game)
    s = evidence.summary
    assert s["read"] == 5 and s["used"] == 3 and s["rejected"] == 1 and s["not_a_report"] == 1
    assert s["read"] == s["used"] + s["rejected"] + s["not_a_report"]
    assert s["tally_spins"] == 396
    assert list(evidence.counts()) == [340, 52, 4]
    assert s["rejected_by_reason"] == {"unknown outcome": 1}


def test_no_entries_is_an_error(game):
    with pytest.raises(DataError, match="no tally entries"):
        tallies_from_text("просто текст\nбез чисел", game)


def test_read_tallies_file_and_dispatch(game, tmp_path):
    path = tmp_path / "итоги.txt"
    path.write_text("1% — 340\n3% — 52\n5% — 4\n", encoding="cp1251")
    evidence = read_tallies(path, game)
    assert list(evidence.counts()) == [340, 52, 4]
    via_ingest = ingest(path, game)
    assert list(via_ingest.counts()) == [340, 52, 4]
    assert via_ingest.summary["read"] == 3 and via_ingest.summary["used"] == 3


def test_empty_tally_file(game, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(DataError, match="empty"):
        read_tallies(path, game)


def test_poll_tallies(reader):
    poll = poll_tallies([("1%", 120), ("3 %", 20), ("пять процентов", 2), ("не крутил", 40),
                         ("посмотреть результаты", 0)], reader)
    assert poll.rows == (("1%", 120, 1), ("3%", 20, 2), ("5%", 2, 3))
    assert poll.unmatched_votes == 40
    assert poll.matched_answers == 3


def test_poll_in_a_telegram_export_becomes_tallies(game, tmp_path):
    export = {"name": "Клуб", "type": "public_supergroup", "id": 77, "messages": [
        {"id": 1, "type": "message", "date": "2024-01-01T10:00:00", "from": "Админ",
         "from_id": "user1", "text": "",
         "poll": {"question": "Что выпало?", "closed": True, "total_voters": 167,
                  "answers": [{"text": "1%", "voters": 140, "chosen": False},
                              {"text": "3%", "voters": 20, "chosen": False},
                              {"text": "5%", "voters": 2, "chosen": False},
                              {"text": "не крутил", "voters": 5, "chosen": False}]}},
        {"id": 2, "type": "message", "date": "2024-01-01T10:00:00", "from": "Админ",
         "from_id": "user1", "text": "",
         "poll": {"question": "Пицца или суши?", "answers": [
             {"text": "пицца", "voters": 3}, {"text": "суши", "voters": 4}]}},
        {"id": 3, "type": "message", "date": "2024-01-02T10:00:00", "from": "Админ",
         "from_id": "user1", "text": "Итоги недели: 1% — 30, 3% — 5, 5% — 1"},
    ]}
    path = tmp_path / "result.json"
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    evidence = ingest(path, game)
    s = evidence.summary
    assert list(evidence.counts()) == [170, 25, 3]
    assert s["read"] == 3 and s["used"] == 2 and s["not_a_report"] == 1
    assert s["tally_spins"] == 198 and s["spins"] == 0
    assert s["poll_votes_unmatched"] == 5
    assert set(places(evidence.tallies)) >= {"result.json:1",
                                              "result.json:3"}
    no_summaries = ingest(path, game, summaries=False)
    assert list(no_summaries.counts()) == [140, 20, 2]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_parse_never_raises_and_accounts_for_every_fragment(game, text):
    items = parse_tally_text(text, Extractor(game, trigger=False))
    assert all(i.kind in ("tally", "rejected", "not_a_report") for i in items)
    for item in items:
        if item.kind == "tally":
            assert item.label in game.labels and item.count >= 0


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="ab —–-:=→×0123 4,;\n()шт5раз\u00a0", max_size=40),
       minimum=st.integers(0, 3))
def test_summary_hint_counts_every_entry(text, minimum):
    # The first search answers for most texts; the count is that of all the entries.
    from fairness.reading.tallies import _HINT

    found = sum(1 for _ in _HINT.finditer(text))
    assert summary_hint(text, minimum) == (found >= minimum and found > 0)
