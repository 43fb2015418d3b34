"""The OpenAPI document: every operation documents the error body and the headers it honours."""

# Django REST framework ships no type hints.
# mypy: disable-error-code="misc, no-untyped-call"

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from plaatsregie.api.listing import filter_parameters


class MessageSerializer(serializers.Serializer):
    nl = serializers.CharField()
    en = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    """The body of every error response."""

    code = serializers.CharField(help_text="stable code, e.g. validation_error, state_conflict")
    message = MessageSerializer()
    field = serializers.CharField(allow_null=True, help_text="the field (or header) at fault, if any")
    errors = serializers.JSONField(required=False, help_text="for validation errors: every field's messages")


READ_ERRORS = ("400", "401", "403", "404", "405", "406", "429")
WRITE_ERRORS = (*READ_ERRORS, "409", "412", "415", "422", "428")


class ApiSchema(AutoSchema):
    """Adds the error responses and the `Idempotency-Key` / `If-Match` headers to each operation."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        codes = READ_ERRORS if self.method in {"GET", "HEAD"} else WRITE_ERRORS
        for code in codes:
            responses.setdefault(code, self._get_response_for_code(ErrorSerializer, code, direction=direction))
            responses[code].setdefault("description", "error")
        if self.method == "GET" and "200" in responses and self._is_detail():
            responses.setdefault("304", {"description": "not modified (If-None-Match)"})
        return responses

    def _is_detail(self) -> bool:
        return "{ref}" in self.path and getattr(self.view, "action", None) == "retrieve"

    def get_override_parameters(self) -> list[Any]:
        params: list[Any] = list(super().get_override_parameters())
        view, action = self.view, getattr(self.view, "action", None)
        if action in getattr(view, "idempotent_actions", ()):
            params.append(OpenApiParameter("Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER,
                                           required=False, description="retry safely: the same key gets the "
                                           "same response and creates nothing twice"))
        if action in getattr(view, "if_match_actions", ()):
            params.append(OpenApiParameter("If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True,
                                           description="the ETag of the object as read (428 when missing)"))
        if action in getattr(view, "optional_if_match_actions", ()):
            params.append(OpenApiParameter("If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
                                           description="optional: the ETag of the object as read"))
        if action == "list":
            params.extend(filter_parameters(getattr(view, "filters", {})))
        return params


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "plaatsregie.api.auth.TokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "http", "scheme": "bearer", "bearerFormat": "plr_<id>_<secret>"}


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "plaatsregie.api.auth.SessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
