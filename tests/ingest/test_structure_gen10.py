"""Extraction rules for the error classes the held 27 judgement showed (issue 17). Each rule is shown on a short excerpt
of a real document it comes from (benchmarks/extraction/SOURCES.md names the repository and commit)."""

from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile


def md(text: str, key: str = "项目复盘.md"):
    return parse_markdown(RawFile(data=text.encode("utf-8"), default_key=key)).documents[0]


def lessons(doc) -> list[tuple[str, str]]:
    return [(lesson.kind.value, lesson.text) for lesson in doc.lessons]


# held 27, aiyo868888-ux/yinian-clipboard-manager 项目复盘.md (abridged: one pit of six).
ANDROID_PIT = """# Android剪贴板收集应用 - 完整复盘

## 三、踩过的坑 ⚠️

### 坑3：辅助功能配置权限不足 ❌
**症状**：
- 辅助功能服务启动后无法读取剪贴板
- 后台运行时完全无法获取剪贴板内容

**原因**：
```xml
<!-- ❌ 缺少关键标志 -->
android:accessibilityFlags="flagDefault"
```

**修复**：
```xml
android:accessibilityFlags="flagDefault|flagRetrieveInteractiveWindows"
```

**教训**：
- ⚠️ 辅助功能服务需要特殊标志才能在后台读取剪贴板
- ⚠️ `flagRetrieveInteractiveWindows` 是关键权限

## 四、最终解决方案 ✅

### 数据流（修复后）
"""


def test_a_pit_heading_over_its_symptom_cause_and_fix_is_the_lesson():
    assert lessons(md(ANDROID_PIT)) == [
        ("went_wrong", "坑3：辅助功能配置权限不足"),
        ("lesson", "⚠️ 辅助功能服务需要特殊标志才能在后台读取剪贴板"),
        ("lesson", "⚠️ flagRetrieveInteractiveWindows 是关键权限"),
    ]


# held 27, CaelumACE/mingcheng-website 项目复盘.md: pits named so, over labelled or plain bullets.
WEBSITE_PITS = """# 铭澄互动官网项目复盘

## 四、三个关键坑（已沉淀为铁律/笔记）

### 坑 1 · 自定义域不更新 ≠ 传播延迟（最致命，耗时最长）
- **现象**：`git push` 后 `mingcheng-ai.pages.dev` 即时更新，但 `mingcheng-ai.com` 6 小时不变。
- **根因**：最早 wrangler 直传时，自定义域 CNAME 钉在带部署 ID 的旧子域；切 Git 后 CNAME 未自动改 → 永远返回旧部署。
- **修复**：Cloudflare → Custom domains → 点 **Activate domain**（CNAME 自动切到新子域），秒级生效。

### 坑 2 · Vite 8 需要 Node ≥ 20.19
- Cloudflare Pages 默认构建 Node 偏低会直接构建失败。
- **必设**：项目 Variables and Secrets（Production）加 `NODE_VERSION=22`。
"""


def test_headings_that_number_themselves_pits_are_went_wrongs_and_their_bullets_no_lessons():
    assert lessons(md(WEBSITE_PITS)) == [
        ("went_wrong", "坑 1 · 自定义域不更新 ≠ 传播延迟（最致命，耗时最长）"),
        ("went_wrong", "坑 2 · Vite 8 需要 Node ≥ 20.19"),
    ]


# held 27, fomoesc-git/Photomini 项目复盘.md: numbered pits under 踩坑记录, each shown by wrong and right code.
TAURI_PITS = """# Photomini 图片压缩工具 - 项目复盘

## 踩坑记录

### 1. Rust 命令函数不能是 `pub`

```rust
// ❌ 错误
#[tauri::command]
pub fn compress_image(...) -> ProcessResult { ... }
```

**原因**：`pub` 会导致宏展开后产生重复符号 `__cmd__compress_image`

### 2. `file_stem()` 丢失父目录

```rust
// ❌ 错误 — 输出到当前目录而非原目录
let stem = p.file_stem().unwrap();
```

## 成功要素
"""


def test_numbered_headings_over_wrong_code_under_pitfalls_are_went_wrongs():
    assert lessons(md(TAURI_PITS)) == [
        ("went_wrong", "1. Rust 命令函数不能是 pub"),
        ("went_wrong", "2. file_stem() 丢失父目录"),
    ]


# held 3, LiamLea/Notes errors.md: a troubleshooting note names an error by its heading; its cause and fix are the lessons.
TROUBLESHOOTING = """# errors

#### 8.kubelet：pleg is not healthy

#### 9.Orphaned pod found：but volume subpaths are still present on disk
- 现象：出现了孤儿pod，即pod无法被删除
- 原因：pv被删除了，然而该pod仍然挂载着该volume
- 解决：手动卸载该volume
"""


def test_an_error_named_by_a_heading_outside_pitfalls_keeps_its_cause_and_fix():
    assert lessons(md(TROUBLESHOOTING, key="errors.md")) == [
        ("root_cause", "pv被删除了，然而该pod仍然挂载着该volume"),
        ("recommendation", "手动卸载该volume"),
    ]


# held 27, CaelumACE/mingcheng-website 项目复盘.md (abridged): a look back on one aspect, then what went right, what
# could improve and the practices to reuse, none of them named in the words of a form.
WEBSITE_REVIEW = """# 铭澄互动官网项目复盘

## 五、协作风格复盘（最核心，供未来复用）

### 浩哥的沟通特征
1. **指令极简、碎片化、常带截图**：几乎每条都很短（"做了吗""先出一版""第五步怎么设置"），不写长篇需求文档。
2. **先要结果再迭代**：典型「先出一版效果」→ 看实际 → 提调整，不先讨论方案细节。快速出可看版本优先于完美。
3. **决策给选项、不啰嗦**：喜欢 AI 列 2–4 个选项 + 关键权衡，他选（"走方案1"）。避免大段背景铺垫。
4. **要明确的下一步清单**：多次问"还要做什么吗""详细说下第 1 步"。每个阶段需要 actionable checklist。
5. **安全靠提醒**：PAT 用完即撤、确认不落盘；有意识但依赖 AI 提醒。
6. **终态要自闭环**：最终要"永久免 token"、自己能改能部署，不依赖每次介入。

### AI 协作中做对的
- 主动同步进度（"进行到哪一步了"）。
- 交付物让他能独立运维（SSH、push 命令、笔记）。

### 可改进
- 早期曾误判"域名没更新=部署没通"，多绕了一轮——应**第一时间对比自定义域 vs pages.dev 的响应**再下结论。

## 六、可复用的项目交付范式（未来做别的项目的套路）

1. **素材先行、快速出效果**：先集成能看的版本，再迭代，不追求本地完美再上线。
2. **上线即验证、真机测试**：上线后发截图/抓 HTML 核对，必要时做"可逆小改动"端到端验证。
"""


def test_a_look_back_on_one_aspect_and_sections_named_in_other_words_hold_lessons():
    found = lessons(md(WEBSITE_REVIEW))
    assert [kind for kind, _ in found] == ["lesson"] * 6 + ["went_well"] * 2 + ["went_wrong"] + ["recommendation"] * 2
    assert found[0][1].startswith("指令极简、碎片化、常带截图：")
    assert found[-1][1].startswith("上线即验证、真机测试：")


# held 27, fomoesc-git/Photomini 项目复盘.md: what made it work, then a version table.
TAURI_ENDING = """# Photomini 图片压缩工具 - 项目复盘

## 成功要素

- Tauri 2.x + Rust 图片处理生态成熟（`image` + `webp` crate）
- 简化需求（只做两个核心功能）降低了复杂度

## 版本记录

- 1.1.2 最终版：移除窗口隐藏逻辑，关闭即退出
"""


def test_success_factors_went_well_and_a_version_record_holds_none():
    assert lessons(md(TAURI_ENDING)) == [
        ("went_well", "Tauri 2.x + Rust 图片处理生态成熟（image + webp crate）"),
        ("went_well", "简化需求（只做两个核心功能）降低了复杂度"),
    ]


# held 20, bravejiawen's 结业项目复盘.md: a change log under the look back is dates, not lessons.
CHANGELOG = """## 结业项目复盘

### 下复训有一些需要改进的地方：
- 给自己定时间，不应该对一个问题无休止地探索，及时总结和发现关键问题。

### CHANGELOG
- 20190124 jiawen整理复盘
"""


def test_a_change_log_under_a_look_back_is_no_lesson():
    assert lessons(md(CHANGELOG, key="结业项目复盘.md")) == [
        ("recommendation", "给自己定时间，不应该对一个问题无休止地探索，及时总结和发现关键问题。")]  # advice: e-zhkind


# held 27, aiyo868888-ux/yinian-clipboard-manager 项目复盘.md (abridged): bold titles over their points, then plans.
ANDROID_SUMMARY = """# Android剪贴板收集应用 - 完整复盘

## 五、经验总结 💡

### 5.1 Android开发经验

1. **服务启动**
   - ⚠️ AndroidManifest.xml声明服务≠自动启动
   - ⚠️ 必须在代码中显式调用`startService()`或`startForegroundService()`

2. **数据读取优先级**
   - ✅ 优先直接读取（最新）
   - ❌ 不要优先使用缓存

### 5.2 需求分析经验

1. **日志的重要性**
   - 没有日志 = 没有线索
   - 每个关键步骤都要打日志

## 六、未来优化方向 🚀

### 短期优化
1. ✅ 添加震动反馈（点击时）
2. ✅ 添加空状态提示
"""


def test_a_bold_title_over_its_points_is_one_lesson_and_ticked_plans_none():
    assert lessons(md(ANDROID_SUMMARY)) == [
        ("lesson", ("服务启动；⚠️ AndroidManifest.xml声明服务≠自动启动；⚠️ 必须在代码中显式调用startService()或"
                    "startForegroundService()")),
        ("lesson", "数据读取优先级；✅ 优先直接读取（最新）; ❌ 不要优先使用缓存"),
        ("lesson", "日志的重要性；没有日志 = 没有线索；每个关键步骤都要打日志"),
    ]


def test_a_bold_title_is_read_from_the_item_not_from_its_sub_items():
    from ingest.blocks import html_blocks

    blocks = html_blocks("<ol><li><strong>服务启动</strong><ul><li><strong>必须</strong>显式启动</li></ul></li>"
                         "<li>日志<strong>的重要性</strong><ul><li>没有日志</li></ul></li></ol>")
    assert [(b.text, b.bold) for b in blocks] == [("服务启动", True), ("必须显式启动", False),
                                                  ("日志的重要性", False), ("没有日志", False)]


# held 27, ViviGo/imitation-YinYueTai 项目总结.docx (List Paragraph lines, as Markdown items): problems that end in a
# question mark, each over its fix.
PROBLEMS_ASKED = """# 项目总结

- 实现过程中遇到的问题与解决
- 问题：导航条与下方全屏播放器的空白部分？
- 解决：之前以为是代码出现失误，这次与上次的作业有借鉴，上次作业也是导航条出现问题，额~，也没什么说的，就是设置一下高度问题
- 问题：tab切换，但是其左右箭头如何处理的办法，还有关于left值？
- 解决：这里代码都是自己写，特别是左右箭头切换的bigrollbox.js文件，没有代码可参考，只能自己打出可能的情况，故代码有点冗余
"""


def test_a_problem_that_ends_in_a_question_mark_is_one_went_wrong_with_its_fix():
    parsed = md(PROBLEMS_ASKED, key="项目总结.md")
    assert lessons(parsed) == [("went_wrong", "问题：导航条与下方全屏播放器的空白部分？"),
                               ("went_wrong", "问题：tab切换，但是其左右箭头如何处理的办法，还有关于left值？")]
    assert [lesson.recommendation[:12] for lesson in parsed.lessons] == ["解决：之前以为是代码出现", "解决：这里代码都是自己写"]


# held 27, Leftovers4/BigHomework 总结报告.docx (Heading 2 / 3 and list lines, as Markdown): a report's highlights are
# its features, not what went well.
HIGHLIGHTS = """# 酒店预订系统

## 项目亮点

### Bl的亮点：
- 对网络异常进行集中处理，使得网络异常能够较为简单的处理完成
- 委托式编程
- 工厂模式+反射处理促销策略设计

## 经验
1. 数据库操作等代码可以多写泛型的、较为抽象的方法，可以提高代码质量
"""

# held 10, the testland 项目总结 form (as Markdown): the form's question, asked as a label over its answers.
FORM_HIGHLIGHTS = """# 项目总结

- 技术方案亮点
  - Docker：通过使用docker cotainer进行评测，我们有效地将每次评测任务独立地与服务器主机分隔。
  - RabbitMQ：通过使用消息队列，我们将用户提交代码后不会由于等待评测造成数据丢失。
"""


def test_a_reports_highlights_are_features_and_a_forms_question_for_them_asks_what_went_well():
    assert lessons(md(HIGHLIGHTS, key="总结报告.md")) == [
        ("lesson", "数据库操作等代码可以多写泛型的、较为抽象的方法，可以提高代码质量")]
    assert [kind for kind, _ in lessons(md(FORM_HIGHLIGHTS, key="项目总结.md"))] == ["went_well", "went_well"]


# held 27, hodamasteri/ETL_github_docs Retrospective.pdf (its list of prompts with their answers, as Markdown items).
FORM_ANSWERS = """# Team 3 Project 2

## Sprint Retrospective:

- What went well: Group collaboration and communication went well for this project as we made sure to confirm our ideas with each other to ensure that we were all on the same page. We were able to follow the requirements to the best of our ability and present a finished and polished ETL pipeline that worked!
- What did not go well (things you would avoid in a redo): We spent more time than necessary trying to go too in depth in our data cleaning and handling, especially for the payload flattening. At times, the cluster was not powerful enough to handle everyone’s notebooks running in parallel, and it would take us a long time to check if our code worked. In a redo, from the start, we would spend the first week designing out our medallion layers structured around our queries so we could have a clear plan for what our tables would look like before starting cleaning. In addition, we didn’t know about the github docs page for days on end and things only cleared up after discovering them. In the data, there were multiple places where fields such as user_id and repo_id existed in multiple places in different nested levels and cross checking these nulls to fill them in were done to an extent.
"""

# held 25, TigerlordZ99/Dungeon-Escape's retrospective PDF: a shorter answer is one point and its explanation.
SHORT_ANSWER = """# Retrospective

What did not work: We really tried to make it so that only a door that has a room in that direction could be interacted with. For example: if the current room had another door to the right but not a room on top, then you could interact with the room's right door but not the top door. This proved way harder to implement since we originally programmed all 4 doors of the room as 1 item of data rather than 4. This was much harder than we thought it would be so we ditched the idea.
"""


def test_a_form_answer_of_five_sentences_or_more_is_one_lesson_a_sentence():
    found = lessons(md(FORM_ANSWERS, key="Retrospective.md"))
    assert [kind for kind, _ in found][-5:] == ["went_wrong"] * 5
    assert [text[:30] for _, text in found][-5:] == [
        "We spent more time than necess", "At times, the cluster was not ", "In a redo, from the start, we ",
        "In addition, we didn’t know ab", "In the data, there were multip"]
    assert len(lessons(md(SHORT_ANSWER, key="Retrospective.md"))) <= 1


# held 27, UWT-TCSS460-SP26/group-project-frontend-public-group-4 Retrospective.pdf (abridged, as Markdown): the first
# prompt is a heading, the later ones lines of text.
PROMPT_LINES = """# SPRINT 8: Consumer App – Retrospective

## What went well across the ten weeks

We were able to finish all of our sprints within their designated time slots.

What you'd do differently if you were starting the quarter again

Use AI agents with context from the beginning instead of mid quarter.

What surprised you about working on someone else's API and having someone else work on yours

We are learning what it is like reporting bugs on another team’s API and receiving bugs back.
"""


def test_a_forms_later_prompts_set_as_lines_head_their_answers():
    assert lessons(md(PROMPT_LINES, key="Retrospective.md")) == [
        ("went_well", "We were able to finish all of our sprints within their designated time slots."),
        ("recommendation", "Use AI agents with context from the beginning instead of mid quarter."),
        ("lesson", "We are learning what it is like reporting bugs on another team’s API and receiving bugs back."),
    ]


# held 27, CaelumACE/mingcheng-website 项目复盘.md: a checklist for the next project, and (as a guard) boxes that are
# action items.
CHECKLIST = """# 铭澄互动官网项目复盘

## 七、未来项目启动清单（套用检查项）

- [ ] 上线后真机验证（自定义域 vs 子域对比）
- [ ] 项目笔记 + 踩坑沉淀

## Action items

- [ ] 补充自定义域的监控告警
- [ ] 更新部署文档
"""


def test_boxes_under_a_checklist_heading_are_a_template_and_under_action_items_lessons():
    assert lessons(md(CHECKLIST)) == [("action_item", "[ ] 补充自定义域的监控告警"), ("action_item", "[ ] 更新部署文档")]


# held 27, fomoesc-git/Photomini 项目复盘.md (abridged): numbered lessons, one of them stated at length, two short over a
# paragraph and code.
TAURI_LESSONS = """# Photomini 图片压缩工具 - 项目复盘

## 关键教训

### 1. 立即验证而非假设正确
这次开发中期存在"汇报完成但未实际执行构建"的问题。以后每次修改 Rust 代码后应立即运行：

```bash
npm run tauri build --bundles dmg
```

而不是假设代码逻辑对了就没问题。

### 2. macOS 窗口行为复杂度高于预期
Tauri 2.x 的窗口重建涉及线程安全约束，比想象中复杂。如果不是刚需，不要过度设计窗口行为。

### 4. Rust 路径处理
始终检查 `parent()` 是否为空：

```rust
let parent = p.parent().map(|pp| pp.to_string_lossy().to_string()).unwrap_or_default();
```

避免文件写入到当前工作目录而非原目录。
"""

# held 12, darewolf's OO 第四次博客作业 (abridged): numbered topics under what was gained, each over its own account.
TOPICS = """# OO第四次博客作业

## (四)总结自己的课程收获

#### 1. java语言
学习了java语言，继C语言之后的第二门语言，确实感受到了java语言比C语言的强大和复杂之处。

#### 3. 多线程相关
学习了多线程相关知识，学习了生产者输入者模型的实现方式。

```java
synchronized (queue) { queue.notifyAll(); }
```

例如对电梯作业中电梯的退出，需要对`queue`加锁。

#### 4. JML相关
通过这个单元的学习，了解规格的相关内容，学习了JML这个规格描述语言。
"""


def test_numbered_lessons_are_parallel_points_where_one_states_its_point():
    titles = [text.split(" — ")[0] for _, text in lessons(md(TAURI_LESSONS))]
    assert titles == ["1. 立即验证而非假设正确", "2. macOS 窗口行为复杂度高于预期", "4. Rust 路径处理"]
    assert not any(text.startswith("3. 多线程相关") for _, text in lessons(md(TOPICS, key="blog.md")))


def test_a_pit_heading_that_says_only_its_number_is_no_lesson():
    from ingest.pitfalls import statement

    assert statement("坑1：MainActivity忘记启动悬浮窗服务 ❌❌❌") == "坑1：MainActivity忘记启动悬浮窗服务"
    assert statement("问题1") is None  # held 15's "## 问题1" headings, whose parts are the lessons
    assert statement("坑 3") is None
