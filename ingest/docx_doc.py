"""Word files (.docx): headings, lists, tables and document properties, read with python-docx.

python-docx opens the package; the body's XML is walked here, so that what Word shows is what is read:
- headings: paragraph styles named ``Heading N`` / ``标题 N`` (by name, by style id, or by the outline level a
  style or paragraph sets, as Chinese Word and WPS write them), the ``Title`` style, numbered headings typed as
  text (第一章, 一、, （一）, 1.1), and short paragraphs that are bold throughout;
- list items with their level (``w:numPr``/``w:ilvl``, on the paragraph or its style);
- tables: a register-like header makes lessons of each row (``ingest.tables``); other tables are rows of text,
  except a box of one column and a form's row of one cell (spanning, merged, or its other cells empty): text;
- tracked deletions (``w:del``, ``w:moveFrom``) and comments are not content; insertions are;
- a table of contents, captions, a form's field lines and empty fields are notes, never lessons; what the layout says
  beyond the styles (sections numbered with list numbering, a cover, questions over answers) is read in
  ``ingest.docx_layout``.
Document properties give the title, authors, date, keywords (tags) and category (type).

Why python-docx rather than mammoth (docx -> HTML -> the HTML path): on one document written as Chinese Word
writes it (``benchmarks/office_readers.py``), mammoth 1.13 found 2 of its 9 headings (it maps English style names
only, so ``标题 1``, outline-level styles, numbered and bold headings became paragraphs) and none of its 2
second-level list items; this walker found all of them. Neither let deleted or comment text through.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from typing import Any

from ingest.archive import archive_cap, check_archive
from ingest.blocks import Block
from ingest.document import Parts, build_document
from ingest.docx_layout import read_layout
from ingest.headings import as_kind, classify_heading
from ingest.legacy import check_not_ole
from ingest.source import RawFile
from ingest.tables import blocks_html, register_columns, retro_columns, table_blocks
from ingest.text_doc import header_metadata
from kb.errors import IngestError
from kb.models import ParseResult
from kb.text import normalize_space

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Not content: tracked deletions and moves' sources, text boxes (drawn beside the text, doubled in Fallback).
_SKIP = {f"{W}del", f"{W}moveFrom", f"{W}txbxContent", f"{MC}Fallback", f"{W}instrText", f"{W}delText"}
# Styles of text about the document, never its content's lessons: a table of contents' levels, figure and table captions.
_NOTE_STYLE = re.compile(r"^(?:(?:toc|目录)\s*[1-9]|caption|题注|(?:table|figure|image) caption)$", re.IGNORECASE)
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_TITLE_NAMES = {"title", "标题", "doc title"}
_LIST_NAME = re.compile(r"^(?:list (?:bullet|number|paragraph|continue)|列表段落|列出段落|项目符号|编号)\s*([1-9])?$",
                        re.IGNORECASE)
# Headings typed as text: (pattern, level)
_NUMBERED = [
    (re.compile(r"^第[一二三四五六七八九十百\d]+[章篇部](分)?\s*\S"), 1),
    (re.compile(r"^第[一二三四五六七八九十百\d]+节\s*\S"), 2),
    (re.compile(r"^[一二三四五六七八九十]+\s*[、.．]\s*\S"), 2),
    (re.compile(r"^[（(][一二三四五六七八九十]+[)）]\s*\S"), 3),
]
_DOTTED = re.compile(r"^(\d+(?:\.\d+)+)\.?\s*[^\d\s.]")
_SENTENCE_END = re.compile(r"[.。!！?？;；,，]$")
# A section numbered by hand with one number ("4 经验总结", "5. Lessons"): the top level of a form's numbering.
_SECTION_NUMBER = re.compile(r"^\d{1,2}\.?\s+[^\d\s.]")
# A form's field typed as a line: its name, tabs to line the values up, a colon ("Project Title\t\t: Car Price …").
_TAB_FIELD = re.compile(r"^[^\t:：.。!?？！]{2,30}\t+\s*[:：]\s*\S")
# A field left empty: "Comments: -", "Remarks：无", "备注：/".
_EMPTY_FIELD = re.compile(r"^\s*[^\t:：.。!?？！]{2,20}[:：]\s*([-–—/]+|n/?a|none|nil|无)\s*$", re.IGNORECASE)
_DOTTED_MARK = re.compile(r"^\d+(\.\d+)+\.?\s*")
MAX_HEADING_CHARS = 40
# The creation dates in python-docx's and python-pptx's own templates: a file made with them that does not set
# its date says one of these, which is not the document's date.
TEMPLATE_DATES = {date(2013, 12, 23), date(2013, 1, 27)}
# Authors that tools and fresh installations write, not people.
PLACEHOLDER_AUTHORS = {"python-docx", "python-pptx", "microsoft office user", "administrator", "admin", "user",
                       "windows user", "微软用户", "windows 用户", "unknown"}


def parse_docx(raw: RawFile) -> ParseResult:
    """Parse a Word document into blocks, then a document (see the module docstring)."""
    document = open_docx(raw)
    styles = _Styles(document.styles.element)
    walker = _BodyWalker(styles, _bullet_lists(document))
    blocks = read_layout(walker.walk(document.element.body), walker.numbered)
    # What the first lines say ("日期：2024-06-28") is the document's own word; properties fill the rest.
    meta = {**core_metadata(document.core_properties), **header_metadata("\n".join(walker.first_lines))}
    parts = Parts(meta=meta, blocks=blocks, raw_text="\n".join(b.text for b in blocks), html=blocks_html(blocks),
                  format="docx")
    return ParseResult([build_document(parts, default_key=raw.default_key, defaults=raw.defaults, encoding=None,
                                       warnings=[])], [])


def open_docx(raw: RawFile) -> Any:
    """The python-docx Document of a file, after the zip checks; IngestError if it is not a readable .docx."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    check_not_ole(raw, ".docx")
    check_archive(raw.data, max_bytes=archive_cap(raw.max_file_mb), kind=".docx document")
    try:
        return docx.Document(io.BytesIO(raw.data))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise IngestError(f"not a readable .docx document ({type(exc).__name__}: {str(exc)[:80]})") from None
    except Exception as exc:  # noqa: BLE001 (lxml's XMLSyntaxError and others: a broken part)
        raise IngestError(f"not a readable .docx document ({type(exc).__name__}: {str(exc)[:80]})") from None


def core_metadata(props: Any) -> dict[str, Any]:
    """Title, authors, date, tags and type from a package's core properties (docx and pptx alike)."""
    meta: dict[str, Any] = {}
    title = normalize_space(props.title or "")
    if title:
        meta["title"] = title
    author = normalize_space(props.author or "")
    if author and author.lower() not in PLACEHOLDER_AUTHORS:
        meta["authors"] = author
    when = props.created or props.modified
    if isinstance(when, datetime) and when.date() not in TEMPLATE_DATES:
        meta["date"] = when.date()
    if normalize_space(props.keywords or ""):
        meta["tags"] = props.keywords
    if normalize_space(props.category or ""):
        from ingest import metadata

        if metadata.doc_type(props.category):
            meta["type"] = props.category
    if normalize_space(props.language or ""):
        meta["language"] = props.language
    return meta


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


class _BodyWalker:
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

    def _caption(self, rows: list[list[str]]) -> None:
        """A short paragraph right above a table of two columns or more names it, as a heading would ("Goals" over
        "Project goals | Goal Achieved? (Y/N)", "Lessons Learned" over "What went well? | How to improve next time"):
        made a heading one level under the last, so that the table is read in its own section."""
        last = self.blocks[-1] if self.blocks else None
        if last is None or last.kind != "para" or last.lines or max((len(row) for row in rows), default=0) < 2 \
                or len(last.text) > CAPTION_CHARS or len(last.text.split()) > CAPTION_WORDS \
                or re.search(r"[.。!！?？;；,，:：]", last.text):
            return
        self.blocks[-1] = Block("heading", last.text, level=min(self.heading_level + 1, 6))

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

    def _table(self, tbl: Any) -> None:
        # A one-column table is a box around text (common in Chinese reports), and so is a row of one cell spanning
        # the table in a form ("项目工作小结", then the answers to its questions): read what is inside. So is a form's
        # row whose other cells are empty or merged into the first (legacy ``w:hMerge``): "软件需求特性 || ", then
        # the answers || "". The other rows are a table, read in runs between such rows.
        grid: list[list[Any]] = []
        for tr in tbl.iter(f"{W}tr"):
            if _owner_table(tr) is not tbl:
                continue  # a row of a nested table: its text is in its cell's text
            grid.append([tc for tc in tr if tc.tag == f"{W}tc" and not _merged_away(tc)])
        written = [["\n".join(paragraph_text(p) for p in tc.iter(f"{W}p")) for tc in cells] for cells in grid]
        texts = [[normalize_space(cell) for cell in row] for row in written]
        self._caption(texts)
        form = _is_form(texts)
        rows: list[list[str]] = []
        fields = form and _field_form(texts)
        for cells, row, lines in zip(grid, texts, written, strict=True):
            if fields and len(self.first_lines) < 20:  # a form's fields ("项目名称" | "仓储系统升级" | "日期" | "2025-07-04")
                self.first_lines.extend(f"{name}：{value}" for name, value in zip(row[::2], row[1::2], strict=False)
                                        if name and value and len(name) <= FIELD_NAME_CHARS)
            answer = _answer_blocks(row, lines) if form else []
            if answer:
                self.blocks.extend(table_blocks(rows))
                rows = []
                self.blocks.extend(answer)
                continue
            if len(cells) == 1 or (form and row and row[0] and not any(row[1:])):
                self.blocks.extend(table_blocks(rows))
                rows = []
                self.walk(cells[0])  # its paragraphs, and a table inside it (else its text would be lost)
                continue
            if cells:
                rows.append(lines)  # table_blocks puts each cell on one line, and keeps its lines for the HTML
        self.blocks.extend(table_blocks(rows))


FIELD_NAME_CHARS = 12
CAPTION_CHARS = 30
CAPTION_WORDS = 4
# A line of an answer numbered by hand ("1. …", "2、…", "（3）…").
_HAND_NUMBER = re.compile(r"^\s*([(（]?\d{1,2}[)）.、．]|[(（]\d{1,2}[)）])\s*")


FORM_FIELDS = 2


def _field_form(rows: list[list[str]]) -> bool:
    """Whether a form names FORM_FIELDS metadata fields or more in its label cells ("项目名称", "日期"): then its name/value
    cells are the document's metadata (a table with "项目" | "负责人" as its header row is no such form)."""
    pairs = [f"{name}：{value}" for row in rows for name, value in zip(row[::2], row[1::2], strict=False) if name and value]
    return len(header_metadata("\n".join(pairs))) >= FORM_FIELDS


def _answer_blocks(row: list[str], lines: list[str]) -> list[Block]:
    """A form's row of a label that names a kind of lesson and its answer ("问题" | "1. 需求评审…⏎2. 测试环境…"): the
    label as a lead-in and each line of the answer as a point, as if written "问题：" and a list; else []."""
    if len(row) != 2 or not row[0] or not row[1] or len(row[0]) > FIELD_NAME_CHARS:
        return []
    label = row[0].strip().rstrip(":：")
    if not as_kind(classify_heading(label)):
        return []
    points = [_HAND_NUMBER.sub("", line) for line in (normalize_space(x) for x in lines[1].split("\n")) if line]
    return [Block("para", f"{label}："), *(Block("item", point, level=1) for point in points if point)]


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


def _merged_away(tc: Any) -> bool:
    """A cell merged into the one before it by the legacy ``w:hMerge`` ("continue"): its text is in that cell."""
    merge = tc.find(f"{W}tcPr/{W}hMerge")
    return merge is not None and (_val(merge) or "continue") == "continue"


def _is_form(rows: list[list[str]]) -> bool:
    """Whether a table is a form, whose rows with only their first cell filled are text (a question, its answers).

    A form has a row of one cell (spanning the table, or merged) or only two columns; a table with a register-like
    header row (问题 | 原因 | 措施 ...) is a register, and a wider table without such rows is a data table: there a
    row with empty cells is still a row.
    """
    if any(register_columns(row) or retro_columns(row) for row in rows):
        return False
    return any(len(row) == 1 for row in rows) or max((len(row) for row in rows), default=0) <= 2


def _soft_lines(written: str) -> list[str]:
    """A paragraph's lines where Shift+Enter broke it ("做得好的：⏎1. …⏎2. …"), for ``structure``; [] for one."""
    lines = [line for line in (normalize_space(part) for part in written.split("\n")) if line]
    return lines if len(lines) > 1 else []


def paragraph_text(p: Any) -> str:
    """The text Word shows for a paragraph: insertions in, deletions, moved-away text and field codes out."""
    out: list[str] = []
    stack = list(reversed(list(p)))
    while stack:
        node = stack.pop()
        tag = node.tag
        if tag in _SKIP or not isinstance(tag, str):
            continue
        if tag == f"{W}t":
            out.append(node.text or "")
        elif tag == f"{W}tab":
            out.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            out.append("\n")
        elif tag == f"{W}noBreakHyphen":
            out.append("-")
        elif tag == f"{W}p":
            continue  # a paragraph inside a paragraph (drawings): not this paragraph's text
        else:
            stack.extend(reversed(list(node)))
    return "".join(out)


def _toc_entry(p: Any) -> bool:
    """Whether a paragraph is a line of a table of contents by its link to a heading's "_Toc…" bookmark, whatever its
    style."""
    return any((link.get(f"{W}anchor") or "").startswith("_Toc") for link in p.iter(f"{W}hyperlink"))


def numbered_heading_level(text: str) -> int | None:
    """The level of a heading numbered in its text (第一章 1, 一、 2, （一） 3, 1.1 2, 1.1.1 3), or None."""
    if len(text) > MAX_HEADING_CHARS or _SENTENCE_END.search(text):
        return None
    for pattern, level in _NUMBERED:
        if pattern.match(text):
            return level
    m = _DOTTED.match(text)
    return min(m.group(1).count(".") + 1, 6) if m else None


def _all_bold(p: Any, style_bold: bool) -> bool:
    runs = [r for r in p.iter(f"{W}r") if normalize_space("".join(t.text or "" for t in r.iter(f"{W}t")))
            and not any(a.tag in _SKIP for a in r.iterancestors())]
    if not runs:
        return False
    for run in runs:
        b = run.find(f"{W}rPr/{W}b")
        if not (_on(b) if b is not None else style_bold):
            return False
    return True


def _owner_table(tr: Any) -> Any:
    parent = tr.getparent()
    while parent is not None and parent.tag != f"{W}tbl":
        parent = parent.getparent()
    return parent


def _list_level(num_pr: Any) -> int | None:
    if num_pr is None:
        return None
    num_id = _val(num_pr.find(f"{W}numId"))
    if num_id == "0":  # numbering switched off
        return None
    level = _val(num_pr.find(f"{W}ilvl"))
    return int(level) + 1 if level and level.isdigit() and int(level) < 9 else 1


def _val(element: Any) -> str | None:
    return element.get(f"{W}val") if element is not None else None


def _on(element: Any) -> bool:
    return element is not None and _val(element) not in ("0", "false", "off")
