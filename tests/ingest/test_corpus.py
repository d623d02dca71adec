"""The shipped corpus ingests cleanly and is what the README says it is."""

import csv
import json
from collections import Counter

import pytest

from ingest import ingest
from kb.store import Filters
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):
    from kb.store import Store

    store = Store(tmp_path_factory.mktemp("corpus") / "kb.db")
    report = ingest(store, [CORPUS])
    yield store, report
    store.close()


def test_every_corpus_file_is_stored_without_errors_or_warnings(corpus_store):
    _store, report = corpus_store
    assert report.failed == 0 and report.errors == [] and report.warnings == []
    assert report.files >= 80


def test_corpus_shape(corpus_store):
    store, _ = corpus_store
    docs, total = store.documents(limit=1000)
    files = {d["source_path"] for d in docs}
    assert len(files) >= 80
    langs = Counter(d["language"] for d in docs)
    assert langs["zh"] >= 0.4 * total and langs["en"] >= 0.4 * total
    assert len({d["project"] for d in docs} - {"PMO"}) >= 12
    assert len({d["department"] for d in docs}) >= 8
    formats = {(d["doc_type"], d["format"]) for d in docs}
    for expected in [("retrospective", "markdown"), ("retrospective", "html"), ("post_mortem", "markdown"),
                     ("status_report", "text"), ("risk_register", "markdown"), ("lessons_register", "csv")]:
        assert expected in formats, expected


def test_the_corpus_has_word_powerpoint_and_pdf_documents_half_of_them_chinese(corpus_store):
    store, _ = corpus_store
    docs, _ = store.documents(limit=1000)
    office = Counter((d["format"], d["language"]) for d in docs if d["format"] in ("docx", "pptx", "pdf"))
    assert sum(office.values()) >= 12
    assert sum(n for (_, lang), n in office.items() if lang == "zh") >= sum(office.values()) / 2
    assert {fmt for fmt, _ in office} == {"docx", "pptx", "pdf"}
    for d in docs:
        if d["format"] in ("docx", "pptx", "pdf"):
            assert d["date"] and d["authors"] and d["project"] and d["doc_type"] != "other", d["key"]


def test_every_retrospective_and_post_mortem_yields_lessons_of_several_kinds(corpus_store):
    store, _ = corpus_store
    docs, _ = store.documents(Filters(doc_type=["retrospective", "post_mortem"]), limit=1000)
    assert len(docs) >= 30
    for d in docs:
        lessons = store.document(d["key"])["lessons"]
        assert len(lessons) >= 3, d["key"]
        assert len({l["kind"] for l in lessons}) >= 2, d["key"]


def test_all_kinds_appear_in_both_languages(corpus_store):
    store, _ = corpus_store
    for lang in ("zh", "en"):
        kinds = {l["kind"] for l in store.lessons(Filters(language=[lang]), limit=10_000)[0]}
        assert kinds == {"went_well", "went_wrong", "lesson", "recommendation", "action_item", "root_cause"}, lang


def test_eval_set_is_beir_shaped_and_points_at_stored_documents(corpus_store):
    store, _ = corpus_store
    queries = [json.loads(line) for line in (CORPUS / "eval" / "queries.jsonl").read_text().splitlines() if line]
    sets = Counter(q["metadata"]["set"] for q in queries)
    assert len(queries) >= 60 and sets["zh"] >= 20 and sets["en"] >= 20 and sets["cross"] >= 10
    with open(CORPUS / "eval" / "qrels.tsv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    keys = {d["key"] for d in store.documents(limit=10_000)[0]}
    assert {r["corpus-id"] for r in rows} <= keys
    assert {r["query-id"] for r in rows} == {q["_id"] for q in queries}
    assert {r["score"] for r in rows} <= {"1", "2"}


def test_the_readme_s_lesson_ids_are_those_of_a_fresh_ingest_of_the_corpus(corpus_store):
    """The README's `kb similar` example shows lesson ids "of a fresh kb ingest corpus/": each must be the lesson it
    names (they had drifted by two as extraction rules changed: [801] was another lesson)."""
    import re

    from tests.conftest import ROOT

    store, _ = corpus_store
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # a lesson in another language than the text's is marked after its document: "…docx  (in Chinese)"
    shown = re.findall(r"^\d+\. \[(\d+)\] \w+  .* · ([^·\n]+?)(?:  \(in \w+\))?$", readme, flags=re.MULTILINE)
    assert len(shown) >= 3
    for lesson_id, key in shown:
        assert store.lesson(int(lesson_id))["document_key"] == key.strip(), lesson_id
    first = re.search(r"^1\. \[(\d+)\] \w+  .*\n   (.+?)…?$", readme, flags=re.MULTILINE)  # the whole text, or its opening and "…"
    assert store.lesson(int(first.group(1)))["text"].startswith(first.group(2))
