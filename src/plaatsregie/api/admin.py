"""API tokens in the admin: create one (its secret is shown once, in the confirmation message) and revoke."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plaatsregie.api.models import ApiToken, Scope


class ApiTokenForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(label=_("bevoegdheden"), choices=Scope.choices,
                                       widget=forms.CheckboxSelectMultiple, initial=[Scope.READ.value])

    class Meta:
        model = ApiToken
        fields = ["name", "user", "facility", "referrer", "scopes", "rate"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = ApiTokenForm
    list_display = ["name", "key_id", "user", "facility", "referrer", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "key_id"]
    readonly_fields = ["key_id", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoke instead: the token's use stays traceable

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        editable_once = ["user", "facility", "referrer"]
        return [*self.readonly_fields, *(editable_once if obj else [])]

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if not change:
            text = obj.new_secret()
            messages.warning(request, _("De sleutel is: %(token)s — bewaar hem nu, hij wordt niet opnieuw getoond.")
                             % {"token": text})
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Geselecteerde sleutels intrekken"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        messages.success(request, _("%(count)d sleutel(s) ingetrokken.") % {"count": count})
