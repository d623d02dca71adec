"""benchmarks/long_sets.py: long English queries from real data (a NASA lesson -> the lessons it cites; a Hadoop bug's
summary and first half -> its second half), each split once into a development and a held-out part."""

import csv
import json
from unittest import mock

import pytest

from benchmarks.long_sets import (
    ZH_SEEN,
    ZH_SEEN_ALL,
    build_hadoop_long,
    build_llis_cites,
    citations,
    halves,
    hold_out,
    zh_text,
)

KNOWN = {4, 7, 573, 939, 1835, 1806, 1743, 2041, 41, 134}


def test_a_citation_is_cut_out_with_its_number_and_the_numbers_are_returned():
    text, cited = citations("See the sneak paths (LLIS #0573) and NASA Lesson Learned No. 2041, December 2008.", KNOWN)
    assert cited == {573, 2041}
    assert "0573" not in text and "2041" not in text and "sneak paths" in text and "December 2008" in text


def test_lists_and_addresses_of_lessons_are_citations_too():
    text, cited = citations("cross-referenced to LLIS Nos. 1835, 1806, 1743, and 1742. "
                            "https://llis.nasa.gov/lesson/2041 and "
                            "http://www.nasa.gov/offices/oce/llis/imported_content/lesson_0939.html; "
                            "see LLIS lessons #41 and #134.", KNOWN)
    assert cited == {1835, 1806, 1743, 2041, 939, 41, 134}  # 1742 is no lesson of the collection
    assert not any(n in text for n in ("1835", "1743", "2041", "0939", "#41", "134"))


def test_jpl_numbering_and_unknown_numbers_are_not_citations():
    source = "JPL Lesson Learned No. 7-122, January 2004; Lesson Learned #4-112; LLIS #9999."
    assert citations(source, KNOWN) == (source, set())


def test_a_description_is_cut_at_the_line_nearest_its_middle_word():
    first, second = halves("one two three\nfour five six\nseven eight\nnine ten eleven twelve")
    assert (first, second) == ("one two three\nfour five six", "seven eight\nnine ten eleven twelve")
    # one long line: at the middle word
    assert halves("a b c d e f") == ("a b c", "d e f")
    # no line boundary leaves a third on each side: at the middle word
    assert halves("a\nb c d e f g h i j k l") == ("a b c d e f", "g h i j k l")


def test_the_held_out_part_is_a_fixed_third_disjoint_from_the_rest():
    ids = [f"q{i}" for i in range(30)]
    dev, held = hold_out(ids)
    assert len(held) == 10 and not set(dev) & set(held) and sorted(dev + held) == sorted(ids)
    assert hold_out(list(reversed(ids)))[1] == list(reversed(held))  # the same queries, whatever the order
    assert hold_out(ids, seed=1)[1] != held


def _lesson(number, title, event):
    return {"Lesson ID": number, "Title": title, "Abstract": "An abstract of eight words or so here.",
            "Driving Event": event, "Lesson(s) Learned": "", "Recommendation(s)": "", "Evidence": ""}


def test_a_lesson_citing_another_asks_for_it_without_its_number(tmp_path):
    data = tmp_path / "llis.jsonl"
    rows = [_lesson(573, "Sneak paths", "Ground test energized the bus."),
            _lesson(1529, "Bus monitors", "Noise on the bus (2) LLIS #0573, \"Sneak paths\"; see LLIS #8888."),
            _lesson(2041, "Side swap", "Nothing cited here.")]
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert build_llis_cites(tmp_path / "out", data) == (3, 1, 0)
    query = json.loads((tmp_path / "out" / "llis-cites-dev" / "queries.jsonl").read_text())
    assert query["_id"] == "q-cites-1529" and query["self"] == "llis-1529"
    assert "0573" not in query["text"] and "Sneak paths" in query["text"] and "Bus monitors" in query["text"]
    assert (tmp_path / "out" / "llis-cites-dev" / "qrels.tsv").read_text().splitlines()[1:] == \
        ["q-cites-1529\tllis-573\t1"]
    assert sorted(p.name for p in (tmp_path / "out" / "llis-cites-dev" / "corpus").iterdir()) == \
        ["llis-1529.md", "llis-2041.md", "llis-573.md"]


def test_a_long_bug_asks_with_its_first_half_for_a_document_of_its_second(tmp_path):
    data = tmp_path / "bugs.csv"
    first = " ".join(["the namenode keeps stale block reports"] * 8)
    second = " ".join(["after a restart the datanode resends them"] * 8)
    with data.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Summary", "Issue id", "Description"])
        writer.writerow(["Stale block reports", "1", f"{first}\n{second}"])
        writer.writerow(["Short bug", "2", " ".join(["a short description of twenty words"] * 4)])
    assert build_hadoop_long(tmp_path / "out", data) == (2, 1, 0)
    query = json.loads((tmp_path / "out" / "hadoop-long-dev" / "queries.jsonl").read_text())
    assert query["text"] == f"Stale block reports\n\n{first}"
    document = (tmp_path / "out" / "hadoop-long-dev" / "corpus" / "hadoop-1.md").read_text(encoding="utf-8")
    assert second in document and "stale block" not in document and "Stale block reports" not in document
    short = (tmp_path / "out" / "hadoop-long-dev" / "corpus" / "hadoop-2.md").read_text(encoding="utf-8")
    assert "a short description of twenty words" in short  # under SPLIT_WORDS: whole, and asks nothing


def test_zh_long_all_reads_up_to_held42_and_never_a_frozen_split():

    assert all(ZH_SEEN_ALL.fullmatch(s) for s in ("dev", "dev2", "held", "held9", "held36", "held37", "held42"))
    assert not any(ZH_SEEN_ALL.fullmatch(s) for s in ("held43", "held44", "held50", "held420"))
    assert ZH_SEEN.fullmatch("held36") and not ZH_SEEN.fullmatch("held37")  # zh-long as s-paste built it


def test_zh_long_all_reads_a_word_document_through_the_ingest(tmp_path):
    docx = pytest.importorskip("docx")

    document = docx.Document()
    document.add_heading("项目复盘", 1)
    document.add_paragraph("供应商接口交付延期，集成测试时间被压缩。")
    document.save(tmp_path / "a.docx")
    doc = {"stored": False, "repo": "someone/somewhere", "commit": "0" * 40, "path": "a.docx"}

    with mock.patch("benchmarks.extraction.source_bytes", return_value=(tmp_path / "a.docx").read_bytes()):
        text = zh_text(doc, tmp_path, every_format=True)
        assert text is not None and "供应商接口交付延期" in text and "项目复盘" in text
        assert zh_text(doc, tmp_path, every_format=False) is None  # zh-long: Markdown only
