"""The index follows the store: incremental add/remove, the embedding cache, check, repair, reindex."""

import json
import shutil

import numpy as np
import pytest

from ingest import ingest
from search import IndexMismatch, SearchIndex
from search.vector_index import sidecar_path
from tests.search.conftest import fake_embedder


def test_sync_indexes_every_document_and_check_passes(indexed):
    store, index, _ = indexed
    assert index.check() == []
    assert index.chunk_count() == len(index.vectors()) > 10
    kinds = {r["kind"] for r in store.rows("SELECT DISTINCT kind FROM chunks")}
    assert kinds == {"lesson", "section"}
    assert store.scalar("SELECT count(*) FROM chunks_fts") == index.chunk_count()


def test_lesson_chunks_carry_their_context(indexed):
    store, _, _ = indexed
    text = store.scalar("SELECT c.text FROM chunks c JOIN lessons l ON l.id = c.lesson_id WHERE l.text LIKE '外包%'")
    assert text.startswith("ERP升级复盘 · 需要改进\n外包供应商")


def test_changed_document_is_reembedded_only_where_text_changed(make_index, small_corpus):
    store, index = make_index(small_corpus)
    model = index.embedder().model
    before = model.encoded
    path = small_corpus / "erp/retro.md"
    path.write_text(path.read_text().replace("延期五周", "延期六周"), encoding="utf-8")
    assert ingest(store, [small_corpus]).updated == 1
    report = index.sync()
    assert report.documents == 1
    # only the changed lesson and the section window that contains it; the rest keep their vectors
    assert model.encoded - before == 2
    assert report.added == report.removed == 2 and index.check() == []


def test_prune_removes_chunks_and_vectors(make_index, small_corpus):
    store, index = make_index(small_corpus)
    (small_corpus / "mes/postmortem.md").unlink()
    ingest(store, [small_corpus], prune=True)
    assert any("belong to documents that no longer exist" in p for p in index.check())
    report = index.sync()
    assert report.removed > 0 and index.check() == []
    assert store.scalar("SELECT count(*) FROM chunks WHERE text LIKE '%MES%'") == 0


def test_reindex_reuses_the_cache(make_index, small_corpus):
    _store, index = make_index(small_corpus)
    chunks = index.chunk_count()
    report = index.reindex()
    assert report.embedded == 0 and report.cached == chunks == report.chunks
    assert index.check() == []


def test_new_section_windows_take_effect_at_reindex(make_index, small_corpus, settings):
    # README, Configuration: a change of chunk_words, chunk_overlap or chunk_chars needs 'kb reindex'; a sync (kb
    # ingest) cuts only the documents it (re)indexes by them, so the windows of unchanged documents stay as they were
    store, index = make_index(small_corpus)
    before = index.chunk_count()
    narrow = SearchIndex(store, settings.replace(chunk_words=10, chunk_overlap=2),
                         embedder_factory=lambda name: fake_embedder(name))
    narrow.sync()
    assert narrow.chunk_count() == before
    narrow.reindex()
    assert narrow.chunk_count() > before and narrow.check() == []


def test_check_reports_each_kind_of_disagreement(make_index, small_corpus):
    store, index = make_index(small_corpus)
    store.conn.execute("UPDATE documents SET content_hash = 'edited' WHERE key = 'crm/retro'")
    vectors = index.vectors()
    first = int(vectors.ids()[0])
    vectors.remove([first])
    vectors.save(index.path)
    problems = index.check()
    # one of each, in the singular (they said "1 document(s) changed", "1 chunk(s) have no vector")
    assert "1 document changed since it was indexed" in problems
    assert "1 chunk has no vector in the index" in problems
    index.sync()
    assert index.check() == []


def test_check_reports_a_keyword_index_that_lost_rows_and_reindex_repairs_it(make_index, small_corpus):
    store, index = make_index(small_corpus)
    chunks = index.chunk_count()
    store.conn.execute("DELETE FROM chunks_fts WHERE rowid = (SELECT max(id) FROM chunks)")
    assert index.check() == [f"the keyword index has {chunks - 1} rows for {chunks} chunks"]
    index.reindex()
    assert index.check() == []


def test_a_lost_or_damaged_index_file_is_reported_and_rebuilt_from_the_cache(make_index, small_corpus):
    _store, index = make_index(small_corpus)
    model = index.embedder().model
    index.path.unlink()
    assert any("missing" in p for p in index.check())
    encoded = model.encoded
    report = index.sync()
    assert "rebuilding the vector index" in report.notes[0] and report.repaired == index.chunk_count()
    assert model.encoded == encoded and index.check() == []  # every vector came from the cache
    index.path.write_bytes(b"damaged")
    index._forget()
    assert any("cannot be read" in p for p in index.check())
    index.sync()
    assert index.check() == []


def test_index_from_another_model_needs_a_reindex(make_index, small_corpus, settings):
    store, _index = make_index(small_corpus)
    other = SearchIndex(store, settings.replace(model="other"), embedder_factory=fake_embedder)
    with pytest.raises(IndexMismatch, match="built with model 'fake' but the settings say 'other'"):
        other.vectors()
    other.reindex()
    assert other.check() == []


def test_sync_after_a_crash_between_database_and_index_file(make_index, small_corpus, tmp_path):
    store, index = make_index(small_corpus)
    saved = tmp_path / "old.faiss"
    shutil.copy(index.path, saved)
    shutil.copy(index.path.with_suffix(".faiss.json"), tmp_path / "old.faiss.json")
    (small_corpus / "new.md").write_text("# New\n\n## Lessons learned\n- A brand new lesson.\n", encoding="utf-8")
    ingest(store, [small_corpus])
    index.sync()
    shutil.copy(saved, index.path)  # as if the process died before the new index file was written
    shutil.copy(tmp_path / "old.faiss.json", index.path.with_suffix(".faiss.json"))
    assert index.check() != []
    report = SearchIndex(store, index.settings, embedder_factory=lambda n: index.embedder()).sync()
    assert report.repaired > 0 and report.embedded == 0


def test_sync_after_a_crash_between_index_file_and_sidecar(make_index, small_corpus):
    # kill -9 after the index file was replaced and before its sidecar was (tests/test_crash.py met it once)
    _store, index = make_index(small_corpus)
    sidecar = sidecar_path(index.path)
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    data["count"] -= 12
    sidecar.write_text(json.dumps(data), encoding="utf-8")
    assert any("sidecar says" in p for p in index.check())
    index.sync()
    assert index.check() == []


def test_ivf_index_when_configured(make_index, small_corpus):
    _store, index = make_index(small_corpus, index_type="ivf")
    assert index.vectors().info.index_type == "ivf" and index.check() == []
    vec = index.vectors().vectors([int(index.vectors().ids()[0])])
    assert np.isclose(np.linalg.norm(vec), 1.0, atol=1e-5)


def test_chunk_facts_match_the_store_and_follow_its_changes(make_index, small_corpus):
    store, index = make_index(small_corpus)
    expected = {r["id"]: (r["document_id"], r["kind"], r["lesson_id"], r["text_hash"][:16] if r["text_hash"] else None,
                          r["language"])
                for r in store.rows("SELECT c.id, c.document_id, c.kind, c.lesson_id, l.text_hash, d.language"
                                    " FROM chunks c JOIN documents d ON d.id = c.document_id"
                                    " LEFT JOIN lessons l ON l.id = c.lesson_id")}
    facts = index.chunk_facts()
    ids = [*expected, 10**9]  # an id that does not exist is left out
    assert {i: (*row, facts.languages([i])[i]) for i, row in facts.get(ids).items()} == expected
    assert {row[1] for row in expected.values()} == {"lesson", "section"}

    (small_corpus / "mes/postmortem.md").unlink()
    ingest(store, [small_corpus], prune=True)
    index.sync()
    remaining = {r[0] for r in store.conn.execute("SELECT id FROM chunks")}
    assert set(index.chunk_facts().get(list(expected))) == remaining < set(expected)


def test_the_progress_bar_moves_while_a_batch_is_embedded(make_index, small_corpus):
    # The documents of one batch (up to 200) are embedded together; the bar must move as their texts are embedded,
    # not once at the batch's end (a corpus of 132 documents sat at 0 through all its embedding).
    class Bar:
        def __init__(self, total):
            self.total, self.moves = total, []

        def update(self, n):
            self.moves.append(n)

        def close(self):
            pass

    bars = []
    store, index = make_index(embed_batch=2)
    ingest(store, [small_corpus])
    index.sync(progress=lambda total: bars.append(Bar(total)) or bars[-1])
    bar = bars[0]
    assert sum(bar.moves) == bar.total == store.scalar("SELECT count(*) FROM documents") >= 3
    assert len(bar.moves) >= 3 and all(n > 0 for n in bar.moves)
