"""One request (D-6): its youth's file through the one door (logged), changes, confirm, withdraw."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from plaatsregie.accounts.access import access_youth_for_user
from plaatsregie.accounts.roles import PermissionDenied
from plaatsregie.accounts.vocabulary import Permission
from plaatsregie.core.errors import DomainError
from plaatsregie.core.lifecycle import IllegalTransition
from plaatsregie.waiting.models import Request
from plaatsregie.waiting.services import request_change, request_confirm, request_withdraw
from plaatsregie.web.pages import page, visible_or_404
from plaatsregie.web.referrer.forms import CHANGE_KINDS, ChangeForm, WithdrawForm
from plaatsregie.web.referrer.labels import GENDERS, NEEDS, label
from plaatsregie.web.referrer.queries import matching_statuses, stale_ids


def own_request(request: HttpRequest, ref: str) -> Request:
    """A request of the user's own referrer; any other request does not exist for them (404)."""
    found = Request.objects.select_related("referrer").filter(ref=ref).first()
    visible_or_404(request, Permission.REQUEST_VIEW, found)
    assert found is not None
    return found


@page(Permission.REFERRER_WORK)
def detail(request: HttpRequest, ref: str) -> HttpResponse:
    return _render(request, own_request(request, ref))


def _render(request: HttpRequest, the_request: Request, *, change: ChangeForm | None = None,
            withdraw: WithdrawForm | None = None) -> HttpResponse:
    try:  # the one door to the youth's file: it writes the access log
        youth = access_youth_for_user(request.user, the_request.youth_id, channel="page")
    except PermissionDenied:
        youth = None
    context = {
        "req": the_request, "youth": youth, "gender": label(GENDERS, youth.gender) if youth else "",
        "needs": [label(NEEDS, need) for need in the_request.needs],
        "modules": sorted(the_request.module_types.values_list("code", flat=True)),
        "matching": matching_statuses([the_request])[the_request.pk],
        "stale": the_request.pk in stale_ids([the_request], timezone.localdate()),
        "changes": [(c, label(CHANGE_KINDS, c.kind)) for c in the_request.changes.all()[:20]],
        "change_form": change or ChangeForm(), "withdraw_form": withdraw or WithdrawForm(),
        "withdrawal": getattr(the_request, "withdrawal", None),
    }
    return render(request, "referrer/request.html", context)


@page(Permission.REFERRER_WORK)
def change(request: HttpRequest, ref: str) -> HttpResponse:
    """D-6: pass on an escalation, stabilisation, changed context or new information."""
    the_request = own_request(request, ref)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ChangeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            request_change(actor=request.user, request_id=the_request.pk, kind=data["kind"],  # type: ignore[arg-type]
                           text=data["text"], new_urgency=data["new_urgency"])
        except (IllegalTransition, PermissionDenied) as error:
            form.add_error(None, str(error))
        except DomainError as error:
            form.add_error("new_urgency" if "urgentie" in str(error).lower() else "text", str(error))
        else:
            messages.success(request, _("De wijziging is geregistreerd."))
            return redirect("referrer:request", ref=the_request.ref)
    return _render(request, the_request, change=form)


@page(Permission.REFERRER_WORK)
def confirm(request: HttpRequest, ref: str) -> HttpResponse:
    """D-6: the request is still current."""
    the_request = own_request(request, ref)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        request_confirm(actor=request.user, request_id=the_request.pk)  # type: ignore[arg-type]
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("De aanmelding is bevestigd als actueel."))
    return redirect("referrer:request", ref=the_request.ref)


@page(Permission.REFERRER_WORK)
def withdraw(request: HttpRequest, ref: str) -> HttpResponse:
    """D-6: the request leaves the pool, with a reason from the list."""
    the_request = own_request(request, ref)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            request_withdraw(actor=request.user, request_id=the_request.pk,  # type: ignore[arg-type]
                             reason_code=form.cleaned_data["reason"], explanation=form.cleaned_data["explanation"])
        except (IllegalTransition, PermissionDenied) as error:
            form.add_error(None, str(error))
        except DomainError as error:
            form.add_error("reason", str(error))
        else:
            messages.success(request, _("De aanmelding is ingetrokken."))
            return redirect("referrer:request", ref=the_request.ref)
    return _render(request, the_request, withdraw=form)
