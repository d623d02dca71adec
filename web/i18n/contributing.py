"""The words of contributing from the browser (issue 18; web/views/contribute.py)."""

from __future__ import annotations

# key -> (English, Chinese)
MESSAGES: dict[str, tuple[str, str]] = {
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
    "choose_files_button": ("Choose files", "选择文件"),
    "no_files_chosen": ("No file chosen yet.", "还没有选择文件。"),
    "upload_button": ("Upload and read", "上传并读取"),
    "upload_project_help": (("The project these documents belong to (they are kept in its folder). It may be left "
                             "empty when the files name their project themselves; if they do not, publishing asks "
                             "for it."),
                            "这些文档所属的项目（文件按项目存放）。文件里已写明项目时可以留空；没写明的，发布前需要填写。"),
    # a file naming no project, none typed: it was published under "no-project", its project shown nowhere
    "publish_needs_project": ("Which project is this from? Type it in the Project field, then publish.",
                              "这份文档属于哪个项目？请在“项目”一栏填写后再发布。"),
    "reading_files": ("Reading the files: {done} of {total} done.", "正在读取文件：已完成 {done} / {total} 个。"),
    "upload_not_kept": ("Not kept (the other files were uploaded):", "以下文件未保存（其他文件已上传）："),
    "upload_not_kept_more": ("… and {count} more not kept.", "……另有 {count} 个文件未保存。"),
    "upload_left_out": ("Left out, not a kind of file read here: {names}", "已略去（不是可读取的文件类型）：{names}"),
    "upload_left_out_empty": ("Left out, empty: {names}", "已略去（空文件）：{names}"),
    "upload_left_out_large": ("Left out, larger than the {file_mb} MB a file may be: {names}",
                              "已略去（超过单个文件 {file_mb} MB 的上限）：{names}"),
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
    "lessons_correct_help": (("Correct a lesson's kind or text, remove what is not a lesson and add what the reading "
                              "missed: publishing keeps your corrections, also when the file is read again."),
                             "可以更改经验的类别或文字，删除不是经验的条目，补充遗漏的经验：发布时保存这些更正，文件重新读取后依然有效。"),
    "lessons_edit_help": (("Correct a lesson's kind or text, remove what is not a lesson and add what the reading "
                           "missed: saving keeps your corrections, also when the file is read again."),
                          "可以更改经验的类别或文字，删除不是经验的条目，补充遗漏的经验：保存后这些更正在文件重新读取后依然有效。"),
    "register_correct_help": (("Each row of this register is a lesson: correct a row's kind or text, or remove a row "
                               "that is not a lesson. Publishing keeps your corrections, also when the file is read "
                               "again."),
                              "登记册的每一行是一条经验：可以更改某行的类别或文字，删除不是经验的行。发布时保存这些更正，文件重新读取后依然有效。"),
    "register_row": ("Row", "行"),
    "register_add_rows": (("To add lessons to a register, add rows to the file and upload it again (it replaces this "
                           "one), or record a lesson."),
                          "要向登记册补充经验，请在文件中添加行后重新上传（替换此文件），或直接记录一条经验。"),
    "unmatched_title": ("Corrections that match no lesson now: {n}", "找不到对应经验的更正：{n} 条"),
    "unmatched_help": (("When the file was read again, these corrections found no lesson like the one they were made "
                        "on (the reading changed, or the file). They are kept, and apply again if the lesson comes "
                        "back: correct the lesson below as it reads now, then forget the old correction."),
                       ("文件重新读取后，这些更正找不到原先对应的经验（读取规则或文件有变化）。它们仍被保留，如果该经验再次出现会重新生效："
                        "请在下方按现在的文字更正该经验，然后忘掉旧的更正。")),
    "unmatched_note": ("Lesson corrections that match no lesson since the file was read again: {n}",
                       "文件重新读取后找不到对应经验的更正：{n} 条"),
    "unmatched_all_help": (("Their files were read again and these corrections found no lesson like the one they were "
                            "made on. They stay listed here and in 'kb errors' until their lesson comes back or "
                            "someone redoes or forgets them on the document's Edit page."),
                           ("文件重新读取后，这些更正找不到原先对应的经验。在该经验重新出现，或有人在文档的编辑页重新更正或忘掉它们之前，"
                           "它们会一直列在这里和“kb errors”中。")),
    "unmatched_was": ("Your correction", "您的更正"),
    "unmatched_forget": ("Forget this correction", "忘掉这条更正"),
    "lesson_fix": ("Fix", "解决办法"),
    "lesson_remove": ("Not a lesson: remove", "不是经验，删除"),
    "lesson_edit_text": ("Edit the text", "修改文字"),
    "add_lessons": ("Add lessons the reading missed", "补充遗漏的经验"),
    "add_lessons_text": ("One lesson a line", "每行一条经验"),
    "correct_metadata": ("Correct anything that was misread, then publish.", "如有读取错误请先更正，然后发布。"),
    "publish": ("Publish", "发布"),
    "discard": ("Discard", "放弃"),
    "published": ("Published: {n} documents, searchable now. They wait for a curator's review.",
                  "已发布 {n} 篇文档，现在即可搜索，等待知识管理员审核。"),
    "published_one": ("Published: 1 document, searchable now. It waits for a curator's review.",
                      "已发布 1 篇文档，现在即可搜索，等待知识管理员审核。"),
    "uploads_still_waiting": ("{n} more files of this upload wait to be checked and published.",
                              "本次上传还有 {n} 个文件等待核对发布。"),
    "uploads_still_waiting_one": ("1 more file of this upload waits to be checked and published.",
                                  "本次上传还有 1 个文件等待核对发布。"),
    "upload_more": ("Upload more files", "继续上传"),
    "record_title": ("Record a lesson", "记录一条经验"),
    "record_edit_title": ("Change a recorded lesson", "修改已记录的经验"),
    "record_help": (("No document needed: write what happened, what you learned and what to do next time. It is "
                     "searchable at once and waits for a curator's review."),
                    "无需文档：写下发生了什么、学到了什么、下次怎么做。保存后即可搜索，并等待知识管理员审核。"),
    "record_hidden": (("A curator has hidden this lesson from readers. Once you save a correction, it goes back to "
                       "the curators for review."),
                      "知识管理员已对读者隐藏这条经验。修改并保存后，它会重新提交给知识管理员审核。"),
    "record_hidden_curator": (("This lesson is hidden from readers, and saving it here leaves it hidden: approve it on "
                               "its page to show it again."),
                              "这条经验已对读者隐藏，在此保存不会改变这一点：如要重新显示，请在它的页面上认可它。"),
    "lesson_hidden": ("Hidden from readers by a curator: corrected and saved, it goes back to the curators for review.",
                      "知识管理员已对读者隐藏这条经验：修改并保存后，它会重新提交给知识管理员审核。"),
    "lesson_hidden_curator": ("Hidden from readers: saving here leaves it hidden.",
                              "已对读者隐藏：在此保存不会改变这一点。"),
    "field_driving_event": ("What happened", "问题描述"),
    "field_lesson": ("The lesson", "经验教训"),
    "required_mark": (" (required)", "（必填）"),
    "field_recommendation": ("What to do next time", "改进建议"),
    "field_title_short": ("Short title", "简短标题"),
    "optional_mark": (" (optional)", "（可选）"),  # set as required_mark is: the two were styled unlike
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
    "resubmitted": ("Saved, and sent back to the curators for review.", "已保存，并重新提交给知识管理员审核。"),
    "hidden_reasons": ("Why a curator hid it", "知识管理员的隐藏原因"),
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
    # where a lesson recorded on the web came from, in words (its page showed the register's key and type)
    "handed_in_by": ("Recorded on this site by {name} on {when}", "由 {name} 于 {when} 在本站记录"),
    "uploaded_document": ("Uploaded document", "上传的文档"),
    "not_set": ("(not set)", "（未填写）"),
    "index_running": ("The search index is taking them in now: they are found by meaning and keywords within minutes.",
                      "搜索索引正在收录这些文档，几分钟内即可按语义和关键词搜索到。"),
    "index_pending": (("Stored, but the search index could not be updated just now: it will be found after the "
                       "administrator's next kb ingest or kb reindex."),
                      "已保存，但搜索索引暂时无法更新：管理员下次运行 kb ingest 或 kb reindex 后即可搜索到。"),
}
