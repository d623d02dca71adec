"""English rule of e-gen27en (issue 17): under a heading that names improvement, a point that opens with what to do is a
recommendation, with short excerpts of real public documents (BENCHMARKS.md, "English lesson extraction on real documents
(e-gen27en)")."""

from __future__ import annotations

import pytest

from ingest.cues import advised
from ingest.english_cues import english_advice
from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile


def _kinds(text: str, key: str) -> dict[str, str]:
    doc = parse_markdown(RawFile(data=text.encode("utf-8"), default_key=key)).documents[0]
    return {lesson.text: lesson.kind.value for lesson in doc.lessons}


# sublettr/Documentation, "Sprint 1 Retrospective.pdf" (held 46): the team's "Areas to Improve", each paragraph opening
# with what the team would do.
SUBLET = """# Sprint 1 Retrospective

## What Did Not Go Well

The front end libraries we used for some of the main core components of our application did not have all of the \
customizability we would have liked it to have.

## Areas to Improve

We should try not to underestimate the hours required to do certain stories. One of the largest mistakes made during \
this sprint was aiming too high and planning the sprint with too many stories.

In the future, we really should sit down and try to see if a user story is really several stories masked as one.

It would also be to our benefit to have better coordination between the backend and frontend team to prevent duplicate \
work and enable good team work.
"""


def test_advice_under_areas_to_improve_is_a_recommendation():
    kinds = _kinds(SUBLET, "Sprint 1 Retrospective.md")
    advice = [text for text in kinds if text.startswith(("We should try", "In the future, we", "It would also be"))]
    assert len(advice) == 3
    assert all(kinds[text] == "recommendation" for text in advice)


def test_what_did_not_go_well_stays_what_went_wrong():
    kinds = _kinds(SUBLET, "Sprint 1 Retrospective.md")
    assert kinds[next(text for text in kinds if text.startswith("The front end libraries"))] == "went_wrong"


# CS3398-Miranda-Cosgroves/GetRichTwitch, "Retrospective.pptx" (held 26): a slide's question and its answers.
TWITCH = """# Retrospective

## What Can We do to Improve?

- We need to come together to efficiently go over what we can do with the Twitch bot
- Communicate more about each other's code, a lot of obfuscation on what the modules do/can do currently
"""


def test_advice_under_a_question_of_how_to_improve_is_a_recommendation():
    assert set(_kinds(TWITCH, "Retrospective.md").values()) == {"recommendation"}


# GregShiner/cmpsc-470-final, "docs/postmortem.md" (held 20): shortfalls named under "Areas for Improvement", annotated as
# what went wrong; LEIC-ES-2021-22/3LEIC09T1, "README.md" (held): advice under "What went wrong", annotated as such. (Its
# "Better tooling support for development workflow", a point without a clause, is a recommendation since e-gen28en:
# 10 such points under improvement headings were annotated recommendations, in 3 repositories, this one what went wrong.)
SHORTFALLS = """# Project Postmortem

## Areas for Improvement

- Integration testing could have started earlier in development

## What went wrong

- We need to be more careful when reviewing PRs
"""


def test_shortfalls_under_improvement_and_advice_under_what_went_wrong_stay_what_went_wrong():
    kinds = _kinds(SHORTFALLS, "postmortem.md")
    assert kinds == {"Integration testing could have started earlier in development": "went_wrong",
                     "We need to be more careful when reviewing PRs": "went_wrong"}


@pytest.mark.parametrize(("text", "advice"), [
    ("We should try not to underestimate the hours required to do certain stories.", True),
    ("In the future, we really should sit down and try to see if a user story is really several stories.", True),
    ("It would also be to our benefit to have better coordination between the backend and frontend team.", True),
    ("Communicate more about each other's code", True),
    ("1. Keep the meetings short", True),
    # GershonR/TheElement, "RETROSPECTIVE.md" (held 23): hindsight, what went wrong.
    ("We should of attempted to practice test driven development more often", False),
    ("We should have started the backend earlier", False),
    ("Better tooling support for development workflow", False),  # a noun phrase names a shortfall as often
    ("Keep had to be rewritten twice", False),  # a state told
    ("I fell behind on my schedule, this made me rush", False),
    ("多进行团队协作，及时沟通进度", False),  # Chinese: the Chinese rule's (``advised``)
])
def test_what_opens_with_advice(text: str, advice: bool) -> None:
    assert english_advice(text) is advice


@pytest.mark.parametrize(("text", "heading", "expected"), [
    ("We should try not to underestimate the hours", "Areas to Improve", True),
    ("We should try not to underestimate the hours", "What went wrong", False),  # English: only under improvement
    ("多进行团队协作，及时沟通进度", "", True),  # Chinese: under whatever heading, as before
    ("需要加强沟通", "需要改进的地方", False),
])
def test_advised_by_language_and_heading(text: str, heading: str, expected: bool) -> None:
    assert advised(text, heading) is expected
