"""Every message a visitor can see comes from the catalogue in both languages: the catalogue is complete, every
error message the code can raise has an entry, and Chinese pages show no English error."""

from __future__ import annotations

import ast
import html
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kb.digest import current_week, parse_period
from kb.store import Store
from tests.web.conftest import csrf_of, login, refused
from web.error_text import ERRORS, error_text, match
from web.i18n import MESSAGES

REPO = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")  # Chinese, or its punctuation (、。), or full-width (：)
# Files whose errors reach a page or the API (CLI-only modules are left out: the CLI speaks English).
SOURCES = ["web", "kb/store/contributions.py", "kb/store/lesson_corrections.py", "kb/agenda.py", "kb/ics.py", "kb/store/reads.py", "kb/store/sessions.py", "kb/store/subscribers.py",
           "kb/store/tags.py", "kb/store/synonyms.py", "kb/store/curation.py", "kb/fields.py", "kb/digest/links.py", "kb/digest/periods.py",
           "search/query.py", "search/searcher.py", "search/similar.py"]
ENGLISH = re.compile(r"\b[a-z]{2,}\s+[a-z]{2,}\s+[a-z]{2,}\b")  # three English words in a row


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_catalogue_entry_has_both_languages(key):
    english, chinese = MESSAGES[key]
    assert english.strip() and chinese.strip()
    assert CJK.search(chinese), f"{key}: the Chinese is not Chinese: {chinese!r}"
    if key not in ERRORS:  # an error's Chinese may leave out a detail that only an administrator can read
        assert _placeholders(english) == _placeholders(chinese), key


def _sample(node: ast.AST) -> str | None:
    """A message as the code builds it, each value replaced by X; None when it is not a literal."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "X" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _sample(node.left), _sample(node.right)
        if isinstance(node.right, ast.IfExp):
            right = _sample(node.right.body)
        return None if left is None or right is None else left + right
    return None


def _raised_messages() -> list[tuple[str, str]]:
    found = []
    files = [p for s in SOURCES for p in ((REPO / s).rglob("*.py") if (REPO / s).is_dir() else [REPO / s])]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            argument = None
            if name == "abort":
                argument = next((k.value for k in node.keywords if k.arg == "description"), None)
            elif name in ("InvalidInput", "NotFound") and node.args:
                argument = node.args[0]
            sample = _sample(argument) if argument is not None else None
            if sample is not None:
                found.append((f"{path.relative_to(REPO)}:{node.lineno}", sample))
    return found


def test_every_error_the_code_raises_has_a_catalogue_entry():
    messages = _raised_messages()
    assert len(messages) > 60  # the walk finds them
    missing = [(where, text) for where, text in messages if match(text) is None]
    assert missing == []


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_the_chinese_quotes_in_chinese_quotation_marks(key):
    """'read' and 'Content-Type: application/json' in a Chinese sentence: English quotes, where Chinese text (and
    the rest of this catalogue) has “”."""
    assert not re.search("['\"]", MESSAGES[key][1]), MESSAGES[key][1]


@pytest.mark.parametrize(("message", "chinese"), [
    ("'nope' is not an e-mail address", "“nope”不是有效的邮箱地址"),
    ('"nope" is not an e-mail address', "“nope”不是有效的邮箱地址"),
    ("unknown sort 'x'; use one of: relevance, date", "未知的排序方式“x”，可用：relevance、date"),
    ("no document with key it's-mine", "没有编号为 it's-mine 的文档")])  # an apostrophe inside a value is the value's
def test_a_value_the_english_quotes_is_quoted_the_chinese_way(message, chinese):
    assert error_text(message, "zh") == chinese


def test_error_text_fills_the_values_into_the_chinese():
    assert error_text("no document with key 'erp/x'", "zh") == "没有编号为“erp/x”的文档"
    assert error_text("'2026-W99' does not exist: use an ISO week like 2026-W47 or a day like 2026-11-25", "zh") == \
        "“2026-W99”不存在：请使用 ISO 周（如 2026-W47）或日期（如 2026-11-25）"
    assert error_text("lesson 923 is already on this agenda", "zh") == "经验 923 已在本次议程中"
    assert error_text("lesson 923 is already on this agenda", "en") == "Lesson 923 is already on this agenda"
    assert error_text("something nobody wrote down", "zh") == "请求无法完成。"


@pytest.mark.parametrize(("value", "chinese"), [
    (7, "“tag”必须是文本，而不是 数字"), (True, "“tag”必须是文本，而不是 true/false"),
    ([1], "“tag”必须是文本，而不是 列表"), ({}, "“tag”必须是文本，而不是 对象"), (None, "“tag”必须是文本，而不是 null")])
def test_the_kind_of_value_sent_is_said_in_chinese(value, chinese):
    # it read "“tag”必须是文本，而不是 a number": the kind stayed English (kb.fields.describe)
    from kb.fields import describe

    assert error_text(f"'tag' must be text, not {describe(value)}", "zh") == chinese


@pytest.mark.parametrize(("message", "shown"), [
    ("unknown lesson kind 'x'", "Unknown lesson kind 'x'"),
    ("choose at least one lesson", "Choose at least one lesson"),
    ("'since' is invalid: 'x' is not a date; use YYYY-MM-DD (like 2025-01-31)",
     "'since' is invalid: 'x' is not a date; use YYYY-MM-DD (like 2025-01-31)"),
    # a message that begins with a value keeps it as it was typed
    ("notes.docx: the file is empty", "notes.docx: the file is empty"),
    ("bob@example.com is already subscribed", "bob@example.com is already subscribed"),
    ("lesson 923 is already on this agenda", "Lesson 923 is already on this agenda"),
    ("nothing could be stored", "Nothing could be stored"),  # no entry: a plain word still starts a sentence
])
def test_an_english_message_on_a_page_is_a_sentence(message, shown):
    assert error_text(message, "en") == shown
    assert error_text(message, "en", as_sentence=False) == message


def test_english_flash_errors_and_error_pages_start_with_a_capital_the_api_keeps_its_words(as_curator):
    client, token = as_curator
    client.set_cookie("kb_lang", "en")
    sent = client.post("/review", data={"csrf_token": token, "action": "approve"})
    assert _error_of(client.get(sent.headers["Location"]).get_data(as_text=True)) == "Choose at least one lesson"
    assert _error_of(client.get("/?q=x&kind=nice").get_data(as_text=True)) == "Unknown lesson kind 'nice'"
    api = client.get("/api/search?q=x&kind=nice").get_json()
    assert api["error"]["message"] == "unknown lesson kind 'nice'"


def test_a_flash_that_says_what_went_wrong_is_an_alert_apart_from_what_was_done(as_curator):
    """"Choose at least one lesson" came in the same blue box, role "status", as "2 lessons approved"."""
    client, token = as_curator
    for lang, wrong in (("en", "Choose at least one lesson"), ("zh", "请至少选择一条经验")):
        client.set_cookie("kb_lang", lang)
        client.post("/review", data={"csrf_token": token, "action": "approve"})
        page = client.get("/review").get_data(as_text=True)
        assert re.search(r'<div class="flash error" role="alert"><p>([^<]*)</p></div>', page).group(1) == wrong
        assert 'role="status"' not in page
    lesson_id = re.search(r'name="ids" value="(\d+)"', page).group(1)
    client.post("/review", data={"csrf_token": token, "action": "approve", "ids": lesson_id})
    page = client.get("/review").get_data(as_text=True)
    assert '<div class="flash verdict" role="status"><p>' in page and 'role="alert"' not in page  # with its Undo


def _error_of(body: str) -> str:
    found = re.search(r'<section class="card narrow error-page">.*?<p>(.*?)</p>', body, re.DOTALL) or \
        re.search(r'class="(?:error-box|flash error)"[^>]*>(.*?)</(?:p|div)>', body, re.DOTALL)
    assert found, body[-1500:]
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()


@pytest.mark.parametrize(("path", "status", "english"), [
    ("/documents/no-such-key", 404, "No document with key"),
    ("/lessons/99999", 404, "No lesson 99999"),
    ("/?q=vendor&mode=fuzzy", 400, "'mode' must be one of"),
    ("/?q=vendor&since=yesterday", 400, "is not a date or a month; use YYYY-MM-DD or YYYY-MM"),
    ("/browse?sort=colour", 400, "'sort' must be one of"),
    ("/no/such/page", 404, "The requested URL was not found"),
])
def test_reader_errors_are_in_the_page_language(client, path, status, english):
    client.set_cookie("kb_lang", "zh")
    response = client.get(path)
    message = _error_of(response.get_data(as_text=True))
    assert response.status_code == status
    assert CJK.search(message) and not ENGLISH.search(message), message
    client.set_cookie("kb_lang", "en")
    assert english in _error_of(client.get(path).get_data(as_text=True))


def test_curator_errors_are_in_the_page_language(client, settings):
    client.set_cookie("kb_lang", "zh")
    token = login(client, "carl")
    week = client.get("/curate/digest?period=2026-W99")
    assert week.status_code == 400 and _error_of(week.get_data(as_text=True)) == \
        "“2026-W99”不存在：请使用 ISO 周（如 2026-W47）或日期（如 2026-11-25）"
    created = client.post("/sessions", data={"csrf_token": token, "title": "分享会"})
    session_url = created.headers["Location"]
    lesson_id = int(re.search(r"/lessons/(\d+)", client.get("/documents/erp/retro").get_data(as_text=True)).group(1))
    for _ in range(2):
        added = client.post(f"{session_url}/items", data={"csrf_token": token, "lesson_id": lesson_id})
        page = client.get(added.headers["Location"]).get_data(as_text=True)
    assert _error_of(page).strip() == f"经验 {lesson_id} 已在本次议程中"
    bad = client.post("/curate/subscribers", data={"csrf_token": csrf_of(client), "action": "add",
                                                   "email": "x", "name": "李雷"})
    body = refused(client, bad).get_data(as_text=True)
    assert _error_of(body) == "“x”不是有效的邮箱地址"
    assert 'value="李雷"' in body  # the form keeps what was typed


def test_the_english_subscribers_page_names_languages_in_english(client):
    client.set_cookie("kb_lang", "en")
    login(client, "carl")
    body = client.get("/curate/subscribers").get_data(as_text=True)
    assert ">Chinese</option>" in body and ">English</option>" in body
    assert "中文</option>" not in body and "英文" not in body


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_subscriber_a_curator_adds_gets_the_pages_language_unless_another_is_chosen(client, lang):
    """As on /subscribe: the curator's form chose Chinese whatever the page's language (its first option)."""
    client.set_cookie("kb_lang", lang)
    login(client, "carl")
    body = client.get("/curate/subscribers").get_data(as_text=True)
    assert re.findall(r'<option value="(zh|en)" selected>', body) == [lang]
    token = csrf_of(client, "/curate/subscribers")
    other = "zh" if lang == "en" else "en"
    for email, chosen in ((f"a-{lang}@example.com", {}), (f"b-{lang}@example.com", {"language": other})):
        sent = client.post("/curate/subscribers", data={"csrf_token": token, "action": "add", "email": email, **chosen})
        assert sent.status_code == 302
    body = client.get("/curate/subscribers").get_data(as_text=True)
    languages = dict(re.findall(r"<td>([ab]-\w+@example\.com)</td><td[^>]*></td><td[^>]*>([^<]+)</td>", body))
    names = {"en": ("English", "Chinese"), "zh": ("中文", "英文")}[lang]  # its own language, the other
    assert languages == {f"a-{lang}@example.com": names[0], f"b-{lang}@example.com": names[1]}


@pytest.mark.parametrize("lang, label, example", [("en", "Period", "2026-W49"), ("zh", "周期", "2026-W49")])
def test_the_digest_previews_period_is_called_a_period_and_says_its_two_forms(as_curator, lang, label, example):
    client, _ = as_curator
    client.set_cookie("kb_lang", lang)
    page = client.get("/curate/digest").get_data(as_text=True)
    field = re.search(r"<label>((?:(?!<label>).)*?)<input name=\"period\"", page, re.DOTALL).group(1)
    assert field.startswith(label) and example in field and "2026-12-01" in field  # was "Date"/"日期" for "2026-W49"


@pytest.mark.parametrize(("lang", "subject", "language"), [("zh", "经验教训知识库周报", "中文"),
                                                           ("en", "Lessons KB digest", "English")])
def test_with_nobody_subscribed_the_digest_preview_shows_a_new_subscribers_digest(as_curator, lang, subject, language):
    """A new installation's curator opened the preview to see what readers would get, and got only "There is no
    subscriber to preview a digest for yet."; a new subscriber's digest can be previewed in either language."""
    client, _ = as_curator
    client.set_cookie("kb_lang", lang)
    page = html.unescape(client.get("/curate/digest").get_data(as_text=True))
    assert 'id="no-preview"' in page and subject in page
    assert re.search(rf'<option value="new-{lang}" selected>[^<]*{language}', page)
    # the choice of one subscriber's digest: it was labelled "Subscribers"
    assert f'<label>{ {"en": "Whose digest", "zh": "谁的周报"}[lang]} <select name="email">' in page
    raw = client.get(f"/curate/digest/raw?email=new-{lang}")
    assert raw.status_code == 200 and subject in raw.get_data(as_text=True)
    other = "en" if lang == "zh" else "zh"
    assert f'value="new-{other}" selected' in client.get(f"/curate/digest?email=new-{other}").get_data(as_text=True)


@pytest.mark.parametrize("lang, says", [("en", "'last week' is not a period: use an ISO week like 2026-W47"),
                                         ("zh", "“last week”不是有效的周期：请使用 ISO 周（如 2026-W47）"),
                                         ("zh", "“2026-02-30”不存在：请使用 ISO 周（如 2026-W47）或日期")])
def test_a_period_that_is_none_comes_back_as_the_preview_form_as_typed_saying_why(as_curator, settings, lang, says):
    """It was an error page whose one link led to search: the curator typed the period again on a new page."""
    with Store(settings.db) as store:
        for email in ("a@example.com", "b@example.com"):
            store.add_subscriber(email)
    client, _ = as_curator
    client.set_cookie("kb_lang", lang)
    typed = re.match(r"['“]([^'”]+)['”]", says).group(1)
    response = client.get(f"/curate/digest?email=b@example.com&period={typed.replace(' ', '+')}")
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400 and f'<p class="error-box" role="alert">{says}' in page
    assert f'<input name="period" value="{typed}"' in page and 'value="b@example.com" selected' in page
    assert "<iframe" not in page and 'id="no-preview"' not in page
    # the field marked and focused, the words under it (the focus was on the page, the field unmarked)
    assert re.search(r'<input name="period"[^>]* autofocus aria-invalid="true" aria-describedby="period-error">', page)
    assert f'<p class="field-error" id="period-error">{says}' in page and page.count("autofocus") == 1


@pytest.mark.parametrize("lang, says", [
    ("en", ("{label} has not begun (it starts {start} 00:00 UTC): nothing in it can be sent yet, and each subscriber's "
           "next digest would start where it ends; give a period that has begun")),
    ("zh", ("{label} 还没有开始（开始于 {start} 00:00 UTC）：其中还没有可发送的内容，而且每位订阅者的下一期周报将从它结束时才开始；"
           "请填写已经开始的周期"))])
@pytest.mark.parametrize("ahead", [timedelta(days=8), timedelta(days=365)])
def test_a_period_not_begun_is_refused_by_the_preview_as_kb_digest_send_refuses_it(as_curator, settings, lang, says,
                                                                                  ahead):
    """kb digest send --period refused next year's week (typed for this year's); the curator's preview showed a
    digest for it, with nothing in it, as if it could be sent. Refused with the same words, the form kept."""
    with Store(settings.db) as store:
        store.add_subscriber("a@example.com")
    client, _ = as_curator
    client.set_cookie("kb_lang", lang)
    week = parse_period((datetime.now(UTC) + ahead).strftime("%G-W%V"))
    response = client.get(f"/curate/digest?period={week.label}")
    page = html.unescape(response.get_data(as_text=True))
    said = says.format(label=week.label, start=f"{week.start:%Y-%m-%d}")
    assert response.status_code == 400 and f'<p class="error-box" role="alert">{said}</p>' in page
    assert f'<input name="period" value="{week.label}"' in page and "<iframe" not in page
    assert client.get(f"/curate/digest/raw?period={week.label}").status_code == 400
    this_week = current_week().label  # begun: previewed as before
    assert client.get(f"/curate/digest?period={this_week}").status_code == 200


@pytest.mark.parametrize("lang, question", [("en", "Delete the share session “Q3 &amp; vendors” and its agenda?"),
                                            ("zh", "删除分享会“Q3 &amp; vendors”及其议程？")])
def test_a_confirmation_asks_a_whole_question_in_the_pages_language(as_curator, lang, question):
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    created = client.post("/api/sessions", json={"title": "Q3 & vendors"}, headers={"X-CSRF-Token": token}).get_json()
    page = client.get(f"/sessions/{created['id']}").get_data(as_text=True)
    assert f'class="inline js-confirm" data-confirm="{question}"' in page  # the title escaped, the question ours
    forms = re.findall(r'<form [^>]*class="[^"]*js-confirm[^"]*"[^>]*>', page)
    assert forms and all("data-confirm=" in form for form in forms)


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zipped_notes() -> bytes:
    """A zip of a folder of notes, named as Word (no Office file: "named .docx but is a zip archive")."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes/retro.md", "# Retro")
    return out.getvalue()


@pytest.mark.parametrize(("name", "content"), [
    ("broken.docx", b"PK\x03\x04 not really a zip"), ("broken.pptx", b"\x00\x01garbage\xfe" * 50), ("broken.xlsx", b"PK\x03\x04"),
    ("broken.pdf", b"%PDF-1.4 truncated"), ("old.docx", _OLE + b"\x00" * 600),
    ("locked.docx", _OLE + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 600),
    ("notes.md", b"---\ntitle: x\n\nno end of the front matter\n"), ("notes2.md", b"---\ntitle: [x\n---\nText\n"),
    ("register.csv", "名称,负责人\n需求评审,张伟\n".encode()), ("empty.txt", b"   \n"),
    ("retro.doc", b"{\\rtf1\\ansi Lessons\\par}"), ("folder.docx", _zipped_notes()), ("blank.pptx", b""),
    ("page.mht", b"MIME-Version: 1.0\nContent-Type: multipart/related; boundary=b\n\n--b\nContent-Type: image/png\n\nx\n--b--\n"),
    ("cut.mht", b"MIME-Version: 1.0\nContent-Type: multipart/related; boundary=b\n\n--b\nContent-Type: image/png\n\nx\n"),
    ("blank.mhtml", b"MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n  \n"), ("photo.mht", bytes(range(256))),
])
def test_what_an_upload_could_not_read_is_said_in_chinese(name, content):
    """The reasons the parsers give for a file they cannot read (shown on the upload's page) have catalogue entries:
    a Chinese page says them in Chinese, without an exception's name."""
    from pathlib import PurePosixPath

    from ingest.parsers import PARSERS
    from ingest.source import RawFile
    from kb.errors import IngestError

    with pytest.raises(IngestError) as raised:
        PARSERS[PurePosixPath(name).suffix](RawFile(data=content, default_key=name))
    message = str(raised.value)
    assert match(message) is not None, message
    chinese = error_text(message, "zh")
    assert CJK.search(chinese) and not re.search(r"[A-Z][a-z]+(Error|File|Exception)", chinese), chinese


@pytest.mark.parametrize("pages", [1, 2])
def test_a_scan_without_text_is_said_in_chinese_for_one_page_and_for_several(pages):
    """The parser says "1 page without a text layer" and "2 pages …", with OCR installed or not: each has its
    catalogue entry (the pattern said "page(s)", and a Chinese page showed only "the request could not be done")."""
    from ingest.pdf_doc import MESSAGES, parse_pdf
    from ingest.source import RawFile
    from kb.errors import IngestError
    from kb.wording import say
    from tests.ingest.test_pdf import scan_without_text

    with pytest.raises(IngestError) as raised:  # the real parser, on this machine's OCR
        parse_pdf(RawFile(data=scan_without_text(pages), default_key="scan.pdf"))
    both = [str(raised.value)] + [say(MESSAGES, key, "en", n=pages) for key in ("no_ocr", "ocr_empty")]
    assert [error_text(message, "zh")[:len(f"扫描件：{pages} 页没有文字层")] for message in both] == \
        [f"扫描件：{pages} 页没有文字层"] * 3


@pytest.mark.parametrize(("key", "values", "en", "zh"), [
    ("relevant_count", {"relevant": 1}, "1 relevant document", "1 篇相关文档"),
    ("relevant_count", {"relevant": 2}, "2 relevant documents", "2 篇相关文档"),
    ("nothing_relevant", {"total": 1}, "Nothing relevant found: 1 document matched", "1 篇文档只是碰到了"),
    ("home_searched", {"n": 1}, "1 search", "1 次"),
    ("published", {"n": 1}, "Published: 1 document, searchable now. It waits", "已发布 1 篇文档"),
    ("published", {"n": 3}, "Published: 3 documents, searchable now. They wait", "已发布 3 篇文档"),
])
def test_a_count_of_one_is_said_in_the_singular(key, values, en, zh):
    """'1 relevant documents', 'Published: 1 documents … They wait': English needs the singular for one."""
    from web.i18n import translate

    assert translate(key, "en", **values).startswith(en) or en in translate(key, "en", **values)
    assert zh in translate(key, "zh", **values)
    one = {k: v for k, v in MESSAGES.items() if k.endswith("_one")}
    assert one and all(k[:-4] in MESSAGES for k in one)  # each a form of a message that exists


@pytest.mark.parametrize(("path", "said"), [
    ("/?q=x&mode=fuzzy", "搜索模式（mode）只能是 keyword、semantic、hybrid 之一"),
    ("/browse?sort=size", "排序方式（sort）只能是 date、-date、title、-title、project、key、ingested、matched 之一")])
def test_a_list_of_choices_in_a_chinese_message_is_a_chinese_list(client, path, said):
    """"只能是 keyword, semantic, hybrid 之一": the English list's commas in a Chinese sentence."""
    client.set_cookie("kb_lang", "zh")
    response = client.get(path)
    assert response.status_code == 400 and said in response.get_data(as_text=True)


@pytest.mark.parametrize(("lang", "header", "about", "everything"), [
    ("zh", "关注内容", "Factory MES Rollout、供应商管理、需要改进", "全部内容"),
    ("en", "Interests", "Factory MES Rollout, 供应商管理, Went wrong", "Everything")])
def test_the_subscribers_page_says_what_each_digest_is_about(client, settings, lang, header, about, everything):
    # the page listed name, language and frequency, not the interests a curator had just chosen (the CLI lists them)
    with Store(settings.db) as store:
        store.add_subscriber("li@example.org", interests={"projects": ["Factory MES Rollout"], "tags": ["供应商管理"],
                                                          "kinds": ["went_wrong"]})
        store.add_subscriber("all@example.org")
    client.set_cookie("kb_lang", lang)
    login(client, "carl")
    body = client.get("/curate/subscribers").get_data(as_text=True)
    assert f"<th>{header}</th>" in body
    cells = re.findall(rf'<td data-label="{header}">([^<]*)</td>', body)
    assert cells == [everything, about]  # by address: all@ before li@


def test_a_key_defined_in_two_parts_of_the_catalogue_is_refused():
    """The catalogue is assembled from one module an area of the UI (web/i18n/): a key in two of them would have
    the later one silently win, so assembling it names the key instead."""
    from web.i18n import assembled, contributing, pages

    with pytest.raises(ValueError, match="message keys defined twice: save$"):
        assembled({"save": ("Save", "保存"), "cancel": ("Cancel", "取消")}, {"open": ("Open", "打开")},
                  {"save": ("Keep", "保留")})
    with pytest.raises(ValueError, match="defined twice"):
        assembled(pages.MESSAGES, contributing.MESSAGES, {"app_name": ("Lessons", "经验")})
    assert assembled({"a": ("A", "甲")}, {"b": ("B", "乙")}) == {"a": ("A", "甲"), "b": ("B", "乙")}


@pytest.mark.parametrize(("name", "app", "newer"), [("retro.doc", "Word", ".docx"), ("deck.ppt", "PowerPoint", ".pptx"),
                                                    ("register.xls", "Excel", ".xlsx")])
def test_an_old_office_file_is_told_which_program_saves_it_anew(name, app, newer):
    """A .doc was told to open it "in Word, PowerPoint, Excel or LibreOffice" (请用 Word、PowerPoint、Excel 或 LibreOffice
    打开): the one program that opens it, in both languages."""
    from pathlib import PurePosixPath

    from ingest.parsers import PARSERS
    from ingest.source import RawFile
    from kb.errors import IngestError

    with pytest.raises(IngestError) as raised:
        PARSERS[PurePosixPath(name).suffix](RawFile(data=_OLE + b"\x00" * 600, default_key=name))
    message = str(raised.value)
    assert f"open it in {app} or LibreOffice and save it as {newer}" in message
    assert f"请用 {app} 或 LibreOffice 打开，另存为 {newer}" in error_text(message, "zh")
    assert not {"Word", "PowerPoint", "Excel"} - {app} & set(re.findall(r"[A-Za-z]+", error_text(message, "zh")))
