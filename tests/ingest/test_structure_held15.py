"""Structure rules for the held 15 and held 16 error classes (BENCHMARKS.md, "Rules for the held 15 and held 16 error
classes (e-gen5)"): typographic apostrophes and Traditional Chinese in headings, improvement plans, closing sections,
pain points, a kind-less "分工" under a kind, and contest write-ups as retrospectives. The excerpts are from documents
stored in benchmarks/extraction/docs/ under their licences (benchmarks/extraction/SOURCES.md)."""

import pytest

from ingest.headings import NARRATIVE, classify_heading
from ingest.line_labels import inline_label
from kb.models import DocType, LessonKind
from tests.ingest.markdown_docs import lessons, md

# excaliburjs/excaliburjs.github.io (BSD-2-Clause), the Ludum Dare 35 retrospective: the heading as typed, with ’.
LD35 = ("# Ludum Dare 35 Retrospective\n\n## What didn’t go so well\n\n### Animations\n\n"
        "There were a number of things that made interacting with the Excalibur animations API painful.\n\n"
        "## Conclusions\n\n- Build a playable game as soon as possible\n"
        "- Look for alternative solutions that create most of what you want for much less work\n")


def test_a_typographic_apostrophe_in_a_heading_is_read_as_a_plain_one():
    assert lessons(md(LD35))[0] == (
        "went_wrong", "There were a number of things that made interacting with the Excalibur animations API painful.")


def test_a_conclusions_section_holds_lessons():
    assert lessons(md(LD35))[1:] == [
        ("lesson", "Build a playable game as soon as possible"),
        ("lesson", "Look for alternative solutions that create most of what you want for much less work")]


@pytest.mark.parametrize(("heading", "kind"), [
    ("### 💬 結語", "lesson"),  # jcs-profile game jam 心得 (CC-BY-SA-4.0), Traditional Chinese
    ("## 結語", "lesson"), ("## 经验教訓", "lesson"), ("## 遇到的問題", "went_wrong"), ("## 優點", "went_well"),
    ("## What didn’t go well", "went_wrong"), ("## What we’ve learned", "lesson"),
])
def test_traditional_spellings_and_curly_quotes_name_the_same_kind(heading, kind):
    assert classify_heading(heading) == kind


def test_an_inline_label_in_traditional_chinese_keeps_its_text_as_written():
    assert inline_label("缺點：時間不夠，參數沒能調整") == (LessonKind.WENT_WRONG, "時間不夠，參數沒能調整")
    assert inline_label("What didn’t go so well: the art pipeline") == (LessonKind.WENT_WRONG, "the art pipeline")


# MoreThanForTheSun/blog-cumcm (MIT): the modelling team's 总结与反思, "### 分工" under 优点 / 不足, then 改进方案.
CUMCM = ("# 2024 数模国赛总结与反思\n\n## 客观情况\n\n### 任务分工\n\n- 队员 A：建模与论文\n\n"
         "## 优点\n\n### 分工\n\n- 队员很给力，因为同时兼顾两个分工任务意味着更多的学习成本\n\n"
         "## 不足\n\n### 分工\n\n- 因为模糊分工所引起的任务重叠，增加了协同成本\n\n"
         "## 改进方案\n\n### 分工\n\n- 略微改动人员分工，增加代码方面的人力投入\n")


def test_who_did_what_under_a_kind_keeps_the_kind_and_an_improvement_plan_is_action_items():
    assert lessons(md(CUMCM)) == [("went_well", "队员很给力，因为同时兼顾两个分工任务意味着更多的学习成本"),
                                  ("went_wrong", "因为模糊分工所引起的任务重叠，增加了协同成本"),
                                  ("action_item", "略微改动人员分工，增加代码方面的人力投入")]


def test_pain_points_a_project_met_went_wrong():
    # CondorHero/learn-anything (MIT), a 2023 年终 Review deck in Slidev Markdown.
    doc = md("# 2023 年终 Review\n\n### 项目遇到的痛点\n\n1. 没有产品经理，研发需要承担更多的角色\n"
             "2. 需要对接产研，项目升级风险太大\n")
    assert lessons(doc) == [("went_wrong", "没有产品经理，研发需要承担更多的角色"), ("went_wrong", "需要对接产研，项目升级风险太大")]


@pytest.mark.parametrize("title", ["2020CCPC秦皇岛训练总结", "ICPC 南京站赛后总结", "第一次参赛心得体会"])
def test_a_contests_look_back_is_a_retrospective(title):
    doc = md(f"# {title}\n\n### 比赛分析\n\n我们队这场才过了3题，有点拉垮。\n")
    assert doc.doc_type == DocType.RETROSPECTIVE


@pytest.mark.parametrize(("column", "field"), [("問題描述", "driving_event"), ("改進措施", "action"),
                                               ("What didn’t go well", None)])
def test_a_registers_columns_in_traditional_chinese_are_known(column, field):
    from ingest.register import column_field

    assert column_field(column) == column_field(column.replace("’", "'").translate(str.maketrans("問題進", "问题进")))
    if field:
        assert column_field(column) == field


def test_a_slides_own_front_matter_is_no_heading():
    # CondorHero/learn-anything (MIT), the Slidev deck: each slide may open with its settings between "---" lines.
    doc = md("# 2023 年终 Review\n\n---\n\n## 联调\n\n联调了三个系统。\n\n---\nclass : sso\n---\n\n## FILA 单点登录\n\n"
             "---\nlayout: section\n---\n\n### 项目遇到的痛点\n\n1. 没有产品经理，研发需要承担更多的角色\n")
    assert [s.heading for s in doc.sections] == ["2023 年终 Review", "联调", "FILA 单点登录", "项目遇到的痛点"]
    assert lessons(doc) == [("went_wrong", "没有产品经理，研发需要承担更多的角色")]


# The XDU-ICPC wiki's "Orz Panda" Cup record (no licence found: two headings and two lines quoted): a contest log under
# "比赛记录", then "赛后反思".
ORZ = ("---\ntitle: 2020-2021 Cup Programming Contest\n---\n\n# 比赛记录\n"
       "开场三人分别从前、中、后看题。\n\n"
       "# 赛后反思\n- 容易卡题，同时代码细节处理不到位，容易思路混乱。\n- 分工不够明确，在题目思路的交流上存在问题。\n")


def test_a_contests_reflection_makes_a_retrospective():
    doc = md(ORZ, key="team/take-your-time/contest-records/orz_panda2020.md")
    assert doc.doc_type == DocType.RETROSPECTIVE
    assert [text for _, text in lessons(doc)] == ["容易卡题，同时代码细节处理不到位，容易思路混乱。", "分工不够明确，在题目思路的交流上存在问题。"]


@pytest.mark.parametrize("heading", ["# 比赛记录", "## 训练过程", "## 赛况"])
def test_a_record_of_how_a_contest_went_is_narrative(heading):
    # Read as lessons once the record is typed a retrospective, its play-by-play ("…结果没过样例便打印了代码下来自闭")
    # would be judged by content cues.
    assert classify_heading(heading) == NARRATIVE


def test_a_bold_line_standing_as_a_heading_names_a_look_back():
    # liyishui's blog (no licence found: three lines quoted): the Markdown body is HTML paragraphs; a bold one, "icpc南京站赛后总结", heads the reflection.
    doc = md("---\ntitle: '2023心碎ICPC南京站回忆录'\n---\n\n<p><span>某种程度上来说集齐了金银铜铁。</span></p>\n"
             "<p><span><strong><span>icpc南京站赛后总结</span></strong></span></p>\n"
             "<p><span>打得一言难尽，分析起来又说来话长。最后是3题，罚时很多，离铜线10名左右。</span></p>\n",
             key="src/pages/posts/post-5.md")
    assert doc.doc_type == DocType.RETROSPECTIVE


def test_a_closing_section_under_a_kind_gives_its_list_not_its_farewell():
    # excaliburjs (BSD-2-Clause), the Ludum Dare 38 retrospective: "### Conclusion" under "What didn’t go so well".
    doc = md("## What didn’t go so well\n\n### Bugs in Excalibur\n\nWhile the bug count this jam was low, it still wasn’t zero.\n\n"
             "### Conclusion\n\nEvery time we do a restrospective, the “what went well” section takes more and more space "
             "away from the “what didn’t go so well” section. Ludum Dare was a lot of fun, and we hope to participate "
             "again someday.\n")
    assert lessons(doc) == [("went_wrong", "Bugs in Excalibur — While the bug count this jam was low, it still wasn’t zero.")]


def test_a_wish_for_the_readers_is_no_lesson():
    # momeak9's 年中总结 (no licence found: one line quoted), its 结语 list.
    doc = md("## 结语\n\n- 梦想还是要有的，希望大家在秋招都能收获心仪的offer呀，无论大环境怎么样，还是得继续努力的不是？\n"
             "- 实习让我明白了需求要先问清楚再动手。\n")
    assert lessons(doc) == [("lesson", "实习让我明白了需求要先问清楚再动手。")]


def test_an_impression_or_a_feeling_is_a_judgement():
    # indestinee's hackathon 回顾 (no licence found: two list items quoted): its 体会 list.
    doc = md("## 总结\n\n体会：\n\n- 加深了我 JS 真恶心的这个印象。\n- 近几年唯一的一次熬通宵，其实还是挺伤身体的。\n")
    assert [text for _, text in lessons(doc)] == ["加深了我 JS 真恶心的这个印象。", "近几年唯一的一次熬通宵，其实还是挺伤身体的。"]
