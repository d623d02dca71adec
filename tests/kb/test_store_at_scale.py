"""What a listing reads does not grow with the rows before its page or outside its window (w-scale): a page's tags
are read for its own rows only, and a digest's "new this week" reads documents through an index."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from kb.digest.content import compose
from kb.store import Filters, Store, Target
from kb.store.core import _sort_key
from tests.kb.factories import doc, source

DOCUMENTS, PER_DOCUMENT = 20, 3


@pytest.fixture
def tagged(store: Store) -> Store:
    """20 documents of 3 lessons, every document and lesson with a tag of its own."""
    for n in range(DOCUMENTS):
        key = f"d{n:02d}"
        store.save_file(source(f"/data/{key}.md", f"h{n}"), [doc(key, lessons=[f"Lesson {n}.{i}." for i in
                                                                               range(PER_DOCUMENT)])])
        for (lesson_id,) in store.conn.execute("SELECT id FROM lessons WHERE document_id = (SELECT id FROM documents"
                                               " WHERE key = ?)", [key]):
            store.add_tag(Target("lesson", str(lesson_id)), f"topic {lesson_id}")
    return store


def _tag_rows_sorted(store: Store, call) -> int:
    """How many tag rows a call sorted by name (``sort_key``, once a tag of each row whose tags it read)."""
    calls = 0

    def counted(text: object) -> str | None:
        nonlocal calls
        calls += 1
        return _sort_key(text)

    store.conn.create_function("sort_key", 1, counted, deterministic=True)
    try:
        call()
    finally:
        store.conn.create_function("sort_key", 1, _sort_key, deterministic=True)
    return calls


@pytest.mark.parametrize("listing", ["review queue", "lessons"])
def test_the_last_page_reads_the_tags_of_its_own_rows_only(tagged, listing):
    """The last of 290 pages of the review queue read every earlier lesson's tags (973k SQLite steps, the first 80k);
    /api/lessons?offset=7200 the same (433k)."""
    total = DOCUMENTS * PER_DOCUMENT
    if listing == "review queue":
        page = lambda offset: tagged.review_queue(limit=5, offset=offset)
    else:
        page = lambda offset: tagged.lessons(Filters(), limit=5, offset=offset)
    rows, _ = page(total - 5)
    assert len(rows) == 5 and all(r["tags"] for r in rows)
    first, last = _tag_rows_sorted(tagged, lambda: page(0)), _tag_rows_sorted(tagged, lambda: page(total - 5))
    assert last <= 5 * 2 and first <= 5 * 2, (first, last)  # its tag and its document's "vendor", a lesson


def _document_scans(store: Store, statements: list[str]) -> list[str]:
    found = []
    for sql in statements:
        if sql.lstrip().upper().startswith("SELECT"):
            for row in store.conn.execute(f"EXPLAIN QUERY PLAN {sql}"):
                if re.match(r"SCAN (d|documents)\b(?! USING)", row[3]):
                    found.append(f"{row[3]}: {sql[:120]}")
    return found


def test_a_digest_with_nothing_new_reads_no_document_row(tagged):
    """`kb digest send --dry-run` for 200 subscribers over 4,594 documents, none new that week, read every document
    row three times a subscriber: 7.7 s, and 0.05 s through the indexes of migration 0018."""
    statements: list[str] = []
    tagged.conn.set_trace_callback(statements.append)
    try:
        content = compose(tagged, {"email": "a@example.com", "interests": {"tags": ["vendor"]}, "role": "curator"},
                          "2020-W01", (datetime(2020, 1, 1, tzinfo=UTC), datetime(2020, 1, 8, tzinfo=UTC)))
    finally:
        tagged.conn.set_trace_callback(None)
    assert content.is_empty()
    assert len(statements) >= 3
    assert _document_scans(tagged, statements) == []


@pytest.mark.parametrize("filters", [Filters(added_since="2020-01-01", added_before="2020-01-08"),
                                     Filters(updated_since="2020-01-01")])
def test_browse_by_when_documents_arrived_reads_an_index(tagged, filters):
    statements: list[str] = []
    tagged.conn.set_trace_callback(statements.append)
    try:
        rows, total = tagged.documents(filters)
    finally:
        tagged.conn.set_trace_callback(None)
    assert (rows, total) == ([], 0)
    assert _document_scans(tagged, statements) == []


def test_the_tag_facet_counts_documents_without_reading_their_rows(tagged):
    """Browse's tag facet joined every tagged document's row to count it (299k SQLite steps at 4,594 documents, now
    116k); the counts are the same, synonyms as one tag and a filter of documents included."""
    from search.facets import facet_counts

    tagged.add_synonyms(["topic 1", "subject one"])
    tagged.add_tag(Target("document", "d01"), "subject one")  # on the document of "topic 1"'s lesson: one document
    tagged.add_tag(Target("document", "d02"), "subject one")
    statements: list[str] = []
    tagged.conn.set_trace_callback(statements.append)
    try:
        every = dict(facet_counts(tagged.conn, None, [], limit=50)["tag"])
        some = dict(facet_counts(tagged.conn, tagged.document_ids(Filters(project=["ERP"]))[:5], [], limit=50)["tag"])
        readers = dict(facet_counts(tagged.conn, None, [], limit=50, for_readers=True)["tag"])
    finally:
        tagged.conn.set_trace_callback(None)
    assert every["vendor"] == DOCUMENTS and some["vendor"] == 5 and readers == every
    assert every.get("subject one", every.get("topic 1")) == 2  # d01 and d02, once each
    reads = [s for s in statements if "document_tags" in s]
    assert len(reads) >= 4
    for sql in reads:
        plan = " ".join(r[3] for r in tagged.conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
        assert not re.search(r"\b(SCAN|SEARCH) (d|documents)\b", plan), (plan, sql)
