"""A document's hits never say the same thing twice: a section window that only repeats, whole or cut mid-lesson,
a lesson already shown from it is left out (search 关键人员离职: lesson #255 "…贺鹏于 2 月 6 日离职…" came with two
windows of its section repeating it, one starting "…销售域 ETL 的工程师贺鹏…", one ending "…期间两张报表")."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

from kb.store import Filters
from search import Searcher, SearchQuery
from search.assembly import Assembler, choose_hits, repeats

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
LEAVER = "数启科技负责销售域 ETL 的工程师贺鹏于 2 月 6 日离职"


def _search(make_index, tmp_path, query: str, mode: str = "keyword"):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(CORPUS / "data-platform" / "retrospective-phase2.md", folder / "retro.md")
    _, index = make_index(folder)
    found = Searcher(index).search(SearchQuery(query, mode=mode, filters=Filters(include_hidden=False),
                                               hits_per_document=5))
    assert len(found.groups) == 1
    return found.groups[0].hits


def test_a_window_cut_from_a_shown_lesson_is_not_shown_again(make_index, tmp_path):
    hits = _search(make_index, tmp_path, "关键人员离职")
    saying = [h for h in hits if "贺鹏" in h.snippet]
    assert [h.kind for h in saying] == ["lesson"], [(h.kind, h.snippet[:40]) for h in hits]
    assert saying[0].text.startswith(LEAVER)


LESSON = "接口负责人离职，交接只用了两天，调度任务没有文档。"
OTHER = "- 测试环境直到上线前一周才准备好。"


def test_a_window_repeating_a_shown_lesson_in_pieces_repeats_it():
    window = f"复盘 · 存在的问题\n交接只用了两天，调度任务没有文档。\n- {LESSON[:6]}"
    assert repeats(window, [LESSON], "离职 交接")
    assert not repeats(window, [], "离职 交接")


def test_a_window_saying_more_that_matches_the_query_stays():
    window = f"复盘 · 存在的问题\n交接只用了两天，调度任务没有文档。\n{OTHER}"
    assert not repeats(window, [LESSON], "交接 测试环境")  # its other line matches: it says more
    assert repeats(window, [LESSON], "交接")  # what matched is the lesson's; the rest matches nothing
    assert not repeats(window, ["另一条经验。"], "交接")


def _row(kind: str, text: str, **more) -> dict:
    return {"id": 0, "kind": kind, "chunk_text": text, "lesson_text": more.pop("lesson_text", None), "lesson_id": None,
            "key": "portal/retro", "title": "Portal retro", "project": None, "date": None, "doc_type": None,
            "language": "en", "source_path": None, "lesson_kind": None, "review_status": None, "heading": None,
            "section_id": 1, "ordinal": 1, **more}


def test_a_window_kept_beside_a_lesson_is_snippeted_from_what_the_lesson_does_not_say():
    # "vendor delivered late": a PMO KM Phase 1 window ending in lesson #540 ("…the managers of vendor-delivered
    # projects…") is kept for "communication with vendor" further up; its snippet repeated #540's opening
    lesson = "Practitioner training was planned for the managers of vendor-delivered projects, but was cancelled."
    other = "The closure reports said only that communication with the vendor should be improved."
    rows = {1: _row("lesson", "Portal retro · Went wrong\n" + lesson, lesson_text=lesson, lesson_id=5),
            2: _row("section", f"Portal retro · Went wrong\n- {other}\n- {lesson[:60]}")}
    group = [SimpleNamespace(chunk_id=1), SimpleNamespace(chunk_id=2)]
    chosen = choose_hits(group, rows, "vendor", 3)  # type: ignore[arg-type]
    assert [row["kind"] for _, row in chosen] == ["lesson", "section"]
    cand = SimpleNamespace(fused=SimpleNamespace(score=1.0, legs=("keyword",)), duplicates=[])
    hit = Assembler.hit(cand, chosen[1][1], "vendor", {})  # type: ignore[arg-type]
    assert "communication with the <mark>vendor</mark>" in hit.snippet_html and "Practitioner" not in hit.snippet
    assert hit.text.endswith(lesson[:60])  # the hit's text is still the window's
