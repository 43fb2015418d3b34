"""API tokens for systems (per facility or referrer organisation, scoped, revocable) and idempotency records."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plaatsregie.accounts.vocabulary import Role


class Scope(models.TextChoices):
    """What a token may do, on top of what its user's role allows (need-to-know still applies)."""

    READ = "read", _("lezen")
    PLACES_WRITE = "places:write", _("status van eigen plaatsen wijzigen")
    CAPACITY_WRITE = "capacity:write", _("vrijkomende capaciteit melden")
    REQUESTS_WRITE = "requests:write", _("eigen aanmeldingen registreren en wijzigen")
    OFFERS_ANSWER = "offers:answer", _("voorstellen aan de eigen voorziening beantwoorden")
    ADMISSIONS_WRITE = "admissions:write", _("opnames starten en ontslagen registreren")


TOKEN_PREFIX = "plr"


def _digest(secret: str) -> str:
    """The stored form of a secret: a SHA-256 digest (the secret is 256 random bits, so no slow hash is needed)."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(models.Model):
    """A system's key to the API: acts as `user` for one facility or referrer; the secret is shown once."""

    name = models.CharField(_("naam"), max_length=100, help_text=_("welk systeem deze sleutel gebruikt"))
    key_id = models.CharField(_("sleutel-id"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens",
                             verbose_name=_("handelt als gebruiker"))
    facility = models.ForeignKey("registry.Facility", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("voorziening"))
    referrer = models.ForeignKey("waiting.Referrer", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("aanmelder"))
    scopes = models.JSONField(_("bevoegdheden"), default=list)
    rate = models.CharField(_("limiet"), max_length=20, blank=True,
                            help_text=_("bv. 600/min; leeg = de standaardlimiet"))
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(facility__isnull=True) ^ models.Q(referrer__isnull=True),
                name="api_token_for_one_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_id})"

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def clean(self) -> None:
        unknown = set(self.scopes or []) - set(Scope.values)
        if unknown:
            raise ValidationError({"scopes": _("Onbekende bevoegdheden: %s") % ", ".join(sorted(unknown))})
        if (self.facility_id is None) == (self.referrer_id is None):
            raise ValidationError(_("Een sleutel hoort bij precies één voorziening of één aanmelder."))
        memberships = self.user.memberships.all() if self.user_id else []
        if self.facility_id and not any(m.role == Role.FACILITY.value and m.facility_id == self.facility_id
                                        for m in memberships):
            raise ValidationError({"user": _("Deze gebruiker handelt niet voor deze voorziening.")})
        if self.referrer_id and not any(m.role == Role.REFERRER.value and m.referrer_id == self.referrer_id
                                        for m in memberships):
            raise ValidationError({"user": _("Deze gebruiker handelt niet voor deze aanmelder.")})

    def new_secret(self) -> str:
        """Give the token a fresh key id and secret; returns the full token text, which is not stored."""
        self.key_id = secrets.token_hex(8)
        secret = secrets.token_urlsafe(32)
        self.secret_hash = _digest(secret)
        return f"{TOKEN_PREFIX}_{self.key_id}_{secret}"

    @classmethod
    def issue(cls, **fields: Any) -> tuple[ApiToken, str]:
        """Create a token; the returned text is the only time the secret is seen."""
        token = cls(**fields)
        text = token.new_secret()
        token.full_clean(exclude=["key_id", "secret_hash"])
        token.save()
        return token, text

    @classmethod
    def authenticate(cls, text: str) -> ApiToken | None:
        """The active token this text names, or None (constant-time comparison of the digest)."""
        parts = text.split("_", 2)  # the secret itself may contain "_"
        if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
            return None
        token = cls.objects.select_related("user").filter(key_id=parts[1], revoked_at__isnull=True).first()
        if token is None or not secrets.compare_digest(token.secret_hash, _digest(parts[2])):
            return None
        return token

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


class IdempotencyRecord(models.Model):
    """The response to a create sent with an `Idempotency-Key`: a retry with the same key gets it again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text=_("method, path and body of the first request"))
    status = models.PositiveSmallIntegerField()
    body = models.JSONField()
    headers = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("idempotente aanvraag")
        verbose_name_plural = _("idempotente aanvragen")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_idempotency_key_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"
