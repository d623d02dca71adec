"""Retrospective structure: blocks -> sections (every heading starts one) + lessons (what retrospective sections hold).

What is never a lesson, wherever it stands: code blocks and quoted text (logs, quoted advice, translator notes),
template guidance and placeholders, meeting metadata and sign-offs ("日期：…", "整理人：…", "Prepared by …"),
lead-ins that announce a list, a table of contents typed as text, and a document's closing remark after its last list.
A document's own title heading never makes its whole body lessons.

``build_structure`` splits label lines (``ingest.line_split``), scans the blocks for what a block's neighbours decide
(``ingest.list_scans``, ``ingest.label_scans``, ``ingest.section_scans``) and reads them in order with
``ingest.builder._Builder``; what is never a lesson is ``ingest.non_lessons.never_a_lesson``; what a heading announces,
``ingest.headings.classify_heading``.
"""

from __future__ import annotations

import re

from ingest.blocks import Block
from ingest.builder import Structure, _Builder
from ingest.heading_shapes import _plans_noun
from ingest.headings import MAX_HEADING_CHARS, as_kind, classify_heading
from ingest.item_headings import item_headings
from ingest.label_scans import (
    _after_lists,
    _citing,
    _label_led,
    _label_lists,
    _lead_ins,
    _lead_kinds,
    _line_points,
    _problem_fixes,
    _titled_items,
)
from ingest.line_split import _split_lines
from ingest.list_scans import (
    _OPTIONS_LEAD,
    _assessed,
    _checklists,
    _fix_steps,
    _label_runs,
    _quoted_lists,
    _topics,
)
from ingest.pitfalls import pits
from ingest.problem_logs import advice_lines, problem_lines
from ingest.section_scans import (
    _containers,
    _flat_runs,
    _headless,
    _item_lists,
    _overviews,
    _parallel_points,
    _reflective_prose,
    _title_heading,
    _title_kind,
    _write_ups,
)
from kb.text import has_han

__all__ = ["build_structure"]  # its Structure is ingest.builder's


def build_structure(blocks: list[Block], title: str, *, template: bool = False, reflective: bool = False,
                    looks_back: bool = False, problem_log: bool = False) -> Structure:
    """Turn blocks into sections (every heading starts one) and lessons (items under retrospective headings).

    Each list item under a recognised heading is a lesson (deeper items belong to it); so is each paragraph
    there, except a lead-in that announces a list; so is each data row of a table there. Sub-headings inherit
    the kind of the recognised heading above them; a narrative heading (timeline, impact, 事故经过) stops that.
    An item or paragraph that starts with a label ("What went well: …", "行动项：…", "[Action Item] …") is a
    lesson of that kind anywhere. In a document that looks back on work (``reflective=True``: a final report, a
    总结, a post-mortem), a Chinese paragraph or item that states a lesson, a cause or a judgement in its own words
    (``ingest.cues``) is a lesson under any heading that announces nothing. A template (``template=True``) gets
    sections but no lessons. What is left to do or planned ("## Remaining Actions", "## 2019 plans") is action items only in a
    retrospective or post-mortem (``looks_back``): a status report's plans are the next week's work. In a problem log
    (``problem_log``: ``ingest.problem_logs``), a line that states a problem before its labelled fix or cause is what
    went wrong, and one that states a rule drawn from a problem, with no label, is a lesson.
    """
    blocks = _kind_items(_byline(_cover_lines(_split_lines(item_headings(_contents(blocks))))))
    title_heading = _title_heading(blocks)
    checklists = _checklists(blocks)
    builder = _Builder(title, template=template, title_heading=title_heading,
                       title_kind=_title_kind(blocks, title_heading, title), write_ups=_write_ups(blocks),
                       headless=_headless(blocks, title),
                       containers=_containers(blocks), assessed=_assessed(blocks), checklists=checklists,
                       reflective=reflective or _reflective_prose(blocks), total=len(blocks), looks_back=looks_back)
    lead_ins = _lead_ins(blocks)
    quoted = _quoted_lists(blocks, lead_ins)
    line_points = _line_points(blocks)
    after_lists = _after_lists(blocks, quoted) - line_points  # what follows a list of options: closing remarks
    quoted |= _quoted_lists(blocks, lead_ins, _OPTIONS_LEAD)
    _scan(builder, blocks, lead_ins, line_points, checklists, looks_back)
    builder.problem_lines = problem_lines(blocks) if problem_log else set()
    builder.advice_lines = advice_lines(blocks) - builder.problem_lines if problem_log else set()
    _read(builder, blocks, quoted, after_lists, lead_ins)
    return builder.finish()


# A date alone on its line: "April 7, 2024", "7 April 2024", "12/09/2014", "2024-04-07".
_DATE_LINE = re.compile(r"^((jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}(st|nd|rd|th)?,? \d{4}"
                        r"|\d{1,2}(st|nd|rd|th)? (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,? \d{4}"
                        r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2})$", re.IGNORECASE)
COVER_LINES = 3  # a title page's lines: the author, the school, the course, the teacher, the date
COVER_WORDS = 7


def _cover_lines(blocks: list[Block]) -> list[Block]:
    """A student paper's title page under its title: short lines, no sentences, one of them a date alone ("Jacob W.
    Palmer", "CSU Global", "ITS320: Basic Programming", "Reinaldo Fernandez", "April 7, 2024"; held 35's course
    reflection): section text that is never a lesson."""
    start = next((i for i, b in enumerate(blocks) if b.kind != "heading"), len(blocks))
    end = start
    while end < len(blocks) and blocks[end].kind == "para" and len(blocks[end].text.split()) <= COVER_WORDS \
            and not blocks[end].text.rstrip().endswith((".", "!", "?", ";", "。", "！", "？", "；")):
        end += 1
    if end - start < COVER_LINES or not any(_DATE_LINE.match(b.text.strip()) for b in blocks[start:end]):
        return blocks
    return blocks[:start] + [Block("note", b.text) for b in blocks[start:end]] + blocks[end:]


# A table of contents' entry set as text: a part's name, a leader of dots and its page ("项目简介 ……………… 4", "1.2 Design
# ........ 7"): Word and PDF reports typed their contents so.
# Each leader is matched from its first character only (the lookbehinds): a search that tried every start inside a long
# run of dots took time as the square of its length (20,000 dots, 12.7 s).
_CONTENTS_ENTRY = re.compile(r"((?<!…)…{2,}|(?<!⋯)⋯{2,}|(?<!\.)\.{4,}|(?<!·)·{4,}|(?<!．)．{4,}|(?<!_)_{4,})\s*\d{1,3}\s*$")
CONTENTS_ENTRIES = 3  # leader lines that make a run a table of contents


def _contents(blocks: list[Block]) -> list[Block]:
    """A table of contents typed as text: from its first entry with a leader and a page number (``_CONTENTS_ENTRY``) to
    its last, CONTENTS_ENTRIES of them at least, with the parts' names it lists without a page between them (a chapter's
    name over its sections'): section text that is never a lesson, nor a heading that opens a part (held 52's express-
    delivery course report listed "项目中遇到的问题" and its six problems so, which became lessons)."""
    out = list(blocks)
    entries = [i for i, b in enumerate(blocks) if b.kind in ("para", "item") and _CONTENTS_ENTRY.search(b.text)]
    start = 0
    while start < len(entries):
        end = start
        while end + 1 < len(entries) and all(_listed_part(b) for b in blocks[entries[end] + 1:entries[end + 1]]):
            end += 1
        if end - start + 1 >= CONTENTS_ENTRIES:
            for i in range(entries[start], entries[end] + 1):
                out[i] = Block("note", blocks[i].text)
        start = end + 1
    return out


def _listed_part(block: Block) -> bool:
    """Whether a block between two entries of a table of contents is a part's name it lists without a page: a short
    line that ends no sentence."""
    text = block.text.strip()
    return block.kind in ("para", "item", "heading") and len(text) <= MAX_HEADING_CHARS and not text.endswith(_SENTENCE_END)


BYLINE_WORDS = 8
_SENTENCE_END = (".", "!", "?", ";", ":", "。", "！", "？", "；", "：")


def _byline(blocks: list[Block]) -> list[Block]:
    """The English lines right under a document's opening heading, before anything else, each short and no sentence: who
    wrote it ("Megan Brust" … "Steven Toub" under held 45's "Final Reflection", "Anisha Yidala – G01223768" under held
    43's "Project Reflection", "Laura Dickinson: SupaGroup (InfraRaid Laser Tag), Charging Station" under held 45's "Final
    Reflection"), the next heading right after them: section text that is never a lesson, with no date
    (``_cover_lines``) as with one. Not a line the heading vocabulary names ("What went well" set as text is a heading),
    nor short lines over a paragraph (held 35's tuner post-mortem: "Review of project goals and outcomes", a form's prompt
    set as text, over its answer)."""
    start = next((i for i, b in enumerate(blocks) if b.kind != "heading"), len(blocks))
    end = start
    while start and end < len(blocks) and _byline_line(blocks[end]):
        end += 1
    if end == len(blocks) or blocks[end].kind != "heading":
        return blocks  # "Review of project goals and outcomes" over its answer: a prompt set as text titles a paragraph
    return blocks[:start] + [Block("note", b.text) for b in blocks[start:end]] + blocks[end:]


def _byline_line(block: Block) -> bool:
    """A paragraph of BYLINE_WORDS words at most, in Latin letters, each capitalised (``_capitalised``), that ends no
    sentence and names no section."""
    text = block.text.strip()
    return block.kind == "para" and 0 < len(text.split()) <= BYLINE_WORDS and not has_han(text) \
        and _capitalised(text) and not text.endswith(_SENTENCE_END) and classify_heading(text) is None


def _capitalised(text: str) -> bool:
    """Whether each word opens with a capital or a digit, as a name does, or a team's, a course's, a student number ("Book
    the data centre engineers early", a slide's point under its title, is no byline)."""
    words = [word.strip("()[],:;–—-") for word in text.split()]
    return all(word[:1].isupper() or word[:1].isdigit() for word in words if word)


def _kind_items(blocks: list[Block]) -> list[Block]:
    """A list item alone that names a kind by the heading vocabulary, with a paragraph after it, not items ("- Things to
    Stop Doing" over a paragraph and titled points, "- Difficulties:" over a paragraph and sub-items: a PDF's or a Word
    form's bulleted sub-heading): a heading one level below the last heading, so what follows it is of its kind. Its
    siblings after it, up to the next heading, head the next parts: items of its depth alone before a paragraph, or
    labels ending in a colon ("- Pending tasks:")."""
    out: list[Block] = []
    level, depth = 0, None  # depth: that of such an item, until a heading
    for i, block in enumerate(blocks):
        if block.kind == "heading":
            level, depth = block.level, None
        before = blocks[i - 1] if i else None
        after = blocks[i + 1] if i + 1 < len(blocks) else None
        text = block.text.rstrip()
        over = _over_items(block, after) and not _nested(blocks, i)
        if block.kind != "item" or block.split or after is None or len(text) > MAX_HEADING_CHARS \
                or text.endswith((".", "。", "!", "！")) or text.endswith(("?", "？")) and not over:
            out.append(block)
            continue
        alone = (after.kind == "para" or over) and (before is None or before.kind != "item" or before.level > block.level)
        if alone and depth is None and as_kind(classify_heading(text)) \
                or depth == block.level and (alone or text.endswith((":", "："))):
            out.append(Block("heading", block.text, level=level + 1))
            depth = block.level
            continue
        out.append(block)
    return [Block("note", b.text) if b.kind == "para" and i and out[i - 1].kind == "heading" and _SAYS_WHAT.match(b.text)
            and blocks[i - 1].kind == "item" else b for i, b in enumerate(out)]


def _over_items(block: Block, after: Block | None) -> bool:
    """An English list item over items one level down, no colon after it ("- What went well", then "  - The instructions
    were clear."; a form's prompt, "- What in my process would I do differently next time?", then its answers): it
    heads them as a heading would, when the heading vocabulary names a kind by it."""
    return after is not None and after.kind == "item" and after.level > block.level and not after.split \
        and not block.text.rstrip().endswith((":", "：")) and not has_han(block.text)


def _nested(blocks: list[Block], i: int) -> bool:
    """Whether the item at i is inside another item: the list above it, up to a block that is no item, holds one of a
    lower level ("- Post-Q&A exercise feedback" over "  - Positive" and "  - Negative": the parent's own parts)."""
    level = blocks[i].level
    for block in reversed(blocks[:i]):
        if block.kind != "item":
            return False
        if block.level < level:
            return True
    return False


# What such a part's first paragraph says its points are ("These refer to usability problems …", "These are responses,
# or elements of improvement, …"): the part's definition, no lesson.
_SAYS_WHAT = re.compile(r"^(these|this section|this part)\b[^.]{0,40}?\b(refers?|are|were|describes?|lists?)\b", re.IGNORECASE)


def _scan(builder: _Builder, blocks: list[Block], lead_ins: set[int], line_points: set[int], checklists: set[int],
          looks_back: bool) -> None:
    """Give the builder what the scans find in the blocks before it reads them."""
    builder.label_lists = _label_lists(blocks)
    builder.fix_steps = _fix_steps(blocks)
    # A checked-off line titles nothing; nor does a fix's last step, or a label's line over one more of its points.
    builder.titled = _titled_items(blocks) - checklists - builder.fix_steps - {i - 1 for i in line_points}
    builder.topics = _topics(blocks)
    builder.citing = _citing(blocks)
    builder.problem_fixes = _problem_fixes(blocks)
    builder.pits = pits(blocks)
    builder.paragraphs = {i: b.text for i, b in enumerate(blocks) if b.kind == "para"}
    builder.parallel = _parallel_points(blocks, builder.write_ups)
    builder.overviews = _overviews(blocks)
    builder.run_labels, builder.run_kinds = _label_runs(blocks)
    builder.lead_kinds = {i: lead for i, lead in _lead_kinds(blocks, lead_ins).items()
                          if looks_back or not _plans_noun(blocks[i].text, lead[0])}
    builder.label_led = _label_led(blocks, builder.lead_kinds)
    builder.flat_runs = _flat_runs(blocks)
    builder.item_lists = _item_lists(blocks)


def _read(builder: _Builder, blocks: list[Block], quoted: set[int], after_lists: set[int], lead_ins: set[int]) -> None:
    """Add the blocks to the builder in order: a quoted list's items as quotes."""
    for index, block in enumerate(blocks):
        if index in quoted:
            builder.add(Block("quote", block.text))
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        announces = block.kind == "item" and following is not None and (
            following.kind == "code" or following.kind == "item" and following.level > block.level)
        builder.add(block, closing=index in after_lists, lead_in=index in lead_ins, announces=announces)
