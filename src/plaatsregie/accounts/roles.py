"""Which roles a user holds, for the service layer's permission checks."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from plaatsregie.accounts.models import Membership
from plaatsregie.accounts.vocabulary import Role
from plaatsregie.core.errors import DomainError


class PermissionDenied(DomainError):
    """The acting user may not do this; nothing was changed."""


def roles_of(user: User | AnonymousUser) -> set[Role]:
    if not user.is_authenticated:
        return set()
    return {Role(role) for role in Membership.objects.filter(user_id=user.pk).values_list("role", flat=True)}


def require_role(user: User | AnonymousUser, *allowed: Role) -> None:
    """Raise PermissionDenied unless the user holds one of the allowed roles."""
    if not roles_of(user) & set(allowed):
        raise PermissionDenied("U hebt niet de rol die deze handeling vraagt.")


def facility_ids_of(user: User | AnonymousUser) -> set[int]:
    """The facilities a facility user acts for."""
    if not user.is_authenticated:
        return set()
    rows = Membership.objects.filter(user_id=user.pk, role=Role.FACILITY.value).values_list("facility_id", flat=True)
    return {facility for facility in rows if facility is not None}
