"""How the builder reads a list item (``_Items``, a part of ``ingest.builder._Builder``): a label item gives the items
under or after it a kind, a question with answers under it names theirs, a speaker's topic line or a bold title heads
its points, an item under a kind or a lead-in that names one is a lesson, and an item deeper than the last lesson is
its detail (``_continued``).
"""

from __future__ import annotations

import re

from ingest.blocks import Block
from ingest.builder_paras import _PHASE
from ingest.heading_shapes import _plans_noun
from ingest.headings import DRIVING_EVENT, MAX_HEADING_CHARS, NARRATIVE, OUTCOME, as_kind, classify_heading
from ingest.kind_words import label_kind
from ingest.line_labels import inline_label
from ingest.line_shapes import _ASKED_LABEL, _LEAD, _empty_field, _joiner, _names_section, _title_item
from ingest.non_lessons import never_a_lesson
from kb.models import LessonKind

# An English list item that only says which half of the feedback follows ("* Positive" / "* Negative", "- The good:"), with
# the feedback as its sub-items.
_POLARITY = re.compile(r"^\s*(the )?(good|bad|ugly|positives?|negatives?|pros|cons)\s*[:：]?\s*$", re.IGNORECASE)


LABEL_ITEM_CHARS = 60


class _Items:
    """The part of ``_Builder`` that reads a list item."""

    def _item(self, block: Block, *, announces: bool = False) -> None:
        if self.item_base is None or block.level < self.item_base:
            self.item_base = block.level
        depth = block.level - self.item_base
        self.texts[-1].append("  " * depth + "- " + block.text)
        if self._item_labelled(block, depth) or self._item_heads(block, depth, announces):
            return
        self._item_lesson(block, depth, announces)

    def _item_labelled(self, block: Block, depth: int) -> bool:
        """An item of a driving event, a list label's run, a form's answer or one that opens with a label; whether it
        was."""
        if self.kind == DRIVING_EVENT:
            self.driving.append(block.text)
            return True
        if self.index in self.run_labels:
            return True
        if self.index in self.run_kinds:
            if not self.template and not never_a_lesson(block.text):
                self._lesson(block.text, self.run_kinds[self.index])
                self.lesson_depth = depth
            return True
        if self._answer_points(block.text):
            self.lesson_depth = depth
            return True
        labelled = inline_label(block.text) if not (self.work_list and _PHASE.match(block.text)) else None
        if labelled and self._pit_part(labelled[0]):
            return True
        if labelled:
            kind, rest = labelled
            if kind == LessonKind.LESSON and rest and self._takeaway(rest, depth):
                return True
            if rest and rest.strip(" -–—") and not never_a_lesson(rest) and not self.template \
                    and not self._design(block.text):
                self._lesson(rest, kind)
                self.lesson_depth = depth
            elif not rest:
                self.label = (kind, depth)  # "- 优点：" with sub-items: they are lessons of that kind
            return True
        return False

    def _takeaway(self, rest: str, depth: int) -> bool:
        """A takeaway under a titled point ("- Scalability is Essential:" over "o Key Takeaway: Designing with
        scalability in mind …"): the point's explanation, added to the lesson the title made; whether it was."""
        if self.lesson_depth is None or depth <= self.lesson_depth or not self._current_section_lessons():
            return False
        last = self.out.lessons[-1]
        if not last.text.rstrip().endswith((":", "：")) or len(last.text) > MAX_HEADING_CHARS:
            return False
        last.text = last.text.rstrip() + " " + rest
        return True

    def _item_heads(self, block: Block, depth: int, announces: bool) -> bool:
        """An item that heads the items under it (a question, a section's name, a bold title, a speaker's topic): the
        label of their kind or one lesson with them; whether it was."""
        if self.label and depth <= self.label[1]:
            self.label = None
        if announces and _ASKED_LABEL.search(block.text) and not _LEAD.match(block.text) and not self.template \
                and self.kind not in (DRIVING_EVENT, NARRATIVE) and (label_kind(block.text) or self.lesson_kind):
            # "What recommendations would you give to others …?" with the answers under it: each answer a lesson of the
            # kind the question names (else the section's), not the question with its answers as one. ("问题：…如何
            # 解决冲突？" over its answers is a problem and its fix: one lesson.)
            self.label = (label_kind(block.text) or self.lesson_kind, depth)
            return True
        own = as_kind(classify_heading(block.text)) if announces and (
            _names_section(block.text) or self.reflective and not self.template and _POLARITY.match(block.text)) else None
        if not own and announces and self.reflective and not self.lesson_kind and _empty_field(block.text) \
                and len(block.text) <= LABEL_ITEM_CHARS and not self.template and self.kind not in (DRIVING_EVENT, NARRATIVE):
            own = label_kind(block.text)  # "- Challenges Faced:" with sub-items: they are lessons of that kind
            own = None if not self.looks_back and _plans_noun(block.text, own) else own
        if own:
            self.label = (own, depth)  # "1. 技术方案亮点" with bullets under it: they are lessons of that kind
            return True
        if block.bold and announces and self.lesson_kind and self.kind != OUTCOME and not self.template \
                and not self.label and not self.lead_kind and not never_a_lesson(block.text) and _title_item(block.text):
            # "1. **服务启动**" over "⚠️ AndroidManifest.xml声明服务≠自动启动", …: a title set in bold over its points is
            # one lesson with them (not a speaker's topic in minutes, whose points are each one).
            self._lesson(block.text, self._kind_of(block.text))
            self.lesson_depth = depth
            return True
        if self.index in self.topics and self.lesson_kind and self.kind != OUTCOME and not self.template \
                and self.lesson_kind != LessonKind.WENT_WELL:
            # "2. megemini 中文文档的书写问题的吐槽" with the points under it: a speaker's topic, each point a lesson. (Under
            # what went well, "1. **双机制设计创新**" over "两者独立运作，互不干扰": a highlight, its sub-items describe it.)
            self.label = (self.lesson_kind, depth)
            return True
        return False

    def _item_lesson(self, block: Block, depth: int, announces: bool) -> None:
        """Any other item: a lesson of the lead-in's, the label's or the section's kind, or of the one it states, or
        the detail of the lesson above it."""
        if self.lead_kind and not self.label and not self.template and not never_a_lesson(block.text):
            if self._continued(block.text, depth):
                return
            self._lesson(block.text, self.lead_kind[0])
            self.lesson_depth = depth
            return
        if self.label and not self.template and not never_a_lesson(block.text):
            if self._continued(block.text, depth, below=self.label[1]):
                return
            self._lesson(block.text, self.label[0])
            self.lesson_depth = depth
            return
        if self._continued(block.text, depth):
            return
        # "We improved our usage of GitFlow by:" with sub-items is one lesson with them, not an empty field. Under a
        # title that announces lessons only the author's list items are (not a paragraph's lines after "UML类图：").
        if self.lesson_kind and self.kind != OUTCOME and not (self.work_list and _PHASE.match(block.text)) \
                and not never_a_lesson(block.text) and not (self.items_only and block.split) \
                and (announces or not _empty_field(block.text)) and self._judged(block.text):
            self._lesson(block.text, self._kind_of(block.text))
            self.lesson_depth = depth
        elif self._cued(block.text):
            self._lesson(block.text, self._cued(block.text), cued=True)
            self.lesson_depth = depth

    def _continued(self, text: str, depth: int, *, below: int | None = None) -> bool:
        """Append an item deeper than this section's last lesson to it (its detail), when that lesson is itself below
        the label's depth `below` (if any); whether it did."""
        if self.lesson_depth is None or depth <= self.lesson_depth or not self._current_section_lessons() \
                or below is not None and self.lesson_depth <= below:
            return False
        last = self.out.lessons[-1]
        last.text += _joiner(last.text) + text
        return True
