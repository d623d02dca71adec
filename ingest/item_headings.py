"""List items that are headings: a Word list written flat, its section names numbered as its points are.

"- 收获" over "- 对Dom有所了解，在寻找节点方面开启了新大陆…", "- 遇到的困難和如何解決" over "- GUI介面因為比較晚教…": a
Chinese item that is a lesson heading's words alone, followed by a longer item at its own level, names the kind of the
items after it as a heading would (a nested list under such an item is ``ingest.list_scans``'s label). Once a list is
seen to name its sections so, its other short items over longer ones ("- 本页面的其他说明") are section names too, and
end the section before them. Counted over the seen Chinese documents before it was written: such flat lists in Word
reports of four authors (BENCHMARKS.md, "e-gen20zh").
"""

from __future__ import annotations

import dataclasses
import re

from ingest.blocks import Block
from ingest.headings import classify_heading
from kb.models import LessonKind

HEADING_CHARS = 14
_HAN = re.compile(r"[\u3400-\u9fff]")
_SENTENCE = re.compile(r"[。；;，,！？!?]|[:：]\s*\S")  # a sentence, or a label with its point after it
_KINDS = {kind.value for kind in LessonKind}


def item_headings(blocks: list[Block]) -> list[Block]:
    """The blocks with each flat list's section-name items made headings, one level under the heading above them."""
    out: list[Block] = []
    level, named = 1, False
    for i, block in enumerate(blocks):
        after = blocks[i + 1] if i + 1 < len(blocks) else None
        if block.kind == "heading":
            level, named = block.level, False
        elif _names_a_section(block, after) and (named or classify_heading(_bare(block.text)) in _KINDS):
            named = True
            block = dataclasses.replace(block, kind="heading", level=min(level + 1, 6), text=_bare(block.text))
        out.append(block)
    return out


def _names_a_section(block: Block, after: Block | None) -> bool:
    """Whether an item is a section's name: a few Chinese words, no sentence, over a longer item at its level."""
    text = _bare(block.text)
    return block.kind == "item" and after is not None and after.kind == "item" and after.level == block.level \
        and len(after.text.strip()) > HEADING_CHARS >= len(text) and bool(_HAN.search(text)) \
        and not _SENTENCE.search(text)


def _bare(text: str) -> str:
    return text.strip().rstrip(":：").strip()
