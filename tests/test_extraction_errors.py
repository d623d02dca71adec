"""benchmarks/extraction_errors.py: why an annotation was missed, read off the extracted lessons, and causes counted by
the documents and splits they are spread over. Excerpt from benchmarks/extraction/docs/en-gophercon-2016-retrospective.md
(MIT), whose paragraphs are extracted one lesson each (a paragraph holds several annotated points there)."""

import pytest

from benchmarks.extraction_errors import (
    LONGER,
    NOT_EXTRACTED,
    SEVERAL,
    cause_table,
    chosen,
    miss_cause,
    top_repos,
)

TWITCH = ("We took a chance on live-streaming this year. Our Twitch channel had almost 9000 viewers over the course of "
          "the conference, with a peak of 2000 watching at any given time.")
FAMILY = ("This year we added a Family Track with the help of Anna Dollar. Several families participated in activities "
          "throughout the Denver area, and everyone reported having a great time while their family member attended "
          "the conference.")
PARAGRAPH = TWITCH + " " + FAMILY


def test_a_point_in_a_lesson_within_the_matchers_bounds_is_several_points_in_one_lesson():
    extracted = [PARAGRAPH]
    assert miss_cause("This year we added a Family Track with the help of Anna Dollar.", extracted) == SEVERAL


def test_a_point_in_a_lesson_too_long_for_it_is_inside_a_longer_lesson():
    long_lesson = PARAGRAPH + " " + " ".join(f"Sponsor number {n} made the event possible." for n in range(40))
    assert miss_cause("This year we added a Family Track.", [long_lesson]) == LONGER


def test_a_point_no_lesson_holds_is_not_extracted():
    assert miss_cause("Real-time captioning sponsored by our friends at Digital Ocean.", [TWITCH, FAMILY]) == NOT_EXTRACTED


def test_causes_are_ordered_by_the_documents_they_are_spread_over():
    errors = [{"doc": "a", "split": "dev", "cause": SEVERAL}, {"doc": "b", "split": "held", "cause": SEVERAL},
              *({"doc": "c", "split": "held2", "cause": NOT_EXTRACTED} for _ in range(5))]
    assert cause_table(errors) == [(SEVERAL, 2, 2, 2, 2), (NOT_EXTRACTED, 5, 1, 1, 1)]


def test_causes_are_counted_over_repositories_one_authors_documents_counting_once():
    # Three students' forms of one course in one repository are one author's shape; two repositories are two.
    errors = [*({"doc": f"form{n}", "repo": "student/forms", "split": "held41", "cause": NOT_EXTRACTED}
                for n in range(3)),
              {"doc": "a", "repo": "team/a", "split": "dev", "cause": SEVERAL},
              {"doc": "b", "repo": "team/b", "split": "held", "cause": SEVERAL}]
    assert cause_table(errors) == [(SEVERAL, 2, 2, 2, 2), (NOT_EXTRACTED, 3, 3, 1, 1)]
    assert top_repos(errors, SEVERAL) == [("team/a", 1), ("team/b", 1)]
    assert top_repos(errors, NOT_EXTRACTED) == [("student/forms", 3)]


def test_a_frozen_split_is_never_chosen():
    sources = [{"id": split, "split": split, "language": "en"} for split in ("dev", "held30", "held53", "held54")]
    assert [doc["id"] for doc in chosen(sources, "tuned", "en")] == ["dev", "held30"]
    assert chosen(sources, "tuned", "zh") == []
    with pytest.raises(ValueError, match="frozen"):
        chosen(sources, "held53", "en")
