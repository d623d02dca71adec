"""The session's Chromium as the browser tests start it (tests/web/test_browser.py ``ARGS``): a new context makes no
omnibox popups, and Playwright's own features stay turned off."""

from __future__ import annotations

import pytest

from tests.web.browsing import OMNIBOX_POPUPS, playwright_disabled_features
from tests.web.test_browser import ARGS

pytestmark = pytest.mark.slow


def test_playwright_s_disabled_features_are_read_and_kept_in_the_switch_that_adds_the_popups():
    playwright_features = playwright_disabled_features()
    assert "HttpsUpgrades" in playwright_features  # a list read, not an empty one: Playwright's driver changed
    switches = [arg for arg in ARGS if arg.startswith("--disable-features=")]
    assert switches == ["--disable-features=" + ",".join([*playwright_features, *OMNIBOX_POPUPS])]


def test_a_new_context_opens_no_omnibox_popup(chromium):
    context = chromium.new_context()
    try:
        context.new_page().goto("about:blank")
        session = chromium.new_browser_cdp_session()
        targets = session.send("Target.getTargets", {"filter": [{}]})["targetInfos"]  # every type
        session.detach()
    finally:
        context.close()
    assert [t["url"] for t in targets if "top-chrome" in t["url"]] == []
    assert any(t["type"] == "page" for t in targets)  # the list holds the context's page: it is the whole browser's
