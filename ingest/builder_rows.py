"""How the builder reads a table's rows (``_Rows``, a part of ``ingest.builder._Builder``): a register's rows say their
lessons' kinds, a retrospective's table gives lessons of its columns' or its row label's kind, the header of any other
table is remembered and its rows are lessons of the section's kind, the lesson column first (``_row_text``).
"""

from __future__ import annotations

import re

from ingest.blocks import Block, TableLesson
from ingest.headings import DRIVING_EVENT, NARRATIVE
from ingest.line_split import without_bullet
from ingest.non_lessons import never_a_lesson
from ingest.tables import (
    cell_points,
    join_details,
    problem_table,
    reference_only,
    register_columns,
    register_row_lessons,
    retro_columns,
    row_label,
)
from kb.models import LessonKind

# The column of a register-like table that holds the lesson itself.
_LESSON_COLUMN = re.compile(r"action|item|issue|lesson|finding|problem|description|措施|行动|问题|教训|经验|描述|事项|内容",
                            re.IGNORECASE)
_STATUS_COLUMN = re.compile(r"^(#|no\.?|序号|编号|id|status|状态|owner|负责人|责任人|due|截止|日期|date)$", re.IGNORECASE)


def _row_text(cells: list[str], header: list[str]) -> str:
    """A table row as a lesson: the lesson column first, the other filled columns as 'column: value' details; nothing
    when the column its header names as the lesson's holds only a reference ("D1": ``ingest.tables.reference_only``)."""
    cells = [without_bullet(cell) for cell in cells]  # "- 3D on the website": a cell's typed bullet is no part of it
    named = next((i for i, h in enumerate(header) if i < len(cells) and _LESSON_COLUMN.search(h)
                  and not _STATUS_COLUMN.match(h.strip())), None)
    main = 0 if named is None else named
    if main >= len(cells) or named is not None and reference_only(cells[main]):
        return ""
    first = cells[main]
    details = [f"{header[i]}: {c}" if i < len(header) and header[i] else c
               for i, c in enumerate(cells) if c and i != main]
    return f"{first} ({join_details(details)})" if details and first else (first or join_details(details))


def _looks_like_header(cells: list[str]) -> bool:
    return len(cells) > 1 and all(0 < len(c) <= 20 for c in cells)


class _Rows:
    """The part of ``_Builder`` that reads a table's rows."""

    def _row(self, block: Block) -> None:
        self.texts[-1].append(block.text)
        stated = getattr(block, "lessons", None)  # a register table's row says its lessons' kinds itself
        if stated:
            for found in stated if not self.template else []:
                self._stated(found)
            return
        if self._retro_row(block):
            return
        if block.header or self.table_header is None and _looks_like_header(block.cells) and (
                self.kind or register_columns(block.cells) or retro_columns(block.cells)):
            self.table_header = block.cells
            return
        # A table of problems with their causes and fixes ("坑 | 根因 | 修复方案") says its rows' kind under any heading.
        kind = None if self.table_header and problem_table(self.table_header) else self.lesson_kind
        if not kind and self.table_header and not self.template and (self.kind not in (DRIVING_EVENT, NARRATIVE)
                                                                       or self.write_up):
            # A Markdown or HTML table whose header reads like a register, under an ordinary heading: its
            # columns say the kinds ("成功点（What Went Well）" | "改进点（What Could Be Better）"), as in Word. A long
            # section under an inherited kind is a write-up by its rows alone ("11.2 技术难点与解决方案" under "11. 总结").
            for found in register_row_lessons(self.table_header, block.cells):
                self._stated(found)
            return
        if not kind or self.items_only:
            return
        text = _row_text(block.cells, self.table_header or [])
        if text and not never_a_lesson(text):
            self._lesson(text, self._kind_of(text) or kind)

    def _stated(self, found: TableLesson) -> None:
        """A lesson a register table's row states, with the fix its row gives as its recommendation."""
        count = len(self.out.lessons)
        self._lesson(found.text, LessonKind(found.kind), title=found.title)
        if found.recommendation and len(self.out.lessons) > count:
            self.out.lessons[-1].recommendation = found.recommendation

    def _retro_row(self, block: Block) -> bool:
        """A row of a retrospective's table (``ingest.tables.retro_columns``, ``row_label``): each filled cell below a
        header of kinds ("Mad | Sad | Glad", "做得好的 | 待改进") is lessons of its column's kind, one per point; a
        two-column row labelled with a kind ("待改进" | "…") is lessons of that kind. Whatever the heading above says."""
        if self.template or self.kind in (DRIVING_EVENT, NARRATIVE) or self._in_toc():
            return False
        columns = retro_columns(self.table_header) if self.table_header and not block.header else {}
        if columns:
            for index, kind in sorted(columns.items()):
                for point in cell_points(block, index):
                    if not never_a_lesson(point):
                        self._lesson(point, kind)
            return True
        headed = not block.header and self.table_header is not None and bool(
            register_columns(self.table_header) or retro_columns(self.table_header))
        label = None if headed or retro_columns(block.cells) else row_label(block.cells)
        if label is None:
            return False
        for point in cell_points(block, 1):
            if not never_a_lesson(point):
                self._lesson(point, label)
        return True
