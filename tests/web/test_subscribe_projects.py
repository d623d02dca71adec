"""The subscription form's projects, a list of checkboxes without counts: by name, Chinese by pinyin among Latin (by
how many documents each has, "ERP系统升级, 深圳总部搬迁, CRM客户系统迁移, Customer Portal Redesign, …" looked random)."""

from __future__ import annotations

import re

from ingest import ingest
from kb.store import Store

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
