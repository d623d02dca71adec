"""English rules of e-gen25en (issue 17): a label and its colon alone is no lesson, with short excerpts of real public
documents (BENCHMARKS.md, "English lesson extraction on real documents (e-gen25en)"). The PDF rule of the same round,
a line that stops mid-sentence, is in ``test_pdf_open_ends.py``."""

from __future__ import annotations

import pytest

from ingest.builder_passes import _asks
from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile
from kb.models import LessonKind as K


def _lessons(text: str, key: str) -> list[tuple[K, str]]:
    doc = parse_markdown(RawFile(data=text.encode("utf-8"), default_key=key)).documents[0]
    return [(lesson.kind, lesson.text) for lesson in doc.lessons]


# Farrnazz/A-Prediction-of-Motor-Vehicle-Brake-Pad-Wearout, a student team's project closure report (PDF), "Lessons
# Learned": its list's sub-heading items, each with a colon, over the points.
BRAKE_PADS = """# Project Closure Report

## Lessons Learned

- Successes:
- Collaborative Teamwork: Amir, Adam, Nawal, and Farihah all contributed considerably to the project's success.
- Areas for Development:
- Time Management Optimisation: Despite reaching the majority of goals, optimizing time management, particularly during \
the model optimisation phases, might have helped.
"""


def test_a_label_and_its_colon_alone_is_no_lesson():
    """"Areas for Development:" was a lesson of its own (went well, under the successes); the points under it stay."""
    texts = [text for _, text in _lessons(BRAKE_PADS, "Closure Report.md")]
    assert "Areas for Development:" not in texts
    assert "Successes:" not in texts
    assert any(text.startswith("Time Management Optimisation: Despite reaching") for text in texts)
    assert any(text.startswith("Collaborative Teamwork: Amir, Adam") for text in texts)


# The same shape in two more repositories of the seen set: bdougie/contributor.info's subscription-activation post-mortem
# (Markdown), a pattern's name over its code, and a bootcamp student's root-cause analysis (Word), whose form repeats
# its prompt as a line. Sentences that hold a colon, or end on one after a stop, are not labels.
@pytest.mark.parametrize(("text", "label"), [
    ("Error Handling Pattern:", True),
    ("Validation Pattern:", True),
    ("Difficulties, Errors, or Mistakes:", True),
    ("Root cause: the webhook handler swallowed the error.", False),
    ("We learned one thing. Write the tests first:", False),
    ("Always log the webhook payload before the handler returns an error.", False),
])
def test_an_english_label_alone_is_dropped(text: str, label: bool) -> None:
    assert _asks(text) is label
