"""Document-side translation: each chunk's words in the other language, kept with the index and searched as one
more leg of a hybrid query across languages.

At index time every chunk's text goes through the dictionary translation a query goes through (the glossary and
CC-CEDICT, English words' translations scored by the model, those the collection holds: ``Translator.terms``), and
the translated words are stored, as the keyword index stores text, in an FTS5 table of their own
(``chunks_translated``, rowid = chunk id). A query's own words are then searched there with BM25: a Chinese query
meets the English chunks through their Chinese translations, an English query the Chinese chunks through their
English ones. It is the query translation's mirror image: the query's words are searched as typed, and each chunk's
words, translated in the context of the whole chunk, carry the chunk across.

The leg runs only where the first fused chunks (the ten the feedback leg reads) are mostly in the other language
(``document_translation_gate``): a query the other language answers. The table is filled by ``SearchIndex.sync``
when ``document_translation_weight`` is above 0, and emptied with the chunks it belongs to. In a collection of two
languages a chunk keeps the translations the collection holds, as a query's translation does; in a collection of one
language (English lessons a Chinese PMO asks in Chinese) there is no vocabulary of the other language to keep them
by, so a chunk keeps every dictionary translation (best first, as scored, by the shipped score table alone: no word is
embedded): on xling-dev, 80 Chinese questions over 2,102 English NASA lessons, the leg lifts the hybrid's nDCG@10 from
0.565 to 0.596, at 3.6 ms of CPU a chunk and 2.5 KB a chunk of database (BENCHMARKS.md, "A real cross-language
development set (s-xdev)"). A same-language query never runs the leg, so a collection of one language ranks its own
language's queries as before.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.sql import placeholders
from search.bm25 import MemoryBM25, Tables
from search.keyword import Vocabulary, keyword_search, within_budget
from search.segment import index_text, query_terms

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from kb.settings import Settings
    from search.index import SearchIndex
    from search.legs import Scope
    from search.translate import Memo, Similarity, Translator
    from search.translation_scores import ScoreTable

TABLE = "chunks_translated"  # made by migration search_0007 (search/schema.py)
VOCABULARY_TABLE = "chunks_translated_vocab"  # its terms' document frequencies (search_0008)
LEG = "document_translation"
TRANSLATION_TABLES = Tables(TABLE, VOCABULARY_TABLE, "kb_translated_instance")  # for its in-memory BM25
BATCH = 500  # chunks translated and written per transaction
# The rules a chunk's translation is made by: raised when they change what a chunk translates to (2: an English
# -ed/-ing word takes only its stem's verb senses; 3: a plural reaches its glossary entry; 4: an English word's
# translations of its own senses before those of a longer sense it is part of; 5: senses out of today's usage not
# read; 6: a proper noun translated by its name; 7: PM terms in the glossary; 8: an English word reaches an entry
# through any of its senses, a Chinese word takes its commonest reading, grammar senses not read, irregular and
# doubled-consonant verb forms reach their base, a word whose own sense is a character reads no longer sense), so
# that a sync of an index made by older rules makes every chunk's translation again (the sidecar's
# ``translation_version``), as a new PARSER_VERSION re-reads documents.
TRANSLATION_VERSION = 8
ONE_LANGUAGE_RULES = 1000  # added to the version in a collection of one language (``translation_rules``)
# A chunk's English words keep the dictionary translations the model scores at least this (or the query's floor,
# ``translation_min_similarity``, where that is higher): at the query's 0.55 the English lessons' translations took
# more wrong senses and xling-dev lost two questions' lessons from first place (BENCHMARKS.md, "Cross-language
# recall (s-cross4)").
DOCUMENT_MIN_SIMILARITY = 0.6


def holds_two_languages(chunk_languages: Mapping[str, int]) -> bool:
    """Whether a collection's chunks are in more than one language (zh, en, mixed): only then does it hold a
    vocabulary of the other language that a chunk's translations can be kept to."""
    return sum(1 for count in chunk_languages.values() if count > 0) > 1


def translation_rules(chunk_languages: Mapping[str, int]) -> int:
    """The rules a collection's chunks are translated by, as the sidecar records them: ``TRANSLATION_VERSION`` in a
    collection of two languages, ``ONE_LANGUAGE_RULES`` more in a collection of one (every dictionary translation
    kept), so that a collection gaining or losing its second language has every translation made again."""
    return TRANSLATION_VERSION + (0 if holds_two_languages(chunk_languages) else ONE_LANGUAGE_RULES)


def other_language_share(query_language: str, chunk_languages: Sequence[str | None]) -> float:
    """The share of some chunks (the first fused) whose document is not in the query's language (mixed and unknown
    count as other); 0 for none."""
    if not chunk_languages:
        return 0.0
    return sum(1 for language in chunk_languages if language != query_language) / len(chunk_languages)


def is_enabled(settings: Settings) -> bool:
    """Whether the leg is on (and the index keeps the chunks' translations)."""
    return settings.document_translation_weight > 0


def translation_tools(index: SearchIndex, settings: Settings, scored: bool = True
                      ) -> tuple[Translator, Similarity | None, ScoreTable | None]:
    """The translator, how translations are scored (None: not at all), and the shipped table if it was made with
    the index's model (the model scores what the table lacks, loaded only then): the same for a query and a chunk.

    Args:
        settings: the searcher's settings (the glossary, ``translation_min_similarity``).
        scored: let the model score English words' dictionary translations; False when the model cannot be used.
    """
    from search.embedder import is_multilingual
    from search.translate import get_translator
    from search.translation_scores import builtin_scores

    cache = index.lookup_cache()
    translator = get_translator([Path(settings.glossary)] if settings.glossary else [], cache)
    if not scored or settings.translation_min_similarity <= 0 or not is_multilingual(index.model):
        return translator, None, None

    def live(pairs: list[tuple[str, list[str]]]) -> list[list[float]]:
        index.recall_words([w for word, candidates in pairs for w in (word, *candidates)])  # the store's, if any
        return index.embedder().word_similarity(pairs)

    table = builtin_scores(index.model, cache)
    return translator, (table.with_fallback(live) if table else live), table


def translate_missing(index: SearchIndex, progress: Callable[[int], Any] | None = None, *,
                      every_translation: bool = False) -> int:
    """Translate every chunk that has no row in the table yet (all of them after a reindex, the new ones after an
    ingest), in batches of one transaction each; returns how many. Translations keep the words the collection holds
    at that moment (its vocabulary, read afresh here), as a query's do; with ``every_translation`` (a collection of
    one language, which holds none of them) every dictionary translation, scored by the shipped table alone
    (``ScoreTable.by_forms``: every sense of every word would have the model embed some 3 words a chunk).

    The English words' translations are scored for a whole batch at once (``batch_scores``): one model call embeds
    the words of its chunks that the shipped score table lacks, and a word scored once is not scored again in the
    sync; the words' vectors are kept in the store's embedding cache, so a reindex or a later sync does not embed
    them again. A chunk's translation is what it would be alone: a word's dictionary translations, and so its
    scores, do not depend on the chunk it is in."""
    conn = index.store.conn
    missing = [row[0] for row in conn.execute(
        f"SELECT id FROM chunks WHERE id NOT IN (SELECT rowid FROM {TABLE}) ORDER BY id")]
    if not missing:
        return 0
    translator, similarity, table = translation_tools(index, index.settings)
    if every_translation and table is not None:  # every dictionary sense: the model would embed ~3 words a chunk
        similarity, table = table.with_fallback(table.by_forms), None
    vocabulary = Vocabulary()
    vocabulary.refresh(conn, object())
    doc_freq = _held if every_translation else vocabulary.df
    floor = max(index.settings.translation_min_similarity, DOCUMENT_MIN_SIMILARITY)
    scores: dict[str, list[float]] = {}  # an English word's scores, for its translations in the collection
    memo: Memo = {}  # an English word's translations in the collection (Translator.terms)

    def embed(pairs: list[tuple[str, list[str]]]) -> None:  # what the model scores live, embedded ahead
        index.embed_words(table.unscored(pairs) if table else
                          list(dict.fromkeys(w for word, candidates in pairs for w in (word, *candidates))))

    bar = progress(len(missing)) if progress else None
    for start in range(0, len(missing), BATCH):
        part = missing[start:start + BATCH]
        rows = conn.execute(f"SELECT id, text FROM chunks WHERE id IN ({placeholders(part)})",
                            part).fetchall()
        known = batch_scores(translator, [text for _, text in rows], doc_freq, similarity, scores,
                             None if every_translation else embed, memo)
        bodies = [(chunk, index_text(" ".join(translator.terms(text, doc_freq, similarity=known,
                                                                min_similarity=floor, memo=memo))))
                  for chunk, text in rows]
        with index.store.transaction():
            conn.executemany(f"INSERT INTO {TABLE} (rowid, body) VALUES (?, ?)", bodies)
        if bar is not None:
            bar.update(len(part))
    if bar is not None:
        bar.close()
    return len(missing)


def _held(term: str) -> int:
    """Every translation counts as held (a collection of one language: ``translate_missing``)."""
    return 1


def batch_scores(translator: Translator, texts: Sequence[str], doc_freq: Callable[[str], int],
                 similarity: Similarity | None, scores: dict[str, list[float]],
                 embed: Callable[[list[tuple[str, list[str]]]], object] | None = None,
                 memo: Memo | None = None) -> Similarity | None:
    """Score the English words of some texts against their dictionary translations in one call of ``similarity``
    (those ``scores`` does not hold yet, which it then does: word -> its translations' scores, in the order
    ``translator.scored_pairs`` gives them), and return a similarity answering from ``scores``: the same figures
    for ``translator.terms`` as ``similarity`` would give it text by text, without a model call a text.

    A word's translations are fixed for a sync (the dictionary's, those ``doc_freq`` holds), so a word's scores are
    too; a pair ``scores`` lacks all the same (none should) goes to ``similarity``. ``embed``, given the pairs
    to score first, can embed what the model will be asked (``SearchIndex.embed_words``: from the store's cache);
    ``memo`` keeps the words' translations for ``Translator.terms`` (the same ``doc_freq``), looked up once."""
    if similarity is None:
        return None
    pairs: dict[str, list[str]] = {}
    for text in texts:
        for word, candidates in translator.scored_pairs(text, doc_freq, memo):
            if word not in scores and word not in pairs:
                pairs[word] = candidates
    if pairs:
        if embed is not None:
            embed(list(pairs.items()))
        scores.update(zip(pairs, similarity(list(pairs.items()))))
    held = similarity

    def known(asked: list[tuple[str, list[str]]]) -> list[list[float]]:
        if all(word in scores and len(scores[word]) == len(candidates) for word, candidates in asked):
            return [scores[word] for word, _ in asked]
        return held(asked)
    return known


def untranslated_count(conn: sqlite3.Connection) -> int:
    """How many chunks have no row in the translations table (``kb check``: a sync translates them)."""
    return conn.execute(f"SELECT count(*) FROM chunks WHERE id NOT IN (SELECT rowid FROM {TABLE})").fetchone()[0]


def delete_translations(conn: sqlite3.Connection, ids: Sequence[int] | None = None) -> int:
    """Remove some chunks' translations (all of them when ``ids`` is None), inside the caller's transaction; returns
    how many there were."""
    if ids is None:
        return conn.execute(f"DELETE FROM {TABLE}").rowcount
    removed = 0
    for start in range(0, len(ids), 500):
        part = list(ids[start:start + 500])
        removed += conn.execute(f"DELETE FROM {TABLE} WHERE rowid IN ({placeholders(part)})", part).rowcount
    return removed


def search_translations(conn: sqlite3.Connection, text: str, scope: Scope, depth: int,
                        vocabulary: Vocabulary | None = None, budget: int = 0,
                        scorer: MemoryBM25 | None = None) -> list[tuple[int, float]]:
    """The query's own words searched over the chunks' translations (BM25, best first), within a search's scope.

    Args:
        vocabulary: the translations' document frequencies (``VOCABULARY_TABLE``); with a ``budget``, a query keeps
            its rarest terms while the rows they match stay within it, as the expansion legs do (search/legs.py:
            half ``keyword_postings``): at 100k English chunks a common Chinese word's translation is in tens of
            thousands of them, and BM25 costs about 3 µs a matched row.
        scorer: FTS5's ranking of the translations computed in memory (``TRANSLATION_TABLES``; search/bm25.py), for
            the searches without filters: the same scores and order as FTS5's, which answers what it cannot.
    """
    terms = query_terms(text)
    if vocabulary is not None and budget:
        # terms no translation holds match nothing: left out first, so the rarest kept are ones that match
        terms = within_budget([t for t in terms if vocabulary.postings(t)], vocabulary, budget)
    return keyword_search(conn, " ".join(terms), limit=depth, where=scope.where, params=scope.params,
                          exclude=scope.hidden, table=TABLE, scorer=scorer)


__all__ = ["LEG", "TABLE", "TRANSLATION_TABLES", "TRANSLATION_VERSION", "VOCABULARY_TABLE", "batch_scores", "delete_translations",
           "holds_two_languages", "is_enabled", "other_language_share", "search_translations", "translate_missing",
           "translation_tools", "untranslated_count"]
