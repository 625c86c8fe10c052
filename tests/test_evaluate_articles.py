"""`eventwatch evaluate articles DIR`: the scoring rules on hand-made events, the command on a
small folder this test writes (its own article and gold), and the seed from ../shared."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwatch.cli import main as cli_main
from eventwatch.errors import EventwatchError
from eventwatch.evaluate.articles import find_cases
from eventwatch.evaluate.gold_events import failures, forbidden_hit, score


def _ev(etype: str, src: str | None, tgt: str | None, **kw) -> dict:
    ev = {
        "event_type": etype,
        "factuality": kw.pop("factuality", "realized"),
        "source": [{"name": src or "", "country": src}] if src else [],
        "target": [{"name": tgt or "", "country": tgt}] if tgt else [],
        "evidence": {"sentence": kw.pop("sentence", "")},
    }
    ev.update(kw)
    return ev


GOLD = {
    "events": [
        {"id": "A", "what": "Chile hosts Peru", "source_country": ["CHL"],
         "target_country": ["PER"], "symmetric": True, "types": ["CONSULT"],
         "factuality": ["realized"]},
        {"id": "B", "what": "Peru protests", "source_country": ["PER"], "types": ["PROTEST"],
         "date": "2019-05-02"},
        {"id": "C", "what": "a second meeting", "source_country": ["CHL"],
         "target_country": ["PER"], "types": ["CONSULT"]},
    ],
    "forbidden": [{"id": "X", "what": "a planned visit read as realized", "types": ["CONSULT"],
                   "actor_name_contains": "PER", "factuality": ["realized"]}],
}


def test_a_symmetric_gold_event_takes_either_direction() -> None:
    assert failures(GOLD["events"][0], _ev("CONSULT", "PER", "CHL")) == []
    assert failures(GOLD["events"][2], _ev("CONSULT", "PER", "CHL")) == ["actors"]


def test_failures_name_every_field_in_order() -> None:
    ev = _ev("ACCUSE", "PER", None, factuality="planned", date={"value": "2019-05"})
    assert failures(GOLD["events"][1], ev) == ["type", "date"]


def test_each_extracted_event_serves_one_gold_event() -> None:
    events = [_ev("CONSULT", "CHL", "PER"), _ev("PROTEST", "PER", None, date={"value": "2019-05-02"})]
    s = score("a", GOLD, events)
    assert [g.found for g in s.gold] == [True, True, False]
    assert s.gold[2].reason == "its only fitting events serve other gold events"
    assert len(s.forbidden) == 1 and s.forbidden[0].id == "X"


def test_a_miss_reports_the_closest_event_with_the_right_actors() -> None:
    s = score("a", GOLD, [_ev("ACCUSE", "PER", None, date={"value": "2019-05-02"})])
    assert s.gold[1].reason == "closest event fails: type"
    assert s.gold[0].reason == "no event with these actors"


def test_forbidden_rule_needs_every_field() -> None:
    rule = GOLD["forbidden"][0]
    assert forbidden_hit(rule, _ev("CONSULT", "CHL", "PER"))
    assert not forbidden_hit(rule, _ev("CONSULT", "CHL", "PER", factuality="planned"))
    assert not forbidden_hit(rule, _ev("CONSULT", "CHL", "ARG"))


ARTICLE = (
    "Canada expels Venezuelan envoy\n"
    "OTTAWA (Wire) - Canada expelled Venezuela's ambassador on Tuesday, the foreign ministry "
    "said, after Caracas jailed two Canadian aid workers.\n"
    "The ministry added that Ottawa would also send a trade delegation to Mexico next month.\n"
)


def _write_folder(folder: Path) -> None:
    gold = {
        "article": "about a made-up diplomatic row",
        "published": "2019-03-05",
        "events": [
            {"id": "R1", "what": "Canada expels the Venezuelan ambassador",
             "source_country": ["CAN"], "target_country": ["VEN"],
             "types": ["SANCTION", "COERCE", "ACCUSE"], "factuality": ["realized"]},
            {"id": "R2", "what": "an event nobody codes: Peru and Chile at war",
             "source_country": ["PER"], "target_country": ["CHL"], "types": ["ASSAULT"]},
        ],
        "forbidden": [{"id": "RX", "what": "the planned trip read as realized",
                       "types": ["CONSULT"], "factuality": ["realized"],
                       "actor_name_contains": "Mexico"}],
    }
    (folder / "row.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "row.json").write_text(json.dumps(gold), encoding="utf-8")
    (folder / "notes.json").write_text(json.dumps({"about": "not a gold file"}), encoding="utf-8")


def test_find_cases_pairs_text_and_gold(tmp_path: Path) -> None:
    _write_folder(tmp_path)
    cases = find_cases(tmp_path)
    assert [c.name for c in cases] == ["row"]
    assert cases[0].text == tmp_path / "row.txt"
    assert str(cases[0].published) == "2019-03-05"


def test_a_gold_file_without_its_article_is_named(tmp_path: Path) -> None:
    _write_folder(tmp_path)
    (tmp_path / "row.txt").unlink()
    with pytest.raises(EventwatchError, match=r"row\.json: has no article row\.txt"):
        find_cases(tmp_path)


def test_command_on_a_folder_it_writes(tmp_path: Path, capsys) -> None:
    _write_folder(tmp_path)
    save = tmp_path / "out"
    assert cli_main(["evaluate", "articles", str(tmp_path), "--save", str(save)]) == 0
    out = capsys.readouterr().out
    assert "row: found 1 of 2, forbidden hits 0" in out
    assert "R1 found" in out
    assert "R2 MISSING  an event nobody codes: Peru and Chile at war (no event with these actors)" in out
    assert "total: 1 articles, found 1 of 2 (50%), forbidden hits 0" in out
    assert "misses by failing field: no event with these actors 1" in out
    saved = [json.loads(x) for x in (save / "row.jsonl").read_text(encoding="utf-8").splitlines()]
    assert any(ev["event_type"] == "SANCTION" for ev in saved)


def test_the_seed_scores_ten_of_ten(shared_dir: Path, capsys) -> None:
    assert cli_main(["evaluate", "articles", str(shared_dir / "seed"), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "expected_events: found 10 of 10, forbidden hits 0" in out
    assert "total: 1 articles, found 10 of 10 (100%), forbidden hits 0" in out
