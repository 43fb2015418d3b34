"""Every API error as JSON: `{"code": stable code, "message": {"nl": …, "en": …}, "field": name or null}`.

Status codes: 400 validation, 401 no or bad credentials, 403 role or scope, 404 absent or not yours,
405 method, 409 state conflict (the domain refuses the transition), 412 `If-Match` does not match,
422 an `Idempotency-Key` reused for another request, 428 `If-Match` missing, 429 rate limit.
"""

# Django REST framework ships no type hints.
# mypy: disable-error-code="misc"

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import IntegrityError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response

from plaatsregie.accounts.roles import PermissionDenied as RolePermissionDenied
from plaatsregie.core.errors import DomainError
from plaatsregie.core.lifecycle import IllegalTransition
from plaatsregie.placement.services.common import NotFound as ServiceNotFound

# code → (status, Dutch, English): the generic message of each stable code.
CODES: dict[str, tuple[int, str, str]] = {
    "validation_error": (400, "De invoer is niet geldig.", "The input is not valid."),
    "parse_error": (400, "De inhoud van de aanvraag is geen geldige JSON.", "The request body is not valid JSON."),
    "invalid_input": (400, "De gegevens volgen de regels niet.", "The data does not follow the rules."),
    "not_authenticated": (401, "Meld u aan of geef een API-sleutel mee.",
                          "Log in or send an API token."),
    "authentication_failed": (401, "Deze API-sleutel is ongeldig of ingetrokken.",
                              "This API token is invalid or revoked."),
    "permission_denied": (403, "Uw rol laat deze handeling niet toe.", "Your role does not allow this action."),
    "scope_missing": (403, "Deze API-sleutel heeft die bevoegdheid niet.",
                      "This API token does not have that scope."),
    "not_found": (404, "Dit bestaat niet (of niet voor u).", "This does not exist (or not for you)."),
    "method_not_allowed": (405, "Deze methode kan hier niet.", "This method is not allowed here."),
    "not_acceptable": (406, "Dit antwoordformaat is niet beschikbaar.", "This response format is not available."),
    "state_conflict": (409, "Dit kan niet in de huidige toestand.", "This is not possible in the current state."),
    "precondition_failed": (412, "Het object is intussen gewijzigd; lees het opnieuw (ETag).",
                            "The object changed in the meantime; read it again (ETag)."),
    "unsupported_media_type": (415, "Stuur JSON (application/json).", "Send JSON (application/json)."),
    "idempotency_key_reused": (422, "Deze Idempotency-Key werd al gebruikt voor een andere aanvraag.",
                               "This Idempotency-Key was already used for a different request."),
    "precondition_required": (428, "Stuur de ETag van het object mee in If-Match.",
                              "Send the object's ETag in If-Match."),
    "rate_limited": (429, "Te veel aanvragen; probeer het later opnieuw.", "Too many requests; try again later."),
}

# Field-level messages for the usual validation codes (DRF's own text is in the active language only).
FIELD_MESSAGES: dict[str, tuple[str, str]] = {
    "required": ("Dit veld is verplicht.", "This field is required."),
    "null": ("Dit veld mag niet leeg zijn.", "This field may not be null."),
    "blank": ("Dit veld mag niet leeg zijn.", "This field may not be blank."),
    "invalid": ("Deze waarde is niet geldig.", "This value is not valid."),
    "invalid_choice": ("Deze keuze bestaat niet.", "This is not a valid choice."),
    "max_length": ("Deze tekst is te lang.", "This text is too long."),
    "min_length": ("Deze tekst is te kort.", "This text is too short."),
    "max_value": ("Deze waarde is te groot.", "This value is too large."),
    "min_value": ("Deze waarde is te klein.", "This value is too small."),
    "not_a_list": ("Verwacht een lijst.", "Expected a list."),
    "empty": ("Deze lijst mag niet leeg zijn.", "This list may not be empty."),
    "date": ("Verwacht een datum (JJJJ-MM-DD).", "Expected a date (YYYY-MM-DD)."),
    "does_not_exist": ("Dit bestaat niet (of niet voor u).", "This does not exist (or not for you)."),
}


class ApiError(exceptions.APIException):
    """An error with a stable code, a specific Dutch message (optional) and the field at fault."""

    def __init__(self, code: str, nl: str = "", en: str = "", field: str | None = None) -> None:
        status_code, generic_nl, generic_en = CODES[code]
        self.status_code = status_code
        self.code = code
        self.nl, self.en, self.field = nl or generic_nl, en or generic_en, field
        super().__init__(self.nl, code)


def body(code: str, nl: str = "", en: str = "", field: str | None = None) -> dict[str, Any]:
    _, generic_nl, generic_en = CODES[code]
    return {"code": code, "message": {"nl": nl or generic_nl, "en": en or generic_en}, "field": field}


def domain_error(error: DomainError, field: str | None = None) -> ApiError:
    """The API form of a service's refusal: the service's Dutch text, a generic English one."""
    text = str(error)
    if isinstance(error, IllegalTransition):
        return ApiError("state_conflict", text, field=field)
    if isinstance(error, RolePermissionDenied):
        return ApiError("permission_denied", text)
    if isinstance(error, ServiceNotFound):
        return ApiError("not_found", text)
    return ApiError("invalid_input", text, field=field)


def _first_field_error(detail: Any, prefix: str = "") -> tuple[str | None, Any]:
    """The first (field path, ErrorDetail) in a nested validation error."""
    if isinstance(detail, dict):
        for name, inner in detail.items():
            path = name if name == "non_field_errors" else f"{prefix}{name}"
            found = _first_field_error(inner, f"{path}.")
            if found[1] is not None:
                return (None if path == "non_field_errors" else found[0] or path), found[1]
    elif isinstance(detail, list):
        for index, inner in enumerate(detail):  # a field's messages, or the items of a list field
            found = _first_field_error(inner, f"{prefix}{index}." if isinstance(inner, (dict, list)) else prefix)
            if found[1] is not None:
                return found
    elif detail is not None:
        return prefix.rstrip(".") or None, detail
    return None, None


def _validation(error: exceptions.ValidationError) -> dict[str, Any]:
    field, detail = _first_field_error(error.detail)
    code = getattr(detail, "code", "invalid")
    nl, en = FIELD_MESSAGES.get(code, (str(detail), "This value is not valid."))
    if code not in FIELD_MESSAGES or code == "invalid":
        nl = str(detail)  # a specific message (ours are Dutch) beats the generic one
    payload = body("validation_error", nl, en, field)
    payload["errors"] = error.detail
    return payload


def handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: every failure in the stable JSON form."""
    headers: dict[str, str] = {}
    if isinstance(exc, ApiError):
        payload, status_code = body(exc.code, exc.nl, exc.en, exc.field), exc.status_code
    elif isinstance(exc, DomainError):
        api = domain_error(exc)
        payload, status_code = body(api.code, api.nl, api.en, api.field), api.status_code
    elif isinstance(exc, IntegrityError):  # a race the services did not foresee: the state moved on
        payload, status_code = body("state_conflict"), status.HTTP_409_CONFLICT
    elif isinstance(exc, exceptions.ValidationError):
        payload, status_code = _validation(exc), status.HTTP_400_BAD_REQUEST
    elif isinstance(exc, (Http404, exceptions.NotFound)):
        payload, status_code = body("not_found"), status.HTTP_404_NOT_FOUND
    elif isinstance(exc, (DjangoPermissionDenied, exceptions.PermissionDenied)):
        payload, status_code = body("permission_denied"), status.HTTP_403_FORBIDDEN
    elif isinstance(exc, exceptions.Throttled):
        payload, status_code = body("rate_limited"), status.HTTP_429_TOO_MANY_REQUESTS
        if exc.wait is not None:
            headers["Retry-After"] = str(int(exc.wait) + 1)
    elif isinstance(exc, exceptions.APIException):
        code = {
            exceptions.NotAuthenticated: "not_authenticated",
            exceptions.AuthenticationFailed: "authentication_failed",
            exceptions.MethodNotAllowed: "method_not_allowed",
            exceptions.NotAcceptable: "not_acceptable",
            exceptions.UnsupportedMediaType: "unsupported_media_type",
            exceptions.ParseError: "parse_error",
        }.get(type(exc), "validation_error")
        payload, status_code = body(code), exc.status_code
        if auth_header := getattr(exc, "auth_header", None):  # set by DRF from the first authenticator
            headers["WWW-Authenticate"] = auth_header
    else:
        return None  # a real bug: Django's 500 handling (logged, no details shown)
    from rest_framework.views import set_rollback  # not at import time: DRF's settings import this module

    set_rollback()
    return Response(payload, status=status_code, headers=headers)
