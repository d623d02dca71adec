"""How a folder's documents get their project: what a document says, else its folder's .kbmeta.yaml, else with
``kb ingest --project-from-folder`` its first folder's name (187 of u-zh's 200 real documents had none)."""

from __future__ import annotations

import json

RETRO = "# {title}\n\n## 需要改进\n- 测试环境没有按时就绪，联调推迟两周。\n"


def _projects(kb) -> dict[str, str | None]:
    return {d["key"]: d["project"] for d in json.loads(kb("docs", "--json").stdout)["documents"]}


def _tree(write) -> None:
    write("智慧仓储WMS/复盘/上线总结.md", RETRO.format(title="上线总结"))
    write("CRM/retro.md", "---\nproject: CRM二期\n---\n" + RETRO.format(title="CRM复盘"))
    write("PMO/.kbmeta.yaml", "project: 知识管理\n")
    write("PMO/周报.md", RETRO.format(title="周报"))
    write("散件.md", RETRO.format(title="散件"))


def test_the_first_folder_names_a_documents_project_under_what_it_and_kbmeta_say(kb, write):
    _tree(write)
    kb("ingest", "--no-index", "--project-from-folder", str(write.base))
    assert _projects(kb) == {"智慧仓储WMS/复盘/上线总结.md": "智慧仓储WMS", "CRM/retro.md": "CRM二期",
                             "PMO/周报.md": "知识管理", "散件.md": None}


def test_without_the_flag_a_folder_names_nothing_and_a_run_without_it_reads_again(kb, write):
    _tree(write)
    kb("ingest", "--no-index", str(write.base))
    assert _projects(kb)["智慧仓储WMS/复盘/上线总结.md"] is None
    kb("ingest", "--no-index", "--project-from-folder", str(write.base))
    assert _projects(kb)["智慧仓储WMS/复盘/上线总结.md"] == "智慧仓储WMS"  # unchanged files read again for it
    kb("ingest", "--no-index", str(write.base))
    assert _projects(kb)["智慧仓储WMS/复盘/上线总结.md"] is None


def test_the_setting_keeps_the_folders_project_on_every_run_and_the_flag_turns_it_off(kb, write, monkeypatch):
    """A cron line re-ingesting the folder has no flag: the setting keeps the projects it gave."""
    _tree(write)
    monkeypatch.setenv("KB_PROJECT_FROM_FOLDER", "1")
    kb("ingest", "--no-index", str(write.base))
    assert _projects(kb)["智慧仓储WMS/复盘/上线总结.md"] == "智慧仓储WMS"
    write("智慧仓储WMS/复盘/新增.md", RETRO.format(title="新增"))
    kb("ingest", "--no-index", str(write.base))
    assert _projects(kb)["智慧仓储WMS/复盘/上线总结.md"] == "智慧仓储WMS"
    assert _projects(kb)["智慧仓储WMS/复盘/新增.md"] == "智慧仓储WMS"
    kb("ingest", "--no-index", "--no-project-from-folder", str(write.base))
    assert _projects(kb)["智慧仓储WMS/复盘/上线总结.md"] is None


def test_ingest_help_says_where_a_project_comes_from(kb):
    said = " ".join(kb("ingest", "--help").output.split())
    assert ".kbmeta.yaml (\"project: 智慧仓储WMS上线\"" in said and "--project-from-folder" in said
