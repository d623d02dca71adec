"""The whole loop of issue 18 in a real Chromium, in both languages: a contributor uploads a Markdown retrospective
and records a lesson; a curator approves both from the review queue; they are found by search and by "similar
lessons"; the curator puts them on a share session and exports them (CSV) and the session (.ics)."""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.web.browsing import logged_in_page
from tests.web.test_browser import browser, server  # noqa: F401 (fixtures; importing skips without Chromium)

pytestmark = pytest.mark.slow

CASES = {
    "zh": {"file": "仓库搬迁复盘.docx", "title": "仓库搬迁项目复盘", "project": "仓库搬迁", "session": "仓库搬迁经验分享",
           "text": ("---\ntitle: 仓库搬迁项目复盘\nproject: 仓库搬迁\ndate: 2025-03-01\n---\n# 仓库搬迁项目复盘\n\n"
                    "## 经验教训\n- 叉车外包商要在租约签署前预订，否则一个月内都排不上。\n"),
           "word": ("经验教训", "叉车外包商要在租约签署前预订，否则一个月内都排不上。"), "found_by": "叉车外包商", "lesson": "叉车外包商必须提前预订，最好在租约签署之前就锁定档期。",
           "lesson_query": "锁定档期", "project2": "仓库二期"},
    "en": {"file": "warehouse-retro.docx", "title": "Warehouse move retrospective", "project": "Warehouse",
           "session": "Warehouse lessons share-out",
           "text": ("---\ntitle: Warehouse move retrospective\nproject: Warehouse\ndate: 2025-03-01\n---\n"
                    "# Warehouse move retrospective\n\n## Lessons learned\n"
                    "- Book the forklift contractor before the lease is signed.\n"),
           "word": ("Lessons learned", "Book the forklift contractor before the lease is signed."),
           "found_by": "forklift contractor", "lesson": "Book forklift contractors early, before signing the lease.",
           "lesson_query": "forklift contractors early", "project2": "Warehouse phase 2"},
}


def _word(case: dict) -> list[int]:
    """The case's retrospective as a Word file (title, headings and a bulleted lesson), as bytes for the page."""
    import io

    import docx

    document = docx.Document()
    document.core_properties.title = case["title"]
    document.add_heading(case["title"], level=1)
    heading, lesson = case["word"]
    document.add_heading(heading, level=2)
    document.add_paragraph(lesson, style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return list(out.getvalue())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_upload_record_approve_find_share_and_export(server, browser, contributor, settings, lang):  # noqa: F811
    case = CASES[lang]
    # 1. a contributor uploads a retrospective and records a lesson
    page = logged_in_page(browser, server, contributor[0], lang=lang)
    try:
        page.goto(server + "/contribute/upload")
        page.fill("input[name=project]", case["project"])
        page.evaluate("""([name, bytes]) => {
            const data = new DataTransfer();
            data.items.add(new File([new Uint8Array(bytes)], name,
                {type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}));
            document.getElementById("dropzone").dispatchEvent(
                new DragEvent("drop", {dataTransfer: data, bubbles: true, cancelable: true}));
        }""", [case["file"], _word(case)])
        page.click("#upload-button")
        page.wait_for_selector("section.upload[data-status=ready]")
        page.click("section.upload button.publish")
        page.wait_for_selector("article.document h1")
        assert page.inner_text("article.document h1") == case["title"]

        page.goto(server + "/contribute/record")
        page.fill("textarea[name=lesson]", case["lesson"])
        page.fill("input[name=project]", case["project2"])  # another project: "similar" looks across projects
        page.select_option("select[name=kind]", "recommendation")
        page.click("#record-button")
        page.wait_for_selector("article.document")
        assert case["lesson"] in page.inner_text("article.document")
    finally:
        page.context.close()

    # 2. a curator approves both from the review queue
    page = logged_in_page(browser, server, "carl", lang=lang)
    try:
        page.goto(server + "/review?author=pat")
        page.wait_for_selector(".queue-item")
        ids = [int(v) for v in page.eval_on_selector_all("input[name=ids][form=bulk]", "els => els.map(e => e.value)")]
        assert len(ids) == 2
        page.check(".js-select-page")
        page.select_option("#bulk select[name=action]", "approve")
        page.click("#bulk button[type=submit]")
        page.wait_for_selector(".flash")
        done = "已认可 {} 条经验。" if lang == "zh" else "Lessons approved: {}."
        assert page.inner_text(".flash p") == done.format(2)  # beside its Undo
        assert page.locator(".queue-item").count() == 0

        # 3. found by search ...
        for query, expected in ((case["found_by"], case["title"]), (case["lesson_query"], case["lesson"][:8])):
            page.goto(server + "/?mode=keyword&q=" + query)
            page.wait_for_selector("ol.groups li.group")
            assert expected in page.inner_text("ol.groups")

        # ... and as similar lessons: each one is similar to the other
        uploaded, recorded = sorted(ids)
        similar = page.request.get(f"{server}/api/lessons/{recorded}/similar")
        assert similar.ok
        items = similar.json()["items"]
        assert any(uploaded in (hit.get("lesson_id"), hit.get("id")) for hit in items), items
        page.goto(f"{server}/lessons/{recorded}")
        assert case["found_by"] in page.inner_text("aside.similar")
        # ... and by `kb similar` on the same store
        import json

        from click.testing import CliRunner

        from kb.cli import cli

        result = CliRunner().invoke(cli, ["--db", str(settings.db), "similar", str(recorded), "--json"])
        assert result.exit_code == 0, result.output
        rows = json.loads(result.output)["items"]
        assert any(uploaded in (hit.get("lesson_id"), hit.get("id")) for hit in rows), rows

        # 4. added to a share session
        page.goto(server + "/sessions")
        page.fill("#new-session input[name=title]", case["session"])
        page.fill("#new-session input[name=scheduled_at]", "2026-12-15T14:30")
        page.click("#new-session button[type=submit]")
        page.wait_for_url(re.compile(r".*/sessions/\d+$"))
        session_id = int(page.url.rsplit("/", 1)[1])
        for lesson in (uploaded, recorded):
            page.goto(f"{server}/lessons/{lesson}")
            page.select_option("form.add-session select[name=session_id] >> nth=0", str(session_id))
            page.click("form.add-session button[type=submit] >> nth=0")
            page.wait_for_selector(".add-status")  # said in place, under the form
        page.goto(f"{server}/sessions/{session_id}")
        assert page.locator("li.agenda-item").count() == 2
        agenda = page.inner_text("ol.agenda-list")

        # 5. exported: the lessons to CSV, the session to a calendar invitation
        for project, expected in ((case["project"], case["found_by"]), (case["project2"], case["lesson"])):
            rows = page.request.get(f"{server}/api/lessons?format=csv&project={project}")
            assert rows.ok and "text/csv" in rows.headers["content-type"]
            table = list(csv.reader(io.StringIO(rows.text().lstrip("\ufeff"))))
            assert len(table) == 2 and expected in rows.text()
        found = page.request.get(f"{server}/api/search?mode=keyword&format=csv&q={case['found_by']}")
        assert found.ok and case["found_by"] in found.text()
        ics = page.request.get(f"{server}/sessions/{session_id}/invitation.ics")
        assert ics.ok and "text/calendar" in ics.headers["content-type"]
        text = ics.text().replace("\r\n ", "")
        assert text.startswith("BEGIN:VCALENDAR") and f"SUMMARY:{case['session']}" in text
        assert "DTSTART" in text and agenda
    finally:
        page.context.close()
