"""The digest's recurring problems (search/similar.py ``earlier_similar``): which earlier lessons count as the same
problem met before, and one read of the candidates for a whole digest (real model, the digest's small store)."""

from __future__ import annotations

from ingest import ingest
from search import Searcher, SearchIndex
from tests.digest.corpus import lesson_id

BEFORE = "2025-01-01T00:00:00+00:00"  # after the old documents were ingested, before the new ones
OLD = "2024-07-01T09:00:00+00:00"
WENT_WELL = ("---\nid: old/billing\ntitle: Billing retrospective\nproject: Billing\ndate: 2024-03-01\n---\n"
             "# Billing retrospective\n\n## What went well\n"
             "- The agency delivered the payment interface four weeks early, so integration testing had time to spare.\n")


def _with_went_well(env) -> tuple[object, Searcher]:
    store, settings, _, docs = env
    (docs / "old" / "billing.md").write_text(WENT_WELL, encoding="utf-8")
    ingest(store, [docs])
    store.conn.execute("UPDATE documents SET first_ingested = ? WHERE key = 'old/billing'", [OLD])
    store.conn.commit()
    index = SearchIndex(store, settings)
    index.sync()
    return store, Searcher(index)


def test_what_went_well_is_no_earlier_occurrence_of_a_problem(env):
    """A went-well lesson in the same words ("delivered the payment interface early") was listed as the problem
    seen before; what went wrong elsewhere still is."""
    store, searcher = _with_went_well(env)
    found = searcher.earlier_similar(lesson_id(store, "The agency delivered"), before=BEFORE, min_score=0.0)
    projects = [f["project"] for f in found]
    assert "Billing" not in projects
    assert {"CRM", "MES"} <= set(projects)
    kinds = {r[0] for r in store.conn.execute(
        f"SELECT kind FROM lessons WHERE id IN ({', '.join(str(f['lesson_id']) for f in found)})")}
    assert kinds <= {"went_wrong", "root_cause", "lesson"}


def test_a_digest_reads_the_earlier_lessons_once_not_once_per_new_lesson(env):
    """Each new lesson ran its own query over every chunk: 669 of them for the shipped corpus's week."""
    store, searcher = _with_went_well(env)
    new = [r[0] for r in store.conn.execute("SELECT l.id FROM lessons l JOIN documents d ON d.id = l.document_id"
                                            " WHERE d.key LIKE 'new/%'")]
    assert len(new) >= 3
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        answers = [searcher.earlier_similar(i, before=BEFORE, min_score=0.0) for i in new]
    finally:
        store.conn.set_trace_callback(None)
    # (the found chunks' details, read by id, are not a pass over every chunk)
    over_chunks = [s for s in statements if "FROM chunks c JOIN documents d" in s and "WHERE c.id IN (" not in s]
    assert len(over_chunks) == 1, over_chunks
    assert any(answers)


def test_a_lesson_hidden_between_two_digests_is_not_found_again(env):
    """The candidates are read once, but a curator's change (here: hiding the earlier lesson) is seen at once."""
    store, searcher = _with_went_well(env)
    vendor = lesson_id(store, "The agency delivered")
    first = searcher.earlier_similar(vendor, before=BEFORE, min_score=0.0)
    crm = next(f["lesson_id"] for f in first if f["project"] == "CRM")
    store.set_reviews([crm], "hidden")
    assert crm not in [f["lesson_id"] for f in searcher.earlier_similar(vendor, before=BEFORE, min_score=0.0)]



def _every_lesson(store) -> list[int]:
    return [r[0] for r in store.conn.execute("SELECT id FROM lessons ORDER BY id")]


def test_a_week_at_once_runs_as_many_statements_and_searches_for_any_number_of_lessons(env, monkeypatch):
    """A bulk-import week's 266 new problem lessons ran 1,250 statements, four or five per lesson."""
    from search.vector_index import VectorIndex

    store, searcher = _with_went_well(env)
    lessons = _every_lesson(store)
    searcher.earlier_similar_many(lessons[:1], before=BEFORE)  # the candidates, read once for the time
    searches: list[int] = []
    for name in ("search", "search_within"):
        original = getattr(VectorIndex, name)
        monkeypatch.setattr(VectorIndex, name, lambda self, q, *a, _o=original, **kw: searches.append(1) or _o(
            self, q, *a, **kw))
    counts = []
    for some in (lessons[:2], lessons):
        statements: list[str] = []
        searches.clear()
        store.conn.set_trace_callback(statements.append)
        try:
            searcher.earlier_similar_many(some, before=BEFORE)
        finally:
            store.conn.set_trace_callback(None)
        counts.append((len(statements), len(searches)))
    assert counts[0] == counts[1] and counts[1][1] == 1, counts
