"""kb/store/writes.py: saving parsed files (added, updated, unchanged, removed), keeping lesson ids across edits,
front-matter tags, files below a folder, and removing files."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from kb.errors import DuplicateKey
from kb.models import DocType, Language, LessonKind, ParsedLesson, ParsedSection, TagOrigin
from kb.store import Filters, SourceInfo, Store, Target
from kb.store.writes import document_hash
from tests.kb.factories import doc, source


def _recent(stamp: str | None) -> bool:
    return stamp is not None and datetime.now(UTC) - datetime.fromisoformat(stamp) < timedelta(seconds=60)


def _lesson_ids(store: Store, key: str = "a") -> dict[str, int]:
    return {lesson["text"]: lesson["id"] for lesson in store.lessons(Filters(document=key))[0]}


def test_document_hash_covers_everything_stored_but_the_place_in_its_file():
    base = doc()
    assert document_hash(base) == document_hash(doc()) == document_hash(base.replace(line=7))
    # a register row moved by a row removed above it (its ``meta.row``) is the same document
    assert document_hash(doc(meta={"row": 4, "register": "r.csv"})) == document_hash(doc(meta={"row": 3, "register": "r.csv"}))
    assert len(document_hash(base)) == 64
    # the same front matter read back in another key order is the same document (not rewritten)
    assert document_hash(doc(meta={"owner": "ann", "phase": 2})) == document_hash(doc(meta={"phase": 2, "owner": "ann"}))
    for change in ({"title": "Other"}, {"tags": ["x"]}, {"date": None}, {"meta": {"a": 1}}, {"language": Language.ZH},
                   {"lessons": [ParsedLesson(LessonKind.LESSON, "Changed.")]}):
        assert document_hash(base.replace(**change)) != document_hash(base), change


def test_sources_by_path_and_below_a_folder(store: Store):
    for path in ("/data/a.md", "/data/sub/b.md", "/data2/c.md", "/dat", "/data"):
        store.save_file(source(path, root="/"), [])
    assert store.source_by_path("/data/a.md")["rel_path"] == "data/a.md"
    assert store.source_by_path("/data/zz.md") is None
    assert sorted(s["path"] for s in store.sources_under("/data")) == ["/data", "/data/a.md", "/data/sub/b.md"]
    assert sorted(s["path"] for s in store.sources_under("/data/")) == ["/data/a.md", "/data/sub/b.md"]
    assert [s["path"] for s in store.sources_under("/data/sub")] == ["/data/sub/b.md"]
    assert store.sources_under("/nothing") == []


def test_touch_source_records_the_run_on_that_file_only(store: Store):
    store.save_file(source("/data/a.md"), [], run_id=None)
    store.save_file(source("/data/b.md"), [], run_id=None)
    run = store.start_run(["/data"])
    store.touch_source(store.source_by_path("/data/a.md")["id"], run)
    assert store.source_by_path("/data/a.md")["last_seen_run"] == run
    assert store.source_by_path("/data/b.md")["last_seen_run"] is None


def test_a_new_file_is_stored_whole(store: Store):
    run = store.start_run(["/data"])
    first = doc("a", title="中文复盘", authors=["王伟", "Ann"], meta={"owner": "王"}, encoding="gb18030",
                department="IT", date=date(2024, 6, 1))
    second = doc("b", date=None, lessons=())
    outcome = store.save_file(SourceInfo("/data/x/a.md", "/data", "x/a.md", "abc", 123, "md-1"), [first, second],
                              run_id=run)
    assert (outcome.added, outcome.updated, outcome.unchanged, outcome.removed, outcome.errors) == (2, 0, 0, 0, [])
    assert outcome.document_ids == [store.document_id("a"), store.document_id("b")]
    src = store.source_by_path("/data/x/a.md")
    assert {k: src[k] for k in ("root", "rel_path", "content_hash", "size", "parser_signature", "last_seen_run")} == {
        "root": "/data", "rel_path": "x/a.md", "content_hash": "abc", "size": 123, "parser_signature": "md-1",
        "last_seen_run": run}
    assert _recent(src["ingested_at"])
    row = store.row("SELECT * FROM documents WHERE key = 'a'")
    assert {k: row[k] for k in ("source_id", "source_path", "title", "title_sort", "doc_type", "project",
                                "department", "date", "authors", "language", "format", "encoding", "raw_text",
                                "html", "meta", "content_hash")} == {
        "source_id": src["id"], "source_path": "/data/x/a.md", "title": "中文复盘", "title_sort": "zhong1 wen2 fu4 pan2",
        "doc_type": "retrospective", "project": "ERP", "department": "IT", "date": "2024-06-01",
        "authors": '["王伟", "Ann"]', "language": "en", "format": "markdown", "encoding": "gb18030",
        "raw_text": "text", "html": "<p>text</p>", "meta": '{"owner": "王"}', "content_hash": document_hash(first)}
    assert row["first_ingested"] == row["last_ingested"] and _recent(row["first_ingested"])
    assert store.row("SELECT date FROM documents WHERE key = 'b'") == {"date": None}


def test_sections_and_lessons_are_stored_with_their_links(store: Store):
    sections = [ParsedSection("Background", 2, "context"), ParsedSection("Lessons", 3, "l1\nl2", LessonKind.LESSON)]
    lessons = [ParsedLesson(LessonKind.LESSON, "Freeze scope early.", section_index=1, title="Scope",
                            driving_event="Scope crept.", lesson="Freeze it.", recommendation="Sign off.",
                            tags=["scope", "  "]),
               ParsedLesson(LessonKind.ACTION_ITEM, "Book the sponsor.", section_index=None)]
    store.save_file(source(), [doc("a", lessons, sections=sections)])
    stored = store.rows("SELECT position, heading, level, kind, text FROM sections ORDER BY position")
    assert stored == [{"position": 0, "heading": "Background", "level": 2, "kind": None, "text": "context"},
                      {"position": 1, "heading": "Lessons", "level": 3, "kind": "lesson", "text": "l1\nl2"}]
    rows = store.rows("SELECT l.*, s.heading FROM lessons l LEFT JOIN sections s ON s.id = l.section_id"
                      " ORDER BY l.position")
    assert [(r["position"], r["kind"], r["heading"], r["title"], r["driving_event"], r["lesson"],
             r["recommendation"]) for r in rows] == [
        (0, "lesson", "Lessons", "Scope", "Scope crept.", "Freeze it.", "Sign off."),
        (1, "action_item", None, None, None, None, None)]
    assert rows[0]["created_at"] == rows[0]["updated_at"] and _recent(rows[0]["created_at"])
    assert rows[0]["review_status"] == "unreviewed" and len(rows[0]["text_hash"]) == 40
    assert store.lesson(rows[0]["id"])["tags"] == ["scope"]  # an empty front-matter tag is skipped


def test_saving_the_same_documents_again_changes_nothing_but_the_source(store: Store):
    first_run = store.start_run(["/data"])
    store.save_file(source(), [doc("a"), doc("b")], run_id=first_run)
    before = store.rows("SELECT * FROM documents ORDER BY id")
    lessons_before = store.rows("SELECT * FROM lessons ORDER BY id")
    run = store.start_run(["/data"])
    outcome = store.save_file(source(digest="h2"), [doc("a"), doc("b")], run_id=run)
    assert (outcome.added, outcome.updated, outcome.unchanged, outcome.removed) == (0, 0, 2, 0)
    assert outcome.document_ids == [before[0]["id"], before[1]["id"]]
    assert store.rows("SELECT * FROM documents ORDER BY id") == before
    assert store.rows("SELECT * FROM lessons ORDER BY id") == lessons_before
    assert store.source_by_path("/data/a.md")["content_hash"] == "h2"
    assert store.source_by_path("/data/a.md")["last_seen_run"] == run


def test_an_edited_document_is_updated_in_place(store: Store):
    store.save_file(source(), [doc("a")])
    before = store.row("SELECT * FROM documents")
    store.conn.execute("UPDATE documents SET first_ingested = '2020-01-01', last_ingested = '2020-01-01'")
    outcome = store.save_file(source(digest="h2"), [doc("a", title="Renamed", project="CRM", tags=["supplier"],
                                                        sections=[ParsedSection("New", 2, "new text")],
                                                        meta={"reviewed": date(2024, 1, 2)})])
    assert (outcome.added, outcome.updated, outcome.unchanged) == (0, 1, 0)
    assert outcome.document_ids == [before["id"]]
    after = store.row("SELECT * FROM documents")
    assert (after["id"], after["title"], after["project"], after["first_ingested"]) == (before["id"], "Renamed", "CRM",
                                                                                     "2020-01-01")
    assert _recent(after["last_ingested"]) and after["content_hash"] != before["content_hash"]
    assert [s["heading"] for s in store.rows("SELECT heading FROM sections")] == ["New"]
    assert [t["name"] for t in store.document("a")["tags"]] == ["supplier"]
    assert after["meta"] == '{"reviewed": "2024-01-02"}'  # dates in front matter are kept as text


def test_a_register_row_stored_by_an_earlier_release_is_unchanged_when_read_again(store: Store):
    """A store of before hashed a register row with its place (``meta.row``): read again after the upgrade (a new
    parser version reads every file again, or one row of the register added), every row was ingested again, its
    last_ingested restamped (/api/documents?updated=, a digest's updated documents: 50 of 50 rows on a real CSV)."""
    rows = [doc(f"r.csv#{n}", meta={"row": n + 1, "register": "r.csv"}) for n in range(1, 4)]
    store.save_file(source(), rows)
    for row in rows:  # as the release before stored them
        store.conn.execute("UPDATE documents SET content_hash = ?, last_ingested = '2020-01-01' WHERE key = ?",
                           [document_hash(row, with_row=True), row.key])
    moved = [rows[0], *(row.replace(meta={**row.meta, "row": row.meta["row"] + 1}) for row in rows[1:])]
    outcome = store.save_file(source(digest="h2"), [*moved, doc("r.csv#9", meta={"row": 2, "register": "r.csv"})])
    assert (outcome.added, outcome.updated, outcome.unchanged) == (1, 0, 3)
    stored = store.rows("SELECT key, content_hash, last_ingested, meta FROM documents WHERE key != 'r.csv#9' ORDER BY id")
    assert [r["last_ingested"] for r in stored] == ["2020-01-01"] * 3
    assert [r["content_hash"] for r in stored] == [document_hash(row) for row in moved]  # hashed as now, once
    assert [json.loads(r["meta"])["row"] for r in stored] == [2, 4, 5]
    assert document_hash(rows[0], with_row=True) != document_hash(rows[0])


def test_updates_are_counted_one_by_one(store: Store):
    store.save_file(source(), [doc("a"), doc("b"), doc("c")])
    outcome = store.save_file(source(digest="h2"), [doc("a", title="A2"), doc("b", title="B2"), doc("c")])
    assert (outcome.added, outcome.updated, outcome.unchanged) == (0, 2, 1)


def test_documents_a_file_no_longer_has_go_with_their_lessons(store: Store):
    store.save_file(source(), [doc("r#1"), doc("r#2"), doc("r#3")])
    other = store.save_file(source("/data/other.md"), [doc("keep")])
    outcome = store.save_file(source(digest="h2"), [doc("r#2")])
    assert (outcome.removed, outcome.unchanged) == (2, 1)
    assert sorted(r["key"] for r in store.rows("SELECT key FROM documents")) == ["keep", "r#2"]
    assert store.scalar("SELECT count(*) FROM lessons") == 4
    assert other.document_ids == [store.document_id("keep")]
    assert store.save_file(source(digest="h3"), []).removed == 1


def test_duplicate_keys_are_reported_with_their_line_and_the_rest_is_saved(store: Store, tmp_path):
    owner = tmp_path / "owner.md"
    owner.write_text("x")
    store.save_file(source(str(owner), root=str(tmp_path)), [doc("taken")])
    outcome = store.save_file(source(str(tmp_path / "new.csv"), root=str(tmp_path)),
                              [doc("k", line=2), doc("k", line=3), doc("taken", line=4), doc("free", line=5)])
    assert (outcome.added, [str(e) for e in outcome.errors]) == (2, [
        "line 3: duplicate document id 'k' in the same file",
        f"line 4: duplicate document id 'taken': already used by {owner}"])
    assert all(isinstance(e, DuplicateKey) for e in outcome.errors) and [e.line for e in outcome.errors] == [3, 4]
    assert outcome.document_ids == [store.document_id("k"), store.document_id("free")]
    assert store.row("SELECT s.path FROM documents d JOIN sources s ON s.id = d.source_id WHERE d.key = 'taken'") == {
        "path": str(owner)}


def test_key_owner_exists_decides_whether_a_key_moves(store: Store):
    store.save_file(source("/data/old.md"), [doc("k")])
    asked: list[str] = []

    def still_there(path: str) -> bool:
        asked.append(path)
        return True

    refused = store.save_file(source("/data/new.md"), [doc("k")], key_owner_exists=still_there)
    assert refused.added == refused.updated == 0 and len(refused.errors) == 1 and asked == ["/data/old.md"]
    moved = store.save_file(source("/data/new.md"), [doc("k")], key_owner_exists=lambda path: False)
    assert (moved.added, moved.updated, moved.unchanged) == (0, 1, 0)  # same content, but another file now
    assert store.row("SELECT source_path FROM documents") == {"source_path": "/data/new.md"}
    assert store.save_file(source("/data/old.md", digest="h2"), []).removed == 0  # no longer the old file's


def test_a_key_whose_file_was_deleted_from_the_store_is_free(store: Store):
    store.save_file(source("/data/old.md"), [doc("k")])
    store.conn.execute("PRAGMA foreign_keys = OFF")
    store.conn.execute("DELETE FROM sources")
    store.conn.execute("UPDATE documents SET source_id = NULL")
    store.conn.execute("PRAGMA foreign_keys = ON")
    outcome = store.save_file(source("/data/new.md"), [doc("k")], key_owner_exists=lambda path: True)
    assert (outcome.updated, outcome.errors) == (1, [])


def test_lessons_keep_their_ids_when_reordered_or_repeated(store: Store):
    store.save_file(source(), [doc("a", ("Same text.", "Same text.", "Other lesson entirely."))])
    old = [r["id"] for r in store.rows("SELECT id FROM lessons ORDER BY position")]
    store.save_file(source(digest="h2"), [doc("a", ("other lesson   ENTIRELY.", "Same text.", "Same text."))])
    new = [r["id"] for r in store.rows("SELECT id FROM lessons ORDER BY position")]
    assert new == [old[2], old[0], old[1]]  # case and spaces do not count; repeats pair up in order
    created = store.rows("SELECT created_at FROM lessons")
    assert all(_recent(c["created_at"]) for c in created)


def test_an_edit_keeps_a_lesson_down_to_75_percent_similar(store: Store):
    store.save_file(source(), [doc("a", ("abcd", "wxyz"))])
    ids = _lesson_ids(store)
    store.set_review(ids["abcd"], "approved", actor="carol")
    store.conn.execute("UPDATE lessons SET created_at = '2020-01-01'")
    store.save_file(source(digest="h2"), [doc("a", ("abce", "wxAB"))])  # 75 % and 50 % alike
    after = _lesson_ids(store)
    assert after["abce"] == ids["abcd"] and after["wxAB"] not in ids.values()
    row = store.row("SELECT review_status, created_at, updated_at, position FROM lessons WHERE id = ?", [ids["abcd"]])
    assert (row["review_status"], row["created_at"], row["position"]) == ("approved", "2020-01-01", 0)
    assert _recent(row["updated_at"])
    assert store.scalar("SELECT count(*) FROM lessons") == 2


def test_an_edit_goes_to_the_closest_old_lesson_and_each_old_lesson_once(store: Store):
    store.save_file(source(), [doc("a", ("The vendor was late by three days.", "The vendor was late by three weeks."))])
    ids = _lesson_ids(store)
    store.save_file(source(digest="h2"), [doc("a", ("The vendor was late by three weeks!",
                                                    "The vendor was late by three weeks?",
                                                    "The vendor was late by three weeks."))])
    after = [r["id"] for r in store.rows("SELECT id FROM lessons ORDER BY position")]
    assert after[2] == ids["The vendor was late by three weeks."]  # the same text first
    assert after[0] == ids["The vendor was late by three days."]  # then the closest one left
    assert after[1] not in ids.values()


def test_an_edit_is_matched_to_the_best_of_several_old_lessons(store: Store):
    store.save_file(source(), [doc("a", ("The vendor was late by three days.", "The vendor was late by three weeks."))])
    ids = _lesson_ids(store)
    store.save_file(source(digest="h2"), [doc("a", ("The vendor was late by three weeks!",))])
    assert _lesson_ids(store)["The vendor was late by three weeks!"] == ids["The vendor was late by three weeks."]


def test_too_many_unmatched_lessons_are_not_compared(store: Store):
    many = tuple(f"Old lesson number {i} about the vendor." for i in range(201))
    store.save_file(source(), [doc("a", many)])
    old = set(_lesson_ids(store).values())
    edited = tuple(f"Old lesson number {i} about the vendors." for i in range(200))  # 201 x 200 > 40,000 pairs
    store.save_file(source(digest="h2"), [doc("a", edited)])
    assert not set(_lesson_ids(store).values()) & old


def test_a_removed_lesson_takes_its_curator_tags_with_it(store: Store):
    store.save_file(source(), [doc("a", ("Keep me.", "Drop me, this is a long and different text."))])
    ids = _lesson_ids(store)
    for text in ids:
        store.add_tag(Target("lesson", str(ids[text])), "reviewed")
    store.save_file(source(digest="h2"), [doc("a", ("Keep me.",))])
    assert store.rows("SELECT lesson_id FROM lesson_tags") == [{"lesson_id": ids["Keep me."]}]


def test_front_matter_tags_are_replaced_and_curator_ones_kept(store: Store):
    lesson = ParsedLesson(LessonKind.LESSON, "Freeze scope.", section_index=0, tags=[" ", "scope"])
    store.save_file(source(), [doc("a", [lesson], tags=["#", "vendor"],
                                   sections=[ParsedSection("L", 2, "Freeze scope.")])])
    lesson_id = store.scalar("SELECT id FROM lessons")
    store.add_tag(Target("lesson", str(lesson_id)), "curated", actor="c")
    store.add_tag(Target("document", "a"), "Vendor", origin=TagOrigin.SUGGESTION)
    store.add_tag(Target("document", "a"), "mine", actor="c")
    relabelled = ParsedLesson(LessonKind.LESSON, "Freeze scope.", section_index=0, tags=["budget", "curated"])
    store.save_file(source(digest="h2"), [doc("a", [relabelled], tags=["supplier", "mine"],
                                              sections=[ParsedSection("L", 2, "Freeze scope.")])])
    assert store.scalar("SELECT count(*) FROM tags WHERE name = 'vendor'") == 1  # the tag stays, unlinked
    assert {(t["name"], t["origin"]) for t in store.document("a")["tags"]} == {("supplier", "front_matter"),
                                                                              ("mine", "curator")}
    assert {(r["name"], r["origin"]) for r in store.rows(
        "SELECT t.name, x.origin FROM lesson_tags x JOIN tags t ON t.id = x.tag_id")} == {
        ("budget", "front_matter"), ("curated", "curator")}


def test_a_failure_in_one_file_leaves_its_previous_version(store: Store):
    store.save_file(source(), [doc("a")])
    bad = doc("a", title="New title", doc_type="not-a-type")  # type: ignore[arg-type]
    with pytest.raises(AttributeError):
        store.save_file(source(digest="h2"), [doc("b"), bad])
    assert [r["key"] for r in store.rows("SELECT key FROM documents")] == ["a"]
    assert store.row("SELECT title FROM documents") == {"title": "Retro a"}
    assert store.source_by_path("/data/a.md")["content_hash"] == "h1" and not store.conn.in_transaction


def test_delete_source_removes_only_that_file(store: Store):
    store.save_file(source("/data/a.md"), [doc("a1"), doc("a2")])
    store.save_file(source("/data/b.md"), [doc("b1")])
    assert store.delete_source(store.source_by_path("/data/a.md")["id"]) == 2
    assert store.source_by_path("/data/a.md") is None and store.source_by_path("/data/b.md") is not None
    assert [r["key"] for r in store.rows("SELECT key FROM documents")] == ["b1"]
    assert store.delete_source(999) == 0


def test_register_rows_in_one_file_are_separate_documents(store: Store):
    rows = [doc(f"reg.csv#R{i}", doc_type=DocType.LESSONS_REGISTER, line=i + 1, meta={"register": "reg.csv"})
            for i in range(1, 4)]
    outcome = store.save_file(source("/data/reg.csv"), rows)
    assert outcome.added == 3 and len(set(outcome.document_ids)) == 3
    assert json.loads(store.row("SELECT meta FROM documents LIMIT 1")["meta"]) == {"register": "reg.csv"}


def test_a_file_none_of_whose_documents_can_be_stored_leaves_its_stored_documents_as_they_were(store: Store, tmp_path):
    """Its documents were dropped (their tags, reviews and contributor with them): a published file replaced by one
    whose key another file holds lost its lessons' claims when the old bytes were put back and read again."""
    owner, mine = tmp_path / "owner.md", tmp_path / "mine.md"
    owner.write_text("x")
    store.save_file(source(str(owner), root=str(tmp_path)), [doc("taken")])
    store.save_file(source(str(mine), root=str(tmp_path)), [doc("mine")])
    store.add_tag(Target("document", "mine"), "仓储", actor="carl")
    refused = store.save_file(source(str(mine), digest="h2", root=str(tmp_path)), [doc("taken")])
    assert (refused.added, refused.updated, refused.removed) == (0, 0, 0)
    assert [str(e) for e in refused.errors] == [f"duplicate document id 'taken': already used by {owner}"]
    assert "仓储" in store.document_tags("mine") and store.document("mine")["lessons"]
    assert store.source_by_path(str(mine))["content_hash"] == "h2"  # read: said again when it changes
    assert store.save_file(source(str(mine), digest="h3", root=str(tmp_path)), []).removed == 1  # emptied: as before
