"""The columnar fast path for plain spins CSVs gives exactly what the careful readers give."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from fairness import DataError, ingest
from fairness.evidence import Evidence, places
from fairness.logs import cumcount, sequences_from_spins
from fairness.reading import fastcsv
from fairness.reading.privacy import Pseudonymizer
from fairness.reading.tables import read_table
from fairness.report.csv import safe_csv
from fairness.spec import Game


@pytest.fixture
def game() -> Game:
    return Game.from_dict({"name": "Колесо", "outcomes": [
        {"label": "0.5%", "probability": 0.10},
        {"label": "5%", "probability": 0.20},
        {"label": "10%", "probability": 0.05, "patterns": ["десять"]},
        {"label": "ничего", "remainder": True},
    ]})


READERS = {
    "read_table": lambda path, game: read_table(path, game, pseudonymize=Pseudonymizer(b"k")),
    "ingest": lambda path, game: ingest(path, game, secret="k"),
}


def read_both(reader, path, game, monkeypatch) -> tuple[Evidence, Evidence, list]:
    """(fast, careful) Evidence of one file, and what the fast path's parser returned."""
    parsed = []
    real = fastcsv.read_plain

    def spy(*args, **kwargs):
        parsed.append(real(*args, **kwargs))
        return parsed[-1]

    def read(threshold, plain=real):
        with monkeypatch.context() as m:
            m.setattr(fastcsv, "FAST_MIN_BYTES", threshold)
            m.setattr(fastcsv, "read_plain", plain)
            try:
                return READERS[reader](path, game)
            except DataError as exc:  # a user mistake: both readers must say the same
                return exc

    return read(0, spy), read(1 << 60), parsed


def assert_same(fast: Evidence | DataError, careful: Evidence | DataError) -> None:
    if isinstance(careful, DataError):
        assert isinstance(fast, DataError) and str(fast) == str(careful)
        return
    pd.testing.assert_frame_equal(fast.spins, careful.spins)
    pd.testing.assert_frame_equal(fast.tallies, careful.tallies)
    pd.testing.assert_frame_equal(fast.rejected, careful.rejected)
    assert fast.summary == careful.summary
    s = fast.summary
    assert s["read"] == s["used"] + s["rejected"] + s["not_a_report"]


HEADER = "reported_at,reporter,outcome"
FILES = {
    "rejects": HEADER + "\n" + "\n".join([
        "2026-01-05T10:00:00Z,r-1,5%",
        "2026-01-05T10:01:00Z,r-2, 5 % ",
        "2026-01-05T10:02:00Z,r-1,нечто",
        "2026-01-05T10:03:00Z,r-3,",
        "2026-01-05T10:04:00Z,,ничего",
        "2026-01-05T10:05:00Z,r-2,Ничего",
        "2026-01-05T10:06:00Z,r-4,десять",
    ]) + "\n",
    "blank lines, CRLF": ("reported_at,reporter,outcome\r\n2026-01-05T10:00:00Z,r-1,5%\r\n\r\n"
                          ",,\r\n2026-01-05T09:00:00Z,r-2,10%\r\n\r\n"),
    "blank line at the end, no final newline": (HEADER + "\n2026-01-05T10:00:00Z,r-1,5%\n\n"
                                                "2026-01-05T10:01:00Z,r-1,10%"),
    "offsets and fractions": HEADER + "\n" + "\n".join([
        "2026-01-05T10:00:00+03:00,r-1,5%",
        "2026-01-05T10:00:00.250Z,r-2,5%",
        "2026-01-05T06:59:00Z,r-1,10%",
        ",r-2,ничего",
        "1980-01-01T00:00:00Z,r-3,5%",
    ]) + "\n",
    "naive times": HEADER + "\n" + "\n".join([
        "2026-01-05 10:00:00,r-1,5%", "2026-01-05,r-2,5%", "2026-01-04 23:00,r-1,ничего",
    ]) + "\n",
    "odd times (read as text)": HEADER + "\n" + "\n".join([
        "2026-01-05T10:00:00Z,r-1,5%", "2026-01-05 11:00,r-2,5%", "yesterday,r-1,ничего",
        " 2026-01-05T12:00:00Z ,r-3,10%", "2026-01-05T10:00:00.1234567Z,r-1,5%",
    ]) + "\n",
    "BOM, extra columns, segment, value, seq, source": (
        "\ufeffOutcome , reporter,segment,value,comment,seq,source,reported_at\n"
        "5%,r-1,new,1.5,hello,1,,2026-01-05T10:00:00Z\n"
        "10%,r-2,old,abc,,2,given:7,2026-01-05T10:01:00Z\n"
        "ничего,r-1, new ,,x,3,,2026-01-05T10:02:00Z\n"
        "xx,r-3,,2,note @someone,4,,2026-01-05T10:03:00Z\n"
        "5%,r-3,,2.5,,x,,2026-01-05T10:04:00Z\n"
    ),
    "outcome only": "outcome\n5%\n\n10%\n  \nничего\nxx\n",
    "numbers": "outcome,value,seq\n5%,1.5,1\n5%,,2\n10%,-2e3,3\n5%,.5,4\n5%,+5,5\n5%,inf,6\n",
    "numbers read as text": "outcome,value,seq\n5%,1.5,1\n5%, 7 ,2\n10%,nan,3\n5%,12 руб,x\n",
}


@pytest.mark.parametrize("reader", list(READERS))
@pytest.mark.parametrize("case", list(FILES))
def test_fast_path_gives_the_careful_result(tmp_path, game, monkeypatch, reader, case):
    path = tmp_path / "spins.csv"
    path.write_text(FILES[case], encoding="utf-8", newline="")
    fast, careful, parsed = read_both(reader, path, game, monkeypatch)
    assert parsed and parsed[0] is not None, "the fast path was not taken"
    assert_same(fast, careful)


@pytest.mark.parametrize("reader", list(READERS))
@pytest.mark.parametrize("content", [
    HEADER + '\n2026-01-05T10:00:00Z,"r-1",5%\n',  # quotes
    HEADER + "\n2026-01-05T10:00:00Z,r-1,5%\n2026-01-05T10:00:00Z,r-1,0,5%\n",  # ragged
    HEADER + "\n2026-01-05T10:00:00Z,r-1,5%\n   \n",  # a line of spaces
    "reported_at;reporter;outcome\n2026-01-05T10:00:00Z;r-1;5%\n",  # another separator
])
def test_files_that_are_not_plain_fall_back(tmp_path, game, monkeypatch, reader, content):
    path = tmp_path / "spins.csv"
    path.write_bytes(content.encode("utf-8"))
    fast, careful, parsed = read_both(reader, path, game, monkeypatch)
    assert not parsed or parsed[0] is None  # the careful reader read it
    assert_same(fast, careful)


def test_other_encodings_and_headers_fall_back(tmp_path, game, monkeypatch):
    cp1251 = tmp_path / "cp1251.csv"
    cp1251.write_bytes("outcome,reporter\nничего,Маша\n5%,Вася\n".encode("cp1251"))
    russian = tmp_path / "russian.csv"
    russian.write_text("Результат,Дата\n5%,05.01.2026 10:00\n", encoding="utf-8")
    for path in (cp1251, russian):
        fast, careful, parsed = read_both("ingest", path, game, monkeypatch)
        assert not parsed or parsed[0] is None
        assert_same(fast, careful)


def test_provenance_is_source_and_item_columns(tmp_path, game, monkeypatch):
    path = tmp_path / "spins.csv"
    path.write_text("outcome,source,item,reporter\n5%,,,r-1\n10%,given,7,r-2\nxx,,,r-1\n"
                    "5%,,,r-3\n", encoding="utf-8")
    monkeypatch.setattr(fastcsv, "FAST_MIN_BYTES", 0)
    for evidence in (ingest(path, game, secret="k"),):
        assert isinstance(evidence.spins["source"].dtype, pd.CategoricalDtype)
        assert str(evidence.spins["item"].dtype) == "Int64"
        # sources are file names, never the folder a file was read from
        assert places(evidence.spins) == ["spins.csv:2", "given:7", "spins.csv:5"]
        assert places(evidence.rejected) == ["spins.csv:4"]
        exported = pd.read_csv(io.StringIO(safe_csv(evidence.spins)))
        assert exported["source"].tolist() == evidence.spins["source"].astype(str).tolist()
        assert exported["item"].tolist() == [2, 7, 5]



@pytest.mark.parametrize("n_reporters", [10, 40_000, 70_000])
@pytest.mark.parametrize("in_order", [True, False])
def test_reporter_sequences_match_a_sort_and_groupby(n_reporters, in_order):
    # Each reporter's spins in time order (missing times last, then input order), against
    # pandas' sort and groupby; both the no-sort path (times in order) and the sort.
    rng = np.random.default_rng(1)
    n = 200_000
    codes = rng.integers(-1, n_reporters, n)
    reporter = pd.Categorical.from_codes(codes, [f"r{i}" for i in range(n_reporters)])
    seconds = np.sort(rng.integers(0, 10**6, n)) if in_order else rng.integers(0, 10**6, n)
    times = pd.Series(pd.to_datetime(seconds, unit="s", utc=True))
    if not in_order:
        times[rng.random(n) < 0.01] = pd.NaT
    outcome = pd.Categorical.from_codes(rng.integers(0, 5, n), list("abcde"))
    spins = pd.DataFrame({"outcome": outcome, "reporter": reporter, "reported_at": times,
                          "seq": pd.array([pd.NA] * n, dtype="Int64")})
    known = spins[spins["reporter"].notna()].assign(late=times.isna())
    ordered = known.sort_values(["late", "reported_at"], kind="stable")
    got = sequences_from_spins(spins)
    expected = {name: group["outcome"].cat.codes.tolist()
                for name, group in ordered.groupby("reporter", observed=True, sort=True)}
    assert dict(zip(got.keys, (list(c) for c in got.arrays()), strict=True)) == expected


def _log_file(path, rows: list[str], copies: int) -> None:
    """A log of ``copies`` ordinary rows, then ``rows``."""
    body = "\n".join(f"2026-01-05T10:{i % 60:02d}:00Z,r-{i % 7},5%" for i in range(copies))
    path.write_text(HEADER + "\n" + body + "\n" + "\n".join(rows) + "\n", encoding="utf-8")


@pytest.mark.parametrize("reader", list(READERS))
@pytest.mark.parametrize("edge", [
    "2300-01-01T00:00:00Z,r-1,5%",  # after the last nanosecond time (2262)
    "1500-06-01T12:00:00Z,r-2,10%",  # before the first (1677)
    "2150-01-01T00:00:00.1234567Z,r-3,5%",  # a fraction finer than microseconds
    ",r-4,5%",  # no time
])
def test_times_at_the_edges_of_a_log(tmp_path, game, monkeypatch, reader, edge):
    path = tmp_path / "spins.csv"
    _log_file(path, [edge], 2_000)
    fast, careful, parsed = read_both(reader, path, game, monkeypatch)
    assert parsed and parsed[0] is not None
    assert_same(fast, careful)
    if not isinstance(fast, DataError) and fast.spins["reported_at"].notna().all():
        assert fast.spins["reported_at"].dt.unit == "ns"


def test_arrow_columns_of_several_chunks():
    import pyarrow as pa

    stamps = pa.chunked_array([pa.array([1, None, 3], pa.timestamp("us")).slice(1),
                               pa.array([None, 5_000_000], pa.timestamp("us", tz="UTC"))
                               .cast(pa.timestamp("us"))])
    times = fastcsv.utc_times(stamps)
    assert str(times.dtype) == "datetime64[ns, UTC]"
    assert list(times.asi8[[1, 3]]) == [3_000, 5_000_000_000]
    assert pd.isna(times[0]) and pd.isna(times[2])
    words = pa.chunked_array([pa.array(["b", "a", None, "b"]).dictionary_encode().slice(1),
                              pa.array(["c", "a"]).dictionary_encode()])
    got = pd.Series(fastcsv._categorical(words))
    assert got.tolist()[:1] == ["a"] and pd.isna(got[1])
    assert got.tolist()[2:] == ["b", "c", "a"]
    assert got.array.codes.dtype == np.int8


@pytest.mark.parametrize("n_groups", [1, 300, 70_000])
def test_seq_counter_equals_pandas_cumcount(n_groups):
    # The chunked running count per group against pandas' own.
    codes = np.random.default_rng(3).integers(0, n_groups, 300_000)
    expected = pd.Series(codes).groupby(codes).cumcount().to_numpy() + 1
    for dtype in (np.int8, np.int16, np.int32, np.intp):
        if n_groups <= np.iinfo(dtype).max:
            assert (cumcount(codes.astype(dtype), n_groups) == expected).all()


def test_columns_grow_past_the_estimate_and_widen_their_codes():
    # The block reader writes into arrays sized by an estimate of the rows: they grow when
    # it is exceeded, and the codes widen (int8 -> int16) when the categories pass 126.
    import pyarrow as pa

    words = [f"w{i}" for i in range(300)]
    chunks = [pa.array([*words[:100], None]).dictionary_encode(),
              pa.array(words[50:300] + words[:10]).dictionary_encode()]
    codes = fastcsv._Codes(capacity=1)
    for chunk in chunks:
        codes.add(chunk)
    got = codes.result()
    assert got.codes.dtype == np.int16
    expected = [*words[:100], None, *words[50:300], *words[:10]]
    assert [None if pd.isna(v) else v for v in got] == expected
    assert list(got.categories) == words  # in order of first appearance
    times = fastcsv._Times(capacity=1)
    for chunk in (pa.array([1, None], pa.timestamp("us")), pa.array([7], pa.timestamp("us"))):
        times.add(chunk)
    assert list(times.result().asi8[[0, 2]]) == [1_000, 7_000] and pd.isna(times.result()[1])
    assert (times.low, times.high) == (1, 7)


@pytest.mark.parametrize("reader", list(READERS))
def test_reading_beyond_the_estimated_rows(tmp_path, game, monkeypatch, reader):
    path = tmp_path / "spins.csv"
    path.write_text(FILES["rejects"], encoding="utf-8")
    monkeypatch.setattr(fastcsv, "_rows_in", lambda path, head: 1)
    fast, careful, parsed = read_both(reader, path, game, monkeypatch)
    assert parsed and parsed[0] is not None
    assert_same(fast, careful)


@pytest.mark.parametrize("case", ["rejects", "blank lines, CRLF",
                                  "blank line at the end, no final newline",
                                  "BOM, extra columns, segment, value, seq, source",
                                  "numbers read as text", "outcome only"])
def test_reading_in_two_halves_at_every_line(tmp_path, game, monkeypatch, case):
    # A big file is read as two halves at once: wherever the second half starts, the
    # Evidence is the careful reader's.
    path = tmp_path / "spins.csv"
    path.write_text(FILES[case], encoding="utf-8", newline="")
    raw = path.read_bytes()
    header_end = raw.index(b"\n") + 1
    starts = [i + 1 for i in range(header_end, len(raw)) if raw[i: i + 1] == b"\n"]
    monkeypatch.setattr(fastcsv, "SPLIT_MIN_BYTES", 0)
    careful = None
    for start in [header_end, *starts[:-1]] if starts else [header_end]:
        monkeypatch.setattr(fastcsv, "_split_point", lambda path, start=start: start)
        fast, careful, parsed = read_both("ingest", path, game, monkeypatch)
        assert parsed and parsed[0] is not None
        assert_same(fast, careful)


def test_columns_of_two_halves_join(tmp_path):
    import pyarrow as pa

    first, second = fastcsv._Codes(capacity=1), fastcsv._Codes(capacity=1)
    first.add(pa.array(["a", None, "b"]).dictionary_encode())
    second.add(pa.array([f"w{i}" for i in range(200)] + [None, "a"]).dictionary_encode())
    first.extend(second)
    got = [None if pd.isna(v) else v for v in first.result()]
    assert got == ["a", None, "b", *[f"w{i}" for i in range(200)], None, "a"]
    assert first.result().codes.dtype == np.int16


@pytest.mark.parametrize("all_present", [False, True])
def test_categorical_in_order_of_first_appearance_against_pandas(all_present):
    # categorical(sort=False) against pandas' own: the values row by row; the categories in
    # the entries' order (the order of first appearance when the codes number the cells so),
    # absent and missing entries left out, equal entries merged (two names written
    # differently get one pseudonym).
    rng = np.random.default_rng(11)
    for _ in range(300):
        entries = np.array(rng.choice(["a", "b", "c", None], size=rng.integers(1, 7)),
                           dtype=object)
        codes = rng.integers(0, len(entries), size=rng.integers(0, 40)).astype(np.int8)
        if all_present:
            codes = np.concatenate([np.arange(len(entries), dtype=np.int8), codes])
        got = fastcsv.categorical(codes, entries, sort=False, all_present=all_present)
        values = pd.Series(entries[codes], dtype=object)
        assert [None if pd.isna(v) else v for v in got] == values.tolist()
        present = [entries[i] for i in sorted(set(codes)) if entries[i] is not None]
        assert list(got.categories) == list(dict.fromkeys(present))
        # numbered as the readers number cells: by first appearance
        numbered, cells = pd.factorize(entries[codes], use_na_sentinel=False)
        cells = np.array([None if pd.isna(c) else c for c in cells], dtype=object)
        got = fastcsv.categorical(numbered.astype(np.int8), cells, sort=False)
        assert list(got.categories) == list(pd.unique(values.dropna()))


def test_categorical_keeps_codes_that_are_its_own():
    # Distinct entries, every one present, codes of pandas' type: the Categorical takes the
    # codes as they are (ten million rows are not gathered again); otherwise a new array.
    codes = np.array([0, 1, 0, 2, 1], dtype=np.int8)
    entries = np.array(["x", "y", "z"], dtype=object)
    own = fastcsv.categorical(codes, entries, sort=False, all_present=True)
    assert np.shares_memory(own.codes, codes) and list(own.categories) == ["x", "y", "z"]
    for other in (np.array(["x", "y", "x"], dtype=object), np.array(["x", None, "z"], object)):
        got = fastcsv.categorical(codes, other, sort=False, all_present=True)
        assert not np.shares_memory(got.codes, codes)
        assert [None if pd.isna(v) else v for v in got] == list(other[codes])
    assert list(fastcsv.categorical(codes, entries[::-1].copy()).categories) == ["x", "y", "z"]


@pytest.mark.parametrize("threshold", [0, 1 << 60])  # the fast path, the careful one
def test_reporters_are_numbered_in_the_files_order_in_every_reading(tmp_path, game,
                                                                    monkeypatch, threshold):
    # Pseudonyms are keyed afresh for each reading; the reporters' numbering (the categories'
    # order) is the file's, so two readings number them alike and the analysis can use the
    # codes as they are.
    from fairness.logs import reporter_codes

    path = tmp_path / "spins.csv"
    rows = [f"2026-01-05T10:{i // 60:02d}:{i % 60:02d}Z,r-{(7 * i) % 13},5%" for i in range(60)]
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    monkeypatch.setattr(fastcsv, "FAST_MIN_BYTES", threshold)
    first, second = (ingest(path, game) for _ in range(2))
    a, b = first.spins["reporter"], second.spins["reporter"]
    assert list(a.cat.categories) != list(b.cat.categories)  # other keys
    np.testing.assert_array_equal(a.cat.codes, b.cat.codes)
    np.testing.assert_array_equal(a.cat.codes, pd.factorize(a)[0])  # first appearance
    codes, names = reporter_codes(a)
    np.testing.assert_array_equal(codes, a.cat.codes)
    assert list(names) == list(a.cat.categories)
