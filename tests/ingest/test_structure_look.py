"""Extraction rules for held 28's error classes (issue 17, e-look): bold-labelled problem write-ups. Each rule is shown on
a short excerpt of a real document it comes from (benchmarks/extraction/SOURCES.md names the repository and commit)."""

from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile


def md(text: str, key: str = "经验教训.md"):
    return parse_markdown(RawFile(data=text.encode("utf-8"), default_key=key)).documents[0]


def lessons(doc) -> list[tuple[str, str]]:
    return [(lesson.kind.value, lesson.text) for lesson in doc.lessons]


# held 28, acefrost511/workmemory 经验教训.md (abridged: two problems of five), bold labels on the lines of one paragraph.
AGENT_PITS = """# 踩坑记录 - 历史教训汇总

## 格式问题
**问题**：使用了表格格式
**现象**：用户要求清单方式，但输出了表格
**教训**：严格按用户要求的格式输出
**解决**：使用清单方式呈现

## 任务超时问题
**问题**：子Agent任务超时
**现象**：600s限制不够用
**解决**：配置timeoutSeconds=1200或更高
"""


def test_a_labelled_problem_under_a_topic_heading_is_the_lesson_with_its_symptom_and_fix():
    doc = md(AGENT_PITS)
    assert lessons(doc) == [
        ("went_wrong", "问题：使用了表格格式 现象：用户要求清单方式，但输出了表格"),
        ("lesson", "严格按用户要求的格式输出"),
        ("went_wrong", "问题：子Agent任务超时 现象：600s限制不够用"),
    ]
    assert [lesson.recommendation for lesson in doc.lessons if lesson.kind.value == "went_wrong"] == [
        "解决：使用清单方式呈现", "解决：配置timeoutSeconds=1200或更高"]


def test_problem_and_fix_lines_of_one_paragraph_are_a_pair():
    doc = md("# 笔记\n\n## 格式问题\n**问题**：使用了表格格式\n**解决**：使用清单方式呈现\n")
    assert lessons(doc) == [("went_wrong", "问题：使用了表格格式")]
    assert doc.lessons[0].recommendation == "解决：使用清单方式呈现"
