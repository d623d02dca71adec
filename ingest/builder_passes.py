"""The builder's passes over a document's lessons once every block is read (``_Passes``, a part of
``ingest.builder._Builder``): unlabelled descriptions beside enumerated labels are dropped, the classifier's lessons
are added in document order, lessons found by their words that repeat another are dropped, and a paragraph's lesson
that turns from one point to the next is split, one lesson a point; a Chinese passage too long to be one point is
dropped (under a heading that names a kind, read a sentence a point instead), and so is a Chinese question asked alone;
a fix labelled as one in a problem's section is that problem's recommendation.
"""

from __future__ import annotations

import dataclasses
import itertools
import re

from ingest.classify import active_model, score
from ingest.cue_gates import chinese
from ingest.headings import MAX_HEADING_CHARS, as_kind, classify_heading
from ingest.label_scans import plain_title
from ingest.line_labels import FIX_LABEL, PROBLEM_LABEL, inline_label
from ingest.line_shapes import _ENUMERATED, _LEAD, _lead
from ingest.points import MIN_POINT_CHARS, points, sentences, stated
from kb.models import LessonKind, ParsedLesson

# An enumerated label ("Q1：", "EXP2：", "问题一：", "特色1："): where a section's lessons carry them, its unlabelled
# lines are their descriptions (a deck's text boxes), not lessons of their own.
DESCRIPTION_CHARS = 30


# A line that opens with a fix's label ("修复: 用 @opennextjs/cloudflare 替代,部署到 Workers 而非 Pages。", "解决方法：暂时
# 使用维特智能…", "方案：MySQL + Redis 双写策略；…"): in a section of problems it is how one was solved, not another
# problem. Over the seen Chinese documents 12 such lines were lessons of what went wrong or causes by their section's
# kind, in 4 documents of 4 repositories (a hackathon's pitfalls, a robotics team's problem log, a defence deck's
# problems, a gimbal's problem log), none annotated (e-gen26zh).
_FIX_OPENING = re.compile(r"^\s*(?:\*\*|__)?(?:修复|修正|解决(?:方案|办法|方法|思路|措施)?|处理(?:方法|办法)|对策|方案"
                          r"|应对(?:措施|方法)|solution|fix|resolution|workaround)\s*\d*(?:\*\*|__)?\s*[:：]\s*\S",
                          re.IGNORECASE)
_PROBLEMS = (LessonKind.WENT_WRONG, LessonKind.ROOT_CAUSE)

# The kinds of lesson a paragraph's points may be split from (``_Builder._split_points``).
_OUTCOMES = (LessonKind.WENT_WELL, LessonKind.WENT_WRONG, LessonKind.LESSON)


# A retrospective or post-mortem where the rules and the model find fewer than FEW_LESSONS lessons tells its points in a
# shape no rule reads (numbered answers to a questionnaire left out, paragraphs under a sprint's "Analysis", a course
# form's answers): there the model's candidates are lessons from FALLBACK_THRESHOLD, not from its usual 0.7. 28 English
# documents of 22 repositories in the seen splits yielded fewer than three (153 annotated, 27 matched); there it adds 10
# lessons, 9 of them annotated, all in documents the model was not fitted on (held 28 to 33). In every look back, or
# below six lessons, it adds more junk than the tuned precision allows (BENCHMARKS.md, "English rules for held 33
# (e-gen14en)").
FEW_LESSONS = 3
FALLBACK_THRESHOLD = 0.5
ANSWER_WORDS = 4  # a titled answer of the fallback (``_titled_answers``) is a sentence: "There weren't any tech issues."

REPEAT = 0.8  # share of the shorter text's character bigrams that makes two lessons one

# A Chinese lesson longer than this, after a long paragraph's points are split (``ingest.points``), is a passage told
# whole (an intern's week, a competition's stage, a member's account of the PCB work), not one point: over the 336
# seen Chinese documents, 7 such lessons in 6 documents by 6 authors, none annotated; no Chinese annotation there
# reaches 200 characters (e-gen18zh). Under a heading that names a kind the passage is read a sentence a point: over the
# 306 seen Chinese documents readable in session 43, 17 lessons more in 2 documents of 2 repositories, 9 of them
# annotated; read so under any heading, 41 more, 21 annotated, the precision lower (e-gen33zh).
PASSAGE_CHARS = 500

# A Chinese lesson that is one question and nothing else ("难点1：如何进行流程控制？", "D.数据库表的设计？", "LightGBM 和 CatBoost 是否
# 适合共享完全相同的一套特征？", "高额贷首页，贷款信息轮播？") asks: a topic, an interview's prompt or a client's query, answered
# after it or not at all. Over the seen Chinese documents 8 such lessons in 4 documents by 4 authors, none annotated;
# of the annotated lessons that end in a question mark, 14 are problems their authors labelled as such ("问题：图片的隐藏与
# 显示？", "问题2：在不同的留言处怎么实现管理员回复？"), which stay, and one a paragraph of several sentences (e-gen19zh).
_ONE_QUESTION = re.compile(r"^(?:[^。！!？?\n]+[？?]\s*)+$")
_PROBLEM_ASKED = re.compile(r"^\s*问题\s*[0-9一二三四五六七八九十]*\s*[：:]")
# The same in English, questions with no statement between them ("Changes to the Work Plan Tasks?", "From a technical
# point of view?", "Were there any new components of the implementation that helped with the success of the project?"):
# a form's sub-questions and a template's prompts. Over the seen English documents such a line stands in a section that
# names a kind 25 times in 13 repositories; 8 were lessons (2 repositories), none annotated (e-gen21en).
_EN_QUESTIONS = re.compile(r"^(?:[^。！!？?.\n]+[？?]\s*)+$")
# An English lesson that is a label and its colon alone ("Areas for Development:", "Difficulties, Errors, or Mistakes:",
# "Error Handling Pattern:"): the lead-in of what follows, never a point. Over the seen English documents 4 such lessons
# in 3 repositories, none annotated (e-gen25en).
_EN_LEAD_IN = re.compile(r"^[^.!?;:\n]{1,60}:$")


def _bigrams(text: str) -> set[str]:
    chars = [ch for ch in text.lower() if ch.isalnum()]
    return {chars[i] + chars[i + 1] for i in range(len(chars) - 1)}


_WORD = re.compile(r"[a-z0-9']+")


def _grams(text: str) -> set[str]:
    """What tells a repeat (``_Passes._drop_repeats``): a Chinese text's character bigrams, an English text's word
    bigrams. English letter pairs are too few to tell two texts apart: a 40-word opening ("Float The following reflection
    is divided into multiple sections …") has 80 % of its letter pairs in any 170-word paragraph after it, and that
    paragraph, a team's design mistake and what they should have done, was dropped as its repeat (e-gen24en)."""
    if chinese(text):
        return _bigrams(text)
    words = _WORD.findall(text.lower())
    return {f"{a} {b}" for a, b in itertools.pairwise(words)}


def _sentence_points(text: str) -> list[str]:
    """A passage's sentences, one point each; a sentence under MIN_POINT_CHARS characters ("2.提升标签准确度。", a
    numbered point's topic) opens the sentence after it, or closes the one before it at the end ("第六章 附录")."""
    out: list[str] = []
    carried = ""
    for sentence in sentences(text):
        if len(carried + sentence) < MIN_POINT_CHARS:
            carried += sentence
        else:
            out.append(carried + sentence)
            carried = ""
    if carried and out:
        out[-1] += carried
    return out


def _point_lessons(lesson: ParsedLesson, parts: list[tuple[str, LessonKind | None]]) -> list[ParsedLesson]:
    """A paragraph's lesson as its points, each of the kind it states (else the paragraph's); the first, the point the
    paragraph opens with, keeps the fix found for the whole (a "Problem:" paragraph's "Solution:" after it)."""
    if len(parts) < 2:
        return [lesson]
    return [ParsedLesson(kind=kind if kind in (*_OUTCOMES, LessonKind.RECOMMENDATION) else lesson.kind, text=text,
                         section_index=lesson.section_index, title=_lead(text),
                         recommendation=None if i else lesson.recommendation) for i, (text, kind) in enumerate(parts)]


class _Passes:
    """The part of ``_Builder`` that runs its passes over the lessons once every block is read."""

    def _drop_repeats(self) -> None:
        """A lesson found by its words alone that repeats one the structure found, or an earlier one found by its
        words (a report's member reflections, given once under "感想：" labels and again as a list of names), is that
        lesson, not another."""
        grams = [_grams(lesson.text) for lesson in self.out.lessons if not any(lesson is c for c in self.cued)]
        for lesson in self.cued:
            own = _grams(lesson.text)
            if any(own and other and len(own & other) >= REPEAT * min(len(own), len(other)) for other in grams):
                self.out.lessons = [x for x in self.out.lessons if x is not lesson]
            else:
                grams.append(own)  # a later repeat of this one is dropped too

    def _drop_descriptions(self) -> None:
        """In a section where two lessons or more carry an enumerated label ("Q1：", "EXP2："), the unlabelled ones are
        their descriptions (a deck's separate text boxes), kept as section text only; beside one label ("特色1：界面
        用户友好"), the short ones are ("针对错误操作——精准提示")."""
        labelled: dict[int | None, int] = {}
        for lesson in self.out.lessons:
            if _ENUMERATED.match(lesson.text):
                labelled[lesson.section_index] = labelled.get(lesson.section_index, 0) + 1
        self.out.lessons = [
            lesson for lesson in self.out.lessons
            if _ENUMERATED.match(lesson.text) or _LEAD.match(lesson.text)
            or not (labelled.get(lesson.section_index, 0) >= 2
                    or labelled.get(lesson.section_index) and len(lesson.text) <= DESCRIPTION_CHARS)]

    def _classified(self) -> None:
        """The paragraphs and items the rules left that a ``classify`` model in use reads as lessons by what they say
        and where they stand (in ingestion the shipped one, English only: see ``ingest.classify``); kept in document
        order, and dropped like cued lessons where they repeat one the rules found. In a retrospective or post-mortem
        where the rules and the model found fewer than FEW_LESSONS, the model's least probability is FALLBACK_THRESHOLD
        (``ingest.classify.score``)."""
        model = active_model()
        if model is None:
            return
        per_section: dict[int | None, int] = {}
        for lesson in self.out.lessons:
            per_section[lesson.section_index] = per_section.get(lesson.section_index, 0) + 1
        found = len(self.out.lessons)
        scored = [(index, section_index, dataclasses.replace(candidate, doc_lessons=found,
                                                             section_lessons=per_section.get(section_index, 0)))
                  for index, section_index, candidate in self.candidates]
        kinds = [score(candidate, model) for _, _, candidate in scored]
        if self.looks_back and found + sum(kind is not None for kind in kinds) < FEW_LESSONS:
            answers = self._titled_answers()
            kinds = [score(candidate, model, floor=0.0 if index in answers else FALLBACK_THRESHOLD)
                     for index, _, candidate in scored]
        for (index, section_index, candidate), kind in zip(scored, kinds):
            if kind:
                lesson = ParsedLesson(kind=kind, text=candidate.text, section_index=section_index,
                                      title=_lead(candidate.text))
                self.out.lessons.append(lesson)
                self.cued.append(lesson)
                self.order[id(lesson)] = index
        self.out.lessons.sort(key=lambda lesson: self.order.get(id(lesson), 0))

    def _titled_answers(self) -> set[int]:
        """The paragraphs right after a plain title line ("Review of project goals and outcomes", then "The five
        deliverables were met …"): a form's answers under its prompts, set as text (a PDF lost their headings), each a
        lesson where the look back yields fewer than FEW_LESSONS otherwise, whatever the model's probability."""
        answers = {index + 1: self.paragraphs.get(index + 1, "").strip() for index, text in self.paragraphs.items()
                   if plain_title(text, MAX_HEADING_CHARS)}
        # A sentence, not a label ("Part 1 (2-3):", "Any additional remarks:") nor another title line.
        return {index for index, answer in answers.items() if len(answer.split()) >= ANSWER_WORDS
                and not answer.endswith((":", "：")) and not plain_title(answer, MAX_HEADING_CHARS)}

    def _drop_passages(self) -> None:
        """A Chinese lesson of over PASSAGE_CHARS characters is a passage, kept as its section's text only; not one a
        table's row gives, which its author wrote in a cell as one (a register's "经验教训" column; r-review3), nor
        one its author labelled as one ("问题：…", "经验：…": a contributor's long problem stays hers to edit). Under a
        heading that names a kind ("5.2 项目反思", "学习经验总结") it is that kind's points told in one paragraph (a PDF
        report's numbered points run together), one a sentence (``_sentence_points``), each of the kind it states."""
        cells = {id(lesson) for lesson in self.cell_lessons}
        out: list[ParsedLesson] = []
        for lesson in self.out.lessons:
            if len(lesson.text) <= PASSAGE_CHARS or not chinese(lesson.text) or id(lesson) in cells \
                    or _labelled(lesson.text):
                out.append(lesson)
            elif self._named_kind(lesson):
                out.extend(_point_lessons(lesson, [(text, stated(text)) for text in _sentence_points(lesson.text)]))
        self.out.lessons = out

    def _named_kind(self, lesson: ParsedLesson) -> bool:
        """Whether a lesson's section heading names a kind ("5.2 项目反思"), not one it took from a heading above."""
        index = lesson.section_index
        return index is not None and as_kind(classify_heading(self.out.sections[index].heading)) is not None

    def _drop_questions(self) -> None:
        """A Chinese lesson that is one question alone (``_ONE_QUESTION``) is kept as its section's text only; not one
        its author labelled a problem ("问题：…？"). So is an English one of questions alone (``_EN_QUESTIONS``), or of a label
        and its colon alone (``_EN_LEAD_IN``)."""
        self.out.lessons = [lesson for lesson in self.out.lessons if not _asks(lesson.text)]

    def _split_points(self) -> None:
        """A paragraph's lesson that turns from what went wrong to what went well, or back, or from an outcome to what
        was learned (``ingest.points``): one lesson a point (``_point_lessons``)."""
        out: list[ParsedLesson] = []
        for lesson in self.out.lessons:
            index = self.order.get(id(lesson))
            split = lesson.kind in _OUTCOMES and lesson.text in self.paragraphs.get(index, "")
            parts = _point_lessons(lesson, points(lesson.text)) if split else [lesson]
            if parts[0] is not lesson:  # new lessons, ordered where the paragraph stood
                self.order.update((id(part), index) for part in parts)
            out.extend(parts)
        self.out.lessons = out

    def _attach_fixes(self) -> None:
        """A line labelled as a fix (``_FIX_OPENING``) that the section's kind made what went wrong or a cause is how
        that problem was solved: the recommendation of the problem before it in its section (after the one it has, on
        a line of its own: a second fix is no less the problem's), or, with none before it, a recommendation of its
        own."""
        out: list[ParsedLesson] = []
        for lesson in self.out.lessons:
            if lesson.kind in _PROBLEMS and _FIX_OPENING.match(lesson.text):
                problem = next((x for x in reversed(out) if x.section_index == lesson.section_index
                                and x.kind in _PROBLEMS), None)
                if problem is not None:
                    problem.recommendation = "\n".join(filter(None, (problem.recommendation, lesson.text)))
                    continue
                lesson.kind = LessonKind.RECOMMENDATION
            out.append(lesson)
        self.out.lessons = out


def _asks(text: str) -> bool:
    """Whether a lesson's text is one Chinese question that no problem label opens, or English questions alone, or an
    English label alone (``_EN_LEAD_IN``)."""
    if not chinese(text):
        return bool(_EN_QUESTIONS.match(text) or _EN_LEAD_IN.match(text.strip()))
    return bool(_ONE_QUESTION.match(text)) and not _PROBLEM_ASKED.match(text)


def _labelled(text: str) -> bool:
    """Whether a lesson's text opens with a label that names it a lesson (a problem, a fix, a kind)."""
    return bool(PROBLEM_LABEL.match(text) or FIX_LABEL.match(text) or inline_label(text[:80]))
