"""Chinese reading of e-gen20zh (issue 17): Traditional spellings read as the Simplified ones are, a document's
language judged on its prose lines, and a flat list's items that name its sections read as headings (BENCHMARKS.md,
"e-gen20zh"). Excerpts are short quotes of seen documents (benchmarks/extraction/SOURCES.md); each test names what must
stay as it was beside what changed."""

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


# held40 zh-tw-matlab-guessing-game-two-member-team-closing-report-docx (a MATLAB course team's 結案報告): one flat Word
# list whose section names are items like its points.
MATLAB = """# 結案報告

第33組 ＊A＊B猜數字遊戲

- 程式功能介紹
- 先由電腦出題
- 分工細項
- 遊戲進行方式規劃
- 遇到的困難和如何解決
- GUI介面因為比較晚教也比較困難所以花較多時間在摸索這功能上面，解決辦法為看別人寫的類似程式、YOUTUBE、MATLAB官網。
- 心得
- 這次做matlab期末專案的一開始，想說選一個題目相對簡單又有趣的。然而，真的開始做的時候，才發現其實matlab跟我以前所使用過的程式很不相同，寫起來也常常面臨一些挫折。
"""

# held27 zh-yinyuetai-clone-project-summary-docx (a web course's 项目总结, flat Word list): 收获 over what was learned,
# then a section name of no kind ("本页面的其他说明") that ends the problems section before it.
YINYUETAI = """# 项目总结

- 实现过程中遇到的问题与解决
- 在页面已经完成的一天后，我再次看这自己写的页面，发现页面在放大缩小时不能维持那个布局，只有自适应才可以。
- 本页面的其他说明
- 为了与音悦台首页接轨，我这里有一些图片或者文字是有接轨真正的网页的，所以点的时候关注一下。
- 收获
- 对Dom有所了解，在寻找节点方面开启了新大陆，挺喜欢jq的选择器的，比js好很多了。
"""

# held16 zh-saucxs-2021-okr-summary (a year's OKR summary): "挑战" over a list of short topics, not of points.
OKR = """# 2021年OKR总结

- 挑战
- 项目管理
- 规范化
- 持续学习
"""

# held18 zh-whutddk-nuedc-2015 (a contest's notes): 收获 with its points nested under it, read as before.
NESTED = """# 2015电赛

- 收获
  - 虽然打得惨烈，但守住了省二这个保研最低限，为大三的发展做好后盾。
  - 后续比赛开始重视团战
"""


def test_a_flat_lists_item_naming_a_lesson_section_heads_the_items_after_it():
    doc = md(MATLAB, "matlab/結案報告.md")
    assert [(lesson.kind.value, lesson.text[:12]) for lesson in doc.lessons] == [
        ("went_wrong", "GUI介面因為比較晚教也"), ("lesson", "這次做matlab期末專")]


def test_a_section_name_of_no_kind_in_such_a_list_ends_the_section_before_it():
    doc = md(YINYUETAI, "项目总结.md")
    assert [(lesson.kind.value, lesson.text[:10]) for lesson in doc.lessons] == [
        ("went_wrong", "在页面已经完成的一天"), ("lesson", "对Dom有所了解，在")]


def test_a_heading_word_over_short_topics_stays_an_item():
    assert md(OKR, "2021-okr-summary.md").lessons == []


def test_a_label_over_nested_points_is_read_as_before():
    doc = md(NESTED, "nuedc.md")
    assert [lesson.text[:8] for lesson in doc.lessons] == ["虽然打得惨烈，但", "后续比赛开始重视"]


def test_an_english_flat_list_is_left_to_the_english_rules():
    doc = md("# Sprint 3 notes\n\n- Problems\n- The release build was never tested before we tagged it, so it broke.\n",
             "notes.md")
    assert [section.heading for section in doc.sections] == ["Sprint 3 notes"]
