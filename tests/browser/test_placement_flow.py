"""The whole placement in a real browser, as the people who do it (issue 4, Tests): the facility announces a
freeing place; two team members make and adopt the candidate list and offer; the facility reads the A-document
and refuses with a motivation; the team reviews the refusal and offers the next candidate; the facility agrees
and starts the admission, which everyone then sees. Screenshots of each key page go to var/screenshots/."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from plaatsregie.accounts.models import AccessLogEntry
from plaatsregie.placement.models import Admission, Offer
from plaatsregie.registry.models import Place
from plaatsregie.waiting.models import Referrer, Request
from tests.browser.conftest import BROWSER_TEST, NewContext, log_in, shot
from tests.integration.factories import a_facility, a_place, a_request, a_unit
from tests.integration.personas import Personas, personas

pytestmark = BROWSER_TEST


@dataclass
class World:
    people: Personas
    place: Place
    first: Request  # the most urgent: ranked first, refused by the facility
    second: Request  # offered next, agreed, admitted


def build_world() -> World:
    """One facility with one occupied place in Antwerpen, two waiting youths that fit it, the personas."""
    facility = a_facility(name="De Linde (fictief)", region="Antwerpen")
    other = a_facility(name="Het Anker (fictief)", region="Limburg", lat=50.93, lon=5.33)
    referrer = Referrer.objects.create(ref="REF-1", name="OCJ Antwerpen (fictief)", kind="OCJ", region="Antwerpen")
    people = personas(facility, other, referrer)
    place = a_place(a_unit(facility), status="occupied", available_from=None)
    first = a_request(urgency=1, referrer=referrer)
    second = a_request(urgency=2, referrer=referrer)
    return World(people, place, first, second)


def facility_announces_the_freeing_place(page: Page, world: World) -> None:
    page.get_by_role("link", name=re.compile(f"Vrijkomende plaats melden {world.place.ref}")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(world.place.ref)
    free_on = timezone.localdate() + timedelta(days=14)
    page.get_by_label("Verwachte datum waarop de plaats vrijkomt").fill(free_on.isoformat())
    page.get_by_label("Groepssamenstelling en impact op de leefgroep").fill("Zes jongeren, rustige groep.")
    shot(page, "01-facility-announce")
    page.get_by_role("button", name="Plaats melden").click()
    expect(page.get_by_role("status")).to_contain_text(f"Plaats {world.place.ref} is gemeld als vrijkomend")
    expect(page.get_by_role("row", name=re.compile(world.place.ref))).to_contain_text("komt vrij")
    shot(page, "02-facility-places-announced")


def work_queue_section(page: Page, title: str) -> Locator:
    """A section of the team's work queue, by its heading (the heading also carries the count)."""
    return page.get_by_role("region", name=re.compile(f"^{title}"))


def open_the_report_from_the_work_queue(page: Page, screenshot: str = "") -> None:
    page.goto("/team/")
    reports = work_queue_section(page, "Meldingen vrijkomende capaciteit zonder vastgelegde lijst")
    row = reports.get_by_role("row", name=re.compile("De Linde"))
    if screenshot:
        shot(page, screenshot)
    row.get_by_role("link", name=re.compile("^CM-")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Melding vrijkomende capaciteit")


def team_member_makes_and_approves_the_list(page: Page, world: World) -> None:
    open_the_report_from_the_work_queue(page, "03-team-workqueue-report")
    page.get_by_role("button", name="Kandidatenlijst maken").click()
    candidates = page.get_by_role("table", name="Kandidaten in de volgorde van het team")
    expect(candidates.get_by_role("row").nth(1)).to_contain_text(world.first.ref)
    expect(candidates).to_contain_text(world.second.ref)
    candidates.get_by_text("Uitleg").first.click()  # the collapsible explanation of the first candidate
    expect(candidates.get_by_text("Komt in aanmerking:").first).to_be_visible()
    shot(page, "04-team-candidate-list")
    page.get_by_label("Argumentatie van de teambeslissing").fill("Urgentie gaat voor; past bij de leefgroep.")
    page.get_by_role("button", name="Volgorde goedkeuren").click()
    expect(page.get_by_role("status")).to_contain_text("Een tweede teamlid moet de volgorde nog goedkeuren")


def second_member_adopts_and_offers(page: Page, world: World) -> None:
    open_the_report_from_the_work_queue(page)
    page.get_by_label("Argumentatie van de teambeslissing").fill("Akkoord met de volgorde.")
    page.get_by_role("button", name="Volgorde goedkeuren").click()
    expect(page.get_by_role("status")).to_contain_text("vastgelegd als teambeslissing")
    page.get_by_label("Waarom deze jongere voor deze plaats?").fill("Meest urgente aanmelding die past.")
    page.get_by_role("button", name="Voorstel doen aan de voorziening").click()
    expect(page.get_by_role("status")).to_contain_text("Het voorstel werd aan de voorziening bezorgd")
    expect(page.locator("#voorstellen + table")).to_contain_text(world.first.ref)
    shot(page, "05-team-offer-made")


def open_the_open_offer(page: Page) -> None:
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Voorstellen").click()
    page.get_by_role("row", name=re.compile("wacht op uw antwoord")).get_by_role("link").click()


def facility_reads_the_a_document_and_refuses(page: Page, world: World) -> None:
    open_the_open_offer(page)
    adoc = page.get_by_role("region", name="A-document van de voorgestelde jongere")
    expect(adoc).to_contain_text(world.first.ref)
    shot(page, "06-facility-offer-a-document")
    page.get_by_label("Weigering met motivering").check()
    page.get_by_role("button", name="Antwoord versturen").click()  # without reason nor motivation
    expect(page.get_by_text("Een weigering vraagt een inhoudelijke motivering.")).to_be_visible()
    expect(page.get_by_text("Kies de reden van de weigering uit de lijst.")).to_be_visible()
    shot(page, "07-facility-refusal-errors")
    page.get_by_label("Weigering met motivering").check()
    page.get_by_label("Reden van weigering").select_option(index=1)
    page.get_by_label("Motivering", exact=True).fill("De leefgroep kan de zorgvraag van deze jongere nu niet dragen.")
    page.get_by_role("button", name="Antwoord versturen").click()
    expect(page.get_by_role("status")).to_contain_text("is geregistreerd")
    expect(page.get_by_role("region", name="Uw antwoord")).to_contain_text("geweigerd")


def team_reviews_the_refusal_and_offers_the_next(page: Page, world: World) -> None:
    page.goto("/team/")
    refusals = work_queue_section(page, "Weigeringen te bespreken")
    refusals.get_by_role("row", name=re.compile(world.first.ref)).get_by_role("link", name=re.compile("^VS-")).click()
    expect(page.get_by_role("region", name="Weigering")).to_contain_text("De leefgroep kan de zorgvraag")
    page.get_by_label("argument gevolgd", exact=True).check()
    page.get_by_label("de situatie in de voorziening").check()
    page.get_by_label("Wat leren we hieruit?").fill("Draagkracht van de leefgroep vooraf beter bevragen.")
    shot(page, "08-team-refusal-review")
    page.get_by_role("button", name="Bespreking vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("De bespreking van de weigering werd vastgelegd")
    page.get_by_role("link", name="Naar de lijst: de volgende kandidaat voorstellen").click()
    page.get_by_label("Waarom deze jongere voor deze plaats?").fill("Volgende in de vastgelegde volgorde.")
    page.get_by_role("button", name="Voorstel doen aan de voorziening").click()
    expect(page.get_by_role("status")).to_contain_text("Het voorstel werd aan de voorziening bezorgd")
    expect(page.locator("#voorstellen + table")).to_contain_text(world.second.ref)
    shot(page, "09-team-next-offer")


def facility_agrees_and_starts_the_admission(page: Page, world: World) -> None:
    open_the_open_offer(page)
    expect(page.get_by_role("region", name="A-document van de voorgestelde jongere")).to_contain_text(
        world.second.ref)
    page.get_by_label("Akkoord: de opname kan starten").check()
    page.get_by_role("button", name="Antwoord versturen").click()
    expect(page.get_by_role("status")).to_contain_text("is geregistreerd")
    page.get_by_role("button", name="Opname starten").click()
    expect(page.get_by_role("status")).to_contain_text("De opname is gestart")
    expect(page.get_by_role("region", name="Opname")).to_contain_text("is gestart op")
    shot(page, "10-facility-admission-started")


def test_a_place_is_announced_offered_refused_offered_again_and_filled(new_context: NewContext) -> None:
    world = build_world()
    people = world.people

    visited: list[str] = []

    def person(username: str) -> Page:
        context = new_context()
        context.on("request", lambda request: visited.append(request.url))
        page = context.new_page()
        log_in(page, username)
        return page

    facility, first_member = person(people.facility_user.username), person(people.team_member.username)
    judge = person(people.judge.username)
    expect_capacity(judge, freeing=0, occupied=1)
    facility_announces_the_freeing_place(facility, world)
    expect_capacity(judge, freeing=1, occupied=0)
    team_member_makes_and_approves_the_list(first_member, world)
    second_member_adopts_and_offers(person(people.second_team_member.username), world)
    facility_reads_the_a_document_and_refuses(facility, world)
    team_reviews_the_refusal_and_offers_the_next(first_member, world)
    facility_agrees_and_starts_the_admission(facility, world)
    admission_is_visible_everywhere(world, facility, first_member, person(people.referrer_user.username), judge)
    every_read_of_a_file_was_logged_and_no_url_carried_personal_data(world, visited)


def every_read_of_a_file_was_logged_and_no_url_carried_personal_data(world: World, visited: list[str]) -> None:
    read_by_facility = AccessLogEntry.objects.filter(user=world.people.facility_user)
    assert {entry.youth_id for entry in read_by_facility} == {world.first.youth_id, world.second.youth_id}
    for request in (world.first, world.second):
        birth = request.youth.birth_date
        personal = {birth.isoformat(), birth.strftime("%d/%m/%Y"), birth.strftime("%d-%m-%Y")}
        assert not [url for url in visited if any(text in url for text in personal)]
    assert len(visited) > 30  # the browser did walk the whole flow


def admission_is_visible_everywhere(world: World, facility: Page, team: Page, referrer: Page, judge: Page) -> None:
    admission = Admission.objects.get(offer__request=world.second)
    assert admission.place_id == world.place.pk
    assert Offer.objects.get(request=world.first).state == "refused"

    facility.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Plaatsen").click()
    place_row = facility.get_by_role("row", name=re.compile(world.place.ref))
    expect(place_row).to_contain_text("bezet")
    expect(place_row.get_by_role("link", name=re.compile("Ontslag registreren"))).to_be_visible()
    shot(facility, "11-facility-places-occupied")

    team.goto("/team/")
    expect(work_queue_section(team, "Lopende voorstellen")).to_contain_text("Er lopen geen voorstellen.")
    expect(work_queue_section(team, "Weigeringen te bespreken")).to_contain_text("Er zijn geen weigeringen")
    shot(team, "12-team-workqueue-after")
    team.goto(f"/team/melding/{world.place.capacity_reports.get().ref}/")  # type: ignore[attr-defined]
    expect(team.locator("#voorstellen + table")).to_contain_text("akkoord")
    shot(team, "13-team-report-after")

    referrer.goto("/aanmelder/")
    admitted = referrer.get_by_role("row", name=re.compile(world.second.ref))
    expect(admitted).to_contain_text("opgenomen")
    expect(admitted).to_contain_text("De Linde")
    shot(referrer, "14-referrer-requests-after")

    expect_capacity(judge, freeing=0, occupied=1)
    shot(judge, "15-capacity-overview-after")


def expect_capacity(judge: Page, *, freeing: int, occupied: int) -> None:
    """The judge's overview (no personal data) counts the place of OVBJ in Antwerpen."""
    judge.goto("/capaciteit/")
    cells = judge.get_by_role("row", name=re.compile("OVBJ")).filter(has_text="Antwerpen").get_by_role("cell")
    # cells: region, free, freeing, reserved, occupied, unavailable, total
    expect(cells.nth(2)).to_have_text(str(freeing))
    expect(cells.nth(4)).to_have_text(str(occupied))
