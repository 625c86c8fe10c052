"""Word clusters as type-model features (coding/clusters.py): the features a table gives, and a
model file that carries its table is read with it at run time (a model chosen by the
settings' `type_model`)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from eventwatch import resources
from eventwatch.coding import model
from eventwatch.coding.clusters import WordClusters
from eventwatch.config import Settings

TABLE = WordClusters(
    ["condemn", "lambaste", "bomb", "minister", "ambassador", "visit"],
    np.array([[0, 3], [0, 3], [1, 5], [2, 6], [2, 7], [3, 1]]),
    [4, 8],
)


def test_each_slot_lemma_gets_one_feature_per_granularity() -> None:
    lexical = ["bias", "top=lambaste", "roles=nsubj|dobj", "obj=ambassador", "pt=unknownword"]
    got = TABLE.features(lexical, "minister", "ambassador")
    assert got == [
        "top_c4=0",
        "top_c8=3",
        "obj_c4=2",
        "obj_c8=7",
        "top_roles_c4=0|nsubj|dobj",
        "top_roles_c8=3|nsubj|dobj",
        "shead_c4=2",
        "shead_c8=6",
        "thead_c4=2",
        "thead_c8=7",
    ]


def test_a_word_outside_the_table_and_other_features_give_nothing() -> None:
    assert TABLE.features(["b=condemn", "w=bomb", "top=zzz"], "zzz", "<num>") == []


def test_table_round_trips_through_arrays(tmp_path: Path) -> None:
    arrays = TABLE.to_arrays()
    path = tmp_path / "clusters.npz"
    np.savez(
        path, words=arrays["cluster_words"], ids=arrays["cluster_ids"], ks=arrays["cluster_ks"]
    )
    back = WordClusters.load(path)
    assert back.ks == [4, 8] and back.table == TABLE.table


def _model_file(path: Path) -> None:
    """A tiny model whose only informative feature is the predicate's cluster: cluster 0
    (condemn, lambaste) means ACCUSE, cluster 1 (bomb) ASSAULT."""
    labels = list(model.LABELS)
    names = ["top_c4=0", "top_c4=1"]
    W = np.zeros((2, len(labels)), dtype=np.float16)
    W[0, labels.index("ACCUSE")] = 6
    W[1, labels.index("ASSAULT")] = 6
    np.savez(
        path,
        labels=np.array(labels),
        features=np.array(names),
        weights=W,
        bias=np.zeros(len(labels), dtype=np.float32),
        temperature=np.array(1.0),
        **TABLE.to_arrays(),
    )


def test_a_model_with_clusters_reads_an_unseen_verb_by_its_cluster(nlp, tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    _model_file(path)
    sentence = "The minister lambasted the ambassador on Tuesday."
    doc = nlp(sentence)
    spans = model.char_spans(doc, sentence, "The minister", "the ambassador")
    assert spans is not None
    with Settings(type_model=path).active(), resources.Resources().active():
        m = model.load_model()
        assert m is not None and m.clusters is not None
        probs = model.score_types(doc[:], None, spans[0], spans[1])
    assert probs is not None
    assert max(probs, key=probs.__getitem__) == "ACCUSE"
