"""Demand (D-34): the waiting pool, its evolution, waiting times, stale requests and access equity."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plaatsregie.core.stats import wilson_interval
from plaatsregie.core.types import Gender, Urgency
from plaatsregie.monitoring.indicators.common import days, month_label, percent
from plaatsregie.monitoring.indicators.intervals import _days, in_batch, once_per_batch
from plaatsregie.monitoring.indicators.scope import DAY, Scope
from plaatsregie.monitoring.indicators.sql import DaysBetween, HasNeed, Percentile
from plaatsregie.monitoring.tables import Column, Table
from plaatsregie.placement.models import Admission
from plaatsregie.registry.models import ModuleType
from plaatsregie.waiting.models import Request

URGENCY_LABELS = {
    Urgency.ACUTE.value: _("1 – acuut"),
    Urgency.VERY_URGENT.value: _("2 – zeer dringend"),
    Urgency.URGENT.value: _("3 – dringend"),
    Urgency.LESS_URGENT.value: _("4 – minder dringend"),
}
AGE_BANDS = {"0-5": (0, 5), "6-11": (6, 11), "12-17": (12, 17), "18+": (18, 120)}  # as the team's pool filter
GENDER_LABELS = {Gender.FEMALE.value: _("meisje"), Gender.MALE.value: _("jongen"), Gender.OTHER.value: _("X")}
EQUITY_FLAGS = {  # needs flags the sector says find less access (seed 004), as far as they are recorded
    "poverty": _("armoede"),
    "migration_background": _("migratieachtergrond"),
    "intellectual_disability": _("verstandelijke beperking"),
    "school_dropout": _("schooluitval"),
    "parenting_support": _("nood aan opvoedingsondersteuning"),
}
DIMENSIONS = ("urgency", "region", "module", "age_band", "gender")


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def requests_in(scope: Scope) -> QuerySet[Request]:
    """Requests in the demand scope: the youth's region (province or region filter) and the modules asked,
    annotated with `admitted_on` (the start of the first admission)."""
    return _base_requests(scope).annotate(admitted_on=Subquery(
        Admission.objects.filter(request=OuterRef("pk")).order_by("start_on").values("start_on")[:1]))


def _base_requests(scope: Scope) -> QuerySet[Request]:
    rows = Request.objects.all()
    region = scope.province or scope.region
    if region:
        rows = rows.filter(youth__region=region)
    if scope.modules:
        rows = rows.filter(id__in=Request.objects.filter(module_types__code__in=scope.modules).values("id"))
    return rows


def waiting_on(day: date) -> Q:
    """Waiting at the end of `day`: registered, not yet admitted, not withdrawn (needs `admitted_on`)."""
    return (Q(registered_on__lte=day) & (Q(admitted_on__isnull=True) | Q(admitted_on__gt=day))
            & (Q(withdrawal__isnull=True) | Q(withdrawal__at__gte=_moment(day + DAY))))


def _age_band(reference: date) -> Case:
    whens = []
    for band, (low, high) in AGE_BANDS.items():
        youngest_birth = date(reference.year - low, reference.month, min(reference.day, 28))
        oldest_birth = date(reference.year - high - 1, reference.month, min(reference.day, 28))
        whens.append(When(youth__birth_date__lte=youngest_birth, youth__birth_date__gt=oldest_birth,
                          then=Value(band)))
    return Case(*whens, default=Value("?"))


def pool_by(scope: Scope, dimension: str) -> Table:
    """The waiting pool at the end of the period by urgency, region, module, age band or gender."""
    if dimension not in DIMENSIONS:
        raise ValueError(dimension)
    if dimension == "module":
        counts = _pool_by_module(scope)
    else:
        counts = defaultdict(int)
        for values, n in _pool_now(scope).items():
            counts[values[POOL_GROUPS.index(dimension)]] += n
    labels: dict[Any, Any]
    if dimension == "urgency":
        labels = dict(URGENCY_LABELS)
    elif dimension == "age_band":
        labels = {band: _("%(band)s jaar") % {"band": band} for band in AGE_BANDS}
    elif dimension == "gender":
        labels = dict(GENDER_LABELS)
    else:
        labels = {key: key for key in sorted(k for k in counts if k)}
    titles = {"urgency": _("Wachtpool naar urgentie"), "region": _("Wachtpool naar regio"),
              "module": _("Wachtpool naar gevraagde module"), "age_band": _("Wachtpool naar leeftijd"),
              "gender": _("Wachtpool naar geslacht")}
    heads = {"urgency": _("Urgentie"), "region": _("Regio"), "module": _("Module"), "age_band": _("Leeftijd"),
             "gender": _("Geslacht")}
    note = _("Een aanmelding voor meerdere modules telt bij elke gevraagde module.") if dimension == "module" else ""
    return Table(
        key=f"pool_{dimension}", title=titles[dimension],
        definition=_("Het aantal wachtende aanmeldingen op de laatste dag van de periode: aangemeld, nog niet "
                     "opgenomen en niet ingetrokken. Leeftijd op die dag; regio van de context van de jongere."),
        columns=[Column("group", heads[dimension]), Column("waiting", _("Wachtend"))],
        rows=[[str(label), counts.get(key, 0)] for key, label in labels.items()], series=["waiting"], note=note,
        drill_kind=f"pool_{dimension}", row_keys=[str(key) for key in labels],
    )


def _facts(scope: Scope, **extra: Any) -> tuple[str, list[Any]]:
    """The requests in scope as a derived table: urgency, registered, first admission and withdrawal day, plus
    `extra` annotations — so the outer query reads each request's dates once instead of per condition."""
    # The withdrawal is one-to-one (a plain join); the first admission comes from admissions grouped per request
    # once, not from grouping the requests with all their annotations.
    inner = (_base_requests(scope).annotate(**extra, withdrawn_on=TruncDate("withdrawal__at"))
             .values("id", "urgency", "registered_on", *extra, "withdrawn_on").order_by())
    sql, params = inner.query.sql_with_params()
    first = (f"SELECT request_id, MIN(start_on) AS admitted_on FROM {Admission._meta.db_table} "
             "GROUP BY request_id")
    return f"SELECT r.*, a.admitted_on FROM ({sql}) r LEFT JOIN ({first}) a ON a.request_id = r.id", list(params)


def _facts_table(scope: Scope, **extra: Any) -> tuple[str, list[Any]]:
    """`_facts` as the derived table `t`."""
    sql, params = _facts(scope, **extra)
    # PostgreSQL: OFFSET 0 keeps the derived table whole, so each request's dates are computed once and not
    # inlined into every condition of the outer query
    fence = " OFFSET 0" if connection.vendor == "postgresql" else ""
    return f"({sql}{fence}) t", params


@dataclass(frozen=True)
class _Aggregate:
    """One demand figure over the requests' facts `t`: its SELECT list (group keys, each in a slot of the shared
    query, then values), what follows FROM t (joins, WHERE, GROUP BY) and the fact annotations it reads."""

    keys: list[tuple[str, str]]
    values: list[str]
    params: list[Any]
    tail: str
    tail_params: list[Any]
    extra: dict[str, Any]


SLOTS = (("urgency", "INTEGER"), ("region", "VARCHAR"), ("band", "VARCHAR"), ("gender", "VARCHAR"),
         ("stale", "INTEGER"), ("code", "VARCHAR"))


def _demand_rows(scope: Scope, name: str) -> list[tuple[Any, ...]]:
    """The rows (group keys, then values) of the demand aggregate `name`. Within `intervals.batch()` the four
    aggregates over the requests' facts (pool, pool by module, still waiting, equity) come from one query that
    computes the facts once (at `10x`, ~85,000 requests with their first admission: ~0.1 s each time)."""
    if in_batch():
        return once_per_batch("demand", scope, lambda: _demand_query(scope))[name]
    aggregate = AGGREGATES[name](scope)
    source, params = _facts_table(scope, **aggregate.extra)
    select = ", ".join([key for _slot, key in aggregate.keys] + aggregate.values)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {select} FROM {source} {aggregate.tail}",
                       [*aggregate.params, *params, *aggregate.tail_params])
        return [tuple(row) for row in cursor.fetchall()]


def _demand_query(scope: Scope) -> dict[str, list[tuple[Any, ...]]]:
    """Every demand aggregate from one query: the facts (with every annotation any of them reads) as a
    materialised CTE, each aggregate a branch of a UNION ALL (keys in their slots, values padded with NULLs;
    counts may come back as floats on PostgreSQL, where a column mixes them with percentiles)."""
    aggregates = {name: build(scope) for name, build in AGGREGATES.items()}
    extra: dict[str, Any] = {}
    for aggregate in aggregates.values():
        extra.update(aggregate.extra)
    facts, params = _facts(scope, **extra)
    width = max(len(aggregate.values) for aggregate in aggregates.values())
    parts: list[str] = []
    for index, aggregate in enumerate(aggregates.values()):
        slots = dict(aggregate.keys)
        columns = [str(index), *(slots.get(slot, f"CAST(NULL AS {kind})") for slot, kind in SLOTS),
                   *aggregate.values, *["CAST(NULL AS FLOAT)"] * (width - len(aggregate.values))]
        parts.append(f"SELECT {', '.join(columns)} FROM t {aggregate.tail}")
        params += [*aggregate.params, *aggregate.tail_params]
    materialized = "MATERIALIZED " if connection.vendor == "postgresql" else ""
    names = list(aggregates)
    slot_names = [slot for slot, _kind in SLOTS]
    out: dict[str, list[tuple[Any, ...]]] = {name: [] for name in names}
    with connection.cursor() as cursor:
        cursor.execute(f"WITH t AS {materialized}({facts}) " + " UNION ALL ".join(parts), params)
        for row in cursor.fetchall():
            name = names[row[0]]
            aggregate = aggregates[name]
            keys = [row[1 + slot_names.index(slot)] for slot, _key in aggregate.keys]
            first = 1 + len(SLOTS)
            out[name].append((*keys, *row[first:first + len(aggregate.values)]))
    return out


def _waiting_sql(day: date) -> tuple[str, list[Any]]:
    return ("t.registered_on <= %s AND (t.admitted_on IS NULL OR t.admitted_on > %s) "
            "AND (t.withdrawn_on IS NULL OR t.withdrawn_on > %s)", [day, day, day])


POOL_GROUPS = ("urgency", "region", "age_band", "gender", "stale")


def _pool_by_module(scope: Scope) -> dict[Any, int]:
    return {code: int(n) for code, n in _demand_rows(scope, "module")}


def _module_aggregate(scope: Scope) -> _Aggregate:
    condition, values = _waiting_sql(scope.end)
    link = Request.module_types.through
    return _Aggregate([("code", "mt.code")], ["COUNT(*)"], [],
                      f"JOIN {link._meta.db_table} rm ON rm.request_id = t.id "
                      f"JOIN {ModuleType._meta.db_table} mt ON mt.id = rm.moduletype_id "
                      f"WHERE {condition} GROUP BY mt.code", values, {})


def _pool_now(scope: Scope) -> dict[tuple[Any, ...], int]:
    """The waiting pool at the end of the period, counted per urgency × region × age band × gender × stale."""
    return {groups: int(counts[0]) for groups, counts in _pool_counts(scope).items() if counts[0]}


def _pool_counts(scope: Scope) -> dict[tuple[Any, ...], list[int]]:
    """Per urgency × region × age band (at the end of the period) × gender × stale: how many requests wait at
    the end of the period and at the end of each month — one query for the pool tables, once per scope within
    `intervals.batch()`."""
    return {tuple(row[:5]): [int(n or 0) for n in row[5:]] for row in _demand_rows(scope, "pool")}


def _pool_aggregate(scope: Scope) -> _Aggregate:
    day = scope.end
    limit = day - DAY * settings.PLAATSREGIE_STALE_AFTER_DAYS
    stale = Case(When(last_confirmed_on__lt=limit, then=Value(1)), default=Value(0), output_field=IntegerField())
    counts, count_params = [], []
    for last in [day, *(last for _first, last in scope.months())]:
        condition, values = _waiting_sql(last)
        counts.append(f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)")
        count_params += values
    # only requests that can wait on one of those days (a group that waits on none counts 0 everywhere and is
    # left out: the tables read only non-zero counts)
    first = min(day, *(last for _first, last in scope.months()))
    return _Aggregate([("urgency", "t.urgency"), ("region", "t.region"), ("band", "t.band"),
                       ("gender", "t.gender"), ("stale", "t.stale")], counts, count_params,
                      "WHERE t.registered_on <= %s AND (t.admitted_on IS NULL OR t.admitted_on > %s) "
                      "AND (t.withdrawn_on IS NULL OR t.withdrawn_on > %s) "
                      "GROUP BY t.urgency, t.region, t.band, t.gender, t.stale", [day, first, first],
                      {"region": F("youth__region"), "gender": F("youth__gender"), "band": _age_band(day),
                       "stale": stale})


def pool_evolution(scope: Scope) -> Table:
    """The waiting pool at the end of each month, by urgency (D-34: evolution)."""
    months = scope.months()
    by_urgency: dict[Any, list[int]] = {}
    for groups, counts in _pool_counts(scope).items():
        total = by_urgency.setdefault(groups[0], [0] * len(months))
        for i, n in enumerate(counts[1:]):
            total[i] += n
    rows: list[list[Any]] = []
    for i, (first, _last) in enumerate(months):
        values = [int(by_urgency[u][i] or 0) if u in by_urgency else 0 for u in URGENCY_LABELS]
        rows.append([month_label(first), *values, sum(values)])
    return Table(
        key="pool_evolution", title=_("Evolutie van de wachtpool"),
        definition=_("Het aantal wachtende aanmeldingen op de laatste dag van elke maand, naar urgentie (de "
                     "urgentie zoals ze nu geregistreerd is)."),
        columns=[Column("month", _("Maand")),
                 *(Column(f"u{u}", label) for u, label in URGENCY_LABELS.items()), Column("total", _("Totaal"))],
        rows=rows, chart="line", series=[f"u{u}" for u in URGENCY_LABELS],
    )


def waiting_times(scope: Scope) -> Table:
    """Waiting time in days, median and 90th percentile: request → admission, and for those still waiting."""
    day = scope.end
    admissions = Admission.objects.filter(start_on__gte=scope.start, start_on__lte=day, offer__isnull=False)
    if scope.province or scope.region or scope.modules:  # else every request is in scope: no semi-join
        admissions = admissions.filter(request__in=_base_requests(scope).values("id"))
    admitted = (admissions
                .annotate(wait=DaysBetween(F("start_on"), F("request__registered_on")))
                .values("request__urgency")
                .annotate(n=Count("id"), med=Percentile("wait", 0.5), p90=Percentile("wait", 0.9)).order_by())
    done = {row["request__urgency"]: row for row in admitted}
    still = {urgency: {"n": int(n), "med": med, "p90": p90}
             for urgency, n, med, p90 in _demand_rows(scope, "waiting")}
    rows: list[list[Any]] = []
    for urgency, label in URGENCY_LABELS.items():
        a, w = done.get(urgency, {}), still.get(urgency, {})
        rows.append([str(label), a.get("n", 0), days(a.get("med")), days(a.get("p90")),
                     w.get("n", 0), days(w.get("med")), days(w.get("p90"))])
    return Table(
        key="waiting_times", title=_("Wachttijden"),
        definition=_("In dagen. Opgenomen: van de aanmelding tot de start van de opname via centrale toewijzing, "
                     "voor opnames die in de periode startten. Nog wachtend: van de aanmelding tot de laatste dag "
                     "van de periode. Mediaan (de helft wacht korter) en 90e percentiel (één op tien wacht langer)."),
        columns=[Column("urgency", _("Urgentie")), Column("admitted", _("Opgenomen")),
                 Column("admitted_median", _("Mediaan tot opname"), _("dagen")),
                 Column("admitted_p90", _("P90 tot opname"), _("dagen")), Column("waiting", _("Nog wachtend")),
                 Column("waiting_median", _("Mediaan wachtend"), _("dagen")),
                 Column("waiting_p90", _("P90 wachtend"), _("dagen"))],
        rows=rows, series=["admitted_median", "waiting_median"], drill_kind="pool_urgency",
        row_keys=[str(u) for u in URGENCY_LABELS],
    )


def _waiting_aggregate(scope: Scope) -> _Aggregate:
    condition, values = _waiting_sql(scope.end)
    return _Aggregate([("urgency", "t.urgency")],
                      ["COUNT(*)", _percentile_sql("t.wait", 0.5), _percentile_sql("t.wait", 0.9)], [],
                      f"WHERE {condition} GROUP BY t.urgency", values,
                      {"wait": DaysBetween(Value(scope.end), F("registered_on"))})


def stale_requests(scope: Scope) -> Table:
    """Waiting requests nobody confirmed within the stale period (D-6), by urgency, at the end of the period."""
    waiting: dict[int, int] = defaultdict(int)
    stale: dict[int, int] = defaultdict(int)
    for values, n in _pool_now(scope).items():
        waiting[values[0]] += n
        stale[values[0]] += n if values[4] else 0
    rows: list[list[Any]] = [[str(label), waiting[u], stale[u], percent(stale[u], waiting[u])]
                             for u, label in URGENCY_LABELS.items()]
    return Table(
        key="stale_requests", title=_("Niet recent bevestigde aanmeldingen"),
        definition=_("Wachtende aanmeldingen die niemand bevestigde in de laatste %(days)d dagen (D-6), naar "
                     "urgentie. Een actuele wachtpool is een randvoorwaarde voor een eerlijke toewijzing.")
                   % {"days": settings.PLAATSREGIE_STALE_AFTER_DAYS},
        columns=[Column("urgency", _("Urgentie")), Column("waiting", _("Wachtend")),
                 Column("stale", _("Niet recent bevestigd")), Column("share", _("Aandeel"), "%")],
        rows=rows, series=["stale"], drill_kind="pool_stale", row_keys=[str(u) for u in URGENCY_LABELS],
    )


def _has_flag(flag: str) -> HasNeed:
    return HasNeed(F("needs"), flag)


def _percentile_sql(expression: str, fraction: float) -> str:
    if connection.vendor == "postgresql":
        return f"PERCENTILE_CONT({fraction!r}) WITHIN GROUP (ORDER BY {expression})"
    Percentile.register_sqlite(connection)
    return f"PLAATSREGIE_PERCENTILE({expression}, {fraction!r})"


def equity(scope: Scope) -> Table:
    """Access equity (D-34): admission rate and waiting time for flagged groups, with size and a 95 % interval."""
    groups = ["all", *EQUITY_FLAGS]
    values = _demand_rows(scope, "equity")[0]
    totals: dict[str, Any] = {}
    for index, key in enumerate(groups):
        totals[f"{key}__n"], totals[f"{key}__a"], totals[f"{key}__med"] = values[3 * index: 3 * index + 3]
    rows: list[list[Any]] = []
    for key in groups:
        n, a = int(totals[f"{key}__n"] or 0), int(totals[f"{key}__a"] or 0)
        interval = wilson_interval(a, n)
        label = _("Alle aanmeldingen") if key == "all" else EQUITY_FLAGS[key]
        rows.append([str(label), n, a, percent(a, n),
                     round(100 * interval[0], 1) if interval else None,
                     round(100 * interval[1], 1) if interval else None, days(totals[f"{key}__med"])])
    return Table(
        key="equity", title=_("Gelijke toegang"),
        definition=_("Voor aanmeldingen geregistreerd in de periode: hoeveel er tegen het einde van de periode "
                     "opgenomen zijn (opnamegraad) met een 95%-betrouwbaarheidsinterval (Wilson) en de mediane "
                     "wachttijd tot opname, voor groepen die de sector minder toegang ziet vinden, voor zover het "
                     "kenmerk bij de noden geregistreerd is. Een kleine groep geeft een breed interval: lees het "
                     "verschil met 'Alle aanmeldingen' pas als de intervallen weinig overlappen."),
        columns=[Column("group", _("Groep")), Column("n", _("Aanmeldingen")), Column("admitted", _("Opgenomen")),
                 Column("rate", _("Opnamegraad"), "%"), Column("low", _("Interval van"), "%"),
                 Column("high", _("Interval tot"), "%"), Column("median_wait", _("Mediane wachttijd"), _("dagen"))],
        rows=rows, series=["rate"],
    )


def _equity_aggregate(scope: Scope) -> _Aggregate:
    flags = {f"f_{flag}": Case(When(_has_flag(flag), then=Value(1)), default=Value(0), output_field=IntegerField())
             for flag in EQUITY_FLAGS}
    wait = _days("t.admitted_on", "t.registered_on")
    groups = {"all": "1 = 1", **{flag: f"t.f_{flag} = 1" for flag in EQUITY_FLAGS}}
    admitted = "t.admitted_on IS NOT NULL AND t.admitted_on <= %s"
    parts, part_params = [], []
    for condition in groups.values():
        parts += [f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)",
                  f"SUM(CASE WHEN {condition} AND {admitted} THEN 1 ELSE 0 END)",
                  _percentile_sql(f"CASE WHEN {condition} AND {admitted} THEN {wait} END", 0.5)]
        part_params += [scope.end, scope.end]
    return _Aggregate([], parts, part_params, "WHERE t.registered_on >= %s AND t.registered_on <= %s",
                      [scope.start, scope.end], flags)


AGGREGATES = {"pool": _pool_aggregate, "module": _module_aggregate, "waiting": _waiting_aggregate,
              "equity": _equity_aggregate}


__all__ = ["DIMENSIONS", "equity", "pool_by", "pool_evolution", "requests_in", "stale_requests", "waiting_on",
           "waiting_times"]
