"""A generated corpus of hostile and messy inputs (issue 15), shared by the tests and the benchmark.

Each :class:`Case` is a set of files written into a folder, a game spec and the ``fairness``
command line to run on them. :func:`corpus` builds every case from a few seeds, so the test suite
and ``benchmarks/bench_hostile.py`` see the same inputs; nothing is read from ``realdata``.

The classes (the issue's headings):

* ``number``: numbers at and beyond the limits of their type in every place a number is read;
* ``type``: values of the wrong JSON / Parquet type;
* ``zip``: archives that are encrypted, use unknown methods, fail their CRC, bombs, duplicates;
* ``spec``: degenerate game specs (one outcome, one allowed, remainder 0, overflowing weights,
  10,000 outcomes, catastrophic patterns);
* ``cli``: out-of-range option values;
* ``size``: inputs whose cost grows with size or nesting (JSON depth, HTML depth, long strings,
  big pasted tallies);
* ``text``: encodings, BOMs, look-alike labels, truncation.
"""

from __future__ import annotations

import io
import json
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

GAME = """\
name = "wheel"
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

LABELS = ("1%", "5%", "100%")


@dataclass(frozen=True)
class Case:
    """One hostile input: ``files`` (name -> bytes) in a fresh folder, ``game`` TOML text, and
    the command (``{data}`` stands for the data files, ``{game}`` for the spec)."""

    name: str
    kind: str
    files: dict[str, bytes]
    game: str = GAME
    args: tuple[str, ...] = ("check", "{data}", "--game", "{game}")
    expect: frozenset[int] = frozenset({0, 2})
    ingest: bool = True  # may be driven through fairness.ingest directly
    big: bool = False  # a size case (benchmarks; the tests run a smaller copy)
    extra: dict = field(default_factory=dict)


def message(i: int, body: str, **more) -> dict:
    record = {"id": i, "type": "message", "date": "2026-03-01T10:00:00",
              "date_unixtime": str(1772359200 + i), "from": f"User {i % 7}",
              "from_id": f"user{1000 + i % 7}", "text": body}
    record.update(more)
    return record


def export(messages: list, **header) -> bytes:
    body = {"name": "chat", "type": "public_supergroup", "id": 1, **header,
            "messages": messages}
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def normal_export(n: int = 30) -> bytes:
    return export([message(i, f"крутил колесо, выпал {LABELS[i % 3]}") for i in range(1, n + 1)])


def html_page(messages: list[tuple[int, str, str]], *, wrap: Callable[[str], str] = str) -> bytes:
    divs = []
    for msg_id, sender, text in messages:
        divs.append(
            f'<div class="message default clearfix" id="message{msg_id}"><div class="body">'
            f'<div class="pull_right date details" title="01.03.2026 10:{msg_id % 60:02d}:00">'
            f'</div><div class="from_name">{sender}</div><div class="text">{text}</div>'
            f"</div></div>")
    body = wrap("".join(divs))
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"
            "<div class='page_wrap'><div class='page_header'><div class='text'>chat</div></div>"
            f"<div class='page_body'><div class='history'>{body}</div></div></div>"
            "</body></html>").encode()


def normal_html(n: int = 30) -> bytes:
    return html_page([(i, f"User {i % 7}", f"крутил колесо, выпал {LABELS[i % 3]}")
                      for i in range(1, n + 1)])


def normal_csv(n: int = 30) -> bytes:
    rows = ["outcome,reporter"] + [f"{LABELS[i % 3]},u{i % 5}" for i in range(n)]
    return ("\n".join(rows) + "\n").encode()


def zipped(members: list[tuple[str, bytes]], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    import warnings

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are a case of their own
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def patched_zip(data: bytes, *, flags: int | None = None, method: int | None = None,
                crc: int | None = None) -> bytes:
    """A one-member zip with the general purpose flags / method / CRC of its headers changed
    (how an encrypted, an unknown-method or a damaged member looks to a reader)."""
    raw = bytearray(zipped([("result.json", data)], method=zipfile.ZIP_STORED))
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = raw.find(signature)
        if flags is not None:
            struct.pack_into("<H", raw, at + flag_at, flags)
        if method is not None:
            struct.pack_into("<H", raw, at + flag_at + 2, method)
        if crc is not None:
            struct.pack_into("<I", raw, at + flag_at + 6, crc)
    return bytes(raw)


def zip_bomb(name: str, size: int, unit: bytes) -> bytes:
    """A zip whose one member expands to ``size`` bytes of repeated ``unit``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED,
                         compresslevel=9) as archive:
        with archive.open(name, "w", force_zip64=True) as member:
            block = unit * ((1 << 20) // len(unit))
            written = 0
            while written < size:
                part = block[: size - written]
                member.write(part)
                written += len(part)
    return buffer.getvalue()


def parquet(columns: dict) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    pq.write_table(pa.table(columns), buffer)
    return buffer.getvalue()


def _spec(outcomes: list[str], head: str = 'name = "g"\n') -> str:
    return head + "".join(f"[[outcomes]]\n{o}\n" for o in outcomes)


def corpus(*, scale: float = 1.0) -> list[Case]:
    """Every case; ``scale`` < 1 shrinks the size cases (the tests run them at 0.1..0.25)."""
    cases: list[Case] = []
    add = cases.append

    # -- numbers at type limits ------------------------------------------------------------------
    for value in ("99999999999999999999", "1000000000000000", "-99999999999", "1e15", "nan",
                  "", "0x10", "1772359200000", "-1000", "253402300800"):
        add(Case(f"number-date_unixtime-{value or 'empty'}", "number",
                 {"result.json": export([message(1, "крутил колесо, выпал 5%",
                                                 date_unixtime=value),
                                         message(2, "крутил колесо, выпал 1%")])}))
    for value in (99999999999999999999, 2**63, -(2**63) - 1, 1.5e308, 10**400):
        add(Case(f"number-date_unixtime-int-{str(value)[:12]}", "number",
                 {"result.json": export([message(1, "крутил колесо, 5%", date_unixtime=value)])}))
    for value in (2**63, 2**64 + 1, -5, 10**30, 1e308, "12", None, [3]):
        poll = {"question": "что выпало?", "closed": False, "total_voters": 1,
                "answers": [{"text": "1%", "voters": value, "chosen": False},
                            {"text": "5%", "voters": 3, "chosen": False}]}
        add(Case(f"number-poll-voters-{str(value)[:10]}", "number",
                 {"result.json": export([message(1, "", poll=poll)])}))
    for value in ("9223372036854775808", "99999999999999999999999", "1 000 000 000 000 000 000"):
        poll_html = (
            '<div class="message default clearfix" id="message5"><div class="body">'
            '<div class="from_name">A</div><div class="media_wrap"><div class="media_poll">'
            '<div class="question">что выпало?</div>'
            f'<div class="answer">- 1% <span class="details">{value} votes</span></div>'
            '<div class="answer">- 5% <span class="details">2 votes</span></div>'
            "</div></div></div></div>")
        add(Case(f"number-html-votes-{value[:10]}", "number",
                 {"messages.html": html_page([], wrap=lambda _s, p=poll_html: p)}))
    for count in ("99999999999999999999999", "9223372036854775807", "18446744073709551616",
                  "1e23", "0"):
        add(Case(f"number-tally-text-{count[:8]}", "number",
                 {"tallies.txt": f"1% — {count}\n5% — 3\n100% — 1\n".encode()}))
        add(Case(f"number-tally-csv-{count[:8]}", "number",
                 {"tally.csv": f"outcome,count\n1%,{count}\n5%,3\n100%,1\n".encode()}))
    add(Case("number-tally-csv-negative", "number",
             {"tally.csv": b"outcome,count\n1%,-5\n5%,3\n"}))
    for epoch in ("253402300800", "99999999999", "-99999999999", "1e300", "1772359200000"):
        add(Case(f"number-csv-epoch-{epoch[:8]}", "number",
                 {"spins.csv": f"outcome,reported_at\n1%,{epoch}\n5%,1772359200\n".encode()}))
    try:
        import pyarrow as pa

        add(Case("number-parquet-uint64", "number",
                 {"t.parquet": parquet({"outcome": pa.array(["1%", "5%"]),
                                        "count": pa.array([2**64 - 1, 3], pa.uint64())})}))
        add(Case("number-parquet-int64-max", "number",
                 {"t.parquet": parquet({"outcome": pa.array(["1%", "5%"]),
                                        "count": pa.array([2**63 - 1, 2**63 - 1], pa.int64())})}))
        add(Case("number-parquet-timestamp-far", "number",
                 {"t.parquet": parquet({"outcome": pa.array(["1%", "5%"]),
                                        "reported_at": pa.array([253402300799 * 1000, 0],
                                                                pa.timestamp("ms"))})}))
        add(Case("number-parquet-timestamp-s", "number",
                 {"t.parquet": parquet({"outcome": pa.array(["1%", "5%"]),
                                        "reported_at": pa.array([2**52, -(2**52)],
                                                                pa.timestamp("s"))})}))
        add(Case("type-parquet-list-outcome", "type",
                 {"t.parquet": parquet({"outcome": pa.array([["1%"], ["5%"]]),
                                        "reporter": pa.array(["a", "b"])})}))
        add(Case("type-parquet-struct-reporter", "type",
                 {"t.parquet": parquet({"outcome": pa.array(["1%", "5%"]),
                                        "reporter": pa.array([{"x": 1}, {"x": 2}])})}))
        add(Case("type-parquet-struct-outcome", "type",
                 {"t.parquet": parquet({"outcome": pa.array([{"x": "1%"}, {"x": "5%"}])})}))
        add(Case("type-parquet-binary-outcome", "type",
                 {"t.parquet": parquet({"outcome": pa.array([b"1%", b"\xff\xfe"])})}))
        add(Case("type-parquet-map-outcome", "type",
                 {"t.parquet": parquet({"outcome": pa.array([[("a", 1)], [("b", 2)]],
                                                            pa.map_(pa.string(), pa.int64()))})}))
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        pass

    # -- wrong JSON types --------------------------------------------------------------------------
    for key, value in (("id", [1]), ("id", {"a": 1}), ("id", 1.5), ("id", True), ("id", 2**70),
                       ("reply_to_message_id", {"id": 1}), ("reply_to_message_id", [1]),
                       ("from_id", [1]), ("from", {"a": 1}), ("date", 5), ("date", [1]),
                       ("text", 5), ("text", {"x": 1}), ("text", [[["5%"]]]),
                       ("text_entities", "x"), ("forwarded_from", [1]), ("poll", [1]),
                       ("type", None), ("edited", [1]), ("forwarded_from_id", {"a": 1})):
        add(Case(f"type-json-{key}-{type(value).__name__}-{str(value)[:6]}", "type",
                 {"result.json": export([message(1, "крутил колесо, 5%", **{key: value}),
                                         message(2, "крутил колесо, 1%",
                                                 reply_to_message_id=1)])}))
    add(Case("type-json-messages-not-list", "type", {"result.json": b'{"messages": 5}'}))
    add(Case("type-json-messages-dict", "type", {"result.json": b'{"messages": {"a": 1}}'}))
    add(Case("type-json-top-scalar", "type", {"result.json": b"[1, 2, \"x\", null]"}))
    add(Case("type-json-account-bad", "type",
             {"result.json": b'{"chats": {"list": [5, {"messages": 3}, {"messages": [1]}]}}'}))

    # -- zip archives ------------------------------------------------------------------------------
    payload = normal_export(5)
    add(Case("zip-encrypted-json", "zip", {"export.zip": patched_zip(payload, flags=0x1)}))
    add(Case("zip-method-99-json", "zip", {"export.zip": patched_zip(payload, method=99)}))
    add(Case("zip-method-lzma-json", "zip", {"export.zip": patched_zip(payload, method=14)}))
    add(Case("zip-bad-crc-json", "zip", {"export.zip": patched_zip(payload, crc=0xDEADBEEF)}))
    html = normal_html(5)
    raw = bytearray(zipped([("messages.html", html)], method=zipfile.ZIP_STORED))
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        struct.pack_into("<H", raw, raw.find(signature) + flag_at, 0x1)
    add(Case("zip-encrypted-html", "zip", {"export.zip": bytes(raw)}))
    add(Case("zip-duplicate-names-html", "zip",
             {"export.zip": zipped([("messages.html", normal_html(4)),
                                    ("messages.html", html_page([(101, "B", "крутил, 100%")]))])}))
    add(Case("zip-duplicate-names-json", "zip",
             {"export.zip": zipped([("result.json", normal_export(3)),
                                    ("result.json", normal_export(4))])}))
    add(Case("zip-truncated", "zip", {"export.zip": zipped([("result.json", payload)])[:-30]}))
    bomb = int(2e9 * scale)
    add(Case("zip-bomb-html", "zip",
             {"bomb.zip": zip_bomb("messages.html", bomb, b"<div>a</div>" * 10)}, big=True))
    add(Case("zip-bomb-json", "zip",
             {"bomb.zip": zip_bomb("result.json", bomb, b" " * 100)}, big=True))
    add(Case("zip-many-members", "zip",
             {"many.zip": zipped([(f"x/messages{i}.html", b"<html></html>")
                                  for i in range(2, int(3000 * scale) + 2)])}, big=True))

    # -- game specs ------------------------------------------------------------------------------
    specs = {
        "one-outcome": _spec(['label = "1%"\nprobability = 1']),
        "one-allowed": _spec(['label = "1%"\nprobability = 1', 'label = "5%"\nprobability = 0']),
        "remainder-zero": _spec(['label = "1%"\nprobability = 1',
                                 'label = "5%"\nremainder = true']),
        "remainder-tiny": _spec(['label = "1%"\nprobability = 0.9999999999999999',
                                 'label = "5%"\nremainder = true']),
        "weights-1e308": _spec(['label = "1%"\nweight = 1e308', 'label = "5%"\nweight = 1e308']),
        "weights-inf": _spec(['label = "1%"\nweight = inf', 'label = "5%"\nweight = 1']),
        "weights-tiny": _spec(['label = "1%"\nweight = 5e-324', 'label = "5%"\nweight = 5e-324']),
        "count-huge": _spec(['label = "1%"\ncount = 9223372036854775807',
                             'label = "5%"\ncount = 9223372036854775807']),
        "prob-nan": _spec(['label = "1%"\nprobability = nan', 'label = "5%"\nprobability = 1']),
        "odds-zero": _spec(['label = "1%"\nodds = "1 in 0"', 'label = "5%"\nremainder = true']),
        "pattern-redos": _spec(['label = "1%"\nprobability = 0.5\npatterns = ["(a+)+b"]',
                                'label = "5%"\nprobability = 0.5']),
        "pattern-redos-2": _spec(['label = "1%"\nprobability = 0.5\npatterns = ["(a|aa)*c"]',
                                  'label = "5%"\nprobability = 0.5\n'
                                  'patterns = ["(\\\\w+\\\\s?)*$"]']),
        "pattern-huge": _spec(['label = "1%"\nprobability = 0.5\npatterns = ["'
                               + "a" * 200_000 + '"]', 'label = "5%"\nprobability = 0.5']),
        "labels-lookalike": _spec(['label = "A"\nprobability = 0.5',
                                   'label = "\u0410"\nprobability = 0.5']),
        "labels-zero-width": _spec(['label = "1%"\nprobability = 0.5',
                                    'label = "1\u200b%"\nprobability = 0.5']),
    }
    n_outcomes = 10_000 if scale >= 1 else 1_001  # the cap is 1,000
    specs["outcomes-many"] = _spec([f'label = "p{i}"\nweight = 1' for i in range(n_outcomes)])
    redos_data = export([message(1, "крутил колесо " + "a" * 36),
                         message(2, "крутил колесо " + "a" * 5000 + "!"),
                         message(3, "крутил колесо " + "word " * 3000 + "!")])
    for name, spec in specs.items():
        data = redos_data if name.startswith("pattern") else normal_export(20)
        big = name == "outcomes-many"
        add(Case(f"spec-{name}-check", "spec", {"result.json": data}, game=spec, big=big))
        add(Case(f"spec-{name}-plan", "spec", {}, game=spec,
                 args=("plan", "--game", "{game}"), ingest=False, big=big))

    # -- command-line values -----------------------------------------------------------------------
    csv = {"spins.csv": normal_csv(30)}
    for args in (("--alpha", "nan"), ("--alpha", "inf"), ("--alpha", "0"), ("--alpha", "1"),
                 ("--alpha", "-0.5"), ("--alpha", "1e-320"), ("--seed", "-1"),
                 ("--seed", str(2**70)), ("--seed", "nan")):
        add(Case(f"cli-check{'_'.join(args)}", "cli", csv,
                 args=("check", "{data}", "--game", "{game}", *args), ingest=False))
    for args in (("--ratio", "nan"), ("--ratio", "inf"), ("--ratio", "1e308"),
                 ("--ratio", "1e-308"), ("--spins", "1e23"), ("--spins", str(10**23)),
                 ("--spins", str(2**63)), ("--power", "nan"), ("--alpha", "nan"),
                 ("--seed", "-1")):
        add(Case(f"cli-plan{'_'.join(args)}", "cli", {},
                 args=("plan", "--game", "{game}", *args), ingest=False))

    # -- size and nesting --------------------------------------------------------------------------
    depth = int(40_000 * max(scale, 0.25))
    add(Case("size-json-nesting-arrays", "size",
             {"result.json": b'{"messages": [' + b"[" * depth + b"]" * depth + b"]}"}, big=True))
    add(Case("size-json-nesting-objects", "size",
             {"result.json": b'{"messages": [{"id": 1, "text": ' + b'{"a":' * depth + b"1"
              + b"}" * depth + b"}]}"}, big=True))
    add(Case("size-json-nesting-unclosed", "size",
             {"result.json": b'{"messages": [' + b"[" * depth}, big=True))
    html_depth = int(2000 * max(scale, 0.25))
    nested = ('<div class="message default" id="message1"><div class="from_name">A</div>'
              '<div class="text">крутил колесо 5%</div>' * html_depth + "</div>" * html_depth)
    add(Case("size-html-nested-messages", "size",
             {"messages.html": html_page([], wrap=lambda _s, n=nested: n)}, big=True))
    long = int(4_000_000 * scale)
    add(Case("size-json-long-message", "size",
             {"result.json": export([message(1, "крутил колесо 5% " + "ы" * long)])}, big=True))
    add(Case("size-json-long-rejected", "size",
             {"result.json": export([message(1, "крутил колесо 5% и 1% " + "+7 916 " * (long // 7)),
                                     message(2, "крутил колесо, выпал 1%")])}, big=True))
    add(Case("size-csv-long-cell", "size",
             {"spins.csv": b"outcome,reporter\n" + b"x" * int(250_000 * max(scale, 0.2))
              + b"@mail.ru 916.123.45.67,u\n1%,a\n"}, big=True))
    add(Case("size-csv-long-cell-phones", "size",
             {"spins.csv": b"outcome,reporter\n" + b"8 916 1 " * int(40_000 * max(scale, 0.2))
              + b",u\n1%,a\n"}, big=True))
    tally_size = int(100e6 * scale)
    line = b"1% \xe2\x80\x94 3\n"
    add(Case("size-tallies-huge", "size", {"tallies.txt": line * (tally_size // len(line))},
             big=True))
    add(Case("size-tallies-one-line", "size",
             {"tallies.txt": b"1% - 3, " * (int(10e6 * scale) // 8)}, big=True))
    add(Case("size-html-long-text", "size",
             {"messages.html": html_page([(1, "A", "крутил колесо 5% " + "ы" * long)])},
             big=True))
    add(Case("size-csv-many-columns", "size",
             {"spins.csv": (",".join(f"c{i}" for i in range(int(20_000 * scale) + 2))
                            + ",outcome\n" + "," * (int(20_000 * scale) + 2) + "1%\n").encode()},
             big=True))

    # -- text: encodings, BOM, truncation ----------------------------------------------------
    add(Case("text-json-bom", "text", {"result.json": b"\xef\xbb\xbf" + normal_export(5)},
             expect=frozenset({0})))
    add(Case("text-json-utf16", "text",
             {"result.json": normal_export(5).decode().encode("utf-16")}))
    for bad in (b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf", b"\x80\x80"):
        text = normal_export(3).replace("колесо".encode(), "кол".encode() + bad + "есо".encode())
        add(Case(f"text-json-bad-utf8-{bad.hex()}", "text", {"result.json": text}))
        add(Case(f"text-html-bad-utf8-{bad.hex()}", "text",
                 {"messages.html": normal_html(3).replace("колесо".encode(),
                                                          "кол".encode() + bad + "есо".encode())}))
        add(Case(f"text-csv-bad-utf8-{bad.hex()}", "text",
                 {"spins.csv": b"outcome,reporter\n1%,a" + bad + b"\n5%,b\n"}))
    add(Case("text-lookalike-labels-data", "text",
             {"spins.csv": "outcome\n1%\n1\u200b%\n\uff11%\n１％\n".encode()}))
    add(Case("text-json-lexical-error", "text",
             {"result.json": normal_export(3)[:-40] + b"\x01 Ivan +79161234567 @x" * 3 + b"}"}))
    for source in (normal_export(12), normal_html(12), normal_csv(12)):
        name = {b"{": "result.json", b"<": "messages.html"}.get(source[:1], "spins.csv")
        for cut in (1, 7, len(source) // 3, len(source) // 2, len(source) - 3):
            add(Case(f"text-truncated-{name}-{cut}", "text", {name: source[:cut]}))
    return cases


def dump(case: Case, folder) -> list:
    """Write ``case``'s files into ``folder``; the paths of the data files and the game."""
    from pathlib import Path

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in case.files.items():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    game = folder / "game.toml"
    game.write_text(case.game, encoding="utf-8")
    return paths, game


def command(case: Case, paths, game) -> list[str]:
    out: list[str] = []
    for arg in case.args:
        if arg == "{data}":
            out.extend(str(p) for p in paths)
        elif arg == "{game}":
            out.append(str(game))
        else:
            out.append(arg)
    return out


def run_cli(case: Case, folder, *, timeout: float = 30.0, memory: int = 2 << 30,
            python: str | None = None) -> dict:
    """Run ``case`` as ``python -m fairness ...`` in a child process limited to ``memory`` bytes
    of address space (RLIMIT_AS) and ``timeout`` seconds; its exit code, output, wall time and
    peak resident memory (``VmHWM`` of the child's own address space, sampled every 20 ms:
    ``ru_maxrss`` would include its parent's size, which a spawned child inherits at exec)."""
    import os
    import signal
    import sys
    import time
    from pathlib import Path

    folder = Path(folder)
    paths, game = dump(case, folder / "in")
    out, err = folder / "stdout", folder / "stderr"

    # the limit is set by the child itself (no preexec_fn: spawned, not forked)
    launcher = ("import resource, runpy, sys; "
                f"resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory})); "
                "sys.argv[0] = 'fairness'; runpy.run_module('fairness', run_name='__main__')")
    env = {**os.environ, "PYTHONWARNINGS": "default", "MPLBACKEND": "Agg"}
    started = time.perf_counter()
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    executable = python or sys.executable
    pid = os.posix_spawn(executable, [executable, "-c", launcher, *command(case, paths, game)],
                         env, setsid=True,
                         file_actions=[(os.POSIX_SPAWN_OPEN, 1, str(out), flags, 0o644),
                                       (os.POSIX_SPAWN_OPEN, 2, str(err), flags, 0o644)])
    deadline = started + timeout
    timed_out = False
    peak_kb = 0
    while True:
        try:
            with open(f"/proc/{pid}/status") as status_file:
                for line in status_file:
                    if line.startswith("VmHWM:"):
                        peak_kb = max(peak_kb, int(line.split()[1]))
        except (OSError, ValueError):
            pass
        done, status, _ = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.perf_counter() > deadline:
            os.killpg(pid, signal.SIGKILL)
            done, status, _ = os.wait4(pid, 0)
            timed_out = True
            break
        time.sleep(0.02)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    return {"name": case.name, "code": None if timed_out else code,
            "seconds": seconds, "rss_mb": peak_kb / 1024,
            "stdout": out.read_text("utf-8", "replace"),
            "stderr": err.read_text("utf-8", "replace"), "timed_out": timed_out}
