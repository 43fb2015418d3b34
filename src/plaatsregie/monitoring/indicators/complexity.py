"""Spread of complexity (D-28): complexity points per admission from needs flags, and the balance per facility.

The measure and the balance are defined once, in `plaatsregie.core.complexity` (weights, decay, fair share);
here the points and the decayed sum are computed in the database with the same weights.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Avg, Case, Count, F, FloatField, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Cast, Greatest, Least
from django.utils.translation import gettext_lazy as _

from plaatsregie.core import complexity as measure
from plaatsregie.monitoring.indicators.common import FacilityRow, days, facility_rows, percent, places_now
from plaatsregie.monitoring.indicators.scope import Scope
from plaatsregie.monitoring.indicators.sql import DaysBetween, HasNeed
from plaatsregie.monitoring.tables import Column, Table
from plaatsregie.placement.models import Admission
from plaatsregie.registry.models import Place


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


def _weighted_stays(on: date, full_days: int, fade_days: int) -> tuple[QuerySet[Admission], Q]:
    """The admissions started on or before `on` with their complexity points and their weight on `on`, and the
    window in which an admission still counts: what both the dashboard's balance and matching's balance sum."""
    stays = Admission.objects.filter(start_on__lte=on).annotate(
        points=points_expression(), weight=weight_expression(on, full_days, fade_days))
    return stays, Q(start_on__gt=on - timedelta(days=full_days + fade_days))


def complexity_balance(scope: Scope, full_days: int = measure.FULL_DAYS,
                       fade_days: int = measure.FADE_DAYS) -> Table:
    """Per facility: complexity of its admissions in the period and its balance against its fair share.

    The fair share is taken over all facilities with the same module filter (all Flanders), so a facility's
    balance is the same on its own, the province and the Flanders dashboard."""
    everyone = Scope(start=scope.start, end=scope.end, modules=scope.modules)
    stays, window = _weighted_stays(scope.end, full_days, fade_days)
    stays = stays.filter(everyone.place_q("place__"))
    period = Q(start_on__gte=scope.start)
    per_facility = {row["facility"]: row for row in
                    stays.filter(window | period).values(facility=F("place__unit__facility_id"))
                    .annotate(taken=Sum(F("points") * F("weight"), filter=window, output_field=FloatField()),
                              n=Count("id", filter=period), mean=Avg("points", filter=period),
                              high=Count("id", filter=period & Q(points__gte=measure.HIGH_COMPLEXITY)))
                    .order_by()}
    taken = {facility: float(row["taken"] or 0) for facility, row in per_facility.items()}
    in_period = per_facility
    places: dict[int, int] = {}  # per facility (shared with places-by-status when the scopes coincide)
    for facility_id, _status, n in places_now(everyone):
        places[facility_id] = places.get(facility_id, 0) + n
    balance = measure.balances({str(k): v for k, v in taken.items()}, {str(k): v for k, v in places.items()})
    signal_labels = {signal: str(label) for signal, label in  # translated once, not per facility
                     {1: _("meer dan aandeel"), -1: _("minder dan aandeel"), 0: _("binnen aandeel")}.items()}

    def cells(facility: FacilityRow) -> list[Any]:
        row = in_period.get(facility.id, {})
        b = balance.get(str(facility.id), measure.Balance(0.0, 0.0, 0))
        return [row.get("n", 0), days(row.get("mean")), percent(row.get("high", 0), row.get("n")),
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
    stays, window = _weighted_stays(on, full_days, fade_days)
    taken = dict(stays.filter(window).values(facility=F("place__unit__facility__ref"))
                 .annotate(taken=Sum(F("points") * F("weight"), output_field=FloatField()))
                 .values_list("facility", "taken").order_by())
    places = dict(Place.objects.values(facility=F("unit__facility__ref")).annotate(n=Count("id"))
                  .values_list("facility", "n").order_by())
    return measure.balances({k: float(v or 0) for k, v in taken.items()}, places)


def complexity_distribution(scope: Scope) -> Table:
    """How many admissions in the period had 0, 1, 2, … complexity points."""
    counts = dict(Admission.objects.filter(scope.place_q("place__"), start_on__gte=scope.start,
                                           start_on__lte=scope.end)
                  .annotate(points=points_expression()).values("points").annotate(n=Count("id"))
                  .values_list("points", "n").order_by())
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
