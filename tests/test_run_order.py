"""The suite starts with its longest tests (tests/conftest.py ``LONGEST_FIRST``), so that a parallel run does not end
with one worker in a long test and the other idle."""

from types import SimpleNamespace

from tests.conftest import LONGEST_FIRST, ROOT, longest_first, pytest_collection_modifyitems


def test_every_module_named_longest_first_exists():
    # a module renamed or removed would drop out of the order without a word
    assert [path for path in LONGEST_FIRST if not (ROOT / path).is_file()] == []


def test_the_named_modules_come_first_in_their_order_and_the_rest_keep_theirs():
    collected = ["tests/digest/test_a.py::t1", "tests/test_crash.py::kill", "tests/ingest/test_b.py::t2",
                 "tests/test_interrupt.py::first", "tests/web/test_c.py::t3", "tests/test_interrupt.py::second",
                 "tests/test_crash.py::save"]
    ordered = longest_first([SimpleNamespace(nodeid=nodeid) for nodeid in collected])
    assert [item.nodeid for item in ordered] == [
        "tests/test_interrupt.py::first", "tests/test_interrupt.py::second",
        "tests/test_crash.py::kill", "tests/test_crash.py::save",
        "tests/digest/test_a.py::t1", "tests/ingest/test_b.py::t2", "tests/web/test_c.py::t3"]


def test_the_collection_hook_reorders_what_was_collected():
    # pytest calls the hook by its name in tests/conftest.py with the collected items, reordered in place
    items = [SimpleNamespace(nodeid=nodeid) for nodeid in ("tests/kb/test_a.py::t", "tests/test_crash.py::kill")]
    pytest_collection_modifyitems(items)
    assert [item.nodeid for item in items] == ["tests/test_crash.py::kill", "tests/kb/test_a.py::t"]
