"""Input checks shared by the tests of :mod:`fairness.stats`.

Each raises ``TypeError`` (wrong kind of value) or ``ValueError`` (right kind, bad value) with
the argument's name in the message, and returns the value in the form the tests compute with.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

ALTERNATIVES = ("two-sided", "less", "greater")


def check_alternative(alternative: object) -> str:
    if alternative not in ALTERNATIVES:
        raise ValueError(f"alternative must be one of {ALTERNATIVES}, not {alternative!r}")
    return str(alternative)


def check_simulations(n_simulations: object, name: str = "n_simulations",
                      allow_zero: bool = True) -> int:
    if isinstance(n_simulations, bool) or not isinstance(n_simulations, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, not {type(n_simulations).__name__}")
    low = 0 if allow_zero else 1
    if n_simulations < low:
        raise ValueError(f"{name} must be >= {low}, not {n_simulations}")
    return int(n_simulations)


def check_k(k_outcomes: object) -> int:
    if isinstance(k_outcomes, bool) or not isinstance(k_outcomes, (int, np.integer)):
        raise TypeError(f"k_outcomes must be an integer, not {type(k_outcomes).__name__}")
    if k_outcomes < 2:
        raise ValueError(f"k_outcomes must be >= 2, not {k_outcomes}")
    return int(k_outcomes)


def as_codes(values: object, name: str, k_outcomes: int | None = None, *,
             compact: bool = False) -> np.ndarray:
    """Checked outcome codes as int64 (``compact``: integer input keeps its dtype, e.g. the
    int8 codes of a categorical, for callers that only count and index with them)."""
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    if array.size == 0:
        return np.zeros(0, dtype=np.int64)
    if array.dtype == bool:
        array = array.astype(np.int64)
    if np.issubdtype(array.dtype, np.integer):  # whole numbers already: check the range only
        low, high = int(array.min()), int(array.max())
        if low < 0:
            raise ValueError(f"{name} holds a negative outcome code ({low})")
        if k_outcomes is not None and high >= k_outcomes:
            raise ValueError(f"{name} holds outcome code {high}, but k_outcomes is {k_outcomes}")
        return array if compact else array.astype(np.int64, copy=False)
    if not np.issubdtype(array.dtype, np.number):
        raise TypeError(f"{name} must hold integer outcome codes, not {array.dtype}")
    if not np.all(np.isfinite(array)) or np.any(array != np.round(array)):
        raise ValueError(f"{name} must hold whole-number outcome codes")
    codes = array.astype(np.int64)
    if codes.min() < 0:
        raise ValueError(f"{name} holds a negative outcome code ({codes.min()})")
    if k_outcomes is not None and codes.max() >= k_outcomes:
        raise ValueError(f"{name} holds outcome code {codes.max()}, but k_outcomes is {k_outcomes}")
    return codes


def as_count_table(table: object, name: str) -> np.ndarray:
    """A 2-D table of whole-number counts >= 0, as floats."""
    array = np.asarray(table)
    if array.ndim != 2:
        raise ValueError(f"{name} must be a 2-D table (groups x outcomes), got shape {array.shape}")
    if array.size and not np.issubdtype(array.dtype, np.number):
        raise TypeError(f"{name} must hold counts, not {array.dtype}")
    array = array.astype(float)
    if np.any(~np.isfinite(array)) or np.any(array < 0) or np.any(array != np.round(array)):
        raise ValueError(f"{name} must hold whole-number counts >= 0")
    return array


def as_count(value: object, name: str) -> int:
    """Return ``value`` as a non-negative int, accepting integral floats such as ``3.0``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a non-negative integer, got {type(value).__name__}")
    if isinstance(value, numbers.Integral):
        count = int(value)
    else:
        as_float = float(value)
        if not math.isfinite(as_float) or as_float != math.floor(as_float):
            raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
        count = int(as_float)
    if count < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    return count


def as_probability(value: object, name: str) -> float:
    """Return ``value`` as a float in [0, 1]."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number in [0, 1], got {type(value).__name__}")
    prob = float(value)
    if not 0.0 <= prob <= 1.0:  # also rejects NaN
        raise ValueError(f"{name} must be in [0, 1], got {value!r}")
    return prob


def check_level(level: object, name: str = "level") -> float:
    """Return a confidence/credibility level as a float strictly between 0 and 1."""
    if isinstance(level, bool) or not isinstance(level, numbers.Real):
        raise TypeError(f"{name} must be a number in (0, 1), got {type(level).__name__}")
    value = float(level)
    if not 0.0 < value < 1.0:
        raise ValueError(f"{name} must be strictly between 0 and 1, got {level!r}")
    return value


def as_count_array(values: object, name: str) -> np.ndarray:
    """Return a 1-D int64 array of non-negative integer counts (integral floats accepted)."""
    try:
        array = np.asarray(values)
    except Exception as exc:  # ragged input and the like
        raise TypeError(f"{name} must be a 1-D array of counts") from exc
    if array.dtype == bool or not (
        np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)
    ):
        raise TypeError(f"{name} must be a 1-D array of non-negative integer counts")
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {array.shape}")
    if np.issubdtype(array.dtype, np.floating):
        if not np.all(np.isfinite(array)) or np.any(array != np.floor(array)):
            raise ValueError(f"{name} must hold non-negative integer counts")
    if np.any(array < 0):
        raise ValueError(f"{name} must hold non-negative integer counts")
    return array.astype(np.int64)


def as_probability_array(values: object, name: str, size: int) -> np.ndarray:
    """Return a 1-D float array of ``size`` probabilities, each in [0, 1]."""
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a 1-D array of probabilities") from exc
    if array.ndim != 1 or array.size != size:
        raise ValueError(f"{name} must be 1-D of length {size}, got shape {array.shape}")
    if not np.all((array >= 0.0) & (array <= 1.0)):  # also rejects NaN
        raise ValueError(f"{name} must hold probabilities in [0, 1]")
    return array


def readonly(array: np.ndarray) -> np.ndarray:
    """Freeze an array held by a frozen result."""
    array.setflags(write=False)
    return array
