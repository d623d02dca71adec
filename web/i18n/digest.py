"""The words of the weekly digest: subscribing, confirming, unsubscribing, and the curators' pages."""

from __future__ import annotations

# key -> (English, Chinese)
MESSAGES: dict[str, tuple[str, str]] = {
    "edit_existing_subscriber": ("Change what {email} gets", "修改 {email} 的订阅"),
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
    "sub_paused": ("Paused: the mail server refused the address {n} times, last {when}",
                   "已暂停：邮件服务器已 {n} 次拒收该地址，最近一次 {when}"),
    "subscriber_added": ("Subscribed {email}: the next digest goes to them.", "已添加订阅者 {email}：下一期周报会发给对方。"),
    "subscriber_updated": ("Saved the subscription of {email}.", "已保存 {email} 的订阅设置。"),
    # a curator's form for someone else: "Subscribe" read as subscribing oneself (the page says "add a subscriber")
    "add_subscriber": ("Add a subscriber", "添加订阅者"),
    "edit_subscriber": ("Change the subscription of {email}", "修改 {email} 的订阅"),
    "subscriber_removed": ("Removed {email}: no more digests go to them.", "已移除订阅者 {email}：此后不再向其发送周报。"),
    "subscriber_resumed": ("Sending to {email} again.", "已恢复向 {email} 发送周报。"),
    "subscriber_gone": ("{email} is not a subscriber (any more).", "{email} 已不是订阅者。"),
    "resume_subscriber": ("Resume", "恢复发送"),
    "period": ("Period", "周期"),
    "period_hint": ("a week like 2026-W49, or a day like 2026-12-01", "某一周，如 2026-W49；或某一天，如 2026-12-01"),
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
    "more_tags_field": ("More tags", "其他标签"),  # the "more tags" field, as an error names it
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
                          "again later, or ask the administrator to set up mail."),
                         # a visitor's page: no pointer into the README, whose section names were English on a
                         # Chinese page (the administrator finds mail under "The weekly digest" there)
                         ("本服务器目前无法发送邮件（邮件服务器没有响应或没有接收邮件），所以无法发送确认链接。没有保存任何内容："
                          "请稍后再试，或请管理员配置邮件服务器。")),
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
    "find_subscriber": ("Address or name", "地址或姓名"),
    "all_subscribers": ("All subscribers", "全部订阅者"),
    "no_subscriber_holds": ("No subscriber's address or name holds “{q}”.", "没有地址或姓名包含“{q}”的订阅者。"),
    "preview_whose": ("Whose digest", "谁的周报"),  # the preview's choice of one subscriber
    "preview_more_subscribers": (("{n} more subscribers are not in the menu: find one on the subscribers page and "
                                  "open its preview there."), "另有 {n} 位订阅者不在菜单中：可在订阅者页面找到并打开其预览。"),
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
    "interests_more_tag": ("More tags (type to find any tag; separate several with commas)",
                           "其他标签（输入以查找任一标签，多个用逗号或顿号分隔）"),
    "no_such_tag": ("No tag is named '{name}': choose one of the list offered as you type.",
                    "没有名为“{name}”的标签：请从输入时提示的列表中选择。"),
    "no_such_tags": ("No tags are named '{names}': choose each from the list offered as you type.",
                     "没有名为“{names}”的标签：请从输入时提示的列表中选择。"),
    "tag_names_joined": ("', '", "”、“"),  # between the names of no_such_tags, closing one's quote, opening the next
}
