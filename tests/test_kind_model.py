"""benchmarks/kind_model.py: a row is a matched pair labelled by the annotation's kind, a fitted kind model in its JSON
form reads what it learned, and replaying a document with a model changes its lessons' kinds, never its lessons."""

import json

from benchmarks.classifier_fit import train
from benchmarks.extraction import DocResult, match, summarise
from benchmarks.kind_model import confusion, rekinded, rows_of
from ingest.classify import Model
from ingest.kinds import KindCandidate, KindModel, kind_features, predict


def lesson(text: str, rule: str = "lesson", heading: str = "总结") -> KindCandidate:
    return KindCandidate(text=text, rule=rule, heading=heading, announced=None, heading_level=2, title="项目总结",
                         reflective=True, position=0.5)


ANNOTATED = [{"kind": "went_wrong", "text": "前期没有做需求分析，后期返工很多"},
             {"kind": "recommendation", "text": "建议每周开一次例会同步进度"}]
EXTRACTED = [{"kind": "lesson", "text": "建议每周开一次例会同步进度。"}, {"kind": "lesson", "text": "前期没有做需求分析，后期返工很多。"},
             {"kind": "lesson", "text": "感谢老师的指导。"}]


def document() -> tuple[DocResult, list[KindCandidate]]:
    result = DocResult("zh-x", "zh", "held29", ".md", "ok", annotated=ANNOTATED, extracted=EXTRACTED,
                       matches=match(ANNOTATED, EXTRACTED))
    return result, [lesson(e["text"]) for e in EXTRACTED]


def test_a_row_is_a_matched_lesson_labelled_by_its_annotations_kind():
    rows = rows_of([document()])
    assert sorted((c.text, kind) for _, c, kind in rows) == [
        ("前期没有做需求分析，后期返工很多。", "went_wrong"), ("建议每周开一次例会同步进度。", "recommendation")]


def test_a_fitted_kind_model_survives_its_json_form_and_reads_what_it_learned():
    advice = [f"建议{verb}" for verb in ("每周开例会", "提前排期", "多做测试", "写好文档", "及早沟通", "统一规范")]
    faults = [f"没有{verb}，问题很多" for verb in ("开例会", "排期", "做测试", "写文档", "沟通", "统一规范")]
    rows = [("s", lesson(t), "recommendation") for t in advice] + [("s", lesson(t), "went_wrong") for t in faults]
    model = KindModel.from_json(json.loads(json.dumps(KindModel(train(rows, 0.0, kind_features)).to_json())))
    assert predict(lesson("建议尽早做代码评审"), model).value == "recommendation"
    assert predict(lesson("没有做代码评审，问题很多"), model).value == "went_wrong"


def test_replaying_a_document_with_a_model_changes_kinds_only():
    reads = {"kcue:recommendation:zh": (0.0, 0.0, 4.0), "kcue:went_wrong:zh": (0.0, 4.0, 0.0)}
    model = KindModel(Model(("lesson", "went_wrong", "recommendation"), (0.5, 0.0, 0.0), reads, 0.0))
    before = document()
    (after,) = rekinded([before], model)
    assert [e["text"] for e in after.extracted] == [e["text"] for e in EXTRACTED]
    assert after.matches == before[0].matches
    assert [e["kind"] for e in after.extracted] == ["recommendation", "went_wrong", "lesson"]
    assert summarise([before[0]])["kind_agreement"] == 0.0
    assert summarise([after])["kind_agreement"] == 1.0
    assert confusion([after], "zh")[("went_wrong", "went_wrong")] == 1
