"""The policy officer's pages: the facilities of their province with units, places, status and signals.
No personal data of youths: places, offers and objections appear by their opaque reference only."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from plaatsregie.accounts.rules import provinces_of
from plaatsregie.accounts.vocabulary import Permission
from plaatsregie.registry.models import Facility
from plaatsregie.web.pages import page, paginate, visible_or_404
from plaatsregie.web.province import queries

LEVEL_LABELS = {
    "team_member": _("een medewerker van het team"),
    "team_lead": _("de leidinggevende"),
    "policy_officer": _("de regionale beleidsmedewerker"),
}


@page(Permission.PROVINCE_VIEW)
def facilities(request: HttpRequest) -> HttpResponse:
    """The facilities of the officer's province(s) with places per status and why places are unavailable."""
    provinces = provinces_of(request.user)
    page_obj = paginate(request, queries.facilities_in(provinces))
    rows = queries.facility_rows(list(page_obj.object_list))
    return render(request, "province/facilities.html",
                  {"page_obj": page_obj, "rows": rows, "provinces": sorted(provinces)})


@page(Permission.PROVINCE_VIEW)
def facility(request: HttpRequest, ref: str) -> HttpResponse:
    """One facility of the province: units and places with status, and the signals that need attention."""
    found = Facility.objects.filter(ref=ref).first()
    visible_or_404(request, Permission.PROVINCE_FACILITY_VIEW, found)
    assert found is not None
    signals = queries.signals(found)
    objections = [(o.objection, LEVEL_LABELS[o.waits_for]) for o in signals.open_objections]
    return render(request, "province/facility.html", {
        "facility": found, "units": queries.units_with_places(found), "counts": queries.status_counts(found),
        "signals": signals, "objections": objections,
        "long_days": queries.LONG_UNAVAILABLE_DAYS, "refusal_days": queries.REFUSAL_WINDOW_DAYS,
    })
