"""Lines that are never a lesson whatever heading they stand under, as real write-ups put them: a pointer to where a
matter is told, and how the bugs of others were hunted (in the OO course's slang, "hack")."""

import pytest

from ingest.markdown_doc import parse_markdown
from ingest.non_lessons import never_a_lesson
from ingest.source import RawFile


def texts(text: str) -> list[str]:
    doc = parse_markdown(RawFile(data=text.encode("utf-8"), default_key="总结.md")).documents[0]
    return [lesson.text for lesson in doc.lessons]


# Real excerpts: held3 zh-pces-project-summary, held20 zh-npu-carpooling-tech-experience.
@pytest.mark.parametrize("text", [
    "问题：一系列开发过程中遇到的技术问题详见 GitHub issues",
    "标准的分布式事务解决方案 详见学成在线第4章讲义",
])
def test_a_pointer_is_no_lesson(text):
    kept = "数据库设计存在不足，导致后期需要重新设计数据库，修改后端代码，成本较大。"
    assert never_a_lesson(text)
    assert texts(f"## 遇到的问题\n\n{kept}\n\n{text}\n") == [kept]


@pytest.mark.parametrize("text", [
    # A lesson that names where more is told goes on after the pointer, or states itself before it.
    "接口文档一定要在开发前定稿，详见附录中的接口约定，否则前后端会反复返工。",
    "上线前必须做回归测试，详见测试规范。",
    "这部分的详细设计见第三章，我们在其中犯了一个错误：没有考虑并发写入。",
])
def test_a_lesson_that_points_elsewhere_is_kept(text):
    assert not never_a_lesson(text)


# Real excerpt: held10 zh-aejion-oo-unit2-summary, under "BUG分析：".
def test_how_others_were_hacked_is_no_lesson():
    text = "在hack别人方面，也是同样通过自己构造的极端样例以及自动化测试进行hack。"
    bug = "第三次作业中电梯在满员时没有正确处理换乘请求，导致强测中有两个点超时。"
    assert never_a_lesson(text)
    assert texts(f"## BUG分析：\n\n{bug}\n\n{text}\n") == [bug]
    assert not never_a_lesson("hack别人的时候发现自己也有同样的bug，说明自测样例不够全面。")


# Real excerpt: held5 zh-newsmind-beta-postmortem, the project's links after its 下一步： (two hard line breaks, one
# paragraph: "项目地址：https://… 在线体验：https://… 发布视频：https://…").
_LINKS = ("**项目地址**：https://z.gitee.cn/zgca/NewsMind.git  \n**在线体验**：https://pipiplus.site/  \n"
          "**发布视频**：https://b23.tv/ceHLGT9\n")


def test_a_line_of_labelled_links_is_no_lesson():
    steps = ["正式版阶段将继续优化推荐算法，提升用户体验", "加强单元测试，提高代码质量保障"]
    listed = "".join(f"- {step}\n" for step in steps)
    assert texts(f"## 下一步\n\n{listed}\n{_LINKS}") == steps
    assert never_a_lesson("Demo: https://pipiplus.site/ Repo: https://github.com/zgca/NewsMind")


@pytest.mark.parametrize("text", [
    # Real excerpt (en-envoy-cve-2019-9900-postmortem): a finding that names its link is a lesson.
    ("The security release forced envoy-dev:latest back to the 1.9.1 release branch. This should be fixed, see "
     "https://github.com/envoyproxy/envoy/issues/6595."),
    # Written here: a label's link, then a label with a lesson after it.
    "部署前检查环境依赖：https://example.org/checklist 上线后复盘：每次都要写清楚原因。",
])
def test_a_lesson_with_links_in_it_is_kept(text):
    assert not never_a_lesson(text)
