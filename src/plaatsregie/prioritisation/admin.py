"""Admin for policy versions: the list of activations (read-only, D-25) and the form to activate a policy file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from plaatsregie.accounts.admin import ReadOnlyAdmin
from plaatsregie.core.errors import DomainError
from plaatsregie.prioritisation.models import PolicyVersion
from plaatsregie.prioritisation.services import active_version, policy_activate, policy_files


class ActivationForm(forms.Form):
    policy_id = forms.ChoiceField(label=_("Beleidsbestand"))
    note = forms.CharField(label=_("Waarom wordt dit beleid nu geactiveerd?"), widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("Bijvoorbeeld de beslissing van de werkgroep prioritering en haar datum."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(pid, f"{pid} – versie {p.version} – {p.title} ({p.hash[:12]})")
                   for pid, p in sorted(policy_files().items())]
        self.fields["policy_id"].choices = choices  # type: ignore[attr-defined]


@admin.register(PolicyVersion)
class PolicyVersionAdmin(ReadOnlyAdmin):
    """Every activation stays; the newest is the policy in force."""

    list_display = ("policy_id", "version", "title", "short_hash", "activated_at", "activated_by", "in_force")
    list_filter = ("policy_id",)
    search_fields = ("policy_id", "title", "sha256", "note")
    fields = ("policy_id", "version", "title", "sha256", "activated_by", "activated_at", "note", "text")
    list_select_related = ("activated_by",)

    @admin.display(description=_("vingerafdruk"))
    def short_hash(self, version: PolicyVersion) -> str:
        return version.sha256[:12]

    @admin.display(description=_("van kracht"), boolean=True)
    def in_force(self, version: PolicyVersion) -> bool:
        current = active_version()
        return current is not None and current.pk == version.pk

    def get_urls(self) -> list[URLPattern]:
        activate = path("activeren/", self.admin_site.admin_view(self.activate_view),
                        name="prioritisation_policyversion_activate")
        return [activate, *super().get_urls()]

    def activate_view(self, request: HttpRequest) -> HttpResponse:
        """Choose a policy file and say why: the service checks the role, validates and records it."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            form = ActivationForm(request.POST or None)
        except DomainError as error:  # a policy file in the directory cannot be read: say which and why
            self.message_user(request, str(error), messages.ERROR)
            return redirect("admin:prioritisation_policyversion_changelist")
        if request.method == "POST" and form.is_valid():
            try:
                version = policy_activate(actor=request.user,  # type: ignore[arg-type]
                                          policy_id=form.cleaned_data["policy_id"], note=form.cleaned_data["note"])
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                self.message_user(request, _("%(v)s is nu het beleid voor nieuwe kandidatenlijsten.") % {"v": version},
                                  messages.SUCCESS)
                return redirect("admin:prioritisation_policyversion_changelist")
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "form": form,
                   "title": _("Een beleidsversie activeren"), "current": active_version()}
        return TemplateResponse(request, "admin/prioritisation/policyversion/activate.html", context)
