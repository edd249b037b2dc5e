"""Renderers of a Verdict (and its Analysis): text, JSON (more formats follow)."""

from __future__ import annotations

from fairness.report.json import SCHEMA_VERSION, to_json
from fairness.report.text import to_text

__all__ = ["SCHEMA_VERSION", "to_json", "to_text"]
