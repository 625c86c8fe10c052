"""No tracked file outside tests/ and the bundled seed repeats 9 words of the seed or a dev set
(`../shared/tools/overlap_check.py`; skips when ../shared or git is absent)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT


def test_no_tracked_line_repeats_a_dev_or_seed_sentence(shared_dir: Path) -> None:
    tool = shared_dir / "tools" / "overlap_check.py"
    if not tool.is_file():
        pytest.skip("../shared/tools/overlap_check.py is not present")
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the check reads the tracked files")
    run = subprocess.run(
        [sys.executable, str(tool), ".", "--skip", "tests/", "--skip", "src/eventwatch/data/seed/"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    hits = [ln for ln in run.stdout.splitlines() if ln.strip() and not ln.startswith("overlap with")]
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ""
    assert run.returncode == 0 and not hits, run.stdout[-3000:]
    assert summary == "" or " 0 lines " in summary, summary
