"""A table row's other columns follow its lesson as details, punctuated in the row's language: a Chinese row (one
not English, by the project's language detection) with full-width marks, an English row as before."""

from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile


def texts(markdown: str) -> list[str]:
    doc = parse_markdown(RawFile(data=markdown.encode("utf-8"), default_key="doc.md")).documents[0]
    return [lesson.text for lesson in doc.lessons]


def test_a_chinese_rows_details_read_with_full_width_punctuation():
    # A table under an "Action Items" heading: builder_rows._row_text puts every other filled column after the lesson.
    got = texts("### 改进措施\n\n| 编号 | 措施 | 影响 | 负责人 |\n|---|---|---|---|\n"
                "| I-031 | 接口变更前先评审 | 中 | 王芳 |\n"
                "| I-032 | 上线前做一次演练 | 高 | Li Wei |\n"
                "| A-7 | Rehearse the cut-over before go-live | High | Kevin |\n")
    assert got == ["接口变更前先评审（编号：I-031；影响：中；负责人：王芳）",
                   "上线前做一次演练（编号：I-032；影响：高；负责人：Li Wei）",
                   "Rehearse the cut-over before go-live (编号: A-7; 影响: High; 负责人: Kevin)"]


def test_a_chinese_register_rows_details_read_with_full_width_punctuation():
    # A register (problem and action columns beside an owner): ingest.tables._row_lessons.
    got = texts("## 跟踪表\n\n| 问题 | 改进措施 | 负责人 | 状态 |\n|---|---|---|---|\n"
                "| 供应商接口延期五周 | 合同增加交付里程碑 | 李娜 | 进行中 |\n"
                "| Vendor API late by five weeks | Add delivery milestones to the contract | Li Na | Open |\n")
    assert "合同增加交付里程碑（负责人：李娜；状态：进行中）" in got
    assert "Add delivery milestones to the contract (负责人: Li Na; 状态: Open)" in got
