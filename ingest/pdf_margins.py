"""Running headers, footers and page numbers of a PDF (``ingest.pdf_doc``), found by where they stand and that they
repeat, and dropped."""

from __future__ import annotations

import re
from collections import Counter

from ingest.pdf_lines import Line, body_size

MARGIN = 0.09  # the top and bottom share of a page where running headers and footers live
_PAGE_NUMBER = re.compile(r"^[-–—\s]*(page\s*)?\d+(\s*(/|of|de)\s*\d+)?[-–—\s]*$|^第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?$"
                          r"|^[-–—\s]*[ivxlc]+[-–—\s]*$", re.IGNORECASE)
_NUMBERS = re.compile(r"\d+")


def drop_running_lines(pages: list[list[Line]]) -> list[Line]:
    """All pages' lines without running headers, footers and page numbers.

    A running line is near the top or bottom of its page and the same (numbers aside) at the same height on at
    least half the pages (two at least), or on a one-page document smaller than the body text; a page number is a
    number alone ("- 3 -", "Page 3 of 9", "第 3 页") there.
    """
    def in_margin(line: Line) -> bool:
        return line.baseline > line.page_height * (1 - MARGIN) or line.baseline < line.page_height * MARGIN

    def key(line: Line) -> tuple[str, int]:
        return _NUMBERS.sub("#", line.text), round(line.baseline / 6)

    repeated = Counter(k for page in pages for k in {key(x) for x in page if in_margin(x)})
    needed = max(2, (len(pages) + 1) // 2)
    # A one-page document cannot repeat its header: there, a margin line set smaller than the body text is one.
    body = body_size([line for page in pages for line in page]) if len(pages) == 1 else 0.0
    return [line for page in pages for line in page
            if not (in_margin(line) and (_PAGE_NUMBER.match(line.text) or repeated[key(line)] >= needed
                                         or line.size < body - 1))]
