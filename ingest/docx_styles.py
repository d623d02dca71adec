"""What a Word file's paragraph styles and numbering definitions say: a style's heading level (by name, style id or
outline level, following ``basedOn``), its list level and bold, whether it is a contents' or a caption's style, and
which lists are bullets rather than numbered."""

from __future__ import annotations

import re
from typing import Any

from ingest.docx_text import W, _on, _val

# Styles of text about the document, never its content's lessons: a table of contents' levels, figure and table captions.
_NOTE_STYLE = re.compile(r"^(?:(?:toc|目录)\s*[1-9]|caption|题注|(?:table|figure|image) caption)$", re.IGNORECASE)
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_TITLE_NAMES = {"title", "标题", "doc title"}
_LIST_NAME = re.compile(r"^(?:list (?:bullet|number|paragraph|continue)|列表段落|列出段落|项目符号|编号)\s*([1-9])?$",
                        re.IGNORECASE)


class _Styles:
    """What each paragraph style says: heading level, list level, bold."""

    def __init__(self, root: Any) -> None:
        self.raw: dict[str, Any] = {s.get(f"{W}styleId"): s for s in root.iter(f"{W}style")
                                    if s.get(f"{W}type") in ("paragraph", None)}
        self.cache: dict[str, tuple[int | None, int | None, bool]] = {}

    def note(self, style_id: str | None) -> bool:
        """Whether a style is one of a table of contents' levels ("TOC 2", "toc 1", "目录 1") or a caption ("Caption",
        "题注"), by its name."""
        style = self.raw.get(style_id) if style_id else None
        name = (_val(style.find(f"{W}name")) or "") if style is not None else ""
        return bool(_NOTE_STYLE.match(name.strip()))

    def info(self, style_id: str | None) -> tuple[int | None, int | None, bool]:
        """(heading level, list level, bold) of a style, following ``basedOn``."""
        if style_id is None:
            return None, None, False
        if style_id not in self.cache:
            self.cache[style_id] = (None, None, False)  # a cycle of basedOn ends here
            self.cache[style_id] = self._resolve(style_id, depth=0)
        return self.cache[style_id]

    def _resolve(self, style_id: str, depth: int) -> tuple[int | None, int | None, bool]:
        style = self.raw.get(style_id)
        if style is None:
            m = _HEADING_NAME.match(style_id) or re.match(r"^heading([1-9])$", style_id, re.IGNORECASE)
            return (int(m.group(1)) if m else None), None, False
        name = (_val(style.find(f"{W}name")) or "").strip()
        heading = _heading_from_name(name) or _heading_from_name(style_id.replace("Heading", "Heading "))
        outline = _val(style.find(f"{W}pPr/{W}outlineLvl"))
        if heading is None and outline and outline.isdigit() and int(outline) < 9:
            heading = int(outline) + 1
        list_level = _list_level(style.find(f"{W}pPr/{W}numPr"))
        m = _LIST_NAME.match(name)
        if m and (list_level is None or style.find(f"{W}pPr/{W}numPr/{W}ilvl") is None):
            list_level = int(m.group(1) or 1)  # "List Bullet 2" is the second level
        bold = _on(style.find(f"{W}rPr/{W}b"))
        based = _val(style.find(f"{W}basedOn"))
        if based and depth < 10 and (heading is None or list_level is None or not bold):
            b_heading, b_list, b_bold = self.info(based)
            heading = heading if heading is not None else b_heading
            list_level = list_level if list_level is not None else b_list
            bold = bold or (b_bold and style.find(f"{W}rPr/{W}b") is None)
        return heading, list_level, bold


def _heading_from_name(name: str) -> int | None:
    m = _HEADING_NAME.match(name.strip())
    if m:
        return int(m.group(1))
    return 1 if name.strip().lower() in _TITLE_NAMES else None


def _list_level(num_pr: Any) -> int | None:
    if num_pr is None:
        return None
    num_id = _val(num_pr.find(f"{W}numId"))
    if num_id == "0":  # numbering switched off
        return None
    level = _val(num_pr.find(f"{W}ilvl"))
    return int(level) + 1 if level and level.isdigit() and int(level) < 9 else 1


def _bullet_lists(document: Any) -> set[str]:
    """The numIds of a document's lists whose first level is a bullet (not "1.", "一、", "a)")."""
    try:
        root = document.part.numbering_part.element
    except (NotImplementedError, KeyError, AttributeError):
        return set()
    abstract = {}
    for node in root.iter(f"{W}abstractNum"):
        first = next((lvl for lvl in node.iter(f"{W}lvl") if (lvl.get(f"{W}ilvl") or "0") == "0"), None)
        abstract[node.get(f"{W}abstractNumId")] = first is not None and _val(first.find(f"{W}numFmt")) == "bullet"
    return {num.get(f"{W}numId") for num in root.iter(f"{W}num")
            if abstract.get(_val(num.find(f"{W}abstractNumId")), False)}
