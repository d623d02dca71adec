"""Structure rules for the remaining error classes (BENCHMARKS.md, "Rules for the remaining classes (e-gen4)"): speakers'
topics in minutes, causes stated in commentary and quoted from a vendor, label items and titled points, judgements told
inside narrative. The excerpts are from documents stored in benchmarks/extraction/docs/ under their licences
(benchmarks/extraction/SOURCES.md)."""

from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile


def md(text: str, key: str = "index.md"):
    return parse_markdown(RawFile(data=text.encode("utf-8"), default_key=key)).documents[0]


def lessons(doc) -> list[tuple[str, str]]:
    return [(lesson.kind.value, lesson.text) for lesson in doc.lessons]


def test_minutes_list_each_speakers_points_under_their_topic():
    # PaddlePaddle/community pfcc/meetings/2024/2024-01-11-meeting-minutes.md (Apache-2.0): "Docs 文档吐槽大会", each
    # member's topic line with their complaints as sub-bullets; the lead-in names documents as its topic, it quotes none.
    text = ("# Paddle Framework Contributor Club 第三十三次会议纪要\n\n### 2、Docs 文档吐槽大会\n\n"
            "sunzhongkai588 介绍了文档重构计划的背景，开启议题\n\n"
            "1. RedContritio 文档吐槽及重构问题\n\n2. megemini 中文文档的书写问题的吐槽\n\n"
            "   - 一个文档可能涉及多个地方的修改\n   - 增加参数检查\n\n   - 地址：https://github.com/PaddlePaddle/docs/issues/6462\n\n"
            "3. jzhang533 文档优化建议\n\n   - 从 Docs 仓库到官网展示的工具链当中，有部分工具未开源\n   - 官网的文档展示还有优化的空间\n")
    doc = md(text, key="pfcc/meetings/2024/2024-01-11-meeting-minutes.md")
    assert lessons(doc) == [("went_wrong", "一个文档可能涉及多个地方的修改"), ("went_wrong", "增加参数检查"),
                            ("went_wrong", "从 Docs 仓库到官网展示的工具链当中，有部分工具未开源"),
                            ("went_wrong", "官网的文档展示还有优化的空间")]


def test_one_item_with_a_code_block_or_sub_items_is_no_topic():
    # A troubleshooting note's fix followed by its command, and one titled problem with its details: not minutes' topics.
    doc = md("## 解决\n\n* 查看该node节点的状态\n\n```shell\nkubectl describe nodes xx\n```\n\n"
             "## 遇到的问题\n\n- 需求变更频繁\n    - 客户中途改了两次界面\n")
    assert lessons(doc) == [("recommendation", "查看该node节点的状态"), ("went_wrong", "需求变更频繁；客户中途改了两次界面")]
