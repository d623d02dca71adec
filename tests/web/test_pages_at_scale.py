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
