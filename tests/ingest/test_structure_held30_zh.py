"""Chinese rules found by reading held 30's and held 31's documents of benchmarks/extraction beside what the rules made
of them (issue 17; both judged once on 281118d and seen since; BENCHMARKS.md, "Chinese rules for held 30 and held 31,
with a transfer check (e-gen12zh)"): each rule with a short excerpt of the real document it comes from
(benchmarks/extraction/SOURCES.md)."""

from ingest.headings import classify_heading
from ingest.markdown_doc import parse_markdown
from ingest.points import enumerated_point
from ingest.source import RawFile
from tests.ingest.markdown_docs import lessons


def md(text: str, key: str = "项目复盘总结.md"):
    return parse_markdown(RawFile(data=text.encode("utf-8"), default_key=key)).documents[0]


def test_problems_met_in_a_named_part_of_the_work_went_wrong():
    # held30 zh-deskpins-clone-project-review: "## 构建过程中遇到的问题" over nine numbered problems gave no lesson.
    doc = md("# DeskPins 项目复盘总结\n\n## 构建过程中遇到的问题\n\n### 3. g++ 编译静默失败（cc1plus.exe 无法加载）\n\n"
             "g++ 的主进程启动正常，但编译器核心 cc1plus.exe 加载时找不到同目录下的运行时 DLL，直接退出。\n")
    told = ("3. g++ 编译静默失败（cc1plus.exe 无法加载） — g++ 的主进程启动正常，但编译器核心 cc1plus.exe 加载时找不到同目录下的"
            "运行时 DLL，直接退出。")
    assert lessons(doc) == [("went_wrong", told)]
    # held28 zh-ai-shop-project-summary-docx, held30 zh-machinery-mall-training-summary-pdf.
    assert classify_heading("7 项目遇到的问题与解决") == "went_wrong"
    assert classify_heading("四． 项目遇到的问题及解决方案") == "went_wrong"
    assert classify_heading("如何避免开发中遇到的问题") is None  # how to avoid them: advice, not the problems


def test_a_timelines_entries_are_no_lessons_unless_they_tell_of_trouble():
    # held30 zh-physics-olympiad-experience-sharing-pptx: a plan by school term ("时间段管理") gave ten lessons, none
    # annotated; held29's task-manager report's "Day 3（部署尝试）：这是最具挑战性的一天…" is annotated.
    doc = md("# 物理竞赛经验分享\n\n## 经验\n\n- 高一上：力学，热学，电磁学基本过一遍（程书做一遍）\n"
             "- 高一暑假：专题精编做一遍，往年复赛题决赛题定时做打分\n"
             "- Day 3（部署尝试）：这是最具挑战性的一天。我尝试将项目部署到 Vercel，遇到了 SQLAlchemy 的兼容问题。\n",
             key="物理竞赛经验分享.md")
    assert [text for _, text in lessons(doc)] == [
        "Day 3（部署尝试）：这是最具挑战性的一天。我尝试将项目部署到 Vercel，遇到了 SQLAlchemy 的兼容问题。"]


def test_a_plans_risks_and_the_measures_against_them_are_no_lessons():
    # held31 zh-ev-charging-sqtp-closure-report-docx (an SQTP 结项报告): its "八、项目风险分析与应对措施" gave 28
    # recommendations, none annotated; held22's project plan has a "4.1 风险评估及对策".
    doc = md("# 结项报告\n\n## 八、项目风险分析与应对措施\n\n### （一） 技术风险及应对措施\n\n（1）技术风险\n\n"
             "·开发经验不足：团队成员缺乏小程序开发经验，可能导致开发周期延长或功能实现不完善。\n\n（2）应对措施\n\n"
             "·分阶段开发与测试\n\n- MVP（最小可行产品）优先：先开发核心功能（如充电桩查询、支付、锁定），再逐步优化附加功能。\n"
             "- 单元测试 & 集成测试：每完成一个模块即进行测试，确保功能稳定。\n", key="结项报告.md")
    assert lessons(doc) == []
    assert classify_heading("4.1 风险评估及对策") == "narrative"


def test_a_design_reports_features_are_no_went_wells():
    # held30 zh-rpg-game-course-design-summary-docx: "1.2 项目特色" gave eight went-wells, held31's 结项报告 "（一）创新点"
    # twelve, held22's deck "创新点" three; none annotated. Its "8 收获体会" is the look back.
    doc = md("# 课程设计总结\n\n## 1.2 项目特色\n\n- 界面设计简洁明了，操作简单易懂。\n- 支持存读档功能，可以分多次完成游戏。\n\n"
             "## 8 收获体会\n\n- 团队沟通不够及时，导致接口反复修改。\n", key="课程设计总结.md")
    assert lessons(doc) == [("went_wrong", "团队沟通不够及时，导致接口反复修改。")]
    assert classify_heading("特色与创新点") == "went_well"  # held9's deck judges the team's work under it


def test_a_week_of_a_study_summary_is_no_ordinal_point():
    # held31 zh-frontend-intern-study-summary-docx: "第一周…" was cut to its first sentence, a work log, as if "第一，".
    week = ("第二周布置的任务是学会在html中引入notify.js和notify.css，然后理解并改造notify。这时候发现自己在学习上的一些不足，"
            "之前对于基础语言只是简单的练习，没有目的，所以在改造notify的时候遇到很多问题，但有压力才有动力，这个星期我反而学到的更多了，"
            "而且由于与同事更加熟悉，请教了他们许多问题，他们教会了我许多。")
    assert enumerated_point(week) == week
    first = "第一，熟练掌握了基本的Java语言。" + "Java是一门面向对象的语言，课程中我们用它完成了图书管理系统的全部模块，" * 4
    assert enumerated_point(first) == "第一，熟练掌握了基本的Java语言。"


def test_a_kind_named_after_the_part_of_the_work_it_was_found_in():
    # held30 zh-game-site-clone-group-summary-docx: "二、项目过程中好的方面" over three （一）lines gave one lesson of three
    # (by its own words), and no went-well; held26's "项目中的问题" likewise.
    doc = md("# 小组总结\n\n## 二、项目过程中好的方面\n\n（一）能充分应用所学知识，既达到了学以致用的目的，也对前期的学习有了一个很好的检验。\n\n"
             "（二）所有组员能够积极参与，认真对待，组员之间能细化分工，彰显了团队合作的精神。\n", key="小组总结.md")
    assert [kind for kind, _ in lessons(doc)] == ["went_well", "went_well"]
    assert classify_heading("项目中的问题") == "went_wrong"
    assert classify_heading("项目中的技术栈") is None


def test_an_item_over_a_write_up_in_labelled_parts_is_the_problem_alone():
    # held30 zh-machinery-mall-training-summary-pdf: under "四． 项目遇到的问题及解决方案" each problem's title item was
    # joined to its "问题描述：" paragraph as a titled point, too long for the title annotated alone.
    doc = md("# 实训总结\n\n## 四． 项目遇到的问题及解决方案\n\n- Ajax 请求的执行顺序问题\n\n"
             "问题描述：这个问题最初是在注册功能时，点击最后的注册按钮后，首先要请求后台查找用户是否已存在紧接着进行后台注册请求时出现的。\n\n"
             "问题收获：很庆幸在最初注册时出现问题没有直接跳过，而是在自己查找问题之后解决了问题。\n", key="实训总结.md")
    assert lessons(doc)[0] == ("went_wrong", "Ajax 请求的执行顺序问题")
