"""Chunks are bounded in characters as well as words, blobs never reach them, and no model is given more than
``MAX_TEXT_CHARS`` of a text: one long unbroken string cannot exhaust memory."""

from __future__ import annotations

import base64
import random

import numpy as np

from ingest import ingest
from kb.settings import Settings
from search import SearchIndex
from search.chunks import CHUNK_CHARS, document_chunks, windows
from search.embedder import MAX_TEXT_CHARS, Embedder
from tests.search.conftest import FakeModel


class LongestTextModel(FakeModel):
    """The fake model, noting the longest text it was given."""

    longest = 0

    def encode(self, texts, **kwargs):
        self.longest = max([self.longest, *map(len, texts)])
        return super().encode(texts, **kwargs)


def _letters(n: int, seed: int = 7) -> str:
    return "".join(random.Random(seed).choices("abcdefghijklmnopqrstuvwxyz", k=n))


def test_one_word_of_two_million_characters_is_cut_into_bounded_windows():
    word = _letters(2_000_000)
    pieces = windows(f"before {word} after", 200, 50, max_chars=4000)
    assert max(map(len, pieces)) <= 4000
    assert len(pieces) == 502  # 2,000,000 / 4,000 pieces of the word, plus the ends, no overlap between pieces
    assert "".join(p for p in pieces if p not in ("before", "after")) == word


def test_windows_of_many_long_words_overlap_by_a_bounded_share_and_advance():
    text = " ".join(_letters(90, seed=i) for i in range(2000))  # 182,000 characters, 2,000 words
    pieces = windows(text, 200, 50, max_chars=4000)
    assert max(map(len, pieces)) <= 4000
    assert len(pieces) < 2 * len(text) / 4000  # an overlap of 50 words would have advanced by one word a window


def test_ordinary_windows_do_not_change():
    words = [f"w{i}" for i in range(450)]
    pieces = windows(" ".join(words), 200, 50, max_chars=4000)
    assert [p.split()[0] for p in pieces] == ["w0", "w150", "w300"]
    assert [len(p.split()) for p in pieces] == [200, 200, 150]
    chinese = "项目风险" * 200  # 800 characters, 400 units
    assert [len(p) for p in windows(chinese, 200, 50)] == [400, 400, 200]


def test_document_chunks_of_blobs_and_a_huge_lesson_are_bounded():
    image = base64.b64encode(random.Random(1).randbytes(300_000)).decode()
    sections = [{"id": 1, "heading": "Lessons learned", "text": f"See ![chart](data:image/png;base64,{image}) here."},
                {"id": 2, "heading": "Log", "text": "&" * 2_000_000 + " then words"},
                {"id": 3, "heading": "Lesson", "text": _letters(50_000)}]
    lessons = [{"id": 9, "section_id": 3, "text": sections[2]["text"], "driving_event": None}]
    specs = document_chunks({"title": "T", "raw_text": ""}, sections, lessons)
    assert max(len(s.text) for s in specs) <= CHUNK_CHARS + 50
    assert not any(image[:100] in s.text for s in specs)
    assert [s.text for s in specs if s.section_id == 2] == ["T · Log\n&&& then words"]
    assert [s.kind for s in specs if s.section_id == 3].count("section") == 13  # the long lesson's section is windowed
    assert len([s for s in specs if s.kind == "lesson"]) == 1


def test_the_model_is_never_given_more_than_max_text_chars():
    model = LongestTextModel()
    vectors = Embedder("fake", model).encode(["short", "x" * 1_000_000])
    assert model.longest == MAX_TEXT_CHARS and vectors.shape == (2, 256) and np.isfinite(vectors).all()


def test_ingesting_long_unbroken_strings_indexes_bounded_chunks(tmp_path):
    # Each string is ten times MAX_TEXT_CHARS (8,000) or more: ten times longer, they made ten times the chunks
    # to translate and index (64 s of the suite on 2 busy cores), and proved nothing more.
    folder = tmp_path / "docs"
    folder.mkdir()
    image = base64.b64encode(random.Random(2).randbytes(60_000)).decode()
    (folder / "page.md").write_text(f"# Page\n\n## Lessons learned\n- Charts help. ![c](data:image/png;base64,{image})\n"
                                    f"\n## Appendix\n\n{_letters(100_000)}\n")
    (folder / "urls.txt").write_text(",".join(f"https://example.com/p/{i}" for i in range(6_000)))
    (folder / "mail.txt").write_text("Lessons learned\n- Mail exports carry attachments.\n\n"
                                     + "\n".join(image[i:i + 76] for i in range(0, 7600, 76)) + "\n")
    settings = Settings(db=tmp_path / "kb.db", model="fake")
    model = LongestTextModel()
    from kb.store import Store

    with Store(settings.db) as store:
        assert ingest(store, [folder]).failed == 0
        assert image[:100] not in store.scalar("SELECT raw_text FROM documents WHERE key = 'page.md'")
        index = SearchIndex(store, settings, embedder_factory=lambda name: Embedder(name, model))
        index.sync()
        longest = store.scalar("SELECT max(length(text)) FROM chunks")
        assert image[:76] not in " ".join(r["text"] for r in store.rows("SELECT text FROM chunks"))
        assert image[:76] not in " ".join(r["text"] for r in store.rows("SELECT text FROM sections"))
    assert longest <= CHUNK_CHARS + 50 and model.longest <= CHUNK_CHARS + 50
