"""A result in the other language says its language once: "英文 英文文档" / "Chinese  in Chinese" said it twice, as
a plain word and again as the badge; a result in the reader's language says it once, as the plain word."""

from __future__ import annotations

import re

import pytest


def _metas(body: str) -> dict[str, str]:
    groups = re.findall(r'<li class="group">.*?<a href="/documents/([^"]+)">.*?<p class="doc-meta">(.*?)</p>', body,
                        re.DOTALL)
    return {key: " ".join(re.sub(r"<[^>]+>", " ", meta).split()) for key, meta in groups}


@pytest.mark.parametrize(("lang", "mes", "erp"), [("zh", "英文文档", "中文"), ("en", "in English", "Chinese")])
def test_each_result_says_its_language_once(client, lang, mes, erp):
    client.set_cookie("kb_lang", lang)
    metas = _metas(client.get("/?q=供应商&prefer_lang=zh").get_data(as_text=True))
    assert metas["mes/pm"].endswith(mes) and metas["mes/pm"].count("英文" if lang == "zh" else "English") == 1, metas
    assert metas["erp/retro"].endswith(erp), metas
