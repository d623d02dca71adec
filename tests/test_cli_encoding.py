"""Bytes that are not text in the locale's encoding: GBK typed into a UTF-8 terminal, GBK file names unzipped from a
Chinese Windows. Python keeps such bytes as lone surrogates; printed or stored, they were a traceback."""

import json
import os

import pytest

GBK_TEST = "测试".encode("gbk")  # b2 e2 ca d4
TYPED = GBK_TEST.decode("utf-8", "surrogateescape")  # what Python makes of it in argv under a UTF-8 locale


@pytest.mark.parametrize("args", [["search", TYPED], ["lessons", "-p", TYPED], ["docs", "-t", TYPED], ["show", TYPED],
                                  ["similar", "--text", TYPED], ["tag", "add", "lesson:1", TYPED]])
def test_an_argument_in_another_encoding_is_one_line_saying_what_it_reads_as(kb, args):
    # kb lessons -p, docs -t and show were a UnicodeEncodeError traceback; kb search said "punctuation and symbols
    # alone are not searched for"
    result = kb(*args, ok=False)
    said = ("Error: an argument is not UTF-8 text (bytes b2 e2 ca d4, which GB18030 reads as '测试'): the terminal "
            "sends another encoding than the locale says (LANG, LC_ALL); set it to UTF-8\n")
    assert (result.exit_code, result.stderr) == (1, said)  # one line, as a tag with a control character is refused


def _named(folder, raw_name, text):
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(os.fsencode(folder), raw_name)
    with open(path, "wb") as fh:
        fh.write(text.encode("utf-8"))
    return os.fsdecode(path)


@pytest.mark.parametrize("given", ["file", "folder"])
def test_a_gbk_named_file_is_ingested_under_the_name_its_author_saw(kb, tmp_path, given):
    # it was a traceback from the store, then a stop of the whole run naming the file
    folder = tmp_path / "unzipped"
    path = _named(folder, GBK_TEST + b".md", "# 复盘\n\n## 需要改进\n- 供应商接口交付延期五周。\n")
    _named(folder, b"good.md", "# Retro\n\n## Went wrong\n- The vendor delivered the interfaces five weeks late.\n")
    result = kb("ingest", "--no-index", path if given == "file" else str(folder))
    assert "Traceback" not in result.output
    said = (f"warning: {folder}/测试.md: the file name is not UTF-8: stored as GB18030 reads it "
            f"('{folder}/\\xb2\\xe2\\xca\\xd4.md' on disk); rename the file to keep that name (convmv")
    assert said in result.stderr
    keys = [d["key"] for d in json.loads(kb("docs", "--json").stdout)["documents"]]
    assert "测试.md" in keys and ("good.md" in keys) == (given == "folder")
    assert said[9:] in kb("errors").stdout  # kb errors names it as the summary did
    again = json.loads(kb("ingest", "--no-index", "--prune", str(folder), "--json").stdout)
    assert (again["unchanged"], again["removed"]) == (1 + (given == "folder"), 0)  # found again under its stored name, not taken as gone


def test_a_file_name_in_no_known_encoding_is_passed_over_and_the_rest_ingested(kb, write, tmp_path):
    # Latin-1 'résumés.md': GB18030 decodes it, to rare characters (not in GB2312), so it is not taken for Chinese
    write("good.md", "# Retro\n\n## Went wrong\n- The vendor delivered the interfaces five weeks late.\n")
    kb("ingest", "--no-index", str(write.base))
    folder = tmp_path / "unzipped"
    _named(folder, b"r\xe9sum\xe9s.md", "# R\u00e9sum\u00e9s\n\n## Went wrong\n- The espresso machine broke twice.\n")
    _named(folder, b"ok.md", "# Ok\n\n## Went wrong\n- The printer was never set up for the workshop.\n")
    result = kb("ingest", "--no-index", str(folder), ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.output
    said = (f"error: {folder}/r\\xe9sum\\xe9s.md: the file name is not UTF-8 (bytes e9 e9) nor GBK Chinese; rename the file "
            "to UTF-8 and ingest it again")
    assert said in result.stderr and said[7:] in kb("errors").stdout
    assert "2 files (1 document): 1 added, 0 updated, 0 unchanged, 1 failed" in result.stdout
    assert json.loads(kb("stats", "--json").stdout)["documents"] == 2  # the document stored before is whole


def test_a_gbk_name_that_reads_as_another_file_here_is_passed_over(kb, tmp_path):
    folder = tmp_path / "unzipped"
    _named(folder, "测试.md".encode(), "# Retro\n\n## Went wrong\n- The vendor delivered the interfaces late.\n")
    _named(folder, GBK_TEST + b".md", "# 复盘\n\n## 需要改进\n- 供应商接口交付延期五周。\n")
    result = kb("ingest", "--no-index", str(folder), ok=False)
    assert (f"GB18030 reads it as '{folder}/测试.md', the name of another file: rename one of them"
            in result.stderr)
    assert json.loads(kb("stats", "--json").stdout)["documents"] == 1


def test_in_a_gbk_named_folder_the_files_are_ingested_under_its_readable_name(kb, tmp_path):
    folder = os.path.join(os.fsencode(tmp_path), GBK_TEST)
    os.mkdir(folder)
    _named(os.fsdecode(folder), b"a.md", "# Retro\n\n## Went wrong\n- The vendor delivered the interfaces late.\n")
    result = kb("ingest", "--no-index", os.fsdecode(folder))
    assert (f"warning: {tmp_path}/测试/a.md: the name of a folder above it is not UTF-8: stored as GB18030 reads it "
            f"('{tmp_path}/\\xb2\\xe2\\xca\\xd4/a.md' on disk); rename it to keep that name") in result.stderr
    assert [d["key"] for d in json.loads(kb("docs", "--json").stdout)["documents"]] == ["a.md"]


def test_a_gbk_named_file_in_a_folder_named_in_utf8_is_read_part_by_part(kb, tmp_path):
    # unzipped into 项目复盘/ made by hand: the folder's name is UTF-8, the file's GBK; read whole as GB18030 the
    # folder's part became rare characters and the file was refused as no known encoding
    folder = tmp_path / "项目复盘"
    _named(folder, "整改措施".encode("gbk") + b".md", "# 复盘\n\n## 需要改进\n- 供应商接口交付延期五周。\n")
    result = kb("ingest", "--no-index", str(folder))
    assert (f"warning: {folder}/整改措施.md: the file name is not UTF-8: stored as GB18030 reads it "
            f"('{folder}/\\xd5\\xfb\\xb8\\xc4\\xb4\\xeb\\xca\\xa9.md' on disk)") in result.stderr
    assert [d["key"] for d in json.loads(kb("docs", "--json").stdout)["documents"]] == ["整改措施.md"]


def test_a_gbk_named_files_document_is_not_taken_over_by_another_file_of_its_key(kb, tmp_path):
    # the stored path (测试.md) is not the name on disk (b2 e2 ca d4.md): the key's owner must still count as there,
    # or a second file of the same key takes its document over as if the first had moved
    first = tmp_path / "unzipped"
    _named(first, GBK_TEST + b".md", "# 复盘\n\n## 需要改进\n- 供应商接口交付延期五周。\n")
    kb("ingest", "--no-index", str(first))
    second = tmp_path / "other"
    _named(second, "测试.md".encode(), "# Retro\n\n## Went wrong\n- The printer was never set up.\n")
    result = kb("ingest", "--no-index", str(second), ok=False)
    assert "duplicate document id '测试.md': already used by" in result.stderr
    shown = kb("show", "测试.md").stdout
    assert "供应商接口交付延期五周" in shown and "printer" not in shown


def test_a_gbk_name_is_warned_of_on_every_run_until_the_file_is_renamed(kb, tmp_path):
    # an unchanged file is only hashed: its name's warning was said by the run that stored it and never again, so
    # 'kb errors' (the latest run) said nothing of a name that was still not UTF-8
    folder = tmp_path / "unzipped"
    path = _named(folder, GBK_TEST + b".md", "# 复盘\n\n## 需要改进\n- 供应商接口交付延期五周。\n")
    kb("ingest", "--no-index", str(folder))
    said = f"{folder}/测试.md: the file name is not UTF-8: stored as GB18030 reads it"
    again = kb("ingest", "--no-index", str(folder))
    assert "0 added, 0 updated, 1 unchanged" in again.stdout and f"warning: {said}" in again.stderr
    assert said in kb("errors").stdout
    warned = json.loads(kb("ingest", "--no-index", str(folder), "--json").stdout)["warnings"]
    message = said.partition(": ")[2]
    assert [(w["path"], w["message"][:len(message)]) for w in warned] == [(f"{folder}/测试.md", message)]
    os.rename(path, folder / "测试.md")  # convmv: the name on disk is now the name stored
    renamed = kb("ingest", "--no-index", "--prune", str(folder))
    assert "0 added, 0 updated, 1 unchanged, 0 failed, 0 documents removed" in renamed.stdout
    assert "not UTF-8" not in renamed.stderr and "0 problems" in kb("errors").stderr
