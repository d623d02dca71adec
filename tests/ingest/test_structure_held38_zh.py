"""Chinese rules for held 38 (issue 17, e-gen18zh): error classes counted over every seen Chinese document before a rule
was written (BENCHMARKS.md, "Chinese rules for held 38 (e-gen18zh)"). Each test has a short excerpt of a real document
(benchmarks/extraction/SOURCES.md) and, beside it, what must stay as it was."""

from tests.ingest.markdown_docs import md, texts

# held37 zh-feishu-share-obsidian-plugin-project-review (an Obsidian plugin's 项目复盘): each challenge's write-up, its
# "解决过程:" a list of the steps taken; the steps were lessons of their own, none annotated.
OBSIDIAN = """# 飞书分享插件开发项目复盘

## 5. 挑战与障碍分析 (Analysis of Challenges & Blockers)

### 技术挑战

#### 挑战3: 异步文件转换
**问题描述:** 飞书文件转换是异步的，需要轮询状态  
**解决过程:**
1. 实现渐进式延迟轮询 (1s → 2s → 3s)
2. 设置15秒超时机制
3. 失败时回退到原始文件链接

**影响:** 需要精细的状态管理和错误处理

### 流程挑战

#### 挑战1: Obsidian 插件市场规范
**问题描述:** 不熟悉官方插件提交要求  
**解决过程:**
1. 仔细阅读官方文档和 PR 模板
2. 修复 manifest.json 中的 "Obsidian" 字样
3. 确保文件结构符合要求

**影响:** 延迟发布30分钟，但避免了审核被拒
"""
OBSIDIAN_STEPS = ("实现渐进式延迟轮询", "设置15秒超时机制", "失败时回退", "仔细阅读官方文档", "修复 manifest.json", "确保文件结构")

# held38 zh-lecture-video-ppt-extraction-project-review-problem-register (a lecture-video PPT extraction project's
# 复盘报告): a stage's write-up, its "#### 修复方法" a list of the changes made; each was a lesson, none annotated.
LECTURE = """# 课堂视频 PPT 自动提取项目复盘报告

## 四、各阶段详细复盘

### 阶段8：`2222.mp4` 发现并优化新算法

#### 修复方法

- 取消全局 pHash 距离的硬门槛；
- 以“持续稳定变化的分块比例”为主要换页条件；
- 全局哈希继续保留在诊断数据中；
- 继续保留约10秒确认、分块稳定性、最短页面时长和时间回查。

#### 修复结果

优化后的12个换页边界都能与旧算法对应，误差均小于2秒。
"""


def test_the_steps_listed_under_a_fix_are_no_lessons():
    doc = md(OBSIDIAN, "复盘.md")
    assert [text for text in texts(doc) if text.startswith(OBSIDIAN_STEPS)] == []
    # Nor is the last step, with the "影响:" paragraph after it, one titled point.
    assert [text for text in texts(doc) if "影响" in text] == []
    assert any("飞书文件转换是异步的" in text for text in texts(doc))  # the problem met stays a lesson


def test_the_changes_listed_under_a_fix_heading_are_no_lessons():
    doc = md(LECTURE, "复盘报告.md")
    assert [text for text in texts(doc) if "pHash" in text or "哈希" in text or "分块" in text] == []


def test_a_fix_written_on_the_line_after_its_label_stays_one_lesson():
    # held3 zh-liamlea-k8s-errors (Kubernetes error notes): "解决：" and the fix on the next line of one paragraph is
    # the label's own text, as "解决：…" on one line is, and it is annotated.
    doc = md("# k8s常见错误\n\n#### 7.`Error response from daemon: Conflict.`\n容器冲突了，由于系统时间修改，导致有两个相同的容器，"
             "但是创建时间不同\n解决：\n删除冲突容器，如果不行，把这个pod先停掉，然后再删除相应的容器，再重新启动pod\n", "errors.md")
    assert any(text.startswith("删除冲突容器") for text in texts(doc))


def test_a_list_after_a_proposal_stays():
    # A list after "改进方案：" is what to change next, not work done: its items stay recommendations.
    doc = md("# 项目总结\n\n## 不足与改进\n\n改进方案：\n\n- 尽早编写接口文档，前后端并行开发\n- 每周进行一次代码评审\n", "总结.md")
    assert texts(doc) == ["尽早编写接口文档，前后端并行开发", "每周进行一次代码评审"]


# held38 zh-riscv-soc-competition-team-experience-summary-docx (a RISC-V SoC competition team's 经验总结): a
# 587-character paragraph told whole, a lesson taken whole; its annotations are clauses inside it.
RISCV_PASSAGE = (
    "当然，在比赛中坑是无法避免的。现在回想起来，能够想到曾经令我十分困扰的坑还是历历在目。LowRISC官方给的项目中，SD卡的分区表分区不合理，"
    "给Linux系统的分区是2GB，这给0.6版本是够用的，可是当0.7版本的系统包变得十分臃肿以后，2GB的空间就不够了。当小白顺着官方的文档一路走下去，"
    "发现好像在别人那里都好好的代码到我这里怎么就不行了呢？这还是挺不友好的。还有就是LowRISC所运行的Debian并没有添加2020年的GPG key，"
    "导致apt无法正常运作。在尝试disable gpg无果后，只好手动添加key文件，加上LowRISC感人的运行速度，光是部署环境就花费了很长时间。"
    "为了弄清楚LowRISC不同版本之间到底又什么区别，我们尝试了其0.6RC4的prebuild版本、0.6RC4的buildroot版本、0.7RC2的prebuild版本和"
    "0.7RC2的buildroot版本。经过许久的测试，发现0.7版本并不稳定，运行速度比0.6也慢一些，还存在DHCP服务缺少软件包导致网卡无法正常启动的"
    "问题（后经debug，此问题解决。相关方法我也已经post在github上，希望大家都能填平这个坑https://github.com/lowRISC/lowrisc-chip/issues/175）。"
    "最终我们选择了0.6RC4的prebuild版本。")
# held38 zh-seasar2-spring-mvc-migration-work-summary-docx (a framework migration's 工作总结): one point, annotated.
ONE_POINT = "将开发过程中出现的统一要求以及特殊问题书面化管理，避免时间长后再犯同样的错误。"


def test_a_chinese_passage_too_long_for_one_point_is_no_lesson():
    # Under its document's own heading, which names no kind (under one that does, "经验与教训", it is read a sentence a
    # point: tests/ingest/test_structure_gen33_zh.py).
    assert len(RISCV_PASSAGE) > 500
    doc = md(f"# 参赛经验总结\n\n## 参赛经验及技术分享\n\n{RISCV_PASSAGE}\n\n{ONE_POINT}\n", "经验总结.md")
    assert texts(doc) == [ONE_POINT]  # the passage is section text; a paragraph of one point stays


def test_a_long_english_paragraph_stays_a_lesson():
    sentence = ("The staging environment was shared by three teams, so every deployment had to wait for a free slot and the"
                " integration tests often failed because another team had changed the data.")
    passage = " ".join([sentence] * 3)
    assert len(passage) > 500
    doc = md(f"# Sprint retrospective\n\n## What went wrong\n\n{passage}\n", "retro.md")
    assert texts(doc) == [passage]


def test_a_fix_heading_that_opens_its_own_section_keeps_its_list():
    # A review's lessons with a sub-heading of their own for what to do (r-review3): "### 解决措施" right under
    # "## 三、经验教训" follows no problem told before it, so its list is the lessons, not one fix's steps.
    doc = md("# 电商平台重构项目复盘\n\n## 三、经验教训\n\n### 解决措施\n\n1. 需求冻结点要在合同里写明，避免后期无休止的变更\n"
             "2. 测试环境必须由专人管理，部署要有记录\n3. 每周与客户同步一次进度，及早暴露风险\n", "复盘.md")
    assert texts(doc) == ["需求冻结点要在合同里写明，避免后期无休止的变更", "测试环境必须由专人管理，部署要有记录",
                          "每周与客户同步一次进度，及早暴露风险"]
    # Nor is a problem's fix in that section one fix's steps: what to do, by its heading.
    doc = md("# 项目总结\n\n## 二、经验教训\n\n### 解决措施\n\n问题：测试环境被多人同时部署，互相覆盖。\n\n解决方案：\n\n"
             "- 为每个小组分配独立的测试命名空间\n- 部署前在群里登记\n", "总结.md")
    assert [text for text in texts(doc) if "命名空间" in text or "登记" in text] == ["为每个小组分配独立的测试命名空间",
                                                                                 "部署前在群里登记"]
    # The same list after a problem told under its own heading stays the fix's steps (held37's shape).
    doc = md("# 复盘\n\n### 问题1：需求频繁变更\n\n**问题描述：** 客户三次调整了订单模块的需求，导致返工。\n\n**解决方案：**\n\n"
             "1. 建立需求变更评审机制\n2. 每次变更评估对排期的影响\n", "复盘.md")
    assert [text for text in texts(doc) if "评审机制" in text or "排期" in text] == []


def test_a_long_lesson_in_a_register_s_cell_stays():
    # A register's row is one lesson its author wrote in its cell, however long (r-review3): a 530-character cell under
    # "经验教训" was dropped as a passage, the row's only lesson.
    cell = ("供应商在第三季度连续三次延期交付核心硬件模块，" + "项目组没有在合同中约定分批交付和违约条款，只能被动等待，" * 13
            + "今后在采购合同中必须明确交付里程碑、验收标准和违约责任，并在每个里程碑前两周主动跟进供应商的生产进度。" * 3)
    assert len(cell) > 500
    doc = md(f"# 项目经验教训登记册\n\n| 编号 | 经验教训 | 类别 |\n| --- | --- | --- |\n| 1 | {cell} | 采购 |\n"
             "| 2 | 每周与客户同步一次进度 | 沟通 |\n", "登记册.md")
    found = texts(doc)
    assert len(found) == 2 and found[0].startswith(cell) and found[1].startswith("每周与客户同步一次进度"), found
