"""Security headers and CSRF: a strict content security policy, no framing, no sniffing, a referrer policy,
and a CSRF token required on every form."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.test_authorisation_matrix import CASES
from tests.web.world import PASSWORD, Site, client_as

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\s(on[a-z]+|hx-on[:\w-]*)\s*=", re.IGNORECASE)


def _csp(response: object) -> str:
    return response["Content-Security-Policy"]  # type: ignore[index]


@pytest.mark.parametrize("who", ["anonymous", "policy_officer"])
def test_pages_carry_the_security_headers(site: Site, who: str) -> None:
    url = reverse("login") if who == "anonymous" else reverse("province:facilities")
    response = client_as(site.user(who)).get(url)
    assert response.status_code == 200
    policy = _csp(response)
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_no_page_needs_inline_script_style_or_event_handlers(site: Site) -> None:
    """The strict CSP blocks them: a page relying on one would silently break in the browser."""
    offending = []
    for name, case in sorted(CASES.items()):
        role = next(iter(sorted(case.allowed)), None)
        if role is None or case.ok != 200:
            continue
        response = client_as(site.user(role)).get(reverse(name, kwargs=case.kwargs(site)))
        if not response["Content-Type"].startswith("text/"):
            continue  # images and JSON (e.g. simulation charts) carry no markup
        content = response.content.decode()
        for what, pattern in (("inline script", INLINE_SCRIPT), ("style attribute", INLINE_STYLE),
                              ("event handler", INLINE_HANDLER)):
            if match := pattern.search(content):
                offending.append(f"{name} ({role}): {what} {match.group(0)!r}")
    assert not offending, "\n".join(offending)


def test_a_form_post_without_csrf_token_is_refused(site: Site) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "gust", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_a_form_post_with_the_pages_csrf_token_is_accepted(site: Site) -> None:
    client = Client(enforce_csrf_checks=True)
    form = client.get(reverse("login")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token is not None
    response = client.post(reverse("login"), {"username": "gust", "password": PASSWORD,
                                              "csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(site.people.policy_officer.pk)


def test_a_logged_in_post_without_csrf_token_is_refused(site: Site) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(site.admin)
    response = client.post(reverse("admin:prioritisation_policyversion_activate"),
                           {"policy_id": "default", "note": "Zonder token."})
    assert response.status_code == 403


def test_the_session_and_csrf_cookies_are_not_readable_by_scripts(site: Site) -> None:
    client = Client()
    client.get(reverse("login"))
    client.post(reverse("login"), {"username": "gust", "password": PASSWORD})
    assert client.cookies["sessionid"]["httponly"]
    assert client.cookies["csrftoken"]["httponly"]
