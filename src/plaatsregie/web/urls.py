"""Every URL of the web application. Role areas live in their own packages; no personal data in any URL."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from plaatsregie.web.session import views as session

urlpatterns = [
    path("", session.home, name="home"),
    path("aanmelden/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("afmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("tweede-factor/", session.second_factor, name="second_factor"),
    path("taal/", include("django.conf.urls.i18n")),
    path("team/", include("plaatsregie.web.team.urls")),
    path("voorziening/", include("plaatsregie.web.facility.urls")),
    path("aanmelder/", include("plaatsregie.web.referrer.urls")),
    path("provincie/", include("plaatsregie.web.province.urls")),
    path("capaciteit/", include("plaatsregie.web.capacity.urls")),
    path("monitoring/", include("plaatsregie.web.monitoring.urls")),
    path("opvolging/", include("plaatsregie.web.followup.urls")),
    path("simulatie/", include("plaatsregie.web.simulation.urls")),
    path("uitwisseling/", include("plaatsregie.web.interchange.urls")),  # import/export (D-24)
    path("admin/", admin.site.urls),
    path("api/v1/", include("plaatsregie.api.urls", namespace="api")),  # the REST API (issue 7, docs/api.md)
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
]

if settings.PLAATSREGIE_OIDC:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
