"""A Word table read into blocks: a box of one column and a form's row of one cell are text; a form's row of a label
naming a kind and its answer is a lead-in and points; a form's name/value cells are metadata lines; a short line above
a table is its caption; the other rows are a table (``ingest.tables``)."""

from __future__ import annotations

import re
from typing import Any

from ingest.blocks import Block
from ingest.docx_text import NOT_SHOWN, W, _val, ancestors, paragraph_text
from ingest.headings import as_kind, classify_heading
from ingest.tables import register_columns, retro_columns, table_blocks
from ingest.text_doc import header_metadata
from kb.text import normalize_space


class _Tables:
    """The part of ``_BodyWalker`` that reads a table and the caption above it."""

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

    def _table(self, tbl: Any) -> None:
        # A one-column table is a box around text (common in Chinese reports), and so is a row of one cell spanning
        # the table in a form ("项目工作小结", then the answers to its questions): read what is inside. So is a form's
        # row whose other cells are empty or merged into the first (legacy ``w:hMerge``): "软件需求特性 || ", then
        # the answers || "". The other rows are a table, read in runs between such rows.
        grid: list[list[Any]] = []
        for tr in tbl.iter(f"{W}tr"):
            if _owner_table(tr) is not tbl:
                continue  # a row of a nested table: its text is in its cell's text
            grid.append([tc for tc in _cells(tr) if not _merged_away(tc)])
        written = [["\n".join(paragraph_text(p) for p in _cell_paragraphs(tc)) for tc in cells] for cells in grid]
        texts = [[normalize_space(cell) for cell in row] for row in written]
        self._caption(texts)
        form = _is_form(texts)
        rows: list[list[str]] = []
        fields = _field_form(texts) if form else _field_rows(texts)
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


def _field_rows(rows: list[list[str]]) -> bool:
    """Whether a wider table is a form of fields all the same: FORM_FIELDS of its rows or more each name a metadata
    field in a label cell, as a meeting's minutes do ("时    间" | "2020年5月23日星期六" | "地    点" | …, then "缺席人员" |
    "无" | "记 录 人" | "李鹏翔"); a register's header row naming several ("项目" | "日期" | "负责人") is one row."""
    named = [row for row in rows if header_metadata("\n".join(f"{name}：{value}" for name, value
                                                                in zip(row[::2], row[1::2], strict=False) if name and value))]
    return len(named) >= FORM_FIELDS


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


_WRAPPERS = (f"{W}sdt", f"{W}sdtContent", f"{W}customXml")


def _cells(tr: Any) -> list[Any]:
    """A row's cells, those a content control wraps (``w:sdt`` around a ``w:tc``: a form's fill-in cell) included."""
    out: list[Any] = []
    for child in tr:
        if child.tag == f"{W}tc":
            out.append(child)
        elif child.tag in _WRAPPERS:
            out.extend(_cells(child))
    return out


def _cell_paragraphs(tc: Any) -> list[Any]:
    """A cell's paragraphs, a text box's in it included, but not the copy of a text box a drawing's ``mc:Fallback``
    draws again, nor a deleted one."""
    return [p for p in tc.iter(f"{W}p") if not any(a.tag in NOT_SHOWN for a in ancestors(p, tc))]


def _owner_table(tr: Any) -> Any:
    parent = tr.getparent()
    while parent is not None and parent.tag != f"{W}tbl":
        parent = parent.getparent()
    return parent
