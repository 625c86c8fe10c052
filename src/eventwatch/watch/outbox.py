"""The outbox: alerts become notification rows in the same transaction that fires them, and
are delivered later, so ingest never waits on a slow webhook or mail server.

`drain(store)` delivers what is due, one row at a time, each claimed by a compare-and-set
(several drainers, in any processes, never send one row twice; a webhook carries an
`Idempotency-Key` so a receiver can drop a retry of something it did get): success marks a row sent; a failure schedules a retry
after `base_delay * 2**(attempts-1)` seconds; after `max_attempts` (or at once, for a failure
retrying cannot fix: a 4xx other than 408/425/429, a refused SMTP login or recipient) the row
is dead and a dead-letter record keeps the payload and the last error. `OutboxWorker` runs `drain` on a
background thread (woken by the watch engine after each commit); `eventwatch watch deliver`
drains from the command line.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from eventwatch.errors import EventwatchError
from eventwatch.store import Store
from eventwatch.watch import notify
from eventwatch.watch.schema import DeadLetterRow, OutboxRow

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BASE_DELAY_S = 2.0
# a row left "sending" by a crashed process is retried after this; longer than any channel's
# total deadline (webhook 30 s, SMTP 60 s), so a live sender always finishes first
STALE_SENDING_S = 300


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class DrainResult:
    sent: int = 0
    retried: int = 0
    dead: int = 0

    def __add__(self, other: DrainResult) -> DrainResult:
        return DrainResult(
            self.sent + other.sent, self.retried + other.retried, self.dead + other.dead
        )


def enqueue(
    s: Session, alert_id: int | None, notifiers: list[dict[str, Any]], payload: dict[str, Any]
) -> int:
    """Add one outbox row per notifier, in the caller's transaction. Returns how many."""
    now = _now()
    for spec in notifiers:
        s.add(
            OutboxRow(
                alert_id=alert_id,
                notifier=dict(spec),
                payload=payload,
                status="pending",
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
        )
    return len(notifiers)


def _due(now: datetime) -> Any:
    """Pending and due, or left `sending` so long ago that its sender must have died."""
    stale = now - timedelta(seconds=STALE_SENDING_S)
    return ((OutboxRow.status == "pending") & (OutboxRow.next_attempt_at <= now)) | (
        (OutboxRow.status == "sending") & (OutboxRow.next_attempt_at <= stale)
    )


def _claim_one(
    store: Store, now: datetime, skip: set[int] | frozenset[int] = frozenset()
) -> tuple[OutboxRow, datetime] | None:
    """The next due row, marked `sending` by a compare-and-set that repeats the due rule, so
    a row another drainer has just claimed is never claimed again. Returns the row and its
    claim token (the `next_attempt_at` written), or None when nothing is due."""
    for _ in range(50):  # each lost race means another drainer took a row: try the next
        with store.session() as s:
            stmt = select(OutboxRow.id).where(_due(now))
            if skip:
                stmt = stmt.where(OutboxRow.id.not_in(skip))
            oid = s.scalar(stmt.order_by(OutboxRow.next_attempt_at, OutboxRow.id).limit(1))
        if oid is None:
            return None
        token = max(now, _now())
        with store.session() as s:  # one UPDATE: an immediate write transaction on SQLite
            won = s.execute(
                update(OutboxRow)
                .where(OutboxRow.id == oid, _due(now))
                .values(status="sending", next_attempt_at=token)
            ).rowcount
            if won:
                return s.get(OutboxRow, oid), token
    return None


def idempotency_key(row: OutboxRow) -> str:
    """The same on every attempt of one notification; different for any other."""
    return f"eventwatch-{row.id}-{row.alert_id or 0}-{row.created_at:%Y%m%dT%H%M%S%f}"


def drain(
    store: Store,
    max_attempts: int = MAX_ATTEMPTS,
    base_delay: float = BASE_DELAY_S,
    limit: int | None = None,
    now: datetime | None = None,
) -> DrainResult:
    """Deliver notifications until none is due (or `limit` were tried); returns how many
    were sent, scheduled for a retry, or dead. Each row is tried at most once per call (a
    failure waits for its retry time). Safe to run in several processes at once."""
    result = DrainResult()
    tried: set[int] = set()
    while limit is None or len(tried) < limit:
        claimed = _claim_one(store, now or _now(), tried)
        if claimed is None:
            break
        tried.add(claimed[0].id)
        result = result + _deliver(store, *claimed, max_attempts, base_delay, now)
    return result


def _deliver(
    store: Store,
    row: OutboxRow,
    token: datetime,
    max_attempts: int,
    base_delay: float,
    now: datetime | None,
) -> DrainResult:
    payload = dict(row.payload)
    payload["delivery_id"] = row.id
    payload["idempotency_key"] = idempotency_key(row)
    error = ""
    permanent = False
    try:
        notify.deliver(row.notifier, payload)
    except notify.PermanentFailure as exc:
        error, permanent = str(exc), True
    except EventwatchError as exc:
        error = str(exc)
    except Exception as exc:  # noqa: BLE001 - a broken channel must never stop the drain
        error = f"{type(exc).__name__}: {exc}"
    done = _now() if now is None else max(now, _now())  # a clock passed in (tests)
    result = DrainResult()
    with store.session() as s:
        r = s.get(OutboxRow, row.id)
        if r is None or r.status != "sending" or r.next_attempt_at != token:
            log.warning("notification %s was taken over by another drainer", row.id)
            return result
        r.attempts += 1
        if not error:
            r.status, r.sent_at, r.last_error = "sent", done, None
            result.sent += 1
        elif permanent or r.attempts >= max_attempts:
            r.status, r.last_error = "dead", error
            s.add(
                DeadLetterRow(
                    outbox_id=r.id,
                    alert_id=r.alert_id,
                    notifier=r.notifier,
                    payload=r.payload,
                    attempts=r.attempts,
                    error=error,
                    created_at=done,
                )
            )
            result.dead += 1
            log.warning("notification %s dead after %d attempts: %s", r.id, r.attempts, error)
        else:
            r.status, r.last_error = "pending", error
            r.next_attempt_at = done + timedelta(seconds=base_delay * 2 ** (r.attempts - 1))
            result.retried += 1
    return result


def next_due(store: Store) -> datetime | None:
    """When the next pending notification is due, or None when there is none."""
    with store.session() as s:
        return s.scalar(
            select(OutboxRow.next_attempt_at)
            .where(OutboxRow.status == "pending")
            .order_by(OutboxRow.next_attempt_at)
            .limit(1)
        )


def due_now(store: Store) -> int:
    """How many notifications are due now or being sent."""
    now = _now()
    with store.session() as s:
        return int(
            s.scalar(
                select(func.count())
                .select_from(OutboxRow)
                .where(
                    ((OutboxRow.status == "pending") & (OutboxRow.next_attempt_at <= now))
                    | (OutboxRow.status == "sending")
                )
            )
            or 0
        )


class OutboxWorker:
    """Drains the outbox on a daemon thread: on `wake()`, and when a retry falls due."""

    def __init__(
        self,
        store: Store,
        max_attempts: int = MAX_ATTEMPTS,
        base_delay: float = BASE_DELAY_S,
        idle_s: float = 30.0,
    ) -> None:
        self.store = store
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self.idle_s = idle_s
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._busy = False
        self._thread = threading.Thread(target=self._run, name="eventwatch-outbox", daemon=True)
        self.totals = DrainResult()

    def start(self) -> OutboxWorker:
        self._thread.start()
        return self

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Poll until no notification is due now or being sent (tests, clean shutdown)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self._busy and due_now(self.store) == 0:
                return True
            self._wake.set()
            time.sleep(0.05)
        return False

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            self._busy = True
            try:
                self.totals = self.totals + drain(self.store, self.max_attempts, self.base_delay)
                due = next_due(self.store)
            except Exception:  # noqa: BLE001 - keep the worker alive; the rows stay in the outbox
                log.exception("outbox drain failed")
                due = None
            wait = self.idle_s
            if due is not None:
                wait = max(0.0, min(wait, (due - _now()).total_seconds()))
            self._busy = False
            self._wake.wait(wait)
