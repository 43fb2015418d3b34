from django.urls import path

from plaatsregie.web.interchange import views

app_name = "interchange"
urlpatterns = [
    path("", views.index, name="index"),
    path("bevestigen/", views.confirm, name="confirm"),
    path("<str:entity>.<str:fmt>", views.download, name="export"),
    path("sjabloon/<str:entity>.<str:fmt>", views.template_file, name="template"),
]
