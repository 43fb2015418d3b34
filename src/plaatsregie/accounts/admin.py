"""Admin for users and their roles, and the read-only records: the audit trail and the access log (D-25, §7).

The admin changes configuration only. Records of what happened are shown, never added, changed or deleted here;
reason catalogues are retired (made inactive), never deleted, because decisions refer to them (D-13).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from plaatsregie.accounts.models import AccessLogEntry, AuditRecord, Membership
from plaatsregie.accounts.rules import can
from plaatsregie.accounts.vocabulary import Permission


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shows records; nobody adds, changes or deletes them through the admin (STYLE habit 3, D-25)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.action(description=_("Geselecteerde redenen niet meer gebruiken"))
def retire(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Any]) -> None:
    """Retire reasons: they stay for the decisions that used them, but cannot be chosen any more."""
    count = queryset.update(active=False)
    modeladmin.message_user(request, _("%(n)d reden(en) worden niet meer gebruikt.") % {"n": count},
                            messages.SUCCESS)


class ReasonCatalogueAdmin(admin.ModelAdmin):
    """A reason list: add, reword, retire — never delete; the code is fixed once made (D-13)."""

    list_display = ("code", "label", "active")
    list_filter = ("active",)
    search_fields = ("code", "label")
    actions = [retire]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("code",) if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # retired, never deleted: decisions refer to them


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("role", "facility", "referrer", "region")
    verbose_name = _("rol")
    verbose_name_plural = _("rollen (met de voorziening, aanmelder of regio waarvoor ze gelden)")


admin.site.unregister(User)


@admin.register(User)
class UserWithRolesAdmin(UserAdmin):
    """Django's user admin with the user's roles (need-to-know scope) on the same page."""

    inlines = [MembershipInline]
    list_display = ("username", "email", "first_name", "last_name", "roles", "is_active", "is_staff")
    list_filter = ("memberships__role", "is_active", "is_staff", "is_superuser")

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return super().get_queryset(request).prefetch_related("memberships")

    @admin.display(description=_("rollen"))
    def roles(self, user: User) -> str:
        return ", ".join(m.get_role_display() for m in user.memberships.all())


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdmin):
    list_display = ("at", "event", "object_type", "object_ref", "actor")
    list_filter = ("event", "object_type")
    search_fields = ("object_ref", "event", "actor__username")
    date_hierarchy = "at"
    list_select_related = ("actor",)


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    """Every view of a youth's personal data: who, when, which youth (pseudonym), why, through which channel."""

    list_display = ("at", "user", "youth", "purpose", "channel")
    list_filter = ("channel", ("at", admin.DateFieldListFilter), ("user", admin.RelatedOnlyFieldListFilter))
    search_fields = ("youth__ref",)
    search_help_text = _("Zoek op het pseudoniem van de jongere.")
    date_hierarchy = "at"
    list_select_related = ("user", "youth")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_view_permission(request, obj) and can(request.user, Permission.ACCESS_LOG_VIEW)
