"""How the builder opens sections (``_Sections``, a part of ``ingest.builder._Builder``): the kind a heading gives its
section, by its own words or inherited from the open headings above it (``_Open``); a pitfall's section, a write-up,
a point set as a sub-heading, a flat run of headings read one level down; and the kind of the lessons of the section
being read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.heading_shapes import (
    _ASKING,
    _ASPECT_REVIEW,
    _BACKGROUND,
    _CONTEXT,
    _GENRE,
    _LEARNED_HEADING,
    _heading_kind,
    _numbering,
    _plans_noun,
    _states_point,
    _unbracketed,
)
from ingest.headings import (
    ASSESSMENT,
    DRIVING_EVENT,
    NARRATIVE,
    OUTCOME,
    as_kind,
    assessment_kind,
    classify_heading,
    closes,
    names_work_split,
    normalize_heading,
    plans_risks,
    reflections,
)
from ingest.kind_words import label_kind
from ingest.line_shapes import _TOC
from ingest.non_lessons import never_a_lesson
from ingest.pitfalls import statement
from kb.models import LessonKind, ParsedSection


@dataclass
class _Open:
    level: int
    kind: str | None
    container: bool = False
    text: str = ""
    pseudo: bool = False  # a line read as a heading (a label, a prompt), not one the document styled
    at: int = -1  # the index of the block it came from


class _Sections:
    """The part of ``_Builder`` that opens sections and says what kind of lesson the current one holds."""

    def _heading(self, text: str, level: int, pseudo: bool = False, title: bool = False,
                 write_up: bool = False, container: bool = False, item_list: bool = False,
                 prompt_kind: str | None = None) -> None:
        level = self._flat_level(text, level, pseudo or title)
        if self.pit_level is not None and not pseudo and level <= self.pit_level:
            self.pit_level = None
        if self.pit_level is not None and pseudo:
            level = self.pit_level + 1  # "原因：", "修复：", "教训：": parts of the pitfall, side by side
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        if self._in_pitfall(text, level, pseudo):
            return
        if self.point and level <= self.point[1] and not self.texts[-1] and not pseudo:
            # "### Always aggressively test" then the next point's heading: the heading alone is the lesson.
            self._lesson(self.point[0], self.lesson_kind or LessonKind.LESSON)
        self.point = None
        own, genre = self._own_kind(text, pseudo=pseudo, title=title, prompt_kind=prompt_kind)
        if own and any(plans_risks(o.text) for o in self.stack):
            own = NARRATIVE  # "（2）应对措施" under "八、项目风险分析与应对措施": the plan's measures, not advice
        parent = next((o.kind for o in reversed(self.stack) if o.kind and not o.container), None)
        if own == NARRATIVE and as_kind(parent) and names_work_split(text):
            own = None  # "## 不足" > "### 分工": what went wrong in how the work was split
        inherited = None if own else parent
        # Under what was learned, a topic's list ("## What I learned from this project?" > "### C++" over 13 things
        # learned) is lessons, however long (not under a "总结" whose sub-sections list features).
        learned = next((o.text for o in reversed(self.stack) if o.kind and not o.container), "")
        write_up = write_up and not (item_list and inherited == LessonKind.LESSON.value and _LEARNED_HEADING.search(learned))
        self.write_up = bool(inherited and write_up)
        if inherited and write_up:
            own = inherited = NARRATIVE  # and its own sub-headings inherit nothing
        kind = own or inherited
        if self._pitfall(text, level, pseudo=pseudo, title=title, parent=parent, own=own):
            return
        self.stack.append(_Open(level, own, container, text, pseudo, self.index))
        from_title = not kind and not title and self.title_kind is not None and not _CONTEXT.match(
            normalize_heading(text))
        self._new_section(text, level, self.title_kind.value if from_title and self.title_kind else kind)
        self.items_only = from_title or genre or own == LessonKind.LESSON.value and closes(text)
        if inherited and not own and as_kind(inherited) and not pseudo and not never_a_lesson(text) \
                and (_states_point(text) or self.index in self.parallel) and not reflections(learned):
            self.point = (text, level)  # not a member's name under "Team Reflections" (r-review3)

    def _in_pitfall(self, text: str, level: int, pseudo: bool) -> bool:
        """A heading inside a pitfall's section (``ingest.pitfalls``): one of its parts; whether it was."""
        if self.pit_level is not None:
            # Inside a pitfall: its symptom, cause and fix are its anatomy; only what it taught is a lesson.
            own = LessonKind.LESSON.value if pseudo and classify_heading(text) == LessonKind.LESSON.value else NARRATIVE
            self.stack.append(_Open(level, own, False, text, at=self.index))
            self._new_section(text, level, own)
            self.point = None
            return True
        return False

    def _own_kind(self, text: str, *, pseudo: bool, title: bool,
                  prompt_kind: str | None) -> tuple[str | None, bool]:
        """The kind a heading names itself (by its words, its noun in a look back, or its genre), and whether it names
        the genre."""
        own = None if title else classify_heading(text) or prompt_kind
        if own is None and not title and not pseudo and self.reflective:
            named = _heading_kind(text)
            own = named.value if named and (self.looks_back or not _plans_noun(text, named)) else None
        genre = own is None and not title and not pseudo and self.reflective and bool(
            _GENRE.match(normalize_heading(text)) or _ASPECT_REVIEW.match(_unbracketed(normalize_heading(text))))
        if genre:
            own = LessonKind.LESSON.value  # "## 2018 Retrospective" over terse bullets: each one a lesson
        return own, genre

    def _pitfall(self, text: str, level: int, *, pseudo: bool, title: bool, parent: str | None,
                 own: str | None) -> bool:
        """A heading over a problem's write-up (``ingest.pitfalls``): its problem is the lesson, its fix the
        recommendation; whether it was one."""
        pit = self.pits.get(self.index) if not (title or pseudo or self.template) else None
        # The section it is part of names its kind, or announces problems in other words ("五、关键技术挑战与解决方案").
        above = self.stack[-1].text if self.stack and not self.stack[-1].kind else ""
        pit_kind = pit.kind(as_kind(parent) or label_kind(above) or as_kind(own)) if pit else None
        if pit_kind and parent not in (DRIVING_EVENT, NARRATIVE) \
                and classify_heading(text) not in (DRIVING_EVENT, NARRATIVE):
            self.stack.append(_Open(level, NARRATIVE, False, text, at=self.index))
            self._new_section(text, level, NARRATIVE)
            self.out.sections[-1].kind = pit_kind
            self.write_up = False
            self.pit_level = level
            self._lesson(pit.problem or statement(text) or text, pit_kind)
            if pit.problem and pit.fix:
                self.out.lessons[-1].recommendation = pit.fix
            return True
        return False

    def _flat_level(self, text: str, level: int, pseudo: bool) -> int:
        """The level a heading is read at. A heading that names a kind with nothing under it, then headings of its own
        level that name nothing ("What Went Well" / "Completion of Requirements", "Final Deliverables" / "What Didn't Go
        Well" / "Team Structure", all bold lines of one size in a PDF; "### …获得的心得体会" / "### (1)线程安全"): those
        headings are its parts, one level down, until a heading that names something or stands higher. Not a question
        nor a heading numbered like it ("3.技术方案有哪些亮点？" / "4.是否做了单元测试？"): the next item of a form."""
        previous, self.last_heading = self.last_heading, self.index
        if self.flat is not None:
            if level >= self.flat and not pseudo and classify_heading(text) is None \
                    and not _CONTEXT.match(normalize_heading(text)):
                return level + 1
            self.flat = None
        top, section = (self.stack[-1] if self.stack else None), self.out.sections[-1]
        if previous not in self.flat_runs \
                or top is None or pseudo or top.level != level or not as_kind(top.kind) or top.container or self.texts[-1] \
                or section.level != level or re.search(r"[。.！!；;：:]\s*$", section.heading) \
                or classify_heading(text) is not None or _ASKING.search(text) \
                or _CONTEXT.match(normalize_heading(text)) or _numbering(text) and _numbering(text) == _numbering(section.heading):
            return level
        self.flat = level
        return level + 1

    def _close_label(self) -> None:
        """The end of the list a label paragraph announced: what follows is the enclosing section's again."""
        self.label_end = None
        if self.stack:
            self.stack.pop()
        self.kind = next((o.kind for o in reversed(self.stack) if o.kind and not o.container), None)
        self.item_base = self.lesson_depth = self.label = None

    def _new_section(self, heading: str, level: int, kind: str | None) -> None:
        if self.texts and not self.texts[-1] and self.out.sections and self.out.sections[-1].level == 0:
            # Drop an empty preamble section.
            self.out.sections.pop()
            self.texts.pop()
        self.out.sections.append(ParsedSection(heading=heading, level=level, text="", kind=as_kind(kind)))
        self.texts.append([])
        self.kind = kind
        self.item_base = None
        self.lesson_depth = None
        self.items_only = False
        self.table_header = None
        self.work_list = False
        self.tested_list = False  # in review or test results: after a lead-in that lists what was tested
        self.label = None

    def _in_background(self) -> bool:
        """Whether the current section sets the scene ("业务背景", "Background", an overview: "概述", "1.项目概况"): what it
        says of importance or gains describes the setting, it is no lesson."""
        return bool(self.out.sections) and bool(_BACKGROUND.match(normalize_heading(self.out.sections[-1].heading)))

    def _in_toc(self) -> bool:
        return bool(self.out.sections) and bool(_TOC.match(normalize_heading(self.out.sections[-1].heading)))

    @property
    def lesson_kind(self) -> LessonKind | None:
        if self.template:
            return None
        return LessonKind.WENT_WELL if self.kind in (ASSESSMENT, OUTCOME) else as_kind(self.kind)

    def _kind_of(self, text: str) -> LessonKind | None:
        """The kind of a lesson in this section: a review or test result's by what it says, else the section's."""
        return assessment_kind(text) if self.kind == ASSESSMENT and not self.template else self.lesson_kind
