"""Monitoring indicators (read, aggregate, no personal data): each is a `monitoring.tables.Table`.

`capacity` (places per module type and region and status, as the capacity page shows) is always there; a few
monitoring indicators (`plaatsregie.monitoring.indicators`, issue 6) are added by `_monitoring()`. Tables that
identify youths (`personal=True`) are never served here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from plaatsregie.accounts.vocabulary import Permission
from plaatsregie.api.errors import ApiError
from plaatsregie.api.serializers import REGIONS, IndicatorSerializer
from plaatsregie.api.views.base import ApiViewSet
from plaatsregie.core.types import PlaceStatus
from plaatsregie.monitoring.tables import Column, Table

Indicator = Callable[[str], Table]  # region ("" = Flanders) → table
REGION = OpenApiParameter("region", OpenApiTypes.STR, OpenApiParameter.QUERY, required=False, enum=REGIONS)


def capacity(region: str) -> Table:
    """Places per module type and region, by status (D-5), as the capacity overview shows them."""
    from plaatsregie.web.capacity.queries import capacity_by_module_and_region

    statuses = [s.value for s in PlaceStatus]
    rows = capacity_by_module_and_region(region=region)
    return Table(
        key="capacity", title=_("Plaatsen per moduletype en regio"),
        definition=_("Aantal plaatsen per status, nu; plaatsen buiten centrale regie tellen mee."),
        columns=[Column("module", _("moduletype")), Column("region", _("regio")),
                 *(Column(s, s, _("plaatsen")) for s in statuses)],
        rows=[[row.module, row.region, *(row.counts.get(s, 0) for s in statuses)] for row in rows])


def indicators() -> dict[str, Indicator]:
    return {"capacity": capacity, **_monitoring()}


def _monitoring() -> dict[str, Indicator]:
    """A few indicators of `plaatsregie.monitoring.indicators` (issue 6), over the last 12 months and, with a
    region, that province's facilities (supply) or youths (demand); grouped by province, never by youth."""
    try:
        from plaatsregie.monitoring import indicators as m
    except ImportError:  # the monitoring package is optional for the API
        return {}

    def scope(region: str) -> Any:
        return m.Scope.last_months(12, province=region, region=region)

    return {
        "places_by_status": lambda region: m.places_by_status(scope(region), group="province"),
        "occupancy": lambda region: m.occupancy(scope(region), group="province"),
        "unavailable_reasons": lambda region: m.unavailable_reasons(scope(region)),
        "short_stay": lambda region: m.short_stay(scope(region)),
        "pool_by_urgency": lambda region: m.pool_by(scope(region), "urgency"),
        "pool_by_module": lambda region: m.pool_by(scope(region), "module"),
        "waiting_times": lambda region: m.waiting_times(scope(region)),
        "report_to_admission": lambda region: m.report_to_admission(scope(region)),
        "refusal_reasons": lambda region: m.refusal_reasons(scope(region)),
    }


def _plain(value: Any) -> Any:
    return str(value) if value is not None and not isinstance(value, (int, float, str, bool)) else value


def as_data(table: Table) -> dict[str, Any]:
    return {"key": table.key, "title": str(table.title), "definition": str(table.definition),
            "columns": [{"key": c.key, "label": str(c.label), "unit": str(c.unit)} for c in table.columns],
            "rows": [[_plain(cell) for cell in row] for row in table.rows]}


class IndicatorViewSet(ApiViewSet):
    """Aggregate figures for the team, policy officers, judges and admins (the capacity-overview roles)."""

    permissions = {"list": (Permission.CAPACITY_OVERVIEW,), "retrieve": (Permission.CAPACITY_OVERVIEW,)}
    lookup_field = "key"
    serializer_class = IndicatorSerializer
    pagination_class = None

    @extend_schema(responses=inline_serializer("IndicatorIndex", {"key": serializers.CharField()}, many=True))
    def list(self, request: Request) -> Response:
        return Response([{"key": key} for key in indicators()])

    @extend_schema(parameters=[REGION], responses=IndicatorSerializer)
    def retrieve(self, request: Request, key: str) -> Response:
        indicator = indicators().get(key)
        if indicator is None:
            raise ApiError("not_found")
        region = request.query_params.get("region", "")
        if region and region not in REGIONS:
            raise ApiError("validation_error", field="region")
        table = indicator(region)
        if table.personal:
            raise ApiError("not_found")
        return Response(as_data(table))
