"""Facility objections (D-17): a facility disagrees with a decision; the answer goes team member → team lead →
regional policy officer, each answer recorded."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from plaatsregie.accounts.audit import audit
from plaatsregie.accounts.roles import PermissionDenied, facility_ids_of, roles_of
from plaatsregie.accounts.vocabulary import AuditEvent, Role
from plaatsregie.core.errors import DomainError
from plaatsregie.core.lifecycle import IllegalTransition
from plaatsregie.placement.models import Objection, ObjectionAnswer
from plaatsregie.placement.services.common import NotFound, User, next_ref, notify, now
from plaatsregie.placement.services.people import facility_users, team_users

LEVELS = (("team_member", Role.PLACEMENT_TEAM), ("team_lead", Role.TEAM_LEAD), ("policy_officer", Role.POLICY_OFFICER))


@transaction.atomic
def objection_raise(*, actor: User, facility_id: int, subject: str, text: str) -> Objection:
    """D-17: a facility registers its disagreement with a decision."""
    if facility_id not in facility_ids_of(actor):
        raise PermissionDenied("Alleen een voorziening zelf tekent bezwaar aan.")
    if not subject.strip() or len(text.strip()) < 10:
        raise DomainError("Zeg over welke beslissing het gaat en waarom u niet akkoord gaat.")
    objection = Objection.objects.create(ref=next_ref(Objection, "BZ"), facility_id=facility_id,
                                         subject=subject.strip(), text=text.strip(), raised_by=actor, at=now())
    audit(actor, AuditEvent.OBJECTION_RAISED, objection, new={"subject": subject}, reason=text)
    notify(team_users(), "bezwaar", f"Bezwaar {objection.ref} over {subject}.", objection.ref)
    return objection


@transaction.atomic
def objection_answer(*, actor: User, objection_id: int, answer: str, resolved: bool) -> ObjectionAnswer:
    """Answer at the next level; an unresolved answer moves the objection up one level."""
    objection = Objection.objects.select_for_update().filter(pk=objection_id).first()
    if objection is None:
        raise NotFound("Dit bezwaar bestaat niet.")
    answers = list(objection.answers.order_by("id"))
    if any(a.resolved for a in answers) or len(answers) >= len(LEVELS):
        raise IllegalTransition("Dit bezwaar is afgehandeld.")
    level, role = LEVELS[len(answers)]
    if role not in roles_of(actor):
        raise PermissionDenied(f"Dit bezwaar ligt nu bij: {level}.")
    if not answer.strip():
        raise DomainError("Schrijf het antwoord op het bezwaar.")
    try:
        with transaction.atomic():
            reply = ObjectionAnswer.objects.create(objection=objection, level=level, answer=answer.strip(),
                                                   resolved=resolved, by=actor, at=now())
    except IntegrityError:
        raise IllegalTransition("Op dit niveau werd al geantwoord.") from None
    audit(actor, AuditEvent.OBJECTION_ANSWERED, objection, new={"level": level, "resolved": resolved},
          reason=answer)
    notify(facility_users(objection.facility_id), "antwoord op bezwaar",
           f"Bezwaar {objection.ref}: antwoord van {level}.", objection.ref)
    return reply
