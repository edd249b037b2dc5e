"""Privacy canary (issue 15): a made-up person in every field of every input, through every
command and format; no output and no message may carry any spelling of them.

The canary is «Зинаида Канарейкина» (a sender, an author, named in other grammatical forms, as a
diminutive and in Latin letters), with a username, a nine-digit id, a phone in several
spellings, an e-mail and profile links. Outputs are searched for each canary as written, in
lower case, transliterated, and as the hex and base64 of its UTF-8 bytes.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from fairness.cli import main
from fairness.reading.names import transliterations
from tests import hostile_corpus as hc

CANARIES = ("Зинаида", "Зинаиды", "Канарейкин", "Зиночка", "Зине", "Zinaida", "Kanareykina",
            "zina_k", "987654321", "9161234567", "916.123.45.67", "916 123-45-67",
            "zina.k@mail.ru", "vk.com/zina_k", "tg://user?id=")

GAME = """\
name = "wheel"
trigger = ["колес*", "крутил*"]
[[outcomes]]
label = "1%"
probability = 0.7
[[outcomes]]
label = "5%"
probability = 0.25
[[outcomes]]
label = "100%"
probability = 0.05
"""

NAME = "Зинаида Канарейкина"


def _export() -> bytes:
    person = {"from": NAME, "from_id": "user987654321"}
    texts = ["крутил колесо 5%",
             "крутил колесо, у Зинаиды Канарейкиной 7%, звоните 916.123.45.67",
             "Зиночка крутила колесо: 7%!!! zina.k@mail.ru",
             "Zinaida Kanareykina крутила колесо 7% (tg://user?id=987654321, vk.com/zina_k)",
             "Передай Зине Канарейкиной, колесо дало 7%, +7 916 123-45-67 @zina_k"]
    messages = [hc.message(i, text, author=NAME, **person) for i, text in enumerate(texts, 1)]
    messages += [hc.message(10 + i, f"крутил колесо {label}") for i, label in
                 enumerate(["1%", "1%", "5%", "1%", "100%", "1%"])]
    return hc.export(messages, name=NAME, type="personal_chat")


def _table(path: Path) -> Path:
    frame = pd.DataFrame({"Ник": ["zina_k"] * 4, "Имя": [NAME] * 4,
                          "Телефон": ["+7 916 123-45-67"] * 4,
                          "Результат": ["1%", "Зинаида: 7%", "5%", "семь"]})
    frame.to_csv(path, index=False)
    return path


def _spellings(canary: str) -> set[bytes]:
    forms = {canary, canary.lower()}
    forms |= {t for t in transliterations(canary.lower()) if len(t) >= 5}
    out = set()
    for form in forms:
        raw = form.encode("utf-8")
        out |= {raw, raw.hex().encode(), base64.b64encode(raw).rstrip(b"=")}
    return out


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """Every output of every command over the canary's export and table."""
    folder = tmp_path_factory.mktemp("canary")
    export = folder / "result.json"
    export.write_bytes(_export())
    table = _table(folder / "table.csv")
    game = folder / "game.toml"
    game.write_text(GAME, encoding="utf-8")
    runner = CliRunner()
    results: dict[str, bytes] = {}

    def run(label, *args):
        result = runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
        assert result.exit_code in (0, 2, 3), (label, result.output)
        results[label] = result.output.encode("utf-8")

    for data in (export, table):
        for fmt in ("text", "json", "markdown", "html"):
            for lang in ("en", "ru"):
                run(f"check {data.name} {fmt} {lang}", "check", data, "--game", game,
                    "--format", fmt, "--lang", lang)
        card = folder / f"{data.stem}.png"
        run(f"card {data.name}", "check", data, "--game", game, "--card", card)
        results[f"png {data.name}"] = card.read_bytes()
        spins, rejected = folder / f"{data.stem}-spins.csv", folder / f"{data.stem}-rej.csv"
        run(f"extract {data.name}", "extract", data, "--game", game, "-o", spins,
            "--rejected", rejected)
        results[f"spins {data.name}"] = spins.read_bytes()
        results[f"rejected {data.name}"] = rejected.read_bytes()
    manifest = folder / "manifest.csv"
    manifest.write_text(f"name,data,game\nw,{export.name};{table.name},{game.name}\n"
                        f"headerless,noheader.csv,{game.name}\n", encoding="utf-8")
    (folder / "noheader.csv").write_text(f"{NAME},+79161234567,zina.k@mail.ru\n",
                                         encoding="utf-8")
    summary, summary_json = folder / "summary.csv", folder / "summary.json"
    run("batch", "batch", manifest, "-o", summary, "--json", summary_json)
    results["batch csv"] = summary.read_bytes()
    results["batch json"] = summary_json.read_bytes()
    store = folder / "c.sqlite"
    run("campaign new", "campaign", "new", store, "w", "--game", game)
    run("campaign add", "campaign", "add", store, "w", export, table, "--format", "json")
    # a batch large enough to be kept by columns too (compressed: searched once decoded)
    big = folder / "big.csv"
    pd.DataFrame({"Пользователь": [NAME, "zina_k", "+7 916 123-45-67", "zina.k@mail.ru"] * 2_600,
                  "Результат": ["1%", "5%", "1%", "100%"] * 2_600}).to_csv(big, index=False)
    run("campaign add large", "campaign", "add", store, "w", big, "--format", "json")
    for fmt in ("text", "json", "html"):
        run(f"campaign check {fmt}", "campaign", "check", store, "w", "--format", fmt)
    run("campaign history", "campaign", "history", store, "w", "--format", "json")
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(store)) as connection:  # the WAL into the file, then read
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    results["store"] = store.read_bytes()
    return results


def test_the_canary_is_in_the_inputs():
    raw = _export()
    assert all(c.encode() in raw for c in ("Зинаида", "987654321", "zina.k@mail.ru"))


@pytest.mark.parametrize("canary", CANARIES)
def test_no_output_carries_the_canary(outputs, canary):
    spellings = _spellings(canary)
    found = [(label, s) for label, data in outputs.items() if label != "store"
             for s in spellings if s in data or s.lower() in data.lower()]
    assert not found


def test_shared_reports_carry_no_excerpt(outputs):
    # the rejected file may show masked excerpts; reports meant to be shared show none
    assert b"[name]" in outputs["rejected result.json"]
    for label, data in outputs.items():
        if label.startswith(("check", "campaign check", "batch")):
            assert b"[name]" not in data and b"[phone]" not in data, label
            assert "колесо".encode() not in data, label


def test_the_store_keeps_no_raw_identity(outputs, tmp_path):
    import sqlite3
    from contextlib import closing

    import pyarrow as pa
    import pyarrow.parquet as pq

    data = outputs["store"]
    database = tmp_path / "copy.sqlite"
    database.write_bytes(data)
    with closing(sqlite3.connect(database)) as connection:
        blocks = [row[0] for row in connection.execute("SELECT data FROM spin_blocks")]
    assert blocks  # the large batch's column blocks, decoded: Parquet compresses its text
    decoded = b"".join(json.dumps(pq.read_table(pa.BufferReader(block)).to_pylist(),
                                  ensure_ascii=False).encode("utf-8") for block in blocks)
    for canary in ("Зинаида", "987654321", "zina.k@mail.ru", "zina_k", "9161234567"):
        assert canary.encode() not in data, canary
        assert canary.encode() not in decoded, canary
