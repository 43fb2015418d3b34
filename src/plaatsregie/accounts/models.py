"""Roles of users, the audit trail and the access log: append-only records (D-25, DOMAIN.md §7)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plaatsregie.accounts.vocabulary import ROLE_LABELS_NL, Role
from plaatsregie.registry.models import REGION_CHOICES, Facility


class AppendOnlyError(Exception):
    """An attempt to change or delete a record that may only be added to."""


class AppendOnly(models.Model):
    """A record that is written once: corrections are new records that reference what they correct."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} is append-only; record a correction instead")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError(f"{type(self).__name__} is append-only and is never deleted")


class ReasonCatalogue(models.Model):
    """A maintained list of reasons: retired, never deleted; decisions copy the text (D-13)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("omschrijving"), max_length=200)
    active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        abstract = True
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class Membership(models.Model):
    """A user's role, with the facility, referrer or region it applies to (need-to-know)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rol"), max_length=20, choices=[(r.value, ROLE_LABELS_NL[r]) for r in Role])
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, null=True, blank=True)
    referrer = models.ForeignKey("waiting.Referrer", on_delete=models.PROTECT, null=True, blank=True)
    region = models.CharField(_("regio"), max_length=20, choices=REGION_CHOICES, blank=True)

    class Meta:
        verbose_name = _("rol van een gebruiker")
        verbose_name_plural = _("rollen van gebruikers")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role=Role.FACILITY.value) | models.Q(facility__isnull=False),
                name="membership_facility_role_has_facility",
            ),
            models.CheckConstraint(
                condition=~models.Q(role=Role.REFERRER.value) | models.Q(referrer__isnull=False),
                name="membership_referrer_role_has_referrer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.role}"


class AuditRecord(AppendOnly):
    """D-25: who did what, when, to which object, with old and new values and the reason."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(_("tijdstip"), db_index=True)
    event = models.CharField(_("gebeurtenis"), max_length=60, db_index=True)
    object_type = models.CharField(_("soort object"), max_length=40)
    object_ref = models.CharField(_("object"), max_length=60, db_index=True)
    old = models.JSONField(_("oude waarden"), default=dict, blank=True)
    new = models.JSONField(_("nieuwe waarden"), default=dict, blank=True)
    reason = models.TextField(_("reden"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("auditregel")
        verbose_name_plural = _("audittrail")

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.event} {self.object_ref}"


class AccessLogEntry(AppendOnly):
    """Every view of a youth's personal data: who, when, which youth, and why (DOMAIN.md §7, D-36)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("tijdstip"), db_index=True)
    youth = models.ForeignKey("waiting.Youth", on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(_("grond"), max_length=80, help_text=_("het voorstel, de opname of aanmelding"))
    channel = models.CharField(_("via"), max_length=20, default="page")

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("inzage in een dossier")
        verbose_name_plural = _("toegangslog")

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.user} {self.purpose}"
