"""Telegram Desktop exports (JSON and HTML) and the ingest() entry point."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fairness.errors import DataError
from fairness.evidence import places
from fairness.logs import reporter_sequences
from fairness.reading import Ingested, detect_format, ingest
from fairness.spec import Game

GAME = Game.from_dict({"name": "wheel", "outcomes": [
    {"label": "1%", "probability": 0.86, "value": 1},
    {"label": "3%", "probability": 0.13, "value": 3},
    {"label": "5%", "probability": 0.01, "value": 5},
]})


def msg(msg_id: int, text="", *, frm="Иван Петров", from_id="user111",
        date="2024-03-01T12:00:00", unix: str | None = "1709294400", **extra) -> dict:
    message = {"id": msg_id, "type": "message"}
    if date is not None:
        message["date"] = date
    if unix is not None:
        message["date_unixtime"] = unix
    if frm is not None:
        message["from"] = frm
    if from_id is not None:
        message["from_id"] = from_id
    message["text"] = text
    message.update(extra)
    return message


def export(messages, name="Кэшбэк-клуб", chat_id=424242) -> dict:
    return {"name": name, "type": "public_supergroup", "id": chat_id, "messages": messages}


def write(path: Path, data) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def check_accounting(evidence, read=None):
    s = evidence.summary
    assert s["read"] == s["used"] + s["rejected"] + s["not_a_report"]
    assert s["rejected"] == len(evidence.rejected)
    assert s["spins"] == len(evidence.spins)
    assert sum(s["rejected_by_reason"].values()) == s["rejected"]
    if read is not None:
        assert s["read"] == read


# -- JSON: shapes and variants ------------------------------------------------------------------

def test_single_chat_variants(tmp_path):
    messages = [
        {"id": 1, "type": "service", "date": "2024-03-01T11:00:00", "actor": "Иван Петров",
         "actor_id": "user111", "action": "create_group", "text": ""},
        msg(2, "Крутил колесо, выпало 3%"),
        msg(3, ["Крутил ", {"type": "bold", "text": "колесо"}, ": 5%"], frm="Анна",
            from_id="user222"),
        msg(4, "", frm="Анна", from_id="user222",
            text_entities=[{"type": "plain", "text": "выпало 1%"}]),
        msg(5, "выпало 1%", from_id=4325636679, unix=None, date="2020-01-01T00:00:02"),
        msg(6, "выпало 1%", frm=None, from_id=None, unix="1709294500", date=None),
        msg(7, "выпало 3%", from_id="channel555", frm="Канал"),
        msg(8, "привет всем", edited="2024-03-01T12:10:00"),
        msg(9, "Крутила барабан, 1%", photo="(File not included.)", width=1, height=1),
        {"id": 10, "type": "unsupported", "date": "2024-03-01T12:00:00"},
        msg(11, "кэшбэк до 30% у партнёров, крутите колесо"),
        msg(12, "выпало то ли 3%, то ли 5%"),
    ]
    evidence = ingest(write(tmp_path / "result.json", export(messages)), GAME, secret="k")
    assert isinstance(evidence, Ingested)
    check_accounting(evidence, read=12)
    assert evidence.spins["outcome"].tolist() == ["3%", "5%", "1%", "1%", "1%", "3%", "1%"]
    s = evidence.summary
    assert s["used"] == 7 and s["rejected"] == 1 and s["not_a_report"] == 4
    assert evidence.rejected["reason"].tolist() == ["ambiguous: 3% or 5%"]
    assert places(evidence.rejected) == ["result.json:12"]
    assert places(evidence.spins)[0] == "result.json:2"
    # date_unixtime is preferred; a naive `date` is read as UTC (one such time here)
    assert evidence.spins["reported_at"].iloc[0] == pd.Timestamp("2024-03-01T12:00:00Z")
    assert evidence.spins["reported_at"].iloc[3] == pd.Timestamp("2020-01-01T00:00:02Z")
    assert s["naive_times"] == 1
    assert evidence.spins["value"].tolist() == [3, 5, 1, 1, 1, 3, 1]
    # a bare integer from_id is the same person as "user<id>"
    assert evidence.spins["reporter"].iloc[3] == ingest(
        write(tmp_path / "b.json", export([msg(1, "выпало 1%", from_id="user4325636679")])),
        GAME, secret="k").spins["reporter"].iloc[0]
    assert evidence.spins["reporter"].iloc[4] is None  # no sender at all


def test_timezone_option_for_naive_dates(tmp_path):
    path = write(tmp_path / "result.json",
                 export([msg(1, "выпало 1%", unix=None, date="2024-03-01T12:00:00")]))
    moscow = ingest(path, GAME, timezone="Europe/Moscow")
    assert moscow.spins["reported_at"].iloc[0] == pd.Timestamp("2024-03-01T09:00:00Z")
    with pytest.raises(ValueError, match="timezone"):
        ingest(path, GAME, timezone="Mars/Olympus")


def test_full_account_export(tmp_path):
    data = {
        "about": "x",
        "personal_information": {"user_id": 1, "first_name": "Я", "phone_number": "+7 900"},
        "contacts": {"about": "", "list": [{"first_name": "Контакт", "phone_number": "+7"}]},
        "chats": {"about": "", "list": [
            {"name": "Чат один", "type": "private_group", "id": 11,
             "messages": [msg(5, "выпало 1%"), msg(6, "привет")]},
            {"name": "Чат два", "type": "private_supergroup", "id": 22,
             "messages": [msg(5, "выпало 3%"), msg(7, "+1", reply_to_message_id=5,
                                                     from_id="user333", frm="Пётр")]},
        ]},
        "left_chats": {"about": "", "list": [
            {"name": "Старый", "type": "public_supergroup", "id": 33,
             "messages": [msg(1, "#колесо 5%")]},
        ]},
    }
    evidence = ingest(write(tmp_path / "result.json", data), GAME)
    check_accounting(evidence, read=5)
    assert evidence.spins["outcome"].tolist() == ["1%", "3%", "3%", "5%"]
    assert places(evidence.spins) == [
        "result.json:chat 1:5", "result.json:chat 2:5", "result.json:chat 2:7",
        "result.json:chat 3:1"]


def test_top_level_list_of_messages(tmp_path):
    evidence = ingest(write(tmp_path / "msgs.json", [msg(1, "выпало 1%"), msg(2, "ок")]), GAME)
    check_accounting(evidence, read=2)
    assert evidence.summary["spins"] == 1


def test_replies_me_too(tmp_path):
    messages = [
        msg(1, "выпало 3%", from_id="user1", frm="A"),
        msg(2, "+1", from_id="user2", frm="B", reply_to_message_id=1),
        msg(3, "+1, тоже 1%", from_id="user3", frm="C", reply_to_message_id=1),
        msg(4, "+1", from_id="user4", frm="D", reply_to_message_id=99),  # unknown target
        msg(5, "поздравляю!", from_id="user5", frm="E", reply_to_message_id=1),
    ]
    evidence = ingest(write(tmp_path / "result.json", export(messages)), GAME, secret="s")
    check_accounting(evidence, read=5)
    assert evidence.spins["outcome"].tolist() == ["3%", "3%", "1%"]
    assert evidence.spins["reporter"].nunique() == 3  # each spin is its author's


def test_seq_orders_each_reporters_spins_by_time(tmp_path):
    messages = [msg(1, "выпало 3%", unix="300"), msg(2, "выпало 1%", unix="100"),
                msg(3, "выпало 5%", unix="200", from_id="user9", frm="Z")]
    evidence = ingest(write(tmp_path / "result.json", export(messages)), GAME)
    assert evidence.spins["seq"].isna().all()  # messages are not numbered spins
    sequences = reporter_sequences(evidence.spins)
    first, other = (evidence.spins.set_index(pd.Index(places(evidence.spins)))["reporter"]
                    .loc[["result.json:1", "result.json:3"]])
    labels = list(GAME.labels)
    # message 2 (1%, at 100 s) comes before message 1 (3%, at 300 s) in its sender's log
    assert [labels[c] for c in sequences[first]] == ["1%", "3%"]
    assert [labels[c] for c in sequences[other]] == ["5%"]


# -- duplicates ---------------------------------------------------------------------------------

def test_overlapping_exports_count_once(tmp_path):
    first = write(tmp_path / "a.json", export([msg(1, "выпало 1%"), msg(2, "выпало 3%"),
                                               msg(3, "привет")]))
    second = write(tmp_path / "b.json", export([msg(2, "выпало 3%"), msg(3, "привет"),
                                                msg(4, "выпало 5%")]))
    evidence = ingest([first, second], GAME)
    check_accounting(evidence, read=6)
    assert evidence.spins["outcome"].tolist() == ["1%", "3%", "5%"]
    s = evidence.summary
    assert s["duplicates"] == 1 and s["rejected_by_reason"] == {"duplicate": 1}
    assert places(evidence.rejected) == ["b.json:2"]
    assert "a.json:2" in evidence.rejected["reason"].iloc[0]
    assert s["not_a_report"] == 2  # chatter seen twice stays chatter


def test_forwards_of_the_same_original_count_once(tmp_path):
    messages = [
        msg(1, "Крутил колесо: 5%", frm="Автор", from_id="user7"),
        msg(2, "Крутил колесо: 5%", frm="Модератор", from_id="user8", forwarded_from="Автор"),
        msg(3, "выпало 3%", frm="Модератор", from_id="user8", forwarded_from="Гость"),
        msg(4, "выпало 3%", frm="Другой", from_id="user9", forwarded_from="Гость"),
    ]
    evidence = ingest(write(tmp_path / "result.json", export(messages)), GAME, secret="s")
    check_accounting(evidence, read=4)
    assert sorted(evidence.spins["outcome"].tolist()) == ["3%", "5%"]
    assert evidence.summary["duplicates"] == 2
    # the forwarded spin belongs to the original author, not to the forwarder
    forwarded = evidence.spins.loc[evidence.spins["outcome"] == "3%", "reporter"].iloc[0]
    assert forwarded not in set(evidence.spins.loc[evidence.spins["outcome"] == "5%",
                                                   "reporter"])


def test_forward_read_before_its_original_still_counts_once(tmp_path):
    forward = write(tmp_path / "a.json", export(
        [msg(10, "выпало 5%", frm="Модератор", from_id="user8", forwarded_from="Автор")],
        name="Другой чат", chat_id=1))
    original = write(tmp_path / "b.json", export([msg(1, "выпало 5%", frm="Автор",
                                                       from_id="user7")]))
    evidence = ingest([forward, original], GAME)
    check_accounting(evidence, read=2)
    assert evidence.summary["spins"] == 1
    assert places(evidence.rejected) == ["a.json:10"]


# -- broken JSON --------------------------------------------------------------------------------

def test_truncated_json_names_file_and_last_message(tmp_path):
    text = json.dumps(export([msg(i, "выпало 1%") for i in range(1, 6)]), indent=1)
    path = tmp_path / "result.json"
    path.write_text(text[: text.index('"id": 5') + 4], encoding="utf-8")  # inside msg 5
    with pytest.raises(DataError) as info:
        ingest(path, GAME)
    message = str(info.value)
    assert "result.json" in message and "truncated" in message and "msg 4" in message
    assert "\n" not in message
    # no Python advice on any surface; the same line in Russian
    assert "partial" not in message
    assert "после сообщения 4" in info.value.message("ru")
    kept = ingest(path, GAME, partial=True)
    check_accounting(kept, read=5)
    assert kept.summary["spins"] == 4
    assert kept.rejected["reason"].iloc[0].startswith("truncated")


def test_raw_control_characters_are_repaired(tmp_path):
    text = json.dumps(export([msg(1, "выпало XX1%"), msg(2, "выпало 3%TABура")]),
                      ensure_ascii=False)
    raw = text.replace("XX", "\x01\x02").replace("TAB", "\t").encode("utf-8")
    path = tmp_path / "result.json"
    path.write_bytes(raw)
    evidence = ingest(path, GAME)
    check_accounting(evidence, read=2)
    assert evidence.spins["outcome"].tolist() == ["1%", "3%"]
    assert any("repaired" in note for note in evidence.summary["notes"])


def test_raw_newline_inside_string_and_bad_utf8(tmp_path):
    text = json.dumps(export([msg(1, "Крутил трижды:@1%@1%@3%"), msg(2, "пока BAD")]),
                      ensure_ascii=False)
    raw = text.replace("@", "\n").encode("utf-8").replace(b"BAD", b"\xff\xfe")
    path = tmp_path / "result.json"
    path.write_bytes(raw)
    evidence = ingest(path, GAME)
    check_accounting(evidence, read=2)
    assert evidence.spins["outcome"].tolist() == ["1%", "1%", "3%"]


def test_big_integers_and_duplicate_keys(tmp_path):
    raw = ('{"name": "x", "id": 123456789012345678901234567890, "messages": ['
           '{"id": 1, "type": "message", "from_id": 98765432109876543210987, '
           '"text": "выпало 5%", "text": "выпало 3%"}]}')
    path = tmp_path / "result.json"
    path.write_text(raw, encoding="utf-8")
    evidence = ingest(path, GAME)
    check_accounting(evidence, read=1)
    assert evidence.spins["outcome"].tolist() == ["3%"]  # the last value of a duplicate key


@pytest.mark.parametrize(("content", "match"), [
    (b"", "empty"),
    (b"   \n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
    (b"\x00\x01\x02binary", "binary"),
    (b"hello, this is not json", "not JSON"),
    (b'{"foo": [1, 2, 3]}', "not a Telegram"),
    (b'{"messages": [{"id": 1,, }]}', "not valid JSON"),
])
def test_broken_json_files_give_one_line_errors(tmp_path, content, match):
    path = tmp_path / "result.json"
    path.write_bytes(content)
    with pytest.raises(DataError, match=match) as info:
        ingest(path, GAME)
    assert "result.json" in str(info.value) and "\n" not in str(info.value)


def test_missing_file_and_unknown_format(tmp_path):
    with pytest.raises(DataError, match="not found"):
        ingest(tmp_path / "nope.json", GAME)
    odd = tmp_path / "data.xyz"
    odd.write_text("something", encoding="utf-8")
    with pytest.raises(DataError, match="unknown format"):
        ingest(odd, GAME)
    with pytest.raises(DataError, match="no Telegram export"):
        ingest(tmp_path, GAME)
    with pytest.raises(TypeError, match="unexpected keyword argument .colums."):
        ingest(odd, GAME, colums={})


def test_zip_with_result_json(tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("ChatExport/result.json",
                    json.dumps(export([msg(1, "выпало 5%"), msg(2, "ок")]), ensure_ascii=False))
    evidence = ingest(archive, GAME)
    check_accounting(evidence, read=2)
    assert places(evidence.spins) == ["export.zip/ChatExport/result.json:1"]


# -- HTML ---------------------------------------------------------------------------------------

def html_page(body: str, chat="Кэшбэк-клуб") -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"/><title>Exported Data</title>'
            f'</head><body><div class="page_wrap"><div class="page_header"><div class="content">'
            f'<div class="text bold">{chat}</div></div></div><div class="page_body chat_page">'
            f'<div class="history">{body}</div></div></div></body></html>')


def html_message(msg_id, text, *, sender="Иван Петров", title="01.03.2024 12:00:00",
                 joined=False, extra="") -> str:
    sender_html = "" if joined else f'<div class="from_name">{sender}</div>'
    cls = "message default clearfix" + (" joined" if joined else "")
    text_html = f'<div class="text">{text}</div>' if text is not None else ""
    return (f'<div class="{cls}" id="message{msg_id}"><div class="body">'
            f'<div class="pull_right date details" title="{title}">12:00</div>'
            f'{sender_html}{extra}{text_html}</div></div>')


def divider(msg_id, text="1 March 2024"):
    return (f'<div class="message service" id="message{msg_id}">'
            f'<div class="body details">{text}</div></div>')


def html_export(folder: Path) -> Path:
    folder.mkdir()
    pages = {
        "messages.html": divider(-1) + html_message(1, "Крутил колесо, выпало 3%")
        + html_message(2, "и ещё раз выпало 1%", joined=True)
        + '<div class="message service" id="message3"><div class="body details">'
          'Иван Петров joined group</div></div>',
        "messages2.html": html_message(4, "выпало 5%", sender="Анна",
                                       title="01.03.2024 15:00:00 UTC+03:00"),
        "messages10.html": html_message(5, "+1", sender="Пётр", extra=(
            '<div class="reply_to details">In reply to <a href="#go_to_message4" '
            'onclick="return GoToMessage(4)">this message</a></div>'))
        + html_message(6, None, sender="Админ", extra=(
            '<div class="media_wrap clearfix"><div class="media_poll">'
            '<div class="question bold">Что выпало?</div><div class="details">Anonymous poll'
            '</div><div class="answer">- 1% <span class="details">12 votes</span></div>'
            '<div class="answer">- 3% <span class="details">2 votes</span></div>'
            '<div class="answer">- не крутил <span class="details">4 votes</span></div>'
            '</div></div>'))
        + html_message(7, "выпало 1%", sender="Мария", extra=(
            '<div class="forwarded body"><div class="from_name">Гость '
            '<span class="date details" title="01.03.2024 11:00:00"> 01.03.2024</span></div>'
            '<div class="text">выпало 1%</div></div>')),
    }
    for name, body in pages.items():
        (folder / name).write_text(html_page(body), encoding="utf-8")
    return folder


def test_html_folder(tmp_path):
    folder = html_export(tmp_path / "ChatExport")
    assert detect_format(folder) == "telegram_html"
    evidence = ingest(folder, GAME, secret="s")
    check_accounting(evidence, read=7)  # the divider is not a message
    assert evidence.spins["outcome"].tolist() == ["3%", "1%", "5%", "5%", "1%"]
    reporters = evidence.spins["reporter"].tolist()
    assert reporters[0] == reporters[1]  # "joined" inherits the sender
    times = evidence.spins["reported_at"].tolist()
    assert times[0] == pd.Timestamp("2024-03-01T12:00:00Z")
    assert times[2] == pd.Timestamp("2024-03-01T12:00:00Z")  # 15:00 UTC+03:00
    assert list(evidence.tallies["count"]) == [12, 2]
    sources = places(evidence.spins)
    assert sources[2].startswith("ChatExport/messages2.html")
    assert sources[3].startswith("ChatExport/messages10.html")  # numeric order


def test_html_zip_and_file(tmp_path):
    folder = html_export(tmp_path / "ChatExport")
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for page in sorted(folder.iterdir()):
            zf.write(page, f"ChatExport/{page.name}")
    from_zip = ingest(archive, GAME, secret="s")
    from_folder = ingest(folder, GAME, secret="s")
    assert from_zip.spins["outcome"].tolist() == from_folder.spins["outcome"].tolist()
    single = ingest(folder / "messages.html", GAME)
    check_accounting(single, read=3)


def test_html_and_json_of_the_same_chat_count_once(tmp_path):
    json_path = write(tmp_path / "result.json", export([msg(4, "выпало 5%", frm="Анна")]))
    folder = html_export(tmp_path / "ChatExport")
    evidence = ingest([json_path, folder], GAME)
    check_accounting(evidence, read=8)
    assert evidence.summary["duplicates"] == 1


def test_broken_html(tmp_path):
    path = tmp_path / "messages.html"
    path.write_bytes(b"<html><body><p>nothing here</p></body></html>")
    with pytest.raises(DataError, match="not a Telegram"):
        ingest(path, GAME)
    path.write_bytes(b"")
    with pytest.raises(DataError, match="empty"):
        ingest(path, GAME)


# -- arbitrary bytes ----------------------------------------------------------------------------

@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400), st.sampled_from(["result.json", "messages.html", "data.txt",
                                                 "export.zip", "data"]))
def test_arbitrary_bytes_raise_only_data_error(tmp_path, content, name):
    path = tmp_path / name
    path.write_bytes(content)
    try:
        evidence = ingest(path, GAME)
    except DataError as exc:
        assert "\n" not in str(exc)
    else:
        check_accounting(evidence)


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(max_size=60), max_size=8), st.integers(0, 400))
def test_valid_exports_cut_anywhere_are_read_or_refused_cleanly(tmp_path, texts, cut):
    raw = json.dumps(export([msg(i, t) for i, t in enumerate(texts, 1)]),
                     ensure_ascii=False).encode("utf-8")
    path = tmp_path / "result.json"
    path.write_bytes(raw[: max(1, len(raw) - cut)])
    try:
        evidence = ingest(path, GAME, partial=True)
    except DataError as exc:
        assert "\n" not in str(exc)
    else:
        check_accounting(evidence)
        assert evidence.summary["read"] <= len(texts) + 1


# -- several kinds of files in one call -----------------------------------------------------------

def test_tables_tallies_and_exports_merge(tmp_path):
    csv = tmp_path / "spins.csv"
    csv.write_bytes("Дата;Результат;Пользователь\n01.02.2024 10:30;1%;Вася\n"
                    "01.02.2024 11:00;3%;Петя\n02.02.2024 12:00;7%;Вася\n".encode("cp1251"))
    summary = tmp_path / "итоги.txt"
    summary.write_text("1% — 340\n3% — 52\n", encoding="utf-8")
    chat = write(tmp_path / "result.json", export([msg(1, "выпало 5%"), msg(2, "ок")]))
    assert detect_format(csv) == "table"
    evidence = ingest([csv, summary, chat], GAME, secret="k")
    check_accounting(evidence, read=3 + 2 + 2)
    assert list(evidence.counts()) == [341, 53, 1]
    assert evidence.summary["rejected_by_reason"] == {"unknown outcome": 1}
    text = evidence.rejected.to_csv() + evidence.spins.to_csv()
    assert "Вася" not in text and "Петя" not in text
