"""A PDF's text layer as lines (``ingest.pdf_doc``): each character's text, size, weight and position, read with
pypdfium2, gathered into lines; a line read across a wide gap keeps its pieces (table cells, two columns)."""

from __future__ import annotations

import ctypes
import re
import statistics
import unicodedata
from array import array
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from ingest.pdf_tables import Grid, ruled_grids, title_rows
from kb.errors import IngestError
from kb.text import is_cjk, normalize_space

MAX_PAGES = 2_000
# Characters that set no ink and that some PDF makers write between words: the zero-width space, the word joiner, the
# byte-order mark (not the joiners, which shape emoji and scripts). Read, they counted as text: "What\u200b \u200bwent\u200b
# \u200bwell?" named no heading (held 48's sprint retrospective exported by Google Docs, e-gen28en).
_INVISIBLE = frozenset("\u200b\u2060\ufeff")
CELL_GAP = 2.0  # a gap this many characters wide inside a line separates table cells or columns


@dataclass
class Line:
    """One line of a page's text layer."""

    text: str
    size: float
    bold: bool
    left: float
    right: float
    baseline: float
    page: int
    chars: int = 0
    page_height: float = 0.0
    mono: bool = False  # every character in a fixed-pitch face (Courier, Consolas, "…Mono"): code, a command, a log
    # Pieces of the line set apart by a wide gap (a table's cells, two columns), with their left and right edges.
    cells: list[tuple[str, float, float]] = field(default_factory=list)
    column_right: float = 0.0  # the right edge of the column the line was read from, when the page has two
    table: list[list[str]] = field(default_factory=list)  # a whole table read from several lines: its rows
    # Each character and its left and right edges (packed, two floats a character: a long PDF has millions), to split
    # the line where an unruled table's columns part (``ingest.pdf_grid``).
    glyph_chars: str = field(default="", repr=False, compare=False)
    glyph_edges: array = field(default_factory=lambda: array("f"), repr=False, compare=False)

    @property
    def glyphs(self) -> list[tuple[str, float, float]]:
        """Each character of the line as read, with its left and right edges."""
        edges = self.glyph_edges
        return [(char, edges[2 * i], edges[2 * i + 1]) for i, char in enumerate(self.glyph_chars)]


def read_lines(data: bytes) -> tuple[list[list[Line]], dict[str, str]]:
    """Every page's lines, and the document information dictionary."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise IngestError("the PDF is password-protected: save a copy without a password") from None
        raise IngestError(f"not a readable PDF ({str(exc)[:80]})") from None
    try:
        if len(document) > MAX_PAGES:
            raise IngestError(f"the PDF has {len(document):,} pages, more than {MAX_PAGES:,}")
        pages = [_page_lines(document, number) for number in range(len(document))]
        return pages, document.get_metadata_dict(skip_empty=True)
    finally:
        document.close()


def _page_lines(document: Any, number: int) -> list[Line]:
    import pypdfium2.raw as pdfium_c

    page = document[number]
    textpage = page.get_textpage()
    height = page.get_height()
    grids = ruled_grids(page)
    placed: dict[int, int] = {}  # grid -> how many lines were read before its first character (where it stands)
    try:
        lines: list[Line] = []
        current: list[tuple[str, float, bool, float, float, float, bool]] = []
        sizes: list[float] = []  # of the tables' characters
        name = ctypes.create_string_buffer(128)
        fixed: dict[bytes, bool] = {}  # whether a face is fixed-pitch, by its name (asked once a face)
        flags = ctypes.c_int()
        x, y = ctypes.c_double(), ctypes.c_double()
        for index in range(textpage.count_chars()):
            code = pdfium_c.FPDFText_GetUnicode(textpage, index)
            char = chr(code) if 0 < code < 0x110000 else ""
            if char in ("\n", "\r") or (char == "" and current):
                if char == "\n" or char == "":
                    _close_line(current, lines, number, height)
                    current = []
                continue
            if char in _INVISIBLE:
                continue  # a zero-width space between every word (Google Docs' export): no ink, and it hid the words
            if char == "\x02":  # PDFium's mark for a hyphen at a line end (it runs the lines together): end the line
                if current:
                    current.append(("-", *current[-1][1:]))
                _close_line(current, lines, number, height)
                current = []
                continue
            size = pdfium_c.FPDFText_GetFontSize(textpage, index)
            weight = pdfium_c.FPDFText_GetFontWeight(textpage, index)
            pdfium_c.FPDFText_GetFontInfo(textpage, index, name, 128, ctypes.byref(flags))
            bold = weight >= 600 or b"bold" in name.value.lower() or b"black" in name.value.lower()
            left, _bottom, right, _top = textpage.get_charbox(index)
            pdfium_c.FPDFText_GetCharOrigin(textpage, index, ctypes.byref(x), ctypes.byref(y))
            grid = next((k for k, g in enumerate(grids) if g.contains((left + right) / 2, y.value)), None)
            if grid is not None:  # a ruled table's character: into its cell, not into a line
                if current:
                    _close_line(current, lines, number, height)
                    current = []
                placed.setdefault(grid, len(lines))
                grids[grid].add(char, (left + right) / 2, y.value, right)
                sizes.append(size)
                continue
            face = name.value
            mono = fixed.get(face)
            if mono is None:
                mono = fixed[face] = bool(_MONO.search(face))
            current.append((char, size, bold, left, right, y.value, mono))
        _close_line(current, lines, number, height)
        for grid in sorted(placed, key=lambda k: placed[k], reverse=True):
            lines[placed[grid]:placed[grid]] = _table_lines(grids[grid], number, height, sizes)
        return lines
    finally:
        textpage.close()
        page.close()


def _table_lines(grid: Grid, page: int, height: float, sizes: list[float]) -> list[Line]:
    """A ruled table as lines: its title rows as text, then one pseudo-line carrying its rows (``Line.table``)."""
    titles, rows = title_rows([[dedupe_glyphs(cell) for cell in row] for row in grid.rows()])
    size = round(statistics.median(sizes), 1) if sizes else 0.0
    left, right, top = grid.xs[0], grid.xs[-1], grid.ys[0]
    out = [Line(text=normalize_space(title), size=size, bold=False, left=left, right=right, baseline=top, page=page,
                chars=len(title), page_height=height) for title in titles]
    if rows:
        text = " | ".join(" ".join(normalize_space(cell) for cell in row) for row in rows)
        out.append(Line(text=text, size=size, bold=False, left=left, right=right, baseline=top, page=page,
                        chars=len(text), page_height=height, table=rows))
    return out


def dedupe_glyphs(text: str) -> str:
    """Drop a CJK compatibility ideograph or Kangxi radical written beside the ideograph it stands for: some PDF
    makers map one glyph to both ("了\uf9ba", "\u2f00一"), so every such character came out twice."""
    out: list[str] = []
    for char in text:
        if out and _same_glyph(out[-1], char):
            out[-1] = unicodedata.normalize("NFKC", char)
            continue
        out.append(char)
    return "".join(out)


def _same_glyph(a: str, b: str) -> bool:
    compat = [c for c in (a, b) if "\uf900" <= c <= "\ufaff" or "\u2e80" <= c <= "\u2fdf"]
    return bool(compat) and a != b and unicodedata.normalize("NFKC", a) == unicodedata.normalize("NFKC", b)


def _close_line(chars: list[tuple[str, float, bool, float, float, float, bool]], lines: list[Line], page: int,
                height: float) -> None:
    text = dedupe_glyphs("".join(c[0] for c in chars))
    inked = [c for c in chars if c[0].strip()]
    if not inked:
        return
    size = statistics.median(c[1] for c in inked)
    bold = sum(c[2] for c in inked) >= 0.8 * len(inked)
    latin = [c for c in inked if c[0].isascii()]  # Chinese in a listing falls back to a CJK face
    mono = bool(latin) and all(c[6] for c in latin) and len(latin) >= MONO_SHARE * len(inked)
    lines.append(Line(text=normalize_space(text), size=round(size, 1), bold=bold, mono=mono, left=min(c[3] for c in inked),
                      right=max(c[4] for c in inked), baseline=inked[0][5], page=page, chars=len(inked),
                      page_height=height, cells=_cells(chars, size), glyph_chars="".join(c[0] for c in chars),
                      glyph_edges=array("f", [edge for c in chars for edge in (c[3], c[4])])))


# A fixed-pitch face by its name: what code, commands and logs are set in.
_MONO = re.compile(rb"courier|consol|mono|menlo|monaco|lucidaconsole|lucida console|lucidasanstypewriter|source ?code"
                   rb"|fira ?code|inconsolata|jetbrains|cascadia|fixedsys|typewriter", re.IGNORECASE)
MONO_SHARE = 0.5  # a line in a fixed-pitch face is mostly Latin: Chinese prose set in one is still prose
Glyph = tuple[str, float, float]  # a character and its left and right edges
Piece = tuple[str, float, float]  # a piece of a line's text and its left and right edges


def split_at_gaps(glyphs: list[Glyph], gap: float) -> list[list[Glyph]]:
    """A line's characters parted wherever more than ``gap`` points stand between two inked ones."""
    pieces: list[list[Glyph]] = [[]]
    last_right: float | None = None
    for glyph in glyphs:
        if glyph[0].strip():
            if last_right is not None and glyph[1] - last_right > gap:
                pieces.append([])
            last_right = glyph[2]
        pieces[-1].append(glyph)
    return pieces


def piece_texts(pieces: list[list[Glyph]]) -> list[Piece]:
    """Each piece's text with the edges of its inked characters; pieces of blanks alone are left out."""
    out = []
    for piece in pieces:
        inked = [g for g in piece if g[0].strip()]
        if inked:
            out.append((normalize_space(dedupe_glyphs("".join(g[0] for g in piece))), min(g[1] for g in inked),
                        max(g[2] for g in inked)))
    return out


def _cells(chars: list[tuple[str, float, bool, float, float, float, bool]], size: float) -> list[Piece]:
    """The pieces of a line set apart by gaps wider than CELL_GAP characters: (text, left, right); [] for one."""
    pieces = split_at_gaps([(c[0], c[3], c[4]) for c in chars], CELL_GAP * size)
    if len(pieces) < 2 or _justified(pieces, size):
        return []
    out = piece_texts(pieces)
    return out if len(out) > 1 else []


JUSTIFIED_SPREAD = 0.25  # gaps within this share of the font size of each other are one justified line's spaces
JUSTIFIED_PIECE = 10  # characters: a cell this long beside gaps all alike is prose, not a row of a table


def _justified(pieces: list[list[Glyph]], size: float) -> bool:
    """Whether a line's wide gaps are the stretched spaces of a justified line ("…为空；6   月   22   日   02:30", a
    Chinese line with a few spaces to take up its slack), not a table's: two gaps or more all alike, beside text
    longer than a table's short cells."""
    inked = [[c for c in piece if c[0].strip()] for piece in pieces]
    inked = [piece for piece in inked if piece]
    gaps = [b[0][1] - a[-1][2] for a, b in pairwise(inked)]
    return (len(gaps) >= 2 and max(gaps) - min(gaps) <= JUSTIFIED_SPREAD * size
            and max(len(piece) for piece in inked) >= JUSTIFIED_PIECE)


def join_text(text: str, more: str) -> str:
    if re.search(r"[A-Za-z]-$", text) and more[:1].islower():
        return text[:-1] + more  # hyphenation
    if is_cjk(text[-1:]) or is_cjk(more[:1]):
        return text + more
    return f"{text} {more}"


def body_size(lines: list[Line]) -> float:
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += line.chars
    return sizes.most_common(1)[0][0]
