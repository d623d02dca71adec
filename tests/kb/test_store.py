import sqlite3
from datetime import date

import pytest

from kb.errors import InvalidInput, NotFound, StoreError
from kb.migrations import MIGRATIONS, migrate
from kb.models import DocType, Language, LessonKind, ParsedDocument, ParsedLesson, ParsedSection, TagOrigin
from kb.store import Filters, SourceInfo, Store, Target


def source(path="/data/a.md", digest="h1"):
    return SourceInfo(path=path, root="/data", rel_path=path.rsplit("/", 1)[-1], content_hash=digest, size=10,
                      parser_signature="s")


def doc(key="a", lessons=("Vendor delay cost three weeks.", "Test environments were late."), **kw):
    fields = {"key": key, "title": f"Retro {key}", "doc_type": DocType.RETROSPECTIVE, "project": "ERP",
              "date": date(2024, 6, 1), "language": Language.EN, "tags": ["vendor"], "raw_text": "text",
              "html": "<p>text</p>", "format": "markdown",
              "sections": [ParsedSection("What went wrong", 2, "\n".join(lessons), LessonKind.WENT_WRONG)],
              "lessons": [ParsedLesson(LessonKind.WENT_WRONG, t, section_index=0) for t in lessons]}
    fields.update(kw)
    return ParsedDocument(**fields)


def test_database_is_wal_with_foreign_keys_and_migrations_recorded(store):
    assert store.scalar("PRAGMA journal_mode") == "wal"
    assert store.scalar("PRAGMA foreign_keys") == 1
    names = [r["name"] for r in store.rows("SELECT name FROM migrations")]
    assert names == [name for name, _ in MIGRATIONS]


def test_rows_are_dicts_and_repeated_column_names_do_not_overwrite_each_other(store):
    assert store.rows("SELECT 1 AS a, 2 AS a, 3 AS a_2, 4 AS a") == [{"a": 1, "a_3": 2, "a_2": 3, "a_4": 4}]
    assert store.row("SELECT 1 AS x, 'y' AS y") == {"x": 1, "y": "y"}
    assert store.row("SELECT 1 AS x WHERE 0") is None and store.rows("SELECT 1 AS x WHERE 0") == []
    with pytest.raises(ValueError, match="returns rows"):
        store.rows("CREATE TABLE t (x)")


def test_migrations_are_safe_to_rerun(db_path):
    Store(db_path).close()
    conn = sqlite3.connect(db_path, isolation_level=None)
    assert migrate(conn) == []
    assert conn.execute("SELECT count(*) FROM migrations").fetchone()[0] == len(MIGRATIONS)


def test_tag_labels_stored_full_width_are_migrated_to_nfkc(db_path):
    with Store(db_path) as store:
        for label in ("ＳＡＰ", "ＥＲＰ　上线", "SAP S/4HANA", "供应商管理"):
            store.ensure_tag(label)
        store.conn.execute("UPDATE tags SET label = name WHERE name LIKE 'erp%'")  # a label as a store made it
        store.conn.execute("UPDATE tags SET label = 'ＳＡＰ' WHERE name = 'sap'")  # before 0014: as typed
        store.conn.execute("DELETE FROM migrations WHERE name = '0014_tag_labels_nfkc'")
    conn = sqlite3.connect(db_path, isolation_level=None)
    assert migrate(conn) == ["0014_tag_labels_nfkc"]
    assert dict(conn.execute("SELECT name, label FROM tags")) == {
        "sap": "SAP", "erp 上线": "erp 上线", "sap s/4hana": "SAP S/4HANA", "供应商管理": "供应商管理"}


@pytest.mark.parametrize("column", ["language", "department", "project", "doc_type", "date"])
def test_document_filters_read_an_index_not_every_document(store, column):
    # Document rows hold the whole text: a scan of 36,817 of them took 35 ms, the index under 5.
    plan = " ".join(str(r[3]) for r in store.conn.execute(
        f"EXPLAIN QUERY PLAN SELECT id FROM documents WHERE {column} IN (?)", ["x"]))
    assert "USING COVERING INDEX" in plan, plan


def test_a_project_filter_ignores_case_and_reads_an_index(store):
    clauses, params = Filters(project=[" pmo "]).document_clauses("d")
    plan = " ".join(str(r[3]) for r in store.conn.execute(
        f"EXPLAIN QUERY PLAN SELECT d.id FROM documents d WHERE {' AND '.join(clauses)}", params))
    assert "USING COVERING INDEX documents_project_nocase" in plan, plan
    assert params == ["pmo"]


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    bad = tmp_path / "not.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open .* as a Lessons KB database"):
        Store(bad)


def test_save_then_read_back(store):
    outcome = store.save_file(source(), [doc()])
    assert (outcome.added, outcome.updated, outcome.removed) == (1, 0, 0)
    stored = store.document("a")
    assert stored["title"] == "Retro a"
    assert stored["doc_type"] == "retrospective"
    assert [l["text"] for l in stored["lessons"]] == ["Vendor delay cost three weeks.", "Test environments were late."]
    assert all(l["review_status"] == "unreviewed" for l in stored["lessons"])
    assert stored["lessons"][0]["section"] == "What went wrong"
    assert [t["label"] for t in stored["tags"]] == ["vendor"]


def test_unchanged_document_is_not_rewritten(store):
    store.save_file(source(), [doc()])
    before = store.row("SELECT last_ingested FROM documents")
    outcome = store.save_file(source(digest="h2"), [doc()])
    assert (outcome.added, outcome.updated, outcome.unchanged) == (0, 0, 1)
    assert store.row("SELECT last_ingested FROM documents") == before


def test_update_keeps_ids_of_surviving_and_lightly_edited_lessons(store):
    store.save_file(source(), [doc()])
    ids = {l["text"]: l["id"] for l in store.document("a")["lessons"]}
    edited = doc(lessons=("Test environments were late.", "Vendor delay cost us three weeks.", "A brand new lesson."))
    outcome = store.save_file(source(digest="h2"), [edited])
    assert outcome.updated == 1
    after = {l["text"]: l["id"] for l in store.document("a")["lessons"]}
    assert after["Test environments were late."] == ids["Test environments were late."]
    assert after["Vendor delay cost us three weeks."] == ids["Vendor delay cost three weeks."]
    assert after["A brand new lesson."] not in ids.values()


def test_curator_tags_survive_reingestion_but_front_matter_tags_are_replaced(store):
    store.save_file(source(), [doc()])
    lesson_id = store.document("a")["lessons"][0]["id"]
    store.add_tag(Target("document", "a"), "经验分享", actor="alice")
    store.add_tag(Target("lesson", str(lesson_id)), "Key lesson", actor="alice")
    store.save_file(source(digest="h2"), [doc(tags=["supplier"], title="Retro a, revised")])
    stored = store.document("a")
    assert {(t["label"], t["origin"]) for t in stored["tags"]} == {("supplier", "front_matter"), ("经验分享", "curator")}
    assert store.document("a")["lessons"][0]["tags"] == ["Key lesson"]


def test_documents_a_file_no_longer_has_are_removed(store):
    store.save_file(source(), [doc("r#1"), doc("r#2")])
    outcome = store.save_file(source(digest="h2"), [doc("r#1")])
    assert outcome.removed == 1
    with pytest.raises(NotFound):
        store.document("r#2")


def test_duplicate_key_from_another_existing_file_is_refused(store, tmp_path):
    first = tmp_path / "first.md"
    first.write_text("x")
    store.save_file(source(str(first)), [doc("same-id")])
    outcome = store.save_file(source(str(tmp_path / "second.md")), [doc("same-id", title="Other")])
    assert outcome.added == 0
    assert "duplicate document id 'same-id': already used by" in str(outcome.errors[0])
    assert store.document("same-id")["title"] == "Retro same-id"


def test_a_moved_file_takes_over_its_key_and_keeps_curator_tags(store, tmp_path):
    store.save_file(source(str(tmp_path / "gone.md")), [doc("moved")])
    store.add_tag(Target("document", "moved"), "curated", actor="bob")
    outcome = store.save_file(source(str(tmp_path / "new-place.md")), [doc("moved")])
    assert outcome.updated == 1
    assert "curated" in [t["label"] for t in store.document("moved")["tags"]]


def test_duplicate_key_inside_one_file_keeps_the_first(store):
    outcome = store.save_file(source(), [doc("k"), doc("k", title="second")])
    assert outcome.added == 1
    assert "duplicate document id 'k' in the same file" in str(outcome.errors[0])


def test_delete_source_cascades_to_sections_lessons_and_links(store):
    store.save_file(source(), [doc()])
    source_id = store.scalar("SELECT id FROM sources")
    assert store.delete_source(source_id) == 1
    for table in ("documents", "sections", "lessons", "document_tags", "lesson_tags"):
        assert store.scalar(f"SELECT count(*) FROM {table}") == 0


def test_tag_add_remove_rename_merge_with_history(store):
    store.save_file(source(), [doc("a"), doc("b", tags=[])])
    a, b = Target("document", "a"), Target("document", "b")
    assert store.add_tag(b, "Vendor ") is True  # same tag as "vendor" once normalised
    assert store.add_tag(b, "vendor") is False
    store.add_tag(a, "供应商")
    store.merge_tags(["供应商"], "vendor", actor="carol")
    assert {t["label"]: t["documents"] for t in store.tags()} == {"vendor": 2}
    store.rename_tag("vendor", "Vendor management", actor="carol")
    assert store.tags()[0]["label"] == "Vendor management"
    assert store.remove_tag(a, "vendor management") is True
    assert store.remove_tag(a, "vendor management") is False
    actions = [e["action"] for e in store.tag_events()]
    assert actions[:3] == ["remove", "rename", "merge"]
    assert store.tag_events()[0]["actor"] is None


@pytest.mark.parametrize("target, message", [(Target("document", "nope"), "no document with key 'nope'"),
                                             (Target("lesson", "999"), "no lesson 999")])
def test_tagging_unknown_targets_is_not_found(store, target, message):
    with pytest.raises(NotFound, match=message):
        store.add_tag(target, "x")


def test_empty_tag_is_invalid(store):
    store.save_file(source(), [doc()])
    with pytest.raises(InvalidInput):
        store.add_tag(Target("document", "a"), "  #  ")


def test_target_parse():
    assert Target.parse("lesson:12") == Target("lesson", "12")
    assert Target.parse("L7") == Target("lesson", "7")
    assert Target.parse("erp/retro-1") == Target("document", "erp/retro-1")


def test_filters_on_documents_and_lessons(store):
    store.save_file(source("/data/a.md"), [doc("a", project="ERP", tags=["vendor", "testing"])])
    store.save_file(source("/data/b.md"), [doc("b", project="CRM", language=Language.ZH, date=date(2025, 1, 1),
                                             tags=["vendor"], doc_type=DocType.POST_MORTEM)])
    keys = lambda f: [d["key"] for d in store.documents(f)[0]]
    assert keys(Filters(project=["CRM"])) == ["b"]
    assert keys(Filters(tags=["Vendor"])) == ["b", "a"]
    assert keys(Filters(tags=["vendor", "testing"], tags_mode="all")) == ["a"]
    assert keys(Filters(language=["zh"])) == ["b"]
    assert keys(Filters(doc_type=["post_mortem"])) == ["b"]
    assert keys(Filters(since="2024-12-01")) == ["b"]
    assert keys(Filters(until="2024-12-01")) == ["a"]
    lessons, total = store.lessons(Filters(tags=["testing"], kind=["went_wrong"]))
    assert total == 2 and {l["document_key"] for l in lessons} == {"a"}
    store.add_tag(Target("lesson", str(store.lessons(Filters(document="b"))[0][0]["id"])), "testing")
    assert store.lessons(Filters(tags=["testing"]))[1] == 3


def test_pagination_total_and_sorting(store):
    for i in range(5):
        store.save_file(source(f"/data/{i}.md"), [doc(f"d{i}", date=date(2024, 1, i + 1), title=f"T{4 - i}")])
    page, total = store.documents(limit=2, offset=2)
    assert total == 5 and [d["key"] for d in page] == ["d2", "d1"]
    assert [d["title"] for d in store.documents(sort="title", limit=2)[0]] == ["T0", "T1"]


def test_stats_counts(store):
    store.save_file(source(), [doc()])
    stats = store.stats()
    assert (stats["documents"], stats["sections"], stats["lessons"], stats["tags"]) == (1, 1, 2, 1)
    assert stats["lessons_by_kind"] == {"went_wrong": 2}


def test_a_failed_transaction_leaves_the_previous_version(store, monkeypatch):
    store.save_file(source(), [doc()])
    broken = doc(lessons=("new text",))
    broken.lessons[0].kind = "not-a-kind"  # type: ignore[assignment]
    with pytest.raises(AttributeError):
        store.save_file(source(digest="h2"), [broken])
    assert [l["text"] for l in store.document("a")["lessons"]] == ["Vendor delay cost three weeks.",
                                                                    "Test environments were late."]
    assert store.row("SELECT content_hash FROM sources")["content_hash"] == "h1"


def test_tag_origin_upgrade_from_suggestion_to_curator(store):
    store.save_file(source(), [doc()])
    target = Target("document", "a")
    assert store.add_tag(target, "hint", origin=TagOrigin.SUGGESTION) is True
    assert store.add_tag(target, "hint", actor="dave") is True
    assert {t["label"]: t["origin"] for t in store.document("a")["tags"]}["hint"] == "curator"
