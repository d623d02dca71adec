"""benchmarks/first_sight.py: a first run's missed annotations classed by scope (document, section, item) and by the
form their text has in the document, its junk classed by document, and the classes today's run still shows. The
sentences are from benchmarks/extraction/docs/en-gophercon-2016-retrospective.md (MIT), set under headings and in a
list and a table here so that each form occurs; the HTML is the real Markdown parser's."""

import pytest

from benchmarks.fallback_replay import fallback, sections
from benchmarks.first_sight import (
    FLOOD,
    ITEM,
    LOOK_ALIKE,
    NOT_LOCATED,
    SCATTERED,
    WHOLE_DOC,
    WHOLE_SECTION,
    elements,
    first_run,
    held_splits,
    junk_class,
    locate,
    miss_classes,
    recall_table,
    split_table,
)
from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile

FORMAT = "This year we tried a new format - single track for the mornings with a choice of talks and tutorials in the afternoons."
TWITCH = "We took a chance on live-streaming this year."
FAMILY = ("This year we added a Family Track with the help of Anna Dollar.  Several families participated in activities "
          "throughout the Denver area, and everyone reported having a great time while their family member attended "
          "the conference.")
SPONSORS = "Google"
MARKDOWN = f"""# GopherCon 2016 - Retrospective

## The format

- {FORMAT}
- {TWITCH}

## Families

{FAMILY}

## Sponsors

| Diamond | Platinum |
|---|---|
| {SPONSORS} | Twitch |
"""


@pytest.fixture(scope="module")
def found():
    parsed = parse_markdown(RawFile(data=MARKDOWN.encode(), default_key="gophercon2016-retrospective.md"))
    return elements(parsed.documents[0].html)


def test_an_annotation_is_located_in_the_smallest_element_that_holds_it_with_its_heading(found):
    assert locate(TWITCH, found) == ("list item", "The format")
    assert locate("This year we added a Family Track with the help of Anna Dollar.", found) == ("paragraph", "Families")
    assert locate(SPONSORS, found) == ("table cell", "Sponsors")
    assert locate("Real-time captioning sponsored by our friends at Digital Ocean.", found) == (NOT_LOCATED, "")


def test_a_miss_is_the_whole_document_the_whole_section_or_an_item_of_a_found_section():
    places = [("list item", "The format"), ("list item", "The format"), ("paragraph", "Families")]
    assert miss_classes(set(), places) == [(0, WHOLE_DOC, "list item"), (1, WHOLE_DOC, "list item"),
                                           (2, WHOLE_DOC, "paragraph")]
    assert miss_classes({0}, places) == [(1, ITEM, "list item"), (2, WHOLE_SECTION, "paragraph")]
    # Fewer than three annotated: a document is never missed whole, its section is.
    assert miss_classes(set(), places[1:]) == [(0, WHOLE_SECTION, "list item"), (1, WHOLE_SECTION, "paragraph")]


@pytest.mark.parametrize(("annotated", "extracted", "matched", "expected"), [
    (0, 4, 0, LOOK_ALIKE), (5, 9, 2, FLOOD), (5, 4, 2, SCATTERED), (6, 8, 5, SCATTERED), (5, 2, 2, None), (1, 3, 1, SCATTERED)])
def test_a_documents_junk_is_a_look_alike_a_flood_or_scattered(annotated, extracted, matched, expected):
    assert junk_class(annotated, extracted, matched) == expected


def test_a_class_still_shows_in_a_document_only_where_todays_run_misses_one_of_that_class():
    first = {"misses": [f"{WHOLE_SECTION}: paragraph"] * 2 + [f"{ITEM}: list item"], "junk": None, "junk_count": 0}
    records = [{"id": "a", "split": "held3", "first": first,
                "today": {"misses": [f"{WHOLE_SECTION}: paragraph"], "causes": ["not extracted"]}},
               {"id": "b", "split": "held4", "first": first, "today": {"misses": [], "causes": []}}]
    rows = {row["class"]: row for row in recall_table(records)}
    assert rows[f"{WHOLE_SECTION}: paragraph"] | {"still_causes": None} == {
        "class": f"{WHOLE_SECTION}: paragraph", "errors": 4, "share": 0.667, "docs": 2, "splits": 2, "still_docs": 1,
        "still_errors": 1, "still_causes": None}
    assert rows[f"{ITEM}: list item"]["still_docs"] == 0


def test_a_frozen_split_is_never_read():
    assert held_splits("held27", "held29") == ["held27", "held28", "held29"]
    with pytest.raises(ValueError, match="frozen"):
        held_splits("held28", "held53")
    with pytest.raises(ValueError, match="frozen"):
        first_run("held53")


def test_the_fallback_takes_the_short_items_of_the_sections_no_lesson_holds_and_nothing_else():
    html = parse_markdown(RawFile(data=MARKDOWN.encode(), default_key="gophercon2016-retrospective.md")).documents[0].html
    assert [len(blocks) for blocks in sections(html)] == [2, 1]  # "Sponsors", a table alone, has no item or paragraph
    # "The format" holds a lesson: its other item is not taken; "Families" holds none: its paragraph is taken.
    assert fallback(html, [TWITCH], tags={"li", "p"}, max_chars=300) == [FAMILY]
    assert fallback(html, [FAMILY], tags={"li"}, max_chars=300) == []
    assert fallback(html, [], tags={"li"}, max_chars=300) == [FORMAT, TWITCH]
    assert fallback(html, [], tags={"li"}, max_chars=60) == [TWITCH]


def test_a_splits_row_sums_its_documents_misses_and_junk_of_both_runs():
    def run(misses, junk):
        return {"misses": misses, "causes": [], "junk": SCATTERED if junk > 0 else None, "junk_count": junk}
    para, item = f"{WHOLE_SECTION}: paragraph", f"{ITEM}: list item"
    records = [{"id": "a", "split": "held3", "first": run([para, para], 3), "today": run([para], 0)},
               {"id": "b", "split": "held3", "first": run([item], 0), "today": run([], 2)},
               {"id": "c", "split": "held4", "first": run([], 1), "today": run([], 0)}]
    assert split_table(records) == [
        {"split": "held3", "docs": 2, "first_missed": 3, "first_junk": 3, "today_missed": 1, "today_junk": 2,
         "top_class": para},
        {"split": "held4", "docs": 1, "first_missed": 0, "first_junk": 1, "today_missed": 0, "today_junk": 0,
         "top_class": ""}]
