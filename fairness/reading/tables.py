"""Read spins from tables as people make them: CSV/TSV/TXT, Excel (.xlsx) and Parquet.

:func:`read_table` detects what a person would not think to say:

- **encoding** of text files: UTF-8 with or without BOM, UTF-16 with or without BOM (many NUL
  bytes, not a binary file), cp1251, KOI8-R, cp866 and mac_cyrillic (strict UTF-8 first, then
  the code page under which the text reads most like Russian: :mod:`fairness.reading.sniff`);
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
and each rejected row keeps its reason, its place (``source`` the file, ``item`` the line:
line 1 is the header line, as an editor numbers lines; for Excel the sheet row; for Parquet
the row number plus one) and a short excerpt in which the reporter is replaced by its
pseudonym and phone numbers, e-mails and @mentions are masked. Reporters become pseudonyms
before anything leaves the reader.

The stages, one module each: :mod:`~fairness.reading.sniff` (bytes -> kind, encoding,
separator), :mod:`~fairness.reading.grid` (bytes -> cells), :mod:`~fairness.reading.header`
(header row and column roles), :mod:`~fairness.reading.cells` (numbers and times),
:mod:`~fairness.reading.build` (Evidence and the rejected table); big canonical files take the
columnar :mod:`~fairness.reading.fastcsv` instead of the first two, with the same result.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np

from fairness.errors import DataError, Message
from fairness.evidence import Evidence
from fairness.limits import LIMITS
from fairness.reading import fastcsv
from fairness.reading.build import REJECT_REASONS, build_evidence
from fairness.reading.cells import EARLIEST, LATEST
from fairness.reading.grid import Grid, load_grid
from fairness.reading.header import (
    COLUMN_NAMES,
    assign_roles,
    check_columns,
    find_header,
    norm_header,
)
from fairness.reading.labels import LabelMatcher
from fairness.reading.privacy import Pseudonymizer
from fairness.reading.sniff import looks_binary, read_input_bytes, sniff_sep
from fairness.spec import Game

__all__ = ["COLUMN_NAMES", "FORMS", "REJECT_REASONS", "read_table"]

FORMS = ("auto", "long", "tally")


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
    mapping = check_columns(columns)
    if sep is not None and (not isinstance(sep, str) or len(sep) != 1):
        raise ValueError(f"sep must be a single character, not {sep!r}")
    if pseudonymize is None:
        pseudonymize = Pseudonymizer()
    elif not callable(pseudonymize):
        raise TypeError("pseudonymize must be callable (a fairness.reading.privacy.Pseudonymizer)")

    path = Path(path)
    name = path.name  # never a folder path (home folders reach reports)
    matcher = LabelMatcher(game)
    if encoding is None and sep in (None, ",") and not mapping and form != "tally":
        fast = _read_fast(path, game, matcher, name, pseudonymize, form)
        if fast is not None:
            return fast
    grid = load_grid(read_input_bytes(path, name), path, name, encoding=encoding, sep=sep)
    if grid.frame.shape[1] > LIMITS.columns:  # header detection looks at every column
        raise DataError(Message("error.too_many_columns", count=grid.frame.shape[1],
                                limit=LIMITS.columns), source=name)
    header_row, roles, header = find_header(grid, mapping, matcher, name)
    return build_evidence(grid, header_row, roles, header, game, matcher, name, pseudonymize, form)


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
        roles = assign_roles(cells, {}, name, "line 1")
    except DataError:
        return None  # the careful reader explains it
    if "outcome" not in roles or any(
            role not in _CANONICAL or len(columns) != 1
            or norm_header(cells[columns[0]]) != norm_header(role)
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
        if extremes is not None and (extremes[0] < EARLIEST or extremes[1] >= LATEST):
            # implausible times are unreadable dates: the careful parser says which
            plain.read_as_text(column)
    frame = plain.frame(list(range(len(header))))
    lines = np.arange(2, len(frame) + 2, dtype=np.int64)  # the item column, as it is
    grid = Grid(frame=frame, lines=lines, header=cells, sep=",", text_rows=plain.text_rows,
                categories_used=True)
    return build_evidence(grid, None, roles, cells, game, matcher, name, pseudonymize, form)
