"""The facility's forms: they parse input only; the services hold every rule (required-ness is parsing)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plaatsregie.placement.models import RefusalReason
from plaatsregie.placement.services.capacity import PlaceDialogue
from plaatsregie.placement.services.offers import Condition
from plaatsregie.registry.models import Place, UnavailabilityReason
from plaatsregie.web.pages import choose
from plaatsregie.web.referrer.labels import GENDERS, NEEDS


class DateInput(forms.DateInput):
    """A native date picker; the browser sends yyyy-mm-dd, the page shows dd/mm/jjjj."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def a_date(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), help_text=help_text)


VERTICAL = [("", _("niet opgegeven")), ("no", _("horizontaal (leeftijdsgenoten)")),
            ("yes", _("verticaal (gemengde leeftijden)"))]


class AnnounceForm(forms.Form):
    """D-7 and D-4: the place that frees up, described as in the capacity dialogue."""

    expected_free_on = a_date(_("Verwachte datum waarop de plaats vrijkomt"),
                              help_text=_("De matching mag al starten voor de plaats echt vrij is."))
    age_min = forms.IntegerField(label=_("Minimumleeftijd"), min_value=0, max_value=25)
    age_max = forms.IntegerField(label=_("Maximumleeftijd"), min_value=0, max_value=25)
    genders = forms.MultipleChoiceField(label=_("Geslacht"), choices=GENDERS, widget=forms.CheckboxSelectMultiple)
    short_stay = forms.BooleanField(label=_("Kortdurende plaats"), required=False)
    vertical = forms.ChoiceField(label=_("Soort leefgroep"), choices=VERTICAL, required=False)
    kind_of_place = forms.CharField(label=_("Soort plaats"), required=False, max_length=200)
    ideal_profile = forms.MultipleChoiceField(label=_("Profiel dat de leefgroep nu goed kan opvangen"),
                                              choices=NEEDS, required=False, widget=forms.CheckboxSelectMultiple)
    group_composition = forms.CharField(label=_("Groepssamenstelling en impact op de leefgroep"), required=False,
                                        widget=forms.Textarea(attrs={"rows": 3}))
    carrying_capacity = forms.CharField(label=_("Draagkracht van de leefgroep vandaag"), required=False,
                                        widget=forms.Textarea(attrs={"rows": 3}),
                                        help_text=_("Wat is nu haalbaar, wat vraagt ondersteuning?"))
    internal_candidates = forms.CharField(label=_("Interne kandidaten waaraan u denkt"), required=False,
                                          widget=forms.Textarea(attrs={"rows": 2}),
                                          help_text=_("Interne schakel RTJ → NRTJ, heropname, brussen. "
                                                      "Gebruik dossiernummers, geen namen."))
    contact = forms.CharField(label=_("Aanspreekpunt voor deze plaats"), required=False, max_length=200)

    @classmethod
    def for_place(cls, place: Place, data: Any = None) -> AnnounceForm:
        vertical = "" if place.vertical is None else ("yes" if place.vertical else "no")
        return cls(data, initial={
            "age_min": place.age_min, "age_max": place.age_max, "genders": list(place.genders),
            "short_stay": place.short_stay, "vertical": vertical, "ideal_profile": place.ideal_profile,
            "group_composition": place.group_composition, "carrying_capacity": place.carrying_capacity,
            "contact": place.contact})

    def dialogue(self) -> PlaceDialogue:
        data = self.cleaned_data
        vertical = {"yes": True, "no": False}.get(data["vertical"])
        return PlaceDialogue(age_min=data["age_min"], age_max=data["age_max"], genders="".join(data["genders"]),
                             short_stay=data["short_stay"], vertical=vertical, kind_of_place=data["kind_of_place"],
                             group_composition=data["group_composition"],
                             carrying_capacity=data["carrying_capacity"], ideal_profile=list(data["ideal_profile"]),
                             internal_candidates=data["internal_candidates"], contact=data["contact"])


class UnavailableForm(forms.Form):
    """D-5: unavailable only with a reason from the list and an expected end."""

    reason = forms.ChoiceField(label=_("Reden"))
    until = a_date(_("Verwacht opnieuw beschikbaar op"))
    explanation = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reasons = UnavailabilityReason.objects.filter(active=True).values_list("code", "label")
        choose(self.fields["reason"], [("", _("Kies een reden")), *reasons])


class ReactivateForm(forms.Form):
    available_from = a_date(_("Opnieuw beschikbaar vanaf"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["available_from"].initial = timezone.localdate()


class DateOnlyForm(forms.Form):
    """One date: the start of an admission or the end of a stay."""

    on = a_date(_("Datum"))

    def __init__(self, *args: Any, label: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].label = label or _("Datum")
        self.fields["on"].initial = timezone.localdate()


OUTCOMES = [("agreed", _("Akkoord: de opname kan starten")),
            ("agreed_with_conditions", _("Akkoord met voorwaarden of ondersteuning")),
            ("refused", _("Weigering met motivering"))]
CONDITION_KINDS = [("", _("Kies")), ("support", _("ondersteuning die nodig is")), ("partners", _("partners")),
                   ("construction", _("constructie")), ("action", _("wat er moet gebeuren"))]
CONSTRUCTIONS = [("", _("geen")), ("shared_admission", _("gedeelde opname")),
                 ("extra_support", _("extra ondersteuning")), ("phased_start", _("gefaseerde start"))]
CONDITION_ROWS = 3


class AnswerForm(forms.Form):
    """D-13: agree, agree with conditions, or refuse with a listed reason and a motivation."""

    outcome = forms.ChoiceField(label=_("Uw antwoord"), choices=OUTCOMES, widget=forms.RadioSelect)
    reason = forms.ChoiceField(label=_("Reden van weigering"), required=False)
    motivation = forms.CharField(label=_("Motivering"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
                                 help_text=_("Verplicht bij een weigering: leg inhoudelijk uit waarom."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reasons = RefusalReason.objects.filter(active=True).values_list("code", "label")
        choose(self.fields["reason"], [("", _("Kies een reden")), *reasons])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == "refused":
            if not data.get("reason"):
                self.add_error("reason", _("Kies de reden van de weigering uit de lijst."))
            if not (data.get("motivation") or "").strip():
                self.add_error("motivation", _("Een weigering vraagt een inhoudelijke motivering."))
        return data


class ConditionForm(forms.Form):
    """One condition of an agreement: what, by whom, by when (D-13)."""

    kind = forms.ChoiceField(label=_("Soort voorwaarde"), choices=CONDITION_KINDS, required=False)
    construction = forms.ChoiceField(label=_("Constructie"), choices=CONSTRUCTIONS, required=False)
    description = forms.CharField(label=_("Wat moet er gebeuren"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(label=_("Wie doet het"), required=False, max_length=200)
    due_on = a_date(_("Tegen wanneer"), required=False)

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not any(data.get(name) for name in ("kind", "construction", "description", "owner", "due_on"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_blank():
            return data
        for name, message in (("kind", _("Kies de soort voorwaarde.")),
                              ("description", _("Zeg wat er moet gebeuren.")),
                              ("owner", _("Zeg wie het doet.")), ("due_on", _("Geef een datum."))):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, message)
        return data

    def condition(self) -> Condition:
        data = self.cleaned_data
        return Condition(kind=data["kind"], description=data["description"], owner=data["owner"],
                         due_on=data["due_on"], construction=data["construction"])


ConditionFormSet = forms.formset_factory(ConditionForm, extra=CONDITION_ROWS, max_num=10)


def condition_forms(data: Any = None) -> Any:
    """The condition rows of the answer form (three empty rows, prefix `voorwaarde`)."""
    return ConditionFormSet(data, prefix="voorwaarde")


def conditions_of(answer: AnswerForm, rows: Any) -> list[Condition] | None:
    """The filled-in conditions, or None when a row has errors; adds the 'at least one' error to the first row."""
    if answer.cleaned_data.get("outcome") != "agreed_with_conditions":
        return []
    if not rows.is_valid():
        return None
    filled = [row.condition() for row in rows.forms if not row.is_blank()]
    if not filled:
        rows.forms[0].add_error("description", _("Een akkoord met voorwaarden vraagt minstens één voorwaarde."))
        return None
    return filled
