"""Rules for held 26's error classes (issue 17; held 26 was judged once on 697670f and is seen since): each rule with a
short excerpt of the real document it comes from (benchmarks/extraction/SOURCES.md, split held26)."""

from __future__ import annotations

import pytest
from pptx import Presentation

from ingest.docx_doc import parse_docx
from ingest.headings import classify_heading
from ingest.line_labels import _cjk_label
from ingest.markdown_doc import parse_markdown
from ingest.non_lessons import never_a_lesson
from ingest.pdf_blocks import lines_to_blocks
from ingest.pdf_lines import Line
from ingest.pptx_doc import parse_pptx
from ingest.source import RawFile
from tests.ingest.office_files import add_numbered, docx_bytes, new_docx, pptx_bytes


def md(text: str, key: str = "项目复盘.md"):
    return parse_markdown(RawFile(data=text.encode("utf-8"), default_key=key)).documents[0]


def lessons(doc) -> list[tuple[str, str]]:
    return [(lesson.kind.value, lesson.text) for lesson in doc.lessons]


@pytest.mark.parametrize(("heading", "kind"), [
    # en-twitch-bot-retrospective-pptx: a sprint retro's question lines.
    ("What Might Be Impeding Us from Performing Better?", "went_wrong"),
    ("What is impeding us?", "went_wrong"),
    # en-bittorrent-retrospective-pptx: a project deck's slide titles.
    ("Strong points", "went_well"),
    ("Auto - evaluation", "lesson"),
    # en-habit-app-retrospective-pdf: a question-and-answer retrospective's prompts.
    ("Favorite", "went_well"),
    ("If you could do it over", "recommendation"),
    # en-minesweeper-team-log-docx: a meeting log's last label.
    ("What we would’ve done differently:", "recommendation"),
    # zh-vue3-eleme-project-review: '##### 完成预期：' / '##### 未达预期：'.
    ("完成预期：", "went_well"),
    ("未达预期：", "went_wrong"),
    # zh-admin-console-weekly-report-docx and zh-positioning-contest-summary-docx: Word lines typed as Normal.
    ("遗留问题：", "went_wrong"),
    ("模型提升关键点", "lesson"),
    # zh-used-car-contest-summary: a heading that asks what the best version did right.
    ("六、当前高分版本到底做对了什么", "went_well"),
])
def test_headings_that_name_their_kind_in_other_words(heading, kind):
    assert classify_heading(heading) == kind


@pytest.mark.parametrize("heading", ["Performance", "Favorite colours in the UI", "预期收益", "关键技术", "模型结构"])
def test_near_misses_name_no_kind(heading):
    assert classify_heading(heading) is None


def test_a_plan_met_and_missed_under_h5_labels():
    # zh-vue3-eleme-project-review: the three 完成预期 items were missed.
    doc = md("# 项目复盘\n\n### 总结\n\n##### 完成预期：\n\n1. 完成了饿了么的基本业务逻辑。\n"
             "2. 尝试运用了Vue3中Composition API的优势，对代码进行逻辑划分。\n\n##### 未达预期：\n\n"
             "1. 代码还是存在冗余，没有充分发挥Vue3新特性的优势。\n")
    assert lessons(doc) == [("went_well", "完成了饿了么的基本业务逻辑。"),
                            ("went_well", "尝试运用了Vue3中Composition API的优势，对代码进行逻辑划分。"),
                            ("went_wrong", "代码还是存在冗余，没有充分发挥Vue3新特性的优势。")]


def test_question_lines_of_what_impedes_the_team_give_their_bullets():
    # en-twitch-bot-retrospective-pptx: one slide, three question lines at level 1 over their answers at level 2.
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "Miranda Cosgroves"
    frame = slide.placeholders[1].text_frame
    items = [(1, "What Went Well?"), (2, "Great teamwork on Slack"),
             (1, "What Might Be Impeding Us from Performing Better?"), (2, "Lack of complex Twitch bot API knowledge"),
             (2, "Roadmap with obtainable goals")]
    for number, (level, text) in enumerate(items):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.text = text
        paragraph.level = level
    doc = parse_pptx(RawFile(data=pptx_bytes(prs), default_key="Retrospective.pptx")).documents[0]
    assert lessons(doc) == [("went_well", "Great teamwork on Slack"),
                            ("went_wrong", "Lack of complex Twitch bot API knowledge"),
                            ("went_wrong", "Roadmap with obtainable goals")]


@pytest.mark.parametrize("text", [
    # zh-used-car-contest-summary: the figures listed under "对应关键结果：".
    "LightGBM OOF MAE：526.6174419083302",
    "最优融合权重：LightGBM 0.282，CatBoost 0.718",
    "当前服务器正式保留的最佳实验是：task8_cat_iter4600_cfg_w_eval。",
    # en-habit-app-retrospective-pdf: GitHub issue pages printed into the retrospective.
    "Main page layout · Issue #11 · Prayash777/CST438_Project_01_Group6",
    # zh-outfit-match-contest-summary-pdf: a slide logo the PDF text gives one letter a line.
    "M",
])
def test_figures_and_issue_titles_are_not_lessons(text):
    assert never_a_lesson(text)


@pytest.mark.parametrize("text", [
    "Tests: With every new feature, we tested using .bat files.",
    "模型 (结论: LightGBM > XGBoost(+11%)。)",  # held20 zh-thu-fbdqa-challenge-review: a finding, annotated
    "教训：上线前要跑 3 遍回归",
    "We closed Issue #11 too late, which cost us a week.",
    "QA first",
])
def test_labelled_sentences_with_figures_stay_lessons(text):
    assert not never_a_lesson(text)


_KEY_POINTS = ["基于比赛规定，case1和case2共用同一个模型。这样处理之后，case2分数有巨大的提升。",
               "数据增强参考了图像的方法。使用了cutout，有显著提升。加高斯噪声没有明显提升。"]


def contest_summary(styled_heading: bool = False) -> bytes:
    # zh-positioning-contest-summary-docx (an AI contest's 竞赛总结): every heading a numbered Normal line; the points
    # under "模型提升关键点" were read as points of the outline, one of them stored.
    document = new_docx()
    document.add_paragraph("第三届无线通信AI大赛-基于AI的高精度定位")
    if styled_heading:
        document.add_heading("模型", level=1)
    add_numbered(document, "整体研究思路", 1)
    document.add_paragraph("从实际业务出发，由于真实场景是小样本且考虑到终端部署及用户体验，所以模型不能过于复杂。")
    add_numbered(document, "模型提升关键点", 1)
    for point in _KEY_POINTS:
        add_numbered(document, point, 1)
    return docx_bytes(document)


def test_a_line_of_a_kind_typed_as_a_numbered_normal_line_heads_its_points():
    doc = parse_docx(RawFile(data=contest_summary(), default_key="总结.docx")).documents[0]
    # The rule is the heading; the points' kinds are the kind rules' (the annotation reads both as went-wells).
    assert [text for _, text in lessons(doc)] == _KEY_POINTS


def test_a_writer_who_styles_headings_and_numbers_a_flat_list_heads_its_points_by_the_lists_section_name():
    # held10 zh-testland-project-summary-docx: under styled headings, "技术方案亮点" with its points nested under it stays a
    # point (tuned unchanged). A flat list's section name heads the items after it whatever the headings around it
    # (ingest.item_headings, e-gen20zh): the real contest summary has styled headings too, and its annotation reads the
    # points as lessons (4 more matched there); the second point keeps the kind its own words give.
    doc = parse_docx(RawFile(data=contest_summary(styled_heading=True), default_key="总结.docx")).documents[0]
    assert lessons(doc) == [("lesson", _KEY_POINTS[0]), ("went_wrong", _KEY_POINTS[1])]


def test_a_weekly_reports_left_over_problems_are_went_wrong():
    # zh-admin-console-weekly-report-docx (a one-page 周报, every line bold Normal): its 遗留问题 lines gave nothing.
    document = new_docx()
    for line in ["任务一：", "修复人员与部门切换左侧菜单栏时，右侧面板显示关键字异常问题；更换详情弹窗样式风格。", "完成度：90%",
                 "遗留问题：域名校验尚不完善，需要继续补充。编辑的时候部门职位回显尚未完成。",
                 "下周计划：把人员和部门以及角色管理未修复的功能，修复完整，然后开始新任务。"]:
        document.add_paragraph().add_run(line).bold = True
    doc = parse_docx(RawFile(data=docx_bytes(document), default_key="周报.docx")).documents[0]
    assert lessons(doc) == [("went_wrong", "域名校验尚不完善，需要继续补充。编辑的时候部门职位回显尚未完成。")]


@pytest.mark.parametrize("line", ["问题：团队成员积极性不高，如何提高成员的积极性与参与度？", "亮点：分布式id生成器的实现",
                                  "总结：经过6个主要坑的排查和修复，前台保存已正常工作。"])
def test_other_chinese_labels_are_left_to_the_rules_that_know_them(line):
    # held3 / held23 / held27: the whole heading vocabulary as labels added six junk lessons for two found.
    assert _cjk_label(line) is None


_STAGE_B = ("结果显示，这些动作对 LightGBM 帮助比较明显，但对 CatBoost 并不一定同步有效。这个信号非常重要，因为它说明两个模型对特征与"
            "目标空间的偏好并不一致。")


def test_what_an_experiment_showed_opens_a_finding_under_a_stage_heading():
    # zh-used-car-contest-summary (a data contest's 比赛总结): the stage paragraphs' findings gave nothing.
    doc = md("# 比赛总结\n\n## 五、各阶段实验思路复盘\n\n### 阶段 B：加入统计信息与目标变换\n\n"
             "第二阶段开始尝试更像“表格竞赛标准动作”的增强手段，包括：\n\n- 引入价格统计特征\n- 对目标做 `log1p(price)` 变换\n\n"
             + _STAGE_B + "\n", key="比赛总结.md")
    assert lessons(doc) == [("lesson", _STAGE_B)]


def test_results_shown_on_a_screen_are_no_finding():
    doc = md("# 比赛总结\n\n## 使用说明\n\n结果显示在右侧面板中，刷新页面即可看到最新的分数与排名变化，每次提交之后都会更新。\n",
             key="比赛总结.md")
    assert lessons(doc) == []


def test_a_quoted_line_labelled_as_the_writers_lesson_is_a_lesson():
    # zh-travel-approval-project-review (an interview-oriented 项目复盘): the '> 经验：' line under its pitfalls table
    # was read as a quote; the '> …经验法则：…' aside over the API list stays one.
    doc = md("# 项目一复盘\n\n## 5. 接口清单（API）\n\n> **GET 还是 POST？** 经验法则：只是“查/读”用 GET，会“改/写”数据用 POST。\n\n"
             "## 9. 踩过的坑（复盘价值最高的部分）\n\n> 经验：**遇到报错先看最后一行**（真正的错误原因），别被前面一大堆调用栈吓到。\n")
    assert lessons(doc) == [("lesson", "遇到报错先看最后一行（真正的错误原因），别被前面一大堆调用栈吓到。")]


def test_a_bold_pdf_items_wrapped_line_goes_on_with_the_item():
    # en-vm-cycle2-lessons-pdf (a one-page bullet 'Lessons Learned', every line bold 16 pt): "being used for" was read
    # as a heading, which cut the item from its ○ sub-list: four sub-points stored as lessons of their own.
    rows = [("Lessons Learned through testing", 73, 626),
            ("● Learned how to use JUnit; specifically what and what not its good for", 127, 599),
            ("being used for", 145, 571), ("○ It is only good for unit tests", 163, 544),
            ("● There are tons of tools for GUI tests", 127, 516)]
    lines = [Line(text=t, size=16.0, bold=True, left=left, right=left + 8 * len(t), baseline=base, page=0, chars=len(t),
                  page_height=792) for t, left, base in rows]
    assert [(b.kind, b.text) for b in lines_to_blocks(lines)] == [
        ("heading", "Lessons Learned through testing"),
        ("item", "Learned how to use JUnit; specifically what and what not its good for being used for"),
        ("item", "It is only good for unit tests"), ("item", "There are tons of tools for GUI tests")]
