"""The coloured badges curators read all day (a lesson's kind in the review queue, on agendas and in results; review
and session statuses) are small text: each colour on its background must reach WCAG's 4.5:1. 行动项 / Action item,
#9a6700 on #fff3dc, was 4.43:1 (axe-core: color-contrast, serious, on every queue page holding one); the
accessibility run's test collection has no action item, so it never saw it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[2] / "web" / "static" / "css" / "app.css").read_text(encoding="utf-8")


def _variables() -> dict[str, str]:
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", CSS))


def _badges() -> list[tuple[str, str, str]]:
    """(selector, colour, background) of each kind and status rule that sets both."""
    names = _variables()
    out = []
    for selector, body in re.findall(r"(\.(?:kind|status)-[\w-]+(?:,\s*\.[\w-]+)*)\s*\{([^}]*)\}", CSS):
        colour = re.search(r"(?<!-)color:\s*(var\(--[\w-]+\)|#[0-9a-fA-F]{6})", body)
        background = re.search(r"background:\s*(#[0-9a-fA-F]{6})", body)
        if colour and background:
            value = colour.group(1)
            value = names[value[6:-1]] if value.startswith("var(") else value
            out.append((selector, value, background.group(1)))
    return out


def _luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    low, high = sorted((_luminance(a), _luminance(b)))
    return (high + 0.05) / (low + 0.05)


def test_the_badges_are_found():
    selectors = {s for s, _, _ in _badges()}
    assert {".kind-action_item", ".kind-went_wrong", ".kind-root_cause"} <= selectors, selectors


@pytest.mark.parametrize(("selector", "colour", "background"), _badges())
def test_each_badge_reaches_four_and_a_half_to_one(selector, colour, background):
    assert contrast(colour, background) >= 4.5, f"{selector}: {colour} on {background}"
