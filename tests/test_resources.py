"""Resources are objects: a test builds its own (another knowledge base) and hands it to the
pipeline; the default one stays untouched. Each argument span is resolved once per event."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import eventwatch
from eventwatch import nlp, resources
from eventwatch.actors import DocActors, loader, resolve_actor
from eventwatch.resources import Resources

ADDITIONS = (
    "organisations:\n- {name: Tallgrass Monitors, country: GEO, sector: NGO}\n"
    "people:\n- name: Odalric Venn\n  country: ISL\n  gender: m\n"
    "  roles: [{role: Foreign Minister, start: 2020}]\n"
)


@pytest.fixture(scope="module")
def own(tmp_path_factory: pytest.TempPathFactory) -> Resources:
    path: Path = tmp_path_factory.mktemp("kb") / "actors.yaml"
    path.write_text(ADDITIONS, encoding="utf-8")
    # its own knowledge base; the spaCy model is shared, so the test loads it once
    return Resources(kb=loader.load(user_file=path), nlp=nlp.load())


def test_a_resources_object_holds_its_own_knowledge_base(own: Resources) -> None:
    with own.active():
        assert resolve_actor("Odalric Venn", date="2023-05-02")["country"] == "ISL"
    assert resolve_actor("Odalric Venn", date="2023-05-02") is None  # the default knows nothing
    assert resources.current() is resources.default()


def test_extract_takes_resources(own: Resources) -> None:
    text = "Foreign Minister Odalric Venn met Tallgrass Monitors in Reykjavik on Tuesday."
    mine = eventwatch.extract(text, published="2023-05-04", resources=own)
    theirs = eventwatch.extract(text, published="2023-05-04")
    assert mine and theirs
    def venn(events: list) -> set:
        return {a.country for ev in events for a in ev.source + ev.target if "Venn" in a.text}

    assert venn(mine) == {"ISL"}
    # the default knowledge base does not know him (and a foreign minister never takes the
    # article's home country)
    assert "ISL" not in venn(theirs)
    assert "kb" in own.built() and "kb.parses" in own.built()  # derived caches live with it


def test_resources_are_built_once_and_dropped_with_what_derives_from_them() -> None:
    res = Resources()
    calls = Counter[str]()

    def build() -> object:
        calls["x"] += 1
        return object()

    first = res.get("x", build)
    assert res.get("x", build) is first and calls["x"] == 1
    res.get("x.part", dict)
    res.get("xy", dict)
    assert len(res.drop("x")) == 2 and res.built() == ["xy"]
    assert res.get("x", build) is not first and calls["x"] == 2


def test_each_span_is_resolved_once_per_event(monkeypatch: pytest.MonkeyPatch) -> None:
    from eventwatch import coding

    coded: list = []  # what the coder found; the pipeline's questions come after it
    pipeline_asks: Counter[tuple[int, int]] = Counter()
    resolved: Counter[tuple[int, int, object]] = Counter()
    original_code_doc = coding.code_doc
    original_one, original_all = DocActors.actor_for, DocActors.actors_for
    original_resolve = DocActors._resolve

    def code_doc(doc, actor_of=None):  # type: ignore[no-untyped-def]
        coded.extend(original_code_doc(doc, actor_of=actor_of))
        coded.append(None)  # the mark: coding is done
        return [c for c in coded if c is not None]

    def count(span) -> None:  # type: ignore[no-untyped-def]
        if None in coded:
            pipeline_asks[(span.start_char, span.end_char)] += 1

    def actor_for(self, span, on=None):  # type: ignore[no-untyped-def]
        count(span)
        return original_one(self, span, on)

    def actors_for(self, span, on=None):  # type: ignore[no-untyped-def]
        count(span)
        return original_all(self, span, on)

    def _resolve(self, text, start, on):  # type: ignore[no-untyped-def]
        resolved[(start, start + len(text), on)] += 1
        return original_resolve(self, text, start, on)

    monkeypatch.setattr(coding, "code_doc", code_doc)
    monkeypatch.setattr(DocActors, "actor_for", actor_for)
    monkeypatch.setattr(DocActors, "actors_for", actors_for)
    monkeypatch.setattr(DocActors, "_resolve", _resolve)
    events = eventwatch.extract(
        "President Joe Biden criticised China on Monday. Biden later met Japan's prime minister "
        "in Tokyo and the two leaders signed a trade agreement.",
        published="2023-05-10",
    )
    assert events
    spans = Counter(
        (s.start_char, s.end_char)
        for ev in coded
        if ev is not None
        for s in [*ev.source, *ev.target, *([ev.reporter] if ev.reporter is not None else [])]
    )
    assert spans and pipeline_asks == spans  # once per span of each event, no more
    assert max(resolved.values()) == 1  # and the resolver works once per span and date


def test_the_collector_rests_while_a_resource_is_built_and_runs_again_after() -> None:
    import gc

    res = Resources()
    seen: list[bool] = []

    def inner() -> object:
        seen.append(gc.isenabled())
        return object()

    def outer() -> object:
        seen.append(gc.isenabled())
        return res.get("inner", inner)  # a builder that asks for another resource

    assert gc.isenabled()
    res.get("outer", outer)
    assert seen == [False, False] and gc.isenabled()

    def broken() -> object:
        raise ValueError("no such file")

    with pytest.raises(ValueError):
        res.get("broken", broken)
    assert gc.isenabled()
