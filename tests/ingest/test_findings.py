"""Causes found by looking (issue 17, e-gen25zh): a Chinese line that opens with what a check, a debugging session or an
experiment found, or with 原因 set off by a comma, is a root cause wherever it stands, when no other rule took it.
Excerpts are short quotes of seen documents (held 43 to 45, benchmarks/extraction/SOURCES.md)."""

from __future__ import annotations

import pytest

from ingest.findings import found_cause
from kb.models import LessonKind as K
from tests.ingest.office_files import lines_docx


def _lessons(doc) -> list[tuple[K, str]]:
    return [(lesson.kind, lesson.text) for lesson in doc.lessons]


def test_a_cause_named_with_a_comma_in_a_development_record_is_a_root_cause():
    # held45 Zany0130/Dynamic-effect-Library 开发记录.docx: a node-sass setup, each error then its cause then its fix.
    got = _lessons(lines_docx("开发记录.docx", [
        ("p", "但是在引入scss文件后，再次报错"), ("p", "原因，高版本配置发生了变化"),
        ("p", "解决办法，卸载高版本，安装指定版本")]))
    assert (K.ROOT_CAUSE, "原因，高版本配置发生了变化") in got


def test_what_an_experiment_showed_under_a_symptom_label_is_a_root_cause():
    # held45 txzing/test_for_2CG 调试记录.docx: the symptom, what was tried, then what the experiment showed.
    got = _lessons(lines_docx("调试记录.docx", [
        ("p", "golden和upgrade的Zynq核设置一样"), ("h", "现象："),
        ("p", "通过逻辑分析仪抓有i2c配置，外部引脚有信号"),
        ("p", "经过实验，PS的arm核bootloader只作用一次，故golden和upgrade的arm配置不一会导致出问题")]))
    assert (K.ROOT_CAUSE, "经过实验，PS的arm核bootloader只作用一次，故golden和upgrade的arm配置不一会导致出问题") in got
    # A debug record is a problem log since e-gen28zh: the line over the symptom's label is read as its problem (here
    # the setup the symptom was seen in, not annotated: one of the junk lessons that rule adds).
    assert got == [(K.WENT_WRONG, "golden和upgrade的Zynq核设置一样"),
                   (K.ROOT_CAUSE, "经过实验，PS的arm核bootloader只作用一次，故golden和upgrade的arm配置不一会导致出问题")]


def test_a_check_that_found_the_fault_in_a_bug_log_is_its_root_cause():
    # held44 zjq0327/raytracing bug记录.docx: a strange picture, then what was found.
    got = _lessons(lines_docx("bug记录.docx", [
        ("p", "写的过程中得到了这样的一副图，很奇怪，开始找bug"), ("p", "经查发现，在写入buffer时，i,j对应的位置写错了")]))
    assert (K.ROOT_CAUSE, "经查发现，在写入buffer时，i,j对应的位置写错了") in got


@pytest.mark.parametrize("text", [
    "检查发现稳压芯片焊点相连，导致短路，移除相连焊点，短路现象消失，温度正常。",  # held43 Arduino line-following car's log
    "遇到这个问题，原因，stb_image.h 在两个.cpp文件中，都进行展开，因此要更改代码结构。",  # held44 ray tracer
    "调试之后发现这里是char类型，进行赋值时只会有0,1",
])
def test_openings_of_a_finding(text):
    assert found_cause(text)


@pytest.mark.parametrize("text", [
    "经过测试发现, 不论哪种写法, 都在1毫秒内完成了文件处理",  # held43 CPU simulator: a test's result, not a fault's cause
    "经过测试，食趣app已实现预期中的大部分功能",  # held37 recipe app: a test summary
    "原因很简单：",  # held26 used-car contest: a lead-in
    "原因：高版本配置发生了变化",  # a label with a colon: read by the label rules
    "经查发现，",  # says nothing found
])
def test_not_a_finding(text):
    assert not found_cause(text)


def test_a_finding_under_a_heading_that_names_its_kind_is_one_lesson_not_two():
    got = _lessons(lines_docx("bug记录.docx", [("h", "原因分析"), ("p", "经查发现，在写入buffer时，i,j对应的位置写错了")]))
    assert got == [(K.ROOT_CAUSE, "经查发现，在写入buffer时，i,j对应的位置写错了")]
