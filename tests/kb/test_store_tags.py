"""kb/store/tags.py: naming targets, creating, attaching, removing, renaming and merging tags, with their history."""

from __future__ import annotations

import pytest

from kb.errors import InvalidInput, NotFound
from kb.models import TagOrigin
from kb.store import Store, Target
from kb.store.tags import typed_tag
from tests.kb.factories import doc, source

A, B = Target("document", "a"), Target("document", "b")


@pytest.fixture
def docs(store: Store) -> Store:
    store.save_file(source(), [doc("a", tags=[]), doc("b", tags=[])])
    return store


def _links(store: Store, table: str = "document_tags") -> set[tuple]:
    column = "document_id" if table == "document_tags" else "lesson_id"
    return {(r["target"], r["name"], r["origin"], r["added_by"]) for r in store.rows(
        f"SELECT x.{column} AS target, t.name, x.origin, x.added_by FROM {table} x JOIN tags t ON t.id = x.tag_id")}


def _events(store: Store) -> list[tuple]:
    return [(e["action"], e["tag"], e["detail"], e["actor"]) for e in store.rows("SELECT * FROM tag_events ORDER BY id")]


def _id(store: Store, key: str) -> int:
    return store.document_id(key)


@pytest.mark.parametrize("text, kind, ref", [
    ("lesson:12", "lesson", "12"), (" Lesson:3 ", "lesson", "3"), ("L7", "lesson", "7"), ("l7", "lesson", "7"),
    ("lesson:abc", "document", "lesson:abc"), ("L", "document", "L"), ("Lx1", "document", "Lx1"),
    ("lesson:", "document", "lesson:"), ("  erp/retro.md  ", "document", "erp/retro.md"), ("12", "document", "12"),
    ("项目/复盘", "document", "项目/复盘")])
def test_target_parse(text, kind, ref):
    assert Target.parse(text) == Target(kind, ref)


def test_target_str_round_trips():
    assert str(Target("lesson", "12")) == "lesson:12" and str(Target("document", "erp/a.md")) == "erp/a.md"
    assert Target.parse(str(Target("lesson", "5"))) == Target("lesson", "5")


def test_ensure_tag_creates_once_per_normalised_name(store: Store):
    first = store.ensure_tag("  #Vendor   Risk# ")
    assert isinstance(first, int)
    assert store.row("SELECT name, label FROM tags WHERE id = ?", [first]) == {"name": "vendor risk",
                                                                              "label": "Vendor Risk"}
    assert store.ensure_tag("VENDOR risk") == first and store.ensure_tag("ｖｅｎｄｏｒ risk") == first  # NFKC
    assert store.scalar("SELECT count(*) FROM tags") == 1
    assert store.ensure_tag("other") == first + 1
    xml = store.ensure_tag("#XML#")  # only '#' is taken off the ends of a label
    assert store.row("SELECT name, label FROM tags WHERE id = ?", [xml]) == {"name": "xml", "label": "XML"}


@pytest.mark.parametrize(("typed", "label"), [("ＳＡＰ", "SAP"), ("２０２４年度复盘", "2024年度复盘"),
                                              ("＃ＥＲＰ　上线＃", "ERP 上线"), ("vendor risk and sch…", "vendor risk and sch…")])
def test_a_tag_is_labelled_in_nfkc_as_entered_full_width_or_not(docs: Store, typed: str, label: str):
    """A Chinese input method types ＳＡＰ: the tag was labelled so everywhere (beside SAP S/4HANA) however it was
    typed later. A shortened label keeps its one-character '…'."""
    docs.add_tag(A, typed)
    docs.add_tag(B, label)
    assert docs.rows("SELECT label FROM tags") == [{"label": label}]
    docs.add_tag(B, "other")
    docs.rename_tag("other", "ＯＴＨＥＲ")
    assert docs.scalar("SELECT label FROM tags WHERE name = 'other'") == "OTHER"


@pytest.mark.parametrize("label", ["", "   ", "#", " ## "])
def test_ensure_tag_of_nothing_is_none(store: Store, label: str):
    assert store.ensure_tag(label) is None
    assert store.scalar("SELECT count(*) FROM tags") == 0


def test_ensure_tag_refuses_names_over_60_characters(store: Store):
    assert store.ensure_tag("x" * 60) is not None
    with pytest.raises(InvalidInput, match=r"^tag 'yyyyyyyyyyyyyyyyyyyy…' is longer than 60 characters$"):
        store.ensure_tag("y" * 61)
    assert store.scalar("SELECT count(*) FROM tags") == 1


def test_add_tag_attaches_once_and_logs_it(docs: Store):
    assert docs.add_tag(A, " Vendor  Risk ", actor="alice") is True
    assert docs.add_tag(A, "vendor risk", actor="bob") is False
    assert _links(docs) == {(_id(docs, "a"), "vendor risk", "curator", "alice")}
    assert docs.tags()[0]["label"] == "Vendor Risk"
    assert _events(docs) == [("add", "vendor risk", "a", "alice")]


def test_add_tag_to_a_lesson(docs: Store):
    lesson_id = docs.lessons()[0][0]["id"]
    assert docs.add_tag(Target.parse(f"L{lesson_id}"), "风险", actor="wang") is True
    assert _links(docs, "lesson_tags") == {(lesson_id, "风险", "curator", "wang")}
    assert _links(docs) == set()
    assert _events(docs) == [("add", "风险", f"lesson:{lesson_id}", "wang")]


def test_origins_only_ever_upgrade_to_curator(docs: Store):
    assert docs.add_tag(A, "hint", origin=TagOrigin.SUGGESTION) is True
    assert docs.add_tag(A, "hint", origin=TagOrigin.SUGGESTION) is False
    assert docs.add_tag(A, "hint", actor="carol") is True  # a curator confirms the suggestion
    assert docs.add_tag(A, "hint", origin=TagOrigin.SUGGESTION) is False  # never downgraded
    assert docs.add_tag(A, "hint", origin=TagOrigin.FRONT_MATTER) is False
    assert _links(docs) == {(_id(docs, "a"), "hint", "curator", "carol")}
    assert [e[0] for e in _events(docs)] == ["add", "add"]


def test_a_front_matter_tag_becomes_the_curators(store: Store):
    store.save_file(source(), [doc("a", tags=["vendor"])])
    assert store.add_tag(A, "Vendor", origin=TagOrigin.SUGGESTION) is False
    assert store.add_tag(A, "Vendor", actor="dave") is True
    assert _links(store) == {(_id(store, "a"), "vendor", "curator", "dave")}


@pytest.mark.parametrize("label, message", [
    ("  #  ", r"^a tag needs at least one letter or character$"),
    ("two\nlines", r"^'tag' contains a control character \(U\+000A\); use one line of plain text$"),
    (12, r"^'tag' must be text, not a number$"),
    ("bad \ud800", r"^'tag' contains an invalid character \(a lone UTF-16 surrogate\)$"),
    ("x" * 601, r"^'tag' is a text of 601 characters, longer than the 600 allowed$")])
def test_add_tag_refuses_bad_names_and_changes_nothing(docs: Store, label, message):
    with pytest.raises(InvalidInput, match=message):
        docs.add_tag(A, label)
    assert docs.tags() == [] and _events(docs) == []


def test_a_document_or_lesson_is_given_at_most_max_tags_by_hand(store: Store):
    """A recorded lesson came with 150 tags, its page a list of words: MAX_TAGS (20) a document or a lesson given by
    hand; one attached already is no new tag; a file's own tags are neither refused nor counted (a document whose
    file gave 20 or more could never be given a curator's tag)."""
    from kb.store import MAX_TAGS

    store.save_file(source(), [doc("a", tags=[f"file {n}" for n in range(MAX_TAGS + 5)])])  # 25 from the file
    assert len(_links(store)) == MAX_TAGS + 5
    assert store.add_tag(A, "One more", actor="carol") is True
    assert (_id(store, "a"), "one more", "curator", "carol") in _links(store)
    assert store.add_tag(A, "file 3", actor="carol") is True  # attached already: confirmed, not refused
    for n in range(MAX_TAGS - 2):
        assert store.add_tag(A, f"hand {n}", actor="carol") is True
    with pytest.raises(InvalidInput, match=r"^at most 20 tags on a document: remove one before adding 'hand 18'$"):
        store.add_tag(A, "hand 18", actor="carol")  # 20 by hand: 'one more', 'file 3' confirmed, 18 others
    assert len(_links(store)) == MAX_TAGS + 5 + 1 + MAX_TAGS - 2
    lesson = Target("lesson", str(store.lessons()[0][0]["id"]))
    for n in range(MAX_TAGS):
        assert store.add_tag(lesson, f"tag {n}", actor="carol") is True
    with pytest.raises(InvalidInput, match=r"^at most 20 tags on a lesson: remove one before adding 'tag 20'$"):
        store.add_tag(lesson, "tag 20", actor="carol")
    assert len(_links(store, "lesson_tags")) == MAX_TAGS
    assert store.remove_tag(lesson, "tag 0") and store.add_tag(lesson, "tag 20", actor="carol") is True


def test_a_synonym_groups_names_count_as_one_tag_against_the_cap(store: Store):
    """The record form counted 数据迁移 and "data migration" (synonyms: one tag to filters and search) as one tag
    against MAX_TAGS, and add_tag, the curator's, as two: a lesson with 19 tags took one of them and refused the
    other as the 21st. Both count a group once now; a 21st tag is still refused."""
    from kb.store import MAX_TAGS

    store.save_file(source(), [doc("a")])
    store.add_synonyms(["数据迁移", "data migration"])
    for n in range(MAX_TAGS - 1):
        store.add_tag(A, f"tag {n}", actor="carol")
    assert store.add_tag(A, "数据迁移", actor="carol") and store.add_tag(A, "Data Migration", actor="carol")
    with pytest.raises(InvalidInput, match=r"^at most 20 tags on a document: remove one before adding 'tag 19'$"):
        store.add_tag(A, "tag 19", actor="carol")


def test_tags_counted_is_the_one_count_of_the_cap_and_the_record_form(store: Store):
    """The cap's count (add_tag) and the record form's (web/views/contribute_forms.py) were two, in SQL and in Python:
    one store helper now, taking names: a group's names once, a name twice once, names no tag has yet counted."""
    store.add_synonyms(["数据迁移", "data migration"])
    assert store.tags_counted([]) == 0
    assert store.tags_counted(["数据迁移", "data migration", "erp", "erp", "never used"]) == 3
    assert store.tags_counted(["data migration"]) == store.tags_counted(["数据迁移"]) == 1


def test_a_tag_refused_past_max_tags_is_named_as_typed(store: Store):
    """The cap's message named the tag folded, as no page shows it: 'remove one before adding 'erp rollout''."""
    from kb.store import MAX_TAGS

    store.save_file(source(), [doc("a")])
    for n in range(MAX_TAGS):
        store.add_tag(A, f"tag {n}", actor="carol")
    with pytest.raises(InvalidInput, match=r"^at most 20 tags on a document: remove one before adding 'ERP Rollout'$"):
        store.add_tag(A, "  ERP   Rollout ", actor="carol")
    with pytest.raises(InvalidInput, match=r"before adding 'AGV'$"):  # a full-width name as tags are labelled
        store.add_tag(A, "ＡＧＶ", actor="carol")


def test_add_tag_to_a_document_key_that_cannot_exist(docs: Store):
    with pytest.raises(InvalidInput, match=r"^'document' contains an invalid character"):
        docs.add_tag(Target("document", "a\udc80"), "x")


def test_remove_tag(docs: Store):
    docs.add_tag(A, "vendor")
    docs.add_tag(B, "vendor")
    assert docs.remove_tag(A, "VENDOR", actor="erin") is True
    assert docs.remove_tag(A, "vendor", actor="erin") is False
    assert docs.remove_tag(A, "never-made") is False
    assert _links(docs) == {(_id(docs, "b"), "vendor", "curator", None)}
    assert _events(docs)[-1] == ("remove", "vendor", "a", "erin") and len(_events(docs)) == 3
    assert [t["name"] for t in docs.tags()] == ["vendor"]  # the tag itself stays


def test_remove_tag_errors(docs: Store):
    with pytest.raises(NotFound, match=r"^no document with key 'zz'$"):
        docs.remove_tag(Target("document", "zz"), "x")
    with pytest.raises(NotFound, match=r"^no lesson 999$"):
        docs.remove_tag(Target("lesson", "999"), "x")
    with pytest.raises(InvalidInput, match=r"^'tag' contains an invalid character"):
        docs.remove_tag(A, "\ud800")


def test_rename_keeps_the_links_and_logs_it(docs: Store):
    docs.add_tag(A, "vendor")
    tag_id = docs.scalar("SELECT id FROM tags")
    docs.rename_tag("Vendor", "  Vendor   management ", actor="carol")
    assert docs.row("SELECT id, name, label FROM tags") == {"id": tag_id, "name": "vendor management",
                                                          "label": "Vendor management"}
    assert _links(docs) == {(_id(docs, "a"), "vendor management", "curator", None)}
    assert _events(docs)[-1] == ("rename", "vendor", "vendor management", "carol")


def test_rename_to_another_spelling_of_the_same_name_changes_the_label(docs: Store):
    docs.add_tag(A, "erp")
    docs.rename_tag("erp", "ERP")
    assert docs.row("SELECT name, label FROM tags") == {"name": "erp", "label": "ERP"}
    assert _events(docs)[-1] == ("rename", "erp", "erp", None)


def test_rename_onto_an_existing_tag_merges(docs: Store):
    docs.add_tag(A, "supplier", actor="x")
    docs.add_tag(B, "supplier", actor="x")
    docs.add_tag(B, "vendor", actor="y")
    vendor = docs.scalar("SELECT id FROM tags WHERE name = 'vendor'")
    docs.rename_tag("supplier", "Vendor", actor="carol")
    assert docs.rows("SELECT id, label FROM tags") == [{"id": vendor, "label": "vendor"}]
    assert _links(docs) == {(_id(docs, "a"), "vendor", "curator", "x"), (_id(docs, "b"), "vendor", "curator", "y")}
    assert _events(docs)[-1] == ("merge", "supplier", "vendor", "carol")


def test_rename_errors_change_nothing(docs: Store):
    docs.add_tag(A, "vendor")
    with pytest.raises(NotFound, match=r"^no tag 'nothing'$"):
        docs.rename_tag("nothing", "x")
    with pytest.raises(InvalidInput, match=r"^the new tag name is empty$"):
        docs.rename_tag("vendor", " # ")
    with pytest.raises(InvalidInput, match=r"^'new' contains a control character"):
        docs.rename_tag("vendor", "a\tb\x00")
    with pytest.raises(InvalidInput, match=r"^'tag' contains an invalid character"):
        docs.rename_tag("\ud800", "x")
    with pytest.raises(InvalidInput, match=r"^tag 'yyyyyyyyyyyyyyyyyyyy…' is longer than 60 characters$"):
        docs.rename_tag("vendor", "y" * 61)  # as ensure_tag refuses it: a rename made a tag of 70 characters
    assert docs.rows("SELECT name, label FROM tags") == [{"name": "vendor", "label": "vendor"}]
    assert [e[0] for e in _events(docs)] == ["add"]


def test_merge_moves_every_link_onto_one_tag_and_deletes_the_sources(docs: Store):
    lesson_id = docs.lessons()[0][0]["id"]
    docs.add_tag(A, "supplier", actor="x", origin=TagOrigin.SUGGESTION)
    docs.add_tag(B, "vendors", actor="y")
    docs.add_tag(B, "supplier", actor="z")
    docs.add_tag(Target("lesson", str(lesson_id)), "vendors", actor="w")
    docs.merge_tags(["supplier", "Vendors"], "Vendor", actor="carol")  # created on the way
    assert [t["label"] for t in docs.tags()] == ["Vendor"]
    assert _links(docs) == {(_id(docs, "a"), "vendor", "suggestion", "x"), (_id(docs, "b"), "vendor", "curator", "z")}
    assert _links(docs, "lesson_tags") == {(lesson_id, "vendor", "curator", "w")}
    assert _events(docs)[-2:] == [("merge", "supplier", "vendor", "carol"), ("merge", "vendors", "vendor", "carol")]


def test_merge_into_one_of_its_sources_keeps_it(docs: Store):
    docs.add_tag(A, "vendor")
    docs.add_tag(B, "supplier")
    docs.merge_tags(["vendor", "supplier"], "VENDOR")
    assert [(t["name"], t["documents"]) for t in docs.tags()] == [("vendor", 2)]
    assert [e[:3] for e in _events(docs)][-1] == ("merge", "supplier", "vendor") and len(_events(docs)) == 3


def test_a_failed_merge_changes_nothing(docs: Store):
    docs.add_tag(A, "supplier")
    with pytest.raises(NotFound, match=r"^no tag 'missing'$"):
        docs.merge_tags(["supplier", "missing"], "vendor")
    assert [t["name"] for t in docs.tags()] == ["supplier"] and len(_events(docs)) == 1
    with pytest.raises(InvalidInput, match=r"^the target tag name is empty$"):
        docs.merge_tags(["supplier"], "##")
    with pytest.raises(InvalidInput, match=r"^'into' contains a control character"):
        docs.merge_tags(["supplier"], "a\nb")
    assert [t["name"] for t in docs.tags()] == ["supplier"]


def test_tags_most_used_first_then_by_name_with_counts(docs: Store):
    lesson_id = docs.lessons()[0][0]["id"]
    for target, label in ((A, "zeta"), (B, "zeta"), (A, "beta"), (Target("lesson", str(lesson_id)), "beta"),
                          (A, "alpha")):
        docs.add_tag(target, label)
    docs.ensure_tag("unused")
    listed = docs.tags()
    assert [(t["name"], t["documents"], t["lessons"]) for t in listed] == [
        ("beta", 1, 1), ("zeta", 2, 0), ("alpha", 1, 0), ("unused", 0, 0)]
    assert set(listed[0]) == {"id", "name", "label", "documents", "lessons"}
    assert [t["name"] for t in docs.tags(limit=2)] == ["beta", "zeta"]
    assert [t["name"] for t in docs.tags(limit=0)] == ["beta", "zeta", "alpha", "unused"]  # 0: no limit


def test_tags_by_prefix_treat_like_wildcards_literally(store: Store):
    for label in ("50%_done", "50 percent", "a_b", "axb", "back\\slash", "Vendor risk", "other vendor"):
        store.ensure_tag(label)
    assert [t["name"] for t in store.tags(prefix="50%")] == ["50%_done"]
    assert [t["name"] for t in store.tags(prefix="a_")] == ["a_b"]
    assert [t["name"] for t in store.tags(prefix="back\\")] == ["back\\slash"]
    assert [t["name"] for t in store.tags(prefix=" #VEN")] == ["vendor risk"]
    assert [t["name"] for t in store.tags(prefix="50")] == ["50 percent", "50%_done"]
    assert len(store.tags(prefix="")) == 7


def test_tag_events_newest_first_with_a_limit(docs: Store):
    for i in range(105):
        docs.add_tag(A if i % 2 else B, f"t{i}")
        docs.remove_tag(A if i % 2 else B, f"t{i - 2}")  # a document holds 20 at most (MAX_TAGS): 2 at most here
    docs.conn.execute("DELETE FROM tag_events WHERE action = 'remove'")
    events = docs.tag_events()
    assert len(events) == 100 and events[0]["tag"] == "t104" and events[-1]["tag"] == "t5"
    assert [e["tag"] for e in docs.tag_events(limit=2)] == ["t104", "t103"]
    assert set(events[0]) == {"id", "action", "tag", "label", "detail", "actor", "at", "undoable", "undone_at"}


def test_typed_tag():
    assert typed_tag("  Vendor risk ", "tag") == "Vendor risk"
    assert typed_tag("", "tag") == "" and typed_tag(None, "tag") == ""
    assert typed_tag("x" * 600, "tag") == "x" * 600
    with pytest.raises(InvalidInput, match=r"^'label' is a text of 601 characters"):
        typed_tag("x" * 601, "label")


def test_tags_used_as_often_are_in_pinyin_order_among_latin_names(store: Store):
    """As browse's facets sort them: the tags page listed every Latin name first, then the Chinese ones in code-point
    order (上线 before 专线, 估算 before 供应商管理)."""
    for label in ("估算", "data migration", "供应商管理", "测试", "上线", "专线", "vendor"):
        store.ensure_tag(label)
    assert [t["label"] for t in store.tags()] == ["测试", "data migration", "供应商管理", "估算", "上线", "vendor",
                                                   "专线"]
    assert [t["label"] for t in store.tags(limit=3)] == ["测试", "data migration", "供应商管理"]


def test_a_documents_tags_are_in_pinyin_order_among_latin_names(docs: Store):
    """The document page listed 估算 供应商管理 关键人员 数据迁移 测试 (code points) where the tags page says 测试 "ce" first."""
    for label in ("估算", "供应商管理", "Vendor", "关键人员", "数据迁移", "测试"):
        docs.add_tag(A, label)
    assert [t["label"] for t in docs.document("a")["tags"]] == ["测试", "供应商管理", "估算", "关键人员", "数据迁移", "Vendor"]


def test_a_merge_of_a_tag_that_is_none_into_itself_makes_no_tag(docs: Store):
    # the tag to keep was made first, then found as the source: `kb tag merge missing --into missing` said
    # "nothing merged" and left an empty tag 'missing' in kb tag list and on /tags
    docs.add_tag(A, "supplier")
    with pytest.raises(NotFound, match=r"^no tag 'missing'$"):
        docs.merge_tags(["missing"], "Missing")
    assert [t["name"] for t in docs.tags()] == ["supplier"] and len(_events(docs)) == 1
