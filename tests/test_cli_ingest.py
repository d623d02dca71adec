"""kb ingest as a curator runs it on files named one by one."""

import json
import os
import re

import pytest


@pytest.mark.parametrize("quiet", [[], ["-q"]])
def test_a_file_named_that_kb_does_not_read_is_an_error(kb, write, quiet):
    # 'kb ingest notes.rtf' said "1 not ingested (1 unknown extension)" and exited 0: a script took it for done
    notes, good = write("notes.rtf", "{\\rtf1 Lessons}"), write("good.md", "# Retro\n\n## Lessons learned\n\n- Plan.\n")
    result = kb("ingest", "--no-index", *quiet, str(notes), str(good), ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {notes}: not ingested: unknown extension '.rtf' (kb reads ")
    assert "warning:" not in result.stderr and "1 file (1 document): 1 added" in result.stdout


def test_in_a_folder_a_file_kb_does_not_read_is_passed_over(kb, write):
    write("notes.rtf", "{\\rtf1 Lessons}")
    write("good.md", "# Retro\n\n## Lessons learned\n\n- Plan.\n")
    result = kb("ingest", "--no-index", str(write.base))
    assert f"warning: {write.base / 'notes.rtf'}: not ingested: unknown extension '.rtf'" in result.stderr


def test_search_after_ingest_no_index_says_the_index_lacks_them(kb, write):
    # "No results. Try other words, the other language, --mode semantic, or fewer filters." on a store whose
    # documents were never indexed: other words would not have found them either
    write("good.md", "# Retro\n\n## Lessons learned\n\n- The vendor delivered the interface late.\n")
    kb("ingest", "--no-index", str(write.base))
    says = ("Nothing found, but 1 document is not in the search index yet (ingested with --no-index, or stopped while "
            "indexing): 'kb reindex' adds them.\n")
    assert kb("search", "vendor").stdout == says
    assert kb("similar", "--text", "vendor late").stdout == says
    kb("reindex")
    assert "The vendor delivered the interface late." in kb("search", "vendor").stdout


@pytest.mark.parametrize(("options", "said"), [
    (["-m", "keyword"], "No results. Try other words, the other language, or --mode semantic.\n"),
    (["-m", "keyword", "--project", "ERP"],
     "No results. Try other words, the other language, --mode semantic, or fewer filters.\n"),
    (["-m", "semantic"], "No results. Try other words or the other language.\n"),
])
def test_no_results_says_only_what_the_reader_can_still_do(kb, write, monkeypatch, options, said):
    # it said "--mode semantic, or fewer filters" in semantic mode and without a filter too (the page says neither)
    write("good.md", "---\nproject: ERP\n---\n# Retro\n\n## Lessons learned\n\n- The vendor delivered late.\n")
    kb("ingest", str(write.base))
    monkeypatch.setenv("KB_SEMANTIC_MIN_SCORE", "0.99")
    result = kb("search", "zzqxv", *options)
    assert result.stdout == said
    assert json.loads(kb("search", "zzqxv", *options, "--json").stdout)["message"] == said.strip()


def test_without_max_file_mb_the_setting_holds_as_the_help_says(kb, write, monkeypatch):
    # the help said "[default: 20]" while a KB_MAX_FILE_MB of 1 held a file of 1.1 MB back: the default is the setting
    assert "[default: setting max_file_mb, 20]" in " ".join(kb("ingest", "--help").stdout.split())
    write("big.md", b"# Retro\n\n" + b"x" * 1_200_000)
    monkeypatch.setenv("KB_MAX_FILE_MB", "1")
    result = kb("ingest", "--no-index", str(write.base), ok=False)
    assert result.exit_code == 1 and "big.md: file is 1.1 MB, over the 1 MB limit (max_file_mb)" in result.stderr
    monkeypatch.setenv("KB_MAX_FILE_MB", "2")
    assert kb("ingest", "--no-index", str(write.base)).stdout.startswith("1 file (1 document): 1 added")


def _specials(folder, monkeypatch):
    """A named pipe and a socket in a folder (the socket bound by a relative name: a tmp path can pass the 108-byte
    limit of a socket's address)."""
    import socket

    folder.mkdir(parents=True, exist_ok=True)
    os.mkfifo(folder / "pipe.md")
    monkeypatch.chdir(folder)
    sock = socket.socket(socket.AF_UNIX)
    sock.bind("talk.md")
    sock.close()


@pytest.mark.parametrize("name", ["/dev/zero", "pipe.md", "talk.md"])
def test_a_pipe_socket_or_device_named_is_said_to_be_one(kb, write, monkeypatch, name):
    # 'kb ingest /dev/zero' said "no such file or folder" of a file that exists; a FIFO is never opened (it would block)
    _specials(write.base, monkeypatch)
    kind = {"/dev/zero": "a character device", "pipe.md": "a named pipe (FIFO)", "talk.md": "a socket"}[name]
    path = name if name.startswith("/") else str(write.base / name)
    result = kb("ingest", "--no-index", path, ok=False)
    assert result.exit_code == 1
    assert result.stderr == f"error: {path}: {kind}, not a regular file: kb reads only regular files and folders\n"


def test_in_a_folder_pipes_and_sockets_are_passed_over_and_counted(kb, write, monkeypatch):
    write("good.md", "# Retro\n\n## Lessons learned\n\n- Plan.\n")
    write("notes.rtf", "{\\rtf1 Lessons}")
    _specials(write.base, monkeypatch)
    result = kb("ingest", "--no-index", str(write.base))
    assert (f"warning: {write.base / 'pipe.md'}: not ingested: a named pipe (FIFO), not a regular file: kb reads only "
            "regular files and folders") in result.stderr
    assert f"warning: {write.base / 'talk.md'}: not ingested: a socket, not a regular file" in result.stderr
    assert result.stdout.startswith("1 file (1 document): 1 added")
    assert "; 3 not ingested (1 with an unknown extension, 2 not regular files)" in result.stdout
    assert "warning: " + str(write.base / "pipe.md") + ": not ingested: a named pipe" in kb("errors").stdout


@pytest.mark.parametrize("name, data, said", [
    ("report.docx", b"", "empty file"),
    ("deck.pptx", b"", "empty file"),
    ("register.xlsx", b"", "empty file"),
    ("scan.pdf", b"", "empty file"),
    ("old.doc", b"", "empty file"),
    ("report.docx", b" \r\n", "empty file (only whitespace)"),
])
def test_an_empty_office_file_or_pdf_is_said_to_be_empty_as_a_text_file_is(kb, write, name, data, said):
    # a copy cut off at 0 bytes said "not a readable .docx document (BadZipFile: File is not a zip file)" or "not a
    # readable PDF (Failed to load document (PDFium: Data format error).)", where an empty .md says "empty file" (c-cli)
    empty, good = write(name, data), write("good.md", "# Retro\n\n## Lessons learned\n\n- Plan.\n")
    result = kb("ingest", "--no-index", str(empty), str(good), ok=False)
    assert result.exit_code == 1 and result.stderr == f"error: {empty}: not ingested: {said}: {EMPTY_ADVICE}\n"
    assert "1 file (1 document): 1 added, 0 updated, 0 unchanged, 0 failed" in result.stdout
    assert [p["message"] for p in json.loads(kb("errors", "--json").stdout)["problems"]] == [
        f"not ingested: {said}: {EMPTY_ADVICE}"]


EMPTY_ADVICE = "nothing to ingest; add its text and ingest it again, or delete it"


@pytest.mark.parametrize("args, code, stderr", [
    (["docs"], 0, "warning: {empty}: not ingested: empty file: " + EMPTY_ADVICE + "\n"),
    (["docs/empty.md", "docs/good.md"], 1, "error: {empty}: not ingested: empty file: " + EMPTY_ADVICE + "\n"),
    (["-q", "docs"], 0, ""),
])
def test_an_empty_file_is_passed_over_with_advice_as_a_file_of_a_kind_not_read(kb, write, monkeypatch, args, code,
                                                                                stderr):
    # an empty file failed the run with "error: …: empty file", no advice, exit 1, where a file kb does not read is
    # passed over in a folder (exit 0) and refused when named (exit 1); an empty one is now one such (c-left)
    empty = write("empty.md", b"")
    write("good.md", "# Retro\n\n## Lessons learned\n\n- Plan.\n")
    monkeypatch.chdir(write.base.parent)
    result = kb("ingest", "--no-index", *args, ok=False)
    assert (result.exit_code, result.stderr) == (code, stderr.format(empty=empty))
    assert "1 file (1 document): 1 added, 0 updated, 0 unchanged, 0 failed" in result.stdout
    assert result.stdout.endswith("; 1 not ingested (1 empty)\n")


@pytest.mark.parametrize("name, data, said", [
    ("empty.md", b"", "not ingested: empty file: " + EMPTY_ADVICE),
    ("notes.xyz", b"text", "not ingested: unknown extension '.xyz'"),
    ("broken.docx", b"PK\x03\x04 not a zip", ("not a readable .docx document: the file is damaged, or is not a Word "
                                             "document; open it in Word, save it again as .docx and ingest that")),
    ("big.md", b"# Retro\n\n" + b"x" * 1_200_000, "file is 1.1 MB, over the 1 MB limit (max_file_mb)"),
])
@pytest.mark.parametrize("named", [True, False])
def test_kb_errors_says_a_failed_or_passed_over_file_as_kb_ingest_said_it(kb, write, name, data, said, named):
    # kb ingest said a file passed over "not ingested: PATH: why" and, named, "error: PATH: why", where kb errors said
    # "warning: PATH: not ingested: why" and "error: PATH: not ingested: why" (c-left3): one wording, one function
    skipped = write(name, data)
    write("good.md", "# Retro\n\n## Lessons learned\n\n- Plan.\n")
    ingested = kb("ingest", "--no-index", "--max-file-mb", "1",
                  *([str(skipped), str(write.base / "good.md")] if named else [str(write.base)]), ok=False)
    level = "error" if named or not said.startswith("not ingested") else "warning"
    assert ingested.exit_code == int(level == "error")
    assert ingested.stderr.startswith(f"{level}: {skipped}: {said}") and ingested.stderr.count("\n") == 1
    listed = kb("errors")
    assert listed.stdout == ingested.stderr  # word for word
    counted = "1 error, 0 warnings" if level == "error" else "0 errors, 1 warning"
    assert listed.stderr == f"1 problem in run 1: {counted}\n"


def test_ingest_help_says_what_an_empty_file_does_to_the_exit_status(runner):
    from kb.cli import cli

    said = " ".join(runner.invoke(cli, ["ingest", "--help"], terminal_width=400).stdout.split())
    assert ("files of a kind kb does not read and empty files are passed over and listed as not ingested. Exit status "
            "1 if any file failed, or a path given cannot be read, is a file of a kind kb does not read, or is empty."
            ) in said


def test_quiet_says_in_its_help_that_errors_are_still_printed(kb, write, runner):
    # --help said "-q: No progress bar and no warnings, just the summary", and the errors came all the same (c-cli)
    from kb.cli import cli

    said = runner.invoke(cli, ["ingest", "--help"], terminal_width=200).output
    assert "-q, --quiet  No progress bar and no warnings: the summary and the errors only." in re.sub(r" {2,}", "  ", said)
    broken = write("broken.docx", b"PK\x03\x04 not a zip")
    write("renamed.docx", "# Notes\n\n## Lessons learned\n\n- Plan.\n")  # read, with a warning: left out by -q
    result = kb("ingest", "--no-index", "-q", str(write.base), ok=False)
    assert result.exit_code == 1 and result.stderr == f"error: {broken}: {PLAIN_DOCX}\n"


PLAIN_DOCX = ("not a readable .docx document: the file is damaged, or is not a Word document; open it in Word, save it "
              "again as .docx and ingest that")


@pytest.mark.parametrize("name, data, said, parser_said", [
    ("broken.docx", b"PK\x03\x04 not a zip", PLAIN_DOCX,
     "not a readable .docx document (BadZipFile: File is not a zip file)"),
    ("deck.pptx", b"PK\x03\x04 not a zip", ("not a readable .pptx presentation: the file is damaged, or is not a "
      "PowerPoint file; open it in PowerPoint, save it again as .pptx and ingest that"),
     "not a readable .pptx presentation (BadZipFile: File is not a zip file)"),
])
def test_a_corrupt_office_file_is_said_in_the_upload_pages_plain_words(kb, write, name, data, said, parser_said):
    # 'kb ingest' and 'kb errors' said "not a readable .docx document (BadZipFile: File is not a zip file)", an
    # exception's name, where the upload's page said what was wrong and what to do (ingest/unreadable.py, for both)
    from web.error_text import file_error_text

    broken = write(name, data)
    result = kb("ingest", "--no-index", str(broken), ok=False)
    assert result.exit_code == 1 and result.stderr == f"error: {broken}: {said}\n"
    assert kb("errors").stdout == f"error: {broken}: {said}\n"
    assert [p["message"] for p in json.loads(kb("errors", "--json").stdout)["problems"]] == [parser_said]  # as stored
    assert file_error_text(parser_said, "en") == said.replace("ingest that", "upload that")  # the page's, word for word


@pytest.mark.parametrize("value, says", [
    ("0", "'0' is not a size above 0 MB (such as 20 or 0.5)"),  # "0.0 is not in the range x>=0.001."
    ("-5", "'-5' is not a size above 0 MB (such as 20 or 0.5)"),
    ("inf", "'inf' is not a size above 0 MB (such as 20 or 0.5)"),  # "override: setting 'max_file_mb' expects …"
    ("nan", "'nan' is not a size above 0 MB (such as 20 or 0.5)"),
    ("20MB", "'20MB' is not a number of megabytes (such as 20 or 0.5)"),
])
def test_a_max_file_size_that_is_no_size_is_a_usage_error_naming_the_option(kb, write, value, says):
    good = write("good.md", "# Retro\n\n## Lessons learned\n\n- Plan.\n")
    result = kb("ingest", "--no-index", "--max-file-mb", value, str(good), ok=False)
    assert result.exit_code == 2 and result.stderr.endswith(f"Error: Invalid value for '--max-file-mb': {says}\n")
    assert kb("ingest", "--no-index", "--max-file-mb", "0.5", str(good)).stdout.startswith("1 file (1 document): 1 added")


@pytest.mark.parametrize("command", [["ingest", "nothere.md"], ["reindex"]])
def test_an_empty_index_writes_no_search_cache(kb, tmp_path, monkeypatch, command):
    # 'kb ingest nothere.md', a new user's mistyped first path, loaded the model and wrote its 100 MB fast-start cache
    # (36 s on the shared machine) before saying "no such file or folder": nothing was there to search
    monkeypatch.setenv("KB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    kb("init")
    result = kb(*command, ok=False)
    assert result.exit_code == (1 if command[0] == "ingest" else 0)
    if command[0] == "ingest":
        assert result.stderr == "error: nothere.md: no such file or folder\n"
    assert "Search cache written" not in result.stderr
    assert not (tmp_path / "cache").exists()


PATTERN = (" (a pattern the shell did not expand: kb takes files and folders, so leave the pattern unquoted, or give "
           "the folder)")


@pytest.mark.parametrize(("given", "why"), [
    ("corpus/*.md", PATTERN),
    ("retro-202[45].md", PATTERN),
    ("~/retros", " (a '~' the shell did not expand, in quotes: write $HOME or the whole path)"),
    ("retros", ""),
])
def test_a_path_the_shell_did_not_expand_is_said_to_be_one(kb, tmp_path, monkeypatch, given, why):
    # a crontab's quoted "corpus/*.md" was told only "no such file or folder"
    monkeypatch.chdir(tmp_path)
    result = kb("ingest", "--no-index", given, ok=False)
    assert (result.exit_code, result.stderr) == (1, f"error: {given}: no such file or folder{why}\n")
