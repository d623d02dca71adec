"""Chinese rules for held 36 (issue 17, e-gen16zh): error classes counted over every seen Chinese document before a rule
was written (BENCHMARKS.md, "Chinese rules for held 36 (e-gen16zh)"). Each test has a short excerpt of a real document
(benchmarks/extraction/SOURCES.md) and, beside it, what must stay as it was."""

from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile
from kb.models import LessonKind


def md(text: str, key: str):
    return parse_markdown(RawFile(data=text.encode("utf-8"), default_key=key)).documents[0]


# held36 zh-message-board-training-team-project-summary-docx (a training team's 项目总结报告): the second problem is a
# numbered heading over its fix; annotated as what went wrong, only its fix was extracted before (as a recommendation).
MESSAGE_BOARD = ("# 项目总结报告\n\n## 二、遇到的问题及解决方案：\n\n"
                 "问题1：从数据库中取数据，显示留言时，显示的留言与新添加的留言重复显示。\n\n"
                 "解决方案：先显示已存在的留言，新添加的留言当添加时再显示。\n\n"
                 "### 问题2：在不同的留言处怎么实现管理员回复？\n\n"
                 "解决方案：显示留言时获取其messageId，回复留言时根据对应的messageId来回复。\n")

# held19 zh-zlh-opengauss-ospp-closing (a summer project's 结项报告, another author): numbered problem items, each with its
# fix as a sub-item; the fix was a lesson of its own before.
OPENGAUSS = ("# 结项报告\n\n## 2.2 遇到的问题及解决方案\n\n"
             "- 问题 1: Docker 部署 openGauss 时端口冲突和权限问题。\n"
             "  - 解决方案：通过修改 Docker 命令中的端口映射（e.g., -p 8888:5432）避免冲突。\n"
             "- 问题 2: Python 依赖冲突（如 uvicorn 版本不兼容 Arize Phoenix）。\n"
             "  - 解决方案：参考 GitHub Issue 修复依赖版本。\n")


def test_a_numbered_problem_and_its_fix_are_one_lesson():
    doc = md(MESSAGE_BOARD, "项目总结报告.md")
    lessons = [(lesson.kind, lesson.text) for lesson in doc.lessons]
    assert (LessonKind.WENT_WRONG, "问题2：在不同的留言处怎么实现管理员回复？") in lessons
    assert not any(text.startswith("显示留言时获取其messageId") for _, text in lessons)
    two = next(lesson for lesson in doc.lessons if lesson.text.startswith("问题2"))
    assert two.recommendation.startswith("解决方案：显示留言时获取其messageId")


def test_numbered_problem_items_keep_their_fix_with_them():
    doc = md(OPENGAUSS, "结项报告.md")
    assert [lesson.kind for lesson in doc.lessons] == [LessonKind.WENT_WRONG] * 2
    assert [lesson.text.split("：")[0].split(":")[0] for lesson in doc.lessons] == ["问题 1", "问题 2"]
    assert doc.lessons[0].recommendation.startswith("解决方案：通过修改 Docker 命令")
