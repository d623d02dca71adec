"""benchmarks/lesson_classifier.py: how a left block is labelled from the annotations, and that the fitted model, in
the JSON form it is written in, scores what it was fitted on."""

import json

import numpy as np

from benchmarks import classifier_fit
from benchmarks.classifier_candidates import _label, unfrozen
from benchmarks.classifier_fit import embed, fit_predict, train
from benchmarks.classifier_folds import junk_filter
from benchmarks.extraction import DocResult, match
from benchmarks.lesson_classifier_added import added
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
    sources = [{"id": split, "split": split} for split in ("dev", "held25", "held31", "held33", "held34", "held35", "held36", "held37", "held38", "held39", "held40", "held41", "held42", "held43", "held44", "held45", "held46", "held47", "held48", "held49", "held50", "held51", "held52", "held53")]
    assert [d["split"] for d in unfrozen(sources)] == ["dev", "held25", "held31", "held33", "held34", "held35", "held36", "held37", "held38", "held39", "held40", "held41", "held42", "held43", "held44", "held45", "held46", "held47", "held48", "held49", "held50", "held51", "held52"]  # held52 was judged; held53 is frozen


def _same_words(n: int) -> list:
    # Candidates that the hand features cannot tell apart (one text); only their vectors say which are lessons.
    return [("s", candidate("We talked about the release."), "lesson" if i % 2 else NONE) for i in range(n)]


def test_embedding_features_are_read_when_asked_for():
    rows = _same_words(20)
    vectors = np.array([[1.0, 0.0] if label == "lesson" else [0.0, 1.0] for _, _, label in rows])
    test = _same_words(2)
    test_vectors = np.array([[0.0, 1.0], [1.0, 0.0]])  # none, then lesson
    for kind in ("embed", "both"):
        (p_none, _), (p_lesson, kind_of) = fit_predict(rows, test, kind, vectors, test_vectors)
        assert p_lesson > 0.8, kind
        assert p_none < 0.2, kind
        assert kind_of == "lesson"
    (a, _), (b, _) = fit_predict(rows, test, "hand", vectors, test_vectors)
    assert a == b  # the hand features alone cannot see the difference


def test_the_hand_model_is_fitted_at_the_regularisation_strength_set(monkeypatch):
    # lesson_classifier_added.py --c set classifier_fit.C, but train's default had been bound to 0.3 when it was defined.
    lessons = [("s", candidate(f"Next time we should {verb} earlier."), "lesson") for verb in ("test", "plan", "deploy")]
    narrative = [("s", candidate(f"On {day} the team met to talk."), NONE) for day in ("Monday", "Friday", "Sunday")]
    test = [("s", candidate("Next time we should measure earlier."), "lesson")]
    (shipped, _), = fit_predict(lessons + narrative, test)
    monkeypatch.setattr(classifier_fit, "C", 0.001)
    (weak, _), = fit_predict(lessons + narrative, test)
    assert abs(weak - 0.5) < abs(shipped - 0.5) - 0.1  # a near-unfitted model is near even odds


def test_both_reads_the_hand_features_too():
    lessons = [("s", candidate(f"Next time we should {verb} earlier."), "lesson") for verb in
               ("test", "plan", "deploy", "review", "estimate", "document", "merge", "release")]
    narrative = [("s", candidate(f"On {day} the team met to {verb}."), NONE) for day, verb in
                 zip(("Monday", "Tuesday", "Friday", "Sunday"), ("talk", "eat", "walk", "plan"))] * 2
    rows = lessons + narrative
    flat = np.zeros((len(rows), 2))  # vectors that say nothing
    test = [("s", candidate("Next time we should measure earlier."), "lesson"),
            ("s", candidate("On Saturday the team met to sing."), NONE)]
    (p_lesson, _), (p_none, _) = fit_predict(rows, test, "both", flat, np.zeros((2, 2)))
    assert p_lesson > 0.5 > p_none


def test_each_text_is_embedded_once_and_kept(tmp_path):
    calls = []

    def encode(texts):
        calls.append(list(texts))
        return np.array([[float(len(t)), 1.0] for t in texts], dtype="float32")

    cache = tmp_path / "vectors.npz"
    first = embed(["ab", "abc", "ab"], cache, encode)
    assert calls == [["ab", "abc"]]
    again = embed(["abc", "ab", "abcd"], cache, encode)
    assert calls[1:] == [["abcd"]]
    assert first.tolist() == [[2.0, 1.0], [3.0, 1.0], [2.0, 1.0]]
    assert again.tolist() == [[3.0, 1.0], [2.0, 1.0], [4.0, 1.0]]
    assert embed(["a\ud835b"], cache, encode).tolist() == [[5.0, 1.0]]  # a PDF's lone surrogate: replaced, embedded


def _doc(split: str, n: int) -> DocResult:
    lessons = [f"Next time we should {verb} earlier in the sprint." for verb in
               ("test", "plan", "deploy", "review", "estimate", "document", "merge", "release")][:n]
    junk = [f"Page {i} of the {word} template, table of contents." for i, word in
            zip(range(n), ("blue", "green", "grey", "old", "new", "red", "long", "short"))]
    extracted = [{"kind": "lesson", "text": t} for t in lessons + junk]
    annotated = [{"kind": "lesson", "text": t} for t in lessons]
    return DocResult(split, "en", split, ".md", "ok", expected_type=["retrospective"], got_type="retrospective",
                     annotated=annotated, extracted=extracted, matches=match(annotated, extracted))


def test_the_junk_filter_drops_only_what_the_other_splits_call_junk():
    results = [_doc("dev", 8), _doc("held", 8), _doc("held28", 4)]
    held = junk_filter(results, [0.5], ["hand"])["hand"][0.5]["held28"]["en"]
    assert (held["extracted"], held["matched"]) == (4, 4)  # the 4 junk lines dropped, the 4 lessons kept


def _run(extracted: list[dict]) -> DocResult:
    annotated = [{"kind": "went_wrong", "text": "The staging database filled up twice during the load test"},
                 {"kind": "lesson", "text": "Next time we should size the staging database before the load test"}]
    return DocResult("d", "en", "held28", ".md", "ok", annotated=annotated, extracted=extracted,
                     matches=match(annotated, extracted))


def test_what_a_model_adds_is_counted_apart_from_the_rules_lessons_with_its_kinds():
    rules = [{"kind": "went_wrong", "text": "The staging database filled up twice during the load test."}]
    model = [*rules, {"kind": "went_well", "text": "Next time we should size the staging database before the load test."},
             {"kind": "lesson", "text": "We met on Tuesday in room 4 at ten."}]
    one = added(_run(model), _run(rules))
    # Two lessons added, one of them right but of another kind than annotated; the rules' one match has its kind.
    assert (one["added"], one["right"], one["kind_right"]) == (2, 1, 0)
    assert (one["rules_matched"], one["rules_kind_right"]) == (1, 1)
    assert one["kinds"] == {"went_well->lesson": 1}
    assert added(_run(rules), _run(rules))["added"] == 0
