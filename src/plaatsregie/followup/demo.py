"""Follow-up in the demo (`plaatsregie demo`): a few signals, a request to consult, a facility note and the
monthly checks of the running and the previous month, so the follow-up pages show something real. Demo only;
written through the services; does nothing when the demo already has follow-up items."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from plaatsregie.followup import services
from plaatsregie.followup.models import CheckItem, FollowUpItem, ItemKind, Status
from plaatsregie.registry.models import Facility


def seed_followup_demo() -> str:
    """Write the demo's follow-up; returns a one-line summary."""
    users = {u.username: u for u in User.objects.filter(username__in=["voorziening", "teamlid1", "beleid"])}
    facility_user, team, officer = (users.get(n) for n in ("voorziening", "teamlid1", "beleid"))
    this_month = timezone.localdate().replace(day=1)
    previous = (this_month - timedelta(days=1)).replace(day=1)
    created = 0
    if facility_user and team and officer and not FollowUpItem.objects.exists():
        own = Facility.objects.filter(membership__user=facility_user).first()
        assert own is not None, "the demo facility user acts for a facility"
        others = Facility.objects.exclude(pk=own.pk)
        province = (list(others.filter(region=own.region).order_by("ref")[:3])
                    + list(others.exclude(region=own.region).order_by("ref")[:3]))[:3]
        first = services.item_raise(
            actor=facility_user, facility_id=own.pk, subject="Personeelstekort in een leefgroep",
            description="Door langdurige afwezigheden houden we twee plaatsen tijdelijk niet beschikbaar.",
            due_on=timezone.localdate() + timedelta(days=14))
        services.item_follow_up(actor=officer, item_id=first.pk, status=Status.IN_PROGRESS,
                                note="Gebeld met de directie; plan tot heractivering volgt.")
        created += 1
        for facility, subject in zip(province, ("Weigeringen om dezelfde reden", "Lage bezetting verblijf",
                                                "Vraag over de registratie van plaatsen"), strict=False):
            in_province = facility.region == own.region and not subject.startswith("Weig")
            services.item_raise(actor=officer if in_province else team, facility_id=facility.pk,
                                subject=subject, description="Opgemerkt in de capaciteitsdialogen van de maand.")
            created += 1
        offer = next(iter(services.non_started_offers(province[0] if province else own)), None)
        if offer is not None:
            services.item_raise(actor=team, facility_id=offer.place.unit.facility_id, kind=ItemKind.CONSULT,
                                offer_id=offer.pk, subject=f"Overleg over niet-opgestart voorstel {offer.ref}",
                                description="Drie weigeringen op rij voor een gelijkaardig profiel.")
            created += 1
        services.facility_note_record(actor=team, facility_id=own.pk, topic="strengths",
                                      text="Sterk in het opvangen van jongeren met een crisisgeschiedenis.")
    ids = list(Facility.objects.values_list("pk", flat=True))
    for month in (previous, this_month):
        services.monthly_check_generate(month, ids)
    if officer is not None:
        item = (CheckItem.objects.filter(monthly_check__month=previous, handlings__isnull=True,
                                         monthly_check__facility__region__in=officer.memberships.values("region"))
                .order_by("kind", "id").first())
        if item is not None:
            services.check_item_handle(actor=officer, item_id=item.pk, action="clarify",
                                       note="Verduidelijking gevraagd aan de voorziening.")
    items = CheckItem.objects.filter(monthly_check__month__in=[previous, this_month]).count()
    return f"follow-up: {created} signals and requests, monthly checks of {previous:%m/%Y} and " \
           f"{this_month:%m/%Y} with {items} items"
