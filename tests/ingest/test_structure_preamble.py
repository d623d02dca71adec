"""A look back's preamble, a paragraph that opens with how fast the time went, is no lesson unless a later sentence
says what matters or what to do."""

import pytest

from ingest.markdown_doc import parse_markdown
from ingest.non_lessons import never_a_lesson
from ingest.source import RawFile


def texts(text: str) -> list[str]:
    doc = parse_markdown(RawFile(data=text.encode("utf-8"), default_key="工作总结.md")).documents[0]
    return [lesson.text for lesson in doc.lessons]


LESSON = "需求评审要在开发前完成，否则上线前会反复返工。"


# Real excerpts: dev2 zh-developer-work-summary-docx (under "一、工作回顾"), held17 zh-lzu-robot-course-wangxiaoyu.
@pytest.mark.parametrize("text", [
    ("时间过得真快，转眼间入职新媒体部已经一年了，在这一年的时间里，经历了很多，成长了很多，也收获了很多。在这一年间，开发完成上线"
    "的项目有3个，分别为新时代订餐系统二期项目，新时代电子工作证项目，会议室申请项目。"),
    ("时间总是过得飞快，不知不觉中一个学期就结束了。而本学期选修的“基于机器人的实践方法”这门课程给了一次我难忘的实验经历，和对"
    "科研更深的思考和认识，也必将对我今后的学习有更多的启示。"),
])
def test_a_preamble_is_no_lesson(text):
    assert never_a_lesson(text)
    assert texts(f"## 总结与体会\n\n{text}\n\n{LESSON}\n") == [LESSON]


@pytest.mark.parametrize("text", [
    "时间过得真快，一个学期就结束了。这次最大的教训是需求要尽早冻结。",
    "转眼间项目已经上线三个月了。回头看，下次一定要先写接口文档再开发。",
    # Time that went fast in the work itself is no preamble.
    "项目时间过得很快，测试阶段被压缩到三天，导致上线后出现了两个严重的 bug。",
])
def test_a_preamble_that_goes_on_to_a_lesson_is_kept(text):
    assert not never_a_lesson(text)
