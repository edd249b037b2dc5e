"""Match the cells of a table to a game's outcome labels.

People write the same outcome in many ways: "5%", "5 %", "5 процентов", "0,5%" for "0.5%",
"Ничего" for "ничего", "nothing" or "пусто" for "ничего", or just "5" in a column of percents.
:class:`LabelMatcher` resolves a cell to exactly one label or to nothing, in this order:

1. exact text of a label;
2. the same after normalising case, spaces, a decimal comma, leading/trailing zeros of numbers
   and the unit words after a number ("процентов" -> "%", "баллов"/"б." -> points,
   "рублей"/"руб."/"₽" -> roubles);
3. Russian/English words for common outcomes (nothing, jackpot, free spin);
4. a bare number for a percent label ("5" -> "5%"), only when every label with a number is a
   percent and no label is that bare number;
5. each outcome's ``patterns`` from the spec (regular expressions, full match, any case).

A cell that fits two labels at the first step where it fits anything is ambiguous and gives
``None``, like an unknown cell: a guess would put spins in the wrong place silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd
import regex as _user_regex

from fairness.errors import Message, SpecError
from fairness.limits import LIMITS
from fairness.spec import Game
from fairness.textfold import fold_letters, fold_width

__all__ = ["LabelMatcher", "normalise_label"]

# Status of a resolved cell: how it matched, or why it did not.
MATCHED = ("exact", "normalised", "synonym", "number", "lookalike", "pattern")
UNKNOWN = "unknown"
AMBIGUOUS = "ambiguous"
EMPTY = "empty"

_AMBIGUOUS = object()  # marks a key that two labels share

# Words for outcomes that games name in different languages. Keys are normalised (see
# normalise_label), so they are written here without spaces and in lower case.
_SYNONYM_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({
        "ничего", "nothing", "пусто", "пустой", "пустышка", "none", "noprize", "безприза",
        "безвыигрыша", "невыиграл", "нетприза", "неповезло", "проигрыш", "мимо", "empty",
        "lose", "loss", "nowin", "0приз",
    }),
    frozenset({
        "джекпот", "jackpot", "суперприз", "главныйприз", "superprize", "grandprize",
        "mainprize", "топприз", "topprize",
    }),
    frozenset({
        "бесплатноевращение", "freespin", "extraspin", "доп.вращение", "допвращение",
        "дополнительноевращение", "ещепопытка", "ещеразок", "попробуйеще", "попробуйтееще",
        "tryagain", "spinagain", "повтор", "повторноевращение",
    }),
)

_SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u200b\ufeff]+")
_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d)")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Unit words right after a number (spaces already removed). Longest forms first.
_UNITS = (
    (re.compile(r"(?<=\d)(?:процентов|процента|процент|проц\.?|percent|pct)(?![^\W\d_])"), "%"),
    (re.compile(r"(?<=\d)(?:баллов|балла|балл|бал\.?|б\.?|points|point|pts|pt)(?![^\W\d_])"),
     "pt"),
    (re.compile(r"(?<=\d)(?:рублей|рубля|рубль|руб\.?|р\.?|₽|rub|rur)(?![^\W\d_])"), "₽"),
)


def _canonical_number(match: re.Match[str]) -> str:
    """"05" -> "5", "5.0" -> "5", "0.50" -> "0.5" (numbers compare by value, not by writing)."""
    text = match.group(0)
    whole, _, fraction = text.partition(".")
    whole = whole.lstrip("0") or "0"
    fraction = fraction.rstrip("0")
    return f"{whole}.{fraction}" if fraction else whole


def normalise_label(text: object) -> str:
    """A comparison key for a label or cell: case, spaces, decimal comma, numbers and units.

    ``"5 %"``, ``"5%"``, ``"5 процентов"`` and ``"05,0%"`` all give ``"5%"``;
    ``"+300 баллов"`` and ``"300 б."`` give ``"300pt"``; ``"Ничего"`` gives ``"ничего"``.
    """
    key = fold_width(text).replace("ё", "е")  # NFKC, case, no invisible characters
    key = _SPACES.sub("", key)
    key = _DECIMAL_COMMA.sub(".", key)
    key = _NUMBER.sub(_canonical_number, key)
    for pattern, unit in _UNITS:
        key = pattern.sub(unit, key)
    if key.startswith("+") and len(key) > 1 and key[1].isdigit():
        key = key[1:]  # "+300 баллов" as posted in chats
    return key.rstrip("!.") or key


class LabelMatcher:
    """Resolve table cells to the outcome labels of ``game``.

    Parameters
    ----------
    game : Game
        The game whose labels (and optional ``patterns``) cells are matched to.

    Examples
    --------
    >>> matcher = LabelMatcher(game)          # labels "0.5%", "5%", "ничего"
    >>> matcher.match("0,5 %"), matcher.match("5"), matcher.match("пусто")
    ('0.5%', '5%', 'ничего')
    """

    def __init__(self, game: Game):
        if not isinstance(game, Game):
            raise TypeError(f"game must be a fairness.spec.Game, not {type(game).__name__}")
        self.labels: tuple[str, ...] = game.labels
        self._exact = {label: label for label in self.labels}
        self._normalised: dict[str, object] = {}
        self._lookalike: dict[str, object] = {}  # Latin "A" typed for Cyrillic "А" (textfold)
        for label in self.labels:
            _add(self._normalised, normalise_label(label), label)
            _add(self._lookalike, fold_letters(normalise_label(label)), label)

        self._synonyms: dict[str, object] = {}
        for group in _SYNONYM_GROUPS:
            members = [label for label in self.labels if normalise_label(label) in group]
            for word in group:
                for label in members:
                    _add(self._synonyms, word, label)

        # "5" -> "5%" only in a game of percents: every label with a digit is a percent, and
        # no label is the bare number itself.
        keys = {normalise_label(label): label for label in self.labels}
        with_digits = [k for k in keys if any(ch.isdigit() for ch in k)]
        self._percent_numbers: dict[str, object] = {}
        if with_digits and all(_NUMBER.fullmatch(k[:-1] or "x") and k.endswith("%")
                               for k in with_digits):
            for key in with_digits:
                if key[:-1] not in keys:
                    _add(self._percent_numbers, key[:-1], keys[key])

        # user patterns: the regex engine with a timeout, as in extract (no catastrophic
        # backtracking on a long cell)
        self._patterns: list[tuple[str, tuple]] = [
            (o.label, tuple(_user_regex.compile(p, _user_regex.IGNORECASE | _user_regex.V0)
                            for p in o.patterns))
            for o in game.outcomes
            if o.patterns
        ]
        self._cache: dict[str, tuple[str | None, str]] = {}

    def __repr__(self) -> str:
        return f"LabelMatcher({list(self.labels)!r})"

    # -- one cell ------------------------------------------------------------------------------
    def match(self, cell: object) -> str | None:
        """The label ``cell`` stands for, or None when it is unknown, empty or ambiguous."""
        return self.resolve(cell)[0]

    def resolve(self, cell: object) -> tuple[str | None, str]:
        """``(label, how)``: ``how`` is one of ``"exact"``, ``"normalised"``, ``"synonym"``,
        ``"number"``, ``"pattern"`` when matched, else ``"empty"``, ``"unknown"`` or
        ``"ambiguous"`` (and the label is None)."""
        if cell is None or (isinstance(cell, float) and np.isnan(cell)):
            return None, EMPTY
        text = str(cell)
        cached = self._cache.get(text)
        if cached is None:
            cached = self._resolve(text)
            if len(self._cache) < 1_000_000:  # bounded: cells are usually few distinct values
                self._cache[text] = cached
        return cached

    def _resolve(self, text: str) -> tuple[str | None, str]:
        stripped = text.strip()
        if not stripped:
            return None, EMPTY
        if stripped in self._exact:
            return stripped, "exact"
        key = normalise_label(stripped)
        for table, how in ((self._normalised, "normalised"), (self._synonyms, "synonym"),
                           (self._percent_numbers, "number"), (self._lookalike, "lookalike")):
            found = table.get(fold_letters(key) if how == "lookalike" else key)
            if found is _AMBIGUOUS:
                return None, AMBIGUOUS
            if found is not None:
                return str(found), how
        try:
            hits = [label for label, patterns in self._patterns
                    if any(p.fullmatch(stripped, timeout=LIMITS.pattern_seconds)
                           for p in patterns)]
        except TimeoutError:
            raise SpecError(Message("error.pattern_too_slow", label="?",
                                    seconds=LIMITS.pattern_seconds)) from None
        if len(hits) == 1:
            return hits[0], "pattern"
        if len(hits) > 1:
            return None, AMBIGUOUS
        return None, UNKNOWN

    # -- many cells ----------------------------------------------------------------------------
    def match_many(self, cells: Iterable[object] | pd.Series) -> tuple[pd.Series, pd.Series]:
        """Resolve a column at once: ``(labels, how)`` as two Series aligned with ``cells``.

        Each distinct cell text is resolved once, so a column of millions of rows with a few
        distinct values costs a few dictionary look-ups.
        """
        series = cells if isinstance(cells, pd.Series) else pd.Series(list(cells), dtype=object)
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        resolved = [self.resolve(value) for value in uniques]
        labels = np.array([r[0] for r in resolved] + [None], dtype=object)
        how = np.array([r[1] for r in resolved] + [EMPTY], dtype=object)
        # code -1 (missing cell) indexes the trailing "empty" entry
        return (pd.Series(labels[codes], index=series.index, dtype=object),
                pd.Series(how[codes], index=series.index, dtype=object))


def _add(table: dict[str, object], key: str, label: str) -> None:
    existing = table.get(key)
    if existing is None or existing == label:
        table[key] = label
    else:
        table[key] = _AMBIGUOUS
