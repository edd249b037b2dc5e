"""``source`` of spins read from a file, kept as file name plus line number.

A spin's provenance is the text ``"path:line"``. Building that text for each of ten million
rows costs more than reading the file, and almost nothing ever looks at it, so files keep it
as a :class:`SourceArray`: a categorical of names (the file, or a ``source`` cell given in the
file) and an array of line numbers. It behaves like a column of strings (``tolist()``,
``astype(str)``, ``to_csv``, comparisons, Arrow/Streamlit export give ``"path:line"``), and the
strings are made, all at once in Arrow, only when somebody asks for them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.api.extensions import (
    ExtensionArray,
    ExtensionDtype,
    register_extension_dtype,
    take,
)

__all__ = ["SourceArray", "SourceDtype"]


@register_extension_dtype
class SourceDtype(ExtensionDtype):
    """Dtype of :class:`SourceArray` (text; missing is None)."""

    name = "source"
    type = str
    kind = "O"
    na_value = None

    @classmethod
    def construct_array_type(cls):
        return SourceArray


class SourceArray(ExtensionArray):
    """``names[i]`` alone when ``lines[i] < 0``, else ``f"{names[i]}:{lines[i]}"``.

    Build with :meth:`from_lines`; slicing, ``take`` and ``concat`` stay lazy.
    """

    def __init__(self, names: pd.Categorical, lines: np.ndarray):
        self._names = names
        self._lines = np.asarray(lines, dtype=np.int32)  # 2**31 lines are enough

    @classmethod
    def from_lines(cls, name: str, lines, given: pd.Series | None = None) -> SourceArray:
        """``name:line`` for each line; a non-empty ``given`` text (a ``source`` column of the
        file) replaces it."""
        lines = np.asarray(lines, dtype=np.int32)
        names = pd.Categorical.from_codes(np.zeros(len(lines), dtype=np.int8), [name])
        if given is not None:
            given = pd.Series(given).fillna("").astype(str)
            own = (given != "").to_numpy(dtype=bool)
            if own.any():
                codes, uniques = pd.factorize(given.where(own, name))
                names = pd.Categorical.from_codes(codes, uniques)
                lines = np.where(own, -1, lines)
        return cls(names, lines)

    def map_names(self, func) -> SourceArray:
        """The same sources with every name replaced by ``func(name)`` (per distinct name)."""
        codes, names = pd.factorize(np.array([func(n) for n in self._names.categories],
                                             dtype=object))
        codes = np.append(codes, -1)[self._names.codes]  # code -1 (missing) stays missing
        return type(self)(pd.Categorical.from_codes(codes, names), self._lines)

    # -- the ExtensionArray interface --------------------------------------------------------
    @classmethod
    def _from_sequence(cls, scalars, *, dtype=None, copy=False):
        if isinstance(scalars, SourceArray):
            return scalars.copy() if copy else scalars
        values = np.asarray(scalars, dtype=object)
        names = pd.Categorical(np.where(pd.isna(values), None, values))
        return cls(names, np.full(len(values), -1, dtype=np.int32))

    @classmethod
    def _from_factorized(cls, values, original):
        return cls._from_sequence(values)

    @property
    def dtype(self) -> SourceDtype:
        return SourceDtype()

    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, item):
        if pd.api.types.is_integer(item):
            name, line = self._names[item], self._lines[item]
            if pd.isna(name):
                return None
            return str(name) if line < 0 else f"{name}:{line}"
        if not isinstance(item, slice):
            item = pd.api.indexers.check_array_indexer(self, item)
        return type(self)(self._names[item], self._lines[item])

    def __setitem__(self, key, value) -> None:
        """Text set into the array (``fillna``, ``.loc[...] = ...``) is kept whole: as a name
        without a line."""
        if not isinstance(key, slice) and not pd.api.types.is_integer(key):
            key = pd.api.indexers.check_array_indexer(self, key)
        value = np.asarray(value, dtype=object)
        value = np.where(pd.isna(value), None, value)
        new = pd.unique(pd.Series(value.ravel()).dropna())
        new = [v for v in new if v not in self._names.categories]
        if new:
            self._names = self._names.add_categories(new)
        self._names[key] = value if value.ndim else value.item()
        self._lines[key] = -1

    @property
    def nbytes(self) -> int:
        return self._names.nbytes + self._lines.nbytes

    def isna(self) -> np.ndarray:
        return np.asarray(self._names.isna())

    def take(self, indices, *, allow_fill=False, fill_value=None):
        names = self._names.take(indices, allow_fill=allow_fill)
        lines = take(self._lines, indices, allow_fill=allow_fill, fill_value=-1)
        return type(self)(names, lines)

    def copy(self):
        return type(self)(self._names.copy(), self._lines.copy())

    @classmethod
    def _concat_same_type(cls, to_concat):
        names = pd.api.types.union_categoricals([a._names for a in to_concat])
        return cls(names, np.concatenate([a._lines for a in to_concat]))

    def to_text(self) -> np.ndarray:
        """The sources as an object array of str (None when missing)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if not len(self):
            return np.array([], dtype=object)
        names = pa.array(self._names).cast(pa.string())
        with_line = pc.binary_join_element_wise(names, pc.cast(pa.array(self._lines), pa.string()),
                                                ":")
        text = pc.if_else(pa.array(self._lines >= 0), with_line, names)
        return text.to_numpy(zero_copy_only=False)

    def __array__(self, dtype=None, copy=None):
        text = self.to_text()
        return text if dtype is None else text.astype(dtype)

    def __arrow_array__(self, type=None):
        import pyarrow as pa

        return pa.array(self.to_text(), type=type or pa.string())

    def __iter__(self):
        return iter(self.to_text())

    def __eq__(self, other):
        if isinstance(other, (pd.Series, pd.Index, pd.DataFrame)):
            return NotImplemented
        other = np.asarray(other, dtype=object) if not isinstance(other, str) else other
        return self.to_text() == other

    def astype(self, dtype, copy=True):
        dtype = pd.api.types.pandas_dtype(dtype)
        if isinstance(dtype, SourceDtype):
            return self.copy() if copy else self
        if isinstance(dtype, ExtensionDtype):
            return pd.array(self.to_text(), dtype=dtype)
        return self.to_text().astype(dtype, copy=False)

    def _values_for_factorize(self):
        return self.to_text(), None

    def _values_for_argsort(self):
        return self.to_text()
