"""Requests (D-6, D-10): the referrer registers and keeps its own requests current through the waiting services.
A detail read shows the youth's data only through `access_youth_for_user` (logged)."""

# Django REST framework ships no type hints.
# mypy: disable-error-code="misc, untyped-decorator"

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from plaatsregie.accounts.rules import is_team, referrer_ids_of
from plaatsregie.accounts.vocabulary import Permission
from plaatsregie.api.concurrency import idempotent, locked_and_matching, with_etag
from plaatsregie.api.errors import ApiError
from plaatsregie.api.listing import Filter
from plaatsregie.api.models import Scope
from plaatsregie.api.serializers import (
    RequestChangeInput,
    RequestDetailSerializer,
    RequestInput,
    RequestSerializer,
    RequestWithdrawInput,
)
from plaatsregie.api.views.base import ApiViewSet, service, validated, youth_through_the_door
from plaatsregie.waiting import services as waiting
from plaatsregie.waiting.models import Referrer, RequestStatus
from plaatsregie.waiting.models import Request as WaitingRequest

READ = (Permission.TEAM_POOL, Permission.REFERRER_WORK)
WRITE = (Permission.REFERRER_WORK,)


class RequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """The team sees every request; a referrer its own. Changes, confirmations and withdrawals need `If-Match`."""

    permissions = {"list": READ, "retrieve": READ, "create": WRITE, "change": WRITE, "confirm": WRITE,
                   "withdraw": WRITE}
    scopes = {name: Scope.REQUESTS_WRITE.value for name in ("create", "change", "confirm", "withdraw")}
    filters = {"status": Filter("status", tuple(RequestStatus.values)),
               "urgency": Filter("urgency", ("1", "2", "3", "4"), int),
               "module": Filter("module_types__code"), "referrer": Filter("referrer__ref")}
    ordering_fields = ("ref", "registered_on", "urgency", "last_confirmed_on")
    idempotent_actions = ("create",)
    if_match_actions = ("change", "confirm", "withdraw")

    def get_serializer_class(self) -> type[RequestSerializer]:
        return RequestSerializer if self.action == "list" else RequestDetailSerializer

    def get_queryset(self) -> QuerySet[WaitingRequest]:
        requests = WaitingRequest.objects.select_related("referrer").prefetch_related("module_types")
        if is_team(self.request.user) and self.action in {"list", "retrieve"}:
            return requests
        return requests.filter(referrer_id__in=referrer_ids_of(self.request.user))

    def _detail(self, found: WaitingRequest, status: int = 200) -> Response:
        youth = youth_through_the_door(self.request, found.youth_id)
        data = RequestDetailSerializer(found, context={"youth": youth}).data
        if status != 200:
            return with_etag(Response(data, status=status, headers={
                "Location": reverse("api:request-detail", args=[found.ref])}), found)
        return self.detail_response(found, data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._detail(self.get_object())

    @extend_schema(request=RequestInput, responses={201: RequestDetailSerializer})
    def create(self, request: Request) -> Response:
        """D-10: register a request; a retry with the same `Idempotency-Key` never doubles it."""
        return idempotent(request, lambda: self._create(request))

    def _create(self, request: Request) -> Response:
        data = validated(RequestInput, request.data)
        found = service(waiting.request_register, actor=request.user, referrer_id=self._referrer(data),
                        data=waiting.RequestInput(
                            youth_ref=data["youth_ref"], birth_date=data["birth_date"], gender=data["gender"],
                            region=data["region"], module_codes=data["modules"], urgency=int(data["urgency"]),
                            needs=data["needs"], crisis_overflow=data["crisis_overflow"]),
                        fields={"module": "modules", "urgentie": "urgency", "nood": "needs", "jongere": "youth_ref"})
        return self._detail(self.get_queryset().get(pk=found.pk), status=201)

    def _referrer(self, data: dict[str, Any]) -> int:
        own = referrer_ids_of(self.request.user)
        if "referrer" in data:
            chosen = Referrer.objects.filter(ref=data["referrer"], pk__in=own).values_list("pk", flat=True).first()
        else:
            chosen = next(iter(own)) if len(own) == 1 else None
        if chosen is None:
            raise ApiError("validation_error", "Kies de aanmelder waarvoor u handelt.",
                           "Choose the referrer you act for.", field="referrer")
        return int(chosen)

    def _update(self, request: Request, schema: type | None,
                call: Callable[[WaitingRequest, dict[str, Any]], Any]) -> Response:
        found = self.get_object()  # not yours: 404 before anything else
        data = validated(schema, request.data) if schema else {}
        with transaction.atomic():
            locked_and_matching(request, WaitingRequest.objects.all(), found.pk)
            call(found, data)
        return self._detail(self.get_queryset().get(pk=found.pk))

    @extend_schema(request=RequestChangeInput, responses=RequestDetailSerializer)
    @action(detail=True, methods=["post"])
    def change(self, request: Request, ref: str) -> Response:
        """D-6: escalation, stabilisation, a changed context or new information (optionally a new urgency)."""
        return self._update(request, RequestChangeInput, lambda found, data: service(
            waiting.request_change, actor=request.user, request_id=found.pk, kind=data["kind"], text=data["text"],
            new_urgency=int(data["urgency"]) if data.get("urgency") is not None else None))

    @extend_schema(request=None, responses=RequestDetailSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, ref: str) -> Response:
        """D-6: the request is still current."""
        return self._update(request, None, lambda found, data: service(
            waiting.request_confirm, actor=request.user, request_id=found.pk))

    @extend_schema(request=RequestWithdrawInput, responses=RequestDetailSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, ref: str) -> Response:
        """D-6: the request leaves the pool with a reason from the list."""
        return self._update(request, RequestWithdrawInput, lambda found, data: service(
            waiting.request_withdraw, actor=request.user, request_id=found.pk, reason_code=data["reason"],
            explanation=data["explanation"], fields={"reden": "reason"}))
