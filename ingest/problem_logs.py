"""Problem logs: a document named a record of the problems its writer met ("问题记录.docx", "问题汇总", "遇到的问题",
"踩坑记录"), where each problem is a line or a heading of its own, with no label, and the line after it labels its fix
or its cause ("打开IE，定在不动" over "解决办法："; "舵机运行超调：" over "原因：第一版只有比例环节…"; "访问页面出现404错误："
over "解决方法："). Such a line is what went wrong; a fix labelled right after it is its recommendation; a cause after it is
read as before. A line there that states a rule drawn from a problem, with no label ("MyBatis的Mapper文件一定不要放在java里",
"Sql的配置文件中不能写域名，还是需要写ip") is a lesson: 11 such lines in the seen problem logs, 8 annotated (5 repositories;
the 3 others a fix's step and a questions-for-the-back-end file's guesses).

Seen in five problem logs of five repositories (a Selenium test log, an SSM travel site's, an OpenMV gimbal's, a mini
program's pitfall log, a Vue developer's fix log: held 40 to 42). The same shape outside a document so named is mostly
not annotated (34 lines in 23 seen Chinese documents, 5 annotated: a tutorial's steps, a report's "核心迭代点"), so the
name is required.

A bug log ("bug记录.docx", "…-DateTime-Bug.md") is a problem log too; and a list item there that says what failed
("纯虚函数没写，子类编译无法过", "Thymeleaf在pom中无法引入，pom文件格式问题") is what went wrong, with no label after it
(e-gen24zh: in the seen problem logs 12 such items annotated of 16, 5 repositories; held 41, 42 and 44).

A paragraph there that says what failed is one too ("安装flutter配置环境变量出错,重启两次电脑。", "…调着调着突然发现点不了
输入框了…"), by a word of failure ("问题" alone is as often a finding's: "…才会出现的问题"), unless it says the trouble is
over ("…问题解决", "一切正常") or opens with the cause found (``ingest.findings``: a root cause); and a document named
"问题" alone ("问题.docx") is a problem log (e-gen25zh: held 45's three developer notes so named, 3 repositories).

A developer's debug or development record is one too ("调试记录.docx", "开发日志.docx", "开发记录.docx", "问题日志.docx",
"踩坑.docx"; e-gen28zh: 8 seen documents of 8 repositories, held 43 to 48, 24 more annotated lessons found); a daily work
log ("工作日志") is not (its lines are the day's tasks). There a line that opens with what was done about a problem
("修复…", "针对…的问题，…") or with a supposition ("假如…"), or that says a bug was fixed, is no problem met.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from ingest.blocks import Block
from ingest.findings import found_cause

# The names of a problem log: the file's name or the document's title; a debug or development record is one too
# ("调试记录", "开发日志", "开发记录", "问题日志", "踩坑": e-gen28zh), not a daily work log ("工作日志").
_NAMED = re.compile(r"问题(?:记录|汇总|总结|日志)|遇到的问题|踩坑|调试(?:记录|日志)|开发(?:日志|记录)|(?<![a-z])bug"
                    r"|^\s*问题\s*$", re.IGNORECASE)
# A label on the line after a problem: its fix, its cause or its symptom, with or without text after the colon; or
# such a label alone after an item, made a heading (an item "解决方法：" alone over the steps: ``structure._kind_items``;
# not a paragraph over a section headed "原因").
_LABEL = (r"(?:解决(?:方法|办法|方案|思路|措施)?|成功方法|处理(?:方法|办法)|修复(?:方法)?|(?:排查后)?原因(?:分析)?|原因及其?解决方法"
          r"|根本?原因|现\s*象|fix|solution|resolution)")
_AFTER = re.compile(r"^\s*(?:\d{1,2}\s*[、.．]\s*)?(?:\*\*|__)?" + _LABEL + r"(?:\*\*|__)?\s*[:：]", re.IGNORECASE)
_LABEL_ALONE = re.compile(r"^\s*" + _LABEL + r"\s*[:：]?\s*$", re.IGNORECASE)
# A line that opens with a label of its own and says something after it ("失败方法：卸载重装…", "备注：可以…",
# "Because:最新版本node…"): a part of the write-up, not the problem. A number is no label ("1:ssm整合开启事务的时候…").
_OWN_LABEL = re.compile(r"^\s*(?!\d+\s*[:：])[^\s:：，。,]{1,6}\s*[:：]\s*\S")
_HAN = re.compile(r"[\u3400-\u9fff]")
MIN_HAN = 2
# A rule the writer drew from a problem: what must, must not or had better be done ("Mapper文件一定不要放在java里",
# "Sql的配置文件中不能写域名，还是需要写ip", "需要引用javax.Servlet依赖，不然单元测试时会报错"); not a guess ("应该是token来
# 判断用户身份的"). (A question is dropped as every Chinese lesson put as one question is: ``_drop_questions``.) Not
# what could not work ("造成服务器不能正常使用") nor what is required ("git仓库中所有的必须的文件").
_ADVICE = re.compile(r"一定|最好|必须(?!的[\u4e00-\u9fff])|不能(?!正常)|不要|不然|否则|应该(?!是)")
ADVICE_HAN = 4
# Failures named by what they do rather than by an error (e-gen29zh: 10 lines of 5 seen problem logs of 5 repositories,
# held 45 to 49, 9 annotated): a hang, no effect, unstable, too slow, unsupported, nothing shown, an empty or null
# result ("…返回值为null", "某个引脚不支持PWM", "进度缓慢"). Not "无效" (a tried fix that did not work: "以上方法设置后无效，
# 重启电脑试试"), "乱码" or "溢出" (named in causes and lessons as often as in problems), nor "不行" ("如果还不行，…").
_SYMPTOM = r"卡死|没(?:有)?效果|不稳定|缓慢|太慢|很慢|不支持|不显示|为空|为null"
# What failed, in a list item of a problem log: an error, a failure, something that cannot be done or is not got.
_TROUBLE = re.compile(r"错|无法|失败|bug|异常|奇怪|问题|报错|不了|不到|不出|" + _SYMPTOM, re.IGNORECASE)
# A paragraph says it with a word of failure: "问题" alone there is as often a finding's ("…才会出现的问题").
_PARA_TROUBLE = re.compile(r"错|无法|失败|bug|异常|奇怪|报错|不了|不到|不出|" + _SYMPTOM, re.IGNORECASE)
# A line that says its trouble is over ("…问题解决", "一切正常", "…就成功了"); not one where it failed to succeed
# ("编译一直不成功") or failed after in the same clause ("成功之后npm start继续报错", "安装成功但运行时报错"); a bug
# fixed ("修复了摄像头和地图边界的bug") is over too.
_SOLVED = re.compile(r"问题(?:就|都|已|已经|终于)?(?:解决|消失)|解决了|已解决|得以解决|一切正常|(?<![无不没未])修复了"
                     r"|(?<![不没未])成功(?![^，。；,;]*(?:报错|错误|失败|异常))")
# A line that opens with what was done about a problem ("修复…", "针对寻迹传感器数量不足的问题，今日完成…的采购") or with
# a supposition ("假如在提交完了才发现…写错了"): no problem met.
_NOT_MET = re.compile(r"^\s*(?:\d{1,2}\s*[、.．]\s*)?(?:修复|针对|假如|假设|如果)")
# A lead-in to what follows ("js路径文件的路径问题：", "此时有一个紧急的bug需要修补，操作步骤如下").
_LEAD_IN = re.compile(r"(?:[:：]|如下)\s*$")
TROUBLE_HAN = 4


def named_problem_log(title: str, key: str) -> bool:
    """Whether a document's title or file name calls it a record of problems met."""
    return bool(_NAMED.search(title) or _NAMED.search(PurePosixPath(key).stem))


def problem_lines(blocks: list[Block]) -> set[int]:
    """The indices of headings, items and paragraphs that state a problem in Chinese, without a label, right before a
    line that labels its fix, cause or symptom; and of list items that say what failed (``_trouble_items``)."""
    out: set[int] = set()
    for i, block in enumerate(blocks[:-1]):
        after = blocks[i + 1]
        if block.kind in ("heading", "item", "para") \
                and (_AFTER.match(after.text) or _label_item(block, after)) \
                and not _AFTER.match(block.text) and not _OWN_LABEL.match(block.text) \
                and len(_HAN.findall(block.text)) >= MIN_HAN:
            out.add(i)
    return out | _trouble_items(blocks)


def _trouble_items(blocks: list[Block]) -> set[int]:
    """The indices of list items and paragraphs that say, in Chinese and with no label, what failed ("纯虚函数没写，子类编译
    无法过", "Thymeleaf在pom中无法引入，pom文件格式问题", "成功之后npm start继续报错"): a problem log's problems. Not one that
    says the trouble is over. Not under a fix's or a cause's
    label, not a lead-in ("js路径文件的路径问题："), not a rule (``advice_lines``)."""
    out: set[int] = set()
    under_label = False
    for i, block in enumerate(blocks):
        if block.kind == "heading":
            under_label = bool(_LABEL_ALONE.match(block.text))
        elif block.kind in ("item", "para") and not under_label \
                and (_TROUBLE if block.kind == "item" else _PARA_TROUBLE).search(block.text) \
                and not _SOLVED.search(block.text) and not _NOT_MET.match(block.text) and not found_cause(block.text) \
                and not _ADVICE.search(block.text) and not _AFTER.match(block.text) \
                and not _OWN_LABEL.match(block.text) and not _LEAD_IN.search(block.text) \
                and len(_HAN.findall(block.text)) >= TROUBLE_HAN:
            out.add(i)
    return out


def _label_item(block: Block, after: Block) -> bool:
    """Whether an item is followed by a fix's or a cause's label alone that was an item too, now a heading."""
    return block.kind == "item" and after.kind == "heading" and bool(_LABEL_ALONE.match(after.text))


def advice_lines(blocks: list[Block]) -> set[int]:
    """The indices of items and paragraphs that state, in Chinese and with no label, a rule drawn from a problem."""
    return {i for i, block in enumerate(blocks)
            if block.kind in ("item", "para") and _ADVICE.search(block.text) and not _OWN_LABEL.match(block.text)
            and not _AFTER.match(block.text) and len(_HAN.findall(block.text)) >= ADVICE_HAN}
