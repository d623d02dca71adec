"""A lesson's page headed a lesson of kind "lesson" "Lesson Lesson #12" (zh "经验教训 经验 #12"): the kind's label
and the word for a lesson said the same thing twice. Its kind says it once; other kinds keep the word."""

from __future__ import annotations

import re

import pytest

from kb.store import Store

H1 = re.compile(r"<h1>(.*?)</h1>", re.DOTALL)


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize(("lang", "lesson_heading", "other_heading"), [
    ("en", "Lesson #{id}", "{kind} Lesson #{id}"),
    ("zh", "经验教训 #{id}", "{kind} 经验 #{id}"),
])
def test_a_lessons_heading_names_its_kind_once(client, settings, lang, lesson_heading, other_heading):
    store = Store(settings.db)
    plain = store.scalar("SELECT min(id) FROM lessons WHERE kind = 'lesson'")
    other = store.scalar("SELECT min(id) FROM lessons WHERE kind = 'went_wrong'")
    store.close()
    client.set_cookie("kb_lang", lang)
    assert _text(H1.search(client.get(f"/lessons/{plain}").get_data(as_text=True)).group(1)) \
        == lesson_heading.format(id=plain)
    shown = _text(H1.search(client.get(f"/lessons/{other}").get_data(as_text=True)).group(1))
    kind = {"en": "Went wrong", "zh": "需要改进"}[lang]
    assert shown == other_heading.format(kind=kind, id=other), shown


def test_a_readers_lesson_page_leaves_unreviewed_out_as_the_document_page_does(client, settings):
    """A lesson's page told every reader "Review: Unreviewed", which the document page shows curators alone; a
    reviewed lesson's status is shown to all."""
    from tests.web.conftest import login

    store = Store(settings.db)
    unreviewed, approved = (r[0] for r in store.conn.execute("SELECT id FROM lessons ORDER BY id LIMIT 2"))
    store.set_review(approved, "approved", actor="carl")
    store.close()
    client.set_cookie("kb_lang", "en")
    assert "Unreviewed" not in client.get(f"/lessons/{unreviewed}").get_data(as_text=True)
    assert 'class="status status-approved">Approved<' in client.get(f"/lessons/{approved}").get_data(as_text=True)
    login(client, "carl")
    assert 'class="status status-unreviewed">Unreviewed<' in client.get(f"/lessons/{unreviewed}").get_data(as_text=True)
