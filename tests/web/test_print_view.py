"""The print view of an agenda on the visitor's device: how to print said for it (a phone has no Ctrl+P), a Print
button where a script can print, and the items without a length counted as on the session's page."""

from __future__ import annotations

import html
import re

import pytest

from tests.web.test_agenda_web import _session, _set

IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148"
ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15"
WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"


@pytest.mark.parametrize(("lang", "agent", "hint"), [
    ("zh", IPHONE, "如需打印或存为 PDF，请在浏览器菜单或“分享”中选择“打印”。"),
    ("en", ANDROID, "To print it or save it as a PDF, choose Print in the browser's menu or Share."),
    ("zh", MAC, "用浏览器的“打印”（⌘P）打印本页。"), ("en", MAC, "Print it with the browser's Print (⌘P)."),
    ("zh", WINDOWS, "用浏览器的“打印”（Ctrl+P）打印本页。"), ("en", "", "Print it with the browser's Print (Ctrl+P).")])
def test_the_print_view_says_how_to_print_on_the_device_with_a_print_button(as_curator, lang, agent, hint):
    """"Ctrl+P" was said on a phone too (u-cur 14); the Print button (print.js) shows where a script can print."""
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    session_id, _ = _session(client, token, n=1)
    printed = client.get(f"/sessions/{session_id}/print", headers={"User-Agent": agent}).get_data(as_text=True)
    nav = html.unescape(re.search(r'<nav class="screen-only"[^>]*>(.*?)</nav>', printed, re.DOTALL).group(1))
    assert f'<span class="print-hint">{hint}</span>' in nav
    assert f'<button type="button" class="js-print" hidden>{"打印" if lang == "zh" else "Print"}</button>' in nav
    assert '<script src="/static/js/print.js" defer></script>' in printed


def test_the_print_view_says_how_many_items_have_no_length_as_the_page_does(as_curator):
    client, token = as_curator
    client.set_cookie("kb_lang", "zh")
    session_id, items = _session(client, token, n=3)
    untimed = re.search(r'<p class="total">(.*?)</p>', client.get(f"/sessions/{session_id}/print").get_data(as_text=True))
    assert untimed and untimed.group(1) == "3 项未填时长"
    _set(client, token, session_id, items[0], duration_minutes="20")
    total = re.search(r'<p class="total">(.*?)</p>', client.get(f"/sessions/{session_id}/print").get_data(as_text=True))
    assert total and "总时长 20 分钟" in total.group(1) and total.group(1).endswith("（2 项未填时长）")
