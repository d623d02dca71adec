"""Retrospective structure: each rule with a short excerpt of a real document (source named beside it).

The excerpts come from the documents of benchmarks/extraction (SOURCES.md gives repository, commit and path);
headings quoted only from issue 17 are marked so.
"""

import pytest

from ingest.blocks import Block, html_blocks
from ingest.headings import DRIVING_EVENT, NARRATIVE, classify_heading
from ingest.html_doc import parse_html
from ingest.markdown_doc import parse_markdown
from ingest.metadata import tag_list
from ingest.source import RawFile
from ingest.structure import build_structure
from ingest.text_doc import parse_text
from kb.models import DocType, Language
from kb.models import LessonKind as K


def md(text: str, key: str = "doc.md"):
    return parse_markdown(RawFile(data=text.encode("utf-8"), default_key=key)).documents[0]


def lessons(doc) -> list[tuple[str, str]]:
    return [(lesson.kind.value, lesson.text) for lesson in doc.lessons]


@pytest.mark.parametrize("heading, kind", [
    ("What went well", K.WENT_WELL), ("What didn't go well", K.WENT_WRONG), ("What went wrong", K.WENT_WRONG),
    ("What could be improved", K.WENT_WRONG), ("Lessons Learned", K.LESSON), ("Lesson(s) Learned", K.LESSON),
    ("Key takeaways", K.LESSON), ("Recommendations", K.RECOMMENDATION), ("Recommendation(s)", K.RECOMMENDATION),
    ("Action items", K.ACTION_ITEM), ("Next steps", K.ACTION_ITEM), ("Root cause", K.ROOT_CAUSE),
    ("Root Cause Analysis", K.ROOT_CAUSE), ("Driving Event", DRIVING_EVENT),
    ("做得好的", K.WENT_WELL), ("一、做得好的地方", K.WENT_WELL), ("亮点", K.WENT_WELL), ("不足", K.WENT_WRONG),
    ("问题", K.WENT_WRONG), ("存在的问题", K.WENT_WRONG), ("需要改进", K.WENT_WRONG), ("3. 经验教训", K.LESSON),
    ("改进建议", K.RECOMMENDATION), ("行动项", K.ACTION_ITEM), ("后续行动项", K.ACTION_ITEM),
    ("根本原因", K.ROOT_CAUSE), ("根因分析", K.ROOT_CAUSE), ("驱动事件 (Driving Event)", DRIVING_EVENT),
    ("经验教训 (Lessons Learned)", K.LESSON), ("(二) 问题", K.WENT_WRONG), ("**What went well** 👍", K.WENT_WELL),
    ("Lessons learned and recommendations", K.LESSON),
    # Question forms, suffixes and emoji seen in real retrospectives.
    ("What went well?", K.WENT_WELL),                                  # LEIC-ES-2021-22/3LEIC06T1 Iteration1.md
    ("What should we do differently?", K.RECOMMENDATION),              # same
    ("What would we do differently?", K.RECOMMENDATION),               # LEIC-ES-2021-22/2LEIC09T3
    ("WHAT TO DO NEXT", K.ACTION_ITEM),                                # sirkotal/linkpedia Retrospective-1.md
    ("How can we improve [30 Minutes]", K.RECOMMENDATION),             # flutter 2.8 retrospective
    ("Where we got lucky", K.WENT_WELL),                               # flutter.dev outage post-mortem
    ("Prevention: Lessons Learned", K.RECOMMENDATION),                 # 1Light/alx 0x19-postmortem
    ("What went well in 2.8 ✅", K.WENT_WELL), ("What could have gone better ⚠️", K.WENT_WRONG),
    ("5.Sprint 1 感悟与收获：", K.LESSON),                              # heavenfires/OrderStyem Blog-sprint-1.md
    ("如果历史重来一遍, 我们会做什么改进?", K.RECOMMENDATION),            # heavenfires/OrderStyem Blog-Postmortem.md
    ("关于困难和收获：", K.LESSON), ("关于值得高兴的地方：", K.WENT_WELL),  # Qin-Hao/SoftwareEngineering Scrum Meeting
    ("原因分析", K.ROOT_CAUSE), ("预防故障", K.RECOMMENDATION),          # lovemilk2333/notes Gitea 事故通报
    ("遇到过哪些问题？", K.WENT_WRONG), ("哪些方面做得好", K.WENT_WELL),   # issue 17
    ("我们是否可以做得更好？", K.RECOMMENDATION), ("总结和教训", K.LESSON),  # issue 17
    ("过程", DRIVING_EVENT), ("事故经过", DRIVING_EVENT),
    ("Timeline (all times in PST/PDT)", NARRATIVE), ("Impact", NARRATIVE), ("影响范围", NARRATIVE),
    ("What still puzzles me?", NARRATIVE), ("Sprint Retrospective", None), ("Attendees", NARRATIVE),
    ("Project overview", None), ("项目背景", None), ("Risks", None), ("2.1 Schedule", None), ("", None),
])
def test_classify_heading(heading, kind):
    assert classify_heading(heading) == kind


def test_sub_headings_inherit_the_kind_and_ordinary_headings_reset_it():
    blocks = [Block("heading", "需要改进", level=2), Block("heading", "需求管理", level=3),
              Block("item", "需求变更没有走评审。", level=1), Block("heading", "附录", level=2),
              Block("item", "不是经验。", level=1)]
    s = build_structure(blocks, "T")
    assert [(lesson.kind, lesson.text) for lesson in s.lessons] == [(K.WENT_WRONG, "需求变更没有走评审。")]
    assert [sec.kind for sec in s.sections] == [K.WENT_WRONG, K.WENT_WRONG, None]


def test_a_narrative_sub_heading_stops_inheritance():
    blocks = [Block("heading", "Lessons learned", level=2), Block("heading", "Timeline", level=3),
              Block("item", "21:14 - DNS configuration changes take effect.", level=1)]
    assert build_structure(blocks, "T").lessons == []


def test_nested_bullets_stay_with_their_parent():
    doc = md("### What went well\n"                                     # flutter 2.8 retrospective
             "* We released a quality SDK on the expected date.\n  * No P0 issues to hotfix.\n"
             "* The social team was proactive in keeping customers informed.\n")
    # It was "…on the expected date.; No P0 issues…": a sub-item after a full stop needs no semicolon.
    assert lessons(doc) == [("went_well", "We released a quality SDK on the expected date. No P0 issues to hotfix."),
                            ("went_well", "The social team was proactive in keeping customers informed.")]


@pytest.mark.parametrize(("parent", "child", "joined"), [
    ("We shipped on the expected date.", "No P0 issues.", "We shipped on the expected date. No P0 issues."),
    ("We must test early!", "Two days were not enough.", "We must test early! Two days were not enough."),
    ("Keep the runbook;", "review it monthly", "Keep the runbook; review it monthly"),  # was ";;"
    ("Test early", "with real data", "Test early; with real data"),
    ("Three causes:", "late vendor", "Three causes: late vendor"),
    ("测试环境一定要提前准备好。", "环境要有专门的负责人。", "测试环境一定要提前准备好。环境要有专门的负责人。"),
    ("测试环境准备晚了", "只剩一周", "测试环境准备晚了；只剩一周"),
    ("需求变更要走评审，", "不能口头同意", "需求变更要走评审，不能口头同意"),  # was "，; "
    ("接口交付延期了 5 周.", "压缩了测试", "接口交付延期了 5 周. 压缩了测试"),
])
def test_a_sub_item_is_joined_to_its_lesson_without_doubled_punctuation(parent, child, joined):
    doc = md(f"## Lessons learned\n\n- {parent}\n  - {child}\n- Another lesson entirely.\n")
    assert [t for _, t in lessons(doc)] == [joined, "Another lesson entirely."]


def test_a_lead_in_that_announces_a_list_is_not_a_lesson():
    doc = md("## Sprint1\n\n我就根据本次迭代的情况，列了几点需要改进的：\n\n1. 加强unit test\n"   # harithe sprint1 post
             "2. 开发之间做code review,QA做functional review，成员之间共享信息。\n")
    assert [t for _, t in lessons(doc)] == ["加强unit test", "开发之间做code review,QA做functional review，成员之间共享信息。"]


def test_a_closing_remark_after_the_list_is_not_a_lesson():
    doc = md("## ACTION ITEMS\n\n"                                        # LEIC-ES-2021-22/2LEIC09T5 Retrospective_2
             "- Manage our time more efficiently and distribute work through the group members.\n\n"
             "Even though this iteration was inferior to the last one, the group is still determined to deliver.\n")
    assert lessons(doc) == [("action_item", ("Manage our time more efficiently and distribute work through the "
                                             "group members."))]


def test_a_paragraph_section_keeps_its_paragraphs_as_lessons():
    doc = md("## What didn't work\n\n"                                    # flutter.dev outage post-mortem
             "Monitoring detected the issue but one e-mailed one person, who was not working at the time.\n\n"
             "The DNS changes took hours to take effect.\n")
    assert [k for k, _ in lessons(doc)] == ["went_wrong", "went_wrong"]


def test_inline_labels_set_the_kind_and_empty_or_puzzle_labels_give_nothing():
    doc = md("* Retrospectives:\n"                                          # LEIC-ES-2021-22/2LEIC15T1
             "    - What went well: good organization and time management\n"
             "    - What didn't go so well: -\n"
             "    - What have I learned: the basics of flutter, due to it being our first contact with it;\n"
             "    - What still puzzles me: -\n")
    assert lessons(doc) == [("went_well", "good organization and time management"),
                            ("lesson", "the basics of flutter, due to it being our first contact with it;")]


def test_action_item_markers_anywhere():
    doc = md("## Notes\n\n- [Action Item] Document the #incident-response channel.\n- 行动项：补充 DNS 变更的监控\n")
    assert lessons(doc) == [("action_item", "Document the #incident-response channel."),
                            ("action_item", "补充 DNS 变更的监控")]


def test_code_blocks_and_quotes_are_never_lessons():
    doc = md("## 原因分析\n\n貌似因为机械硬盘敲盘, 造成 PostgresQL 数据库的某块文件发生损坏\n\n"   # lovemilk2333/notes
             "```log\n[1887836.036183] ata1.00: configured for UDMA/33\n```\n\n"
             "> BTW, 要避免挂载点未挂载时被意外写入, 可以在 unmount 后使用 chattr +i\n")
    assert lessons(doc) == [("root_cause", "貌似因为机械硬盘敲盘, 造成 PostgresQL 数据库的某块文件发生损坏")]


def test_nothing_to_change_is_not_a_lesson():
    doc = md("### What should we do differently?\n\n- Nothing\n\n"        # LEIC-ES-2021-22/3LEIC05T1 iteration_3
             "####如果历史重来一遍, 我们会做什么改进?\n* 答：对于消息变更方面处理的挺好的，不需要改进。<br>\n")  # OrderStyem
    assert doc.lessons == []


def test_a_title_heading_does_not_make_its_body_lessons():
    # The shipped corpus's own bug: the title "…经验教训汇总" made its header fields lessons.
    text = ("智慧仓储WMS上线项目经验教训汇总\n================================\n\n所属部门：供应链管理部\n"
            "整理人：许晴、黄志强\n日期：2025-07-04\n\n说明：\n本汇总综合了太仓配送中心上线首周复盘。\n\n"
            "一、硬件与设备供应商\n1) RF 手持终端供应商讯扬电子延期交货；后续合同应约定分批交付计划。\n\n"
            "二、背景\n1) 太仓配送中心 2024 年启用。\n")
    doc = parse_text(RawFile(data=text.encode("utf-8"), default_key="lessons-summary.txt")).documents[0]
    assert lessons(doc) == [("lesson", "RF 手持终端供应商讯扬电子延期交货；后续合同应约定分批交付计划。")]


def test_templates_give_sections_but_no_lessons():
    template = "## 做得好的\n\n- 做对了什么\n- 为什么有效\n\n## 后续行动\n\n- [ ] 行动项 1\n"   # ParisRain-T/Rain-notes-site
    assert md(template, key="content/_meta/templates/project-postmortem-template.md").lessons == []
    placeholders = "## 😊 做得好的 (Keep)\n\n- {{KEEP_1}}\n\n## 😐 需要改进的\n\n- **影响**: {{IMPACT_1}}\n"  # zhizhunbao
    assert md(placeholders).lessons == []
    issue_form = "## What Went Wrong?\nGather information and construct a detailed timeline.\n"  # sandialabs
    assert md(issue_form, key=".github/ISSUE_TEMPLATE/post-mortem.md").lessons == []
    assert len(md(template, key="notes/retro.md").lessons) == 2  # the same text elsewhere is not a template...
    assert md(template, key="notes/retro.md").lessons[1].text == "为什么有效"  # ...though this one reads like one


def test_markup_in_a_lesson_is_text_not_a_placeholder():
    text = ("Payload report\n\nLessons learned:\n- Escape everything <script>alert(1)</script> in every page.\n"
            "- Fill in <Incident Title> and [Insert date]\n")
    doc = parse_text(RawFile(data=text.encode(), default_key="payload.txt")).documents[0]
    assert [t for _, t in lessons(doc)] == ["Escape everything <script>alert(1)</script> in every page."]


def test_meeting_metadata_and_sign_offs_are_not_lessons():
    doc = md("## 回顾组织\n\n## 值得高兴的地方\n\n* 主题：怎样才能在下个sprint中做的更好\n* 时间：2016-11-23\n"
             "* 大家都很积极，遇到问题会一起讨论。\n\n—— 译者：某某\n")
    assert lessons(doc) == [("went_well", "大家都很积极，遇到问题会一起讨论。")]


@pytest.mark.parametrize("text, key, expected", [
    ("# 【Alpha阶段】第六周Scrum Meeting!\n\n## 关于困难和收获：\n\n王震：设计方法太赞了。\n", "document/x.md",
     DocType.STATUS_REPORT),                                                       # Qin-Hao/SoftwareEngineering
    ("## Summary\n\nflutter.dev was offline.\n", "docs/postmortems/outage.md", DocType.POST_MORTEM),  # folder
    ("# Iteration 1 Log\n\n## Sprint Retrospective\n\n### What went well?\n- GitHub Flow went smoothly;\n",
     "docs/IterationLogs/Iteration1.md", DocType.RETROSPECTIVE),                    # headings
    ("## Summary\n\n## Timeline\n\n## Root causes\n\nA DNS change.\n", "docs/x.md", DocType.POST_MORTEM),
    ("# Writing an Effective Postmortem\n\n## Lessons learned\n\n- Reflect on key takeaways.\n", "README.md",
     DocType.OTHER),                                                               # 010binary/alx: a guide
    ("---\nlayout: post\ntitle: Sprint1, 艰难的开始\n---\n和Team的成员进行了这次sprint的回顾会议。\n",
     "_posts/2011-03-05-sprint1.markdown", DocType.RETROSPECTIVE),                 # harithe.github.com
])
def test_document_type_from_title_folder_and_headings(text, key, expected):
    assert md(text, key=key).doc_type == expected


def test_a_guide_gets_no_lessons():
    assert md("# Writing an Effective Postmortem\n\n## Lessons learned\n\n- Reflect on key takeaways.\n").lessons == []


def test_language_from_prose_not_code_blocks():
    code = "\n".join(f"$ sudo du --summarize --inodes /run/user/1000/{name}" for name in ("bus", "crun", "libpod"))
    doc = md(f"# 爆炸记录\n\n## 2024年1月2日上午\n\n重启时提示空间不足，原因是 inode 满了。\n\n```shell\n{code}\n```\n")
    assert doc.language == Language.ZH                                           # Capchdo/blog docs/down.md


def test_tags_split_on_commas_and_spaces():
    assert md("---\ntags: linux 服务器 zfs\n---\n# T\n").tags == ["linux", "服务器", "zfs"]   # issue 17
    assert tag_list("项目管理, 风险", []) == ["项目管理", "风险"]
    assert tag_list("运维、故障", []) == ["运维", "故障"]
    assert tag_list("project management", []) == ["project management"]  # an English phrase stays one tag


def test_notion_export_takes_the_page_title():
    html = ('<html><head><title>Retro – Sprint 12</title></head><body><article class="page">'
            '<header><h1 class="page-title">Retro – Sprint 12</h1></header><div class="page-body">'
            '<h2>👍 What went well</h2><ul><li>Deploys were boring.</li></ul></div></article></body></html>')
    doc = parse_html(RawFile(data=html.encode(), default_key="Retro.html")).documents[0]
    assert doc.title == "Retro – Sprint 12"
    assert lessons(doc) == [("went_well", "Deploys were boring.")]


def test_lesson_title_from_a_lead_in():
    s = build_structure([Block("heading", "Lessons", level=2),
                         Block("item", "Vendor delay: the interfaces arrived five weeks late.", level=1)], "T")
    assert s.lessons[0].title == "Vendor delay"


@pytest.mark.parametrize(("text", "title"), [
    # the shipped corpus's action items: the colon stands in the owner's bracket
    ("完成剩余 2.1 万条重复客户的合并 (负责人：王磊，截止：2026-06-30)", "完成剩余 2.1 万条重复客户的合并"),
    ("关键供应商合同中必须约定两到三个可验证的中间节点（如家具：到港、安装）。", "关键供应商合同中必须约定两到三个可验证的中间节点"),
    ("Tasks were defined adequately (Achieved?: Y)", "Tasks were defined adequately"),
    ("點數說明 (string (文字格式:需要800點兌換): string)", "點數說明"),
    # the bracket opens the lead: its label is the title
    ("（踩坑记录：本来使用的是 ArrayList，删除时出错。）", "踩坑记录"),
    # a bracket closed before the colon stays
    ("Vendor (DB) delay: the interfaces arrived five weeks late.", "Vendor (DB) delay"),
])
def test_a_lead_in_title_never_ends_inside_a_bracket(text, title):
    s = build_structure([Block("heading", "Lessons", level=2), Block("item", text, level=1)], "T")
    assert s.lessons[0].title == title


def test_action_item_table_takes_the_action_column():
    doc = md("### Action Items\n\n| Status | Action Item | Owner |\n|---|---|---|\n"        # flutter 2.8 retrospective
             "| In Progress | Rethink timing of releases | Kevin |\n")
    assert lessons(doc) == [("action_item", "Rethink timing of releases (Status: In Progress; Owner: Kevin)")]


def test_a_rows_details_are_joined_without_doubled_punctuation():
    # "(Status: Blocked by the vendor.; Owner: Kevin)": a cell's own full stop before the separator.
    doc = md("### Action Items\n\n| Status | Action Item | Owner |\n|---|---|---|\n"
             "| Blocked by the vendor. | Rethink timing of releases | Kevin. |\n"
             "| 等供应商回复。 | 重新评估发布节奏 | 张伟 |\n")
    assert lessons(doc) == [
        ("action_item", "Rethink timing of releases (Status: Blocked by the vendor; Owner: Kevin.)"),
        ("action_item", "重新评估发布节奏 (Status: 等供应商回复; Owner: 张伟)")]


def test_document_without_retrospective_headings_gets_sections_only():
    s = build_structure(html_blocks("<h1>Charter</h1><p>Goal.</p><h2>Scope</h2><ul><li>Forty apps.</li></ul>"), "T")
    assert [(x.heading, x.text) for x in s.sections] == [("Charter", "Goal."), ("Scope", "- Forty apps.")]
    assert s.lessons == []


def test_deeply_nested_html_does_not_overflow():
    html = "<div>" * 5000 + "<h2>Lessons learned</h2><ul><li>Deep lesson.</li></ul>" + "</div>" * 5000
    s = build_structure(html_blocks(html), "T")
    assert [lesson.text for lesson in s.lessons] == ["Deep lesson."]


def test_a_section_heading_is_not_the_title():
    # flutter/flutter docs/postmortems: the page starts with "## Summary".
    doc = md("Status: final<br> Owners: @Hixie\n\n## Summary\n\nflutter.dev was offline.\n",
             key="docs/postmortems/Postmortem-flutter.dev-outage-on-August-26-2023.md")
    assert doc.title == "Postmortem-flutter.dev-outage-on-August-26-2023"


@pytest.mark.parametrize(("text", "title"), [
    # a team's incident template (CGITJ/Atlas 4-故障复盘.md): a label and a screenshot above the report's own title
    ("## 示例：\n![](示例图片/故障复盘.png)\n\n# 📝 **故障复盘报告**\n\n### 一、故障信息\n\n- 故障等级：P2\n", "📝 故障复盘报告"),
    ("## Draft\n\n# Checkout outage post-mortem\n\n## Root cause\n- The cache expired.\n", "Checkout outage post-mortem"),
    # a level-2 title with a level-1 section further on stays the title
    ("## Sprint 4 retro\n\n## What went well\n- Demos.\n\n# Appendix\n\nNotes.\n", "Sprint 4 retro"),
])
def test_a_label_above_the_level_one_title_is_not_the_title(text, title):
    assert md(text, key="docs/report.md").title == title


@pytest.mark.parametrize(("text", "key", "title"), [
    # blateyang/FashionAI_keypoint_match 比赛总结.md: its sections are "## 1.报名参赛", "## 2.确定初步方案", ...
    ("## 1.报名参赛\n研二以来一直想认真参加一回数据科学比赛。\n## 2.确定初步方案\n报完名，在认真分析了赛题之后。\n",
     "blateyang/比赛总结.md", "比赛总结"),
    # gechengkai/SDAUHandOver 经验总结.md starts at its second section
    ("## 2 代码管理\n### 2.1 VSCode 与 GitHub\n文字。\n## 3 论文写作辅助工具\n### 3.1 声咖\n文字。\n",
     "SDAUHandOver/经验总结.md", "经验总结"),
    # saucxs/full_stack_knowledge_list 松宝写代码2021年总结：突破重围.md
    ("# 一、前言\n今天是元旦，一年一度的总结开始了。\n# 二、2021年初立的Flag\n文字。\n",
     "year-summary/松宝写代码2021年总结：突破重围.md", "松宝写代码2021年总结：突破重围"),
    ("# 1. Introduction\nText.\n# 2. What went well\n- Demos.\n", "retros/q3-retro.md", "q3-retro"),
    # a numbered title with no section numbered like it is the title
    ("# 10 lessons from the CRM migration\n\n## What went wrong\n- Late data.\n", "crm.md",
     "10 lessons from the CRM migration"),
    ("# 2024 年度项目复盘\n\n## 一、做得好的\n- 按期上线。\n## 二、待改进\n- 测试晚。\n", "a.md", "2024 年度项目复盘"),
    # the unnumbered heading above the numbered sections is the title
    ("# 项目总结报告\n\n## 1 项目基本信息\n文字。\n## 2 项目概述\n文字。\n", "b.md", "项目总结报告"),
])
def test_a_first_section_numbered_as_one_of_several_is_not_the_title(text, key, title):
    assert md(text, key=key).title == title
