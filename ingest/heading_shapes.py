"""What a heading's own text says: how it is numbered, the kind its noun names in a look back, whether it states a point,
names the genre or an aspect reviewed, sets the scene or gives context, or titles a document of lessons.
"""

from __future__ import annotations

import re

from ingest.headings import classify_heading, normalize_heading
from ingest.kind_words import label_kind
from kb.models import LessonKind

_LEARNED_HEADING = re.compile(r"\blearn|\blessons?\b|takeaway|学到|学会|收获|经验|教训|体会|心得|复盘|\bretrospective\b",
                              re.IGNORECASE)
# Not a course's numbered unit ("Lesson 1: Variables", "lesson-01-loops.md"), whose points are what it teaches.
_LESSONS_TITLE = re.compile(r"^(lessons?(?![\s_-]*\d{1,3}(?!\d))( learned| learnt)?|takeaways|learnings|经验教训|经验总结|教训)\b",
                            re.IGNORECASE)


HEADING_KIND_CHARS = 40
# An English heading puts its head noun first and may qualify it at length by a clause after it ("Major challenges faced
# while meeting requirements.", "Failures that resulted in outside help of some kind."; ``announced_kind`` reads its
# first words); not by a note in brackets ("Recurring problems (the targets of …)").
HEADING_KIND_CHARS_EN = 60
_QUALIFIED = re.compile(r"^([a-z]+ )?[a-z]+ (faced|encountered|met|experienced|found|seen|that|which|during|while|when)\b")
# A heading that asks ("原因是什么？", "设置超时时间是为了解决什么问题？"): its answer may be anything.
_ASKING = re.compile(r"[?？]\s*$|什么|哪些|为什么|为何|如何|怎么|\b(what|why|how|which)\b", re.IGNORECASE)
# A Chinese heading that ends with the noun of its kind ("3. 最大难点", "后续优化方向建议"), not one where the noun
# qualifies another ("取 Oss 文件效率问题的暴露"). Not "问题", which names a topic as often ("拓展问题").
_ENDS_KIND = re.compile(r"(困难|挑战|不足|缺点|难点|难题|坑|经验|教训|心得|体会|启示|感悟|优点|优势|亮点|好处|建议)\s*$")


# A section of a document that looks back, named by the genre and the period it looks back on ("## 2018 Retrospective",
# "## Sprint 3 retro", "## 2021 复盘"): its list items are what the team took from it.
# (Numbering, a year included, is gone from the normalised heading.)
_GENRE = re.compile(r"^((sprint \d+|iteration \d+|season|year|annual|q[1-4]|年度?)\s*(的)?\s*)?"
                    r"(retrospective|retro|post-?mortem|复盘|回顾)$", re.IGNORECASE)


# A section that looks back on one aspect of the work ("五、协作风格复盘（最核心，供未来复用）", "技术复盘"): its list items, and
# those of its parts, are what was taken from it.
_ASPECT_REVIEW = re.compile(r"^[\u4e00-\u9fff]{2,6}(复盘|回顾与反思)$")


def _unbracketed(text: str) -> str:
    """A heading without a closing note in brackets ("协作风格复盘（最核心，供未来复用）" -> "协作风格复盘")."""
    return re.sub(r"\s*[(（][^()（）]*[)）]$", "", text)


_NUMBERING = (("arabic", re.compile(r"^\s*\d+(\.\d+)*\s*[.、)）]?\s*\S")), ("chinese", re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]")),
              ("parenthesised", re.compile(r"^\s*[（(]\s*[\d一二三四五六七八九十]+\s*[)）]")),
              ("chapter", re.compile(r"^\s*第[一二三四五六七八九十百\d]+[章节部分篇]")))


def _numbering(text: str) -> str | None:
    """How a heading is numbered ("3.…", "一、…", "(1)…", "第二章…"), or None."""
    return next((name for name, pattern in _NUMBERING if pattern.match(text)), None)


def _plans_noun(text: str, kind: LessonKind | None) -> bool:
    """Whether a label names action items by a noun of plans or remaining actions ("2019 plans", "Remaining Actions"),
    not by the vocabulary ("Action items", "Next steps")."""
    return kind == LessonKind.ACTION_ITEM and classify_heading(text) is None


def _heading_kind(text: str) -> LessonKind | None:
    """In a look back, the kind a heading outside the vocabulary names by its noun: "## Failures", "## Prospective
    Causes", "### Successful Aspects", "## 3. 最大难点". Not a question, and in Chinese only a heading that ends with the
    noun; a Chinese "…的原因" is as often a motive ("申请本社区项目的原因") as a cause."""
    norm = _unbracketed(normalize_heading(text))  # "原始基线方案（成功方案）": a note
    cjk = re.search(r"[\u4e00-\u9fff]", norm)
    qualified = not cjk and len(text) <= HEADING_KIND_CHARS_EN and _QUALIFIED.match(normalize_heading(text))
    if len(text) > HEADING_KIND_CHARS and not qualified or _ASKING.search(text):
        return None
    if cjk and not _ENDS_KIND.search(norm):
        return None
    return label_kind(text)


POINT_CHARS = 150  # a sub-heading that states a point ("Establish clear communication about when …") may be long
POINT_WORDS = 3
POINT_CJK = 10


def _states_point(text: str) -> bool:
    """A heading that says something ("Always aggressively test", "需求评审要邀请一线仓管员"), not one that names a member
    or a topic ("陈俊宇", "Testing"): POINT_WORDS English words or POINT_CJK Chinese characters, at most POINT_CHARS."""
    return len(text) <= POINT_CHARS and (len(re.findall(r"[A-Za-z']+", text)) >= POINT_WORDS
                                         or len(re.findall(r"[\u4e00-\u9fff]", text)) >= POINT_CJK)


# Sections that set the scene: no content cues there.
_BACKGROUND = re.compile(r"^((project |business )?(background|context)|[^，,。]{0,6}背景(介绍|简介)?|(项目)?(概述|概况))$",
                         re.IGNORECASE)
# Sections that give context, not lessons, under a title that announces lessons.
_CONTEXT = re.compile(r"^(background|context|overview|summary|introduction|scope|about|attendees|participants"
                      r"|appendix|references?|links|glossary|table of contents|contents|背景|项目背景|概述|概况|项目概况"
                      r"|简介|说明|摘要|目录|附录|参考|参考资料|相关文档|相关链接|术语"
                      # How the work was done, what it delivered and what may come next ("一、整个过程(可复制的工作流)",
                      # "最终产物", "五、可继续"): steps, products and plans, not lessons.
                      r"|(整个|整体|工作|开发|实验|实施)?(过程|流程|工作流|步骤)|(最终)?产物|可继续|(the )?(process|workflow|steps)$"
                      r"|deliverables|future work)", re.IGNORECASE)


# Headings typed as text: (pattern, level)
_NUMBERED = [
    (re.compile(r"^第[一二三四五六七八九十百\d]+[章篇部](分)?\s*\S"), 1),
    (re.compile(r"^第[一二三四五六七八九十百\d]+节\s*\S"), 2),
    (re.compile(r"^[一二三四五六七八九十]+\s*[、.．]\s*\S"), 2),
    (re.compile(r"^[（(][一二三四五六七八九十]+[)）]\s*\S"), 3),
]
_DOTTED = re.compile(r"^(\d+(?:\.\d+)+)\.?\s*[^\d\s.]")
_SENTENCE_END = re.compile(r"[.。!！?？;；,，]$")
MAX_HEADING_CHARS = 40


def numbered_heading_level(text: str) -> int | None:
    """The level of a heading numbered in its text (第一章 1, 一、 2, （一） 3, 1.1 2, 1.1.1 3), or None."""
    if len(text) > MAX_HEADING_CHARS or _SENTENCE_END.search(text):
        return None
    for pattern, level in _NUMBERED:
        if pattern.match(text):
            return level
    m = _DOTTED.match(text)
    return min(m.group(1).count(".") + 1, 6) if m else None
