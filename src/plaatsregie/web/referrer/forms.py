"""The referrer's forms: they parse input only; `waiting.services` holds every rule."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from plaatsregie.registry.models import REGION_CHOICES, Facility, ModuleType
from plaatsregie.waiting.models import Referrer, WithdrawalReason
from plaatsregie.waiting.services import RequestInput
from plaatsregie.web.facility.forms import a_date
from plaatsregie.web.pages import choose
from plaatsregie.web.referrer.labels import GENDERS, NEEDS, URGENCIES

CHANGE_KINDS = [("", _("Kies")), ("escalation", _("escalatie")), ("stabilisation", _("stabilisatie")),
                ("changed_context", _("gewijzigde context")), ("new_information", _("nieuwe informatie"))]


def _facilities() -> list[tuple[str, str]]:
    return [(str(pk), name) for pk, name in Facility.objects.order_by("name").values_list("pk", "name")]


class RegisterForm(forms.Form):
    """D-10: the request with the considerations of step 3 (siblings, transfer, readmission, crisis overflow)."""

    referrer = forms.ChoiceField(label=_("Aanmelder"))
    youth_ref = forms.CharField(label=_("Pseudoniem van de jongere"), max_length=40,
                                help_text=_("Het dossiernummer of pseudoniem dat uw dienst gebruikt. Geen naam."))
    birth_date = a_date(_("Geboortedatum"))
    gender = forms.ChoiceField(label=_("Geslacht"), choices=GENDERS, widget=forms.RadioSelect)
    region = forms.ChoiceField(label=_("Regio van de context"), choices=[("", _("Kies een regio")), *REGION_CHOICES])
    home_lat = forms.FloatField(label=_("Breedtegraad van de thuiscontext"), required=False,
                                help_text=_("Optioneel, bv. 51.22. Helpt om de afstand tot de context te wegen."))
    home_lon = forms.FloatField(label=_("Lengtegraad van de thuiscontext"), required=False,
                                help_text=_("Optioneel, bv. 4.40."))
    module_codes = forms.MultipleChoiceField(label=_("Gevraagde modules"), widget=forms.CheckboxSelectMultiple)
    urgency = forms.TypedChoiceField(label=_("Urgentie"), coerce=int, choices=[("", _("Kies")), *URGENCIES])
    needs = forms.MultipleChoiceField(label=_("Noden"), choices=NEEDS, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    crisis_overflow = forms.BooleanField(label=_("Overloop vanuit crisis"), required=False)
    internal_transfer_facility = forms.TypedChoiceField(label=_("Interne schakel (RTJ → NRTJ) binnen voorziening"),
                                                        coerce=int, required=False, empty_value=None)
    readmission_facility = forms.TypedChoiceField(label=_("Heropname binnen het jaar in voorziening"), coerce=int,
                                                  required=False, empty_value=None)
    sibling_facilities = forms.TypedMultipleChoiceField(label=_("Brussen geplaatst in"), coerce=int, required=False,
                                                        help_text=_("Houd Ctrl ingedrukt om er meer te kiezen."))

    def __init__(self, *args: Any, referrer_ids: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        referrers = Referrer.objects.filter(pk__in=referrer_ids).values_list("pk", "name")
        choose(self.fields["referrer"], [(str(pk), name) for pk, name in referrers])
        if len(referrer_ids) == 1:
            self.fields["referrer"].initial = str(next(iter(referrer_ids)))
            self.fields["referrer"].widget = forms.HiddenInput()
        modules = ModuleType.objects.filter(scope="in_scope").order_by("code").values_list("code", "name")
        choose(self.fields["module_codes"], [(code, f"{code} – {name}") for code, name in modules])
        none = [("", _("geen"))]
        choose(self.fields["internal_transfer_facility"], [*none, *_facilities()])
        choose(self.fields["readmission_facility"], [*none, *_facilities()])
        choose(self.fields["sibling_facilities"], _facilities())

    def request_input(self) -> RequestInput:
        data = self.cleaned_data
        return RequestInput(
            youth_ref=data["youth_ref"].strip(), birth_date=data["birth_date"], gender=data["gender"],
            region=data["region"], module_codes=list(data["module_codes"]), urgency=data["urgency"],
            home_lat=data["home_lat"], home_lon=data["home_lon"], needs=list(data["needs"]),
            crisis_overflow=data["crisis_overflow"],
            internal_transfer_facility_id=data["internal_transfer_facility"],
            readmission_facility_id=data["readmission_facility"],
            sibling_facility_ids=list(data["sibling_facilities"]))


class ChangeForm(forms.Form):
    """D-6: escalation, stabilisation, a changed context or new information, optionally a new urgency."""

    kind = forms.ChoiceField(label=_("Soort wijziging"), choices=CHANGE_KINDS)
    text = forms.CharField(label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 4}))
    new_urgency = forms.TypedChoiceField(label=_("Nieuwe urgentie"), coerce=int, required=False, empty_value=None,
                                         choices=[("", _("ongewijzigd")), *URGENCIES])


class WithdrawForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reden van intrekking"))
    explanation = forms.CharField(label=_("Toelichting bij de intrekking"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reasons = WithdrawalReason.objects.filter(active=True).values_list("code", "label")
        choose(self.fields["reason"], [("", _("Kies een reden")), *reasons])
