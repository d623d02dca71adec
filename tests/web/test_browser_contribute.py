"""A contributor in a real Chromium, in both languages: drops a file on the upload page, watches it being read,
corrects its title and publishes it, records a lesson, and finds both by search."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kb.store import Store
from tests.web.browsing import logged_in_page
from tests.web.test_browser import browser, kept, server, tab  # noqa: F401 (fixtures; importing skips without Chromium)
from tests.web.test_browser_layout import ONE_LINE

pytestmark = pytest.mark.slow

CASES = {
    "zh": {"file": "仓库搬迁复盘.md", "title": "仓库搬迁项目复盘（更正）", "project": "仓库搬迁",
           "text": ("---\ntitle: 仓库搬迁复盘\nproject: 仓库搬迁\ndate: 2025-03-01\n---\n# 仓库搬迁复盘\n\n## 经验教训\n"
                    "- 叉车外包商要在租约签署前预订，否则一个月内都排不上。\n"),
           "found_by": "叉车外包商", "lesson": "标签打印机要在搬迁前一周完成联调。", "lesson_query": "标签打印机",
           "labels": ("问题描述", "经验教训", "改进建议"), "heading": "经验教训"},
    "en": {"file": "warehouse-retro.md", "title": "Warehouse move retrospective (corrected)", "project": "Warehouse",
           "text": ("---\ntitle: Warehouse retro\nproject: Warehouse\ndate: 2025-03-01\n---\n# Warehouse retro\n\n"
                    "## Lessons learned\n- Book the forklift contractor before the lease is signed.\n"),
           "found_by": "forklift contractor", "lesson": "Rehearse the label printers a week before the move.",
           "lesson_query": "label printers", "labels": ("What happened", "The lesson", "What to do next time"),
           "heading": "Lesson(s) Learned"},
}


def _upload_notes(page) -> None:
    """Upload a small notes.md on the upload page and wait until it has been read."""
    page.set_input_files("#files", files=[{"name": "notes.md", "mimeType": "text/markdown",
                                          "buffer": b"# Notes\n\n## Lessons learned\n- Book cranes early.\n"}])
    page.click("#upload-button")
    page.wait_for_selector("section.upload[data-status=ready]")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_contributor_uploads_a_file_and_records_a_lesson(server, tab, contributor, lang):  # noqa: F811
    case = CASES[lang]
    page = tab(lang, user=contributor[0])
    page.goto(server + "/")
    page.click("nav.main-nav a[href='/contribute']")
    with page.expect_navigation():  # until the page has loaded: its deferred contribute.js listens for the drop,
        page.click("#go-upload")  # which on a busy machine came first, and nothing was chosen
    page.fill("input[name=project]", case["project"])
    # drop the file on the drop zone, as a user dragging it from the desktop would
    page.evaluate("""([name, text]) => {
        const data = new DataTransfer();
        data.items.add(new File([text], name, {type: "text/markdown"}));
        document.getElementById("dropzone").dispatchEvent(
            new DragEvent("drop", {dataTransfer: data, bubbles: true, cancelable: true}));
    }""", [case["file"], case["text"]])
    assert case["file"] in page.inner_text("#chosen")
    page.click("#upload-button")
    page.wait_for_selector("section.upload[data-status=ready]")  # read in the background; the page follows
    assert case["found_by"] in page.inner_text("section.upload")
    assert page.input_value("section.upload input[name=title]") != case["title"]
    page.fill("section.upload input[name=title]", case["title"])
    page.click("section.upload button.publish")
    page.wait_for_selector("article.document h1")
    assert page.inner_text("article.document h1") == case["title"]

    page.goto(server + "/contribute/record")
    for label in case["labels"]:
        assert label in page.inner_text("#record-form")
    page.fill("textarea[name=lesson]", case["lesson"])
    page.fill("input[name=project]", case["project"])
    page.select_option("select[name=kind]", "recommendation")
    page.click("#record-button")
    page.wait_for_selector("article.document")
    assert case["lesson"] in page.inner_text("article.document")
    assert page.locator("#content .rendered h2").all_inner_texts() == [case["heading"]]  # in the lesson's language

    for query, expected in ((case["found_by"], case["title"]), (case["lesson_query"], case["lesson"][:8])):
        page.goto(server + "/?mode=keyword&q=" + query)
        page.wait_for_selector("ol.groups li.group")
        assert expected in page.inner_text("ol.groups")
    page.goto(server + "/contribute")
    assert page.locator("table.contributions tbody tr").count() == 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_on_a_phone_what_was_understood_names_each_value(server, tab, contributor, lang):  # noqa: F811
    """At 390 px the table's header is hidden and each row becomes a card: a bare 「（未填写）」 said nothing of what
    was not set, so the cells after the title carry their column's name (shown before them by app.css)."""
    page = tab(lang, width=390, height=844, user=contributor[0])
    page.goto(server + "/contribute/upload")
    _upload_notes(page)
    assert page.eval_on_selector("table.understood thead", "el => el.getBoundingClientRect().height") <= 1
    shown = page.eval_on_selector_all("table.understood tbody td", """cells => cells.map(td =>
        (getComputedStyle(td, '::before').content.replace(/^"|"$/g, '') + td.innerText).trim())""")
    names = ("项目", "类型", "日期", "语言") if lang == "zh" else ("Project", "Type", "Date", "Language")
    for name, cell in zip(names, shown[1:], strict=True):
        assert cell.startswith(name), shown
    # the file's status stays one badge wherever the file name leaves it on the line ("已读取：请核对后发" / "布")
    page.eval_on_selector("section.upload h2", "el => { el.style.width = '6em'; }")
    assert page.eval_on_selector("section.upload h2 .status", ONE_LINE)


@pytest.mark.parametrize(("lang", "left_out"), [("zh", "已略去（不是可读取的文件类型）：site-photo.jpg、Setup"),
                                                ("en", "Left out, not a kind of file read here: site-photo.jpg, Setup")])
def test_files_of_a_kind_not_read_are_left_out_of_a_drop_not_the_whole_upload_refused(
        server, tab, contributor, lang, left_out):  # noqa: F811
    """A folder's files dropped together, a photo among them: the server refused the whole upload for it (and a
    browser cannot keep chosen files across that), so every file had to be dropped again."""
    page = tab(lang, width=390, height=844, user=contributor[0])
    page.goto(server + "/contribute/upload")
    page.evaluate("""() => {
        const data = new DataTransfer();
        data.items.add(new File(["# Cut-over retro\\n\\n## Lessons learned\\n- Freeze changes a week early.\\n"],
                                "cutover-retro.MD", {type: "text/markdown"}));
        data.items.add(new File(["\\xff\\xd8"], "site-photo.jpg", {type: "image/jpeg"}));
        data.items.add(new File(["x"], "Setup", {type: "application/octet-stream"}));
        data.items.add(new File(["id,lesson\\n1,Book cranes early\\n"], "register.csv", {type: "text/csv"}));
        document.getElementById("dropzone").dispatchEvent(
            new DragEvent("drop", {dataTransfer: data, bubbles: true, cancelable: true}));
    }""")
    assert page.inner_text("#chosen .left-out") == left_out
    assert page.eval_on_selector("#files", "el => Array.from(el.files, f => f.name)") == ["cutover-retro.MD",
                                                                                         "register.csv"]
    page.click("#upload-button")
    page.wait_for_selector("section.upload[data-status]")  # the upload's page: nothing refused
    names = sorted(h.split()[0] for h in page.locator("section.upload h2").all_inner_texts())
    assert names == ["cutover-retro.MD", "register.csv"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_what_was_understood_follows_the_project_field_of_the_publish_form(server, tab, contributor, lang):  # noqa: F811
    """The table of what was understood shows the project the file will be stored under: the one typed on the
    upload form ("(not set)" before, for a file naming none), then whatever the publish form's field is changed to."""
    page = tab(lang, width=390, height=844, user=contributor[0])
    not_set = "（未填写）" if lang == "zh" else "(not set)"
    page.goto(server + "/contribute/upload")
    page.fill("input[name=project]", "仓库搬迁")
    _upload_notes(page)
    cell = page.locator("table.understood td.project")
    assert cell.inner_text() == "仓库搬迁"
    page.fill("section.upload .publish-form input[name=project]", "Depot move")
    assert cell.inner_text() == "Depot move"
    page.fill("section.upload .publish-form input[name=project]", "")
    assert cell.inner_text() == not_set


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_on_a_phone_my_contributions_name_their_cells_and_leave_no_gap_for_an_empty_one(
        server, tab, contributor, settings, lang):  # noqa: F811
    page = tab(lang, width=390, height=844, user=contributor[0])
    page.goto(server + "/contribute/upload")
    _upload_notes(page)
    page.fill("section.upload .publish-form input[name=project]", "仓库搬迁")  # required to publish
    page.click("section.upload button.publish")
    page.wait_for_selector("article.document h1")
    with Store(settings.db) as store:  # published before a project was required (no-project/notes.md)
        store.conn.execute("UPDATE documents SET project = NULL WHERE key LIKE '%notes.md'")
        store.conn.commit()
    page.goto(server + "/contribute")
    cells = page.locator("table.contributions tbody tr").first.locator("td")
    assert cells.nth(1).inner_text() == "" and not cells.nth(1).is_visible()  # no project: no gap
    added = cells.nth(3).evaluate("td => getComputedStyle(td, '::before').content")
    assert added.strip('"').strip() == ("添加时间" if lang == "zh" else "Added")


@pytest.mark.parametrize(("lang", "says"), [
    ("zh", "这些文件共 51.0 MB，超过了一次上传允许的 50 MB：请分几次上传。"),
    ("en", "These files come to 51.0 MB, more than the 50 MB one upload may hold: upload them in parts.")])
def test_files_that_come_to_more_than_an_upload_holds_are_not_sent_saying_so(server, tab, contributor, lang,  # noqa: F811
                                                                             says):
    """Three files of 18 MB were sent, and `kb serve` answered the web server's bare 'Request Entity Too Large /
    exceeds max body of 52461568' in English, with no way back but the browser's."""
    page = tab(lang, width=390, height=844, user=contributor[0])
    page.goto(server + "/contribute/upload")
    page.evaluate("""() => {
        const data = new DataTransfer();
        for (const name of ["a.md", "b.md", "c.md"]) {
            data.items.add(new File([new Uint8Array(17 * 1048576)], name, {type: "text/markdown"}));
        }
        document.getElementById("files").files = data.files;
    }""")
    page.click("#upload-button")
    assert page.inner_text("#chosen .too-much") == says
    assert page.url.endswith("/contribute/upload")  # nothing sent
    page.evaluate("""() => {
        const data = new DataTransfer();
        data.items.add(new File(["# Retro\\n\\n## Lessons learned\\n- Freeze early.\\n"], "a.md"));
        document.getElementById("files").files = data.files;
    }""")
    with page.expect_navigation():
        page.click("#upload-button")  # within the limit: sent
    assert "/contribute/uploads/" in page.url


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_record_form_sent_without_its_required_fields_is_answered_in_the_pages_language(
        server, tab, contributor, lang):  # noqa: F811
    """The lesson and the project are required, and the form did not say so; Save on an empty form got Chromium's own
    "Please fill out this field." in the browser's language (English here, on a Chinese page). The fields say
    they are required, and the server's message names each missing field in the page's language, what was typed
    kept."""
    page = tab(lang, user=contributor[0])
    page.goto(server + "/contribute/record")
    required = {"zh": "（必填）", "en": "(required)"}[lang]
    for name in ("lesson", "project"):
        assert required in page.locator(f"label:has([name={name}])").inner_text()
    assert required not in page.locator("label:has([name=recommendation])").inner_text()
    page.fill("textarea[name=driving_event]", "供应商晚交付三周。")
    with page.expect_navigation():
        page.click("#record-form button[type=submit]")
    # both missing fields said at once, in the form's order (each under its field as well: tests/web/test_contribute.py)
    says = {"zh": ["请填写经验教训", "请填写项目"], "en": ["The lesson is required", "Project is required"]}[lang]
    assert page.locator(".error-box li").all_inner_texts() == says
    # the focus in the field to fill in (it was nowhere: Tab started again at the page's top)
    assert page.evaluate("document.activeElement.name") == "lesson"
    assert page.input_value("textarea[name=driving_event]") == "供应商晚交付三周。"


@pytest.mark.parametrize(("lang", "width", "near", "over"), [
    ("zh", 390, "9,500 / 10,000 个字符", "10,003 / 10,000 个字符：多了 3 个"),
    ("en", 1280, "9,500 of 10,000 characters", "10,003 of 10,000 characters: 3 too many")])
def test_a_lesson_pasted_past_the_limit_is_counted_not_cut(server, tab, contributor, lang, width, near, over):  # noqa: F811
    """The boxes had maxlength="10000": a longer lesson pasted in was cut without a word. Now the count under the box
    shows from 9,000 characters, says how many too many past 10,000, the box marked; nothing is cut, and the server
    says it too, every character given back."""
    page = tab(lang, user=contributor[0], width=width)
    page.goto(server + "/contribute/record")
    assert page.inner_text("#lesson-count") == ""  # nothing said of a short text
    page.fill("textarea[name=lesson]", "吊车" * 4750)
    expect(page.locator("#lesson-count")).to_have_text(near)
    page.fill("textarea[name=lesson]", "吊车" * 5001 + "😀")  # an emoji is one character, as the server counts
    expect(page.locator("#lesson-count")).to_have_text(over)
    assert page.get_attribute("textarea[name=lesson]", "aria-invalid") == "true"
    assert len(page.input_value("textarea[name=lesson]")) == 10_003  # nothing cut
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.fill("input[name=project]", "Depot")
    with page.expect_navigation():
        page.click("#record-form button[type=submit]")
    assert "10,000" in page.inner_text("p.error-box") and "10,003" in page.inner_text("p.error-box")
    assert page.input_value("textarea[name=lesson]") == "吊车" * 5001 + "😀"
    border = "e => getComputedStyle(e).borderTopColor"  # the field marked red, the others as they were
    assert page.eval_on_selector("textarea[name=lesson]", border) == "rgb(179, 38, 30)"
    assert page.eval_on_selector("input[name=project]", border) != "rgb(179, 38, 30)"
    expect(page.locator("#lesson-count")).to_have_text(over)  # counted again as the page comes back


@pytest.mark.parametrize(("lang", "empty", "large"), [
    ("zh", "已略去（空文件）：empty.pdf", "已略去（超过单个文件 20 MB 的上限）：big-retro.pdf"),
    ("en", "Left out, empty: empty.pdf", "Left out, larger than the 20 MB a file may be: big-retro.pdf")])
def test_an_empty_file_and_one_too_large_are_left_out_before_sending(server, tab, contributor, lang, empty,  # noqa: F811
                                                                    large):
    """A 30 MB PDF among the chosen files was sent in full, and only then refused; an empty one likewise."""
    page = tab(lang, width=390, height=844, user=contributor[0])
    page.goto(server + "/contribute/upload")
    page.evaluate("""() => {
        const data = new DataTransfer();
        data.items.add(new File([new Uint8Array(21 * 1048576)], "big-retro.pdf", {type: "application/pdf"}));
        data.items.add(new File([], "empty.pdf", {type: "application/pdf"}));
        data.items.add(new File(["# Retro\\n\\n## Lessons learned\\n- Freeze early.\\n"], "retro.md"));
        const input = document.getElementById("files");
        input.files = data.files;
        input.dispatchEvent(new Event("change"));
    }""")
    assert page.locator("#chosen .left-out").all_inner_texts() == [empty, large]
    assert page.eval_on_selector("#files", "el => Array.from(el.files, f => f.name)") == ["retro.md"]


@pytest.mark.parametrize(("lang", "button", "none"), [("zh", "选择文件", "还没有选择文件。"),
                                                      ("en", "Choose files", "No file chosen yet.")])
def test_the_file_chooser_speaks_the_page_s_language(server, browser, contributor, lang, button, none):  # noqa: F811
    """The browser's own file button and "No file chosen" are in the browser's language: Chromium in English wrote
    "Choose Files  No file chosen" on the Chinese page (and a Chinese one would write 选择文件 on the English page)."""
    page = logged_in_page(browser, server, contributor[0], lang=lang, width=390, height=844)
    try:
        page.goto(server + "/contribute/upload")
        own = page.locator("#dropzone .choose-files")
        assert own.is_visible() and own.inner_text() == button
        box = page.locator("#files").bounding_box()
        assert box["width"] <= 1 and box["height"] <= 1  # the browser's, out of sight
        assert page.inner_text("#chosen") == none
        page.bring_to_front()  # keys open a file chooser only in the focused page (two browsers run in parallel runs)
        page.keyboard.press("Tab")
        while page.evaluate("document.activeElement.id") != "files":  # the keyboard still reaches the chooser
            page.keyboard.press("Tab")
        # Space on the focused field then opens Chromium's own chooser: the browser's part, which loaded parallel runs
        # twice did not open within 30 s; the page's part is that the keyboard reaches the field, and what it chose shows
        page.set_input_files("#files", files=[{"name": "notes.md", "mimeType": "text/markdown", "buffer": b"# Notes\n"}])
        assert page.inner_text("#chosen") == "notes.md"
        with page.expect_file_chooser():  # and so does the page's button (it is inside the field's label)
            page.click("#dropzone .choose-files")
    finally:
        page.context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_phone_is_not_asked_to_drop_files(server, browser, contributor, lang):  # noqa: F811
    """On a phone the upload box said "Drop files here, or choose them" (把文件拖到这里，或点击选择文件) above its
    Choose files button: nothing can be dropped there. A desktop keeps it."""
    for width, touch, said in ((390, True, False), (1280, False, True)):
        page = logged_in_page(browser, server, contributor[0], lang=lang, width=width, height=844, is_mobile=touch,
                              has_touch=touch)
        try:
            page.goto(server + "/contribute/upload")
            text = page.locator("#dropzone .dropzone-text").bounding_box()
            assert (text["width"] > 1) is said, width  # on a phone: out of sight, kept for screen readers
            assert page.locator("#dropzone .choose-files").is_visible()
            assert page.evaluate("document.querySelector('#files').labels[0].textContent").strip().startswith(
                {"zh": "把文件拖到这里", "en": "Drop files here"}[lang])  # still the file field's name
        finally:
            page.context.close()


@pytest.mark.parametrize(("lang", "says"), [("zh", "请填写标题"), ("en", "Title is required")])
def test_a_publish_form_sent_without_its_title_is_answered_in_the_pages_language(
        server, browser, contributor, lang, says):  # noqa: F811
    """Publish with the title emptied got Chromium's own bubble, "Please fill out this field.", in the browser's
    language (English on a Chinese page, whatever the browser's language here: en-US). The form is sent unchecked
    (novalidate) and the server names the field in the page's language, the focus in it, the project typed kept."""
    page = logged_in_page(browser, server, contributor[0], lang=lang, locale="en-US")
    try:
        page.goto(server + "/contribute/upload")
        _upload_notes(page)
        required = {"zh": "（必填）", "en": "(required)"}[lang]  # as the project says it (the title did not)
        for name in ("title", "project"):
            assert required in page.locator(f"section.upload label:has([name={name}])").inner_text()
        page.fill("section.upload input[name=title]", "")
        page.fill("section.upload input[name=project]", "起重设备")
        with page.expect_navigation():  # the browser checked nothing: the form went to the server
            page.click("section.upload button.publish")
        assert page.inner_text(".publish-form #title-error") == says
        assert page.evaluate("document.activeElement.name") == "title"
        assert page.input_value("section.upload input[name=project]") == "起重设备"
        page.fill("section.upload input[name=title]", "Crane notes")
        page.click("section.upload button.publish")
        page.wait_for_selector("article.document h1")
        assert page.inner_text("article.document h1") == "Crane notes"
    finally:
        page.context.close()
