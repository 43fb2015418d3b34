"""The simulation area: a policy officer starts a run, it runs in the background (here django-tasks' immediate
backend: really run, at once), and the report shows figures with intervals and charts; bounds are explained;
the policy change preview replays history for admins."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from plaatsregie.simruns.models import RunStatus, SimulationChart, SimulationRun
from tests.integration.factories import a_facility, a_place, a_request, a_unit
from tests.integration.placement.flow import open_offer
from tests.web.simulation_runs import a_done_run, run_immediately
from tests.web.world import Site, client_as

START = {"scenario": "tiny", "policies": ["file:default", "file:waiting-time-first"], "years": "1",
         "replications": "2", "seed": "7"}


@pytest.fixture(autouse=True)
def immediate(settings: Settings) -> None:
    run_immediately(settings)


def test_a_policy_officer_starts_a_run_and_reads_its_report(site: Site) -> None:
    client = client_as(site.people.policy_officer)
    form = client.get(reverse("simulation:start"))
    assert "tiny.toml" in form.content.decode() and "waiting-time-first" in form.content.decode()
    answer = client.post(reverse("simulation:start"), START)
    run = SimulationRun.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("simulation:run", kwargs={"pk": run.pk})
    assert (run.status, run.started_by, run.done_replications) == (RunStatus.DONE, site.people.policy_officer, 4)
    assert run.policy_ids == ["default", "waiting-time-first"] and run.task_id
    assert set(run.result["policies"]) == {"default", "waiting-time-first"}
    assert "<h1>Policy simulation</h1>" in run.report_html
    page = client.get(answer["Location"]).content.decode()
    assert "Cijfers per beleid" in page and "Bezetting" in page and "waiting-time-first" in page
    chart = client.get(reverse("simulation:chart", kwargs={"pk": run.pk, "name": "wait-median"}))
    assert chart["Content-Type"] == "image/png" and chart.content.startswith(b"\x89PNG")
    assert SimulationChart.objects.filter(run=run).count() == 2
    listing = client.get(reverse("simulation:runs")).content.decode()
    assert "klaar" in listing and "hx-trigger" not in listing


def test_the_same_parameters_give_the_same_figures(site: Site) -> None:
    client = client_as(site.admin)
    client.post(reverse("simulation:start"), START)
    client.post(reverse("simulation:start"), START)
    first, second = SimulationRun.objects.order_by("id")
    assert all(first.result["policies"][p]["estimates"] == second.result["policies"][p]["estimates"]
               for p in ("default", "waiting-time-first"))


@pytest.mark.parametrize(("change", "message"), [
    ({"years": "11"}, "Hoogstens 10 jaar."),
    ({"years": "0"}, "Minstens 1 jaar."),
    ({"replications": "21"}, "Hoogstens 20 herhalingen."),
    ({"policies": []}, "Kies minstens één beleid."),
    ({"scenario": "../../etc/passwd"}, "Selecteer een geldige keuze"),
])
def test_out_of_bounds_parameters_are_refused_with_a_clear_message(site: Site, change: dict[str, object],
                                                                    message: str) -> None:
    answer = client_as(site.people.policy_officer).post(reverse("simulation:start"), START | change)
    assert answer.status_code == 200 and message in answer.content.decode()
    assert not SimulationRun.objects.exists()


def test_a_waiting_run_polls_and_a_finished_one_tells_htmx_to_refresh(site: Site) -> None:
    run = a_done_run(site)
    SimulationRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, done_replications=1)
    client = client_as(site.admin)
    status = client.get(reverse("simulation:run", kwargs={"pk": run.pk}), headers={"HX-Request": "true"})
    text = status.content.decode()
    assert 'hx-trigger="every 3s"' in text and "1 van 2 herhalingen" in text and "<html" not in text
    listing = client.get(reverse("simulation:runs")).content.decode()
    assert 'hx-trigger="every 3s"' in listing
    SimulationRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE)
    done = client.get(reverse("simulation:run", kwargs={"pk": run.pk}), headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true"


def test_a_failed_run_shows_why(site: Site) -> None:
    client = client_as(site.admin)
    client.post(reverse("simulation:start"), START)
    run = SimulationRun.objects.get()
    SimulationRun.objects.filter(pk=run.pk).update(status=RunStatus.WAITING, scenario="gone")
    from plaatsregie.simruns.tasks import execute

    assert execute(run.pk) == RunStatus.FAILED
    page = client.get(reverse("simulation:run", kwargs={"pk": run.pk})).content.decode()
    assert "Het scenario &#x27;gone&#x27; bestaat niet meer." in page


def test_a_run_already_taken_is_not_run_twice(site: Site) -> None:
    from plaatsregie.simruns.tasks import execute

    assert execute(a_done_run(site).pk) == "skipped"


def test_the_downloads_give_the_report_and_the_figures(site: Site) -> None:
    run = a_done_run(site)
    client = client_as(site.people.policy_officer)
    report = client.get(reverse("simulation:report_html", kwargs={"pk": run.pk}))
    assert report["Content-Disposition"] == f'attachment; filename="simulatie-{run.pk}.html"'
    figures = client.get(reverse("simulation:result_json", kwargs={"pk": run.pk})).json()
    assert figures["scenario"] == "tiny" and figures["policies"]["default"]["estimates"]["occupancy"]["mean"] == 0.8
    assert "text" not in figures["policies_used"][0]


def test_the_navigation_shows_simulation_to_admins_and_policy_officers_only(site: Site) -> None:
    url = reverse("simulation:runs")
    assert f'href="{url}"' in client_as(site.people.policy_officer).get(reverse("province:facilities")).content.decode()
    assert f'href="{url}"' not in client_as(site.people.judge).get(reverse("capacity:overview")).content.decode()


def test_the_preview_page_replays_history_for_an_admin(site: Site) -> None:
    urgent = a_request(urgency=1, registered_on=date(2026, 10, 1))
    waiting = a_request(urgency=3, registered_on=date(2024, 1, 1))
    offer = open_offer(site.people, a_place(a_unit(a_facility()), status="occupied", available_from=None))
    assert offer.request_id == urgent.pk
    today = timezone.localdate()
    page = client_as(site.admin).get(reverse("simulation:preview"), {
        "policy": "file:waiting-time-first", "start": today.strftime("%d/%m/%Y"), "end": today.strftime("%d/%m/%Y")})
    text = page.content.decode()
    assert "Afgespeelde geschiedenis" in text
    row = text[text.index(offer.place.ref):]
    assert urgent.youth.ref in row and waiting.youth.ref in row


def test_the_preview_refuses_a_period_longer_than_a_year(site: Site) -> None:
    page = client_as(site.admin).get(reverse("simulation:preview"), {
        "policy": "file:default", "start": "01/01/2024", "end": "31/12/2025"})
    assert "Kies een periode van hoogstens een jaar." in page.content.decode()
