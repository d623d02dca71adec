"""What every browser test does first: open a page in a context of its own in the session's Chromium, logged in or
not. (The fixtures ``browser`` and ``server`` are in test_browser.py.)"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kb.store import Store
from tests.conftest import SERVED
from tests.web.conftest import USERS
from web.security import SESSION_KEY

# Chromium's new headless mode opens each browser context in a window of its own and makes that window's two omnibox
# popups at once, each a WebUI renderer (chrome://omnibox-popup.top-chrome/, a browser_ui target): 0.6-1.3 s of
# Chromium's CPU a new context, about two thirds of what one cost it (BENCHMARKS.md, t-trim7). Nothing here types in
# an address bar.
OMNIBOX_POPUPS = ("WebUIOmniboxPopup", "WebUIOmniboxAimPopup")


def playwright_disabled_features() -> list[str]:
    """The features Playwright's driver turns off when it starts Chromium (its ``disabledFeatures``, read from the
    driver's bundle), or [] when they cannot be read."""
    import playwright

    bundle = Path(playwright.__file__).parent / "driver" / "package" / "lib" / "coreBundle.js"
    try:
        text = bundle.read_text(encoding="utf-8")
    except OSError:
        return []
    found = re.search(r"\bdisabledFeatures = \[(.*?)\]\.filter\(Boolean\)", text, re.DOTALL)
    return re.findall(r'^\s*"([^"]+)",?\s*$', found.group(1), re.MULTILINE) if found else []


def without_omnibox_popups() -> list[str]:
    """The Chromium switch that turns the omnibox popups off as well as Playwright's features: Chromium reads only the
    last ``--disable-features``, so one of ours alone would turn Playwright's back on. Nothing (Chromium as before)
    when Playwright's list cannot be read."""
    playwright_features = playwright_disabled_features()
    if not playwright_features:
        return []
    return ["--disable-features=" + ",".join([*playwright_features, *OMNIBOX_POPUPS])]


def open_page(browser: Any, server: str, *, lang: str | None = None, width: int = 1280, height: int = 900,
              timeout: int = 30_000, **options: Any) -> Any:
    """A page in a new context: ``lang`` ("zh" or "en") sets both the browser's locale and the UI language cookie
    (None: the browser's defaults); ``options`` go to ``new_context``. Close it with ``page.context.close()``."""
    if lang is not None:
        options.setdefault("locale", "zh-CN" if lang == "zh" else "en-US")
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    if lang is not None:
        context.add_cookies([{"name": "kb_lang", "value": lang, "url": server}])
    page = context.new_page()
    page.set_default_timeout(timeout)
    return page


def log_in(page: Any, server: str, name: str, password: str | None = None) -> None:
    """Fill in and send the login form (opened first unless the page shows it), and wait until the user is in.

    Args:
        page: a Playwright page.
        server: the server's base URL.
        name: the user; the test collection's users (tests/web/conftest.py ``USERS``) need no password.
        password: the password of a user added by the test.
    """
    if "/login" not in page.url:
        page.goto(server + "/login")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", password if password is not None else USERS[name][1])
    with page.expect_response(lambda r: r.request.method == "POST" and "/login" in r.url) as sent:
        page.click("#login-form button[type=submit]")
    if sent.value.status != 302:  # the form again, saying why
        page.wait_for_load_state()
        raise AssertionError(f"{name} could not log in: {page.locator('.error').all_inner_texts()}")
    page.wait_for_url(lambda url: "/login" not in url)
    assert name in page.inner_text("header.top")


def logged_in_page(browser: Any, server: str, name: str, **page_options: Any) -> Any:
    """``open_page`` (with ``page_options``) whose context holds a live session of ``name``, nothing loaded yet.

    The session is made as the login view makes one (``session_cookie``), not through the form: the form cost a test
    two page loads and a password hash, and most browser tests are not about logging in. The tests that are (and the
    journeys that log in on their way) call ``log_in``.
    """
    page = open_page(browser, server, **page_options)
    page.context.add_cookies([session_cookie(server, name)])
    return page


def session_cookie(server: str, name: str) -> dict[str, Any]:
    """A cookie for Playwright's ``add_cookies`` carrying a new web session of the user ``name`` on the app that
    ``serving`` serves at ``server``: the session started in the app's store (``Store.start_session``, as
    web.security ``start_session`` starts it) and the cookie signed and named as the app signs its own."""
    app = SERVED[server]
    with Store(app.config["KB_SETTINGS"].db) as store:
        user_id = next(user["id"] for user in store.users() if user["name"] == name and user["active"])
        session_id = store.start_session(user_id, app.permanent_session_lifetime, "127.0.0.1")
    value = app.session_interface.get_signing_serializer(app).dumps({SESSION_KEY: session_id, "_permanent": True})
    return {"name": app.config["SESSION_COOKIE_NAME"], "value": value, "url": server, "httpOnly": True,
            "sameSite": "Lax"}


class KeptPages:
    """One page per language kept open for a module's browser tests, each test taking it over for its own server.

    A new page cost Chromium about 1.7 s of CPU more than loading a kept one again (a new context and page and two
    loads: 2.3-2.4 s against 0.6-0.7 s, BENCHMARKS.md t-trim4). Nothing of one test is left for the next: each test's
    server is on a port of its own, so another origin (no storage, no cache of the last one's), the cookies are
    cleared and set again for it, the size and timeout set again, and ``release`` loads about:blank after the test
    (a page that cannot, a test's failure left it stuck, is closed and a new one opened next time).
    """

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.pages: dict[tuple[str | None, tuple[Any, ...]], Any] = {}
        self.used: list[Any] = []

    def page(self, server: str, lang: str | None, *, width: int = 1280, height: int = 900, timeout: int = 30_000,
             user: str | None = None, **options: Any) -> Any:
        """The language's page (``open_page``'s ``lang``), nothing loaded, sized, with the language's cookie for
        ``server`` and, with ``user``, a session of theirs (``session_cookie``). ``options`` (``new_context``'s, such
        as a ``locale`` other than the language's) make a kept page of their own, shared by the tests that give
        the same."""
        key = (lang, tuple(sorted(options.items())))
        page = self.pages.get(key)
        if page is None or page.is_closed():
            page = self.pages[key] = open_page(self.browser, server, lang=lang, width=width, height=height, **options)
        context = page.context
        context.clear_cookies()
        if lang is not None:
            context.add_cookies([{"name": "kb_lang", "value": lang, "url": server}])
        if user is not None:
            context.add_cookies([session_cookie(server, user)])
        page.set_viewport_size({"width": width, "height": height})
        page.set_default_timeout(timeout)
        self.used.append(page)
        return page

    def release(self) -> None:
        """After a test: each page it took leaves its server (about:blank), or is closed if it cannot."""
        from playwright.sync_api import Error as PlaywrightError

        for page in self.used:
            try:
                page.goto("about:blank", timeout=10_000)
            except PlaywrightError:
                page.context.close()
        self.used.clear()

    def close(self) -> None:
        for page in self.pages.values():
            if not page.is_closed():
                page.context.close()
