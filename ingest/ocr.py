"""OCR of scanned PDFs, an optional extra: ``pip install lessons-kb[ocr]`` (pytesseract) and Debian's
``tesseract-ocr`` with ``tesseract-ocr-chi-sim``.

Pages are rendered by PDFium at 300 dpi and read by tesseract in Chinese and English. What it reads is plain text
(no sizes or weights), so it is split into headings and items as a text file is. A document read this way says so:
``meta["ocr"]`` names the engine, and the run warns that the text came from OCR.
"""

from __future__ import annotations

import re
import shutil
from functools import cache
from typing import Any

MAX_PAGES = 30  # about 5 s a page on 2 cores: a longer scan is read up to here, with a warning
DPI = 300
_CJK_GAP = re.compile(r"(?<=[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]) +(?=[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef])")


@cache
def ocr_engine() -> tuple[Any, str] | None:
    """(pytesseract, its language string) if OCR can run here, else None (looked up once per process)."""
    if shutil.which("tesseract") is None:
        return None
    try:
        import pytesseract
    except ImportError:
        return None
    try:
        languages = set(pytesseract.get_languages(config=""))
    except Exception:  # noqa: BLE001 (a broken tesseract installation: no OCR)
        return None
    wanted = [lang for lang in ("chi_sim", "eng") if lang in languages]
    return (pytesseract, "+".join(wanted)) if wanted else None


def ocr_pages(document: Any, engine: tuple[Any, str]) -> str:
    """The text tesseract reads on the first ``MAX_PAGES`` pages of an open PDFium document."""
    pytesseract, languages = engine
    texts = []
    for number in range(min(len(document), MAX_PAGES)):
        page = document[number]
        try:
            image = page.render(scale=DPI / 72).to_pil()
        finally:
            page.close()
        text = pytesseract.image_to_string(image, lang=languages)
        texts.append(_CJK_GAP.sub("", text))
    return "\n\n".join(texts)


def engine_name(engine: tuple[Any, str]) -> str:
    """"tesseract 5.3.0 (chi_sim+eng)"."""
    pytesseract, languages = engine
    try:
        version = str(pytesseract.get_tesseract_version()).split()[0]
    except Exception:  # noqa: BLE001
        version = ""
    return f"tesseract {version} ({languages})".replace("  ", " ")
