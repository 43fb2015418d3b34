"""The facility's places (D-5): status per place, announce a freeing place (D-7, D-4), unavailable and back."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from plaatsregie.accounts.rules import own_facility_ids
from plaatsregie.accounts.vocabulary import Permission
from plaatsregie.core.errors import DomainError
from plaatsregie.placement.services.capacity import capacity_announce, place_make_unavailable, place_reactivate
from plaatsregie.registry.models import Place
from plaatsregie.web.facility.forms import AnnounceForm, ReactivateForm, UnavailableForm
from plaatsregie.web.facility.queries import units_with_places
from plaatsregie.web.pages import page, visible_or_404


def own_place(request: HttpRequest, ref: str) -> Place:
    """A place of the user's own facility; any other place does not exist for them (404)."""
    place = Place.objects.select_related("unit__facility", "unit__module_type", "unavailable_reason").filter(
        ref=ref).first()
    visible_or_404(request, Permission.FACILITY_VIEW, place.unit if place else None)
    assert place is not None
    return place


@page(Permission.FACILITY_WORK)
def places(request: HttpRequest) -> HttpResponse:
    """Units and places with their status and the actions that fit it."""
    return render(request, "facility/places.html", {"units": units_with_places(own_facility_ids(request.user))})


@page(Permission.FACILITY_WORK)
def announce(request: HttpRequest, ref: str) -> HttpResponse:
    """D-7: report a place that will free up, with the profile of the capacity dialogue (D-4)."""
    place = own_place(request, ref)
    form = AnnounceForm.for_place(place, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = capacity_announce(actor=request.user, place_id=place.pk,  # type: ignore[arg-type]
                                       expected_free_on=form.cleaned_data["expected_free_on"],
                                       dialogue=form.dialogue())
        except DomainError as error:
            form.add_error(_field_of(error), str(error))
        else:
            messages.success(request, _("Plaats %(place)s is gemeld als vrijkomend (melding %(report)s).")
                             % {"place": place.ref, "report": report.ref})
            return redirect("facility:places")
    return render(request, "facility/announce.html", {"place": place, "form": form})


def _field_of(error: DomainError) -> str | None:
    """The announce field a service message is about, so it shows next to that field."""
    text = str(error).lower()
    if "leeftijd" in text:
        return "age_max"
    if "geslacht" in text:
        return "genders"
    return None


@page(Permission.FACILITY_WORK)
def make_unavailable(request: HttpRequest, ref: str) -> HttpResponse:
    """D-5: a place is unavailable only with a reason from the list and an expected end."""
    place = own_place(request, ref)
    form = UnavailableForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            place_make_unavailable(actor=request.user, place_id=place.pk,  # type: ignore[arg-type]
                                   reason_code=data["reason"], until=data["until"], explanation=data["explanation"])
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Plaats %(place)s staat nu op niet beschikbaar.") % {"place": place.ref})
            return redirect("facility:places")
    return render(request, "facility/unavailable.html", {"place": place, "form": form})


@page(Permission.FACILITY_WORK)
def reactivate(request: HttpRequest, ref: str) -> HttpResponse:
    """D-5: an unavailable place becomes available again."""
    place = own_place(request, ref)
    form = ReactivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            place_reactivate(actor=request.user, place_id=place.pk,  # type: ignore[arg-type]
                             available_from=form.cleaned_data["available_from"])
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Plaats %(place)s is opnieuw beschikbaar.") % {"place": place.ref})
            return redirect("facility:places")
    return render(request, "facility/reactivate.html", {"place": place, "form": form})
