"""For every named URL of the web application and every role, the answer the role gets (200/302/403/404/405).

The list of URLs comes from the URL configuration itself: a new page without a row in a `matrix_<area>.py`
fails `test_every_page_has_a_row`.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.web
from tests.web.matrix import Case
from tests.web.world import ROLES, Site, client_as

# Pages outside the matrix, with the reason: they are open to everyone by design, or not ours.
OPEN = {"login", "logout", "second_factor", "set_language"}


def _cases() -> dict[str, Case]:
    cases: dict[str, Case] = {}
    for module in pkgutil.iter_modules(tests.web.__path__):
        if module.name.startswith("matrix_"):
            cases |= importlib.import_module(f"tests.web.{module.name}").CASES
    return cases


CASES = _cases()


def _url_names(patterns: list[URLPattern | URLResolver], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's admin: staff only, tested in test_admin
            if pattern.namespace == "api":
                continue  # the REST API: its own matrix per operation and role, tests/api/matrix.py
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern.url_patterns, inner)
        elif pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_page_has_a_row() -> None:
    missing = _url_names(get_resolver().url_patterns) - OPEN - set(CASES)
    assert not missing, f"pages without a row in the authorisation matrix: {sorted(missing)}"


def test_the_matrix_names_only_existing_pages() -> None:
    assert not set(CASES) - _url_names(get_resolver().url_patterns)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_role_gets_the_expected_answer(site: Site, name: str) -> None:
    case = CASES[name]
    url = reverse(name, kwargs=case.kwargs(site))
    wrong = []
    for role in ROLES:
        status = client_as(site.user(role)).get(url).status_code
        if status != case.expected(role):
            wrong.append(f"{role}: {status} (expected {case.expected(role)})")
    assert not wrong, f"{name} {url}: " + "; ".join(wrong)
