"""After a refusal: the team's review (D-14), the mandate ladder for team leads (D-15) and the collective
consultation when the youth became a collective case (D-16)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plaatsregie.accounts.vocabulary import Permission
from plaatsregie.core.lifecycle import MandateGround, MandateStep, PriorEffort
from plaatsregie.placement.models import CollectiveCase, MandateDecision, Offer, OfferAnswer
from plaatsregie.placement.services.collective import collective_consultation_record
from plaatsregie.placement.services.reviews import current_mandate_step, mandate_step_decide, refusal_review
from plaatsregie.web.pages import page
from plaatsregie.web.team import forms as f
from plaatsregie.web.team.common import actor, attempt, by_ref, is_lead
from plaatsregie.web.team.labels import (
    ATTRIBUTIONS,
    EFFORTS,
    GROUNDS,
    INSTRUMENTS,
    MANDATE_STEPS,
    OFFER_STATES,
    VERDICTS,
)

OFFER_RELATED = ("request", "place__unit__facility", "place__unit__module_type", "report")


def review_url(ref: str, anchor: str = "") -> str:
    return reverse("team:review", args=[ref]) + (f"#{anchor}" if anchor else "")


def _answer(offer: Offer) -> OfferAnswer | None:
    return OfferAnswer.objects.filter(offer=offer).select_related("review__decided_by", "answered_by").first()


def _render(request: HttpRequest, offer: Offer, **bound: Any) -> HttpResponse:
    answer = _answer(offer)
    review = getattr(answer, "review", None) if answer else None
    facility = offer.place.unit.facility
    case = CollectiveCase.objects.filter(request=offer.request).first()
    step = current_mandate_step(offer.request, facility)
    decisions = (MandateDecision.objects.filter(request=offer.request, facility=facility)
                 .select_related("decided_by", "team_lead").order_by("at", "id"))
    context: dict[str, Any] = {
        "offer": offer, "answer": answer, "review": review, "facility": facility,
        "state": OFFER_STATES.get(offer.state),
        "verdict": VERDICTS.get(review.verdict) if review else None,
        "attribution": ATTRIBUTIONS.get(review.attributed_to) if review else None,
        "step": MANDATE_STEPS.get(step.value) if step else None,
        "decisions": [(d, MANDATE_STEPS.get(d.step), [EFFORTS.get(e, e) for e in d.efforts], GROUNDS.get(d.ground, ""),
                       INSTRUMENTS.get(d.instrument, "")) for d in decisions],
        "case": case, "consultations": case.consultations.select_related("by").order_by("at") if case else [],
        "is_lead": is_lead(request), "review_form": f.ReviewForm(prefix="bespreking"),
        "mandate_form": f.MandateForm(prefix="mandaat"), "consultation_form": f.ConsultationForm(prefix="overleg"),
        **bound,
    }
    return render(request, "team/review.html", context)


@page(Permission.TEAM_WORK)
def review(request: HttpRequest, ref: str) -> HttpResponse:
    """D-14: the refusal of an offer and the team's review of it (the form on POST)."""
    offer = by_ref(Offer, ref, *OFFER_RELATED)
    if request.method != "POST":
        return _render(request, offer)
    form = f.ReviewForm(request.POST, prefix="bespreking")
    answer = _answer(offer)
    if answer is None:
        form.add_error(None, _("Dit voorstel werd niet geweigerd; er is geen weigering te bespreken."))
    elif form.is_valid() and attempt(form, "lessons", lambda: refusal_review(
            actor=actor(request), answer_id=answer.pk, **form.cleaned_data)):
        messages.success(request, _("De bespreking van de weigering werd vastgelegd."))
        return redirect(review_url(ref))
    return _render(request, offer, review_form=form)


@page(Permission.TEAM_LEAD_DECIDE)
@require_POST
def mandate(request: HttpRequest, ref: str) -> HttpResponse:
    """D-15: a team lead records one step up or down the mandate ladder for this youth and facility."""
    offer = by_ref(Offer, ref, *OFFER_RELATED)
    form = f.MandateForm(request.POST, prefix="mandaat")
    answer = _answer(offer)
    review_id = answer.review.pk if answer is not None and hasattr(answer, "review") else None

    def decide() -> None:
        data = form.cleaned_data
        mandate_step_decide(actor=actor(request), request_id=offer.request_id, facility_id=offer.place.unit.facility_id,
                            step=MandateStep(data["step"]), justification=data["justification"],
                            efforts={PriorEffort(e) for e in data["efforts"]},
                            ground=MandateGround(data["ground"]) if data["ground"] else None,
                            instrument=data["instrument"], review_id=review_id)

    if form.is_valid() and attempt(form, "step", decide):
        messages.success(request, _("De stap op de mandaatladder werd vastgelegd."))
        return redirect(review_url(ref, "mandaat"))
    return _render(request, offer, mandate_form=form)


@page(Permission.TEAM_WORK)
@require_POST
def consultation(request: HttpRequest, ref: str) -> HttpResponse:
    """D-16: record a collective consultation for the youth of this offer."""
    offer = by_ref(Offer, ref, *OFFER_RELATED)
    case = CollectiveCase.objects.filter(request=offer.request).first()
    if case is None:
        raise Http404
    form = f.ConsultationForm(request.POST, prefix="overleg")
    if form.is_valid() and attempt(form, None, lambda: collective_consultation_record(
            actor=actor(request), case_id=case.pk, **form.cleaned_data)):
        messages.success(request, _("Het collectief overleg werd vastgelegd."))
        return redirect(review_url(ref, "collectief"))
    return _render(request, offer, consultation_form=form)
