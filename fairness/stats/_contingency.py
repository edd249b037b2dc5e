r"""Contingency-table statistics shared by the order and homogeneity tests.

Pearson's :math:`X^2 = \sum (O - E)^2 / E` and the G statistic :math:`G = 2 \sum O \ln(O/E)`
over the last two axes (so a batch of simulated tables is one call), the expected counts under
independence :math:`E_{ij} = r_i c_j / n`, the degrees of freedom over the non-empty rows and
columns, and Cramér's V :math:`\sqrt{X^2 / (n (\min(r, c) - 1))}` [1]_.

References
----------
.. [1] A. Agresti (2007). *An Introduction to Categorical Data Analysis*, 2nd ed., Wiley,
   sections 2.4 and 2.5.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special


def pearson(table: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Pearson X² over the last two axes; cells with zero expectation are skipped."""
    safe = np.where(expected > 0, expected, 1.0)
    return np.where(expected > 0, (table - expected) ** 2 / safe, 0.0).sum(axis=(-2, -1))


def g_statistic(table: np.ndarray, expected: np.ndarray) -> np.ndarray:
    safe = np.where(expected > 0, expected, 1.0)
    return 2.0 * special.xlogy(table, np.where(table > 0, table / safe, 1.0)).sum(axis=(-2, -1))


def independence_expected(table: np.ndarray) -> np.ndarray:
    """Expected counts under independence of rows and columns (last two axes)."""
    rows = table.sum(axis=-1, keepdims=True)
    cols = table.sum(axis=-2, keepdims=True)
    total = table.sum(axis=(-2, -1), keepdims=True)
    return rows * cols / np.where(total > 0, total, 1.0)


STATISTICS = {"pearson": (pearson, "X2"), "g": (g_statistic, "G")}


def check_statistic(statistic: object) -> str:
    if statistic not in STATISTICS:
        raise ValueError(f"statistic must be 'pearson' or 'g', not {statistic!r}")
    return str(statistic)


def table_df(table: np.ndarray) -> int:
    rows = int(np.count_nonzero(table.sum(axis=1)))
    cols = int(np.count_nonzero(table.sum(axis=0)))
    return max(rows - 1, 0) * max(cols - 1, 0)


def cramers_v(x2: float, table: np.ndarray) -> float:
    n = table.sum()
    rows = int(np.count_nonzero(table.sum(axis=1)))
    cols = int(np.count_nonzero(table.sum(axis=0)))
    m = min(rows, cols) - 1
    if n <= 0 or m <= 0:
        return 0.0
    return float(math.sqrt(x2 / (n * m)))
