"""A Word body's paragraphs and tables in order, as blocks: headings by style, outline level, numbering typed as text
or bold short lines; list items with their level; a contents' lines, captions and a form's field lines as notes;
paragraphs with their soft line breaks. Tables are read by ``ingest.docx_tables``."""

from __future__ import annotations

import re
from typing import Any

from ingest.blocks import Block
from ingest.docx_styles import _list_level, _Styles
from ingest.docx_tables import _Tables
from ingest.docx_text import NOT_SHOWN, W, _all_bold, _soft_lines, _toc_entry, _val, ancestors, paragraph_text
from ingest.heading_shapes import _SENTENCE_END, MAX_HEADING_CHARS, numbered_heading_level
from kb.text import normalize_space

# A section numbered by hand with one number ("4 经验总结", "5. Lessons"): the top level of a form's numbering.
_SECTION_NUMBER = re.compile(r"^\d{1,2}\.?\s+[^\d\s.]")
# A form's field typed as a line: its name, tabs to line the values up, a colon ("Project Title\t\t: Car Price …").
_TAB_FIELD = re.compile(r"^[^\t:：.。!?？！]{2,30}\t+\s*[:：]\s*\S")
# A field left empty: "Comments: -", "Remarks：无", "备注：/".
_EMPTY_FIELD = re.compile(r"^\s*[^\t:：.。!?？！]{2,20}[:：]\s*([-–—/]+|n/?a|none|nil|无)\s*$", re.IGNORECASE)
_DOTTED_MARK = re.compile(r"^\d+(\.\d+)+\.?\s*")


class _BodyWalker(_Tables):
    """Turns the body's paragraphs and tables into blocks, in order."""

    def __init__(self, styles: _Styles, bullets: set[str] = frozenset()) -> None:
        self.styles = styles
        self.bullets = bullets  # numIds whose first level is a bullet
        self.numbered_level: int | None = None  # level of the last numbered ("1.", "一、") item since a heading
        self.blocks: list[Block] = []
        self.first_lines: list[str] = []  # the first paragraphs as written (header metadata lines)
        self.heading_level = 1  # the level of the last heading set by a style or numbering
        self.under_section_line = False  # the last heading is a bold section line numbered by hand ("4 经验总结")
        self.field_line = False  # the last paragraph is a form's field line typed with tabs (``_form_field``)
        self.numbered: set[int] = set()  # the blocks that are items of a numbered list ("1.", "一、"), not bullets

    def walk(self, body: Any) -> list[Block]:
        stack = list(reversed(list(body)))
        while stack:
            node = stack.pop()
            if node.tag == f"{W}p":
                self._paragraph(node)
                self._text_boxes(node)
            elif node.tag == f"{W}tbl":
                self._table(node)
            elif node.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
                stack.extend(reversed(list(node)))
        return self.blocks

    def _paragraph(self, p: Any) -> None:
        written = paragraph_text(p)
        text = normalize_space(written)
        if not text:
            return
        if len(self.first_lines) < 20:
            self.first_lines.append(written)
        ppr = p.find(f"{W}pPr")
        style_id = _val(ppr.find(f"{W}pStyle")) if ppr is not None else None
        heading, list_level, style_bold = self.styles.info(style_id)
        outline = _val(ppr.find(f"{W}outlineLvl")) if ppr is not None else None
        if outline and outline.isdigit() and int(outline) < 9:
            heading = int(outline) + 1
        own_pr = ppr.find(f"{W}numPr") if ppr is not None else None
        own_list = _list_level(own_pr)
        if own_list is not None and own_pr.find(f"{W}ilvl") is None:
            own_list = list_level or 1  # numbered without a level: the list style's level ("List Bullet 2")
        if self.styles.note(style_id) or _toc_entry(p):  # "1.1 项目基本信息⇥1" in a contents, "Figure 1: …" under a figure
            self.blocks.append(Block("note", text))
            return
        if heading is None and own_list is None and list_level is None and self._form_field(written):
            self.blocks.append(Block("note", text))
            return
        if heading is not None:
            self.heading_level, self.numbered_level, self.under_section_line = heading, None, False
            self.blocks.append(Block("heading", text, level=heading))
        elif own_list is not None or list_level is not None:
            level = self._item_level(own_pr, own_list if own_list is not None else list_level or 1)
            if own_pr is not None and _val(own_pr.find(f"{W}numId")) not in self.bullets:
                self.numbered.add(len(self.blocks))
            self.blocks.append(Block("item", text, level=level, lines=_soft_lines(written)))
        elif (level := numbered_heading_level(text)) is not None:
            if self.under_section_line and not _all_bold(p, style_bold):
                # "3.1 应及时处理用户问题" in Normal under a bold "4 经验总结": a point of the section, numbered by hand
                self.blocks.append(Block("item", _DOTTED_MARK.sub("", text), level=1))
                return
            self.heading_level, self.under_section_line = level, False
            self.blocks.append(Block("heading", text, level=level))
        elif _all_bold(p, style_bold) and len(text) <= MAX_HEADING_CHARS and not _SENTENCE_END.search(text):
            if _SECTION_NUMBER.match(text):  # "4 经验总结": a top section numbered by hand, whatever came before
                self.heading_level, self.under_section_line = 1, True
                self.blocks.append(Block("heading", text, level=1))
                return
            self.under_section_line = False
            self.blocks.append(Block("heading", text.rstrip(":："), level=min(self.heading_level + 1, 6)))
        else:
            self.blocks.append(Block("para", text, lines=_soft_lines(written)))

    def _text_boxes(self, p: Any) -> None:
        """The paragraphs of the text boxes drawn in a paragraph (``w:txbxContent``: a cover's title and names, a
        diagram's labels, a fishbone's causes), after it, as notes: what the page shows, searchable, never lessons.
        Of a drawing's ``mc:AlternateContent`` the Choice is read, not the Fallback that draws the same box again."""
        for inner in p.iter(f"{W}p"):
            if inner is p or any(a.tag in NOT_SHOWN for a in ancestors(inner, p)):
                continue
            text = normalize_space(paragraph_text(inner))
            if text:
                self.blocks.append(Block("note", text))

    def _form_field(self, written: str) -> bool:
        """A form's field line, typed with tabs ("Project manager\t: Muhammad …", then "\t\t\t  Akid Iskandar" for
        the next of its values), or a field left empty ("Comments: -"): what the form is about, no lesson."""
        after_field = bool(self.blocks) and self.blocks[-1].kind == "note" and self.field_line
        self.field_line = bool(_TAB_FIELD.match(written)) or after_field and written.startswith("\t\t")
        return self.field_line or bool(_EMPTY_FIELD.match(written))

    def _item_level(self, num_pr: Any, level: int) -> int:
        """An item's level. Where a list was written without levels (each paragraph its own list, no ``w:ilvl``, as
        some exports write it), a bullet after a numbered item is one of its points: "1. 技术方案亮点" then "• WebSocket：…"
        is a topic and its bullets, one level down."""
        flat = num_pr is not None and num_pr.find(f"{W}ilvl") is None
        if not flat:
            return level
        if _val(num_pr.find(f"{W}numId")) not in self.bullets:
            self.numbered_level = level
            return level
        return level + 1 if self.numbered_level == level else level
