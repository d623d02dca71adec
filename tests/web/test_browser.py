"""End to end in a real headless Chromium against the real server (waitress) on 127.0.0.1."""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil

import pytest

from tests.conftest import serving
from tests.web.browsing import KeptPages, log_in, session_cookie, without_omnibox_popups
from web import create_app

# Debian's headless shell (chromium-headless-shell: Chromium's old headless mode, the same Blink as the browser's, and
# what Playwright itself runs for headless Chromium) rather than the browser in its new headless mode, which opens a
# window for each context: the browser modules took 645 s of CPU with the browser and 407 s with the shell, every
# process of Chromium counted, the same 330 tests passing (BENCHMARKS.md, t-trim10a). Where the shell is not
# installed the browser is taken, unless the browser tests are required (KB_REQUIRE_BROWSER: scripts/test.sh
# installs the shell).
HEADLESS_SHELL = shutil.which("chromium-headless-shell")
CHROMIUM = HEADLESS_SHELL or shutil.which("chromium") or "/usr/bin/chromium-headless-shell"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", *without_omnibox_popups()]

if os.environ.get("KB_REQUIRE_BROWSER") and HEADLESS_SHELL is None:
    raise RuntimeError("Chromium's headless shell is required for the browser tests but chromium-headless-shell is "
                       "missing (scripts/test.sh installs Debian's package)")
if not os.path.exists(CHROMIUM):
    pytest.skip(f"every browser test skipped: Chromium is not installed at {CHROMIUM} (scripts/test.sh installs it); "
                "set KB_REQUIRE_BROWSER=1 to make this an error, as scripts/test.sh and CI do", allow_module_level=True)

pytestmark = pytest.mark.slow


@pytest.fixture
def server(settings, warm_process):
    with serving(create_app(settings)) as url:
        yield url


@pytest.fixture(scope="module")
def browser(chromium):
    """The session's Chromium (tests/conftest.py); each test opens a context of its own in it, or takes over one of
    its module's kept pages (``tab``)."""
    return chromium


@pytest.fixture(scope="module")
def kept(browser):
    """The module's kept pages, one per language (tests/web/browsing.py ``KeptPages``)."""
    pages = KeptPages(browser)
    yield pages
    pages.close()


@pytest.fixture
def tab(kept, server):
    """``tab(lang, width=..., height=..., timeout=..., user=...)``: the language's kept page for this test's server,
    nothing loaded; after the test it leaves the server (about:blank), before the server stops. For the tests that
    add no listener, route or script to their page (those stay on it: ``open_page``)."""
    yield functools.partial(kept.page, server)
    kept.release()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.dialogs = dialogs  # type: ignore[attr-defined]
    yield page
    context.close()


def test_search_in_chinese_tag_curate_a_session_reorder_and_export(server, page, tmp_path):
    # A project manager searches in Chinese and opens a result.
    page.goto(server + "/")
    page.fill("#q", "测试环境没有准备好")
    page.press("#q", "Enter")
    page.wait_for_selector("ol.groups li.group")
    assert "<mark>" in page.inner_html("ol.groups")
    first_title = page.inner_text("ol.groups li.group h2 a")
    page.click("ol.groups li.group h2 a")
    page.wait_for_selector("article.document h1")
    assert page.inner_text("article.document h1") == first_title
    doc_url = page.url

    # A curator logs in and is brought back to the document.
    page.click("text=登录")
    page.wait_for_url(lambda url: "/login" in url)
    log_in(page, server, "carl")
    assert page.url == doc_url

    # ... adds a tag in place.
    page.fill("#tags form.tag-add input[name=tag]", "经验分享候选")
    page.click("#tags form.tag-add button")
    page.wait_for_selector("#tags li.tag >> text=经验分享候选")

    # ... creates a share session.
    page.goto(server + "/sessions")
    page.fill("#new-session input[name=title]", "测试与环境经验分享会")
    page.fill("#new-session input[name=theme]", "测试环境")
    page.fill("#new-session input[name=scheduled_at]", "2026-12-15T14:30")
    page.click("#new-session button[type=submit]")
    page.wait_for_selector("h1 >> text=测试与环境经验分享会")
    session_url = page.url

    # ... adds two lessons from search results.
    added = []
    for query in ("供应商延期", "duplicate customer records"):
        page.goto(server + "/?q=" + query)
        hit = page.locator("div.hit", has=page.locator("form.add-session")).first
        added.append(hit.get_attribute("data-lesson"))
        hit.locator("form.add-session button").click()
        hit.locator(".add-status").wait_for()  # said in place, under the form
    page.goto(session_url)
    items = page.locator("li.agenda-item")
    assert items.count() == 2
    texts = [t.strip() for t in page.locator("li.agenda-item .agenda-text").all_inner_texts()]

    # ... reorders them (with the button, then back by drag and drop).
    page.locator("li.agenda-item").nth(0).locator("button[name=move-down]").click()
    page.wait_for_selector("li.agenda-item:nth-child(2) button:focus")  # moved in place, its button still in focus
    assert [t.strip() for t in page.locator("li.agenda-item .agenda-text").all_inner_texts()] == texts[::-1]
    with page.expect_response(re.compile(r"/order$")):
        page.drag_and_drop("li.agenda-item:nth-child(2) .drag-handle", "li.agenda-item:nth-child(1)",
                           target_position={"x": 40, "y": 4})
    page.reload()
    assert [t.strip() for t in page.locator("li.agenda-item .agenda-text").all_inner_texts()] == texts

    # ... and exports the agenda.
    with page.expect_download() as download:
        page.click("#export-md")
    markdown = download.value.path().read_text(encoding="utf-8")
    assert markdown.startswith("# 测试与环境经验分享会")
    assert markdown.index(texts[0][:20]) < markdown.index(texts[1][:20])
    page.goto(session_url + "/print")
    assert texts[0][:20] in page.inner_text("ol.agenda")
    assert page.dialogs == []  # type: ignore[attr-defined]


def assert_inert(page, where: str = "") -> None:
    from playwright.sync_api import Error as PlaywrightError

    page.wait_for_load_state("load")
    page.mouse.move(200, 300)
    for el in page.locator("h1, h2, b, a, li, p").all()[:40]:
        with contextlib.suppress(PlaywrightError):  # an element that cannot be hovered (in time) is fine here
            if el.is_visible():  # a hidden one never can: 21 of the XSS pages' 280 waited out their 300 ms each
                el.hover(timeout=300)
    assert page.evaluate("typeof window.__xss") == "undefined", where
    assert page.dialogs == [], where  # type: ignore[attr-defined]


def test_a_document_with_scripts_runs_nothing(server, page):
    """Each page that shows the planted documents, loaded in turn in one tab (each load a new document: nothing a
    script set on one page is there on the next; a page of its own each cost a renderer, BENCHMARKS.md t-trim4)."""
    for path in ("/documents/evil/xss", "/?q=Evil+retrospective+sanitise", "/browse?project=Red+Team",
                 "/documents/evil/payload.txt", "/?q=Escape+everything+payload", "/tags",
                 "/browse?tag=%3Cb+onmouseover%3Dalert(1)%3Ehover%3C%2Fb%3E"):
        page.goto(server + path)
        assert_inert(page, path)


def test_payloads_run_nowhere_a_curator_looks(server, page, settings):
    """Lesson page, share session page and print view (with a script in the title and on the agenda), and the
    digest's HTML as a mail client would show it."""
    from datetime import date, timedelta

    from kb.digest import compose, current_week, render
    from kb.store import Store

    payload = '<img src=x onerror="window.__xss=1">'
    with Store(settings.db) as store:
        lesson = next(l for l in store.document("evil/payload.txt")["lessons"])
        # the week the session's store was built in (this week's digest had nothing once the run crossed Sunday
        # midnight UTC), and a session still to come (it was 2026-12-20, and the digest lists only upcoming ones)
        stored = store.scalar("SELECT created_at FROM lessons WHERE id = ?", [lesson["id"]])
        session_id = store.create_session({"title": f"Session {payload}", "theme": payload, "presenters": payload,
                                           "scheduled_at": f"{date.today() + timedelta(days=30)}T10:00"})
        store.add_session_item(session_id, lesson["id"], note=payload)
        store.update_session_item(session_id, store.session(session_id)["items"][0]["id"], minutes=payload)
        store.set_session_status(session_id, "scheduled")
        store.add_subscriber("x@example.org", language="zh", role="curator")
        sub = store.subscriber("x@example.org")
        period = current_week(date.fromisoformat(stored[:10]))
        content = compose(store, sub, period.label, (period.default_window_start, period.end))
        assert [s["id"] for s in content.sessions.items] == [session_id]
        _, html, _ = render(content, base_url=server, secret="s")
    page.context.add_cookies([session_cookie(server, "carl")])
    for path in (f"/lessons/{lesson['id']}", f"/sessions/{session_id}", f"/sessions/{session_id}/print", "/sessions"):
        page.goto(server + path)
        assert_inert(page, path)
    assert "carl" in page.inner_text("header.top")  # the pages were a curator's
    assert "Escape everything" in html and "<script" not in html and "onerror=" not in html.replace("onerror=&#34;", "")
    page.set_content(html)
    assert_inert(page)
