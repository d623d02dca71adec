"""Chinese rules for held 35 (issue 17, e-gen15zh): personal and team 总结 whose lessons sit under problem headings the
patterns missed, or in sentences that judge an attempt's result poor in plain words (BENCHMARKS.md, "Chinese rules for
held 35 (e-gen15zh)"). Each test has a short excerpt of a real document (benchmarks/extraction/SOURCES.md) and, beside
it, what must stay as it was."""

from ingest.cues import cue_kind
from ingest.headings import classify_heading
from kb.models import LessonKind
from tests.ingest.markdown_docs import md

# held35 zh-live-stream-site-clone-assignment-summary-docx (a site-clone assignment's 总结), its "遇到一些问题" list:
# six problems annotated, none extracted before.
SITE_CLONE = ("# 总结\n\n看到这个实验报告第一反应就是内容很多，然后仔细分析了下，发现很多板块是可以重复利用的。\n\n"
              "## 遇到一些问题\n\n"
              "- 开发时候我使用的主要是win10的ie浏览器，然后发现qq浏览器的字体跟原网站字体存在差异，这个不知道怎么消除。\n"
              "- 内容的二级导航模块，我使用的是<i></i>标签来显示这个箭头的，尝试了很多办法，就是搞不定这个。\n"
              "- 在原网站拿去图片的时候，最后只能通过微信截图的方式来保存图片，然后有些图片的画质就不太行\n")


def test_problems_met_in_other_words_are_what_went_wrong():
    doc = md(SITE_CLONE, "总结.md")
    wrong = [lesson.text for lesson in doc.lessons if lesson.kind == LessonKind.WENT_WRONG]
    assert len(wrong) == 3
    assert wrong[1].endswith("就是搞不定这个。")


def test_problem_and_shortfall_headings_name_what_went_wrong():
    # held34 zh-club-management-system-closing-report-pdf: "5.2 系统不足与改进意见" (5 annotated, none extracted before).
    assert classify_heading("遇到一些问题") == LessonKind.WENT_WRONG.value
    assert classify_heading("遇到了很多困难") == LessonKind.WENT_WRONG.value
    assert classify_heading("5.2 系统不足与改进意见") == LessonKind.WENT_WRONG.value
    # Not a status report's open items, nor a shortfall named alone by its subject.
    assert classify_heading("未解决的问题/困难") is None
    assert classify_heading("系统不足") is None


# held35 zh-rsna-mammography-kaggle-competition-summary-docx (a kaggle competition's 总结): what each attempt gave, 17
# annotated under technical headings, 1 extracted before.
KAGGLE = ("# 赛题分析\n\n## 模型\n\n"
          "- 使用了EfficientNet-B2，以及timm的预训练模型。\n"
          "- 尝试了GeM pooling，效果不好。但其他选手有使用，不确定提升效果有多大。\n"
          "- 尝试了Focol Loss，效果不好。根据其他选手的分享，情况相同。\n"
          "- 尝试使用了预训练的EfficientNet-V2-S，但相比B2提升不明显，可能是因为需要调一下参数。\n")


def test_an_attempt_judged_poor_is_what_went_wrong():
    doc = md(KAGGLE, "总结.md")
    assert [lesson.kind for lesson in doc.lessons] == [LessonKind.WENT_WRONG] * 3
    assert [lesson.text.split("，")[0] for lesson in doc.lessons] == [
        "尝试了GeM pooling", "尝试了Focol Loss", "尝试使用了预训练的EfficientNet-V2-S"]


def test_a_shortfall_felt_or_a_pace_judged_poor_is_what_went_wrong():
    # held29 zh-erp-internship-summary-docx and held30 zh-web-bootcamp-stage-summary-docx: two authors' 总结 in prose.
    assert cue_kind("但是我在这个过程中我也深深的感觉到自己的不足，平时理论学了不少，但是真正动起手来，操作能力并不是很强。") \
        == LessonKind.WENT_WRONG
    assert cue_kind("另外就是由于码代码的累积量不多，知识点掌握的不全面，往往写代码的速率不尽如人意。") == LessonKind.WENT_WRONG
    # Making up for a shortfall, or aiming at a result, states none.
    assert cue_kind("我开始浏览更多相关网站，参考借鉴他人的经验来弥补自己的不足。") is None
    assert cue_kind("为了提升效果，我们使用了数据增强。") is None


def test_the_main_problem_named_is_what_went_wrong():
    # held29 zh-tax-software-developer-review-pptx and dev2 zh-probation-review-pptx: two authors' reviews of their work.
    assert cue_kind("主要问题是长连接不稳定") == LessonKind.WENT_WRONG
    assert cue_kind("现在的主要问题是LLM推理在流程层面没问题, 但是涉及到图片的推理还不稳定") == LessonKind.WENT_WRONG
    # A question the work sets out to study is no problem met.
    assert cue_kind("需要研究的主要问题是把躺在数据库中冰冷的数据导出成一张设计精美的报表。") is None
