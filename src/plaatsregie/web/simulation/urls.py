"""Pages of the simulation area. Runs appear by number only; no personal data in any URL."""

from django.urls import path

from plaatsregie.web.simulation import views

app_name = "simulation"
urlpatterns = [
    path("", views.runs, name="runs"),
    path("nieuw/", views.start, name="start"),
    path("<int:pk>/", views.run, name="run"),
    path("<int:pk>/grafiek/<slug:name>.png", views.chart, name="chart"),
    path("<int:pk>/rapport.html", views.report_html, name="report_html"),
    path("<int:pk>/cijfers.json", views.result_json, name="result_json"),
    path("beleidsvoorvertoning/", views.preview, name="preview"),
]
