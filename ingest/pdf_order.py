"""A PDF page's lines in reading order (``ingest.pdf_doc``): where the text layer goes back up the page to put a line
above lines of its own column that it has already given, the line is read where it stands.

Most files write a page's text in the order it is read, a column at a time, and PDFium gives it so. Some write the
body first and the headings after it (held 28's F#/Unity post-mortem gives each page's title and headings at the end of
its text, so the body fell under the heading of the page before); others draw code boxes or a figure's caption after
the text around them. Such a line is moved up to stand before the first line already read that is below it and in
its column (overlapping it from left to right), after any lines standing between the two. A line that goes back up
beside what was read (the next column of a two-column page or a table of contents, a table's next cell) has no line of
its column below it, and stays where the text layer put it.
"""

from __future__ import annotations

import statistics
from itertools import pairwise

from ingest.pdf_lines import Line

LEVEL = 0.5  # line pitches: baselines this close stand level (a superscript, a cell's line beside the next cell's)
DEFAULT_PITCH = 12.0  # points, for a page of one line


def reading_order(lines: list[Line]) -> list[Line]:
    """A page's lines, each that the text layer gives after a line of its column standing below it moved up."""
    level = LEVEL * _pitch(lines)
    out: list[Line] = []
    for line in lines:
        at = _place(out, line, level) if out and line.baseline > out[-1].baseline + level else None
        if at is None:
            out.append(line)
        else:
            out.insert(at, line)
    return out


def _place(out: list[Line], line: Line, level: float) -> int | None:
    """Where a line goes among the lines read before it: before the first of its column that stands below it (and
    before the lines standing between the two); None when none of its column stands below it."""
    at = next((i for i, other in enumerate(out)
               if other.baseline < line.baseline - level and _overlaps(other, line)), None)
    if at is None:
        return None
    floor = out[at].baseline - level
    while at > 0 and floor <= out[at - 1].baseline < line.baseline - level:
        at -= 1
    return at


def _overlaps(a: Line, b: Line) -> bool:
    """Whether two lines share some of their width (stand in one column)."""
    return min(a.right, b.right) > max(a.left, b.left)


def _pitch(lines: list[Line]) -> float:
    """The page's usual distance from one line to the next, as the text layer gives them."""
    gaps = [a.baseline - b.baseline for a, b in pairwise(lines) if a.baseline > b.baseline]
    return statistics.median(gaps) if gaps else DEFAULT_PITCH
