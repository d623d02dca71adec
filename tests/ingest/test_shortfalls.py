"""Work judged short of a quality (issue 17, e-gen26zh): a Chinese sentence that says something was not thorough, careful,
familiar or clear enough ("不够透彻", "不够熟悉", "不够明确") states what went wrong, as "仍然不够" and "远远不够" did already;
not a need ("仅靠个人的力量是不够的"), a size ("缓冲区不够用"), a supposition ("如果码力不够熟练…") or a description of
something else ("被执行得不够严谨的表格建模路线"). Excerpts are short quotes of seen documents
(benchmarks/extraction/SOURCES.md)."""

from __future__ import annotations

import pytest

from ingest.cues import cue_kind
from kb.models import LessonKind as K
from tests.ingest.office_files import lines_docx


@pytest.mark.parametrize("text", [
    # held45 Hanxiaomo9527/Graduation-Project 工作日志.docx: a graduation project's weekly log.
    "开题报告中的内容还行，但对于国内外现状分析不够透彻。尤其是在排版方面，还有很多地方需要修改，语言需要锤炼。",
    "对Android开发的相关方法不够熟悉。",  # a lost-and-found app's course report, "出错原因的分析"
    "分工不够明确，在题目思路的交流上存在问题。",  # a programming contest team's summary
    "测试数据集不够大，涵盖的对话情境不够全面。",  # a dialogue workflow's iteration review, "项目局限"
])
def test_work_short_of_a_quality_is_what_went_wrong(text):
    assert cue_kind(text) == K.WENT_WRONG


@pytest.mark.parametrize("text", [
    "团队的工作，仅靠个人的力量是不够的，需要大家心往一处想，劲往一处使。",  # an office worker's annual summary: a need
    "发送缓冲区最大时64k左右，说明缓冲区不够用。",  # a Dubbo post-mortem's measurement
    "在5hrs的时间中，如果码力不够熟练是不可能将本题写完的",  # supposed, not told
    "这个项目能拿到较好本地成绩，靠的是把一条经典但经常被执行得不够严谨的表格建模路线做细了",  # a contest summary
])
def test_not_a_shortfall_of_ones_own(text):
    assert cue_kind(text) is None


def test_a_weekly_log_line_that_judges_the_work_short_is_a_lesson_of_what_went_wrong():
    # held45 Hanxiaomo9527/Graduation-Project 工作日志.docx: the teacher's weekly remarks, one paragraph each.
    doc = lines_docx("工作日志.docx", [("h", "工作日志"), (
        "p", "这是做毕业设计的最后一周，回顾这漫长的几个月，再看看这几个月做出的成果，显然过程是艰辛的，但是有收获就是值得的。"), (
        "p", "开题报告中的内容还行，但对于国内外现状分析不够透彻。尤其是在排版方面，还有很多地方需要修改，语言需要锤炼。")])
    assert (K.WENT_WRONG, "开题报告中的内容还行，但对于国内外现状分析不够透彻。尤其是在排版方面，还有很多地方需要修改，语言需要锤炼。") \
        in [(lesson.kind, lesson.text) for lesson in doc.lessons]
