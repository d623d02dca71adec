"""drop_blobs: data: URIs, base64 (one line or wrapped) and long runs of one character go; text stays."""

from __future__ import annotations

import base64
import random

import pytest

from kb.text import drop_blobs

IMAGE = base64.b64encode(random.Random(5).randbytes(3000)).decode()


@pytest.mark.parametrize(("text", "expected"), [
    (f"Chart: ![c](data:image/png;base64,{IMAGE}) done", "Chart: ![c]( ) done"),
    (f'<img src="data:image/svg+xml;utf8,%3Csvg{"%20" * 40}%3E"> done', '<img src=" "> done'),
    ("Attachment:\n" + "\n".join(IMAGE[i:i + 76] for i in range(0, 760, 76)) + "\nEnd", "Attachment:\n End"),
    (f"Pasted {IMAGE} here", "Pasted   here"),
    ("Rule\n" + "=" * 300 + "\n" + "&" * 2_000_000 + " after", "Rule\n===\n&&& after"),
])
def test_blobs_go(text, expected):
    assert drop_blobs(text) == expected


@pytest.mark.parametrize("text", [
    "An ordinary lesson: agree the interface dates in writing, 2024-06-28.",
    "项目风险管理" * 100,
    "https://example.com/" + "/".join(["segment"] * 40),  # a long URL of letters and slashes
    "sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 and a short rule ==========",
    "wrapped lines of letters\n" + ("abcdefghij" * 7 + "\n") * 5,
])
def test_text_stays(text):
    assert drop_blobs(text) == text
