"""The terms a query's expansion legs search: its translations (Chinese <-> English, search/translate.py) and the
distinctive terms of its best matches (pseudo-relevance feedback, across languages too).

Part of the Searcher (a mixin): it uses the searcher's index, store and settings.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from typing import TYPE_CHECKING

import numpy as np

from kb.models import Language
from kb.sql import placeholders
from kb.text import detect_language
from search.forward import LANGUAGES
from search.translated_index import translation_tools

if TYPE_CHECKING:
    from kb.settings import Settings
    from kb.store import Store
    from search.index import SearchIndex
    from search.legs import Legs
    from search.translate import Similarity, Translator
    from search.translation_scores import ScoreTable

OTHER_LANGUAGE_HEAD = 200  # semantic matches in which the other language is looked for (as other_language_chunks)


class ExpansionTerms:
    """A query's translated terms and feedback terms, and the legs that search them."""

    index: SearchIndex
    store: Store
    settings: Settings

    def _cross_language_legs(self, legs: Legs, text: str, weights: dict[str, float],
                             translated: list[str] | None) -> None:
        """The query's translations, and the distinctive terms of its best other-language matches, started
        side by side in the pool."""
        semantic = legs.ranked.get("semantic")
        texts = self._texts(self.other_language_chunks(text, semantic.ids if semantic is not None else [],
                                                       self.settings.feedback_chunks))
        if weights["translated"] > 0:
            terms = self.translated_terms(text, context=" ".join(texts), scored=semantic is not None)
            if translated is not None:
                translated.extend(terms)
            legs.start("translated", " ".join(terms), expansion=True)
        if weights["cross_feedback"] > 0:
            legs.start("cross_feedback", " ".join(self.feedback_terms(texts)), expansion=True)

    def other_language_chunks(self, text: str, ranked: list[int] | np.ndarray, limit: int) -> list[int]:
        """The best semantic matches written in the other language than the query (for cross-language feedback)."""
        language = detect_language(text)
        if language == Language.MIXED or not len(ranked):
            return []
        head = np.asarray(ranked[:OTHER_LANGUAGE_HEAD], dtype=np.int64)
        codes = self.index.chunk_facts().language_codes(head)  # -1: unknown, as the other language
        return head[(codes != LANGUAGES.index(language.value)) & (codes != LANGUAGES.index("mixed"))][:limit].tolist()

    def translated_terms(self, text: str, context: str | None = None, *, scored: bool = True) -> list[str]:
        """The query's words in the other language (Chinese <-> English), as far as the collection has them;
        where ``context`` (other-language text on the subject) uses some of a word's translations, those.

        Args:
            scored: let the model score English words' dictionary translations (``translation_min_similarity``);
                False when the model cannot be used (an index built with another model).
        """
        translator, similarity, _ = self._translation(scored)
        return translator.terms(text, self.index.refresh_vocabulary().df, context=context, similarity=similarity,
                                min_similarity=self.settings.translation_min_similarity)

    def translation_words(self, text: str) -> list[str]:
        """The words the model must embed to score this query's translations (none when the shipped table
        scores them all): the dictionary's among them a server's warm-up embeds ahead (search/warm.py), the rest
        (English words in a form the dictionary does not list) the query's first search, apart from the query."""
        translator, similarity, table = self._translation()
        if similarity is None:
            return []
        pairs = translator.scored_pairs(text, self.index.refresh_vocabulary().df)
        return table.unscored(pairs) if table else [w for word, found in pairs for w in (word, *found)]

    def _translation(self, scored: bool = True) -> tuple[Translator, Similarity | None, ScoreTable | None]:
        """The translator, how translations are scored (None: not at all), and the shipped table if it was made
        with this model (search/translated_index.py: a chunk's words are translated the same way at index time)."""
        return translation_tools(self.index, self.settings, scored)

    def feedback_terms(self, texts: list[str]) -> list[str]:
        """The most distinctive terms of some results' texts (pseudo-relevance feedback, in any language)."""
        if not texts:
            return []
        term_sets = self.index.feedback_term_sets()
        vocabulary = self.index.refresh_vocabulary()
        total = max(vocabulary.size, 1)
        ceiling = min(total / 2, vocabulary.common_limit(self.settings.common_term_share))
        found = term_sets.most_distinctive(texts, total, ceiling, self.settings.feedback_terms)
        if found is not None:
            return found  # every chunk's terms are in arrays: the same terms as below, from them
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(term_sets.of(text))
        log = math.log
        scored = [(count * log(total / found), term) for (term, count), found
                  in zip(counts.items(), vocabulary.dfs(counts)) if 0 < found <= ceiling]
        return [term for _, term in heapq.nlargest(self.settings.feedback_terms, scored)]  # as sorted(reverse)[:n]

    def _feedback_texts(self, chunk_ids: list[int]) -> list[str]:
        """Some chunks' texts for the feedback terms: kept with every chunk's terms in a small collection (their order
        does not matter there), else from the store."""
        kept = self.index.feedback_term_sets().texts(chunk_ids)
        return kept if kept is not None else self._texts(chunk_ids)

    def _texts(self, chunk_ids: list[int]) -> list[str]:
        if not chunk_ids:
            return []
        rows = self.store.conn.execute(
            f"SELECT text FROM chunks WHERE id IN ({placeholders(chunk_ids)})", chunk_ids).fetchall()
        return [row[0] for row in rows]
