"""The simulation area: start a policy simulation in the background, follow it, read its report; and the policy
change preview (today's open lists and a replayed history) for admins. Runs hold no personal data; the preview
shows youths by pseudonym or dossier number only."""

from __future__ import annotations

import math
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django_htmx.http import HttpResponseClientRefresh

from plaatsregie.accounts.rules import can
from plaatsregie.accounts.vocabulary import Permission
from plaatsregie.core.errors import DomainError
from plaatsregie.prioritisation.preview import policy_preview, replay_history, replay_summary, summarise
from plaatsregie.simruns.models import SimulationChart, SimulationRun
from plaatsregie.simruns.services import policy_choices, run_start
from plaatsregie.web.pages import page, paginate
from plaatsregie.web.simulation.forms import PreviewForm, StartForm

FIGURES = {
    "wait_median_u1": _("Mediane wachttijd urgentie 1 (dagen)"),
    "wait_median_u2": _("Mediane wachttijd urgentie 2 (dagen)"),
    "wait_median_u3": _("Mediane wachttijd urgentie 3 (dagen)"),
    "wait_median_u4": _("Mediane wachttijd urgentie 4 (dagen)"),
    "wait_p90_u1": _("90e percentiel wachttijd urgentie 1 (dagen)"),
    "wait_p90_u2": _("90e percentiel wachttijd urgentie 2 (dagen)"),
    "wait_p90_u3": _("90e percentiel wachttijd urgentie 3 (dagen)"),
    "wait_p90_u4": _("90e percentiel wachttijd urgentie 4 (dagen)"),
    "most_urgent_placed_within_7d": _("Aandeel meest urgente jongeren binnen 7 dagen geplaatst"),
    "most_urgent_placed_within_30d": _("Aandeel meest urgente jongeren binnen 30 dagen geplaatst"),
    "occupancy": _("Bezetting"),
    "vacant_place_days_per_year": _("Leegstaande plaatsdagen per jaar (D-29)"),
    "unavailable_share": _("Aandeel niet-beschikbare plaatsen"),
    "short_stay_occupancy": _("Bezetting kortverblijf (D-27)"),
    "short_stay_admissions_per_place_year": _("Opnames kortverblijf per plaats per jaar (D-27)"),
    "refusals_per_admission": _("Weigeringen per opname"),
    "collective_cases_per_year": _("Collectieve casussen per jaar"),
    "complexity_gini": _("Spreiding complexiteit over voorzieningen (Gini, D-28)"),
    "admissions_per_year": _("Opnames per jaar"),
    "withdrawals_per_year": _("Stopzettingen per jaar"),
    "waiting_at_end": _("Wachtend aan het einde"),
}
CHART_TITLES = {
    "wait-median": _("Mediane wachttijd (dagen) per urgentieklasse, met 95%-betrouwbaarheidsinterval"),
    "wait-p90": _("90e percentiel wachttijd (dagen) per urgentieklasse, met 95%-betrouwbaarheidsinterval"),
}


def _number(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "–"
    return number_format(value, 3 if abs(value) < 10 else 0, use_l10n=True, force_grouping=True)


def _rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per figure: its label and, per policy, mean and 95% interval as text."""
    policies = list(result["policies"])
    names = list(result["policies"][policies[0]]["estimates"]) if policies else []
    rows = []
    for name in names:
        cells = []
        for policy in policies:
            e = result["policies"][policy]["estimates"][name]
            low, high = (e.get("ci95") or [None, None])
            interval = f"[{_number(low)} – {_number(high)}]" if low is not None and high is not None else ""
            cells.append({"mean": _number(e.get("mean")), "interval": interval})
        rows.append({"name": name, "label": FIGURES.get(name, ""), "cells": cells})
    return rows


@page(Permission.SIMULATION_RUN)
def runs(request: HttpRequest) -> HttpResponse:
    """Every run, newest first; while one is waiting or running the list refreshes itself (htmx)."""
    page_obj = paginate(request, SimulationRun.objects.select_related("started_by"))
    context = {"page_obj": page_obj, "polling": any(run.in_progress for run in page_obj.object_list),
               "can_preview": can(request.user, Permission.POLICY_PREVIEW)}
    template = "simulation/_runs.html" if getattr(request, "htmx", False) else "simulation/runs.html"
    return render(request, template, context)


@page(Permission.SIMULATION_RUN)
def start(request: HttpRequest) -> HttpResponse:
    """Choose a scenario and policies; the run is handed to the background worker and this page returns at once."""
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run_ = run_start(actor=request.user, scenario=data["scenario"],  # type: ignore[arg-type]
                             policies=data["policies"],
                             years=data["years"], replications=data["replications"], seed=data["seed"])
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return redirect("simulation:run", pk=run_.pk)
    return render(request, "simulation/start.html", {"form": form})


@page(Permission.SIMULATION_RUN)
def run(request: HttpRequest, pk: int) -> HttpResponse:
    """A run: its status while it runs (refreshed by htmx), its report when it is done."""
    found = get_object_or_404(SimulationRun.objects.select_related("started_by"), pk=pk)
    if getattr(request, "htmx", False):
        if found.in_progress:
            return render(request, "simulation/_status.html", {"run": found})
        return HttpResponseClientRefresh()
    context: dict[str, Any] = {"run": found}
    if found.result:
        context["rows"] = _rows(found.result)
        context["policies"] = list(found.result["policies"])
        context["charts"] = [(c.name, CHART_TITLES.get(c.name, c.title))
                             for c in SimulationChart.objects.filter(run=found).only("name", "title")]
    return render(request, "simulation/run.html", context)


@page(Permission.SIMULATION_RUN)
def chart(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    found = SimulationChart.objects.filter(run_id=pk, name=name).first()
    if found is None:
        raise Http404
    return HttpResponse(bytes(found.png), content_type="image/png",
                        headers={"Cache-Control": "private, max-age=3600"})


@page(Permission.SIMULATION_RUN)
def report_html(request: HttpRequest, pk: int) -> HttpResponse:
    """The self-contained HTML report, as a download (its own inline style would not pass this site's CSP)."""
    found = get_object_or_404(SimulationRun, pk=pk)
    if not found.report_html:
        raise Http404
    return HttpResponse(found.report_html, content_type="text/html; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="simulatie-{found.pk}.html"'})


@page(Permission.SIMULATION_RUN)
def result_json(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(SimulationRun, pk=pk)
    if found.result is None:
        raise Http404
    document = {"run": found.pk, "scenario": found.scenario,
                "policies_used": [{k: p[k] for k in ("id", "version", "hash", "title")} for p in found.policies],
                **found.result}
    return JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2},
                        headers={"Content-Disposition": f'attachment; filename="simulatie-{found.pk}.json"'})


@page(Permission.POLICY_PREVIEW)
def preview(request: HttpRequest) -> HttpResponse:
    """Policy change preview: today's open candidate lists and the vacancies of a past period, ranked again under
    a candidate policy. Only reads. Youths by pseudonym (history) or dossier number (open lists), never by name."""
    form = PreviewForm(request.GET if "policy" in request.GET else None, initial=PreviewForm.defaults())
    context: dict[str, Any] = {"form": form}
    if form.is_bound and form.is_valid():
        policy = policy_choices()[form.cleaned_data["policy"]].policy
        lists = policy_preview(policy, today=timezone.localdate())
        vacancies = replay_history(policy, start=form.cleaned_data["start"], end=form.cleaned_data["end"])
        context |= {"policy": policy, "lists": [pl for pl in lists if pl.changed], "list_summary": summarise(lists),
                    "vacancies": [v for v in vacancies if v.differs], "replay_summary": replay_summary(vacancies)}
    return render(request, "simulation/preview.html", context)
