"""Word clusters as type-model features: a lemma's cluster ids at a few granularities.

The lexical features (coding/features.py) name lemmas ("top=condemn"); a verb or noun the
training sentences never used gets no weight. Each lemma of a large English vocabulary was
embedded offline with MiniLM (coding/encoder.py) and clustered by k-means at several sizes
(scripts/build_word_clusters.py), so "lambaste" shares a cluster with "condemn" and
"criticise": the cluster features ("top_c256=17") carry what the model learnt of the words
it saw to the words it did not see.

`cluster_features(lexical, source_head, target_head)` reads the lexical features of a pair
and emits, for the slots below, one feature per granularity: `<slot>_c<k>=<id>`. The table
travels inside the type model's .npz (`WordClusters.to_arrays`), so a model and the clusters
it was trained with cannot drift apart.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

# lexical feature prefix -> cluster slot: the predicate, its object (a light verb's noun),
# the governing verb of a noun predicate, the lowest verb, the path lemmas, the frame above
_SLOTS: dict[str, str] = {
    "top=": "top",
    "obj=": "obj",
    "gov=": "gov",
    "low=": "low",
    "vlow=": "vlow",
    "pt=": "pt",
    "ps=": "ps",
    "above=": "above",
}
_ROLES = "roles="


class WordClusters:
    """lemma -> one cluster id per granularity (`ks`, e.g. 64, 256, 1024)."""

    def __init__(self, words: list[str], ids: np.ndarray, ks: list[int]) -> None:
        self.ks = [int(k) for k in ks]
        self.table: dict[str, tuple[int, ...]] = {
            w: tuple(int(x) for x in row) for w, row in zip(words, ids, strict=True)
        }

    @classmethod
    def load(cls, path: Path) -> WordClusters:
        """The table of a word_clusters.npz (words, ids (n, len(ks)), ks)."""
        data = np.load(path, allow_pickle=False)
        return cls.from_arrays(data["words"], data["ids"], data["ks"])

    @classmethod
    def from_arrays(cls, words: np.ndarray, ids: np.ndarray, ks: np.ndarray) -> WordClusters:
        return cls([str(w) for w in words], np.asarray(ids), [int(k) for k in ks])

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The arrays to store (in a model file or word_clusters.npz)."""
        words = sorted(self.table)
        return {
            "cluster_words": np.array(words),
            "cluster_ids": np.array([self.table[w] for w in words], dtype=np.int16),
            "cluster_ks": np.array(self.ks, dtype=np.int32),
        }

    def of(self, lemma: str, slot: str) -> list[str]:
        got = self.table.get(lemma)
        if got is None:
            return []
        return [f"{slot}_c{k}={c}" for k, c in zip(self.ks, got, strict=True)]

    def features(self, lexical: list[str], source_head: str, target_head: str) -> list[str]:
        """The cluster features of a pair: one per granularity for each lemma in a slot
        of `lexical`, the predicate's cluster with the actors' roles, and the actor heads."""
        out: list[str] = []
        roles = ""
        top = None
        for f in lexical:
            k = f.find("=")
            if k < 0:
                continue
            slot = _SLOTS.get(f[: k + 1])
            if slot is not None:
                lemma = f[k + 1 :]
                out += self.of(lemma, slot)
                if slot == "top":
                    top = lemma
            elif f.startswith(_ROLES):
                roles = f[len(_ROLES) :]
        if top is not None and roles:
            got = self.table.get(top)
            if got is not None:
                out += [f"top_roles_c{k}={c}|{roles}" for k, c in zip(self.ks, got, strict=True)]
        out += self.of(source_head, "shead")
        out += self.of(target_head, "thead")
        return out
