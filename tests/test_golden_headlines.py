"""Golden text: the English and Russian headline of every bundled campaign
(``datasets/campaigns.csv``), exactly as checked in at ``tests/golden/headlines.txt``.

The headline is the first thing a newcomer reads; a change to it (a word, a number format, a
plural) must be seen in review. To accept an intended change, run
``python -m tests.golden.headlines`` and commit the diff.
"""

from __future__ import annotations

import difflib

from tests.golden.headlines import GOLDEN, headlines
from tests.latin import latin_sentences


def test_headlines_match_the_golden_text():
    expected = GOLDEN.read_text(encoding="utf-8")
    actual = headlines()
    diff = "\n".join(difflib.unified_diff(expected.splitlines(), actual.splitlines(),
                                          "golden", "now", lineterm=""))
    assert actual == expected, diff


def test_golden_text_covers_every_campaign_in_both_languages():
    from fairness.datasets import list_datasets

    text = GOLDEN.read_text(encoding="utf-8")
    for name in list_datasets().query("kind != 'game'")["name"]:
        assert f"\n{name} [en] " in f"\n{text}" and f"\n{name} [ru] " in f"\n{text}", name
    ru = [block.split("\n", 1)[1] for block in text.split("\n\n") if " [ru] " in block]
    assert ru and all(not latin_sentences(line) for line in ru), ru
