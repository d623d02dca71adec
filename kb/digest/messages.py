"""Digest wording in English and Chinese (the reader's language)."""

from __future__ import annotations

from kb.models import LESSON_KIND_LABELS
from kb.wording import say

# key -> (English, Chinese)
MESSAGES: dict[str, tuple[str, str]] = {
    # what is new before when: a phone's list shows the subject's first ~35 characters (~18 Chinese ones)
    "subject": ("Lessons KB digest: {summary} ({period})", "经验教训知识库周报：{summary}（{period}）"),
    "subject_daily": ("Lessons KB daily digest: {summary} ({period})", "经验教训知识库日报：{summary}（{period}）"),
    "title_weekly": ("Lessons KB weekly digest", "经验教训知识库周报"),
    "title_daily": ("Lessons KB daily digest", "经验教训知识库日报"),
    "summary_lessons": ("{n} new lessons", "{n} 条新经验"),
    "summary_lessons_one": ("1 new lesson", "1 条新经验"),
    # new and updated documents said apart: "8 documents" counted both under "49 new lessons", read as 8 new ones
    "summary_documents": ("{n} new documents", "{n} 篇新文档"),
    "summary_documents_one": ("1 new document", "1 篇新文档"),
    "summary_updated": ("{n} updated", "{n} 篇文档有更新"),
    "greeting": ("Hello {name},", "{name}，您好："),
    "new_subscriber_name": ("Reader", "读者"),  # "Hello Reader," in a new subscriber's digest, as the previews show it
    "intro": ("Here is what the PMO's knowledge base learned between {start} and {end}.",
              "以下是{start}至{end}期间知识库新增的内容。"),
    "intro_day": ("Here is what the PMO's knowledge base learned on {day}.", "以下是{day}知识库新增的内容。"),
    # the digest at a glance, below the intro: "49 new lessons, 8 documents, from 3 projects: WMS, Portal, Payroll."
    "glance": ("{summary}, from {projects}: {names}.", "共 {summary}，来自 {projects}：{names}。"),
    "glance_no_project": ("{summary}.", "共 {summary}。"),
    "projects_n": ("{n} projects", "{n} 个项目"),
    "projects_n_one": ("1 project", "1 个项目"),
    "names_more": ("{names} and {n} more", "{names} 等"),
    "interests": ("Your interests: {interests}", "您关注的内容：{interests}"),
    "everything": ("everything", "全部"),
    "recurring": ("This week's recurring problems", "本周重复出现的问题"),
    "recurring_daily": ("Recurring problems", "重复出现的问题"),  # a daily digest's: not "this week's"
    "recurring_help": ("New lessons about problems that earlier projects already met. Read what they learned.",
                       "这些新经验涉及的问题，以前的项目已经遇到过。看看他们当时的经验。"),
    "seen_before": ("Seen before in:", "以前出现在："),
    "colon": (": ", "："),
    # punctuation around and between the plain-text digest's values: full-width in Chinese text, which puts no space
    # beside it ("after_parens" follows a word, "bracketed" precedes one)
    "bracketed": ("[{text}] ", "【{text}】"),
    "in_parens": ("({text})", "（{text}）"),
    "after_parens": (" ({text})", "（{text}）"),
    "comma": (", ", "，"),
    "list_comma": (", ", "、"),  # between the items of a list (names, interests)
    "new_lessons": ("New lessons", "新经验"),
    "new_documents": ("New documents", "新文档"),
    "updated_documents": ("Updated documents", "更新的文档"),
    "sessions": ("Upcoming share sessions", "即将举行的经验分享会"),
    "agenda_empty": ("Agenda to be announced.", "议程待定。"),
    # a share session's day and time, with its weekday: "Tue Dec 1, 14:00", "12月1日（星期二）14:00"
    "session_when": ("{weekday} {day}, {time}", "{day}（{weekday}）{time}"),
    "session_day": ("{weekday} {day}", "{day}（{weekday}）"),
    "weekdays": ("Mon Tue Wed Thu Fri Sat Sun", "星期一 星期二 星期三 星期四 星期五 星期六 星期日"),
    "presenter": ("Presenter: {name}", "分享人：{name}"),
    "minutes_long": ("{n} min", "{n} 分钟"),
    "hidden_by_curator": ("(hidden by a curator)", "（已被知识管理员隐藏）"),
    "failed_searches": ("Searches that found nothing (for curators)", "没有结果的搜索（供管理员参考）"),
    "untagged": ("New documents without tags (for curators)", "没有标签的新文档（供管理员参考）"),
    "times": ("{n}×", "{n} 次"),
    # a pasted text that found nothing, as the search log keeps it (its opening, kb.text.logged_query): no link, which
    # would search the opening as if typed
    "pasted_search": ("a pasted text of {n} characters: “{text}”", "一段 {n} 个字符的粘贴文本：“{text}”"),
    # one the log cut at 500 characters before it kept a text's length (kb.store.curation.OLD_LOG_CUT)
    "pasted_search_cut": ("a pasted text of {n} characters or more: “{text}”", "一段至少 {n} 个字符的粘贴文本：“{text}”"),
    "more": ("and {n} more in Lessons KB", "以及另外 {n} 条，请在知识库中查看"),  # lessons
    # recurring problems past the first few: no page lists them, so no link (they are among the new lessons)
    "more_recurring": ("{n} more of the new lessons recur too", "另有 {n} 条新经验也是重复出现的问题"),
    "more_documents": ("and {n} more in Lessons KB", "以及另外 {n} 篇，请在知识库中查看"),  # documents: 篇, not 条
    "nothing_new": ("Nothing new matched your interests this time.", "本期没有与您关注内容相关的新内容。"),
    "footer": ("You receive this because you subscribed to the Lessons KB digest.",
               "您收到此邮件是因为订阅了经验教训知识库周报。"),
    "footer_daily": ("You receive this because you subscribed to the Lessons KB daily digest.",
                     "您收到此邮件是因为订阅了经验教训知识库日报。"),
    "manage": ("Change your subscription", "修改订阅"),
    "unsubscribe": ("Unsubscribe", "退订"),
}


MESSAGES.update({f"kind_{kind.value}": labels for kind, labels in LESSON_KIND_LABELS.items()})


def message(key: str, language: str, **values: object) -> str:
    """A digest message in the reader's language, placeholders filled, in the singular for a count of one."""
    return say(MESSAGES, key, language, **values)
