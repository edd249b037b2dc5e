"""One reader: encodings of Russian tables, and what the old second reader did differently.

``fairness.read_spins`` once was a separate reader of canonical CSVs that kept raw reporter
identities, rejected ``5 процентов`` and refused ``;``-separated files with a ``результат``
header; it is gone, and :func:`fairness.ingest` reads those files. The decoding tests build the
file our users send most (a cp1251 export of a Russian spreadsheet) and its siblings in the
other Cyrillic code pages and Unicode forms.
"""

from __future__ import annotations

import random
import re

import numpy as np
import pandas as pd
import pytest

import fairness
from fairness import DataError
from fairness.reading.sniff import decode
from fairness.spec import Game

GAME = Game.from_dict({"name": "Колесо", "outcomes": [
    {"label": "1%", "probability": 0.60},
    {"label": "3%", "probability": 0.30},
    {"label": "5%", "probability": 0.09},
    {"label": "10%", "probability": 0.01},
]})
HEADER = "Дата;Пользователь;Результат;Сумма кэшбэка"
OUTCOMES = ("1%", "3%", "5%", "10%")


def export_rows(n: int, seed: int = 7) -> list[tuple[str, str, str, str]]:
    """Rows of a spreadsheet export: day-first times, a participant, an outcome, roubles with
    a decimal comma."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        day, minute = 1 + i // 720, i % 720
        rows.append((f"{day:02d}.03.2026 {8 + minute // 60:02d}:{minute % 60:02d}",
                     f"Участник {i % 37}", rng.choice(OUTCOMES),
                     f"{rng.randint(0, 900)},{rng.randint(0, 9)}"))
    return rows


def export_text(rows, header: str = HEADER) -> str:
    return "\r\n".join([header, *(";".join(r) for r in rows)]) + "\r\n"


def test_the_45_kb_cp1251_export_is_read_exactly(tmp_path):
    rows = export_rows(1500)
    raw = export_text(rows).encode("cp1251")
    assert 40_000 < len(raw) < 70_000
    path = tmp_path / "выгрузка.csv"
    path.write_bytes(raw)
    evidence = fairness.ingest(path, GAME, secret="k")
    s = evidence.summary
    assert (s["read"], s["used"], s["rejected"], s["not_a_report"]) == (1500, 1500, 0, 0)
    assert list(evidence.spins["outcome"].astype(str)) == [r[2] for r in rows]
    np.testing.assert_allclose(evidence.spins["value"],
                               [float(r[3].replace(",", ".")) for r in rows])
    expected_times = pd.to_datetime([r[0] for r in rows], format="%d.%m.%Y %H:%M", utc=True)
    assert (evidence.spins["reported_at"].to_numpy() == expected_times.to_numpy()).all()
    assert evidence.n_reporters == 37
    assert all(str(r).startswith("r-") for r in evidence.spins["reporter"])


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r", "mac_cyrillic", "cp866", "utf-8",
                                      "utf-8-sig", "utf-16", "utf-16-le"])
@pytest.mark.parametrize("variant", ["45 KB", "3 lines", "upper case", "lower case only"])
def test_every_cyrillic_encoding_is_decoded_right(tmp_path, encoding, variant):
    rows = export_rows(1500 if variant == "45 KB" else 2)
    header = {"upper case": HEADER.upper().replace("СУММА КЭШБЭКА", "СУММА"),
              "lower case only": "дата;пользователь;результат;сумма"}.get(variant, HEADER)
    if variant == "upper case":
        rows = [(d, u.upper(), o, v) for d, u, o, v in rows]
    text = export_text(rows, header)
    raw = text.encode(encoding)
    got, used = decode(raw, "x.csv")
    assert got.removeprefix("\ufeff") == text, (encoding, used)
    path = tmp_path / "x.csv"
    path.write_bytes(raw)
    evidence = fairness.ingest(path, GAME, secret="k")
    assert evidence.summary["used"] == len(rows) and evidence.summary["rejected"] == 0
    assert list(evidence.spins["outcome"].astype(str)) == [r[2] for r in rows]


def test_an_explicit_encoding_wins_and_a_wrong_one_is_a_one_line_error(tmp_path):
    rows = export_rows(3)
    path = tmp_path / "x.csv"
    path.write_bytes(export_text(rows).encode("koi8_r"))
    evidence = fairness.ingest(path, GAME, secret="k", encoding="koi8-r")
    assert evidence.summary["used"] == 3
    path.write_bytes(export_text(rows).encode("cp1251"))
    with pytest.raises(DataError) as info:
        fairness.ingest(path, GAME, encoding="utf-8")
    message = str(info.value)
    assert "x.csv" in message and "line 1" in message and "utf-8" in message
    assert "\n" not in message
    with pytest.raises(ValueError, match="encoding"):
        fairness.ingest(path, GAME, encoding="no-such-encoding")


def test_encoding_option_of_the_cli(tmp_path):
    from click.testing import CliRunner

    from fairness.cli import main
    from tests.conftest import DATASETS

    path = tmp_path / "x.csv"
    path.write_bytes(export_text(export_rows(40)).encode("cp866"))
    game = DATASETS / "games" / "cashback_wheel.toml"
    runner = CliRunner()
    result = runner.invoke(main, ["extract", str(path), "-g", str(game), "--encoding", "cp866"])
    assert result.exit_code == 0, result.output
    assert "Участник" not in result.output and "\n3%," in result.output.replace("\r", "")
    result = runner.invoke(main, ["extract", str(path), "-g", str(game), "--encoding", "utf-8"])
    assert result.exit_code != 0 and "not valid utf-8 text" in result.output
    result = runner.invoke(main, ["check", str(path), "-g", str(game), "--encoding", "cp866",
                                  "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"n_spins": 40' in result.output.replace(" ", "").replace('":', '": ')


# -- the disagreements of the two old readers, gone ---------------------------------------------

def _files(tmp_path):
    canonical = tmp_path / "spins.csv"
    canonical.write_text("outcome,reporter,reported_at\n5%,alice@example.com,2026-01-01\n"
                         "1%,+7 916 123 45 67,2026-01-02\n3%,user987654321,2026-01-03\n"
                         "5 процентов,alice@example.com,2026-01-04\n", encoding="utf-8")
    semicolons = tmp_path / "export.csv"
    semicolons.write_text("дата;пользователь;результат\n01.03.2026 10:00;Вася;10%\n"
                          "01.03.2026 10:05;Петя;1%\n", encoding="utf-8")
    return canonical, semicolons


def test_identities_are_pseudonymised_by_the_reader(tmp_path):
    canonical, _ = _files(tmp_path)
    evidence = fairness.ingest(canonical, GAME)
    shown = " ".join(map(str, [*evidence.spins["reporter"], *evidence.rejected["excerpt"]]))
    shown = re.sub(r"r-[0-9a-f]{16}", "", shown)
    for raw in ("alice", "example.com", "916", "987654321"):
        assert raw not in shown
    assert evidence.n_reporters == 3


def test_5_процентов_is_5_percent(tmp_path):
    canonical, _ = _files(tmp_path)
    evidence = fairness.ingest(canonical, GAME)
    assert list(evidence.spins["outcome"].astype(str)) == ["5%", "1%", "3%", "5%"]
    assert evidence.summary["rejected"] == 0


def test_semicolons_and_a_russian_header_are_read(tmp_path):
    _, semicolons = _files(tmp_path)
    evidence = fairness.ingest(semicolons, GAME)
    assert list(evidence.spins["outcome"].astype(str)) == ["10%", "1%"]
    assert evidence.spins["reported_at"].notna().all()


def test_from_outcomes_pseudonymises_reporters_and_keeps_pseudonyms():
    from fairness.evidence import Evidence, places

    raw = ["alice@example.com", "+7 916 123 45 67", "alice@example.com", None]
    evidence = Evidence.from_outcomes(GAME, ["1%", "3%", "5%", "1%"], reporter=raw, secret="k")
    reporters = evidence.spins["reporter"].tolist()
    assert all(re.fullmatch(r"r-[0-9a-f]{16}", r) for r in reporters[:3])
    assert pd.isna(reporters[3])
    assert reporters[0] == reporters[2] != reporters[1]
    again = Evidence.from_outcomes(GAME, ["1%", "3%", "5%", "1%"], reporter=reporters)
    assert again.spins["reporter"].tolist() == reporters  # pseudonyms stay as they are
    assert places(evidence.spins) == ["sequence:1", "sequence:2", "sequence:3", "sequence:4"]


def test_provenance_columns_and_accounting_in_every_table(tmp_path):
    canonical, semicolons = _files(tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("outcome\n1%\n7%\n\n", encoding="utf-8")
    evidence = fairness.ingest([canonical, semicolons, bad], GAME, secret="k")
    for table in (evidence.spins, evidence.tallies, evidence.rejected):
        assert isinstance(table["source"].dtype, pd.CategoricalDtype)
        assert str(table["item"].dtype) == "Int64"
    # sources are file names, never the folders they were read from
    assert set(evidence.spins["source"].astype(str)) == {canonical.name, semicolons.name,
                                                          bad.name}
    assert evidence.rejected[["source", "item"]].astype(str).values.tolist() == [
        [bad.name, "3"]]
    s = evidence.summary
    assert s["read"] == s["used"] + s["rejected"] + s["not_a_report"] == 9  # 4 + 2 + 3 rows


def test_one_label_key_for_tables_tallies_and_polls():
    from fairness.reading.extract import Extractor
    from fairness.reading.labels import normalise_label
    from fairness.reading.tallies import tallies_from_text

    assert normalise_label("5 процентов") == normalise_label("5%") == normalise_label(" 5 % ")
    evidence = tallies_from_text("5 процентов — 12\n1 % — 40\n", GAME)
    assert dict(zip(evidence.tallies["outcome"].astype(str), evidence.tallies["count"],
                    strict=True)) == {"5%": 12, "1%": 40}
    assert Extractor(GAME, trigger=False).match_label("10 процентов") == "10%"


def test_a_utf16_file_read_with_a_single_byte_encoding_is_an_error(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(export_text(export_rows(3)).encode("utf-16"))
    with pytest.raises(DataError, match="NUL"):
        fairness.ingest(path, GAME, encoding="cp1251")
    assert fairness.ingest(path, GAME, encoding="utf-16").summary["used"] == 3
