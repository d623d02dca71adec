"""The kb CLI's filters as a project manager types them: kinds and types by their Chinese names too."""

import json

import pytest

from tests.wms_retro import PERFORMANCE, wms_retro

RETRO = wms_retro("## 做得好的\n- 现场立即启用纸质拣货单应急预案，中断期间仍完成了约三成出库量。\n\n## 需要改进\n" + PERFORMANCE)


@pytest.fixture
def stored(kb, write):
    write("wms/retro.md", RETRO)
    write("crm/status.txt", "CRM weekly status\n\nDate: 2025-05-02\n\nIssues and risks:\n- Data migration slipped.\n")
    kb("ingest", "--no-index", str(write.base))


@pytest.fixture
def tagged(stored, kb):
    kb("tag", "add", "wms/retro", "供应商管理", "vendor management")


@pytest.mark.parametrize("kind", ["需要改进", "went_wrong", "Went wrong", "went-wrong"])
def test_a_kind_by_its_code_or_its_english_or_chinese_name(stored, kb, kind):
    result = kb("lessons", "--kind", kind)
    assert "队列堵塞" in result.stdout and "纸质拣货单" not in result.stdout
    assert result.stderr == "1-2 of 2 lessons\n"  # and the status report's issue


@pytest.mark.parametrize("doc_type", ["项目复盘", "retrospective"])
def test_a_type_by_its_code_or_its_chinese_name(stored, kb, doc_type):
    result = kb("docs", "--type", doc_type)
    assert "wms/retro" in result.stdout and "crm/status" not in result.stdout


@pytest.mark.parametrize("option, value, named", [
    ("--kind", "教训", "unknown kind '教训'; use one of: went_well 做得好的, went_wrong 需要改进, lesson 经验教训"),
    ("--type", "复盘", "unknown type '复盘'; use one of: retrospective 项目复盘, post_mortem 事后分析"),
    ("--kind", "项目复盘", "unknown kind '项目复盘'"),  # a type's name is no kind
])
def test_an_unknown_name_is_refused_listing_codes_and_chinese_names(stored, kb, option, value, named):
    result = kb("lessons", option, value, ok=False)
    assert result.exit_code == 2 and named in result.output


def test_help_names_each_kind_in_chinese(runner):
    from kb.cli import cli

    result = runner.invoke(cli, ["search", "--help"], terminal_width=200)
    assert "Lesson kind: went_well 做得好的, went_wrong 需要改进, lesson 经验教训, recommendation 改进建议" in result.output


@pytest.mark.parametrize("args, warning", [
    (["lessons", "-p", "智慧仓储"], "warning: no project is named '智慧仓储'; did you mean '智慧仓储WMS上线'?\n"),
    (["docs", "-p", "wms"], "warning: no project is named 'wms'; did you mean '智慧仓储WMS上线'?\n"),
    (["lessons", "-p", "zzz"], "warning: no project is named 'zzz'; kb docs --sort project lists them\n"),
    (["docs", "-t", "供应商"], "warning: no tag is named '供应商'; did you mean '供应商管理'?\n"),
    (["lessons", "-t", "vendr management"],
     "warning: no tag is named 'vendr management'; did you mean 'vendor management'?\n"),
    (["lessons", "-d", "wms/retrospective"],  # was "0 lessons" alone: a mistyped key read as a document without any
     "warning: no document has the key 'wms/retrospective'; did you mean 'wms/retro'?\n"),
    (["lessons", "--document", "zzz"], "warning: no document has the key 'zzz'; kb docs --sort key lists them\n"),
])
def test_a_project_or_tag_that_nothing_has_is_named_with_the_nearest(tagged, kb, args, warning):
    result = kb(*args, "--json")
    assert result.stderr == warning and json.loads(result.stdout)["total"] == 0  # stdout stays JSON


@pytest.mark.parametrize("args", [["-p", "智慧仓储wms上线"], ["-t", "Vendor Management"], ["-t", "供应商"],
                                  ["-d", "wms/retro"]])
def test_a_name_in_another_case_or_a_synonym_is_no_typo(tagged, kb, args):
    if args[1] == "供应商":
        kb("tag", "synonym", "add", "供应商", "供应商管理")
    result = kb("lessons", *args)
    assert "warning" not in result.stderr and "队列堵塞" in result.stdout


def test_a_subscribers_kinds_by_their_chinese_names_too(kb):
    # kb subscribers add --kind 需要改进: "'需要改进' is not one of 'went_well', 'went_wrong', …", where kb lessons took it
    kb("subscribers", "add", "li.lei@example.com", "--kind", "需要改进", "--kind", "Root cause")
    subscriber = json.loads(kb("subscribers", "list", "--json").stdout)[0]
    assert sorted(subscriber["interests"]["kinds"]) == ["root_cause", "went_wrong"]
    refused = kb("subscribers", "add", "wang@example.com", "--kind", "教训", ok=False)
    assert refused.exit_code == 2 and "Invalid value for '--kind': unknown kind '教训'; use one of: went_well 做得好的" \
        in refused.output


@pytest.mark.parametrize("args", [["show", "wms/retrospective"], ["tag", "add", "wms/retrospective", "供应商管理"],
                                  ["tag", "remove", "wms/retrospective", "供应商管理"]])
def test_a_key_that_no_document_has_is_an_error_with_the_nearest_key(stored, kb, args):
    # it said "no document with key 'wms/retrospective'" and no more
    result = kb(*args, ok=False)
    assert (result.exit_code, result.stderr) == (
        1, "Error: no document with key 'wms/retrospective'; did you mean 'wms/retro'?\n")
    assert json.loads(kb("tag", "list", "--json").stdout) == []


@pytest.mark.parametrize("command", ["add", "remove"])
def test_a_lessons_number_given_as_a_tag_target_says_how_to_name_the_lesson(stored, kb, command):
    # 'kb tag add 802 x' said "no document with key '802'; kb docs --sort key lists them", where kb show 802 names
    # lesson:802 (c-cli); it named lesson:99999 where there is none, and lesson:١٢ (Arabic-Indic digits), which no
    # command takes (s-left6)
    lesson = json.loads(kb("lessons", "--json").stdout)["lessons"][0]["id"]
    for typed, hint in ((str(lesson), f"for lesson {lesson}: kb tag {command} lesson:{lesson} 'vendor management'"),
                        ("99999", "no lesson 99999 either"),
                        (str(lesson).translate(ARABIC_INDIC), (f"for lesson {lesson}: kb tag {command} lesson:{lesson} "
                                                               "'vendor management' (an id is written in ASCII digits)"))):
        result = kb("tag", command, typed, "vendor management", ok=False)
        assert (result.exit_code, result.stderr) == (1, f"Error: no document with key '{typed}'; {hint}\n")
    assert json.loads(kb("tag", "list", "--json").stdout) == []


ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.mark.parametrize("command", [["digest", "preview"], ["digest", "send", "--dry-run"]])
@pytest.mark.parametrize("period, says", [("bad", "'bad' is not a period: use an ISO week like 2026-W47"),
                                          ("2026-02-30", "'2026-02-30' does not exist: use an ISO week")])
def test_a_bad_digest_period_is_a_bad_value_exit_2(kb, command, period, says):
    # it was exit 1, where the README says a bad value exits 2
    result = kb(*command, "--period", period, ok=False)
    assert result.exit_code == 2 and f"Error: Invalid value for '--period': {says}" in result.stderr


@pytest.mark.parametrize("spelling", ["zh", "ZH", "Zh"])
def test_a_language_in_any_case_as_the_web_takes_it(stored, kb, spelling):
    """The web takes ?lang=ZH and ?prefer_lang=ZH (search.preference.spelled); --lang ZH was a usage error, exit 2."""
    result = kb("docs", "--lang", spelling)
    assert result.exit_code == 0 and "wms/retro" in result.stdout and "crm/status" not in result.stdout
