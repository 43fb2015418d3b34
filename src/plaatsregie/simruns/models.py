"""A policy simulation started from the web: its parameters, its progress and its report (issue 5).

A run names a shipped scenario (never a path given by a user) and keeps the full text of every policy it compares,
so what ran stays known when a policy file changes afterwards. The report (figures as JSON, the self-contained
HTML report and the charts as PNG) is stored with the run. Runs hold no personal data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    WAITING = "waiting", _("wacht op de achtergrondverwerking")
    RUNNING = "running", _("loopt")
    DONE = "done", _("klaar")
    FAILED = "failed", _("mislukt")


class SimulationRun(models.Model):
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("gestart door"))
    created_at = models.DateTimeField(_("aangevraagd op"), db_index=True)
    scenario = models.CharField(_("scenario"), max_length=100)
    policies = models.JSONField(_("beleid"), default=list,
                                help_text=_("per beleid: keuze, id, versie, vingerafdruk, titel en volledige tekst"))
    years = models.PositiveSmallIntegerField(_("jaren"))
    replications = models.PositiveSmallIntegerField(_("herhalingen"))
    seed = models.PositiveIntegerField(_("startwaarde"))
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.WAITING)
    task_id = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(_("gestart op"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    done_replications = models.PositiveIntegerField(_("uitgevoerde herhalingen"), default=0)
    error = models.TextField(_("fout"), blank=True)
    result = models.JSONField(_("cijfers"), null=True, blank=True)
    report_html = models.TextField(_("rapport (HTML)"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("simulatie")
        verbose_name_plural = _("simulaties")

    def __str__(self) -> str:
        return f"simulatie {self.pk}"

    @property
    def total_replications(self) -> int:
        return self.replications * len(self.policies)

    @property
    def in_progress(self) -> bool:
        return self.status in (RunStatus.WAITING, RunStatus.RUNNING)

    @property
    def policy_ids(self) -> list[str]:
        return [p["id"] for p in self.policies]


class SimulationChart(models.Model):
    """One chart of a run's report, as PNG."""

    run = models.ForeignKey(SimulationRun, on_delete=models.CASCADE, related_name="charts")
    name = models.SlugField(max_length=40)
    title = models.CharField(max_length=200)
    png = models.BinaryField()

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["run", "name"], name="simulation_chart_unique_name")]

    def __str__(self) -> str:
        return f"{self.run} · {self.name}"
