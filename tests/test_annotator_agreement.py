"""benchmarks/annotator_agreement.py: one reader's annotation scored against another's with the extraction benchmark's
matcher, in both directions, per language and per document, and the extractor against each reader; a frozen split is
not read."""

from __future__ import annotations

import json

import pytest

import benchmarks.extraction
from benchmarks.annotator_agreement import agreement, extractor_scores, main
from benchmarks.extraction import DATA, run_doc, summarise

FIRST = {
    "doc-en": ("retrospective", [("went_well", "Pair programming helped us finish the parser early"),
                                 ("went_wrong", "We underestimated the time the deployment would take"),
                                 ("lesson", "Write the tests before the feature")]),
    "doc-zh": ("retrospective", [("went_wrong", "部署前没有在测试环境验证配置")]),
}
SECOND = {
    "doc-en": (["post_mortem", "retrospective"], [("went_well", "Pair programming helped us finish the parser early"),
                                                  ("lesson", "We underestimated the time the deployment would take")]),
    "doc-zh": ("other", [("went_wrong", "部署前没有在测试环境验证配置"), ("recommendation", "每次发布前要做一次回滚演练")]),
}
DOCS = [{"id": "doc-en", "language": "en", "split": "held29"}, {"id": "doc-zh", "language": "zh", "split": "held29"}]


def _folder(path, annotations):
    path.mkdir()
    for doc, (doc_type, lessons) in annotations.items():
        body = {"doc": doc, "doc_type": doc_type, "lessons": [{"kind": k, "text": t} for k, t in lessons]}
        (path / f"{doc}.json").write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def folders(tmp_path):
    return _folder(tmp_path / "a", FIRST), _folder(tmp_path / "b", SECOND)


def test_the_second_reader_is_scored_as_the_extractor_is_per_language_and_pooled(folders):
    result = agreement(DOCS, *folders)["first_as_truth"]
    assert result["en"] == {"documents": 1, "first": 3, "second": 2, "matched": 2, "precision": 1.0,
                            "recall": 0.667, "kind_agreement": 0.5, "type_agreement": 1.0}
    assert result["zh"] == {"documents": 1, "first": 1, "second": 2, "matched": 1, "precision": 0.5,
                            "recall": 1.0, "kind_agreement": 1.0, "type_agreement": 0.0}
    assert (result["all"]["matched"], result["all"]["precision"], result["all"]["kind_agreement"]) == (3, 0.75, 0.667)


def test_swapped_the_counts_trade_places(folders):
    result = agreement(DOCS[:1], *folders)["second_as_truth"]["en"]
    assert (result["first"], result["second"], result["matched"], result["precision"], result["recall"]) == \
        (2, 3, 2, 0.667, 1.0)


def test_the_benchmarks_matcher_is_not_symmetric_and_both_directions_show_it(tmp_path):
    # One reader took a paragraph whole, the other its first point: as the truth, the point is found inside the
    # paragraph (as an extracted lesson with its explanation would be); the paragraph as the truth is not found.
    point = "Tests caught the regression early"
    paragraph = point + ", and the nightly build, the code review and the staging deploy each found more of them."
    first = _folder(tmp_path / "a", {"doc-en": ("retrospective", [("went_well", point)])})
    second = _folder(tmp_path / "b", {"doc-en": ("retrospective", [("went_well", paragraph)])})
    result = agreement(DOCS[:1], first, second)
    assert result["first_as_truth"]["en"]["matched"] == 1
    assert result["second_as_truth"]["en"]["matched"] == 0
    assert result["documents"][0]["matched"] == 1 and result["documents"][0]["matched_second_as_truth"] == 0


def test_a_document_missing_from_one_folder_is_named_not_counted(folders, tmp_path):
    (folders[1] / "doc-zh.json").unlink()
    result = agreement(DOCS, *folders)
    assert result["not_in_both"] == ["doc-zh"]
    assert result["first_as_truth"]["all"]["documents"] == 1


def test_the_command_prints_both_tables_and_writes_json(folders, tmp_path, capsys):
    sources = tmp_path / "sources.json"
    sources.write_text(json.dumps(DOCS), encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["--split", "held29", "--first", str(folders[0]), "--second", str(folders[1]), "--sources",
                 str(sources), "--json", str(out), "--docs", "--disagreements"]) == 0
    printed = capsys.readouterr().out
    assert "a as truth, b scored" in printed and "b as truth, a scored" in printed
    assert "first only  | lesson | Write the tests before the feature" in printed
    assert "second only | recommendation | 每次发布前要做一次回滚演练" in printed
    assert "kinds       | went_wrong / lesson | We underestimated" in printed
    assert json.loads(out.read_text(encoding="utf-8"))["first_as_truth"]["all"]["recall"] == 0.75


def test_a_frozen_split_is_refused(folders, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(benchmarks.extraction, "FIRST_FROZEN", 29)  # as it was before held 29's judgement
    with pytest.raises(SystemExit):
        main(["--split", "held29", "--first", str(folders[0]), "--second", str(folders[1])])
    assert "held29 is frozen" in capsys.readouterr().err



def test_the_extractor_is_scored_against_each_reader_as_the_benchmark_scores_it(tmp_path):
    # A document stored in the repository (flutter, BSD-3-Clause): parsed for real, its real annotation the first
    # reader's; the second reader took only its first three lessons.
    doc = next(d for d in json.loads((DATA / "sources.json").read_text(encoding="utf-8"))
               if d["id"] == "en-flutter-2.8-retrospective")
    annotation = json.loads((DATA / "annotations" / f"{doc['id']}.json").read_text(encoding="utf-8"))
    second = tmp_path / "b"
    second.mkdir()
    (second / f"{doc['id']}.json").write_text(json.dumps({**annotation, "lessons": annotation["lessons"][:3]}))
    scores = extractor_scores([doc], {"first": DATA / "annotations", "second": second}, tmp_path)
    benchmark = summarise([run_doc(doc, tmp_path)])
    first = scores["first"]["en"]
    assert (first["precision"], first["recall"], first["matched"]) == \
        (benchmark["precision"], benchmark["recall"], benchmark["matched"])
    assert scores["second"]["all"]["annotated"] == 3 and scores["second"]["en"]["recall"] == 1.0
    assert scores["second"]["en"]["extracted"] == benchmark["extracted"] > 3
