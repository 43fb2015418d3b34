"""Facilities, units, places and module types (DOMAIN.md §2): the supply side."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plaatsregie.core.modules import Flow, Scope
from plaatsregie.core.types import Access, PlaceStatus, Region

REGION_CHOICES = [(r.value, r.value) for r in Region]


class ModuleType(models.Model):
    """D-1, D-2, D-3: a module type with its scope of central placement and its flow, maintained as data."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    scope = models.CharField(
        _("scope"),
        max_length=20,
        choices=[
            (Scope.IN_SCOPE.value, _("valt onder centrale regie")),
            (Scope.EXCLUDED.value, _("valt buiten centrale regie")),
            (Scope.NOT_RESIDENTIAL.value, _("geen verblijfsvorm")),
        ],
    )
    flow = models.CharField(
        _("flow"),
        max_length=20,
        choices=[(Flow.REGULAR.value, _("regulier")), (Flow.DIFFERENTIATED.value, _("gedifferentieerd"))],
        default=Flow.REGULAR.value,
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self) -> str:
        return self.code


class ScopeExclusion(models.Model):
    """D-2: places out of scope because of their access route or funding, not only their module."""

    modules = models.ManyToManyField(ModuleType, blank=True, verbose_name=_("modules (leeg = alle)"))
    access = models.CharField(
        _("toegang"), max_length=4, blank=True, choices=[(a.value, a.value) for a in Access]
    )
    cofinanced_by = models.CharField(_("medegefinancierd door"), max_length=60, blank=True)
    reason = models.CharField(_("reden"), max_length=200)

    class Meta:
        verbose_name = _("uitsluiting uit centrale regie")
        verbose_name_plural = _("uitsluitingen uit centrale regie")

    def __str__(self) -> str:
        return self.reason


class Facility(models.Model):
    ref = models.CharField(_("referentie"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    region = models.CharField(_("regio"), max_length=20, choices=REGION_CHOICES)
    lat = models.FloatField(_("breedtegraad"))
    lon = models.FloatField(_("lengtegraad"))
    recognition = models.CharField(_("erkenning"), max_length=60, blank=True)
    contact_name = models.CharField(_("contactpersoon"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mail contactpersoon"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("voorziening")
        verbose_name_plural = _("voorzieningen")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A living group (leefgroep) offering places of one module type."""

    ref = models.CharField(_("referentie"), max_length=40, unique=True)
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="units")
    name = models.CharField(_("naam"), max_length=200)
    module_type = models.ForeignKey(ModuleType, on_delete=models.PROTECT, related_name="units")
    access = models.CharField(
        _("toegang"), max_length=4, choices=[(a.value, a.value) for a in Access], default=Access.NRTJ.value
    )
    cofinanced_by = models.CharField(_("medegefinancierd door"), max_length=60, blank=True)

    class Meta:
        ordering = ["facility__name", "name"]
        verbose_name = _("leefgroep")
        verbose_name_plural = _("leefgroepen")

    def __str__(self) -> str:
        return f"{self.facility} – {self.name}"


class UnavailabilityReason(models.Model):
    """D-5: the maintained list of reasons a place can be unavailable; retired, never deleted."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("omschrijving"), max_length=200)
    active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        ordering = ["label"]
        verbose_name = _("reden van niet-beschikbaarheid")
        verbose_name_plural = _("redenen van niet-beschikbaarheid")

    def __str__(self) -> str:
        return self.label


class Place(models.Model):
    """A place in a unit with its capacity-dialogue profile (D-4) and status (D-5)."""

    ref = models.CharField(_("referentie"), max_length=40, unique=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="places")
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=[
            (PlaceStatus.OCCUPIED.value, _("bezet")),
            (PlaceStatus.FREEING.value, _("komt vrij")),
            (PlaceStatus.AVAILABLE.value, _("vrij")),
            (PlaceStatus.RESERVED.value, _("gereserveerd")),
            (PlaceStatus.UNAVAILABLE.value, _("niet beschikbaar")),
        ],
        default=PlaceStatus.OCCUPIED.value,
    )
    available_from = models.DateField(_("beschikbaar vanaf"), null=True, blank=True)
    age_min = models.PositiveSmallIntegerField(_("minimumleeftijd"))
    age_max = models.PositiveSmallIntegerField(_("maximumleeftijd"))
    genders = models.CharField(_("geslacht"), max_length=3, default="FMX", help_text=_("F, M en/of X"))
    short_stay = models.BooleanField(_("kortdurend"), default=False)
    vertical = models.BooleanField(_("verticale groep"), null=True, blank=True)
    ideal_profile = models.JSONField(_("gewenst profiel"), default=list, blank=True)
    group_composition = models.TextField(_("groepssamenstelling"), blank=True)
    carrying_capacity = models.TextField(_("draagkracht van de leefgroep"), blank=True)
    contact = models.CharField(_("aanspreekpunt"), max_length=200, blank=True)
    unavailable_reason = models.ForeignKey(
        UnavailabilityReason, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("reden")
    )
    unavailable_until = models.DateField(_("niet beschikbaar tot"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["ref"]
        verbose_name = _("plaats")
        verbose_name_plural = _("plaatsen")
        indexes = [models.Index(fields=["status"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(age_min__lte=models.F("age_max")), name="place_age_range"),
            models.CheckConstraint(
                condition=~models.Q(status=PlaceStatus.UNAVAILABLE.value) | models.Q(unavailable_reason__isnull=False),
                name="place_unavailable_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.ref
