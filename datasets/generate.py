"""Regenerate the bundled synthetic datasets from fixed seeds.

    python datasets/generate.py                 # rewrite the files under datasets/
    python datasets/generate.py --out DIR       # write them under DIR instead
    python datasets/generate.py --check         # exit 1 if any bundled file differs

Every campaign is simulated from known true chances and every chat message is written from a
known spin, so the ground truth of each file is documented in datasets/README.md and checked by
the test suite (tests/test_datasets.py regenerates everything into a temporary folder and
compares the files byte for byte).

Files written (paths relative to the output folder):

* ``spins/*.csv``      canonical spins tables, one per campaign (see :data:`CAMPAIGNS`);
* ``telegram/json/result.json``   a synthetic community chat, Telegram Desktop JSON export;
* ``telegram/html/messages*.html`` the same chat as Telegram Desktop's HTML export;
* ``campaigns.csv``    the manifest: name, kind, data, game, expected level and findings,
  ground truth (read by ``fairness batch`` and ``fairness.datasets``).

The game specs (``games/*.toml``) and the README are written by hand.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import html
import io
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
START = pd.Timestamp("2026-03-01T08:00:00Z")

CASHBACK = ["1%", "3%", "5%", "10%", "100%"]
CASHBACK_STATED = np.array([7000, 2000, 700, 250, 50]) / 10_000
POINTS = ["10 баллов", "50 баллов", "100 баллов", "300 баллов", "1000 баллов"]
POINTS_STATED = np.array([0.55, 0.30, 0.10, 0.04, 0.01])
PROMO = ["100 ₽", "1000 ₽", "5000 ₽", "ничего"]
PROMO_STATED = np.array([0.30, 1 / 50, 1 / 500, 1 - 0.30 - 1 / 50 - 1 / 500])
LOOTBOX = ["обычный", "редкий", "эпический", "легендарный"]
LOOTBOX_STATED = np.array([650, 220, 80, 50]) / 1000


# ---------------------------------------------------------------------------------------------
# campaigns (canonical spins CSVs)


def _times(rng, n_spins, days):
    seconds = np.sort(rng.uniform(0, days * 86_400, size=n_spins))
    return START + pd.to_timedelta(seconds.round(), unit="s")


def _iso(times) -> list[str]:
    return list(pd.DatetimeIndex(times).strftime("%Y-%m-%dT%H:%M:%SZ"))


def _campaign(rng, labels, chances, n_spins, n_reporters, days):
    """Spins by reporters over ``days`` days; each reporter spins about once a day."""
    reporter_ids = [f"r-{i:04d}" for i in range(1, n_reporters + 1)]
    reporters = rng.choice(reporter_ids, size=n_spins)
    seconds = np.sort(rng.uniform(0, days * 86_400, size=n_spins))
    times = START + pd.to_timedelta(seconds.round(), unit="s")
    outcomes = rng.choice(labels, size=n_spins, p=chances)
    return pd.DataFrame({"reported_at": times.strftime("%Y-%m-%dT%H:%M:%SZ"),
                         "reporter": reporters, "outcome": outcomes})


def demo_cashback() -> pd.DataFrame:
    """Cashback wheel whose 100% prize pays a quarter of its stated 0.5% (0.125%)."""
    rng = np.random.default_rng(20260301)
    labels = ["1%", "3%", "5%", "10%", "100%"]
    stated = np.array([7000, 2000, 700, 250, 50]) / 10_000
    true = stated.copy()
    true[4] = stated[4] / 4
    true[0] += stated[4] - true[4]
    return _campaign(rng, labels, true, n_spins=8000, n_reporters=400, days=30)


def honest_lootbox() -> pd.DataFrame:
    """Loot box opened 5,000 times by 250 players, drawn exactly at the published weights."""
    rng = np.random.default_rng(7001)
    return _campaign(rng, LOOTBOX, LOOTBOX_STATED, n_spins=5000, n_reporters=250, days=30)


def promo_fewer_wins() -> pd.DataFrame:
    """Promo draw that promises 'at least 30% win' but pays the coupon on 24% of spins."""
    rng = np.random.default_rng(7002)
    true = PROMO_STATED.copy()
    true[0] = 0.24
    true[3] = 1 - true[:3].sum()
    return _campaign(rng, PROMO, true, n_spins=4000, n_reporters=300, days=30)


def promo_small_sample() -> pd.DataFrame:
    """The promo draw, honest, but only 300 spins reported so far."""
    rng = np.random.default_rng(7003)
    return _campaign(rng, PROMO, PROMO_STATED, n_spins=300, n_reporters=60, days=10)


def cashback_by_segment() -> pd.DataFrame:
    """Cashback wheel that favours new clients: they get the 100% prize at 1.2% and 10% at 4%,
    existing clients correspondingly less, so that the average over all spins is as stated
    (new clients make 30% of the spins)."""
    rng = np.random.default_rng(7004)
    n_spins, share_new = 10_000, 0.3
    new = CASHBACK_STATED.copy()
    new[3], new[4] = 0.04, 0.012
    new[0] = 1 - new[1:].sum()
    old = (CASHBACK_STATED - share_new * new) / (1 - share_new)
    frame = _campaign(rng, CASHBACK, CASHBACK_STATED, n_spins, 500, 30)
    # Each client is new or existing for the whole month; redraw the outcome of each spin from
    # the chances of the client's segment.
    client_new = {f"r-{i:04d}": rng.random() < share_new for i in range(1, 501)}
    is_new = frame["reporter"].map(client_new).to_numpy(dtype=bool)
    outcomes = np.where(is_new, rng.choice(CASHBACK, size=n_spins, p=new),
                        rng.choice(CASHBACK, size=n_spins, p=old))
    frame["segment"] = np.where(is_new, "new", "existing")
    frame["outcome"] = outcomes
    return frame[["reported_at", "reporter", "segment", "outcome"]]


def points_drift() -> pd.DataFrame:
    """Points wheel whose 1000-point prize comes at 2% in the first two weeks and never after
    (the monthly average is the stated 1%)."""
    rng = np.random.default_rng(7005)
    n_spins, days = 8000, 28
    frame = _campaign(rng, POINTS, POINTS_STATED, n_spins, 400, days)
    times = pd.to_datetime(frame["reported_at"], utc=True)
    early = (times < START + pd.Timedelta(days=14)).to_numpy()
    before = POINTS_STATED.copy()
    before[4] = 0.02
    before[0] = 1 - before[1:].sum()
    after = POINTS_STATED.copy()
    after[4] = 0.0
    after[0] = 1 - after[1:].sum()
    frame["outcome"] = np.where(early, rng.choice(POINTS, size=n_spins, p=before),
                                rng.choice(POINTS, size=n_spins, p=after))
    return frame


def lootbox_pity() -> pd.DataFrame:
    """Loot box with a hidden 'pity timer': a legendary is guaranteed on the 30th opening without
    one, and the base chance is lowered to 3% so that the long-run rate stays at the stated 5%.
    60 players log 50 openings each."""
    rng = np.random.default_rng(7006)
    n_players, per_player, base, guarantee = 60, 50, 0.03, 30
    others = LOOTBOX_STATED[:3] / LOOTBOX_STATED[:3].sum()
    rows = []
    for player in range(1, n_players + 1):
        since = 0
        start = rng.uniform(0, 86_400)
        gaps = rng.uniform(6 * 3600, 18 * 3600, size=per_player)  # one or two a day
        seconds = start + np.cumsum(gaps) - gaps[0]
        for second in seconds:
            legendary = since == guarantee - 1 or rng.random() < base
            label = LOOTBOX[3] if legendary else LOOTBOX[rng.choice(3, p=others)]
            since = 0 if legendary else since + 1
            rows.append((second, f"r-{player:04d}", label))
    rows.sort()
    times = START + pd.to_timedelta(np.round([r[0] for r in rows]), unit="s")
    return pd.DataFrame({"reported_at": _iso(times), "reporter": [r[1] for r in rows],
                         "outcome": [r[2] for r in rows]})


MARKET = ["10 баллов", "50 баллов", "100 баллов", "500 баллов"]
MARKET_TRUE = np.array([0.60, 0.25, 0.12, 0.03])


def _segmented(rng, labels, chances_new, chances_old, n_spins, n_reporters, days,
               share_new=0.3) -> pd.DataFrame:
    """Spins by clients who are new (``share_new`` of them) or existing for the whole month,
    each drawn from the chances of the client's segment."""
    frame = _campaign(rng, labels, chances_old, n_spins, n_reporters, days)
    client_new = {f"r-{i:04d}": rng.random() < share_new for i in range(1, n_reporters + 1)}
    is_new = frame["reporter"].map(client_new).to_numpy(dtype=bool)
    frame["outcome"] = np.where(is_new, rng.choice(labels, size=n_spins, p=chances_new),
                                rng.choice(labels, size=n_spins, p=chances_old))
    frame["segment"] = np.where(is_new, "new", "existing")
    return frame[["reported_at", "reporter", "segment", "outcome"]]


def no_odds_same_for_all() -> pd.DataFrame:
    """Marketplace wheel with no published odds, the same for new and existing clients and
    over the month: 6,000 spins by 300 shoppers."""
    rng = np.random.default_rng(7007)
    return _segmented(rng, MARKET, MARKET_TRUE, MARKET_TRUE, 6000, 300, 30)


def no_odds_by_segment() -> pd.DataFrame:
    """The same wheel, personalised: new clients (30% of them) get 500 points at 8% and 100 at
    16%, existing clients at 1% and 10%."""
    rng = np.random.default_rng(7008)
    new = np.array([0.52, 0.24, 0.16, 0.08])
    old = np.array([0.64, 0.25, 0.10, 0.01])
    return _segmented(rng, MARKET, new, old, 6000, 300, 30)


def claim_broken() -> pd.DataFrame:
    """Cashback wheel whose rules say 'every tenth spin wins 5% or more' (at least 1 in 10) but
    pays 5% at its stated 7%, 10% at 0.5% and 100% at 0.05%: 7.55% of spins."""
    rng = np.random.default_rng(7009)
    true = np.array([0.7245, 0.20, 0.07, 0.005, 0.0005])
    return _campaign(rng, CASHBACK, true, n_spins=6000, n_reporters=300, days=30)


def prize_never_paid() -> pd.DataFrame:
    """Cashback wheel that keeps every statement (5% at 7%, 5% or more on 10% of spins) but
    never pays the 100% drawn on it: true chances 70%, 20%, 7%, 3%, 0."""
    rng = np.random.default_rng(7010)
    true = np.array([0.70, 0.20, 0.07, 0.03, 0.0])
    return _campaign(rng, CASHBACK, true, n_spins=6000, n_reporters=300, days=30)


@dataclass(frozen=True)
class Campaign:
    """A bundled campaign: how it is made and what it is known to be."""

    name: str
    kind: str  # "spins" or "telegram"
    data: str  # path(s) relative to the datasets folder, ";"-separated
    game: str
    expected_level: str
    expected_findings: str  # finding codes the verdict must contain, ";"-separated
    truth: str
    description: str
    make: Callable[[], pd.DataFrame] | None = None


CAMPAIGNS: tuple[Campaign, ...] = (
    Campaign("honest_lootbox", "spins", "spins/honest_lootbox.csv", "games/lootbox.toml",
             "consistent", "enough_data",
             "honest: every rarity drawn at its published weight",
             "Loot box, 5,000 openings by 250 players", honest_lootbox),
    Campaign("demo_cashback", "spins", "spins/demo_cashback.csv", "games/cashback_wheel.toml",
             "inconsistent", "outcome_low",
             "the 100% prize comes at 0.125%, a quarter of the stated 0.5% (the rest goes to 1%)",
             "Cashback wheel, 8,000 spins by 400 clients", demo_cashback),
    Campaign("promo_fewer_wins", "spins", "spins/promo_fewer_wins.csv", "games/promo_odds.toml",
             "inconsistent", "outcome_low",
             "the 100 ₽ coupon comes on 24% of spins though the rules promise at least 30%",
             "Promo draw, 4,000 spins by 300 shoppers", promo_fewer_wins),
    Campaign("cashback_by_segment", "spins", "spins/cashback_by_segment.csv",
             "games/cashback_wheel.toml", "suspicious", "segment_difference",
             "personalised: new clients (30% of spins) get 100% at 1.2% and 10% at 4%, "
             "existing clients less; the average over all spins is as stated",
             "Cashback wheel, 10,000 spins by 500 clients with a client segment",
             cashback_by_segment),
    Campaign("points_drift", "spins", "spins/points_drift.csv", "games/points_wheel.toml",
             "suspicious", "drift",
             "drifting: the 1000-point prize comes at 2% in weeks 1-2 and never in weeks 3-4 "
             "(1% over the month, as stated)",
             "Points wheel, 8,000 spins by 400 shoppers over four weeks", points_drift),
    Campaign("lootbox_pity", "spins", "spins/lootbox_pity.csv", "games/lootbox.toml",
             "suspicious", "pity",
             "pity timer: legendary guaranteed on the 30th opening without one, base chance "
             "3%, long-run rate 5% as stated",
             "Loot box, 60 players x 50 openings (complete logs)", lootbox_pity),
    Campaign("promo_small_sample", "spins", "spins/promo_small_sample.csv",
             "games/promo_odds.toml", "not_enough_data", "not_enough_data",
             "honest, but only 300 spins: too few to tell", "Promo draw, 300 spins by 60 shoppers",
             promo_small_sample),
    Campaign("no_odds_same_for_all", "spins", "spins/no_odds_same_for_all.csv",
             "games/marketplace_no_odds.toml", "consistent", "enough_data_difference",
             "no odds published; the wheel is the same for new and existing clients all month "
             "(10/50/100/500 points at 60/25/12/3%)",
             "Marketplace wheel without odds, 6,000 spins by 300 shoppers with a client "
             "segment", no_odds_same_for_all),
    Campaign("no_odds_by_segment", "spins", "spins/no_odds_by_segment.csv",
             "games/marketplace_no_odds.toml", "suspicious", "segment_difference",
             "no odds published; personalised: new clients get 500 points at 8% and 100 at "
             "16%, existing clients at 1% and 10%",
             "Marketplace wheel without odds, 6,000 spins by 300 shoppers with a client "
             "segment", no_odds_by_segment),
    Campaign("claim_broken", "spins", "spins/claim_broken.csv", "games/cashback_claims.toml",
             "inconsistent", "claim_broken",
             "the rules say 'every tenth wins 5% or more' (at least 1 in 10); 5% comes at its "
             "stated 7%, but 10% at 0.5% and 100% at 0.05%: 7.55% of spins in all",
             "Cashback wheel with a group claim, 6,000 spins by 300 clients", claim_broken),
    Campaign("prize_never_paid", "spins", "spins/prize_never_paid.csv",
             "games/cashback_claims.toml", "consistent", "never_seen",
             "every statement kept (5% at 7%; 5% or more on 10% of spins), but the 100% "
             "drawn on the wheel is never paid",
             "Cashback wheel with a group claim, 6,000 spins by 300 clients", prize_never_paid),
)


# ---------------------------------------------------------------------------------------------
# the Telegram chat

CHAT_NAME = "Копилка 🎡"
CHAT_ID = 1_987_654_321
MSK = dt.timezone(dt.timedelta(hours=3))

# Synthetic display names (first name + initial or a nickname): no real people.
MEMBERS = (
    "Аня К.", "Борис П.", "Вика", "Глеб Н.", "Даша С.", "Егор", "Женя Т.", "Зоя М.",
    "Илья Р.", "Катя Л.", "Лёша", "Марина В.", "Никита О.", "Оля Ф.", "Паша Д.", "Рита Б.",
    "Саша Ж.", "Таня Е.", "Ульяна", "Федя К.", "Хельга", "Цветана", "Чингиз", "Шура Г.",
    "Эля", "Юра З.", "Яна Ч.", "Вадим Щ.", "Галя Ю.", "Денис Я.", "Кира", "Лев А.",
    "Мила", "Нина Х.", "Олег Ц.", "Полина", "Роман Ш.", "Света", "Тимур", "Фаина",
)
ADMIN = "Модератор клуба"
BOT_LIKE = "Промо Партнёр"
OUTSIDERS = ("Копилка-2", "Вера Соседова")  # authors of posts forwarded from elsewhere

# How the same outcome is written: digits with or without a space, words, both spellings of
# кэшбэк. {x} is the outcome written one of these ways.
SPELLINGS = {
    "1%": ("1%", "1 %", "один процент", "1% кэшбэка", "1 процент"),
    "3%": ("3%", "3 %", "три процента", "3% кешбэк", "3 процента"),
    "5%": ("5%", "5 %", "пять процентов", "5% кэшбэк", "5 процентов"),
    "10%": ("10%", "10 %", "десять процентов", "10% кешбек", "10 процентов"),
    "100%": ("100%", "100 %", "сто процентов", "весь кэшбэк"),
}
SINGLE = (
    "Крутил колесо, выпало {x}",
    "Крутила колесо — {x}",
    "выпало {x}",
    "#колесо {x}",
    "Сегодня выпало {x} на продукты",
    "колесо опять {x}",
    "доброе утро! крутил колесо — {x}",
    "Крутила колесо: {x} на кафе и рестораны",
    "выпало {x}, как обычно",
    "Колесо сегодня: {x}",
    "крутанул колесо, {x}",
    "выпал {x} на такси",
    "{x} выпало, ну хоть что-то",
)
BIG = (
    "Выпало {x}!!! Наконец-то",
    "Ура!!! Колесо дало {x}",
    "КРУТИЛ КОЛЕСО {x}!!! не верю",
    "Девочки, выпало {x} 🎉🎉🎉",
)
CHATTER = (
    "Всем привет! Подскажите, колесо раз в день или раз в сутки от последнего раза?",
    "кэшбэк 5% на АЗС в этом месяце норм",
    "у кого-нибудь приложение сегодня вылетает?",
    "Спасибо, разобралась",
    "😂😂😂",
    "А категории на апрель уже видели?",
    "Мне кажется, в выходные везёт больше",
    "это всё маркетинг, не более",
    "Кто-нибудь писал в поддержку про начисление?",
    "Начислили сегодня за прошлый месяц, всё сошлось",
    "Добрый вечер",
    "лимит кэшбэка 5000 в месяц, не забывайте",
    "Подписка стоит 199 ₽, окупается только если много тратить",
    "ага",
    "Вчера не смог зайти, поддержка ответила через час",
    "ну такое",
    "а где правила почитать?",
    "В правилах написано: 100% — 50 призов на 10 000 вращений",
    "Сколько у вас в среднем выходит кэшбэка за месяц?",
    "Я уже третий месяц в клубе, пока всё честно вроде",
    "ладно, пошла крутить",
    "У мужа тоже приложение обновилось",
    "напомните, до какого числа акция?",
    "спасибо модераторам за таблицу",
    "👍",
)
QUESTIONS = (
    "Кто крутил колесо сегодня, что выпало?",
    "кому выпадало 100%?",
    "У кого-нибудь выпадало 10% в этом месяце?",
    "Колесо сегодня работает? не крутится",
    "а 100% вообще кому-нибудь выпадает? 🤔",
)
ADVERTS = (
    "🔥 Акция! Кэшбэк до 30% у партнёров — крути колесо каждый день!",
    "Оформи карту по ссылке и получи кэшбэк до 10% + колесо удачи каждый день",
    "Только сегодня: кэшбэк до 15% на электронику. Колесо ждёт!",
)
POINTS_REPORTS = (
    "Крутанул колесо в маркете: +{n} баллов",
    "в маркете выпало {n} баллов",
    "+{n} баллов в колесе маркета!!!",
    "колесо в маркете: {n} б.",
)
# Reports the tool cannot use: every one is rejected, with the reason shown.
REJECTED = (
    "выпало то ли 3%, то ли 5%, не помню",
    "выпало 7%",  # no such prize
    "крутил трижды: 1% и 3%",  # the count does not match the list
    "Вчера выпало 5%, сегодня 1%",  # two days in one line, not a list of spins
    "Выпало 3% на такси, а хотелось 10%",
    "Колесо: 1% на всё, 3% на аптеки",
)
# Honest wheel, selective posting: big wins are posted more often than 1%.
POST_CHANCE = {"1%": 0.45, "3%": 0.6, "5%": 0.85, "10%": 1.0, "100%": 1.0}


@dataclass
class Message:
    id: int
    when: dt.datetime  # Moscow time
    sender: str | None
    text: str = ""
    reply_to: int | None = None
    forwarded_from: str | None = None
    poll: dict | None = None
    service: str | None = None  # action of a service message
    edited: dt.datetime | None = None
    photo: bool = False
    sticker: str | None = None
    intended: tuple = ()  # outcomes the message truly reports (for the README)


def chat_messages() -> list[Message]:
    """The chat, message by message (a month of a community around the cashback wheel)."""
    rng = np.random.default_rng(7100)
    members = list(MEMBERS)
    messages: list[Message] = []
    day0 = dt.datetime(2026, 3, 1, tzinfo=MSK)

    def pick(options):
        return options[int(rng.integers(len(options)))]

    def spelled(label):
        return pick(SPELLINGS[label])

    events: list[tuple[dt.datetime, str, dict]] = []
    for day in range(31):
        date = day0 + dt.timedelta(days=day)
        # one true spin per member who plays today; some of them post it
        players = [m for m in members if rng.random() < 0.55]
        for member in players:
            when = date + dt.timedelta(seconds=int(rng.uniform(7.5 * 3600, 23.5 * 3600)))
            label = CASHBACK[rng.choice(5, p=CASHBACK_STATED)]
            if rng.random() < POST_CHANCE[label] * 0.45:
                events.append((when, "report", {"sender": member, "label": label}))
        for _ in range(int(rng.integers(4, 9))):
            when = date + dt.timedelta(seconds=int(rng.uniform(8 * 3600, 23.8 * 3600)))
            events.append((when, "chatter", {"sender": pick(members), "text": pick(CHATTER)}))
        if rng.random() < 0.35:
            when = date + dt.timedelta(seconds=int(rng.uniform(9 * 3600, 22 * 3600)))
            events.append((when, "question", {"sender": pick(members), "text": pick(QUESTIONS)}))
        if rng.random() < 0.25:
            n = int(rng.choice([10, 50, 100, 300, 1000], p=[0.5, 0.3, 0.12, 0.06, 0.02]))
            when = date + dt.timedelta(seconds=int(rng.uniform(9 * 3600, 22 * 3600)))
            events.append((when, "points", {"sender": pick(members),
                                            "text": pick(POINTS_REPORTS).format(n=n)}))
        if day % 7 == 3:
            # a weekly multi-spin report from one of the regulars
            member = members[day % 5]
            labels = [CASHBACK[rng.choice(5, p=CASHBACK_STATED)] for _ in range(3)]
            when = date + dt.timedelta(hours=21, minutes=int(rng.integers(0, 50)))
            events.append((when, "multi", {"sender": member, "labels": labels}))
        if day % 10 == 5:
            when = date + dt.timedelta(hours=12, minutes=int(rng.integers(0, 50)))
            events.append((when, "advert", {"sender": BOT_LIKE, "text": ADVERTS[day // 10]}))
    # fixed events
    for i, text in enumerate(REJECTED):
        when = day0 + dt.timedelta(days=2 + 5 * i, hours=19, minutes=7)
        events.append((when, "rejected", {"sender": members[10 + i], "text": text}))
    events.append((day0 + dt.timedelta(days=20, hours=21), "poll", {}))
    for i, name in enumerate(("Кира", "Лев А.", "Мила")):
        when = day0 + dt.timedelta(days=1 + 9 * i, hours=10, minutes=5)
        events.append((when, "join", {"sender": name}))
    events.sort(key=lambda e: (e[0], e[1], str(e[2].get("sender"))))

    next_id = 40_101
    joined = {"Кира", "Лев А.", "Мила"}
    present = set(members) - joined
    forwarded_done = 0
    for when, kind, data in events:
        sender = data.get("sender")
        if kind == "join":
            present.add(sender)
            messages.append(Message(next_id, when, None, service="join_group_by_link",
                                    text=sender))
        elif kind in ("chatter", "question", "advert", "points"):
            if sender in joined and sender not in present:
                sender = ADMIN
            messages.append(Message(next_id, when, sender, data["text"]))
        elif kind == "rejected":
            messages.append(Message(next_id, when, sender, data["text"]))
        elif kind == "multi":
            labels = data["labels"]
            text = pick(("Крутил колесо трижды: {a}, {b}, {c}", "за три дня выпало: {a}, {b}, {c}",
                         "крутила 3 раза: {a} / {b} / {c}"))
            messages.append(Message(next_id, when, sender,
                                    text.format(a=labels[0], b=labels[1], c=labels[2]),
                                    intended=tuple(labels)))
        elif kind == "report":
            if sender in joined and sender not in present:
                continue
            label = data["label"]
            template = pick(BIG) if label in ("10%", "100%") else pick(SINGLE)
            x = spelled(label)
            if template.startswith("{x}"):
                x = x[0].upper() + x[1:]
            message = Message(next_id, when, sender, template.format(x=x), intended=(label,))
            roll = rng.random()
            if roll < 0.06:
                message.photo = True  # a screenshot with the report as its caption
            elif roll < 0.12:
                message.edited = when + dt.timedelta(minutes=int(rng.integers(1, 30)))
            messages.append(message)
            # replies: "+1" from someone who got the same today, congratulations on big wins
            if rng.random() < 0.10:
                other = pick(sorted(m for m in present if m != sender))
                text = pick(("+1", "+1, тоже {x}", "и у меня {x}", "тоже {x} 🙂"))
                next_id += 1
                messages.append(Message(next_id, when + dt.timedelta(minutes=3), other,
                                        text.format(x=label), reply_to=message.id,
                                        intended=(label,)))
            elif label in ("10%", "100%"):
                other = pick(sorted(m for m in present if m != sender))
                next_id += 1
                messages.append(Message(next_id, when + dt.timedelta(minutes=2), other,
                                        pick(("Поздравляю!", "Вот это повезло!", "🔥🔥")),
                                        reply_to=message.id))
            if forwarded_done == 0 and label == "5%" and when.day >= 6:
                # the moderator reposts a report into the chat: it must count once
                forwarded_done += 1
                next_id += 1
                messages.append(Message(next_id, when + dt.timedelta(hours=1), ADMIN,
                                        message.text, forwarded_from=sender))
        elif kind == "poll":
            messages.append(Message(next_id, when, ADMIN, "", poll={
                "question": "Что выпало в колесе сегодня?",
                "closed": True,
                "answers": [("1%", 9), ("3%", 4), ("5%", 2), ("10%", 1), ("100%", 0),
                            ("не крутил(а)", 5)],
            }))
        next_id += 1
    # Posts forwarded from other chats: spins of their original authors.
    for i, (author, text, label) in enumerate((
        (OUTSIDERS[0], "Крутил колесо — 10% на рестораны", "10%"),
        (OUTSIDERS[1], "выпало 3%", "3%"),
    )):
        when = day0 + dt.timedelta(days=8 + 11 * i, hours=15, minutes=30)
        messages.append(Message(next_id, when, pick(members), text, forwarded_from=author,
                                intended=(label,)))
        next_id += 1
    # stickers
    for i in range(6):
        when = day0 + dt.timedelta(days=3 + 4 * i, hours=20, minutes=41)
        messages.append(Message(next_id, when, pick(members), sticker=pick(("😂", "👍", "🤡"))))
        next_id += 1
    messages.sort(key=lambda m: (m.when, m.id))
    # Telegram numbers messages in the order they were sent.
    renumber = {m.id: 40_101 + i for i, m in enumerate(messages)}
    for m in messages:
        m.id = renumber[m.id]
        if m.reply_to is not None:
            m.reply_to = renumber[m.reply_to]
    return messages


def _unixtime(moment: dt.datetime) -> str:
    return str(int(moment.timestamp()))


def _local(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _entities(text: str) -> list[dict]:
    """Text entities as Telegram writes them: plain runs and hashtags."""
    parts: list[dict] = []
    for index, word in enumerate(text.split(" ")):
        piece = word if index == 0 else " " + word
        if word.startswith("#") and len(word) > 1:
            if index:
                parts.append({"type": "plain", "text": " "})
            parts.append({"type": "hashtag", "text": word})
        elif parts and parts[-1]["type"] == "plain":
            parts[-1]["text"] += piece
        else:
            parts.append({"type": "plain", "text": piece})
    return [p for p in parts if p["text"]]


def chat_json(messages: list[Message]) -> str:
    """The chat as Telegram Desktop's ``result.json`` (single chat export)."""
    user_ids = {name: f"user{1_000_001 + i}" for i, name in enumerate(MEMBERS)}
    user_ids[ADMIN] = "user1000900"
    user_ids[BOT_LIKE] = "user1000901"
    out = []
    for m in messages:
        item: dict = {"id": m.id}
        if m.service:
            item.update(type="service", date=_local(m.when), date_unixtime=_unixtime(m.when),
                        actor=m.text, actor_id=user_ids[m.text], action=m.service,
                        inviter="Group", text="", text_entities=[])
            out.append(item)
            continue
        item.update(type="message", date=_local(m.when), date_unixtime=_unixtime(m.when))
        if m.edited is not None:
            item.update(edited=_local(m.edited), edited_unixtime=_unixtime(m.edited))
        item.update({"from": m.sender, "from_id": user_ids[m.sender]})
        if m.forwarded_from:
            item["forwarded_from"] = m.forwarded_from
        if m.reply_to is not None:
            item["reply_to_message_id"] = m.reply_to
        if m.photo:
            item.update(photo="(File not included. Change data exporting settings to download.)",
                        photo_file_size=183_402, width=1080, height=2340)
        if m.sticker:
            item.update(file="(File not included. Change data exporting settings to download.)",
                        file_name="sticker.webp", media_type="sticker", sticker_emoji=m.sticker,
                        width=512, height=512)
        if m.poll:
            item["poll"] = {
                "question": m.poll["question"], "closed": m.poll["closed"],
                "total_voters": sum(v for _, v in m.poll["answers"]),
                "answers": [{"text": t, "voters": v, "chosen": False}
                            for t, v in m.poll["answers"]],
            }
        entities = _entities(m.text)
        if any(e["type"] != "plain" for e in entities):
            item["text"] = [e["text"] if e["type"] == "plain" else e for e in entities]
        else:
            item["text"] = m.text
        item["text_entities"] = entities
        out.append(item)
    export = {"name": CHAT_NAME, "type": "public_supergroup", "id": CHAT_ID, "messages": out}
    return json.dumps(export, ensure_ascii=False, indent=1) + "\n"


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_HTML_HEAD = """<!DOCTYPE html>
<html>

 <head>

  <meta charset="utf-8"/>
<title>Exported Data</title>
  <meta content="width=device-width, initial-scale=1.0" name="viewport"/>

  <link href="css/style.css" rel="stylesheet"/>

  <script src="js/script.js" type="text/javascript">

  </script>

 </head>

 <body onload="CheckLocation();">

  <div class="page_wrap">

   <div class="page_header">

    <div class="content">

     <div class="text bold">
{chat}
     </div>

    </div>

   </div>

   <div class="page_body chat_page">

    <div class="history">
{body}
    </div>

   </div>

  </div>

 </body>

</html>
"""


def _title(moment: dt.datetime) -> str:
    return moment.strftime("%d.%m.%Y %H:%M:%S") + " UTC+03:00"


def _html_text(text: str) -> str:
    return "<br>".join(html.escape(line, quote=False) for line in text.split("\n"))


def _initials(name: str) -> str:
    letters = [w[0] for w in name.replace(".", " ").split() if w[0].isalpha()]
    return "".join(letters[:2]).upper()


def chat_html_pages(messages: list[Message], per_page: int = 250) -> dict[str, str]:
    """The chat as Telegram Desktop's HTML export: ``messages.html``, ``messages2.html``...

    (Telegram Desktop starts a new page every 1,000 messages; this small chat is split earlier
    so that the bundled export has two pages.)"""
    pages: dict[str, str] = {}
    ids = {m.id: m for m in messages}
    for page_number, start in enumerate(range(0, len(messages), per_page), start=1):
        chunk = messages[start:start + per_page]
        blocks: list[str] = []
        previous: Message | None = None
        divider = -page_number * 100
        for m in chunk:
            if previous is None or previous.when.date() != m.when.date():
                divider -= 1
                day = f"{m.when.day} {_MONTHS[m.when.month - 1]} {m.when.year}"
                blocks.append(f'\n     <div class="message service" id="message{divider}">\n\n'
                              f'      <div class="body details">\n{day}\n      </div>\n\n'
                              f'     </div>\n')
                previous = None
            if m.service:
                blocks.append(f'\n     <div class="message service" id="message{m.id}">\n\n'
                              f'      <div class="body details">\n{html.escape(m.text)} joined '
                              f'group by link from Group\n      </div>\n\n     </div>\n')
                previous = None
                continue
            joined = (previous is not None and previous.sender == m.sender
                      and not previous.forwarded_from and not m.forwarded_from
                      and (m.when - previous.when) < dt.timedelta(minutes=15))
            parts = []
            if not joined:
                parts.append(f'      <div class="pull_left userpic_wrap">\n\n'
                             f'       <div class="userpic userpic{1 + m.id % 8}" style="width: '
                             f'42px; height: 42px">\n\n        <div class="initials" style="line-'
                             f'height: 42px">\n{_initials(m.sender)}\n        </div>\n\n       '
                             f'</div>\n\n      </div>\n\n')
            parts.append('      <div class="body">\n\n')
            parts.append(f'       <div class="pull_right date details" title="{_title(m.when)}">'
                         f'\n{m.when:%H:%M}\n       </div>\n\n')
            if not joined:
                parts.append(f'       <div class="from_name">\n{html.escape(m.sender)}\n'
                             f'       </div>\n\n')
            if m.reply_to is not None and m.reply_to in ids:
                parts.append(f'       <div class="reply_to details">\nIn reply to <a href="#go_to_'
                             f'message{m.reply_to}" onclick="return GoToMessage({m.reply_to})">'
                             f'this message</a>\n       </div>\n\n')
            if m.forwarded_from:
                original = m.when - dt.timedelta(hours=1)
                parts.append(f'       <div class="forwarded body">\n\n        <div class="from_'
                             f'name">\n{html.escape(m.forwarded_from)}<span class="date details" '
                             f'title="{_title(original)}"> {original:%d.%m.%Y %H:%M:%S}</span>\n'
                             f'        </div>\n\n        <div class="text">\n'
                             f'{_html_text(m.text)}\n        </div>\n\n       </div>\n\n')
            elif m.poll:
                answers = "".join(
                    f'\n         <div class="answer">\n- {html.escape(t)} <span class="details">'
                    f'{v} vote{"s" if v != 1 else ""}</span>\n         </div>\n'
                    for t, v in m.poll["answers"])
                total = sum(v for _, v in m.poll["answers"])
                parts.append(f'       <div class="media_wrap clearfix">\n\n        <div '
                             f'class="media_'
                             f'poll">\n\n         <div class="question bold">\n'
                             f'{html.escape(m.poll["question"])}\n         </div>\n\n         '
                             f'<div class="details">\nAnonymous poll, closed\n         </div>\n'
                             f'{answers}\n         <div class="total details">\n{total} votes\n'
                             f'         </div>\n\n        </div>\n\n       </div>\n\n')
            else:
                if m.photo or m.sticker:
                    kind = "photo" if m.photo else "sticker"
                    parts.append(f'       <div class="media_wrap clearfix">\n\n        <div class='
                                 f'"media clearfix pull_left media_{kind}">\n\n         <div '
                                 f'class="body">\n\n          <div class="title bold">\n'
                                 f'{"Photo" if m.photo else "Sticker"}\n          </div>\n\n'
                                 f'          <div class="status details">\nNot included, change '
                                 f'data exporting settings to download.\n          </div>\n\n'
                                 f'         </div>\n\n        </div>\n\n       </div>\n\n')
                if m.text:
                    parts.append(f'       <div class="text">\n{_html_text(m.text)}\n'
                                 f'       </div>\n\n')
            parts.append('      </div>\n\n')
            cls = "message default clearfix" + (" joined" if joined else "")
            blocks.append(f'\n     <div class="{cls}" id="message{m.id}">\n\n{"".join(parts)}'
                          f'     </div>\n')
            previous = m
        name = "messages.html" if page_number == 1 else f"messages{page_number}.html"
        pages[name] = _HTML_HEAD.format(chat=html.escape(CHAT_NAME), body="".join(blocks))
    return pages


TELEGRAM: tuple[Campaign, ...] = (
    Campaign("telegram_json", "telegram", "telegram/json/result.json",
             "games/cashback_wheel.toml", "suspicious", "outcome_high",
             "honest wheel; members post 10% and 100% always, 5% often and 1% less than half "
             "the time (reporting bias)",
             "Community chat, one month, Telegram Desktop JSON export"),
    Campaign("telegram_html", "telegram", "telegram/html", "games/cashback_wheel.toml",
             "suspicious", "outcome_high",
             "the same chat as telegram_json (same truth)",
             "The same chat, Telegram Desktop HTML export (two pages)"),
)


# ---------------------------------------------------------------------------------------------
# writing


def render(frame: pd.DataFrame) -> str:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def manifest(entries) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["name", "kind", "data", "game", "expected_level", "expected_findings",
                     "truth", "description"])
    for c in entries:
        writer.writerow([c.name, c.kind, c.data, c.game, c.expected_level, c.expected_findings,
                         c.truth, c.description])
    return buffer.getvalue()


def files() -> dict[str, str]:
    """Every generated file: relative path -> text."""
    out = {c.data: render(c.make()) for c in CAMPAIGNS if c.make is not None}
    messages = chat_messages()
    out["telegram/json/result.json"] = chat_json(messages)
    for name, text in chat_html_pages(messages).items():
        out[f"telegram/html/{name}"] = text
    out["campaigns.csv"] = manifest((*CAMPAIGNS, *TELEGRAM))
    return out


def write(out_dir: Path) -> list[Path]:
    """Write every generated file under ``out_dir``; returns the paths written."""
    written = []
    for relative, text in files().items():
        path = Path(out_dir) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        written.append(path)
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write into")
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    if not args.check:
        write(args.out)
        return 0
    stale = []
    for relative, text in files().items():
        path = args.out / relative
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(relative)
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
