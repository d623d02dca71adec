"""Structure rules for the error classes of the held 10 to held 12 frozen runs (BENCHMARKS.md, e-gen2): original Word
项目总结报告 / 迭代评估报告 forms and decks of a software-engineering course, and OO course 单元总结 posts. Each rule is
stated in terms any team's retrospective uses (a form's numbered questions, "未实现" answers, review results, a
label and its items) and tested with a short excerpt of the real documents (benchmarks/extraction/SOURCES.md names
them; the Word files are rebuilt here with python-docx the way the course form lays them out)."""

from docx import Document

from ingest.docx_doc import parse_docx
from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile
from tests.ingest.office_files import add_numbered, docx_bytes


def md(text: str, key: str = "项目总结报告.md"):
    return parse_markdown(RawFile(data=text.encode("utf-8"), default_key=key)).documents[0]


def word(paragraphs: list[tuple[str, int]], key: str = "项目总结报告.docx"):
    """A Word file of paragraphs (level 0) and numbered list items (level >= 1), headings as Heading 2."""
    document = Document()
    for text, level in paragraphs:
        if text.startswith("## "):
            document.add_heading(text[3:], 2)
        elif level:
            add_numbered(document, text, level)
        else:
            document.add_paragraph(text)
    return parse_docx(RawFile(data=docx_bytes(document), default_key=key)).documents[0]


def lessons(doc) -> list[tuple[str, str]]:
    return [(lesson.kind.value, lesson.text) for lesson in doc.lessons]


def test_answers_to_a_numbered_question_after_a_list_are_not_closing_remarks():
    # healthmgmt 项目总结报告.docx: question 1's answer is a list; question 3's answers are paragraphs.
    doc = word([("## 软件需求特性", 0),
                ("1.是否实现了项目立项时的所有需求？列出实现的新增需求和未实现的需求。", 0),
                ("小米手环api：小米开发者平台API已不对外开放，只能手动录入用户数据。", 1),
                ("2.采用哪种架构风格？哪些设计模式？", 0), ("分层式架构。", 0),
                ("3.技术方案有哪些亮点？", 0), ("redis对单日数据查询的加速", 0), ("使用docker部署，提高部署效率", 0),
                ("4.是否做了单元测试？是否做了系统功能测试？", 0), ("使用Cypress对前端进行端到端系统功能集成测试,测试全部通过", 0)])
    assert ("went_well", "redis对单日数据查询的加速") in lessons(doc)
    assert ("went_well", "使用docker部署，提高部署效率") in lessons(doc)
    # Question 4 is question 3's sibling, not its sub-section: its answers are no highlights.
    assert not any("Cypress" in text for _, text in lessons(doc))
