"""kb/store/review_queue.py: unreviewed lessons newest first, their filters, and verdicts and tags in bulk."""

from __future__ import annotations

import pytest

from kb.errors import InvalidInput, NotFound
from kb.models import LessonKind, ParsedLesson
from kb.store import QueueFilters, Store
from kb.store.review_queue import MAX_BATCH
from tests.kb.factories import doc, source


@pytest.fixture
def queue(store: Store) -> dict[str, list[int]]:
    """Three documents added on three days: ERP (Ann, two lessons), CRM (Bo, a went-well and a root cause) and
    MES (no author, one lesson)."""
    store.save_file(source("/data/erp.md"), [doc("erp", authors=["Ann Lee"])])
    store.save_file(source("/data/crm.md", "h2"), [doc("crm", project="CRM", authors=["Bo"], lessons=[
        ParsedLesson(LessonKind.WENT_WELL, "Stand-ups helped.", section_index=0),
        ParsedLesson(LessonKind.ROOT_CAUSE, "No rehearsal of the data load.", section_index=0)])])
    store.save_file(source("/data/mes.md", "h3"), [doc("mes", project="MES", lessons=["Labels came late."])])
    for key, day in (("erp", "2026-11-01"), ("crm", "2026-11-02"), ("mes", "2026-11-03")):
        store.conn.execute("UPDATE lessons SET created_at = ? WHERE document_id = (SELECT id FROM documents"
                           " WHERE key = ?)", [f"{day}T09:00:00+00:00", key])
    ids = {key: [l["id"] for l in store.lessons()[0] if l["document_key"] == key] for key in ("erp", "crm", "mes")}
    return {key: sorted(v) for key, v in ids.items()}


def _ids(store: Store, filters: QueueFilters | None = None, **page: int) -> list[int]:
    return [row["id"] for row in store.review_queue(filters, **page)[0]]


def test_the_queue_lists_unreviewed_lessons_newest_first(store, queue):
    assert _ids(store) == [*queue["mes"], *queue["crm"], *queue["erp"]]
    assert store.review_queue()[1] == store.review_queue_count() == 5


def test_a_verdict_takes_a_lesson_out_of_the_queue_and_back_to_unreviewed_puts_it_back(store, queue):
    store.set_review(queue["mes"][0], "approved", actor="carl")
    store.set_review(queue["crm"][0], "hidden", actor="carl")
    assert _ids(store) == [queue["crm"][1], *queue["erp"]] and store.review_queue_count() == 3
    store.set_review(queue["mes"][0], "unreviewed")
    assert _ids(store)[0] == queue["mes"][0]


@pytest.mark.parametrize(("filters", "expected"), [
    (QueueFilters(project="crm"), ["crm"]),            # ASCII case ignored, as everywhere
    (QueueFilters(project=" ERP "), ["erp"]),
    (QueueFilters(kind="went_wrong"), ["mes", "erp"]),
    (QueueFilters(author="ann lee"), ["erp"]),
    (QueueFilters(author="Bo", kind="root_cause"), ["crm:1"]),
    (QueueFilters(project="ERP", author="Bo"), []),
    (QueueFilters(project="Nowhere"), []),
])
def test_filters_by_project_kind_and_author(store, queue, filters, expected):
    wanted = [i for key in expected for i in (queue[key.split(":")[0]][1:] if ":" in key else queue[key])]
    rows, total = store.review_queue(filters)
    assert [r["id"] for r in rows] == wanted and total == len(wanted)


def test_pages_of_the_queue(store, queue):
    everything = _ids(store)
    assert _ids(store, limit=2) + _ids(store, limit=2, offset=2) + _ids(store, limit=2, offset=4) == everything
    assert store.review_queue(limit=2, offset=4)[1] == 5


def test_rows_carry_what_a_curator_decides_on(store, queue):
    row = store.review_queue(QueueFilters(project="ERP"))[0][0]
    assert row["authors"] == ["Ann Lee"] and row["document_key"] == "erp" and row["project"] == "ERP"
    assert row["text"] == "Vendor delay cost three weeks." and row["tags"] == []


def test_the_filter_menus_offer_every_project_kind_and_author(store, queue):
    assert store.review_queue_choices() == {"projects": ["CRM", "ERP", "MES"], "kinds": [k.value for k in LessonKind],
                                            "authors": ["Ann Lee", "Bo"]}


def test_a_contributor_counts_as_an_author_once_lessons_record_contributors(store, queue):
    store.conn.execute("UPDATE lessons SET contributed_by = 'pm.zhang' WHERE id = ?", [queue["mes"][0]])
    assert _ids(store, QueueFilters(author="PM.Zhang")) == queue["mes"]
    assert _ids(store, QueueFilters(author="Ann Lee")) == queue["erp"]
    assert store.review_queue(QueueFilters(project="MES"))[0][0]["contributed_by"] == "pm.zhang"
    assert store.review_queue_choices()["authors"] == ["Ann Lee", "Bo", "pm.zhang"]


def test_a_bulk_verdict_changes_every_lesson_named_and_counts_the_changes(store, queue):
    store.set_review(queue["erp"][0], "approved")
    changed = store.set_reviews([*queue["erp"], queue["mes"][0], queue["mes"][0]], "approved", actor="carl")
    assert changed == 2  # the already approved one and the repeat do not count
    rows = store.rows("SELECT review_status, reviewed_by FROM lessons WHERE id IN (?, ?, ?)",
                      [*queue["erp"], queue["mes"][0]])
    assert {r["review_status"] for r in rows} == {"approved"} and store.review_queue_count() == 2
    assert store.rows("SELECT reviewed_by FROM lessons WHERE id = ?", [queue["mes"][0]]) == [{"reviewed_by": "carl"}]


def test_a_bulk_verdict_naming_a_missing_lesson_changes_nothing(store, queue):
    with pytest.raises(NotFound, match=r"^no lesson 999$"):
        store.set_reviews([queue["erp"][0], 999], "hidden", actor="carl")
    assert store.review_queue_count() == 5 and not store.conn.in_transaction


@pytest.mark.parametrize(("ids", "status", "message"), [
    ([], "approved", "choose at least one lesson"),
    (list(range(1, MAX_BATCH + 2)), "approved", f"choose at most {MAX_BATCH} lessons at a time"),
    ([1], "bogus", "unknown review status 'bogus'; use unreviewed, approved or hidden"),
])
def test_a_bulk_verdict_refuses_bad_input(store, queue, ids, status, message):
    with pytest.raises(InvalidInput, match=f"^{message}$"):
        store.set_reviews(ids, status)
    assert store.review_queue_count() == 5


def test_a_tag_on_many_lessons_at_once(store, queue):
    assert store.tag_lessons([*queue["crm"], queue["mes"][0]], "Data migration", actor="carl") == 3
    assert store.tag_lessons(queue["crm"], "data migration") == 0  # the same tag, written differently
    assert [r["tags"] for r in store.review_queue(QueueFilters(project="CRM"))[0]] == [["Data migration"]] * 2
    events = store.rows("SELECT action, tag, actor FROM tag_events WHERE action = 'add' AND actor = 'carl'")
    assert len(events) == 3


def test_a_tag_off_many_lessons_at_once(store, queue):
    store.tag_lessons([*queue["crm"], queue["mes"][0]], "Data migration")
    assert store.untag_lessons([*queue["crm"], *queue["erp"]], "data MIGRATION", actor="carl") == 2
    assert [r["tags"] for r in store.review_queue()[0]] == [["Data migration"], [], [], [], []]
    with pytest.raises(NotFound):
        store.untag_lessons([queue["mes"][0], 999], "data migration")
    assert store.review_queue()[0][0]["tags"] == ["Data migration"]  # all or none


def test_a_bulk_tag_naming_a_missing_lesson_adds_nowhere(store, queue):
    with pytest.raises(NotFound):
        store.tag_lessons([queue["erp"][0], 999], "vendor risk")
    assert store.scalar("SELECT count(*) FROM lesson_tags") == 0
    with pytest.raises(InvalidInput):
        store.tag_lessons(queue["erp"], "###")
    assert store.scalar("SELECT count(*) FROM lesson_tags") == 0


def test_the_filter_menus_list_chinese_projects_and_names_by_pinyin(store):
    """They listed Latin names first, then the Chinese ones in code-point order (周建国 before 林晓燕, 数据中台 before
    深圳); by pinyin 林 "lin" comes before 周 "zhou", among the Latin names."""
    for key, project, authors in (("a", "数据中台建设", ["周建国"]), ("b", "深圳总部搬迁", ["林晓燕", "Ann Lee"]),
                                  ("c", "Payroll", ["Mia"])):
        store.save_file(source(f"/data/{key}.md"), [doc(key, project=project, authors=authors)])
    choices = store.review_queue_choices()
    assert choices["projects"] == ["Payroll", "深圳总部搬迁", "数据中台建设"]
    assert choices["authors"] == ["Ann Lee", "林晓燕", "Mia", "周建国"]


def test_queued_lessons_list_their_tags_in_pinyin_order_among_latin_names(store, queue):
    for label in ("质量", "Budget", "风险", "安全"):  # added out of order
        store.tag_lessons(queue["mes"], label)
    assert store.review_queue(QueueFilters(project="MES"))[0][0]["tags"] == ["安全", "Budget", "风险", "质量"]


def test_hiding_with_a_reason_keeps_it_until_another_verdict(store, queue):
    """"Reject with a reason": the reason goes with the hidden verdict, one lesson or many, and leaves with it."""
    erp, crm = queue["erp"], queue["crm"]
    assert store.set_reviews(erp, "hidden", actor="carl", note="  会议记录，不是经验  ") == 2
    assert [store.review_note_of(i) for i in erp] == ["会议记录，不是经验"] * 2
    assert store.set_reviews(erp[:1], "hidden", actor="carl", note="重复：见 #12") == 0  # hidden already: a new reason
    assert [store.review_note_of(i) for i in erp] == ["重复：见 #12", "会议记录，不是经验"]
    store.set_reviews(erp[1:], "hidden", actor="carl")  # no reason given: the one it had stays
    assert store.review_note_of(erp[1]) == "会议记录，不是经验"
    store.set_review(erp[0], "approved", actor="carl", note="ignored")  # only a hidden verdict has a reason
    assert store.review_note_of(erp[0]) is None
    store.set_review(crm[0], "hidden", actor="carl", note="Too vague to act on.")
    assert store.review_note_of(crm[0]) == "Too vague to act on."
    store.set_review(crm[0], "unreviewed")
    assert store.review_note_of(crm[0]) is None
    assert store.review_note_of(crm[1]) is None


def test_a_reason_must_be_text_of_at_most_500_characters(store, queue):
    with pytest.raises(InvalidInput, match="note"):
        store.set_reviews(queue["erp"], "hidden", note="长" * 501)
    with pytest.raises(InvalidInput, match="note"):
        store.set_review(queue["erp"][0], "hidden", note=["not", "text"])
    assert store.review_queue_count() == 5  # nothing hidden
