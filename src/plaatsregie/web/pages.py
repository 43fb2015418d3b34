"""What every page view shares: the permission gate, the 403 page, pagination. No business rules here."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from plaatsregie.accounts.rules import can
from plaatsregie.accounts.vocabulary import Permission

View = TypeVar("View", bound=Callable[..., HttpResponse])
PAGE_SIZE = 25


def forbidden(request: HttpRequest, message: str = "") -> HttpResponse:
    """The 403 page: says plainly that the page is not for this role, and names nothing protected."""
    return render(request, "403.html", {"message": message}, status=403)


def page(permission: Permission) -> Callable[[View], View]:
    """A page for users who may `permission`: others log in first (anonymous) or get 403."""

    def decorate(view: View) -> View:
        @wraps(view)
        def gate(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.user, permission):
                return forbidden(request)
            return view(request, *args, **kwargs)

        return gate  # type: ignore[return-value]

    return decorate


def visible_or_404(request: HttpRequest, permission: Permission, obj: Any) -> None:
    """Object-level need-to-know: an object the user may not see does not exist for them (404)."""
    if obj is None or not can(request.user, permission, obj):
        raise Http404


def paginate(request: HttpRequest, rows: QuerySet[Any] | list[Any], per_page: int = PAGE_SIZE) -> Page:  # type: ignore[type-arg]
    """The requested page of a long list (`?pagina=N`); out-of-range numbers give the last page."""
    return Paginator(rows, per_page).get_page(request.GET.get("pagina"))



def choose(field: forms.Field, choices: list[tuple[str, Any]]) -> None:
    """Set a choice field's options at request time (they come from the database)."""
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices
