"""Development logs and problem lists (issue 17, e-gen23zh). In a dated log a date alone on its line opens the next entry:
what a label read as a heading opened before it ("困难：", "【反思与疑问】：") ends there, so the next day's work done is no
lesson of that label's kind, as it is not where the date is a styled heading. In a problem list with no heading, a Chinese
line that opens with a name ("Mysql数据库连接错误没有表") is read as the Chinese lines are. Excerpts are short quotes of seen
documents (held 42 and 43, benchmarks/extraction/SOURCES.md)."""

from __future__ import annotations

from kb.models import LessonKind as K
from tests.ingest.office_files import lines_docx


def _docx(key: str, lines: list[tuple[str, str]]):
    return lines_docx(key, lines, heading_level=2)


def _texts(doc) -> list[str]:
    return [lesson.text for lesson in doc.lessons]


# held43 tired1student/GreenAndGray 开发日志.docx: a four-member team's log, each entry a date, a name and "做了什么：".
UNITY = [("h", "UI界面的贴图"), ("p", "困难："), ("p", "看了两个教程，不确定哪种更好，更适合本游戏"),
         ("p", "2023/4/30"), ("p", "孙逸尘"), ("p", "做了什么："),
         ("p", "进一步完善了背包系统，可以方便地创建新的物体，通过碰撞拾取到背包中并显示"),
         ("p", "简易地创造了一个能移动的物体（角色）")]


def test_a_date_alone_ends_what_a_label_before_it_opened():
    doc = _docx("开发日志.docx", UNITY)
    assert [(lesson.kind, lesson.text) for lesson in doc.lessons] == [
        (K.WENT_WRONG, "看了两个教程，不确定哪种更好，更适合本游戏")]
    assert "2023/4/30" in [section.heading for section in doc.sections]  # the entry is a section of its own


# held43 Believe-love/Arduino-Tracking-Car-With-PID-control 开发日志.docx: each day a bulleted date, then its goal, what was
# done and "【反思与疑问】：" over the day's reflection.
ARDUINO = [("h", "每日日志"), ("i", "2026年1月21日"), ("p", "【目标】：焊接转接板"), ("p", "【反思与疑问】："),
           ("p", "由于电烙铁不太行，导致板子焊接不太好，初步怀疑可能会影响后续调试，由于工具的问题，严重影响进度，时间有点紧张了。"),
           ("i", "2026年1月22日"), ("p", "【目标】：查对元件是否完整"), ("p", "【具体操作与学习内容】：对照清单查对原件"),
           ("i", "日期：2026年1月31日星期六"), ("p", "【目标】：测试寻迹小车的寻迹功能，同步测试避障、红外遥控功能及电池状态。")]


def test_a_bulleted_date_ends_a_reflection_label_and_the_next_days_goals_are_no_lessons():
    texts = _texts(_docx("开发日志.docx", ARDUINO))
    assert any(text.startswith("由于电烙铁不太行") for text in texts)
    assert not any("2026年1月" in text or "【目标】" in text or "查对" in text for text in texts)


def test_a_date_with_no_label_open_changes_nothing():
    doc = _docx("开发日志.docx", [("h", "遇到的问题"), ("p", "2023/4/30"), ("p", "角色移动不流畅，动画之间的切换有bug")])
    assert "角色移动不流畅，动画之间的切换有bug" in _texts(doc)
    assert "2023/4/30" not in [section.heading for section in doc.sections]


# held42 ahazww/blogAnalysis 问题记录.docx: a dated problem list, no heading, some problems opening with a name.
SPRING_BOOT = [("p", "2019年3月23日星期六"), ("i", "Mysql数据库连接错误没有表"), ("i", "Sql的配置文件中不能写域名，还是需要写ip"),
               ("i", "部署到项目时nginx转发端口如果已经监听，项目启动失败"),
               ("i", "Nginx rewrite 去除后缀用法rewrite ^/show/(.*) http://ahazww.xyz:7777$1 permanent;")]


def test_a_chinese_line_of_a_headless_problem_list_that_opens_with_a_name_is_read_as_the_others():
    texts = _texts(_docx("问题记录.docx", SPRING_BOOT))
    assert "Mysql数据库连接错误没有表" in texts
    assert "部署到项目时nginx转发端口如果已经监听，项目启动失败" in texts
    assert not any(text.startswith("Nginx rewrite") for text in texts)  # a note of code, mostly Latin: as before


# held46 flemingpau/frontend-learning 工作总结.docx: a trainee's daily log, each day a month and day alone ("4/17"), the
# day's plan, then "总结" (bold, read as a heading) over the day's notes; later days have no "总结" at all.
REACT = [("p", "4/19"), ("p", "今天把css内容大致学习一下，下午开始写掘金的静态页面。"), ("h", "总结"),
         ("p", "学会了css选择器的概念和分类，以及层叠和继承"), ("p", "4/20"), ("p", "继续编写静态页面"),
         ("p", "5/9-5/11"), ("p", "学习react"), ("p", "5/12"), ("p", "周5webpack+开会分享软件工程")]


def test_a_month_and_day_alone_ends_a_heading_opened_since_the_day_before():
    doc = _docx("工作总结.docx", REACT)
    assert _texts(doc) == ["学会了css选择器的概念和分类，以及层叠和继承"]
    sections = {section.heading: section for section in doc.sections}
    assert sections["4/20"].kind is None and "继续编写静态页面" in sections["4/20"].text
    assert "5/9-5/11" in sections and "5/12" in sections  # a run of days opens an entry too


def test_a_heading_before_the_first_date_spans_the_dated_lines_under_it():
    doc = _docx("问题记录.docx", [("h", "遇到的问题"), ("p", "4/19"), ("p", "角色移动不流畅，动画之间的切换有bug"),
                                 ("p", "4/20"), ("p", "打包后资源路径错误，页面白屏")])
    assert [text.split(" ")[-1] for text in _texts(doc)] == ["角色移动不流畅，动画之间的切换有bug", "打包后资源路径错误，页面白屏"]


def test_a_fraction_or_a_date_with_words_opens_no_entry():
    doc = _docx("工作总结.docx", [("p", "4/19"), ("h", "总结"), ("p", "学会了css选择器的概念和分类"),
                                 ("p", "13/4"), ("p", "4/29~5月3放假"), ("p", "弹性盒子display:flex用来排列元素。")])
    assert "弹性盒子display:flex用来排列元素。" in _texts(doc)
