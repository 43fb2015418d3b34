"""The waiting pool as the team filters it (D-6, D-10): one query for the rows of a page, flags included.

No names and no birth dates leave this module: a row carries the dossier number, the age and the flags.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When

from plaatsregie.placement.models import CollectiveCase
from plaatsregie.waiting.models import Request, RequestStatus
from plaatsregie.waiting.services import stale_requests

AGE_BANDS = {"0-5": (0, 5), "6-11": (6, 11), "12-17": (12, 17), "18+": (18, 120)}


@dataclass(frozen=True)
class PoolFilter:
    region: str = ""
    module: str = ""
    urgency: int | None = None
    age_band: str = ""
    stale: bool = False
    collective: bool = False
    search: str = ""


def _years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def age_on(birth_date: date, today: date) -> int:
    """Completed years on `today`."""
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


def _born_in_band(band: str, today: date) -> Q:
    low, high = AGE_BANDS[band]
    return Q(youth__birth_date__lte=_years_before(today, low), youth__birth_date__gt=_years_before(today, high + 1))


def waiting_pool(selection: PoolFilter, today: date) -> QuerySet[Request]:
    """Waiting requests matching the filter, most urgent and longest waiting first, with their flags."""
    stale = stale_requests(today).filter(pk=OuterRef("pk"))
    collective = CollectiveCase.objects.filter(request=OuterRef("pk"))
    placed_sibling = Request.sibling_facilities.through.objects.filter(request_id=OuterRef("pk"))
    waiting_sibling = (Request.objects.filter(status=RequestStatus.WAITING,
                                              youth__family_ref=OuterRef("youth__family_ref"))
                       .exclude(youth__family_ref="").exclude(pk=OuterRef("pk")))
    rows = Request.objects.filter(status=RequestStatus.WAITING)
    if selection.stale:
        rows = rows.filter(Exists(stale))
    if selection.collective:
        rows = rows.filter(Exists(collective))
    # Most youths have no family reference (''): CASE skips the sibling look-up for them instead of scanning
    # every other youth without one (that scan made the page ten times slower at `flanders` scale).
    siblings = Case(When(Exists(placed_sibling), then=Value(True)), When(youth__family_ref="", then=Value(False)),
                    default=Exists(waiting_sibling), output_field=BooleanField())
    rows = (rows.annotate(is_stale=Exists(stale), is_collective=Exists(collective), has_siblings=siblings)
            .select_related("youth").prefetch_related("module_types").order_by("urgency", "registered_on", "ref"))
    return _filtered(rows, selection, today)


def _filtered(rows: QuerySet[Request], selection: PoolFilter, today: date) -> QuerySet[Request]:
    if selection.region:
        rows = rows.filter(youth__region=selection.region)
    if selection.module:
        rows = rows.filter(module_types__code=selection.module)
    if selection.urgency is not None:
        rows = rows.filter(urgency=selection.urgency)
    if selection.age_band in AGE_BANDS:
        rows = rows.filter(_born_in_band(selection.age_band, today))
    if selection.search:
        rows = rows.filter(ref__icontains=selection.search.strip())
    return rows
