"""Chinese rules after held 52 (issue 17, e-gen32zh): junk counted over the seen Chinese documents before a rule was
written (BENCHMARKS.md, "e-gen32zh"). Each test has a short excerpt of a real document (benchmarks/extraction/SOURCES.md)
and, beside it, what must stay as it was."""

from ingest.blocks import Block
from ingest.non_lessons import never_a_lesson
from ingest.structure import build_structure
from tests.ingest.markdown_docs import md, texts


def _report(*blocks: Block) -> list[str]:
    """The lessons of a reflective report of these blocks under its title."""
    structure = build_structure([Block("heading", "课程设计总结报告", level=1), *blocks], "课程设计总结报告",
                                reflective=True, looks_back=True)
    return [lesson.text for lesson in structure.lessons]


def test_a_table_of_contents_typed_as_text_opens_no_part_and_holds_no_lesson():
    # held52 zh-express-delivery-c-console-course-design-summary-report-docx types its contents as list items with a
    # dot leader and a page; "项目中遇到的问题", listed without a page, opened a section of what went wrong over the entries
    # after it. The body's own problem section stays.
    entries = [Block("item", text, level=1) for text in (
        "消息功能 ………………………………………………………………… 31", "项目中遇到的问题",
        "输入及缓冲区问题 ……………………………………………………… 31", "代码复用率低问题 ……………………………………………………… 32",
        "图形化问题 ……………………………………………………………… 34")]
    body = [Block("heading", "项目中遇到的问题", level=2),
            Block("para", "组内成员使用的IDE不同，对字符默认编码格式不同，在VSCode中能顺利运行的代码，在VS中却报了上百个错误。")]
    assert _report(Block("heading", "报告正文", level=2), *entries, *body) == [body[1].text]


def test_two_lines_with_a_leader_are_no_table_of_contents():
    # Fewer than three entries: points that end in dots and a figure are read as they were.
    doc = md("# 总结\n\n## 遇到的问题\n\n- 接口联调返工次数……3\n- 测试用例写得太晚\n- 需求变更次数……5\n")
    assert texts(doc) == ["接口联调返工次数……3", "测试用例写得太晚", "需求变更次数……5"]


def test_a_report_that_tells_what_its_product_is_or_is_built_with_is_no_lesson():
    # held52 zh-music-player-qt-course-team-project-report-pdf and zh-flight-tickets-vue-springboot-student-project-
    # report-docx open their 总结 so; none annotated.
    assert never_a_lesson("本项目是一个基于 Qt 的音乐播放器应用，支持基本的音乐播放功能，包括播放、暂停、上一曲、下一曲等。")
    assert never_a_lesson("该项目前端使用vue2进行构建，vue2作为一个非常好用的js框架，简化了html、css、js这传统三件套的项目构建。")
    assert never_a_lesson("后端使用springboot框架，使用JPA进行数据库联系，让我们可以使用原生sql语言对数据库进行操作。")
    # A judgement of the project, a stack named in passing, and a description followed by what it taught stay.
    assert not never_a_lesson("该项目是我们做过有史以来最为复杂，功能最为全面的项目")
    assert not never_a_lesson("创建一个直接响应视频是否被收藏的API，用户打开视频时客户端使用该API获取收藏状态更新到播放页面")
    assert not never_a_lesson("本项目采用前后端分离架构。下次应该先把接口文档定下来再开工。")
    # held39 zh-warehouse-system-training-personal-summary-report-docx: a few words between "本" and the product.
    assert never_a_lesson("本次课程项目是一个基于SpringBoot3 + Vue3前后端分离的智能仓储管理系统。系统采用MySQL作为数据库。")


def test_a_reference_list_entry_is_no_lesson():
    # held52 zh-douyin-bgm-data-analysis-team-research-report-pdf's 参考文献, read as a lesson of its last section.
    assert never_a_lesson("[1] 王欢.基于 VGGish 网络对音乐情感的分析[D].天津:天津商业大学,2019:15.")
    assert not never_a_lesson("[1] 需求评审要邀请一线仓管员参加")


def test_a_templates_dummy_text_or_filler_is_no_lesson():
    # held41 zh-business-year-end-summary-deck-template-pptx and held47 zh-camera-tool-company-trial-week-summary-deck-
    # lookalike-pptx keep their slides' Lorem ipsum; held39 zh-robomaster-team-rd-problem-log-docx keeps its form's
    # filler: none annotated, all were lessons of what went wrong.
    assert never_a_lesson("Lorem Ipsum is simply dummy text of the printing and typesetting industry.")
    assert never_a_lesson("Lorem ipsum dolor sit amet, consectetur adipisicing elit.")
    assert never_a_lesson("出现的问题：~~~~~~~~~。")
    assert never_a_lesson("解决方法：~~~~~~~或（未解决）。")
    # Dots inside a point are no filler.
    assert not never_a_lesson("结果嘛.....都在一面之后挂掉了")
    assert not never_a_lesson("问题：接口超时～～～上线前才发现，压测要提前做")


def test_a_first_sentence_that_weighs_its_choice_is_a_lesson_not_a_description():
    # r-review: the description rule also took a choice weighed in its first sentence, "因此" for "此", and a subject
    # after a comma; what a report says of its product alone is still dropped
    for lesson in ("这个项目使用了太多第三方库，导致后期维护非常困难。", "我们的系统采用了过时的框架，升级时付出了很大代价。",
                   "因此系统采用了缓存，响应时间从2秒降到200毫秒。", "本项目使用 Git 管理代码，但分支策略不清晰，经常出现合并冲突。",
                   "该系统基于旧版接口开发，上线后接口变更导致故障，应提前确认接口版本。"):
        assert not never_a_lesson(lesson), lesson
    for description in ("本项目是一个基于 Qt 的音乐播放器应用，支持播放列表。", "该项目前端使用vue2进行构建，后端使用springboot框架。"):
        assert never_a_lesson(description), description


def test_filler_and_dummy_text_are_told_from_a_lesson_that_names_them():
    # r-review: "lorem ipsum" anywhere and an ellipsis as filler dropped these lessons
    assert not never_a_lesson("We shipped Lorem ipsum placeholder text to production and a client noticed it.")
    assert not never_a_lesson("最大的教训：………永远要先备份数据。")
    assert never_a_lesson("Lorem ipsum dolor sit amet, consectetur adipiscing elit.")
    assert never_a_lesson("出现的问题：~~~~~~~~~。") and never_a_lesson("解决方法：~~~~~~~或（未解决）。")



def test_a_leader_is_an_entry_only_with_its_page():
    # the leaders as the lookbehinds read them (each from its first character: r-review's 20,000 dots took 12.7 s,
    # 0.003 s since; measured, not timed here)
    from ingest.structure import _CONTENTS_ENTRY
    assert _CONTENTS_ENTRY.search("项目简介 ……………… 4") and _CONTENTS_ENTRY.search("1.2 Design ........ 7")
    assert _CONTENTS_ENTRY.search("总结 ⋯⋯⋯⋯ 12") and _CONTENTS_ENTRY.search("附录 ________ 9")
    assert not _CONTENTS_ENTRY.search("." * 5_000 + "x") and not _CONTENTS_ENTRY.search("等待中…… 然后 3 个人")
