"""The tags page: a filter box that works without JavaScript, curated synonyms that browsing and search treat as
one tag, renames onto an existing tag that ask before merging, undo from the history, and autocomplete."""

from __future__ import annotations

import contextlib
import re

import pytest
from markupsafe import escape

from kb.errors import InvalidInput
from kb.store import MAX_TAGS, Store, Target
from tests.web.conftest import login


def _cloud(page: str) -> list[str]:
    cloud = page.split('id="tag-cloud"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="/browse\?tag=[^"]*">([^<]*)</a>', cloud)


def _tags(client, **data):
    return client.post("/curate/tags/synonyms", data=data)


def test_the_filter_box_narrows_the_tags_without_javascript(client, settings):
    with Store(settings.db) as store:
        store.add_tag(Target("document", "crm/retro"), "数据迁移")
        store.add_tag(Target("document", "crm/retro"), "Data quality")
    everything = client.get("/tags").get_data(as_text=True)
    assert {"数据迁移", "Data quality", "供应商管理", "environments"} <= set(_cloud(everything))
    page = client.get("/tags?q=DATA").get_data(as_text=True)
    assert _cloud(page) == ["Data quality"]
    assert 'value="DATA"' in page and "1 of" in page
    assert _cloud(client.get("/tags?q=迁移").get_data(as_text=True)) == ["数据迁移"]
    empty = client.get("/tags?q=%3Cscript%3E").get_data(as_text=True)
    assert _cloud(empty) == [] and "No tag holds “&lt;script&gt;”." in empty and "<script>" not in empty.split("<main")[1]
    assert _cloud(client.get("/tags?q=%25").get_data(as_text=True)) == []  # % is a character, not a wildcard


def test_synonyms_join_browsing_and_search(as_curator, settings):
    client, token = as_curator
    with Store(settings.db) as store:
        store.add_tag(Target("document", "crm/retro"), "Data migration")
    crm = "CRM migration retrospective"
    assert crm not in client.get("/browse?tag=数据迁移").get_data(as_text=True)
    assert crm not in client.get("/?q=数据迁移&mode=keyword").get_data(as_text=True)
    response = _tags(client, csrf_token=token, names="数据迁移 = data migration")
    assert response.status_code == 302
    assert "Synonyms: data migration = 数据迁移" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert crm in client.get("/browse?tag=数据迁移").get_data(as_text=True)
    assert crm in client.get("/?q=数据迁移&mode=keyword").get_data(as_text=True)
    lessons = client.get("/api/lessons?tag=数据迁移").get_json()["items"]
    assert lessons and {l["document_key"] for l in lessons} == {"crm/retro"}
    page = client.get("/tags?q=数据").get_data(as_text=True)  # a tag is found by its synonym's name too
    assert _cloud(page) == ["Data migration"] and "(same as 数据迁移)" in page
    client.post("/curate/tags/synonyms/remove", data={"csrf_token": token, "name": "数据迁移"})
    assert crm not in client.get("/browse?tag=数据迁移").get_data(as_text=True)


def _error_on_tags_page(client, response, anchor: str, field: str | None = None) -> str:
    """The red message a form of /tags came back with, and that page: to the form's heading (``anchor``), or, for a
    mistake in a ``field``, to that field, marked and focused (autofocus; an address's #fragment would stop it), the
    message under its form too."""
    assert response.status_code == 302 and response.headers["Location"].startswith("/tags")
    assert response.headers["Location"].endswith(f"#{anchor}") if field is None else "#" not in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f'id="{anchor}"' in page
    said = re.search(r'<div class="flash error" role="alert"><p>(.*?)</p>', page).group(1)
    marked = re.findall(r'<input name="(\w+)"[^>]* autofocus aria-invalid="true" aria-describedby="(\w+)-error">', page)
    assert marked == ([(field, field)] if field else []) and page.count("autofocus") == len(marked)
    if field:
        assert re.search(rf'<p class="field-error" id="{field}-error">([^<]*)</p>', page).group(1) == said
    return said, page


def test_synonym_mistakes_are_said_in_the_page_language(as_curator):
    client, token = as_curator
    client.set_cookie("kb_lang", "zh")
    said, page = _error_on_tags_page(client, _tags(client, csrf_token=token, names="数据迁移"), "synonyms", "names")
    assert "请至少填写两个不同的标签名称作为同义词" in said and 'value="数据迁移"' in page  # what was typed, kept
    response = client.post("/curate/tags/synonyms/remove", data={"csrf_token": token, "name": "没有"})
    said, _ = _error_on_tags_page(client, response, "synonyms")
    assert said == str(escape("“没有”没有同义词"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_rename_or_merge_of_a_tag_that_is_none_comes_back_to_its_form_saying_so(as_curator, lang):
    """A typo in the tag to rename led to a 404 page, 'No tag 'warehuose'', whose one link went to search."""
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    response = client.post("/curate/tags/rename", data={"csrf_token": token, "old": "warehuose", "new": "仓库"})
    said, page = _error_on_tags_page(client, response, "manage", "old")
    assert "warehuose" in said and (("没有" in said) if lang == "zh" else said.startswith("No tag"))
    assert 'value="warehuose"' in page and 'value="仓库"' in page
    response = client.post("/curate/tags/merge", data={"csrf_token": token, "sources": "供应商管理, nosuch",
                                                       "into": "vendors"})
    said, page = _error_on_tags_page(client, response, "manage", "sources")
    assert "nosuch" in said and 'value="供应商管理, nosuch"' in page and 'value="vendors"' in page
    assert client.get("/api/tags").get_json()["items"]  # nothing changed: 供应商管理 is still there
    assert "供应商管理" in {t["name"] for t in client.get("/api/tags").get_json()["items"]}


@pytest.mark.parametrize(("lang", "form", "field", "said"), [
    ("en", {"old": "", "new": "vendors"}, "old", "Give the tag and its new name"),
    ("zh", {"old": "供应商管理", "new": " "}, "new", "请填写标签及其新名称"),
    ("en", {"old": "供应商管理", "new": "供应商管理"}, "new", "Nothing renamed: '供应商管理' is the tag's name already"),
    ("zh", {"old": "供应商管理", "new": "供应商管理"}, "new", "未改名：“供应商管理”已是该标签的名称"),
    ("en", {"old": "供应商管理", "new": "v" * 61}, "new", "Tag 'vvvvvvvvvvvvvvvvvvvv…' is longer than 60 characters"),
    ("en", {"sources": "", "into": ""}, "sources", "Give the tags to merge (comma-separated) and the tag to keep"),
    ("zh", {"sources": "供应商管理", "into": "供应商管理"}, "into", "未合并：“供应商管理”就是要保留的标签"),
    ("en", {"sources": "供应商管理", "into": "w" * 61}, "into", "Tag 'wwwwwwwwwwwwwwwwwwww…' is longer than 60 characters"),
])
def test_a_wrong_rename_or_merge_comes_back_to_the_field_in_error(as_curator, settings, lang, form, field, said):
    """Empty, the tag's own name, too long: the page came back at the forms' heading with the focus on the page, not
    in the field to correct (u-left5's finding); a rename to the tag's own name, or a merge of a tag into itself,
    said "Renamed “供应商管理” to “供应商管理”. The tag history below can undo it." with nothing in the history."""
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    path = "/curate/tags/rename" if "new" in form else "/curate/tags/merge"
    with Store(settings.db) as store:
        before = store.rows("SELECT * FROM tags ORDER BY id"), store.rows("SELECT * FROM tag_events")
    shown, page = _error_on_tags_page(client, client.post(path, data={**form, "csrf_token": token}), "manage", field)
    assert shown == str(escape(said))
    assert all(f'value="{escape(value)}"' in page for value in form.values() if value.strip())  # what was typed, kept
    with Store(settings.db) as store:  # nothing done, nothing to undo
        assert (store.rows("SELECT * FROM tags ORDER BY id"), store.rows("SELECT * FROM tag_events")) == before


def test_renaming_onto_an_existing_tag_asks_first_then_merges_and_undo_restores_it(as_curator, settings):
    client, token = as_curator
    with Store(settings.db) as store:
        store.add_tag(Target("document", "crm/retro"), "Vendor management")
        before = store.rows("SELECT * FROM document_tags ORDER BY 1, 2")
    response = client.post("/curate/tags/rename", data={"csrf_token": token, "old": "Vendor management",
                                                          "new": "供应商管理"})
    assert response.status_code == 200  # a question, not yet a merge
    page = response.get_data(as_text=True)
    assert "Merge into an existing tag?" in page
    assert "“供应商管理” is already a tag (1 document, 0 lessons)" in page
    assert 'name="confirm" value="merge"' in page
    with Store(settings.db) as store:
        assert {r["label"] for r in store.tags()} >= {"Vendor management", "供应商管理"}
    response = client.post("/curate/tags/rename", data={"csrf_token": token, "old": "Vendor management",
                                                          "new": "供应商管理", "confirm": "merge"})
    assert response.status_code == 302
    page = client.get("/tags").get_data(as_text=True)
    assert "Merged “Vendor management” into “供应商管理”." in page
    assert "Vendor management" not in _cloud(page)
    event = re.search(r'name="event" value="(\d+)"', page).group(1)
    assert client.post("/curate/tags/undo", data={"csrf_token": token, "event": event}).status_code == 302
    with Store(settings.db) as store:
        assert store.rows("SELECT * FROM document_tags ORDER BY 1, 2") == before
    page = client.get("/tags").get_data(as_text=True)
    assert "Undone:" in page and ">Undone<" in page
    client.set_cookie("kb_lang", "zh")
    again = client.post("/curate/tags/undo", data={"csrf_token": token, "event": event})
    assert f"标签变更 {event} 已经撤销过了" in _error_on_tags_page(client, again, "history")[0]


@pytest.mark.parametrize(("lang", "said"), [
    ("en", ("Undoing this change would give document 'crm/retro' 21 tags, more than the 20 allowed: remove one of"
            " its tags first")),
    ("zh", "撤销这次更改会使文档“crm/retro”有 21 个标签，超过了允许的 20 个：请先删除它的一个标签")])
def test_an_undo_that_would_pass_the_tag_cap_is_refused_on_the_history_naming_the_document(as_curator, settings,
                                                                                           lang, said):
    client, token = as_curator
    target = Target("document", "crm/retro")
    with Store(settings.db) as store:
        store.add_tag(target, "Vendor management")
        store.add_tag(target, "供应商管理")
        for n in range(MAX_TAGS):  # up to the cap
            with contextlib.suppress(InvalidInput):
                store.add_tag(target, f"tag {n}")
        store.merge_tags(["vendor management"], "供应商管理")
        store.add_tag(target, "one more")
        event = store.tag_events(2)[1]["id"]
    client.set_cookie("kb_lang", lang)
    answer = client.post("/curate/tags/undo", data={"csrf_token": token, "event": event})
    assert _error_on_tags_page(client, answer, "history")[0] == escape(said)


def test_a_plain_rename_does_not_ask(as_curator):
    client, token = as_curator
    response = client.post("/curate/tags/rename", data={"csrf_token": token, "old": "environments", "new": "环境"})
    assert response.status_code == 302
    assert "Renamed “environments” to “环境”." in client.get("/tags").get_data(as_text=True)


def test_tag_pages_escape_names(as_curator, settings):
    client, token = as_curator
    evil = '<img src=x onerror="alert(1)">'
    with Store(settings.db) as store:
        store.add_tag(Target("document", "crm/retro"), evil)
        store.add_synonyms([evil, "安全"])
    page = client.get("/tags").get_data(as_text=True)
    assert evil not in page and str(escape(evil)) in page
    confirm = client.post("/curate/tags/rename", data={"csrf_token": token, "old": evil, "new": "供应商管理"})
    assert evil not in confirm.get_data(as_text=True)
    document = client.get("/documents/crm/retro").get_data(as_text=True)
    assert evil not in document


def test_the_add_tag_field_offers_existing_tags_in_both_scripts(as_curator, settings):
    client, _ = as_curator
    with Store(settings.db) as store:
        store.add_synonyms(["数据迁移", "data migration"])
    page = client.get("/documents/mes/pm").get_data(as_text=True)
    field = re.search(r'<input name="tag"[^>]*list="([^"]+)"', page)
    assert field, "the add-tag field has a list of suggestions"
    options = page.split(f'<datalist id="{field.group(1)}">', 1)[1].split("</datalist>", 1)[0]
    values = re.findall(r'<option value="([^"]*)"', options)
    assert {"供应商管理", "environments", "数据迁移", "data migration"} <= set(values)
    assert 'label="数据迁移 (same as data migration)"' in options


@pytest.mark.parametrize(("lang", "option", "cloud", "counts"), [
    ("en", "数据迁移 (same as data migration, 数据搬迁)", "> (same as 数据搬迁, 数据迁移)<", "1 document, 1 lesson"),
    ("zh", "数据迁移（同义 data migration、数据搬迁）", ">（同义 数据搬迁、数据迁移）<", "1 篇文档，1 条经验")])
def test_a_tags_asides_and_counts_take_the_pages_punctuation(client, settings, lang, option, cloud, counts):
    """The Chinese pages read "数据迁移 (同义 data migration)" and "1 篇文档, 1 条经验": ASCII brackets and comma."""
    client.set_cookie("kb_lang", lang)
    login(client, "carl")
    with Store(settings.db) as store:
        store.add_synonyms(["数据迁移", "data migration", "数据搬迁"])
        store.add_tag(Target("document", "crm/retro"), "Data migration")
        store.add_tag(Target("lesson", str(store.document("crm/retro")["lessons"][0]["id"])), "Data migration")
    assert f'label="{option}"' in client.get("/documents/mes/pm").get_data(as_text=True)
    page = client.get("/tags").get_data(as_text=True)
    item = re.search(r'<li data-names="data migration[^"]*">(.*?)</li>', page, re.DOTALL).group(1)
    assert cloud in item and f'title="{counts}"' in item and f'<span class="sr">{counts}</span>' in item
    filtered = client.get("/browse?project=CRM").get_data(as_text=True)
    assert re.search(r'class="filter-button[^>]*>([^<]*)</a>', filtered).group(1) == ("Filters (1)" if lang == "en"
                                                                                       else "筛选（1）")


@pytest.mark.parametrize("path,data", [
    ("/curate/tags/synonyms", {"names": "a = b"}), ("/curate/tags/synonyms/remove", {"name": "a"}),
    ("/curate/tags/undo", {"event": "1"})])
def test_tag_writes_need_a_curator_and_the_token(app, path, data):
    reader = app.test_client()
    token = login(reader, "rita")
    assert reader.post(path, data={"csrf_token": token, **data}).status_code == 403
    curator = app.test_client()
    login(curator, "carl")
    assert curator.post(path, data=data).status_code == 400


def test_facets_count_a_group_of_synonyms_once(client, settings):
    with Store(settings.db) as store:
        store.add_tag(Target("document", "crm/retro"), "Data migration")
        store.add_tag(Target("document", "erp/retro"), "数据迁移")
        store.add_tag(Target("document", "crm/retro"), "数据迁移")
        store.add_tag(Target("document", "mes/pm"), "Data migration")
        store.add_tag(Target("document", "mes/pm"), "cutover")

    def tags():
        facets = client.get("/api/search?q=retrospective+post-mortem+测试&mode=keyword&all=1").get_json()["facets"]
        return {f["value"]: f["count"] for f in facets["tag"]}

    before = tags()
    assert before["Data migration"] == 2 and before["数据迁移"] == 2
    with Store(settings.db) as store:
        store.add_synonyms(["数据迁移", "data migration", "迁移"])
    after = tags()
    assert "数据迁移" not in after or "Data migration" not in after
    label = "Data migration" if "Data migration" in after else "数据迁移"
    assert after[label] == 3 and after["cutover"] == 1
    listed = client.get(f"/api/search?q=retrospective+post-mortem+测试&mode=keyword&all=1&tag={label}").get_json()
    assert listed["listed"] == 3


def test_the_api_gives_synonyms_as_the_tags_page_and_the_cli_do(as_curator, settings):
    import json

    from click.testing import CliRunner

    from kb.cli import cli

    client, token = as_curator
    with Store(settings.db) as store:
        store.add_tag(Target("document", "crm/retro"), "Data migration")
    assert _tags(client, csrf_token=token, names="数据迁移 = data migration").status_code == 302
    data = client.get("/api/tags").get_json()
    by_name = {item["name"]: item for item in data["items"]}
    assert by_name["data migration"]["synonyms"] == ["数据迁移"] and by_name["environments"]["synonyms"] == []
    listed = CliRunner().invoke(cli, ["--db", str(settings.db), "tag", "synonym", "list", "--json"])
    assert listed.exit_code == 0 and data["synonym_groups"] == json.loads(listed.output)
    assert [n["name"] for n in data["synonym_groups"][0]] == ["data migration", "数据迁移"]
    # ?q= finds a tag by a synonym's name, as the page's filter box does
    assert [i["label"] for i in client.get("/api/tags?q=数据").get_json()["items"]] == _cloud(
        client.get("/tags?q=数据").get_data(as_text=True)) == ["Data migration"]
    assert client.get("/api/tags?q=%25").get_json()["items"] == []


@pytest.mark.parametrize(("lang", "legend", "said"), [
    ("en", "Beside each tag: the documents tagged with it, and after a + the lessons.", "0 documents, 1 lesson"),
    ("zh", "标签后的数字是带此标签的文档数，“+”后是经验数。", "0 篇文档，1 条经验")])
def test_a_tags_counts_say_what_they_count(client, settings, lang, legend, said):
    """"接口联调 0+1" explained itself only in a title, which a phone never shows and a screen reader may not read."""
    client.set_cookie("kb_lang", lang)
    assert 'id="tag-legend"' not in client.get("/tags").get_data(as_text=True)  # documents' tags only: plain counts
    with Store(settings.db) as store:
        lesson_id = store.document("erp/retro")["lessons"][0]["id"]
        store.add_tag(Target("lesson", str(lesson_id)), "接口联调")
    page = client.get("/tags").get_data(as_text=True)
    assert re.search(r'<p class="muted tag-legend" id="tag-legend">([^<]*)</p>', page).group(1) == legend
    item = re.search(r'<li data-names="接口联调">(.*?)</li>', page, re.DOTALL).group(1)
    assert '<span aria-hidden="true">0+1</span>' in item and f'<span class="sr">{said}</span>' in item


def test_a_tags_counts_group_thousands(app):
    """A tag on 1,234 documents and 5,678 lessons (a large collection) read "1234+5678" in the cloud."""
    from flask import render_template

    row = {"name": "vendor", "label": "Vendor", "documents": 1234, "lessons": 5678}
    with app.test_request_context("/tags"):
        app.preprocess_request()
        page = render_template("tags.html", rows=[row], every=[row], query="", history=[], targets={},
                               live_tags={"vendor"}, synonyms={}, groups=[])
    cloud = page.split('id="tag-cloud"', 1)[1].split("</ul>", 1)[0]
    assert "1,234+5,678" in cloud and "1234" not in cloud and "5678" not in cloud


def test_the_tag_history_shows_a_tag_as_it_is_labelled_as_the_cli_does(as_curator, settings, runner):
    # "sap" in the history where the cloud, the document and the lesson say "SAP" (the name, not the label)
    from kb.cli import cli

    client, _ = as_curator
    with Store(settings.db) as store:
        store.add_tag(Target("document", "crm/retro"), "ＳＡＰ", actor="carl")  # typed by a Chinese input method
    history = client.get("/tags").get_data(as_text=True).split('id="history"', 1)[1]
    assert re.search(r'<a href="/browse\?tag=sap">SAP</a>', history), history[:1500]
    out = runner.invoke(cli, ["--db", str(settings.db), "tag", "history", "-n", "1"]).output
    assert out.splitlines()[-1].split()[5] == "SAP"  # when: a date and a time


@pytest.mark.parametrize(("lang", "names"), [("zh", ["测试", "QA", "质量保证"]), ("en", ["QA", "testing", "quality"])])
def test_the_merge_forms_example_is_in_the_pages_language_and_reads_as_the_tags_it_shows(as_curator, lang, names):
    """A Chinese curator saw "a, b, c": the example now lists tags as one types them in Chinese, separated by 、."""
    from kb.store import tag_list

    client, _ = as_curator
    client.set_cookie("kb_lang", lang)
    page = client.get("/tags").get_data(as_text=True)
    example = re.search(r'<input name="sources"[^>]* placeholder="([^"]*)"', page).group(1)
    assert tag_list(example) == names


def test_a_merge_of_a_tag_that_is_none_into_itself_says_there_is_no_such_tag(as_curator):
    # it said "Nothing merged: 'nosuch' is the tag to keep", as if there were one, where kb tag merge says there is none
    client, token = as_curator
    client.set_cookie("kb_lang", "en")
    response = client.post("/curate/tags/merge", data={"csrf_token": token, "sources": "nosuch", "into": "nosuch"})
    said, _ = _error_on_tags_page(client, response, "manage", "sources")
    assert said == str(escape("No tag 'nosuch'"))
