from django.urls import path

from plaatsregie.web.referrer import detail, views

app_name = "referrer"
urlpatterns = [
    path("", views.requests, name="requests"),
    path("nieuw/", views.register, name="register"),
    path("aanmeldingen/<str:ref>/", detail.detail, name="request"),
    path("aanmeldingen/<str:ref>/wijziging/", detail.change, name="change"),
    path("aanmeldingen/<str:ref>/bevestigen/", detail.confirm, name="confirm"),
    path("aanmeldingen/<str:ref>/intrekken/", detail.withdraw, name="withdraw"),
]
