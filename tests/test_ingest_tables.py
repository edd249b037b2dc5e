"""read_table: CSV/TSV/TXT, Excel and Parquet tables as people make them."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fairness.errors import DataError
from fairness.evidence import places
from fairness.logs import reporter_sequences
from fairness.reading import grid
from fairness.reading.privacy import Pseudonymizer
from fairness.reading.tables import REJECT_REASONS, read_table
from fairness.spec import Game

NAMES = ("Вася Пупкин", "Petya_2000", "Маша")


@pytest.fixture
def game() -> Game:
    return Game.from_dict(
        {
            "name": "Колесо",
            "outcomes": [
                {"label": "0.5%", "probability": 0.10},
                {"label": "5%", "probability": 0.20},
                {"label": "10%", "probability": 0.05},
                {"label": "ничего", "remainder": True},
            ],
        }
    )


def check_accounting(evidence) -> None:
    s = evidence.summary
    assert s["read"] == s["used"] + s["rejected"] + s["not_a_report"]
    assert s["rejected"] == len(evidence.rejected) == sum(s["rejected_by_reason"].values())
    assert s["spins"] == len(evidence.spins)
    assert s["tally_spins"] == int(evidence.tallies["count"].sum())
    assert s["used"] == len(evidence.spins) + len(evidence.tallies)
    assert set(s["rejected_by_reason"]) <= set(REJECT_REASONS)


def all_text(evidence) -> str:
    parts = [str(evidence.summary)]
    for frame in (evidence.spins, evidence.tallies, evidence.rejected):
        parts.extend(str(v) for v in frame.astype(object).to_numpy().ravel())
    return "\n".join(parts)


def check_no_names(evidence, names=NAMES) -> None:
    # Pseudonyms (eight random hex digits) and file paths (pytest's numbered temporary
    # folders) contain short ids such as "101" by chance: about 1 run in 100 failed before.
    text = re.sub(r"r-[0-9a-f]{16}|\S*/", " ", all_text(evidence).casefold())
    for name in names:
        assert name.casefold() not in text


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# ---------------------------------------------------------------------------------------------
# the "just works" case

RUSSIAN_CSV = (
    "Дата;Результат;Пользователь;Сумма;Группа\n"
    "05.01.2026 10:00;5%;Вася Пупкин;12,5;новый\n"
    "05.01.2026 11:30;0,5 %;Маша;1,25;старый\n"
    "06.01.2026;ничего;Вася Пупкин;0;новый\n"
    ";;;;\n"
    "07.01.2026 09:15;10%;Petya_2000;1 000,5;старый\n"
)


def test_cp1251_semicolon_russian_headers_decimal_commas(tmp_path, game):
    path = write(tmp_path, "spins.csv", RUSSIAN_CSV, "cp1251")
    evidence = read_table(path, game)
    check_accounting(evidence)
    check_no_names(evidence)
    spins = evidence.spins
    assert spins["outcome"].tolist() == ["5%", "0.5%", "ничего", "10%"]
    assert spins["value"].tolist() == [12.5, 1.25, 0.0, 1000.5]
    assert spins["segment"].tolist() == ["новый", "старый", "новый", "старый"]
    assert spins["reported_at"].tolist() == [
        pd.Timestamp("2026-01-05 10:00", tz="UTC"),
        pd.Timestamp("2026-01-05 11:30", tz="UTC"),
        pd.Timestamp("2026-01-06", tz="UTC"),
        pd.Timestamp("2026-01-07 09:15", tz="UTC"),
    ]
    assert places(spins) == [f"{path.name}:{line}" for line in (2, 3, 4, 6)]
    # the same person has the same pseudonym; different people differ
    reporters = spins["reporter"].tolist()
    assert reporters[0] == reporters[2] and len(set(reporters)) == 3
    assert all(r.startswith("r-") for r in reporters)
    assert spins["seq"].isna().all()  # the file numbers no spins: none are invented
    # each reporter's spins in time order: the repeated reporter's two spins, 5% then ничего
    labels = spins["outcome"].cat.categories
    assert [labels[c] for c in reporter_sequences(spins)[reporters[0]]] == ["5%", "ничего"]
    assert evidence.summary["not_a_report"] == 1 and evidence.summary["read"] == 5


def test_same_pseudonymizer_links_files(tmp_path, game):
    first = write(tmp_path, "a.csv", "outcome,user\n5%,Маша\n")
    second = write(tmp_path, "b.csv", "результат;ник\nничего;Маша\n")
    pseudonymize = Pseudonymizer(b"secret")
    a = read_table(first, game, pseudonymize=pseudonymize)
    b = read_table(second, game, pseudonymize=pseudonymize)
    assert a.spins["reporter"][0] == b.spins["reporter"][0] == pseudonymize("Маша")


# ---------------------------------------------------------------------------------------------
# encodings and separators


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_tsv(tmp_path, game, encoding):
    text = "дата\tприз\tник\n2026-01-05T10:00:00+03:00\t5%\tМаша\n2026-01-05\tпусто\tМаша\n"
    path = write(tmp_path, "spins.tsv", text, encoding)  # "utf-16" writes a BOM
    evidence = read_table(path, game)
    check_accounting(evidence)
    check_no_names(evidence)
    assert evidence.spins["outcome"].tolist() == ["5%", "ничего"]
    assert evidence.spins["reported_at"][0] == pd.Timestamp("2026-01-05 07:00", tz="UTC")


def test_utf8_bom_comma_with_quoted_fields(tmp_path, game):
    text = (
        "outcome,reporter,comment\n"
        '5%,"Маша","один; два, три"\n'
        '"ничего","Petya_2000","a\nmulti-line note"\n'
        'нечто,"Маша",x\n'
    )
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    evidence = read_table(path, game)
    check_accounting(evidence)
    check_no_names(evidence)
    assert evidence.spins["outcome"].tolist() == ["5%", "ничего"]
    # the multi-line record starts on line 3, so the next record is on line 5
    assert places(evidence.rejected) == [f"{path.name}:5"]
    assert evidence.rejected["reason"].tolist() == ["unknown outcome"]


def test_explicit_encoding_and_sep(tmp_path, game):
    path = write(tmp_path, "odd.txt", "приз|ник\n5%|Маша\n", "koi8_r")
    evidence = read_table(path, game, encoding="koi8_r", sep="|")
    assert evidence.spins["outcome"].tolist() == ["5%"]
    with pytest.raises(DataError, match="not valid utf-8"):
        read_table(write(tmp_path, "bad.csv", "приз\n5%\n", "cp1251"), game, encoding="utf-8")
    with pytest.raises(ValueError, match="encoding"):
        read_table(path, game, encoding="no-such-codec")
    with pytest.raises(ValueError, match="sep"):
        read_table(path, game, sep=";;")


def test_koi8_detected(tmp_path, game):
    text = "Результат;Пользователь\n5%;Маша\nничего;Маша\n"
    evidence = read_table(write(tmp_path, "k.csv", text, "koi8_r"), game)
    assert evidence.spins["outcome"].tolist() == ["5%", "ничего"]


def test_title_line_and_blank_lines_keep_line_numbers(tmp_path, game):
    text = "Спины за январь\n\nРезультат,Ник\n5%,Маша\n\n\nничего,Маша\nxx,Маша\n"
    path = write(tmp_path, "t.csv", text)
    evidence = read_table(path, game)
    check_accounting(evidence)
    assert places(evidence.spins) == [f"{path.name}:4", f"{path.name}:7"]
    assert places(evidence.rejected) == [f"{path.name}:8"]
    assert evidence.summary["not_a_report"] == 2


def test_pyarrow_path_gives_the_same_result(tmp_path, game, monkeypatch):
    rows = ["outcome,reported_at,reporter,value"] + [
        f"{label},2026-01-{1 + i % 28:02d}T10:00:00Z,user{i % 7},{i % 3}"
        for i, label in enumerate(["5%", "ничего", "0.5%", "zz", "10%", ""] * 50)
    ]
    path = write(tmp_path, "plain.csv", "\n".join(rows) + "\n")
    slow = read_table(path, game, pseudonymize=Pseudonymizer(b"k"))
    monkeypatch.setattr(grid, "_PYARROW_MIN_BYTES", 0)
    fast = read_table(path, game, pseudonymize=Pseudonymizer(b"k"))
    check_accounting(fast)
    pd.testing.assert_frame_equal(slow.spins, fast.spins)
    pd.testing.assert_frame_equal(slow.rejected, fast.rejected)
    assert slow.summary == fast.summary
    assert fast.summary["rejected_by_reason"] == {"unknown outcome": 50, "empty outcome": 50}


# ---------------------------------------------------------------------------------------------
# dates


def test_date_forms(tmp_path, game):
    text = (
        "outcome;time\n"
        "5%;05.01.2026 10:00\n"
        "5%;05.01.2026 10:00:30\n"
        "5%;05.01.2026\n"
        "5%;2026-01-05T10:00:00+03:00\n"
        "5%;2026-01-05 10:00\n"  # naive: taken as UTC
        "5%;1767607200\n"  # epoch seconds
        "5%;1767607200000\n"  # epoch milliseconds
        "5%;05.01.2026, 10:00\n"
        "5%;\n"  # no time: kept, NaT
        "5%;31.02.2026\n"  # no such day
        "5%;вчера\n"
    )
    evidence = read_table(write(tmp_path, "d.csv", text), game)
    check_accounting(evidence)
    expected = [
        "2026-01-05 10:00",
        "2026-01-05 10:00:30",
        "2026-01-05",
        "2026-01-05 07:00",
        "2026-01-05 10:00",
        "2026-01-05 10:00",
        "2026-01-05 10:00",
        "2026-01-05 10:00",
    ]
    got = evidence.spins["reported_at"].tolist()
    assert got[:8] == [pd.Timestamp(t, tz="UTC") for t in expected]
    assert pd.isna(got[8])
    assert evidence.summary["rejected_by_reason"] == {"unreadable date": 2}


def test_separate_date_and_time_columns(tmp_path, game):
    text = "Дата;Время;Приз\n05.01.2026;10:15;5%\n06.01.2026;;ничего\n"
    evidence = read_table(write(tmp_path, "dt.csv", text), game)
    assert evidence.spins["reported_at"].tolist() == [
        pd.Timestamp("2026-01-05 10:15", tz="UTC"),
        pd.Timestamp("2026-01-06", tz="UTC"),
    ]


# ---------------------------------------------------------------------------------------------
# Excel and Parquet


def test_xlsx(tmp_path, game):
    frame = pd.DataFrame(
        {
            "Дата и время": [
                pd.Timestamp("2026-01-05 10:00"),
                pd.Timestamp("2026-01-06 12:00"),
                None,
                pd.Timestamp("2026-01-07"),
            ],
            "Выпало": ["5%", 10, None, "джекпот"],  # 10 -> "10%" (a game of percents)
            "Участник": ["Маша", "Вася Пупкин", None, "Маша"],
            "Сумма": [1.5, 2, None, 3],
        }
    )
    path = tmp_path / "spins.xlsx"
    frame.to_excel(path, index=False)
    evidence = read_table(path, game)
    check_accounting(evidence)
    check_no_names(evidence)
    assert evidence.spins["outcome"].tolist() == ["5%", "10%"]
    assert evidence.spins["reported_at"][1] == pd.Timestamp("2026-01-06 12:00", tz="UTC")
    assert evidence.spins["value"].tolist() == [1.5, 2.0]
    assert evidence.summary["not_a_report"] == 1
    assert places(evidence.rejected) == [f"{path.name}:5"]  # sheet row 5


def test_xlsx_named_csv_is_read_as_excel(tmp_path, game):
    buffer = io.BytesIO()
    pd.DataFrame({"outcome": ["5%"]}).to_excel(buffer, index=False)
    path = tmp_path / "renamed.csv"
    path.write_bytes(buffer.getvalue())
    assert read_table(path, game).spins["outcome"].tolist() == ["5%"]


def test_parquet_typed_columns(tmp_path, game):
    frame = pd.DataFrame(
        {
            "outcome": ["5%", "ничего", "zz", None],
            "reported_at": pd.to_datetime(["2026-01-05 10:00", "2026-01-05 11:00", None, None]),
            "reporter": ["Маша", "Маша", "Вася Пупкин", None],
            "value": [1.5, 0.0, np.nan, np.nan],
        }
    )
    path = tmp_path / "spins.parquet"
    frame.to_parquet(path)
    evidence = read_table(path, game)
    check_accounting(evidence)
    check_no_names(evidence)
    assert evidence.spins["outcome"].tolist() == ["5%", "ничего"]
    assert evidence.spins["reported_at"][0] == pd.Timestamp("2026-01-05 10:00", tz="UTC")
    assert places(evidence.rejected) == [f"{path.name}:4"]
    assert evidence.summary["not_a_report"] == 1


# ---------------------------------------------------------------------------------------------
# tally form and column mapping


def test_tally_form(tmp_path, game):
    text = "Приз;Количество\n5%;340\n0,5%;1 052\nничего;0\n10%;-3\n10%;много\n10%;2,5\nИтого;1392\n"
    path = write(tmp_path, "tally.csv", text)
    evidence = read_table(path, game)
    check_accounting(evidence)
    assert evidence.spins.empty
    assert evidence.tallies["outcome"].tolist() == ["5%", "0.5%", "ничего"]
    assert evidence.tallies["count"].tolist() == [340, 1052, 0]
    assert evidence.summary["tally_spins"] == 1392
    assert evidence.summary["rejected_by_reason"] == {"negative count": 1, "unreadable count": 2}
    assert evidence.summary["not_a_report"] == 1  # the "Итого" row
    assert evidence.counts().tolist() == [1052, 340, 0, 0]


def test_form_forced(tmp_path, game):
    path = write(tmp_path, "t.csv", "outcome,count\n5%,3\n")
    assert read_table(path, game, form="long").spins["outcome"].tolist() == ["5%"]
    assert read_table(path, game, form="tally").tallies["count"].tolist() == [3]
    with pytest.raises(DataError, match="needs a count column"):
        read_table(write(tmp_path, "l.csv", "outcome\n5%\n"), game, form="tally")
    with pytest.raises(ValueError, match="form"):
        read_table(path, game, form="wide")


def test_explicit_columns(tmp_path, game):
    text = "Мой столбец;Кто;Когда\n5%;Маша;05.01.2026\n"
    path = write(tmp_path, "m.csv", text)
    with pytest.raises(DataError, match=r"columns=\{'outcome'"):
        read_table(path, game)
    evidence = read_table(
        path, game, columns={"outcome": "мой  столбец", "reporter": "Кто", "time": "Когда"}
    )
    check_no_names(evidence)
    assert evidence.spins["outcome"].tolist() == ["5%"]
    assert evidence.spins["reporter"][0].startswith("r-")
    assert evidence.spins["reported_at"][0] == pd.Timestamp("2026-01-05", tz="UTC")
    with pytest.raises(DataError, match="no such column"):
        read_table(path, game, columns={"outcome": "Мой столбец", "value": "Сумма"})
    with pytest.raises(ValueError, match="unknown role"):
        read_table(path, game, columns={"prize": "Мой столбец"})


def test_mapping_overrides_detection(tmp_path, game):
    text = "outcome,real outcome\nzz,5%\n"
    evidence = read_table(write(tmp_path, "o.csv", text), game, columns={"outcome": "real outcome"})
    assert evidence.spins["outcome"].tolist() == ["5%"]


def test_headerless_column_of_labels(tmp_path, game):
    path = write(tmp_path, "list.txt", "5%\nничего\n0,5%\n5 %\nzz\n")
    evidence = read_table(path, game)
    check_accounting(evidence)
    assert evidence.spins["outcome"].tolist() == ["5%", "ничего", "0.5%", "5%"]
    assert places(evidence.rejected) == [f"{path.name}:5"]


# ---------------------------------------------------------------------------------------------
# every rejection reason, and privacy of excerpts


def test_every_reason(tmp_path):
    game = Game.from_dict(
        {
            "name": "g",
            "outcomes": [
                {"label": "A", "probability": 0.5, "patterns": ["(?:a|x)+"]},
                {"label": "B", "probability": 0.5, "patterns": ["(?:b|x)+"]},
            ],
        }
    )
    text = (
        "outcome;date;value;seq;user;comment\n"
        "A;05.01.2026;1;1;Маша;ok\n"
        ";05.01.2026;1;1;Маша;звонить +7 912 345-67-89\n"  # empty outcome
        "C;05.01.2026;1;1;Маша;пишите masha@example.org\n"  # unknown outcome
        "xx;05.01.2026;1;1;Маша;\n"  # ambiguous outcome
        "A;yesterday;1;1;Маша;Маша\n"  # unreadable date
        "B;05.01.2026;one;1;Маша;@masha_ru\n"  # unreadable value
        "B;05.01.2026;1;1.5;Маша;\n"  # unreadable seq
        ";;;;;\n"
    )
    path = write(tmp_path, "reasons.csv", text)
    evidence = read_table(path, game)
    check_accounting(evidence)
    check_no_names(evidence, ("Маша", "masha", "912 345", "example.org"))
    assert evidence.rejected["reason"].tolist() == [
        "empty outcome",
        "unknown outcome",
        "ambiguous outcome",
        "unreadable date",
        "unreadable value",
        "unreadable seq",
    ]
    assert places(evidence.rejected) == [f"{path.name}:{n}" for n in range(3, 9)]
    assert evidence.summary["not_a_report"] == 1 and evidence.summary["used"] == 1
    pseudonym = evidence.spins["reporter"][0]
    assert all(pseudonym in e for e in evidence.rejected["excerpt"])
    assert all(len(e) <= 120 for e in evidence.rejected["excerpt"])
    counts = {"negative count": "A;-1", "unreadable count": "A;lots"}
    for reason, row in counts.items():
        tally = read_table(write(tmp_path, "c.csv", f"outcome;count\n{row}\n"), game)
        check_accounting(tally)
        assert tally.rejected["reason"].tolist() == [reason]
        assert places(tally.rejected) == ["c.csv:2"]


# ---------------------------------------------------------------------------------------------
# errors: one line, naming the file


def _one_line_error(path, game, match, **options) -> str:
    with pytest.raises(DataError, match=match) as info:
        read_table(path, game, **options)
    message = str(info.value)
    # the file's name, never its folder (home folders must not reach reports)
    assert "\n" not in message and path.name in message and str(path.parent) not in message
    return message


def test_missing_empty_and_folder(tmp_path, game):
    _one_line_error(tmp_path / "nope.csv", game, "not found")
    _one_line_error(write(tmp_path, "empty.csv", ""), game, "empty")
    _one_line_error(write(tmp_path, "blank.csv", "\n \n\r\n"), game, "empty")
    (tmp_path / "bom.csv").write_bytes(b"\xef\xbb\xbf")
    _one_line_error(tmp_path / "bom.csv", game, "empty")
    _one_line_error(write(tmp_path, "seps.csv", ";;;\n;;;\n"), game, "no rows with data")
    _one_line_error(tmp_path, game, "folder")


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"\x00\x01\x02\x03\xff\xfe\xfd" * 100, "binary"),
    ],
)
def test_binary_renamed_csv(tmp_path, game, content, match):
    path = tmp_path / "photo.csv"
    path.write_bytes(content)
    _one_line_error(path, game, match)


def test_zip_renamed_csv(tmp_path, game):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("result.json", "{}")
    path = tmp_path / "export.csv"
    path.write_bytes(buffer.getvalue())
    _one_line_error(path, game, "ZIP archive")


def test_unreadable_excel_and_parquet(tmp_path, game):
    _one_line_error(write(tmp_path, "sheet.xlsx", "outcome\n5%\n"), game, "not a readable Excel")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<broken")
    (tmp_path / "broken.xlsx").write_bytes(buffer.getvalue())
    _one_line_error(tmp_path / "broken.xlsx", game, "not a readable Excel")
    (tmp_path / "broken.parquet").write_bytes(b"PAR1" + b"\x00" * 20)
    _one_line_error(tmp_path / "broken.parquet", game, "not a readable Parquet")


def test_no_outcome_column_counts_columns_without_showing_them(tmp_path, game):
    # no row reads as a header, so the first row may be data: its cells are never shown
    path = write(tmp_path, "x.csv", "Зинаида,+79161234567,zina@mail.ru\n1,2,3\n")
    message = _one_line_error(path, game, "no column of outcomes")
    assert "3 columns" in message and "columns={'outcome'" in message
    assert "line 1" in message
    for cell in ("Зинаида", "79161234567", "zina@mail.ru"):
        assert cell not in message


def test_ambiguous_header(tmp_path, game):
    path = write(tmp_path, "two.csv", "результат;приз\n5%;5%\n")
    message = _one_line_error(path, game, "two columns could hold the outcome")
    assert "'результат', 'приз'" in message
    evidence = read_table(path, game, columns={"outcome": "приз"})
    assert evidence.spins["outcome"].tolist() == ["5%"]


# ---------------------------------------------------------------------------------------------
# properties


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    content=st.one_of(
        st.binary(max_size=400),
        st.text(alphabet=st.sampled_from(list('5%;,\t"\n\r ничегоabc0.:-')), max_size=200).map(
            lambda t: ("outcome;time\n" + t).encode("utf-8")
        ),
    ),
    suffix=st.sampled_from([".csv", ".tsv", ".xlsx", ".parquet", ".txt"]),
)
def test_arbitrary_bytes_give_evidence_or_data_error(tmp_path, game, content, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(content)
    try:
        evidence = read_table(path, game)
    except DataError as exc:
        assert "\n" not in str(exc)
    else:
        check_accounting(evidence)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["5%", "0,5%", "ничего", "7%", "", "5 %"]),
            st.sampled_from((*NAMES, "")),
        ),
        max_size=30,
    ),
    sep=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1251", "utf-16"]),
)
def test_round_trip_counts_and_privacy(tmp_path, game, rows, sep, encoding):
    lines = [f"Результат{sep}Ник"] + [f'"{o}"{sep}"{n}"' for o, n in rows]
    path = tmp_path / "rt.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    evidence = read_table(path, game)
    check_accounting(evidence)
    check_no_names(evidence)
    expected = sum(o not in ("7%", "") for o, _ in rows)
    assert evidence.summary["spins"] == expected
    assert evidence.summary["read"] == len(rows)


def test_parquet_epoch_and_numeric_outcomes(tmp_path, game):
    frame = pd.DataFrame({
        "prize": pd.array([5, 10, 7, None], dtype="Int64"),          # bare numbers -> percents
        "timestamp": pd.array([1767607200000, None, 1767607200000, 5], dtype="Int64"),
        "user": pd.array([101, 102, 101, None], dtype="Int64"),
    })
    path = tmp_path / "epoch.parquet"
    frame.to_parquet(path)
    evidence = read_table(path, game)
    check_accounting(evidence)
    check_no_names(evidence, ("101", "102"))
    assert evidence.spins["outcome"].tolist() == ["5%", "10%"]
    assert evidence.spins["reported_at"][0] == pd.Timestamp("2026-01-05 10:00", tz="UTC")
    assert pd.isna(evidence.spins["reported_at"][1])
    # 7 is no outcome; the last row has an outcome missing and an unreadable time (5)
    assert evidence.summary["rejected_by_reason"] == {"unknown outcome": 1, "empty outcome": 1}


def test_categories_of_no_row_are_not_reporters_or_segments(tmp_path, game):
    # A Parquet file written by pandas after a filter keeps categories that no row has:
    # the spins' reporters and segments are those of the rows (as pandas would find them).
    frame = pd.DataFrame({
        "outcome": ["5%", "ничего", "5%"],
        "reporter": pd.Categorical(["al", "bob", "al"], categories=["al", "bob", "zed"]),
        "segment": pd.Categorical(["x", "x", "x"], categories=["x", "y"]),
    })
    path = tmp_path / "spins.parquet"
    frame.to_parquet(path)
    evidence = read_table(path, game)
    assert len(evidence.spins["reporter"].cat.categories) == 2
    assert list(evidence.spins["segment"].cat.categories) == ["x"]
    assert evidence.n_reporters == 2
