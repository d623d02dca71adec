"""Kind words beyond the heading vocabulary of ``ingest.headings``: the nouns that name a kind of lesson inside a
longer label or lead-in ("Challenges Faced:", "Costs of the approach:", "主要遇到了以下几个问题："), and the words that
name one only as a retrospective table's column or row label ("Mad | Sad | Glad", "Start | Stop | Continue")."""

from __future__ import annotations

import re

from ingest.headings import _SUFFIX, MAX_HEADING_CHARS, as_kind, classify_heading, normalize_heading
from kb.models import LessonKind

# Nouns that name a kind of lesson inside a longer label or lead-in ("Challenges Faced:", "Prospective Causes", "Costs of
# the approach:", "The lessons that we are taking away from this incident are as follows:", "主要遇到了以下几个问题："),
# where the heading vocabulary above matches whole names only. Earliest match wins, ties to the earlier entry.
_ANNOUNCED: list[tuple[re.Pattern[str], LessonKind]] = [(re.compile(p, re.IGNORECASE), k) for p, k in [
    (r"\b(lessons?|take ?aways?|learnings?|insights?|discoveries|morals?)\b|经验|教训|心得|体会|启示|感悟", LessonKind.LESSON),
    (r"\b(root )?causes?\b|\breasons? (why|for)\b|原因|根因", LessonKind.ROOT_CAUSE),
    ((r"\b(failures?|challenges?|problems?|issues?|difficult(y|ies)|mistakes?|costs?|drawbacks?|downsides?|cons"
     r"|weakness(es)?|shortcomings?|pain ?points?|pitfalls?|obstacles?|setbacks?|struggles?|roadblocks?|barriers?"
     r"|hurdles?|frustrations?|regrets?)\b"
     r"|问题|困难|挑战|不足|缺点|难点|难题|踩坑|坑"), LessonKind.WENT_WRONG),
    ((r"\b(success(es)?|successful|benefits?|advantages?|pros|strengths?|wins|triumphs?|upsides?|highlights?)\b"
     r"|优点|优势|亮点|成功|好处|\b(worked|went) (really |very |quite )?well\b"), LessonKind.WENT_WELL),
    ((r"\b(recommendations?|suggestions?|advices?)\b|建议|\bnext time\b|\b(would|will|should) (change|do differently)\b"
      r"|(下次|以后|今后)(需要|应该|要)?注意"), LessonKind.RECOMMENDATION),
    # Advice for others in a look back's own words: "Practical Guidelines for Developers", "Tips", "Best practices" (held
    # 33's raytracer retrospective); not a guide to the genre ("Retrospective Guidelines", "Tips for Writing a Good
    # Postmortem": how to run or write one).
    ((r"(?<!retrospective )(?<!retro )(?<!postmortem )(?<!post-mortem )\b(guidelines|tips|best practices)\b"
     r"(?! (for|on|to) (writ|run|hold|facilitat|fill|conduct))"), LessonKind.RECOMMENDATION),
    # What is left to do, or planned for the next round: "## Remaining Actions", "## 2019 plans", "### Plans:" (not what
    # was done: "Actions taken").
    ((r"\b(remaining|open|outstanding|pending|future|further|follow[- ]?up|next|corrective|preventive|preventative)"
      r" (actions?|steps|tasks)\b|^((\d{4}|future|next year'?s?|our|improvement) )?plans\b"), LessonKind.ACTION_ITEM),
]]
# What counts the items of a list ("the following", "three main", "a few"): the noun after it names them.
_COUNTED = re.compile(r"\b(the following|these|those|several|some|a few|a couple of|two|three|four|five|six|seven|the"
                      r" (main|key|biggest|major))( of (my|our|the))?( (main|key|biggest|major|important))? (?=\w)")
# What describes the event rather than judging it: "Problem statement", "问题描述", "问题背景".
_DESCRIBES = re.compile(r"\b(statement|description|definition|overview|background|summary)\b|描述|背景|定义|概述|说明|介绍",
                        re.IGNORECASE)
# What a form asks for ("Root cause and resolution must contain:", "问题描述须包括："): a prompt, not the team's list.
_PROMPT = re.compile(r"\b(must|should|needs? to|has to|have to|shall) (contain|include|cover|list|describe|explain|have)\b"
                     # What any lesson must be ("A lesson must stand on its own … It states:"): a guide's rule.
                     r"|\b(a|an|each|every|any) (good )?(lesson|takeaway|retrospective|post-?mortem|report|entry)\b"
                     r"|须|需(要)?(包含|包括|说明|列出)|应(当)?(包含|包括|说明|列出)|请(列出|说明|描述|填写)", re.IGNORECASE)
COUNTED_WORDS = 2  # "the following issues", "three main problems", "some root causes"; not "two weeks of problems"
ANNOUNCED_WORDS = 4  # an English label names its kind in its first words ("Costs of …", "The lessons that …")
ANNOUNCED_CJK = 24  # a Chinese label or lead-in this long at most


def label_kind(text: str) -> LessonKind | None:
    """The kind a label or lead-in ending in a colon names ("Challenges Faced:", "Costs of the approach:"): by the heading
    vocabulary, else by its nouns (``announced_kind``); None for a form's prompt ("Root cause … must contain:")."""
    if _PROMPT.search(normalize_heading(text)):
        return None
    return as_kind(classify_heading(text)) or announced_kind(text)


# A purpose that names problems as what the work answered ("为解决上述问题，本项目的主要开发工作包括：", "针对这些不足"): the
# work, not the problems.
_SOLVING = re.compile(r"(为了?|以)?(解决|处理|应对|克服|针对)[^，,。：:；;]{0,12}(问题|困难|挑战|不足|难点|难题)")


def announced_kind(text: str) -> LessonKind | None:
    """The kind a short label, heading or lead-in names with one of its nouns (``_ANNOUNCED``), or None: in English among
    its first ANNOUNCED_WORDS words ("Sometimes it seemed as though water exposure caused problems:" is a finding, not a
    label); in Chinese anywhere in a label of ANNOUNCED_CJK characters at most, the last noun naming it ("可能发生问题的
    原因"). Not one that describes ("问题描述") or a form's prompt ("… must contain:")."""
    norm = _SOLVING.sub("", normalize_heading(text))
    if not norm or _DESCRIBES.search(norm):
        return None
    cjk = re.findall(r"[\u4e00-\u9fff]", norm)
    words = re.findall(r"[a-z']+", norm)
    heads = [norm if cjk else " ".join(words[:ANNOUNCED_WORDS])]
    counted = _COUNTED.search(norm) if not cjk else None
    if counted:  # "We ran into the following issues:", "There were three main problems:": the counted noun is the head,
        # else the first words ("Failures that resulted in outside help of some kind": "some kind" counts nothing)
        heads.insert(0, " ".join(re.findall(r"[a-z']+", norm[counted.end():])[:COUNTED_WORDS]))
    if cjk and len(norm) > ANNOUNCED_CJK or _PROMPT.search(norm):
        return None
    return next((kind for kind in map(_head_kind, heads, [bool(cjk)] * len(heads)) if kind), None)


def _head_kind(head: str, cjk: bool) -> LessonKind | None:
    """The kind the noun of a label's head names (``_ANNOUNCED``): English puts it first ("Costs of the approach"),
    Chinese last ("可能发生问题的原因")."""
    best: tuple[int, int, LessonKind] | None = None
    for order, (pattern, kind) in enumerate(_ANNOUNCED):
        for m in pattern.finditer(head):
            at = -m.end() if cjk else m.start()
            if best is None or (at, order) < best[:2]:
                best = (at, order, kind)
    return best[2] if best else None


# Words that name a kind only as the columns (or row labels) of a retrospective's table: "Mad | Sad | Glad",
# "Start | Stop | Continue", the 4Ls "Liked | Learned | Lacked | Longed for", "Achievements | Obstacles". Alone as
# a heading ("## Start", "## Continue") they name nothing; beside one another in a table's header they name kinds.
_COLUMN_WORDS: dict[str, LessonKind] = {
    **dict.fromkeys(["mad", "sad", "lacked", "loathed", "stop", "stop doing", "less of", "drop", "obstacles", "obstacle",
                     "blockers", "blocker", "生气", "难过", "伤心", "不满", "缺乏的", "缺少的", "缺失的", "停止", "停止做", "停止做的",
                     "不再做", "障碍", "阻碍"], LessonKind.WENT_WRONG),
    **dict.fromkeys(["glad", "happy", "liked", "loved", "continue", "continue doing", "more of", "achievements", "achievement",
                     "accomplishments", "accomplishment", "开心", "高兴", "喜欢的", "继续", "继续做", "继续做的", "继续保持", "保持", "成就",
                     "成绩"], LessonKind.WENT_WELL),
    # DAKI's "Drop | Add | Keep | Improve": what to add and what to improve are what the team would do next.
    **dict.fromkeys(["start", "start doing", "longed for", "wished for", "ideas", "idea", "try", "add", "improve", "开始", "开始做",
                     "开始做的", "渴望的", "期望的", "希望的", "想法", "尝试"], LessonKind.RECOMMENDATION),
    **dict.fromkeys(["learned", "learnt", "学到的", "学到了", "学到"], LessonKind.LESSON),
}


def column_kind(text: str) -> LessonKind | None:
    """The lesson kind a retrospective table's column header or row label names ("Glad", "Start", "做得好的",
    "需要改进", "Action items"), by the heading vocabulary and ``_COLUMN_WORDS``; None for any other cell."""
    norm = normalize_heading(text)
    if not norm or len(norm) > MAX_HEADING_CHARS:
        return None
    bare = _SUFFIX.sub("", norm).strip(" :：-—.。!！?？")  # "Mad 😠", "Liked (what we loved)"
    return _COLUMN_WORDS.get(norm) or _COLUMN_WORDS.get(bare) or as_kind(classify_heading(text))
