"""The Chinese retrospective the CLI tests ingest (a WMS go-live), with the sections each test needs."""

HEAD = """---
id: wms/retro
title: 智慧仓储WMS上线复盘
project: 智慧仓储WMS上线
type: retrospective
date: 2025-03-28
---
# 智慧仓储WMS上线复盘

"""
PERFORMANCE = "- 生产环境在上线前没有完成性能压测，出库高峰时队列堵塞。\n"


def wms_retro(body: str = "## 需要改进\n" + PERFORMANCE) -> str:
    """The retrospective's front matter and title over ``body`` (by default one lesson to improve)."""
    return HEAD + body
