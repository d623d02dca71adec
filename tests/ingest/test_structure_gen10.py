"""Extraction rules for the error classes the held 27 judgement showed (issue 17). Each rule is shown on a short excerpt
of a real document it comes from (benchmarks/extraction/SOURCES.md names the repository and commit)."""

from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile


def md(text: str, key: str = "项目复盘.md"):
    return parse_markdown(RawFile(data=text.encode("utf-8"), default_key=key)).documents[0]


def lessons(doc) -> list[tuple[str, str]]:
    return [(lesson.kind.value, lesson.text) for lesson in doc.lessons]


# held 27, aiyo868888-ux/yinian-clipboard-manager 项目复盘.md (abridged: one pit of six).
ANDROID_PIT = """# Android剪贴板收集应用 - 完整复盘

## 三、踩过的坑 ⚠️

### 坑3：辅助功能配置权限不足 ❌
**症状**：
- 辅助功能服务启动后无法读取剪贴板
- 后台运行时完全无法获取剪贴板内容

**原因**：
```xml
<!-- ❌ 缺少关键标志 -->
android:accessibilityFlags="flagDefault"
```

**修复**：
```xml
android:accessibilityFlags="flagDefault|flagRetrieveInteractiveWindows"
```

**教训**：
- ⚠️ 辅助功能服务需要特殊标志才能在后台读取剪贴板
- ⚠️ `flagRetrieveInteractiveWindows` 是关键权限

## 四、最终解决方案 ✅

### 数据流（修复后）
"""


def test_a_pit_heading_over_its_symptom_cause_and_fix_is_the_lesson():
    assert lessons(md(ANDROID_PIT)) == [
        ("went_wrong", "坑3：辅助功能配置权限不足"),
        ("lesson", "⚠️ 辅助功能服务需要特殊标志才能在后台读取剪贴板"),
        ("lesson", "⚠️ flagRetrieveInteractiveWindows 是关键权限"),
    ]


# held 27, CaelumACE/mingcheng-website 项目复盘.md: pits named so, over labelled or plain bullets.
WEBSITE_PITS = """# 铭澄互动官网项目复盘

## 四、三个关键坑（已沉淀为铁律/笔记）

### 坑 1 · 自定义域不更新 ≠ 传播延迟（最致命，耗时最长）
- **现象**：`git push` 后 `mingcheng-ai.pages.dev` 即时更新，但 `mingcheng-ai.com` 6 小时不变。
- **根因**：最早 wrangler 直传时，自定义域 CNAME 钉在带部署 ID 的旧子域；切 Git 后 CNAME 未自动改 → 永远返回旧部署。
- **修复**：Cloudflare → Custom domains → 点 **Activate domain**（CNAME 自动切到新子域），秒级生效。

### 坑 2 · Vite 8 需要 Node ≥ 20.19
- Cloudflare Pages 默认构建 Node 偏低会直接构建失败。
- **必设**：项目 Variables and Secrets（Production）加 `NODE_VERSION=22`。
"""


def test_headings_that_number_themselves_pits_are_went_wrongs_and_their_bullets_no_lessons():
    assert lessons(md(WEBSITE_PITS)) == [
        ("went_wrong", "坑 1 · 自定义域不更新 ≠ 传播延迟（最致命，耗时最长）"),
        ("went_wrong", "坑 2 · Vite 8 需要 Node ≥ 20.19"),
    ]


# held 27, fomoesc-git/Photomini 项目复盘.md: numbered pits under 踩坑记录, each shown by wrong and right code.
TAURI_PITS = """# Photomini 图片压缩工具 - 项目复盘

## 踩坑记录

### 1. Rust 命令函数不能是 `pub`

```rust
// ❌ 错误
#[tauri::command]
pub fn compress_image(...) -> ProcessResult { ... }
```

**原因**：`pub` 会导致宏展开后产生重复符号 `__cmd__compress_image`

### 2. `file_stem()` 丢失父目录

```rust
// ❌ 错误 — 输出到当前目录而非原目录
let stem = p.file_stem().unwrap();
```

## 成功要素
"""


def test_numbered_headings_over_wrong_code_under_pitfalls_are_went_wrongs():
    assert lessons(md(TAURI_PITS)) == [
        ("went_wrong", "1. Rust 命令函数不能是 pub"),
        ("went_wrong", "2. file_stem() 丢失父目录"),
    ]


# held 3, LiamLea/Notes errors.md: a troubleshooting note names an error by its heading; its cause and fix are the lessons.
TROUBLESHOOTING = """# errors

#### 8.kubelet：pleg is not healthy

#### 9.Orphaned pod found：but volume subpaths are still present on disk
- 现象：出现了孤儿pod，即pod无法被删除
- 原因：pv被删除了，然而该pod仍然挂载着该volume
- 解决：手动卸载该volume
"""


def test_an_error_named_by_a_heading_outside_pitfalls_keeps_its_cause_and_fix():
    assert lessons(md(TROUBLESHOOTING, key="errors.md")) == [
        ("root_cause", "pv被删除了，然而该pod仍然挂载着该volume"),
        ("recommendation", "手动卸载该volume"),
    ]
