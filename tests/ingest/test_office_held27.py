"""held 27's Word, PowerPoint and PDF error classes (issue 17, e-office10), each with a file made here from an excerpt
of the held 27 document it comes from (quoted with its source; none of those files is stored here)."""

from __future__ import annotations

import pytest

from ingest.docx_doc import parse_docx
from ingest.line_labels import inline_label
from ingest.pdf_doc import parse_pdf
from ingest.source import RawFile
from ingest.tables import register_columns
from kb.models import LessonKind as K
from tests.ingest.office_files import docx_bytes, new_docx, new_pdf, pdf_bytes, pdf_line


def _docx_lessons(document, key: str) -> list[tuple[K, str]]:
    doc = parse_docx(RawFile(data=docx_bytes(document), default_key=key)).documents[0]
    return [(lesson.kind, lesson.text) for lesson in doc.lessons]


def _bold(document, text: str) -> None:
    document.add_paragraph().add_run(text).bold = True


def test_a_form_typed_in_normal_paragraphs_gives_the_points_of_its_numbered_sections():
    """yougenmi/chenqian 项目总结.docx: bold '1 导言' / '1.1目的' section lines and, under the bold '4 经验总结' and
    '5 教训', Normal lines numbered '3.1 …' / '4.1 …' (the author's numbering lags a section). The '3.1' lines were
    headings one level above '4 经验总结', which closed it: nothing was extracted but the closing summary."""
    document = new_docx()
    _bold(document, "1 导言")
    _bold(document, "1.1目的")
    document.add_paragraph("根据“视频诊断”项目的最后评审，总结项目经验和教训。")
    _bold(document, "4 经验总结")
    document.add_paragraph("3.1 一定要弄清各个阶段的具体时间")
    document.add_paragraph("3.2  应及时处理用户问题")
    _bold(document, "5 教训")
    document.add_paragraph("4.1发布延期")
    document.add_paragraph("4.2 问题解决慢，应增加人手解决")
    _bold(document, "6 项目总结")
    document.add_paragraph("在完成“视频诊断”这个项目的过程中，我更细致的了解了视频诊断的流程。通过这个项目，也增强了我的一些能力。")
    got = [text for _, text in _docx_lessons(document, "项目总结.docx")]
    assert got == ["一定要弄清各个阶段的具体时间", "应及时处理用户问题", "发布延期", "问题解决慢，应增加人手解决"]


def test_a_numbered_line_under_a_dotted_section_stays_a_heading():
    """The Normal '2.1.1问题：…' line under a bold '2.1关于代码' (held 25's 项目总结文档) is a sub-heading, not a point: the
    rule above holds only under a section line numbered with one number."""
    document = new_docx()
    _bold(document, "2.问题与解决")
    _bold(document, "2.1关于代码")
    document.add_paragraph("2.1.1问题：数据库sql语句中日期类型数据不知道怎么转换格式")
    document.add_paragraph("解决：百度搜索发现可以使用convert()处理时间数据")
    assert _docx_lessons(document, "项目总结.docx") == [
        (K.WENT_WRONG, "问题：数据库sql语句中日期类型数据不知道怎么转换格式")]  # the fix is its recommendation


# malhotraishmeet/PriceWise Retrospective.pdf: a retrospective board exported to PDF, four ruled tables of an item column
# under the column's kind and a votes column.
BOARD = [
    ("What Went Well :)", [("Splitting the tasks into smaller tasks", "4"), ("Coordination among team members", "4")]),
    ("What Didn't go Well :\\", [("we underestimated many tasks", "4"),
                                 ("had to catch-up a lot during the reading break", "2")]),
    ("New Learnings :)", [("Software Development Process flow", "4"), ("Differnt API calls", "3")]),
]


@pytest.fixture(scope="module")
def board():
    pdf = new_pdf()
    pdf_line(pdf, "Retrospective", size=18, bold=True)
    pdf.set_font("cjk", "", 11)
    for title, rows in BOARD:
        pdf.ln(6)
        with pdf.table(col_widths=(120, 30)) as table:
            table.row([title, "Votes"])
            for row in rows:
                table.row(list(row))
    return parse_pdf(RawFile(data=pdf_bytes(pdf), default_key="Retrospective.pdf")).documents[0]


def test_a_board_of_vote_tables_gives_each_item_as_a_lesson_of_its_column(board):
    """Each table gave nothing but its 'Votes' header cell, stored as a went-well."""
    assert sorted((lesson.kind, lesson.text) for lesson in board.lessons) == sorted([
        (K.WENT_WELL, "Splitting the tasks into smaller tasks"), (K.WENT_WELL, "Coordination among team members"),
        (K.WENT_WRONG, "we underestimated many tasks"), (K.WENT_WRONG, "had to catch-up a lot during the reading break"),
        (K.LESSON, "Software Development Process flow"), (K.LESSON, "Differnt API calls")])


@pytest.mark.parametrize(("header", "expected"), [
    (["做得好的", "票数"], {0: K.WENT_WELL}),
    (["Votes", "Improvements (For future)"], {1: K.WENT_WRONG}),
    (["Team member", "Votes"], {}),  # a column that names no kind: a tally of something else
])
def test_a_kind_column_beside_votes_is_a_register(header, expected):
    assert register_columns(header) == expected


@pytest.fixture(scope="module")
def outage():
    """BEC-Codes/MVP-s-Repository Postmortem.pdf: an incident post-mortem in labelled paragraphs, its corrective
    measures and its tasks numbered under bold labels."""
    pdf = new_pdf()
    pdf_line(pdf, "Postmortem: Web Application Outage Incident", size=16, bold=True)
    pdf_line(pdf, "Root Cause: The root cause of the outage was identified as a database connection bottleneck.", gap=4)
    pdf_line(pdf, "Misleading Investigation/Debugging Paths: Initial focus on the load balancer configuration proved",
             gap=4)
    pdf_line(pdf, "to be a misleading direction.")
    pdf_line(pdf, "Root Cause and Resolution: The root cause was a database connection pool bottleneck.", gap=4)
    pdf_line(pdf, "Tasks to Address the Issue:", bold=True, gap=4)
    pdf_line(pdf, "1. Database Connection Pool Configuration: Increase the maximum connections allowed in the pool.")
    pdf_line(pdf, "2. Alert Thresholds Review: Reevaluate monitoring alert thresholds to ensure timely notifications.")
    return parse_pdf(RawFile(data=pdf_bytes(pdf), default_key="Postmortem.pdf")).documents[0]


def test_a_post_mortems_tasks_to_address_the_issue_are_action_items(outage):
    """They were missed: 'Tasks to Address the Issue' named no kind."""
    assert [lesson.text for lesson in outage.lessons if lesson.kind == K.ACTION_ITEM] == [
        "Database Connection Pool Configuration: Increase the maximum connections allowed in the pool.",
        "Alert Thresholds Review: Reevaluate monitoring alert thresholds to ensure timely notifications."]


def test_a_post_mortems_title_case_labels_name_their_paragraphs_kinds(outage):
    """'Misleading Investigation/Debugging Paths:' and 'Root Cause and Resolution:' run into their paragraphs were missed
    ('Root Cause:', a label of the fixed vocabulary, was found)."""
    got = {(lesson.kind, lesson.text) for lesson in outage.lessons}
    assert (K.WENT_WRONG, "Initial focus on the load balancer configuration proved to be a misleading direction.") in got
    assert (K.ROOT_CAUSE, "The root cause was a database connection pool bottleneck.") in got
    assert (K.ROOT_CAUSE, "The root cause of the outage was identified as a database connection bottleneck.") in got


@pytest.mark.parametrize(("text", "expected"), [
    ("Root Cause and Resolution: The root cause was a pool bottleneck.",
     (K.ROOT_CAUSE, "The root cause was a pool bottleneck.")),
    ("Database Connection Pool Configuration: Increase the maximum connections.", None),  # a label naming no kind
    ("The problem with this: nothing was logged.", None),  # not a title-case label
])
def test_a_title_case_label_names_a_kind_by_the_heading_vocabulary(text, expected):
    assert inline_label(text) == expected


def _car_price_form():
    """Paviliongamer/Car-Price-Prediction-using-ANN Lessons Learned.docx: a team's form in Normal paragraphs, its fields
    lined up with tabs, a goals table and its lessons tables, each under a plain one-word paragraph."""
    document = new_docx()
    _bold(document, "Lessons Learned")
    document.add_paragraph("Project Title\t\t: Car Price Prediction using ANN")
    document.add_paragraph("Project manager\t: Muhammad Zulhisyam Naqib bin Mahurin")
    document.add_paragraph("Team members\t: Aravind A/L Supramaniam")
    document.add_paragraph("\t\t\t  Akid Iskandar bin Shamsuddin")
    document.add_paragraph("Goals")
    goals = document.add_table(rows=3, cols=2)
    for row, cells in zip(goals.rows, [("Project goals", "Goal Achieved? (Y/N)"), ("Design simple user interface", "Y"),
                                       ("Train model with high volume dataset", "N")], strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_paragraph("Lessons Learned")
    lessons = document.add_table(rows=2, cols=3)
    for row, cells in zip(lessons.rows, [("What went well?", "How to improve next time", "Assigned to"),
                                         ("ANN model worked well", "Use latest NN model for better model development",
                                          "Akid Iskandar bin Shamsuddin")], strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    wrong = document.add_table(rows=2, cols=3)
    for row, cells in zip(wrong.rows, [("What didn’t went well?", "How to improve next time", "Assigned to"),
                                       ("Time taken for model training is longer than expected",
                                        "Use more powerful computers to train the model", "Aravind A/L Supramaniam")],
                          strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_paragraph("Comments: -")
    return _docx_lessons(document, "Lessons Learned.docx")


def test_a_forms_field_lines_goal_table_and_empty_comment_are_no_lessons():
    """The form's field lines, the member on the line after, 'Goals', its rows and 'Comments: -' were stored as lessons
    of the title's kind (18 of the form's 23)."""
    texts = [text for _, text in _car_price_form()]
    assert not any(word in text for text in texts for word in ("Car Price", "Akid", "Goal", "goal", "Comments"))
    assert any(text.startswith("ANN model worked well") for text in texts)


def test_a_forms_row_is_one_lesson_with_how_to_improve_it():
    """Each row's 'How to improve next time' cell was a recommendation of its own beside the row (4 more lessons,
    none annotated), and the 'What didn’t went well?' rows were typed went-well."""
    assert _car_price_form() == [
        (K.WENT_WELL, "ANN model worked well — How to improve next time: Use latest NN model for better model development"),
        (K.WENT_WRONG, ("Time taken for model training is longer than expected — How to improve next time: Use more "
                        "powerful computers to train the model")),
    ]


@pytest.mark.parametrize(("header", "row", "expected"), [
    # A board's columns of separate points stay separate ("Went well | To improve": unrelated items side by side).
    (["What went well", "What to improve"], ["Pairing", "Flaky CI"], None),
    # Nothing to add: the item alone.
    (["What went well?", "How to improve next time", "Assigned to"], ["Fast UI", "No improvement needed", "Ann"],
     [(K.WENT_WELL, "Fast UI")]),
])
def test_an_improvement_column_joins_its_row_only_where_it_asks_how(header, row, expected):
    from ingest.tables import register_row_lessons

    got = [(K(lesson.kind), lesson.text) for lesson in register_row_lessons(header, row)]
    assert got == (expected or [])


def test_a_label_over_its_answers_is_no_empty_field():
    """dev2's Gator Charts lessons (a Word file): a 'Lessons Learned:' paragraph over its paragraphs labels them; only a
    field filled with a dash or 'N/A' is empty."""
    document = new_docx()
    _bold(document, "Gator Charts")
    document.add_paragraph("Lessons Learned:")
    document.add_paragraph("We learned the vast power that is the QT Creator IDE.")
    document.add_paragraph("Complicated projects should be started ahead of time.")
    texts = [text for _, text in _docx_lessons(document, "docs/report.docx")]
    assert texts == ["We learned the vast power that is the QT Creator IDE.",
                     "Complicated projects should be started ahead of time."]


def test_a_board_of_labelled_cells_gives_each_point_as_a_lesson_of_its_label():
    """dev2's ATM sprint 1 retrospective (a PDF): a FLAT board, a 2 x 2 table whose cells open with their labels
    ("Future directions: • … • …"), was read as a header row and a row, and gave nothing."""
    document = new_docx()
    _bold(document, "Sprint Retrospective")
    board = document.add_table(rows=2, cols=2)
    cells = [["Future directions:", "• Improve our definition of Risk."],
             ["Lessons learned:", "• The backlog needs to be prioritised based on value to the client."],
             ["Accomplishments: • The UI is user friendly and functional. • Meetings and communication were frequent"],
             ["Thank you:", "• Anas for organising the github."]]
    for cell, lines in zip([c for row in board.rows for c in row.cells], cells, strict=True):
        cell.text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
    assert _docx_lessons(document, "docs/sprint1-retrospective.docx") == [
        (K.RECOMMENDATION, "Improve our definition of Risk."),
        (K.LESSON, "The backlog needs to be prioritised based on value to the client."),
        (K.WENT_WELL, "The UI is user friendly and functional."),
        (K.WENT_WELL, "Meetings and communication were frequent"),
    ]


@pytest.mark.parametrize("rows", [
    [["Goal:", "Ship v1"], ["Owner:", "Ann"]],  # labels that name no kind: a form
    [["What went well", "What to improve"], ["Lessons learned: • Pairing helps", "Flaky CI"]],  # a header row
])
def test_a_table_is_no_board_unless_every_cell_is_labelled_and_two_labels_name_kinds(rows):
    from ingest.tables import labelled_cells

    assert labelled_cells(rows) is None


def test_what_impedes_the_team_is_what_went_wrong():
    """held 26's Twitch bot retrospective deck (a PowerPoint): 'What Might Be Impeding Us from Performing Better?' and
    the bullet 'What is impeding us?' over each member's answer named no kind, and their 8 points were missed."""
    from pptx import Presentation

    from ingest.pptx_doc import parse_pptx
    from tests.ingest.office_files import pptx_bytes

    prs = Presentation()
    prs.slides.add_slide(prs.slide_layouts[0]).shapes.title.text = "Miranda Cosgroves"
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "What Might Be Impeding Us from Performing Better?"
    frame = slide.placeholders[1].text_frame
    frame.paragraphs[0].text = "Roadmap with obtainable goals"
    frame.add_paragraph().text = "Lack of complex Twitch bot API knowledge"
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "Individual Portions"
    frame = slide.placeholders[1].text_frame
    frame.paragraphs[0].text = "What is impeding us?"
    point = frame.add_paragraph()
    point.text, point.level = "Eric- Better communication on my part.", 1
    doc = parse_pptx(RawFile(data=pptx_bytes(prs), default_key="docs/Sprint 2 Retrospective.pptx")).documents[0]
    assert [(lesson.kind, lesson.text) for lesson in doc.lessons] == [
        (K.WENT_WRONG, "Roadmap with obtainable goals"), (K.WENT_WRONG, "Lack of complex Twitch bot API knowledge"),
        (K.WENT_WRONG, "Eric- Better communication on my part.")]


def test_the_lines_of_a_table_of_contents_are_no_lessons_nor_headings():
    """dev2's 电子词典系统 软件项目总结报告 (a Word file): its table of contents, in Word's 'TOC 2' style (an outline level set
    on it), gave '5. 遗留问题处理计划 5' and '6. 附件 5' as recommendations under its '4. 改进建议 5' line."""
    from tests.ingest.office_files import add_style

    document = new_docx()
    add_style(document, "toc 1", outline=0)
    document.add_paragraph("目录", style="Heading 1")
    for line in ("3. 经验与教训\t4", "4. 改进建议\t5", "5. 遗留问题处理计划\t5", "6. 附件\t5"):
        document.add_paragraph(line, style="toc 1")
    document.add_paragraph("4. 改进建议", style="Heading 1")
    document.add_paragraph("界面的优化，使得本系统的交互效果更好", style="List Bullet")
    document.add_paragraph("5. 遗留问题处理计划", style="Heading 1")
    document.add_paragraph("暂无")
    doc = parse_docx(RawFile(data=docx_bytes(document), default_key="软件项目总结报告.docx")).documents[0]
    assert [lesson.text for lesson in doc.lessons] == ["界面的优化，使得本系统的交互效果更好"]
    assert [section.heading for section in doc.sections if section.heading] == ["目录", "4. 改进建议", "5. 遗留问题处理计划"]


def test_printed_issue_links_are_no_lessons():
    """held 26's habit app retrospective (a PDF printed from a browser): the GitHub issues a member worked on, each
    printed as its page title ("Main page layout · Issue #11 · owner/repo"), were stored as 7 went-wrong lessons."""
    document = new_docx()
    _bold(document, "Retrospective")
    document.add_paragraph("What went wrong?")
    document.add_paragraph("Main page layout · Issue #11 · Prayash777/CST438_Project_01_Group6", style="List Bullet")
    document.add_paragraph("Debugging code before being familiar with the errors took most of the week.",
                           style="List Bullet")
    assert _docx_lessons(document, "Retrospective.docx") == [
        (K.WENT_WRONG, "Debugging code before being familiar with the errors took most of the week.")]


def test_lines_in_a_fixed_pitch_face_are_code_not_lessons():
    """dev2's HMS 数据库 report (a PDF): its set-up commands, set in Lucida Console ("mysql -u root -p", "CREATE DATABASE
    IF NOT EXISTS hms_db;"), were stored as lessons of the 总结 they stand under."""
    pdf = new_pdf()
    pdf_line(pdf, "HMS 数据库实践报告", size=18, bold=True)
    pdf_line(pdf, "9.收获和体会", size=14, bold=True, gap=4)
    pdf_line(pdf, "我们深刻意识到，数据库设计是整个项目的基石，必须精心与仔细推敲。", gap=4)
    pdf.set_font("Courier", size=10)
    for command in ("mysql -u root -p", "CREATE DATABASE IF NOT EXISTS hms_db;", "npm run dev"):
        pdf.cell(0, 5, command, new_x="LMARGIN", new_y="NEXT")
    pdf_line(pdf, "优秀的系统不是代码的简单堆砌，而是源于严谨的架构设计与紧密的团队协作。", gap=4)
    doc = parse_pdf(RawFile(data=pdf_bytes(pdf), default_key="docs/HMS数据库实践报告.pdf")).documents[0]
    texts = [lesson.text for lesson in doc.lessons]
    assert texts[0] == "我们深刻意识到，数据库设计是整个项目的基石，必须精心与仔细推敲。"
    assert not any(word in text for text in texts for word in ("mysql", "CREATE", "npm"))
    assert "mysql -u root -p\nCREATE DATABASE IF NOT EXISTS hms_db;\nnpm run dev" in doc.raw_text  # one listing


def test_figure_captions_are_no_lessons():
    """dev2's sentiment analysis 'Lessons Learned' (a Word file of paragraphs): its 'Caption' paragraphs ("Figure 1:
    Galaxy Model Selection Process based on Accuracy") were stored as lessons."""
    document = new_docx()
    document.add_paragraph("I used accuracy as the performance metric that guided my decision process.")
    document.add_paragraph("Figure 1: Galaxy Model Selection Process based on Accuracy", style="Caption")
    document.add_paragraph("Choosing a performance metric to select the best model worked very well in this project.")
    assert [text for _, text in _docx_lessons(document, "Lessons Learned.docx")] == [
        "I used accuracy as the performance metric that guided my decision process.",
        "Choosing a performance metric to select the best model worked very well in this project."]


def test_a_cover_typed_as_normal_lines_is_no_lessons():
    """dev2's Cottontail Carl closing thoughts (a Word file with no heading): its title, author and course lines were
    stored as lessons of the file's closing thoughts."""
    document = new_docx()
    for line in ("Cottontail Carl’s Continuous Cardio", "Nick Rekuch", "SDEV 264"):
        document.add_paragraph(line)
    document.add_paragraph("Looking over my project now, I hate it. There are really two prongs of problems with it. "
                           "Firstly, it’s just not a good game.")
    document.add_paragraph("In hindsight I could transfer a lot of the game state information to series of shared "
                           "preferences objects.")
    texts = [text for _, text in _docx_lessons(document, "Lessons Learned.docx")]
    assert not any(text in ("Cottontail Carl’s Continuous Cardio", "Nick Rekuch", "SDEV 264") for text in texts)
    assert any(text.startswith("In hindsight") for text in texts)


def test_opening_lines_that_name_kinds_are_no_cover():
    document = new_docx()
    document.add_paragraph("Sprint 3")
    document.add_paragraph("What went well")
    document.add_paragraph("Pairing on the payment service helped both of us learn the code base much faster than "
                           "reading it alone.")
    assert [text for _, text in _docx_lessons(document, "retro.docx")] == [
        "Pairing on the payment service helped both of us learn the code base much faster than reading it alone."]


def test_sections_numbered_with_word_list_numbering_are_headings():
    """dev2's 企业所得税 申报错误分析报告 (a Word file): its sections are items of a numbered list ('事故原因分析', '教训',
    '整改措施', '责任和考核意见'), each over paragraphs, which were read as text after a list (1 of 5 lessons found, and
    the last section's name stored as an action item)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def add_numbered(document, text: str, level: int) -> None:  # numId 5: the template's decimal list ("List Number")
        document.add_paragraph(text)._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level - 1}"/><w:numId w:val="5"/></w:numPr>'))

    document = new_docx()
    document.add_paragraph("9月份企业所得税A申报错误分析报告")
    add_numbered(document, "事故原因分析", 1)
    document.add_paragraph("申报员没有查看扣费具体情况而直接扣费，负次要责任。")
    add_numbered(document, "教训", 1)
    document.add_paragraph("不管任何操作的大小，都需要经过严密的讨论和方案设计后再进行实施")
    add_numbered(document, "整改措施", 1)
    document.add_paragraph("企业所得税申报A申报技术方案进行改进，放弃使用python直接访问数据接口，而采用selenium。")
    add_numbered(document, "责任和考核意见", 1)
    assert _docx_lessons(document, "申报错误分析报告.docx") == [
        (K.ROOT_CAUSE, "申报员没有查看扣费具体情况而直接扣费，负次要责任。"),
        (K.LESSON, "不管任何操作的大小，都需要经过严密的讨论和方案设计后再进行实施"),
        (K.ACTION_ITEM, "企业所得税申报A申报技术方案进行改进，放弃使用python直接访问数据接口，而采用selenium。")]


def test_the_opening_slides_subtitle_is_no_lesson():
    """held 27's 投资反思 deck (873459621/FFMPEG 投资反思.pptx): the title slide's subtitle ('记录曾经犯下的错误，以及未能及时参与的
    机会') was stored as a went-wrong lesson."""
    from pptx import Presentation

    from ingest.pptx_doc import parse_pptx
    from tests.ingest.office_files import pptx_bytes

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    slide.shapes.title.text = "投资反思记录"
    slide.placeholders[1].text = "记录曾经犯下的错误，以及未能及时参与的机会"
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "2025/07/25"
    frame = slide.placeholders[1].text_frame
    frame.paragraphs[0].text = "东方电器，盈利大幅回撤，现在已经亏损。"
    frame.add_paragraph().text = "短线操作切记，在盘面变弱的时候，要坚决斩仓，不可以犹豫。"
    doc = parse_pptx(RawFile(data=pptx_bytes(prs), default_key="投资反思.pptx")).documents[0]
    texts = [lesson.text for lesson in doc.lessons]
    assert "记录曾经犯下的错误，以及未能及时参与的机会" not in texts
    assert "短线操作切记，在盘面变弱的时候，要坚决斩仓，不可以犹豫。" in texts
    assert doc.title == "投资反思记录"


def test_a_headingless_word_retrospective_is_read_by_its_setbacks():
    """BlaiseMahoro/IP-Geolocation-App Retrospective.docx: a title line, then paragraphs with no heading; the issue met
    and the feature given up, each a setback in its own words, gave nothing."""
    document = new_docx()
    _bold(document, "IP Geolocation Project")
    document.add_paragraph("I faced an issue with trying to access an API that does not use SSL encryption. I found out "
                           "that Android 9 and later versions disallow unencrypted connections.", style="List Paragraph")
    document.add_paragraph("-The other major deviation I made is to remove the dns (Domain Name Service) lookup "
                           "functionality. But, the API that used does not provide dns lookup.")
    assert [kind for kind, _ in _docx_lessons(document, "Retrospective.docx")] == [K.WENT_WRONG, K.WENT_WRONG]
