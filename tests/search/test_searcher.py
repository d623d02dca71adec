"""Ranking, filters, grouping, collapsing and similar past issues, on a tiny corpus with the fake embedder."""

import numpy as np
import pytest

from kb.errors import InvalidInput, NotFound
from kb.store import Filters, Target
from search import Searcher, SearchQuery
from search.conditions import filter_condition
from search.translation_scores import ScoreTable


def keys(results):
    return [g.document_key for g in results.groups]


def search(searcher, text, **kw):
    filters = kw.pop("filters", Filters(include_hidden=False))
    return searcher.search(SearchQuery(text, filters=filters, **kw))


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


def test_translated_leg_finds_the_other_language(indexed):
    _, _, searcher = indexed
    assert "supplier" in searcher.translated_terms("供应商") or "vendor" in searcher.translated_terms("供应商")
    assert {"供应商", "接口"} <= set(searcher.translated_terms("vendor interface"))
    assert searcher.translated_terms("zzz qqq") == []
    translated: list[str] = []
    fused = searcher.rank("供应商延期", "hybrid", Filters(include_hidden=False), translated=translated)
    assert {"supplier", "vendor"} & set(translated)  # the terms used, for marking them in snippets
    crm = {r["id"] for r in searcher.store.rows(
        "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id WHERE d.key = 'crm/retro'")}
    assert any("translated" in f.legs and f.id in crm for f in fused)


def test_dictionary_translations_far_from_the_word_are_not_searched(indexed, monkeypatch):
    _, _index, searcher = indexed
    assert searcher.settings.translation_min_similarity == 0  # the test settings: the fake model knows no languages
    assert "压缩" in searcher.translated_terms("compressed")  # CC-CEDICT, and in the collection
    assert searcher.translation_words("compressed") == []
    glossary = set(searcher.translated_terms("vendor interface"))
    searcher.settings = searcher.settings.replace(translation_min_similarity=0.6)
    assert searcher.translated_terms("compressed") == []  # the fake scores it 0 against "compressed"
    assert "compressed" in searcher.translation_words("compressed")  # no table for this model: embedded live
    assert "压缩" in searcher.translated_terms("compressed", scored=False)  # the model unusable: dictionary order
    assert set(searcher.translated_terms("vendor interface")) == glossary >= {"供应商", "接口"}  # glossary: as is
    monkeypatch.setattr("search.embedder.is_multilingual", lambda model: False)
    assert "压缩" in searcher.translated_terms("compressed")  # an English-only model scores nothing


def test_the_shipped_scores_keep_close_translations_and_the_model_scores_the_rest(indexed, monkeypatch):
    _, index, searcher = indexed
    searcher.settings = searcher.settings.replace(translation_min_similarity=0.6)
    table = ScoreTable(index.model, {"compressed": {"压缩": 0.9}})
    monkeypatch.setattr("search.translation_scores.builtin_scores",
                        lambda model, cache=None: table if model == index.model else None)
    assert "压缩" in searcher.translated_terms("compressed")
    assert searcher.translation_words("compressed") == []  # the table scores it: nothing to embed
    assert searcher.translation_words("compresses") == ["compresses", "压缩"]  # not in the table
    table.scores["compressed"]["压缩"] = 0.3
    assert searcher.translated_terms("compressed") == []


def test_a_hybrid_query_embeds_itself_alone_and_its_words_once(indexed):
    _, index, searcher = indexed
    searcher.settings = searcher.settings.replace(translation_min_similarity=0.6)
    model, calls = index.embedder().model, []
    encode = model.encode
    model.encode = lambda texts, **kwargs: calls.append(list(texts)) or encode(texts, **kwargs)
    searcher.rank("the interface was compressed", "hybrid", Filters(include_hidden=False))
    assert calls[0] == ["the interface was compressed"]  # alone: its vector never depends on a batch
    assert calls[1:] == [["compressed", "压缩"]]  # then the words that score its translations
    calls.clear()
    searcher.rank("the interface was compressed", "hybrid", Filters(include_hidden=False))
    assert calls == [["the interface was compressed"]]  # the words are kept: only the query this time


def test_feedback_terms_are_distinctive_words_of_the_first_results(indexed):
    store, _, searcher = indexed
    texts = [r["text"] for r in store.rows("SELECT c.text FROM chunks c JOIN documents d ON d.id = c.document_id"
                                           " WHERE d.key = 'mes/pm'")]
    terms = searcher.feedback_terms(texts)
    assert "environment" in terms or "environ" in terms or "criterion" in terms
    assert searcher.feedback_terms([]) == []


@pytest.mark.parametrize("filters, expected", [
    (Filters(project=["MES"]), {"mes/pm"}),
    (Filters(project=[" mes "]), {"mes/pm"}),  # typed: case and spaces do not count
    (Filters(tags=["数据", "data"]), {"crm/retro"}),
    (Filters(doc_type=["post_mortem"]), {"mes/pm"}),
    (Filters(kind=["root_cause"]), {"mes/pm"}),
    (Filters(since="2025-01-01", until="2025-06-30"), {"crm/retro"}),
    (Filters(language=["zh"]), {"erp/retro"}),
])
@pytest.mark.parametrize("mode", ["keyword", "semantic", "hybrid"])
def test_filters_apply_inside_each_leg(indexed, filters, expected, mode):
    _, _, searcher = indexed
    filters.include_hidden = False
    results = search(searcher, "vendor interface late 测试 environment", mode=mode, filters=filters)
    assert results.groups, "a filter must not empty a page that has results"
    assert set(keys(results)) <= expected


def test_a_rare_project_filter_still_fills_the_page(make_index, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(60):
        (folder / f"a{i}.md").write_text(f"---\nproject: BIG\n---\n# Doc {i}\n\n## Lessons learned\n"
                                         f"- The vendor delivered late, case {i}.\n", encoding="utf-8")
    (folder / "rare.md").write_text("---\nproject: RARE\n---\n# Rare\n\n## Lessons learned\n"
                                    "- Something else entirely about budgets.\n", encoding="utf-8")
    _store, index = make_index(folder)
    from search import Searcher

    results = Searcher(index).search(SearchQuery("vendor delivered late", mode="semantic", depth=10,
                                                 filters=Filters(project=["RARE"], include_hidden=False)))
    assert keys(results) == ["rare.md"]


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

    monkeypatch.setattr(Assembler, "near_duplicates", lambda self, lessons: {})
    test_identical_lessons_from_two_documents_are_collapsed(indexed)


def test_the_lesson_ids_of_results_are_lessons_and_sections_have_none(indexed):
    store, _, searcher = indexed
    results = search(searcher, "vendor interface late", mode="hybrid")
    lessons = {r[0] for r in store.conn.execute("SELECT id FROM lessons")}
    assert results.lesson_ids and set(results.lesson_ids) <= lessons
    hits = [h for g in results.groups for h in g.hits]
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


def test_hidden_lessons_leave_search_for_readers(indexed):
    store, _, searcher = indexed
    lesson = store.lessons(Filters(document="mes/pm", kind=["root_cause"]))[0][0]
    store.conn.execute("UPDATE lessons SET review_status = 'hidden' WHERE id = ?", [lesson["id"]])
    for mode in ("keyword", "semantic", "hybrid"):
        ids = {h.lesson_id for g in search(searcher, "test environment not ready", mode=mode).groups for h in g.hits}
        assert lesson["id"] not in ids
    shown = search(searcher, "test environment not ready", filters=Filters(include_hidden=True))
    assert lesson["id"] in {h.lesson_id for g in shown.groups for h in g.hits}


def test_similar_past_issues_come_from_other_projects(indexed):
    store, _, searcher = indexed
    lesson = store.lessons(Filters(document="crm/retro", kind=["went_wrong"]))[0][1]
    assert "vendor" in lesson["text"]
    hits = searcher.similar(lesson_id=lesson["id"])
    assert hits and all(h.project != "CRM" and h.kind == "lesson" for h in hits)
    assert hits[0].document_key.startswith("pmo/register.csv#")
    same = searcher.similar(lesson_id=lesson["id"], other_projects=False)
    assert all(h.document_key != "crm/retro" for h in same)


def test_similar_from_a_free_text_description(indexed):
    _, _, searcher = indexed
    hits = searcher.similar(text="供应商接口延期")
    assert hits[0].document_key == "erp/retro"


@pytest.mark.parametrize("kwargs, error, message", [
    ({"text": "   "}, InvalidInput, "the query is empty"),
    ({"text": "x", "mode": "fuzzy"}, InvalidInput, "unknown mode 'fuzzy'"),
    ({"text": "x", "limit": 0}, InvalidInput, "limit must be between"),
])
def test_bad_queries_are_invalid_input(indexed, kwargs, error, message):
    _, _, searcher = indexed
    with pytest.raises(error, match=message):
        searcher.search(SearchQuery(**kwargs))


def test_similar_errors(indexed):
    _, _, searcher = indexed
    with pytest.raises(NotFound):
        searcher.similar(lesson_id=99999)
    with pytest.raises(InvalidInput):
        searcher.similar(text="")


@pytest.mark.parametrize("text", ["，。！？", " ... ", "——", "？？？"])
def test_similar_to_a_text_without_a_word_is_refused(indexed, text):
    # Punctuation alone listed ten lessons near nothing in particular ('kb similar --text "，。！"').
    _, _, searcher = indexed
    with pytest.raises(InvalidInput, match="punctuation and symbols alone are not searched for; give a word or two"):
        searcher.similar(text=text)


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


def test_lesson_tags_are_a_filter_too(indexed):
    store, _, searcher = indexed
    lesson = store.lessons(Filters(document="mes/pm"))[0][0]
    store.add_tag(Target("lesson", str(lesson["id"])), "environments")
    results = search(searcher, "environment", filters=Filters(tags=["Environments"], include_hidden=False))
    assert keys(results) == ["mes/pm"]


def test_other_language_chunks_pick_the_best_semantic_matches_in_the_other_language(indexed):
    store, _, searcher = indexed
    ranked = [r[0] for r in store.conn.execute("SELECT id FROM chunks ORDER BY id")]
    languages = dict(store.conn.execute(
        "SELECT c.id, d.language FROM chunks c JOIN documents d ON d.id = c.document_id").fetchall())
    english = searcher.other_language_chunks("供应商延期", ranked, 3)
    chinese = searcher.other_language_chunks("the vendor was late", ranked, 3)
    assert english and all(languages[i] == "en" for i in english) and english == [i for i in ranked if languages[i] == "en"][:3]
    assert chinese and all(languages[i] == "zh" for i in chinese)
    assert searcher.other_language_chunks("供应商 vendor 延期 late", ranked, 3) == []  # a mixed query has no "other"
    unknown = max(ranked) + 1000  # a chunk the index does not know yet: its language unknown, so the other one
    assert searcher.other_language_chunks("供应商延期", [unknown, *ranked], 3) == [unknown, *english[:2]]
    assert searcher.other_language_chunks("供应商延期", np.array(ranked), 3) == english  # the semantic leg's ids


def test_similar_lessons_leave_out_hidden_lessons_and_the_excluded_documents(indexed):
    store, _, searcher = indexed
    lesson = store.lessons(Filters(document="crm/retro", kind=["went_wrong"]))[0][1]
    first = searcher.similar(lesson_id=lesson["id"], mode="semantic")[0]
    store.conn.execute("UPDATE lessons SET review_status = 'hidden' WHERE id = ?", [first.lesson_id])
    store.conn.commit()
    again = searcher.similar(lesson_id=lesson["id"], mode="semantic")
    assert again and first.lesson_id not in {h.lesson_id for h in again}
    assert all(h.project != "CRM" and h.kind == "lesson" for h in again)
    by_document = searcher.similar_to_document("crm/retro")
    assert by_document and first.lesson_id not in {h.lesson_id for h in by_document}
    assert all(h.document_key != "crm/retro" and h.project != "CRM" for h in by_document)
    allowed = searcher.lessons_elsewhere("crm/retro", "CRM")
    crm = {r[0] for r in store.conn.execute(
        "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id WHERE d.project = 'CRM'")}
    assert len(allowed) and not crm & set(allowed.tolist())


def test_similar_lessons_fill_up_when_a_document_went_before_the_next_sync(indexed):
    store, _, searcher = indexed
    lesson = store.lessons(Filters(document="crm/retro", kind=["went_wrong"]))[0][1]
    before = searcher.similar(lesson_id=lesson["id"], limit=2)
    gone = before[0].document_key
    source = store.scalar("SELECT source_id FROM documents WHERE key = ?", [gone])
    store.delete_source(source)  # its chunks stay in the vector index until the next sync
    after = searcher.similar(lesson_id=lesson["id"], limit=2)
    assert len(after) == 2 and gone not in {h.document_key for h in after}
    by_document = searcher.similar_to_document("crm/retro", limit=1)
    assert len(by_document) == 1 and by_document[0].document_key != gone


def test_search_counts_only_documents_still_in_the_store(indexed):
    store, _, searcher = indexed
    before = search(searcher, "vendor delay 供应商 延期")
    gone = before.groups[0].document_key
    store.delete_source(store.scalar("SELECT source_id FROM documents WHERE key = ?", [gone]))
    after = search(searcher, "vendor delay 供应商 延期")  # the index still holds its chunks until the next sync
    assert after.total == before.total - 1 and gone not in keys(after)
    assert store.scalar("SELECT id FROM documents WHERE key = ?", [gone]) is None
    assert len(after.document_ids) == after.total


@pytest.mark.parametrize("filters", [
    Filters(language=["en"], include_hidden=False),
    Filters(project=["CRM", "ERP"], include_hidden=False),
    Filters(since="2024-01-01", doc_type=["retrospective"], include_hidden=False),
    Filters(language=["zh"], include_hidden=True),
    Filters(language=["zh", "en"], since="2024-01-01", include_hidden=False),  # the forward index and SQL
    Filters(language=["en", "xx"], include_hidden=False),  # a language the forward index does not know: SQL
])
def test_a_filter_on_documents_allows_the_same_chunks_as_the_join(indexed, filters):
    store, _, searcher = indexed
    store.conn.execute("UPDATE lessons SET review_status = 'hidden' WHERE id = (SELECT min(id) FROM lessons)")
    where, params = filter_condition(store, filters)
    fast = searcher._filtered_ids(filters, where, params)
    joined = searcher.allowed_ids(where, params)
    assert len(fast) and fast.tolist() == joined.tolist()
    assert fast.tolist() == sorted(fast.tolist())  # sorted: the keyword shortcut looks ids up by bisection


def test_a_broad_filter_gives_every_keyword_leg_what_the_join_gives(indexed, monkeypatch):
    # English documents are most of this collection: their filter takes FTS5's own ranking. A hidden lesson that
    # matches must stay out of it, as it stays out of the join.
    import search.keyword as keyword_module

    store, _, searcher = indexed
    store.conn.execute("UPDATE lessons SET review_status = 'hidden' WHERE id = (SELECT min(l.id) FROM lessons l"
                       " JOIN documents d ON d.id = l.document_id WHERE d.language = 'en')")
    hidden = {r[0] for r in store.conn.execute(
        "SELECT c.id FROM chunks c JOIN lessons l ON l.id = c.lesson_id WHERE l.review_status = 'hidden'")}
    filters = Filters(language=["en"], include_hidden=False)
    share = len(searcher._filtered_ids(filters, *filter_condition(store, filters))) / store.scalar(
        "SELECT count(*) FROM chunks")
    assert share >= keyword_module.BROAD_FILTER
    queries = ["vendor interface late delivery", "test environment readiness", "供应商 延期 vendor"]
    shortcut = {q: searcher.rank(q, "hybrid", filters) for q in queries}
    monkeypatch.setattr(keyword_module, "BROAD_FILTER", 2.0)  # never: every leg joins
    for q in queries:
        joined = searcher.rank(q, "hybrid", filters)
        assert [(f.id, f.legs) for f in shortcut[q]] == [(f.id, f.legs) for f in joined]
        assert shortcut[q] and not hidden & {f.id for f in shortcut[q]}


def test_a_same_language_collection_fuses_keyword_and_semantic_by_score(make_index, small_corpus, monkeypatch):
    """English documents alone: no translation or feedback legs, and the two legs fused by standardised scores;
    once a Chinese document is there, an English query gets its cross-language legs and rank fusion again."""
    from search import legs as legs_module

    for path in small_corpus.rglob("*.md"):
        if "erp" in path.parts:
            path.unlink()
    _, index = make_index(small_corpus)
    searcher = Searcher(index)
    fused_by: list[bool] = []
    fuse = legs_module.Legs.fuse
    monkeypatch.setattr(legs_module.Legs, "fuse",
                        lambda self, weights, by_score=False, **options: fused_by.append(by_score)
                        or fuse(self, weights, by_score=by_score, **options))
    fused = searcher.rank("vendor delivered the interface late", "hybrid", Filters(include_hidden=False))
    assert fused_by == [True]
    assert {leg for f in fused for leg in f.legs} == {"keyword", "semantic"}
    assert keys(search(searcher, "duplicate customer records"))[0] == "crm/retro"

    fused_by.clear()
    (small_corpus / "erp").mkdir(exist_ok=True)
    (small_corpus / "erp" / "retro.md").write_text("# ERP升级复盘\n\n## 经验教训\n- 外包供应商的接口交付延期五周。\n",
                                                   encoding="utf-8")
    _, index = make_index(small_corpus)
    fused = Searcher(index).rank("vendor delivered the interface late", "hybrid", Filters(include_hidden=False))
    assert fused_by[-1] is False
    assert "translated" in {leg for f in fused for leg in f.legs}


def test_a_query_whose_best_matches_are_all_in_its_language_is_ranked_as_in_one_language(make_index, small_corpus,
                                                                                          monkeypatch):
    """In a collection of two languages, an English query whose Chinese matches all score far below its best match
    is ranked as in a collection of one language (no feedback legs, its translation at half weight, fused by score,
    its keyword leg counted twice); with an other_language_margin wide enough to reach a Chinese match, or of 2 (always), or with an
    English-only model, it gets its cross-language legs."""
    from search import legs as legs_module

    calls: list[tuple[bool, dict[str, float]]] = []
    fuse = legs_module.Legs.fuse
    monkeypatch.setattr(legs_module.Legs, "fuse", lambda self, weights, by_score=False, **options:
                        calls.append((by_score, dict(weights))) or fuse(self, weights, by_score=by_score, **options))
    query, everything = "duplicate customer records", Filters(include_hidden=False)

    _, index = make_index(small_corpus, other_language_margin=0.0)  # bilingual: the ERP retrospective is Chinese
    searcher = Searcher(index)
    semantic = searcher.rank(query, "semantic", everything)
    languages = index.chunk_facts().languages([f.id for f in semantic])
    assert languages[semantic[0].id] == "en" and "zh" in languages.values()  # Chinese matches, below the best
    fused = searcher.rank(query, "hybrid", everything)
    assert calls[-1] == (True, {"keyword": 2.0, "semantic": 1.0, "translated": 0.5, "feedback": 0.0,
                                "cross_feedback": 0.0})  # the translation kept, at half weight
    assert {leg for f in fused for leg in f.legs} <= {"keyword", "semantic", "translated"}
    assert keys(search(searcher, query))[0] == "crm/retro"

    for margin, model in ((1.0, "fake"), (2.0, "fake"), (0.0, "minilm")):  # wide enough for the Chinese matches;
        # always; or a model of English alone, whose cosines say nothing of Chinese text
        _, index = make_index(small_corpus, db=small_corpus.parent / f"m{margin}{model}.db",
                              other_language_margin=margin, model=model)
        fused = Searcher(index).rank(query, "hybrid", everything)
        by_score, weights = calls[-1]
        assert not by_score and (weights["keyword"], weights["translated"], weights["feedback"]) == (1.0, 1.0, 1.0)
        assert "feedback" in {leg for f in fused for leg in f.legs}, (margin, model)


WORKSHOP_RETRO = """---
id: km/retro
title: Sharing sessions retrospective
project: KM
---
# Sharing sessions retrospective

## What didn't go well
- The conference workshop venue was booked late.
- Workshop speakers for the conference were confirmed late.
- The conference workshop agenda reached attendees late.
- Conference workshop recordings were published late.
"""


def test_similar_past_issues_take_at_most_two_lessons_from_one_document(make_index, tmp_path):
    folder = tmp_path / "workshops"
    (folder / "km").mkdir(parents=True)
    (folder / "km" / "retro.md").write_text(WORKSHOP_RETRO, encoding="utf-8")
    for name in ("events", "training", "summit"):
        (folder / f"{name}.md").write_text(
            f"---\nid: {name}/retro\ntitle: {name} retro\nproject: {name}\n---\n# {name} retro\n\n"
            f"## What didn't go well\n- The {name} conference workshop started late.\n", encoding="utf-8")
    _, index = make_index(folder)
    searcher = Searcher(index)
    text = "conference workshop late"
    unlimited = [h.document_key for h in searcher.similar(text=text, limit=6, per_document=0)]
    assert unlimited.count("km/retro") >= 3, unlimited  # without a cap the long retrospective fills the list
    spread = [h.document_key for h in searcher.similar(text=text, limit=6)]
    assert spread.count("km/retro") == 2 and len(spread) == 5  # the setting's default, 2; then the other three
    assert [h.document_key for h in searcher.similar(text=text, limit=6, per_document=1)].count("km/retro") == 1
    assert set(spread) == {"km/retro", "events/retro", "training/retro", "summit/retro"}


def test_an_english_query_weighs_its_keyword_leg_more_in_a_collection_of_one_language(make_index, small_corpus,
                                                                                      monkeypatch):
    """Fused by score in a collection of one language, an English query's keyword leg counts english_keyword_weight
    times (the default model is weak in English); a Chinese query's, in a Chinese collection, once; and in a
    bilingual collection an English query's legs keep their weights (its relevant documents may be Chinese)."""
    from search import legs as legs_module

    weighed: list[dict[str, float]] = []
    fuse = legs_module.Legs.fuse
    monkeypatch.setattr(legs_module.Legs, "fuse", lambda self, weights, **options: weighed.append(dict(weights))
                        or fuse(self, weights, **options))
    _, index = make_index(small_corpus)  # bilingual: the ERP retrospective is Chinese
    Searcher(index).rank("vendor delivered the interface late", "hybrid", Filters(include_hidden=False))
    assert weighed[-1]["keyword"] == weighed[-1]["semantic"] == 1.0

    chinese = small_corpus.parent / "zh"
    (chinese / "erp").mkdir(parents=True)
    (small_corpus / "erp" / "retro.md").rename(chinese / "erp" / "retro.md")
    _, index = make_index(small_corpus, db=small_corpus.parent / "en.db")
    Searcher(index).rank("vendor delivered the interface late", "hybrid", Filters(include_hidden=False))
    assert (weighed[-1]["keyword"], weighed[-1]["semantic"]) == (2.0, 1.0)
    _, index = make_index(small_corpus, db=small_corpus.parent / "en3.db", english_keyword_weight=3.0)
    Searcher(index).rank("vendor delivered the interface late", "hybrid", Filters(include_hidden=False))
    assert weighed[-1]["keyword"] == 3.0

    _, index = make_index(chinese, db=small_corpus.parent / "zh.db")
    Searcher(index).rank("供应商接口交付延期", "hybrid", Filters(include_hidden=False))
    assert weighed[-1]["keyword"] == weighed[-1]["semantic"] == 1.0


def test_only_the_users_own_query_gets_a_postings_budget_per_term(indexed, monkeypatch):
    """A long query keeps more of its words (keyword_postings_per_term); translations and feedback terms, already
    cut to their rarest twenty, keep the plain budget."""
    from search import legs as legs_module

    budgets: list[tuple[int | None, int]] = []
    real = legs_module.keyword_ranked
    monkeypatch.setattr(legs_module, "keyword_ranked", lambda *args, **options: budgets.append(
        (options["max_terms"], options["postings_per_term"])) or real(*args, **options))
    _, _, searcher = indexed
    searcher.rank("vendor delivered the interface late", "hybrid", Filters(include_hidden=False))
    assert (None, 1000) in budgets  # the user's own query
    assert {per_term for max_terms, per_term in budgets if max_terms is not None} == {0}  # the expansion legs
    assert len(budgets) >= 3


def test_the_warm_up_keeps_no_words_for_a_model_the_shipped_scores_are_not_for(indexed):
    from search.warm import keep_translation_words

    _, index, searcher = indexed
    index.settings = searcher.settings = searcher.settings.replace(translation_min_similarity=0.6)
    model = index.embedder().model
    before = model.encoded
    assert keep_translation_words(index) == 0  # the table is the default model's: every pair is this model's
    assert model.encoded == before
