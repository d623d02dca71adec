"""Web page archives (.mht, .mhtml), made here as Python's email package writes a MIME message: Word's "Single File
Web Page" of a retrospective, its page quoted-printable or base64, UTF-8 or GB2312/GBK, and a picture beside it."""

from __future__ import annotations

import email.encoders
import re
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart

import pytest

from ingest.parsers import PARSERS
from ingest.source import RawFile
from kb.errors import IngestError

# The page as Word writes it: its list items lead with a bullet that only browsers without lists show (in a span
# styled mso-list:Ignore, inside <![if !supportLists]>), a script and a style that are never text.
WORD_PAGE = """<html xmlns:o="urn:schemas-microsoft-com:office:office">
<head><meta http-equiv=Content-Type content="text/html; charset={charset}"><meta name=ProgId content=Word.Document>
<title>仓储系统升级复盘</title><style><!-- p.MsoNormal {{margin:0cm}} --></style>
<script>document.write("不是经验")</script></head>
<body lang=ZH-CN><div class=WordSection1>
<h1>仓储系统升级复盘</h1>
<h2>经验教训<o:p></o:p></h2>
<p class=MsoListParagraph style='margin-left:18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol'><span style='mso-list:Ignore'>&#183;<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;
</span></span></span><![endif]>测试环境不稳定，导致上线延期两周。<o:p></o:p></p>
<p class=MsoListParagraph style='margin-left:18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol'><span style='mso-list:Ignore'>&#183;<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;
</span></span></span><![endif]>{second}<o:p></o:p></p>
</div></body></html>"""
SECOND = "供应商接口交付晚了五周，我们没有备选方案。"
LESSONS = ["测试环境不稳定，导致上线延期两周。", SECOND]


def archive(page: str, charset: str, encoding: str) -> bytes:
    """A web page archive of the page (in ``charset``, its part ``quoted-printable`` or ``base64``) and a picture,
    as the email package writes one (Word's and browsers' archives are the same MIME multipart/related)."""
    root = MIMEMultipart("related", type="text/html")
    root["Subject"] = "仓储系统升级复盘"
    part = MIMENonMultipart("text", "html", charset=charset)
    part.set_payload(page.encode(charset))
    (email.encoders.encode_quopri if encoding == "quoted-printable" else email.encoders.encode_base64)(part)
    part["Content-Location"] = "file:///C:/复盘.htm"
    root.attach(part)
    root.attach(MIMEImage(b"\x89PNG\r\n\x1a\n" + bytes(32), "png"))
    return root.as_bytes()


def _read(name: str, data: bytes):
    return PARSERS[name[name.rindex("."):] if "." in name else ""](RawFile(data=data, default_key=name))


@pytest.mark.parametrize("charset", ["utf-8", "gb2312", "gbk"])
@pytest.mark.parametrize("encoding", ["quoted-printable", "base64"])
def test_a_word_page_archive_is_read_as_its_page(charset, encoding):
    data = archive(WORD_PAGE.format(charset=charset, second=SECOND), charset, encoding)
    assert f"Content-Transfer-Encoding: {encoding}".encode() in data
    result = _read("复盘.mht", data)
    [doc] = result.documents
    assert (doc.title, [lesson.text for lesson in doc.lessons], result.warnings) == ("仓储系统升级复盘", LESSONS, [])
    # the HTML reader's own reading of the page (its sanitising too: no script, no style, no bullet)
    page = WORD_PAGE.format(charset="utf-8", second=SECOND).encode()
    [as_html] = PARSERS[".html"](RawFile(data=page, default_key="复盘.mht")).documents
    assert (doc.html, doc.raw_text) == (as_html.html, as_html.raw_text)
    assert "不是经验" not in doc.raw_text + doc.html and "document.write" not in doc.html


def test_a_page_named_gb2312_is_read_in_gbk_where_it_holds_gbks_characters():
    # Word names a Chinese page gb2312 whatever it holds; 镕, 喆, 堃 are GBK's, not GB2312's (Python's gb2312 codec
    # refuses them, and the bytes alone, read without the charset, are too few GB2312 characters to be taken for GBK)
    second = "朱镕基、陶喆、王堃：接口交付晚了。"
    data = archive(WORD_PAGE.format(charset="gb2312", second=second), "gbk", "quoted-printable")
    data = data.replace(b'charset="gbk"', b'charset="gb2312"')
    [doc] = _read("复盘.mhtml", data).documents
    assert [lesson.text for lesson in doc.lessons] == [LESSONS[0], second]


@pytest.mark.parametrize("charset", ["utf-8", "gbk"])
@pytest.mark.parametrize("encoding", ["quoted-printable", "base64"])
def test_a_page_cut_off_is_read_as_far_as_it_goes_with_a_warning(charset, encoding):
    """An archive cut short (a copy that stopped, a mail attachment truncated) has no closing boundary: its page is
    read as far as it goes, without what it ends in that is no text: half a base64 quantum (the email package gives
    the part undecoded: its base64 was read as the page), half a tag ("<p class=MsoListParagraph st" was a lesson),
    half a quoted-printable escape ("测试环境不稳=B"), half a character; a warning says the page may be incomplete."""
    data = archive(WORD_PAGE.format(charset=charset, second=SECOND), charset, encoding)
    assert _read("复盘.mht", data).warnings == []  # whole: no warning
    page = data[:data.index(b"Content-Type: image/png")]
    page = page[:page.rindex(b"\n--")]
    read: list[tuple[str, ...]] = []
    for end in range(len(page) - 700, len(page) + 1):  # cut everywhere in the page's last two list items
        result = _read("复盘.mht", page[:end])
        assert [w.message for w in result.warnings] == [
            "the web page archive (MHTML) is cut off (its closing boundary is missing): its page may be incomplete"]
        [doc] = result.documents
        lessons = [lesson.text for lesson in doc.lessons]
        assert all(whole.startswith(text) for text, whole in zip(lessons, LESSONS, strict=False)), (end, lessons)
        assert not re.search(r"[<=]|[A-Za-z0-9+/]{12}", doc.raw_text), (end, doc.raw_text)
        assert len(lessons) >= max(map(len, read), default=0), (end, lessons)  # a page cut later holds no less
        read.append(tuple(lessons))
    assert tuple(LESSONS) in read and (LESSONS[0], SECOND[:4]) in read
    with pytest.raises(IngestError, match="the web page archive \\(MHTML\\) is cut off before its page"):
        _read("复盘.mht", page[:page.index(b"Content-Location")])


@pytest.mark.parametrize(("data", "error"), [
    (b"", "empty file"),
    (bytes(range(256)) * 8, "named .mht but is not a web page archive (MHTML): it does not start with MIME headers"),
    (b"MIME-Version: 1.0\nContent-Type: multipart/related; boundary=b\n\n--b\nContent-Type: image/png\n\nx\n--b--\n",
     "a web page archive (MHTML) without a page: no text/html part"),
    (b"MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n\nICAg\n",
     "a web page archive (MHTML) whose page is empty"),
])
def test_what_is_no_readable_archive_says_what_it_is(data, error):
    with pytest.raises(IngestError, match=error.replace("(", r"\(").replace(")", r"\)")):
        _read("复盘.mht", data)


@pytest.mark.parametrize("before", [b"\xef\xbb\xbf", b"\r\n", b" \n\n"])
def test_an_archive_after_a_byte_order_mark_or_blank_lines_is_read(before):
    # its headers ended at the first line: "named .mht but is not a web page archive", though sniff took it for one
    data = before + archive(WORD_PAGE.format(charset="utf-8", second=SECOND), "utf-8", "base64")
    for name in ("复盘.mht", "复盘"):
        assert [lesson.text for lesson in _read(name, data).documents[0].lessons] == LESSONS


def test_a_plain_page_named_mht_is_read_as_html_saying_so():
    result = _read("复盘.mht", WORD_PAGE.format(charset="utf-8", second=SECOND).encode())
    assert [w.message for w in result.warnings] == ["named .mht but is HTML: read as HTML"]
    assert [lesson.text for lesson in result.documents[0].lessons] == LESSONS


def test_kb_ingest_names_each_archive_it_cannot_read_and_stores_the_rest(kb, write):
    good = archive(WORD_PAGE.format(charset="gb2312", second=SECOND), "gb2312", "quoted-printable")
    write("复盘.mht", good)
    write("损坏.mht", good[:good.index(b"Content-Type: text/html")])  # cut off before its page
    write("picture.mhtml", bytes(range(256)) * 8)
    result = kb("ingest", str(write.base), ok=False)
    assert result.exit_code == 1
    assert (f"{write.base / '损坏.mht'}: the web page archive (MHTML) is cut off before its page: save or copy it "
            "again") in result.output
    assert (f"{write.base / 'picture.mhtml'}: named .mhtml but is not a web page archive (MHTML): it does not start "
            "with MIME headers (MIME-Version, Content-Type)") in result.output
    assert "1 added" in result.output and "2 failed" in result.output
    assert "测试环境不稳定" in kb("search", "测试环境").output
