"""Wires the stages: parse (spaCy, batched) -> code -> actors -> dates -> places -> Event records.

Pure functions over plain data: nothing here opens the database or prints. Scale-out runners
call `events_from_doc` (or `extract_many`) on their own shards.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from spacy.tokens import Doc, Span

from eventwatch import actors, coding, config, headlines, nlp, when, where
from eventwatch.coding import CodedEvent
from eventwatch.dates import first_day, parse_date
from eventwatch.records import Actor, Article, Event, Evidence, Place, TimeValue
from eventwatch.resources import Resources, using

MAX_PARSE_CHARS = 200_000  # longer bodies are cut before parsing (spaCy's cost is linear)


def parse_text(article: Article) -> str:
    """What the parser reads of an article: its first MAX_PARSE_CHARS characters with
    hard-wrapped lines joined (`nlp.unwrap`: same length, so offsets stay the article's)."""
    return nlp.unwrap(article.text[:MAX_PARSE_CHARS])


def _span_actors(resolver: actors.DocActors, spans: list[Span], on: date | None) -> list[Actor]:
    """Every actor the argument spans name ("Putin and Kim" is two); an unknown one is kept
    with its text and no country. A person, body or group that neither the text nor the
    knowledge base places in a country takes the article's home country, marked
    `country_from="article"` (domestic news rarely says "Canadian" before each minister)."""
    out: list[Actor] = []
    home = resolver.home_country()
    for span in spans:
        found = resolver.actors_for(span, on=on) or [Actor(text=span.text)]
        for actor in found:
            if actor.start is None:
                actor.start, actor.end = span.start_char, span.end_char
            if (home and actor.country is None and actor.kb_id is None and _inherits_home(span, actor)
                    and not resolver.abroad(span)):
                actor.country, actor.country_from = home, "article"
            out.append(actor)
    return out


def _inherits_home(span: Span, actor: Actor) -> bool:
    """Whether a mention can take the article's country: a name or a noun, or a pronoun the
    resolver tied to a name or an agent noun ("They" for "the Boons", "It" for a company the
    text named), not a bare pronoun nor a place."""
    if span.root.pos_ == "PRON":
        return actor.kind in ("person", "organisation", "group") and bool(actor.name or actor.sector)
    return span.root.pos_ in ("NOUN", "PROPN") and span.root.ent_type_ not in ("GPE", "LOC")


def _placed(found: list[Actor], places: list[Place]) -> None:
    """A place named as an actor ("fired on a patrol in Karak": the town) that the knowledge
    base does not place takes the country the gazetteer resolved that very mention to."""
    for actor in found:
        if actor.country is not None or actor.kb_id is not None or actor.start is None:
            continue
        words = _THE.sub("", actor.text.strip())
        for place in places:
            if (place.country and place.start is not None and actor.start <= place.start
                    and place.end is not None and actor.end is not None and place.end <= actor.end
                    and place.text == words):
                actor.country = place.country
                break


_THE = re.compile(r"^(?:the|The)\s+")


@dataclass
class _Cast:
    """Who an event names, resolved once, on the event's date."""

    date: TimeValue | None
    source: list[Actor]
    target: list[Actor]
    reporter: Actor | None
    countries: list[str]  # of the first actor of each argument span: hints for the places


def _cast(
    doc: Doc, ev: CodedEvent, resolver: actors.DocActors, times: list[TimeValue], published: date | None
) -> _Cast:
    """Date the event, then resolve each of its argument spans once, as of that date."""
    tv = when.event_date(doc, ev.trigger, times, ev.factuality, published)
    on = _as_date(tv.value) if tv is not None else published
    per_span = {id(span): _span_actors(resolver, [span], on) for span in ev.source + ev.target}
    source = [a for span in ev.source for a in per_span[id(span)]]
    states = {a.country for a in source if a.kind == "country" and a.country}
    for span in ev.target:  # "Turkey accused the regime": another country's regime
        found = per_span[id(span)]
        if len(found) == 1 and found[0].country in states:
            per_span[id(span)] = resolver.other_country(span, on, found[0].country) or found
    target = actors.not_in(source, [a for span in ev.target for a in per_span[id(span)]])
    reporter = _span_actors(resolver, [ev.reporter], on)[0] if ev.reporter is not None else None
    countries = [found[0].country for found in per_span.values() if found and found[0].country]
    return _Cast(tv, source, target, reporter, countries)


def events_from_doc(article: Article, doc: Doc, resources: Resources | None = None) -> list[Event]:
    """Every coded event in one parsed article, with actors, date, place and evidence.

    Each argument span is resolved once per event (on the event's date); the coder's own
    questions about the same spans are answered from `DocActors`' cache. `resources`: the
    knowledge base, gazetteer and models to use (default: `eventwatch.resources.current()`)."""
    # the settings are read once per document (stages ask `config.current()` per pair of
    # mentions: with none active, each asked it to copy and parse the whole environment)
    with using(resources), config.current().active():
        return _events_from_doc(article, doc)


def _events_from_doc(article: Article, doc: Doc) -> list[Event]:
    published = article.published
    headlines.reparse(doc)  # "Turkey expels Dutch envoy": the headline's verb parsed as one
    resolver = actors.DocActors(doc, published, title=article.title or "")
    coded = coding.code_doc(doc, actor_of=resolver.actor_for)
    if not coded:  # no event: the time and place stages have nothing to date or place
        return []
    times = when.times_in_doc(doc, published)
    casts = [_cast(doc, ev, resolver, times, published) for ev in coded]
    places = where.places_in_doc(doc, {c for cast in casts for c in cast.countries})
    for cast in casts:
        _placed(cast.source + cast.target, places)
    events: list[Event] = []
    for ev, cast in zip(coded, casts, strict=True):
        sent = ev.sentence
        evidence = Evidence(
            article_id=article.id,
            sentence=sent.text,
            start=sent.start_char,
            end=sent.end_char,
            trigger=ev.trigger.text,
            trigger_start=ev.trigger.idx,
            trigger_end=ev.trigger.idx + len(ev.trigger.text),
        )
        events.append(
            Event(
                event_type=ev.event_type,
                evidence=evidence,
                factuality=ev.factuality,
                mode=ev.mode,
                contexts=list(ev.contexts),
                source=cast.source,
                target=cast.target,
                object={"text": ev.object.text, "start": ev.object.start_char, "end": ev.object.end_char}
                if ev.object is not None
                else None,
                date=cast.date,
                location=where.event_location(doc, ev.trigger, places),
                cameo=ev.cameo,
                quad_class=ev.quad_class,
                goldstein=ev.goldstein,
                confidence=ev.confidence,
                reporter=cast.reporter,
            )
        )
    return dedupe(events)


def _dyad_key(actors_: list[Actor]) -> frozenset[str]:
    return frozenset((a.name or a.text).lower() for a in actors_)


def dedupe(events: list[Event]) -> list[Event]:
    """One event per sentence, type, factuality and resolved dyad: the most confident.

    Two readings of one sentence that name the same actors ("visit Vladivostok", "inspect
    Russia's Pacific fleet", both Kim -> Russia) are one event to an analyst."""
    best: dict[tuple[Any, ...], Event] = {}
    for ev in events:
        key = (ev.evidence.start, ev.event_type, ev.factuality, _dyad_key(ev.source), _dyad_key(ev.target))
        if key not in best or ev.confidence > best[key].confidence:
            best[key] = ev
    keep = {id(ev) for ev in best.values()}
    return [ev for ev in events if id(ev) in keep]


def _as_date(value: str) -> date | None:
    """The first day a TIMEX value can mean (`eventwatch.dates.first_day`)."""
    return first_day(value)


def extract_many(
    articles: Iterable[Article], batch_size: int = 8, resources: Resources | None = None
) -> Iterator[tuple[Article, list[Event]]]:
    """Parse articles in batches with `nlp.pipe` and yield each with its events, in order."""
    with using(resources) as res:
        model = nlp.load()
    pending: list[Article] = []

    def flush() -> Iterator[tuple[Article, list[Event]]]:
        docs = model.pipe((parse_text(a) for a in pending), batch_size=batch_size)
        for art, doc in zip(pending, docs, strict=True):
            with using(res):
                found = events_from_doc(art, doc)
            yield art, found
        pending.clear()

    for art in articles:
        pending.append(art)
        if len(pending) >= batch_size:
            yield from flush()
    if pending:
        yield from flush()


def extract(
    article: Article | str, published: date | str | None = None, resources: Resources | None = None
) -> list[Event]:
    """Code one article (or a bare text) without storing it (with `resources`, when given)."""
    if isinstance(article, str):
        article = Article(text=article)
    if published is not None:
        article.published = parse_date(published)
    with using(resources):
        doc = nlp.load()(parse_text(article))
        return events_from_doc(article, doc)
