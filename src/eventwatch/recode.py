"""Re-code stored articles after the knowledge base (or the model) changed.

`recode(store, filter)` re-resolves every stored actor of every matching article with the
current knowledge base, in the article's own context (coreference, the story's countries),
and writes what changed; `whole=True` re-runs the whole coding and replaces the article's
events. Each article is one transaction: an error leaves it as it was. The report lists every
change, so the user sees what an `actors add` did to the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select

from eventwatch.pipeline import parse_text
from eventwatch.records import Actor
from eventwatch.store import convert
from eventwatch.store.query import ArticleFilter
from eventwatch.store.schema import ArticleRow, EventActorRow, EventRow, PlaceRow
from eventwatch.store.store import Store, place_for

FIELDS = ("name", "country", "sector", "kind", "kb_id")


@dataclass
class ActorChange:
    """One stored actor whose resolution changed: `before`/`after` are FIELDS values."""

    article_id: str
    event_id: str
    role: str
    text: str
    before: dict[str, Any]
    after: dict[str, Any]

    def line(self) -> str:
        diff = ", ".join(
            f"{k} {self.before[k] or '-'} -> {self.after[k] or '-'}"
            for k in FIELDS
            if self.before[k] != self.after[k]
        )
        return f"{self.event_id} {self.role} {self.text!r}: {diff}"


@dataclass
class RecodeReport:
    articles: int = 0
    actors_seen: int = 0
    changes: list[ActorChange] = field(default_factory=list)
    events_removed: int = 0  # whole re-coding only
    events_added: int = 0

    def summary(self) -> str:
        out = (
            f"recoded {self.articles} article(s): {len(self.changes)} of {self.actors_seen} "
            f"actor(s) changed"
        )
        if self.events_removed or self.events_added:
            out += f"; events: {self.events_removed} removed, {self.events_added} added"
        return out


def _article_rows(store: Store, flt: ArticleFilter | None, ids: list[str]) -> Iterator[str]:
    with store.session() as s:
        stmt = select(ArticleRow.id).order_by(ArticleRow.published, ArticleRow.id)
        if flt is not None:
            stmt = flt.apply(stmt)
        if ids:
            stmt = stmt.where(ArticleRow.id.in_(ids))
        found = list(s.scalars(stmt))
    yield from found


def _values(obj: Any) -> dict[str, Any]:
    return {k: getattr(obj, k) for k in FIELDS}


def recode(
    store: Store,
    flt: ArticleFilter | None = None,
    ids: list[str] | None = None,
    whole: bool = False,
    dry_run: bool = False,
) -> RecodeReport:
    """Re-resolve (or, with `whole`, re-code) the stored articles matching `flt`/`ids`."""
    from eventwatch import nlp

    nlp_ = nlp.load()
    report = RecodeReport()
    for article_id in _article_rows(store, flt, ids or []):
        with store.session() as s:
            row = s.get(ArticleRow, article_id)
            if row is None:
                continue
            article = convert.article_record(row)
            doc = nlp_(parse_text(article))
            if whole:
                _recode_whole(s, article, doc, report, dry_run)
            else:
                _recode_actors(s, article, doc, report, dry_run)
            report.articles += 1
    return report


def _recode_actors(s: Any, article: Any, doc: Any, report: RecodeReport, dry_run: bool) -> None:
    from eventwatch import actors

    resolver = actors.DocActors(doc, article.published)
    events = s.scalars(select(EventRow).where(EventRow.article_id == article.id)).all()
    for ev in events:
        for a in ev.actors:
            report.actors_seen += 1
            if a.start_char is None or a.end_char is None:
                continue
            span = doc.char_span(a.start_char, a.end_char, alignment_mode="expand")
            if span is None:
                continue
            found = resolver.actors_for(span, on=ev.day) or [Actor(text=a.text)]
            new = next((f for f in found if f.start == a.start_char), found[0])
            before = _values(a)
            after = {k: getattr(new, k) for k in FIELDS}
            if before == after and list(a.sectors or []) == list(new.sectors):
                continue
            if before != after:
                report.changes.append(ActorChange(article.id, ev.id, a.role, a.text, before, after))
            if not dry_run:
                a.name, a.country, a.sector, a.kind, a.kb_id = (after[k] for k in FIELDS)
                a.sectors = list(new.sectors)
                a.actor_role = new.role


def _recode_whole(s: Any, article: Any, doc: Any, report: RecodeReport, dry_run: bool) -> None:
    from eventwatch import pipeline

    old = s.scalars(select(EventRow).where(EventRow.article_id == article.id)).all()
    old_actors = {
        (ev.id, a.role, a.position): (a.text, _values(a)) for ev in old for a in ev.actors
    }
    new_events = pipeline.events_from_doc(article, doc)
    ids = [ev.id for ev in old]
    if not dry_run:
        s.execute(delete(EventActorRow).where(EventActorRow.event_id.in_(ids)))
        s.execute(delete(EventRow).where(EventRow.article_id == article.id))
        s.flush()
    now = datetime.now(UTC).replace(tzinfo=None)
    places: dict[str, PlaceRow] = {}
    stored: set[str] = set()
    for ev in new_events:
        if ev.id in stored:
            continue
        stored.add(ev.id)
        if not dry_run:
            s.add(convert.event_row(ev, article, place_for(s, ev, places), now))
        for role, group in (("source", ev.source), ("target", ev.target)):
            for pos, a in enumerate(group):
                report.actors_seen += 1
                prev = old_actors.get((ev.id, role, pos))
                if prev is not None and prev[1] != _values(a):
                    report.changes.append(
                        ActorChange(article.id, ev.id, role, a.text, prev[1], _values(a))
                    )
    report.events_removed += len(set(ids) - stored)
    report.events_added += len(stored - set(ids))


