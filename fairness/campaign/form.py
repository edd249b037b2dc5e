"""Members' reports through a form (the app's campaign page): one spin at a time, with the
checks crowdsourcing projects such as Penguin Statistics use.

* the outcome must be one of the wheel's (else refused, with the outcomes listed);
* the date must be a calendar date and not in the future (a day of slack for time zones);
* at most :data:`RATE_LIMIT` reports an hour from one session (refused beyond that);
* the same report twice (same member, day, outcome and segment) is refused as a duplicate;
* a member whose reports a moderator excluded may go on reporting: the reports are stored and
  silently left out of the statistics, like every excluded reporter's.

A member is a pseudonym of the session (``session``: a random token the app keeps for the
browser session) under the campaign's key, so nothing about the member is stored; a new
session is a new pseudonym. The comment is stored with phone numbers, e-mails, @mentions and
links masked.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select

from fairness.campaign import schema as t
from fairness.campaign import words

__all__ = ["RATE_LIMIT", "Submission", "submit"]

RATE_LIMIT = 5  # reports per session per hour
COMMENT_CHARS = 500


@dataclass(frozen=True)
class Submission:
    """The answer to a member's report: ``accepted``, and the ``reason`` (a code:
    ``unknown_outcome``, ``bad_date``, ``future_date``, ``rate_limit``, ``duplicate``) when not;
    ``message(lang)`` says it to the member."""

    accepted: bool
    reason: str | None
    reporter: str
    batch: int | None = None
    params: tuple[tuple[str, str], ...] = ()

    def message(self, lang: str = "en") -> str:
        key = "form.accepted" if self.accepted else f"form.{self.reason}"
        return words.text(key, lang, number=self.batch, **dict(self.params))


def _day(value) -> _dt.date | None:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        stamp = pd.Timestamp(str(value).strip())
    except (ValueError, TypeError):
        return None
    return None if pd.isna(stamp) else stamp.date()


def submit(campaign, outcome: str, date, *, session: str, segment: str | None = None,
           comment: str | None = None, now: _dt.datetime | None = None) -> Submission:
    """Check and store one member's spin (see the module docstring)."""
    from fairness.campaign.rows import mask_personal, pseudonymizer
    from fairness.evidence import Evidence

    if not isinstance(session, str) or len(session) < 16:
        raise ValueError("session must be a random token of at least 16 characters")
    now = now or _dt.datetime.now(_dt.timezone.utc)
    with campaign.store.reading() as conn:
        game, version = campaign._game(conn)
        reporter = pseudonymizer(campaign._secret(conn))(f"form session {session}")
        since = now - _dt.timedelta(hours=1)
        recent = conn.execute(select(func.count()).select_from(t.batches).where(
            t.batches.c.campaign_id == campaign.id, t.batches.c.kind == "form",
            t.batches.c.added_by == reporter, t.batches.c.added_at >= since)).scalar()

    def refused(reason: str, **params) -> Submission:
        return Submission(False, reason, reporter,
                          params=tuple((k, str(v)) for k, v in params.items()))

    label = str(outcome).strip() if outcome is not None else ""
    if label not in game.labels:
        return refused("unknown_outcome", outcome=label, labels=", ".join(game.labels))
    day = _day(date)
    if day is None:
        return refused("bad_date")
    if day > (now + _dt.timedelta(days=1)).date():
        return refused("future_date", date=day.isoformat())
    if recent >= RATE_LIMIT:
        return refused("rate_limit", limit=RATE_LIMIT)
    segment = (str(segment).strip() or None) if segment is not None else None
    spins = pd.DataFrame({"outcome": [label],
                          "reported_at": [pd.Timestamp(day).tz_localize("UTC")],
                          "reporter": [reporter], "segment": [segment],
                          "source": ["form"]})
    evidence = Evidence(labels=game.labels, spins=spins, tallies=None, rejected=None,
                        summary={"read": 1})
    note = mask_personal(" ".join(str(comment).split())[:COMMENT_CHARS]) if comment else None
    batch = campaign.add_evidence(evidence, source="form", added_by=reporter,
                                  rules_version=version, comment=note or None, kind="form",
                                  pseudonymous=True, skip_if_stored=True,
                                  added_at=now)
    if batch is None:
        return refused("duplicate")
    return Submission(True, None, reporter, batch=batch.number)
