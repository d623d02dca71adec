"""Reordering an agenda in a real Chromium with real mouse input (page.mouse: pointer down, moves, up), not
synthetic events: the item goes where the pointer lets it go, the order is saved, and the move buttons at the ends
are disabled."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from kb.store import Store
from tests.web.browsing import logged_in_page
from tests.web.test_browser import browser, kept, server, tab  # noqa: F401 (the fixtures of the browser tests)
from tests.web.test_browser_layout import CHOSEN_FITS
from tests.web.test_print_view import IPHONE

pytestmark = pytest.mark.slow


@pytest.fixture
def agenda(settings):
    with Store(settings.db) as store:
        lessons = [r["id"] for r in store.rows("SELECT id FROM lessons ORDER BY id LIMIT 4")]
        session_id = store.create_session({"title": "拖放排序", "scheduled_at": "2026-12-15T14:30"})
        items = [store.add_session_item(session_id, lesson) for lesson in lessons]
        for item, minutes in zip(items, (10, 20, 30, 40), strict=True):
            store.update_session_item(session_id, item, duration_minutes=minutes)
    return session_id, items


def _open(browser, server, session_id, width):  # noqa: F811 (the fixture)
    page = logged_in_page(browser, server, "carl", lang="zh", width=width, timeout=20_000)
    page.goto(f"{server}/sessions/{session_id}")
    page.evaluate("document.querySelector('h2').scrollIntoView()")  # the agenda's heading at the top
    return page


def _bottom(locator) -> float:
    box = locator.bounding_box()
    return box["y"] + box["height"]


def _order(page):
    return [int(x) for x in page.eval_on_selector_all("li.agenda-item", "els => els.map(e => e.dataset.item)")]


def _drag(page, item_id, target_id, where):
    """Press on an item's handle, move the mouse in steps onto a point of another item (``where``: the fraction of
    its height from its top), release; wait for the order to be saved."""
    handle = page.locator(f"#item-{item_id} .drag-handle").bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    target = page.locator(f"#item-{target_id}").bounding_box()
    with page.expect_response(re.compile(r"/order$")) as response:
        page.mouse.move(target["x"] + 40, target["y"] + target["height"] * where, steps=12)
        page.mouse.up()
    assert response.value.ok
    page.wait_for_selector("ol.agenda-list:not([aria-busy])")  # redrawn from the server


def _disabled(page):
    return [(page.locator(f"li.agenda-item >> nth={i} >> button[name=move-up]").is_disabled(),
             page.locator(f"li.agenda-item >> nth={i} >> button[name=move-down]").is_disabled())
            for i in range(page.locator("li.agenda-item").count())]


@pytest.mark.parametrize("width", [1280, 390])
def test_drag_and_drop_with_the_mouse_reorders_as_the_pointer_says(browser, server, agenda, width):  # noqa: F811
    session_id, (a, b, c, d) = agenda
    page = _open(browser, server, session_id, width)
    assert _order(page) == [a, b, c, d]
    assert _disabled(page) == [(True, False), (False, False), (False, False), (False, True)]

    _drag(page, d, a, 0.2)  # onto the top of the first item: before it
    assert _order(page) == [d, a, b, c]
    assert _disabled(page) == [(True, False), (False, False), (False, False), (False, True)]
    _drag(page, a, c, 0.8)  # onto the bottom of the last item: after it
    assert _order(page) == [d, b, c, a]
    _drag(page, b, c, 0.7)  # onto the lower half of the next one: after it
    assert _order(page) == [d, c, b, a]
    assert _disabled(page) == [(True, False), (False, False), (False, False), (False, True)]
    assert page.inner_text("#agenda-total").endswith("14:30–16:10")

    page.reload()  # the server has the order the page showed
    assert _order(page) == [d, c, b, a]
    slots = [s.strip() for s in page.locator("li.agenda-item .slot").all_inner_texts()]
    assert [re.split("[ （]", s)[0] for s in slots] == ["14:30–15:10", "15:10–15:40", "15:40–16:00", "16:00–16:10"]
    assert page.evaluate("window.getSelection().toString()") == ""  # dragging selected no text
    page.context.close()


def test_a_finger_on_the_handle_drags_the_item_instead_of_scrolling_the_page(browser, server, agenda):  # noqa: F811
    """On a phone a finger on ⠿ scrolled the page: the handle, an inline span, took no ``touch-action: none`` (CSS
    applies it to no inline box), so Chromium started a pan and cancelled the pointer after its first move. Real
    touch input (Chrome DevTools Protocol touch events, as a touch screen sends them), not the mouse."""
    session_id, (a, b, c, d) = agenda
    page = logged_in_page(browser, server, "carl", lang="zh", width=390, height=844, timeout=20_000,
                          has_touch=True, is_mobile=True, user_agent=IPHONE)
    page.goto(f"{server}/sessions/{session_id}")
    page.locator(f"#item-{a}").scroll_into_view_if_needed()
    handle, target = page.locator(f"#item-{b} .drag-handle").bounding_box(), page.locator(f"#item-{a}").bounding_box()
    assert handle["y"] + handle["height"] < page.viewport_size["height"]  # both on the screen, to be touched
    x, y = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    with page.expect_response(re.compile(r"/order$"), timeout=5_000) as response:
        for step in range(1, 11):  # onto the top of the first item
            to = y + (target["y"] + target["height"] * 0.2 - y) * step / 10
            cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": to}]})
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    assert response.value.ok
    page.wait_for_selector("ol.agenda-list:not([aria-busy])")
    page.reload()
    assert _order(page) == [b, a, c, d]
    page.context.close()


def test_an_items_start_is_typed_as_the_page_writes_times_not_in_the_browsers_clock(browser, server, agenda):  # noqa: F811
    """The start was an <input type=time>: Chromium showed "02:30 PM" in it, on a Chinese page that writes the same
    time 14:30 beside it (a browser in English, or a headless one whatever its locale), and 14点30分 could not be
    typed. Now text, its format said beside it, read as a session's time is."""
    session_id, (_a, b, _c, _d) = agenda
    page = logged_in_page(browser, server, "carl", lang="zh", width=390, height=844, timeout=20_000, user_agent=IPHONE)
    page.goto(f"{server}/sessions/{session_id}")
    page.locator(f"#item-{b} details.item-edit summary").click()
    field = page.locator(f"#item-{b} input[name=starts_at]")
    expect(page.locator(f"#item-{b} .item-notes")).to_contain_text("例如 14:30（24 小时制）")
    field.fill("14点30分")
    with page.expect_navigation():
        page.locator(f"#item-{b} .item-notes button[type=submit]").click()
    assert page.locator(f"#item-{b} .slot").inner_text().startswith("14:30–14:50")  # 20 minutes (the fixture's)
    assert page.locator(f"#item-{b} input[name=starts_at]").input_value() == "14:30"
    page.context.close()


def test_a_press_and_release_without_a_move_changes_nothing(browser, server, agenda):  # noqa: F811
    session_id, items = agenda
    page = _open(browser, server, session_id, 1280)
    posted = []
    page.on("request", lambda r: posted.append(r.url) if r.method == "POST" else None)
    handle = page.locator(f"#item-{items[1]} .drag-handle").bounding_box()
    page.mouse.move(handle["x"] + 3, handle["y"] + 3)
    page.mouse.down()
    page.mouse.up()
    page.wait_for_timeout(300)
    assert _order(page) == items and posted == []
    page.context.close()


def test_up_and_down_from_the_keyboard_move_in_place_and_keep_the_focus(browser, server, agenda):  # noqa: F811
    """The buttons reloaded the page at its top: on a phone the curator lost the item and the focus after each
    press."""
    session_id, items = agenda
    page = _open(browser, server, session_id, 390)
    page.focus(f"#item-{items[1]} button[name=move-down]")
    with page.expect_response(re.compile(r"/move$")):
        page.keyboard.press("Enter")
    # the agenda is redrawn after the reply: wait for the item in its new place, not for the focus it had before
    # (wait_for_function is refused by the page's CSP)
    page.wait_for_selector(f"li.agenda-item:nth-child(3)#item-{items[1]} button[name=move-down]:focus")
    assert _order(page) == [items[0], items[2], items[1], items[3]]
    assert page.evaluate("document.activeElement.name") == "move-down" and page.evaluate("window.scrollY") > 0
    page.keyboard.press("Enter")  # again, from where the focus was left: to the end
    page.wait_for_selector(f"li.agenda-item:last-child#item-{items[1]} button[name=move-up]:focus")  # Down: disabled
    assert _disabled(page)[-1] == (False, True)
    page.context.close()


@pytest.mark.parametrize(("lang", "added", "on"), [("zh", "已加入“拖放排序”。", "已在议程中"),
                                                   ("en", "Added to “拖放排序”.", "On the agenda")])
def test_add_to_session_from_search_results_keeps_the_place_and_says_so_in_place(
        browser, server, agenda, settings, lang, added, on):  # noqa: F811
    """The page reloaded at its top after each 'Add to session': on a phone, a curator adding a result far down the
    list scrolled back to it each time."""
    session_id, _items = agenda
    with Store(settings.db) as store:
        on_agenda = {i["lesson_id"] for i in store.session(session_id)["items"]}
    page = logged_in_page(browser, server, "carl", lang=lang, width=390, height=500, timeout=20_000)
    page.goto(f"{server}/?q=vendor")
    forms = page.locator("form.add-session")
    form = next(forms.nth(i) for i in reversed(range(forms.count()))
                if int(forms.nth(i).locator("input[name=lesson_id]").input_value()) not in on_agenda)
    form.locator("button").focus()
    lesson_id = int(form.locator("input[name=lesson_id]").input_value())
    top = page.evaluate("window.scrollY")
    assert top > 0
    with page.expect_response(re.compile(r"/sessions/items$")):
        page.keyboard.press("Enter")
    status = form.locator("xpath=following-sibling::p[contains(@class, 'add-status')]")  # under the form
    expect(status).to_have_text(added)  # written after the reply is read: waited for, not read at once
    assert page.evaluate("window.scrollY") == top
    # the message under the form, not in it: as a wrapping row inside the form it pushed the button under the list;
    # the list and its button stay as they were (beside each other, or the button below a list too wide for the row
    # beside it, which shows its chosen session whole: tests/web/test_browser_layout.py)
    assert form.evaluate("""f => { const s = f.nextElementSibling, b = f.querySelector('button');
      return s.matches('p.add-status') && s.getBoundingClientRect().top >= b.getBoundingClientRect().bottom - 1; }""")
    needed, width, _label = form.locator("select").evaluate(CHOSEN_FITS)
    assert needed <= width + 1
    with Store(settings.db) as store:
        assert lesson_id in [i["lesson_id"] for i in store.session(session_id)["items"]]
    # now on the agenda: the button says so (it said "加入分享会" and a second click failed with "已在本次议程中")
    expect(form.locator("button")).to_have_text(on)
    expect(form.locator("button")).to_have_attribute("aria-disabled", "true")
    expect(form.locator("xpath=ancestor::div[contains(@class, 'hit')]//span[contains(@class, 'on-agenda')]")).to_be_visible()
    requests = []
    page.on("request", lambda r: requests.append(r.url) if r.method == "POST" else None)
    assert form.locator("button").evaluate("b => b === document.activeElement")  # the focus stayed on it
    page.keyboard.press("Enter")  # a second time: nothing sent, the button keeps the focus
    page.wait_for_timeout(300)
    assert requests == [] and form.locator("button").evaluate("b => b === document.activeElement")
    expect(status).not_to_have_class(re.compile(r"\berror\b"))
    assert page.evaluate("window.scrollY") == top and status.count() == 1
    page.context.close()


def test_search_results_say_which_hits_are_on_the_chosen_session_and_follow_the_choice(
        browser, server, agenda, settings):  # noqa: F811
    """The hits already on the session chosen in "加入分享会" were found out by clicking ("经验 105 已在本次议程中")."""
    session_id, _items = agenda
    page = logged_in_page(browser, server, "carl", lang="zh", width=1280, timeout=20_000)
    page.goto(f"{server}/?q=测试环境")
    shown = [int(x) for x in page.eval_on_selector_all("form.add-session input[name=lesson_id]",
                                                       "els => els.map(e => e.value)")]
    with Store(settings.db) as store:
        other = store.create_session({"title": "另一场", "scheduled_at": "2026-12-20T14:30"})
        for lesson in shown[:1]:
            if lesson not in {i["lesson_id"] for i in store.session(session_id)["items"]}:
                store.add_session_item(session_id, lesson)
        held = {i["lesson_id"] for i in store.session(session_id)["items"]}
    assert set(shown) & held and set(shown) - held  # some hits on it, some not
    page.reload()
    forms = page.locator("form.add-session")
    forms.last.locator("select").select_option(str(session_id))  # chosen in one list: chosen in every list
    for i in range(forms.count()):
        form, lesson = forms.nth(i), shown[i]
        expect(form.locator("select")).to_have_value(str(session_id))
        expect(form.locator("button")).to_have_text("已在议程中" if lesson in held else "加入分享会")
        badge = form.locator("xpath=ancestor::div[contains(@class, 'hit')]//span[contains(@class, 'on-agenda')]")
        expect(badge).to_be_visible() if lesson in held else expect(badge).to_be_hidden()
    forms.first.locator("select").select_option(str(other))  # the other session has none of them
    for i in range(forms.count()):
        expect(forms.nth(i).locator("button")).to_have_text("加入分享会")
        expect(forms.nth(i).locator("button")).not_to_have_attribute("aria-disabled", "true")
    page.context.close()


def test_a_sessions_description_and_an_items_minutes_keep_their_lines(browser, server, settings):  # noqa: F811
    """A description typed on three lines showed as one ('议程说明 第二行 第三行'), on the page and in the print view,
    and so did an agenda item's minutes on a reader's page."""
    with Store(settings.db) as store:
        lesson = store.rows("SELECT id FROM lessons ORDER BY id LIMIT 1")[0]["id"]
        session_id = store.create_session({"title": "多行", "scheduled_at": "2026-12-15T14:30",
                                           "description": "议程说明\n第二行\n第三行"})
        item = store.add_session_item(session_id, lesson)
        store.update_session_item(session_id, item, minutes="结论一\n结论二")
        store.set_session_status(session_id, "scheduled")
    page = logged_in_page(browser, server, "rita", lang="zh", width=390, timeout=20_000)  # a reader: minutes as text
    try:
        page.goto(f"{server}/sessions/{session_id}")
        assert page.inner_text("p.description") == "议程说明\n第二行\n第三行"
        assert page.inner_text("li.agenda-item .minutes").endswith("结论一\n结论二")
        page.goto(f"{server}/sessions/{session_id}/print")
        assert page.inner_text("p.description") == "议程说明\n第二行\n第三行"
        assert page.inner_text("li p.note").endswith("结论一\n结论二")
    finally:
        page.context.close()


def test_the_print_views_button_prints_and_a_phone_is_told_how(browser, server, agenda):  # noqa: F811
    """"Ctrl+P" was said on a phone, which has no keyboard to press it on."""
    session_id, _items = agenda
    page = logged_in_page(browser, server, "carl", lang="zh", width=390, timeout=20_000, user_agent=IPHONE)
    page.goto(f"{server}/sessions/{session_id}/print")
    expect(page.locator("nav.screen-only .print-hint")).to_have_text("如需打印或存为 PDF，请在浏览器菜单或“分享”中选择“打印”。")
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")  # no dialog here
    button = page.locator("button.js-print")
    expect(button).to_be_visible()
    expect(button).to_have_text("打印")
    button.click()
    assert page.evaluate("window.printed") == 1
    page.context.close()


def test_the_print_view_wraps_a_long_word_on_a_phone_and_on_paper(browser, server, settings):  # noqa: F811
    """The print view has a style sheet of its own, without the pages' overflow-wrap: a 102-letter word in a session's
    title, theme and location ran 550 px past a 390 px phone's right edge (the facts table too), and off an A4
    page's side on paper."""
    word = "Supercalifragilisticexpialidocious" * 3
    with Store(settings.db) as store:
        session_id = store.create_session({"title": f"{word} 供应商管理经验分享会", "theme": word, "location": word,
                                           "scheduled_at": "2026-12-15T14:30"})
        store.add_session_item(session_id, store.rows("SELECT id FROM lessons ORDER BY id LIMIT 1")[0]["id"])
    page = logged_in_page(browser, server, "carl", lang="en", width=390, timeout=20_000, is_mobile=True)
    page.goto(f"{server}/sessions/{session_id}/print")
    page.wait_for_load_state("load")
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], widths
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 680, "height": 900})  # A4 inside 2 cm margins, at 96 px an inch
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], widths
    page.context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_an_items_save_button_comes_under_its_minutes_on_a_phone(browser, server, agenda, width):  # noqa: F811
    """At 390 px Save sat beside the Minutes box and squeezed it to half the form's width; on a wide screen it
    stays at the end of the last row of fields."""
    session_id, items = agenda
    page = _open(browser, server, session_id, width)
    page.locator(f"#item-{items[0]} details.item-edit summary").click()
    minutes = page.locator(f"#item-{items[0]} .item-notes textarea[name=minutes]").bounding_box()
    save = page.locator(f"#item-{items[0]} .item-notes button[type=submit]").bounding_box()
    form = page.locator(f"#item-{items[0]} .item-notes").bounding_box()
    if width < 600:
        assert save["y"] >= minutes["y"] + minutes["height"], (minutes, save)  # under it
        assert minutes["width"] >= form["width"] * 0.9, (minutes, form)  # the box the whole width of the form
    else:
        assert save["x"] >= minutes["x"] + minutes["width"], (minutes, save)  # beside it, as before
    page.context.close()


@pytest.mark.parametrize(("lang", "width"), [("zh", 1280), ("en", 1280), ("zh", 390)])
def test_an_items_note_and_minutes_are_counted_under_their_boxes(tab, server, agenda, lang, width):  # noqa: F811
    """The minutes' count (after Save, on a line of its own) stood at the start of the row at 1280 px, under the
    presenter's box, three boxes away from the minutes it counted; the note, cut at 2,000 by its box, had none. Each
    count is now under its box, at its left edge, and Save stays beside the minutes on a wide screen."""
    session_id, items = agenda
    page = tab(lang, width=width, user="carl")
    page.goto(f"{server}/sessions/{session_id}")
    form = page.locator(f"#item-{items[0]} .item-notes")
    page.locator(f"#item-{items[0]} details.item-edit summary").click()
    form.locator("input[name=note]").fill("备" * 1_900)
    form.locator("textarea[name=minutes]").fill("m" * 20_004)
    for name, says in (("note", "1,900"), ("minutes", "20,004")):
        box = form.locator(f"[name={name}]").bounding_box()
        count = form.locator(f"#{name}-count-{items[0]}")
        expect(count).to_contain_text(says)
        at = count.bounding_box()
        assert abs(at["x"] - box["x"]) < 1 and 0 <= at["y"] - (box["y"] + box["height"]) < 12, (name, box, at)
    minutes = form.locator("textarea[name=minutes]").bounding_box()
    save = form.locator("button[type=submit]").bounding_box()
    if width > 600:
        assert save["x"] >= minutes["x"] + minutes["width"], (minutes, save)  # beside it, as before
        # the boxes in line, counted or not: the counted ones rose a line above the presenter's (align-items: end)
        bottoms = {name: round(_bottom(form.locator(f"[name={name}]")))
                   for name in ("presenter", "starts_at", "duration_minutes", "note", "minutes")}
        assert len(set(bottoms.values())) == 1, bottoms
    else:
        assert save["y"] >= minutes["y"] + minutes["height"], (minutes, save)  # under it and its count
