"""Ranking, paging, grouping and collapsing, and the queries refused or taken as plain text, on a tiny corpus with
the fake embedder."""

import pytest

from kb.errors import InvalidInput
from search import Searcher, SearchQuery
from tests.search.result_pages import keys, search


@pytest.mark.parametrize("mode", ["keyword", "semantic", "hybrid"])
def test_chinese_two_character_word_inside_longer_text(indexed, mode):
    _, _, searcher = indexed
    results = search(searcher, "延期", mode=mode)
    assert keys(results)[0] == "erp/retro"
    hit = results.groups[0].hits[0]
    assert hit.kind == "lesson" and hit.lesson_kind == "went_wrong" and "<mark>延期</mark>" in hit.snippet_html


def test_english_stemmed_keyword_search(indexed):
    _, _, searcher = indexed
    results = search(searcher, "environments readiness", mode="keyword")
    assert keys(results)[0] == "mes/pm"


def test_hybrid_hits_say_which_legs_matched(indexed):
    _, _, searcher = indexed
    hit = search(searcher, "duplicate customer records").groups[0].hits[0]
    assert hit.document_key == "crm/retro" and {"keyword", "semantic", "feedback"} <= set(hit.legs)
    assert set(search(searcher, "duplicate customer records", mode="keyword").groups[0].hits[0].legs) == {"keyword"}


def test_hits_are_grouped_by_document_and_paginated(indexed):
    _, _, searcher = indexed
    first = search(searcher, "vendor interface late", limit=1)
    second = search(searcher, "vendor interface late", limit=1, offset=1)
    assert len(first.groups) == len(second.groups) == 1 and keys(first) != keys(second)
    assert first.total == second.total >= 3
    for group in first.groups:
        assert len({h.chunk_id for h in group.hits}) == len(group.hits) <= 3


@pytest.mark.parametrize("mode", ["keyword", "hybrid"])
def test_pages_neither_overlap_nor_skip_and_keep_one_total(indexed, mode):
    # A shallow ranking (8 chunks per leg; pages of one document ask for 4) so that a depth growing with the
    # offset would show.
    _, _, searcher = indexed
    first = search(searcher, "vendor interface late", mode=mode, limit=1, depth=8)
    pages = [search(searcher, "vendor interface late", mode=mode, limit=1, offset=i, depth=8)
             for i in range(first.total + 2)]
    assert {p.total for p in pages} == {first.total} and first.total >= 2
    walked = [key for page in pages for key in keys(page)]
    assert len(walked) == len(set(walked)) == first.total  # every document once


@pytest.mark.parametrize("mode", ["keyword", "semantic", "hybrid"])
def test_a_larger_page_lists_the_smaller_pages_documents_in_the_same_order(indexed, mode):
    # An export (100 documents) must list what the pages of 10 show, in their order: the page size must not
    # deepen the ranking (a shallow one here, 3 chunks a leg, so that a depth growing with the limit would show).
    _, _, searcher = indexed
    pages = [search(searcher, "vendor interface late", mode=mode, limit=1, offset=i, depth=3) for i in range(4)]
    large = search(searcher, "vendor interface late", mode=mode, limit=4, depth=3)
    assert [key for page in pages for key in keys(page)] == keys(large)
    assert {page.total for page in pages} == {large.total}


def test_identical_lessons_from_two_documents_are_collapsed(indexed):
    _, _, searcher = indexed
    results = search(searcher, "payroll vendor delivered the interface late", mode="keyword")
    payroll = [g for g in results.groups if g.document_key.startswith("pmo/register.csv")]
    assert len(payroll) == 1
    hit = payroll[0].hits[0]
    assert hit.duplicates and hit.duplicates[0].startswith("pmo/register.csv#A")


def test_identical_lessons_are_collapsed_by_their_text_alone(indexed, monkeypatch):
    # Beyond the first lessons compared by vector, only the lesson texts' hashes find repeats.
    from search.assembly import Assembler

    monkeypatch.setattr(Assembler, "near_duplicates", lambda self, ids, documents: {})
    test_identical_lessons_from_two_documents_are_collapsed(indexed)


def test_the_lesson_ids_of_results_are_lessons_and_sections_have_none(indexed):
    store, _, searcher = indexed
    results = search(searcher, "vendor interface late", mode="hybrid")
    lessons = {r[0] for r in store.conn.execute("SELECT id FROM lessons")}
    assert results.lesson_ids and set(results.lesson_ids) <= lessons
    hits = [h for g in results.groups for h in g.hits]
    # every section of this corpus only repeats its lessons, so none is shown beside them (test_repeated_hits.py)
    assert {h.kind for h in hits} == {"lesson"}
    assert all(h.lesson_id in lessons for h in hits)


def test_a_sections_hit_has_no_lesson_id(make_index, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "retro.md").write_text("# MES retro\n\n## Background\n\nThe vendor was chosen in March; the interface "
                                     "plan was agreed late.\n\n## Lessons learned\n\n- Agree the vendor interface "
                                     "plan before the contract.\n", encoding="utf-8")
    _, index = make_index(folder)
    hits = [h for g in search(Searcher(index), "vendor interface late", mode="keyword").groups for h in g.hits]
    assert {h.kind for h in hits} == {"lesson", "section"}
    assert all((h.lesson_id is None) == (h.kind == "section") for h in hits)


def test_a_removed_documents_lesson_does_not_swallow_a_live_copy(indexed):
    store, _, searcher = indexed
    query = "payroll vendor delivered the interface late"
    shown = next(g for g in search(searcher, query, mode="keyword").groups
                 if g.document_key.startswith("pmo/register.csv"))
    copy = shown.hits[0].duplicates[0]
    with store.conn:  # the index keeps the removed document's chunks until the next sync
        store.conn.execute("DELETE FROM documents WHERE key = ?", [shown.document_key])
    after = search(searcher, query, mode="keyword")
    assert copy in keys(after) and shown.document_key not in keys(after)


@pytest.mark.parametrize("kwargs, error, message", [
    ({"text": "   "}, InvalidInput, "the query is empty"),
    ({"text": "x", "mode": "fuzzy"}, InvalidInput, "unknown mode 'fuzzy'"),
    ({"text": "x", "limit": 0}, InvalidInput, "limit must be between"),
])
def test_bad_queries_are_invalid_input(indexed, kwargs, error, message):
    _, _, searcher = indexed
    with pytest.raises(error, match=message):
        searcher.search(SearchQuery(**kwargs))


def test_a_query_of_control_characters_is_empty(indexed):
    _, _, searcher = indexed
    with pytest.raises(InvalidInput, match="the query is empty"):
        search(searcher, "\x00\x07")
    assert keys(search(searcher, "延\x00期", mode="keyword"))[0] == "erp/retro"  # NUL dropped, not a term break


@pytest.mark.parametrize("query", ['"', "AND", "NEAR(", "*", "?", "x" * 10_000])
def test_queries_of_search_syntax_or_no_known_word_find_nothing_by_keyword(indexed, query):
    _, _, searcher = indexed
    results = search(searcher, query, mode="keyword")
    assert results.total == 0 and results.groups == []
    assert search(searcher, query, mode="hybrid").total == 4  # the semantic leg still answers (every document here)


@pytest.mark.parametrize("query, plain", [
    ('"vendor"', "vendor"), ("vendor*", "vendor"), ("NEAR(vendor", "vendor"), ("风险 AND", "风险"), ("风险" * 5000, "风险"),
])
def test_search_syntax_in_a_query_is_plain_text(indexed, query, plain):
    _, _, searcher = indexed
    expected = keys(search(searcher, plain, mode="keyword"))
    assert expected and keys(search(searcher, query, mode="keyword")) == expected


def test_search_counts_only_documents_still_in_the_store(indexed):
    store, _, searcher = indexed
    before = search(searcher, "vendor delay 供应商 延期")
    gone = before.groups[0].document_key
    store.delete_source(store.scalar("SELECT source_id FROM documents WHERE key = ?", [gone]))
    after = search(searcher, "vendor delay 供应商 延期")  # the index still holds its chunks until the next sync
    assert after.total == before.total - 1 and gone not in keys(after)
    assert store.scalar("SELECT id FROM documents WHERE key = ?", [gone]) is None
    assert len(after.document_ids) == after.total


def test_the_floor_gets_the_semantic_leg_s_nearest_chunks_before_its_cosine_floor(indexed):
    """The relevance floor's votes take the documents of the semantic leg's nearest chunks as they come, before
    semantic_min_score cuts them (search/relevance.py, ``nearest``), never a hidden chunk, and how many documents the
    collection holds; the leg itself keeps only the chunks above it."""
    from kb.store import Filters
    from search.relevance import Evidence

    store, _, searcher = indexed
    everything, evidence = Filters(include_hidden=False), Evidence()
    uncut = [f.id for f in searcher.rank("duplicate customer records", "semantic", everything)]
    searcher.settings = searcher.settings.replace(semantic_min_score=2.0)  # above any cosine: the leg keeps none
    searcher.rank("duplicate customer records", "hybrid", everything, evidence=evidence)
    documents = store.conn.execute("SELECT id, document_id FROM chunks").fetchall()
    owner = dict(documents)
    assert evidence.found["semantic"] == [] and uncut
    assert evidence.nearest == list(dict.fromkeys(owner[c] for c in uncut))
    assert evidence.collection_documents == len(set(owner.values())) > 1
    shallow = Evidence()  # two chunks reach two documents at most: the collection is still all of them
    searcher.rank("duplicate customer records", "hybrid", everything, depth=2, evidence=shallow)
    assert len(shallow.nearest) <= 2 < shallow.collection_documents == evidence.collection_documents
    assert evidence.documents_of(uncut[:3]) == [owner[c] for c in uncut[:3]]
    nearest: list[int] = []
    searcher._semantic("duplicate customer records", 200, allowed=None, hidden={uncut[0]}, nearest=nearest)
    assert nearest == uncut[1:]


def test_a_search_keeps_the_legs_scores_only_where_its_evidence_asks(indexed):
    """Each leg's scores are copied into the evidence for ``Floor.vote_share`` alone, a knob measured and not kept
    (0: off; benchmarks/small_counts.py and relevance_bench.py compare it): a default search copies none (s-left6)."""
    from kb.store import Filters
    from search.relevance import Evidence

    _, _, searcher = indexed
    everything = Filters(include_hidden=False)
    default, asked = Evidence(), Evidence(keep_scores=True)
    for evidence in (default, asked):
        searcher.rank("duplicate customer records", "hybrid", everything, evidence=evidence)
    assert default.found and default.found == asked.found
    assert default.scores == {}
    assert set(asked.scores) == set(asked.found)
    assert all(len(asked.scores[leg]) == len(asked.found[leg]) for leg in asked.found)
    assert asked.scores["semantic"] == sorted(asked.scores["semantic"], reverse=True)


@pytest.mark.parametrize(("text", "repeats"), [("ab " * 666, True), ("测" * 2000, True), ("test test failure", False),
                                               ("duplicate customer records", False)])
def test_the_floor_is_told_when_a_query_repeats_one_short_unit(indexed, text, repeats):
    """A run of one letter or syllable embeds near every chunk alike: the floor counts nothing for it
    (search/repetition.py, search/relevance.py ``repetitions``); search tells it from the text it read."""
    from search.relevance import Evidence

    _, _, searcher = indexed
    evidence = Evidence()
    searcher.ranked_documents(SearchQuery(text), text, evidence=evidence)
    assert evidence.repetition is repeats
