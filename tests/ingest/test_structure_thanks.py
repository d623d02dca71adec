"""A paragraph that opens with thanks is dropped only when it is nothing but thanks: one that goes on to a lesson
("感谢客户的配合，但下次应该…", "Thanks to the late vendor, we learned to …") is a lesson."""

import pytest

from ingest.markdown_doc import parse_markdown
from ingest.non_lessons import never_a_lesson
from ingest.source import RawFile


def texts(text: str) -> list[str]:
    doc = parse_markdown(RawFile(data=text.encode("utf-8"), default_key="retro.md")).documents[0]
    return [lesson.text for lesson in doc.lessons]


@pytest.mark.parametrize("text", [
    "感谢客户的配合，但下次应该提前两周确认需求范围。",
    "Thanks to the late vendor, we learned to put milestone penalties in every contract.",
    "感谢测试组的支持，不过上线前必须留出一周做回归测试。",
    "Thanks to everyone for the effort, but next time we should freeze the scope before the sprint starts.",
])
def test_thanks_that_carry_a_lesson_are_kept(text):
    assert not never_a_lesson(text)
    assert texts(f"## 经验教训\n\n{text}\n") == [text]


@pytest.mark.parametrize("text", [
    "感谢所有队友的共同努力。",
    "最后，我要感谢我的项目导师的指导。",
    "Thanks to Ana for organising the retrospective.",
    "Special thanks for all the late nights, everyone!",
])
def test_pure_thanks_are_still_dropped(text):
    assert never_a_lesson(text)
    assert texts(f"## Lessons learned\n\n{text}\n") == []


# Real excerpts (held6 zh-orderease-15331372, held7 zh-sysuteam1-group-summary): thanks that fill most of a paragraph,
# after a line of pleasantry or inside the one sentence, under a personal summary.
MOSTLY_THANKS = [
    ("这是一次很好的团队开发的体验。感谢伟大的 CEO & PM Mu-xsan, Joilence; 前端三巨头 MikeXuQ, James Yip, 以及 CTO ElsYeJq"
    " 还另外解决了部署，后端代码 review 以及修改文件上传; 以及一起 404 500 test FAIL 的队友 yaozhili。"),
    ("作为项目的架构师(假的)，在开发时提出了一些奇怪的接口要求，感谢后台的三位大佬liangyy75，Runner1014，mj-love-life对接口的"
    "实现，使得我们的项目看起来有点东西了，还有感谢mj-love-life对我们的监督和要求，让我们能够顺利的完成开发"),
]
LESSON = "通过这样的实践，我也认识到了 Use case、领域模型、时序图等 UML 建模过程对后期开发的重要性。"


@pytest.mark.parametrize("text", MOSTLY_THANKS)
def test_a_paragraph_that_is_mostly_thanks_is_dropped(text):
    assert never_a_lesson(text)
    assert texts(f"## 个人总结\n\n{LESSON}\n\n{text}\n") == [LESSON]


@pytest.mark.parametrize("text", [
    # held7 zh-sysuteam1-group-summary: what went well first ("清晰地定位好了产品的需求"), then thanks: a third is no thanks.
    ("作为一个产品经理以及python工程师，在早期的项目需求分析与设计的时候，在其他队友的帮助下，清晰地定位好了产品的需求，使得队伍的"
    "更有了方向感。同时在项目的进展的同时为项目提出新的需求，这里要万分感谢组长兼前端组长@zengh9977以及后端组长liangyy75两个"
    "大佬每次改需求的时候的耐心，哈哈哈，能够宽恕我的脾气暴躁，以及耐心并且十全十美，竭尽全力地完成需求。"),
    # dev zh-orderstyem-blog-sprint: thanks foretold in a maxim, not given.
    "其实我更想说的是“多年后的你，一定会感谢现在努力拼搏奋斗的你！”",
    # A short sentence of what went well before long thanks.
    "这次迭代非常顺利。感谢测试组、运维组和产品组的同学们在这两周里加班加点的配合与支持，感谢大家的辛苦付出！",
    # Thanks that say what was learned.
    "在开发时提出了一些接口要求，感谢后台同学的实现，让我认识到了接口约定的重要性。",
])
def test_thanks_beside_a_lesson_are_kept(text):
    assert not never_a_lesson(text)
    assert texts(f"## 个人总结\n\n{text}\n") == [text]
