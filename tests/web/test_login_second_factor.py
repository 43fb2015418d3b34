"""The second factor (TOTP): required for the team, team leads and admins; enrolment with a QR code on first use;
a wrong code refused in Dutch; the right code lets the user in. Facility users and judges need none."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django_otp.oath import TOTP, totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.fixtures import Settings

from tests.web.world import Site, client_as

SECOND_FACTOR = "/tweede-factor/"


@pytest.fixture(autouse=True)
def second_factor_on(settings: Settings) -> None:
    settings.PLAATSREGIE_SECOND_FACTOR_REQUIRED = True


def _enrolling(user: User) -> tuple[object, TOTPDevice]:
    """A client of `user` that opened the second-factor page once (which makes the unconfirmed device)."""
    client = client_as(user)
    client.get(SECOND_FACTOR)
    return client, TOTPDevice.objects.get(user=user)


def _wrong_code(device: TOTPDevice) -> str:
    """A six-digit code that is not valid in any time step the device accepts now."""
    valid = set()
    for offset in range(-device.tolerance - 1, device.tolerance + 2):
        clock = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        clock.time = time.time() + offset * device.step
        valid.add(clock.token())
    return f"{next(n for n in range(10**6) if n not in valid):06d}"


@pytest.mark.parametrize("role", ["team", "team_lead", "admin"])
def test_roles_that_see_many_files_are_sent_to_the_second_factor(site: Site, role: str) -> None:
    response = client_as(site.user(role)).get(reverse("capacity:overview"))
    assert response.status_code == 302
    assert response["Location"] == SECOND_FACTOR


def test_the_admin_site_also_asks_the_second_factor(site: Site) -> None:
    response = client_as(site.admin).get(reverse("admin:index"))
    assert response["Location"] == SECOND_FACTOR


def test_first_use_shows_a_qr_code_to_enrol(site: Site) -> None:
    content = client_as(site.people.team_member).get(SECOND_FACTOR).content.decode()
    assert 'src="data:image/svg+xml' in content
    assert 'name="token"' in content
    assert not TOTPDevice.objects.get(user=site.people.team_member).confirmed


def test_a_wrong_code_is_refused_with_a_dutch_message(site: Site) -> None:
    client, device = _enrolling(site.people.team_member)
    response = client.post(SECOND_FACTOR, {"token": _wrong_code(device)})  # type: ignore[attr-defined]
    assert response.status_code == 200
    assert "Deze code klopt niet of is verlopen." in response.content.decode()
    assert client.get(reverse("capacity:overview"))["Location"] == SECOND_FACTOR  # type: ignore[attr-defined]


def test_a_code_that_is_not_six_digits_is_refused_next_to_the_field(site: Site) -> None:
    client, _ = _enrolling(site.people.team_member)
    response = client.post(SECOND_FACTOR, {"token": "123"})  # type: ignore[attr-defined]
    assert response.status_code == 200
    assert response.context["form"].errors["token"]


def test_the_right_code_lets_the_user_in_and_confirms_the_device(site: Site) -> None:
    client, device = _enrolling(site.people.team_member)
    response = client.post(SECOND_FACTOR, {"token": f"{totp(device.bin_key):06d}"})  # type: ignore[attr-defined]
    assert response.status_code == 302
    assert client.get(reverse("capacity:overview")).status_code == 200  # type: ignore[attr-defined]
    device.refresh_from_db()
    assert device.confirmed


def test_after_enrolment_no_qr_code_is_shown_again(site: Site) -> None:
    TOTPDevice.objects.create(user=site.people.team_member, name="authenticator", confirmed=True)
    content = client_as(site.people.team_member).get(SECOND_FACTOR).content.decode()
    assert "data:image/svg+xml" not in content
    assert "Geef de code van zes cijfers" in content


@pytest.mark.parametrize("role", ["facility", "judge", "policy_officer", "referrer"])
def test_other_roles_need_no_second_factor(site: Site, role: str) -> None:
    client = client_as(site.user(role))
    assert client.get(reverse("home")).get("Location") != SECOND_FACTOR
    assert client.get(SECOND_FACTOR)["Location"] == reverse("home")
