"""The home page (/ without a query): recent lessons, upcoming share sessions, the most searched topics; for
curators the review queue's count, searches that found nothing and new untagged documents. Both languages."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from kb.store import Store
from tests.clock import local_day
from tests.web.conftest import login
from web.views import home

SECTION = re.compile(r'<section class="home-(\w+)"')


def _page(client, lang: str = "en") -> str:
    client.set_cookie("kb_lang", lang)
    response = client.get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _section(page: str, name: str) -> str:
    start = page.index(f'<section class="home-{name}"')
    return page[start:page.index("</section>", start)]


def _topics(settings) -> list[tuple]:
    with Store(settings.db) as store:
        return store.conn.execute("SELECT query, searches, found_nothing FROM search_topics ORDER BY query").fetchall()


def _schedule(client, token: str, title: str, when: str, status: str | None = "scheduled") -> int:
    api = {"X-CSRF-Token": token}
    created = client.post("/api/sessions", json={"title": title, "scheduled_at": when, "location": "Room 3"},
                          headers=api).get_json()
    if status:
        assert client.patch(f"/api/sessions/{created['id']}", json={"status": status}, headers=api).status_code == 200
    return created["id"]


def test_readers_see_recent_lessons_sessions_and_topics_but_no_curator_section(client):
    page = _page(client)
    assert SECTION.findall(page) == ["recent", "sessions", "popular"]
    assert "Recent lessons" in page and "Upcoming share sessions" in page and "Most searched in the last 30 days" in page
    assert "For curators" not in page and "/review" not in page
    zh = _page(client, "zh")
    for text in ("最新经验", "近期经验分享会", "近 30 天热门搜索", "暂无已安排的经验分享会。", "搜索次数还不够多。"):
        assert text in zh


def _ingested_now(settings) -> None:
    """The collection's documents first added now: the shared store was built before this test, a month or more
    before when KB_TEST_BUILD_CACHE keeps it, and "new in the last 30 days" had none of them then."""
    with Store(settings.db) as store:
        store.conn.execute("UPDATE documents SET first_ingested = ?", [datetime.now(UTC).isoformat(timespec="seconds")])
        store.conn.commit()


def test_curators_also_see_the_queue_count_fruitless_searches_and_untagged_documents(as_curator, settings):
    client, _ = as_curator
    _ingested_now(settings)
    client.get("/?q=zzzqqq+wwxxyy")
    page = _page(client)
    assert SECTION.findall(page) == ["curators", "recent", "sessions", "popular"]
    curators = _section(page, "curators")
    with Store(settings.db) as store:
        waiting = store.review_queue_count()
        untagged = [r["title"] for r in store.untagged_documents()[0]]
    assert f'<a href="/review">Lessons awaiting review: {waiting}</a>' in curators
    assert 'href="/?q=zzzqqq+wwxxyy">zzzqqq wwxxyy</a> <span class="count">1×' in curators
    assert untagged and all(title in curators for title in untagged)
    assert "ERP升级一期复盘" not in curators  # it has a tag
    zh = _section(_page(client, "zh"), "curators")
    assert f"{waiting} 条经验待审核" in zh and "没有结果的搜索（30 天内）" in zh and "新增的无标签文档（30 天内）" in zh


def test_the_curator_section_says_when_there_is_nothing_to_do(as_curator, settings):
    client, _ = as_curator
    with Store(settings.db) as store:
        for key in ("crm/retro", "evil/xss", "evil/payload.txt"):
            store.conn.execute("INSERT INTO document_tags (document_id, tag_id, origin, added_at) SELECT d.id,"
                               " (SELECT id FROM tags LIMIT 1), 'curator', 'x' FROM documents d WHERE d.key = ?"
                               " ON CONFLICT DO NOTHING", [key])
        store.set_reviews([r[0] for r in store.conn.execute("SELECT id FROM lessons")], "approved")
    curators = _section(_page(client), "curators")
    assert "Lessons awaiting review: 0" in curators and "Every search found something." in curators
    assert "Every new document has a tag." in curators


def test_recent_lessons_link_to_the_lesson_and_its_document(client, settings):
    recent = _section(_page(client), "recent")
    with Store(settings.db) as store:
        newest = store.recent_lessons()
    assert len(newest) == home.RECENT_LESSONS
    for lesson in newest:
        assert f'href="/lessons/{lesson["id"]}"' in recent and f'href="/documents/{lesson["document_key"]}"' in recent


def test_recent_lessons_of_one_document_stand_under_its_title_once(client, settings):
    """Two lessons of one retrospective were two items each repeating its title and project."""
    recent = _section(_page(client), "recent")
    with Store(settings.db) as store:
        newest = store.recent_lessons()
    keys = [lesson["document_key"] for lesson in newest]
    runs = [key for i, key in enumerate(keys) if i == 0 or keys[i - 1] != key]
    assert len(runs) < len(keys)  # the collection has a document with two recent lessons
    items = re.findall(r"<li>(.*?)</li>", recent, re.DOTALL)
    assert [re.search(r'href="/documents/([^"]+)"', item).group(1) for item in items] == runs
    for item, key in zip(items, runs, strict=True):
        assert item.count('href="/documents/') == 1
        assert item.count('href="/lessons/') == keys.count(key)


def test_upcoming_sessions_show_scheduled_ones_to_everyone_and_drafts_to_curators(as_curator, app):
    client, token = as_curator
    _schedule(client, token, "Vendor lessons", f"{local_day(30)}T10:00")
    _schedule(client, token, "Secret draft", f"{local_day(31)}T10:00", status=None)
    _schedule(client, token, "Long ago", f"{local_day(-1)}T10:00")
    reader = app.test_client()
    sessions = _section(_page(reader), "sessions")
    assert "Vendor lessons" in sessions and f"{local_day(30)} 10:00" in sessions and "Room 3" in sessions
    assert "Secret draft" not in sessions and "Long ago" not in sessions
    mine = _section(_page(client, "zh"), "sessions")
    assert "Secret draft" in mine and "草稿" in mine


def _search(app, query: str) -> None:
    visitor = app.test_client()  # a visitor of their own
    assert visitor.get(f"/?q={query}").status_code == 200


def test_popular_topics_need_several_visitors_and_keep_no_names(app, settings):
    for _ in range(home.MIN_SEARCHES):
        _search(app, "Vendor+late")
    for _ in range(home.MIN_SEARCHES - 1):
        _search(app, "Test+environment+Zhang+San")
    popular = _section(_page(app.test_client()), "popular")
    # as typed, not the "vendor late" it is counted under
    assert '<a class="chip" href="/?q=Vendor+late">Vendor late <span class="count">3 searches</span>' in popular
    assert "zhang san" not in popular.lower()
    assert ("test environment zhang san", 2, 0) in _topics(settings)  # found something, but searched only twice


def test_one_visitor_repeating_or_paging_a_search_counts_once(app, settings):
    visitor = app.test_client()
    for path in ("/?q=vendor+late", "/?q=VENDOR++late", "/?q=vendor+late&page=2", "/?q=vendor+late&mode=keyword"):
        visitor.get(path)
    assert _topics(settings) == [("vendor late", 1, 0)]
    app.test_client().get("/?q=vendor+late")
    assert _topics(settings) == [("vendor late", 2, 0)]


def test_a_filtered_search_is_no_topic_and_never_a_search_that_found_nothing(app, settings):
    """"vendor late" in a project and year that hold nothing on it was listed to curators among the searches that
    found nothing, where the collection has plenty on vendors."""
    visitor = app.test_client()
    visitor.set_cookie("kb_lang", "en")
    page = visitor.get("/?q=vendor+late&project=CRM&kind=went_well").get_data(as_text=True)
    assert "Nothing relevant found" in page or "No results" in page  # the filters leave nothing on it
    assert _topics(settings) == []
    visitor.get("/?q=vendor+late")  # the same visitor without the filters: counted, as found
    assert _topics(settings) == [("vendor late", 1, 0)]


def test_a_filtered_search_that_finds_nothing_is_not_in_the_digests_searches_that_found_nothing(app, settings):
    """The digest lists curators the searches that found nothing from the search log (``failed_searches``), which still
    logged a search its filters left empty, on the page and through the API; an unfiltered one stays listed."""
    visitor = app.test_client()
    visitor.get("/?q=vendor+late&project=CRM&kind=went_well")
    visitor.get("/api/search?q=vendor+late&project=CRM&kind=went_well")
    visitor.get("/?q=xylograph+quagga")  # found nothing, unfiltered
    with Store(settings.db) as store:
        assert [row["query"] for row in store.failed_searches("2000-01-01")] == ["xylograph quagga"]


@pytest.mark.parametrize("query", ["x" * 101, "   "])
def test_pasted_text_and_blank_queries_are_not_topics(app, settings, query):
    app.test_client().get(f"/?q={query}")
    assert _topics(settings) == []


def test_the_home_page_escapes_what_people_searched(app, settings):
    payload = '<IMG src=x onerror=alert(1)>'  # shown as typed: its case is not the topic's
    with Store(settings.db) as store:
        for _ in range(3):
            store.count_search(payload, 2)
            store.count_search(payload + " none", 0)
    reader_page = _page(app.test_client())
    curator = app.test_client()
    login(curator, "carl")
    for page in (reader_page, _page(curator)):
        assert payload not in page and "&lt;IMG src=x onerror=alert(1)&gt;" in page


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_count_of_more_untagged_documents_links_to_them_all(as_curator, settings, monkeypatch, lang):
    client, _ = as_curator
    monkeypatch.setattr(home, "CURATOR_ITEMS", 1)
    _ingested_now(settings)
    with Store(settings.db) as store:
        store.conn.execute("UPDATE documents SET first_ingested = '2000-01-01T00:00:00Z' WHERE key = 'crm/retro'")
        store.conn.execute("DELETE FROM document_tags WHERE document_id = (SELECT id FROM documents WHERE key = 'mes/pm')")
        store.conn.commit()
        _, total = store.untagged_documents(days=home.UNTAGGED_DAYS)
        titles = {r["title"] for r in store.untagged_documents(days=home.UNTAGGED_DAYS, limit=100)[0]}
        tagged_or_old = {r[0] for r in store.conn.execute("SELECT title FROM documents")} - titles
    assert total >= 2 and "MES go-live post-mortem" in titles and "CRM migration retrospective" in tagged_or_old
    more = "and {n} more" if lang == "en" else "另有 {n} 篇"
    curators = _section(_page(client, lang), "curators")
    link = re.search(r'<p class="home-untagged-more"><a href="([^"]+)">([^<]+)</a>', curators)
    assert link and link.group(2) == more.format(n=total - 1)
    listing = client.get(link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert re.search(r'<span class="count">(\d+)</span>', listing).group(1) == str(total)
    assert all(title in listing for title in titles) and not any(title in listing for title in tagged_or_old)
    note = "Only documents without tags, added in the last 30 days." if lang == "en" else "只列出近 30 天新增、没有标签的文档。"
    assert note in listing
    # Without the time limit the old untagged document is listed too.
    every = client.get("/browse?untagged=1").get_data(as_text=True)
    assert "CRM migration retrospective" in every and "ERP升级一期复盘" not in every


@pytest.mark.parametrize(("value", "says"), [("x", "cannot be"), ("0", "must be between 1 and 36500"),
                                             ("-3", "must be between 1 and 36500")])
def test_a_bad_added_filter_is_a_clear_400_naming_it(client, value, says):
    response = client.get("/browse", query_string={"untagged": "1", "added": value})
    assert response.status_code == 400 and f"added&#39; {says}" in response.get_data(as_text=True)


@pytest.mark.parametrize(("lang", "summary", "modes", "operators"), [
    ("en", "How to search", ("Hybrid", "Keyword", "Semantic"), "Quotation marks, OR and a minus sign are read as words"),
    ("zh", "搜索说明", ("混合", "关键词", "语义"), "引号、OR 和减号都按普通文字处理")])
def test_the_start_page_says_how_to_search(client, lang, summary, modes, operators):
    """A first search met three modes nobody explained, and `"a b" OR -c` was quietly searched word by word."""
    page = _page(client, lang)
    start = page.index('<details class="search-tips">')
    tips = page[start:page.index("</details>", start)]  # (the paste box's details come before it)
    assert f"<summary>{summary}</summary>" in tips and operators in tips
    for mode in modes:  # named as the radio buttons name them
        assert re.search(rf'value="\w+"\s*(checked)?> {mode}</label>', page) and mode in tips
    assert '<details class="search-tips">' not in _page_of(client, "/?q=vendor")


def _page_of(client, path: str) -> str:
    return client.get(path).get_data(as_text=True)
