"""A document's language read from its prose (e-lang, issue 17): code, commands and logs that a Chinese writer pastes
into a Word report or a pitfall note as plain paragraphs weigh nothing, so they no longer make the document `mixed`;
English sentences still weigh as English. Excerpts are short quotes of seen documents (benchmarks/extraction/SOURCES.md;
BENCHMARKS.md, "e-lang")."""

from __future__ import annotations

import pytest

from kb.models import Language
from kb.text import _reads_as_words, detect_prose_language
from tests.ingest.markdown_docs import md

# held43 zh-tw-camping-site-firebase-facebook-login-pitfall-docx (yuyuanlin-Nydia/go-camping): a Traditional Chinese
# pitfall note quoting Firebase's error; the error line outweighed the note.
CAMPING = """踩坑
採了個大坑=>花費時間:半天
狀況:串接FB API登入時，出現錯誤訊息:
Error getting access token from facebook.com, OAuth2 redirect uri is:   response: OAuth2TokenResponse{params: \
error=OAuthException&error_description=Error%20validating%20client%20secret., httpMetadata: HttpMetadata{status=400, \
cachePolicy=NO_CACHE, cacheDurationJava=null, cacheImmutable=false, staleWhileRevalidate=null, filename=null}
auth/invalid-credential
嘗試很多方法，包含嘗試  圖形API去設定、創建不同帳號等等
"""

# held39 zh-audit-data-migration-oracle-study-summary-pitfalls-docx (Gang409/audit-data-migration): SQL typed as
# Word paragraphs between the explanations.
AUDIT = """5.3 异常数据隔离（可追溯性）
为什么？被清洗掉的数据不能凭空消失，必须记录到异常表并附带原因。
INSERT INTO aud_rejected (source_system, voucher_id, reject_reason)
SELECT 'UF', voucher_id, '凭证号为空'
FROM src_voucher_uf WHERE voucher_id IS NULL;
INSERT INTO aud_rejected (source_system, voucher_id, reject_reason)
SELECT 'UF', voucher_id, '日期解析失败'
FROM src_voucher_uf WHERE voucher_date_std IS NULL
AND voucher_id IS NOT NULL;
"""

# held10 zh-speedcloud-project-report-docx (hewidow/SpeedCloud-Android): Kotlin pasted into a course report.
SPEEDCLOUD = """初始化的变量
private lateinit var iFragment: Array<Fragment?> // Fragment实例
private lateinit var cFragment: Array<() -> Fragment> //newInstance的函数引用
iFragment = Array(FragmentType.values().size) { null } // 初始化为null
cFragment = arrayOf(
LoginFragment::newInstance,
RegisterFragment::newInstance,
ForgetFragment::newInstance
)
最后只需在切换文本上添加监听调用setFragment跳转
"""


@pytest.mark.parametrize("text", [CAMPING, AUDIT, SPEEDCLOUD], ids=["error-log", "sql", "kotlin"])
def test_code_and_logs_pasted_as_paragraphs_do_not_make_a_chinese_document_mixed(text):
    assert detect_prose_language(text) == Language.ZH


def test_a_chinese_report_with_code_pasted_as_paragraphs_is_chinese():
    paragraphs = "\n\n".join(SPEEDCLOUD.splitlines())  # each line a paragraph, as in the Word report
    assert md(f"# 项目总结\n\n{paragraphs}\n", "report.md").language == Language.ZH


@pytest.mark.parametrize("line", [
    "When must a signal be inserted into the sensitivity list of a process",  # held40, beside Chinese notes
    "Start-Stop-Continue",
    "docker",
    "(We kept the old API.)",
])
def test_english_words_weigh_as_english(line):
    assert _reads_as_words(line)


@pytest.mark.parametrize("line", [
    "SELECT COUNT(*) FROM src_voucher_uf WHERE voucher_id IS NULL;",
    "public boolean onOptionsItemSelected(MenuItem item) {",
    "mTransaction.add(R.id.frameLayout, iFragment[type.ordinal]!!)",
    "[Synth 8-327] inferring latch for variable 'height_reg' [\"C:/Users/jojo/Desktop/Elevator/StatusTransition.v\":4]",
    "ssh-keygen -t rsa -C'your@email.com'",  # held25, a command in a self-review
])
def test_code_commands_and_logs_weigh_nothing(line):
    assert not _reads_as_words(line)


def test_english_sentences_beside_chinese_ones_still_make_a_document_mixed():
    text = ("项目按时上线，团队协作顺畅。\n"
            "The release shipped on time and the team worked well together.\n"
            "We should have booked the load test a week earlier.\n")
    assert detect_prose_language(text) == Language.MIXED


def test_an_english_document_with_code_lines_stays_english():
    text = "We moved the job to the new queue.\nqueue.submit(job);\nconfig = load()\n"
    assert detect_prose_language(text) == Language.EN
    assert detect_prose_language("queue.submit(job);\n") == Language.EN  # nothing left to weigh
