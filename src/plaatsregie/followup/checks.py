"""The monthly capacity registration check (seed 002 Stap 7, D-30): what is odd in a facility's registrations
for one month, found with a handful of queries over all the facilities at once. Read-only; `services`
stores what it finds.

What is checked, at the end of the month (or now, for the running month):
- a place unavailable whose reason is no longer valid: the reason was retired, or its expected end passed;
- a place unavailable longer than `PLAATSREGIE_CHECK_UNAVAILABLE_DAYS` (structurally unavailable);
- a facility whose occupancy over the month (occupied place-days / place-days of its places under central
  placement, unavailable days included: the recognised capacity) is below `PLAATSREGIE_CHECK_LOW_OCCUPANCY`;
- registrations that contradict the stays: a place registered occupied without a running admission, an
  admission running on a place registered unavailable or free (available);
- non-started cases: offers on the facility's places closed in the month without a start (refused,
  withdrawn, or agreed but never started).

Place registrations of a past month come from the places' change history (the latest change before the end of
the month); a place without any change before then counts with its current registration, and a place whose
unavailability has no recorded start is not counted as structurally unavailable (its days are unknown). Only
places under central placement are checked (D-2): places outside it are registered without stays in this system.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from plaatsregie.core.lifecycle import OfferState
from plaatsregie.core.types import Access, PlaceStatus
from plaatsregie.followup.models import CheckKind
from plaatsregie.placement.models import Admission, Offer
from plaatsregie.registry.mapping import catalogue_from_db
from plaatsregie.registry.models import Facility, Place, Unit

DAY = timedelta(days=1)
NOT_STARTED_STATES = (OfferState.REFUSED.value, OfferState.WITHDRAWN.value, OfferState.AGREED.value,
                      OfferState.AGREED_WITH_CONDITIONS.value)


@dataclass(frozen=True)
class Finding:
    facility_id: int
    kind: CheckKind
    subject_ref: str
    detail: str
    figures: dict[str, Any] = field(default_factory=dict)


def first_of(month: date) -> date:
    return month.replace(day=1)


def next_month(month: date) -> date:
    return (first_of(month) + timedelta(days=32)).replace(day=1)


def parse_month(text: str) -> date:
    """'2026-10' → 1/10/2026."""
    year, month = text.split("-")
    return date(int(year), int(month), 1)


def cutoff(month: date, now: datetime | None = None) -> datetime:
    """The moment the month's registrations are read: its last instant, or now for the running month."""
    now = now or timezone.now()
    end = timezone.make_aware(datetime.combine(next_month(month), time.min))
    return min(end, now)


def in_scope_unit_ids(facility_ids: Iterable[int] | None = None) -> set[int]:
    """The living groups (of these facilities; None: of all) whose places fall under central placement (D-2),
    decided by the module catalogue."""
    catalogue = catalogue_from_db()
    units = Unit.objects.all() if facility_ids is None else Unit.objects.filter(facility_id__in=list(facility_ids))
    rows = units.values_list("pk", "module_type__code", "access", "cofinanced_by")
    return {pk for pk, code, access, cofinanced in rows
            if catalogue.scope_of(code, Access(access), cofinanced or None).in_scope}


def _places(unit_ids: set[int], moment: datetime, current: bool) -> Any:
    """The places with their registration at `moment`: status, reason (+ whether it is still in use), until."""
    places = Place.objects.filter(unit_id__in=unit_ids)
    if current:
        return places.annotate(st=F("status"), reason_active=F("unavailable_reason__active"),
                               until=F("unavailable_until"), reason_label=F("unavailable_reason__label"))
    history = Place.history.model.objects.filter(id=OuterRef("pk"), history_date__lte=moment).order_by(
        "-history_date", "-history_id")
    return places.annotate(
        st=Coalesce(Subquery(history.values("status")[:1]), F("status")),
        reason_active=Coalesce(Subquery(history.values("unavailable_reason__active")[:1]),
                               F("unavailable_reason__active")),
        until=Coalesce(Subquery(history.values("unavailable_until")[:1]), F("unavailable_until")),
        reason_label=Coalesce(Subquery(history.values("unavailable_reason__label")[:1]),
                              F("unavailable_reason__label")),
    )


def _unavailable_since(place_ids: list[int], moment: datetime) -> dict[int, date]:
    """For places unavailable at `moment`: the day the current unavailability began (from the change history)."""
    history = Place.history.model.objects
    last_other = (history.filter(id=OuterRef("id"), history_date__lte=moment)
                  .exclude(status=PlaceStatus.UNAVAILABLE.value).order_by("-history_date").values("history_date")[:1])
    rows = (history.filter(id__in=place_ids, status=PlaceStatus.UNAVAILABLE.value, history_date__lte=moment)
            .annotate(last_other=Subquery(last_other))
            .filter(Q(last_other__isnull=True) | Q(history_date__gt=F("last_other")))
            .values_list("id", "history_date"))
    since: dict[int, datetime] = {}
    for pk, at in rows:
        if pk not in since or at < since[pk]:
            since[pk] = at
    return {pk: timezone.localdate(at) for pk, at in since.items()}


def findings(month: date, facility_ids: Iterable[int] | None = None, *, now: datetime | None = None) -> list[Finding]:
    """Everything odd in the registrations of `month` for the given facilities (default: all)."""
    month = first_of(month)
    now = now or timezone.now()
    moment = cutoff(month, now)
    current = moment >= now
    day = timezone.localdate(moment) if current else next_month(month) - DAY
    ids = list(facility_ids) if facility_ids is not None else list(Facility.objects.values_list("pk", flat=True))
    units = in_scope_unit_ids(ids)
    found: list[Finding] = []
    running = Admission.objects.filter(place_id=OuterRef("pk"), start_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=day))
    places = list(_places(units, moment, current).annotate(running=Exists(running)).values(
        "pk", "ref", "unit__facility_id", "st", "reason_active", "until", "reason_label", "running"))
    unavailable = [p for p in places if p["st"] == PlaceStatus.UNAVAILABLE.value]
    since = _unavailable_since([p["pk"] for p in unavailable], moment)
    long_days = settings.PLAATSREGIE_CHECK_UNAVAILABLE_DAYS
    for p in places:
        facility = p["unit__facility_id"]
        if p["st"] == PlaceStatus.UNAVAILABLE.value:
            label = p["reason_label"] or "—"
            if p["reason_active"] is False or p["reason_active"] is None:
                found.append(Finding(facility, CheckKind.UNAVAILABLE_NO_VALID_REASON, p["ref"],
                                     f"reden '{label}' is niet meer in gebruik", {"reason": label}))
            elif p["until"] is not None and p["until"] < day:
                found.append(Finding(facility, CheckKind.UNAVAILABLE_NO_VALID_REASON, p["ref"],
                                     f"reden '{label}' verwacht tot {p['until']:%d/%m/%Y}, die datum is voorbij",
                                     {"reason": label, "until": p["until"].isoformat()}))
            began = since.get(p["pk"])
            if began is not None and (day - began).days > long_days:
                found.append(Finding(facility, CheckKind.UNAVAILABLE_TOO_LONG, p["ref"],
                                     f"niet beschikbaar sinds {began:%d/%m/%Y} ({(day - began).days} dagen), "
                                     f"reden '{label}'", {"days": (day - began).days, "reason": label}))
            if p["running"]:
                found.append(Finding(facility, CheckKind.ADMISSION_ON_UNAVAILABLE, p["ref"],
                                     "een opname loopt op deze plaats, maar ze staat als niet beschikbaar"))
        elif p["st"] == PlaceStatus.OCCUPIED.value and not p["running"]:
            found.append(Finding(facility, CheckKind.OCCUPIED_WITHOUT_ADMISSION, p["ref"],
                                 "de plaats staat als bezet, maar er loopt geen opname"))
        elif p["st"] == PlaceStatus.AVAILABLE.value and p["running"]:
            found.append(Finding(facility, CheckKind.ADMISSION_ON_FREE, p["ref"],
                                 "de plaats staat als vrij, maar er loopt een opname"))
    found += _low_occupancy(month, day, units, places)
    found += _not_started(month, moment, units)
    return found


def occupancy(month: date, last_day: date, units: set[int], places: list[dict[str, Any]]) -> dict[int, float]:
    """Per facility: occupied place-days / place-days over `month` up to `last_day` (places in `units`)."""
    start, end = first_of(month), last_day + DAY  # end exclusive
    days = (end - start).days
    capacity: dict[int, int] = defaultdict(int)
    for p in places:
        capacity[p["unit__facility_id"]] += days
    stays = (Admission.objects.filter(place__unit_id__in=units, start_on__lt=end)
             .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=start))
             .values_list("place__unit__facility_id", "start_on", "ended_on"))
    occupied: dict[int, int] = defaultdict(int)
    # the overlap of each stay with the month; summed per facility in the database where it can be expressed
    # portably, here over the (month's) stays only
    for facility, begin, ended in stays:
        occupied[facility] += (min(ended or end, end) - max(begin, start)).days
    return {facility: occupied[facility] / total for facility, total in capacity.items() if total}


def _low_occupancy(month: date, last_day: date, units: set[int], places: list[dict[str, Any]]) -> list[Finding]:
    threshold = settings.PLAATSREGIE_CHECK_LOW_OCCUPANCY
    refs = dict(Facility.objects.filter(pk__in={p["unit__facility_id"] for p in places}).values_list("pk", "ref"))
    return [Finding(facility, CheckKind.LOW_OCCUPANCY, refs[facility],
                    f"bezetting {share:.0%} (drempel {threshold:.0%})",
                    {"occupancy": round(share, 3), "threshold": threshold})
            for facility, share in sorted(occupancy(month, last_day, units, places).items()) if share < threshold]


def _not_started(month: date, moment: datetime, units: set[int]) -> list[Finding]:
    """Offers on the facilities' places closed in the month without a start: one finding per facility."""
    start = timezone.make_aware(datetime.combine(first_of(month), time.min))
    offers = (Offer.objects.filter(place__unit_id__in=units, closed_at__gte=start, closed_at__lt=moment,
                                   state__in=NOT_STARTED_STATES)
              .filter(admission__isnull=True)
              .values_list("place__unit__facility_id", "ref", "state").order_by("ref"))
    per: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for facility, ref, state in offers:
        per[facility].append((ref, state))
    refs = dict(Facility.objects.filter(pk__in=per).values_list("pk", "ref"))
    out = []
    for facility, rows in sorted(per.items()):
        states: dict[str, int] = defaultdict(int)
        for _, state in rows:
            states[state] += 1
        out.append(Finding(facility, CheckKind.NOT_STARTED, refs[facility],
                           f"{len(rows)} voorstel(len) zonder opstart: " + ", ".join(r for r, _ in rows[:20])
                           + (" …" if len(rows) > 20 else ""),
                           {"count": len(rows), "by_state": dict(states), "offers": [r for r, _ in rows]}))
    return out
