"""Lessons by content (BENCHMARKS.md, "Lessons by content (e-cls)"): English paragraphs and items that state a lesson in
the first person by hindsight or what was learned are lessons under headings that announce nothing, as Chinese ones
already were (``ingest.cues``); and the classifier seam (``ingest.classify``) that the benchmark measures a model through.
The checkFDA excerpt is from a document stored in benchmarks/extraction/docs/ (MIT, benchmarks/extraction/SOURCES.md);
the others are short quotes of documents read from their repositories."""

import pytest

from ingest import classify
from ingest.classify import NONE, Candidate, Model, features
from ingest.cues import cue_kind
from kb.models import LessonKind
from tests.ingest.markdown_docs import lessons, md

# SRA-18F-GSA-Agile-Services/checkFDA (MIT): items that say what they should have done, under a heading that names no
# kind (the document's own heading, "What could have gone better? How can we work better as a team?", is now read by its
# first question: tests/ingest/test_structure_narrative.py).
CHECKFDA = ("# Sprint Retrospective\n\n### Sprint notes\n\n"
            "1. Achieved our stride for our remote teams faster. Finding better ways to describe and show our ideas from "
            "the get go would have helped maximize our short amount of time.\n"
            "2. Keeping active mindset for what specific tasks need to get done in a certain time frame.\n"
            "3. From the get go we should have very clearly defined roles and responsibility. This would clear up the "
            "process, speed us up, and allow us to produce a better product.\n")

# rootfs-eu "Lessons learned from a failed hackathon": headings that are the lessons, the paragraph under each.
HACKATHON = ("# Lessons learned from a failed hackathon\n\n## 2. Just pick a damn track\n"
             "While hackathons I attended in the past all had one (maybe two) tracks, Junction had more tracks than I "
             "could count on my fingers. Of course this is neat, but at the same time it caused us to jump from track to "
             "track with our ideas.\n"
             " Next time I see this happening, I'm just going to pick a track and stick with it, possibly incorporating "
             "other tracks into the project as we go.\n\n## 3. A PoC is all you need\n"
             "Yeah. This is so obvious it shouldn't even be listed here right? Well, it turns out we were actually "
             "focussing on creating working projects because.. I don't know honestly.\n")


def test_english_items_that_say_what_should_have_been_done_are_lessons():
    found = lessons(md(CHECKFDA))
    assert [text[:40] for _, text in found] == ["Achieved our stride for our remote teams", "From the get go we should have very clea"]
    assert {kind for kind, _ in found} == {"lesson"}


def test_english_next_time_and_it_turned_out_paragraphs_under_lesson_title_headings_are_lessons():
    found = lessons(md(HACKATHON))
    assert [(kind, text[:40]) for kind, text in found] == [
        ("lesson", "While hackathons I attended in the past "), ("lesson", "Yeah. This is so obvious it shouldn't ev")]
    assert "Next time I see this happening" in found[0][1]


@pytest.mark.parametrize("text", [
    "A couple of things I over estimated. I thought that going with the CLI as the UI would have fewer complications, but it had its complexity on its own.",
    "Finding better ways to describe and show our ideas from the get go would have helped maximize our short amount of time.",
    "Another thing I learned today that will help me avoid this painful situation, it's called Preemptive Postmortem.",
])
def test_english_hindsight_in_the_first_person_is_a_lesson(text):
    assert cue_kind(text) == LessonKind.LESSON


@pytest.mark.parametrize("text", [
    "Looking back, here is what we learned about the deploy process:",  # a lead-in to a list
    "What did we learn, and what should we have done in hindsight?",  # a question asks, it states nothing
    "In hindsight, the lessons I learned here must contain the timeline",  # a form's requirement
    "Teams should have a clear owner for each service in the next time window.",  # no first person
    "Next time.",  # too short to be a sentence
])
def test_english_text_that_states_no_lesson_of_the_writers_is_none(text):
    assert cue_kind(text) is None


def test_a_guide_that_is_not_a_retrospective_gets_no_english_cued_lessons():
    guide = ("# Deploying the service\n\n## Steps\n\nNext time you deploy, we should have the keys ready, so I keep "
             "them in the vault for the whole team.\n")
    assert lessons(md(guide, "docs/deploy-guide.md")) == []


def test_the_classifier_seam_scores_only_blocks_the_rules_left_and_keeps_document_order():
    # A model that calls every candidate a went-well: the rules' lessons stay, each left paragraph is added in place.
    everything = Model((NONE, "went_well"), (0.0, 5.0), {}, 0.5)
    text = "# Notes\n\nFirst paragraph of plain notes here.\n\n## What went well\n\n- Deploys were quick\n\n## Other\n\nLast one.\n"
    with classify.use(None):
        assert lessons(md(text)) == [("went_well", "Deploys were quick")]
    with classify.use(everything):
        assert lessons(md(text)) == [("went_well", "First paragraph of plain notes here."),
                                     ("went_well", "Deploys were quick"), ("went_well", "Last one.")]
    assert classify.active_model() is classify.shipped()


def test_features_name_cues_context_and_words():
    names = features(Candidate(text="Next time we should test earlier.", block="item", depth=0, heading="Lessons",
                               section_kind=None, heading_level=2, title="Retro", reflective=True, position=0.5,
                               doc_lessons=0, section_lessons=0))
    assert {"cue:next_time", "block:item", "lang:en", "w:earlier", "h:lessons", "reflective:True"} <= set(names)
    model = Model((NONE, "lesson"), (0.0, 0.0), {"cue:next_time": (0.0, 3.0)}, 0.5)
    assert model.probabilities(names)["lesson"] > 0.9
