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
