"""The relevance floor: which of the documents a query touched are worth a reader's time.

Fusion ranks every chunk any leg found: a real query touches most of a small collection, and a query about
nothing in it still touches dozens of documents through a word or two. Counting those says nothing. The floor
counts a document as relevant from evidence that does not depend on how the legs are fused:

- **the gate**: a query is about something in the collection when its best semantic match has a cosine of at
  least ``gate``, or when the keyword and semantic legs both rank one document among their first ``gate_rank``,
  or when a chunk the keyword leg found holds every word of the query (below; a word or two, such as "vendor" or
  延期, have low cosines with whole passages). Otherwise nothing is relevant (a query about quantum physics in a
  PMO's lessons, which finds a "launch" or a 发射 here and there);
- **meaning**: a document whose best chunk's cosine is within ``margin`` of the best match's (the scale of cosines
  differs from collection to collection: paraphrases of short questions score 0.9, project lessons on one theme
  0.4) and at least ``minimum``;
- **a leg's lead**: the first ``lead`` documents of the keyword leg (the query's own words) or of the semantic leg
  (its meaning): on long queries, the words find what the meaning misses, and the other way round;
- **agreement**: a document that at least two legs rank among their first ``agreement`` documents (the query's
  words and its meaning, or its words and their translation, or the terms of the first results). A rank in a leg's
  lead is evidence only where it leaves most of the collection out (as for the nearest chunks, below): the lead is
  one document in ``lead_part`` (twelve) of the collection, at most 10, its value at the 120 documents where it was
  chosen: in six English retrospectives "the vendor delivered the interface late" counted the 5 it matched, now the 2
  about it. The agreement depth stays 20 (``agreement_part``; one in six lost the other language's documents that
  only a translation ranks first: BENCHMARKS.md, "s-small"). The two feedback legs (``echoes``) search the terms of
  the same first results, in the query's language and in the other; in a collection where the agreement depth is
  more than one document in six (under 120 documents) those terms reach most of it, and the two agreeing is one
  piece of evidence, so they vote once together there: in six English retrospectives 测试环境 counted 5 documents
  where one is about test environments, now 2; no document judged relevant was lost on ten small collections of
  real and made-up documents (BENCHMARKS.md, "Counts on small collections (s-small2)"). Where a chunk holds
  every word of the query (below), the semantic leg votes by its nearest chunks too, those under its cosine floor
  (``semantic_min_score``) included (``nearest_votes``): a word or two is far from every passage, so "scope creep" kept
  two chunks of 0.15 or more and its meaning agreed with no other leg (10 documents counted, where "how to handle
  scope creep" counted 32; now 18). A rank among the nearest says something only where it leaves most of the
  collection out: a cosine floor is a test a document can fail, a rank in a collection of five is not (the nearest
  five are all of it, and whatever a second leg touched would count). So the nearest chunks vote for their first
  documents up to the share of the collection that ``agreement`` was chosen at, 20 of the corpus's 120 documents (one
  in ``nearest_part``, six): none in a collection of five, 2 of 12, 20 of 120 or more. Not for a query whose words
  no chunk holds together: the off-topic queries the gate let through would count more (BENCHMARKS.md, "Counts for
  short queries (s-short)", "(s-short2)");
- **every word** (``holders``): a document one of whose chunks that the keyword leg found holds every word of the
  query (search/keyword.py, ``whole_words``: a Chinese query's bigrams less those across two of its words, an English
  question's request verbs left out: "how to avoid scope creep" asks for scope and creep), as
  keyword mode counts every match. Without it a word or two counted the keyword leg's first ``lead`` documents and
  what other legs agreed on, and the expansion legs, which vote, run for some queries and not others: 上线 counted
  10 documents where 上线前评审 counted 31 (now 42); of the documents a longer query counted that hold every word of
  the same query one word shorter, the shorter one missed 373 in 110 of 731 pairs made from the corpus's queries,
  titles and lessons, and misses 34 in 18 (BENCHMARKS.md, "Counts for broad queries (s-floor)").

- **a repetition** (``repetitions``): a text that says one short unit over and over ("x" × 2,000, "ab " × 666;
  search/repetition.py) is judged by its words alone, as if it had no semantic leg's evidence: a run of a letter or
  syllable embeds near every chunk alike, so its best cosine cleared the gate by 0.02 and the margin under it took in
  the semantic leg's whole list (30 documents for the "x", which no chunk holds: now none; 26 for the "ab ": now
  the 9 that hold AB, as in AB 角; BENCHMARKS.md, "s-item2"). A word said over and over still finds what holds it.

Without a semantic leg (keyword mode, or an index built with another model) every match counts: a keyword match
is what the reader asked for. The values were chosen on the off-topic probes, corpus/eval, corpus/eval-dev and two
sets of real data nobody here wrote (BENCHMARKS.md, "Counts that mean something"), with the default model; cosines
mean something else with another model, so with one that has no values here every match counts too.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace

OWN_LEGS = ("keyword", "semantic")  # the legs that search the query itself (the others search expansions of it)


@dataclass
class Evidence:
    """What a query's legs found: each leg's ranked chunk ids, and the semantic leg's cosines (chunk -> score)."""

    found: dict[str, list[int]] = field(default_factory=dict)
    cosines: dict[int, float] = field(default_factory=dict)
    # Each leg's scores, aligned with ``found`` (a leg missing here votes by its ranks alone): filled by a search only
    # where ``keep_scores`` asks (``Floor.vote_share``, measured and not kept: benchmarks/small_counts.py)
    scores: dict[str, list[float]] = field(default_factory=dict)
    keep_scores: bool = False
    # The chunks the keyword leg found that hold every word of the query (search/keyword.py, holding_every_term)
    holding: Callable[[], Collection[int]] = frozenset
    # The documents of the semantic leg's chunks nearest the query, best first, each once, before its cosine floor
    # (semantic_min_score) cut them; how many documents the collection holds; and each chunk's document
    nearest: list[int] = field(default_factory=list)
    collection_documents: int = 0
    documents_of: Callable[[list[int]], list[int | None]] | None = None
    lifted: int = 0  # documents in the reader's language the on-point lift moved up (search/preference.py)
    repetition: bool = False  # the query repeats one short unit over and over (search/repetition.py)

    def semantic(self) -> dict[int, float]:
        """The dict the semantic leg fills with its chunks' cosines."""
        return self.cosines

    @property
    def has_meaning(self) -> bool:
        """Whether the semantic leg ran (keyword mode, or a vector index that does not fit, has none)."""
        return "semantic" in self.found


@dataclass(frozen=True)
class Floor:
    """The floor's values (cosines of the default model; module docstring)."""

    gate: float = 0.22
    gate_rank: int = 3
    margin: float = 0.15
    minimum: float = 0.15
    lead: int = 10
    agreement: int = 20
    holders: bool = True  # a document holding every word of the query counts (False: the floor before s-floor)
    leads: tuple[str, ...] = OWN_LEGS  # the legs whose first ``lead`` documents count
    nearest_votes: bool = True  # the semantic leg votes by its nearest chunks, under its cosine floor too (s-short)
    nearest_part: int = 6  # ... for its first documents, one in this many of the collection (s-short2)
    # the agreement depth: one in this many of the collection (the first at least), at most ``agreement``; six was tried
    # and lost documents in the other language that only their translation ranks first (s-small)
    agreement_part: int = 1
    lead_part: int = 12  # a leg's lead: one in this many of the collection, at most ``lead`` (s-small)
    # the legs searching the terms of the same first results, in the query's language and the other: one vote
    # together in a collection where the agreement depth is more than one document in ``echo_part`` (s-small2)
    echoes: tuple[str, ...] = ("feedback", "cross_feedback")
    echo_part: int = 6
    # tried, not kept (0: off): a leg votes only for a document scoring at least this share of the leg's best; it
    # lost documents judged relevant in collections of 11, 14 and 132 (BENCHMARKS.md, s-small2)
    vote_share: float = 0.0
    repetitions: bool = True  # a text repeating one short unit is judged by its words alone (False: before s-item2)
    # Tag suggestions (Searcher.suggest_tags): a neighbouring document lends its tags when its best chunk's cosine
    # with the document's centre is at least ``tag_neighbour``, and a tag only one neighbour has needs that neighbour
    # at ``tag_alone``: any Chinese text scores 0.45-0.6 with any other (a tax 事故报告 took 数据迁移 and 知识交接 from
    # a sales-data incident at 0.58). Chosen on corpus/ and u-zh's 200 real Chinese documents (BENCHMARKS.md,
    # "Tag suggestions from documents that are alike").
    tag_neighbour: float = 0.6
    tag_alone: float = 0.7


FLOOR = Floor()
FLOORS = {"use-multilingual": FLOOR}  # model -> the floor measured with it


def floor_for(model: str) -> Floor | None:
    """The floor measured with a model (None: no floor, every match counts)."""
    return FLOORS.get(model)


def above_floor(documents: Sequence[Sequence[int]], evidence: Evidence, floor: Floor | None = FLOOR) -> list[bool]:
    """For each document (its chunk ids), whether it is relevant by the floor (module docstring).

    Args:
        documents: each document's chunk ids.
        evidence: what the query's legs found.
        floor: the floor's values (None: every document counts).
    """
    if floor is None or not evidence.has_meaning:
        return [True] * len(documents)
    if floor.repetitions and evidence.repetition:
        evidence = _words_alone(evidence)
    cosines = evidence.cosines
    best = [max((cosines.get(i, -1.0) for i in chunks), default=-1.0) for chunks in documents]
    top = max(best, default=-1.0)
    owner = {chunk: n for n, chunks in enumerate(documents) for chunk in chunks}
    agreement, lead = _depths(floor, evidence.collection_documents)
    ranks = {leg: _document_ranks(ranked, owner, max(agreement, lead, floor.gate_rank))
             for leg, ranked in evidence.found.items()}
    shares = {leg: _document_shares(evidence.found[leg], scores, owner) for leg, scores in evidence.scores.items()
              if floor.vote_share > 0 and leg in evidence.found}
    opened = top >= floor.gate or _legs_agree_on_one(ranks, floor.gate_rank)
    holding = set(evidence.holding()) if floor.holders or not opened else set()
    if not opened and not holding:
        return [False] * len(documents)
    line = max(floor.minimum, top - floor.margin)
    votes = [0] * len(documents)
    voting = {leg: {n for n, rank in leg_ranks.items()
                    if rank <= agreement and shares.get(leg, {}).get(n, 1.0) >= floor.vote_share}
              for leg, leg_ranks in ranks.items()}
    if floor.nearest_votes and holding:
        voting["semantic"] = voting.get("semantic", set()) | _nearest_documents(documents, evidence, floor)
    if 0 < evidence.collection_documents < floor.agreement * floor.echo_part:
        voting["echoes"] = set().union(*(voting.pop(leg, set()) for leg in floor.echoes))
    for voted in voting.values():
        for n in voted:
            votes[n] += 1
    leading = {n for leg in floor.leads for n, rank in ranks.get(leg, {}).items() if rank <= lead}
    if floor.holders:
        leading.update(n for n, chunks in enumerate(documents) if not holding.isdisjoint(chunks))
    return [score >= line or vote >= 2 or n in leading for n, (score, vote) in enumerate(zip(best, votes))]


def _words_alone(evidence: Evidence) -> Evidence:
    """The evidence of a text repeating one short unit: its words' (what the keyword leg and the expansion legs found),
    not its meaning's (the semantic leg's cosines, ranks and nearest chunks: module docstring)."""
    return replace(evidence, found={**evidence.found, "semantic": []}, cosines={}, nearest=[])


def _depths(floor: Floor, collection: int) -> tuple[int, int]:
    """The agreement depth and a leg's lead in a collection of ``collection`` documents: one in ``agreement_part`` and
    one in ``lead_part`` of it, at most ``agreement`` and ``lead`` (0: the size is not known, no bound)."""
    if collection <= 0:
        return floor.agreement, floor.lead
    return max(1, _share(collection, floor.agreement_part, floor.agreement)), _share(collection, floor.lead_part, floor.lead)


def _share(collection: int, part: int, most: int) -> int:
    """One document in ``part`` of a collection of ``collection``, at most ``most``: a rank that leaves most of it out."""
    return min(most, collection // part)


def _nearest_documents(documents: Sequence[Sequence[int]], evidence: Evidence, floor: Floor) -> set[int]:
    """The documents (indexes into ``documents``) among the first of the semantic leg's nearest, before its cosine
    floor: one in ``nearest_part`` of the collection, at most ``agreement`` (module docstring)."""
    depth = _share(evidence.collection_documents, floor.nearest_part, floor.agreement)
    if depth < 1 or not evidence.nearest or evidence.documents_of is None:
        return set()
    position = {key: n for n, key in enumerate(evidence.documents_of([chunks[0] for chunks in documents]))
                if key is not None}
    return {position[key] for key in evidence.nearest[:depth] if key in position}


def _document_shares(ranked: Sequence[int], scores: Sequence[float], owner: dict[int, int]) -> dict[int, float]:
    """Document -> its best chunk's score in a leg as a share of the leg's best (that of the first listed document);
    none where the leg's best is not above 0 (a share of it says nothing)."""
    best: dict[int, float] = {}
    for chunk, score in zip(ranked, scores):
        document = owner.get(chunk)
        if document is not None and document not in best:
            best[document] = score
    top = max(best.values(), default=0.0)
    return {n: score / top for n, score in best.items()} if top > 0 else {}


def _legs_agree_on_one(ranks: dict[str, dict[int, int]], depth: int) -> bool:
    """Whether the keyword and semantic legs both rank some document among their first ``depth``."""
    keyword, semantic = ranks.get("keyword", {}), ranks.get("semantic", {})
    return any(rank <= depth and semantic.get(n, depth + 1) <= depth for n, rank in keyword.items())


def _document_ranks(ranked: Sequence[int], owner: dict[int, int], depth: int) -> dict[int, int]:
    """Document -> its rank (from 1) among the first ``depth`` distinct documents of a leg's chunk ranking
    (chunks of no listed document skipped)."""
    seen: dict[int, int] = {}
    for chunk in ranked:
        document = owner.get(chunk)
        if document is not None and document not in seen:
            seen[document] = len(seen) + 1
            if len(seen) >= depth:
                break
    return seen


__all__ = ["FLOOR", "FLOORS", "Evidence", "Floor", "above_floor", "floor_for"]
