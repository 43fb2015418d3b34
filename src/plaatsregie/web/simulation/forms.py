"""The form to start a simulation run and the form of the policy change preview."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plaatsregie.simruns.services import MAX_REPLICATIONS, MAX_SEED, MAX_YEARS, policy_choices, scenarios

MAX_PREVIEW_DAYS = 366


class StartForm(forms.Form):
    scenario = forms.ChoiceField(label=_("Scenario"), help_text=_("Een scenariobestand uit de map scenarios/."))
    policies = forms.MultipleChoiceField(
        label=_("Beleid"), widget=forms.CheckboxSelectMultiple,
        help_text=_("Elk gekozen beleid loopt op dezelfde toevalsreeksen, zodat verschillen aan het beleid liggen."),
        error_messages={"required": _("Kies minstens één beleid.")})
    years = forms.IntegerField(
        label=_("Aantal gesimuleerde jaren"), initial=1, min_value=1, max_value=MAX_YEARS,
        error_messages={"min_value": _("Minstens 1 jaar."),
                        "max_value": _("Hoogstens %(limit_value)s jaar."),
                        "required": _("Vul het aantal jaren in."), "invalid": _("Vul een geheel aantal jaren in.")})
    replications = forms.IntegerField(
        label=_("Aantal herhalingen"), initial=5, min_value=1, max_value=MAX_REPLICATIONS,
        help_text=_("Meer herhalingen geven smallere betrouwbaarheidsintervallen maar duren langer."),
        error_messages={"min_value": _("Minstens 1 herhaling."),
                        "max_value": _("Hoogstens %(limit_value)s herhalingen."),
                        "required": _("Vul het aantal herhalingen in."), "invalid": _("Vul een geheel getal in.")})
    seed = forms.IntegerField(
        label=_("Startwaarde van het toeval"), initial=1, min_value=0, max_value=MAX_SEED,
        help_text=_("Dezelfde startwaarde geeft dezelfde uitkomst."),
        error_messages={"min_value": _("Een startwaarde is 0 of meer."),
                        "max_value": _("Hoogstens %(limit_value)s."), "invalid": _("Vul een geheel getal in.")})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scenario"].choices = [(name, f"{name}.toml") for name in scenarios()]  # type: ignore[attr-defined]
        self.fields["policies"].choices = [  # type: ignore[attr-defined]
            (value, choice.label) for value, choice in policy_choices().items()]


class PreviewForm(forms.Form):
    policy = forms.ChoiceField(label=_("Kandidaat-beleid"))
    start = forms.DateField(label=_("Vacatures vanaf"))
    end = forms.DateField(label=_("tot en met"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["policy"].choices = [  # type: ignore[attr-defined]
            (value, choice.label) for value, choice in policy_choices().items()]

    @staticmethod
    def defaults() -> dict[str, Any]:
        today = timezone.localdate()
        return {"start": today - timedelta(days=90), "end": today}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("De einddatum ligt voor de begindatum."))
        elif start and end and (end - start).days > MAX_PREVIEW_DAYS:
            self.add_error("end", _("Kies een periode van hoogstens een jaar."))
        return data
