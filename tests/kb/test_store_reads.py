"""kb/store/reads.py: filters, document and lesson listings (sorting, pages, totals), details, facets, counts."""

from __future__ import annotations

from datetime import date

import pytest

from kb.errors import InvalidInput, NotFound
from kb.models import DocType, Language, LessonKind, ParsedLesson, ParsedSection, TagOrigin
from kb.store import Filters, Store, Target
from kb.store.stored_ids import search_stamp
from tests.kb.factories import doc, source


@pytest.fixture
def shelf(store: Store) -> Store:
    """Five documents with different projects, dates, languages, types, departments and tags."""
    store.save_file(source("/data/a.md"), [doc("a", title="Alpha retro", project="ERP", department="IT",
                                               date=date(2024, 6, 1), tags=["vendor", "testing"],
                                               authors=["Ann", "王伟"], meta={"owner": "ann"})])
    store.save_file(source("/data/b.md"), [doc("b", title="Beta 复盘", project="CRM", language=Language.ZH,
                                               date=date(2025, 1, 1), doc_type=DocType.POST_MORTEM, tags=["vendor"],
                                               lessons=("供应商延期。",))])
    store.save_file(source("/data/c.md"), [doc("c", title="charter", project=None, date=None, tags=[],
                                               doc_type=DocType.CHARTER, lessons=())])
    store.save_file(source("/data/d.md"), [doc("d", title="Delta", project="erp", date=date(2023, 1, 1), tags=[],
                                               department="Finance", lessons=("Budget was cut.",))])
    store.save_file(source("/data/sub/e.md"), [doc("e", title="中文 标题", project="CRM", date=date(2025, 1, 1),
                                                   tags=["Testing"], lessons=("Go-live slipped.", "Train users."))])
    return store


def _keys(store: Store, filters: Filters | None = None, **kw) -> list[str]:
    return [d["key"] for d in store.documents(filters, **kw)[0]]


def test_since_after_until_is_refused_and_the_same_day_is_fine():
    with pytest.raises(InvalidInput, match=r"^'since' \(2025-01-01\) is after 'until' \(2024-12-31\): no date is in"
                                           r" between$"):
        Filters(since="2025-01-01", until="2024-12-31")
    assert Filters(since="2025-01-01", until="2025-01-01").until == "2025-01-01"
    assert Filters(since="2025-01-01").since == "2025-01-01" and Filters(until="2024-01-01").until == "2024-01-01"


def test_tag_names_are_normalised_without_empties():
    assert Filters(tags=[" #Vendor ", "", "  ", "ＥＲＰ", "vendor"]).tag_names() == ["vendor", "erp"]


def test_document_clauses_use_the_alias_given(shelf: Store):
    clauses, params = Filters(project=["erp"], department=["IT"], since="2024-01-01", until="2024-12-31",
                              document="a", doc_type=["retrospective"], language=["en"]).document_clauses("docs")
    ids = [r[0] for r in shelf.conn.execute(f"SELECT docs.key FROM documents docs WHERE {' AND '.join(clauses)}",
                                            params)]
    assert ids == ["a"] and Filters().document_clauses() == ([], [])


@pytest.mark.parametrize("filters, expected", [
    (Filters(), ["b", "e", "a", "d", "c"]),
    (Filters(project=[" erp "]), ["a", "d"]),  # case and surrounding spaces do not count
    (Filters(project=["CRM", "ERP"]), ["b", "e", "a", "d"]),
    (Filters(department=["Finance", "IT"]), ["a", "d"]),
    (Filters(department=["it"]), []),  # only projects ignore case
    (Filters(language=["zh"]), ["b"]),
    (Filters(doc_type=["charter", "post_mortem"]), ["b", "c"]),
    (Filters(since="2024-06-01"), ["b", "e", "a"]),  # inclusive
    (Filters(until="2024-06-01"), ["a", "d"]),  # inclusive; no date is never in a range
    (Filters(since="2024-06-02", until="2024-12-31"), []),
    (Filters(document="d"), ["d"]),
    (Filters(tags=["testing"]), ["e", "a"]),
    (Filters(tags=["vendor", "testing"]), ["b", "e", "a"]),
    (Filters(tags=["vendor", "testing"], tags_mode="all"), ["a"]),
    (Filters(tags=["vendor", "Vendor"], tags_mode="all"), ["b", "a"]),  # one tag named twice
    (Filters(tags=["  "]), ["b", "e", "a", "d", "c"]),  # an empty tag filters nothing
    (Filters(tags=["nothing"]), []),
    (Filters(project=["CRM"], tags=["testing"]), ["e"]),
])
def test_document_filters(shelf: Store, filters: Filters, expected: list[str]):
    assert _keys(shelf, filters) == expected
    assert shelf.documents(filters)[1] == len(expected)
    assert sorted(shelf.document_ids(filters)) == sorted(shelf.document_id(k) for k in expected)


@pytest.mark.parametrize("sort, expected", [
    ("date", ["b", "e", "a", "d", "c"]),
    ("-date", ["d", "a", "b", "e", "c"]),  # no date last either way
    ("title", ["a", "b", "c", "d", "e"]),  # Chinese sorts by pinyin: 中文 is zhong wen
    ("-title", ["e", "d", "c", "b", "a"]),
    ("project", ["b", "e", "a", "d", "c"]),  # CRM, then ERP/erp by date, then no project
    ("key", ["a", "b", "c", "d", "e"]),
    ("nonsense", ["b", "e", "a", "d", "c"]),  # by date
])
def test_document_sorts(shelf: Store, sort: str, expected: list[str]):
    assert _keys(shelf, sort=sort) == expected


def test_the_project_sort_puts_chinese_projects_in_pinyin_order_among_latin_ones(store: Store):
    """By project, browse listed 数据中台建设 智慧仓储 深圳总部搬迁 移动金融 (code points) after every Latin project; by
    pinyin 深圳 "shen" comes before 数据 "shu", and 移动 "yi" between them and 智慧 "zhi", as titles sort."""
    for key, project in (("a", "智慧仓储WMS上线"), ("b", "深圳总部搬迁"), ("c", "Payroll"), ("d", "数据中台建设"),
                         ("e", "移动金融App"), ("f", "Tax"), ("g", "ERP")):
        store.save_file(source(f"/data/{key}.md"), [doc(key, title=key, project=project)])
    assert [d["project"] for d in store.documents(sort="project")[0]] == [
        "ERP", "Payroll", "深圳总部搬迁", "数据中台建设", "Tax", "移动金融App", "智慧仓储WMS上线"]


def test_the_ingested_sort_is_newest_first(shelf: Store):
    # times are kept to the second: the fixture's saves may straddle one, so the tie (a, d, e: then by key) is set
    shelf.conn.execute("UPDATE documents SET last_ingested = '2020-01-01 00:00:00' WHERE key IN ('a', 'd', 'e')")
    shelf.conn.execute("UPDATE documents SET last_ingested = '2030-01-01' WHERE key = 'c'")
    shelf.conn.execute("UPDATE documents SET last_ingested = '2000-01-01' WHERE key = 'b'")
    assert _keys(shelf, sort="ingested") == ["c", "a", "d", "e", "b"]


def test_document_pages_and_totals(shelf: Store):
    assert _keys(shelf, limit=2) == ["b", "e"]
    assert _keys(shelf, limit=2, offset=2) == ["a", "d"]
    assert _keys(shelf, limit=2, offset=4) == ["c"]
    assert shelf.documents(limit=2, offset=10) == ([], 5)
    assert _keys(shelf, sort="key", limit=3, offset=1) == ["b", "c", "d"]
    assert len(shelf.documents()[0]) == 5


def test_listings_default_to_pages_of_50(store: Store):
    store.save_file(source(), [doc(f"k{i:02}", lessons=("One lesson.",)) for i in range(51)])
    assert (len(store.documents()[0]), store.documents()[1]) == (50, 51)
    assert (len(store.lessons()[0]), store.lessons()[1]) == (50, 51)


def test_a_listed_document_row(shelf: Store):
    rows = {d["key"]: d for d in shelf.documents()[0]}
    a = rows["a"]
    assert {k: a[k] for k in ("title", "doc_type", "project", "department", "date", "language", "format",
                              "source_path", "authors", "lessons")} == {
        "title": "Alpha retro", "doc_type": "retrospective", "project": "ERP", "department": "IT",
        "date": "2024-06-01", "language": "en", "format": "markdown", "source_path": "a.md",
        "authors": ["Ann", "王伟"], "lessons": 2}
    assert sorted(a["tags"]) == ["testing", "vendor"]
    assert rows["c"]["tags"] == [] and rows["c"]["authors"] == [] and rows["c"]["lessons"] == 0
    assert rows["e"]["source_path"] == "sub/e.md" and rows["e"]["tags"] == ["testing"]  # the first spelling


def test_a_document_in_full(shelf: Store):
    shelf.add_tag(Target("document", "a"), "Approved", actor="carol")
    full = shelf.document("a")
    assert full["title"] == "Alpha retro" and full["source_path"] == "a.md" and "relative_path" not in full
    assert full["meta"] == {"owner": "ann"} and full["authors"] == ["Ann", "王伟"] and full["redacted"] is False
    assert [(t["name"], t["label"], t["origin"], t["added_by"]) for t in full["tags"]] == [
        ("approved", "Approved", "curator", "carol"), ("testing", "testing", "front_matter", None),
        ("vendor", "vendor", "front_matter", None)]
    assert [(s["position"], s["heading"], s["level"], s["kind"]) for s in full["sections"]] == [
        (0, "What went wrong", 2, "went_wrong")]
    assert [lesson["text"] for lesson in full["lessons"]] == ["Vendor delay cost three weeks.",
                                                              "Test environments were late."]
    assert full["raw_text"] == "text" and full["html"] == "<p>text</p>"
    with pytest.raises(NotFound, match=r"^no document with key 'zz'$"):
        shelf.document("zz")


def test_a_document_with_many_sections_and_lessons_keeps_their_order(store: Store):
    sections = [ParsedSection(f"H{i}", 2, f"text {i}") for i in range(12)]
    lessons = [ParsedLesson(LessonKind.LESSON, f"lesson number {i}", section_index=i) for i in range(12)]
    store.save_file(source(), [doc("many", sections=sections, lessons=lessons)])
    full = store.document("many")
    assert [s["heading"] for s in full["sections"]] == [f"H{i}" for i in range(12)]
    assert [lesson["section"] for lesson in full["lessons"]] == [f"H{i}" for i in range(12)]


def test_readers_see_a_document_without_its_hidden_lessons_and_their_sections(store: Store):
    sections = [ParsedSection("Background", 2, "context"), ParsedSection("Went wrong", 2, "secret"),
                ParsedSection("Lessons", 2, "public")]
    lessons = [ParsedLesson(LessonKind.WENT_WRONG, "secret", section_index=1),
               ParsedLesson(LessonKind.LESSON, "public", section_index=2)]
    store.save_file(source(), [doc("a", sections=sections, lessons=lessons)])
    clean = store.document("a", for_readers=True)
    assert clean["redacted"] is False and clean["raw_text"] == "text" and clean["html"] == "<p>text</p>"
    assert [s["hidden"] for s in clean["sections"]] == [False, False, False] and len(clean["lessons"]) == 2
    secret = store.lessons(Filters(document="a"))[0][0]["id"]
    store.set_review(secret, "hidden")
    seen = store.document("a", for_readers=True)
    assert seen["redacted"] is True and seen["raw_text"] is None and seen["html"] is None
    assert [(s["text"], s["hidden"]) for s in seen["sections"]] == [("context", False), (None, True),
                                                                    ("public", False)]
    assert [lesson["text"] for lesson in seen["lessons"]] == ["public"]
    assert store.hidden_sections() == {seen["sections"][1]["id"]}
    assert store.hidden_sections(store.document_id("a")) == {seen["sections"][1]["id"]}
    curator = store.document("a")
    assert curator["redacted"] is False and curator["raw_text"] == "text" and len(curator["lessons"]) == 2
    assert "hidden" not in curator["sections"][0]


def test_a_hidden_register_row_hides_all_its_sections(store: Store):
    sections = [ParsedSection("Driving event", 3, "e"), ParsedSection("Recommendation", 3, "r")]
    row = doc("reg#R1", sections=sections, lessons=("row lesson",), meta={"register": "reg.csv"})
    row.lessons[0].section_index = 1
    other = doc("b", sections=[ParsedSection("S", 2, "x"), ParsedSection("T", 2, "y")], lessons=("other", "kept"))
    store.save_file(source(), [row, other])
    store.set_review(store.lessons(Filters(document="reg#R1"))[0][0]["id"], "hidden")
    store.set_review(store.lessons(Filters(document="b"))[0][0]["id"], "hidden")
    with pytest.raises(NotFound):  # its every lesson is hidden: readers do not find it (its title may be the lesson)
        store.document("reg#R1", for_readers=True)
    assert store.hidden_sections(store.document_id("reg#R1")) == {s["id"] for s in store.document("reg#R1")["sections"]}
    assert [s["hidden"] for s in store.document("b", for_readers=True)["sections"]] == [True, False]
    store.save_file(source("/data/clean.md"), [doc("clean")])
    clean = store.document("clean", for_readers=True)  # other documents' hidden lessons do not touch this one
    assert clean["redacted"] is False and clean["raw_text"] == "text" and not any(s["hidden"] for s in clean["sections"])
    assert len(store.hidden_sections()) == 3
    assert len(store.hidden_sections(store.document_id("b"))) == 1


def test_source_file_and_document_id(shelf: Store):
    assert shelf.source_file("e") == "/data/sub/e.md" and shelf.source_file("zz") is None
    assert shelf.document_id("a") == shelf.scalar("SELECT id FROM documents WHERE key = 'a'")
    with pytest.raises(NotFound, match=r"^no document with key 'zz'$"):
        shelf.document_id("zz")


def test_documents_by_row_id_their_dates_keys_and_which_are_still_stored(shelf: Store):
    """Search's reads of the documents it found (``Searcher.ordered``, the assembler): by row id, those gone (and, for
    dates, those without one) left out; more ids than SQLite takes variables in one statement, for the dates."""
    ids = {key: shelf.document_id(key) for key in "abcde"}
    gone = max(ids.values()) + 1
    dates = shelf.document_dates([*ids.values(), gone, *range(gone + 1, gone + 40_000)])
    assert dates == {ids["a"]: "2024-06-01", ids["b"]: "2025-01-01", ids["d"]: "2023-01-01", ids["e"]: "2025-01-01"}
    assert shelf.document_dates([]) == {}
    assert shelf.document_keys_by_id([ids["c"], gone, ids["a"]]) == {ids["c"]: "c", ids["a"]: "a"}
    assert shelf.stored_documents({ids["b"], ids["e"]}) == {ids["b"], ids["e"]}
    assert shelf.stored_documents({ids["b"], gone}) == {ids["b"]} and shelf.stored_documents(set()) == set()



def test_which_documents_are_stored_is_read_again_after_a_write_by_this_connection_or_another(shelf: Store):
    """``stored_documents`` answers from ids held in memory (kb/store/stored_ids.py): a document removed or added,
    by this store's connection or by another process's, is seen at the next call."""
    ids = {key: shelf.document_id(key) for key in "abcde"}
    everyone = set(ids.values())
    assert shelf.stored_documents(everyone) == everyone  # held from here on
    source_of = {key: shelf.scalar("SELECT source_id FROM documents WHERE id = ?", [i]) for key, i in ids.items()}
    other = Store(shelf.path)
    try:
        other.delete_source(source_of["b"])  # another connection's commit
        assert shelf.stored_documents(everyone) == everyone - {ids["b"]}
        shelf.delete_source(source_of["c"])  # this connection's own write
        assert shelf.stored_documents(everyone) == everyone - {ids["b"], ids["c"]}
        other.save_file(source("/data/f.md"), [doc("f", title="Foxtrot")])
        added = shelf.document_id("f")
        assert shelf.stored_documents({ids["a"], added}) == {ids["a"], added}
    finally:
        other.close()

def test_the_search_stamp_is_held_and_read_again_after_a_write_by_this_connection_or_another(shelf: Store):
    """``search_stamp`` (the relevant-cache's key: search/relevant_cache.py) is held in memory until the database
    changes (kb/store/stored_ids.py): between writes a call asks SQLite only whether anything changed; a lesson hidden
    by this connection and a document without lessons removed by another are each in the next call's stamp."""
    first = shelf.search_stamp()
    asked: list[str] = []
    shelf.conn.set_trace_callback(asked.append)
    try:
        assert shelf.search_stamp() == first
    finally:
        shelf.conn.set_trace_callback(None)
    assert asked == ["PRAGMA data_version"]
    shelf.set_review(shelf.lessons()[0][0]["id"], "hidden")  # this connection's write: the feed's newest number
    hidden = shelf.search_stamp()
    assert hidden != first and hidden == search_stamp(shelf.conn)
    other = Store(shelf.path)
    try:
        charter = shelf.scalar("SELECT source_id FROM documents WHERE key = 'c'")
        other.delete_source(charter)  # another connection's commit: the documents' count alone
        assert shelf.search_stamp() == search_stamp(shelf.conn) != hidden
    finally:
        other.close()


def _texts(store: Store, filters: Filters | None = None, **kw) -> list[str]:
    return [lesson["text"] for lesson in store.lessons(filters, **kw)[0]]


def test_lessons_in_document_order(shelf: Store):
    # newest document first, then key, then position
    assert _texts(shelf) == ["供应商延期。", "Go-live slipped.", "Train users.", "Vendor delay cost three weeks.",
                             "Test environments were late.", "Budget was cut."]
    assert shelf.lessons()[1] == 6


def test_lesson_pages(shelf: Store):
    assert _texts(shelf, limit=2, offset=1) == ["Go-live slipped.", "Train users."]
    assert shelf.lessons(limit=2, offset=1)[1] == 6
    assert shelf.lessons(offset=6) == ([], 6)
    assert len(shelf.lessons(limit=50)[0]) == 6


def test_a_listed_lesson_row(shelf: Store):
    [row] = shelf.lessons(Filters(document="d"))[0]
    assert {k: row[k] for k in ("kind", "title", "text", "position", "review_status", "reviewed_by", "section",
                                "document_key", "document_title", "project", "date", "doc_type", "language",
                                "tags")} == {
        "kind": "went_wrong", "title": None, "text": "Budget was cut.", "position": 0, "review_status": "unreviewed",
        "reviewed_by": None, "section": "What went wrong", "document_key": "d", "document_title": "Delta",
        "project": "erp", "date": "2023-01-01", "doc_type": "retrospective", "language": "en", "tags": []}


def test_lesson_filters(shelf: Store):
    ids = {lesson["text"]: lesson["id"] for lesson in shelf.lessons()[0]}
    shelf.set_review(ids["Train users."], "hidden")
    shelf.set_review(ids["Budget was cut."], "approved")
    shelf.conn.execute("UPDATE lessons SET kind = 'lesson' WHERE id = ?", [ids["Go-live slipped."]])
    assert _texts(shelf, Filters(kind=["lesson"])) == ["Go-live slipped."]
    assert _texts(shelf, Filters(kind=["lesson", "went_well"])) == ["Go-live slipped."]
    assert _texts(shelf, Filters(review_status=["approved", "hidden"])) == ["Train users.", "Budget was cut."]
    assert "Train users." not in _texts(shelf, Filters(include_hidden=False))
    assert shelf.lessons(Filters(include_hidden=False))[1] == 5
    assert _texts(shelf, Filters(project=["crm"], since="2025-01-01")) == ["供应商延期。", "Go-live slipped.",
                                                                          "Train users."]
    assert _texts(shelf, ids=[ids["Budget was cut."], ids["供应商延期。"]]) == ["供应商延期。", "Budget was cut."]
    assert shelf.lessons(ids=[]) == ([], 0)
    assert shelf.lessons(Filters(document="zz")) == ([], 0)


def test_a_lesson_has_its_own_tags_and_those_of_its_document(shelf: Store):
    ids = {lesson["text"]: lesson["id"] for lesson in shelf.lessons()[0]}
    shelf.add_tag(Target("lesson", str(ids["Budget was cut."])), "budget")
    shelf.add_tag(Target("lesson", str(ids["Budget was cut."])), "Testing", origin=TagOrigin.SUGGESTION)
    assert _texts(shelf, Filters(tags=["budget"])) == ["Budget was cut."]
    assert _texts(shelf, Filters(tags=["testing"])) == ["Go-live slipped.", "Train users.",
                                                        "Vendor delay cost three weeks.",
                                                        "Test environments were late.", "Budget was cut."]
    assert _texts(shelf, Filters(tags=["testing", "vendor"], tags_mode="all")) == [
        "Vendor delay cost three weeks.", "Test environments were late."]
    assert _texts(shelf, Filters(tags=["testing", "budget"], tags_mode="all")) == ["Budget was cut."]
    assert shelf.lessons(Filters(tags=["testing", "budget"], tags_mode="all"))[1] == 1
    assert _texts(shelf, Filters(tags=["budget", "Budget"], tags_mode="all")) == ["Budget was cut."]
    assert sorted(shelf.lesson(ids["Budget was cut."])["tags"]) == ["budget", "testing"]  # not its document's


def test_one_lesson(shelf: Store):
    first = shelf.lessons()[0][3]
    assert shelf.lesson(first["id"]) == first
    with pytest.raises(NotFound, match=r"^no lesson 999$"):
        shelf.lesson(999)


def test_facet_values_most_common_first_without_empties(shelf: Store):
    assert shelf.facet_values("project") == [{"value": "CRM", "count": 2}, {"value": "ERP", "count": 1},
                                             {"value": "erp", "count": 1}]
    assert shelf.facet_values("language") == [{"value": "en", "count": 4}, {"value": "zh", "count": 1}]
    assert shelf.facet_values("department") == [{"value": "Finance", "count": 1}, {"value": "IT", "count": 1}]
    assert shelf.facet_values("format") == [{"value": "markdown", "count": 5}]
    assert shelf.facet_values("doc_type")[0] == {"value": "retrospective", "count": 3}


@pytest.mark.parametrize("column", ["title", "raw_text", "project; DROP TABLE documents", ""])
def test_facet_values_of_another_column_are_refused(shelf: Store, column: str):
    with pytest.raises(ValueError, match=r"^" + column.replace(";", ";") + "$"):
        shelf.facet_values(column)


def test_stats(shelf: Store):
    shelf.ensure_tag("spare")
    stats = shelf.stats()
    assert {k: stats[k] for k in ("documents", "sections", "lessons", "tags", "sources", "projects")} == {
        "documents": 5, "sections": 5, "lessons": 6, "tags": 3, "sources": 5, "projects": 3}
    assert stats["by_language"] == {"en": 4, "zh": 1}
    assert stats["by_type"] == {"retrospective": 3, "post_mortem": 1, "charter": 1}
    assert stats["lessons_by_kind"] == {"went_wrong": 6}
    assert stats["database_bytes"] >= shelf.path.stat().st_size > 0  # pages in the -wal file too (below)


def test_the_database_size_counts_the_pages_in_its_write_ahead_log(tmp_path):
    # A store just made holds its schema in the -wal file until a checkpoint: kb init said "(4.0 KB)" of a database
    # that was 300 KB once closed.
    with Store(tmp_path / "kb.db") as store:
        assert (tmp_path / "kb.db-wal").stat().st_size > 0 and store.path.stat().st_size < 10_000
        size = store.database_bytes()
        assert store.stats()["database_bytes"] == size > 100_000
    assert (tmp_path / "kb.db").stat().st_size == size  # checkpointed on closing


def test_stats_of_an_empty_store_in_memory():
    from kb.store import Store as MemoryStore

    with MemoryStore(":memory:") as store:
        stats = store.stats()
    assert stats["documents"] == 0 and stats["projects"] == 0 and stats["by_language"] == {}
    assert stats["lessons_by_kind"] == {} and stats["database_bytes"] == 0


PINYIN_ORDER = ["安全", "Budget", "风险", "质量"]  # an, budget, feng, zhi: the tags page's order


def test_listed_tags_are_in_pinyin_order_among_latin_names_as_on_the_tags_page(shelf: Store):
    lesson_id = shelf.lessons(Filters(document="d"))[0][0]["id"]
    for label in ("质量", "Budget", "风险", "安全"):  # added out of order
        shelf.add_tag(Target("lesson", str(lesson_id)), label)
        shelf.add_tag(Target("document", "d"), label)
    assert shelf.lessons(Filters(document="d"))[0][0]["tags"] == PINYIN_ORDER
    assert shelf.lesson(lesson_id)["tags"] == PINYIN_ORDER
    assert next(d for d in shelf.documents()[0] if d["key"] == "d")["tags"] == PINYIN_ORDER
    assert [t["label"] for t in shelf.document("d")["tags"]] == PINYIN_ORDER  # the document page's order, already
