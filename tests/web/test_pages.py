"""Every page for readers, in both languages; bad parameters are 400 with a message, never 500."""

import html
import re

import pytest

from kb.errors import ConfigError
from kb.settings import Settings
from kb.store import Store
from tests.conftest import TEST_SECRET_KEY
from web import create_app
from web.i18n import translate


@pytest.mark.parametrize("path, expect", [
    ("/", "Search lessons from every project"),
    ("/?q=%E4%BE%9B%E5%BA%94%E5%95%86%E5%BB%B6%E6%9C%9F", "ERP升级一期复盘"),
    ("/?q=test+environment+not+ready&mode=keyword", "MES go-live post-mortem"),
    ("/?q=%E6%B5%8B%E8%AF%95%E7%8E%AF%E5%A2%83&mode=semantic", "MES go-live post-mortem"),
    ("/?q=zzqx+blorf", "No results"),
    ("/browse", "CRM migration retrospective"),
    ("/browse?sort=title&lang=zh", "ERP升级一期复盘"),
    ("/tags", "供应商管理"),
    ("/sessions", "Share sessions"),
    ("/documents/erp/retro", "外包供应商的接口交付延期五周"),
    ("/login", "User name"),
])
def test_pages_render_for_anonymous_readers(client, path, expect):
    response = client.get(path, headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert expect in response.get_data(as_text=True)


def test_search_results_are_grouped_highlighted_and_faceted(client):
    body = client.get("/?q=供应商延期").get_data(as_text=True)
    assert "<mark>供应商</mark>" in body and "<mark>延期</mark>" in body
    assert 'class="facet"' in body and "ERP系统升级" in body
    assert body.count('class="group"') >= 1


def test_facet_filter_narrows_results(client):
    body = client.get("/?q=vendor+late&project=Factory+MES+Rollout").get_data(as_text=True)
    assert "MES go-live post-mortem" in body and "ERP升级一期复盘" not in body


def test_lesson_page_shows_context_and_similar_lessons(client, app):
    with app.app_context():
        from flask import g  # noqa: F401
    lesson_id = _lesson_id(client, "erp/retro", "测试环境")
    body = client.get(f"/lessons/{lesson_id}").get_data(as_text=True)
    assert "测试环境直到上线前一周才准备好" in body
    assert "MES go-live post-mortem" in body  # the similar lesson in the other language, other project
    hits = body.split('class="similar"', 1)[1].split('<div class="hit"')[1:]
    mes = [hit for hit in hits if "MES go-live post-mortem" in hit]
    assert mes and all('<span class="badge other-language" title="in English">in English</span>' in hit for hit in mes)
    for seed, other in ((lesson_id, "en"), (_lesson_id(client, "mes/pm", "test environment"), "zh")):
        page = client.get(f"/lessons/{seed}").get_data(as_text=True).split('class="similar"', 1)[1]
        items = client.get(f"/api/lessons/{seed}/similar?limit=8").get_json()["items"]  # the page's list
        marked = [item["language"] == other for item in items]
        assert page.count('<div class="hit"') == len(items) and page.count("badge other-language") == sum(marked) >= 1
    assert not all(marked)  # the English lesson's English neighbours are not marked


def test_document_page_shows_similar_past_issues_from_other_projects(client):
    body = client.get("/documents/erp/retro").get_data(as_text=True)
    similar = body.split('class="similar"', 1)[1]
    assert "MES go-live post-mortem" in similar and "ERP升级一期复盘" not in similar


@pytest.mark.parametrize("path", ["/documents/erp/retro", "/?q=vendor"])  # its lessons, and hits (search, similar)
def test_a_lessons_similar_link_opens_the_lesson_pages_similar_list(client, path):
    body = client.get(path).get_data(as_text=True)
    links = re.findall(r'<a href="(/lessons/\d+)(#[^"]*)?">Lesson #\d+ · Similar</a>', body)
    assert links and all(anchor == "#similar" for _, anchor in links)  # not the top of the lesson's page
    page = client.get(links[0][0]).get_data(as_text=True)
    assert page.count(f'id="{links[0][1][1:]}"') == 1


def test_ui_language_from_accept_language_and_the_switch(client):
    assert "搜索" in client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).get_data(as_text=True)
    response = client.get("/lang/en?next=/browse")
    assert response.status_code == 302 and response.headers["Location"].endswith("/browse")
    body = client.get("/", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert "Search" in body and 'lang="en"' in body
    assert client.get("/lang/zh?next=https://evil.example/").headers["Location"] == "/"


@pytest.mark.parametrize("path, message", [
    # A bad page number is page 1, as paginators read it: tests/web/test_bad_address.py
    ("/?q=x&mode=fuzzy", "'mode' must be one of"),
    ("/?q=x&type=memo", "Unknown document type"),
    ("/?q=x&kind=nice", "Unknown lesson kind"),
    ("/?q=x&lang=fr", "'lang' (the documents' language) must be zh, en or mixed"),
    ("/?q=x&since=yesterday", "'since' is invalid: 'yesterday' is not a date"),
    ("/?q=x&year=20x4", "'year' must be a four-digit year"),
    ("/?q=x&since=2025-06-01&until=2024-01-01", "is after"),
    ("/?q=" + "x" * 10_001, "longer than 10,000 characters"),
    ("/browse?sort=random", "'sort' must be one of"),
    ("/browse?size=100000", "'size' must be between"),
])
def test_bad_parameters_are_400_with_a_message(client, path, message):
    response = client.get(path)
    assert response.status_code == 400
    assert message in html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize(("lang", "says"), [
    ("en", ("'lang' (the documents' language) must be zh, en or mixed; for every language leave it out"
            " (prefer_lang=any only stops putting one language first)")),
    ("zh", "文档语言（lang）只能是 zh、en 或 mixed；要看所有语言，请去掉它（“prefer_lang=any”只是不再让一种语言排在前面）")])
def test_lang_any_is_told_apart_from_prefer_lang_any(client, lang, says):
    """The results' "any language" link sets prefer_lang=any; lang=any, typed after it, said only "'lang' must be
    zh, en or mixed", which named neither what lang is nor where "any" belongs. Its retry link drops lang only."""
    client.set_cookie("kb_lang", lang)
    response = client.get("/?q=vendor&lang=any&prefer_lang=any")
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400 and f"<p>{says}</p>" in page
    assert '<a class="retry" href="/?q=vendor&prefer_lang=any">' in page


@pytest.mark.parametrize("path", ["/documents/no/such", "/lessons/999999", "/sessions/999", "/nope",
                                  "/sessions/999/agenda.md"])
def test_unknown_things_are_404(client, path):
    assert client.get(path).status_code == 404


# "风险" * 1000: 2,000 characters, about the most an address holds (a longer Chinese query is a 414, tests/web/test_long_urls.py;
# search reads 10,000 characters of one sent by POST)
@pytest.mark.parametrize("query", ['"', "AND", "NEAR(", "*", "风险" * 1000, "<script>alert(1)</script>", "a' OR 1=1 --"])
def test_odd_queries_are_safe(client, query):
    response = client.get("/", query_string={"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)


def test_document_html_is_sanitised(client):
    body = client.get("/documents/evil/xss").get_data(as_text=True)
    content = body.split('class="rendered"', 1)[1].split("</section>", 1)[0]
    for bad in ("<script", "onerror", "onclick", "onload", "onmouseover", "javascript:", "<iframe", "<svg", "<style"):
        assert bad not in content.lower(), bad
    assert "Never trust" in content and "a javascript link" in content


def test_security_headers(client):
    response = client.get("/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_app_refuses_to_start_without_a_secret_key(tmp_path):
    Store(tmp_path / "kb.db").close()
    with pytest.raises(ConfigError, match="KB_SECRET_KEY"):
        create_app(Settings(db=tmp_path / "kb.db"))
    assert create_app(Settings(db=tmp_path / "kb.db", debug=True)) is not None


def test_anonymous_reading_can_be_turned_off(settings):
    app = create_app(settings.replace(allow_anonymous=False))
    client = app.test_client()
    response = client.get("/browse")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/api/documents").status_code == 401
    assert client.get("/login").status_code == 200


@pytest.mark.parametrize(("lang", "open_site", "closed_site"), [
    ("en", ("Searching and reading need no account. Accounts, to hand in lessons or curate them, are made by an "
            "administrator."), "Accounts are made by an administrator."),
    ("zh", "搜索和阅读无需登录。用于提交或整理经验的账户由系统管理员开设。", "账户由系统管理员开设。")])
def test_the_login_page_says_who_needs_an_account_and_where_accounts_come_from(settings, lang, open_site, closed_site):
    """A first-time reader sent to the login page (from Contribute, say) found two fields and nothing else."""
    for app, said, unsaid in ((create_app(settings), open_site, None),
                              (create_app(settings.replace(allow_anonymous=False)), closed_site, open_site)):
        client = app.test_client()
        client.set_cookie("kb_lang", lang)
        body = html.unescape(client.get("/login").get_data(as_text=True))
        assert f'<p class="muted login-help">{said}</p>' in body and (unsaid is None or unsaid not in body)


def test_searches_are_logged_for_the_digest(client, app, settings):
    client.get("/?q=nothing+matches+zzqx&mode=keyword")
    from kb.store import Store

    with Store(settings.db) as store:
        assert store.failed_searches("2000-01-01")[0]["query"] == "nothing matches zzqx"


def _lesson_id(client, key, fragment):
    doc = client.get(f"/api/documents/{key}").get_json()
    return next(l["id"] for l in doc["lessons"] if fragment in l["text"])


INJECTIONS = ["x' OR '1'='1", "'; DROP TABLE documents; --", '") OR 1=1 --', "NEAR(a b)", "* OR *", "\x00",
              "1; ATTACH DATABASE '/tmp/x' AS x", "风险' UNION SELECT password_hash FROM users --"]


@pytest.mark.parametrize("value", INJECTIONS)
def test_sql_and_fts_injection_in_search_and_filters_is_harmless(client, settings, value):
    for path, params in [("/", {"q": value}), ("/", {"q": "vendor", "project": value}),
                         ("/", {"q": "vendor", "tag": value}), ("/api/search", {"q": value, "project": value}),
                         ("/api/documents", {"project": value, "tag": value}), ("/browse", {"project": value}),
                         ("/api/tags", {"prefix": value}), ("/api/lessons", {"tag": value})]:
        response = client.get(path, query_string=params)
        empty = path == "/api/search" and not value.strip("\x00")  # a query of NUL alone is empty: 400
        assert response.status_code == (400 if empty else 200), (path, params, response.status_code)
        body = response.get_data(as_text=True)
        assert "scrypt:" not in body and "pbkdf2:" not in body  # no password hash leaks out
    from kb.store import Store

    with Store(settings.db) as store:
        assert store.stats()["documents"] == 5 and store.scalar("PRAGMA integrity_check") == "ok"


@pytest.mark.parametrize("param, value", [("sort", "date; DROP TABLE documents"), ("sort", "title DESC"),
                                          ("type", "charter' OR '1'='1"), ("lang", "zh' --"), ("mode", "hybrid'")])
def test_injection_in_enumerated_parameters_is_400(client, param, value):
    path = "/browse" if param == "sort" else "/"
    response = client.get(path, query_string={"q": "x", param: value})
    assert response.status_code == 400


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_search_leg_has_a_label(lang):
    # A hit's "matched by" labels come from the leg names; a leg without a message showed its key.
    from types import SimpleNamespace

    from search.searcher import Searcher
    from search.translated_index import LEG
    from web.i18n import MESSAGES

    # the legs of hybrid search, and the document-side translation leg, which joins when a query's first results are
    # mostly in the other language
    for name in (*Searcher.weights(SimpleNamespace(settings=Settings())), LEG):
        assert f"leg_{name}" in MESSAGES and translate(f"leg_{name}", lang) != f"leg_{name}", name


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_cross_language_search_labels_every_leg_that_matched(client, lang):
    # A Chinese query filtered to English documents: the document-side translation leg matched, and its badge said
    # "leg_document_translation".
    client.get(f"/lang/{lang}")
    body = client.get("/", query_string={"q": "测试环境没有准备好", "lang": "en"}).get_data(as_text=True)
    labels = set(re.findall(r'class="leg">([^<]*)<', body))
    assert labels and not [label for label in labels if label.startswith("leg_")]
    assert translate("leg_document_translation", lang) in labels


TOO_BIG = str(2**64)  # no SQLite row id is this large


@pytest.mark.parametrize("path", [f"/lessons/{TOO_BIG}", f"/api/lessons/{TOO_BIG}",
                                  f"/api/lessons/{TOO_BIG}/similar", f"/api/sessions/{TOO_BIG}"])
def test_ids_beyond_sqlite_integers_are_404_not_500(client, path):
    assert client.get(path).status_code == 404


def test_control_characters_in_a_query_never_reach_the_page(client):
    page = client.get("/?q=risk%00vendor")
    assert page.status_code == 200 and b"\x00" not in page.data and b"riskvendor" in page.data
    assert client.get("/api/search?q=%00").status_code == 400


def test_a_page_past_the_end_says_so_and_links_to_the_last(client):
    body = client.get("/?q=vendor&page=1000").get_data(as_text=True)
    assert "Page 1000 is past the last page of results" in body and "No results for" not in body
    pages = int(re.search(r"past the last page of results \((\d+)\)", body).group(1))
    assert f"Go to page {pages}" in body and re.search(rf'href="[^"]*page={pages}[^0-9]', body)


def test_every_page_names_an_icon_that_is_served(client):
    """Without one a browser asks for /favicon.ico on the first visit and logs a 404 in the console."""
    for path in ("/", "/login", "/no/such/page"):
        icon = re.search(r'<link rel="icon" type="image/svg\+xml" href="([^"]+)"', client.get(path).get_data(
            as_text=True)).group(1)
        with client.get(icon) as response:
            assert response.status_code == 200 and response.mimetype == "image/svg+xml" and b"<svg" in response.data


def test_the_icon_is_where_a_browser_looks_on_what_names_none(settings):
    """The print view, JSON and downloads opened in a tab name no icon: Chromium then asks for /favicon.ico and
    logged a 404 for it (seen on a session's print view), even where reading needs an account."""
    for app in (create_app(settings), create_app(settings.replace(allow_anonymous=False))):
        with app.test_client().get("/favicon.ico") as response:
            assert response.status_code == 200 and response.mimetype == "image/svg+xml" and b"<svg" in response.data


@pytest.mark.parametrize("lang, heading, reason", [("en", "403 · Not allowed", "This needs the curator role"),
                                                   ("zh", "403 · 无权访问", "知识管理员")])
def test_a_refusal_is_headed_like_the_other_error_pages(client, lang, heading, reason):
    from tests.web.conftest import login

    login(client, "rita")
    client.set_cookie("kb_lang", lang)
    page = client.get("/review").get_data(as_text=True)
    assert f"<h1>{heading}</h1>" in page and reason in page


def test_a_search_with_nothing_to_filter_has_no_empty_filter_column(client):
    nothing = client.get("/?q=qqxxzzqq&mode=keyword").get_data(as_text=True)
    assert 'id="filters"' not in nothing and "filter-button" not in nothing and "results-layout facetless" in nothing
    found = client.get("/?q=测试环境没有准备好").get_data(as_text=True)
    assert 'id="filters"' in found and "filter-button" in found and "facetless" not in found
    # a filter that leaves nothing keeps the panel, with the way back
    filtered = client.get("/?q=测试环境没有准备好&project=No+such+project").get_data(as_text=True)
    assert 'id="filters"' in filtered and 'class="clear"' in filtered


@pytest.mark.parametrize(("lang", "pattern"), [("zh", r"篇相关文档<span class=\"matched\">（共有 \d+ 篇"),
                                               ("en", r"relevant documents <span class=\"matched\">\(\d+ matched")])
def test_the_count_of_matches_sits_against_its_full_width_bracket_in_chinese(client, lang, pattern):
    """"59 篇相关文档（共有 108 篇…）": no space before a full-width bracket (it has its own); one before "(" in English."""
    client.set_cookie("kb_lang", lang)
    body = client.get("/?q=" + "测试环境 vendor late").get_data(as_text=True)
    assert re.search(pattern, body), re.search(r'<p class="count">.{0,200}', body, re.DOTALL).group(0)


@pytest.mark.parametrize(("lang", "headings"), [
    ("zh", ['项目<span class="facet-unit">（文档数）</span>', '经验类别<span class="facet-unit">（经验条数）</span>']),
    ("en", ['Project <span class="facet-unit">(documents)</span>', 'Lesson kind <span class="facet-unit">(lessons)</span>'])])
def test_a_filters_unit_sits_against_its_full_width_bracket_in_chinese(client, lang, headings):
    """"项目 （文档数）" stood a space and the bracket's own width apart from its heading."""
    client.set_cookie("kb_lang", lang)
    body = client.get("/?q=测试环境没有准备好").get_data(as_text=True)
    for heading in headings:
        assert f"<h2>{heading}</h2>" in body, re.findall(r'<section class="facet"><h2>.*?</h2>', body)


@pytest.mark.parametrize(("lang", "count"), [("en", r"1 relevant document · \d+ ms · Export: CSV · XLSX"),
                                             ("zh", r"1 篇相关文档 · \d+ 毫秒 · 导出：CSV · XLSX")])
def test_the_count_keeps_its_space_before_the_time_when_every_match_is_relevant(client, lang, count):
    """With no "(N matched …)" between them, the count ran into its separator: "7 relevant documents· 35 ms"."""
    client.set_cookie("kb_lang", lang)
    body = client.get("/?q=test+environment&mode=keyword").get_data(as_text=True)
    shown = re.search(r'<p class="count">(.*?)</p>', body, re.DOTALL).group(1)
    assert re.fullmatch(count, " ".join(re.sub("<[^>]+>", "", shown).split())), shown


@pytest.mark.parametrize("since, until", [("2025-05", "2025-05"), ("2025年5月", "2025年5月"), ("2025/5", "2025.5")])
def test_browse_takes_a_month_for_since_and_until(client, since, until):
    """since=2025-05 and 2025年5月 were a 400, "is not a date" (c-left2): a month runs from its first day to its last."""
    response = client.get("/browse", query_string={"since": since, "until": until, "size": "50"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "CRM migration retrospective" in body  # dated 2025-05-01
    assert "MES go-live post-mortem" not in body and "ERP升级一期复盘" not in body  # 2025-09-01, 2024-06-28


def test_a_month_that_does_not_exist_is_said_so_in_chinese(client):
    client.set_cookie("kb_lang", "zh")
    response = client.get("/browse?since=2025-13")
    assert response.status_code == 400  # and the month is said as a form it takes (u-left2)
    assert "“2025-13”不存在，请用 YYYY-MM-DD 或 YYYY-MM（例如 2025-01-31 或 2025-01）" in response.get_data(as_text=True)


def test_browse_sorted_once_can_be_sorted_another_way(client):
    """Sorted by title (and filtered), "Newest" led to ?sort=title&…&sort=date, the first sort won, and the list stayed
    by title: a sort once chosen could not be changed."""
    from urllib.parse import parse_qs, urlsplit

    body = client.get("/browse?sort=title&lang=zh&lang=en&page=1").get_data(as_text=True)
    sorts = re.search(r'<p class="sorts">(.*?)</p>', body, re.DOTALL).group(1)
    newest = html.unescape(re.search(r'<a href="([^"]+)"\s*>Newest</a>', sorts).group(1))
    query = parse_qs(urlsplit(newest).query)
    assert query["sort"] == ["date"] and query["lang"] == ["zh", "en"] and "page" not in query
    after = client.get(newest).get_data(as_text=True)
    assert re.search(r'<strong class="on" aria-current="true">Newest</strong>', after)


@pytest.mark.parametrize(("lang", "label"), [("en", "Recently added"), ("zh", "最近添加")])
def test_browse_says_when_it_lists_what_was_added_last(client, lang, label):
    """A digest's "and N more" leads to /browse?sort=ingested, where no sort was marked: the reader could not tell
    the list was of what came in last. It is a sort of its own, offered with the others."""
    client.set_cookie("kb_lang", lang)
    body = client.get("/browse?sort=ingested").get_data(as_text=True)
    assert f'<strong class="on" aria-current="true">{label}</strong>' in body
    assert re.search(rf'<a href="/browse\?sort=ingested">{label}</a>', client.get("/browse").get_data(as_text=True))


@pytest.mark.parametrize(("lang", "label"), [("en", "Best match"), ("zh", "最匹配")])
def test_browse_offers_the_digest_s_order_where_there_is_something_to_match(client, lang, label):
    """A digest's documents' "and N more" leads to /browse?…&sort=matched: the sort is marked there, offered with tags
    or projects to match, and not offered on the whole list."""
    client.set_cookie("kb_lang", lang)
    body = client.get("/browse?tag=environments&sort=matched").get_data(as_text=True)
    assert f'<strong class="on" aria-current="true">{label}</strong>' in body
    assert re.search(rf'<a href="/browse\?tag=environments&amp;sort=matched">{label}</a>',
                     client.get("/browse?tag=environments").get_data(as_text=True))
    assert label not in client.get("/browse").get_data(as_text=True)


@pytest.mark.parametrize(("lang", "says", "clear"), [("en", "No documents match these filters.", "Clear filters"),
                                                     ("zh", "没有符合这些筛选条件的文档。", "清除筛选")])
def test_browse_with_nothing_to_list_says_why_instead_of_an_empty_table(client, lang, says, clear):
    """A stale link (a project renamed since) or the curator's 'untagged' link once all are tagged listed
    'Documents 0' over an empty table, with sorts and spreadsheet exports of nothing."""
    client.set_cookie("kb_lang", lang)
    for path in ("/browse?project=No+such+project", "/browse?untagged=1&tag=供应商管理"):
        body = client.get(path).get_data(as_text=True)
        empty = re.search(r'<p class="empty" id="browse-empty">(.*?)</p>', body, re.DOTALL)
        assert empty and says in empty.group(1) and f'<a href="/browse">{clear}</a>' in empty.group(1)
        assert '<table class="docs">' not in body and 'class="sorts"' not in body and "format=xlsx" not in body
    body = client.get("/browse?project=ERP系统升级").get_data(as_text=True)
    assert 'id="browse-empty"' not in body and '<table class="docs">' in body and "format=xlsx" in body


def test_browse_of_an_empty_collection_says_there_is_nothing_yet(tmp_path):
    Store(tmp_path / "kb.db").close()  # as kb init leaves it
    client = create_app(Settings(db=tmp_path / "kb.db", secret_key=TEST_SECRET_KEY)).test_client()
    body = client.get("/browse").get_data(as_text=True)
    assert 'id="browse-empty"' in body and "Clear filters" not in body
    assert "The knowledge base holds no documents yet" in body  # and what to do first (tests/web/test_empty_store.py)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_reader_is_not_shown_an_empty_tags_section_a_curator_is(client, lang):
    """"Tags — No tags yet." on every untagged lesson and document said nothing a reader could act on."""
    from tests.web.conftest import login

    client.set_cookie("kb_lang", lang)
    lesson_id = client.get("/api/documents/crm/retro").get_json()["lessons"][0]["id"]
    none_yet = "No tags yet." if lang == "en" else "暂无标签。"
    for path in (f"/lessons/{lesson_id}", "/documents/crm/retro"):
        assert none_yet not in client.get(path).get_data(as_text=True), path
    tagged = client.get("/documents/erp/retro").get_data(as_text=True)
    assert 'id="tags"' in tagged and "供应商管理" in tagged  # a tag is shown to everyone
    login(client, "carl")
    for path in (f"/lessons/{lesson_id}", "/documents/crm/retro"):
        page = client.get(path).get_data(as_text=True)
        assert none_yet in page and 'class="tag-add js-tag-add"' in page, path


@pytest.mark.parametrize(("q", "lang", "says"), [
    ("！？", "zh", "只有标点或符号无法搜索"), ("--- ???", "en", "Punctuation and symbols alone are not searched for")])
def test_a_query_of_punctuation_alone_asks_for_words_not_for_another_mode(client, q, lang, says):
    """"！？" found nothing and the page offered other words, the other language and a link to search "！？" by
    meaning, which finds nothing either."""
    client.set_cookie("kb_lang", lang)
    body = client.get("/", query_string={"q": q}).get_data(as_text=True)
    assert says in body and "mode=semantic" not in body
    words = client.get("/", query_string={"q": "xyzzy plugh"}).get_data(as_text=True)
    assert says not in words


@pytest.mark.parametrize("language, words", [("en", "Log in"), ("zh", "登录")])
def test_a_refused_form_post_links_to_login_and_back_to_its_page(client, language, words):
    token = re.search(r'data-csrf="([^"]+)"', client.get("/sessions").get_data(as_text=True)).group(1)
    headers = {"Accept-Language": language, "Referer": "http://localhost/sessions?page=2"}
    response = client.post("/sessions", data={"title": "x", "csrf_token": token}, headers=headers)
    assert response.status_code == 401
    link = re.search(r'<a class="login" href="([^"]+)">([^<]+)</a>', response.get_data(as_text=True))
    assert link and html.unescape(link.group(1)) == "/login?next=/sessions?page%3D2" and link.group(2) == words
    headers["Referer"] = "http://evil.example/sessions"  # another site's page is not come back to
    body = client.post("/sessions", data={"title": "x", "csrf_token": token}, headers=headers).get_data(as_text=True)
    assert 'class="login" href="/login?next=/"' in body


@pytest.mark.parametrize("spelling", ["ZH", " Zh ", "zh"])
def test_lang_is_read_as_prefer_lang_is_whatever_its_case(client, spelling):
    """?prefer_lang=ZH was taken and ?lang=ZH refused (400): one reading for both (search.preference.spelled). The
    documents are those of lang=zh, the filter's chip says so, and the page's links carry it as lang=zh."""
    page = client.get("/browse", query_string={"lang": spelling, "size": 10})
    body = html.unescape(page.get_data(as_text=True))
    assert page.status_code == 200
    expected = client.get("/api/documents?lang=zh&limit=10").get_json()
    assert client.get("/api/documents", query_string={"lang": spelling, "limit": 10}).get_json() == expected
    assert all(f'href="/documents/{d["key"]}"' in body for d in expected["items"])
    assert expected["items"] and 'href="/browse?lang=zh&size=10&sort=title"' in body  # the links: lang=zh
    assert client.get("/", query_string={"q": "vendor", "mode": "keyword", "lang": spelling,
                                         "prefer_lang": spelling.upper()}).status_code == 200


@pytest.mark.parametrize("spelling", [str.upper, str.title, lambda word: f" {word} "])
def test_a_mode_and_an_order_are_read_as_lang_is_whatever_their_case(client, spelling):
    """?lang=ZH was taken, ?mode=Keyword and ?sort=Title refused (400): every word-valued parameter is read one way
    (web.views.search_args.choice_arg). The same results as the lower-case spelling, on the pages and in the API;
    links carry it in lower case; another word is still refused, naming the values."""
    def api(path: str, **args: str) -> dict:
        return {**client.get(path, query_string=args).get_json(), "took_ms": 0}
    assert api("/api/search", q="vendor", mode=spelling("keyword")) == api("/api/search", q="vendor", mode="keyword")
    assert (api("/api/search", q="vendor", mode="keyword", sort=spelling("date"))
            == api("/api/search", q="vendor", mode="keyword", sort="date"))
    assert api("/api/documents", sort=spelling("title")) == api("/api/documents", sort="title")
    assert api("/api/lessons", sort=spelling("added")) == api("/api/lessons", sort="added")
    def shown(page: str) -> list[str]:  # the documents listed, in order, and the mode the form has chosen
        return [*re.findall(r'<a href="(/documents/[^"]+)"', page), *re.findall(r'value="(\w+)" checked', page)]
    page = client.get("/", query_string={"q": "vendor", "mode": spelling("keyword")}).get_data(as_text=True)
    assert shown(page) == shown(client.get("/?q=vendor&mode=keyword").get_data(as_text=True)) and "keyword" in shown(page)
    browse = client.get("/browse", query_string={"sort": spelling("title")})
    assert browse.status_code == 200 and html.unescape(browse.get_data(as_text=True)).count("sort=title&format=csv") == 1
    for path, name in (("/?q=vendor", "mode"), ("/?q=vendor", "sort"), ("/browse", "sort"), ("/api/search?q=x", "mode"),
                       ("/api/lessons", "sort")):
        refused = client.get(f"{path}{'&' if '?' in path else '?'}{name}=Height")
        assert refused.status_code == 400 and f"'{name}' must be one of" in html.unescape(refused.get_data(as_text=True)), path


def test_the_search_box_takes_the_focus_on_the_empty_page_and_a_search_s_first_page_only(client):
    """Paging on through the results (page 2, 3…) focused the box again (app.js, data-focus): a phone's keyboard came
    up over the list the reader was paging through. A new search (its first page) keeps it; the empty page too, by
    app.js's data-focus, not autofocus (u-walk: on a phone autofocus brought the keyboard up over the start page)."""
    def box(path: str) -> str:
        return re.search(r'<input id="q"[^>]*>', client.get(path).get_data(as_text=True)).group(0)
    assert " data-focus" in box("/") and " autofocus" not in box("/")
    assert " data-focus" in box("/?q=vendor&mode=keyword") and " data-focus" in box("/?q=vendor&mode=keyword&page=1")
    assert " data-focus" not in box("/?q=vendor&mode=keyword&page=2") and " autofocus" not in box("/?q=vendor&page=2")


def test_a_later_page_of_results_says_which_at_the_top_and_in_its_title(settings):
    """Paging on (page 2 of 7), the top of the list and the tab's title said what page 1 said: the page was said only
    under the list, 1,000 px down a phone's."""
    client = create_app(settings.replace(page_size=1)).test_client()
    client.set_cookie("kb_lang", "zh")
    first, second, past = (client.get(f"/?q=test+environment+vendor+数据迁移&page={n}").get_data(as_text=True)
                           for n in (1, 2, 99))
    assert "<span>第 2 / 3 页</span>" in second
    assert "<title>test environment vendor 数据迁移 · 第 2 / 3 页 · " in second
    assert "<title>test environment vendor 数据迁移 · 经验教训知识库</title>" in first  # and past the last page, no such page
    assert "<title>test environment vendor 数据迁移 · 经验教训知识库</title>" in past
    count = re.search(r'<p class="count">(.*?)</p>', second, re.DOTALL).group(1)
    assert " · 第 2 / 3 页 · " in count and "页 · " not in re.search(r'<p class="count">(.*?)</p>', first,
                                                                     re.DOTALL).group(1)
