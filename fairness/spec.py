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
import math
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import numpy as np

from fairness.errors import Message, SpecError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = ["CHANCE_FORMS", "CLAIMS", "AllowedOutcomes", "Game", "Outcome", "load_game",
           "parse_chance"]

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
    "currency", "trigger", "not_outcomes",
}


@dataclass(frozen=True)
class Outcome:
    """One outcome of a game and the chance the operator states for it.

    Attributes
    ----------
    label : str
        Name of the outcome as it appears in data ("5%", "300 баллов").
    stated : float
        Stated chance as a probability in [0, 1] (for weights and counts: share of the total;
        for the remainder: one minus the others).
    form : str
        How the chance was written: one of :data:`CHANCE_FORMS` or ``"remainder"``.
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
        Stated chances of the allowed outcomes, divided by their sum (so they sum to 1).
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
    source: str | None = field(default=None, compare=False)

    # -- views ---------------------------------------------------------------------------------
    @property
    def labels(self) -> tuple[str, ...]:
        """Outcome labels, in spec order."""
        return tuple(o.label for o in self.outcomes)

    @property
    def stated(self) -> np.ndarray:
        """Stated chances aligned with :attr:`labels`; they sum to 1."""
        return np.array([o.stated for o in self.outcomes], dtype=float)

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
        stated = self.stated[mask]
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
    def from_table(cls, rows, *, name: str = "Typed game", source: str | None = None) -> Game:
        """Build a game from rows with ``label``, ``chance`` (any written form) and ``value``.

        ``rows`` is a DataFrame or an iterable of mappings, as produced by a table editor.
        ``chance`` may be "5%", "0.05", "1 in 20", "1 к 20", "weight 3" or empty for the
        remainder; ``value`` is optional.
        """
        if hasattr(rows, "to_dict"):
            rows = rows.to_dict(orient="records")
        outcomes = []
        for i, row in enumerate(rows, start=1):
            label = row.get("label")
            if label is None or (isinstance(label, float) and math.isnan(label)):
                continue  # an empty editor row
            label = str(label).strip()
            if not label:
                continue
            entry: dict[str, Any] = {"label": label}
            chance = row.get("chance")
            if chance is None or (isinstance(chance, float) and math.isnan(chance)) or (
                str(chance).strip() == ""
            ):
                entry["remainder"] = True
            else:
                try:
                    entry.update(_chance_entry(chance))
                except SpecError as exc:
                    raise SpecError(exc.problem, source=source or "table",
                                    where=Message("where.row_label", row=i, label=label)) from None
            value = row.get("value")
            if value is not None and not (isinstance(value, float) and math.isnan(value)):
                if str(value).strip() != "":
                    entry["value"] = value
            outcomes.append(entry)
        return _parse_game({"name": name, "outcomes": outcomes}, source or "table")

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
    name = str(path)
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


# ---------------------------------------------------------------------------------------------
# parsing internals


def _chance_entry(chance: Any) -> dict[str, Any]:
    form, figure = parse_chance(chance)
    return {form: figure}


def _written_entry(o: Outcome) -> dict[str, Any]:
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

    parsed: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw_outcomes, start=1):
        where = Message("where.outcome_number", index=index)
        if not isinstance(entry, Mapping):
            raise SpecError(Message("error.outcome_not_table"), source=source, where=where)
        label = entry.get("label")
        if label is None or str(label).strip() == "":
            raise SpecError(Message("error.outcome_no_label"), source=source, where=where)
        label = str(label).strip()
        where = Message("where.outcome", label=label)
        if label in seen:
            raise SpecError(Message("error.duplicate_label"), source=source, where=where)
        seen.add(label)
        try:
            parsed.append(_parse_outcome(entry, label))
        except SpecError as exc:
            raise SpecError(exc.problem, source=source, where=where) from None

    outcomes = _resolve_chances(parsed, source)
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
    return Game(
        name=name,
        outcomes=tuple(outcomes),
        operator=_opt_text(data.get("operator")),
        rules=_opt_text(data.get("rules")),
        valid_from=dates["valid_from"],
        valid_to=dates["valid_to"],
        pool=pool,
        trigger=trigger,
        not_outcomes=not_outcomes,
        source=source,
    )


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
    if not remainder and len(forms) != 1:
        if not forms:
            raise SpecError(Message("error.no_chance"))
        raise SpecError(Message("error.several_chances", forms=" + ".join(forms)))
    claim = entry.get("claim", "exact")
    if claim not in CLAIMS:
        raise SpecError(Message("error.bad_claim", claims=", ".join(CLAIMS), value=repr(claim)))

    out: dict[str, Any] = {"label": label, "claim": claim, "count": None}
    if remainder:
        out.update(form="remainder", written="remainder", raw=None, half=None)
    else:
        form = forms[0]
        figure = entry[form]
        out["form"] = form
        if form == "odds":
            stated, lo, hi = _parse_odds(figure)
            out.update(raw=stated, written=str(figure).strip(), odds_bounds=(lo, hi))
        else:
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
    tol = entry.get("tolerance")
    if tol is not None:
        tol_value = float(_decimal(tol, "tolerance"))
        if tol_value < 0 or tol_value >= 1:
            raise SpecError(Message("error.bad_tolerance", value=str(tol)))
        out["tolerance"] = tol_value
    value = entry.get("value")
    out["value"] = None if value is None else float(_decimal(value, "value"))
    unit = entry.get("unit")
    out["unit"] = None if unit is None else str(unit)
    out["description"] = _opt_text(entry.get("description"))
    patterns = _as_text_list(entry.get("patterns"), "patterns")
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise SpecError(pattern_message(pattern, exc)) from None
    out["patterns"] = patterns
    return out


def _resolve_chances(parsed: list[dict[str, Any]], source: str | None) -> list[Outcome]:
    """Turn written figures into probabilities and allowed intervals; check they sum to 1."""
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
        total = sum(p["raw"] for p in parsed)
        if total <= 0:
            raise SpecError(Message("error.weights_sum_zero"), source=source)
        for p in parsed:
            chance = p["raw"] / total
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
