"""The team's decisions on a candidate list: reorder, add, remove (each argued), approve (four eyes), offer,
and withdraw an offer (D-11, D-12). Each POST calls one service and returns to the report page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plaatsregie.accounts.vocabulary import Permission
from plaatsregie.placement.models import CandidateList, CandidateListAdoption, Offer
from plaatsregie.placement.services.candidates import candidate_list_approve, candidate_list_revise, current_revision
from plaatsregie.placement.services.offers import offer_make, offer_withdraw
from plaatsregie.web.pages import page
from plaatsregie.web.team import forms as f
from plaatsregie.web.team.common import actor, attempt, by_ref
from plaatsregie.web.team.reports import REPORT_RELATED, render_report, report_url


def _decide(request: HttpRequest, cl: CandidateList, form: forms.Form, name: str, field: str | None,
            call: Callable[[dict[str, Any]], Any], done: str, anchor: str = "kandidaten") -> HttpResponse:
    """Validate the form, call the service; on success redirect with `done`, else show the page with the errors."""
    if form.is_valid() and attempt(form, field, lambda: call(form.cleaned_data)):
        messages.success(request, done)
        return redirect(report_url(cl.report.ref, anchor))
    return render_report(request, cl.report, **{name: form})


def _list(ref: str) -> CandidateList:
    return by_ref(CandidateList, ref, *(f"report__{r}" for r in REPORT_RELATED))


@page(Permission.TEAM_WORK)
@require_POST
def list_reorder(request: HttpRequest, ref: str) -> HttpResponse:
    """D-11: move one candidate to another position, with a written argument."""
    cl = _list(ref)
    form = f.ReorderForm(request.POST, prefix="volgorde", order=list(current_revision(cl).order))
    return _decide(request, cl, form, "reorder_form", "argument", lambda data: candidate_list_revise(
        actor=actor(request), list_id=cl.pk, argument=data["argument"], order=form.new_order()),
        _("De volgorde werd aangepast. Een gewijzigde volgorde moet opnieuw door twee teamleden goedgekeurd worden."))


@page(Permission.TEAM_WORK)
@require_POST
def list_add(request: HttpRequest, ref: str) -> HttpResponse:
    """D-11: add a waiting youth to the list by dossier number, with a written argument."""
    cl = _list(ref)
    form = f.AddForm(request.POST, prefix="toevoegen")
    return _decide(request, cl, form, "add_form", "ref", lambda data: candidate_list_revise(
        actor=actor(request), list_id=cl.pk, argument=data["argument"], add=data["ref"].strip()),
        _("De kandidaat werd onderaan de lijst toegevoegd."))


@page(Permission.TEAM_WORK)
@require_POST
def list_remove(request: HttpRequest, ref: str) -> HttpResponse:
    """D-11: remove a candidate from the list, with a written argument."""
    cl = _list(ref)
    form = f.RemoveForm(request.POST, prefix="schrappen", order=list(current_revision(cl).order))
    return _decide(request, cl, form, "remove_form", "argument", lambda data: candidate_list_revise(
        actor=actor(request), list_id=cl.pk, argument=data["argument"], remove=data["candidate"]),
        _("De kandidaat werd van de lijst geschrapt."))


@page(Permission.TEAM_WORK)
@require_POST
def list_approve(request: HttpRequest, ref: str) -> HttpResponse:
    """D-11, D-25: approve the current order; the second distinct team member's approval adopts it."""
    cl = _list(ref)
    form = f.ApproveForm(request.POST, prefix="goedkeuren")

    if form.is_valid() and attempt(form, "argumentation", lambda: candidate_list_approve(
            actor=actor(request), list_id=cl.pk, argumentation=form.cleaned_data["argumentation"])):
        adopted = CandidateListAdoption.objects.filter(candidate_list=cl).exists()
        messages.success(request, _("De kandidatenlijst is vastgelegd als teambeslissing. U kunt nu een voorstel doen.")
                         if adopted else _("Uw goedkeuring werd vastgelegd. Een tweede teamlid moet de volgorde nog "
                                           "goedkeuren."))
        return redirect(report_url(cl.report.ref, "goedkeuring"))
    return render_report(request, cl.report, approve_form=form)


@page(Permission.TEAM_WORK)
@require_POST
def offer_create(request: HttpRequest, ref: str) -> HttpResponse:
    """D-12: offer the next youth of the adopted order to the facility, explaining why."""
    cl = _list(ref)
    form = f.OfferForm(request.POST, prefix="voorstel")
    return _decide(request, cl, form, "offer_form", "why", lambda data: offer_make(
        actor=actor(request), list_id=cl.pk, why=data["why"]),
        _("Het voorstel werd aan de voorziening bezorgd."), "voorstellen")


@page(Permission.TEAM_WORK)
@require_POST
def offer_withdrawal(request: HttpRequest, ref: str) -> HttpResponse:
    """The team withdraws an open offer, with a reason (the facility's access to the file ends, D-36)."""
    offer = by_ref(Offer, ref, "candidate_list__report", "report")
    form = f.WithdrawForm(request.POST, prefix="intrekken")
    if form.is_valid() and attempt(form, "reason", lambda: offer_withdraw(
            actor=actor(request), offer_id=offer.pk, reason=form.cleaned_data["reason"])):
        messages.success(request, _("Het voorstel werd ingetrokken."))
        return redirect(report_url(offer.report.ref, "voorstellen"))
    return render_report(request, by_ref(type(offer.report), offer.report.ref, *REPORT_RELATED), withdraw_form=form)
