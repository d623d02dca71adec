"""How much of the text of real Word, PowerPoint and PDF files our readers keep.

    KB_THREADS=1 .venv/bin/python benchmarks/reader_coverage.py [--mirror /work/.mirror] [--seen-only]
                                                                [--format docx|pptx|pdf] [--json FILE] [--worst N]

The files: every .docx / .pptx / .pdf document of the seen extraction splits (benchmarks/extraction/sources.json,
frozen splits left out: ``benchmarks.extraction.frozen``), then every other such file at HEAD of the git mirrors in
``--mirror`` — but no file of a repository listed in ../shared/heldout-repos.txt, nor of a repository that holds a
document of a frozen split.

For each file, the words (runs of letters and digits, NFKC and case-folded; each CJK character a word) of an
independent full-text reading are compared with the words of what the parser gives (``raw_text`` of its documents,
and their titles): coverage = the words of the full reading found in ours, counted with multiplicity. The full
reading (here, not the parser's code):
- Word: every ``w:t`` of the main part (named by ``_rels/.rels``), its headers, footers, footnotes and endnotes;
  tracked deletions (``w:del``, ``w:moveFrom``) are not content, and of ``mc:AlternateContent`` only the Choice is
  read (its Fallback draws the same text again); comments are not content.
- PowerPoint: every ``a:t`` of the slides the deck lists, in shapes, groups, tables, SmartArt (the diagram's data
  part) and speaker notes; the Fallback of ``mc:AlternateContent`` is skipped as in Word.
- PDF: PDFium's text of each page (pypdfium2), line by line; a glyph drawn twice in one place is read once.
A list's typed mark ("1.", "（2）", "3.1", "•") and a contents line's dot leader and page number are not counted: the
readers keep a list's items without their marks.
Each paragraph (``w:p`` / ``a:p``, a PDF line) of the full reading has a class: where it stands (body,
table, a table in a table, text box, content control, field, tracked insertion, header/footer, footnote; group,
table, SmartArt, notes, footer placeholder, ``mc:AlternateContent``; PDF running line, page number, other margin
line, rotated text). Its words are taken from what the parser gave (``compare``); the words left are lost, and summed
per class: the table gives the lost words of
each class, and how many files and repositories lose words of it.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import subprocess
import sys
import unicodedata
import zipfile
from collections import Counter, defaultdict
from pathlib import Path, PurePosixPath

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.extraction import DATA, frozen
from ingest.parsers import PARSERS
from ingest.source import RawFile
from kb.errors import IngestError

FORMATS = (".docx", ".pptx", ".pdf")
HELDOUT = ROOT.parent / "shared" / "heldout-repos.txt"
MAX_BYTES = 20_000_000
LOST_CLASS_MIN = 3  # a file counts for a class when it loses this many words of it
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
DGM = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\W_\u3400-\u9fff\uf900-\ufaff]+")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, recover=True)


def words(text: str) -> list[str]:
    """The words of a text: letter and digit runs (NFKC, case-folded), each CJK character one word."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


# ---------------------------------------------------------------- Word

_WORD_PARTS = {"header": "header", "footer": "footer", "footnotes": "footnote", "endnotes": "footnote"}


def _rels(z: zipfile.ZipFile, part: str) -> list[tuple[str, str]]:
    """(type's last word, target part) of a part's relationships."""
    folder, name = PurePosixPath(part).parent, PurePosixPath(part).name
    rels_name = str(folder / "_rels" / f"{name}.rels").lstrip("./") if part else "_rels/.rels"
    try:
        root = etree.fromstring(z.read(rels_name), _PARSER)
    except KeyError:
        return []
    out = []
    for rel in root.iter(f"{{{PKG_REL}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else str(PurePosixPath(folder) / target)
        path = _normal(path)
        out.append((rel.get("Type", "").rsplit("/", 1)[-1], path))
    return out


def _normal(path: str) -> str:
    parts: list[str] = []
    for piece in path.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def docx_units(data: bytes) -> list[tuple[str, str]]:
    """(class, text) of every paragraph of a Word file's content parts, in order."""
    z = zipfile.ZipFile(io.BytesIO(data))
    main = next((t for kind, t in _rels(z, "") if kind == "officeDocument"), "word/document.xml")
    parts = [(main, "body")] + [(t, _WORD_PARTS[k]) for k, t in _rels(z, main) if k in _WORD_PARTS]
    units: list[tuple[str, str]] = []
    for part, where in parts:
        try:
            root = etree.fromstring(z.read(part), _PARSER)
        except KeyError:
            continue
        if root is None:
            continue
        _docx_walk(root, where, 0, units)
    return units


def _docx_walk(node: etree._Element, where: str, tables: int, units: list[tuple[str, str]]) -> None:
    for child in node:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in (f"{{{W}}}del", f"{{{W}}}moveFrom", f"{{{MC}}}Fallback"):
            continue
        if tag == f"{{{W}}}p":
            text, classes = _docx_paragraph(child)
            if text.strip():
                units.append((_docx_class(where, tables, classes), text))
            _docx_walk_nested(child, where, tables, units)
        elif tag == f"{{{W}}}tbl":
            _docx_walk(child, where, tables + 1, units)
        elif tag == f"{{{W}}}sdt" and where == "body":
            _docx_walk(child, "sdt", tables, units)
        else:
            _docx_walk(child, where, tables, units)


def _docx_walk_nested(p: etree._Element, where: str, tables: int, units: list[tuple[str, str]]) -> None:
    """The paragraphs inside a paragraph (text boxes), each its own unit."""
    for box in p.iter(f"{{{W}}}txbxContent"):
        if any(a.tag in (f"{{{MC}}}Fallback", f"{{{W}}}del") for a in box.iterancestors()):
            continue
        if any(a.tag == f"{{{W}}}txbxContent" for a in box.iterancestors()):
            continue  # a box in a box: walked with its outer box
        _docx_walk(box, "textbox" if where in ("body", "sdt") else where, tables, units)


def _docx_paragraph(p: etree._Element) -> tuple[str, set[str]]:
    """A paragraph's own text (not that of the boxes drawn in it) and the constructs it passes through."""
    out: list[str] = []
    classes: set[str] = set()

    def walk(node: etree._Element, marks: frozenset[str]) -> None:
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in (f"{{{W}}}del", f"{{{W}}}moveFrom", f"{{{MC}}}Fallback", f"{{{W}}}txbxContent", f"{{{W}}}p"):
                continue
            if tag == f"{{{W}}}t":
                out.append(child.text or "")
                classes.update(marks)
            elif tag in (f"{{{W}}}tab", f"{{{W}}}br", f"{{{W}}}cr"):
                out.append(" ")
            else:
                mark = {f"{{{W}}}ins": "insertion", f"{{{W}}}fldSimple": "field", f"{{{W}}}sdt": "sdt",
                        f"{{{W}}}moveTo": "insertion", f"{{{W}}}smartTag": "field",
                        f"{{{W}}}customXml": "sdt"}.get(tag)
                walk(child, marks | {mark} if mark else marks)

    walk(p, frozenset())
    return "".join(out), classes


def _docx_class(where: str, tables: int, classes: set[str]) -> str:
    if where != "body":
        return where
    if tables >= 2:
        return "table in table"
    for name in ("sdt", "field", "insertion"):
        if name in classes:
            return name
    return "table" if tables else "body"


# ---------------------------------------------------------------- PowerPoint

_FOOTERS = {"ftr", "sldNum", "dt", "hdr"}


def pptx_units(data: bytes) -> list[tuple[str, str]]:
    """(class, text) of every paragraph of the slides a deck lists, their SmartArt and their notes, in order."""
    z = zipfile.ZipFile(io.BytesIO(data))
    main = next((t for kind, t in _rels(z, "") if kind == "officeDocument"), "ppt/presentation.xml")
    targets = dict(_rel_ids(z, main))
    pres = etree.fromstring(z.read(main), _PARSER)
    units: list[tuple[str, str]] = []
    for sld in pres.iter(f"{{{P}}}sldId"):
        slide = targets.get(sld.get(f"{{{REL}}}id"))
        if not slide or slide not in z.namelist():
            continue
        rels = dict(_rel_ids(z, slide))
        _pptx_walk(etree.fromstring(z.read(slide), _PARSER), "shape", units, z, rels)
        for kind, target in _rels(z, slide):
            if kind == "notesSlide" and target in z.namelist():
                _pptx_walk(etree.fromstring(z.read(target), _PARSER), "notes", units, z, {})
    return units


def _rel_ids(z: zipfile.ZipFile, part: str) -> list[tuple[str, str]]:
    folder, name = PurePosixPath(part).parent, PurePosixPath(part).name
    try:
        root = etree.fromstring(z.read(f"{folder}/_rels/{name}.rels"), _PARSER)
    except KeyError:
        return []
    return [(r.get("Id"), _normal(str(folder / r.get("Target", ""))))
            for r in root.iter(f"{{{PKG_REL}}}Relationship") if r.get("TargetMode") != "External"]


def _pptx_walk(node: etree._Element, where: str, units: list[tuple[str, str]], z: zipfile.ZipFile,
               rels: dict[str, str]) -> None:
    for child in node:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == f"{{{MC}}}Fallback":
            continue
        if tag == f"{{{MC}}}Choice" and where in ("shape", "group"):
            _pptx_walk(child, "alternate content", units, z, rels)
        elif tag == f"{{{A}}}p":
            text = "".join(t.text or "" for t in child.iter(f"{{{A}}}t"))
            if text.strip():
                units.append((where, text))
        elif tag == f"{{{P}}}grpSp" and where in ("shape", "group"):
            _pptx_walk(child, "group", units, z, rels)
        elif tag == f"{{{A}}}tbl":
            _pptx_walk(child, "table" if where != "notes" else where, units, z, rels)
        elif tag == f"{{{P}}}sp" and where != "notes" and _placeholder(child) in _FOOTERS:
            _pptx_walk(child, "footer placeholder", units, z, rels)
        elif tag == f"{{{P}}}sp" and where == "notes" and _placeholder(child) in _FOOTERS | {"sldImg"}:
            continue
        elif tag == f"{{{DGM}}}relIds":
            data = rels.get(child.get(f"{{{REL}}}dm"))
            if data and data in z.namelist():
                for point in etree.fromstring(z.read(data), _PARSER).iter(f"{{{DGM}}}pt"):
                    if point.get("type", "node") == "node":
                        for t_el in point.iter(f"{{{DGM}}}t"):
                            _pptx_walk(t_el, "smartart", units, z, rels)
        else:
            _pptx_walk(child, where, units, z, rels)


def _placeholder(sp: etree._Element) -> str | None:
    ph = sp.find(f"{{{P}}}nvSpPr/{{{P}}}nvPr/{{{P}}}ph")
    return None if ph is None else ph.get("type", "body")


# ---------------------------------------------------------------- PDF

MARGIN = 0.09


def pdf_units(data: bytes) -> list[tuple[str, str]]:
    """(class, text) of every line of PDFium's text of each page: rotated, a page number, a running header or footer
    (the same line, numbers aside, in the top or bottom 9% of two pages or more), another line in those margins,
    body. A glyph drawn twice in the same place (a bold faked by overprinting) is read once."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    lines: list[tuple[str, str, int]] = []
    try:
        for number in range(min(len(document), 2000)):
            page = document[number]
            textpage = page.get_textpage()
            lines.extend((where, line, number) for where, line in _page_lines(textpage, page.get_height()))
            textpage.close()
            page.close()
    finally:
        document.close()
    pages: dict[str, set[int]] = defaultdict(set)
    for where, line, number in lines:
        if where == "margin":
            pages[_NUMBERS.sub("#", line.strip())].add(number)
    units = []
    for where, line, _ in lines:
        if where == "margin" and _PAGE_NUMBER.match(line.strip()):
            where = "page number"
        elif where == "margin" and len(pages[_NUMBERS.sub("#", line.strip())]) >= 2:
            where = "running line"
        units.append((where, line))
    return units


_NUMBERS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"^[-–—\s]*(page\s*)?\d+(\s*(/|of)\s*\d+)?[-–—\s]*$|^第\s*\d+\s*页.{0,8}$", re.IGNORECASE)


def _page_lines(textpage: object, height: float) -> list[tuple[str, str]]:
    import pypdfium2.raw as pdfium_c

    text = textpage.get_text_range()
    if len(text) != textpage.count_chars():  # no character-by-character mapping: lines without a place
        return [("body", line) for line in text.splitlines() if line.strip()]
    kept: list[str] = []
    boxes: list[tuple[float, ...] | None] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        box = textpage.get_charbox(index) if not char.isspace() else None
        if box is not None and kept and not char.isascii() and boxes[-1] is not None \
                and unicodedata.normalize("NFKC", kept[-1]) == unicodedata.normalize("NFKC", char) \
                and all(abs(x - y) < 1.0 for x, y in zip(box, boxes[-1])):
            continue  # drawn twice in one place (not a ligature's letters: "ff" is one box for two letters)
        kept.append("" if char == "\ufffe" else char)  # PDFium's mark of a word hyphenated at a line's end
        boxes.append(box)
        origin.append(index)
    out = []
    line: list[int] = []
    for position, char in enumerate(kept + ["\n"]):
        if char not in ("\n", "\r"):
            line.append(position)
            continue
        written = "".join(kept[i] for i in line)
        first = next((i for i in line if boxes[i] is not None), None)
        line = []
        if not written.strip():
            continue
        where = "body"
        if first is not None:
            _, bottom, _, top = boxes[first]
            middle = (top + bottom) / 2
            angle = pdfium_c.FPDFText_GetCharAngle(textpage.raw, origin[first])
            if 0.2 < angle % 6.2832 < 6.08:
                where = "rotated"
            elif middle > height * (1 - MARGIN) or middle < height * MARGIN:
                where = "margin"
        out.append((where, written))
    return out


# ---------------------------------------------------------------- comparing

READERS = {".docx": docx_units, ".pptx": pptx_units, ".pdf": pdf_units}


def ours(data: bytes, key: str, suffix: str) -> str:
    """The text our parser gives: each document's title and raw text."""
    parsed = PARSERS[suffix](RawFile(data=data, default_key=key, max_file_mb=MAX_BYTES / 1e6))
    return "\n".join(f"{d.title}\n{d.raw_text}" for d in parsed.documents)


# A list's mark typed at a line's start ("1.", "(2)", "（3）", "a)", "•", "o"), and a contents line's leader and page
# number ("（2）登录 ......... 4"): the readers keep a list's items without their marks, and no page numbers.
_MARK = re.compile(r"^\s*([(（]\d{1,3}[)）]|\d{1,3}、|\d{1,2}(\.\d{1,2})+\.?|(\d{1,3}[.)]|[a-z][.)]|[•·▪●○◦■□►▶✓✔\-–*o])(?=\s))",
                   re.IGNORECASE)
_LEADER = re.compile(r"(\s*[.…·]){4,}\s*\d+\s*$")
# Classes whose words are taken first, a whole paragraph at a time: what a reader reads in any case.
_FIRST = ("body", "table", "shape")


def compare(units: list[tuple[str, str]], text: str) -> dict:
    """Coverage and lost words per class. Each paragraph's words are taken from what the parser gave: first the
    paragraphs found whole (body text first, so that a running header's words are not credited to it), then the rest
    word by word, in order; the words left are lost."""
    left = Counter(words(text))
    units = [(where, _LEADER.sub("", _MARK.sub("", unit))) for where, unit in units]
    found = [False] * len(units)
    for index in sorted(range(len(units)), key=lambda i: (units[i][0] not in _FIRST, i)):
        unit_words = Counter(words(units[index][1]))
        if all(left[w] >= n for w, n in unit_words.items()):
            left.subtract(unit_words)
            found[index] = True
    total = kept = 0
    lost: Counter[str] = Counter()
    sizes: Counter[str] = Counter()
    samples: dict[str, str] = {}
    for index, (where, unit) in enumerate(units):
        unit_words = words(unit)
        missing = 0
        if not found[index]:
            for word in unit_words:
                if left[word] > 0:
                    left[word] -= 1
                else:
                    missing += 1
        total += len(unit_words)
        kept += len(unit_words) - missing
        sizes[where] += len(unit_words)
        if missing:
            lost[where] += missing
            if missing * 2 > len(unit_words) and len(samples.get(where, "")) < 20:
                samples[where] = unit.strip()[:120]
    ligatures = sum(text.count(ch) for ch in "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06")
    return {"words": total, "kept": kept, "coverage": round(kept / total, 4) if total else None,
            "classes": dict(sizes), "lost": dict(lost), "samples": samples, "ligatures_left": ligatures}


# ---------------------------------------------------------------- the files

def _git_dir(mirror: Path, repo: str) -> Path:
    git_dir = mirror / repo.replace("/", "+") / "repo"
    return git_dir / ".git" if (git_dir / ".git").is_dir() else git_dir


def _show(git_dir: Path, rev: str, path: str) -> bytes | None:
    done = subprocess.run(["git", "--git-dir", str(git_dir), "show", f"{rev}:{path}"], capture_output=True,
                          check=False)
    return done.stdout if done.returncode == 0 else None


def files(mirror: Path, seen_only: bool, formats: tuple[str, ...]) -> list[dict]:
    """The files to measure: (repo, path, rev, source) of the seen splits' Office documents, then the mirrors'."""
    sources = json.loads((DATA / "sources.json").read_text(encoding="utf-8"))
    blocked = {line.strip() for line in HELDOUT.read_text().splitlines() if line.strip() and not line.startswith("#")}
    blocked |= {doc["repo"] for doc in sources if frozen(doc["split"])}
    out: list[dict] = []
    taken: set[tuple[str, str]] = set()
    for doc in sources:
        suffix = PurePosixPath(doc["path"]).suffix.lower()
        if frozen(doc["split"]) or doc.get("convert_to") or suffix not in formats or doc["repo"] in blocked:
            continue
        out.append({"repo": doc["repo"], "path": doc["path"], "rev": doc["commit"], "source": "seen",
                    "stored": doc["file"] if doc["stored"] else None})
        taken.add((doc["repo"], doc["path"]))
    if seen_only:
        return out
    for folder in sorted(mirror.iterdir()):
        repo = folder.name.replace("+", "/", 1)
        if repo in blocked or not (folder / "repo").is_dir():
            continue
        listing = subprocess.run(["git", "--git-dir", str(_git_dir(mirror, repo)), "ls-tree", "-r", "-l", "HEAD"],
                                 capture_output=True, text=True, check=False).stdout
        for line in listing.splitlines():
            meta, _, path = line.partition("\t")
            size = meta.split()[3] if len(meta.split()) > 3 else "-"
            if PurePosixPath(path).suffix.lower() in formats and (repo, path) not in taken \
                    and size.isdigit() and int(size) <= MAX_BYTES:
                out.append({"repo": repo, "path": path, "rev": "HEAD", "source": "mirror", "stored": None})
                taken.add((repo, path))
    return out


def measure(entry: dict, mirror: Path) -> dict:
    suffix = PurePosixPath(entry["path"]).suffix.lower()
    result = {k: entry[k] for k in ("repo", "path", "source")} | {"format": suffix[1:]}
    if entry["stored"]:
        data = (DATA / "docs" / entry["stored"]).read_bytes()
    else:
        data = _show(_git_dir(mirror, entry["repo"]), entry["rev"], entry["path"])
    if not data:
        return result | {"status": "unavailable"}
    try:
        units = READERS[suffix](data)
    except Exception as exc:  # noqa: BLE001 (a file the full reading cannot open: counted apart)
        return result | {"status": f"unreadable: {type(exc).__name__}"}
    try:
        text = ours(data, entry["path"], suffix)
    except IngestError as exc:
        return result | {"status": f"refused: {str(exc)[:60]}", "words": sum(len(words(u)) for _, u in units)}
    except Exception as exc:  # noqa: BLE001 (a reader's crash on a real file: counted, and the run goes on)
        return result | {"status": f"crash: {type(exc).__name__}: {str(exc)[:60]}",
                         "words": sum(len(words(u)) for _, u in units)}
    measured = compare(units, text)
    if not measured["words"]:
        return result | {"status": "no text"}
    return result | {"status": "ok"} | measured


def summary(results: list[dict]) -> dict:
    ok = [r for r in results if r["status"] == "ok"]
    table: dict[str, dict] = {}
    for fmt in sorted({r["format"] for r in ok}):
        rows = [r for r in ok if r["format"] == fmt]
        classes: dict[str, dict] = defaultdict(lambda: {"words": 0, "lost": 0, "files": 0, "repos": set()})
        for r in rows:
            for name, size in r["classes"].items():
                classes[name]["words"] += size
            for name, lost in r["lost"].items():
                classes[name]["lost"] += lost
                if lost >= LOST_CLASS_MIN:
                    classes[name]["files"] += 1
                    classes[name]["repos"].add(r["repo"])
        words_total = sum(r["words"] for r in rows)
        table[fmt] = {
            "files": len(rows), "repos": len({r["repo"] for r in rows}), "words": words_total,
            "coverage": round(sum(r["kept"] for r in rows) / words_total, 4),
            "files_below_99": sum(r["coverage"] < 0.99 for r in rows),
            "files_below_90": sum(r["coverage"] < 0.90 for r in rows),
            "ligature_files": sum(r["ligatures_left"] > 0 for r in rows),
            "classes": {name: {**c, "repos": len(c["repos"])} for name, c in sorted(classes.items())}}
    return {"statuses": dict(Counter(r["status"].split(":")[0] for r in results)), "formats": table}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--seen-only", action="store_true", help="only the seen extraction splits' documents")
    parser.add_argument("--format", choices=[f[1:] for f in FORMATS], help="one format only")
    parser.add_argument("--json", type=Path, help="write every file's figures here")
    parser.add_argument("--worst", type=int, default=15, help="list this many files of lowest coverage")
    args = parser.parse_args()
    formats = ("." + args.format,) if args.format else FORMATS
    results = []
    for number, entry in enumerate(files(args.mirror, args.seen_only, formats), start=1):
        results.append(measure(entry, args.mirror))
        if number % 100 == 0:
            print(f"... {number} files", file=sys.stderr, flush=True)
    report = summary(results)
    print("statuses:", report["statuses"])
    for fmt, row in report["formats"].items():
        print(f"\n{fmt}: {row['files']} files, {row['repos']} repositories, {row['words']:,} words, coverage "
              f"{row['coverage']:.4f}; files under 0.99: {row['files_below_99']}, under 0.90: {row['files_below_90']}"
              f"; files with ligatures left: {row['ligature_files']}")
        print(f"  {'class':20} {'words':>9} {'lost':>7} {'lost %':>7} {'files':>6} {'repos':>6}")
        for name, c in row["classes"].items():
            share = 100 * c["lost"] / c["words"] if c["words"] else 0.0
            print(f"  {name:20} {c['words']:9,} {c['lost']:7,} {share:6.1f}% {c['files']:6} {c['repos']:6}")
    ok = sorted((r for r in results if r["status"] == "ok"), key=lambda r: r["coverage"])
    print(f"\nlowest coverage (files losing >= {LOST_CLASS_MIN} words of a class count for it above):")
    for r in ok[:args.worst]:
        print(f"  {r['coverage']:.3f} {r['words']:7,} {r['repo']}:{r['path'][-60:]}  lost {r['lost']}")
    if args.json:
        args.json.write_text(json.dumps({"summary": report, "files": results}, ensure_ascii=False, indent=1),
                             encoding="utf-8")


if __name__ == "__main__":
    main()
