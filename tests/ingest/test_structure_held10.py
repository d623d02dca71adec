"""Structure rules for the error classes of the held 10 to held 12 frozen runs (BENCHMARKS.md, e-gen2): original Word
项目总结报告 / 迭代评估报告 forms and decks of a software-engineering course, and OO course 单元总结 posts. Each rule is
stated in terms any team's retrospective uses (a form's numbered questions, "未实现" answers, review results, a
label and its items) and tested with a short excerpt of the real documents (benchmarks/extraction/SOURCES.md names
them; the Word files are rebuilt here with python-docx the way the course form lays them out)."""

from docx import Document

from ingest.docx_doc import parse_docx
from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile
from tests.ingest.office_files import add_numbered, docx_bytes


def md(text: str, key: str = "项目总结报告.md"):
    return parse_markdown(RawFile(data=text.encode("utf-8"), default_key=key)).documents[0]


def word(paragraphs: list[tuple[str, int]], key: str = "项目总结报告.docx"):
    """A Word file of paragraphs (level 0) and numbered list items (level >= 1), "## …" headings as Heading 2."""
    document = Document()
    for text, level in paragraphs:
        if text.startswith("#"):
            marks, _, title = text.partition(" ")
            document.add_heading(title, len(marks))
        elif level:
            add_numbered(document, text, level)
        else:
            document.add_paragraph(text)
    return parse_docx(RawFile(data=docx_bytes(document), default_key=key)).documents[0]


def lessons(doc) -> list[tuple[str, str]]:
    return [(lesson.kind.value, lesson.text) for lesson in doc.lessons]


def test_answers_to_a_numbered_question_after_a_list_are_not_closing_remarks():
    # healthmgmt 项目总结报告.docx: question 1's answer is a list; question 3's answers are paragraphs.
    doc = word([("## 软件需求特性", 0),
                ("1.是否实现了项目立项时的所有需求？列出实现的新增需求和未实现的需求。", 0),
                ("小米手环api：小米开发者平台API已不对外开放，只能手动录入用户数据。", 1),
                ("2.采用哪种架构风格？哪些设计模式？", 0), ("分层式架构。", 0),
                ("3.技术方案有哪些亮点？", 0), ("redis对单日数据查询的加速", 0), ("使用docker部署，提高部署效率", 0),
                ("4.是否做了单元测试？是否做了系统功能测试？", 0), ("使用Cypress对前端进行端到端系统功能集成测试,测试全部通过", 0)])
    assert ("went_well", "redis对单日数据查询的加速") in lessons(doc)
    assert ("went_well", "使用docker部署，提高部署效率") in lessons(doc)
    # Question 4 is question 3's sibling, not its sub-section: its answers are no highlights.
    assert not any("Cypress" in text for _, text in lessons(doc))


def flat_item(document, text: str, num_id: str) -> None:
    """A list paragraph as a flat export writes it: its own list (numId), no level (no w:ilvl)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="{num_id}"/></w:numPr>'))


NUMBERED, BULLET = "5", "1"  # python-docx's template: numId 5 is "1.", numId 1 a bullet


def test_unimplemented_requirements_are_what_went_wrong_and_a_numbered_topic_holds_its_bullets():
    # testland 项目总结报告.docx, exported without list levels: "1. 需求实现情况", "未实现的需求：" and its bullets,
    # "2. 架构风格和设计模式" and its answer, "3. 技术方案亮点" and its bullets.
    document = Document()
    document.add_heading("软件需求特性", 2)
    flat_item(document, "需求实现情况", NUMBERED)
    document.add_paragraph("未实现的需求：")
    flat_item(document, "数据的备份和恢复", BULLET)
    flat_item(document, "对于不同窗口比例的兼容性", BULLET)
    flat_item(document, "架构风格和设计模式", NUMBERED)
    document.add_paragraph("采用REST架构，前端React工程和后端Springboot工程采用REST api相互通信。")
    flat_item(document, "技术方案亮点", NUMBERED)
    flat_item(document, "Docker：通过使用docker cotainer进行评测，增加了安全性和并行性。", BULLET)
    flat_item(document, "测试情况", NUMBERED)
    flat_item(document, "单元测试：对后端代码进行了函数、语句100%覆盖率的单元测试。", BULLET)
    doc = parse_docx(RawFile(data=docx_bytes(document), default_key="项目总结报告.docx")).documents[0]
    assert lessons(doc) == [("went_wrong", "数据的备份和恢复"), ("went_wrong", "对于不同窗口比例的兼容性"),
                            ("went_well", "Docker：通过使用docker cotainer进行评测，增加了安全性和并行性。")]


def test_unimplemented_requirements_in_other_words():
    doc = md("## 项目工作小结\n\n"
             "尚未实现的需求：景点点评、组队出行、好友聊天\n\n"                      # spotpalm 项目总结报告.docx
             "- 未实现需求：网络故障处理后自动恢复功能有待提升\n")                   # cabbage 项目总结报告_简化版.docx
    assert lessons(doc) == [("went_wrong", "景点点评、组队出行、好友聊天"),
                            ("went_wrong", "网络故障处理后自动恢复功能有待提升")]


def test_review_and_test_results_are_assessed_line_by_line():
    # timemanager 迭代评估报告.docx and spotpalm 技术原型迭代评估报告.docx (the course's form, answers as paragraphs).
    doc = word([("迭代评估报告（简化版）", 0), ("评审/测试的结果：", 0), ("Use-case模型设计规范、合理", 0),
                ("需求分析合理但在功能设计上缺乏创新", 0), ("UI原型美观上还有提高空间", 0),
                ("评审/测试的结果：（执行了哪些评审和测试？评审和测试的结果如何？）", 0),
                ("使用cUnit测试程序对项目进行了黑箱测试，测试了：", 0), ("query_graph函数(查询用户自画像) 170条；", 0),
                ("问题、变更和返工：", 0), ("功能设计缺乏创新，需要变更及后续提升", 0)], key="迭代评估报告.docx")
    assert lessons(doc) == [("went_well", "Use-case模型设计规范、合理"), ("went_wrong", "需求分析合理但在功能设计上缺乏创新"),
                            ("went_wrong", "UI原型美观上还有提高空间"), ("went_wrong", "功能设计缺乏创新，需要变更及后续提升")]
    assert doc.doc_type.value == "retrospective"  # an iteration's evaluation looks back on it


def test_a_proposed_change_beside_a_flaw_is_a_recommendation_and_a_lead_in_to_code_is_no_lesson():
    # darewolf OO第一次博客作业.md: 优点 / 缺点 / 修改 per assignment, and the bug analysis's lead-ins to its code.
    doc = md("# OO第一次博客作业\n\n## 作业分析\n\n"
             "缺点：没有很好的利用面向对象的方式，没有实现接口或继承。\n\n修改：对6个因子类实现一个公共父类\n\n"
             "## Applying Creational Pattern\n\n重构：可以写一个A类，里边包含了cos(x),sin(x)和x各自的阶数\n\n"
             "## 分析自己程序的bug\n\n这次的bug很不应该，虽然强测没有测出，但是问题还是比较严重的。\n\n"
             "由此，我第一次作业代码如下\n\n```java\nPoly po = new Poly(2048);\n```\n", key="OO第一次博客作业.md")
    assert lessons(doc) == [("went_wrong", "没有很好的利用面向对象的方式，没有实现接口或继承。"),
                            ("recommendation", "对6个因子类实现一个公共父类"),
                            ("recommendation", "可以写一个A类，里边包含了cos(x),sin(x)和x各自的阶数"),
                            ("went_wrong", "这次的bug很不应该，虽然强测没有测出，但是问题还是比较严重的。")]


def test_members_paragraphs_under_their_names_are_their_summaries():
    # NaiveTag 个人总结.md: "个人总结" > one heading per member; one member has "经验教训总结" one level further down,
    # another "负责内容" (duties) and "个人感受".
    doc = md("# 总结\n\n## 小组总结\n\n### 迭代二存在的问题\n\n- 测试方面做得还不够好，覆盖率较低\n\n"
             "## 个人总结\n\n### 陈俊宇\n\n在本次迭代中，能明显感受到前期设计的重要性。\n\n"
             "### 廖均达\n\n#### 经验教训总结\n\n还有一点总结出经验教训是，当通过println来辅助进行调试时，一定要用todo注释来标记。\n\n"
             "### 訾源\n\n#### 负责内容\n\n在代码方面，我主要负责worker部分后端的代码、测试编写。\n\n"
             "#### 个人感受\n\n在编写web应用中也遇到了很多坑，浪费了很多时间，有配置文件的，有路径的。\n",
             key="个人总结.md")
    assert lessons(doc) == [("went_wrong", "测试方面做得还不够好，覆盖率较低"),
                            ("lesson", "在本次迭代中，能明显感受到前期设计的重要性。"),
                            ("lesson", "还有一点总结出经验教训是，当通过println来辅助进行调试时，一定要用todo注释来标记。"),
                            # a fault told under 个人感受: what went wrong, as held 11's annotation has it (e-zhkind)
                            ("went_wrong", "在编写web应用中也遇到了很多坑，浪费了很多时间，有配置文件的，有路径的。")]


def test_a_slide_titled_experience_holds_lessons():
    # timemanager 20组迭代三.pptx: a "经验" slide, then a "教训" slide (its paragraphs as text boxes).
    doc = md("## 经验\n\n进度风险高时适当删减掉低优先级的需求，集中精力先实现核心需求；\n\n"
             "## 教训\n\n涉及到第三方平台接口的工作应该早做准备，例如短信验证。\n", key="20组迭代三.md")
    assert lessons(doc) == [("lesson", "进度风险高时适当删减掉低优先级的需求，集中精力先实现核心需求；"),
                            ("lesson", "涉及到第三方平台接口的工作应该早做准备，例如短信验证。")]


def test_a_form_cell_with_problem_and_experience_lines_and_a_label_left_empty():
    # The 项目总结报告 form of held 10 (tests/ingest/test_docx.py builds it): "未实现的需求：" left empty, then the next
    # section's title; "问题：⏎…⏎经验：⏎…" in the 经验和教训 cell.
    from tests.ingest.office_files import new_docx
    from tests.ingest.test_docx import _SUMMARY_FORM, _form_table

    document = new_docx(title="项目总结报告")
    _form_table(document, _SUMMARY_FORM, "span")
    doc = parse_docx(RawFile(data=docx_bytes(document), default_key="项目总结报告.docx")).documents[0]
    assert lessons(doc) == [("went_wrong", "测试开始得太晚，上线前两天才发现接口不一致。"),
                            ("lesson", "需求评审要请业务方签字确认。")]


def test_closing_thanks_in_other_words_and_a_test_run_that_found_no_bug_are_not_lessons():
    doc = md("# OO第四次博客作业\n\n## 课程收获\n\n学习了利用正则表达式处理字符串的方法。\n\n"
             "总之，感谢OO的历练，它对我代码能力的提高是非常显著的。\n\n"                  # darewolf OO第四次博客作业.md
             "最后希望OO能够越来越好，也真诚的感谢助教老师给了我这么好的体验。\n\n"          # aejion OO第四单元总结
             "## 分析自己程序的bug\n\n三次中测以及强测均未发现bug。\n", key="OO第四次博客作业.md")  # darewolf unit 1
    assert lessons(doc) == [("lesson", "学习了利用正则表达式处理字符串的方法。")]


def test_a_solution_label_after_a_task_is_the_design_not_a_fix():
    # darewolf OO第二次博客作业.md: each assignment's task, its "解决方案", then 优点 / 缺点 / 修改.
    doc = md("# OO第二次博客作业\n\n### 第5次作业\n\n任务为基于傻瓜调度的多线程电梯。\n\n"
             "解决方案：主要方案已经在上边给出。就是基于生消模型，但是采用了暴力轮询。共使用了5个类。\n\n"
             "缺点：采用了暴力轮询的方式，占用CPU。\n\n修改：可以改用wait()和notify()来实现线程的通信。\n",
             key="OO第二次博客作业.md")
    assert lessons(doc) == [("went_wrong", "采用了暴力轮询的方式，占用CPU。"),
                            ("recommendation", "可以改用wait()和notify()来实现线程的通信。")]


def test_a_numbered_title_and_its_paragraph_are_one_lesson():
    # testland 项目总结报告.docx, 经验、教训和建议: each lesson a numbered title, then a paragraph.
    doc = word([("## 经验、教训和建议", 0), ("区分各项功能的粒度和优先级", 1),
                ("在提出需求和安排进度时，没有按照功能的粒度和优先级排序，一定程度上拖慢了进度。", 0),
                ("及时通过测试找出代码中的漏洞", 1),
                ("应尽早通过完善的单元测试来找出代码的漏洞并在尽可能靠近编码阶段时解决。", 0)])
    assert lessons(doc) == [
        ("lesson", "区分各项功能的粒度和优先级 在提出需求和安排进度时，没有按照功能的粒度和优先级排序，一定程度上拖慢了进度。"),
        ("lesson", "及时通过测试找出代码中的漏洞 应尽早通过完善的单元测试来找出代码的漏洞并在尽可能靠近编码阶段时解决。")]


def test_labels_in_a_lessons_cell_set_their_kinds():
    # cabbage 项目总结报告_简化版.docx, its 经验、教训和建议 cell.
    doc = word([("## 经验、教训和建议", 0), ("教训（问题）：分享文件给协同编辑者，分享者视角光标自动移至文档结尾。", 0),
                ("分析：调用库没有提供关于光标位置方法的接口，无法操作光标属性。", 0)])
    assert lessons(doc) == [("went_wrong", "分享文件给协同编辑者，分享者视角光标自动移至文档结尾。"),
                            ("root_cause", "调用库没有提供关于光标位置方法的接口，无法操作光标属性。")]


def test_a_verdict_against_a_principle_is_a_self_assessment():
    # darewolf OO第二次博客作业.md (SOLID checks after each assignment) and aejion OO第二单元总结 (per-principle lines);
    # gentleostrich OO第四单元总结: "是否满足要求" asks, it does not judge.
    doc = md("# OO第二次博客作业\n\n### 第5次作业\n\n[o] Open Close Principle （开闭原则）\n\n满足开闭原则\n\n"
             "[D] Dependency Inversion Principle（依赖反转原则）\n\n没有使用到抽象类和接口等。不满足依赖反转原则。\n\n"
             "D(依赖反转原则)：第三次作业做到了较好的D原则，调度器依赖于抽象的请求队列。\n\n"
             "测试方面，使用大量数据进行检测，考察不同情况下的功能实现是否满足要求。\n\n"
             # The shipped corpus (mobile-banking/charter.md): meeting a requirement as a plan is no verdict.
             "发布需满足金融类 App 上架要求，安全测评报告需在提交前取得。\n", key="OO第二次博客作业.md")
    assert lessons(doc) == [("went_well", "满足开闭原则"), ("went_wrong", "没有使用到抽象类和接口等。不满足依赖反转原则。"),
                            ("went_well", "D(依赖反转原则)：第三次作业做到了较好的D原则，调度器依赖于抽象的请求队列。")]


def test_a_statement_of_duties_in_other_words_is_not_a_lesson():
    doc = md("## 个人总结\n\n### 高梦婷\n\n本次迭代二我主要负责worker界面的前端工作。\n\n"      # NaiveTag 个人总结.md
             "在本次迭代中，能明显感受到前期设计的重要性。\n\n### 后端\n\n"
             "本项目由我负责项目的后端。我们所做的是一个关于用户接收和发布任务并进行交易的项目。\n",  # PermanentKing 个人总结.md
             key="个人总结.md")
    assert lessons(doc) == [("lesson", "在本次迭代中，能明显感受到前期设计的重要性。")]


def test_rework_is_what_went_wrong():
    # testland 产品完善迭代评估报告.docx: "问题、变更和返工" > "问题" / "变更" / "返工".
    doc = word([("## 问题、变更和返工", 0), ("### 问题", 0), ("暑期开发不够集中，沟通略有不足，计划推进较慢", 1),
                ("### 返工", 0), ("最初我们采用对每次测评重新build docker image，所以速度慢", 1)], key="产品完善迭代评估报告.docx")
    assert ("went_wrong", "最初我们采用对每次测评重新build docker image，所以速度慢") in lessons(doc)


def test_content_cues_for_choices_that_paid_off_realisations_and_plans_not_done():
    # gentleostrich 北航OO第四单元作业总结.md, ticketbooking 项目总结报告.docx and UIprototype/迭代评估报告.docx.
    doc = md("# 北航OO第四单元作业总结\n\n## 架构设计\n\n我第一次作业中就设置了较多的类，确实是有利于后续迭代的。\n\n"
             "第一次作业中的较多的类派上了用场，只需增添几个方法、甚至几行代码就可以完成任务了。\n\n"
             "后来发现，架构设计也要关注更高级别的设计问题，以确保软件系统的可持续性和可扩展性。\n\n"
             "## 项目工作小结\n\n1.是否实现了项目立项时的所有需求？列出实现的新增需求和未实现的需求。\n\n"
             "实现了项目的基本需求；未实现的需求有定位、评价功能。\n\n"
             "## 任务达成情况\n\n经过讨论，小组认为该界面原型较为完善，界面原型迭代较为成功。\n", key="Unit_4/北航OO第四单元作业总结.md")
    assert lessons(doc) == [("went_well", "我第一次作业中就设置了较多的类，确实是有利于后续迭代的。"),
                            ("went_well", "第一次作业中的较多的类派上了用场，只需增添几个方法、甚至几行代码就可以完成任务了。"),
                            ("lesson", "后来发现，架构设计也要关注更高级别的设计问题，以确保软件系统的可持续性和可扩展性。"),
                            ("went_wrong", "实现了项目的基本需求；未实现的需求有定位、评价功能。"),
                            ("went_well", "经过讨论，小组认为该界面原型较为完善，界面原型迭代较为成功。")]


def test_a_short_first_answer_after_a_label_is_an_answer():
    # cabbage 迭代评估报告.docx's 问题、变更和返工 answers after a label paragraph: the first is short, with no punctuation.
    doc = word([("问题、变更和返工：", 0), ("回收站还未搭建", 0), ("用户沟通模块未搭建；", 0)], key="迭代评估报告.docx")
    assert lessons(doc) == [("went_wrong", "回收站还未搭建"), ("went_wrong", "用户沟通模块未搭建；")]


def test_a_bug_and_debug_section_lists_what_went_wrong_and_a_label_answered_with_nothing_is_no_lesson():
    # gentleostrich 北航OO第二单元作业总结.md
    doc = md("# 第二单元总结\n\n## bug与debug\n\nhw5：电梯类获取请求时，当外部队列为空时没有执行wait()，CPU超时。\n\n"
             "hw6：增添功能时，未充分均衡分配原则，运行超时。\n\nhw7：无。\n", key="Unit_2/北航OO第二单元作业总结.md")
    assert lessons(doc) == [("went_wrong", "hw5：电梯类获取请求时，当外部队列为空时没有执行wait()，CPU超时。"),
                            ("went_wrong", "hw6：增添功能时，未充分均衡分配原则，运行超时。")]


def test_under_a_title_that_announces_lessons_paragraphs_are_still_read_for_cues():
    # aejion OO第四单元总结-UML及课程总结.md: the title names a 课程总结, so only list items are lessons of its kind; a
    # paragraph that says what was learned is one by its own words.
    doc = md("# OO第四单元总结-UML及课程总结\n\n## 第四单元作业架构设计\n\n### 前言\n\n"
             "通过第四单元的UML作业的训练不仅仅是对UML有了一定的了解，而且这也是对面向对象思想的训练。\n\n"
             "### 第一次作业\n\n本次作业我通过MylnitClass来对相应的数据进行进一步的解析。\n",
             key="博客/第四单元/OO第四单元总结-UML及课程总结.md")
    assert lessons(doc) == [("lesson", "通过第四单元的UML作业的训练不仅仅是对UML有了一定的了解，而且这也是对面向对象思想的训练。")]


def test_under_a_title_that_announces_lessons_a_paragraphs_lines_are_not_list_items():
    # aejion OO第四单元总结-UML及课程总结.md: "UML类图：" and a design description, lines of one paragraph.
    doc = md("# OO第四单元总结-UML及课程总结\n\n## 第四单元作业架构设计\n\n### 第一次作业\n\n"
             "UML类图：\n第一次作业主要是对类图进行了解析，本次作业我通过MylnitClass来对相应的数据进行进一步的解析。\n"
             "重要数据类型解析：(个人理解\n\n### 收获\n\n- 学习了UML的类图、状态图和顺序图\n",
             key="博客/第四单元/OO第四单元总结-UML及课程总结.md")
    assert lessons(doc) == [("lesson", "学习了UML的类图、状态图和顺序图")]


def test_a_call_for_reason_under_a_lessons_heading_judges():
    # healthmgmt 项目总结报告.docx, 经验、教训和建议: "合理" judges, as "及时" or "充分" do.
    doc = word([("## 经验、教训和建议", 0), ("合理安排进度", 1), ("kafka不适用于数据添加部分", 1)])
    assert lessons(doc) == [("lesson", "合理安排进度"), ("lesson", "kafka不适用于数据添加部分")]
