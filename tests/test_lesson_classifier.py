"""benchmarks/lesson_classifier.py: how a left block is labelled from the annotations, and that the fitted model, in
the JSON form it is written in, scores what it was fitted on."""

import json

from benchmarks.lesson_classifier import _label, train, unfrozen
from ingest.classify import NONE, Candidate, Model, score
from kb.models import LessonKind


def candidate(text: str, heading: str = "Notes") -> Candidate:
    return Candidate(text=text, block="para", depth=0, heading=heading, section_kind=None, heading_level=2,
                     title="Sprint 3 retrospective", reflective=True, position=0.5, doc_lessons=0, section_lessons=0)


ANNOTATED = [{"kind": "went_wrong", "text": "The staging database filled up twice"},
             {"kind": "lesson", "text": "Next time we should size the staging database before the load test"}]


def test_a_left_block_takes_the_kind_of_the_annotation_it_matches():
    text = "Next time we should size the staging database before the load test, not after."
    assert _label(candidate(text), ANNOTATED, taken=set()) == "lesson"


def test_an_annotation_the_rules_already_matched_labels_nothing_more():
    text = "Next time we should size the staging database before the load test, not after."
    assert _label(candidate(text), ANNOTATED, taken={1}) == NONE


def test_a_block_that_matches_no_annotation_is_none():
    assert _label(candidate("We met on Tuesday in room 4 at ten."), ANNOTATED, taken=set()) == NONE


def test_a_fitted_model_survives_its_json_form_and_scores_what_it_learned():
    lessons = [f"Next time we should {verb} earlier in the sprint." for verb in
               ("test", "plan", "deploy", "review", "estimate", "document", "merge", "release")]
    narrative = [f"On {day} the team met in the small room to {verb}." for day, verb in
                 zip(("Monday", "Tuesday", "Friday", "Sunday"), ("talk", "eat", "walk", "plan"))] * 2
    rows = [("s", candidate(t), "lesson") for t in lessons] + [("s", candidate(t), NONE) for t in narrative]
    model = Model.from_json(json.loads(json.dumps(train(rows, threshold=0.5).to_json())))
    assert score(candidate("Next time we should measure earlier in the sprint."), model) == LessonKind.LESSON
    assert score(candidate("On Saturday the team met in the small room to sing."), model) is None


def test_a_language_threshold_above_one_reads_none_of_that_languages_candidates():
    # Every candidate is a lesson to this model; its Chinese threshold turns Chinese candidates away, English ones not.
    everything = Model((NONE, "lesson"), (0.0, 9.0), {}, 0.7, {"zh": 2.0})
    assert score(candidate("Next time we should measure earlier."), everything) == LessonKind.LESSON
    assert score(candidate("下次我们应该更早地做性能测试，而不是等到上线前。"), everything) is None
    again = Model.from_json(json.loads(json.dumps(everything.to_json())))
    assert again.thresholds == {"zh": 2.0}
    assert score(candidate("下次我们应该更早地做性能测试，而不是等到上线前。"), again) is None


def test_no_frozen_split_is_fitted_on_or_run():
    sources = [{"id": split, "split": split} for split in ("dev", "held25", "held28", "held29", "held31")]
    assert [d["split"] for d in unfrozen(sources)] == ["dev", "held25", "held28"]  # held28 was judged; held29 is frozen
