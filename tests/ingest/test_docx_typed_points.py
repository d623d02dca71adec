"""Points typed as paragraphs (issue 17, e-c3). In a Word file the first point may be a numbered list paragraph and the
next ones plain paragraphs that go on with its numbers ("1). 文档编写很重要" in the list, then "2). 代码设计很关键" and
"3). 算法选择是核心" as text, in dev 2's Jamboalv/Electronic-dictionary 项目总结报告.docx under "3.1 经验总结"): they are the
list's next points, not remarks closing it. And a typed point that names a kind ("…的教训呀") but goes on past a comma
says its point: it is no heading over the points after it."""

from __future__ import annotations

from ingest.docx_doc import parse_docx
from ingest.source import RawFile
from kb.models import LessonKind as K
from tests.ingest.markdown_docs import lessons, md
from tests.ingest.office_files import docx_bytes, new_docx

# PaddlePaddle/community pfcc/call-for-contributions/Dy2St/project_milestone_summary.md (Apache-2.0), its points set
# out under a lessons heading as the Word file above sets out its own (that file has no licence to quote it from).
FIRST = ("1). 难度适中，吸引高校学生踊跃贡献",
         "动转静发布的2个飞桨开源社区任务，难度适中，吸引了高校学生的踊跃参与，在2周内完完成了所有子任务的认领。")
SECOND = ("2). 倾听需求，共建提升飞桨易用性",
          "在动转静功能扩展任务上，社区开发者同时作为飞桨的真实用户，通过引导从内在需求角度出发，完成了诸如「新增jit.ignore_module接口」等任务。")
REMARK = "后续动转静方向也持续参与《黑客松》项目的任务课题发布，助力飞桨开源社区的蓬勃建设和发展！"


def _lessons(*, typed: str) -> list[tuple[K, str]]:
    document = new_docx()
    document.add_paragraph("动转静社区任务顺利结项", style="Title")
    document.add_paragraph("3.1 经验总结", style="Heading 2")
    for text in FIRST:
        document.add_paragraph(text, style="List Paragraph")
    for text in (typed, SECOND[1], REMARK):
        document.add_paragraph(text)
    raw = RawFile(data=docx_bytes(document), default_key="docs/项目总结报告.docx")
    return [(lesson.kind, lesson.text) for lesson in parse_docx(raw).documents[0].lessons]


def test_paragraphs_that_go_on_with_a_lists_numbers_are_its_points():
    got = _lessons(typed=SECOND[0])
    assert any(kind == K.LESSON and text.startswith(SECOND[0]) and SECOND[1] in text for kind, text in got), got
    assert not any(REMARK in text for _, text in got), got  # judged like any paragraph there: it judges nothing


def test_a_paragraph_after_the_list_that_does_not_go_on_with_its_numbers_still_closes_it():
    got = _lessons(typed="5). 倾听需求，共建提升飞桨易用性")
    assert any(FIRST[1] in text for _, text in got), got
    assert not any(SECOND[1] in text for _, text in got), got


def test_a_point_that_names_its_kind_and_goes_on_past_a_comma_is_no_heading():
    """Leftovers4/BigHomework 总结报告.docx (held 27) under '教训': "1. 做好风险评估，…的教训呀" names a kind (教训) and has no
    full stop, so it was read as a heading over the next points, and was no lesson itself; LPJworkroom/learnSPM
    项目总结.docx (held 21) likewise ("问题解决需要前瞻性，…"). A line that goes on past a comma says its point."""
    document = new_docx()
    document.add_paragraph("总结报告", style="Title")
    document.add_paragraph("教训", style="Heading 2")
    document.add_paragraph("1. 做好风险评估，提前规避未来的风险，这都是打包血淋林的教训呀")
    document.add_paragraph("2. 写文档的时候要考虑的远一点，体现出真正的设计，不要等到失去了才懂得珍惜")
    raw = RawFile(data=docx_bytes(document), default_key="docs/总结报告.docx")
    got = [(lesson.kind, lesson.text) for lesson in parse_docx(raw).documents[0].lessons]
    assert (K.LESSON, "1. 做好风险评估，提前规避未来的风险，这都是打包血淋林的教训呀") in got, got
    assert (K.LESSON, "2. 写文档的时候要考虑的远一点，体现出真正的设计，不要等到失去了才懂得珍惜") in got, got


def test_a_line_that_ends_on_its_colon_after_a_comma_still_heads_what_follows():
    # Jiaju-Chen/SoftwareEngineering 团队博客7：beta阶段的 postmortem 会议.md (held 5): a lead-in, not a point.
    doc = md("# Beta 阶段的 postmortem 会议\n\n## 总结\n\n如果再来一遍 Beta 阶段，我们希望：\n\n"
             "- 需求分析更细致：偏好设置模块复杂度超出预期，导致工时增加 8h\n- 单元测试覆盖率提升\n")
    assert lessons(doc) == [("recommendation", "需求分析更细致：偏好设置模块复杂度超出预期，导致工时增加 8h"),
                            ("recommendation", "单元测试覆盖率提升")]
