"""What the kb CLI says about how many: one thing in the singular, amounts grouped by thousands (a new user's walk
through every command, rev19)."""

import json

import pytest

from kb.cli import cli

NOTE = "# Note\n\nThe vendor delivered the interface two weeks late.\n"


@pytest.fixture
def kb(runner, db_path):
    def invoke(*args, code=0, input=None):
        result = runner.invoke(cli, ["--db", str(db_path), *args], input=input, catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result

    return invoke


@pytest.fixture
def one_document(kb, write):
    write("note.md", NOTE)
    kb("ingest", str(write.base))
    return write


def test_backup_and_restore_of_one_document_say_it_in_the_singular(kb, one_document, tmp_path):
    # "Backed up 1 documents", "Restored 1 documents into …; index: 1 chunks"
    assert "Backed up 1 document (" in kb("backup", str(tmp_path / "copy")).output
    restored = kb("--db", str(tmp_path / "restored.db"), "restore", str(tmp_path / "copy")).output
    assert "Restored 1 document into " in restored and "; index: 1 chunk" in restored
    assert "1 chunks" not in restored


def _page(*, offset, shown, total, relevant, took_ms):
    from search.results import DocumentGroup, SearchResults

    groups = [DocumentGroup(f"d{i}", "Title", None, None, None, "en", 1.0, []) for i in range(shown)]
    return SearchResults("risk", "hybrid", total, offset, groups, took_ms, relevant=relevant)


@pytest.mark.parametrize(("all_matches", "says"), [
    (False, "1,001-1,010 of 1,099 relevant documents (2,345 matched; hybrid, 16,057 ms)"),
    (True, "1,001-1,010 of 2,345 matched documents (1,099 relevant; hybrid, 16,057 ms)"),
])
def test_the_search_summary_groups_its_amounts(all_matches, says):
    # "… (2345 matched; hybrid, 16057 ms)": a cold search of the shipped corpus took 16,057 ms, written ungrouped
    from kb.commands.searching import _summary

    page = _page(offset=1000, shown=10, total=2345, relevant=1099, took_ms=16057.2)
    assert _summary(page, all_matches) == says


def test_a_search_export_of_one_hit_says_it_in_the_singular(kb, one_document):
    # "1 hits in 1 of 1 documents exported"
    result = kb("search", "vendor interface late", "--csv", "-")
    assert "1 hit in 1 of 1 document exported" in result.stderr


def test_a_lesson_export_of_one_lesson_says_it_in_the_singular(kb, write):
    # "1 of 1 lessons exported"
    write("retro.md", "# Retro\n\n## Lessons learned\n\n- Order long-lead hardware at approval.\n")
    kb("ingest", "--no-index", str(write.base))
    assert "1 of 1 lesson exported" in kb("lessons", "--csv", "-").stderr


def test_tag_list_says_when_it_shows_only_some_of_the_tags(kb, one_document):
    # kb tag list stopped at 100 of the shipped corpus's 280 tags without a word
    kb("tag", "add", "note.md", "vendor", "供应商", "late delivery")
    result = kb("tag", "list", "-n", "2")
    assert "1-2 of 3 tags (--limit 3 lists them all)" in result.stderr
    assert "1-3 of 3 tags\n" in kb("tag", "list").stderr


@pytest.mark.parametrize(("sources", "says"), [
    (["vendor", "供应商"], "merged 'vendor', '供应商' into 'supplier'\n"),  # "merged vendor, 供应商 into 'supplier'"
    (["supplier"], "nothing merged: 'supplier' is the tag to keep\n"),  # "merged supplier into 'supplier'", no change
])
def test_tag_merge_quotes_each_tag_and_says_when_nothing_was_merged(kb, write, sources, says):
    write("note.md", NOTE)
    kb("ingest", "--no-index", str(write.base))
    kb("tag", "add", "note.md", "vendor", "供应商", "supplier")
    assert kb("tag", "merge", *sources, "--into", "supplier").output.startswith(says)


@pytest.mark.parametrize(("args", "items", "limit"), [(["docs", "-n", "5"], "documents", 5),
                                                      (["lessons"], "lessons", 50)])
def test_listings_in_json_say_their_page_size_as_the_api_does(kb, write, args, items, limit):
    # /api/documents and /api/lessons page with total, offset and limit; kb docs/lessons --json left out limit
    write("retro.md", "# Retro\n\n## Lessons learned\n\n- Order long-lead hardware at approval.\n")
    kb("ingest", "--no-index", str(write.base))
    data = json.loads(kb(*args, "--json").output)
    assert (data["total"], data["offset"], data["limit"], len(data[items])) == (1, 0, limit, 1)


def _examples(path):
    command = cli
    for name in path:
        command = command.commands[name]
    text = command.help or ""
    return command, [line.strip() for line in text.split("Example")[-1].splitlines()[1:] if line.strip()]


@pytest.mark.parametrize("path", [("ingest",), ("search",), ("similar",), ("lessons",), ("tag", "add"),
                                  ("subscribers", "add"), ("digest", "send"),
                                  *[("session", name) for name in ("list", "show", "create", "add", "remove", "move",
                                                                   "status", "delete")]], ids=" ".join)
def test_the_commands_a_new_user_starts_with_show_examples_that_parse(runner, path):
    # --help of kb search, similar, ingest … listed options only; a new user had to find the README for a first call
    from tests.test_cli_help import kb_words

    assert "Example" in runner.invoke(cli, [*path, "--help"]).output
    command, lines = _examples(path)
    assert lines
    for line in lines:
        words = kb_words(line)
        assert words[:1 + len(path)] == ["kb", *path]
        command.make_context(path[-1], words[1 + len(path):])  # raises a UsageError where the example is wrong


@pytest.mark.parametrize(("args", "says"), [
    (["search", "risk", "--type", "nonsense"], "Error: Invalid value for '--type': unknown type 'nonsense'"),
    (["lessons", "-k", "wentwrong"], "Error: Invalid value for '--kind' / '-k': unknown kind 'wentwrong'"),
    (["ingest", "--map", "lesson", "x"], "Error: Invalid value for '--map': 'lesson' is not FIELD=COLUMN"),
    (["tag", "add", "lesson:abc", "x"], "Error: Invalid value for 'TARGET': 'lesson:abc' is no lesson"),
    (["docs", "--lang", "fr"], "Error: Invalid value for '--lang': 'fr' is not one of"),  # click's own, the model
])
def test_a_bad_value_names_its_option_as_click_does(runner, tmp_path, args, says):
    # "Invalid value for --type: …" and "for TARGET:" beside click's "Invalid value for '--lang': …"
    result = runner.invoke(cli, ["--db", str(tmp_path / "kb.db"), *args])
    assert result.exit_code == 2 and says in result.output


def test_user_list_says_how_many_accounts_and_how_to_make_the_first(kb):
    # an empty store printed a bare table header; the other listings say how many ("2 subscribers")
    kb("init")
    assert kb("user", "list").stderr == "no accounts yet: kb user add NAME --role reader|contributor|curator|admin " \
                                        "makes one\n"
    kb("user", "add", "wang", "--role", "curator", "--password-stdin", input="a long enough password\n")
    result = kb("user", "list")
    assert result.output.startswith("user  role") and result.stderr == "1 account\n"


def test_user_list_shows_a_display_name_that_differs_from_the_user_name(kb, monkeypatch):
    # kb user add --display-name "王芳（PMO）" was shown by no listing but --json (c-left)
    monkeypatch.setenv("COLUMNS", "120")
    kb("init")
    kb("user", "add", "wang", "--display-name", "王芳（PMO）", "--password-stdin", input="a long enough password\n")
    kb("user", "add", "ann", "--password-stdin", input="a long enough password\n")
    lines = kb("user", "list").stdout.splitlines()
    assert lines[0] == "user  role    status   sessions  tokens  last login  shown as"
    assert lines[2:] == ["ann   reader  enabled  0         0       never",
                         "wang  reader  enabled  0         0       never       王芳（PMO）"]


def test_a_register_row_whose_date_is_no_date_is_said_naming_the_row(kb, write):
    # the row was kept and its date dropped without a word: "2025-13-45" read as no date at all
    write("register.csv", "id,title,lesson,date\nA1,Freeze,Freeze scope early.,2025-13-45\nA2,Plan,Plan early.,2025-02-03\n")
    result = kb("ingest", "--no-index", str(write.base))
    assert f"warning: {write.base / 'register.csv'}:2: date: '2025-13-45' is not a date; the row is kept without " \
           "one (use YYYY-MM-DD)\n" in result.stderr
    assert "register.csv:3" not in result.stderr and "1 file (2 documents): 1 added" in result.output


def test_a_subscriber_import_names_the_bad_value_of_a_row(kb, tmp_path):
    # "subs.csv:2: language must be zh or en": which value was wrong was left to find
    kb("init")
    csv = tmp_path / "subs.csv"
    csv.write_text("email,name,language,frequency\nz@example.com,Z,fr,weekly\ny@example.com,Y,en,monthly\n",
                   encoding="utf-8")
    result = kb("subscribers", "import", str(csv), code=1)
    assert f"error: {csv}:2: language must be zh or en, not 'fr'\n" in result.stderr
    assert f"error: {csv}:3: frequency must be one of weekly, daily, off, not 'monthly'\n" in result.stderr


@pytest.mark.parametrize(("args", "says"), [(["docs", "--offset", "5"], "none past the 1 document (--offset 5)\n"),
                                            (["lessons", "--project", "nothing"],
                                             ("warning: no project is named 'nothing'; kb docs --sort project lists "
                                             "them\n0 lessons\n")),
                                            (["tag", "list"], "0 tags\n"),
                                            (["subscribers", "list"], "0 subscribers\n")])
def test_an_empty_page_of_a_listing_prints_no_bare_header(kb, write, args, says):
    # "key  date  type …" and a line of dashes over nothing, then "none past the 1 document (--offset 5)"
    write("retro.md", "# Retro\n\n## Lessons learned\n\n- Order long-lead hardware at approval.\n")
    kb("ingest", "--no-index", str(write.base))
    result = kb(*args)
    assert (result.stdout, result.stderr) == ("", says)


def test_search_json_says_why_nothing_is_listed_as_the_api_does(kb, one_document):
    # /api/search has "message" when nothing is relevant; kb search --json gave an empty list and no word why
    wordless = kb("search", "！？", "--json", code=1)  # refused, as an empty query is (and /api/search: 400)
    assert "punctuation and symbols alone are not searched for" in wordless.output
    past = json.loads(kb("search", "vendor interface late", "--page", "9", "--json").output)
    assert past["message"].startswith("Page 9 is past the last page of results (1): 1 relevant document")
    assert "message" not in json.loads(kb("search", "vendor interface late", "--json").output)


def test_docs_help_says_which_way_each_sort_goes(runner):
    # "--sort [-date|…|date|…]  Order of the listing.": 'date' is newest first and '-date' oldest, the reverse of
    # the common '-' for descending, and the help did not say so
    text = " ".join(runner.invoke(cli, ["docs", "--help"]).output.split())
    assert "date newest first, -date oldest first" in text


def test_over_a_thousand_files_passed_over_are_counted_grouped(kb, tmp_path):
    # "; 1060 not ingested (1060 unknown extension)" and "... and 1010 more"
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(1060):
        (folder / f"f{i}.xyz").write_bytes(b"")
    result = kb("ingest", "--no-index", str(folder))
    assert result.stdout.endswith("; 1,060 not ingested (1,060 with an unknown extension)\n")
    assert "warning: ... and 1,010 more not ingested (kb errors)\n" in result.stderr


def test_a_digest_run_for_over_a_thousand_subscribers_counts_them_grouped(kb, tmp_path):
    # "2026-W48: 0 would send, 1005 with nothing new, …"
    csv = tmp_path / "subs.csv"
    csv.write_text("email\n" + "".join(f"u{i}@example.com\n" for i in range(1005)), encoding="utf-8")
    assert kb("subscribers", "import", str(csv)).stdout == "1,005 added, 0 updated, 0 rejected\n"
    result = kb("digest", "send", "--dry-run", "--period", "2026-W48")
    assert result.stdout.startswith("2026-W48: 0 would send, 1,005 with nothing new, 0 already done, ")


def test_tag_merge_of_a_tag_that_is_none_into_itself_says_so_and_makes_none(kb, write):
    # it said "nothing merged: 'missing' is the tag to keep", exit 0, and left an empty tag 'missing' in kb tag list
    write("note.md", NOTE)
    kb("ingest", "--no-index", str(write.base))
    assert kb("tag", "merge", "missing", "--into", "missing", code=1).output == "Error: no tag 'missing'\n"
    assert "missing" not in kb("tag", "list").output
