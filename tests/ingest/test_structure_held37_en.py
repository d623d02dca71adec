"""English rules for held 37's error classes (issue 17; judged once on main 6338400, studied since): each rule with a
short excerpt of the real document it comes from (benchmarks/extraction/SOURCES.md; BENCHMARKS.md, "English rules for
held 37 (e-gen17en)")."""

from __future__ import annotations

from ingest.docx_doc import parse_docx
from ingest.headings import classify_heading
from ingest.non_lessons import never_a_lesson
from ingest.source import RawFile
from tests.ingest.office_files import docx_bytes, new_docx


def test_a_prompt_set_as_a_what_clause_and_a_denying_answer_are_no_lessons():
    # en-missile-command-clone-post-mortem-pdf (held 32), en-sea-level-rise-game-postmortem-docx (held 34),
    # en-expense-tracker-unit-post-mortem-docx (held 33)
    assert never_a_lesson("What I’m unsure about")
    assert never_a_lesson("What needed human input to the chatGpt code")
    assert never_a_lesson("Not really.")
    assert not never_a_lesson("What went well was the team's communication.")
    assert not never_a_lesson("What a great team we had")
    assert not never_a_lesson("Not really enough time was given to testing the release.")


def test_a_what_clause_that_says_what_it_was_is_a_lesson_without_its_stop():
    """A bullet often has no full stop: "What saved us was the rollback plan" was taken for a form's prompt and left
    out, where "What went well was the team's communication." was kept for its stop (r-review2). A clause that goes on
    to say what it was (was, were, is, are after its own words) is a statement; the prompts stay no lessons."""
    from ingest.markdown_doc import parse_markdown

    for statement in ("What saved us was the rollback plan", "What went well was the team's communication",
                      "What the client wanted was unclear", "What we learned is that the tests matter"):
        assert not never_a_lesson(statement), statement
    for prompt in ("What I’m unsure about", "What is missing", "What are we missing", "What went well"):
        assert never_a_lesson(prompt), prompt
    text = ("# Sprint 9 retrospective\n\n## Lessons learned\n\n- What saved us was the rollback plan\n"
            "- Book the test lab two weeks ahead\n")
    lessons = parse_markdown(RawFile(data=text.encode(), default_key="retro.md")).documents[0].lessons
    assert [lesson.text for lesson in lessons] == ["What saved us was the rollback plan",
                                                   "Book the test lab two weeks ahead"]


def test_could_have_contracted_and_what_needs_to_be_done_next_name_kinds():
    # en-nfl-power-rankings-post-mortem-docx (held 33), en-planetarium-training-project-sprint-retrospective-docx (held 37)
    assert classify_heading("What could’ve gone better?") == "went_wrong"
    assert classify_heading("What Needs to be Done Next?") == "action_item"
    assert classify_heading("What needs to be improved next?") != "action_item"


def test_the_answers_to_what_needs_to_be_done_next_are_action_items():
    # en-planetarium-training-project-sprint-retrospective-docx (held 37): the form's last question set as a line of
    # text after the bulleted answers to the one before it.
    document = new_docx()
    document.add_heading("Sprint Retrospective", 2)
    document.add_heading("What Can Be Improved?", 3)
    document.add_paragraph(("My misunderstanding also led me to jump back and forth some in my project phases, which "
                            "hindered progress further."), style="List Bullet")
    document.add_paragraph("What Needs to be Done Next?")
    document.add_paragraph("I must adhere to a stricter work schedule and thoroughly cover", style="List Bullet")
    document.add_paragraph(("I need to reorganize my JIRA data, consisting of better prioritization, clearer task "
                            "descriptions, better defect documenting"), style="List Bullet")
    doc = parse_docx(RawFile(data=docx_bytes(document), default_key="Sprint Retrospective.docx")).documents[0]
    assert [lesson.kind.value for lesson in doc.lessons] == ["went_wrong", "action_item", "action_item"]
