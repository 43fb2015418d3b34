"""Flows (D-19, D-20, D-35): inflow central vs internal, outflow and length of stay, readmissions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import connection
from django.db.models import Case, Count, DateField, Exists, F, IntegerField, OuterRef, Q, QuerySet, When
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from plaatsregie.monitoring.indicators.common import (
    FacilityRow,
    days,
    facility_rows,
    groups_in,
    percent,
    summed,
)
from plaatsregie.monitoring.indicators.demand import _percentile_sql
from plaatsregie.monitoring.indicators.intervals import (
    _days,
    _place_filter,
    _tables,
    few_facilities,
    once_per_batch,
)
from plaatsregie.monitoring.indicators.scope import Scope
from plaatsregie.monitoring.indicators.sql import DaysBetween, Percentile
from plaatsregie.monitoring.tables import Column, Table
from plaatsregie.placement.models import Admission

READMISSION_DAYS = 365


@dataclass(frozen=True)
class _StayFigures:
    """Inflow, outflow and readmissions per facility, and length of stay per module (in module order), for a
    scope of a few facilities: one query instead of four."""

    by_facility: dict[int, dict[str, Any]]
    by_module: list[tuple[str, int, Any, Any]]


def _stay_figures(scope: Scope) -> _StayFigures | None:
    """For a scope of a few facilities (`intervals.few_facilities`), every flow figure from one query over its
    stays (once per scope within `intervals.batch()`); None for larger scopes, where each table reads only what
    it shows (readmissions and outflow over all of Flanders cost more than the query round trips they save)."""
    if not few_facilities(scope):
        return None
    return once_per_batch("stays", scope, lambda: _stay_query(scope))


def _stay_query(scope: Scope, within_days: int = READMISSION_DAYS) -> _StayFigures:
    names = _tables()
    in_scope, scope_params = _place_filter(scope, "a.place_id")
    length = _days("st.ended_on", "st.start_on")
    if connection.vendor == "postgresql":
        materialized, not_before = "MATERIALIZED ", "st.start_on - %s"
    else:
        materialized, not_before = "", "date(st.start_on, '-' || %s || ' days')"  # a date, as on PostgreSQL
    started, ended = "st.start_on >= %s AND st.start_on <= %s", "st.ended_on >= %s AND st.ended_on <= %s"
    running = "st.start_on <= %s AND (st.ended_on IS NULL OR st.ended_on > %s)"
    first, last = scope.start, scope.end
    sql = f"""
        WITH st AS {materialized}(
            SELECT a.id, u.facility_id AS f, mt.code AS module, a.start_on, a.ended_on, a.internal_flow,
                   a.discharge_announced, r.youth_id
            FROM {names['stay']} a
            JOIN {names['place']} p ON p.id = a.place_id
            JOIN {names['unit']} u ON u.id = p.unit_id
            JOIN {names['module']} mt ON mt.id = u.module_type_id
            JOIN {names['request']} r ON r.id = a.request_id
            WHERE ((a.start_on >= %s AND a.start_on <= %s) OR (a.ended_on >= %s AND a.ended_on <= %s)
                   OR (a.start_on <= %s AND (a.ended_on IS NULL OR a.ended_on > %s))){in_scope}
        )
        SELECT 0, st.f, NULL,
               COUNT(*) FILTER (WHERE {started} AND NOT st.internal_flow),
               COUNT(*) FILTER (WHERE {started} AND st.internal_flow),
               COUNT(*) FILTER (WHERE {started}),
               COUNT(*) FILTER (WHERE {started} AND EXISTS (
                   SELECT 1 FROM {names['stay']} e JOIN {names['request']} er ON er.id = e.request_id
                   WHERE er.youth_id = st.youth_id AND e.ended_on IS NOT NULL AND e.ended_on <= st.start_on
                         AND e.ended_on >= {not_before} AND e.id <> st.id)),
               COUNT(*) FILTER (WHERE {ended}),
               {_percentile_sql(f"CASE WHEN {ended} THEN {length} END", 0.5)},
               {_percentile_sql(f"CASE WHEN {ended} THEN {length} END", 0.9)},
               COUNT(*) FILTER (WHERE {ended} AND st.discharge_announced),
               COUNT(*) FILTER (WHERE {running})
        FROM st GROUP BY st.f
        UNION ALL
        SELECT 1, NULL, st.module, COUNT(*), NULL, NULL, NULL, NULL,
               {_percentile_sql(length, 0.5)}, {_percentile_sql(length, 0.9)}, NULL, NULL
        FROM st WHERE {ended} GROUP BY st.module
        ORDER BY 1, 3"""
    params = [first, last, first, last, last, last, *scope_params,
              first, last, first, last, first, last, first, last, within_days,
              first, last, first, last, first, last, first, last, last, last,
              first, last]
    out = _StayFigures({}, [])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, facility_id, module, *figures in cursor.fetchall():
            if kind == 0:
                central, internal, n, re_n, n_ended, med, p90, announced, running_n = figures
                out.by_facility[facility_id] = {
                    "central": central, "internal": internal, "n": n, "re_n": re_n, "ended": n_ended,
                    "med": med, "p90": p90, "announced": announced, "running": running_n}
            else:
                out.by_module.append((module, figures[0], figures[5], figures[6]))
    return out


def _started(scope: Scope) -> QuerySet[Admission]:
    return Admission.objects.filter(scope.place_q("place__"), start_on__gte=scope.start, start_on__lte=scope.end)


def inflow(scope: Scope, group: str = "facility") -> Table:
    """Admissions starting in the period via central placement and via internal flow (D-19), per facility."""
    few = _stay_figures(scope)
    by = few.by_facility if few else {
        row["facility"]: row for row in _started(scope).values(facility=F("place__unit__facility_id"))
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
    few = _stay_figures(scope)
    by = {facility: {**row, "n": row["ended"]} for facility, row in few.by_facility.items()} if few else {
        row["facility"]: row for row in  # one query for the stays that ended and those still running
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
    few = _stay_figures(scope)
    if few:
        rows = [[module, n, days(med), days(p90)] for module, n, med, p90 in few.by_module]
    else:
        rows_qs = (Admission.objects.filter(scope.place_q("place__"), ended_on__gte=scope.start,
                                            ended_on__lte=scope.end)
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
    few = _stay_figures(scope) if within_days == READMISSION_DAYS else None
    if few:
        by = few.by_facility
    else:
        earlier = Admission.objects.filter(request__youth=OuterRef("request__youth"), ended_on__isnull=False,
                                           ended_on__lte=OuterRef("start_on")).exclude(pk=OuterRef("pk"))
        # a date on both databases (SQLite's date arithmetic gives a timestamp text, which sorts after the date)
        recent = earlier.filter(ended_on__gte=Cast(OuterRef("start_on") - timedelta(days=within_days), DateField()))
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
