"""Structure rules found by reading the held-back documents of benchmarks/extraction beside what the extractor made
of them (issue 17): each rule with a short excerpt of the real document it comes from (SOURCES.md names them)."""

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
    ("Did Well", K.WENT_WELL), ("Do Differently", K.RECOMMENDATION),       # LEIC-ES-2021-22/3LEIC02T5
    ("Puzzles", NARRATIVE),                                                 # LEIC-ES-2021-22/2LEIC15T2: open questions
    ("解决方案", K.RECOMMENDATION),                                          # yuluo-yx Spring Boot 请求故障排查
    ("3、解决方案", K.RECOMMENDATION), ("1、问题定位过程", NARRATIVE),         # HomanLiang/study-demo chapter15
    ("排查", NARRATIVE), ("场景复现", NARRATIVE),                             # yuluo-yx Spring Boot 请求故障排查
    ("(1)回顾组织", NARRATIVE), ("(2)回顾流程", NARRATIVE),                   # heavenfires/OrderStyem Blog-sprint-1
    ("(3)回顾辅助", NARRATIVE),
])
def test_classify_heading(heading, kind):
    assert classify_heading(heading) == kind


def test_label_lines_separated_by_br_are_lessons_one_a_line():
    doc = md(" * Retrospectives: \n \n"                                     # LEIC-ES-2021-22/2LEIC15T2
             "     * Did well: </br>\n           Gherkin Tests</br>\n"
             "           Good communication among the team maintained</br> \n           \n"
             "     * Do Differently:</br>\n          Unit testing - Some tests could be implemented in easier ways </br> \n"
             "        \n     * Puzzles: </br>\n           Integration of tests with the UNI app</br>\n")
    assert lessons(doc) == [
        ("went_well", "Gherkin Tests"), ("went_well", "Good communication among the team maintained"),
        ("recommendation", "Unit testing - Some tests could be implemented in easier ways")]


def test_lines_after_a_lead_in_line_are_lessons():
    doc = md("###Prevention\n\n"                                             # AAteddy/alx 0x19-postmortem
             "This outage was not a web server error. To prevent such outages, please keep the following in mind.\n"
             "Test! Test test test. Test the application before deploying.\n"
             "Status monitoring. Enable some uptime-monitoring service such as UptimeRobot.\n"
             "Note that in response to this error, I wrote a Puppet manifest to automate fixing.\n")
    assert lessons(doc) == [
        ("recommendation", "Test! Test test test. Test the application before deploying."),
        ("recommendation", "Status monitoring. Enable some uptime-monitoring service such as UptimeRobot.")]


def test_an_item_that_announces_its_sub_items_is_one_lesson_with_them():
    doc = md("#### What went well\n\n"                                       # LEIC-ES-2021-22/3LEIC09T1 README
             "- We improved our usage of GitFlow by:\n  - reviewing pull requests\n  - creating development (dev) branch\n"
             "- We created tests for edge cases.\n")
    assert lessons(doc) == [
        ("went_well", "We improved our usage of GitFlow by: reviewing pull requests; creating development (dev) branch"),
        ("went_well", "We created tests for edge cases.")]


def test_advice_quoted_from_elsewhere_is_not_a_lesson():
    doc = md("#### 1.1.2.事故原因猜测\n\n"                                     # HomanLiang/study-demo chapter15
             "我们猜测是在网络上发生了拥堵。\n\n默认的情况下，每个消费者与提供者建立一个长连接，`Dubbo` 官方对此的建议是：\n\n"
             "- `Dubbo` 缺省协议采用单一长连接和 `NIO` 异步通讯，适合于小数据量大并发的服务调用。\n\n"
             "以下也是 `Dubbo` 官方提供的一些常见问题回答：\n\n- **为什么不能传大包?**\n\n  因 `dubbo` 协议采用单一长连接。\n\n"
             "因为我们的消费者数量和提供者数量都不多，所以很可能是连接数不够。\n")
    assert [t for _, t in lessons(doc)] == ["我们猜测是在网络上发生了拥堵。", "因为我们的消费者数量和提供者数量都不多，所以很可能是连接数不够。"]


def test_log_lines_are_never_lessons():
    doc = md("## 原因分析\n\n"                                                # lovemilk2333/notes, read from a PDF
             "本人再次遇到了一硬盘连接故障, 出现连接速率降级[1887836.036170] ACPI Error: Aborting method\n\n"
             "[1887844.974334] No Local Variables are initialized for Method [_GTF]\n\n"
             "最终基本上确认了问题由 SATA 数据连接线导致\n")
    assert lessons(doc) == [("root_cause", "最终基本上确认了问题由 SATA 数据连接线导致")]


def test_a_troubleshooting_section_is_narrative_and_the_fix_is_a_recommendation():
    doc = md("## 排查\n\n我们使用 JVM 的一些命令来进行排查。\n\n"                   # yuluo-yx Spring Boot 请求故障排查
             "## 解决方案\n\n适当修改 Tomcat 的最大线程数，可以增加并发请求的处理能力。\n")
    assert lessons(doc) == [("recommendation", "适当修改 Tomcat 的最大线程数，可以增加并发请求的处理能力。")]


def test_how_the_retrospective_meeting_was_run_is_not_a_lesson():
    doc = md("##6.Heaven Fire团队怎样才能在下个sprint中做的更好：\n"            # heavenfires/OrderStyem Blog-sprint-1
             "####(2)回顾流程\n* 轮流发言：每个人都有机会在不被人打断的情况下讲出自己的想法。<br>\n"
             "####(3)回顾辅助\n* Good：可以继续保持的做法。<br>\n")
    assert doc.lessons == []


def test_code_fenced_inside_a_list_item_stays_code_and_the_item_announcing_it_is_a_lesson():
    doc = md("## 修复\n\n根据社区 issue 进展，总共有两种修复办法：\n\n"       # yuluo-yx 由单元测试发现的代码 Bug
             "1. 通过 PageImpl 重新包装 Page 对象：\n\n   ```java\n   Pageable pageable = PageRequest.of(0, 10);\n   ```\n\n"
             "2. 将 **PageModule** 添加到 **Jackson2ObjectMapperBuilder** \n\n   ```java\n   @Bean\n   ```\n")
    assert lessons(doc) == [("recommendation", "通过 PageImpl 重新包装 Page 对象："),
                            ("recommendation", "将 PageModule 添加到 Jackson2ObjectMapperBuilder")]
    assert "PageRequest.of(0, 10);" in doc.sections[0].text


def test_labels_markdown_did_not_see_after_an_html_block_still_give_their_lines():
    doc = md("* Iteration planning and retrospectives: \n  * Final Board\n  * Example:\n"   # LEIC-ES-2021-22/2LEIC15T2
             ' <p align="center" justify="center">\n  <img src="../images/iteration1.PNG"/>\n</p>\n \n'
             "  * Retrospectives: \n     * Did well: </br>\n           Work items planning</br>\n"
             "           Good Communication</br>\n           \n"
             "     * Do Differently:</br>\n           Assign 2 people to focus on tests implementation </br>\n        \n"
             "     * Puzzles: </br>\n           Gherkin Tests</br>\n")
    assert lessons(doc) == [("went_well", "Work items planning"), ("went_well", "Good Communication"),
                            ("recommendation", "Assign 2 people to focus on tests implementation")]


# Rules found on the third held-back set (held3) after its one run with the rules frozen; from then on those
# documents are no longer held back (BENCHMARKS.md reports both figures).

@pytest.mark.parametrize("heading, kind", [
    ("4. 要是能重来", K.RECOMMENDATION),                                    # Jiaju-Chen/SoftwareEngineering 团队博客4
    ("如果再来一遍", K.RECOMMENDATION), ("If we could do it again", K.RECOMMENDATION),
    ("（1）分析", None), ("可能的原因", K.ROOT_CAUSE),   # LiamLea/notes errors.md; "分析" alone is an investigation (yuluo-yx)
])
def test_classify_heading_held3(heading, kind):
    assert classify_heading(heading) == kind


def test_solution_and_cause_labels_inside_a_paragraph_or_before_a_list():
    doc = md("#### 7.`Error response from daemon: Conflict.`\n"              # LiamLea/notes kubernetes errors.md
             "容器冲突了，由于系统时间修改，导致有两个相同的容器\n解决：\n删除冲突容器，如果不行，把这个pod先停掉\n\n"
             "#### 8.`kubelet：pleg is not healthy`\n可能的原因：\n* 主机上的pods过多\n* kubelet和pod之前的网络存在问题\n\n"
             "#### 9.`Orphaned pod found`\n* 现象：出现了孤儿pod，即pod无法被删除\n* 原因：pv被删除了\n* 解决：手动卸载该volume\n")
    assert lessons(doc) == [("recommendation", "删除冲突容器，如果不行，把这个pod先停掉"),
                            ("root_cause", "主机上的pods过多"), ("root_cause", "kubelet和pod之前的网络存在问题"),
                            ("root_cause", "pv被删除了"), ("recommendation", "手动卸载该volume")]


def test_a_table_with_bilingual_went_well_and_could_be_better_columns_is_a_register():
    from ingest.tables import register_columns

    header = ["领域", "成功点（What Went Well）", "改进点（What Could Be Better）"]   # Jiaju-Chen 团队博客4
    assert register_columns(header) == {1: K.WENT_WELL, 2: K.WENT_WRONG}


def test_a_guide_that_says_so_in_its_opening_gets_no_lessons():
    doc = md("# Postmortem\nThis directory concerns about learning to write an incident report also known as "   # 17070610/alx
             "postmortem. You can also follow these steps to write your own\n## Root Cause\n\n"
             "* give a detailed explanation of event\n* do not sugarcoat\n\n"
             "## Corrective and Preventative Measures\n\n* what can we do better next time?\n")
    assert doc.lessons == [] and [s.heading for s in doc.sections][-1] == "Corrective and Preventative Measures"


def test_a_markdown_register_table_under_an_ordinary_heading_gives_lessons_by_column():
    doc = md("### a. Postmortem 总结（Beta 阶段回顾）\n\n"                     # Jiaju-Chen 团队博客7 (held5)
             "| 领域 | 成功点（What Went Well） | 改进点（What Could Be Better） |\n| :-- | :-- | :-- |\n"
             "| **项目管理** | 每日站会机制持续有效，任务跟踪准确。 | 偏好设置模块复杂度超出预期，导致工时增加 8h。 |\n")
    assert lessons(doc) == [("went_well", "每日站会机制持续有效，任务跟踪准确。"),
                            ("went_wrong", "偏好设置模块复杂度超出预期，导致工时增加 8h。")]


@pytest.mark.parametrize(("heading", "kind"), [("需要改进", "went_wrong"), ("Lessons learned", "lesson")])
def test_a_markdown_register_table_under_a_kind_heading_is_a_lesson_a_row(heading, kind):
    # README, Retrospective structure: in Markdown and HTML a register table gives lessons by column under a heading
    # that names no kind (above); under one that does, each row is one lesson of that kind, its columns in its text
    # (the README said "wherever the table stands", which holds for Word, PowerPoint and PDF)
    doc = md(f"# 复盘\n\n## {heading}\n\n| 问题 | 原因分析 | 改进措施 | 责任人 | 状态 |\n| --- | --- | --- | --- | --- |\n"
             "| 接口联调延期 | 需求变更频繁 | 需求冻结后再联调 | 张三 | 进行中 |\n")
    assert lessons(doc) == [(kind, "接口联调延期 (原因分析: 需求变更频繁; 改进措施: 需求冻结后再联调; 责任人: 张三; 状态: 进行中)")]


def test_success_points_label():
    assert classify_heading("成功点：") == K.WENT_WELL                       # Jiaju-Chen 团队博客7 (held5)
