"""A lesson's page headed its list "Similar lessons elsewhere" / 其他地方的类似经验 (其他地方: "other places", vague in
Chinese), while the list holds lessons of other projects, its empty line says "Nothing similar found in other
projects." and a document's page says "Similar past issues in other projects": one list, named as what it holds."""

from __future__ import annotations

import re

import pytest

HEADING = re.compile(r'<aside class="similar"(?: id="similar")? aria-label="([^"]*)">\s*<h2>([^<]*)</h2>')


@pytest.mark.parametrize(("lang", "heading", "other_projects"), [
    ("en", "Similar lessons in other projects", "in other projects"),
    ("zh", "其他项目中的类似经验", "其他项目中"),
])
def test_a_lessons_similar_list_is_named_for_the_other_projects_it_holds(client, lang, heading, other_projects):
    client.set_cookie("kb_lang", lang)
    lesson = client.get("/lessons/1")
    assert lesson.status_code == 200
    body = lesson.get_data(as_text=True)
    label, shown = HEADING.search(body).groups()
    assert label == shown == heading
    document = client.get(re.search(r'href="(/documents/[^"#]+)"', body).group(1)).get_data(as_text=True)
    assert other_projects in HEADING.search(document).group(2)  # the document's list says the same


@pytest.mark.parametrize(("lang", "word"), [("en", "Lesson"), ("zh", "经验")])
def test_a_documents_lesson_links_are_named_as_search_results_name_them(client, lang, word):
    """A document's page linked its lessons as "#311 · 相似" where search results say "经验 #311 · 相似": a bare
    number that a reader cannot tell is a lesson's."""
    client.set_cookie("kb_lang", lang)
    body = client.get("/lessons/1").get_data(as_text=True)
    document = client.get(re.search(r'href="(/documents/[^"#]+)"', body).group(1)).get_data(as_text=True)
    links = re.findall(r'<a href="/lessons/\d+#similar">([^<]*#\d+ · [^<]*)</a>', document)
    assert links and all(link.startswith(f"{word} #") for link in links)
