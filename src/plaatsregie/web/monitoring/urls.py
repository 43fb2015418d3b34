"""Monitoring dashboards (issue 6): facility, province, Flanders, and the CSV/XLSX export of their tables."""

from django.urls import path

from plaatsregie.web.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.index, name="index"),
    path("voorziening/", views.facility, name="facility"),
    path("provincie/", views.province, name="province"),
    path("vlaanderen/", views.flanders, name="flanders"),
    path("export/<slug:level>/<slug:key>.<slug:fmt>", views.export, name="export"),
]
