"""Capacity reports (D-7, D-4): read, and created by a facility for its own place — idempotently."""

# Django REST framework ships no type hints.
# mypy: disable-error-code="misc"

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.request import Request
from rest_framework.response import Response

from plaatsregie.accounts.vocabulary import Permission
from plaatsregie.api.concurrency import idempotent, with_etag
from plaatsregie.api.errors import ApiError
from plaatsregie.api.listing import Filter, boolean
from plaatsregie.api.models import Scope
from plaatsregie.api.serializers import CapacityReportInput, CapacityReportSerializer
from plaatsregie.api.views.base import ApiViewSet, facility_scoped, own_facility_only, service, validated
from plaatsregie.placement.models import CapacityReport
from plaatsregie.placement.services.capacity import PlaceDialogue, capacity_announce
from plaatsregie.registry.models import Place

DIALOGUE_FIELDS = ("age_min", "age_max", "genders", "short_stay", "vertical", "kind_of_place", "group_composition",
                   "carrying_capacity", "ideal_profile", "internal_candidates", "contact")


class CapacityReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Reports of places that will free up. `POST` reports one (a retry with the same `Idempotency-Key` never
    doubles it; without a key, a second open report for the place is a 409 anyway)."""

    serializer_class = CapacityReportSerializer
    permissions = {"list": (Permission.TEAM_WORK, Permission.FACILITY_WORK),
                   "retrieve": (Permission.TEAM_WORK, Permission.FACILITY_WORK),
                   "create": (Permission.FACILITY_WORK,)}
    scopes = {"create": Scope.CAPACITY_WRITE.value}
    filters = {"open": Filter("closed_at__isnull", ("true", "false"), boolean),
               "in_scope": Filter("in_scope", ("true", "false"), boolean),
               "facility": Filter("place__unit__facility__ref"), "place": Filter("place__ref")}
    ordering_fields = ("ref", "reported_at", "expected_free_on")
    ordering = ("-reported_at",)
    idempotent_actions = ("create",)

    def get_queryset(self) -> QuerySet[CapacityReport]:
        reports = CapacityReport.objects.select_related("place__unit__facility")
        return facility_scoped(reports, self.request.user, "place__unit__facility")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        return self.detail_response(obj, self.get_serializer(obj).data)

    @extend_schema(request=CapacityReportInput, responses={201: CapacityReportSerializer})
    def create(self, request: Request) -> Response:
        return idempotent(request, lambda: self._create(request))

    def _create(self, request: Request) -> Response:
        data = validated(CapacityReportInput, request.data)
        places = own_facility_only(Place.objects.all(), request.user, "unit__facility")
        place = places.filter(ref=data["place"]).first()
        if place is None:
            raise ApiError("validation_error", "Deze plaats bestaat niet (of niet voor u).",
                           "This place does not exist (or not for you).", field="place")
        dialogue = PlaceDialogue(**{name: data[name] for name in DIALOGUE_FIELDS})
        report = service(capacity_announce, actor=request.user, place_id=place.pk,
                         expected_free_on=data["expected_free_on"], dialogue=dialogue,
                         fields={"leeftijd": "age_max", "geslacht": "genders"})
        report = self.get_queryset().get(pk=report.pk)
        response = Response(CapacityReportSerializer(report).data, status=201,
                            headers={"Location": reverse("api:capacity-report-detail", args=[report.ref])})
        return with_etag(response, report)
