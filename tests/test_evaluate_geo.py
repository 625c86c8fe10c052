"""`eventwatch evaluate geo`: the GeoWebNews reader and the scores, on a file the test writes,
and a smoke run on the shared corpus when it is there."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from eventwatch.cli import main as cli_main
from eventwatch.errors import EventwatchError
from eventwatch.evaluate import geo

TEXT = "Kim flew from Pyongyang to Vladivostok, and Moscow said the talks went well."
XML = f"""<?xml version="1.0" ?>
<articles>
  <article file="0">
    <title>test</title>
    <text>{TEXT}</text>
    <toponyms>
      <toponym><extractedName>Pyongyang</extractedName><type>Literal</type>
        <start>14</start><end>23</end><geonamesID>1871859</geonamesID>
        <latitude>39.03385</latitude><longitude>125.75432</longitude></toponym>
      <toponym><extractedName>Vladivostok</extractedName><type>Literal</type>
        <start>27</start><end>38</end><geonamesID>2013348</geonamesID>
        <latitude>43.10562</latitude><longitude>131.87353</longitude></toponym>
      <toponym><extractedName>Moscow</extractedName><type>Metonymic</type>
        <start>44</start><end>50</end><geonamesID>524901</geonamesID>
        <latitude>55.75222</latitude><longitude>37.61556</longitude></toponym>
      <toponym><extractedName>Kim</extractedName><type>Non_Toponym</type>
        <start>0</start><end>3</end><geonamesID /></toponym>
    </toponyms>
  </article>
</articles>
"""


def test_reader_keeps_offsets_types_and_points(tmp_path: Path) -> None:
    path = tmp_path / "gwn.xml"
    path.write_text(XML, encoding="utf-8")
    (art,) = geo.read_gwn(path)
    assert [TEXT[t.start : t.end] for t in art.toponyms] == [
        "Pyongyang",
        "Vladivostok",
        "Moscow",
        "Kim",
    ]
    assert art.toponyms[0].geonames_id == 1871859 and art.toponyms[3].lat is None


def test_scores_count_spans_distance_and_ids(tmp_path: Path) -> None:
    path = tmp_path / "gwn.xml"
    path.write_text(XML, encoding="utf-8")
    arts = geo.read_gwn(path)
    preds = [
        [
            {"start": 14, "end": 23, "lat": 39.0, "lon": 125.8, "geonames_id": 1871859},  # right
            {
                "start": 27,
                "end": 38,
                "lat": 48.48,
                "lon": 135.08,
                "geonames_id": 2022890,
            },  # 600 km off
            {
                "start": 0,
                "end": 3,
                "lat": 1.0,
                "lon": 1.0,
                "geonames_id": None,
            },  # on a non-place: ignored
            {"start": 60, "end": 65, "lat": 1.0, "lon": 1.0, "geonames_id": None},  # a false span
        ]
    ]
    figures, errors = geo.score(arts, preds)
    assert figures["gold_toponyms"] == 3
    assert figures["precision"] == pytest.approx(2 / 3)
    assert figures["recall"] == pytest.approx(2 / 3)
    assert figures["within_161km"] == pytest.approx(1 / 3)
    assert figures["geonames_id_accuracy"] == pytest.approx(1 / 3)
    assert sorted(e["gold"].name for e in errors) == ["Moscow", "Vladivostok"]


def test_main_prints_the_figures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "gwn.xml"
    path.write_text(XML, encoding="utf-8")
    assert geo.main(argparse.Namespace(path=str(path), errors=5, limit=0)) == 0
    out = capsys.readouterr().out
    assert "3 gold toponyms" in out
    assert "resolved within 161 km: 100.0% of 3" in out  # Moscow is a metonym but still a toponym
    assert "toponym spans (overlap)" in out and "GeoNames id accuracy" in out


def test_unreadable_file_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<articles><article>", encoding="utf-8")
    with pytest.raises(EventwatchError) as err:
        geo.read_gwn(bad)
    assert "bad.xml" in str(err.value)


def test_cli_on_shared_corpus(shared_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gwn = shared_dir / "benchmarks" / "geowebnews" / "GWN.xml"
    if not gwn.is_file():
        pytest.skip("GeoWebNews is not in ../shared")
    assert cli_main(["evaluate", "geo", str(gwn), "--limit", "5", "--errors", "3"]) == 0
    out = capsys.readouterr().out
    assert "GeoWebNews GWN.xml: 5 articles" in out
    within = float(out.split("resolved within 161 km: ")[1].split("%")[0])
    assert within > 60.0
