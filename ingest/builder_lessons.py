"""How the builder makes a lesson and what it asks of a text first (``_Lessons``, a part of ``ingest.builder._Builder``):
a cause that is unknown is none, a lesson's kind follows what it states; under a lessons heading a line must judge; a
text states a kind in its own words only in a reflective document outside narrative sections; a solution label with no
problem before it is a design; a line whose sentence has not ended continues the numbered point before it.
"""

from __future__ import annotations

import re

from ingest.blocks import Block
from ingest.cue_gates import cause_unknown, chinese
from ingest.cues import advised, cue_kind, judges, stated_outcome
from ingest.english_cues import english_shortfall
from ingest.headings import DRIVING_EVENT, MAX_HEADING_CHARS, NARRATIVE
from ingest.line_labels import inline_label
from ingest.line_shapes import _ENUMERATED, _LEAD, _NUMBERED, _empty_field, _lead
from ingest.non_lessons import never_a_lesson
from kb.models import LessonKind, ParsedLesson
from kb.text import is_cjk

# Who states a cause that a quotation then gives: a report, an announcement, the vendor.
_SOURCE = re.compile(r"报告|公告|通报|声明|官方|复盘|说明|\b(report|statement|announcement|post-?mortem)\b", re.IGNORECASE)
# A timeline entry ("15:57，定位出故障根因是配置数据出现错误", "2023-11-12 17:44 …"): what happened when, not a lesson.
_TIMELINE = re.compile(r"^\s*(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*)?\d{1,2}[:：]\d{2}(?!\d)")


_SOLUTION = re.compile(r"^\s*(?:[-*]\s*)?(?:\*\*|__)?(解决方案|解决办法|解决方法|解决思路|solutions?)(?:\*\*|__)?\s*[:：]",
                       re.IGNORECASE)
# A fault stated before a solution label: then the label is its fix.
_PROBLEM = re.compile(r"问题|bug|错误|报错|异常|故障|失败|冲突|超时|崩溃|卡顿|无法|不能|漏洞|坑"
                      r"|\b(errors?|fail(ed|s|ure)?|issues?|problems?|bugs?|crash(ed|es)?|broken)\b", re.IGNORECASE)


# English words that judge, advise or report a result: a log's lesson says one, a note of a fact none.
_EN_JUDGING = re.compile(r"\b(should|must|need(s|ed)?|have to|had to|remember|ensure|make sure|try|see (if|about)|avoid|don'?t"
                         r"|never|always|better|worse|best|well|good|great|fine|ok|works?|worked|help(s|ed)?|fail(s|ed)?"
                         r"|problems?|issues?|not|no|didn'?t|couldn'?t|wasn'?t|can'?t|won'?t|forgot|important|note"
                         r"|careful|learn(ed|t)?|mistakes?|wrong|broke|glitch\w*|noise|instead|eliminat\w*)\b",
                         re.IGNORECASE)


class _Lessons:
    """The part of ``_Builder`` that makes lessons and judges a text before it does."""

    def _states_cause(self, block: Block) -> bool:
        """A paragraph that gives a source's statement of the cause ("复盘报告给出的原因是：…"): a block quote right after it
        quotes that source's explanation (a quote after the writer's own finding is a note: "大家有兴趣的话可以参考…")."""
        return block.kind == "para" and self.reflective and self.kind not in (DRIVING_EVENT, NARRATIVE) \
            and cue_kind(block.text) == LessonKind.ROOT_CAUSE and bool(_SOURCE.search(block.text))

    def _pit_part(self, kind: LessonKind) -> bool:
        """Inside a pitfall's section (``ingest.pitfalls``), a labelled part other than what it taught ("根因：…",
        "修复：…"): the anatomy of the heading's problem, no lesson of its own."""
        return self.pit_level is not None and kind != LessonKind.LESSON

    def _design(self, text: str) -> bool:
        """A "解决方案：" / "Solution:" label where no problem was stated before it in the section ("任务为基于傻瓜调度的
        多线程电梯。" then "解决方案：…"): the design that answers a task, not the fix of a fault."""
        if not _SOLUTION.match(text) or self.kind in (LessonKind.WENT_WRONG.value, LessonKind.ROOT_CAUSE.value,
                                                      LessonKind.RECOMMENDATION.value):
            return False
        index = len(self.out.sections) - 1
        if any(lesson.section_index == index and lesson.kind in (LessonKind.WENT_WRONG, LessonKind.ROOT_CAUSE)
               for lesson in self.out.lessons):
            return False
        return not _PROBLEM.search(" ".join(self.texts[-1][:-1]))

    def _judged(self, text: str) -> bool:
        """Under a lessons heading, a Chinese line must judge something (``ingest.cues.judges``): one that only names
        work done ("开发微信小程序", "已完成：…的设计。") is not a lesson. What went well may be a plain achievement, what
        went wrong a plain fact ("手持终端的电池在夜班第六个小时就耗尽。"), a recommendation a plain action; an enumerated
        label ("Q1：代码框架的确定") names a lesson whatever its words."""
        if self.headless and not _EN_JUDGING.search(text) and not is_cjk(text[:1]) and not chinese(text):
            # A log's note of a fact ("The gobilda servos use a M3 0.5mm thread hex nut screw …"); not a Chinese line
            # that opens with a name ("Mysql数据库连接错误没有表", "MOS驱动Vgs振铃现象明显，…"; e-gen23zh).
            return False
        return self.lesson_kind != LessonKind.LESSON or judges(text) \
            or bool(_ENUMERATED.match(text))

    def _cued(self, text: str) -> LessonKind | None:
        """The kind a text states in its own words (``ingest.cues``), where no heading says one: in a reflective
        document, outside narrative sections and tables of contents."""
        if not self.reflective or self.lesson_kind and not self.items_only or self.template or self.kind in (DRIVING_EVENT, NARRATIVE) \
                or self._in_toc() or never_a_lesson(text) or _empty_field(text) and len(text) <= MAX_HEADING_CHARS \
                or _TIMELINE.match(text) or self._in_background():
            return None
        return cue_kind(text)

    def _lesson(self, text: str, kind: LessonKind, title: str | None = None, cued: bool = False) -> None:
        if kind == LessonKind.ROOT_CAUSE and cause_unknown(text):
            return  # "## Root cause" over "Root cause unknown.", "- **Root cause:** not yet determined": no cause found
        if kind == LessonKind.LESSON and not cued:
            kind = stated_outcome(text) or kind  # a fault or a gain told under a heading of lessons
        elif kind == LessonKind.WENT_WRONG and advised(text, self._kind_heading()):
            kind = LessonKind.RECOMMENDATION  # "下复训有一些需要改进的地方：" over "多进行团队协作…": what to do
        elif kind == LessonKind.WENT_WELL and english_shortfall(text):
            kind = LessonKind.WENT_WRONG  # "Level design needs to be improved" under a heading of what went well
        section_index = len(self.out.sections) - 1
        self.out.lessons.append(ParsedLesson(kind=kind, text=text, section_index=section_index,
                                             title=title or _lead(text)))
        self.order[id(self.out.lessons[-1])] = self.index
        if cued:
            self.cued.append(self.out.lessons[-1])

    def _kind_heading(self) -> str:
        """The heading that names the current kind: the nearest open one that has a kind of its own or inherits one, else
        the section's."""
        named = next((o.text for o in reversed(self.stack) if o.kind and not o.container), None)
        return named if named is not None else (self.out.sections[-1].heading if self.out.sections else "")

    def _continues_point(self, text: str) -> bool:
        """A line after a numbered point whose sentence has not ended ("1）代码框架的提前确定：…（与老师沟通去学习）" then
        "以防止过多的返工和无效的分工"): the rest of that point."""
        if not self._current_section_lessons():
            return False
        last = self.out.lessons[-1].text
        return bool(_NUMBERED.match(last)) and not _NUMBERED.match(text) and not inline_label(text) \
            and not _LEAD.match(text) and not re.search(r"[。！？.!?；;]\s*$", last)

    def _current_section_lessons(self) -> bool:
        index = len(self.out.sections) - 1
        return bool(self.out.lessons) and self.out.lessons[-1].section_index == index
