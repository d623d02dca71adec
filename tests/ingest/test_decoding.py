import pytest

from ingest.decoding import decode
from kb.errors import DecodeError

TEXT = "项目复盘：供应商交付延期，测试环境未就绪。\n- 需求不清晰，返工三周。\n"


@pytest.mark.parametrize("encoding, label", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig (BOM)"), ("utf-16", "utf-16 (BOM)"), ("utf-32", "utf-32 (BOM)"),
    ("gbk", "gb18030"), ("gb18030", "gb18030"),
])
def test_chinese_text_in_every_supported_encoding(encoding, label):
    decoded = decode(TEXT.encode(encoding))
    assert decoded.text == TEXT and decoded.encoding == label and decoded.warning is None


def test_utf16_without_bom_is_detected_from_its_zero_bytes():
    decoded = decode("Lessons learned\n- Order hardware early.\n".encode("utf-16-le"))
    assert decoded.text.startswith("Lessons learned") and decoded.encoding == "utf-16-le (no BOM)"


def test_crlf_is_normalised():
    assert decode(b"a\r\nb\rc").text == "a\nb\nc"


def test_truncated_utf8_is_kept_with_a_warning():
    decoded = decode(TEXT.encode("utf-8")[:-2])
    assert decoded.text == TEXT[:-2] and "2 byte(s) dropped" in decoded.warning


@pytest.mark.parametrize("data, message", [
    (b"", "empty file"),
    (b"  \n\t", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", "binary file"),
    (bytes(range(1, 32)) * 20, "binary file"),
    (TEXT.encode("utf-8") + b"\xff\xfe" + TEXT.encode("utf-8"), "invalid UTF-8 at byte"),
    ("專案檢討：供應商延遲".encode("big5"), "cannot tell the encoding"),
])
def test_undecodable_input_is_refused_with_a_reason(data, message):
    with pytest.raises(DecodeError, match=message):
        decode(data)


def test_gbk_is_never_chosen_for_western_text():
    decoded = decode("The M\u00fcnchen caf\u00e9 review.".encode("cp1252"))
    assert decoded.text == "The M\u00fcnchen caf\u00e9 review." and "Windows-1252" in decoded.warning


@pytest.mark.parametrize("text", [
    "Weekly status report. The vendor delivered the interface late; testing was squeezed. 中文\n",
    "Project: ERP upgrade\nOwner: 王芳\n\nLessons learned\n- Order long-lead hardware at approval.\n",
])
def test_mostly_english_gbk_text_keeps_its_chinese_words(text):
    # Its GBK bytes also read as Windows-1252 letters (中文 as ÖÐÎÄ): GB18030 must be tried first.
    decoded = decode(text.encode("gbk"))
    assert decoded.text == text and decoded.encoding == "gb18030" and decoded.warning is None
