"""Shared fixtures. Tests that read ../shared skip cleanly when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_TEXT = ROOT / "src" / "eventwatch" / "data" / "seed" / "putin-kim-summit.txt"


@pytest.fixture(scope="session")
def nlp():
    from eventwatch import nlp as nlp_mod

    return nlp_mod.load()


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED
