from django.urls import path

from plaatsregie.web.facility import figures, offers, places, stays

app_name = "facility"
urlpatterns = [
    path("", places.places, name="places"),
    path("plaatsen/<str:ref>/melden/", places.announce, name="announce"),
    path("plaatsen/<str:ref>/niet-beschikbaar/", places.make_unavailable, name="unavailable"),
    path("plaatsen/<str:ref>/beschikbaar/", places.reactivate, name="reactivate"),
    path("voorstellen/", offers.offers, name="offers"),
    path("voorstellen/<str:ref>/", offers.offer, name="offer"),
    path("voorstellen/<str:ref>/opstarten/", offers.start, name="start"),
    path("opnames/", stays.stays, name="stays"),
    path("opnames/<str:ref>/ontslag/", stays.discharge, name="discharge"),
    path("cijfers/", figures.figures, name="figures"),
]
