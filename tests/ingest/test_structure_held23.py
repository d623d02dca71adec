"""Rules found by reading the held23 and held24 documents of benchmarks/extraction (Word and PDF originals, a closing
report, students' summaries; issue 17) beside what the rules made of them: each rule with a short excerpt of the real
document it comes from (benchmarks/extraction/SOURCES.md)."""

from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile


def md(text: str, key: str = "结项报告.md"):
    return parse_markdown(RawFile(data=text.encode("utf-8"), default_key=key)).documents[0]


def lessons(doc) -> list[tuple[str, str]]:
    return [(lesson.kind.value, lesson.text) for lesson in doc.lessons]


def test_a_checklist_of_delivered_features_is_not_lessons():
    doc = md("# 区块链众筹系统 - 结项报告\n\n## 1. 项目概述\n\n### 1.2 核心特性\n\n"     # NobodyCaresX-X/blockchain_final
             "- ✅ 去中心化：基于以太坊智能合约，资金由合约自动管理\n- ✅ 透明可追溯：所有交易记录在区块链上公开可查\n\n"
             "## 9. 实现的功能列表\n\n### 9.1 用户功能\n\n- ✅ 用户注册（创建区块链账户）\n- ✅ 用户登录（JWT认证）\n\n"
             "## 11. 总结\n\n### 11.4 项目成果\n\n本项目成功实现了一个功能完整、安全可靠的区块链众筹平台，具有以下特点：\n\n"
             "- ✅ 完整的用户认证系统\n- ✅ 透明的资金流转\n\n"
             "项目代码结构清晰，注释完整，易于维护和扩展。\n")
    assert lessons(doc) == []


def test_a_ticked_list_under_other_headings_is_still_an_assessment():
    doc = md("## 3. 团队变化\n\n**成员变动影响**：\n- ✅ 林伟权快速融入团队，完成 FTS5 全文搜索集成和 LLM QA 模式实现\n"  # Jiaju-Chen
             "- ✅ 团队协作顺畅，无重大沟通问题\n", key="postmortem.md")                                        # (held5)
    assert lessons(doc) == [("went_well", "✅ 林伟权快速融入团队，完成 FTS5 全文搜索集成和 LLM QA 模式实现"),
                            ("went_well", "✅ 团队协作顺畅，无重大沟通问题")]


TABLE = ("## 11. 总结\n\n### 11.2 技术难点与解决方案\n\n| 难点 | 解决方案 |\n|------|----------|\n"      # NobodyCaresX-X
         "| 新用户无测试链余额 | 注册时从默认账户转账100 ETH |\n| 捐赠需要支付gas | 使用内置余额记录捐赠，外置钱包支付gas |\n"
         "| 阶段点判断复杂 | 前端实时计算阈值，后端合约验证 |\n| 退款分配逻辑 | 按比例退款，已释放阶段点资金不退 |\n"
         "| 用户身份管理 | JWT token + 区块链地址双重验证 |\n| 时间同步问题 | 双向同步机制，前端自动调整截止时间 |\n")


def test_a_table_of_difficulties_and_solutions_gives_one_lesson_a_row_with_its_fix():
    doc = md(TABLE)
    assert len(doc.lessons) == 6
    assert (doc.lessons[0].kind, doc.lessons[0].text) == ("went_wrong", "新用户无测试链余额")
    assert doc.lessons[0].recommendation == "注册时从默认账户转账100 ETH"  # the fix (e-office11; it was in the text)


def test_a_word_table_of_problems_and_solutions():
    from ingest.docx_doc import parse_docx
    from tests.ingest.office_files import add_table, docx_bytes, new_docx

    d = new_docx()
    d.add_heading("技术难点与解决方案", level=2)
    add_table(d, [["难点", "解决方案"], ["时间同步问题", "双向同步机制，前端自动调整截止时间"]])
    d.add_heading("Challenges", level=2)
    add_table(d, [["Challenge", "Solution"], ["Saving the player's choices", "One save object per round"]])
    doc = parse_docx(RawFile(data=docx_bytes(d), default_key="结项报告.docx")).documents[0]
    assert [(lesson.kind, lesson.text, lesson.recommendation) for lesson in doc.lessons] == [
        ("went_wrong", "时间同步问题", "双向同步机制，前端自动调整截止时间"),
        ("went_wrong", "Saving the player's choices", "One save object per round")]


def _word(*paragraphs: tuple[str, str | None, bool], title: str = "Lessons Learned"):
    """A Word file of (text, style, bold) paragraphs."""
    from ingest.docx_doc import parse_docx
    from tests.ingest.office_files import docx_bytes, new_docx

    d = new_docx(title=title)
    for text, style, bold in paragraphs:
        d.add_paragraph(style=style).add_run(text).bold = bold
    return parse_docx(RawFile(data=docx_bytes(d), default_key=f"{title}.docx")).documents[0]


def test_a_word_list_item_that_asks_labels_the_answers_under_it():
    doc = _word(("Lessons Learned", None, False),                                 # SheldonS23/CSI-2334-Group-Project
                ("How to use the tools", "List Bullet", False),
                ("What recommendations would you give to others investigating an unknown executable?", "List Bullet", False),
                ("Recommend Relyze or another reverse engineering tool that shows the flow of a program", "List Bullet 2", False),
                ("Helps see how the code executes", "List Bullet 3", False),
                ("Recommend running the program in a safe environment such as a VM", "List Bullet 2", False))
    assert lessons(doc) == [
        ("lesson", "How to use the tools"),
        ("recommendation", ("Recommend Relyze or another reverse engineering tool that shows the flow of a program; "
                            "Helps see how the code executes")),
        ("recommendation", "Recommend running the program in a safe environment such as a VM")]


def test_a_word_question_paragraph_names_the_kind_of_the_bullets_after_it():
    doc = _word(("Lessons Learned", None, False),
                ("How to use the tools", "List Bullet", False),
                ("What recommendations would you give to others investigating an unknown executable?", None, True),
                ("Recommend running the program in a safe environment such as a VM", "List Bullet", False),
                ("在这个项目中你遇到的最大困难是什么？", None, False),
                ("测试环境没有按时准备好", "List Bullet", False))
    assert lessons(doc) == [("lesson", "How to use the tools"),
                            ("recommendation", "Recommend running the program in a safe environment such as a VM"),
                            ("went_wrong", "测试环境没有按时准备好")]


def test_a_problem_line_and_its_fix_are_one_lesson_not_the_fix_alone():
    doc = md("## 数据库\n\n问题：测试环境的数据库连接总是失败，浪费了两天时间。\n\n解决：改用局域网连接另一台电脑的数据库。\n\n"
             "## 协作\n\n问题：团队成员积极性不高，如何提高成员的积极性？\n\n解决：为每次的开发任务设置deadline。\n",
             key="实训总结.md")
    # The problem is the lesson (what the annotations of held 3, 25 and 27 mark), its fix the lesson's recommendation;
    # a problem put as a question is one met when its fix follows (held 3's "问题：团队成员积极性不高，如何提高成员的积极性
    # 与参与度？" is annotated a went-wrong).
    assert lessons(doc) == [("went_wrong", "问题：测试环境的数据库连接总是失败，浪费了两天时间。"),
                            ("went_wrong", "问题：团队成员积极性不高，如何提高成员的积极性？")]
    assert [lesson.recommendation for lesson in doc.lessons] == ["解决：改用局域网连接另一台电脑的数据库。",
                                                                 "解决：为每次的开发任务设置deadline。"]


def test_a_problem_asked_over_a_long_account_of_its_fix_is_the_problem_alone():
    # held27 zh-yinyuetai-clone-project-summary-docx (a Word 项目总结 of 问题 / 解决 pairs): the problems, phrased as
    # questions, were dropped and each fix stored as a recommendation; the one pair kept held the whole fix, too long to
    # be the annotated problem.
    doc = md("# 项目总结\n\n- 实现过程中遇到的问题与解决\n- 问题：图片的盘旋改变颜色?\n"
             "- 解决：我实在看不懂音悦台是怎么实现，这里我使用两张图片交替的方法来实现\n"
             "- 问题：导航条的上下箭头的改变?\n"
             "- 解决：这里我把自己搞疯了，最后终于磕磕碰碰的实现了，那一瞬间好感动，最后使用的也是图片交替的方法\n",
             key="项目总结.md")
    assert lessons(doc) == [("went_wrong", "问题：图片的盘旋改变颜色?"), ("went_wrong", "问题：导航条的上下箭头的改变?")]
    assert doc.lessons[0].recommendation == "解决：我实在看不懂音悦台是怎么实现，这里我使用两张图片交替的方法来实现"


def test_pdf_problem_and_solution_paragraphs_are_split_at_the_label_and_kept_as_one_lesson():
    from ingest.pdf_doc import parse_pdf
    from tests.ingest.office_files import new_pdf, pdf_bytes, pdf_line

    pdf = new_pdf(title="Card game post-mortem")
    pdf_line(pdf, "Card game post-mortem", size=18, bold=True)
    pdf_line(pdf, "Saving the game", size=14, bold=True, gap=3)
    # The problem's last line runs to the margin: the label, not the line length, starts the next paragraph.
    pdf_line(pdf, "Problem: saving the player's choices between rounds lost the last card we had played, every", gap=2)
    pdf_line(pdf, "single time, because the save ran after the turn had already ended and the deck was shuffled.")
    pdf_line(pdf, "Solution: we keep one save object per round and write it before the turn ends.")
    pdf_line(pdf, "问题：测试环境的数据库连接总是失败，浪费了两天时间，最后发现是防火墙挡住了远程连接的端口号。", gap=2)
    pdf_line(pdf, "解决：改用局域网连接另一台电脑的数据库。")
    doc = parse_pdf(RawFile(data=pdf_bytes(pdf), default_key="Postmortem.pdf")).documents[0]
    assert [(lesson.kind.value, lesson.text[:12], lesson.recommendation[:12]) for lesson in doc.lessons] == [
        ("went_wrong", "Problem: sav", "Solution: we"), ("went_wrong", "问题：测试环境的数据库连", "解决：改用局域网连接另一")]


def test_a_ruled_pdf_table_is_read_by_its_cells_and_a_register_gives_lessons_a_row():
    from ingest.pdf_doc import parse_pdf
    from tests.ingest.office_files import new_pdf, pdf_bytes, pdf_line

    pdf = new_pdf(title="项目复盘")
    pdf_line(pdf, "项目复盘报告", size=18, bold=True)
    pdf_line(pdf, "经验教训登记", size=14, bold=True, gap=3)
    pdf.set_font("cjk", size=10)
    rows = [["经验教训登记表", "", ""], ["问题", "原因", "改进措施"],
            ["测试环境没有按时准备好，联调推迟了一周", "环境申请流程需要三级审批，没人跟进", "提前两周提交环境申请并指定专人跟进审批进度"],
            ["Vendor API changed without notice", "No contract tests against the vendor sandbox", "Add nightly contract tests"]]
    with pdf.table(col_widths=(60, 60, 60)) as table:  # each cell's text wraps onto two lines, written cell by cell
        for number, cells in enumerate(rows):
            row = table.row()
            if number == 0:
                row.cell(cells[0], colspan=3)
            else:
                for cell in cells:
                    row.cell(cell)
    # Lines on a shaded background are text, not a table: a fill is no rule.
    pdf_line(pdf, "会议说明", size=14, bold=True, gap=3)
    pdf.set_font("cjk", size=10)
    pdf.set_fill_color(255, 240, 150)
    for first, second in (("本次复盘会议由项目经理主持，", "会后整理了以上登记表，"), ("并在周会上", "逐条确认了改进措施。")):
        pdf.cell(70, 7, first, fill=True)  # two highlighted phrases a line: their boxes line up like cells
        pdf.cell(70, 7, second, fill=True, new_x="LMARGIN", new_y="NEXT")
    doc = parse_pdf(RawFile(data=pdf_bytes(pdf), default_key="项目复盘.pdf")).documents[0]
    assert lessons(doc) == [
        ("went_wrong", "测试环境没有按时准备好，联调推迟了一周"), ("root_cause", "环境申请流程需要三级审批，没人跟进"),
        ("action_item", "提前两周提交环境申请并指定专人跟进审批进度"),
        ("went_wrong", "Vendor API changed without notice"), ("root_cause", "No contract tests against the vendor sandbox"),
        ("action_item", "Add nightly contract tests")]
    assert "本次复盘会议由项目经理主持，" in doc.sections[-1].text and "|" not in doc.sections[-1].text  # no table


def test_a_headless_word_log_named_lessons_learned_gives_its_list_items():
    doc = _word(                                                                  # ghgemmer/Halloween Lessons Learned.docx
        ("Remember to turn on tea candles in front of Gargoyles. Forgot to do this in 2022.", "List Paragraph", False),
        ("New 2023 vinyl cloth printed cemetery backdrop looks good. Replaced the plastic 3 panel one.", "List Bullet", False),
        ("The gobilda servos use a M3 0.5mm thread hex nut screw for attaching the servo hub to the servo shaft.",
         "List Bullet", False),                                                   # a note of a fact: no lesson
        ("Enhancements -", None, False),                                          # the log's next part: plans
        ("See about using battery on Gargoyles to light up LED eyes.", "List Bullet", False),
        ("2021 – 50 deg on Halloween night, clear and windy. Turned out to be nice night for TOTers.", None, False))
    assert lessons(doc) == [
        ("lesson", "Remember to turn on tea candles in front of Gargoyles. Forgot to do this in 2022."),
        ("lesson", "New 2023 vinyl cloth printed cemetery backdrop looks good. Replaced the plastic 3 panel one.")]


def test_a_scene_setting_opening_and_a_line_without_words_are_not_lessons():
    doc = md("## 总结\n\n"
             "随着社会的发展，当前的网络时代，信息化管理大大提高，传统的办公模式已经成为企业进一步扩大发展的瓶颈之处。\n\n"  # Rokcy-Lucky/OASystem
             "现如今人类用于表达自身情感的方式多种多样，但是最为直接的还是通过人脸的面部表情去判断。\n\n"  # shazaizai (held24)
             "2460\n\n\u200b\n\n"                                                  # a figure; a zero-width space (malaxg)
             "随着人数增加，团队规范化建设很重要，不然流程上很容易出现问题导致线上问题。\n",        # saucxs (a lesson)
             key="项目总结.md")
    assert lessons(doc) == [("lesson", "随着人数增加，团队规范化建设很重要，不然流程上很容易出现问题导致线上问题。")]


def test_a_ruled_pdf_register_broken_across_pages_keeps_its_header():
    from ingest.pdf_doc import parse_pdf
    from tests.ingest.office_files import new_pdf, pdf_bytes, pdf_line

    pdf = new_pdf(title="经验教训登记")
    pdf_line(pdf, "经验教训登记", size=18, bold=True)
    pdf.set_font("cjk", size=10)
    with pdf.table(col_widths=(60, 60, 60), repeat_headings=0) as table:  # the header is not repeated on page 2
        for cells in [["问题", "原因", "改进措施"]] + [[f"第{i}号问题：测试环境没有按时准备好，联调推迟了一周",
                                                      f"第{i}号原因：环境申请流程需要三级审批", f"第{i}号措施：提前两周提交环境申请"]
                                                     for i in range(1, 31)]:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    assert pdf.page_no() == 2
    doc = parse_pdf(RawFile(data=pdf_bytes(pdf), default_key="经验教训登记.pdf")).documents[0]
    assert [kind for kind, _ in lessons(doc)] == ["went_wrong", "root_cause", "action_item"] * 30


def test_a_title_that_opens_with_lessons_makes_the_items_of_its_topic_sections_lessons():
    doc = md("# Lessons learned while developing blue-ray-godot-game (and maybe before and maybe some general wisdom)\n\n"
             "## Particles\n- Explosion adjusts the burst\n- Use color ramps - it mostly looks better\n\n"  # DjPale/blue-ray-godot-game
             "## Physics\n- NEVER scale colliders\n", key="lessons-learned.md")
    assert lessons(doc) == [("lesson", "Explosion adjusts the burst"), ("lesson", "Use color ramps - it mostly looks better"),
                            ("lesson", "NEVER scale colliders")]


def test_how_we_would_improve_names_recommendations():
    doc = md("### How we would improve:\n"                                        # GershonR/TheElement RETROSPECTIVE.md
             "For organization, we would have more meetings to decide on who is working on what.\n\n"
             "Regarding time estimates, we would record times right as we finish features and user stories.\n",
             key="RETROSPECTIVE.md")
    assert [kind for kind, _ in lessons(doc)] == ["recommendation", "recommendation"]


def test_a_question_what_was_missing_over_bullets_gives_went_wrongs():
    doc = md("# Reflections on the Project\n\n## Meeting Project Requirements / Code Correctness\n"  # CapU-CompSci/MapADT
             "90% of the project requirements were completed by the project deadline.\n\n_What was missing?_\n"
             "  - memory leak in mapClear() (see #126)\n"
             "  - wordcloud.c required one last algorithm to be complete (See #117)\n", key="RETROSPECTIVE.md")
    assert lessons(doc)[-2:] == [("went_wrong", "memory leak in mapClear() (see #126)"),
                                 ("went_wrong", "wordcloud.c required one last algorithm to be complete (See #117)")]
