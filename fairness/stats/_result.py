"""What every result object of :mod:`fairness.stats` shares: ``summary()``, ``to_frame()``
and a notebook display.

* ``summary()`` is a flat dict, one entry per quantity (test name, statistic, p-value, effect,
  sizes, method): what a finding or a JSON report is made from. The default takes the scalar
  fields of the (frozen dataclass) result; tests override it to name their statistic and
  effect.
* ``to_frame()`` is a tidy :class:`pandas.DataFrame`: by default :meth:`summary` as one row;
  results that hold one row per outcome (or per group) return that table instead.
* ``_repr_html_`` shows :meth:`to_frame` in Jupyter (lifelines' habit).
"""

from __future__ import annotations

import dataclasses
import numbers
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["Result", "result_frame"]


def _is_scalar(value: object) -> bool:
    return value is None or isinstance(value, (str, bool, numbers.Number, np.generic))


def result_frame(summary: Mapping[str, Any]) -> pd.DataFrame:
    """One-row DataFrame of a summary dict."""
    return pd.DataFrame({key: [value] for key, value in summary.items()})


class Result:
    """Mixin of the result dataclasses (no fields, no state)."""

    __slots__ = ()

    def summary(self) -> dict[str, Any]:
        """Flat dict of the result's scalar quantities (one entry per quantity)."""
        if not dataclasses.is_dataclass(self):  # pragma: no cover - every result is one
            return {}
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if _is_scalar(value):
                out[f.name] = value.item() if isinstance(value, np.generic) else value
        return out

    def to_frame(self) -> pd.DataFrame:
        """Tidy table: :meth:`summary` as one row."""
        return result_frame(self.summary())

    def _repr_html_(self) -> str:  # notebook display
        return self.to_frame().to_html(index=False, float_format=lambda x: f"{x:.4g}")
