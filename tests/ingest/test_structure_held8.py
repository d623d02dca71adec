"""Structure rules found by reading the held8 documents of benchmarks/extraction (students' 单元总结 blog posts of an
object-oriented course; issue 17) beside what the rules frozen for them made: each rule with a short excerpt of the
real document it comes from (benchmarks/extraction/SOURCES.md)."""

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
    ("总结与建议", K.LESSON),                                               # timdyh/BUAA-OO-2019 OO第一单元总结
    ("关于BUG", K.WENT_WRONG), ("二、分析自己程序的bug", K.WENT_WRONG),         # timdyh; the course's required section
    ("互测", K.WENT_WRONG), ("自评", K.LESSON),                              # Jay1Zhang/BUAA-OO-2019 OO_Unit1_Summary
    ("三、发现别人程序bug所采用的策略", NARRATIVE),                           # how others' bugs were hunted: not lessons
])
def test_classify_heading(heading, kind):
    assert classify_heading(heading) == kind


def test_pros_and_cons_labels_set_the_kind_of_their_sub_items():
    doc = md("#### 自评\n\n---\n\n- 优点：\n  - 本次作业完全抛弃了前两次作业的结构，对整个逻辑框架进行了重构。\n"   # Jay1Zhang
             "- 缺点：\n  - 仍然不会灵活使用**异常处理**\n  - 代码的工程性及可复用性仍有所欠缺\n")
    assert lessons(doc) == [("went_well", "本次作业完全抛弃了前两次作业的结构，对整个逻辑框架进行了重构。"),
                            ("went_wrong", "仍然不会灵活使用异常处理"), ("went_wrong", "代码的工程性及可复用性仍有所欠缺")]


def test_a_no_bug_report_is_not_a_went_wrong():
    doc = md("### 关于BUG\n\n本次作业依然没有被查出任何bug。\n\n"                 # timdyh/BUAA-OO-2019 OO第一单元总结
             "### 关于BUG\n\n公测未被查出bug。在互测阶段，我第一个发现的bug是自己的bug。\n")
    assert lessons(doc) == [("went_wrong", "公测未被查出bug。在互测阶段，我第一个发现的bug是自己的bug。")]


def test_a_list_of_ticked_and_warned_items_is_an_assessment_anywhere():
    doc = md("#### 2.2 软件工程方面的改进\n\n**改进效果**：\n"                 # Jiaju-Chen/SoftwareEngineering 团队博客7 (held5)
             "- ✅ 代码质量显著提升，lint 检查自动化\n- ⚠️ 单元测试覆盖率仍需提升，这是下阶段重点\n\n"
             "## 本周进度\n\n- ✅ 完成登录页\n- 开始写注册页\n")              # a progress list that is not all marked: not lessons
    assert lessons(doc) == [("went_well", "✅ 代码质量显著提升，lint 检查自动化"),
                            ("went_wrong", "⚠️ 单元测试覆盖率仍需提升，这是下阶段重点")]


def test_how_others_bugs_were_hunted_and_a_link_label_are_not_lessons():
    doc = md("### 关于BUG\n\n公测未被查出bug。在互测阶段，我第一个发现的bug是自己的bug。\n\n"   # timdyh/BUAA-OO-2019
             "至于我查别人的bug，都是用的我写作业时自测发现了bug的样例。\n\n"
             "发现别人程序的bug依然采用上一次作业的方法，果然又查出了不少bug。\n\n"
             "## 总结与建议\n\n对于面向对象的理解可能还是只是停留在表层。\n\n"
             '<a href="https://github.com/AdamDYH/OO-2019" target="_blank">源码Github链接</a>\n')
    assert [text[:8] for _, text in lessons(doc)] == ["公测未被查出bu", "对于面向对象的理"]
