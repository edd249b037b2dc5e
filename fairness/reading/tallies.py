"""Tallies: counts that cannot be split into spins.

Two sources:

* a pasted or posted summary, e.g. ``"1% — 340, 3% — 52, 5% — 4"``: entries one per line or
  separated by commas or semicolons; label and count separated by ``—``, ``–``, ``-``, ``:``,
  ``=``, ``→`` or ``×``; the count may be written "1 340", and followed by "шт", "раз",
  "spins" or a parenthesised remark ("340 (86%)");
* a Telegram poll: the voters of each answer whose text names one outcome.

The label part of an entry is matched to the game's outcomes exactly (ignoring case and spaces)
or by the outcome patterns (see :mod:`fairness.reading.extract`), so "Итого за март: 1%" and
"один процент" both name "1%".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from fairness.errors import DataError, Message
from fairness.evidence import Evidence, empty_rejected, empty_tallies
from fairness.i18n.reasons import reason
from fairness.limits import LIMITS, check_count
from fairness.reading.extract import Extractor
from fairness.reading.labels import normalise_label
from fairness.reading.privacy import mask_personal
from fairness.reading.sniff import decode, looks_binary, read_input_bytes
from fairness.spec import Game

__all__ = [
    "PollTally",
    "TallyItem",
    "looks_like_tally",
    "parse_tally_text",
    "poll_tallies",
    "read_tallies",
    "tallies_from_text",
]

# Entries are split at line ends, semicolons, and commas that are not decimal commas.
_SPLIT = re.compile(r"[\n\r;]+|,(?!\d)|(?<!\d),")
_ENTRY = re.compile(
    r"^(?P<label>.*?\S)\s*(?:—|–|-|:|=|→|->|×)\s*"
    r"(?P<count>\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?P<fraction>[.,]\d+)?"
    r"(?:\s*(?:шт\w*\.?|штук\w*|раз\w*|spins?|pcs\.?|times|спин\w*|прокрут\w*))?"
    r"(?:\s*\([^)]*\))?[\s.!]*$",
    re.IGNORECASE,
)
# Cheap test before trying to read a message as a summary: a separator, a count, and the end of
# the entry (end of text, line, comma, semicolon; "шт"/"раз" or a remark in brackets before it).
_HINT = re.compile(
    r"[—–\-:=→×]\s*\d+(?:[ \u00a0\u202f]\d{3})*\s*(?:шт\w*\.?|штук\w*|раз\w*|spins?|pcs\.?)?"
    r"\s*(?:\([^)\n]*\))?\s*(?:$|[,;\n\r])",
    re.IGNORECASE,
)


_ENTRY_CHARS = 300


def summary_hint(text: str, minimum: int = 2) -> bool:
    """True when ``text`` has at least ``minimum`` places that look like "label — count"."""
    # one search answers for most texts (chatter has none): a third of the cost of an iterator
    first = _HINT.search(text)
    if first is None:
        return False
    found = 1
    if found >= minimum:
        return True
    for _ in _HINT.finditer(text, first.end()):
        found += 1
        if found >= minimum:
            return True
    return False


@dataclass(frozen=True)
class TallyItem:
    """One fragment of a summary text.

    ``kind`` is ``"tally"`` (``label`` and ``count`` set), ``"rejected"`` (looks like an entry
    but cannot be used: ``reason`` says why) or ``"not_a_report"`` (a heading, a remark).
    """

    kind: str
    text: str
    label: str | None = None
    count: int | None = None
    reason: str | None = None


def parse_tally_text(text: str, extractor: Extractor) -> list[TallyItem]:
    """Split a summary into entries and read each one: ``"1% — 340, 3% — 52"`` -> 2 items."""
    items: list[TallyItem] = []
    known: dict[str, str | None] = {}  # label text -> outcome: long summaries repeat labels
    not_outcomes = {normalise_label(w).rstrip(":") for w in extractor.game.not_outcomes}
    for raw in _SPLIT.split(str(text)):
        fragment = raw.strip()
        if not fragment:
            continue
        if len(fragment) > _ENTRY_CHARS:  # an entry is a label and a count, not a paragraph
            items.append(TallyItem("not_a_report", fragment[:_ENTRY_CHARS]))
            continue
        match = _ENTRY.match(fragment)
        if not match:
            items.append(TallyItem("not_a_report", fragment))
            continue
        label_text = match.group("label").strip(" \t-–—:=•*·")
        if match.group("fraction"):
            items.append(TallyItem("rejected", fragment,
                                   reason=reason("fraction")))
            continue
        label = known.get(label_text, "")
        if label == "":
            label = known[label_text] = extractor.match_label(label_text)
        if label is None:
            spins, _ = extractor.mentions(label_text)
            if len({m.label for m in spins}) > 1:
                items.append(TallyItem("rejected", fragment, reason=reason(
                    "ambiguous_names", labels=tuple(dict.fromkeys(m.label for m in spins)))))
                continue
            if not re.search(r"\d|[^\W\d_]{2,}", label_text):
                items.append(TallyItem("not_a_report", fragment))
                continue
            if normalise_label(label_text).rstrip(":") in not_outcomes:
                items.append(TallyItem("not_a_report", fragment))
                continue
            items.append(TallyItem("rejected", fragment,
                                   reason=reason("unknown_outcome", text=label_text[:40]),
                                   label=label_text[:40],
                                   count=int(re.sub(r"\D", "", match.group("count")))))
            continue
        count = check_count(re.sub(r"\D", "", match.group("count"))[:40])
        if count is None:
            items.append(TallyItem("rejected", fragment,
                                   reason=reason("implausible_count", limit=LIMITS.count)))
            continue
        items.append(TallyItem("tally", fragment, label=label, count=count))
    return items


def looks_like_tally(text: str, extractor: Extractor, *, minimum: int = 2) -> bool:
    """True when ``text`` reads as a summary: at least ``minimum`` entries with known outcomes
    and more entries than other fragments."""
    if not text or not summary_hint(text, minimum):
        return False
    items = parse_tally_text(text, extractor)
    good = sum(item.kind == "tally" for item in items)
    return good >= minimum and good >= sum(item.kind != "tally" for item in items)


@dataclass(frozen=True)
class PollTally:
    """A poll read as tallies: ``rows`` of (label, count, answer number 1..k)."""

    rows: tuple[tuple[str, int, int], ...]
    unmatched_votes: int
    matched_answers: int


def poll_tallies(answers: Sequence[tuple[str, int]], extractor: Extractor) -> PollTally:
    """Tallies from a poll's answers ``[(text, voters), ...]``.

    Each answer whose text names exactly one outcome gives a tally of its voters (zero counts
    included). Answers that name no outcome ("не крутил", "посмотреть результаты") are not
    spins; their votes are counted in ``unmatched_votes``.
    """
    rows = []
    unmatched = 0
    for number, (text, voters) in enumerate(answers, start=1):
        label = extractor.match_label(text) if text else None
        votes = int(voters or 0)
        if label is None:
            unmatched += votes
            continue
        rows.append((label, votes, number))
    return PollTally(tuple(rows), unmatched, len(rows))


def tallies_from_text(
    text: str, game: Game, *, source: str = "text", extractor: Extractor | None = None
) -> Evidence:
    """Evidence from a pasted summary such as ``"1% — 340, 3% — 52, 5% — 4"``.

    Every fragment is accounted for: entries with a known outcome are tallies (``used``),
    entries naming an unknown outcome are ``rejected``, headings and remarks are
    ``not_a_report``.

    Raises
    ------
    DataError
        When no fragment reads as an entry ``label — count``.
    """
    extractor = extractor or Extractor(game, trigger=False)
    items = parse_tally_text(text, extractor)
    if not any(item.kind != "not_a_report" for item in items):
        raise DataError(Message("error.no_tallies"), source=source)
    tallies, rejected = [], []
    for number, item in enumerate(items, start=1):
        if item.kind == "tally":
            tallies.append((item.label, item.count, source, number))
        elif item.kind == "rejected":
            rejected.append((source, number, item.reason, mask_personal(item.text[:120])))
    n_not = sum(item.kind == "not_a_report" for item in items)
    tally_frame = (pd.DataFrame(tallies, columns=["outcome", "count", "source", "item"])
                   if tallies
                   else empty_tallies(game.labels))
    rejected_frame = (pd.DataFrame(rejected, columns=["source", "item", "reason", "excerpt"])
                      if rejected else empty_rejected())
    unknown_labels: dict[str, int] = {}
    for item in items:
        if item.kind == "rejected" and item.label is not None:
            text = mask_personal(" ".join(item.label.split()))[:40]
            unknown_labels[text] = unknown_labels.get(text, 0) + int(item.count or 0)
    by_reason: dict[str, int] = {}
    for _, _, why, _ in rejected:
        key = why.split(" '")[0].split(":")[0]
        by_reason[key] = by_reason.get(key, 0) + 1
    return Evidence(
        labels=game.labels,
        spins=pd.DataFrame({"outcome": pd.Categorical([], categories=list(game.labels))}),
        tallies=tally_frame,
        rejected=rejected_frame,
        summary={
            "read": len(items), "used": len(tallies), "rejected": len(rejected),
            "not_a_report": n_not, "spins": 0,
            "tally_spins": int(sum(t[1] for t in tallies)),
            "rejected_by_reason": by_reason,
            "unknown_labels": unknown_labels,
            "unknown_spins": sum(unknown_labels.values()),
            # outcomes of the game the text gives no count for: read as zero, which the
            # verdict says and the app asks about ("zero, or unknown?")
            "not_given": [label for label in game.labels
                          if label not in {t[0] for t in tallies}],
        },
        source=source,
    )


def read_tallies(
    path: str | Path, game: Game, *, extractor: Extractor | None = None, encoding: str | None = None
) -> Evidence:
    """Read a text file holding a summary (one entry per line); see :func:`tallies_from_text`."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # read_input_bytes says what is wrong
    if size > LIMITS.tally_bytes:
        raise DataError(Message("error.tally_too_big", limit=LIMITS.tally_bytes >> 10),
                        source=name)
    text, _ = decode(read_input_bytes(path, name), name, encoding)
    if looks_binary(text):
        raise DataError(Message("error.binary_not_summary"), source=name)
    return tallies_from_text(text, game, source=name, extractor=extractor)
