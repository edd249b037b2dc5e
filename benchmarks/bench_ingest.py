"""Benchmark: ingest of a synthetic Telegram Desktop JSON export.

Generates an export of N messages (default 1,000,000) with a realistic mix of chatter, spin
reports, "me too" replies, forwards, polls, photos with captions and service messages, then
measures in fresh subprocesses:

* the wall time and peak memory (``ru_maxrss`` of the child) of ``fairness.ingest``;
* the wall time and peak memory of plain ``orjson.loads`` of the same file.

Targets (issue 3): peak memory of ingest at most 400 MB whatever the file size; wall time at most
4x that of ``orjson.loads``. Since issue 15 the excerpts of rejected messages are searched for
person names with the natasha NER model, a fixed cost of its own (~110 MB held, ~175 MB while it
loads) that no file size changes; the memory target is 400 MB plus that cost, measured in the
same run by a child that loads the model and masks a batch of excerpts, against the same child
without the model. Run::

    python benchmarks/bench_ingest.py [--messages N] [--quick] [--keep DIR]

``--quick`` uses 200,000 messages (the same targets).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MEMORY_TARGET_MB = 400
TIME_TARGET_RATIO = 4.0

GAME_TOML = """
name = "Колесо кэшбэка (benchmark)"
[[outcomes]]
label = "1%"
probability = 0.80
value = 1
[[outcomes]]
label = "3%"
probability = 0.15
value = 3
[[outcomes]]
label = "5%"
probability = 0.04
value = 5
[[outcomes]]
label = "10%"
probability = 0.01
value = 10
"""

_CHATTER = [
    "Всем привет!", "Кто-нибудь знает, когда начисляют кэшбэк?", "спасибо", "ага",
    "Банк опять поменял условия", "ну такое", "У меня приложение висит с утра",
    "Кэшбэк до 30% на всё у партнёров!", "Поддержка ответила через два часа",
    "а где посмотреть правила?", "ок", "Сегодня в 10:30 обновление", "😂😂😂",
    "Hello everyone", "good morning", "Я жду начисления уже неделю",
]
_REPORTS = [
    "Крутил колесо, выпало {o}", "выпало {o}", "#колесо {o}", "Крутанул барабан: {o} кэшбэка",
    "опять {o} 😢", "Сегодня выиграл {o}", "spin: {o}", "Крутила колесо — {o}",
]


def _outcome(rng: random.Random) -> str:
    return rng.choices(["1%", "3%", "5%", "10%"], weights=[80, 15, 4, 1])[0]


def _message(rng: random.Random, msg_id: int, t: int, users: list[tuple[str, str]]) -> dict:
    name, uid = users[rng.randrange(len(users))]
    base = {
        "id": msg_id, "type": "message",
        "date": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t + 3 * 3600)),
        "date_unixtime": str(t), "from": name, "from_id": uid,
    }
    kind = rng.random()
    if kind < 0.02:
        return {"id": msg_id, "type": "service", "date": base["date"],
                "date_unixtime": str(t), "actor": name, "actor_id": uid,
                "action": "pin_message", "message_id": msg_id - 1, "text": "",
                "text_entities": []}
    if kind < 0.70:
        text = rng.choice(_CHATTER)
        if rng.random() < 0.2:
            base["text"] = [text, {"type": "mention", "text": "@someone"}, " ок"]
            base["text_entities"] = [{"type": "plain", "text": text},
                                     {"type": "mention", "text": "@someone"},
                                     {"type": "plain", "text": " ок"}]
            return base
    elif kind < 0.85:
        text = rng.choice(_REPORTS).format(o=_outcome(rng))
        if rng.random() < 0.05:
            text = f"Крутил трижды: {_outcome(rng)}, {_outcome(rng)}, {_outcome(rng)}"
    elif kind < 0.90:
        text = f"+1, тоже {_outcome(rng)}"
        base["reply_to_message_id"] = max(1, msg_id - rng.randrange(1, 20))
    elif kind < 0.93:
        base["forwarded_from"] = users[rng.randrange(len(users))][0]
        text = rng.choice(_REPORTS).format(o=_outcome(rng))
    elif kind < 0.931:
        answers = [{"text": label, "voters": rng.randrange(0, 200), "chosen": False}
                   for label in ("1%", "3%", "5%", "10%", "не крутил")]
        base["poll"] = {"question": "Что выпало сегодня?", "closed": False,
                        "total_voters": sum(a["voters"] for a in answers), "answers": answers}
        text = ""
    else:
        base["photo"] = "(File not included. Change data exporting settings to download.)"
        base["width"] = 1280
        base["height"] = 960
        text = rng.choice(_REPORTS + _CHATTER).format(o=_outcome(rng))
    if rng.random() < 0.05:
        base["edited"] = base["date"]
        base["edited_unixtime"] = base["date_unixtime"]
    base["text"] = text
    base["text_entities"] = [{"type": "plain", "text": text}] if text else []
    return base


def generate(path: Path, n_messages: int, *, seed: int = 1) -> Path:
    """Write a single-chat Telegram Desktop JSON export of ``n_messages`` messages."""
    rng = random.Random(seed)
    users = [(f"Пользователь {i}", f"user{1_000_000 + i}") for i in range(5000)]
    t = 1_700_000_000
    with open(path, "w", encoding="utf-8") as out:
        out.write('{\n "name": "Кэшбэк-клуб",\n "type": "public_supergroup",\n'
                  ' "id": 1234567890,\n "messages": [\n')
        for msg_id in range(1, n_messages + 1):
            t += rng.randrange(0, 30)
            text = json.dumps(_message(rng, msg_id, t, users), ensure_ascii=False, indent=1)
            text = "  " + text.replace("\n", "\n  ")
            out.write(text)
            out.write(",\n" if msg_id < n_messages else "\n")
        out.write(" ]\n}\n")
    return path


_INGEST_CHILD = """
import sys, time, resource
t0 = time.perf_counter()
from fairness.reading import ingest
from fairness.spec import load_game
game = load_game(sys.argv[2])
imported = time.perf_counter() - t0
c0 = time.process_time()
t1 = time.perf_counter()
ev = ingest(sys.argv[1], game, secret="bench")
elapsed = time.perf_counter() - t1
cpu = time.process_time() - c0
s = ev.summary
print(elapsed, cpu, imported, s["read"], s["used"], s["rejected"], s["not_a_report"], s["spins"],
      s["tally_spins"])
"""

_ORJSON_CHILD = """
import sys, time, resource, orjson
c0 = time.process_time()
t0 = time.perf_counter()
with open(sys.argv[1], "rb") as f:
    data = orjson.loads(f.read())
elapsed = time.perf_counter() - t0
cpu = time.process_time() - c0
print(elapsed, cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, len(data["messages"]))
"""


# The name model's own peak: the same imports as the ingest child, then a batch of excerpts
# masked (natasha and pymorphy3 load); the first figure is the peak before the model.
_MODEL_CHILD = """
import resource
import fairness.reading, fairness.spec, pandas, pyarrow
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
from fairness.reading.names import mask_person_names
texts = ["Вчера Сергей Белоусов выиграл 5%, спросите у Жоры"] * 2000
assert "[name]" in mask_person_names(texts, ["Пользователь 1"])[0]
print(before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _run_child(code: str, *args: str) -> tuple[list[str], float]:
    """Run ``code`` in a fresh interpreter; return (printed fields, peak RSS of the children
    so far in MB, from ``getrusage(RUSAGE_CHILDREN).ru_maxrss``)."""
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[1])
    if done.returncode != 0:
        raise SystemExit(f"child failed:\n{done.stderr}")
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return done.stdout.split(), peak_kb / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=None, help="default 1,000,000")
    parser.add_argument("--quick", action="store_true", help="200,000 messages")
    parser.add_argument("--keep", type=Path, default=None,
                        help="write the export into this folder and keep it")
    args = parser.parse_args(argv)
    args.messages = args.messages or (200_000 if args.quick else 1_000_000)

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        export = folder / "result.json"
        game = folder / "game.toml"
        game.write_text(GAME_TOML, encoding="utf-8")
        t0 = time.perf_counter()
        generate(export, args.messages)
        size_mb = export.stat().st_size / 1e6
        print(f"generated {args.messages:,} messages, {size_mb:,.0f} MB "
              f"in {time.perf_counter() - t0:.1f} s")

        # ru_maxrss of RUSAGE_CHILDREN is a running maximum over the children waited for, so
        # the ingest child runs first: the figure read right after it is its own peak.
        i_fields, i_rss = _run_child(_INGEST_CHILD, str(export), str(game))
        i_time, i_cpu, i_import = map(float, i_fields[:3])
        read, used, rejected, not_a_report, spins, tally_spins = map(int, i_fields[3:9])
        o_fields, _ = _run_child(_ORJSON_CHILD, str(export))
        o_time, o_cpu, o_rss = float(o_fields[0]), float(o_fields[1]), int(o_fields[2]) / 1024
        m_fields, _ = _run_child(_MODEL_CHILD)
        model_mb = (int(m_fields[1]) - int(m_fields[0])) / 1024

    ratio = i_time / o_time
    cpu_ratio = i_cpu / o_cpu
    print(f"orjson read+loads: {o_time:6.2f} s wall, {o_cpu:6.2f} s CPU, peak memory "
          f"{o_rss:7.0f} MB")
    print(f"fairness.ingest:   {i_time:6.2f} s wall, {i_cpu:6.2f} s CPU, peak memory "
          f"{i_rss:7.0f} MB (imports {i_import:.1f} s, not counted)")
    print(f"accounting: read {read:,} = used {used:,} + rejected {rejected:,} + "
          f"not a report {not_a_report:,}; spins {spins:,}, tallied spins {tally_spins:,}")
    memory_target = MEMORY_TARGET_MB + model_mb
    mem_ok = i_rss <= memory_target
    time_ok = ratio <= TIME_TARGET_RATIO
    print(f"name model (natasha, pymorphy3) alone: {model_mb:.0f} MB at its peak")
    print(f"target peak memory <= {MEMORY_TARGET_MB} MB + the name model = "
          f"{memory_target:.0f} MB: {i_rss:.0f} MB {'OK' if mem_ok else 'MISSED'}")
    print(f"target time <= {TIME_TARGET_RATIO:g}x orjson: {ratio:.2f}x wall "
          f"({cpu_ratio:.2f}x CPU) {'OK' if time_ok else 'MISSED'}")
    if read != used + rejected + not_a_report or read != args.messages:
        print("ACCOUNTING ERROR")
        return 2
    return 0 if (mem_ok and time_ok) else 1


if __name__ == "__main__":
    sys.exit(main())
