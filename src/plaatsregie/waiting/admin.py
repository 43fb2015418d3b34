from django.contrib import admin

from plaatsregie.waiting import models


@admin.register(models.Referrer)
class ReferrerAdmin(admin.ModelAdmin):
    list_display = ("ref", "name", "kind", "region")
    list_filter = ("kind", "region")


@admin.register(models.Request)
class RequestAdmin(admin.ModelAdmin):
    list_display = ("ref", "status", "urgency", "registered_on", "crisis_overflow")
    list_filter = ("status", "urgency", "crisis_overflow", "module_types")
    search_fields = ("ref",)
    raw_id_fields = ("youth", "referrer", "internal_transfer_facility", "readmission_facility")
    filter_horizontal = ("module_types",)
