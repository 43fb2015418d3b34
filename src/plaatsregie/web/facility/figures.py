"""The facility's own figures (D-18, D-29): tables for dialogue, with their period."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from plaatsregie.accounts.rules import own_facility_ids
from plaatsregie.accounts.vocabulary import Permission
from plaatsregie.web.facility.numbers import facility_figures
from plaatsregie.web.facility.queries import today
from plaatsregie.web.pages import page


@page(Permission.FACILITY_WORK)
def figures(request: HttpRequest) -> HttpResponse:
    day = today()
    return render(request, "facility/figures.html",
                  {"figures": facility_figures(own_facility_ids(request.user), day), "today": day})
