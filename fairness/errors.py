"""The project's own exceptions.

Every user mistake (a bad spec, a broken data file, an unknown outcome) raises a subclass of
:class:`FairnessError` whose message is one line that names the file, the place and the problem.
Surfaces (CLI, app) print that line instead of a traceback.
"""

from __future__ import annotations


class FairnessError(Exception):
    """Base class for errors caused by the user's input, shown as one line."""

    def __init__(self, message: str, *, source: str | None = None, where: str | None = None):
        self.problem = message
        self.source = source
        self.where = where
        super().__init__(self._format())

    def _format(self) -> str:
        parts = [p for p in (self.source, self.where) if p]
        prefix = ": ".join(parts)
        text = f"{prefix}: {self.problem}" if prefix else self.problem
        return " ".join(text.split())  # always one line


class SpecError(FairnessError, ValueError):
    """A game spec (stated odds) that cannot be used."""


class DataError(FairnessError, ValueError):
    """A data file (spins, tallies, export) that cannot be read."""
