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


@pytest.mark.parametrize("cut, dropped", [(1, "2 bytes dropped"), (2, "1 byte dropped")])
def test_truncated_utf8_is_kept_with_a_warning(cut, dropped):
    # "。" is three bytes: cut one and two are left over, cut two and one is (it said "1 byte(s) dropped")
    text = TEXT.rstrip("\n")
    decoded = decode(text.encode("utf-8")[:-cut])
    assert decoded.text == text[:-1] and decoded.warning == f"file ends in the middle of a UTF-8 character ({dropped})"


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


def test_stray_terminal_controls_in_a_short_utf8_note_are_removed_not_refused():
    # A real 经验总结 (344 characters) pasted from a terminal: 15 backspaces, 4 % of its characters.
    note = "## update_time 问题\n\b\n- `\b\bupdate_time` 字段没有默认值，插入时报错。\n" + "- 以后建表时先给每个时间字段写好默认值，再写插入语句。\n" * 9
    note = note.replace("报错", "报错\b\b\b\b\b\b\b\b\b\b\b\b")
    decoded = decode(note.encode("utf-8"))
    assert decoded.text == note.replace("\b", "")
    assert decoded.encoding == "utf-8" and decoded.warning == "15 control characters removed (backspaces, escape codes)"


@pytest.mark.parametrize(("data", "text"), [
    (b"- \x1b[1;31mERROR\x1b[0m: disk full\n", "- ERROR: disk full\n"),  # kept "[1;31mERROR[0m"
    (b"- Pasted from a terminal\x08\x1b[0m with codes.\n", "- Pasted from a terminal with codes.\n"),
    (b"\x1b]0;build log\x07- Order hardware early.\n", "- Order hardware early.\n"),  # a window title
    (b"- \x1b7saved\x1b8 cursor\n", "- saved cursor\n"),
])
def test_a_terminal_escape_code_is_removed_whole(data, text):
    # README, Encodings: "escape codes pasted from a terminal are removed"; only the ESC was, the rest stayed text
    decoded = decode(data)
    assert decoded.text == text
    assert decoded.warning.endswith("removed (backspaces, escape codes)")


def test_one_stray_control_character_is_counted_in_the_singular():
    decoded = decode(b"Lessons learned\n- Order hardware\b early.\n")
    assert decoded.warning == "1 control character removed (backspaces, escape codes)"  # not "1 control character(s)"


def test_a_few_controls_are_still_binary_when_the_encoding_is_only_a_guess():
    # GB18030 decodes almost any bytes: there a control character in 200 is enough to refuse.
    data = ("供应商交付延期，测试环境没有准备好。" * 3).encode("gbk") + b"\x01\x02" * 9
    with pytest.raises(DecodeError, match="binary file"):
        decode(data)


def test_utf16_without_a_bom_is_a_guess_too():
    # A table of little-endian 16-bit numbers: every other byte is zero, so it reads as UTF-16 without a BOM, and
    # most values are letters. One in 20 is below 32, a control character: the tenth allowed to UTF-8 would keep it.
    values = [1 + i % 31 if i % 20 == 0 else 0x41 + i % 26 for i in range(2000)]
    data = b"".join(v.to_bytes(2, "little") for v in values)
    with pytest.raises(DecodeError, match="binary file"):
        decode(data)
