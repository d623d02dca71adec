"""Section windows: about ``chunk_words`` word units each, overlapping by ``chunk_overlap``, nothing lost."""

from search.chunks import windows


def numbered(count: int, start: int = 0) -> list[str]:
    return [f"w{i}" for i in range(start, start + count)]


def test_a_long_text_is_cut_into_full_windows_that_overlap_by_exactly_the_overlap():
    text = " ".join(numbered(450))
    assert [piece.split() for piece in windows(text, 200, 50)] == [numbered(200), numbered(200, 150), numbered(150, 300)]


def test_a_text_of_exactly_one_window_is_kept_whole_and_one_word_more_makes_two():
    assert windows(" ".join(numbered(200)), 200, 50) == [" ".join(numbered(200))]
    assert [piece.split() for piece in windows(" ".join(numbered(201)), 200, 50)] == [numbered(200), numbered(51, 150)]


def test_a_chinese_character_counts_half_a_word():
    text = "风险" * 200  # 400 characters = 200 word units: one window
    assert windows(text, 200, 50) == [text]
    longer = "风险" * 250  # 500 characters = 250 units: 400 characters, then the last 200 (overlap 100 characters)
    assert [len(piece) for piece in windows(longer, 200, 50)] == [400, 200]


def test_a_long_section_is_indexed_as_windows_of_the_configured_size(make_index, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    body = " ".join(numbered(450))
    (folder / "long.md").write_text(f"# Long report\n\n## Background\n\n{body}\n", encoding="utf-8")
    store, index = make_index(folder)
    texts = [r["text"] for r in store.rows("SELECT text FROM chunks WHERE kind = 'section' ORDER BY ordinal")]
    assert [t.split("\n", 1)[0] for t in texts] == ["Long report · Background"] * 3
    assert [t.split("\n", 1)[1].split() for t in texts] == [numbered(200), numbered(200, 150), numbered(150, 300)]
    assert index.check() == []
