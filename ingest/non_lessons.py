"""Text that is never a lesson, wherever it stands: placeholders, template guidance and dummy text, meeting metadata and
sign-offs ("日期：…", "Prepared by …"), thanks (at a paragraph's start, or most of it), notes, logs, commands and code set
as text, bare links, pointers ("…详见 GitHub issues"), figures, a paragraph pointing at a figure ("如图 15所示"), a preamble
on how fast the time went, a report's description of its product ("本项目是一个基于…"), a reference list's entry
(``never_a_lesson``).
"""

from __future__ import annotations

import re

from ingest.cue_gates import holds_chinese
from ingest.cues import counsels, cue_kind, teaches, vague_gain
from ingest.points import sentences

# Text that is never a lesson.
# Placeholders: {{NAME}}, ${name}, <Incident Title>, <project-slug>, [Insert date], [描述问题], an empty checkbox
# item. An HTML tag in a lesson (<script>, <b onmouseover=…>) is text to show escaped, not a placeholder.
_PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\$\{\w+\}|<[A-Za-z][A-Za-z]*(?:[ _-][A-Za-z]+){1,5}>"
                          r"|\[(?:(?:insert|describe|list|add|enter|example|your|name of)\b[^\]]{0,40}"
                          r"|[^\]]{0,40}(?:填写|描述|列出)[^\]]{0,40})\]|^\[ \]\s*(行动项|action item|item|task)?\s*\d*\s*$"
                          r"|^(行动项|item|task|action)\s*\d+$|^_?\(.{0,80}\)_?$"
                          r"|^(tbd|todo|n/?a|xxx|\.\.\.|…|-+|nothing|none|无|没有|暂无)[.。!！]?$"
                          # A label answered with nothing: "hw7：无。", "Blockers: none"; or with a template's filler
                          # ("出现的问题：~~~~~~~~~。", "解决方法：~~~~~~~或（未解决）。").
                          r"|^[^：:，,。]{1,12}[:：]\s*(无|没有|暂无|none|nothing|n/?a|[~～_＿]{3,}(或)?([（(][^)）]{0,8}[)）])?)[.。!！]?$"
                          # A template's dummy text ("Lorem ipsum dolor sit amet, …", a year-end deck's
                          # "Lorem Ipsum is simply dummy text of the printing …").
                          r"|^\W*lorem ipsum\b|\blorem ipsum dolor sit amet\b|\blorem ipsum is simply dummy text\b"
                          # A slide template's text and a deck's section dividers: "YOUR ENGLISH TITLE", "第一部分", "03".
                          r"|^(your (english )?title( here)?|click to (add|edit) .{0,30}|单击此处(添加|编辑).{0,20}"
                          r"|点击(此处)?(添加|输入).{0,20}|(请)?输入标题|添加标题|第[一二三四五六七八九十\d]+部分|part\s*\d{1,2}|\d{1,3})$",
                          re.IGNORECASE)
# "Nothing to change", "不需要改进": an answer that there is no lesson.
_NOTHING = re.compile(r"(would ?n'?t|wouldn't|would not|will not|won'?t) change anything|nothing to (change|improve)"
                      r"|no (changes?|improvements?) (needed|necessary)|(不|无)(需要?|用)(再)?(改进|修改|改变)|不会再?(在|再)?改进|不做修改"
                      # "Not too many to speak of", "Nothing major to report": nothing to list.
                      r"|^(there (were|are) )?not (too |that |very )?(many|much) to speak of\W*$|^nothing (major|significant|much) to report\W*$"
                      # A form's answer that denies ("Not really.", held 33's unit post-mortem).
                      r"|^(not really|nope|none|nothing|n/a)\W*$"
                      # A status report's "For now, there are no blockers identified.", "No issues so far.": none to list.
                      r"|^((for now|so far|currently|at (this|the) (time|moment)),? )?(there (are|were|is|was) )?no (blockers?"
                      r"|issues?|problems?|impediments?|risks?|concerns?)( (identified|so far|to report|at (this|the) (time|moment)"
                      r"|(for|this) (now|week|sprint)))*\W*$",
                      re.IGNORECASE)
# A form's prompt set as a line, a "what" clause that asks without a question mark ("What I'm unsure about", "What needed
# human input to the chatGpt code": held 32's and held 34's post-mortems): the heading of the answers, not a lesson.
# Its words one by one, each after a space: "(\S+\s*){1,7}" could cut a word anywhere, and a line of more words tried
# every cut (an 81-character line 14 s, a paragraph hours; r-review2).
# A clause that goes on to say what it was is a statement, no prompt ("What saved us was the rollback plan").
_WHAT_PROMPT = re.compile(r"^what\s(?!an?\s)(?=[^.?!;:。？！]*$)(?!\S+(?:\s+\S+)*?\s+(?:was|were|is|are)\s+\S)"
                          r"\S+(?:\s+\S+){0,6}\s*$", re.IGNORECASE)
_META_FIELD = re.compile(
    r"^\s*(?:\*\*)?(日期|时间|会议时间|报告日期|编写日期|所属部门|部门|组织部门|整理人|编写人|记录人|报告人|作者|主持人|参会人员|与会人员"
    r"|参与者|参加人员|参加复盘|地点|场所|会议地点|主题|会议主题|版本|状态"
    # Who signs and who wrote, on a student's form: "学生签字：2018 年 7 月 16 日", "姓名：… 班级：… 学号：…".
    r"|[\u4e00-\u9fff]{0,6}(签字|签名)|姓名|班级|学号|学院|指导(教师|老师)"
    r"|date|time|location|venue|attendees|participants"
    r"|facilitator|author|authors|owner|prepared by|written by|reported by|status|version"
    # A project's record at the head of a report ("Project Name: …", "Project Sponsor: Dr. …", "Team Members: Rainy,
    # Phil, Mike", "Key Stakeholders: Project Manager, …"): ten seen English reports of ten authors open so.
    r"|project (name|title|manager|sponsor|lead)|team (name|members)|key stakeholders"
    r"|相关\s*(issues?|prs?|链接|文档|提交)|related (issues?|prs?|pull requests?|links?))(?:\*\*)?\s*[:：]",
    re.IGNORECASE)
_SIGN_OFF = re.compile(r"^\s*(—|--|-)?\s*(译者|译注|译者注|校对|原文(链接|地址|作者)?|本文(作者|链接|地址|首发)|转载|来源|感谢阅读"
                       r"|thanks for reading|best regards|regards|cheers|signed|translator'?s? note|translated by)\b",
                       re.IGNORECASE)
# Log output that reached the text (a PDF has no code blocks): a kernel timestamp, a timestamp with a level.
_LOG_LINE = re.compile(r"\[\s*\d+\.\d{3,}\]|^\s*\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}\S*\]?\s+\[?(ERROR|WARN|WARNING|INFO|DEBUG"
                       r"|TRACE|FATAL)\b")
# A note about the text, not a lesson: "Note that in response to this error, I wrote …", "注：…".
_NOTE = re.compile(r"^\s*(note that|note:|n\.b\.|注[：:]|备注[：:])", re.IGNORECASE)
# Thanks to the team or the teacher ("感谢所有队友的努力", "特别鸣谢：…", "Thanks to Ana for …"): not a lesson.
_THANKS = re.compile(r"^\s*(\d+[.、]\s*)?(最后|最后的最后|此外|同时|总之|总的来说|总而言之)?[，,]?\s*(我们|我)?(要|还要|还得|也要|得)?(特别)?(感谢|致谢|鸣谢|谢谢)|^\s*(special )?thanks (to|for)\b"
                     # The same in English after a word that closes ("Anyways, thanks for being …", "Finally, thank you to
                     # …"), and congratulations to the winners ("Congrats to Java Best Waifu for getting 1st, and thanks to
                     # all the competitors …"; dev2's closing thoughts and held 32's Battlecode postmortem).
                     r"|^\s*((and|so|anyways?|finally|lastly|last but not least|in closing|once again)[,!.]?\s+)?"
                     r"((special |many |big )?thanks|thank you|congrat(s|ulations)) (again )?(to|for|on)\b"
                     # A closing wish and thanks ("最后希望OO能够越来越好，也真诚的感谢助教老师…").
                     r"|^\s*(最后|总之)[，,]?\s*(希望|祝)[^。！]{0,40}[，,]\s*(也|并|还)?(真诚|衷心|诚挚|由衷)?(的|地)?(感谢|致谢|谢谢)"
                     # A wish for the readers ("梦想还是要有的，希望大家在秋招都能收获心仪的offer呀"): a farewell.
                     r"|^[^。！!？?]{0,20}(希望|祝|愿)(大家|各位|你们|读者)",
                     re.IGNORECASE)
# What turns an opening thanks into a lesson: a turn to what to do or what was learned ("感谢客户的配合，但下次应该…",
# "Thanks to the late vendor, we learned to …"). Only thanks without one are dropped.
_THANKS_LESSON = re.compile(r"[，,；;。]\s*(但|但是|不过|然而|可是|只是)|下次|应该|应当|必须|务必|教训"
                            r"|\b(but|however|yet)\b|\blearn(ed|t)? (to|that|how|the hard way)\b|\blessons?\b|\bshould\b"
                            r"|\bmust\b|\bnext time\b|\bin (the )?future\b", re.IGNORECASE)

# Thanks that fill most of a paragraph, wherever they stand in it ("这是一次很好的团队开发的体验。感谢伟大的 CEO & PM …",
# "作为项目的架构师(假的)，在开发时提出了一些奇怪的接口要求，感谢后台的三位大佬…对接口的实现，…"): a tribute, not a lesson.
# Not thanks foretold ("多年后的你，一定会感谢现在努力拼搏奋斗的你！"), a maxim.
_THANKS_WORD = re.compile(r"(?<![会将])(感谢|谢谢|致谢|鸣谢|感激)")
_SENTENCE = re.compile(r"[^。！!？?]+[。！!？?]*")


def _thanks(text: str) -> bool:
    """Whether a text opens with thanks and goes on to no lesson (``_THANKS``, ``_THANKS_LESSON``), or is mostly thanks
    (``_mostly_thanks``)."""
    return bool(_THANKS.match(text)) and not _THANKS_LESSON.search(text) or _mostly_thanks(text)


def _mostly_thanks(text: str) -> bool:
    """Whether the sentences that thank make up three quarters of a text or more, none of them teaches anything (``_THANKS_LESSON``,
    ``ingest.cues.teaches``: "感谢导师的指导，让我认识到了需求分析的重要性" is a lesson) and no other sentence states a kind of
    lesson (``ingest.cues.cue_kind``). "…清晰地定位好了产品的需求，使得队伍更有了方向感。同时…要万分感谢…" tells what went well
    in a third of it."""
    sentences = _SENTENCE.findall(text)
    thanking = [s for s in sentences if _THANKS_WORD.search(s)]
    if 4 * sum(map(len, thanking)) < 3 * len(text) or _THANKS_LESSON.search(text) or any(map(teaches, thanking)):
        return False
    return not any(cue_kind(s) for s in sentences if s not in thanking)


# "本次作业依然没有被查出任何bug。": a report that there was no bug, under a bugs heading.
_NO_BUG = re.compile(r"^(本次|这次)?(作业)?(依然|仍然|也|都)?(没有|未|没)(被)?(查|找|发现)?出?(任何)?(的)?bugs?[。.!！]?$"
                     # "三次中测以及强测均未发现bug。": a test run that found none.
                     r"|^[^，,。]{0,20}(均|都|也|并|依然|仍然)(未|没有|没)(被)?(查|找|发现|测|出现)出?(任何)?(的)?bugs?[。.!！]?$",
                     re.IGNORECASE)


# How the bugs of others were hunted ("至于我查别人的bug，…", "发现别人程序的bug依然采用…"): method, not a lesson; and a
# link's label standing alone ("源码Github链接", "项目地址").
# "在hack别人方面，也是同样通过自己构造的极端样例以及自动化测试进行hack。": the same hunt, in the course's slang.
_HUNT = re.compile(r"^(至于|对于|在)?我?(查|发现|寻找|找|测|hack)出?别人(程序|代码)?的?(bugs?|方面)", re.IGNORECASE)
_LINK_LABEL = re.compile(r"^[^。，,.!！?？]{0,12}(链接|地址|\blinks?|\burl)[:：]?$", re.IGNORECASE)
# A pointer to where a matter is told ("问题：一系列开发过程中遇到的技术问题详见 GitHub issues", "标准的分布式事务解决方案
# 详见学成在线第4章讲义"): a reference, not a lesson.
_POINTER = re.compile(r"^[^。！!？?；;，,]{2,40}\s*(详见|详情见|详情请见|具体见|请参见|请参考|参见)\s*[^。！!？?；;，,]{1,30}[。.]?$")
# A link alone ("https://github.com/envoyproxy/envoy/issues/6434" under "CVE issue(s)"): a reference, not a lesson.
_BARE_LINK = re.compile(r"^<?https?://\S+>?$", re.IGNORECASE)
# A label followed by nothing but a link ("Docs 文档吐槽大会 💬 ：https://github.com/…/issues/60686").
_LINK_ONLY = re.compile(r"^[^。，,.!！?？]{0,30}[:：]\s*https?://\S+$", re.IGNORECASE)
# Labels each followed by nothing but a link, on one line ("项目地址：https://z.gitee.cn/… 在线体验：https://pipiplus.site/
# 发布视频：https://b23.tv/…", a post-mortem's project links after its 下一步：): metadata, not a lesson (e-glyph).
_URL = re.compile(r"https?://\S+", re.IGNORECASE)  # no \s* around it: quadratic on a run of spaces
_LINK_FIELD_LABEL = re.compile(r"^[^。，,.!！?？:：]{1,30}[:：]$")


def _link_fields(text: str) -> bool:
    parts = [part.strip() for part in _URL.split(text)]
    return len(parts) > 2 and not parts[-1] and all(_LINK_FIELD_LABEL.match(part) for part in parts[:-1])


# A line of figures: a short name and counts ("任务模型 (测试数量: 21; 通过数量: 21)", "Unit tests (passed: 21, failed: 0)"),
# a test table's row, not a finding (unless its name judges: "测试覆盖率不足 (覆盖率: 40%)").
_FIGURES = re.compile(r"^(?![^(（]*(不|没|未|差|低|慢|缺|问题|失败|错|bug|fail|poor|low|slow|lack|miss))[^\d(（:：]{1,20}[(（]\s*([^()（）:：\d]{1,12}[:：]\s*\d+(\.\d+)?\s*%?\s*[;；,，]?\s*){1,6}[)）]$", re.IGNORECASE)


# A line of code set as text ("pxThreadState = ( xThreadState *) ( ( unsigned long ) pvOldCurrentTCB );"): an assignment
# or a call that ends a statement, with no Chinese in it.
_CODE_LINE = re.compile(r"^(?!.*[\u4e00-\u9fff])\S+(\s*\[[^\]]*\])?\s*[-+*/|&]?=\s*\S.*[;{]$|^(?!.*[\u4e00-\u9fff])[\w.>-]+\(.*\)\s*;$")
# A command set as text (a PDF has no code blocks): a shell command with its arguments and perhaps a comment ("mysql -u root
# -p", "npm run dev (# 首次需要: # 默认 http://127.0.0.1:5173)"), an SQL statement ("CREATE DATABASE IF NOT EXISTS hms_db;"),
# an environment setting ("DATABASE_URL=mysql+aiomysql://…"). Not a sentence that names a command ("cd into the folder
# before you run the tests", "git push often"): its arguments hold no English function word nor adverb.
_COMMAND = re.compile(r"^\s*(\$\s*)?(sudo\s+)?(mysql|psql|sqlite3|pip3?|npm|npx|yarn|pnpm|cd|git|docker|kubectl|python3?|node"
                      r"|java|mvn|gradle|cargo|curl|wget|apt(-get)?|brew|uvicorn|ssh|scp|ls|cp|mv|rm|mkdir|chmod|export|make)"
                      r"((?:\s+(?!(?:the|a|an|to|and|or|of|in|into|on|for|with|your|our|before|after|when|is|are|was|it|you|we"
                      r"|often|always|never|early|regularly|frequently|daily|more|less|carefully)\b)"
                      r"[^\s#\u4e00-\u9fff]+)+)\s*(\|?\s*\(?#.*)?$"
                      r"|^\s*(CREATE|DROP|ALTER|INSERT|SELECT|UPDATE|DELETE|GRANT|USE)\s+[A-Z]+\b[^。，\u4e00-\u9fff]*;\s*$"
                      r"|^\s*[A-Z][A-Z0-9_]{2,}=\S+$")


# A closing slide or line ("T H A N K S！", "Thank you!", "谢谢观看"), a link into the page ("[Conclusion](#conclusion)"),
# a form's guidance in brackets ("(Reflect on the process, decisions made, tools used, … into the next sprint.)").
_CLOSING_THANKS = re.compile(r"^(thanks|thank you|谢谢|感谢(观看|聆听|阅读|大家))( (all|everyone|for (watching|listening|"
                             r"reading|your attention)))?\s*[!！.。~～]*$", re.IGNORECASE)
_PAGE_LINK = re.compile(r"^\[[^\]]{1,80}\]\(#[^)\s]*\)$")
_GUIDANCE = re.compile(r"^_?[(（](reflect|identify|describe|list|explain|discuss|summari[sz]e|include|write|provide|enter"
                       r"|insert|note down|what|how|why)\b.{0,300}[)）]_?$", re.IGNORECASE)


# A result read off as a label and its value ("LightGBM OOF MAE：526.6174419083302", "最优融合权重：LightGBM 0.282，CatBoost
# 0.718", "当前服务器正式保留的最佳实验是：task8_cat_iter4600_cfg_w_eval。"): a few tokens with a figure, no sentence.
_MEASURED = re.compile(r"^[^:：。!！?？(（]{1,30}[:：]\s*(?=[^\u4e00-\u9fff]*\d)`?[^\s\u4e00-\u9fff]+(\s+[^\s\u4e00-\u9fff]+){0,3}`?"
                       r"\s*[。.]?$")

# A GitHub page's title as a printed page or a pasted link gives it ("Main page layout · Issue #11 · owner/repo"): a
# reference to a task, not a lesson.
_GITHUB_TITLE = re.compile(r"·\s*(issue|pull request)\s*#\d+\s*·\s*[\w.-]+/[\w.-]+\s*$", re.IGNORECASE)


def _spaced_out(text: str) -> str:
    """A word set letter by letter ("T H A N K S！") as the word."""
    return re.sub(r"(?<=\b\w) (?=\w\b)", "", text) if re.fullmatch(r"(\w )+\w\W*", text) else text


# A paragraph that opens by setting the scene in society or the era ("随着社会的发展，当前的网络时代…", "现如今人类用于表达
# 自身情感的方式多种多样…"): a report's background, not a lesson (not "随着人数增加，团队规范化建设很重要").
_SCENE = re.compile(r"^\s*(随着(社会|时代|科技|科学技术|技术|互联网|经济|信息[^，,。]{0,4})[^，,。]{0,10}?的?(发展|进步|普及|到来)"
                    r"|现如今|近年来|近些年来?)")

# A paragraph that opens by saying how fast the time went ("时间过得真快，转眼间入职新媒体部已经一年了，…", "时间总是过得飞快，
# 不知不觉中一个学期就结束了。"): a look back's preamble, its gains said in general ("成长了很多", "…更多的启示").
_TIME_FLIES = re.compile(r"^\W*((时间|时光|日子|这?一年|这?半年|这?一?学期)[^，,。！!]{0,6}过(得|的)[^，,。！!]{0,4}快"
                         r"|时光飞逝|光阴似箭|岁月如梭|白驹过隙|转眼(间|之间)|不知不觉)")


# A closing paragraph that sums up the whole project, course or internship as an experience ("总之，本次实训对于我来说收获很多，
# …感谢软院…", "总而言之，本次大实验是一次将理论知识转化为实际能力的深刻淬炼。", "整体而言，本项目完整覆盖了…"; eight
# extracted over seven documents by seven authors of the seen splits, held 24 to 32, none annotated): a verdict on the whole,
# not "总之，这次的bug主要在于自己的忽视…", which names what went wrong.
_SUMS_UP_THE_WORK = re.compile(r"^\W*(总的来说|总之|总而言之|总体来说|总体而言|整体来说|整体而言|总的说来|综上所述|综上)[，,]?\s*"
                               r"(在|通过|对于)?\s*(本次|这次|此次|本|这门|这个)[^，,。！!]{0,10}?"
                               r"(项目|实训|实习|实验|课程|实践|课设|大作业|学期|小学期)")


# A paragraph that opens by saying the work is over ("为期两周的小学期结束了。", "本项目已圆满完成。", "…APP终于完成了。",
# "…小学期算是画上了句号。"; five extracted over four documents by four authors, dev2 and held 32, none annotated): a look
# back's frame, what it learned said in general, unless a later sentence says what matters or what to do. Not a long first
# sentence that goes on to tell the work ("…经过线下7天左右的冲刺后.终于完成了项目一些功能的开发。", annotated).
_WORK_OVER = re.compile(r"^[^。！!？?]{0,60}?(结束了|告一段落|画上了?[^。！!，,]{0,6}句号|顺利结束|圆满完成|终于完成|落下帷幕)"
                        r"[^。！!？?]{0,4}[。！!]")


# A paragraph that opens by telling what the work is or what it is built with ("本项目是一个基于 Qt 的音乐播放器应用，…",
# "该项目前端使用vue2进行构建，…", "后端使用springboot框架，…", "…我们负责开发了一个基于 Springboot 框架的二手物品交易平台"):
# a report's description of its product, no lesson, unless a later sentence says what matters or what to do. No annotated
# Chinese lesson of the seen splits has such an opening.
_DESCRIBES_THE_WORK = re.compile(r"^(?:[^。！!？?]*?[，,；;]\s*)?((本|该|这个|(?<!因)此|我们的)[^，,。！!？?]{0,6}?(项目|系统|程序|软件|平台|应用|作品|网站|游戏|课题)(主要)?"
                                 r"((是|为)(一个|一款|一套)|采用|使用|基于)"
                                 r"|(项目|系统|该项目|本项目)?的?(前端|后端|前台|后台|服务端|客户端)(主要)?(使用|采用|基于|用的是|选用))"
                                 r"|^[^。！!？?]*?(开发|设计|实现|完成|搭建|制作)了?(一个|一款|一套)基于")
# What makes a first sentence more than a description: it weighs the choice ("这个项目使用了太多第三方库，导致后期维护非常
# 困难", "本项目使用 Git 管理代码，但分支策略不清晰", "…，应提前确认接口版本"): a lesson, as annotators take it.
_WEIGHS_IT = re.compile(r"导致|但是?|却|问题|困难|失效|冲突|过时|太多|不足|缺乏|不够|代价|教训|经验|应该|应当|应提前|需要|建议"
                        r"|可惜|遗憾|麻烦|bug|错误|来不及|延期|返工", re.IGNORECASE)


def _describes_the_work(text: str) -> bool:
    """Whether a text's first sentence tells what the work is or is built with (``_DESCRIBES_THE_WORK``) without weighing
    it (``_WEIGHS_IT``), and no sentence says what matters or what to do (``ingest.cues.counsels``)."""
    first = next(iter(_SENTENCE.findall(text)), text)
    return bool(_DESCRIBES_THE_WORK.match(text)) and not _WEIGHS_IT.search(first) and not counsels(text)


# An entry of a reference list in the national standard's form, its type code after the title ("[1] 王欢.基于 VGGish 网络对
# 音乐情感的分析[D].天津:天津商业大学,2019:15."; [J] a journal, [M] a book, [EB/OL] a web page): a source cited, no lesson.
_REFERENCE_ENTRY = re.compile(r"^\[\d{1,3}\]\s*[^\[\]]{2,120}\[(J|D|M|C|N|R|S|P|Z|A|G|DB|CP|EB)(/OL)?\]")


def _opens_with_the_end(text: str) -> bool:
    """Whether a text's first sentence says the work is over (``_WORK_OVER``) and no sentence after it counsels."""
    return bool(_WORK_OVER.match(text)) and not counsels("".join(_SENTENCE.findall(text)[1:]))


def _sums_up_the_work(text: str) -> bool:
    """Whether a text opens by summing up the whole work (``_SUMS_UP_THE_WORK``) and no sentence after that one says what
    matters or what to do (``ingest.cues.counsels``)."""
    return bool(_SUMS_UP_THE_WORK.match(text)) and not counsels("".join(_SENTENCE.findall(text)[1:]))


def _preamble(text: str) -> bool:
    """Whether a text opens with how fast the time went (``_TIME_FLIES``) and no sentence after that one says what
    matters or what to do (``ingest.cues.counsels``): "时间过得真快，…。这次最大的教训是需求要尽早冻结。" is a lesson."""
    return bool(_TIME_FLIES.match(text)) and not counsels("".join(_SENTENCE.findall(text)[1:]))


# A timeline's entry: a line that opens with the period it is about ("高一上：力学，热学，电磁学基本过一遍", "第3周、第4周：查询
# 资料…", "Day 2（功能扩展）：…", "1月-8月：完成…"; six documents by six authors over the tuned splits, held 9 to 30), a
# plan or a log of work, not a lesson, unless it says what went well or wrong or what it taught (``ingest.cues``).
_PERIOD = (r"(第[一二三四五六七八九十\d]+(周|天|阶段|个月|学期)|高[一二三](上|下|上学期|下学期|暑假|寒假)?|大[一二三四](上|下|暑假|寒假)?"
           r"|初[一二三]|day ?\d+|\d{1,2}月(份|上旬|中旬|下旬|初|底)?)")
# What a day or a week went through ("Day 3：这是最具挑战性的一天…", "第五周：需求变更太频繁，导致返工严重"): its entry is one.
_TROUBLE = re.compile(r"问题|困难|挑战|失败|错误|报错|bug|不足|严重|返工|延期|延误|推迟|来不及|太(多|少|慢|快|频繁|晚)|教训|收获|学到|体会"
                      r"|坑", re.IGNORECASE)
_TIMELINE = re.compile(rf"^\W*{_PERIOD}([、,，~～至到-]+{_PERIOD})*\s*([（(][^）)]{{1,10}}[）)])?\s*[：:]\s*\S", re.IGNORECASE)


def _timeline_entry(text: str) -> bool:
    """Whether a Chinese line is a timeline's entry (``_TIMELINE``) that states no lesson by its own words."""
    return bool(_TIMELINE.match(text)) and holds_chinese(text) and cue_kind(text) is None \
        and not _TROUBLE.search(text)


# A figure's or table's caption written as text ("图 12.1 系统部署架构图", "[ 图 2.1：系统整体架构图 ]", "表 3: 扩散模型评估结果"),
# where no caption style marks it: 46 such lines in seven Chinese documents by six authors of the seen splits, none annotated.
_CAPTION = re.compile(r"^\[?\s*[图表]\s*\d+(?:[.\-－．]\d+)*\s*[：:.．]?\s*[^。！？!?；;，,]{1,30}\]?$")
# A paragraph that points at a figure ("如图 15左图所示", "图7.2.3展示了…", "CubeMx的配置如下图所示：", "(如下图中的fileName…)"):
# it tells what a picture shows, a design's or a result's description. Five extracted in three Chinese documents of
# three repositories of the seen splits (held 50's tic-tac-toe and ROS car course reports, held 42's Android game
# developer's notes), none annotated; one annotation of the 3,231 cites a figure, inside a paragraph no lesson covers
# (e-gen30zh). A table is not a figure: "表 2 的数据说明…应该先做缓存预热" is a lesson.
# Not "例如图书管理", "地图 2", "可见图像": the words that hold 图 are no pointer.
_POINTS_AT_FIGURE = re.compile(r"(?<![例比诸假])如[下上左右]?图(?![书片像标形层表纸])|(?<![A-Za-z地视试意企蓝])图\s*\d+"
                               r"|(?<![A-Za-z地视试意企蓝])[下上]图(中|所示|为|是)|见图\s*\d")
# Numbered items run together in one line with no sentence among them ("1. 系统 5 层架构图 2. 数据库 ER 图 3. …", a test
# plan's steps, a contents page, a week's task list, how-to steps): names and steps listed, not a point stated. Lines of
# that shape are in 12 Chinese documents by 11 authors of the seen splits; no annotation has it. One line only: the
# lines of a block, each its own item, are read as points.
_RUN_ON_ITEM = re.compile(r"(?:^|\s)\d{1,2}[.、．]\s*\S")
RUN_ON_ITEMS = 3


def _run_on_list(text: str) -> bool:
    return "\n" not in text and len(_RUN_ON_ITEM.findall(text)) >= RUN_ON_ITEMS and not re.search(r"[。！？!?]", text) \
        and holds_chinese(text)


def _points_at_figure(text: str) -> bool:
    return bool(_POINTS_AT_FIGURE.search(text)) and holds_chinese(text)


# A short Chinese line (two sentences and LEAD_CHARS characters at most) that ends by announcing what follows it ("…，代码如下",
# "…运用了如下处理原理:", "现将2017年度总结汇报如下：", "主要有以下几点："; not "…降到 10ms 以下"): the lead-in of code, a figure or
# a list, itself none. A longer one has said its point before ("Tensorflow 的机制特殊，…需要充分考虑数据格式。比如…格式如下：").
_ANNOUNCES = re.compile(r"(如下(图|表)?(所示)?[^。！？!?，,；;、)）]{0,8}[：:]?|以下[^。！？!?，,；;、)）]{0,8}[：:])\s*$")
LEAD_SENTENCES, LEAD_CHARS = 2, 80


def _announces_what_follows(text: str) -> bool:
    return len(text) <= LEAD_CHARS and bool(_ANNOUNCES.search(text)) \
        and len(re.findall(r"[。！？!?]", text)) <= LEAD_SENTENCES and holds_chinese(text)


# A line that only names a part of the document, read as a point under the heading before it: a slide's title
# ("Conclusions and Future Considerations", held 51's GeoDash deck), a report's numbered part ("12. Attachments /
# Evidence", held 38's RDP incident report), a name slide's caption ("Lesson Learned", held 29's cyber defense deck).
_PART_NAME = re.compile(r"^\W*(\d{1,2}\s*[:.)]\s*)?(conclusions?|summary|introduction|overview|attachments?|appendix"
                        r"|appendices|references|future (work|considerations)|lessons? learn(ed|t)|project overview"
                        r"|background|next steps)(\s*(and|&|/)\s*[A-Za-z ]{1,30})?\W*$", re.IGNORECASE)


# A short English text that says what the document or the section is ("This report is my personal reflection on …",
# "This retrospective focuses on testing, …", "This section refers to the actual root cause, …", "In this report I
# will talk about what was hard, …"): the frame of what follows, not a point of it. Three such texts extracted in three
# English documents of three repositories of the seen splits, none annotated, and no annotation of the 3,275 English
# ones frames so. A longer paragraph (more than FRAME_SENTENCES) may go on to its points.
_FRAME = re.compile(r"(?:^|(?<=[.!?])\s+)(?:this (report|retrospective|section|document|post-?mortem|reflection|paper|essay|write-?up)"
                    r" (is|was|will|focuses|refers|describes|covers|summari[sz]es|presents|discusses|outlines|looks)\b"
                    r"|in this (report|section|document|retrospective|reflection|paper|essay|post-?mortem),? (i|we)"
                    r" (will|would|shall|want to|'ll)\b"
                    r"|the (purpose|aim|goal) of this (report|document|retrospective|reflection|section|paper) is\b)",
                    re.IGNORECASE)
FRAME_SENTENCES = 3


def _frames_the_text(text: str) -> bool:
    return bool(_FRAME.search(text)) and not holds_chinese(text) and len(sentences(text)) <= FRAME_SENTENCES


def never_a_lesson(text: str) -> bool:
    """Whether a line of text is a placeholder, template guidance, a metadata field or a sign-off."""
    stripped = text.strip()
    return (not stripped or bool(_PLACEHOLDER.search(stripped)) or bool(_META_FIELD.match(stripped))
            or bool(_SIGN_OFF.match(stripped)) or bool(_NOTHING.search(stripped)) or bool(_LOG_LINE.search(stripped))
            or bool(_NOTE.match(stripped)) or bool(_WHAT_PROMPT.match(stripped)) or _thanks(stripped) or bool(_NO_BUG.match(stripped))
            or bool(_POINTER.match(stripped))
            or bool(_HUNT.match(stripped)) or bool(_LINK_LABEL.match(stripped)) or bool(_LINK_ONLY.match(stripped)) or _link_fields(stripped)
            or bool(_BARE_LINK.match(stripped)) or bool(_FIGURES.match(stripped)) or bool(_CODE_LINE.match(stripped))
            or bool(_COMMAND.match(stripped)) or vague_gain(stripped)
            or bool(_CLOSING_THANKS.match(_spaced_out(stripped))) or bool(_PAGE_LINK.match(stripped))
            or bool(_GUIDANCE.match(stripped))
            or bool(_SCENE.match(stripped)) or _preamble(stripped) or _sums_up_the_work(stripped)
            or bool(_PART_NAME.match(stripped))
            or _opens_with_the_end(stripped) or _describes_the_work(stripped) or bool(_REFERENCE_ENTRY.match(stripped))
            or bool(_MEASURED.match(stripped)) or bool(_GITHUB_TITLE.search(stripped)) or _timeline_entry(stripped)
            or bool(_CAPTION.match(stripped)) or _run_on_list(stripped) or _points_at_figure(stripped)
            or _announces_what_follows(stripped) or _frames_the_text(stripped)
            # A letter or two alone: a slide logo the PDF text gives one letter a line ('M', then 'L …').
            or bool(re.fullmatch(r"[A-Za-z]{1,2}\W*", stripped))
            # No word at all: a number ("2460"), a zero-width space, punctuation.
            or not any(ch.isalpha() for ch in stripped))
