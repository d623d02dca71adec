"""kb subscribers import of the CSV files curators have (Excel's on a Chinese Windows is GBK, not UTF-8), and the
digest a subscriber gets."""

import json

import pytest

ROWS = "email,姓名,语言,标签\nwang.fang@example.com,王芳,zh,数据迁移；供应商管理\nli.lei@example.com,李雷,zh,\n"


def test_a_gbk_csv_from_a_chinese_excel_is_read(kb, tmp_path):
    # "cannot read subs.csv as UTF-8 text: 'utf-8' codec can't decode byte 0xcd in position 28": no row imported
    csv = tmp_path / "subs.csv"
    csv.write_bytes(ROWS.encode("gbk"))
    result = kb("subscribers", "import", str(csv))
    assert result.output == "2 added, 0 updated, 0 rejected (read as GBK/GB18030: not UTF-8)\n"
    subscribers = {s["email"]: s for s in json.loads(kb("subscribers", "list", "--json").output)}
    assert subscribers["wang.fang@example.com"]["name"] == "王芳"
    assert set(subscribers["wang.fang@example.com"]["interests"]["tags"]) == {"数据迁移", "供应商管理"}


def test_a_utf8_csv_says_no_encoding(kb, tmp_path):
    csv = tmp_path / "subs.csv"
    csv.write_bytes(ROWS.encode("utf-8-sig"))
    assert kb("subscribers", "import", str(csv)).output == "2 added, 0 updated, 0 rejected\n"


def test_an_import_with_json_lists_the_rejected_rows_for_a_script(kb, tmp_path):
    # the one kb subscribers command a script runs on a file had no --json: its refusals were lines on stderr
    csv = tmp_path / "subs.csv"
    csv.write_bytes((ROWS + "not-an-address,张三,zh,\nzhao@example.com,赵六,fr,\n").encode("gbk"))
    result = kb("subscribers", "import", str(csv), "--json", ok=False)
    assert (result.exit_code, result.stderr) == (1, "")
    assert json.loads(result.stdout) == {"added": 2, "updated": 0, "encoding": "gb18030", "rejected": [
        {"line": 4, "message": "'not-an-address' is not an e-mail address"},
        {"line": 5, "message": "language must be zh or en, not 'fr'"}]}
    again = kb("subscribers", "import", str(csv), "--json", ok=False)
    assert json.loads(again.stdout)["updated"] == 2


def test_a_rejected_row_is_told_every_problem_it_has(kb, tmp_path):
    # line 2 said only its kind; the file fixed and imported again said its frequency (c-cli)
    csv = tmp_path / "subs.csv"
    csv.write_text("email,name,language,kinds,frequency\nzhao@example.com,赵六,zh,bogus,monthly\n"
                   "bad,李四,fr,,weekly\nok@example.com,OK,en,,\n", encoding="utf-8")
    result = kb("subscribers", "import", str(csv), ok=False)
    assert (result.exit_code, result.stdout) == (1, "1 added, 0 updated, 2 rejected\n")
    assert result.stderr == (
        f"error: {csv}:2: frequency must be one of weekly, daily, off, not 'monthly'; and unknown lesson kind 'bogus'; "
        "use action_item, lesson, recommendation, root_cause, went_well, went_wrong\n"
        f"error: {csv}:3: 'bad' is not an e-mail address; and language must be zh or en, not 'fr'\n")
    assert [s["email"] for s in json.loads(kb("subscribers", "list", "--json").stdout)] == ["ok@example.com"]


@pytest.mark.parametrize("data, says", [
    (b"email,name\njose@example.com,Jos\xe9 R\xe1mirez\n", ":2: not UTF-8 text (byte 0xe9), nor GBK Chinese"),
    (b"email,name\nm@example.com,M\xfcller\n", ":2: not UTF-8 text (byte 0xfc), nor GBK Chinese"),  # "M黮ler" in GBK
    (b"email\n" * 3 + b"\xff\xfe\x00\x01", ":4: not UTF-8 text (byte 0xff), nor GBK Chinese"),
])
def test_a_file_in_another_encoding_is_refused_naming_the_line(kb, tmp_path, data, says):
    kb("init")  # a refused file makes no database (c-left3): one is there to hold what a misread would have stored
    csv = tmp_path / "subs.csv"
    csv.write_bytes(data)
    result = kb("subscribers", "import", str(csv), ok=False)
    assert result.exit_code == 1
    assert result.output == f"Error: {csv}{says}; save it as 'CSV UTF-8'\n"
    assert kb("subscribers", "list", "--json").output == "[]\n"  # a Latin-1 name is not stored misread as Chinese


def test_digest_preview_of_a_subscriber_refuses_another_language(kb):
    # --subscriber li.lei@… --lang en printed li.lei's Chinese digest: --lang was dropped without a word
    kb("subscribers", "add", "li.lei@example.com", "--lang", "zh")
    result = kb("digest", "preview", "--subscriber", "li.lei@example.com", "--lang", "en", ok=False)
    assert result.exit_code == 2
    assert result.output.endswith("Error: --lang cannot be combined with --subscriber: a subscriber's digest is in "
                                  "their own language (kb subscribers list shows it)\n")


@pytest.mark.parametrize(("data", "says"), [
    (b"", "the file is empty: give a header line with an 'email' column, then a row a subscriber"),  # "(columns: )"
    (b"\xef\xbb\xbf", "the file is empty: give a header line with an 'email' column, then a row a subscriber"),
    (b"name,lang\nx,zh\n", "no 'email' column (columns: name, lang)"),
])
def test_a_file_without_an_email_column_says_what_it_has(kb, tmp_path, data, says):
    csv = tmp_path / "subs.csv"
    csv.write_bytes(data)
    result = kb("subscribers", "import", str(csv), ok=False)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {csv}: {says}\n")
