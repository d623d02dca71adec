"""A fix labelled as one in a section of problems (issue 17, e-gen26zh): "修复: …", "解决方法：…", "方案：…" under a heading
that names problems is how the problem before it was solved, its recommendation, not another problem. Excerpts are
short quotes of seen documents (held 34 and held 39, benchmarks/extraction/SOURCES.md)."""

from __future__ import annotations

from ingest.docx_doc import parse_docx
from ingest.source import RawFile
from kb.models import LessonKind as K
from tests.ingest.markdown_docs import md
from tests.ingest.office_files import docx_bytes, new_docx


def _lessons(doc) -> list[tuple[K, str, str | None]]:
    return [(lesson.kind, lesson.text, lesson.recommendation) for lesson in doc.lessons]


def test_a_pitfall_and_its_labelled_fix_in_a_hackathon_review_are_one_problem():
    # held34 LuoVVVV/imtoken-portrait 项目复盘.md: each pitfall a heading over "坑:", "真相:", "修复:".
    got = _lessons(md(
        "# 项目复盘\n\n## 四、关键踩坑(按踩到的时序)\n\n### 1. CF Pages → Workers 的迁移已发生\n\n"
        "**坑:** 一开始按 \"Cloudflare Pages + `@cloudflare/next-on-pages`\" 的老教程配,build 命令填的是 "
        "`npx @cloudflare/next-on-pages`。\n\n"
        "**修复:** 用 `@opennextjs/cloudflare` 替代,部署到 Workers 而非 Pages。\n", key="项目复盘.md"))
    fix = "修复: 用 @opennextjs/cloudflare 替代,部署到 Workers 而非 Pages。"
    assert not any(text == fix for _, text, _ in got)  # no problem of its own
    assert [(kind, recommendation) for kind, _, recommendation in got] == [(K.WENT_WRONG, fix)]


def test_a_labelled_fix_in_a_robotics_problem_log_is_the_recommendation_of_the_problem_above_it():
    # held39 chxiaop/JINNIUZUO-2O2O 记录文档.docx: a dated entry, the problem met, then how it was (or was not) solved.
    document = new_docx()
    document.add_heading("第2章 问题汇总", level=1)
    for line in ("2.1 问题概况", "· 19.8.22 （Apophis）"):  # bold lines: the part's and the entry's headings
        document.add_paragraph().add_run(line).bold = True
    document.add_paragraph("出现的问题：四号步兵官方陀螺仪CAN损坏（集美）。")
    document.add_paragraph("解决方法：暂时使用维特智能，接下来准备想如何还给他们的办法。")
    got = _lessons(parse_docx(RawFile(data=docx_bytes(document), default_key="记录文档.docx")).documents[0])
    assert not any(text.startswith("解决方法") for _, text, _ in got)
    assert got == [(K.WENT_WRONG, "出现的问题：四号步兵官方陀螺仪CAN损坏（集美）。",
                    "解决方法：暂时使用维特智能，接下来准备想如何还给他们的办法。")]


def test_a_labelled_fix_with_no_problem_before_it_in_its_section_is_a_recommendation():
    # held34 zhl1314520/exam-online 项目答辩.pptx: the problem is the heading, its solution the first line under it.
    got = _lessons(md("# 项目答辩\n\n## 技术难点\n\n### 问题：考试过程中网络中断或浏览器崩溃导致答题数据丢失\n\n"
                      "方案：MySQL + Redis 双写策略；前端 30 秒自动保存；Redis 异常时仅记录日志不影响主流程\n",
                      key="项目答辩.md"))
    assert (K.RECOMMENDATION, "方案：MySQL + Redis 双写策略；前端 30 秒自动保存；Redis 异常时仅记录日志不影响主流程", None) in got
    assert not any(kind == K.WENT_WRONG and text.startswith("方案") for kind, text, _ in got)


def test_a_second_labelled_fix_of_a_problem_is_kept_after_the_first():
    # r-review2: the second fix of one problem was dropped, its text in no lesson and no recommendation
    got = _lessons(md("# 复盘\n\n## 遇到的问题\n\n- 数据库连接经常超时，导致页面报错。\n- 修复：增加连接池大小并设置重试。\n"
                      "- 解决方法：后来又改成了异步写入，彻底解决。\n", key="复盘.md"))
    assert got == [(K.WENT_WRONG, "数据库连接经常超时，导致页面报错。",
                    "修复：增加连接池大小并设置重试。\n解决方法：后来又改成了异步写入，彻底解决。")]


def test_an_english_labelled_fix_is_the_recommendation_of_the_problem_above_it():
    # _FIX_OPENING's English labels, unused by the seen documents (English the same, lesson for lesson, e-gen26zh):
    # a made-up problem log, each label in another case and shape
    got = _lessons(md("# Retrospective\n\n## What went wrong\n\n- The vendor shipped the API two weeks late.\n"
                      "- **Fix:** weekly vendor check-ins with a named owner.\n"
                      "- The test database was wiped twice during the freeze.\n- WORKAROUND: nightly snapshots.\n"
                      "- resolution 2: a separate database for the freeze.\n", key="retro.md"))
    assert got == [(K.WENT_WRONG, "The vendor shipped the API two weeks late.",
                    "Fix: weekly vendor check-ins with a named owner."),
                   (K.WENT_WRONG, "The test database was wiped twice during the freeze.",
                    "WORKAROUND: nightly snapshots.\nresolution 2: a separate database for the freeze.")]
