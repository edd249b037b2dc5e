"""Evidence and the canonical spins CSV: accounting adds up, errors are one line."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fairness import DataError, Evidence, ingest
from fairness.evidence import places
from fairness.logs import complete_reporters, group_codes, reporter_sequences
from tests.conftest import DATASETS


def group_codes_pair(spins):
    codes, names = group_codes(spins["reporter"])
    return codes, len(names)


def test_bundled_demo_reads_completely(cashback_game):
    ev = ingest(DATASETS / "spins" / "demo_cashback.csv", cashback_game)
    rows = len(pd.read_csv(DATASETS / "spins" / "demo_cashback.csv"))
    s = ev.summary
    assert s["read"] == rows == s["used"] + s["rejected"] + s["not_a_report"]
    assert ev.n_spins == rows and s["rejected"] == 0
    assert ev.counts().sum() == rows
    assert isinstance(ev.spins["reported_at"].dtype, pd.DatetimeTZDtype)
    assert str(ev.spins["reported_at"].dt.tz) == "UTC"
    # The file numbers no spins, so none are numbered (an invented seq would make every log
    # look complete); each reporter's sequence still follows time order.
    assert ev.spins["seq"].isna().all()
    reporter = ev.spins["reporter"].iloc[0]
    first = ev.spins[ev.spins["reporter"] == reporter].sort_values("reported_at", kind="stable")
    codes = reporter_sequences(ev.spins)[reporter]
    assert list(codes) == list(first["outcome"].cat.codes)
    assert not complete_reporters(ev.spins, *group_codes_pair(ev.spins)).any()


def test_unknown_and_empty_outcomes_are_rejected_with_reasons(tmp_path, cashback_game):
    path = tmp_path / "spins.csv"
    path.write_text("outcome,reporter,reported_at\n1%,a,2026-01-01\n 5 % ,b,2026-01-02\n"
                    "7%,c,2026-01-03\n,d,2026-01-04\n3%,e,yesterday\n", encoding="utf-8")
    ev = ingest(path, cashback_game)
    assert ev.summary["read"] == 5
    assert ev.summary["used"] == 2 and ev.summary["rejected"] == 3
    assert list(ev.spins["outcome"]) == ["1%", "5%"]
    reasons = dict(zip(places(ev.rejected), ev.rejected["reason"], strict=True))
    assert reasons[f"{path.name}:4"] == "unknown outcome"
    assert reasons[f"{path.name}:5"] == "empty outcome"
    assert reasons[f"{path.name}:6"] == "unreadable date"
    excerpts = dict(zip(places(ev.rejected), ev.rejected["excerpt"], strict=True))
    assert excerpts[f"{path.name}:4"].startswith("7%,")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "this is a PNG image"),
        (b"\x00\x01\x02\x03binary\x00\x00\x01\x00\x00\x00\x07", "binary file"),
        (b"date,user\n2026-01-01,a\n", "no column of outcomes found"),
    ],
)
def test_bad_files_give_one_line_errors(tmp_path, cashback_game, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(DataError) as info:
        ingest(path, cashback_game)
    assert message in str(info.value) and path.name in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_file(tmp_path, cashback_game):
    with pytest.raises(DataError, match="file not found"):
        ingest(tmp_path / "nope.csv", cashback_game)


def test_from_counts_and_validation(cashback_game):
    ev = Evidence.from_counts(cashback_game, {"1%": 70, "3%": 20, "100%": 1})
    np.testing.assert_array_equal(ev.counts(), [70, 20, 0, 0, 1])
    assert ev.n_spins == 91 and len(ev.spins) == 0
    with pytest.raises(DataError, match="unknown outcome '7%'"):
        Evidence.from_counts(cashback_game, {"7%": 1})
    with pytest.raises(DataError, match="whole number"):
        Evidence.from_counts(cashback_game, {"1%": -1})


def test_from_outcomes_orders_codes(cashback_game):
    ev = Evidence.from_outcomes(cashback_game, ["3%", "1%", "100%"])
    np.testing.assert_array_equal(ev.ordered_codes(), [1, 0, 4])
    with pytest.raises(DataError):
        Evidence.from_outcomes(cashback_game, ["2%"])


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_give_evidence_or_a_data_error(tmp_path, cashback_game, content):
    path = tmp_path / "fuzz.csv"
    path.write_bytes(content)
    try:
        ev = ingest(path, cashback_game)
    except DataError as exc:
        assert "\n" not in str(exc)
    else:
        s = ev.summary
        assert s["read"] == s["used"] + s["rejected"] + s["not_a_report"]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=st.sampled_from(list('outcome,1%35 10\n"x;é')), max_size=200))
def test_csv_like_text_never_loses_a_row(tmp_path, cashback_game, content):
    path = tmp_path / "fuzz.csv"
    path.write_text("outcome,reporter\n" + content, encoding="utf-8")
    try:
        ev = ingest(path, cashback_game)
    except DataError:
        return
    s = ev.summary
    assert s["read"] == s["used"] + s["rejected"] + s["not_a_report"]
    assert s["used"] == len(ev.spins) and s["rejected"] == len(ev.rejected)


def test_ingest_rejects_a_seq_that_is_not_a_whole_number(tmp_path):
    # As the table reader does: 1.5, -1 and Infinity are rejected rows, not a crash.
    from fairness import ingest, load_game
    from tests.conftest import DATASETS

    game = load_game(DATASETS / "games" / "cashback_wheel.toml")
    path = tmp_path / "spins.csv"
    path.write_text("outcome,reporter,seq\n1%,a,1\n3%,a,1.5\n5%,b,Infinity\n1%,b,-1\n3%,b,2\n",
                    encoding="utf-8")
    evidence = ingest(path, game)
    assert evidence.summary["read"] == 5 and evidence.summary["used"] == 2
    assert evidence.summary["rejected"] == 3
    assert list(evidence.rejected["reason"]) == ["unreadable seq"] * 3
    assert places(evidence.rejected) == [f"{path.name}:{line}" for line in (3, 4, 5)]


def test_with_source_names_renames_the_sources_and_keeps_everything_else(cashback_game, tmp_path):
    path = tmp_path / "spins.csv"
    path.write_text("outcome,reporter\n1%,a\n3%,b\nxx,c\n", encoding="utf-8")
    evidence = ingest(path, cashback_game, secret="k")
    renamed = evidence.with_source_names({str(path): "spins.csv", "unused": "x"})
    for before, after in ((evidence.spins, renamed.spins), (evidence.rejected, renamed.rejected)):
        assert set(after["source"].astype(str)) == {"spins.csv"}
        pd.testing.assert_frame_equal(before.drop(columns="source"),
                                      after.drop(columns="source"))
    assert renamed.summary == evidence.summary and renamed.source == "spins.csv"
    with pytest.raises(TypeError, match="names must be a mapping"):
        evidence.with_source_names(["spins.csv"])


@pytest.mark.parametrize("categorical", [True, False])
def test_reporter_count_and_period_skip_missing_values(categorical):
    # Counted from the codes for a categorical (unused categories and missing rows are no
    # reporters); the same answer as nunique on plain text.
    reporters = ["r-a", None, "r-b", "r-a", None]
    column = pd.Categorical(reporters, categories=["r-z", "r-a", "r-b", "r-y"]) \
        if categorical else reporters
    times = pd.to_datetime([None, "2026-03-02 10:00", "2026-03-01 09:00", None,
                            "2026-03-05 12:30"], utc=True)
    ev = Evidence(labels=("a", "b"), tallies=pd.DataFrame(), rejected=pd.DataFrame(),
                  spins=pd.DataFrame({"outcome": ["a", "b", "a", "a", "b"],
                                      "reporter": column, "reported_at": times}))
    assert ev.n_reporters == 2
    assert ev.period == (pd.Timestamp("2026-03-01 09:00", tz="UTC"),
                         pd.Timestamp("2026-03-05 12:30", tz="UTC"))
    none = Evidence(labels=("a",), tallies=pd.DataFrame(), rejected=pd.DataFrame(),
                    spins=pd.DataFrame({"outcome": ["a"], "reporter": pd.Categorical([None]),
                                        "reported_at": pd.to_datetime([None], utc=True)}))
    assert none.n_reporters == 0 and none.period == (None, None)


@pytest.mark.parametrize("unit", ["s", "ns"])
def test_one_pass_over_the_times_answers_as_pandas_would(unit, monkeypatch):
    # time_order, n_timed and period come from one pass over the times, a block at a time
    # (small blocks here, so that runs, steps back and missing times cross their edges):
    # against pandas' sort, count and min/max.
    import fairness.evidence as evidence_module

    monkeypatch.setattr(evidence_module, "BLOCK", 4)
    rng = np.random.default_rng(21)
    for _ in range(300):
        n = int(rng.integers(0, 15))
        seconds = np.sort(rng.integers(0, 50, n)) if rng.random() < 0.5 else \
            rng.integers(0, 50, n)
        times = pd.Series(pd.to_datetime(seconds, unit="s", utc=True)).dt.as_unit(unit)
        gaps = int(rng.integers(0, 3))
        if gaps and n:
            at = rng.choice(n, gaps) if rng.random() < 0.5 else np.arange(n - min(gaps, n), n)
            times[at] = pd.NaT
        ev = Evidence(labels=("a",), tallies=pd.DataFrame(), rejected=pd.DataFrame(),
                      spins=pd.DataFrame({"outcome": ["a"] * n, "reported_at": times}))
        missing = times.isna().to_numpy()
        ints = times.to_numpy(dtype=f"datetime64[{unit}]").view(np.int64)
        expected = np.lexsort((np.arange(n), np.where(missing, 0, ints), missing))
        order = ev.time_order
        got = np.arange(n) if order is None else order
        np.testing.assert_array_equal(got, expected)
        assert (order is None) == bool(np.all(expected == np.arange(n)))
        assert ev.n_timed == int(times.notna().sum())
        first, last = times.min(), times.max()
        assert ev.period == ((None, None) if pd.isna(first) else (first, last))


def test_value_is_nullable_floats_and_the_callers_numbers_are_not_shared():
    # Float64 like seq and item are Int64: text and NaN become <NA>; an absent column is all
    # <NA> (its zeros never written); the caller's array is copied, not wrapped.
    given = np.array([1.5, np.nan, 3.0])
    ev = Evidence(labels=("a",), tallies=pd.DataFrame(), rejected=pd.DataFrame(),
                  spins=pd.DataFrame({"outcome": ["a"] * 3, "value": given}))
    value = ev.spins["value"]
    assert str(value.dtype) == "Float64"
    assert value.isna().tolist() == [False, True, False] and value.sum() == 4.5
    given[0] = 99.0
    assert value[0] == 1.5  # a copy
    text = Evidence(labels=("a",), tallies=pd.DataFrame(), rejected=pd.DataFrame(),
                    spins=pd.DataFrame({"outcome": ["a"] * 3, "value": ["2", "x", None]}))
    assert text.spins["value"].isna().tolist() == [False, True, True]
    absent = Evidence(labels=("a",), tallies=pd.DataFrame(), rejected=pd.DataFrame(),
                      spins=pd.DataFrame({"outcome": ["a"] * 4}))
    assert str(absent.spins["value"].dtype) == "Float64" and absent.spins["value"].isna().all()


def test_a_callers_float64_values_stay_the_callers():
    # A Float64 column is kept as the caller's Series (pandas then copies on a later write,
    # so neither side sees the other's change); NaN held as a number is missing too.
    frame = pd.DataFrame({"outcome": ["a"] * 3,
                          "value": pd.array([1.0, None, 2.0], dtype="Float64")})
    ev = Evidence(labels=("a",), tallies=pd.DataFrame(), rejected=pd.DataFrame(), spins=frame)
    frame.loc[0, "value"] = 9.0
    assert ev.spins["value"].tolist()[0] == 1.0
    ev.spins.loc[2, "value"] = 7.0
    assert frame["value"].tolist()[2] == 2.0
    nan_inside = pd.arrays.FloatingArray(np.array([1.0, np.nan]), np.array([False, False]))
    ev = Evidence(labels=("a",), tallies=pd.DataFrame(), rejected=pd.DataFrame(),
                  spins=pd.DataFrame({"outcome": ["a", "a"], "value": nan_inside}))
    assert ev.spins["value"].isna().tolist() == [False, True]
