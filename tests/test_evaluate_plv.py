"""`eventwatch evaluate plv`: reading the TSV, scoring, the report and the CLI.

The small TSV below is written for this test (our own sentences, in the PLV column layout);
the last test runs the first 50 rows of the real PLV dev set and skips without ../shared.
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

import pytest

from eventwatch.cli import main as cli_main
from eventwatch.errors import EventwatchError
from eventwatch.evaluate import plv

ROWS = [
    ("Iran launched drones at Israel overnight.", "Iran", "Israel", "ASSAULT", "4"),
    (
        "The minister held talks with her Kenyan counterpart in Nairobi.",
        "The minister",
        "her Kenyan counterpart",
        "CONSULT",
        "1",
    ),
    (
        "Police detained forty protesters outside parliament.",
        "Police",
        "forty protesters",
        "COERCE",
        "4",
    ),
    (
        "The government freed 300 prisoners under the amnesty.",
        "The government",
        "300 prisoners",
        "YIELD",
        "2",
    ),
]


def _write_tsv(path: Path, rows=ROWS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t")
        w.writerow(
            [
                "",
                "sentence_id",
                "sentence",
                "marked_sentence",
                "source",
                "target",
                "gold_penta",
                "gold_root",
            ]
        )
        for k, (sent, s, t, root, quad) in enumerate(rows):
            marked = sent.replace(s, f"<s>{s}</s>", 1).replace(t, f"<t>{t}</t>", 1)
            w.writerow([k, k, sent, marked, s, t, quad, root])
    return path


def test_plover_types_map_onto_plv_roots_and_quads() -> None:
    assert plv.to_root("RETREAT") == "YIELD" and plv.to_root("CONCEDE") == "YIELD"
    assert plv.to_root("assault") == "ASSAULT"
    assert plv.to_root(None) == plv.NONE
    assert len(plv.ROOT_TYPES) == 15
    assert (
        plv.quad_of("REQUEST") == "3"
        and plv.quad_of("AID") == "2"
        and plv.quad_of("NONE") == "NONE"
    )
    assert (
        plv.binary_of("1") == "coop"
        and plv.binary_of("4") == "conflict"
        and plv.binary_of("NONE") == "NONE"
    )


def test_read_plv_keeps_the_columns_it_needs(tmp_path: Path) -> None:
    rows = plv.read_plv(_write_tsv(tmp_path / "mini.tsv"))
    assert len(rows) == 4
    assert rows[0].source == "Iran" and rows[0].gold_root == "ASSAULT" and rows[0].gold_quad == "4"
    assert "<s>Iran</s>" in rows[0].marked
    assert len(plv.read_plv(tmp_path / "mini.tsv", limit=2)) == 2


def test_read_plv_rejects_a_file_without_the_columns(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("a\tb\n1\t2\n", encoding="utf-8")
    with pytest.raises(EventwatchError, match=r"bad\.tsv: not a PLV TSV: missing columns"):
        plv.read_plv(bad)
    with pytest.raises(EventwatchError, match="cannot read input"):
        plv.read_plv(tmp_path / "missing.tsv")


def test_scores_by_hand() -> None:
    r = [plv.Row(s, s, a, b, root, quad) for s, a, b, root, quad in ROWS]
    outcomes = [
        plv.Outcome(r[0], "ASSAULT", 0.9),
        plv.Outcome(r[1], "CONSULT", 0.8),
        plv.Outcome(r[2], "ASSAULT", 0.7),  # wrong root, right quad, right side
        plv.Outcome(r[3], plv.NONE, 0.0),  # pair not found: wrong everywhere
    ]
    s = plv.score(outcomes)
    assert s.n == 4 and s.found == 3
    assert s.found_typed == 2  # the wrong root and the unfound pair do not count
    # roots: ASSAULT F1 2/3, CONSULT 1, COERCE 0, YIELD 0, the 11 absent types 0 -> (5/3)/15
    assert s.root_f1 == pytest.approx((2 / 3 + 1) / 15)
    # quads: 4 -> P 1 R 1 (two gold 4s, both predicted 4), 1 -> 1, 2 -> 0, 3 absent -> 0
    assert s.quad_f1 == pytest.approx((1 + 1 + 0 + 0) / 4)
    # coop/conflict: conflict P 1 R 1; coop gold 2, predicted 1 right -> P 1 R .5 F .667
    assert s.binary_f1 == pytest.approx((1 + 2 / 3) / 2)


def test_report_prints_figures_table_confusion_and_worst_cases() -> None:
    r = [plv.Row(s, s.replace(a, f"<s>{a}</s>"), a, b, root, quad) for s, a, b, root, quad in ROWS]
    outcomes = [
        plv.Outcome(r[0], "ASSAULT", 0.9),
        plv.Outcome(r[1], "SUPPORT", 0.95),
        plv.Outcome(r[2], "COERCE", 0.6),
        plv.Outcome(r[3], "AID", 0.4),
    ]
    out = io.StringIO()
    plv.report(outcomes, "pair", errors=1, out=out)
    text = out.getvalue()
    assert "macro-F1 root (15 types): " in text
    assert "pairs found with the gold type: 2 (0.500)" in text
    assert "macro-F1 quad (4 classes): " in text
    assert "macro-F1 coop vs conflict: " in text
    assert "gold/pred" in text
    worst = text.split("worst cases")[1]
    assert "gold CONSULT   pred SUPPORT" in worst and "<s>The minister</s>" in worst
    assert "pred AID" not in worst  # only the single most confident error


def test_model_mode_on_our_own_sentences(tmp_path: Path, capsys) -> None:
    path = _write_tsv(tmp_path / "mini.tsv")
    args = argparse.Namespace(path=str(path), mode="model", errors=0, limit=None, sample=None)
    assert plv.main(args) == 0
    text = capsys.readouterr().out
    assert "== PLV, mode model: 4 rows, 4 coded" in text
    root = float(text.split("macro-F1 root (15 types): ")[1].split()[0])
    assert root >= 4 * (2 / 2) / 15 - 1e-9  # all four right would be 4/15; at least the easy ones


def test_cli_dispatches_to_the_plv_evaluator(tmp_path: Path, capsys) -> None:
    path = _write_tsv(tmp_path / "mini.tsv")
    rc = cli_main(["evaluate", "plv", str(path), "--mode", "model", "--errors", "2"])
    assert rc == 0
    assert "== PLV, mode model" in capsys.readouterr().out


def test_spread_takes_even_steps() -> None:
    rows = [plv.Row(str(k), "", "", "", "AGREE", "1") for k in range(10)]
    assert [r.sentence for r in plv.spread(rows, 5)] == ["0", "2", "4", "6", "8"]
    assert plv.spread(rows, 50) == rows


@pytest.mark.slow
def test_fifty_rows_of_plv_dev_in_every_mode(shared_dir: Path, capsys) -> None:
    """50 rows spread through the file (it is sorted by type, so the first 50 are one type)."""
    path = shared_dir / "benchmarks" / "plv-dev" / "plv_dev.tsv"
    if not path.is_file():
        pytest.skip("plv_dev.tsv is not present")
    for mode in ("model", "both"):
        args = argparse.Namespace(path=str(path), mode=mode, errors=3, limit=None, sample=50)
        assert plv.main(args) == 0
    text = capsys.readouterr().out
    for mode in ("model", "pair", "e2e"):
        assert f"== PLV, mode {mode}: 50 rows" in text
    scores = [float(x.split()[0]) for x in text.split("macro-F1 coop vs conflict: ")[1:]]
    assert len(scores) == 3 and all(0.0 <= s <= 1.0 for s in scores)
    # the model alone separates cooperation from conflict on these rows well above chance
    assert scores[0] >= 0.75
