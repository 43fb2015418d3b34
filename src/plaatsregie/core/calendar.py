"""Working days for offer deadlines, counting Belgian public holidays (D-12)."""

from __future__ import annotations

from collections.abc import Container
from datetime import date, timedelta
from functools import cache

import holidays


@cache
def belgian_holidays(year: int) -> frozenset[date]:
    """Belgian public holidays of one year."""
    return frozenset(holidays.country_holidays("BE", years=year))


class BelgianHolidays:
    """A `Container[date]` over all years."""

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and day in belgian_holidays(day.year)


def is_working_day(day: date, closed: Container[date]) -> bool:
    return day.weekday() < 5 and day not in closed


def add_working_days(start: date, days: int, closed: Container[date] | None = None) -> date:
    """The date `days` working days after `start` (weekends and holidays do not count)."""
    closed = BelgianHolidays() if closed is None else closed
    day = start
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day, closed):
            remaining -= 1
    return day
