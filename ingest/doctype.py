"""A document's type when it does not declare one: from its title and file name, its folder, then its headings.

Also recognises templates and how-to guides (a post-mortem template, "Writing an effective post-mortem"): they
look like retrospectives, but their bullets are instructions, so they get sections and no lessons.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from ingest.blocks import Block
from ingest.dialogue import asked_headings
from ingest.headings import bare_reflections, classify_heading, reflections
from ingest.variants import fold_variants
from kb.models import DocType, LessonKind, ParsedLesson

# Words in a title or file name that give away a document's type (first match wins).
_TITLE_HINTS: list[tuple[re.Pattern[str], DocType]] = [
    (re.compile(r"post[- _]?mortem|incident|outage|事后分析|故障|事故|宕机|通报", re.IGNORECASE), DocType.POST_MORTEM),
    # A numbered one too: "Retrospective1.docx", "Retrospective_2.md", "retro3" (a letter after it is another word).
    (re.compile(r"retro(spective)?s?(?![a-z])|复盘|回顾|事后诸葛亮"
                # A contest's or a training's look back: "赛后总结", "训练总结", "比赛心得".
                r"|(赛后|比赛|竞赛|训练|参赛)(总结|反思|心得|复盘|回忆)|心得体会"
                # An iteration's or sprint's own evaluation ("迭代评估报告", "Sprint 3 review") looks back on it.
                r"|(迭代|冲刺)[^，,。]{0,6}(评估|总结|评审)|\b(iteration|sprint)\s*\d*\s*(review|evaluation|assessment)"
                # "Lessons Learned.docx", "Lessons from a failed hackathon", "经验教训.md": a team's look back; not a
                # PMO's "Lessons Learned Process" or "经验教训管理制度", which says how lessons are kept.
                r"|\blessons?[- _]*(learn(ed|t)|from)\b(?![- _]*(process|procedure|polic|guid|template|register|log\b"
                r"|database|system|repositor|workshop|session))|经验教训(?!(登记|管理|流程|制度|库|模板))",
                re.IGNORECASE),
     DocType.RETROSPECTIVE),
    (re.compile(r"status|weekly|monthly|progress report|scrum meeting|stand-?up|周报|月报|状态报告|进度|例会|周会|站会",
                re.IGNORECASE), DocType.STATUS_REPORT),
    # Minutes of a meeting ("第三十三次会议纪要", "社区会议 6.30", "2024-Q1-meeting-minutes") record what was discussed: not
    # a retrospective when one item complains ("Docs 文档吐槽大会"); a 复盘 / 回顾 meeting is caught above.
    (re.compile(r"会议纪要|会议记录|会议|meeting[- _]?(minutes|notes)|\bminutes\b", re.IGNORECASE), DocType.OTHER),
    (re.compile(r"charter|章程|立项", re.IGNORECASE), DocType.CHARTER),
    (re.compile(r"risk[- _]?(register|log)|风险登记|风险清单", re.IGNORECASE), DocType.RISK_REGISTER),
]
# Folder names, anywhere in the document's path.
_FOLDER_HINTS: list[tuple[re.Pattern[str], DocType]] = [
    (re.compile(r"post[-_]?mortems?|incidents?|outages?|事故|故障", re.IGNORECASE), DocType.POST_MORTEM),
    (re.compile(r"retro(spective)?s?|复盘|回顾", re.IGNORECASE), DocType.RETROSPECTIVE),
    (re.compile(r"status|weekly|周报|月报", re.IGNORECASE), DocType.STATUS_REPORT),
]
# A document named as someone's reflection on the work ("Project Reflection.pdf", "Reflection Report.docx", a course's
# "HW5 Reflection", "Group Reflection"): the name alone, with at most an assignment's number before it and a genre word
# after; not notes on a language's reflection ("Java Reflection", "Reflection API").
_REFLECTION_NAME = re.compile(r"((hw|homework|assignment|lab|week|sprint|module|unit|milestone)\s*\d+\s+)?"
                              r"((group|team|personal|individual|final|project|self|course|my|our)\s+)?reflections?"
                              r"(\s+(report|paper|essay|document|journal))?", re.IGNORECASE)


def _reflection_name(name: str) -> bool:
    """Whether a title or file name says the document is a reflection on the work ("Project Reflection", "HW5
    Reflection"); "reflection" alone is not enough: golang_learnings' reflection.md is notes on Go's reflect package."""
    words = re.sub(r"[-_\s]+", " ", name).strip(" :")
    return bool(_REFLECTION_NAME.fullmatch(words)) and words.lower() not in ("reflection", "reflections")


_RETRO_TEXT = re.compile(r"retrospective|回顾会|回顾与总结|复盘|事后诸葛亮|went well|做得好", re.IGNORECASE)
# A heading (or a bold line standing as one) that names a look back: "赛后反思", "icpc南京站赛后总结", "心得".
_RETRO_HEADING = re.compile(_RETRO_TEXT.pattern + r"|(赛后|比赛|竞赛|训练|参赛)(总结|反思|心得|复盘)|反思|心得", re.IGNORECASE)
_ITERATION_TITLE = re.compile(r"sprint|iteration|迭代|冲刺|里程碑|milestone", re.IGNORECASE)
_INCIDENT_HEADING = re.compile(r"root cause|timeline|impact|incident|outage|debugging|investigation|symptom"
                               r"|根因|原因分析|事故|故障|时间线|影响|排查|定位|复现|现象", re.IGNORECASE)
_TEMPLATE = re.compile(r"(^|[/_. -])(templates?|issue_template|模板|范本|样例)([/_. -]|$)", re.IGNORECASE)
_GUIDE_TITLE = re.compile(r"^\s*(how to|how do (i|we|you)|writing (a|an|good|effective|your)|a guide|guide to|tips for"
                          r"|template|模板|如何写|怎么写|怎样写)|模板|template", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\{\{\s*\w+\s*\}\}")
# Opening prose that says the document teaches how to write one ("You can also follow these steps to write your own").
_GUIDE_PROSE = re.compile(r"\b(write your own|follow these steps|use this template|copy this template|how to write"
                          r"|learning to write)\b|(按照|参照|使用|复制)(本|此|这个|以下)?模板|如何(撰写|编写|写)|怎么写",
                          re.IGNORECASE)


def is_template(title: str, key: str, blocks: list[Block]) -> bool:
    """Whether a document is a template or a how-to guide: named so, kept in a templates folder, saying so in its
    opening paragraphs ("follow these steps to write your own"), or full of ``{{placeholders}}``."""
    if _TEMPLATE.search(key) or _GUIDE_TITLE.search(title):
        return True
    opening = [b.text for b in blocks[:6] if b.kind == "para"][:3]
    if any(_GUIDE_PROSE.search(text) for text in opening):
        return True
    placeholders = sum(1 for b in blocks[:400] if _PLACEHOLDER.search(b.text))
    return placeholders >= 3


def guess_type(title: str, key: str, blocks: list[Block], *, template: bool = False) -> DocType:
    """The type a document's title, file name, folder or headings give away; OTHER when nothing does."""
    if template:
        return DocType.OTHER
    title, key = fold_variants(title), fold_variants(key)  # "結案報告", "週報", "復盤" name what 结案报告, 周报, 复盘 do
    path = PurePosixPath(key)
    for pattern, doc_type in _TITLE_HINTS:
        if pattern.search(f"{title} {path.stem}"):
            return doc_type
    if any(_reflection_name(name) for name in (title, path.stem)):
        return DocType.RETROSPECTIVE
    for pattern, doc_type in _FOLDER_HINTS:
        if any(pattern.search(part) for part in path.parts[:-1]):
            return doc_type
    asked = asked_headings(blocks)  # an interview's "问题1：分布式锁" names a question, not a problem met
    found = _from_headings([b for i, b in enumerate(blocks) if i not in asked])
    if found == DocType.OTHER and _ITERATION_TITLE.search(f"{title} {path.stem}"):
        # "Sprint1, 艰难的开始": a sprint's write-up is a retrospective when its text says so.
        prose = fold_variants(" ".join(b.text for b in blocks[:30] if b.kind in ("para", "heading")))
        if _RETRO_TEXT.search(prose):
            return DocType.RETROSPECTIVE
    return found


def _from_headings(blocks: list[Block]) -> DocType:
    heads = [i for i, b in enumerate(blocks) if b.kind == "heading" or b.kind == "para" and b.bold and len(b.text) <= 30]
    headings = [fold_variants(blocks[i].text) for i in heads]
    kinds = [classify_heading(h) for h in headings]
    # Narrative headings count when they tell an incident (timeline, impact, 排查): a time sheet or commit statistics
    # ("PSP 2.1 统计表") is narrative too, and common in students' reports.
    # Every root-cause heading ("（1）原因分析" under each of a troubleshooting page's errors), but another word of an
    # incident once a heading (a course deck's two "Timeline" slides), and only in a heading that names a part: a work
    # summary's "排查解决…的错误。" set as a heading is a task done, not an incident's 排查.
    causes = sum(1 for k in kinds if k == LessonKind.ROOT_CAUSE.value)
    incident = causes + len({h for h, k in zip(headings, kinds) if k != LessonKind.ROOT_CAUSE.value
                             and _INCIDENT_HEADING.search(h) and _names_a_part(h)})
    retro = sum(1 for k in kinds if k in (LessonKind.WENT_WELL.value, LessonKind.WENT_WRONG.value))
    if incident >= 2 and incident >= retro:
        return DocType.POST_MORTEM
    if retro or any(_RETRO_HEADING.search(h) for h in headings) or _reflects(blocks, heads):  # "Group Reflection": "反思"
        return DocType.RETROSPECTIVE
    if any(_DONE_HEADING.match(h) for h in headings) and any(_PLANNED_HEADING.match(h) for h in headings):
        return DocType.STATUS_REPORT
    return DocType.OTHER


def _reflects(blocks: list[Block], heads: list[int]) -> bool:
    """Whether a heading names the document's reflections: a team's or a member's ("Group Reflection", "Reflections on
    the Project"), or a bare "Reflection" over most of the document's text (a course portfolio's README under its
    title); not a bare one over a part of it (a design document's closing section, a language's reflection API)."""
    marks = set(heads)
    text = [i for i in range(len(blocks)) if i not in marks]
    for n, i in enumerate(heads):
        if not reflections(blocks[i].text):
            continue
        if not bare_reflections(blocks[i].text):
            return True
        level = blocks[i].level if blocks[i].kind == "heading" else None
        end = next((j for j in heads[n + 1:] if level is None or blocks[j].kind == "heading" and blocks[j].level <= level),
                   len(blocks))
        if 2 * sum(1 for j in text if i < j < end) >= len(text):
            return True
    return False


# A status report's two parts, what was done and what is planned ("Accomplishments" and "Planned Tasks", "Work Completed
# Last Week" and "Work Planned For Next Week"): English only, both needed ("Next Steps" alone closes a closure report).
_DONE_HEADING = re.compile(r"^\W*(key |major |weekly )?(accomplishments|tasks? completed|completed tasks|work completed"
                           r"|done this week)\b", re.IGNORECASE)
_PLANNED_HEADING = re.compile(r"^\W*((next )?planned tasks|upcoming (tasks|work|milestones)|(work |tasks |activities\W*)?"
                              r"planned for next|next week|next planned|plans? for next|tasks for next)\b", re.IGNORECASE)


def _names_a_part(heading: str) -> bool:
    """Whether a heading is a part's name ("问题排查过程", "Impact", "Timeline (all times PST) …"), not a sentence
    ("排查解决…的错误。")."""
    return not _SENTENCE_END.search(heading)


_SENTENCE_END = re.compile(r"[。；;]\s*$|[.]\s*$(?<!\d\.)")  # a question may name a part: "What was the impact?"


# A project's closing summary by its name ("项目总结报告.docx", "结项报告", "xx项目总结", "Project Closure Report"), or a
# team's or member's summary of the project ("小组总结", "个人总结"): what a PMO files as a retrospective when the reading
# finds it looks back (CLOSING_LESSONS lessons or more). Not a bare "总结", nor a "工作总结" / "年终总结" / "学习总结" /
# "问题总结": a status report, study notes or a Q & A as often as a look back.
_CLOSING_NAME = re.compile(r"项目总结|总结报告|结项报告|结题报告|结项总结|验收总结|(个人|团队|小组)总结"
                           # no \b: "电子词典Project Closure Report" (a CJK character is a word character)
                           r"|(?<![a-z])(project[- _]*(closure|closing|completion|summary)|closing[- _]*report)(?![a-z])",
                           re.IGNORECASE)
CLOSING_LESSONS = 3


def closing_summary(title: str, key: str, doc_type: DocType, lessons: list[ParsedLesson]) -> DocType:
    """A document of no type that is named a project's closing summary and whose reading found what it learned
    (CLOSING_LESSONS lessons or more, action items apart) is a retrospective; any other keeps its type. Decided once
    the lessons are read, so it changes the type alone, never which lessons are read."""
    if doc_type != DocType.OTHER or not _CLOSING_NAME.search(fold_variants(f"{title} {PurePosixPath(key).stem}")):
        return doc_type
    learned = sum(1 for lesson in lessons if lesson.kind != LessonKind.ACTION_ITEM)
    return DocType.RETROSPECTIVE if learned >= CLOSING_LESSONS else doc_type


# The types of a document that looks back on work, or keeps what was learned: their action items answer what was found.
_LOOKING_BACK = (DocType.RETROSPECTIVE, DocType.POST_MORTEM, DocType.LESSONS_REGISTER)
# A meeting's record by its name ("Meeting Minutes.docx", "G11项目会议10.10", "会议纪要"), or by its fields.
_MINUTES_NAME = re.compile(r"会议纪要|会议记录|会议|meeting[- _]?(minutes|notes)|\bminutes\b", re.IGNORECASE)
_MINUTES_FIELD = re.compile(r"^\s*(?P<field>attendees|attendance|note ?taker|minute ?taker|agenda(?: items?)?|chair"
                            r"|参会人员|与会人员|参会人|出席人员|记录人|主持人|会议时间|会议地点|会议议程|议程)\s*[:：]",
                            re.IGNORECASE)
MINUTES_FIELDS = 2


def only_tasks(title: str, key: str, blocks: list[Block], doc_type: DocType, lessons: list[ParsedLesson]) -> bool:
    """Whether a meeting's record that does not look back gives action items and nothing else: tasks handed out
    ("Action items | Person responsible | Deadline" over research to do, "Akhilesh: Research"), not the actions of a
    look back, which answer a problem or a lesson found beside them. A record is named minutes or a meeting, or states
    MINUTES_FIELDS of a meeting's fields or more (attendees, agenda, note taker)."""
    if doc_type in _LOOKING_BACK or not lessons or any(lesson.kind != LessonKind.ACTION_ITEM for lesson in lessons):
        return False
    if _MINUTES_NAME.search(fold_variants(f"{title} {PurePosixPath(key).stem}")):
        return True
    cells = (text for b in blocks[:200] for text in (b.cells or [b.text]))
    fields = {m.group("field").lower() for text in cells if (m := _MINUTES_FIELD.match(text))}
    return len(fields) >= MINUTES_FIELDS
