"""A curator's pages in a real Chromium where only a browser shows the problem: the printable agenda on a phone
(a phone's browser, with its layout viewport, not a narrow desktop window), and forms left open in a second tab."""

from __future__ import annotations

import pytest

from kb.store import Store, Target
from tests.web.browsing import logged_in_page, open_page
from tests.web.test_browser import browser, kept, server, tab  # noqa: F401 (the fixtures of the browser tests)

pytestmark = pytest.mark.slow


@pytest.fixture
def scheduled(settings):
    """A scheduled session with one lesson on its agenda: what attendees open."""
    with Store(settings.db) as store:
        lesson = store.rows("SELECT id FROM lessons ORDER BY id LIMIT 1")[0]["id"]
        session_id = store.create_session({"title": "12月经验分享会：数据迁移", "scheduled_at": "2026-12-15T14:30",
                                           "location": "3楼大会议室"})
        store.add_session_item(session_id, lesson)
        store.set_session_status(session_id, "scheduled")
    return session_id


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_printable_agenda_is_laid_out_for_a_phone(browser, server, scheduled, lang):  # noqa: F811
    """An attendee opening the agenda on a phone got it laid out 980 px wide and shrunk to fit: no viewport."""
    page = open_page(browser, server, lang=lang, width=390, height=844, is_mobile=True, has_touch=True)
    try:
        page.goto(f"{server}/sessions/{scheduled}/print")
        assert page.inner_text("h1") == "12月经验分享会：数据迁移"
        assert page.evaluate("window.innerWidth") == 390
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.goto(f"{server}/sessions/{scheduled}")  # and the session page, as it was
        assert page.evaluate("window.innerWidth") == 390
    finally:
        page.context.close()


def test_a_details_form_left_open_in_another_tab_keeps_the_change_made_since(browser, server, scheduled):  # noqa: F811
    """Two tabs on one session: the location changed in one, then the title saved in the other, whose form still
    showed the old location (and a description on two lines, which a browser sends back with CR LF)."""
    page = logged_in_page(browser, server, "carl", lang="zh", timeout=20_000)
    try:
        page.goto(f"{server}/sessions/{scheduled}")
        page.fill("#session-details textarea[name=description]", "第一行\n第二行")
        page.click("#session-details form.stack button[type=submit]")
        other = page.context.new_page()
        other.goto(f"{server}/sessions/{scheduled}")
        page.reload()
        other.fill("#session-details input[name=location]", "5楼培训室")
        other.click("#session-details form.stack button[type=submit]")
        other.wait_for_selector(".flash")
        page.fill("#session-details input[name=title]", "12月经验分享会（修订）")
        page.click("#session-details form.stack button[type=submit]")
        assert page.inner_text(".flash") == "已保存。其间在别处修改的内容已保留：地点（现为“5楼培训室”）。"
        assert page.inner_text("h1").startswith("12月经验分享会（修订）")
        assert page.input_value("#session-details input[name=location]") == "5楼培训室"
        assert page.input_value("#session-details textarea[name=description]") == "第一行\n第二行"

        other.reload()  # the same field in both: nothing saved, said, the form as typed
        page.fill("#session-details input[name=location]", "2楼小会议室")
        other.fill("#session-details input[name=location]", "6楼")
        other.click("#session-details form.stack button[type=submit]")
        page.click("#session-details form.stack button[type=submit]")
        assert "地点（现为“6楼”）" in page.inner_text("#session-details .error-box")
        page.wait_for_selector("#session-details .error-box:focus")  # in sight, at the form (not wait_for_function: CSP)
        assert page.input_value("#session-details input[name=location]") == "2楼小会议室"
        page.click("#session-details form.stack button[type=submit]")  # saved again, knowingly
        assert page.inner_text(".flash") == "已保存。"
        assert page.input_value("#session-details input[name=location]") == "2楼小会议室"
    finally:
        page.context.close()


def test_an_item_removed_in_another_tab_is_said_at_the_agenda_not_a_404_page(browser, server, settings, scheduled):  # noqa: F811
    """Move (sent by the page's script) and save a note on an item another tab has removed."""
    with Store(settings.db) as store:
        lesson = store.rows("SELECT id FROM lessons ORDER BY id DESC LIMIT 1")[0]["id"]
        store.add_session_item(scheduled, lesson)
        first = store.session(scheduled)["items"][0]["id"]
    page = logged_in_page(browser, server, "carl", lang="zh", timeout=20_000)
    try:
        page.goto(f"{server}/sessions/{scheduled}")
        noting = page.context.new_page()  # a third tab, also opened before the item went
        noting.goto(f"{server}/sessions/{scheduled}")
        other = page.context.new_page()
        other.goto(f"{server}/sessions/{scheduled}")
        other.click(f"#item-{first} button.danger")
        other.wait_for_selector(f"#item-{first}", state="detached")
        page.click(f"#item-{first} button[name=move-down]")
        page.wait_for_selector("#agenda .flash.error")
        assert "这个议程项已不在议程中" in page.inner_text("#agenda .flash.error")
        assert page.locator("li.agenda-item").count() == 1
        noting.click(f"#item-{first} summary")
        noting.fill(f"#item-{first} input[name=note]", "重点讲三轮演练")
        noting.click(f"#item-{first} .item-notes button[type=submit]")
        assert "404" not in noting.inner_text("main")
        assert "未保存的内容（照你填写的）：重点讲三轮演练" in noting.inner_text("#agenda .flash.error")
    finally:
        page.context.close()


def test_removing_an_item_with_its_presenter_and_notes_asks_first(browser, server, settings, scheduled):  # noqa: F811
    """An item's presenter, time, note and minutes went with it at one click of Remove; a bare item still goes at once."""
    with Store(settings.db) as store:
        lesson = store.rows("SELECT id FROM lessons ORDER BY id DESC LIMIT 1")[0]["id"]
        bare = store.add_session_item(scheduled, lesson)
        filled = store.session(scheduled)["items"][0]["id"]
        store.update_session_item(scheduled, filled, presenter="王磊", note="重点讲三轮演练")
    page = logged_in_page(browser, server, "carl", lang="zh", timeout=20_000)
    asked: list[str] = []
    try:
        page.goto(f"{server}/sessions/{scheduled}")
        page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
        page.click(f"#item-{filled} button.danger")
        assert asked == ["从议程中移除这一项？它的分享人、时间、备注和纪要也会一并删除。"]
        assert page.locator(f"#item-{filled}").count() == 1  # kept: the question was answered No
        page.click(f"#item-{bare} button.danger")  # nothing filled in: no question
        page.wait_for_selector(f"#item-{bare}", state="detached")
        assert asked == ["从议程中移除这一项？它的分享人、时间、备注和纪要也会一并删除。"]
        page.once("dialog", lambda d: d.accept())
        page.click(f"#item-{filled} button.danger")
        page.wait_for_selector(f"#item-{filled}", state="detached")
    finally:
        page.context.close()


LONG_TAG = "很长的标签" * 40  # 200 characters, pasted


def test_a_tag_too_long_is_said_not_cut_and_many_tags_fit_in_one_go(tab, server, settings):  # noqa: F811
    """The tag field cut a 200-character paste to 60 without a word (maxlength), making a truncated tag; and it cut
    several tags typed with commas as soon as they passed 60 characters together."""
    with Store(settings.db) as store:
        lesson = store.rows("SELECT id FROM lessons ORDER BY id LIMIT 1")[0]["id"]
    page = tab("zh", timeout=20_000, user="carl")
    page.goto(f"{server}/lessons/{lesson}")
    field = page.locator("form.js-tag-add input[name=tag]")
    field.fill(LONG_TAG)
    page.click("form.js-tag-add button[type=submit]")
    said = page.locator("form.js-tag-add + .add-status")
    said.wait_for()
    assert "超过 60 个字符" in said.inner_text()
    assert field.input_value() == LONG_TAG  # kept, to shorten
    with Store(settings.db) as store:
        assert not store.rows("SELECT 1 FROM tags WHERE name LIKE '很长的标签%'")
    many = "数据迁移, 割接演练, 供应商管理, 测试环境准备, 主数据清洗, 关键人员依赖, 上线切换计划, 业务签字确认, 回滚预案演练"
    assert len(many) > 60
    field.fill(many)
    with page.expect_navigation():
        page.click("form.js-tag-add button[type=submit]")
    shown = page.locator("section ul.tags").first.inner_text()
    assert all(name.strip() in shown for name in many.split(",")), shown


@pytest.mark.parametrize("lang, said", [("zh", "已经有标签“数据迁移”，无需再加。"),
                                        ("en", "Already tagged “数据迁移”: nothing to add.")])
def test_a_tag_the_lesson_has_already_is_said_in_place(tab, server, settings, lang, said):  # noqa: F811
    """Adding it again reloaded the page and said nothing: had it worked?"""
    with Store(settings.db) as store:
        lesson = store.rows("SELECT id FROM lessons ORDER BY id LIMIT 1")[0]["id"]
        store.add_tag(Target("lesson", str(lesson)), "数据迁移", actor="carl")
    page = tab(lang, timeout=20_000, user="carl")
    page.goto(f"{server}/lessons/{lesson}")
    page.fill("form.js-tag-add input[name=tag]", "数据迁移")
    page.click("form.js-tag-add button[type=submit]")
    status = page.locator("form.js-tag-add + .add-status")
    status.wait_for()
    assert status.inner_text() == said and "error" not in (status.get_attribute("class") or "")
