"""Search: keyword, semantic or hybrid; filters applied inside each leg; hits grouped by document."""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np

from kb.errors import InvalidInput
from kb.store import Filters
from kb.text import detect_language
from search.assembly import Assembler
from search.champion import agreed_first
from search.conditions import on_documents
from search.dense_feedback import moved_query, ranked_by_score
from search.expansion_terms import OTHER_LANGUAGE_HEAD, ExpansionTerms
from search.forward import LANGUAGES
from search.grouping import Group
from search.hybrid import (
    LONG_QUERY_TERMS,
    holds_other_language,
    one_language_keyword_weight,
    other_language_found,
)
from search.index import SearchIndex
from search.keyword import OWN_QUERY_TERMS, holding_every_term, read_terms
from search.legs import EXPANSION_BUDGET, Legs, Scope
from search.long_query import searched_text
from search.preference import BOOST, LEAD, prefer_and_lift, prefer_codes, readable
from search.query import SearchQuery
from search.query_marks import Marks, word_marks
from search.ranked import FusedRanking, Ranked
from search.relevance import OWN_LEGS, Evidence, above_floor, floor_for
from search.relevant_cache import RELEVANT
from search.repetition import is_repetition
from search.results import SearchResults
from search.scoped_legs import ScopedLegs
from search.segment import query_terms
from search.similar import SimilarSearches
from search.suggestion import suggestion
from search.telling import telling_marks
from search.translated_index import LEG as TRANSLATIONS_LEG
from search.translated_index import other_language_share, search_translations

# A query the other language has nothing near its best semantic match on keeps its translated leg, at this share of
# its weight, in the fusion by score: what the dictionary finds there is still found (on the mixed set, at no cost).
GATED_TRANSLATION = 0.5
TRANSLATIONS_GATE_HEAD = 10  # first fused chunks whose languages open the document-side translation leg
# A query shorter than this has fewer terms than the keyword leg keeps (search/keyword.py OWN_QUERY_TERMS): its terms
# are not counted for the reader (0.3-0.6 ms a query, measured on corpus/eval-dev's queries; s-paste).
UNCOUNTED_CHARS = 100

class Searcher(SimilarSearches, ExpansionTerms, ScopedLegs):
    """Runs queries against one store's index."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self.store = index.store
        self.settings = index.settings
        self.assembler = Assembler(index.store, index)

    # ---- search ---------------------------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResults:
        """One page of results, grouped by document, with highlighted snippets."""
        started = time.perf_counter()
        query.validate()
        text = searched_text(query.text)
        if not text:
            raise InvalidInput("the query is empty")
        notes: list[str] = self.reading_notes(text, query.mode)
        translated: list[str] = []
        evidence = Evidence()
        groups, kept = self.ranked_documents(query, text, notes=notes, translated=translated, evidence=evidence)
        groups, kept = self.relevant_anywhere(query, text, groups, kept, evidence)
        relevant = [group for group, ok in zip(groups, kept) if ok]
        # The list holds the documents above the relevance floor unless all matches are asked for.
        listed = self.ordered(groups if query.all_matches else relevant, query.sort)
        # Snippets mark the query's words and, in the other language, their translations.
        marks = self.marks(text, translated)
        page = self.assembler.page(listed[query.offset:query.offset + query.limit], marks, query.hits_per_document)
        relevant_ids = {group.document_id for group in relevant}
        for shown, group in zip(page, listed[query.offset:query.offset + query.limit]):
            shown.relevant = group.document_id in relevant_ids
            shown.other_language = not readable(shown.language, query.prefer_lang)
        results = SearchResults(query=text, mode=query.mode, total=len(groups), offset=query.offset,
                             groups=page, took_ms=0.0, notes=notes,
                             document_ids=[group.document_id for group in listed],
                             lesson_ids=[lesson for group in listed for lesson in group.lesson_ids],
                             relevant=len(relevant), listed=len(listed), prefer_lang=query.prefer_lang,
                             lifted=evidence.lifted, sort=query.sort)
        if query.suggest:
            results.suggestion = suggestion(self, query, results)
        results.took_ms = (time.perf_counter() - started) * 1000  # the suggestion's search too
        return results

    def reading_notes(self, text: str, mode: str) -> list[str]:
        """What search read of a pasted text, for the reader: of more than ``OWN_QUERY_TERMS`` terms, the keyword
        leg keeps the rarest (search/keyword.py), while the meaning is read whole (search/long_query.py)."""
        if mode == "semantic" or len(text) < UNCOUNTED_CHARS:
            return []
        terms = len(read_terms(text, self.index.refresh_vocabulary()))
        if terms <= OWN_QUERY_TERMS:
            return []
        meaning = ", all of it by meaning" if mode == "hybrid" else ""
        return [f"a long text: its {OWN_QUERY_TERMS} rarest terms of {terms:,} were searched by keyword{meaning}"]

    def ordered(self, listed: list[Group], sort: str) -> list[Group]:
        """The documents listed in the order asked (search/query.py, SORTS): as ranked, or by their date, newest
        ("date") or oldest ("-date") first, those of one date as ranked, those without a date last (as ranked). The
        same documents either way: sorting by date orders what relevance found, it does not list every match."""
        if sort == "relevance" or len(listed) < 2:
            return listed
        dates = self.store.document_dates([group.document_id for group in listed])
        dated = sorted((g for g in listed if g.document_id in dates), key=lambda g: dates[g.document_id],
                       reverse=sort == "date")  # stable, reversed too: one date's documents as ranked
        return dated + [g for g in listed if g.document_id not in dates]

    def marks(self, text: str, translated: list[str] | None = None) -> Marks:
        """What the snippets mark of a query and its ``translated`` terms: its Chinese cut into the words of the
        translator's dictionary (search/query_marks.py), its other words as they are; of a long query, its rarest
        telling words alone (search/telling.py, ``telling_marks``)."""
        is_word = self.is_word()
        own = word_marks(text, is_word)
        if not translated:
            return telling_marks(own, self.index.refresh_vocabulary(), is_word)
        return telling_marks(word_marks(f"{text} {' '.join(translated)}", is_word), self.index.refresh_vocabulary(),
                             is_word, own=own)

    def ranked_documents(self, query: SearchQuery, text: str, *, notes: list[str] | None = None,
                         translated: list[str] | None = None,
                         evidence: Evidence | None = None) -> tuple[list[Group], list[bool]]:
        """Every document a query matched, best first, as its candidate chunks; and whether each is above the
        relevance floor (search/relevance.py). The reader's language, if any, is preferred (search/preference.py).
        ``evidence``, if given, receives what the legs found and how many documents the preference lifted."""
        # The same depth for every page and page size of a query: a deeper ranking fuses differently, so a depth
        # that grew with the offset made pages overlap or skip documents, and one that grew with the limit ordered
        # an export of 100 (or `kb search --limit 50`) otherwise than the pages of 10 it was taken from.
        depth = query.depth
        evidence = Evidence() if evidence is None else evidence
        fused = self.rank(text, query.mode, query.filters, depth=depth, notes=notes, translated=translated,
                          evidence=evidence)
        fused = self.prefer(fused, query.prefer_lang, evidence)
        # Documents removed since the index's last sync leave the ranking here (in collapse), so the total
        # counts only what a reader can open.
        groups = self.assembler.grouped(fused)
        evidence.holding = lambda: holding_every_term(self.store.conn, text, evidence.found.get("keyword", []),
                                                      self.is_word(), self.index.keyword_scorer())
        evidence.repetition = is_repetition(text)
        return groups, above_floor([g.chunk_ids for g in groups], evidence, floor_for(self.index.model))

    def prefer(self, fused: FusedRanking, language: str | None, evidence: Evidence | None = None,
               boost: float = BOOST) -> FusedRanking:
        """A fused ranking with the reader's language preferred (search/preference.py; None: as it is): search's
        documents and similar past issues alike. ``evidence``: what the query's legs found, whose own legs' first
        documents (keyword, semantic) are the on-point ones lifted; without it, the boost alone."""
        if language is None or not len(fused):
            return fused
        facts = self.index.chunk_facts()
        if evidence is None:
            return prefer_codes(fused, facts.language_codes(fused.ids), language, boost)
        documents = facts.document_codes(fused.ids)
        legs = [facts.document_codes(evidence.found.get(leg, [])) for leg in OWN_LEGS]
        # places and leads counted among the documents a reader is shown: one removed since the index's last sync is
        # dropped later (collapse), and one the forward index does not know (-1) too
        known = {int(d) for codes in (documents, *legs) for d in codes.tolist() if d >= 0}
        stored = self.assembler.stored(known)
        live = np.isin(documents, np.fromiter(stored, dtype=np.int64, count=len(stored)))
        leads = {document for codes in legs for document in self._lead(codes, stored)}
        ranking, evidence.lifted = prefer_and_lift(fused, facts.language_codes(fused.ids), language, boost, documents,
                                                   leads, live)
        return ranking

    @staticmethod
    def _lead(codes: np.ndarray, stored: set[int]) -> list[int]:
        """The first ``LEAD`` documents of a leg's chunks (``codes``: each chunk's document, best first) among those
        still ``stored``: a document removed since the index's last sync is not listed, so it takes no lead's place."""
        documents: dict[int, None] = {}
        for document in codes.tolist():
            if document in stored:
                documents.setdefault(document)
                if len(documents) == LEAD:
                    break
        return list(documents)

    def _nearest_evidence(self, evidence: Evidence, nearest: list[int]) -> None:
        """The relevance floor's view of the semantic leg's nearest chunks (search/relevance.py, ``nearest_votes``):
        their documents, best first, each once; how many documents the collection holds; each chunk's document."""
        facts = self.index.chunk_facts()
        evidence.nearest = list(dict.fromkeys(d for d in facts.document_codes(nearest).tolist() if d >= 0))
        evidence.collection_documents = facts.document_count()
        evidence.documents_of = facts.document_ids

    def _chunk_languages(self, ids: list[int]) -> list[str | None]:
        languages = self.index.chunk_facts().languages(ids)  # type: ignore[arg-type]
        return [languages.get(i) for i in ids]

    def relevant_anywhere(self, query: SearchQuery, text: str, groups: list[Group], kept: list[bool],
                          evidence: Evidence) -> tuple[list[Group], list[bool]]:
        """A filtered search's documents, and which are above the relevance floor: those of them above the floor
        over the whole collection, whatever the floor says inside the filter's scope. A filter then only narrows: a
        document relevant without it that it matches stays relevant (added at the end, from the unfiltered ranking,
        where a filter on documents matches it and the scope's legs missed it), and none becomes relevant by
        filtering. Judged inside a scope, the floor's lead and agreement ranks moved with the scope and its gate could
        fail: 测试环境 counted 31 relevant, filtered to 2025 35, to 2025-2026 33 (BENCHMARKS.md, "A project manager's
        search (u-pm2)"); and "风险"'s facet Factory MES Rollout said 3 and its page "nothing relevant" ("Facets that
        keep their word (u-fresh2)")."""
        whole = Filters(include_hidden=query.filters.include_hidden)
        if floor_for(self.index.model) is None:
            return groups, kept  # no floor: every match counts (keyword mode), the filter's deeper ones
        if query.filters == whole:  # unfiltered: the relevant documents a facet clicked next asks for
            RELEVANT.put(self._relevant_key(query, text), [g for g, ok in zip(groups, kept, strict=True) if ok])
            return groups, kept
        if not evidence.has_meaning:
            return groups, kept
        everywhere = self.relevant_unfiltered(query, text, whole)
        relevant = {group.document_id for group in everywhere}
        found = {group.document_id for group in groups}
        matching = set(self.store.document_ids(query.filters)) if on_documents(query.filters) else set()
        missed = [g for g in everywhere if g.document_id in matching and g.document_id not in found]
        return groups + missed, [group.document_id in relevant for group in groups] + [True] * len(missed)

    def relevant_unfiltered(self, query: SearchQuery, text: str, whole: Filters) -> list[Group]:
        """The documents above the relevance floor of ``query`` without its filters (``whole``), best first: from
        the process's cache when the same query was ranked so since the collection last changed
        (search/relevant_cache.py), else ranked now and kept there."""
        key = self._relevant_key(query, text)
        found = RELEVANT.get(key)
        if found is None:
            groups, kept = self.ranked_documents(replace(query, filters=whole), text)
            found = [g for g, ok in zip(groups, kept, strict=True) if ok]
            RELEVANT.put(key, found)
        return found

    def _relevant_key(self, query: SearchQuery, text: str) -> tuple[object, ...]:
        """All that a query's unfiltered ranking and its relevance floor depend on (search/relevant_cache.py)."""
        synonyms = tuple(self.store.synonyms_in(text)) if query.mode != "semantic" else ()
        return (self.index.path.absolute(), self.settings, self.store.search_stamp(), self.index.version(), text,
                query.mode, query.depth, query.hits_per_document, query.prefer_lang, query.filters.include_hidden,
                synonyms)

    def rank(self, text: str, mode: str, filters: Filters, *, depth: int = 200,
             notes: list[str] | None = None, translated: list[str] | None = None,
             evidence: Evidence | None = None, scope: Scope | None = None,
             seed: np.ndarray | None = None) -> FusedRanking:
        """Fused chunk ranking (ids are chunk ids), best first (its items made when read: search/ranked.py).

        Args:
            notes: receives a sentence for anything the user should know (a leg that could not run).
            translated: receives the query's translated terms (for marking them in snippets).
            evidence: receives each leg's ranking and the semantic leg's scores (for the relevance floor).
            scope: where the legs search, instead of the filters' scope (similar past issues: the lessons of other
                documents and projects, search/similar.py).
            seed: the semantic leg's query vector, instead of the text's embedding (a lesson's stored vector).

        The keyword query runs on its own connection in the pool while this thread embeds the query (alone:
        search/embedder.py says why) and searches the vectors. The best
        other-language matches then pick the query's translations and give the cross-language feedback terms;
        those two queries run side by side, and the feedback query, which needs the first fused ranking, runs
        last. The cross-language and feedback legs run only when the collection holds text in another language
        than the query, and it holds one of the query's best semantic matches (``other_language_margin``); without
        them, the keyword and semantic legs are fused by score (search/hybrid.py says why).
        Across languages, a document's second-best chunk lends its chunks part of its score (search/support.py).
        A hybrid search's document that the keyword and semantic legs both rank first is kept first, whatever the
        other legs agree on (search/champion.py; not for similar past issues, which give ``scope``).
        """
        notes = notes if notes is not None else []
        top: list[int] = []  # the first fused chunks (for the feedback legs)
        scope_given = scope
        scope = scope if scope is not None else self._scope(filters)
        legs = Legs(self.store, self.index.refresh_vocabulary(), self.settings, scope, depth,
                    self.index.keyword_scorer())
        weights = self.weights()
        hybrid = mode == "hybrid"
        language = detect_language(text).value
        cross = hybrid and holds_other_language(language, self.index.chunk_facts().language_counts())
        if not cross:
            self._one_language(weights, language, text)
        if mode in ("keyword", "hybrid"):
            synonyms = self.store.synonyms_in(text)  # curated tag synonyms (数据迁移 = data migration), OR-ed in
            if synonyms and translated is not None:
                translated.extend(synonyms)
            legs.start("keyword", " ".join([text, *synonyms]), expansion=False)
        try:
            if mode in ("semantic", "hybrid"):
                nearest: list[int] | None = None if evidence is None else []
                self._semantic_leg(legs, text, mode, filters, notes, seed=seed,
                                   cosines=evidence.semantic() if evidence is not None else None, nearest=nearest)
                if evidence is not None and nearest:
                    self._nearest_evidence(evidence, nearest)
            if cross and not self._other_language_matched(legs, language):
                cross = False  # the other language holds nothing on this query: ranked as in one language,
                share = weights["translated"] * GATED_TRANSLATION  # with what its dictionary words find there
                self._one_language(weights, language, text)
                weights["translated"] = share
            if hybrid and (weights["translated"] > 0 or weights["cross_feedback"] > 0):
                self._cross_language_legs(legs, text, weights, translated)
            if hybrid and weights["feedback"] > 0:
                legs.wait("keyword", "translated")
                top = legs.fuse(weights, limit=self.settings.feedback_chunks).ids.tolist()
                terms = self.feedback_terms(self._feedback_texts(top))
                legs.put("feedback", legs.keyword_ranked(" ".join(terms), expansion=True) if terms else Ranked.empty())
        finally:
            legs.finish()
        if evidence is not None:
            evidence.found.update(legs.found)
            if evidence.keep_scores:  # for a floor with a vote share alone (none by default: search/relevance.py)
                evidence.scores.update({name: ranked.scores.tolist() for name, ranked in legs.ranked.items()})
        own_first = hybrid and scope_given is None  # search's own query (not a lesson's similar past issues)
        if not cross:
            fused = legs.fuse(weights, by_score=hybrid, spreads=self._spreads(legs) if hybrid else None)
            return agreed_first(fused, legs.ranked, self.index.chunk_facts().document_codes) if own_first else fused
        translations = self.settings.document_translation_weight
        if not top and (self.settings.dense_feedback_chunks > 0 or translations > 0):
            top = legs.fuse(weights, limit=self.settings.feedback_chunks).ids.tolist()  # the feedback leg is off
        if self.settings.dense_feedback_chunks > 0:
            self._dense_feedback(legs, language, top)
        if translations > 0 and other_language_share(language, self._chunk_languages(top[:TRANSLATIONS_GATE_HEAD])) \
                >= self.settings.document_translation_gate:
            budget = int(self.settings.keyword_postings * EXPANSION_BUDGET)  # as the expansion legs: no per-term raise
            legs.put(TRANSLATIONS_LEG, search_translations(self.store.conn, text, legs.scope, legs.depth,
                                                           self.index.translations_vocabulary(), budget,
                                                           self.index.translations_scorer()))
            weights[TRANSLATIONS_LEG] = translations
        documents_of = self.index.chunk_facts().document_codes
        fused = legs.fuse(weights, support=(documents_of, self.settings.document_support))
        return agreed_first(fused, legs.ranked, documents_of) if own_first else fused  # search/champion.py

    def _dense_feedback(self, legs: Legs, language: str, top: list[int]) -> None:
        """Across languages, the semantic leg's chunks re-ordered by the query's vector moved toward the mean vector
        of the first ``dense_feedback_chunks`` fused chunks (search/dense_feedback.py); the relevance floor keeps the
        leg as it was (its evidence is taken before)."""
        feedback, found = top[:self.settings.dense_feedback_chunks], legs.ranked.get("semantic")
        if not feedback or found is None or not len(found) or legs.vector is None:
            return
        try:
            query, rows = self.index.as_scored(legs.vector, language, feedback)
            moved = moved_query(query, rows)
            scores = self.index.products(moved, language, found.ids)
        except RuntimeError:  # a first chunk the vector index does not hold yet (another process is saving it)
            return
        legs.put("semantic", ranked_by_score(found.ids, scores))

    def _one_language(self, weights: dict[str, float], language: str, text: str) -> None:
        """The weights of a search within one language: no cross-language or feedback legs, and the keyword leg
        counted as search/hybrid.py ``one_language_keyword_weight`` says (more for English, more for a long query)."""
        weights.update(translated=0.0, cross_feedback=0.0, feedback=0.0)
        terms = len(query_terms(text, LONG_QUERY_TERMS + 1))
        weights["keyword"] *= one_language_keyword_weight(language, terms, self.settings.english_keyword_weight)

    def _spreads(self, legs: Legs) -> dict[str, float] | None:
        """For the fusion by score: the semantic leg standardised by ``semantic_spread_share`` of the collection's
        spread of cosines instead of the query's own (search/calibration.py); None when the leg found nothing or the
        collection is too small to say."""
        share = self.settings.semantic_spread_share
        if share <= 0 or not len(legs.ranked.get("semantic", ())):
            return None
        spread = self.index.cosine_spread()
        return {"semantic": spread * share} if spread else None

    def _other_language_matched(self, legs: Legs, language: str) -> bool:
        """Whether one of the semantic leg's first 200 chunks (those the cross-language feedback reads) is in another
        language than the query's and within ``other_language_margin`` of its best cosine (search/hybrid.py,
        ``other_language_found``); yes when the leg did not run, or its model does not put the two languages in one
        space (an English-only model's cosines say nothing of Chinese text)."""
        from search.embedder import is_multilingual

        semantic = legs.ranked.get("semantic")
        if semantic is None or not len(semantic) or not is_multilingual(self.index.model):
            return True
        head = semantic.head(OTHER_LANGUAGE_HEAD)
        languages = _NAMES[self.index.chunk_facts().language_codes(head.ids)].tolist()  # code -1: None
        return other_language_found(language, list(zip(languages, head.scores.tolist())),
                                    self.settings.other_language_margin)

    def weights(self) -> dict[str, float]:
        """The weight of each leg in hybrid fusion, from the settings."""
        s = self.settings
        return {"keyword": s.keyword_weight, "semantic": s.semantic_weight, "translated": s.translated_weight,
                "feedback": s.feedback_weight, "cross_feedback": s.cross_feedback_weight}


_NAMES = np.array([*LANGUAGES, None], dtype=object)  # a language code's name (code -1: None)


__all__ = ["Searcher"]
