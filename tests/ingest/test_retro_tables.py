"""Tables of retrospective columns: a header that names kinds ("Mad | Sad | Glad", "做得好的 | 待改进 | 改进措施")
or a first column that labels rows with them ("待改进" | "…") makes each filled cell lessons of that kind, one per
point, in Markdown, HTML, Word and PowerPoint alike; a table whose header names no kinds stays text."""

from __future__ import annotations

from pptx import Presentation
from pptx.util import Inches

from ingest.docx_doc import parse_docx
from ingest.html_doc import parse_html
from ingest.markdown_doc import parse_markdown
from ingest.pptx_doc import parse_pptx
from ingest.source import RawFile
from kb.models import LessonKind
from tests.ingest.office_files import add_table, docx_bytes, new_docx, pptx_bytes

K = LessonKind


def parse(fn, content: str | bytes, key: str):
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    return fn(RawFile(data=data, default_key=key)).documents[0]


def lessons(doc) -> list[tuple[LessonKind, str]]:
    return [(lesson.kind, lesson.text) for lesson in doc.lessons]


MD_MAD_SAD_GLAD = """# Sprint 14 retrospective

Team: payments. Facilitator: Ana.

## Board

| Mad 😠 | Sad 😢 | Glad 😀 |
|---|---|---|
| The staging database was wiped twice | We lost two days to flaky end-to-end tests | Pairing on the refund bug paid off |
| Scope changed on day 6<br>Nobody owned the release notes | | The demo went smoothly |
| / | - | Support answered every ticket within a day |
"""


def test_markdown_mad_sad_glad_columns_are_lessons_of_their_kinds():
    doc = parse(parse_markdown, MD_MAD_SAD_GLAD, "retros/sprint-14.md")
    assert sorted(lessons(doc)) == sorted([
        (K.WENT_WRONG, "The staging database was wiped twice"),
        (K.WENT_WRONG, "We lost two days to flaky end-to-end tests"),
        (K.WENT_WELL, "Pairing on the refund bug paid off"),
        (K.WENT_WRONG, "Scope changed on day 6"),
        (K.WENT_WRONG, "Nobody owned the release notes"),
        (K.WENT_WELL, "The demo went smoothly"),  # under Glad: the empty Sad cell before it keeps its place
        (K.WENT_WELL, "Support answered every ticket within a day"),  # "/" and "-" say "nothing": no lessons
    ])


MD_ZH_LABELS = """# 二季度迭代复盘

## 回顾

| 类别 | 内容 |
|---|---|
| 做得好的 | 团队配合默契，每日站会准时结束 |
| 待改进 | 测试环境经常不可用，联调被迫推迟 |
| 改进措施 | 下迭代起由运维每天早上检查测试环境 |
"""


def test_markdown_chinese_rows_labelled_with_kinds():
    doc = parse(parse_markdown, MD_ZH_LABELS, "复盘/二季度.md")
    assert lessons(doc) == [(K.WENT_WELL, "团队配合默契，每日站会准时结束"),
                            (K.WENT_WRONG, "测试环境经常不可用，联调被迫推迟"),
                            (K.ACTION_ITEM, "下迭代起由运维每天早上检查测试环境")]


HTML_START_STOP = """<html><head><title>Release 2.3 retro</title></head><body>
<h1>Release 2.3 retro</h1>
<h2>Outcomes</h2>
<table>
<tr><th>Start</th><th>Stop</th><th>Continue</th></tr>
<tr><td>Writing the rollback plan before the change window</td><td>Merging on Friday afternoons</td>
<td>Weekly demos with the support team</td></tr>
</table>
<h2>Contacts</h2>
<table>
<tr><th>Name</th><th>Role</th></tr>
<tr><td>Ana Lopez</td><td>Release manager</td></tr>
</table>
</body></html>"""


def test_html_start_stop_continue_and_a_plain_table_stays_text():
    doc = parse(parse_html, HTML_START_STOP, "retros/release-2.3.html")
    assert lessons(doc) == [(K.RECOMMENDATION, "Writing the rollback plan before the change window"),
                            (K.WENT_WRONG, "Merging on Friday afternoons"),
                            (K.WENT_WELL, "Weekly demos with the support team")]
    assert "Ana Lopez" in doc.sections[-1].text


def test_word_chinese_columns_one_lesson_per_line_of_a_cell():
    d = new_docx(title="仓储系统上线复盘")
    d.add_heading("仓储系统上线复盘", 1)
    d.add_heading("总体情况", 2)
    add_table(d, [["优点", "不足", "下一步"],
                  ["上线当天订单零丢失\n切换演练做了三次", "盘点数据迁移晚了两天", "建立数据迁移检查清单"]])
    d.add_heading("参会人员", 2)
    add_table(d, [["姓名", "部门"], ["张伟", "信息技术部"]])
    doc = parse(parse_docx, docx_bytes(d), "复盘/仓储.docx")
    assert sorted(lessons(doc)) == sorted([(K.WENT_WELL, "上线当天订单零丢失"), (K.WENT_WELL, "切换演练做了三次"),
                                           (K.WENT_WRONG, "盘点数据迁移晚了两天"),
                                           (K.ACTION_ITEM, "建立数据迁移检查清单")])


def test_word_english_4l_columns():
    d = new_docx(title="Onboarding project retrospective")
    d.add_heading("Onboarding project retrospective", 1)
    d.add_heading("4Ls", 2)
    add_table(d, [["Liked", "Learned", "Lacked", "Longed for"],
                  ["Clear ownership of each workstream", "Load tests must run on production-sized data",
                   "A single place for decisions", "An earlier security review"]])
    doc = parse(parse_docx, docx_bytes(d), "retros/onboarding.docx")
    assert lessons(doc) == [(K.WENT_WELL, "Clear ownership of each workstream"),
                            (K.LESSON, "Load tests must run on production-sized data"),
                            (K.WENT_WRONG, "A single place for decisions"),
                            (K.RECOMMENDATION, "An earlier security review")]


def _deck(title: str, rows: list[list[str]], heading: str) -> bytes:
    prs = Presentation()
    prs.core_properties.title = title
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # title only
    slide.shapes.title.text = heading
    shape = slide.shapes.add_table(len(rows), len(rows[0]), Inches(0.5), Inches(2), Inches(9), Inches(2))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            shape.table.cell(r, c).text = value
    return pptx_bytes(prs)


def test_powerpoint_english_columns():
    data = _deck("Q3 platform retro", [["Achievements", "Obstacles"],
                                       ["Migrated 40 services to the new cluster", "Quota requests took two weeks"]],
                 "Quarter in review")
    doc = parse(parse_pptx, data, "retros/q3.pptx")
    assert lessons(doc) == [(K.WENT_WELL, "Migrated 40 services to the new cluster"),
                            (K.WENT_WRONG, "Quota requests took two weeks")]


def test_powerpoint_chinese_rows_labelled_with_kinds():
    data = _deck("MES二期复盘", [["做得好的", "现场培训覆盖了全部班组"], ["需要改进", "接口文档更新不及时，联调返工"]],
                 "项目回顾")
    doc = parse(parse_pptx, data, "复盘/mes.pptx")
    assert lessons(doc) == [(K.WENT_WELL, "现场培训覆盖了全部班组"), (K.WENT_WRONG, "接口文档更新不及时，联调返工")]


def test_a_table_whose_header_names_no_kinds_stays_text():
    md = "# Capacity plan\n\n| Service | Start | Owner |\n|---|---|---|\n| billing | 2024-03-01 | Ana |\n"
    assert parse(parse_markdown, md, "plans/capacity.md").lessons == []


def test_word_english_rows_labelled_with_kinds():
    # Word's two-column rows are also read as a form's labelled answers (``docx_tables._answer_blocks``) before they
    # reach ``structure``: this pins that the two readings agree (it fails only with both removed).
    d = new_docx(title="Billing migration retrospective")
    d.add_heading("Billing migration retrospective", 1)
    d.add_heading("Summary", 2)
    add_table(d, [["Went well", "The cut-over finished an hour early"],
                  ["To improve", "Finance learned of the freeze too late\nThe runbook missed the cache flush"]])
    doc = parse(parse_docx, docx_bytes(d), "retros/billing.docx")
    assert lessons(doc) == [(K.WENT_WELL, "The cut-over finished an hour early"),
                            (K.WENT_WRONG, "Finance learned of the freeze too late"),
                            (K.WENT_WRONG, "The runbook missed the cache flush")]


HTML_CONFLUENCE = """<html><head><title>Checkout redesign retrospective</title></head><body>
<h1>Checkout redesign retrospective</h1>
<table><tbody>
<tr><th><p>What went well</p></th><th><p>What didn't go well</p></th></tr>
<tr><td><ul><li>Design reviews every Tuesday kept scope stable</li><li>The A/B test was ready on day one</li></ul></td>
<td><p>Payment provider sandbox was down for a week</p><p>Copy changes came after the freeze</p></td></tr>
</tbody></table>
<ul><li>Related: the launch checklist</li></ul>
</body></html>"""


def test_html_cells_with_lists_and_paragraphs_are_one_lesson_a_point():
    doc = parse(parse_html, HTML_CONFLUENCE, "wiki/checkout-retro.html")
    assert lessons(doc) == [(K.WENT_WELL, "Design reviews every Tuesday kept scope stable"),
                            (K.WENT_WELL, "The A/B test was ready on day one"),
                            (K.WENT_WRONG, "Payment provider sandbox was down for a week"),
                            (K.WENT_WRONG, "Copy changes came after the freeze")]


def test_a_drop_add_keep_improve_board_in_markdown_and_word():
    """DAKI (dev2's en-atm-sprint1-retrospective-pdf): what to add and what to improve are recommendations; before,
    only the Drop and Keep cells were lessons (e-tab10)."""
    rows = [["Drop", "Add", "Keep", "Improve"],
            ["Rushed/ unplanned sprint review", "Task labels to help clarify issues from user stories",
             "GitHub Kanban Board", "Definition of Risk"]]
    expected = [(K.WENT_WRONG, "Rushed/ unplanned sprint review"),
                (K.RECOMMENDATION, "Task labels to help clarify issues from user stories"),
                (K.WENT_WELL, "GitHub Kanban Board"), (K.RECOMMENDATION, "Definition of Risk")]
    md = "# Sprint 1 Retrospective\n\n## DAKI\n\n" + "\n".join(
        ["| " + " | ".join(rows[0]) + " |", "|---|---|---|---|", "| " + " | ".join(rows[1]) + " |"]) + "\n"
    assert lessons(parse(parse_markdown, md, "docs/Sprint Retrospective.md")) == expected
    d = new_docx(title="Sprint 1 Retrospective")
    d.add_heading("DAKI", 2)
    add_table(d, rows)
    assert lessons(parse(parse_docx, docx_bytes(d), "docs/Sprint Retrospective.docx")) == expected
