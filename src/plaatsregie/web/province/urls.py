"""Pages of the province area: the facilities of the policy officer's province."""

from django.urls import path

from plaatsregie.web.province import views

app_name = "province"
urlpatterns = [
    path("", views.facilities, name="facilities"),
    path("voorziening/<str:ref>/", views.facility, name="facility"),
]
