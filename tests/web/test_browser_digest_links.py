"""A digest as its readers get it (sent through a real SMTP server, aiosmtpd), opened in a real Chromium on a phone,
and its new lessons' "and N more" followed, logged out and logged in, in English and in Chinese: the page lists the
documents whose new lessons are of the reader's kinds and counts those lessons as the digest did (the link carried
no kind, and browse ignored ``kind=``: a reader of root causes was shown every document that gained a lesson)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from kb.digest import content, parse_period, send_digests
from kb.store import Store
from tests.digest.conftest import smtp  # noqa: F401 (the fixture: a real SMTP server)
from tests.web.browsing import open_page, session_cookie
from tests.web.test_browser import browser, server  # noqa: F401 (the fixtures of the browser tests)

pytestmark = pytest.mark.slow
OLD, IN_WEEK = "2026-10-01T08:00:00+00:00", "2026-11-18T09:00:00+00:00"  # 2026-W47: Nov 16-22
# the reader, their kinds, the "and N more" they read, and the documents holding their new lessons (with how many)
READERS = {
    "en": ("pat@example.org", ["lesson", "root_cause"], "and 3 more in Lessons KB",
           {"ERP升级一期复盘": 1, "Evil retrospective": 1, "MES go-live post-mortem": 2}, "4 lessons match these filters"),
    "zh": ("wang@example.org", ["went_wrong"], "以及另外 2 条，请在知识库中查看",
           {"CRM migration retrospective": 1, "ERP升级一期复盘": 2}, "共 3 条经验符合筛选条件"),
}


@pytest.fixture
def sent(settings, server, smtp, monkeypatch):  # noqa: F811 (the fixtures)
    """Last week's digests, sent to an English and a Chinese reader: every lesson old, but MES's and the evil
    retrospective's (new documents) and CRM's and ERP's (added to old ones), which arrived in 2026-W47."""
    with Store(settings.db) as store:
        store.conn.execute("UPDATE documents SET first_ingested = ?, last_ingested = ?", [OLD, OLD])
        store.conn.execute("UPDATE documents SET first_ingested = ?, last_ingested = ? WHERE key IN ('mes/pm',"
                           " 'evil/xss')", [IN_WEEK, IN_WEEK])
        store.conn.execute("UPDATE lessons SET created_at = CASE WHEN document_id IN (SELECT id FROM documents"
                           " WHERE key IN ('mes/pm', 'evil/xss', 'crm/retro', 'erp/retro')) THEN ? ELSE ? END",
                           [IN_WEEK, OLD])
        store.conn.commit()
        for lang, (address, kinds, *_) in READERS.items():
            store.add_subscriber(address, language=lang, interests={"kinds": kinds})
        monkeypatch.setitem(content.SECTION_LIMIT, "lessons", 1)
        report = send_digests(store, settings.replace(base_url=server, smtp_host="127.0.0.1", smtp_port=smtp.port,
                                                      mail_from="PMO <pmo@example.org>"), parse_period("2026-W47"))
    assert sorted(report.sent) == sorted(address for address, *_ in READERS.values()), report.as_dict()
    return smtp


def _listed(page) -> dict[str, int]:
    rows = page.locator("table.docs tbody tr")
    return {rows.nth(i).locator("td").first.locator("a").first.inner_text():
            int(rows.nth(i).locator("td.num").inner_text()) for i in range(rows.count())}


@pytest.mark.parametrize("who", [None, "rita"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_new_lessons_and_more_opens_the_readers_kinds_counted_as_the_digest(browser, server, sent, lang, who):  # noqa: F811
    address, kinds, more, documents, matched = READERS[lang]
    message = sent.to(address)[0]
    html = message.get_body(preferencelist=("html",)).get_content()
    page = open_page(browser, server, lang=lang, width=375)
    try:
        if who:  # logged in, the page still blank: the site's CSP would refuse the mail's inline styles
            page.context.add_cookies([session_cookie(server, who)])
        page.set_content(html)  # as a mail client shows it
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        link = page.get_by_role("link", name=more)
        href = link.get_attribute("href")
        assert href in message.get_body(preferencelist=("plain",)).get_content()  # the text part's link too
        with page.expect_navigation():
            link.click()
        assert re.search("".join(f"&kind={k}" for k in kinds) + "&sort=ingested$", page.url), page.url
        if who:
            assert who in page.inner_text("header.top")  # the reader's own page
        assert _listed(page) == documents
        expect(page.locator("#lessons-matched")).to_contain_text(matched)
        assert sum(documents.values()) == 1 + int(re.search(r"\d+", more).group())  # one shown and N more
        expect(page.locator("#kind-filter .chip")).to_have_count(len(kinds))
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scrolling
    finally:
        page.context.close()
