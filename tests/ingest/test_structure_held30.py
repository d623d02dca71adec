"""English rules for held 30's and held 31's error classes (issue 17; both judged once, on main 281118d and before, and
studied since): each rule with a short excerpt of the real document it comes from (benchmarks/extraction/SOURCES.md,
splits held30 and held31; BENCHMARKS.md, "English rules for held 30 and held 31, with a transfer check (e-gen12en)")."""

from __future__ import annotations

import pytest

from ingest import classify
from ingest.classify import NONE, Model
from ingest.cues import cue_kind
from ingest.docx_doc import parse_docx
from ingest.headings import classify_heading
from ingest.source import RawFile
from tests.ingest.office_files import add_numbered, add_table, docx_bytes, new_docx


def docx(document, key: str = "Postmortem.docx"):
    return parse_docx(RawFile(data=docx_bytes(document), default_key=key)).documents[0]


def lessons(doc) -> list[tuple[str, str]]:
    return [(lesson.kind.value, lesson.text) for lesson in doc.lessons]


@pytest.mark.parametrize(("heading", "kind"), [
    # en-cloud-kitchen-lessons-learned-register-docx: a PMI-style form's column, as "What could be improved" is.
    ("What Can Be Improved", "went_wrong"),
    # en-test-automation-sprint-retrospective-pdf: a trainee's heading over what he would do otherwise.
    ("What Would I Improve Upon", "recommendation"),
    # en-volunteer-website-sprint-retrospective-pdf: a team's course template.
    ("What can be done differently in the next sprint?", "recommendation"),
    # en-analytics-project-post-mortem-template-pdf: a blank template's heading.
    ("What can we Improve?", "recommendation"),
    ("What would I change", "recommendation"),
])
def test_headings_that_ask_what_to_improve_or_do_differently(heading, kind):
    assert classify_heading(heading) == kind


@pytest.mark.parametrize("heading", ["What can we build next?", "What Worked", "Improvements shipped"])
def test_near_misses_name_no_such_kind(heading):
    assert classify_heading(heading) != "recommendation"


def test_a_lessons_learned_form_with_knowledge_areas_against_two_columns():
    # en-cloud-kitchen-lessons-learned-register-docx: the row label column has no header; each filled cell is a lesson
    # of its column's kind, "-" is nothing (13 of its 15 lessons were missed).
    document = new_docx()
    document.add_paragraph("Project Performance Analysis")
    add_table(document, [
        ["", "What Worked Well", "What Can Be Improved"],
        ["Requirements definition and management", "All the basic requirements were clear and concise",
         "App requirements were bit not detailed"],
        ["Scope definition and management", "-", "-"],
        ["Reporting", "Daily and Weekly status meetings helped to track the project",
         "Stakeholders report should have been more detailed – lot of questions were asked"],
    ])
    assert lessons(docx(document, "Lessons Learned Register.docx")) == [
        ("went_well", "All the basic requirements were clear and concise"),
        ("went_wrong", "App requirements were bit not detailed"),
        ("went_well", "Daily and Weekly status meetings helped to track the project"),
        ("went_wrong", "Stakeholders report should have been more detailed – lot of questions were asked"),
    ]


@pytest.mark.parametrize("sentence", [
    # en-dungeon-depths-solo-retrospective: a counterfactual, and "would've" for "would have".
    ("Had I created a UML diagram to start (or some similar high-level plan), I feel I would've had a better "
     "understanding of the project as a whole."),
    # en-ld32-elm-postmortem (held 21): an irregular participle.
    "The old saying at the back of my head might have made me less careful on my variable naming and such.",
    # en-test-automation-sprint-retrospective-pdf (held 31).
    "I could have found better test cases using better techniques in this sprint.",
])
def test_hindsight_in_contractions_and_irregular_participles(sentence):
    assert cue_kind(sentence) == "lesson"


def test_a_question_naming_what_could_have_been_done_states_no_lesson():
    # en-ld32-elm-postmortem (held 21): the post's preamble names its parts.
    assert cue_kind("In this post I will try and describe my reflection of the weekend, what went wrong, what went "
                    "well, and what could have been done better.") is None


def _questions_and_answers():
    document = new_docx()
    document.add_paragraph("Postmortem")
    document.add_heading("What went right? What went wrong?", 2)
    document.add_paragraph("The professor require us to take notes in class is a good idea for us.")
    add_numbered(document, "What are the lessons you learned?", 1)
    document.add_paragraph("I learned the basic data structures, such as queue, stacks, priority queues, trees, maps, "
                           "etc, and some algorithms, such as sorting.")
    add_numbered(document, "What grade (0-100) do you believe you earned and why do you believe you earned that grade?", 1)
    document.add_paragraph("I think I only get 60-70 points. For the exam, I did not do well.")
    return document


def test_a_forms_questions_numbered_as_a_list_are_no_lessons():
    # en-data-structures-course-postmortem-docx (held 31): the course's six questions are a numbered list, each over its
    # answer; "What are the lessons you learned?" was a went-well, the grade question a recommendation.
    texts = [text for _, text in lessons(docx(_questions_and_answers()))]
    assert "What are the lessons you learned?" not in texts
    assert not any(text.startswith("What grade") for text in texts)
    assert "The professor require us to take notes in class is a good idea for us." in texts


def test_a_forms_question_is_not_left_to_the_classifier_either():
    # A model that calls every paragraph or item the rules leave a went-well still leaves the questions out (the
    # course postmortem's first two, under no heading).
    everything = Model((NONE, "went_well"), (0.0, 5.0), {}, 0.5)
    document = new_docx()
    document.add_paragraph("Postmortem")
    add_numbered(document, "What were the goals and did you achieve them?", 1)
    document.add_paragraph("My goals were to fully understand the theories of all the basic data structures and "
                           "algorithms. However, I did not achieve them very well.")
    add_numbered(document, "Were the schedule, resources, feature set, and quality expectations realistic?", 1)
    document.add_paragraph("The schedule is really tight for me.")
    with classify.use(everything):
        texts = [text for _, text in lessons(docx(document))]
    assert "The schedule is really tight for me." in texts
    assert not any(text.startswith(("What were", "Were the")) for text in texts)
