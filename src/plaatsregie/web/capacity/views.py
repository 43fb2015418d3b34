"""The capacity overview: judges, the team, policy officers and admins see the same aggregate figures."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from plaatsregie.accounts.vocabulary import Permission
from plaatsregie.registry.models import REGION_CHOICES, ModuleType
from plaatsregie.web.capacity.queries import capacity_by_module_and_region
from plaatsregie.web.pages import choose, page


class CapacityFilter(forms.Form):
    region = forms.ChoiceField(label=_("Regio"), required=False)
    module = forms.ChoiceField(label=_("Moduletype"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        modules = ModuleType.objects.order_by("code").values_list("code", "name")
        choose(self.fields["region"], [("", _("Alle regio's")), *REGION_CHOICES])
        choose(self.fields["module"], [("", _("Alle moduletypes")), *((c, f"{c} – {n}") for c, n in modules)])


@page(Permission.CAPACITY_OVERVIEW)
def overview(request: HttpRequest) -> HttpResponse:
    """Available and freeing places per module type and region (D-5), filtered."""
    form = CapacityFilter(request.GET or None)
    region = module = ""
    if form.is_valid():
        region, module = form.cleaned_data["region"], form.cleaned_data["module"]
    rows = capacity_by_module_and_region(region=region, module=module)
    totals = {"available": sum(r.available for r in rows), "freeing": sum(r.freeing for r in rows)}
    return render(request, "capacity/overview.html", {"form": form, "rows": rows, "totals": totals})
