"""What the CLI says about counts, in the singular for one: "1 problem", "2 problems", never a bracketed plural.

The CLI writes English; the catalogue keeps the Chinese beside it as the pages' and the digest's do, and says it
through the same kb.wording.say, so amounts are grouped alike ("1,099 files") everywhere.
"""

from __future__ import annotations

from kb.wording import say

# key -> (English, Chinese); a ``KEY_one`` form for a count of one.
MESSAGES: dict[str, tuple[str, str]] = {
    "problems": ("{n} problems", "{n} 个问题"),
    "problems_one": ("1 problem", "1 个问题"),
    "subscribers": ("{n} subscribers", "{n} 位订阅者"),
    "subscribers_one": ("1 subscriber", "1 位订阅者"),
    "accounts": ("{n} accounts", "{n} 个账户"),
    "accounts_one": ("1 account", "1 个账户"),
    "tokens": ("{n} tokens", "{n} 个令牌"),
    "tokens_one": ("1 token", "1 个令牌"),
    "tokens_revoked": ("{n} tokens of '{name}' revoked", "已撤销“{name}”的 {n} 个令牌"),
    "tokens_revoked_one": ("1 token of '{name}' revoked", "已撤销“{name}”的 1 个令牌"),
    "api_tokens_revoked": ("{n} API tokens revoked", "已撤销 {n} 个 API 令牌"),
    "api_tokens_revoked_one": ("1 API token revoked", "已撤销 1 个 API 令牌"),
    "api_tokens_stop": ("{n} API tokens stop working", "{n} 个 API 令牌停止工作"),
    "api_tokens_stop_one": ("1 API token stops working", "1 个 API 令牌停止工作"),
    "sessions_ended": ("{n} web sessions ended", "已结束 {n} 个网页会话"),
    "sessions_ended_one": ("1 web session ended", "已结束 1 个网页会话"),
    "files_gone": ("{n} stored files no longer exist", "{n} 个已存文件不再存在"),
    "files_gone_one": ("1 stored file no longer exists", "1 个已存文件不再存在"),
    "vectors_repaired": ("{n} vectors that disagreed with the database", "{n} 个与数据库不一致的向量"),
    "vectors_repaired_one": ("1 vector that disagreed with the database", "1 个与数据库不一致的向量"),
    "unmatched_corrections": ("{n} lesson corrections match no lesson", "{n} 条经验更正找不到对应的经验"),
    "unmatched_corrections_one": ("1 lesson correction matches no lesson", "1 条经验更正找不到对应的经验"),
    "files": ("{n} files", "{n} 个文件"),
    "files_one": ("1 file", "1 个文件"),
    "documents": ("{n} documents", "{n} 篇文档"),
    "documents_one": ("1 document", "1 篇文档"),
    "chunks": ("{n} chunks", "{n} 个片段"),
    "chunks_one": ("1 chunk", "1 个片段"),
    # kb search's order: documents in the reader's language on point moved up past the other language's (s-reader2)
    "lifted": ("{n} on-point documents lifted past the other language's", "{n} 篇切题的文档提到另一种语言的文档之前"),
    "lifted_one": ("1 on-point document lifted past the other language's", "1 篇切题的文档提到另一种语言的文档之前"),
    "lessons": ("{n} lessons", "{n} 条经验教训"),
    "lessons_one": ("1 lesson", "1 条经验教训"),
    "judged_queries": ("{n} judged queries", "{n} 个有评判的查询"),
    "judged_queries_one": ("1 judged query", "1 个有评判的查询"),
    "hits": ("{n} hits", "{n} 条结果"),
    "hits_one": ("1 hit", "1 条结果"),
    "migrations": ("{n} migrations", "{n} 个迁移"),
    "migrations_one": ("1 migration", "1 个迁移"),
    "texts_embedded": ("{n} texts embedded", "嵌入了 {n} 段文本"),
    "texts_embedded_one": ("1 text embedded", "嵌入了 1 段文本"),
    "agenda_items": ("{n} items", "{n} 项"),
    "agenda_items_one": ("1 item", "1 项"),
    "digests_sent": ("{n} digests sent", "已发送 {n} 份周报"),
    "digests_sent_one": ("1 digest sent", "已发送 1 份周报"),
    "digests_composed": ("{n} digests composed", "已生成 {n} 份周报"),
    "digests_composed_one": ("1 digest composed", "已生成 1 份周报"),
}


def counted(key: str, n: int, **values: object) -> str:
    """A CLI message about ``n`` things, in the singular for one, the amount grouped by thousands ("1,099 problems")."""
    return say(MESSAGES, key, "en", n=n, **values)
