"""Whether the index agrees with the store (``kb check``), and the repair of the FAISS ids after a crash."""

from __future__ import annotations

from typing import Any

import numpy as np

from kb.sql import placeholders
from kb.wording import say
from search.index_sync import SyncReport
from search.loaded_indexes import _MTIMES
from search.translated_index import translation_rules
from search.vector_index import IndexMismatch, VectorIndex, read_info

# What `kb check` reports, in the singular for one (kb.wording.say): key -> (English, Chinese).
CHECK_MESSAGES: dict[str, tuple[str, str]] = {
    "stale": ("{n} documents changed since they were indexed", "{n} 篇文档在建立索引后有改动"),
    "stale_one": ("1 document changed since it was indexed", "1 篇文档在建立索引后有改动"),
    "upgraded": (("{n} documents are indexed as an older version of Lessons KB divided them into chunks (an upgrade "
                  "changed how): 'kb reindex' makes their chunks again, embedding only the changed texts (README, "
                  "Upgrading)"), ("{n} 篇文档的索引是旧版 Lessons KB 按旧方式切分的（升级改变了切分）：运行 'kb reindex' 重新切分，"
                 "只对改变的文本重新计算向量（见 README 的 Upgrading）")),
    "upgraded_one": (("1 document is indexed as an older version of Lessons KB divided it into chunks (an upgrade "
                      "changed how): 'kb reindex' makes its chunks again, embedding only the changed texts (README, "
                      "Upgrading)"), ("1 篇文档的索引是旧版 Lessons KB 按旧方式切分的（升级改变了切分）：运行 'kb reindex' 重新切分，"
                     "只对改变的文本重新计算向量（见 README 的 Upgrading）")),
    "unindexed": ("{n} documents are not in the search index yet (ingested with --no-index, or stopped while indexing)",
                  "{n} 篇文档还没有进入搜索索引（用 --no-index 导入，或在建立索引时中断）"),
    "unindexed_one": ("1 document is not in the search index yet (ingested with --no-index, or stopped while indexing)",
                      "1 篇文档还没有进入搜索索引（用 --no-index 导入，或在建立索引时中断）"),
    "orphans": ("{n} chunks belong to documents that no longer exist", "{n} 个片段所属的文档已不存在"),
    "orphans_one": ("1 chunk belongs to a document that no longer exists", "1 个片段所属的文档已不存在"),
    "stray_vectors": ("the vector index has {n} vectors for chunks that do not exist", "向量索引中有 {n} 个向量对应的片段不存在"),
    "stray_vectors_one": ("the vector index has 1 vector for a chunk that does not exist", "向量索引中有 1 个向量对应的片段不存在"),
    "unvectored": ("{n} chunks have no vector in the index", "{n} 个片段在索引中没有向量"),
    "unvectored_one": ("1 chunk has no vector in the index", "1 个片段在索引中没有向量"),
    "untranslated": ("{n} chunks have no document-side translation", "{n} 个片段没有文档端翻译"),
    "untranslated_one": ("1 chunk has no document-side translation", "1 个片段没有文档端翻译"),
    "old_translations": (("the chunks' document-side translations were made by older rules; 'kb reindex' (or the"
                          " next ingest) makes them again"), "片段的文档端翻译由旧规则生成；运行 'kb reindex'（或下次导入）会重新生成"),
}


class _Consistency:
    """The store and the index compared, and the vectors repaired: a mixin of ``SearchIndex`` (search/index.py)."""

    def _repair(self, vectors: VectorIndex) -> int:
        """Make the FAISS ids equal the chunk ids (after a crash between the database and the index file)."""
        db_ids = {r[0]: r[1] for r in self.store.conn.execute("SELECT id, text_hash FROM chunks")}
        faiss_ids = set(vectors.ids().tolist())
        extra = sorted(faiss_ids - db_ids.keys())
        missing = sorted(db_ids.keys() - faiss_ids)
        if extra:
            vectors.remove(extra)
        if missing:
            rows: list[dict[str, Any]] = []
            for start in range(0, len(missing), 500):
                part = missing[start:start + 500]
                rows += self.store.rows(f"SELECT id, text, text_hash FROM chunks WHERE id IN "
                                        f"({placeholders(part)})", part)
            report = SyncReport()
            vecs = self._embed([r["text"] for r in rows], [r["text_hash"] for r in rows], report)
            if vectors.needs_training:
                vectors.train(vecs)
            vectors.add(np.asarray([r["id"] for r in rows], dtype=np.int64), vecs)
        return len(extra) + len(missing)

    def behind(self) -> int:
        """How many documents the index does not hold as they are stored (new, changed, or chunked otherwise by an
        upgrade): searches miss them until the next sync."""
        return int(self.store.scalar(
            "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.document_id = d.id"
            " AND c.doc_hash = d.content_hash)"))

    def _behind_by_cause(self) -> dict[str, int]:
        """The documents ``behind`` counts, by why: not indexed at all ("unindexed"), chunks a migration marked to be
        made again after an upgrade changed how documents are chunked (doc_hash '', "upgraded"), or changed since
        ("stale"); it said "changed since they were indexed" of every one, an upgrade's too."""
        rows = self.store.rows(
            "SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM chunks c WHERE c.document_id = d.id) THEN 'unindexed'"
            " WHEN EXISTS (SELECT 1 FROM chunks c WHERE c.document_id = d.id AND c.doc_hash = '') THEN 'upgraded'"
            " ELSE 'stale' END AS cause, count(*) AS n FROM documents d WHERE NOT EXISTS (SELECT 1 FROM chunks c"
            " WHERE c.document_id = d.id AND c.doc_hash = d.content_hash) GROUP BY cause")
        counts = {r["cause"]: int(r["n"]) for r in rows}
        return {cause: counts[cause] for cause in ("upgraded", "unindexed", "stale") if cause in counts}

    def _old_translations(self) -> bool:
        """Whether the chunks' translations were made by other rules than the collection's (``translation_rules``;
        the sidecar says which), so that the next sync makes every one again."""
        try:
            info = read_info(self.path) if self.path.exists() else None
        except IndexMismatch:
            return False
        return info is not None and self._translation_due() \
            and info.translation_version != translation_rules(self._chunk_languages())

    def pending(self) -> tuple[int, int]:
        """The work the next sync has: documents to chunk again (new, changed, or chunked otherwise by an upgrade)
        and chunks to translate (every one when their translations are older rules')."""
        translations = self.chunk_count() if self._old_translations() else self._untranslated()
        return sum(self._behind_by_cause().values()), translations

    def check(self) -> list[str]:
        """Every disagreement between the store and the index, as sentences (empty: all is well)."""
        problems: list[str] = []
        _MTIMES.pop(self._key, None)  # maintenance reads the file afresh
        for cause, n in self._behind_by_cause().items():
            problems.append(say(CHECK_MESSAGES, cause, "en", n=n))
        orphans = self.store.scalar("SELECT count(*) FROM chunks WHERE document_id NOT IN (SELECT id FROM documents)")
        if orphans:
            problems.append(say(CHECK_MESSAGES, "orphans", "en", n=orphans))
        fts = self.store.scalar("SELECT count(*) FROM chunks_fts")
        chunks = self.chunk_count()
        if fts != chunks:
            problems.append(f"the keyword index has {fts} rows for {chunks} chunks")
        untranslated = self._untranslated()
        if untranslated:
            problems.append(say(CHECK_MESSAGES, "untranslated", "en", n=untranslated))
        try:
            vectors = self.vectors()
        except IndexMismatch as exc:
            return [*problems, str(exc)]
        db_ids = {r[0] for r in self.store.conn.execute("SELECT id FROM chunks")}
        faiss_ids = set(vectors.ids().tolist())
        if faiss_ids - db_ids:
            problems.append(say(CHECK_MESSAGES, "stray_vectors", "en", n=len(faiss_ids - db_ids)))
        if db_ids - faiss_ids:
            problems.append(say(CHECK_MESSAGES, "unvectored", "en", n=len(db_ids - faiss_ids)))
        info = read_info(self.path) if self.path.exists() else None
        if untranslated < chunks and self._old_translations():  # a store with none has no old ones to speak of
            problems.append(say(CHECK_MESSAGES, "old_translations", "en"))
        if info is not None and info.count != len(vectors):
            problems.append(f"the index sidecar says {info.count} vectors but the index holds {len(vectors)}")
        return problems
