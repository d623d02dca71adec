"""English rule of e-gen31en (issue 17): under a heading of what went well, a point that opens by naming a shortfall
("Issues with player states; …", "Level design needs to be improved") is what went wrong; with short excerpts of real
public documents (BENCHMARKS.md, "English lesson kinds on real documents (e-gen31en)")."""

from __future__ import annotations

import pytest

from ingest.english_cues import english_shortfall
from ingest.markdown_doc import parse_markdown
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

