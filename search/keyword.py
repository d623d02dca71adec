"""BM25 keyword search over the chunks' FTS5 index; user text never reaches FTS5 unquoted."""

from __future__ import annotations

import functools
import itertools
import re
import sqlite3
import threading
from collections.abc import Callable, Collection, Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

from kb.sql import placeholders
from kb.text import HAN
from search.forward import in_sorted
from search.long_query import MAX_QUERY_CHARS
from search.query_marks import cut
from search.ranked import Ranked
from search.segment import (
    EN_REQUEST_WORDS,
    MAX_QUERY_TERMS,
    cjk_bigrams,
    content_word,
    fts_query,
    normal,
    query_terms,
)

if TYPE_CHECKING:
    from search.bm25 import MemoryBM25

_CJK = re.compile(f"[{HAN}]+")
_WORD = re.compile(r"[a-z0-9]+")
MIN_COMMON = 2000
LONGEST_WORD = 8  # the longest part of a Chinese query looked up as an indexed dictionary word
CACHE_TERMS = 60_000  # terms whose frequencies are kept between queries (about 10 MB; search/feedback.py)
HOLDING_CHUNKS = 2000  # a keyword leg's chunks asked whether they hold a one-word query (kb eval's find 1,000)
BROAD_FILTER = 0.2  # a filter allowing at least this share of the chunks is applied to FTS5's own ranking
BROAD_OVERFETCH = 1.5  # matches fetched per wanted one, over the filter's share, before asking SQLite to join
# FTS5 ranking its matches alone (BM25, sorted inside the module): several times faster than a joined sort
_RANKED = "SELECT rowid, -rank FROM {0} WHERE {0} MATCH ? ORDER BY rank LIMIT ?"
KEYWORD_TABLE = "chunks_fts"
# terms of a query read before its rarest OWN_QUERY_TERMS are kept: every one of the longest query search reads (a
# term is at least two characters, or a Chinese bigram, one a character; a whole English lesson has a few hundred)
QUERY_TERMS_READ = MAX_QUERY_CHARS
OWN_QUERY_TERMS = 128  # terms the user's own query keeps (an expansion: MAX_QUERY_TERMS, then its rarest)


def keyword_search(conn: sqlite3.Connection, query: str, *, limit: int, **options: Any) -> list[tuple[int, float]]:
    """Chunk ids and BM25 scores (higher is better) for a query, best first: ``keyword_ranked``'s (its arguments)
    as (id, score) pairs."""
    return keyword_ranked(conn, query, limit=limit, **options).pairs()


def keyword_ranked(conn: sqlite3.Connection, query: str, *, limit: int, where: str = "",
                   params: list[object] | None = None, vocabulary: Vocabulary | None = None,
                   common_share: float = 1.0, max_terms: int | None = None,
                   exclude: Collection[int] = (), max_postings: int | None = None,
                   allowed: np.ndarray | None = None, scorer: MemoryBM25 | None = None,
                   postings_per_term: int = 0, table: str = KEYWORD_TABLE) -> Ranked:
    """Chunk ids and BM25 scores (higher is better) for a query, best first, as arrays.

    Args:
        conn: the store's connection.
        query: what the user typed; it is segmented, quoted term by term, and OR-ed: its words and Chinese bigrams,
            and, with a vocabulary, the parts of its Chinese of three characters or more that the index holds as
            dictionary words.
        limit: how many chunks at most.
        where: extra SQL conditions on ``c`` (chunks) and ``d`` (documents) for filters.
        params: parameters of ``where``.
        vocabulary: document frequencies; with ``common_share`` < 1, terms found in more than that share of
            chunks are left out (they cost the most and weigh the least), keeping at least the two rarest.
        max_terms: keep only this many terms, the rarest (for long expansion queries).
        exclude: chunk ids never returned (hidden lessons), for searches without ``where``.
        max_postings: with a vocabulary, keep the rarest terms while the rows they match (summed) stay within
            this budget, at least the rarest two: BM25 time grows with the rows matched, and the commonest
            terms, which match the most, weigh the least.
        postings_per_term: raise ``max_postings`` to this many rows per term the query keeps up to that point: a
            long query (a paragraph) spends more, and keeps more of its words.
        allowed: the chunk ids ``where`` allows, sorted (as the vector search gets them), if known. When they are
            a large share of the collection, FTS5 ranks its matches alone and the filter is applied to its
            ranking, at a fraction of the join's cost (a language filter that keeps most of a 100k collection:
            about 25 ms a query through the join). The result is the join's, except for the order of equal
            scores, and while an ingest's chunks are committed but not yet in the index (the ids come from the
            forward index, which follows the index file): those new chunks are left out, as the results page
            leaves them out until the sync ends anyway.
        scorer: FTS5's ranking computed in memory (search/bm25.py: the same scores and order, several times
            faster for queries of many terms), for the searches FTS5 ranks alone; FTS5 answers what it cannot.
        table: another FTS5 table of the same tokenizer whose rowids are chunk ids (the chunks' translations,
            search/translated_index.py), with its own scorer if any; the vocabulary is the keyword index's, so
            give none.
    """
    terms = read_terms(query, vocabulary)
    # the user's own words: the rarest; an expansion's (translations, feedback terms): the first, then its rarest
    terms = rarest_terms(terms, vocabulary, OWN_QUERY_TERMS) if max_terms is None else terms[:MAX_QUERY_TERMS]
    if vocabulary is not None and vocabulary.size and max_terms is None:  # the user's own words, not expansions
        terms = _single_characters_expanded(terms, vocabulary)
    if vocabulary is not None and common_share < 1 and vocabulary.size:
        limit_df = vocabulary.common_limit(common_share)
        kept = [t for t in terms if vocabulary.df(t) <= limit_df]
        terms = kept if kept else by_rarity(terms, vocabulary.df)[:2]
    if max_terms is not None and len(terms) > max_terms:
        rarest = set(by_rarity(terms, vocabulary.df)[:max_terms]) if vocabulary is not None else set(terms[:max_terms])
        terms = [t for t in terms if t in rarest]
    if max_postings is not None and vocabulary is not None:
        terms = within_budget(terms, vocabulary, max_postings, postings_per_term)
    if not terms:
        return Ranked.empty()
    if not where:
        # FTS5 sorts by its own rank (BM25) inside the module when nothing else is joined: several times faster
        # on large collections than sorting the joined rows.
        found = _ranked(conn, terms, limit + len(exclude), scorer, table)
        if exclude:
            kept = ~np.isin(found.ids, np.fromiter(exclude, dtype=np.int64, count=len(exclude)))
            found = Ranked(found.ids[kept], found.scores[kept])
        return found.head(limit)
    if allowed is not None and vocabulary is not None and vocabulary.size \
            and len(allowed) >= BROAD_FILTER * vocabulary.size:
        within = _ranked_within(conn, terms, limit, allowed, len(allowed) / vocabulary.size, scorer, table)
        if within is not None:
            return within
    sql = (f"SELECT c.id, -bm25({table}) AS score FROM {table} JOIN chunks c ON c.id = {table}.rowid"
           " JOIN documents d ON d.id = c.document_id"
           f" WHERE {table} MATCH ? AND {where} ORDER BY bm25({table}) LIMIT ?")
    return Ranked.of(conn.execute(sql, [fts_query(terms), *(params or []), limit]).fetchall())


def holding_every_term(conn: sqlite3.Connection, text: str, chunk_ids: Collection[int],
                       is_word: Callable[[str], bool] | None = None, scorer: MemoryBM25 | None = None) -> set[int]:
    """Those of these chunks (a keyword leg's, so within the query's scope) that hold every word of the query
    (``whole_words``): the relevance floor's gate for a word or two, and the documents a short query names outright
    (search/relevance.py). None of them when the query has no word to search (all question words or particles).

    A query of one term is asked of these chunks alone (a common word is in tens of thousands of others); of several,
    the whole index is asked: its chunks holding them all are few, and FTS5 finds them faster than it tests each of these
    (a 30-word query: 0.8 ms against 116 ms, llis-known-dev's median). With a ``scorer`` whose postings are all in
    memory (a warmed server's, search/bm25.py), each chunk is looked up in its terms' postings instead, with the same
    answer (1.2-1.8 ms of FTS5 a hybrid search at 100k chunks: s-lat40)."""
    terms = whole_words(text, is_word)
    if not terms or not chunk_ids:
        return set()
    asked = list(chunk_ids)[:HOLDING_CHUNKS] if len(terms) == 1 else list(chunk_ids)
    held = scorer.holding(conn, terms, asked) if scorer is not None else None
    if held is not None:
        return held
    match = " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)
    if len(terms) == 1:
        sql = f"SELECT rowid FROM {KEYWORD_TABLE} WHERE {KEYWORD_TABLE} MATCH ? AND rowid IN ({placeholders(asked)})"
        return {row[0] for row in conn.execute(sql, [match, *asked])}
    found = set(asked)
    return {row[0] for row in conn.execute(f"SELECT rowid FROM {KEYWORD_TABLE} WHERE {KEYWORD_TABLE} MATCH ?", [match])
            if row[0] in found}


def whole_words(text: str, is_word: Callable[[str], bool] | None = None) -> list[str]:
    """The terms a chunk must hold to hold every word of a query: its terms (``query_terms``: bigrams of its Chinese,
    no question word), less the bigrams across two words of two characters or more as ``is_word`` (the translator's
    dictionary) cuts it: 供应商交付 asks for 供应, 应商 and 交付, not 商交, which only the phrase itself holds. A bigram
    touching a single character stays (这个酒多少钱 keeps 个酒 and 酒多: 酒 is held by no other term). An English
    question's request words are left out when other words remain (search/segment.py, ``EN_REQUEST_WORDS``: "how to
    avoid scope creep" asks for scope and creep; "fix" alone asks for fix)."""
    terms = query_terms(text)
    asked = [t for t in terms if t not in EN_REQUEST_WORDS]
    terms = asked or terms
    if is_word is None:
        return terms
    across: set[str] = set()
    for run in _CJK.findall(normal(text)):
        words = cut(run, is_word)
        ends = list(itertools.accumulate(len(w) for w in words))
        across.update(run[end - 1:end + 1] for left, right, end in zip(words, words[1:], ends)
                      if len(left) >= 2 and len(right) >= 2)
    return [t for t in terms if t not in across]


def read_terms(query: str, vocabulary: Vocabulary | None) -> list[str]:
    """A query's distinct terms as the keyword leg reads them, before it keeps the rarest ``OWN_QUERY_TERMS``: its
    words and Chinese bigrams (search/segment.py), then the dictionary words the collection holds (not 怎么办)."""
    terms = query_terms(query, QUERY_TERMS_READ)
    if vocabulary is not None and vocabulary.size:
        seen = set(terms)
        terms = terms + [w for w in vocabulary.words_in(query) if w not in seen and content_word(w)]
    return terms


def rarest_terms(terms: list[str], vocabulary: Vocabulary | None, limit: int) -> list[str]:
    """At most ``limit`` of a query's terms, in their order: the rarest in the collection that some chunk holds,
    then those no chunk holds (they match nothing). A pasted page has hundreds of terms; its first ones say what
    it opens with (a title, a summary), its rarest what it is about, wherever they stand (BENCHMARKS.md, "Long
    queries (s-long)"). Without a vocabulary: the first ``limit``."""
    if len(terms) <= limit:
        return terms
    if vocabulary is None or not vocabulary.size:
        return terms[:limit]
    frequencies = dict(zip(terms, vocabulary.dfs(terms)))  # hundreds of terms: looked up at once
    kept = set(by_rarity(terms, frequencies.__getitem__, unmatched_last=True)[:limit])
    return [t for t in terms if t in kept]


def by_rarity(terms: Iterable[str], count: Callable[[str], int], *, unmatched_last: bool = False) -> list[str]:
    """Terms from the rarest to the commonest by ``count`` (the chunks that hold one, ``Vocabulary.df``, or the rows
    FTS5 reads to match it, ``Vocabulary.postings``), terms of one count in the order given (the query's). A term
    counted 0, in no chunk, comes first (it costs nothing), or last with ``unmatched_last`` (it matches nothing: a
    query keeps it only after the terms that match something)."""
    if unmatched_last:
        return sorted(terms, key=lambda t: (count(t) == 0, count(t)))
    return sorted(terms, key=count)


def within_budget(terms: list[str], vocabulary: Vocabulary, max_postings: int, postings_per_term: int = 0
                  ) -> list[str]:
    """The rarest terms, in their order, while the rows they match (summed) stay within ``max_postings`` (raised to
    ``postings_per_term`` rows per term kept), at least the rarest two that match something (``keyword_search``):
    terms in no chunk cost nothing and are kept, but do not count as those two (else a query whose two rarest terms
    are in no chunk would keep only them, and find nothing, however many chunks its other words are in)."""
    if not vocabulary.size or len(terms) <= 2:
        return terms
    max_postings = max(max_postings, postings_per_term * len(terms))
    kept_terms: set[str] = set()
    spent = matching = 0
    for term in by_rarity(terms, vocabulary.postings):
        postings = vocabulary.postings(term)
        spent += postings
        if spent > max_postings and matching >= 2:
            break
        kept_terms.add(term)
        matching += postings > 0
    return [t for t in terms if t in kept_terms]


def _single_characters_expanded(terms: list[str], vocabulary: Vocabulary) -> list[str]:
    """Terms with each lone Chinese character (a one-character query, or one between punctuation) replaced by the
    character itself and the indexed bigrams that contain it."""
    if not any(len(t) == 1 and _CJK.match(t) for t in terms):
        return terms
    out: list[str] = []
    for term in terms:
        out.append(term)
        if len(term) == 1 and _CJK.match(term):
            out.extend(b for b in vocabulary.bigrams_with(term, MAX_QUERY_TERMS) if b not in out)
    return out[:MAX_QUERY_TERMS * 2]


def _ranked(conn: sqlite3.Connection, terms: list[str], limit: int,
            scorer: MemoryBM25 | None, table: str = KEYWORD_TABLE) -> Ranked:
    """FTS5's own ranking of the terms OR-ed, its first ``limit``: from the in-memory scorer if it can answer."""
    found = scorer.top_arrays(conn, terms, limit) if scorer is not None else None
    if found is not None:
        return Ranked(*found)
    return Ranked.of(conn.execute(_RANKED.format(table), [fts_query(terms), limit]).fetchall())


def _ranked_within(conn: sqlite3.Connection, terms: list[str], limit: int, allowed: np.ndarray,
                   share: float, scorer: MemoryBM25 | None = None, table: str = KEYWORD_TABLE) -> Ranked | None:
    """FTS5's own ranking of the terms, kept to the ``allowed`` ids (sorted); None when the matches fetched run
    out of allowed ones before ``limit`` while more matches remain (then only the join can tell)."""
    fetch = int(limit / min(share, 1.0) * BROAD_OVERFETCH) + 10
    rows = _ranked(conn, terms, fetch, scorer, table)
    _, found = in_sorted(allowed, rows.ids)
    if int(found.sum()) >= limit or len(rows) < fetch:
        return Ranked(rows.ids[found], rows.scores[found]).head(limit)
    return None


def chunks_version(conn: sqlite3.Connection) -> tuple[int, int]:
    """A marker that changes when chunks are added or removed (largest id, count), for when there is no index file."""
    return tuple(conn.execute("SELECT coalesce(max(id), 0), count(*) FROM chunks").fetchone())  # type: ignore[return-value]


class Vocabulary:
    """Document frequencies of the keyword index's terms, loaded once and reloaded when the chunks change.

    Used to pick translations that occur in the collection and to weigh feedback terms.
    """

    def __init__(self, table: str = "chunks_vocab") -> None:
        self.table = table  # an fts5vocab 'row' table: the keyword index's, or the chunks' translations'
        # term -> chunks, and a cache of term -> (df, postings); replaced together on reload
        self._state: tuple[dict[str, int], dict[str, tuple[int, int]]] = ({}, {})
        self._version: object = None
        self._lock = threading.Lock()
        self.size = 0

    def refresh(self, conn: sqlite3.Connection, version: object = None) -> None:
        """Reload if the chunks changed since the last load.

        Args:
            conn: the store's connection.
            version: a cheap marker that changes whenever the chunks do (the index file's mtime); when
                None, the chunk count and largest id are used.
        """
        if version is None:
            version = chunks_version(conn)
        if version == self._version:
            return
        with self._lock:
            self._state = ({term: int(doc) for term, doc in conn.execute(f"SELECT term, doc FROM {self.table}")}, {})
            self.size = int(conn.execute("SELECT count(*) FROM chunks").fetchone()[0])
            self._version = version

    def terms(self) -> dict[str, int]:
        """Every term with its document frequency; a reload replaces the dict (never changes it), so its identity
        marks the vocabulary's version (search/suggestion.py builds its spelling index once per version)."""
        return self._state[0]

    def bigrams_with(self, character: str, limit: int) -> list[str]:
        """The index's Chinese bigrams that contain a character, commonest first: what a one-character query
        matches inside longer text (the index holds bigrams, so the character alone matches only where it stands
        alone). A scan of the vocabulary: 1.4 ms at 100k chunks (45,010 terms), for these rare queries only."""
        frequencies = self._state[0]
        found = [t for t in frequencies if len(t) == 2 and character in t]
        return sorted(found, key=lambda t: -frequencies[t])[:limit]

    def words_in(self, text: str) -> list[str]:
        """The parts of a text's Chinese runs, three to ``LONGEST_WORD`` characters long, that the index holds as
        terms: the dictionary words of three characters or more that the documents use (the index holds no other
        Chinese terms that long), found without loading the dictionary. Two-character words are bigrams already."""
        frequencies = self._state[0]
        found: list[str] = []
        for run in _CJK.findall(normal(text)):
            for length in range(3, min(len(run), LONGEST_WORD) + 1):
                for start in range(len(run) - length + 1):
                    part = run[start:start + length]
                    if part in frequencies and part not in found:
                        found.append(part)
        return found

    def common_limit(self, share: float) -> float:
        """The document frequency above which a term counts as common (never below MIN_COMMON chunks, so
        small collections keep every term)."""
        return max(share * self.size, MIN_COMMON)

    def df(self, term: str) -> int:
        """Chunks containing a term: a Chinese word (as indexed, or else its rarest bigram), an English word or a
        phrase (rarest word)."""
        return self._counts(term)[0]

    def dfs(self, terms: Iterable[str]) -> list[int]:
        """``df`` of each term, in order (for the hundreds of terms of feedback, without a call per term)."""
        cache, counts = self._state[1], self._counts
        return [(cache.get(term) or counts(term))[0] for term in terms]

    def postings(self, term: str) -> int:
        """Rows FTS5 reads to match a term: the document frequencies of all its tokens, summed."""
        return self._counts(term)[1]

    def _counts(self, term: str) -> tuple[int, int]:
        frequencies, cache = self._state  # one read, so a reload in another thread never mixes the two
        cached = cache.get(term)
        if cached is not None:
            return cached
        if term in frequencies and _CJK.fullmatch(term):  # a bigram or a dictionary word, indexed as it is
            found = (frequencies[term], frequencies[term])
        else:
            counts: list[int] = []
            for run in _CJK.findall(term):
                counts.extend(frequencies.get(gram, 0) for gram in cjk_bigrams(run))
            for word in _WORD.findall(term.lower()):
                counts.append(frequencies.get(self.stem(word), 0))
            found = (min(counts), sum(counts)) if counts else (0, 0)
        if len(cache) >= CACHE_TERMS:
            cache.clear()  # bounded memory; frequent terms come back soon after
        cache[term] = found
        return found

    @staticmethod
    def stem(word: str) -> str:
        """The Porter stem, as FTS5's porter tokenizer stores it."""
        return _porter(word)


@functools.lru_cache(maxsize=200_000)
def _porter(word: str) -> str:
    return _stemmer().stemWord(word)


_LOCAL = threading.local()


def _stemmer():  # type: ignore[no-untyped-def]
    """This thread's stemmer: a snowball stemmer holds the word it works on, so threads must not share one."""
    stemmer = getattr(_LOCAL, "stemmer", None)
    if stemmer is None:
        import snowballstemmer

        stemmer = _LOCAL.stemmer = snowballstemmer.stemmer("porter")
    return stemmer
