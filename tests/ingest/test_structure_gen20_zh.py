"""Chinese reading of e-gen20zh (issue 17): Traditional spellings read as the Simplified ones are, and a document's
language judged on its prose lines (BENCHMARKS.md, "e-gen20zh"). Excerpts are short quotes of seen documents
(benchmarks/extraction/SOURCES.md); each test names what must stay as it was beside what changed."""

from __future__ import annotations

import pytest

from ingest.doctype import guess_type
from ingest.headings import classify_heading
from kb.models import DocType, Language
from kb.text import detect_language, detect_prose_language
from tests.ingest.markdown_docs import md


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


# held40 zh-tw-gas-station-pos-linebot-knowledge-base-closure-report-docx (a fuel retailer's 結案報告 in Traditional
# Chinese): its prose names fields, keys and a JSON record written as paragraphs; read as `mixed` by script counts.
GAS_STATION = """# 建立「加油站POS系統及周邊設備問題處理」資料庫 結案報告

提案目的：加油站人員在操作POS系統時，若遇到問題，通常會在Line的積慧群組中發問。

提案測試結果：由十餘位站長及值班站長協助測試，透過LINE機器人進行問答互動。

AI輔助答覆：結合AI，可更精準判斷使用者之問題，給予正確之答覆，並以口語化的方式提供諮詢。

部署:採GCP serverless架構，方便監控效益，也易於移植到台糖現有系統。

使用者ID (型態: string)

對話紀錄conversation collection

"conversation_id": conversation_id,

"bm25_score": top1["bm25_score"],

GOOGLESHEET_URL (說明: Google sheet URL)
"""

# held36 zh-jsp-chinese-garbling-problem-summary-docx (a developer's 问题总结 of garbled Chinese between JSP pages): its
# sentences name parameters, encodings and server settings.
JSP = """# JSP间传值中文乱码问题

## 原因

useBodyEncodingForURI参数表示是否用request.setCharacterEncoding参数对URL提交的数据和表单中GET方式提交的数据进行重新编码，在默认情况下，该参数为false。

URIEncoding参数指定对所有GET方式请求进行统一的重新编码（解码）的编码。

## 总结

- Http请求传输时将url以ISO-8859-1编码，服务器收到字节流后默认会以ISO-8859-1编码来解码成字符流（造成中文乱码），可转为其他编码
- Tomcat默认编码ISO8859-1，可设置成其他的编码
"""

# held40 zh-fpga-elevator-student-problem-notes-docx: a Verilog student's notes, half of them the tools' English
# messages whole; they stay `mixed`.
FPGA = """# When must a signal be inserted into the sensitivity list of a process

[Synth 8-327] inferring latch for variable 'height_reg'

这种if… if else 分支判断 若掉了一个分支即掉了一种情况会出现这种warinning

有关referenced signal should be on a sensitivity list

When must a signal be inserted into the sensitivity list of a process

原因在于vivado发现了你的某一寄存器始终存储定值，于是决定其可以优化掉
"""


@pytest.mark.parametrize("text", [GAS_STATION, JSP], ids=["gas-station", "jsp"])
def test_chinese_prose_naming_english_terms_is_chinese(text):
    assert detect_language(text) == Language.MIXED  # by script counts alone, as documents were read before
    assert md(text, "report.md").language == Language.ZH


def test_whole_english_lines_beside_chinese_ones_stay_mixed():
    assert md(FPGA, "问题记录.md").language == Language.MIXED


def test_english_prose_naming_a_chinese_term_stays_english():
    doc = md("# Retrospective\n\nWe shipped the 复盘 template late.\n\nThe team met every Friday to review blockers.\n",
             "retro.md")
    assert doc.language == Language.EN


def test_a_document_without_letters_is_english_as_before():
    assert detect_prose_language("") == Language.EN
    assert detect_prose_language("2024-01-01 | 3 | 5") == Language.EN
