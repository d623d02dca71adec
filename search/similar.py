"""Similar past issues: for a lesson, a document, or a free-text description; earlier recurrences; tag suggestions.

Part of the Searcher (a mixin): it uses the searcher's ranking (``rank``: search's legs), its relevance floor and result
assembly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from kb.errors import InvalidInput
from kb.models import PROBLEM_KINDS
from kb.sql import placeholders
from kb.store import Filters
from kb.text import detect_language, has_words, normalize_tag
from search.assembly import semantic_hit
from search.hybrid import reciprocal_rank_fusion
from search.keyword import holding_every_term
from search.legs import Scope
from search.long_query import MAX_QUERY_CHARS, windows
from search.preference import ANY, AUTO, PREFERABLE, chosen_language, readable
from search.query import MODES
from search.ranked import FusedRanking
from search.recurring import EarlierSearches
from search.relevance import Evidence, above_floor, floor_for
from search.repetition import is_repetition
from search.results import Hit
from search.tag_languages import SuggestedTag, TagLanguages
from search.telling import telling_terms
from search.translated_index import translation_tools
from search.type_tags import lendable
from search.vector_index import IndexMismatch
from search.visibility import VISIBLE

if TYPE_CHECKING:
    from kb.settings import Settings
    from kb.store import Store
    from search.assembly import Assembler
    from search.grouping import Candidate
    from search.index import SearchIndex

T = TypeVar("T")  # what spread picks from: candidates or hits
MIN_DEPTH = 200  # chunks each leg ranks, as a search's (more for a longer list)


@dataclass
class SimilarLessons:
    """Similar past issues: the lessons listed, and how many documents any leg matched and how many of those are
    above the relevance floor (search/relevance.py), as a search counts them; ``language``: the lesson's or the
    text's; ``prefer_lang``: the reader's language, listed first where about as relevant (None: none);
    ``marked_lang``: the one the lessons marked ``other_language`` are not in (the preferred, else the seed's);
    ``lifted``: how many documents in the preferred language the on-point lift moved up (search/preference.py)."""

    hits: list[Hit] = field(default_factory=list)
    matched: int = 0
    relevant: int = 0
    language: str | None = None
    prefer_lang: str | None = None
    marked_lang: str | None = None
    lifted: int = 0

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, as /api/lessons/<id>/similar and ``kb similar --json`` answer: ``items``, the lessons."""
        return {"language": self.language, "items": [h.as_dict() for h in self.hits], "matched": self.matched,
                "relevant": self.relevant, "prefer_lang": self.prefer_lang, "marked_lang": self.marked_lang,
                "lifted": self.lifted}


@dataclass
class Seed:
    """What a similar search starts from: its text, its vector if known (a lesson's), the document and project
    left out, and its language (zh, en, mixed)."""

    text: str
    vector: np.ndarray | None
    document: str | None
    project: str | None
    language: str | None


class SimilarSearches(EarlierSearches):
    """Lessons like a given lesson, document or description, from other documents and projects."""

    index: SearchIndex
    assembler: Assembler
    store: Store
    settings: Settings

    def allowed_ids(self, where: str, params: list[Any]) -> np.ndarray:
        """Chunk ids that pass an SQL condition on ``c`` (chunks) and ``d`` (documents), sorted: a FAISS id
        selector."""
        rows = self.store.conn.execute(
            f"SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id {'WHERE ' + where if where else ''}",
            params).fetchall()
        return np.sort(np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows)))

    def lessons_elsewhere(self, document_key: str | None, project: str | None) -> np.ndarray:
        """Chunk ids of the lessons readers see, except those of one document and of one project's documents."""
        documents = [r[0] for r in self.store.conn.execute(
            "SELECT id FROM documents WHERE key = ? OR project = ?", [document_key, project])]
        return self.index.chunk_facts().select(lessons_only=True, except_documents=documents,
                                               except_lessons=self.hidden_lessons())

    def is_word(self) -> Callable[[str], bool]:
        """Whether a Chinese text is a word of the translator's dictionary (how a Chinese query is cut into words)."""
        return translation_tools(self.index, self.settings, scored=False)[0].is_word

    def hidden_lessons(self) -> list[int]:
        """Ids of the lessons curators have hidden from readers."""
        return [r[0] for r in self.store.conn.execute("SELECT id FROM lessons WHERE review_status = 'hidden'")]

    def similar(self, **options: Any) -> list[Hit]:
        """The lessons ``similar_lessons`` lists (its arguments)."""
        return self.similar_lessons(**options).hits

    def similar_lessons(self, *, lesson_id: int | None = None, text: str | None = None, limit: int = 10,
                        other_projects: bool = True, mode: str = "hybrid", exclude_document: str | None = None,
                        exclude_project: str | None = None, per_document: int | None = None,
                        all_matches: bool = False, prefer_lang: str | None = None) -> SimilarLessons:
        """Lessons from other documents (and, by default, other projects) most like a lesson or a description,
        from the documents above the relevance floor: a text about nothing in the collection ("xyzzy plugh",
        量子纠缠火箭发射) finds none.

        Ranked by the legs a search runs (``Searcher.rank``) over the lessons of the other documents: the text's
        words and meaning (a lesson's own vector), and, where the other language holds lessons near it, the text's
        translation, the terms of its best other-language matches, the document-side translations and feedback in
        the vector space; so a Chinese lesson about a late vendor finds the English ones too. A lesson in another
        language than the lesson's (or the text's) is marked ``other_language``.

        The reader's language is preferred as search prefers it (``Searcher.prefer``): its lessons first where about
        as relevant, the others still listed, and then marked ``other_language`` instead.

        Args:
            prefer_lang: the reader's language: zh, en, any (none), or auto: the lesson's own language, or a text's
                as ``kb search --prefer-lang auto`` takes a query's (Chinese, or an English sentence; none for a
                term or a mixed text); None: the prefer_lang setting's.
            per_document: at most this many lessons from one document (None: the ``similar_per_document``
                setting; 0: no limit), so that one long retrospective does not fill the list.
            all_matches: also list the lessons of documents under the floor.

        Raises:
            NotFound: no such lesson.
            InvalidInput: neither a lesson nor a text was given, or an unknown mode.
        """
        if mode not in MODES:
            raise InvalidInput(f"unknown mode '{mode}'; use one of: {', '.join(MODES)}")
        seed = self._seed(lesson_id, text, other_projects, exclude_document, exclude_project)
        preferred = seed_preference(prefer_lang or self.settings.prefer_lang, seed, lesson_id is not None)
        parts = windows(seed.text) if lesson_id is None else [seed.text]
        if len(parts) > 1:
            options = {"other_projects": other_projects, "mode": mode, "exclude_document": exclude_document,
                       "exclude_project": exclude_project, "all_matches": all_matches}
            return self._by_window(parts, seed, preferred, limit, per_document, options)
        evidence, translated = Evidence(), []
        fused = self.rank(seed.text, mode, Filters(include_hidden=False), depth=max(MIN_DEPTH, limit * 5),
                          evidence=evidence, translated=translated, scope=self._elsewhere(seed), seed=seed.vector)
        fused = self.prefer(fused, preferred, evidence)  # as search prefers (Searcher.prefer)
        candidates, matched, relevant = self._above_floor(self.assembler.collapse(fused), evidence, seed.text,
                                                          all_matches)
        cap = self.settings.similar_per_document if per_document is None else per_document
        # not every word the lesson shares with them: those that tell, and the translations that found them
        marked = telling_terms(" ".join([seed.text, *translated]), self.index.refresh_vocabulary())
        hits = self.assembler.hits(spread(candidates, cap, limit), marked)
        reading = preferred or seed.language  # marks as search's: a preference reorders, "any" keeps the seed's
        return SimilarLessons([in_language(hit, reading) for hit in hits], matched, relevant, seed.language, preferred,
                              reading if reading in PREFERABLE else None, evidence.lifted)

    def _by_window(self, parts: list[str], seed: Seed, preferred: str | None, limit: int, per_document: int | None,
                   options: dict[str, Any]) -> SimilarLessons:
        """Similar past issues of a text longer than one window (search/long_query.py): each window's own list, a
        lesson at the best score any window gave it. A lesson is shorter than a section: the mean of a long text's
        windows was further from any one lesson than the window that tells of it (BENCHMARKS.md, s-paste2)."""
        best: dict[int, Hit] = {}
        matched = relevant = lifted = 0
        for part in (part for part in parts if has_words(part)):  # "……" alone would be refused
            found = self.similar_lessons(text=part, limit=max(limit * 3, 30), per_document=0,
                                         prefer_lang=preferred or ANY, **options)
            matched, relevant, lifted = (max(matched, found.matched), max(relevant, found.relevant),
                                         max(lifted, found.lifted))
            for hit in found.hits:
                if hit.chunk_id not in best or hit.score > best[hit.chunk_id].score:
                    best[hit.chunk_id] = hit
        cap = self.settings.similar_per_document if per_document is None else per_document
        hits = spread(sorted(best.values(), key=lambda h: -h.score), cap, limit, document=lambda h: h.document_key)
        reading = preferred or seed.language
        return SimilarLessons([in_language(replace(hit, other_language=False), reading) for hit in hits], matched,
                              relevant, seed.language, preferred, reading if reading in PREFERABLE else None, lifted)

    def _seed(self, lesson_id: int | None, text: str | None, other_projects: bool, exclude_document: str | None,
              exclude_project: str | None) -> Seed:
        """What a similar search starts from: a lesson (its text, vector, document and project) or a text."""
        if lesson_id is not None:
            lesson = self.store.lesson(lesson_id)
            seed = Seed(lesson["text"], self._chunk_vectors([lesson_id]).get(lesson_id), lesson["document_key"],
                        lesson["project"] if other_projects else None, lesson["language"])
        else:
            seed = Seed(text or "", None, exclude_document, exclude_project, None)
        if not seed.text.strip():
            raise InvalidInput("describe the problem, or give a lesson id")
        if not has_words(seed.text):  # "，。！" gave ten lessons near nothing in particular; worded as kb search says it
            raise InvalidInput("punctuation and symbols alone are not searched for; give a word or two")
        seed.text = seed.text.strip()[:MAX_QUERY_CHARS]  # as a query (search/long_query.py)
        seed.language = seed.language or detect_language(seed.text).value
        return seed

    def _elsewhere(self, seed: Seed) -> Scope:
        """Where a similar search's legs look: the lessons readers see, of other documents than the seed's (and
        other projects, unless its own are asked for); the ids for the vector search too."""
        clauses, params = ["c.kind = 'lesson'", VISIBLE], []
        if seed.document:
            clauses.append("d.key != ?")
            params.append(seed.document)
        if seed.project:
            clauses.append("(d.project IS NULL OR d.project != ?)")
            params.append(seed.project)
        return Scope(" AND ".join(clauses), params, self.lessons_elsewhere(seed.document, seed.project))

    def _above_floor(self, candidates: list[Candidate], evidence: Evidence, text: str,
                     all_matches: bool) -> tuple[list[Candidate], int, int]:
        """The candidates of the documents above the relevance floor (all of them with ``all_matches``), and how
        many documents were matched and are above it: the floor search uses, on the documents' candidates."""
        by_document: dict[int, list[int]] = {}
        for cand in candidates:
            by_document.setdefault(cand.document_id, []).append(cand.chunk_id)
        evidence.holding = lambda: holding_every_term(self.store.conn, text, evidence.found.get("keyword", []),
                                                      self.is_word(), self.index.keyword_scorer())
        evidence.repetition = is_repetition(text)
        flags = above_floor(list(by_document.values()), evidence, floor_for(self.index.model))
        above = {document for document, ok in zip(by_document, flags) if ok}
        kept = candidates if all_matches else [c for c in candidates if c.document_id in above]
        return kept, len(by_document), len(above)

    def similar_to_document(self, key: str, *, limit: int = 6, other_projects: bool = True,
                            per_lesson: int = 20, prefer_lang: str | None = None) -> list[Hit]:
        """Lessons from other documents (and projects) like the problems this document describes.

        Each of the document's problem lessons (went wrong, root cause, lesson) finds its nearest lessons
        elsewhere; the lists are fused, so the result covers the document's several problems. ``prefer_lang``: the
        reader's language (zh, en; None: none), its lessons first where about as relevant (``Searcher.prefer``), the
        others still listed and marked ``other_language``.
        """
        doc = self.store.document(key)
        problems = [l["id"] for l in doc["lessons"] if l["kind"] in PROBLEM_KINDS and l["review_status"] != "hidden"][:12]
        if not problems:
            return self.similar(text=f"{doc['title']}\n{doc['raw_text'][:1500]}", limit=limit, exclude_document=key,
                                exclude_project=doc["project"] if other_projects else None,
                                prefer_lang=prefer_lang or ANY)
        allowed = self.lessons_elsewhere(key, doc["project"] if other_projects else None)
        legs = {}
        vectors = self._chunk_vectors(problems)  # one query for the lessons' chunks, whatever their number
        for lesson_id in problems:
            if lesson_id in vectors:
                found = self.index.nearest(vectors[lesson_id], doc["language"], per_lesson, allowed=allowed)
                legs[str(lesson_id)] = [i for i, s in found if s >= self.settings.semantic_min_score]
        fused = self.prefer(FusedRanking.of(reciprocal_rank_fusion(legs, k=self.settings.rrf_k)), prefer_lang)
        picked = spread(self.assembler.collapse(fused), 1, limit)  # one lesson per document: it covers several
        reading = prefer_lang or doc["language"]  # as similar_lessons marks: a preference, else the document's own
        return [in_language(semantic_hit(hit), reading) for hit in self.assembler.hits(picked, "")]

    def suggest_tags(self, key: str, *, limit: int = 8, neighbours: int = 10) -> list[SuggestedTag]:
        """Tags of the documents most like this one that it does not have yet, best first, each scored by the ranks
        of the documents that lend it.

        Lenders: of the ``neighbours`` nearest documents those alike enough (``Floor.tag_neighbour``; a tag one of
        them alone has, ``Floor.tag_alone``; with a model that has no floor, whatever their likeness), then the
        documents of its project in the other language (Chinese and English), whose cosine tells nothing: a tag
        one of them alone lends is not kept, two documents must lend it. A tag that names another document type than
        this one's (章程 to a status report) is not lent. A tag in the other language is suggested as the store's tag
        of the document's language that is the same (search/tag_languages.py: "vendor management" to a Chinese
        document as 供应商管理), or else as it is, marked as lent from that language."""
        doc = self.store.row("SELECT id, doc_type, language, project FROM documents WHERE id = ?",
                             [self.store.document_id(key)])
        nearest = self._nearest_documents(doc["id"], neighbours)
        floor = floor_for(self.index.model)
        alike = [d for d, score in nearest.items() if floor is None or score >= floor.tag_neighbour]
        across = [d for d in self._across_languages(doc) if d not in alike][:max(0, neighbours - len(alike))]
        lenders, lent = self._lent_tags(doc, alike + across)
        alone = {1 + alike.index(d) for d in alike if floor is None or nearest[d] >= floor.tag_alone}
        kept = [SuggestedTag(t, sum(1.0 / r for r in ranks), lent[t]) for t, ranks in lenders.items()
                if len(ranks) > 1 or ranks[0] in alone]
        return sorted(kept, key=lambda s: -s.score)[:limit]

    def _lent_tags(self, doc: dict[str, Any], documents: list[int]) -> tuple[dict[str, list[int]],
                                                                               dict[str, str | None]]:
        """The tags these documents lend a document, each in its language where the store has it so: the ranks of
        its lenders (a lender of a tag in both languages counted once), and the language it is lent from."""
        own = self.store.conn.execute("SELECT t.id, t.label FROM document_tags dt JOIN tags t ON t.id = dt.tag_id"
                                      " WHERE dt.document_id = ?", [doc["id"]]).fetchall()
        have, labels = {r[0] for r in own}, {normalize_tag(r[1]) for r in own}
        languages = TagLanguages(self.store, translation_tools(self.index, self.settings, scored=False)[0])
        lenders: dict[str, list[int]] = {}
        lent: dict[str, str | None] = {}
        for tag_id, label, rank in self._tags_of(documents):
            if tag_id in have or not lendable(label, doc["doc_type"]):
                continue
            shown, lent_from = languages.rendering(label, doc["language"], lambda t: lendable(t, doc["doc_type"]))
            if normalize_tag(shown) not in labels and rank not in lenders.get(shown, ()):
                lenders.setdefault(shown, []).append(rank)
                lent.setdefault(shown, lent_from)
        return lenders, lent

    def _across_languages(self, doc: dict[str, Any]) -> list[int]:
        """The documents of a document's project written in the other language (Chinese for English, English for
        Chinese; none for a mixed one or one of no project), newest first."""
        other = {"zh": "en", "en": "zh"}.get(doc["language"])
        if other is None or not doc["project"]:
            return []
        return [r[0] for r in self.store.conn.execute(
            "SELECT id FROM documents WHERE project = ? AND language = ? AND id != ? ORDER BY date DESC, id DESC",
            [doc["project"], other, doc["id"]])]

    def _nearest_documents(self, doc_id: int, count: int) -> dict[int, float]:
        """The ``count`` documents nearest a document's centre (the mean of its chunks' vectors), nearest first, each
        with its best chunk's cosine; nothing when it has no chunks or the index cannot say."""
        chunk_ids = [r[0] for r in self.store.conn.execute("SELECT id FROM chunks WHERE document_id = ?", [doc_id])]
        if not chunk_ids:
            return {}
        try:
            vectors = self.index.vectors()
            centre = vectors.vectors(chunk_ids[:50]).mean(axis=0)
        except (IndexMismatch, RuntimeError):
            return {}
        centre /= float(np.linalg.norm(centre)) or 1.0
        found = vectors.search(centre, 200)
        facts = self.index.chunk_facts().get([i for i, _ in found])
        nearest: dict[int, float] = {}
        for chunk_id, score in found:
            owner = facts[chunk_id][0] if chunk_id in facts else None
            if owner is not None and owner != doc_id and owner not in nearest:
                nearest[owner] = float(score)
                if len(nearest) >= count:
                    break
        return nearest

    def _tags_of(self, documents: list[int]) -> list[tuple[int, str, int]]:
        """(tag id, label, rank) of each tag of these documents, read in one query: the rank is the document's place
        in the list, from 1; by rank, then tag id."""
        if not documents:
            return []
        rows = self.store.conn.execute(
            "SELECT dt.document_id, t.id, t.label FROM document_tags dt JOIN tags t ON t.id = dt.tag_id"
            f" WHERE dt.document_id IN ({placeholders(documents)})", documents).fetchall()
        rank = {document: n for n, document in enumerate(documents, start=1)}
        return sorted(((tag_id, label, rank[document]) for document, tag_id, label in rows), key=lambda r: (r[2], r[0]))


def seed_preference(choice: str, seed: Seed, from_lesson: bool) -> str | None:
    """The reader's language for a similar search (``SimilarSearches.similar_lessons``'s ``prefer_lang``): for auto, a
    lesson's own language (none for a mixed one) or a text's as ``chosen_language`` reads a query's.

    Raises:
        InvalidInput: an unknown choice, naming the values allowed.
    """
    if from_lesson and choice.strip().lower() == AUTO:
        return seed.language if seed.language in PREFERABLE else None
    try:
        return chosen_language(choice, seed.text)
    except ValueError:  # worded whole, as the error catalogue (web/error_text.py) knows it
        raise InvalidInput(f"unknown language '{choice.strip()[:20]}'; use one of: "
                           f"{', '.join((*PREFERABLE, ANY, AUTO))}") from None


def in_language(hit: Hit, language: str | None) -> Hit:
    """A lesson found like a text, marked when its document is written in another language than the text (a mixed
    text or document is in neither)."""
    other = not readable(hit.language, language if language in PREFERABLE else None)  # as search marks its hits
    return replace(hit, other_language=True) if other else hit


def spread(candidates: list[T], per_document: int, limit: int,
           document: Callable[[T], object] = lambda cand: cand.document_id) -> list[T]:
    """The first ``limit`` candidates (or hits: ``document`` names their document), best first, taking at most
    ``per_document`` from any one document (0: any number): the rest of a document's lessons give way to the next
    documents'."""
    taken: dict[object, int] = {}
    picked = []
    for cand in candidates:
        if len(picked) >= limit:
            break
        key = document(cand)
        if per_document and taken.get(key, 0) >= per_document:
            continue
        taken[key] = taken.get(key, 0) + 1
        picked.append(cand)
    return picked
