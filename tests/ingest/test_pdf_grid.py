"""Unruled tables in PDFs (issue 17, e-pdf9): a header of labels that name kinds of lessons over cells set in columns
with no rules drawn is read as rows, each cell a lesson of its column's kind. After held 25's Start / Stop / Keep
doing retrospective (a game team's PDF exported from Google Docs: shaded header, no borders), whose cells PDFium reads
one after the other and whose narrow gaps run two cells' lines together; and a 问题 / 原因 / 改进措施 grid
written cell by cell, a wrapped cell's lines one under the other."""

from __future__ import annotations

import pytest

from ingest.pdf_doc import parse_pdf
from ingest.source import RawFile
from kb.models import LessonKind as K
from tests.ingest.office_files import new_pdf, pdf_bytes, pdf_line

# Column lefts (mm) of a three-column table, and its cells row by row, each cell's lines as set.
LEFTS = (15.0, 70.0, 125.0)
RETRO = [
    [["Clearer delegation and"], ["Not raising blockers at the"], ["Share progress during daily"]],
    [["Take initiative"], ["Not telling the team what", "we are doing or done"], ["Use Trello for organisation"]],
    # The first two cells' lines stand so close that PDFium reads them as one line.
    [["Push at least once a week to"], ["Working on something for too"], []],
]
WRAPPED = {(0, 0): "cohesion", (0, 1): "daily standup", (0, 2): "standup", (2, 0): "the main branch", (2, 1): "long"}


def _text(pdf, x: float, y: float, text: str, size: float = 11, bold: bool = False) -> None:
    pdf.set_font("cjk", "B" if bold else "", size)
    pdf.text(x, y, text)


@pytest.fixture(scope="module")
def documents():
    pdf = new_pdf()
    pdf_line(pdf, "Sprint 3 retrospective", size=18, bold=True)
    pdf_line(pdf, "Retrospective", size=14, bold=True, gap=6)
    top = pdf.get_y() + 12
    for left, label in zip(LEFTS, ("Start doing", "Stop doing", "Keep doing"), strict=True):
        _text(pdf, left + 12, top, label, bold=True)  # centred labels, a little right of their columns' edges
    for r, row in enumerate(RETRO):  # cell by cell, as the exported file writes them
        y = top + 14 + r * 20
        for c, lines in enumerate(row):
            for k, line in enumerate([*lines, WRAPPED[(r, c)]] if (r, c) in WRAPPED else lines):
                _text(pdf, LEFTS[c], y + k * 5, line)
    pdf.set_y(top + 80)
    pdf_line(pdf, "Everyone agreed to meet again on Friday to look at the board together before the demo.")
    retro = parse_pdf(RawFile(data=pdf_bytes(pdf), default_key="docs/retro-sprint3.pdf")).documents[0]

    pdf = new_pdf()
    pdf_line(pdf, "项目复盘", size=18, bold=True)
    pdf_line(pdf, "问题清单", size=14, bold=True, gap=6)
    top = pdf.get_y() + 12
    for left, label in zip(LEFTS, ("问题", "原因", "改进措施"), strict=True):
        _text(pdf, left, top, label, bold=True)
    rows = [(["测试环境没有", "准备好"], ["申请流程太长"], ["提前两周申请环境"]),
            (["需求变更频繁"], ["评审不充分，", "没有冻结"], ["需求冻结后再开发"])]
    for r, row in enumerate(rows):  # cell by cell, a wrapped cell's lines one under the other
        for c, lines in enumerate(row):
            for k, line in enumerate(lines):
                _text(pdf, LEFTS[c], top + 12 + r * 16 + k * 5, line)
    # A heading in the body's size, in bold, then a short line: after the table, not in it.
    _text(pdf, LEFTS[0], top + 50, "经验教训", bold=True)
    _text(pdf, LEFTS[0], top + 56, "环境要早申请。")
    register = parse_pdf(RawFile(data=pdf_bytes(pdf), default_key="docs/复盘.pdf")).documents[0]
    return retro, register


def test_an_unruled_start_stop_keep_table_is_read_cell_by_cell(documents):
    retro, _ = documents
    lessons = [(lesson.kind, lesson.text) for lesson in retro.lessons]
    assert (K.RECOMMENDATION, "Clearer delegation and cohesion") in lessons
    assert (K.WENT_WRONG, "Not telling the team what we are doing or done") in lessons
    assert (K.WENT_WELL, "Use Trello for organisation") in lessons
    # Two cells PDFium ran together as one line are two lessons.
    assert (K.RECOMMENDATION, "Push at least once a week to the main branch") in lessons
    assert (K.WENT_WRONG, "Working on something for too long") in lessons
    assert len([kind for kind, _ in lessons if kind in (K.RECOMMENDATION, K.WENT_WRONG, K.WENT_WELL)]) == 8
    assert not any("Friday" in text for _, text in lessons)  # the paragraph under the table is not in a cell


def test_an_unruled_problem_cause_action_grid_is_a_register(documents):
    _, register = documents
    lessons = [(lesson.kind, lesson.text) for lesson in register.lessons]
    assert (K.WENT_WRONG, "测试环境没有准备好") in lessons
    assert (K.ROOT_CAUSE, "评审不充分，没有冻结") in lessons
    assert (K.ACTION_ITEM, "提前两周申请环境") in lessons
    assert (K.LESSON, "环境要早申请。") in lessons  # the heading after the table is read as a heading


def test_a_line_that_wraps_one_of_two_columns_is_kept_in_its_column():
    """Two columns set line by line across the page, the right one a line longer: that line, alone at the right
    column's edge, was dropped (held 25's Start / Stop / Keep table lost 'about what we are doing or done' so)."""
    pdf = new_pdf()
    pdf_line(pdf, "经验教训", size=15, bold=True)
    top = pdf.get_y() + 10
    _text(pdf, LEFTS[0], top, "长周期采购要在立项时启动，")
    _text(pdf, LEFTS[2] - 20, top, "切换前必须做一次完整的彩排，")
    _text(pdf, LEFTS[0], top + 6, "不能等到设计冻结以后。")
    _text(pdf, LEFTS[2] - 20, top + 6, "包括回退步骤和通知客户的")
    _text(pdf, LEFTS[2] - 20, top + 12, "模板。")
    doc = parse_pdf(RawFile(data=pdf_bytes(pdf), default_key="docs/经验教训.pdf")).documents[0]
    assert [lesson.text for lesson in doc.lessons] == ["长周期采购要在立项时启动，不能等到设计冻结以后。",
                                                       "切换前必须做一次完整的彩排，包括回退步骤和通知客户的模板。"]


def test_bullets_in_an_unruled_table_are_points_and_their_wrapped_lines_go_on():
    """Two columns of bullets under "What went well" / "What could be improved", set evenly line by line: each bullet is
    a point of its column's kind; a bullet's wrapped line (in either column) goes on with it."""
    pdf = new_pdf()
    pdf_line(pdf, "Release 2.1 retrospective", size=18, bold=True)
    top = pdf.get_y() + 12
    _text(pdf, LEFTS[0], top, "What went well", bold=True)
    _text(pdf, LEFTS[1] + 20, top, "What could be improved", bold=True)
    lines = [("• Code reviews were fast", "• The staging database was"), ("• Pairing on the parser helped", "  reset twice without notice"),
             ("  us find bugs early", "• Flaky tests blocked merges")]
    for k, (left, right) in enumerate(lines):
        _text(pdf, LEFTS[0] + (3 if left.startswith(" ") else 0), top + 7 + k * 6, left.strip())
        _text(pdf, LEFTS[1] + 20 + (3 if right.startswith(" ") else 0), top + 7 + k * 6, right.strip())
    doc = parse_pdf(RawFile(data=pdf_bytes(pdf), default_key="docs/retro-2.1.pdf")).documents[0]
    assert sorted((lesson.kind.value, lesson.text) for lesson in doc.lessons) == [
        ("went_well", "Code reviews were fast"), ("went_well", "Pairing on the parser helped us find bugs early"),
        ("went_wrong", "Flaky tests blocked merges"), ("went_wrong", "The staging database was reset twice without notice")]
