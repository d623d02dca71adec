"""English rules for held 38's error classes (issue 17; judged once on main 54ab918, studied since): each rule with a
short excerpt of the real document it comes from (benchmarks/extraction/SOURCES.md; BENCHMARKS.md, "English rules for
held 38 (e-gen18en)")."""

from __future__ import annotations

from ingest.docx_doc import parse_docx
from ingest.headings import classify_heading, reflections
from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile
from tests.ingest.office_files import docx_bytes, new_docx


def test_a_teams_reflections_name_lessons():
    # en-intro-it-four-member-team-group-reflection-docx (held 38), en-mapadt-instructor-retrospective (held 24),
    # en-manufacturing-target-research-lessons-learned-docx (held 35), en-cmpsc470-lisp-postmortem (held 20)
    for heading in ("Group Reflection", "Team Reflections", "Reflections on the Project", "Final Reflection", "Reflections"):
        assert classify_heading(heading) == "lesson", heading
        assert reflections(heading), heading
    for heading in ("Reflection API", "Reflection in Java", "Light reflection"):
        assert classify_heading(heading) is None, heading
        assert not reflections(heading), heading


def test_a_members_paragraphs_under_a_group_reflection_are_lessons_and_the_document_a_retrospective():
    # en-intro-it-four-member-team-group-reflection-docx (held 38): one heading, each member's name as a line, their
    # reflection in paragraphs that state no cue of their own; read as `other`, with these paragraphs left out.
    document = new_docx()
    document.add_heading("Group Reflection", 2)
    document.add_paragraph("David Mulgrue:")
    document.add_paragraph("This group assessment has been fraught with difficulties which thankfully have all ended up "
                           "being resolved at the last moment.")
    document.add_paragraph("My first group seemed to be working well, but due to some miscommunication over the holiday "
                           "period I ended up being removed from the group and placed in an auto assigned one.")
    document.add_paragraph("Scott Smith:")
    document.add_paragraph("One thing about groups, every person has their own ‘pros and cons’ communication is key. You "
                           "can’t rush things, everyone has their own busy schedule.")
    parsed = parse_docx(RawFile(data=docx_bytes(document), default_key="Group Reflection.docx")).documents[0]
    assert parsed.doc_type.value == "retrospective"
    texts = [lesson.text for lesson in parsed.lessons]
    assert any(text.startswith("This group assessment has been fraught") for text in texts), texts
    assert any(text.startswith("My first group seemed to be working well") for text in texts), texts
    assert any(text.startswith("One thing about groups") for text in texts), texts
    assert not any("Mulgrue" in text or "Scott Smith" in text for text in texts), texts


def test_a_members_sub_heading_under_team_reflections_is_read_by_its_own_words():
    # en-cmpsc470-lisp-postmortem (held 20): "Team Reflections" over one sub-heading a member, each a write-up with its
    # "Challenges Faced:" sub-list; given the heading's kind, the write-ups were read as narrative and lost 9 of 9.
    text = ("# Project Post-Mortem: Borrow-Checking LISP Language\n\n## Team Reflections\n\n"
            "### Zachary Whitaker - Project Manager & System Architect\n\n"
            "As the project manager and lead system architect, my primary responsibility was ensuring that our vision "
            "remained cohesive throughout development.\n\n"
            "- Key Contributions:\n  - Defined the system architecture\n  - Coordinated the team's work\n"
            "- Challenges Faced:\n"
            "  - Initial timeline estimates proved optimistic given the complexity of integrating borrow checking\n"
            "  - Balancing features with maintaining project scope was an ongoing challenge\n"
            "- Areas for Improvement:\n  - Interpreter should have been developed earlier on\n"
            "- Technical Insights:\n  - Verification framework helped identify several critical issues early in development\n\n"
            "## Project Outcomes\n\n### Successful Aspects\n\n- Built turing complete LISP language\n")
    lessons = parse_markdown(RawFile(data=text.encode(), default_key="docs/postmortem.md")).documents[0].lessons
    texts = [lesson.text for lesson in lessons]
    assert any(t.startswith("Initial timeline estimates proved optimistic") for t in texts), texts
    assert any(t.startswith("Balancing features with maintaining project scope") for t in texts), texts
    assert "Built turing complete LISP language" in texts


def test_what_was_done_and_what_is_planned_make_a_status_report():
    # en-party-guard-web-team-friday-status-report-docx (held 38, "Team 52_5.docx": no word of its name says so),
    # en-nonprofit-data-insights-weekly-project-status-report-docx (held 37): a status report's two parts.
    document = new_docx()
    document.add_heading("Roles and Responsibilities", 2)
    document.add_paragraph("Primary Contact: Prem Abishai Parise", style="List Bullet")
    document.add_heading("Accomplishments", 2)
    document.add_paragraph(("Project Folder Structure: Almost finished restructuring project folder to integrate Node.js, "
                            "Express. Js and Angular Js."), style="List Bullet")
    document.add_heading("Planned Tasks", 2)
    document.add_paragraph("Complete routing of webpages in config file")
    parsed = parse_docx(RawFile(data=docx_bytes(document), default_key="friday reports/Team 52_5.docx")).documents[0]
    assert parsed.doc_type.value == "status_report"
    # One part alone names no type: a closure report's "Next Steps", a post-mortem's "Key Achievements".
    document = new_docx()
    document.add_heading("Accomplishments", 2)
    document.add_paragraph("Finished the login page.")
    parsed = parse_docx(RawFile(data=docx_bytes(document), default_key="Team 52_5.docx")).documents[0]
    assert parsed.doc_type.value == "other"


def test_a_members_short_reflection_under_its_own_heading_is_lessons():
    # A closure report's "Team Reflections" with each member's name as a sub-heading over a paragraph or two (r-review3):
    # read as a container, the members' paragraphs stated no cue of their own and were lost, though the same paragraphs
    # under a member's name written as a line are lessons (above).
    document = new_docx()
    document.add_heading("Project Phoenix Closure Report", 0)
    document.add_heading("Team Reflections", 1)
    document.add_heading("Alice Chen - Project Manager", 2)
    document.add_paragraph("Daily stand-ups kept the team aligned and surfaced blockers early.")
    document.add_heading("Bob Singh - Developer", 2)
    document.add_paragraph("Our test coverage was too low in the first month, which led to three regressions in "
                           "production.")
    parsed = parse_docx(RawFile(data=docx_bytes(document), default_key="Phoenix closure.docx")).documents[0]
    texts = [lesson.text for lesson in parsed.lessons]
    assert texts == ["Daily stand-ups kept the team aligned and surfaced blockers early.",
                     "Our test coverage was too low in the first month, which led to three regressions in production."]
