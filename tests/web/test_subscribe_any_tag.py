"""Any tag can be chosen on the subscription forms, not only the most used ones ticked as boxes: a field offers every
tag readers see as it is typed (a datalist), and what is typed there must name one, Chinese or English; a rarer tag
could not be chosen at all."""

from __future__ import annotations

import html
import re

import pytest

from kb.digest.links import make_token
from kb.store import Store, Target
from tests.web.conftest import refused

ADDRESS = "wang.fang@example.com"


@pytest.fixture
def rare(settings, monkeypatch):
    """A Chinese and an English tag readers see, past the boxes the form ticks (one box, for the test)."""
    from web.views import digest

    monkeypatch.setattr(digest, "TAG_CHOICES", 1)
    with Store(settings.db) as store:
        labels = [t["label"] for t in store.tags(for_readers=True)][1:]
        store.add_subscriber(ADDRESS, name="王芳", language="zh", interests={"projects": ["CRM"]})
    chinese = next(t for t in labels if re.search(r"[\u4e00-\u9fff]", t))
    english = next(t for t in labels if t.isascii())
    return chinese, english


def _stored(settings):
    with Store(settings.db) as store:
        return store.subscriber(ADDRESS)


def _offered(page: str) -> list[str]:
    listed = re.search(r'<datalist id="interest-tag-options">(.*?)</datalist>', page, re.DOTALL).group(1)
    return [html.unescape(v) for v in re.findall(r'<option value="([^"]*)">', listed)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_reader_chooses_a_tag_past_the_boxes_from_the_manage_link(settings, client, rare, lang):
    client.set_cookie("kb_lang", lang)
    token = make_token(settings.secret_key, "manage", _stored(settings))
    page = client.get(f"/subscription/{token}").get_data(as_text=True)
    boxes = [html.unescape(v) for v in re.findall(r'name="tags" value="([^"]*)"', page)]
    assert not set(rare) & set(boxes) and set(rare) <= set(_offered(page))
    assert 'list="interest-tag-options"' in page
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    for typed in rare:
        sent = client.post(f"/subscription/{token}", data={"csrf_token": csrf, "language": "zh", "frequency": "weekly",
                                                            "projects": ["CRM"], "more_tags": f" {typed} "})
        assert sent.status_code == 302
        assert _stored(settings)["interests"]["tags"] == [typed]
    page = client.get(f"/subscription/{token}").get_data(as_text=True)  # kept, ticked, when the form is next saved
    assert [html.unescape(v) for v in re.findall(r'name="tags" value="([^"]*)" checked', page)] == [rare[1]]


@pytest.mark.parametrize(("lang", "said"), [
    ("zh", "没有名为“<b>供应商管理x</b>”的标签"), ("en", "No tag is named '<b>供应商管理x</b>'")])
def test_a_tag_typed_that_no_document_has_is_refused_and_nothing_is_lost(settings, as_curator, rare, lang, said):
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    typed = "<b>供应商管理x</b>"
    sent = client.post("/curate/subscribers", data={"csrf_token": token, "action": "update", "email": ADDRESS,
                                                   "name": "王芳", "language": "zh", "frequency": "daily",
                                                   "tags": [rare[1]], "more_tags": typed})
    page = refused(client, sent).get_data(as_text=True)
    assert "<b>供应商管理x" not in page  # escaped, never markup
    assert said in html.unescape(re.search(r'class="error-box" role="alert">(.*?)</p>', page, re.DOTALL).group(1))
    assert html.unescape(re.search(r'name="more_tags"[^>]* value="([^"]*)"', page).group(1)) == typed  # kept
    stored = _stored(settings)
    assert stored["frequency"] == "weekly" and stored["interests"]["projects"] == ["CRM"]  # unchanged
    assert not stored["interests"]["tags"]


def test_signing_up_with_a_tag_no_document_has_stores_nothing_and_keeps_the_form(settings, client):
    """Refused before any mail: no subscriber pending, the address and the tag typed back in the form."""
    page = client.get("/subscribe").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    sent = client.post("/subscribe", data={"csrf_token": csrf, "email": "li.lei@example.com", "language": "en",
                                           "frequency": "weekly", "more_tags": "数据迁移x"})
    page = refused(client, sent).get_data(as_text=True)
    assert 'value="li.lei@example.com"' in page
    assert "No tag is named '数据迁移x'" in html.unescape(page)
    with Store(settings.db) as store:
        assert not store.subscriber_page("", limit=10, offset=0)[1]


def _manage(settings, client) -> tuple[str, str]:
    token = make_token(settings.secret_key, "manage", _stored(settings))
    page = client.get(f"/subscription/{token}").get_data(as_text=True)
    return token, re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


@pytest.mark.parametrize(("lang", "separators"), [("zh", "，、"), ("en", ",;"), ("zh", "；、")])
def test_several_tags_typed_in_one_field_are_each_kept(settings, client, rare, lang, separators):
    # One tag per save: "供应商管理，environments" was looked up as one name and refused. The store's three tags,
    # the one made of markup among them.
    client.set_cookie("kb_lang", lang)
    with Store(settings.db) as store:
        chosen = [t["label"] for t in store.tags(for_readers=True)]
    assert len(chosen) == 3 and set(rare) < set(chosen)
    typed = chosen[0] + "".join(f"{sep} {name} " for sep, name in zip(separators, chosen[1:], strict=True))
    token, csrf = _manage(settings, client)
    sent = client.post(f"/subscription/{token}", data={"csrf_token": csrf, "language": "zh", "frequency": "weekly",
                                                        "projects": ["CRM"], "more_tags": typed})
    assert sent.status_code == 302
    assert sorted(_stored(settings)["interests"]["tags"]) == sorted(chosen)
    assert "<b onmouseover" not in client.get(f"/subscription/{token}").get_data(as_text=True)  # escaped


@pytest.mark.parametrize(("lang", "said"), [
    ("zh", "没有名为“<i>供应商x</i>”、“vendr”的标签"), ("en", "No tags are named '<i>供应商x</i>', 'vendr':")])
def test_of_several_tags_typed_each_unknown_one_is_named_and_nothing_is_lost(settings, client, rare, lang, said):
    client.set_cookie("kb_lang", lang)
    typed = f"{rare[0]}，<i>供应商x</i>、{rare[1]}; vendr"
    token, csrf = _manage(settings, client)
    sent = client.post(f"/subscription/{token}", data={"csrf_token": csrf, "language": "zh", "frequency": "daily",
                                                        "projects": ["CRM"], "more_tags": typed})
    page = refused(client, sent).get_data(as_text=True)
    assert "<i>供应商x" not in page  # escaped, never markup
    error = html.unescape(re.search(r'class="error-box" role="alert">(.*?)</p>', page, re.DOTALL).group(1))
    assert said in error and rare[0] not in error and rare[1] not in error  # the known ones are not named
    assert html.unescape(re.search(r'name="more_tags"[^>]* value="([^"]*)"', page).group(1)) == typed  # all kept
    stored = _stored(settings)
    assert stored["frequency"] == "weekly" and not stored["interests"]["tags"]  # unchanged


def test_the_manage_form_refused_for_a_tag_comes_back_as_it_was_filled_in(settings, client, rare):
    """Refused for a tag typed wrong, the manage form came back with the subscription as stored: a name, language,
    frequency, box of project or kind or tag changed in the same form showed as before, and saving again after
    correcting the tag lost them without a word (r-review)."""
    client.set_cookie("kb_lang", "en")
    token, csrf = _manage(settings, client)
    box = re.search(r'name="tags" value="([^"]*)"', client.get(f"/subscription/{token}").get_data(as_text=True))
    sent = client.post(f"/subscription/{token}", data={
        "csrf_token": csrf, "name": "Fang W.", "language": "en", "frequency": "daily", "projects": [],
        "kinds": ["root_cause"], "tags": [html.unescape(box.group(1))], "more_tags": "vendr"})
    page = refused(client, sent).get_data(as_text=True)
    assert html.unescape(re.search(r'name="name"[^>]* value="([^"]*)"', page).group(1)) == "Fang W."
    assert '<option value="en" selected>' in page and '<option value="daily" selected>' in page
    assert re.findall(r'name="projects" value="([^"]*)" checked', page) == []  # CRM unticked in the form
    assert re.findall(r'name="kinds" value="([^"]*)" checked', page) == ["root_cause"]
    assert [html.unescape(v) for v in re.findall(r'name="tags" value="([^"]*)" checked', page)] == [
        html.unescape(box.group(1))]
    assert _stored(settings)["frequency"] == "weekly"  # nothing stored


@pytest.mark.parametrize(("typed", "stored", "said"), [
    ("供应商管理 测试环境", ["供应商管理", "测试环境"], None),  # Chinese tags parted by spaces, as ingest parts them
    ("测试环境　environments", ["environments", "测试环境"], None),  # a full-width space too
    ("environments 测试环境, 供应商管理", None, "No tag is named 'environments 测试环境'"),  # commas part them alone
])
def test_chinese_tags_typed_with_spaces_between_are_each_kept(settings, client, rare, typed, stored, said):
    """A document's "tags: 供应商管理 测试环境" is two tags (ingest.metadata.tag_names); typed so in "More tags", it was
    looked up as one name and refused. The form's script offers the tag after the last space then too."""
    with Store(settings.db) as store:
        store.add_tag(Target("document", "crm/retro"), "测试环境")
    client.set_cookie("kb_lang", "en")
    token, csrf = _manage(settings, client)
    sent = client.post(f"/subscription/{token}", data={"csrf_token": csrf, "language": "zh", "frequency": "weekly",
                                                        "projects": ["CRM"], "more_tags": typed})
    if stored:
        assert sent.status_code == 302 and sorted(_stored(settings)["interests"]["tags"]) == sorted(stored)
    else:
        assert said in html.unescape(refused(client, sent).get_data(as_text=True))
