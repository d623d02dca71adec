"""An agenda's lessons from a document filed under no project (most real 复盘 and 周报 say none): the page, the
Markdown and print exports name the document alone, never beside a separator with nothing on its other side
("-  · 酒店预订系统"); a filed one is named as search results name it, its title first and its project after."""

from __future__ import annotations

import html
import re

import pytest

from ingest import ingest
from kb.store import Store
from search import SearchIndex

UNFILED = """# 酒店预订系统测试回顾

## 经验教训
- 在初期没有重视测试环境的搭建，自动化测试很长一段时间无法进行。
"""


@pytest.fixture
def unfiled(settings, tmp_path) -> None:
    """A document with no project, added to the test's copy of the collection."""
    path = tmp_path / "docs" / "测试回顾.md"
    path.parent.mkdir()
    path.write_text(UNFILED, encoding="utf-8")
    with Store(settings.db) as store:
        ingest(store, [path.parent])
        SearchIndex(store, settings).sync()


def _agenda(client, token) -> int:
    api = {"X-CSRF-Token": token}
    lessons = client.get("/api/lessons?limit=100").get_json()["items"]
    ids = [next(l["id"] for l in lessons if not l["project"]), next(l["id"] for l in lessons if l["project"] == "CRM")]
    created = client.post("/api/sessions", json={"title": "测试环境经验分享会"}, headers=api).get_json()
    for lesson_id in ids:
        assert client.post(f"/api/sessions/{created['id']}/items", json={"lesson_id": lesson_id},
                           headers=api).status_code == 201
    return created["id"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_agenda_names_an_unfiled_document_alone_and_a_filed_one_before_its_project(unfiled, as_curator, lang):
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    session_id = _agenda(client, token)
    markdown = client.get(f"/sessions/{session_id}/agenda.md").get_data(as_text=True)
    sources = re.findall(r"^   - (.*) \(`[^`]*`\)(.*)$", markdown, re.MULTILINE)
    assert sources == [("酒店预订系统测试回顾", ""), ("CRM migration retrospective", " · CRM")]
    printed = client.get(f"/sessions/{session_id}/print").get_data(as_text=True)
    assert re.findall(r'<p class="src">([^<]*)</p>', printed) == ["酒店预订系统测试回顾", "CRM migration retrospective · CRM"]
    page = client.get(f"/sessions/{session_id}").get_data(as_text=True)
    sources = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html.unescape(s))).strip()
               for s in re.findall(r'<span class="muted source">(.*?)</span>', page, re.DOTALL)]
    assert sources == ["酒店预订系统测试回顾", "CRM migration retrospective · CRM"]
    # the lesson's kind badge and the document's title are apart: a comment trimmed the space between them, so the page
    # read "Went well智慧仓储WMS…" with the badge touching the link
    assert len(re.findall(r'class="kind kind-[a-z_]+">[^<]*</span>\s+<span class="muted source">', page)) == 2
