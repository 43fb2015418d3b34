"""Candidate lists (team, read), offers and their answers (D-12, D-13, D-36), admissions and discharges (D-20)."""

# Django REST framework ships no type hints.
# mypy: disable-error-code="misc, untyped-decorator"

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from plaatsregie.accounts.rules import is_team
from plaatsregie.accounts.vocabulary import Permission
from plaatsregie.api.concurrency import idempotent, locked_and_matching, optional_match, with_etag
from plaatsregie.api.errors import ApiError
from plaatsregie.api.listing import Filter, boolean
from plaatsregie.api.models import Scope
from plaatsregie.api.serializers import (
    AdmissionInput,
    AdmissionSerializer,
    CandidateListDetailSerializer,
    CandidateListSerializer,
    DischargeInput,
    OfferAnswerInput,
    OfferDetailSerializer,
    OfferSerializer,
)
from plaatsregie.api.views.base import (
    ApiViewSet,
    facility_scoped,
    own_facility_only,
    service,
    validated,
    youth_through_the_door,
)
from plaatsregie.core.lifecycle import OfferOutcome, OfferState
from plaatsregie.placement.models import Admission, CandidateList, Offer
from plaatsregie.placement.services.offers import Condition, offer_answer
from plaatsregie.placement.services.stays import admission_start, stay_discharge

TEAM_OR_FACILITY = (Permission.TEAM_WORK, Permission.FACILITY_WORK)


class CandidateListViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """D-10, D-11: the engine's ranking per report with the team's current order (team only; refs, no names)."""

    permissions = {"list": (Permission.TEAM_WORK,), "retrieve": (Permission.TEAM_WORK,)}
    filters = {"report": Filter("report__ref"), "adopted": Filter("adoption__isnull", ("true", "false"),
                                                                  lambda raw: not boolean(raw))}
    ordering_fields = ("ref", "generated_at")
    ordering = ("-generated_at",)

    def get_serializer_class(self) -> type[CandidateListSerializer]:
        return CandidateListSerializer if self.action == "list" else CandidateListDetailSerializer

    def get_queryset(self) -> QuerySet[CandidateList]:
        lists = CandidateList.objects.select_related("report__place", "adoption")
        if self.action == "retrieve":
            lists = lists.prefetch_related("entries__request")
        return lists

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        return self.detail_response(obj, self.get_serializer(obj).data)


class OfferViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Offers with their outcome. A facility sees and answers its own; the youth's data appears in the detail
    only while D-36 allows it (open, or agreed and not started), through the logged door."""

    permissions = {"list": TEAM_OR_FACILITY, "retrieve": TEAM_OR_FACILITY, "answer": (Permission.FACILITY_WORK,)}
    scopes = {"answer": Scope.OFFERS_ANSWER.value}
    filters = {"state": Filter("state", tuple(s.value for s in OfferState)),
               "facility": Filter("place__unit__facility__ref"), "request": Filter("request__ref")}
    ordering_fields = ("ref", "offered_at", "respond_by")
    ordering = ("-offered_at",)
    idempotent_actions = ("answer",)
    optional_if_match_actions = ("answer",)

    def get_serializer_class(self) -> type[OfferSerializer]:
        return OfferSerializer if self.action == "list" else OfferDetailSerializer

    def get_queryset(self) -> QuerySet[Offer]:
        offers = Offer.objects.select_related("report", "place__unit__facility", "request", "answer__reason")
        offers = offers.prefetch_related("answer__conditions")
        if self.action == "list":
            offers = offers.defer("why", "report__profile", "report__scope_reason")  # not shown in a list
        if self.action == "answer":
            return own_facility_only(offers, self.request.user, "place__unit__facility")
        return facility_scoped(offers, self.request.user, "place__unit__facility")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        offer = self.get_object()
        youth = youth_through_the_door(request, offer.request.youth_id)
        return self.detail_response(offer, OfferDetailSerializer(offer, context={"youth": youth}).data)

    @extend_schema(request=OfferAnswerInput, responses=OfferSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, ref: str) -> Response:
        """D-13: answered once; a closed or already answered offer is a 409."""
        offer = self.get_object()
        return idempotent(request, lambda: self._answer(request, offer))

    def _answer(self, request: Request, offer: Offer) -> Response:
        data = validated(OfferAnswerInput, request.data)
        conditions = [Condition(kind=c["kind"], description=c["description"], owner=c["owner"],
                                due_on=c["due_on"], construction=c["construction"]) for c in data["conditions"]]
        with transaction.atomic():
            optional_match(request, Offer.objects.select_for_update(of=("self",)).get(pk=offer.pk))
            service(offer_answer, actor=request.user, offer_id=offer.pk, outcome=OfferOutcome(data["outcome"]),
                    reason_code=data["reason"] or None, motivation=data["motivation"], conditions=conditions,
                    fields={"reden": "reason", "motivering": "motivation", "voorwaarde": "conditions"})
        offer = self.get_queryset().get(pk=offer.pk)
        return with_etag(Response(OfferSerializer(offer).data), offer)


class AdmissionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Stays: started from an agreed offer (`POST`, idempotent), ended by a discharge (`If-Match`)."""

    serializer_class = AdmissionSerializer
    permissions = {"list": TEAM_OR_FACILITY, "retrieve": TEAM_OR_FACILITY, "create": TEAM_OR_FACILITY,
                   "discharge": TEAM_OR_FACILITY}
    scopes = {"create": Scope.ADMISSIONS_WRITE.value, "discharge": Scope.ADMISSIONS_WRITE.value}
    filters = {"current": Filter("ended_on__isnull", ("true", "false"), boolean),
               "facility": Filter("place__unit__facility__ref"),
               "internal_flow": Filter("internal_flow", ("true", "false"), boolean)}
    ordering_fields = ("ref", "start_on", "ended_on")
    ordering = ("-start_on",)
    idempotent_actions = ("create",)
    if_match_actions = ("discharge",)

    def get_queryset(self) -> QuerySet[Admission]:
        stays = Admission.objects.select_related("place__unit__facility", "request", "offer")
        if self.action == "discharge" and not is_team(self.request.user):
            return own_facility_only(stays, self.request.user, "place__unit__facility")
        return facility_scoped(stays, self.request.user, "place__unit__facility")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        return self.detail_response(obj, self.get_serializer(obj).data)

    @extend_schema(request=AdmissionInput, responses={201: AdmissionSerializer})
    def create(self, request: Request) -> Response:
        """D-20: the agreed offer starts; siblings offered together start together (each its own admission)."""
        return idempotent(request, lambda: self._create(request))

    def _create(self, request: Request) -> Response:
        data = validated(AdmissionInput, request.data)
        offers = Offer.objects.all() if is_team(request.user) else own_facility_only(
            Offer.objects.all(), request.user, "place__unit__facility")
        offer = offers.filter(ref=data["offer"]).first()
        if offer is None:
            raise ApiError("validation_error", "Dit voorstel bestaat niet (of niet voor u).",
                           "This offer does not exist (or not for you).", field="offer")
        started = service(admission_start, actor=request.user, offer_id=offer.pk, start_on=data["start_on"])
        mine = next((a for a in started if a.offer_id == offer.pk), started[0])
        admission = self.get_queryset().get(pk=mine.pk)
        response = Response(AdmissionSerializer(admission).data, status=201,
                            headers={"Location": reverse("api:admission-detail", args=[admission.ref])})
        return with_etag(response, admission)

    @extend_schema(request=DischargeInput, responses=AdmissionSerializer)
    @action(detail=True, methods=["post"])
    def discharge(self, request: Request, ref: str) -> Response:
        """D-20: the stay ends on `ended_on`; the place frees up."""
        stay = self.get_object()
        data = validated(DischargeInput, request.data)
        with transaction.atomic():
            locked_and_matching(request, Admission.objects.all(), stay.pk)
            service(stay_discharge, actor=request.user, admission_id=stay.pk, ended_on=data["ended_on"])
        stay = self.get_queryset().get(pk=stay.pk)
        return with_etag(Response(AdmissionSerializer(stay).data), stay)
