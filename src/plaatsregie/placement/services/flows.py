"""Which steps a capacity report's matching follows (D-3): the flow catalogue as the settings name it.

`PLAATSREGIE_FLOWS_FILE` points at a flow catalogue of the layout of `catalogue/flows.toml`; without it the shipped
one counts. The report keeps the flow it was announced in, so a later change of the catalogue's arrangements does
not move a running matching to other steps.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from plaatsregie.core.calendar import add_working_days
from plaatsregie.core.flows import OUTSIDE_REGIONAL_AGREEMENT, Candidates, FlowCatalogue, FlowSteps, load_flows
from plaatsregie.placement.models import CapacityReport
from plaatsregie.registry.models import Unit


def flow_catalogue() -> FlowCatalogue:
    return _load(getattr(settings, "PLAATSREGIE_FLOWS_FILE", None) or None)


@cache
def _load(path: str | None) -> FlowCatalogue:
    return load_flows(Path(path) if path else None)


def flow_of_unit(unit: Unit) -> str:
    """The flow a new report on a place of `unit` follows: a hub's regional arrangement, else the module's flow."""
    return flow_catalogue().flow_for(unit.module_type.code, unit.module_type.flow, unit.facility.region)


def steps_of(report: CapacityReport) -> FlowSteps:
    return flow_catalogue().steps_of(report.flow)


def regional_bars(report: CapacityReport, regions: dict[str, str]) -> dict[str, str]:
    """request ref → bar code for the youths a regional agreement leaves out (`regions`: request ref → region)."""
    if steps_of(report).candidates is not Candidates.REGION:
        return {}
    region = report.place.unit.facility.region
    return {ref: OUTSIDE_REGIONAL_AGREEMENT for ref, where in regions.items() if where != region}


def response_deadline(report: CapacityReport, today: date | None = None) -> date:
    """The day a facility answers an offer by: the flow's own term, else the system's (D-13)."""
    days = steps_of(report).respond_within_working_days or settings.PLAATSREGIE_OFFER_RESPONSE_WORKING_DAYS
    return add_working_days(today or timezone.localdate(), days)
