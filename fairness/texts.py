"""The verdict's words, kept importable here while callers move to :mod:`fairness.i18n`.

The catalogue and the number formatting live in :mod:`fairness.i18n` (one catalogue for the
library, the CLI, the reports and the app); this module re-exports them under their old names.
"""

from __future__ import annotations

from fairness.i18n import (
    CATALOGUE,
    LANGS,
    LEVELS,
    fmt_chance,
    fmt_evalue,
    fmt_int,
    fmt_number,
    fmt_p,
    fmt_percent,
    fmt_promise,
    fmt_ratio,
    fmt_signed,
    text,
)

__all__ = ["CATALOGUE", "LANGS", "LEVELS", "fmt_chance", "fmt_evalue", "fmt_int", "fmt_number",
           "fmt_p", "fmt_percent", "fmt_promise", "fmt_ratio", "fmt_signed", "text"]
