"""The kind model's place in ingestion (``ingest.kinds``): off unless one is in use, and when one is, it changes kinds
only, where its scope and confidence let it. The excerpt is held 29's PowerPoint 述职报告 (zh-tax-software-developer-
review-pptx, benchmarks/extraction/SOURCES.md): its "个人总结-工作不足" slide's points are annotated went-wrongs, and the
rules type them lessons (the heading's 总结 is read before its 不足)."""

import json

import pytest

from ingest import kinds
from ingest.classify import Model
from ingest.kinds import KindCandidate, KindModel, kind_features, predict
from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile

SLIDE = "# 述职报告\n\n## 个人总结-工作不足\n\n- QT编程技术理解不深。\n- 代码设计不合理\n"
# A model that reads a heading naming a shortfall as what went wrong (P 0.95 for such a heading's lessons).
SHORTFALL = Model(("lesson", "went_wrong"), (0.0, 0.0), {"hcue:went_wrong": (0.0, 3.0)}, 0.0)


def lessons(text: str = SLIDE) -> list[tuple[str, str]]:
    doc = parse_markdown(RawFile(data=text.encode("utf-8"), default_key="述职报告.md")).documents[0]
    return [(lesson.kind.value, lesson.text) for lesson in doc.lessons]


def test_without_a_kind_model_the_kinds_are_the_rules():
    assert kinds.active_model() is None
    assert lessons() == [("lesson", "QT编程技术理解不深。"), ("lesson", "代码设计不合理")]


def test_a_kind_model_in_use_changes_kinds_and_nothing_else():
    with kinds.use(KindModel(SHORTFALL)):
        found = lessons()
    assert found == [("went_wrong", "QT编程技术理解不深。"), ("went_wrong", "代码设计不合理")]
    with kinds.use(None):
        assert lessons() == [("lesson", "QT编程技术理解不深。"), ("lesson", "代码设计不合理")]


def test_an_unannounced_scope_leaves_the_kinds_a_heading_announced():
    # "个人总结-工作不足" announces lessons (its 总结): under scope "unannounced" the model does not read them.
    with kinds.use(KindModel(SHORTFALL, scope="unannounced")):
        assert [kind for kind, _ in lessons()] == ["lesson", "lesson"]
    plain = "# 项目总结\n\n## 开发过程\n\n我认识到需求分析的重要性，下次要提前做好排期。\n"  # a cue's lesson, no heading's
    with kinds.use(None):
        rules = lessons(plain)
    assert rules == [("lesson", "我认识到需求分析的重要性，下次要提前做好排期。")]
    with kinds.use(KindModel(Model(("lesson", "went_wrong"), (0.0, 0.0), {"announced:False": (0.0, 3.0)}, 0.0),
                             scope="unannounced")):
        read = lessons(plain)
    assert read == [("went_wrong", "我认识到需求分析的重要性，下次要提前做好排期。")]


def test_a_kind_the_model_is_not_sure_of_stays_the_rules():
    with kinds.use(KindModel(SHORTFALL, confidence=0.99)):
        assert [kind for kind, _ in lessons()] == ["lesson", "lesson"]
    with kinds.use(KindModel(SHORTFALL, confidence=0.9)):
        assert [kind for kind, _ in lessons()] == ["went_wrong", "went_wrong"]


def test_a_language_threshold_above_one_switches_that_language_off():
    off = KindModel(Model(SHORTFALL.classes, SHORTFALL.bias, SHORTFALL.weights, 0.0, {"zh": 2.0}))
    candidate = KindCandidate(text="代码设计不合理", rule="lesson", heading="个人总结-工作不足", announced="lesson",
                              heading_level=2, title="述职报告", reflective=True, position=0.5)
    assert predict(candidate, off).value == "lesson"
    assert predict(candidate, KindModel(SHORTFALL)).value == "went_wrong"


def test_kind_features_name_the_rules_kind_the_heading_and_the_kind_cues():
    candidate = KindCandidate(text="下次要提前做好排期", rule="lesson", heading="个人总结-工作不足", announced="lesson",
                              heading_level=2, title="述职报告", reflective=True, position=0.5)
    names = set(kind_features(candidate))
    assert {"rule:lesson", "announced:True", "hcue:went_wrong", "kcue:action_item:zh", "kcue:recommendation:zh"} <= names


def test_a_kind_model_survives_its_json_form():
    model = KindModel(SHORTFALL, scope="unannounced", confidence=0.6)
    again = KindModel.from_json(json.loads(json.dumps(model.to_json())))
    assert again == model
    with pytest.raises(ValueError, match="scope 'everywhere'"):
        KindModel.from_json({**model.to_json(), "scope": "everywhere"})
