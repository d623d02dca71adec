import sqlite3

import numpy as np
import pytest

from search.keyword import Vocabulary, by_rarity, keyword_search, rarest_terms, within_budget
from search.schema import ensure_schema
from search.segment import cjk_bigrams, dictionary_words, fts_query, index_text, query_terms
from search.snippets import highlight_html, make_snippet, match_spans


def test_bigrams_make_two_character_words_match_inside_longer_text():
    assert cjk_bigrams("项目风险管理") == ["项目", "目风", "风险", "险管", "管理"]
    assert "风险" in index_text("项目风险管理").split()
    assert query_terms("风险") == ["风险"]
    assert query_terms("需求 变更") == ["需求", "变更"]


def test_query_terms_drop_syntax_and_stopwords():
    assert query_terms('"vendor" AND (delay*) NEAR( the -- ;') == ["vendor", "delay", "near"]
    assert query_terms("?!…，。") == []


def test_query_terms_drop_one_letter_fragments():
    assert query_terms("PM's won't U.S. C++ plan 1") == ["pm", "won", "plan", "1"]


def _rare_collection() -> sqlite3.Connection:
    """Three chunks with characters beyond U+FFFF (Extension B): 𠮷 in a run, 𠀀𠀁 side by side, 𩸽 after Latin."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.executescript("CREATE TABLE documents (id INTEGER PRIMARY KEY, key TEXT); INSERT INTO documents VALUES (1, 'd');")
    ensure_schema(conn)
    rows = [(1, "合同里的供应商是𠮷野家，名字存成了问号。"), (2, "项目𠀀𠀁管理系统的账号"), (3, "野家的合同按时签了。"),
            (4, "ERP𩸽鱼加工厂")]
    for rowid, text in rows:
        conn.execute("INSERT INTO chunks (id, document_id, doc_hash, kind, text, text_hash) VALUES (?, 1, 'h',"
                     " 'section', ?, 'x')", [rowid, text])
        conn.execute("INSERT INTO chunks_fts (rowid, body) VALUES (?, ?)", [rowid, index_text(text)])
    return conn


def test_a_rare_chinese_character_is_in_the_bigram_runs():
    """𠮷 (Extension B) is indexed as Chinese: in bigrams with its neighbours, whatever they are."""
    assert {"是𠮷", "𠮷野", "野家"} <= set(index_text("供应商是𠮷野家").split())
    assert {"目𠀀", "𠀀𠀁", "𠀁管"} <= set(index_text("项目𠀀𠀁管理").split())
    assert query_terms("𠮷") == ["𠮷"] and query_terms("𠮷野家") == ["𠮷野", "野家"]
    assert query_terms("ERP𩸽鱼") == ["erp", "𩸽鱼"]


@pytest.mark.parametrize("query, expected", [("𠮷野家", 1), ("𠀀", 2), ("𠀁", 2), ("𠀀𠀁管理", 2), ("𩸽鱼", 4),
                                             ("𩸽", 4)])
def test_a_query_with_a_rare_chinese_character_finds_it_inside_a_word(query, expected):
    conn = _rare_collection()
    vocabulary = Vocabulary()
    vocabulary.refresh(conn)
    assert keyword_search(conn, query, limit=5, vocabulary=vocabulary)[0][0] == expected


def test_a_keyword_index_made_before_rare_characters_joined_the_runs_is_redone_by_its_migration():
    conn = _rare_collection()
    conn.execute("DELETE FROM chunks_fts WHERE rowid = 2")
    conn.execute("INSERT INTO chunks_fts (rowid, body) VALUES (2, ' 项目 项目 𠀀𠀁 管理 管理 ')")  # as indexed before
    conn.execute("DELETE FROM migrations WHERE name = 'search_0005_rare_characters_keyword_index'")
    vocabulary = Vocabulary()
    vocabulary.refresh(conn)
    assert keyword_search(conn, "目𠀀", limit=5, vocabulary=vocabulary) == []
    ensure_schema(conn)
    vocabulary = Vocabulary()
    vocabulary.refresh(conn)
    assert [i for i, _ in keyword_search(conn, "目𠀀", limit=5, vocabulary=vocabulary)] == [2]
    assert conn.execute("SELECT count(*) FROM chunks_fts").fetchone()[0] == 4  # re-indexed, not added twice


def test_full_width_latin_and_digits_match_their_ascii_forms():
    # Chinese input methods in full-width mode type ＳＡＰ and ２０２４; queries and the index are NFKC-normalised.
    assert query_terms("ＳＡＰ　２０２４") == ["sap", "2024"]
    assert index_text("上线ＳＡＰ") == index_text("上线SAP")


@pytest.fixture
def conn():
    c = sqlite3.connect(":memory:", isolation_level=None)
    c.executescript("CREATE TABLE documents (id INTEGER PRIMARY KEY, key TEXT);"
                    "INSERT INTO documents VALUES (1, 'd');")
    ensure_schema(c)
    rows = [(1, "项目风险管理流于形式，风险登记册没有更新。"), (2, "The vendors delayed the deliveries."),
            (3, "需求不清晰，返工三周。"), (4, 'Quotes "inside" and AND NEAR( stars*')]
    for rowid, text in rows:
        c.execute("INSERT INTO chunks (id, document_id, doc_hash, kind, text, text_hash) VALUES (?, 1, 'h', 'section',"
                  " ?, 'x')", [rowid, text])
        c.execute("INSERT INTO chunks_fts (rowid, body) VALUES (?, ?)", [rowid, index_text(text)])
    return c


@pytest.mark.parametrize("query, expected", [
    ("风险", 1), ("需求", 3), ("返工", 3), ("delay", 2), ("vendor delivery", 2), ("Delayed", 2),
])
def test_keyword_search_chinese_and_stemmed_english(conn, query, expected):
    assert keyword_search(conn, query, limit=5)[0][0] == expected


@pytest.mark.parametrize("query", [
    '"', '""', "AND", "OR", "NOT", "NEAR(", "NEAR(a b", "*", "a*", "(", ")", "-", "^", ":", "'", "\\", "col:term",
    "风险 AND", "x" * 10_000, "风" * 10_000, "\x00", "🙂", "'; DROP TABLE chunks; --", "body:风险", "{a b}",
])
def test_any_user_query_is_safe(conn, query):
    keyword_search(conn, query, limit=5)  # must not raise
    assert conn.execute("SELECT count(*) FROM chunks").fetchone()[0] == 4


def test_one_chinese_character_matches_inside_longer_text(conn):
    vocabulary = Vocabulary()
    vocabulary.refresh(conn)
    assert keyword_search(conn, "险", limit=5) == []  # the index holds bigrams: alone it matches nothing here
    assert [i for i, _ in keyword_search(conn, "险", limit=5, vocabulary=vocabulary)] == [1]
    assert {i for i, _ in keyword_search(conn, "需，险", limit=5, vocabulary=vocabulary)} == {1, 3}
    # expansion queries (translations, feedback terms) are not widened
    assert keyword_search(conn, "险", limit=5, vocabulary=vocabulary, max_terms=20) == []


def test_excluded_chunks_never_come_back(conn):
    assert {i for i, _ in keyword_search(conn, "风险 需求", limit=5)} == {1, 3}
    assert [i for i, _ in keyword_search(conn, "风险 需求", limit=5, exclude={1})] == [3]


def test_postings_budget_keeps_the_rarest_terms():
    c = sqlite3.connect(":memory:", isolation_level=None)
    c.executescript("CREATE TABLE documents (id INTEGER PRIMARY KEY, key TEXT); INSERT INTO documents VALUES (1, 'd');")
    ensure_schema(c)
    texts = ["common words"] * 10 + ["common middle"] * 3 + ["middle rare"] + ["other text"] * 5
    for rowid, text in enumerate(texts, 1):
        c.execute("INSERT INTO chunks_fts (rowid, body) VALUES (?, ?)", [rowid, text])
    vocabulary = Vocabulary()
    vocabulary.refresh(c)
    vocabulary.size = len(texts)
    assert (vocabulary.df("common"), vocabulary.df("middle"), vocabulary.df("rare")) == (13, 4, 1)
    everything = {i for i, _ in keyword_search(c, "common middle rare", limit=50)}
    assert len(everything) == 14
    # 1 + 4 rows fit a budget of 6; "common" (13 rows) is left out
    kept = {i for i, _ in keyword_search(c, "common middle rare", limit=50, vocabulary=vocabulary, max_postings=6)}
    assert kept == {11, 12, 13, 14}
    # however small the budget, the two rarest terms stay
    assert {i for i, _ in keyword_search(c, "common middle rare", limit=50, vocabulary=vocabulary,
                                         max_postings=1)} == kept
    # a budget per term raises it for a query of many terms: 3 terms x 6 rows cover all 18 rows
    assert {i for i, _ in keyword_search(c, "common middle rare", limit=50, vocabulary=vocabulary, max_postings=6,
                                         postings_per_term=6)} == everything
    assert {i for i, _ in keyword_search(c, "common middle rare", limit=50, vocabulary=vocabulary, max_postings=6,
                                         postings_per_term=2)} == kept  # 3 x 2 is below the budget of 6



def test_terms_that_match_nothing_do_not_take_the_two_places_a_budget_always_keeps():
    c = sqlite3.connect(":memory:", isolation_level=None)
    c.executescript("CREATE TABLE documents (id INTEGER PRIMARY KEY, key TEXT); INSERT INTO documents VALUES (1, 'd');")
    ensure_schema(c)
    texts = ["common words"] * 10 + ["common middle"] * 3 + ["other text"] * 5
    for rowid, text in enumerate(texts, 1):
        c.execute("INSERT INTO chunks_fts (rowid, body) VALUES (?, ?)", [rowid, text])
    vocabulary = Vocabulary()
    vocabulary.refresh(c)
    vocabulary.size = len(texts)
    # "zebra" and "unicorn" are in no chunk: the rarest two terms, and yet the query must not come back empty
    assert within_budget(["common", "zebra", "middle", "unicorn"], vocabulary, 1) == \
        ["common", "zebra", "middle", "unicorn"]
    kept = {i for i, _ in keyword_search(c, "common zebra middle unicorn", limit=50, vocabulary=vocabulary,
                                         max_postings=1)}
    assert kept == set(range(1, 14))  # the two rarest that match something: "middle" (3 rows) and "common" (13)
    # "words" (10 rows) is over a budget of 4 but only one term that matches is kept before it: it stays
    assert within_budget(["common", "zebra", "middle", "words"], vocabulary, 4) == ["zebra", "middle", "words"]


def test_terms_by_rarity_keep_the_querys_order_between_equals_and_put_unmatched_terms_first_or_last():
    counts = {"common": 9, "zebra": 0, "rare": 1, "also": 1, "unicorn": 0, "middle": 4}
    terms = ["common", "zebra", "rare", "also", "unicorn", "middle"]
    # the postings budget's order: a term in no chunk costs nothing
    assert by_rarity(terms, counts.__getitem__) == ["zebra", "unicorn", "rare", "also", "middle", "common"]
    # the long query's: a term in no chunk matches nothing
    assert by_rarity(terms, counts.__getitem__, unmatched_last=True) == \
        ["rare", "also", "middle", "common", "zebra", "unicorn"]
    assert by_rarity(reversed(terms), counts.__getitem__, unmatched_last=True) == \
        ["also", "rare", "middle", "common", "unicorn", "zebra"]
    assert by_rarity(["rare", "rare", "zebra"], counts.__getitem__) == ["zebra", "rare", "rare"]  # as given, twice


def test_a_long_query_keeps_its_rarest_terms_not_its_first(monkeypatch):
    c = sqlite3.connect(":memory:", isolation_level=None)
    c.executescript("CREATE TABLE documents (id INTEGER PRIMARY KEY, key TEXT); INSERT INTO documents VALUES (1, 'd');")
    ensure_schema(c)
    texts = ["common words"] * 10 + ["common middle"] * 3 + ["middle rare"]
    for rowid, text in enumerate(texts, 1):
        c.execute("INSERT INTO chunks_fts (rowid, body) VALUES (?, ?)", [rowid, text])
    vocabulary = Vocabulary()
    vocabulary.refresh(c)
    vocabulary.size = len(texts)
    # in the query's order, the rarest that some chunk holds first; "zebra" (no chunk) only after them
    assert rarest_terms(["common", "zebra", "words", "rare", "middle"], vocabulary, 2) == ["rare", "middle"]
    assert rarest_terms(["common", "zebra", "rare"], vocabulary, 3) == ["common", "zebra", "rare"]
    assert rarest_terms(["common", "zebra", "rare"], None, 2) == ["common", "zebra"]
    # a pasted page opening with its commonest words still finds the one chunk its rare word is in
    monkeypatch.setattr("search.keyword.OWN_QUERY_TERMS", 2)
    found = keyword_search(c, "common words middle rare", limit=50, vocabulary=vocabulary)
    assert next(i for i, _ in found) == 14 and {i for i, _ in found} == {11, 12, 13, 14}


def _collection(document_of) -> tuple[sqlite3.Connection, Vocabulary]:  # type: ignore[no-untyped-def]
    """200 chunks matching "delay", ranked by id (the longer the text, the lower its BM25), in two documents."""
    c = sqlite3.connect(":memory:", isolation_level=None)
    c.executescript("CREATE TABLE documents (id INTEGER PRIMARY KEY, key TEXT, language TEXT);"
                    "INSERT INTO documents VALUES (1, 'a', 'en'), (2, 'b', 'en');")
    ensure_schema(c)
    for rowid in range(1, 201):
        text = "delay " + "pad " * rowid
        c.execute("INSERT INTO chunks (id, document_id, doc_hash, kind, text, text_hash) VALUES (?, ?, 'h', 'section',"
                  " ?, 'x')", [rowid, document_of(rowid), text])
        c.execute("INSERT INTO chunks_fts (rowid, body) VALUES (?, ?)", [rowid, text])
    vocabulary = Vocabulary()
    vocabulary.refresh(c)
    return c, vocabulary


@pytest.mark.parametrize(("document", "limit"), [(1, 5), (2, 5), (2, 40), (2, 200)])
def test_a_broad_filter_on_fts5_ranking_gives_what_the_join_gives(document, limit):
    c, vocabulary = _collection(lambda i: 1 if i % 2 else 2)
    where, params = "d.id = ?", [document]
    allowed = np.array([i for i in range(1, 201) if (1 if i % 2 else 2) == document], dtype=np.int64)  # half
    joined = keyword_search(c, "delay", limit=limit, where=where, params=params)
    asked: list[str] = []
    c.set_trace_callback(asked.append)
    shortcut = keyword_search(c, "delay", limit=limit, where=where, params=params, vocabulary=vocabulary,
                              allowed=allowed)
    assert len(joined) == min(limit, 100) and shortcut == joined
    assert not any("JOIN" in sql for sql in asked)  # FTS5 alone answered


def test_a_broad_filter_whose_chunks_rank_low_falls_back_to_the_join():
    # Document 2's chunks all rank below document 1's: the matches fetched hold none of them while more matches
    # remain, so only the join can fill the list.
    c, vocabulary = _collection(lambda i: 1 if i <= 100 else 2)
    asked: list[str] = []
    c.set_trace_callback(asked.append)
    found = keyword_search(c, "delay", limit=10, where="d.id = ?", params=[2], vocabulary=vocabulary,
                           allowed=np.arange(101, 201, dtype=np.int64))
    assert [i for i, _ in found] == list(range(101, 111))
    assert any("ORDER BY rank" in sql for sql in asked) and any("JOIN" in sql for sql in asked)


def test_inside_quotes_are_escaped_in_the_match_expression():
    assert fts_query(['a"b']) == '"a""b"'


def test_snippet_highlights_chinese_and_english():
    text = "供应商接口交付延期五周。The vendor delayed delivery."
    snippet, spans = make_snippet(text, "供应商 延期 delays")
    html = highlight_html(snippet, spans)
    assert "<mark>供应商</mark>" in html and "<mark>延期</mark>" in html and "<mark>delayed</mark>" in html


def test_snippet_marks_numbers_and_words_not_fragments():
    text = "Phase 1 took 10 weeks; the PM's plan saw 14 sprints."
    html = highlight_html(*make_snippet(text, "phase 1 PM's"))
    assert "<mark>1</mark>" in html and "<mark>10</mark>" not in html and "<mark>14</mark>" not in html
    assert "<mark>PM</mark>" in html and "<mark>saw</mark>" not in html and "<mark>sprints</mark>" not in html


def test_snippet_escapes_html_and_picks_the_window_with_matches():
    text = "<b>x</b> " + "filler " * 100 + "the key risk is here " + "tail " * 100
    snippet, spans = make_snippet(text, "risk", width=80)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert [snippet[start:end] for start, end in spans] == ["risk"]
    assert "the key <mark>risk</mark> is here" in highlight_html(snippet, spans)
    assert "&lt;b&gt;" in highlight_html("<b>risk</b>", match_spans("<b>risk</b>", "risk"))


def test_stemming_is_safe_from_many_threads():
    # A snowball stemmer keeps its word in the instance: shared between a server's threads, one thread's word
    # changed under another's feet (IndexError in find_among_b, a 500 under load).
    import threading

    import snowballstemmer

    from search import keyword

    words = [f"{stem}{suffix}{n}" for n in range(400) for stem in ("relation", "condition", "operat", "rational")
             for suffix in ("al", "ional", "izations", "fulness", "iveness", "ing")]
    expected = [snowballstemmer.stemmer("porter").stemWord(w) for w in words]
    keyword._porter.cache_clear()
    results: dict[int, list[str]] = {}
    errors: list[BaseException] = []

    def stem_all(worker: int) -> None:
        try:
            results[worker] = [keyword.Vocabulary.stem(w) for w in words[worker::8]]
        except BaseException as exc:  # noqa: BLE001 (the failure this test looks for)
            errors.append(exc)

    threads = [threading.Thread(target=stem_all, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert all(results[i] == expected[i::8] for i in range(8))


def test_a_keyword_index_made_before_nfkc_is_normalised_by_its_migration():
    c = sqlite3.connect(":memory:", isolation_level=None)
    c.executescript("CREATE TABLE documents (id INTEGER PRIMARY KEY, key TEXT); INSERT INTO documents VALUES (1, 'd');")
    ensure_schema(c)
    c.execute("INSERT INTO chunks (id, document_id, doc_hash, kind, text, text_hash) VALUES (1, 1, 'h', 'section',"
              " '上线ＳＡＰ系统', 'x')")
    c.execute("INSERT INTO chunks_fts (rowid, body) VALUES (1, '上线 ＳＡＰ 系统')")  # as indexed before
    c.execute("DELETE FROM migrations WHERE name = 'search_0003_nfkc_keyword_index'")
    assert keyword_search(c, "SAP", limit=5) == []
    ensure_schema(c)
    assert [i for i, _ in keyword_search(c, "SAP", limit=5)] == [1]
    assert [i for i, _ in keyword_search(c, "上线", limit=5)] == [1]


def test_the_index_holds_dictionary_words_beside_bigrams():
    tokens = index_text("数据库迁移失败").split()
    assert {"数据", "据库", "库迁", "迁移", "移失", "失败"} <= set(tokens)  # every bigram, as before
    assert "数据库" in tokens  # a longer word is a term of its own
    assert tokens.count("迁移") == 2 and tokens.count("库迁") == 1  # a bigram that is a word counts twice
    assert dictionary_words("数据库迁移失败") == ["数据库", "迁移", "失败"]
    assert dictionary_words("险") == [] and index_text("The vendor, 2024.") == "The vendor, 2024."


def _chinese_collection() -> tuple[sqlite3.Connection, Vocabulary]:
    """Chunk 1 holds the bigrams 数据 and 据库 in two runs (数据。据库房), chunk 2 the word 数据库; six fillers."""
    c = sqlite3.connect(":memory:", isolation_level=None)
    c.executescript("CREATE TABLE documents (id INTEGER PRIMARY KEY, key TEXT); INSERT INTO documents VALUES (1, 'd');")
    ensure_schema(c)
    rows = [(1, "收集数据。据库房报告"), (2, "数据库迁移失败，停机两天"), *[(i, f"供应商延期交付第{i}批设备") for i in range(3, 9)]]
    for rowid, text in rows:
        c.execute("INSERT INTO chunks (id, document_id, doc_hash, kind, text, text_hash) VALUES (?, 1, 'h', 'section',"
                  " ?, 'x')", [rowid, text])
        c.execute("INSERT INTO chunks_fts (rowid, body) VALUES (?, ?)", [rowid, index_text(text)])
    vocabulary = Vocabulary()
    vocabulary.refresh(c)
    return c, vocabulary


def test_a_query_matches_the_longer_words_the_index_holds_without_the_dictionary():
    c, vocabulary = _chinese_collection()
    assert vocabulary.words_in("数据库迁移") == ["数据库"]  # 据库迁, 数据库迁 ... are not indexed words
    assert vocabulary.df("数据库") == 1 and vocabulary.df("供应商") == 6
    # bigrams alone rank the shorter chunk first, where 数据 and 据库 only meet across a full stop
    assert keyword_search(c, "数据库", limit=5)[0][0] == 1
    assert [i for i, _ in keyword_search(c, "数据库", limit=5, vocabulary=vocabulary)] == [2, 1]


def test_a_query_never_loads_the_dictionary():
    # Loading jieba's dictionary costs a cold start 1.6 s of CPU: only indexing may load it.
    import subprocess
    import sys

    code = ("import sqlite3, sys\n"
            "from search.schema import ensure_schema\n"
            "from search.keyword import Vocabulary, keyword_search\n"
            "c = sqlite3.connect(':memory:')\n"
            "ensure_schema(c)\n"
            "c.execute(\"INSERT INTO chunks_fts (rowid, body) VALUES (1, '数据 据库 数据库')\")\n"
            "v = Vocabulary(); v.refresh(c)\n"
            "assert keyword_search(c, '数据库迁移', limit=5, vocabulary=v)\n"
            "print('jieba' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_a_keyword_index_of_bigrams_alone_gets_its_words_from_its_migration():
    c = sqlite3.connect(":memory:", isolation_level=None)
    c.executescript("CREATE TABLE documents (id INTEGER PRIMARY KEY, key TEXT); INSERT INTO documents VALUES (1, 'd');")
    ensure_schema(c)
    texts = {1: "数据库迁移失败", 2: "The vendor delayed the database migration."}
    for rowid, text in texts.items():
        c.execute("INSERT INTO chunks (id, document_id, doc_hash, kind, text, text_hash) VALUES (?, 1, 'h', 'section',"
                  " ?, 'x')", [rowid, text])
    c.execute("INSERT INTO chunks_fts (rowid, body) VALUES (1, '数据 据库 库迁 迁移 移失 失败')")  # as indexed before
    c.execute("INSERT INTO chunks_fts (rowid, body) VALUES (2, ?)", [texts[2]])
    c.execute("DELETE FROM migrations WHERE name = 'search_0004_chinese_words_keyword_index'")
    terms = lambda: dict(c.execute("SELECT term, cnt FROM chunks_vocab").fetchall())
    assert "数据库" not in terms()
    ensure_schema(c)
    after = terms()
    assert after["数据库"] == 1 and after["迁移"] == 2 and after["库迁"] == 1 and after["migrat"] == 1
    assert c.execute("SELECT count(*) FROM chunks_fts").fetchone()[0] == 2  # re-indexed, not added twice
    assert [i for i, _ in keyword_search(c, "delayed", limit=5)] == [2]


def test_distinct_terms_are_the_set_of_query_terms() -> None:
    import random

    from search.segment import distinct_terms, query_terms

    rng = random.Random(11)
    alphabet = ["The", "the", "PM's", "won't", "U.S.", "a", "x", "_", "__init__", "风险", "项目管理", "测", "ｓａｐ",
                "２０２４", "Risk", "risks", "İstanbul", "データ", "한국어", "数据库", ",", "。", " ", "\n", "vendor-late"]
    for _ in range(500):
        text = "".join(rng.choice(alphabet) + rng.choice(["", " ", ""]) for _ in range(rng.randrange(0, 40)))
        assert distinct_terms(text) == frozenset(query_terms(text, limit=10_000)), text
    many = " ".join(f"w{i}" for i in range(300))
    assert distinct_terms(many, limit=100) == frozenset(query_terms(many, limit=100))


def test_jiebas_cached_dictionary_is_read_whole_into_the_tables_jieba_reads_from_it(tmp_path):
    # jieba's own initialize unmarshalled its 9 MB cache from the open file, object by object: 1 s of CPU more in
    # every process that segments Chinese. Read whole here, into the same tables; anything else left to jieba.
    import marshal

    import jieba

    from search.segment import read_cached_dictionary

    freq, total = {"项目": 8, "项": 0, "项目经": 0, "项目经理": 5, "经理": 3}, 16
    (tmp_path / "jieba.cache").write_bytes(marshal.dumps((freq, total)))
    ours, theirs = jieba.Tokenizer(), jieba.Tokenizer()
    ours.tmp_dir = theirs.tmp_dir = str(tmp_path)
    assert read_cached_dictionary(ours) and ours.initialized
    theirs.initialize()
    assert (ours.FREQ, ours.total) == (theirs.FREQ, theirs.total) == (freq, total)
    assert ours.lcut("项目经理项目") == theirs.lcut("项目经理项目") == ["项目经理", "项目"]
    assert not read_cached_dictionary(ours)  # loaded already
    other = jieba.Tokenizer()
    other.tmp_dir = str(tmp_path)
    other.cache_file = "mine.cache"  # a cache of its own: jieba's to find
    assert not read_cached_dictionary(other) and not other.initialized
    (tmp_path / "jieba.cache").write_bytes(b"not marshal")
    broken = jieba.Tokenizer()
    broken.tmp_dir = str(tmp_path)
    assert not read_cached_dictionary(broken) and not broken.initialized
    (tmp_path / "jieba.cache").unlink()
    assert not read_cached_dictionary(broken) and not broken.initialized


def test_the_segmenter_reads_jiebas_cache_itself(monkeypatch):
    import jieba

    from search import segment

    calls = []
    monkeypatch.setattr(segment, "_JIEBA", [])
    monkeypatch.setattr(segment, "read_cached_dictionary", calls.append)
    monkeypatch.setattr(jieba, "initialize", lambda: calls.append("jieba's initialize"))
    assert segment._segmenter() is jieba and calls == [jieba.dt, "jieba's initialize"]
