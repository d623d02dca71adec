"""A PDF page's ruled tables (``ingest.pdf_lines``): the grid its drawn rules make, and which cell each character is in.

A table exported from Word or drawn by a report tool is text placed cell by cell, each cell's lines one after the
other, with the rules drawn as path objects: read line by line, its cells come out as separate short lines. Here
the page's path objects are read with pypdfium2 (segments, or the edges of rectangles, in page space); horizontal and
vertical rules that touch make a grid, and a grid of two rows and two columns or more is a table. Each character in
it belongs to the cell whose rules surround it; a cell's lines are joined (a wrapped sentence), except a line that
starts a list item. Rules that make no grid (underlines, a frame around the page) are ignored.
"""

from __future__ import annotations

import ctypes
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

RULE = 3.0  # points: a path thinner than this is a rule, and rules this close are one
MIN_RULE = 6.0  # points: a shorter segment is no rule (a tick, a bullet's stroke)
LIST_MARK = re.compile(r"^([•·▪●○◦■□►▶✓✔\-–*]|\d{1,3}[.)、](?=\s|\S)|[（(]\d{1,3}[)）]|[①-⑳])")


@dataclass
class Grid:
    """A ruled table: its column edges (left to right), its row edges (top to bottom, page y falling) and the
    vertical rules, to tell a cell spanning columns from two cells."""

    xs: list[float]
    ys: list[float]
    verticals: list[tuple[float, float, float]]  # (x, y low, y high)
    cells: dict[tuple[int, int], list[tuple[str, float, float, float]]] = field(default_factory=dict)

    def contains(self, x: float, y: float) -> bool:
        return self.xs[0] - 1 <= x <= self.xs[-1] + 1 and self.ys[-1] - 1 <= y <= self.ys[0] + 1

    def add(self, char: str, x: float, y: float, right: float) -> None:
        """A character at (x, y) (its box's centre), into the cell around it."""
        row = min(max(sum(1 for edge in self.ys[1:] if y < edge), 0), len(self.ys) - 2)
        column = self._column(bisect_right(self.xs, x) - 1, (self.ys[row] + self.ys[row + 1]) / 2)
        self.cells.setdefault((row, column), []).append((char, x, y, right))

    def _column(self, column: int, mid: float) -> int:
        """The first column of the cell that spans ``column`` in a row (its left rule missing there)."""
        column = min(max(column, 0), len(self.xs) - 2)
        while column > 0 and not any(abs(x - self.xs[column]) <= RULE and low <= mid <= high
                                     for x, low, high in self.verticals):
            column -= 1
        return column

    def rows(self) -> list[list[str]]:
        """The table's rows of cell texts (a spanned cell's text in its first column, the others empty)."""
        out = []
        for row in range(len(self.ys) - 1):
            cells = [_cell_text(self.cells.get((row, column), [])) for column in range(len(self.xs) - 1)]
            if any(cells):
                out.append(cells)
        return out


def title_rows(rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """A table's leading rows of one filled cell (a title spanning the table, "经验教训登记表"), as text, and the rest:
    the header is the first row with two cells or more."""
    titles = []
    while len(rows) > 1 and sum(1 for cell in rows[0] if cell) <= 1:
        titles.append(next((cell for cell in rows[0] if cell), ""))
        rows = rows[1:]
    return [t for t in titles if t], rows


def _cell_text(chars: list[tuple[str, float, float, float]]) -> str:
    """A cell's characters as text: its lines top to bottom, a wrapped line joined, a list item's line kept apart."""
    from ingest.pdf_lines import join_text

    lines: list[list[tuple[str, float, float, float]]] = []
    for char in chars:  # in reading order already; a new line where the baseline drops
        if lines and abs(lines[-1][-1][2] - char[2]) <= RULE:
            lines[-1].append(char)
        else:
            lines.append([char])
    text = ""
    for line in lines:
        part = "".join(c[0] for c in line).strip()
        if not part:
            continue
        text = part if not text else text + "\n" + part if LIST_MARK.match(part) else join_text(text, part)
    return text


MAX_PAIRS = 2_000_000  # horizontal x vertical rules: a page drawn with more is a chart or a drawing, not read for tables


def ruled_grids(page: Any) -> list[Grid]:
    """The ruled tables of a pypdfium2 page, as grids."""
    horizontal, vertical = _rules(page)
    if len(horizontal) * len(vertical) > MAX_PAIRS:
        return []
    grids = []
    for h_group, v_group in _connected(horizontal, vertical):
        xs = _cluster([x for x, _, _ in v_group])
        ys = sorted(_cluster([y for y, _, _ in h_group]), reverse=True)
        if len(xs) >= 3 and len(ys) >= 3:
            grids.append(Grid(xs, ys, v_group))
    return grids


def _rules(page: Any) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """The page's horizontal rules (y, x low, x high) and vertical rules (x, y low, y high)."""
    import pypdfium2.raw as pdfium_c

    horizontal: list[tuple[float, float, float]] = []
    vertical: list[tuple[float, float, float]] = []
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,)):
        for (x0, y0), (x1, y1) in _stroked(obj, pdfium_c):
            if abs(y1 - y0) <= RULE and abs(x1 - x0) >= MIN_RULE:
                horizontal.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
            elif abs(x1 - x0) <= RULE and abs(y1 - y0) >= MIN_RULE:
                vertical.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))
    return horizontal, vertical


MAX_SEGMENTS = 5_000  # a path of more is a drawing, not a table's rules


def _stroked(obj: Any, pdfium_c: Any) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The rules a path object draws: the segments of a stroked path; of a path only filled, its box when it is thin
    (a rule drawn as a filled bar), not the edges of a shaded area (a highlight behind a line of text)."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill), ctypes.byref(stroke)):
        return []
    if stroke.value:
        return _segments(obj, pdfium_c)
    left, bottom, right, top = obj.get_bounds()
    if top - bottom <= RULE:
        return [((left, (bottom + top) / 2), (right, (bottom + top) / 2))]
    if right - left <= RULE:
        return [(((left + right) / 2, bottom), ((left + right) / 2, top))]
    return []


def _segments(obj: Any, pdfium_c: Any) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The straight segments of a path object, in page space (closing segments included)."""
    count = pdfium_c.FPDFPath_CountSegments(obj.raw)
    if count <= 0 or count > MAX_SEGMENTS:
        return []
    matrix = obj.get_matrix()
    x, y = ctypes.c_float(), ctypes.c_float()
    out = []
    start = last = None
    for index in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj.raw, index)
        pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        point = (matrix.a * x.value + matrix.c * y.value + matrix.e, matrix.b * x.value + matrix.d * y.value + matrix.f)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO and last is not None:
            out.append((last, point))
        last = point
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None and last != start:
            out.append((last, start))
            last = start
    return out


def _cluster(values: list[float]) -> list[float]:
    """Values within RULE of each other as one (their first), sorted."""
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > RULE:
            out.append(value)
    return out


def _connected(horizontal: list[tuple[float, float, float]], vertical: list[tuple[float, float, float]]
               ) -> list[tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]]:
    """Groups of rules that touch each other (a horizontal and a vertical that cross or meet): one table each."""
    nodes = [("h", rule) for rule in horizontal] + [("v", rule) for rule in vertical]
    parent = list(range(len(nodes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (kind_a, a) in enumerate(nodes):
        if kind_a != "h":
            continue
        for j in range(len(horizontal), len(nodes)):
            b = nodes[j][1]
            if a[1] - RULE <= b[0] <= a[2] + RULE and b[1] - RULE <= a[0] <= b[2] + RULE:
                parent[find(i)] = find(j)
    groups: dict[int, tuple[list, list]] = {}
    for i, (kind, rule) in enumerate(nodes):
        group = groups.setdefault(find(i), ([], []))
        (group[0] if kind == "h" else group[1]).append(rule)
    return list(groups.values())
