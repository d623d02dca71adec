"""Chinese reading of e-gen20zh (issue 17): Traditional spellings read as the Simplified ones are (BENCHMARKS.md,
"e-gen20zh")."""

from __future__ import annotations

import pytest

from ingest.doctype import guess_type
from ingest.headings import classify_heading
from kb.models import DocType


# CC-CEDICT's Traditional spellings of heading words the rules know in Simplified; each was read as no heading kind
# while ingest kept its own short table of Traditional characters (優勢, 辦, 獲, 軸, 範, 貢 were not in it).
@pytest.mark.parametrize(("traditional", "simplified", "kind"), [
    ("## 優勢", "## 优势", "went_well"),
    ("## 解決辦法", "## 解决办法", "recommendation"),
    ("## 待辦事項", "## 待办事项", "action_item"),
    ("## 收獲", "## 收获", "lesson"),
    ("## 時間軸", "## 时间轴", "narrative"),
    ("## 影響範圍", "## 影响范围", "narrative"),
])
def test_a_traditional_heading_names_the_kind_its_simplified_spelling_names(traditional, simplified, kind):
    assert classify_heading(simplified) == kind
    assert classify_heading(traditional) == kind


@pytest.mark.parametrize(("title", "key", "doc_type"), [
    ("第三週週報", "reports/週報.docx", DocType.STATUS_REPORT),  # 週報 is 周报
    ("專案復盤", "docs/復盤.md", DocType.RETROSPECTIVE),  # 復盤 is 复盘
    ("上線第三天", "事後回顧/2024-03.md", DocType.RETROSPECTIVE),  # a folder 事後回顧 (回顾)
])
def test_a_traditional_title_or_folder_gives_the_type_its_simplified_spelling_gives(title, key, doc_type):
    assert guess_type(title, key, []) == doc_type


def test_a_title_in_neither_vocabulary_stays_other_in_either_script():
    assert guess_type("專題心得筆記", "notes/專題.docx", []) == DocType.OTHER
