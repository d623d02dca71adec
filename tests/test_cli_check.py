"""kb check says why the index is behind the store: an upgrade that chunks documents otherwise, documents not indexed
yet, documents changed since. It said "N documents changed since they were indexed" of all three (README, Upgrading:
a store of 2026-12-03 read "5 documents changed since they were indexed" where nothing had changed but the version)."""

import json
import sqlite3

RISKS = "| ID | Risk | Owner | Status |\n| --- | --- | --- | --- |\n" + "\n".join(
    f"| R{i:02d} | " + " ".join(f"r{i}w{j}" for j in range(40)) + f" | Owner{i} | Amber |" for i in range(10))


def _upgraded(db_path):
    """The store as a version before search_0009_table_windows left it: that migration not yet run (the next
    command runs it, and it marks the chunks of every document with a long table to be made again)."""
    with sqlite3.connect(db_path) as conn:
        conn.execute("DELETE FROM migrations WHERE name = 'search_0009_table_windows'")
    conn.close()


def test_an_upgrade_that_chunks_otherwise_is_said_to_be_one(kb, write, db_path):
    write("risks.md", f"# Risk register\n\n## Open risks\n\n{RISKS}\n")
    write("notes.md", "# Notes\n\n## Went well\n\n- The vendor delivered on time.\n")
    kb("ingest", str(write.base))
    _upgraded(db_path)
    result = kb("check", ok=False)
    assert result.exit_code == 1
    upgrading, upgraded, problems = result.stderr.split("\n", 2)
    assert upgrading.startswith("upgrading the search tables of ")  # the migration said before it runs
    assert upgraded.startswith("upgraded the search tables of ")  # and once it is applied
    assert problems.startswith("problem: 1 document is indexed as an older version of Lessons KB divided it into "
                                    "chunks (an upgrade changed how): 'kb reindex' makes its chunks again")
    assert "changed since" not in result.stderr
    assert json.loads(kb("check", "--json", ok=False).stdout)["problems"][0].startswith("1 document is indexed as an older")
    kb("reindex")
    assert kb("check").stdout.startswith("OK: ")


def test_documents_not_indexed_and_documents_changed_are_told_apart(kb, write, db_path):
    write("notes.md", "# Notes\n\n## Went well\n\n- The vendor delivered on time.\n")
    kb("ingest", str(write.base))
    write("later/retro.md", "# Retro\n\n## Went wrong\n- The vendor delivered the interfaces five weeks late.\n")
    write("later/status.md", "# Status\n\n## Risks\n- The data migration slipped a week.\n")
    kb("ingest", "--no-index", str(write.base))
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE documents SET content_hash = 'edited' WHERE key = 'notes.md'")
    conn.close()
    problems = json.loads(kb("check", "--json", ok=False).stdout)["problems"]
    assert problems == [("2 documents are not in the search index yet (ingested with --no-index, or stopped while "
                         "indexing)"), "1 document changed since it was indexed"]


def test_ingest_that_rebuilds_a_lost_index_file_does_not_ask_for_a_reindex(kb, write, db_path):
    # after a Ctrl-C before the first index file was saved, the next kb ingest said "Index: rebuilding the vector
    # index (the vector index kb.faiss is missing; run 'kb reindex')" while it rebuilt it (c-cli)
    write("notes.md", "# Notes\n\n## Went well\n\n- The vendor delivered on time.\n")
    kb("ingest", str(write.base))
    db_path.with_suffix(".faiss").unlink()
    result = kb("ingest", str(write.base))
    assert result.exit_code == 0
    assert f"Index: rebuilding the vector index (the vector index {db_path.with_suffix('.faiss')} is missing)\n" \
        in result.stdout and "kb reindex" not in result.output
    assert kb("check").stdout.startswith("OK: ")


def test_a_search_cache_out_of_date_is_noted_with_what_writes_it(kb, write, monkeypatch):
    # the project's files moved (a worktree, a copy without times): each cold 'kb search' took 20 s, not 1.5 s, and
    # 'kb check' said "OK" with nothing about why
    write("notes.md", "# Notes\n\n## Went well\n\n- The vendor delivered on time.\n")
    kb("ingest", str(write.base))
    fresh = kb("check")
    assert fresh.stdout.startswith("OK: ") and "search cache" not in fresh.stderr
    monkeypatch.setattr("search.fast_start.is_current", lambda folder, model: False)
    stale = kb("check")
    assert stale.exit_code == 0 and stale.stdout.startswith("OK: ")
    assert stale.stderr.startswith("note: the search cache ") and stale.stderr.endswith(
        "is missing or out of date (written by another version, or the project's files were moved), so each "
        "'kb search' starts seconds slower: 'kb reindex' writes it again\n")
    assert "note:" not in kb("check", "--json").stderr
