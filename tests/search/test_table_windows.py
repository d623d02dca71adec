"""A section that holds a table longer than a window is windowed at its rows: a row is never split, and a window that
starts inside the table repeats its header row (BENCHMARKS.md, "Tables by row (s-rows)")."""

from search.chunks import CHUNK_CHARS, ChunkSpec, section_windows, windows

HEADER = "ID | Risk | Owner | Status"  # 7 word units


def risk_rows(count: int, words: int = 40) -> list[str]:
    """Rows of 47 word units: four fit a window of 200 with the header, one fits an overlap of 50."""
    return [f"R{i:02d} | " + " ".join(f"r{i}w{j}" for j in range(words)) + f" | Owner{i} | Amber" for i in range(count)]


def first_cells(pieces: list[str]) -> list[list[str]]:
    return [[line.split(" | ")[0] for line in piece.split("\n")] for piece in pieces]


def test_a_long_table_is_windowed_by_whole_rows_each_window_under_the_header():
    rows = risk_rows(10)
    pieces = section_windows("\n".join([HEADER, *rows]), 200, 50)
    assert first_cells(pieces) == [["ID", "R00", "R01", "R02", "R03"], ["ID", "R03", "R04", "R05", "R06"],
                                   ["ID", "R06", "R07", "R08", "R09"]]  # the last row of one is the first of the next
    assert all(line in rows or line == HEADER for piece in pieces for line in piece.split("\n"))
    # Windows of 200 words cut anywhere split rows, and only the first would have the header.
    assert not all(line in rows or line == HEADER for piece in windows("\n".join([HEADER, *rows]), 200, 50)
                   for line in piece.split("\n"))


def test_text_around_a_table_is_kept_in_whole_lines_and_rows_after_it_get_the_header():
    intro, outro = " ".join(f"intro{i}" for i in range(120)), " ".join(f"outro{i}" for i in range(30))
    pieces = section_windows("\n".join([intro, HEADER, *risk_rows(4), outro]), 200, 50)
    assert first_cells(pieces) == [[intro, "ID", "R00"], ["ID", "R00", "R01", "R02", "R03"], ["ID", "R03", outro]]


def test_sections_without_a_long_table_keep_the_windows_they_had():
    prose = " ".join(f"w{i}" for i in range(450))
    assert section_windows(prose, 200, 50) == windows(prose, 200, 50)
    short_table = "\n".join([HEADER, *risk_rows(3)])  # 148 units: one window, whole
    assert section_windows(short_table, 200, 50) == [short_table]
    lone_row = "\n".join([prose, risk_rows(1)[0], prose])  # one line of cells is no table
    assert section_windows(lone_row, 200, 50) == windows(lone_row, 200, 50)


def test_a_row_longer_than_a_window_is_windowed_alone_and_every_window_stays_bounded():
    long_words = [f"long{i}" for i in range(450)]
    long_row, huge_cell = "R50 | " + " ".join(long_words) + " | Owner | Red", "R99 | " + "x" * 9000 + " | Owner | Red"
    pieces = section_windows("\n".join([HEADER, *risk_rows(2), long_row, huge_cell]), 200, 50)
    assert max(len(piece) for piece in pieces) <= CHUNK_CHARS
    assert all(len(piece.split()) <= 200 for piece in pieces)
    assert [piece.split("\n")[0] for piece in pieces] == [HEADER] * len(pieces)  # room is left for the header
    held = set(" ".join(pieces).split())
    assert set(long_words) <= held and "".join(pieces).count("x") == 9000  # nothing lost, nothing said twice


def test_a_long_tables_chunks_in_the_index_each_carry_its_header(make_index, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    table = "\n".join(f"| {row} |" for row in [HEADER, "--- | --- | --- | ---", *risk_rows(10)])
    (folder / "risks.md").write_text(f"# Risk register\n\n## Open risks\n\n{table}\n", encoding="utf-8")
    store, index = make_index(folder)
    texts = [r["text"] for r in store.rows("SELECT text FROM chunks WHERE kind = 'section' ORDER BY ordinal")]
    assert [t.split("\n")[:2] for t in texts] == [["Risk register · Open risks", HEADER]] * 3
    assert index.check() == []


def test_a_store_chunked_before_gets_its_long_tables_windowed_by_rows_on_the_next_sync(make_index, tmp_path):
    """A store whose tables were windowed 200 words at a time (before search_0009) is brought to the row windows by
    its next sync, and a document without a table is not chunked again."""
    folder = tmp_path / "docs"
    folder.mkdir()
    table = "\n".join(f"| {row} |" for row in [HEADER, "--- | --- | --- | ---", *risk_rows(10)])
    (folder / "risks.md").write_text(f"# Risk register\n\n## Open risks\n\n{table}\n", encoding="utf-8")
    (folder / "notes.md").write_text("# Notes\n\n## Went well\n\n- The vendor delivered on time.\n", encoding="utf-8")
    store, index = make_index(folder)
    new = store.rows("SELECT id, text FROM chunks WHERE kind = 'section' AND instr(text, ' | ') ORDER BY ordinal")
    with store.transaction() as conn:  # as the old windows left it: the header only in the first
        old = [(row["text"].replace(HEADER + "\n", ""), row["id"]) for row in new[1:]]
        conn.executemany("UPDATE chunks SET text = ?, text_hash = ? WHERE id = ?",
                         [(text, ChunkSpec("section", text).text_hash, chunk_id) for text, chunk_id in old])
        conn.execute("DELETE FROM migrations WHERE name = 'search_0009_table_windows'")
    notes = store.rows("SELECT id, text_hash FROM chunks WHERE text LIKE 'Notes%' ORDER BY id")
    index.sync()  # the store as it was: nothing out of date
    assert [HEADER in r["text"] for r in store.rows("SELECT text FROM chunks WHERE instr(text, ' | ') ORDER BY id")] \
        == [True, False, False]
    store.close()
    store, index = make_index()  # opened again: the migration runs, the sync chunks the table anew
    index.sync()
    texts = [r["text"] for r in store.rows("SELECT text FROM chunks WHERE kind = 'section' AND instr(text, ' | ')"
                                           " ORDER BY ordinal")]
    assert [t.split("\n")[:2] for t in texts] == [["Risk register · Open risks", HEADER]] * 3
    assert store.rows("SELECT id, text_hash FROM chunks WHERE text LIKE 'Notes%' ORDER BY id") == notes
    assert index.check() == []
