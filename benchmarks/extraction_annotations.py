"""Check the extraction benchmark's annotations: every annotated lesson's text occurs in its document.

    .venv/bin/python benchmarks/extraction_annotations.py [--split dev2|tuned|all|...] [--mirror /work/.mirror]

Each document's original bytes (stored in benchmarks/extraction/docs/, or from the git mirror of its repository at the
recorded commit, as benchmarks/extraction.py reads them) are turned into text without this project's parsers — Word and
PowerPoint from their XML, PDF with pypdfium2, anything else decoded as text, as written and again with HTML tags and
Markdown link targets and reference labels dropped — so a parser bug cannot hide a mistyped annotation. Texts are compared on letters and digits only (NFKC, lower
case): line breaks inside PDF paragraphs, Markdown marks and table pipes do not count. Prints every annotation not
found and a count per split; exit status 1 when any is missing. A frozen split (held53 and later; held30 to held52 were judged) is checked only when
named: "tuned" and "all" leave it out, so checking everything never prints an unseen set's annotations.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import re
import sys
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.extraction import DATA, SPLITS, frozen, source_bytes

_WORD_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")
_SLIDE_TEXT = re.compile(r"<a:t>([^<]*)</a:t>")
_SLIDE_NAME = re.compile(r"ppt/slides/slide(\d+)\.xml")
_MARKUP = re.compile(r"<[^<>\n]+>|\]\([^)\n]*\)|\]\[[^\]\n]*\]")


def letters(text: str) -> str:
    """Letters and digits only, NFKC, lower case: the form annotations and documents are compared in.

    A compatibility character next to the character it stands for is read once: some PDF text layers give both (a
    Kangxi radical or CJK compatibility ideograph beside the ordinary one: "⽬目" for 目, "理理" for 理).
    """
    chars = [unicodedata.normalize("NFKC", ch) for ch in text]
    kept = [c for i, c in enumerate(chars)
            if not (c != text[i] and c in (text[i - 1] if i else "", text[i + 1] if i + 1 < len(text) else ""))]
    return "".join(ch for ch in "".join(kept).lower() if ch.isalnum())


def document_text(data: bytes, suffix: str) -> str:
    """A document's text, read without the project's parsers."""
    if suffix == ".docx":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return html.unescape(" ".join(_WORD_TEXT.findall(z.read("word/document.xml").decode("utf-8"))))
    if suffix == ".pptx":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            slides = sorted((int(m.group(1)), m.group(0)) for m in map(_SLIDE_NAME.fullmatch, z.namelist()) if m)
            return html.unescape(" ".join(t for _, name in slides for t in _SLIDE_TEXT.findall(z.read(name).decode("utf-8"))))
    if suffix == ".pdf":
        import pypdfium2

        pdf = pypdfium2.PdfDocument(data)
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = data.decode("utf-8", "replace")
    return text + "\n" + _MARKUP.sub(" ", text)  # as written, and without tags or link targets


def missing(lessons: list[dict], data: bytes, suffix: str) -> list[dict]:
    """The annotated lessons whose text is not in the document (its bytes and file extension)."""
    text = letters(document_text(data, suffix))
    return [lesson for lesson in lessons if letters(lesson["text"]) not in text]


def chosen(sources: list[dict], split: str) -> list[dict]:
    """The documents a --split value names; "tuned" and "all" leave the frozen splits out."""
    if split in ("tuned", "all"):
        return [doc for doc in sources if not frozen(doc["split"])]
    return [doc for doc in sources if doc["split"] == split]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=[*SPLITS, "tuned", "all"], default="tuned",
                        help="the split to check (default: every split but the frozen ones)")
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    args = parser.parse_args()
    sources = json.loads((DATA / "sources.json").read_text(encoding="utf-8"))
    found, lost, unread = Counter(), Counter(), []
    for doc in chosen(sources, args.split):
        data = source_bytes(doc, args.mirror)
        if data is None:
            unread.append(doc["id"])
            continue
        lessons = json.loads((DATA / "annotations" / f"{doc['id']}.json").read_text(encoding="utf-8"))["lessons"]
        for lesson in missing(lessons, data, Path(doc["path"]).suffix.lower()):
            lost[doc["split"]] += 1
            print(f"missing | {doc['id']} | {lesson['kind']} | {lesson['text']}")
        found[doc["split"]] += 1
    for split in sorted(found.keys() | lost.keys()):
        print(f"{split}: {found[split]} documents read, {lost[split]} annotations not found")
    if unread:
        print(f"{len(unread)} documents not readable here (no mirror): {', '.join(unread)}")
    return 1 if sum(lost.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
