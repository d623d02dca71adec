"""Document types of e-gen23en (issue 17): a document named as a reflection, and a numbered retrospective, with short
excerpts of real public documents (BENCHMARKS.md, "English lesson extraction on real documents (e-gen23en)")."""

from __future__ import annotations

import pytest

from ingest.doctype import guess_type
from ingest.docx_doc import parse_docx
from ingest.source import RawFile
from kb.models import DocType
from tests.ingest.office_files import docx_bytes, new_docx


@pytest.mark.parametrize(("title", "key"), [
    ("Reflection Report", "HCI/Reflection Report.docx"),  # anthonyNgan/HCI, a keyboard-usability study
    ("HW5 Reflection", "Project Reflection.pdf"),  # DPAmazing01/SFMLMinigamesProject, a game-engine course
    ("Project2TeamWEAT", "Project Reflection.docx"),  # EvanTucker96/Project2TeamWEAT, a three-member team
    ("Group reflection", "docs/group_reflection.md"),
    ("Final Reflections", "final-reflections.md"),
])
def test_a_document_named_as_a_reflection_is_a_retrospective(title, key):
    assert guess_type(title, key, []) == DocType.RETROSPECTIVE


@pytest.mark.parametrize(("title", "key"), [
    ("Java Reflection", "notes/java-reflection.md"),  # a language's reflection: programming notes
    ("Reflection API cheatsheet", "docs/reflection-api.md"),
    ("Light reflection and refraction", "physics/optics.md"),
])
def test_notes_on_reflection_in_another_sense_keep_no_type(title, key):
    assert guess_type(title, key, []) == DocType.OTHER


@pytest.mark.parametrize(("title", "key"), [
    ("Retrospective1", "Process/1/Sprint1/Retrospective1.docx"),  # tenshi1568/AgileAssignmentRepeat, sprint one
    ("Retrospective_2", "docs/Retrospective_2.md"),
    ("retro3", "sprints/retro3.md"),
])
def test_a_numbered_retrospective_is_one(title, key):
    assert guess_type(title, key, []) == DocType.RETROSPECTIVE


@pytest.mark.parametrize("title", ["Retrofit client notes", "Retrograde analysis"])
def test_a_word_that_only_begins_with_retro_is_none(title):
    assert guess_type(title, f"notes/{title}.md", []) == DocType.OTHER


WENT_WRONG = ("Spend over 15 minute when daily meeting. Team member spend time on take lunch. Product owner absence 2 "
              "times daily meeting so can’t immediately confirmation from him.")


def test_a_numbered_sprint_retrospective_in_word_reads_its_lessons():
    # tenshi1568/AgileAssignmentRepeat's sprint-one retrospective: plain lines, no heading style, a number in its name;
    # typed other, it gave no lesson, where its sprint-two sibling, named "Retrospective.docx", gave two.
    d = new_docx(title="")
    went_well = ("Complete the user story before due date. Team member help each other and explanation about user "
                 "story. Team member were never absence the daily meeting.")
    for line in ("Retrospective", "Work Well", went_well, "", "Didn’t work well", WENT_WRONG):
        d.add_paragraph(line)
    doc = parse_docx(RawFile(data=docx_bytes(d), default_key="Process/1/Sprint1/Retrospective1.docx")).documents[0]
    assert doc.doc_type == DocType.RETROSPECTIVE
    assert [lesson.text for lesson in doc.lessons] == [WENT_WRONG]
