"""The team's forms. They only parse input; the services decide (and their refusals appear next to a field)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from plaatsregie.registry.models import REGION_CHOICES, ModuleType
from plaatsregie.web.pages import choose
from plaatsregie.web.team.labels import ATTRIBUTIONS, EFFORTS, GROUNDS, INSTRUMENTS, MANDATE_STEPS, URGENCY, VERDICTS
from plaatsregie.web.team.pool_queries import AGE_BANDS


def _text(label: Any, help_text: Any = "", required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, required=required,
                           widget=forms.Textarea(attrs={"rows": 3}))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class AgreementForm(forms.Form):
    """D-4: an agreement of the capacity dialogue."""

    what = _text(_("Wat moet er gebeuren?"))
    owner = forms.CharField(label=_("Wie doet het?"), max_length=200)
    due_on = forms.DateField(label=_("Tegen wanneer?"), widget=DateInput())


class ReorderForm(forms.Form):
    """D-11: move one candidate to another position, with a written argument."""

    candidate = forms.ChoiceField(label=_("Kandidaat (dossiernummer)"))
    position = forms.IntegerField(label=_("Nieuwe plaats in de volgorde"), min_value=1)
    argument = _text(_("Argumentatie voor de nieuwe volgorde"),
                     _("Welke overwegingen, hoe de noden werden afgewogen, hoe dit zich verhoudt tot de draagkracht."))

    def __init__(self, *args: Any, order: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose(self.fields["candidate"], [(ref, ref) for ref in order])
        self.order = order

    def new_order(self) -> list[str]:
        ref, position = self.cleaned_data["candidate"], self.cleaned_data["position"]
        rest = [r for r in self.order if r != ref]
        rest.insert(min(position, len(self.order)) - 1, ref)
        return rest


class AddForm(forms.Form):
    """D-11: the team adds a waiting youth the engine did not propose."""

    ref = forms.CharField(label=_("Dossiernummer van de aanmelding"), max_length=40)
    argument = _text(_("Argumentatie voor de toevoeging"))


class RemoveForm(forms.Form):
    """D-11: the team removes a candidate from the list."""

    candidate = forms.ChoiceField(label=_("Te schrappen kandidaat (dossiernummer)"))
    argument = _text(_("Argumentatie voor de schrapping"))

    def __init__(self, *args: Any, order: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose(self.fields["candidate"], [(ref, ref) for ref in order])


class ApproveForm(forms.Form):
    """D-11, D-25: a team member approves the current order (four eyes)."""

    argumentation = _text(_("Argumentatie van de teambeslissing"),
                          _("Waarom deze selectie en volgorde: overwegingen, afweging van de noden, capaciteit en "
                            "draagkracht."))


class OfferForm(forms.Form):
    """D-12: offer the next youth of the adopted order to the facility."""

    why = _text(_("Waarom deze jongere voor deze plaats?"))


class WithdrawForm(forms.Form):
    reason = _text(_("Reden van intrekking"))


class ReviewForm(forms.Form):
    """D-14: the team's verdict on a refusal."""

    verdict = forms.ChoiceField(label=_("Volgt het team het argument van de voorziening?"),
                                choices=list(VERDICTS.items()), widget=forms.RadioSelect)
    attributed_to = forms.ChoiceField(label=_("Waaraan is de weigering toe te schrijven?"),
                                      choices=list(ATTRIBUTIONS.items()), widget=forms.RadioSelect)
    lessons = _text(_("Wat leren we hieruit?"), _("Verplicht als het argument gevolgd wordt."), required=False)
    excluded_until = forms.DateField(
        label=_("Niet opnieuw voorstellen aan deze voorziening tot"), required=False, widget=DateInput(),
        help_text=_("Leeg: alleen niet opnieuw voor deze vacature."))


class MandateForm(forms.Form):
    """D-15: one step on the mandate ladder, built up or scaled back, with its justification."""

    step = forms.ChoiceField(label=_("Stap van het mandaat"), choices=list(MANDATE_STEPS.items()),
                             widget=forms.RadioSelect)
    justification = _text(_("Verantwoording"))
    efforts = forms.MultipleChoiceField(label=_("Wat ging eraan vooraf?"), choices=list(EFFORTS.items()),
                                        required=False, widget=forms.CheckboxSelectMultiple,
                                        help_text=_("Voor stap 3 moeten alle inspanningen zichtbaar zijn."))
    ground = forms.ChoiceField(label=_("Grond om te sturen"), required=False,
                               choices=[("", _("(geen)")), *GROUNDS.items()])
    instrument = forms.ChoiceField(label=_("Instrument (stap 3)"), required=False,
                                   choices=[("", _("(geen)")), *INSTRUMENTS.items()])


class ConsultationForm(forms.Form):
    """D-16: a collective consultation with its participants and outcome."""

    participants = _text(_("Deelnemers"))
    outcome = _text(_("Uitkomst van het overleg"))


class PoolFilterForm(forms.Form):
    """The waiting pool's filters (all optional)."""

    region = forms.ChoiceField(label=_("Regio"), required=False)
    module = forms.ChoiceField(label=_("Module"), required=False)
    urgency = forms.TypedChoiceField(label=_("Urgentie"), required=False, coerce=int, empty_value=None,
                                     choices=[("", _("Alle")), *((str(k), f"{k} – {v}") for k, v in URGENCY.items())])
    age_band = forms.ChoiceField(label=_("Leeftijd"), required=False,
                                 choices=[("", _("Alle leeftijden")), *((b, f"{b} jaar") for b in AGE_BANDS)])
    stale = forms.BooleanField(label=_("Alleen niet recent bevestigd"), required=False)
    collective = forms.BooleanField(label=_("Alleen collectieve dossiers"), required=False)
    search = forms.CharField(label=_("Zoek op dossiernummer"), required=False, max_length=40,
                             widget=forms.TextInput(attrs={"type": "search"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        modules = ModuleType.objects.order_by("code").values_list("code", flat=True)
        choose(self.fields["region"], [("", _("Alle regio's")), *REGION_CHOICES])
        choose(self.fields["module"], [("", _("Alle modules")), *((c, c) for c in modules)])
