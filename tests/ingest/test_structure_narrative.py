"""Lessons told inside the narrative of a retrospective (issue 17, e-gen7): the sentence that names the mistake, the
hardest part, what it taught or what caused it, in words of the language rather than of one document. Each rule with
a short excerpt of the real document it comes from (benchmarks/extraction/SOURCES.md); each test was seen failing
with its rule taken out."""

import pytest

from ingest.cues import cue_kind
from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile
from kb.models import LessonKind as K


def md(text: str, key: str):
    return parse_markdown(RawFile(data=text.encode("utf-8"), default_key=key)).documents[0]


@pytest.mark.parametrize(("text", "kind"), [
    # learnspm 项目总结 (held 21, Word): what a problem taught, in so many words.
    ("这个问题告诫我们磨刀不误砍柴工，面对开发，特别是不熟悉领域的开发，在真正开发阶段之前就要做好技术能力检查。", K.LESSON),
    # harithe sprint 2 (held): what matters most.
    ("人的态度，想法，才是最重要的，其它，都是浮云吧。", K.LESSON),
    # FashionAI 比赛总结 (held 21): a mistake owned in more words than "犯了错".
    ("在数据处理的时候，我犯了一个比较严重的错误，就是把COCO json的bounding box格式搞错了。", K.WENT_WRONG),
    # DungeonDrifter 项目复盘 (held 19): the hardest part named.
    ("最难的部分不是单独生成一个房间，而是保证随机拼接后的整张地图仍然能让玩家、敌人和寻路系统正确工作。", K.WENT_WRONG),
    # booniebears CPU 周报 (held 19): a result below what was hoped.
    ("不过讨论后发现，学习效果不如预期，可能还是因为各位受平时课程影响较大。", K.WENT_WRONG),
    # lzu robot course, wang-wei-feng (held 17): what was not done, and what it led to.
    ("拼装轮子的两位同学在车轮拼装时没有注意上螺丝，导致了车轮两边灵活度不一致。", K.WENT_WRONG),
    # bomb-plane 复盘 (held 21): the best of it named.
    ("这个项目最好的地方不是赢了 0.45 步，而是把每一轮的假设都写了下来。", K.WENT_WELL),
    # donedgardo preemptive post-mortem (held 16): a fault owned.
    ("Undoubtedly, I over promised and under delivered! What a terrible feeling.", K.WENT_WRONG),
    # univaf terraform post-mortem (held 15): a cause stated outright.
    ("Both of these issues stem from poor coordination and lack of a clear process around infrastructure changes.",
     K.ROOT_CAUSE),
    # RuCTF 2023 post-mortem (held 21) and alx 1light post-mortem (dev): a moral drawn, whoever's.
    ("The conclusion is simple: prepare such critical scripts earlier and test them under load.", K.LESSON),
    ("While this particular error has been addressed, it serves as a reminder of the importance of thorough testing.",
     K.LESSON),
    # cmpsc470 Lisp post-mortem (held 20).
    ("The integration of various system components proved to be one of our biggest challenges.", K.WENT_WRONG),
    # vagrantpi Fuckup Nights 筆記 (held 18, Traditional Chinese): the cue words in Traditional spelling.
    ("同時多開創業支線，不是一個好的主意", K.LESSON),
    ("而該次失敗原因 - 人和", K.ROOT_CAUSE),
    # homanliang dubbo 拥塞 (held), timdyh OO 第四单元总结 (held 8), saucxs 2021 OKR 总结 (held 16): a maxim, what is worth
    # learning, what still falls short.
    ("要想充分利用网络带宽， 缓冲区不能太小，如果太小有可能一次传输的报文就大于了缓冲区", K.LESSON),
    ("然而无论如何，JML是一门值得了解和学习的技术", K.LESSON),
    ("勉强及格，看来自己执行做的远远不够，需要加强。", K.LESSON),
    # harithe sprint 2 (held), saucxs (held 16), gentleostrich OO 第四单元 (held 10): no better, left unsolved, the real
    # difficulty.
    ("Sprint2的问题，大致与Sprint1类似，其实，说直白点，并没有明显的好转。", K.WENT_WRONG),
    ("目前支持掘金的自动发布，发布部署遇到问题暂未解决。", K.WENT_WRONG),
    ("本次作业真正的难点在于对题目含义的解读", K.WENT_WRONG),
    # antd 构建幽灵 (held 13): the cause found at last.
    ("原来是使用了 Promise.all 来并发构建，而 vite 的构建是异步的。这使得 style.css 存在竞争问题。", K.ROOT_CAUSE),
    # castor CS 314 term-project retrospective PDF (held 22): what the team could do.
    ("Our team was able to communicate effectively using discord.", K.WENT_WELL),
])
def test_a_sentence_that_names_its_lesson(text, kind):
    assert cue_kind(text) == kind


@pytest.mark.parametrize("text", [
    # homanliang dubbo 拥塞 (held): an experiment's reading and a conditional are no fault owned.
    "继续增大缓冲区，到4M，我们可以看到，响应时间进一步下降，但是还是在传输上浪费了不少时间，因为服务端应用层没有压力。",
    ("2、降低consumer的负载能力：如果provider并不是临时性的抖动，而是确实存在性能问题，这样重试多次也是没法成功的，"
     "反而会使得consumer的平均响应时间变长。"),
    # alx 3akare guide (held 4, a look-alike): what failures in general can stem from is no cause found.
    ("Any software system will eventually fail, and that failure can come stem from a wide range of possible factors: "
     "bugs, traffic spikes."),
    # buaa Python 总结报告 (held 22) and a CloudWeGo meeting's minutes (held 14): a design's condition and a part called
    # important are no maxims.
    ("登录和注册界面主要分为前后端两个部分，前端负责 UI 搭建和向后端发送信息，后端负责连接服务器。用户只有在登录成功后才能"
     "进入主界面。"),
    "先前发布了文档翻译类型的新手任务，英文文档建设是项目非常重要的一部分，新手、字节内部同学、国内熟悉英文的用户都可查看。",
    # rootfs-eu failed-hackathon post (held 17): "managed to" is ironic as often.
    "Below are the reasons I managed to come up with.",
])
def test_look_alike_sentences_are_none(text):
    assert cue_kind(text) is None


def test_a_mistake_in_a_contest_story_is_a_lesson_of_the_report():
    doc = md("# 比赛总结\n\n## 3.数据处理\n\n在数据处理的时候，我犯了一个比较严重的错误，就是把COCO json的bounding box"
             "格式搞错了，导致训练出来的模型效果很差。\n\n## 4.模型\n\n我们选用了 Mask R-CNN 作为基础模型。\n",
             key="比赛总结.md")
    assert [(lesson.kind, lesson.text[:10]) for lesson in doc.lessons] == [(K.WENT_WRONG, "在数据处理的时候，我")]


# checkFDA Retrospectives.md (held 17): a prompt asked twice is longer than a heading, and named by its first question.
TWO_QUESTIONS = ("### What went well?\n\n1. Communication has been one of our strengths.\n\n"
                 "### What could have gone better? How can we work better as a team? \n\n"
                 "2. Keeping active mindset for what specific tasks need to get done in a certain time frame. \n\n"
                 "3. Process feels slightly artificial at times. For example logging an issue rather than just talking "
                 "to the developer right next to you who wrote the content (do both).\n")


def test_a_heading_of_two_questions_is_named_by_the_first():
    doc = md(TWO_QUESTIONS, key="project_resources/Team_Overview/Retrospectives.md")
    assert [(lesson.kind, lesson.text[:12]) for lesson in doc.lessons] == [
        (K.WENT_WELL, "Communicatio"), (K.WENT_WRONG, "Keeping acti"), (K.WENT_WRONG, "Process feel")]


# cosminmocan/home-cluster post-mortem.md (held 21), Team1091 retrospective.md and vmbrasseur/10stepprogram
# post-mortem.md (held 21, 22): what is left to do, or planned for the next round, under a heading that names it.
REMAINING = ("# Post-mortem\n\n## Remaining Actions\n\n"
             "1. **Remove Lubuntu ISO** from VM 800's CD drive and restore boot order to `scsi0` first.\n"
             "2. **Clean up recovery VM** (192.168.100.108) if no longer needed.\n")
PLANS = ("# Retrospective\n\n## 2019 plans\n\n"
         "* PID loops for driving certain distances and gyroscope/accelerometer should be high priority research.\n\n"
         "### Plans:\n\n* Speaker notes need to be finished\n* Follow-up on the survey\n")
# ChoateProgrammingUnion/zoom-coordinator meeting-notes.md (held 20, a look-alike): a plan of the frameworks is a design.
DESIGN_PLAN = ("# Meeting notes\n\n## March 26th Meeting notes (with ITS)\n\n#### Plan (frameworks):\n"
               "Backend: flask + sqlite\n\nFrontend: html + css (vanilla, maybe some frameworks)\n")


def test_remaining_actions_and_plans_of_a_look_back_are_action_items():
    assert [(lesson.kind, lesson.text[:12]) for lesson in md(REMAINING, key="post-mortem.md").lessons] == [
        (K.ACTION_ITEM, "Remove Lubun"), (K.ACTION_ITEM, "Clean up rec")]
    assert [(lesson.kind, lesson.text[:12]) for lesson in md(PLANS, key="retrospective.md").lessons] == [
        (K.ACTION_ITEM, "PID loops fo"), (K.ACTION_ITEM, "Speaker note"), (K.ACTION_ITEM, "Follow-up on")]


def test_a_plan_of_the_design_is_no_action():
    assert md(DESIGN_PLAN, key="docs/meeting-notes.md").lessons == []
    # The same notes in a retrospective (a look back, where "Plans:" are action items): "Plan (frameworks):" is still the
    # design. Without the look back nothing is read as plans at all, so only this half fails with the noun's "s" optional.
    retro = md(DESIGN_PLAN.replace("# Meeting notes", "# Retrospective"), key="retrospective.md")
    assert retro.doc_type.value == "retrospective"
    assert retro.lessons == []


# Team1091/FRC-2018-PowerUp retrospective.md (held 21): a section named by the genre and the year it looks back on holds
# terse bullets that are the lessons; a paragraph there introduces them.
SEASON = ("# Retrospective\n\n## 2018 Retrospective\n\nWe met after the last event to talk it over.\n\n"
          "* Drive team needs time to practice and train alts.\n\n"
          "* Center of gravity is important for acceleration.\n")


def test_the_bullets_of_a_section_named_by_the_genre_are_lessons():
    assert [(lesson.kind, lesson.text[:12]) for lesson in md(SEASON, key="retrospective.md").lessons] == [
        (K.LESSON, "Drive team n"), (K.LESSON, "Center of gr")]


# vmbrasseur/10stepprogram post-mortem.md (held 22): feedback split into "Positive" / "Negative" items, in a list nested
# by 2 spaces whose third level is 4 deep.
FEEDBACK = ("# Post-Mortem\n\n## SCaLE 14x\n\n* Post-Q&A exercise feedback\n  * Positive\n"
            "    * Appreciated that they were split into small groups so they weren't put on spot in front of everyone\n"
            "  * Negative\n"
            "    * In the talk description, should not there will be participatory group exercises that involve speaking\n")


def test_a_list_nested_by_two_keeps_its_third_level():
    text = md(FEEDBACK, key="post-mortem.md").sections[-1].text
    assert "\n  - Positive\n    - Appreciated" in text


def test_positive_and_negative_items_say_the_kind_of_the_feedback_under_them():
    assert [(lesson.kind, lesson.text[:12]) for lesson in md(FEEDBACK, key="post-mortem.md").lessons] == [
        (K.WENT_WELL, "Appreciated "), (K.WENT_WRONG, "In the talk ")]


# ProBuilder post-mortem deck (held 21): "The Good" of a topic, after a colon.
def test_the_good_and_the_bad_are_kinds():
    from ingest.headings import classify_heading
    assert [classify_heading(h) for h in ("Releases & Patches: The Good", "The Bad", "Negatives", "Bad Request handling")] \
        == ["went_well", "went_wrong", "went_wrong", None]


# arvin campus-task 迭代总结 (held 22, a near look-alike): a test table read as lines of figures is no finding; a line
# whose name judges is.
TEST_RESULTS = ("# 迭代总结\n\n## 三、测试结果\n\n- 任务模型 (测试数量: 21; 通过数量: 21)\n- 过期任务检测 (测试数量: 4; 通过数量: 4)\n"
                "- 总计 (测试数量: 86; 通过数量: 86)\n")


def test_lines_of_test_figures_are_no_lessons():
    assert md(TEST_RESULTS, key="迭代总结.md").lessons == []
    from ingest.non_lessons import never_a_lesson
    assert not never_a_lesson("测试覆盖率不足 (覆盖率: 40%)")


# buaa Python 大作业总结报告 PDF (held 22): a line of code set large is read as a heading; it names no kind, so the usage
# instructions after it are no recommendations.
CODE_HEADING = ("# 大作业项目总结报告\n\n## 9.2 实现逻辑与核心代码\n\n### rec2 = self.content_based_recommendation(weight, 100)\n\n"
                "pip install -r requirements.txt\n\n以此安装项目所需要的依赖。\n\n"
                "菜品上传以管理员身份登录进入系统，点击左下角编辑样式按钮，进入菜品管理页面。\n")


def test_a_line_of_code_as_a_heading_names_no_kind():
    assert md(CODE_HEADING, key="总结报告.md").lessons == []


def test_the_plans_of_a_status_report_are_next_weeks_work():
    # The held 22 workshop post-mortem's "Plans:" list, in a weekly status report: what will be done, not a lesson.
    report = "# Weekly status report\n\n## Done\n\n* Slides drafted\n\n### Plans:\n\n* Speaker notes need to be finished\n"
    doc = md(report, key="status/weekly-status-report-2016-01-29.md")
    assert doc.doc_type.value == "status_report"
    assert doc.lessons == []
