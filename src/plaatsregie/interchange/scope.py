"""Who may import or export which entity, and over which facilities (need-to-know, D-36).

- places: admins (all), facility users (their own facility), the command line without --as (all);
  export also for the placement team.
- requests: imported by admins and the command line (the Flemish application keeps requests); exported only by
  the placement team (personal data; every youth in the file is logged as viewed, channel "export").
- admissions: imported by facility users (own places) and the placement team; exported by admins, the team,
  facility users (own) and the command line. Admission files hold pseudonymous references only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User

from plaatsregie.accounts.roles import PermissionDenied, facility_ids_of, roles_of
from plaatsregie.accounts.vocabulary import Role

TEAM = {Role.PLACEMENT_TEAM, Role.TEAM_LEAD}


@dataclass(frozen=True)
class Scope:
    """The acting user (None: the command line as the system) and the facilities they act for (None: all)."""

    actor: User | None
    facility_ids: frozenset[int] | None

    def covers(self, facility_id: int) -> bool:
        return self.facility_ids is None or facility_id in self.facility_ids


def import_scope(actor: User | None, entity: str) -> Scope:
    if actor is None:
        if entity == "admissions":
            raise PermissionDenied("Een opname wordt geregistreerd door een voorziening of het team: "
                                   "geef --as GEBRUIKER op.")
        return Scope(None, None)
    roles = roles_of(actor)
    if entity == "places":
        if Role.ADMIN in roles:
            return Scope(actor, None)
        if Role.FACILITY in roles:
            return Scope(actor, frozenset(facility_ids_of(actor)))
    elif entity == "requests":
        if Role.ADMIN in roles:
            return Scope(actor, None)
    elif entity == "admissions":
        if roles & TEAM:
            return Scope(actor, None)
        if Role.FACILITY in roles:
            return Scope(actor, frozenset(facility_ids_of(actor)))
    raise PermissionDenied("U mag dit soort bestand niet inlezen.")


def export_scope(actor: User | None, entity: str, facility_id: int | None = None) -> Scope:
    """The facilities an export covers; `facility_id` narrows it (and must be the user's own for a facility)."""
    if entity == "requests":
        if facility_id is not None:
            raise PermissionDenied("Aanmeldingen horen niet bij een voorziening: laat --facility weg.")
        if actor is None or not roles_of(actor) & TEAM:
            raise PermissionDenied("Aanmeldingen bevatten persoonsgegevens: alleen het team kan ze uitvoeren "
                                   "(op de opdrachtregel met --as GEBRUIKER van het team).")
        return Scope(actor, None)
    roles = roles_of(actor) if actor is not None else set()
    if actor is None or roles & (TEAM | {Role.ADMIN}):
        return Scope(actor, None if facility_id is None else frozenset({facility_id}))
    if Role.FACILITY in roles:
        own = frozenset(facility_ids_of(actor))
        if facility_id is not None and facility_id not in own:
            raise PermissionDenied("U kunt alleen de gegevens van uw eigen voorziening uitvoeren.")
        return Scope(actor, own if facility_id is None else frozenset({facility_id}))
    raise PermissionDenied("U mag dit soort bestand niet uitvoeren.")


def may_import(actor: User, entity: str) -> bool:
    try:
        import_scope(actor, entity)
    except PermissionDenied:
        return False
    return True


def may_export(actor: User, entity: str) -> bool:
    try:
        export_scope(actor, entity)
    except PermissionDenied:
        return False
    return True
