"""A campaign: one wheel under one set of rules, kept in a store and growing batch by batch.

    campaign = Campaign.create("campaigns.sqlite", "wheel-2026", game)
    campaign.add(["result.json"])             # one transaction; prints nothing, returns a Batch
    result = campaign.check()                 # verdict on everything kept, recorded in history
    result.change("ru")                       # what changed since the last check
    campaign.exclude(batch=3, reason="the same log posted under another name")

Guarantees
----------
* **Nothing twice**: every spin and tally has a key unique within the campaign
  (:mod:`fairness.campaign.rows`); an ``add`` stores only the keys not yet stored.
* **One transaction per add**: the batch, its spins, tallies and rejected items are committed
  together or not at all; a killed ``add`` leaves the campaign as it was, and running it again
  completes it. Writers queue (SQLite ``BEGIN IMMEDIATE`` with a busy timeout; PostgreSQL
  ``SELECT ... FOR UPDATE`` on the campaign's row).
* **Privacy**: the campaign's pseudonym key (32 random bytes) lives in the store, so a member
  keeps one pseudonym across batches; names, usernames and ids are hashed as files are read
  and never stored. Whoever can read the store (the file, or the database's credentials) holds
  the key and can therefore test a guess ("is r-... user 1234?") against ids they already know,
  e.g. from the chat export itself; whoever sees only reports, checks or the app cannot.
* **Moderation**: a batch or a reporter may be excluded with a reason (kept, flagged, left out
  of every check) and restored; every check lists what was left out.
* **Monitoring**: every check is recorded (time, spins, level, e-value, fit p). The e-value is
  anytime-valid: for an honest wheel the chance that it ever reaches 1/alpha, however often
  the campaign is checked, is at most alpha (Ville's inequality). Excluding data after seeing
  it is a choice the guarantee does not cover: exclusions should follow reasons about the
  data's origin, never its effect on E.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import secrets
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from fairness.campaign import schema as t
from fairness.campaign import words
from fairness.campaign.rows import (
    BLOCK_MIN_ROWS,
    evidence_rows,
    pseudonymizer,
    read_spins,
    rows_evidence,
    spin_blocks,
    telegram_chat_id,
)
from fairness.campaign.store import Store
from fairness.errors import DataError, Message
from fairness.evidence import PRIVATE_SUMMARY_KEYS
from fairness.i18n.reasons import reason
from fairness.spec import Game

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 only
    import tomli as tomllib

__all__ = ["Batch", "Campaign", "CampaignCheck", "list_campaigns"]

_CHUNK = 50_000  # rows per INSERT ... executemany
_IN_CHUNK = 20_000  # keys per "key IN (...)" lookup (SQLite allows 32,766 parameters)


def _now() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc)


def _utc(moment: _dt.datetime | None) -> _dt.datetime | None:
    """A datetime from the store as UTC (SQLite gives it back without a zone)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=_dt.timezone.utc) if moment.tzinfo is None else (
        moment.astimezone(_dt.timezone.utc))


def _as_store(store: Store | str | Path) -> Store:
    return store if isinstance(store, Store) else Store(store)


def _game_from_toml(text: str, source: str) -> Game:
    return Game.from_dict(tomllib.loads(text), source=source)


@dataclass(frozen=True)
class Batch:
    """One ``add``: where it came from and its accounting.

    ``summary`` is the reader's accounting (``read == used + rejected + not_a_report``);
    ``new_spins`` / ``new_tally_spins`` were stored, ``already_stored`` spins and tally rows
    were in the campaign before (or twice in this batch) and were not stored again.
    """

    number: int
    source: str
    kind: str
    added_at: _dt.datetime
    added_by: str | None
    summary: dict[str, Any]
    new_spins: int
    new_tally_spins: int
    already_stored: int

    def text(self, lang: str = "en") -> str:
        """The batch's accounting in one sentence."""
        s = self.summary
        f = words.texts.fmt_int
        return words.text("added", lang, number=self.number, source=self.source,
                          read=f(s.get("read", 0), lang), used=f(s.get("used", 0), lang),
                          spins=f(s.get("spins", 0), lang),
                          tally=f(s.get("tally_spins", 0), lang),
                          rejected=f(s.get("rejected", 0), lang),
                          not_a_report=f(s.get("not_a_report", 0), lang),
                          new=f(self.new_spins, lang), new_tally=f(self.new_tally_spins, lang),
                          stored=f(self.already_stored, lang))

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "source": self.source, "kind": self.kind,
                "added_at": self.added_at.isoformat(), "added_by": self.added_by,
                "accounting": self.summary, "new_spins": self.new_spins,
                "new_tally_spins": self.new_tally_spins, "already_stored": self.already_stored}


@dataclass(frozen=True)
class CampaignCheck:
    """A check of a campaign: the analysis and verdict of everything kept, what was left out,
    and the check before it (``previous``, a row of :meth:`Campaign.history`, or None)."""

    campaign: str
    number: int | None
    checked_at: _dt.datetime
    rules_version: int
    last_batch: int
    evidence: Any = field(repr=False)
    analysis: Any = field(repr=False)
    verdict: Any = field(repr=False)
    excluded: tuple[dict[str, Any], ...] = ()
    n_excluded: int = 0
    previous: dict[str, Any] | None = None

    @property
    def level(self) -> str:
        return self.verdict.level

    @property
    def evalue(self) -> float:
        return float(self.analysis.evalue)

    @property
    def n_spins(self) -> int:
        return int(self.analysis.n_spins)

    def change(self, lang: str = "en") -> str:
        """What changed since the last check, e.g. "+420 spins since 12 March; E rose from 14
        to 160: now inconsistent."."""
        from fairness import texts

        level = texts.text(f"level.{self.level}", lang)
        level = level[:1].lower() + level[1:]
        if self.previous is None:
            return words.text("change.first", lang, n=texts.fmt_int(self.n_spins, lang),
                              spins=words.spins_word(self.n_spins, lang))
        prev = self.previous
        date = words.fmt_date(prev["checked_at"], lang)
        delta = self.n_spins - int(prev["n_spins"])
        parts = [words.text("change.spins", lang, delta=texts.fmt_signed(delta, lang),
                            spins=words.spins_word(delta, lang), date=date)
                 if delta else words.text("change.no_spins", lang, date=date)]
        old, new = float(prev["evalue"]), self.evalue
        shown_old, shown_new = texts.fmt_evalue(old, lang), texts.fmt_evalue(new, lang)
        key = ("change.same" if shown_old == shown_new else
               "change.rose" if new > old else "change.fell")
        parts.append(words.text(key, lang, old=shown_old, new=shown_new))
        status = words.text("change.still" if prev["level"] == self.level else "change.now",
                            lang, level=level)
        return "; ".join(parts) + ": " + status + "."

    def excluded_text(self, lang: str = "en") -> str:
        """What was left out of this check, with the reasons."""
        from fairness import texts

        if not self.excluded:
            return words.text("excluded.none", lang)
        lines = [words.text("excluded.head", lang, n=texts.fmt_int(self.n_excluded, lang),
                            spins=words.spins_word(self.n_excluded, lang))]
        for item in self.excluded:
            lines.append("- " + words.text(f"excluded.{item['kind']}", lang,
                                           target=item["target"], reason=item["reason"],
                                           n=texts.fmt_int(item["spins"], lang),
                                           spins=words.spins_word(item["spins"], lang)))
        return "\n".join(lines)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """The check as JSON-ready data: the verdict's JSON plus the campaign's fields."""
        from fairness import report

        out = json.loads(report.to_json(self.verdict, lang))
        out["campaign"] = {
            "name": self.campaign, "check": self.number,
            "checked_at": self.checked_at.isoformat(), "rules_version": self.rules_version,
            "last_batch": self.last_batch, "excluded": list(self.excluded),
            "n_excluded": self.n_excluded, "change": self.change(lang)}
        return out


def list_campaigns(store: Store | str | Path) -> pd.DataFrame:
    """The campaigns of a store: name, created, batches, spins kept, last check's level and E."""
    store = _as_store(store)
    with store.reading() as conn:
        rows = conn.execute(select(t.campaigns.c.id, t.campaigns.c.name,
                                   t.campaigns.c.created_at).order_by(t.campaigns.c.name)).all()
        batches = dict(conn.execute(select(t.batches.c.campaign_id, func.count())
                                    .group_by(t.batches.c.campaign_id)).all())
        spins = dict(conn.execute(select(t.batches.c.campaign_id, func.sum(t.batches.c.new_spins))
                                  .group_by(t.batches.c.campaign_id)).all())
        last = {}
        for row in conn.execute(select(t.checks.c.campaign_id, t.checks.c.level,
                                       t.checks.c.evalue, t.checks.c.checked_at)
                                .order_by(t.checks.c.campaign_id, t.checks.c.number)):
            last[row.campaign_id] = row
    return pd.DataFrame({
        "name": [r.name for r in rows],
        "created_at": [_utc(r.created_at) for r in rows],
        "batches": [int(batches.get(r.id, 0)) for r in rows],
        "spins": [int(spins.get(r.id, 0) or 0) for r in rows],
        "last_check": [_utc(last[r.id].checked_at) if r.id in last else None for r in rows],
        "level": [last[r.id].level if r.id in last else None for r in rows],
        "evalue": [float(last[r.id].evalue) if r.id in last else math.nan for r in rows],
    })


class Campaign:
    """A stored, growing campaign (see the module docstring). Make one with :meth:`create`,
    open it with :meth:`open`.

    Parameters
    ----------
    store : Store, str or Path
        An open :class:`~fairness.campaign.store.Store`, a file path (SQLite) or a database URL.
    name : str
        The campaign's name, unique in the store.
    """

    def __init__(self, store: Store | str | Path, name: str):
        self.store = _as_store(store)
        with self.store.reading() as conn:
            row = conn.execute(select(t.campaigns.c.id, t.campaigns.c.name)
                               .where(t.campaigns.c.name == name)).first()
        if row is None:
            raise DataError(Message("error.no_campaign", name=name), source=self.store.name)
        self.id: int = row.id
        self.name: str = row.name

    # -- making and opening --------------------------------------------------------------------
    @classmethod
    def create(cls, store: Store | str | Path, name: str, game: Game, *,
               valid_from: _dt.datetime | _dt.date | None = None) -> Campaign:
        """A new, empty campaign ``name`` under the rules ``game``."""
        if not isinstance(game, Game):
            raise TypeError("game must be a Game (use fairness.load_game)")
        if not isinstance(name, str) or not name.strip() or len(name) > 200:
            raise ValueError("name must be a non-empty text of at most 200 characters")
        name = name.strip()
        store = _as_store(store)
        now = _now()
        try:
            with store.writing() as conn:
                campaign_id = conn.execute(t.campaigns.insert().values(
                    name=name, created_at=now, secret=secrets.token_bytes(32))
                ).inserted_primary_key[0]
                conn.execute(t.rules.insert().values(
                    campaign_id=campaign_id, version=1, game_toml=game.to_toml(),
                    valid_from=_moment(valid_from if valid_from is not None else game.valid_from),
                    added_at=now))
        except IntegrityError:
            raise DataError(Message("error.campaign_exists", name=name),
                            source=store.name) from None
        return cls(store, name)

    @classmethod
    def open(cls, store: Store | str | Path, name: str) -> Campaign:
        """The campaign ``name`` of ``store`` (DataError when there is none)."""
        return cls(store, name)

    list = staticmethod(list_campaigns)

    def __repr__(self) -> str:
        return f"Campaign({self.name!r}, store={self.store.name!r})"

    # -- rules -----------------------------------------------------------------------------
    def rules(self) -> pd.DataFrame:
        """The versions of the rules: version, valid_from, added_at, name (of the game)."""
        with self.store.reading() as conn:
            rows = conn.execute(select(t.rules).where(t.rules.c.campaign_id == self.id)
                                .order_by(t.rules.c.version)).all()
        return pd.DataFrame({
            "version": [r.version for r in rows],
            "valid_from": [_utc(r.valid_from) for r in rows],
            "added_at": [_utc(r.added_at) for r in rows],
            "name": [_game_from_toml(r.game_toml, f"rules v{r.version}").name for r in rows]})

    def game(self, version: int | None = None) -> Game:
        """The rules (a Game) of ``version``, by default the newest."""
        with self.store.reading() as conn:
            return self._game(conn, version)[0]

    def _game(self, conn, version: int | None = None) -> tuple[Game, int]:
        query = select(t.rules.c.version, t.rules.c.game_toml).where(
            t.rules.c.campaign_id == self.id)
        query = (query.where(t.rules.c.version == version) if version is not None
                 else query.order_by(t.rules.c.version.desc()).limit(1))
        row = conn.execute(query).first()
        if row is None:
            raise DataError(Message("error.no_rules_version", name=self.name,
                                    version=str(version)))
        return _game_from_toml(row.game_toml, f"{self.name} rules v{row.version}"), row.version

    def update_rules(self, game: Game, *,
                     valid_from: _dt.datetime | _dt.date | None = None) -> int:
        """New rules from ``valid_from`` (default: the game's own ``valid_from``, else now).

        Spins are split by the rules' periods: a spin with a time belongs to the rules in force
        then; a spin without one to the rules current when its batch was added. Returns the new
        version number.
        """
        if not isinstance(game, Game):
            raise TypeError("game must be a Game (use fairness.load_game)")
        start = _moment(valid_from if valid_from is not None else game.valid_from) or _now()
        with self.store.writing() as conn:
            self._lock(conn)
            last = conn.execute(select(t.rules.c.version, t.rules.c.valid_from)
                                .where(t.rules.c.campaign_id == self.id)
                                .order_by(t.rules.c.version.desc()).limit(1)).first()
            if last.valid_from is not None and start <= _utc(last.valid_from):
                raise DataError(Message("error.rules_start",
                                        date=f"{_utc(last.valid_from):%Y-%m-%d}"))
            conn.execute(t.rules.insert().values(
                campaign_id=self.id, version=last.version + 1, game_toml=game.to_toml(),
                valid_from=start, added_at=_now()))
        return last.version + 1

    # -- privacy ---------------------------------------------------------------------------
    def _secret(self, conn) -> bytes:
        return conn.execute(select(t.campaigns.c.secret)
                            .where(t.campaigns.c.id == self.id)).scalar_one()

    def pseudonym(self, identity: object) -> str | None:
        """The pseudonym this campaign gives ``identity`` (as the reader gives reporters)."""
        with self.store.reading() as conn:
            return pseudonymizer(self._secret(conn))(identity)

    # -- adding ----------------------------------------------------------------------------
    def add(self, paths: str | Path | Sequence[str | Path], *, added_by: str | None = None,
            **options) -> Batch:
        """Read ``paths`` (anything ``fairness check`` reads) and store what is new, in one
        transaction. ``added_by`` (a name or id) is stored only as its pseudonym; ``options``
        go to :func:`fairness.ingest`."""
        import fairness

        if isinstance(paths, (str, Path)):
            paths = [paths]
        paths = [Path(p) for p in paths]
        if not paths:
            raise DataError(Message("error.no_data_files"))
        with self.store.reading() as conn:
            game, version = self._game(conn)
            secret = self._secret(conn)
        evidence = fairness.ingest(paths, game, secret=secret, **options)
        chats = {c for c in (telegram_chat_id(p) for p in paths) if c is not None}
        if len(chats) > 1:
            raise DataError(Message("error.different_chats", chats=", ".join(sorted(chats))))
        source = ", ".join(p.name for p in paths)
        return self.add_evidence(evidence, source=source, added_by=added_by,
                                 chat_id=next(iter(chats), None), rules_version=version)

    def add_evidence(self, evidence, *, source: str, added_by: str | None = None,
                     chat_id: str | None = None, rules_version: int | None = None,
                     comment: str | None = None, kind: str | None = None,
                     pseudonymous: bool = False, skip_if_stored: bool = False,
                     added_at: _dt.datetime | None = None) -> Batch | None:
        """Store what is new in ``evidence`` (read with this campaign's rules and pseudonym key)
        as one batch, in one transaction. ``pseudonymous``: ``added_by`` is already a
        pseudonym; ``skip_if_stored``: store no batch (and return None) when nothing is new."""
        rows = evidence_rows(evidence)
        summary = {k: (v if not isinstance(v, np.integer) else int(v))
                   for k, v in evidence.summary.items() if k not in PRIVATE_SUMMARY_KEYS}
        with self.store.writing() as conn:
            stored_chat = self._lock(conn)
            game, version = self._game(conn)
            if rules_version is not None and rules_version != version:
                raise DataError(Message("error.rules_changed"))
            if tuple(evidence.labels) != game.labels:
                raise DataError(Message("error.other_rules"))
            if chat_id is not None:
                if stored_chat is None:
                    conn.execute(update(t.campaigns).where(t.campaigns.c.id == self.id)
                                 .values(chat_id=chat_id))
                elif stored_chat != chat_id:
                    raise DataError(Message("error.other_chat", chat=str(chat_id),
                                            stored=str(stored_chat)), source=source)
            by = added_by
            if added_by is not None and not pseudonymous:
                by = pseudonymizer(self._secret(conn))(added_by)
            spin_rows = _new_rows(conn, t.spins, self.id, rows.spins)
            tally_rows = _new_rows(conn, t.tallies, self.id, rows.tallies)
            rejected_rows = _new_rows(conn, t.rejected, self.id, rows.rejected)
            if skip_if_stored and spin_rows.empty and tally_rows.empty:
                return None
            number = (conn.execute(select(func.max(t.batches.c.number))
                                   .where(t.batches.c.campaign_id == self.id)).scalar() or 0) + 1
            now = added_at or _now()
            new_spins = len(spin_rows)
            new_tally = int(tally_rows["count"].sum()) if len(tally_rows) else 0
            stored = len(rows.spins) - new_spins + len(rows.tallies) - len(tally_rows)
            batch_id = conn.execute(t.batches.insert().values(
                campaign_id=self.id, number=number, source=source[:500],
                kind=kind or rows.kind, added_at=now, added_by=by, rules_version=version,
                read=int(summary.get("read", 0)), used=int(summary.get("used", 0)),
                rejected=int(summary.get("rejected", 0)),
                not_a_report=int(summary.get("not_a_report", 0)),
                spins=int(summary.get("spins", 0)),
                tally_spins=int(summary.get("tally_spins", 0)),
                new_spins=new_spins, new_tally_spins=new_tally, already_stored=stored,
                summary=json.dumps(summary, ensure_ascii=False, default=str),
                comment=comment)).inserted_primary_key[0]
            common = {"campaign_id": self.id, "batch_id": batch_id}
            _insert(conn, t.spins, spin_rows, common, ordinal=True)
            if len(spin_rows) >= BLOCK_MIN_ROWS:  # read by checks instead of the rows
                for first, n, data in spin_blocks(spin_rows):
                    conn.execute(t.spin_blocks.insert().values(**common, first_ordinal=first,
                                                               rows=n, data=data))
            _insert(conn, t.tallies, tally_rows, common, ordinal=True)
            _insert(conn, t.rejected, rejected_rows, common)
        return Batch(number=number, source=source, kind=kind or rows.kind, added_at=now,
                     added_by=by, summary=summary, new_spins=new_spins,
                     new_tally_spins=new_tally, already_stored=stored)

    def _lock(self, conn) -> str | None:
        """Lock the campaign's row for this transaction (PostgreSQL; SQLite's write
        transaction already holds the database) and return its chat id."""
        row = conn.execute(select(t.campaigns.c.chat_id).where(t.campaigns.c.id == self.id)
                           .with_for_update()).first()
        if row is None:
            raise DataError(Message("error.campaign_deleted", name=self.name))
        return row.chat_id

    # -- reading back --------------------------------------------------------------------------
    def batches(self) -> pd.DataFrame:
        """One row per batch: number, source, kind, added_at, added_by, rules_version, the
        accounting, new spins, already stored, and whether it is excluded now."""
        with self.store.reading() as conn:
            frame = pd.read_sql(select(t.batches).where(t.batches.c.campaign_id == self.id)
                                .order_by(t.batches.c.number), conn)
            excluded, _ = self._active_exclusions(conn)
        frame["added_at"] = pd.to_datetime(frame["added_at"], utc=True)
        frame["excluded"] = frame["number"].isin(list(excluded))
        return frame.drop(columns=["id", "campaign_id", "summary"])

    def _active_exclusions(self, conn) -> tuple[dict[int, dict], dict[str, dict]]:
        rows = conn.execute(select(t.moderation).where(
            t.moderation.c.campaign_id == self.id, t.moderation.c.restored_at.is_(None))
            .order_by(t.moderation.c.id)).all()
        batches = {int(r.target): {"reason": r.reason, "silent": r.silent} for r in rows
                   if r.kind == "batch"}
        reporters = {r.target: {"reason": r.reason, "silent": r.silent} for r in rows
                     if r.kind == "reporter"}
        return batches, reporters

    def evidence(self, *, rules_version: int | None = None) -> Any:
        """An Evidence of everything kept (exclusions left out) under ``rules_version`` (the
        newest by default)."""
        with self.store.reading() as conn:
            return self._kept(conn, rules_version).evidence

    def _kept(self, conn, rules_version) -> _Kept:
        game, version = self._game(conn, rules_version)
        excluded_batches, excluded_reporters = self._active_exclusions(conn)
        batch_rows = conn.execute(select(t.batches.c.id, t.batches.c.number,
                                         t.batches.c.rules_version, t.batches.c.added_at,
                                         t.batches.c.not_a_report, t.batches.c.used,
                                         t.batches.c.new_spins,
                                         t.batches.c.already_stored)
                                  .where(t.batches.c.campaign_id == self.id)
                                  .order_by(t.batches.c.number)).all()
        number_of = {b.id: b.number for b in batch_rows}
        left_out = [b.id for b in batch_rows if b.number in excluded_batches]
        kept_ids = [b.id for b in batch_rows if b.number not in excluded_batches]

        def where(table):  # the campaign's batches but the excluded ones (few, unlike the
            # kept ones: a member's report is a batch, and SQLite takes 32,766 parameters)
            return [table.c.campaign_id == self.id, table.c.batch_id.not_in(left_out or [-1])]

        b = t.spin_blocks.c
        blocks: dict[int, list[int]] = {}
        for block, batch in conn.execute(select(b.id, b.batch_id)
                                         .where(b.campaign_id == self.id)
                                         .order_by(b.batch_id, b.first_ordinal)):
            blocks.setdefault(batch, []).append(block)
        spins = read_spins(conn, kept_ids, blocks)
        if excluded_reporters:  # (spins with no reporter stay)
            spins = spins[~spins["reporter"].isin(list(excluded_reporters))]
        tc = t.tallies.c
        tallies = pd.read_sql(select(tc.batch_id, tc.outcome, tc.count, tc.source, tc.item)
                              .where(*where(t.tallies))
                              .order_by(tc.batch_id, tc.ordinal), conn)
        rc = t.rejected.c
        rejected = pd.read_sql(select(rc.source, rc.item, rc.reason, rc.excerpt)
                               .where(*where(t.rejected)).order_by(rc.id), conn)
        versions = conn.execute(select(t.rules.c.version, t.rules.c.valid_from)
                                .where(t.rules.c.campaign_id == self.id)
                                .order_by(t.rules.c.version)).all()
        if len(versions) > 1:
            batch_version = {b.id: b.rules_version for b in batch_rows}
            spins, tallies = _in_period(spins, tallies, versions, version, batch_version)
        other = ~spins["outcome"].isin(game.labels)
        if other.any():  # read under other rules whose labels differ: not counted, and said so
            moved = spins[other]
            rejected = pd.concat([rejected, pd.DataFrame({
                "source": moved["source"].astype(object), "item": moved["item"],
                "reason": reason("other_rules", version=version),
                "excerpt": moved["outcome"].astype(object)})], ignore_index=True)
            spins = spins[~other]
        kept = [b for b in batch_rows if b.number not in excluded_batches]
        used, not_a_report = _new_items(conn, self.id, kept)
        summary = {"spins": len(spins), "tally_spins": int(tallies["count"].sum()),
                   "rejected": len(rejected), "used": used, "not_a_report": not_a_report,
                   "batches": len(kept)}
        summary["read"] = summary["used"] + summary["rejected"] + summary["not_a_report"]
        evidence = rows_evidence(game.labels, spins, tallies, rejected, summary)
        last_batch = max((b.number for b in batch_rows), default=0)
        excluded = self._excluded_counts(conn, excluded_batches, excluded_reporters, number_of,
                                         left_out)
        counts = [*spins.groupby(["batch_id", "outcome"], observed=True).size().items(),
                  *tallies.groupby(["batch_id", "outcome"], observed=True)["count"].sum()
                  .items()]
        return _Kept(evidence, game, version, last_batch, excluded, kept,
                     [(b, o, n) for (b, o), n in counts])

    def _excluded_counts(self, conn, excluded_batches, excluded_reporters, number_of, left_out):
        items = []
        id_of = {number: bid for bid, number in number_of.items()}
        s = t.spins.c
        for number, info in sorted(excluded_batches.items()):
            batch_id = id_of.get(number, -1)
            n = conn.execute(select(func.count()).select_from(t.spins).where(
                s.batch_id == batch_id)).scalar()
            n += conn.execute(select(func.coalesce(func.sum(t.tallies.c.count), 0)).where(
                t.tallies.c.batch_id == batch_id)).scalar()
            items.append({"kind": "batch", "target": str(number), "reason": info["reason"],
                          "spins": int(n)})
        for reporter, info in sorted(excluded_reporters.items()):
            query = select(func.count()).select_from(t.spins).where(
                s.campaign_id == self.id, s.reporter == reporter)
            if left_out:  # (spins of excluded batches are counted there)
                query = query.where(s.batch_id.not_in(left_out))
            items.append({"kind": "reporter", "target": reporter, "reason": info["reason"],
                          "spins": int(conn.execute(query).scalar())})
        return items

    # -- checking --------------------------------------------------------------------------
    def check(self, *, alpha: float = 0.01, seed: int = 0, record: bool = True,
              rules_version: int | None = None) -> CampaignCheck:
        """The verdict on everything kept so far (exclusions left out), recorded in the history
        unless ``record`` is False."""
        import fairness

        with self.store.reading() as conn:
            kept = self._kept(conn, rules_version)
        evidence, game, version = kept.evidence, kept.game, kept.version
        last_batch, excluded = kept.last_batch, kept.excluded
        analysis = fairness.analyze(evidence, game, alpha=alpha, seed=seed)
        answer = fairness.verdict(analysis)
        now = _now()
        number = None
        fit_p = float(analysis.fit.pvalue) if analysis.fit is not None else None
        if fit_p is not None and not math.isfinite(fit_p):
            fit_p = None
        n_excluded = int(sum(item["spins"] for item in excluded))
        with self.store.writing() as conn:
            self._lock(conn)
            previous = _last_check(conn, self.id)
            if record:
                number = (previous["number"] if previous else 0) + 1
                log10 = float(analysis.evidence_value.log10)
                conn.execute(t.checks.insert().values(
                    campaign_id=self.id, number=number, checked_at=now, rules_version=version,
                    last_batch=last_batch, n_spins=int(analysis.n_spins), n_excluded=n_excluded,
                    level=answer.level, evalue=min(float(analysis.evalue), sys.float_info.max),
                    log10_evalue=log10, fit_p=fit_p, alpha=alpha,
                    excluded=json.dumps(excluded, ensure_ascii=False)))
        return CampaignCheck(campaign=self.name, number=number, checked_at=now,
                             rules_version=version, last_batch=last_batch, evidence=evidence,
                             analysis=analysis, verdict=answer, excluded=tuple(excluded),
                             n_excluded=n_excluded, previous=previous)

    def history(self) -> pd.DataFrame:
        """One row per recorded check: number, checked_at, n_spins, n_excluded, level, evalue,
        log10_evalue, fit_p, alpha, rules_version, last_batch, excluded (JSON)."""
        with self.store.reading() as conn:
            frame = pd.read_sql(select(t.checks).where(t.checks.c.campaign_id == self.id)
                                .order_by(t.checks.c.number), conn)
        frame["checked_at"] = pd.to_datetime(frame["checked_at"], utc=True)
        return frame.drop(columns=["id", "campaign_id"])

    def evalue_path(self, *, rules_version: int | None = None) -> pd.DataFrame:
        """The e-value after each batch kept now (number, added_at, n, evalue, log10), from the
        counts of the batches so far: the path a community checking after every batch sees."""
        from fairness.campaign.monitor import evalue_after_batches

        with self.store.reading() as conn:
            kept = self._kept(conn, rules_version)
        return evalue_after_batches(kept.game, kept.batches, kept.counts)

    # -- moderation ------------------------------------------------------------------------
    def exclude(self, *, batch: int | None = None, reporter: str | None = None, reason: str,
                silent: bool = False) -> None:
        """Leave a batch or a reporter out of every check (kept, flagged with ``reason``)."""
        kind, target = self._target(batch, reporter, reason)
        with self.store.writing() as conn:
            self._lock(conn)
            self._check_target(conn, kind, target)
            if self._active(conn, kind, target) is not None:
                raise DataError(Message("error.already_excluded",
                                        target=Message(f"campaign.target.{kind}", target=target)))
            conn.execute(t.moderation.insert().values(
                campaign_id=self.id, kind=kind, target=target, reason=reason.strip(),
                excluded_at=_now(), silent=silent))

    def restore(self, *, batch: int | None = None, reporter: str | None = None,
                reason: str) -> None:
        """Count an excluded batch or reporter again (the exclusion stays in the log)."""
        kind, target = self._target(batch, reporter, reason)
        with self.store.writing() as conn:
            self._lock(conn)
            active = self._active(conn, kind, target)
            if active is None:
                raise DataError(Message("error.not_excluded",
                                        target=Message(f"campaign.target.{kind}", target=target)))
            conn.execute(update(t.moderation).where(t.moderation.c.id == active)
                         .values(restored_at=_now(), restore_reason=reason.strip()))

    def exclusions(self) -> pd.DataFrame:
        """The moderation log: kind, target, reason, excluded_at, restored_at, restore_reason,
        silent (flagged automatically), active."""
        with self.store.reading() as conn:
            frame = pd.read_sql(select(t.moderation).where(t.moderation.c.campaign_id == self.id)
                                .order_by(t.moderation.c.id), conn)
        for column in ("excluded_at", "restored_at"):
            frame[column] = pd.to_datetime(frame[column], utc=True)
        frame["active"] = frame["restored_at"].isna()
        return frame.drop(columns=["id", "campaign_id"])

    @staticmethod
    def _target(batch, reporter, reason) -> tuple[str, str]:
        if (batch is None) == (reporter is None):
            raise DataError(Message("error.batch_or_reporter"))
        if not isinstance(reason, str) or not reason.strip():
            raise DataError(Message("error.no_reason"))
        if batch is not None:
            if isinstance(batch, bool) or not isinstance(batch, (int, np.integer)):
                raise DataError(Message("error.batch_not_number", value=repr(batch)))
            return "batch", str(int(batch))
        return "reporter", str(reporter).strip()

    def _check_target(self, conn, kind: str, target: str) -> None:
        if kind == "batch":
            found = conn.execute(select(t.batches.c.id).where(
                t.batches.c.campaign_id == self.id, t.batches.c.number == int(target))).first()
            if found is None:
                raise DataError(Message("error.no_batch", name=self.name, batch=target))
        else:
            found = conn.execute(select(t.spins.c.id).where(
                t.spins.c.campaign_id == self.id, t.spins.c.reporter == target).limit(1)).first()
            found = found or conn.execute(select(t.batches.c.id).where(
                t.batches.c.campaign_id == self.id, t.batches.c.added_by == target)).first()
            if found is None:
                raise DataError(Message("error.no_reporter_spins", name=self.name,
                                        reporter=target))

    def _active(self, conn, kind: str, target: str) -> int | None:
        return conn.execute(select(t.moderation.c.id).where(
            t.moderation.c.campaign_id == self.id, t.moderation.c.kind == kind,
            t.moderation.c.target == target, t.moderation.c.restored_at.is_(None))).scalar()

    # -- members' reports ----------------------------------------------------------------------
    def submit(self, outcome: str, date: _dt.date | _dt.datetime | str, *, session: str,
               segment: str | None = None, comment: str | None = None,
               now: _dt.datetime | None = None):
        """One spin reported by a member through a form (see :mod:`fairness.campaign.form`)."""
        from fairness.campaign.form import submit

        return submit(self, outcome, date, session=session, segment=segment, comment=comment,
                      now=now)


# -- helpers --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Kept:
    """What a check counts: the Evidence under one rules version, and per batch kept its
    counts (batch id, outcome, count) for the e-value path."""

    evidence: Any
    game: Game
    version: int
    last_batch: int
    excluded: list
    batches: list
    counts: list


def _moment(value) -> _dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return _utc(value)
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day, tzinfo=_dt.timezone.utc)
    return _utc(pd.Timestamp(value).to_pydatetime())


def _new_items(conn, campaign_id: int, batches) -> tuple[int, int]:
    """Items used and items that were not reports, counted in the part of each batch that was
    new: a batch whose every row was stored before adds none (exact for an export added
    again, in proportion for an overlapping one). Spins of excluded reporters stay counted
    as used: the accounting is of what was read; exclusions are listed apart."""
    if not batches:
        return 0, 0
    tally_rows = dict(conn.execute(select(t.tallies.c.batch_id, func.count())
                                   .where(t.tallies.c.campaign_id == campaign_id)
                                   .group_by(t.tallies.c.batch_id)).all())
    used = not_a_report = 0.0
    for b in batches:
        new = b.new_spins + tally_rows.get(b.id, 0)
        share = new / (new + b.already_stored) if new + b.already_stored else 1.0
        used += b.used * share
        not_a_report += b.not_a_report * share
    return round(used), round(not_a_report)


def _last_check(conn, campaign_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(t.checks).where(t.checks.c.campaign_id == campaign_id)
                       .order_by(t.checks.c.number.desc()).limit(1)).first()
    if row is None:
        return None
    out = dict(row._mapping)
    out["checked_at"] = _utc(out["checked_at"])
    return out


def _chunks(values: list, size: int) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _new_rows(conn, table, campaign_id: int, rows: pd.DataFrame) -> pd.DataFrame:
    """The rows whose key is not stored in the campaign yet (keys are unique in ``rows``)."""
    if rows.empty:
        return rows
    any_stored = conn.execute(select(table.c.id).where(table.c.campaign_id == campaign_id)
                              .limit(1)).first()
    if any_stored is None:
        return rows
    keys = rows["key"].tolist()
    stored: set[str] = set()
    for chunk in _chunks(keys, _IN_CHUNK):
        stored.update(conn.execute(select(table.c.key).where(
            table.c.campaign_id == campaign_id, table.c.key.in_(chunk))).scalars())
    if not stored:
        return rows
    return rows[~rows["key"].isin(stored)]


def _column_values(column: pd.Series) -> list:
    """Python values with None for missing (what the database drivers take)."""
    if isinstance(column.dtype, pd.api.extensions.ExtensionDtype) and column.dtype.kind in "iu":
        return [None if v is pd.NA else int(v) for v in column.array]
    values = column.to_numpy(dtype=object)
    if column.dtype.kind == "f":
        return [None if v != v else float(v) for v in values]
    if column.dtype.kind in "iu":
        return [int(v) for v in values]
    return [None if v is None or (isinstance(v, float) and v != v) else v for v in values]


def _insert(conn, table, rows: pd.DataFrame, common: dict[str, Any], *,
            ordinal: bool = False) -> None:
    """Insert the rows in chunks with the driver's executemany, on the statement SQLAlchemy
    compiles for the connection's dialect (a million rows in seconds, not a million dicts
    through the ORM-free but per-row Core path)."""
    if rows.empty:
        return
    n = len(rows)
    values = {name: _column_values(rows[name]) for name in rows.columns}
    if ordinal:  # the row's place in the batch, as read (kept rows keep their order)
        values["ordinal"] = list(range(n))
    for name, value in common.items():
        values[name] = [value] * n
    compiled = table.insert().compile(dialect=conn.dialect, column_keys=list(values))
    if not compiled.positional:  # (PostgreSQL: psycopg's pipelined executemany)
        names = list(values)
        records = [dict(zip(names, row, strict=True)) for row in zip(*values.values(),
                                                                      strict=True)]
        for chunk in _chunks(records, _CHUNK):
            conn.execute(table.insert(), chunk)
        return
    cursor = conn.connection.cursor()
    try:
        params = list(zip(*[values[name] for name in compiled.positiontup], strict=True))
        for chunk in _chunks(params, _CHUNK):
            cursor.executemany(compiled.string, chunk)
    finally:
        cursor.close()


def _in_period(spins: pd.DataFrame, tallies: pd.DataFrame, versions, version: int,
               batch_version: dict[int, int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The spins and tallies under rules ``version`` when the rules changed over time."""
    starts = [_utc(v.valid_from) for v in versions]
    bounds = np.array([np.iinfo(np.int64).min] + [
        int(pd.Timestamp(s).value // 1000) if s is not None else np.iinfo(np.int64).min
        for s in starts[1:]], dtype=np.int64)
    numbers = [v.version for v in versions]
    times = spins["reported_at"].array.as_unit("us")
    timed = ~np.asarray(times.isna())
    own = spins["batch_id"].map(batch_version).to_numpy().copy()
    if timed.any():
        index = np.searchsorted(bounds, times.asi8[timed], side="right") - 1
        own[timed] = np.asarray(numbers)[index]
    spins = spins[own == version]
    tallies = tallies[tallies["batch_id"].map(batch_version).to_numpy() == version]
    return spins, tallies

