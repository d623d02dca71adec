"""The messages about files the catalogue of web/error_text.py holds, English and Chinese: why a file an upload
sent could not be read (ingest/), and the warnings about one that was read anyway (the upload's page lists them,
``web.error_text.warning_text``). Kept apart from the site's own errors, which they are added to."""

from __future__ import annotations

from ingest.decoding import MESSAGES as DECODING
from ingest.mhtml_doc import MESSAGES as MHTML
from ingest.pdf_doc import MESSAGES as SCANNED
from ingest.sniff import MESSAGES as MISNAMED
from ingest.unreadable import UNREADABLE

# The catalogue's names for ingest/pdf_doc.MESSAGES (why a scan is refused, for several pages and for one)
_SCANNED = {"err_file_scanned": "no_ocr", "err_file_scanned_one": "no_ocr_one", "err_file_scanned_ocr": "ocr_empty",
            "err_file_scanned_ocr_one": "ocr_empty_one"}

# Files an upload could not read (ingest/): the reasons a contributor meets, the parser's technical detail (an
# exception's name) left out of the Chinese.
FILE_ERRORS: dict[str, tuple[str, str]] = {
    "err_file_docx": (UNREADABLE["err_file_docx"][0], "无法读取这个 .docx 文档：文件已损坏，或不是 Word 文档；请用 Word 打开，重新另存为 .docx 后再上传"),
    "err_file_pptx": (UNREADABLE["err_file_pptx"][0],
                      "无法读取这个 .pptx 演示文稿：文件已损坏，或不是 PowerPoint 文件；请用 PowerPoint 打开，重新另存为 .pptx 后再上传"),
    "err_file_xlsx": (UNREADABLE["err_file_xlsx"][0], "无法读取这个 .xlsx 工作簿：文件已损坏，或不是 Excel 文件；请用 Excel 打开，重新另存为 .xlsx 后再上传"),
    "err_file_pdf": (UNREADABLE["err_file_pdf"][0], "无法读取这个 PDF：文件已损坏，或不是 PDF 文件；请重新导出为 PDF 后再上传"),
    "err_file_zip": (UNREADABLE["err_file_zip"][0], "无法读取此文件：文件已损坏；请重新保存后再上传"),
    "err_file_encrypted_part": (UNREADABLE["err_file_encrypted_part"][0], "无法读取此文件：其中有加密的部分，请另存一份不加密的副本"),
    "err_file_pdf_password": ("the PDF is password-protected: save a copy without a password",
                              "此 PDF 设有密码：请另存一份不带密码的副本再上传"),
    "err_file_password": ("the file is password-protected: save a copy without a password",
                          "此文件设有密码：请另存一份不带密码的副本再上传"),
    "err_file_old_office": ("this is an old binary Office file, not {suffix}: open it and save it as {newer}",
                            "这是旧版二进制 Office 文件，不是 {suffix}：请打开后另存为 {newer}"),
    "err_file_legacy": ("{name} format ({suffix}) is not read: open it in {app} or LibreOffice and save it as {newer}",
                        "不能读取 {name} 格式（{suffix}）：请用 {app} 或 LibreOffice 打开，另存为 {newer}"),
    # ingest/pdf_doc.MESSAGES, the plural and the singular: "2 pages without a text layer", "1 page …"
    **{name: SCANNED[key] for name, key in _SCANNED.items()},
    "err_file_pdf_pages": ("the PDF has {pages} pages, more than {limit}", "此 PDF 有 {pages} 页，超过了上限 {limit} 页"),
    "err_file_no_documents": ("no documents found in the file", "文件中没有找到可读取的内容"),
    "err_file_no_text": (("there is no text in this file to read (only pictures?): nothing of it could be searched; "
                          "upload a version whose text can be selected and copied"),
                         "文件中没有可读取的文字（可能只有图片）：发布后也搜索不到；请上传文字可以选中复制的版本"),
    "err_file_unparsable": (UNREADABLE["err_file_unparsable"][0], "无法解析此文件；请重新保存，或另存为 Word、PDF 或 Markdown 后再上传"),
    "err_file_over_limit": ("file is {size} MB, over the {limit} MB limit (max_file_mb)",
                            "文件大小为 {size} MB，超过了 {limit} MB 的上限"),
    "err_file_empty": ("empty file", "文件是空的"),
    "err_file_rtf": ("named {suffix} but is an RTF document: open it in Word or LibreOffice and save it as .docx",
                     "文件名是 {suffix}，内容却是 RTF 文档：请用 Word 或 LibreOffice 打开，另存为 .docx"),
    "err_file_word_xml": ("a Word 2003 XML document that is not well-formed XML (line {line})",
                          "这个 Word 2003 XML 文档不是格式正确的 XML（第 {line} 行）"),
    "err_file_excel_xml": (("named {suffix} but is an Excel 2003 XML spreadsheet: open it in Excel, WPS or LibreOffice "
                           "and save it as .xlsx"), ("文件名是 {suffix}，内容却是 Excel 2003 XML 电子表格：请用 Excel、WPS 或 "
                           "LibreOffice 打开，另存为 .xlsx")),
    **{f"err_file_mhtml_{key}": pair for key, pair in MHTML.items() if key != "cut_off"},  # "… without a page"
    "err_file_zip_archive": ("named {suffix} but is a zip archive, not a {kind}: unpack it and ingest what it holds",
                             "文件名是 {suffix}，内容却是 zip 压缩包，不是 Office 文件：请解压后上传其中的文件"),
    "err_file_blank": ("empty file (only whitespace)", "文件是空的（只有空白）"),
    "err_file_binary": ("binary file (contains NUL bytes)", "这是二进制文件，不是文本"),
    "err_front_matter_yaml": ("front matter is not valid YAML: {problem}",
                              "文件开头的元数据（front matter）不是有效的 YAML：{problem}"),
    "err_front_matter_yaml_line": ("line {line}: front matter is not valid YAML: {problem}",
                                   "第 {line} 行：文件开头的元数据（front matter）不是有效的 YAML：{problem}"),
    "err_front_matter_open": ("front matter starts with '---' on line 1 but is never closed by a '---' line",
                              "文件开头的元数据（front matter）从第 1 行的“---”开始，却没有以“---”行结束"),
    "err_register_no_sheet": ("no sheet has a header row with a lesson column (looked for: {columns}...)",
                              "没有哪张工作表的表头有经验教训列（查找的列名：{columns}…）"),
    "err_register_no_header": ("the register has no header row", "登记表没有表头行"),
    "err_register_no_rows": ("no usable rows ({count} problems, first: {first})",
                             "没有可用的行（{count} 处问题，第一处：{first}）"),
    "err_register_no_rows_one": ("no usable rows (1 problem: {first})", "没有可用的行（1 处问题：{first}）"),
    "err_register_no_objects": ("the register has no JSON object", "登记表中没有 JSON 对象"),
    "err_register_json_array": (("line {line}: not valid JSON ({problem}, column {column}); the file opens a JSON array "
                                 "on line 1, read as one array of objects"),
                                "第 {line} 行：不是有效的 JSON（{problem}，第 {column} 列）；文件在第 1 行开始一个 JSON 数组，按一个对象数组读取"),
    "err_register_json_array_deep": (("not valid JSON (nested too deeply); the file opens a JSON array on line 1, read as "
                                      "one array of objects"),
                                     "不是有效的 JSON（嵌套太深）；文件在第 1 行开始一个 JSON 数组，按一个对象数组读取"),
    "err_register_no_lesson_column": (("no lesson column among: {columns}; name one with --map lesson=COLUMN (or "
                                       "title the column 'Lesson' / '经验教训')"),
                                      "这些列中没有经验教训列：{columns}；请把该列的标题改为“经验教训”或“Lesson”"),
}

# Warnings about a file that was read anyway (the upload's page lists them; web/error_text.warning_text).
FILE_WARNINGS: dict[str, tuple[str, str]] = {
    **{f"warn_{key}": pair for key, pair in DECODING.items()},  # "1 byte dropped", "2 control characters removed"
    **{f"warn_named_{key[1:]}": pair for key, pair in MISNAMED.items()},  # "named .docx but is plain text: …"
    "warn_mhtml_cut_off": MHTML["cut_off"],
    "warn_cp1252": ("not UTF-8: read as Windows-1252 (Western European)", "不是 UTF-8 编码：已按 Windows-1252（西欧）编码读取"),
    "warn_unknown_type": ("unknown document type {value}; use one of: {types}",
                          "未知的文档类型 {value}，已按内容判断；可用的类型：{types}"),
    "warn_bad_date": ("date {value} is not a date (use YYYY-MM-DD)", "日期 {value} 不是有效的日期（请写成 YYYY-MM-DD）"),
    "warn_front_matter_tabs": ("front matter indents with tabs, which YAML does not allow; read as spaces",
                               "文件开头的元数据（front matter）用制表符缩进，YAML 不允许；已按空格读取"),
    "warn_front_matter_toml": ("front matter between '+++' lines is not valid TOML ({problem}); its fields are not read",
                               "文件开头“+++”之间的元数据不是有效的 TOML（{problem}），其中的字段没有读取"),
    "warn_long_tag": ("tag {tag} is longer than {limit} characters; stored as {short}",
                      "标签 {tag} 超过 {limit} 个字符，已保存为 {short}"),
    "warn_ocr": ("scanned: no text layer; the text was read by OCR ({engine}): check it",
                 "扫描件：没有文字层，文字由文字识别（OCR，{engine}）读出，请核对"),
    "warn_ocr_pages": ("OCR read the first {limit} of {pages} pages", "文字识别（OCR）只读取了前 {limit} 页（共 {pages} 页）"),
    "warn_surrogate": ("an invalid character (a lone UTF-16 surrogate) was replaced with U+FFFD",
                       "一个无效字符（孤立的 UTF-16 代理项）已替换为 U+FFFD"),
    "warn_json": ("not valid JSON ({problem})", "不是有效的 JSON（{problem}）"),
    "warn_json_array": ("not valid JSON ({problem}); a .jsonl register holds one JSON object per line, not an array",
                        "不是有效的 JSON（{problem}）；.jsonl 登记表每行一个 JSON 对象，而不是一个数组"),
    "warn_json_object": ("expected a JSON object, got {kind}", "应为 JSON 对象，实际是 {kind}"),
    "warn_csv": ("malformed CSV, the rest of the file was skipped: {problem}", "CSV 格式有误，文件的其余部分已跳过：{problem}"),
    "warn_rows": ("more than {limit} rows; the rest were skipped", "超过 {limit} 行，其余的行已跳过"),
}


__all__ = ["FILE_ERRORS", "FILE_WARNINGS"]
