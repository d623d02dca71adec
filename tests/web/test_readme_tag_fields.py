"""README says how many tags a tag field offers as you type: it said the curators' field "offers every existing tag"
and the sign-up form's "More tags" "offers them all", where each lists the most used up to a cap (a datalist of
every tag of a large store would weigh megabytes a page)."""

from __future__ import annotations

from pathlib import Path

from web.views import curation, digest

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_the_curators_tag_field_is_said_to_offer_the_most_used_up_to_its_cap():
    assert f"tag field offers the existing tags as you type (the {curation.MAX_TAG_OPTIONS:,} most used" in README
    assert "offers every existing tag" not in README


def test_the_sign_up_forms_more_tags_is_said_to_offer_the_most_used_up_to_its_cap():
    assert f'"More tags", which offers them (the {digest.MAX_TAG_OPTIONS:,} most used)' in README
    assert "offers them all" not in README
