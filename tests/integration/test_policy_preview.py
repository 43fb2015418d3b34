"""Policy change preview (issue 5): today's open candidate lists ranked again under a candidate policy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from pytest_django.fixtures import Settings

from plaatsregie.core.policy import load_policy
from plaatsregie.placement.models import CandidateList, Offer
from plaatsregie.placement.services.candidates import candidate_list_generate
from plaatsregie.prioritisation.preview import (
    Actual,
    Move,
    YouthChange,
    compare_orders,
    policy_preview,
    replay_history,
    replay_summary,
)
from plaatsregie.waiting.models import Referrer
from tests.integration.factories import a_facility, a_place, a_request, a_unit
from tests.integration.personas import Personas, personas
from tests.integration.placement.flow import open_offer, report

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
STRICT = """id = "urgent-only"
version = 1
title = "Alleen urgentie 1 en 2"

[eligibility]
max_urgency = 2
region = "same_region"

[ordering]
keys = ["urgency", "waiting_days"]
"""


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def people() -> Personas:
    facility = a_facility()
    referrer = Referrer.objects.create(ref="REF-1", name="OCJ Antwerpen (fictief)", kind="OCJ", region="Antwerpen")
    return personas(facility, a_facility(), referrer)


def two_requests_whose_order_depends_on_the_policy() -> tuple[str, str]:
    """Urgent but recently registered, and less urgent but waiting long: urgency-first and waiting-first differ."""
    urgent_recent = a_request(urgency=1, registered_on=date(2026, 10, 1))
    long_waiting = a_request(urgency=3, registered_on=date(2024, 1, 1))
    return urgent_recent.ref, long_waiting.ref


def a_list(people: Personas, policy_name: str = "default") -> CandidateList:
    """A candidate list generated under the named policy for a fresh place's report (not adopted: still open)."""
    place = a_place(a_unit(a_facility()), status="occupied", available_from=None)
    return candidate_list_generate(actor=people.team_member, report_id=report(people, place).pk,
                                   policy=load_policy(policy_name))


def test_a_list_under_urgency_first_flips_under_waiting_time_first(people: Personas) -> None:
    urgent, waiting = two_requests_whose_order_depends_on_the_policy()
    cl = a_list(people)
    [preview] = policy_preview(load_policy("waiting-time-first"), today=timezone.localdate())
    assert preview.list_ref == cl.ref and preview.generated_under == "default v1"
    assert preview.changes == [
        YouthChange(waiting, Move.UP, 2, 1, 1),
        YouthChange(urgent, Move.DOWN, 1, 2, 1),
    ]


def test_previewing_the_policy_a_list_was_made_under_changes_nothing(people: Personas) -> None:
    two_requests_whose_order_depends_on_the_policy()
    a_list(people)
    [preview] = policy_preview(load_policy("default"), today=timezone.localdate())
    assert not preview.changed


def test_a_youth_outside_the_stricter_policy_pool_becomes_eligible_under_default(people: Personas,
                                                                                 tmp_path: Path) -> None:
    strict = tmp_path / "urgent-only.toml"
    strict.write_text(STRICT, encoding="utf-8")
    _urgent, waiting = two_requests_whose_order_depends_on_the_policy()
    a_list(people, str(strict))
    [preview] = policy_preview(load_policy("default"), today=timezone.localdate())
    assert preview.changes == [YouthChange(waiting, Move.NEWLY_ELIGIBLE, None, 2)]


def test_a_youth_no_longer_eligible_is_told_the_rule_in_words(people: Personas, tmp_path: Path) -> None:
    strict = tmp_path / "urgent-only.toml"
    strict.write_text(STRICT, encoding="utf-8")
    _urgent, waiting = two_requests_whose_order_depends_on_the_policy()
    a_list(people)
    [preview] = policy_preview(load_policy(str(strict)), today=timezone.localdate())
    [change] = preview.changes
    assert (change.request_id, change.move, change.old_rank, change.rule) == (
        waiting, Move.NO_LONGER_ELIGIBLE, 2, "urgency_bound")
    assert change.reason == "Urgentie 3 valt buiten de poule van dit beleid (tot urgentie 2)."


def test_a_list_of_a_closed_report_is_not_previewed(people: Personas) -> None:
    two_requests_whose_order_depends_on_the_policy()
    cl = a_list(people)
    type(cl.report).objects.filter(pk=cl.report_id).update(closed_at=timezone.now())
    assert policy_preview(load_policy("waiting-time-first"), today=timezone.localdate()) == []


def test_only_the_newest_list_of_a_report_is_previewed(people: Personas) -> None:
    two_requests_whose_order_depends_on_the_policy()
    first = a_list(people)
    second = candidate_list_generate(actor=people.team_member, report_id=first.report_id,
                                     policy=load_policy("default"))
    [preview] = policy_preview(load_policy("waiting-time-first"), today=timezone.localdate())
    assert preview.list_ref == second.ref


def test_compare_orders_reports_moves_and_both_eligibility_changes() -> None:
    changes = compare_orders(["A", "B", "C"], ["C", "A", "D"], {"B": ("age", "Is te oud.")})
    assert changes == [
        YouthChange("C", Move.UP, 3, 1, 2),
        YouthChange("A", Move.DOWN, 1, 2, 1),
        YouthChange("D", Move.NEWLY_ELIGIBLE, None, 3),
        YouthChange("B", Move.NO_LONGER_ELIGIBLE, 2, None, rule="age", reason="Is te oud."),
    ]


def test_the_command_prints_a_table_per_list_and_a_summary(people: Personas) -> None:
    urgent, waiting = two_requests_whose_order_depends_on_the_policy()
    cl = a_list(people)
    out = StringIO()
    call_command("policy_preview", policy="waiting-time-first", stdout=out)
    text = out.getvalue()
    assert cl.ref in text
    assert any(waiting in line and "stijgt 1" in line for line in text.splitlines())
    assert any(urgent in line and "daalt 1" in line for line in text.splitlines())
    assert text.rstrip().endswith("1 van 1 open lijsten wijzigen; 1 stijgen, 1 dalen, 0 komen in aanmerking, "
                                  "0 niet meer.")


def test_the_command_says_no_change_for_the_same_policy(people: Personas) -> None:
    two_requests_whose_order_depends_on_the_policy()
    a_list(people)
    out = StringIO()
    call_command("policy_preview", policy="default", stdout=out)
    assert "geen wijziging" in out.getvalue()


def test_the_command_writes_valid_json_with_json(people: Personas) -> None:
    urgent, waiting = two_requests_whose_order_depends_on_the_policy()
    a_list(people)
    out = StringIO()
    call_command("policy_preview", policy="waiting-time-first", json=True, stdout=out)
    document = json.loads(out.getvalue())
    assert document["policy"]["id"] == "waiting-time-first"
    assert document["summary"]["lists_affected"] == 1
    [listed] = document["lists"]
    assert [(c["request_id"], c["move"], c["by"]) for c in listed["changes"]] == [(waiting, "up", 1),
                                                                                (urgent, "down", 1)]


def test_an_unknown_policy_is_a_one_line_error() -> None:
    with pytest.raises(CommandError, match="no policy file or policy id 'nope'"):
        call_command("policy_preview", policy="nope", stdout=StringIO())


def test_the_console_script_reports_an_unknown_policy_in_one_line_without_traceback() -> None:
    script = Path(sys.executable).with_name("plaatsregie")
    done = subprocess.run([str(script), "policy-preview", "--policy", "nope"], capture_output=True, text=True,
                          cwd=ROOT, check=False, env=os.environ | {"PYTHONWARNINGS": "ignore"})
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "nope" in done.stderr


# --- Replayed history: "under policy B, youth X would have been offered place Y on date Z" -------------------


def a_past_vacancy_offered_to_the_engine_first(people: Personas) -> tuple[Offer, str, str]:
    """An urgent, recently registered youth and a less urgent one waiting long; the list (under `default`,
    urgency first) was adopted and the place offered to its first youth, the urgent one. Returns the offer and
    the pseudonyms (Youth.ref) of the urgent and the long-waiting youth."""
    urgent = a_request(urgency=1, registered_on=date(2026, 10, 1))
    waiting = a_request(urgency=3, registered_on=date(2024, 1, 1))
    place = a_place(a_unit(a_facility()), status="occupied", available_from=None)
    offer = open_offer(people, place)
    assert offer.request_id == urgent.pk
    return offer, urgent.youth.ref, waiting.youth.ref


def test_replaying_history_under_waiting_time_first_says_who_would_have_been_offered(people: Personas) -> None:
    offer, urgent, waiting = a_past_vacancy_offered_to_the_engine_first(people)
    today = timezone.localdate()
    [vacancy] = replay_history(load_policy("waiting-time-first"), start=today, end=today)
    assert (vacancy.on, vacancy.place_ref, vacancy.report_ref) == (today, offer.place.ref, offer.report.ref)
    assert (vacancy.actual_youth, vacancy.actual_source, vacancy.engine_youth) == (urgent, Actual.OFFER, urgent)
    assert vacancy.policy_youth == waiting and vacancy.differs
    assert (vacancy.moved_up, vacancy.moved_down) == (1, 1)
    assert replay_summary([vacancy])["different_offer"] == 1


def test_replaying_history_under_the_policy_it_was_made_under_finds_no_difference(people: Personas) -> None:
    a_past_vacancy_offered_to_the_engine_first(people)
    today = timezone.localdate()
    [vacancy] = replay_history(load_policy("default"), start=today, end=today)
    assert not vacancy.differs and (vacancy.moved_up, vacancy.moved_down) == (0, 0)


def test_a_period_without_lists_replays_nothing(people: Personas) -> None:
    a_past_vacancy_offered_to_the_engine_first(people)
    assert replay_history(load_policy("waiting-time-first"), start=date(2020, 1, 1), end=date(2020, 12, 31)) == []


def test_the_command_with_history_prints_the_would_have_been_offered_line(people: Personas) -> None:
    offer, urgent, waiting = a_past_vacancy_offered_to_the_engine_first(people)
    today = timezone.localdate()
    out = StringIO()
    call_command("policy_preview", policy="waiting-time-first", history=f"{today}:{today}", stdout=out)
    lines = out.getvalue().splitlines()
    assert (f"{today:%d/%m/%Y} · plaats {offer.place.ref} · melding {offer.report.ref} · aangeboden: {urgent} "
            f"(voorstel) · onder waiting-time-first: {waiting} · 1 stijgen, 1 dalen") in lines
    assert lines[-1] == ("1 van 1 vacatures zouden onder waiting-time-first aan een andere jongere aangeboden zijn; "
                         "1 stijgen, 1 dalen, 0 komen in aanmerking, 0 niet meer.")
    out = StringIO()
    call_command("policy_preview", policy="default", history=f"{today}:{today}", stdout=out)
    assert out.getvalue().splitlines()[-1].startswith("0 van 1 vacatures")


def test_the_command_with_history_writes_json(people: Personas) -> None:
    _offer, urgent, waiting = a_past_vacancy_offered_to_the_engine_first(people)
    today = timezone.localdate()
    out = StringIO()
    call_command("policy_preview", policy="waiting-time-first", history=f"{today}:{today}", json=True, stdout=out)
    document = json.loads(out.getvalue())
    assert document["summary"]["different_offer"] == 1
    [vacancy] = document["vacancies"]
    assert (vacancy["actual_youth"], vacancy["policy_youth"], vacancy["differs"]) == (urgent, waiting, True)


def test_a_malformed_history_period_is_a_one_line_error() -> None:
    with pytest.raises(CommandError, match="--history"):
        call_command("policy_preview", policy="default", history="2026-01-01", stdout=StringIO())
