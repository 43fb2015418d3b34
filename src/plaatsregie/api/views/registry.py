"""Facilities, units and places (read), and a facility's own places' status (D-5) through the services."""

# Django REST framework ships no type hints.
# mypy: disable-error-code="misc, untyped-decorator"

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from plaatsregie.accounts.vocabulary import Permission
from plaatsregie.api.concurrency import locked_and_matching, with_etag
from plaatsregie.api.listing import Filter, boolean
from plaatsregie.api.models import Scope
from plaatsregie.api.serializers import REGIONS, FacilitySerializer, PlaceSerializer, PlaceStatusInput, UnitSerializer
from plaatsregie.api.views.base import ApiViewSet, facility_scoped, own_facility_only, service, validated
from plaatsregie.core.types import PlaceStatus
from plaatsregie.placement.services.capacity import place_make_unavailable, place_reactivate
from plaatsregie.registry.models import Facility, Place, Unit

READ = (Permission.TEAM_WORK, Permission.FACILITY_WORK, Permission.PROVINCE_VIEW)
# The place list is what systems poll most: its rows are read as plain values in one query (no model instances,
# no serializer fields), in exactly the shape `PlaceSerializer` documents (tests/api/test_reads.py checks it).
PLACE_ROW = {"ref": "ref", "unit": "unit__ref", "facility": "unit__facility__ref", "module": "unit__module_type__code",
             "status": "status", "available_from": "available_from", "age_min": "age_min", "age_max": "age_max",
             "genders": "genders", "short_stay": "short_stay", "vertical": "vertical",
             "unavailable_reason": "unavailable_reason__code", "unavailable_until": "unavailable_until"}


class FacilityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Facilities: the team sees all, a facility its own, a policy officer those of the own province."""

    serializer_class = FacilitySerializer
    permissions = {"list": READ, "retrieve": READ}
    filters = {"region": Filter("region", tuple(REGIONS))}
    ordering_fields = ("ref", "name", "region")

    def get_queryset(self) -> QuerySet[Facility]:
        return facility_scoped(Facility.objects.all(), self.request.user, "")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        return self.detail_response(obj, self.get_serializer(obj).data)


class UnitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Living groups, with their module type and access route."""

    serializer_class = UnitSerializer
    permissions = {"list": READ, "retrieve": READ}
    filters = {"facility": Filter("facility__ref"), "module": Filter("module_type__code"),
               "access": Filter("access", ("NRTJ", "RTJ"))}
    ordering_fields = ("ref", "name")

    def get_queryset(self) -> QuerySet[Unit]:
        return facility_scoped(Unit.objects.select_related("facility", "module_type"), self.request.user, "facility")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        return self.detail_response(obj, self.get_serializer(obj).data)


class PlaceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Places and their status (D-5). A facility sets its own places unavailable or available again."""

    serializer_class = PlaceSerializer
    permissions = {"list": READ, "retrieve": READ, "set_status": (Permission.FACILITY_WORK,)}
    scopes = {"set_status": Scope.PLACES_WRITE.value}
    filters = {
        "status": Filter("status", tuple(s.value for s in PlaceStatus)),
        "facility": Filter("unit__facility__ref"), "unit": Filter("unit__ref"),
        "module": Filter("unit__module_type__code"), "region": Filter("unit__facility__region", tuple(REGIONS)),
        "short_stay": Filter("short_stay", ("true", "false"), boolean),
    }
    ordering_fields = ("ref", "status", "available_from", "age_min")
    if_match_actions = ("set_status",)

    def get_queryset(self) -> QuerySet[Place]:
        places = Place.objects.select_related("unit__facility", "unit__module_type", "unavailable_reason")
        if self.action == "set_status":
            return own_facility_only(places, self.request.user, "unit__facility")
        return facility_scoped(places, self.request.user, "unit__facility")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = self.filter_queryset(self.get_queryset()).values_list(*PLACE_ROW.values())
        page = self.paginate_queryset(rows)
        return self.get_paginated_response([dict(zip(PLACE_ROW, row, strict=True)) for row in page])

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        return self.detail_response(obj, self.get_serializer(obj).data)

    @extend_schema(request=PlaceStatusInput, responses=PlaceSerializer)
    @action(detail=True, methods=["put"], url_path="status", url_name="status")
    def set_status(self, request: Request, ref: str) -> Response:
        """D-5: `unavailable` (reason from the list, expected end) or `available` again; send `If-Match`."""
        place = self.get_object()
        data = validated(PlaceStatusInput, request.data)
        with transaction.atomic():
            locked_and_matching(request, Place.objects.all(), place.pk)
            if data["status"] == PlaceStatus.UNAVAILABLE.value:
                service(place_make_unavailable, actor=request.user, place_id=place.pk, reason_code=data["reason"],
                        until=data["until"], explanation=data["explanation"], fields={"reden": "reason"})
            else:
                service(place_reactivate, actor=request.user, place_id=place.pk,
                        available_from=data["available_from"])
        place = self.get_queryset().get(pk=place.pk)
        return with_etag(Response(PlaceSerializer(place).data), place)
