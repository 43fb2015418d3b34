"""Follow-up by facility policy (seed 002 Stap 7, D-30): signals and requests to consult as tracked items,
facility notes, and the monthly capacity registration check. History is append-only (D-25): an item keeps its
current status for lists, every change is also an entry; check items are handled by adding a handling."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plaatsregie.accounts.models import AppendOnly
from plaatsregie.registry.models import Facility

USER = settings.AUTH_USER_MODEL


class Status(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in behandeling")
    DONE = "done", _("afgehandeld")


class ItemKind(models.TextChoices):
    SIGNAL = "signal", _("signaal")
    CONSULT = "consult", _("vraag tot overleg over een niet-opgestart dossier")


class Source(models.TextChoices):
    FACILITY = "facility", _("voorziening")
    TEAM = "team", _("team jeugdzorg en -bescherming")
    POLICY = "policy", _("voorzieningenbeleid")


class EntryKind(models.TextChoices):
    RAISED = "raised", _("gemeld")
    NOTE = "note", _("opvolging")
    STATUS = "status", _("status gewijzigd")
    OWNER = "owner", _("opvolger gewijzigd")
    DUE = "due", _("termijn gewijzigd")


class FollowUpItem(models.Model):
    """A signal about a facility, or the team's request to consult on a non-started case (D-30)."""

    ref = models.CharField(_("referentie"), max_length=40, unique=True)
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="+", verbose_name=_("voorziening"))
    kind = models.CharField(_("soort"), max_length=20, choices=ItemKind.choices, default=ItemKind.SIGNAL)
    source = models.CharField(_("gemeld door"), max_length=20, choices=Source.choices)
    subject = models.CharField(_("onderwerp"), max_length=200)
    description = models.TextField(_("toelichting"))
    offer = models.ForeignKey("placement.Offer", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("voorstel zonder opstart"))
    raised_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(_("gemeld op"))
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("opvolger"))
    due_on = models.DateField(_("tegen wanneer"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["-raised_at", "-id"]
        verbose_name = _("opvolgpunt")
        verbose_name_plural = _("opvolgpunten")
        indexes = [models.Index(fields=["facility", "status"])]

    def __str__(self) -> str:
        return self.ref


class FollowUpEntry(AppendOnly):
    """One step in an item's follow-up: raised, a note, a status/owner/due-date change (never edited)."""

    item = models.ForeignKey(FollowUpItem, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("soort"), max_length=20, choices=EntryKind.choices)
    text = models.TextField(_("tekst"), blank=True)
    status_from = models.CharField(max_length=20, blank=True)
    status_to = models.CharField(max_length=20, blank=True)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]


class NoteTopic(models.TextChoices):
    WORKING = "working", _("werking")
    NEEDS = "needs", _("terugkerende noden")
    STRENGTHS = "strengths", _("sterktes")
    OTHER = "other", _("andere")


class FacilityNote(AppendOnly):
    """D-30: what the team learns about a facility across cases in the capacity dialogues."""

    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="+")
    topic = models.CharField(_("onderwerp"), max_length=20, choices=NoteTopic.choices)
    text = models.TextField(_("notitie"))
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]


class MonthlyCheck(AppendOnly):
    """The capacity registration check of one facility for one month (D-30); generated once, items added."""

    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("maand"), help_text=_("de eerste dag van de maand"))
    generated_at = models.DateTimeField()

    class Meta:
        ordering = ["-month", "facility__name"]
        constraints = [models.UniqueConstraint(fields=["facility", "month"], name="one_check_per_facility_month")]

    def __str__(self) -> str:
        return f"{self.facility} {self.month:%m/%Y}"


class CheckKind(models.TextChoices):
    UNAVAILABLE_NO_VALID_REASON = "unavailable_invalid", _("niet beschikbaar zonder geldige reden")
    UNAVAILABLE_TOO_LONG = "unavailable_long", _("structureel niet beschikbaar")
    LOW_OCCUPANCY = "low_occupancy", _("lage bezetting")
    OCCUPIED_WITHOUT_ADMISSION = "occupied_no_admission", _("bezet zonder lopende opname")
    ADMISSION_ON_UNAVAILABLE = "admission_unavailable", _("opname op een niet-beschikbare plaats")
    ADMISSION_ON_FREE = "admission_free", _("opname op een vrije plaats")
    NOT_STARTED = "not_started", _("niet-opgestarte dossiers")


class CheckItem(AppendOnly):
    """One anomaly found by the monthly check: a place (by reference) or the facility as a whole."""

    monthly_check = models.ForeignKey(MonthlyCheck, on_delete=models.PROTECT, related_name="items")
    kind = models.CharField(_("soort"), max_length=30, choices=CheckKind.choices)
    subject_ref = models.CharField(_("betreft"), max_length=40)
    detail = models.TextField(_("toelichting"), blank=True)
    figures = models.JSONField(default=dict, blank=True)
    found_at = models.DateTimeField()

    class Meta:
        ordering = ["kind", "subject_ref"]
        constraints = [models.UniqueConstraint(fields=["monthly_check", "kind", "subject_ref"],
                                               name="one_item_per_anomaly")]


class Action(models.TextChoices):
    CLARIFY = "clarify", _("verduidelijking vragen")
    REACTIVATE = "reactivate", _("plan tot heractivering")
    DISCUSS = "discuss", _("bespreken")
    NONE = "none", _("geen actie nodig")


class CheckItemHandling(AppendOnly):
    """The policy officer's handling of a check item; the latest one counts (reopening is a new handling)."""

    item = models.ForeignKey(CheckItem, on_delete=models.PROTECT, related_name="handlings")
    action = models.CharField(_("actie"), max_length=20, choices=Action.choices)
    note = models.TextField(_("notitie"))
    handled = models.BooleanField(_("afgehandeld"), default=True)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
