"""Scans of a document's sections and title, before any block is read: its title heading and the kind the title names,
what a document with no heading is (``_Headless``), whether its prose looks back, headings over a sub-heading of
their own kind, over a write-up, over list items alone, over parallel numbered points or over flat parts, and the
paragraphs that introduce a section's sub-sections.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.blocks import Block
from ingest.cues import cue_kind
from ingest.heading_shapes import _CONTEXT, _LESSONS_TITLE, _numbering, _states_point
from ingest.headings import as_kind, classify_heading, normalize_heading, reflections
from ingest.kind_words import label_kind
from ingest.line_shapes import _NUMBERED, _heading_like
from kb.models import LessonKind

REFLECTIVE_BLOCKS = 2


def _reflective_prose(blocks: list[Block]) -> bool:
    """Whether a document's own prose looks back, whatever its name: REFLECTIVE_BLOCKS paragraphs or items or more
    that state a lesson, a cause or a judgement in their own words (a developer's running bug notes, "突然意识到，这是
    个很关键的问题", "这个 issue 漏出去的原因还是因为…")."""
    return sum(1 for b in blocks if b.kind in ("para", "item") and cue_kind(b.text)) >= REFLECTIVE_BLOCKS


def _containers(blocks: list[Block]) -> set[int]:
    """Headings with a sub-heading of their own kind ("个人总结" > "课程学习自我总结", "个人博客清单", "特别鸣谢"): the
    author named the part that holds the lessons, so the other sub-sections do not inherit the kind ("Action items" >
    "Prevention", "Detection" is not one: its sub-headings are kinds of action items)."""
    out: set[int] = set()
    for i, block in enumerate(blocks):
        own = classify_heading(block.text) if block.kind == "heading" else None
        if not own:
            continue
        if reflections(block.text):
            # "Team Reflections" > "Zachary Whitaker - Project Manager" over labelled lists ("Challenges Faced:"): each
            # member's part, read as its own; a member's paragraphs under their name alone are reflections (r-review3).
            if any(b.kind in ("item", "para") and b.text.rstrip().endswith((":", "：")) and label_kind(b.text)
                   for b in blocks[i + 1:_section_end(blocks, i)]):
                out.add(i)
            continue
        child: int | None = None  # the level of the heading's direct sub-headings
        for later in blocks[i + 1:]:
            if later.kind == "heading" and later.level <= block.level:
                break
            if later.kind != "heading":
                continue
            child = later.level if child is None else min(child, later.level)
            # Only a direct sub-heading names the part: "个人总结" > "廖均达" > "经验教训总结" is one member's part, and
            # the other members' paragraphs under their names are their summaries too.
            if later.level == child and classify_heading(later.text) == own:
                out.add(i)
                break
    return out


def _section_end(blocks: list[Block], i: int) -> int:
    """Where blocks[i]'s section ends: the next heading of its level or a higher one."""
    return next((k for k in range(i + 1, len(blocks)) if blocks[k].kind == "heading" and blocks[k].level <= blocks[i].level),
                len(blocks))


WRITE_UP_BLOCKS = 6


def _write_ups(blocks: list[Block]) -> set[int]:
    """Headings whose section (down to the next heading of the same or a higher level) holds a code block, or runs
    to WRITE_UP_BLOCKS blocks or more: under an inherited kind ("遇到的问题及解决方案" > "1. Core: support chemacs" >
    config, commands, usage, output) such a section is a technical write-up of one task, not a list of lessons."""
    return {i for i, (size, _, code) in _section_sizes(blocks).items() if code or size >= WRITE_UP_BLOCKS}


def _item_lists(blocks: list[Block]) -> set[int]:
    """Headings whose section holds list items and nothing else (no paragraph, code or table): a list, however long."""
    return {i for i, (size, items, _) in _section_sizes(blocks).items() if size and size == items}


def _section_sizes(blocks: list[Block]) -> dict[int, tuple[int, int, int]]:
    """What each heading's section (down to the next heading of the same or a higher level) holds: its blocks that are
    not headings, its list items and its code blocks. One pass: a section closes when a heading of its level or higher
    comes (a stack of the open headings), and the running counts at its start and end give its size (linear in the
    blocks; scanning on from each heading was quadratic)."""
    size = items = code = 0
    opened: list[tuple[int, int, int, int, int]] = []  # (index, level, and the counts before it)
    out: dict[int, tuple[int, int, int]] = {}

    def close(until: int) -> None:
        while opened and opened[-1][1] >= until:
            index, _, size_before, items_before, code_before = opened.pop()
            out[index] = (size - size_before, items - items_before, code - code_before)

    for i, block in enumerate(blocks):
        if block.kind == "heading":
            close(block.level)
            opened.append((i, block.level, size, items, code))
        else:
            size += 1
            items += block.kind == "item"
            code += block.kind == "code"
    close(-(10 ** 9))  # the sections still open end with the document
    return out


def _title_heading(blocks: list[Block]) -> int | None:
    """The index of the document's title heading: its only level-1 heading, first, with other headings after it."""
    headings = [i for i, b in enumerate(blocks) if b.kind == "heading"]
    level_one = [i for i in headings if blocks[i].level == 1]
    if len(level_one) == 1 and headings and headings[0] == level_one[0] and len(headings) > 1:
        return level_one[0]
    return None


def _title_kind(blocks: list[Block], title_heading: int | None, title: str = "") -> LessonKind | None:
    """The kind a title announces ("WMS上线项目经验教训汇总"): the list items of its ordinary sections are lessons of
    that kind (their paragraphs and tables, the preamble, and context sections such as a background are not). With no
    title heading, a document's own name does if it names lessons outright ("经验总结.md" over "### update_time 问题"
    and its advice), not a generic kind word ("总结")."""
    if title_heading is None:
        headed = any(b.kind == "heading" for b in blocks)
        return LessonKind.LESSON if headed and _LESSONS_TITLE.match(normalize_heading(title)) else None
    text = blocks[title_heading].text
    # "Lessons learned while developing blue-ray-godot-game (and maybe …)": a title that opens with the lessons.
    opens = LessonKind.LESSON if _LESSONS_TITLE.match(normalize_heading(text)) else None
    return as_kind(classify_heading(text)) or opens


@dataclass(frozen=True)
class _Headless:
    """What a document with no heading at all is, by the kind its own title names ("Lessons Learned.docx", "经验教训")."""

    kind: LessonKind | None = None  # its list items, and its points numbered in the text ("1、…"), are lessons of it
    log: bool = False  # list items and no paragraph that acts as a heading: a log under its name, in one section of
    # that kind, whose label lines ("Enhancements -") part it and whose English notes of a fact are no lessons
    prose: bool = False  # paragraphs only, none numbered: each paragraph that judges is a lesson of that kind


def _headless(blocks: list[Block], title: str) -> _Headless:
    """The kind a document's title names when it has no heading: its list items and numbered points are lessons of it,
    its paragraphs only where it holds nothing else and its name says lessons outright (``_Headless.prose``)."""
    if any(b.kind == "heading" for b in blocks):
        return _Headless()
    kind = as_kind(classify_heading(title))
    items = any(b.kind == "item" for b in blocks)
    return _Headless(kind, kind is not None and items and not any(_heading_like(b) for b in blocks),
                     kind is not None and not items and bool(_LESSONS_TITLE.match(normalize_heading(title)))
                     and all(b.kind == "para" and not _NUMBERED.match(b.text) and not _heading_like(b)
                             for b in blocks if b.kind != "note"))  # a caption, a contents line: about the text


PARALLEL_POINTS = 3


def _parallel_points(blocks: list[Block], write_ups: set[int]) -> set[int]:
    """The numbered sub-headings of a heading of lessons ("## 关键教训" > "### 1. 立即验证而非假设正确", "### 2. macOS 窗口
    行为复杂度高于预期", …), PARALLEL_POINTS of them or more, where one that is no write-up states its point
    (``_states_point``): parallel points, each one the lesson of its section, however short its words or long its body
    ("### 4. Rust 路径处理" over a paragraph and code). Sub-headings that all name topics ("3. 多线程相关") are none."""
    out: set[int] = set()
    for i, block in enumerate(blocks):
        if block.kind != "heading" or as_kind(classify_heading(block.text)) != LessonKind.LESSON:
            continue
        children: list[int] = []
        for k in range(i + 1, len(blocks)):
            later = blocks[k]
            if later.kind != "heading":
                continue
            if later.level <= block.level:
                break
            if not children or later.level == blocks[children[0]].level:
                children.append(k)
        numbered = [k for k in children if _numbering(blocks[k].text) == "arabic"]
        if len(numbered) >= PARALLEL_POINTS and len(numbered) == len(children) \
                and any(_states_point(blocks[k].text) and k not in write_ups for k in numbered):
            out.update(numbered)
    return out


FLAT_PARTS = 2  # a heading and one more of its level after an empty kind heading: parts, not the next section


def _flat_runs(blocks: list[Block]) -> set[int]:
    """Headings right above FLAT_PARTS headings of their own level or more that name nothing (before one that names
    something or stands higher): where ``_Builder._flat_level`` may read those as parts. One "## Notes" after an empty
    "## What went well" is the next section of a form."""
    out: set[int] = set()
    for i, block in enumerate(blocks[:-1]):
        if block.kind != "heading" or blocks[i + 1].kind != "heading" or blocks[i + 1].level != block.level:
            continue
        parts = 0
        for later in blocks[i + 1:]:
            if later.kind != "heading" or later.level > block.level:
                continue
            if later.level < block.level or classify_heading(later.text) is not None \
                    or _CONTEXT.match(normalize_heading(later.text)):
                break
            parts += 1
        if parts >= FLAT_PARTS:
            out.add(i)
    return out


OVERVIEW_SUBSECTIONS = 2


def _overviews(blocks: list[Block]) -> set[int]:
    """The paragraphs between a heading and its first sub-heading that name OVERVIEW_SUBSECTIONS of its sub-headings or
    more ("…特别是在便捷性、AI场景下的能力以及传统框架能力的适配等方面…" above "便捷性", "AI场景下的能力"): what the section's
    parts will say, not a point of its own."""
    out: set[int] = set()
    for i, block in enumerate(blocks):
        if block.kind != "heading":
            continue
        j = i + 1
        while j < len(blocks) and blocks[j].kind == "para":
            j += 1
        if j == i + 1 or j >= len(blocks) or blocks[j].kind != "heading" or blocks[j].level <= block.level:
            continue
        subs: list[str] = []
        for later in blocks[j:]:
            if later.kind == "heading" and later.level <= block.level:
                break
            if later.kind == "heading" and later.level == blocks[j].level:
                subs.append(normalize_heading(later.text))
        out.update(k for k in range(i + 1, j)
                   if sum(1 for sub in subs if len(sub) >= 2 and sub in blocks[k].text.lower()) >= OVERVIEW_SUBSECTIONS)
    return out
