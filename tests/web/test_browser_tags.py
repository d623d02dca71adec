"""The tags page in a real Chromium: the filter box narrows the cloud as one types (names and synonyms, both
scripts), and the add-tag field offers the existing tags."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from kb.store import Store, Target
from tests.web.browsing import log_in, logged_in_page, open_page
from tests.web.test_browser import browser, kept, server, tab  # noqa: F401 (the fixtures of the browser tests)
from web.views import documents

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_filter_narrows_the_cloud_as_one_types(browser, server, settings, lang):  # noqa: F811
    with Store(settings.db) as store:
        store.add_tag(Target("document", "crm/retro"), "Data migration")
        store.add_synonyms(["数据迁移", "data migration"])
    page = open_page(browser, server, lang=lang, width=390, height=800, locale=None)
    context = page.context
    page.goto(server + "/tags")
    total = page.locator("#tag-cloud li").count()
    assert total >= 3
    page.locator("#tag-filter").press_sequentially("迁移")  # the synonym's name finds the English tag
    assert page.locator("#tag-cloud li:visible").all_inner_texts()[0].startswith("Data migration")
    assert page.locator("#tag-cloud li:visible").count() == 1
    assert re.search(rf"\b1\b.*\b{total}\b|{total}.*\b1\b", page.inner_text("#tags-shown"))
    page.fill("#tag-filter", "")
    page.locator("#tag-filter").press_sequentially("zzz")
    assert page.locator("#tag-cloud li:visible").count() == 0 and page.locator("#no-tags-match").is_visible()
    page.fill("#tag-filter", "")
    page.locator("#tag-filter").press_sequentially(" ")
    assert page.locator("#tag-cloud li:visible").count() == total
    page.fill("#tag-filter", "供应")
    page.keyboard.press("Enter")  # the form still asks the server
    page.wait_for_url("**/tags?q=*")
    assert page.locator("#tag-cloud li").all_inner_texts()[0].startswith("供应商管理")
    context.close()


def test_the_add_tag_field_is_tied_to_a_list_of_existing_tags(tab, server):  # noqa: F811
    page = tab(None, user="carl")
    page.goto(server + "/documents/mes/pm")
    field = page.locator("#tags form.tag-add input[name=tag]")
    options = page.evaluate("el => Array.from(el.list.options).map(o => o.value)", field.element_handle())
    assert {"供应商管理", "environments"} <= set(options)  # el.list: the browser resolved the datalist
    field.focus()
    page.keyboard.type("供应商管理")
    page.keyboard.press("Enter")
    page.wait_for_selector("#tags li.tag >> text=供应商管理")


def test_the_rename_form_says_before_sending_that_an_existing_name_merges(browser, server):  # noqa: F811
    page = logged_in_page(browser, server, "carl", lang="zh", width=390)
    context = page.context
    page.goto(server + "/tags")
    page.fill("#rename-form input[name=old]", "environments")
    hint = page.locator("#rename-hint")
    page.locator("#rename-form input[name=new]").press_sequentially("环境")
    assert not hint.is_visible()
    page.fill("#rename-form input[name=new]", "")
    page.locator("#rename-form input[name=new]").press_sequentially("  供应商管理 ")
    assert hint.is_visible() and "“供应商管理”已经是一个标签" in hint.inner_text()
    page.click("#rename-form button")
    page.wait_for_selector("#merge-confirm")
    page.click("#merge-confirm button")
    page.wait_for_selector(".flash")
    assert "已将“environments”合并到“供应商管理”" in page.inner_text(".flash")
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.locator("table.history button", has_text="撤销").first.click()
    page.wait_for_selector(".flash >> text=已撤销")
    assert asked == ["撤销对标签“environments”的这次修改？"]  # a question in the page's language, not "撤销?"
    assert "environments" in page.locator("#tag-cloud").inner_text()
    # a wrong rename (the tag's own name) comes back with the focus in the field to correct, in sight: the page came
    # back at #manage, whose fragment stops Chromium's autofocus, the focus on the page (u-left5's finding);
    # autofocus is applied at the next rendering step (wait_for_function is refused by the CSP): times out if never
    page.fill("#rename-form input[name=old]", "environments")
    page.fill("#rename-form input[name=new]", "environments")
    page.click("#rename-form button")
    page.wait_for_selector("#rename-form input[name=new][aria-invalid=true]:focus")
    assert page.inner_text("#new-error") == "未改名：“environments”已是该标签的名称"
    assert page.eval_on_selector("#new-error", "el => el.getBoundingClientRect().bottom <= window.innerHeight")
    context.close()


@pytest.mark.parametrize(("lang", "says"), [("zh", "标签至少需要一个字母或汉字"),
                                           ("en", "A tag needs at least one letter or character")])
def test_a_tag_that_cannot_be_one_is_said_under_its_field_and_commas_make_several(tab, server, settings,  # noqa: F811
                                                                                   lang, says):
    """In place, through the page's script: '###' led to a 400 page linking back to search, the lesson lost; then
    the page reloaded at its top with the message there, far from the 4th lesson of the queue being tagged, and
    what was typed gone. It is said under the field, which keeps the text and the focus."""
    with Store(settings.db) as store:
        lessons = store.document("erp/retro")["lessons"]
    page = tab(lang, width=390, height=500, user="carl")
    page.goto(f"{server}/review")
    form = page.locator("li.queue-item").nth(3).locator("form.tag-add")
    form.scroll_into_view_if_needed()
    top = page.evaluate("window.scrollY")
    assert top > 0
    page.evaluate("window.notReloaded = true")
    form.locator("input[name=tag]").fill("###")
    form.locator("button").click()
    status = form.locator("xpath=following-sibling::p[contains(@class, 'add-status')]")
    expect(status).to_have_text(says)
    expect(status).to_have_class(re.compile(r"\berror\b"))
    assert page.evaluate("window.notReloaded") and page.evaluate("window.scrollY") == top
    assert form.locator("input[name=tag]").input_value() == "###"
    assert page.evaluate("document.activeElement.name") == "tag"
    page.goto(f"{server}/lessons/{lessons[0]['id']}")
    page.fill("form.tag-add input[name=tag]", "接口延期，测试环境")
    page.click("form.tag-add button")
    page.wait_for_selector("li.tag >> text=测试环境")
    # two tags from one entry, listed by name in pinyin order (ce before jie), as every tag list is
    own = page.locator("li.tag:not(.document-tags li)")  # not its document's, listed under them (供应商管理)
    assert [t.split("\n")[0] for t in own.all_inner_texts()] == ["测试环境", "接口延期"]


@pytest.mark.parametrize(("lang", "says"), [
    ("zh", "页面上的表单已过期（页面打开时间过长，或您重新登录过）；表单现已更新，您填写的内容仍在：请再提交一次"),
    ("en", ("The page's form had expired (the page was open a long time, or you logged in again); it is renewed and "
            "what you typed is kept: send it again"))])
def test_a_tag_sent_with_an_expired_form_token_is_kept_in_its_field_and_sent_again(browser, server, settings, lang,  # noqa: F811
                                                                                   says):
    """A document page left open while the curator logged in again (in another tab): adding a tag in place said
    "表单已过期…请刷新页面后重试", and the reload lost the tag typed. The field keeps it, the page's forms take a fresh
    token, and the same button sends it."""
    page = logged_in_page(browser, server, "carl", lang=lang)
    page.goto(f"{server}/documents/erp/retro")
    other = page.context.new_page()
    log_in(other, server, "carl")  # a new session: the token of the page left open is no longer this session's
    other.close()
    page.evaluate("window.notReloaded = true")
    form = page.locator("form.tag-add").first
    form.locator("input[name=tag]").fill("隔夜的标签")
    form.locator("button").click()
    status = form.locator("xpath=following-sibling::p[contains(@class, 'add-status')]")
    expect(status).to_have_text(says)
    assert page.evaluate("window.notReloaded") and form.locator("input[name=tag]").input_value() == "隔夜的标签"
    with Store(settings.db) as store:
        assert not store.tags(exact="隔夜的标签")  # nothing written with the stale token
    with page.expect_navigation():
        form.locator("button").click()  # sent again as it stands, with the fresh token
    page.wait_for_selector("li.tag >> text=隔夜的标签")
    with Store(settings.db) as store:
        assert store.tags(exact="隔夜的标签")
    page.context.close()


def _focused(page) -> str:
    """Where the keyboard is: the focused field's name, and the queue row or page it is in."""
    return page.evaluate("""(() => { const e = document.activeElement, row = e.closest('li.queue-item');
        return e.tagName.toLowerCase() + ':' + (e.name || '') + '@' + (row ? row.id : 'page'); })()""")


def test_tagging_from_the_keyboard_keeps_the_focus_on_the_items_tag_field(tab, server, settings):  # noqa: F811
    """The page reloads after a tag is added or removed in place, and the focus went back to the page's top: a
    curator tagging the 4th lesson of the queue started again from 'Skip to the content'."""
    page = tab("zh", width=390, height=600, user="carl")
    page.goto(f"{server}/review")
    row = page.locator("li.queue-item").nth(3)
    row_id = row.get_attribute("id")
    row.locator("form.tag-add input[name=tag]").focus()
    page.keyboard.type("键盘标签")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(f"#{row_id} li.tag").all_inner_texts()[0].startswith("键盘标签")
    assert _focused(page) == f"input:tag@{row_id}" and page.evaluate("window.scrollY") > 0
    page.keyboard.press("Shift+Tab")  # back to the tag's × ...
    with page.expect_navigation():
        page.keyboard.press("Enter")  # ... which removes it
    assert page.locator(f"#{row_id} li.tag").count() == 0
    assert _focused(page) == f"input:tag@{row_id}"
    with Store(settings.db) as store:
        lesson_id = store.document("erp/retro")["lessons"][0]["id"]
    page.goto(f"{server}/lessons/{lesson_id}")
    page.focus("form.tag-add input[name=tag]")
    page.keyboard.type("接口")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert _focused(page) == "input:tag@page"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_filters_count_groups_thousands_as_the_page_does(tab, server, settings, lang, monkeypatch):  # noqa: F811
    """The script wrote "1200 of 1206" beside the filter box where the page's heading said "1,206"."""
    monkeypatch.setattr(documents, "TAG_CLOUD_LIMIT", 5000)  # every tag listed: the script counts them
    with Store(settings.db) as store, store.transaction():
        for i in range(1200):
            store.ensure_tag(f"bulk {i:04d}")
    page = tab(lang, width=390, height=800)
    page.goto(server + "/tags")
    total = page.locator("#tag-cloud li").count()
    assert total > 1200 and page.inner_text("h1 .count") == f"{total:,}"
    page.locator("#tag-filter").press_sequentially("bulk")
    expect(page.locator("#tags-shown")).to_have_text(re.compile(rf"(?=.*\b1,200\b)(?=.*{total:,})"))


def test_a_cloud_of_the_most_used_tags_is_filtered_by_the_server(tab, server, settings, monkeypatch):  # noqa: F811
    """Narrowing the most used tags in the page would miss the others: the filter box asks the server instead."""
    monkeypatch.setattr(documents, "TAG_CLOUD_LIMIT", 2)
    with Store(settings.db) as store, store.transaction():
        for i in range(5):
            store.ensure_tag(f"bulk {i}")
    page = tab("en", width=1280, height=800)
    page.goto(server + "/tags")
    assert page.locator("#tag-cloud li").count() == 2 and page.locator("#tags-capped").is_visible()
    page.locator("#tag-filter").press_sequentially("bulk")
    assert page.locator("#tag-cloud li:visible").count() == 2 and page.inner_text("#tags-shown") == ""
    page.keyboard.press("Enter")
    page.wait_for_url("**/tags?q=bulk")
    assert page.locator("#tag-cloud li").count() == 5


@pytest.mark.parametrize("width", [1280, 390])
def test_the_synonym_form_s_button_stands_beside_its_field(tab, server, width):  # noqa: F811
    """Its label took the whole row at a desktop's width, leaving "Make synonyms" at the far end of the page, 450 px
    from the field it sends (Rename's and Merge's buttons stand beside theirs); on a phone the field stays on the
    screen."""
    page = tab("en", width=width, height=800, user="carl")
    page.goto(server + "/tags")
    field = page.locator("#synonym-form input[name=names]").bounding_box()
    button = page.locator("#synonym-form button[type=submit]").bounding_box()
    assert field["x"] + field["width"] <= width
    if width == 1280:  # on one line, the button next to the field
        assert abs(button["y"] - field["y"]) < 10 and 0 <= button["x"] - (field["x"] + field["width"]) < 24


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_on_a_phone_the_manage_forms_fields_line_up_under_their_words(tab, server, lang):  # noqa: F811
    """At 390 px each of Rename, To, Merge and Merge into set its words beside its field: four fields at four ragged
    starts and widths (重命名 61 px in, 改为 45, 合并到 61), the synonyms' field full width under its words. Now every
    field of the manage forms is under its words, at one left edge, one width, on the screen."""
    page = tab(lang, width=390, height=800, user="carl")
    page.goto(server + "/tags")
    boxes = {}
    for name in ("old", "new", "sources", "into", "names"):
        field = page.locator(f"section.manage input[name={name}]")
        label = field.locator("xpath=ancestor::label[1]")
        box, words = field.bounding_box(), label.bounding_box()
        assert abs(box["y"] - words["y"]) > 10, name  # under its words, not beside them
        boxes[name] = box
    lefts = {round(b["x"]) for b in boxes.values()}
    widths = {round(b["width"]) for b in boxes.values()}
    assert max(lefts) - min(lefts) <= 1 and max(widths) - min(widths) <= 1, (lefts, widths)
    assert all(b["x"] + b["width"] <= 390 for b in boxes.values())
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
