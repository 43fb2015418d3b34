"""Youths, referrers and requests: the waiting pool (D-6, D-10)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plaatsregie.accounts.models import AppendOnly, ReasonCatalogue
from plaatsregie.core.types import Gender, ReferrerKind, Urgency
from plaatsregie.registry.models import REGION_CHOICES, Facility, ModuleType


class Referrer(models.Model):
    ref = models.CharField(_("referentie"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=10, choices=[(k.value, k.value) for k in ReferrerKind])
    region = models.CharField(_("regio"), max_length=20, choices=REGION_CHOICES)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("aanmelder")
        verbose_name_plural = _("aanmelders")

    def __str__(self) -> str:
        return self.name


class Youth(models.Model):
    """A youth in placement data: pseudonymous. Identity details live apart, in YouthIdentity."""

    ref = models.CharField(_("pseudoniem"), max_length=40, unique=True)
    birth_date = models.DateField(_("geboortedatum"))
    gender = models.CharField(_("geslacht"), max_length=1, choices=[(g.value, g.value) for g in Gender])
    region = models.CharField(_("regio van de context"), max_length=20, choices=REGION_CHOICES)
    home_lat = models.FloatField(_("breedtegraad context"), null=True, blank=True)
    home_lon = models.FloatField(_("lengtegraad context"), null=True, blank=True)
    family_ref = models.CharField(_("gezin"), max_length=40, blank=True, db_index=True)

    class Meta:
        ordering = ["ref"]
        verbose_name = _("jongere")
        verbose_name_plural = _("jongeren")

    def __str__(self) -> str:
        return self.ref


class YouthIdentity(models.Model):
    """Identity details, shown only to roles that need them (DOMAIN.md §7)."""

    youth = models.OneToOneField(Youth, on_delete=models.PROTECT, related_name="identity")
    given_name = models.CharField(_("voornaam"), max_length=100)
    family_name = models.CharField(_("familienaam"), max_length=100)

    class Meta:
        verbose_name = _("identiteit")
        verbose_name_plural = _("identiteiten")

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"


class RequestStatus(models.TextChoices):
    WAITING = "waiting", _("wachtend")
    ADMITTED = "admitted", _("opgenomen")
    WITHDRAWN = "withdrawn", _("ingetrokken")


class Request(models.Model):
    """A request (aanmelding) with urgency and the considerations of D-10."""

    ref = models.CharField(_("dossiernummer"), max_length=40, unique=True)
    youth = models.ForeignKey(Youth, on_delete=models.PROTECT, related_name="requests")
    referrer = models.ForeignKey(Referrer, on_delete=models.PROTECT, related_name="requests", null=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.WAITING
    )
    module_types = models.ManyToManyField(ModuleType, related_name="requests", verbose_name=_("gevraagde modules"))
    urgency = models.PositiveSmallIntegerField(
        _("urgentie"), choices=[(u.value, str(u.value)) for u in Urgency]
    )
    registered_on = models.DateField(_("aangemeld op"))
    last_confirmed_on = models.DateField(_("laatst bevestigd op"), null=True, blank=True)
    needs = models.JSONField(_("noden"), default=list, blank=True)
    crisis_overflow = models.BooleanField(_("overloop vanuit crisis"), default=False)
    internal_transfer_facility = models.ForeignKey(
        Facility, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("interne schakel naar"),
    )
    readmission_facility = models.ForeignKey(
        Facility, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("heropname in (laatste 12 maanden)"),
    )
    sibling_facilities = models.ManyToManyField(
        Facility, blank=True, related_name="+", verbose_name=_("brussen geplaatst in")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["ref"]
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.ref


class WithdrawalReason(ReasonCatalogue):
    class Meta(ReasonCatalogue.Meta):
        verbose_name = _("reden van intrekking")
        verbose_name_plural = _("redenen van intrekking")


class RequestChange(AppendOnly):
    """D-6: what the referrer passes on to keep the pool current (escalation, stabilisation, context, news)."""

    request = models.ForeignKey(Request, on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(_("soort"), max_length=30)
    text = models.TextField(_("toelichting"))
    old_urgency = models.PositiveSmallIntegerField(null=True, blank=True)
    new_urgency = models.PositiveSmallIntegerField(null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]


class RequestWithdrawal(AppendOnly):
    request = models.OneToOneField(Request, on_delete=models.PROTECT, related_name="withdrawal")
    reason = models.ForeignKey(WithdrawalReason, on_delete=models.PROTECT)
    reason_text = models.CharField(max_length=200)
    explanation = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()


class PoolCache(models.Model):
    """The waiting pool as last loaded, so the next ranking need not read every request again (waiting.pool_cache).

    One row. `payload` is the pool snapshot candidate lists freeze (core.snapshot, format pool-columns/2) and
    each row's request key. Database triggers on every table the pool is read from mark it stale: on SQLite by
    counting `version` up, on PostgreSQL by logging the writing transaction in `PoolChange`.
    """

    version = models.BigIntegerField(default=0)  # SQLite: counted up by the triggers
    built_from = models.BigIntegerField(null=True)  # SQLite: the version the payload was read at
    seen = models.TextField(blank=True)  # PostgreSQL: pg_current_snapshot() the payload was read at
    token = models.CharField(max_length=32, blank=True)  # new for every stored payload
    payload = models.BinaryField(blank=True)  # core.pool_codec

    class Meta:
        verbose_name = _("cache van de wachtpool")

    def __str__(self) -> str:
        return f"pool cache {self.token or '-'}"


class PoolChange(models.Model):
    """PostgreSQL: a transaction that wrote to a table the pool is read from (its id), until a cached pool saw it.

    `whole`: it renamed a facility, referrer or module type (any request may name it) or emptied a table, so the
    whole pool must be read again; otherwise every request it touched is logged in `PoolChangedRequest` and only
    those are read again (waiting.pool_cache)."""

    xid = models.BigIntegerField(primary_key=True)
    whole = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("wijziging aan de wachtpool")

    def __str__(self) -> str:
        return f"transaction {self.xid}"


class PoolChangedRequest(models.Model):
    """PostgreSQL: a request whose pool row a logged transaction (`PoolChange.xid`) wrote — the request itself, its
    youth, or its links to modules and sibling facilities."""

    xid = models.BigIntegerField()
    request_id = models.BigIntegerField()

    class Meta:
        verbose_name = _("gewijzigde aanmelding in de wachtpool")
        constraints = [models.UniqueConstraint(fields=["xid", "request_id"], name="pool_changed_request_once")]

    def __str__(self) -> str:
        return f"request {self.request_id} in transaction {self.xid}"
