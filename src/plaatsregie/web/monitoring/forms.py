"""The dashboards' GET form: period, module, region, and which facility or province."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plaatsregie.monitoring.indicators import Scope
from plaatsregie.registry.models import REGION_CHOICES, ModuleType
from plaatsregie.web.pages import choose

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
MAX_MONTHS = 36


class PeriodForm(forms.Form):
    van = forms.DateField(label=_("Van"), required=False, input_formats=DATE_FORMATS,
                          widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    tot = forms.DateField(label=_("Tot en met"), required=False, input_formats=DATE_FORMATS,
                          widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    module = forms.ChoiceField(label=_("Module"), required=False)
    regio = forms.ChoiceField(label=_("Regio van de jongere"), required=False)

    def __init__(self, *args: Any, with_region: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        modules = ModuleType.objects.order_by("code").values_list("code", "name")
        choose(self.fields["module"], [("", _("Alle modules")), *((c, f"{c} – {n}") for c, n in modules)])
        choose(self.fields["regio"], [("", _("Alle regio's")), *REGION_CHOICES])
        if not with_region:
            del self.fields["regio"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        end = data.get("tot") or today
        start = data.get("van") or Scope.last_months(12, end=end).start
        if start > end:
            self.add_error("van", _("De periode begint na haar einde."))
        elif (end.year - start.year) * 12 + end.month - start.month > MAX_MONTHS:
            self.add_error("van", _("Kies een periode van hoogstens drie jaar."))
        data["start"], data["end"] = start, end
        return data


def scope_from(form: PeriodForm, **limits: Any) -> Scope:
    """The scope the form asks for (the last twelve months when it is empty or invalid), within `limits`."""
    data = form.cleaned_data if form.is_valid() else {}
    end: date = data.get("end") or timezone.localdate()
    start: date = data.get("start") or Scope.last_months(12, end=end).start
    module = data.get("module") or ""
    return Scope(start=start, end=end, modules=(module,) if module else (), region=data.get("regio") or "",
                 **limits)
