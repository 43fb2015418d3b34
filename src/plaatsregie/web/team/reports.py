"""The capacity report page (D-4, D-7): the place profile, the dialogue's agreements and the candidate list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plaatsregie.accounts.vocabulary import Permission
from plaatsregie.placement.models import CandidateList, CapacityReport
from plaatsregie.placement.services.candidates import candidate_list_generate
from plaatsregie.placement.services.capacity import capacity_agreement_record
from plaatsregie.placement.services.flows import steps_of
from plaatsregie.web.pages import page, paginate
from plaatsregie.web.team import forms as f
from plaatsregie.web.team.common import actor, attempt, by_ref, is_member
from plaatsregie.web.team.exclusions import exclusion_texts
from plaatsregie.web.team.labels import GENDERS, NEEDS, RULES
from plaatsregie.web.team.report_queries import CANDIDATES_PARAM, latest_list, list_view, profile_facts

REPORT_RELATED = ("place__unit__facility", "place__unit__module_type", "reported_by")


def report_url(ref: str, anchor: str = "") -> str:
    return reverse("team:report", args=[ref]) + (f"#{anchor}" if anchor else "")


def _forms(order: list[str]) -> dict[str, Any]:
    return {
        "agreement_form": f.AgreementForm(prefix="afspraak"),
        "reorder_form": f.ReorderForm(prefix="volgorde", order=order),
        "add_form": f.AddForm(prefix="toevoegen"), "remove_form": f.RemoveForm(prefix="schrappen", order=order),
        "approve_form": f.ApproveForm(prefix="goedkeuren"), "offer_form": f.OfferForm(prefix="voorstel"),
        "withdraw_form": f.WithdrawForm(prefix="intrekken"),
    }


def render_report(request: HttpRequest, report: CapacityReport, **bound: Any) -> HttpResponse:
    """The report page; `bound` replaces a blank form by the one that was just posted with its errors."""
    cl = latest_list(report)
    view = list_view(cl, request.GET.get(CANDIDATES_PARAM)) if cl is not None else None
    member = is_member(request)
    # the reorder and remove forms offer every candidate, but the page shows them only while the list can change
    order = list(view.revision.order) if view and view.adoption is None and member else []
    facts = profile_facts(report)
    context: dict[str, Any] = {
        "report": report, "place": report.place, "facts": facts, "is_member": member, "flow": steps_of(report),
        "genders": [GENDERS.get(g, g) for g in facts["genders"]],
        "ideal_profile": [NEEDS.get(n, n) for n in facts["ideal_profile"]],
        "agreements": report.agreements.select_related("recorded_by").order_by("due_on", "at"),
        "list": view, "earlier_lists": max(0, cl.lists_of_report - 1) if cl is not None else 0,  # type: ignore[attr-defined]
        "approved_by_me": bool(view and any(a.approver_id == request.user.pk for a in view.approvals)),
        **_forms(order), **bound,
    }
    return render(request, "team/report.html", context)


@page(Permission.TEAM_WORK)
def report(request: HttpRequest, ref: str) -> HttpResponse:
    """D-4, D-10, D-11: a capacity report with the place profile and its candidate list."""
    return render_report(request, by_ref(CapacityReport, ref, *REPORT_RELATED))


@page(Permission.TEAM_WORK)
@require_POST
def list_generate(request: HttpRequest, ref: str) -> HttpResponse:
    """D-10: rank the waiting pool for this report and freeze the candidate list."""
    found = by_ref(CapacityReport, ref, *REPORT_RELATED)
    form = forms.Form(request.POST)
    if attempt(form, None, lambda: candidate_list_generate(actor=actor(request), report_id=found.pk)):
        messages.success(request, _("De kandidatenlijst werd gemaakt. Bekijk de volgorde en keur ze goed."))
        return redirect(report_url(ref, "kandidaten"))
    return render_report(request, found, generate_errors=form.non_field_errors())


@page(Permission.TEAM_WORK)
@require_POST
def agreement_record(request: HttpRequest, ref: str) -> HttpResponse:
    """D-4: record an agreement of the capacity dialogue (who does what by when)."""
    found = by_ref(CapacityReport, ref, *REPORT_RELATED)
    form = f.AgreementForm(request.POST, prefix="afspraak")
    if form.is_valid() and attempt(form, None, lambda: capacity_agreement_record(
            actor=actor(request), report_id=found.pk, **form.cleaned_data)):
        messages.success(request, _("De afspraak werd vastgelegd."))
        return redirect(report_url(ref, "afspraken"))
    return render_report(request, found, agreement_form=form)


@page(Permission.TEAM_WORK)
def excluded(request: HttpRequest, ref: str) -> HttpResponse:
    """D-22: every youth of the frozen pool who was not a candidate, with the engine's reason, 25 per page."""
    cl = by_ref(CandidateList, ref, "report__place__unit__facility")
    texts = exclusion_texts(cl)
    rows = [(r, texts.get(r) if texts else None, RULES.get(rule, rule)) for r, rule in sorted(cl.excluded.items())]
    return render(request, "team/excluded.html", {"cl": cl, "page_obj": paginate(request, rows), "exact": bool(texts)})
