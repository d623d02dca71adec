"""Browse by when documents gained lessons: ``lessons_added=2026-W47`` (an ISO week), a day or two days joined by
"..", as the ``added`` filter reads them (tests/web/test_browse_added.py): the documents holding a lesson that arrived
in those days, a new document's or one added to a document ingested before them, which a digest's "New lessons …
and N more" link opens (it counts both). A reader's list leaves out a lesson a curator has hidden; a tag is a
lesson's own or its document's, as in a lesson listing; the export lists those lessons only."""

from __future__ import annotations

import re
from html import unescape

import pytest

from kb.store import Store, Target
from tests.web.conftest import login

OLD = "2026-10-01T08:00:00+00:00"
IN_WEEK = "2026-11-18T09:00:00+00:00"  # 2026-W47: Nov 16-22


def _lesson(store: Store, key: str, position: int = 0) -> int:
    return int(store.scalar("SELECT l.id FROM lessons l JOIN documents d ON d.id = l.document_id WHERE d.key = ?"
                            " ORDER BY l.position LIMIT 1 OFFSET ?", [key, position]))


@pytest.fixture
def gained(settings) -> dict[str, int]:
    """Every document and lesson ingested long ago, but: MES added in W47 (all its lessons new), CRM's second lesson
    added in W47 to it (tagged vendor, its document is not), ERP's first lesson added in W47 and hidden, and the
    evil retrospective's lesson added the Monday after."""
    with Store(settings.db) as store:
        store.conn.execute("UPDATE documents SET first_ingested = ?, last_ingested = ?", [OLD, OLD])
        store.conn.execute("UPDATE lessons SET created_at = ?", [OLD])
        store.conn.execute("UPDATE documents SET first_ingested = ?, last_ingested = ? WHERE key = 'mes/pm'",
                           [IN_WEEK, IN_WEEK])
        new = {"mes": _lesson(store, "mes/pm"), "crm": _lesson(store, "crm/retro", 1),
               "erp": _lesson(store, "erp/retro"), "next": _lesson(store, "evil/xss")}
        store.conn.execute("UPDATE lessons SET created_at = ? WHERE document_id = (SELECT id FROM documents"
                           " WHERE key = 'mes/pm')", [IN_WEEK])
        for name in ("crm", "erp"):
            store.conn.execute("UPDATE lessons SET created_at = ? WHERE id = ?", [IN_WEEK, new[name]])
        store.conn.execute("UPDATE lessons SET created_at = '2026-11-23T00:00:00+00:00' WHERE id = ?", [new["next"]])
        store.conn.execute("UPDATE lessons SET review_status = 'hidden' WHERE id = ?", [new["erp"]])
        store.conn.commit()
        store.add_tag(Target("lesson", str(new["crm"])), "vendor")
    return new


def _titles(page: str) -> list[str]:
    return sorted(re.findall(r'<a href="/documents/[^"]+">([^<]+)</a>', page))


@pytest.mark.parametrize(("lang", "chip"), [("en", "Lessons added Nov 16–22, 2026 ✕"),
                                            ("zh", "2026年11月16日–22日新增经验 ✕")])
def test_documents_that_gained_lessons_in_a_week_with_a_chip_that_removes_the_filter(client, gained, lang, chip):
    client.set_cookie("kb_lang", lang)
    page = client.get("/browse?lessons_added=2026-W47&sort=title").get_data(as_text=True)
    # CRM gained one (added long ago), MES is new with its lessons; not ERP (its new lesson hidden), nor Evil (the week after)
    assert _titles(page) == ["CRM migration retrospective", "MES go-live post-mortem"]
    link = re.search(r'<p class="filter-note" id="lessons_added-filter"><a class="chip" href="([^"]+)"[^>]*>([^<]+)'
                     r'</a>', page)
    assert link and link.group(2) == chip and 'id="added-filter"' not in page
    assert unescape(link.group(1)) == "/browse?sort=title"  # the filter gone, the sort kept
    assert _titles(client.get("/browse?added=2026-W47").get_data(as_text=True)) == ["MES go-live post-mortem"]


def test_a_curator_sees_the_document_whose_new_lesson_is_hidden(client, gained):
    login(client, "carl")
    assert _titles(client.get("/browse?lessons_added=2026-W47").get_data(as_text=True)) == [
        "CRM migration retrospective", "ERP升级一期复盘", "MES go-live post-mortem"]


@pytest.mark.parametrize(("tag", "titles"), [
    ("vendor", ["CRM migration retrospective"]),  # the new lesson's own tag, not its document's
    ("environments", ["MES go-live post-mortem"]),  # the document's tag, carried by its new lessons
    ("供应商管理", []),  # ERP's tag: its new lesson is hidden
])
def test_a_tag_is_the_new_lessons_own_or_their_documents(client, gained, tag, titles):
    page = client.get("/browse", query_string={"lessons_added": "2026-W47", "tag": tag}).get_data(as_text=True)
    assert _titles(page) == titles


@pytest.mark.parametrize(("value", "titles"), [
    ("2026-11-23", ["Evil retrospective"]),
    ("2026-W48", ["Evil retrospective"]),
    ("2026-11-18", ["CRM migration retrospective", "MES go-live post-mortem"]),
    ("2026-11-19..2026-11-22", []),  # the rest of the week: nothing new
    ("2026-11-10..2026-11-17", []),
])
def test_a_day_or_the_days_between_two(client, gained, value, titles):
    page = client.get("/browse", query_string={"lessons_added": value}).get_data(as_text=True)
    assert _titles(page) == titles


def test_the_export_and_the_api_list_the_new_lessons_only(client, settings, gained):
    page = client.get("/browse?lessons_added=2026-W47").get_data(as_text=True)
    export = unescape(re.search(r'<a href="(/api/lessons\?[^"]+format=csv[^"]*)"', page).group(1))
    assert "lessons_added=2026-W47" in export
    with Store(settings.db) as store:
        mes = [r["id"] for r in store.rows("SELECT l.id FROM lessons l JOIN documents d ON d.id = l.document_id"
                                           " WHERE d.key = 'mes/pm'")]
    listed = client.get("/api/lessons?lessons_added=2026-W47").get_json()
    assert sorted(item["id"] for item in listed["items"]) == sorted([*mes, gained["crm"]])  # not CRM's first, nor ERP's
    assert listed["total"] == len(mes) + 1
    rows = client.get(export).get_data(as_text=True).strip().splitlines()
    assert len(rows) == 1 + len(mes) + 1  # the header and the same lessons


def test_a_bad_value_is_a_clear_400_naming_it(client):
    response = client.get("/browse", query_string={"lessons_added": "2026-W60"})
    assert response.status_code == 400
    assert "'lessons_added' cannot be '2026-W60': use a number of days" in unescape(response.get_data(as_text=True))


def _counts(page: str) -> dict[str, int]:
    """Each listed document's count in the Lessons column, by title."""
    return {title: int(n) for title, n in re.findall(
        r'<a href="/documents/[^"]+">([^<]+)</a>.*?<td class="num" data-label="[^"]+">([\d,]+)</td>', page, re.DOTALL)}


@pytest.mark.parametrize(("kinds", "counts"), [
    ([], {"CRM migration retrospective": 1, "MES go-live post-mortem": 2}),  # the new lessons only: CRM has two
    (["went_wrong"], {"CRM migration retrospective": 1}),  # ERP's new one is hidden
    (["lesson"], {"MES go-live post-mortem": 1}),  # not its root cause
    (["lesson", "root_cause"], {"MES go-live post-mortem": 2}),
    (["went_well"], {}),  # CRM's is old
])
def test_kinds_keep_the_documents_whose_new_lessons_are_of_them_and_count_those(client, gained, kinds, counts):
    """A digest's "and N more" for a reader of some kinds led to every document that gained a lesson, counted whole:
    the page showed other lessons than the digest counted."""
    page = client.get("/browse", query_string={"lessons_added": "2026-W47", "kind": kinds}).get_data(as_text=True)
    assert _counts(page) == counts
    listed = client.get("/api/lessons", query_string={"lessons_added": "2026-W47", "kind": kinds}).get_json()
    assert listed["total"] == sum(counts.values())  # the export's lessons, as the page counts them
    if counts:
        n = sum(counts.values())
        said = f"{n} lesson matches these filters" if n == 1 else f"{n} lessons match these filters"
        assert re.search(rf'<p class="filter-note" id="lessons-matched">{said}; the Lessons column counts', page)
    assert ('id="kind-filter"' in page) == bool(kinds)


def test_a_curator_counts_the_hidden_new_lesson_too(client, gained):
    login(client, "carl")
    page = client.get("/browse?lessons_added=2026-W47&kind=went_wrong").get_data(as_text=True)
    assert _counts(page) == {"CRM migration retrospective": 1, "ERP升级一期复盘": 1}


@pytest.mark.parametrize(("lang", "chips", "said"), [
    ("en", ["Lesson kind: Root cause ✕", "Lesson kind: Lesson ✕"], "2 lessons match these filters"),
    ("zh", ["经验类别：根本原因 ✕", "经验类别：经验教训 ✕"], "共 2 条经验符合筛选条件"),
])
def test_each_kind_has_a_chip_that_takes_it_off(client, gained, lang, chips, said):
    client.set_cookie("kb_lang", lang)
    page = client.get("/browse?lessons_added=2026-W47&kind=root_cause&kind=lesson").get_data(as_text=True)
    found = re.findall(r'<a class="chip" href="([^"]+)" aria-label="[^"]+">([^<]+)</a>',
                       re.search(r'<p class="filter-note" id="kind-filter">(.*?)</p>', page).group(1))
    assert [unescape(text) for _, text in found] == chips
    assert unescape(found[0][0]) == "/browse?lessons_added=2026-W47&kind=lesson"
    assert said in unescape(page)


def test_kind_alone_lists_the_documents_holding_a_lesson_of_it(client, gained):
    """``kind=`` was ignored: browse listed every document."""
    page = client.get("/browse?kind=root_cause").get_data(as_text=True)
    assert _counts(page) == {"MES go-live post-mortem": 1}
    assert _titles(client.get("/browse?kind=went_wrong").get_data(as_text=True)) == [
        "CRM migration retrospective", "ERP升级一期复盘"]
    listed = client.get("/api/documents?kind=root_cause").get_json()  # the API's listing alike
    assert [(item["key"], item["lessons"]) for item in listed["items"]] == [("mes/pm", 1)] and listed["total"] == 1
