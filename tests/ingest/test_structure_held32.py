"""English rules for held 32's error classes (issue 17; judged once on main 90e451c, studied since): each rule with a
short excerpt of the real document it comes from (benchmarks/extraction/SOURCES.md, split held32; BENCHMARKS.md,
"English rules for held 32 (e-gen13en)")."""

from __future__ import annotations

import pytest

from ingest.docx_doc import parse_docx
from ingest.heading_shapes import _heading_kind
from ingest.kind_words import announced_kind
from ingest.non_lessons import never_a_lesson
from ingest.source import RawFile
from kb.models import LessonKind
from tests.ingest.office_files import docx_bytes, new_docx


def docx(document, key: str = "Post Mortem.docx"):
    return parse_docx(RawFile(data=docx_bytes(document), default_key=key)).documents[0]


def lessons(doc) -> list[tuple[str, str]]:
    return [(lesson.kind.value, lesson.text) for lesson in doc.lessons]


@pytest.mark.parametrize(("heading", "kind"), [
    # en-opengl-framework-assessment-post-mortem-pdf: a course's post-mortem template, its prompts set as headings; the
    # head noun first, qualified by a clause after it, or counted by nothing ("of some kind").
    ("Major challenges faced while meeting requirements.", LessonKind.WENT_WRONG),
    ("Failures that resulted in outside help of some kind.", LessonKind.WENT_WRONG),
    ("Triumphs and things you did well", LessonKind.WENT_WELL),
    ("Problems we encountered while integrating the sensors", LessonKind.WENT_WRONG),
])
def test_in_a_look_back_a_long_heading_names_its_kind_by_its_head_noun(heading, kind):
    assert _heading_kind(heading) == kind


@pytest.mark.parametrize("heading", [
    'Recurring problems (the targets of "similar past issues")',  # a note in brackets qualifies nothing
    "Future growth opportunities and goals for the next framework",  # no kind's noun
    "The build pipeline that failed us during the final week",  # a noun of no kind, qualified
])
def test_long_headings_without_a_qualified_kind_noun_name_nothing(heading):
    assert _heading_kind(heading) is None


def test_a_counted_noun_is_still_the_head_of_a_lead_in():
    # en-cremese-won-hackathon: the count comes late, and its noun names the list.
    assert announced_kind("but here are some of my take aways form my first hackaton:") == LessonKind.LESSON
    assert announced_kind("We ran into the following issues:") == LessonKind.WENT_WRONG


def test_a_course_post_mortem_templates_prompts_over_their_answers():
    # en-opengl-framework-assessment-post-mortem-pdf: each answer under its prompt is a lesson of the kind the prompt
    # asks for (0 of its 5 were extracted); the goals' answer and the future's wish are none.
    document = new_docx()
    document.add_heading("OpenGL Framework Assessment Post Mortem", 1)
    document.add_heading("Brief description of the goals and results of the project.", 2)
    document.add_paragraph("Goal of project was to learn and demonstrate techniques for graphics programming using "
                           "OpenGL and other libraries. This was accomplished.")
    document.add_heading("Major challenges faced while meeting requirements.", 2)
    document.add_paragraph("OpenGL itself is quite a challenge. I feel I am finally getting a handle on it, but it is "
                           "with pure repetition.")
    document.add_heading("Triumphs and things you did well", 2)
    document.add_paragraph("The triumph is getting this project spec complete. Helping others get their's done has "
                           "been valuable as well.")
    document.add_heading("Failures that resulted in outside help of some kind.", 2)
    document.add_paragraph("Normal mapping was an issue. Figuring out when and where to call it was a challenge for me "
                           "and required some help from instructor.")
    got = lessons(docx(document))
    assert [kind for kind, _ in got] == ["went_wrong", "went_well", "went_wrong"]
    assert got[0][1].startswith("OpenGL itself is quite a challenge.")
    assert got[2][1].startswith("Normal mapping was an issue.")


def test_outside_a_look_back_the_same_prompts_name_nothing():
    document = new_docx()
    document.add_heading("OpenGL Framework Design Notes", 1)
    document.add_heading("Major challenges faced while meeting requirements.", 2)
    document.add_paragraph("The renderer keeps one vertex buffer per mesh and binds it before each draw call.")
    assert lessons(docx(document, "Design Notes.docx")) == []


@pytest.mark.parametrize("text", [
    # en-battlecode-2020-team-postmortem-pdf, its 'Final Thoughts for 2020'.
    ("Congrats to Java Best Waifu for getting 1st, and thanks to all the competitors for a fun and competitive year. "
     "Battlecode is so fun because of the community."),
    # en-cottontail-closing-thoughts-docx (dev2): thanks after a word that closes.
    "ANYWAYS, thanks for being the first tech teacher I've had that let me make whatever I wanted to.",
])
def test_english_congratulations_and_closing_thanks_are_no_lesson(text):
    assert never_a_lesson(text)


@pytest.mark.parametrize("text", [
    "Thanks to the late vendor, we learned to keep a week of buffer before each release.",
    "Congratulations on shipping, but next time we should freeze the scope two weeks earlier.",
    "Finally, the thanks we got from users showed the offline mode was worth it.",
])
def test_thanks_that_go_on_to_a_lesson_or_only_mention_thanks_stay(text):
    assert not never_a_lesson(text)


def test_a_post_mortems_closing_congratulations_are_no_lesson():
    document = new_docx()
    document.add_heading("Battlecode 2020 Postmortem", 1)
    document.add_heading("Final Thoughts for 2020", 2)
    document.add_paragraph("Congrats to Java Best Waifu for getting 1st, and thanks to all the competitors for a fun "
                           "and competitive year. Battlecode is so fun because of the community.")
    document.add_heading("Lessons learned", 2)
    document.add_paragraph("Start early: in the first week we idled and paid for it in the sprint tournament.")
    assert [text for _, text in lessons(docx(document))] == [
        "Start early: in the first week we idled and paid for it in the sprint tournament."]
