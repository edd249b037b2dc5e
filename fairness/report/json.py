"""JSON report: ``Verdict.to_dict`` with a schema version, for scripts."""

from __future__ import annotations

import json as _json

from fairness.decision import Verdict

SCHEMA_VERSION = 1


def to_json(answer: Verdict, lang: str = "en", *, indent: int | None = 2) -> str:
    """The verdict as JSON text; keys are stable within a ``schema_version``."""
    payload = {"schema_version": SCHEMA_VERSION, **answer.to_dict(lang)}
    return _json.dumps(payload, ensure_ascii=False, indent=indent, default=str)
