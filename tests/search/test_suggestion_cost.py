"""What 'Did you mean …?' costs, and that it is counted (search/suggestion.py). Its chunks were read through a
temporary fts5vocab table of its own, asked for again at every suggestion beside the BM25 scorer's twin of it; and
the search's took_ms stopped before the suggestion was looked for, its extra search included (the page's "… ms",
/api/search's and ``kb search --json``'s took_ms all read it)."""

from __future__ import annotations

from kb.store import Store
from search import SearchQuery
from search.bm25 import KEYWORD_TABLES
from search.spelling import MAX_CORRECTED_LETTERS, MAX_EDITS, allowed_edits
from search.suggestion import MAX_CORRECTED_WORDS, corrected
from tests.timed_searcher import TimedSearcher


def _temp_tables(store: Store) -> list[str]:
    return [name for (name,) in store.conn.execute("SELECT name FROM temp.sqlite_master WHERE type = 'table'")]


def test_a_connection_makes_the_vocabulary_table_once_and_shares_the_keyword_indexs(indexed):
    store, index, _ = indexed
    vocabulary = index.refresh_vocabulary()
    with Store(store.path) as fresh:  # a connection of its own, as each web request has
        statements: list[str] = []
        fresh.conn.set_trace_callback(statements.append)
        assert corrected("vendr delivred lat", vocabulary, fresh.conn) == "vendor delivered lat"
        assert corrected("Interfce 交付延期", vocabulary, fresh.conn) == "interface 交付延期"
        assert corrected("rehersal", vocabulary, fresh.conn) == "rehearsal"
        fresh.conn.set_trace_callback(None)
        assert sum("CREATE VIRTUAL TABLE" in s for s in statements) == 1
        assert _temp_tables(fresh) == [KEYWORD_TABLES.instance]


def test_took_ms_counts_the_time_the_suggestion_took(indexed):
    _, index, _ = indexed
    searcher = TimedSearcher(index)
    results = searcher.search(SearchQuery("vendr delivred", mode="keyword", suggest=True))
    assert results.suggestion == "vendor delivered"
    assert searcher.counted(results.took_ms)


def test_a_run_of_letters_too_long_for_a_word_is_not_corrected_letter_by_letter(indexed, monkeypatch):
    # a pasted 10,500 "x" had its ~750,000 variants one edit away made and stemmed, 10,000 letters each: minutes of
    # CPU before a search of an empty store answered; a word over MAX_CORRECTED_LETTERS is no word to correct
    from search import keyword

    store, index, _ = indexed
    vocabulary = index.refresh_vocabulary()
    stemmed: list[str] = []
    porter = keyword._porter
    monkeypatch.setattr(keyword, "_porter", lambda word: stemmed.append(word) or porter(word))
    assert corrected("x" * 300 + " vendr", vocabulary, store.conn) == "x" * 300 + " vendor"
    assert len(stemmed) < 2_000  # the 300 letters' variants alone were 16,000
    assert corrected("x" * (MAX_CORRECTED_LETTERS + 1), vocabulary, store.conn) is None
    assert allowed_edits("x" * 10_500) == 0 and allowed_edits("x" * MAX_CORRECTED_LETTERS) == MAX_EDITS


def test_a_long_text_of_unknown_words_looks_for_candidates_of_its_first_few_once_each(indexed, monkeypatch):
    # a pasted page of names and codes looked for every unknown word's candidates, ~75 stems a letter each
    from search import suggestion

    store, index, _ = indexed
    vocabulary = index.refresh_vocabulary()
    looked: list[str] = []
    candidate = suggestion._candidate
    monkeypatch.setattr(suggestion, "_candidate", lambda conn, voc, ix, word, sampled: looked.append(word)
                        or candidate(conn, voc, ix, word, sampled))
    unknown = [f"zq{a}{b}wk" for a in "bcdfghjklm" for b in "bcdfghjklm"]  # 100 words no chunk holds
    text = "vendr " + " ".join(unknown) + " vendr vendr delivred"
    assert corrected(text, vocabulary, store.conn) == "vendor " + " ".join(unknown) + " vendor vendor delivred"
    assert looked == ["vendr", *unknown[:MAX_CORRECTED_WORDS - 1]]
