"""fairness.logs: one definition of a complete log, shared by complete_logs and the verdict."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fairness import Evidence, Game, analyze
from fairness.logs import complete_logs, complete_reporters, group_codes, reporter_codes
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


def _straightforward_complete(numbers: np.ndarray, reporter: np.ndarray, n_reporters: int,
                              min_spins: int) -> np.ndarray:
    """The definition read literally, one reporter at a time."""
    out = np.zeros(n_reporters, dtype=bool)
    for code in range(n_reporters):
        mine = numbers[reporter == code]
        if len(mine) < max(1, min_spins) or not (np.isfinite(mine).all()
                                                 and (mine == np.round(mine)).all()):
            continue
        values = sorted(int(v) for v in mine)
        out[code] = values == list(range(values[0], values[0] + len(values)))
    return out


@pytest.mark.parametrize("block", [7, 64, 1 << 18])
def test_complete_reporters_block_by_block_equals_the_definition(monkeypatch, block):
    # The passes go a block of rows at a time; any block size gives the definition's answer,
    # for integer and float numbers, missing ones, rows without a reporter, shuffled rows and
    # numbers far apart (no int64 overflow).
    import fairness.logs as logs

    monkeypatch.setattr(logs, "BLOCK", block)
    rng = np.random.default_rng(4)
    for trial in range(60):
        n_reporters = int(rng.integers(1, 25))
        who, numbers = [], []
        for r in range(n_reporters):
            length = int(rng.integers(0, 40))
            base = int(rng.choice([1, 7, -3, 2**40, -2**62, 2**62]))
            mine = np.arange(base, base + length)
            change = int(rng.integers(0, 5))
            if change == 1 and length > 2:
                mine = np.delete(mine, length // 2)  # a gap
            elif change == 2 and length > 2:
                mine[1] = mine[0]  # a repeat
            elif change == 3 and length > 2:
                mine[-1] = int(rng.choice([mine[-1] + 1, -2**63, 2**63 - 1]))
            who += [r] * mine.size
            numbers += mine.tolist()
        order = rng.permutation(len(who))
        reporter = np.array(who, dtype=np.int16)[order]
        seq = np.array(numbers, dtype=np.int64)[order]
        if trial % 4 == 3 and seq.size:
            reporter[rng.integers(0, seq.size, 3)] = -1
        if trial % 3 == 0:
            column, literal = pd.array(seq, dtype="Int64"), seq
        else:
            literal = seq.astype(float)
            if literal.size:
                literal[rng.integers(0, literal.size, 2)] = (np.nan if trial % 3 == 1 else 0.5)
            column = pd.array(literal, dtype="Float64") if trial % 3 == 1 else literal
        spins = pd.DataFrame({"seq": column})
        for min_spins in (1, 5, 20):
            expected = _straightforward_complete(np.asarray(literal, dtype=float)
                                                 if trial % 3 else literal,
                                                 reporter, n_reporters, min_spins)
            with np.errstate(invalid="ignore"):  # floats past int64: cast as before
                got = complete_reporters(spins, reporter, n_reporters, min_spins)
            np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("in_order", [False, True])
@pytest.mark.parametrize("seq_kind", ["numbered", "gaps", "none"])
@pytest.mark.parametrize("categorical", [True, False])
def test_sequences_of_some_rows_equal_the_sequences_of_those_rows_taken_first(seq_kind,
                                                                              categorical,
                                                                              in_order):
    # With `rows`, the sample is taken from the code arrays; the answer must be that of the
    # table of those rows (times order the spins when the numbers do not).
    from fairness.logs import sequences_from_spins

    rng = np.random.default_rng(5)
    n = 3000
    reporter = rng.choice([f"r{i}" for i in range(40)] + [None], n)
    frame = pd.DataFrame({
        "outcome": pd.Categorical(rng.choice(WHEEL.labels, n), categories=WHEEL.labels),
        "reporter": pd.Categorical(reporter) if categorical else reporter.astype(object),
        "reported_at": pd.Series(pd.Timestamp("2026-01-01", tz="UTC")
                                 + pd.to_timedelta(rng.integers(0, 10**6, n), unit="s")),
    })
    if in_order:  # a log in time order (the usual big export): no times gathered
        frame["reported_at"] = frame["reported_at"].sort_values(ignore_index=True)
    else:
        frame.loc[rng.integers(0, n, 50), "reported_at"] = pd.NaT
    if seq_kind != "none":
        numbers = frame.groupby("reporter", observed=True, dropna=False).cumcount() + 1
        if seq_kind == "gaps":
            numbers = numbers * 2
        frame["seq"] = pd.array(numbers, dtype="Int64")
    rows = np.zeros(n, dtype=bool)
    rows[rng.choice(n, n // 3, replace=False)] = True
    for min_length in (1, 5):
        got = sequences_from_spins(frame, min_length=min_length, rows=rows)
        expected = sequences_from_spins(frame.iloc[np.flatnonzero(rows)], min_length=min_length)
        np.testing.assert_array_equal(got.codes, expected.codes)
        np.testing.assert_array_equal(got.lengths, expected.lengths)
        assert list(got.keys) == list(expected.keys)


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int64])
def test_reporter_codes_number_reporters_by_first_appearance(dtype, monkeypatch):
    # Against pandas: codes renumbered in order of first appearance (-1 stays missing), the
    # names in that order; codes already so numbered are used as they are. Small blocks, so
    # that the check of the numbering crosses block edges.
    import fairness.logs as logs

    monkeypatch.setattr(logs, "BLOCK", 3)
    rng = np.random.default_rng(8)
    for _ in range(400):
        names = [f"p{i}" for i in range(rng.integers(1, 6))]
        codes = rng.integers(-1, len(names), size=rng.integers(0, 25))
        # (-1 is missing: it keeps its code when the rest are numbered by appearance)
        appearance = pd.factorize(pd.array(np.where(codes < 0, None, codes), dtype="Int64"))[0]
        for numbered in (codes, appearance):
            numbered = numbered.astype(dtype)
            values = pd.Series(pd.Categorical.from_codes(
                numbered, categories=names[: max(int(numbered.max(initial=-1)) + 1, 1)]))
            for extra in ([], ["unused"]):  # a category of no row is no reporter
                values = values.cat.add_categories(extra)
                got, order = reporter_codes(values)
                seen = [v for v in pd.unique(values.dropna())]
                assert list(order) == seen
                assert [order[c] if c >= 0 else None for c in got] == [
                    None if pd.isna(v) else v for v in values]
                # numbered already, every category used: the codes themselves, no copy
                assert np.shares_memory(got, values.array.codes) == (
                    not extra and list(values.cat.categories) == seen)


def test_reporter_codes_at_the_top_of_the_small_code_types():
    # 126 reporters (int8 codes, the largest pandas gives them) and 32,766 (int16): the
    # running maximum's checks stay within the codes' own type.
    for n in (126, 32_766):
        codes = np.concatenate([np.arange(n), np.arange(n)[::-1]])
        values = pd.Series(pd.Categorical.from_codes(codes, categories=[f"p{i}" for i in
                                                                        range(n)]))
        assert values.array.codes.dtype == (np.int8 if n < 127 else np.int16)
        got, order = reporter_codes(values)
        assert np.shares_memory(got, values.array.codes) and len(order) == n
        backwards = np.concatenate([np.arange(n)[::-1], np.arange(n)])
        shuffled = pd.Series(pd.Categorical.from_codes(backwards, categories=list(order)))
        got, order = reporter_codes(shuffled)
        assert list(order) == [f"p{i}" for i in range(n - 1, -1, -1)]
        assert list(got[:3]) == [0, 1, 2]


def test_the_time_order_hint_gives_what_the_check_would():
    # sequences_from_spins(in_time_order=True) skips the check of the times: on a table in
    # that order (times rising, spins without a time last) it answers as without the hint.
    from fairness.logs import sequences_from_spins

    rng = np.random.default_rng(4)
    n = 400
    times = pd.Series(pd.Timestamp("2026-01-01", tz="UTC")
                      + pd.to_timedelta(np.sort(rng.integers(0, 10**6, n)), unit="s"))
    times[n - 30:] = pd.NaT
    frame = pd.DataFrame({
        "outcome": pd.Categorical(rng.choice(WHEEL.labels, n), categories=WHEEL.labels),
        "reporter": pd.Categorical(rng.choice([f"r{i}" for i in range(12)], n)),
        "reported_at": times})
    rows = rng.random(n) < 0.5
    for picked in (None, rows):
        hinted = sequences_from_spins(frame, rows=picked, in_time_order=True)
        checked = sequences_from_spins(frame, rows=picked)
        np.testing.assert_array_equal(hinted.codes, checked.codes)
        np.testing.assert_array_equal(hinted.lengths, checked.lengths)
