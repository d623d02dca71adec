"""benchmarks/extraction_annotations.py: an annotation is found in its document on letters and digits, whatever the
format, and a frozen split is never checked unless named."""

import io

import docx
import pptx

from benchmarks.extraction_annotations import chosen, letters, missing


def _lessons(*texts):
    return [{"kind": "lesson", "text": t} for t in texts]


def test_letters_drop_punctuation_and_read_a_doubled_compatibility_character_once():
    assert letters("Risk — is, not\n time!") == "riskisnottime"
    assert letters("在项\u2f6c目管理\uf9e4这") == "在项目管理这"  # a PDF text layer's "⽬目" and "理理"


def test_markdown_is_matched_as_written_and_without_tags_or_link_targets():
    text = ("Use `Page<T>` here.\n\nA stray < sign on this line\n\n- 教训：上线前先在测试环境验证\n"
            "- @dev saw [#274][issue-274] as the cause, see [the log](https://example.com/log)\n- deploy -> verify\n")
    lessons = _lessons("Use Page<T> here", "教训：上线前先在测试环境验证", "@dev saw #274 as the cause, see the log",
                       "not in the document")
    assert missing(lessons, text.encode("utf-8"), ".md") == lessons[3:]


def test_word_paragraphs_and_table_cells_are_read():
    d = docx.Document()
    d.add_paragraph("经验与教训")
    d.add_table(rows=1, cols=2).rows[0].cells[1].text = "需求评审要请测试参加"
    out = io.BytesIO()
    d.save(out)
    assert missing(_lessons("需求评审要请测试参加", "经验与教训"), out.getvalue(), ".docx") == []
    assert missing(_lessons("没有的教训"), out.getvalue(), ".docx") == _lessons("没有的教训")


def test_slides_are_read():
    deck = pptx.Presentation()
    for title in ("What went wrong", "The release slipped two weeks"):
        deck.slides.add_slide(deck.slide_layouts[0]).shapes.title.text = title
    out = io.BytesIO()
    deck.save(out)
    assert missing(_lessons("The release slipped two weeks"), out.getvalue(), ".pptx") == []


def test_a_frozen_split_is_checked_only_when_named():
    sources = [{"id": s, "split": s} for s in ("dev", "dev2", "held25", "held29", "held53")]
    assert [d["id"] for d in chosen(sources, "tuned")] == ["dev", "dev2", "held25", "held29"]  # held29 was judged
    assert [d["id"] for d in chosen(sources, "all")] == ["dev", "dev2", "held25", "held29"]
    assert [d["id"] for d in chosen(sources, "held53")] == ["held53"]
