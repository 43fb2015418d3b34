"""The waiting pool (D-6, D-10): every waiting request, filtered, 25 per page, without names.

With htmx the filters swap only the table; without JavaScript the same form reloads the whole page.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from plaatsregie.accounts.vocabulary import Permission
from plaatsregie.web.pages import page, paginate
from plaatsregie.web.team.forms import PoolFilterForm
from plaatsregie.web.team.labels import URGENCY
from plaatsregie.web.team.pool_queries import PoolFilter, age_on, waiting_pool


@page(Permission.TEAM_POOL)
def pool(request: HttpRequest) -> HttpResponse:
    """The waiting requests matching the filters, most urgent first."""
    form = PoolFilterForm(request.GET or None)
    selection = PoolFilter(**form.cleaned_data) if form.is_valid() else PoolFilter()
    today = timezone.localdate()
    page_obj = paginate(request, waiting_pool(selection, today))
    for row in page_obj.object_list:
        row.age = age_on(row.youth.birth_date, today)
        row.days_waiting = (today - row.registered_on).days
        row.urgency_label = URGENCY.get(row.urgency, row.urgency)
    template = "team/_pool_table.html" if request.htmx else "team/pool.html"  # type: ignore[attr-defined]
    return render(request, template, {"form": form, "page_obj": page_obj})
