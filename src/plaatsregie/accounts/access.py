"""The one door to a youth's personal data (D-36, DOMAIN.md §7): need-to-know, and every read is logged."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q
from django.utils import timezone

from plaatsregie.accounts.models import AccessLogEntry
from plaatsregie.accounts.roles import PermissionDenied, facility_ids_of, roles_of
from plaatsregie.accounts.vocabulary import Role
from plaatsregie.waiting.models import Youth

TEAM_ROLES = {Role.PLACEMENT_TEAM, Role.TEAM_LEAD}


def youth_access_ground(user: User | AnonymousUser, youth: Youth) -> str | None:
    """Why this user may see this youth's file (a reference), or None when they may not."""
    roles = roles_of(user)
    if roles & TEAM_ROLES:
        return "team"
    if Role.REFERRER in roles:
        own = youth.requests.filter(referrer__membership__user_id=int(user.pk or 0))
        mine = own.values_list("ref", flat=True).first()
        if mine:
            return f"aanmelding {mine}"
    if Role.FACILITY in roles:
        return _facility_ground(user, youth)
    return None


def _facility_ground(user: User | AnonymousUser, youth: Youth) -> str | None:
    """D-36: while an offer of this youth to the facility is open, or while the youth is admitted there.

    An offer the facility agreed to stays open until the stay starts: the facility prepares the start with the
    file (seed 002 §3.5 step 5); a refusal or a withdrawal ends access at once.
    """
    from plaatsregie.placement.models import PENDING, Admission, Offer

    facilities = facility_ids_of(user)
    offers = Offer.objects.filter(Q(state="open") | PENDING, request__youth=youth,
                                  place__unit__facility_id__in=facilities)
    offer = offers.values_list("ref", flat=True).first()
    if offer:
        return f"voorstel {offer}"
    stay = Admission.objects.filter(request__youth=youth, ended_on__isnull=True,
                                    place__unit__facility_id__in=facilities).values_list("ref", flat=True).first()
    return f"opname {stay}" if stay else None


def access_youth_for_user(user: User | AnonymousUser, youth_id: int, *, channel: str = "page") -> Youth:
    """The youth's file if the user may see it now — the read is logged — else PermissionDenied."""
    youth = Youth.objects.filter(pk=youth_id).first()
    ground = youth_access_ground(user, youth) if youth is not None else None
    if youth is None or ground is None or not isinstance(user, User):
        raise PermissionDenied("U hebt geen toegang tot dit dossier.")
    AccessLogEntry.objects.create(user=user, at=timezone.now(), youth=youth, purpose=ground, channel=channel)
    return youth
