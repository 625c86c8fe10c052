"""`Store`: the one interface to the event database (SQLite by default, any SQLAlchemy URL).

Opening a store runs the shipped migrations. Writing an article and its events is one
transaction: either all of it is stored or none of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import (
    CursorResult,
    Engine,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    select,
)
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from eventwatch.config import current
from eventwatch.errors import E, EventwatchError
from eventwatch.records import Article, Event
from eventwatch.store import convert
from eventwatch.store.query import (
    ArticleFilter,
    EventFilter,
    StoredEvent,
    event_order,
    events_select,
)
from eventwatch.store.schema import ArticleRow, EventActorRow, EventRow, PlaceRow
from eventwatch.store.write import write_article
from eventwatch.stories.assign import assign_article as assign_story
from eventwatch.stories.assign import story_ids

DEFAULT_DB = "eventwatch.db"
WRITE_ATTEMPTS = 3  # an article write that lost a unique-key race is tried again
BUSY_TIMEOUT_MS = 30_000  # how long a SQLite writer waits for another process's transaction


def resolve_url(url: str | None = None) -> str:
    """An SQLAlchemy URL from a URL, a SQLite path, $EVENTWATCH_DB, or ./eventwatch.db."""
    url = url or current().db or DEFAULT_DB
    if "://" in url:
        return url
    return f"sqlite:///{Path(url).expanduser().resolve()}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # WAL: readers do not block the writer, and a commit costs one fsync at checkpoints
    # instead of several per transaction (NORMAL is crash-safe in WAL mode)
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Store:
    """The event database. Use `open_store(url)`; close it (or use `with`) when done."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        # called inside each add_article transaction, with (session, article, stored event
        # ids): the watch engine records there that the events await its step
        self.on_add_article: list[Callable[[Session, Article, list[str]], None]] = []

    # -- plumbing ---------------------------------------------------------------------------
    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def session(self, write: bool = True) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error.

        For modules that keep their own tables on the shared `Base` (e.g. the watch engine).
        Database errors come out as one-line `EventwatchError`s. On SQLite a `write` session
        takes the file's write lock when it begins (`BEGIN IMMEDIATE`), so two processes
        writing at once wait for each other (busy timeout) instead of one failing with
        "database is locked" when its read snapshot turns stale; `write=False` for reads.
        """
        try:
            with self._sessions.begin() as s:
                if write and self.engine.dialect.name == "sqlite":
                    s.connection().exec_driver_sql("BEGIN IMMEDIATE")
                yield s
        except SQLAlchemyError as exc:
            raise self._error(exc) from exc

    def _error(self, exc: Exception) -> EventwatchError:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        return EventwatchError(E.STORE, url=_safe(self.url), reason=reason)

    # -- writing ------------------------------------------------------------------------------
    def add_article(self, article: Article, events: Sequence[Event]) -> list[str] | None:
        """Store an article and its events in one transaction.

        Returns the ids of the events stored, or None when the article (same id) is already
        there, in which case nothing is written. Events repeating an id are stored once.
        A write that loses a race with another process (the same article, or a new place
        both inserted) is retried, so concurrent writers store every article once.
        """
        for attempt in range(WRITE_ATTEMPTS):
            try:
                return self._add_article(article, events)
            except EventwatchError as err:
                if not isinstance(err.__cause__, IntegrityError):
                    raise
                if self.has_article(article.id):
                    return None  # another process stored it between our check and our insert
                if attempt == WRITE_ATTEMPTS - 1:
                    raise
        return None  # unreachable: the last attempt returns or raises

    def _add_article(self, article: Article, events: Sequence[Event]) -> list[str] | None:
        now = _now()
        with self.session() as s:
            stored = write_article(s, article, events, now)
            if stored is None:
                return None
            assign_story(s, article, events)
            for writer in self.on_add_article:
                writer(s, article, stored)
            return stored

    def set_event_counts(
        self,
        event_id: str,
        *,
        num_mentions: int | None = None,
        num_sources: int | None = None,
        num_articles: int | None = None,
        cluster_id: str | None = None,
    ) -> None:
        """Update an event's GDELT-style counts and cluster (the watch engine's columns)."""
        with self.session() as s:
            row = s.get(EventRow, event_id)
            if row is None:
                raise EventwatchError(E.NOT_FOUND, what="event", name=event_id)
            if num_mentions is not None:
                row.num_mentions = num_mentions
            if num_sources is not None:
                row.num_sources = num_sources
            if num_articles is not None:
                row.num_articles = num_articles
            if cluster_id is not None:
                row.cluster_id = cluster_id

    def delete_article(self, article_id: str) -> bool:
        """Remove an article and its events; False when it was not there."""
        with self.session() as s:
            ids = select(EventRow.id).where(EventRow.article_id == article_id)
            s.execute(delete(EventActorRow).where(EventActorRow.event_id.in_(ids)))
            s.execute(delete(EventRow).where(EventRow.article_id == article_id))
            gone = s.execute(delete(ArticleRow).where(ArticleRow.id == article_id))
            return bool(cast("CursorResult[Any]", gone).rowcount > 0)

    # -- reading: articles --------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        with self.session(write=False) as s:
            stmt = select(ArticleRow.id).where(ArticleRow.id == article_id)
            return s.scalar(stmt) is not None

    def get_article(self, article_id: str) -> Article | None:
        with self.session(write=False) as s:
            row = s.get(ArticleRow, article_id)
            return convert.article_record(row) if row else None

    def list_articles(
        self, filter: ArticleFilter | None = None, limit: int | None = None, offset: int = 0
    ) -> list[tuple[Article, int]]:
        """Articles in ingest order, each with its number of events."""
        n_events = (
            select(func.count(EventRow.id))
            .where(EventRow.article_id == ArticleRow.id)
            .correlate(ArticleRow)
            .scalar_subquery()
        )
        stmt = select(ArticleRow, n_events)
        stmt = (
            (filter or ArticleFilter()).apply(stmt).order_by(ArticleRow.ingested_at, ArticleRow.id)
        )
        stmt = stmt.offset(offset).limit(limit)
        with self.session(write=False) as s:
            return [(convert.article_record(row), n) for row, n in s.execute(stmt)]

    def count_articles(self, filter: ArticleFilter | None = None) -> int:
        stmt = (filter or ArticleFilter()).apply(select(func.count()).select_from(ArticleRow))
        with self.session(write=False) as s:
            return int(s.scalar(stmt) or 0)

    # -- reading: events ----------------------------------------------------------------------
    def get_event(self, event_id: str) -> StoredEvent | None:
        found = self._load(events_select().where(EventRow.id == event_id))
        return found[0] if found else None

    def get_events(self, event_ids: Sequence[str]) -> list[StoredEvent]:
        """The stored events of `event_ids` that exist, in that order (one read for all)."""
        with self.session(write=False) as s:
            return self.events_in(s, event_ids)[0]

    def events_in(
        self, s: Session, event_ids: Sequence[str]
    ) -> tuple[list[StoredEvent], list[EventRow]]:
        """`get_events` read in the caller's session, with the events' rows loaded in it (the
        session holds them only while the caller does: the watch step groups them there)."""
        ids = list(dict.fromkeys(event_ids))
        found: dict[str, StoredEvent] = {}
        rows: list[EventRow] = []
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            got, held = _read(s, _EVENTS_BY_ID, {"ids": part})
            found.update((e.id, e) for e in got)
            rows += held
        return [found[i] for i in ids if i in found], rows

    def list_events(
        self, filter: EventFilter | None = None, limit: int | None = None, offset: int = 0
    ) -> list[StoredEvent]:
        """Events matching `filter`, in a stable order, one page of `limit` from `offset`."""
        stmt = (filter or EventFilter()).apply(events_select()).order_by(*event_order())
        return self._load(stmt.offset(offset).limit(limit))

    def iter_events(
        self, filter: EventFilter | None = None, page: int = 500
    ) -> Iterator[StoredEvent]:
        """Every matching event, read a page at a time (for exports)."""
        offset = 0
        while True:
            batch = self.list_events(filter, limit=page, offset=offset)
            yield from batch
            if len(batch) < page:
                return
            offset += page

    def count_events(self, filter: EventFilter | None = None) -> int:
        stmt = (filter or EventFilter()).apply(
            select(func.count())
            .select_from(EventRow)
            .join(ArticleRow, ArticleRow.id == EventRow.article_id)
        )
        with self.session(write=False) as s:
            return int(s.scalar(stmt) or 0)

    def event_ids(self, article_id: str) -> list[str]:
        with self.session(write=False) as s:
            stmt = select(EventRow.id).where(EventRow.article_id == article_id)
            return list(s.scalars(stmt.order_by(EventRow.sentence_start, EventRow.id)))

    def _load(self, stmt: Any, params: dict[str, Any] | None = None) -> list[StoredEvent]:
        with self.session(write=False) as s:
            return _read(s, stmt, params)[0]


def _read(
    s: Session, stmt: Any, params: dict[str, Any] | None
) -> tuple[list[StoredEvent], list[EventRow]]:
    """The stored events an `events_select` statement finds, and their rows."""
    pairs = [(row[0], tuple(row[1:])) for row in s.execute(stmt, params)]
    if not pairs:
        return [], []
    ids = [ev.id for ev, _ in pairs]
    actors: dict[str, list[EventActorRow]] = {i: [] for i in ids}
    for a in s.scalars(_ACTORS_OF, {"ids": ids}):
        actors[a.event_id].append(a)
    place_ids = {ev.place_id for ev, _ in pairs if ev.place_id is not None}
    places = (
        {p.id: p for p in s.scalars(_PLACES, {"ids": list(place_ids)})} if place_ids else {}
    )
    stories = story_ids(s, [ev.article_id for ev, _ in pairs])
    out = [_stored(ev, art, actors[ev.id], places.get(ev.place_id)) for ev, art in pairs]
    for one in out:
        one.story_id = stories.get(one.article_id)
    return out, [ev for ev, _ in pairs]


# statements the writer runs for every article (the watch step reads its events back), built
# once with bound parameters
_EVENTS_BY_ID = events_select().where(EventRow.id.in_(bindparam("ids", expanding=True)))
_ACTORS_OF = select(EventActorRow).where(EventActorRow.event_id.in_(bindparam("ids", expanding=True)))
_PLACES = select(PlaceRow).where(PlaceRow.id.in_(bindparam("ids", expanding=True)))
_PLACE_BY_KEY = select(PlaceRow).where(PlaceRow.key == bindparam("key"))


def place_for(s: Session, ev: Event, cache: dict[str, PlaceRow]) -> PlaceRow | None:
    """The stored row of the event's place, found by its key or added to the session (one row
    per place, shared by every event there); `cache` holds this transaction's rows."""
    key = convert.event_place_key(ev)
    if key is None or ev.location is None:
        return None
    if key not in cache:
        with s.no_autoflush:  # the pending article and events are flushed once, at commit
            row = s.scalars(_PLACE_BY_KEY, {"key": key}).first()
        if row is None:
            row = convert.place_row(ev.location)
            s.add(row)
        cache[key] = row
    return cache[key]


def _stored(
    ev: EventRow, art: tuple[Any, ...], actors: Iterable[EventActorRow], place: PlaceRow | None
) -> StoredEvent:
    art_id, title, url, source, origin, published = art  # query.ARTICLE_META
    return StoredEvent(
        event=convert.event_record(ev, list(actors), place),
        article_id=art_id,
        article_title=title,
        article_url=url,
        article_source=source,
        article_origin=origin,
        published=published,
        day=ev.day,
        num_mentions=ev.num_mentions,
        num_sources=ev.num_sources,
        num_articles=ev.num_articles,
        cluster_id=ev.cluster_id,
        added=ev.created_at,
    )


def _safe(url: str) -> str:
    """The URL without a password, for messages."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a message must not fail
        return url


def open_store(url: str | None = None) -> Store:
    """Open (creating and migrating as needed) the store at `url`.

    `url` is an SQLAlchemy URL (`postgresql+psycopg://...`) or a SQLite file path; None
    means $EVENTWATCH_DB, else ./eventwatch.db.
    """
    from eventwatch.store import migrate  # imported here so `python -m ...migrate` runs clean

    full = resolve_url(url)
    try:
        engine = create_engine(full)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        migrate.upgrade(engine)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise EventwatchError(E.STORE, url=_safe(full), reason=reason) from exc
    except (ImportError, ValueError) as exc:  # unknown driver, malformed URL
        raise EventwatchError(E.STORE, url=_safe(full), reason=str(exc)) from exc
    return Store(engine, full)
