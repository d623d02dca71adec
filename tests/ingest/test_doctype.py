"""A document's type from its title, file name, folder and headings (``ingest.doctype``; issue 17, e-tab10).

A Word file named "Lessons Learned.docx", a post titled "Lessons from a failed hackathon" or a note 经验教训.md is a
team's look back: a retrospective. dev2's five English Word 'Lessons Learned' files (headingless narratives or a
'Lessons Learned:' line over bullets) were typed other before (dev2 English type accuracy 0.56)."""

from __future__ import annotations

import pytest

from ingest.doctype import guess_type
from ingest.docx_doc import parse_docx
from ingest.source import RawFile
from kb.models import DocType
from tests.ingest.office_files import docx_bytes, new_docx


@pytest.mark.parametrize(("title", "key"), [
    ("ChemLAB", "docs/Lessons Learned.docx"),
    ("Lessons Learned and Future Work", "report/final.docx"),
    ("Lessons from an 18F product transition", "_posts/2018-05-01-transition.md"),
    ("What we did", "lessons-learned.md"),
    ("NBA 数据项目", "经验教训.md"),
])
def test_lessons_learned_in_the_title_or_file_name_is_a_retrospective(title, key):
    assert guess_type(title, key, []) == DocType.RETROSPECTIVE


@pytest.mark.parametrize(("title", "key"), [
    ("Lesson 3: loops and lists", "course/lesson-3.md"),
    ("Lesson plan for week 2", "plans/lesson-plan.docx"),
    ("Outage of the payment API, lessons learned", "incidents/2024-03.md"),  # a post-mortem first
    # How a PMO keeps its lessons (corpus/km-initiative/lessons-learned-process.txt): no look back.
    ("Hengtai Group PMO - Lessons Learned Process (version 1.2, 2025-11-20)", "km/lessons-learned-process.txt"),
    ("项目经验教训管理制度", "pmo/制度.docx"),
])
def test_a_lesson_of_a_course_is_not_and_an_incident_stays_a_post_mortem(title, key):
    expected = DocType.POST_MORTEM if "incidents/" in key else DocType.OTHER
    assert guess_type(title, key, []) == expected


def test_a_headingless_word_lessons_learned_file_is_a_retrospective():
    d = new_docx(title="")  # no title in the file's properties: its first line and its name say what it is
    d.add_paragraph("CSE 4316 Senior Design — Team ChemLAB")
    d.add_paragraph("Over the two semesters we learned that a schedule with no slack is a schedule that slips: the "
                    "instrument arrived three weeks late and every task behind it moved. We also learned to test the "
                    "sensor board before soldering the whole array.")
    doc = parse_docx(RawFile(data=docx_bytes(d), default_key="Documentation/Lessons Learned.docx")).documents[0]
    assert doc.doc_type == DocType.RETROSPECTIVE
