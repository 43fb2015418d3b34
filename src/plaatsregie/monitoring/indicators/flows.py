"""Flows (D-19, D-20, D-35): inflow central vs internal, outflow and length of stay, readmissions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, When
from django.utils.translation import gettext_lazy as _

from plaatsregie.monitoring.indicators.common import (
    FacilityRow,
    days,
    facility_rows,
    groups_in,
    percent,
    summed,
)
from plaatsregie.monitoring.indicators.scope import Scope
from plaatsregie.monitoring.indicators.sql import DaysBetween, Percentile
from plaatsregie.monitoring.tables import Column, Table
from plaatsregie.placement.models import Admission

READMISSION_DAYS = 365


def _started(scope: Scope) -> QuerySet[Admission]:
    return Admission.objects.filter(scope.place_q("place__"), start_on__gte=scope.start, start_on__lte=scope.end)


def inflow(scope: Scope, group: str = "facility") -> Table:
    """Admissions starting in the period via central placement and via internal flow (D-19), per facility."""
    by = {row["facility"]: row for row in _started(scope).values(facility=F("place__unit__facility_id"))
          .annotate(central=Count("id", filter=Q(internal_flow=False)),
                    internal=Count("id", filter=Q(internal_flow=True))).order_by()}
    rows: list[list[Any]] = []
    keys: list[str] = []
    for row in groups_in(scope, group):
        central, internal = int(summed(by, row.facility_ids, "central")), int(summed(by, row.facility_ids, "internal"))
        rows.append([row.label, central, internal, percent(internal, central + internal)])
        keys.append(row.key)
    return Table(
        key="inflow", title=_("Instroom: centraal en intern"),
        definition=_("Opnames die in de periode startten via centrale toewijzing en via interne doorstroom "
                     "(NRTJ naar NRTJ binnen de voorziening, D-19), en het aandeel interne doorstroom."),
        columns=[Column("facility", _("Voorziening")), Column("central", _("Centraal")),
                 Column("internal", _("Intern")), Column("internal_share", _("Aandeel intern"), "%")],
        rows=rows, chart="stacked", series=["central", "internal"],
        drill_kind="facility_stays" if group == "facility" else group, row_keys=keys,
    )


def outflow(scope: Scope) -> Table:
    """Stays that ended in the period, their length, announced discharges, and stays running at the end."""
    ended = Q(ended_on__gte=scope.start, ended_on__lte=scope.end)
    running = Q(start_on__lte=scope.end) & (Q(ended_on__isnull=True) | Q(ended_on__gt=scope.end))
    length = Case(When(ended, then=DaysBetween(F("ended_on"), F("start_on"))), default=None,
                  output_field=IntegerField())  # the percentiles skip the running stays (NULL)
    by = {row["facility"]: row for row in  # one query for the stays that ended and those still running
          Admission.objects.filter(scope.place_q("place__")).filter(ended | running).annotate(length=length)
          .values(facility=F("place__unit__facility_id"))
          .annotate(n=Count("id", filter=ended), med=Percentile("length", 0.5), p90=Percentile("length", 0.9),
                    announced=Count("id", filter=ended & Q(discharge_announced=True)),
                    running=Count("id", filter=running)).order_by()}

    def cells(facility: FacilityRow) -> list[Any]:
        row = by.get(facility.id, {})
        return [row.get("n", 0), days(row.get("med")), days(row.get("p90")),
                percent(row.get("announced", 0), row.get("n")), row.get("running", 0)]

    rows, keys = facility_rows(scope, cells)
    return Table(
        key="outflow", title=_("Uitstroom en verblijfsduur"),
        definition=_("Verblijven die in de periode eindigden, hun duur in dagen (mediaan en 90e percentiel), het "
                     "aandeel met een vooraf gemeld ontslag, en de verblijven die op de laatste dag nog liepen."),
        columns=[Column("facility", _("Voorziening")), Column("ended", _("Beëindigd")),
                 Column("median", _("Mediane verblijfsduur"), _("dagen")), Column("p90", _("P90"), _("dagen")),
                 Column("announced", _("Ontslag vooraf gemeld"), "%"), Column("running", _("Lopend"))],
        rows=rows, series=["median"], drill_kind="facility_stays", row_keys=keys,
    )


def length_of_stay(scope: Scope) -> Table:
    """Length of stay per module for stays that ended in the period (D-35)."""
    rows_qs = (Admission.objects.filter(scope.place_q("place__"), ended_on__gte=scope.start, ended_on__lte=scope.end)
               .annotate(length=DaysBetween(F("ended_on"), F("start_on")))
               .values(module=F("place__unit__module_type__code"))
               .annotate(n=Count("id"), med=Percentile("length", 0.5), p90=Percentile("length", 0.9))
               .order_by("module"))
    rows = [[row["module"], row["n"], days(row["med"]), days(row["p90"])] for row in rows_qs]
    return Table(
        key="length_of_stay", title=_("Verblijfsduur per module"),
        definition=_("Verblijven die in de periode eindigden, per module: aantal en duur in dagen (van de start "
                     "tot het einde; mediaan en 90e percentiel)."),
        columns=[Column("module", _("Module")), Column("ended", _("Beëindigd")),
                 Column("median", _("Mediaan"), _("dagen")), Column("p90", _("P90"), _("dagen"))],
        rows=rows, series=["median"],
    )


def readmissions(scope: Scope, within_days: int = READMISSION_DAYS) -> Table:
    """Admissions in the period of youths whose previous stay ended at most `within_days` before (D-35)."""
    earlier = Admission.objects.filter(request__youth=OuterRef("request__youth"), ended_on__isnull=False,
                                       ended_on__lte=OuterRef("start_on")).exclude(pk=OuterRef("pk"))
    recent = earlier.filter(ended_on__gte=OuterRef("start_on") - timedelta(days=within_days))
    by = {row["facility"]: row for row in _started(scope).annotate(re=Exists(recent))
          .values(facility=F("place__unit__facility_id"))
          .annotate(n=Count("id"), re_n=Count("id", filter=Q(re=True))).order_by()}

    def cells(facility: FacilityRow) -> list[Any]:
        row = by.get(facility.id, {})
        return [row.get("n", 0), row.get("re_n", 0), percent(row.get("re_n", 0), row.get("n"))]

    rows, keys = facility_rows(scope, cells)
    return Table(
        key="readmissions", title=_("Heropnames"),
        definition=_("Opnames die in de periode startten voor een jongere van wie een vorig verblijf (in eender "
                     "welke voorziening) ten hoogste %(days)d dagen eerder eindigde.") % {"days": within_days},
        columns=[Column("facility", _("Voorziening")), Column("admissions", _("Opnames")),
                 Column("readmissions", _("Heropnames")), Column("share", _("Aandeel"), "%")],
        rows=rows, series=["share"], drill_kind="facility_stays", row_keys=keys,
    )


__all__ = ["inflow", "length_of_stay", "outflow", "readmissions"]
