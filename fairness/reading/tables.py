"""Read spins from tables as people make them: CSV/TSV/TXT, Excel (.xlsx) and Parquet.

:func:`read_table` detects what a person would not think to say:

- **encoding** of text files: UTF-8 with or without BOM, UTF-16 with or without BOM (many NUL
  bytes, not a binary file), cp1251 and other Cyrillic code pages (strict UTF-8 is tried first,
  then ``charset-normalizer`` and a plausibility score of the Cyrillic candidates);
- **separator**: ``,``, ``;``, tab or ``|``, by the field count that most lines agree on
  (quoted fields are parsed as CSV, so a separator inside quotes does not count);
- **header**: Russian and English column names (``результат``/``приз``/``outcome``,
  ``дата``/``время``/``date``, ``пользователь``/``ник``/``user``, ...), found in the first rows
  (a title line above the header is skipped); separate date and time columns are combined; an
  explicit ``columns={"outcome": "Мой столбец"}`` overrides the detection. A headerless column
  of outcome labels is recognised too;
- **form**: long (one row per spin) or tally (outcome and count columns -> tallies);
- **values**: decimal commas and spaces between thousands; times as ``DD.MM.YYYY HH:MM[:SS]``,
  ``DD.MM.YYYY``, ISO 8601 (with or without offset) or epoch seconds/milliseconds.

Times without an offset are taken as UTC. (Spreadsheets rarely say their zone; a fixed
reading keeps the order of spins and the weeks they fall in, which is what the tests use.)

Every data row is accounted for: ``read == used + rejected + not_a_report``, where ``read`` is
the number of rows below the header, blank rows (and "итого"/"total" rows) are not reports,
and each rejected row keeps its reason, its place ``file:line`` (line 1 is the header line, as
an editor numbers lines; for Excel the sheet row; for Parquet the row number plus one) and a
short excerpt in which the reporter is replaced by its pseudonym and phone numbers, e-mails
and @mentions are masked. Reporters become pseudonyms before anything leaves this module.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from fairness.errors import DataError
from fairness.evidence import Evidence, empty_rejected, empty_tallies, in_nanoseconds
from fairness.reading import fastcsv
from fairness.reading.labels import AMBIGUOUS, EMPTY, UNKNOWN, LabelMatcher, normalise_label
from fairness.reading.privacy import Pseudonymizer, mask_personal
from fairness.reading.sniff import (
    PARQUET,
    ZIP,
    decode,
    looks_binary,
    read_input_bytes,
    sniff_sep,
    what_binary,
)
from fairness.spec import Game

__all__ = ["COLUMN_NAMES", "FORMS", "REJECT_REASONS", "read_table"]

FORMS = ("auto", "long", "tally")

# Roles of columns and the header names that announce them (compared after normalisation:
# case, "ё", punctuation and "_"/"-" ignored). The first tier is an exact header; the second a
# header that contains one of these as whole words ("Дата спина", "Результат вращения").
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "outcome": ("результат", "приз", "выпало", "исход", "выигрыш", "outcome", "prize",
                "result", "label"),
    "reported_at": ("дата и время", "дата время", "дата", "время", "date", "time", "datetime",
                    "date time", "timestamp", "reported at", "когда"),
    "reporter": ("пользователь", "ник", "никнейм", "участник", "user", "username", "reporter",
                 "name", "автор", "author", "имя"),
    "segment": ("группа", "сегмент", "тип клиента", "segment", "group"),
    "value": ("сумма", "значение", "value", "amount"),
    "count": ("количество", "кол во", "число", "count", "n"),
    "seq": ("номер", "seq", "no", "#"),
    "source": ("source",),
    "item": ("item",),
}
_DATE_ONLY = {"дата", "date"}
_TIME_ONLY = {"время", "time"}
_ROLE_ALIASES = {"time": "reported_at", "date": "reported_at", "datetime": "reported_at",
                 "user": "reporter"}
_TOTAL_WORDS = {"итого", "итог", "всего", "total", "totals", "grandtotal", "sum"}

REJECT_REASONS = ("empty outcome", "unknown outcome", "ambiguous outcome", "unreadable date",
                  "unreadable value", "unreadable seq", "unreadable count", "negative count")

_EXCERPT_CHARS = 120
_HEADER_SEARCH_ROWS = 20
_PYARROW_MIN_BYTES = 4_000_000  # below this the C parser is as fast and keeps blank lines



@dataclass
class _Grid:
    """Cells of a table before the header is known."""

    frame: pd.DataFrame          # columns 0..k-1 of text ("" when empty), or typed (Parquet)
    lines: np.ndarray            # place of each row as a person sees it
    header: list[str] | None     # known column names (Parquet), else found in the rows
    sep: str                     # separator used to show an excerpt
    # cells of some rows as written, when ``frame`` holds parsed values (the fast path)
    text_rows: Callable[[np.ndarray], pd.DataFrame] | None = None


# ---------------------------------------------------------------------------------------------
# public entry point


def read_table(
    path: str | Path,
    game: Game,
    *,
    columns: Mapping[str, str] | None = None,
    pseudonymize: Callable[[object], str | None] | None = None,
    encoding: str | None = None,
    sep: str | None = None,
    form: str = "auto",
) -> Evidence:
    """Read spins (long form) or tallies (tally form) from a CSV/TSV/TXT, .xlsx or Parquet file.

    Parameters
    ----------
    path : str or Path
        The table. ``.xlsx``/``.xlsm`` are read as Excel (first sheet), ``.parquet``/``.pq`` as
        Parquet; anything else as delimited text (an Excel or Parquet file with another
        extension is recognised by its content).
    game : Game
        The game whose outcome labels the outcome cells are matched to
        (:class:`~fairness.reading.labels.LabelMatcher`).
    columns : mapping, optional
        Explicit column names for some roles, e.g. ``{"outcome": "Мой столбец",
        "reported_at": "Когда"}``. Roles: ``outcome``, ``reported_at`` (alias ``time``),
        ``reporter``, ``segment``, ``value``, ``count``, ``seq``, ``source``. Roles not given
        are detected from the header.
    pseudonymize : callable, optional
        Turns a reporter's name or id into a pseudonym (a
        :class:`~fairness.reading.privacy.Pseudonymizer`; a fresh one with a random secret when
        None). Give the same one to every file of a dataset.
    encoding : str, optional
        Text encoding; detected when None.
    sep : str, optional
        Field separator of text files; sniffed when None.
    form : {"auto", "long", "tally"}
        ``"tally"``: each row is an outcome and a count; ``"long"``: each row is a spin (a
        count column is ignored); ``"auto"``: tally when a count column is found.

    Returns
    -------
    Evidence
        ``summary`` holds ``read``, ``used``, ``rejected``, ``not_a_report``, ``spins``,
        ``tally_spins`` and ``rejected_by_reason`` (reason -> rows); reasons are those in
        :data:`REJECT_REASONS`.

    Raises
    ------
    DataError
        One line naming the file and the place: missing or empty file, a binary file, an
        unreadable Excel or Parquet file, undecodable text, no outcome column (with the
        columns seen and how to map one), two candidate outcome columns.
    """
    if form not in FORMS:
        raise ValueError(f"form must be one of {', '.join(FORMS)}, not {form!r}")
    if not isinstance(game, Game):
        raise TypeError(f"game must be a fairness.spec.Game, not {type(game).__name__}")
    mapping = _check_columns(columns)
    if sep is not None and (not isinstance(sep, str) or len(sep) != 1):
        raise ValueError(f"sep must be a single character, not {sep!r}")
    if pseudonymize is None:
        pseudonymize = Pseudonymizer()
    elif not callable(pseudonymize):
        raise TypeError("pseudonymize must be callable (a fairness.reading.privacy.Pseudonymizer)")

    path = Path(path)
    name = str(path)
    matcher = LabelMatcher(game)
    if encoding is None and sep in (None, ",") and not mapping and form != "tally":
        fast = _read_fast(path, game, matcher, name, pseudonymize, form)
        if fast is not None:
            return fast
    grid = _load(read_input_bytes(path, name), path, name, encoding=encoding, sep=sep)
    header_row, roles, header = _find_header(grid, mapping, matcher, name)
    return _evidence(grid, header_row, roles, header, game, matcher, name, pseudonymize, form)


_CANONICAL = {"outcome", "reported_at", "reporter", "segment", "value", "seq", "source", "item"}


def _read_fast(path: Path, game: Game, matcher: LabelMatcher, name: str,
               pseudonymize: Callable[[object], str | None], form: str) -> Evidence | None:
    """A big plain file with the canonical column names (``fairness extract`` writes them),
    read columnar (:mod:`fairness.reading.fastcsv`); None for anything else, which the careful
    reader below takes. Both give the same Evidence."""
    head = fastcsv.head_of(path)
    if head is None:
        return None
    header, text = head
    if looks_binary(text) or sniff_sep(text) != ",":
        return None
    cells = [c.strip() or f"column {i + 1}" for i, c in enumerate(header)]
    try:
        roles = _assign_roles(cells, {}, name, "line 1")
    except DataError:
        return None  # the careful reader explains it
    if "outcome" not in roles or any(
            role not in _CANONICAL or len(columns) != 1
            or _norm_header(cells[columns[0]]) != _norm_header(role)
            for role, columns in roles.items()):
        return None
    kind = {"outcome": "category", "reporter": "category", "segment": "category",
            "reported_at": "time", "value": "number", "seq": "number"}
    kinds = ["text"] * len(header)
    for role, (column,) in roles.items():
        kinds[column] = kind.get(role, "text")
    plain = fastcsv.read_plain(path, header, text, kinds)
    if plain is None:
        return None
    if "reported_at" in roles and plain.kinds[roles["reported_at"][0]] == "time":
        column = roles["reported_at"][0]
        extremes = plain.time_range(column)
        if extremes is not None and (extremes[0] < _EARLIEST or extremes[1] >= _LATEST):
            # implausible times are unreadable dates: the careful parser says which
            plain.read_as_text(column)
    frame = plain.frame(list(range(len(header))))
    lines = np.arange(2, len(frame) + 2, dtype=np.int32)
    grid = _Grid(frame=frame, lines=lines, header=cells, sep=",", text_rows=plain.text_rows)
    return _evidence(grid, None, roles, cells, game, matcher, name, pseudonymize, form)


def _check_columns(columns: Mapping[str, str] | None) -> dict[str, str]:
    if columns is None:
        return {}
    if not isinstance(columns, Mapping):
        raise TypeError("columns must be a mapping like {'outcome': 'Результат'}")
    mapping: dict[str, str] = {}
    for key, header in columns.items():
        role = _ROLE_ALIASES.get(str(key), str(key))
        if role not in COLUMN_NAMES:
            raise ValueError(f"columns: unknown role {key!r} (roles: {', '.join(COLUMN_NAMES)})")
        if not isinstance(header, str) or not header.strip():
            raise ValueError(f"columns[{key!r}] must be a column name, not {header!r}")
        mapping[role] = header
    return mapping


# ---------------------------------------------------------------------------------------------
# bytes -> grid of cells


def _load(raw: bytes, path: Path, name: str, *, encoding: str | None, sep: str | None) -> _Grid:
    suffix = path.suffix.lower()
    if suffix in (".xls",) and raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise DataError("old Excel 97-2003 (.xls) files are not supported; save the sheet as "
                        ".xlsx or CSV", source=name)
    if raw.startswith(ZIP):
        if _is_xlsx(raw):
            return _load_excel(raw, name)
        if suffix in (".xlsx", ".xlsm"):
            raise DataError("not a readable Excel file (a ZIP archive without a workbook)",
                            source=name)
        raise DataError("this is a ZIP archive, not a table (unpack it first)", source=name)
    if suffix in (".xlsx", ".xlsm"):
        raise DataError("not a readable Excel file (an .xlsx file is a ZIP archive; this one "
                        "is not)", source=name)
    if raw.startswith(PARQUET):
        return _load_parquet(raw, name)
    if suffix in (".parquet", ".pq"):
        raise DataError("not a readable Parquet file (no PAR1 signature)", source=name)
    what = what_binary(raw)
    if what is not None:
        raise DataError(f"this is {what}, not a text table", source=name)
    return _load_text(raw, name, encoding=encoding, sep=sep)


def _is_xlsx(raw: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return False


def _load_excel(raw: bytes, name: str) -> _Grid:
    try:
        frame = pd.read_excel(io.BytesIO(raw), sheet_name=0, header=None, dtype=object,
                              engine="openpyxl")
    except ImportError as exc:  # pragma: no cover - openpyxl is a dependency
        raise DataError(f"reading Excel needs openpyxl ({exc})", source=name) from None
    except Exception as exc:  # openpyxl raises many types on broken workbooks
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DataError(f"not a readable Excel file ({first[:120]})", source=name) from None
    frame = frame.map(_cell_text) if len(frame) else frame.astype(object)
    frame.columns = range(frame.shape[1])
    # read_excel numbers rows from the first sheet row, blank rows included.
    return _Grid(frame=frame.reset_index(drop=True), lines=np.arange(1, len(frame) + 1),
                 header=None, sep=";")


def _load_parquet(raw: bytes, name: str) -> _Grid:
    try:
        frame = pd.read_parquet(io.BytesIO(raw))
    except ImportError as exc:  # pragma: no cover - pyarrow is a dependency
        raise DataError(f"reading Parquet needs pyarrow ({exc})", source=name) from None
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ... on broken files
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DataError(f"not a readable Parquet file ({first[:120]})", source=name) from None
    header = [str(c) for c in frame.columns]
    frame = frame.reset_index(drop=True)
    frame.columns = range(frame.shape[1])
    return _Grid(frame=frame, lines=np.arange(2, len(frame) + 2), header=header, sep=";")


def _cell_text(value: object) -> str:
    """An Excel cell as the text a person sees (5.0 -> "5", a date -> ISO 8601)."""
    if value is None or value is pd.NaT or value is pd.NA:
        return ""
    if isinstance(value, float):
        if np.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, pd.Timestamp) or hasattr(value, "isoformat"):
        try:
            return value.isoformat()  # type: ignore[union-attr]
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def _physical_lines(text: str) -> int:
    lines = text.count("\n") + text.count("\r") - text.count("\r\n")
    if text and not text.endswith(("\n", "\r")):
        lines += 1
    return lines


def _load_text(raw: bytes, name: str, *, encoding: str | None, sep: str | None) -> _Grid:
    text, _used_encoding = decode(raw, name, encoding)
    if looks_binary(text):
        raise DataError("this is a binary file, not a text table", source=name)
    if not text.strip():
        raise DataError("the file is empty", source=name)
    separator = sep or sniff_sep(text)

    frame = None
    plain = ('"' not in text and "\n\n" not in text and "\r\n\r\n" not in text
             and not text.startswith(("\n", "\r")) and text.count("\r") == text.count("\r\n"))
    if plain and len(raw) >= _PYARROW_MIN_BYTES:
        data = raw[3:] if raw.startswith(codecs.BOM_UTF8) else raw
        frame = _read_pyarrow(data if _used_encoding in ("utf-8", "utf-8-sig")
                              else text.encode("utf-8"), separator)
    if frame is None:
        frame = _read_c(text, separator)
    if frame is None:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
        frame = _rows_frame(rows)
        lines = _record_lines(text, separator, len(frame))
    elif plain:
        lines = np.arange(1, len(frame) + 1)
    else:
        lines = (np.arange(1, len(frame) + 1) if _physical_lines(text) == len(frame)
                 else _record_lines(text, separator, len(frame)))
    return _Grid(frame=frame, lines=lines, header=None, sep=separator)


def _read_pyarrow(data: bytes, separator: str) -> pd.DataFrame | None:
    try:
        frame = pd.read_csv(io.BytesIO(data), sep=separator, header=None,
                            dtype=str, engine="pyarrow")
    except Exception:  # any complaint of the fast parser: the careful one decides
        return None
    return frame.fillna("")


def _read_c(text: str, separator: str) -> pd.DataFrame | None:
    try:
        frame = pd.read_csv(io.StringIO(text), sep=separator, header=None, dtype=str,
                            keep_default_na=False, na_filter=False, skip_blank_lines=False,
                            engine="c", quoting=csv.QUOTE_MINIMAL)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, csv.Error):
        return None  # ragged rows and the like: the csv module reads them
    return frame.fillna("")


def _rows_frame(rows: list[list[str]]) -> pd.DataFrame:
    width = max((len(r) for r in rows), default=1) or 1
    return pd.DataFrame([r + [""] * (width - len(r)) for r in rows],
                        columns=range(width), dtype=object)


def _record_lines(text: str, separator: str, n_records: int) -> np.ndarray:
    """First line of each record when quoted fields span lines (csv module, one pass)."""
    starts = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    previous = 0
    try:
        for _row in reader:
            starts.append(previous + 1)
            previous = reader.line_num
    except csv.Error:
        pass
    if len(starts) != n_records:  # parsers disagree: fall back to record numbers
        return np.arange(1, n_records + 1)
    return np.asarray(starts)


# ---------------------------------------------------------------------------------------------
# header: which column plays which role


def _norm_header(text: object) -> str:
    key = unicodedata.normalize("NFKC", str(text)).casefold().replace("ё", "е")
    key = re.sub(r"[_\-/\\]+", " ", key.replace("\ufeff", ""))
    key = re.sub(r"[^\w\s#]", "", key)
    return " ".join(key.split())


_NAMES = {role: [(_norm_header(n), n) for n in names] for role, names in COLUMN_NAMES.items()}


def _roles_of(header: str) -> tuple[int, str, str] | None:
    """(tier, role, word) for one header cell; tier 1 exact, 2 contains the words."""
    key = _norm_header(header)
    if not key:
        return None
    for role, names in _NAMES.items():
        for norm, _ in names:
            if key == norm:
                return 1, role, norm
    tokens = key.split()
    best: tuple[int, str, str] | None = None
    for role, names in _NAMES.items():
        for norm, _ in names:
            words = norm.split()
            if len(words) == 1 and len(norm) < 3:
                continue  # "n", "no", "#" only as a whole header
            for i in range(len(tokens) - len(words) + 1):
                if tokens[i: i + len(words)] == words:
                    if best is None or len(norm) > len(best[2]):
                        best = (2, role, norm)
    return best


def _header_cells(grid: _Grid, row: int | None) -> list[str]:
    if row is None:
        assert grid.header is not None
        return grid.header
    cells = [str(v).strip() for v in grid.frame.iloc[row].tolist()]
    return [c if c else f"column {i + 1}" for i, c in enumerate(cells)]


def _assign_roles(cells: list[str], mapping: Mapping[str, str],
                  name: str, where: str) -> dict[str, list[int]]:
    """Role -> column positions (time may have two: date and time of day)."""
    roles: dict[str, list[int]] = {}
    taken: set[int] = set()
    norm_cells = [_norm_header(c) for c in cells]
    for role, wanted in mapping.items():
        hits = [i for i, c in enumerate(cells) if c == wanted.strip()]
        if not hits:
            hits = [i for i, c in enumerate(norm_cells) if c == _norm_header(wanted)]
        if not hits:
            raise DataError(f"columns={{'{role}': '{wanted}'}}: no such column (columns are: "
                            f"{_list(cells)})", source=name, where=where)
        roles[role] = [hits[0]]
        taken.add(hits[0])
    found: dict[str, list[tuple[int, int, str]]] = {}
    for i, cell in enumerate(cells):
        if i in taken:
            continue
        hit = _roles_of(cell)
        if hit is not None:
            tier, role, word = hit
            found.setdefault(role, []).append((tier, i, word))
    for role, hits in found.items():
        if role in roles:
            continue
        best_tier = min(t for t, _, _ in hits)
        best = [(i, w) for t, i, w in hits if t == best_tier]
        if len(best) > 1 and role == "outcome":
            raise DataError(
                f"two columns could hold the outcome ({_list([cells[i] for i, _ in best])}); "
                f"say which with columns={{'outcome': '{cells[best[0][0]]}'}}",
                source=name, where=where)
        if role == "reported_at" and len(best) > 1:
            dates = [i for i, w in best if w in _DATE_ONLY]
            times = [i for i, w in best if w in _TIME_ONLY]
            if dates and times:
                roles[role] = [dates[0], times[0]]
                continue
        roles[role] = [best[0][0]]
    return roles


def _list(cells: list[str]) -> str:
    shown = ", ".join(f"'{c}'" for c in cells[:12])
    return shown + (f", ... ({len(cells)} in all)" if len(cells) > 12 else "")


def _find_header(grid: _Grid, mapping: Mapping[str, str], matcher: LabelMatcher,
                 name: str) -> tuple[int | None, dict[str, list[int]], list[str]]:
    """(header row or None when the header is known/absent, roles, column names)."""
    if grid.header is not None:
        cells = grid.header
        roles = _assign_roles(cells, mapping, name, "header")
        if "outcome" not in roles:
            raise _no_outcome(cells, name, "header")
        return None, roles, cells
    frame = grid.frame
    first_filled = None
    for row in range(min(len(frame), _HEADER_SEARCH_ROWS)):
        cells = _header_cells(grid, row)
        if not any(str(v).strip() for v in frame.iloc[row].tolist()):
            continue
        if first_filled is None:
            first_filled = row
        where = f"line {grid.lines[row]}"
        if mapping and "outcome" in mapping and mapping["outcome"].strip() not in cells and \
                _norm_header(mapping["outcome"]) not in {_norm_header(c) for c in cells}:
            continue
        try:
            roles = _assign_roles(cells, mapping, name, where)
        except DataError:
            if mapping:
                continue
            raise
        if "outcome" in roles:
            return row, roles, cells
    if first_filled is None:
        raise DataError("the file has no rows with data", source=name)
    headerless = _headerless_outcome(frame, matcher)
    if headerless is not None and not mapping:
        cells = [f"column {i + 1}" for i in range(frame.shape[1])]
        return -1, {"outcome": [headerless]}, cells
    cells = _header_cells(grid, first_filled)
    where = f"line {grid.lines[first_filled]}"
    if mapping:
        _assign_roles(cells, mapping, name, where)  # names the missing column
    raise _no_outcome(cells, name, where)


def _no_outcome(cells: list[str], name: str, where: str) -> DataError:
    return DataError(
        f"no outcome column found (columns are: {_list(cells)}); name it 'результат' or "
        f"'outcome', or map it with columns={{'outcome': '<column name>'}}",
        source=name, where=where)


def _headerless_outcome(frame: pd.DataFrame, matcher: LabelMatcher) -> int | None:
    """The one column whose first rows are (nearly all) outcome labels, if there is one."""
    head = frame.head(50)
    hits = []
    for column in range(frame.shape[1]):
        cells = [str(v).strip() for v in head[column].tolist()]
        filled = [c for c in cells if c]
        if not filled or matcher.match(filled[0]) is None:
            continue
        matched = sum(matcher.match(c) is not None for c in filled)
        if matched >= 0.8 * len(filled):
            hits.append(column)
    return hits[0] if len(hits) == 1 else None


# ---------------------------------------------------------------------------------------------
# cells -> evidence


def _as_text(series: pd.Series) -> pd.Series:
    """Stripped text of a column ("" when empty), as pandas' (Arrow-backed) string dtype so
    that comparisons and factorising run in compiled code; typed columns (Parquet) are
    formatted value by distinct value."""
    if series.dtype != object and pd.api.types.is_string_dtype(series.dtype):
        return series.fillna("").str.strip()
    if series.dtype == object:
        text = series.map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v))
                          else v if isinstance(v, str) else _cell_text(v))
        return text.astype("str").str.strip()
    codes, uniques = pd.factorize(series)
    shown = np.array([_cell_text(u) for u in uniques] + [""], dtype=object)
    return pd.Series(shown[codes], index=series.index, dtype="str").str.strip()


def _blank_rows(frame: pd.DataFrame) -> np.ndarray:
    """Rows whose cells are all empty or spaces (";;;" lines of spreadsheet exports)."""
    columns = [frame[column] for column in frame.columns]
    if any(fastcsv.never_empty(series) for series in columns):  # a big parsed log: no masks
        return np.zeros(len(frame), dtype=bool)
    blank = np.ones(len(frame), dtype=bool)
    rows = None  # all
    for series in columns:
        if rows is not None:
            series = series.iloc[rows]
        if isinstance(series.dtype, pd.CategoricalDtype):
            empty_unique = np.array([not str(u).strip() for u in series.cat.categories]
                                    + [True], dtype=bool)
            empty = empty_unique[series.array.codes]  # code -1 (missing): the last
        elif series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            codes, uniques = pd.factorize(series)
            empty_unique = np.array([not str(u).strip() for u in uniques] + [True], dtype=bool)
            empty = empty_unique[codes]
        else:
            empty = series.isna().to_numpy(dtype=bool)
        if rows is None:
            blank[:] = empty
        else:
            blank[rows] = empty
        rows = np.flatnonzero(blank)
        if not len(rows):
            break
    return blank


def _unique_map(text: pd.Series, parse: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """Apply a vectorised parser to the distinct values of ``text`` only."""
    codes, uniques = pd.factorize(text)
    parsed = parse(pd.Series(np.asarray(uniques, dtype=object), dtype=object))
    values = np.append(parsed.to_numpy(dtype=object), None)  # code -1: a missing cell
    return pd.Series(values[codes], index=text.index).infer_objects()


_NUMBER_JUNK = re.compile(r"[\s\u00a0\u202f\u2007']+")
_NUMBER_UNIT = re.compile(r"(?:%|₽|руб\.?|р\.?|rub)$", re.IGNORECASE)


def _parse_numbers(text: pd.Series) -> pd.Series:
    cleaned = (text.str.replace(_NUMBER_JUNK, "", regex=True).str.replace(",", ".", regex=False)
               .str.replace(_NUMBER_UNIT, "", regex=True))
    return pd.to_numeric(cleaned, errors="coerce").astype("float64")


def _numbers(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(numbers, unreadable mask) of a column with decimal commas and thousand spaces."""
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(
            series.dtype):
        values = pd.to_numeric(series, errors="coerce").astype("float64")
        bad = values.isna() & series.notna() | ~np.isfinite(values.fillna(0))
        return values.where(~bad), bad
    text = _as_text(series)
    values = _unique_map(text, _parse_numbers).astype("float64")
    bad = (values.isna() & (text != "")) | ~np.isfinite(values.fillna(0))
    return values.where(~bad), bad


_EARLIEST = pd.Timestamp("1990-01-01", tz="UTC")
_LATEST = pd.Timestamp("2200-01-01", tz="UTC")
_DOTTED_FORMATS = ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%d.%m.%y %H:%M",
                   "%d.%m.%y")
_EPOCH = re.compile(r"\d{9,10}(?:\.\d+)?|\d{12,13}")


def _parse_time_strings(values: pd.Series) -> pd.Series:
    """Distinct time strings -> UTC timestamps (NaT when unreadable).

    ISO 8601 first (the common, fast case), then epoch seconds/milliseconds and day-first
    dotted dates for what is left.
    """
    if values.dtype == object or not pd.api.types.is_string_dtype(values.dtype):
        values = values.astype(object).where(values.notna(), "").astype("str")
    text = values.fillna("").str.strip()
    out = pd.to_datetime(text.where(text != ""), format="ISO8601", errors="coerce", utc=True)
    out = out.astype("datetime64[us, UTC]")
    rest = (text != "") & out.isna()
    if rest.any():
        left = text[rest].str.replace(r"\s*,\s*", " ", regex=True)  # "05.01.2026, 10:00"
        epoch = left.str.fullmatch(_EPOCH)
        if epoch.any():
            number = pd.to_numeric(left[epoch], errors="coerce")
            seconds = number.where(number < 1e11, number / 1000.0)
            out[epoch[epoch].index] = pd.to_datetime(seconds, unit="s", utc=True,
                                                     errors="coerce")
        dotted = left[~epoch & left.str.match(r"\d{1,2}\.\d{1,2}\.\d{2,4}")]
        for fmt in _DOTTED_FORMATS:
            todo = dotted[out[dotted.index].isna()]
            if todo.empty:
                break
            out[todo.index] = pd.to_datetime(todo, format=fmt, errors="coerce", utc=True)
    out[(out < _EARLIEST) | (out >= _LATEST)] = pd.NaT
    return out.dt.as_unit("ns")  # the times left fit nanoseconds


def _times(series: pd.Series, parsed: bool = False) -> tuple[pd.Series, pd.Series | None]:
    """(UTC times, unreadable mask or None: none) of a time column of any kind; ``parsed``:
    the fast path read its cells already."""
    if parsed and isinstance(series.dtype, pd.DatetimeTZDtype):
        return series, None  # UTC nanoseconds, from microseconds (fastcsv.utc_times)
    if isinstance(series.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_dtype(
            series.dtype):  # Parquet: to microseconds, as the text parsers read
        times = pd.to_datetime(series, utc=True).astype("datetime64[us, UTC]")
        return in_nanoseconds(times), None
    text = _as_text(series)  # epoch numbers (Parquet) become their digits
    text = text.astype("str")
    head = text.iloc[:10_000]
    if len(head) and head.nunique() > 0.5 * len(head):
        # mostly distinct (full timestamps): factorising would not save any parsing
        times = _parse_time_strings(text)
    else:
        codes, uniques = pd.factorize(text)
        parsed = _parse_time_strings(pd.Series(np.asarray(uniques, dtype=object), dtype=object))
        # take on naive datetime64 values: tz-aware arrays would go through Python objects
        naive = parsed.dt.tz_convert(None).to_numpy(dtype="datetime64[ns]")
        naive = np.append(naive, np.datetime64("NaT", "ns"))  # code -1: missing cell
        times = pd.Series(naive[codes], index=series.index).dt.tz_localize("UTC")
    bad = times.isna() & (text != "")
    return times, bad


def _evidence(grid: _Grid, header_row: int | None, roles: dict[str, list[int]],
              header: list[str], game: Game, matcher: LabelMatcher, name: str,
              pseudonymize: Callable[[object], str | None], form: str) -> Evidence:
    labels = game.labels
    start = 0 if header_row is None else header_row + 1
    if header_row == -1:  # headerless: every row is data
        start = 0
    data = grid.frame.iloc[start:].reset_index(drop=True)
    lines = np.asarray(grid.lines[start:])
    n_read = len(data)

    tally = form == "tally" or (form == "auto" and "count" in roles)
    if form == "tally" and "count" not in roles:
        raise DataError(f"form='tally' needs a count column (columns are: {_list(header)}); "
                        "map it with columns={'count': '<column name>'}", source=name)

    blank = _blank_rows(data)
    # Outcome, reporter and segment cells are resolved once per distinct cell and gathered by
    # integer codes: no per-row Python for millions of rows.
    codes, cells = _coded(data[roles["outcome"][0]])
    resolved = [matcher.resolve(cell) for cell in cells]
    code_of_label = {label: i for i, label in enumerate(labels)}
    label_codes = np.array([-1 if label is None else code_of_label[label]
                            for label, _ in resolved],
                           dtype=np.int8 if len(labels) < 127 else np.int32)[codes]
    # "Итого" rows of a posted table are not reports
    total = np.array([h == UNKNOWN and normalise_label(cell).rstrip(":") in _TOTAL_WORDS
                      for cell, (_, h) in zip(cells, resolved, strict=True)], dtype=bool)
    not_report = blank | total[codes] if total.any() else blank

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
            date_text, clock_text = _as_text(data[columns[0]]), _as_text(data[columns[1]])
            combined = (date_text + " " + clock_text).str.strip()
            combined = combined.where(date_text != "", "").where(
                ~((date_text == "") & (clock_text != "")), "?")
            times, bad = _times(combined)
        else:
            times, bad = _times(data[columns[0]], parsed=grid.text_rows is not None)
        if bad is not None:
            reject(bad, "unreadable date")
    values = None
    if "value" in roles:
        values, bad = _numbers(data[roles["value"][0]])
        reject(bad, "unreadable value")
    seq = None
    if "seq" in roles and not tally:
        seq, bad = _numbers(data[roles["seq"][0]])
        bad = bad | (seq.notna() & ((seq % 1 != 0) | (seq < 0)))
        reject(bad, "unreadable seq")
        seq = seq.where(~bad)
    counts = None
    if tally:
        counts, bad = _numbers(data[roles["count"][0]])
        bad = bad | (counts.isna() & ~not_report) | (counts.notna() & (counts % 1 != 0))
        reject(bad, "unreadable count")
        reject(counts < 0, "negative count")

    reporter_codes, pseudonyms = None, None
    if "reporter" in roles:
        reporter_codes, raw_reporters = _coded(data[roles["reporter"][0]])
        pseudonyms = [pseudonymize(raw) if raw else None for raw in raw_reporters]

    given = None
    if "source" in roles:
        given = (_as_text(data[roles["source"][0]]),
                 _as_text(data[roles["item"][0]]) if "item" in roles else None)
    source, item = _provenance(name, lines, given)

    rows = np.flatnonzero(reason)
    every = not len(rows) and not not_report.any()
    ok = None if every else (reason == 0) & ~not_report
    n_used = n_read if every else int(ok.sum())

    def kept(values):
        return values if every else values[ok]

    def text_column(codes, entries):
        return fastcsv.categorical(kept(codes), np.asarray(entries, dtype=object))

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
            "reporter": text_column(reporter_codes, pseudonyms) if pseudonyms is not None
            else None,
            "seq": _any_number(kept(seq.to_numpy())) if seq is not None else None,
            "segment": text_column(segment[0], [s or None for s in segment[1]])
            if segment is not None else None,
            "value": kept(values.to_numpy()) if values is not None else None,
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
    rejected = _rejected_table(text, source[rows], item[rows],
                               [REJECT_REASONS[r - 1] for r in reason[rows]],
                               roles.get("reporter", [None])[0], reporters, grid.sep)
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
    }
    return Evidence(labels=labels, spins=spins, tallies=tallies, rejected=rejected,
                    summary=summary, source=name)


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
    cells = [*_as_text(uniques).tolist(), ""]
    if len(codes) and codes.min() < 0:
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
                    sep: str) -> pd.DataFrame:
    """Rejected rows (their cells as written) with a masked excerpt: the reporter cell shows
    its pseudonym, and the raw name is masked wherever else it appears in the row.
    ``reporters`` is (raw names, pseudonyms) of these rows."""
    if not len(rows):
        return empty_rejected()
    excerpts = []
    for i, row in enumerate(rows.itertuples(index=False, name=None)):
        cells = [_cell_text(v) if not isinstance(v, str) else v.strip() for v in row]
        names: tuple[str, ...] = ()
        if reporters is not None:
            raw, pseudonym = reporters[0][i], reporters[1][i]
            cells[reporter_column] = pseudonym or ""
            names = (raw,) if raw else ()
        while cells and cells[-1] == "":
            cells.pop()
        excerpt = mask_personal(sep.join(cells), names=names) or ""
        excerpts.append(excerpt[:_EXCERPT_CHARS])
    return pd.DataFrame({"source": source, "item": item, "reason": reasons,
                         "excerpt": excerpts})
