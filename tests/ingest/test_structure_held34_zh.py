"""Lessons from documents that are not look backs (issue 17, e-other): held 34's Chinese defence deck, typed ``other``,
gave 96 lessons and matched 1 of its 5 annotated (BENCHMARKS.md, "Lessons from documents that are not look backs
(e-other)"). Each test has a short excerpt of a real document (benchmarks/extraction/SOURCES.md) and, beside it, the
lessons of another author that must stay."""

from ingest.headings import classify_heading
from kb.models import DocType, LessonKind
from tests.ingest.markdown_docs import md

# held34 zh-online-exam-system-defence-deck-pptx (a 项目答辩 deck of an online exam system), its "六大核心亮点" and
# "项目成果" tiles as Markdown: features and figures, none annotated.
DECK = ("# 在线考试系统\n\n项目答辩汇报\n\n## 04 项目亮点与难点攻克\n\n六大核心亮点\n\n"
        "- 多模块分离架构\n- 统一登录 + JWT\n- 六种题型支持\n- 三端独立部署\n- 降低耦合度\n\n"
        "## 06 总结与展望\n\n项目成果\n\n- 代码量\n- 3个后端 + 3个前端\n- 13张核心表\n- 45个用例\n- 200并发压测\n")


def test_a_decks_feature_and_figure_tiles_are_no_lessons():
    doc = md(DECK, "项目答辩.md")
    assert doc.doc_type == DocType.OTHER
    assert [lesson.text for lesson in doc.lessons] == []


def test_a_grade_modules_heading_names_no_went_well():
    # The deck's "成绩管理" and "成绩分析" slides list a grade module's functions (38 lessons, all went well, none
    # annotated); "成绩" alone is still what went well.
    assert classify_heading("成绩管理") is None
    assert classify_heading("成绩分析") is None
    assert classify_heading("成绩") == LessonKind.WENT_WELL.value


def test_problems_named_in_a_few_words_stay_outside_a_look_back():
    # held24 zh-paddle-pfcc-docs-meeting-2024 and -build-meeting-2022 (minutes, typed other): the "文档吐槽大会" problems, short and
    # annotated, stay; tiles are dropped only when every one of them is what went well.
    doc = md("# 第三十三次会议纪要\n\n## 2、Docs 文档吐槽大会\n\n- 文档体验的跳转问题\n- 工具链过于陈旧\n"
             "- 编译最后链接失败\n- 增加参数检查\n", "会议纪要.md")
    assert doc.doc_type == DocType.OTHER
    assert [lesson.text for lesson in doc.lessons] == ["文档体验的跳转问题", "工具链过于陈旧", "编译最后链接失败", "增加参数检查"]


def test_a_look_backs_short_went_wells_stay():
    # A retrospective's "做得好的" list in a few words each.
    doc = md("# 迭代复盘\n\n## 做得好的\n\n- 每日站会准时\n- 代码评审及时\n- 测试覆盖充分\n", "迭代复盘.md")
    assert [lesson.kind for lesson in doc.lessons] == [LessonKind.WENT_WELL] * 3
