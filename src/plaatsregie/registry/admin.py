from django.contrib import admin

from plaatsregie.registry import models


@admin.register(models.ModuleType)
class ModuleTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "scope", "flow")
    list_filter = ("scope", "flow")


@admin.register(models.ScopeExclusion)
class ScopeExclusionAdmin(admin.ModelAdmin):
    list_display = ("reason", "access", "cofinanced_by")


@admin.register(models.Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ("ref", "name", "region", "recognition")
    list_filter = ("region",)
    search_fields = ("ref", "name")


@admin.register(models.Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("ref", "name", "facility", "module_type", "access")
    list_filter = ("module_type", "access", "facility__region")
    search_fields = ("ref", "name", "facility__name")
    list_select_related = ("facility", "module_type")


@admin.register(models.UnavailabilityReason)
class UnavailabilityReasonAdmin(admin.ModelAdmin):
    list_display = ("code", "label", "active")

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False  # retired, never deleted: decisions refer to them


@admin.register(models.Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ("ref", "unit", "status", "available_from", "age_min", "age_max", "short_stay")
    list_filter = ("status", "short_stay", "unit__module_type", "unit__facility__region")
    search_fields = ("ref", "unit__name", "unit__facility__name")
    list_select_related = ("unit__facility",)
    raw_id_fields = ("unit",)
