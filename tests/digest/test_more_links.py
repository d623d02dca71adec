"""A digest's "and N more" opened on the site: the documents it counts, not every document of the knowledge base."""

from __future__ import annotations

import re
from html import unescape

import pytest

from kb.digest import content, current_week, send_digests
from web import create_app


def test_and_more_opens_the_weeks_documents_of_the_readers_tags(env, smtp, monkeypatch):
    store, settings, past, _ = env
    store.add_subscriber("pat@example.org", interests={"tags": ["vendor"]})
    monkeypatch.setitem(content.SECTION_LIMIT, "lessons", 1)  # Portal's two new lessons: one shown, "and 1 more"
    send_digests(store, settings, current_week(), past_lessons=past)
    html = smtp.to("pat@example.org")[0].get_body(preferencelist=("html",)).get_content()
    more = re.search(r'<a href="http://kb\.example\.org(/browse[^"]+)"[^>]*>and 1 more in Lessons KB</a>', html)
    assert more, html
    client = create_app(settings).test_client()
    page = client.get(unescape(more.group(1))).get_data(as_text=True)
    listed = re.findall(r'<a href="/documents/[^"]+">([^<]+)</a>', page)
    # not HR's (new, another tag), nor CRM's and MES's (tagged vendor, added in 2024)
    assert listed == ["Portal retrospective"]
    assert len(re.findall(r'<a href="/documents/', client.get("/browse").get_data(as_text=True))) == 6


def test_and_more_updated_documents_opens_the_weeks_updated_documents_of_the_readers_tags(env, smtp, monkeypatch):
    store, settings, past, _ = env
    now = store.scalar("SELECT max(last_ingested) FROM documents")  # changed files ingested again this week
    store.conn.execute("UPDATE documents SET last_ingested = ? WHERE key IN ('old/crm', 'old/mes', 'old/erp')", [now])
    store.conn.commit()  # CRM and MES tagged vendor, ERP 供应商管理
    store.add_subscriber("pat@example.org", interests={"tags": ["vendor"]})
    monkeypatch.setitem(content.SECTION_LIMIT, "documents", 1)  # two updated: one shown, "and 1 more"
    send_digests(store, settings, current_week(), past_lessons=past)
    message = smtp.to("pat@example.org")[0]
    html = message.get_body(preferencelist=("html",)).get_content()
    more = re.findall(r'<a href="http://kb\.example\.org(/browse[^"]+)"[^>]*>and 1 more in Lessons KB</a>', html)
    updated = [unescape(link) for link in more if "updated=" in link]
    assert len(updated) == 1 and re.match(r"/browse\?updated=\d{4}-W\d{2}&tag=vendor&sort=matched$", updated[0]), html
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "http://kb.example.org" + updated[0] in text  # the same link in the plain text
    page = create_app(settings).test_client().get(updated[0]).get_data(as_text=True)
    listed = sorted(re.findall(r'<a href="/documents/[^"]+">([^<]+)</a>', page))
    # not Portal's (new, tagged vendor), nor ERP's (updated, another tag), nor WMS's (untouched)
    assert listed == ["CRM retrospective", "MES retrospective"]


def test_and_more_new_lessons_opens_the_documents_that_gained_them_old_ones_too(env, smtp, monkeypatch):
    from ingest import ingest

    store, settings, past, docs = env
    ops = docs / "ops.md"  # a vendor retrospective ingested in 2024, and a lesson written into it this week
    ops.write_text("---\nid: ops\ntitle: Ops retrospective\nproject: Ops\ndate: 2024-03-01\ntags: [vendor]\n---\n"
                   "# Ops retrospective\n\n## What went wrong\n- The vendor's monitoring agent crashed the batch"
                   " servers twice in the first month.\n", encoding="utf-8")
    ingest(store, [docs])
    old = "2024-07-01T09:00:00+00:00"
    store.conn.execute("UPDATE documents SET first_ingested = ?, last_ingested = ? WHERE key = 'ops'", [old, old])
    store.conn.execute("UPDATE lessons SET created_at = ? WHERE document_id = (SELECT id FROM documents"
                       " WHERE key = 'ops')", [old])
    store.conn.commit()
    ops.write_text(ops.read_text(encoding="utf-8") + "- The vendor's test data held no real customer records, so"
                   " the cut-over rehearsal missed the duplicates.\n", encoding="utf-8")
    ingest(store, [docs])
    store.add_subscriber("pat@example.org", interests={"tags": ["vendor"]})
    monkeypatch.setitem(content.SECTION_LIMIT, "lessons", 1)  # Portal's two and Ops's one: one shown, "and 2 more"
    send_digests(store, settings, current_week(), past_lessons=past)
    html = smtp.to("pat@example.org")[0].get_body(preferencelist=("html",)).get_content()
    more = re.search(r'<a href="http://kb\.example\.org(/browse[^"]+)"[^>]*>and 2 more in Lessons KB</a>', html)
    assert more, html
    link = unescape(more.group(1))
    assert re.match(r"/browse\?lessons_added=[-\dW.]+&tag=vendor&sort=ingested$", link), link
    page = create_app(settings).test_client().get(link).get_data(as_text=True)
    listed = sorted(re.findall(r'<a href="/documents/[^"]+">([^<]+)</a>', page))
    assert listed == ["Ops retrospective", "Portal retrospective"]  # not CRM's or MES's (tagged vendor, nothing new)


OPS = ("---\nid: ops\ntitle: Ops retrospective\nproject: Ops\ndate: 2026-11-20\n---\n# Ops retrospective\n\n"
       "## What went well\n- The night shift's runbook made the restore quick.\n- Alerts reached the right people.\n\n"
       "## Lessons learned\n- Rehearse the restore with the real backup, not a sample.\n"
       "- Keep the vendor's escalation numbers in the runbook.\n")


def test_and_more_new_lessons_carries_the_readers_kinds_and_the_page_counts_as_the_digest(env, smtp, monkeypatch):
    """The link ignored the kinds of interest, and browse ignored ``kind=``: a reader of lessons learned, told "and 1
    more", found Portal's and HR's problems too, and Ops counted with its five lessons."""
    from ingest import ingest

    store, settings, past, docs = env
    (docs / "ops.md").write_text(OPS, encoding="utf-8")
    ingest(store, [docs])
    store.add_subscriber("pat@example.org", interests={"kinds": ["lesson"]})
    monkeypatch.setitem(content.SECTION_LIMIT, "lessons", 1)  # Ops's two lessons learned: one shown, "and 1 more"
    send_digests(store, settings, current_week(), past_lessons=past)
    message = smtp.to("pat@example.org")[0]
    assert "1 more in Lessons KB" in message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    more = re.search(r'<a href="http://kb\.example\.org(/browse[^"]+)"[^>]*>and 1 more in Lessons KB</a>', html)
    assert more, html
    link = unescape(more.group(1))
    assert re.match(r"/browse\?lessons_added=[-\dW.]+&kind=lesson&sort=ingested$", link), link
    page = create_app(settings).test_client().get(link).get_data(as_text=True)
    assert re.findall(r'<a href="/documents/[^"]+">([^<]+)</a>', page) == ["Ops retrospective"]
    assert re.search(r'data-label="Lessons">2</td>', page)  # its two lessons learned, not its five lessons
    assert "2 lessons match these filters" in page  # as the digest: one shown and one more


MORE = {"en": (r"and (\d) more in Lessons KB", "{n} lessons match these filters",
               "Of any of these projects or with any of these tags"),
        "zh": (r"以及另外 (\d) [条篇]，请在知识库中查看", "共 {n} 条经验符合筛选条件", "属于任一所选项目或带有任一所选标签")}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_and_more_for_a_reader_of_tags_and_projects_counts_either_as_the_digest(env, smtp, monkeypatch, language):
    """The digest counts a document or lesson with one of the reader's tags or of one of their projects; browse took
    both and the link left them out (every new document, whatever its tags), so the page's count was another."""
    store, settings, past, _ = env
    store.add_subscriber("pat@example.org", language=language, interests={"tags": ["vendor"], "projects": ["HR"]})
    monkeypatch.setitem(content.SECTION_LIMIT, "lessons", 1)  # Portal's two (vendor), HR's one: "and 2 more"
    monkeypatch.setitem(content.SECTION_LIMIT, "documents", 1)  # Portal (vendor) and HR: "and 1 more"
    send_digests(store, settings, current_week(), past_lessons=past)
    html = smtp.to("pat@example.org")[0].get_body(preferencelist=("html",)).get_content()
    more_text, matched, chip = MORE[language]
    more = {n: unescape(link) for link, n in re.findall(
        rf'<a href="http://kb\.example\.org(/browse[^"]+)"[^>]*>{more_text}</a>', html)}
    assert set(more) == {"1", "2"}, html
    client = create_app(settings).test_client()
    client.set_cookie("kb_lang", language)
    for link in more.values():
        assert re.search(r"&tag=vendor&project=HR&match=any&", link), link
        page = client.get(link).get_data(as_text=True)
        listed = sorted(re.findall(r'<a href="/documents/[^"]+">([^<]+)</a>', page))
        assert listed == ["HR retrospective", "Portal retrospective"]  # not CRM's or MES's (tagged vendor, old)
        assert chip in page
    page = client.get(more["2"]).get_data(as_text=True)
    assert matched.format(n=3) in page  # as the digest: one shown and two more


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_browse_page_of_tags_or_projects_exports_what_it_counted(env, smtp, monkeypatch, fmt):
    """The spreadsheet links of browse's match=any page keep it: without it the export took the tags AND the
    projects (none of HR's lessons, which are untagged) where the page counted 3 lessons."""
    import csv
    import io

    from openpyxl import load_workbook

    store, settings, past, _ = env
    store.add_subscriber("pat@example.org", language="en", interests={"tags": ["vendor"], "projects": ["HR"]})
    monkeypatch.setitem(content.SECTION_LIMIT, "lessons", 1)
    send_digests(store, settings, current_week(), past_lessons=past)
    html = smtp.to("pat@example.org")[0].get_body(preferencelist=("html",)).get_content()
    link = unescape(re.search(r'<a href="http://kb\.example\.org(/browse[^"]+)"[^>]*>and 2 more', html).group(1))
    client = create_app(settings).test_client()
    page = client.get(link).get_data(as_text=True)
    assert "3 lessons match" in page
    export = unescape(re.search(rf'<a href="(/api/lessons\?[^"]+format={fmt})" download>', page).group(1))
    assert "match=any" in export, export
    data = client.get(export).get_data()
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    else:
        rows = list(load_workbook(io.BytesIO(data), read_only=True).active.iter_rows(values_only=True))
    assert len(rows) - 1 == 3, rows
