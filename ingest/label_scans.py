"""Scans of labels and lead-ins among a document's blocks, before any is read: paragraphs that announce a list (and the
kind they name for it), label paragraphs and the end of the list each announces, a label's points written as lines,
closing remarks after a list, items that title the paragraph after them, problem lines paired with their fix, and
paragraphs that end by citing.
"""

from __future__ import annotations

import itertools
import re

from ingest.blocks import Block
from ingest.cues import cue_kind
from ingest.headings import classify_heading
from ingest.kind_words import label_kind
from ingest.line_labels import FIX_LABEL, PROBLEM_LABEL, inline_label
from ingest.line_shapes import (
    _ASKED_LABEL,
    _ENDS_SENTENCE,
    _LEAD,
    _LEAD_IN,
    _bold_title,
    _empty_field,
    _heading_like,
    _point_number,
    _title_item,
)
from kb.models import LessonKind


def _problem_fixes(blocks: list[Block]) -> dict[int, tuple[str, str]]:
    """Paragraphs or items labelled with a problem and followed by one labelled with its fix (``PROBLEM_LABEL``,
    ``FIX_LABEL``), each with the pair (problem, fix): one lesson, what went wrong, with how it was solved as its
    recommendation, not the fix alone. A problem put as a question is still one met when its fix follows ("问题：团队成员
    积极性不高，如何提高成员的积极性与参与度？", "问题：图片的盘旋改变颜色?" over "解决：…")."""
    out: dict[int, tuple[str, str]] = {}
    for i, (block, after) in enumerate(itertools.pairwise(blocks)):
        if block.kind in ("para", "item") and after.kind == block.kind and _problem_label(block.text) \
                and FIX_LABEL.match(after.text):
            out[i] = (block.text, after.text)
        elif block.kind == "heading" and after.kind == "para" and (problem := _problem_heading(block.text)) \
                and FIX_LABEL.match(after.text):
            # "2.1.1问题：数据库sql语句中日期类型数据不知道怎么转换格式" set as a heading, "解决：…" under it: the same pair.
            out[i] = (problem, after.text)
    return out


def _problem_heading(text: str) -> str | None:
    """A heading that states a problem under its label, without its numbering ("2.1.1问题：…" -> "问题：…"); put as a
    question or not, as a line's (``_problem_fixes``)."""
    unnumbered = _HEADING_NUMBER.sub("", text, count=1).strip()
    return unnumbered if _problem_label(unnumbered) else None


_HEADING_NUMBER = re.compile(r"^\s*(\d+(\.\d+)*\s*[.、．)）]?|[一二三四五六七八九十]+\s*[、.．])\s*")
# A Chinese problem label numbered as one of several, its fix labelled after it ("问题2：在不同的留言处怎么实现管理员回复？"
# over "解决方案：…", "问题 1: Docker 部署 openGauss 时端口冲突", "难题二 : 点击登录后返回登录前的页面" over "解决方法:…"):
# the same pair as "问题：…", put as a question or not (held 21's "难点1：如何设计界面的跳转？" over "解决方案：…" too, though
# its annotator took none of them).
_NUMBERED_PROBLEM = re.compile(r"^\s*(?:\*\*|__)?(问题|问题描述|故障|难题|难点|困难|挑战)\s*(\d{1,2}|[一二三四五六七八九十])\s*(?:\*\*|__)?\s*[:：]\s*\S")


def _problem_label(text: str) -> bool:
    """Whether a line opens with a problem's label (``PROBLEM_LABEL``), or a Chinese one numbered ("问题2：…")."""
    return bool(PROBLEM_LABEL.match(text) or _NUMBERED_PROBLEM.match(text))


def _after_lists(blocks: list[Block], quoted: set[int] = frozenset()) -> set[int]:
    """Paragraphs that follow a list in the same section, with no list after them: closing remarks and notes
    ("Despite the issues we faced, we …", "Note that in response to this error, I wrote …"), not lessons. A paragraph
    that acts as a heading (a form's numbered question) starts a new section: the answers under it are not remarks
    on the list before it."""
    out: set[int] = set()
    seen_item = False
    pending: list[int] = []
    number: int | None = None  # the last number a point of this section opened with
    for i, block in enumerate(blocks):
        if block.kind == "heading" or _heading_like(block):
            out.update(pending)
            seen_item, pending, number = False, [], None
            continue
        if block.kind == "item" and i not in quoted:
            seen_item, pending = True, []
        elif block.kind == "para" and seen_item and number is not None and _point_number(block.text) == number + 1:
            # "1). 文档编写很重要" a list item, then "2). 代码设计很关键" a paragraph (a Word file's later points typed,
            # not listed): the list's points go on as paragraphs, they are not remarks on it.
            seen_item, pending = False, []
        elif block.kind == "para" and seen_item:
            pending.append(i)
        number = _point_number(block.text) or number
    out.update(pending)
    return out


# A short line without any punctuation: a title, not an answer ("软件度量", "项目组成员对项目的贡献度").
_TITLE_LIKE = re.compile(r"^[^，,。.；;：:！!？?、]{1,12}$")


def _opens_section(blocks: list[Block], j: int) -> bool:
    """Whether what stands at index j shows the title before it opened a section of its own (a table's rows, a heading,
    a label), not that it was a short answer among others ("合理安排进度", then the next answer)."""
    if j >= len(blocks):
        return True
    block = blocks[j]
    return block.kind in ("row", "heading") or _heading_like(block) or _empty_field(block.text)


def _label_lists(blocks: list[Block]) -> dict[int, int]:
    """Label paragraphs that end with a colon and announce the list right after them ("未实现的需求：" then its items),
    each with the index of the first block after that list: the label's kind holds for its list, not for what follows
    it ("• 数据的备份和恢复", then "2. 架构风格和设计模式" and its answer). A label followed by a title is left empty."""
    out: dict[int, int] = {}
    for i, block in enumerate(blocks[:-1]):
        if not (_heading_like(block) and block.text.rstrip().endswith((":", "："))):
            continue
        if blocks[i + 1].kind == "para" and _TITLE_LIKE.match(blocks[i + 1].text) and _opens_section(blocks, i + 2):
            out[i] = i + 1  # a label left empty, then the form's next section ("未实现的需求：", "软件度量", its rows)
            continue
        if blocks[i + 1].kind != "item":
            continue
        j, top = i + 1, blocks[i + 1].level
        while j < len(blocks) and blocks[j].kind == "item" and blocks[j].level >= top:
            j += 1
        j = _line_points_end(blocks, i + 1, j)
        if j < len(blocks) and blocks[j].kind != "heading" and not _heading_like(blocks[j]):
            out[i] = j
    return out


def _line_points_end(blocks: list[Block], start: int, end: int) -> int:
    """Where a label's points end when they are the lines of its paragraph (blocks[start:end], "1.好：⏎ai赛马⏎继续赛马"): the
    one-line paragraphs after them, up to the next label or heading, are more of its points, written after a blank line
    ("全平台宣传-朋友圈、公众号-小范围反馈不错", then "2.坏："), when they end as its last line does (a sentence after terse
    lines, "Overall it was a good sprint.", is a remark on them)."""
    if not all(b.split for b in blocks[start:end]):
        return end
    j, ends = end, bool(_ENDS_SENTENCE.search(blocks[end - 1].text))
    while j < len(blocks) and blocks[j].kind == "para" and len(blocks[j].lines) <= 1 and not _heading_like(blocks[j]) \
            and not inline_label(blocks[j].text) and bool(_ENDS_SENTENCE.search(blocks[j].text)) == ends:
        j += 1
    return j if j == len(blocks) or blocks[j].kind == "heading" or _heading_like(blocks[j]) else end


def _line_points(blocks: list[Block]) -> set[int]:
    """The paragraphs that ``_line_points_end`` counts among a label's points: no closing remarks after its list."""
    out: set[int] = set()
    for i, block in enumerate(blocks[:-1]):
        if _heading_like(block) and blocks[i + 1].kind == "item" and blocks[i + 1].split:
            j = i + 1
            while j < len(blocks) and blocks[j].kind == "item" and blocks[j].split:
                j += 1
            out.update(b for b in range(j, _line_points_end(blocks, i + 1, j)) if blocks[b].kind == "para")
    return out


# An English paragraph set as a title: short, not a sentence, no label ("Unstable Navigation Bar", "Visual Aesthetics").
# Not a question set as a heading ("What I'm unsure about").
_PLAIN_TITLE = re.compile(r"^(?!(what|why|how|where|when|which|who)\b)[^\u4e00-\u9fff.。!！?？:：;；,，]{3,60}$", re.IGNORECASE)
PLAIN_TITLE_CHARS = 40  # a point's title; a form's prompt may be longer ("Assessment of timeline and budget performance")


def _plain_titles(blocks: list[Block]) -> set[int]:
    """Paragraphs that title the longer paragraph after them, two such pairs in a row at least (a PDF's points, whose
    bold titles it lost: "Unstable Navigation Bar", then "A consistent theme expressed by participants was …")."""
    pairs = {i for i, b in enumerate(blocks[:-1])
             if b.kind == "para" and not b.bold and plain_title(b.text)
             and blocks[i + 1].kind == "para" and len(blocks[i + 1].text) > 2 * len(b.text)
             and not (_PLAIN_TITLE.match(blocks[i + 1].text.strip()) and len(blocks[i + 1].text.strip()) <= PLAIN_TITLE_CHARS)}
    return {i for i in pairs if i + 2 in pairs or i - 2 in pairs}


def plain_title(text: str, chars: int = PLAIN_TITLE_CHARS) -> bool:
    """An English paragraph set as a title (``_PLAIN_TITLE``), ``chars`` long at most, that names no kind nor part by
    the heading vocabulary ("What went right" over its paragraph is a heading set as text)."""
    return len(text.strip()) <= chars and bool(_PLAIN_TITLE.match(text.strip())) and classify_heading(text) is None


def _titled_items(blocks: list[Block]) -> set[int]:
    """List items that title the paragraph right after them ("1. 区分各项功能的粒度和优先级", then "在提出需求和安排进度时，
    没有按照…"): short, no punctuation, followed by a longer paragraph that is no heading."""
    plain = _plain_titles(blocks)
    return {i for i, b in enumerate(blocks[:-1])
            if (b.kind == "item" and _title_item(b.text)
                or _bold_title(b) or i in plain)
            and blocks[i + 1].kind == "para" and len(blocks[i + 1].text) > len(b.text)
            and not _heading_like(blocks[i + 1]) and not inline_label(blocks[i + 1].text)
            and not PROBLEM_LABEL.match(blocks[i + 1].text)  # "问题描述：…": the item names a write-up in labelled parts
            and not _ASKED_LABEL.search(blocks[i + 1].text)}  # a question after it asks the next thing


LEAD_KIND_CHARS = 150
LEAD_PARAS = 2  # a lead-in to paragraphs announces two of them at least


# What a lead-in offers as possibilities ("经过 google 确定了可能发生问题的原因：", "Possible causes:"): candidates, not findings.
_CANDIDATES = re.compile(r"可能|或许|猜测|\b(possible|potential|candidate|likely)\b", re.IGNORECASE)


def _lead_kinds(blocks: list[Block], lead_ins: set[int]) -> dict[int, tuple[LessonKind, int]]:
    """Lead-ins ending in a colon that name a kind ("The lessons that we are taking away from this incident are as
    follows:", "Costs of the approach:", "遇到的主要问题如下："), each with its kind and the end of the list after it."""
    out: dict[int, tuple[LessonKind, int]] = {}
    _colon_leads(blocks, lead_ins, out)
    _stated_leads(blocks, out)
    _paragraph_leads(blocks, out)
    return out


def _colon_leads(blocks: list[Block], lead_ins: set[int], out: dict[int, tuple[LessonKind, int]]) -> None:
    """Into ``out``: the lead-ins ending in a colon (or asking) whose words name a kind."""
    for i in sorted(lead_ins):
        text = blocks[i].text.strip()
        if blocks[i + 1].kind != "item" or not (_empty_field(text) or _ASKED_LABEL.search(text)) \
                or len(text) > LEAD_KIND_CHARS:
            continue
        kind = None if _CANDIDATES.search(text) else label_kind(text)
        if kind:
            j, top = i + 1, blocks[i + 1].level
            while j < len(blocks) and blocks[j].kind == "item" and blocks[j].level >= top:
                j += 1
            out[i] = (kind, j)


def _stated_leads(blocks: list[Block], out: dict[int, tuple[LessonKind, int]]) -> None:
    """Into ``out``: the paragraphs before a list that state what went well or wrong, or open with its label."""
    for i, block in enumerate(blocks[:-1]):
        # "Starting the work was pretty easy, I was able to install Elm-platform pretty easily," then the list of what
        # made it so, "Second set of problems: working with Elm was not without problems." then the problems: a lead-in
        # that states a kind in its own words, or opens with a label that names one, gives it to the list after it.
        if i in out or block.kind != "para" or blocks[i + 1].kind != "item":
            continue
        label = _OPENING_LABEL.match(block.text)
        ends = block.text.rstrip().endswith((",", ":", "，", "："))
        kind = (cue_kind(block.text.rstrip(",:，：")) if ends else None) or (label_kind(label.group(1)) if label else None)
        if kind in (LessonKind.WENT_WELL, LessonKind.WENT_WRONG):
            j, top = i + 1, blocks[i + 1].level
            while j < len(blocks) and blocks[j].kind == "item" and blocks[j].level >= top:
                j += 1
            out[i] = (kind, j)


def _paragraph_leads(blocks: list[Block], out: dict[int, tuple[LessonKind, int]]) -> None:
    """Into ``out``: the English paragraphs whose last sentence ends in a colon and names a kind, over LEAD_PARAS
    paragraphs or more."""
    for i, block in enumerate(blocks[:-1]):
        # "…here are some of my take aways form my first hackaton's experience, in no particular order:" then one
        # paragraph a point: the paragraphs up to the next heading are lessons of the kind it names.
        text = re.split(r"(?<=[.!?。！？])\s+", block.text.strip())[-1]  # its last sentence
        if i in out or block.kind != "para" or blocks[i + 1].kind != "para" or not _empty_field(text) \
                or len(text) > LEAD_KIND_CHARS or _CANDIDATES.search(text) or re.search(r"[\u4e00-\u9fff]", text):
            continue  # a Chinese "…：" runs one explanation over paragraphs as often (held 12, 15: +2 matches, +8 junk)
        end = next((j for j in range(i + 1, len(blocks)) if blocks[j].kind != "para"), len(blocks))
        kind = label_kind(text) if end - i > LEAD_PARAS else None
        if kind:
            out[i] = (kind, end)


_OPENING_LABEL = re.compile(r"^([^:：,，.。]{3,40})[:：]\s*\S")


def _label_led(blocks: list[Block], lead_kinds: dict[int, tuple[LessonKind, int]]) -> set[int]:
    """The lead-ins among ``lead_kinds`` that open with a label naming the list's kind and go on with a sentence
    ("Second set of problems: working with Elm was not without problems."): they name the list, they are no lesson of
    their own. Not a label with items after it ("尚未实现的需求：景点点评、组队出行、好友聊天"): those are one."""
    return {i for i in lead_kinds if blocks[i].kind == "para" and (m := _OPENING_LABEL.match(blocks[i].text))
            and label_kind(m.group(1)) == lead_kinds[i][0] and re.search(r"[.。!！]$", blocks[i].text.rstrip())}


def _lead_ins(blocks: list[Block]) -> set[int]:
    """Paragraphs that announce the list or code right after them ("… the following in mind.", "列了几点需要改进的：",
    "由此，我第一次作业代码如下")."""
    return {i for i, b in enumerate(blocks[:-1])
            if b.kind == "para" and blocks[i + 1].kind in ("item", "row", "code") and _LEAD_IN.search(b.text[-80:])
            # A question with the answers listed under it ("What recommendations would you give …?").
            or b.kind == "para" and blocks[i + 1].kind == "item" and _ASKED_LABEL.search(b.text)
            and not _LEAD.match(b.text)}


def _citing(blocks: list[Block]) -> set[int]:
    """Paragraphs that have said their point in sentences and end by citing, with nothing after them in their section
    ("第三个教训是，警惕大厂开源。…Stonebraker …中就提到过这一点：", then a figure and the next heading): no lead-in, a
    point. Not one followed by text it may announce ("…我们又还能从这场事故中学习到什么教训呢？以下是我的观点：")."""
    out: set[int] = set()
    for i, block in enumerate(blocks):
        stripped = block.text.rstrip()
        if block.kind != "para" or not stripped.endswith((":", "：")):
            continue
        if "。" in stripped and (i + 1 == len(blocks) or blocks[i + 1].kind == "heading"):
            out.add(i)
    return out
