"""A bullet typed at a table cell's start is no part of its lesson: a PDF's minutes ("• Backlog refinement" under
"Action items") and a Markdown table ("- 3D on the website" under "Achievements and Obstacles") stored it, where a
Word or Markdown list's item drops its glyph (BENCHMARKS.md, "e-glyph"; ingest/line_split.py ``without_bullet``)."""

from __future__ import annotations

import pytest

from ingest.line_split import without_bullet
from ingest.markdown_doc import parse_markdown
from ingest.pdf_doc import parse_pdf
from ingest.source import RawFile
from kb.models import LessonKind
from tests.ingest.office_files import new_pdf, pdf_bytes

K = LessonKind


@pytest.mark.parametrize("text, expected", [
    ("• Backlog refinement", "Backlog refinement"), ("●Engage users", "Engage users"), ("▪ Plan", "Plan"),
    ("◦ Plan", "Plan"), ("‣ Plan", "Plan"), ("· Budget report", "Budget report"), ("- 3D on the website", "3D on the website"),
    ("* Scope", "Scope"), ("-The group is behind", "The group is behind"),
    # not bullets: a flag, a dash or dot alone (a cell's "nothing"), a middle dot before a digit, bold marks, text
    ("-Xmx2g", "-Xmx2g"), ("-", "-"), ("·5 m", "·5 m"), ("** KR2：学习**", "** KR2：学习**"), ("项目 • 风险", "项目 • 风险"),
    ("• • Twice", "• Twice")])  # one glyph: a second is the text's
def test_one_typed_bullet_comes_off_a_texts_start(text, expected):
    assert without_bullet(text) == expected


MINUTES_TABLE = [["Action items", "People Responsible", "Deadline"],
                 ["• Email Verification", "Ann", "17 April 2023"],
                 ["• Backlog refinement", "Bo", ""],
                 ["• Create quiz user story", "Cy", ""]]


def test_a_pdf_minutes_action_items_keep_no_bullet():
    pdf = new_pdf(title="Sprint retrospective minutes")
    pdf.set_font("cjk", "B", 15)
    pdf.cell(0, 8, "Sprint 3 retrospective minutes", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", "", 11)
    for row in MINUTES_TABLE:
        for text in row:
            pdf.cell(60, 7, text, border=1)
        pdf.ln(7)
    doc = parse_pdf(RawFile(data=pdf_bytes(pdf), default_key="minutes/sprint3.pdf")).documents[0]
    actions = [lesson.text for lesson in doc.lessons if lesson.kind == K.ACTION_ITEM]
    assert actions == ["Email Verification (Deadline: 17 April 2023)", "Backlog refinement", "Create quiz user story"]


POSTMORTEM = """# Quickest Path post-mortem

## Achievements and Obstacles.

|Achivement|Obstacle|
|----------|--------|
|- Successfull documents|- Windows importation|
|- 3D on the website | - Algorithm finding the path under a second criteria|
|- CMD's for launching the program swiftly | - |
"""


def test_a_markdown_tables_cells_keep_no_bullet():
    doc = parse_markdown(RawFile(data=POSTMORTEM.encode(), default_key="algosup/postmortem.md")).documents[0]
    assert [lesson.text for lesson in doc.lessons] == [
        "Successfull documents (Obstacle: Windows importation)",
        "3D on the website (Obstacle: Algorithm finding the path under a second criteria)",
        "CMD's for launching the program swiftly (Obstacle: -)"]
