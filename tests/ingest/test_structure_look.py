"""Extraction rules for held 28's error classes (issue 17, e-look): bold-labelled problem write-ups, look-alikes
(answers to another's questions, tasks handed out), labels over bare lines. Each rule is shown on
a short excerpt of a real document it comes from (benchmarks/extraction/SOURCES.md names the repository and commit)."""

from ingest.headings import classify_heading
from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile
from ingest.text_doc import parse_text


def md(text: str, key: str = "经验教训.md"):
    return parse_markdown(RawFile(data=text.encode("utf-8"), default_key=key)).documents[0]


def lessons(doc) -> list[tuple[str, str]]:
    return [(lesson.kind.value, lesson.text) for lesson in doc.lessons]


# held 28, acefrost511/workmemory 经验教训.md (abridged: two problems of five), bold labels on the lines of one paragraph.
AGENT_PITS = """# 踩坑记录 - 历史教训汇总

## 格式问题
**问题**：使用了表格格式
**现象**：用户要求清单方式，但输出了表格
**教训**：严格按用户要求的格式输出
**解决**：使用清单方式呈现

## 任务超时问题
**问题**：子Agent任务超时
**现象**：600s限制不够用
**解决**：配置timeoutSeconds=1200或更高
"""


def test_a_labelled_problem_under_a_topic_heading_is_the_lesson_with_its_symptom_and_fix():
    doc = md(AGENT_PITS)
    assert lessons(doc) == [
        ("went_wrong", "问题：使用了表格格式 现象：用户要求清单方式，但输出了表格"),
        ("lesson", "严格按用户要求的格式输出"),
        ("went_wrong", "问题：子Agent任务超时 现象：600s限制不够用"),
    ]
    assert [lesson.recommendation for lesson in doc.lessons if lesson.kind.value == "went_wrong"] == [
        "解决：使用清单方式呈现", "解决：配置timeoutSeconds=1200或更高"]


def test_a_labelled_problem_with_a_lesson_and_a_fix_but_no_symptom_is_the_lesson():
    # The excerpt above without its 现象 line: the problem line still states what went wrong (it was lost).
    doc = md(AGENT_PITS.replace("**现象**：用户要求清单方式，但输出了表格\n", ""))
    assert lessons(doc)[:2] == [("went_wrong", "问题：使用了表格格式"), ("lesson", "严格按用户要求的格式输出")]
    assert doc.lessons[0].recommendation == "解决：使用清单方式呈现"


def test_problem_and_fix_lines_of_one_paragraph_are_a_pair():
    doc = md("# 笔记\n\n## 格式问题\n**问题**：使用了表格格式\n**解决**：使用清单方式呈现\n")
    assert lessons(doc) == [("went_wrong", "问题：使用了表格格式")]
    assert doc.lessons[0].recommendation == "解决：使用清单方式呈现"


# held 28, yzohn/TJ 项目总结.pdf (abridged), a look-alike named 项目总结: interview questions with model answers.
INTERVIEW = """# 项目总结

## 3.可能碰到的面试题：

### 问题1：分布式锁

面试官：能详细聊聊你的分布式锁设计吗，你是如何实现锁类型切换、锁策略切换基于限流的？

这个锁我知道，它需要利用多个独立Redis节点来分别获取锁，主要解决的是Redis节点故障问题，提高分布式锁的可用性。但是性能损耗比较大，因此我们的设计中并没有支持MultiLock。

### 问题2：视频点播

面试官：你们是在线教育，那视频在线点播、视频加密等功能是如何实现的，你们是如何避免视频被盗播的？

不过如果用户自己录制电脑屏幕那就没办法控制了。

### 问题7：高并发

面试官：你有没有过高并发性能优化的经验？

答：提高并发的手段有很多，例如：...
"""


def test_answers_to_an_interviewers_questions_are_no_lessons():
    doc = md(INTERVIEW, key="项目总结.md")
    assert lessons(doc) == []
    assert doc.doc_type.value == "other"  # "问题1：分布式锁" over an interviewer's question names no problem met
    assert any("不过如果用户自己录制电脑屏幕那就没办法控制了。" in section.text for section in doc.sections)


# held 22, Chia-Network/post-mortem dust storm (its title and first two questions): a post-mortem's own Q & A
# answers the public about the incident.
POST_MORTEM_QA = """# Oct 31 2021 Dust Storm

## Q&A



__Q: Do you know who conducted the Dust Storm, or do you plan to find out?__

__A:__ Not formally no, and we have no plans to find out with certainty. While curiosity would be satisfied, determining the identity of the person serves us no purpose as we have no interest in taking any actions based on this information. While impactful and frustrating, ultimately all they did was simulate a real world load on the network similar to one we would have expected to see months from now, effectively running the same stress tests we run on testnet at a larger (and significantly more expensive) scale.


__Q: Why did you not test this kind of load on the network before now to know how it would react?__


__A:__ Essentially we did, however, like all things when testing, despite one’s best efforts no amount of simulations will replicate the real world experience of hundreds of thousands of nodes and farmers at scale in a real world environment. (Anyone who has played a popular video game online on launch day can attest to this experience!) That said, we have taken what we learned from the Dust Storm and modified our internal testnet load tests to throw a load significantly larger than anything seen during the Dust Storm at it when desired to create an even worse scenario than any we imagined (or have experienced) before.
"""


def test_a_post_mortems_own_questions_and_answers_stay_lessons():
    doc = md(POST_MORTEM_QA, key="post-mortems/2021-10-31-dust-storm.md")
    assert doc.doc_type.value == "post_mortem"
    assert [text[:30] for _, text in lessons(doc)] == ["A: Not formally no, and we hav", "A: Essentially we did, however"]


# held 28, Bonli9/Meeting-Minutes Meeting Minutes.docx (abridged, its tables as Markdown): tasks handed out at a meeting.
MINUTES = """# Meeting Minutes

| Attendees: | Cristina, Sean |
| --- | --- |
| Note taker: | Cristina Hilario |

## Minutes

Agenda item: See if all the points discussed were followed

| Action items | Person responsible | Deadline |
| --- | --- | --- |
| Research NC demography | All team members | April 8, 2022 |
| Make accounts for the apps | Sean O’Connor | April 15, 2022 |
"""


def test_a_meetings_assigned_tasks_alone_are_no_lessons():
    assert lessons(md(MINUTES, key="Meeting Minutes.md")) == []


# held 25, a CAB302 team's Meeting Minutes.docx (abridged, as Markdown lines): a meeting's record by its fields.
MEETING_FIELDS = """# Week 5

Attendees: Akhilesh, Brandon, Kasper, Ptusar, Shezang

Agenda: Prepare for week 5 checkpoint. Select project. Outline project scope.

## Action items

- Akhilesh: Research
- Ptusar: Research AI implementation in our scope.
"""


def test_a_record_with_a_meetings_fields_is_a_meetings_record_whatever_its_name():
    assert lessons(md(MEETING_FIELDS, key="week5.md")) == []
    unrecorded = MEETING_FIELDS.replace("Attendees:", "Present were").replace("Agenda:", "We met to")
    assert [kind for kind, _ in lessons(md(unrecorded, key="week5.md"))] == ["action_item", "action_item"]


def test_a_retrospectives_action_items_stay_when_they_are_all_it_gives():
    doc = md(MINUTES.replace("# Meeting Minutes", "# Sprint 3 retrospective"), key="sprint-3-retrospective.md")
    assert doc.doc_type.value == "retrospective"
    assert [kind for kind, _ in lessons(doc)] == ["action_item", "action_item"]


def test_answers_to_questions_that_ask_for_lessons_stay_lessons():
    # Made for this test: a retrospective interview, its questions asking what went well and what was learned.
    text = ("# 项目复盘访谈\n\n## 第一轮\n\n问：这次项目做得好的地方有哪些？\n\n需求评审邀请了一线仓管员参加，返工少了很多。\n\n"
            "问：有哪些经验教训？\n\n上线前必须在真实网络环境下做压力测试。\n\n## 经验\n\n问：有什么经验可以分享？\n\n"
            "需求变更要走评审，不能口头同意。\n")
    assert [text for _, text in lessons(md(text, key="复盘.md"))] == [
        "需求评审邀请了一线仓管员参加，返工少了很多。", "上线前必须在真实网络环境下做压力测试。", "需求变更要走评审，不能口头同意。"]


# held 28, Stephen-creater/startup-48h-survival-game 复盘.md (abridged): labels ending in a full-width colon over bare
# lines, no Markdown structure; one more point after a blank line.
BARE_LINES = """1.好：
ai赛马
继续赛马
内测-迭代了至少三个大版本

全平台宣传-朋友圈、公众号-小范围反馈不错

2.坏：
没尽早考虑国内部署备案问题，影响部分用户体验，后期备案还需至少24h
收集到的用户反馈不够多
"""
BARE_LESSONS = [
    ("went_well", "ai赛马"), ("went_well", "继续赛马"), ("went_well", "内测-迭代了至少三个大版本"),
    ("went_well", "全平台宣传-朋友圈、公众号-小范围反馈不错"),
    ("went_wrong", "没尽早考虑国内部署备案问题，影响部分用户体验，后期备案还需至少24h"), ("went_wrong", "收集到的用户反馈不够多"),
]


def test_bare_lines_under_a_kind_label_are_its_points_in_markdown():
    assert lessons(md(BARE_LINES, key="复盘.md")) == BARE_LESSONS


def test_bare_lines_under_a_kind_label_are_its_points_in_a_text_file():
    doc = parse_text(RawFile(data=BARE_LINES.encode("utf-8"), default_key="复盘.txt")).documents[0]
    assert lessons(doc) == BARE_LESSONS


def test_prose_wrapped_under_a_label_stays_one_point_in_a_text_file():
    # Made for this test: a text file's hard-wrapped sentence under a label is one point, not one a line.
    text = "Sprint 3 retrospective\n\nWent well:\nFast builds\nGood team spirit\n\nWent wrong:\nThe release slipped because the\nstaging database was not ready.\n"
    doc = parse_text(RawFile(data=text.encode("utf-8"), default_key="retro.txt")).documents[0]
    assert lessons(doc) == [("went_well", "Fast builds"), ("went_well", "Good team spirit"),
                            ("went_wrong", "The release slipped because the staging database was not ready.")]


def test_one_word_halves_name_their_kind():
    # "1.好：" / "2.坏：" above; "- 好：" / "- 不好：" in held's lpding post-mortem template.
    assert [classify_heading(name) for name in ("好", "坏", "不好", "好人")] == ["went_well", "went_wrong", "went_wrong", None]


def test_a_sentence_after_a_labels_terse_lines_is_no_point_of_its_own():
    # Made for this test: the remark ends a sentence where the label's lines do not.
    text = "# Sprint 3 retrospective\n\nWent well:\nFast builds\nGood team spirit\n\nOverall it was a good sprint.\n\n## Next steps\n\nPlan the demo.\n"
    found = lessons(md(text, key="retro.md"))
    assert ("went_well", "Fast builds") in found
    assert all(text != "Overall it was a good sprint." for _, text in found)
