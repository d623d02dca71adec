"""Structure rules for the error classes of the held 13 and held 14 frozen runs (BENCHMARKS.md, e-gen3): incident 复盘
articles, 结项 summaries, meeting minutes, interviews and companies' practice write-ups. The excerpts are from documents
stored in benchmarks/extraction/docs/ under their licences (benchmarks/extraction/SOURCES.md)."""

from ingest.headings import classify_heading
from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile


def md(text: str, key: str = "index.md"):
    return parse_markdown(RawFile(data=text.encode("utf-8"), default_key=key)).documents[0]


def lessons(doc) -> list[tuple[str, str]]:
    return [(lesson.kind.value, lesson.text) for lesson in doc.lessons]


def test_what_can_be_learned_is_a_lessons_heading_and_a_bold_line_titles_its_paragraph():
    # Vonng/blog content/cloud/aliyun/index.md (CC-BY-4.0): "## 能学到什么？", bold-led points between rules.
    doc = md("# 阿里云周爆：云盘挂了\n\n## 事实是什么？\n\n11月12日，阿里云出现全局故障。\n\n## 能学到什么？\n\n"
             "**区域优先使用杭州与北京**，阿里云故障恢复明显有优先级，杭州和北京故障修复的速度明显要比其他区域快很多。\n\n"
             "-------------------\n\n**明确云厂商的 SLA 是营销工具，而非战绩承诺**\n\n"
             "在云计算的世界里，服务等级协议（SLA）曾被视为云厂商对其服务质量的承诺。然而它们并不能像期望的那样兜底。\n")
    got = lessons(doc)
    assert classify_heading("能学到什么？") == "lesson"
    assert ("lesson", "区域优先使用杭州与北京，阿里云故障恢复明显有优先级，杭州和北京故障修复的速度明显要比其他区域快很多。") in got
    sla = ("明确云厂商的 SLA 是营销工具，而非战绩承诺 在云计算的世界里，服务等级协议（SLA）曾被视为云厂商对其服务质量的承诺。"
           "然而它们并不能像期望的那样兜底。")
    assert ("lesson", sla) in got
    assert len(got) == 2, got
