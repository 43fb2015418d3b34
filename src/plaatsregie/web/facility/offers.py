"""Offers to the facility (D-12, D-13): the list, the offered youth's A-document (D-36) and the answer."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from plaatsregie.accounts.access import access_youth_for_user
from plaatsregie.accounts.roles import PermissionDenied
from plaatsregie.accounts.rules import own_facility_ids
from plaatsregie.accounts.vocabulary import Permission
from plaatsregie.core.errors import DomainError
from plaatsregie.core.lifecycle import IllegalTransition, OfferOutcome
from plaatsregie.placement.models import Offer
from plaatsregie.placement.services.offers import offer_answer
from plaatsregie.placement.services.stays import admission_start
from plaatsregie.web.facility.adoc import a_document
from plaatsregie.web.facility.forms import (
    CONDITION_KINDS,
    CONSTRUCTIONS,
    AnswerForm,
    DateOnlyForm,
    condition_forms,
    conditions_of,
)
from plaatsregie.web.facility.queries import offers_to, today
from plaatsregie.web.pages import page, paginate, visible_or_404
from plaatsregie.web.referrer.labels import label


def own_offer(request: HttpRequest, ref: str) -> Offer:
    """An offer to the user's own facility; any other offer does not exist for them (404)."""
    offer = (Offer.objects.select_related("place__unit__facility", "place__unit__module_type", "request__referrer")
             .filter(ref=ref).first())
    visible_or_404(request, Permission.FACILITY_VIEW, offer.place.unit if offer else None)
    assert offer is not None
    return offer


@page(Permission.FACILITY_WORK)
def offers(request: HttpRequest) -> HttpResponse:
    """Open offers with their response deadline, agreements waiting for a start, recent answers."""
    rows = offers_to(own_facility_ids(request.user), today())
    return render(request, "facility/offers.html", {"page_obj": paginate(request, rows), "today": today()})


@page(Permission.FACILITY_WORK)
def offer(request: HttpRequest, ref: str) -> HttpResponse:
    """The offer, the youth's A-document while the facility may see it, and the answer form (D-13)."""
    the_offer = own_offer(request, ref)
    answer, rows = AnswerForm(request.POST or None), condition_forms(request.POST or None)
    if request.method == "POST" and _answered(request, the_offer, answer, rows):
        return redirect("facility:offer", ref=the_offer.ref)
    return _render(request, the_offer, answer=answer, rows=rows)


def _answered(request: HttpRequest, the_offer: Offer, answer: AnswerForm, rows: Any) -> bool:
    if not answer.is_valid():
        rows.is_valid()  # show the rows' own errors too
        return False
    conditions = conditions_of(answer, rows)
    if conditions is None:
        return False
    data = answer.cleaned_data
    outcome = OfferOutcome(data["outcome"])
    try:
        offer_answer(actor=request.user, offer_id=the_offer.pk, outcome=outcome,  # type: ignore[arg-type]
                     reason_code=data["reason"] or None, motivation=data["motivation"], conditions=conditions)
    except (IllegalTransition, PermissionDenied) as error:
        answer.add_error(None, str(error))
        return False
    except DomainError as error:
        answer.add_error("motivation" if outcome is OfferOutcome.REFUSED else "outcome", str(error))
        return False
    messages.success(request, _("Uw antwoord op voorstel %(offer)s is geregistreerd.") % {"offer": the_offer.ref})
    return True


@page(Permission.FACILITY_WORK)
def start(request: HttpRequest, ref: str) -> HttpResponse:
    """D-20: an agreed offer becomes an admission on its start date (the facility may record it)."""
    the_offer = own_offer(request, ref)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = DateOnlyForm(request.POST, label=_("Startdatum"))
    if form.is_valid():
        try:
            admission_start(actor=request.user, offer_id=the_offer.pk,  # type: ignore[arg-type]
                            start_on=form.cleaned_data["on"])
        except DomainError as error:
            form.add_error("on", str(error))
        else:
            messages.success(request, _("De opname is gestart."))
            return redirect("facility:offer", ref=the_offer.ref)
    return _render(request, the_offer, start_form=form)


def _render(request: HttpRequest, the_offer: Offer, *, answer: AnswerForm | None = None, rows: Any = None,
            start_form: DateOnlyForm | None = None) -> HttpResponse:
    try:  # D-36: the one door; it checks the ground and writes the access log
        youth = access_youth_for_user(request.user, the_offer.request.youth_id, channel="page")
    except PermissionDenied:
        youth = None
    answer_given = getattr(the_offer, "answer", None)
    context = {
        "offer": the_offer, "adoc": a_document(the_offer.request, youth) if youth else None,
        "answer": answer_given, "admission": getattr(the_offer, "admission", None),
        "conditions": [(c, label(CONDITION_KINDS, c.kind), label(CONSTRUCTIONS, c.construction) if c.construction
                        else "") for c in (answer_given.conditions.all() if answer_given else [])],
        "answer_form": answer or AnswerForm(), "rows": rows or condition_forms(),
        "start_form": start_form or DateOnlyForm(label=_("Startdatum")),
        "waiting_for_start": the_offer.state in {"agreed", "agreed_with_conditions"} and the_offer.closed_at is None,
    }
    return render(request, "facility/offer.html", context)
