"""No raw name, username, phone or id leaves ingestion."""

from __future__ import annotations

import json

import pandas as pd

from fairness.evidence import places
from fairness.reading import ingest
from fairness.reading._collect import excerpt
from fairness.spec import Game

GAME = Game.from_dict({"name": "wheel", "outcomes": [
    {"label": "1%", "probability": 0.86},
    {"label": "3%", "probability": 0.13},
    {"label": "5%", "probability": 0.01},
]})

# Identities planted in the input; none may appear in any output table or the summary.
NAMES = ["Иннокентий Смоктуновский", "Zoltan Kodaly", "Батман Робинович", "Гость Тайный",
         "Чат Секретный"]
IDS = ["user987654321", "987654321", "user123123123", "123123123", "channel555666777",
       "555666777"]
PRIVATE = ["@secret_handle", "+7 912 345-67-89", "spy@example.org", "t.me/hidden_user"]


def message(msg_id, text, frm, from_id, **extra):
    return {"id": msg_id, "type": "message", "date": "2024-03-01T12:00:00",
            "date_unixtime": str(1709294400 + msg_id), "from": frm, "from_id": from_id,
            "text": text, **extra}


def planted_export(tmp_path, name="result.json"):
    messages = [
        message(1, "Крутил колесо, выпало 3%", NAMES[0], IDS[0]),
        message(2, "выпало то ли 3%, то ли 5%, пишите @secret_handle или +7 912 345-67-89",
                NAMES[1], 123123123),
        message(3, f"выпало 7%, {NAMES[0]} подтвердит, spy@example.org t.me/hidden_user",
                NAMES[2], IDS[4]),
        message(4, "выпало 5%", NAMES[2], IDS[4], forwarded_from=NAMES[3]),
        message(5, f"{NAMES[1]}, крутил трижды: 1%, 3%", NAMES[0], IDS[0]),
        {"id": 6, "type": "service", "actor": NAMES[1], "actor_id": IDS[2],
         "action": "invite_members", "members": [NAMES[0]], "text": ""},
        message(7, "", NAMES[1], IDS[2], poll={"question": f"{NAMES[0]} спрашивает",
                                               "answers": [{"text": "1%", "voters": 3},
                                                           {"text": "3%", "voters": 1}]}),
    ]
    data = {"name": NAMES[4], "type": "personal_chat", "id": 555666777, "messages": messages}
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def all_output_text(evidence) -> str:
    frames = [evidence.spins, evidence.tallies, evidence.rejected]
    parts = [frame.astype(str).to_csv(index=False) for frame in frames]
    parts.append(json.dumps(evidence.summary, ensure_ascii=False, default=str))
    return "\n".join(parts)


def test_no_raw_identity_in_any_output(tmp_path):
    evidence = ingest(planted_export(tmp_path), GAME, secret="dataset-key")
    assert evidence.summary["rejected"] >= 2  # the excerpts of those rows are checked too
    text = all_output_text(evidence)
    for secret in [*NAMES, *IDS, *PRIVATE]:
        assert secret.casefold() not in text.casefold(), secret
    for name in NAMES:
        for part in name.split():
            assert part.casefold() not in text.casefold(), part
    assert "[phone]" in text and "@[user]" in text and "[email]" in text and "[name]" in text


def test_pseudonyms_are_stable_across_files_and_runs(tmp_path):
    first = planted_export(tmp_path, "a.json")
    other = tmp_path / "b.json"
    other.write_text(json.dumps({"name": "x", "id": 2, "messages": [
        message(100, "выпало 1%", "Другое имя", IDS[0])]}, ensure_ascii=False),
        encoding="utf-8")
    together = ingest([first, other], GAME, secret="k")
    reporters = pd.Series(together.spins["reporter"].to_numpy(), index=places(together.spins))
    assert reporters["b.json:100"] == reporters["a.json:1"]
    again = ingest([first, other], GAME, secret="k")
    pd.testing.assert_series_equal(together.spins["reporter"], again.spins["reporter"])
    other_key = ingest([first, other], GAME, secret="another")
    assert set(other_key.spins["reporter"]) .isdisjoint(set(together.spins["reporter"]))
    assert all(str(r).startswith("r-") for r in together.spins["reporter"].dropna())


def test_excerpt_masks_names_and_is_one_short_line():
    text = "Иван Петров\nпишет: выпало 3% — звоните +7 (912) 345-67-89 " + "x" * 500
    short = excerpt(text, ["Иван Петров"])
    assert "\n" not in short and len(short) <= 120
    assert "Иван" not in short and "[name]" in short and "[phone]" in short


def test_pseudonyms_carry_64_bits():
    import re

    from fairness.reading.privacy import Pseudonymizer

    pseudonymize = Pseudonymizer("k")
    names = [f"user{i}" for i in range(2000)]
    made = [pseudonymize(n) for n in names]
    assert all(re.fullmatch(r"r-[0-9a-f]{16}", p) for p in made)
    assert len(set(made)) == len(names)
    assert pseudonymize("user1") == Pseudonymizer("k")("USER1")  # same key, same pseudonym
    assert pseudonymize("user1") != Pseudonymizer("other")("user1")


def test_compiled_names_live_in_the_callers_cache_only():
    # Masking compiles each name once per reading, in a cache the reader owns: nothing in the
    # process keeps the names of an upload after its reading ends.
    from fairness.reading import privacy

    patterns: dict = {}
    text = "ЗИНАИДА сказала: Зинаида Канарейкина выиграла"
    masked = privacy.mask_personal(text, names=("Зинаида Канарейкина", "Зинаида"),
                                   patterns=patterns)
    assert masked == "[name] сказала: [name] выиграла"
    assert set(patterns) == {"Зинаида Канарейкина", "Зинаида"}
    assert not any(callable(getattr(value, "cache_info", None))
                   for value in vars(privacy).values())


def test_readings_of_words_live_in_the_callers_cache_only():
    # The dictionary readings of names and excerpt words are kept for one reading, in the
    # cache the reader owns (the collector's, a table's), as the compiled names are.
    from fairness.reading import names

    cache: dict = {}
    texts = ["Вчера Зинаиде выпало 5%, спросите у Сергея", "крутил колесо 7%"]
    masked = names.mask_person_names(texts, ["Зинаида Канарейкина"], ner=False, cache=cache)
    assert masked == ["Вчера [name] выпало 5%, спросите у [name]", "крутил колесо 7%"]
    words = {key[1] for key in cache}
    assert {"зинаида", "зинаиде", "сергея", "крутил"} <= words
    # the same answer with a cache of its own, and again from the filled cache
    assert names.mask_person_names(texts, ["Зинаида Канарейкина"], ner=False) == masked
    assert names.mask_person_names(texts, ["Зинаида Канарейкина"], ner=False,
                                   cache=cache) == masked
    models = {"_morph", "_ner"}  # the dictionary and the NER model: no user data
    assert not any(callable(getattr(value, "cache_info", None))
                   for key, value in vars(names).items() if key not in models)


def test_ner_spans_are_those_of_a_natasha_doc():
    # The tagger is called on the joined excerpts directly: the same PER spans as
    # natasha.Doc.tag_ner (which also segments sentences, not needed here).
    from natasha import Doc, Segmenter

    from fairness.reading import names

    texts = ["Вчера Сергей Белоусов выиграл 5%, спросите у Жоры", "крутил колесо 7%",
             "", "Анна Петровна и Иван Иванович Сидоров крутили барабан", "   "]
    joined = "\n".join(texts)
    doc = Doc(joined)
    doc.segment(Segmenter())
    doc.tag_ner(names._ner())
    expected = [[] for _ in texts]
    starts = [sum(len(t) + 1 for t in texts[:i]) for i in range(len(texts))]
    for span in doc.spans:
        if span.type == "PER":
            line = max(i for i, start in enumerate(starts) if start <= span.start)
            expected[line].append((span.start - starts[line], span.stop - starts[line]))
    assert any(expected)
    assert names._ner_batch(texts) == expected
    assert names._ner_batch(["", " "]) == [[], []]
