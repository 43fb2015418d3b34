"""OpenID Connect log-in (switched on by PLAATSREGIE_OIDC_ENABLED=1): only for users an administrator created."""

from __future__ import annotations

from typing import Any

from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class ExistingUsersOnly(OIDCAuthenticationBackend):  # type: ignore[misc]
    """Match the identity platform's user to an existing account by e-mail address; never create one."""

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        email = claims.get("email")
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)
