"""kb show lesson:ID: the [ID] that search, similar and lessons list, read with its document."""

import json

import pytest

from tests.wms_retro import wms_retro

RETRO = wms_retro()


@pytest.fixture
def lesson_id(kb, write):
    write("wms/retro.md", RETRO)
    kb("ingest", "--no-index", str(write.base))
    lesson = json.loads(kb("lessons", "--json").stdout)["lessons"][0]
    kb("tag", "add", f"lesson:{lesson['id']}", "性能测试")
    return lesson["id"]


def test_show_a_lesson_with_its_document(kb, lesson_id):
    # there was no way to read lesson 802 from the shell but kb similar 802's first line
    result = kb("show", f"lesson:{lesson_id}")
    assert result.stdout.splitlines()[:2] == [f"[{lesson_id}] Went wrong / 需要改进",
                                              "  生产环境在上线前没有完成性能压测，出库高峰时队列堵塞。"]
    assert "  document   智慧仓储WMS上线复盘 (wms/retro)\n" in result.stdout
    assert "  section    需要改进\n" in result.stdout and "  tags       性能测试\n" in result.stdout
    assert result.stderr == f"\nkb similar {lesson_id} lists similar past issues; kb show wms/retro its document\n"
    data = json.loads(kb("show", f"lesson:{lesson_id}", "--json").stdout)
    assert (data["id"], data["document_key"], data["tags"]) == (lesson_id, "wms/retro", ["性能测试"])


@pytest.mark.parametrize("written", ["Lesson:{id}", " LESSON:{id} "])
def test_show_a_lesson_named_in_capitals_as_kb_tag_add_takes_it(kb, lesson_id, written):
    # kb tag add Lesson:802 tagged the lesson; kb show Lesson:802 said "no document with key 'Lesson:802'" (c-cli)
    result = kb("show", written.format(id=lesson_id))
    assert result.exit_code == 0 and result.stdout == kb("show", f"lesson:{lesson_id}").stdout


@pytest.mark.parametrize("key, says", [
    ("lesson:99999", "Error: no lesson 99999\n"),
    ("lesson:abc", "Error: 'KEY': 'abc' is not an id (a whole number from 1)\n"),
    # it said "for lesson 99999: kb show lesson:99999", which said "no lesson 99999" (s-left6)
    ("99999", "Error: no document with key '99999'; no lesson 99999 either\n"),
    ("wms/nope", "Error: no document with key 'wms/nope'; kb docs --sort key lists them\n"),
    ("²", "Error: no document with key '²'; kb docs --sort key lists them\n"),  # it named lesson:², as below
])
def test_a_key_or_lesson_that_is_not_there_says_so(kb, lesson_id, key, says):
    result = kb("show", key, ok=False)
    assert (result.exit_code, result.stderr) == (1, says)


ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize("digits", [ARABIC_INDIC, FULL_WIDTH])
def test_a_lesson_number_in_other_digits_is_named_in_ascii_digits(kb, lesson_id, digits):
    # kb show ١٢ said "for lesson ١٢: kb show lesson:١٢", and kb show lesson:١٢ "'١٢' is not an id": a row id is ASCII
    # digits, on the web too (kb.store.is_row_id); both now say the command that works (s-left6)
    typed = str(lesson_id).translate(digits)
    result = kb("show", typed, ok=False)
    assert (result.exit_code, result.stderr) == (1, (f"Error: no document with key '{typed}'; for lesson {lesson_id}: "
                                                    f"kb show lesson:{lesson_id} (an id is written in ASCII digits)\n"))
    result = kb("show", f"lesson:{typed}", ok=False)
    assert (result.exit_code, result.stderr) == (
        1, f"Error: 'KEY': '{typed}' is not an id: write it in ASCII digits, {lesson_id}\n")
    assert kb("show", f"lesson:{lesson_id}").exit_code == 0


def test_show_a_lesson_names_its_documents_tags_too(kb, lesson_id):
    # a recorded lesson's tags are its document's: kb show lesson:ID listed none of them
    kb("tag", "add", "wms/retro", "上线准备", "WMS")
    out = kb("show", f"lesson:{lesson_id}").stdout
    assert "  tags       性能测试\n  doc tags   上线准备, WMS\n" in out


def test_show_a_hidden_lesson_with_why_a_curator_hid_it(kb, lesson_id, db_path):
    from kb.store import Store

    reason = "这是会议纪要里的待办，不是经验"
    with Store(db_path) as store:
        store.set_review(lesson_id, "hidden", actor="carl", note=reason)
    assert f"  review     hidden\n  reason     {reason}\n" in kb("show", f"lesson:{lesson_id}").stdout
    assert json.loads(kb("show", f"lesson:{lesson_id}", "--json").stdout)["review_note"] == reason
    with Store(db_path) as store:
        store.set_review(lesson_id, "approved", actor="carl")
    assert "reason" not in kb("show", f"lesson:{lesson_id}").stdout
