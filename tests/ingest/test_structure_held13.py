"""Structure rules for the error classes of the held 13 and held 14 frozen runs (BENCHMARKS.md, e-gen3): incident 复盘
articles, 结项 summaries, meeting minutes, interviews and companies' practice write-ups. The excerpts are from documents
stored in benchmarks/extraction/docs/ under their licences (benchmarks/extraction/SOURCES.md)."""

from ingest.headings import classify_heading
from tests.ingest.markdown_docs import lessons, md


def test_what_can_be_learned_is_a_lessons_heading_and_a_bold_line_titles_its_paragraph():
    # Vonng/blog content/cloud/aliyun/index.md (CC-BY-4.0): "## 能学到什么？", bold-led points between rules.
    doc = md("# 阿里云周爆：云盘挂了\n\n## 事实是什么？\n\n11月12日，阿里云出现全局故障。\n\n## 能学到什么？\n\n"
             "**区域优先使用杭州与北京**，阿里云故障恢复明显有优先级，杭州和北京故障修复的速度明显要比其他区域快很多。\n\n"
             "-------------------\n\n**明确云厂商的 SLA 是营销工具，而非战绩承诺**\n\n"
             "在云计算的世界里，服务等级协议（SLA）曾被视为云厂商对其服务质量的承诺。然而它们并不能像期望的那样兜底。\n")
    got = lessons(doc)
    assert classify_heading("能学到什么？") == "lesson"
    assert ("lesson", "区域优先使用杭州与北京，阿里云故障恢复明显有优先级，杭州和北京故障修复的速度明显要比其他区域快很多。") in got
    sla = ("明确云厂商的 SLA 是营销工具，而非战绩承诺 在云计算的世界里，服务等级协议（SLA）曾被视为云厂商对其服务质量的承诺。"
           "然而它们并不能像期望的那样兜底。")
    assert ("lesson", sla) in got
    assert len(got) == 2, got


def test_problems_met_how_they_were_overcome_pitfalls_and_parting_advice():
    # sofastack.tech 开源之夏 interview (Apache-2.0): the student's problems under "如何克服…困难与挑战？", advice under "寄语".
    doc = md("# 开源之夏经验分享\n\n### 如何克服项目过程中的困难与挑战？\n\n"
             "在开发过程中我其实遇到了不少问题，其中一个让我印象深刻的是 Go 依赖冲突问题。\n\n"
             "### 寄语\n\n不要惧怕项目中的困难，只需时刻保持对开源的热情，全力以赴！\n")
    assert lessons(doc) == [("went_wrong", "在开发过程中我其实遇到了不少问题，其中一个让我印象深刻的是 Go 依赖冲突问题。"),
                            ("recommendation", "不要惧怕项目中的困难，只需时刻保持对开源的热情，全力以赴！")]
    # cloudwego.io case studies (Apache-2.0): "遇到的架构问题", "实践与踩坑", "未来的期待"; a plan is not a wish.
    assert classify_heading("遇到的架构问题") == "went_wrong"
    assert classify_heading("实践与踩坑") == "went_wrong"
    assert classify_heading("未来的期待") == "recommendation"
    assert classify_heading("3. 下一步计划") == "action_item"
    assert classify_heading("一、项目背景") is None


def test_a_projects_outcomes_are_what_went_well_but_its_list_of_deliverables_is_not():
    # PaddlePaddle/community 动转静 结项 summary (Apache-2.0): "二、项目成果", bold numbered points with a paragraph each
    # and a list of what was delivered.
    doc = md("# 动转静社区任务顺利结项\n\n## 二、项目成果\n\n**1. 难度适中，吸引高校学生踊跃贡献**\n\n"
             "动转静发布的2个飞桨开源社区任务，难度适中，吸引了高校学生的踊跃参与，在2周内完成了所有子任务的认领。\n\n"
             "* 飞桨API动静统一中，完成了paddle.vision目录下 7个动静不统一API的修复，新增支持静态图；\n"
             "* 动转静功能扩展任务中，退场了4个陈旧接口，新增了2个辅助功能接口；\n\n## 三、致谢\n\n感谢各位开发者。\n")
    point = ("1. 难度适中，吸引高校学生踊跃贡献 动转静发布的2个飞桨开源社区任务，难度适中，吸引了高校学生的踊跃参与，"
             "在2周内完成了所有子任务的认领。")
    assert lessons(doc) == [("went_well", point)]


def test_a_complaint_session_in_minutes_is_what_went_wrong_and_the_minutes_are_no_retrospective():
    # PaddlePaddle/community pfcc/meetings/2022/2022-09-22-meeting-minutes.md (Apache-2.0): "5、编译吐槽", announced by who
    # presented it; a label with only a link is no lesson.
    text = ("# Paddle Frawework Contributor Club 第十一次会议纪要\n\n### 5、编译吐槽\n\n"
            "PFCC成员engineer1109 ，分享主题《编译吐槽》，基于engineer1109 资深的开发经验，总结了一些在使用paddle过程中发现的一些问题。\n\n"
            "- 命名空间格式问题\n- 链接顺序混乱\n- Docs 文档吐槽大会 💬 ：https://github.com/PaddlePaddle/Paddle/issues/60686\n")
    doc = md(text, key="pfcc/meetings/2022/2022-09-22-meeting-minutes.md")
    assert lessons(doc) == [("went_wrong", "命名空间格式问题"), ("went_wrong", "链接顺序混乱")]
    assert doc.doc_type.value == "other"


def test_minutes_are_read_for_the_problems_and_advice_they_record():
    # cloudwego.io content/zh/community/meeting_notes/2022-06-30/_index.md (Apache-2.0): typed other (not a retrospective
    # for its "复盘" agenda item), and its request to contributors is still read.
    item = ("Kitex 单测任务还有两个子任务待完成，希望加快进度。后续针对 PR 可能会有单测覆盖率限制，希望后面每一个提交贡献的同学都能补充"
            "相关的单测，提升相关模块的单测覆盖率，保证项目的代码质量。")
    doc = md(f"---\ntitle: CloudWeGo 社区会议 6.30\n---\n\n### 议程 2 ：Good-first-issue 复盘 @GuangmingLuo\n\n1. {item}\n2. Hertz 文档建设进展：\n",
             key="content/zh/community/meeting_notes/2022-06-30/_index.md")
    assert doc.doc_type.value == "other"
    assert [text for _, text in lessons(doc)] == [item]


def test_a_paragraph_that_asks_what_was_learned_is_no_lesson_but_a_rhetorical_close_is_kept():
    # Vonng/blog content/cloud/aliyun/index.md (CC-BY-4.0): the lead-in of "能学到什么？" asks; a point ends rhetorically.
    doc = md("## 能学到什么？\n\n往者不可留，逝者不可追，比起哀悼无法挽回的损失，更重要的是从损失中吸取教训。"
             "所以，我们能从阿里云这场史诗级故障中学到什么？\n\n"
             "自建是掌握自身命运的终极道路：如果用户想真正掌握自己的命运，最终恐怕早晚会走上自建这条路。"
             "但是云出问题能赔给你几毛代金券？ —— *“你算老几能让高P舔你？”*\n")
    assert [text[:6] for _, text in lessons(doc)] == ["自建是掌握自"]
