"""Retrospective structure: blocks -> sections (every heading starts one) + lessons (what retrospective sections hold).

What is never a lesson, wherever it stands: code blocks and quoted text (logs, quoted advice, translator notes),
template guidance and placeholders, meeting metadata and sign-offs ("日期：…", "整理人：…", "Prepared by …"),
lead-ins that announce a list, and a document's closing remark after its last list. A document's own title
heading never makes its whole body lessons.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ingest.blocks import Block, TableLesson
from ingest.classify import Candidate, active_model, score
from ingest.cues import (
    advised,
    cause_unknown,
    cue_kind,
    judges,
    stated_outcome,
    vague_gain,
)
from ingest.headings import (
    ASSESSMENT,
    DRIVING_EVENT,
    FIX_LABEL,
    MAX_HEADING_CHARS,
    NARRATIVE,
    OUTCOME,
    PROBLEM_LABEL,
    as_kind,
    assessment_kind,
    classify_heading,
    closes,
    inline_label,
    label_kind,
    names_work_split,
    normalize_heading,
)
from ingest.kinds import rekind
from ingest.pitfalls import Pit, labelled_parts, pits, statement
from ingest.points import enumerated_point, points
from ingest.tables import (
    cell_points,
    join_details,
    problem_table,
    register_columns,
    register_row_lessons,
    retro_columns,
    row_label,
)
from kb.models import LessonKind, ParsedLesson, ParsedSection
from kb.text import is_cjk

__all__ = ["DRIVING_EVENT", "NARRATIVE", "Structure", "as_kind", "build_structure", "classify_heading",
           "normalize_heading"]

# Text that is never a lesson.
# Placeholders: {{NAME}}, ${name}, <Incident Title>, <project-slug>, [Insert date], [描述问题], an empty checkbox
# item. An HTML tag in a lesson (<script>, <b onmouseover=…>) is text to show escaped, not a placeholder.
_PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\$\{\w+\}|<[A-Za-z][A-Za-z]*(?:[ _-][A-Za-z]+){1,5}>"
                          r"|\[(?:(?:insert|describe|list|add|enter|example|your|name of)\b[^\]]{0,40}"
                          r"|[^\]]{0,40}(?:填写|描述|列出)[^\]]{0,40})\]|^\[ \]\s*(行动项|action item|item|task)?\s*\d*\s*$"
                          r"|^(行动项|item|task|action)\s*\d+$|^_?\(.{0,80}\)_?$"
                          r"|^(tbd|todo|n/?a|xxx|\.\.\.|…|-+|nothing|none|无|没有|暂无)[.。!！]?$"
                          # A label answered with nothing: "hw7：无。", "Blockers: none".
                          r"|^[^：:，,。]{1,12}[:：]\s*(无|没有|暂无|none|nothing|n/?a)[.。!！]?$"
                          # A slide template's text and a deck's section dividers: "YOUR ENGLISH TITLE", "第一部分", "03".
                          r"|^(your (english )?title( here)?|click to (add|edit) .{0,30}|单击此处(添加|编辑).{0,20}"
                          r"|点击(此处)?(添加|输入).{0,20}|(请)?输入标题|添加标题|第[一二三四五六七八九十\d]+部分|part\s*\d{1,2}|\d{1,3})$",
                          re.IGNORECASE)
# "Nothing to change", "不需要改进": an answer that there is no lesson.
_NOTHING = re.compile(r"(would ?n'?t|wouldn't|would not|will not|won'?t) change anything|nothing to (change|improve)"
                      r"|no (changes?|improvements?) (needed|necessary)|(不|无)(需要?|用)(再)?(改进|修改|改变)|不会再?(在|再)?改进|不做修改"
                      # "Not too many to speak of", "Nothing major to report": nothing to list.
                      r"|^(there (were|are) )?not (too |that |very )?(many|much) to speak of\W*$|^nothing (major|significant|much) to report\W*$",
                      re.IGNORECASE)
_META_FIELD = re.compile(
    r"^\s*(?:\*\*)?(日期|时间|会议时间|报告日期|编写日期|所属部门|部门|组织部门|整理人|编写人|记录人|报告人|作者|主持人|参会人员|与会人员"
    r"|参与者|参加人员|参加复盘|地点|场所|会议地点|主题|会议主题|版本|状态"
    # Who signs and who wrote, on a student's form: "学生签字：2018 年 7 月 16 日", "姓名：… 班级：… 学号：…".
    r"|[\u4e00-\u9fff]{0,6}(签字|签名)|姓名|班级|学号|学院|指导(教师|老师)"
    r"|date|time|location|venue|attendees|participants"
    r"|facilitator|author|authors|owner|prepared by|written by|reported by|status|version"
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
# A lead-in that says the list after it is someone else's advice: quoted material, not the team's lessons.
# A statement of one's duties ("在这次项目，我主要负责前端页面的开发", "作为…架构师,我主要的工作是"): what someone did, not
# what they learned, unless it goes on to say so; the list after it is a work list.
# "本次迭代二我主要负责…", "本项目由我负责项目的后端。" too.
_DUTIES = re.compile(r"^\s*(作为[^，,。]{1,30}[，,]\s*)?((在|对于)?(这|本)(次|个|项)[^，,。我]{0,12}?([中里]?[，,]\s*|由?(?=我)))?我?的?(主要)?"
                     r"(负责|工作(主要)?是|主要的工作是|主要做了|做的工作(主要)?(有|是))")
_REFLECTION = re.compile(r"认识|意识|学到|学会|学习|明白|体会|感受|感觉|觉得|发现|重要|收获|经验|教训|应该|需要|不足|问题|困难"
                         r"|遗憾|希望|理解|bug|坑|顺利|难免|效率", re.IGNORECASE)
# An item of the work list after a statement of duties, labelled with the phase of the work ("分析：…", "开发：…").
_PHASE = re.compile(r"^\s*(需求)?(分析|设计|开发|实现|编码|测试|部署|运维|管理|文档|调研)\s*[:：]")
# A paragraph that ends with its moral ("…Kafka 就危了。。。引以为戒。", "…姜还是老的辣，哈哈，受教。"): a lesson anywhere.
_MORAL = re.compile(r"(引以为戒|谨记|切记|吸取教训|受教|长记性)(谨记|切记)?[\s。！!.…~～、，,]*$")
# The source must be what speaks ("Dubbo 官方对此的建议是："): "介绍了文档重构计划的背景" names documents as a topic.
_QUOTED_LEAD = re.compile(r"(官方|官网|文档|常见问题|FAQ|documentation|the docs|(as|the) manual)[^，,。:：]{0,8}"
                          r"(建议|推荐|说|写道|写着|提到|指出|给出|提供|要求|says?|recommends?|suggests?)|according to"
                          # What an AI assistant wrote, pasted ("在这里粘贴一下 ai 的总结:", "Here is ChatGPT's answer:").
                          r"|\b(ai|chatgpt|gpt(-?\d)?|llm|copilot|deepseek|claude|gemini|kimi)\b[^，,。:：]{0,4}(的|'s)?\s*"
                          r"(总结|回答|回复|答案|建议|输出|summary|answer|response|suggestions?)"
                          r"|(豆包|大模型|文心一言|通义千问)[^，,。:：]{0,4}的?(总结|回答|回复|答案|建议|输出)",
                          re.IGNORECASE)
# A paragraph that ends by asking what, how or why (a lead-in of an essay's answers, an interview's question); not
# one that closes its point with a rhetorical question ("…——“你算老几能让高P舔你？”").
# A paragraph whose last sentence announces what comes next ("我们看一下我们的处理方式。", "接下来，将介绍整个实现流程。").
_NEXT_PART = re.compile(r"(^|[。！？!?；;]\s*)[^。！？!?；;]{0,12}((接下来|下面)[，,]?\s*(将|我们|我)?(再)?(来)?(介绍|看|讲|分享|说明|展示)"
                        r"|我们(再|就)?来?(看一下|看看|介绍一下|讲一下|讲讲)|让我们(来)?看)"
                        r"[^。！？!?；;]{0,30}[。：:]?\s*$")
# A short paragraph (LEAD_SENTENCES sentences at most) that ends by counting the parts it leads into ("…我们特别关注超时和
# 限流两个关键环节。", "…故障发生的过程分为两个阶段 —— 两个子问题。"): a lead-in. (A long one ends a summary: "…等几个方面。")
LEAD_SENTENCES = 2
_PARTS = re.compile(r"(两|二|三|四|五|六|几|[2-9])\s*(个|大|点)?[^。！？!?，,；;]{0,6}(环节|方面|阶段|子问题|部分|步骤|要点)"
                    r"[^。！？!?，,；;]{0,4}[。：:]?\s*$")
# Who states a cause that a quotation then gives: a report, an announcement, the vendor.
_SOURCE = re.compile(r"报告|公告|通报|声明|官方|复盘|说明|\b(report|statement|announcement|post-?mortem)\b", re.IGNORECASE)
# A timeline entry ("15:57，定位出故障根因是配置数据出现错误", "2023-11-12 17:44 …"): what happened when, not a lesson.
_TIMELINE = re.compile(r"^\s*(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*)?\d{1,2}[:：]\d{2}(?!\d)")
_ASKS = re.compile(r"(什么|哪些|如何|怎么|怎样|为什么|为何|吗|\b(what|how|why)\b)[^。！!；;？?]*[？?]\s*[”」』\"')）]?\s*$",
                   re.IGNORECASE)
_LEAD_IN = re.compile(r"[:：]\s*$|\b(the following|as follows|below)\b|如下|以下几|下面几"
                      # Minutes that say who presented the list ("X 介绍了…背景，开启议题", "分享主题《编译吐槽》，…总结了一些…问题。").
                      r"|介绍了|分享(了|主题)|开启(了)?议题|总结了(一些|以下|几)", re.IGNORECASE)


# "本次作业依然没有被查出任何bug。": a report that there was no bug, under a bugs heading.
_NO_BUG = re.compile(r"^(本次|这次)?(作业)?(依然|仍然|也|都)?(没有|未|没)(被)?(查|找|发现)?出?(任何)?(的)?bugs?[。.!！]?$"
                     # "三次中测以及强测均未发现bug。": a test run that found none.
                     r"|^[^，,。]{0,20}(均|都|也|并|依然|仍然)(未|没有|没)(被)?(查|找|发现|测|出现)出?(任何)?(的)?bugs?[。.!！]?$",
                     re.IGNORECASE)


# How the bugs of others were hunted ("至于我查别人的bug，…", "发现别人程序的bug依然采用…"): method, not a lesson; and a
# link's label standing alone ("源码Github链接", "项目地址").
_SOLUTION = re.compile(r"^\s*(?:[-*]\s*)?(?:\*\*|__)?(解决方案|解决办法|解决方法|解决思路|solutions?)(?:\*\*|__)?\s*[:：]",
                       re.IGNORECASE)
# A fault stated before a solution label: then the label is its fix.
_PROBLEM = re.compile(r"问题|bug|错误|报错|异常|故障|失败|冲突|超时|崩溃|卡顿|无法|不能|漏洞|坑"
                      r"|\b(errors?|fail(ed|s|ure)?|issues?|problems?|bugs?|crash(ed|es)?|broken)\b", re.IGNORECASE)
_HUNT = re.compile(r"^(至于|对于|在)?我?(查|发现|寻找|找|测)出?别人(程序)?的?bugs?", re.IGNORECASE)
_LINK_LABEL = re.compile(r"^[^。，,.!！?？]{0,12}(链接|地址|\blinks?|\burl)[:：]?$", re.IGNORECASE)
# A link alone ("https://github.com/envoyproxy/envoy/issues/6434" under "CVE issue(s)"): a reference, not a lesson.
_BARE_LINK = re.compile(r"^<?https?://\S+>?$", re.IGNORECASE)
# A label followed by nothing but a link ("Docs 文档吐槽大会 💬 ：https://github.com/…/issues/60686").
_LINK_ONLY = re.compile(r"^[^。，,.!！?？]{0,30}[:：]\s*https?://\S+$", re.IGNORECASE)


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


def never_a_lesson(text: str) -> bool:
    """Whether a line of text is a placeholder, template guidance, a metadata field or a sign-off."""
    stripped = text.strip()
    return (not stripped or bool(_PLACEHOLDER.search(stripped)) or bool(_META_FIELD.match(stripped))
            or bool(_SIGN_OFF.match(stripped)) or bool(_NOTHING.search(stripped)) or bool(_LOG_LINE.search(stripped))
            or bool(_NOTE.match(stripped)) or (bool(_THANKS.match(stripped)) and not _THANKS_LESSON.search(stripped)) or bool(_NO_BUG.match(stripped))
            or bool(_HUNT.match(stripped)) or bool(_LINK_LABEL.match(stripped)) or bool(_LINK_ONLY.match(stripped))
            or bool(_BARE_LINK.match(stripped)) or bool(_FIGURES.match(stripped)) or bool(_CODE_LINE.match(stripped))
            or bool(_COMMAND.match(stripped)) or vague_gain(stripped)
            or bool(_CLOSING_THANKS.match(_spaced_out(stripped))) or bool(_PAGE_LINK.match(stripped))
            or bool(_GUIDANCE.match(stripped))
            or bool(_SCENE.match(stripped))
            or bool(_MEASURED.match(stripped)) or bool(_GITHUB_TITLE.search(stripped))
            # A letter or two alone: a slide logo the PDF text gives one letter a line ('M', then 'L …').
            or bool(re.fullmatch(r"[A-Za-z]{1,2}\W*", stripped))
            # No word at all: a number ("2460"), a zero-width space, punctuation.
            or not any(ch.isalpha() for ch in stripped))


@dataclass
class Structure:
    """Sections and lessons of one document."""

    sections: list[ParsedSection] = field(default_factory=list)
    lessons: list[ParsedLesson] = field(default_factory=list)
    driving_event: str | None = None


def build_structure(blocks: list[Block], title: str, *, template: bool = False, reflective: bool = False,
                    looks_back: bool = False) -> Structure:
    """Turn blocks into sections (every heading starts one) and lessons (items under retrospective headings).

    Each list item under a recognised heading is a lesson (deeper items belong to it); so is each paragraph
    there, except a lead-in that announces a list; so is each data row of a table there. Sub-headings inherit
    the kind of the recognised heading above them; a narrative heading (timeline, impact, 事故经过) stops that.
    An item or paragraph that starts with a label ("What went well: …", "行动项：…", "[Action Item] …") is a
    lesson of that kind anywhere. In a document that looks back on work (``reflective=True``: a final report, a
    总结, a post-mortem), a Chinese paragraph or item that states a lesson, a cause or a judgement in its own words
    (``ingest.cues``) is a lesson under any heading that announces nothing. A template (``template=True``) gets
    sections but no lessons. What is left to do or planned ("## Remaining Actions", "## 2019 plans") is action items only in a
    retrospective or post-mortem (``looks_back``): a status report's plans are the next week's work.
    """
    blocks = _split_lines(blocks)
    title_heading = _title_heading(blocks)
    checklists = _checklists(blocks)
    builder = _Builder(title, template=template, title_heading=title_heading,
                       title_kind=_title_kind(blocks, title_heading, title), write_ups=_write_ups(blocks),
                       headless=_headless(blocks, title),
                       containers=_containers(blocks), assessed=_assessed(blocks), checklists=checklists,
                       reflective=reflective or _reflective_prose(blocks), total=len(blocks), looks_back=looks_back)
    lead_ins = _lead_ins(blocks)
    quoted = _quoted_lists(blocks, lead_ins)
    line_points = _line_points(blocks)
    after_lists = _after_lists(blocks, quoted) - line_points  # what follows a list of options: closing remarks
    quoted |= _quoted_lists(blocks, lead_ins, _OPTIONS_LEAD)
    builder.label_lists = _label_lists(blocks)
    # A checked-off line titles nothing; nor does a label's line over one more of its points.
    builder.titled = _titled_items(blocks) - checklists - {i - 1 for i in line_points}
    builder.topics = _topics(blocks)
    builder.citing = _citing(blocks)
    builder.problem_fixes = _problem_fixes(blocks)
    builder.pits = pits(blocks)
    builder.paragraphs = {i: b.text for i, b in enumerate(blocks) if b.kind == "para"}
    builder.parallel = _parallel_points(blocks, builder.write_ups)
    builder.overviews = _overviews(blocks)
    builder.run_labels, builder.run_kinds = _label_runs(blocks)
    builder.lead_kinds = {i: lead for i, lead in _lead_kinds(blocks, lead_ins).items()
                          if looks_back or not _plans_noun(blocks[i].text, lead[0])}
    builder.label_led = _label_led(blocks, builder.lead_kinds)
    builder.flat_runs = _flat_runs(blocks)
    builder.item_lists = _item_lists(blocks)
    for index, block in enumerate(blocks):
        if index in quoted:
            builder.add(Block("quote", block.text))
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        announces = block.kind == "item" and following is not None and (
            following.kind == "code" or following.kind == "item" and following.level > block.level)
        builder.add(block, closing=index in after_lists, lead_in=index in lead_ins, announces=announces)
    return builder.finish()


REFLECTIVE_BLOCKS = 2


def _reflective_prose(blocks: list[Block]) -> bool:
    """Whether a document's own prose looks back, whatever its name: REFLECTIVE_BLOCKS paragraphs or items or more
    that state a lesson, a cause or a judgement in their own words (a developer's running bug notes, "突然意识到，这是
    个很关键的问题", "这个 issue 漏出去的原因还是因为…")."""
    return sum(1 for b in blocks if b.kind in ("para", "item") and cue_kind(b.text)) >= REFLECTIVE_BLOCKS


def _split_lines(blocks: list[Block]) -> list[Block]:
    """A paragraph or item written as a label or lead-in line and lines under it ("Did well:<br>Planning<br>
    Communication", "… keep the following in mind.\nTest before deploying.\nEnable monitoring.") becomes the label
    and one item per line; other text keeps its lines joined."""
    out: list[Block] = []
    for block in blocks:
        inline = _inline_heading(block)
        if inline:
            out.extend(inline)
            continue
        if block.kind == "para" and labelled_parts(block.lines):
            out.extend(Block("para", line) for line in block.lines)  # "问题：…⏎现象：…⏎解决：…": one part a line
            continue
        # Text before a label line inside a paragraph ("容器冲突了，…\n解决：\n删除冲突容器") stays text; a label line
        # that ends a sentence wrapped before it ("…we’ve identified some\nimportant lessons learned thus far:") is none.
        k = next((k for k, line in enumerate(block.lines) if k and block.kind == "para" and _is_label(line)
                  and not _MID_SENTENCE.search(block.lines[k - 1])), 0)
        if k:
            out.append(Block("para", " ".join(block.lines[:k])))
            block = Block("para", " ".join(block.lines[k:]), lines=block.lines[k:])
        first = block.lines[0] if block.kind in ("para", "item") and len(block.lines) > 1 else ""
        is_label = bool(first) and _is_label(first)
        # An item's own lines after a lead-in are its explanation ("… the UNI app codebase:\nIntegrating our pages
        # was not …"): only a paragraph's are a list.
        lead_in = bool(first) and bool(_LEAD_IN.search(first[-80:])) and (
            block.kind == "para" or any(_BULLET.match(line) for line in block.lines[1:]))
        if not (is_label or lead_in):
            out.append(block)
            continue
        level = block.level if block.kind == "item" else 0
        out.append(Block("para", first))
        for k, line in enumerate(block.lines[1:], start=2):
            # A bullet or line break Markdown did not see ("* Did well: </br>" after an HTML block).
            line = _BR_TEXT.sub("", _BULLET.sub("", line))
            # The last line may lead in to the list after the paragraph ("**理解如下**：⏎这部分内容介绍了一些理解和思考，…").
            lead = k == len(block.lines) and bool(_LEAD_IN.search(line[-80:]))
            out.append(Block("para", line) if _is_label(line) or lead else Block("item", line, level=level + 1, split=True))
    return out


# A numbered section heading and its text on one line ("二、经验教训：需求评审要邀请一线仓管员参加。", as a PDF or a form
# writes a short section): the numbering's level as Word's numbered headings have it (``docx_doc``).
_INLINE_HEADING = re.compile(r"^\s*(?P<number>第[一二三四五六七八九十百\d]+[章篇部]分?|[一二三四五六七八九十]+\s*[、.．]"
                             r"|[（(][一二三四五六七八九十]+[)）])\s*(?P<label>[^:：，,。；;]{2,16}?)\s*[:：]\s*(?P<rest>\S.*)$",
                             re.DOTALL)


def _inline_heading(block: Block) -> list[Block]:
    """A paragraph that opens with a numbered heading of a kind and a colon: that heading, then its text; else []."""
    m = _INLINE_HEADING.match(block.text) if block.kind == "para" else None
    if not m or not classify_heading(m.group("label")):
        return []
    number = m.group("number")
    level = 1 if number.startswith("第") else 3 if number[0] in "（(" else 2
    return [Block("heading", f"{number}{m.group('label')}", level=level), Block("para", m.group("rest"))]


# A line that stops mid-sentence: it ends in a word or a comma, not a full stop, a colon or a closing bracket.
_MID_SENTENCE = re.compile(r"[A-Za-z,，、]\s*$")
_CJK_STOP = re.compile(r"[。！？；][”」』）)]?$")
_SENTENCE_END = re.compile(r"[，,].*[。！][”」』）)]?$")
# A table of contents: what it lists are titles, not the headings of its own text.
_TOC = re.compile(r"^(目\s*录|contents?|table of contents|agenda|议程|提纲|outline)$", re.IGNORECASE)
# A numbered question on its own line ("4.是否做了单元测试？是否做了系统功能测试？"): a form's heading, whatever it asks.
_QUESTION = re.compile(r"^\s*\d{1,2}\s*[.、．)）]\s*\S.{0,70}[？?]$")


def _heading_like(block: Block) -> bool:
    """A paragraph that acts as a heading: a numbered question ("3.技术方案有哪些亮点？"), or a short line that names a
    section ("What went well:", a bold "经验和教训") and says nothing after its label (not a sentence that ends "。":
    "在项目管理这方面我收获了不少的经验，…。" names a lesson word, but says it; nor one that goes on past a comma)."""
    if block.kind != "para":
        return False
    return bool(_QUESTION.match(block.text)) or (
        len(block.text) <= MAX_HEADING_CHARS and classify_heading(block.text) is not None
        and not _labelled_text(block.text) and not _SENTENCE_END.search(block.text)
        and not _SAYS_ON.search(block.text))


# A line that goes on past a Chinese comma and ends as a statement, not as a lead-in ("1. 做好风险评估，提前规避未来的风险，
# 这都是打包血淋林的教训呀", "问题解决需要前瞻性，…尽早增加人手解决"): it says its point, it heads nothing.
_SAYS_ON = re.compile(r"，.*[^，,：:\s]\s*$")


# A point numbered "1）", "2." or "(3)" written as a paragraph.
_NUMBERED = re.compile(r"^\s*([(（]?\d{1,2}\s*[)）.、．]|[(（]\d{1,2}[)）])")
# An enumerated label ("Q1：", "EXP2：", "问题一：", "特色1："): where a section's lessons carry them, its unlabelled
# lines are their descriptions (a deck's text boxes), not lessons of their own.
DESCRIPTION_CHARS = 30
_ENUMERATED = re.compile(r"^\s*[A-Za-z\u4e00-\u9fff]{1,4}\s*[0-9一二三四五六七八九十]{1,2}\s*[:：]")
_SPEAKER = re.compile(r"^\s*[^\s：:，。]{1,8}\s*[：:]")


def _sentence_lines(block: Block) -> list[str]:
    """A Chinese paragraph written one point a line, each ending a sentence ("…层次。\n也通过…理解。\n在大作业…锻炼。"),
    as one text a point (a line that ends mid-sentence joins the next); any other paragraph whole. Chinese writers
    break lines between points where English text is wrapped, so English lines are never split."""
    groups: list[list[str]] = [[]]
    for line in block.lines:
        groups[-1].append(line)
        if _CJK_STOP.search(line):
            groups.append([])
    groups = [g for g in groups if g]
    # "曲少伟： 类图设计复杂…。\n让我对程序的结构更加清晰…": the lines under a speaker's name are one statement.
    if len(groups) < 2 or _SPEAKER.match(block.lines[0]):
        return [block.text]
    return [_join_cjk(g) for g in groups]


def _join_cjk(lines: list[str]) -> str:
    """Lines of one point, joined without a space between Chinese characters."""
    out = lines[0]
    for line in lines[1:]:
        out += line if is_cjk(out[-1:]) and line[:1] >= "\u3000" else " " + line
    return out


def _is_label(line: str) -> bool:
    """A line that is only a heading-like label ("Did well:", "解决：", "Puzzles")."""
    label = line.rstrip(" :：")
    return bool(label) and len(line) <= MAX_HEADING_CHARS and classify_heading(label) is not None \
        and not _labelled_text(line)


NAME_CHARS = 16
LABEL_CHARS = 6  # "评审：", "测试：", "Review:": a label, not a lead-in sentence


# An English list item that only says which half of the feedback follows ("* Positive" / "* Negative", "- The good:"), with
# the feedback as its sub-items.
_POLARITY = re.compile(r"^\s*(the )?(good|bad|ugly|positives?|negatives?|pros|cons)\s*[:：]?\s*$", re.IGNORECASE)


def _names_section(text: str) -> bool:
    """A Chinese list item that only names a section ("技术方案亮点", "存在的问题"): short, no punctuation inside. (An
    English item naming one with sub-items is as often a template's prompt: "Root cause" > "explain in detail …".)"""
    name = text.strip().rstrip(":：")
    return len(name) <= NAME_CHARS and is_cjk(name[:1]) and not re.search(r"[，,。：:？?；;！!]", name) \
        and _is_label(name)


TOPIC_CHARS = 30
TOPIC_CJK = 4


def _topic_line(text: str) -> bool:
    """A list item that names a topic in Chinese, not a point ("megemini 中文文档的书写问题的吐槽", "jzhang533 文档优化建议"):
    short, no punctuation."""
    return len(text) <= TOPIC_CHARS and not re.search(r"[，,。：:？?；;！!（(]", text) \
        and len(re.findall(r"[\u4e00-\u9fff]", text)) >= TOPIC_CJK


def _item_label(text: str) -> LessonKind | None:
    """The kind a list item names when it is only a label ("找出问题：", "问题优化"): short, no punctuation inside."""
    name = text.strip().rstrip(":：").strip()
    if not name or len(name) > NAME_CHARS or re.search(r"[，,。：:？?；;！!]", name):
        return None
    return as_kind(classify_heading(name))


def _item_runs(blocks: list[Block]) -> Iterator[tuple[int, int, int]]:
    """Each list among the blocks as (start, end, level): blocks[start:end] are its items, the first at ``level`` and
    the others at it or nested under it."""
    i = 0
    while i < len(blocks):
        if blocks[i].kind != "item":
            i += 1
            continue
        j, top = i, blocks[i].level
        while j < len(blocks) and blocks[j].kind == "item" and blocks[j].level >= top:
            j += 1
        yield i, j, top
        i = j


def _label_runs(blocks: list[Block]) -> tuple[set[int], dict[int, LessonKind]]:
    """A list that opens with a label item ending in a colon ("- **找出问题：**", its findings, then "- **问题优化**" and the
    fixes): each label names the kind of the items after it, down to the next label; the labels are no lessons."""
    labels: set[int] = set()
    kinds: dict[int, LessonKind] = {}
    for i, j, top in _item_runs(blocks):
        # The label's points are its siblings ("- 优点：" with sub-items under it is ``_Builder.label``'s).
        if _item_label(blocks[i].text) and blocks[i].text.rstrip().endswith((":", "：")) \
                and i + 1 < j and blocks[i + 1].level == top:
            kind: LessonKind | None = None
            for k in range(i, j):
                own = _item_label(blocks[k].text) if blocks[k].level == top else None
                if own:
                    labels.add(k)
                    kind = own
                elif kind and blocks[k].level == top:
                    kinds[k] = kind
    return labels, kinds


def _topics(blocks: list[Block]) -> set[int]:
    """The top items of a list where two or more topic lines (``_topic_line``) carry sub-items: minutes that list each
    speaker's topic with their points under it. Each topic line there is a title, its sub-items the points."""
    out: set[int] = set()
    for i, j, top in _item_runs(blocks):
        tops = [k for k in range(i, j) if blocks[k].level == top and _topic_line(blocks[k].text)]
        if sum(1 for k in tops if k + 1 < j and blocks[k + 1].level > top) >= 2:
            out.update(tops)
    return out


_BULLET = re.compile(r"^[*+-]\s+")
_BR_TEXT = re.compile(r"\s*</?br\s*/?>\s*$", re.IGNORECASE)


# A lead-in that lists the options weighed ("…综合考虑了多种方案：", "调研了以下几种技术："): candidates, not lessons.
_OPTIONS_LEAD = re.compile(r"((多|几|以下几|下列|这几|[两三四五六七八九十\d]+)种|以下|下列)[^。，,；;]{0,6}(方案|选择|选项|选型|做法|方式|思路|技术|工具)"
                           r"[:：]\s*$|(候选|备选)(方案)?[:：]\s*$|(调研|对比|比较|评估)了[^。；;]{0,30}[:：]\s*$")


def _quoted_lists(blocks: list[Block], lead_ins: set[int], lead: re.Pattern[str] = _QUOTED_LEAD) -> set[int]:
    """The items of a list that its lead-in attributes to someone else ("Dubbo 官方对此的建议是："), or with
    ``_OPTIONS_LEAD`` offers as the options weighed ("综合考虑了多种方案：")."""
    out: set[int] = set()
    for i in lead_ins:
        # The lead-in, or a line just above it that leads in to it ("在这里粘贴一下 ai 的总结:" / "技术选型时应重点考虑以下要素：").
        above = blocks[i - 1] if i > 0 else None
        if lead.search(blocks[i].text) or above is not None and above.kind == "para" \
                and above.text.rstrip().endswith((":", "：")) and lead.search(above.text):
            j = i + 1
            while j < len(blocks) and blocks[j].kind in ("item", "row"):
                out.add(j)
                j += 1
    return out


_TICK = re.compile(r"^\s*(✅|✔️?|☑️?)")
_WARN = re.compile(r"^\s*(⚠️?|❌|✗|✘|❎)")


def _assessed(blocks: list[Block]) -> dict[int, LessonKind]:
    """Items of a list whose every item starts with a tick or a warning sign ("✅ 代码质量显著提升", "⚠️ 单元测试覆盖率
    仍需提升"): an assessment, went well or went wrong by its sign, under any heading. A list with unmarked items (a
    progress list with some done) is not one."""
    out: dict[int, LessonKind] = {}
    for i, j, top in _item_runs(blocks):
        tops = [k for k in range(i, j) if blocks[k].level == top]
        signs = {k: LessonKind.WENT_WELL if _TICK.match(blocks[k].text) else LessonKind.WENT_WRONG
                 for k in tops if _TICK.match(blocks[k].text) or _WARN.match(blocks[k].text)}
        if len(tops) >= 2 and len(signs) == len(tops) and not all(_PROHIBITION.match(blocks[k].text) for k in tops):
            out.update(signs)
    return out


# A rule marked with a cross ("❌ 禁止在 EDT 上执行耗时操作", "❌ Do not push to main"): a list of them is a project's
# constraints (a "红线" section), not an assessment of what went wrong.
_PROHIBITION = re.compile(r"^\s*(?:⚠️?|❌|✗|✘|❎)\s*(?:禁止|严禁|不得|不准|不允许|切勿|请勿|(?:do not|don'?t|never|must not)\b)",
                          re.IGNORECASE)


# A line checked off a list of work ("✅ 用户登录（JWT认证）", "[x] Export to PDF", "已完成：…").
_CHECKED = re.compile(r"^\s*(✅|✔️?|☑️?|\[[xX✓]\]|已完成)")
# What a checklist of delivered work is about: the features or functions made, not how the work went.
_FEATURES = re.compile(r"功能|特性|特点|\b(features?|functionality|functions|capabilities|deliverables)\b", re.IGNORECASE)
# Work still to do ("六、未来优化方向 🚀" over "短期优化"; "Roadmap", "Next steps"): ticks there mark planned items.
_PLANNED = re.compile(r"未来|后续|下一步|将来|今后|展望|规划|路线图|待优化|待办|(优化|改进)方向|\b(future|roadmap|next steps?"
                      r"|to ?do|backlog|planned)\b", re.IGNORECASE)


def _checklists(blocks: list[Block]) -> set[int]:
    """Items of a list whose every item is checked off (``_CHECKED``), under a heading or after a lead-in that names
    features or functions ("9.1 用户功能", "1.2 核心特性", "…具有以下特点："): a closing report's checklist of what
    was delivered, not lessons, under any heading; so is one under a heading of plans ("六、未来优化方向" > "短期优化"),
    whose ticks mark to-dos, and a list of boxes under a heading that names a checklist (``_CHECKLIST_NAME``). (A ticked
    list under other headings, "2.2 软件工程方面的改进", is an assessment: ``_assessed``.)"""
    out: set[int] = set()
    chains: list[tuple[str, ...]] = []
    for i, j, top in _item_runs(blocks):
        tops = [k for k in range(i, j) if blocks[k].level == top]
        checked = all(_CHECKED.match(blocks[k].text) for k in tops)
        if len(tops) < 2 or not (checked or all(_BOX.match(blocks[k].text) for k in tops)):
            continue
        chains = chains or _headings_above(blocks)
        heading = chains[i][-1] if chains[i] else ""
        lead = blocks[i - 1].text if i and blocks[i - 1].kind == "para" else ""
        if checked and (_FEATURES.search(heading) or _FEATURES.search(lead[-80:]) or any(_PLANNED.search(h) for h in chains[i])) \
                or any(_CHECKLIST_NAME.search(h) for h in chains[i]):
            out.update(range(i, j))
    return out


# A list of boxes to tick ("- [ ] 确认目标、技术栈", "☐ …") under a heading that names a checklist ("七、未来项目启动清单（套用
# 检查项）", "Release checklist"): a template to fill next time, not lessons (boxes under "Action items" are action items).
_BOX = re.compile(r"^\s*(\[[ xX✓]\]|☐|□|☑️?|✅)")
_CHECKLIST_NAME = re.compile(r"清单|检查项|检查表|核对表|\bcheck ?list\b", re.IGNORECASE)


def _headings_above(blocks: list[Block]) -> list[tuple[str, ...]]:
    """For each block, the headings whose sections hold it ("六、未来优化方向", then "短期优化"): one pass."""
    out: list[tuple[str, ...]] = []
    stack: list[Block] = []
    for block in blocks:
        out.append(tuple(b.text for b in stack))
        if block.kind == "heading":
            while stack and stack[-1].level >= block.level:
                stack.pop()
            stack.append(block)
    return out


def _problem_fixes(blocks: list[Block]) -> dict[int, tuple[str, str]]:
    """Paragraphs or items labelled with a problem and followed by one labelled with its fix (``PROBLEM_LABEL``,
    ``FIX_LABEL``), each with the pair (problem, fix): one lesson, what went wrong, with how it was solved as its
    recommendation, not the fix alone. A problem put as a question is still one met when its fix follows ("问题：团队成员
    积极性不高，如何提高成员的积极性与参与度？", "问题：图片的盘旋改变颜色?" over "解决：…")."""
    out: dict[int, tuple[str, str]] = {}
    for i, (block, after) in enumerate(itertools.pairwise(blocks)):
        if block.kind in ("para", "item") and after.kind == block.kind and PROBLEM_LABEL.match(block.text) \
                and FIX_LABEL.match(after.text):
            out[i] = (block.text, after.text)
        elif block.kind == "heading" and after.kind == "para" and (problem := _problem_heading(block.text)) \
                and FIX_LABEL.match(after.text):
            # "2.1.1问题：数据库sql语句中日期类型数据不知道怎么转换格式" set as a heading, "解决：…" under it: the same pair.
            out[i] = (problem, after.text)
    return out


def _problem_heading(text: str) -> str | None:
    """A heading that states a problem under its label, without its numbering ("2.1.1问题：…" -> "问题：…"); put as a
    question or not, as a line's (``_problem_fixes``)."""
    unnumbered = _HEADING_NUMBER.sub("", text, count=1).strip()
    return unnumbered if PROBLEM_LABEL.match(unnumbered) else None


_HEADING_NUMBER = re.compile(r"^\s*(\d+(\.\d+)*\s*[.、．)）]?|[一二三四五六七八九十]+\s*[、.．])\s*")


def _containers(blocks: list[Block]) -> set[int]:
    """Headings with a sub-heading of their own kind ("个人总结" > "课程学习自我总结", "个人博客清单", "特别鸣谢"): the
    author named the part that holds the lessons, so the other sub-sections do not inherit the kind ("Action items" >
    "Prevention", "Detection" is not one: its sub-headings are kinds of action items)."""
    out: set[int] = set()
    for i, block in enumerate(blocks):
        own = classify_heading(block.text) if block.kind == "heading" else None
        if not own:
            continue
        child: int | None = None  # the level of the heading's direct sub-headings
        for later in blocks[i + 1:]:
            if later.kind == "heading" and later.level <= block.level:
                break
            if later.kind != "heading":
                continue
            child = later.level if child is None else min(child, later.level)
            # Only a direct sub-heading names the part: "个人总结" > "廖均达" > "经验教训总结" is one member's part, and
            # the other members' paragraphs under their names are their summaries too.
            if later.level == child and classify_heading(later.text) == own:
                out.add(i)
                break
    return out


WRITE_UP_BLOCKS = 6


def _write_ups(blocks: list[Block]) -> set[int]:
    """Headings whose section (down to the next heading of the same or a higher level) holds a code block, or runs
    to WRITE_UP_BLOCKS blocks or more: under an inherited kind ("遇到的问题及解决方案" > "1. Core: support chemacs" >
    config, commands, usage, output) such a section is a technical write-up of one task, not a list of lessons."""
    return {i for i, (size, _, code) in _section_sizes(blocks).items() if code or size >= WRITE_UP_BLOCKS}


def _item_lists(blocks: list[Block]) -> set[int]:
    """Headings whose section holds list items and nothing else (no paragraph, code or table): a list, however long."""
    return {i for i, (size, items, _) in _section_sizes(blocks).items() if size and size == items}


def _section_sizes(blocks: list[Block]) -> dict[int, tuple[int, int, int]]:
    """What each heading's section (down to the next heading of the same or a higher level) holds: its blocks that are
    not headings, its list items and its code blocks. One pass: a section closes when a heading of its level or higher
    comes (a stack of the open headings), and the running counts at its start and end give its size (linear in the
    blocks; scanning on from each heading was quadratic)."""
    size = items = code = 0
    opened: list[tuple[int, int, int, int, int]] = []  # (index, level, and the counts before it)
    out: dict[int, tuple[int, int, int]] = {}

    def close(until: int) -> None:
        while opened and opened[-1][1] >= until:
            index, _, size_before, items_before, code_before = opened.pop()
            out[index] = (size - size_before, items - items_before, code - code_before)

    for i, block in enumerate(blocks):
        if block.kind == "heading":
            close(block.level)
            opened.append((i, block.level, size, items, code))
        else:
            size += 1
            items += block.kind == "item"
            code += block.kind == "code"
    close(-(10 ** 9))  # the sections still open end with the document
    return out


def _title_heading(blocks: list[Block]) -> int | None:
    """The index of the document's title heading: its only level-1 heading, first, with other headings after it."""
    headings = [i for i, b in enumerate(blocks) if b.kind == "heading"]
    level_one = [i for i in headings if blocks[i].level == 1]
    if len(level_one) == 1 and headings and headings[0] == level_one[0] and len(headings) > 1:
        return level_one[0]
    return None


_LEARNED_HEADING = re.compile(r"\blearn|\blessons?\b|takeaway|学到|学会|收获|经验|教训|体会|心得|复盘|\bretrospective\b",
                              re.IGNORECASE)
# Not a course's numbered unit ("Lesson 1: Variables", "lesson-01-loops.md"), whose points are what it teaches.
_LESSONS_TITLE = re.compile(r"^(lessons?(?![\s_-]*\d{1,3}(?!\d))( learned| learnt)?|takeaways|learnings|经验教训|经验总结|教训)\b",
                            re.IGNORECASE)


def _title_kind(blocks: list[Block], title_heading: int | None, title: str = "") -> LessonKind | None:
    """The kind a title announces ("WMS上线项目经验教训汇总"): the list items of its ordinary sections are lessons of
    that kind (their paragraphs and tables, the preamble, and context sections such as a background are not). With no
    title heading, a document's own name does if it names lessons outright ("经验总结.md" over "### update_time 问题"
    and its advice), not a generic kind word ("总结")."""
    if title_heading is None:
        headed = any(b.kind == "heading" for b in blocks)
        return LessonKind.LESSON if headed and _LESSONS_TITLE.match(normalize_heading(title)) else None
    text = blocks[title_heading].text
    # "Lessons learned while developing blue-ray-godot-game (and maybe …)": a title that opens with the lessons.
    opens = LessonKind.LESSON if _LESSONS_TITLE.match(normalize_heading(text)) else None
    return as_kind(classify_heading(text)) or opens


# A short line that labels the part of a log after it ("Enhancements -", "Ideas:"), written without a heading style.
_LOG_LABEL = re.compile(r"^[^.。!！?？,，]{1,40}?\s*[-–:：]$")


# English words that judge, advise or report a result: a log's lesson says one, a note of a fact none.
_EN_JUDGING = re.compile(r"\b(should|must|need(s|ed)?|have to|had to|remember|ensure|make sure|try|see (if|about)|avoid|don'?t"
                         r"|never|always|better|worse|best|well|good|great|fine|ok|works?|worked|help(s|ed)?|fail(s|ed)?"
                         r"|problems?|issues?|not|no|didn'?t|couldn'?t|wasn'?t|can'?t|won'?t|forgot|important|note"
                         r"|careful|learn(ed|t)?|mistakes?|wrong|broke|glitch\w*|noise|instead|eliminat\w*)\b",
                         re.IGNORECASE)


@dataclass(frozen=True)
class _Headless:
    """What a document with no heading at all is, by the kind its own title names ("Lessons Learned.docx", "经验教训")."""

    kind: LessonKind | None = None  # its list items, and its points numbered in the text ("1、…"), are lessons of it
    log: bool = False  # list items and no paragraph that acts as a heading: a log under its name, in one section of
    # that kind, whose label lines ("Enhancements -") part it and whose English notes of a fact are no lessons
    prose: bool = False  # paragraphs only, none numbered: each paragraph that judges is a lesson of that kind


def _headless(blocks: list[Block], title: str) -> _Headless:
    """The kind a document's title names when it has no heading: its list items and numbered points are lessons of it,
    its paragraphs only where it holds nothing else and its name says lessons outright (``_Headless.prose``)."""
    if any(b.kind == "heading" for b in blocks):
        return _Headless()
    kind = as_kind(classify_heading(title))
    items = any(b.kind == "item" for b in blocks)
    return _Headless(kind, kind is not None and items and not any(_heading_like(b) for b in blocks),
                     kind is not None and not items and bool(_LESSONS_TITLE.match(normalize_heading(title)))
                     and all(b.kind == "para" and not _NUMBERED.match(b.text) and not _heading_like(b)
                             for b in blocks if b.kind != "note"))  # a caption, a contents line: about the text


def _after_lists(blocks: list[Block], quoted: set[int] = frozenset()) -> set[int]:
    """Paragraphs that follow a list in the same section, with no list after them: closing remarks and notes
    ("Despite the issues we faced, we …", "Note that in response to this error, I wrote …"), not lessons. A paragraph
    that acts as a heading (a form's numbered question) starts a new section: the answers under it are not remarks
    on the list before it."""
    out: set[int] = set()
    seen_item = False
    pending: list[int] = []
    number: int | None = None  # the last number a point of this section opened with
    for i, block in enumerate(blocks):
        if block.kind == "heading" or _heading_like(block):
            out.update(pending)
            seen_item, pending, number = False, [], None
            continue
        if block.kind == "item" and i not in quoted:
            seen_item, pending = True, []
        elif block.kind == "para" and seen_item and number is not None and _point_number(block.text) == number + 1:
            # "1). 文档编写很重要" a list item, then "2). 代码设计很关键" a paragraph (a Word file's later points typed,
            # not listed): the list's points go on as paragraphs, they are not remarks on it.
            seen_item, pending = False, []
        elif block.kind == "para" and seen_item:
            pending.append(i)
        number = _point_number(block.text) or number
    out.update(pending)
    return out


# A point's number at the start of its text ("2). …", "3. …", "(4) …"): not a section number ("2.1 …").
_POINT_NUMBER = re.compile(r"^\s*[(（]?(\d{1,2})\s*[)）.、．](?!\d)")


def _point_number(text: str) -> int | None:
    """The number a list point opens with, or None."""
    found = _POINT_NUMBER.match(text)
    return int(found.group(1)) if found else None


# A short line without any punctuation: a title, not an answer ("软件度量", "项目组成员对项目的贡献度").
_TITLE_LIKE = re.compile(r"^[^，,。.；;：:！!？?、]{1,12}$")


def _opens_section(blocks: list[Block], j: int) -> bool:
    """Whether what stands at index j shows the title before it opened a section of its own (a table's rows, a heading,
    a label), not that it was a short answer among others ("合理安排进度", then the next answer)."""
    if j >= len(blocks):
        return True
    block = blocks[j]
    return block.kind in ("row", "heading") or _heading_like(block) or _empty_field(block.text)


def _label_lists(blocks: list[Block]) -> dict[int, int]:
    """Label paragraphs that end with a colon and announce the list right after them ("未实现的需求：" then its items),
    each with the index of the first block after that list: the label's kind holds for its list, not for what follows
    it ("• 数据的备份和恢复", then "2. 架构风格和设计模式" and its answer). A label followed by a title is left empty."""
    out: dict[int, int] = {}
    for i, block in enumerate(blocks[:-1]):
        if not (_heading_like(block) and block.text.rstrip().endswith((":", "："))):
            continue
        if blocks[i + 1].kind == "para" and _TITLE_LIKE.match(blocks[i + 1].text) and _opens_section(blocks, i + 2):
            out[i] = i + 1  # a label left empty, then the form's next section ("未实现的需求：", "软件度量", its rows)
            continue
        if blocks[i + 1].kind != "item":
            continue
        j, top = i + 1, blocks[i + 1].level
        while j < len(blocks) and blocks[j].kind == "item" and blocks[j].level >= top:
            j += 1
        j = _line_points_end(blocks, i + 1, j)
        if j < len(blocks) and blocks[j].kind != "heading" and not _heading_like(blocks[j]):
            out[i] = j
    return out


# A line that ends a sentence.
_ENDS_SENTENCE = re.compile(r"[.。!！?？][”」』）)]?\s*$")


def _line_points_end(blocks: list[Block], start: int, end: int) -> int:
    """Where a label's points end when they are the lines of its paragraph (blocks[start:end], "1.好：⏎ai赛马⏎继续赛马"): the
    one-line paragraphs after them, up to the next label or heading, are more of its points, written after a blank line
    ("全平台宣传-朋友圈、公众号-小范围反馈不错", then "2.坏："), when they end as its last line does (a sentence after terse
    lines, "Overall it was a good sprint.", is a remark on them)."""
    if not all(b.split for b in blocks[start:end]):
        return end
    j, ends = end, bool(_ENDS_SENTENCE.search(blocks[end - 1].text))
    while j < len(blocks) and blocks[j].kind == "para" and len(blocks[j].lines) <= 1 and not _heading_like(blocks[j]) \
            and not inline_label(blocks[j].text) and bool(_ENDS_SENTENCE.search(blocks[j].text)) == ends:
        j += 1
    return j if j == len(blocks) or blocks[j].kind == "heading" or _heading_like(blocks[j]) else end


def _line_points(blocks: list[Block]) -> set[int]:
    """The paragraphs that ``_line_points_end`` counts among a label's points: no closing remarks after its list."""
    out: set[int] = set()
    for i, block in enumerate(blocks[:-1]):
        if _heading_like(block) and blocks[i + 1].kind == "item" and blocks[i + 1].split:
            j = i + 1
            while j < len(blocks) and blocks[j].kind == "item" and blocks[j].split:
                j += 1
            out.update(b for b in range(j, _line_points_end(blocks, i + 1, j)) if blocks[b].kind == "para")
    return out


TITLE_CHARS = 20


def _titled_items(blocks: list[Block]) -> set[int]:
    """List items that title the paragraph right after them ("1. 区分各项功能的粒度和优先级", then "在提出需求和安排进度时，
    没有按照…"): short, no punctuation, followed by a longer paragraph that is no heading."""
    return {i for i, b in enumerate(blocks[:-1])
            if (b.kind == "item" and _title_item(b.text)
                or _bold_title(b))
            and blocks[i + 1].kind == "para" and len(blocks[i + 1].text) > len(b.text)
            and not _heading_like(blocks[i + 1]) and not inline_label(blocks[i + 1].text)
            and not _ASKED_LABEL.search(blocks[i + 1].text)}  # a question after it asks the next thing


_PUNCTUATED = re.compile(r"[，,。.；;：:！!？?]")
SENTENCE_TITLE_CHARS = 24


def _title_item(text: str) -> bool:
    """A list item written as a title: short, no punctuation ("区分各项功能的粒度和优先级"), or one short sentence that a
    paragraph then explains ("根据团队水平、确定团队推进的节奏。", "运维团队的专业水平、学习速度，善用外部资源。"), a
    bracketed note after it or not."""
    if len(text) <= TITLE_CHARS and not _PUNCTUATED.search(text):
        return True
    text = re.sub(r"\s*[(（][^()（）]{1,12}[)）]\s*$", "", text)  # "…相关工具的使用。(链路追踪)": a note on the title
    body = text.rstrip()[:-1] if text.rstrip().endswith("。") else ""
    return bool(body) and len(text) <= SENTENCE_TITLE_CHARS and not re.search(r"[。.；;：:！!？?]", body)
BOLD_TITLE_CHARS = 40


def _bold_title(block: Block) -> bool:
    """A paragraph bold throughout, short and not a sentence ("**明确云厂商的 SLA 是营销工具，而非战绩承诺**"): the title
    of the paragraph after it, as an essay's points are written."""
    return block.kind == "para" and block.bold and len(block.text) <= BOLD_TITLE_CHARS \
        and not _SENTENCE_END.search(block.text) and not block.text.rstrip().endswith((":", "："))


LEAD_KIND_CHARS = 150
LEAD_PARAS = 2  # a lead-in to paragraphs announces two of them at least
HEADING_KIND_CHARS = 40
# A heading that asks ("原因是什么？", "设置超时时间是为了解决什么问题？"): its answer may be anything.
_ASKING = re.compile(r"[?？]\s*$|什么|哪些|为什么|为何|如何|怎么|\b(what|why|how|which)\b", re.IGNORECASE)
# A Chinese heading that ends with the noun of its kind ("3. 最大难点", "后续优化方向建议"), not one where the noun
# qualifies another ("取 Oss 文件效率问题的暴露"). Not "问题", which names a topic as often ("拓展问题").
_ENDS_KIND = re.compile(r"(困难|挑战|不足|缺点|难点|难题|坑|经验|教训|心得|体会|启示|感悟|优点|优势|亮点|好处|建议)\s*$")


# A section of a document that looks back, named by the genre and the period it looks back on ("## 2018 Retrospective",
# "## Sprint 3 retro", "## 2021 复盘"): its list items are what the team took from it.
# (Numbering, a year included, is gone from the normalised heading.)
_GENRE = re.compile(r"^((sprint \d+|iteration \d+|season|year|annual|q[1-4]|年度?)\s*(的)?\s*)?"
                    r"(retrospective|retro|post-?mortem|复盘|回顾)$", re.IGNORECASE)


# A section that looks back on one aspect of the work ("五、协作风格复盘（最核心，供未来复用）", "技术复盘"): its list items, and
# those of its parts, are what was taken from it.
_ASPECT_REVIEW = re.compile(r"^[\u4e00-\u9fff]{2,6}(复盘|回顾与反思)$")


def _unbracketed(text: str) -> str:
    """A heading without a closing note in brackets ("协作风格复盘（最核心，供未来复用）" -> "协作风格复盘")."""
    return re.sub(r"\s*[(（][^()（）]*[)）]$", "", text)


PARALLEL_POINTS = 3


def _parallel_points(blocks: list[Block], write_ups: set[int]) -> set[int]:
    """The numbered sub-headings of a heading of lessons ("## 关键教训" > "### 1. 立即验证而非假设正确", "### 2. macOS 窗口
    行为复杂度高于预期", …), PARALLEL_POINTS of them or more, where one that is no write-up states its point
    (``_states_point``): parallel points, each one the lesson of its section, however short its words or long its body
    ("### 4. Rust 路径处理" over a paragraph and code). Sub-headings that all name topics ("3. 多线程相关") are none."""
    out: set[int] = set()
    for i, block in enumerate(blocks):
        if block.kind != "heading" or as_kind(classify_heading(block.text)) != LessonKind.LESSON:
            continue
        children: list[int] = []
        for k in range(i + 1, len(blocks)):
            later = blocks[k]
            if later.kind != "heading":
                continue
            if later.level <= block.level:
                break
            if not children or later.level == blocks[children[0]].level:
                children.append(k)
        numbered = [k for k in children if _numbering(blocks[k].text) == "arabic"]
        if len(numbered) >= PARALLEL_POINTS and len(numbered) == len(children) \
                and any(_states_point(blocks[k].text) and k not in write_ups for k in numbered):
            out.update(numbered)
    return out


FLAT_PARTS = 2  # a heading and one more of its level after an empty kind heading: parts, not the next section


def _flat_runs(blocks: list[Block]) -> set[int]:
    """Headings right above FLAT_PARTS headings of their own level or more that name nothing (before one that names
    something or stands higher): where ``_Builder._flat_level`` may read those as parts. One "## Notes" after an empty
    "## What went well" is the next section of a form."""
    out: set[int] = set()
    for i, block in enumerate(blocks[:-1]):
        if block.kind != "heading" or blocks[i + 1].kind != "heading" or blocks[i + 1].level != block.level:
            continue
        parts = 0
        for later in blocks[i + 1:]:
            if later.kind != "heading" or later.level > block.level:
                continue
            if later.level < block.level or classify_heading(later.text) is not None \
                    or _CONTEXT.match(normalize_heading(later.text)):
                break
            parts += 1
        if parts >= FLAT_PARTS:
            out.add(i)
    return out


_NUMBERING = (("arabic", re.compile(r"^\s*\d+(\.\d+)*\s*[.、)）]?\s*\S")), ("chinese", re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]")),
              ("parenthesised", re.compile(r"^\s*[（(]\s*[\d一二三四五六七八九十]+\s*[)）]")),
              ("chapter", re.compile(r"^\s*第[一二三四五六七八九十百\d]+[章节部分篇]")))


def _numbering(text: str) -> str | None:
    """How a heading is numbered ("3.…", "一、…", "(1)…", "第二章…"), or None."""
    return next((name for name, pattern in _NUMBERING if pattern.match(text)), None)


def _plans_noun(text: str, kind: LessonKind | None) -> bool:
    """Whether a label names action items by a noun of plans or remaining actions ("2019 plans", "Remaining Actions"),
    not by the vocabulary ("Action items", "Next steps")."""
    return kind == LessonKind.ACTION_ITEM and classify_heading(text) is None


def _heading_kind(text: str) -> LessonKind | None:
    """In a look back, the kind a heading outside the vocabulary names by its noun: "## Failures", "## Prospective
    Causes", "### Successful Aspects", "## 3. 最大难点". Not a question, and in Chinese only a heading that ends with the
    noun; a Chinese "…的原因" is as often a motive ("申请本社区项目的原因") as a cause."""
    if len(text) > HEADING_KIND_CHARS or _ASKING.search(text):
        return None
    norm = _unbracketed(normalize_heading(text))  # "原始基线方案（成功方案）": a note
    if re.search(r"[\u4e00-\u9fff]", norm) and not _ENDS_KIND.search(norm):
        return None
    return label_kind(text)
# What a lead-in offers as possibilities ("经过 google 确定了可能发生问题的原因：", "Possible causes:"): candidates, not findings.
# A list item or line that asks ("What recommendations would you give …?", "遇到了哪些问题？"): with answers under it, a label.
_ASKED_LABEL = re.compile(r"[?？]\s*$")
_CANDIDATES = re.compile(r"可能|或许|猜测|\b(possible|potential|candidate|likely)\b", re.IGNORECASE)
LABEL_ITEM_CHARS = 60


def _lead_kinds(blocks: list[Block], lead_ins: set[int]) -> dict[int, tuple[LessonKind, int]]:
    """Lead-ins ending in a colon that name a kind ("The lessons that we are taking away from this incident are as
    follows:", "Costs of the approach:", "遇到的主要问题如下："), each with its kind and the end of the list after it."""
    out: dict[int, tuple[LessonKind, int]] = {}
    for i in sorted(lead_ins):
        text = blocks[i].text.strip()
        if blocks[i + 1].kind != "item" or not (_empty_field(text) or _ASKED_LABEL.search(text)) \
                or len(text) > LEAD_KIND_CHARS:
            continue
        kind = None if _CANDIDATES.search(text) else label_kind(text)
        if kind:
            j, top = i + 1, blocks[i + 1].level
            while j < len(blocks) and blocks[j].kind == "item" and blocks[j].level >= top:
                j += 1
            out[i] = (kind, j)
    for i, block in enumerate(blocks[:-1]):
        # "Starting the work was pretty easy, I was able to install Elm-platform pretty easily," then the list of what
        # made it so, "Second set of problems: working with Elm was not without problems." then the problems: a lead-in
        # that states a kind in its own words, or opens with a label that names one, gives it to the list after it.
        if i in out or block.kind != "para" or blocks[i + 1].kind != "item":
            continue
        label = _OPENING_LABEL.match(block.text)
        ends = block.text.rstrip().endswith((",", ":", "，", "："))
        kind = (cue_kind(block.text.rstrip(",:，：")) if ends else None) or (label_kind(label.group(1)) if label else None)
        if kind in (LessonKind.WENT_WELL, LessonKind.WENT_WRONG):
            j, top = i + 1, blocks[i + 1].level
            while j < len(blocks) and blocks[j].kind == "item" and blocks[j].level >= top:
                j += 1
            out[i] = (kind, j)
    for i, block in enumerate(blocks[:-1]):
        # "…here are some of my take aways form my first hackaton's experience, in no particular order:" then one
        # paragraph a point: the paragraphs up to the next heading are lessons of the kind it names.
        text = re.split(r"(?<=[.!?。！？])\s+", block.text.strip())[-1]  # its last sentence
        if i in out or block.kind != "para" or blocks[i + 1].kind != "para" or not _empty_field(text) \
                or len(text) > LEAD_KIND_CHARS or _CANDIDATES.search(text) or re.search(r"[\u4e00-\u9fff]", text):
            continue  # a Chinese "…：" runs one explanation over paragraphs as often (held 12, 15: +2 matches, +8 junk)
        end = next((j for j in range(i + 1, len(blocks)) if blocks[j].kind != "para"), len(blocks))
        kind = label_kind(text) if end - i > LEAD_PARAS else None
        if kind:
            out[i] = (kind, end)
    return out


_OPENING_LABEL = re.compile(r"^([^:：,，.。]{3,40})[:：]\s*\S")


def _label_led(blocks: list[Block], lead_kinds: dict[int, tuple[LessonKind, int]]) -> set[int]:
    """The lead-ins among ``lead_kinds`` that open with a label naming the list's kind and go on with a sentence
    ("Second set of problems: working with Elm was not without problems."): they name the list, they are no lesson of
    their own. Not a label with items after it ("尚未实现的需求：景点点评、组队出行、好友聊天"): those are one."""
    return {i for i in lead_kinds if blocks[i].kind == "para" and (m := _OPENING_LABEL.match(blocks[i].text))
            and label_kind(m.group(1)) == lead_kinds[i][0] and re.search(r"[.。!！]$", blocks[i].text.rstrip())}


def _lead_ins(blocks: list[Block]) -> set[int]:
    """Paragraphs that announce the list or code right after them ("… the following in mind.", "列了几点需要改进的：",
    "由此，我第一次作业代码如下")."""
    return {i for i, b in enumerate(blocks[:-1])
            if b.kind == "para" and blocks[i + 1].kind in ("item", "row", "code") and _LEAD_IN.search(b.text[-80:])
            # A question with the answers listed under it ("What recommendations would you give …?").
            or b.kind == "para" and blocks[i + 1].kind == "item" and _ASKED_LABEL.search(b.text)
            and not _LEAD.match(b.text)}


# A retrospective form's prompt with its answer after it on the line: "What went well: …", "Things you learned from the
# project: …", "Other comments on the project: …" (English only: a Chinese answer runs one explanation over its
# sentences as often).
_FORM_ANSWER = re.compile(r"^\s*(?P<prompt>(?:what|how|why|which|where|things|other|any|anything)\b[^:：?？.。]{2,80}?)"
                          r"\s*[:：]\s*(?P<answer>[A-Z].*)$", re.IGNORECASE | re.DOTALL)
_SENTENCE_BREAK = re.compile(r"(?<=[a-z0-9)”\"'][.!?])\s+(?=[A-Z])")
# An answer of five sentences or more lists points ("What could improve for next time: …" over eleven); a shorter one is
# one point and its explanation ("What worked: We were very proud about … Our original idea was …"), one lesson.
ANSWER_POINTS = 5
_PROMPT_LINE = re.compile(r"^\s*(what|how|why|which|where)\b[^.!。！:：\n]{10,150}\??$", re.IGNORECASE)
PROMPT_WORDS = 5

POINT_CHARS = 150  # a sub-heading that states a point ("Establish clear communication about when …") may be long
POINT_WORDS = 3
POINT_CJK = 10


def _states_point(text: str) -> bool:
    """A heading that says something ("Always aggressively test", "需求评审要邀请一线仓管员"), not one that names a member
    or a topic ("陈俊宇", "Testing"): POINT_WORDS English words or POINT_CJK Chinese characters, at most POINT_CHARS."""
    return len(text) <= POINT_CHARS and (len(re.findall(r"[A-Za-z']+", text)) >= POINT_WORDS
                                         or len(re.findall(r"[\u4e00-\u9fff]", text)) >= POINT_CJK)


@dataclass
class _Open:
    level: int
    kind: str | None
    container: bool = False
    text: str = ""


# The kinds of lesson a paragraph's points may be split from (``_Builder._split_points``).
_OUTCOMES = (LessonKind.WENT_WELL, LessonKind.WENT_WRONG, LessonKind.LESSON)


class _Builder:
    def __init__(self, title: str, *, template: bool, title_heading: int | None,
                 title_kind: LessonKind | None = None, write_ups: set[int] = frozenset(),
                 containers: set[int] = frozenset(), assessed: dict[int, LessonKind] | None = None,
                 checklists: set[int] = frozenset(), headless: _Headless = _Headless(),
                 reflective: bool = False, total: int = 0, looks_back: bool = False) -> None:
        self.out = Structure()
        self.total = total
        self.looks_back = looks_back
        self.doc_title = title
        self.candidates: list[tuple[int, int, Candidate]] = []  # (block index, section index, candidate): for ``classify``
        self.order: dict[int, int] = {}  # id(lesson) -> the index of the block it came from
        self.stack: list[_Open] = []
        self.texts: list[list[str]] = []
        self.kind: str | None = None
        self.item_base: int | None = None
        self.lesson_depth: int | None = None  # list depth of the item the last lesson came from
        self.table_header: list[str] | None = None
        self.driving: list[str] = []
        self.template = template
        self.title_heading = title_heading
        self.title_kind = title_kind
        self.write_ups = write_ups
        self.item_lists: set[int] = set()  # headings over list items alone (``_item_lists``)
        self.containers = containers
        self.assessed = assessed or {}
        self.checklists = checklists  # items of checklists of delivered work (``_checklists``): no lessons
        self.reflective = reflective
        self.cued: list[ParsedLesson] = []  # lessons found by their own words (``ingest.cues``), not by a heading
        self.work_list = False  # after a statement of duties: phase-labelled items that follow are the work done
        self.label: tuple[LessonKind, int] | None = None  # an item-label ("- 优点：") and its depth
        self.items_only = False  # a section under a title that announces lessons: only its list items are
        self.seen = 0
        self.label_lists: dict[int, int] = {}  # a label paragraph -> the end of the list it announces (``_label_lists``)
        self.label_end: int | None = None
        self.titled: set[int] = set()  # items that title the paragraph after them (``_titled_items``)
        self.topics: set[int] = set()  # speakers' topic lines in minutes (``_topics``)
        self.citing: set[int] = set()  # points that end by citing (``_citing``)
        self.overviews: set[int] = set()  # paragraphs that introduce a section's sub-sections (``_overviews``)
        self.run_labels: set[int] = set()  # label items of a list, and the kind of the items after each (``_label_runs``)
        self.run_kinds: dict[int, LessonKind] = {}
        self.index = 0  # the index of the block being added
        self.cause_quoted = False  # the last block stated a cause: a block quote after it explains it
        self.in_point = False  # after a titled point's first paragraph (``_titled_items``), until the next item or heading
        self.title: tuple[int, str] | None = None  # (index of the paragraph, its title) under a lessons heading
        self.point: tuple[str, int] | None = None  # a sub-heading under a lessons heading (its text, level): the point
        self.lead_kinds: dict[int, tuple[LessonKind, int]] = {}  # lead-ins that name a kind (``_lead_kinds``)
        self.lead_kind: tuple[LessonKind, int] | None = None  # the kind of the list being read, and where it ends
        self.label_led: set[int] = set()  # lead-ins that open with the label of their list (``_label_led``)
        self.problem_fixes: dict[int, tuple[str, str]] = {}  # a problem line followed by its fix: their texts (``_problem_fixes``)
        self.fix_heading = False  # the last block was a problem set as a heading, with its fix after it
        self.write_up = False  # the section is a long write-up under an inherited kind (``_write_ups``)
        self.flat: int | None = None  # the level of an empty kind heading whose same-level followers are its parts
        self.flat_runs: set[int] = set()  # headings followed by FLAT_PARTS headings of their level or more (``_flat_runs``)
        self.last_heading: int | None = None  # the block index of the last heading read
        self.pits: dict[int, Pit] = {}  # headings over a problem write-up (``ingest.pitfalls``)
        self.pit_level: int | None = None  # inside a pitfall's section: its heading's level
        self.paragraphs: dict[int, str] = {}  # paragraph blocks' texts by index (``_prompt_line``, ``_split_points``)
        self.parallel: set[int] = set()  # numbered sub-headings of a lessons heading that are its points (``_parallel_points``)
        named = headless.kind.value if headless.kind and not template else None
        self._new_section(title, 0, named if headless.log else None)
        self.kind = named  # a document under a name that announces lessons: its items and numbered points are lessons
        self.items_only = bool(headless.kind) and (headless.log or not template) and not headless.prose
        self.headless = headless.log

    def add(self, block: Block, *, closing: bool = False, lead_in: bool = False, announces: bool = False) -> None:
        before = (len(self.out.lessons), self.out.lessons[-1].text if self.out.lessons else None, len(self.out.sections))
        self._add(block, closing=closing, lead_in=lead_in, announces=announces)
        after = (len(self.out.lessons), self.out.lessons[-1].text if self.out.lessons else None, len(self.out.sections))
        if before == after:
            self._left(block)

    def _left(self, block: Block) -> None:
        """A paragraph or item the rules made nothing of, in a section that announces no kind: one for ``classify``."""
        if active_model() is None or self.template or block.kind not in ("para", "item") or self.kind == DRIVING_EVENT \
                or self._in_toc() or self.lesson_kind and not self.items_only or never_a_lesson(block.text) \
                or _TIMELINE.match(block.text):
            return
        section = self.out.sections[-1]
        self.candidates.append((self.index, len(self.out.sections) - 1, Candidate(
            text=block.text, block=block.kind, depth=block.level if block.kind == "item" else 0,
            heading="" if section.level == 0 else section.heading, section_kind=self.kind,
            heading_level=section.level, title=self.doc_title, reflective=self.reflective,
            position=self.index / max(self.total, 1), doc_lessons=0, section_lessons=0)))

    def _add(self, block: Block, *, closing: bool = False, lead_in: bool = False, announces: bool = False) -> None:
        index, self.seen = self.seen, self.seen + 1
        self.index = index
        if self.lead_kind and index >= self.lead_kind[1]:
            self.lead_kind = None
        # A question names its answers' kind even under a lessons heading ("What recommendations would you give …?").
        if index in self.lead_kinds and (not self.lesson_kind or _ASKED_LABEL.search(block.text)) and self.reflective \
                and not self.template \
                and (self.kind not in (DRIVING_EVENT, NARRATIVE) or self.write_up):
            self.lead_kind = self.lead_kinds[index]
        if index == self.label_end:
            self._close_label()
        if index in self.titled and self.lesson_kind and not self.items_only:
            self.texts[-1].append("- " + block.text)
            self.title = (index + 1, block.text)
            return
        if self.title and self.title[0] == index:
            title, self.title = self.title[1], None
            self.texts[-1].append(block.text)
            if not never_a_lesson(block.text):
                self._lesson(f"{title} {block.text}", self._kind_of(block.text) or LessonKind.LESSON, title=title)
                self.in_point = True
            return
        # A problem set as a heading starts its section; the pair's lesson is made at its fix.
        heading = block.kind == "heading"
        after_heading, self.fix_heading = self.fix_heading, heading and index in self.problem_fixes
        if index in self.problem_fixes and not heading or index - 1 in self.problem_fixes:
            self.texts[-1].append(block.text)
            pair = self.problem_fixes[index - 1] if after_heading else self.problem_fixes.get(index)
            if pair and not self.template and self.kind != DRIVING_EVENT:
                # The problem is the lesson; its fix, often a long account of the work, is its recommendation.
                self._lesson(pair[0], LessonKind.WENT_WRONG)
                self.out.lessons[-1].recommendation = pair[1]
            return
        if block.kind not in ("para", "quote", "code"):
            self.in_point = False
        if block.kind != "quote":
            self.cause_quoted = self._states_cause(block)
        if block.kind == "heading":
            self._heading(block.text, block.level, title=index == self.title_heading,
                          write_up=index in self.write_ups and index not in self.parallel,
                          item_list=index in self.item_lists,
                          container=index in self.containers)
        elif self.headless and block.kind == "para" and _LOG_LABEL.match(block.text):
            self._heading(block.text.rstrip(" -–:："), 2, pseudo=True)  # "Enhancements -": the log's next part
        elif block.kind == "para" and _QUESTION.match(block.text) and not self._in_toc():
            level = (self.stack[-1].level + 1) if self.stack and self.stack[-1].kind is None else \
                (self.stack[-1].level if self.stack else 2)
            self._heading(block.text, min(level, 6), pseudo=True)
        elif self._prompt_line(block, index):
            # "What you'd do differently if you were starting the quarter again", a form's next prompt set as a line of
            # text (a PDF's): a heading beside the one before it, over the answers it asks for (a reflection, unless
            # its words name a kind).
            level = self.stack[-1].level if self.stack and self.stack[-1].kind else \
                (self.stack[-1].level + 1 if self.stack else 2)
            self._heading(block.text, min(level, 6), pseudo=True,
                          prompt_kind=classify_heading(block.text.rstrip("?？") + "?") or LessonKind.LESSON.value)
        elif _heading_like(block) and not self._in_toc():
            level = (self.stack[-1].level + 1) if self.stack else 2
            self._heading(block.text, min(level, 6), pseudo=True)
            self.label_end = self.label_lists.get(index)
        elif block.kind == "item" and index in self.checklists:
            self.texts[-1].append("- " + block.text)
        elif block.kind == "item" and index in self.assessed and not self.lesson_kind \
                and self.kind not in (DRIVING_EVENT, NARRATIVE):
            self.texts[-1].append("- " + block.text)
            if not self.template and not never_a_lesson(block.text):
                self._lesson(block.text, self.assessed[index])
        elif block.kind == "item":
            self._item(block, announces=announces)
        elif block.kind == "row":
            self._row(block)
        elif block.kind == "quote" and self.cause_quoted and not self.template and not never_a_lesson(block.text):
            # "复盘报告给出的原因是：…" then the vendor's report quoted: the quote explains the cause.
            self.texts[-1].append(block.text)
            self._lesson(block.text, LessonKind.ROOT_CAUSE)
            return
        elif block.kind == "quote" and not self.template and (own := _own_lesson(block.text)):
            # "> 经验：遇到报错先看最后一行…" under a table of pitfalls: the writer's own lesson, set off as a quote.
            self.texts[-1].append(block.text)
            self._lesson(own, LessonKind.LESSON)
        elif block.kind in ("code", "quote", "note"):  # note: a slide's speaker notes (ingest.pptx_doc)
            self.texts[-1].append(block.text)
        else:
            for text in _sentence_lines(block):
                self._para(text, closing=closing or lead_in)

    def _states_cause(self, block: Block) -> bool:
        """A paragraph that gives a source's statement of the cause ("复盘报告给出的原因是：…"): a block quote right after it
        quotes that source's explanation (a quote after the writer's own finding is a note: "大家有兴趣的话可以参考…")."""
        return block.kind == "para" and self.reflective and self.kind not in (DRIVING_EVENT, NARRATIVE) \
            and cue_kind(block.text) == LessonKind.ROOT_CAUSE and bool(_SOURCE.search(block.text))

    def _heading(self, text: str, level: int, pseudo: bool = False, title: bool = False,
                 write_up: bool = False, container: bool = False, item_list: bool = False,
                 prompt_kind: str | None = None) -> None:
        level = self._flat_level(text, level, pseudo or title)
        if self.pit_level is not None and not pseudo and level <= self.pit_level:
            self.pit_level = None
        if self.pit_level is not None and pseudo:
            level = self.pit_level + 1  # "原因：", "修复：", "教训：": parts of the pitfall, side by side
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        if self.pit_level is not None:
            # Inside a pitfall: its symptom, cause and fix are its anatomy; only what it taught is a lesson.
            own = LessonKind.LESSON.value if pseudo and classify_heading(text) == LessonKind.LESSON.value else NARRATIVE
            self.stack.append(_Open(level, own, False, text))
            self._new_section(text, level, own)
            self.point = None
            return
        if self.point and level <= self.point[1] and not self.texts[-1] and not pseudo:
            # "### Always aggressively test" then the next point's heading: the heading alone is the lesson.
            self._lesson(self.point[0], self.lesson_kind or LessonKind.LESSON)
        self.point = None
        own = None if title else classify_heading(text) or prompt_kind
        if own is None and not title and not pseudo and self.reflective:
            named = _heading_kind(text)
            own = named.value if named and (self.looks_back or not _plans_noun(text, named)) else None
        genre = own is None and not title and not pseudo and self.reflective and bool(
            _GENRE.match(normalize_heading(text)) or _ASPECT_REVIEW.match(_unbracketed(normalize_heading(text))))
        if genre:
            own = LessonKind.LESSON.value  # "## 2018 Retrospective" over terse bullets: each one a lesson
        parent = next((o.kind for o in reversed(self.stack) if o.kind and not o.container), None)
        if own == NARRATIVE and as_kind(parent) and names_work_split(text):
            own = None  # "## 不足" > "### 分工": what went wrong in how the work was split
        inherited = None if own else parent
        # Under what was learned, a topic's list ("## What I learned from this project?" > "### C++" over 13 things
        # learned) is lessons, however long (not under a "总结" whose sub-sections list features).
        learned = next((o.text for o in reversed(self.stack) if o.kind and not o.container), "")
        write_up = write_up and not (item_list and inherited == LessonKind.LESSON.value and _LEARNED_HEADING.search(learned))
        self.write_up = bool(inherited and write_up)
        if inherited and write_up:
            own = inherited = NARRATIVE  # and its own sub-headings inherit nothing
        kind = own or inherited
        pit = self.pits.get(self.index) if not (title or pseudo or self.template) else None
        # The section it is part of names its kind, or announces problems in other words ("五、关键技术挑战与解决方案").
        above = self.stack[-1].text if self.stack and not self.stack[-1].kind else ""
        pit_kind = pit.kind(as_kind(parent) or label_kind(above) or as_kind(own)) if pit else None
        if pit_kind and parent not in (DRIVING_EVENT, NARRATIVE) \
                and classify_heading(text) not in (DRIVING_EVENT, NARRATIVE):
            self.stack.append(_Open(level, NARRATIVE, False, text))
            self._new_section(text, level, NARRATIVE)
            self.out.sections[-1].kind = pit_kind
            self.write_up = False
            self.pit_level = level
            self._lesson(pit.problem or statement(text) or text, pit_kind)
            if pit.problem and pit.fix:
                self.out.lessons[-1].recommendation = pit.fix
            return
        self.stack.append(_Open(level, own, container, text))
        from_title = not kind and not title and self.title_kind is not None and not _CONTEXT.match(
            normalize_heading(text))
        self._new_section(text, level, self.title_kind.value if from_title and self.title_kind else kind)
        self.items_only = from_title or genre or own == LessonKind.LESSON.value and closes(text)
        if inherited and not own and as_kind(inherited) and not pseudo and not never_a_lesson(text) \
                and (_states_point(text) or self.index in self.parallel):
            self.point = (text, level)

    def _flat_level(self, text: str, level: int, pseudo: bool) -> int:
        """The level a heading is read at. A heading that names a kind with nothing under it, then headings of its own
        level that name nothing ("What Went Well" / "Completion of Requirements", "Final Deliverables" / "What Didn't Go
        Well" / "Team Structure", all bold lines of one size in a PDF; "### …获得的心得体会" / "### (1)线程安全"): those
        headings are its parts, one level down, until a heading that names something or stands higher. Not a question
        nor a heading numbered like it ("3.技术方案有哪些亮点？" / "4.是否做了单元测试？"): the next item of a form."""
        previous, self.last_heading = self.last_heading, self.index
        if self.flat is not None:
            if level >= self.flat and not pseudo and classify_heading(text) is None \
                    and not _CONTEXT.match(normalize_heading(text)):
                return level + 1
            self.flat = None
        top, section = (self.stack[-1] if self.stack else None), self.out.sections[-1]
        if previous not in self.flat_runs \
                or top is None or pseudo or top.level != level or not as_kind(top.kind) or top.container or self.texts[-1] \
                or section.level != level or re.search(r"[。.！!；;：:]\s*$", section.heading) \
                or classify_heading(text) is not None or _ASKING.search(text) \
                or _CONTEXT.match(normalize_heading(text)) or _numbering(text) and _numbering(text) == _numbering(section.heading):
            return level
        self.flat = level
        return level + 1

    def _close_label(self) -> None:
        """The end of the list a label paragraph announced: what follows is the enclosing section's again."""
        self.label_end = None
        if self.stack:
            self.stack.pop()
        self.kind = next((o.kind for o in reversed(self.stack) if o.kind and not o.container), None)
        self.item_base = self.lesson_depth = self.label = None

    def _new_section(self, heading: str, level: int, kind: str | None) -> None:
        if self.texts and not self.texts[-1] and self.out.sections and self.out.sections[-1].level == 0:
            # Drop an empty preamble section.
            self.out.sections.pop()
            self.texts.pop()
        self.out.sections.append(ParsedSection(heading=heading, level=level, text="", kind=as_kind(kind)))
        self.texts.append([])
        self.kind = kind
        self.item_base = None
        self.lesson_depth = None
        self.items_only = False
        self.table_header = None
        self.work_list = False
        self.tested_list = False  # in review or test results: after a lead-in that lists what was tested
        self.label = None

    def _in_background(self) -> bool:
        """Whether the current section sets the scene ("业务背景", "Background", an overview: "概述", "1.项目概况"): what it
        says of importance or gains describes the setting, it is no lesson."""
        return bool(self.out.sections) and bool(_BACKGROUND.match(normalize_heading(self.out.sections[-1].heading)))

    def _in_toc(self) -> bool:
        return bool(self.out.sections) and bool(_TOC.match(normalize_heading(self.out.sections[-1].heading)))

    @property
    def lesson_kind(self) -> LessonKind | None:
        if self.template:
            return None
        return LessonKind.WENT_WELL if self.kind in (ASSESSMENT, OUTCOME) else as_kind(self.kind)

    def _kind_of(self, text: str) -> LessonKind | None:
        """The kind of a lesson in this section: a review or test result's by what it says, else the section's."""
        return assessment_kind(text) if self.kind == ASSESSMENT and not self.template else self.lesson_kind

    def _item(self, block: Block, *, announces: bool = False) -> None:
        if self.item_base is None or block.level < self.item_base:
            self.item_base = block.level
        depth = block.level - self.item_base
        self.texts[-1].append("  " * depth + "- " + block.text)
        if self.kind == DRIVING_EVENT:
            self.driving.append(block.text)
            return
        if self.index in self.run_labels:
            return
        if self.index in self.run_kinds:
            if not self.template and not never_a_lesson(block.text):
                self._lesson(block.text, self.run_kinds[self.index])
                self.lesson_depth = depth
            return
        if self._answer_points(block.text):
            self.lesson_depth = depth
            return
        labelled = inline_label(block.text) if not (self.work_list and _PHASE.match(block.text)) else None
        if labelled and self._pit_part(labelled[0]):
            return
        if labelled:
            kind, rest = labelled
            if rest and rest.strip(" -–—") and not never_a_lesson(rest) and not self.template \
                    and not self._design(block.text):
                self._lesson(rest, kind)
                self.lesson_depth = depth
            elif not rest:
                self.label = (kind, depth)  # "- 优点：" with sub-items: they are lessons of that kind
            return
        if self.label and depth <= self.label[1]:
            self.label = None
        if announces and _ASKED_LABEL.search(block.text) and not _LEAD.match(block.text) and not self.template \
                and self.kind not in (DRIVING_EVENT, NARRATIVE) and (label_kind(block.text) or self.lesson_kind):
            # "What recommendations would you give to others …?" with the answers under it: each answer a lesson of the
            # kind the question names (else the section's), not the question with its answers as one. ("问题：…如何
            # 解决冲突？" over its answers is a problem and its fix: one lesson.)
            self.label = (label_kind(block.text) or self.lesson_kind, depth)
            return
        own = as_kind(classify_heading(block.text)) if announces and (
            _names_section(block.text) or self.reflective and not self.template and _POLARITY.match(block.text)) else None
        if not own and announces and self.reflective and not self.lesson_kind and _empty_field(block.text) \
                and len(block.text) <= LABEL_ITEM_CHARS and not self.template and self.kind not in (DRIVING_EVENT, NARRATIVE):
            own = label_kind(block.text)  # "- Challenges Faced:" with sub-items: they are lessons of that kind
            own = None if not self.looks_back and _plans_noun(block.text, own) else own
        if own:
            self.label = (own, depth)  # "1. 技术方案亮点" with bullets under it: they are lessons of that kind
            return
        if block.bold and announces and self.lesson_kind and self.kind != OUTCOME and not self.template \
                and not self.label and not self.lead_kind and not never_a_lesson(block.text) and _title_item(block.text):
            # "1. **服务启动**" over "⚠️ AndroidManifest.xml声明服务≠自动启动", …: a title set in bold over its points is
            # one lesson with them (not a speaker's topic in minutes, whose points are each one).
            self._lesson(block.text, self._kind_of(block.text))
            self.lesson_depth = depth
            return
        if self.index in self.topics and self.lesson_kind and self.kind != OUTCOME and not self.template \
                and self.lesson_kind != LessonKind.WENT_WELL:
            # "2. megemini 中文文档的书写问题的吐槽" with the points under it: a speaker's topic, each point a lesson. (Under
            # what went well, "1. **双机制设计创新**" over "两者独立运作，互不干扰": a highlight, its sub-items describe it.)
            self.label = (self.lesson_kind, depth)
            return
        if self.lead_kind and not self.label and not self.template and not never_a_lesson(block.text):
            if self._continued(block.text, depth):
                return
            self._lesson(block.text, self.lead_kind[0])
            self.lesson_depth = depth
            return
        if self.label and not self.template and not never_a_lesson(block.text):
            if self._continued(block.text, depth, below=self.label[1]):
                return
            self._lesson(block.text, self.label[0])
            self.lesson_depth = depth
            return
        if self._continued(block.text, depth):
            return
        # "We improved our usage of GitFlow by:" with sub-items is one lesson with them, not an empty field. Under a
        # title that announces lessons only the author's list items are (not a paragraph's lines after "UML类图：").
        if self.lesson_kind and self.kind != OUTCOME and not (self.work_list and _PHASE.match(block.text)) \
                and not never_a_lesson(block.text) and not (self.items_only and block.split) \
                and (announces or not _empty_field(block.text)) and self._judged(block.text):
            self._lesson(block.text, self._kind_of(block.text))
            self.lesson_depth = depth
        elif self._cued(block.text):
            self._lesson(block.text, self._cued(block.text), cued=True)
            self.lesson_depth = depth

    def _continued(self, text: str, depth: int, *, below: int | None = None) -> bool:
        """Append an item deeper than this section's last lesson to it (its detail), when that lesson is itself below
        the label's depth `below` (if any); whether it did."""
        if self.lesson_depth is None or depth <= self.lesson_depth or not self._current_section_lessons() \
                or below is not None and self.lesson_depth <= below:
            return False
        last = self.out.lessons[-1]
        last.text += _joiner(last.text) + text
        return True

    def _para(self, text: str, *, closing: bool) -> None:
        self.texts[-1].append(text)
        if self.index in self.label_led and self.lead_kind:
            return  # "Second set of problems: …" over the problems: it names them
        if self.kind == DRIVING_EVENT:
            self.driving.append(text)
            return
        if self._answer_points(text):
            return
        labelled = inline_label(text) if not (self.work_list and _PHASE.match(text)) else None
        if labelled and self._pit_part(labelled[0]):
            return
        if labelled:
            kind, rest = labelled
            if rest and not never_a_lesson(rest) and not self.template and not self._design(text):
                self._lesson(rest, kind)
            return
        if _DUTIES.match(text) and not _REFLECTION.search(text):
            self.work_list = True
            return
        self.work_list = False
        if self.kind == ASSESSMENT and _empty_field(text):
            # "评审：" is a label; "使用cUnit测试程序对项目进行了黑箱测试，测试了：" announces what was tested, not results.
            self.tested_list = len(text.rstrip(" :：")) > LABEL_CHARS
            return
        if self.kind == ASSESSMENT and self.tested_list:
            return
        if self.index in self.overviews and self.lesson_kind:
            return  # "随着…，我们对微服务框架…有着更高的期待。" above "便捷性", "AI场景下的能力": the overview
        if _NEXT_PART.search(text) or _PARTS.search(text) and len(re.findall(r"[。！？!?]", text)) <= LEAD_SENTENCES:
            return  # "…我们要解决该问题，我们看一下我们的处理方式。": it announces the next part, it says none
        if _ASKS.search(text):
            return  # "…所以，我们能从这场故障中学到什么？": a paragraph that asks leads in to the answers, it is none
        if self.in_point and self.lesson_kind:
            return  # a titled point's later paragraphs explain it: the point is its title and first paragraph
        field = _empty_field(text) and self.index not in self.citing
        if self.lesson_kind and not (closing or self.items_only) and not never_a_lesson(text) \
                and not field and self._continues_point(text):
            last = self.out.lessons[-1]
            last.text += ("" if is_cjk(text[:1]) else _joiner(last.text)) + text
        elif self.lesson_kind and not (closing or self.items_only) and not never_a_lesson(text) \
                and not field and self.point and not self._current_section_lessons():
            # "### Verbose logs are always better" over "Since most of the time was spent writing better logging code,
            # …": a sub-heading under a lessons heading, and the line that explains it, are one lesson.
            point, self.point = self.point[0], None
            self._lesson(f"{point} — {text}", self._kind_of(text) or LessonKind.LESSON, title=point)
        elif self.lesson_kind and not (closing or self.items_only) and not never_a_lesson(text) \
                and not field and self._judged(text):
            self._lesson(enumerated_point(text), self._kind_of(text))
        elif self.items_only and self.lesson_kind and self.kind != OUTCOME and _NUMBERED.match(text) \
                and not never_a_lesson(text) and not field and self._judged(text):
            # "1、最开始问一下后面的流程，用什么算法。": a point numbered in the text is a list item written as a paragraph.
            self._lesson(enumerated_point(text), self._kind_of(text))
        elif self.lead_kind and not self.lesson_kind and not never_a_lesson(text) and not field:
            self._lesson(enumerated_point(text), self.lead_kind[0])
        elif not self.lesson_kind and not self.template and self.kind not in (DRIVING_EVENT, NARRATIVE) \
                and _MORAL.search(text):
            self._lesson(text, LessonKind.LESSON)
        elif self._cued(text):
            self._lesson(enumerated_point(text), self._cued(text), cued=True)

    def _prompt_line(self, block: Block, index: int) -> bool:
        """An English paragraph that is a form's prompt, not an answer: it opens with a question word, ends with no
        full stop, runs PROMPT_WORDS words or more and a paragraph follows it, in a document that looks back, under a
        heading that names a kind (the form's first prompt, set as a heading)."""
        return block.kind == "para" and self.reflective and not self.template and bool(_PROMPT_LINE.match(block.text)) \
            and len(block.text.split()) >= PROMPT_WORDS and index + 1 in self.paragraphs \
            and bool(self.stack) and as_kind(self.stack[-1].kind) is not None and not self._in_toc()

    def _answer_points(self, text: str) -> bool:
        """An English form's prompt and its answer on one line, the answer ANSWER_POINTS sentences or more ("What did not go well
        (things you would avoid in a redo): We spent more time than necessary … At times, the cluster was not powerful
        enough …"): each sentence is a point, a lesson of the kind the prompt names (else of the kind it states, else a
        lesson); whether it made them. Only in a document that looks back, outside narrative sections."""
        m = _FORM_ANSWER.match(text)
        if not m or not self.reflective or self.template or self.kind in (DRIVING_EVENT, NARRATIVE) or self._in_toc():
            return False
        points = [p for p in _SENTENCE_BREAK.split(m.group("answer").strip())
                  if len(re.findall(r"[A-Za-z']+", p)) >= POINT_WORDS and not never_a_lesson(p) and not _ASKED_LABEL.search(p)]
        if len(points) < ANSWER_POINTS:
            return False
        named = label_kind(m.group("prompt"))
        for point in points:
            self._lesson(point, named or cue_kind(point) or LessonKind.LESSON, title=m.group("prompt").strip())
        return True

    def _pit_part(self, kind: LessonKind) -> bool:
        """Inside a pitfall's section (``ingest.pitfalls``), a labelled part other than what it taught ("根因：…",
        "修复：…"): the anatomy of the heading's problem, no lesson of its own."""
        return self.pit_level is not None and kind != LessonKind.LESSON

    def _design(self, text: str) -> bool:
        """A "解决方案：" / "Solution:" label where no problem was stated before it in the section ("任务为基于傻瓜调度的
        多线程电梯。" then "解决方案：…"): the design that answers a task, not the fix of a fault."""
        if not _SOLUTION.match(text) or self.kind in (LessonKind.WENT_WRONG.value, LessonKind.ROOT_CAUSE.value,
                                                      LessonKind.RECOMMENDATION.value):
            return False
        index = len(self.out.sections) - 1
        if any(lesson.section_index == index and lesson.kind in (LessonKind.WENT_WRONG, LessonKind.ROOT_CAUSE)
               for lesson in self.out.lessons):
            return False
        return not _PROBLEM.search(" ".join(self.texts[-1][:-1]))

    def _judged(self, text: str) -> bool:
        """Under a lessons heading, a Chinese line must judge something (``ingest.cues.judges``): one that only names
        work done ("开发微信小程序", "已完成：…的设计。") is not a lesson. What went well may be a plain achievement, what
        went wrong a plain fact ("手持终端的电池在夜班第六个小时就耗尽。"), a recommendation a plain action; an enumerated
        label ("Q1：代码框架的确定") names a lesson whatever its words."""
        if self.headless and not _EN_JUDGING.search(text) and not is_cjk(text[:1]):
            return False  # a log's note of a fact ("The gobilda servos use a M3 0.5mm thread hex nut screw …")
        return self.lesson_kind != LessonKind.LESSON or judges(text) \
            or bool(_ENUMERATED.match(text))

    def _cued(self, text: str) -> LessonKind | None:
        """The kind a text states in its own words (``ingest.cues``), where no heading says one: in a reflective
        document, outside narrative sections and tables of contents."""
        if not self.reflective or self.lesson_kind and not self.items_only or self.template or self.kind in (DRIVING_EVENT, NARRATIVE) \
                or self._in_toc() or never_a_lesson(text) or _empty_field(text) and len(text) <= MAX_HEADING_CHARS \
                or _TIMELINE.match(text) or self._in_background():
            return None
        return cue_kind(text)

    def _row(self, block: Block) -> None:
        self.texts[-1].append(block.text)
        stated = getattr(block, "lessons", None)  # a register table's row says its lessons' kinds itself
        if stated:
            for found in stated if not self.template else []:
                self._stated(found)
            return
        if self._retro_row(block):
            return
        if block.header or self.table_header is None and _looks_like_header(block.cells) and (
                self.kind or register_columns(block.cells) or retro_columns(block.cells)):
            self.table_header = block.cells
            return
        # A table of problems with their causes and fixes ("坑 | 根因 | 修复方案") says its rows' kind under any heading.
        kind = None if self.table_header and problem_table(self.table_header) else self.lesson_kind
        if not kind and self.table_header and not self.template and (self.kind not in (DRIVING_EVENT, NARRATIVE)
                                                                       or self.write_up):
            # A Markdown or HTML table whose header reads like a register, under an ordinary heading: its
            # columns say the kinds ("成功点（What Went Well）" | "改进点（What Could Be Better）"), as in Word. A long
            # section under an inherited kind is a write-up by its rows alone ("11.2 技术难点与解决方案" under "11. 总结").
            for found in register_row_lessons(self.table_header, block.cells):
                self._stated(found)
            return
        if not kind or self.items_only:
            return
        text = _row_text(block.cells, self.table_header or [])
        if text and not never_a_lesson(text):
            self._lesson(text, self._kind_of(text) or kind)

    def _stated(self, found: TableLesson) -> None:
        """A lesson a register table's row states, with the fix its row gives as its recommendation."""
        count = len(self.out.lessons)
        self._lesson(found.text, LessonKind(found.kind), title=found.title)
        if found.recommendation and len(self.out.lessons) > count:
            self.out.lessons[-1].recommendation = found.recommendation

    def _retro_row(self, block: Block) -> bool:
        """A row of a retrospective's table (``ingest.tables.retro_columns``, ``row_label``): each filled cell below a
        header of kinds ("Mad | Sad | Glad", "做得好的 | 待改进") is lessons of its column's kind, one per point; a
        two-column row labelled with a kind ("待改进" | "…") is lessons of that kind. Whatever the heading above says."""
        if self.template or self.kind in (DRIVING_EVENT, NARRATIVE) or self._in_toc():
            return False
        columns = retro_columns(self.table_header) if self.table_header and not block.header else {}
        if columns:
            for index, kind in sorted(columns.items()):
                for point in cell_points(block, index):
                    if not never_a_lesson(point):
                        self._lesson(point, kind)
            return True
        headed = not block.header and self.table_header is not None and bool(
            register_columns(self.table_header) or retro_columns(self.table_header))
        label = None if headed or retro_columns(block.cells) else row_label(block.cells)
        if label is None:
            return False
        for point in cell_points(block, 1):
            if not never_a_lesson(point):
                self._lesson(point, label)
        return True

    def _lesson(self, text: str, kind: LessonKind, title: str | None = None, cued: bool = False) -> None:
        if kind == LessonKind.ROOT_CAUSE and cause_unknown(text):
            return  # "## Root cause" over "Root cause unknown.", "- **Root cause:** not yet determined": no cause found
        if kind == LessonKind.LESSON and not cued:
            kind = stated_outcome(text) or kind  # a fault or a gain told under a heading of lessons
        elif kind == LessonKind.WENT_WRONG and advised(text):
            kind = LessonKind.RECOMMENDATION  # "下复训有一些需要改进的地方：" over "多进行团队协作…": what to do
        section_index = len(self.out.sections) - 1
        self.out.lessons.append(ParsedLesson(kind=kind, text=text, section_index=section_index,
                                             title=title or _lead(text)))
        self.order[id(self.out.lessons[-1])] = self.index
        if cued:
            self.cued.append(self.out.lessons[-1])

    def _drop_repeats(self) -> None:
        """A lesson found by its words alone that repeats one the structure found, or an earlier one found by its
        words (a report's member reflections, given once under "感想：" labels and again as a list of names), is that
        lesson, not another."""
        grams = [_bigrams(lesson.text) for lesson in self.out.lessons if not any(lesson is c for c in self.cued)]
        for lesson in self.cued:
            own = _bigrams(lesson.text)
            if any(own and other and len(own & other) >= REPEAT * min(len(own), len(other)) for other in grams):
                self.out.lessons = [x for x in self.out.lessons if x is not lesson]
            else:
                grams.append(own)  # a later repeat of this one is dropped too

    def _drop_descriptions(self) -> None:
        """In a section where two lessons or more carry an enumerated label ("Q1：", "EXP2："), the unlabelled ones are
        their descriptions (a deck's separate text boxes), kept as section text only; beside one label ("特色1：界面
        用户友好"), the short ones are ("针对错误操作——精准提示")."""
        labelled: dict[int | None, int] = {}
        for lesson in self.out.lessons:
            if _ENUMERATED.match(lesson.text):
                labelled[lesson.section_index] = labelled.get(lesson.section_index, 0) + 1
        self.out.lessons = [
            lesson for lesson in self.out.lessons
            if _ENUMERATED.match(lesson.text) or _LEAD.match(lesson.text)
            or not (labelled.get(lesson.section_index, 0) >= 2
                    or labelled.get(lesson.section_index) and len(lesson.text) <= DESCRIPTION_CHARS)]

    def _continues_point(self, text: str) -> bool:
        """A line after a numbered point whose sentence has not ended ("1）代码框架的提前确定：…（与老师沟通去学习）" then
        "以防止过多的返工和无效的分工"): the rest of that point."""
        if not self._current_section_lessons():
            return False
        last = self.out.lessons[-1].text
        return bool(_NUMBERED.match(last)) and not _NUMBERED.match(text) and not inline_label(text) \
            and not _LEAD.match(text) and not re.search(r"[。！？.!?；;]\s*$", last)

    def _classified(self) -> None:
        """The paragraphs and items the rules left that a ``classify`` model in use reads as lessons by what they say
        and where they stand (in ingestion the shipped one, English only: see ``ingest.classify``); kept in document
        order, and dropped like cued lessons where they repeat one the rules found."""
        model = active_model()
        if model is None:
            return
        per_section: dict[int | None, int] = {}
        for lesson in self.out.lessons:
            per_section[lesson.section_index] = per_section.get(lesson.section_index, 0) + 1
        found = len(self.out.lessons)
        for index, section_index, candidate in self.candidates:
            candidate = dataclasses.replace(candidate, doc_lessons=found,
                                            section_lessons=per_section.get(section_index, 0))
            kind = score(candidate, model)
            if kind:
                lesson = ParsedLesson(kind=kind, text=candidate.text, section_index=section_index,
                                      title=_lead(candidate.text))
                self.out.lessons.append(lesson)
                self.cued.append(lesson)
                self.order[id(lesson)] = index
        self.out.lessons.sort(key=lambda lesson: self.order.get(id(lesson), 0))

    def _split_points(self) -> None:
        """A paragraph's lesson that turns from what went wrong to what went well, or back, or from an outcome to what
        was learned (``ingest.points``): one lesson a point (``_point_lessons``)."""
        out: list[ParsedLesson] = []
        for lesson in self.out.lessons:
            index = self.order.get(id(lesson))
            split = lesson.kind in _OUTCOMES and lesson.text in self.paragraphs.get(index, "")
            parts = _point_lessons(lesson, points(lesson.text)) if split else [lesson]
            if parts[0] is not lesson:  # new lessons, ordered where the paragraph stood
                self.order.update((id(part), index) for part in parts)
            out.extend(parts)
        self.out.lessons = out

    def _current_section_lessons(self) -> bool:
        index = len(self.out.sections) - 1
        return bool(self.out.lessons) and self.out.lessons[-1].section_index == index

    def finish(self) -> Structure:
        if self.point and not self.texts[-1]:
            self._lesson(self.point[0], self.lesson_kind or LessonKind.LESSON)  # the last point's heading, alone
        self._drop_descriptions()
        self._classified()
        self._drop_repeats()
        self._split_points()
        rekind(self.out.lessons, self.out.sections, self.doc_title, self.reflective)  # a learned read of each kind
        for section, lines in zip(self.out.sections, self.texts):
            section.text = "\n".join(lines)
        if self.out.sections and not self.out.sections[0].text and len(self.out.sections) > 1 \
                and self.out.sections[0].level == 0:
            self.out.sections.pop(0)
            for lesson in self.out.lessons:
                lesson.section_index = None if lesson.section_index is None else lesson.section_index - 1
        if self.driving:
            self.out.driving_event = "\n".join(self.driving)
            for lesson in self.out.lessons:
                lesson.driving_event = self.out.driving_event
                if lesson.kind == LessonKind.LESSON:
                    lesson.lesson = lesson.text
                elif lesson.kind == LessonKind.RECOMMENDATION:
                    lesson.recommendation = lesson.text
        return self.out


# Sections that set the scene: no content cues there.
def _own_lesson(text: str) -> str | None:
    """What a quoted line labelled as the writer's lesson ("经验：…", "Lesson: …") says; else None."""
    labelled = inline_label(text)
    if not labelled or labelled[0] != LessonKind.LESSON or not labelled[1] or never_a_lesson(labelled[1]):
        return None
    return labelled[1]


_BACKGROUND = re.compile(r"^((project |business )?(background|context)|[^，,。]{0,6}背景(介绍|简介)?|(项目)?(概述|概况))$",
                         re.IGNORECASE)
# Sections that give context, not lessons, under a title that announces lessons.
_CONTEXT = re.compile(r"^(background|context|overview|summary|introduction|scope|about|attendees|participants"
                      r"|appendix|references?|links|glossary|table of contents|contents|背景|项目背景|概述|概况|项目概况"
                      r"|简介|说明|摘要|目录|附录|参考|参考资料|相关文档|相关链接|术语"
                      # How the work was done, what it delivered and what may come next ("一、整个过程(可复制的工作流)",
                      # "最终产物", "五、可继续"): steps, products and plans, not lessons.
                      r"|(整个|整体|工作|开发|实验|实施)?(过程|流程|工作流|步骤)|(最终)?产物|可继续|(the )?(process|workflow|steps)$"
                      r"|deliverables|future work)", re.IGNORECASE)

# The column of a register-like table that holds the lesson itself.
_LESSON_COLUMN = re.compile(r"action|item|issue|lesson|finding|problem|description|措施|行动|问题|教训|经验|描述|事项|内容",
                            re.IGNORECASE)
_STATUS_COLUMN = re.compile(r"^(#|no\.?|序号|编号|id|status|状态|owner|负责人|责任人|due|截止|日期|date)$", re.IGNORECASE)


def _row_text(cells: list[str], header: list[str]) -> str:
    """A table row as a lesson: the lesson column first, the other filled columns as 'column: value' details."""
    main = next((i for i, h in enumerate(header) if i < len(cells) and _LESSON_COLUMN.search(h)
                 and not _STATUS_COLUMN.match(h.strip())), 0)
    if main >= len(cells):
        return ""
    first = cells[main]
    details = [f"{header[i]}: {c}" if i < len(header) and header[i] else c
               for i, c in enumerate(cells) if c and i != main]
    return f"{first} ({join_details(details)})" if details and first else (first or join_details(details))


def _looks_like_header(cells: list[str]) -> bool:
    return len(cells) > 1 and all(0 < len(c) <= 20 for c in cells)


def _labelled_text(text: str) -> bool:
    """Whether a line starting with a retrospective label has text after it (then it is a lesson, not a heading)."""
    labelled = inline_label(text)
    return bool(labelled and labelled[1])


def _empty_field(text: str) -> bool:
    """A lead-in or empty form field: 'Root cause:', '直接原因：', '- 好：'."""
    return text.rstrip().endswith((":", "："))



OVERVIEW_SUBSECTIONS = 2


def _overviews(blocks: list[Block]) -> set[int]:
    """The paragraphs between a heading and its first sub-heading that name OVERVIEW_SUBSECTIONS of its sub-headings or
    more ("…特别是在便捷性、AI场景下的能力以及传统框架能力的适配等方面…" above "便捷性", "AI场景下的能力"): what the section's
    parts will say, not a point of its own."""
    out: set[int] = set()
    for i, block in enumerate(blocks):
        if block.kind != "heading":
            continue
        j = i + 1
        while j < len(blocks) and blocks[j].kind == "para":
            j += 1
        if j == i + 1 or j >= len(blocks) or blocks[j].kind != "heading" or blocks[j].level <= block.level:
            continue
        subs: list[str] = []
        for later in blocks[j:]:
            if later.kind == "heading" and later.level <= block.level:
                break
            if later.kind == "heading" and later.level == blocks[j].level:
                subs.append(normalize_heading(later.text))
        out.update(k for k in range(i + 1, j)
                   if sum(1 for sub in subs if len(sub) >= 2 and sub in blocks[k].text.lower()) >= OVERVIEW_SUBSECTIONS)
    return out


def _citing(blocks: list[Block]) -> set[int]:
    """Paragraphs that have said their point in sentences and end by citing, with nothing after them in their section
    ("第三个教训是，警惕大厂开源。…Stonebraker …中就提到过这一点：", then a figure and the next heading): no lead-in, a
    point. Not one followed by text it may announce ("…我们又还能从这场事故中学习到什么教训呢？以下是我的观点：")."""
    out: set[int] = set()
    for i, block in enumerate(blocks):
        stripped = block.text.rstrip()
        if block.kind != "para" or not stripped.endswith((":", "：")):
            continue
        if "。" in stripped and (i + 1 == len(blocks) or blocks[i + 1].kind == "heading"):
            out.add(i)
    return out


REPEAT = 0.8  # share of the shorter text's character bigrams that makes two lessons one


def _bigrams(text: str) -> set[str]:
    chars = [ch for ch in text.lower() if ch.isalnum()]
    return {chars[i] + chars[i + 1] for i in range(len(chars) - 1)}


def _joiner(text: str) -> str:
    """How a sub-item is appended to its lesson: after punctuation of its own, no semicolon (not ".; " or "，; "), and
    Chinese needs no space after full-width punctuation."""
    last = text.rstrip()[-1:] or " "
    if last in "。！？；：，、":
        return ""
    if last in ".!?;:,":
        return " "
    return "；" if "\u4e00" <= last <= "\u9fff" else "; "


_LEAD = re.compile(r"^\s*(?:\*\*|__)?([^:：\n]{2,40}?)(?:\*\*|__)?\s*[:：]\s*\S")


def _point_lessons(lesson: ParsedLesson, parts: list[tuple[str, LessonKind | None]]) -> list[ParsedLesson]:
    """A paragraph's lesson as its points, each of the kind it states (else the paragraph's); the first, the point the
    paragraph opens with, keeps the fix found for the whole (a "Problem:" paragraph's "Solution:" after it)."""
    if len(parts) < 2:
        return [lesson]
    return [ParsedLesson(kind=kind if kind in (*_OUTCOMES, LessonKind.RECOMMENDATION) else lesson.kind, text=text,
                         section_index=lesson.section_index, title=_lead(text),
                         recommendation=None if i else lesson.recommendation) for i, (text, kind) in enumerate(parts)]


def _lead(text: str) -> str | None:
    """A short lead-in like "Vendor delay: ..." or "需求变更：..." used as the lesson's title."""
    m = _LEAD.match(text)
    return m.group(1).strip() if m else None
