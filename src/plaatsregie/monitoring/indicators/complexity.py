"""Spread of complexity (D-28): complexity points per admission from needs flags, and the balance per facility.

The measure and the balance are defined once, in `plaatsregie.core.complexity` (weights, decay, fair share);
here the points and the decayed sum are computed in the database with the same weights.

The balance compares a facility with its fair share of the points *all* facilities took, so every dashboard (a
facility's too) needs the points per facility over all of Flanders: one query (`_basis`) computes each admission's
points once and returns, per facility, the weighted points, the places and the period's figures, plus the
distribution of points — shared by the balance and distribution tables of a dashboard (`intervals.batch()`) and
used as is by matching (`facility_balances`), so both sum the same figures in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Value, When
from django.db.models.functions import Cast, Greatest, Least
from django.utils.translation import gettext_lazy as _

from plaatsregie.core import complexity as measure
from plaatsregie.monitoring.indicators.common import FacilityRow, days, facility_rows, percent
from plaatsregie.monitoring.indicators.intervals import _tables, once_per_batch
from plaatsregie.monitoring.indicators.scope import Scope
from plaatsregie.monitoring.indicators.sql import DaysBetween, HasNeed
from plaatsregie.monitoring.tables import Column, Table
from plaatsregie.registry.models import Facility


def points_expression(prefix: str = "request__") -> Any:
    """The complexity points of an admission (`core.complexity.complexity_points`) as a database expression."""
    total: Any = Value(0)
    for need, weight in measure.COMPLEXITY_WEIGHTS.items():
        total = total + Case(When(HasNeed(F(f"{prefix}needs"), need), then=Value(weight)),
                             default=Value(0), output_field=IntegerField())
    return total


def weight_expression(on: date, full_days: int, fade_days: int) -> Any:
    """`core.complexity.age_weight` as a database expression."""
    age = Cast(DaysBetween(Value(on), F("start_on")), FloatField())
    if fade_days <= 0:
        return Case(When(start_on__gte=on - timedelta(days=full_days), then=Value(1.0)), default=Value(0.0),
                    output_field=FloatField())
    fading = Value(1.0) - (age - Value(float(full_days))) / Value(float(fade_days))
    return Greatest(Value(0.0), Least(Value(1.0), fading), output_field=FloatField())


def _points_sql(needs: str) -> tuple[str, list[Any]]:
    """`core.complexity.complexity_points` of the JSON list `needs` as SQL (the same test as `HasNeed`)."""
    parts, params = [], []
    for need, weight in measure.COMPLEXITY_WEIGHTS.items():
        if not need.replace("_", "").isalnum():
            raise ValueError(need)
        if connection.vendor == "postgresql":
            parts.append(f"CASE WHEN ({needs} ? %s) THEN {int(weight)} ELSE 0 END")
            params.append(need)
        else:
            parts.append(f"CASE WHEN ({needs} LIKE %s) THEN {int(weight)} ELSE 0 END")
            params.append(f'%"{need}"%')
    return "(0 + " + " + ".join(parts) + ")", params


def _weight_sql(on: date, full_days: int, fade_days: int) -> tuple[str, list[Any]]:
    """`core.complexity.age_weight` on `on` of the admission starting on `s.s`: the arithmetic of
    `weight_expression` (double precision), spelled for both databases."""
    if fade_days <= 0:
        return "CASE WHEN s.s >= %s THEN 1.0 ELSE 0.0 END", [on - timedelta(days=full_days)]
    if connection.vendor == "postgresql":
        age, low, high = "((%s - s.s))::double precision", "GREATEST", "LEAST"
    else:
        age, low, high = "CAST(CAST(ROUND(julianday(%s) - julianday(s.s)) AS INTEGER) AS real)", "MAX", "MIN"
    return (f"{low}(%s, {high}(%s, (%s - (({age} - %s) / %s))))",
            [0.0, 1.0, 1.0, on, float(full_days), float(fade_days)])


@dataclass(frozen=True)
class _Basis:
    """What the balance and the distribution read, from one query: per facility (in the query's order) the
    weighted points taken in the window, the places, and for admissions started in the period their number, mean
    points and highly complex ones; and the distribution of points over the period's admissions in scope."""

    taken: dict[int, float]
    places: dict[int, int]
    period: dict[int, tuple[int, Any, int]]
    distribution: dict[int, int]


def _basis(on: date, full_days: int, fade_days: int, modules: tuple[str, ...], start: date | None = None,
           scope: Scope | None = None) -> _Basis:
    """One query over all facilities (with the module filter): the admissions started on or before `on` in the
    counting window or from `start`, with their points computed once (a materialised CTE), grouped per facility,
    plus the places per facility and (with `scope`) the points distribution of the period's admissions in scope."""
    t = _tables()
    points, point_params = _points_sql("r.needs")
    weight, weight_params = _weight_sql(on, full_days, fade_days)
    window = on - timedelta(days=full_days + fade_days)
    module_join, module_where, module_params = "", "", []
    if modules:
        module_join = f" JOIN {t['module']} mt ON mt.id = u.module_type_id"
        module_where = f" AND mt.code IN ({', '.join(['%s'] * len(modules))})"
        module_params = list(modules)
    period = start if start is not None else on + timedelta(days=1)  # no period: facility_balances
    materialized = "MATERIALIZED " if connection.vendor == "postgresql" else ""
    sql = f"""
        WITH s AS {materialized}(
            SELECT u.facility_id AS f, a.start_on AS s, {points} AS pts
            FROM {t['stay']} a
            JOIN {t['request']} r ON r.id = a.request_id
            JOIN {t['place']} p ON p.id = a.place_id
            JOIN {t['unit']} u ON u.id = p.unit_id{module_join}
            WHERE a.start_on <= %s AND (a.start_on > %s OR a.start_on >= %s){module_where}
        )
        SELECT 0, s.f, SUM(s.pts * {weight}) FILTER (WHERE s.s > %s), COUNT(*) FILTER (WHERE s.s >= %s),
               AVG(s.pts) FILTER (WHERE s.s >= %s), COUNT(*) FILTER (WHERE s.s >= %s AND s.pts >= %s)
        FROM s GROUP BY s.f
        UNION ALL
        SELECT 1, u.facility_id, COUNT(*), NULL, NULL, NULL
        FROM {t['place']} p JOIN {t['unit']} u ON u.id = p.unit_id{module_join}
        WHERE 1 = 1{module_where}
        GROUP BY u.facility_id"""
    params: list[Any] = [*point_params, on, window, period, *module_params,
                         *weight_params, window, period, period, period, measure.HIGH_COMPLEXITY, *module_params]
    if scope is not None:
        in_scope, scope_params = _facility_filter(scope, "s.f", t["facility"])
        sql += f"""
        UNION ALL
        SELECT 2, s.pts, COUNT(*), NULL, NULL, NULL FROM s
        WHERE s.s >= %s{in_scope} GROUP BY s.pts"""
        params += [period, *scope_params]
    out = _Basis({}, {}, {}, {})
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, key, value, n, mean, high in cursor.fetchall():
            if kind == 0:
                out.taken[key] = float(value or 0)
                if n:
                    out.period[key] = (n, mean, high)
            elif kind == 1:
                out.places[key] = int(value)
            else:
                out.distribution[int(key)] = int(value)
    return out


def _facility_filter(scope: Scope, column: str, facility_table: str) -> tuple[str, list[Any]]:
    """`scope.facility_q()` as SQL on the facility id `column`."""
    sql, params = "", list[Any]()
    if scope.facility_ids is not None:
        if not scope.facility_ids:
            return " AND 1 = 0", []
        sql += f" AND {column} IN ({', '.join(['%s'] * len(scope.facility_ids))})"
        params += list(scope.facility_ids)
    region = scope.province or scope.region
    if region:
        sql += f" AND {column} IN (SELECT id FROM {facility_table} WHERE region = %s)"
        params.append(region)
    return sql, params


def complexity_balance(scope: Scope, full_days: int = measure.FULL_DAYS,
                       fade_days: int = measure.FADE_DAYS) -> Table:
    """Per facility: complexity of its admissions in the period and its balance against its fair share.

    The fair share is taken over all facilities with the same module filter (all Flanders), so a facility's
    balance is the same on its own, the province and the Flanders dashboard."""
    basis = _scope_basis(scope, full_days, fade_days)
    in_period = basis.period
    balance = measure.balances({str(k): v for k, v in basis.taken.items()},
                               {str(k): v for k, v in basis.places.items()})
    signal_labels = {signal: str(label) for signal, label in  # translated once, not per facility
                     {1: _("meer dan aandeel"), -1: _("minder dan aandeel"), 0: _("binnen aandeel")}.items()}

    def cells(facility: FacilityRow) -> list[Any]:
        n, mean, high = in_period.get(facility.id, (0, None, 0))
        b = balance.get(str(facility.id), measure.Balance(0.0, 0.0, 0))
        return [n, days(mean), percent(high, n),
                b.places, days(b.taken), days(b.fair_share), days(b.balance), signal_labels[b.signal]]

    rows, keys = facility_rows(scope, cells)
    return Table(
        key="complexity_balance", title=_("Spreiding van complexe situaties"),
        definition=_("Complexiteit van een opname = punten uit de noden van de jongere (gesloten setting 3, "
                     "psychiatrie 2, agressie 2, middelen 2, trauma 1, verstandelijke beperking 1) — niet de "
                     "urgentie. Saldo = opgenomen punten min het eerlijke aandeel volgens het aantal plaatsen, over "
                     "alle voorzieningen; een opname telt %(full)d dagen volledig en daarna over %(fade)d dagen "
                     "steeds minder. Een saldo boven +25%% van het aandeel wordt gesignaleerd, voor het gesprek "
                     "(D-28).") % {"full": full_days, "fade": fade_days},
        columns=[Column("facility", _("Voorziening")), Column("admissions", _("Opnames in periode")),
                 Column("mean", _("Gemiddelde complexiteit"), _("punten")),
                 Column("high", _("Hoog complex"), "%"), Column("places", _("Plaatsen")),
                 Column("taken", _("Opgenomen punten (gewogen)")), Column("fair", _("Eerlijk aandeel")),
                 Column("balance", _("Saldo")), Column("signal", _("Signaal"))],
        rows=rows, series=["balance"], drill_kind="facility", row_keys=keys,
    )


def facility_balances(on: date, full_days: int = measure.FULL_DAYS,
                      fade_days: int = measure.FADE_DAYS) -> dict[str, measure.Balance]:
    """Every facility's complexity balance on `on`, by facility reference, over all modules: what a policy
    ordering by `complexity_balance` uses (D-28). The same points, decay and fair share as the
    `complexity_balance` table on a dashboard without a module filter, so monitoring and matching agree."""
    basis = _basis(on, full_days, fade_days, ())
    refs = dict(Facility.objects.values_list("id", "ref"))
    return measure.balances({refs[k]: v for k, v in basis.taken.items()},
                            {refs[k]: v for k, v in basis.places.items()})


def _scope_basis(scope: Scope, full_days: int = measure.FULL_DAYS, fade_days: int = measure.FADE_DAYS) -> _Basis:
    """`_basis` for a dashboard's scope (all facilities with its module filter; the distribution over its own
    facilities), once per scope within `intervals.batch()`."""
    return once_per_batch(f"complexity:{full_days}:{fade_days}", scope, lambda: _basis(
        scope.end, full_days, fade_days, scope.modules, scope.start, scope))


def complexity_distribution(scope: Scope) -> Table:
    """How many admissions in the period had 0, 1, 2, … complexity points."""
    counts = _scope_basis(scope).distribution
    top = max([*counts, 6])
    total = sum(counts.values())
    rows = [[str(p), counts.get(p, 0), percent(counts.get(p, 0), total)] for p in range(top + 1)]
    return Table(
        key="complexity_distribution", title=_("Verdeling van de complexiteit"),
        definition=_("Opnames die in de periode startten, naar hun complexiteitspunten (zie 'Spreiding van "
                     "complexe situaties')."),
        columns=[Column("points", _("Punten")), Column("admissions", _("Opnames")), Column("share", _("Aandeel"), "%")],
        rows=rows, series=["admissions"],
    )


__all__ = ["complexity_balance", "complexity_distribution", "facility_balances", "points_expression",
           "weight_expression"]
