"""Small predicates on one line or block of text: whether it acts as a heading or a label, names a section or a topic,
titles a point, leads in, is an empty field; its point number, its lead-in title (``_lead``), how to join its lines.
"""

from __future__ import annotations

import re

from ingest.blocks import Block
from ingest.headings import MAX_HEADING_CHARS, as_kind, classify_heading
from ingest.line_labels import inline_label
from kb.models import LessonKind
from kb.text import is_cjk

_LEAD_IN = re.compile(r"[:：]\s*$|\b(the following|as follows|below)\b|如下|以下几|下面几"
                      # Minutes that say who presented the list ("X 介绍了…背景，开启议题", "分享主题《编译吐槽》，…总结了一些…问题。").
                      r"|介绍了|分享(了|主题)|开启(了)?议题|总结了(一些|以下|几)", re.IGNORECASE)


# A line that stops mid-sentence: it ends in a word or a comma, not a full stop, a colon or a closing bracket.
_MID_SENTENCE = re.compile(r"[A-Za-z,，、]\s*$")
_CJK_STOP = re.compile(r"[。！？；][”」』）)]?$")
_SENTENCE_END = re.compile(r"[，,].*[。！][”」』）)]?$")
# A table of contents: what it lists are titles, not the headings of its own text.
_TOC = re.compile(r"^(目\s*录|contents?|table of contents|agenda|议程|提纲|outline)$", re.IGNORECASE)
# A numbered question on its own line ("4.是否做了单元测试？是否做了系统功能测试？"): a form's heading, whatever it asks.
_QUESTION = re.compile(r"^\s*\d{1,2}\s*[.、．)）]\s*\S.{0,70}[？?]$")


def _heading_like(block: Block) -> bool:
    """A paragraph that acts as a heading: a numbered question ("3.技术方案有哪些亮点？"), or a short line that names a
    section ("What went well:", a bold "经验和教训") and says nothing after its label (not a sentence that ends "。":
    "在项目管理这方面我收获了不少的经验，…。" names a lesson word, but says it; nor one that goes on past a comma)."""
    if block.kind != "para":
        return False
    return bool(_QUESTION.match(block.text)) or (
        len(block.text) <= MAX_HEADING_CHARS and classify_heading(block.text) is not None
        and not _labelled_text(block.text) and not _SENTENCE_END.search(block.text)
        and not _SAYS_ON.search(block.text))


# A line that goes on past a Chinese comma and ends as a statement, not as a lead-in ("1. 做好风险评估，提前规避未来的风险，
# 这都是打包血淋林的教训呀", "问题解决需要前瞻性，…尽早增加人手解决"): it says its point, it heads nothing.
_SAYS_ON = re.compile(r"，.*[^，,：:\s]\s*$")


# A point numbered "1）", "2." or "(3)" written as a paragraph.
_NUMBERED = re.compile(r"^\s*([(（]?\d{1,2}\s*[)）.、．]|[(（]\d{1,2}[)）])")


_ENUMERATED = re.compile(r"^\s*[A-Za-z\u4e00-\u9fff]{1,4}\s*[0-9一二三四五六七八九十]{1,2}\s*[:：]")
_SPEAKER = re.compile(r"^\s*[^\s：:，。]{1,8}\s*[：:]")


def _sentence_lines(block: Block) -> list[str]:
    """A Chinese paragraph written one point a line, each ending a sentence ("…层次。\n也通过…理解。\n在大作业…锻炼。"),
    as one text a point (a line that ends mid-sentence joins the next); any other paragraph whole. Chinese writers
    break lines between points where English text is wrapped, so English lines are never split."""
    groups: list[list[str]] = [[]]
    for line in block.lines:
        groups[-1].append(line)
        if _CJK_STOP.search(line):
            groups.append([])
    groups = [g for g in groups if g]
    # "曲少伟： 类图设计复杂…。\n让我对程序的结构更加清晰…": the lines under a speaker's name are one statement.
    if len(groups) < 2 or _SPEAKER.match(block.lines[0]):
        return [block.text]
    return [_join_cjk(g) for g in groups]


def _join_cjk(lines: list[str]) -> str:
    """Lines of one point, joined without a space between Chinese characters."""
    out = lines[0]
    for line in lines[1:]:
        out += line if is_cjk(out[-1:]) and line[:1] >= "\u3000" else " " + line
    return out


def _is_label(line: str) -> bool:
    """A line that is only a heading-like label ("Did well:", "解决：", "Puzzles")."""
    label = line.rstrip(" :：")
    return bool(label) and len(line) <= MAX_HEADING_CHARS and classify_heading(label) is not None \
        and not _labelled_text(line)


NAME_CHARS = 16


def _names_section(text: str) -> bool:
    """A Chinese list item that only names a section ("技术方案亮点", "存在的问题"): short, no punctuation inside. (An
    English item naming one with sub-items is as often a template's prompt: "Root cause" > "explain in detail …".)"""
    name = text.strip().rstrip(":：")
    return len(name) <= NAME_CHARS and is_cjk(name[:1]) and not re.search(r"[，,。：:？?；;！!]", name) \
        and _is_label(name)


TOPIC_CHARS = 30
TOPIC_CJK = 4


def _topic_line(text: str) -> bool:
    """A list item that names a topic in Chinese, not a point ("megemini 中文文档的书写问题的吐槽", "jzhang533 文档优化建议"):
    short, no punctuation."""
    return len(text) <= TOPIC_CHARS and not re.search(r"[，,。：:？?；;！!（(]", text) \
        and len(re.findall(r"[\u4e00-\u9fff]", text)) >= TOPIC_CJK


def _item_label(text: str) -> LessonKind | None:
    """The kind a list item names when it is only a label ("找出问题：", "问题优化"): short, no punctuation inside."""
    name = text.strip().rstrip(":：").strip()
    if not name or len(name) > NAME_CHARS or re.search(r"[，,。：:？?；;！!]", name):
        return None
    return as_kind(classify_heading(name))


_BULLET = re.compile(r"^[*+-]\s+")
_BR_TEXT = re.compile(r"\s*</?br\s*/?>\s*$", re.IGNORECASE)


# A point's number at the start of its text ("2). …", "3. …", "(4) …"): not a section number ("2.1 …").
_POINT_NUMBER = re.compile(r"^\s*[(（]?(\d{1,2})\s*[)）.、．](?!\d)")


def _point_number(text: str) -> int | None:
    """The number a list point opens with, or None."""
    found = _POINT_NUMBER.match(text)
    return int(found.group(1)) if found else None


# A line that ends a sentence.
_ENDS_SENTENCE = re.compile(r"[.。!！?？][”」』）)]?\s*$")


TITLE_CHARS = 20


_PUNCTUATED = re.compile(r"[，,。.；;：:！!？?]")
SENTENCE_TITLE_CHARS = 24


def _title_item(text: str) -> bool:
    """A list item written as a title: short, no punctuation ("区分各项功能的粒度和优先级"), or one short sentence that a
    paragraph then explains ("根据团队水平、确定团队推进的节奏。", "运维团队的专业水平、学习速度，善用外部资源。"), a
    bracketed note after it or not."""
    if len(text) <= TITLE_CHARS and not _PUNCTUATED.search(text):
        return True
    text = re.sub(r"\s*[(（][^()（）]{1,12}[)）]\s*$", "", text)  # "…相关工具的使用。(链路追踪)": a note on the title
    body = text.rstrip()[:-1] if text.rstrip().endswith("。") else ""
    return bool(body) and len(text) <= SENTENCE_TITLE_CHARS and not re.search(r"[。.；;：:！!？?]", body)
BOLD_TITLE_CHARS = 40


def _bold_title(block: Block) -> bool:
    """A paragraph bold throughout, short and not a sentence ("**明确云厂商的 SLA 是营销工具，而非战绩承诺**"): the title
    of the paragraph after it, as an essay's points are written."""
    return block.kind == "para" and block.bold and len(block.text) <= BOLD_TITLE_CHARS \
        and not _SENTENCE_END.search(block.text) and not block.text.rstrip().endswith((":", "："))


# A list item or line that asks ("What recommendations would you give …?", "遇到了哪些问题？"): with answers under it, a label.
_ASKED_LABEL = re.compile(r"[?？]\s*$")


def _labelled_text(text: str) -> bool:
    """Whether a line starting with a retrospective label has text after it (then it is a lesson, not a heading)."""
    labelled = inline_label(text)
    return bool(labelled and labelled[1])


def _empty_field(text: str) -> bool:
    """A lead-in or empty form field: 'Root cause:', '直接原因：', '- 好：'."""
    return text.rstrip().endswith((":", "："))


def _joiner(text: str) -> str:
    """How a sub-item is appended to its lesson: after punctuation of its own, no semicolon (not ".; " or "，; "), and
    Chinese needs no space after full-width punctuation."""
    last = text.rstrip()[-1:] or " "
    if last in "。！？；：，、":
        return ""
    if last in ".!?;:,":
        return " "
    return "；" if "\u4e00" <= last <= "\u9fff" else "; "


_LEAD = re.compile(r"^\s*(?:\*\*|__)?([^:：\n]{2,40}?)(?:\*\*|__)?\s*[:：]\s*\S")


_BRACKETS = {")": "(", "）": "（", "]": "[", "】": "【", "》": "《", "」": "「", "”": "“"}


def _lead(text: str) -> str | None:
    """A short lead-in like "Vendor delay: ..." or "需求变更：..." used as the lesson's title.

    The colon may stand inside a bracket ("完成合并 (负责人：王磊，…)", "Tasks were defined (Achieved?: Y)"): the title
    then ends before the bracket left open, or, where the bracket opens the lead ("（踩坑记录：…"), is what it holds.
    """
    m = _LEAD.match(text)
    if not m:
        return None
    lead = m.group(1).strip()
    opened = _open_bracket(lead)
    if opened is not None:
        lead = lead[:opened].strip(" \t,，、;；") or lead[opened + 1:]
        lead = lead if _open_bracket(lead) is None else ""
    return lead if len(lead) >= 2 else None


def _open_bracket(text: str) -> int | None:
    """Where the first bracket left open in a text stands, or None when every one is closed."""
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch in _BRACKETS.values():
            stack.append(i)
        elif ch in _BRACKETS and stack and text[stack[-1]] == _BRACKETS[ch]:
            stack.pop()
    return stack[0] if stack else None
