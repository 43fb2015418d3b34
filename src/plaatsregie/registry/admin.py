"""Admin for the supply side: module types with their scope and flow (D-1…D-3), facilities, units, places and the
unavailability reasons. A place's status changes through the services (audited), not here (D-5, D-25)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from plaatsregie.accounts.admin import ReasonCatalogueAdmin
from plaatsregie.registry import models

PLACE_STATUS_FIELDS = ("status", "available_from", "unavailable_reason", "unavailable_until")


@admin.register(models.ModuleType)
class ModuleTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "scope", "flow")
    list_filter = ("scope", "flow")
    search_fields = ("code", "name")


@admin.register(models.ScopeExclusion)
class ScopeExclusionAdmin(admin.ModelAdmin):
    list_display = ("reason", "access", "cofinanced_by")
    filter_horizontal = ("modules",)


class UnitInline(admin.TabularInline):
    model = models.Unit
    extra = 0
    fields = ("ref", "name", "module_type", "access", "cofinanced_by")
    show_change_link = True


@admin.register(models.Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ("ref", "name", "region", "recognition")
    list_filter = ("region",)
    search_fields = ("ref", "name")
    inlines = [UnitInline]


@admin.register(models.Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("ref", "name", "facility", "module_type", "access")
    list_filter = ("module_type", "access", "facility__region")
    search_fields = ("ref", "name", "facility__name")
    list_select_related = ("facility", "module_type")


@admin.register(models.UnavailabilityReason)
class UnavailabilityReasonAdmin(ReasonCatalogueAdmin):
    """D-5: retired, never deleted: places and their history refer to them."""


@admin.register(models.Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ("ref", "unit", "status", "available_from", "age_min", "age_max", "short_stay")
    list_filter = ("status", "short_stay", "unit__module_type", "unit__facility__region")
    search_fields = ("ref", "unit__name", "unit__facility__name")
    list_select_related = ("unit__facility",)
    raw_id_fields = ("unit",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # D-5, D-25: an existing place changes status through the facility's pages, which audit the change.
        return PLACE_STATUS_FIELDS if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # reports, offers and stays refer to places
