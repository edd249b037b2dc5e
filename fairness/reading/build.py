"""Grid, header and roles -> :class:`~fairness.evidence.Evidence` and the rejected table.

Every data row is accounted for: ``read == used + rejected + not_a_report``, where ``read`` is
the number of rows below the header, blank rows (and "итого"/"total" rows) are not reports,
and each rejected row keeps its reason (:data:`REJECT_REASONS`), its place (``source`` the
file's display name, ``item`` the line or sheet row) and a short excerpt in which the reporter
is replaced by its pseudonym and phone numbers, e-mails and @mentions are masked. Reporters
become pseudonyms here, before anything leaves the reader.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from fairness.errors import DataError, Message
from fairness.evidence import Evidence, empty_rejected, empty_tallies
from fairness.limits import LIMITS
from fairness.reading import fastcsv
from fairness.reading.cells import as_text, blank_rows, read_numbers, read_times
from fairness.reading.grid import Grid, cell_text
from fairness.reading.header import list_cells
from fairness.reading.labels import AMBIGUOUS, EMPTY, UNKNOWN, LabelMatcher, normalise_label
from fairness.reading.privacy import mask_personal
from fairness.spec import Game

__all__ = ["REJECT_REASONS", "build_evidence"]

REJECT_REASONS = ("empty outcome", "unknown outcome", "ambiguous outcome", "unreadable date",
                  "unreadable value", "unreadable seq", "unreadable count", "negative count",
                  "implausible count")
_TOTAL_WORDS = {"итого", "итог", "всего", "total", "totals", "grandtotal", "sum"}
_EXCERPT_CHARS = 120
#: How many distinct unknown labels the accounting keeps (the app offers a mapping for each).
UNKNOWN_LABELS_SHOWN = 30


def build_evidence(grid: Grid, header_row: int | None, roles: dict[str, list[int]],
                   header: list[str], game: Game, matcher: LabelMatcher, name: str,
                   pseudonymize: Callable[[object], str | None], form: str) -> Evidence:
    """Evidence from the rows of ``grid`` below ``header_row`` (None: the grid has no header
    row; -1: headerless, every row is data), with ``roles`` mapping each role to its column(s).

    Outcome, reporter and segment cells are resolved once per distinct cell and gathered by
    integer codes, so that no Python code runs per row of a big log; rejection reasons are
    small integers into :data:`REJECT_REASONS` (the first one found stays).

    Raises
    ------
    DataError
        ``form="tally"`` without a count column.
    """
    labels = game.labels
    start = 0 if header_row is None else header_row + 1
    if header_row == -1:  # headerless: every row is data
        start = 0
    data = grid.frame.iloc[start:].reset_index(drop=True)
    lines = np.asarray(grid.lines[start:])
    n_read = len(data)

    tally = form == "tally" or (form == "auto" and "count" in roles)
    if form == "tally" and "count" not in roles:
        raise DataError(Message("error.tally_needs_count", columns=list_cells(header)),
                        source=name)

    for columns in roles.values():
        for column in columns:
            _check_flat(data[column], header, column, name)
    blank = blank_rows(data)
    # Outcome, reporter and segment cells are resolved once per distinct cell and gathered by
    # integer codes: no per-row Python for millions of rows.
    codes, cells = _coded(data[roles["outcome"][0]])
    resolved = [matcher.resolve(cell) for cell in cells]
    code_of_label = {label: i for i, label in enumerate(labels)}
    label_codes = fastcsv.take(np.array([-1 if label is None else code_of_label[label]
                                         for label, _ in resolved],
                                        dtype=np.int8 if len(labels) < 127 else np.int32), codes)
    # "Итого" rows of a posted table are not reports, nor are cells the game says are not
    # outcomes (a user's answer to "which outcome is this label?")
    skip = _TOTAL_WORDS | {normalise_label(w).rstrip(":") for w in game.not_outcomes}
    total = np.array([h == UNKNOWN and normalise_label(cell).rstrip(":") in skip
                      for cell, (_, h) in zip(cells, resolved, strict=True)], dtype=bool)
    not_report = blank | fastcsv.take(total, codes) if total.any() else blank

    # Reasons as small integers: 1 + their index in REJECT_REASONS (0: none); the first one
    # found stays.
    failed = {EMPTY: "empty outcome", UNKNOWN: "unknown outcome", AMBIGUOUS: "ambiguous outcome"}
    cell_reasons = np.array([REJECT_REASONS.index(failed[h]) + 1 if h in failed else 0
                             for _, h in resolved], dtype=np.int8)
    reason = fastcsv.per_row(cell_reasons, codes)
    if not_report.any():
        reason[not_report] = 0

    def reject(mask, text: str) -> None:
        mask = np.asarray(mask, dtype=bool)
        if mask.any():
            mask = mask & ~not_report & (reason == 0)
            reason[mask] = REJECT_REASONS.index(text) + 1

    times = None
    if "reported_at" in roles:
        columns = roles["reported_at"]
        if len(columns) == 2:  # separate date and time-of-day columns
            date_text, clock_text = as_text(data[columns[0]]), as_text(data[columns[1]])
            combined = (date_text + " " + clock_text).str.strip()
            combined = combined.where(date_text != "", "").where(
                ~((date_text == "") & (clock_text != "")), "?")
            times, bad = read_times(combined)
        else:
            times, bad = read_times(data[columns[0]], parsed=grid.text_rows is not None)
        if bad is not None:
            reject(bad, "unreadable date")
    values = None
    if "value" in roles:
        values, bad = read_numbers(data[roles["value"][0]])
        reject(bad, "unreadable value")
    seq = None
    if "seq" in roles and not tally:
        seq, bad = read_numbers(data[roles["seq"][0]])
        bad = bad | (seq.notna() & ((seq % 1 != 0) | (seq < 0)))
        reject(bad, "unreadable seq")
        seq = seq.where(~bad)
    counts = None
    if tally:
        counts, bad = read_numbers(data[roles["count"][0]])
        bad = bad | (counts.isna() & ~not_report) | (counts.notna() & (counts % 1 != 0))
        reject(bad, "unreadable count")
        reject(counts < 0, "negative count")
        # beyond LIMITS.count: a typing error or an attack (and no longer exact in int64)
        reject(counts > LIMITS.count, "implausible count")
        counts = counts.where(counts.abs() <= LIMITS.count, 0)

    reporter_codes, pseudonyms = None, None
    if "reporter" in roles:
        reporter_codes, raw_reporters = _coded(data[roles["reporter"][0]])
        pseudonyms = [pseudonymize(raw) if raw else None for raw in raw_reporters]

    given = None
    if "source" in roles:
        given = (as_text(data[roles["source"][0]]),
                 as_text(data[roles["item"][0]]) if "item" in roles else None)
    source, item = _provenance(name, lines, given)

    rows = np.flatnonzero(reason)
    every = not len(rows) and not not_report.any()
    ok = None if every else (reason == 0) & ~not_report
    n_used = n_read if every else int(ok.sum())

    def kept(values):
        return values if every else values[ok]

    def text_column(column, codes, entries, sort=True):
        # (every entry occurs when no row was dropped, unless the column was a categorical
        # with categories of no row: a Parquet file written after a filter)
        present = every and (grid.categories_used or not isinstance(
            column.dtype, pd.CategoricalDtype) or fastcsv.all_present(codes, len(entries)))
        return fastcsv.categorical(kept(codes), np.asarray(entries, dtype=object), sort=sort,
                                   all_present=present)

    segment = _coded(data[roles["segment"][0]]) if "segment" in roles else None

    if tally:
        spins = pd.DataFrame({"outcome": pd.Series([], dtype=object)})
        tallies = pd.DataFrame({
            "outcome": np.array([*labels, None], dtype=object)[kept(label_codes)],
            "count": kept(counts.to_numpy()).astype(np.int64),
            "source": kept(source), "item": kept(item)})
    else:
        columns = {
            "outcome": pd.Categorical.from_codes(kept(label_codes), categories=list(labels)),
            "reported_at": kept(times.array) if times is not None else
            pd.array(np.full(n_used, np.datetime64("NaT", "ns")), dtype="datetime64[ns, UTC]"),
            # Reporters in order of first appearance, the file's own order (their pseudonyms
            # are keyed afresh for each reading: sorted, they would come in another order each
            # time); segments sorted by name, as they are shown.
            "reporter": text_column(data[roles["reporter"][0]], reporter_codes, pseudonyms,
                                    sort=False) if pseudonyms is not None else None,
            "seq": _any_number(kept(seq.to_numpy())) if seq is not None else None,
            "segment": text_column(data[roles["segment"][0]], segment[0],
                                   [s or None for s in segment[1]])
            if segment is not None else None,
            "value": _nullable(kept(values.to_numpy())) if values is not None else None,
            "source": kept(source),
            "item": kept(item),
        }
        # Absent columns are left to Evidence, which makes them without per-row work.
        spins = pd.DataFrame({k: v for k, v in columns.items() if v is not None}, copy=False)
        tallies = empty_tallies(labels)

    text = grid.text_rows(rows) if grid.text_rows is not None else data.iloc[rows]
    reporters = None
    if reporter_codes is not None:
        at = reporter_codes[rows]
        reporters = (np.asarray(raw_reporters, dtype=object)[at],
                     np.asarray(pseudonyms, dtype=object)[at])
    used = sorted({column for columns in roles.values() for column in columns})
    rejected = _rejected_table(text, source[rows], item[rows],
                               [REJECT_REASONS[r - 1] for r in reason[rows]],
                               roles.get("reporter", [None])[0], reporters, grid.sep, used)
    # spins naming no outcome: one per row of a spins table, the row's count in a tally table
    weights = None
    if tally:
        weights = np.nan_to_num(counts.to_numpy(dtype=float), nan=0.0).clip(min=0)
    unknown_labels = _unknown_labels(codes, cells, resolved, total, weights)
    counted = np.bincount(reason[rows], minlength=len(REJECT_REASONS) + 1)
    by_reason = {REJECT_REASONS[i - 1]: int(n) for i, n in enumerate(counted) if i and n}
    summary = {
        "read": n_read,
        "used": n_used,
        "rejected": len(rows),
        "not_a_report": int(not_report.sum()),
        "spins": 0 if tally else n_used,
        "tally_spins": int(tallies["count"].sum()) if tally else 0,
        "rejected_by_reason": by_reason,
        "unknown_labels": unknown_labels,
        "unknown_spins": int(by_reason.get("unknown outcome", 0)) if not tally else int(
            weights[reason == REJECT_REASONS.index("unknown outcome") + 1].sum()),
    }
    return Evidence(labels=labels, spins=spins, tallies=tallies, rejected=rejected,
                    summary=summary, source=name)


def _check_flat(column: pd.Series, header: list[str], at: int, name: str) -> None:
    """A column read for a role holds single values, not lists or records (Parquet)."""
    if column.dtype != object or not len(column):
        return
    sample = column.iloc[:1000].dropna()
    if any(isinstance(v, (list, tuple, dict, np.ndarray)) for v in sample):
        # the column's number, not its title: a headerless file's "title" is a data cell
        raise DataError(Message("error.nested_column", column=at + 1), source=name)


def unknown_label_text(cell: object) -> str:
    """A cell naming no outcome, as it may be shown back to the user: personal data masked,
    at most 40 characters (it is a label, not a message)."""
    return mask_personal(" ".join(str(cell).split()))[:40]


def _unknown_labels(codes, cells, resolved, skipped, weights=None) -> dict[str, int]:
    """Spins per distinct cell that named no outcome (rows, or the rows' counts in a tally
    table; most first, at most :data:`UNKNOWN_LABELS_SHOWN`): what the app asks the user to
    map to the game's outcomes."""
    unknown = [i for i, (_, how) in enumerate(resolved) if how == UNKNOWN and not skipped[i]]
    if not unknown:
        return {}
    rows = np.bincount(np.asarray(codes, dtype=np.int64), weights=weights, minlength=len(cells))
    out: dict[str, int] = {}
    for i in sorted(unknown, key=lambda i: -rows[i]):
        text = unknown_label_text(cells[i])
        if text:
            out[text] = out.get(text, 0) + int(rows[i])
    return dict(list(out.items())[:UNKNOWN_LABELS_SHOWN])


def _nullable(values: np.ndarray) -> pd.arrays.FloatingArray:
    """Floats read (NaN: missing) as the ``Float64`` column Evidence keeps, without a copy."""
    return pd.arrays.FloatingArray(values, np.isnan(values))


def _any_number(values: np.ndarray) -> np.ndarray | None:
    """The values, or None when every one is NaN (Evidence then numbers the spins)."""
    return None if np.isnan(values).all() else values


def _coded(column: pd.Series) -> tuple[np.ndarray, list[str]]:
    """(code of each row, stripped text of each distinct cell) of a column; missing cells
    are ""."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes, uniques = column.array.codes, pd.Series(column.cat.categories)  # no copy
    else:
        codes, uniques = pd.factorize(column)
        uniques = pd.Series(uniques)
    cells = as_text(uniques).tolist()
    if len(codes) and codes.min() < 0:
        cells.append("")
        codes = np.where(codes < 0, len(cells) - 1, codes)
    return codes, cells


def _provenance(name: str, lines: np.ndarray, given: pd.Series | None
                ) -> tuple[pd.Categorical, pd.arrays.IntegerArray]:
    """(``source``, ``item``) of each row: the file's display name and the line (or sheet
    row); a row's own non-empty ``source`` cell (a file written by ``fairness extract``)
    replaces both, with the row's ``item`` cell when the file has one."""
    n = len(lines)
    source = pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), [name])
    item = pd.arrays.IntegerArray(np.asarray(lines, dtype=np.int64), np.zeros(n, dtype=bool))
    if given is not None:
        given_source, given_item = given
        own = (given_source != "").to_numpy(dtype=bool)
        if own.any():
            codes, uniques = pd.factorize(given_source.where(own, name))
            source = pd.Categorical.from_codes(codes, uniques)
            if given_item is None:
                item[own] = pd.NA
            else:
                numbers = pd.to_numeric(given_item, errors="coerce")
                whole = numbers.notna() & (numbers % 1 == 0)
                values = pd.array(numbers.where(whole).astype("Float64"), dtype="Int64")
                item = item.copy()
                item[own] = values[own]
    return source, item


def _rejected_table(rows: pd.DataFrame, source, item, reasons: list[str],
                    reporter_column: int | None, reporters: tuple | None,
                    sep: str, used: list[int] | None = None) -> pd.DataFrame:
    """Rejected rows with a masked excerpt of the cells of the columns read (``used``; other
    columns, such as a nickname or a phone, never reach an excerpt): the reporter cell shows
    its pseudonym, and the raw name is masked wherever else it appears in the row. Each cell
    is cut to :data:`_EXCERPT_CHARS` before masking, so masking costs no more for a long cell.
    ``reporters`` is (raw names, pseudonyms) of these rows."""
    if not len(rows):
        return empty_rejected()
    excerpts = []
    keep = used if used is not None else None
    # names compiled and words read once for this table (privacy.mask_personal,
    # names.mask_person_names), for it only
    patterns: dict = {}
    for i, row in enumerate(rows.itertuples(index=False, name=None)):
        cells = [(cell_text(v) if not isinstance(v, str) else v.strip())[:_EXCERPT_CHARS]
                 if keep is None or at in keep else ""
                 for at, v in enumerate(row)]
        names: tuple[str, ...] = ()
        if reporters is not None:
            raw, pseudonym = reporters[0][i], reporters[1][i]
            cells[reporter_column] = pseudonym or ""
            names = (raw,) if raw else ()
        while cells and cells[-1] == "":
            cells.pop()
        excerpt = mask_personal(sep.join(cells), names=names, patterns=patterns) or ""
        excerpts.append(excerpt[:_EXCERPT_CHARS])
    # names in the cells read (an outcome cell "Зинаида: 7%"): the dictionary rules only, no
    # NER (tables can reject many rows; only these rejected rows pay)
    from fairness.reading.names import mask_person_names

    raw_names = [str(n) for n in reporters[0] if n] if reporters is not None else []
    excerpts = mask_person_names(excerpts, raw_names, ner=False, cache=patterns)
    return pd.DataFrame({"source": source, "item": item, "reason": reasons,
                         "excerpt": excerpts})
