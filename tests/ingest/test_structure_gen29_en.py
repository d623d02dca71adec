"""English rule of e-gen29en (issue 17): under a heading of lessons, a paragraph whose opening sentence tells a setback
met in the writer's words ("I faced some difficulties with …", "our largest obstacle … was …") is what went wrong, as
the Chinese half of ``ingest.cues.stated_outcome`` already reads one; with short excerpts of real public documents
(BENCHMARKS.md, "English lesson extraction on real documents (e-gen29en)")."""

from __future__ import annotations

import pytest

from ingest.english_cues import _setback_met
from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile


def _kind(text: str, key: str, opening: str) -> str:
    doc = parse_markdown(RawFile(data=text.encode("utf-8"), default_key=key)).documents[0]
    return next(lesson.kind.value for lesson in doc.lessons if lesson.text.startswith(opening))


# nareayvazyan/AdvancedOOP--OOCatcher, "Project Reflection" (held 49), Pudgey34/Project-7's "Testing Phase Insights"
# (held 49) and Kvjong/A2Group8's "Group Reflection" (held 38), read as paragraphs under a heading of lessons.
REFLECTION = """# Project Reflection

## Lessons Learned

During development, I faced some difficulties with the simulation — particularly in rendering the fingers correctly.
Despite trying multiple configurations, the fingers did not render as expected.

The main weakness in testing was lack of depth. Most of it was manual and done by myself, with no automated checks.

This group assessment has been fraught with difficulties which thankfully have all ended up being resolved at the last
moment.

The biggest takeaway is that complexity doesn't come from the number of features, but from how those features interact.
"""


def test_a_setback_met_under_lessons_learned_is_what_went_wrong():
    for opening in ("During development, I faced", "The main weakness in testing", "This group assessment has been"):
        assert _kind(REFLECTION, "Project Reflection.md", opening) == "went_wrong", opening


def test_a_lesson_drawn_under_the_same_heading_stays_a_lesson():
    assert _kind(REFLECTION, "Project Reflection.md", "The biggest takeaway") == "lesson"


@pytest.mark.parametrize("opening, met", [
    # kylemh/FPL_Data_Visualization (held 49), CRosenauer/CR-Engine (held 23), y3llokid/When-everybody-is-asleep_game (held 48)
    ("We all agreed that our largest obstacle in completing the project was being busy with other coursework.", True),
    ("By far the largest pit-fall of the CR-Engine was poor project design.", True),
    ("Developing game with having only limited skills of programming gave me hard time in the beginning.", True),
    # Advice (ChoateProgrammingUnion/zoom-coordinator, held 20; then one written here to open with "Never"), others'
    # struggles (Malikssssa/Google-Project-Management-Project, held 36), faults caught by the work
    # (GregShiner/cmpsc-470-final, held 20), and, written here, a setback denied and one a lesson was drawn from: none
    # is a setback met.
    ("Vet the quality of the data you're getting — If we had discovered the inconsistencies and problems earlier", False),
    ("Never assume the main problem is the code.", False),
    ("Initial feedback showed guests struggled with tablet navigation, so we updated to a more user-friendly layout.",
     False),
    ("Verification framework helped identify several critical issues early in development", False),
    ("We had no issues with the deployment.", False),
    ("We learned that we faced many issues because of poor planning.", False),
    # BCowle/Design-Masterclass's "What did I learn?" (held 31): what was learned, told through the difficulty.
    ("Originally, I had a lot of difficulty trying to learn how to model organic forms.", False),
])
def test_a_setback_met_is_told_not_drawn_on(opening, met):
    assert _setback_met(opening) is met
