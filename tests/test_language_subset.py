"""benchmarks/language_subset.py: the shipped corpus's files of one language and its queries of that language."""

import sqlite3

from benchmarks.language_subset import one_language_files, one_language_queries


def test_files_whose_documents_are_all_of_one_language_and_their_queries(tmp_path):
    corpus = tmp_path / "corpus"
    db = tmp_path / "kb.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE documents (source_path TEXT, key TEXT, language TEXT)")
        conn.executemany("INSERT INTO documents VALUES (?, ?, ?)", [
            (str(corpus / "crm-migration" / "retrospective.md"), "crm-migration/retrospective", "en"),
            (str(corpus / "erp-upgrade" / "retro.md"), "erp-upgrade/retrospective", "zh"),
            (str(corpus / "pmo" / "register.csv"), "pmo/register.csv#A1", "en"),
            (str(corpus / "pmo" / "register.csv"), "pmo/register.csv#A2", "mixed"),  # one row not English
        ])
    conn.close()
    files, documents = one_language_files(db, "en")
    assert {str(relative) for relative in files.values()} == {"crm-migration/retrospective.md"}
    assert documents == {"crm-migration/retrospective"}
    assert one_language_files(db, "zh")[1] == {"erp-upgrade/retrospective"}

    queries, qrels = one_language_queries("en", documents)
    assert queries and all(q["_id"].startswith(("eval-q", "eval-dev-")) for q in queries)
    assert {d for _, d, _ in qrels} == documents and all(g > 0 for _, _, g in qrels)
    assert {q["_id"] for q in queries} == {q for q, _, _ in qrels}
    # only queries written in English: the test set's q004 (Chinese) judges this document too
    assert "eval-q004" not in {q["_id"] for q in queries}
