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


def _gbk_named(folder, text):
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(os.fsencode(folder), GBK_TEST + b".md")
    with open(path, "wb") as fh:
        fh.write(text.encode("utf-8"))
    return os.fsdecode(path)


@pytest.mark.parametrize("given", ["file", "folder"])
def test_a_file_named_in_another_encoding_is_named_readably_and_the_store_kept(kb, write, tmp_path, given):
    write("good.md", "# Retro\n\n## Went wrong\n- The vendor delivered the interfaces five weeks late.\n")
    kb("ingest", "--no-index", str(write.base))
    folder = tmp_path / "unzipped"
    path = _gbk_named(folder, "# 复盘\n\n## 需要改进\n- 供应商接口交付延期五周。\n")
    result = kb("ingest", "--no-index", path if given == "file" else str(folder), ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.output  # was a UnicodeEncodeError from the store
    assert (f"Error: '{folder}/\\xb2\\xe2\\xca\\xd4.md' is not UTF-8 text, which GB18030 reads as '{folder}/测试.md': "
            "rename it to UTF-8 (convmv -f gbk -t utf-8 --notest NAME") in result.stderr
    assert json.loads(kb("stats", "--json").stdout)["documents"] == 1  # the document stored before is whole
