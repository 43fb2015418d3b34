"""What every API view shares: roles and scopes per action, need-to-know querysets, filters, ETags, errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Q, QuerySet
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from plaatsregie.accounts.access import access_youth_for_user
from plaatsregie.accounts.roles import PermissionDenied
from plaatsregie.accounts.rules import Actor, is_team, own_facility_ids, provinces_of
from plaatsregie.accounts.vocabulary import Permission
from plaatsregie.api.concurrency import etag_of
from plaatsregie.api.errors import domain_error
from plaatsregie.api.listing import Filter, Ordering, apply_filters
from plaatsregie.core.errors import DomainError
from plaatsregie.waiting.models import Youth

T = TypeVar("T")


class ApiViewSet(viewsets.GenericViewSet):  # type: ignore[misc]  # DRF ships no type hints
    """`permissions[action]`: any of these lets a role in (others 403); `scopes[action]`: what a token needs
    (default `read`); `filters`: the list's query parameters; objects outside `get_queryset` are 404."""

    lookup_field = "ref"
    lookup_value_regex = r"[^/]+"  # any ref reaches the view: an unknown one is a JSON 404
    permissions: dict[str, tuple[Permission, ...]] = {}
    scopes: dict[str, str] = {}
    filters: dict[str, Filter] = {}
    filter_backends = [Ordering]
    ordering_fields: tuple[str, ...] = ("ref",)
    ordering = ("ref",)
    idempotent_actions: tuple[str, ...] = ()
    if_match_actions: tuple[str, ...] = ()
    optional_if_match_actions: tuple[str, ...] = ()

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.action == "list":
            queryset = apply_filters(self.request, queryset, self.filters)
        filtered: QuerySet[Any] = super().filter_queryset(queryset)
        return filtered

    def detail_response(self, obj: Any, data: Any) -> Response:
        """A detail with its ETag; `If-None-Match` with the current ETag gives 304."""
        tag = etag_of(obj)
        if tag in {t.strip() for t in self.request.headers.get("If-None-Match", "").split(",")}:
            return Response(status=304, headers={"ETag": tag})
        return Response(data, headers={"ETag": tag})


def validated(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def service(call: Callable[..., T], *, fields: dict[str, str] | None = None, **kwargs: Any) -> T:
    """Run a service; its refusal becomes the API error (409 for a state conflict), with the field it is
    about when its message names one (`fields`: word in the message → field)."""
    try:
        return call(**kwargs)
    except DomainError as error:
        text = str(error).lower()
        field = next((name for word, name in (fields or {}).items() if word in text), None)
        raise domain_error(error, field) from None


def facility_scoped(queryset: QuerySet[Any], user: Actor, path: str) -> QuerySet[Any]:
    """Need-to-know: the team sees every facility; a facility its own; a policy officer the own province."""
    if is_team(user):
        return queryset
    prefix = f"{path}__" if path else ""
    allowed = Q(**{f"{prefix}pk__in": own_facility_ids(user)}) | Q(**{f"{prefix}region__in": provinces_of(user)})
    return queryset.filter(allowed)


def own_facility_only(queryset: QuerySet[Any], user: Actor, path: str) -> QuerySet[Any]:
    """For writes: only the facility the user acts for (the team and province see, but do not act)."""
    return queryset.filter(**{f"{path}__pk__in": own_facility_ids(user)})


def youth_through_the_door(request: Request, youth_id: int) -> Youth | None:
    """The youth's data if the caller may see it now (logged, channel `api`), else None."""
    try:
        return access_youth_for_user(request.user, youth_id, channel="api")
    except PermissionDenied:
        return None
