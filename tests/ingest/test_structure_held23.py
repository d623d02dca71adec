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
