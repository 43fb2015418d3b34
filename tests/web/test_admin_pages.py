"""The Django admin (role admin): configuration is maintained there; reason lists are retired, never deleted;
the access log, the audit trail, offers and decisions are read-only; policy versions are activated there."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from plaatsregie.accounts.access import access_youth_for_user
from plaatsregie.accounts.models import AccessLogEntry, AuditRecord
from plaatsregie.accounts.vocabulary import Role
from plaatsregie.placement.models import Offer, RefusalReason
from plaatsregie.prioritisation.models import PolicyVersion
from plaatsregie.registry.models import UnavailabilityReason
from plaatsregie.waiting.models import WithdrawalReason
from tests.integration.personas import a_user
from tests.web.world import Site, client_as

REASON_MODELS = (RefusalReason, WithdrawalReason, UnavailabilityReason)


def _url(model: type, view: str, *args: object) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_admin_list_and_add_page_opens_for_the_admin(site: Site) -> None:
    client = client_as(site.admin)
    assert client.get(reverse("admin:index")).status_code == 200
    for model in admin.site._registry:
        assert client.get(_url(model, "changelist")).status_code == 200, model
        assert client.get(_url(model, "add")).status_code in (200, 403), model


def test_a_user_without_staff_status_is_sent_to_the_admin_login(site: Site) -> None:
    response = client_as(site.people.facility_user).get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.parametrize("model", REASON_MODELS, ids=lambda m: m.__name__)
def test_a_reason_is_retired_never_deleted(site: Site, model: type) -> None:
    client = client_as(site.admin)
    reason = model.objects.first()
    assert client.get(_url(model, "delete", reason.pk)).status_code == 403
    response = client.post(_url(model, "changelist"), {"action": "delete_selected", "_selected_action": [reason.pk]})
    assert model.objects.filter(pk=reason.pk).exists()
    response = client.post(_url(model, "changelist"), {"action": "retire", "_selected_action": [reason.pk]})
    assert response.status_code == 302
    reason.refresh_from_db()
    assert reason.active is False


def test_a_new_reason_can_be_added_and_its_code_is_fixed_afterwards(site: Site) -> None:
    client = client_as(site.admin)
    response = client.post(_url(RefusalReason, "add"), {"code": "new_reason", "label": "Nieuwe reden",
                                                          "active": "on"})
    assert response.status_code == 302
    reason = RefusalReason.objects.get(code="new_reason")
    client.post(_url(RefusalReason, "change", reason.pk), {"code": "renamed", "label": "Nieuw", "active": "on"})
    reason.refresh_from_db()
    assert (reason.code, reason.label) == ("new_reason", "Nieuw")


def test_the_access_log_is_searchable_by_pseudonym_and_filterable(site: Site) -> None:
    youth = site.offer.request.youth
    access_youth_for_user(site.people.facility_user, youth.pk)
    client = client_as(site.admin)
    found = client.get(_url(AccessLogEntry, "changelist"), {"q": youth.ref})
    assert found.status_code == 200 and found.context["cl"].result_count == 1
    other = client.get(_url(AccessLogEntry, "changelist"), {"q": "J-GEEN"})
    assert other.context["cl"].result_count == 0
    by_channel = client.get(_url(AccessLogEntry, "changelist"), {"channel": "api"})
    assert by_channel.context["cl"].result_count == 0
    by_user = client.get(_url(AccessLogEntry, "changelist"), {"user__id__exact": site.people.facility_user.pk})
    assert by_user.context["cl"].result_count == 1


def test_the_access_log_and_the_audit_trail_are_read_only_in_the_admin(site: Site) -> None:
    access_youth_for_user(site.people.facility_user, site.offer.request.youth_id)
    client = client_as(site.admin)
    for model in (AccessLogEntry, AuditRecord):
        record = model.objects.first()
        assert client.get(_url(model, "add")).status_code == 403
        assert client.get(_url(model, "delete", record.pk)).status_code == 403
        page = client.get(_url(model, "change", record.pk))
        assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
        assert client.post(_url(model, "change", record.pk), {}).status_code == 403


def test_the_access_log_is_for_the_admin_role_only_not_for_every_superuser(site: Site) -> None:
    superuser = User.objects.create_superuser("root", "root@demo.invalid", "not-a-real-password-123")
    assert client_as(superuser).get(_url(AccessLogEntry, "changelist")).status_code == 403


def test_offers_are_read_only_and_show_no_youth(site: Site) -> None:
    client = client_as(site.admin)
    page = client.get(_url(Offer, "change", site.offer.pk))
    content = page.content.decode()
    assert page.status_code == 200 and 'name="_save"' not in content
    assert site.offer.request.ref not in content and site.offer.request.youth.ref not in content
    assert client.post(_url(Offer, "change", site.offer.pk), {"state": "withdrawn"}).status_code == 403
    assert client.get(_url(Offer, "delete", site.offer.pk)).status_code == 403
    site.offer.refresh_from_db()
    assert site.offer.state == "open"


def test_a_user_page_shows_the_roles_inline(site: Site) -> None:
    page = client_as(site.admin).get(reverse("admin:auth_user_change", args=[site.people.policy_officer.pk]))
    content = page.content.decode()
    assert page.status_code == 200
    assert 'name="memberships-0-role"' in content and 'name="memberships-0-region"' in content


def test_the_user_list_names_each_users_roles(site: Site) -> None:
    content = client_as(site.admin).get(reverse("admin:auth_user_changelist")).content.decode()
    assert "regionale beleidsmedewerker" in content


def test_module_types_show_their_scope_and_flow(site: Site) -> None:
    content = client_as(site.admin).get(reverse("admin:registry_moduletype_changelist")).content.decode()
    assert "valt onder centrale regie" in content and "regulier" in content


def test_an_existing_places_status_is_not_edited_in_the_admin(site: Site) -> None:
    content = client_as(site.admin).get(reverse("admin:registry_place_change", args=[site.place.pk])).content.decode()
    assert 'name="status"' not in content and 'name="age_min"' in content


class TestPolicyVersions:
    def _activate(self, client: Client, **data: str) -> object:
        return client.post(reverse("admin:prioritisation_policyversion_activate"), data)

    def test_the_list_offers_to_activate_a_policy_file(self, site: Site) -> None:
        content = client_as(site.admin).get(reverse("admin:prioritisation_policyversion_changelist")).content.decode()
        assert reverse("admin:prioritisation_policyversion_activate") in content
        form = client_as(site.admin).get(reverse("admin:prioritisation_policyversion_activate")).content.decode()
        assert 'value="default"' in form and 'value="waiting-time-first"' in form

    def test_an_admin_activates_a_policy_file_and_the_version_is_listed(self, site: Site) -> None:
        client = client_as(site.admin)
        response = self._activate(client, policy_id="waiting-time-first", note="Beslissing werkgroep.")
        assert response.status_code == 302  # type: ignore[attr-defined]
        version = PolicyVersion.objects.get()
        assert version.activated_by == site.admin
        content = client.get(reverse("admin:prioritisation_policyversion_changelist")).content.decode()
        assert "waiting-time-first" in content
        assert client.get(_url(PolicyVersion, "delete", version.pk)).status_code == 403

    def test_activation_without_a_note_is_refused_next_to_the_field(self, site: Site) -> None:
        response = self._activate(client_as(site.admin), policy_id="default", note="")
        assert response.status_code == 200  # type: ignore[attr-defined]
        assert response.context["form"].errors["note"]  # type: ignore[attr-defined]
        assert not PolicyVersion.objects.exists()

    def test_a_refusal_of_the_service_is_shown_not_a_server_error(self, site: Site) -> None:
        staff = a_user("staf", Role.JUDGE)  # staff and superuser, but not the admin role
        staff.is_staff = staff.is_superuser = True
        staff.save()
        response = self._activate(client_as(staff), policy_id="default", note="Proef.")
        assert response.status_code == 200  # type: ignore[attr-defined]
        assert "U hebt niet de rol die deze handeling vraagt." in response.content.decode()  # type: ignore[attr-defined]
        assert not PolicyVersion.objects.exists()
