"""Chinese rules for held 36 (issue 17, e-gen16zh): error classes counted over every seen Chinese document before a rule
was written (BENCHMARKS.md, "Chinese rules for held 36 (e-gen16zh)"). Each test has a short excerpt of a real document
(benchmarks/extraction/SOURCES.md) and, beside it, what must stay as it was."""

from kb.models import LessonKind
from tests.ingest.markdown_docs import md

# held36 zh-message-board-training-team-project-summary-docx (a training team's 项目总结报告): the second problem is a
# numbered heading over its fix; annotated as what went wrong, only its fix was extracted before (as a recommendation).
MESSAGE_BOARD = ("# 项目总结报告\n\n## 二、遇到的问题及解决方案：\n\n"
                 "问题1：从数据库中取数据，显示留言时，显示的留言与新添加的留言重复显示。\n\n"
                 "解决方案：先显示已存在的留言，新添加的留言当添加时再显示。\n\n"
                 "### 问题2：在不同的留言处怎么实现管理员回复？\n\n"
                 "解决方案：显示留言时获取其messageId，回复留言时根据对应的messageId来回复。\n")

# held19 zh-zlh-opengauss-ospp-closing (a summer project's 结项报告, another author): numbered problem items, each with its
# fix as a sub-item; the fix was a lesson of its own before.
OPENGAUSS = ("# 结项报告\n\n## 2.2 遇到的问题及解决方案\n\n"
             "- 问题 1: Docker 部署 openGauss 时端口冲突和权限问题。\n"
             "  - 解决方案：通过修改 Docker 命令中的端口映射（e.g., -p 8888:5432）避免冲突。\n"
             "- 问题 2: Python 依赖冲突（如 uvicorn 版本不兼容 Arize Phoenix）。\n"
             "  - 解决方案：参考 GitHub Issue 修复依赖版本。\n")


def test_a_numbered_problem_and_its_fix_are_one_lesson():
    doc = md(MESSAGE_BOARD, "项目总结报告.md")
    lessons = [(lesson.kind, lesson.text) for lesson in doc.lessons]
    assert (LessonKind.WENT_WRONG, "问题2：在不同的留言处怎么实现管理员回复？") in lessons
    assert not any(text.startswith("显示留言时获取其messageId") for _, text in lessons)
    two = next(lesson for lesson in doc.lessons if lesson.text.startswith("问题2"))
    assert two.recommendation.startswith("解决方案：显示留言时获取其messageId")


def test_numbered_problem_items_keep_their_fix_with_them():
    doc = md(OPENGAUSS, "结项报告.md")
    assert [lesson.kind for lesson in doc.lessons] == [LessonKind.WENT_WRONG] * 2
    assert [lesson.text.split("：")[0].split(":")[0] for lesson in doc.lessons] == ["问题 1", "问题 2"]
    assert doc.lessons[0].recommendation.startswith("解决方案：通过修改 Docker 命令")


# held34 zh-aircraft-war-android-course-report-pdf (a course's 结题报告, its debugging part): each problem numbered, then
# "存在问题：" (what was wrong in the design) and "解决方法：". Four causes and three problems annotated, none extracted
# before.
AIRCRAFT_WAR = ("# 结题报告\n\n## 4 调试分析\n\n"
                "问题二：两个客户端成功匹配后，均无法从首页页面跳转到游戏界面\n\n"
                "存在问题：属于模块设计问题：在初次设计客户端时，将匹配成功后显示游戏界面的setContentView(game)字段放在了 "
                "MainActivity 的 onClick()中。\n\n"
                "解决方法：MainActivity 的 onClick()中若监听到被按下的按钮为联机对战按钮，则跳转到 OnlineActivity 中。\n")

# held34 zh-onchain-portrait-hackathon-project-review (a hackathon's 复盘, another author): a pitfall labelled "坑:" in a
# numbered part whose heading names no kind, then "修复:"; five such pitfalls annotated, none extracted before.
ONCHAIN = ("# 项目复盘\n\n## 四、部署记录\n\n### 6. Next standalone 模式在多级路径下误判 monorepo\n\n"
           "坑: 项目路径含 hermes_data 等多层目录时,next build 的 standalone 模式自动检测的\"monorepo root\"会出错,"
           "OpenNext 找不到 pages-manifest.json。\n\n"
           "修复: 在 next.config.js 里钉死路径根。\n")


def test_a_numbered_problem_and_the_problem_found_in_it_are_what_went_wrong():
    doc = md(AIRCRAFT_WAR, "结题报告.md")
    wrong = [lesson.text for lesson in doc.lessons if lesson.kind == LessonKind.WENT_WRONG]
    assert any(text.startswith("两个客户端成功匹配后") for text in wrong)
    assert any(text.startswith("属于模块设计问题") for text in wrong)


def test_a_pitfall_labelled_keng_is_what_went_wrong():
    doc = md(ONCHAIN, "复盘.md")
    assert [lesson.kind for lesson in doc.lessons] == [LessonKind.WENT_WRONG]
    assert doc.lessons[0].text.startswith("项目路径含 hermes_data 等多层目录时")


def test_a_question_put_without_a_number_is_still_no_label():
    # The plain "问题：" label stays out (six junk questions for two lessons when tried, ingest/line_labels.py).
    doc = md("# 项目笔记\n\n## 记录\n\n问题：如何提高成员的积极性与参与度？\n\n其他说明文字，没有结论。\n", "笔记.md")
    assert not any(lesson.text.startswith("如何提高") for lesson in doc.lessons)


# held32 zh-gamersky-clone-project-summary-docx (a site-clone 项目总结, a third author): difficulties numbered "难题N :",
# each over "解决方法:"; Word set two of them as headings. Nine annotated, two extracted before.
GAMERSKY = ("# 游民星空项目总结\n\n### 2 遇到的困难以及解决方案;\n\n"
            "难题二 : 点击登录后返回登录前的页面,如在主页登录返回主页,在详情页登录返回详情页;\n\n"
            "解决方法:一开始我的解决方法是用localStroage 去储存点击登录的路径;后面发现直接用window.history.go(-1);就可以了\n\n"
            "## 难题四 : 轮播图无缝 最后一张后跳到第一张\n\n"
            "解决方法:复制第一张图片添加到页面最后 在执行完最后一张的滚动动画后回调一个函数设置banner的left值直接等于0;\n\n"
            "## 难题五 :加载更多 没有拿到ajax数据\n\n"
            "解决方法 : 用复制的方法去模拟 点击之后复制前面的数据添加到最后模拟实现实时加载的效果 ;\n\n"
            "难题六 :登录验证 失败的问题;\n\n"
            "解决方法 : 要在服务器下打开 在Hbuilder下打开就可以了;\n")


def test_numbered_difficulties_over_their_fixes_are_what_went_wrong():
    doc = md(GAMERSKY, "项目总结.md")
    lessons = [(lesson.kind, lesson.text.split(":")[0].split("：")[0].strip()) for lesson in doc.lessons]
    assert lessons == [(LessonKind.WENT_WRONG, name) for name in ("难题二", "难题四", "难题五", "难题六")]
    assert doc.lessons[1].recommendation.startswith("解决方法:复制第一张图片")
