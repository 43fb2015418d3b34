"""Logging in with a username and password: the form, a plain Dutch error, throttling by django-axes, and the
session that ends after half an hour without activity. These tests use the real log-in form (no force_login):
throttling only sees what goes through it."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.web.world import PASSWORD, Site


def _log_in(client: Client, username: str, password: str) -> object:
    return client.post(reverse("login"), {"username": username, "password": password})


def test_the_right_password_logs_in_and_sends_the_user_to_their_work(site: Site) -> None:
    client = Client()
    response = _log_in(client, "gust", PASSWORD)
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert client.get(reverse("home")).url == reverse("province:facilities")  # type: ignore[attr-defined]


def test_a_wrong_password_is_refused_with_a_dutch_message(site: Site) -> None:
    response = _log_in(Client(), "gust", "verkeerd-wachtwoord")
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "Gebruikersnaam of wachtwoord klopt niet." in response.content.decode()  # type: ignore[attr-defined]


def test_five_wrong_passwords_lock_the_account_even_for_the_right_password(site: Site) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, "gust", "verkeerd-wachtwoord")
    response = _log_in(client, "gust", PASSWORD)
    assert response.status_code == 429  # type: ignore[attr-defined]
    assert "Tijdelijk geblokkeerd" in response.content.decode()  # type: ignore[attr-defined]
    assert "_auth_user_id" not in client.session


def test_the_lock_is_for_that_account_only(site: Site) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, "gust", "verkeerd-wachtwoord")
    assert _log_in(Client(), "hanne", PASSWORD).status_code == 302  # type: ignore[attr-defined]


def test_fewer_wrong_passwords_than_the_limit_do_not_lock(site: Site) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _log_in(client, "gust", "verkeerd-wachtwoord")
    assert _log_in(client, "gust", PASSWORD).status_code == 302  # type: ignore[attr-defined]


def test_a_session_ends_after_half_an_hour_without_activity(site: Site) -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST  # each request moves the end on: inactivity, not log-in time
    client = Client()
    _log_in(client, "gust", PASSWORD)
    assert client.get(reverse("province:facilities")).status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("province:facilities"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))  # type: ignore[attr-defined]


def test_activity_moves_the_end_of_the_session_on(site: Site) -> None:
    client = Client()
    _log_in(client, "gust", PASSWORD)
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timedelta(minutes=5))
    client.get(reverse("province:facilities"))
    remaining = Session.objects.get(session_key=key).expire_date - timezone.now()
    assert remaining > timedelta(minutes=29)


def test_passwords_are_stored_with_a_strong_hasher_outside_tests() -> None:
    from plaatsregie.web import settings as configured

    assert not hasattr(configured, "PASSWORD_HASHERS")  # Django's default: PBKDF2 with its current iterations
