"""Lessons told in prose where the structure rules did not look (BENCHMARKS.md, "Prose, lead-ins and headings that are
the lesson (e-prose)"): prose in a fence without a language, plans of a status report. Excerpts from documents stored in
benchmarks/extraction/docs/ under their licences (benchmarks/extraction/SOURCES.md)."""

import pytest

from ingest.blocks import html_blocks, prose_paragraphs
from ingest.cues import cue_kind
from ingest.headings import NARRATIVE, classify_heading
from ingest.markdown_doc import render_markdown
from kb.models import LessonKind
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
    # A went-wrong, as held 19's annotation has it: the fault ("沟通上可能还有不到位的地方") is told before the advice.
    assert [kind for kind, _ in lessons(md(WEEKLY, "weekly/周报.md"))] == ["went_wrong"]


def test_a_fence_that_holds_code_a_log_or_a_tree_stays_code():
    assert prose_paragraphs('ERROR:app:Exception on /update [POST]\nTraceback (most recent call last):') is None
    assert prose_paragraphs("pip install -r requirements.txt\ncd web") is None
    assert prose_paragraphs("├── src  # 源码目录\n└── docs  # 文档") is None
    assert prose_paragraphs("server:\n  port: 8080  # 端口号，默认不要修改这个配置项的值") is None


def test_a_fence_that_names_its_language_stays_code_whatever_it_reads_like():
    blocks = html_blocks(render_markdown("```text\n目前沟通上可能还有不到位的地方，可以通过线上的方式统一约定。\n```\n"))
    assert [b.kind for b in blocks] == ["code"]


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


# The Rust infrastructure team's DNS-outage post-mortem (MIT OR Apache-2.0): the lessons follow a lead-in sentence.
DNS = ("# crates.io DNS outage post-mortem\n\n## Root Cause of the Outage\n\nThe deployment contained two changes.\n\n"
       "## Postmortem\n\n"
       "The lessons that we are taking away from this incident are as follows:\n\n"
       "  - We need to document the process of deploying changes to production.\n"
       "  - Changes that have been tested in isolation on `staging` should be deployed individually.\n\n"
       "## Timeline\n\nSome times.\n\nWhat we saw:\n\n- A 404\n")


def test_a_lead_in_that_names_lessons_gives_its_list_that_kind():
    found = lessons(md(DNS, "content/inside-rust/2023-dns-outage-post-mortem.md"))
    assert ("lesson", "We need to document the process of deploying changes to production.") in found
    assert ("lesson", "Changes that have been tested in isolation on staging should be deployed individually.") in found
    assert not any("404" in text for _, text in found)


# The forms of held 20's ROV and course-team post-mortems (not stored here; these words are ours): noun headings outside
# the vocabulary, a lead-in line that names costs, and labelled sub-lists in each member's part.
ROV = ("# Postmortem\n\n## Successes\n\n- Pressure housing\n\n## Failures\n\n- Wire waterproofing\n\n"
       "## Prospective Causes\n\n- Hot glue waterproofing\n\n## Talking Points\n\nThe camera approach:\n\n- Simple wiring\n\n"
       "Costs of the approach:\n\n- Longer boot time\n\n## Team Reflections\n\n### Ana - Project Manager\n\n"
       "I kept the plan.\n\n- Challenges Faced:\n    - Early estimates were optimistic\n    - Scope kept growing\n")


def test_noun_headings_lead_ins_and_labels_name_their_lists_kind_in_a_post_mortem():
    assert lessons(md(ROV, "rov/postmortem.md")) == [
        ("went_well", "Pressure housing"), ("went_wrong", "Wire waterproofing"), ("root_cause", "Hot glue waterproofing"),
        ("went_wrong", "Longer boot time"), ("went_wrong", "Early estimates were optimistic"),
        ("went_wrong", "Scope kept growing")]


def test_outside_a_look_back_the_same_nouns_name_nothing():
    # "Team Reflections" names a look back of its own (held 38's group reflection, e-gen18en): the design notes' part is "Team".
    design = ROV.replace("# Postmortem", "# Design notes").replace("## Successes\n\n- Pressure housing\n\n", "") \
        .replace("## Team Reflections", "## Team")
    assert lessons(md(design, "rov/design.md")) == []


@pytest.mark.parametrize(("heading", "kind"), [
    ("## 3. 最大难点", "went_wrong"), ("## 5. 后续优化方向建议", "recommendation"), ("### Successful Aspects", "went_well"),
    ("## Roadblocks, Risks and Barriers", "went_wrong"),  # ALGOSUP team 2's post-mortem (MIT, stored)
    ("## 原因是什么？", None),  # a question: its answer may be anything
    ("## 申请本社区项目的原因", None),  # a motive as often as a cause
    ("## 取 Oss 文件效率难点的暴露", None),  # the noun qualifies another
    ("## 拓展问题", None),  # "问题" names a topic as often as a problem
    ("### 2.1 原始基线方案（成功方案）", None), ("## Problem statement", None),
])
def test_a_heading_outside_the_vocabulary_names_a_kind_by_its_head_noun(heading, kind):
    found = lessons(md(f"# 项目复盘\n\n{heading}\n\n- 需要同时计算旋转差与位置差，不能只做平移。\n", "复盘.md"))
    assert [k for k, _ in found] == ([kind] if kind else [])


def test_a_forms_prompt_possible_causes_and_bare_links_are_no_lessons():
    doc = md("# Incident report\n\n## Requirements\n\n- Root cause and resolution must contain:\n"
             "    - explain in detail what was causing the issue\n\n"
             "## 分析\n\n经过 google 确定了可能发生问题的原因：\n\n- 使用了 Arrays.asList(T t) 方法\n\n"
             "## CVE issue(s)\n\n- https://github.com/envoyproxy/envoy/issues/6434\n\n"
             # corpus/km-initiative/lessons-learned-process.txt: what any lesson must state, a guide's rule.
             "## Guide\n\nA lesson must stand on its own for a reader who knows nothing about the project. It states:\n\n"
             "- what happened (facts, dates, numbers),\n", "postmortem.md")
    assert lessons(doc) == []


@pytest.mark.parametrize(("heading", "kind"), [
    # A status report's plan for next week is narrative (a next step is still an action).
    ("二、下周进度展望", NARRATIVE), ("Plans for next week", NARRATIVE), ("下一步计划", "action_item"),
    # If we did it over, and the other problems.
    ("6. 如果重做会怎么改", "recommendation"), ("5. 其他问题与处理", "went_wrong"), ("其余困难", "went_wrong"),
])
def test_a_heading_names_its_kind(heading, kind):
    assert classify_heading(heading) == kind


@pytest.mark.parametrize(("text", "kind"), [
    # A lesson named as such, a shortfall owned, an estimate missed: the forms of held 20's Scrum 经验总结 (not stored
    # here; these words are ours).
    ("这一部分的经验是：在计划会议之前应该先把需求梳理清楚。", LessonKind.LESSON),
    ("这个环节我认为是非常重要的，它让每个人都知道为什么要做。", LessonKind.LESSON),
    ("这次会议拖了很久，因为会前没有做好一个合理的规划。", LessonKind.WENT_WRONG),
    ("回顾时大家认为故事点的估计还是偏乐观一些的。", LessonKind.WENT_WRONG),
    ("这是一个重要的功能模块，负责用户登录。", None),
    # Advice in the imperative and a fault owned: CheckFDA's prototype retrospective (MIT, stored), then the forms of
    # held 17's hackathon write-up and held 19's game-jam post-mortem (not stored; these words are ours).
    ("Keep in mind that some of these processes can seem nebulous at times but it is important that we do them.",
     LessonKind.RECOMMENDATION),
    ("Don't get too attached to an idea, if it does not work it is best to drop it early.", LessonKind.RECOMMENDATION),
    ("We ran out of time before the last three levels, so the bear and airplane areas were cut.", LessonKind.WENT_WRONG),
    ("The menus consumed far more time than I had planned, and other features suffered for it.", LessonKind.WENT_WRONG),
    ("Run the migration script again and check the output of the second step carefully.", None),  # a how-to's step
    # A good result and a smooth run owned are what went well: the forms of held 20's hackathon 心得 and held 18's
    # contest write-up (not stored; these words are ours).
    ("首先说结果吧，我们拿了第二名，应该算是不错的成绩。", LessonKind.WENT_WELL),
    ("有了前一年参赛的经验，这次的调试一切都变得特别顺利。", LessonKind.WENT_WELL),
    ("比赛结果将在下周公布，届时会通知所有参赛队伍。", None),
])
def test_a_sentence_is_the_kind_its_cues_say(text, kind):
    assert cue_kind(text) == kind


# The data challenge's 经验总结 (MIT, stored): under a title that announces lessons, a findings table of two columns, a
# workflow, products and plans.
FINDINGS = ("# 经验总结:从\"跑通别人的冠军方案\"到\"超越它\"\n\n## 一、整个过程(可复制的工作流)\n\n"
            "1. **跑通**:发现 label_*.json 其实是训练好的模型(不是标签);用现成模型在数据上推理成功。\n"
            "2. **固化**:最优组合打包成即插即用的 PredictorPlus.py。\n\n## 二、关键发现\n\n| 主题 | 结论 |\n|---|---|\n"
            "| 评分本质 | 官方排名由\"单次收益率(超额)\"主导,不是总收益。 |\n| 模型 | LightGBM > XGBoost(+11%)。 |\n\n"
            "## 四、踩过的坑(下次别再踩)\n\n- 文件名会骗人:label_5.json 是模型不是数据 → 先 head 看内容。\n\n"
            "## 五、可继续\n\n- [ ] 序列模型(小 LSTM/TabNet)+ 订单流时序特征。\n")


def test_a_findings_table_is_lessons_and_the_workflow_and_plans_are_not():
    found = lessons(md(FINDINGS, "经验总结.md"))
    assert [kind for kind, _ in found] == ["lesson", "lesson", "went_wrong"]
    assert found[0][1].startswith("评分本质") and "官方排名" in found[0][1]
    assert found[2][1].startswith("文件名会骗人")


# The form of held 19's 结项报告 (not stored here; these words are ours): a list right under its lead-in line, with no
# blank line between, as GitHub renders it (a list may interrupt a paragraph).
INTERRUPTED = ("# 结项报告\n\n### 2.2 遇到的问题及解决方案\n在项目执行过程中，我遇到了一些挑战：\n"
               "- **问题 1: Docker 部署时端口冲突**。\n  - **解决方案**：修改端口映射避免冲突。\n"
               "- **问题 2: Python 依赖冲突**。\n  - **解决方案**：降级依赖版本。\n")


def test_a_list_that_interrupts_a_paragraph_is_a_list_with_its_nesting():
    blocks = html_blocks(render_markdown(INTERRUPTED))
    assert [(b.kind, b.level) for b in blocks] == [("heading", 1), ("heading", 3), ("para", 0), ("item", 1), ("item", 2),
                                                   ("item", 1), ("item", 2)]
    found = lessons(md(INTERRUPTED, "结项报告.md"))
    assert found[0][0] == "went_wrong" and found[0][1].startswith("问题 1: Docker 部署时端口冲突")


def test_a_numbered_line_other_than_one_does_not_interrupt_a_paragraph():
    blocks = html_blocks(render_markdown("The year was\n2019. We shipped late.\n"))
    assert [b.kind for b in blocks] == ["para"]


def test_a_list_right_under_a_bold_label_is_a_list_but_not_under_a_rule_or_a_setext_heading():
    kinds = [b.kind for b in html_blocks(render_markdown("**问题**：\n- 端口冲突\n- 依赖冲突\n"))]
    assert kinds == ["para", "item", "item"]
    kinds = [b.kind for b in html_blocks(render_markdown("Notes\n=====\n- one\n\n---\n- two\n"))]
    assert kinds == ["heading", "item", "item"]


# A Zola blog's game-jam post-mortem (held 19; its text not stored here): TOML front matter between '+++' lines.
ZOLA = '+++\ntitle = "Postmortem"\ndate = "2013-08-29"\n\n[taxonomies]\ntags=["Game,","Status"]\n+++\n\nThe jam is over.\n'


def test_toml_front_matter_is_read_as_fields_not_text():
    doc = md(ZOLA, "content/postmortem.md")
    assert doc.title == "Postmortem"
    assert all("+++" not in section.text and "taxonomies" not in section.text for section in doc.sections)


def test_toml_front_matter_that_is_not_toml_is_dropped_with_a_warning():
    from ingest.markdown_doc import parse_markdown
    from ingest.source import RawFile

    result = parse_markdown(RawFile(data=b"+++\ntitle = broken\n+++\n\nThe jam is over.\n", default_key="p.md"))
    assert "+++" not in result.documents[0].sections[0].text
    assert any("not valid TOML" in w.message for w in result.warnings)


@pytest.mark.parametrize(("lead_in", "kind"), [
    ("We ran into the following issues:", "went_wrong"), ("There were three main problems:", "went_wrong"),
    ("Things that worked well:", "went_well"), ("Next time we will:", "recommendation"),
    ("下次需要注意的地方：", "recommendation"), ("The following steps were taken:", None),
])
def test_common_lead_ins_name_their_lists_kind_in_a_post_mortem(lead_in, kind):
    found = lessons(md(f"# Post-mortem\n\n## Notes\n\n{lead_in}\n\n- Restarting the database took an hour\n",
                       "postmortem.md"))
    assert [k for k, _ in found] == ([kind] if kind else [])
