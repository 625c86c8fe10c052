"""Does an article report the happening a story is about? A logistic score over a few
agreement features, with the fitted weights and thresholds in data/stories/scorer.json
(written by scripts/fit_story_scorer.py)."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

from eventwatch.errors import E, EventwatchError
from eventwatch.stories.text import ArticleFeatures, cosine

FEATURES = (
    "text_cos",
    "name_cos",
    "year_match",
    "year_conflict",
    "day_close",
    "day_far",
    "type_match",
    "type_conflict",
    "name_new",
    "name_lost",
    "head_match",
    "head_lost",
    "num_match",
    "num_conflict",
)


@dataclass
class StoryState:
    """What a story is about, as far as scoring needs: centroids, years, types, known days."""

    id: str
    terms: dict[str, float] = field(default_factory=dict)
    names: dict[str, float] = field(default_factory=dict)
    years: dict[str, int] = field(default_factory=dict)
    name_docs: dict[str, int] = field(default_factory=dict)  # articles naming each name
    head_docs: dict[str, int] = field(default_factory=dict)  # ... in their title or 1st sentence
    numbers: dict[str, int] = field(default_factory=dict)  # ... giving each number there
    types: list[str] = field(default_factory=list)
    first_day: date | None = None
    last_day: date | None = None
    n_articles: int = 0


@dataclass
class Params:
    weights: dict[str, float]
    bias: float
    threshold: float  # join the best story when its probability reaches this
    merge_threshold: float  # and merge another candidate into it when that one reaches this
    window_days: int = 7
    lead_words: int = 250
    candidates: int = 30
    top_terms: int = 8
    # revisable stories (stories/split.py): the pair model and the split threshold on the ratio
    # of the mean pair probability across the two groups to the mean inside them (0: never)
    pair_weights: dict[str, float] = field(default_factory=dict)
    pair_bias: float = 0.0
    split_threshold: float = 0.0
    # ... and for stories of split.BIG_SPLIT reports or more, where the ratio rests on more
    # pairs and two similar happenings meet (0: as split_threshold)
    split_big: float = 0.0
    # the first reports of a story are where two similar happenings meet: a stricter join
    young_threshold: float = 0.0
    # fragments of one happening: another candidate story merged into the joined one when the
    # pair model's mean probability across their reports reaches this (0: never), among the
    # candidates the article scored at `link_floor` or above
    link_threshold: float = 0.0
    link_floor: float = 0.0
    # ... or when that mean reaches this share of the mean inside each (0: never)
    link_ratio: float = 0.0
    # outliers: a report whose mean pair probability with the story's other reports is below
    # this share of the mean among those others leaves the story (0: never; stories/split.py)
    evict_ratio: float = 0.0

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True) + "\n"


DEFAULT_PATH = "data/stories/scorer.json"


@lru_cache(maxsize=1)
def shipped() -> Params:
    """The fitted parameters shipped with the package."""
    return load(resources.files("eventwatch") / DEFAULT_PATH)


def load(path: Path | object) -> Params:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
        weights = {k: float(raw["weights"].get(k, 0.0)) for k in FEATURES}

        return Params(
            weights=weights,
            bias=float(raw["bias"]),
            threshold=float(raw["threshold"]),
            merge_threshold=float(raw["merge_threshold"]),
            window_days=int(raw.get("window_days", 7)),
            lead_words=int(raw.get("lead_words", 250)),
            candidates=int(raw.get("candidates", 30)),
            top_terms=int(raw.get("top_terms", 8)),
            pair_weights={k: float(v) for k, v in (raw.get("pair_weights") or {}).items()},
            pair_bias=float(raw.get("pair_bias", 0.0)),
            split_threshold=float(raw.get("split_threshold", 0.0)),
            split_big=float(raw.get("split_big", 0.0)),
            young_threshold=float(raw.get("young_threshold", 0.0)),
            link_threshold=float(raw.get("link_threshold", 0.0)),
            link_floor=float(raw.get("link_floor", 0.0)),
            link_ratio=float(raw.get("link_ratio", 0.0)),
            evict_ratio=float(raw.get("evict_ratio", 0.0)),
        )
    except (OSError, KeyError, TypeError, ValueError) as exc:
        raise EventwatchError(
            E.BAD_VALUE, what=str(path), reason=f"bad story scorer: {exc}"
        ) from exc


def _day_gap(day: date | None, story: StoryState) -> int | None:
    if day is None or story.first_day is None or story.last_day is None:
        return None
    if story.first_day <= day <= story.last_day:
        return 0
    return min(abs((day - story.first_day).days), abs((day - story.last_day).days))


def feature_vector(
    art: ArticleFeatures,
    tvec: Mapping[str, float],
    nvec: Mapping[str, float],
    story: StoryState,
    window_days: int,
) -> list[float]:
    """The agreement features of an article (weighted vectors `tvec`, `nvec`) and a story."""
    both_years = bool(art.years) and bool(story.years)
    shared_years = bool(art.years & {int(y) for y in story.years})
    gap = _day_gap(art.day, story)
    a_types = {t for t in art.types if ":" not in t}
    s_types = {t for t in story.types if ":" not in t}
    both_types = bool(a_types) and bool(s_types)
    type_j = len(a_types & s_types) / len(a_types | s_types) if both_types else 0.0
    core = {n for n in art.core_names if n in nvec}
    core_mass = math.fsum(nvec[n] for n in core)
    new = (
        math.fsum(nvec[n] for n in core if n not in story.name_docs) / core_mass
        if core_mass
        else 0.0
    )
    lost = 0.0
    if story.n_articles >= 2:
        s_core = [n for n, k in story.name_docs.items() if k * 2 >= story.n_articles]
        if s_core:
            lost = sum(1 for n in s_core if n not in art.names) / len(s_core)
    head = {n for n in art.head_names if n in nvec}
    head_mass = math.fsum(nvec[n] for n in head)
    head_match = (
        math.fsum(nvec[n] for n in head if n in story.head_docs) / head_mass if head_mass else 0.0
    )
    head_lost = 0.0
    if story.n_articles >= 2:
        s_head = [n for n, k in story.head_docs.items() if k * 2 >= story.n_articles]
        if s_head:
            head_lost = sum(1 for n in s_head if n not in art.names) / len(s_head)
    both_nums = bool(art.head_numbers) and bool(story.numbers)
    shared_nums = bool(art.head_numbers & set(story.numbers))
    return [
        cosine(tvec, story.terms),
        cosine(nvec, story.names) if nvec and story.names else 0.0,
        1.0 if both_years and shared_years else 0.0,
        1.0 if both_years and not shared_years else 0.0,
        1.0 if gap is not None and gap <= window_days else 0.0,
        1.0 if gap is not None and gap > window_days else 0.0,
        type_j,
        1.0 if both_types and not (a_types & s_types) else 0.0,
        new,
        lost,
        head_match,
        head_lost,
        1.0 if both_nums and shared_nums else 0.0,
        1.0 if both_nums and not shared_nums else 0.0,
    ]


def probability(x: Sequence[float], params: Params) -> float:
    z = params.bias + math.fsum(params.weights[k] * v for k, v in zip(FEATURES, x, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def fit_logistic(
    xs: Sequence[Sequence[float]],
    ys: Sequence[int],
    l2: float = 1.0,
    steps: int = 400,
    names: Sequence[str] = FEATURES,
) -> tuple[dict[str, float], float]:
    """Weights and bias of an L2-regularised logistic regression (Newton steps)."""
    import numpy as np

    x = np.asarray(xs, dtype=float)
    y = np.asarray(ys, dtype=float)
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    reg = np.eye(xb.shape[1]) * l2
    reg[-1, -1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(xb @ w, -30, 30)))
        grad = xb.T @ (p - y) + reg @ w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + reg + np.eye(xb.shape[1]) * 1e-9
        step = np.linalg.solve(hess, grad)
        w -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return {k: round(float(v), 5) for k, v in zip(names, w[:-1], strict=True)}, round(
        float(w[-1]), 5
    )
