"""A document's type from its title, file name, folder and headings (``ingest.doctype``; issue 17, e-tab10).

A Word file named "Lessons Learned.docx", a post titled "Lessons from a failed hackathon" or a note 经验教训.md is a
team's look back: a retrospective. dev2's five English Word 'Lessons Learned' files (headingless narratives or a
'Lessons Learned:' line over bullets) were typed other before (dev2 English type accuracy 0.56)."""

from __future__ import annotations

import pytest

from ingest.doctype import guess_type
from ingest.docx_doc import parse_docx
from ingest.source import RawFile
from kb.models import DocType
from tests.ingest.office_files import docx_bytes, new_docx


@pytest.mark.parametrize(("title", "key"), [
    ("ChemLAB", "docs/Lessons Learned.docx"),
    ("Lessons Learned and Future Work", "report/final.docx"),
    ("Lessons from an 18F product transition", "_posts/2018-05-01-transition.md"),
    ("What we did", "lessons-learned.md"),
    ("NBA 数据项目", "经验教训.md"),
])
def test_lessons_learned_in_the_title_or_file_name_is_a_retrospective(title, key):
    assert guess_type(title, key, []) == DocType.RETROSPECTIVE


@pytest.mark.parametrize(("title", "key"), [
    ("Lesson 3: loops and lists", "course/lesson-3.md"),
    ("Lesson plan for week 2", "plans/lesson-plan.docx"),
    ("Outage of the payment API, lessons learned", "incidents/2024-03.md"),  # a post-mortem first
    # How a PMO keeps its lessons (corpus/km-initiative/lessons-learned-process.txt): no look back.
    ("Hengtai Group PMO - Lessons Learned Process (version 1.2, 2025-11-20)", "km/lessons-learned-process.txt"),
    ("项目经验教训管理制度", "pmo/制度.docx"),
])
def test_a_lesson_of_a_course_is_not_and_an_incident_stays_a_post_mortem(title, key):
    expected = DocType.POST_MORTEM if "incidents/" in key else DocType.OTHER
    assert guess_type(title, key, []) == expected


def test_a_headingless_word_lessons_learned_file_is_a_retrospective():
    d = new_docx(title="")  # no title in the file's properties: its first line and its name say what it is
    d.add_paragraph("CSE 4316 Senior Design — Team ChemLAB")
    d.add_paragraph("Over the two semesters we learned that a schedule with no slack is a schedule that slips: the "
                    "instrument arrived three weeks late and every task behind it moved. We also learned to test the "
                    "sensor board before soldering the whole array.")
    doc = parse_docx(RawFile(data=docx_bytes(d), default_key="Documentation/Lessons Learned.docx")).documents[0]
    assert doc.doc_type == DocType.RETROSPECTIVE


# A course team's 软件项目总结报告 (modelled on benchmarks/extraction's zh-edict-project-summary-docx): milestones, then
# "经验与教训" with "经验总结" and "教训总结". A PMO files a project's closing summary as its retrospective.
CLOSING = """# 电子词典{name}

## 1. 项目概述
本项目在十二周内完成了电子词典的查词、生词本和发音功能。

## 3. 经验与教训
### 3.1 经验总结
1. 每周固定一次组内评审，问题在当周就能暴露出来，返工明显减少。
2. 需求文档在第一周冻结，后面的变更都走变更申请，进度比较可控。
### 3.2 教训总结
- 词库导入脚本没有写单元测试，最后一周才发现大量编码错误。
- 界面设计和后台开发没有同步沟通，接口改了两次。
"""
NOTES = "# 项目总结\n\n## Vue 常用写法\n\n```js\nexport default { data() { return {} } }\n```\n\nv-if 与 v-show 的区别见官网。\n"


def _md(text, key):
    from ingest.parsers import PARSERS

    return PARSERS[".md"](RawFile(data=text.encode(), default_key=key)).documents[0]


@pytest.mark.parametrize(("name", "key"), [
    ("项目总结报告", "docs/report.md"), ("", "FinalRelease/项目总结报告.md"), ("", "项目总结.md"),
    ("结项报告", "closing.md"), ("小组总结", "team.md"), ("Project Closure Report", "x.md"),
])
def test_a_projects_closing_summary_that_looks_back_is_a_retrospective(name, key):
    doc = _md(CLOSING.format(name=name), key)
    assert doc.doc_type == DocType.RETROSPECTIVE and len(doc.lessons) == 4


@pytest.mark.parametrize(("text", "key", "expected"), [
    (NOTES, "docs/项目总结.md", DocType.OTHER),  # a project's notes: nothing learned is read
    (CLOSING.format(name="工作总结"), "work.md", DocType.OTHER),  # a work summary: a status report as often
    (CLOSING.format(name=""), "总结.md", DocType.OTHER),  # a bare "总结": study notes as often
    ("---\ntype: status_report\n---\n" + CLOSING.format(name="项目总结"), "s.md", DocType.STATUS_REPORT),  # stated
])
def test_a_summary_of_another_kind_or_that_learned_nothing_keeps_its_type(text, key, expected):
    assert _md(text, key).doc_type == expected


def _headed(*headings: str) -> list:
    from ingest.blocks import Block

    return [block for h in headings for block in (Block("heading", h, level=2), Block("para", "……"))]


def test_a_work_summarys_tasks_set_as_headings_are_no_incident():
    # learngit/2023年王连丰工作总结.docx (u-zh, item 10): 24 headings "排查解决…的错误。" typed it a post-mortem
    blocks = _headed("工作内容", "排查解决线上客户分完票之后，进行下载，发现查库存没有变化的错误。",
                     "配合后台排查解决开具3%税率发票失败，报3%税率理由为空的问题。",
                     "排查解决W程序数据库存储多条重复的槽位号记录问题(ukey和税控盘)。", "工作收获")
    assert guess_type("工作总结", "learngit/2023年王连丰工作总结.docx", blocks) == DocType.OTHER


def test_a_decks_timeline_on_two_slides_is_one_word_of_an_incident():
    # BigHomework/Documents_项目总结_大作业展示.pptx (u-zh, item 10): a course's deck, its "Timeline" slide twice
    blocks = _headed("酒店预订系统", "我们", "心路历程？", "成就感", "困难", "CSS", "Timeline", "该酒店该房间类型新增一个订单",
                     "Timeline", "可以改进的地方", "界面展示", "Thank you！")
    assert guess_type("酒店预订系统", "BigHomework/大作业展示.pptx", blocks) == DocType.RETROSPECTIVE


@pytest.mark.parametrize("headings", [
    ("Issue Summary", "Timeline (all times PST ) Saturday Oct 30th 2021 - Monday Nov 1st, 2021. All times approximations",
     "Root Cause", "Resolution and recovery"),  # held22's dust storm post-mortem: a long heading still names a part
    ("errors", "1.当pod处于evictd状态", "（1）原因分析", "（2）解决", "2.一直处于pulling image的状态的可能原因", "（1）原因分析",
     "3.当pod一直处于pending状态", "（1）原因分析", "（2）解决"),  # every root cause counts, repeated or not
    ("Summary", "What was the impact?", "Why did the outage last an hour?"),  # a question names a part
])
def test_an_incidents_write_up_stays_a_post_mortem(headings):
    assert guess_type("Notes", "notes/page.md", _headed(*headings)) == DocType.POST_MORTEM
