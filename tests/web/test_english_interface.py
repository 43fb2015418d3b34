"""The English interface: Dutch is the default, and a user who picks English (the language form posts to Django's
set_language view, which sets the language cookie) sees the pages in English, from the compiled catalogue in
src/plaatsregie/locale/en."""

from __future__ import annotations

from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.web.world import Site, client_as


def _html(response: object) -> str:
    return str(response.content.decode())  # type: ignore[attr-defined]


def _in_english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_set_language_url_switches_the_login_page_to_english(db: None) -> None:
    client = Client()
    response = client.post("/taal/setlang/", {"language": "en", "next": "/aanmelden/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = _html(client.get("/aanmelden/"))
    assert '<html lang="en">' in page
    assert "<h1>Log in</h1>" in page
    assert "<h1>Aanmelden</h1>" not in page


def test_with_the_english_cookie_a_wrong_password_is_refused_in_english(site: Site) -> None:
    response = _in_english(Client()).post(reverse("login"), {"username": "gust", "password": "wrong-password"})
    assert response.status_code == 200
    assert "Username or password is incorrect." in _html(response)


def test_a_judge_sees_the_capacity_page_in_english(site: Site) -> None:
    page = _html(_in_english(client_as(site.people.judge)).get(reverse("capacity:overview")))
    assert "<h1>Capacity by module type and region</h1>" in page
    assert "Log out" in page
    assert "Capaciteit per moduletype en regio" not in page


def test_dutch_is_still_the_default(site: Site) -> None:
    login = _html(Client().get("/aanmelden/"))
    assert '<html lang="nl">' in login
    assert "<h1>Aanmelden</h1>" in login
    capacity = _html(client_as(site.people.judge).get(reverse("capacity:overview")))
    assert "<h1>Capaciteit per moduletype en regio</h1>" in capacity
    assert "Capacity by module type and region" not in capacity


def test_choosing_dutch_again_brings_the_dutch_interface_back(site: Site) -> None:
    client = _in_english(client_as(site.people.judge))
    client.post("/taal/setlang/", {"language": "nl", "next": reverse("capacity:overview")})
    assert "<h1>Capaciteit per moduletype en regio</h1>" in _html(client.get(reverse("capacity:overview")))


def test_a_browser_preferring_english_still_gets_dutch_until_english_is_chosen(client: Client) -> None:
    page = client.get("/aanmelden/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "<h1>Aanmelden</h1>" in page
