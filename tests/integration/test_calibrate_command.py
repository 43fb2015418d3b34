"""`plaatsregie calibrate` (issue 5): a scenario fitted to the database's history — the seeded small world with a
year of history, written through the services — that the simulator accepts, and that names nobody."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import QuerySet
from pytest_django.plugin import DjangoDbBlocker

from plaatsregie.placement.models import Admission, CapacityReport, Offer
from plaatsregie.registry.models import Unit
from plaatsregie.simulation.scenario import load_scenario
from plaatsregie.waiting.models import Request, Youth
from plaatsregie.web.seed_actors import PREFIX
from plaatsregie.web.seeding import clear_domain

TODAY = date(2026, 11, 23)
START = TODAY - timedelta(days=365)


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    with django_db_blocker.unblock():
        call_command("seed", scale="small", seed=3, today=TODAY, history_years=1, replace=True, stdout=StringIO())
        yield
        clear_domain()
        User.objects.filter(username__startswith=PREFIX).delete()


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]


def calibrated(tmp_path: Path) -> tuple[Path, str]:
    output = tmp_path / "fitted.toml"
    out, err = StringIO(), StringIO()
    call_command("calibrate", output=str(output), years=1, until=TODAY, scale="small", stdout=out, stderr=err)
    assert err.getvalue() == ""  # the small world matches the database seeded from it
    return output, out.getvalue()


def test_the_written_scenario_is_valid_and_its_counts_are_the_database_s(tmp_path: Path) -> None:
    output, printed = calibrated(tmp_path)
    scenario = load_scenario(output)
    assert scenario["world"]["scale"] == "small"
    new = Request.objects.filter(registered_on__range=(START, TODAY), readmission_facility__isnull=True).count()
    assert new >= 20  # (enough for the estimate: the small world's year)
    assert scenario["arrivals"]["per_year"] == round(new / 1.0, 1)
    text = output.read_text(encoding="utf-8")
    assert f"# {new} new requests registered {START.isoformat()} to {TODAY.isoformat()}" in text
    reports = CapacityReport.objects.filter(in_scope=True, reported_at__date__range=(START, TODAY)).count()
    assert f"of {reports} reports made on or after the free day" in text
    answered = Offer.objects.filter(offered_at__date__range=(START, TODAY), answer__isnull=False).count()
    assert f"of {answered} answered offers refused" in text
    discharges = Admission.objects.filter(ended_on__range=(START, TODAY), place__unit__module_type__code__in=[
        "OVBJ", "CKG", "OBC", "GES+", "CIG", "OIOC", "VEILIG-VERBLIJF", "GEZINSHUIS"]).count()
    assert f"of {discharges} discharges followed by an unavailable period" in text
    assert "# Defaults kept:" in text and "#   capacity.retry_days: a working agreement of the team, not a rate" in text
    assert printed.startswith(f"{output}: {START.isoformat()} to {TODAY.isoformat()}")
    assert "fitted (" in printed and "defaults kept (" in printed


def test_the_history_is_that_of_the_places_under_central_placement(tmp_path: Path) -> None:
    """D-2, as the database's catalogue decides it per living group: once a group is co-financed by Fedasil, its
    places' stays, reports and offers leave the fitted history together, as its places leave the count."""
    window = (START, TODAY)
    ended = Admission.objects.filter(ended_on__range=window)
    unit = ended.values_list("place__unit", flat=True).order_by("place__unit").first()
    assert unit is not None

    def counts(queryset: QuerySet[Any], unit_field: str) -> tuple[int, int]:
        return queryset.count(), queryset.filter(**{unit_field: unit}).count()

    discharges, its_discharges = counts(ended, "place__unit")
    reports, its_reports = counts(CapacityReport.objects.filter(reported_at__date__range=window), "place__unit")
    answered, its_answered = counts(
        Offer.objects.filter(offered_at__date__range=window, answer__isnull=False), "place__unit")
    assert its_discharges > 0
    Unit.objects.filter(pk=unit).update(cofinanced_by="Fedasil")
    text = calibrated(tmp_path)[0].read_text(encoding="utf-8")
    assert f"of {discharges - its_discharges} discharges followed by an unavailable period" in text
    assert f"of {reports - its_reports} reports made on or after the free day" in text
    assert f"of {answered - its_answered} answered offers refused" in text


def test_a_world_of_another_size_than_the_database_is_a_warning(tmp_path: Path) -> None:
    """The flows of the small world's ~300 places would leave Flanders' ~4,500 places empty: say so."""
    output, err = tmp_path / "flanders.toml", StringIO()
    call_command("calibrate", output=str(output), years=1, until=TODAY, stdout=StringIO(), stderr=err)
    assert "in-scope places and the synthetic flanders world 4,523" in err.getvalue()
    assert load_scenario(output)["world"]["scale"] == "flanders"
    assert "# the synthetic world; 4,523 in-scope places, this database" in output.read_text(encoding="utf-8")


def test_the_file_names_no_youth_request_or_place(tmp_path: Path) -> None:
    output, _ = calibrated(tmp_path)
    text = output.read_text(encoding="utf-8")
    named = [*Youth.objects.values_list("ref", flat=True), *Request.objects.values_list("ref", flat=True),
             *Admission.objects.values_list("place__ref", flat=True)]
    assert named
    assert not [ref for ref in named if ref in text]


def test_bad_arguments_are_one_clear_error_and_an_existing_file_is_kept(tmp_path: Path) -> None:
    output, _ = calibrated(tmp_path)
    before = output.read_text(encoding="utf-8")
    with pytest.raises(CommandError, match="exists already: choose another name, or add --force"):
        call_command("calibrate", output=str(output), years=1, until=TODAY, stdout=StringIO())
    assert output.read_text(encoding="utf-8") == before
    with pytest.raises(CommandError, match="--years must be more than 0 and at most 20"):
        call_command("calibrate", output=str(tmp_path / "x.toml"), years=0, stdout=StringIO())
    with pytest.raises(CommandError, match=r"--output must be a \.toml file"):
        call_command("calibrate", output=str(tmp_path / "x.txt"), stdout=StringIO())
    call_command("calibrate", output=str(output), years=1, until=TODAY, force=True, stdout=StringIO())
