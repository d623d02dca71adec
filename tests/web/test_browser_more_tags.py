"""The subscription form's "More tags" field in a real Chromium: several tags are typed in it, and the browser's list
of tags follows the one being typed (the part after the last separator, as the server splits them), keeping the
earlier ones in the field; it offered tags only while the first one was typed. (Chromium's own pop-up of suggestions
cannot be driven headless: the test reads the options it offers, those starting as the field does, and chooses one
as the pop-up does, by setting the field to its value.)"""

from __future__ import annotations

import pytest

from kb.digest.links import make_token
from kb.store import Store, Target
from tests.web.test_browser import browser, kept, server, tab  # noqa: F401 (the fixtures of the browser tests)

pytestmark = pytest.mark.slow
ADDRESS = "wang.fang@example.com"
OFFERED = "el => Array.from(el.list.options).filter(o => !o.disabled && o.value.startsWith(el.value)).map(o => o.value)"


@pytest.mark.parametrize(("lang", "typed", "chosen", "tags"), [
    ("zh", "供应商管理，测", "供应商管理，测试环境", ["供应商管理", "测试环境"]),
    ("en", "供应商管理，测", "供应商管理，测试环境", ["供应商管理", "测试环境"]),
    ("zh", "供应商管理 测", "供应商管理 测试环境", ["供应商管理", "测试环境"]),  # spaces part Chinese tags, as ingest's
    ("en", "environments; 测试环境、供", "environments; 测试环境、供应商管理", ["environments", "测试环境", "供应商管理"]),
])
def test_the_tag_list_follows_the_tag_being_typed(tab, server, settings, lang, typed, chosen, tags):  # noqa: F811
    with Store(settings.db) as store:
        store.add_tag(Target("document", "crm/retro"), "测试环境")
        store.add_subscriber(ADDRESS, name="王芳", language="zh", interests={"projects": ["CRM"]})
        token = make_token(settings.secret_key, "manage", store.subscriber(ADDRESS))
    page = tab(lang)
    page.goto(f"{server}/subscription/{token}")
    field = page.locator("input[name=more_tags]")
    field.press_sequentially(typed)
    assert page.evaluate(OFFERED, field.element_handle()) == [chosen]
    head = chosen[:len(chosen) - len(tags[-1])]  # the field up to the tag being typed
    every = page.evaluate(OFFERED.replace("el.value", f"'{head}'"), field.element_handle())
    assert every and all(value.startswith(head) for value in every)
    assert not {value[len(head):] for value in every} & set(tags[:-1])  # a tag already in the field: not again
    field.fill(chosen)  # chosen from the list: the field takes the option's value
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    with Store(settings.db) as store:
        assert sorted(store.subscriber(ADDRESS)["interests"]["tags"]) == sorted(tags)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_curators_tag_fields_share_one_list_that_follows_the_field_typed_in(tab, server, settings, lang):  # noqa: F811
    """The review queue's tag fields (one a lesson, and the bulk one) take several tags with commas between them
    (kb.store.tag_list) and share the page's one list of tags: it follows the tag being typed in the field being
    typed in, and a semicolon, which does not part tags there, offers nothing after it."""
    from playwright.sync_api import expect

    page = tab(lang, user="carl")
    page.goto(f"{server}/review")
    first, second = (page.locator("li.queue-item").nth(n).locator("form.tag-add input[name=tag]") for n in (0, 1))
    first.press_sequentially("供应商管理，env")
    assert page.evaluate(OFFERED, first.element_handle()) == ["供应商管理，environments"]
    second.focus()  # the list is the page's: now this field's, empty, every tag offered as it is named
    every = page.evaluate("el => Array.from(el.list.options).map(o => o.value)", second.element_handle())
    assert {"供应商管理", "environments"} <= set(every) and not any("，" in value for value in every)
    bulk = page.locator("input[name=tag][data-several-tags]:not(form.tag-add input)")
    bulk.press_sequentially("environments；供")
    assert page.evaluate(OFFERED, bulk.element_handle()) == []  # one name with a semicolon in it, as the server reads
    lesson = int(page.locator("li.queue-item").nth(0).locator("form.tag-add input[name=ref]").input_value())
    with Store(settings.db) as store:
        before = store.lesson(lesson)["tags"]
    first.fill("供应商管理，environments")  # chosen from the list: the field takes the option's value
    first.press("Enter")
    expect(page.locator("li.queue-item").nth(0).locator("li.tag", has_text="environments")).not_to_have_count(0)
    with Store(settings.db) as store:
        assert not {"供应商管理", "environments"} & set(before)
        assert {"供应商管理", "environments"} <= set(store.lesson(lesson)["tags"])
