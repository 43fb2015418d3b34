"""What every page's frame needs: the navigation of the user's roles and the demo banner."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from plaatsregie.accounts.rules import memberships_of
from plaatsregie.accounts.vocabulary import Role


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str


NAVIGATION: dict[Role, tuple[NavItem, ...]] = {
    Role.PLACEMENT_TEAM: (NavItem(_("Werkvoorraad"), "team:workqueue"), NavItem(_("Wachtpool"), "team:pool"),
                          NavItem(_("Capaciteit"), "capacity:overview")),
    Role.TEAM_LEAD: (NavItem(_("Werkvoorraad"), "team:workqueue"), NavItem(_("Wachtpool"), "team:pool"),
                     NavItem(_("Capaciteit"), "capacity:overview")),
    Role.FACILITY: (NavItem(_("Plaatsen"), "facility:places"), NavItem(_("Voorstellen"), "facility:offers"),
                    NavItem(_("Opnames"), "facility:stays"), NavItem(_("Cijfers"), "facility:figures")),
    Role.REFERRER: (NavItem(_("Aanmeldingen"), "referrer:requests"),),
    Role.POLICY_OFFICER: (NavItem(_("Voorzieningen"), "province:facilities"),
                          NavItem(_("Capaciteit"), "capacity:overview"),
                          NavItem(_("Simulatie"), "simulation:runs")),
    Role.JUDGE: (NavItem(_("Capaciteit"), "capacity:overview"),),
    Role.ADMIN: (NavItem(_("Beheer"), "admin:index"), NavItem(_("Capaciteit"), "capacity:overview"),
                 NavItem(_("Simulatie"), "simulation:runs")),
}

# Follow-up by facility policy (D-30): signals, requests to consult, the monthly check.
for _role, _items in {
    Role.PLACEMENT_TEAM: (NavItem(_("Opvolging"), "followup:items"),),
    Role.TEAM_LEAD: (NavItem(_("Opvolging"), "followup:items"),),
    Role.FACILITY: (NavItem(_("Opvolging"), "followup:items"), NavItem(_("Maandcontrole"), "followup:checks")),
    Role.POLICY_OFFICER: (NavItem(_("Opvolging"), "followup:items"), NavItem(_("Maandcontrole"), "followup:checks")),
    Role.ADMIN: (NavItem(_("Maandrapport (PDF)"), "followup:report"),),
}.items():
    NAVIGATION[_role] = NAVIGATION[_role] + _items

# Import and export with existing registration systems (D-24); the team reaches the page for exports by URL.
for _role in (Role.FACILITY, Role.ADMIN):
    NAVIGATION[_role] = NAVIGATION[_role] + (NavItem(_("Uitwisseling"), "interchange:index"),)


# Monitoring dashboards (issue 6): facility, province, Flanders; judges see the Flanders aggregates only.
for _role in (Role.PLACEMENT_TEAM, Role.TEAM_LEAD, Role.FACILITY, Role.POLICY_OFFICER, Role.JUDGE, Role.ADMIN):
    NAVIGATION[_role] = NAVIGATION[_role] + (NavItem(_("Monitoring"), "monitoring:index"),)


def navigation_for(request: HttpRequest) -> list[tuple[str | Promise, str]]:
    """The (label, url) pairs of the user's roles, without doubles, in role order."""
    items: list[tuple[str | Promise, str]] = []
    seen: set[str] = set()
    roles = {Role(m.role) for m in memberships_of(request.user)}
    for role in Role:
        for item in NAVIGATION[role] if role in roles else ():
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            if url not in seen:
                seen.add(url)
                items.append((item.label, url))
    return items


def navigation(request: HttpRequest) -> dict[str, object]:
    """Template context for the page frame."""
    return {"navigation": navigation_for(request), "demo_mode": settings.PLAATSREGIE_DEMO}
