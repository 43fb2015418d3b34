"""Forms of the follow-up pages: they parse input only; the services hold every rule."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from plaatsregie.followup.models import Action, NoteTopic, Status
from plaatsregie.web.facility.forms import a_date


class RaiseForm(forms.Form):
    facility = forms.ChoiceField(label=_("Voorziening"))
    subject = forms.CharField(label=_("Onderwerp"), max_length=200)
    description = forms.CharField(label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 4}),
                                  help_text=_("Geen namen van jongeren: gebruik referenties als dat nodig is."))
    due_on = a_date(_("Graag opgevolgd tegen"), required=False)


class ConsultForm(forms.Form):
    description = forms.CharField(label=_("Waarover wilt u overleggen?"), widget=forms.Textarea(attrs={"rows": 4}),
                                  help_text=_("Geen namen van jongeren: het voorstel wordt met zijn referentie "
                                              "meegegeven."))


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    owner = forms.ChoiceField(label=_("Opvolger"), required=False)
    due_on = a_date(_("Tegen wanneer"), required=False)
    note = forms.CharField(label=_("Opvolging"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Wat is er gebeurd of afgesproken? Verplicht bij afhandelen."))


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Aanvulling"), widget=forms.Textarea(attrs={"rows": 3}))


class FacilityNoteForm(forms.Form):
    topic = forms.ChoiceField(label=_("Onderwerp"), choices=NoteTopic.choices)
    text = forms.CharField(label=_("Notitie"), widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Wat leerde u over de werking, terugkerende noden of sterktes?"))


class HandleForm(forms.Form):
    action = forms.ChoiceField(label=_("Actie"), choices=Action.choices)
    note = forms.CharField(label=_("Notitie"), widget=forms.Textarea(attrs={"rows": 2}))
    reopen = forms.BooleanField(label=_("Terug openzetten"), required=False)
