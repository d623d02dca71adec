"""A week of more new documents than a digest shows: an undated Word retrospective handed in that week is dated by
when it came in, and the "and N more" page lists the documents in the digest's own order (real store, real Word
file, the real site)."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from ingest import ingest
from kb.digest import content
from kb.digest.content import compose
from kb.digest.render import browse_url
from kb.settings import Settings
from tests.conftest import TEST_SECRET_KEY
from tests.digest.corpus import INSIDE, WINDOW, build
from tests.ingest.office_files import docx_bytes, new_docx
from web import create_app

WORD = "仓储总结.docx"
HANDED_IN = "2026-11-20T09:00:00+00:00"  # this week, after every dated document's own date
# twelve documents dated earlier in November, new this week; the odd ones tagged vendor
DOCS = {f"p{i:02d}": (f"P{i:02d}", f"2026-11-{i + 1:02d}", ["vendor"] if i % 2 else [],
                      {"What went wrong": [f"Problem {i}."]}, INSIDE, INSIDE) for i in range(12)}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("more-order")
    store = build(base, DOCS)
    word = new_docx(title="仓储系统项目总结")  # no date in its text, nor in its properties
    word.add_heading("存在的问题", 1)
    word.add_paragraph("供应商接口文档不全，联调拖了两周。", style="List Bullet")
    (base / "docs" / WORD).write_bytes(docx_bytes(word))
    ingest(store, [base / "docs"])
    store.conn.execute("UPDATE documents SET first_ingested = ?, last_ingested = ? WHERE key = ?",
                       [HANDED_IN, HANDED_IN, WORD])
    store.conn.execute("UPDATE lessons SET created_at = ? WHERE document_id = (SELECT id FROM documents WHERE key = ?)",
                       [HANDED_IN, WORD])
    assert store.scalar("SELECT date FROM documents WHERE key = ?", [WORD]) is None
    settings = Settings(db=base / "kb.db", secret_key=TEST_SECRET_KEY)
    yield store, create_app(settings).test_client()
    store.close()


def digest(store, interests):
    return compose(store, {"id": 1, "email": "x@example.org", "role": "reader", "interests": interests}, "2026-W47",
                   WINDOW)


def test_an_undated_word_retrospective_handed_in_this_week_is_shown_not_left_to_and_more(site):
    store, _ = site
    c = digest(store, {})
    assert c.new_documents.more == 3
    assert [d["key"] for d in c.new_documents.items[:3]] == [WORD, "p11", "p10"]  # undated, it was last: in "3 more"
    assert c.new_lessons.items[0]["text"] == "供应商接口文档不全，联调拖了两周。"


@pytest.mark.parametrize("interests", [{}, {"tags": ["vendor"]}, {"tags": ["vendor"], "projects": ["P02", "P04"]}],
                         ids=["everything", "a-tag", "a-tag-and-projects"])
def test_and_more_lists_the_documents_in_the_digest_s_order(site, monkeypatch, interests):
    """The link sorted by when each was added: the digest's first ten were not browse's first ten."""
    store, client = site
    link = browse_url("", digest(store, interests), "added")
    monkeypatch.setitem(content.SECTION_LIMIT, "documents", 100)  # the digest's whole list, "and N more" included
    every = [d["key"] for d in digest(store, interests).new_documents.items]
    assert len(every) > 5
    page = client.get(link).get_data(as_text=True)
    listed = re.findall(r'<a href="/documents/([^"]+)">', page)
    assert listed == [quote(key) for key in every], link
