"""Writing the audit trail, inside the caller's transaction (D-25)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.utils import timezone

from plaatsregie.accounts.models import AuditRecord
from plaatsregie.accounts.vocabulary import AuditEvent


def audit(
    actor: User | AnonymousUser | None,
    event: AuditEvent,
    obj: Any,
    *,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditRecord:
    """Record one event about `obj` (a model instance with a `ref`, or its `pk`)."""
    return AuditRecord.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        at=timezone.now(),
        event=event.value,
        object_type=type(obj).__name__,
        object_ref=str(getattr(obj, "ref", None) or obj.pk),
        old=old or {},
        new=new or {},
        reason=reason,
    )
