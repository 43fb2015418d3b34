"""The referrer's requests (D-6, D-9): the list with where each stands, and registering a new one (D-10)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from plaatsregie.accounts.roles import PermissionDenied
from plaatsregie.accounts.rules import referrer_ids_of
from plaatsregie.accounts.vocabulary import Permission
from plaatsregie.core.errors import DomainError
from plaatsregie.core.lifecycle import IllegalTransition
from plaatsregie.waiting.services import request_register
from plaatsregie.web.pages import page, paginate
from plaatsregie.web.referrer.forms import RegisterForm
from plaatsregie.web.referrer.queries import matching_statuses, requests_of, stale_ids


@page(Permission.REFERRER_WORK)
def requests(request: HttpRequest) -> HttpResponse:
    """Own requests with status, urgency, confirmation and the matching status of each youth."""
    page_obj = paginate(request, requests_of(referrer_ids_of(request.user)))
    today = timezone.localdate()
    statuses, stale = matching_statuses(page_obj.object_list), stale_ids(page_obj.object_list, today)
    rows = [(r, statuses[r.pk], r.pk in stale) for r in page_obj.object_list]
    return render(request, "referrer/requests.html", {"page_obj": page_obj, "rows": rows})


@page(Permission.REFERRER_WORK)
def register(request: HttpRequest) -> HttpResponse:
    """D-10: register a request; the service validates and refuses doubles."""
    form = RegisterForm(request.POST or None, referrer_ids=referrer_ids_of(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            registered = request_register(actor=request.user,  # type: ignore[arg-type]
                                          referrer_id=int(form.cleaned_data["referrer"]), data=form.request_input())
        except DomainError as error:
            form.add_error(_field_of(error), str(error))
        else:
            messages.success(request, _("Aanmelding %(ref)s is geregistreerd.") % {"ref": registered.ref})
            return redirect("referrer:request", ref=registered.ref)
    return render(request, "referrer/register.html", {"form": form})


def _field_of(error: DomainError) -> str | None:
    """The field a service message is about, so it shows next to that field."""
    if isinstance(error, PermissionDenied):
        return None
    text = str(error).lower()
    if isinstance(error, IllegalTransition) and "jongere" in text:
        return "youth_ref"
    for word, name in (("geslacht", "gender"), ("urgentie", "urgency"), ("module", "module_codes"),
                       ("nood", "needs")):
        if word in text:
            return name
    return None
