"""A lesson recorded from the browser without a title is its document's title too (its text, cut short with "…"
when long): the digest's new lessons said it twice in a row, once as the document above it, once as the lesson."""

from __future__ import annotations

from kb.digest.content import Section
from kb.digest.render import render
from tests.digest.test_render import BASE, SECRET, full, subscriber

TEXT = "闸机固件版本要纳入上线检查单，测试环境与生产环境版本一致后才能切换。"
LONG = ("The label printers were never tested on the shop-floor network before go-live, so the first night shift "
        "printed every pallet label by hand.")
RECORDED = {"id": 31, "kind": "lesson", "text": TEXT, "document_key": "智慧园区门禁改造/recorded-lessons.jsonl#web-1",
            "document_title": TEXT, "project": "智慧园区门禁改造", "date": "2026-12-05"}
CUT = {**RECORDED, "id": 32, "text": LONG, "document_key": "MES/recorded-lessons.jsonl#web-2", "project": "MES",
       "document_title": "The label printers were never tested on the shop-floor network before go-live, so…"}
RETRO = {"id": 33, "kind": "went_wrong", "text": "人脸库迁移时没有核对离职人员名单。", "document_key": "门禁/复盘.docx",
         "document_title": "智慧园区门禁改造项目复盘", "project": "智慧园区门禁改造", "date": None}


def test_a_recorded_lesson_s_text_is_said_once_in_both_parts():
    for lang in ("zh", "en"):
        content = full(subscriber(language=lang), new_lessons=Section([RECORDED, CUT, RETRO]))
        _, html, text = render(content, base_url=BASE, secret=SECRET)
        start = text.index("== 新经验 ==" if lang == "zh" else "== New lessons ==")
        lessons = text[start:text.index("\n== ", start)]
        assert lessons.count("闸机固件版本要纳入上线检查单") == 1 and lessons.count("The label printers") == 1
        assert "\n智慧园区门禁改造\n*" in lessons and "\nMES\n*" in lessons  # the project alone above it
        assert "智慧园区门禁改造 · 智慧园区门禁改造项目复盘" in lessons  # a document of its own keeps its title
        part = html[html.index(TEXT) - 600:html.index("人脸库迁移时")]
        assert part.count(TEXT) == 1 and "recorded-lessons.jsonl%23web-1" not in part
        assert html.count("The label printers") == 1
