"""The team's start page: everything that waits for the team, each part with a count and the oldest first."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from plaatsregie.accounts.vocabulary import Permission
from plaatsregie.web.pages import page
from plaatsregie.web.team import queries
from plaatsregie.web.team.common import is_member


@page(Permission.TEAM_WORK)
def workqueue(request: HttpRequest) -> HttpResponse:
    """D-7, D-11, D-12, D-14 … D-16, D-6: reports, lists, offers, refusals, escalations, stale requests."""
    sections = queries.work_queue(timezone.localdate(), {
        param: request.GET.get(param) for param in queries.PARAMS})
    return render(request, "team/workqueue.html", {**sections, "top": queries.TOP, "is_member": is_member(request)})
