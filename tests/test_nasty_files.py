"""A folder of nasty files: each is stored correctly or reported by name and reason; the run finishes; nothing
stored before is lost; the search index stays in step."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from ingest import ingest
from kb.store import Store, Target

NASTY = Path(__file__).resolve().parent / "data" / "nasty"

REPORTED = {
    "binary.md": "binary file",
    "front-matter-list.md": "front matter must be a mapping",
    "front-matter-scalar.md": "front matter must be a mapping",
    "front-matter-alias-bomb.md": "aliases (*name) are not allowed",
    "duplicate-id-2.md": "duplicate document id 'nasty/same'",
    "control-chars.txt": "binary file",
    "huge-50mb.md": "over the 20 MB limit",
    "broken-quotes.csv": "malformed CSV, the rest of the file was skipped: unexpected end of data",
}
STORED = {
    "nasty/truncated": "最后一个字被截",
    "gbk-status.txt": "供应商接口延期两周。",
    "utf16-retro.txt": "Byte order marks are fine.",
    "nasty/same": None,
    "odd name (副本) #1 [final] ;'&.md": "文件名里有各种符号。",
    "emoji 🙂 file.md": "Emoji in a file name is fine.",
    "sub dir with spaces/中文 文件.md": "路径里有空格和中文。",
    "garbage-lines.jsonl#1": "good one",
    "unclosed-tags.html": "Tags never close",
    "one-mb-line.txt": None,
    "nested-10000.html": "Deep inside",
    "entity-bomb.html": "After the entities",
}


def make_big_files(folder: Path) -> None:
    with open(folder / "huge-50mb.md", "wb") as fh:
        line = b"- a lesson line repeated to make a 50 MB file\n"
        fh.write(b"# Huge\n\n## Lessons learned\n" + line * (50 * 1024 * 1024 // len(line)))
    (folder / "one-mb-line.txt").write_text("A single enormous line " + "word " * 210_000 + "\n", encoding="utf-8")
    (folder / "nested-10000.html").write_text(
        "<html><body>" + "<div>" * 10_000 + "<h2>Lessons learned</h2><ul><li>Deep inside ten thousand divs.</li></ul>"
        + "</div>" * 10_000 + "</body></html>", encoding="utf-8")
    (folder / "entity-bomb.html").write_text(
        "<html><body><p>" + "&amp;&lt;&#x4e2d;&nbsp;" * 250_000 + "</p><h2>Lessons learned</h2><ul><li>After the "
        "entities, a lesson.</li></ul></body></html>", encoding="utf-8")


@pytest.fixture
def nasty(tmp_path) -> Path:
    folder = tmp_path / "nasty"
    shutil.copytree(NASTY, folder)
    (folder / "README.txt").unlink()
    make_big_files(folder)
    return folder


def test_every_nasty_file_is_stored_or_reported_and_nothing_is_lost(tmp_path, nasty):
    store = Store(tmp_path / "kb.db")
    good = tmp_path / "good"
    good.mkdir()
    (good / "keep.md").write_text("---\nid: keep\n---\n# Keep me\n\n## Lessons learned\n- Stored before.\n")
    ingest(store, [good])
    store.add_tag(Target("document", "keep"), "curated", actor="carl")

    report = ingest(store, [nasty, good])
    failed = {Path(p.path).name: p.message for p in report.errors}
    assert set(failed) == set(REPORTED)
    for name, reason in REPORTED.items():
        assert reason in failed[name], (name, failed[name])
    assert [(Path(p.path).name, p.message.split(":")[0]) for p in report.skipped] == [("zero-bytes.md", "empty file")]
    keys = {d["key"] for d in store.documents(limit=1000)[0]}
    for key, text in STORED.items():
        assert key in keys, key
        if text:
            doc = store.document(key)
            assert text in (doc["raw_text"] + " ".join(l["text"] for l in doc["lessons"])), key
    warned = {Path(p.path).name for p in report.warnings}
    assert {"truncated-utf8.md", "garbage-lines.jsonl"} <= warned
    keep = store.document("keep")
    assert keep["lessons"][0]["text"] == "Stored before." and "curated" in [t["label"] for t in keep["tags"]]
    assert store.scalar("PRAGMA integrity_check") == "ok"
    store.close()


SURROGATES = {  # a lone UTF-16 surrogate, as each format can spell one (JSON and YAML escapes, an HTML reference)
    "register.jsonl": '{"id": "1", "title": "接口\\ud800延期", "lesson": "供应商\\udfff只在最后交付。", "tags": ["a\\ud83d"]}\n'
                      '{"id": "2", "lesson": "Sound row."}\n',
    "front-matter.md": '---\ntitle: "bad \\ud800 title"\nproject: "P\\udc00"\n---\n# H\n\n## Lessons learned\n- A lesson.\n',
}


def test_a_lone_surrogate_is_replaced_with_a_warning_not_a_crash(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in SURROGATES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "after.md").write_text("# After\n\n## Lessons learned\n- Stored too.\n", encoding="utf-8")
    with Store(tmp_path / "kb.db") as store:
        report = ingest(store, [folder])
        assert report.failed == 0 and report.added == 3
        doc = store.document("register.jsonl#1")
        assert (doc["title"], doc["lessons"][0]["text"]) == ("接口\ufffd延期", "供应商\ufffd只在最后交付。")
        assert [t["label"] for t in doc["tags"]] == ["a\ufffd"]
        assert store.document("register.jsonl#2")["lessons"][0]["text"] == "Sound row."
        md = store.document("front-matter.md")
        assert (md["title"], md["project"]) == ("bad \ufffd title", "P\ufffd")
        warned = sorted((Path(p.path).name, p.line, p.message) for p in report.warnings)
        message = "an invalid character (a lone UTF-16 surrogate) was replaced with U+FFFD"
        assert warned == [("front-matter.md", None, message), ("register.jsonl", 1, message)]


CONTROLS = {  # ESC, BEL and C1 controls, as each format can spell them (JSON and YAML escapes, HTML references)
    "register.jsonl": '{"id": "1", "title": "接口\\u001b[31m延期", "project": "ERP\\u0007", "lesson": "供应商\\u009b2J只在'
                      '最后交付。\\tTab\\nkept.", "tags": ["vendor\\u001b"]}\n',
    "front-matter.md": '---\ntitle: "Bad \\e[2J title\\a"\nproject: "CRM\\x1b"\ntags: ["data\\x07 migration"]\n---\n'
                       '# H\n\n## Lessons learned\n- A lesson.\n',
    "page.html": "<html><head><title>Page&#27;]0;pwned&#7; title</title></head><body><h1>Retro&#27;]0;x&#7;</h1>"
                 "<h2>Lessons learned</h2><ul><li>Ring&#7; the bell&#x9d; once.</li></ul></body></html>",
}


def test_control_characters_from_escapes_are_not_stored_tabs_and_line_breaks_are(tmp_path):
    """r-sec made the terminal safe from an ESC a document spells (kb/terminal.py); the store still kept it, for the
    mail, the API's JSON and every other reader."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in CONTROLS.items():
        (folder / name).write_text(text, encoding="utf-8")
    with Store(tmp_path / "kb.db") as store:
        report = ingest(store, [folder])
        assert report.failed == 0 and report.added == 3
        doc = store.document("register.jsonl#1")
        assert (doc["title"], doc["project"]) == ("接口[31m延期", "ERP")
        assert doc["lessons"][0]["text"].startswith("供应商2J只在最后交付。\tTab")
        assert [t["label"] for t in doc["tags"]] == ["vendor"]
        md = store.document("front-matter.md")
        assert (md["title"], md["project"], [t["label"] for t in md["tags"]]) == ("Bad [2J title", "CRM",
                                                                                  ["data migration"])
        page = store.document("page.html")
        assert page["title"] == "Retro]0;x"
        assert [lesson["text"] for lesson in page["lessons"]] == ["Ring the bell once."]
        controls = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
        for table, column in (("documents", "title"), ("documents", "project"), ("lessons", "text"), ("tags", "name"),
                              ("sections", "text"), ("documents", "key")):
            assert not [v for (v,) in store.conn.execute(f"SELECT {column} FROM {table}") if controls.search(v or "")]
