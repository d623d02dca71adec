"""Similar past issues: for a lesson, a document or a description, on a tiny corpus with the fake embedder."""

import pytest

from kb.errors import InvalidInput, NotFound
from kb.store import Filters
from search import Searcher


def test_similar_past_issues_come_from_other_projects(indexed):
    store, _, searcher = indexed
    lesson = store.lessons(Filters(document="crm/retro", kind=["went_wrong"]))[0][1]
    assert "vendor" in lesson["text"]
    hits = searcher.similar(lesson_id=lesson["id"], prefer_lang="any")
    assert hits and all(h.project != "CRM" and h.kind == "lesson" for h in hits)
    # the same late interface, in Chinese (found by its translation), and in the register, in English
    assert hits[0].document_key == "erp/retro" and "translated" in hits[0].legs and hits[0].other_language
    assert any(h.document_key.startswith("pmo/register.csv#") and not h.other_language for h in hits)
    # the reader of the lesson's English (by default) gets English lessons first, the Chinese one still listed, marked
    read = searcher.similar(lesson_id=lesson["id"])
    assert read[0].language == "en" and any(h.document_key == "erp/retro" and h.other_language for h in read)
    same = searcher.similar(lesson_id=lesson["id"], other_projects=False)
    assert all(h.document_key != "crm/retro" for h in same)


def test_similar_from_a_free_text_description(indexed):
    _, _, searcher = indexed
    hits = searcher.similar(text="供应商接口延期")
    assert hits[0].document_key == "erp/retro"


def test_similar_errors(indexed):
    _, _, searcher = indexed
    with pytest.raises(NotFound):
        searcher.similar(lesson_id=99999)
    with pytest.raises(InvalidInput):
        searcher.similar(text="")


@pytest.mark.parametrize("text", ["，。！？", " ... ", "——", "？？？"])
def test_similar_to_a_text_without_a_word_is_refused(indexed, text):
    # Punctuation alone listed ten lessons near nothing in particular ('kb similar --text "，。！"').
    _, _, searcher = indexed
    with pytest.raises(InvalidInput, match="punctuation and symbols alone are not searched for; give a word or two"):
        searcher.similar(text=text)


def test_similar_lessons_leave_out_hidden_lessons_and_the_excluded_documents(indexed):
    store, _, searcher = indexed
    lesson = store.lessons(Filters(document="crm/retro", kind=["went_wrong"]))[0][1]
    first = searcher.similar(lesson_id=lesson["id"], mode="semantic")[0]
    store.conn.execute("UPDATE lessons SET review_status = 'hidden' WHERE id = ?", [first.lesson_id])
    store.conn.commit()
    again = searcher.similar(lesson_id=lesson["id"], mode="semantic")
    assert again and first.lesson_id not in {h.lesson_id for h in again}
    assert all(h.project != "CRM" and h.kind == "lesson" for h in again)
    by_document = searcher.similar_to_document("crm/retro")
    assert by_document and first.lesson_id not in {h.lesson_id for h in by_document}
    assert all(h.document_key != "crm/retro" and h.project != "CRM" for h in by_document)
    allowed = searcher.lessons_elsewhere("crm/retro", "CRM")
    crm = {r[0] for r in store.conn.execute(
        "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id WHERE d.project = 'CRM'")}
    assert len(allowed) and not crm & set(allowed.tolist())


def test_similar_lessons_fill_up_when_a_document_went_before_the_next_sync(indexed):
    store, _, searcher = indexed
    lesson = store.lessons(Filters(document="crm/retro", kind=["went_wrong"]))[0][1]
    before = searcher.similar(lesson_id=lesson["id"], limit=2)
    gone = before[0].document_key
    source = store.scalar("SELECT source_id FROM documents WHERE key = ?", [gone])
    store.delete_source(source)  # its chunks stay in the vector index until the next sync
    after = searcher.similar(lesson_id=lesson["id"], limit=2)
    assert len(after) == 2 and gone not in {h.document_key for h in after}
    by_document = searcher.similar_to_document("crm/retro", limit=1)
    assert len(by_document) == 1 and by_document[0].document_key != gone


WORKSHOP_RETRO = """---
id: km/retro
title: Sharing sessions retrospective
project: KM
---
# Sharing sessions retrospective

## What didn't go well
- The conference workshop venue was booked late.
- Workshop speakers for the conference were confirmed late.
- The conference workshop agenda reached attendees late.
- Conference workshop recordings were published late.
"""


def test_similar_past_issues_take_at_most_two_lessons_from_one_document(make_index, tmp_path):
    folder = tmp_path / "workshops"
    (folder / "km").mkdir(parents=True)
    (folder / "km" / "retro.md").write_text(WORKSHOP_RETRO, encoding="utf-8")
    for name in ("events", "training", "summit"):
        (folder / f"{name}.md").write_text(
            f"---\nid: {name}/retro\ntitle: {name} retro\nproject: {name}\n---\n# {name} retro\n\n"
            f"## What didn't go well\n- The {name} conference workshop started late.\n", encoding="utf-8")
    _, index = make_index(folder)
    searcher = Searcher(index)
    text = "conference workshop late"
    unlimited = [h.document_key for h in searcher.similar(text=text, limit=6, per_document=0)]
    assert unlimited.count("km/retro") >= 3, unlimited  # without a cap the long retrospective fills the list
    spread = [h.document_key for h in searcher.similar(text=text, limit=6)]
    assert spread.count("km/retro") == 2 and len(spread) == 5  # the setting's default, 2; then the other three
    assert [h.document_key for h in searcher.similar(text=text, limit=6, per_document=1)].count("km/retro") == 1
    assert set(spread) == {"km/retro", "events/retro", "training/retro", "summit/retro"}


def test_a_long_text_s_similar_issues_are_each_window_s_a_lesson_at_its_best_score(indexed):
    # a lesson is shorter than a section: the window that tells of it finds it, whatever the rest of the text is about
    from search.long_query import windows

    _, _, searcher = indexed
    text = "The vendor delivered the interfaces late. " * 45 + "Nothing in particular was noted this week. " * 140
    parts = windows(text)
    assert len(parts) >= 4
    best, documents = {}, {}
    for part in parts:
        for hit in searcher.similar_lessons(text=part, limit=30, per_document=0, prefer_lang="any").hits:
            best[hit.chunk_id] = max(best.get(hit.chunk_id, -1.0), hit.score)
            documents[hit.chunk_id] = hit.document_key
    expected, taken = [], set()
    for chunk, score in sorted(best.items(), key=lambda item: -item[1]):  # one a document, three
        if documents[chunk] not in taken and len(expected) < 3:
            taken.add(documents[chunk])
            expected.append((chunk, score))
    got = searcher.similar_lessons(text=text, limit=3, per_document=1, prefer_lang="any")
    assert [(h.chunk_id, h.score) for h in got.hits] == expected
    assert len({h.document_key for h in got.hits}) == 3 and "供应商" in got.hits[0].text  # the late vendor, in Chinese
    assert got.language == "en" and got.matched >= 1


@pytest.mark.parametrize(("text", "repeats"), [("ab " * 666, True), ("测" * 2000, True),
                                               ("供应商接口延期", False), ("vendor interface late", False)])
def test_the_floor_of_similar_issues_is_told_when_a_text_repeats_one_short_unit(indexed, monkeypatch, text, repeats):
    """A pasted run of one syllable embeds near every lesson alike: similar issues' floor judges it by its words
    alone, as search's does (search/repetition.py); each window of a long text is told, not only search's query."""
    import search.similar

    told = []

    def floor(documents, evidence, floor=None):
        told.append(evidence.repetition)
        return above_floor(documents, evidence, floor)

    above_floor = search.similar.above_floor
    monkeypatch.setattr(search.similar, "above_floor", floor)
    _, _, searcher = indexed
    searcher.similar(text=text)
    assert told and set(told) == {repeats}
