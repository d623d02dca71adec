"""benchmarks/corpus_then.py: the corpus's office documents as Markdown under their own keys, and two run files
compared query by query."""

import json

from benchmarks.corpus_then import compare, read_run, write_markdown_corpus
from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile


def test_office_documents_become_markdown_under_their_keys(tmp_path):
    out = tmp_path / "corpus"
    assert write_markdown_corpus(out) == 12
    from corpus_office_text import DOCUMENTS  # on the path once the corpus is written

    for doc in DOCUMENTS:
        path = out / (doc["path"] + ".md")
        assert not (out / doc["path"]).exists()
        parsed = parse_markdown(RawFile(data=path.read_bytes(), default_key=doc["path"] + ".md"))
        assert not parsed.warnings, parsed.warnings  # front matter that is not YAML (a title's colon) is one
        document = parsed.documents[0]
        assert document.key == doc["path"]  # the key the judgements name, from the front matter's id
        assert document.title == doc["title"]
        assert document.language.value == doc["lang"]
    assert not (out / "eval").exists() and (out / ".kbignore").exists()


def _run(path, rows):
    path.write_text("".join(f"{q} Q0 {d} {r} 1.0 lessons-kb-{mode}\n" for q, d, r, mode in rows), encoding="utf-8")
    return path


def test_two_runs_compared_per_query_and_group(tmp_path):
    eval_dir = tmp_path / "eval"
    eval_dir.mkdir()
    queries = [{"_id": "q1", "text": "a", "metadata": {"set": "zh"}}, {"_id": "q2", "text": "b", "metadata": {"set": "en"}}]
    (eval_dir / "queries.jsonl").write_text("".join(json.dumps(q) + "\n" for q in queries), encoding="utf-8")
    (eval_dir / "qrels.tsv").write_text("query-id\tcorpus-id\tscore\nq1\tx\t1\nq2\ty\t1\n", encoding="utf-8")
    # A finds q1's document first and q2's nowhere; B finds both first. The keyword rows must not count.
    a = _run(tmp_path / "a.trec", [("q1", "x", 1, "hybrid"), ("q2", "z", 1, "hybrid"), ("q2", "y", 1, "keyword")])
    b = _run(tmp_path / "b.trec", [("q1", "x", 1, "hybrid"), ("q2", "z", 2, "hybrid"), ("q2", "y", 1, "hybrid")])
    assert read_run(b, "hybrid")["q2"] == ["y", "z"]
    lines = compare(eval_dir, a, b, "hybrid")
    first = lines[0]
    assert first.startswith("nDCG@10   all") and "A 0.500 B 1.000" in first and "B-A +0.500" in first
    assert "B wins 1, loses 0" in first
    zh = next(line for line in lines if line.startswith("nDCG@10   zh"))
    assert "B-A +0.000" in zh
