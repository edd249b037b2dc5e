"""Text -> outcomes: decide whether a message reports spins, and which outcomes it names.

Pure functions over strings. An :class:`Extractor` is compiled once from a game and then applied
to every message:

1. **Patterns.** Each outcome is recognised by the regular expressions of its spec
   (``Outcome.patterns``, matched case-insensitively) or, when it has none, by patterns derived
   from its label: ``"5%"`` matches "5%", "5 %", "5 процентов", "пять процентов"; ``"300 баллов"``
   matches "300 б.", "+300 баллов", "300 бонусов"; a number never matches inside a longer number
   ("100%" does not match "1000%" or "10%"); е/ё/э are the same letter in words ("кэшбэк",
   "кешбэк", "кешбек").
2. **Trigger.** A message is a report only if it contains a trigger word (the game's
   ``trigger``, the ``trigger`` option, or :data:`DEFAULT_TRIGGER`: колесо, барабан, крутил,
   выпало, выиграл, #колесо, spin, wheel, got, ...) or a "me too" marker ("+1", "тоже",
   "и у меня"). Without one it is chatter (``not_a_report``) whatever numbers it contains.
3. **Context.** Mentions preceded by "до", "от", "up to" (adverts: "кэшбэк до 30%"), or by
   "не"/"вместо" (negations: "3%, а не 5%") are not spins.
4. **Several spins.** "крутил трижды: 1%, 1%, 3%" gives three spins; a plain list
   ("1%, 3%, 1%") gives one spin per item; "3 раза по 1%" gives three spins of 1%. A count that
   does not match the list is rejected.
5. **Ambiguity.** Two different outcomes with "то ли", "или", "либо", "or", "не помню", or two
   outcomes that are not a list ("выпало 5%, а вчера было 1%") are rejected with the reason.
6. **Unknown outcomes.** A triggered message naming an amount of the game's kind that is not an
   outcome ("выпало 7%" in a game without 7%) is rejected ("unknown outcome '7%'").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import NamedTuple

from fairness.errors import Message, SpecError
from fairness.i18n.reasons import reason
from fairness.reading.labels import normalise_label
from fairness.spec import Game, pattern_message

__all__ = [
    "DEFAULT_TRIGGER",
    "Extraction",
    "Extractor",
    "default_patterns",
    "extract",
    "normalise",
]

#: Trigger keywords used when neither the game nor the caller gives any. A trailing ``*`` means
#: "any ending" (крутил* matches крутила, крутили).
DEFAULT_TRIGGER: tuple[str, ...] = (
    "колес*", "барабан*", "крутил*", "крутанул*", "прокрутил*", "покрутил*", "крутнул*",
    "выпал*", "выпад*", "выиграл*", "выигрыш*", "#колесо", "spin*", "wheel*", "got",
    "won", "rolled",
)

# "е", "ё" and "э" are written interchangeably ("кэшбэк", "кешбэк", "кешбек"). Texts are
# matched in a normal form (lower case, ё and э read as е) of the same length as the original,
# so positions agree; built-in patterns are written for that form.
def normalise(text: str) -> str:
    """Lower case with ё and э read as е; same length as ``text`` (positions agree)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lower to two ("İ"): keep those as they are
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    if "ё" in lowered:
        lowered = lowered.replace("ё", "е")
    if "э" in lowered:
        lowered = lowered.replace("э", "е")
    return lowered


def _fold(pattern: str) -> str:
    return pattern.replace("ё", "е").replace("э", "е")

# Russian and English number words for the figures prize labels use most.
_NUMBER_WORDS: dict[int, str] = {
    1: "один|одна|одно|одного|одной|одному|одним|one",
    2: "два|две|двух|двумя|two",
    3: "три|трех|трем|тремя|three",
    4: "четыре|четырех|четырем|четырьмя|four",
    5: "пять|пяти|пятью|five",
    6: "шесть|шести|six",
    7: "семь|семи|seven",
    8: "восемь|восьми|eight",
    9: "девять|девяти|nine",
    10: "десять|десяти|ten",
    15: "пятнадцать|пятнадцати|fifteen",
    20: "двадцать|двадцати|twenty",
    25: "двадцать пять|двадцати пяти|twenty five|twenty-five",
    30: "тридцать|тридцати|thirty",
    40: "сорок|сорока|forty",
    50: "пятьдесят|пятидесяти|fifty",
    100: "сто|ста|hundred",
    200: "двести|двухсот",
    300: "триста|трехсот",
    500: "пятьсот|пятисот",
    1000: "тысяча|тысячу|тысячи|тысяч|thousand",
}

# Unit families: how each kind of prize may be written after its number.
# Unit families: how each kind of prize is written after its number (in the normal form).
_UNITS: dict[str, str] = {
    "percent": r"%|процент\w*|проц\b\.?|pct\b|percent\b",
    "points": r"балл\w*|б\.|б\b|бонус\w*|очк\w*|pts\b|points?\b|pt\b",
    "roubles": r"₽|руб\w*|р\.|р\b|rub\w*|rur\b",
    "miles": r"мил[ьяи]\w*|miles?\b",
}
# Words that must be in a text for a number *word* to name an amount ("пять процентов").
_UNIT_WORD_ANCHORS = ("процент", "проц", "балл", "бонус", "очк", "руб", "мил", "percent",
                      "point", "pts")
_UNIT_WORD_QUICK = re.compile("|".join(_UNIT_WORD_ANCHORS))
_UNIT_ALTERNATIVES = "|".join(f"(?P<{family}>{unit})" for family, unit in _UNITS.items())
_UNIT_OF_WORD = {family: re.compile(rf"^(?:{unit})$") for family, unit in _UNITS.items()}
# "1 000" and "1,5" are one number. The pattern starts with a bare \d so that the regex engine
# can skip to digits quickly (an alternation first would be tried at every position).
_DIGITS = r"\d(?:\d{0,2}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d*(?:[.,]\d+)?)"
_SCAN_DIGITS = re.compile(rf"(?P<num>{_DIGITS})[ \u00a0\u202f]?(?:{_UNIT_ALTERNATIVES})")
_WORD_VALUES = {
    word: value for value, words in _NUMBER_WORDS.items() for word in _fold(words).split("|")
}
_SCAN_WORDS = re.compile(
    r"(?<!\w)(?P<word>"
    + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(_WORD_VALUES, key=len,
                                                                    reverse=True))
    + rf")\s+(?:{_UNIT_ALTERNATIVES})"
)
_LABEL_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")

_ME_TOO_ANCHORS = ("+1", "тоже", "у меня", "same", "me too")
_ME_TOO = re.compile(_fold(
    r"(?<![\w+])\+1(?![\w%.,])|(?<!\w)(?:тоже|и\s+у\s+меня|у\s+меня\s+тоже|same|me\s+too)(?!\w)"
))
# Words right before a mention that make it something other than a spin: adverts ("до 30%",
# "up to 30%", "от 1000 руб") and negations ("а не 5%", "вместо 5%").
_EXCLUDING_WORDS = (
    "до", "от", "up to", "upto", "from", "не", "not", "вместо", "instead of", "максимум", "max",
)
_AMBIGUITY = re.compile(_fold(
    r"(?<!\w)(?:то\s+ли|или|либо|не\s+помню|не\s+уверен\w*|может\w*|кажется|вроде|or|maybe"
    r"|either)(?!\w)|\?"
))
# What may stand between the items of a list of spins: "1%, 1%, 3%", "1% и 3%", "1% / 3%".
_LIST_GAP = re.compile(_fold(
    r"^[\s,;/+&)(\-–—:]*(?:(?:и|and|потом|затем|then|а\s+потом|еще|ещё|снова|опять|again)"
    r"[\s,;/+&)(\-–—:]*)*$"
))
_COUNT_WORDS = {"дважды": 2, "трижды": 3, "четырежды": 4, "twice": 2, "thrice": 3}
_COUNT_NUMBER_WORDS = {
    "один": 1, "одна": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6,
    "семь": 7, "восемь": 8, "девять": 9, "десять": 10, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}
_COUNT = re.compile(_fold(
    r"(?<!\w)(?P<word>дважды|трижды|четырежды|twice|thrice)(?!\w)"
    r"|(?<![\w.,])(?P<n>\d{1,3}|" + "|".join(_COUNT_NUMBER_WORDS) + r")\s*"
    r"(?:раз(?:а)?|спин\w*|прокрут\w*|попыт\w*|spins?|times|tries)(?!\w)"
    r"|(?<!\w)[xх×]\s?(?P<x>\d{1,3})(?!\w)"
))
_COUNT_ANCHORS = ("жды", "twice", "thrice", "раз", "спин", "прокрут", "попыт", "spin", "time",
                  "tries")
_COUNT_QUICK = re.compile("|".join(_COUNT_ANCHORS) + r"|[xх×]\s?\d")
# "3 раза по 1%", "все 1%", "каждый раз 1%", "подряд": one outcome, repeated.
_EACH = re.compile(_fold(
    r"(?<!\w)(?:по|все|всё|всех|каждый\s+раз|каждый|подряд|оба|each|all|every\s+time"
    r"|in\s+a\s+row)(?!\w)"
))
_QUESTION = re.compile(_fold(
    r"^\W*(?:а\s+)?(?:кто|кому|у\s+кого|сколько|какой|какие|какая|когда|почему|зачем|где|"
    r"who|anyone|anybody|does|did|has|have|what|when|how)(?!\w)[^?]*\?"
))


@dataclass(frozen=True)
class Extraction:
    """What one message says.

    Attributes
    ----------
    kind : str
        ``"spins"`` (the message reports one or more spins), ``"not_a_report"`` (chatter,
        adverts, questions) or ``"rejected"`` (looks like a report but cannot be used).
    outcomes : tuple of str
        Outcome labels of the spins, in the order written (empty unless ``kind == "spins"``).
    reason : str or None
        Why the message was rejected (``"ambiguous: 3% or 5%"``, ``"unknown outcome '7%'"``...).
    """

    kind: str
    outcomes: tuple[str, ...] = ()
    reason: str | None = None


NOT_A_REPORT = Extraction("not_a_report")


def _number_value(text: str) -> str:
    """Canonical text of a written number: "1 000" -> "1000", "1,50" -> "1.5", "05" -> "5"."""
    if text.isdigit():
        return str(int(text))
    digits = "".join(text.split()).replace("\u202f", "").replace(",", ".")
    try:
        number = Decimal(digits)
    except InvalidOperation:
        return digits
    return format(number.normalize(), "f")


def _literal(text: str) -> str:
    """Escape normalised ``text`` for a regex; any run of spaces matches any spaces."""
    return r"\s+".join(re.escape(part) for part in normalise(text).split())


def _unit_family(word: str) -> str | None:
    word = normalise(word)
    for family, pattern in _UNIT_OF_WORD.items():
        if pattern.match(word):
            return family
    return None


def _label_parts(label: str) -> tuple[str | None, str | None, str]:
    """Split a label into (number, unit family, unit word): "300 баллов" -> "300", "points"."""
    match = _LABEL_NUMBER.search(label)
    if not match:
        return None, None, ""
    rest = label[match.end():].strip()
    unit_word = ""
    if rest.startswith("%"):
        unit_word = "%"
    elif rest:
        unit_word = re.split(r"[\s,;()]+", rest)[0]
    return match.group(0), _unit_family(unit_word) if unit_word else None, unit_word


def default_patterns(label: str) -> tuple[str, ...]:
    """Regular expressions (for the normal form, see :func:`normalise`) that recognise
    ``label`` in free text when the spec gives none.

    Labels made of a number and a known unit ("5%", "300 баллов", "100 ₽") are recognised by
    one scanner of amounts for speed; the expression returned here is equivalent.

    Examples
    --------
    ``"5%"`` -> "5%", "5 %", "5 процентов", "пять процентов"; not "15%", "5.5%", "50%".
    ``"300 баллов"`` -> "300 баллов", "+300 б.", "300 бонусов".
    ``"ничего"`` -> the word itself (any case, е/ё/э alike).
    """
    number, family, unit_word = _label_parts(label)
    if number is None:
        return (rf"(?<!\w){_literal(label)}(?!\w)",)
    integer, _, fraction = number.replace(",", ".").partition(".")
    integer = integer.lstrip("0") or "0"
    if len(integer) > 3:
        head = len(integer) % 3 or 3
        groups = [integer[:head], *(integer[i:i + 3] for i in range(head, len(integer), 3))]
        digits = r"[ \u00a0\u202f]?".join(groups)
    else:
        digits = integer
    if fraction:
        digits += r"[.,]" + fraction
    alternatives = [rf"(?<![\d.,])(?<!\d[ \u00a0\u202f]){digits}(?![.,]?\d)"]
    if not fraction and int(integer) in _NUMBER_WORDS:
        words = _fold(_NUMBER_WORDS[int(integer)]).replace(" ", r"\s+")
        alternatives.append(rf"(?<!\w)(?:{words})\s")
    number_re = "(?:" + "|".join(alternatives) + ")"
    if family is not None:
        return (number_re + r"[ \u00a0\u202f]?(?:" + _UNITS[family] + ")",)
    if unit_word:
        stem = normalise(unit_word)
        stem = stem if len(stem) <= 4 else stem[: max(3, len(stem) - 2)]
        return (number_re + r"\s?" + re.escape(stem) + r"\w*",)
    return (number_re + r"(?![\w%])",)  # a bare number: a whole token only


def _compile_trigger(words: Iterable[str]) -> tuple[re.Pattern[str] | None, tuple[str, ...]]:
    """One regex for the trigger words (normal form) and the literals that must occur."""
    parts, anchors = [], []
    for raw in words:
        word = normalise(str(raw).strip())
        prefix = word.endswith("*")
        word = word.rstrip("*").strip()
        if not word:
            continue
        start = "" if word.startswith("#") else r"(?<!\w)"
        parts.append(start + _literal(word) + (r"\w*" if prefix else r"(?!\w)"))
        anchors.append(word.split()[0])
    if not parts:
        return None, ()
    return re.compile("|".join(parts)), tuple(dict.fromkeys(anchors))


class _Mention(NamedTuple):
    label: str
    start: int
    end: int


class _Recogniser:
    """Patterns of one outcome: built-in ones on the normal form, the spec's on the text."""

    __slots__ = ("anchor", "label", "normal", "regex")

    def __init__(self, label: str, regex: re.Pattern[str], normal: bool, anchor: str | None):
        self.label = label
        self.regex = regex
        self.normal = normal
        self.anchor = anchor


class Extractor:
    """Recognises spin reports of one game in message texts.

    Parameters
    ----------
    game : Game
        The game; its outcomes' ``patterns`` (or defaults from the labels) and its ``trigger``.
    trigger : str, sequence of str or False, optional
        Trigger keywords (a trailing ``*`` allows any ending; "#tag" matches the hashtag; case
        and е/ё/э do not matter). Default: the game's ``trigger``, else
        :data:`DEFAULT_TRIGGER`. ``False`` means every message that names an outcome is a
        report.
    patterns : mapping of label -> str or sequence of str, optional
        Regular expressions (matched ignoring case) that replace the spec's and the default
        patterns of the outcomes named.
    """

    def __init__(
        self,
        game: Game,
        *,
        trigger: str | Sequence[str] | bool | None = None,
        patterns: Mapping[str, str | Sequence[str]] | None = None,
    ):
        if not isinstance(game, Game):
            raise TypeError(f"game must be a fairness.spec.Game, not {type(game).__name__}")
        self.game = game
        self.labels = game.labels
        # the labels by the one label key of the reader (labels.normalise_label); a key two
        # labels share names neither
        self._exact: dict[str, str | None] = {}
        for label in self.labels:
            key = normalise_label(label)
            self._exact[key] = None if key in self._exact else label
        overrides = dict(patterns or {})
        unknown = [k for k in overrides if k not in self.labels]
        if unknown:
            raise SpecError(Message("error.unknown_target", target=unknown[0],
                                    labels=", ".join(self.labels)),
                            where=Message("where.patterns"))
        self._recognisers: list[_Recogniser] = []
        self._amounts: dict[tuple[str, str], tuple[str, ...]] = {}
        self._families: set[str] = set()
        for outcome in game.outcomes:
            number, family, _ = _label_parts(outcome.label)
            if family:
                self._families.add(family)
            given = overrides.get(outcome.label)
            if isinstance(given, str):
                given = (given,)
            given = tuple(given) if given else outcome.patterns
            if given:
                for pattern in given:  # one by one, so the message names the faulty one
                    try:
                        re.compile(pattern, re.IGNORECASE)
                    except re.error as exc:
                        raise SpecError(pattern_message(pattern, exc), where=Message(
                            "where.patterns_of", label=outcome.label)) from None
                try:
                    regex = re.compile("|".join(f"(?:{p})" for p in given), re.IGNORECASE)
                except re.error as exc:  # each compiles, the union does not (rare)
                    raise SpecError(pattern_message("|".join(given), exc), where=Message(
                        "where.patterns_of", label=outcome.label)) from None
                self._recognisers.append(_Recogniser(outcome.label, regex, False, None))
            elif number is not None and family is not None:
                key = (_number_value(number), family)
                self._amounts[key] = (*self._amounts.get(key, ()), outcome.label)
            else:
                anchor = normalise(outcome.label).split()
                self._recognisers.append(_Recogniser(
                    outcome.label, re.compile(default_patterns(outcome.label)[0]), True,
                    None if number is not None or not anchor else anchor[0]))
        self._scan = bool(self._amounts or self._families)
        if trigger is None:
            trigger = game.trigger or DEFAULT_TRIGGER
        if trigger is True:
            trigger = DEFAULT_TRIGGER
        if trigger is False:
            self._trigger, self._trigger_anchors = None, ()
        else:
            if isinstance(trigger, str):
                trigger = (trigger,)
            self._trigger, self._trigger_anchors = _compile_trigger(trigger)
        self.requires_trigger = self._trigger is not None
        # One search for "any trigger or me-too literal at all" rejects most chatter at once.
        self._quick = re.compile("|".join(
            re.escape(a) for a in (*self._trigger_anchors, *_ME_TOO_ANCHORS)))

    # -- pieces ---------------------------------------------------------------------------------
    def _triggered(self, norm: str) -> bool:
        if self._trigger is None:
            return True
        if self._quick.search(norm) is None:
            return False
        return self._trigger.search(norm) is not None or self._me_too(norm)

    def might_report(self, text: str) -> bool:
        """False when ``text`` certainly is no report (no trigger word, no "me too"): a cheap
        test for the bulk of chatter."""
        return self._trigger is None or self._quick.search(normalise(text)) is not None

    @staticmethod
    def _me_too(norm: str) -> bool:
        return _ME_TOO.search(norm) is not None

    def triggered(self, text: str) -> bool:
        """True when ``text`` contains a trigger word or a "me too" marker."""
        return self._triggered(normalise(text))

    def _scan_text(self, text: str, norm: str):
        """(spins, excluded, unknown): outcome mentions kept, mentions excluded by an advert or
        negation prefix, and amounts of the game's kind that name no outcome."""
        found: list[_Mention] = []
        unknown: list[tuple[int, int]] = []
        if self._scan:
            matches = list(_SCAN_DIGITS.finditer(norm))
            if _UNIT_WORD_QUICK.search(norm):
                matches.extend(_SCAN_WORDS.finditer(norm))
            for match in matches:
                family = match.lastgroup
                groups = match.groupdict()
                number = groups.get("num")
                value = (_number_value(number) if number is not None
                         else str(_WORD_VALUES.get(" ".join(groups["word"].split()), "")))
                labels = self._amounts.get((value, family))  # type: ignore[arg-type]
                if labels:
                    for label in labels:
                        found.append(_Mention(label, match.start(), match.end()))
                elif family in self._families:
                    unknown.append((match.start(), match.end()))
        for rec in self._recognisers:
            if rec.anchor is not None and rec.anchor not in norm:
                continue
            for match in (rec.regex.finditer(norm) if rec.normal else rec.regex.finditer(text)):
                if match.end() > match.start():
                    found.append(_Mention(rec.label, match.start(), match.end()))
        spins: list[_Mention] = []
        excluded: list[_Mention] = []
        if found:
            # Overlaps: the longer mention wins ("10% кэшбэк" over "10%"); two outcomes claiming
            # the very same words are both kept (and make the message ambiguous).
            found.sort(key=lambda m: (m.start, m.start - m.end))
            kept: list[_Mention] = []
            for mention in found:
                if kept and mention.start < kept[-1].end:
                    last = kept[-1]
                    if (mention.start, mention.end) == (last.start, last.end) and (
                        mention.label != last.label
                    ):
                        kept.append(mention)
                    continue
                kept.append(mention)
            for mention in kept:
                (excluded if _excluded_by_prefix(norm, mention.start) else spins).append(mention)
        unknown = [(a, b) for a, b in unknown
                   if not any(m.start < b and a < m.end for m in found)
                   and not _excluded_by_prefix(norm, a)]
        return spins, excluded, unknown

    def mentions(self, text: str) -> tuple[list[_Mention], list[_Mention]]:
        """Outcome mentions in ``text``: (kept, excluded by an advert/negation prefix)."""
        spins, excluded, _ = self._scan_text(text, normalise(text))
        return spins, excluded

    def match_label(self, text: str) -> str | None:
        """The one outcome that ``text`` names (a poll answer, a tally line), or None.

        The label itself matches as the table reader matches it (ignoring case, spaces, a
        decimal comma and unit words: "5 процентов" is "5%", see
        :func:`~fairness.reading.labels.normalise_label`); otherwise the outcome patterns must
        name exactly one outcome. No trigger is needed.
        """
        text = str(text)
        exact = self._exact.get(normalise_label(text))
        if exact is not None:
            return exact
        spins, _ = self.mentions(text)
        names = {m.label for m in spins}
        return names.pop() if len(names) == 1 else None

    @staticmethod
    def _stated_count(norm: str) -> int | None:
        if not _COUNT_QUICK.search(norm):
            return None
        match = _COUNT.search(norm)
        if not match:
            return None
        if match.group("word"):
            return _COUNT_WORDS[match.group("word")]
        raw = match.group("n") or match.group("x")
        if raw.isdigit():
            return int(raw)
        return _COUNT_NUMBER_WORDS.get(raw)

    # -- the decision ---------------------------------------------------------------------------
    def __call__(self, text: str | None, *, replied_outcomes: Sequence[str] = ()) -> Extraction:
        """Decide what ``text`` reports.

        Parameters
        ----------
        text : str
            The message text (caption included).
        replied_outcomes : sequence of str
            Outcomes of the report this message replies to; a bare "+1"/"тоже" reply to a
            single-outcome report is a spin of that outcome by the replier.
        """
        if not text or text.isspace():
            return NOT_A_REPORT
        norm = normalise(text)
        if not self._triggered(norm):
            return NOT_A_REPORT
        spins, excluded, unknown = self._scan_text(text, norm)
        if not spins:
            if excluded:
                return NOT_A_REPORT  # an advert or a negation only
            if not unknown and len(set(replied_outcomes)) == 1 and self._me_too(norm):
                return Extraction("spins", (replied_outcomes[0],))
            if unknown and not _QUESTION.match(norm) and (
                self._trigger is None or self._trigger.search(norm)
            ):
                a, b = unknown[0]
                return Extraction("rejected", reason=reason("unknown_outcome",
                                                            text=_flat(text[a:b])))
            return NOT_A_REPORT
        if _QUESTION.match(norm):
            return NOT_A_REPORT  # "кому выпадало 10%?"
        labels = [m.label for m in spins]
        distinct = list(dict.fromkeys(labels))
        for a, b in pairwise(spins):
            if (a.start, a.end) == (b.start, b.end):
                return Extraction("rejected", reason=reason(
                    "ambiguous_match", text=_flat(text[a.start:a.end]), first=a.label,
                    second=b.label))
        if unknown:
            a, b = unknown[0]
            return Extraction("rejected", reason=reason("unknown_outcome",
                                                        text=_flat(text[a:b])))
        if len(distinct) > 1 and (_AMBIGUITY.search(norm, spins[0].start, spins[-1].end)
                                  or _AMBIGUITY.search(norm[max(0, spins[0].start - 20):
                                                            spins[0].start])):
            return Extraction("rejected", reason=reason("ambiguous", labels=tuple(distinct)))
        count = self._stated_count(norm)
        if count is not None and count >= 1:
            if count == len(spins):
                return Extraction("spins", tuple(labels))
            if len(distinct) == 1 and count <= 100 and _EACH.search(norm):
                return Extraction("spins", (distinct[0],) * count)
            return Extraction("rejected", reason=reason("count_mismatch", count=count,
                                                        named=len(spins)))
        if len(spins) == 1:
            return Extraction("spins", (labels[0],))
        if all(_LIST_GAP.match(norm[a.end:b.start]) for a, b in pairwise(spins)):
            return Extraction("spins", tuple(labels))
        if len(distinct) == 1:
            return Extraction("spins", (labels[0],))  # the same outcome named twice
        return Extraction("rejected", reason=reason("ambiguous", labels=tuple(distinct)))


def _flat(text: str) -> str:
    return " ".join(text.split())


def _excluded_by_prefix(norm: str, start: int) -> bool:
    """True when the words right before ``start`` make a mention an advert or a negation."""
    before = norm[max(0, start - 24):start].rstrip(" +\u00a0\t\n")
    if not before.endswith(_EXCLUDING_WORDS):
        return False
    for word in _EXCLUDING_WORDS:
        if before.endswith(word):
            head = before[: len(before) - len(word)]
            if not head or not (head[-1].isalnum() or head[-1] == "_"):
                return True
    return False


def extract(
    text: str | None,
    game: Game | Extractor,
    *,
    trigger: str | Sequence[str] | bool | None = None,
    patterns: Mapping[str, str | Sequence[str]] | None = None,
    replied_outcomes: Sequence[str] = (),
) -> Extraction:
    """What ``text`` reports for ``game``: spins, chatter or a rejected report.

    Convenience wrapper; to process many messages build one :class:`Extractor` and call it.
    """
    extractor = game if isinstance(game, Extractor) else Extractor(game, trigger=trigger,
                                                                   patterns=patterns)
    return extractor(text, replied_outcomes=replied_outcomes)
