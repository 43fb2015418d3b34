"""The monitoring dashboards (issue 6, D-27 … D-35): facility, province and Flanders, each a set of charts with
the table and the definition under each, a period selector and module/region filters, CSV/XLSX per table, and
click-through to the records behind a figure where the user may see them.

Who sees what: a facility its own dashboard; the policy officer the facilities and the dashboard of their
province; the team, team leads and admins every facility and province and Flanders. Judges see the Flanders
dashboard only: aggregated figures without personal data (like the capacity overview), no click-through to
records, no facility or province dashboards. Figures are never a ranking: facilities appear alphabetically."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from plaatsregie.accounts.rules import can, own_facility_ids, provinces_of
from plaatsregie.accounts.vocabulary import Permission
from plaatsregie.core.types import Region
from plaatsregie.monitoring import dashboards
from plaatsregie.monitoring.export import export_response
from plaatsregie.monitoring.indicators import Scope
from plaatsregie.monitoring.tables import Table
from plaatsregie.registry.models import Facility
from plaatsregie.web.monitoring.drill import Drill
from plaatsregie.web.monitoring.forms import PeriodForm, scope_from
from plaatsregie.web.pages import forbidden, page

LEVELS = {"voorziening": "facility", "provincie": "province", "vlaanderen": "flanders"}
FORMATS = ("csv", "xlsx")


@page(Permission.MONITORING_VIEW)
def index(request: HttpRequest) -> HttpResponse:
    """The first dashboard the user may see."""
    if can(request.user, Permission.FACILITY_WORK):
        return redirect("monitoring:facility")
    if can(request.user, Permission.PROVINCE_VIEW):
        return redirect("monitoring:province")
    return redirect("monitoring:flanders")


def _sees_all(request: HttpRequest) -> bool:
    return can(request.user, Permission.TEAM_WORK) or can(request.user, Permission.ACCESS_LOG_VIEW)


def _facility_choices(request: HttpRequest) -> list[tuple[str, str]]:
    rows = Facility.objects.order_by("name", "id")
    if not _sees_all(request):
        own, provinces = own_facility_ids(request.user), provinces_of(request.user)
        rows = rows.filter(id__in=own) | rows.filter(region__in=provinces)
    return list(rows.values_list("ref", "name"))


def _province_choices(request: HttpRequest) -> list[str]:
    if _sees_all(request):
        return sorted(r.value for r in Region)
    return sorted(provinces_of(request.user))


def _resolve(request: HttpRequest, level: str) -> tuple[Scope, dict[str, Any]]:
    """The scope of the dashboard `level` the request asks for, and the page context; 404 for a facility or
    province that is not the user's to see."""
    form = PeriodForm(request.GET or None, with_region=level != "facility")
    context: dict[str, Any] = {"form": form, "level": level}
    if level == "facility":
        choices = _facility_choices(request)
        wanted = request.GET.get("voorziening") or (choices[0][0] if choices else "")
        if wanted not in dict(choices):
            raise Http404
        facility = Facility.objects.get(ref=wanted)
        context.update(choices=choices, chosen=wanted, subject=facility.name, choice_name="voorziening",
                       choice_label=_("Voorziening"))
        return scope_from(form, facility_ids=(facility.pk,)), context
    if level == "province":
        provinces = _province_choices(request)
        wanted = request.GET.get("provincie") or (provinces[0] if provinces else "")
        if wanted not in provinces:
            raise Http404
        context.update(choices=[(p, p) for p in provinces], chosen=wanted, subject=wanted, choice_name="provincie",
                       choice_label=_("Provincie"))
        return scope_from(form, province=wanted), context
    context.update(subject=_("Vlaanderen"))
    return scope_from(form), context


def _chart(table: Table) -> dict[str, Any] | None:
    if table.chart == "none" or not table.rows or not table.series:
        return None
    columns = {c.key: (i, c) for i, c in enumerate(table.columns)}
    datasets = []
    for key in table.series:
        index, column = columns[key]
        label = f"{column.label} ({column.unit})" if column.unit else str(column.label)
        datasets.append({"label": label, "data": [row[index] for row in table.rows]})
    return {"kind": table.chart, "labels": [str(row[0]) for row in table.rows], "datasets": datasets,
            "percent": all(columns[k][1].unit == "%" for k in table.series)}


def _present(request: HttpRequest, level: str, sections: list[dashboards.Section], drill: Drill | None
             ) -> list[dict[str, Any]]:
    query = request.GET.urlencode()
    slug = {v: k for k, v in LEVELS.items()}[level]
    out = []
    for section in sections:
        tables = []
        for table in section.tables:
            shown = drill.apply(table) if drill else table
            links = shown.drill
            chart = _chart(shown)
            tables.append({
                "table": shown, "chart": json.dumps(chart, cls=DjangoJSONEncoder) if chart else "",
                "chart_id": f"grafiek-{table.key}",
                "rows": [(row, links.get(str(row[0])) if row else None) for row in shown.rows],
                "collective_link": links.get("*"),
                "csv": _export_url(slug, table.key, "csv", query), "xlsx": _export_url(slug, table.key, "xlsx", query),
            })
        out.append({"title": section.title, "tables": tables})
    return out


def _export_url(level: str, key: str, fmt: str, query: str) -> str:
    url = reverse("monitoring:export", args=[level, key, fmt])
    return f"{url}?{query}" if query else url


def _dashboard(request: HttpRequest, level: str) -> HttpResponse:
    scope, context = _resolve(request, level)
    drill = None if _judge_only(request) else Drill(request.user)
    sections = _present(request, level, dashboards.compute(level, scope), drill)
    slug = {v: k for k, v in LEVELS.items()}[level]
    context.update(sections=sections, scope=scope,
                   export_all=_export_url(slug, "alle", "xlsx", request.GET.urlencode()))
    return render(request, "monitoring/dashboard.html", context)


def _judge_only(request: HttpRequest) -> bool:
    """A user whose only view of monitoring is the judge's: aggregates, no click-through."""
    return not (can(request.user, Permission.TEAM_WORK) or can(request.user, Permission.PROVINCE_VIEW)
                or can(request.user, Permission.FACILITY_WORK) or can(request.user, Permission.ACCESS_LOG_VIEW))


@page(Permission.MONITORING_FACILITY)
def facility(request: HttpRequest) -> HttpResponse:
    return _dashboard(request, "facility")


@page(Permission.MONITORING_PROVINCE)
def province(request: HttpRequest) -> HttpResponse:
    return _dashboard(request, "province")


@page(Permission.MONITORING_FLANDERS)
def flanders(request: HttpRequest) -> HttpResponse:
    return _dashboard(request, "flanders")


PERMISSIONS = {"facility": Permission.MONITORING_FACILITY, "province": Permission.MONITORING_PROVINCE,
               "flanders": Permission.MONITORING_FLANDERS}


@page(Permission.MONITORING_VIEW)
def export(request: HttpRequest, level: str, key: str, fmt: str) -> HttpResponse:
    """One table of a dashboard (or `alle`: every table, XLSX) for the same scope and filters as the page."""
    if level not in LEVELS or fmt not in FORMATS or (key == "alle" and fmt != "xlsx"):
        raise Http404
    internal = LEVELS[level]
    if not can(request.user, PERMISSIONS[internal]):
        return forbidden(request)
    scope, context = _resolve(request, internal)
    tables = dashboards.tables(internal, scope)
    chosen = tables if key == "alle" else [t for t in tables if t.key == key]
    if not chosen:
        raise Http404
    subject = str(context.get("chosen") or "vlaanderen")
    name = f"{'monitoring' if key == 'alle' else key}-{subject}-{scope.start:%Y%m%d}-{scope.end:%Y%m%d}"
    return export_response(request, chosen if key == "alle" else chosen[0], fmt, name)  # type: ignore[arg-type]
