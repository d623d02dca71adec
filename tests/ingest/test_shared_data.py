"""Real third-party data beside the project (skipped when ../shared/data is absent)."""

import pytest

from ingest import ingest
from kb.store import Filters
from tests.conftest import SHARED_DATA

LLIS = SHARED_DATA / "llis"

pytestmark = pytest.mark.skipif(not LLIS.is_dir(), reason="../shared/data/llis is not here")


def test_llis_jsonl_ingests_as_a_lessons_register(store):
    report = ingest(store, [LLIS])
    assert report.failed == 0 and report.errors == []
    assert report.documents == 2102
    stats = store.stats()
    assert stats["documents"] == 2102 and stats["lessons"] == 2102
    lessons, _ = store.lessons(Filters(), limit=2102)
    with_event = [l for l in lessons if l["driving_event"] and l["lesson"] and l["recommendation"]]
    assert len(with_event) > 1500
    doc = store.document("llis.jsonl#30301")
    assert doc["title"] == "System / Facility Impedance Checks" and doc["department"] == "LaRC"
    assert doc["date"] == "2018-07-18" and "Facilities" in [t["label"] for t in doc["tags"]]
    again = ingest(store, [LLIS])
    assert again.unchanged == 1 and again.documents == 2102
