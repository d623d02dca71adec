"""English rules for held 33's error classes (issue 17; judged once on main 8f1da6d, studied since): each rule with a
short excerpt of the real document it comes from (benchmarks/extraction/SOURCES.md; BENCHMARKS.md, "English rules for
held 33 (e-gen14en)")."""

from __future__ import annotations

from ingest.docx_doc import parse_docx
from ingest.source import RawFile
from tests.ingest.office_files import add_table, docx_bytes, new_docx

# en-calculator-team-sprint-retrospective-docx (held 32): a sprint retrospective's seven numbered answers to a
# questionnaire the document leaves out, under no heading; the rules read one lesson in it.
_ANSWERS = [
    "Team Name: The Procrastinators",
    ("1. Planning Poker did help out with story point estimation. There were no impasses on point values. The highest "
    "difference between 2+ members on values were around 5-7 points. The story this happened for was “Perform log "
    "operations in arbitrary bases.”"),
    ("2. Most of the meetings took place in person, with occasional people missing due to conflicting schedules, those "
    "people were either filled in over groupMe or at the next scrum.Most of the meetings took place in the evenings with "
    "the scrum starting between 5 and 6. The scrums usually lasted between 15 and 30 minutes followed by some coding, "
    "sessions usually lasted less than 2 hours in total."),
    ("4. The velocity of this sprint was 66. We planned to accomplish 79 story points, but we only accomplished 66 of "
    "them. No we did not complete everything for the sprint, one task was never started and another never made it "
    "through testing. Our product is potentially shippable. We did get the core and most important stories for the "
    "project accomplished. We would decrease the planned story points, and try to be more accurate with the story "
    "points assigned. Many of the tasks did not require as much work as originally estimated, while some required more."),
    "5. Our average cycle time was about 1.437 days.",
    "Our average lead time was about 4.1875 days.",
    ("6. Using JIRA to manage our tasks as we worked on them could help with the scrum process. To increase velocity or "
    "decrease cycle times more time could be spent working on the project."),
    ("Concepts from scrumban could help if we had a static workspace with a board that wouldn’t change. It would help "
    "everyone visualize the workflow and having WIP limits would help in getting tasks through testing."),
    ("7. We did not receive JIRA accounts until the last 2 days of our sprint, so we did not use it. We do not have any "
    "of the charts or reports from JIRA."),
]


def _docx(paragraphs: list[str], key: str, heading: str | None = None):
    document = new_docx()
    if heading:
        document.add_heading(heading, 1)
    for text in paragraphs:
        document.add_paragraph(text)
    return parse_docx(RawFile(data=docx_bytes(document), default_key=key)).documents[0]


def _openings(doc) -> list[str]:
    return [lesson.text[:30] for lesson in doc.lessons]


def test_a_retrospective_the_rules_find_next_to_nothing_in_reads_the_models_likelier_candidates():
    doc = _docx(_ANSWERS, "Retrospective.docx")
    assert doc.doc_type.value == "retrospective"
    found = _openings(doc)
    assert "6. Using JIRA to manage our ta" in found
    assert "Concepts from scrumban could h" in found
    assert "4. The velocity of this sprint" in found
    # The figures stay figures.
    assert not any(text.startswith(("5. Our average", "Our average lead")) for text in found)


def test_the_fallback_is_for_look_backs_only():
    # The same answers in a file named as nothing in particular: no retrospective, no fallback.
    doc = _docx(_ANSWERS, "calculator.docx")
    assert doc.doc_type.value == "other"
    assert doc.lessons == []


def test_a_sprint_reviews_backlog_gains_nothing():
    # en-parsons-problems-sprint-review-pdf (held 29, a look-alike): a sprint review of user stories and tasks, typed a
    # retrospective, with no lesson in it; its paragraphs stay section text.
    doc = _docx([
        "Date: Dec 13, 2022 3:40 PM to 4:40 PM",
        ("[Epic 1] As an instructor, I want to create “fill in the blank” parson’s problems from code files, so that I can "
        "test my student’s ability to complete the missing ideas in code. [Problem 1] [MET]"),
        ("[Epic 4] As an instructor, I want to be able to export my generated problem sets to Canvas, so that I can "
        "efficiently create Canvas Quizzes for my students by simply importing the exported problem sets. [Problem 3]"),
        ("[Task 8] Modularize GenerationResult component and display the “fill in the blank” problem type. Update tests "
        "to make sure they reflect the new changes."),
        "[Task 9] Add functionality in GenerationResult to export a generated problem set as a JSON file.",
    ], "Sprint Review.docx", heading="Sprint Review")
    assert doc.doc_type.value == "retrospective"
    assert doc.lessons == []


def test_an_action_table_whose_actions_are_references_states_no_lessons():
    # en-battleships-meeting-agenda-docx (a look-alike): the agenda's actions are D1 … D8, written elsewhere; a row that
    # writes its action out is still one.
    document = new_docx()
    document.add_heading("Meeting Agenda", 2)
    document.add_paragraph("Date/Location: 22/03/2018 at 3:00-3:25pm in EN310")
    document.add_heading("Actions", 3)
    add_table(document, [["Action", "Person", "Target Date"], ["D1", "Huy", "22/3/2018"], ["D4", "Endru and Huy", ""],
                         ["#7", "Carey", ""], ["Move the legacy code onto the new board", "Ashen", "29/3/2018"]])
    doc = parse_docx(RawFile(data=docx_bytes(document), default_key="Meeting Agenda.docx")).documents[0]
    assert [(lesson.kind.value, lesson.text[:39]) for lesson in doc.lessons] == [
        ("action_item", "Move the legacy code onto the new board"[:39])]


def test_a_reference_alone_is_no_lesson_cell():
    from ingest.tables import reference_only
    assert all(map(reference_only, ["D1", " A-12 ", "#4", "3", "Q3"]))
    assert not any(map(reference_only, ["D1 refactor the parser", "Fix CI", "2FA", "HTTP2"]))


def test_the_positives_name_what_went_well_as_the_negatives_name_what_went_wrong():
    # en-floradex-project-post-mortem-docx: index cards' "positives" and "negatives" as label lines over their lists;
    # "the negatives" named its kind already, "the positives" did not (0 of 9 extracted).
    from ingest.headings import classify_heading
    assert classify_heading("The positives (combined from all index cards):") == "went_well"
    assert classify_heading("The negatives (combined from all index cards):") == "went_wrong"
    assert classify_heading("Positive feedback") == "went_well"
    document = new_docx()
    document.add_heading("Post-mortem Report", 2)
    document.add_paragraph("The positives (combined from all index cards):")
    for text in ("Good brainstorming session – had several viable ideas to choose from", "Excellent team name"):
        document.add_paragraph(text, style="List Bullet")
    document.add_paragraph("The negatives (combined from all index cards):")
    document.add_paragraph("May have too many features", style="List Bullet")
    doc = parse_docx(RawFile(data=docx_bytes(document), default_key="Post-mortem Report.docx")).documents[0]
    assert [(lesson.kind.value, lesson.text) for lesson in doc.lessons] == [
        ("went_well", "Good brainstorming session – had several viable ideas to choose from"),
        ("went_well", "Excellent team name"), ("went_wrong", "May have too many features")]


def test_a_look_backs_guidelines_for_others_are_recommendations_a_guide_to_the_genre_is_not():
    # en-webgpu-raytracer-llm-retrospective: "Practical Guidelines for Developers" over nine "Label: advice" items (0 of
    # 9 extracted); the genre's own guides ("Retrospective Guidelines", "Tips for Writing a Good Postmortem") are not.
    from ingest.heading_shapes import _heading_kind
    from kb.models import LessonKind
    assert _heading_kind("Practical Guidelines for Developers") == LessonKind.RECOMMENDATION
    assert _heading_kind("Best practices") == LessonKind.RECOMMENDATION
    assert _heading_kind("Retrospective Guidelines") is None
    assert _heading_kind("Tips for Writing a Good Postmortem") is None
    from ingest.markdown_doc import parse_markdown
    text = ("# Retrospective: LLM-Assisted WebGPU Raytracer Development\n\n## Practical Guidelines for Developers\n\n"
            "For developers interested in this approach, here are some practical guidelines:\n\n"
            "1. **Start with a Structured Plan**: Break down complex projects into phases with clear objectives, as we did "
            "in our implementation plan.\n"
            "2. **Share Context Aggressively**: Logs, error messages, and even screenshots give the LLM crucial context.\n")
    doc = parse_markdown(RawFile(data=text.encode(), default_key="RETROSPECTIVE.md")).documents[0]
    assert [(lesson.kind.value, lesson.text[:30]) for lesson in doc.lessons] == [
        ("recommendation", "Start with a Structured Plan: "), ("recommendation", "Share Context Aggressively: Lo")]
