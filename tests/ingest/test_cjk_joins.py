"""Where ingest joins two pieces of text, Chinese (ideographs, full-width punctuation) takes no space and no
separator between them; one definition of that script (``kb.text.is_cjk``) serves PDF lines and retrospective points."""

import pytest

from ingest.markdown_doc import parse_markdown
from ingest.pdf_lines import join_text
from ingest.source import RawFile
from kb.text import is_cjk


@pytest.mark.parametrize(("char", "expected"), [
    ("经", True), ("㐀", True), ("（", True), ("，", True), ("。", True), ("「", True), ("⺀", True), ("ア", True),
    ("\uf900", True), ("\ufa6d", True), ("𠮷", True), ("𩸽", True), ("\U0002f800", True), ("\U00030000", True),  # compatibility, Ext. B+
    ("a", False), ("1", False), ("(", False), (" ", False), ("é", False), ("", False), ("😀", False), ("가", False)])
def test_is_cjk(char, expected):
    assert is_cjk(char) is expected


def test_pdf_lines_join_without_a_space_around_chinese():
    assert join_text("测试环境直到上线前", "一周才准备好。") == "测试环境直到上线前一周才准备好。"
    assert join_text("接口交付延期", "（五周）") == "接口交付延期（五周）"
    assert join_text("The vendor was", "late.") == "The vendor was late."
    assert join_text("hyphen-", "ation") == "hyphenation"
    assert join_text("供应商是𠮷", "𩸽水产") == "供应商是𠮷𩸽水产"  # Extension B on both sides of the break


def test_a_point_broken_after_a_rare_character_joins_without_a_space():
    text = "## 经验教训\n\n合同里供应商的名字是𠮷\n野家，系统存成了问号。\n生僻字要在上线前测试。\n"
    doc = parse_markdown(RawFile(data=text.encode("utf-8"), default_key="a.md")).documents[0]
    assert [lesson.text for lesson in doc.lessons] == ["合同里供应商的名字是𠮷野家，系统存成了问号。", "生僻字要在上线前测试。"]


def test_a_point_continued_by_a_bracket_joins_it_without_a_separator():
    """The rest of a numbered point that wrapped onto a paragraph of its own and opens with a full-width bracket
    belongs to the same sentence: no "；" between them (as a line opening with an ideograph)."""
    text = ("## 经验教训\n\n1）代码框架的提前确定：在开发的前期就最好确定开发的前后端框架\n\n"
            "（与老师沟通去学习）以防止过多的返工和无效的分工\n\n2）进行迭代计划时，要充分考虑到技术学习的时间\n")
    doc = parse_markdown(RawFile(data=text.encode("utf-8"), default_key="a.md")).documents[0]
    assert [lesson.text for lesson in doc.lessons] == [
        "1）代码框架的提前确定：在开发的前期就最好确定开发的前后端框架（与老师沟通去学习）以防止过多的返工和无效的分工",
        "2）进行迭代计划时，要充分考虑到技术学习的时间"]


def test_rare_characters_count_as_chinese_for_the_language_and_the_snippets():
    """Names of people and places use characters beyond U+FFFF (Extension B+): they are Chinese text to language
    detection, and a query of them is marked in a snippet where it stands inside Chinese."""
    from kb.models import Language
    from kb.text import detect_language, has_han
    from search.snippets import make_snippet

    assert has_han("𠮷") and has_han("\U0002f800") and not has_han("😀")
    assert detect_language("𠀀𠀁𠀂𠀃𠀄𠀅 ok") == Language.ZH  # (English when only the two letters counted)
    snippet, spans = make_snippet("合同里的供应商是𠮷𩸽水产。", "𠮷𩸽")
    assert [snippet[a:b] for a, b in spans] == ["𠮷𩸽"]
