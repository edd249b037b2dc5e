"""fairness.logs: one definition of a complete log, shared by complete_logs and the verdict."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fairness import Evidence, Game, analyze
from fairness.logs import complete_logs, complete_reporters, group_codes
from fairness.thresholds import Thresholds

WHEEL = Game.from_dict({"name": "wheel", "outcomes": [
    {"label": "1%", "percent": 70}, {"label": "3%", "percent": 20},
    {"label": "5%", "percent": 9}, {"label": "10%", "percent": 1}]})


def _spins(seq: dict, rng, extra=None) -> pd.DataFrame:
    who = [r for r, numbers in seq.items() for _ in numbers]
    numbers = [n for r in seq for n in seq[r]]
    outcomes = [WHEEL.labels[c] for c in rng.choice(4, size=len(who), p=WHEEL.stated)]
    frame = pd.DataFrame({"outcome": outcomes, "reporter": who,
                          "seq": pd.array(numbers, dtype="Int64")})
    for column, values in (extra or {}).items():
        frame[column] = values
    return frame


def test_complete_means_distinct_consecutive_numbers_and_enough_of_them():
    rng = np.random.default_rng(1)
    seq = {
        "whole": list(range(1, 31)),            # 1..30
        "late_start": list(range(7, 37)),       # 7..36: no gap, complete
        "gap": [*range(1, 15), *range(16, 32)],  # a missing number
        "repeat": [1, 2, 2, *range(4, 31)],      # max - min + 1 == count, but 3 is missing
        "short": list(range(1, 11)),            # 10 < 20
        "shuffled": list(rng.permutation(np.arange(1, 26))),  # order of rows does not matter
    }
    spins = _spins(seq, rng)
    table = complete_logs(spins).set_index("reporter")
    assert set(table.index[table["complete"]]) == {"whole", "late_start", "shuffled"}
    assert table.loc["repeat", "longest_consecutive"] == 27
    codes, names = group_codes(spins["reporter"])
    flags = complete_reporters(spins, codes, len(names))
    assert set(np.asarray(names)[flags]) == {"whole", "late_start", "shuffled"}
    assert set(np.asarray(names)[complete_reporters(spins, codes, len(names), 10)]) == {
        "whole", "late_start", "shuffled", "short"}


def test_a_spin_without_a_number_breaks_the_log_and_a_flag_decides_first():
    rng = np.random.default_rng(2)
    spins = _spins({"a": list(range(1, 26)), "b": list(range(1, 26)),
                    "c": [*range(1, 10), *range(12, 30)]}, rng)
    spins["seq"] = spins["seq"].astype("Float64")
    spins.loc[spins.index[spins["reporter"] == "b"][3], "seq"] = pd.NA
    assert set(complete_logs(spins).query("complete")["reporter"]) == {"a"}
    flags = np.where(spins["reporter"] == "c", "yes", np.where(spins["reporter"] == "a", "нет",
                                                                None))
    spins["complete"] = flags
    table = complete_logs(spins).set_index("reporter")
    assert table.loc["c", "complete"] and table.loc["c", "reason"] == "flagged complete"
    assert not table.loc["a", "complete"] and table.loc["a", "reason"] == "flagged incomplete"
    assert not table.loc["b", "complete"]


@pytest.mark.parametrize("min_log", [20, 40])
def test_the_verdicts_complete_logs_are_the_reporters_complete_logs_names(min_log):
    rng = np.random.default_rng(3)
    seq = {}
    for r in range(40):
        length = int(rng.integers(5, 80))
        numbers = np.arange(1, length + 1) + int(rng.integers(0, 5))
        if r % 3 == 0 and length > 3:
            numbers = np.delete(numbers, length // 2)  # a gap
        if r % 7 == 0 and length > 3:
            numbers[1] = numbers[0]  # a repeat
        seq[f"u{r}"] = numbers.tolist()
    spins = _spins(seq, rng)
    evidence = Evidence(labels=WHEEL.labels, spins=spins, tallies=None, rejected=None)
    th = Thresholds(min_complete_log=min_log, min_complete_spins=1)
    found = analyze(evidence, WHEEL, thresholds=th).dependence.complete
    table = complete_logs(evidence.spins, min_consecutive=min_log)
    chosen = set(table.loc[table["complete"], "reporter"])
    assert found["reporters"] == len(chosen) > 0
    rows = evidence.spins[evidence.spins["reporter"].isin(chosen)]
    expected = rows["outcome"].value_counts().reindex(list(WHEEL.labels), fill_value=0)
    np.testing.assert_array_equal(found["counts"], expected.to_numpy())
