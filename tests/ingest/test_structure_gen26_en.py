"""English rule of e-gen26en (issue 17): the byline under a document's opening heading is no lesson, with short excerpts
of real public documents (BENCHMARKS.md, "English lesson extraction on real documents (e-gen26en)")."""

from __future__ import annotations

import pytest

from ingest.blocks import Block
from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile
from ingest.structure import _byline


def _texts(text: str, key: str) -> list[str]:
    doc = parse_markdown(RawFile(data=text.encode("utf-8"), default_key=key)).documents[0]
    return [lesson.text for lesson in doc.lessons]


# cs577-toub-knobloch-brust-odafi/CS577-project, "Final Reflection.pdf" (held 45): the team's names under the title,
# then its impressions.
BUDGET_APP = """# Monease

## Final Reflection

Megan Brust

Matthew Knobloch

Jude Odafi

Steven Toub

### Team

The team made the project easier and more enjoyable. It required a lot of good communication skills to make sure that \
we were all on the same page at each phase of the project.
"""


def test_a_byline_under_the_opening_heading_is_no_lesson():
    """The four names were four lessons of the reflection's heading."""
    texts = _texts(BUDGET_APP, "Final Reflection.md")
    for name in ["Megan Brust", "Matthew Knobloch", "Jude Odafi", "Steven Toub"]:
        assert name not in texts


def test_the_points_after_the_byline_stay():
    texts = _texts(BUDGET_APP, "Final Reflection.md")
    assert any(text.startswith("The team made the project easier and more enjoyable.") for text in texts)


@pytest.mark.parametrize(("block", "byline"), [
    (Block("para", "Megan Brust"), True),
    # Sravya100/Buy-Local-app, "Project Reflection" (PDF, held 43): each member with a student number.
    (Block("para", "Anisha Yidala – G01223768"), True),
    # Laura-Dickinson/Laser-Tag-Charging-Station, "Final Reflection.pdf" (held 45): the writer, her team and her part.
    (Block("para", "Laura Dickinson: SupaGroup (InfraRaid Laser Tag), Charging Station"), True),
    (Block("para", "What went well"), False),  # a heading set as text names its section
    (Block("para", "Start testing early."), False),  # a sentence
    (Block("para", "Book the data centre engineers early"), False),  # a slide's point under its title: lower case
    (Block("para", "Lessons we learned:"), False),  # a lead-in
    (Block("para", "Plan For Vendor Delays."), False),  # a sentence in title case, as a slide's point may be
    (Block("para", "Plan For Vendor Delays Before The Contract Is Signed"), False),  # 9 words: past BYLINE_WORDS
    (Block("para", "所属部门：供应链管理部"), False),  # Chinese lines are the cover rules' (ingest.structure)
    (Block("item", "Megan Brust"), False),
])
def test_what_a_byline_line_is(block: Block, byline: bool) -> None:
    out = _byline([Block("heading", "Final Reflection", level=1), block, Block("heading", "Team", level=2)])
    assert (out[1].kind == "note") is byline


# hfatima05/CIS211, a course post-mortem that sets its form's prompts as plain lines: "Postmortem for Tuner and Metronome
# Application" (PDF, held 35) opens with "Review of project goals and outcomes" over its answer.
def test_short_lines_over_a_paragraph_are_no_byline():
    """A prompt or a point's title set as text titles the paragraph after it: it stays as it was."""
    blocks = [Block("heading", "Postmortem for Tuner and Metronome Application", level=1),
              Block("para", "Review of project goals and outcomes"),
              Block("para", "The five deliverables were met for the application.")]
    assert [b.kind for b in _byline(blocks)] == ["heading", "para", "para"]


def test_short_lines_with_no_heading_after_them_are_no_byline():
    """A deck's first slide, "Lessons learned" over its points and nothing else, keeps them."""
    blocks = [Block("heading", "Lessons learned", level=1), Block("para", "Data Centre Engineers Booked Early")]
    assert [b.kind for b in _byline(blocks)] == ["heading", "para"]


def test_a_document_without_a_heading_has_no_byline():
    """Its first short lines may be its points, set as paragraphs: nothing opens it."""
    blocks = [Block("para", "Start testing early"), Block("para", "More time for reviews")]
    assert [b.kind for b in _byline(blocks)] == ["para", "para"]
