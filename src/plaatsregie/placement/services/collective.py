"""Collective cases (D-16): a youth refused by several facilities is discussed collectively."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from plaatsregie.accounts.audit import audit
from plaatsregie.accounts.roles import require_role
from plaatsregie.accounts.vocabulary import AuditEvent, Role
from plaatsregie.core.errors import DomainError
from plaatsregie.placement.models import CollectiveCase, CollectiveConsultation, OfferAnswer
from plaatsregie.placement.services.common import NotFound, User, notify, now
from plaatsregie.placement.services.people import team_users
from plaatsregie.waiting.models import Request


def refusing_facilities(request: Request) -> int:
    """How many distinct facilities refused this youth."""
    return (OfferAnswer.objects.filter(offer__request=request, outcome="refused")
            .values("offer__place__unit__facility").distinct().count())


def collective_case_check(actor: User, request: Request) -> CollectiveCase | None:
    """Open a collective case once N facilities (a setting, default 3) have refused the youth (D-16)."""
    count = refusing_facilities(request)
    if count < settings.PLAATSREGIE_COLLECTIVE_CASE_REFUSALS:
        return None
    case, created = CollectiveCase.objects.get_or_create(
        request=request, defaults={"opened_at": now(), "refusing_facilities": count})
    if created:
        audit(actor, AuditEvent.COLLECTIVE_CASE_OPENED, request, new={"refusing_facilities": count})
        notify(team_users(request.youth.region), "collectief dossier",
               f"Aanmelding {request.ref} werd door {count} voorzieningen geweigerd en wordt een collectief dossier.",
               request.ref)
    return case


@transaction.atomic
def collective_consultation_record(*, actor: User, case_id: int, participants: str,
                                   outcome: str) -> CollectiveConsultation:
    """D-16: record a collective consultation with its participants and outcome."""
    require_role(actor, Role.PLACEMENT_TEAM, Role.TEAM_LEAD)
    case = CollectiveCase.objects.filter(pk=case_id).select_related("request").first()
    if case is None:
        raise NotFound("Dit collectief dossier bestaat niet.")
    if not participants.strip() or not outcome.strip():
        raise DomainError("Noteer wie deelnam aan het collectief overleg en wat de uitkomst is.")
    consultation = CollectiveConsultation.objects.create(case=case, participants=participants.strip(),
                                                         outcome=outcome.strip(), by=actor, at=now())
    audit(actor, AuditEvent.COLLECTIVE_CONSULTATION_RECORDED, case.request, new={"participants": participants},
          reason=outcome)
    return consultation
