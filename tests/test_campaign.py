"""Stored campaigns through the Python API, on SQLite and on PostgreSQL (``store_url``).

The "done when" of issue 17: the bundled chat added three ways (JSON twice, the HTML export as a
zip once) holds the same spins and gives the same verdict as one ``fairness check``.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

import fairness
from fairness.campaign import Campaign, Store, list_campaigns
from fairness.campaign.form import RATE_LIMIT
from fairness.errors import DataError
from tests.conftest import DATASETS

GAME_PATH = DATASETS / "games" / "cashback_wheel.toml"
CHAT_JSON = DATASETS / "telegram" / "json" / "result.json"
CHAT_HTML = DATASETS / "telegram" / "html"
DEMO = DATASETS / "spins" / "demo_cashback.csv"


@pytest.fixture(scope="module")
def game():
    return fairness.load_game(GAME_PATH)


def html_zip(tmp_path):
    """The HTML export as Telegram Desktop zips it (as tests/test_ingest_telegram.py does)."""
    archive = tmp_path / "ChatExport.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for page in sorted(CHAT_HTML.iterdir()):
            zf.write(page, f"ChatExport/{page.name}")
    return archive


def verdict_json(answer) -> dict:
    out = answer.to_dict("en") if hasattr(answer, "to_dict") else None
    if out is None:
        from fairness import report

        out = json.loads(report.to_json(answer, "en"))
    out.pop("accounting", None)  # the reader's counts: three batches read the chat three times
    return out


def same_codes(a: pd.Series, b: pd.Series) -> bool:
    """Equal up to the names of the values (pseudonyms from two keys), in order."""
    return (pd.factorize(a.astype(object))[0] == pd.factorize(b.astype(object))[0]).all()


# -- done when --------------------------------------------------------------------------------

def test_the_chat_added_three_ways_is_one_check(store_url, game, tmp_path):
    campaign = Campaign.create(store_url, "Копилка", game)
    first = campaign.add([CHAT_JSON])
    again = campaign.add([CHAT_JSON])
    html = campaign.add([html_zip(tmp_path)])
    assert first.new_spins == 189 and first.new_tally_spins == 16
    assert again.new_spins == 0 and again.new_tally_spins == 0 and again.already_stored == 194
    assert html.new_spins == 0 and html.new_tally_spins == 0 and html.already_stored == 194
    assert [first.kind, html.kind] == ["telegram", "telegram"]
    assert first.summary["read"] == 422  # every batch keeps the reader's accounting

    once = fairness.ingest([CHAT_JSON], game)
    kept = campaign.evidence()
    columns = ["outcome", "reported_at", "segment", "value"]
    def values(frame):  # values, not dtypes (stored text comes back as categoricals)
        frame = frame.astype(object)
        return frame.where(frame.notna(), None)

    pd.testing.assert_frame_equal(values(kept.spins[columns]), values(once.spins[columns]))
    assert same_codes(kept.spins["reporter"], once.spins["reporter"])
    assert kept.tallies["count"].tolist() == once.tallies["count"].tolist()
    assert kept.counts().tolist() == once.counts().tolist()

    expected = fairness.verdict(fairness.analyze(once, game))
    result = campaign.check()
    assert result.level == expected.level == "suspicious"
    assert verdict_json(result.verdict) == verdict_json(expected)
    assert result.n_spins == 205 and result.previous is None and result.number == 1


# -- nothing twice ------------------------------------------------------------------------------

def test_a_table_again_or_a_longer_export_adds_only_new_rows(store_url, game, tmp_path):
    lines = DEMO.read_text(encoding="utf-8").splitlines()
    first = tmp_path / "first.csv"
    first.write_text("\n".join(lines[:5001]) + "\n", encoding="utf-8")
    longer = tmp_path / "longer.csv"  # another name, the same rows and 3000 more
    longer.write_text("\n".join(lines) + "\n", encoding="utf-8")
    campaign = Campaign.create(store_url, "demo", game)
    assert campaign.add(first).new_spins == 5000
    assert campaign.add(first).new_spins == 0
    added = campaign.add(longer)
    assert (added.new_spins, added.already_stored) == (3000, 5000)
    assert added.kind == "table"
    kept = campaign.evidence()
    once = fairness.ingest([DEMO], game)
    assert kept.counts().tolist() == once.counts().tolist()
    last = kept.spins.iloc[-1]  # where the row was read: the longer export's last line
    place = f"{last['source']}:{last['item']}" if "item" in kept.spins else last["source"]
    assert place.endswith("longer.csv:8001")


def test_identical_rows_count_by_how_many_there_are(store_url, game, tmp_path):
    few, more = tmp_path / "few.csv", tmp_path / "more.csv"
    few.write_text("outcome\n" + "1%\n" * 10 + "3%\n", encoding="utf-8")
    more.write_text("outcome\n" + "1%\n" * 15 + "3%\n", encoding="utf-8")
    campaign = Campaign.create(store_url, "tallyish", game)
    assert campaign.add(few).new_spins == 11
    assert campaign.add(more).new_spins == 5
    assert campaign.evidence().n_spins == 16


def test_pasted_tallies_are_kept_once(store_url, game, tmp_path):
    text = tmp_path / "summary.txt"
    text.write_text("1% — 340, 3% — 52, 5% — 12\n", encoding="utf-8")
    campaign = Campaign.create(store_url, "tallies", game)
    batch = campaign.add(text)
    assert batch.new_tally_spins == 404 and batch.kind == "tallies"
    assert campaign.add(text).new_tally_spins == 0
    assert campaign.evidence().n_spins == 404


def test_a_json_export_of_another_chat_is_refused(store_url, game, tmp_path):
    data = json.loads(CHAT_JSON.read_text(encoding="utf-8"))
    data["id"] = int(data["id"]) + 1
    other = tmp_path / "result.json"
    other.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    campaign = Campaign.create(store_url, "chat", game)
    campaign.add(CHAT_JSON)
    with pytest.raises(DataError, match="message ids of two chats"):
        campaign.add(other)
    assert len(campaign.batches()) == 1


# -- privacy ----------------------------------------------------------------------------------

def test_reporters_keep_their_pseudonym_and_no_name_is_stored(store_url, game, tmp_path):
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    one.write_text("outcome,reported_at,reporter\n1%,2026-03-01 10:00,Анна Каренина\n"
                   "3%,2026-03-01 11:00,boris_77\n", encoding="utf-8")
    two.write_text("outcome,reported_at,reporter\n5%,2026-03-02 10:00,Анна Каренина\n",
                   encoding="utf-8")
    campaign = Campaign.create(store_url, "privacy", game)
    campaign.add(one, added_by="moderator Olga")
    campaign.add(two)
    spins = campaign.evidence().spins
    assert spins["reporter"].iloc[0] == spins["reporter"].iloc[2]
    assert spins["reporter"].iloc[0] == campaign.pseudonym("Анна Каренина")
    assert spins["reporter"].iloc[0] != spins["reporter"].iloc[1]
    assert campaign.batches()["added_by"].iloc[0] == campaign.pseudonym("moderator Olga")
    # nothing of the names anywhere in the store
    store = Store(store_url)
    with store.engine.connect() as connection:
        metadata = sa.MetaData()
        metadata.reflect(bind=connection)
        for table in metadata.sorted_tables:
            for row in connection.execute(sa.select(table)):
                text = " ".join(str(v) for v in row)
                for name in ("Анна", "Каренина", "boris", "Olga"):
                    assert name not in text, (table.name, text)
    # another campaign, another key: the same member cannot be linked across campaigns
    assert Campaign.create(store, "other", game).pseudonym("Анна Каренина") != (
        campaign.pseudonym("Анна Каренина"))


# -- moderation, history, monitoring ------------------------------------------------------------

def test_exclude_and_restore_a_batch_and_a_reporter(store_url, game, tmp_path):
    campaign = Campaign.create(store_url, "moderated", game)
    campaign.add(CHAT_JSON)
    extra = tmp_path / "extra.csv"
    extra.write_text("outcome,reporter\n" + "10%,spammer\n" * 30 + "1%,someone\n",
                     encoding="utf-8")
    campaign.add(extra)
    spammer = campaign.pseudonym("spammer")
    assert campaign.check().n_spins == 205 + 31
    campaign.exclude(reporter=spammer, reason="thirty 10% wins in a row")
    result = campaign.check()
    assert result.n_spins == 206 and result.n_excluded == 30
    assert result.excluded == ({"kind": "reporter", "target": spammer,
                                "reason": "thirty 10% wins in a row", "spins": 30},)
    assert "thirty 10% wins in a row (30 spins)" in result.excluded_text("en")
    assert "участник " + spammer in result.excluded_text("ru")
    campaign.exclude(batch=1, reason="exported by a bot")
    assert campaign.check().n_spins == 1
    with pytest.raises(DataError, match="already excluded"):
        campaign.exclude(batch=1, reason="again")
    campaign.restore(batch=1, reason="the bot was fine")
    campaign.restore(reporter=spammer, reason="screenshots checked")
    assert campaign.check().n_spins == 236
    log = campaign.exclusions()
    assert log["kind"].tolist() == ["reporter", "batch"]
    assert not log["active"].any() and log["restore_reason"].tolist() == [
        "screenshots checked", "the bot was fine"]
    assert campaign.batches()["excluded"].tolist() == [False, False]
    for bad, match in [({"batch": 9, "reason": "x"}, "no batch 9"),
                       ({"reporter": "r-0000", "reason": "x"}, "no spins of reporter"),
                       ({"batch": 1, "reason": " "}, "give a reason"),
                       ({"batch": 1, "reporter": spammer, "reason": "x"}, "either")]:
        with pytest.raises(DataError, match=match):
            campaign.exclude(**bad)
    with pytest.raises(DataError, match="not excluded"):
        campaign.restore(batch=1, reason="x")


def test_history_and_what_changed_in_both_languages(store_url, game, tmp_path):
    lines = DEMO.read_text(encoding="utf-8").splitlines()
    parts = []
    for i, (start, stop) in enumerate([(1, 301), (301, 8001)]):
        part = tmp_path / f"part{i}.csv"
        part.write_text("\n".join([lines[0], *lines[start:stop]]) + "\n", encoding="utf-8")
        parts.append(part)
    campaign = Campaign.create(store_url, "demo", game)
    campaign.add(parts[0])
    first = campaign.check()
    assert first.change("en") == "First check of this campaign: 300 spins."
    assert first.change("ru") == "Первая проверка этой кампании: 300 вращений."
    campaign.add(parts[1])
    second = campaign.check()
    assert second.level == "inconsistent" and second.evalue > first.evalue
    today = second.previous["checked_at"]
    month = today.strftime("%B")
    assert second.change("en").startswith(f"+7,700 spins since {today.day} {month}; E rose from ")
    assert second.change("en").endswith(": now inconsistent with the stated odds.")
    assert second.change("ru").startswith("+7\u00a0700 вращений с ")
    assert "E выросло с " in second.change("ru")
    assert second.change("ru").endswith("теперь «не соответствует заявленным шансам».")
    third = campaign.check(record=False)
    assert third.number is None and "no new spins since" in third.change("en")
    assert "still inconsistent" in third.change("en")
    history = campaign.history()
    assert history["number"].tolist() == [1, 2]
    assert history["n_spins"].tolist() == [300, 8000]
    assert history["level"].tolist() == [first.level, "inconsistent"]
    assert history["evalue"].iloc[1] == pytest.approx(second.evalue)
    assert history["fit_p"].iloc[1] == pytest.approx(second.analysis.fit.pvalue)
    assert history["checked_at"].dt.tz is not None
    path = campaign.evalue_path()
    assert path["n"].tolist() == [300, 8000]
    assert path["evalue"].iloc[-1] == pytest.approx(second.evalue, rel=1e-9)
    listed = list_campaigns(store_url)
    assert listed.loc[0, "name"] == "demo" and listed.loc[0, "spins"] == 8000
    assert listed.loc[0, "level"] == "inconsistent"


def test_rules_change_splits_spins_by_period(store_url, game, tmp_path):
    data = tmp_path / "spins.csv"
    data.write_text("outcome,reported_at\n1%,2026-01-05\n3%,2026-01-06\n5%,2026-02-05\n",
                    encoding="utf-8")
    campaign = Campaign.create(store_url, "rules", game)
    campaign.add(data)
    assert campaign.update_rules(game, valid_from=dt.date(2026, 2, 1)) == 2
    assert campaign.evidence().n_spins == 1
    assert campaign.evidence(rules_version=1).n_spins == 2
    untimed = tmp_path / "untimed.csv"
    untimed.write_text("outcome\n10%\n", encoding="utf-8")
    campaign.add(untimed)  # no time: the rules current when it was added
    assert campaign.evidence().n_spins == 2
    assert campaign.rules()["version"].tolist() == [1, 2]
    with pytest.raises(DataError, match="start after"):
        campaign.update_rules(game, valid_from=dt.date(2026, 1, 1))


# -- members' reports ---------------------------------------------------------------------------

def test_member_reports_are_checked_as_penguin_does(store_url, game):
    campaign = Campaign.create(store_url, "form", game)
    now = dt.datetime(2026, 3, 10, 12, tzinfo=dt.timezone.utc)
    session = "s" * 32
    ok = campaign.submit("5%", "2026-03-09", session=session, segment="android",
                         comment="звоните +7 999 123-45-67", now=now)
    assert ok.accepted and ok.batch == 1 and "recorded" in ok.message("en")
    again = campaign.submit("5%", dt.date(2026, 3, 9), session=session, segment="android",
                            now=now)
    assert not again.accepted and again.reason == "duplicate"
    future = campaign.submit("5%", "2026-03-20", session=session, now=now)
    assert future.reason == "future_date" and "2026-03-20" in future.message("ru")
    unknown = campaign.submit("7%", "2026-03-09", session=session, now=now)
    assert unknown.reason == "unknown_outcome" and "1%, 3%" in unknown.message("en")
    assert campaign.submit("5%", "вчера", session=session, now=now).reason == "bad_date"
    for day in range(2, RATE_LIMIT + 1):
        assert campaign.submit("1%", f"2026-03-0{day}", session=session, now=now).accepted
    limited = campaign.submit("1%", "2026-03-01", session=session, now=now)
    assert limited.reason == "rate_limit" and "5" in limited.message("ru")
    later = now + dt.timedelta(hours=2)
    assert campaign.submit("1%", "2026-03-01", session=session, now=later).accepted
    batches = campaign.batches()
    assert batches["kind"].unique().tolist() == ["form"]
    assert "[phone]" in batches["comment"].iloc[0] and "999" not in batches["comment"].iloc[0]
    # a member a moderator excluded goes on reporting, silently left out
    campaign.exclude(reporter=ok.reporter, reason="made-up reports")
    hidden = campaign.submit("10%", "2026-03-10", session=session, now=later)
    assert hidden.accepted
    assert campaign.evidence().n_spins == 0
    other = campaign.submit("10%", "2026-03-10", session="t" * 32, now=later)
    assert other.accepted and other.reporter != ok.reporter
    assert campaign.evidence().n_spins == 1


# -- the store -------------------------------------------------------------------------------

def test_migrated_schema_matches_the_tables(store_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from fairness.campaign.schema import metadata

    store = Store(store_url)
    with store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), metadata)
        version = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    assert diff == []
    assert version == "0002"
    Store(store_url)  # opening again migrates nothing


# -- column blocks of large batches ----------------------------------------------------------

def large_table(path, n: int, seed: int):
    """A table of ``n`` spins with every column a block holds, each with missing cells."""
    rng = np.random.default_rng(seed)
    labels = np.array(["1%", "3%", "5%", "10%", "100%"])
    times = pd.Series(pd.Timestamp("2026-01-01", tz="UTC")
                      + pd.to_timedelta(np.sort(rng.integers(0, 86_400 * 60, n)), unit="s"))
    frame = pd.DataFrame({
        "outcome": labels[rng.integers(0, 5, n)],
        "reported_at": times.dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "reporter": "member" + pd.Series(rng.integers(0, 300, n)).astype(str),
        "segment": np.where(rng.random(n) < 0.5, "android", "ios"),
        "value": np.round(rng.random(n) * 100, 2)})
    for column in ("reported_at", "reporter", "segment", "value"):
        frame.loc[rng.random(n) < 0.05, column] = None
    frame.to_csv(path, index=False)
    return path


def spins_by_value(evidence) -> pd.DataFrame:
    frame = evidence.spins.astype(object)
    return frame.where(frame.notna(), None)


def test_large_batches_are_checked_from_column_blocks_as_from_rows(store_url, game, tmp_path,
                                                                   monkeypatch):
    from fairness.campaign import rows
    from fairness.campaign import schema as t

    monkeypatch.setattr(rows, "BLOCK_ROWS", 5_000)  # three blocks for the large batch
    monkeypatch.setattr(rows, "IN_CHUNK", 1)  # two consecutive small batches: two queries
    n_big = rows.BLOCK_MIN_ROWS + 2_000
    big = large_table(tmp_path / "big.csv", n_big, seed=1)
    small = [large_table(tmp_path / f"small{i}.csv", 300, seed=2 + i) for i in range(2)]
    campaign = Campaign.create(store_url, "blocks", game)
    campaign.add(CHAT_JSON)
    assert campaign.add(big).new_spins == n_big
    for table in small:
        campaign.add(table)

    def blocks():
        with campaign.store.reading() as conn:
            return [tuple(r) for r in conn.execute(
                sa.select(t.spin_blocks.c.first_ordinal, t.spin_blocks.c.rows)
                .order_by(t.spin_blocks.c.id))]

    assert blocks() == [(0, 5_000), (5_000, 5_000), (10_000, 2_000)]
    assert campaign.add(big).new_spins == 0 and len(blocks()) == 3  # nothing new, no block
    member = campaign.pseudonym("member7")
    campaign.exclude(reporter=member, reason="test")
    n_member = sum(int((pd.read_csv(path)["reporter"] == "member7").sum())
                   for path in (big, *small))

    through_driver = []
    read_by_driver = rows._arrow_rows

    def counted(*args, **kwargs):
        table = read_by_driver(*args, **kwargs)
        through_driver.append(table.num_rows)
        return table

    monkeypatch.setattr(rows, "_arrow_rows", counted)
    from_blocks = campaign.evidence()
    # the large batch came from its blocks: only the chat's and the small tables' rows (one
    # query each), and none of the large table added again, went through the database driver
    assert through_driver == [189, 300, 300, 0]
    assert from_blocks.n_spins == 205 + n_big + 600 - n_member  # (205: 189 spins, 16 tallied)
    checked = campaign.check(record=False)
    with campaign.store.writing() as conn:  # the same store read from its rows alone
        conn.execute(t.spin_blocks.delete())
    from_rows = campaign.evidence()
    pd.testing.assert_frame_equal(spins_by_value(from_blocks), spins_by_value(from_rows))
    assert checked.evalue == pytest.approx(campaign.check(record=False).evalue, rel=1e-12)
    assert checked.n_excluded == n_member


def test_text_that_is_not_text_is_stored_as_its_str_in_rows_and_blocks():
    import pyarrow as pa
    import pyarrow.parquet as pq

    from fairness.campaign import rows

    mixed = pd.Series([1, "a", True, None, 2.5, pd.NA], dtype=object)
    assert rows._text(mixed).tolist() == ["1", "a", "True", None, "2.5", None]
    assert rows._text(pd.Series(["x", None], dtype="category")).tolist() == ["x", None]
    stored = pd.DataFrame({"outcome": ["1%"] * 6, "reported_at": pd.array([None] * 6,
                                                                          dtype="Int64"),
                           "reporter": rows._text(mixed), "segment": [None] * 6,
                           "value": [0.5, np.nan, 1, 2, 3, 4], "source": ["t.csv"] * 6,
                           "item": pd.array(range(6), dtype="Int64")})
    [(first, n, data)] = rows.spin_blocks(stored)
    back = pq.read_table(pa.BufferReader(data))
    assert (first, n) == (0, 6)
    assert back["reporter"].to_pylist() == ["1", "a", "True", None, "2.5", None]
    assert back["value"].null_count == 1 and back["segment"].null_count == 6


def test_the_migration_gives_earlier_large_batches_their_blocks(store_url, game, tmp_path):
    from fairness.campaign import rows
    from fairness.campaign import schema as t

    campaigns = [Campaign.create(store_url, name, game) for name in ("first", "second")]
    campaigns[1].add(large_table(tmp_path / "small.csv", 50, seed=4))
    campaigns[0].add(large_table(tmp_path / "other.csv", 60, seed=5))
    campaigns[1].add(large_table(tmp_path / "big.csv", rows.BLOCK_MIN_ROWS, seed=3))
    store = campaigns[1].store
    with store.writing() as conn:
        conn.execute(t.spin_blocks.delete())
    expected = [spins_by_value(c.evidence()) for c in campaigns]  # read from the rows
    with store.writing() as conn:  # a store as schema 0001 left it
        conn.execute(sa.text("DROP TABLE spin_blocks"))
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0001'"))
    for campaign in campaigns:
        campaign.store.close()
    again = [Campaign.open(store_url, name) for name in ("first", "second")]
    with again[0].store.reading() as conn:
        stored = conn.execute(sa.select(t.spin_blocks.c.campaign_id, t.spin_blocks.c.batch_id,
                                        t.spin_blocks.c.rows)).all()
        big_batch = conn.execute(sa.select(t.batches.c.id).where(
            t.batches.c.campaign_id == again[1].id, t.batches.c.number == 2)).scalar_one()
    assert [tuple(r) for r in stored] == [(again[1].id, big_batch, rows.BLOCK_MIN_ROWS)]
    for campaign, frame in zip(again, expected, strict=True):
        pd.testing.assert_frame_equal(spins_by_value(campaign.evidence()), frame)


def test_store_errors_are_one_line(tmp_path):
    with pytest.raises(DataError, match="folder of the store does not exist"):
        Store(tmp_path / "missing" / "c.sqlite")
    with pytest.raises(DataError, match="unsupported database 'mysql'"):
        Store("mysql://u:p@localhost/db")
    not_a_db = tmp_path / "notes.sqlite"
    not_a_db.write_text("hello, this is not a database" * 100, encoding="utf-8")
    with pytest.raises(DataError, match="cannot open the store"):
        Store(not_a_db)
    with pytest.raises(DataError, match="no campaign 'nope'"):
        Campaign.open(tmp_path / "c.sqlite", "nope")
    game = fairness.load_game(GAME_PATH)
    Campaign.create(tmp_path / "c.sqlite", "one", game)
    with pytest.raises(DataError, match="already exists"):
        Campaign.create(tmp_path / "c.sqlite", "one", game)


def test_postgres_url_forms_map_to_psycopg():
    from fairness.campaign.store import store_url

    for text in ("postgresql://u:secret@db.example/x", "postgres://u:secret@db.example/x"):
        url = store_url(text)
        assert url.drivername == "postgresql+psycopg" and url.database == "x"
    assert store_url("sqlite:///x.sqlite").drivername == "sqlite"


def test_the_public_name():
    assert fairness.Campaign is Campaign
    assert "Campaign" in fairness.__all__
