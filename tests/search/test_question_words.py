"""A query's Chinese question and request words (怎么办, 什么, 如何) and particles are no terms, as English "how" and
"what" are not (search/segment.py); real excerpts of the u-search walk (部署失败怎么办's documents 2–8 were matched
by 怎么 alone)."""

import sqlite3

import pytest

from search.bm25 import MemoryBM25
from search.keyword import Vocabulary, holding_every_term, keyword_search, whole_words
from search.schema import ensure_schema
from search.segment import content_word, index_text, query_terms

EXCERPTS = [
    (1, "码力与阳寿极度不足怎么办？"),
    (2, "怎么做总结：先列时间线，再找原因。"),
    (3, "部署失败的原因是环境变量没有同步到生产环境。"),
    (4, "为什么要写周报？大家都觉得没有必要。"),
    (5, "我们的目的是让新人先了解需求再动手。"),
    *[(i, f"供应商延期交付第{i}批设备，如何补救？") for i in range(6, 12)],
]


@pytest.fixture(scope="module")
def collection() -> tuple[sqlite3.Connection, Vocabulary]:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.executescript("CREATE TABLE documents (id INTEGER PRIMARY KEY, key TEXT); INSERT INTO documents VALUES (1, 'd');")
    ensure_schema(conn)
    for rowid, text in EXCERPTS:
        conn.execute("INSERT INTO chunks (id, document_id, doc_hash, kind, text, text_hash) VALUES (?, 1, 'h',"
                     " 'section', ?, 'x')", [rowid, text])
        conn.execute("INSERT INTO chunks_fts (rowid, body) VALUES (?, ?)", [rowid, index_text(text)])
    vocabulary = Vocabulary()
    vocabulary.refresh(conn)
    return conn, vocabulary


def test_question_words_and_the_bigrams_touching_them_are_no_terms():
    assert query_terms("部署失败怎么办") == ["部署", "署失", "失败"]  # not 败怎, 怎么, 么办
    assert query_terms("为什么项目总是延期") == ["项目", "目总", "总是", "是延", "延期"]  # not 为什, 什么, 么项
    assert query_terms("上线前要检查什么") == ["上线", "线前", "前要", "要检", "检查"]
    assert query_terms("是否需要做性能压测") == ["做性", "性能", "能压", "压测"]


@pytest.mark.parametrize("query", ["的", "了", "什么", "如何", "怎么办", "怎么办呢", "什么的", "好吗", "the how"])
def test_a_query_of_function_words_alone_has_no_words_to_search(query):
    assert query_terms(query) == []


def test_content_words_holding_a_particle_stay():
    assert "了解" in query_terms("了解需求") and "目的" in query_terms("项目的目的")
    assert query_terms("部署好了吗") == ["部署", "署好", "好了"]  # the final 吗 goes, 好了 stays
    assert query_terms("吗啡") == ["吗啡"]  # a particle ends a run only where it ends it
    assert query_terms("前") == ["前"]  # a lone character that is no particle is still searched (widened by the index)


def test_indexed_words_holding_a_question_word_are_no_terms():
    assert not content_word("怎么办") and not content_word("为什么") and not content_word("好了吗")
    assert content_word("数据库") and content_word("吗啡")


def test_a_question_word_finds_no_document_that_shares_nothing_else(collection):
    conn, vocabulary = collection
    assert "怎么办" in vocabulary.terms()  # the index holds it as a word: the query must not add it back
    found = [i for i, _ in keyword_search(conn, "部署失败怎么办", limit=10, vocabulary=vocabulary)]
    assert found == [3]  # not 码力与阳寿极度不足怎么办, nor 怎么做总结
    assert keyword_search(conn, "为什么", limit=10, vocabulary=vocabulary) == []
    assert keyword_search(conn, "的", limit=10, vocabulary=vocabulary) == []  # not every 的X bigram
    assert [i for i, _ in keyword_search(conn, "如何了解需求", limit=10, vocabulary=vocabulary)] == [5]


def test_the_floor_s_whole_query_gate_needs_the_content_words_only(collection):
    conn, _ = collection
    assert holding_every_term(conn, "部署失败怎么办", [1, 2, 3]) == {3}  # chunk 3 holds 部署 and 失败, not 怎么办
    assert not holding_every_term(conn, "怎么办", [1, 2, 3])  # no words to search: the gate does not open


def test_an_english_question_s_request_verb_is_not_a_word_a_chunk_must_hold(collection):
    """"how to avoid scope creep" asks for scope and creep: few lessons say "avoid" beside them, and the floor's gate
    stayed shut (s-gate). The verb stays a keyword term; a query of request verbs alone keeps them."""
    assert whole_words("how to avoid scope creep") == ["scope", "creep"]
    assert whole_words("How do we deal with vendor delays?") == ["vendor", "delays"]
    assert whole_words("fix") == ["fix"]
    assert query_terms("how to avoid scope creep") == ["avoid", "scope", "creep"]


WORDS = frozenset("部署 失败 怎么办 供应商 延期 交付 设备".split())  # a dictionary's words, as the translator's is_word answers


def test_a_query_s_whole_words_are_its_dictionary_words_not_the_bigrams_across_them(collection):
    """The floor counts a document holding every word of the query (search/relevance.py), as the dictionary cuts
    it: 供应商交付 is held by 供应商延期交付第6批设备, which has no 商交, the bigram across its two words."""
    conn, _ = collection
    is_word = WORDS.__contains__
    assert whole_words("供应商交付", is_word) == ["供应", "应商", "交付"]
    assert whole_words("部署失败怎么办", is_word) == ["部署", "失败"]  # no question word, no 署失 across two words
    assert whole_words("这个酒多少钱", is_word) == ["这个", "个酒", "酒多", "多少", "少钱"]  # 酒 has no word of its own
    assert whole_words("供应商交付", None) == ["供应", "应商", "商交", "交付"]  # without a dictionary, its bigrams
    assert holding_every_term(conn, "供应商交付", range(1, 12), is_word) == set(range(6, 12))
    assert holding_every_term(conn, "供应商交付", range(1, 12)) == set()
    assert holding_every_term(conn, "供应商交付", [6, 7, 1], is_word) == {6, 7}  # of the chunks asked about only


def test_a_warmed_scorer_answers_the_floor_s_gate_from_its_postings_as_fts5_does(collection):
    """With every term's postings in memory (search/bm25.py, a warmed server's), ``holding_every_term`` looks each
    chunk up in them and asks FTS5 nothing (1.2-1.8 ms a hybrid search at 100k chunks, s-lat40); the same chunks, the
    query's words all held, one alone, none, or some chunk the scorer does not know (FTS5 answers that)."""
    conn, _ = collection
    is_word = WORDS.__contains__
    scorer = MemoryBM25()
    assert scorer.load_all(conn, "v1")
    cases = [("部署失败怎么办", [1, 2, 3], None), ("供应商交付", range(1, 12), is_word), ("供应商交付", range(1, 12), None),
             ("供应商交付", [6, 7, 1], is_word), ("设备", [9, 3, 6], None), ("怎么办", [1, 2, 3], None),
             ("补救 部署", range(1, 12), None), ("原因", [2, 3, 99], None)]
    expected = [holding_every_term(conn, text, ids, words) for text, ids, words in cases]
    assert expected[:5] == [{3}, set(range(6, 12)), set(), {6, 7}, {9, 6}] and expected[-1] == {2, 3}
    asked: list[str] = []
    conn.set_trace_callback(asked.append)
    try:
        assert [holding_every_term(conn, text, ids, words, scorer) for text, ids, words in cases] == expected
    finally:
        conn.set_trace_callback(None)
    matched = [sql for sql in asked if "MATCH" in sql and not sql.startswith("--")]  # "--": FTS5's own reads
    assert len(matched) == 1 and "(2, 3, 99)" in matched[0]  # chunk 99, unknown to the scorer: FTS5's
