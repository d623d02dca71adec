"""Problem logs (issue 17, e-gen22zh): a document named a record of problems met ("问题记录.docx", "遇到的问题.docx",
"踩坑记录", "问题汇总"), where a problem is a line or heading with no label and the line after it labels its fix or cause.
That line is what went wrong; a fix labelled right after it is its recommendation; a cause is read as before. A line there
that states a rule drawn from a problem ("…一定不要…", "…不然…会报错") is a lesson. Excerpts are short quotes of seen
documents (held 39 to 42, benchmarks/extraction/SOURCES.md)."""

from __future__ import annotations

import pytest

from ingest.problem_logs import named_problem_log
from kb.models import LessonKind as K
from tests.ingest.markdown_docs import md
from tests.ingest.office_files import lines_docx


def _docx(key: str, lines: list[tuple[str, str]]):
    return lines_docx(key, lines)


def _lessons(doc) -> list[tuple[K, str, str | None]]:
    return [(lesson.kind, lesson.text, lesson.recommendation) for lesson in doc.lessons]


# held42 wuxiaoxia-stu/autotest-netca 问题记录.docx: a Selenium test log, each problem a heading over "解决办法：".
SELENIUM = [("h", "打开IE，定在不动"), ("p", "解决办法："), ("i", "缩放必须为100%"),
            ("i", "以上方法设置后无效，重启电脑试试"),
            ("h", "安装pip后输入 pip 相关命令无效"), ("p", "解决办法：尝试输入pip.exe")]


def test_a_problem_headed_over_its_fix_in_a_problem_log_is_what_went_wrong_with_the_fix_as_its_recommendation():
    got = _lessons(_docx("问题记录.docx", SELENIUM))
    assert (K.WENT_WRONG, "打开IE，定在不动", None) in got
    assert (K.WENT_WRONG, "安装pip后输入 pip 相关命令无效", "解决办法：尝试输入pip.exe") in got
    assert not any(text == "尝试输入pip.exe" for _, text, _ in got)  # the fix is no lesson of its own


def test_the_same_lines_in_a_document_not_named_a_problem_log_are_read_as_before():
    got = _lessons(_docx("selenium笔记.docx", SELENIUM))
    assert not any(kind == K.WENT_WRONG for kind, _, _ in got)


# held42 FuHsiGenesis/Graduation-Project 遇到的问题.docx: an OpenMV gimbal's problems as items, each over its cause.
GIMBAL = [("i", "舵机运行超调："), ("p", "原因：第一版只有比例环节，所以导致超调；"), ("p", "解决方法：添加微分环节后有所好转；"),
          ("p", "失败方法：卸载重装原版本、高级版本，更新系统，清理内存"), ("p", "成功方法：重装更低版本的IDE（2.2.0）"),
          ("p", "13、相机跟随人脸的时候舵机抖动严重："), ("p", "原因：")]


def test_a_problem_item_over_its_cause_is_what_went_wrong_and_the_cause_stays_a_root_cause():
    got = _lessons(_docx("遇到的问题.docx", GIMBAL))
    assert (K.WENT_WRONG, "舵机运行超调：", None) in got
    assert (K.ROOT_CAUSE, "第一版只有比例环节，所以导致超调；", None) in got
    assert (K.WENT_WRONG, "13、相机跟随人脸的时候舵机抖动严重：", None) in got
    # A line that opens with a label of its own ("失败方法：…") is a part of the write-up, not the problem.
    assert not any("卸载重装" in text for _, text, _ in got)


# held42 Six-tia/ssm_travel01 问题记录.docx: an item "解决方法：" alone, over the steps, is read as a heading.
def test_a_problem_item_over_a_fix_label_item_alone_is_what_went_wrong():
    got = _lessons(_docx("问题记录.docx", [("i", "访问页面出现404错误："), ("i", "检测Tomcat启动是否正常"),
                                          ("i", "空指针问题："), ("i", "解决方法："), ("i", "看执行日志信息，找对应问题的那行代码。")]))
    assert (K.WENT_WRONG, "空指针问题：", None) in got


# held36 devlikai/files 问题总结.docx: a paragraph over a section headed "原因" ends a scene, it states no problem.
def test_a_paragraph_over_a_cause_heading_is_no_problem_line():
    doc = md("# JSP间传值中文乱码问题\n\n## 场景描述\n\n接收，中文显示正常。\n\n## 原因\n\ntomcat中server.xml的设置\n",
             key="问题总结.md")
    assert "接收，中文显示正常。" not in [lesson.text for lesson in doc.lessons]


# held42 Six-tia/ssm_travel01 问题记录.docx and held39 CodeSuPrMan/AdConsoleService 问题记录.docx: rules drawn from
# problems, beside setup notes that state none.
RULES = [("i", "entity实体类自动生成serialversionid序列号（Settings）"),
         ("i", "MyBatis的Mapper文件一定不要放在java里！！！就算配置了也会扫描不到，老实按照规范放在resources目录下面。"),
         ("i", "需要引用javax.Servlet依赖，不然单元测试时会报错。"),
         ("p", "1:ssm整合开启事务的时候 事务相关配置应该放在spring mvc的配置文件下 而不是spring mybatis的配置文件下")]


def test_a_rule_drawn_from_a_problem_is_a_lesson_in_a_problem_log():
    got = [(kind, text) for kind, text, _ in _lessons(_docx("问题记录.docx", RULES))]
    assert got == [(K.LESSON, RULES[1][1]), (K.LESSON, RULES[2][1]), (K.LESSON, RULES[3][1])]


def test_rules_in_a_document_not_named_a_problem_log_are_read_as_before():
    assert _lessons(_docx("ssm笔记.docx", RULES)) == []


# held41 zlzzll/medical-record 问题汇总.docx (questions for the back end, no lesson): a guess and a question are no rule.
def test_a_guess_or_a_question_in_a_problem_log_is_no_rule():
    doc = _docx("问题汇总.docx", [("p", "所以应该是token 来判断用户身份的。"), ("p", "这个模板选择是不是一定要具体请求来实现？")])
    assert _lessons(doc) == []


@pytest.mark.parametrize(("title", "key", "named"), [
    ("问题记录", "问题记录.docx", True),
    ("打开IE，定在不动", "问题记录.docx", True),  # the first heading taken as the title: the file's name says it
    ("IDE打不开、启动失败", "遇到的问题.docx", True),
    ("踩坑记录", "docs/踩坑记录.docx", True),
    ("汇总", "问题汇总.docx", True),
    ("bug记录", "bug记录.docx", True),  # held44 zjq0327/raytracing
    ("报错", "bug记录.docx", True),  # held44 cyyy24/jobbolt: its first heading taken as the title
    ("跨年期间的诡异Bug", "2021-01-01-DateTime-Bug.md", True),
    ("天池大赛自怼", "2018-03-17-tianchi-debug.md", False),  # a contest's retrospective: "debug" is no bug log
    ("项目总结", "项目总结.docx", False),
    ("问题清单（回复）", "问题清单（回复）.docx", False),  # a requirements question list answered by the client
    # A debug or development record (e-gen28zh): held45 txzing/test_for_2CG and held48 YouTiaoHLC 调试记录.docx, held43
    # Believe-love and held48 Meng-Mr 开发日志.docx, held45 Zany0130 开发记录.docx, held48 xiaoyao9429 问题日志.docx,
    # held43 踩坑.docx; not a daily work log (held44 DulstAminos 工作日志.docx).
    ("瓶颈2已解决：", "调试记录.docx", True),
    ("开发日志", "开发日志.docx", True),
    ("使用React脚手架完成项目", "开发记录.docx", True),
    ("问题日志", "问题日志.docx", True),
    ("firebase facebook 登入", "踩坑.docx", True),
    ("工作日志", "工作日志.docx", False),
])
def test_a_problem_log_is_named_by_its_title_or_its_file(title, key, named):
    assert named_problem_log(title, key) is named


# held44 zjq0327/raytracing bug记录.docx: a ray tracer's bugs as items, a cause found written after some of them.
RAY = [("i", "写的过程中得到了这样的一副图，很奇怪，开始找bug"), ("p", "经查发现，在写入buffer时，i,j对应的位置写错了"),
       ("i", "纯虚函数没写，子类编译无法过。"), ("i", "在使用stb_image.h 时")]


def test_an_item_that_says_what_failed_is_what_went_wrong_in_a_bug_log():
    got = [(kind, text) for kind, text, _ in _lessons(_docx("bug记录.docx", RAY))]
    assert (K.WENT_WRONG, "写的过程中得到了这样的一副图，很奇怪，开始找bug") in got
    assert (K.WENT_WRONG, "纯虚函数没写，子类编译无法过。") in got
    assert not any("stb_image" in text for _, text in got)  # an item that says nothing failed


def test_items_that_say_what_failed_in_a_document_not_named_a_problem_log_are_read_as_before():
    # Only the cause found, which is one in any document (``ingest.findings``).
    assert _lessons(_docx("光线追踪笔记.docx", RAY)) == [
        (K.ROOT_CAUSE, "经查发现，在写入buffer时，i,j对应的位置写错了", None)]


# held42 ahazww/blogAnalysis and Six-tia/ssm_travel01 问题记录.docx: items of a problem list, a lead-in, a fix's steps.
LIST = [("i", "Thymeleaf在pom中无法引入，pom文件格式问题"), ("i", "js路径文件的路径问题："),
        ("p", "若启动正常，则清浏览器缓存"), ("h", "解决方法"), ("i", "看执行日志信息，找对应问题的那行代码。")]


def test_a_lead_in_and_the_steps_under_a_fix_label_are_no_problem_items():
    got = [(kind, text) for kind, text, _ in _lessons(_docx("问题记录.docx", LIST))]
    assert got == [(K.WENT_WRONG, "Thymeleaf在pom中无法引入，pom文件格式问题"),
                   (K.RECOMMENDATION, "看执行日志信息，找对应问题的那行代码。")]


def test_a_rule_that_names_a_failure_stays_a_rule():
    got = _lessons(_docx("问题记录.docx", [("i", "需要引用javax.Servlet依赖，不然单元测试时会报错。")]))
    assert got == [(K.LESSON, "需要引用javax.Servlet依赖，不然单元测试时会报错。", None)]


# A paragraph of a problem log that says what failed (e-gen25zh): held45 huayangshiboqi/gain-programmed-amplifier
# 问题.docx (a numbered problem, then its account as paragraphs), held41 hzlshen/fix 问题汇总.docx, held40
# majuzi123/ctrip-camp-finalwork 踩坑记录.docx.
ADC = [("i", "数据类型范围问题，写代码时超出了范围，这个问题调了两个星期"),
       ("p", ("在ADC采样中用到多次采样求平均值，采样次数index的设置超出了其类型unsigned char的范围，虽然可以进入中断，并执行，"
              "但导致程序最终不能正常给出采样值。发生了溢出错误。"))]


def test_a_paragraph_that_says_what_failed_is_what_went_wrong_in_a_problem_log():
    got = [(kind, text) for kind, text, _ in _lessons(_docx("问题汇总.docx", [
        ("p", "安装flutter配置环境变量出错,重启两次电脑。"),
        ("p", "调整style样式时，调着调着突然发现点不了输入框了，onClick可以正常触发但无法获得焦点进行输入")]))]
    assert got == [(K.WENT_WRONG, "安装flutter配置环境变量出错,重启两次电脑。"),
                   (K.WENT_WRONG, "调整style样式时，调着调着突然发现点不了输入框了，onClick可以正常触发但无法获得焦点进行输入")]


def test_a_document_named_problem_alone_is_a_problem_log():
    got = [text for _, text, _ in _lessons(_docx("问题.docx", ADC))]
    assert ADC[1][1] in got  # its account of the fault, a lesson here by "不能" (``advice_lines``)
    assert ADC[1][1] not in [text for _, text, _ in _lessons(_docx("ADC笔记.docx", ADC))]
    assert named_problem_log("问题", "问题.docx")
    assert not named_problem_log("问题清单（回复）", "问题清单（回复）.docx")


@pytest.mark.parametrize("text", [
    "在网上找了半天发现是springboot2.0才会出现的问题。",  # held42 ahazww/blogAnalysis: "问题" alone, a finding's
    "网上说是微信开发者工具的bug。真机调试一切正常；第二天及以后打开也能正常输入。",  # held40: working again
    "修改完以后继续报错，此时报错403：",  # held44 cyyy24/jobbolt: a lead-in
])
def test_paragraphs_of_a_problem_log_that_say_no_failure_are_no_problem(text):
    assert _lessons(_docx("问题记录.docx", [("p", text)])) == []


@pytest.mark.parametrize("text", ["成功之后npm start继续报错", "编译一直不成功，链接时报错", "安装成功但运行时报错"])
def test_a_failure_that_names_success_is_still_what_went_wrong(text):
    # "成功" said the trouble was over, in an item too (e-gen25zh): each of these was lost (review of main a6a4a24)
    for kind in ("i", "p"):
        assert _lessons(_docx("问题记录.docx", [(kind, text)])) == [(K.WENT_WRONG, text, None)], kind


def test_a_paragraph_whose_trouble_ended_in_success_is_no_problem():
    assert _lessons(_docx("问题记录.docx", [("p", "重新安装依赖以后编译就成功了，之前的错误没有再出现")])) == []


def test_a_cause_found_stays_a_root_cause_in_a_problem_log():
    got = _lessons(_docx("bug记录.docx", [("p", "经查发现，在写入buffer时，i,j对应的位置写错了")]))
    assert got == [(K.ROOT_CAUSE, "经查发现，在写入buffer时，i,j对应的位置写错了", None)]


# held45 Zany0130/Dynamic-effect-Library 开发记录.docx: a node-sass setup record, each error a paragraph over its cause.
SASS = [("p", "成功之后npm start继续报错，提示有包没安装"), ("p", "解决办法：直接删除node-modules，重新npm install"),
        ("p", "运行成功"), ("p", "但是在引入scss文件后，再次报错"), ("p", "原因，高版本配置发生了变化"),
        ("p", "react引入图片无法显示问题")]


def test_a_development_record_is_a_problem_log():
    got = [(kind, text) for kind, text, _ in _lessons(_docx("开发记录.docx", SASS))]
    assert (K.WENT_WRONG, "成功之后npm start继续报错，提示有包没安装") in got
    assert (K.WENT_WRONG, "但是在引入scss文件后，再次报错") in got
    assert (K.WENT_WRONG, "react引入图片无法显示问题") in got
    assert not any(kind == K.WENT_WRONG for kind, _, _ in _lessons(_docx("开发笔记.docx", SASS)))


@pytest.mark.parametrize("text", [
    "修复了摄像头和地图边界的bug",  # held43 tired1student/GreenAndGray 开发日志.docx: a bug fixed, the day's work
    "零件2收集基本完成，修复了玩家与树的遮挡bug",
    # held43 Believe-love/Arduino-Tracking-Car-With-PID-control 开发日志.docx: what was done about a problem
    "针对寻迹传感器数量不足的问题，今日完成8传感器模块的采购，计划后续将其接入系统，弥补硬件短板；",
    "【解决办法】针对无法寻迹的问题，经排查为PID未发挥作用，增大Kp，并且提高pid输出量的限制，得以解决；",
    # held48 Meng-Mr/WorkAtHayu 开发日志.docx: git notes, a supposition and a lead-in to steps
    "假如在提交完了才发现漏掉了几个文件没有添加，或者提交信息写错了",
    "此时有一个紧急的bug需要修补，操作步骤如下",
])
def test_a_fix_done_a_supposition_or_a_lead_in_is_no_problem_met(text):
    assert _lessons(_docx("开发日志.docx", [("p", text)])) == []


@pytest.mark.parametrize("text", [
    "4、猜想可能是因为这个原因造成服务器不能正常使用",  # held48 Meng-Mr/WorkAtHayu 开发日志.docx: what could not work
    "此命令将创建一个名为.git的子目录，这个子目录含有你初始化的git仓库中所有的必须的文件。",  # what is required
])
def test_what_could_not_work_or_is_required_is_no_rule(text):
    assert _lessons(_docx("开发日志.docx", [("p", text)])) == []


# Failures named by what they do (e-gen29zh): held49 differentname123/finaldesin 遇到的问题.docx (an IoT team's problems,
# each item over its fix), held45 huadiweilaoqy/problem 问题.docx, held47 susunqing/Remake-of-the-classic-angry-birds
# bug记录.docx, held46 lianxinru/learngit, held45 txzing/test_for_2CG 调试记录.docx.
@pytest.mark.parametrize("text", [
    "在使用bitmap时 BitmapFactory.decodeByteArray 返回值为null",
    "在report功能时，突然返回的分析值就为空了",
    "esp8266 连接服务器有时候连得上，有时候连不上 十分不稳定",
    "整体的一个UI设计优化碰壁，进度缓慢",
    "Encoder 程序会卡死，调试发现死在一个循环中了",
    "某个引脚不支持PWM修改内核方法，对照规格书，看端口复用",
    "导入图片素材 全选图片设置图片为spriteAndUi没效果，单选某张图片先设置为默认",
    "花了好久才做完一个页面，速度实在太慢，但也没有快起来的办法。",
    "只留pl_clk0，作为输入时钟给到clk_wiz，解决lock初始化问题，但sil9136不显示",
])
def test_a_failure_named_by_what_it_does_is_what_went_wrong_in_a_problem_log(text):
    for kind in ("i", "p"):
        assert _lessons(_docx("遇到的问题.docx", [(kind, text)])) == [(K.WENT_WRONG, text, None)], kind
    assert _lessons(_docx("物联网笔记.docx", [("i", text)])) == []  # only where the document is named a problem log


@pytest.mark.parametrize("text", [
    "以上方法设置后无效，重启电脑试试",  # held42 wuxiaoxia-stu/autotest-netca 问题记录.docx: a tried fix that did not work
    "查阅资料，大概率是笔头材质问题，购买了新的全铜和锡条头尝试，如果还不行，就是电烙铁本身的问题",  # held43 Arduino log
    "服务器收到字节流后默认会以ISO-8859-1编码来解码成字符流（造成中文乱码），可转为其他编码",  # held36 devlikai/files
])
def test_a_tried_fix_or_a_cause_that_names_a_symptom_is_no_problem_met(text):
    assert not any(kind == K.WENT_WRONG for kind, _, _ in _lessons(_docx("问题记录.docx", [("p", text)])))
