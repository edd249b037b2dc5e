"""Game specs: the operator's stated odds, parsed and validated.

A game is a list of outcomes, each with a stated chance written in one of the forms operators
publish (``probability``, ``percent``, ``odds``, ``weight``, ``count``) or marked as the
``remainder``. Stated figures are rounded, so every outcome carries an interval of chances that
the operator's words allow (:attr:`Outcome.lower`, :attr:`Outcome.upper`); the statistics test
the observed spins against that set of chances, never against a single rounded point only.

The tolerance of a figure follows from how it was written: half a unit in its last written
digit ("5%" allows 4.5%-5.5%, "0.05" allows 0.045-0.055, "1 in 20" allows 1/20.5-1/19.5).
Weights and prize-fund counts are exact. A spec may override this with ``tolerance``.
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import numpy as np
import regex

from fairness.errors import Message, SpecError
from fairness.limits import LIMITS
from fairness.textfold import fold

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = ["CHANCE_FORMS", "CLAIMS", "AllowedOutcomes", "Claim", "Game", "Outcome",
           "chance_value", "load_game", "parse_chance"]

CHANCE_FORMS = ("probability", "percent", "odds", "weight", "count")
CLAIMS = ("exact", "at_least", "at_most")

# Slack allowed in the sum of exact figures (floating point only).
_EXACT_SUM_SLACK = 1e-9

_ODDS_RE = re.compile(
    r"^\s*(?P<num>\d+(?:[.,]\d+)?)\s*(?:in|из|к|:|/|of|на)\s*(?P<den>\d[\d\s]*(?:[.,]\d+)?)\s*$",
    re.IGNORECASE,
)
_OUTCOME_KEYS = {
    "label", *CHANCE_FORMS, "remainder", "claim", "tolerance", "value", "unit", "patterns",
    "description",
}
_GAME_KEYS = {
    "name", "operator", "rules", "valid_from", "valid_to", "pool", "outcomes", "description",
    "currency", "trigger", "claims", "not_outcomes",
}
# A group claim states a share of spins: the forms that give a chance on their own.
_CLAIM_FORMS = ("probability", "percent", "odds")
_CLAIM_KEYS = {"outcomes", *_CLAIM_FORMS, "claim", "tolerance", "text"}


@dataclass(frozen=True)
class Outcome:
    """One outcome of a game and the chance the operator states for it.

    Attributes
    ----------
    label : str
        Name of the outcome as it appears in data ("5%", "300 баллов").
    stated : float
        Stated chance as a probability in [0, 1] (for weights and counts: share of the total;
        for the remainder: one minus the others); NaN when the operator states none.
    form : str
        How the chance was written: one of :data:`CHANCE_FORMS`, ``"remainder"`` or
        ``"unstated"`` (the wheel shows the prize, the rules give no chance: ``lower`` 0,
        ``upper`` 1).
    written : str
        The figure as written in the spec, for reports ("1 in 20", "5%").
    claim : str
        ``"exact"``, ``"at_least"`` or ``"at_most"``.
    lower, upper : float
        The interval of chances the statement allows (rounding, tolerance and claim applied).
    value : float or None
        Prize value in ``unit`` (cashback percent, points, roubles).
    count : int or None
        Prize-fund count when the chance was given as ``count``.
    """

    label: str
    stated: float
    form: str
    written: str
    claim: str = "exact"
    lower: float = 0.0
    upper: float = 1.0
    value: float | None = None
    unit: str | None = None
    count: int | None = None
    patterns: tuple[str, ...] = ()
    description: str | None = None

    @property
    def forbidden(self) -> bool:
        """True when the rules do not allow this outcome (stated chance 0, no tolerance)."""
        return self.upper == 0.0

    @property
    def is_stated(self) -> bool:
        """True when the operator states a chance for this outcome (any form, or remainder)."""
        return self.form != "unstated"


@dataclass(frozen=True)
class Claim:
    """A claim about a group of outcomes ("every tenth spin wins 5% or more").

    Attributes
    ----------
    outcomes : tuple of str
        Labels of the outcomes the claim is about.
    stated : float
        The stated share of spins that give one of them.
    form, written, claim
        As for :class:`Outcome` (``probability``, ``percent`` or ``odds``; exact, at_least or
        at_most); the same rounding rule sets the interval.
    lower, upper : float
        The interval of shares the claim allows.
    text : str or None
        The operator's own words, quoted in reports.
    """

    outcomes: tuple[str, ...]
    stated: float
    form: str
    written: str
    claim: str = "exact"
    lower: float = 0.0
    upper: float = 1.0
    text: str | None = None

    @property
    def name(self) -> str:
        """A short name for reports: the operator's words, else the labels joined."""
        return self.text or " + ".join(self.outcomes)


@dataclass(frozen=True, eq=False)
class AllowedOutcomes:
    """The outcomes a game's rules allow, with their chances renormalised (:meth:`Game.allowed`).

    Attributes
    ----------
    labels : tuple of str
        Allowed labels, in spec order.
    mask : numpy.ndarray of bool
        Over all the game's outcomes: True where allowed (``upper > 0``).
    stated : numpy.ndarray
        Stated chances of the allowed outcomes, divided by their sum (so they sum to 1); for a
        game with unstated chances or group claims, :attr:`Game.reference`.
    lower, upper : numpy.ndarray
        The intervals of chances the statement allows (not renormalised).
    values : numpy.ndarray
        Prize values (NaN where none is given).
    """

    labels: tuple[str, ...]
    mask: np.ndarray
    stated: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    values: np.ndarray

    @property
    def has_values(self) -> bool:
        """True when every allowed outcome has a prize value."""
        return bool(np.all(np.isfinite(self.values)))

    @property
    def index(self) -> np.ndarray:
        """For every outcome of the game, its number among the allowed ones (-1: forbidden)."""
        return np.where(self.mask, np.cumsum(self.mask) - 1, -1)


@dataclass(frozen=True)
class Game:
    """A game spec: stated odds of every outcome, plus where they were published.

    Build one with :func:`load_game` (TOML file), :meth:`Game.from_dict` or
    :meth:`Game.from_table` (a table typed by a user).
    """

    name: str
    outcomes: tuple[Outcome, ...]
    operator: str | None = None
    rules: str | None = None
    valid_from: _dt.date | None = None
    valid_to: _dt.date | None = None
    pool: bool = False
    trigger: tuple[str, ...] = ()
    #: Cell texts that are not outcomes of this game (a user answered "not an outcome" for
    #: them): rows and tally lines naming one are "not a report" rather than rejected.
    not_outcomes: tuple[str, ...] = ()
    claims: tuple[Claim, ...] = ()
    source: str | None = field(default=None, compare=False)

    # -- views ---------------------------------------------------------------------------------
    @property
    def labels(self) -> tuple[str, ...]:
        """Outcome labels, in spec order."""
        return tuple(o.label for o in self.outcomes)

    @property
    def stated(self) -> np.ndarray:
        """Stated chances aligned with :attr:`labels`; they sum to 1 when every outcome is
        stated (NaN for an unstated outcome)."""
        return np.array([o.stated for o in self.outcomes], dtype=float)

    @property
    def stated_outcomes(self) -> tuple[Outcome, ...]:
        """The outcomes the operator gives a chance for."""
        return tuple(o for o in self.outcomes if o.is_stated)

    @property
    def unstated_outcomes(self) -> tuple[Outcome, ...]:
        """The outcomes shown without a chance (the operator states none)."""
        return tuple(o for o in self.outcomes if not o.is_stated)

    @property
    def unstated(self) -> tuple[str, ...]:
        """Labels of the outcomes shown without a stated chance."""
        return tuple(o.label for o in self.unstated_outcomes)

    @property
    def is_composite(self) -> bool:
        """True when some chance is unstated or a group claim is made: the null hypothesis is
        then the polytope of every statement together (:meth:`null`), not intervals that pin
        every chance."""
        return bool(self.unstated) or bool(self.claims)

    @property
    def has_odds(self) -> bool:
        """True when the operator states anything to test: a chance above 0 or a group claim.

        A game without (only shown prizes, perhaps some the rules forbid) is checked by what
        needs no stated odds: the same draw for everyone and at all times.
        """
        return bool(self.claims) or any(o.is_stated and o.upper > 0 for o in self.outcomes)

    def null(self):
        """The null hypothesis over the allowed outcomes: every statement together.

        Returns
        -------
        fairness.stats.composite.Polytope
            Each allowed outcome's interval (``[0, 1]`` when unstated), each group claim's
            interval over its allowed outcomes, the chances summing to 1.
        """
        from fairness.stats.composite import Polytope

        allowed = self.upper > 0
        labels = [label for label, ok in zip(self.labels, allowed, strict=True) if ok]
        groups = np.array([[1.0 if label in c.outcomes else 0.0 for label in labels]
                           for c in self.claims], dtype=float).reshape(len(self.claims),
                                                                       len(labels))
        return Polytope(lower=self.lower[allowed], upper=self.upper[allowed], groups=groups,
                        group_lower=np.array([c.lower for c in self.claims], dtype=float),
                        group_upper=np.array([c.upper for c in self.claims], dtype=float))

    @functools.cached_property
    def reference(self) -> np.ndarray:
        """A point of the null fixed by the spec alone, over all outcomes (0 where forbidden).

        Equal to :attr:`stated` when every chance is stated and no group claim is made. Else
        the stated points, the rest shared equally by the unstated outcomes, projected onto the
        null (:meth:`fairness.stats.composite.Polytope.project`). The e-value centres its
        priors here; the verdict's validity does not depend on this choice.
        """
        if not self.is_composite:
            return self.stated
        allowed = self.upper > 0
        start = np.where(np.isnan(self.stated), 0.0, self.stated)
        unstated = np.isnan(self.stated) & allowed
        rest = max(1.0 - start[allowed].sum(), 0.0)
        if unstated.any():
            start[unstated] = max(rest, 1e-6) / unstated.sum()
        start = np.where(allowed, np.maximum(start, 1e-9), 0.0)
        out = np.zeros(len(self.labels))
        out[allowed] = self.null().project(start[allowed] / start[allowed].sum())
        return out

    @property
    def lower(self) -> np.ndarray:
        """Lowest chance of each outcome that the statement allows."""
        return np.array([o.lower for o in self.outcomes], dtype=float)

    @property
    def upper(self) -> np.ndarray:
        """Highest chance of each outcome that the statement allows."""
        return np.array([o.upper for o in self.outcomes], dtype=float)

    @property
    def values(self) -> np.ndarray:
        """Prize values aligned with :attr:`labels` (NaN where none is given)."""
        return np.array(
            [np.nan if o.value is None else float(o.value) for o in self.outcomes], dtype=float
        )

    @property
    def has_values(self) -> bool:
        return bool(np.isfinite(self.values).all())

    @property
    def forbidden(self) -> tuple[str, ...]:
        """Labels of outcomes that the rules do not allow."""
        return tuple(o.label for o in self.outcomes if o.forbidden)

    @property
    def is_exact(self) -> bool:
        """True when every stated chance is a single point (no tolerance, no claim)."""
        return bool(np.all(self.lower == self.upper))

    def allowed(self) -> AllowedOutcomes:
        """The outcomes the rules allow (highest allowed chance above 0), renormalised.

        The fit, e-value, planning and bias tests run on these: a forbidden outcome's stated
        chance is 0, so dividing the others' by their sum only undoes the operator's rounding
        (it is 1 for a spec that states every chance).

        Returns
        -------
        AllowedOutcomes
        """
        mask = self.upper > 0
        stated = self.reference[mask]
        total = stated.sum()
        return AllowedOutcomes(
            labels=tuple(label for label, ok in zip(self.labels, mask, strict=True) if ok),
            mask=mask, stated=stated / total if total > 0 else stated,
            lower=self.lower[mask], upper=self.upper[mask], values=self.values[mask])

    def outcome(self, label: str) -> Outcome:
        for o in self.outcomes:
            if o.label == label:
                return o
        raise KeyError(label)

    def to_frame(self):
        """The outcomes as a tidy table (one row per outcome)."""
        import pandas as pd

        return pd.DataFrame(
            {
                "label": self.labels,
                "stated": self.stated,
                "written": [o.written for o in self.outcomes],
                "form": [o.form for o in self.outcomes],
                "claim": [o.claim for o in self.outcomes],
                "is_stated": [o.is_stated for o in self.outcomes],
                "lower": self.lower,
                "upper": self.upper,
                "value": self.values,
                "unit": [o.unit for o in self.outcomes],
            }
        )

    def with_stated(self, changes: Mapping[str, Any]) -> Game:
        """A copy with some outcomes' stated chances replaced (e.g. ``{"100%": "1 in 500"}``)."""
        data = self.to_dict()
        for entry in data["outcomes"]:
            if entry["label"] in changes:
                for form in (*CHANCE_FORMS, "remainder", "tolerance"):
                    entry.pop(form, None)
                entry.update(_chance_entry(changes[entry["label"]]))
        return Game.from_dict(data, source=self.source)

    # -- construction --------------------------------------------------------------------------
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str | None = None) -> Game:
        """Build and validate a game from a mapping shaped like the TOML spec."""
        return _parse_game(data, source)

    @classmethod
    def from_table(cls, rows, *, name: str = "Typed game", source: str | None = None,
                   claims=None) -> Game:
        """Build a game from rows with ``label``, ``chance`` (any written form) and ``value``.

        ``rows`` is a DataFrame or an iterable of mappings, as produced by a table editor.
        ``chance`` may be "5%", "0.05", "1 in 20", "1 к 20", "weight 3", "remainder" (also
        "rest", "остальное") or empty: the prize is shown but its chance is not stated;
        ``value`` is optional. ``claims``, optional, holds rows of group claims: ``outcomes``
        (labels separated by commas), ``chance`` (a share, optionally preceded by "at least" /
        "не меньше" / ">=" or "at most" / "не больше" / "<=") and ``text`` (the operator's
        words).
        """
        if hasattr(rows, "to_dict"):
            rows = rows.to_dict(orient="records")
        outcomes = []
        for i, row in enumerate(rows, start=1):
            label = row.get("label")
            if _blank(label):
                continue  # an empty editor row
            label = str(label).strip()
            entry: dict[str, Any] = {"label": label}
            chance = row.get("chance")
            if _blank(chance):
                pass  # shown on the wheel, no chance stated
            elif str(chance).strip().lower() in _REMAINDER_WORDS:
                entry["remainder"] = True
            else:
                try:
                    entry.update(_chance_entry(chance))
                except SpecError as exc:
                    raise SpecError(exc.problem, source=source or "table",
                                    where=f"row {i} ('{label}')") from None
            value = row.get("value")
            if not _blank(value):
                entry["value"] = value
            outcomes.append(entry)
        data: dict[str, Any] = {"name": name, "outcomes": outcomes}
        if claims is not None:
            data["claims"] = _claims_from_table(claims, source or "table")
        return _parse_game(data, source or "table")

    def to_dict(self) -> dict[str, Any]:
        """A mapping that :meth:`from_dict` turns back into an equal game."""
        out: dict[str, Any] = {"name": self.name}
        for key in ("operator", "rules", "valid_from", "valid_to"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.pool:
            out["pool"] = True
        if self.trigger:
            out["trigger"] = list(self.trigger)
        if self.not_outcomes:
            out["not_outcomes"] = list(self.not_outcomes)
        entries = []
        for o in self.outcomes:
            entry: dict[str, Any] = {"label": o.label}
            entry.update(_written_entry(o))
            if o.claim != "exact":
                entry["claim"] = o.claim
            if o.value is not None:
                entry["value"] = o.value
            if o.unit:
                entry["unit"] = o.unit
            if o.patterns:
                entry["patterns"] = list(o.patterns)
            if o.description:
                entry["description"] = o.description
            entries.append(entry)
        out["outcomes"] = entries
        if self.claims:
            out["claims"] = [_claim_entry(c) for c in self.claims]
        return out

    def to_toml(self) -> str:
        """The spec as TOML text (round-trips through :func:`load_game`)."""
        import tomli_w

        return tomli_w.dumps(self.to_dict())


def load_game(path: str | Path) -> Game:
    """Read a game spec from a TOML file.

    Raises
    ------
    SpecError
        When the file is missing, is not valid TOML or the odds are not usable; the message
        names the file, the outcome and the problem.
    """
    path = Path(path)
    name = path.name  # never a folder path in a message
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SpecError(Message("error.file_not_found"), source=name) from None
    except OSError:
        raise SpecError(Message("error.cannot_read_file"), source=name) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpecError(Message("error.game_not_utf8"), source=name) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise toml_error(exc, name) from None
    return _parse_game(data, name)


_REGEX_PROBLEMS = (  # the re module's own words (English) -> a catalogue key
    ("missing )", "unclosed"), ("unterminated subpattern", "unclosed"),
    ("unbalanced parenthesis", "unbalanced"), ("unterminated character set", "bracket"),
    ("nothing to repeat", "repeat"), ("multiple repeat", "repeat"), ("bad escape", "escape"),
)


def pattern_message(pattern: str, exc: Exception) -> Message:
    """A regular expression that does not compile, in the catalogue's words: the pattern (typed
    by the user, not data), what is wrong and at which character."""
    text = str(getattr(exc, "msg", exc))
    problem = next((key for start, key in _REGEX_PROBLEMS if text.startswith(start)), "other")
    position = getattr(exc, "pos", None)
    if position is None:
        return Message("error.bad_pattern_plain", pattern=pattern)
    return Message("error.bad_pattern", pattern=pattern, position=position + 1,
                   problem=Message(f"error.regex.{problem}"))


def toml_error(exc: Exception, source: str) -> SpecError:
    """A TOML syntax error as a catalogue message naming the line and column (the parser's own
    words are English, so only its position is kept)."""
    found = re.search(r"line (\d+), column (\d+)", str(exc))
    if found:
        return SpecError(Message("error.toml_at", line=int(found[1]), column=int(found[2])),
                         source=source)
    return SpecError(Message("error.toml"), source=source)


def parse_chance(text: Any) -> tuple[str, Any]:
    """Recognise how a chance is written and return ``(form, figure)``.

    ``"5%"`` -> ``("percent", "5")``; ``"1 in 20"``, ``"1:20"``, ``"1 к 20"``, ``"1 из 20"``
    -> ``("odds", "1 in 20")``; ``"0.05"`` or ``0.05`` -> ``("probability", "0.05")``;
    ``"weight 3"`` -> ``("weight", "3")``; ``"count 900"`` -> ``("count", "900")``.
    A decimal comma is accepted.
    """
    if isinstance(text, bool):
        raise SpecError(Message("error.chance_unreadable", text=repr(text)))
    if isinstance(text, (int, float)):
        return "probability", text
    s = str(text).strip()
    low = s.lower()
    if not s:
        raise SpecError(Message("error.chance_empty"))
    if low.endswith("%"):
        return "percent", s[:-1].strip()
    for word in ("weight", "вес", "count", "штук", "шт"):
        if low.startswith(word + " ") or low.endswith(" " + word):
            form = "weight" if word in ("weight", "вес") else "count"
            return form, low.replace(word, "").strip()
    if _ODDS_RE.match(s) or re.search(r"(?:^|\s)(?:in|из|к|of|на)(?:\s|$)|[:/]", low):
        return "odds", s  # an odds phrase, possibly malformed: let the odds reader explain
    return "probability", s


def chance_value(text: Any, *, where: str | None = None) -> float:
    """A chance written in any form a spec accepts for one figure ("1 in 1000", "0.1%",
    "0.001") as a probability; weights and counts give no chance on their own."""
    try:
        form, figure = parse_chance(text)
        if form not in _CLAIM_FORMS:
            raise SpecError(Message("error.chance_form"))
        chance, _, _ = _interval(_parse_figure(form, figure))
    except SpecError as exc:
        raise SpecError(exc.problem, where=where) from None
    return float(chance)


# ---------------------------------------------------------------------------------------------
# parsing internals


_REMAINDER_WORDS = ("remainder", "rest", "the rest", "остальное", "остаток")
_CLAIM_WORDS = {"at_least": ("at least", "не меньше", "не менее", ">=", "≥"),
                "at_most": ("at most", "не больше", "не более", "<=", "≤")}


def _blank(value: Any) -> bool:
    """An empty cell of a table editor: None, NaN or only spaces."""
    return value is None or (isinstance(value, float) and math.isnan(value)) or (
        str(value).strip() == "")


def _claims_from_table(rows, source: str) -> list[dict[str, Any]]:
    """Group claims typed in a table (see :meth:`Game.from_table`) as ``[[claims]]`` entries."""
    if hasattr(rows, "to_dict"):
        rows = rows.to_dict(orient="records")
    out = []
    for i, row in enumerate(rows, start=1):
        group, chance = row.get("outcomes"), row.get("chance")
        if _blank(group) and _blank(chance):
            continue  # an empty editor row
        where = Message("where.claim", number=i)
        labels = [g.strip() for g in str(group or "").split(",") if g.strip()] if isinstance(
            group, str) or _blank(group) else [str(g).strip() for g in group]
        written = "" if _blank(chance) else str(chance).strip()
        kind = "exact"
        for claim, words in _CLAIM_WORDS.items():
            for word in words:
                if written.lower().startswith(word):
                    kind, written = claim, written[len(word):].strip()
        entry: dict[str, Any] = {"outcomes": labels, "claim": kind}
        if written:
            try:
                entry.update(_chance_entry(written))
            except SpecError as exc:
                raise SpecError(exc.problem, source=source, where=where) from None
        text = row.get("text")
        if not _blank(text):
            entry["text"] = str(text).strip()
        out.append(entry)
    return out


def _chance_entry(chance: Any) -> dict[str, Any]:
    form, figure = parse_chance(chance)
    return {form: figure}


def _claim_entry(c: Claim) -> dict[str, Any]:
    entry: dict[str, Any] = {"outcomes": list(c.outcomes)}
    if c.form == "odds":
        entry["odds"] = c.written
    else:
        entry[c.form] = c.written.rstrip("%") if c.form == "percent" else c.written
    if c.claim != "exact":
        entry["claim"] = c.claim
    if c.text:
        entry["text"] = c.text
    return entry


def _written_entry(o: Outcome) -> dict[str, Any]:
    if o.form == "unstated":
        return {}
    if o.form == "remainder":
        return {"remainder": True}
    if o.form == "count":
        return {"count": o.count}
    if o.form == "odds":
        return {"odds": o.written}
    figure = o.written.rstrip("%") if o.form == "percent" else o.written
    try:
        number: Any = int(figure) if o.form == "weight" and figure.isdigit() else figure
    except ValueError:  # pragma: no cover
        number = figure
    entry: dict[str, Any] = {o.form: number}
    return entry


def _decimal(value: Any, what: str) -> Decimal:
    """A written figure as a Decimal, keeping the digits as written (decimal comma allowed)."""
    if isinstance(value, bool):
        raise SpecError(Message("error.not_a_number", what=what, value=repr(value)))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise SpecError(Message("error.not_finite", what=what, value=repr(value)))
        text = repr(value)
    elif isinstance(value, int):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip().replace(",", ".").replace("\u00a0", "").replace(" ", "")
    else:
        raise SpecError(Message("error.not_a_number", what=what, value=repr(value)))
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise SpecError(Message("error.number_unreadable", what=what,
                                value=repr(value))) from None
    if not number.is_finite():
        raise SpecError(Message("error.not_finite", what=what, value=repr(value)))
    return number


def _half_unit(number: Decimal) -> float:
    """Half a unit in the last written digit: 5 -> 0.5, 0.05 -> 0.005, 2.50 -> 0.005."""
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)
    return 0.5 * 10.0 ** min(exponent, 0)


def _parse_odds(text: Any) -> tuple[float, float, float]:
    """``"1 in 20"`` -> (stated, lower, upper) allowing for rounding of the written numbers."""
    match = _ODDS_RE.match(str(text))
    if not match:
        raise SpecError(Message("error.odds_unreadable", text=str(text)))
    num = _decimal(match.group("num"), "odds")
    den = _decimal(match.group("den"), "odds")
    if den <= 0 or num < 0:
        raise SpecError(Message("error.odds_denominator", text=str(text)))
    if num > den:
        raise SpecError(Message("error.odds_above_one", text=str(text)))
    stated = float(num / den)
    # The "1" in "1 in 20" is exact; the 20 may be rounded to its last written digit.
    den_h = _half_unit(den)
    lower = float(num) / (float(den) + den_h)
    upper = min(float(num) / max(float(den) - den_h, float(num), 1e-300), 1.0)
    return stated, lower, upper


def _as_text_list(value: Any, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Iterable):
        items = tuple(value)
        if all(isinstance(v, str) for v in items):
            return items
    raise SpecError(Message("error.not_text_list", what=what))


def _parse_game(data: Mapping[str, Any], source: str | None) -> Game:
    if not isinstance(data, Mapping):
        raise SpecError(Message("error.game_not_table"), source=source)
    unknown = sorted(set(data) - _GAME_KEYS)
    if unknown:
        raise SpecError(Message("error.unknown_top_keys", keys=", ".join(unknown)),
                        source=source)
    raw_outcomes = data.get("outcomes")
    if not raw_outcomes:
        raise SpecError(Message("error.no_outcomes"), source=source)
    if not isinstance(raw_outcomes, (list, tuple)):
        raise SpecError(Message("error.outcomes_not_list"), source=source)
    if len(raw_outcomes) > LIMITS.outcomes:
        raise SpecError(Message("error.too_many_outcomes", count=len(raw_outcomes),
                                limit=LIMITS.outcomes), source=source)

    parsed: list[dict[str, Any]] = []
    seen: set[str] = set()
    folded: dict[str, str] = {}  # labels that only look different are one (textfold)
    for index, entry in enumerate(raw_outcomes, start=1):
        where = Message("where.outcome_number", index=index)
        if not isinstance(entry, Mapping):
            raise SpecError(Message("error.outcome_not_table"), source=source, where=where)
        label = entry.get("label")
        if label is None or str(label).strip() == "":
            raise SpecError(Message("error.outcome_no_label"), source=source, where=where)
        label = str(label).strip()
        where = Message("where.outcome", label=label)
        if fold(label) in folded and label not in seen:
            raise SpecError(Message("error.lookalike_labels", label=label,
                                    other=folded[fold(label)]), source=source, where=where)
        folded[fold(label)] = label
        if label in seen:
            raise SpecError(Message("error.duplicate_label"), source=source, where=where)
        seen.add(label)
        try:
            parsed.append(_parse_outcome(entry, label))
        except SpecError as exc:
            raise SpecError(exc.problem, source=source, where=where) from None

    outcomes = _resolve_chances(parsed, source)
    claims = _parse_claims(data.get("claims"), tuple(o.label for o in outcomes), source)
    name = str(data.get("name") or (Path(source).stem if source else "game"))
    try:
        trigger = _as_text_list(data.get("trigger"), "trigger")
        not_outcomes = _as_text_list(data.get("not_outcomes"), "not_outcomes")
    except SpecError as exc:
        raise SpecError(exc.problem, source=source) from None
    dates = {}
    for key in ("valid_from", "valid_to"):
        value = data.get(key)
        if value is None:
            dates[key] = None
        elif isinstance(value, _dt.datetime):
            dates[key] = value.date()
        elif isinstance(value, _dt.date):
            dates[key] = value
        else:
            try:
                dates[key] = _dt.date.fromisoformat(str(value))
            except ValueError:
                raise SpecError(Message("error.bad_date_key", key=key, value=repr(value)),
                                source=source) from None
    if dates["valid_from"] and dates["valid_to"] and dates["valid_from"] > dates["valid_to"]:
        raise SpecError(Message("error.valid_from_after_to"), source=source)
    pool = data.get("pool", False)
    if not isinstance(pool, bool):
        raise SpecError(Message("error.not_boolean", key="pool"), source=source)
    if pool and any(o.form not in ("count", "remainder") for o in outcomes):
        raise SpecError(Message("error.pool_needs_counts"), source=source)
    game = Game(
        name=name,
        outcomes=tuple(outcomes),
        operator=_opt_text(data.get("operator")),
        rules=_opt_text(data.get("rules")),
        valid_from=dates["valid_from"],
        valid_to=dates["valid_to"],
        pool=pool,
        trigger=trigger,
        claims=claims,
        not_outcomes=not_outcomes,
        source=source,
    )
    if claims and not game.null().feasible():
        raise SpecError(Message("error.claims_contradict"), source=source)
    return game


def _opt_text(value: Any) -> str | None:
    return None if value is None else str(value)


def _parse_outcome(entry: Mapping[str, Any], label: str) -> dict[str, Any]:
    unknown = sorted(set(entry) - _OUTCOME_KEYS)
    if unknown:
        raise SpecError(Message("error.unknown_keys", keys=", ".join(unknown)))
    forms = [f for f in CHANCE_FORMS if f in entry]
    remainder = entry.get("remainder", False)
    if not isinstance(remainder, bool):
        raise SpecError(Message("error.not_boolean", key="remainder"))
    if remainder and forms:
        raise SpecError(Message("error.remainder_and_chance", form=forms[0]))
    if len(forms) > 1:
        raise SpecError(Message("error.several_chances", forms=" + ".join(forms)))
    claim = entry.get("claim", "exact")
    if claim not in CLAIMS:
        raise SpecError(Message("error.bad_claim", claims=", ".join(CLAIMS), value=repr(claim)))

    out: dict[str, Any] = {"label": label, "claim": claim, "count": None}
    if remainder:
        out.update(form="remainder", written="remainder", raw=None, half=None)
    elif not forms:
        # No chance key: the wheel shows the prize, the operator states no chance for it.
        for key in ("claim", "tolerance"):
            if key in entry:
                raise SpecError(Message("error.unstated_with_key", key=key))
        out.update(form="unstated", written="", raw=None, half=None)
    else:
        out.update(_parse_figure(forms[0], entry[forms[0]]))
    tol = entry.get("tolerance")
    if tol is not None:
        out["tolerance"] = _parse_tolerance(tol)
    value = entry.get("value")
    out["value"] = None if value is None else float(_decimal(value, "value"))
    unit = entry.get("unit")
    out["unit"] = None if unit is None else str(unit)
    out["description"] = _opt_text(entry.get("description"))
    patterns = _as_text_list(entry.get("patterns"), "patterns")
    for pattern in patterns:
        if len(pattern) > LIMITS.pattern_chars:
            raise SpecError(Message("error.pattern_too_long", label=label, length=len(pattern),
                                    limit=LIMITS.pattern_chars))
        try:
            regex.compile(pattern, regex.V0)  # the engine that runs user patterns (extract)
        except regex.error as exc:
            raise SpecError(pattern_message(pattern, exc)) from None
    out["patterns"] = patterns
    return out


def _parse_figure(form: str, figure: Any) -> dict[str, Any]:
    """A written chance: its value as written (``raw``), how it was written and its rounding."""
    out: dict[str, Any] = {"form": form}
    if form == "odds":
        stated, lo, hi = _parse_odds(figure)
        out.update(raw=stated, written=str(figure).strip(), odds_bounds=(lo, hi))
        return out
    number = _decimal(figure, form)
    if number < 0:
        raise SpecError(Message("error.negative_chance", form=form, figure=str(figure)))
    if form == "probability" and number > 1:
        raise SpecError(Message("error.probability_above_one", figure=str(figure)))
    if form == "percent" and number > 100:
        raise SpecError(Message("error.percent_above_100", figure=str(figure)))
    if form == "count":
        if number != number.to_integral_value():
            raise SpecError(Message("error.count_not_whole", figure=str(figure)))
        out["count"] = int(number)
    out["raw"] = float(number)
    # A probability written with fewer than two decimals ("0.9") is read as a whole
    # percent ("90%"): TOML floats lose trailing zeros, and operators round to percents.
    out["half"] = min(_half_unit(number), 0.005) if form == "probability" else (
        _half_unit(number))
    out["written"] = f"{figure}%" if form == "percent" else str(figure).strip()
    return out


def _parse_tolerance(tol: Any) -> float:
    tol_value = float(_decimal(tol, "tolerance"))
    if tol_value < 0 or tol_value >= 1:
        raise SpecError(Message("error.bad_tolerance", value=str(tol)))
    return tol_value


def _interval(p: Mapping[str, Any]) -> tuple[float, float, float]:
    """(chance, lower, upper) of a written probability, percent or odds, before the claim."""
    if p["form"] == "odds":
        chance = p["raw"]
        lo, hi = p["odds_bounds"]
    else:
        scale = 0.01 if p["form"] == "percent" else 1.0
        chance = p["raw"] * scale
        lo, hi = chance - p["half"] * scale, chance + p["half"] * scale
    if "tolerance" in p:
        lo, hi = chance - p["tolerance"], chance + p["tolerance"]
    if chance == 0 and "tolerance" not in p:
        lo = hi = 0.0  # "not allowed by the rules" is exact
    return chance, lo, hi


def _parse_claims(raw: Any, labels: tuple[str, ...], source: str | None) -> tuple[Claim, ...]:
    """The ``[[claims]]`` tables: a share of spins stated for a group of outcomes."""
    if raw is None:
        return ()
    if not isinstance(raw, (list, tuple)):
        raise SpecError(Message("error.claims_not_list"), source=source)
    claims = []
    for index, entry in enumerate(raw, start=1):
        where = Message("where.claim", number=index)
        if not isinstance(entry, Mapping):
            raise SpecError(Message("error.claims_not_list"), source=source, where=where)
        unknown = sorted(set(entry) - _CLAIM_KEYS)
        if unknown:
            raise SpecError(Message("error.unknown_keys", keys=", ".join(unknown)),
                            source=source, where=where)
        group = entry.get("outcomes")
        if isinstance(group, str):
            group = [group]
        if not isinstance(group, (list, tuple)) or not group or not all(
                isinstance(g, str) for g in group):
            raise SpecError(Message("error.claim_outcomes"), source=source, where=where)
        group = tuple(g.strip() for g in group)
        missing = [g for g in group if g not in labels]
        if missing:
            raise SpecError(Message("error.claim_unknown_outcome", label=missing[0],
                                    labels=", ".join(labels)), source=source, where=where)
        if len(set(group)) != len(group):
            raise SpecError(Message("error.claim_repeated_outcome"), source=source, where=where)
        forms = [f for f in _CLAIM_FORMS if f in entry]
        if len(forms) != 1:
            raise SpecError(Message("error.claim_chance"), source=source, where=where)
        claim = entry.get("claim", "exact")
        if claim not in CLAIMS:
            raise SpecError(Message("error.bad_claim", claims=", ".join(CLAIMS),
                                    value=repr(claim)),
                            source=source, where=where)
        try:
            p = _parse_figure(forms[0], entry[forms[0]])
            if entry.get("tolerance") is not None:
                p["tolerance"] = _parse_tolerance(entry["tolerance"])
        except SpecError as exc:
            raise SpecError(exc.problem, source=source, where=where) from None
        chance, lo, hi = _interval(p)
        if claim == "at_least":
            hi = 1.0
        elif claim == "at_most":
            lo = 0.0
        text = entry.get("text")
        claims.append(Claim(outcomes=group, stated=float(chance), form=p["form"],
                            written=p["written"], claim=claim,
                            lower=float(min(max(lo, 0.0), chance)),
                            upper=float(max(min(hi, 1.0), chance)),
                            text=None if text is None else str(text).strip() or None))
    return tuple(claims)


def _resolve_chances(parsed: list[dict[str, Any]], source: str | None) -> list[Outcome]:
    """Turn written figures into probabilities and allowed intervals; check they sum to 1."""
    unstated = [p for p in parsed if p["form"] == "unstated"]
    if unstated:
        return _resolve_partial(parsed, source)
    forms = {p["form"] for p in parsed}
    remainders = [p for p in parsed if p["form"] == "remainder"]
    if len(remainders) > 1:
        raise SpecError(Message("error.two_remainders", first=remainders[0]["label"],
                                second=remainders[1]["label"]), source=source)
    relative = forms & {"weight", "count"}
    if relative and forms - relative - {"remainder"}:
        raise SpecError(Message("error.mixed_forms"), source=source)
    if relative and remainders:
        raise SpecError(Message("error.remainder_with_weights"), source=source)

    stated: list[float] = []
    lower: list[float] = []
    upper: list[float] = []
    if relative:
        # scaled by the largest first: two weights of 1e308 must not sum to inf (and make
        # every chance 0)
        largest = max(p["raw"] for p in parsed)
        if largest <= 0:
            raise SpecError(Message("error.weights_sum_zero"), source=source)
        if not math.isfinite(float(largest)):
            raise SpecError(Message("error.chances_overflow"), source=source)
        total = sum(p["raw"] / largest for p in parsed)
        for p in parsed:
            chance = (p["raw"] / largest) / total
            tol = p.get("tolerance", 0.0)
            stated.append(chance)
            lower.append(chance - tol)
            upper.append(chance + tol)
    else:
        for p in parsed:
            if p["form"] == "remainder":
                stated.append(math.nan)
                lower.append(math.nan)
                upper.append(math.nan)
                continue
            chance, lo, hi = _interval(p)
            stated.append(chance)
            lower.append(lo)
            upper.append(hi)

    # Claims widen one side.
    for i, p in enumerate(parsed):
        if p["claim"] == "at_least":
            upper[i] = 1.0
        elif p["claim"] == "at_most":
            lower[i] = 0.0
    lower = [min(max(v, 0.0), 1.0) if not math.isnan(v) else v for v in lower]
    upper = [min(max(v, 0.0), 1.0) if not math.isnan(v) else v for v in upper]

    if remainders:
        r = next(i for i, p in enumerate(parsed) if p["form"] == "remainder")
        others = [s for i, s in enumerate(stated) if i != r]
        rest = 1.0 - sum(others)
        if rest < -_EXACT_SUM_SLACK:
            raise SpecError(Message("error.remainder_nothing_left", total=sum(others),
                                    label=parsed[r]["label"]), source=source)
        stated[r] = max(rest, 0.0)
        lo_others = sum(v for i, v in enumerate(lower) if i != r)
        hi_others = sum(v for i, v in enumerate(upper) if i != r)
        lower[r] = max(0.0, 1.0 - hi_others)
        upper[r] = min(1.0, max(0.0, 1.0 - lo_others))
        if parsed[r]["claim"] == "at_least":
            upper[r] = 1.0
        elif parsed[r]["claim"] == "at_most":
            lower[r] = 0.0
        if rest <= _EXACT_SUM_SLACK:
            # nothing is left: a chance of 0 is "not allowed by the rules", as when written
            stated[r] = lower[r] = upper[r] = 0.0
    else:
        total = sum(stated)
        feasible = sum(lower) <= 1.0 + _EXACT_SUM_SLACK and sum(upper) >= 1.0 - _EXACT_SUM_SLACK
        if not feasible:
            raise SpecError(Message("error.chances_sum", total=total, low=sum(lower),
                                    high=sum(upper)), source=source)
        if total <= 0:
            raise SpecError(Message("error.chances_sum_zero"), source=source)
        if not relative and total != 1.0:
            stated = [s / total for s in stated]  # rounded figures: renormalise the point

    allowed = sum(1 for i in range(len(parsed)) if upper[i] > 0 and stated[i] > 0)
    if allowed < 2:
        raise SpecError(Message("error.too_few_allowed", allowed=allowed), source=source)
    outcomes = []
    for i, p in enumerate(parsed):
        outcomes.append(
            Outcome(
                label=p["label"],
                stated=float(stated[i]),
                form=p["form"],
                written=p["written"],
                claim=p["claim"],
                lower=float(min(lower[i], stated[i])),
                upper=float(max(upper[i], stated[i])),
                value=p["value"],
                unit=p["unit"],
                count=p["count"],
                patterns=p["patterns"],
                description=p["description"],
            )
        )
    return outcomes


def _resolve_partial(parsed: list[dict[str, Any]], source: str | None) -> list[Outcome]:
    """Chances when some outcomes are unstated: the stated ones keep their written points and
    intervals (no renormalising: the unstated take the rest), and may sum to less than 1."""
    first = next(p["label"] for p in parsed if p["form"] == "unstated")
    for p in parsed:
        if p["form"] == "remainder":
            raise SpecError(Message("error.remainder_with_unstated", remainder=p["label"],
                                    label=first), source=source)
        if p["form"] in ("weight", "count"):
            raise SpecError(Message("error.relative_with_unstated", label=first),
                            source=source)
    outcomes = []
    total_low = total = 0.0
    for p in parsed:
        if p["form"] == "unstated":
            outcomes.append(Outcome(label=p["label"], stated=math.nan, form="unstated",
                                    written="", lower=0.0, upper=1.0, value=p["value"],
                                    unit=p["unit"], patterns=p["patterns"],
                                    description=p["description"]))
            continue
        chance, lo, hi = _interval(p)
        if p["claim"] == "at_least":
            hi = 1.0
        elif p["claim"] == "at_most":
            lo = 0.0
        lo, hi = min(max(lo, 0.0), 1.0), min(max(hi, 0.0), 1.0)
        total += chance
        total_low += lo
        outcomes.append(Outcome(label=p["label"], stated=float(chance), form=p["form"],
                                written=p["written"], claim=p["claim"],
                                lower=float(min(lo, chance)), upper=float(max(hi, chance)),
                                value=p["value"], unit=p["unit"], count=p["count"],
                                patterns=p["patterns"], description=p["description"]))
    if total_low > 1.0 + _EXACT_SUM_SLACK:
        raise SpecError(Message("error.stated_above_one", total=f"{total:.6g}"), source=source)
    return outcomes
