"""How the builder reads a paragraph (``_Paras``, a part of ``ingest.builder._Builder``): a label's text is a lesson of
its kind, a statement of duties starts a work list, a lead-in, an overview, a question or an announcement of the next
part is none, and under a kind the paragraph is a lesson (or the rest of the point before it); an English form's
prompt with a long answer gives one lesson a sentence, and a form's prompt set as a line is a heading.
"""

from __future__ import annotations

import re

from ingest.blocks import Block
from ingest.cues import cue_kind
from ingest.heading_shapes import POINT_WORDS
from ingest.headings import ASSESSMENT, DRIVING_EVENT, NARRATIVE, OUTCOME, as_kind
from ingest.kind_words import label_kind
from ingest.line_labels import inline_label
from ingest.line_shapes import _ASKED_LABEL, _NUMBERED, _empty_field, _joiner
from ingest.non_lessons import never_a_lesson
from ingest.points import enumerated_point
from kb.models import LessonKind
from kb.text import is_cjk

# A statement of one's duties ("在这次项目，我主要负责前端页面的开发", "作为…架构师,我主要的工作是"): what someone did, not
# what they learned, unless it goes on to say so; the list after it is a work list.
# "本次迭代二我主要负责…", "本项目由我负责项目的后端。" too.
_DUTIES = re.compile(r"^\s*(作为[^，,。]{1,30}[，,]\s*)?((在|对于)?(这|本)(次|个|项)[^，,。我]{0,12}?([中里]?[，,]\s*|由?(?=我)))?我?的?(主要)?"
                     r"(负责|工作(主要)?是|主要的工作是|主要做了|做的工作(主要)?(有|是))")
_REFLECTION = re.compile(r"认识|意识|学到|学会|学习|明白|体会|感受|感觉|觉得|发现|重要|收获|经验|教训|应该|需要|不足|问题|困难"
                         r"|遗憾|希望|理解|bug|坑|顺利|难免|效率", re.IGNORECASE)
# An item of the work list after a statement of duties, labelled with the phase of the work ("分析：…", "开发：…").
_PHASE = re.compile(r"^\s*(需求)?(分析|设计|开发|实现|编码|测试|部署|运维|管理|文档|调研)\s*[:：]")
# A paragraph that ends with its moral ("…Kafka 就危了。。。引以为戒。", "…姜还是老的辣，哈哈，受教。"): a lesson anywhere.
_MORAL = re.compile(r"(引以为戒|谨记|切记|吸取教训|受教|长记性)(谨记|切记)?[\s。！!.…~～、，,]*$")
# A paragraph whose last sentence announces what comes next ("我们看一下我们的处理方式。", "接下来，将介绍整个实现流程。").
_NEXT_PART = re.compile(r"(^|[。！？!?；;]\s*)[^。！？!?；;]{0,12}((接下来|下面)[，,]?\s*(将|我们|我)?(再)?(来)?(介绍|看|讲|分享|说明|展示)"
                        r"|我们(再|就)?来?(看一下|看看|介绍一下|讲一下|讲讲)|让我们(来)?看)"
                        r"[^。！？!?；;]{0,30}[。：:]?\s*$")
# A short paragraph (LEAD_SENTENCES sentences at most) that ends by counting the parts it leads into ("…我们特别关注超时和
# 限流两个关键环节。", "…故障发生的过程分为两个阶段 —— 两个子问题。"): a lead-in. (A long one ends a summary: "…等几个方面。")
LEAD_SENTENCES = 2
_PARTS = re.compile(r"(两|二|三|四|五|六|几|[2-9])\s*(个|大|点)?[^。！？!?，,；;]{0,6}(环节|方面|阶段|子问题|部分|步骤|要点)"
                    r"[^。！？!?，,；;]{0,4}[。：:]?\s*$")
# A paragraph that ends by asking what, how or why (a lead-in of an essay's answers, an interview's question); not
# one that closes its point with a rhetorical question ("…——“你算老几能让高P舔你？”").
_ASKS = re.compile(r"(什么|哪些|如何|怎么|怎样|为什么|为何|吗|\b(what|how|why)\b)[^。！!；;？?]*[？?]\s*[”」』\"')）]?\s*$",
                   re.IGNORECASE)


LABEL_CHARS = 6  # "评审：", "测试：", "Review:": a label, not a lead-in sentence


# A retrospective form's prompt with its answer after it on the line: "What went well: …", "Things you learned from the
# project: …", "Other comments on the project: …" (English only: a Chinese answer runs one explanation over its
# sentences as often).
_FORM_ANSWER = re.compile(r"^\s*(?P<prompt>(?:what|how|why|which|where|things|other|any|anything)\b[^:：?？.。]{2,80}?)"
                          r"\s*[:：]\s*(?P<answer>[A-Z].*)$", re.IGNORECASE | re.DOTALL)
_SENTENCE_BREAK = re.compile(r"(?<=[a-z0-9)”\"'][.!?])\s+(?=[A-Z])")
# An answer of five sentences or more lists points ("What could improve for next time: …" over eleven); a shorter one is
# one point and its explanation ("What worked: We were very proud about … Our original idea was …"), one lesson.
ANSWER_POINTS = 5
_PROMPT_LINE = re.compile(r"^\s*(what|how|why|which|where)\b[^.!。！:：\n]{10,150}\??$", re.IGNORECASE)
PROMPT_WORDS = 5
# A form's question numbered as a list item ("1. What were the goals and did you achieve them?", "Did the project meet
# scope, time, and cost goals?"): a question word or an auxiliary first, a question mark last.
_ASKED_ITEM = re.compile(r"^\s*(what|how|why|which|where|when|who|did|do|does|was|were|is|are|have|has|can|could|would"
                         r"|should|will)\b[^?？\n]{10,200}[?？]\s*$", re.IGNORECASE)


class _Paras:
    """The part of ``_Builder`` that reads a paragraph."""

    def _para(self, text: str, *, closing: bool) -> None:
        self.texts[-1].append(text)
        if self._para_labelled(text) or self._para_aside(text):
            return
        self._para_lesson(text, closing=closing)

    def _para_labelled(self, text: str) -> bool:
        """A paragraph that names the list after it, tells a driving event, answers a form's prompt or opens with a
        label; whether it was."""
        if self.index in self.label_led and self.lead_kind:
            return True  # "Second set of problems: …" over the problems: it names them
        if self.kind == DRIVING_EVENT:
            self.driving.append(text)
            return True
        if self._answer_points(text):
            return True
        labelled = inline_label(text) if not (self.work_list and _PHASE.match(text)) else None
        if labelled and self._pit_part(labelled[0]):
            return True
        if labelled:
            kind, rest = labelled
            if rest and not never_a_lesson(rest) and not self.template and not self._design(text):
                self._lesson(rest, kind)
            return True
        return False

    def _para_aside(self, text: str) -> bool:
        """A paragraph that is no lesson where it stands: a statement of duties, a label of tests, an overview, an
        announcement, a question, a titled point's explanation; whether it was."""
        if _DUTIES.match(text) and not _REFLECTION.search(text):
            self.work_list = True
            return True
        self.work_list = False
        if self.kind == ASSESSMENT and _empty_field(text):
            # "评审：" is a label; "使用cUnit测试程序对项目进行了黑箱测试，测试了：" announces what was tested, not results.
            self.tested_list = len(text.rstrip(" :：")) > LABEL_CHARS
            return True
        if self.kind == ASSESSMENT and self.tested_list:
            return True
        if self.index in self.overviews and self.lesson_kind:
            return True  # "随着…，我们对微服务框架…有着更高的期待。" above "便捷性", "AI场景下的能力": the overview
        if _NEXT_PART.search(text) or _PARTS.search(text) and len(re.findall(r"[。！？!?]", text)) <= LEAD_SENTENCES:
            return True  # "…我们要解决该问题，我们看一下我们的处理方式。": it announces the next part, it says none
        if _ASKS.search(text):
            return True  # "…所以，我们能从这场故障中学到什么？": a paragraph that asks leads in to the answers, it is none
        # A titled point's later paragraphs explain it: the point is its title and first paragraph.
        return bool(self.in_point and self.lesson_kind)

    def _para_lesson(self, text: str, *, closing: bool) -> None:
        """Any other paragraph: the rest of the point before it, a sub-heading's point, a lesson of the section's or
        the lead-in's kind, a moral, or a lesson by its own words."""
        field = _empty_field(text) and self.index not in self.citing
        if self.lesson_kind and not (closing or self.items_only) and not never_a_lesson(text) \
                and not field and self._continues_point(text):
            last = self.out.lessons[-1]
            last.text += ("" if is_cjk(text[:1]) else _joiner(last.text)) + text
        elif self.lesson_kind and not (closing or self.items_only) and not never_a_lesson(text) \
                and not field and self.point and not self._current_section_lessons():
            # "### Verbose logs are always better" over "Since most of the time was spent writing better logging code,
            # …": a sub-heading under a lessons heading, and the line that explains it, are one lesson.
            point, self.point = self.point[0], None
            self._lesson(f"{point} — {text}", self._kind_of(text) or LessonKind.LESSON, title=point)
        elif self.lesson_kind and not (closing or self.items_only) and not never_a_lesson(text) \
                and not field and self._judged(text):
            self._lesson(enumerated_point(text), self._kind_of(text))
        elif self.items_only and self.lesson_kind and self.kind != OUTCOME and _NUMBERED.match(text) \
                and not never_a_lesson(text) and not field and self._judged(text):
            # "1、最开始问一下后面的流程，用什么算法。": a point numbered in the text is a list item written as a paragraph.
            self._lesson(enumerated_point(text), self._kind_of(text))
        elif self.lead_kind and not self.lesson_kind and not never_a_lesson(text) and not field:
            self._lesson(enumerated_point(text), self.lead_kind[0])
        elif not self.lesson_kind and not self.template and self.kind not in (DRIVING_EVENT, NARRATIVE) \
                and _MORAL.search(text):
            self._lesson(text, LessonKind.LESSON)
        elif self._cued(text):
            self._lesson(enumerated_point(text), self._cued(text), cued=True)

    def _prompt_line(self, block: Block, index: int) -> bool:
        """An English paragraph that is a form's prompt, not an answer: it opens with a question word, ends with no
        full stop, runs PROMPT_WORDS words or more and a paragraph follows it, in a document that looks back, under a
        heading that names a kind (the form's first prompt, set as a heading)."""
        return block.kind == "para" and self.reflective and not self.template and bool(_PROMPT_LINE.match(block.text)) \
            and len(block.text.split()) >= PROMPT_WORDS and index + 1 in self.paragraphs \
            and bool(self.stack) and as_kind(self.stack[-1].kind) is not None and not self._in_toc()

    def _prompt_item(self, block: Block, index: int) -> bool:
        """An English list item that asks a form's question (``_ASKED_ITEM``) with its answer, a paragraph, right after
        it, in a document that looks back: a heading over the answer, as a prompt set as a line is (``_prompt_line``),
        never a lesson ("What are the lessons you learned?" over "I learned the basic data structures, …")."""
        return block.kind == "item" and self.reflective and not self.template and bool(_ASKED_ITEM.match(block.text)) \
            and index + 1 in self.paragraphs and not self._in_toc()

    def _answer_points(self, text: str) -> bool:
        """An English form's prompt and its answer on one line, the answer ANSWER_POINTS sentences or more ("What did not go well
        (things you would avoid in a redo): We spent more time than necessary … At times, the cluster was not powerful
        enough …"): each sentence is a point, a lesson of the kind the prompt names (else of the kind it states, else a
        lesson); whether it made them. Only in a document that looks back, outside narrative sections."""
        m = _FORM_ANSWER.match(text)
        if not m or not self.reflective or self.template or self.kind in (DRIVING_EVENT, NARRATIVE) or self._in_toc():
            return False
        points = [p for p in _SENTENCE_BREAK.split(m.group("answer").strip())
                  if len(re.findall(r"[A-Za-z']+", p)) >= POINT_WORDS and not never_a_lesson(p) and not _ASKED_LABEL.search(p)]
        if len(points) < ANSWER_POINTS:
            return False
        named = label_kind(m.group("prompt"))
        for point in points:
            self._lesson(point, named or cue_kind(point) or LessonKind.LESSON, title=m.group("prompt").strip())
        return True
