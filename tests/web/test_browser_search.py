"""A project manager's searches in a real Chromium: what the page shows after the browser's back button."""

from __future__ import annotations

import pytest

from tests.web.browsing import open_page
from tests.web.test_browser import browser, server  # noqa: F401 (the fixtures of the browser tests)

pytestmark = pytest.mark.slow


def test_back_to_a_page_of_results_its_box_shows_the_query_it_found(browser, server):  # noqa: F811
    """Back from the results of a second query, the box kept the second query (and mode) over the results of the
    first: the page said "vendor delivered late" in its title and list, "test environment" in its box."""
    page = open_page(browser, server, lang="en")
    page.goto(server + "/?q=vendor+delivered+late&mode=hybrid")
    page.fill("#q", "test environment")
    page.check("input[name=mode][value=keyword]")
    page.press("#q", "Enter")
    page.wait_for_url("**q=test+environment**")
    page.go_back()
    page.wait_for_url("**q=vendor+delivered+late**")
    page.wait_for_function("document.readyState === 'complete'")
    assert page.input_value("#q") == "vendor delivered late"
    assert page.is_checked("input[name=mode][value=hybrid]")
    page.context.close()
