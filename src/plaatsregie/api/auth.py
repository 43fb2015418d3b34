"""Who is calling and what they may do: token authentication for systems, roles and scopes, rate limits.

A token acts as its user *for its one organisation*: the user's memberships are narrowed to that facility or
referrer for the request, so every `can()` check and every queryset scoped by `own_facility_ids` sees only it.
"""

# Django REST framework ships no type hints.
# mypy: disable-error-code="misc"

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone
from rest_framework import authentication, exceptions, permissions
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from plaatsregie.accounts.rules import can, memberships_of
from plaatsregie.accounts.vocabulary import Permission
from plaatsregie.api.errors import ApiError
from plaatsregie.api.models import ApiToken, Scope

LAST_USED_RESOLUTION = timedelta(minutes=1)  # write `last_used_at` at most once a minute per token


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer plr_<id>_<secret>`; a revoked or unknown token is refused (401)."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() not in {"bearer", "token"}:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed()
        token = ApiToken.authenticate(header[1])
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed()
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        user = token.user
        narrowed = [m for m in memberships_of(user)
                    if (token.facility_id and m.facility_id == token.facility_id)
                    or (token.referrer_id and m.referrer_id == token.referrer_id)]
        setattr(user, "_plaatsregie_memberships", narrowed)  # noqa: B010 - the per-request cache of rules.py
        return user, token

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="plaatsregie"'


class SessionAuthentication(authentication.SessionAuthentication):
    """The browser's session, with Django's CSRF check on unsafe methods (DRF's behaviour)."""


class RoleAndScope(permissions.BasePermission):
    """The view's `permissions[action]` (any of them, via `accounts.rules.can`) and, for a token, the scope
    `scopes[action]`. Objects that are not the user's are filtered out of the queryset (404), like the web."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False  # DRF answers 401 (not authenticated)
        action = getattr(view, "action", None)
        if action is None:
            return True  # a method the endpoint does not have: DRF answers 405
        wanted: tuple[Permission, ...] = view.permissions.get(action, view.permissions.get("*", ()))
        if not any(can(request.user, permission) for permission in wanted):
            raise ApiError("permission_denied")
        if isinstance(request.auth, ApiToken):
            scope = view.scopes.get(action, Scope.READ.value)
            if scope not in request.auth.scopes:
                raise ApiError("scope_missing", f"Deze API-sleutel mist de bevoegdheid '{scope}'.",
                               f"This API token lacks the scope '{scope}'.")
        return True


def _rate(scope: str) -> str | None:
    rate = api_settings.DEFAULT_THROTTLE_RATES.get(scope)
    return str(rate) if rate else None


class TokenRateThrottle(SimpleRateThrottle):
    """Per token: the token's own `rate`, else the `token` rate of the settings."""

    scope = "token"

    def get_rate(self) -> str | None:
        return _rate(self.scope)  # read at call time, so settings overrides apply

    def allow_request(self, request: Request, view: Any) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            return True
        self.rate = token.rate or self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return bool(super().allow_request(request, view))

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        return str(self.cache_format) % {"scope": self.scope, "ident": request.auth.pk}


class SessionRateThrottle(SimpleRateThrottle):
    """Per logged-in browser user (the `user` rate)."""

    scope = "user"

    def get_rate(self) -> str | None:
        return _rate(self.scope)

    def allow_request(self, request: Request, view: Any) -> bool:
        if isinstance(request.auth, ApiToken) or not request.user.is_authenticated:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return bool(super().allow_request(request, view))

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        return str(self.cache_format) % {"scope": self.scope, "ident": request.user.pk}


class AnonRateThrottle(SimpleRateThrottle):
    """Per client address, for calls without credentials (they only get 401s and the schema)."""

    scope = "anon"

    def get_rate(self) -> str | None:
        return _rate(self.scope)

    def allow_request(self, request: Request, view: Any) -> bool:
        if request.user and request.user.is_authenticated:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return bool(super().allow_request(request, view))

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        return str(self.cache_format) % {"scope": self.scope, "ident": self.get_ident(request)}
