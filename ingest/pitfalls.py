"""Headings that are the lesson: a pitfall written up under its own heading ("### 坑1：MainActivity忘记启动悬浮窗服务"
over "症状：" / "原因：" / "修复：" / "教训：" parts, "### 1. Rust 命令函数不能是 `pub`" over wrong and right code).

The heading states what went wrong; its body is the anatomy of that one problem (how it showed, why, the fix), so
the body's parts are not lessons of their own: the heading is one lesson, and only what its "教训" / "Lesson" part
says is a lesson beside it (``ingest.structure`` reads the section so). Where the body labels the problem itself
("## 内容长度问题" over "**问题**：审核列表内容简介字数不足" / "**现象**：…" / "**解决**：…"), the heading only names its topic:
the problem line, with its symptom, is the lesson, and the fix its recommendation, as a "问题：" / "解决：" pair is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.blocks import Block
from ingest.line_labels import FIX_LABEL, PROBLEM_LABEL
from kb.models import LessonKind

# The labelled parts of a problem write-up, by family: how it showed, why, the fix, what was learned.
_ANATOMY = re.compile(
    r"^\s*(?:[-*]\s*)?(?:\*\*|__)?(?:(?P<symptom>症状|现象|问题现象|故障现象|表现|报错|错误信息|symptoms?)"
    r"|(?P<cause>原因|根因|根本原因|原因分析|(?:root )?causes?)"
    r"|(?P<fix>修复|修复方法|修复方案|解决|解决方案|解决办法|解决方法|fix|resolution|solution)"
    r"|(?P<lesson>教训|启示|lessons?(?: learned)?))(?:\*\*|__)?\s*[:：]", re.IGNORECASE)
# A code block that marks the wrong way ("// ❌ 错误", "# wrong:"): a pitfall shown by its code.
_WRONG_CODE = re.compile(r"❌|✗|(?://|#|--|/\*)\s*(?:错误|wrong\b|bad\b)", re.IGNORECASE)
# A heading that numbers itself a pitfall ("### 坑1：…", "### 坑 2 · …", "## 踩坑 3：…"), and what it then says.
_PIT_NAME = re.compile(r"^\s*(?:踩)?坑\s*[\d一二三四五六七八九十]+\s*[:：·.、\-—]?\s*(?P<rest>.*)$")
# Numbering and trailing marks that say nothing ("3. ", "坑 1 · ", " ❌❌❌"): what is left must say something.
_NUMBER = re.compile(r"^\s*(?:\d+(?:\.\d+)*\s*[.、．)）]?|[一二三四五六七八九十]+\s*[、.．]|(?:踩)?坑\s*[\d一二三四五六七八九十]+"
                     r"\s*[:：·.、\-—]?|(?:问题|issue|problem)\s*\d+\s*[:：.]?)\s*", re.IGNORECASE)
_MARKS = re.compile(r"[\s❌✅⚠️️✔✗✘❎]+$")
SAYS_CHARS = 4


@dataclass(frozen=True)
class Pit:
    """What a heading's own text (before its first sub-heading) shows of a problem write-up."""

    named: bool  # the heading numbers itself a pitfall ("坑1：…")
    families: frozenset[str]  # the labelled parts found: "symptom", "cause", "fix", "lesson"
    wrong_code: bool  # a code block marks the wrong way
    problem: str | None = None  # the body's own "问题：…" line, with its "现象：…" symptom lines after it
    fix: str | None = None  # the body's "解决：…" line, where it labels the problem too

    def kind(self, parent: LessonKind | None) -> LessonKind | None:
        """The kind of the heading's lesson under a section of kind ``parent``, or None when it is no pitfall. A
        heading named a pitfall is what went wrong. Under what went wrong or what was learned ("## 踩过的坑", "## 关键
        教训"), so is one over two labelled parts, one of them its symptom or cause or the problem itself ("问题：…"),
        and one over wrong code (a lesson under lessons, when no symptom or cause is labelled). Elsewhere such a heading is an error's name in a
        troubleshooting note ("#### 9.Orphaned pod found：…" over "现象：" / "原因：" / "解决："), whose parts are the
        lessons."""
        problem = bool(self.families & {"symptom", "cause"}) or self.problem is not None
        if self.named:
            return LessonKind.WENT_WRONG
        if parent not in (LessonKind.WENT_WRONG, LessonKind.LESSON):
            return None
        if problem and len(self.families) >= 2 or self.wrong_code and (problem or parent == LessonKind.WENT_WRONG):
            return LessonKind.WENT_WRONG
        return parent if self.wrong_code else None


def statement(text: str) -> str | None:
    """The heading as a lesson: without trailing signs ("坑1：… ❌❌❌" -> "坑1：…"), or None when it says nothing but
    its number ("问题1", "坑 3")."""
    stripped = _MARKS.sub("", text).strip()
    said = _NUMBER.sub("", stripped, count=1)
    return stripped if sum(ch.isalnum() for ch in said) >= SAYS_CHARS else None


def pits(blocks: list[Block]) -> dict[int, Pit]:
    """Headings whose own text shows a problem write-up: named a pitfall, or with labelled parts or wrong code."""
    out: dict[int, Pit] = {}
    for i, block in enumerate(blocks):
        if block.kind != "heading" or statement(block.text) is None:
            continue
        families: set[str] = set()
        wrong = False
        parts: list[Block] = []
        for later in blocks[i + 1:]:
            if later.kind == "heading":
                break
            if later.kind in ("para", "item") and (m := _ANATOMY.match(later.text)):
                families.add(next(name for name, value in m.groupdict().items() if value))
            parts.append(later)
            wrong = wrong or later.kind == "code" and bool(_WRONG_CODE.search(later.text))
        named = bool(_PIT_NAME.match(block.text))
        if named or families or wrong:
            out[i] = Pit(named, frozenset(families), wrong, *_labelled_problem(parts))
    return out


def labelled_parts(lines: list[str]) -> bool:
    """Lines that are each a labelled part of one problem write-up, the problem first ("问题：…", "现象：…", "教训：…",
    "解决：…" on the lines of one Markdown paragraph): each is a paragraph of its own, as Word and text files give them."""
    return len(lines) > 1 and bool(PROBLEM_LABEL.match(lines[0])) \
        and all(_ANATOMY.match(line) or FIX_LABEL.match(line) for line in lines[1:])


def _labelled_problem(parts: list[Block]) -> tuple[str | None, str | None]:
    """The problem a write-up's body labels ("问题：…", with the "现象：…" lines right after it) and its fix ("解决：…"), or
    (None, None) when the body labels no problem, or labels more than one (a heading over several problems and fixes:
    each pair is read as a pair)."""
    problems = [k for k, b in enumerate(parts) if b.kind in ("para", "item") and PROBLEM_LABEL.match(b.text)]
    if len(problems) != 1:
        return None, None
    first = problems[0]
    told = [parts[first].text]
    for later in parts[first + 1:]:
        m = _ANATOMY.match(later.text) if later.kind in ("para", "item") else None
        if not (m and m.group("symptom")):
            break
        told.append(later.text)
    fixes = [b.text for b in parts if b.kind in ("para", "item") and FIX_LABEL.match(b.text)]
    return " ".join(told), fixes[0] if len(fixes) == 1 else None
