"""English rules for held 35's error classes (issue 17; judged once on main 8cd728e, studied since): each rule with a
short excerpt of the real document it comes from (benchmarks/extraction/SOURCES.md; BENCHMARKS.md, "English rules for
held 35 (e-gen15en)")."""

from __future__ import annotations

from ingest.docx_doc import parse_docx
from ingest.source import RawFile
from tests.ingest.office_files import docx_bytes, new_docx

# en-railway-system-course-status-report-docx (held 34): a course status report whose parts are bullets of a form
# ("- Difficulties:", "- Pending tasks:"), the difficulties a paragraph and sub-items under their bullet.
_STATUS = [
    ("List Bullet", "Tasks planned to work on during the specified period:"),
    ("List Bullet 2", "Outlining the project’s requirements in an SRS document."),
    ("List Bullet 2", "Establishing the initial design of the system and its sub components."),
    ("List Bullet", "Difficulties:"),
    (None, ("Thankfully, not many issues arose during the previous stages of the project, However, the team faced minor "
           "hindrances that were quickly resolved thanks to the efforts of the members.")),
    ("List Bullet 2", ("Communication amongst the team members was limited, especially since the team is working "
                      "remotely, so planning a meeting where all the members could attend was hard.")),
    ("List Bullet 2", ("Files’ transfer was messy. Yet the team managed to overcome that obstacle by using several tools "
                      "such as GitHub and WhatsApp.")),
    ("List Bullet", "Pending tasks:"),
    ("List Bullet", "Building and designing the user interfaces by using graphical user interface."),
    ("List Bullet", "Designing ER Diagram for the database."),
    ("List Bullet", "Next planned tasks:"),
    ("List Bullet", "Designing the interfaces of the subsystems and their components."),
]


def _docx(paragraphs: list[tuple[str | None, str]], key: str, heading: str):
    document = new_docx()
    document.add_heading(heading, 1)
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    return parse_docx(RawFile(data=docx_bytes(document), default_key=key)).documents[0]


def _lessons(doc) -> list[tuple[str, str]]:
    return [(lesson.kind.value, lesson.text[:30]) for lesson in doc.lessons]


def test_a_lone_bullet_that_names_a_kind_over_a_paragraph_heads_a_part_and_its_siblings_end_it():
    doc = _docx(_STATUS, "Status Report 2.docx", "Status Report #")
    assert _lessons(doc) == [
        ("went_wrong", "Thankfully, not many issues ar"),
        ("went_wrong", "Communication amongst the team"),
        ("went_wrong", "Files’ transfer was messy. Yet"),
    ]
    assert [s.heading for s in doc.sections][-3:] == ["Difficulties:", "Pending tasks:", "Next planned tasks:"]
