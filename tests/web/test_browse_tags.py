"""On /browse, the tags under a document's title are links to the documents with that tag: a project manager
reading the list saw 供应商管理 under a title and could not follow it (they were plain text)."""

from __future__ import annotations

import re
from urllib.parse import unquote


def _row_tags(body: str) -> list[tuple[str, str]]:
    return re.findall(r'<a class="mini-tag" href="([^"]+)">([^<]+)</a>', body)


def test_a_rows_tag_links_to_the_documents_with_that_tag(client):
    body = client.get("/browse").get_data(as_text=True)
    links = {text: href for href, text in _row_tags(body)}
    assert "供应商管理" in links, re.findall(r'class="mini-tags">.*?</div>', body)[:2]
    href = links["供应商管理"].replace("&amp;", "&")
    assert unquote(href) == "/browse?tag=供应商管理"
    listed = client.get(href).get_data(as_text=True)
    assert "ERP升级一期复盘" in listed and "MES go-live post-mortem" not in listed


def test_a_tags_link_is_escaped(client):
    # evil/payload.txt's "Tags: <b onmouseover=alert(1)>hover</b>" (tests/web/conftest.py)
    body = client.get("/browse").get_data(as_text=True)
    links = _row_tags(body)
    assert ("/browse?tag=%3Cb+onmouseover%3Dalert(1)%3Ehover%3C/b%3E",
            "&lt;b onmouseover=alert(1)&gt;hover&lt;/b&gt;") in links
    assert "<b onmouseover" not in body


def test_the_tags_page_escapes_its_tags(client):
    # the same tag in /tags' cloud: a label rendered raw there passed every other test (the browser tests' CSP
    # stops its handler from running; BENCHMARKS.md, t-trim4)
    body = client.get("/tags").get_data(as_text=True)
    assert "&lt;b onmouseover=alert(1)&gt;hover&lt;/b&gt;</a>" in body
    assert "<b onmouseover" not in body


def _notes(body: str) -> list[tuple[str, str]]:
    """The pages' notes on a tag filter renamed away: (what it says, where its link leads)."""
    import html

    return [(html.unescape(re.sub(r"\s+", " ", said)).strip(), unquote(html.unescape(href)))
            for said, href in re.findall(r'<p class="note moved-tag" role="status">(.*?)<a href="([^"]+)">', body,
                                         re.DOTALL)]


def test_a_filter_by_a_tag_renamed_or_merged_since_says_what_it_is_now(client, settings):
    """A curator filtering by Vendor Mgmt merges it into 供应商管理 in another tab: browse said only "no documents
    match these filters", search "nothing found", nothing on where the tag went."""
    from kb.store import Store

    with Store(settings.db) as store:
        store.rename_tag("供应商管理", "Vendor Mgmt")
        store.rename_tag("Vendor Mgmt", "supplier management")  # and again: the note follows to the tag now
        event = store.tag_events(1)[0]["id"]
    client.set_cookie("kb_lang", "zh")
    browse = client.get("/browse?tag=供应商管理&sort=title&page=2").get_data(as_text=True)
    assert _notes(browse) == [("标签“供应商管理”已改为“supplier management”（在标签页重命名或合并）。",
                               "/browse?tag=supplier+management&sort=title")]
    listed = client.get("/browse?tag=supplier+management&sort=title").get_data(as_text=True)
    assert "ERP升级一期复盘" in listed and not _notes(listed)
    client.set_cookie("kb_lang", "en")
    search = client.get("/?q=供应商&tag=Vendor+Mgmt").get_data(as_text=True)
    said = "The tag “Vendor Mgmt” is now “supplier management” (renamed or merged on the tags page)."
    assert _notes(search) == [(said, "/?q=供应商&tag=supplier+management")]
    with Store(settings.db) as store:
        store.undo_tag_event(event)  # Vendor Mgmt again
    assert not _notes(client.get("/browse?tag=Vendor+Mgmt").get_data(as_text=True))
    assert _notes(client.get("/browse?tag=供应商管理").get_data(as_text=True))[0][1] == "/browse?tag=Vendor+Mgmt"
    assert not _notes(client.get("/browse?tag=never+a+tag").get_data(as_text=True))


def test_a_tag_on_lessons_only_lists_those_lessons_on_browse(as_curator, settings, app):
    """Two lessons tagged 复盘精选 in the review queue: the tags page said "0+2" and linked to browse, and so did the
    lessons' own tag links, where it listed no document and no lesson ("no documents match these filters")."""
    import html

    from kb.store import Store

    client, token = as_curator
    client.set_cookie("kb_lang", "zh")
    lessons = [l["id"] for l in client.get("/api/lessons?limit=3").get_json()["items"]]
    client.post("/review", data={"csrf_token": token, "action": "tag", "tag": "复盘精选",
                                 "ids": [str(i) for i in lessons]})
    client.post("/review", data={"csrf_token": token, "action": "hide", "ids": str(lessons[2])})
    body = client.get("/browse?tag=复盘精选").get_data(as_text=True)
    section = re.search(r'<section class="card tagged-apart" id="tagged-lessons">(.*?)</section>', body, re.DOTALL)
    assert section, body[body.find("<main"):][:1500]
    linked = [int(i) for i in re.findall(r'href="/lessons/(\d+)"', section.group(1))]
    assert sorted(linked) == sorted(lessons) and "带此标签的经验" in html.unescape(section.group(1))
    reader = app.test_client()
    shown = re.findall(r'href="/lessons/(\d+)"', reader.get("/browse?tag=复盘精选").get_data(as_text=True))
    assert sorted(int(i) for i in shown) == sorted(lessons[:2])  # not the hidden one
    with Store(settings.db) as store:
        key = store.lesson(lessons[0])["document_key"]
    client.post("/curate/tags/add", data={"csrf_token": token, "target": "document", "ref": key, "tag": "复盘精选"})
    body = client.get("/browse?tag=复盘精选").get_data(as_text=True)
    assert f'href="/documents/{key}"' in body
    apart = re.search(r'id="tagged-lessons">(.*?)</section>', body, re.DOTALL)
    assert apart is None or f'href="/lessons/{lessons[0]}"' not in apart.group(1)  # its document is listed now


def test_an_address_repeating_a_filter_makes_a_page_of_the_filters_applied(client, settings):
    """An address may repeat ?tag= 2,500 times within max_url_kb; the page made a chip, and a moved tag's note, for
    each, every link carrying all of them: 1,000 tags made a 13 MB page in 2.3 s (r-review: moved_tags uncapped).
    Now the page shows and links on the tags the filters apply, the first 20, each once; the results are the same."""
    from urllib.parse import urlencode

    from kb.store import Store

    with Store(settings.db) as store:
        for n in range(25):
            store.rename_tag("供应商管理" if n == 0 else f"vendor {n - 1}", f"vendor {n}")
    renamed = ["供应商管理", *(f"vendor {n}" for n in range(24))]  # each renamed away, now "vendor 24"
    many = [("tag", name) for name in renamed] + [("tag", f"t{n}") for n in range(1000)] + [("tag", "供应商管理")] * 5
    for path in ("/browse", "/?q=接口"):
        body = client.get(f"{path}{'&' if '?' in path else '?'}{urlencode(many)}").get_data(as_text=True)
        chips = re.findall(r'<a class="chip" href="([^"]+)"', body)
        assert len(chips) == 20 and len(_notes(body)) == 20, (len(chips), len(_notes(body)))
        assert all(unquote(href).count("tag=") <= 20 for href in chips)
        assert len(body) < 200_000, len(body)
    listed = [re.findall(r"<tbody>.*?</tbody>", client.get(f"/browse?{urlencode(tags)}").get_data(as_text=True),
                         re.DOTALL) for tags in ([("tag", "vendor 24")], [("tag", "vendor 24")] + many)]
    assert listed[0] == listed[1] and "ERP升级一期复盘" in listed[0][0]  # the filter the first tag sets, as before
