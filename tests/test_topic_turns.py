"""benchmarks/topic_turns.py and topic_split_replay.py: where a lesson's topic turns, by sentence vectors. The figures
come from the real model over the benchmark documents (BENCHMARKS.md, e-seg); these tests check the arithmetic on
hand-made unit vectors and the labelling on a real excerpt: benchmarks/extraction/docs/en-flutter-2.8-retrospective.md
(BSD-3-Clause), an item whose sub-items and the line after them the extractor took as one lesson, which its annotator
read as two points."""

import numpy as np
import pytest

from benchmarks.topic_split_replay import cut
from benchmarks.topic_turns import auc, boundary_scores, chosen, depths, lesson_boundaries, opening, starts

LESSON = ("Fixes were needed to the stable bots (they were not the same as commit-bots/beta bots). Java version was "
          "wrong. Properties used to select the correct versions of artifacts were missing. Xcode/Mac/iOS were force "
          "updated in between the beta to stable time window")
ANNOTATED = ["Fixes were needed to the stable bots (they were not the same as commit-bots/beta bots).",
             "Xcode/Mac/iOS were force updated in between the beta to stable time window"]


def unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_a_sentence_that_holds_an_annotations_opening_starts_a_point():
    openings = [opening(text, "en") for text in ANNOTATED]
    assert starts(["Java version was wrong.", "Xcode/Mac/iOS were force updated in between"], openings) == [False, True]


def test_a_lessons_boundaries_are_read_from_its_first_opening_on():
    doc = {"split": "dev", "language": "en", "id": "en-flutter-2.8-retrospective"}
    bounds, sentences, first = lesson_boundaries(doc, LESSON, [opening(t, "en") for t in ANNOTATED], 2)
    assert len(sentences) == 4 and first == 0
    assert [b.start for b in bounds] == [False, False, True]
    assert lesson_boundaries(doc, "Java version was wrong.", [], 0) is None  # one sentence: no boundary
    # had the first point opened at the second sentence, the boundaries before it would not be read
    bounds, _, first = lesson_boundaries(doc, LESSON, [opening(t, "en") for t in ("Java version was wrong.", ANNOTATED[1])], 2)
    assert first == 1 and [b.sentence[:4] for b in bounds] == ["Prop", "Xcod"]


def test_auc_counts_the_pairs_a_start_outscores_a_support():
    assert auc([0.9, 0.8, 0.1, 0.2], [True, True, False, False]) == 1.0
    assert auc([0.1, 0.9, 0.5, 0.2], [True, False, True, False]) == 0.25  # only 0.5 > 0.2 of four pairs
    assert auc([0.9, 0.5, 0.1, 0.2], [True, False, True, False]) == 0.5
    assert auc([0.3, 0.3], [True, False]) == 0.5  # a tie is half a win
    assert auc([0.3], [True]) is None


def test_the_turn_between_two_topics_scores_highest():
    # three sentences on one topic, then two on another: the gap after the third is the largest and the deepest
    vectors = np.stack([unit(1, 0.1, 0), unit(1, 0, 0.1), unit(1, 0.1, 0.1), unit(0, 1, 0.1), unit(0.1, 1, 0)])
    scores = boundary_scores(vectors)
    for name in ("adjacent", "window2", "depth1", "depth2", "running"):
        assert int(np.argmax(scores[name])) == 2, name


def test_the_running_point_is_the_mean_of_the_sentences_before_the_boundary_only():
    assert boundary_scores(np.stack([unit(1, 0), unit(0, 1)]))["running"].tolist() == pytest.approx([1.0])


def test_depth_is_how_far_similarity_dips_below_the_peaks_either_side():
    gap = np.array([0.1, 0.5, 0.2, 0.3])  # similarity 0.9, 0.5, 0.8, 0.7
    assert depths(gap).tolist() == pytest.approx([0.0, 0.7, 0.0, 0.1])


def test_a_lesson_is_cut_at_the_highest_boundaries_while_each_part_keeps_its_length():
    sentences = ["First point is stated here.", "It is supported here.", "Second point starts here.", "Short."]
    text = " ".join(sentences)
    scores = np.array([0.1, 0.9, 0.8])
    assert cut(text, sentences, scores, 0.5, 10, 3) == ["First point is stated here. It is supported here.",
                                                        "Second point starts here. Short."]  # "Short." alone is too short
    assert cut(text, sentences, scores, 0.5, 1, 2) == ["First point is stated here. It is supported here.",
                                                       "Second point starts here. Short."]  # two parts at most
    assert cut(text, sentences, scores, 0.95, 1, 3) == [text]


def test_frozen_splits_are_refused():
    with pytest.raises(ValueError, match="frozen"):
        chosen("held29", "held53")
