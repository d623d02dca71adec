"""Makers of bad files, each beside what a run must do with it: shared by the tests and benchmarks/nasty_bench.py.

``write_bad_folder(folder, outside)`` writes good files beside every kind of bad one and returns what a run must
report (file name -> part of the message) and store (document key -> text it must hold). ``scale`` sizes the heavy
ones: 1 for a test (seconds), larger for the benchmark.
"""

from __future__ import annotations

import io
import os
import random
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

LONG_TOPIC = "Role of civil service technical staff versus contractor staff"  # 61 characters, a real LLIS topic
SHEET = "xl/worksheets/sheet1.xml"
PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


@dataclass
class Expected:
    """What a run over the folder must do."""

    reported: dict[str, str] = field(default_factory=dict)  # file name -> part of its error message
    stored: dict[str, str] = field(default_factory=dict)  # document key -> text its lessons or raw text hold
    warned: dict[str, str] = field(default_factory=dict)  # file name -> part of a warning about it
    absent: list[str] = field(default_factory=list)  # text no stored document may hold
    skipped: dict[str, str] = field(default_factory=dict)  # file name -> part of why it is not ingested


def workbook(rows: list[list[str]]) -> bytes:
    """An .xlsx with one sheet of these rows."""
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def replace_member(archive: bytes, name: str, write) -> bytes:
    """The archive with one member's bytes written by ``write(stream, old_bytes)`` (deflated, streamed)."""
    source = zipfile.ZipFile(io.BytesIO(archive))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dest:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            member.compress_type = zipfile.ZIP_DEFLATED
            with dest.open(member, "w", force_zip64=True) as stream:
                if info.filename == name:
                    write(stream, source.read(name))
                else:
                    stream.write(source.read(info.filename))
    return out.getvalue()


def workbook_with_cell(mb: float, filler: bytes = b"a") -> bytes:
    """A register whose one lesson cell holds ``mb`` MB of ``filler`` (repeated: it compresses to almost nothing)."""
    def write(stream, old: bytes) -> None:
        head, tail = old.split(b"HUGE")
        stream.write(head)
        left = int(mb * 1024 * 1024)
        block = filler * ((1 << 20) // len(filler))
        while left > 0:
            stream.write(block[:left])
            left -= len(block)
        stream.write(tail)

    return replace_member(workbook([["Title", "Lesson"], ["Big", "HUGE"]]), SHEET, write)


def _random_words(n: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    return " ".join("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
                    for _ in range(n))


def _docx(heading: str, item: str) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(heading, 1)
    document.add_paragraph(item, style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pptx(title: str, bullet: str) -> bytes:
    from pptx import Presentation

    presentation = Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[1])
    slide.shapes.title.text = title
    slide.placeholders[1].text_frame.text = bullet
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()


def _pdf(lines: list[str]) -> bytes:
    """An English PDF in a core font (no CJK font needed), or with no lines a page of marks only: a scan."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for line in lines:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    if not lines:
        pdf.rect(20, 20, 100, 60, style="F")
    return bytes(pdf.output())


def write_good_files(folder: Path, expected: Expected) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good.md").write_text("---\nid: good-md\ntags: [vendor]\n---\n# Good\n\n## Lessons learned\n"
                                    "- Agree interface dates in writing.\n", encoding="utf-8")
    (folder / "good.html").write_text("<html><head><title>Good page</title></head><body><h2>Lessons learned</h2>"
                                      "<ul><li>Book the test lab early.</li></ul></body></html>", encoding="utf-8")
    (folder / "good.txt").write_text("Retro\n\nLessons learned\n- Keep a risk log from day one.\n", encoding="utf-8")
    (folder / "good.csv").write_text("id,title,lesson\n1,Reviews,Review the schedule weekly.\n", encoding="utf-8")
    (folder / "good.xlsx").write_bytes(workbook([["id", "Title", "Lesson"], ["1", "Cutover", "Rehearse the cutover."]]))
    (folder / "good.docx").write_bytes(_docx("Lessons learned", "Name one owner per interface."))
    (folder / "good.pptx").write_bytes(_pptx("做得好的地方", "每周与供应商对一次接口清单。"))
    (folder / "good.pdf").write_bytes(_pdf(["Lessons learned", "- Freeze the data model before the migration."]))
    (folder / "good-notes").write_text("Retro notes\n\nLessons learned\n- Sniffed as text.\n", encoding="utf-8")
    expected.stored.update({
        "good.docx": "Name one owner per interface.", "good.pptx": "每周与供应商对一次接口清单。",
        "good.pdf": "Freeze the data model before the migration.", "good-notes": "Sniffed as text.",
        "good-md": "Agree interface dates in writing.", "good.html": "Book the test lab early.",
        "good.txt": "Keep a risk log from day one.", "good.csv#1": "Review the schedule weekly.",
        "good.xlsx#1": "Rehearse the cutover."})


def write_bad_files(folder: Path, outside: Path, expected: Expected, *, scale: int = 1) -> None:
    """Every kind of bad file: refused ones (reported), and odd ones that must be stored (with a warning)."""
    folder.mkdir(parents=True, exist_ok=True)
    outside.mkdir(parents=True, exist_ok=True)
    # Links out of the folder, to a secret and to a system file.
    (outside / "secret_key").write_text("s3cr3t-key-0123456789\n")
    os.symlink(outside / "secret_key", folder / "key.txt")
    os.symlink("/etc/passwd", folder / "passwd.txt")
    expected.reported.update({"key.txt": "links outside the folder are not followed",
                              "passwd.txt": "links outside the folder are not followed"})
    expected.absent += ["s3cr3t-key", "root:x:0"]
    # Workbooks: a zip bomb (one cell of 20 MB of 'a', times scale), a cell over Excel's limit, a broken sheet,
    # an XML entity bomb inside the sheet, and bytes that are no zip at all.
    (folder / "zip-bomb.xlsx").write_bytes(workbook_with_cell(20 * scale))
    (folder / "oversize-cell.xlsx").write_bytes(replace_member(
        workbook([["Title", "Lesson"], ["Big", "HUGE"]]), SHEET,
        lambda stream, old: stream.write(old.replace(b"HUGE", _random_words(8_000).encode()))))
    (folder / "broken-sheet.xlsx").write_bytes(replace_member(
        workbook([["Title", "Lesson"], ["a", "b"]]), SHEET, lambda stream, old: stream.write(old[: len(old) // 2])))
    laughs = b"".join(b'<!ENTITY l%d "%s">' % (i, (b"&l%d;" % (i - 1)) * 10) for i in range(1, 10))
    (folder / "entity-bomb.xlsx").write_bytes(replace_member(
        workbook([["Title", "Lesson"], ["a", "HUGE"]]), SHEET,
        lambda stream, old: stream.write(b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY l0 "lol">' + laughs + b"]>"
                                         + old.replace(b"HUGE", b"&l9;"))))
    (folder / "not-a-zip.xlsx").write_bytes(b"PK\x03\x04 this is not really a workbook" * 10)
    expected.reported.update({
        "zip-bomb.xlsx": "more than 100 times its size",
        "oversize-cell.xlsx": "cell Sheet!B2 holds",
        "broken-sheet.xlsx": "the file cannot be parsed (ParseError",
        # openpyxl refuses it through lxml (installed with python-docx); the stdlib parser through ParseError
        "entity-bomb.xlsx": "not a readable .xlsx workbook (ValueError",
        "not-a-zip.xlsx": "not a readable .xlsx workbook"})
    # Word, PowerPoint and PDF: damaged, a zip bomb, legacy formats, an old file renamed, a scan, junk.
    good_docx = _docx("Lessons learned", "text")
    (folder / "damaged.docx").write_bytes(good_docx[: len(good_docx) // 2])
    bomb = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good_docx)) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            z.writestr(info.filename, source.read(info.filename))
        z.writestr("word/media/image1.png", b"\0" * (20 * scale << 20))
    (folder / "zip-bomb.docx").write_bytes(bomb.getvalue())
    (folder / "damaged.pptx").write_bytes(_pptx("x", "y")[:3000])
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000)
    for name in ("legacy.doc", "legacy.ppt", "legacy.xls", "renamed.docx"):
        (folder / name).write_bytes(ole)
    (folder / "damaged.pdf").write_bytes(b"%PDF-1.4\n" + b"not a pdf body " * 100)
    (folder / "scanned.pdf").write_bytes(_pdf([]))
    (folder / "core-dump").write_bytes(b"\x7fELF\x02\x01\x01" + bytes(300))
    (folder / "photo.png").write_bytes(PNG_HEADER + bytes(100))
    expected.reported.update({
        "damaged.docx": "not a readable .docx document", "zip-bomb.docx": "more than 100 times its size",
        "damaged.pptx": "not a readable .pptx presentation", "legacy.doc": "save it as .docx",
        "legacy.ppt": "save it as .pptx", "legacy.xls": "save it as .xlsx",
        "renamed.docx": "old binary Office file, not .docx", "damaged.pdf": "not a readable PDF",
        "scanned.pdf": "scanned: no text", "core-dump": "no extension, and the content is binary"})
    expected.skipped["photo.png"] = "unknown extension '.png'"
    # Text that is not text.
    (folder / "binary.md").write_bytes(PNG_HEADER + bytes(range(256)) * 8)
    (folder / "undecodable.txt").write_bytes(bytes(range(128, 256)) * 20)
    expected.reported.update({"binary.md": "binary file", "undecodable.txt": "cannot tell the encoding"})
    # Tags longer than a tag may be, from front matter, a register column, HTML keywords and .kbmeta.yaml.
    (folder / "long-tag.md").write_text(f"---\nid: long-tag\ntags: ['{LONG_TOPIC}']\n---\n# Staffing\n\n"
                                        "## Lessons learned\n- Keep technical authority in house.\n")
    (folder / "long-tag.csv").write_text(f'id,lesson,topics\n7,Write the staffing plan down.,"{LONG_TOPIC}"\n')
    (folder / "long-keywords.html").write_text(
        f'<html><head><meta name="keywords" content="{" ".join(["keyword"] * 30)}"></head><body><h2>Lessons learned</h2>'
        "<ul><li>Keywords are not essays.</li></ul></body></html>")
    expected.stored.update({"long-tag": "Keep technical authority in house.",
                            "long-tag.csv#7": "Write the staffing plan down.",
                            "long-keywords.html": "Keywords are not essays."})
    expected.warned.update({"long-tag.md": f"tag '{LONG_TOPIC}' is longer than 60 characters",
                            "long-tag.csv": f"tag '{LONG_TOPIC}' is longer than 60 characters",
                            "long-keywords.html": "is longer than 60 characters"})
