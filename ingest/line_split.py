"""The first pass over a document's blocks: a paragraph or item written as a label or lead-in line with lines under it
becomes the label and one item a line; a numbered section heading with its text on one line becomes that heading and
its text (``_split_lines``).
"""

from __future__ import annotations

import re

from ingest.blocks import Block
from ingest.headings import classify_heading
from ingest.line_shapes import _BR_TEXT, _BULLET, _LEAD_IN, _MID_SENTENCE, _is_label
from ingest.pitfalls import labelled_parts


def _split_lines(blocks: list[Block]) -> list[Block]:
    """A paragraph or item written as a label or lead-in line and lines under it ("Did well:<br>Planning<br>
    Communication", "… keep the following in mind.\nTest before deploying.\nEnable monitoring.") becomes the label
    and one item per line; other text keeps its lines joined."""
    out: list[Block] = []
    for block in blocks:
        inline = _inline_heading(block) or _glyph_items(block)
        if inline:
            out.extend(inline)
            continue
        if block.kind == "para" and labelled_parts(block.lines):
            out.extend(Block("para", line) for line in block.lines)  # "问题：…⏎现象：…⏎解决：…": one part a line
            continue
        # Text before a label line inside a paragraph ("容器冲突了，…\n解决：\n删除冲突容器") stays text; a label line
        # that ends a sentence wrapped before it ("…we’ve identified some\nimportant lessons learned thus far:") is none.
        k = next((k for k, line in enumerate(block.lines) if k and block.kind == "para" and _is_label(line)
                  and not _MID_SENTENCE.search(block.lines[k - 1])), 0)
        if k:
            out.append(Block("para", " ".join(block.lines[:k])))
            block = Block("para", " ".join(block.lines[k:]), lines=block.lines[k:])
        first = block.lines[0] if block.kind in ("para", "item") and len(block.lines) > 1 else ""
        is_label = bool(first) and _is_label(first)
        # An item's own lines after a lead-in are its explanation ("… the UNI app codebase:\nIntegrating our pages
        # was not …"): only a paragraph's are a list.
        lead_in = bool(first) and bool(_LEAD_IN.search(first[-80:])) and (
            block.kind == "para" or any(_BULLET.match(line) for line in block.lines[1:]))
        if not (is_label or lead_in):
            out.append(block)
            continue
        level = block.level if block.kind == "item" else 0
        out.append(Block("para", first))
        for k, line in enumerate(block.lines[1:], start=2):
            # A bullet or line break Markdown did not see ("* Did well: </br>" after an HTML block).
            line = _BR_TEXT.sub("", _BULLET.sub("", line))
            # The last line may lead in to the list after the paragraph ("**理解如下**：⏎这部分内容介绍了一些理解和思考，…").
            lead = k == len(block.lines) and bool(_LEAD_IN.search(line[-80:]))
            out.append(Block("para", line) if _is_label(line) or lead else Block("item", line, level=level + 1, split=True))
    return out


# A numbered section heading and its text on one line ("二、经验教训：需求评审要邀请一线仓管员参加。", as a PDF or a form
# writes a short section): the numbering's level as Word's numbered headings have it
# (``heading_shapes.numbered_heading_level``).
_INLINE_HEADING = re.compile(r"^\s*(?P<number>第[一二三四五六七八九十百\d]+[章篇部]分?|[一二三四五六七八九十]+\s*[、.．]"
                             r"|[（(][一二三四五六七八九十]+[)）])\s*(?P<label>[^:：，,。；;]{2,16}?)\s*[:：]\s*(?P<rest>\S.*)$",
                             re.DOTALL)


def _inline_heading(block: Block) -> list[Block]:
    """A paragraph that opens with a numbered heading of a kind and a colon: that heading, then its text; else []."""
    m = _INLINE_HEADING.match(block.text) if block.kind == "para" else None
    if not m or not classify_heading(m.group("label")):
        return []
    number = m.group("number")
    level = 1 if number.startswith("第") else 3 if number[0] in "（(" else 2
    return [Block("heading", f"{number}{m.group('label')}", level=level), Block("para", m.group("rest"))]


# A bullet typed into the running text ("● Engage in more frequent meetings ● Organize/manage the GitHub repository
# branches better ● …", a Word paragraph of bullets its author set as characters; a table cell's "• …" is split so by
# ``ingest.tables``).
_GLYPH = re.compile(r"[●•▪■○◦➢►]\s+")  # no leading \s*: quadratic on a long run of spaces; the parts are stripped
GLYPH_ITEMS = 2
# One typed bullet at a one-line paragraph's start ("● Engage in more frequent meetings", "- Backlog refinement",
# "-The group is a bit behind …": a Word paragraph an item; e-glyph), "‣ …", and "· …" before a space (a middle dot
# before a word or digit is no bullet). A dash before a word only when it opens a word ("-Xmx2g" is a flag).
_ONE_GLYPH = re.compile(r"^[●•▪■◆○◦➢►‣]\s*(?=\S)|^·\s+(?=\S)|^[-*]\s+(?=\S)|^-(?=[A-Z][a-z]*\b)")
# What may come before the first bullet: nothing, or a label or prompt that announces them. A glyph after a word is a
# separator in running text ("Tools we relied on: Jira • Confluence • Slack"), no bullet (r-review2).
_LEADS = (":", "：", "?", "？")


def without_bullet(text: str) -> str:
    """A text without one typed bullet at its start, as a paragraph's is read (``_ONE_GLYPH``): a table cell's lesson
    ("• Backlog refinement" in a PDF's minutes, "- 3D on the website" in a Markdown table) stored as a list's item is,
    without it ("-Xmx2g", "-", "·5" stay as they are)."""
    one = _ONE_GLYPH.match(text)
    return text[one.end():].strip() if one else text


def _glyph_items(block: Block) -> list[Block]:
    """A paragraph of two bullets or more set as characters in its text: what comes before the first (a label, "What we
    can do better as team:") a paragraph, and each bullet's text an item; a one-line paragraph opening with one bullet:
    its text an item ([] when it is no such paragraph)."""
    if block.kind != "para":
        return []
    parts = _GLYPH.split(block.text)
    points = [p.strip() for p in parts[1:] if p.strip()]
    opening = parts[0].strip()
    if len(parts) <= 2 and len(block.lines) <= 1 and _ONE_GLYPH.match(block.text):  # one bullet, one line: an item
        return [Block("item", without_bullet(block.text), level=1, split=True)]
    if len(points) < GLYPH_ITEMS or len(points) != len(parts) - 1 or (opening and not opening.endswith(_LEADS)):
        return []
    lead = [Block("para", opening)] if opening else []
    return lead + [Block("item", p, level=1, split=True) for p in points]
