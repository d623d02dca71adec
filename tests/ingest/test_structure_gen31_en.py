"""English rule of e-gen31en (issue 17): under a heading of what went well, a point that opens by naming a shortfall
("Issues with player states; …", "Level design needs to be improved") is what went wrong; with short excerpts of real
public documents (BENCHMARKS.md, "English lesson kinds on real documents (e-gen31en)")."""

from __future__ import annotations

import pytest

from ingest.english_cues import _setback_met, english_shortfall
from ingest.markdown_doc import parse_markdown
from ingest.non_lessons import never_a_lesson
from ingest.source import RawFile

# DarkPhantomEx/GeoDash postmortem.pptx (held 51) and May-Robertson/Int-Media-Final Post Mortem.pdf (held 38): points
# whose heading reads as what went well.
DECK = """# Post-mortem

## What went well

- Well-scoped, we finished every level we planned.
- Level design needs to be improved
- Issues with player states; Combo states were very buggy initially.
"""


def _kinds(text: str) -> dict[str, str]:
    doc = parse_markdown(RawFile(data=text.encode("utf-8"), default_key="postmortem.md")).documents[0]
    return {lesson.text[:20]: lesson.kind.value for lesson in doc.lessons}


def test_a_shortfall_under_what_went_well_is_what_went_wrong():
    kinds = _kinds(DECK)
    assert kinds["Level design needs t"] == "went_wrong"
    assert kinds["Issues with player s"] == "went_wrong"
    assert kinds["Well-scoped, we fini"] == "went_well"


@pytest.mark.parametrize("text, short", [
    ("Brainstorm is not active enough", True),  # GeoDash (held 51)
    ("Tutorial and feedback could be confusing", True),  # GeoDash (held 51)
    ("Issue with the combat feeling lifeless and attacks feeling flimsy", True),  # Int-Media-Final (held 38)
    # MonaAlSaadawi/Implementing-Oracle-EBS-Purchasing-Module (held 36), "Successes & Achievements": after its label.
    ("End-user adoption rate: The end-user adoption rate did not meet expected levels.", True),
    # vinisha231/WhispersOfTheForgotten (dev2): a need met later in the text is how it went well.
    ("Quick Adaptation: Initially, aimed to do a 3D game but realized that we did not have enough time, so we switched",
     False),
    # rohityadav226/Project_Manager_Cloud_Kitchen (held 30): no shortfall.
    ("All activities are broken to details related to cost", False),
])
def test_a_shortfall_in_the_opening_words(text, short):
    assert english_shortfall(text) is short


# Under a heading of lessons: psub86/MachineLearning_on_Traffic_dataset Lessons_Learned.pdf (held 51) and
# somik123/Fullstack-AD-Project "Individual Reflection" (held 46).
LESSONS = """# Lessons learned

## Lessons Learned

Detecting outliers was challenging, and we detected outliers for two columns after processing of the models.

One of the issues we faced was when my entire day's work was overwritten by one of my team mates by mistake.

Comparing two variables to see their relation to one another is a beneficial way to perform exploratory data analysis.
"""


def test_a_setback_weighed_under_lessons_learned_is_what_went_wrong():
    kinds = _kinds(LESSONS)
    assert kinds["Detecting outliers w"] == "went_wrong"
    assert kinds["One of the issues we"] == "went_wrong"
    assert kinds["Comparing two variab"] == "lesson"


@pytest.mark.parametrize("opening, met", [
    ("Cleaning lables from categorical data is tedious when the specifications of such labels are unclear.", True),
    ("WIFI is causing trouble sometime.", True),  # neerachaudhary/USTIOTProject Lesson Learned.docx (held 40)
    ("Organize documentation first — My biggest headache was going back and identifying parts of the design.", True),
    # Written here: a lesson drawn from the setback, and a setback denied, are none.
    ("Detecting outliers was challenging, and we learned to plot every column first.", False),
    ("Deployment was never a problem for us.", False),
])
def test_a_setback_weighed_in_an_opening(opening, met):
    assert _setback_met(opening) is met


@pytest.mark.parametrize("text, never", [
    ("Conclusions and Future Considerations", True),  # DarkPhantomEx/GeoDash postmortem.pptx (held 51), a slide title
    ("12. Attachments / Evidence", True),  # an RDP brute-force incident report's numbered part (held 38)
    ("Lesson Learned", True),  # RIT-GCI/CSEC473-2023-FALL-ECHO Lessons Learned.pptx (held 29), a name slide's caption
    # Written here: a lesson labelled as one, and a point that opens with a part's word, are lessons.
    ("Lesson learned: always back up the database before a migration", False),
    ("Background jobs kept failing silently", False),
])
def test_a_line_that_only_names_a_part_of_the_document(text, never):
    assert never_a_lesson(text) is never
