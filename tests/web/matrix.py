"""The authorisation matrix: for every named URL, what each role gets. Areas add their rows in
`matrix_<area>.py` as `CASES`; `test_authorisation_matrix.py` fails for any URL without a row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.web.world import ROLES, Site


@dataclass(frozen=True)
class Case:
    """`allowed` roles get `ok` (200, or 405 for POST-only actions); `hidden` roles get 404 (the object is not
    theirs); anonymous users are sent to log in (302); every other role gets 403."""

    allowed: frozenset[str]
    kwargs: Callable[[Site], dict[str, Any]] = lambda site: {}
    hidden: frozenset[str] = field(default_factory=frozenset)
    ok: int = 200

    def expected(self, role: str) -> int:
        if role == "anonymous":
            return 302
        if role in self.allowed:
            return self.ok
        return 404 if role in self.hidden else 403


def case(*allowed: str, kwargs: Callable[[Site], dict[str, Any]] = lambda site: {}, hidden: tuple[str, ...] = (),
         ok: int = 200) -> Case:
    unknown = set(allowed) | set(hidden) - set(ROLES)
    assert not unknown - set(ROLES), f"unknown roles {unknown - set(ROLES)}"
    return Case(frozenset(allowed), kwargs, frozenset(hidden), ok)


TEAM = ("team", "team_lead")
