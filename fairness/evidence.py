"""Evidence: what was observed, in tidy tables, with every input item accounted for.

``spins``    one row per observed spin (columns in :data:`SPIN_COLUMNS`);
``tallies``  aggregated counts that cannot be split into spins (``outcome``, ``count``,
             ``source``, ``item``);
``rejected`` every input item that was not used (``source``, ``item``, ``reason``,
             ``excerpt``);
``summary``  the accounting: ``read == used + rejected + not_a_report`` always holds.

This module is the data model only; files are read by :mod:`fairness.reading`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from fairness.errors import DataError, Message
from fairness.spec import Game
from fairness.stats.counting import BLOCK, bincount

__all__ = ["PRIVATE_SUMMARY_KEYS", "PROVENANCE", "REJECTED_COLUMNS", "SPIN_COLUMNS",
           "TALLY_COLUMNS", "Evidence", "mostly_unknown", "places"]

SPIN_COLUMNS = ("outcome", "reported_at", "reporter", "seq", "segment", "value", "source",
                "item")
TALLY_COLUMNS = ("outcome", "count", "source", "item")
REJECTED_COLUMNS = ("source", "item", "reason", "excerpt")
#: Provenance columns: ``source`` (categorical of display names: the file as the user named it,
#: a chat in a Telegram export) and ``item`` (nullable ``Int64``: the line in a table, line 1
#: being the header line; the message id in a chat; the row in a sheet).
PROVENANCE = ("source", "item")
#: Accounting entries that hold (masked) cells or messages of the user's data: shown to the
#: uploader in their own session, never written to reports or the campaign store.
PRIVATE_SUMMARY_KEYS = ("unknown_labels", "missed_sample")
SUMMARY_KEYS = ("read", "used", "rejected", "not_a_report", "spins", "tally_spins")


def _empty_spins(labels) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "outcome": _no_codes(_outcome_dtype(labels)),
            "reported_at": pd.Series([], dtype="datetime64[ns, UTC]"),
            "reporter": pd.Series([], dtype="object"),
            "seq": _no_items(),
            "segment": pd.Series([], dtype="object"),
            "value": pd.array([], dtype="Float64"),
            "source": _no_codes(_NO_SOURCES),
            "item": _no_items(),
        }
    )


# Empty tables are made often (every file read has no tallies or no rejected rows): they are
# built from empty arrays of the final types, which costs far less than letting pandas infer
# them from empty lists, and gives the same dtypes.
_NO_SOURCES = pd.CategoricalDtype(pd.Index([], dtype=object))  # what pd.Categorical([]) has


def _outcome_dtype(labels) -> pd.CategoricalDtype:
    """The ``outcome`` dtype: a categorical over ``labels`` (as ``pd.Categorical(...,
    categories=list(labels))`` makes it)."""
    return pd.CategoricalDtype(list(labels))


def _no_codes(dtype: pd.CategoricalDtype) -> pd.Categorical:
    return pd.Categorical.from_codes(np.empty(0, dtype=np.int8), dtype=dtype)


def _no_items() -> pd.arrays.IntegerArray:
    return pd.arrays.IntegerArray(np.empty(0, dtype=np.int64), np.empty(0, dtype=bool))


def empty_rejected() -> pd.DataFrame:
    return pd.DataFrame({"source": _no_codes(_NO_SOURCES),
                         "item": _no_items(),
                         "reason": np.empty(0, dtype=object),
                         "excerpt": np.empty(0, dtype=object)})


def empty_tallies(labels) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "outcome": _no_codes(_outcome_dtype(labels)),
            "count": np.empty(0, dtype=np.int64),
            "source": _no_codes(_NO_SOURCES),
            "item": _no_items(),
        }
    )


def as_source(values, n: int) -> pd.Categorical:
    """A ``source`` column as a categorical of text (missing: NaN); categoricals stay."""
    if values is None:
        return pd.Categorical.from_codes(np.full(n, -1, dtype=np.int8),
                                         dtype=pd.CategoricalDtype(pd.Index([], dtype=object)))
    if isinstance(getattr(values, "dtype", None), pd.CategoricalDtype):
        return values.array if isinstance(values, pd.Series) else values
    values = pd.Series(values, dtype=object)
    return pd.Categorical(values.where(values.notna(), None).map(
        lambda v: v if v is None else str(v)))


def as_item(values, n: int) -> pd.arrays.IntegerArray:
    """An ``item`` column as nullable integers (``Int64``)."""
    if values is None:
        return pd.arrays.IntegerArray(np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool))
    if isinstance(getattr(values, "dtype", None), pd.Int64Dtype):
        return values.array if isinstance(values, pd.Series) else values
    array = np.asarray(values.array if isinstance(values, pd.Series) else values)
    if array.dtype.kind in "iu":
        return pd.arrays.IntegerArray(array.astype(np.int64, copy=False),
                                      np.zeros(len(array), dtype=bool))
    return pd.array(pd.to_numeric(pd.Series(array, dtype=object), errors="coerce"),
                    dtype="Int64")


def as_value(values, n: int) -> pd.arrays.FloatingArray:
    """A ``value`` column as nullable floats (``Float64``; empty, not a number or NaN:
    missing)."""
    if values is None:
        # Every row missing; the zeros beneath the mask are never written (an absent column
        # of ten million rows costs its mask, not 80 MB of NaN)
        return pd.arrays.FloatingArray(np.zeros(n), np.ones(n, dtype=bool))
    if isinstance(getattr(values, "dtype", None), pd.Float64Dtype):
        array = values.array if isinstance(values, pd.Series) else values
        if not (array != array).any():  # (NaN kept as a number, not <NA>: made missing below)
            return array
    # (a new array: the caller's own numbers are never shared, so never written into)
    array = pd.to_numeric(pd.Series(values, dtype=None if isinstance(values, pd.Series) else
                                    object, copy=True), errors="coerce")
    array = array.to_numpy(dtype=np.float64, na_value=np.nan, copy=True)
    return pd.arrays.FloatingArray(array, np.isnan(array))


def places(frame: pd.DataFrame) -> list[str]:
    """``source:item`` of each row of a spins, tallies or rejected table, as a person reads
    it (``source`` alone when the row has no item; "" when it has neither)."""
    sources = frame["source"].astype(object).where(frame["source"].notna(), "")
    items = frame["item"]
    return [f"{s}:{i}" if i is not pd.NA and i is not None else str(s)
            for s, i in zip(sources, items.astype(object), strict=True)]


def mostly_unknown(summary: Mapping[str, Any]) -> bool:
    """True when more spins named no outcome of the game than named one.

    ``unknown_spins`` (table rows whose outcome cell is no label of the game, and the counts
    of tally lines naming an unknown outcome) is compared with the spins used (``spins`` +
    ``tally_spins``). Then the data and the game do not belong together (another game's file,
    labels written differently), and "collect more spins" would be the wrong advice: the
    verdict and the app ask which outcome each label is instead.
    """
    unknown = int(summary.get("unknown_spins", 0) or 0)
    named = int(summary.get("spins", 0) or 0) + int(summary.get("tally_spins", 0) or 0)
    return unknown > 0 and unknown > named


@dataclass(frozen=True)
class Evidence:
    """Observed spins and tallies for one game, plus the items that were not used.

    Build with :func:`fairness.ingest` (every file reader), :meth:`from_counts` or
    :meth:`from_outcomes`. The tables are normalised on construction: ``outcome`` is a
    categorical over the game's labels, ``reported_at`` is UTC, ``seq`` orders each reporter's
    spins in time. The numbers are nullable like the provenance: ``seq`` ``Int64``, ``value``
    ``Float64`` (``<NA>`` where a spin has none).

    Provenance is two plain columns in every table (:data:`PROVENANCE`): ``source`` a
    categorical of display names and ``item`` a nullable ``Int64`` (line, message id, sheet
    row); :func:`places` shows them as ``source:item``.

    Text columns ``reporter`` and ``segment`` of ``spins`` hold str with None for missing,
    or, from files read as tables, categoricals with the same values (NaN for missing; an
    all-missing categorical when the input has none). Compare values, not dtypes.

    The data model takes ``reporter`` values as given: they must be pseudonyms already
    (the readers and :meth:`from_outcomes` make them).
    """

    labels: tuple[str, ...]
    spins: pd.DataFrame
    tallies: pd.DataFrame
    rejected: pd.DataFrame
    summary: Mapping[str, Any] = field(default_factory=dict)
    source: str | None = None

    def __post_init__(self):
        labels = list(self.labels)
        # The table is taken apart into its columns (each read once, by position), they are
        # normalised one by one and the table is built once at the end: on the small files of
        # a batch, a frame's column lookups and insertions cost more than the work itself.
        # Columns are replaced, never written into, so the caller's frame stays as it was and
        # no rows are copied.
        given = self.spins
        if not _default_index(given.index):  # (rows are positional; the result counts 0, 1, ..)
            given = given.reset_index(drop=True)
        index = given.index
        if given.columns.is_unique:
            columns = {name: column for name, column in given.items() if name in SPIN_COLUMNS}
        else:
            columns = {name: given[name] for name in SPIN_COLUMNS if name in given}
        missing = [column for column in SPIN_COLUMNS if column not in columns]
        for column in missing:
            if column not in ("seq", "value", "source", "item"):  # made below
                columns[column] = _as_series(_missing_column(column, index), index)
        # (Series are set without a copy; bare arrays would be copied.)
        outcome = _as_outcome_categorical(columns["outcome"], labels)
        if len(outcome) and outcome.codes.min() < 0:  # (no per-row mask unless there is one)
            bad = self.spins.loc[outcome.isna(), "outcome"].iloc[0]
            raise ValueError(f"spins contain an outcome that is not in the game: {bad!r}")
        columns["outcome"] = pd.Series(outcome, index=index, copy=False)
        times = columns["reported_at"]
        if not isinstance(times.dtype, pd.DatetimeTZDtype):
            columns["reported_at"] = pd.to_datetime(times, utc=True)
        elif str(times.dtype.tz) != "UTC":
            columns["reported_at"] = times.dt.tz_convert("UTC")
        n = len(index)
        value = None if "value" in missing else columns["value"]
        values = as_value(value, n)
        if not (isinstance(value, pd.Series) and values is value.array):
            # (a caller's Float64 Series is kept itself, so that pandas sees it shared)
            columns["value"] = pd.Series(values, index=index, copy=False)
        columns["source"] = pd.Series(as_source(None if "source" in missing
                                                else columns["source"], n),
                                      index=index, copy=False)
        columns["item"] = pd.Series(as_item(None if "item" in missing else columns["item"], n),
                                    index=index, copy=False)
        for column in ("reporter", "segment"):
            # Categoricals and string arrays stay as they are (cheap for millions of rows);
            # other text becomes objects with None for missing.
            if column not in missing and not isinstance(
                    columns[column].dtype, (pd.CategoricalDtype, pd.StringDtype)):
                values = columns[column].astype("object")
                absent = values.isna()
                columns[column] = (_as_series(None, index) if absent.all() else
                                   values.where(~absent, None) if absent.any() else values)
        columns["seq"] = pd.Series(_sequence_numbers(None if "seq" in missing
                                                     else columns["seq"], n),
                                   index=index, copy=False)
        spins = pd.DataFrame({column: columns[column] for column in SPIN_COLUMNS}, index=index,
                             copy=False)

        # Tallies and rejected rows likewise, column by column into one new frame (the
        # caller's frames are not written into).
        tallies = _columns(self.tallies if self.tallies is not None else empty_tallies(labels),
                           TALLY_COLUMNS)
        index = tallies["outcome"].index
        n = len(index)
        tallies["source"] = pd.Series(as_source(tallies["source"], n), index=index, copy=False)
        tallies["item"] = pd.Series(as_item(tallies["item"], n), index=index, copy=False)
        if n:
            outcome = pd.Categorical(tallies["outcome"].astype("object"), categories=labels)
            if (outcome.codes < 0).any():
                raise ValueError("tallies contain an outcome that is not in the game")
        else:  # (the usual case: no tallies; the same dtype without inferring it)
            outcome = _no_codes(_outcome_dtype(labels))
        tallies["outcome"] = pd.Series(outcome, index=index, copy=False)
        if tallies["count"].dtype != np.int64:  # (to_numeric keeps int64 as it is)
            tallies["count"] = pd.to_numeric(tallies["count"]).astype("int64")
        if (tallies["count"].to_numpy() < 0).any():
            raise ValueError("tallies contain a negative count")
        tallies = pd.DataFrame(tallies, index=index, copy=False)

        rejected = _columns(self.rejected if self.rejected is not None else empty_rejected(),
                            REJECTED_COLUMNS)
        index = rejected["source"].index
        n = len(index)
        rejected["source"] = pd.Series(as_source(rejected["source"], n), index=index,
                                       copy=False)
        rejected["item"] = pd.Series(as_item(rejected["item"], n), index=index, copy=False)
        rejected = pd.DataFrame(rejected, index=index, copy=False)

        summary = dict(self.summary)
        summary.setdefault("spins", len(spins))
        summary.setdefault("tally_spins", int(tallies["count"].to_numpy().sum()))
        summary.setdefault("rejected", len(rejected))
        summary.setdefault("not_a_report", 0)
        summary.setdefault("used", len(spins) + len(tallies))
        summary.setdefault("read", summary["used"] + summary["rejected"] + summary["not_a_report"])
        object.__setattr__(self, "labels", tuple(labels))
        object.__setattr__(self, "spins", spins)
        object.__setattr__(self, "tallies", tallies)
        object.__setattr__(self, "rejected", rejected)
        object.__setattr__(self, "summary", summary)

    # -- construction --------------------------------------------------------------------------
    @classmethod
    def from_counts(cls, game: Game, counts: Mapping[str, int], *,
                    source: str = "counts") -> Evidence:
        """Evidence made of tallies only, e.g. ``{"1%": 2700, "3%": 240, "10%": 31}``."""
        labels = game.labels
        unknown = [k for k in counts if k not in labels]
        if unknown:
            raise DataError(Message("error.unknown_target", target=unknown[0],
                                    labels=", ".join(labels)), source=source)
        rows = []
        for label, count in counts.items():
            if isinstance(count, bool) or int(count) != count or count < 0:
                raise DataError(Message("error.bad_count", label=label, value=repr(count)),
                                source=source)
            rows.append({"outcome": label, "count": int(count), "source": source, "item": None})
        tallies = pd.DataFrame(rows, columns=list(TALLY_COLUMNS)) if rows else empty_tallies(labels)
        return cls(
            labels=labels,
            spins=_empty_spins(labels),
            tallies=tallies,
            rejected=empty_rejected(),
            summary={"read": len(rows), "used": len(rows), "rejected": 0, "not_a_report": 0},
            source=source,
        )

    @classmethod
    def from_outcomes(cls, game: Game, outcomes, *, source: str = "sequence",
                      secret: bytes | str | None = None, **columns) -> Evidence:
        """Evidence from a sequence of outcome labels in order (one per spin).

        Extra keyword arguments become columns (``reporter=...``, ``reported_at=...``,
        ``segment=...``), each a sequence of the same length. ``item`` is the spin's place
        (1, 2, ...) in ``outcomes``.

        Reporters are pseudonymised like the readers do (a keyed hash, ``r-`` and 16 hex
        digits, with ``secret`` as the key, random when None), so no raw name, id, phone or
        e-mail is kept; values that are pseudonyms already (``r-`` and 16 hex digits) are
        kept as they are, so Evidence made from another Evidence keeps its reporters.
        """
        outcomes = list(outcomes)
        unknown = sorted({o for o in outcomes if o not in game.labels}, key=str)
        if unknown:
            raise DataError(Message("error.unknown_target", target=unknown[0],
                                    labels=", ".join(game.labels)), source=source)
        if "reporter" in columns and columns["reporter"] is not None:
            from fairness.reading.privacy import Pseudonymizer, is_pseudonym

            pseudonymize = Pseudonymizer(secret)
            columns["reporter"] = [r if r is None or is_pseudonym(r) else pseudonymize(r)
                                   for r in columns["reporter"]]
        frame = pd.DataFrame({"outcome": outcomes, **columns})
        frame["source"] = pd.Categorical([source] * len(outcomes))
        frame["item"] = np.arange(1, len(outcomes) + 1)
        return cls(labels=game.labels, spins=frame, tallies=empty_tallies(game.labels),
                   rejected=empty_rejected(), source=source,
                   summary={"read": len(outcomes), "used": len(outcomes), "rejected": 0,
                            "not_a_report": 0})

    # -- views ---------------------------------------------------------------------------------
    @property
    def n_spins(self) -> int:
        """Spins observed, individual and tallied."""
        return int(len(self.spins) + self.tallies["count"].sum())

    def counts(self) -> np.ndarray:
        """Observed count of every outcome (spins plus tallies), aligned with ``labels``."""
        return self._counts.copy()

    @cached_property
    def _counts(self) -> np.ndarray:
        # (counted once: analyses ask several times, and ten million codes take a while)
        k = len(self.labels)
        spin_counts = bincount(self.spins["outcome"].array.codes, minlength=k)
        tally_counts = np.bincount(self.tallies["outcome"].cat.codes.to_numpy(),
                                   weights=self.tallies["count"].to_numpy(), minlength=k)
        return (spin_counts + tally_counts.round()).astype(np.int64)

    def ordered_codes(self) -> np.ndarray:
        """Outcome codes (index into ``labels``) of the individual spins in time order.

        Spins without a time keep their input order after the timed ones. Tallies are not
        included (they have no order). The codes keep the categorical's small integer type (a
        view, not a copy, when the spins are in order already): cast before arithmetic.
        """
        codes = self.spins["outcome"].array.codes
        order = self.time_order
        return codes if order is None else codes[order]

    @cached_property
    def time_order(self) -> np.ndarray | None:
        """Row order of ``spins`` by ``reported_at`` (stable; spins without a time last in
        input order), or None when the rows are in that order already."""
        if self._times.in_order:
            return None
        ints = self._times.ints
        keys = np.where(ints == _NAT, np.iinfo(np.int64).max, ints)
        # Stable sort (timsort): logs are usually a few runs already in order, which it merges.
        return np.argsort(keys, kind="stable")

    @property
    def n_timed(self) -> int:
        """Individual spins with a reported time."""
        return self._times.n_timed

    @cached_property
    def _times(self) -> _TimeScan:
        # (one pass answers time_order, n_timed and period: each would read ten million times)
        times = self.spins["reported_at"]
        unit = times.dtype.unit
        return _scan_times(times.to_numpy(dtype=f"datetime64[{unit}]").view(np.int64), unit)

    @property
    def mostly_unknown(self) -> bool:
        """True when most spins read name no outcome of the game (see :func:`mostly_unknown`)."""
        return mostly_unknown(self.summary)

    @property
    def n_reporters(self) -> int:
        reporters = self.spins["reporter"]
        if isinstance(reporters.dtype, pd.CategoricalDtype):
            # Reporters with a spin, counted from the codes (-1: none): no table of uniques.
            codes = reporters.array.codes
            return int(np.count_nonzero(bincount(codes[codes >= 0] if len(codes) and
                                                 codes.min() < 0 else codes)))
        return int(reporters.dropna().nunique())

    @property
    def period(self) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
        """(earliest, latest) reported time of the spins, (None, None) when none has a time."""
        scan = self._times
        if not scan.n_timed:
            return None, None
        return tuple(pd.Timestamp(np.datetime64(v, scan.unit)).tz_localize("UTC")
                     for v in (scan.low, scan.high))

    def with_source_names(self, names: Mapping[str, str]) -> Evidence:
        """The same evidence with some ``source`` names replaced, e.g. a server's folder by
        the name its user knows (``{"/tmp/x1/spins.csv": "spins.csv"}``); other names stay."""
        if not isinstance(names, Mapping):
            raise TypeError("names must be a mapping of old source name -> new name")
        tables = {}
        for key in ("spins", "tallies", "rejected"):
            table = getattr(self, key)
            tables[key] = table.assign(source=_renamed(table["source"], names))
        return Evidence(labels=self.labels, summary=self.summary,
                        source=names.get(self.source, self.source) if self.source else None,
                        **tables)

    def to_frame(self) -> pd.DataFrame:
        """Counts per outcome: spins, tallied and total."""
        spins = self.spins["outcome"].value_counts(sort=False).reindex(list(self.labels)).fillna(0)
        tallied = self.tallies.groupby("outcome", observed=False)["count"].sum()
        tallied = tallied.reindex(list(self.labels)).fillna(0)
        return pd.DataFrame(
            {"outcome": list(self.labels), "spins": spins.to_numpy().astype(int),
             "tallied": tallied.to_numpy().astype(int)}
        ).assign(total=lambda d: d["spins"] + d["tallied"])


def _default_index(index: pd.Index) -> bool:
    """Whether ``index`` is 0, 1, 2, ... (what ``reset_index(drop=True)`` gives)."""
    return (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1
            and index.name is None)


_NAT = np.iinfo(np.int64).min  # a missing time, as an integer


@dataclass(frozen=True)
class _TimeScan:
    """What one pass over the spins' times (integers in ``unit``; missing: :data:`_NAT`)
    finds: how many have a time, whether the rows are in time order (spins without a time
    last), the earliest and latest time."""

    ints: np.ndarray
    unit: str
    n_timed: int
    in_order: bool
    low: int | None
    high: int | None


def _scan_times(ints: np.ndarray, unit: str) -> _TimeScan:
    """:class:`_TimeScan` of ``ints``, a block at a time: the temporaries stay in the CPU
    cache, and the order check stops at the first step back."""
    n_timed, in_order = 0, True
    low = high = None
    last = _NAT  # the order key of the previous row: a missing time sorts after every time
    never = np.iinfo(np.int64).max
    for start in range(0, len(ints), BLOCK):
        block = ints[start: start + BLOCK]
        missing = block == _NAT
        n_missing = int(np.count_nonzero(missing))
        n_timed += len(block) - n_missing
        keys = np.where(missing, never, block) if n_missing else block
        if n_missing < len(block):
            # (a missing time is the smallest integer: the largest is a time)
            block_low, block_high = int(keys.min()), int(block.max())
            low = block_low if low is None else min(low, block_low)
            high = block_high if high is None else max(high, block_high)
        if in_order:
            in_order = bool(keys[0] >= last and np.all(keys[1:] >= keys[:-1]))
            last = int(keys[-1])
    return _TimeScan(ints, unit, n_timed, in_order, low, high)


def _as_series(value, index: pd.Index) -> pd.Series:
    """A column made of ``value`` (a Series as it is; a scalar in every row, as a frame
    would broadcast it on assignment)."""
    if isinstance(value, pd.Series):
        return value
    # (np.full, as a frame fills a column: pd.Series(None, dtype=object) would hold NaN)
    return pd.Series(np.full(len(index), value, dtype=object if value is None else None),
                     index=index, copy=False)


def _columns(frame: pd.DataFrame, names) -> dict[str, pd.Series]:
    """The columns ``names`` of ``frame`` (in that order; an absent one all None, as a frame
    fills a column), indexed 0, 1, ..., read by position: no frame is made or looked up."""
    if not _default_index(frame.index):
        frame = frame.reset_index(drop=True)
    if frame.columns.is_unique:
        given = {name: column for name, column in frame.items() if name in names}
    else:
        given = {name: frame[name] for name in names if name in frame}
    return {name: given[name] if name in given else _as_series(None, frame.index)
            for name in names}


def _renamed(sources: pd.Series, names: Mapping[str, str]) -> pd.Series:
    """``sources`` with the names in ``names`` replaced (categoricals keep their codes)."""
    if isinstance(sources.dtype, pd.CategoricalDtype):
        new = [names.get(c, c) for c in sources.cat.categories]
        if len(set(new)) == len(new):
            return sources.cat.rename_categories(new)
        return sources.astype(object).replace(dict(names)).astype("category")
    return sources.map(lambda value: names.get(value, value) if isinstance(value, str) else value)


def _as_outcome_categorical(values: pd.Series, labels: list[str]) -> pd.Categorical:
    if isinstance(values.dtype, pd.CategoricalDtype) and list(values.cat.categories) == labels:
        return values.array
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.set_categories(labels).array
    return pd.Categorical(values.astype("object"), categories=labels)


def in_nanoseconds(times):
    """UTC times (a Series or DatetimeArray) in nanoseconds, the unit the analyses use, when
    every time fits them; else as they are. The file readers give this unit, so that their fast
    and careful paths agree and analyses take views of the times rather than converting."""
    if times.dtype.unit == "ns":
        return times
    try:
        return times.as_unit("ns") if isinstance(times, pd.arrays.DatetimeArray) else \
            times.dt.as_unit("ns")
    except pd.errors.OutOfBoundsDatetime:
        return times


def _missing_column(column: str, index: pd.Index):
    """An absent spins column, typed as ``None`` in every row would become, made directly."""
    if column == "reported_at":
        return pd.Series(pd.NaT, index=index, dtype="datetime64[s, UTC]")
    if column in ("reporter", "segment"):
        # A categorical with no categories: one byte a row, and "all missing" is seen from
        # the codes (an object column of Nones is eight bytes a row and slow to test).
        return pd.Series(pd.Categorical.from_codes(
            np.full(len(index), -1, dtype=np.int8), dtype=pd.CategoricalDtype(
                pd.Index([], dtype=object))), index=index, copy=False)
    return None  # an object column; a scalar, as pandas would scan an array of Nones


def _sequence_numbers(seq: pd.Series | None, n: int) -> pd.arrays.IntegerArray:
    """``seq`` as the input numbered the spins (Int64, missing where it did not).

    Numbers are never invented: a ``seq`` made up from time order would make every reporter's
    log look gap-free, i.e. complete, which the reporting-bias analysis must not assume
    (:mod:`fairness.logs`). Without numbers, spins are ordered by time, then input order."""
    if seq is not None and n:
        numbers = pd.to_numeric(seq, errors="coerce")
        if numbers.notna().all():
            return numbers.astype("Int64").array
        if numbers.notna().any():  # whole numbers kept, the rest missing
            return numbers.where(numbers == numbers.round()).astype("Int64").array
    # (zeros are lazily allocated pages; only the mask is written)
    return pd.arrays.IntegerArray(np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool))
