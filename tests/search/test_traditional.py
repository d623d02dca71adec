"""Traditional Chinese (繁体) in the keyword leg, its highlighting and the translation leg: a Taiwan or Hong Kong
colleague's query finds the Simplified documents, a Simplified query finds a Traditional document, and the snippet
marks the characters as they are written. A real SQLite file, the real index and the real bundled model."""

from __future__ import annotations

import pytest

from kb.store import Store
from kb.text import fold_traditional
from kb.traditional_table import SIMPLIFIED, TRADITIONAL
from search import Searcher, SearchIndex
from search.schema import ensure_schema
from search.telling import telling_terms
from search.translated_index import TABLE
from tests.search.result_pages import keys, search

pytestmark = pytest.mark.slow

SIMPLIFIED_DOC = """# 测试环境复盘

## 问题

测试环境迟迟没有准备好，联调因此推迟了两周，上线前的回归测试也被压缩。
"""
TRADITIONAL_DOC = """# 數據遷移總結

## 經驗教訓

數據遷移前沒有做全量備份，回滾時丟失了一部分歷史訂單。
"""
ENGLISH_DOC = """# Vendor retrospective

## What went wrong

The test environment was not ready, so the integration tests slipped by two weeks.
"""


@pytest.fixture
def build(real_index):
    def make(docs: dict[str, str], **overrides) -> tuple[Store, SearchIndex, Searcher]:
        store, index = real_index(docs, **overrides)
        return store, index, Searcher(index)

    return make


DOCS = {"test/retro.md": SIMPLIFIED_DOC, "migration/summary.md": TRADITIONAL_DOC}


def test_the_fold_keeps_every_place_and_leaves_simplified_and_shared_characters_alone():
    assert fold_traditional("測試環境沒有準備好") == "测试环境没有准备好"
    assert fold_traditional("頭髮 發現 幹部 後來 什麼") == "头发 发现 干部 后来 什么"
    assert fold_traditional("乾坤 著名 台风 测试环境") == "乾坤 著名 台风 测试环境"  # Simplified characters too
    assert len(TRADITIONAL) == len(SIMPLIFIED) and not set(TRADITIONAL) & set(SIMPLIFIED)


def test_every_character_of_the_table_is_folded_wherever_it_stands_and_a_text_without_one_is_not_copied():
    # The fold looks for a character of the table first and translates only a text that holds one (a search folds
    # every snippet's text): each of the 3,550 is still found, first, last or alone, beside Simplified and English text.
    for traditional, simplified in zip(TRADITIONAL, SIMPLIFIED, strict=True):
        assert not traditional.isascii()
        assert fold_traditional(f"测试 test {traditional}") == f"测试 test {simplified}"
        assert fold_traditional(traditional + "环境") == simplified + "环境"
    text = "测试环境没有准备好, the vendor delivered late"
    assert fold_traditional(text) is text  # one search, no copy: before, translate made a copy of every text


def test_a_traditional_lessons_telling_terms_are_its_simplified_forms():
    """The terms marked in the lessons found like a Traditional one (similar past issues) are those the index holds."""
    assert telling_terms("測試環境沒有準備好，聯調推遲兩周") == telling_terms("测试环境没有准备好，联调推迟两周") != ""


def test_a_traditional_query_finds_the_simplified_document_by_keyword_and_marks_it(build):
    _, _, searcher = build(DOCS)
    results = search(searcher, "測試環境", mode="keyword")
    assert keys(results) == ["test/retro.md"]
    assert "<mark>测试环境</mark>" in results.groups[0].hits[0].snippet_html


def test_in_hybrid_the_simplified_hit_of_a_traditional_query_is_marked_and_found_by_keyword(build):
    _, _, searcher = build(DOCS)
    hit = search(searcher, "測試環境", mode="hybrid").groups[0].hits[0]
    assert hit.document_key == "test/retro.md" and "keyword" in hit.legs
    assert "<mark>测试环境</mark>" in hit.snippet_html


def test_a_simplified_query_finds_the_traditional_document_and_marks_its_own_characters(build):
    _, _, searcher = build(DOCS)
    for mode in ("keyword", "hybrid"):
        results = search(searcher, "数据迁移 备份", mode=mode)
        assert keys(results)[0] == "migration/summary.md", mode
        html = results.groups[0].hits[0].snippet_html
        assert "<mark>數據遷移</mark>" in html and "<mark>備份</mark>" in html, mode


def _semantic(searcher: Searcher, query: str) -> dict[int, float]:
    """The semantic leg's own cosines (a page's scores are fused)."""
    found = searcher._semantic(query, 10, allowed=None, hidden=set())
    return dict(zip(found.ids.tolist(), found.scores.round(6).tolist(), strict=True))


def test_the_semantic_leg_searches_a_traditional_query_in_both_forms(build):
    """The model places 測試環境 further from 测试环境 than 测试环境 itself (lcqmc-dev's 繁体 queries: semantic nDCG@10
    0.881 against 0.925), and a Traditional document nearer its own spelling: each chunk is scored by the nearer."""
    store, _, searcher = build(DOCS)
    assert _semantic(searcher, "測試環境沒有準備好") == _semantic(searcher, "测试环境没有准备好") != {}
    traditional = store.scalar("SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id"
                               " WHERE d.key = 'migration/summary.md' AND c.kind = 'lesson'")
    as_written, simplified = _semantic(searcher, "數據遷移沒有備份"), _semantic(searcher, "数据迁移没有备份")
    assert as_written[traditional] > simplified[traditional]


def test_a_traditional_querys_words_reach_their_english_translations(build):
    _, _, searcher = build({"test/retro.md": SIMPLIFIED_DOC, "vendor/retro.md": ENGLISH_DOC})
    english = searcher.translated_terms("測試環境")
    assert english and english == searcher.translated_terms("测试环境")


def _matched(store: Store, term: str) -> set[int]:
    return {row[0] for row in store.conn.execute("SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ?", [term])}


def test_a_store_indexed_before_the_fold_is_reindexed_by_its_upgrade(build):
    """A store whose keyword index holds the Traditional characters as written (as before search_0010) has those
    chunks indexed again, and their document-side translations dropped for the next sync to make again."""
    store, index, searcher = build({**DOCS, "vendor/retro.md": ENGLISH_DOC}, document_translation_weight=0.5)
    traditional = [row for row in store.conn.execute("SELECT id, text FROM chunks") if "數據" in row[1]]
    simplified = store.scalar(f"SELECT count(*) FROM {TABLE}") - len(traditional)
    with store.transaction():
        for chunk_id, text in traditional:
            store.conn.execute("UPDATE chunks_fts SET body = ? WHERE rowid = ?", [text, chunk_id])
        store.conn.execute("DELETE FROM migrations WHERE name = 'search_0010_traditional_keyword_index'")
    assert traditional and not _matched(store, "数据")
    ensure_schema(store.conn)  # as the next open of the store runs it
    assert _matched(store, "数据") == {chunk_id for chunk_id, _ in traditional}
    assert keys(search(searcher, "数据迁移", mode="keyword")) == ["migration/summary.md"]
    assert store.scalar(f"SELECT count(*) FROM {TABLE}") == simplified
    assert index.check() == [(f"{len(traditional)} chunk{'s' * (len(traditional) > 1)} "
                             f"{'have' if len(traditional) > 1 else 'has'} no document-side translation")]
    index.sync()
    assert index.check() == []
