from django.urls import path

from plaatsregie.web.capacity import views

app_name = "capacity"
urlpatterns = [
    path("", views.overview, name="overview"),
]
