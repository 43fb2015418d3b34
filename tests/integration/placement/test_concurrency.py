"""No double placement under concurrency (D-12, D-13, D-20): real concurrent transactions, one winner each.

Each race runs its calls in threads, each with its own database connection, released together by a barrier.
The winner pauses at its first notification — after its writes, before its commit — until the database shows the
other transaction waiting on a lock the winner holds: so every race below really overlapped. Then exactly one call
succeeds, the other gets a `DomainError` a person understands, and nothing of the loser is written.
PostgreSQL only: SQLite takes one writer at a time (IMMEDIATE transactions), so nothing overlaps there.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from plaatsregie.accounts.models import AuditRecord
from plaatsregie.accounts.vocabulary import Role
from plaatsregie.core.errors import DomainError
from plaatsregie.core.lifecycle import IllegalTransition, OfferOutcome
from plaatsregie.placement.models import Admission, CandidateList, Offer, OfferAnswer, OfferWithdrawal
from plaatsregie.placement.services import offers, stays
from plaatsregie.placement.services.candidates import candidate_list_approve, candidate_list_generate
from plaatsregie.placement.services.offers import offer_answer, offer_make, offer_withdraw
from plaatsregie.placement.services.stays import admission_start
from plaatsregie.registry.models import ModuleType, Place
from plaatsregie.waiting.models import Referrer, Request, RequestStatus
from tests.integration.factories import a_facility, a_place, a_request, a_unit
from tests.integration.personas import Personas, a_user, personas
from tests.integration.placement.flow import adopted_list, free_on, open_offer, report

REFUSAL = "De groep draagt vandaag geen bijkomende jongere met deze noden; besproken met het team."


def race(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls at the same moment, each in its own thread and database connection: results or errors."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[Any] = [None] * len(calls)

    def run(position: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            outcomes[position] = call()
        except Exception as error:
            outcomes[position] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def one_winner(outcomes: list[Any], error: type[DomainError], message: str) -> Any:
    """The single successful outcome; the other is `error` with `message` in its text."""
    failures = [o for o in outcomes if isinstance(o, Exception)]
    assert len(failures) == 1, outcomes
    assert isinstance(failures[0], error) and message in str(failures[0]), failures[0]
    [winner] = [o for o in outcomes if not isinstance(o, Exception)]
    return winner


def _blocked_by_me(timeout: float = 5.0) -> bool:
    """Whether another transaction waits on a lock this connection's transaction holds (within `timeout`)."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted "
                           "AND pg_backend_pid() = ANY(pg_blocking_pids(pid))")
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.005)
    return False


@pytest.fixture
def overlap(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """The first notification inside a race waits until the other transaction is blocked by it; records that.

    Only calls in a race's threads are held: the set-up, in the main thread, notifies as usual."""
    seen: list[bool] = []
    for module in (offers, stays):
        for name in ("notify", "notify_each"):
            if not hasattr(module, name):
                continue
            real = getattr(module, name)

            def held(*args: Any, real: Callable[..., None] = real, **kwargs: Any) -> None:
                if not seen and threading.current_thread() is not threading.main_thread():
                    seen.append(_blocked_by_me())
                real(*args, **kwargs)

            monkeypatch.setattr(module, name, held)
    return seen


@pytest.fixture
def world():
    facility, other = a_facility(name="De Linde (fictief)"), a_facility(name="Het Anker (fictief)")
    referrer = Referrer.objects.create(ref="REF-1", name="OCJ Antwerpen (fictief)", kind="OCJ", region="Antwerpen")
    people = personas(facility, other, referrer)
    place = a_place(a_unit(facility), status="occupied", available_from=None)
    youth = a_request(urgency=1, referrer=referrer)
    return people, place, youth


def _status(model: Any, pk: int) -> str:
    return model.objects.get(pk=pk).status


def _state(offer_id: int) -> str:
    return Offer.objects.get(pk=offer_id).state


def _second_adopted_list(people: Personas, cl: CandidateList) -> CandidateList:
    again = candidate_list_generate(actor=people.team_member, report_id=cl.report_id)
    candidate_list_approve(actor=people.team_member, list_id=again.pk, argumentation="Opnieuw gerangschikt.")
    candidate_list_approve(actor=people.second_team_member, list_id=again.pk, argumentation="Akkoord.")
    return again


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("lists", ["the same list twice", "two adopted lists"])
def test_two_offers_for_one_place_at_once_leave_exactly_one_open_offer(world, overlap, lists):
    """D-12: two team members offer for the same place at the same moment: one offer, one clear refusal."""
    people, place, _ = world
    a_request(urgency=2)
    cl = adopted_list(people, place)
    other = cl if lists == "the same list twice" else _second_adopted_list(people, cl)
    outcomes = race(lambda: offer_make(actor=people.team_member, list_id=cl.pk, why="Eerste in de volgorde."),
                    lambda: offer_make(actor=people.second_team_member, list_id=other.pk, why="Eerste."))
    winner = one_winner(outcomes, IllegalTransition, "Er loopt al een voorstel voor deze plaats")
    assert overlap == [True]
    assert list(Offer.objects.values_list("pk", "state")) == [(winner.pk, "open")]
    assert AuditRecord.objects.filter(event="offer:made").count() == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_admissions_started_at_once_for_one_agreed_offer_make_one_stay(world, overlap):
    """D-20: the facility and the team both start the agreed offer at the same moment: one admission."""
    people, place, youth = world
    offer = open_offer(people, place)
    offer_answer(actor=people.facility_user, offer_id=offer.pk, outcome=OfferOutcome.AGREED)
    outcomes = race(lambda: admission_start(actor=people.facility_user, offer_id=offer.pk, start_on=free_on()),
                    lambda: admission_start(actor=people.team_member, offer_id=offer.pk, start_on=free_on()))
    [admission] = one_winner(outcomes, IllegalTransition, "niet aanvaard of al opgestart")
    assert overlap == [True]
    assert list(Admission.objects.values_list("pk", flat=True)) == [admission.pk]
    assert AuditRecord.objects.filter(event="admission:started").count() == 1
    assert (_status(Place, place.pk), _status(Request, youth.pk)) == ("occupied", RequestStatus.ADMITTED)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_answers_to_one_offer_at_once_record_one_answer(world, overlap):
    """D-13: two users of the facility answer the same offer at the same moment (agree, refuse): one answer."""
    people, place, _ = world
    colleague = a_user("dirk", Role.FACILITY, facility=place.unit.facility)
    offer = open_offer(people, place)
    outcomes = race(
        lambda: offer_answer(actor=people.facility_user, offer_id=offer.pk, outcome=OfferOutcome.AGREED),
        lambda: offer_answer(actor=colleague, offer_id=offer.pk, outcome=OfferOutcome.REFUSED,
                             reason_code="group_composition", motivation=REFUSAL))
    answer = one_winner(outcomes, IllegalTransition, "al afgesloten")
    assert overlap == [True]
    assert list(OfferAnswer.objects.values_list("pk", flat=True)) == [answer.pk]
    assert _state(offer.pk) == answer.outcome
    assert _status(Place, place.pk) == ("reserved" if answer.outcome == "agreed" else "freeing")
    assert AuditRecord.objects.filter(event="offer:answered").count() == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_agreement_and_a_withdrawal_at_once_end_in_exactly_one_of_them(world, overlap):
    """D-12, D-13: the facility agrees while the team withdraws the offer: one of both happens, fully."""
    people, place, _ = world
    offer = open_offer(people, place)
    outcomes = race(
        lambda: offer_answer(actor=people.facility_user, offer_id=offer.pk, outcome=OfferOutcome.AGREED),
        lambda: offer_withdraw(actor=people.team_member, offer_id=offer.pk, reason="Jongere elders geplaatst."))
    winner = one_winner(outcomes, IllegalTransition, "al afgesloten")
    assert overlap == [True]
    agreed = isinstance(winner, OfferAnswer)
    assert (OfferAnswer.objects.count(), OfferWithdrawal.objects.count()) == ((1, 0) if agreed else (0, 1))
    assert _state(offer.pk) == ("agreed" if agreed else "withdrawn")
    assert _status(Place, place.pk) == ("reserved" if agreed else "freeing")


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_youth_offered_for_two_places_at_once_gets_one_open_offer(world, overlap):
    """D-12: two team members offer the same youth to two facilities at the same moment: one open offer.

    The places share no facility and no module, so the only row both transactions lock is the youth's request."""
    people, place, youth = world
    youth.module_types.add(ModuleType.objects.get(code="OBC"))
    elsewhere = a_place(a_unit(a_facility(name="Het Anker (fictief)"), module="OBC"), status="occupied",
                        available_from=None)
    here, there = adopted_list(people, place), adopted_list(people, elsewhere)
    outcomes = race(lambda: offer_make(actor=people.team_member, list_id=here.pk, why="Eerste in de volgorde."),
                    lambda: offer_make(actor=people.second_team_member, list_id=there.pk, why="Eerste."))
    winner = one_winner(outcomes, IllegalTransition, "geen kandidaat meer")
    assert overlap == [True]
    assert list(Offer.objects.values_list("pk", "request", "state")) == [(winner.pk, youth.pk, "open")]


@pytest.mark.django_db
def test_the_database_refuses_a_second_pending_agreement_for_a_youth(world):
    """D-13, D-20: one open offer per youth makes two agreements at once impossible, and `offer_make` skips a youth
    whose agreement waits for its start. Should a second offer slip through anyway (written here straight to the
    database), the database refuses its agreement: a clear error, and nothing of that answer is written."""
    people, place, youth = world
    first = open_offer(people, place)
    offer_answer(actor=people.facility_user, offer_id=first.pk, outcome=OfferOutcome.AGREED)
    elsewhere = a_place(a_unit(a_facility(name="Het Anker (fictief)")), status="occupied", available_from=None)
    colleague = a_user("dirk", Role.FACILITY, facility=elsewhere.unit.facility)
    second = Offer.objects.create(ref="VS-900001", report=report(people, elsewhere), request=youth, place=elsewhere,
                                  offered_by=people.team_member, offered_at=timezone.now(), why="Ontsnapt.",
                                  respond_by=free_on())
    with pytest.raises(IllegalTransition, match="al door een andere voorziening aanvaard"):
        offer_answer(actor=colleague, offer_id=second.pk, outcome=OfferOutcome.AGREED)
    assert (_state(second.pk), _status(Place, elsewhere.pk)) == ("open", "freeing")
    assert not OfferAnswer.objects.filter(offer=second).exists()
    assert AuditRecord.objects.filter(event="offer:answered").count() == 1
