"""What a page costs does not grow with what the store holds beyond the page (w-scale): one list of tags a page
however many tag fields it has, statements a request that do not grow with the rows listed."""

from __future__ import annotations

import re

from kb.store import Store, Target

TAG_FIELD = re.compile(r'<input name="tag"[^>]*\blist="([^"]+)"')


def test_the_review_queue_offers_the_tags_once_not_once_a_lesson(as_curator, settings):
    client, _ = as_curator
    with Store(settings.db) as store:
        for n in range(40):  # a document is given 20 at most (kb.store.MAX_TAGS): the rest are tags on nothing yet
            if n < 10:
                store.add_tag(Target("document", "crm/retro"), f"topic {n:02d}")
            else:
                with store.transaction():
                    store.ensure_tag(f"topic {n:02d}")
        tags = int(store.scalar("SELECT count(*) FROM tags"))
    page = client.get("/review").get_data(as_text=True)
    lists = TAG_FIELD.findall(page)
    assert len(lists) >= 5, "a tag field a lesson, and the bulk form's"
    assert set(lists) == {"tag-options"} and page.count("<datalist") == 1
    options = page.split('<datalist id="tag-options">', 1)[1].split("</datalist>", 1)[0]
    assert len(re.findall(r'<option value="', options)) == tags
    assert page.count('<option value="topic 07"') == 1



CLOUD_ITEM = re.compile(r'<li data-names="([^"]*)"><a href="/browse\?tag=')


def test_the_tags_page_lists_the_most_used_tags_and_a_filter_finds_the_others(as_curator, settings, monkeypatch):
    """The tags page listed every tag (724 tags: 197 KB; thousands made megabytes)."""
    from web.views import documents

    client, _ = as_curator
    with Store(settings.db) as store:
        for n in range(4):
            for key in ("crm/retro", "mes/pm"):
                store.add_tag(Target("document", key), f"common {n}")
        store.add_tag(Target("document", "crm/retro"), "rare topic")
        total = len(store.tags())
    monkeypatch.setattr(documents, "TAG_CLOUD_LIMIT", 3)
    page = client.get("/tags").get_data(as_text=True)
    assert len(CLOUD_ITEM.findall(page)) == 3 and 'data-names="rare topic"' not in page
    assert "data-capped" in page and f"The 3 most used of {total} tags are shown" in page
    assert f'<span class="count">{total}</span>' in page  # the heading counts them all
    found = client.get("/tags?q=rare").get_data(as_text=True)
    assert CLOUD_ITEM.findall(found) == ["rare topic"] and "data-capped" not in found
    monkeypatch.setattr(documents, "TAG_CLOUD_LIMIT", total)
    whole = client.get("/tags").get_data(as_text=True)
    assert len(CLOUD_ITEM.findall(whole)) == total and "data-capped" not in whole and "most used" not in whole


PAGES = ["/", "/browse", "/browse?page=2&size=5", "/browse?sort=project", "/browse?tag=vendor", "/review",
         "/review?page=2", "/tags", "/sessions", "/curate/subscribers", "/api/documents?offset=5", "/api/lessons",
         "/api/review", "/api/tags"]


def test_no_page_runs_more_statements_for_more_rows(app, settings):
    """SQL statements a request, with 10 documents more than the test collection and with 40 (3 lessons each, a tag
    each and one on a lesson, a subscriber each): a listing that asked once a row (N+1) would grow with them."""
    from flask import g

    from tests.kb.factories import doc, source
    from tests.web.conftest import login

    counts: list[list[str]] = []
    app.before_request(lambda: counts.append([]) or g.store.conn.set_trace_callback(counts[-1].append))
    client = app.test_client()
    login(client, "carl")

    def statements() -> dict[str, int]:
        out = {}
        for path in PAGES:
            assert client.get(path).status_code == 200, path
            out[path] = len(counts[-1])
        return out

    def add(first: int, last: int) -> None:
        with Store(settings.db) as store:
            for n in range(first, last):
                key = f"more/{n:02d}"
                store.save_file(source(f"/more/{n:02d}.md", f"m{n}", root="/more"), [doc(
                    key, project=f"P{n % 7}", lessons=[f"Lesson {n} {i} came late." for i in range(3)],
                    tags=["vendor", f"topic {n}"])])
                store.add_tag(Target("lesson", str(store.document(key)["lessons"][0]["id"])), f"lesson topic {n}")
                store.add_subscriber(f"pm{n}@example.com", interests={"tags": [f"topic {n}"]})

    add(0, 10)  # every page has a second page, a tag to filter on, subscribers, before and after
    before = statements()
    add(10, 40)
    after = statements()
    assert after == before


SUBSCRIBER_ROW = re.compile(r"<tr><td>([^<]+@[^<]+)</td>")


def test_the_subscribers_are_listed_a_page_at_a_time_and_found_by_address_or_name(as_curator, settings):
    """The curators' list listed every subscriber on one page (200: 220 KB)."""
    client, _ = as_curator
    with Store(settings.db) as store:
        for n in range(75):
            store.add_subscriber(f"pm{n:03d}@example.com", name=f"王{n:03d}" if n % 25 == 7 else None)
        every = sorted(s["email"] for s in store.subscribers())
    first = client.get("/curate/subscribers").get_data(as_text=True)
    second = client.get("/curate/subscribers?page=2").get_data(as_text=True)
    listed = SUBSCRIBER_ROW.findall(first) + SUBSCRIBER_ROW.findall(second)
    assert len(SUBSCRIBER_ROW.findall(first)) == 50 and listed == every
    assert f'<span class="count">{len(every)}</span>' in first and "page=2" in first
    assert SUBSCRIBER_ROW.findall(client.get("/curate/subscribers?page=9").get_data(as_text=True)) == \
        SUBSCRIBER_ROW.findall(second)  # past the last page: the last page
    assert SUBSCRIBER_ROW.findall(client.get("/curate/subscribers?q=PM07").get_data(as_text=True)) == [
        f"pm{n:03d}@example.com" for n in range(70, 75)]
    by_name = client.get("/curate/subscribers?q=王").get_data(as_text=True)
    assert SUBSCRIBER_ROW.findall(by_name) == ["pm007@example.com", "pm032@example.com", "pm057@example.com"]
    none = client.get("/curate/subscribers?q=%25_<b>").get_data(as_text=True)
    assert SUBSCRIBER_ROW.findall(none) == [] and "holds “%_&lt;b&gt;”" in none and "<b>" not in none


def test_the_digest_preview_offers_the_first_subscribers_and_the_one_chosen(as_curator, settings, monkeypatch):
    """The preview's menu offered every subscriber: a <select> of thousands."""
    from web.views import digest

    client, _ = as_curator
    with Store(settings.db) as store:
        for n in range(6):
            store.add_subscriber(f"pm{n}@example.com")
    monkeypatch.setattr(digest, "PREVIEW_CHOICES", 3)
    page = client.get("/curate/digest").get_data(as_text=True)
    offered = re.findall(r'<option value="([^"]+@[^"]+)"', page)
    assert offered == ["pm0@example.com", "pm1@example.com", "pm2@example.com"]
    assert "3 more subscribers are not in the menu" in page and 'value="new-en"' in page
    chosen = client.get("/curate/digest?email=pm5@example.com").get_data(as_text=True)
    assert re.findall(r'<option value="([^"]+@[^"]+)"', chosen)[-1] == "pm5@example.com"
    assert '<option value="pm5@example.com" selected>' in chosen
    monkeypatch.setattr(digest, "PREVIEW_CHOICES", 100)
    whole = client.get("/curate/digest").get_data(as_text=True)
    assert len(re.findall(r'<option value="[^"]+@', whole)) == 6 and "more subscribers" not in whole


VENDOR_WOES = ["The vendor delivered the {} interface {} weeks late.", "Nobody owned the {} cut-over plan for {} days.",
               "The {} test data arrived {} days before go-live.",
               "The {} supplier's contract had no penalty for {} weeks of delay."]


def _problems(n: int, topic: str) -> list[str]:
    return [VENDOR_WOES[i % len(VENDOR_WOES)].format(topic, i + 2) for i in range(n)]


def _add_documents(settings, documents: dict[str, tuple[list[str], list[str]]]) -> None:
    """Documents (key: lessons, tags), each of its own project, indexed with the real model."""
    from search import SearchIndex
    from tests.kb.factories import doc, source

    with Store(settings.db) as store:
        for key, (lessons, tags) in documents.items():
            store.save_file(source(f"/more/{key}.md", key, root="/more"), [doc(
                key, project=f"project {key}", lessons=lessons, tags=tags)])
        SearchIndex(store, settings).sync()


def test_a_document_page_runs_as_many_statements_for_more_lessons_and_more_similar_documents(app, settings):
    """The document page read each problem lesson's chunk and each similar document's tags one at a time (48
    statements for a document of 28 lessons): now one query each, for 2 lessons and 3 similar documents as for 12
    lessons and 12 similar documents."""
    from flask import g

    from tests.web.conftest import login

    counts: list[list[str]] = []
    app.before_request(lambda: counts.append([]) or g.store.conn.set_trace_callback(counts[-1].append))
    client = app.test_client()
    login(client, "carl")  # a curator: the page suggests tags from the similar documents

    def statements(key: str) -> int:
        client.get(f"/documents/{key}")  # the first after an index change reads the chunks' facts again
        page = client.get(f"/documents/{key}")
        assert page.status_code == 200 and "Also in" in page.get_data(as_text=True), key
        return len(counts[-1])

    # the similar documents say the same (each is "also in" the others): their titles are read for the page too
    _add_documents(settings, {"few": (_problems(2, "payment"), ["billing"]),
                              "many": (_problems(12, "payment"), ["billing"]),
                              **{f"like{n}": (_problems(2, "payment"), [f"topic {n}"]) for n in range(3)}})
    few, many = statements("few"), statements("many")
    _add_documents(settings, {f"like{n}": (_problems(2, "payment"), [f"topic {n}"]) for n in range(3, 15)})
    assert (few, many, statements("many")) == (few, few, few)


def test_a_search_page_runs_as_many_statements_for_more_documents_saying_the_same(app, settings):
    """The search page looked up the title of each document a hit is "also in" one at a time: one statement a
    document; now one query for the page, for 3 other documents as for 15."""
    from flask import g

    counts: list[list[str]] = []
    app.before_request(lambda: counts.append([]) or g.store.conn.set_trace_callback(counts[-1].append))
    client = app.test_client()

    def statements() -> int:
        client.get("/?q=payment+supplier+delay")  # the first after an index change reads the chunks' facts again
        page = client.get("/?q=payment+supplier+delay").get_data(as_text=True)
        assert "Also in" in page and "project like2" in page
        # "-- " marks a statement SQLite runs inside another: FTS5 reading its index's pages for the relevance
        # floor's MATCH, as many as the index has segments, whatever the page lists
        return len([sql for sql in counts[-1] if not sql.startswith("-- ")])

    _add_documents(settings, {f"like{n}": (_problems(2, "payment"), [f"topic {n}"]) for n in range(4)})
    few = statements()
    _add_documents(settings, {f"like{n}": (_problems(2, "payment"), [f"topic {n}"]) for n in range(4, 16)})
    assert statements() == few


def test_a_lesson_page_and_a_document_page_count_no_lessons_they_read_by_id_or_document(app, settings):
    """A lesson read by its id (by the page, and again by the search for similar lessons) and a document's every
    lesson were counted by a statement of their own, whose total nobody read: 25 statements a lesson page, 28 a
    document page of 28 lessons on the w-scale store, now 23 and 26."""
    from flask import g

    counts: list[list[str]] = []
    app.before_request(lambda: counts.append([]) or g.store.conn.set_trace_callback(counts[-1].append))
    client = app.test_client()
    with Store(settings.db) as store:
        lesson = store.document("crm/retro")["lessons"][0]["id"]
    for path in (f"/lessons/{lesson}", "/documents/crm/retro"):
        assert client.get(path).status_code == 200
        assert client.get(path).status_code == 200, path  # the first after an index change reads its facts again
        read = [s for s in counts[-1] if "FROM lessons l JOIN documents d" in s]
        assert read and not [s for s in read if s.startswith("SELECT count(*)")], (path, read)
