"""The lesson classifier as ingestion runs it (``ingest.classify.SHIPPED``): on for English paragraphs and items the
heading rules leave, off for Chinese ones (BENCHMARKS.md, "A learned model on unseen documents (e-ml2)"). The
document is Chia Network's Dust Storm post-mortem (Apache-2.0), stored in benchmarks/extraction/docs/."""

from pathlib import Path

import pytest

from ingest import classify
from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile
from kb.errors import ConfigError

DOCS = Path(__file__).resolve().parents[2] / "benchmarks" / "extraction" / "docs"
CHIA = DOCS / "en-chia-dust-storm-2021-postmortem.md"
KEY = "2021-10/2021-10-31-DustStorm.md"


def chia_lessons() -> list[tuple[str, str]]:
    return [(lesson.kind.value, lesson.text) for d in parse_markdown(RawFile(data=CHIA.read_bytes(), default_key=KEY))
            .documents for lesson in d.lessons]


def test_ingestion_reads_what_the_rules_leave_in_english_with_the_shipped_model():
    with classify.use(None):
        rules = chia_lessons()
    found = chia_lessons()
    added = [text for _, text in found if (_, text) not in rules]
    # The rules' lessons all stay; the model adds the resolution's paragraphs that its headings did not announce.
    assert set(rules) <= set(found)
    assert any(text.startswith("As a result of the Dust storm, we have improved our load testing") for text in added)
    assert not any(text.startswith("As a result of the Dust storm") for _, text in rules)


def test_the_shipped_model_is_loaded_with_its_language_thresholds():
    # Measured leaving one split out, the model added more junk than lessons in Chinese: its Chinese threshold is
    # above 1 (no Chinese candidate is read), its English one the threshold chosen on those runs.
    shipped = classify.shipped()
    assert classify.active_model() is shipped
    assert shipped.threshold_for("这次上线我们最大的教训是没有提前确认发布窗口") > 1.0
    assert shipped.threshold_for("Next time we will confirm the release window first.") == 0.7
    assert {"none", "went_well", "went_wrong", "lesson"} <= set(shipped.classes)


@pytest.mark.parametrize("written", [None, "{", '{"classes": ["none"]}'])
def test_a_missing_or_broken_model_file_is_named(tmp_path, monkeypatch, written):
    # Otherwise every file ingested failed as 'the file cannot be parsed (JSONDecodeError: …)', blaming the file.
    broken = tmp_path / "lesson_model.json"
    if written is not None:
        broken.write_text(written, encoding="utf-8")
    monkeypatch.setattr(classify, "SHIPPED", broken)
    classify.shipped.cache_clear()
    try:
        with pytest.raises(ConfigError, match=r"the lesson model .*lesson_model\.json cannot be read"):
            classify.shipped()
    finally:
        classify.shipped.cache_clear()
