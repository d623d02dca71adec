"""held 27's Word, PowerPoint and PDF error classes (issue 17, e-office10), each with a file made here from an excerpt
of the held 27 document it comes from (quoted with its source; none of those files is stored here)."""

from __future__ import annotations

from ingest.docx_doc import parse_docx
from ingest.source import RawFile
from kb.models import LessonKind as K
from tests.ingest.office_files import docx_bytes, new_docx


def _docx_lessons(document, key: str) -> list[tuple[K, str]]:
    doc = parse_docx(RawFile(data=docx_bytes(document), default_key=key)).documents[0]
    return [(lesson.kind, lesson.text) for lesson in doc.lessons]


def _bold(document, text: str) -> None:
    document.add_paragraph().add_run(text).bold = True


def test_a_form_typed_in_normal_paragraphs_gives_the_points_of_its_numbered_sections():
    """yougenmi/chenqian 项目总结.docx: bold '1 导言' / '1.1目的' section lines and, under the bold '4 经验总结' and
    '5 教训', Normal lines numbered '3.1 …' / '4.1 …' (the author's numbering lags a section). The '3.1' lines were
    headings one level above '4 经验总结', which closed it: nothing was extracted but the closing summary."""
    document = new_docx()
    _bold(document, "1 导言")
    _bold(document, "1.1目的")
    document.add_paragraph("根据“视频诊断”项目的最后评审，总结项目经验和教训。")
    _bold(document, "4 经验总结")
    document.add_paragraph("3.1 一定要弄清各个阶段的具体时间")
    document.add_paragraph("3.2  应及时处理用户问题")
    _bold(document, "5 教训")
    document.add_paragraph("4.1发布延期")
    document.add_paragraph("4.2 问题解决慢，应增加人手解决")
    _bold(document, "6 项目总结")
    document.add_paragraph("在完成“视频诊断”这个项目的过程中，我更细致的了解了视频诊断的流程。通过这个项目，也增强了我的一些能力。")
    got = [text for _, text in _docx_lessons(document, "项目总结.docx")]
    assert got == ["一定要弄清各个阶段的具体时间", "应及时处理用户问题", "发布延期", "问题解决慢，应增加人手解决"]


def test_a_numbered_line_under_a_dotted_section_stays_a_heading():
    """The Normal '2.1.1问题：…' line under a bold '2.1关于代码' (held 25's 项目总结文档) is a sub-heading, not a point: the
    rule above holds only under a section line numbered with one number."""
    document = new_docx()
    _bold(document, "2.问题与解决")
    _bold(document, "2.1关于代码")
    document.add_paragraph("2.1.1问题：数据库sql语句中日期类型数据不知道怎么转换格式")
    document.add_paragraph("解决：百度搜索发现可以使用convert()处理时间数据")
    assert _docx_lessons(document, "项目总结.docx") == [
        (K.WENT_WRONG, "问题：数据库sql语句中日期类型数据不知道怎么转换格式 — 解决：百度搜索发现可以使用convert()处理时间数据")]
