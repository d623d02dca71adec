"""The home page's recent lessons: a lesson recorded without a title is titled with its text, and was said twice in a
row, once as its document's title above it and once as the lesson."""

from __future__ import annotations

import re

from tests.web.test_home import _page, _section

TEXT = "闸机固件版本要纳入上线检查单，测试环境与生产环境版本一致后才能切换。"


def test_a_recorded_lesson_is_said_once_among_the_recent_lessons(client, contributor):
    token = re.search(r'data-csrf="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
    name, password = contributor
    client.post("/login", data={"username": name, "password": password, "csrf_token": token})
    token = re.search(r'data-csrf="([^"]+)"', client.get("/contribute/record").get_data(as_text=True)).group(1)
    saved = client.post("/contribute/record", data={"csrf_token": token, "lesson": TEXT, "kind": "lesson",
                                                    "project": "智慧园区门禁改造"})
    assert saved.status_code == 302
    for lang in ("zh", "en"):
        recent = _section(_page(client, lang), "recent")
        assert recent.count(TEXT) == 1 and "智慧园区门禁改造" in recent
        assert "recorded-lessons.jsonl" not in recent  # its document's link: the lesson's own is the one
        assert "ERP升级一期复盘" in recent  # a document of its own keeps its title above its lessons


def test_a_recorded_lesson_is_no_lessons_register_in_browse_and_search(client, contributor):
    """Its page does not call it a register, but browse and search listed it as one ("Lessons register" /
    "经验教训登记册"), the type of the file the site keeps it in."""
    name, password = contributor
    token = re.search(r'data-csrf="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"username": name, "password": password, "csrf_token": token})
    token = re.search(r'data-csrf="([^"]+)"', client.get("/contribute/record").get_data(as_text=True)).group(1)
    client.post("/contribute/record", data={"csrf_token": token, "lesson": TEXT, "kind": "lesson",
                                            "project": "智慧园区门禁改造"})
    for lang, recorded, register in (("zh", "记录的经验", "经验教训登记册"), ("en", "Recorded lesson", "Lessons register")):
        client.set_cookie("kb_lang", lang)
        browse = client.get("/browse?project=智慧园区门禁改造").get_data(as_text=True)
        row = browse.split("<tbody>", 1)[1].split("</tr>", 1)[0]
        assert f"<td>{recorded}</td>" in row and register not in row
        found = client.get("/?q=闸机固件版本&mode=keyword").get_data(as_text=True)
        meta = found.split('<p class="doc-meta">', 1)[1].split("</p>", 1)[0]
        assert f"<span>{recorded}</span>" in meta and register not in meta
