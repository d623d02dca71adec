"""Error messages in the visitor's language.

The store, the search package and the views say what went wrong in English, with the values that matter (a key,
a field, a week). Each of those messages has an entry here, English and Chinese, whose English is the message with
``{placeholders}`` where the values go: an English message is matched to its entry and shown in the visitor's
language with the same values. ``tests/web/test_messages.py`` reads every message the code can raise and checks
that it has an entry.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from ingest.unreadable import UNREADABLE
from kb.text import VALUE_CHARS, shown_value
from web.file_messages import FILE_ERRORS, FILE_WARNINGS

# key -> (English as the code words it, with {values}; Chinese)
ERRORS: dict[str, tuple[str, str]] = {
    # records that do not exist
    "err_no_document": ("no document with key {key}", "没有编号为 {key} 的文档"),
    "err_no_lesson": ("no lesson {id}", "没有编号为 {id} 的经验"),
    "err_no_session": ("no share session {id}", "没有编号为 {id} 的经验分享会"),
    "err_session_deleted": (("that share session no longer exists (it was deleted in another tab or by another "
                             "curator): reload the page and choose another"),
                            "这场分享会已不存在（已在另一个标签页中或由其他知识管理员删除）：请刷新页面后选择其他分享会"),
    "err_no_item": ("no item {item} in share session {id}", "经验分享会 {id} 中没有议程项 {item}"),
    "err_no_tag": ("no tag {tag}", "没有标签 {tag}"),
    "err_no_subscriber": ("no subscriber {who}", "没有订阅者 {who}"),
    "err_no_subscriber_preview": ("no subscriber to preview", "还没有可预览的订阅者"),
    "err_target_no_tag": ("{target} has no tag {tag}", "{target} 没有标签 {tag}"),
    # parameters of pages and the API
    "err_whole_number": ("{name} must be a whole number, not {raw}", "{name} 必须是整数，而不是 {raw}"),
    "err_between": ("{name} must be between {low} and {high}", "{name} 必须在 {low} 到 {high} 之间"),
    "err_unknown_type": ("unknown document type {value}", "未知的文档类型 {value}"),
    "err_unknown_kind": ("unknown lesson kind {value}", "未知的经验类别 {value}"),
    "err_unknown_kind_use": ("unknown lesson kind {value}; use {choices}", "未知的经验类别 {value}，可用：{choices}"),
    # a form with several wrong fields: this above their list, each said again under its field
    "err_form_fields": ("{n} fields of the form need correcting:", "表单中有 {n} 处需要修改："),
    # the filter, beside search's "any language" link (prefer_lang=any), which is no value of it
    "err_lang": (("'lang' (the documents' language) must be zh, en or mixed; for every language leave it out "
                  "(prefer_lang=any only stops putting one language first)"),
                 "文档语言（lang）只能是 zh、en 或 mixed；要看所有语言，请去掉它（“prefer_lang=any”只是不再让一种语言排在前面）"),
    "err_language": ("'language' must be zh, en or mixed", "语言只能是 zh、en 或 mixed"),
    "err_year": ("'year' must be a four-digit year", "年份（year）必须是四位数字"),
    "err_date": ("{name} is invalid: '{text}' is not a date; use YYYY-MM-DD (like 2025-01-31)",
                 "{name}无效：{text} 不是日期，请用 YYYY-MM-DD（例如 2025-01-31）"),
    "err_bound": (("{name} is invalid: '{text}' is not a date or a month; use YYYY-MM-DD or YYYY-MM (like 2025-01-31 or "
                   "2025-01)"), "{name}无效：“{text}”不是日期或月份，请用 YYYY-MM-DD 或 YYYY-MM（例如 2025-01-31 或 2025-01）"),
    "err_no_such_bound": (("{name} is invalid: '{text}' does not exist; use YYYY-MM-DD or YYYY-MM (like 2025-01-31 or "
                           "2025-01)"), "{name}无效：“{text}”不存在，请用 YYYY-MM-DD 或 YYYY-MM（例如 2025-01-31 或 2025-01）"),
    "err_no_such_day": ("{name} is invalid: '{text}' does not exist; use {form}", "{name}无效：{text} 不存在，请用 {form}"),
    "err_since_after_until": ("'since' ({since}) is after 'until' ({until}): no date is in between",
                              "开始日期（{since}）晚于结束日期（{until}），中间没有任何日期"),
    "err_prefer_lang_api": ("'prefer_lang' must be zh, en, any or auto",
                            "语言偏好（prefer_lang）只能是 zh、en、any 或 auto"),
    "err_flag": ("'{name}' must be 1 or 0", "{name} 只能是 1 或 0"),
    "err_unknown_language": ("unknown language '{value}'; use one of: {choices}",
                             "未知的语言“{value}”，可用：{choices}"),
    "err_mode": ("'mode' must be one of {choices}", "搜索模式（mode）只能是 {choices} 之一"),
    "err_mode_unknown": ("unknown mode {mode}; use one of: {choices}", "未知的搜索模式 {mode}，可用：{choices}"),
    "err_sort": ("'sort' must be one of {choices}", "排序方式（sort）只能是 {choices} 之一"),
    "err_choice": ("'{name}' must be one of {choices}", "参数 {name} 只能是 {choices} 之一"),  # web.views.search_args.choice_arg
    "err_sort_unknown": ("unknown sort '{value}'; use one of: {choices}", "未知的排序方式“{value}”，可用：{choices}"),
    "err_query_too_long": ("the query is longer than {limit} characters", "查询内容超过 {limit} 个字符"),
    "err_q_too_long": ("'q' is longer than {limit} characters", "查询内容（q）超过 {limit} 个字符"),
    "err_paste_too_long": (("the text has {length} characters, more than the {limit} searched: shorten it (a section "
                            "or two) and search again"),
                           "这段文本有 {length} 个字符，超过了可搜索的 {limit} 个：请删减（保留一两节）后再搜索"),
    "err_pasted_gone": ("that pasted text is no longer kept: paste it again", "这段粘贴的文本已不再保存，请重新粘贴"),
    "err_q_required": ("'q' is required", "请填写查询内容（q）"),
    "err_query_empty": ("the query is empty", "查询内容为空"),
    "err_limit": ("limit must be between 1 and 200", "limit 必须在 1 到 200 之间"),
    "err_offset": ("offset must not be negative", "offset 不能为负数"),
    "err_describe_problem": ("describe the problem, or give a lesson id", "请描述问题，或给出经验编号"),
    "err_no_words": ("punctuation and symbols alone are not searched for; give a word or two",
                     "只有标点或符号无法搜索：请输入描述问题的词语"),
    "err_required": ("{field} is required", "请填写 {field}"),
    "err_format": ("'format' must be json, csv or xlsx", "格式（format）只能是 json、csv 或 xlsx"),
    "err_format_json": ("'format' must be json: {path} answers in JSON only (spreadsheets, format=csv or xlsx: {paths})",
                        "格式（format）只能是 json：{path} 只以 JSON 回答（电子表格，即 format=csv 或 xlsx：{paths}）"),
    "err_when": ("'when' must be upcoming, past or all", "when 只能是 upcoming、past 或 all"),
    "err_status_param": ("'status' must be draft, scheduled or held", "status 只能是 draft、scheduled 或 held"),
    "err_review_status_param": ("'status' must be unreviewed, approved or hidden",
                                "status 只能是 unreviewed、approved 或 hidden"),
    "err_lesson_id": ("'lesson_id' must be a lesson number", "lesson_id 必须是经验编号"),
    "err_lesson_id_range": ("'lesson_id' must be between 1 and {high}", "lesson_id 必须在 1 到 {high} 之间"),
    "err_items_list": ("'items' must be a list of item ids", "items 必须是议程项编号的列表"),
    "err_items_list_at": ("'items' must be a list of item ids: value {position} ({value}) is not one",
                          "items 必须是议程项编号的列表：第 {position} 个值（{value}）不是议程项编号"),
    "err_json_depth": ("the JSON body is nested deeper than {depth} levels", "JSON 内容的嵌套超过 {depth} 层"),
    "err_json_depth_at": ("the JSON body is nested deeper than {depth} levels (at {path})",
                          "JSON 内容的嵌套超过 {depth} 层（位置：{path}）"),
    "err_json_object": ("send a JSON object in the request body", "请求正文必须是一个 JSON 对象"),
    "err_json_invalid": ("the body is not valid JSON: {problem} (line {line}, column {column})",
                         "请求正文不是有效的 JSON：{problem}（第 {line} 行，第 {column} 列）"),
    "err_json_not_utf8": ("the JSON body is not UTF-8", "JSON 请求正文不是 UTF-8 编码"),
    "err_json_as_form": ("the body looks like JSON but came as {sent}: send it with 'Content-Type: application/json'",
                         "请求正文看来是 JSON，却以 {sent} 发送：请用“Content-Type: application/json”发送"),
    "err_json_type": ("the body is not JSON but {sent}: send it with 'Content-Type: application/json'",
                      "请求正文不是 JSON，而是 {sent}：请用“Content-Type: application/json”发送"),
    "err_json_only": ("send {field} in a JSON object, with 'Content-Type: application/json', not as {sent}",
                      "请以 JSON 对象发送 {field}，并用“Content-Type: application/json”，而不是以 {sent} 发送"),
    "err_json_only_untyped": (("send {field} in a JSON object, with 'Content-Type: application/json': the request "
                               "had no Content-Type"),
                              "请以 JSON 对象发送 {field}，并用“Content-Type: application/json”：请求没有“Content-Type”"),
    "err_json_untyped": ("the body came with no Content-Type: send it with 'Content-Type: application/json'",
                         "请求正文没有“Content-Type”：请用“Content-Type: application/json”发送"),
    "err_json_kind": ("the body is a JSON {kind}, not an object", "请求正文是 JSON {kind}，不是对象"),
    "err_after_sort": ("'after' pages the added order only: give sort=added too",
                       "after 只用于按新增先后翻页：请同时给出 sort=added"),
    "err_after_cursor": ("'after' is not a cursor this API gave (its next_after): {raw}",
                         "after 不是本 API 给出的游标（即 next_after）：{raw}"),
    "err_after_past_feed": (
        ("'after' is {after}, past this feed's newest change, {last}: the store is older than your copy (put back from"
         " a backup?); copy /api/lessons again and follow the feed from {start}"),
        ("after 为 {after}，超过了本变更流最新的编号 {last}：存储比你的副本旧（是否从备份恢复过？）；"
         "请重新复制 /api/lessons，再从 {start} 起跟随变更流")),
    "err_after_feed_cursor": (
        "'after' must be a cursor this feed gave (its next_after, EPOCH.NUMBER) or a change number, not {raw}",
        "after 必须是本变更流给出的游标（即 next_after，形如 EPOCH.NUMBER）或变更编号，而不是 {raw}"),
    "err_after_feed_epoch": (
        ("'after' is a cursor of feed epoch {given}, and this feed is now of epoch {epoch}: the store was put back"
         " from a backup since (kb restore), and its change numbers after the backup are other changes than those"
         " you read; copy /api/lessons again and follow the feed from {start}"),
        ("after 是变更流纪元 {given} 的游标，而本变更流现在的纪元是 {epoch}：存储此后从备份恢复过（kb restore），"
         "备份之后的变更编号已不是你读过的那些变更；请重新复制 /api/lessons，再从 {start} 起跟随变更流")),
    "err_address_not_utf8": (
        "the address is not UTF-8: percent-encode the UTF-8 bytes of its text (read as GBK, it would be {shown})",
        "地址不是 UTF-8 编码：请对其文字的 UTF-8 字节做百分号编码（按 GBK 读作 {shown}）"),
    "err_param_not_utf8": (
        "{name} is not UTF-8: percent-encode the UTF-8 bytes of its text (read as GBK, it would be {shown})",
        "{name} 不是 UTF-8 编码：请对其文字的 UTF-8 字节做百分号编码（按 GBK 读作 {shown}）"),
    "err_request_too_large": ("the request is larger than the {kb} KB this server takes",
                              "请求内容超过本服务器接受的 {kb} KB"),
    # text fields
    "err_field_text": ("{field} must be text, not {what}", "{field} 必须是文本，而不是 {what}"),
    "err_field_control_line": ("{field} contains a control character ({code}); use one line of plain text",
                               "{field} 含有控制字符（{code}），请只填写一行纯文本"),
    "err_field_line_separator": ("{field} contains a line separator ({code}); use one line of plain text",
                                 "{field} 含有行分隔符（{code}），请只填写一行纯文本"),
    "err_field_control": ("{field} contains a control character ({code}); remove it",
                          "{field} 含有控制字符（{code}），请删除"),
    "err_field_too_long": ("{field} is a text of {length} characters, longer than the {limit} allowed",
                           "{field} 有 {length} 个字符，超过了允许的 {limit} 个"),
    "err_field_surrogate": ("{field} contains an invalid character (a lone UTF-16 surrogate)",
                            "{field} 含有无效字符（孤立的 UTF-16 代理项）"),
    # curation
    "err_target": ("say which document (target=document, ref=KEY) or lesson (target=lesson, ref=ID)",
                   "请指明文档（target=document, ref=编号）或经验（target=lesson, ref=编号）"),
    "err_choose_action": ("choose an action for the lessons ticked", "请选择对勾选的经验执行的操作"),
    "err_hide_reason": ("give the reason for hiding it", "请填写隐藏的原因"),
    "err_type_tag": ("type a tag", "请输入标签"),
    "err_rename_args": ("give the tag and its new name", "请填写标签及其新名称"),
    "err_merge_args": ("give the tags to merge (comma-separated) and the tag to keep",
                       "请填写要合并的标签（用逗号分隔）和保留的标签"),
    # a rename to the tag's own name, a merge of a tag into itself: nothing done, said on the form (the page said
    # "Renamed “testing” to “testing”. The tag history below can undo it.", with nothing in the history)
    "err_rename_same": ("nothing renamed: {new} is the tag's name already", "未改名：{new} 已是该标签的名称"),
    "err_merge_same": ("nothing merged: {into} is the tag to keep", "未合并：{into} 就是要保留的标签"),
    # a document or lesson given tags by hand (kb.store.tags.MAX_TAGS): 150 on a recorded lesson read as a word list
    "err_too_many_tags_lesson": ("at most {limit} tags on a lesson: remove one before adding {tag}",
                                 "每条经验最多 {limit} 个标签：请先删除一个，再添加 {tag}"),
    "err_too_many_tags_document": ("at most {limit} tags on a document: remove one before adding {tag}",
                                   "每篇文档最多 {limit} 个标签：请先删除一个，再添加 {tag}"),
    # a merge undone after tags were added where the merge had folded two into one (kb/store/tags.py _restore_links)
    "err_undo_too_many_tags_lesson": (("undoing this change would give lesson {id} {count} tags, more than the {limit} "
                                       "allowed: remove one of its tags first"),
                                      "撤销这次更改会使经验 {id} 有 {count} 个标签，超过了允许的 {limit} 个：请先删除它的一个标签"),
    "err_undo_too_many_tags_document": (("undoing this change would give document {key} {count} tags, more than the "
                                         "{limit} allowed: remove one of its tags first"),
                                        "撤销这次更改会使文档 {key} 有 {count} 个标签，超过了允许的 {limit} 个：请先删除它的一个标签"),
    "err_record_too_many_tags": ("{field}: at most {limit} tags on a lesson, not {count}",
                                 "{field}：每条经验最多 {limit} 个标签，而不是 {count} 个"),
    "err_tag_too_long": ("tag {label} is longer than {limit} characters", "标签 {label} 超过 {limit} 个字符"),
    "err_tag_no_letter": ("a tag needs at least one letter or character", "标签至少需要一个字母或汉字"),
    "err_new_tag_empty": ("the new tag name is empty", "新标签名称为空"),
    "err_target_tag_empty": ("the target tag name is empty", "目标标签名称为空"),
    "err_synonyms_two": ("give at least two different tag names to make synonyms", "请至少填写两个不同的标签名称作为同义词"),
    "err_no_synonyms": ("{name} has no synonyms", "{name} 没有同义词"),
    "err_event": ("'event' must be a tag change number", "event 必须是标签变更编号"),
    "err_no_tag_change": ("no tag change {id}", "没有编号为 {id} 的标签变更"),
    "err_undone_already": ("tag change {id} has been undone already", "标签变更 {id} 已经撤销过了"),
    "err_cannot_undo": ("tag change {id} cannot be undone", "标签变更 {id} 无法撤销"),
    "err_undo_changed": ("tag {tag} has changed since; undo the later changes first",
                         "标签 {tag} 之后又有变更，请先撤销后面的变更"),
    "err_undo_name_taken": ("a tag named {name} exists again; rename or merge it first",
                            "已经又有名为 {name} 的标签，请先将其重命名或合并"),
    "err_review_status": ("unknown review status {status}; use unreviewed, approved or hidden",
                          "未知的审核状态 {status}，可用：unreviewed、approved、hidden"),
    # the review queue
    "err_choose_lessons": ("choose at least one lesson", "请至少选择一条经验"),
    "err_too_many_lessons": ("choose at most {limit} lessons at a time", "一次最多只能选择 {limit} 条经验"),
    "err_queue_action": ("'action' must be approve, hide, tag or untag",
                         "操作（action）只能是 approve、hide、tag 或 untag"),
    "err_lesson_ids": ("'ids' must be a list of lesson numbers: value {position} ({value}) is not one",
                       "ids 必须是经验编号的列表：第 {position} 个值（{value}）不是经验编号"),
    "err_lesson_id_list": ("'ids' must be a list of lesson numbers, like [12, 13]", "ids 必须是经验编号的列表，如 [12, 13]"),
    # share sessions
    "err_which_lesson": ("say which lesson to add (lesson_id)", "请指明要添加的经验（lesson_id）"),
    "err_direction": ("'direction' must be up or down", "direction 只能是 up 或 down"),
    "err_order": ("'order' must be item ids separated by commas", "order 必须是用逗号分隔的议程项编号"),
    "err_already_on_agenda": ("lesson {id} is already on this agenda", "经验 {id} 已在本次议程中"),
    "err_order_items": ("the new order must list every item of the agenda exactly once",
                        "新的顺序必须恰好列出议程中的每一项各一次"),
    "err_session_status": ("unknown status {status}; use one of: {choices}", "未知的状态 {status}，可用：{choices}"),
    "err_schedule_needs_date": ("give the session a date and time before scheduling it", "排期前请先填写分享会的日期和时间"),
    "err_keeps_its_date": ("a scheduled or held session keeps its date and time; move it back to draft to clear it",
                           "已安排或已举行的分享会必须保留日期和时间；如需清除，请先退回草稿"),
    "err_session_title": ("a share session needs a title", "经验分享会需要一个标题"),
    "err_title_empty": ("the title cannot be empty", "标题不能为空"),
    # an uploader's corrections of the lessons read from their file (kb/store/lesson_corrections.py)
    "err_lesson_emptied": ("the lesson “{text}”: its text cannot be empty (tick Remove to leave it out)",
                           "经验“{text}”的文字不能为空（不要这条请勾选“不是经验，删除”）"),
    "err_lesson_edit_too_long": ("the lesson “{text}” is a text of {length} characters, longer than the {limit} allowed",
                                 "经验“{text}”有 {length} 个字符，超过了允许的 {limit} 个"),
    "err_added_too_long": ("the lessons to add are a text of {length} characters, longer than the {limit} allowed",
                           "要补充的经验共有 {length} 个字符，超过了允许的 {limit} 个"),
    "err_lesson_text_empty": ("a lesson's text cannot be empty", "经验的文字不能为空"),
    "err_lesson_too_long": ("a lesson is longer than {limit} characters", "经验超过了 {limit} 个字符"),
    "err_lesson_corrections": ("lesson corrections must name 'changed' and 'added' lessons",
                               "经验更正只能包含“changed”（更改的）和“added”（补充的）经验"),
    "err_lesson_corrections_list": ("'{name}' lessons must be a list of at most {limit}",
                                    "“{name}”经验须是一个列表，最多 {limit} 条"),
    "err_lesson_changed_text": ("a changed lesson names the text it was read with", "更改的经验须注明读取时的原文"),
    "err_lesson_added": ("an added lesson has a kind and a text", "补充的经验须有类别和文字"),
    "err_not_time": ("{field}: {text} is not a time of day (use HH:MM)", "{field}：{text} 不是有效的时刻（格式：HH:MM）"),
    "err_length_minutes": ("{field}: a length must be whole minutes from 1 to {high}, not {text}",
                           "{field}：时长必须是 1 到 {high} 之间的整数分钟，而不是 {text}"),
    "err_ics_needs_date": ("give the session a date before downloading an invitation", "下载日历邀请前请先填写分享会的日期"),
    "err_not_datetime": ("{field}: {text} is not a date and time (use YYYY-MM-DD HH:MM, or YYYY-MM-DD for the day alone)",
                         "{field}：{text} 不是有效的日期时间（格式：YYYY-MM-DD HH:MM；只定日期则写 YYYY-MM-DD）"),
    # subscriptions and the digest
    "err_email_required": ("an e-mail address is required", "请填写邮箱地址"),
    "err_not_email": ("{text} is not an e-mail address", "{text} 不是有效的邮箱地址"),
    "err_email_control": ("{text} is not an e-mail address: it holds a line break or control character",
                          "{text} 不是有效的邮箱地址：其中含有换行符或控制字符"),
    "err_interest_control": ("{field} cannot hold line breaks or control characters: {value}",
                             "{field} 不能包含换行符或控制字符：{value}"),
    "err_already_subscribed": ("{email} is already subscribed", "{email} 已经订阅"),
    "err_sub_language": ("language must be zh or en, not {value}", "周报语言只能是 zh 或 en，而不是 {value}"),
    "err_sub_frequency": ("frequency must be one of {choices}, not {value}", "频率只能是 {choices} 之一，而不是 {value}"),
    "err_sub_role": ("role must be reader, curator or admin, not {value}",
                     "角色只能是 reader、curator 或 admin，而不是 {value}"),
    "err_name_control": ("a name cannot hold line breaks or control characters: {value}", "姓名不能包含换行符或控制字符：{value}"),
    "err_unknown_field": ("unknown subscriber field {field}", "未知的订阅者字段 {field}"),
    "err_action": ("'action' must be add, update, remove or resume", "action 只能是 add、update、remove 或 resume"),
    "err_period_no_such_day": ("{label} does not exist: use an ISO week like 2026-W47 or a day like 2026-11-25",
                               "{label} 不存在：请使用 ISO 周（如 2026-W47）或日期（如 2026-11-25）"),
    "err_not_period": ("{label} is not a period: use an ISO week like 2026-W47 or a day like 2026-11-25",
                       "{label} 不是有效的周期：请使用 ISO 周（如 2026-W47）或日期（如 2026-11-25）"),
    "err_days_backwards": ("{label} ends before it starts", "{label} 的结束日期早于开始日期"),
    "err_period_not_begun": (("{label} has not begun (it starts {when}): nothing in it can be sent yet, and each "
                              "subscriber's next digest would start where it ends; give a period that has begun"),
                             ("{label} 还没有开始（开始于 {when}）：其中还没有可发送的内容，而且每位订阅者的下一期周报将从它结束时"
                             "才开始；请填写已经开始的周期")),
    # a digest link's window to the second (2026-11-30T08:00:00+08:00..2026-12-07T00:00:00+08:00) with a moment that
    # does not exist
    "err_not_moments": ("{label} is not two moments", "{label} 不是两个有效的时间"),
    "err_added": (("{name} cannot be {raw}: use a number of days, an ISO week like 2026-W48, a day like 2026-11-25"
                   " or two days like 2026-11-16..2026-11-22"),
                  "{name} 不能是 {raw}：请使用天数、ISO 周（如 2026-W48）、日期（如 2026-11-25）或两个日期（如 2026-11-16..2026-11-22）"),
    "err_link_expired": ("this link has expired; use the link in a more recent digest", "该链接已过期，请使用较新一期周报中的链接"),
    "err_link_changed": ("this link is not valid (it was changed or is incomplete)", "该链接无效（已被改动或不完整）"),
    "err_link_invalid": ("this link is not valid", "该链接无效"),
    "err_link_needs_key": ("signed links need a secret key (set KB_SECRET_KEY)", "签名链接需要密钥（请设置 KB_SECRET_KEY）"),
    # accounts
    "err_csrf": (("the form has expired or did not come from this site (CSRF token missing or invalid); reload the "
                  "page and try again"), "表单已过期或并非来自本站（CSRF 令牌缺失或无效），请刷新页面后重试"),
    "err_csrf_renewed": (("the page's form had expired (the page was open a long time, or you logged in again); it is "
                          "renewed and what you typed is kept: send it again"),
                         "页面上的表单已过期（页面打开时间过长，或您重新登录过）；表单现已更新，您填写的内容仍在：请再提交一次"),
    "err_bad_token": ("the API token is not valid", "API 令牌无效"),
    "err_log_in": ("log in first", "请先登录"),
    "err_log_in_bearer": (
        "log in first: send an API token as 'Authorization: Bearer TOKEN' (this request's Authorization is {scheme})",
        "请先登录：API 令牌请以“Authorization: Bearer 令牌”发送（此请求的 Authorization 是 {scheme}）"),
    # a bare value, likely the token itself, is not repeated back (web/security.py)
    "err_log_in_bearer_one_word": (
        ("log in first: send an API token as 'Authorization: Bearer TOKEN' (this request's Authorization is one "
         "word, not a scheme and a token)"),
        "请先登录：API 令牌请以“Authorization: Bearer 令牌”发送（此请求的 Authorization 只有一个词，不是认证方案加令牌）"),
    "err_role_needed": ("this needs the {role} role", "此操作需要{role}角色"),
    "err_log_in_token": (
        "log in first: send an API token as 'Authorization: Bearer TOKEN' (an admin makes one: kb user token NAME)",
        "请先登录：API 令牌请以“Authorization: Bearer 令牌”发送（由管理员用 kb user token 用户名 生成）"),
    "err_login_failed": ("wrong user name or password", "用户名或密码错误"),
    "err_login_throttled": ("too many failed attempts: try again in {minutes} minutes", "失败次数过多，请 {minutes} 分钟后再试"),
    "err_token_expired": ("the API token expired at {at}; ask for a new one ('kb user token NAME')",
                          "API 令牌已于 {at} 过期，请申请新令牌（kb user token 用户名）"),
    "err_token_read_only": ("this API token's scope is 'read': it may read, not write ({request})",
                            "此 API 令牌的范围是“read”：只能读取，不能写入（{request}）"),
    "err_log_in_to_read": ("log in to read the knowledge base", "请登录后阅读知识库"),
    # the search index
    "err_reindex": ("{detail}; run 'kb reindex'", "搜索索引需要重建，请管理员运行 kb reindex"),
    "note_semantic_unavailable": ("semantic search unavailable ({detail}); showing keyword results only",
                                  "语义搜索暂不可用，仅显示关键词搜索结果"),
    "note_long_text": ("a long text: its {kept} rarest terms of {terms} were searched by keyword, all of it by meaning",
                       "长文本：关键词搜索取其中最少见的 {kept} 个词（共 {terms} 个），语义搜索读了全文"),
    "note_long_text_keyword": ("a long text: its {kept} rarest terms of {terms} were searched by keyword",
                               "长文本：关键词搜索取其中最少见的 {kept} 个词（共 {terms} 个）"),
    # the server's own pages for HTTP errors
    "http_400": ("The browser (or proxy) sent a request that this server could not understand.", "服务器无法理解此请求。"),
    "http_404": (("The requested URL was not found on the server. If you entered the URL manually please check your "
                  "spelling and try again."), "找不到请求的网址。如果是手动输入的，请检查拼写后重试。"),
    "http_405": ("The method is not allowed for the requested URL.", "此网址不接受这种请求方式。"),
    "http_500": (("The server encountered an internal error and was unable to complete your request. Either the server "
                  "is overloaded or there is an error in the application."), "服务器内部出错，无法完成请求。"),
    "err_generic": ("{message}", "请求无法完成。"),
}

# Contributing from the browser (issue 18; web/views/contribute.py, web/contributions/, kb/store/contributions.py).
ERRORS.update({
    "err_upload_too_large": ("the upload is {size} MB, larger than the {limit} MB allowed at once",
                             "上传内容共 {size} MB，超过了单次允许的 {limit} MB"),
    "err_upload_over_limit": ("the upload is larger than the {limit} MB allowed at once", "上传内容超过了单次允许的 {limit} MB"),
    "err_upload_type": (("{name}: files of this type cannot be read; upload one of {choices} (old Office formats, "
                         "{old}: save them as .docx/.pptx/.xlsx first)"),
                        ("{name}：无法读取这种类型的文件，请上传以下格式之一：{choices}（旧版 Office 格式 {old} 请先另存为 "
                         ".docx/.pptx/.xlsx）")),
    "err_upload_file_too_large": ("{name}: the file is {size} MB, larger than the {limit} MB allowed",
                                  "{name}：文件大小为 {size} MB，超过了允许的 {limit} MB"),
    "err_upload_empty": ("{name}: the file is empty", "{name}：文件是空的"),
    "err_upload_none": ("choose one or more files to upload", "请选择要上传的文件（可多选）"),
    "err_upload_many": ("at most {n} files at once", "一次最多上传 {n} 个文件"),
    "err_upload_busy": (("the server is reading many other uploads just now; nothing was kept: upload again in a "
                         "few minutes"), "服务器正在读取许多其他上传的文件，本次没有保存任何内容：请过几分钟再上传"),
    "err_no_upload": ("no upload {id}", "没有编号为 {id} 的上传"),
    "err_upload_not_ready": ("this upload is not waiting to be published", "此上传不在待发布状态"),
    "err_upload_not_discardable": ("this upload cannot be discarded now", "此上传现在不能放弃"),
    "err_upload_not_stored": ("{name}: the file could not be stored: {reason}", "{name}：文件未能保存（{reason}），没有保存任何内容"),
    "err_upload_status": ("unknown upload status {status}", "未知的上传状态 {status}"),
    "err_not_contributed": ("{key} was not added from the browser: it cannot be withdrawn or edited here",
                            "{key} 不是从网页添加的，不能在这里撤回或修改"),
    "err_not_recorded": ("{key} is not a recorded lesson; correct its details instead",
                         "{key} 不是在网页上记录的经验，请改用“更正信息”修改"),
    "err_lesson_not_stored": ("the lesson could not be stored: {reason}", "经验未能保存（{reason}）"),
    "err_unknown_document_field": ("unknown document field {field}", "未知的文档字段 {field}"),
    "err_approved_locked": ("a curator has approved this; ask a curator to change it",
                            "知识管理员已认可此内容；如需修改，请联系知识管理员"),
    "err_not_your_contribution": ("only its contributor or a curator may change this", "只有其贡献者或知识管理员可以修改"),
})

ERRORS.update(FILE_ERRORS)  # files an upload could not read, and warnings about those read anyway (web/file_messages.py)
ERRORS.update(FILE_WARNINGS)

# Values that are words rather than data: shown translated in Chinese.
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ROLE_NAMES = {"reader": "读者", "contributor": "贡献者", "curator": "知识管理员", "admin": "系统管理员"}
# The kinds of JSON value kb.fields.describe names, as a Chinese message says them
_VALUE_KINDS = {"a number": "数字", "a list": "列表", "an object": "对象"}  # true/false and null are JSON's own words

# An address parameter or form field an English message names ('since'), as a Chinese page says it: 起始日期（since）
_PARAM_NAMES = {"since": "起始日期", "until": "截止日期", "date": "日期", "limit": "数量上限", "offset": "偏移量",
                "page": "页码", "size": "每页条数", "added": "新增天数", "updated": "更新天数", "lessons_added": "新增经验天数",
                "per_document": "每篇文档的条数", "lesson_id": "经验编号", "session_id": "分享会编号", "event": "记录编号", "all": "列出全部"}


@functools.lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    """Each entry's English as a pattern, the entries with the most fixed text first (the most specific)."""
    out = []
    for key, (english, _) in ERRORS.items():
        if key == "err_generic":
            continue
        parts = re.split(r"\{(\w+)\}", english)
        source = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.*?)" for i, p in enumerate(parts))
        fixed = sum(len(p) for p in parts[::2])
        out.append((fixed, re.compile(f"^{source}$", re.DOTALL), key))
    return [(pattern, key) for _, pattern, key in sorted(out, key=lambda item: -item[0])]


def match(message: str) -> tuple[str, dict[str, str]] | None:
    """The catalogue entry of an English message and the values in it, or None."""
    for pattern, key in _patterns():
        found = pattern.match(message)
        if found:
            return key, found.groupdict()
    return None


# A quoted value longer than an error message quotes (kb.text.VALUE_CHARS): the one cut of user-given values, the CLI's
# too. An ASCII quote opens a value where no letter comes before it and no space after it: the words between two short
# values ("'q' is not UTF-8: ... it would be '测试环境'") are not one.
_LONG_QUOTED = re.compile(r"""((?<!\w)['"]|“)(?!\s)([^'"”]{""" + str(VALUE_CHARS + 1) + r""",})(['"”])""")


def shorten_values(message: str) -> str:
    """A message with each quoted value longer than ``kb.text.VALUE_CHARS`` characters cut short in the middle, as
    ``kb.text.shown_value`` cuts it (whole characters kept; a 3,000-character key typed into the address bar is not
    worth a page of its own)."""
    return _LONG_QUOTED.sub(lambda m: f"{m.group(1)}{shown_value(m.group(2))}{m.group(3)}", message)


_LOWER_START = re.compile(r"[a-z]")
_LOWER_WORD = re.compile(r"[a-z]+ ")


def sentence(message: str) -> str:
    """An English message as a sentence on a page: its first letter a capital ("Unknown lesson kind 'x'"), where
    that letter is the catalogue's own word; a message that begins with a value (a file name, a key, an e-mail
    address: "notes.docx: the file is empty") keeps the value as it was typed."""
    found = match(message)
    if found is None:
        starts_with_word = _LOWER_WORD.match(message) is not None
    else:
        starts_with_word = _LOWER_START.match(ERRORS[found[0]][0]) is not None
    return message[:1].upper() + message[1:] if starts_with_word else message


def error_text(message: str, lang: str, *, as_sentence: bool = True, param_names: bool = True) -> str:
    """An error message in a language: English as it came (``as_sentence``: with a capital first letter, as a page
    shows it; the API's messages keep the code's words); Chinese from its catalogue entry, or a plain "could not
    be done" where the message has none (never English on a Chinese page). ``param_names``: an address
    parameter the message names ('since') is called as a Chinese page calls it (起始日期（since）)."""
    if lang != "zh":
        return sentence(message) if as_sentence else message
    found = match(message)
    if found is None:  # a message from the catalogue, already in Chinese, or one without an entry
        return message if _CJK.search(message) else ERRORS["err_generic"][1]
    key, values = found
    if key == "err_role_needed":
        values["role"] = _ROLE_NAMES.get(values["role"], values["role"])
    if param_names and "name" in values and key in _PARAM_KEYS:
        values["name"] = _param_name(values["name"])
    if "what" in values:  # the kind of JSON value sent (kb.fields.describe): 数字, not "a number", on a Chinese page
        values["what"] = _VALUE_KINDS.get(values["what"], values["what"])
    if "choices" in values:  # a Chinese list: keyword、semantic、hybrid, not "keyword, semantic, hybrid"
        values["choices"] = values["choices"].replace(", ", "、")
    values = {name: _zh_quoted(value) for name, value in values.items()}
    text = _tight_quotes(ERRORS[key][1].format(**values))
    if key == "err_required" and _CJK.match(values["field"]):  # a Chinese field's name runs on: 请填写项目, 请填写 email
        text = text.replace("请填写 ", "请填写", 1)
    return text.replace("） ", "）") if param_names and key in _PARAM_KEYS else text  # 起始日期（since）无效


_ASCII_QUOTED = re.compile(r"""^'(.*)'$|^"(.*)"$""", re.DOTALL)


# Chinese text sets no space between its quotation marks and the Chinese beside them: 没有编号为“abc”的经验,
# “nope”不是有效的邮箱地址 (the catalogue's "{text} 不是" keeps its space for a value that is not quoted: abc 不是).
_SPACE_BY_QUOTE = re.compile(r"(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]) (?=“)|(?<=”) (?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])")


def _tight_quotes(text: str) -> str:
    """A Chinese message without the spaces its catalogue entry puts around a quoted value."""
    return _SPACE_BY_QUOTE.sub("", text)


def _zh_quoted(value: str) -> str:
    """A value the English message quotes ('nope' is not an e-mail address) in Chinese quotation marks, as Chinese
    text quotes: “nope”不是有效的邮箱地址, not 'nope'."""
    found = _ASCII_QUOTED.match(value)
    if found is None:
        return value
    return f"“{found.group(1) if found.group(1) is not None else found.group(2)}”"


def file_error_text(message: str, lang: str) -> str:
    """Why an uploaded file could not be read, as its page says it: in Chinese from the catalogue; in English in the
    catalogue's plain words where it has them (no exception names, and what to do), else as the parser said it (a
    message the catalogue does not know is the parser's own words in either language: the reason, untranslated)."""
    found = match(message)
    if found is None:
        return message
    if lang == "zh":
        return error_text(message, lang, as_sentence=False)
    key, values = found  # the plain words the CLI says too (ingest/unreadable.py), the way back an upload
    return UNREADABLE[key][1].format(**values, again="upload that") if key in UNREADABLE else message


_PARAM_KEYS = {"err_whole_number", "err_between", "err_date", "err_no_such_day", "err_bound", "err_no_such_bound",
               "err_flag"}  # whose {name} is a parameter's


def _param_name(quoted: str) -> str:
    """'since' -> 起始日期（since）; a parameter without a Chinese name loses only the English quotes."""
    name = quoted.strip("'")
    return f"{_PARAM_NAMES[name]}（{name}）" if name in _PARAM_NAMES else name


def warning_text(warning: dict[str, Any] | str, lang: str) -> str:
    """A warning about a file that was read anyway (``{"line", "message"}`` from the upload's preview), as its page
    shows it: the line it is on, then the parser's message, in Chinese where the catalogue has it. An upload read before warnings kept their line apart
    has the whole text (its server path included) and shows only what follows the path."""
    if isinstance(warning, str):
        return _AFTER_PATH.sub("", warning)
    message = str(warning.get("message", ""))
    if lang == "zh":
        message = _warning_zh(message)
    line = warning.get("line")
    return _ON_LINE[1 if lang == "zh" else 0].format(line=line, text=message) if line else message


def _warning_zh(message: str) -> str:
    """A warning in Chinese where the catalogue has it: the whole message, else each of the warnings it joins with "; "
    (decoding's "file ends in the middle of a UTF-8 character (2 bytes dropped); 1 control character removed …");
    else the parser's own words (a warning is not a failure to shrug at, "could not be done")."""
    found = [match(message)]
    if found[0] is None:
        found = [match(part) for part in message.split("; ")]
    if None in found:
        return message
    return "；".join(ERRORS[key][1].format(**values) for key, values in found)


_ON_LINE = ("line {line}: {text}", "第 {line} 行：{text}")  # not in ERRORS: it would match any error on a line
_AFTER_PATH = re.compile(r"^/.*?(?::\d+)?: ")
