"""The UI in Chinese and English: a switch remembered in a cookie, default from Accept-Language."""

from __future__ import annotations

import re

from flask import Request
from markupsafe import Markup

from kb.models import DOC_TYPE_LABELS, LESSON_KIND_LABELS
from kb.wording import say
from web.error_text import ERRORS, error_text

LANGUAGES = ("zh", "en")
COOKIE = "kb_lang"

# key -> (English, Chinese)
MESSAGES: dict[str, tuple[str, str]] = {
    "app_name": ("Lessons KB", "经验教训知识库"),
    "tagline": ("What other projects already learned", "看看其他项目已经学到了什么"),
    "nav_search": ("Search", "搜索"),
    "nav_browse": ("Browse", "浏览"),
    "nav_tags": ("Tags", "标签"),
    "nav_sessions": ("Share sessions", "经验分享会"),
    "nav_login": ("Log in", "登录"),
    "nav_logout": ("Log out", "退出"),
    "language": ("Language", "语言"),
    "search_placeholder": ("Describe a problem, e.g. vendor delivered late / 供应商交付延期",
                           "描述你遇到的问题，例如：供应商交付延期 / test environment not ready"),
    "search_placeholder_short": ("Describe a problem", "描述你遇到的问题"),  # a phone's width (app.js)
    "search_button": ("Search", "搜索"),
    "mode": ("Mode", "模式"),
    "mode_hybrid": ("Hybrid", "混合"),
    "mode_keyword": ("Keyword", "关键词"),
    "mode_semantic": ("Semantic", "语义"),
    "results_count": ("{total} documents", "共 {total} 篇文档"),
    "took": ("{ms} ms", "{ms} 毫秒"),
    "no_results": ("No results for “{q}”.", "没有找到与“{q}”相关的结果。"),
    "query_cut": ("Only the query's first {limit} characters were searched.", "查询内容过长，只搜索了前 {limit} 个字符。"),
    "no_words": ("Punctuation and symbols alone are not searched for: type a word or two about the problem.",
                 "只有标点或符号无法搜索：请输入描述问题的词语。"),
    "past_last_page": ("Page {page} is past the last page of results ({pages}).", "第 {page} 页超出了结果的最后一页（第 {pages} 页）。"),
    "last_page": ("Go to page {pages}", "转到第 {pages} 页"),
    "no_results_help": (("Try other words or the other language (Chinese and English both work), switch to "
                         "Semantic mode, or remove some filters."),
                        "试试换个说法或用英文搜索（中英文都支持），切换到“语义”模式，或减少筛选条件。"),
    "start_help": (("Search lessons from every project's retrospectives, post-mortems and reports, in Chinese or "
                    "English."), "搜索所有项目的复盘、事后分析和报告中的经验教训，中英文皆可。"),
    "examples": ("Examples", "示例"),
    # the start page's tips, for a first search: the modes, and that quotes and operators are words here
    "search_tips": ("How to search", "搜索说明"),
    "tip_words": (("Describe the problem in your own words, in Chinese or English: a few words or a whole "
                   "paragraph. Lessons written in the other language are found too."),
                  "用自己的话描述问题，中文或英文都可以：几个词或一整段话都行。用另一种语言写的经验也能找到。"),
    "tip_modes": (("Hybrid, the default, combines the other two: Keyword finds the words you typed, Semantic finds "
                   "lessons that say the same in other words."),
                  "“混合”（默认）结合另外两种方式：“关键词”查找你输入的词语，“语义”查找意思相同、说法不同的经验。"),
    "tip_operators": (("Quotation marks, OR and a minus sign are read as words, not as search operators: narrow "
                       "the results with the filters beside them."),
                      "引号、OR 和减号都按普通文字处理，不是搜索运算符：请用结果旁的筛选条件缩小范围。"),
    "tip_matches": (("Each result says how it matched (meaning, keywords, translation…); a lesson's page lists "
                     "similar lessons from other projects."),
                    "每条结果都标明匹配方式（语义、关键词、翻译等）；经验页面列出其他项目的类似经验。"),
    "colon": (": ", "："),
    "list_comma": (", ", "、"),
    "comma": (", ", "，"),  # between two clauses ("3 documents, 4 lessons")
    "after_parens": (" ({text})", "（{text}）"),  # an aside after a word: no space before a full-width bracket  # between the items of a list of names (presenters, authors, synonyms)
    "logged_out": ("You are logged out.", "已退出登录。"),
    "parens": ("({text})", "（{text}）"),  # an aside: full-width brackets in Chinese  # after a label: a full-width colon in Chinese, with no space after it
    "facet_project": ("Project", "项目"),
    "facet_tag": ("Tag", "标签"),
    "facet_type": ("Type", "类型"),
    "facet_kind": ("Lesson kind", "经验类别"),
    "facet_year": ("Year", "年份"),
    # On the search page the lesson-kind filter counts lessons and the others documents: each heading says which.
    "facet_counts_docs": ("(documents)", "（文档数）"),
    "facet_counts_lessons": ("(lessons)", "（经验条数）"),
    "facet_language": ("Language", "语言"),
    "clear_filters": ("Clear filters", "清除筛选"),
    "filters": ("Filters", "筛选"),
    "export": ("Export", "导出"),
    "export_lessons": ("Export these documents' lessons", "导出这些文档的经验"),
    "close_filters": ("Close", "收起"),
    "more_in_document": ("{n} more in this document", "本文档还有 {n} 条"),
    "also_in": ("Also in", "另见"),
    "matched_by": ("matched by", "匹配方式"),
    "leg_keyword": ("keywords", "关键词"),
    "leg_semantic": ("meaning", "语义"),
    "leg_translated": ("translation", "翻译"),
    "leg_feedback": ("related terms", "相关词"),
    "leg_cross_feedback": ("related terms, other language", "另一语言的相关词"),
    "leg_document_translation": ("translated document", "文档译文"),  # search/translated_index.LEG
    "pagination": ("Pages", "分页"),
    "previous": ("Previous", "上一页"),
    "next": ("Next", "下一页"),
    "page_of": ("Page {page} of {pages}", "第 {page} / {pages} 页"),
    "project": ("Project", "项目"),
    "department": ("Department", "部门"),
    "date": ("Date", "日期"),
    "authors": ("Authors", "作者"),
    "type": ("Type", "类型"),
    "source": ("Source", "来源"),
    "key": ("Key", "编号"),
    "title": ("Title", "标题"),
    "tags": ("Tags", "标签"),
    "no_tags": ("No tags yet.", "暂无标签。"),
    "document_tags": ("Its document's tags", "所属文档的标签"),  # a lesson carries them too (filters match them)
    "lessons": ("Lessons", "经验教训"),
    "lesson": ("Lesson", "经验"),
    "document": ("Document", "文档"),
    "content": ("Content", "正文"),
    "section": ("Section", "章节"),
    "similar_issues": ("Similar past issues in other projects", "其他项目中的类似问题"),
    "similar_lessons": ("Similar lessons elsewhere", "其他地方的类似经验"),
    "no_similar": ("Nothing similar found in other projects.", "其他项目中没有找到类似内容。"),
    "driving_event": ("Driving event", "问题描述"),  # the words of the record form and the exports
    "recommendation": ("Recommendation", "改进建议"),
    "review_status": ("Review", "审核"),
    "review_unreviewed": ("Unreviewed", "未审核"),
    "review_approved": ("Approved", "已认可"),
    "review_hidden": ("Hidden", "已隐藏"),
    "approve": ("Approve", "认可"),
    "hide": ("Hide", "隐藏"),
    "unreview": ("Reset", "重置"),
    "add_tag": ("Add tag", "添加标签"),
    "remove": ("Remove", "移除"),
    "tag_name": ("Tag", "标签"),
    "suggested_tags": ("Suggested (from similar documents)", "推荐标签（来自相似文档）"),
    "rename": ("Rename", "重命名"),
    "merge": ("Merge", "合并"),
    "merge_into": ("into", "合并到"),
    "rename_to": ("to", "改为"),
    "manage_tags": ("Manage tags", "管理标签"),
    "filter_tags": ("Filter tags", "筛选标签"),
    "filter_button": ("Filter", "筛选"),
    "tags_shown": ("{shown} of {total}", "共 {total} 个，显示 {shown} 个"),
    "no_tags_match": ("No tag holds “{q}”.", "没有包含“{q}”的标签。"),
    "show_all_tags": ("Show all tags", "显示全部标签"),
    "same_as": ("same as", "同义"),
    "synonyms": ("Synonyms", "同义词"),
    "synonyms_help": (("Names in one group are one tag to filters and search: browsing 数据迁移 also lists what is "
                       "tagged “data migration”, and a search for one also finds the other."),
                      "同一组中的名称在筛选和搜索中视为同一个标签：浏览“数据迁移”时也会列出标注为“data migration”的内容，搜索其中一个也能找到另一个。"),
    "synonym_names": ("Names (separated by = or commas)", "名称（用 = 或逗号分隔）"),
    "add_synonyms": ("Make synonyms", "设为同义词"),
    "no_synonyms": ("No synonyms yet.", "还没有同义词。"),
    "remove_synonym": ("Remove {name} from its group", "将 {name} 移出同义词组"),
    "synonyms_saved": ("Synonyms: {names}", "同义词：{names}"),
    "synonym_removed": ("“{name}” has no synonyms any more.", "“{name}”已不再有同义词。"),
    "tag_renamed": ("Renamed “{old}” to “{new}”. The tag history below can undo it.",
                    "已将“{old}”重命名为“{new}”。可在下方的标签变更记录中撤销。"),
    "tag_merged": ("Merged “{old}” into “{new}”. The tag history below can undo it.",
                   "已将“{old}”合并到“{new}”。可在下方的标签变更记录中撤销。"),
    "tag_change_undone": ("Undone: “{tag}” and “{other}” are as they were before.", "已撤销：“{tag}”和“{other}”已恢复原样。"),
    "rename_will_merge": ("“{new}” is already a tag: renaming onto it merges the two (you will be asked first).",
                          "“{new}”已经是一个标签：重命名为它会合并这两个标签（合并前会再次确认）。"),
    "merge_confirm_title": ("Merge into an existing tag?", "合并到已有标签？"),
    # {into_counts} and {counts}: "1 document, 0 lessons" (n_documents, comma, n_lessons)
    "merge_confirm_text": (("“{new}” is already a tag ({into_counts}). Renaming “{old}” ({counts}) to it merges the two: "
                            "everything tagged “{old}” will be tagged “{new}”, and “{old}” will be gone. The tag "
                            "history can undo this."),
                           ("“{new}”已经是一个标签（{into_counts}）。将“{old}”（{counts}）重命名为它会合并这两个标签："
                            "所有标注为“{old}”的内容将改为“{new}”，“{old}”将不再存在。可在标签变更记录中撤销。")),
    "merge_confirm_button": ("Merge “{old}” into “{new}”", "将“{old}”合并到“{new}”"),
    "cancel": ("Cancel", "取消"),
    "undo": ("Undo", "撤销"),
    "undo_tag_change": ("Undo this change to “{tag}”", "撤销对“{tag}”的这次变更"),
    "undone": ("Undone", "已撤销"),
    "documents": ("Documents", "文档"),
    "sort": ("Sort", "排序"),
    "sort_date": ("Newest", "最新"),
    "sort_title": ("Title", "标题"),
    "sort_project": ("Project", "项目"),
    "sort_ingested": ("Recently added", "最近添加"),  # where a digest's "and N more" leads (sort=ingested)
    "all": ("All", "全部"),
    "apply": ("Apply", "应用"),
    "login_title": ("Log in", "登录"),
    "username": ("User name", "用户名"),
    "password": ("Password", "密码"),
    "login_failed": ("Wrong user name or password.", "用户名或密码错误。"),
    "login_throttled": ("Too many failed attempts. Try again in {minutes} minutes.",
                        "失败次数过多，请 {minutes} 分钟后再试。"),
    "logged_in_as": ("Logged in as {name} ({role})", "当前用户：{name}（{role}）"),
    "role_reader": ("reader", "读者"),
    "login_help_anonymous": (("Searching and reading need no account. Accounts, to hand in lessons or curate them, "
                              "are made by an administrator."),
                             "搜索和阅读无需登录。用于提交或整理经验的账户由系统管理员开设。"),
    "login_help": ("Accounts are made by an administrator.", "账户由系统管理员开设。"),
    # under "This needs the contributor role": whose account it is, and who can change that (it was a dead end)
    "role_refused_help": ("Your account's role is {role}; an administrator can change it.",
                          "你的账户角色是{role}，如需更改，请联系系统管理员。"),
    "role_curator": ("curator", "知识管理员"),
    "role_admin": ("admin", "系统管理员"),
    "sessions": ("Share sessions", "经验分享会"),
    "upcoming": ("Upcoming", "即将举行"),
    "past": ("Past", "已举行"),
    "new_session": ("New share session", "新建分享会"),
    "session_details": ("Details of the session", "分享会信息"),
    "create": ("Create", "创建"),
    "save": ("Save", "保存"),
    "delete": ("Delete", "删除"),
    "theme": ("Theme", "主题"),
    "when": ("Date and time", "日期时间"),
    "date_hint": ("e.g. 2025-03-01 (year-month-day)", "例如 2025-03-01（年-月-日）"),
    "datetime_hint": ("e.g. 2026-12-15 14:30 (24-hour clock)", "例如 2026-12-15 14:30（24 小时制）"),
    "location": ("Location", "地点"),
    "presenters": ("Presenters (comma-separated)", "分享人（用逗号分隔）"),
    "presenters_label": ("Presenters", "分享人"),
    "audience": ("Audience", "参会对象"),
    "description": ("Description", "说明"),
    "status": ("Status", "状态"),
    "status_draft": ("Draft", "草稿"),
    "status_scheduled": ("Scheduled", "已排期"),
    "status_held": ("Held", "已举行"),
    "mark_scheduled": ("Schedule", "排期"),
    "mark_held": ("Mark as held", "标记为已举行"),
    "back_to_draft": ("Back to draft", "退回草稿"),
    "agenda": ("Agenda", "议程"),
    "empty_agenda": (("No lessons on the agenda yet: add them from search results, documents or lessons, or from "
                      "the suggestions below."), "议程还是空的：可以从搜索结果、文档或经验页面添加，或使用下方推荐。"),
    "empty_agenda_export": ("No lessons on the agenda yet.", "议程中还没有经验。"),  # the print view and Markdown
    "note": ("Note", "备注"),
    "minutes": ("Minutes", "会议纪要"),
    "item_presenter": ("Presenter", "分享人"),
    "item_starts": ("Starts at", "开始时间"),
    "item_length": ("Length (minutes)", "时长（分钟）"),
    "minutes_unit": ("min", "分钟"),
    "slot_length": ("{n} min", "{n} 分钟"),
    "total_duration": ("Total {n} min", "总时长 {n} 分钟"),
    "untimed_items": ("{n} without a length", "{n} 项未填时长"),
    "export_ics": ("Calendar invitation (.ics)", "日历邀请（.ics）"),
    "drag_to_reorder": ("Drag to reorder", "拖动调整顺序"),
    "edit_item": ("Presenter, time, note and minutes", "分享人、时间、备注和纪要"),
    "has_notes": ("has notes", "已有备注"),
    "move_up": ("Up", "上移"),
    "move_down": ("Down", "下移"),
    "add_to_session": ("Add to session", "加入分享会"),
    "needs_date": ("Give the session a date and time below before scheduling it or marking it as held.",
                   "请先在下方填写日期和时间，然后才能安排分享会或标记为已举行。"),
    "added_to_session": ("Added to “{title}”.", "已加入“{title}”。"),
    "suggest_for_theme": ("Suggested lessons for this theme", "根据主题推荐的经验"),
    "suggest_help": ("Lessons not presented in earlier sessions, found by meaning from the theme.",
                     "根据主题语义检索，不包含往期分享会已讲过的经验。"),
    "no_theme": ("Found from the title: give the session a theme below to steer them.",
                 "以下推荐来自标题：在下方填写主题可让推荐更准确。"),
    "export_markdown": ("Agenda as Markdown", "导出 Markdown 议程"),
    "print_view": ("Print view", "打印视图"),
    "back_to_session": ("Back to the session", "返回分享会"),  # the print view, on screen only
    "print_hint": ("Print it with the browser's Print (Ctrl+P).", "用浏览器的“打印”（Ctrl+P）打印本页。"),
    "n_items": ("{n} items", "{n} 项"),
    "n_items_one": ("1 item", "1 项"),
    "no_sessions": ("No sessions yet.", "暂无分享会。"),
    "lesson_removed": ("(the lesson has since been removed from its document)", "（该经验已从原文档中删除）"),
    "saved": ("Saved.", "已保存。"),
    "error": ("Error", "错误"),
    "not_found": ("Not found", "未找到"),
    "forbidden": ("Not allowed", "无权访问"),  # a heading, as "Not found" is
    "url_too_long": ("The address is longer than {kb} KB: shorten the query.", "网址超过 {kb} KB，请缩短查询内容。"),
    "back_home": ("Back to search", "返回搜索"),
    "tag_history": ("Recent tag changes", "最近的标签变更"),
    "history_when": ("When", "时间"),
    "history_who": ("Who", "操作人"),
    "history_action": ("Change", "操作"),
    "history_on": ("On / into", "对象 / 合并到"),
    "tag_action_add": ("Added", "添加"),
    "tag_action_remove": ("Removed", "移除"),
    "tag_action_rename": ("Renamed", "重命名"),
    "tag_action_merge": ("Merged", "合并"),
    "tag_action_undo": ("Undid a change", "撤销变更"),
    "tag_action_synonym": ("Synonyms set", "设为同义词"),
    "tag_action_unsynonym": ("Synonym removed", "移除同义词"),
    "delivery_sent": ("Sent", "已发送"),
    "delivery_skipped": ("Nothing new", "无新内容"),
    "delivery_sending": ("Sending", "发送中"),
    "delivery_failed": ("Failed", "失败"),
    "delivery_unknown": ("In doubt", "状态不明"),
    "sub_active": ("Active", "订阅中"),
    "sub_interests": ("Interests", "关注内容"),  # the subscribers page: what each one's digest is about
    "sub_everything": ("Everything", "全部内容"),
    "sub_pending": ("Awaiting confirmation", "待确认"),
    "sub_inactive": ("Unsubscribed", "已退订"),
    "period": ("Period", "周期"),
    "period_hint": ("a week like 2026-W49, or a day like 2026-12-01", "某一周，如 2026-W49；或某一天，如 2026-12-01"),
    "n_documents": ("{n} documents", "{n} 篇文档"),
    "n_documents_one": ("1 document", "1 篇文档"),
    "n_lessons": ("{n} lessons", "{n} 条经验"),
    "n_lessons_one": ("1 lesson", "1 条经验"),
    "tag_counts_legend": ("Beside each tag: the documents tagged with it, and after a + the lessons.",
                          "标签后的数字是带此标签的文档数，“+”后是经验数。"),
    "lang_zh": ("Chinese", "中文"),
    "lang_en": ("English", "英文"),
    "lang_mixed": ("Mixed", "中英混合"),
    "choose_session": ("Session", "分享会"),
    "no_session_yet": ("Create a share session first.", "请先创建分享会。"),
    "similar": ("Similar", "相似"),
    "open": ("Open", "打开"),
    "nav_digest": ("Digest", "周报订阅"),
    "subscribe_title": ("The weekly digest", "经验教训周报"),
    "subscribe_help": (("Once a week (or a day), the lessons other projects learned, the recurring problems and the "
                        "coming share sessions, by e-mail. Leave the interests empty to hear about everything."),
                       ("每周（或每天）通过邮件收到其他项目的新经验、重复出现的问题和即将举行的经验分享会。"
                        "不选关注内容即接收全部。")),
    "email": ("E-mail", "邮箱"),
    "name": ("Name", "姓名"),
    "frequency": ("How often", "频率"),
    "frequency_weekly": ("Weekly", "每周"),
    "frequency_daily": ("Daily", "每天"),
    "frequency_off": ("Paused", "暂停"),
    "digest_language": ("Language of the digest", "周报语言"),
    "subscribe": ("Subscribe", "订阅"),
    "confirm_sent": (("Thank you. If the address is new, a confirmation link is on its way (at most one every "
                      "{minutes} minutes to the same address); the digest starts once it is clicked."),
                     "谢谢！如果这是新地址，确认邮件已发出（同一地址每 {minutes} 分钟最多发送一封）；点击其中的链接后即开始接收周报。"),
    "subscribe_throttled": ("Too many sign-ups from your network in the last hour; please try again later.",
                            "您所在网络最近一小时内的订阅请求过多，请稍后再试。"),
    "line_breaks_refused": (("Names, e-mail addresses and interests cannot contain line breaks or other control "
                             "characters."), "姓名、邮箱地址和关注内容不能包含换行符或其他控制字符。"),
    "confirm_subject": ("Confirm your Lessons KB digest subscription", "请确认订阅经验教训知识库周报"),
    "confirm_body": (("Please confirm your subscription to the Lessons KB digest:\n\n{link}\n\n"
                      "If you did not ask for it, ignore this message."),
                     "请点击以下链接确认订阅经验教训知识库周报：\n\n{link}\n\n如果不是您本人操作，请忽略本邮件。"),
    "confirmed": ("Your subscription is confirmed. The first digest comes with the next weekly run.",
                  "订阅已确认，下一期周报发送时您将收到第一封邮件。"),
    "confirm_question": ("Send the weekly digest to {email}?", "确认向 {email} 发送经验教训周报吗？"),
    "confirm_button": ("Confirm subscription", "确认订阅"),
    "mail_unavailable": (("This server cannot send e-mail at the moment (its mail server does not answer or did "
                          "not take the message), so it cannot send the confirmation link. Nothing was saved: try "
                          "again later, or ask the administrator to set up mail (see “The weekly digest” in the "
                          "README)."),
                         ("本服务器目前无法发送邮件（邮件服务器没有响应或没有接收邮件），所以无法发送确认链接。没有保存任何内容："
                          "请稍后再试，或请管理员配置邮件服务器（见 README 的“The weekly digest”一节）。")),
    "address_refused": (("The mail server refused the address {email}: no confirmation link could be sent to it. "
                         "Nothing was saved: check the address and try again."),
                        "邮件服务器拒收地址 {email}，无法发送确认链接。没有保存任何内容：请检查邮箱地址后重试。"),
    "link_used": ("This link has already been used or replaced by a newer one.", "该链接已被使用或已被新链接取代。"),
    "unsubscribe_question": ("Stop sending the digest to {email}?", "确定不再向 {email} 发送周报吗？"),
    "unsubscribe_button": ("Unsubscribe", "退订"),
    "unsubscribed_title": ("Unsubscribed", "已退订"),
    "unsubscribed": ("{email} will not receive the digest any more.", "{email} 将不再收到周报。"),
    "unsubscribed_already": ("{email} is unsubscribed already: no digest goes to it.", "{email} 已经退订，不会再收到周报。"),
    "subscribe_again": ("Subscribe again", "重新订阅"),
    "subscribers": ("Subscribers", "订阅者"),
    "preview_whose": ("Whose digest", "谁的周报"),  # the preview's choice of one subscriber
    "no_subscribers": ("Nobody has subscribed yet: add a subscriber below, or send readers to the Digest page.",
                       "还没有人订阅：可以在下方添加订阅者，或请读者打开“周报订阅”页面自行订阅。"),
    "no_subscriber_to_preview": ("Nobody has subscribed yet: below is the digest a new subscriber would get.",
                                 "还没有订阅者：下面是新订阅者会收到的周报。"),
    "new_subscriber": ("A new subscriber ({language})", "新订阅者（{language}）"),
    "preview_digest": ("Preview a digest", "预览周报"),
    "recent_deliveries": ("Recent deliveries", "最近的发送记录"),
    "curator_sections": ("Curator sections", "知识管理员栏目"),
    "interests_tags": ("Tags", "标签"),
    "interests_projects": ("Projects", "项目"),
    "interests_kinds": ("Lesson kinds", "经验类别"),
    "hidden_by_curator": ("(hidden by a curator)", "（已被知识管理员隐藏）"),
    "document_redacted": (("Parts of this document hold lessons a curator has hidden: it is shown section by "
                           "section, without them."), "本文档的部分内容包含已被知识管理员隐藏的经验：以下按章节显示，不含这些部分。"),
    "hidden_from_readers": (("Readers see this document section by section, without the sections that hold "
                             "the lessons hidden here."), "读者看到的是按章节显示的本文档，不含包含这些隐藏经验的章节。"),
}


# The reader's language and the relevance floor (issue 16; web/views/search_args.py).
MESSAGES.update({
    "relevant_count": ("{relevant} relevant documents", "{relevant} 篇相关文档"),
    "relevant_count_one": ("1 relevant document", "1 篇相关文档"),
    "relevant_of_total": ("({total} matched a word or some meaning)", "（共有 {total} 篇碰到了某个词或某层意思）"),
    "did_you_mean": ("Did you mean: ", "您是不是要找："),  # then the suggested query, a link
    "show_all_matches": ("List all {total}", "列出全部 {total} 篇"),
    "only_relevant": ("Only the relevant ones", "只看相关的"),
    "below_floor": ("weak match", "相关性弱"),
    "nothing_relevant": (("Nothing relevant found: {total} documents matched only a word or a distant meaning."),
                         "没有找到相关的结果：{total} 篇文档只是碰到了个别词语，或意思相去甚远。"),
    "nothing_relevant_one": ("Nothing relevant found: 1 document matched only a word or a distant meaning.",
                             "没有找到相关的结果：1 篇文档只是碰到了个别词语，或意思相去甚远。"),
    "nothing_relevant_help": (("The collection may hold nothing on this subject. Try other words, or list the weak "
                               "matches anyway."), "知识库里可能没有这方面的内容。可以换个说法，或者仍然列出这些弱相关的文档。"),
    # a small boost: a Chinese query still lists a more relevant English document first
    "prefer_first": ("{language} documents first where about as relevant", "相关度相近时{language}文档优先"),
    "prefer_any": ("Any language", "不限语言"),
    "prefer_label": ("Language order", "语言顺序"),
    "other_language": ("in {language}", "{language}文档"),
})

# The review queue and the home page (issue 18, items 4 and 5; web/views/queue.py, web/views/home.py).
MESSAGES.update({
    "nav_review": ("Review queue", "审核队列"),
        "queue_title": ("Review queue", "审核队列"),
    "queue_help": (("Lessons no curator has approved or hidden yet, newest first. Approved lessons leave the queue; "
                    "hidden ones also leave readers' search."),
                   "尚未经知识管理员认可或隐藏的经验，最新的在前。认可后即离开队列；隐藏的经验同时从读者的搜索中消失。"),
    "queue_empty": ("Nothing awaits review.", "没有待审核的经验。"),
    "queue_empty_filtered": ("Nothing awaits review with these filters.", "在这些筛选条件下没有待审核的经验。"),
    "queue_filter": ("Filter", "筛选"),
    "queue_any": ("All", "全部"),
    "queue_author": ("Author or contributor", "作者或提交人"),
    "queue_contributor": ("Contributed by {name}", "提交人：{name}"),
    "queue_select": ("Select lesson {id}", "选择经验 {id}"),
    "queue_select_page": ("Select all on this page", "全选本页"),
    "queue_bulk": ("With the selected lessons", "对选中的经验"),
    "queue_action": ("Action", "操作"),
    "queue_tag_selected": ("Add a tag", "添加标签"),
    "queue_added": ("Added", "添加于"),
    "queue_done_approved": ("Lessons approved: {n}.", "已认可 {n} 条经验。"),
    "queue_done_hidden": ("Lessons hidden from readers: {n}.", "已对读者隐藏 {n} 条经验。"),
    "queue_done_tagged": ("Lessons tagged {tags}: {n}.", "已为 {n} 条经验添加标签{tags}。"),  # tags: each in quotes
    "queue_done_untagged": ("Lessons no longer tagged {tags}: {n}.", "已从 {n} 条经验移除标签{tags}。"),
    "queue_untag_selected": ("Remove a tag", "移除标签"),
    "home_recent": ("Recent lessons", "最新经验"),
    "home_sessions": ("Upcoming share sessions", "近期经验分享会"),
    "home_no_sessions": ("No share session is scheduled.", "暂无已安排的经验分享会。"),
    "home_popular": ("Most searched in the last 30 days", "近 30 天热门搜索"),
    "home_popular_none": ("Not enough searches yet.", "搜索次数还不够多。"),
    "home_searched": ("{n} searches", "{n} 次"),
    "home_searched_one": ("1 search", "1 次"),
    "home_curators": ("For curators", "知识管理员"),
    "home_queue": ("Lessons awaiting review: {n}", "{n} 条经验待审核"),
    "home_open_queue": ("Open the review queue", "打开审核队列"),
    "home_fruitless": ("Searches that found nothing (30 days)", "没有结果的搜索（30 天内）"),
    "home_fruitless_none": ("Every search found something.", "每次搜索都有结果。"),
    "home_times": ("{n}×", "{n} 次"),
    "home_untagged": ("New documents without tags (30 days)", "新增的无标签文档（30 天内）"),
    "home_untagged_more": ("and {n} more", "另有 {n} 篇"),
    "browse_untagged": ("Only documents without tags.", "只列出没有标签的文档。"),
    "browse_untagged_added": ("Only documents without tags, added in the last {n} days.",
                              "只列出近 {n} 天新增、没有标签的文档。"),
    "retry_without": ("Try again without ‘{field}’ (the search and other filters are kept)",
                      "去掉 {field} 再试一次（搜索词和其他筛选条件保留）"),
    "browse_all": ("Show all documents", "显示全部文档"),
    "browse_empty": ("No documents yet.", "还没有文档。"),
    "browse_empty_filtered": ("No documents match these filters.", "没有符合这些筛选条件的文档。"),
    "home_untagged_none": ("Every new document has a tag.", "新增的文档都已加标签。"),
    "home_no_lessons": ("No lessons yet.", "还没有经验。"),
})

# Contributing from the browser (issue 18; web/views/contribute.py).
MESSAGES.update({
    "role_contributor": ("contributor", "贡献者"),
    "nav_contribute": ("Contribute", "贡献"),
    "contribute_title": ("My contributions", "我的贡献"),
    "contribute_help": (("Upload your retrospectives and reports, or record a lesson in a few lines. Until a curator "
                         "approves them you can correct or withdraw what you added."),
                        "上传项目复盘和报告，或用几句话记录一条经验。在知识管理员认可之前，你可以修改或撤回自己添加的内容。"),
    "all_contributions": ("Everyone's contributions", "所有人的贡献"),
    "withdraw_whole_file": ("Withdraw takes out the whole file, {file}, with all {n} documents read from it.",
                            "撤回会移除整个文件 {file}，以及从中读取的全部 {n} 篇文档。"),
    "change_until_approved": ("You added this: you can correct or withdraw it until a curator approves it.",
                              "这是你添加的内容：在知识管理员认可之前，你可以修改或撤回。"),
    "upload_title": ("Upload documents", "上传文档"),
    "upload_help": (("Retrospectives, post-mortems, reports and lesson registers: {extensions}. Up to {files} files "
                     "at once, {file_mb} MB each, {total_mb} MB together."),
                    ("项目复盘、事后分析、报告和经验教训登记册：{extensions}。一次最多 {files} 个文件，每个不超过 "
                    "{file_mb} MB，合计不超过 {total_mb} MB。")),
    "upload_old_office": ("Old Office formats ({extensions}) are not read: save them as .docx/.pptx/.xlsx first.",
                          "旧版 Office 格式（{extensions}）无法读取：请先另存为 .docx/.pptx/.xlsx。"),
    "drop_here": ("Drop files here, or choose them", "把文件拖到这里，或点击选择文件"),
    "choose_files": ("Files", "文件"),
    "files_chosen": ("Files chosen", "已选择的文件"),
    "upload_button": ("Upload and read", "上传并读取"),
    "upload_project_help": ("The project these documents belong to (they are kept in its folder).",
                            "这些文档所属的项目（文件按项目存放）。"),
    "reading_files": ("Reading the files: {done} of {total} done.", "正在读取文件：已完成 {done} / {total} 个。"),
    "upload_not_kept": ("Not kept (the other files were uploaded):", "以下文件未保存（其他文件已上传）："),
    "upload_not_kept_more": ("… and {count} more not kept.", "……另有 {count} 个文件未保存。"),
    "upload_left_out": ("Left out, not a kind of file read here: {names}", "已略去（不是可读取的文件类型）：{names}"),
    # said by the page's script, {size} filled in there: the server would refuse the whole upload
    "upload_too_much": (("These files come to {size} MB, more than the {total_mb} MB one upload may hold: upload them "
                         "in parts."), "这些文件共 {size} MB，超过了一次上传允许的 {total_mb} MB：请分几次上传。"),
    "upload_status_queued": ("Waiting", "等待中"),
    "upload_status_parsing": ("Reading", "读取中"),
    "upload_status_ready": ("Read: check and publish", "已读取：请核对后发布"),
    "upload_status_failed": ("Could not be read", "无法读取"),
    "upload_status_published": ("Published", "已发布"),
    "upload_status_discarded": ("Discarded", "已放弃"),
    "upload_failed": ("This file could not be read, and nothing was stored: {detail}",
                      "无法读取此文件，没有保存任何内容：{detail}"),
    "understood": ("What was understood", "读取结果"),
    "understood_documents": ("{n} documents in this file (one per register row); the first {shown} are listed.",
                             "此文件包含 {n} 篇文档（登记册每行一篇），下面列出前 {shown} 篇。"),
    "sections": ("Sections", "章节"),
    "no_sections": ("No sections found.", "没有找到章节。"),
    "lessons_by_kind": ("Lessons by kind", "按类别的经验"),
    "no_lessons_found": (("No lessons were recognised. Headings such as “Lessons learned” / “经验教训” mark them; the "
                          "document can still be published and found by search."),
                         "没有识别出经验。可用“经验教训”“Lessons learned”等标题标出；文档仍可发布并被搜索到。"),
    "warnings": ("Warnings", "警告"),
    "duplicate_upload": ("This exact file is already in the knowledge base:", "完全相同的文件已在知识库中："),
    "replaces_existing": (("A file of this name is already in this project: publishing replaces it (its tags and "
                          "reviews are kept)."), "该项目中已有同名文件：发布后将替换它（保留其标签和审核结果）。"),
    "correct_metadata": ("Correct anything that was misread, then publish.", "如有读取错误请先更正，然后发布。"),
    "publish": ("Publish", "发布"),
    "discard": ("Discard", "放弃"),
    "published": ("Published: {n} documents, searchable now. They wait for a curator's review.",
                  "已发布 {n} 篇文档，现在即可搜索，等待知识管理员审核。"),
    "published_one": ("Published: 1 document, searchable now. It waits for a curator's review.",
                      "已发布 1 篇文档，现在即可搜索，等待知识管理员审核。"),
    "upload_more": ("Upload more files", "继续上传"),
    "record_title": ("Record a lesson", "记录一条经验"),
    "record_edit_title": ("Change a recorded lesson", "修改已记录的经验"),
    "record_help": (("No document needed: write what happened, what you learned and what to do next time. It is "
                     "searchable at once and waits for a curator's review."),
                    "无需文档：写下发生了什么、学到了什么、下次怎么做。保存后即可搜索，并等待知识管理员审核。"),
    "field_driving_event": ("What happened", "问题描述"),
    "field_lesson": ("The lesson", "经验教训"),
    "field_recommendation": ("What to do next time", "改进建议"),
    "field_title_optional": ("Short title (optional)", "简短标题（可选）"),
    "field_tags_help": ("Tags, separated by commas", "标签，用逗号分隔"),
    "lesson_recorded": ("Lesson recorded: searchable now, waiting for a curator's review.",
                        "经验已记录：现在即可搜索，等待知识管理员审核。"),
    "withdraw": ("Withdraw", "撤回"),
    "confirm_withdraw": ("Withdraw this? It will no longer be in the knowledge base.", "确定撤回？撤回后知识库中将不再包含此内容。"),
    "confirm_delete_session": ("Delete the share session “{title}” and its agenda?", "删除分享会“{title}”及其议程？"),
    "confirm_undo_tag": ("Undo this change of the tag “{tag}”?", "撤销对标签“{tag}”的这次修改？"),
    "confirm_remove_subscriber": ("Remove the subscriber {email}? No more digests will be sent to them.",
                                  "移除订阅者 {email}？此后不再向其发送周报。"),
    "withdrawn": ("Withdrawn: it is no longer in the knowledge base.", "已撤回：知识库中不再包含此内容。"),
    "edit": ("Edit", "修改"),
    "edit_metadata": ("Correct the details", "更正信息"),
    "contributed_by": ("Contributed by", "贡献者"),
    "contributed_on": ("Added", "添加时间"),
    "contribution_review": ("Review", "审核"),
    "reviewed_counts": ("{approved} of {lessons} approved, {hidden} hidden", "已认可 {approved} / {lessons} 条，已隐藏 {hidden} 条"),
    "locked_after_approval": ("Approved by a curator: only a curator can change it now.", "已被知识管理员认可：现在只有知识管理员可以修改。"),
    "no_contributions": ("Nothing added yet.", "还没有添加任何内容。"),
    "unpublished_uploads": ("Uploads waiting for you", "等待你处理的上传"),
    "unpublished_help": (("Files you uploaded that are being read, or read and not yet published: check and publish "
                          "them, or discard them. Read files left for {days} days are discarded."),
                         "已上传、正在读取或已读取但尚未发布的文件：请核对后发布，或放弃。读取后 {days} 天内未处理的文件会被自动放弃。"),
    "upload_again": ("Upload {n} of {total}", "第 {n} 次上传，共 {total} 次"),  # one file name uploaded again
    "upload_latest": ("latest", "最新"),
    "recorded_lesson": ("Recorded lesson", "记录的经验"),
    "uploaded_document": ("Uploaded document", "上传的文档"),
    "not_set": ("(not set)", "（未填写）"),
    "index_running": ("The search index is taking them in now: they are found by meaning and keywords within minutes.",
                      "搜索索引正在收录这些文档，几分钟内即可按语义和关键词搜索到。"),
    "index_pending": (("Stored, but the search index could not be updated just now: it will be found after the "
                       "administrator's next kb ingest or kb reindex."),
                      "已保存，但搜索索引暂时无法更新：管理员下次运行 kb ingest 或 kb reindex 后即可搜索到。"),
})

# Lesson kinds and document types are named once, in kb.models.
MESSAGES.update({f"kind_{kind.value}": labels for kind, labels in LESSON_KIND_LABELS.items()})
MESSAGES.update({f"type_{doc_type.value}": labels for doc_type, labels in DOC_TYPE_LABELS.items()})
MESSAGES.update(ERRORS)  # errors are shown through web.error_text, which matches the code's English to them

# Accessibility: what a screen reader says where the screen shows a symbol or nothing.
MESSAGES.update({
    "skip_to_content": ("Skip to the content", "跳到正文"),
    "search_heading": ("Search the lessons", "搜索经验教训"),
    "results_heading": ("Results for {q}", "“{q}”的搜索结果"),
    "actions": ("Actions", "操作"),
})


# A form's fields by the name the store's messages give them ('scheduled_at': ...), and the message key of the label
# the form shows beside each.
FORM_FIELDS = {"title": "title", "theme": "theme", "scheduled_at": "when", "location": "location",
               "presenters": "presenters", "audience": "audience", "description": "description",
               "presenter": "item_presenter", "starts_at": "item_starts", "duration_minutes": "item_length",
               "note": "note", "minutes": "minutes", "driving_event": "field_driving_event", "lesson": "field_lesson",
               "recommendation": "field_recommendation", "project": "project", "date": "date"}


def field_error(message: str, lang: str) -> str:
    """An error about a field of a form, in a language, the field called as the form calls it ("Date and time:
    '下周二下午' is not a date and time ..."), not by its name in the code ('scheduled_at')."""
    required = re.fullmatch(r"(\w+) is required", message)  # "project is required": the form's word, not the code's
    if required and required.group(1) in FORM_FIELDS:
        return error_text(f"{translate(FORM_FIELDS[required.group(1)], lang)} is required", lang)
    named = re.match(r"'(\w+)'", message)  # a form field: called by its label below, not as an address parameter
    text = error_text(message, lang, param_names=not (named and named.group(1) in FORM_FIELDS))
    found = re.match(r"'(\w+)'", text)
    if found is None or found.group(1) not in FORM_FIELDS:
        return text
    rest = text[found.end():]
    if lang == "zh":  # a Chinese label runs on into the sentence: 日期无效, not 日期 无效
        rest = rest.lstrip(" ")
    return translate(FORM_FIELDS[found.group(1)], lang) + rest


def translate(key: str, lang: str, **values: object) -> str:
    """The message in a language, with {placeholders} filled; an unknown key shows itself. Where a count is 1 and
    the message has a ``KEY_one`` form, that form ("1 relevant document", not "1 relevant documents")."""
    return say(MESSAGES, key, lang, **values)


def lang_attr(code: str | None) -> Markup:
    """A ` lang` attribute for text in a known language (a screen reader then reads it in that language's voice);
    nothing for mixed or unknown text, which takes the page's language."""
    return Markup(f' lang="{code}"') if code in LANGUAGES else Markup("")


def pick_language(request: Request) -> str:
    """The cookie if set, else the best match of Accept-Language, else English."""
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    best = request.accept_languages.best_match(["zh", "zh-CN", "zh-TW", "en"], default="en")
    return "zh" if best and best.startswith("zh") else "en"
