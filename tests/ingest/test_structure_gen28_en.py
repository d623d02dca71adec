"""English rule of e-gen28en (issue 17): under a heading that names improvement, a short point that names what to do
without a clause ("Clearer roles", "More meetings F2F") is a recommendation, with short excerpts of real public
documents (BENCHMARKS.md, "English lesson extraction on real documents (e-gen28en)")."""

from __future__ import annotations

import pytest

from ingest.english_cues import english_remedy
from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile


def _kinds(text: str, key: str) -> dict[str, str]:
    doc = parse_markdown(RawFile(data=text.encode("utf-8"), default_key=key)).documents[0]
    return {lesson.text: lesson.kind.value for lesson in doc.lessons}


# oscrj/Scrum-Project, "retrospective.docx" (held 48): the team's three questions, answered in short points.
SCRUM = """# retrospective

## What went wrong?

- Unclear product ownership.
- Too long stand ups.
- We made changes to the sprint planning in the middle of the sprint

## What can be improved?

- More meetings F2F
- Develop more in the users' perspective than the developers' perspective
- Clearer roles
- Git workflow
"""


def test_points_without_a_clause_under_what_can_be_improved_are_recommendations():
    kinds = _kinds(SCRUM, "retrospective.md")
    for text in ("More meetings F2F", "Develop more in the users' perspective than the developers' perspective",
                 "Clearer roles", "Git workflow"):
        assert kinds[text] == "recommendation", text


def test_the_same_shape_under_what_went_wrong_stays_what_went_wrong():
    kinds = _kinds(SCRUM, "retrospective.md")
    assert kinds["Unclear product ownership."] == "went_wrong"
    assert kinds["Too long stand ups."] == "went_wrong"


# IshqRevature/Planetarium (held 42) and HarshP0818/RevProject1 (held 31)'s "What Can Be Improved?", danielleyokley's
# "Areas for Improvement:" (held 41), CraigMariani/CBYou's "What did not go well (or improvements needed)": shortfalls
# told in a clause stay what went wrong under the same headings.
SHORTFALLS = """# Sprint Retrospective

## What Can Be Improved?

- I fell behind quite a bit.
- Documentation processes needed more structure
- Pushing to Github did not work
- Integration testing could have started earlier in development
- I am unable to get Springboot to run, and I am still troubleshooting this.
"""


def test_shortfalls_told_in_a_clause_stay_what_went_wrong():
    kinds = _kinds(SHORTFALLS, "Sprint Retrospective.md")
    assert set(kinds.values()) == {"went_wrong"}
    assert len(kinds) == 5


@pytest.mark.parametrize("text, remedy", [
    ("Attention to detail, especially boundary conditions and loop invariants.", True),  # changchen2002/CS5008
    ("Proactively identifying and handling edge cases before coding.", True),
    ("Better allocation of my time when juggling studying for QC and doing my projects", True),  # IAmAsleep
    ("Passwords were in plain text and caused security issues", False),
    ("I found it difficult to balance my assignments", False),
    ("多进行团队协作", False),
])
def test_a_remedy_names_what_to_do_without_a_clause(text, remedy):
    assert english_remedy(text) is remedy
