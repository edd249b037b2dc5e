"""The project's own exceptions, and the words they carry.

Every user mistake (a bad spec, a broken data file, an unknown outcome) raises a subclass of
:class:`FairnessError`. Its problem is a :class:`Message`: a catalogue key and its parameters, so
the one line that names the file, the place and the problem can be shown in the user's language
(``exc.message("ru")``); ``str(exc)`` is the English line. Surfaces (CLI, app, batch summaries)
print that line instead of a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Message:
    """A sentence of the catalogue, not yet in a language: ``key`` and its parameters.

    Parameters may be plain values (formatted for the language by the catalogue) or other
    messages (rendered in the same language first).
    """

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def __init__(self, key: str, /, **params: Any):
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "params", params)

    def render(self, lang: str = "en") -> str:
        from fairness.i18n import text  # the catalogue imports nothing from here

        values = {name: value.render(lang) if isinstance(value, Message) else value
                  for name, value in self.params.items()}
        return text(self.key, lang, **values)

    def __str__(self) -> str:
        return self.render("en")

    def __hash__(self) -> int:
        return hash((self.key, tuple(sorted((k, repr(v)) for k, v in self.params.items()))))


def render(part: str | Message | None, lang: str = "en") -> str | None:
    """A message in ``lang``; a plain string (a file name, or a not yet catalogued text) as is."""
    return part.render(lang) if isinstance(part, Message) else part


class FairnessError(Exception):
    """Base class for errors caused by the user's input, shown as one line.

    ``problem`` is a :class:`Message` (or, for texts not yet in the catalogue, an English string);
    ``source`` names the file or input, ``where`` the place in it (a string or a message such as
    ``Message("where.line", line=5)``).
    """

    def __init__(self, problem: str | Message, *, source: str | None = None,
                 where: str | Message | None = None):
        self.problem = problem
        self.source = source
        self.where = where
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        """The one-line message in ``lang``: ``source: where: problem``."""
        parts = [p for p in (self.source, render(self.where, lang)) if p]
        problem = render(self.problem, lang)
        text = f"{': '.join(parts)}: {problem}" if parts else problem
        return " ".join(text.split())  # always one line


class SpecError(FairnessError, ValueError):
    """A game spec (stated odds) that cannot be used."""


class DataError(FairnessError, ValueError):
    """A data file (spins, tallies, export) that cannot be read."""
