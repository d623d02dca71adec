"""The builder that reads a document's blocks in order into sections and lessons (``_Builder``, ``Structure``), given
what the scans before it found (``ingest.list_scans``, ``label_scans``, ``section_scans``). It dispatches each block
(``_add``); its parts read headings (``builder_sections``), items (``builder_items``), paragraphs (``builder_paras``)
and rows (``builder_rows``), make lessons (``builder_lessons``) and run the passes at the end (``builder_passes``);
what the rules leave goes to the classifier as a candidate (``_left``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.blocks import Block
from ingest.builder_items import _Items
from ingest.builder_lessons import _TIMELINE, _Lessons
from ingest.builder_paras import _Paras
from ingest.builder_passes import _Passes
from ingest.builder_rows import _Rows
from ingest.builder_sections import _Open, _Sections
from ingest.classify import Candidate, active_model
from ingest.findings import found_cause
from ingest.headings import DRIVING_EVENT, NARRATIVE, classify_heading
from ingest.kinds import rekind
from ingest.line_labels import FIX_LABEL, inline_label
from ingest.line_shapes import _ASKED_LABEL, _QUESTION, _heading_like, _sentence_lines
from ingest.non_lessons import never_a_lesson
from ingest.pitfalls import Pit
from ingest.section_scans import _Headless
from kb.models import LessonKind, ParsedLesson, ParsedSection


@dataclass
class Structure:
    """Sections and lessons of one document."""

    sections: list[ParsedSection] = field(default_factory=list)
    lessons: list[ParsedLesson] = field(default_factory=list)
    driving_event: str | None = None


# A short line that labels the part of a log after it ("Enhancements -", "Ideas:"), written without a heading style.
_LOG_LABEL = re.compile(r"^[^.。!！?？,，]{1,40}?\s*[-–:：]$")
# A date alone on its line, as a dated log opens each entry ("2023/4/30", "2026年1月20日星期二", "日期：2026年1月31日",
# a month and day "4/17" or a run of days "5/9-5/11"; a Word bullet's symbol glyph may stay before it).
_MONTH_DAY = r"(?:1[0-2]|0?[1-9])\s*/\s*(?:3[01]|[12]\d|0?[1-9])"
_DATE_ALONE = re.compile(r"^\s*[\uf000-\uf8ff•·-]?\s*(?:日期\s*[:：]\s*)?(?:(?:19|20)\d{2}\s*[年/.-]\s*\d{1,2}\s*[月/.-]"
                         r"\s*\d{1,2}\s*[日号]?|\d{1,2}\s*月\s*\d{1,2}\s*[日号]"
                         rf"|{_MONTH_DAY}(?:\s*[-~～至到]\s*(?:{_MONTH_DAY}|(?:3[01]|[12]\d|0?[1-9])))?)"
                         r"\s*(?:[（(]?(?:星期|周|礼拜)[一二三四五六日天][)）]?)?\s*[:：]?\s*$")


class _Builder(_Items, _Paras, _Lessons, _Sections, _Passes, _Rows):
    def __init__(self, title: str, *, template: bool, title_heading: int | None,
                 title_kind: LessonKind | None = None, write_ups: set[int] = frozenset(),
                 containers: set[int] = frozenset(), assessed: dict[int, LessonKind] | None = None,
                 checklists: set[int] = frozenset(),
                 headless: _Headless = _Headless(),  # noqa: B008 (frozen: one shared default is safe)
                 reflective: bool = False, total: int = 0, looks_back: bool = False) -> None:
        self.out = Structure()
        self.total = total
        self.looks_back = looks_back
        self.doc_title = title
        self.candidates: list[tuple[int, int, Candidate]] = []  # (block index, section index, candidate): for ``classify``
        self.order: dict[int, int] = {}  # id(lesson) -> the index of the block it came from
        self.stack: list[_Open] = []
        self.texts: list[list[str]] = []
        self.kind: str | None = None
        self.item_base: int | None = None
        self.lesson_depth: int | None = None  # list depth of the item the last lesson came from
        self.table_header: list[str] | None = None
        self.driving: list[str] = []
        self.template = template
        self.title_heading = title_heading
        self.title_kind = title_kind
        self.write_ups = write_ups
        self.item_lists: set[int] = set()  # headings over list items alone (``_item_lists``)
        self.containers = containers
        self.assessed = assessed or {}
        self.checklists = checklists  # items of checklists of delivered work (``_checklists``): no lessons
        self.fix_steps: set[int] = set()  # items under a fix's name: its steps, no lessons (``_fix_steps``)
        self.cell_lessons: list[ParsedLesson] = []  # lessons of a table's rows: never a passage (``_drop_passages``)
        self.reflective = reflective
        self.cued: list[ParsedLesson] = []  # lessons found by their own words (``ingest.cues``), not by a heading
        self.work_list = False  # after a statement of duties: phase-labelled items that follow are the work done
        self.label: tuple[LessonKind, int] | None = None  # an item-label ("- 优点：") and its depth
        self.items_only = False  # a section under a title that announces lessons: only its list items are
        self.seen = 0
        self.label_lists: dict[int, int] = {}  # a label paragraph -> the end of the list it announces (``_label_lists``)
        self.label_end: int | None = None
        self.titled: set[int] = set()  # items that title the paragraph after them (``_titled_items``)
        self.topics: set[int] = set()  # speakers' topic lines in minutes (``_topics``)
        self.citing: set[int] = set()  # points that end by citing (``_citing``)
        self.overviews: set[int] = set()  # paragraphs that introduce a section's sub-sections (``_overviews``)
        self.run_labels: set[int] = set()  # label items of a list, and the kind of the items after each (``_label_runs``)
        self.run_kinds: dict[int, LessonKind] = {}
        self.index = 0  # the index of the block being added
        self.cause_quoted = False  # the last block stated a cause: a block quote after it explains it
        self.in_point = False  # after a titled point's first paragraph (``_titled_items``), until the next item or heading
        self.title: tuple[int, str] | None = None  # (index of the paragraph, its title) under a lessons heading
        self.point: tuple[str, int] | None = None  # a sub-heading under a lessons heading (its text, level): the point
        self.lead_kinds: dict[int, tuple[LessonKind, int]] = {}  # lead-ins that name a kind (``_lead_kinds``)
        self.lead_kind: tuple[LessonKind, int] | None = None  # the kind of the list being read, and where it ends
        self.label_led: set[int] = set()  # lead-ins that open with the label of their list (``_label_led``)
        self.problem_fixes: dict[int, tuple[str, str]] = {}  # a problem line followed by its fix: their texts (``_problem_fixes``)
        self.fix_heading = False  # the last block was a problem set as a heading, with its fix after it
        self.problem_lines: set[int] = set()  # a problem log's lines that state a problem before its fix (``problem_lines``)
        self.advice_lines: set[int] = set()  # a problem log's lines that state a rule drawn from a problem (``advice_lines``)
        self.write_up = False  # the section is a long write-up under an inherited kind (``_write_ups``)
        self.flat: int | None = None  # the level of an empty kind heading whose same-level followers are its parts
        self.flat_runs: set[int] = set()  # headings followed by FLAT_PARTS headings of their level or more (``_flat_runs``)
        self.last_heading: int | None = None  # the block index of the last heading read
        self.last_date: int | None = None  # the block index of the last date alone on its line (``_dated_entry``)
        self.pits: dict[int, Pit] = {}  # headings over a problem write-up (``ingest.pitfalls``)
        self.pit_level: int | None = None  # inside a pitfall's section: its heading's level
        self.paragraphs: dict[int, str] = {}  # paragraph blocks' texts by index (``_prompt_line``, ``_split_points``)
        self.parallel: set[int] = set()  # numbered sub-headings of a lessons heading that are its points (``_parallel_points``)
        named = headless.kind.value if headless.kind and not template else None
        self._new_section(title, 0, named if headless.log else None)
        self.kind = named  # a document under a name that announces lessons: its items and numbered points are lessons
        self.items_only = bool(headless.kind) and (headless.log or not template) and not headless.prose
        self.headless = headless.log

    def add(self, block: Block, *, closing: bool = False, lead_in: bool = False, announces: bool = False) -> None:
        before = (len(self.out.lessons), self.out.lessons[-1].text if self.out.lessons else None, len(self.out.sections))
        self._add(block, closing=closing, lead_in=lead_in, announces=announces)
        after = (len(self.out.lessons), self.out.lessons[-1].text if self.out.lessons else None, len(self.out.sections))
        if before == after and not self._found_cause(block):
            self._left(block)

    def _found_cause(self, block: Block) -> bool:
        """A Chinese line the rules made nothing of that opens with a cause found by looking ("经查发现，…", "原因，…":
        ``ingest.findings``): a root cause, whatever the section; whether it was."""
        # An account of the events ("现象：", "事件经过") may state the cause found as well: not background.
        if block.kind not in ("para", "item") or self.template or self.kind == DRIVING_EVENT \
                or not found_cause(block.text):
            return False
        self._lesson(block.text, LessonKind.ROOT_CAUSE)
        return True

    def _left(self, block: Block) -> None:
        """A paragraph or item the rules made nothing of, in a section that announces no kind: one for ``classify``."""
        if active_model() is None or self.template or block.kind not in ("para", "item") or self.kind == DRIVING_EVENT \
                or self._in_toc() or self.lesson_kind and not self.items_only or never_a_lesson(block.text) \
                or _TIMELINE.match(block.text) or self._prompt_item(block, self.index) or self.index in self.fix_steps:
            return
        section = self.out.sections[-1]
        self.candidates.append((self.index, len(self.out.sections) - 1, Candidate(
            text=block.text, block=block.kind, depth=block.level if block.kind == "item" else 0,
            heading="" if section.level == 0 else section.heading, section_kind=self.kind,
            heading_level=section.level, title=self.doc_title, reflective=self.reflective,
            position=self.index / max(self.total, 1), doc_lessons=0, section_lessons=0)))

    def _add(self, block: Block, *, closing: bool = False, lead_in: bool = False, announces: bool = False) -> None:
        index, self.seen = self.seen, self.seen + 1
        self.index = index
        self._lead_or_label(block, index)
        if self._dated_entry(block) or self._titled_point(block, index) or self._problem_fix(block, index) \
                or self._problem_line(block, index) or self._problem_line_fix(block, index):
            return
        if block.kind not in ("para", "quote", "code"):
            self.in_point = False
        if block.kind != "quote":
            self.cause_quoted = self._states_cause(block)
        if not self._as_heading(block, index):
            self._as_content(block, index, closing=closing, lead_in=lead_in, announces=announces)
        elif index in self.problem_lines and not self.template and not self._made_at(index):
            self._lesson(block.text, LessonKind.WENT_WRONG)  # a problem set as a heading: its section holds the fix

    def _lead_or_label(self, block: Block, index: int) -> None:
        """The list a lead-in names the kind of starts, or ends; so does the list a label paragraph announced."""
        if self.lead_kind and index >= self.lead_kind[1]:
            self.lead_kind = None
        # A question names its answers' kind even under a lessons heading ("What recommendations would you give …?").
        if index in self.lead_kinds and (not self.lesson_kind or _ASKED_LABEL.search(block.text)) and self.reflective \
                and not self.template \
                and (self.kind not in (DRIVING_EVENT, NARRATIVE) or self.write_up):
            self.lead_kind = self.lead_kinds[index]
        if index == self.label_end:
            self._close_label()

    def _titled_point(self, block: Block, index: int) -> bool:
        """An item that titles the paragraph after it, and that paragraph: one lesson (``_titled_items``); whether it
        was."""
        if index in self.titled and self.lesson_kind and not self.items_only:
            self.texts[-1].append("- " + block.text)
            self.title = (index + 1, block.text)
            return True
        if self.title and self.title[0] == index:
            title, self.title = self.title[1], None
            self.texts[-1].append(block.text)
            if not never_a_lesson(block.text):
                self._lesson(f"{title} {block.text}", self._kind_of(block.text) or LessonKind.LESSON, title=title)
                self.in_point = True
            return True
        return False

    def _problem_fix(self, block: Block, index: int) -> bool:
        """A problem line and its fix (``_problem_fixes``): one lesson, made at the fix; whether the block was one of
        the pair."""
        # A problem set as a heading starts its section; the pair's lesson is made at its fix.
        heading = block.kind == "heading"
        after_heading, self.fix_heading = self.fix_heading, heading and index in self.problem_fixes
        if index in self.problem_fixes and not heading or index - 1 in self.problem_fixes:
            self.texts[-1].append(block.text)
            pair = self.problem_fixes[index - 1] if after_heading else self.problem_fixes.get(index)
            if pair and not self.template and self.kind != DRIVING_EVENT:
                # The problem is the lesson; its fix, often a long account of the work, is its recommendation.
                self._lesson(pair[0], LessonKind.WENT_WRONG)
                self.out.lessons[-1].recommendation = pair[1]
            return True
        return False

    def _problem_line(self, block: Block, index: int) -> bool:
        """A problem log's line that states a problem, its fix or cause labelled after it (``problem_lines``): what went
        wrong, whatever the section; or one that states a rule drawn from a problem (``advice_lines``): a lesson;
        whether it was either."""
        if index not in self.problem_lines | self.advice_lines or block.kind == "heading" or self.template:
            return False
        self.texts[-1].append(block.text)
        self._lesson(block.text, LessonKind.WENT_WRONG if index in self.problem_lines else LessonKind.LESSON)
        return True

    def _problem_line_fix(self, block: Block, index: int) -> bool:
        """The fix labelled right after a problem log's problem line ("解决办法：尝试输入pip.exe"): that lesson's
        recommendation, as a "问题：" line's fix is (``_problem_fix``), not a lesson of its own; whether it was."""
        if index - 1 not in self.problem_lines or block.kind == "heading" or not FIX_LABEL.match(block.text) \
                or not self._made_at(index - 1):
            return False
        self.texts[-1].append(block.text)
        self.out.lessons[-1].recommendation = block.text
        return True

    def _made_at(self, index: int) -> bool:
        """Whether the last lesson was made at block ``index``."""
        return bool(self.out.lessons) and self.order.get(id(self.out.lessons[-1])) == index

    def _as_heading(self, block: Block, index: int) -> bool:
        """A heading, or a line that acts as one (a log's label, a numbered question, a form's prompt); whether it
        was."""
        if block.kind == "heading":
            self._heading(block.text, block.level, title=index == self.title_heading,
                          write_up=index in self.write_ups and index not in self.parallel,
                          item_list=index in self.item_lists,
                          container=index in self.containers)
        elif self.headless and block.kind == "para" and _LOG_LABEL.match(block.text):
            self._heading(block.text.rstrip(" -–:："), 2, pseudo=True)  # "Enhancements -": the log's next part
        elif block.kind == "para" and _QUESTION.match(block.text) and not self._in_toc():
            level = (self.stack[-1].level + 1) if self.stack and self.stack[-1].kind is None else \
                (self.stack[-1].level if self.stack else 2)
            self._heading(block.text, min(level, 6), pseudo=True)
        elif self._prompt_line(block, index):
            # "What you'd do differently if you were starting the quarter again", a form's next prompt set as a line of
            # text (a PDF's): a heading beside the one before it, over the answers it asks for (a reflection, unless
            # its words name a kind).
            level = self.stack[-1].level if self.stack and self.stack[-1].kind else \
                (self.stack[-1].level + 1 if self.stack else 2)
            self._heading(block.text, min(level, 6), pseudo=True,
                          prompt_kind=classify_heading(block.text.rstrip("?？") + "?") or LessonKind.LESSON.value)
        elif self._prompt_item(block, index):
            # "What are the lessons you learned?", a form's question numbered as a list over its answer: section text.
            self.texts[-1].append("- " + block.text)
        elif _heading_like(block) and not self._in_toc():
            level = (self.stack[-1].level + 1) if self.stack else 2
            self._heading(block.text, min(level, 6), pseudo=True)
            self.label_end = self.label_lists.get(index)
        else:
            return False
        return True

    def _dated_entry(self, block: Block) -> bool:
        """A date alone on its line after a label read as a heading ("困难：", "【反思与疑问】：") or after a heading
        opened since the date before it ("4/17", "总结：" in bold, …, "4/18"): a dated log's next entry, where what the
        label or the heading opened ends; whether it was."""
        if block.kind not in ("para", "item") or not _DATE_ALONE.match(block.text):
            return False
        previous, self.last_date = self.last_date, self.index
        levels = [level for level in (self._label_level(), self._entry_level(previous)) if level is not None]
        if not levels:
            return False
        self._heading(block.text, min(levels), pseudo=True)
        return True

    def _entry_level(self, previous: int | None) -> int | None:
        """The level of the outermost heading opened since the date line at ``previous``, if any."""
        if previous is None:
            return None
        return next((open_.level for open_ in self.stack if open_.at > previous), None)

    def _label_level(self) -> int | None:
        """The level of the outermost label read as a heading since the last heading the document styled, if any."""
        level = None
        for open_ in reversed(self.stack):
            if not open_.pseudo:
                break
            level = open_.level
        return level

    def _as_content(self, block: Block, index: int, *, closing: bool, lead_in: bool, announces: bool) -> None:
        """Any other block: a checklist's or an assessed item, an item, a row, a quote, code, a paragraph."""
        if block.kind == "item" and (index in self.checklists or index in self.fix_steps):
            self.texts[-1].append("- " + block.text)
        elif block.kind == "item" and index in self.assessed and not self.lesson_kind \
                and self.kind not in (DRIVING_EVENT, NARRATIVE):
            self.texts[-1].append("- " + block.text)
            if not self.template and not never_a_lesson(block.text):
                self._lesson(block.text, self.assessed[index])
        elif block.kind == "item":
            self._item(block, announces=announces)
        elif block.kind == "row":
            count = len(self.out.lessons)
            self._row(block)
            self.cell_lessons.extend(self.out.lessons[count:])  # told in a cell: one lesson, however long
        elif block.kind == "quote" and self.cause_quoted and not self.template and not never_a_lesson(block.text):
            # "复盘报告给出的原因是：…" then the vendor's report quoted: the quote explains the cause.
            self.texts[-1].append(block.text)
            self._lesson(block.text, LessonKind.ROOT_CAUSE)
            return
        elif block.kind == "quote" and not self.template and (own := _own_lesson(block.text)):
            # "> 经验：遇到报错先看最后一行…" under a table of pitfalls: the writer's own lesson, set off as a quote.
            self.texts[-1].append(block.text)
            self._lesson(own, LessonKind.LESSON)
        elif block.kind in ("code", "quote", "note"):  # note: a slide's speaker notes (ingest.pptx_doc)
            self.texts[-1].append(block.text)
        else:
            for text in _sentence_lines(block):
                self._para(text, closing=closing or lead_in)

    def finish(self) -> Structure:
        if self.point and not self.texts[-1]:
            self._lesson(self.point[0], self.lesson_kind or LessonKind.LESSON)  # the last point's heading, alone
        self._drop_descriptions()
        self._classified()
        self._drop_repeats()
        self._split_points()
        self._drop_passages()
        self._drop_questions()
        self._attach_fixes()
        rekind(self.out.lessons, self.out.sections, self.doc_title, self.reflective)  # a learned read of each kind
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


def _own_lesson(text: str) -> str | None:
    """What a quoted line labelled as the writer's lesson ("经验：…", "Lesson: …") says; else None."""
    labelled = inline_label(text)
    if not labelled or labelled[0] != LessonKind.LESSON or not labelled[1] or never_a_lesson(labelled[1]):
        return None
    return labelled[1]
