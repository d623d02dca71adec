"""A list's row actions on a phone (390 px) and a desktop: buttons a finger tells apart. A subscriber's Edit, Preview a
digest and Remove were two links and a button 4 px apart, 19 px tall, on one line of the card; a contribution's Edit
and Withdraw the same; an agenda item's Up, Down and Remove 26 px buttons 5 px apart. WCAG 2.5.8 asks for targets of
at least 24 × 24 px, or that far apart."""

from __future__ import annotations

import pytest

from tests.web.test_browser import browser, kept, server, tab  # noqa: F401 (the fixtures of the browser tests)

pytestmark = pytest.mark.slow
# each action's box, and whether it looks like a button (a border a finger can aim inside)
BOXES = """el => Array.from(el.querySelectorAll('a, button')).map(a => { const r = a.getBoundingClientRect();
  return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, border: parseFloat(getComputedStyle(a).borderTopWidth)}; })"""


def _apart(a: dict, b: dict) -> float:
    """The distance between two boxes (0 where they touch or overlap)."""
    across = max(b["left"] - a["right"], a["left"] - b["right"], 0)
    down = max(b["top"] - a["bottom"], a["top"] - b["bottom"], 0)
    return max(across, down)


def _check(row, width: int, actions: str = ".row-actions") -> None:
    boxes = row.locator(actions).evaluate(BOXES)
    assert len(boxes) >= 2
    least = 32 if width <= 600 else 24
    for box in boxes:
        assert box["border"] > 0, boxes  # a button, not a word
        assert box["bottom"] - box["top"] >= least and box["right"] - box["left"] >= 24, boxes
        assert box["right"] <= width, boxes  # on the screen
    assert min(_apart(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]) >= 6, boxes
    if width > 600:  # one line beside the row's cells
        assert len({round(box["top"]) for box in boxes}) == 1, boxes


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_subscribers_and_a_contributions_actions_are_buttons_apart(tab, server, settings, lang, width):  # noqa: F811
    from kb.store import Store

    with Store(settings.db) as store:
        store.add_subscriber("li@example.org", name="李娜", language="zh")
    page = tab(lang, width=width, height=800, timeout=60_000, user="carl")
    page.goto(server + "/curate/subscribers")
    _check(page.locator("table.docs tbody tr").first, width)
    page.goto(server + "/contribute/record")  # a curator records a lesson too, and may change it
    page.fill("textarea[name=lesson]", "叉车外包商要在租约签署前预订。")
    page.fill("input[name=project]", "仓库搬迁")
    with page.expect_navigation():
        page.click("#record-form button[type=submit]")
    page.goto(server + "/contribute")
    _check(page.locator("table.contributions tbody tr").first, width)
    with Store(settings.db) as store:
        session_id = store.create_session({"title": "供应商交付经验分享会"}, actor="carl")
        for lesson_id in (1, 2):
            store.add_session_item(session_id, lesson_id)
    page.goto(f"{server}/sessions/{session_id}")
    _check(page.locator(".agenda-item").first, width, ".agenda-controls")
