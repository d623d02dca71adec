"""Undoing tag renames and merges (exactly the previous assignments come back), and curated synonyms that filters
treat as one tag."""

from __future__ import annotations

import pytest

from kb.errors import InvalidInput, NotFound
from kb.models import TagOrigin
from kb.store import MAX_TAGS, Filters, Store, Target, synonym_names
from tests.kb.factories import doc, source

A, B, C = Target("document", "a"), Target("document", "b"), Target("document", "c")


@pytest.fixture
def docs(store: Store) -> Store:
    store.save_file(source(), [doc("a", ("One.", "Two."), tags=[]), doc("b", tags=[]), doc("c", tags=[])])
    return store


def _state(store: Store) -> dict[str, list[tuple]]:
    """Every tag and every link, exactly (ids, labels, origins, who and when)."""
    return {
        "tags": [tuple(r) for r in store.conn.execute("SELECT id, name, label, created_at FROM tags ORDER BY id")],
        "document_tags": [tuple(r) for r in store.conn.execute("SELECT * FROM document_tags ORDER BY 1, 2")],
        "lesson_tags": [tuple(r) for r in store.conn.execute("SELECT * FROM lesson_tags ORDER BY 1, 2")],
    }


def _lesson(store: Store) -> Target:
    return Target("lesson", str(store.scalar("SELECT min(id) FROM lessons")))


def _tagged(store: Store) -> None:
    store.add_tag(A, "Data migration", actor="ann")
    store.add_tag(B, "data migration", origin=TagOrigin.FRONT_MATTER)
    store.add_tag(_lesson(store), "Data Migration", actor="bob")
    store.add_tag(B, "数据迁移", actor="carl")  # B has both: the merge cannot copy that link
    store.add_tag(C, "数据迁移", actor="carl")
    store.add_tag(C, "cutover", actor="dan")


def _last(store: Store) -> dict:
    return store.tag_events(1)[0]


def test_undoing_a_merge_restores_exactly_the_previous_assignments(docs: Store):
    _tagged(docs)
    before = _state(docs)
    assert docs.rename_tag("data migration", "数据迁移", actor="curator") == "merge"
    assert _state(docs) != before
    event = _last(docs)
    assert event["action"] == "merge" and event["undoable"]
    docs.undo_tag_event(event["id"], actor="curator")
    assert _state(docs) == before
    assert [e["action"] for e in docs.tag_events(2)] == ["undo", "merge"]
    assert not docs.tag_events(2)[1]["undoable"]
    with pytest.raises(InvalidInput, match="has been undone already"):
        docs.undo_tag_event(event["id"])


@pytest.mark.parametrize("kind", ["document", "lesson"])
def test_undoing_a_merge_refuses_to_put_a_target_past_the_tag_cap_and_names_it(docs: Store, kind: str):
    """A document (or lesson) tagged both 数据迁移 and data migration has one tag fewer once they are merged; a tag
    added since in its place, the undo gave it MAX_TAGS + 1 tags, which no curator could have given it. The undo is
    refused, naming it, and nothing changes; a tag removed, it goes through."""
    target = B if kind == "document" else _lesson(docs)
    for n in range(MAX_TAGS - 2):
        docs.add_tag(target, f"tag {n}")
    docs.add_tag(target, "数据迁移")
    docs.add_tag(target, "data migration")
    docs.merge_tags(["data migration"], "数据迁移", actor="curator")
    merge = _last(docs)["id"]
    docs.add_tag(target, "one more")  # MAX_TAGS again
    before = _state(docs)
    named = "document 'b'" if kind == "document" else f"lesson {target.ref}"
    with pytest.raises(InvalidInput, match=rf"^undoing this change would give {named} {MAX_TAGS + 1} tags, more than"
                                           rf" the {MAX_TAGS} allowed: remove one of its tags first$"):
        docs.undo_tag_event(merge)
    assert _state(docs) == before and next(e for e in docs.tag_events() if e["id"] == merge)["undoable"]
    docs.remove_tag(target, "one more")
    docs.undo_tag_event(merge)
    assert {t["name"] for t in docs.tags()} >= {"data migration", "数据迁移"}


def test_undoing_a_merge_keeps_a_target_over_the_cap_from_before_it(docs: Store):
    """Tags given before the cap (older data) are no reason to refuse an undo that gives the document none."""
    for n in range(MAX_TAGS + 3):
        docs.conn.execute("INSERT INTO tags (name, label, created_at) VALUES (?, ?, '2026-01-01')", [f"old {n}", f"old {n}"])
        docs.conn.execute("INSERT INTO document_tags (document_id, tag_id, origin, added_at) SELECT d.id, t.id, 'curator', '2026'"
                          " FROM documents d, tags t WHERE d.key = 'b' AND t.name = ?", [f"old {n}"])
    docs.merge_tags(["old 0"], "merged", actor="curator")
    docs.undo_tag_event(_last(docs)["id"])
    assert docs.scalar("SELECT count(*) FROM document_tags dt JOIN documents d ON d.id = dt.document_id"
                       " WHERE d.key = 'b'") == MAX_TAGS + 3


def test_undoing_a_merge_of_several_tags_one_by_one_restores_everything_and_drops_a_tag_it_created(docs: Store):
    _tagged(docs)
    before = _state(docs)
    docs.merge_tags(["数据迁移", "cutover"], "迁移", actor="curator")
    merges = docs.tag_events(2)
    for event in merges:  # newest first
        docs.undo_tag_event(event["id"])
    assert _state(docs) == before


def test_undoing_a_rename_restores_name_and_label(docs: Store):
    _tagged(docs)
    before = _state(docs)
    assert docs.rename_tag("cutover", "Go-Live Cutover") == "rename"
    docs.undo_tag_event(_last(docs)["id"])
    assert _state(docs) == before


@pytest.mark.parametrize("change", ["rename", "merge"])
def test_an_undo_labels_the_tag_it_brings_back_as_tags_are_labelled(docs: Store, change):
    # A change recorded before labels were made NFKC (migration 0014) holds the label as first typed: the tag it
    # brings back is labelled as ensure_tag and rename_tag label one (ＳＡＰ is SAP), not as it was typed then.
    _tagged(docs)
    docs.conn.execute("UPDATE tags SET label = 'Ｃｕｔｏｖｅｒ' WHERE name = 'cutover'")
    docs.rename_tag("cutover", "Go-Live" if change == "rename" else "数据迁移")
    assert _last(docs)["action"] == change
    docs.undo_tag_event(_last(docs)["id"])
    assert docs.scalar("SELECT label FROM tags WHERE name = 'cutover'") == "Cutover"


def test_an_undo_that_would_clash_with_later_changes_is_refused_and_changes_nothing(docs: Store):
    _tagged(docs)
    docs.rename_tag("cutover", "go-live")
    rename = _last(docs)["id"]
    docs.merge_tags(["go-live"], "数据迁移")
    merged = _state(docs)
    with pytest.raises(InvalidInput, match="has changed since; undo the later changes first"):
        docs.undo_tag_event(rename)
    assert _state(docs) == merged
    docs.undo_tag_event(_last(docs)["id"])  # the later merge first, then the rename
    docs.add_tag(A, "cutover")  # a new tag of the old name
    with pytest.raises(InvalidInput, match="a tag named 'cutover' exists again"):
        docs.undo_tag_event(rename)


def test_a_link_removed_after_the_merge_stays_removed_and_a_gone_document_is_skipped(docs: Store):
    _tagged(docs)
    docs.rename_tag("data migration", "数据迁移")
    merge = _last(docs)["id"]
    docs.remove_tag(A, "数据迁移")
    docs.conn.execute("DELETE FROM documents WHERE key = 'c'")
    docs.undo_tag_event(merge)
    names = {(r["key"], r["name"]) for r in docs.rows(
        "SELECT d.key, t.name FROM document_tags x JOIN tags t ON t.id = x.tag_id JOIN documents d ON d.id = x.document_id")}
    assert names == {("a", "data migration"), ("b", "data migration"), ("b", "数据迁移")}


def test_only_renames_and_merges_can_be_undone(docs: Store):
    docs.add_tag(A, "x")
    assert not _last(docs)["undoable"]
    with pytest.raises(InvalidInput, match="cannot be undone"):
        docs.undo_tag_event(_last(docs)["id"])
    with pytest.raises(NotFound, match="no tag change 999"):
        docs.undo_tag_event(999)


def test_rename_would_merge_names_the_existing_tag(docs: Store):
    _tagged(docs)
    found = docs.rename_would_merge("cutover", "  数据迁移 ")
    assert found["label"] == "数据迁移" and found["documents"] == 2
    assert docs.rename_would_merge("cutover", "something new") is None
    assert docs.rename_would_merge("cutover", "Cutover") is None  # the same tag


# ---- synonyms ------------------------------------------------------------------------------------------------------
def _keys(store: Store, *tags: str, mode: str = "any") -> set[str]:
    rows, _ = store.documents(Filters(tags=list(tags), tags_mode=mode))
    return {r["key"] for r in rows}


def test_filters_treat_synonyms_as_one_tag(docs: Store):
    docs.add_tag(A, "Data migration")
    docs.add_tag(B, "数据迁移")
    docs.add_tag(B, "cutover")
    docs.add_tag(C, "cutover")
    assert _keys(docs, "数据迁移") == {"b"}
    assert docs.add_synonyms(["数据迁移", "Data Migration"], actor="carl") == ["data migration", "数据迁移"]
    assert _keys(docs, "数据迁移") == {"a", "b"} == _keys(docs, "DATA MIGRATION")
    assert _keys(docs, "数据迁移", "cutover", mode="all") == {"b"}  # a group counts once in "all"
    assert _keys(docs, "数据迁移", "data migration", mode="all") == {"a", "b"}
    lessons, total = docs.lessons(Filters(tags=["data migration"]))
    assert total == len(lessons) and {r["document_key"] for r in lessons} == {"a", "b"}
    docs.remove_synonym("DATA migration")
    assert _keys(docs, "数据迁移") == {"b"}
    assert docs.synonym_groups() == []  # a group of one is no group


def test_a_renamed_tag_stays_in_its_group_of_synonyms_and_an_undo_takes_it_back(docs: Store):
    """复盘精选 = retro picks; 复盘精选 renamed 分享会候选: the group still said 复盘精选, so a filter by retro picks (the
    digest's interest, a link) found nothing; undone, the group says 复盘精选 again."""
    docs.add_tag(A, "复盘精选")
    docs.add_synonyms(["复盘精选", "retro picks"], actor="carl")
    assert _keys(docs, "retro picks") == {"a"}
    docs.rename_tag("复盘精选", "分享会候选", actor="carl")
    assert _keys(docs, "retro picks") == {"a"} == _keys(docs, "分享会候选")
    assert [[n["name"] for n in g] for g in docs.synonym_groups()] == [["retro picks", "分享会候选"]]
    docs.undo_tag_event(docs.tag_events(5)[0]["id"], actor="carl")
    assert [[n["name"] for n in g] for g in docs.synonym_groups()] == [["retro picks", "复盘精选"]]
    assert _keys(docs, "retro picks") == {"a"}
    docs.add_synonyms(["data migration", "数据迁移"])  # a new name already in a group: the old one stays where it was
    docs.rename_tag("复盘精选", "数据迁移")
    assert sorted(sorted(n["name"] for n in g) for g in docs.synonym_groups()) == [
        ["data migration", "数据迁移"], ["retro picks", "复盘精选"]]


def test_subscribers_tags_of_interest_follow_a_rename_or_a_merge_and_its_undo(docs: Store):
    """王芳 follows 灰度发布 and SAP: 灰度发布 renamed 灰度上线, her digest still asked for 灰度发布 and got nothing of
    it; an undo puts her interests back as they were."""
    docs.add_tag(A, "灰度发布")
    docs.add_tag(B, "SAP")
    docs.add_tag(C, "ERP")
    wang = docs.add_subscriber("wang@example.com", interests={"tags": ["灰度发布", "ＳＡＰ"], "projects": ["ERP"]})
    li = docs.add_subscriber("li@example.com", interests={"tags": ["erp", "sap"]})

    def tags(subscriber_id: int) -> list[str]:
        return sorted(docs.subscriber(subscriber_id=subscriber_id)["interests"]["tags"])

    docs.rename_tag("灰度发布", "灰度上线", actor="carl")
    assert tags(wang) == ["SAP", "灰度上线"] and docs.subscriber(subscriber_id=wang)["interests"]["projects"] == ["ERP"]
    docs.merge_tags(["SAP"], "ERP", actor="carl")
    assert tags(wang) == ["ERP", "灰度上线"] and tags(li) == ["erp"]  # one tag now: named once
    for event in [e["id"] for e in docs.tag_events(5) if e["undoable"]]:  # the merge, then the rename
        docs.undo_tag_event(event, actor="carl")
    assert tags(wang) == ["SAP", "灰度发布"] and tags(li) == ["erp", "sap"]


def test_the_history_labels_a_tag_renamed_or_merged_away_as_it_was_shown(docs: Store):
    """/tags said "Merged vendor mgmt → 供应商管理" and "Added vendor mgmt" for the tag a curator knew as Vendor Mgmt."""
    docs.add_tag(A, "Vendor Mgmt", actor="carl")
    docs.add_tag(B, "供应商管理", actor="carl")
    docs.add_tag(C, "ＳＡＰ Basis", actor="carl")
    docs.merge_tags(["Vendor Mgmt"], "供应商管理", actor="carl")
    docs.rename_tag("SAP Basis", "SAP 基础", actor="carl")
    labels = {(e["action"], e["label"]) for e in docs.tag_events(10)}
    assert {("merge", "Vendor Mgmt"), ("add", "Vendor Mgmt"), ("rename", "SAP Basis"), ("add", "SAP Basis")} <= labels
    assert not {label for _, label in labels} & {"vendor mgmt", "sap basis"}


def test_synonym_groups_join_and_are_listed_with_their_tags(docs: Store):
    docs.add_tag(A, "Data migration")
    docs.add_synonyms(["数据迁移", "data migration"])
    docs.add_synonyms(["迁移", "cutover"])
    docs.add_synonyms(["cutover", "data migration"])  # joins the two groups
    groups = docs.synonym_groups()
    assert len(groups) == 1
    assert [(n["name"], n["label"], bool(n["is_tag"]), n["uses"]) for n in groups[0]] == [
        ("cutover", "cutover", False, 0), ("data migration", "Data migration", True, 1),
        ("数据迁移", "数据迁移", False, 0), ("迁移", "迁移", False, 0)]
    assert docs.synonyms()["迁移"] == ["cutover", "data migration", "数据迁移"]
    assert [e["action"] for e in docs.tag_events(3)] == ["synonym"] * 3


@pytest.mark.parametrize("texts,names", [
    (["数据迁移 = data migration"], ["数据迁移", "data migration"]),
    (["cut-over, 割接，切换、迁移\r\n上线"], ["cut-over", "割接", "切换", "迁移", "上线"]),
    (["数据迁移", "data migration = 迁移"], ["数据迁移", "data migration", "迁移"]),
    (["= ,", " x "], ["x"]), (["a b"], ["a b"])])
def test_synonym_names_are_split_as_curators_write_them(texts, names):
    assert synonym_names(texts) == names


@pytest.mark.parametrize("names,message", [
    (["数据迁移"], "at least two different tag names"), (["a b", "A  B"], "at least two different tag names"),
    (["x", "#"], "a tag needs at least one letter"), (["x", "y\x00"], "control character"),
    (["x", "y" * 61], "longer than 60 characters")])
def test_bad_synonyms_are_refused_by_name(docs: Store, names, message):
    with pytest.raises(InvalidInput, match=message):
        docs.add_synonyms(names)
    assert docs.synonym_groups() == []


def test_removing_a_name_with_no_synonyms_says_so(docs: Store):
    with pytest.raises(NotFound, match="'nothing' has no synonyms"):
        docs.remove_synonym("Nothing")


@pytest.mark.parametrize("text,found", [
    ("数据迁移的风险", ["data migration"]), ("risks of data migration", ["数据迁移"]), ("DATA-MIGRATION", []),
    ("qa team", ["质量保证"]), ("quality", []), ("数据迁移 and data migration", []), ("nothing", [])])
def test_the_synonyms_a_query_holds(docs: Store, text, found):
    docs.add_synonyms(["数据迁移", "data migration"])
    docs.add_synonyms(["QA", "质量保证"])
    assert docs.synonyms_in(text) == found


def test_the_tag_list_filters_by_name_and_by_synonym(docs: Store):
    for name in ("Data migration", "数据迁移", "cutover", "vendor_risk", "vendor%"):
        docs.add_tag(A, name)
    docs.add_synonyms(["数据迁移", "data migration"])
    assert {r["label"] for r in docs.tags(contains="迁移")} == {"Data migration", "数据迁移"}
    assert {r["label"] for r in docs.tags(contains="MIGRATION")} == {"Data migration", "数据迁移"}
    assert {r["label"] for r in docs.tags(contains="_")} == {"vendor_risk"}
    assert {r["label"] for r in docs.tags(contains="%")} == {"vendor%"}
