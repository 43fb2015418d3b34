"""The clock of a replayed history: the services read the time through `django.utils.timezone.now` (directly, or
through `localdate` and `now()` in the placement services), so replaying history in the past means setting that
clock. Used only by the seeding (`plaatsregie seed`), never by a request or a service.

While `seed_clock` is active, `django.utils.timezone.now` returns the time the replay set, in the project's time
zone, so every timestamp a service writes (offers, answers, audit rows, change history) comes from the plan and
never from the wall clock. The original function is restored on exit, also after an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.utils import timezone

TICK = timedelta(minutes=1)


class SeedClock:
    """A settable clock; `set` takes a naive local time, `now` returns it as an aware datetime."""

    def __init__(self, start: datetime) -> None:
        self.zone = timezone.get_default_timezone()
        self.current = start.replace(tzinfo=self.zone)

    def now(self) -> datetime:
        return self.current

    def set(self, moment: datetime) -> None:
        self.current = moment.replace(tzinfo=self.zone)

    def local(self) -> datetime:
        """The current time as a naive local datetime, as the plan writes times."""
        return self.current.replace(tzinfo=None)


@contextmanager
def seed_clock(start: datetime) -> Iterator[SeedClock]:
    """Make `django.utils.timezone.now` the replay's clock for the duration of the block."""
    clock = SeedClock(start)
    original = timezone.now
    setattr(timezone, "now", clock.now)  # noqa: B010 - the one place the services' clock is replaced
    try:
        yield clock
    finally:
        setattr(timezone, "now", original)  # noqa: B010
