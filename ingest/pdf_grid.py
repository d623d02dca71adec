"""A PDF page's unruled tables (``ingest.pdf_layout``): a header of short labels that name kinds of lessons ("Start
doing", "Stop doing", "Keep doing"; "问题", "原因", "改进措施"), set apart by wide gaps, over cells set in columns with
no rules drawn (a shaded header, a table exported with its borders off).

PDFium reads such a table cell by cell or line by line across it; either way its lines come out jumbled, two cells'
lines run together where their gap is narrow. Here the columns are found where the text leaves a gutter under the
gaps between the header's labels; each line's characters go to the column they stand in; a column's lines close
together are one cell, and cells whose first lines stand level are one row.
"""

from __future__ import annotations

from itertools import pairwise

from ingest.pdf_lines import Line, Piece, dedupe_glyphs, join_text, piece_texts, split_at_gaps
from ingest.pdf_tables import LIST_MARK
from ingest.tables import register_columns, retro_columns
from kb.text import normalize_space

HEADER_GAP = 1.5  # characters: a gap this wide between a header's labels parts its columns
MAX_LABEL = 24  # characters: a header label is a word or two
MAX_COLUMNS = 6
PIECE_GAP = 1.2  # characters: a gap this wide inside a body line parts two cells' text
END_GAP = 6.0  # body sizes: a larger vertical gap ends the table
MIN_GUTTER = 0.3  # body sizes: the narrowest free strip that parts two columns
LEVEL = 0.3  # body sizes: baselines this close stand level
LEVEL_ROWS = 0.5  # line pitches: cells whose tops stand this close start one row
SPACED = 1.5  # rows this many times further apart than the closest lines stand apart from each other


def unruled_table(lines: list[Line], start: int) -> tuple[Line, int] | None:
    """The table whose header is ``lines[start]``, as one line carrying its rows, and the index after its last line;
    None when that line is no such header or no table stands under it."""
    header = lines[start]
    if len(header.text) > MAX_LABEL * MAX_COLUMNS or header.table:
        return None  # too long for a row of labels: not split (most lines)
    labels = _pieces(header, HEADER_GAP)
    names = [text for text, _, _ in labels]
    if len(labels) < 2 or any(len(name) > MAX_LABEL for name in names) \
            or not (retro_columns(names) or register_columns(names)):
        return None
    end = _body_end(lines, start, labels)
    body = lines[start + 1:end]
    if len(body) < 2:
        return None
    bounds = _gutters(body, labels)
    if bounds is None:
        return None
    rows = _rows(body, bounds)
    if not any(sum(1 for cell in row if cell) >= 2 for row in rows):  # cells side by side somewhere
        return None
    table = [names, *rows]
    text = " | ".join(" ".join(row) for row in table)
    return Line(text=text, size=header.size, bold=False, left=header.left, right=header.right,
                baseline=header.baseline, page=header.page, chars=len(text), page_height=header.page_height,
                table=table), end


def _pieces(line: Line, gap: float) -> list[Piece]:
    """A line's text split where a gap wider than ``gap`` characters of its size parts it."""
    return piece_texts(split_at_gaps(line.glyphs, gap * line.size))


def _body_end(lines: list[Line], start: int, labels: list[Piece]) -> int:
    """The index after the table's last line: it ends at a new page, a line set larger, a line in bold under cells
    that are not (a heading in the body's size), a wide gap above a line, or a piece of text wider than a column (a
    paragraph across the page)."""
    header = lines[start]
    column = max(b[1] - a[1] for a, b in pairwise(labels)) * 1.15
    end = start + 1
    last = header
    while end < len(lines):
        line = lines[end]
        if line.page != header.page or line.size > header.size + 0.6 or line.table \
                or line.bold and not any(body.bold for body in lines[start + 1:end]) and end > start + 1 \
                or abs(last.baseline - line.baseline) > END_GAP * header.size and end > start + 1:
            break
        if any(right - left > column for _, left, right in _pieces(line, PIECE_GAP)) \
                or line.left < labels[0][1] - column:
            break
        last = line
        end += 1
    return end


def _gutters(body: list[Line], labels: list[Piece]) -> list[float] | None:
    """The x where each column ends: the middle of the widest strip free of text in every body line between two
    labels; None where a pair of labels has none."""
    size = body[0].size
    bounds = []
    for (_, _, right), (_, left, _) in pairwise(labels):
        inked = sorted((g[1], g[2]) for line in body for g in line.glyphs if g[0].strip() and g[2] > right and g[1] < left)
        free, edge = (0.0, right), right
        for g_left, g_right in inked:
            if g_left - edge > free[0]:
                free = (g_left - edge, (g_left + edge) / 2)
            edge = max(edge, g_right)
        if left - edge > free[0]:
            free = (left - edge, (left + edge) / 2)
        if free[0] < MIN_GUTTER * size:
            return None
        bounds.append(free[1])
    return bounds


def _rows(body: list[Line], bounds: list[float]) -> list[list[str]]:
    """The table's rows: each line's text cut at the column bounds. Where rows stand further apart than lines (a
    cell's wrapped lines close together), a column's close lines are one cell and cells level at their first lines
    one row; where lines stand evenly, a line is a row, its first cell empty where it wraps the row above."""
    fragments: list[tuple[float, int, str]] = []  # (baseline, column, text)
    for line in body:
        parts: list[list[tuple[str, float, float]]] = [[] for _ in range(len(bounds) + 1)]
        for glyph in line.glyphs:
            middle = (glyph[1] + glyph[2]) / 2
            parts[sum(1 for bound in bounds if middle > bound)].append(glyph)
        for column, glyphs in enumerate(parts):
            text = normalize_space(dedupe_glyphs("".join(g[0] for g in glyphs)))
            if text:
                fragments.append((line.baseline, column, text))
    baselines = _levels([f[0] for f in fragments], body[0].size * LEVEL)
    gaps = [a - b for a, b in pairwise(baselines)]
    if gaps and max(gaps) > SPACED * min(gaps):
        return _spaced_rows(fragments, len(bounds) + 1, min(gaps))
    listed = {column for _, column, text in fragments if LIST_MARK.match(text)}  # columns that are lists
    rows: list[list[str]] = []
    for baseline in baselines:
        cells = [""] * (len(bounds) + 1)
        for f_baseline, column, text in fragments:
            if abs(f_baseline - baseline) > body[0].size * LEVEL:
                continue
            above = [row for row in rows if row[column]]
            if column in listed and not LIST_MARK.match(text) and above:  # a list item's wrapped line
                above[-1][column] = join_text(above[-1][column], text)
            else:
                cells[column] = _join(cells[column], text) if cells[column] else text
        if not any(cells):
            continue
        if rows and not cells[0] and 0 not in listed:  # a cell wrapped onto the next line: part of the row above
            rows[-1] = [_join(a, b) if a and b else a or b for a, b in zip(rows[-1], cells, strict=True)]
        else:
            rows.append(cells)
    return rows


def _join(text: str, more: str) -> str:
    """A cell's next line after its text: a new line where it starts a list item (read as a point of its own)."""
    return f"{text}\n{more}" if LIST_MARK.match(more) else join_text(text, more)


def _levels(baselines: list[float], tolerance: float) -> list[float]:
    """Distinct heights, top first: baselines within ``tolerance`` of the one above are at its level."""
    out: list[float] = []
    for baseline in sorted(baselines, reverse=True):
        if not out or out[-1] - baseline > tolerance:
            out.append(baseline)
    return out


def _spaced_rows(fragments: list[tuple[float, int, str]], columns: int, pitch: float) -> list[list[str]]:
    """Rows of a table whose rows stand apart: a column's lines within a line pitch of each other are one cell, and
    cells whose first lines stand level are one row."""
    cells: list[tuple[float, int, str]] = []  # (top baseline, column, text)
    last = 0.0  # the baseline of the last cell's last line
    for baseline, column, text in sorted(fragments, key=lambda f: (f[1], -f[0])):
        if cells and cells[-1][1] == column and last - baseline <= pitch * (SPACED + 1) / 2:
            top, _, before = cells[-1]
            cells[-1] = (top, column, _join(before, text))
        else:
            cells.append((baseline, column, text))
        last = baseline
    rows: list[list[str]] = []
    tops: list[float] = []
    for top, column, text in sorted(cells, key=lambda cell: (-cell[0], cell[1])):
        if not tops or tops[-1] - top > pitch * LEVEL_ROWS or rows[-1][column]:
            rows.append([""] * columns)
            tops.append(top)
        rows[-1][column] = text
    return rows
