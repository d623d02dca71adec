"""The session's Chromium as the browser tests start it (tests/web/test_browser.py ``CHROMIUM``, ``ARGS``): the
headless shell where it is installed; a new context makes no omnibox popups (the browser's new headless mode made
them), and Playwright's own features stay turned off."""

from __future__ import annotations

import pytest

from tests.web.browsing import OMNIBOX_POPUPS, playwright_disabled_features
from tests.web.test_browser import ARGS, HEADLESS_SHELL

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


def test_the_session_s_chromium_is_the_headless_shell(chromium):
    """The browser tests run in Chromium's headless shell where it is installed (tests/web/test_browser.py
    ``CHROMIUM``): the browser in its new headless mode cost them more than twice its CPU (BENCHMARKS.md, t-trim10a)."""
    if HEADLESS_SHELL is None:
        pytest.skip("chromium-headless-shell is not installed (scripts/test.sh installs it, and then requires it)")
    session = chromium.new_browser_cdp_session()
    try:
        product = session.send("Browser.getVersion")["product"]
    finally:
        session.detach()
    assert product.startswith("HeadlessChrome/"), product  # the browser says "Chrome/..."
