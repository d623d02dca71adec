"""Chinese rules for classes of error that held 32's Chinese documents showed (issue 17; judged once on 90e451c and
seen since; BENCHMARKS.md, "Chinese rules for held 32 (e-gen13zh)"): each rule for a class found in documents by several
authors over the seen splits, with a short excerpt of a real document (benchmarks/extraction/SOURCES.md)."""

from ingest.markdown_doc import parse_markdown
from ingest.pdf_doc import parse_pdf
from ingest.source import RawFile
from tests.ingest.markdown_docs import texts
from tests.ingest.office_files import new_pdf, pdf_bytes, pdf_line


def md(text: str, key: str = "项目总结.md"):
    return parse_markdown(RawFile(data=text.encode("utf-8"), default_key=key)).documents[0]


def test_a_few_words_without_chinese_in_a_chinese_document_are_no_lesson():
    # held32 zh-corporate-site-clone-project-summary-docx: the code under a problem gave three went-wrongs; held24's
    # interview notes gave "jsonp", held31's "Inspecttable ,inspectitem ,…", held24's "…ServiceImpl line:157".
    doc = md("# 项目总结\n\n## 项目首页所遇到的问题：\n\n"
             "### 问题出在fullpage隐藏了滚动条,将滚动条开启即可,把scrollBar设置为true,代码如下\n\n"
             "- $(‘#fullpage‘).fullpage({\n- scrollBar:true；\n- });\n- 最后利用css将滚动条隐藏,将html添加overflowhidden，代码如下\n"
             "- html{ Overflow-y:hidden; }\n\n## 跨域\n\n- jsonp\n- 设置cors 请求头\n")
    assert not [text for text in texts(doc) if text.isascii()]
    # An English document's short items are its lessons.
    english = md("# Sprint 3 retrospective\n\n## What went well\n\n- Pair programming\n- CI stayed green\n",
                 key="retro.md")
    assert texts(english) == ["Pair programming", "CI stayed green"]


def test_a_chinese_pdf_reports_numbered_chapters_that_name_no_kind_give_no_lesson():
    # held32 zh-covid-chatbot-research-summary-pdf, a 远程科研总结报告: "一． 项目简介" and "二． 学习过程总结" gave three
    # lessons, none annotated; held22's "8.1 功能描述", held27's "2.2 关键技术", dev2's "3.2 索引定义"
    # alike (9 over 6 PDFs). Its "四．总结" names the look back, and its lesson stays.
    intro = ("人工智能是一个非常热门的话题，同时也是如今人们生活中不可或缺的一个重要工具。人工智能涉及的范围相当广泛，从我们日常生活中常常"
             "接触到的语音识别技术，到我们在试图查询一张图片来源时去各种以图搜图网站时用到的图像识别技术，人工智能不仅是影响、方便着我们的"
             "生活，更是在无数科研领域实现着自己无可取代的作用。在这个远程科研项目中，我学习了如何制作一个聊天机器人，用到的知识包括意图识别、"
             "指定实体识别、数据库和 API、多次对话及否定和状态机等。")
    closing = ("从之前的对机器人了解并不全面的情况下开始，一步步的从简单的回声机器人做起，过程中遇到了很多困难也尝试了很多方式，"
               "了解了很多以前没有接触过的新领域的新知识。")
    pdf = new_pdf()
    pdf_line(pdf, "远程科研总结报告", size=20, bold=True)
    for heading, text in (("一． 项目简介", intro), ("四．总结", closing)):
        pdf_line(pdf, heading, size=15, bold=True, gap=4)
        for start in range(0, len(text), 42):  # the PDF's lines
            pdf_line(pdf, text[start:start + 42])
    doc = parse_pdf(RawFile(data=pdf_bytes(pdf), default_key="项目总结报告.pdf")).documents[0]
    assert [text[:12] for text in texts(doc)] == ["从之前的对机器人了解并不"]


def test_a_closing_remark_that_sums_up_the_whole_work_is_no_lesson():
    # held32 zh-software-engineering-course-summary-docx's last paragraph, held31's table-tennis experiment summary's;
    # held24, 28, 30 and 31 alike (8 over 7 documents, none annotated). held12's "总之，这次的bug…" names what went wrong.
    doc = md("# 课程总结\n\n## 总结\n\n总之，通过这门课程的课堂和课后的学习，确实让我收获颇多。\n\n"
             "总而言之，本次大实验是一次将理论知识转化为实际能力的深刻淬炼。它让我们不仅提升了一个完整项目的构建能力，"
             "更在解决实际问题的过程中锤炼了工程思维。\n\n"
             "总之，这次的bug主要在于自己的忽视，过分注重所谓的“递归下降”求导，而忽视了对表达式的处理。\n", key="课程总结.md")
    assert [text[:8] for text in texts(doc)] == ["总之，这次的bu"]


def test_a_paragraph_that_opens_by_saying_the_work_is_over_is_no_lesson():
    # held32 zh-agile-team-short-term-summary-docx, a four-member 总结报告: "3.为期两周的小学期结束了。…" gave a lesson, not
    # annotated; held32's chess summary "…本项目已圆满完成。", dev2's "…APP终于完成了。" alike (5 over 4 documents).
    doc = md("# 总结报告\n\n## 总结\n\n3.为期两周的小学期结束了。在这期间，我体验了敏捷开发的全过程，学到了如何进行团队开发。\n\n"
             "经过我大半个学期的撰写及调试，本项目已圆满完成。在此，对项目的实施过程及成果进行简要总结。\n\n"
             "期初学习git的相关知识，向自己的分支push遇到了一些困难，通过同组同学的帮助，解决了该问题。\n", key="总结报告.md")
    assert [text[:8] for text in texts(doc)] == ["期初学习git的"]
