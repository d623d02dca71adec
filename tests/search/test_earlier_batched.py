"""The digest's earlier occurrences found for a week's lessons at once (search/recurring.py ``earlier_similar_many``)
are those each lesson's own search finds: five projects of the shipped corpus, indexed with the real model."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest import ingest
from kb.models import PROBLEM_KINDS
from kb.settings import Settings
from kb.store import Store
from search import Searcher, SearchIndex, recurring
from tests.conftest import TEST_SECRET_KEY
from tests.search.conftest import take_embeddings

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
PROJECTS = ("crm-migration", "erp-upgrade", "data-platform", "customer-portal", "mes-rollout")
LATER = "2999-01-01T00:00:00+00:00"  # every document known before it: each lesson's candidates are the other projects'


@pytest.fixture(scope="module")
def corpus_searcher(tmp_path_factory, shipped_corpus):
    base = tmp_path_factory.mktemp("earlier-batched")
    for project in PROJECTS:
        shutil.copytree(CORPUS / project, base / "docs" / project)
    settings = Settings(db=base / "kb.db", secret_key=TEST_SECRET_KEY)
    store = Store(settings.db)
    ingest(store, [base / "docs"])
    index = SearchIndex(store, settings)
    take_embeddings(store, shipped_corpus)  # the real model's vectors of these texts, embedded once a run
    report = index.sync()
    assert report.cached > 0 and report.embedded < report.cached, report.as_dict()
    yield store, Searcher(index)
    store.close()


def _problems(store) -> list[int]:
    kinds = ", ".join(f"'{k}'" for k in PROBLEM_KINDS)
    return [r[0] for r in store.conn.execute(f"SELECT id FROM lessons WHERE kind IN ({kinds}) ORDER BY id")]


# The first test's setup may be the one that indexes the whole shipped corpus for the run (``shipped_corpus``, shared
# with test_shipped_eval.py): past the suite's 300 s timeout on 2 busy cores, as that module's own build was.
@pytest.mark.timeout(900)
@pytest.mark.parametrize(("floor", "widen"), [(None, recurring.WIDEN), (0.3, 1), (0.0, 1)])
def test_a_week_at_once_finds_what_one_lesson_at_a_time_finds(corpus_searcher, monkeypatch, floor, widen):
    """Each lesson gets the earlier lessons, in the same order and with the same scores, as its own search. With the
    union searched only as deep as one lesson's list, and a low floor, most rows' own candidates lie past that depth
    (their own project's lessons fill it): those rows are searched again alone."""
    monkeypatch.setattr(recurring, "WIDEN", widen)
    store, searcher = corpus_searcher
    lessons = _problems(store)
    assert len(lessons) >= 100
    one_by_one = {i: searcher.earlier_similar(i, before=LATER, min_score=floor) for i in lessons}
    assert searcher.earlier_similar_many(lessons, before=LATER, min_score=floor) == one_by_one
    assert sum(len(found) for found in one_by_one.values()) >= len(lessons) // 2  # not lists of nothing



def test_a_week_with_no_lesson_of_another_project_finds_none_for_each(tmp_path):
    """A store of one project: no lesson of another project is a candidate, so the union searched is empty and each
    lesson gets an empty list, as its own search does (it raised IndexError on the empty union, and every digest
    of such a store failed to build: "cannot build the message")."""
    shutil.copytree(CORPUS / PROJECTS[0], tmp_path / "docs" / PROJECTS[0])
    settings = Settings(db=tmp_path / "kb.db", secret_key=TEST_SECRET_KEY)
    store = Store(settings.db)
    try:
        ingest(store, [tmp_path / "docs"])
        index = SearchIndex(store, settings)
        index.sync()
        searcher = Searcher(index)
        lessons = _problems(store)
        assert len(lessons) >= 2
        assert all(searcher.earlier_similar(i, before=LATER) == [] for i in lessons)
        assert searcher.earlier_similar_many(lessons, before=LATER) == {i: [] for i in lessons}
    finally:
        store.close()
