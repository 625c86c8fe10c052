"""`eventwatch evaluate timex`: CAT XML read back into text, spans matched, values scored."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwatch.cli import main as cli_main
from eventwatch.errors import EventwatchError
from eventwatch.evaluate import timex

# Title, dateline (the creation time), two annotated sentences, one sentence past the
# annotated part (its "Friday" must not count as spurious).
SENTENCES = [
    ["Rebels", "take", "town"],
    ["March", "5", ",", "2008"],
    ["Rebels", "took", "the", "town", "yesterday", "after", "three", "days", "of", "fighting",
     "."],
    ["The", "army", "will", "return", "in", "April", ",", "officials", "said", "now", "."],
    ["Talks", "are", "due", "on", "Friday", "."],
]
# gold: t_ids of each TIMEX3 and its type/value ("now" is left out of the gold on purpose)
GOLD = [
    ("CREATION_TIME", [4, 5, 6, 7], "DATE", "2008-03-05"),
    ("NONE", [12], "DATE", "2008-03-04"),
    ("NONE", [14, 15], "DURATION", "P3D"),
    ("NONE", [24], "DATE", "2009-04"),  # a wrong gold value: the report must show it
]


def _write_cat(folder: Path) -> Path:
    lines = ['<?xml version="1.0" ?>', '<Document doc_id="1" doc_name="rebels" lang="en">']
    t_id = 0
    for s, words in enumerate(SENTENCES):
        for n, w in enumerate(words):
            t_id += 1
            lines.append(f'<token number="{n}" sentence="{s}" t_id="{t_id}">{w}</token>')
    lines.append("<Markables>")
    for m_id, (function, ids, typ, value) in enumerate(GOLD, start=1):
        lines.append(f'<TIMEX3 functionInDocument="{function}" m_id="{m_id}" type="{typ}" '
                     f'value="{value}">')
        lines += [f'<token_anchor t_id="{i}"/>' for i in ids]
        lines.append("</TIMEX3>")
    lines.append('<EVENT_MENTION m_id="9"><token_anchor t_id="26"/></EVENT_MENTION>')
    lines.append("</Markables>")
    lines.append("</Document>")
    path = folder / "corpus_x" / "rebels.xml"
    path.parent.mkdir(parents=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_read_cat_rebuilds_text_and_gold(tmp_path):
    doc = timex.read_cat(_write_cat(tmp_path))
    assert doc.text.split("\n")[2].startswith("Rebels took the town yesterday after")
    assert str(doc.published) == "2008-03-05"
    assert [(g.text, g.value) for g in doc.gold] == [
        ("yesterday", "2008-03-04"), ("three days", "P3D"), ("April", "2009-04")]
    assert doc.text[: doc.scored_until].endswith("officials said now .")


def test_scores_span_and_value(tmp_path):
    _write_cat(tmp_path)
    report = timex.evaluate(tmp_path)
    # found: yesterday, three days, April (2008-04), now (not gold); dateline and Friday ignored
    assert (report.n_gold, report.n_found, report.matched) == (3, 4, 3)
    assert report.precision == pytest.approx(0.75)
    assert report.recall == pytest.approx(1.0)
    assert report.value_accuracy == pytest.approx(2 / 3)
    kinds = sorted(c.kind for c in report.cases)
    assert kinds == ["spurious", "value"]


def test_cli_prints_figures_and_errors(tmp_path, capsys):
    _write_cat(tmp_path)
    assert cli_main(["evaluate", "timex", str(tmp_path), "--errors", "5"]) == 0
    out = capsys.readouterr().out
    assert "F1 0.857" in out
    assert "value accuracy over expressions found 0.667 (2/3)" in out
    assert "gold DATE '2009-04' found DATE '2008-04' 'April'" in out
    assert "[now]" in out


def test_missing_folder_is_one_clear_error(tmp_path):
    with pytest.raises(EventwatchError) as err:
        timex.read_dir(tmp_path / "nope")
    assert "E013" in str(err.value)


def test_not_xml_is_one_clear_error(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("not xml at all", encoding="utf-8")
    with pytest.raises(EventwatchError) as err:
        timex.read_dir(tmp_path)
    assert "bad.xml" in str(err.value)


def test_meantime_meets_the_bar(shared_dir):
    folder = shared_dir / "benchmarks" / "meantime" / "intra-doc_annotation"
    if not folder.is_dir():
        pytest.skip("MEANTIME is not in ../shared/benchmarks")
    report = timex.evaluate(folder)
    assert report.n_gold > 300
    assert report.f1 >= 0.85
    assert report.value_accuracy >= 0.85


def test_span_only_time_date_markables_score_recall_only(tmp_path):
    words = ["Police", "arrested", "him", "on", "Friday", "after", "a", "long", "chase", "."]
    lines = ['<?xml version="1.0" ?>', '<Document doc_name="ecb" doc_id="ecb">']
    lines += [f'<token t_id="{i}" sentence="0" number="{i - 1}">{w}</token>'
              for i, w in enumerate(words, start=1)]
    lines += ["<Markables>", '<TIME_DATE m_id="1"><token_anchor t_id="5"/></TIME_DATE>',
              "</Markables>", "</Document>"]
    (tmp_path / "1_1ecb.xml").write_text("\n".join(lines), encoding="utf-8")
    report = timex.evaluate(tmp_path)
    assert (report.n_gold, report.matched, report.valued) == (1, 1, 0)
    assert report.recall == 1.0
    assert report.by_type["TIME_DATE"]["found"] == 1
