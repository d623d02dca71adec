"""A snippet cut from a longer text begins and ends where a reader can start and stop: at a sentence (or clause)
break nearby, else between two words, never inside a word or a number ("…ner training" from "partner", "…0-tag"
from "40-tag", "…调窗口" from "联调窗口" were shown)."""

from __future__ import annotations

import re

from search.snippets import make_snippet

# Real texts that gave such snippets on the shipped corpus (searches "vendor delivered late", 供应商延期交付, 关键人员离职)
L532 = ("Starting with the recurring problems instead of the documents paid off: the 40-tag bilingual vocabulary "
        "(for example 供应商交付延期 / vendor delivery delay) let us link a Chinese WMS retrospective to an English MES "
        "retrospective that describe the same kind of late shop-floor hardware delivery.")
L540 = ("PRINCE2 Practitioner training was planned for the managers of vendor-delivered projects, but the course in "
        "January was cancelled by the provider for too few participants; of the 6 nominated people, 3 could not be "
        "released because of year-end closing, and the budget is now at risk of being lost in the new fiscal year.")
ERP = ("外部接口延期 | 合同没有约定联调窗口和响应时间 | 外部接口在合同中写明联调窗口、响应时限和违约条款 | 周建国 | 已完成 "
       "审批流反复修改 | 授权额度表没有在蓝图阶段冻结 | 蓝图评审把授权矩阵列为必须签字的交付物 | 林晓燕 | 进行中 "
       "供应商上线首周大量来电 | 培训只覆盖了愿意参加直播的供应商 | 按交易额分层培训，前 200 家供应商做一对一辅导 | 采购部 王芳 | 进行中")
LEAVER = ("共享资源严重冲突：DBA 组蒋涛团队 3 人同时支持慕尼黑子公司 ERP 推广的前期准备、新版 OMS 项目和本项目，本项目原计划"
          "占用 50%，实际只有约 20%；Oracle 源库的抽数权限、增量日志配置平均等待 6 个工作日。内部两名数据工程师还被新版 OMS "
          "项目借调了 4 周。数启科技负责销售域 ETL 的工程师贺鹏于 2 月 6 日离职，交接只用了两天，他写的 47 个调度任务没有注释、"
          "没有设计文档，部分逻辑依赖他个人开发机上的 Python 脚本。接手的工程师花了近三周才把链路理清，期间两张报表停更。")


def _ends(text: str, query: str) -> tuple[str, str, list[str]]:
    snippet, spans = make_snippet(text, query)
    marked = [snippet[s:e] for s, e in spans]
    return snippet.removeprefix("…"), snippet.removesuffix("…"), marked


def _whole_words(text: str, start: str, end: str) -> bool:
    first = re.match(r"[A-Za-z0-9]+", start)
    last = re.search(r"[A-Za-z0-9]+$", end)
    words = set(re.findall(r"[A-Za-z0-9]+", text))
    return (first is None or first.group() in words) and (last is None or last.group() in words)


def test_an_english_snippet_starts_and_ends_on_whole_words():
    for text, query in ((L540, "vendor delivered late"), (L532, "vendor delivery 40-tag"), (L532, "供应商交付延期")):
        start, end, marked = _ends(text, query)
        assert _whole_words(text, start, end), (query, start[:30], end[-30:])
        assert marked, query


def _after_a_break(text: str, start: str) -> bool:
    at = text.index(start[:12])
    return at == 0 or text[:at].rstrip()[-1] in "。！？；，、：|"


def test_a_chinese_snippet_starts_after_a_sentence_or_clause_break():
    start, _, marked = _ends(LEAVER, "离职 交接")
    assert _after_a_break(LEAVER, start), start[:20]  # not "0%；Oracle …", inside "约 20%"
    assert "离职" in marked and "交接" in marked


def test_a_chinese_table_snippet_starts_at_a_cell():
    start, _, marked = _ends(ERP, "供应商 交付")
    assert _after_a_break(ERP, start), start[:20]  # not "调窗口…", the middle of 联调窗口
    assert "供应商" in marked


def test_a_short_text_is_whole_and_a_match_is_never_cut_away():
    assert make_snippet("The vendor was late.", "vendor")[0] == "The vendor was late."
    for text, query in ((L540, "fiscal"), (L532, "hardware"), (LEAVER, "停更"), (ERP, "王芳"), (LEAVER, "共享资源")):
        snippet, spans = make_snippet(text, query)
        assert spans and len(snippet) <= 180 + 2 * 30, (query, len(snippet))


def test_a_snippet_without_matches_ends_on_a_whole_word():
    snippet, spans = make_snippet(L532, "semantic only")  # found by meaning: nothing to mark, the opening shown
    assert not spans and snippet.endswith("…") and _whole_words(L532, snippet, snippet[:-1])


# A table's window as stored: one row a line, cells joined by " | " (search 供应商延期交付, the ERP phase 3 retrospective)
ERP_ROWS = ("ERP系统升级三期（采购与供应商协同）项目复盘 · 四、问题与整改\n问题 | 原因分析 | 改进措施 | 责任人 | 状态\n"
            "电子签章接口联调延期四周 | 第三方合同未约定联调窗口和响应时间 | 外部接口在合同中写明联调窗口、响应时限和违约条款 | 周建国 | 已完成\n"
            "审批流反复修改 | 授权额度表没有在蓝图阶段冻结 | 蓝图评审把授权矩阵列为必须签字的交付物 | 林晓燕 | 进行中\n"
            "供应商上线首周大量来电 | 培训只覆盖了愿意参加直播的供应商 | 按交易额分层培训，前 200 家供应商做一对一辅导 | 采购部 王芳 | 进行中")


def test_table_rows_do_not_run_together():
    # "… | 周建国 | 已完成 审批流反复修改 | …": the row ended and the next began with nothing between them
    snippet, spans = make_snippet(ERP_ROWS, "审批流 供应商")
    assert "已完成 • 审批流反复修改" in snippet and "进行中 • 供应商上线首周" in snippet
    assert [snippet[s:e] for s, e in spans if snippet[s:e] == "审批流"] == ["审批流"]


def test_a_snippet_starts_and_ends_at_a_row_not_at_its_mark():
    rows = "\n".join(f"R{i:02d} | 供应商接口延期第{i}次 | 补充协议约定延期扣款 | 周建国 | 开放" for i in range(12))
    snippet, _ = make_snippet(rows, "R06")
    body = snippet.strip("…")
    assert not body.startswith("•") and not body.endswith("•") and body == body.strip()


# A section of a real student report (Testland/项目总结报告.docx, u-search): a list whose items the snippet joins
TESTLAND = ("采用REST架构，前端React工程和后端Springboot工程采用REST api相互通信，后端与测评机之间通过消息队列相互通信。"
            "设计中采用了单例、模板和工厂等设计模式。\n- 技术方案亮点\n"
            "  - WebSocket：在评测完成后，后端通过WebSocket向前端发送信息，实时向用户提供代码评估和反馈，无需他们手动刷新页面。\n"
            "  - YARA：在评测用户代码前，参考开源的常见恶意代码规则组，使用YARA对其进行扫描，防止恶意代码的运行对服务器造成破坏。\n"
            "  - Docker：通过使用docker cotainer进行评测，我们有效地将每次评测任务独立地与服务器主机分隔，增加了安全性和并行性。")


def test_a_snippet_cut_before_a_list_item_starts_at_its_text_not_at_its_dash():
    snippet, spans = make_snippet(TESTLAND, "代码")
    assert snippet.startswith("…WebSocket：")  # was "…- 技术方案亮点", then "…技术方案亮点 - WebSocket："
    assert "刷新页面。YARA：在评测用户代码前" in snippet and " - " not in snippet  # the items read on as sentences
    assert [snippet[s:e] for s, e in spans] == ["代码"] * 4


def test_a_text_that_opens_with_a_list_item_shows_no_dash_and_no_ellipsis():
    text = "- 硬件到货率 100% 且完成配置。\n- 生产环境压测报告（含打印和网络）。\n- 全库区 WiFi 勘测报告。"
    snippet, spans = make_snippet(text, "硬件", width=30)
    assert snippet.startswith("硬件到货率 100% 且完成配置。生产环境压测报告") and [snippet[s:e] for s, e in spans] == ["硬件"]
