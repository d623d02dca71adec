"""The subscription form's projects, a list of checkboxes without counts: by name, Chinese by pinyin among Latin (by
how many documents each has, "ERP系统升级, 深圳总部搬迁, CRM客户系统迁移, Customer Portal Redesign, …" looked random)."""

from __future__ import annotations

import html
import re

from ingest import ingest
from kb.store import Store
from kb.text import sort_key

MORE = {"智慧园区门禁改造": 3, "Zeta Rollout": 2, "安全生产": 1}


def test_the_subscription_form_lists_projects_by_name_chinese_by_pinyin(client, settings, tmp_path):
    folder = tmp_path / "more"
    folder.mkdir()
    for project, count in MORE.items():
        for n in range(count):
            (folder / f"{len(project)}-{count}-{n}.md").write_text(
                f"---\ntitle: 复盘 {project} {n}\nproject: {project}\n---\n# 复盘\n\n## 经验教训\n- 第 {n} 条。\n",
                encoding="utf-8")
    with Store(settings.db) as store:
        ingest(store, [folder])
    for path in ("/subscribe", "/subscribe?lang=en"):
        page = client.get(path).get_data(as_text=True)
        listed = re.findall(r'name="projects" value="([^"]*)"', page)
        assert [p for p in listed if not p.startswith("Red Team")] == [  # the collection's two hostile ones aside
            "安全生产", "CRM", "ERP系统升级", "Factory MES Rollout", "Zeta Rollout", "智慧园区门禁改造"]


TAGGED = {"Zeta": 3, "安全": 2, "alpha": 1}


def test_the_subscription_form_lists_its_tags_by_name_too(client, settings, tmp_path):
    """The tags to tick, the most used ones, were listed by use without counts: "数据迁移, testing, 资源冲突, 供应商管理,
    retrospective, …" on the shipped corpus."""
    folder = tmp_path / "tagged"
    folder.mkdir()
    for tag, count in TAGGED.items():
        for n in range(count):
            (folder / f"{len(tag)}-{count}-{n}.md").write_text(
                f"---\ntitle: 复盘 {tag} {n}\nproject: P\ntags: [{tag}]\n---\n# 复盘\n\n## 经验教训\n- 第 {n} 条。\n",
                encoding="utf-8")
    with Store(settings.db) as store:
        ingest(store, [folder])
    for path in ("/subscribe", "/subscribe?lang=en"):
        listed = [html.unescape(v) for v in re.findall(r'name="tags" value="([^"]*)"', client.get(path).get_data(as_text=True))]
        assert [t for t in listed if t in TAGGED] == ["alpha", "安全", "Zeta"]
        assert listed == sorted(listed, key=sort_key)


def test_a_project_of_nothing_readers_see_is_not_offered_but_stays_ticked_for_its_subscriber(as_curator, settings,
                                                                                               tmp_path):
    """The sign-up offered "Depot Pilot", whose only document, a recorded lesson (a register row), a curator had hid:
    browse and search named it nowhere. A subscriber of it still has it, ticked on the form that changes them (left
    out, saving the form would drop it without a word)."""
    client, _ = as_curator
    folder = tmp_path / "depot"
    folder.mkdir()
    (folder / "row.md").write_text("---\ntitle: Book the cranes\nproject: Depot Pilot\n---\n# Row\n\n## Lessons learned\n"
                                   "- Book the cranes two weeks early.\n", encoding="utf-8")
    with Store(settings.db) as store:
        ingest(store, [folder])
        store.conn.execute("UPDATE documents SET meta = json_set(meta, '$.register', 'r.csv') WHERE project = ?",
                           ["Depot Pilot"])
        assert 'value="Depot Pilot"' in client.get("/subscribe").get_data(as_text=True)  # seen while not hidden
        store.set_review(int(store.scalar("SELECT id FROM lessons WHERE text LIKE 'Book the cranes%'")), "hidden")
        store.add_subscriber("depot@example.org", interests={"projects": ["Depot Pilot"]})
    assert 'value="Depot Pilot"' not in client.get("/subscribe").get_data(as_text=True)
    edit = client.get("/curate/subscribers?edit=depot@example.org").get_data(as_text=True)
    assert re.search(r'name="projects" value="Depot Pilot" checked', edit)
