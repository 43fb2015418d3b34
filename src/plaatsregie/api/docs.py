"""Swagger UI for the OpenAPI document, from vendored files (no CDN) and without inline script (CSP)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def swagger(request: HttpRequest) -> HttpResponse:
    """Open to everyone, like the schema: it describes the API, it shows no data."""
    return render(request, "api/docs.html")


def not_found(request: HttpRequest) -> JsonResponse:
    """An API address that does not exist, in the API's error format."""
    from plaatsregie.api.errors import body

    return JsonResponse(body("not_found"), status=404)
