"""Matching (D-13 … D-16, D-29, D-33): speed, vacancy, lead time, offers, refusals, conditions, mandate."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Count, F, FloatField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Greatest, TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plaatsregie.core.lifecycle import MandateStep
from plaatsregie.monitoring.indicators.common import (
    FacilityRow,
    days,
    facility_rows,
    groups_in,
    month_label,
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
    place_days,
)
from plaatsregie.monitoring.indicators.scope import Scope
from plaatsregie.monitoring.indicators.sql import DaysBetween, Percentile
from plaatsregie.monitoring.tables import Column, Table
from plaatsregie.placement.models import (
    Admission,
    CapacityReport,
    CollectiveCase,
    CollectiveConsultation,
    MandateDecision,
    Offer,
    OfferAnswer,
    OfferCondition,
)

PROACTIVE_DAYS = 14
PATTERN_MIN = 3
REFUSED = "refused"
STEP_LABELS = {
    MandateStep.PARTNERSHIP.value: _("1 – partnerschap en overleg"),
    MandateStep.ACTION_PLAN.value: _("2 – noodzakelijke actie en engagement"),
    MandateStep.ENFORCED.value: _("3 – zorggarantie afdwingen"),
}
CONDITION_LABELS = {
    "support": _("ondersteuning"), "partners": _("partners"), "construction": _("constructie"),
    "action": _("actie"), "shared_admission": _("gedeelde opname"), "extra_support": _("extra ondersteuning"),
    "phased_start": _("gefaseerde start"),
}


def _central_stays(scope: Scope) -> QuerySet[Admission]:
    return Admission.objects.filter(scope.place_q("place__"), offer__isnull=False,
                                    start_on__gte=scope.start, start_on__lte=scope.end)


def _answers(scope: Scope) -> QuerySet[OfferAnswer]:
    return OfferAnswer.objects.filter(scope.place_q("offer__place__"), at__gte=scope.start_moment(),
                                      at__lt=scope.end_moment())


@dataclass(frozen=True)
class _AnswerFigures:
    """The answers in scope in the period, counted four ways from one query: per facility and reason (answers,
    refusals), refusals per reason (in the database's order of the reasons), per month and per module of the
    place (answers, refusals)."""

    by_facility_reason: list[tuple[int, str | None, int, int]]
    refused_by_reason: list[tuple[str | None, int]]
    by_month: dict[tuple[int, int], tuple[int, int]]
    by_module: list[tuple[str, int, int]]  # in module order


def _answer_figures(scope: Scope) -> _AnswerFigures:
    """Refusals per facility and per module, refusal reasons and refusals over time read one scan of the answers
    (a shared, materialised CTE), once per scope within `intervals.batch()`."""
    return once_per_batch("answers", scope, lambda: _answer_query(scope))


def _answer_query(scope: Scope) -> _AnswerFigures:
    names = _tables()
    in_scope, scope_params = _place_filter(scope, "o.place_id")
    # Django's TruncMonth in the current time zone: (sql, params) since Django 4.2 (the stubs still say str)
    trunc: Any = connection.ops.datetime_trunc_sql("month", "oa.at", (), timezone.get_current_timezone_name())
    month, month_params = trunc
    sql = f"""
        WITH ans AS (
            SELECT u.facility_id AS f, oa.reason_text AS why, {month} AS m, mt.code AS module,
                   CASE WHEN oa.outcome = %s THEN 1 ELSE 0 END AS refused
            FROM {OfferAnswer._meta.db_table} oa
            JOIN {Offer._meta.db_table} o ON o.id = oa.offer_id
            JOIN {names['place']} p ON p.id = o.place_id
            JOIN {names['unit']} u ON u.id = p.unit_id
            JOIN {names['module']} mt ON mt.id = u.module_type_id
            WHERE oa.at >= %s AND oa.at < %s{in_scope}
        )
        SELECT 2, NULL, NULL, m, COUNT(*), SUM(refused) FROM ans GROUP BY m
        UNION ALL
        SELECT 0, f, why, NULL, COUNT(*), SUM(refused) FROM ans GROUP BY f, why
        UNION ALL
        SELECT 1, NULL, why, NULL, COUNT(*), 0 FROM ans WHERE refused = 1 GROUP BY why
        UNION ALL
        SELECT 3, NULL, module, NULL, COUNT(*), SUM(refused) FROM ans GROUP BY module
        ORDER BY 1, 3"""  # the month first: PostgreSQL types each column of a UNION from its first non-NULL
    params = [*month_params, REFUSED, scope.start_moment(), scope.end_moment(), *scope_params]
    out = _AnswerFigures([], [], {}, [])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, facility_id, why, at, n, refused in cursor.fetchall():
            if kind == 0:
                out.by_facility_reason.append((facility_id, why, int(n), int(refused or 0)))
            elif kind == 1:
                out.refused_by_reason.append((why, int(n)))
            elif kind == 3:
                out.by_module.append((why, int(n), int(refused or 0)))
            else:
                first = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
                out.by_month[(first.year, first.month)] = (int(n), int(refused or 0))
    return out


@dataclass(frozen=True)
class _ReportFigures:
    """For a scope of a few facilities, from one query: report lead times and offers made per facility, and the
    conditions asked per kind and construction (in that order)."""

    lead: dict[int, dict[str, Any]]
    offers: dict[int, dict[str, Any]]
    conditions: list[dict[str, Any]]


def _report_figures(scope: Scope) -> _ReportFigures | None:
    """`_ReportFigures` once per scope within `intervals.batch()` for a few facilities; None otherwise (the
    Flanders dashboard shows only the conditions)."""
    if not few_facilities(scope):
        return None
    return once_per_batch("reports", scope, lambda: _report_query(scope))


def _report_query(scope: Scope) -> _ReportFigures:
    names = _tables()
    tzname = timezone.get_current_timezone_name()
    reported: Any = connection.ops.datetime_cast_date_sql("cr.reported_at", (), tzname)  # Django's TruncDate
    reported_on, reported_params = reported
    lead = _days("cr.expected_free_on", reported_on)
    lead_params = [*reported_params]
    report_scope, report_params = _place_filter(scope, "cr.place_id")
    offer_scope, offer_params = _place_filter(scope, "o.place_id")
    condition_scope, condition_params = _place_filter(scope, "co.place_id")
    start, end = scope.start_moment(), scope.end_moment()
    sql = f"""
        SELECT 0, u.facility_id, CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), COUNT(*),
               {_percentile_sql(lead, 0.5)}, COUNT(*) FILTER (WHERE {lead} >= %s)
        FROM {CapacityReport._meta.db_table} cr
        JOIN {names['place']} p ON p.id = cr.place_id
        JOIN {names['unit']} u ON u.id = p.unit_id
        WHERE cr.reported_at >= %s AND cr.reported_at < %s{report_scope}
        GROUP BY u.facility_id
        UNION ALL
        SELECT 1, u.facility_id, NULL, NULL, COUNT(*), NULL, NULL
        FROM {Offer._meta.db_table} o
        JOIN {names['place']} p ON p.id = o.place_id
        JOIN {names['unit']} u ON u.id = p.unit_id
        WHERE o.offered_at >= %s AND o.offered_at < %s{offer_scope}
        GROUP BY u.facility_id
        UNION ALL
        SELECT 2, NULL, oc.kind, oc.construction, COUNT(*), NULL, NULL
        FROM {OfferCondition._meta.db_table} oc
        JOIN {OfferAnswer._meta.db_table} ca ON ca.id = oc.answer_id
        JOIN {Offer._meta.db_table} co ON co.id = ca.offer_id
        WHERE ca.at >= %s AND ca.at < %s{condition_scope}
        GROUP BY oc.kind, oc.construction
        ORDER BY 1, 3, 4"""
    params = [*lead_params, *lead_params, PROACTIVE_DAYS, start, end, *report_params,
              start, end, *offer_params, start, end, *condition_params]
    out = _ReportFigures({}, {}, [])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, facility_id, condition, construction, n, med, ahead in cursor.fetchall():
            if kind == 0:
                out.lead[facility_id] = {"n": n, "med": med, "ahead": ahead}
            elif kind == 1:
                out.offers[facility_id] = {"n": n}
            else:
                out.conditions.append({"kind": condition, "construction": construction, "n": n})
    return out


def _per_facility(rows: Any, key: str = "facility") -> dict[int, dict[str, Any]]:
    return {row[key]: row for row in rows}


def _central_figures(scope: Scope) -> dict[int, dict[str, Any]]:
    """Per facility, for admissions via central placement that started in the period (one query for the three
    tables that read them): how many, days from report to start and vacant days after the free date (median and
    90th percentile), and the median number of offers on the same report."""
    offers_on_report = (Offer.objects.filter(report=OuterRef("offer__report")).order_by()
                        .values("report").annotate(n=Count("id")).values("n"))
    return once_per_batch("central_stays", scope, lambda: _per_facility(
        _central_stays(scope)
        .annotate(wait=DaysBetween(F("start_on"), TruncDate("offer__report__reported_at")),
                  vacant=Greatest(DaysBetween(F("start_on"), F("offer__report__expected_free_on")), Value(0)),
                  offers=Cast(Subquery(offers_on_report), FloatField()))
        .values(facility=F("place__unit__facility_id"))
        .annotate(n=Count("id"), wait_med=Percentile("wait", 0.5), wait_p90=Percentile("wait", 0.9),
                  vacant_med=Percentile("vacant", 0.5), vacant_p90=Percentile("vacant", 0.9),
                  offers_med=Percentile("offers", 0.5)).order_by()))


def report_to_admission(scope: Scope) -> Table:
    """D-29: days from the capacity report to the start of the admission it led to."""
    by = _central_figures(scope)

    def cells(facility: FacilityRow) -> list[Any]:
        row = by.get(facility.id, {})
        return [row.get("n", 0), days(row.get("wait_med")), days(row.get("wait_p90"))]

    rows, keys = facility_rows(scope, cells)
    return Table(
        key="report_to_admission", title=_("Van melding tot opstart"),
        definition=_("Dagen van de melding van vrijkomende capaciteit tot de start van de opname die eruit "
                     "volgde, voor opnames via centrale toewijzing die in de periode startten (D-29). Mediaan en "
                     "90e percentiel."),
        columns=[Column("facility", _("Voorziening")), Column("admissions", _("Opnames")),
                 Column("median", _("Mediaan"), _("dagen")), Column("p90", _("P90"), _("dagen"))],
        rows=rows, series=["median"], drill_kind="facility", row_keys=keys,
    )


def vacancy_after_free(scope: Scope) -> Table:
    """D-29: days a place stays vacant after its free date, and place-days with status 'vrij'."""
    by = _central_figures(scope)
    free = place_days(scope, ("facility",))

    def cells(facility: FacilityRow) -> list[Any]:
        row = by.get(facility.id, {})
        history = free.get((0, facility.id))
        return [row.get("n", 0), days(row.get("vacant_med")), days(row.get("vacant_p90")),
                round(history.by_status.get("available", 0.0)) if history else 0]

    rows, keys = facility_rows(scope, cells)
    return Table(
        key="vacancy_after_free", title=_("Leegstand na vrijkomen"),
        definition=_("Dagen tussen de datum waarop de plaats vrijkwam (volgens de melding) en de start van de "
                     "volgende opname, voor opnames via centrale toewijzing in de periode (0 als de opname op of "
                     "voor die datum startte), en het aantal plaatsdagen dat plaatsen de status 'vrij' hadden."),
        columns=[Column("facility", _("Voorziening")), Column("admissions", _("Opnames")),
                 Column("median", _("Mediaan leegstand"), _("dagen")), Column("p90", _("P90 leegstand"), _("dagen")),
                 Column("free_days", _("Plaatsdagen 'vrij'"))],
        rows=rows, series=["median"], drill_kind="facility", row_keys=keys,
    )


def report_lead_time(scope: Scope) -> Table:
    """D-33: how proactively places are reported: days between the report and the expected free date."""
    few = _report_figures(scope)
    by = few.lead if few else _per_facility(
        CapacityReport.objects.filter(scope.place_q("place__"), reported_at__gte=scope.start_moment(),
                                      reported_at__lt=scope.end_moment())
        .annotate(lead=DaysBetween(F("expected_free_on"), TruncDate("reported_at")))
        .values(facility=F("place__unit__facility_id"))
        .annotate(n=Count("id"), med=Percentile("lead", 0.5),
                  ahead=Count("id", filter=Q(lead__gte=PROACTIVE_DAYS))).order_by())

    def cells(facility: FacilityRow) -> list[Any]:
        row = by.get(facility.id, {})
        return [row.get("n", 0), days(row.get("med")), percent(row.get("ahead", 0), row.get("n"))]

    rows, keys = facility_rows(scope, cells)
    return Table(
        key="report_lead_time", title=_("Proactief melden"),
        definition=_("Voor meldingen van vrijkomende capaciteit in de periode: het aantal dagen tussen de melding "
                     "en de datum waarop de plaats vrijkomt (mediaan), en het aandeel dat minstens %(days)d dagen "
                     "vooraf gemeld werd (D-33).") % {"days": PROACTIVE_DAYS},
        columns=[Column("facility", _("Voorziening")), Column("reports", _("Meldingen")),
                 Column("median", _("Mediane aanlooptijd"), _("dagen")),
                 Column("ahead", _("Vooraf gemeld"), "%")],
        rows=rows, series=["median"], drill_kind="facility", row_keys=keys,
    )


def offers_per_admission(scope: Scope) -> Table:
    """How many offers a capacity report needed before its place was filled."""
    few = _report_figures(scope)
    made = few.offers if few else _per_facility(
        Offer.objects.filter(scope.place_q("place__"), offered_at__gte=scope.start_moment(),
                             offered_at__lt=scope.end_moment())
        .values(facility=F("place__unit__facility_id")).annotate(n=Count("id")).order_by())
    by = _central_figures(scope)

    def cells(facility: FacilityRow) -> list[Any]:
        row = by.get(facility.id, {})
        n_offers = made.get(facility.id, {}).get("n", 0)
        return [n_offers, row.get("n", 0), days(row.get("offers_med")),
                days(n_offers / row["n"]) if row.get("n") else None]

    rows, keys = facility_rows(scope, cells)
    return Table(
        key="offers_per_admission", title=_("Voorstellen per opname"),
        definition=_("Voorstellen gedaan in de periode aan de voorziening, opnames via centrale toewijzing in de "
                     "periode, het mediane aantal voorstellen op dezelfde melding tot de plaats ingevuld was, en "
                     "voorstellen gedeeld door opnames."),
        columns=[Column("facility", _("Voorziening")), Column("offers", _("Voorstellen")),
                 Column("admissions", _("Opnames")), Column("median", _("Mediaan voorstellen per melding")),
                 Column("ratio", _("Voorstellen per opname"))],
        rows=rows, series=["ratio"], drill_kind="facility", row_keys=keys,
    )


def refusals(scope: Scope, group: str = "facility") -> Table:
    """Refusal rate per facility (or province) with the most frequent reason (D-13, D-14)."""
    counts: dict[int, dict[str, float]] = defaultdict(lambda: {"n": 0, "refused": 0})
    reasons: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for facility_id, reason, n, refused in _answer_figures(scope).by_facility_reason:
        counts[facility_id]["n"] += n
        counts[facility_id]["refused"] += refused
        if refused:
            reasons[facility_id][reason or "—"] += refused
    rows: list[list[Any]] = []
    keys: list[str] = []
    for row in groups_in(scope, group):
        n, refused = int(summed(counts, row.facility_ids, "n")), int(summed(counts, row.facility_ids, "refused"))
        merged: dict[str, int] = defaultdict(int)
        for facility_id in row.facility_ids:
            for reason, count in reasons.get(facility_id, {}).items():
                merged[reason] += count
        reason, top_n = min(merged.items(), key=lambda item: (-item[1], item[0])) if merged else ("—", 0)
        rows.append([row.label, n, refused, percent(refused, n), reason, top_n])
        keys.append(row.key)
    return Table(
        key="refusals", title=_("Weigeringen per voorziening"),
        definition=_("Antwoorden van voorzieningen op voorstellen in de periode, hoeveel daarvan een beslissing "
                     "tot niet-opstart waren (weigeringsgraad) en de meest gegeven reden. Lees de reden mee: een "
                     "weigering kan aan de situatie van de leefgroep liggen."),
        columns=[Column("facility", _("Voorziening")), Column("answers", _("Antwoorden")),
                 Column("refused", _("Weigeringen")), Column("rate", _("Weigeringsgraad"), "%"),
                 Column("top_reason", _("Meest gegeven reden")), Column("top_n", _("Aantal"))],
        rows=rows, series=["rate"], drill_kind=group, row_keys=keys,
    )


def refusals_by_module(scope: Scope) -> Table:
    rows = [[module, n, refused, percent(refused, n)] for module, n, refused in _answer_figures(scope).by_module]
    return Table(
        key="refusals_by_module", title=_("Weigeringen per module"),
        definition=_("Antwoorden op voorstellen in de periode en het aandeel weigeringen, per module van de plaats."),
        columns=[Column("module", _("Module")), Column("answers", _("Antwoorden")),
                 Column("refused", _("Weigeringen")), Column("rate", _("Weigeringsgraad"), "%")],
        rows=rows, series=["rate"],
    )


def refusal_reasons(scope: Scope) -> Table:
    refused = _answer_figures(scope).refused_by_reason
    total = sum(n for _why, n in refused)
    rows = [[why or "—", n, percent(n, total)] for why, n in refused]
    return Table(
        key="refusal_reasons", title=_("Redenen van weigering"),
        definition=_("Beslissingen tot niet-opstart in de periode naar de reden zoals die toen gegeven werd."),
        columns=[Column("reason", _("Reden")), Column("n", _("Weigeringen")), Column("share", _("Aandeel"), "%")],
        rows=rows, series=["n"],
    )


def refusal_trend(scope: Scope) -> Table:
    months = scope.months()
    by_month = _answer_figures(scope).by_month
    rows: list[list[Any]] = []
    for first, _last in months:
        n, refused = by_month.get((first.year, first.month), (0, 0))
        rows.append([month_label(first), n, refused, percent(refused, n)])
    return Table(
        key="refusal_trend", title=_("Weigeringen door de tijd"),
        definition=_("Per maand: antwoorden op voorstellen, weigeringen en de weigeringsgraad."),
        columns=[Column("month", _("Maand")), Column("answers", _("Antwoorden")),
                 Column("refused", _("Weigeringen")), Column("rate", _("Weigeringsgraad"), "%")],
        rows=rows, chart="line", series=["rate"],
    )


def refusal_patterns(scope: Scope, min_count: int = PATTERN_MIN) -> Table:
    """D-33: a facility refusing for the same reason repeatedly, with how the team judged those refusals."""
    rows_qs = (_answers(scope).filter(outcome=REFUSED)
               .values(facility=F("offer__place__unit__facility__name"),
                       ref=F("offer__place__unit__facility__ref"), why=Coalesce("reason_text", Value("")))
               .annotate(n=Count("id"),
                         not_followed=Count("id", filter=Q(review__verdict="argument_not_followed")))
               .filter(n__gte=min_count).order_by("facility", "why"))
    rows = [[row["facility"], row["why"] or "—", row["n"], row["not_followed"]] for row in rows_qs]
    return Table(
        key="refusal_patterns", title=_("Terugkerende weigeringen"),
        definition=_("Voorzieningen die in de periode minstens %(n)d keer om dezelfde reden weigerden, en hoe vaak "
                     "het team die argumentatie niet volgde. Een patroon is een vraag voor het gesprek, geen "
                     "oordeel.") % {"n": min_count},
        columns=[Column("facility", _("Voorziening")), Column("reason", _("Reden")),
                 Column("n", _("Weigeringen")), Column("not_followed", _("Argumentatie niet gevolgd"))],
        rows=rows, chart="none", drill_kind="facility", row_keys=[row["ref"] for row in rows_qs],
    )


def conditions(scope: Scope) -> Table:
    few = _report_figures(scope)
    rows_qs = few.conditions if few else (
        OfferCondition.objects.filter(scope.place_q("answer__offer__place__"), answer__at__gte=scope.start_moment(),
                                      answer__at__lt=scope.end_moment())
        .values("kind", "construction").annotate(n=Count("id")).order_by("kind", "construction"))
    rows = [[str(CONDITION_LABELS.get(row["kind"], row["kind"])),
             str(CONDITION_LABELS.get(row["construction"], row["construction"])) if row["construction"] else "—",
             row["n"]] for row in rows_qs]
    return Table(
        key="conditions", title=_("Gevraagde voorwaarden"),
        definition=_("Voorwaarden bij akkoorden met voorwaarden in de periode (D-13), naar soort en constructie."),
        columns=[Column("kind", _("Soort")), Column("construction", _("Constructie")), Column("n", _("Aantal"))],
        rows=rows, series=["n"],
    )


def collective_cases(scope: Scope) -> Table:
    region = scope.province or scope.region
    cases = CollectiveCase.objects.filter(opened_at__gte=scope.start_moment(), opened_at__lt=scope.end_moment())
    meetings = CollectiveConsultation.objects.filter(at__gte=scope.start_moment(), at__lt=scope.end_moment())
    if region:
        cases = cases.filter(request__youth__region=region)
        meetings = meetings.filter(case__request__youth__region=region)
    opened = {(r["m"].year, r["m"].month): r["n"] for r in
              cases.annotate(m=TruncMonth("opened_at")).values("m").annotate(n=Count("id")).order_by()}
    held = {(r["m"].year, r["m"].month): r["n"] for r in
            meetings.annotate(m=TruncMonth("at")).values("m").annotate(n=Count("id")).order_by()}
    rows = [[month_label(first), opened.get((first.year, first.month), 0), held.get((first.year, first.month), 0)]
            for first, _last in scope.months()]
    return Table(
        key="collective_cases", title=_("Collectieve dossiers"),
        definition=_("Per maand: collectieve dossiers geopend voor jongeren die door meerdere voorzieningen "
                     "geweigerd werden, en collectieve overlegmomenten (D-16). Regio van de jongere."),
        columns=[Column("month", _("Maand")), Column("opened", _("Geopend")), Column("held", _("Overleg"))],
        rows=rows, series=["opened", "held"], drill_kind="pool_collective",
    )


def mandate_use(scope: Scope) -> Table:
    decisions = MandateDecision.objects.filter(scope.facility_q("facility__"), at__gte=scope.start_moment(),
                                               at__lt=scope.end_moment())
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    youths: dict[str, int] = {}
    for row in decisions.values("step", "instrument").annotate(n=Count("id")).order_by():
        counts[row["step"]][row["instrument"] or ""] = row["n"]
    for row in decisions.values("step").annotate(n=Count("request", distinct=True)).order_by():
        youths[row["step"]] = row["n"]
    rows: list[list[Any]] = []
    for step, label in STEP_LABELS.items():
        by = counts.get(step, {})
        rows.append([str(label), sum(by.values()), youths.get(step, 0), by.get("allocation_mandate", 0),
                     by.get("process_intervention", 0)])
    return Table(
        key="mandate_use", title=_("Gebruik van het mandaat"),
        definition=_("Beslissingen op de mandaatladder in de periode per stap (D-15), met het aantal jongeren en "
                     "voor stap 3 het instrument."),
        columns=[Column("step", _("Stap")), Column("decisions", _("Beslissingen")), Column("youths", _("Jongeren")),
                 Column("allocation", _("Toewijzingsmandaat")), Column("intervention", _("Procesinterventie"))],
        rows=rows, series=["decisions"],
    )


__all__ = ["collective_cases", "conditions", "mandate_use", "offers_per_admission", "refusal_patterns",
           "refusal_reasons", "refusal_trend", "refusals", "refusals_by_module", "report_lead_time",
           "report_to_admission", "vacancy_after_free"]
