"""Ask the second factor of the roles that need it before any page but the log-in pages."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from plaatsregie.accounts.rules import is_admin, is_team

OPEN_PATHS = ("/aanmelden", "/afmelden", "/tweede-factor", "/static/", "/taal", "/oidc/")


def needs_second_factor(user: object) -> bool:
    """Team, team-lead and admin roles see many files or manage the system: they log in with TOTP."""
    return bool(settings.PLAATSREGIE_SECOND_FACTOR_REQUIRED and (is_team(user) or is_admin(user)))


class SecondFactorMiddleware:
    """Redirect a logged-in user who still owes a second factor to the second-factor page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (user.is_authenticated and not request.path.startswith(OPEN_PATHS)
                and not user.is_verified() and needs_second_factor(user)):  # type: ignore[attr-defined]
            return redirect(reverse("second_factor"))
        return self.get_response(request)


class DutchUnlessChosen:
    """The interface is Dutch unless the user chose another language (the language cookie): a browser's own
    language preference does not switch a Flemish public service to English."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
