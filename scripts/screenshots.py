"""Take the README's screenshots from a running `kb serve` (Debian chromium via Playwright).

    KB_SECRET_KEY=... .venv/bin/kb serve --port 5055 &
    .venv/bin/python scripts/screenshots.py --base http://127.0.0.1:5055 --user demo --password ...

``--only search document`` retakes some of them (search, document, session, home, queue, mobile, upload, record),
e.g. after a change to those pages, without the share session the session screenshots need. ``upload`` and ``record``
(Contributing from the browser) log in as ``--contributor`` (default: ``--user``); ``upload`` uploads a short
retrospective and a file that cannot be read, and discards both once taken, so nothing is published.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PAGES = ["search", "document", "session", "home", "queue", "mobile", "upload", "record"]
# A Word file cut off in its first part (a zip's local header and then nothing whole): what a broken download or a
# full disk leaves. Text named .docx is read as text (with a warning), so it would not show a file that cannot be read.
BAD_DOCX = b"PK\x03\x04\x14\x00\x06\x00\x08\x00" + bytes(range(256)) * 2
# What upload-zh.png shows being read: a retrospective the parser understands, and a Word file it cannot read.
RETRO = """---
title: 仓库搬迁复盘
project: 仓库搬迁
type: retrospective
date: 2025-03-01
---
# 仓库搬迁复盘

## 经验教训

- 叉车外包商要在租约签署前预订，否则一个月内都排不上。
- 新库位编码要在搬迁前一周贴好，盘点时按新编码核对。
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:5000")
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--contributor", help="the account for upload and record [default: --user]")
    parser.add_argument("--contributor-password", help="its password [default: --password]")
    parser.add_argument("--session", default="1")
    parser.add_argument("--digest-html", type=Path, help="a digest rendered by 'kb digest preview --html'")
    parser.add_argument("--only", nargs="+", choices=PAGES, default=PAGES, help="the screenshots to take")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for lang, query in (("zh", "供应商交付延期"), ("en", "test environment not ready")):
            context = browser.new_context(viewport={"width": 1280, "height": 860}, device_scale_factor=1)
            page = context.new_page()
            page.goto(f"{args.base}/lang/{lang}")
            if "search" in args.only:
                page.goto(f"{args.base}/?q={query}")
                page.screenshot(path=str(OUT / f"search-{lang}.png"))
            if "document" in args.only:
                page.goto(f"{args.base}/documents/erp-upgrade/retro-phase1" if lang == "zh"
                          else f"{args.base}/documents/cloud-migration/retro-phase2")
                page.screenshot(path=str(OUT / f"document-{lang}.png"))
            if "session" in args.only:
                page.goto(f"{args.base}/login")
                page.fill("input[name=username]", args.user)
                page.fill("input[name=password]", args.password)
                page.click("#login-form button[type=submit]")
                page.goto(f"{args.base}/sessions/{args.session}")
                page.screenshot(path=str(OUT / f"session-{lang}.png"))
            context.close()
        home_and_queue(browser, args)
        contributing(browser, args)
        if args.digest_html:
            context = browser.new_context(viewport={"width": 760, "height": 1100})
            page = context.new_page()
            page.set_content(args.digest_html.read_text(encoding="utf-8"))
            page.screenshot(path=str(OUT / "digest-zh.png"))
        browser.close()


def log_in(page, args: argparse.Namespace, user: str, password: str) -> None:
    """Log in through the form, and wait until the page after it has loaded."""
    page.goto(f"{args.base}/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", password)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def contributing(browser, args: argparse.Namespace) -> None:
    """Contributing from the browser (1280 px, whole pages): a file uploaded and read, in Chinese; the form that
    records a lesson, in English."""
    user, password = args.contributor or args.user, args.contributor_password or args.password
    for lang, name in (("zh", "upload"), ("en", "record")):
        if name not in args.only:
            continue
        context = browser.new_context(viewport={"width": 1280, "height": 860}, device_scale_factor=1)
        page = context.new_page()
        page.goto(f"{args.base}/lang/{lang}")
        log_in(page, args, user, password)
        if name == "record":
            page.goto(f"{args.base}/contribute/record")
            page.screenshot(path=str(OUT / "record-en.png"), full_page=True)
        else:
            page.goto(f"{args.base}/contribute/upload")
            page.set_input_files("#files", files=[
                {"name": "仓库搬迁复盘.md", "mimeType": "text/markdown", "buffer": RETRO.encode("utf-8")},
                {"name": "bad.docx", "mimeType": "application/octet-stream", "buffer": BAD_DOCX}])
            page.click("#upload-button")
            page.wait_for_selector("section.upload")
            reading = page.locator("section.upload[data-status=queued], section.upload[data-status=parsing]")
            for _ in range(240):  # the page follows the reading by itself (no script of ours: the CSP allows none)
                if not reading.count():
                    break
                page.wait_for_timeout(500)
            page.wait_for_load_state()
            page.screenshot(path=str(OUT / "upload-zh.png"), full_page=True)
            for _ in range(2):  # discard what was read (the file that could not be read left nothing)
                if not page.locator("section.upload button.danger").count():
                    break
                with page.expect_navigation():
                    page.locator("section.upload button.danger").first.click()
        context.close()


def home_and_queue(browser, args: argparse.Namespace) -> None:
    """The home page and the review queue as a curator sees them (1280 px), and search on a phone (390 px)."""
    for lang in ("zh", "en") if {"home", "queue"} & set(args.only) else ():
        context = browser.new_context(viewport={"width": 1280, "height": 860}, device_scale_factor=1)
        page = context.new_page()
        page.goto(f"{args.base}/lang/{lang}")
        page.goto(f"{args.base}/login")
        page.fill("input[name=username]", args.user)
        page.fill("input[name=password]", args.password)
        page.click("#login-form button[type=submit]")
        if "home" in args.only:
            page.goto(f"{args.base}/")
            page.screenshot(path=str(OUT / f"home-{lang}.png"))
        if "queue" not in args.only:
            context.close()
            continue
        page.goto(f"{args.base}/review")
        page.check("input[name=ids][form=bulk] >> nth=0")
        page.check("input[name=ids][form=bulk] >> nth=1")
        page.select_option("#bulk select[name=action]", "approve")
        page.screenshot(path=str(OUT / f"review-queue-{lang}.png"))
        context.close()
    if "mobile" not in args.only:
        return
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1, is_mobile=True)
    page = context.new_page()
    page.goto(f"{args.base}/lang/zh")
    page.goto(f"{args.base}/?q=测试环境没有准备好")
    page.screenshot(path=str(OUT / "search-mobile-zh.png"))
    context.close()


if __name__ == "__main__":
    main()
