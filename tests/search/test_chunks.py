"""Section windows: about ``chunk_words`` word units each, overlapping by ``chunk_overlap``, nothing lost; the line of
context before each chunk."""

from search.chunks import windows, with_context
from search.query import SearchQuery
from search.searcher import Searcher


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


def test_a_text_that_begins_with_its_title_does_not_say_the_title_twice(make_index, tmp_path):
    # LCQMC's questions are documents titled by the question itself (lcqmc-dev): with the title put before the text
    # again, the model averaged it in twice and the semantic leg ranked below plain dense search over the document
    # (BENCHMARKS.md, "The semantic leg against dense search (s-one)").
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "question.md").write_text("# 开初婚未育证明怎么弄？\n\n## 问题\n\n开初婚未育证明怎么弄？\n", encoding="utf-8")
    (folder / "report.md").write_text("# Long report\n\n## Background\n\nThe vendor delivered late.\n", encoding="utf-8")
    store, index = make_index(folder)
    texts = {r["title"]: r["text"] for r in store.rows(
        "SELECT d.title, c.text FROM chunks c JOIN documents d ON d.id = c.document_id")}
    assert texts["开初婚未育证明怎么弄？"] == "问题\n开初婚未育证明怎么弄？"
    assert texts["Long report"] == "Long report · Background\nThe vendor delivered late."
    # The snippet, which skips a chunk's line of context, still shows the whole question.
    found = Searcher(index).search(SearchQuery("未育证明", mode="keyword"))
    assert [h.text for g in found.groups for h in g.hits] == ["开初婚未育证明怎么弄？"]
    assert index.check() == []


def test_the_line_of_context_stays_when_it_is_empty():
    # Snippets skip a chunk's first line (search/assembly.py): a chunk whose title is said by its text keeps it empty.
    assert with_context("Vendor delays", None, "Vendor delays: the servers came late") \
        == "\nVendor delays: the servers came late"
    assert with_context("Vendor delays", "Background", "The servers came late") \
        == "Vendor delays · Background\nThe servers came late"
