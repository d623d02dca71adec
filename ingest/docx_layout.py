"""What a Word file's layout says beyond its styles, read over the blocks ``ingest.docx_body`` walked: sections numbered
with list numbering or typed "一 …", "二 …" with a space, a cover typed as Normal lines, questions over their answers,
and short lines that name a kind over their points."""

from __future__ import annotations

import re

from ingest.blocks import Block
from ingest.headings import as_kind, classify_heading

_SENTENCE_END = re.compile(r"[.。!！?？;；,，]$")


def read_layout(blocks: list[Block], numbered: set[int]) -> list[Block]:
    """The blocks with what the layout says applied: ``numbered_titles`` (``numbered``: the indexes of the items of a
    numbered list), ``spaced_numerals``, ``cover_notes``, ``question_headings``, then ``kind_lines``."""
    return kind_lines(question_headings(cover_notes(spaced_numerals(numbered_titles(blocks, numbered)))))


# A line numbered with a Chinese numeral and a space, not "、" ("四 可以改进的地方").
_SPACED_NUMERAL = re.compile(r"^(?P<n>[一二三四五六七八九十]{1,3})[ \u3000]+(?P<rest>\S.*)$")
_DIGITS = "一二三四五六七八九"
SPACED_TITLES = 2


def spaced_numerals(blocks: list[Block]) -> list[Block]:
    """Blocks with the sections an author numbered 一 二 三 … with a space instead of "、", in Normal paragraphs, made
    headings of the level "一、" has ("三 遇到的问题以及解决方法", "四 可以改进的地方" in held 28's practice report): short
    lines, no sentence, whose numerals count 一, 二, 三 … in order, SPACED_TITLES of them or more. Else the sections'
    points were read as text of the paragraph before, and the lines themselves as points."""
    lines = [i for i, b in enumerate(blocks) if b.kind == "para" and len(b.text) <= TITLE_CHARS
             and not _SENTENCE_END.search(b.text) and _SPACED_NUMERAL.match(b.text)]
    numbers = [_numeral(_SPACED_NUMERAL.match(blocks[i].text).group("n")) for i in lines]
    if len(lines) < SPACED_TITLES or numbers != list(range(1, len(lines) + 1)):
        return blocks
    titles = set(lines)
    return [Block("heading", b.text, level=2) if i in titles else b for i, b in enumerate(blocks)]


def _numeral(text: str) -> int | None:
    """The value of a Chinese numeral up to 九十九 ("四" 4, "十二" 12, "二十" 20), or None."""
    tens, ten, units = text.rpartition("十")
    if any(part and (len(part) > 1 or part not in _DIGITS) for part in (tens, units)):
        return None
    value = _DIGITS.index(units) + 1 if units else 0
    return value + ((_DIGITS.index(tens) + 1 if tens else 1) * 10 if ten else 0)


TITLE_CHARS = 30


MAX_QUESTION_CHARS = 120
COVER_LINES = 2  # a cover is a title and one line more at least (an author, a course, a date)
COVER_CHARS = 40
PROSE_CHARS = 80


TITLE_ITEM_CHARS = 20
NUMBERED_TITLES = 2


def numbered_titles(blocks: list[Block], numbered: set[int]) -> list[Block]:
    """Blocks with the sections an author numbered with Word's list numbering made headings: a short item of a numbered
    list, no sentence, with paragraphs under it ("一、事故经过" then what happened, "三、教训" then the lesson) or closing the
    file, where NUMBERED_TITLES items or more are so. Else its paragraphs were read as text after a list."""
    titles = [i for i in sorted(numbered) if (i + 1 == len(blocks) or blocks[i + 1].kind == "para")
              and blocks[i].level == 1 and len(blocks[i].text) <= TITLE_ITEM_CHARS
              and not _SENTENCE_END.search(blocks[i].text) and not re.search(r"[:：]", blocks[i].text)]
    if len(titles) < NUMBERED_TITLES:
        return blocks
    level = min((b.level for b in blocks if b.kind == "heading"), default=1) + 1
    return [Block("heading", b.text, level=level) if i in titles else b for i, b in enumerate(blocks)]


def cover_notes(blocks: list[Block]) -> list[Block]:
    """Blocks with a cover typed as Normal paragraphs made notes: the short lines that open a file with no heading
    before its first paragraph of prose ("Cottontail Carl’s Continuous Cardio", "Nick Rekuch", "SDEV 264", then "I wanted
    to take a moment to type up a few closing thoughts …") are its title, author and course, no lessons. Lines that name
    a kind of lesson ("What went well") are not a cover."""
    count = 0
    for block in blocks:
        if block.kind != "para" or len(block.text) > COVER_CHARS or _SENTENCE_END.search(block.text) \
                or classify_heading(block.text) or ":" in block.text or "：" in block.text:
            break
        count += 1
    if count < COVER_LINES or count >= len(blocks) or blocks[count].kind != "para" \
            or len(blocks[count].text) < PROSE_CHARS:
        return blocks
    return [Block("note", b.text) for b in blocks[:count]] + blocks[count:]


def question_headings(blocks: list[Block]) -> list[Block]:
    """Blocks with each question that names a kind of lesson and is answered below it made a heading one level under
    the last heading: a paragraph over a list ("What you did well?" in Normal style over 'List Paragraph' bullets), or a
    list item over paragraphs ("- What went wrong?" and the answer under it), as a retrospective form's questions are
    written in Word. Else its answers would be read as text of the section above."""
    level = 1
    out: list[Block] = []
    for block, following in zip(blocks, [*blocks[1:], None], strict=False):  # none at all: a Word file without text
        if block.kind == "heading":
            level = block.level or level
        elif following is not None and {block.kind, following.kind} == {"para", "item"} and _asks_kind(block.text):
            block = Block("heading", block.text, level=min(level + 1, 6))
        out.append(block)
    return out


KIND_LINE_CHARS = 12
KIND_LINE_PARAS = 2


def kind_lines(blocks: list[Block]) -> list[Block]:
    """Blocks with each short line that names a kind of lesson ("模型提升关键点", "不足") and stands over two paragraphs
    or numbered points at least made a heading, in a document whose headings are typed as plain or numbered Normal
    lines, neither bold nor styled, as held 26's 竞赛总结 has them (up to the first heading the writer styled or typed
    as a numbered heading: from there short lines are what they look like). Else its paragraphs would be read as text
    of the section above, or the line itself as one more point of a list."""
    out: list[Block] = []
    for i, block in enumerate(blocks):
        if block.kind == "heading" and not _kind_line(block.text):
            return out + blocks[i:]  # the writer styles headings: a short line is not one
        # A line of a kind after a point is one more point, unless lines of a kind already head this document's parts.
        after_point = i > 0 and blocks[i - 1].kind == "item" and not any(b.kind == "heading" for b in out)
        if block.kind in ("para", "item") and _kind_line(block.text) and not after_point \
                and _points_after(blocks, i + 1) >= KIND_LINE_PARAS:
            block = Block("heading", block.text.rstrip(":："), level=2)
        out.append(block)
    return out


def _kind_line(text: str) -> bool:
    """A line short of a sentence that names a kind of lesson by its own words."""
    return len(text) <= KIND_LINE_CHARS and not _SENTENCE_END.search(text) and bool(as_kind(classify_heading(text)))


def _points_after(blocks: list[Block], start: int) -> int:
    """How many paragraphs or items longer than a line of a kind follow before the next heading or line of a kind."""
    count = 0
    for block in blocks[start:]:
        if block.kind == "heading" or block.kind in ("para", "item") and _kind_line(block.text):
            break
        count += block.kind in ("para", "item") and len(block.text) > KIND_LINE_CHARS
    return count


def _asks_kind(text: str) -> bool:
    """A question that names a kind of lesson ("What went wrong?", "哪些方面需要改进？"), by its own words."""
    if not re.search(r"[?？]$", text) or len(text) > MAX_QUESTION_CHARS:
        return False
    return bool(as_kind(classify_heading(text)))
