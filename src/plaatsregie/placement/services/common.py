"""What every placement service shares: the clock, references, locking, place transitions, notifications."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone

from plaatsregie.accounts.audit import audit
from plaatsregie.accounts.vocabulary import AuditEvent
from plaatsregie.core.errors import DomainError
from plaatsregie.core.lifecycle import PlaceEvent, place_transition
from plaatsregie.core.types import PlaceStatus
from plaatsregie.placement.models import Notification
from plaatsregie.registry.models import Place

__all__ = ["NotFound", "User", "locked_place", "move_place", "next_ref", "notify", "now"]


class NotFound(DomainError):
    """The object a service was asked to act on does not exist."""


def now() -> datetime:
    return timezone.now()


def next_ref(model: type[models.Model], prefix: str) -> str:
    """A readable, opaque reference (e.g. OF-000123), unique per model."""
    refs = model._default_manager.filter(ref__startswith=f"{prefix}-").order_by("-ref").values_list("ref", flat=True)
    last = refs.first()
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}-{number:06d}"


def locked_place(place_id: int) -> Place:
    """The place row, locked until the transaction ends (SQLite: the IMMEDIATE transaction holds the lock)."""
    try:
        return Place.objects.select_for_update(of=("self",)).select_related("unit__facility", "unit__module_type").get(
            pk=place_id)
    except Place.DoesNotExist:
        raise NotFound("Deze plaats bestaat niet.") from None


def move_place(place: Place, event: PlaceEvent, *, actor: User | None, reason: str = "",
               **fields: Any) -> None:
    """Apply a place transition from the table (D-5), with its extra fields, audited."""
    old = place.status
    place.status = place_transition(PlaceStatus(old), event).value
    for name, value in fields.items():
        setattr(place, name, value)
    place.save()
    audit(actor, AuditEvent.PLACE_STATUS_CHANGED, place, old={"status": old},
          new={"status": place.status, **{k: str(v) for k, v in fields.items()}}, reason=reason or event.value)


def notify(recipients: Iterable[User], kind: str, text: str, object_ref: str = "") -> None:
    """In-app notifications now; e-mail once the transaction has committed."""
    notify_each((recipients, kind, text, object_ref))


def notify_each(*messages: tuple[Iterable[User], str, str, str]) -> None:
    """Several notifications (recipients, kind, text, object reference), written in one go."""
    created, rows = now(), []
    for recipients, kind, text, object_ref in messages:
        people = [user for user in recipients if user is not None]
        rows += [Notification(recipient=user, kind=kind, text=text, object_ref=object_ref, created_at=created)
                 for user in people]
        addresses = [user.email for user in people if getattr(user, "email", "")]
        if addresses:
            transaction.on_commit(lambda kind=kind, text=text, addresses=addresses: send_mail(  # type: ignore[misc]
                f"Plaatsregie: {kind}", text, None, addresses, fail_silently=True))
    Notification.objects.bulk_create(rows)
