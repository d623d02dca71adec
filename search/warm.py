"""What a long-running process (``kb serve``'s workers) loads once, before its first search.

Left to themselves, the first searches of a process load the model, the vector index, the forward index, the
vocabulary, the dictionary and its score table; read the BM25 postings of every term they use (search/bm25.py:
term by term in a large collection, all at once from the fourth search in a small one), and, where the
document-side translations leg runs, the postings of the chunks' translations; and, in a small bilingual
collection, take every chunk's feedback terms (search/feedback.py: about 2.5 s of CPU for the shipped corpus on a
loaded 2-core machine, paid by the first search page a reader opened after a start); and embed the words that score
a query's translations (the first search of a query with "delayed" or "延期" to score: one more model call).
``warm_up`` does all of that
on the index it is given, which must be the one the searches will use: the web app's (web/server.py) or the
benchmark's (benchmarks/search_bench.py, which calls this same function before timing a started server). Nothing
here depends on a query: what is left for a query's first search is its own words (their tokens, translations and
snippet patterns), and its English words in a form the dictionary does not list ("tests": a short model call).
"""

from __future__ import annotations

import time

from search.index import SearchIndex
from search.query import SearchQuery
from search.searcher import Searcher
from search.translated_index import is_enabled
from search.vector_index import IndexMismatch

WARM_QUERY = "供应商 vendor"  # one search in each language, through every leg, compiles what is left


def warm_up(index: SearchIndex) -> dict[str, float]:
    """Load everything a search of ``index`` reads that does not depend on the query. Returns the seconds each
    part took (for the benchmark's report).

    An index built with another model (IndexMismatch) is left cold: the pages say what is wrong, and keyword
    search still works.
    """
    took: dict[str, float] = {}
    if not index.chunk_count():
        return took

    def timed(name: str, load: object) -> None:
        started = time.perf_counter()
        load()  # type: ignore[operator]
        took[name] = time.perf_counter() - started

    timed("forward index", index.chunk_facts)
    timed("vocabulary", index.refresh_vocabulary)
    timed("keyword postings", index.load_postings)
    timed("feedback terms", index.feedback_term_sets)
    if translations_leg_runs(index):
        timed("translation postings", index.load_translation_postings)
    try:
        timed("vector index", index.vectors)
        timed("cosine spread", index.cosine_spread)  # measured here if the index's sidecar is older than it
        timed("model", index.embedder)
        timed("translation words", lambda: keep_translation_words(index))
        timed("search", lambda: Searcher(index).search(SearchQuery(WARM_QUERY)))
    except IndexMismatch:
        pass
    return took


def translations_leg_runs(index: SearchIndex) -> bool:
    """Whether searches of ``index`` can run the document-side translations leg (search/translated_index.py): the
    leg on, in a collection that holds text (its chunks' translations are kept in one language or two)."""
    return is_enabled(index.settings) and any(index.chunk_facts().language_counts().values())


def keep_translation_words(index: SearchIndex) -> int:
    """Embed every word that can score a translation in this collection (search/translation_scores.py, ``model_words``),
    and keep them: no search embeds anything but its query then. Returns how many were embedded (none when the
    model scores no translations, or the shipped score table is another model's: every pair would be the model's).

    At 102,590 chunks 4,018 words (2,606 Chinese, 1,412 English), 8 MB: 18 s at load 10, most of it the model's,
    on one BLAS thread, which a loaded machine runs several times faster than two (12.7 against 49.1 s; s-lat5).
    """
    from search.embedder import is_multilingual
    from search.translation_scores import ScoreTable, model_words, scores_path

    model = index.model
    if index.settings.translation_min_similarity <= 0 or not is_multilingual(model) \
            or ScoreTable.model_of(scores_path()) != model:
        return 0
    words = model_words(ScoreTable.read(scores_path()), index.refresh_vocabulary().df)
    return index.embedder().keep_words(words, threads=1)


__all__ = ["WARM_QUERY", "keep_translation_words", "translations_leg_runs", "warm_up"]
