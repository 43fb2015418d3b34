"""The database's history as the plain records `simulation.calibration` fits a scenario to, and the scenario file.

`plaatsregie calibrate --output FILE.toml` (docs/simulation.md, "Calibrating to the database"). Reads requests,
their urgency changes and withdrawals, stays, capacity reports and offers of a window; writes only aggregates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import tomlkit
from django.db.models import Min, Prefetch
from django.utils import timezone

from plaatsregie.core.lifecycle import OfferOutcome
from plaatsregie.core.types import PlaceStatus
from plaatsregie.followup.checks import in_scope_unit_ids
from plaatsregie.placement.models import Admission, CapacityReport, Offer, OfferAnswer
from plaatsregie.registry.models import Place
from plaatsregie.simulation.calibration import (
    CHOSEN,
    KEPT,
    Calibration,
    History,
    OfferRecord,
    ReportRecord,
    RequestRecord,
    StayRecord,
    UnavailableRecord,
    calibrate,
)
from plaatsregie.simulation.scenario import DEFAULTS, scenario_from_mapping
from plaatsregie.simulation.world import build_world
from plaatsregie.waiting.models import Request, RequestChange


def history(start: date, end: date) -> History:
    """What happened from `start` to `end` (inclusive), with every request registered by `end`."""
    local = timezone.localdate
    requests = (
        Request.objects.filter(registered_on__lte=end)
        .select_related("youth", "withdrawal")
        .prefetch_related(
            Prefetch("changes", queryset=RequestChange.objects.filter(new_urgency__isnull=False).order_by("at", "pk"),
                     to_attr="urgency_changes"),
            "sibling_facilities",
        )
        .annotate(first_start=Min("admissions__start_on"))
    )
    request_records = []
    for request in requests:
        changes = request.urgency_changes
        first = changes[0].old_urgency if changes and changes[0].old_urgency is not None else request.urgency
        withdrawal = getattr(request, "withdrawal", None)
        ended, outcome = None, None
        if request.first_start is not None:
            ended, outcome = request.first_start, "admitted"
        elif withdrawal is not None:
            ended, outcome = local(withdrawal.at), "withdrawn"
        request_records.append(RequestRecord(
            youth=request.youth.ref, registered_on=request.registered_on, first_urgency=int(first),
            crisis_overflow=request.crisis_overflow, sibling=bool(request.sibling_facilities.all()),
            internal_transfer=request.internal_transfer_facility_id is not None,
            readmission=request.readmission_facility_id is not None, ended_on=ended, outcome=outcome,
            urgency_changes=tuple((local(c.at), c.new_urgency) for c in changes if c.new_urgency is not None),
        ))
    # D-2: stays, reports and offers of the places under central placement, as the database's catalogue decides
    # per living group (module, access, co-financing): the places `in_scope_places` counts.
    units = in_scope_unit_ids()
    stays = [
        StayRecord(youth=a.request.youth.ref, module=a.place.unit.module_type.code, short_stay=a.place.short_stay,
                   start_on=a.start_on, ended_on=a.ended_on, place=str(a.place_id))
        for a in Admission.objects.filter(start_on__lte=end, place__unit_id__in=units)
        .select_related("request__youth", "place__unit__module_type")
    ]
    reports = [
        ReportRecord(reported_on=local(r.reported_at), expected_free_on=r.expected_free_on,
                     first_offer_on=local(r.first_offer) if r.first_offer else None)
        for r in CapacityReport.objects.filter(place__unit_id__in=units, reported_at__date__lte=end)
        .annotate(first_offer=Min("offers__offered_at"))
    ]
    complex_needs = set(DEFAULTS["complexity"]["needs"])
    offers = []
    for offer in Offer.objects.filter(offered_at__date__lte=end, place__unit_id__in=units).select_related(
            "request", "place", "report", "admission", "answer"):
        answer: OfferAnswer | None = getattr(offer, "answer", None)
        needs, ideal = set(offer.request.needs or ()), set(offer.place.ideal_profile or ())
        admission = getattr(offer, "admission", None)
        offers.append(OfferRecord(
            offered_on=local(offer.offered_at), answered_on=local(answer.at) if answer else None,
            refused=answer is not None and answer.outcome == OfferOutcome.REFUSED,
            misfit=len((needs & complex_needs) - ideal), fit=len(needs & ideal),
            free_on=offer.report.expected_free_on, started_on=admission.start_on if admission else None,
        ))
    return History(start, end, request_records, stays, reports, offers, _unavailable_periods(end))


def _unavailable_periods(end: date) -> list[UnavailableRecord]:
    """D-5: every period a place was unavailable, from the places' status history (`simple_history`)."""
    periods: list[UnavailableRecord] = []
    place, since = None, None
    rows = (Place.history.filter(history_date__date__lte=end).order_by("id", "history_date", "history_id")
            .values_list("id", "status", "history_date"))
    for place_id, status, moment in rows.iterator(chunk_size=10_000):
        if place_id != place:
            if since is not None:
                periods.append(UnavailableRecord(str(place), since, None))
            place, since = place_id, None
        if status == PlaceStatus.UNAVAILABLE and since is None:
            since = timezone.localdate(moment)
        elif status != PlaceStatus.UNAVAILABLE and since is not None:
            periods.append(UnavailableRecord(str(place), since, timezone.localdate(moment)))
            since = None
    if since is not None:
        periods.append(UnavailableRecord(str(place), since, None))
    return periods


@dataclass(frozen=True)
class Sizes:
    """In-scope places of the database and of the synthetic world the scenario starts from (D-2)."""

    database: int
    world: int

    def differ(self) -> bool:
        """More than half again apart: the fitted flows would not suit the world (e.g. the demo's against
        Flanders)."""
        return max(self.database, self.world) > 1.5 * max(min(self.database, self.world), 1)


def calibrated_scenario(years: float, until: date | None = None, scale: str = "flanders",
                        ) -> tuple[str, Calibration, History, Sizes]:
    """The scenario file (TOML text, every fitted value with its note) fitted to the last `years` up to `until`,
    starting from the synthetic world of `scale`."""
    end = until or timezone.localdate()
    start = end - timedelta(days=round(years * 365))
    recorded = history(start, end)
    result = calibrate(recorded)
    sizes = Sizes(in_scope_places(), len(build_world(scenario_from_mapping({"world": {"scale": scale}})).places))
    result.values = {"world": {"scale": scale}, **result.values}
    result.note("world.scale", CHOSEN,
                f"the synthetic world; {sizes.world:,} in-scope places, this database {sizes.database:,}")
    scenario_from_mapping(result.values, "the calibrated values")  # the file it writes is a valid scenario
    return _toml(result, recorded), result, recorded, sizes


def in_scope_places() -> int:
    """The places under central placement now (D-2), decided by the database's module catalogue."""
    return Place.objects.filter(unit_id__in=in_scope_unit_ids()).count()


def _toml(result: Calibration, recorded: History) -> str:
    document = tomlkit.document()
    document.add(tomlkit.comment(
        f"Scenario rates fitted to this database's history from {recorded.start.isoformat()} to "
        f"{recorded.end.isoformat()} by `plaatsregie calibrate`"))
    document.add(tomlkit.comment(
        "(docs/simulation.md, \"Calibrating to the database\"). Only aggregates: no youth, request or place is named."))
    document.add(tomlkit.comment(
        "Keys not written here take their documented defaults; the starting world is the synthetic one of [world]."))
    kept = result.paths(KEPT)
    if kept:
        document.add(tomlkit.nl())
        document.add(tomlkit.comment("Defaults kept:"))
        for path in kept:
            document.add(tomlkit.comment(f"  {path}: {result.text(path)}"))
    for section_name, section in result.values.items():
        table = tomlkit.table()
        for key, value in section.items():
            if isinstance(value, dict):  # stay.median_days: a note per module
                sub = tomlkit.table()
                for module, days in value.items():
                    sub.add(module, days)
                    sub[module].comment(result.comment(f"{section_name}.{key}.{module}"))
                table.add(key, sub)
                continue
            table.add(key, value)
            table[key].comment(result.comment(f"{section_name}.{key}"))
        document.add(tomlkit.nl())
        document.add(section_name, table)
    text: str = tomlkit.dumps(document)
    return text

