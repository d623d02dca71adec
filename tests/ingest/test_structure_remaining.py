"""Structure rules for the remaining error classes (BENCHMARKS.md, "Rules for the remaining classes (e-gen4)"): speakers'
topics in minutes, causes stated in commentary and quoted from a vendor, label items and titled points, judgements told
inside narrative. The excerpts are from documents stored in benchmarks/extraction/docs/ under their licences
(benchmarks/extraction/SOURCES.md)."""

from ingest.cues import cue_kind
from kb.models import LessonKind
from tests.ingest.markdown_docs import lessons, md


def test_minutes_list_each_speakers_points_under_their_topic():
    # PaddlePaddle/community pfcc/meetings/2024/2024-01-11-meeting-minutes.md (Apache-2.0): "Docs 文档吐槽大会", each
    # member's topic line with their complaints as sub-bullets; the lead-in names documents as its topic, it quotes none.
    text = ("# Paddle Framework Contributor Club 第三十三次会议纪要\n\n### 2、Docs 文档吐槽大会\n\n"
            "sunzhongkai588 介绍了文档重构计划的背景，开启议题\n\n"
            "1. RedContritio 文档吐槽及重构问题\n\n2. megemini 中文文档的书写问题的吐槽\n\n"
            "   - 一个文档可能涉及多个地方的修改\n   - 增加参数检查\n\n   - 地址：https://github.com/PaddlePaddle/docs/issues/6462\n\n"
            "3. jzhang533 文档优化建议\n\n   - 从 Docs 仓库到官网展示的工具链当中，有部分工具未开源\n   - 官网的文档展示还有优化的空间\n")
    doc = md(text, key="pfcc/meetings/2024/2024-01-11-meeting-minutes.md")
    assert lessons(doc) == [("went_wrong", "一个文档可能涉及多个地方的修改"), ("recommendation", "增加参数检查"),  # "增加参数检查": annotated a recommendation (e-zhkind)
                            ("went_wrong", "从 Docs 仓库到官网展示的工具链当中，有部分工具未开源"),
                            ("went_wrong", "官网的文档展示还有优化的空间")]


def test_one_item_with_a_code_block_or_sub_items_is_no_topic():
    # A troubleshooting note's fix followed by its command, and one titled problem with its details: not minutes' topics.
    doc = md("## 解决\n\n* 查看该node节点的状态\n\n```shell\nkubectl describe nodes xx\n```\n\n"
             "## 遇到的问题\n\n- 需求变更频繁\n    - 客户中途改了两次界面\n")
    assert lessons(doc) == [("recommendation", "查看该node节点的状态"), ("went_wrong", "需求变更频繁；客户中途改了两次界面")]


QCLOUD = "content/cloud/qcloud/index.md"  # Vonng/blog (CC-BY-4.0): the 2024 Tencent Cloud outage 复盘


def test_a_cause_stated_in_commentary_is_a_root_cause_but_a_timeline_entry_is_not():
    doc = md("# 腾讯云：颜面尽失的草台班子\n\n## 原因是什么？\n\n"
             "1. 15:57 定位出故障根因是配置系统中存在错误数据;\n2. 16:02 删除配置数据的错误数据,各地域集群开始自动恢复;\n\n"
             "应该说，官方发布的版本在关键点上基本上和几天前私下流出的版本是一致的，只是私下流传的版本更加详细地指出了根因："
             "**相较旧版本，现网版本新引入逻辑存在对空字典配置数据兼容的bug**。\n\n"
             "第一个问题是，管控 API 没有保持良好的双向兼容性 —— 新管控 API 因为老配置数据中的空字典崩掉了。\n", key=QCLOUD)
    assert [kind for kind, _ in lessons(doc)] == ["root_cause", "root_cause"]
    assert lessons(doc)[1][1].startswith("第一个问题是，管控 API")
    # Vonng/blog content/cloud/aliyun/index.md: where the fault lies, stated with a dash.
    assert cue_kind("尽管阿里云至今仍未给出一份事后故障复盘报告，但老司机根据爆炸半径，就足以判断出问题在哪里了 —— Auth （认证 / 鉴权 / "
                    "RAM）。") == LessonKind.ROOT_CAUSE


def test_a_block_quote_after_a_stated_cause_quotes_its_explanation():
    quoted = ("本次API升级过程中，由于新版本的接口协议发生了变化，在后台发布新版本之后对于旧版本前端传来的数据处理逻辑异常，"
              "导致生成了一条错误的配置数据。")
    doc = md("---\ntitle: 我们能从腾讯云大故障中学到什么?\n---\n\n## 事实是什么？\n\n复盘报告给出的原因是：**云API服务新版本向前兼容性考虑不够和配置数据灰度机制不足的问题**\n\n"
             f"> {quoted}\n\n按照腾讯云官方给出的复盘报告，15:23 监测到故障。\n\n> 一段引用的公告。\n", key=QCLOUD)
    assert lessons(doc) == [("root_cause", "复盘报告给出的原因是：云API服务新版本向前兼容性考虑不够和配置数据灰度机制不足的问题"),
                            ("root_cause", quoted)]


def test_what_an_event_shows_up_is_a_lesson_and_a_cited_title_or_an_indirect_question_is_none():
    doc = md("---\ntitle: 我们能从腾讯云大故障中学到什么?\n---\n\n## 评论与观点\n\n在复盘报告中，腾讯云用了大篇幅来描述故障的影响。在《我们能从阿里云史诗级故障中学到什么》中，我们也分析过。\n\n"
             "这次故障再次揭示出关键基础设施的巨大风险 —— 大量依托于公有云的网络服务缺乏最基本的自主可控能力。\n\n"
             "那么我们就来看一看这份复盘报告，看看里面有哪些信息，以及可以从中学到什么教训。\n", key=QCLOUD)
    assert [text[:8] for _, text in lessons(doc)] == ["这次故障再次揭示"]
    # sofastack.tech 开源之夏 interview (Apache-2.0): what readers are to learn is not the writer's lesson.
    doc = md("---\ntitle: 开源之夏经验分享｜Layotto 社区 陈亦昺：保持热情、全力以赴！\n---\n\n今天 SOFAStack 邀请到了开源之夏 2023 Layotto 社区的中选学生陈亦昺同学！希望他分享的这段经历，能让更多人了解到 Layotto "
             "开源社区，感受开源的魅力～\n\n在开发中我学到了很多关于可插拔组件的知识。\n", key="content/zh/blog/ospp-2023/index.md")
    assert [text[:6] for _, text in lessons(doc)] == ["在开发中我学"]


TANWAN = "content/zh/cooperation/tanwan.md"  # cloudwego.io (Apache-2.0): a game company's adoption write-up


def test_label_items_name_the_kind_of_the_items_after_them_and_a_result_label_is_judged():
    doc = md("---\ntitle: 贪玩游戏 × CloudWeGo 的落地实践\n---\n\n### 取 Oss 文件效率问题的暴露\n\n"
             "我们使用链路追踪，分段细化加入 span 记录链路时间。\n\n"
             "- **找出问题：**\n- 发现耗时都是在 SettingService 读取 oss 文件时\n- 过多的缓存冷数据\n"
             "- **问题优化**\n- 初步使用 gcache 优化，阻止多个协程并发读取同一文件\n\n"
             "**优化效果: 平均时延降低到10+ms**\n", key=TANWAN)
    assert lessons(doc) == [("went_wrong", "发现耗时都是在 SettingService 读取 oss 文件时"), ("went_wrong", "过多的缓存冷数据"),
                            ("action_item", "初步使用 gcache 优化，阻止多个协程并发读取同一文件"),
                            ("went_well", "平均时延降低到10+ms")]


def test_a_label_item_with_sub_items_keeps_them_and_its_sibling_label():
    # Jay1Zhang/BUAA-OO-2019 Unit_1 summary (held 8): "- 优点：" and "- 缺点：" each with their sub-items.
    doc = md("#### 自评\n\n- 优点：\n  - 第一次使用抽象类，使得类与类之间的关系更加明了，代码可读性提高。\n- 缺点：\n"
             "  - 仍然不会灵活使用异常处理\n", key="Unit_1/OO_Unit1_Summary.md")
    assert lessons(doc) == [("went_well", "第一次使用抽象类，使得类与类之间的关系更加明了，代码可读性提高。"),
                            ("went_wrong", "仍然不会灵活使用异常处理")]


def test_advice_to_others_is_recommendations_each_a_titled_point_with_its_first_paragraph():
    doc = md("---\ntitle: 贪玩游戏 × CloudWeGo 的落地实践\n---\n\n## 给相似业务的参考建议\n\n"
             "1. 根据团队水平、确定团队推进的节奏。\n\n有一些团队是很高水平的，因此他们可能就直接使用了这些技术。\n\n"
             "2. 运维团队的专业水平、学习速度，善用外部资源。\n\n运维这一块，基本上我们写好代码，也要部署上去。\n\n"
             "如果你不太熟，可以找别的人来教一下你。\n\n3. 技术业务表现的数据监控\n\n一定要做好这个数据监控。\n", key=TANWAN)
    assert lessons(doc) == [
        ("recommendation", "根据团队水平、确定团队推进的节奏。 有一些团队是很高水平的，因此他们可能就直接使用了这些技术。"),
        ("recommendation", "运维团队的专业水平、学习速度，善用外部资源。 运维这一块，基本上我们写好代码，也要部署上去。"),
        ("recommendation", "技术业务表现的数据监控 一定要做好这个数据监控。")]


def test_a_bold_titled_points_later_paragraphs_explain_it():
    # Vonng/blog content/cloud/aliyun/index.md (CC-BY-4.0): the closing point of "能学到什么？" runs to four paragraphs.
    doc = md("## 能学到什么？\n\n**最后，尊重技术，善待工程师**\n\n阿里云这两年在大力搞“降本增效”：学人家马斯克推特大裁员。\n\n"
             "很难说这跟企业文化没有关系：996 修福报，大把时间内耗在无穷的会议汇报上。\n\n"
             "**谨慎使用云服务，优先使用纯资源**\n\n在本次故障中，云服务受到影响，但云资源仍然可用。\n",
             key="content/cloud/aliyun/index.md")
    assert [text[:10] for _, text in lessons(doc)] == ["最后，尊重技术，善待", "谨慎使用云服务，优先"]


ANTD = "docs/blog/historical-debt.zh-CN.md"  # ant-design/ant-design (MIT): a maintainer's reflection on API design debt


def test_a_reflection_essays_causes_faults_and_maxims_are_read_without_lesson_headings():
    doc = md("---\ntitle: API 的历史债务\n---\n\n在升级 Ant Design 的过程中，你或许收到过这种警告：\n\n"
             "这是因为 antd 在开发过程中，有一些 API 设计的不合理导致的历史债务。\n\n"
             "然而世上没有银弹，我们无法在一开始就设计出完美的 API。\n\n### 废弃警告\n\n"
             "但是从开发者角度看，这也并不合理。开发者本身只是对 antd 进行了升级，却要因为组件库 API 设计的失误而遭受 console 的侵扰。\n\n"
             "### 拓展问题\n\n而在 antd 中，由于我们早期没有对 `ref` 进行约定，导致在实现方法是就遇到了难题。\n", key=ANTD)
    assert [(kind, text[:8]) for kind, text in lessons(doc)] == [
        ("root_cause", "这是因为 ant"), ("lesson", "然而世上没有银弹"), ("went_wrong", "但是从开发者角度"),
        ("root_cause", "而在 antd ")]
    # cloudwego.io content/zh/cooperation/tanwan.md (Apache-2.0): the maxim closing its choice of a framework.
    assert cue_kind("没有最好的框架，只有最适合的框架！恰逢开源，热烈拥抱。") == LessonKind.LESSON
    # A cause traced after figures read as too high stays what went wrong (Jay1Zhang/BUAA-OO-2019, held 8).
    assert cue_kind("从表格中可以看出，toString()方法的模块复杂度较高，我发现由于我在逻辑块中嵌套过多，导致复杂度上升。") \
        == LessonKind.WENT_WRONG


FLOW = "content/zh/cooperation/flow.md"  # cloudwego.io (Apache-2.0): a product team's streaming write-up


def test_the_options_weighed_and_the_background_are_no_lessons():
    doc = md("---\ntitle: Kitex Thrift Streaming 在 Prompt 平台的实践\n---\n\n## 业务背景\n\n"
             "从这个例子中可以看出，Prompt 在特定场景下对大模型的输出起着决定性的作用。因此，一个优秀的 Prompt 对于提升模型输出效果至关重要。\n\n"
             "## 解决方案\n\n为了实现流式输出功能，我们进行了深入的调研，综合考虑了多种方案：\n\n"
             "- 轮询\n- HTTP SSE\n- Kitex Thrift Streaming\n\n首先，轮询方案由于其呆板性，不符合我们的需求，因此被排除在外。\n\n"
             "## 实践与踩坑\n\n然而，我们也遇到了一些问题。尤其是在错误处理方面，我们发现代码运行时无法获取预期结果。\n", key=FLOW)
    assert [kind for kind, _ in lessons(doc)] == ["went_wrong"]



def test_an_overview_section_is_background_too():
    # The same write-up's "概述" (held 14), and a student app report's "1.项目概况" (held 28, a different writer): what the
    # product is for, told in words of importance ("至关重要", "日益凸显"), is no lesson there; under another heading it is.
    overview = ("字节跳动 Prompt 平台旨在为用户提供全面的 Prompt 开发、调优、评测及应用等全生命周期功能。在这些功能中，打字机效果的"
                "流式输出大模型结果是一项至关重要的特性。")
    head = "---\ntitle: Prompt 平台流式输出复盘\n---\n\n"  # a title that looks back, as the write-up's type does
    assert lessons(md(f"{head}## 概述\n\n{overview}\n", key=FLOW)) == []
    assert lessons(md(f"{head}## 1.项目概况\n\n{overview}\n", key=FLOW)) == []
    assert lessons(md(f"{head}## 流式输出\n\n{overview}\n", key=FLOW)) == [("lesson", overview)]

def test_a_point_that_ends_by_citing_is_a_lesson_but_a_lead_in_to_a_quotation_is_none():
    # Vonng/blog (CC-BY-4.0), the 2024 NetEase Cloud Music outage: the third 教训 ends with a colon before a figure.
    third = ("第三个教训是，警惕大厂开源。作为一个底层存储项目，一旦启用那就不是简单说换就能换掉的。"
             "Stonebraker 老爷子在他的名著论文《What Goes Around Comes Around》中就提到过这一点：")
    doc = md("## 经验教训\n\n关于裁员与降本增效的老生长谈已经说过很多了，我们又还能从这场事故中学习到什么教训呢？以下是我的观点：\n\n"
             "第三个教训是，**警惕大厂开源**。作为一个底层存储项目，一旦启用那就不是简单说换就能换掉的。"
             "Stonebraker 老爷子在他的名著论文《What Goes Around Comes Around》中就提到过这一点：\n\n![stonebraker.png](stonebraker.png)\n",
             key="content/db/cloud-music/index.md")
    assert lessons(doc) == [("lesson", third)]
    doc = md("## 能学到什么？\n\n我的朋友/对手，公有云的鼓吹者瑞典马工，一直主张呼吁用 IAM / RAM 做访问控制。但是在这两次故障后，马工的原话是：\n\n"
             "> “我一直鼓吹大家用 IAM 做访问控制，结果两家云都出大故障，纷纷打我的脸。”\n", key=QCLOUD)
    assert lessons(doc) == []


def test_an_overview_of_the_parts_and_a_sentence_announcing_the_next_part_are_no_lessons():
    doc = md("---\ntitle: Kitex Thrift Streaming 在 Prompt 平台的实践\n---\n\n## 未来的期待\n\n"
             "随着AI技术的不断发展和应用，我们对微服务框架在AI场景下的能力有着更高的期待。特别是在便捷性、AI场景下的能力以及传统框架能力的"
             "适配等方面，我们希望能够看到更多的创新和进步。\n\n### 便捷性\n\n首先，在便捷性方面，我们期待微服务框架能够支持更多的测试工具接入。\n\n"
             "### AI场景下的能力\n\n我们还期待 Kitex 框架能够支持灵活的AI组件编排能力。\n", key=FLOW)
    assert [text[:6] for _, text in lessons(doc)] == ["首先，在便捷", "我们还期待 "]
    # LoveMilk's Gitea incident note (dev): an intro that names none of the dated addenda below it is the cause itself.
    doc = md("# Gitea 事故\n\n## 原因分析\n\n貌似因为机械硬盘敲盘, 造成 PostgresQL 数据库的某块文件发生损坏\n\n"
             "### 20251230 (UTC+8) 补\n\n最终基本上确认了硬盘问题由 SATA 数据连接线导致\n\n### 20260117 (UTC+8) 补\n\n无。\n",
             key="docs/incident.md")
    assert lessons(doc)[0] == ("root_cause", "貌似因为机械硬盘敲盘, 造成 PostgresQL 数据库的某块文件发生损坏")
    doc = md("---\ntitle: 贪玩游戏 × CloudWeGo 的落地实践\n---\n\n## 遇到的架构问题\n\n"
             "从这个事件看得出，服务端的表现并不ok。我们要解决该问题，我们看一下我们的处理方式。\n\n"
             "秦浩：代码进展缓慢。作为组长我是有责任的，接下来要督促大家每天提交代码。\n", key=TANWAN)
    assert [text[:4] for _, text in lessons(doc)] == ["秦浩：代"]


def test_a_short_paragraph_that_counts_the_parts_it_leads_into_is_none_and_a_titles_note_stays_with_it():
    doc = md("---\ntitle: Kitex Thrift Streaming 在 Prompt 平台的实践\n---\n\n## 实践与踩坑\n\n"
             "在服务治理方面，我们特别关注超时和限流两个关键环节。\n\n"
             "首先，超时管理至关重要。由于我们的模块与大模型进行交互，这种交互可能涉及秒级甚至分钟级的响应时间。\n", key=FLOW)
    assert [text[:6] for _, text in lessons(doc)] == ["首先，超时管"]
    # ABTicket/Dashboard doc/15331001_final_report.md (held 6): a long paragraph that ends "…等几个方面。" is a summary, not a lead-in.
    doc = md("## 个人总结\n\n通过本次项目，初步了解了系统分析与设计的方法。我们针对需求，采用迭代、循序渐进的方法进行软件开发。"
             "我们把整个项目分成几个小的部分，逐个开发测试。在分析与设计的时候把工作主要分为了前端界面设计、后台服务器搭建等几个方面。\n",
             key="summary.md")
    assert len(lessons(doc)) == 1
    doc = md("---\ntitle: 贪玩游戏 × CloudWeGo 的落地实践\n---\n\n## 给相似业务的参考建议\n\n"
             "4. 技术业务表现的数据监控 及 相关工具的使用。(链路追踪)\n\n在做实践落地的这个过程中，一定要做好这个数据监控，要用好相关工具。\n",
             key=TANWAN)
    assert [text for _, text in lessons(doc)] == [
        "技术业务表现的数据监控 及 相关工具的使用。(链路追踪) 在做实践落地的这个过程中，一定要做好这个数据监控，要用好相关工具。"]


def test_a_labels_last_line_that_leads_in_to_the_list_after_it_is_no_point():
    # PaddlePaddle/community pfcc/meetings/2022/2022-09-22-meeting-minutes.md (Apache-2.0): "**理解如下**：" with a line that
    # says what the part presented, then the observations.
    doc = md("# Paddle Frawework Contributor Club 第十一次会议纪要\n\n### 5、编译吐槽\n\n**理解如下**：\n"
             "这部分内容介绍了一些理解和思考，也在QA中得到了积极响应，并展开讨论。\n\n- windows和linux编译工具未统一\n",
             key="pfcc/meetings/2022/2022-09-22-meeting-minutes.md")
    assert [text for _, text in lessons(doc)] == ["windows和linux编译工具未统一"]


def test_judgements_told_inside_impact_and_commentary_sections():
    # Vonng/blog content/cloud/aliyun/index.md and content/cloud/qcloud/index.md (CC-BY-4.0): "影响是什么？" and its
    # mitigation; dismay at the vendor in the impact section.
    assert cue_kind("有一些实践减轻了对 OSS 的冲击：比如通常被认为是不安全的 —— 不走认证的 Public 存储桶就不受影响。") \
        == LessonKind.WENT_WELL
    doc = md("---\ntitle: 我们能从腾讯云大故障中学到什么?\n---\n\n## 影响是什么？\n\n"
             "在复盘报告中，腾讯云用了大篇幅来描述故障的影响，解释管控面故障与数据面故障的区别。\n\n"
             "当然最让人生气的其实是腾讯云傲慢的态度 —— 我自己作为腾讯云的用户，提了一个工单，用于测试云上的 SLA 到底好不好使。\n",
             key=QCLOUD)
    assert [(kind, text[:8]) for kind, text in lessons(doc)] == [("went_wrong", "当然最让人生气的")]


def test_a_finding_after_an_investigation_is_a_root_cause_and_a_note_quoted_after_it_is_none():
    finding = ("SLB 后端被移除的瞬间，客户端压测直接通过 SLB 的 IP 访问服务发生超时。经过团队协作抓包定位，"
               "发现超时的请求回复报文没有到达SLB后端。")
    doc = md("---\ntitle: 贪玩游戏 × CloudWeGo 的落地实践\n---\n\n## 专业辅助，社区火热\n\n没有最好的框架，只有最适合的框架！\n\n"
             f"## 运维之 SLB 后端 Pod 不优雅下线\n\n{finding}\n\n> 大家有兴趣的话可以参考一下阿里云的链接，如果有相似场景可以留意一下。\n",
             key=TANWAN)
    assert lessons(doc)[1:] == [("root_cause", finding)]
