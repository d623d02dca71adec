"""A store with no document yet (`kb init` only), as a new user first meets it: the start page and a search say the
knowledge base is empty and what to do first, not examples and "try other words" that cannot find anything."""

from __future__ import annotations

import re

import pytest

from kb.settings import Settings
from kb.store import Store
from tests.conftest import TEST_SECRET_KEY
from web import create_app

CHIP = re.compile(r'<a class="chip" href="/\?q=')


@pytest.fixture
def empty(tmp_path):
    with Store(tmp_path / "kb.db") as store:
        store.add_user("pat", "contrib-pass-1", "contributor")
    app = create_app(Settings(db=tmp_path / "kb.db", secret_key=TEST_SECRET_KEY))
    app.config["TESTING"] = True
    return app.test_client()


def _get(client, path: str, lang: str) -> str:
    client.set_cookie("kb_lang", lang)
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize(("lang", "said", "next_step"), [
    ("en", "The knowledge base holds no documents yet", "an administrator can load existing documents"),
    ("zh", "知识库里还没有任何文档", "管理员也可以在服务器上用 kb ingest 导入已有文档"),
])
def test_an_empty_store_says_so_and_what_to_do_first_instead_of_offering_examples(empty, lang, said, next_step):
    start = _get(empty, "/", lang)
    assert 'id="empty-store"' in start and said in start and next_step in start
    assert not CHIP.search(start)  # the example searches would each find nothing
    assert '<a class="button" href="/login?next=/' in start  # back here, where a contributor then finds the buttons
    found = _get(empty, "/?q=vendor+late", lang)
    assert said in found
    assert "Semantic mode" not in found and "切换到“语义”模式" not in found  # no other words would find anything


def test_a_contributor_is_offered_the_upload_and_the_record_form(empty):
    token = re.search(r'data-csrf="([^"]+)"', empty.get("/login").get_data(as_text=True)).group(1)
    assert empty.post("/login", data={"username": "pat", "password": "contrib-pass-1",
                                      "csrf_token": token}).status_code == 302
    start = _get(empty, "/", "zh")
    box = start[start.index('id="empty-store"'):]
    assert '<a class="button" href="/contribute/upload">上传文档</a>' in box
    assert '<a class="button" href="/contribute/record">记录一条经验</a>' in box
    assert "/login?" not in box


def test_a_store_with_documents_offers_its_examples(client):
    start = _get(client, "/", "en")
    assert CHIP.search(start) and 'id="empty-store"' not in start
    assert 'id="empty-store"' not in _get(client, "/?q=zzzqqq+xyzzy", "en")


@pytest.mark.parametrize(("lang", "said"), [("en", "The knowledge base holds no documents yet"),
                                            ("zh", "知识库里还没有任何文档")])
def test_browsing_an_empty_store_says_so_and_offers_no_filters_to_open(empty, lang, said):
    """Browse had a Filters button opening an empty panel (only its Close) on a phone, an empty column beside
    "No documents yet." on a wide screen, and nothing on how documents come in."""
    page = _get(empty, "/browse", lang)
    assert said in page and 'id="browse-empty"' in page
    assert 'class="filter-button' not in page and 'id="filters"' not in page
    assert 'class="results-layout facetless"' in page


def test_browsing_a_store_with_documents_offers_its_filters(client):
    page = _get(client, "/browse", "en")
    assert 'class="filter-button' in page and 'id="filters"' in page and 'id="empty-store"' not in page


@pytest.mark.parametrize(("lang", "said"), [("en", "No tags yet. Curators tag documents and lessons"),
                                            ("zh", "还没有标签。知识管理员可以在文档和经验的页面上")])
def test_the_tags_page_of_a_store_without_tags_says_where_tags_come_from(empty, lang, said):
    """It showed "Tags 0" and a filter box that could find nothing."""
    page = _get(empty, "/tags", lang)
    assert said in page and 'id="tag-filter"' not in page
