"""English rules of e-gen21en (issue 17), with short excerpts of real public documents (BENCHMARKS.md, "English lesson
extraction on real documents (e-gen21en)")."""

from __future__ import annotations

import pytest

from ingest.cues import cue_kind
from ingest.headings import classify_heading
from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile


def _lessons(text: str, key: str = "notes/post-mortem.md") -> list[tuple[str, str]]:
    doc = parse_markdown(RawFile(data=text.encode(), default_key=key)).documents[0]
    return [(lesson.kind.value, lesson.text) for lesson in doc.lessons]


@pytest.mark.parametrize("heading", ["What I wished went better", "What do you wish had gone better?",
                                     "What we wish went differently"])
def test_a_wish_that_it_had_gone_better_names_what_went_wrong(heading):
    assert classify_heading(heading) == "went_wrong"


def test_the_points_under_a_wish_heading_are_what_went_wrong():
    # jniweteto/Interview, a take-home project's Word post-mortem: its went-wrongs are wishes under their own heading.
    lessons = _lessons("# Post-mortem\n\n## What I wished went better\n\n"
                       "- I wish I spent less time thinking about design.\n"
                       "- I wish I did more tests.\n"
                       "- I wish there was no time difference so that some communications are not delayed.\n")
    assert lessons == [("went_wrong", "I wish I spent less time thinking about design."),
                       ("went_wrong", "I wish I did more tests."),
                       ("went_wrong", "I wish there was no time difference so that some communications are not delayed.")]


@pytest.mark.parametrize("sentence", [
    # LuckyOwl69/Assessment-3, a Unity course post-mortem in PDF.
    "I wish that we had more time to work on understanding the entire problem as a class.",
    # BryanWalbeck/formFinal, a student's form-validation retrospective in Word.
    "I wish I would have used regex 101 to generate specific regular expressions.",
    # TheWorldJar/DungeonDepths, a solo game's retrospective.
    "I wish I could've gone more in-depth about items and character stats.",
])
def test_a_wish_about_ones_own_work_is_hindsight(sentence):
    assert cue_kind(sentence) == "lesson"


@pytest.mark.parametrize("sentence", ["I wish you all the best with the next release of the engine and the game.",
                                      "Everyone on the team was free to pick whichever tasks they wish to work on."])
def test_a_wish_for_others_is_no_hindsight(sentence):
    assert cue_kind(sentence) is None


def test_a_wish_after_a_setback_starts_a_point_of_its_own():
    lessons = _lessons("# Post Mortem\n\n## What went wrong\n\n"
                       "I found this exercise to be quite difficult overall. I wish that we had more time to work on "
                       "understanding the entire problem as a class, as I believe there is an awful lot to cover in "
                       "only a few weeks between assignments.\n")
    assert lessons == [("went_wrong", "I found this exercise to be quite difficult overall."),
                       ("lesson", ("I wish that we had more time to work on understanding the entire problem as a class, "
                                  "as I believe there is an awful lot to cover in only a few weeks between assignments."))]


@pytest.mark.parametrize("heading", ["Areas of Accomplishment", "Areas of Accomplishment:", "Area of Success"])
def test_areas_of_accomplishment_name_what_went_well(heading):
    assert classify_heading(heading) == "went_well"


def test_a_status_reports_accomplishments_name_no_kind():
    # callista1703/cmsi-4072-project, a weekly status report: the work done that week, not lessons.
    assert classify_heading("Accomplishments") is None
    assert classify_heading("Key Accomplishments (tasks completed):") is None


def test_the_accomplishments_of_a_bootcamp_retrospective_form_went_well():
    # danielleyokley/finalApi and kwatson5/FinalProject, a bootcamp's weekly retrospective form in Word: "Areas for
    # Improvement" and "Areas of Accomplishment", each over the student's answer.
    lessons = _lessons("# Scrum Retrospective\n\n## Areas for Improvement:\n\n"
                       "I need to improve by finishing the service and controller layers.\n\n"
                       "## Areas of Accomplishment:\n\n"
                       "I accomplished all of the entity layers as well as getting starting into completed the enums.\n")
    assert ("went_well", ("I accomplished all of the entity layers as well as getting starting into completed the "
                         "enums.")) in lessons, lessons


def test_a_forms_sub_questions_are_no_lessons_and_their_answers_stay():
    # HandsomeGuys11/WoolX3D, a two-member course post-mortem in Word: the form's sub-questions under "What did you
    # learn?", each over its answer.
    lessons = _lessons("# Post-mortem\n\n## What did you learn?\n\n"
                       "From a technical point of view?\n\n"
                       "The development process in Maya is not particularly straight forward. Documentation is lacking "
                       "and not easy to find.\n\n"
                       "In terms of project management and planning?\n\n"
                       "Understanding the scope of the project and how much time there is for development is key.\n")
    assert [text for _, text in lessons] == [
        ("The development process in Maya is not particularly straight forward. Documentation is lacking and not easy "
        "to find."),
        "Understanding the scope of the project and how much time there is for development is key."]


def test_a_templates_prompts_are_no_lessons():
    # zadair005/AnalyticDocumentation, an analytics project's post-mortem template in PDF.
    assert _lessons("# Post-Mortem\n\n## What are the successes of this project?\n\n"
                    "Were there any new components of the implementation that helped with the success of the project?\n\n"
                    "## What part of the project did not go well?\n\n"
                    "Where were the lapses in the project lifecycle?\n") == []


def test_a_lesson_that_asks_after_stating_stays():
    lessons = _lessons("# Post-mortem\n\n## What went wrong\n\n"
                       "We never wrote the integration tests we planned. Could anyone have noticed before the demo?\n")
    assert lessons == [("went_wrong", ("We never wrote the integration tests we planned. Could anyone have noticed before "
                                      "the demo?"))]


def test_a_status_reports_word_that_there_are_no_blockers_is_no_lesson():
    # Secure-Identity/TrustDER-handoff, a six-member team's weekly status reports in PDF: each member's "Blockers".
    lessons = _lessons("# Weekly status report\n\n## Blockers\n\n"
                       "- For now, there are no blockers identified.\n"
                       "- Faced VPC issues, communicated them to the sponsor\n", key="status/report.md")
    assert [text for _, text in lessons] == ["Faced VPC issues, communicated them to the sponsor"]


@pytest.mark.parametrize("text", ["No error logged to monitoring", "No monitoring or alerting",
                                  "No issues with the deployment pipeline were found until Friday."])
def test_a_problem_stated_with_no_stays(text):
    # bdougie/contributor.info, a subscription post-mortem's "What Went Wrong": an absence is the problem.
    lessons = _lessons(f"# Post-mortem\n\n## What Went Wrong\n\n- {text}\n- No comprehensive testing of webhook handler\n")
    assert ("went_wrong", text) in lessons, lessons
