"""Admin for referrers, the withdrawal reasons, and requests (read-only: they change through the referrer's
pages and the services, which keep their history, D-6, D-25)."""

from __future__ import annotations

from django.contrib import admin

from plaatsregie.accounts.admin import ReadOnlyAdmin, ReasonCatalogueAdmin
from plaatsregie.waiting import models


@admin.register(models.Referrer)
class ReferrerAdmin(admin.ModelAdmin):
    list_display = ("ref", "name", "kind", "region")
    list_filter = ("kind", "region")
    search_fields = ("ref", "name")


@admin.register(models.WithdrawalReason)
class WithdrawalReasonAdmin(ReasonCatalogueAdmin):
    """Retired, never deleted: withdrawals refer to them."""


@admin.register(models.Request)
class RequestAdmin(ReadOnlyAdmin):
    list_display = ("ref", "status", "urgency", "registered_on", "crisis_overflow")
    list_filter = ("status", "urgency", "crisis_overflow", "module_types")
    search_fields = ("ref",)
    exclude = ("youth",)  # the youth's file is opened through the one door that logs it (D-36), not here
