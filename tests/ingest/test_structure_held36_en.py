"""English rules for held 36's error classes (issue 17; judged once on main 09bb2ac, studied since): each rule with a
short excerpt of the real document it comes from (benchmarks/extraction/SOURCES.md; BENCHMARKS.md, "English rules for
held 36 (e-gen16en)")."""

from __future__ import annotations

import pytest

from ingest.docx_doc import parse_docx
from ingest.headings import classify_heading
from ingest.pdf_doc import parse_pdf
from ingest.source import RawFile
from ingest.text_doc import parse_text
from tests.ingest.office_files import docx_bytes, new_docx, new_pdf, pdf_bytes, pdf_line

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


def test_glyphs_between_words_of_a_sentence_are_separators_not_bullets():
    """Bullets typed into a paragraph open it or follow its label ("What we can do better as team: ● …"); a glyph
    after a word separates the items of a sentence. "Tools we relied on: Jira • Confluence • Slack" was cut into
    "…: Jira", "Confluence" and "Slack" run into the next paragraph's lesson (r-review2)."""
    doc = _docx(["Tools we relied on: Jira • Confluence • Slack",
                 "Daily stand-ups with the vendor kept the plan honest."], "Retro.docx", "What went well")
    assert [lesson.text for lesson in doc.lessons] == ["Tools we relied on: Jira • Confluence • Slack",
                                                       "Daily stand-ups with the vendor kept the plan honest."]


def test_the_prompt_in_the_statements_order_names_recommendations():
    assert classify_heading("What we can do better as a team:") == "recommendation"
    assert classify_heading("What I could do better") == "recommendation"
    assert classify_heading("What we did better") is None  # a comparison, no prompt


# en-network-design-case-studies-lessons-learned-pdf (held 36): a PDF of case studies, each with titled takeaways; a
# takeaway is Word's second-level bullet, a Courier "o", under its bulleted title.
_CASES = [
    ("Network Segmentation is Crucial:", ("Key Takeaway: Proper segmentation through VLANs improves security and "
     "traffic management.")),
    ("Scalability is Essential:", ("Key Takeaway: Designing with scalability in mind allows for future growth without "
     "major overhauls.")),
]


def test_a_takeaway_under_its_bulleted_title_is_one_lesson_with_it_and_o_marks_the_second_level():
    pdf = new_pdf()
    pdf_line(pdf, "Lessons Learned: Key Takeaways from Each Case Study", size=18, bold=True)
    pdf_line(pdf, "Example 1: Corporate LAN Design", size=14, bold=True, gap=4)
    for title, takeaway in _CASES:
        pdf_line(pdf, "• " + title, indent=6, gap=2)
        pdf_line(pdf, "o " + takeaway, indent=16)
    pdf_line(pdf, "o then a line that opens with a lower-case word after it is no item", gap=4)
    doc = parse_pdf(RawFile(data=pdf_bytes(pdf), default_key="Lessons Learned.pdf")).documents[0]
    assert [(lesson.kind.value, lesson.text) for lesson in doc.lessons] == [
        ("lesson", ("Network Segmentation is Crucial: Proper segmentation through VLANs improves security and traffic "
                   "management.")),
        ("lesson", ("Scalability is Essential: Designing with scalability in mind allows for future growth without "
                   "major overhauls.")),
    ]


# en-oracle-ebs-pharma-purchasing-lessons-learned-document-docx (held 36): a lessons learned document that opens with
# the project's record as bullets under "1. Project Overview" (its title names lessons, so the bullets were read as
# lessons); held 35's tuner post-mortem, held 30's beer-teaching report and others open with the same fields.
_OVERVIEW = [
    "Project Name: Oracle EBS R12 Implementation in Pharmaceutical Factory",
    "Key Stakeholders: Project Manager, Department Heads, IT Team, Business Users",
    "Team Members: Mona Al Saadawi, Youstina Yousry, Hend Yehia, Gehad Fahim",
    "Project management: weekly check-ins with the sponsor kept the scope from drifting.",
]


def test_a_projects_record_is_no_lesson_but_a_lesson_about_its_management_is():
    document = new_docx()
    document.add_heading("Lesson Learned Document", 1)
    document.add_heading("1. Project Overview", 2)
    for text in _OVERVIEW:
        document.add_paragraph(text, style="List Bullet")
    doc = parse_docx(RawFile(data=docx_bytes(document), default_key="Lessons Learned Document.docx")).documents[0]
    assert [lesson.text for lesson in doc.lessons] == [
        "Project management: weekly check-ins with the sponsor kept the scope from drifting."]


def test_a_long_run_of_spaces_in_a_paragraph_is_read_in_one_pass():
    """A plain-text paragraph keeps its spaces (a column set by spaces, a line padded out): with ``\\s*`` before the
    glyph, splitting a 200 KB run of them took minutes (each space a new start; r-review), past the test's timeout."""
    text = ("Sprint retrospective\n\nWhat we can do better:" + " " * 200_000
            + "● Meet every week ● Write the tests first\n\nA plain paragraph" + " " * 200_000 + "with no bullets.\n")
    doc = parse_text(RawFile(data=text.encode("utf-8"), default_key="padded.txt")).documents[0]
    assert [lesson.text for lesson in doc.lessons if lesson.kind.value == "recommendation"] == [
        "Meet every week", "Write the tests first"]


@pytest.mark.parametrize("glyph", ["● ", "■ ", "◆ ", "- ", "* ", "-"])
def test_a_bullet_typed_at_a_paragraph_s_start_makes_it_an_item(glyph):
    """One typed bullet per Word paragraph ("● Engage in more frequent meetings", "-The group is a bit behind …"): each
    paragraph is an item without its glyph, and the closing paragraph after them is no longer taken as one more of the
    list's recommendations (e-glyph)."""
    closing = "Overall we are proud of what we shipped this sprint and look forward to the next one."
    points = ["Engage in more frequent meetings", "Organize/manage the GitHub repository branches better",
              "Communicate more effectively"]
    doc = _docx([_SPRINTS[0], "What we can do better as a team:", *(glyph + point for point in points), closing],
                "Team Retrospective.docx", "Team Retrospective")
    assert [lesson.text for lesson in doc.lessons if lesson.kind.value == "recommendation"] == points


def test_a_dash_before_a_flag_is_no_bullet():
    doc = _docx(["-Xmx2g was too small for the nightly import, and it failed twice before we raised it."],
                "Retro.docx", "What went wrong")
    assert [lesson.text for lesson in doc.lessons] == [
        "-Xmx2g was too small for the nightly import, and it failed twice before we raised it."]
