"""Which column plays which role: the header row and the roles of its cells.

Russian and English column names (``результат``/``приз``/``outcome``, ``дата``/``время``/
``date``, ``пользователь``/``ник``/``user``, ...) are compared after normalising case, "ё",
punctuation and "_"/"-"; an exact name wins over a name that contains one as whole words
("Дата спина"). The header is looked for in the first rows (a title line above it is skipped);
separate date and time columns are combined; an explicit ``columns={"outcome": "Мой столбец"}``
overrides the detection; a headerless column of outcome labels is recognised too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

import pandas as pd

from fairness.errors import DataError, Message
from fairness.reading.grid import Grid
from fairness.reading.labels import LabelMatcher

__all__ = ["COLUMN_NAMES", "assign_roles", "check_columns", "find_header", "list_cells",
           "norm_header"]

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
_HEADER_SEARCH_ROWS = 20


def check_columns(columns: Mapping[str, str] | None) -> dict[str, str]:
    """The ``columns=`` argument of the readers as role -> column name (aliases resolved).

    Raises
    ------
    TypeError
        ``columns`` is not a mapping.
    ValueError
        An unknown role, or a column name that is not a non-empty str.
    """
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


def norm_header(text: object) -> str:
    """A header cell as compared with :data:`COLUMN_NAMES`: NFKC, case-folded, "ё" as "е",
    "_", "-", "/" as spaces, other punctuation (but "#") dropped, spaces collapsed."""
    key = unicodedata.normalize("NFKC", str(text)).casefold().replace("ё", "е")
    key = re.sub(r"[_\-/\\]+", " ", key.replace("\ufeff", ""))
    key = re.sub(r"[^\w\s#]", "", key)
    return " ".join(key.split())


_NAMES = {role: [(norm_header(n), n) for n in names] for role, names in COLUMN_NAMES.items()}


def _roles_of(header: str) -> tuple[int, str, str] | None:
    """(tier, role, word) for one header cell; tier 1 exact, 2 contains the words."""
    key = norm_header(header)
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


def _header_cells(grid: Grid, row: int | None) -> list[str]:
    if row is None:
        assert grid.header is not None
        return grid.header
    cells = [str(v).strip() for v in grid.frame.iloc[row].tolist()]
    return [c if c else f"column {i + 1}" for i, c in enumerate(cells)]


def assign_roles(cells: list[str], mapping: Mapping[str, str],
                  name: str, where: str | Message) -> dict[str, list[int]]:
    """Role -> column positions (time may have two: date and time of day)."""
    roles: dict[str, list[int]] = {}
    taken: set[int] = set()
    norm_cells = [norm_header(c) for c in cells]
    for role, wanted in mapping.items():
        hits = [i for i, c in enumerate(cells) if c == wanted.strip()]
        if not hits:
            hits = [i for i, c in enumerate(norm_cells) if c == norm_header(wanted)]
        if not hits:
            raise DataError(Message("error.no_such_column", role=role, wanted=wanted,
                                    columns=list_cells(cells)), source=name, where=where)
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
            raise DataError(Message("error.two_outcome_columns",
                                    columns=list_cells([cells[i] for i, _ in best]),
                                    first=cells[best[0][0]]), source=name, where=where)
        if role == "reported_at" and len(best) > 1:
            dates = [i for i, w in best if w in _DATE_ONLY]
            times = [i for i, w in best if w in _TIME_ONLY]
            if dates and times:
                roles[role] = [dates[0], times[0]]
                continue
        roles[role] = [best[0][0]]
    return roles


def list_cells(cells: list[str]) -> str:
    """Column names for a message: quoted, the first 12 and how many in all."""
    shown = ", ".join(f"'{c}'" for c in cells[:12])
    return shown + (f", ... ({len(cells)} in all)" if len(cells) > 12 else "")


def find_header(grid: Grid, mapping: Mapping[str, str], matcher: LabelMatcher,
                 name: str) -> tuple[int | None, dict[str, list[int]], list[str]]:
    """(header row or None when the header is known/absent, roles, column names)."""
    if grid.header is not None:
        cells = grid.header
        roles = assign_roles(cells, mapping, name, Message("where.header"))
        if "outcome" not in roles:
            raise _no_outcome(cells, name, Message("where.header"))
        return None, roles, cells
    frame = grid.frame
    first_filled = None
    for row in range(min(len(frame), _HEADER_SEARCH_ROWS)):
        cells = _header_cells(grid, row)
        if not any(str(v).strip() for v in frame.iloc[row].tolist()):
            continue
        if first_filled is None:
            first_filled = row
        where = Message("where.line", line=int(grid.lines[row]))
        if mapping and "outcome" in mapping and mapping["outcome"].strip() not in cells and \
                norm_header(mapping["outcome"]) not in {norm_header(c) for c in cells}:
            continue
        try:
            roles = assign_roles(cells, mapping, name, where)
        except DataError:
            if mapping:
                continue
            raise
        if "outcome" in roles:
            return row, roles, cells
    if first_filled is None:
        raise DataError(Message("error.no_data_rows"), source=name)
    headerless = _headerless_outcome(frame, matcher)
    if headerless is not None and not mapping:
        cells = [f"column {i + 1}" for i in range(frame.shape[1])]
        return -1, {"outcome": [headerless]}, cells
    cells = _header_cells(grid, first_filled)
    where = Message("where.line", line=int(grid.lines[first_filled]))
    if mapping:
        assign_roles(cells, mapping, name, where)  # names the missing column
    # no row reads as a header, so this row may be data (names, phones): count its cells,
    # never show them (the message reaches batch summaries and shared logs)
    raise DataError(Message("error.no_outcome_column_count", columns=len(cells)), source=name,
                    where=where)


def _no_outcome(cells: list[str], name: str, where: Message) -> DataError:
    return DataError(Message("error.no_outcome_column", columns=list_cells(cells)),
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
