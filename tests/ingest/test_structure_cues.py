"""Lessons found by their own words (ingest.cues), under headings no rule knows: each rule with a short excerpt of the
real document it comes from (benchmarks/extraction/SOURCES.md), each seen failing before the rule (issue 17)."""

import pytest

from ingest.cues import cue_kind, judges, reflective
from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile
from kb.models import DocType
from kb.models import LessonKind as K


def md(text: str, key: str = "doc.md"):
    return parse_markdown(RawFile(data=text.encode("utf-8"), default_key=key)).documents[0]


def lessons(doc) -> list[tuple[str, str]]:
    return [(lesson.kind.value, lesson.text[:8]) for lesson in doc.lessons]


# wsq0315/OrderEase FinalReport-15331339.pdf (held 6): the lessons stand before any heading, in front of the PSP table.
PREAMBLE = ("在本学期系统分析与设计课程中，我了解到了软件开发的各种模型及它们在不同背景下的优缺点。\n\n"
            "在项目管理这方面我收获了不少的经验，总结起来一是明确的分工，二是进行适当间隔的会议来归纳当前进度。\n\n"
            "在分析与设计方面，我依然有很多需要学习的地方。\n\n"
            "## PSP 2.1 统计表\n\n| PSP阶段 | 耗时(h) |\n| --- | --- |\n| 计划 | 5 |\n")


def test_learning_statements_before_any_heading_of_a_final_report_are_lessons():
    doc = md(PREAMBLE, key="docs/FinalReport/FinalReport-15331339.md")
    assert lessons(doc) == [("lesson", "在本学期系统分析"), ("lesson", "在项目管理这方面"),
                            ("lesson", "在分析与设计方面")]


def test_one_learning_statement_counts_only_in_a_document_that_looks_back():
    one = "## 开发\n\n在项目管理这方面我收获了不少的经验，总结起来一是明确的分工，二是进行适当间隔的会议。\n"
    assert lessons(md(one, key="docs/FinalReport/15331339.md")) == [("lesson", "在项目管理这方面")]
    assert lessons(md(one, key="docs/api-design.md")) == []          # a design document's sentence is not a lesson


def test_work_list_items_that_judge_what_matters_are_lessons():
    doc = md("## 自认为最得意/或有价值/或有苦劳的工作清单\n\n"                  # wsq0315/OrderEase 15331371 (held 6)
             "- restfulAPI设计，通过自学和在队友的帮助下设计API是一件很好玩的事情。\n"
             "- API的实现，重点在于数据模型的设计，以及处理数据库对象的关系。\n"
             "- API的测试，初次感受到对于一个项目而言的软件单元测试过程，如何设计测试用例是关键。\n",
             key="docs/FinalReport/15331371.md")
    assert lessons(doc) == [("lesson", "API的实现，重"), ("lesson", "API的测试，初")]


def test_figures_read_as_too_high_are_what_went_wrong():
    doc = md("#### 度量分析\n\n"                                            # Jay1Zhang/BUAA-OO-2019 OO_Unit1_Summary (held 8)
             "从表格中可以看出，Polynomial.toString()方法的模块复杂度与独立路径条数较高，我发现由于我在逻辑块中为了优化输出"
             "使用了大量的特判，导致代码不仅可读性差，模块复用的可能性基本为0，且更容易犯错。\n\n"
             "由下图可知，仅从代码量来看，第三次作业与第二次作业的800+ lines相比并无较大差别，而难度确实第二次作业无可比拟的，"
             "故从一定程度上可以看出代码写的更加干净，精简了。\n",
             key="Unit_1/homework4-summaryBlogs/OO_Unit1_Summary.md")
    assert lessons(doc) == [("went_wrong", "从表格中可以看出")]


def test_bug_notes_that_state_causes_look_back_whatever_their_name():
    doc = md("## 2021-05-29\n\n"                                            # JackZheng/blog Tips-from-work (held 7)
             "这个 issue 漏出去的原因还是因为这些部分分属于不同的公司维护，彼此之前的既成测试缺失，同时也不好做的缘故。\n\n"
             "## 2021-09-22\n\n"
             "和 PM confirm 的时候，她反问了一句，这个新网址是不是已经上线了，老的是不是已经下线了。突然意识到，这是个很关键的问题，"
             "直接关系到 fix 的优先级，之前没考虑到。\n",
             key="source/_posts/Tips-from-work.md")
    assert lessons(doc) == [("root_cause", "这个 issue"), ("lesson", "和 PM con")]


def test_thanks_and_statistics_are_not_lessons_in_a_report_either():
    doc = md("## 项目感言\n\n"                                              # hollowman6/OSPP 2020 结项报告 (held 6)
             "最后，我要感谢我的项目导师@MatthewZMD 和 EAF项目创始人@manateelazycat的指导，是他们让我更多地了解了Emacs以及键盘"
             "文化，锻炼了我的团队协作和沟通能力，使我这次的Emacs项目参与收获丰厚。\n\n"
             "## 个人分支的 GIT 统计报告\n\n"                                 # ABTicket 15331192 (held 6)
             "没有使用个人分支进行开发。直接看master上的统计数据： 中间一段有波峰，是由于在测试利用travis实现持续集成，因此commit"
             "次数出现波峰。\n", key="2020-Final-Report.md")
    assert lessons(doc) == []


def test_a_reflection_given_twice_is_one_lesson():
    doc = md("# 1. 项目成员分工和预期计划\n\n"                              # PCES 项目总结 (held 3)
             "感想：自己编程方面不强，遇到bug后不能很快的解决，在此次项目中，团队分工明确，效率很高，体现出了团队合作的重要性。\n\n"
             "# 7. 各个成员的过程体会\n\n"
             "- 孙肖肖：自己编程方面不强，遇到bug后不能很快的解决，在此次项目中，团队分工明确，效率很高，体现出了团队合作的重要性。\n",
             key="blog/项目总结.md")
    assert lessons(doc) == [("lesson", "孙肖肖：自己编程")]


@pytest.mark.parametrize("text", [
    "风险登记册已建立，每条风险有负责人、应对措施和下次检查日期；",              # "下次" as a date, not a resolve
    "A neutral facilitator runs the session. Headings used: 做得好的地方, 存在的问题, 经验教训, 改进建议, 行动项.",
    "学到了",                                                                  # too short to be a statement
])
def test_words_that_are_not_a_lesson_in_context(text):
    assert cue_kind(text) is None


def test_a_document_looks_back_by_its_name_or_type():
    assert reflective("Final Report", "docs/FinalReport/15331372.md", DocType.OTHER)
    assert reflective("2023 总结", "src/content/blogs/year-end-summary/2023-summary.md", DocType.OTHER)
    assert reflective("上线", "notes/x.md", DocType.POST_MORTEM)
    assert not reflective("项目管理方法论：阶段门评审", "pmo/zh-stage-gate-methodology.md", DocType.OTHER)
    assert cue_kind("由下表可以看出，平均代码复杂度较前两次有所降低，但Term的构造方法复杂度却如同鹤立鸡群。") == K.WENT_WRONG


def test_a_reading_that_leads_into_a_quotation_and_the_advice_after_it_are_lessons():
    doc = md("#### 度量分析\n\n"                                            # Jay1Zhang/BUAA-OO-2019 OO_Unit1_Summary (held 8)
             "由下表可以看出，平均代码复杂度较前两次有所降低，但Term的构造方法复杂度却如同鹤立鸡群。经查，在Term中构造各个因子时，"
             "用了swtich()结构，而在阿里Java开发手册中有明确提到：\n\n"
             "> 11.【强制】构造方法里面禁止加入任何业务逻辑，如果有初始化逻辑，请放在init方法中。\n\n"
             "因而应尽量避免在构造函数中携带过多的计算逻辑。\n",
             key="Unit_1/homework4-summaryBlogs/OO_Unit1_Summary.md")
    assert lessons(doc) == [("went_wrong", "由下表可以看出，"), ("lesson", "因而应尽量避免在")]


def test_a_line_that_judges_nothing_is_a_work_item_not_a_lesson():
    doc = md("## 简短的课程学习自我总结\n\n"                                  # sysu-team1 zengh final report (held 7)
             "- 开发微信小程序\n  - UI界面的设计： 如界面活动流程，界面的风格\n  - UI界面的实现： 利用vscode进行编程\n\n"
             "# 7. 各个成员的过程体会\n\n"                                    # PCES 项目总结 (held 3)
             "已完成：项目整体架构的设计，前端页面的整体设计，前后端交互接口的设计与编码，部分数据库的设计。\n\n"
             "感想：自己编程方面不强，遇到bug后不能很快的解决，在此次项目中，团队分工明确，效率很高，体现出了团队合作的重要性。\n",
             key="x5-final-report.md")
    assert lessons(doc) == [("lesson", "感想：自己编程方")]
    assert judges("仍然不会灵活使用异常处理") and judges("加强unit test")   # a real went-wrong; not Chinese prose


def test_what_was_learned_and_a_fault_owned_under_headings_no_rule_knows():
    doc = md("## 自认为最得意/或有价值/或有苦劳的工作清单，含简短说明（一句话）\n\n"   # chenhtso ABTicket 15331039 (held 6)
             "万事开头难，学习了开发框架后就轻松许多。\n\n"
             "#### 找茬\n\n"                                                # Jay1Zhang/BUAA-OO-2019 (held 8), heading renamed
             '- 本次互测被找出一个bug：在构造各个因子时，我直接.split("*")，但由于split()方法的特性，当遇到**或者类似2*x*的形式'
             "会误判为正确形式。\n", key="doc/15331039_final_report.md")
    assert lessons(doc) == [("lesson", "万事开头难，学习"), ("went_wrong", "本次互测被找出一")]


def test_a_comparison_is_not_something_learned():
    # homanliang/dubbo-demo chapter15 (held): "更清楚" compares; "更加清楚了" says what the writer now knows.
    assert cue_kind("一方面简化了配置，另一方面因为服务端更清楚自己的接口性能，所以交给服务端进行设置也算合理。") is None
    assert cue_kind("通过前后端的交互，我更加清楚了API的对接方式，使用mock进行前后端分离") == K.LESSON  # ABTicket 15331219


def test_a_reflection_given_twice_under_headings_no_rule_knows_is_one_lesson():
    reflection = "自己编程方面不强，遇到bug后不能很快的解决，在此次项目中，团队分工明确，效率很高，体现出了团队合作的重要性。"
    doc = md(f"# 1. 项目成员分工和预期计划\n\n感想：{reflection}\n\n"       # PCES 项目总结 (held 3), the second heading
             f"# 7. 各个成员的过程\n\n- 孙肖肖：{reflection}\n",            # without the "体会" the rules know
             key="blog/项目总结.md")
    assert lessons(doc) == [("lesson", "感想：自己编程方")]


def test_a_gain_owned_is_what_went_well():
    doc = md("## 最得意/或有价值/或有苦劳的工作清单\n\n"                      # ABTicket 15331192 (held 6)
             "- 后台总体架构的实现。 不使用http框架、只使用第三方路由库即实现了一个REST api的服务器。\n"
             "- 实现CI。push代码到github上即可同时将代码同步并且部署到云服务器上，极大提高了工作效率。\n\n"
             "### 有价值\n\n足够早的完成了数据库的基础部分，保证没有让进度拖延下去。\n",   # sysu-team1 liangyuyin (held 7)
             key="doc/15331192_final_report.md")
    assert lessons(doc) == [("went_well", "实现CI。pus"), ("went_well", "足够早的完成了数")]


@pytest.mark.parametrize("text, kind", [
    ("合法性判断的方法还是有些冗长了，可能是因为其中包含了一些对输入进行预处理的操作，可以考虑将这部分单独抽离出来。",  # timdyh (held 8)
     K.WENT_WRONG),
    ("其次，对于多线程编程有了较深的理解。", K.LESSON),                                      # timdyh OO第四单元总结 (held 8)
    ("在这里，团队合作与分工显得尤为重要，每个团队成员通过product backlog都能清楚的知道下一步该做什么。",  # orderstyem (dev)
     K.LESSON),
    ("4）前后端人员要保持密切沟通：这对前后端的衔接过程有巨大帮助，极大程度上减少代码的重新编写", K.LESSON),  # luoshicai (held 9)
])
def test_shortfalls_understanding_gained_what_matters_and_advice(text, kind):
    assert cue_kind(text) == kind
