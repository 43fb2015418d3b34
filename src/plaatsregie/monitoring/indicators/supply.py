"""Supply (D-27, D-30, D-31): occupancy, places by status, unavailable places, short-stay capacity."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from plaatsregie.core.types import PlaceStatus
from plaatsregie.monitoring.indicators.common import days, groups_in, month_label, percent, places_now
from plaatsregie.monitoring.indicators.intervals import PlaceDays, _place_filter, _tables, occupied_days, place_days
from plaatsregie.monitoring.indicators.scope import Scope
from plaatsregie.monitoring.tables import Column, Table
from plaatsregie.registry.models import UnavailabilityReason

STATUS_LABELS = {
    PlaceStatus.OCCUPIED.value: _("bezet"),
    PlaceStatus.FREEING.value: _("komt vrij"),
    PlaceStatus.AVAILABLE.value: _("vrij"),
    PlaceStatus.RESERVED.value: _("gereserveerd"),
    PlaceStatus.UNAVAILABLE.value: _("niet beschikbaar"),
}
STRUCTURAL_DAYS = 90
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def occupancy(scope: Scope, group: str = "facility") -> Table:
    """Occupancy per facility (or province) over all modules and for the residential function (D-30, Stap 7)."""
    history = place_days(scope, ("facility", "residential"))
    stays = occupied_days(scope, ("facility", "residential"))
    rows: list[list[Any]] = []
    keys: list[str] = []
    for row in groups_in(scope, group):
        parts = [(_sum_days(history, row.facility_ids, r), sum(stays.get((0, f, r), 0) for f in row.facility_ids))
                 for r in (1, 0)]
        available = sum(p.available for p, _o in parts)
        occupied = sum(o for _p, o in parts)
        unavailable = sum(p.unavailable for p, _o in parts)
        rows.append([row.label, round(available), occupied, percent(occupied, available),
                     percent(parts[0][1], parts[0][0].available), round(unavailable)])
        keys.append(row.key)
    return Table(
        key="occupancy", title=_("Bezetting per voorziening"),
        definition=_("Bezette plaatsdagen gedeeld door beschikbare plaatsdagen in de periode, over alle modules van "
                     "de voorziening en apart voor de functie verblijf (modules die een verblijfsvorm zijn). Een "
                     "plaatsdag is beschikbaar als de plaats bestond en niet 'niet beschikbaar' was (uit de "
                     "geschiedenis van elke plaats); bezette dagen komen uit de opnames (van de startdag tot de "
                     "dag van ontslag). Alfabetisch: dit is geen rangschikking; bespreek cijfers met hun context."),
        columns=[Column("facility", _("Voorziening")), Column("available", _("Beschikbare plaatsdagen")),
                 Column("occupied", _("Bezette plaatsdagen")), Column("occupancy", _("Bezetting"), "%"),
                 Column("residential", _("Bezetting verblijf"), "%"),
                 Column("unavailable", _("Niet-beschikbare plaatsdagen"))],
        rows=rows, series=["occupancy", "residential"], drill_kind=group, row_keys=keys,
    )


def _sum_days(values: dict[tuple[Any, ...], PlaceDays], ids: tuple[int, ...], *rest: Any) -> PlaceDays:
    total: dict[str, float] = defaultdict(float)
    for facility_id in ids:
        found = values.get((0, facility_id, *rest))
        for status, value in (found.by_status.items() if found else ()):
            total[status] += value
    return PlaceDays(dict(total))


def occupancy_trend(scope: Scope) -> Table:
    """Occupancy per month, all modules and residential (D-31: evolution of occupancy)."""
    months = scope.months()
    history = place_days(scope, ("residential",), months)
    stays = occupied_days(scope, ("residential",), months)
    rows: list[list[Any]] = []
    for index, (first, _last) in enumerate(months):
        res = history.get((index, 1)) or PlaceDays({})
        other = history.get((index, 0)) or PlaceDays({})
        occ_res, occ_other = stays.get((index, 1), 0), stays.get((index, 0), 0)
        rows.append([month_label(first), round(res.available + other.available), occ_res + occ_other,
                     percent(occ_res + occ_other, res.available + other.available), percent(occ_res, res.available)])
    return Table(
        key="occupancy_trend", title=_("Evolutie van de bezetting"),
        definition=_("Per maand: bezette plaatsdagen gedeeld door beschikbare plaatsdagen (zie 'Bezetting per "
                     "voorziening'), voor alle plaatsen in de selectie en voor de functie verblijf."),
        columns=[Column("month", _("Maand")), Column("available", _("Beschikbare plaatsdagen")),
                 Column("occupied", _("Bezette plaatsdagen")), Column("occupancy", _("Bezetting"), "%"),
                 Column("residential", _("Bezetting verblijf"), "%")],
        rows=rows, chart="line", series=["occupancy", "residential"],
    )


def places_by_status(scope: Scope, group: str = "facility") -> Table:
    """The places per facility (or province) by their status now (D-5)."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for facility_id, status, n in places_now(scope):
        counts[facility_id][status] = n
    rows: list[list[Any]] = []
    keys: list[str] = []
    for row in groups_in(scope, group):
        by = {s: sum(counts.get(f, {}).get(s, 0) for f in row.facility_ids) for s in STATUS_LABELS}
        rows.append([row.label, *by.values(), sum(by.values())])
        keys.append(row.key)
    return Table(
        key="places_by_status", title=_("Plaatsen naar status vandaag"),
        definition=_("Het aantal plaatsen per status zoals ze vandaag geregistreerd zijn: bezet, komt vrij, vrij, "
                     "gereserveerd of niet beschikbaar."),
        columns=[Column("facility", _("Voorziening")),
                 *(Column(s, label) for s, label in STATUS_LABELS.items()), Column("total", _("Totaal"))],
        rows=rows, chart="stacked", series=list(STATUS_LABELS),
        drill_kind="facility_places" if group == "facility" else group, row_keys=keys,
    )


def unavailable_reasons(scope: Scope) -> Table:
    """Unavailable place-days per reason in the period, and how many places that is on an average day (D-5)."""
    by_reason = place_days(scope, ("reason",))
    totals = {reason_id: value.unavailable for (_i, reason_id), value in by_reason.items()
              if reason_id is not None and value.unavailable > 0}
    labels = dict(UnavailabilityReason.objects.filter(id__in=totals).values_list("id", "label"))
    rows: list[list[Any]] = []
    keys: list[str] = []
    for reason_id, place_days_ in sorted(totals.items(), key=lambda item: str(labels.get(item[0], ""))):
        rows.append([labels.get(reason_id, "—"), round(place_days_), days(place_days_ / scope.days)])
        keys.append(str(reason_id))
    return Table(
        key="unavailable_reasons", title=_("Niet-beschikbare plaatsen naar reden"),
        definition=_("Per reden van niet-beschikbaarheid: het aantal niet-beschikbare plaatsdagen in de periode "
                     "(uit de geschiedenis van elke plaats; een plaats die al voor de periode niet beschikbaar was, "
                     "telt vanaf de eerste dag) en hoeveel plaatsen dat op een gemiddelde dag zijn. Hoe lang "
                     "afzonderlijke plaatsen al niet beschikbaar zijn: zie 'Structureel niet-beschikbare plaatsen'."),
        columns=[Column("reason", _("Reden")), Column("place_days", _("Plaatsdagen")),
                 Column("per_day", _("Plaatsen per dag (gemiddeld)"))],
        rows=rows, series=["place_days"], drill_kind="reason", row_keys=keys,
    )


def structurally_unavailable(scope: Scope, min_days: int = STRUCTURAL_DAYS) -> Table:
    """Places unavailable now for more than `min_days` days without interruption (D-30: plan to reactivate)."""
    names = _tables()
    unavailable = PlaceStatus.UNAVAILABLE.value
    in_scope, scope_params = _place_filter(scope, "p.id")
    # since: the first record of the place's current unavailable run — its first 'unavailable' record after the
    # last record with another status (two index lookups per unavailable place in scope)
    sql = f"""
        SELECT p.ref, f.name, f.ref, r.label,
               (SELECT MIN(h.history_date) FROM {names['hist']} h
                WHERE h.id = p.id AND h.status = %s AND h.history_date > COALESCE(
                    (SELECT MAX(o.history_date) FROM {names['hist']} o WHERE o.id = p.id AND o.status <> %s), %s)),
               p.unavailable_until
        FROM {names['place']} p
        JOIN {names['unit']} u ON u.id = p.unit_id
        JOIN {names['facility']} f ON f.id = u.facility_id
        LEFT JOIN {UnavailabilityReason._meta.db_table} r ON r.id = p.unavailable_reason_id
        WHERE p.status = %s{in_scope}
        ORDER BY f.name, p.ref"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [unavailable, unavailable, connection.ops.adapt_datetimefield_value(EPOCH), unavailable,
                             *scope_params])
        places = [(ref, facility, facility_ref, reason, _as_datetime(since_at), _as_date(until))
                  for ref, facility, facility_ref, reason, since_at, until in cursor.fetchall()]
    reference = scope.reference_day
    rows: list[list[Any]] = []
    keys: list[str] = []
    for ref, facility, facility_ref, reason, since_at, until in places:
        if since_at is None:
            continue
        since_day = timezone.localtime(since_at).date()
        length = (reference - since_day).days
        if length > min_days:
            rows.append([ref, facility, reason or "—", since_day.strftime("%d/%m/%Y"), length,
                         until.strftime("%d/%m/%Y") if until else "—"])
            keys.append(facility_ref)
    return Table(
        key="structurally_unavailable", title=_("Structureel niet-beschikbare plaatsen"),
        definition=_("Plaatsen die vandaag niet beschikbaar zijn en dat zonder onderbreking al meer dan %(days)d "
                     "dagen zijn, met de reden en de geplande einddatum. Aanleiding om een plan van aanpak voor "
                     "heractivering te bespreken (Stap 7).") % {"days": min_days},
        columns=[Column("place", _("Plaats")), Column("facility", _("Voorziening")), Column("reason", _("Reden")),
                 Column("since", _("Niet beschikbaar sinds")), Column("days", _("Duur"), _("dagen")),
                 Column("until", _("Gepland tot"))],
        rows=rows, chart="none", drill_kind="facility_places", row_keys=keys,
    )


def _as_datetime(value: Any) -> datetime | None:
    """A moment read with raw SQL: aware on PostgreSQL, naive UTC text on SQLite."""
    if value is None or isinstance(value, datetime):
        return value if value is None or timezone.is_aware(value) else timezone.make_aware(value, UTC)
    parsed = parse_datetime(str(value))
    return None if parsed is None else timezone.make_aware(parsed, UTC) if timezone.is_naive(parsed) else parsed


def _as_date(value: Any) -> date | None:
    """A date read with raw SQL: a date on PostgreSQL, ISO text on SQLite."""
    return value if value is None or isinstance(value, date) else date.fromisoformat(str(value))


def short_stay(scope: Scope) -> Table:
    """Short-stay versus regular capacity and its use, per month (D-27)."""
    months = scope.months()
    history = place_days(scope, ("short_stay",), months)
    stays = occupied_days(scope, ("short_stay",), months)
    rows: list[list[Any]] = []
    for index, (first, last) in enumerate(months):
        length = (last - first).days + 1
        short = history.get((index, True)) or history.get((index, 1)) or PlaceDays({})
        regular = history.get((index, False)) or history.get((index, 0)) or PlaceDays({})
        occ_short = stays.get((index, True), stays.get((index, 1), 0))
        occ_regular = stays.get((index, False), stays.get((index, 0), 0))
        rows.append([month_label(first), round(short.available / length, 1), round(regular.available / length, 1),
                     percent(occ_short, short.available), percent(occ_regular, regular.available)])
    return Table(
        key="short_stay", title=_("Kortdurende en reguliere capaciteit"),
        definition=_("Per maand: het gemiddeld aantal beschikbare kortdurende plaatsen (terugvalbed, time-out, "
                     "overbrugging) en reguliere plaatsen, en de bezetting van elk. Kortdurende capaciteit hoort "
                     "niet te verdwijnen door te sturen op volle bezetting (D-27)."),
        columns=[Column("month", _("Maand")), Column("short_places", _("Kortdurende plaatsen")),
                 Column("regular_places", _("Reguliere plaatsen")),
                 Column("short_occupancy", _("Bezetting kortdurend"), "%"),
                 Column("regular_occupancy", _("Bezetting regulier"), "%")],
        rows=rows, chart="line", series=["short_occupancy", "regular_occupancy"],
    )


__all__ = ["occupancy", "occupancy_trend", "places_by_status", "short_stay", "structurally_unavailable",
           "unavailable_reasons"]
