"""The user's own article, end to end: the hand-coded events and none of the forbidden readings.

The article and its gold file are kept in the repo (src/eventwatch/data/seed/ and
tests/fixtures/seed_expected_events.json), so this runs without ../shared.
"""

from __future__ import annotations

import json
from datetime import date

from conftest import FIXTURES, SEED_TEXT
from eventwatch.pipeline import extract
from eventwatch.sources import read_inputs
from seed_scoring import score

MIN_FOUND = 10  # every hand-coded event (the coding issue's bar; the end-to-end issue asked for 8)


def _seed_events() -> list[dict]:
    (article,) = list(read_inputs([str(SEED_TEXT)]))
    article.published = date(2023, 9, 13)
    return [ev.to_dict() for ev in extract(article)]


def test_seed_article_events():
    gold = json.loads((FIXTURES / "seed_expected_events.json").read_text())
    events = _seed_events()
    found, missing, hits = score(gold, events)
    report = "\n".join(missing + hits)
    assert not hits, f"forbidden readings:\n{report}"
    assert len(found) >= MIN_FOUND, f"found {len(found)} of {len(gold['events'])}:\n{report}"


def test_every_event_carries_its_evidence():
    text = SEED_TEXT.read_text()
    body = text.split("\n", 1)[1].strip()
    for ev in _seed_events():
        e = ev["evidence"]
        assert body[e["start"]:e["end"]] == e["sentence"]
        assert 0.0 <= ev["confidence"] <= 1.0
