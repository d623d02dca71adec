"""web/session_choices.py: a share session as the "add to session" list names it, start and end of a long title
around "…" (where similar names differ), whole in the option's title attribute."""

from __future__ import annotations

import html
import re

import pytest

from kb.store import Store
from kb.text import display_width, graphemes
from tests.clock import local_day
from web.session_choices import CHOICE_COLUMNS, LABEL_COLUMNS, choice_label

EAST, SOUTH = "2026年第四季度供应商交付与测试环境准备经验分享会（华东区）", "2026年第四季度供应商交付与测试环境准备经验分享会（华南区）"


@pytest.mark.parametrize(("title", "label"), [
    (EAST, "2026年第四季度供应…（华东区）"),
    ("Vendor delivery and test environment readiness lessons, Q4 (East region)", "Vendor delivery and…region)"),
    ("供应商管理经验分享会", "供应商管理经验分享会"),          # fits: whole
    ("  Supplier   lessons\nsession 3 ", "Supplier lessons session 3"),  # on one line
])
def test_a_long_title_keeps_its_start_and_its_end(title, label):
    assert choice_label(title) == label
    assert display_width(label) <= CHOICE_COLUMNS


ENGLISH_TITLES = ["Quarterly retrospective: stakeholder communication breakdowns (East region)",
                  "Vendor management lessons from the warehouse rollout programme",
                  "Internationalization and localization considerations for multinational deployments",
                  "Lessons from ERP rollout, phase two (third wave)"]


@pytest.mark.parametrize("title", ENGLISH_TITLES)
@pytest.mark.parametrize("columns", [CHOICE_COLUMNS, 25, 22])
def test_an_english_title_is_cut_between_words(title, columns):
    """"Quarterly retrospectiv…region)" and "Vendor managemen…rogramme" were cut inside words: each part shown is
    whole words of the title's, the start before a space of it, the end after one."""
    label = choice_label(title, columns)
    head, tail = label.split("…")
    assert head and title.startswith(head) and title[len(head)] in " ,:"  # a space or punctuation after it
    assert not tail or title.endswith(" " + tail)
    assert display_width(label) <= columns


@pytest.mark.parametrize(("title", "label"), [
    ("Vendor management lessons from the warehouse rollout programme", "Vendor management…programme"),
    ("Quarterly retrospective: stakeholder communication breakdowns (East region)",
     "Quarterly…(East region)"),  # the room the start left goes to the end, whole words
    ("Internationalization and localization considerations for multinational deployments",
     "Internationalization and…"),  # its first word leaves no room for an end: the start alone, whole words
    ("Supercalifragilisticexpialidocious retrospective", "Supercalifragilisticexpialido…"),  # one word: cut inside
])
def test_what_an_english_title_keeps(title, label):
    assert choice_label(title) == label


def test_a_chinese_title_is_still_cut_anywhere():
    """Chinese has no spaces to cut at: the start runs up to the room left, between any two characters."""
    assert choice_label("SAP数据迁移经验分享会第三期 data migration wave three") == "SAP数据迁移经验分享…wave three"


CLUSTERS = {"woman technologist": "\U0001F469\u200d\U0001F4BB", "decomposed é": "e\u0301", "flag": "🇨🇳",
            "red heart": "\u2764\ufe0f"}


@pytest.mark.parametrize("name", CLUSTERS)
@pytest.mark.parametrize("at", range(41))
def test_a_title_is_cut_between_clusters_never_inside_an_emoji_or_an_accented_letter(name, at):
    """👩‍💻 is three code points (👩, a joiner, 💻), a decomposed é, a flag (🇨🇳) and ❤️ two: at every place in a long
    title, the start and the end shown are whole clusters of the title's, never 🇨 alone, ❤ without its emoji
    selector or a bare accent after the "…"."""
    title = ("ab" * 30)[:at] + CLUSTERS[name] + ("cd" * 30)[:40 - at]
    head, tail = choice_label(title).split("…")
    whole = graphemes(title)
    assert graphemes(head) == whole[:len(graphemes(head))] and graphemes(tail) == whole[len(whole) - len(graphemes(tail)):]
    assert display_width(head + "…" + tail) <= CHOICE_COLUMNS


def test_titles_that_differ_at_the_end_stay_apart():
    """At 1280 px both read "2026年第四季度供应商交付与测试" (the list cut them after 15 characters)."""
    assert choice_label(EAST) != choice_label(SOUTH)


def test_the_list_shows_the_short_label_and_the_whole_title_on_hover(as_curator, settings):
    client, _ = as_curator
    with Store(settings.db) as store:
        east = store.create_session({"title": EAST, "scheduled_at": f"{local_day(10)}T14:00"}, actor="carl")
        store.create_session({"title": SOUTH}, actor="carl")
    page = client.get("/documents/erp/retro").get_data(as_text=True)
    options = re.findall(r'<option value="(\d+)" data-title="([^"]*)" title="([^"]*)" data-on-label="([^"]*)"'
                         r'(?: selected)?>([^<]*)</option>', page)
    shown = {int(sid): (html.unescape(hover), html.unescape(text), html.unescape(on)) for sid, _, hover, on, text in options}
    # the title shortened by what follows it, the whole within LABEL_COLUMNS (no undated title is cut as short)
    assert shown[east] == (f"{EAST} · {local_day(10)}", f"2026年第四季度供…华东区） · {local_day(10)}",
                           "2026年第四季度…东区） · On the agenda")  # the page in English
    assert "2026年第四季度供应商交付…会（华南区）" in {text for _, text, _ in shown.values()}
    assert all(display_width(text) <= LABEL_COLUMNS for values in shown.values() for text in values[1:])


def _add_forms(page: str) -> dict[int, str]:
    """Each "add to session" form of a page by its lesson id."""
    forms = re.findall(r'<form method="post" action="/sessions/items" class="add-session.*?</form>', page, re.DOTALL)
    return {int(re.search(r'name="lesson_id" value="(\d+)"', f).group(1)): f for f in forms}


@pytest.mark.parametrize(("lang", "on", "add"), [("zh", "已在议程中", "加入分享会"), ("en", "On the agenda", "Add to session")])
def test_without_javascript_the_form_chooses_a_session_the_lesson_is_not_on(as_curator, settings, lang, on, add):
    """One found out by clicking: "经验 105 已在本次议程中". Without JavaScript nothing follows the list's choice, so
    the page as served chooses a session the lesson is not on, and those it is on cannot be chosen (app.js offers
    them again: tests/web/test_browser_add_choice.py)."""
    client, _ = as_curator
    client.set_cookie("kb_lang", lang)
    with Store(settings.db) as store:
        # the list chooses the next session to come: east, whenever this runs (dated 2026-12-15, it was so until then)
        east = store.create_session({"title": EAST, "scheduled_at": f"{local_day(10)}T14:00"}, actor="carl")
        south = store.create_session({"title": SOUTH}, actor="carl")
        first, second, third = [r["id"] for r in store.rows(
            "SELECT l.id FROM lessons l JOIN documents d ON d.id = l.document_id WHERE d.key = 'erp/retro' "
            "ORDER BY l.id LIMIT 3")]
        store.add_session_item(east, first)
        store.add_session_item(south, second)
        for session in (east, south):
            store.add_session_item(session, third)
    forms = _add_forms(client.get("/documents/erp/retro").get_data(as_text=True))
    # on east, the first listed: south is chosen, east marked and not to be chosen
    assert re.search(rf'<option value="{east}"[^>]* data-on-agenda disabled>[^<]* · {on}</option>', forms[first])
    assert re.search(rf'<option value="{south}"[^>]*" selected>', forms[first])
    assert f'<button type="submit">{add}</button>' in forms[first] and "on-agenda" not in forms[first].split(">")[0]
    # on south only: east, the first, is chosen and open to it
    assert re.search(rf'<option value="{east}"[^>]*" selected>', forms[second])
    assert re.search(rf'<option value="{south}"[^>]* data-on-agenda disabled>', forms[second])
    assert f'<button type="submit">{add}</button>' in forms[second]
    # on both: nothing to add to; the button says so and cannot be pressed
    assert 'class="add-session on-agenda"' in forms[third] and f'<button type="submit" disabled>{on}</button>' in forms[third]
    assert len(re.findall(r"data-on-agenda disabled", forms[third])) == 2
