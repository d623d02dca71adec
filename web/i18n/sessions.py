"""The words of share sessions (经验分享会) and their agendas."""

from __future__ import annotations

# key -> (English, Chinese)
MESSAGES: dict[str, tuple[str, str]] = {
    "sessions": ("Share sessions", "经验分享会"),
    "upcoming": ("Upcoming", "即将举行"),
    "past": ("Past", "已举行"),
    "undated_sessions": ("No date yet", "尚未定日期"),  # drafts being planned: not upcoming, not past
    "new_session": ("New share session", "新建分享会"),
    "session_details": ("Details of the session", "分享会信息"),
    "create": ("Create", "创建"),
    "save": ("Save", "保存"),
    "delete": ("Delete", "删除"),
    "theme": ("Theme", "主题"),
    "when": ("Date and time", "日期时间"),
    "date_hint": ("e.g. 2025-03-01 (year-month-day)", "例如 2025-03-01（年-月-日）"),
    "datetime_hint": ("e.g. 2026-12-15 14:30 (24-hour clock)", "例如 2026-12-15 14:30（24 小时制）"),
    "time_hint": ("e.g. 14:30 (24-hour clock)", "例如 14:30（24 小时制）"),
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
    "confirm_held_ahead": (("This session is on {date}, still to come: mark it as held anyway? Readers will find it "
                           "among the past sessions."),
                           "这场分享会定在 {date}，还没到：仍要标记为已举行吗？读者会在“已举行”中看到它。"),
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
    # under "Agenda 3", "3 without a length" left the reader to guess what was without one (the Chinese says 项);
    # "2 items without a length" left them to find which: the items by their numbers on the agenda
    "untimed_items": ("items {numbers} without a length", "第 {numbers} 项未填时长"),
    "untimed_items_one": ("item {numbers} without a length", "第 {numbers} 项未填时长"),
    "untimed_all": ("No item has a length yet", "各项均未填时长"),  # no total to give: every item is untimed
    "export_ics": ("Calendar invitation (.ics)", "日历邀请（.ics）"),
    "drag_to_reorder": ("Drag to reorder", "拖动调整顺序"),
    "edit_item": ("Presenter, time, note and minutes", "分享人、时间、备注和纪要"),
    "has_notes": ("has notes", "已有备注"),
    "move_up": ("Up", "上移"),
    "move_down": ("Down", "下移"),
    "add_to_session": ("Add to session", "加入分享会"),
    "on_agenda": ("On the agenda", "已在议程中"),  # the lesson is already on the chosen session's agenda
    "needs_date": ("Give the session a date and time below before scheduling it or marking it as held.",
                   "请先在下方填写日期和时间，然后才能安排分享会或标记为已举行。"),
    "session_changed_meanwhile": (
        ("Not saved: since this form was opened, the session was changed elsewhere (in another tab or by another "
         "curator): {fields}. The form below has your changes; save again to put yours in place of theirs."),
        ("未保存：打开这个表单之后，这场分享会已在别处（另一个标签页或其他知识管理员）修改：{fields}。下面的表单保留了你的"
         "修改，再次保存即以你的为准。")),
    "hidden_on_agenda": (("Hidden, and it is on the agenda of {sessions}, not held yet: readers see “hidden by a "
                          "curator” there in place of its text. If it is not to be presented, remove it from the "
                          "agenda on the session's page; if it is, approve it again."),
                         ("已隐藏，但它在尚未举行的分享会{sessions}的议程上：读者在议程中只会看到“已被知识管理员隐藏”。"
                          "如不再分享，请到分享会页面把它从议程中移除；如仍要分享，请重新认可它。")),
    "item_changed_meanwhile": (
        ("Not saved: since this form was opened, this agenda item was changed elsewhere (in another tab or by another "
         "curator): {fields}. The form has your changes; save again to put yours in place of theirs."),
        ("未保存：打开这个表单之后，这一议程项已在别处（另一个标签页或其他知识管理员）修改：{fields}。表单保留了你的修改，"
         "再次保存即以你的为准。")),
    "saved_kept_theirs": ("Saved. Changed elsewhere meanwhile and kept: {fields}.",
                          "已保存。其间在别处修改的内容已保留：{fields}。"),
    "item_gone": (("This item is no longer on the agenda (it was removed in another tab or by another curator); "
                  "nothing was changed."),
                  "这个议程项已不在议程中（已在另一个标签页中或由其他知识管理员移除），未做任何修改。"),
    "item_gone_unsaved": ("Not saved, as you typed it: {text}", "未保存的内容（照你填写的）：{text}"),
    "session_gone": ("That share session no longer exists (it was deleted in another tab or by another curator).",
                     "这场分享会已不存在（已在另一个标签页中或由其他知识管理员删除）。"),
    "session_now_scheduled": ("Scheduled: readers now see it among the upcoming sessions.",
                              "已排期：读者现在可以在“即将举行”中看到它。"),
    "session_now_held": ("Marked as held.", "已标记为已举行。"),
    "session_now_draft": ("Back to draft: readers no longer see it.", "已退回草稿：读者不再能看到它。"),
    "session_created": (("Created the share session “{title}” as a draft: readers see it once it is scheduled. "
                         "Add lessons from the suggestions below or from search."),
                        "已创建分享会“{title}”（草稿）：排期后读者才能看到。可从下方的推荐或搜索结果中添加经验。"),
    "session_deleted": ("Deleted the share session “{title}” and its agenda.", "已删除分享会“{title}”及其议程。"),
    "confirm_remove_item": ("Remove this item from the agenda? Its presenter, time, note and minutes go with it.",
                            "从议程中移除这一项？它的分享人、时间、备注和纪要也会一并删除。"),
    "field_now": ("{field} (now “{value}”)", "{field}（现为“{value}”）"),
    "field_empty": ("empty", "空"),
    "added_to_session": ("Added to “{title}”.", "已加入“{title}”。"),
    "suggest_for_theme": ("Suggested lessons for this theme", "根据主题推荐的经验"),
    "suggest_help": ("Lessons not presented in earlier sessions, found by searching the theme (its words and its meaning).",
                     "按主题的字词和语义检索，不包含往期分享会已讲过的经验。"),
    # no lesson found for the theme: said, with a search for it (the card was empty)
    "no_suggestions": ("No lesson matches “{words}” closely enough, or all were presented before.",
                       "没有与“{words}”足够相关的经验，或者相关经验都已在往期分享会讲过。"),
    "search_words": ("Search for “{words}”", "搜索“{words}”"),
    "no_theme": ("Found from the title: give the session a theme below to steer them.",
                 "以下推荐来自标题：在下方填写主题可让推荐更准确。"),
    "export_markdown": ("Agenda as Markdown", "导出 Markdown 议程"),
    "print_view": ("Print view", "打印视图"),
    "export_spreadsheet": ("Agenda as a spreadsheet", "议程表格"),
    "back_to_session": ("Back to the session", "返回分享会"),  # the print view, on screen only
    "print_hint": ("Print it with the browser's Print (Ctrl+P).", "用浏览器的“打印”（Ctrl+P）打印本页。"),
    "print_hint_mac": ("Print it with the browser's Print (⌘P).", "用浏览器的“打印”（⌘P）打印本页。"),
    "print_hint_phone": ("To print it or save it as a PDF, choose Print in the browser's menu or Share.",
                         "如需打印或存为 PDF，请在浏览器菜单或“分享”中选择“打印”。"),
    "print_button": ("Print", "打印"),
    "n_items": ("{n} items", "{n} 项"),
    "n_items_one": ("1 item", "1 项"),
    "no_past_sessions": ("None held yet.", "暂无已举行的分享会。"),
    # what a share session is, under the page's title (as the review queue and contributions pages say what they are)
    "sessions_help": (("A share session is a meeting that goes through lessons from earlier projects: its agenda "
                       "lists the lessons to discuss, for printing, exporting or a calendar invitation. Upcoming "
                       "sessions are announced on the home page and in the digest."),
                      ("经验分享会是一起回顾以往项目经验的会议：议程列出要讨论的经验，可以打印、导出或发送日历邀请。"
                       "即将举行的分享会会显示在首页和周报中。")),
    # the page without any session: what to do next, by who reads it (drafts are listed to curators only)
    "sessions_none_curator": (("No share session yet. Create one with the New share session form; then add lessons "
                               "to its agenda from search results, a document or a lesson, or from the suggestions "
                               "on its page."),
                              ("还没有分享会。请用“新建分享会”表单创建一场，再从搜索结果、文档或经验页面，"
                               "或分享会页面上的推荐中把经验加入议程。")),
    "sessions_none": (("No share session is planned yet. Curators plan them here; scheduled ones are listed on this "
                       "page, on the home page and in the digest."),
                      "还没有安排分享会。分享会由知识管理员在这里安排；排期后会列在本页、首页和周报中。"),
    "plan_session": ("Plan a share session", "安排一场分享会"),
    "lesson_removed": ("(the lesson has since been removed from its document)", "（该经验已从原文档中删除）"),
    "choose_session": ("Session", "分享会"),
    "no_session_yet": ("Create a share session first.", "请先创建分享会。"),
}
