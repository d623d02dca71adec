"""Lessons told in prose where the structure rules did not look (BENCHMARKS.md, "Prose, lead-ins and headings that are
the lesson (e-prose)"): prose in a fence without a language, plans of a status report. Excerpts from documents stored in
benchmarks/extraction/docs/ under their licences (benchmarks/extraction/SOURCES.md)."""

from ingest.blocks import html_blocks, prose_paragraphs
from ingest.headings import NARRATIVE, classify_heading
from ingest.markdown_doc import render_markdown
from tests.ingest.markdown_docs import lessons, md

# BoonieBears CPU team's 周报 (Apache-2.0): every section written inside a ``` fence with no language.
WEEKLY = ("# 周报\n\n## 第八周\n### 一、本周工作总结\n```\n"
          "    AXI接口和Cache的代码部分已经有了一定的进展，目前沟通上可能还有不到位的地方，可以通过线上的方式，把接口之类的约定"
          "都要统一一下。TLB部分我们\n已经做了分析，其实也不复杂。不管怎样，我们一定要沉得下心，仔细去读文档，读代码，主动询问，积极交流。\n```\n\n"
          "### 二、下周进度展望\n```\n    这一周代码务必要初步完成，这样再下一周才能合力推进代码调试工作。\n```\n")


def test_prose_in_a_fence_without_a_language_is_paragraphs():
    blocks = html_blocks(render_markdown(WEEKLY))
    assert [b.kind for b in blocks] == ["heading", "heading", "heading", "para", "heading", "para"]
    assert blocks[3].text.startswith("AXI接口和Cache的代码部分") and "TLB部分我们已经做了分析" in blocks[3].text


def test_a_lesson_in_fenced_prose_is_found_and_the_plans_are_not_lessons():
    assert [kind for kind, _ in lessons(md(WEEKLY, "weekly/周报.md"))] == ["lesson"]


def test_a_fence_that_holds_code_a_log_or_a_tree_stays_code():
    assert prose_paragraphs('ERROR:app:Exception on /update [POST]\nTraceback (most recent call last):') is None
    assert prose_paragraphs("pip install -r requirements.txt\ncd web") is None
    assert prose_paragraphs("├── src  # 源码目录\n└── docs  # 文档") is None
    assert prose_paragraphs("server:\n  port: 8080  # 端口号，默认不要修改这个配置项的值") is None


def test_a_fence_that_names_its_language_stays_code_whatever_it_reads_like():
    blocks = html_blocks(render_markdown("```text\n目前沟通上可能还有不到位的地方，可以通过线上的方式统一约定。\n```\n"))
    assert [b.kind for b in blocks] == ["code"]


def test_a_status_reports_plan_for_next_week_is_narrative():
    assert classify_heading("二、下周进度展望") == NARRATIVE
    assert classify_heading("Plans for next week") == NARRATIVE
    assert classify_heading("下一步计划") == "action_item"


# The form of held 20's outage post-mortem (its text not stored here; these words are ours): sub-headings under a
# lessons heading that are the lessons, each with a line of explanation, and one with none.
POINTS = ("# Outage post-mortem\n\nWe were down for two hours on Tuesday.\n\n## Takeaways and Lessons Learned\n"
          "### Keep verbose logs from the start\nMost of the outage went into writing the logging we lacked.\n\n"
          "### Establish clear communication about when a project is ready for production traffic from everyone\n"
          "The panic came from a sudden influx of unexpected traffic.\n"
          "### Never hand-edit the production database\n### Always test aggressively\nGoes without saying.\n")


def test_a_sub_heading_under_a_lessons_heading_and_its_explanation_are_one_lesson():
    assert lessons(md(POINTS, "postmortem.md")) == [
        ("lesson", "Keep verbose logs from the start — Most of the outage went into writing the logging we lacked."),
        ("lesson", ("Establish clear communication about when a project is ready for production traffic from everyone — "
                    "The panic came from a sudden influx of unexpected traffic.")),
        ("lesson", "Never hand-edit the production database"),
        ("lesson", "Always test aggressively — Goes without saying.")]


# 18F's product-transition retrospective (CC0): a lead-in sentence wrapped before its last words.
WRAPPED = ("# Transition\n\n## Intro\n\nSome text.\n\n## Lessons learned\n\n"
           "Although we’re still in the process of transition, we’ve identified some\n"
           "important lessons learned thus far:\n\n- Take it one step at a time.\n- Build with transition in mind.\n")


def test_a_lead_in_wrapped_before_its_label_words_is_one_lead_in_not_a_lesson():
    assert lessons(md(WRAPPED)) == [("lesson", "Take it one step at a time."), ("lesson", "Build with transition in mind.")]
