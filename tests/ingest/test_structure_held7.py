"""Structure rules found by reading the held7 documents of benchmarks/extraction (a team's summary and personal final
reports, a summary page of course guidance, a developer's bug notes; issue 17) beside what the rules frozen for them
made: each rule with a short excerpt of the real document it comes from (benchmarks/extraction/SOURCES.md)."""

import pytest

from ingest.headings import NARRATIVE, classify_heading
from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile


def md(text: str, key: str = "doc.md"):
    return parse_markdown(RawFile(data=text.encode("utf-8"), default_key=key)).documents[0]


def lessons(doc) -> list[tuple[str, str]]:
    return [(lesson.kind.value, lesson.text) for lesson in doc.lessons]


@pytest.mark.parametrize("heading", ["1、个人小结指南", "2、小组总结指南", "最终评分指南", "填写说明", "Retro guidelines"])
def test_guidance_headings_are_narrative(heading):                          # Walikrence/swsad-project x5-summary
    assert classify_heading(heading) == NARRATIVE


def test_guidance_under_a_guide_heading_is_not_lessons():
    doc = md("## 1、个人小结指南\n\n以下内容是必须的：\n\n* 个人简短小结\n    - 介绍你做了什么，而不是夸夸奇谈学到什么。\n"
             "* PSP 2.1 统计\n")                                           # Walikrence/swsad-project x5-summary
    assert lessons(doc) == []


def test_a_summary_heading_whose_sub_sections_name_the_summary_is_a_container():
    doc = md("## 个人总结\n\n### 课程学习自我总结\n\n前后端分离让我们各自开发互不影响。\n\n"   # sysu-team1/Dashboard liaosf
             "### 个人博客清单\n[ES6新特性](https://blog.csdn.net/x)\n\n"
             "### 特别鸣谢\n* majia：最佳产品经理，监督项目的推进\n")
    assert lessons(doc) == [("lesson", "前后端分离让我们各自开发互不影响。")]


def test_thanks_after_finally_are_not_lessons():
    doc = md("## 团队成员自我总结\n\n最后还得感谢一下组里的各位大佬队友，没有他们，我的bug是不能及时的被发现和修补的。\n")
    assert lessons(doc) == []                                                 # sysu-team1/Dashboard x5-group-summary


def test_a_statement_of_ones_duties_and_a_work_list_are_not_lessons():
    doc = md("### 课程学习自我总结\n\n在这次项目，我主要负责前端页面的开发，和前后端接口的对接\n\n"   # sysu-team1 liaosf
             "* 分析：\n\n  开发之前，和组员一起分析讨论开发的细节，比如需要实现哪些功能。\n\n"
             "* 开发：\n\n  我们最终选用了wepy框架进行开发。\n\n"
             "## 简短的课程学习自我总结\n作为团队的的js工程师以及架构师,我主要的工作是\n"          # sysu-team1 zengh
             "* 开发微信小程序\n    * UI界面的设计： 如界面活动流程，界面的风格\n\n"
             "## 个人总结\n\n在这个项目中，我主要负责API的设计。让我明白很多时候一开始凭空想出来的API到了最后都要重新设计。\n")
    assert lessons(doc) == [("lesson", "在这个项目中，我主要负责API的设计。让我明白很多时候一开始凭空想出来的API到了最后都要重新设计。")]
                                                                              # OrderEase/Dashboard 15331371 (held6)


def test_a_paragraph_that_ends_with_its_moral_is_a_lesson_anywhere():
    doc = md("## Event 数据量撑爆了产品环境\n\n"                                # jack-zheng/hexo Tips-from-work
             "开发完 event 相关的 feature 之后没有对测试环境进行跟踪，Kafka 就危了。。。引以为戒。\n\n"
             "## JDBC 空字串存为 NULL\n\n通过 JDBC 存储空字串时，他会自动将它存为 NULL\n\n"
             "## 2021-09-22\n\n和 PM confirm 的时候，她反问了一句，这个新网址是不是已经上线了。突然意识到，这是个很关键的问题。"
             "姜还是老的辣，哈哈，受教。\n")
    assert [text[:12] for _, text in lessons(doc)] == ["开发完 event 相关", "和 PM confirm"]


def test_sub_headings_of_another_kind_do_not_make_a_container():
    doc = md("## Action items\n\n### Prevention\n\nIt is unclear what we can do to avoid such problems in the future.\n\n"
             "### Detection\n\nWe could intentionally run Windows Defender updates and scans against recent\n"
             "artifacts continually to detect when an event occurs.\n")  # flutter/flutter Windows Defender post-mortem
    assert [kind for kind, _ in lessons(doc)] == ["recommendation", "action_item"]
