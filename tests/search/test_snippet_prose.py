"""Snippets read as text: Markdown's list marks, heading hashes and emphasis left out when the snippet is made
("…周会。 - 9家供应商…" and "**Root cause**" were shown as typed), the matches marked in what is left, escaped."""

from __future__ import annotations

import pytest

from kb.store import Filters
from search import Searcher, SearchQuery
from search.snippets import as_prose, highlight_html, make_snippet

# A relocation's lessons as a plain-text file holds them (office-relocation/, u-search's query 供应商周会)
RELOCATION = ("没有统一的供应商周会。\n- 9家供应商由行政部3名同事分别对接，**依赖关系**只存在于个别同事的脑子里\n"
              "- 门禁调试必须等专线开通\n## 改进建议\n从装修开工起召开每周一次的全体供应商联合例会。")
# A charter's section (cloud-migration/charter): a line, then items, some without a closing mark
CHARTER = ("In scope\n- Assessment and wave planning for all 71 remaining applications.\n"
           "- Migration of the __supplier portal__ and the `QLab` system\n- See [the wave plan](https://pmo.example/w)")


@pytest.mark.parametrize("text, query, said, marked", [
    (RELOCATION, "供应商",
     ("没有统一的供应商周会。9家供应商由行政部3名同事分别对接，依赖关系只存在于个别同事的脑子里 • 门禁调试必须等专线开通 • "
      "改进建议 • 从装修开工起召开每周一次的全体供应商联合例会。"), ["供应商"] * 3),
    (RELOCATION, "依赖关系", None, ["依赖关系"]),
    (CHARTER, "supplier portal",
     ("In scope • Assessment and wave planning for all 71 remaining applications. Migration of the supplier portal and "
      "the QLab system • See the wave plan"), ["supplier", "portal"]),
    ("**Root cause**: the vendor's *late* delivery.", "root cause", "Root cause: the vendor's late delivery.",
     ["Root", "cause"]),
])
def test_a_snippet_shows_no_markdown_and_marks_the_matches_in_what_is_left(text, query, said, marked):
    snippet, spans = make_snippet(text, query, width=400)
    if said is not None:
        assert snippet == said
    assert not any(mark in snippet for mark in ("**", "__", "`", "- ", "## ", "](", "https://"))
    assert [snippet[start:end] for start, end in spans] == marked


def test_what_is_not_markdown_is_kept():
    kept = ("Rename user_id to account_id in __init__.py; 5 * 3 * 2 slots; a \\*literal\\* star; 2024-06-28 - "
            "2024-07-05")
    assert as_prose(kept) == kept
    assert as_prose("第一行\n第二行\n\n---\nthird") == "第一行第二行 third"  # wrapped Chinese joins without a space


def test_a_snippet_without_its_markdown_is_still_escaped():
    snippet, spans = make_snippet("- **<b>portal</b>** & <script>x</script> delivered late", "portal")
    assert highlight_html(snippet, spans) == ("&lt;b&gt;<mark>portal</mark>&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;"
                                              " delivered late")


def test_search_shows_lessons_and_sections_as_text_in_both_languages(make_index, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "notes.txt").write_text(
        "Vendor onboarding retrospective\n\nWhat didn't go well\n"
        "Root cause: the vendor **<b>portal</b>** was delivered late.\n- The interface spec was _frozen_ too late\n\n"
        "经验教训\n需要改进：没有统一的供应商周会。\n- 9家供应商由行政部分别对接，**依赖关系**没有人跟踪\n- 门禁调试必须等专线开通\n",
        encoding="utf-8")
    _, index = make_index(folder)
    searcher = Searcher(index)

    def hits(query: str) -> list:
        found = searcher.search(SearchQuery(query, mode="keyword", filters=Filters(include_hidden=False)))
        return [h for g in found.groups for h in g.hits]

    portal = [h.snippet_html for h in hits("portal")]
    assert "the vendor &lt;b&gt;<mark>portal</mark>&lt;/b&gt; was delivered late." in portal  # stored with its **
    assert [h.snippet_html for h in hits("frozen")] == ["The interface spec was <mark>frozen</mark> too late"]
    assert "9家供应商由行政部分别对接，<mark>依赖关系</mark>没有人跟踪" in [h.snippet_html for h in hits("依赖关系")]
    assert not any("**" in h.snippet or "- " in h.snippet for q in ("portal", "供应商", "依赖关系") for h in hits(q))
