"""Questions put by someone else and the answers given to them: an interview written out or prepared for ("面试官：能详细聊聊
你的分布式锁设计吗？" over the model answer), a meeting's Q & A ("**Q：**Hertz 提供 IDL 生成是不是导致与 Kitex 有重叠？" then
"A：…"). The answers explain a design or a plan to the asker; they do not look back on the work, whatever the
document's name says (a "项目总结" that prepares a job interview), so they are section text, never lessons.

A retrospective interview's questions name what they ask for ("问：这次项目做得好的地方有哪些？"): their answers stay as they are.
So does a post-mortem's Q & A ("Q: Why did the netspace go down?"), which answers the public about the incident
(``ingest.document`` does not call this for one).
"""

from __future__ import annotations

import itertools
import re

from ingest.blocks import Block
from ingest.headings import as_kind, classify_heading
from ingest.kind_words import label_kind

# A questioner's turn: an interviewer's, an asker's, "Q:" — a label, then a question.
_ASKED = re.compile(r"^\s*(?:\*\*|__)?(?:(?P<hiring>面试官)(?:追问|提问)?|提问|问|Q\s*\d{0,2}|Question\s*\d{0,2}|Interviewer)(?:\*\*|__)?"
                    r"\s*[:：]\s*(?P<question>.*[?？].*)$", re.IGNORECASE | re.DOTALL)
# A document with fewer questioner turns has a question in it, not a dialogue.
DIALOGUE_TURNS = 2


def answered_notes(blocks: list[Block]) -> list[Block]:
    """The blocks with every paragraph and item of an answered section (``answered_sections``) made a note: section
    text, never a lesson."""
    out = list(blocks)
    for start, end in answered_sections(blocks):
        out[start:end] = [Block("note", b.text) if b.kind in ("para", "item") else b for b in blocks[start:end]]
    return out


def asked_headings(blocks: list[Block]) -> set[int]:
    """The headings over an answered section ("问题1：分布式锁" over "面试官：…？"): they name a question, not a part of a
    look back or a problem met."""
    return {start for start, _ in answered_sections(blocks) if blocks[start].kind == "heading"}


def answered_sections(blocks: list[Block]) -> list[tuple[int, int]]:
    """The sections (start, end) that hold a questioner's turn, in a document with DIALOGUE_TURNS such turns or more;
    a turn whose question names a kind of lesson ("Q：哪些地方做得好？") leaves its section out."""
    turns = [i for i, b in enumerate(blocks) if b.kind in ("para", "item") and _ASKED.match(b.text)]
    if len(turns) < DIALOGUE_TURNS:
        return []
    out: list[tuple[int, int]] = []
    for start, end in _sections(blocks):
        asked = [blocks[i] for i in turns if start <= i < end]
        if asked and not any(_asks_kind(b.text) for b in asked):
            out.append((start, end))
    return out


def _asks_kind(text: str) -> bool:
    """A turn whose question names a kind of lesson, as a heading or a label would ("做得好的地方有哪些？", "遇到的最大困难是
    什么？", "有什么经验可以分享？"). A job interviewer's never does: "面试官：你有没有过高并发性能优化的经验？" asks for the
    candidate's experience, not for a look back."""
    m = _ASKED.match(text)
    question = m.group("question").strip() if m and not m.group("hiring") else ""
    return bool(question) and bool(as_kind(classify_heading(question)) or label_kind(question))


def _sections(blocks: list[Block]) -> list[tuple[int, int]]:
    """The runs of blocks between one heading and the next (the text before the first heading is one too)."""
    bounds = [0, *(i for i, b in enumerate(blocks) if b.kind == "heading"), len(blocks)]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]
