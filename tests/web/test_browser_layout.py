"""Layout in a real Chromium at a phone's width (390 px) and a desktop's (1280 px): the filters are one button away
at the top, table cells break only between words, headers stay on one line."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.web.test_browser import browser, kept, server, tab  # noqa: F401 (the fixtures of the browser tests)

pytestmark = pytest.mark.slow
ONE_LINE = """el => { const r = document.createRange(); r.selectNodeContents(el);
  return new Set(Array.from(r.getClientRects()).map(b => Math.round(b.top))).size === 1; }"""


def _page(tab, width, lang):  # noqa: F811 (the fixture)
    return tab(lang, width=width, height=800, timeout=60_000)


def _top(page, selector):
    return page.eval_on_selector(selector, "el => el.getBoundingClientRect().top + window.scrollY")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_on_a_phone_the_filters_open_from_a_button_above_the_results(tab, server, lang):  # noqa: F811
    page = _page(tab, 390, lang)
    page.goto(server + "/?q=" + ("测试环境" if lang == "zh" else "test environment"))
    page.wait_for_selector("ol.groups li.group")
    button = page.locator(".filter-button")
    assert button.is_visible() and not page.locator("#filters").is_visible()
    assert _top(page, ".filter-button") < _top(page, "ol.groups li.group")
    assert _top(page, ".filter-button") < 800  # on the first screen
    button.click()
    assert page.locator("#filters").is_visible()
    assert _top(page, "#filters .facet") < _top(page, "ol.groups li.group")
    assert button.get_attribute("aria-expanded") == "true"
    page.click("#filters .facet a >> nth=0")  # a filter, then the button says how many are set
    page.wait_for_url("**project=*")
    assert page.inner_text(".filter-button").endswith("(1)" if lang == "en" else "（1）")


def test_on_a_phone_the_filters_open_without_javascript(browser, server):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "/?q=vendor")
    assert not page.locator("#filters").is_visible()
    page.click(".filter-button")
    assert page.locator("#filters").is_visible()
    context.close()


def test_on_a_desktop_the_filters_stand_beside_the_results(tab, server):  # noqa: F811
    page = _page(tab, 1280, "en")
    page.goto(server + "/?q=vendor")
    assert page.locator("#filters").is_visible() and not page.locator(".filter-button").is_visible()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_browse_table_breaks_no_word_and_no_header(tab, server, lang):  # noqa: F811
    page = _page(tab, 1280, lang)
    for width in (1280, 390):  # one page, resized and loaded again (a page of its own cost Chromium ~1 s: t-trim3)
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(server + "/browse?sort=title")
        one_word_cells = [cell for cell in page.query_selector_all("table.docs tbody td")  # a word, or a Chinese phrase
                          if cell.inner_text().strip() and not any(c in cell.inner_text().strip() for c in " \n")]
        assert one_word_cells, width
        broken = [cell.inner_text() for cell in one_word_cells if not cell.evaluate(ONE_LINE)]
        assert broken == [], width
        if width == 1280:
            assert all(th.evaluate(ONE_LINE) for th in page.query_selector_all("table.docs th"))
        else:  # each row a card; the lesson count keeps its label on one line
            assert all(td.evaluate("el => el.getBoundingClientRect().height < 40")
                       for td in page.query_selector_all("table.docs td.num"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_times_are_shown_in_the_readers_time_zone(browser, server, settings, lang):  # noqa: F811
    from kb.store import Store

    store = Store(settings.db)
    lesson_id = store.rows("SELECT id FROM lessons ORDER BY id LIMIT 1")[0]["id"]
    store.set_review(lesson_id, "approved", actor="carl")
    store.conn.execute("UPDATE lessons SET reviewed_at = '2026-12-02T20:34:05+00:00' WHERE id = ?", [lesson_id])
    store.conn.commit()
    store.close()
    context = browser.new_context(locale="zh-CN" if lang == "zh" else "en-US", timezone_id="Asia/Shanghai")
    context.add_cookies([{"name": "kb_lang", "value": lang, "url": server}])
    page = context.new_page()
    page.goto(f"{server}/lessons/{lesson_id}")
    shown = page.inner_text("time.js-local")
    assert page.get_attribute("time.js-local", "title") == "2026-12-02 20:34 UTC"
    assert "UTC" not in shown and "3" in shown  # 04:34 on the 3rd in Shanghai, the hour as the language writes it:
    assert ("04:34" in shown) if lang == "zh" else ("4:34 AM" in shown and "04:34" not in shown)  # not "04:34 AM"
    context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_page_is_wider_than_a_phone(tab, server, settings, lang):  # noqa: F811
    from kb.store import Store, Target

    store = Store(settings.db)
    store.add_tag(Target("document", "erp/retro"), "接口联调与测试环境准备", actor="carl")  # a row of tag history
    # a tag of 60 characters with nowhere to break: its history row stretched /tags to 465 px
    store.add_tag(Target("document", "erp/retro"), "SAP_S4HANA_cutover_weekend_rehearsal_checklist_and_signoff", actor="carl")
    # a session, so that every hit and lesson offers "add to session" with its name in a select
    store.create_session({"title": "Vendor delays share-out", "scheduled_at": "2026-12-15T14:30"}, actor="carl")
    store.close()
    page = tab(lang, width=390, height=800, timeout=60_000, user="carl")
    for path in ("/tags", "/browse?sort=title", "/?q=vendor", "/?q=测试环境", "/documents/erp/retro", "/sessions",
                 "/curate/subscribers"):
        page.goto(server + path)
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1"), path


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_on_a_phone_add_to_session_stays_on_one_line_whatever_the_session_is_called(tab, server, settings,  # noqa: F811
                                                                                     lang):
    from kb.store import Store

    with Store(settings.db) as store:
        store.create_session({"title": "供应商交付与测试环境准备经验分享会（第三季度，全体项目经理参加）"}, actor="carl")
    page = tab(lang, width=390, height=800, timeout=60_000, user="carl")
    page.goto(server + "/documents/erp/retro")
    buttons = page.locator("li.lesson-item .add-session button")
    assert buttons.count() >= 2
    for i in range(buttons.count()):
        assert buttons.nth(i).evaluate(ONE_LINE), i
        item = buttons.nth(i).evaluate("el => [el.getBoundingClientRect().right,"
                                       " el.closest('li').getBoundingClientRect().right]")
        assert item[0] <= item[1] + 1  # inside its lesson


def _actions_table(folder) -> str:
    """A Word post-mortem whose actions table has one long column and short ones (a name, a date, a status)."""
    import docx

    document = docx.Document()
    document.core_properties.title = "RF终端掉线故障复盘"
    document.add_heading("改进措施", level=1)
    rows = [("改进措施", "责任人", "截止日期", "状态"),
            ("所有网络和终端固件变更纳入变更委员会审批，业务高峰（18:00-24:00）禁止变更" * 2, "吴涛", "2025-08-15", "已完成"),
            ("按库区监控 RF 终端在线率，低于 90% 自动告警到值班经理", "孙丽萍", "2025-09-15", "进行中")]
    table = document.add_table(rows=len(rows), cols=4)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    folder.mkdir()
    document.save(folder / "rf.docx")
    return "RF终端掉线故障复盘"


def test_a_documents_own_table_keeps_short_cells_and_headers_whole(tab, server, settings, tmp_path):  # noqa: F811
    from ingest import ingest
    from kb.store import Store

    title = _actions_table(tmp_path / "word")
    with Store(settings.db) as store:
        ingest(store, [tmp_path / "word"])
        key = store.rows("SELECT key FROM documents WHERE title = ?", [title])[0]["key"]
    page = _page(tab, 1280, "zh")
    for width in (1280, 390):  # one page, resized and loaded again
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{server}/documents/{key}")
        cells = page.locator(".rendered table td, .rendered table th")
        texts = cells.all_inner_texts()
        assert "已完成" in texts and "截止日期" in texts
        short = [i for i, text in enumerate(texts) if len(text.strip()) <= (10 if width == 1280 else 4)]
        broken = [texts[i] for i in short if not cells.nth(i).evaluate(ONE_LINE)]
        assert broken == [], width  # before: 责任/人, 已完/成, 2025-08-/15 as the long column took the width
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1"), width


SEARCH = {"en": "/?q=test+environment+not+ready&prefer_lang=any",  # hits in both languages, found every way
          "zh": "/?q=测试环境没有准备好&prefer_lang=any"}
LONG_HEADING = {"en": "3. Hardware and equipment suppliers: delivery and acceptance",
                "zh": "三、硬件与设备供应商的交付与验收"}
SIDE_BY_SIDE = """el => { const boxes = Array.from(el.children).filter(c => c.getClientRects().length)
  .map(c => c.getBoundingClientRect());  // one line: every box's top above every other's bottom
  return Math.max(...boxes.map(b => b.top)) < Math.min(...boxes.map(b => b.bottom)); }"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_on_a_phone_a_hits_header_is_one_line(tab, server, lang):  # noqa: F811
    """Kind, heading, other-language badge and the hint saying how the hit was found share one line at 390 px (the
    six "how it matched" chips took a line of their own); a long heading gives way, ending in "…"."""
    page = _page(tab, 390, lang)
    page.goto(server + SEARCH[lang])
    page.wait_for_selector("ol.groups .hit-meta")
    headers = page.locator("ol.groups .hit-meta")
    assert headers.count() >= 3
    assert [i for i in range(headers.count()) if not headers.nth(i).evaluate(SIDE_BY_SIDE)] == []
    # and with a long heading, as a real retrospective's sections have
    assert page.evaluate("h => { const all = document.querySelectorAll('ol.groups .hit-meta .heading');"
                         " all.forEach(e => { e.textContent = h; }); return all.length; }", LONG_HEADING[lang]) >= 1
    assert [i for i in range(headers.count()) if not headers.nth(i).evaluate(SIDE_BY_SIDE)] == []
    hints = page.locator("ol.groups .how-found summary")
    assert hints.count() == headers.count()
    assert [i for i in range(hints.count()) if not hints.nth(i).evaluate(ONE_LINE)] == []
    assert page.evaluate("Math.max(...Array.from(document.querySelectorAll('.how-found summary'))"
                         ".map(e => e.getBoundingClientRect().right)) <= window.innerWidth")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_on_a_phone_how_a_hit_was_found_opens_from_the_keyboard_without_moving_the_text(tab, server, lang):  # noqa: F811
    """The hint is a disclosure: Enter on it lists each way the hit matched, over the text (the snippet stays where it
    was), inside the screen, each way's name whole; Enter again, Escape or a tap elsewhere closes it."""
    page = _page(tab, 390, lang)
    page.goto(server + SEARCH[lang])
    summary = page.locator("ol.groups .how-found summary").first
    details, snippet = page.locator("ol.groups .how-found").first, page.locator("ol.groups .snippet").first
    top, legs = snippet.bounding_box()["y"], details.locator(".legs")
    assert not legs.is_visible()
    summary.focus()
    page.keyboard.press("Enter")
    assert legs.is_visible() and details.evaluate("e => e.open")
    assert snippet.bounding_box()["y"] == top
    box = legs.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    names = legs.locator(".leg")
    assert names.count() >= 1 and [i for i in range(names.count()) if not names.nth(i).evaluate(ONE_LINE)] == []
    page.keyboard.press("Enter")
    assert not legs.is_visible()
    page.keyboard.press("Enter")  # and Escape closes it, as a tap elsewhere does, the focus back on the hint
    page.keyboard.press("Escape")
    assert not legs.is_visible() and summary.evaluate("e => e === document.activeElement")
    summary.click()
    page.mouse.click(1, 1)  # the page's corner, away from the list
    assert not legs.is_visible()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_short_lesson_beside_a_long_list_of_similar_ones_keeps_its_own_height(tab, server, settings, lang):  # noqa: F811
    """A lesson's card ends below its own content, not at the bottom of the similar lessons beside it (an empty white
    box half a screen tall)."""
    from kb.store import Store

    with Store(settings.db) as store:
        lesson_id = store.conn.execute("SELECT min(id) FROM lessons").fetchone()[0]
    page = _page(tab, 1280, lang)
    page.goto(f"{server}/lessons/{lesson_id}")
    aside = page.locator("aside.similar").bounding_box()
    assert aside["height"] > page.locator("article.lesson-page").bounding_box()["height"]  # the case in question
    gap = page.eval_on_selector("article.lesson-page", """el => el.getBoundingClientRect().bottom
        - Math.max(...Array.from(el.children).map(c => c.getBoundingClientRect().bottom))""")
    assert gap < 60, gap


PLACEHOLDER_FITS = """el => { const style = getComputedStyle(el), span = document.createElement('span');
  span.style.font = style.font; span.style.whiteSpace = 'pre'; span.style.position = 'absolute';
  span.textContent = el.placeholder; document.body.appendChild(span);
  const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const fits = span.getBoundingClientRect().width <= room; span.remove(); return fits; }"""


@pytest.mark.parametrize(("width", "lang"), [(390, "zh"), (390, "en"), (1280, "zh"), (1280, "en")])
def test_the_search_boxs_placeholder_is_never_cut(tab, server, width, lang):  # noqa: F811
    """At 390 px the placeholder with its example ("描述你遇到的问题，例如：供应商交付延期 / test environment not
    ready") was cut mid-word; a phone shows the short one, a desktop the example too."""
    page = _page(tab, width, lang)
    page.goto(server + "/")
    box = page.locator("#q")
    assert box.evaluate(PLACEHOLDER_FITS), box.get_attribute("placeholder")
    example = "供应商交付延期" if lang == "zh" else "vendor delivered late"
    assert (example in box.get_attribute("placeholder")) == (width == 1280)
    page.set_viewport_size({"width": 390 if width == 1280 else 1280, "height": 800})  # a phone turned, a window resized
    holds = re.compile(re.escape(example))
    if width == 390:  # now wide: the example shown (expect waits; wait_for_function polls by eval, refused by the CSP)
        expect(box).to_have_attribute("placeholder", holds)
    else:
        expect(box).not_to_have_attribute("placeholder", holds)
    assert box.evaluate(PLACEHOLDER_FITS)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_hide_is_a_destructive_button_on_a_lesson_page_as_in_the_review_queue(tab, server, settings, lang):  # noqa: F811
    from kb.store import Store

    with Store(settings.db) as store:
        lesson_id = store.conn.execute("SELECT min(id) FROM lessons").fetchone()[0]
    page = tab(lang, width=1280, height=800, timeout=60_000, user="carl")
    colours = "el => [getComputedStyle(el).color, getComputedStyle(el).borderColor]"
    page.goto(server + "/review")
    in_queue = page.locator("button[name=action][value=hide]").first.evaluate(colours)
    page.goto(f"{server}/lessons/{lesson_id}")
    hide = page.locator("section.review form:has(input[name=status][value=hidden]) button")
    assert hide.inner_text() == ("隐藏" if lang == "zh" else "Hide")
    assert hide.evaluate(colours) == in_queue
    approve = page.locator("section.review form:has(input[name=status][value=approved]) button")
    assert approve.evaluate(colours) != in_queue  # the others are not


@pytest.mark.parametrize(("width", "lang"), [(390, "en"), (390, "zh"), (1280, "en")])
def test_the_headers_account_links_each_stay_on_one_line(tab, server, settings, width, lang):  # noqa: F811
    """"Log out" was seen broken after "Log" at 390 px in English: the body's overflow-wrap lets any text break
    where its box is narrower than it, and the button had no guard. The links stay whole, wherever they fall."""
    from kb.store import Store

    with Store(settings.db) as store:
        store.add_user("patricia.wong", "contributor-pass-1", "contributor")
    page = tab(lang, width=width, height=800, timeout=60_000, user="patricia.wong")
    page.goto(server + "/")
    links = (".account button.link", ".langs a >> nth=0", ".langs a >> nth=1")
    assert all(page.locator(selector).evaluate(ONE_LINE) for selector in links)
    assert page.locator(".account button.link").evaluate("el => el.getBoundingClientRect().right") <= width
    # the narrowest room the header could leave them (a longer name, a larger font)
    page.evaluate("document.querySelector('.account').style.width = '3em'")
    assert [selector for selector in links if not page.locator(selector).evaluate(ONE_LINE)] == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_on_a_phone_a_sessions_export_links_each_stay_on_one_line(tab, server, settings, lang):  # noqa: F811
    """"Calendar / invitation (.ics)" and "日历邀请 / （.ics）" broke across two lines at 390 px."""
    from kb.store import Store

    with Store(settings.db) as store:
        session_id = store.create_session({"title": "供应商交付经验分享会", "scheduled_at": "2026-12-15T14:30"},
                                          actor="carl")
    page = tab(lang, width=390, height=800, timeout=60_000, user="carl")
    page.goto(f"{server}/sessions/{session_id}")
    links = ("#export-md", "#print-view", "#export-ics")
    assert [selector for selector in links if not page.locator(selector).evaluate(ONE_LINE)] == []


@pytest.mark.parametrize(("lang", "labels"), [("zh", ["姓名", "语言", "频率"]), ("en", ["Name", "Language", "How often"])])
def test_on_a_phone_a_subscriber_card_names_its_cells(tab, server, settings, lang, labels):  # noqa: F811
    """The row read "李娜 & Co  Chinese  Weekly  Active" under the address: which value was the name?"""
    from kb.store import Store

    with Store(settings.db) as store:
        store.add_subscriber("li@example.org", name="李娜 & Co", language="zh")
    page = tab(lang, width=390, height=800, user="carl")
    page.goto(server + "/curate/subscribers")
    cells = page.locator("table.docs tbody tr").first.locator("td")
    shown = [cells.nth(i).evaluate("td => getComputedStyle(td, '::before').content").strip('"').strip()
             for i in (1, 2, 3)]
    assert shown == labels and cells.nth(1).inner_text().endswith("李娜 & Co")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_on_a_phone_each_browse_sort_stays_whole(tab, server, lang):  # noqa: F811
    """"Recently added" broke after "Recently" at 390 px: the sorts wrap between them, never inside one."""
    page = _page(tab, 390, lang)
    page.goto(server + "/browse?sort=ingested")
    sorts = page.locator(".sorts a, .sorts strong")  # the chosen one is no link (as on search)
    assert sorts.count() == 5
    page.evaluate("document.querySelector('.sorts').style.width = '12em'")  # the narrowest room it could have
    assert [sorts.nth(i).inner_text() for i in range(5) if not sorts.nth(i).evaluate(ONE_LINE)] == []


@pytest.mark.parametrize(("width", "lang", "chip"), [(390, "zh", "2000年1月1日–2100年1月1日新增 ✕"),
                                                     (1280, "en", "Added Jan 1, 2000–Jan 1, 2100 ✕")])
def test_the_added_filter_chip_fits_and_its_click_removes_the_filter(tab, server, width, lang, chip):  # noqa: F811
    page = _page(tab, width, lang)
    page.goto(server + "/browse?added=2000-01-01..2100-01-01&sort=title")
    link = page.locator("#added-filter a.chip")
    assert link.inner_text() == chip and link.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scrolling
    link.click()
    page.wait_for_url("**/browse?sort=title")
    assert page.locator("#added-filter").count() == 0 and page.locator("table.docs tbody tr").count() > 0


LONG_TITLE = {"en": "Warehouse management system go-live retrospective with the vendor and the operations team",
              "zh": "仓储管理系统上线与供应商及运营团队联合复盘会议纪要（第三阶段，全体成员）"}
LONG_PROJECT = {"en": "WMS-2025 regional distribution centre rollout", "zh": "华东区域配送中心仓储系统推广项目"}
GIVES_WAY = (".heading", ".other-language")


def _similar_pages(settings) -> list[str]:
    """A lesson's page, a document's page and a share session's page, each with its list of similar lessons."""
    from kb.store import Store

    with Store(settings.db) as store:
        lesson_id = store.conn.execute("SELECT min(id) FROM lessons").fetchone()[0]
        key = store.rows("SELECT key FROM documents ORDER BY key LIMIT 1")[0]["key"]
        session_id = store.create_session({"title": "测试环境经验分享会", "theme": "测试环境没有准备好"}, actor="carl")
    return [f"/lessons/{lesson_id}", f"/documents/{key}", f"/sessions/{session_id}"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_on_a_phone_a_similar_lessons_header_is_one_line(tab, server, settings, lang):  # noqa: F811
    """On a share session's page a similar lesson's header (its heading and how it was found) wrapped at 390 px, the
    hint on a line of its own; it is one line as on the search page, a long heading ending in "…" with all of it in
    its title. In the sidebar of a lesson's and a document's page the heading is a line of its own below the header,
    wrapping whole (test_browser_sidebar.py). Its document and project are a line of their own below the header
    (test_browser_sidebar.py: in the header a long title was cut to a character or two)."""
    paths = _similar_pages(settings)
    page = tab(lang, width=390, height=800, timeout=60_000, user="carl")
    for path in paths:
        page.goto(server + path)
        headers = page.locator(".hit-meta")
        assert headers.count() >= 1 and page.locator(".hit").first.locator("> .source a").count() == 1, path
        assert page.locator(".hit-meta .source").count() == 0, path
        one_line = path.startswith("/sessions/")
        assert not one_line or [i for i in range(headers.count()) if not headers.nth(i).evaluate(SIDE_BY_SIDE)] == []
        assert page.evaluate("sel => Array.from(document.querySelectorAll(sel)).every(e => e.title === e.textContent)",
                             ", ".join(".hit-meta " + s for s in GIVES_WAY)), path  # as the server wrote them
        page.evaluate("""([title, project, heading]) => document.querySelectorAll('.hit-meta').forEach(m => {
            const source = m.parentElement.querySelector(':scope > .source'), name = m.querySelector('.heading');
            source.querySelector('a').textContent = title;
            (source.querySelector('.muted') || source.appendChild(document.createElement('span'))).textContent = project;
            if (name) { name.textContent = name.title = heading; } })""",
                      [LONG_TITLE[lang], " · " + LONG_PROJECT[lang], LONG_HEADING[lang]])
        cut = page.evaluate("sel => Array.from(document.querySelectorAll(sel)).filter(e => e.scrollWidth > e.clientWidth)"
                            ".map(e => [getComputedStyle(e).textOverflow, e.title === e.textContent])",
                            ", ".join(".hit-meta " + s for s in GIVES_WAY))
        if one_line:
            assert [i for i in range(headers.count()) if not headers.nth(i).evaluate(SIDE_BY_SIDE)] == [], path
            assert cut and all(c == ["ellipsis", True] for c in cut), path
        else:  # the sidebar: the heading on a line of its own, whole
            assert cut == [] and page.locator("aside.similar .hit-meta .heading").count(), path
        assert page.evaluate("Math.max(...Array.from(document.querySelectorAll('.hit-meta .how-found summary'))"
                             ".map(e => e.getBoundingClientRect().right)) <= window.innerWidth"), path
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1"), path


# what a select needs to show its chosen option whole: a copy holding that option alone, at its own width
CHOSEN_FITS = """el => { const copy = el.cloneNode(false); copy.append(el.options[el.selectedIndex].cloneNode(true));
  copy.style.cssText = 'position: absolute; width: max-content; max-width: none'; el.parentNode.append(copy);
  const needed = copy.getBoundingClientRect().width; copy.remove();
  return [needed, el.getBoundingClientRect().width, el.options[el.selectedIndex].text]; }"""


@pytest.mark.parametrize(("lang", "title"), [("zh", "2026年第四季度供应商管理与交付延期经验分享会（华东区）"),
                                             ("en", "Cut-over and data migration lessons from the ERP and WMS rollouts")])
def test_on_a_phone_the_add_to_session_list_shows_its_chosen_session_whole(tab, server, settings, lang,  # noqa: F811
                                                                            title):
    """At 390 px the list beside "Add to session" was 207-243 px wide and showed '2026年第四季度供应…（华东区） ·',
    the date that tells two sessions of one name apart cut off; a list too wide for the row takes a line of its
    own, the button below it. Search results, a document's lessons and a lesson's similar ones."""
    from kb.store import Store

    with Store(settings.db) as store:
        store.create_session({"title": title, "scheduled_at": "2099-12-15T14:30"}, actor="carl")
    page = tab(lang, width=390, height=800, timeout=60_000, user="carl")
    cut = []
    for path in ("/?q=" + ("测试环境" if lang == "zh" else "test environment"), "/documents/erp/retro",
                 "/documents/mes/pm"):
        page.goto(server + path)
        lists = page.locator(".add-session select")
        assert lists.count() >= 2, path
        for i in range(lists.count()):
            needed, width, label = lists.nth(i).evaluate(CHOSEN_FITS)
            assert label.endswith("2099-12-15"), label
            if needed > width + 1:
                cut.append((path, i, round(needed), round(width)))
            button = lists.nth(i).evaluate("el => [el.closest('form').querySelector('button')"
                                           ".getBoundingClientRect().right, el.closest('form').parentNode"
                                           ".getBoundingClientRect().right]")
            assert button[0] <= button[1] + 1, (path, i)  # the button inside its card
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    assert not cut
