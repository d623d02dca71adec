"""A PDF's lines as blocks (``ingest.pdf_doc``): headings (by size, weight or numbering), list items (by bullet,
level from indentation) and paragraphs (wrapped lines joined)."""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field, replace

from ingest.blocks import Block
from ingest.heading_shapes import numbered_heading_level
from ingest.line_labels import FIX_LABEL, PROBLEM_LABEL, inline_label
from ingest.pdf_lines import Line, body_size, join_text
from ingest.tables import register_columns, table_blocks

HEADING_RATIO = 1.15  # a line this much larger than the body text is a heading
MAX_HEADING_CHARS = 60
MIN_SIZE = 0.5  # a body text set smaller than this (a font size of 0 in the file) has no usable size
STAND_IN_SIZE = 10.0  # the size such text is read at when its lines' spacing does not tell one
# A list mark; "1." and "a)" only before a space, so that a wrapped line starting "2.5 million" or "e.g." is text. Word's
# second-level bullet, a Courier "o", reads as a letter: "o Key Takeaway: …" (a lower-case "o" alone, a capital after it).
_BULLET = re.compile(r"^([•·▪●○◦■□►▶✓✔\-–*]|\d{1,3}[.)](?=\s)|\d{1,3}、|[（(]\d{1,3}[)）]|[①-⑳]|[a-z][.)](?=\s)"
                     r"|(?-i:o)(?=\s+(?-i:[A-Z])))\s*",
                     re.IGNORECASE)
_BULLET_ONLY = re.compile(r"^[•·▪●○◦■□►▶✓✔\-–*]$")
_SENTENCE_END = re.compile(r"[.。!！?？;；:：]$")
# A line that stops on a word in mid-sentence (a Latin letter, no stop, colon nor closing mark after it).
_OPEN_END = re.compile(r"[A-Za-z]$")


@dataclass
class _Flow:
    """The blocks being built, and the paragraph or item lines are being joined into."""

    blocks: list[Block] = field(default_factory=list)
    open: Block | None = None
    last: Line | None = None
    right: float = 0.0  # the right edge of the text column
    table: tuple[list[str], int] | None = None  # the header and page of the table read last, while nothing follows it
    item_left: float = 0.0  # the left edge of the open list item's first line (its mark)


def lines_to_blocks(lines: list[Line]) -> list[Block]:
    """Headings, list items and paragraphs from lines (see the module docstring)."""
    if not lines:
        return []
    body = body_size(lines)
    if body < MIN_SIZE:
        lines, body = _sized(lines)
    margin = _item_margin(lines, _body_left(lines, body))
    pitch = _typical_pitch(lines, body)
    heading_sizes = sorted({ln.size for ln in lines if ln.size >= body * HEADING_RATIO}, reverse=True)[:5]
    flow = _Flow()
    flow.right = _body_right(lines, body)
    for line in lines:
        _add_line(flow, line, body, margin, pitch, heading_sizes)
    return flow.blocks


def _sized(lines: list[Line]) -> tuple[list[Line], float]:
    """Lines whose text is set at (next to) size 0, which is still text to read: every distance is measured in
    body sizes, so the lines under MIN_SIZE are read as body text of the size their spacing suggests."""
    gaps = [a.baseline - b.baseline for a, b in itertools.pairwise(lines) if a.page == b.page and a.baseline > b.baseline]
    body = round(statistics.median(gaps) / 1.5, 1) if gaps else STAND_IN_SIZE
    body = body if body >= MIN_SIZE else STAND_IN_SIZE
    return [replace(ln, size=body) if ln.size < MIN_SIZE else ln for ln in lines], body


def _add_line(flow: _Flow, line: Line, body: float, margin: float, pitch: float,
              heading_sizes: list[float]) -> None:
    if line.table:
        rows = _continued_table(flow.table, line)
        flow.blocks.extend(table_blocks(rows))
        flow.open, flow.last, flow.table = None, None, (rows[0], line.page)
        return
    flow.table = None
    last = flow.last
    if line.mono:
        # A line set in a fixed-pitch face ("mysql -u root -p", "npm run dev"): code, a command or a log, never a
        # lesson; the lines of one listing are one block.
        if flow.open is not None and flow.open.kind == "code" and last is not None and last.mono:
            flow.open.text += "\n" + line.text
        else:
            flow.blocks.append(Block("code", line.text))
            flow.open = flow.blocks[-1]
        flow.last = line
        return
    level = _heading_level(line, body, heading_sizes)
    text = line.text
    if level is not None and flow.open is not None and flow.open.kind == "para" and last is not None \
            and last.size == line.size and _continues(last, line, pitch, body, flow.right):
        level = None  # the last line of a paragraph set large ("…and achieve" / "better results.")
    if level is not None and _wraps_item(flow, last, line, pitch, body):
        level = None  # "● Learned how to use JUnit; … its good for" / "being used for": the item's wrapped line
    if level is not None:
        previous = flow.blocks[-1] if flow.blocks else None
        if (previous is not None and previous.kind == "heading" and last is not None and last.size == line.size
                and flow.open is previous and _close_below(last, line, pitch * 1.6)):
            previous.text = join_text(previous.text, text)  # a heading wrapped onto a second line
        else:
            flow.blocks.append(Block("heading", text, level=level))
            flow.open = flow.blocks[-1]
    elif flow.open is not None and flow.open.text and _BULLET_ONLY.match(flow.open.text) \
            and flow.open.kind == "item":
        flow.open.text = text  # a bullet PDFium set on a line of its own: the next line is its text
    elif (m := _BULLET.match(text)) and (len(text) > len(m.group(0)) or _BULLET_ONLY.match(text)):
        depth = 1 + max(0, round((line.left - margin) / (body * 1.8)))
        item_text = text[len(m.group(0)):] or m.group(1)
        flow.blocks.append(Block("item", item_text, level=min(depth, 6)))
        flow.open = flow.blocks[-1]
        flow.item_left = line.left
    elif flow.open is not None and flow.open.kind in ("para", "item") and last is not None and (
            flow.open.kind == "item" and _hangs(flow.item_left, last, line, pitch, body)
            or _continues(last, line, pitch, body, flow.right)):
        flow.open.text = join_text(flow.open.text, text)
    else:
        flow.blocks.append(Block("para", text))
        flow.open = flow.blocks[-1]
    flow.last = line


def _wraps_item(flow: _Flow, last: Line | None, line: Line, pitch: float, body: float) -> bool:
    """Whether a line that looks like a heading goes on with the open list item instead: it opens in lower case, under
    the item's text (held 26's bullet 'Lessons Learned' PDF, whose wrapped lines were read as headings and cut the
    item from its sub-list)."""
    return flow.open is not None and flow.open.kind == "item" and last is not None and line.text[:1].islower() \
        and _hangs(flow.item_left, last, line, pitch, body)


def _hangs(item_left: float, last: Line, line: Line, pitch: float, body: float) -> bool:
    """Whether a line goes on with the list item above it by its hanging indent: it starts right of the item's mark,
    about where the item's text does, on the next line ("1. MVC 架构实操：…理解依赖方向" then "（Model←…→View）" under its
    text) — whatever its size (a line opening with code in a smaller face) and however short the line above."""
    indent = line.left - item_left
    return line.page == last.page and body * 0.8 <= indent <= body * 3 and _close_below(last, line, pitch * 1.6)


def _continued_table(last: tuple[list[str], int] | None, line: Line) -> list[list[str]]:
    """A table's rows; where it goes on from the register on the page before (nothing between them, the same
    columns, and no header of its own: a table broken across pages, its header not repeated), under that header."""
    rows = line.table
    if last is None or line.page != last[1] + 1 or len(rows[0]) != len(last[0]) or register_columns(rows[0]) \
            or not register_columns(last[0]):
        return rows
    return [last[0], *rows]


def _heading_level(line: Line, body: float, heading_sizes: list[float]) -> int | None:
    text = line.text
    if len(text) > MAX_HEADING_CHARS * 2 or _BULLET_ONLY.match(text):
        return None
    if line.size in heading_sizes and len(text) <= MAX_HEADING_CHARS:  # longer, it is text set large
        return heading_sizes.index(line.size) + 1
    short = len(text) <= MAX_HEADING_CHARS and not re.search(r"[.。!！?？;；,，]$", text)
    if short and line.bold and abs(line.size - body) <= max(0.6, body * 0.1) and not _BULLET.match(text):
        return len(heading_sizes) + 1
    # Bold and a little larger than the text (12 pt over 11): a heading, numbered ("3. …") or asking ("…？").
    if line.bold and body + 0.6 <= line.size and len(text) <= MAX_HEADING_CHARS and not re.search(r"[.。;；,，]$", text):
        return len(heading_sizes) + 1
    numbered = numbered_heading_level(text)
    if numbered is not None:
        return min(numbered + max(len(heading_sizes) - 1, 0), 6)
    return None


def _continues(last: Line, line: Line, pitch: float, body: float, right: float = 0.0) -> bool:
    """Whether a line goes on with the paragraph the last line is in."""
    right = last.column_right or right
    if right and _CJK_END.search(last.text) and last.right < right - 3 * body and not line.text[:1].isascii():
        return False  # Chinese fills its lines: one that stops well short of the margin ends its paragraph
    if abs(line.size - last.size) > 0.6 and not _runs_on(last, line, pitch, body, right):
        return False
    if line.page != last.page:
        return not _SENTENCE_END.search(last.text)
    if not _close_below(last, line, pitch * 1.35):
        return False
    if _SENTENCE_END.search(last.text) and _SECTION_NUMBER.match(line.text):
        return False  # "…避免上线后返工。" then "三、改进措施：…": a numbered section starts after a sentence
    if right and not _clause_goes_on(last, line) and _fits_after(last, line, right, body):
        return False  # "…Googlers. (filed https://…/133509)" then "The monitoring system…": the next word would have fit
    if _SENTENCE_END.search(last.text) and _labelled(line.text):
        return False  # "…after the turn had ended." then "Solution: …": a labelled paragraph starts after a sentence
    # A line that ends a sentence well short of the right margin ends its paragraph.
    return not (_SENTENCE_END.search(last.text) and last.right < line.right - 3 * body)


def _runs_on(last: Line, line: Line, pitch: float, body: float, right: float) -> bool:
    """Whether a line set at another size still goes on with the sentence of the line above: that line fills the
    column and stops mid-sentence, and this one starts at its left edge on the next line. A line's size is its
    characters' median, so a line mostly of code in a smaller face ("原因：… Builder 在调用 toFile() 前必须至少调用一" then
    "次 scale() 或 size() 。…") differs from the text around it."""
    return (bool(right) and line.page == last.page and not _SENTENCE_END.search(last.text)
            and last.right >= right - 2 * body and abs(line.left - last.left) <= body * 0.5
            and min(line.size, last.size) >= 0.75 * max(line.size, last.size) and _close_below(last, line, pitch * 1.35))


def _clause_goes_on(last: Line, line: Line) -> bool:
    """Whether a line ends on a comma, or on a word with no stop after it, and the next opens in lower case: one sentence
    broken after a clause, wherever the line stops ("Since direct manipulation of the logic is not supposed to happen,"
    then "the C# script calls …", held 28's F#/Unity post-mortem, set a clause a line), or wrapped in a narrow box ("Good
    communication between" then "different teams involved in the incident", held 43's post-incident deck; held 39's
    audit reflection and held 45's retrospective board wrap so too: e-gen25en)."""
    return (last.text.endswith(",") or bool(_OPEN_END.search(last.text))) and line.text[:1].islower()


def _fits_after(last: Line, line: Line, right: float, body: float) -> bool:
    """Whether the first word of a line of Latin text would have fitted at the end of the line before it: a wrapped
    line is broken only when the next word does not fit, so the line before ended its paragraph or item, with a full
    stop or without one (an action item's line, "Add what you are doing to the Trello" then "Check off …"). Widths are
    estimated from the line's own characters."""
    words = line.text.split()
    if not words or not line.text[:1].isascii() or len(line.text) < 2 or re.search(r"\w-$", last.text):
        return False  # a word hyphenated at the line's end goes on
    per_char = (line.right - line.left) / len(line.text)
    return last.right + per_char * (len(words[0]) + 1) < right - body


def _labelled(text: str) -> bool:
    """A line that opens with a label of a kind ("Solution: …", "问题：…", "教训：…")."""
    return bool(PROBLEM_LABEL.match(text) or FIX_LABEL.match(text) or inline_label(text))


_SECTION_NUMBER = re.compile(r"^\s*(第[一二三四五六七八九十百\d]+[章篇部节]|[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[)）])")
_CJK_END = re.compile(r"[\u4e00-\u9fff。！？」』”）]$")


def _body_right(lines: list[Line], body: float) -> float:
    """The right edge of the text column: where most body lines end (a high percentile of their right edges)."""
    rights = sorted(ln.right for ln in lines if abs(ln.size - body) < 0.6)
    return rights[int(len(rights) * 0.9)] if len(rights) >= 3 else 0.0


def _close_below(last: Line, line: Line, limit: float) -> bool:
    gap = last.baseline - line.baseline
    return 0 < gap <= limit


def _body_left(lines: list[Line], body: float) -> float:
    lefts = Counter(round(ln.left) for ln in lines if abs(ln.size - body) < 0.6)
    return float(min(lefts.most_common(3))[0]) if lefts else 0.0


def _item_margin(lines: list[Line], margin: float) -> float:
    """The left edge list levels are counted from: the body's, or the leftmost bullet's where bullets stand left of
    it. A document of lists alone has its body edge at its most common (second-level) marks, and the first level,
    left of it, was read at the same level as the second: "• Successes" then "o Utilized lightweight processes"
    were siblings, and no point stood under its heading (held 48's enzyme stability post-mortem)."""
    marks = [ln.left for ln in lines if (m := _GLYPH_MARK.match(ln.text)) and len(ln.text) > len(m.group(0))]
    return min([margin, *marks])


# A list mark that is a glyph (not a number nor a letter: "1. Time system" set bold in the margin is a section's number,
# its "a) …" points the section's text, e-gen28en).
_GLYPH_MARK = re.compile(r"^([•·▪●○◦■□►▶✓✔\-–*]|(?-i:o)(?=\s+(?-i:[A-Z])))\s*")


def _typical_pitch(lines: list[Line], body: float) -> float:
    gaps = [a.baseline - b.baseline for a, b in itertools.pairwise(lines)
            if a.page == b.page and abs(a.size - body) < 0.6 and abs(b.size - body) < 0.6 and a.baseline > b.baseline]
    return statistics.median(gaps) if gaps else body * 1.5
