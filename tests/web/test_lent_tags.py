"""The curator's tag suggestions say which tag is lent by the other language's documents, in the page's language
(web/templates/_macros.html ``tag_form``, the JSON of /curate/tags/suggest): the Chinese ERP retrospective takes
"cut-over" from two English documents of its project, which the store has in no Chinese tag, and not "vendor
management", which it has as 供应商管理."""

from __future__ import annotations

import html
import re

import pytest

from kb.store import Store
from kb.store.tags import Target


@pytest.fixture
def lent(settings, as_curator):
    with Store(settings.db) as store:
        for key in ("crm/retro", "mes/pm"):  # two English documents of the retrospective's project
            store.conn.execute("UPDATE documents SET project = 'ERP系统升级' WHERE key = ?", [key])
            for label in ("cut-over", "vendor management"):
                store.add_tag(Target("document", key), label)
        store.conn.commit()
    return as_curator


def test_the_json_says_which_tag_is_lent_and_from_which_language(lent):
    client, _token = lent
    found = client.get("/curate/tags/suggest?key=erp/retro").get_json()["suggestions"]
    assert [(s["tag"], s["lent_from"]) for s in found] == [("cut-over", "en")]


@pytest.mark.parametrize(("lang", "says"), [("en", "(from English documents)"), ("zh", "（来自英文文档）")])
def test_the_documents_page_marks_a_lent_tag_in_the_pages_language(lent, lang, says):
    client, _token = lent
    client.set_cookie("kb_lang", lang)
    page = client.get("/documents/erp/retro").get_data(as_text=True)
    chips = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(
        r'<button type="submit" class="chip">(.*?)</button>', page, re.DOTALL)]
    assert chips == [f"+ cut-over {says}"]
