"""Current stays at the facility (D-20) and their discharge; the list names no youth, only file numbers."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from plaatsregie.accounts.rules import own_facility_ids
from plaatsregie.accounts.vocabulary import Permission
from plaatsregie.core.errors import DomainError
from plaatsregie.placement.models import Admission
from plaatsregie.placement.services.stays import stay_discharge
from plaatsregie.web.facility.forms import DateOnlyForm
from plaatsregie.web.facility.queries import current_stays
from plaatsregie.web.pages import page, paginate, visible_or_404


@page(Permission.FACILITY_WORK)
def stays(request: HttpRequest) -> HttpResponse:
    rows = current_stays(own_facility_ids(request.user))
    return render(request, "facility/stays.html", {"page_obj": paginate(request, rows)})


@page(Permission.FACILITY_WORK)
def discharge(request: HttpRequest, ref: str) -> HttpResponse:
    """D-20: the stay ends on a date and the place frees up."""
    stay = Admission.objects.select_related("place__unit", "request").filter(ref=ref).first()
    visible_or_404(request, Permission.FACILITY_VIEW, stay.place.unit if stay else None)
    assert stay is not None
    form = DateOnlyForm(request.POST or None, label=_("Datum van ontslag"))
    if request.method == "POST" and form.is_valid():
        try:
            stay_discharge(actor=request.user, admission_id=stay.pk,  # type: ignore[arg-type]
                           ended_on=form.cleaned_data["on"])
        except DomainError as error:
            form.add_error("on", str(error))
        else:
            messages.success(request, _("Het ontslag uit opname %(stay)s is geregistreerd.") % {"stay": stay.ref})
            return redirect("facility:stays")
    return render(request, "facility/discharge.html", {"stay": stay, "form": form})
