"""The follow-up pages: raising, following up, the monthly check and its exports."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from plaatsregie.followup.models import CheckItem, CheckItemHandling, FollowUpItem, MonthlyCheck, Status
from tests.followup.history import OCTOBER, build
from tests.web.world import Site, client_as

pytestmark = pytest.mark.django_db


def test_a_facility_raises_a_signal_and_the_policy_officer_closes_it(site: Site) -> None:
    facility = client_as(site.people.facility_user)
    response = facility.post(reverse("followup:raise"), {"facility": site.facility.pk, "subject": "Te weinig personeel",
                                                         "description": "Twee plaatsen dicht tot maart."})
    item = FollowUpItem.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("followup:item", args=[item.ref])
    officer = client_as(site.people.policy_officer)
    page = officer.get(reverse("followup:items"))
    assert item.ref in page.content.decode()
    officer.post(reverse("followup:item", args=[item.ref]),
                 {"status": Status.DONE, "owner": site.people.policy_officer.pk, "note": "Besproken, plan loopt."})
    item.refresh_from_db()
    assert item.status == Status.DONE
    detail = facility.get(reverse("followup:item", args=[item.ref])).content.decode()
    assert "Besproken, plan loopt." in detail
    # the other facility does not see it in its list
    assert item.ref not in client_as(site.people.other_facility_user).get(reverse("followup:items")).content.decode()


def test_a_facility_may_not_raise_about_another_facility(site: Site) -> None:
    response = client_as(site.people.facility_user).post(reverse("followup:raise"), {
        "facility": site.other_facility.pk, "subject": "x", "description": "y"})
    assert response.status_code == 200 and not FollowUpItem.objects.exists()


def test_lists_export_to_csv_and_xlsx(site: Site) -> None:
    client = client_as(site.people.team_member)
    client.post(reverse("followup:raise"), {"facility": site.facility.pk, "subject": "Signaal", "description": "…"})
    csv = client.get(reverse("followup:items"), {"export": "csv"})
    assert csv["Content-Type"].startswith("text/csv") and "Signaal" in csv.content.decode("utf-8-sig")
    xlsx = client.get(reverse("followup:facility", args=[site.facility.ref]), {"export": "xlsx"})
    assert xlsx.content[:2] == b"PK"


def test_the_monthly_check_of_the_running_month_is_generated_on_the_first_visit(site: Site) -> None:
    officer = client_as(site.people.policy_officer)
    assert officer.get(reverse("followup:checks")).status_code == 200
    month = timezone.localdate().replace(day=1)
    assert MonthlyCheck.objects.filter(month=month, facility=site.facility).exists()
    assert not MonthlyCheck.objects.filter(facility=site.other_facility).exists()  # another province
    officer.get(reverse("followup:checks"))
    assert MonthlyCheck.objects.filter(month=month).count() == 1


def test_the_policy_officer_handles_a_check_item_on_the_page(site: Site) -> None:
    history = build(site.people.facility_user)
    from plaatsregie.followup.services import monthly_check_generate

    monthly_check_generate(OCTOBER, [history.odd.pk])
    item = CheckItem.objects.filter(kind="unavailable_long").get()
    officer = client_as(site.people.policy_officer)
    url = reverse("followup:check", args=[history.odd.ref, "2026-10"])
    page = officer.get(url).content.decode()
    assert item.subject_ref in page and "structureel niet beschikbaar" in page
    response = officer.post(reverse("followup:handle", args=[item.pk]),
                            {f"i{item.pk}-action": "reactivate", f"i{item.pk}-note": "Plan tegen januari."})
    assert response.status_code == 302
    assert CheckItemHandling.objects.filter(item=item, action="reactivate", handled=True).exists()
    assert officer.get(url, {"export": "csv"}).content.decode("utf-8-sig").count("\r\n") == 8  # header + 7 items
    # the facility sees its check (read only), another province's officer does not
    facility_user = build_user_for(history.odd)
    assert client_as(facility_user).get(url).status_code == 200
    assert client_as(site.other_policy_officer).get(url).status_code == 404
    assert client_as(site.other_policy_officer).post(reverse("followup:handle", args=[item.pk]), {
        f"i{item.pk}-action": "discuss", f"i{item.pk}-note": "x"}).status_code == 404


def build_user_for(facility: object) -> object:
    from plaatsregie.accounts.vocabulary import Role
    from tests.integration.personas import a_user

    return a_user("scheef", Role.FACILITY, facility=facility)


def test_the_intensive_follow_up_view_shows_the_period(site: Site, settings: object) -> None:
    settings.PLAATSREGIE_INTENSIVE_FOLLOWUP_FROM = "2026-09-01"  # type: ignore[attr-defined]
    settings.PLAATSREGIE_INTENSIVE_FOLLOWUP_UNTIL = "2026-12-31"  # type: ignore[attr-defined]
    page = client_as(site.people.policy_officer).get(reverse("followup:intensive")).content.decode()
    assert "01/09/2026" in page and "12/2026" in page and "09/2026" in page
