"""No personal data where it does not belong: not on error pages, not for the judge anywhere they can go."""

from __future__ import annotations

from unittest import mock

from django.test import Client
from django.urls import reverse

from plaatsregie.waiting.models import Request, YouthIdentity
from tests.web.test_authorisation_matrix import CASES
from tests.web.world import Site, client_as

NAME = "Vermeulen-Testnaam"


def _secrets(site: Site) -> list[str]:
    """What identifies the site's youths: names, pseudonyms, dossier numbers, birth dates."""
    found: list[str] = [NAME]
    for request in Request.objects.select_related("youth"):
        found += [request.ref, request.youth.ref, request.youth.birth_date.strftime("%d/%m/%Y")]
    return found


def _named_youth(site: Site) -> None:
    YouthIdentity.objects.create(youth=site.offer.request.youth, given_name="Zoë", family_name=NAME)


def test_the_judge_sees_no_youth_data_on_any_page_they_can_reach(site: Site) -> None:
    _named_youth(site)
    judge = client_as(site.people.judge)
    reached = 0
    for name, case in CASES.items():
        if "judge" not in case.allowed or case.ok != 200:
            continue
        content = judge.get(reverse(name, kwargs=case.kwargs(site))).content.decode()
        reached += 1
        leaked = [secret for secret in _secrets(site) if secret in content]
        assert not leaked, f"{name} shows {leaked}"
    assert reached >= 1


def test_the_capacity_page_shows_the_judge_figures_only(site: Site) -> None:
    _named_youth(site)
    response = client_as(site.people.judge).get(reverse("capacity:overview"))
    content = response.content.decode()
    assert response.status_code == 200
    assert not [secret for secret in _secrets(site) if secret in content]


def _main(content: str) -> str:
    """The page's own content (the frame's language form carries the current path back as `next`)."""
    return content.split('<main id="inhoud"', 1)[1].split("</main>", 1)[0]


def test_the_not_found_page_does_not_repeat_what_was_asked(site: Site) -> None:
    url = reverse("province:facility", kwargs={"ref": f"Zoe-{NAME}"})
    response = client_as(site.people.policy_officer).get(url)
    main = _main(response.content.decode())
    assert response.status_code == 404
    assert "Niet gevonden" in main and NAME not in main


def test_the_server_error_page_shows_nothing_of_the_failure(site: Site) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(site.people.policy_officer)
    failure = RuntimeError(f"dossier {site.offer.request.ref} van Zoë {NAME}")
    with mock.patch("plaatsregie.web.province.queries.status_counts", side_effect=failure):
        response = client.get(reverse("province:facility", kwargs={"ref": site.facility.ref}))
    content = response.content.decode()
    assert response.status_code == 500
    assert "Er liep iets mis" in content
    assert not [secret for secret in _secrets(site) if secret in content]
    assert site.people.policy_officer.username not in content
