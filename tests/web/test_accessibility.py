"""Accessibility in a real Chromium: axe-core (through axe-playwright-python) on every page, in both languages,
logged out and as a curator, at a desktop's width and a phone's, must find no violation of any impact (critical,
serious, moderate or minor: the README says so, and the test used to fail on the first two alone); and
what axe cannot judge — the skip link, keyboard use of the phone's filter button, visible focus, the language of
other-language text — is checked by hand.

To check a new page, add its URL to PAGES (``{lesson}``, ``{session}``, ``{manage}``, ``{confirm}``,
``{unsubscribe}`` are filled in by the fixture).
"""

from __future__ import annotations

import shutil

import pytest

from kb.settings import Settings
from kb.store import Store, Target
from tests.conftest import TEST_SECRET_KEY, serving
from tests.web.browsing import log_in, open_page
from tests.web.test_browser import browser  # noqa: F401 (fixture; importing it skips this module without Chromium)
from web import create_app

pytestmark = pytest.mark.slow

# (path, who sees it: "all" or "curator"). Each is checked in zh and en, at 1280 and 390 px.
PAGES = [
    ("/", "all"),
    ("/?q=测试环境没有准备好", "all"),
    ("/?q=test+environment&project=Factory+MES+Rollout", "all"),
    ("/?q=qqxxzzqq", "all"),  # nothing found
    ("/browse", "all"),
    ("/browse?sort=title&tag=供应商管理", "all"),
    ("/documents/erp/retro", "all"),
    ("/documents/mes/pm", "all"),
    ("/lessons/{lesson}", "all"),
    ("/tags", "all"),  # with the tag history for curators
    ("/sessions", "all"),
    ("/sessions/{session}", "all"),
    ("/sessions/{session}/print", "all"),
    ("/subscribe", "all"),
    ("/subscription/{manage}", "all"),
    ("/subscribe/confirm/{confirm}", "all"),  # the e-mailed link's page: its button confirms (a POST)
    ("/unsubscribe/{unsubscribe}", "all"),  # the digest's link: its button unsubscribes
    ("/login", "all"),
    ("/documents/no/such/document", "all"),  # 404
    ("/browse?sort=nonsense", "all"),  # 400
    ("/curate/subscribers", "curator"),
    ("/curate/digest", "curator"),
    ("/review", "curator"),
    ("/contribute", "curator"),  # curators may contribute too
    ("/contribute/upload", "curator"),
    ("/contribute/record", "curator"),
]
ROLES = ["anonymous", "curator"]
LANGS = ["zh", "en"]
WIDTHS = [1280, 390]


@pytest.fixture(scope="module")
def site(built, tmp_path_factory):
    """One server for the module over a copy of the test collection, with a session, a subscriber, reviewed and
    hidden lessons and tag history, so that every part of every page is there to check."""
    from kb.digest.links import make_token

    base = tmp_path_factory.mktemp("a11y")
    for name in ("kb.db", "kb.faiss", "kb.faiss.json"):
        shutil.copy(built / name, base / name)
    settings = Settings(db=base / "kb.db", secret_key=TEST_SECRET_KEY)
    with Store(settings.db) as store:
        lessons = [r["id"] for r in store.rows("SELECT id FROM lessons ORDER BY id")]
        store.set_review(lessons[0], "approved", actor="carl")
        store.set_review(lessons[1], "hidden", actor="carl")
        store.add_tag(Target("document", "erp/retro"), "接口联调", actor="carl")
        store.add_tag(Target("lesson", str(lessons[0])), "environments", actor="carl")
        # as if added from the browser: its page offers the curator Edit and Withdraw
        store.conn.execute("UPDATE documents SET contributed_by = 'pat' WHERE key = 'mes/pm'")
        store.conn.commit()
        session = store.create_session({"title": "Q3 分享会", "theme": "测试环境", "location": "3F"}, actor="carl")
        for lesson_id in lessons[:3]:
            store.add_session_item(session, lesson_id, note="5 min")
        subscriber = store.add_subscriber("pm@example.com", name="王经理", language="zh")
        manage = make_token(settings.secret_key, "manage", store.subscriber(subscriber_id=subscriber))
        unsubscribe = make_token(settings.secret_key, "unsubscribe", store.subscriber(subscriber_id=subscriber))
        signed_up = store.add_subscriber("new@example.com", language="zh", confirmed=False)
        store.count_search("x", 0)  # the curators' "searches that found nothing" on the home page: a link in a line
        # of text ("x 1×") told apart by its colour alone was a serious violation (link-in-text-block)
        confirm = make_token(settings.secret_key, "confirm", store.subscriber(subscriber_id=signed_up))
    with serving(create_app(settings), warm=True) as url:  # as kb serve's workers: tests/conftest.py
        yield {"url": url, "lesson": lessons[0], "session": session, "manage": manage, "confirm": confirm,
               "unsubscribe": unsubscribe}




@pytest.fixture(scope="module")
def tabs(browser, site):  # noqa: F811 (the fixture imported above)
    """One page per (role, language), logged in once and reused for every URL."""
    opened: dict[tuple[str, str], object] = {}

    from axe_playwright_python.base import AXE_SCRIPT

    def tab(role: str, lang: str):
        if (role, lang) not in opened:
            page = open_page(browser, site["url"], lang=lang, width=WIDTHS[0])
            # axe-core in every document the tab loads, handed to Chromium once rather than once a load (550 KB
            # through Playwright's driver each time: BENCHMARKS.md, t-trim9b)
            page.context.add_init_script(script=AXE_SCRIPT)
            if role == "curator":
                log_in(page, site["url"], "carl")
            opened[(role, lang)] = page
        return opened[(role, lang)]

    yield tab
    for page in opened.values():
        page.context.close()


def axe_violations(page, skip: tuple[str, ...] = ()) -> list[dict]:
    """axe-core's violations on the page as it is now (all its rules: WCAG 2.x A and AA, best practices), but
    the rules in ``skip``."""
    from axe_playwright_python.base import AXE_SCRIPT  # axe-core, as the package bundles it

    if not page.evaluate("typeof window.axe === 'object'"):  # a page without the tabs' init script
        page.evaluate(AXE_SCRIPT)
    options = {"resultTypes": ["violations"], "rules": {rule: {"enabled": False} for rule in skip}}
    return page.evaluate("options => axe.run(document, options).then(results => results.violations)", options)


def failing(violations: list[dict]) -> list[str]:
    """Every violation, whatever its impact (critical, serious, moderate, minor), as one line each."""
    return [f"{v['id']} ({v['impact']}): {v['help']} — " + " | ".join(n["html"][:120] for n in v["nodes"][:3])
            for v in violations]


def check(page, url: str, lang: str) -> dict[int, list[dict]]:
    """axe's violations at each width, the page loaded once. Colour contrast, two thirds of axe's time, is
    checked in one language: the colours are the same in both."""
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    page.goto(url)
    page.wait_for_load_state()
    skip = () if lang == LANGS[0] else ("color-contrast",)
    found = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        found[width] = axe_violations(page, skip)
    return found


def shown_to(page) -> str | None:
    """Whom the page in the tab was made for: "curator" when its header names a logged-in user, else "anonymous";
    None for a page without the site's header (an agenda's print view), which does not say.

    A curator's tab whose login was lost gets the login page or anonymous pages: checked as they were, they passed
    unseen, or failed as an empty list (the session cookie is signed with a time, and one from the future is
    refused: a run whose clock was moved back between tests lost its login)."""
    if not page.locator("header.top .account").count():
        return None
    return "curator" if page.locator("header.top .who").count() else "anonymous"


def _cases():
    for path, who in PAGES:
        for role in ROLES:
            if who == "curator" and role != "curator":
                continue
            for lang in LANGS:
                yield pytest.param(path, role, lang, id=f"{role}-{lang}-{path}")


@pytest.mark.parametrize(("path", "role", "lang"), list(_cases()))
def test_no_violation_of_any_impact(tabs, site, path, role, lang):
    page = tabs(role, lang)
    found = check(page, site["url"] + path.format(**site), lang)
    assert shown_to(page) in (role, None), f"{path} was made for the {shown_to(page)} reader, not the {role}: a lost login"
    problems = {width: failing(v) for width, v in found.items() if failing(v)}
    assert problems == {}, "\n".join(f"{w}px: {p}" for w, ps in problems.items() for p in ps)
    assert page.evaluate("document.documentElement.lang") == ("zh-CN" if lang == "zh" else "en")


def test_the_check_catches_a_planted_violation(tabs, site):
    """The harness is not blind: unlabelled fields, an image without text, a nameless button and faint text are
    found (critical and serious), and so are a heading that skips levels (moderate) and an empty one (minor)."""
    page = tabs("anonymous", "en")
    page.goto(site["url"] + "/subscribe")
    assert failing(axe_violations(page)) == []
    page.evaluate("""() => {
        document.querySelectorAll('label').forEach(l => l.replaceWith(...l.querySelectorAll('input, select')));
        document.querySelector('main').insertAdjacentHTML('beforeend',
            '<img src="x.png"><button></button><p id="faint">faint</p><h5>skips levels</h5><h2></h2>');
        document.getElementById('faint').style.color = '#bbb';  // (the CSP refuses style attributes)
    }""")
    impacts = {v["id"]: v["impact"] for v in axe_violations(page)}
    assert {"label", "image-alt", "button-name", "color-contrast"} <= set(impacts), impacts
    assert impacts.get("heading-order") == "moderate" and impacts.get("empty-heading") == "minor", impacts


@pytest.mark.parametrize("lang", LANGS)
def test_the_skip_link_is_the_first_stop_and_leads_to_the_content(tabs, site, lang):
    page = tabs("anonymous", lang)
    page.goto(site["url"] + "/browse")
    assert page.evaluate("document.querySelector('a.skip').getBoundingClientRect().bottom") <= 0  # out of sight
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, document.activeElement.getAttribute('href'),"
                            " document.activeElement.getBoundingClientRect().top]")
    assert focused[0] == "skip" and focused[1] == "#content" and focused[2] >= 0  # on screen once focused
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # the next stop is inside the content, past the navigation
    assert page.evaluate("!!document.activeElement.closest('main')")


@pytest.mark.parametrize("lang", LANGS)
def test_on_a_phone_the_filter_button_works_from_the_keyboard(tabs, site, lang):
    page = tabs("anonymous", lang)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(site["url"] + "/?q=vendor")
    assert not page.locator("#filters").is_visible()
    for _ in range(40):  # Tab until the filter button
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('filter-button')"):
            break
    else:
        raise AssertionError("the filter button is not reachable with Tab")
    assert page.get_attribute(".filter-button", "role") == "button"
    page.keyboard.press("Enter")
    assert page.locator("#filters").is_visible()
    assert page.get_attribute(".filter-button", "aria-expanded") == "true"
    page.keyboard.press("Space")  # a button closes with Space as well
    assert not page.locator("#filters").is_visible()
    assert page.get_attribute(".filter-button", "aria-expanded") == "false"
    page.keyboard.press("Space")
    assert page.locator("#filters").is_visible()
    page.keyboard.press("Tab")  # focus moves on into the open filters
    assert page.evaluate("!!document.activeElement.closest('#filters')")
    page.focus(".filter-close")
    page.keyboard.press("Enter")  # closing them brings focus back to the button, not to a hidden link
    assert not page.locator("#filters").is_visible()
    assert page.evaluate("document.activeElement.classList.contains('filter-button')")
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})


@pytest.mark.parametrize("selector", ["a.brand", "#q", "button[type=submit]", "input[name=mode]"])
def test_focus_is_visible(tabs, site, selector):
    page = tabs("anonymous", "zh")
    page.goto(site["url"] + "/")
    page.focus(selector)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # a keyboard focus, so :focus-visible applies
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle + ' ' +"
                            " getComputedStyle(document.activeElement).outlineWidth")
    assert not outline.startswith("none") and not outline.endswith(" 0px"), outline


@pytest.mark.parametrize("lang", LANGS)
def test_text_in_the_other_language_says_its_language(tabs, site, lang):
    """A screen reader reads English results in an English voice on the Chinese UI, and Chinese ones in a
    Chinese voice on the English UI."""
    page = tabs("anonymous", lang)
    page.goto(site["url"] + "/?q=vendor&mode=hybrid")
    titles = {h.inner_text(): h.get_attribute("lang") for h in page.query_selector_all("ol.groups li.group h2")}
    assert titles["ERP升级一期复盘"] == "zh" and titles["MES go-live post-mortem"] == "en", titles
    snippets = {s.get_attribute("lang") for s in page.query_selector_all("ol.groups .snippet")}
    assert snippets == {"zh", "en"}, snippets
    assert page.get_attribute(".doc-meta", "lang") is None  # the page's own words keep the page's language
    page.goto(site["url"] + "/documents/mes/pm")
    assert page.get_attribute("article.document h1", "lang") == "en"
    assert page.get_attribute("article.document .rendered", "lang") == "en"
    assert {p.get_attribute("lang") for p in page.query_selector_all(".lesson-item > p")} == {"en"}


@pytest.mark.parametrize("lang", LANGS)
def test_review_status_is_text(tabs, site, lang):
    page = tabs("curator", lang)
    page.goto(site["url"] + "/documents/erp/retro")
    assert shown_to(page) == "curator", "the curator's login was lost: the page is an anonymous reader's"
    statuses = [s.inner_text() for s in page.query_selector_all(".lesson-item .status")]
    words = {"zh": {"已认可", "已隐藏", "未审核"}, "en": {"Approved", "Hidden", "Unreviewed"}}[lang]
    assert statuses and set(statuses) <= words, statuses
    assert len(statuses) == len(page.query_selector_all(".lesson-item"))  # unreviewed ones say so too
