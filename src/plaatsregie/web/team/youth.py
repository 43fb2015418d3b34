"""A youth's file as the team sees it, opened only through the one door that logs the read (D-36, §7)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from plaatsregie.accounts.access import access_youth_for_user
from plaatsregie.accounts.models import AuditRecord
from plaatsregie.accounts.roles import PermissionDenied
from plaatsregie.accounts.vocabulary import Permission
from plaatsregie.placement.models import CandidateEntry, CollectiveCase
from plaatsregie.waiting.models import Request, YouthIdentity
from plaatsregie.web.pages import page
from plaatsregie.web.team.common import by_ref
from plaatsregie.web.team.labels import CHANGES, GENDERS, NEEDS, URGENCY
from plaatsregie.web.team.pool_queries import age_on

EVENTS = {
    "request:registered": "aangemeld", "request:changed": "wijziging doorgegeven", "request:confirmed": "bevestigd",
    "request:withdrawn": "ingetrokken", "mandate:step:decided": "stap op de mandaatladder",
    "collective_case:opened": "collectief dossier geopend",
    "collective_case:consultation:recorded": "collectief overleg vastgelegd",
}


def _file(request: Request) -> dict[str, Any]:
    """Everything the team sees about one request: history, list appearances, offers, reviews, mandate."""
    youth = request.youth
    today = timezone.localdate()
    entries = (CandidateEntry.objects.filter(request=request)
               .select_related("candidate_list__report__place__unit__facility", "candidate_list__adoption")
               .defer("candidate_list__pool_snapshot").order_by("-candidate_list__generated_at"))
    offers = (request.offers.select_related("place__unit__facility", "report", "answer__review", "withdrawal")
              .order_by("-offered_at"))
    case = CollectiveCase.objects.filter(request=request).first()
    return {
        "req": request, "youth": youth, "identity": YouthIdentity.objects.filter(youth=youth).first(),
        "age": age_on(youth.birth_date, today),
        "gender": GENDERS.get(youth.gender, youth.gender), "urgency": URGENCY.get(request.urgency, request.urgency),
        "needs": [NEEDS.get(n, n) for n in request.needs], "modules": list(request.module_types.all()),
        "siblings": list(request.sibling_facilities.all()),
        "changes": [(c, CHANGES.get(c.kind, c.kind)) for c in request.changes.select_related("by")],
        "history": [(r, EVENTS.get(r.event, r.event)) for r in AuditRecord.objects.filter(
            object_ref=request.ref, event__in=list(EVENTS)).select_related("actor").order_by("-at", "-id")],
        "entries": entries, "offers": offers,
        "mandate": request.mandate_decisions.select_related("facility", "decided_by", "team_lead").order_by("-at"),
        "case": case, "consultations": case.consultations.select_related("by").order_by("-at") if case else [],
    }


@page(Permission.TEAM_WORK)
def youth_file(request: HttpRequest, ref: str) -> HttpResponse:
    """The youth's file: identity, needs, urgency, history, lists, offers, reviews and mandate steps."""
    found = by_ref(Request, ref, "youth", "referrer", "internal_transfer_facility", "readmission_facility")
    try:
        access_youth_for_user(request.user, found.youth_id, channel="page")
    except PermissionDenied:
        raise Http404 from None
    return render(request, "team/youth.html", _file(found))
