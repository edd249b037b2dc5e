"""Evidence: what was observed, in tidy tables, with every input item accounted for.

``spins``    one row per observed spin (columns in :data:`SPIN_COLUMNS`);
``tallies``  aggregated counts that cannot be split into spins (``outcome``, ``count``, ``source``);
``rejected`` every input item that was not used (``source``, ``reason``, ``excerpt``);
``summary``  the accounting: ``read == used + rejected + not_a_report`` always holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from fairness import fastcsv
from fairness.errors import DataError
from fairness.sources import SourceArray, SourceDtype
from fairness.spec import Game
from fairness.stats.counting import bincount

__all__ = ["REJECTED_COLUMNS", "SPIN_COLUMNS", "TALLY_COLUMNS", "Evidence", "read_spins"]

SPIN_COLUMNS = ("outcome", "reported_at", "reporter", "seq", "segment", "value", "source")
TALLY_COLUMNS = ("outcome", "count", "source")
REJECTED_COLUMNS = ("source", "reason", "excerpt")
SUMMARY_KEYS = ("read", "used", "rejected", "not_a_report", "spins", "tally_spins")


def _empty_spins(labels) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "outcome": pd.Categorical([], categories=list(labels)),
            "reported_at": pd.Series([], dtype="datetime64[ns, UTC]"),
            "reporter": pd.Series([], dtype="object"),
            "seq": pd.Series([], dtype="Int64"),
            "segment": pd.Series([], dtype="object"),
            "value": pd.Series([], dtype="float64"),
            "source": pd.Series([], dtype="object"),
        }
    )


def empty_rejected() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype="object") for c in REJECTED_COLUMNS})


def empty_tallies(labels) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "outcome": pd.Categorical([], categories=list(labels)),
            "count": pd.Series([], dtype="int64"),
            "source": pd.Series([], dtype="object"),
        }
    )


@dataclass(frozen=True)
class Evidence:
    """Observed spins and tallies for one game, plus the items that were not used.

    Build with :func:`read_spins`, :meth:`from_counts`, :meth:`from_outcomes` or
    :func:`fairness.ingest`. The tables are normalised on construction: ``outcome`` is a
    categorical over the game's labels, ``reported_at`` is UTC, ``seq`` orders each reporter's
    spins in time.

    Text columns of ``spins`` (``reporter``, ``segment``, ``source``) hold str with None for
    missing, or, from files read as tables, cheaper forms with the same values: ``reporter``
    and ``segment`` categoricals (NaN for missing; either column is an all-missing
    categorical when the input has none), and ``source`` (``"file:line"``, or the file's own
    ``source`` cell) a :class:`~fairness.sources.SourceArray`, which stores the file name and
    line numbers and makes the strings only when asked (``tolist()``, ``astype(str)``,
    ``to_csv``). Compare values, not dtypes.
    """

    labels: tuple[str, ...]
    spins: pd.DataFrame
    tallies: pd.DataFrame
    rejected: pd.DataFrame
    summary: Mapping[str, Any] = field(default_factory=dict)
    source: str | None = None

    def __post_init__(self):
        labels = list(self.labels)
        # Columns are replaced below, never written into, so a shallow copy keeps the caller's
        # frame as it was without copying millions of rows.
        spins = self.spins.copy(deep=False)
        missing = [column for column in SPIN_COLUMNS if column not in spins]
        for column in missing:
            if column != "seq":  # made below
                spins[column] = _missing_column(column, spins.index)
        spins = spins[[c for c in SPIN_COLUMNS if c in spins]]
        # (Series are set without a copy; bare arrays would be copied.)
        outcome = _as_outcome_categorical(spins["outcome"], labels)
        spins["outcome"] = pd.Series(outcome, index=spins.index, copy=False)
        if len(outcome) and outcome.codes.min() < 0:  # (no per-row mask unless there is one)
            bad = self.spins.loc[spins["outcome"].isna().to_numpy(), "outcome"].iloc[0]
            raise ValueError(f"spins contain an outcome that is not in the game: {bad!r}")
        if not isinstance(spins["reported_at"].dtype, pd.DatetimeTZDtype):
            spins["reported_at"] = pd.to_datetime(spins["reported_at"], utc=True)
        elif str(spins["reported_at"].dt.tz) != "UTC":
            spins["reported_at"] = spins["reported_at"].dt.tz_convert("UTC")
        if spins["value"].dtype != "float64":
            spins["value"] = pd.to_numeric(spins["value"], errors="coerce").astype("float64")
        for column in ("reporter", "segment", "source"):
            # Categoricals, string and source arrays stay as they are (cheap for millions of
            # rows); other text becomes objects with None for missing.
            if column not in missing and not isinstance(
                    spins[column].dtype, (pd.CategoricalDtype, pd.StringDtype, SourceDtype)):
                values = spins[column].astype("object")
                absent = values.isna()
                spins[column] = (None if absent.all() else
                                 values.where(~absent, None) if absent.any() else values)
        spins["seq"] = pd.Series(_sequence_numbers(spins, given="seq" not in missing),
                                 index=spins.index, copy=False)
        spins = spins[list(SPIN_COLUMNS)].reset_index(drop=True)

        tallies = self.tallies.copy() if self.tallies is not None else empty_tallies(labels)
        for column in TALLY_COLUMNS:
            if column not in tallies:
                tallies[column] = None
        tallies = tallies[list(TALLY_COLUMNS)].reset_index(drop=True)
        tallies["outcome"] = pd.Categorical(tallies["outcome"].astype("object"), categories=labels)
        if tallies["outcome"].isna().any():
            raise ValueError("tallies contain an outcome that is not in the game")
        tallies["count"] = pd.to_numeric(tallies["count"]).astype("int64")
        if (tallies["count"] < 0).any():
            raise ValueError("tallies contain a negative count")

        rejected = self.rejected.copy() if self.rejected is not None else empty_rejected()
        for column in REJECTED_COLUMNS:
            if column not in rejected:
                rejected[column] = None
        rejected = rejected[list(REJECTED_COLUMNS)].reset_index(drop=True)

        summary = dict(self.summary)
        summary.setdefault("spins", len(spins))
        summary.setdefault("tally_spins", int(tallies["count"].sum()))
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
            raise DataError(f"unknown outcome '{unknown[0]}' (the game has: {', '.join(labels)})",
                            source=source)
        rows = []
        for label, count in counts.items():
            if isinstance(count, bool) or int(count) != count or count < 0:
                raise DataError(f"count for '{label}' must be a whole number >= 0, not {count!r}",
                                source=source)
            rows.append({"outcome": label, "count": int(count), "source": f"{source}:{label}"})
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
                      **columns) -> Evidence:
        """Evidence from a sequence of outcome labels in order (one per spin).

        Extra keyword arguments become columns (``reporter=...``, ``reported_at=...``,
        ``segment=...``), each a sequence of the same length.
        """
        outcomes = list(outcomes)
        unknown = sorted({o for o in outcomes if o not in game.labels}, key=str)
        if unknown:
            raise DataError(f"unknown outcome '{unknown[0]}' (the game has: "
                            f"{', '.join(game.labels)})", source=source)
        frame = pd.DataFrame({"outcome": outcomes, **columns})
        frame["source"] = [f"{source}:{i}" for i in range(1, len(outcomes) + 1)]
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
        times = self.spins["reported_at"]
        missing = times.isna().to_numpy()
        if missing.all():
            return None
        ints = times.to_numpy(dtype="datetime64[ns]").view(np.int64)
        keys = np.where(missing, np.iinfo(np.int64).max, ints) if missing.any() else ints
        if np.all(keys[1:] >= keys[:-1]):
            return None
        # Stable sort (timsort): logs are usually a few runs already in order, which it merges.
        return np.argsort(keys, kind="stable")

    @property
    def n_reporters(self) -> int:
        return int(self.spins["reporter"].dropna().nunique())

    @property
    def period(self) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
        times = self.spins["reported_at"].dropna()
        if times.empty:
            return None, None
        return times.min(), times.max()

    def to_frame(self) -> pd.DataFrame:
        """Counts per outcome: spins, tallied and total."""
        spins = self.spins["outcome"].value_counts(sort=False).reindex(list(self.labels)).fillna(0)
        tallied = self.tallies.groupby("outcome", observed=False)["count"].sum()
        tallied = tallied.reindex(list(self.labels)).fillna(0)
        return pd.DataFrame(
            {"outcome": list(self.labels), "spins": spins.to_numpy().astype(int),
             "tallied": tallied.to_numpy().astype(int)}
        ).assign(total=lambda d: d["spins"] + d["tallied"])


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
    if column == "value":
        return np.nan
    if column == "reported_at":
        return pd.Series(pd.NaT, index=index, dtype="datetime64[s, UTC]")
    if column in ("reporter", "segment"):
        # A categorical with no categories: one byte a row, and "all missing" is seen from
        # the codes (an object column of Nones is eight bytes a row and slow to test).
        return pd.Series(pd.Categorical.from_codes(
            np.full(len(index), -1, dtype=np.int8), dtype=pd.CategoricalDtype(
                pd.Index([], dtype=object))), index=index, copy=False)
    return None  # an object column; a scalar, as pandas would scan an array of Nones


def _sequence_numbers(spins: pd.DataFrame, given: bool = True) -> pd.arrays.IntegerArray:
    """``seq``: 1, 2, ... within each reporter, ordered by time then input order (unless the
    column is given and complete)."""
    if given and len(spins):
        numbers = pd.to_numeric(spins["seq"], errors="coerce")
        if numbers.notna().all():
            return numbers.astype("Int64").array
    reporter = spins["reporter"]
    if isinstance(reporter.dtype, pd.CategoricalDtype):
        codes, n_groups = reporter.array.codes, len(reporter.cat.categories)  # no copy
    else:
        codes, uniques = pd.factorize(reporter)
        n_groups = len(uniques)
    times = spins["reported_at"]
    ints = np.asarray(times.array.asi8) if len(times) else np.zeros(0, dtype=np.int64)
    nat = np.iinfo(np.int64).min  # NaT, the smallest int64
    # (reductions, not per-row masks: ten million rows are checked without new memory)
    in_order = not len(ints) or ints.max() == nat or (
        ints.min() != nat and times.is_monotonic_increasing)
    everyone = not len(codes) or codes.min() >= 0
    if everyone and in_order:  # the common case of a big log: no copies needed
        return pd.arrays.IntegerArray(_cumcount(codes, n_groups),
                                      np.zeros(len(codes), dtype=bool))
    rows = np.flatnonzero(codes >= 0)  # spins without a reporter get no seq
    if not in_order:
        keys = ints[rows]
        # times known first (NaT is the smallest int64; make it the largest), then by
        # time; a stable sort keeps the input order among equal times
        keys = np.where(keys == nat, np.iinfo(np.int64).max, keys)
        rows = rows[np.argsort(keys, kind="stable")]
    out = np.zeros(len(spins), dtype=np.int64)
    out[rows] = _cumcount(codes[rows], n_groups)
    return pd.arrays.IntegerArray(out, out == 0)


def _cumcount(group_codes: np.ndarray, n_groups: int) -> np.ndarray:
    """1, 2, ... within each group (codes ``0 <= code < n_groups``), in the given order.

    Chunk by chunk: sorting 131,072 codes at a time stays in
    the CPU cache and reuses memory, which is several times faster than one sort of ten
    million. Each chunk's ranks continue the counts of the chunks before it."""
    n = len(group_codes)
    out = np.empty(n, dtype=np.int64)
    seen = np.zeros(n_groups, dtype=np.int64)  # members of each group in earlier chunks
    step = max(1 << 17, 2 * n_groups)  # the per-chunk work on all groups stays small
    places = np.arange(1, min(step, n) + 1)
    # numpy sorts 8- and 16-bit keys stably by radix: fast
    small = group_codes.dtype if group_codes.dtype.itemsize <= 2 else \
        np.uint16 if n_groups <= 1 << 16 else group_codes.dtype
    for start in range(0, n, step):
        codes = group_codes[start: start + step].astype(small, copy=False)
        order = np.argsort(codes, kind="stable")
        sizes = np.bincount(codes, minlength=n_groups)
        first = np.cumsum(sizes)
        first -= sizes + seen  # sorted place of each group's first, less earlier members
        # (in sorted order the groups come in runs: np.repeat spreads each group's start over
        # its run, twice as fast as gathering it per row)
        out[start: start + len(codes)][order] = places[: len(codes)] - np.repeat(first, sizes)
        seen += sizes
    return out


# ---------------------------------------------------------------------------------------------
# canonical spins CSV

_OPTIONAL = ("reported_at", "reporter", "seq", "segment", "value", "source")


def _normalise_label(text: str) -> str:
    return "".join(str(text).split()).casefold()


def read_input_bytes(path: Path, name: str) -> bytes:
    """The bytes of an input file, or a one-line DataError (missing, a folder, unreadable, or
    empty apart from whitespace, byte-order marks and NULs). Shared by every file reader."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError("file not found", source=name) from None
    except IsADirectoryError:
        raise DataError("is a folder, not a file", source=name) from None
    except OSError as exc:
        raise DataError(f"cannot read the file ({exc.strerror})", source=name) from None
    if not raw.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise DataError("the file is empty", source=name)
    return raw


def read_spins(path: str | Path, game: Game) -> Evidence:
    """Read a canonical spins CSV: column ``outcome`` and optional ``reported_at``, ``reporter``,
    ``seq``, ``segment``, ``value``, ``source``.

    Outcomes are matched to the game's labels exactly, then ignoring case and spaces ("5 %" is
    "5%"). Rows that cannot be used (unknown or empty outcome, unreadable time) are listed in
    ``rejected`` with the reason; ``read == used + rejected``.

    Raises
    ------
    DataError
        When the file is missing, empty, not UTF-8 text or has no ``outcome`` column.
    """
    path = Path(path)
    name = str(path)
    fast = _read_spins_fast(path, game, name)
    if fast is not None:
        return fast
    raw = read_input_bytes(path, name)
    if b"\x00" in raw[:4096]:
        raise DataError("this is a binary file, not a CSV text file", source=name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError("not UTF-8 text (fairness.ingest reads other encodings)",
                        source=name, where=f"line {line}") from None
    frame = _read_canonical_table(raw, text, name)
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    if "outcome" not in frame.columns:
        raise DataError(f"no 'outcome' column (columns are: {', '.join(frame.columns)})",
                        source=name)
    return _spins_from_frame(frame, game, name)


def _read_spins_fast(path: Path, game: Game, name: str) -> Evidence | None:
    """:func:`read_spins` of a big plain file, columnar (see :mod:`fairness.fastcsv`); None
    when the file is not plain, and the careful reader takes it."""
    head = fastcsv.head_of(path)
    if head is None:
        return None
    header, text = head
    columns = [c.strip().lower() for c in header]
    if "outcome" not in columns or len(set(columns)) < len(columns):
        return None
    kinds = ["category" if c in ("outcome", "reporter", "segment") else "time" if
             c == "reported_at" else "number" if c in ("value", "seq") else "text"
             for c in columns]
    plain = fastcsv.read_plain(path, header, text, kinds)
    if plain is None:
        return None
    return _spins_from_frame(plain.frame(columns), game, name, text_rows=plain.text_rows)


def _read_canonical_table(raw: bytes, text: str, name: str) -> pd.DataFrame:
    """All cells as text. Blank lines stay (as empty rows) so that row i is line i + 2.

    A plain file (no quotes, no blank lines) is parsed by Arrow's multithreaded reader, which
    matters for logs of millions of spins; anything else by pandas' C parser.
    """
    import io

    plain = b'"' not in raw and b"\n\n" not in raw and b"\n\r\n" not in raw
    if plain:
        try:
            import pyarrow as pa
            import pyarrow.csv as pacsv

            body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
            header = body.split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8").split(",")
            table = pacsv.read_csv(
                io.BytesIO(body),
                parse_options=pacsv.ParseOptions(newlines_in_values=False),
                convert_options=pacsv.ConvertOptions(
                    column_types={c: pa.string() for c in header}, strings_can_be_null=False),
            )
            return table.to_pandas(types_mapper=pd.ArrowDtype).astype(
                {c: pd.StringDtype("pyarrow") for c in table.column_names})
        except (ImportError, ValueError, UnicodeDecodeError):
            pass  # pyarrow's ArrowInvalid is a ValueError: let pandas explain the problem
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False,
                           skip_blank_lines=False)
    except pd.errors.ParserError as exc:
        raise DataError(f"not a readable CSV ({str(exc).splitlines()[0]})", source=name) from None
    except pd.errors.EmptyDataError:
        raise DataError("the file is empty", source=name) from None


def _parse_times(text: pd.Series) -> pd.Series:
    """ISO 8601 text to UTC times (naive times are taken as UTC); unreadable -> NaT.

    Arrow's parser handles the common, uniform case fast; mixed or unusual text falls back to
    pandas' per-element parser.
    """
    present = text != ""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc

        arrow = pa.array(text.where(present, None).astype("object")
                         if not isinstance(text.dtype, pd.StringDtype)
                         else text.where(present, None), type=pa.string())
        for target in (pa.timestamp("us", tz="UTC"), pa.timestamp("us")):
            try:
                parsed = pc.cast(arrow, target)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                continue
            out = pd.Series(parsed.to_pandas(), index=text.index)
            return in_nanoseconds(out.dt.tz_localize("UTC") if out.dt.tz is None else out)
    except ImportError:  # pragma: no cover - pyarrow is installed with pandas' extras
        pass
    return in_nanoseconds(pd.to_datetime(text.where(present), utc=True, errors="coerce",
                                         format="mixed"))


def _strip(text: pd.Series) -> pd.Series:
    return text.fillna("").astype(str).str.strip()


def _coded(column: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """(code of each row, text of each distinct cell) of a text or categorical column: the
    rules below run once per distinct cell, not once per row. Missing cells are ""."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes, cells = column.array.codes, column.cat.categories  # .array: no copy
    else:
        codes, cells = pd.factorize(column)
    cells = pd.Series(np.append(np.asarray(cells, dtype=object), ""), dtype=object)
    if len(codes) and codes.min() < 0:
        codes = np.where(codes < 0, len(cells) - 1, codes)
    return codes, cells


def _empty(column: pd.Series) -> np.ndarray:
    """Cells that are empty or spaces."""
    if isinstance(column.dtype, pd.DatetimeTZDtype) or pd.api.types.is_float_dtype(
            column.dtype):  # parsed by the fast path
        return column.isna().to_numpy()
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes, cells = _coded(column)
        return (_strip(cells) == "").to_numpy()[codes]
    return (_strip(column) == "").to_numpy()


def _match_outcomes(cells: pd.Series, labels) -> tuple[np.ndarray, list[str | None]]:
    """Label code (-1: none) and reason of rejection (None: matched) of each distinct cell."""
    loose = {_normalise_label(label): label for label in labels}
    code_of = {label: i for i, label in enumerate(labels)}
    codes, reasons = [], []
    for cell, shown in zip(cells.astype(str), _strip(cells), strict=True):
        key = cell.strip()
        matched = key if key in code_of else loose.get(_normalise_label(cell))
        codes.append(-1 if matched is None else code_of[matched])
        reasons.append(None if matched is not None else
                       "empty outcome" if key == "" else f"unknown outcome '{shown}'")
    return np.array(codes, dtype=np.int8 if len(labels) < 127 else np.int32), reasons


def _spins_from_frame(frame: pd.DataFrame, game: Game, name: str,
                      text_rows=None) -> Evidence:
    """Evidence from the cells of a canonical file (header removed; row i is line i + 2).

    Columns are text, or (from the fast path) categoricals of text and UTC times; the result
    is the same. ``text_rows(rows)`` gives the cells of some rows as written, for excerpts,
    when ``frame`` holds parsed values.
    """
    labels = game.labels
    n_rows = len(frame)
    lines = np.arange(2, n_rows + 2, dtype=np.int32)  # header is line 1; blank lines are rows
    blank = np.zeros(n_rows, dtype=bool)
    if not any(fastcsv.never_empty(frame[column]) for column in frame.columns):
        blank[:] = True
        for column in frame.columns:
            blank &= _empty(frame[column])

    # Reasons as small integers into ``reason_text`` (0: none), so that no per-row strings
    # are made for millions of good rows.
    codes, cells = _coded(frame["outcome"])
    label_of, cell_reasons = _match_outcomes(cells, labels)
    reason_text: list[str | None] = [None, *dict.fromkeys(r for r in cell_reasons if r)]
    code_of_reason = {text: i for i, text in enumerate(reason_text)}
    outcome_codes = label_of[codes]
    reason = np.array([code_of_reason[r] for r in cell_reasons], dtype=np.int32)
    reason = fastcsv.per_row(reason.astype(np.int16 if len(reason_text) < 1 << 14 else np.int32),
                             codes)
    any_blank = bool(blank.any())
    if any_blank:
        reason[blank] = 0

    def reject(mask, text: str) -> None:
        if text not in code_of_reason:
            code_of_reason[text] = len(reason_text)
            reason_text.append(text)
        reason[np.asarray(mask, dtype=bool) & (reason == 0)] = code_of_reason[text]

    if "reported_at" not in frame:
        times = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns, UTC]")
    else:
        if isinstance(frame["reported_at"].dtype, pd.DatetimeTZDtype):
            times = frame["reported_at"]  # Arrow read every cell as ISO 8601 already
        else:
            text_times = _strip(frame["reported_at"])
            times = _parse_times(text_times)
            reject(times.isna().to_numpy() & (text_times != "").to_numpy(),
                   "unreadable reported_at")
    if "value" not in frame:
        values = pd.Series(np.nan, index=frame.index)
    elif pd.api.types.is_float_dtype(frame["value"].dtype):
        values = frame["value"]  # Arrow read every cell as a number already
    else:
        text_values = _strip(frame["value"]).str.replace(",", ".", regex=False)
        values = pd.to_numeric(text_values.where(text_values != ""), errors="coerce")
        reject(values.isna().to_numpy() & (text_values != "").to_numpy(), "unreadable value")

    seq = None
    if "seq" in frame:
        # The table reader's rule: a given number must be a whole number >= 0 (not 1.5, -1 or
        # Infinity); such rows are rejected rather than failing the whole file.
        if pd.api.types.is_numeric_dtype(frame["seq"].dtype):  # parsed by Arrow already
            seq = frame["seq"].astype("float64")
            given_seq = seq.notna().to_numpy()
        else:
            text_seq = _strip(frame["seq"])
            seq = pd.to_numeric(text_seq.where(text_seq != ""), errors="coerce")
            given_seq = (text_seq != "").to_numpy()
        numbers = seq.to_numpy(dtype=float, na_value=np.nan)
        with np.errstate(invalid="ignore"):
            whole = np.isfinite(numbers) & (numbers >= 0) & (numbers % 1 == 0)
        reject(~whole & given_seq, "unreadable seq")

    rows = np.flatnonzero(reason)
    every = not len(rows) and not any_blank
    ok = None if every else (reason == 0) & ~blank

    def kept(values):
        return values if every else values[ok]

    given = frame["source"].fillna("").astype(str) if "source" in frame else None
    sources = SourceArray.from_lines(name, lines, given)

    def text_column(key):
        if key not in frame:
            return None
        codes, cells = _coded(frame[key])
        stripped = _strip(cells)
        return fastcsv.categorical(kept(codes), stripped.where(stripped != "", None).to_numpy())

    columns = {
        "outcome": pd.Categorical.from_codes(kept(outcome_codes), categories=list(labels)),
        "reported_at": kept(times.array),
        "reporter": text_column("reporter"),
        "seq": kept(seq.to_numpy(dtype=float, na_value=np.nan)) if seq is not None else None,
        "segment": text_column("segment"),
        "value": kept(values.to_numpy(dtype=float)),
        "source": kept(sources),
    }
    # Absent columns are left to Evidence, which makes them without per-row work.
    spins = pd.DataFrame({k: v for k, v in columns.items() if v is not None}, copy=False)
    bad = text_rows(rows) if text_rows is not None else frame.iloc[rows]
    rejected = pd.DataFrame(
        {
            "source": np.asarray(sources[rows], dtype=object),
            "reason": [reason_text[r] for r in reason[rows]],
            "excerpt": [",".join("" if v is None or v != v else str(v) for v in row)[:120]
                        for row in bad.itertuples(index=False)],
        }
    )
    n_ok = n_rows if every else int(ok.sum())
    n_blank = int(blank.sum())
    return Evidence(
        labels=labels,
        spins=spins,
        tallies=empty_tallies(labels),
        rejected=rejected,
        summary={"read": n_rows, "used": n_ok, "rejected": len(rows),
                 "not_a_report": n_blank, "spins": n_ok, "tally_spins": 0},
        source=name,
    )
