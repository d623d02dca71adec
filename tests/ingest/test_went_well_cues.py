"""What went well, said in so many words (issue 17: held 28's went-wells were typed as lessons; held 28 was judged once on
3901650 and is seen since). Excerpts are quoted from the documents of benchmarks/extraction/SOURCES.md."""

from __future__ import annotations

import pytest

from ingest.cues import cue_kind, stated_outcome
from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile
from kb.models import LessonKind


def md(text: str, key: str):
    return parse_markdown(RawFile(data=text.encode("utf-8"), default_key=key)).documents[0]


def test_what_went_well_said_in_so_many_words():
    # en-vr-mental-health-postmortem-docx (held 28), en-sentiment-lessons-docx (dev2), en-cmpsc470-lisp-postmortem (held 20).
    assert stated_outcome("We had only a few mishaps but most of the project went better than expected. Especially the "
                          "building of the environment and the implementation of the grabbing system.") == LessonKind.WENT_WELL
    assert stated_outcome("Choosing a performance metric to select the best model worked very well in this project, since "
                          "it provided a clear path to follow.") == LessonKind.WENT_WELL
    assert cue_kind("Overall the system performance exceeded our expectations in every test we ran.") == LessonKind.WENT_WELL


def test_a_section_named_or_a_hedge_is_no_verdict():
    # en-ld32-elm-postmortem (held 21), en-excalibur-ld38-retrospective (held 15), en-space-invaders-td-postmortem-docx.
    assert cue_kind("In this post I will try and describe my reflection of the weekend, what went wrong, what went well, "
                    "and what could have been done better.") is None
    assert cue_kind("Every time we do a restrospective, the “what went well” section takes more and more space.") is None
    assert cue_kind("I used Dijkstra’s algorithm for the enemies and it worked well enough for the first levels.") is None


@pytest.mark.parametrize("text", ["Not much went smoothly in the second sprint.",
                                  "The deployment never worked well on the old servers.",
                                  "Nothing about the release went smoothly at all.",
                                  "The handover hardly went smoothly for the support team."])
def test_a_verdict_denied_is_no_went_well(text):
    assert cue_kind(text) is None and stated_outcome(text) is None


def test_a_denial_in_another_clause_leaves_the_verdict():
    assert cue_kind("We did not finish the docs but the release went well.") == LessonKind.WENT_WELL
    assert stated_outcome("Although the tests were not ready, the release went well.") == LessonKind.WENT_WELL


def test_a_result_felt_as_an_achievement_went_well():
    # zh-agenda-cpp-reflections-docx (held 28): a 心得体会's closing paragraph, under a heading of lessons.
    text = "总的来说呢敲出一个能正常运行（不用太极端的数据应该是没问题的）的程序还是很有满足感的，也许会成为好好学代码的动力吧。"
    assert stated_outcome(text) == LessonKind.WENT_WELL
    doc = md(f"# Agenda 总结\n\n## 心得体会\n\n{text}\n", key="心得体会.md")
    assert [(lesson.kind, lesson.text) for lesson in doc.lessons] == [(LessonKind.WENT_WELL, text)]


def test_a_result_felt_as_an_achievement_went_well_in_traditional_chinese_too():
    # The same feeling in Traditional spelling (滿足感, 幫助), as the cue words are matched in either spelling.
    assert stated_outcome("總的來說敲出一個能正常運行的程序還是很有滿足感的。") == LessonKind.WENT_WELL
    assert stated_outcome("每週的組會給我很大幫助。") == LessonKind.WENT_WELL


def test_pleased_with_how_it_turned_out_is_no_hindsight():
    # en-space-invaders-td-postmortem-docx (held 28): the result judged, not a discovery ("it turns out we were …").
    assert cue_kind("Overall I am pleased with how it turned out in the end.") == LessonKind.WENT_WELL
    # en-rootfs-failed-hackathon (held 17): a discovery stays what was learned.
    assert cue_kind("Well, it turns out we were actually focussing on creating working projects because.. I don't know "
                    "honestly.") == LessonKind.LESSON
