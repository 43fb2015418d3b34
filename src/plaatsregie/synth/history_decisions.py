"""What people decide in a replayed history: the facility's answer to an offer (D-13), the team's review of a
refusal (D-14) and the steps on the mandate ladder (D-15).

The draws are taken when the history is planned; the rules below turn them into decisions once the replay
knows which youth the team offered. No public figures give refusal rates (DOMAIN.md §8): every rate here is
assumed (docs/synthetic-data.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from plaatsregie.core.geo import EARTH_RADIUS_KM
from plaatsregie.core.types import Location, Need
from plaatsregie.synth.draws import Rng

MAX_OFFERS = 4  # the fourth youth offered for one vacancy is always agreed: the seed expects facilities to admit
REFUSAL_BASE = 0.2
REFUSAL_PER_HEAVY_NEED = 0.25  # heavier profiles are refused more often, so some become collective cases (D-16)
REFUSAL_MAX = 0.85
HEAVY_NEEDS = frozenset({Need.PSYCHIATRIC, Need.DRUGS, Need.AGGRESSION, Need.CLOSED_SETTING})
UNPLACEABLE_HEAVY_NEEDS = 3  # D-16: a youth with this many heavy needs is refused until a collective case is open
WITHDRAWAL_RATE = 0.03  # the team withdraws the offer (the youth's situation changed)
CONDITIONS_BASE = 0.2
CONDITIONS_PER_HEAVY_NEED = 0.15
NOT_FOLLOWED = {"situational": 0.35, "group_composition": 0.2}  # D-14: the team does not follow the argument
NOT_FOLLOWED_OTHERWISE = 0.1
FAR_KM = 50.0  # a context further than this makes "distance to the context" a plausible reason
# D-14: after a followed refusal the team keeps the youth from that facility: three months when the refusal was
# about the youth's profile, a month when it was about the group's situation today.
EXCLUDED_DAYS = {"youth_profile": 90, "facility_situation": 30}
SECOND_STEP, THIRD_STEP, SCALE_BACK = 0.5, 0.25, 0.3  # D-15: how far the ladder goes, and whether it comes down

# Reasons of the refusal catalogue, with their weight given the youth and the place (D-13).
MOTIVATIONS = {
    "drugs": "Het actuele druggebruik vraagt een gespecialiseerde aanpak die de leefgroep vandaag niet kan bieden.",
    "psychiatric": "De psychiatrische problematiek vraagt eerst stabilisatie en zorg die wij niet kunnen waarborgen.",
    "closed_setting": "De situatie vraagt een gesloten setting; onze open werking biedt onvoldoende veiligheid.",
    "target_group": "Het profiel sluit niet aan bij de doelgroep en het pedagogisch kader van deze leefgroep.",
    "distance_to_context": "De afstand tot het netwerk is te groot om het contact met de context te ondersteunen.",
    "group_composition": "De groep telt al meerdere jongeren met gelijkaardige noden; extra instroom is nu niet "
                         "verantwoord.",
    "situational": "Door recente incidenten en personeelswissels is de draagkracht van de groep deze weken te laag.",
}
YOUTH_PROFILE_REASONS = frozenset({"drugs", "psychiatric", "closed_setting", "target_group"})
# D-15: the ground for steering, by the reason of the refusal that was not followed (codes of MandateGround).
MANDATE_GROUNDS = {"situational": "unmotivated_refusal", "group_composition": "unmotivated_refusal",
                   "target_group": "target_group_deviation"}
MANDATE_GROUND_OTHERWISE = "acute_societal_need"
MANDATE_JUSTIFICATIONS = {
    1: "Actief partnerschap: overleg met de voorziening over wat ze nodig heeft om ja te zeggen.",
    2: "Nodige actie en engagement benoemd: een actieplan met concrete afspraken en termijnen.",
    3: "Zorggarantie afdwingen na herhaald overleg: de overheid wijst toe, proportioneel en transparant.",
}
SCALED_BACK = "Afgeschakeld: de afspraken worden nagekomen, verdere sturing is niet nodig."
# D-13: the conditions of an agreement: kind, construction and what must happen.
CONDITIONS = (
    ("construction", "phased_start", "Gefaseerde opstart: eerst enkele dagen, dan voltijds in de leefgroep."),
    ("support", "", "Extra ambulante ondersteuning vanuit het netwerk tijdens de eerste maanden."),
    ("construction", "extra_support", "Bijkomende begeleiding in de leefgroep tijdens de eerste weken."),
    ("partners", "", "Afspraken met de kinder- en jeugdpsychiatrie over crisisopvang en opvolging."),
)
COLLECTIVE_CONDITION = ("construction", "shared_admission",
                        "Gedeelde opname zoals afgesproken in het collectief overleg, met extra steun van de partners.")
LESSONS = {
    "facility_situation": "Draagkracht en groepssamenstelling vooraf bevragen in het capaciteitsgesprek.",
    "youth_profile": "Profiel en ondersteuningsnood vooraf scherper afstemmen; alternatieve match verkennen.",
}


class Outcome(StrEnum):
    AGREED = "agreed"
    AGREED_WITH_CONDITIONS = "agreed_with_conditions"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"  # the team withdraws the offer before the facility answers


@dataclass(frozen=True, slots=True)
class OfferDraws:
    """Uniform draws for the answers to at most MAX_OFFERS offers of one vacancy, one row per offer."""

    rows: tuple[tuple[float, ...], ...]


DRAWS_PER_OFFER = 8


def draw_offer_draws(rng: Rng) -> OfferDraws:
    values = rng.random((MAX_OFFERS, DRAWS_PER_OFFER)).tolist()
    return OfferDraws(tuple(tuple(row) for row in values))


@dataclass(frozen=True, slots=True)
class Answer:
    """The facility's answer to one offer and, for a refusal, the team's review and mandate steps."""

    outcome: Outcome
    reason: str = ""
    motivation: str = ""
    verdict: str = ""  # argument_followed / argument_not_followed
    attributed_to: str = ""  # facility_situation / youth_profile
    lessons: str = ""
    excluded_days: int | None = None
    mandate: tuple[int, ...] = ()  # D-15: the steps taken after a refusal that was not followed, in order
    condition: tuple[str, str, str] | None = None  # kind, construction, description


def answer_to_offer(draws: OfferDraws, index: int, needs: frozenset[Need], distance_km: float | None,
                    collective: bool = False) -> Answer:
    """The answer to the `index`-th offer of a vacancy for a youth with these needs at this distance; `collective`
    when the youth is a collective case (D-16), whose consultation agreed a construction."""
    refuse, withdraw, conditions, reason, verdict, second, third, back = draws.rows[index]
    heavy = len(needs & HEAVY_NEEDS)
    if withdraw < WITHDRAWAL_RATE:
        return Answer(Outcome.WITHDRAWN)
    if collective:
        return Answer(Outcome.AGREED_WITH_CONDITIONS, condition=COLLECTIVE_CONDITION)
    chance = min(REFUSAL_BASE + REFUSAL_PER_HEAVY_NEED * heavy, REFUSAL_MAX)
    if heavy >= UNPLACEABLE_HEAVY_NEEDS:
        chance = 1.0
    if index < MAX_OFFERS - 1 and refuse < chance:
        return _refusal(_reason(reason, needs, distance_km), verdict, (second, third, back))
    threshold = CONDITIONS_BASE + CONDITIONS_PER_HEAVY_NEED * heavy
    if conditions < threshold:
        chosen = CONDITIONS[int(conditions / threshold * len(CONDITIONS))]
        return Answer(Outcome.AGREED_WITH_CONDITIONS, condition=chosen)
    return Answer(Outcome.AGREED)


def _reason(draw: float, needs: frozenset[Need], distance_km: float | None) -> str:
    """A reason from the catalogue that fits the youth: needs make their reason likely, distance too."""
    weights = {
        "drugs": 3.0 if Need.DRUGS in needs else 0.0,
        "psychiatric": 3.0 if Need.PSYCHIATRIC in needs else 0.0,
        "closed_setting": 3.0 if Need.CLOSED_SETTING in needs else 0.0,
        "target_group": 2.0 if needs & {Need.AGGRESSION, Need.INTELLECTUAL_DISABILITY} else 0.5,
        "distance_to_context": 2.0 if distance_km is not None and distance_km > FAR_KM else 0.0,
        "group_composition": 1.5,
        "situational": 1.0,
    }
    total = sum(weights.values())
    point = draw * total
    for code, weight in weights.items():
        point -= weight
        if point < 0:
            return code
    return "situational"


def _refusal(reason: str, verdict: float, ladder: tuple[float, float, float]) -> Answer:
    attributed = "youth_profile" if reason in YOUTH_PROFILE_REASONS else "facility_situation"
    followed = verdict >= NOT_FOLLOWED.get(reason, NOT_FOLLOWED_OTHERWISE)
    return Answer(
        Outcome.REFUSED, reason=reason, motivation=MOTIVATIONS[reason],
        verdict="argument_followed" if followed else "argument_not_followed", attributed_to=attributed,
        lessons=LESSONS[attributed] if followed else "",
        excluded_days=EXCLUDED_DAYS[attributed] if followed else None,
        mandate=() if followed else _ladder(*ladder),
    )


def _ladder(second: float, third: float, back: float) -> tuple[int, ...]:
    """D-15: step 1 always, then maybe 2 and 3; sometimes scaled back one step afterwards."""
    steps = [1]
    if second < SECOND_STEP:
        steps.append(2)
        if third < THIRD_STEP:
            steps.append(3)
    if len(steps) > 1 and back < SCALE_BACK:
        steps.append(steps[-1] - 1)
    return tuple(steps)


def distance_km(home: Location | None, facility: Location | None) -> float | None:
    """Great-circle distance between a family's context and a facility, or None when one is unknown."""
    if home is None or facility is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (home.lat, home.lon, facility.lat, facility.lon))
    a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))
