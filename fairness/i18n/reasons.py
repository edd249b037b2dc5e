"""Why an input item was rejected, as a code with parameters, in any language.

A rejected row keeps its reason as one line of English (``Evidence.rejected["reason"]``), so the
tables, the campaign store and the CSV stay plain text. That line is not free prose: it is the
English template of a ``reason.*`` key filled with the parameters (:func:`reason`), and
:func:`reason_message` reads it back into the key and the parameters, so any surface can show
it in the user's language (:func:`reason_text`)::

    reason("ambiguous", labels=("3%", "5%"))         # 'ambiguous: 3% or 5%'
    reason_text("ambiguous: 3% or 5%", "ru")          # 'неоднозначно: 3% или 5%'

A line that no template reads (written by an older version, say) is shown as it is.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from typing import Any

from fairness.errors import Message
from fairness.i18n import CATALOGUE, text

__all__ = ["note", "note_text", "reason", "reason_category", "reason_message", "reason_text"]

_PREFIX = "reason."


def reason(code: str, **params: Any) -> str:
    """The stored (English) line of the reason ``reason.<code>`` with ``params``."""
    return text(_PREFIX + code, "en", **params)


def note(code: str, **params: Any) -> str:
    """The stored (English) line of the reading note ``note.<code>`` (a repair made while
    reading, kept in ``summary["notes"]``), read back by :func:`note_text`."""
    return text("note." + code, "en", **params)


@lru_cache(maxsize=4)
def _patterns(prefix: str = _PREFIX) -> list[tuple[re.Pattern, str, dict[str, str]]]:
    """One regular expression per ``<prefix>*`` template (English), most specific first."""
    out = []
    for key, entry in CATALOGUE.items():
        if not key.startswith(prefix):
            continue
        parts, specs, literal = [], {}, 0
        for text_part, name, spec, _ in string.Formatter().parse(entry["en"]):
            parts.append(re.escape(text_part))
            literal += len(text_part)
            if name is None:
                continue
            if spec and "=" in spec:  # the plural word of a number seen before
                parts.append(r"\w+")
            elif name in specs:
                parts.append(f"(?P={name})")
            else:
                parts.append(f"(?P<{name}>.+?)")
                specs[name] = spec or ""
        out.append((literal, re.compile("".join(parts), re.DOTALL), key, specs))
    out.sort(key=lambda item: -item[0])
    return [(pattern, key, specs) for _, pattern, key, specs in out]


_JOINERS = {"or": " or ", "and": " and "}


def reason_message(line: str, prefix: str = _PREFIX) -> Message | None:
    """The :class:`Message` (``reason.*`` key and parameters) a stored reason line was made
    from, or None when no template reads it (``prefix="note."`` reads reading notes)."""
    if not isinstance(line, str):
        return None
    for pattern, key, specs in _patterns(prefix):
        found = pattern.fullmatch(line)
        if found is None:
            continue
        params: dict[str, Any] = {}
        for name, value in found.groupdict().items():
            spec = specs.get(name, "")
            if spec in _JOINERS:
                params[name] = tuple(value.split(_JOINERS[spec]))
            elif name == "reason":
                params[name] = reason_message(value) or value
            elif re.fullmatch(r"\d{1,3}(,\d{3})*", value):
                params[name] = int(value.replace(",", ""))
            else:
                params[name] = value
        return Message(key, **params)
    return None


def reason_text(line: Any, lang: str = "en") -> str:
    """A stored reason line in ``lang`` (as it is when no template reads it)."""
    if line is None or (isinstance(line, float) and line != line):
        return ""
    message = reason_message(str(line))
    return message.render(lang) if message is not None else str(line)


def note_text(line: Any, lang: str = "en") -> str:
    """A stored reading note in ``lang`` (as it is when no template reads it)."""
    message = reason_message(str(line), prefix="note.")
    return message.render(lang) if message is not None else str(line)


def reason_category(category: str, lang: str = "en") -> str:
    """A reason's category (``fairness.reading._collect.reason_key``: "ambiguous",
    "unknown outcome", …) in ``lang``."""
    key = f"{_PREFIX}category.{category.replace(' ', '_')}"
    if key in CATALOGUE:
        return text(key, lang)
    return reason_text(category, lang)
