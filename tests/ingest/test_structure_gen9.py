"""Extraction rules for the error classes the unseen held 23 to 25 splits showed (issue 17), and the cost of the
structure pass on huge files. Each rule is shown on a short excerpt of a real document it comes from
(benchmarks/extraction/SOURCES.md names the repository)."""

import random
import time

from ingest.blocks import Block
from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile
from ingest.structure import WRITE_UP_BLOCKS, _write_ups


def md(text: str, key: str = "总结.md"):
    return parse_markdown(RawFile(data=text.encode("utf-8"), default_key=key)).documents[0]


def lessons(doc) -> list[tuple[str, str]]:
    return [(lesson.kind.value, lesson.text) for lesson in doc.lessons]


def _write_ups_by_scanning(blocks: list[Block]) -> set[int]:
    """The definition, read block by block from each heading."""
    out = set()
    for i, block in enumerate(blocks):
        if block.kind != "heading":
            continue
        size = 0
        for later in blocks[i + 1:]:
            if later.kind == "heading" and later.level <= block.level:
                break
            size += later.kind != "heading"
            if later.kind == "code" or size >= WRITE_UP_BLOCKS:
                out.add(i)
                break
    return out


def test_write_ups_are_the_sections_with_code_or_many_blocks():
    rng = random.Random(9)
    for _ in range(300):
        blocks = [Block("heading", "h", level=rng.randint(1, 4)) if rng.random() < 0.4
                  else Block(rng.choice(["para", "item", "code"]), "x") for _ in range(rng.randint(0, 40))]
        assert _write_ups(blocks) == _write_ups_by_scanning(blocks)


def test_write_ups_take_linear_time_on_a_huge_outline():
    # An outline of 100,000 headings with no text (a generated index): scanning on from each heading copied the
    # rest of the list each time (about 12 s here, 45 min for 200,000); one pass takes a few hundredths.
    blocks = [Block("heading", "Doc", level=1)] + [Block("heading", f"Part {i}", level=2 + i % 2) for i in range(100_000)]
    start = time.perf_counter()
    assert _write_ups(blocks) == set()
    assert time.perf_counter() - start < 1.5


def test_a_file_named_lessons_learned_of_plain_paragraphs_has_a_lesson_a_paragraph():
    doc = md("One of the main lessons learned from this project was the importance of building and validating core "
             "functionality early in VR development.\n\n"                       # rehabnj/vr-wheelchair-simulator,
             "This project highlighted the unique challenges of VR interaction compared to standard 3D applications.\n\n"
             "Finally, this project emphasized the importance of scoping and iteration.\n",  # "Lessons Learned.pdf"
             key="Lessons Learned.md")
    assert [kind for kind, _ in lessons(doc)] == ["lesson"] * 3
    assert lessons(doc)[1][1].startswith("This project highlighted")


def test_a_summary_told_as_a_story_is_not_a_lesson_a_paragraph():
    # A year's 总结 names no lessons in its title: its story paragraphs are not lessons for being under it.
    doc = md("故事的开头还是很简单，23 年春节过完了，背着包去上学了。\n\n"          # yuluo-yx, year-end-summary/2023-summary.md
             "后来 7 月份，找到了第一份实习，写 Java ，做 IDM 系统的公司，在西安。\n", key="2023 总结.md")
    assert lessons(doc) == []

