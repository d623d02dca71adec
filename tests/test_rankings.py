"""benchmarks/rankings.py: two snapshots of the same rankings compare equal; a fused ranking whose order moved fails
the comparison, one whose scores moved in their last bits only is reported and passes."""

import json
import subprocess
import sys
from pathlib import Path

from benchmarks.rankings import compare

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "rankings.py"


def _snapshot(fused: list[list[float]]) -> dict:
    page = {"total": 2, "documents": ["a", "b"], "chunks": [1, 2], "scores": [0.5, 0.25]}
    return {"queries": 1, "modes": {"hybrid": {"q1:vendor late": {**page, "fused": fused, "fused1": fused}}}}


def _run(tmp_path: Path, before: dict, after: dict) -> subprocess.CompletedProcess:
    (tmp_path / "a.json").write_text(json.dumps(before), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(after), encoding="utf-8")
    return subprocess.run([sys.executable, str(SCRIPT), "compare", str(tmp_path / "a.json"), str(tmp_path / "b.json")],
                          capture_output=True, text=True, check=False)


def test_the_same_fused_rankings_compare_equal(tmp_path):
    ranked = [[1, 0.03], [2, 0.02], [3, 0.01]]
    assert compare(_snapshot(ranked), _snapshot(ranked)) == []
    done = _run(tmp_path, _snapshot(ranked), _snapshot(ranked))
    assert done.returncode == 0 and "2 fused rankings compared" in done.stdout and "0 differ in their order" in done.stdout


def test_a_fused_ranking_in_another_order_fails_and_says_where(tmp_path):
    before, after = [[1, 0.03], [2, 0.02], [3, 0.01]], [[1, 0.03], [3, 0.02], [2, 0.01]]
    problems = compare(_snapshot(before), _snapshot(after))
    assert problems == [f"hybrid q1:vendor late ({part}): ranked ids differ from place 2 (3 -> 3 chunks)"
                        for part in ("fused", "fused1")]
    assert compare(_snapshot(before), _snapshot(before[:2]))[0].endswith("from place 3 (3 -> 2 chunks)")
    done = _run(tmp_path, _snapshot(before), _snapshot(after))
    assert done.returncode == 1 and "2 differ in their order" in done.stdout


def test_scores_moved_in_their_last_bits_are_reported_and_pass(tmp_path):
    before, after = [[1, 0.03], [2, 0.02]], [[1, 0.03], [2, 0.020000000000000004]]
    assert compare(_snapshot(before), _snapshot(after))[0] == \
        "hybrid q1:vendor late (fused): same ids, 1 scores differ in their last bits"
    done = _run(tmp_path, _snapshot(before), _snapshot(after))
    assert done.returncode == 0 and "0 differ in their order, 2 only in some scores' last bits" in done.stdout
