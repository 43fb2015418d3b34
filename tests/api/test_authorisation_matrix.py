"""For every API operation and every role (people in the browser, systems with tokens), the answer they get.

The operations come from the URL configuration: an endpoint or method without a row in `matrix.CASES` fails
`test_every_operation_has_a_row`."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.api.matrix import CASES
from tests.api.world import ROLES, ApiSite

OPEN = {"api:schema GET", "api:docs GET"}  # the description of the API is public; it shows no data


def _api_operations() -> set[str]:
    [api] = [p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and p.namespace == "api"]
    operations = set()
    for pattern in api.url_patterns:
        assert isinstance(pattern, URLPattern)
        if pattern.name is None:
            continue  # the JSON 404 for every other address
        actions = getattr(pattern.callback, "actions", None) or {"get": "get"}
        operations |= {f"api:{pattern.name} {method.upper()}" for method in actions if method != "head"}  # = GET
    return operations


def test_every_operation_has_a_row() -> None:
    missing = _api_operations() - OPEN - set(CASES)
    assert not missing, f"API operations without a row in tests/api/matrix.py: {sorted(missing)}"


def test_the_matrix_names_only_existing_operations() -> None:
    assert not set(CASES) - _api_operations()


@pytest.mark.parametrize("operation", sorted(CASES))
def test_each_role_gets_the_expected_answer(api: ApiSite, operation: str) -> None:
    name, method = operation.split()
    case = CASES[operation]
    url = reverse(name, kwargs=case.kwargs(api))
    wrong = []
    for role in ROLES:
        response = getattr(api.client(role), method.lower())(url, {}, format="json") if method != "GET" else \
            api.client(role).get(url)
        if response.status_code != case.expected(role):
            wrong.append(f"{role}: {response.status_code} (expected {case.expected(role)}) {response.content[:120]!r}")
        assert response["Content-Type"].startswith("application/json"), (role, response["Content-Type"])
    assert not wrong, f"{operation} {url}: " + "; ".join(wrong)


def test_open_pages_answer_everyone(api: ApiSite) -> None:
    assert api.client("anonymous").get(reverse("api:schema")).status_code == 200
    docs = api.client("anonymous").get(reverse("api:docs"))
    assert docs.status_code == 200 and b"swagger-ui-bundle.js" in docs.content and b"<script>" not in docs.content
