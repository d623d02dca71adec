"""What a page costs does not grow with what the store holds beyond the page (w-scale): one list of tags a page
however many tag fields it has, statements a request that do not grow with the rows listed."""

from __future__ import annotations

import re

from kb.store import Store, Target

TAG_FIELD = re.compile(r'<input name="tag"[^>]*\blist="([^"]+)"')


def test_the_review_queue_offers_the_tags_once_not_once_a_lesson(as_curator, settings):
    client, _ = as_curator
    with Store(settings.db) as store:
        for n in range(40):
            store.add_tag(Target("document", "crm/retro"), f"topic {n:02d}")
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
