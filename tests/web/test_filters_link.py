""""Clear filters" shows only when a filter is set (a sort, a mode or a page is not a filter)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("path", "shown"), [
    ("/browse", False),
    ("/browse?sort=title", False),
    ("/browse?sort=title&page=1&size=50", False),
    ("/browse?project=CRM", True),
    ("/browse?sort=title&lang=en", True),
    ("/?q=vendor", False),
    ("/?q=vendor&mode=keyword", False),
    ("/?q=vendor&mode=keyword&page=1", False),
    ("/?q=vendor&page=1", False),
    ("/?q=vendor&project=CRM", True),
    ("/?q=vendor&mode=semantic&kind=lesson", True),
])
def test_clear_filters_only_with_a_filter(client, path, shown):
    body = client.get(path).get_data(as_text=True)
    assert ('class="clear"' in body) is shown


def test_clear_filters_keeps_the_sort_and_the_query(client):
    assert 'class="clear" href="/browse?sort=title"' in client.get("/browse?sort=title&tag=x").get_data(as_text=True)
    assert 'class="clear" href="/?q=vendor&amp;mode=keyword"' in \
        client.get("/?q=vendor&mode=keyword&project=CRM").get_data(as_text=True)
