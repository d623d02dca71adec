"""web/contributions/: a large file indexed in the background embeds its texts without holding the contributions
lock, so recording a lesson meanwhile does not wait for it; and neither write is lost."""

from __future__ import annotations

import threading

from ingest.pipeline import ingest
from kb.store import Store
from search import SearchIndex
from web.contributions import indexing, registers
from web.contributions.folder import uploads_root

LESSON = {"title": "Forklift booking", "lesson": "Book the forklift contractor before the lease is signed.",
          "kind": "lesson", "project": "Warehouse Move"}


def test_recording_does_not_wait_for_background_indexing_and_nothing_is_lost(settings, monkeypatch):
    root = uploads_root(settings)
    folder = root / "Big Register"
    folder.mkdir(parents=True)
    (folder / "register.csv").write_text("id,title,lesson,kind\n" + "\n".join(
        f"r{i},Row {i},Pallet audit finding {i} about racking bay {i},lesson" for i in range(25)) + "\n",
        encoding="utf-8")
    with Store(settings.db) as store:
        ingest(store, [root])  # stored, not indexed: the background thread has 25 documents to embed

    embedding = threading.Event()  # the background thread is embedding (the slow part of indexing)
    recorded = threading.Event()
    real_embed = SearchIndex._embed

    def slow_embed(self, texts, hashes, report, **options):
        if threading.current_thread().name == "kb-upload-index" and texts and not recorded.is_set():
            embedding.set()
            recorded.wait(timeout=20)  # hold the embedding until the lesson is recorded (or give up)
        return real_embed(self, texts, hashes, report, **options)

    monkeypatch.setattr(SearchIndex, "_embed", slow_embed)
    background = indexing.index_in_background(settings)
    assert embedding.wait(timeout=60)

    stored: list[indexing.Stored] = []

    def record_lesson():
        with Store(settings.db) as store:
            stored.append(registers.record(store, settings, LESSON, "pat"))

    recorder = threading.Thread(target=record_lesson)
    recorder.start()
    recorder.join(timeout=15)
    waited = recorder.is_alive()  # still waiting for the lock the background thread holds
    recorded.set()
    recorder.join(timeout=60)
    background.join(timeout=120)
    assert not waited, "recording a lesson waited for the background indexing"
    assert not background.is_alive() and stored and stored[0].indexed

    with Store(settings.db) as store:  # no lost update: every document stored has its chunks, and the index has them
        assert store.scalar("SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM chunks c"
                            " WHERE c.document_id = d.id AND c.doc_hash = d.content_hash)") == 0
        keys = {r["key"] for r in store.rows("SELECT key FROM documents")}
        assert stored[0].keys[0] in keys and "Big Register/register.csv#r24" in keys
        index = SearchIndex(store, settings)
        chunk_ids = {r["id"] for r in store.rows("SELECT id FROM chunks")}
        assert set(index.vectors().ids().tolist()) == chunk_ids


def test_embedding_ahead_fills_only_the_cache_and_the_sync_then_embeds_nothing(settings):
    folder = uploads_root(settings) / "Cache Ahead"
    folder.mkdir(parents=True)
    (folder / "register.csv").write_text("id,title,lesson,kind\n" + "\n".join(
        f"c{i},Row {i},Label printer check {i} on dock door {i},lesson" for i in range(3)) + "\n", encoding="utf-8")
    with Store(settings.db) as store:
        ingest(store, [uploads_root(settings)])
        chunks = store.scalar("SELECT count(*) FROM chunks")
        index = SearchIndex(store, settings)
        assert index.embed_pending() > 0
        assert store.scalar("SELECT count(*) FROM chunks") == chunks  # nothing indexed yet
        report = index.sync()
        assert report.embedded == 0 and report.added > 0
        assert index.embed_pending() == 0
