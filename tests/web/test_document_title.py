"""A document's page shows its title once: a Markdown retrospective's ``# Title`` (or a recorded lesson's text) opened
its content under the page's own heading, the same words twice, one under the other."""

from __future__ import annotations

import re

from markupsafe import Markup

from web.views.documents import without_title_heading


def test_the_contents_opening_title_is_not_shown_again(client):
    page = client.get("/documents/erp/retro").get_data(as_text=True)
    content = page.split('id="document-text"', 1)[1]
    assert page.count("ERP升级一期复盘</h1>") == 1 and "<h1" not in content.split("</section>")[0]
    assert "<h2>需要改进</h2>" in content  # the rest of it is there


def test_no_id_is_given_twice_on_a_document_page(client):
    # the content section was id="content" like the main element the skip link leads to
    ids = re.findall(r'\sid="([^"]+)"', client.get("/documents/erp/retro").get_data(as_text=True))
    assert ids and len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_only_an_opening_heading_that_is_the_title_goes():
    body = Markup("<h1>Release 1.3 <em>retro</em></h1>\n<h2>What went well</h2><p>x</p>")
    assert without_title_heading(body, "release 1.3   retro") == Markup("<h2>What went well</h2><p>x</p>")
    assert without_title_heading(body, "Release 1.4 retro") == body  # another heading stays
    later = Markup("<p>Intro</p><h1>Release 1.3 retro</h1>")
    assert without_title_heading(later, "Release 1.3 retro") == later  # not at the opening: it stays
    escaped = Markup("<h1>R&amp;D review</h1><p>y</p>")
    assert without_title_heading(escaped, "R&D review") == Markup("<p>y</p>")
    assert re.match(r"<p>", without_title_heading(Markup("  <h1>T</h1>\n<p>z</p>"), "T"))
