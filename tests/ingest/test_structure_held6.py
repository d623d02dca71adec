"""Structure rules found by reading the held6 documents of benchmarks/extraction (students' personal final reports
and an open-source summer project's 结项报告, issue 17) beside what the frozen rules made of them: each rule with a
short excerpt of the real document it comes from (benchmarks/extraction/SOURCES.md names them)."""

import pytest

from ingest.headings import NARRATIVE, classify_heading
from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile
from kb.models import LessonKind as K


def md(text: str, key: str = "doc.md"):
    return parse_markdown(RawFile(data=text.encode("utf-8"), default_key=key)).documents[0]


def lessons(doc) -> list[tuple[str, str]]:
    return [(lesson.kind.value, lesson.text) for lesson in doc.lessons]


@pytest.mark.parametrize("heading, kind", [
    ("课程学习自我总结", K.LESSON),                                        # ABTicket/Dashboard 15331192
    ("简短的课程学习自我总结（400字以内）", K.LESSON),                      # ABTicket/Dashboard 15331039
    ("个人总结", K.LESSON), ("自我总结", K.LESSON),                         # OrderEase/Dashboard 15331372, 15331359
    ("PSP 2.1 统计表", NARRATIVE), ("PSP2.1统计表", NARRATIVE),             # every report of that course
    ("个人分支的 GIT 统计报告", NARRATIVE),                                 # ABTicket/Dashboard 15331192
    ("项目总结", None),                   # HollowMan6 结项报告: a container of 项目成果 and problems, not lessons itself
])
def test_classify_heading(heading, kind):
    assert classify_heading(heading) == kind


def test_a_statistics_table_under_a_summary_heading_is_not_lessons():
    doc = md("# 项目介绍\n\n名称：布鲁电影\n\n# 自我总结\n\n## PSP 2.1统计表  \n\n"    # gaoynui/gaoynui.github.io
             "| PSP 2.1 | How to do | Times(h) |\n|:------:|:---:|:----------:|\n|Planning|计划|3|\n"
             "|Estimate|估计自己的任务所需时间|3|\n\n## 体会\n"
             "首先学到了很多需要在以后工作中用到的设计方法和思想。\n")
    assert lessons(doc) == [("lesson", "首先学到了很多需要在以后工作中用到的设计方法和思想。")]


def test_chinese_paragraph_lines_ending_a_sentence_are_one_lesson_each():
    doc = md("## 体会\n"                                                        # gaoynui/gaoynui.github.io
             "首先学到了很多需要在以后工作中用到的设计方法和思想，对软件的完整开发过程有了全新的认识，\n"
             "学会了使用工具绘制不同设计图来理清软件开发的步骤和层次。  \n"
             "也通过老师的讲解，了解了一个软件开发团队的分工协作。当然，\n"
             "对UML的使用还不是很熟悉，我会在之后的学习中更加注重实践。  \n"
             "在大作业的团队工作中，我没有完成分配的任务很对不起队员，\n"
             "不过在团队中还是学到了很多必要的知识。\n")
    assert lessons(doc) == [
        ("lesson", ("首先学到了很多需要在以后工作中用到的设计方法和思想，对软件的完整开发过程有了全新的认识，"
                   "学会了使用工具绘制不同设计图来理清软件开发的步骤和层次。")),
        ("lesson", ("也通过老师的讲解，了解了一个软件开发团队的分工协作。当然，对UML的使用还不是很熟悉，"
                   "我会在之后的学习中更加注重实践。")),
        ("lesson", "在大作业的团队工作中，我没有完成分配的任务很对不起队员，不过在团队中还是学到了很多必要的知识。")]


def test_lines_under_a_speakers_name_stay_one_lesson():
    doc = md("## 个人总结\n\n曲少伟： 类图设计复杂，需要反复修改。\n让我对程序的结构更加清晰，学会了有条理得写一篇文档\n")
    assert lessons(doc) == [("lesson", "曲少伟： 类图设计复杂，需要反复修改。 让我对程序的结构更加清晰，学会了有条理得写一篇文档")]
                                                                            # Qin-Hao/SoftwareEngineering week 7 (dev)


def test_english_lines_of_a_paragraph_stay_one_lesson():
    doc = md("## Lessons learned\n"
             "We should have tested the rollout earlier.\nIt would have saved a week.\n")
    assert lessons(doc) == [("lesson", "We should have tested the rollout earlier. It would have saved a week.")]


def test_thanks_are_not_lessons():
    doc = md("### 课程学习自我总结\n"                                            # joece/joece.github.io
             "通过本课程，让我对软件开发有了更深刻的认识。\n"
             "Github 是真的很棒！系分让我深入并开始深度去使用它了！\n"
             "感谢这个学期 pan sir 的幽默风趣的讲学，更感谢队友们的提携和帮助！\n\n"
             "## 课程学习自我总结\n"                                             # ABTicket/Dashboard 15331192
             "+ **学习了一门新的语言**。在此之前没学过golang语言。\n"
             "+ 感谢 @liaozx3 ，与我讨论了后端的实现细节。\n\n"
             "## 个人总结\n\n2. 感谢所有队友的努力，尤其是我们的组长带领我们完成这个项目。\n"  # Meal-Order-System
             "\n## 自我总结\n\n最后，感谢所有队友的共同努力。\n")                   # OrderEase/Dashboard 15331373
    assert lessons(doc) == [("lesson", "通过本课程，让我对软件开发有了更深刻的认识。"),
                            ("lesson", "Github 是真的很棒！系分让我深入并开始深度去使用它了！"),
                            ("lesson", "学习了一门新的语言。在此之前没学过golang语言。")]


def test_a_sub_section_with_code_under_a_problems_heading_is_a_write_up_not_lessons():
    doc = md("## 项目总结\n\n### 遇到的问题及解决方案\n\n"                   # HollowMan6/My-OSPP-Summer 2020 结项报告
             "#### 1. Core: Investigate the possibility to support chemacs.\n\n"
             "**相关issue**: [#297](https://github.com/x/y/issues/297)\n\n"
             "经过亲自尝试，确认Chemacs支持EAF， 下面是一份 `init.el`的配置示例：\n\n"
             "```Elisp\n(require 'eaf)\n```\n\n"
             "当你想使用Chemacs打开EAF，只需在终端中执行`emacs --with-profile EAF`。\n\n"
             "## 遇到的问题\n\n- 前后端接口不统一，联调花了两周。\n")
    assert lessons(doc) == [("went_wrong", "前后端接口不统一，联调花了两周。")]


def test_related_issue_and_pr_lines_are_not_lessons():
    doc = md("## 遇到的问题\n\n**相关issue**: [#3](https://x/3)\n\n***相关PR***: [#324](https://x/324)\n\n"
             "终端关闭时没有监听子进程状态，缓冲区一直不退出。\n")          # HollowMan6/My-OSPP-Summer 2020 结项报告
    assert lessons(doc) == [("went_wrong", "终端关闭时没有监听子进程状态，缓冲区一直不退出。")]


def test_statistics_headings_do_not_make_a_personal_report_a_post_mortem():
    doc = md("# Final Report\n\n## 个人总结\n\n学到了很多。\n\n## PSP 2.1 统计\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
             "## 个人分支的 GIT 统计报告\n\n![x](y.png)\n", key="docs/FinalReport/15331372.md")  # OrderEase/Dashboard
    assert doc.doc_type.value != "post_mortem"


def test_language_is_judged_on_prose_not_on_a_time_sheet_table():
    psp = "".join(f"| {stage} | Personal Software Process Stages | 10 |\n" for stage in
                  ("Planning", "Estimate", "Development", "Analysis", "Design Spec", "Design Review", "Coding Standard",
                   "Design", "Coding", "Code Review", "Test", "Reporting", "Test Report", "Size Measurement",
                   "Postmortem & Process Improvement Plan"))
    doc = md("## 个人总结\n\n学习这门课程前，我在开发小软件的时候都没有在意这些分析与设计的基本知识，开发过程不科学、不系统。"
             "学习这门课程以及亲自和组员们动手完成一个项目后，我认识到了系统分析与软件开发的基本理论与流程。\n\n"
             "## PSP 2.1 统计\n\n| PSP2.1 | Stages | Time (%) |\n|---|---|---|\n" + psp)  # OrderEase/Dashboard 15331372
    assert doc.language.value == "zh"


def test_a_document_that_is_only_a_table_is_judged_on_the_table():
    doc = md("| Issue | Root cause | Action |\n|---|---|---|\n| The deploy failed twice | No staging check | Add one |\n")
    assert doc.language.value == "en"
