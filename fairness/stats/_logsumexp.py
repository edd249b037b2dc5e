"""``logsumexp`` along one axis of a real array, as :func:`scipy.special.logsumexp` computes it.

The e-values call it three times on every path and every planning simulation; scipy's general
version (array API, complex numbers, weights, signs) costs about ten times the arithmetic on
such small arrays. This is the same algorithm restricted to real input without weights, so
the results are the same bit for bit (``tests/test_same_numbers.py``):

.. math:: \\log \\sum_i e^{a_i} = a_{\\max} + \\log m + \\operatorname{log1p}\\Big(
          \\frac{1}{m} \\sum_{a_i < a_{\\max}} e^{a_i - a_{\\max}}\\Big)

with ``m`` the number of entries equal to the maximum (kept out of the sum for precision, as
in Blanchard, Higham & Higham [1]). Where that is not finite (every entry ``-inf``, an
``inf`` or a NaN) the result is ``log(sum(exp(a)))``, as scipy gives.

References
----------
1. Blanchard, P., Higham, D. J. & Higham, N. J. (2021). Accurately computing the log-sum-exp
   and softmax functions. IMA Journal of Numerical Analysis 41(4), 2311-2330.
"""

from __future__ import annotations

import numpy as np

__all__ = ["logsumexp"]


def logsumexp(a, axis: int) -> np.ndarray:
    """``scipy.special.logsumexp(a, axis=axis)`` for a real array ``a`` (float64 result)."""
    a = np.asarray(a, dtype=float)
    if a.size == 0 or a.shape[axis] == 0:  # (scipy's edge cases: let it answer them)
        from scipy.special import logsumexp as scipy_logsumexp

        return scipy_logsumexp(a, axis=axis)
    if a.ndim > 1 and axis in (-1, a.ndim - 1) and a.shape[-1] < 8:
        return _along_short_last_axis(a)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        a_max = a.max(axis=axis, keepdims=True)
        at_max = a == a_max
        m = at_max.sum(axis=axis, keepdims=True, dtype=float)
        shifted = np.exp(np.where(at_max, -np.inf, a) - a_max)
        s = shifted.sum(axis=axis, keepdims=True)
        s = np.where(s == 0, s, s / m)
        out = np.log1p(s) + np.log(m) + a_max
        finite = np.isfinite(out)
        if not finite.all():
            out = np.where(finite, out, np.log(np.exp(a).sum(axis=axis, keepdims=True)))
    out = np.squeeze(out, axis=axis)
    return out[()] if out.ndim == 0 else out


def _along_short_last_axis(a: np.ndarray) -> np.ndarray:
    """:func:`logsumexp` along a last axis of fewer than 8 entries (the e-values' mixtures over
    6 concentrations, or over the terms of a game of a few outcomes), one column at a time.

    NumPy reduces so short an axis slowly, element by element for every row, and sums its
    entries in order, left to right (pairwise summation starts at 8). The same maximum, the
    same count of entries at it and the same sum in the same order, taken column by column,
    give the same numbers. (A zero at the maximum instead of ``exp(-inf - max)`` changes a
    row's sum only where the maximum is infinite or NaN, and such rows take the fallback
    either way.)
    """
    columns = [a[..., j] for j in range(a.shape[-1])]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        a_max = columns[0].copy()
        for column in columns[1:]:
            np.maximum(a_max, column, out=a_max)
        m = np.zeros(a_max.shape)
        s = np.zeros(a_max.shape)
        for column in columns:
            at_max = column == a_max
            m += at_max
            term = np.exp(column - a_max)
            term[at_max] = 0.0
            s += term
        s = np.where(s == 0, s, s / m)
        out = np.log1p(s) + np.log(m) + a_max
        finite = np.isfinite(out)
        if not finite.all():
            out = np.where(finite, out, np.log(np.exp(a).sum(axis=-1)))
    return out
