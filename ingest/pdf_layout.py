"""A page's tables and two-column stretches (``ingest.pdf_doc``): lines split into pieces at the same left edges."""

from __future__ import annotations

from dataclasses import replace

from ingest.pdf_grid import unruled_table
from ingest.pdf_lines import Line, join_text


def page_layout(lines: list[Line]) -> list[Line]:
    """A page's lines with its tables and two-column stretches resolved.

    A run of lines split into cells at the same left edges is a table when its first line reads like a header
    (short cells) or it has three columns or more: one pseudo-line carrying its rows, a cell's wrapped second line
    joined to the cell above it. A run of two-piece lines that is not a table is two columns set line by line
    across the page: the left column is read first, then the right.
    """
    out: list[Line] = []
    i = 0
    while i < len(lines):
        if grid := unruled_table(lines, i):
            out.append(grid[0])
            i = grid[1]
            continue
        run = _cell_run(lines, i)
        if len(run) < 2:
            out.append(lines[i])
            i += 1
            continue
        first = lines[i].cells
        if len(first) >= 3 or all(len(text) <= 12 for text, _, _ in first):
            out.append(_table(lines, run))
        else:
            out.extend(_columns(lines, run))
        i = run[-1] + 1
    return out


def _cell_run(lines: list[Line], start: int) -> list[int]:
    """Indexes of the lines from ``start`` that share its cells' left edges (a wrapped cell's line included)."""
    if not lines[start].cells:
        return []
    columns = [left for _, left, _ in lines[start].cells]
    tolerance = lines[start].size * 1.5
    run = [start]
    for j in range(start + 1, len(lines)):
        pieces = lines[j].cells or [(lines[j].text, lines[j].left, lines[j].right)]
        aligned = all(any(abs(left - c) <= tolerance for c in columns) for _, left, _ in pieces)
        # A line of one piece continues the run only as a wrapped cell, not at the first column's edge.
        if not aligned or (not lines[j].cells and abs(pieces[0][1] - columns[0]) <= tolerance):
            break
        run.append(j)
    return run


def _table(lines: list[Line], run: list[int]) -> Line:
    columns = [left for _, left, _ in lines[run[0]].cells]
    rows: list[list[str]] = []
    for j in run:
        pieces = lines[j].cells or [(lines[j].text, lines[j].left, lines[j].right)]
        cells = [""] * len(columns)
        for text, left, _ in pieces:
            column = min(range(len(columns)), key=lambda c: abs(columns[c] - left))
            cells[column] = join_text(cells[column], text) if cells[column] else text
        if rows and not cells[0]:  # a cell wrapped onto the next line: part of the row above
            rows[-1] = [join_text(a, b) if a and b else a or b for a, b in zip(rows[-1], cells)]
        else:
            rows.append(cells)
    first = lines[run[0]]
    text = " | ".join(" ".join(row) for row in rows)
    return Line(text=text, size=first.size, bold=False, left=first.left, right=first.right, baseline=first.baseline,
                page=first.page, chars=len(text), page_height=first.page_height, table=rows)


def _columns(lines: list[Line], run: list[int]) -> list[Line]:
    """Two columns set line by line: the left one's lines, then the right one's; a line of one piece (a column's line
    wrapped where the other has none) in the column whose edge it starts at."""
    lefts = [left for _, left, _ in lines[run[0]].cells]
    out: list[Line] = []
    for column in range(2):
        right = max(lines[j].cells[column][2] for j in run if len(lines[j].cells) > column)
        for j in run:
            line = lines[j]
            if not line.cells:
                if min(range(len(lefts)), key=lambda c: abs(lefts[c] - line.left)) == column:
                    out.append(replace(line, column_right=right))
                continue
            if len(line.cells) <= column:
                continue
            text, left, piece_right = line.cells[column]
            out.append(Line(text=text, size=line.size, bold=line.bold, left=left, right=piece_right,
                            baseline=line.baseline, page=line.page, chars=len(text), page_height=line.page_height,
                            column_right=right))
    return out
