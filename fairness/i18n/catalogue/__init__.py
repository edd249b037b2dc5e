"""The catalogue, one module per part of the project, merged into one dictionary.

Each module holds ``WORDS``: ``{key: {"en": template, "ru": template}}``. A key lives in exactly
one module (checked here at import), so there is one place to look for every sentence.
"""

from __future__ import annotations

from fairness.i18n.catalogue import campaign, claims, cli, errors, reasons, report, ui, verdict

__all__ = ["CATALOGUE"]


def _merge(*parts) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for part in parts:
        for key, entry in part.WORDS.items():
            if key in merged:  # a programming error, caught by the test suite's first import
                raise RuntimeError(f"catalogue key {key!r} is defined twice")
            merged[key] = entry
    return merged


CATALOGUE: dict[str, dict[str, str]] = _merge(verdict, errors, reasons, report, ui, campaign,
                                              claims, cli)
