"""Pagination, filters and ordering for list endpoints: small and explicit (no django-filter).

`?page=N&page_size=M` (default 25, at most 200); each list view names its filters in `filters`
(query parameter → ORM lookup, with the allowed values or a parser) and its `ordering_fields`.
"""

# Django REST framework ships no type hints.
# mypy: disable-error-code="misc"

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

from plaatsregie.api.errors import ApiError


class Pages(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_number(self, request: Request, paginator: Any) -> Any:
        number = request.query_params.get(self.page_query_param) or 1
        if not str(number).isdigit() or int(number) < 1:
            raise ApiError("validation_error", "Het paginanummer is een positief geheel getal.",
                           "The page number is a positive integer.", field="page")
        return number

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ApiError("validation_error", f"page_size is 1 tot {self.max_page_size}.",
                           f"page_size is 1 to {self.max_page_size}.", field="page_size")
        return int(raw)


class Ordering(OrderingFilter):
    """DRF's `?ordering=field,-field`; an unknown field is a 400, not silently ignored."""

    def get_ordering(self, request: Request, queryset: QuerySet[Any], view: Any) -> Any:
        params = request.query_params.get(self.ordering_param)
        if params:
            allowed = {name for name, _ in self.get_valid_fields(queryset, view, {"request": request})}
            wanted = [term.strip() for term in params.split(",") if term.strip()]
            if not wanted or any(term.lstrip("-") not in allowed for term in wanted):
                raise ApiError("validation_error", "Sorteer op: " + ", ".join(sorted(allowed)) + ".",
                               "Order by: " + ", ".join(sorted(allowed)) + ".", field="ordering")
            unique = {"ref", "-ref"} & set(wanted)
            return wanted if unique else [*wanted, "pk"]  # a stable order across pages
        return self.get_default_ordering(view)


@dataclass(frozen=True)
class Filter:
    lookup: str
    choices: tuple[str, ...] = ()
    parse: Callable[[str], Any] = str
    kind: Any = OpenApiTypes.STR
    description: str = ""


def boolean(raw: str) -> bool:
    if raw not in {"true", "false"}:
        raise ValueError(raw)
    return raw == "true"


def a_date(raw: str) -> date:
    return date.fromisoformat(raw)


def apply_filters(request: Request, queryset: QuerySet[Any], filters: dict[str, Filter]) -> QuerySet[Any]:
    for name, spec in filters.items():
        raw = request.query_params.get(name)
        if raw is None or raw == "":
            continue
        if spec.choices and raw not in spec.choices:
            raise ApiError("validation_error", f"Kies voor {name} uit: {', '.join(spec.choices)}.",
                           f"Choose {name} from: {', '.join(spec.choices)}.", field=name)
        try:
            value = spec.parse(raw)
        except (ValueError, TypeError):
            raise ApiError("validation_error", field=name) from None
        queryset = queryset.filter(**{spec.lookup: value})
    return queryset


def filter_parameters(filters: dict[str, Filter]) -> list[OpenApiParameter]:
    """The filters as OpenAPI query parameters."""
    return [OpenApiParameter(name, spec.kind, OpenApiParameter.QUERY, required=False,
                             enum=list(spec.choices) or None, description=spec.description)
            for name, spec in filters.items()]
