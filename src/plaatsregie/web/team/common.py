"""What the team's views share: finding objects by their opaque reference, calling one service safely."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib.auth.models import User
from django.db.models import Model
from django.http import Http404, HttpRequest

from plaatsregie.accounts.rules import memberships_of
from plaatsregie.accounts.vocabulary import Role
from plaatsregie.core.errors import DomainError

M = TypeVar("M", bound=Model)


def by_ref(model: type[M], ref: str, *related: str) -> M:
    """The object with this opaque reference, or 404."""
    found = model._default_manager.select_related(*related).filter(ref=ref).first()
    if found is None:
        raise Http404
    return found


def actor(request: HttpRequest) -> User:
    """The logged-in user acting (the page gate has let only authenticated users through)."""
    assert isinstance(request.user, User)
    return request.user


def is_member(request: HttpRequest) -> bool:
    """Whether the user acts as a placement-team member (list and offer decisions are theirs, D-11)."""
    return any(m.role == Role.PLACEMENT_TEAM.value for m in memberships_of(request.user))


def is_lead(request: HttpRequest) -> bool:
    return any(m.role == Role.TEAM_LEAD.value for m in memberships_of(request.user))


def attempt(form: forms.Form, field: str | None, call: Callable[[], Any]) -> bool:
    """Run one service call; a refusal becomes an error on `field` (or the form) in the service's Dutch words."""
    try:
        call()
    except DomainError as error:
        form.add_error(field, str(error))
        return False
    return True
