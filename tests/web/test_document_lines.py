"""A Word document's line breaks on its page: a form cell of several paragraphs, a line break (Shift+Enter) in a
cell or a paragraph are shown as lines, not run together; the text stays escaped."""

from __future__ import annotations

import io
import re

from ingest import ingest
from kb.store import Store


def _retrospective() -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = "仓库搬迁复盘"
    document.add_heading("仓库搬迁复盘", level=1)
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "项目名称", "仓库搬迁"
    table.cell(1, 0).text = "遇到的问题"
    table.cell(1, 1).text = "1. 叉车没有提前预订"
    table.cell(1, 1).add_paragraph("2. 标签打印机<b>未联调</b>")  # a second paragraph in the cell
    table.cell(2, 0).text = "备注"
    note = table.cell(2, 1).paragraphs[0]
    note.add_run("搬迁前一周")
    note.add_run().add_break()  # Shift+Enter
    note.add_run("完成联调 <script>window.x=1</script>")
    paragraph = document.add_paragraph("做得好的：")
    paragraph.add_run().add_break()
    paragraph.add_run("每日站会")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_word_cells_and_paragraphs_lines_stay_lines_on_the_document_page(client, settings, tmp_path):
    folder = tmp_path / "word"
    folder.mkdir()
    (folder / "move.docx").write_bytes(_retrospective())
    with Store(settings.db) as store:
        ingest(store, [folder])
        key = store.rows("SELECT key FROM documents WHERE title = '仓库搬迁复盘'")[0]["key"]
    page = client.get(f"/documents/{key}").get_data(as_text=True)
    content = page[page.index('id="content"'):]
    cells = re.findall(r"<t[dh]>(.*?)</t[dh]>", content, re.DOTALL)
    # a form's answer to a kind of lesson ("遇到的问题" | "1. …⏎2. …") is read as that label and one point a line
    assert "<p>遇到的问题：</p>\n<ul>\n<li>叉车没有提前预订</li>\n<li>标签打印机&lt;b&gt;未联调&lt;/b&gt;</li>" in content
    assert "搬迁前一周<br>完成联调 &lt;script&gt;window.x=1&lt;/script&gt;" in cells
    assert "做得好的：<br>每日站会" in content
    assert "<script>window" not in page and "<b>未联调" not in page
