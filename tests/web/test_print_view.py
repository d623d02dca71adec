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


def test_the_print_view_says_which_items_have_no_length_as_the_page_does(as_curator):
    client, token = as_curator
    client.set_cookie("kb_lang", "zh")
    session_id, items = _session(client, token, n=3)
    untimed = re.search(r'<p class="total screen-only">(.*?)</p>',
                        client.get(f"/sessions/{session_id}/print").get_data(as_text=True))
    assert untimed and untimed.group(1) == "各项均未填时长"
    _set(client, token, session_id, items[0], duration_minutes="20")
    total = re.search(r'<p class="total">(.*?)</p>', client.get(f"/sessions/{session_id}/print").get_data(as_text=True))
    assert total and "总时长 20 分钟" in total.group(1)
    assert total.group(1).endswith('<span class="screen-only">（第 2、3 项未填时长）</span>')


@pytest.mark.parametrize(("lang", "timed", "says"), [
    ("en", (0, 2), " (items 2, 4 and 5 without a length)"), ("zh", (0, 2), "（第 2、4、5 项未填时长）"),
    ("en", (0, 1, 2, 4), " (item 4 without a length)"), ("zh", (0, 1, 3, 4), "（第 3 项未填时长）"),
    ("en", (0, 1, 3), " (items 3 and 5 without a length)")])
def test_the_items_without_a_length_are_named_by_their_numbers_on_screen_not_on_paper(as_curator, lang, timed, says):
    """"2 items without a length" left the curator to find which, and was printed on the agenda handed round."""
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    session_id, items = _session(client, token, n=5)
    assert len(items) == 5
    for index in timed:
        assert _set(client, token, session_id, items[index], duration_minutes="10").status_code == 302
    page = client.get(f"/sessions/{session_id}").get_data(as_text=True)
    assert f'<span class="muted">{says}</span>' in html.unescape(page)
    printed = html.unescape(client.get(f"/sessions/{session_id}/print").get_data(as_text=True))
    assert f'<span class="screen-only">{says}</span></p>' in printed
    assert f"{says.strip()}\n" in client.get(f"/sessions/{session_id}/agenda.md").get_data(as_text=True)
