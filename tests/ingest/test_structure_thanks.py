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
