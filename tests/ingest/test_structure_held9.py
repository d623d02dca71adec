"""Structure rules found by reading the held9 documents of benchmarks/extraction (a student team's original Word
项目总结报告 and PowerPoint final-iteration deck; issue 17) beside what the rules frozen for them made: each rule with
a short excerpt of the real documents (benchmarks/extraction/SOURCES.md names them), the deck rebuilt with python-pptx
the way the WPS template lays it out (no title placeholders, text boxes only)."""

import io

from pptx import Presentation
from pptx.util import Inches, Pt

from ingest.headings import classify_heading
from ingest.markdown_doc import parse_markdown
from ingest.pptx_doc import parse_pptx
from ingest.source import RawFile
from kb.models import LessonKind as K


def md(text: str, key: str = "doc.md"):
    return parse_markdown(RawFile(data=text.encode("utf-8"), default_key=key)).documents[0]


def lessons(doc) -> list[tuple[str, str]]:
    return [(lesson.kind.value, lesson.text) for lesson in doc.lessons]


TAGLINE = "Life was like a box of chocolates, you never know what you’re go to get."


def deck(slides: list[list[str]]) -> bytes:
    prs = Presentation()
    for texts in slides:
        slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank: no title placeholder
        for number, text in enumerate(texts):
            box = slide.shapes.add_textbox(Inches(0.5), Inches(0.4 + number * 0.6), Inches(8), Inches(0.5))
            box.text_frame.text = text
            box.text_frame.paragraphs[0].runs[0].font.size = Pt(28 if number == 0 else 16)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def test_a_titleless_deck_of_text_boxes():                               # luoshicai/finalrelease 第三次迭代.pptx
    data = deck([["牙科医院预约管理系统", TAGLINE],
                 ["目录", "CONTENT", "特色与创新点", "经验教训", "lessons learned", "成员贡献和分工", "03"],
                 ["第一部分", "特色与创新点", TAGLINE],
                 ["特色与创新点", "特色1：界面用户友好", "针对错误操作——精准提示", "下拉栏选择，更好上手"],
                 ["用到的工具", "YOUR ENGLISH TITLE"],
                 ["经验教训", "Q1：代码框架的确定", "造成过多 的返工和无效的工作", "Q2：疫情导致没有面对面开发",
                  "无法聚集，沟通不便", TAGLINE],
                 ["经验教训", "做得好的地方：我们前后端成员通过石墨文档共享编辑"]])
    doc = parse_pptx(RawFile(data=data, default_key="FinalRelease/第三次迭代.pptx")).documents[0]
    assert lessons(doc) == [("went_well", "特色1：界面用户友好"), ("lesson", "Q1：代码框架的确定"),
                            ("lesson", "Q2：疫情导致没有面对面开发"),
                            ("went_well", "我们前后端成员通过石墨文档共享编辑")]


def test_highlights_are_went_well():
    assert classify_heading("3.技术方案有哪些亮点？") == K.WENT_WELL       # luoshicai/finalrelease 项目总结报告.docx
    assert classify_heading("特色与创新点") == K.WENT_WELL                 # its deck


def test_a_numbered_question_is_a_heading_and_a_numbered_point_runs_on_until_its_sentence_ends():
    doc = md("3.技术方案有哪些亮点？\n1.）高并发：响应时间符合要求，压力测试符合要求\n\n"     # 项目总结报告.docx
             "4.是否做了单元测试？是否做了系统功能测试？\n\n完成了单元测试，系统功能测试，性能测试三项基本测试。\n\n"
             "## 经验、教训和建议\n\n1）代码框架的提前确定：在开发的前期就最好确定开发的前后端框架（与老师沟通去学习）\n\n"
             "以防止过多 的返工和无效的分工\n\n2）进行迭代计划时，要充分考虑到技术学习的时间\n\n"
             "建议：前后端成员通过石墨文档共享编辑。\n\n"
             "项目组各成员签字：徐国洪、董云鹏、赵熙\n")
    assert lessons(doc) == [
        ("went_well", "1.）高并发：响应时间符合要求，压力测试符合要求"),
        ("lesson", "1）代码框架的提前确定：在开发的前期就最好确定开发的前后端框架（与老师沟通去学习）以防止过多 的返工和无效的分工"),
        ("lesson", "2）进行迭代计划时，要充分考虑到技术学习的时间"), ("recommendation", "前后端成员通过石墨文档共享编辑。")]


def test_a_word_form_row_that_spans_the_table_is_read_as_text():
    import docx

    from ingest.docx_doc import parse_docx

    document = docx.Document()
    document.add_paragraph("项目总结报告")
    table = document.add_table(rows=3, cols=2)                           # luoshicai/finalrelease 项目总结报告.docx
    title = table.cell(0, 0).merge(table.cell(0, 1))
    title.text = "项目工作小结"
    answers = table.cell(1, 0).merge(table.cell(1, 1))
    answers.text = "3.技术方案有哪些亮点？"
    for line in ("1.）高并发：响应时间符合要求，压力测试符合要求", "4.是否做了单元测试？是否做了系统功能测试？",
                 "完成了单元测试，系统功能测试，性能测试三项基本测试。"):
        answers.add_paragraph(line)
    table.cell(2, 0).text = "软件代码行数（不包括注解行、空行和复用代码）："
    table.cell(2, 1).text = "2212"
    out = io.BytesIO()
    document.save(out)
    doc = parse_docx(RawFile(data=out.getvalue(), default_key="FinalRelease/项目总结报告.docx")).documents[0]
    assert lessons(doc) == [("went_well", "1.）高并发：响应时间符合要求，压力测试符合要求")]
