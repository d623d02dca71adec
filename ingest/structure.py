"""Retrospective structure: which headings hold which kind of lesson, and blocks -> sections + lessons."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ingest.blocks import Block
from kb.models import LessonKind, ParsedLesson, ParsedSection

DRIVING_EVENT = "driving_event"

# (pattern, kind) on a normalised heading (lower case, numbering and decoration removed). Where several
# patterns match, the one that matches earliest in the heading wins ("lessons learned and recommendations"
# is a lessons section); ties go to the earlier entry.
_HEADING_PATTERNS: list[tuple[str, str]] = [
    (r"driving events?|驱动事件|^(事件经过|事件描述|背景与经过|事件背景)$", DRIVING_EVENT),
    ((r"root[ -]?causes?( analysis)?|^(why it happened|contributing factors|causes?|causal factors)$"
      r"|根本原因|根因|原因分析"), LessonKind.ROOT_CAUSE),
    ((r"action items?|^(actions?|next steps?|follow[ -]?ups?|follow[ -]?up actions|action plan|to ?dos?)$"
      r"|行动项|行动计划|后续(行动|计划|跟进|工作)|改进措施|整改措施|跟进事项|^(待办|待办事项|下一步|下一步计划)$"),
     LessonKind.ACTION_ITEM),
    (r"recommendations?|recommendation\(s\)|^suggestions?|suggested improvements|^(改进|优化)?建议|意见与建议",
     LessonKind.RECOMMENDATION),
    ((r"lessons?(\(s\))? learn(ed|t)|key (learnings|takeaways)|^(learnings|takeaways|insights|lessons)$"
      r"|经验(与|和|及)?教训|^教训|经验总结|^(心得|体会|启示|收获)"), LessonKind.LESSON),
    ((r"(did ?n[o']?t|did not) go (well|to plan)|what went wrong|went wrong|could (have been|be) (improved|better)"
      r"|(needs?|areas? for|room for|opportunities for) improvement|to improve|what didn'?t work|pain points?"
      r"|^(challenges|problems|issues|concerns|difficulties|obstacles|improvements?|what was hard|"
      r"issues encountered|problems encountered|challenges (and|&) issues|issues (and|&) risks|delta)$"
      r"|^(存在的?)?(问题|不足)|不足之处|需要改进|待改进|有待改进|做得不(好|够|足)|不好的(地方|方面)|"
      r"^(遇到的)?(问题|困难|挑战)|^挑战|教训与不足|^痛点"), LessonKind.WENT_WRONG),
    ((r"what went (well|right)|went well|what worked|^(successes|strengths|highlights|wins|keep doing|keep|"
      r"what we did well|things that went well|positives|plus)$|做得(好|不错|比较好)|^(亮点|成功经验|优点|优势|"
      r"值得保持|好的(地方|方面)|值得肯定|可取之处|成绩|成果与亮点)"), LessonKind.WENT_WELL),
]
_COMPILED = [(re.compile(p), k) for p, k in _HEADING_PATTERNS]
_NUMBERING = re.compile(
    r"^\s*(第[一二三四五六七八九十百\d]+[章节部分条]\s*|[一二三四五六七八九十]+\s*[、.．]\s*|"
    r"[(（]\s*[一二三四五六七八九十\d]+\s*[)）]\s*|\d+(\.\d+)*\s*[、.．)）]?\s+|\d+\s*[、．]\s*|"
    r"[a-z]\s*[.)]\s+|[ivx]+\s*[.)]\s+)", re.IGNORECASE)
_MAX_HEADING_CHARS = 60


def classify_heading(text: str) -> str | None:
    """The lesson kind (or ``driving_event``) a heading announces, or None for an ordinary heading."""
    norm = normalize_heading(text)
    if not norm or len(norm) > _MAX_HEADING_CHARS:
        return None
    best: tuple[int, int, str] | None = None
    for order, (pattern, kind) in enumerate(_COMPILED):
        m = pattern.search(norm)
        if m and (best is None or (m.start(), order) < best[:2]):
            best = (m.start(), order, kind)
    return best[2] if best else None


def normalize_heading(text: str) -> str:
    """Lower case, without numbering ("一、", "3.", "(2)"), emoji, decoration or a trailing colon."""
    text = unicodedata.normalize("NFKC", text).strip()
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] in "LNZP" or ch in "()&'")
    text = _NUMBERING.sub("", text, count=1)
    text = re.sub(r"[*_#`]+", "", text)
    text = re.sub(r"\s+", " ", text).strip(" :：-—.。!！?")
    return text.lower()


def as_kind(value: str | None) -> LessonKind | None:
    """A lesson kind from a classification (driving events are not lessons)."""
    return LessonKind(value) if value and value != DRIVING_EVENT else None


@dataclass
class Structure:
    """Sections and lessons of one document."""

    sections: list[ParsedSection] = field(default_factory=list)
    lessons: list[ParsedLesson] = field(default_factory=list)
    driving_event: str | None = None


def build_structure(blocks: list[Block], title: str) -> Structure:
    """Turn blocks into sections (every heading starts one) and lessons (items under retrospective headings).

    Each list item under a recognised heading is a lesson (deeper items belong to it); so is each
    paragraph there, except a lead-in that ends with a colon; so is each data row of a table there.
    Sub-headings inherit the kind of the recognised heading above them.
    """
    builder = _Builder(title)
    for block in blocks:
        builder.add(block)
    return builder.finish()


@dataclass
class _Open:
    level: int
    kind: str | None


class _Builder:
    def __init__(self, title: str) -> None:
        self.out = Structure()
        self.stack: list[_Open] = []
        self.texts: list[list[str]] = []
        self.kind: str | None = None
        self.item_base: int | None = None
        self.table_header: list[str] | None = None
        self.driving: list[str] = []
        self.last_lesson_depth: int | None = None
        self._new_section(title, 0, None)

    def add(self, block: Block) -> None:
        if block.kind == "heading":
            self._heading(block.text, block.level)
        elif block.kind == "para" and len(block.text) <= _MAX_HEADING_CHARS and classify_heading(block.text):
            # A bold line or "What went well:" paragraph that acts as a heading.
            level = (self.stack[-1].level + 1) if self.stack else 2
            self._heading(block.text, min(level, 6), pseudo=True)
        elif block.kind == "item":
            self._item(block)
        elif block.kind == "row":
            self._row(block)
        elif block.kind == "note":  # speaker notes: kept with their slide's section, never a lesson
            self.texts[-1].append(block.text)
        else:
            self._para(block.text)

    def _heading(self, text: str, level: int, pseudo: bool = False) -> None:
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        own = classify_heading(text)
        inherited = next((o.kind for o in reversed(self.stack) if o.kind), None)
        kind = own or inherited
        self.stack.append(_Open(level, own))
        self._new_section(text, level, kind)

    def _new_section(self, heading: str, level: int, kind: str | None) -> None:
        if self.texts and not self.texts[-1] and self.out.sections and self.out.sections[-1].level == 0:
            # Drop an empty preamble section.
            self.out.sections.pop()
            self.texts.pop()
        self.out.sections.append(ParsedSection(heading=heading, level=level, text="", kind=as_kind(kind)))
        self.texts.append([])
        self.kind = kind
        self.item_base = None
        self.table_header = None
        self.last_lesson_depth = None

    def _item(self, block: Block) -> None:
        if self.item_base is None or block.level < self.item_base:
            self.item_base = block.level
        depth = block.level - self.item_base
        self.texts[-1].append("  " * depth + "- " + block.text)
        if self.kind == DRIVING_EVENT:
            self.driving.append(block.text)
        elif self.kind and (depth == 0 or not self._current_section_lessons()):
            self._lesson(block.text)
        elif self.kind:
            self.out.lessons[-1].text += _joiner(self.out.lessons[-1].text) + block.text

    def _para(self, text: str) -> None:
        self.texts[-1].append(text)
        if self.kind == DRIVING_EVENT:
            self.driving.append(text)
        elif self.kind and not text.rstrip().endswith((":", "：")):
            self._lesson(text)

    def _row(self, block: Block) -> None:
        self.texts[-1].append(block.text)
        if block.lessons:  # a register table's row says its lessons' kinds itself (ingest.tables)
            for found in block.lessons:
                self._lesson(found.text, found.kind, found.title)
            return
        if block.header or self.table_header is None and self.kind and _looks_like_header(block.cells):
            self.table_header = block.cells
            return
        if not self.kind or self.kind == DRIVING_EVENT:
            return
        first, rest = block.cells[0], block.cells[1:]
        header = self.table_header or []
        details = [f"{header[i + 1]}: {c}" if i + 1 < len(header) and header[i + 1] else c
                   for i, c in enumerate(rest) if c]
        text = f"{first} ({'; '.join(details)})" if details and first else (first or "; ".join(details))
        if text:
            self._lesson(text)

    def _lesson(self, text: str, kind_value: str | None = None, title: str | None = None) -> None:
        kind = LessonKind(kind_value or self.kind)
        section_index = len(self.out.sections) - 1
        title = title or _lead(text)
        self.out.lessons.append(ParsedLesson(kind=kind, text=text, section_index=section_index, title=title))

    def _current_section_lessons(self) -> bool:
        index = len(self.out.sections) - 1
        return bool(self.out.lessons) and self.out.lessons[-1].section_index == index

    def finish(self) -> Structure:
        for section, lines in zip(self.out.sections, self.texts):
            section.text = "\n".join(lines)
        if self.out.sections and not self.out.sections[0].text and len(self.out.sections) > 1 \
                and self.out.sections[0].level == 0:
            self.out.sections.pop(0)
            for lesson in self.out.lessons:
                lesson.section_index = None if lesson.section_index is None else lesson.section_index - 1
        if self.driving:
            self.out.driving_event = "\n".join(self.driving)
            for lesson in self.out.lessons:
                lesson.driving_event = self.out.driving_event
                if lesson.kind == LessonKind.LESSON:
                    lesson.lesson = lesson.text
                elif lesson.kind == LessonKind.RECOMMENDATION:
                    lesson.recommendation = lesson.text
        return self.out


def _looks_like_header(cells: list[str]) -> bool:
    return len(cells) > 1 and all(0 < len(c) <= 20 for c in cells)


def _joiner(text: str) -> str:
    """How a sub-item is appended to its lesson: Chinese needs no space after full-width punctuation."""
    last = text.rstrip()[-1:] or " "
    if last in "。！？；":
        return ""
    return "；" if "\u4e00" <= last <= "\u9fff" else "; "


_LEAD = re.compile(r"^\s*(?:\*\*|__)?([^:：\n]{2,40}?)(?:\*\*|__)?\s*[:：]\s*\S")


def _lead(text: str) -> str | None:
    """A short lead-in like "Vendor delay: ..." or "需求变更：..." used as the lesson's title."""
    m = _LEAD.match(text)
    return m.group(1).strip() if m else None
