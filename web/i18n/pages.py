"""The words of every page: the frame, search and its results, browsing, documents and lessons, logging in, errors,
and what a screen reader says."""

from __future__ import annotations

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
    "search_placeholder": ("Describe a problem, e.g. {example}", "描述你遇到的问题，例如：{example}"),
    "search_placeholder_short": ("Describe a problem", "描述你遇到的问题"),  # a phone's width (app.js)
    "search_button": ("Search", "搜索"),
    "paste_summary": ("Paste a lesson or a problem to find similar past issues", "粘贴一条经验或问题描述，查找类似的过往问题"),
    "paste_label": ("A lesson, a problem description or a retrospective section, up to {limit} characters",
                    "一条经验、一段问题描述或复盘的一节，最多 {limit} 个字符"),
    "paste_count": ("{count} of {limit} characters", "{count} / {limit} 个字符"),  # app.js fills in the numbers
    "paste_over": ("{count} of {limit} characters: {over} too many", "{count} / {limit} 个字符：多了 {over} 个"),
    "mode": ("Mode", "模式"),
    "mode_hybrid": ("Hybrid", "混合"),
    "mode_keyword": ("Keyword", "关键词"),
    "mode_semantic": ("Semantic", "语义"),
    "results_count": ("{total} documents", "共 {total} 篇文档"),
    "took": ("{ms} ms", "{ms} 毫秒"),
    "no_results": ("No results for “{q}”.", "没有找到与“{q}”相关的结果。"),
    "no_words": ("Punctuation and symbols alone are not searched for: type a word or two about the problem.",
                 "只有标点或符号无法搜索：请输入描述问题的词语。"),
    "past_last_page": ("Page {page} is past the last page of results ({pages}).", "第 {page} 页超出了结果的最后一页（第 {pages} 页）。"),
    "last_page": ("Go to page {pages}", "转到第 {pages} 页"),
    # nothing found: only what the reader can still do ("switch to Semantic mode, or remove some filters" was said
    # in Semantic mode and without a filter too)
    "no_results_help": ("Try other words or the other language (Chinese and English both work).",
                        "试试换个说法或用英文搜索（中英文都支持）。"),
    "no_results_help_semantic": (("Try other words or the other language (Chinese and English both work), or "
                                  "switch to Semantic mode, which looks for the meaning:"),
                                 "试试换个说法或用英文搜索（中英文都支持），或切换到按意思查找的“语义”模式："),
    "no_results_filtered": ("The filters may leave out what you are looking for:", "筛选条件可能把要找的内容排除了："),
    "search_without_filters": ("Search without the filters", "去掉筛选再搜一次"),
    "start_help": (("Search lessons from every project's retrospectives, post-mortems and reports, in Chinese or "
                    "English."), "搜索所有项目的复盘、事后分析和报告中的经验教训，中英文皆可。"),
    "examples": ("Examples", "示例"),
    # a store with no document yet (`kb init` only): what to do first, in place of examples that find nothing
    "empty_store": ("The knowledge base holds no documents yet, so a search finds nothing.",
                    "知识库里还没有任何文档，所以暂时什么也搜不到。"),
    "empty_store_contribute": ("Start it: hand in a project's retrospective or report, or write down one lesson.",
                               "从这里开始：上传一份项目复盘或报告，或者用几句话记录一条经验。"),
    "empty_store_others": (("Colleagues with a contributor's account hand in retrospectives here once logged in; "
                            "an administrator can load existing documents on the server with kb ingest (README)."),
                           ("有贡献者账号的同事登录后即可在这里上传项目复盘；管理员也可以在服务器上用 kb ingest 导入已有"
                            "文档（见 README）。")),
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
    "list_and": (" and ", "、"),  # before the last of a list in a sentence: "items 3, 4 and 6", "第 3、4、6 项"
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
    "export_documents": ("Export these documents", "导出这些文档"),
    "close_filters": ("Close", "收起"),
    "more_in_document": ("{n} more in this document", "本文档还有 {n} 条"),
    "also_in": ("Also in", "另见"),
    # How a hit was found: one hint a hit, chosen from its search legs (web/templates/_macros.html, how_found), and
    # on demand each leg with what it means.
    "how_words": ("matches your words", "含检索词"),
    "how_same_words": ("uses the same words", "用词相同"),  # in a list of what is like a lesson, a document, a theme
    "how_translation": ("found via translation", "经翻译找到"),
    "how_meaning": ("similar in meaning", "意思相近"),
    "how_related": ("uses related words", "含相关的词"),
    "how_found_show": ("Show how it was found", "查看是怎样找到的"),
    "matched_by": ("How it was found", "找到它的方式"),
    "leg_keyword": ("keywords", "关键词"),
    "leg_semantic": ("meaning", "语义"),
    "leg_translated": ("translation", "翻译"),
    "leg_feedback": ("related terms", "相关词"),
    "leg_cross_feedback": ("related terms, other language", "另一语言的相关词"),
    "leg_document_translation": ("translated document", "文档译文"),  # search/translated_index.LEG
    "leg_help_keyword": ("your words are in the text", "文中有你的检索词"),
    "leg_help_semantic": ("its meaning is close to your query's", "意思与检索内容相近"),
    "leg_help_translated": ("your words, translated, are in the text", "检索词的译文出现在文中"),
    "leg_help_feedback": ("words typical of the best results are in the text", "文中有最相关结果里的典型词语"),
    "leg_help_cross_feedback": ("words typical of the best results in the other language are in the text",
                                "文中有另一语言最相关结果里的典型词语"),
    "leg_help_document_translation": ("its translation has your words", "文档的译文里有你的检索词"),
    # the same, in a list of what is like a lesson, a document or a session's theme (nobody typed any words there)
    "compared_lesson": ("this lesson", "本条经验"),
    "compared_document": ("this document", "本文档"),
    "compared_theme": ("the session's theme", "分享会主题"),
    "leg_help_keyword_compared": ("words of {source} are in the text", "文中有{source}的词语"),
    "leg_help_semantic_compared": ("its meaning is close to that of {source}", "意思与{source}相近"),
    "leg_help_translated_compared": ("words of {source}, translated, are in the text", "{source}的词语的译文出现在文中"),
    "leg_help_document_translation_compared": ("its translation has words of {source}", "文档的译文里有{source}的词语"),
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
    "tags_none": (("No tags yet. Curators tag documents and lessons on their pages and in the review queue; tags "
                   "written in a file's front matter come in with it."),
                  ("还没有标签。知识管理员可以在文档和经验的页面上、以及审核队列中添加标签；文件开头元数据（front "
                   "matter）里写的标签会随文件一起导入。")),
    "document_tags": ("Its document's tags", "所属文档的标签"),  # a lesson carries them too (filters match them)
    "lessons": ("Lessons", "经验教训"),
    "lesson": ("Lesson", "经验"),
    "document": ("Document", "文档"),
    "content": ("Content", "正文"),
    "section": ("Section", "章节"),
    "similar_issues": ("Similar past issues in other projects", "其他项目中的类似问题"),
    "similar_lessons": ("Similar lessons in other projects", "其他项目中的类似经验"),  # what it lists (and no_similar says)
    "no_similar": ("Nothing similar found in other projects.", "其他项目中没有找到类似内容。"),
    "driving_event": ("Driving event", "问题描述"),  # the words of the record form and the exports
    "recommendation": ("Recommendation", "改进建议"),
    "documents": ("Documents", "文档"),
    "sort": ("Sort", "排序"),
    "sort_date": ("Newest", "最新"),
    "sort_oldest": ("Oldest", "最早"),  # "Date ↑" beside "Newest" said the same axis two ways, the arrow read either way
    "sort_title": ("Title", "标题"),
    "sort_project": ("Project", "项目"),
    "sort_ingested": ("Recently added", "最近添加"),  # where a digest's new lessons' "and N more" leads
    "sort_matched": ("Best match", "最匹配"),  # a digest's order, where its documents' "and N more" leads
    "all": ("All", "全部"),
    "apply": ("Apply", "应用"),
    "login_title": ("Log in", "登录"),
    "username": ("User name", "用户名"),
    "password": ("Password", "密码"),
    "login_failed": ("Wrong user name or password.", "用户名或密码错误。"),
    "login_fill_in": ("Type your user name and your password.", "请填写用户名和密码。"),
    "login_throttled": ("Too many failed attempts. Try again in {minutes} minutes.",
                        "失败次数过多，请 {minutes} 分钟后再试。"),
    "logged_in_as": ("Logged in as {name} ({role})", "当前用户：{name}（{role}）"),
    "role_reader": ("reader", "读者"),
    "login_help_anonymous": (("Searching and reading need no account. Accounts, to hand in lessons or curate them, "
                              "are made by an administrator."),
                             "搜索和阅读无需登录。用于提交或整理经验的账户由系统管理员开设。"),
    "login_help": ("Accounts are made by an administrator.", "账户由系统管理员开设。"),
    "login_needed": ("That page needs an account: log in to open it.", "该页面需要登录：登录后即可打开。"),
    # under "This needs the contributor role": whose account it is, and who can change that (it was a dead end)
    "role_refused_help": ("Your account's role is {role}; an administrator can change it.",
                          "你的账户角色是{role}，如需更改，请联系系统管理员。"),
    "role_curator": ("curator", "知识管理员"),
    "role_admin": ("admin", "系统管理员"),
    "saved": ("Saved.", "已保存。"),
    "error": ("Error", "错误"),
    "not_found": ("Not found", "未找到"),
    "forbidden": ("Not allowed", "无权访问"),  # a heading, as "Not found" is
    "url_too_long": ("The address is longer than {kb} KB: shorten the query.", "网址超过 {kb} KB，请缩短查询内容。"),
    "back_home": ("Back to search", "返回搜索"),
    # a 404 under an area also leads to the area's list: a deleted session's link in an old digest, a document removed
    "back_sessions": ("All share sessions", "全部经验分享会"),
    "back_browse": ("Browse the documents", "浏览全部文档"),
    # a form refused for its expired token (web/expired_forms.py, _expired_form.html)
    "browse_tagged_lessons": ("Lessons with this tag", "带此标签的经验"),
    "browse_tagged_lessons_help": (("Tagged themselves, in documents without the tag (so not among the documents "
                                    "above); newest first."), "经验本身带有此标签，所在文档没有（因此不在上面的文档中）；最新的在前。"),
    "browse_tagged_lessons_more": ("and {n} more", "另有 {n} 条"),
    "expired_kept": ("The form had expired: the page was open a long time, or you logged in again since.",
                     "表单已过期：页面打开时间过长，或您之后重新登录过。"),
    "expired_lessons": ("Lessons", "经验"),  # the lessons ticked in a form, listed by number
    "expired_back_to_form": ("Back to the form's page", "返回表单所在页面"),
    "expired_back_keeps": (("Your browser's Back button keeps what you typed: copy it from there, reload the page "
                            "and paste it into the fresh form."),
                           "浏览器的“后退”会保留您已填写的内容：请从那里复制，刷新页面后粘贴到新的表单中。"),
    "expired_resend_help": (("Nothing was saved. What you sent is kept below; check it and send it again (with a "
                             "fresh form token)."), "尚未保存任何内容。您提交的内容保留如下，核对后可重新提交（已附新的表单令牌）。"),
    "expired_resend": ("Send again", "重新提交"),
    "expired_choose_file_again": ("The file you chose was not kept: choose it again on the form's page.",
                                  "所选文件未能保留，请回到表单页面重新选择。"),
    "n_documents": ("{n} documents", "{n} 篇文档"),
    "n_documents_one": ("1 document", "1 篇文档"),
    "n_lessons": ("{n} lessons", "{n} 条经验"),
    "n_lessons_one": ("1 lesson", "1 条经验"),
    "tag_counts_legend": ("Beside each tag: the documents tagged with it, and after a + the lessons.",
                          "标签后的数字是带此标签的文档数，“+”后是经验数。"),
    "lang_zh": ("Chinese", "中文"),
    "lang_en": ("English", "英文"),
    "lang_mixed": ("Mixed", "中英混合"),
    "similar": ("Similar", "相似"),
    "open": ("Open", "打开"),
    "hidden_by_curator": ("(hidden by a curator)", "（已被知识管理员隐藏）"),
    "document_redacted": (("Parts of this document hold lessons a curator has hidden: it is shown section by "
                           "section, without them."), "本文档的部分内容包含已被知识管理员隐藏的经验：以下按章节显示，不含这些部分。"),
    "hidden_from_readers": (("Readers see this document section by section, without the sections that hold "
                             "the lessons hidden here."), "读者看到的是按章节显示的本文档，不含包含这些隐藏经验的章节。"),
    # The reader's language and the relevance floor (issue 16; web/views/search_args.py).
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
    # Accessibility: what a screen reader says where the screen shows a symbol or nothing.
    "skip_to_content": ("Skip to the content", "跳到正文"),
    "skip_to_results": ("Skip to the results", "跳到搜索结果"),
    "search_heading": ("Search the lessons", "搜索经验教训"),
    "results_heading": ("Results for {q}", "“{q}”的搜索结果"),
    "actions": ("Actions", "操作"),
}
