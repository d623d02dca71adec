"""English rules of e-gen32en (issue 17): a form's "How should we improve?" asks for recommendations, "What's wrong
with …?" for what went wrong, a heading of names joined ("Learnings/Insights", "Challenges & Issues Faced") names the
kind they name, a line labelled "Action to take:" or "Action Taken:" is an action item, and a short text that says
what the document is ("This report is my personal reflection on …") is no lesson; with short excerpts of real public
documents (BENCHMARKS.md, "e-gen32en: a form's questions, joined names, action labels and a document's frame")."""

from __future__ import annotations

import pytest

from ingest.headings import classify_heading
from ingest.line_labels import inline_label
from ingest.markdown_doc import parse_markdown
from ingest.non_lessons import never_a_lesson
from ingest.source import RawFile
from kb.models import LessonKind


def _lessons(text: str, key: str = "retrospective.md") -> dict[str, str]:
    doc = parse_markdown(RawFile(data=text.encode("utf-8"), default_key=key)).documents[0]
    return {lesson.text[:30]: lesson.kind.value for lesson in doc.lessons}


# UniversityHub/Documentation "Sprint 2 Retrospective.docx" (held 47): the course form's third question.
IMPROVE = """# Sprint 2 Retrospective

## 3) How should you improve?

We can improve in the next sprint by being more interactive with other team members regarding the progress of our tasks.
"""


def test_how_should_we_improve_asks_for_recommendations():
    assert _lessons(IMPROVE) == {"We can improve in the next spr": "recommendation"}


# gtomallo/gracetomalloportfolio postmortem.pdf (held 52): a post mortem deck's slide of what is wrong with the ad.
WRONG = """# Post mortem

## What’s wrong the Advertisement?

Financial Impact: Instead of profiting, the campaign put the company at a loss, indicating a poor return on investment.
"""


def test_whats_wrong_asks_for_what_went_wrong():
    assert list(_lessons(WRONG).values()) == ["went_wrong"]


@pytest.mark.parametrize("heading, kind", [
    ("How should we improve?", "recommendation"),  # turnipapp/Project-Documents (held 47)
    ("What’s wrong the Advertisement?", "went_wrong"),
    ("What is wrong with the release process", "went_wrong"),
    # Not a heading that asks: finding out what was wrong is how a problem was tracked down.
    ("Finding out what was wrong", None),
])
def test_the_questions_by_their_whole_heading(heading, kind):
    assert classify_heading(heading) == kind


# DenizOezcan/hotel-booking-service-resilience (held 44): a team reflection's last section, in a PDF.
JOINED = """# ADP Reflection

## Learnings/Insights

It was good practice to implement rate limiting.
"""


def test_joined_names_of_one_kind_name_it():
    assert _lessons(JOINED, "README.md") == {"It was good practice to implem": "lesson"}


@pytest.mark.parametrize("heading, kind", [
    ("3. Challenges & Issues Faced", "went_wrong"),  # MonaAlSaadawi/Implementing-Oracle-EBS-Purchasing-Module (held 36)
    ("5. Successes and Strengths", "went_well"),
    ("Difficulties, Errors, or Mistakes:", "went_wrong"),  # danielleyokley/finalApi (held 41)
    # Names of two kinds, or a first name of none, name no kind: "Strengths and Challenges" (held 46), "Achievements and
    # Obstacles" (held 18).
    ("Strengths and Challenges", None),
    ("Strengths & weaknesses of the process used", None),  # Jalilh1/Waterfall-Method-Team-JKH (held 46)
    ("Achievements and Obstacles.", None),
    # A narrative's name joined to another stays none of the lesson kinds.
    ("Investigation and Response Actions:", None),
])
def test_joined_names(heading, kind):
    assert classify_heading(heading) == kind


# czajkowskis/scenarioQualityChecker docs/retrospective.pdf (held 52): each improvement, then the action for it, under a
# heading that names no kind.
ACTIONS = """# Sprint Retrospective

## 2. Improvements ideas

- Avoiding Last-Minute Work:
- Action to take: The team committed to completing tasks ahead of deadlines by planning and starting early.
- Ensuring Regular Progress:
- Action Taken: Regular check-ins will be held to monitor progress.
"""


def test_an_action_label_makes_an_action_item_under_any_heading():
    assert _lessons(ACTIONS) == {"The team committed to completi": "action_item",
                                 "Regular check-ins will be held": "action_item"}


@pytest.mark.parametrize("line, rest", [
    ("Actions taken: rolled the release back", "rolled the release back"),
    ("Action to be taken: review every ad before it runs", "review every ad before it runs"),
])
def test_action_labels(line, rest):
    assert inline_label(line) == (LessonKind.ACTION_ITEM, rest)


# 1036025-hub/projectmanagement "Reflection Report.pdf" (held 52), its Introduction; dlarocque/recipe-planner
# docs/retrospective.pdf (held 52); flutter/flutter's Windows Defender post-mortem (held), under "Lessons learned".
REPORT = ("This report is my personal reflection on the IT Student Management System project that I completed over 13 "
          "weeks. In this report I will talk about what was hard, what I learned, what went well, and what I would do better")
RETROSPECTIVE = ("Before planning our approach to this final iteration, we discussed how we felt about our progress and "
                 "processes so far. This retrospective focuses on testing, an aspect of our project we collectively "
                 "believe was lacking in our Iteration 2 milestone.")
SECTION = ("This section refers to the actual root cause, i.e., a false positive in Windows Defender. It may be worth "
           "considering our processes for handling a similar situation in the event that it was real.")
# A longer paragraph goes on to its points after the frame.
LONGER = ("This retrospective focuses on testing. Our unit tests were lacking. We found a latent fault late. We will "
          "write tests first from now on.")


@pytest.mark.parametrize("text, frame", [
    (REPORT, True), (RETROSPECTIVE, True), (SECTION, True), (LONGER, False),
    # A point that names the release or the iteration is no frame.
    ("This release is the first one we shipped on time.", False),
])
def test_a_text_that_frames_the_document_is_no_lesson(text, frame):
    assert never_a_lesson(text) is frame


def test_a_sentence_that_names_this_report_inside_it_is_no_frame():
    # r-review: the frame rule searched anywhere, so a lesson that mentions "this document" was dropped
    assert not never_a_lesson("Nobody read the spec because this document was 40 pages long.")
    assert not never_a_lesson("Stakeholders ignored the risks because this report was sent too late.")
    assert never_a_lesson("This report is my personal reflection on the project.")
    assert never_a_lesson("We met weekly. In this report I will talk about what was hard.")
