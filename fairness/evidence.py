"""Evidence: what was observed, in tidy tables, with every input item accounted for.

``spins``    one row per observed spin (columns in :data:`SPIN_COLUMNS`);
``tallies``  aggregated counts that cannot be split into spins (``outcome``, ``count``, ``source``);
``rejected`` every input item that was not used (``source``, ``reason``, ``excerpt``);
``summary``  the accounting: ``read == used + rejected + not_a_report`` always holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from fairness.errors import DataError
from fairness.spec import Game

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
    """

    labels: tuple[str, ...]
    spins: pd.DataFrame
    tallies: pd.DataFrame
    rejected: pd.DataFrame
    summary: Mapping[str, Any] = field(default_factory=dict)
    source: str | None = None

    def __post_init__(self):
        labels = list(self.labels)
        spins = self.spins.copy()
        for column in SPIN_COLUMNS:
            if column not in spins:
                spins[column] = None
        spins = spins[list(SPIN_COLUMNS)]
        spins["outcome"] = _as_outcome_categorical(spins["outcome"], labels)
        if spins["outcome"].isna().any():
            bad = self.spins.loc[spins["outcome"].isna().to_numpy(), "outcome"].iloc[0]
            raise ValueError(f"spins contain an outcome that is not in the game: {bad!r}")
        if not isinstance(spins["reported_at"].dtype, pd.DatetimeTZDtype):
            spins["reported_at"] = pd.to_datetime(spins["reported_at"], utc=True)
        elif str(spins["reported_at"].dt.tz) != "UTC":
            spins["reported_at"] = spins["reported_at"].dt.tz_convert("UTC")
        if spins["value"].dtype != "float64":
            spins["value"] = pd.to_numeric(spins["value"], errors="coerce").astype("float64")
        for column in ("reporter", "segment", "source"):
            # Categoricals and string arrays stay as they are (cheap for millions of rows);
            # other text becomes objects with None for missing.
            if not isinstance(spins[column].dtype, (pd.CategoricalDtype, pd.StringDtype)):
                spins[column] = spins[column].astype("object").where(spins[column].notna(), None)
        spins["seq"] = _sequence_numbers(spins)
        spins = spins.reset_index(drop=True)

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
        k = len(self.labels)
        spin_counts = np.bincount(self.spins["outcome"].cat.codes.to_numpy(), minlength=k)
        tally_counts = np.bincount(self.tallies["outcome"].cat.codes.to_numpy(),
                                   weights=self.tallies["count"].to_numpy(), minlength=k)
        return (spin_counts + tally_counts.round()).astype(np.int64)

    def ordered_codes(self) -> np.ndarray:
        """Outcome codes (index into ``labels``) of the individual spins in time order.

        Spins without a time keep their input order after the timed ones. Tallies are not
        included (they have no order).
        """
        codes = self.spins["outcome"].cat.codes.to_numpy().astype(np.int64)
        times = self.spins["reported_at"]
        if times.isna().all() or (times.notna().all() and times.is_monotonic_increasing):
            return codes
        order = self.spins.sort_values("reported_at", kind="stable", na_position="last").index
        return codes[order.to_numpy()]

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


def _sequence_numbers(spins: pd.DataFrame) -> pd.Series:
    """``seq``: 1, 2, ... within each reporter, ordered by time then input order."""
    given = pd.to_numeric(spins["seq"], errors="coerce")
    if given.notna().all() and len(given):
        return given.astype("Int64")
    seq = pd.Series(pd.NA, index=spins.index, dtype="Int64")
    has_reporter = spins["reporter"].notna()
    if has_reporter.any():
        sub = spins.loc[has_reporter, ["reporter", "reported_at"]]
        times = sub["reported_at"]
        if not (times.isna().all() or (times.notna().all() and times.is_monotonic_increasing)):
            ints = times.dt.tz_convert(None).to_numpy("datetime64[ns]").view(np.int64)
            # lexsort's last key is the primary one: times known first, then by time, then row
            order = np.lexsort((np.arange(len(sub)), ints, times.isna().to_numpy()))
            sub = sub.iloc[order]
        seq_values = _cumcount(pd.Categorical(sub["reporter"]).codes)
        positions = spins.index.get_indexer(sub.index)
        out = np.full(len(spins), -1, dtype=np.int64)
        out[positions] = seq_values
        seq = pd.Series(pd.array(np.where(out > 0, out, 0), dtype="Int64"), index=spins.index)
        seq[out <= 0] = pd.NA
    return seq


def _cumcount(group_codes: np.ndarray) -> np.ndarray:
    """1, 2, ... within each group, in the given order (numpy; fast for millions of rows)."""
    order = np.argsort(group_codes, kind="stable")
    sorted_codes = group_codes[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_codes)) + 1]
    group_start = np.repeat(starts, np.diff(np.r_[starts, len(sorted_codes)]))
    out = np.empty(len(group_codes), dtype=np.int64)
    out[order] = np.arange(len(sorted_codes)) - group_start + 1
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
            return out.dt.tz_localize("UTC") if out.dt.tz is None else out
    except ImportError:  # pragma: no cover - pyarrow is installed with pandas' extras
        pass
    return pd.to_datetime(text.where(present), utc=True, errors="coerce", format="mixed")


def _spins_from_frame(frame: pd.DataFrame, game: Game, name: str) -> Evidence:
    labels = game.labels
    loose = {_normalise_label(label): label for label in labels}
    n_rows = len(frame)
    lines = np.arange(2, n_rows + 2)  # header is line 1; blank lines are kept as rows
    blank = np.ones(n_rows, dtype=bool)
    for column in frame.columns:
        blank &= (frame[column].fillna("").astype(str).str.strip() == "").to_numpy()

    # Match outcomes once per distinct cell value, not once per row.
    outcome_cat = frame["outcome"].fillna("").astype("category")
    categories = [str(c) for c in outcome_cat.cat.categories]
    matched_of = [c.strip() if c.strip() in labels else loose.get(_normalise_label(c))
                  for c in categories]
    reason_of = [None if m is not None else ("empty outcome" if c.strip() == "" else
                                             "unknown outcome") for c, m in
                 zip(categories, matched_of, strict=True)]
    codes = outcome_cat.cat.codes.to_numpy()
    label_code = {label: i for i, label in enumerate(labels)}
    outcome_codes = np.array([-1 if m is None else label_code[m] for m in matched_of] + [-1],
                             dtype=np.int64)[codes]
    reasons = pd.Series(np.array([*reason_of, None], dtype=object)[codes], index=frame.index,
                        dtype="object")
    reasons[blank] = None

    times = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[us, UTC]")
    if "reported_at" in frame:
        text_times = frame["reported_at"].fillna("").astype(str).str.strip()
        times = _parse_times(text_times)
        bad_time = times.isna().to_numpy() & (text_times != "").to_numpy() & reasons.isna()
        reasons[bad_time] = "unreadable reported_at"
    values = pd.Series(np.nan, index=frame.index)
    if "value" in frame:
        text_values = frame["value"].fillna("").astype(str).str.strip().str.replace(
            ",", ".", regex=False)
        values = pd.to_numeric(text_values.where(text_values != ""), errors="coerce")
        bad_value = values.isna() & (text_values != "") & reasons.isna()
        reasons[bad_value] = "unreadable value"

    ok = reasons.isna().to_numpy() & ~blank
    rejected_mask = ~reasons.isna().to_numpy()
    line_text = pd.Series(lines, index=frame.index).astype(pd.StringDtype("pyarrow"))
    default_sources = f"{name}:" + line_text
    if "source" in frame:
        given = frame["source"].fillna("").astype(str)
        sources = given.where(given != "", default_sources)
    else:
        sources = default_sources

    def column(key):
        if key not in frame:
            return None
        series = frame.loc[ok, key].fillna("").astype(str).str.strip()
        if key in ("reporter", "segment"):  # few distinct values: store them once
            return pd.Categorical(series.where(series != ""))
        return series.where(series != "", None).to_numpy(dtype=object)

    spins = pd.DataFrame(
        {
            "outcome": pd.Categorical.from_codes(outcome_codes[ok], categories=list(labels)),
            "reported_at": times[ok].array,
            "reporter": column("reporter"),
            "seq": pd.to_numeric(frame.loc[ok, "seq"], errors="coerce").to_numpy()
            if "seq" in frame else None,
            "segment": column("segment"),
            "value": values[ok].to_numpy(dtype=float),
            "source": sources[ok].array,
        }
    )
    bad = frame.loc[rejected_mask]
    outcome_raw = frame["outcome"].fillna("").astype(str).str.strip()
    rejected = pd.DataFrame(
        {
            "source": sources[rejected_mask].to_numpy(dtype=object),
            "reason": [
                f"{reason} '{excerpt}'" if reason == "unknown outcome" else reason
                for reason, excerpt in zip(reasons[rejected_mask], outcome_raw[rejected_mask],
                                           strict=True)
            ],
            "excerpt": [",".join("" if v is None or v != v else str(v) for v in row)[:120]
                        for row in bad.itertuples(index=False)],
        }
    )
    n_ok = int(ok.sum())
    n_blank = int(blank.sum())
    return Evidence(
        labels=labels,
        spins=spins,
        tallies=empty_tallies(labels),
        rejected=rejected,
        summary={"read": n_rows, "used": n_ok, "rejected": int(rejected_mask.sum()),
                 "not_a_report": n_blank, "spins": n_ok, "tally_spins": 0},
        source=name,
    )
