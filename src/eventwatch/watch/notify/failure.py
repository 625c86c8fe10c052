"""The failure a notifier raises when retrying cannot help (its own module, so the notifiers
and the dispatcher in `eventwatch.watch.notify` import it without a circle)."""

from __future__ import annotations

from eventwatch.errors import EventwatchError


class PermanentFailure(EventwatchError):
    """A delivery that retrying cannot fix (a 4xx answer, a refused recipient or login):
    the outbox dead-letters it at once."""
