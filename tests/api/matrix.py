"""The API authorisation matrix: for every API operation (URL name and method), what each role gets.

`allowed` roles get `ok` (200 for reads; for writes sent with an empty body the first check they fail after
passing permission: 400 validation, or 428 when only `If-Match` is missing); `hidden` roles get 404 (the object
is not theirs); anonymous callers 401; every other role 403 (role, or a token without the scope)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.api.world import ROLES, ApiSite


@dataclass(frozen=True)
class Case:
    allowed: frozenset[str]
    kwargs: Callable[[ApiSite], dict[str, Any]] = lambda api: {}
    hidden: frozenset[str] = field(default_factory=frozenset)
    ok: int = 200

    def expected(self, role: str) -> int:
        if role == "anonymous":
            return 401
        if role in self.allowed:
            return self.ok
        return 404 if role in self.hidden else 403


def case(*allowed: str, kwargs: Callable[[ApiSite], dict[str, Any]] = lambda api: {}, hidden: tuple[str, ...] = (),
         ok: int = 200) -> Case:
    unknown = (set(allowed) | set(hidden)) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return Case(frozenset(allowed), kwargs, frozenset(hidden), ok)


TEAM = ("team", "team_lead")
FACILITY = ("facility", "facility_token")  # the site's facility, in the browser and as a system
READERS = (*TEAM, "facility", "other_facility", "policy_officer", "other_policy_officer", "facility_token",
           "readonly_token")
OWN_FACILITY = (*TEAM, "facility", "policy_officer", "facility_token", "readonly_token")
NOT_OWN_FACILITY = ("other_facility", "other_policy_officer")
OVERVIEW = (*TEAM, "policy_officer", "other_policy_officer", "judge", "admin")


def _place(api: ApiSite) -> dict[str, Any]:
    return {"ref": api.place.ref}


CASES: dict[str, Case] = {
    "api:facility-list GET": case(*READERS),
    "api:facility-detail GET": case(*OWN_FACILITY, kwargs=lambda api: {"ref": api.facility.ref},
                                    hidden=NOT_OWN_FACILITY),
    "api:unit-list GET": case(*READERS),
    "api:unit-detail GET": case(*OWN_FACILITY, kwargs=lambda api: {"ref": api.place.unit.ref},
                                hidden=NOT_OWN_FACILITY),
    "api:place-list GET": case(*READERS),
    "api:place-detail GET": case(*OWN_FACILITY, kwargs=_place, hidden=NOT_OWN_FACILITY),
    "api:place-status PUT": case(*FACILITY, kwargs=_place, hidden=("other_facility",), ok=400),
    "api:capacity-report-list GET": case(*TEAM, "facility", "other_facility", "facility_token", "readonly_token"),
    "api:capacity-report-list POST": case(*FACILITY, "other_facility", ok=400),
    "api:capacity-report-detail GET": case(*TEAM, "facility", "facility_token", "readonly_token",
                                           kwargs=lambda api: {"ref": api.offer.report.ref},
                                           hidden=("other_facility",)),
    "api:request-list GET": case(*TEAM, "referrer", "other_referrer", "referrer_token"),
    "api:request-list POST": case("referrer", "other_referrer", "referrer_token", ok=400),
    "api:request-detail GET": case(*TEAM, "referrer", "referrer_token", kwargs=lambda api: {"ref": api.request.ref},
                                   hidden=("other_referrer",)),
    "api:request-change POST": case("referrer", "referrer_token", kwargs=lambda api: {"ref": api.request.ref},
                                    hidden=("other_referrer",), ok=400),
    "api:request-confirm POST": case("referrer", "referrer_token", kwargs=lambda api: {"ref": api.request.ref},
                                     hidden=("other_referrer",), ok=428),
    "api:request-withdraw POST": case("referrer", "referrer_token", kwargs=lambda api: {"ref": api.request.ref},
                                      hidden=("other_referrer",), ok=400),
    "api:candidate-list-list GET": case(*TEAM),
    "api:candidate-list-detail GET": case(*TEAM, kwargs=lambda api: {"ref": api.offer.candidate_list.ref}),
    "api:offer-list GET": case(*TEAM, "facility", "other_facility", "facility_token", "readonly_token"),
    "api:offer-detail GET": case(*TEAM, "facility", "facility_token", "readonly_token",
                                 kwargs=lambda api: {"ref": api.offer.ref}, hidden=("other_facility",)),
    "api:offer-answer POST": case(*FACILITY, kwargs=lambda api: {"ref": api.offer.ref}, hidden=("other_facility",),
                                  ok=400),
    "api:admission-list GET": case(*TEAM, "facility", "other_facility", "facility_token", "readonly_token"),
    "api:admission-list POST": case(*TEAM, *FACILITY, "other_facility", ok=400),
    "api:admission-detail GET": case(*TEAM, "facility", "facility_token", "readonly_token",
                                     kwargs=lambda api: {"ref": api.stay.ref}, hidden=("other_facility",)),
    "api:admission-discharge POST": case(*TEAM, *FACILITY, kwargs=lambda api: {"ref": api.stay.ref},
                                         hidden=("other_facility",), ok=400),
    "api:indicator-list GET": case(*OVERVIEW),
    "api:indicator-detail GET": case(*OVERVIEW, kwargs=lambda api: {"key": "capacity"}),
}
