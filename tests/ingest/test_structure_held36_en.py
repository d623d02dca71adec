"""English rules for held 36's error classes (issue 17; judged once on main 09bb2ac, studied since): each rule with a
short excerpt of the real document it comes from (benchmarks/extraction/SOURCES.md; BENCHMARKS.md, "English rules for
held 36 (e-gen16en)")."""

from __future__ import annotations

from ingest.docx_doc import parse_docx
from ingest.headings import classify_heading
from ingest.source import RawFile
from tests.ingest.office_files import docx_bytes, new_docx

# en-nba-planner-three-member-sprint-retrospective-docx (held 36): a team's sprint retrospective in Word whose
# improvements are bullets typed as characters into one paragraph, under a prompt written in the statement's order.
_SPRINTS = [
    ("SPRINT #1: We broke our work up into equal and manageable chunks and made sure to keep the rest of the team "
     "members updated with our progress."),
    "What we can do better as a team:",
    ("● Engage in more frequent meetings ● Organize/manage the GitHub repository branches better ● Create more "
     "comments in our code to increase readability ● Communicate more effectively"),
    ("What we can do better as team: ● Collaborate more when we write our code ● Do a better job of delegating tasks "
     "for each story"),
]


def _docx(paragraphs: list[str], key: str, heading: str):
    document = new_docx()
    document.add_heading(heading, 1)
    for text in paragraphs:
        document.add_paragraph(text)
    return parse_docx(RawFile(data=docx_bytes(document), default_key=key)).documents[0]


def test_bullets_typed_into_a_paragraph_are_its_points_and_what_we_can_do_better_names_their_kind():
    doc = _docx(_SPRINTS, "Team Retrospective.docx", "Team Retrospective")
    assert [(lesson.kind.value, lesson.text) for lesson in doc.lessons if lesson.kind.value == "recommendation"] == [
        ("recommendation", "Engage in more frequent meetings"),
        ("recommendation", "Organize/manage the GitHub repository branches better"),
        ("recommendation", "Create more comments in our code to increase readability"),
        ("recommendation", "Communicate more effectively"),
        ("recommendation", "Collaborate more when we write our code"),
        ("recommendation", "Do a better job of delegating tasks for each story"),
    ]
    assert not any("●" in lesson.text for lesson in doc.lessons)


def test_the_prompt_in_the_statements_order_names_recommendations():
    assert classify_heading("What we can do better as a team:") == "recommendation"
    assert classify_heading("What I could do better") == "recommendation"
    assert classify_heading("What we did better") is None  # a comparison, no prompt
