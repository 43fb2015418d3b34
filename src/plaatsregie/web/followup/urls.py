"""Pages of the follow-up by facility policy (D-30)."""

from django.urls import path

from plaatsregie.web.followup import views

app_name = "followup"
urlpatterns = [
    path("", views.items, name="items"),
    path("melden/", views.raise_signal, name="raise"),
    path("niet-opgestart/", views.not_started, name="not_started"),
    path("niet-opgestart/<str:ref>/overleg/", views.consult, name="consult"),
    path("punt/<str:ref>/", views.item, name="item"),
    path("voorziening/<str:ref>/", views.facility, name="facility"),
    path("maandcontrole/", views.monthly_checks, name="checks"),
    path("maandcontrole/<str:ref>/<str:month>/", views.monthly_check, name="check"),
    path("maandcontrole/punt/<int:pk>/afhandelen/", views.handle, name="handle"),
    path("intensieve-opvolging/", views.intensive, name="intensive"),
    path("maandrapport/", views.report, name="report"),
]
