"""Contract tests generated from the OpenAPI document (Schemathesis) against a live test server: for every
operation, bounded examples, as a placement-team member (browser session, with CSRF) and as a facility's system
(token) — no 5xx, and every response (status code, content type, headers, body) as the document says.

Bounded so CI stays fast: `PLAATSREGIE_CONTRACT_EXAMPLES` examples per operation and persona (default 10).
One world per persona; the operations run in document order against it (writes may change it on the way)."""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.world import build_api_site

EXAMPLES = int(os.environ.get("PLAATSREGIE_CONTRACT_EXAMPLES", "10"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
CSRF = "abcdefghijklmnopqrstuvwxyzABCDEF"  # a fixed CSRF secret for the session persona (cookie and header)


class Persona:
    """Headers and cookies of the persona (they replace whatever the generated case carries for auth), and the
    refs of the world's objects, so that half of the detail calls name an object that exists."""

    def __init__(self, name: str) -> None:
        world = build_api_site()
        self.refs = {"facilities": world.facility.ref, "units": world.place.unit.ref, "places": world.place.ref,
                     "capacity-reports": world.offer.report.ref, "requests": world.request.ref,
                     "candidate-lists": world.offer.candidate_list.ref, "offers": world.offer.ref,
                     "admissions": world.stay.ref, "indicators": "capacity"}
        self.cookies: dict[str, str] = {}
        if name == "facility_token":
            self.headers = {"Authorization": f"Bearer {world.tokens['facility_token']}"}
        else:
            client = Client()
            client.force_login(world.people.team_member)
            self.headers = {"X-CSRFToken": CSRF}
            self.cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF}

    def prepare(self, case: Any, real_ref: bool) -> None:
        generated = {k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"}
        case.headers = {**generated, **self.headers}
        case.cookies = {**(case.cookies or {}), **self.cookies}
        resource = case.operation.path.split("/")[3]
        for name in ("ref", "key"):
            if real_ref and name in (case.path_parameters or {}):
                case.path_parameters[name] = self.refs[resource]


def _check(operation: Any, base_url: str, persona: Persona, seen: dict[int, int]) -> None:
    @given(case=operation.as_strategy(), real_ref=st.booleans())
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    def run(case: Any, real_ref: bool) -> None:
        cache.clear()  # the contract is about the answers, not the rate limit
        persona.prepare(case, real_ref)
        response = case.call_and_validate(base_url=base_url, checks=CHECKS)
        seen[response.status_code] = seen.get(response.status_code, 0) + 1

    run()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("persona", ["team", "facility_token"])
def test_the_api_keeps_its_contract(persona: str, live_server: Any) -> None:
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/schema/?format=json")  # as served
    who = Persona(persona)
    failures, seen = [], {}  # type: ignore[var-annotated]
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 25
    for operation in operations:
        try:
            _check(operation, live_server.url, who, seen)
        except Exception as error:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {str(error)[:1500]}")
    print(f"{persona}: status codes seen {dict(sorted(seen.items()))}")
    assert not failures, "\n\n".join(failures)
    assert seen.get(200, 0) >= 10 and seen.get(401, 0) == 0  # the personas really get in, not only errors
