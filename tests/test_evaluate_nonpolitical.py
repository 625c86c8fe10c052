"""`eventwatch evaluate nonpolitical`: events per article on a small GeoWebNews-style file the
test writes (own texts), and the confidence spread."""

from __future__ import annotations

from pathlib import Path

from eventwatch.cli import main as cli_main
from eventwatch.evaluate import nonpolitical
from eventwatch.evaluate.nonpolitical import Coded, confidence_spread, read_texts

XML = """<?xml version="1.0" ?>
<articles>
  <article file="10"><title>a</title><link>x</link>
    <text>The home side won the cup final 2-1 after extra time on a cold evening.</text></article>
  <article file="104"><title>b</title><link>x</link>
    <text>Ugandan troops shelled rebel positions near the Congolese border on Sunday.</text></article>
  <article file="999"><title>c</title><link>x</link><text>Rain is forecast.</text></article>
</articles>
"""


def test_read_texts_keys_articles_by_file_id(tmp_path: Path) -> None:
    path = tmp_path / "gwn.xml"
    path.write_text(XML, encoding="utf-8")
    texts = read_texts(path)
    assert sorted(texts) == ["10", "104", "999"]
    assert texts["999"] == "Rain is forecast."


def test_confidence_spread_is_the_share_of_the_commonest_value() -> None:
    coded = [Coded("1", [("AID", 0.8, "a", "b"), ("AID", 0.8, "a", "b")]),
             Coded("2", [("ASSAULT", 0.61, "c", "d"), ("ASSAULT", 0.6004, "c", "d")])]
    assert confidence_spread(coded) == (4, 0.8, 0.5)
    assert confidence_spread([]) == (0, 0.0, 0.0)


def test_command_counts_events_on_the_listed_articles_only(tmp_path: Path, capsys, monkeypatch) -> None:
    path = tmp_path / "gwn.xml"
    path.write_text(XML, encoding="utf-8")
    monkeypatch.setattr(nonpolitical, "NONPOLITICAL_IDS", ("10", "104"))
    assert cli_main(["evaluate", "nonpolitical", str(path), "--all"]) == 0
    out = capsys.readouterr().out
    assert "non-political articles: 2, events coded" in out
    assert "all 3 articles:" in out
