"""kb tag undo of a change it cannot undo says why, and what does it instead; a rename that changes nothing."""

import pytest


@pytest.fixture
def doc(kb, write):
    write("retro.md", "# Retro\n\n## Lessons learned\n\n- Order long-lead hardware at approval.\n")
    kb("ingest", "--no-index", str(write.base))


@pytest.mark.parametrize("change, says", [
    (["add", "retro.md", "供应商管理"],
     "is an add: only a rename or a merge can be undone; to take the tag off: kb tag remove retro.md '供应商管理'"),
    (["remove", "retro.md", "vendor management"],
     "is a remove: only a rename or a merge can be undone; to put it back: kb tag add retro.md 'vendor management'"),
    (["synonym", "add", "数据迁移", "data migration"],
     ("is a synonym: only a rename or a merge can be undone; to take a name out of its group: kb tag synonym remove "
     "NAME")),
])
def test_undo_of_an_add_remove_or_synonym_says_what_does_it(kb, doc, change, says):
    # "Error: tag change 1 cannot be undone", and no word of why or of what to run
    kb("tag", "add", "retro.md", "vendor management")
    kb("tag", *change)
    last = kb("tag", "history", "-n", "1").stdout.splitlines()[2].split()[0]
    result = kb("tag", "undo", last, ok=False)
    assert (result.exit_code, result.stderr) == (1, f"Error: tag change {last} {says}\n")


def test_undo_of_a_merge_twice_still_says_it_is_undone_already(kb, doc):
    kb("tag", "add", "retro.md", "vendor mgmt", "vendor management")
    kb("tag", "merge", "vendor mgmt", "--into", "vendor management")
    kb("tag", "undo", "3")
    assert kb("tag", "undo", "3", ok=False).stderr == "Error: tag change 3 has been undone already\n"


def test_a_rename_to_the_name_it_has_is_no_change(kb, doc):
    # "renamed 'testing' to 'testing'", logged as a change that kb tag undo could undo
    kb("tag", "add", "retro.md", "testing")
    assert kb("tag", "rename", "testing", "testing").stdout == "nothing renamed: 'testing' is the tag's name already\n"
    assert [line.split()[4] for line in kb("tag", "history").stdout.splitlines()[2:]] == ["add"]  # when is a date and a time
    assert kb("tag", "rename", "testing", "Testing").stdout.startswith("renamed 'testing' to 'Testing'\n")  # its label


def test_a_rename_or_merge_names_the_undo_that_puts_it_back(kb, doc):
    # it said "(kb tag history lists it; kb tag undo N puts it back)", and N was looked up in kb tag history (c-cli)
    kb("tag", "add", "retro.md", "vendor mgmt", "vendor", "vendor management")
    merged = kb("tag", "merge", "vendor mgmt", "vendor", "--into", "vendor management")
    assert merged.stdout.endswith("\n(kb tag undo 5, then kb tag undo 4, put them back)\n")
    renamed = kb("tag", "rename", "vendor management", "供应商管理")
    assert renamed.exit_code == 0 and renamed.stdout.endswith("\n(kb tag undo 6 puts it back)\n")
    for number in ("6", "5", "4"):  # as the lines say
        kb("tag", "undo", number)
    assert kb("tag", "list", "--json").stdout.count('"name"') == 3
