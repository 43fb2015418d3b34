"""Explanations of a ranking (D-22): machine-readable components and text a facility would accept.

Texts are rendered lazily, only for the candidates actually shown. Dutch is the default; each phrase
has an English twin so the interface can follow the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from plaatsregie.core.policy import RegionScope
from plaatsregie.core.ranking import Ranking, Rule

PHRASES: dict[str, dict[str, str]] = {
    "nl": {
        "eligible": "Komt in aanmerking: {reasons}.",
        "order": "Volgorde: {parts}.",
        "ok_module": "vraagt {module}",
        "ok_age": "is {age} jaar op {start} (plaats: {age_min}–{age_max} jaar)",
        "ok_gender": "{gender} wordt aanvaard",
        "region_same": "woont in {region}, de regio van de plaats",
        "region_any": "{module} werft in heel Vlaanderen en Brussel (woont in {region})",
        "urgency": "urgentie {urgency} ({label})",
        "considerations_none": "geen bijzondere situaties",
        "considerations": "{count} bijzondere situaties: {items}",
        "considerations_one": "1 bijzondere situatie: {items}",
        "weighted": " (gewogen score {score})",
        "distance": "afstand tot de context {km} km ({band})",
        "distance_unknown": "afstand tot de context onbekend",
        "band": "tot {limit} km",
        "band_last": "verder dan {limit} km",
        "profile_fit": "{count} van de noden uit het profiel dat de voorziening zoekt",
        "waiting": "wacht {days} dagen",
        "tie": "bij volledig gelijke stand beslist het dossiernummer",
        "complexity_more": "complexiteit {points} punten — de voorziening nam de voorbije periode duidelijk meer "
        "complexe situaties op dan haar aandeel, dus minder complexe situaties gaan voor",
        "complexity_less": "complexiteit {points} punten — de voorziening nam de voorbije periode duidelijk minder "
        "complexe situaties op dan haar aandeel, dus complexere situaties gaan voor",
        "complexity_within": "complexiteit {points} punten — de voorziening zit binnen haar aandeel complexe "
        "situaties, dus dit speelt geen rol",
        Rule.MODULE_SCOPE: "Geen kandidatenlijst: {reason}.",
        Rule.MODULE_REQUESTED: "Vraagt {module} niet aan (vraagt: {requested}).",
        Rule.AGE: "Is {age} jaar op {start}; de plaats is voor {age_min}–{age_max} jaar.",
        Rule.GENDER: "{gender} wordt op deze plaats niet aanvaard (aanvaard: {accepted}).",
        Rule.REGION: "Woont in {region}; {module} werft in de regio {place_region}.",
        Rule.URGENCY_BOUND: "Urgentie {urgency} valt buiten de poule van dit beleid (tot urgentie {max}).",
        "barred": "Uitgesloten door een beslissing van het team ({rule}).",
        "refused_for_this_vacancy": "Werd voor deze vacature al aan deze voorziening voorgesteld en geweigerd; "
        "het team besprak die weigering.",
        "excluded_by_team_until": "Het team besliste na een besproken weigering deze jongere voorlopig niet "
        "opnieuw aan deze voorziening voor te stellen.",
        "outside_regional_agreement": "Woont in {region}; deze plaats wordt volgens een regionale afspraak (hub) "
        "alleen aan jongeren uit {place_region} toegewezen.",
    },
    "en": {
        "eligible": "Eligible: {reasons}.",
        "order": "Order: {parts}.",
        "ok_module": "requests {module}",
        "ok_age": "is {age} years old on {start} (place: {age_min}–{age_max} years)",
        "ok_gender": "{gender} is accepted",
        "region_same": "lives in {region}, the place's region",
        "region_any": "{module} recruits in all of Flanders and Brussels (lives in {region})",
        "urgency": "urgency {urgency} ({label})",
        "considerations_none": "no special situations",
        "considerations": "{count} special situations: {items}",
        "considerations_one": "1 special situation: {items}",
        "weighted": " (weighted score {score})",
        "distance": "distance to the family context {km} km ({band})",
        "distance_unknown": "distance to the family context unknown",
        "band": "up to {limit} km",
        "band_last": "further than {limit} km",
        "profile_fit": "{count} need(s) from the profile the facility looks for",
        "waiting": "waiting {days} days",
        "tie": "on a complete tie the request number decides",
        "complexity_more": "complexity {points} points — the facility recently took clearly more complex "
        "situations than its share, so less complex situations go first",
        "complexity_less": "complexity {points} points — the facility recently took clearly fewer complex "
        "situations than its share, so more complex situations go first",
        "complexity_within": "complexity {points} points — the facility is within its share of complex "
        "situations, so this plays no part",
        Rule.MODULE_SCOPE: "No candidate list: {reason}.",
        Rule.MODULE_REQUESTED: "Does not request {module} (requests: {requested}).",
        Rule.AGE: "Is {age} years old on {start}; the place is for {age_min}–{age_max} years.",
        Rule.GENDER: "{gender} is not accepted on this place (accepted: {accepted}).",
        Rule.REGION: "Lives in {region}; {module} recruits in the region {place_region}.",
        Rule.URGENCY_BOUND: "Urgency {urgency} is outside this policy's pool (up to urgency {max}).",
        "barred": "Excluded by a team decision ({rule}).",
        "refused_for_this_vacancy": "Was already offered to and refused by this facility for this vacancy; "
        "the team reviewed that refusal.",
        "excluded_by_team_until": "After a reviewed refusal the team decided not to offer this youth to this "
        "facility again for now.",
        "outside_regional_agreement": "Lives in {region}; under a regional agreement (hub) this place goes only to "
        "youths from {place_region}.",
    },
}

LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "1": "acuut", "2": "zeer urgent", "3": "urgent", "4": "minder urgent",
        "F": "meisje", "M": "jongen", "X": "genderdivers (X)",
        "sibling": "broer of zus in deze voorziening", "internal_transfer": "interne schakel naar deze voorziening",
        "readmission": "heropname binnen het jaar in deze voorziening", "crisis_overflow": "overloop vanuit crisis",
    },
    "en": {
        "1": "acute", "2": "very urgent", "3": "urgent", "4": "less urgent",
        "F": "girl", "M": "boy", "X": "gender diverse (X)",
        "sibling": "sibling at this facility", "internal_transfer": "internal transfer to this facility",
        "readmission": "readmission within the year at this facility", "crisis_overflow": "overflow from crisis",
    },
}
_RULE_CODES = frozenset(rule.value for rule in Rule)
_BAR_PHRASES = frozenset({"refused_for_this_vacancy", "excluded_by_team_until",  # placement/services/bars.py
                          "outside_regional_agreement"})  # core/flows.py, D-3
CONSIDERATIONS = ("sibling", "internal_transfer", "readmission", "crisis_overflow")


def _date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _number(value: float, lang: str) -> str:
    text = f"{value:.1f}"
    return text.replace(".", ",") if lang == "nl" else text


@dataclass(frozen=True)
class Candidate:
    request_id: str
    rank: int
    components: dict[str, Any]
    explanation: str


@dataclass(frozen=True)
class Exclusion:
    request_id: str
    rule: str
    explanation: str


def candidate_components(ranking: Ranking, position: int) -> dict[str, Any]:
    """The machine-readable ordering components of the candidate at `position` (0-based)."""
    return _components(ranking, position, position + 1)[0]


def _components(ranking: Ranking, start: int, stop: int) -> list[dict[str, Any]]:
    """`candidate_components` of the candidates at positions `start` up to `stop`, each column converted once."""
    columns: dict[str, list[Any]] = {}
    for name, column in ranking.components.items():
        values = column[start:stop].tolist()
        if name == "distance_km":
            columns[name] = [None if np.isnan(value) else round(value, 1) for value in values]
        elif column.dtype == bool:
            columns[name] = [bool(value) for value in values]
        else:
            columns[name] = [int(value) for value in values]
    names = list(columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def explain_candidate(ranking: Ranking, position: int, lang: str = "nl") -> str:
    """Why the candidate at `position` is eligible, and each ordering component with its value."""
    return _explained(ranking, position, candidate_components(ranking, position), lang)


def _explained(ranking: Ranking, position: int, c: dict[str, Any], lang: str) -> str:
    phrases, labels = PHRASES[lang], LABELS[lang]
    place, row, columns = ranking.place, int(ranking.order[position]), ranking.pool.columns
    region_of, gender = str(columns.regions[row]), str(columns.genders[row])
    if ranking.policy.region_scope_for(place.module_type) is RegionScope.SAME_REGION:
        region = phrases["region_same"].format(region=region_of)
    else:
        region = phrases["region_any"].format(module=place.module_type, region=region_of)
    reasons = [
        phrases["ok_module"].format(module=place.module_type),
        phrases["ok_age"].format(
            age=c["age"], start=_date(place.available_from), age_min=place.age_min, age_max=place.age_max
        ),
        phrases["ok_gender"].format(gender=labels[gender]),
        region,
    ]
    parts = [_order_part(key.value, c, ranking, lang) for key in ranking.policy.ordering]
    parts.append(phrases["tie"])
    return phrases["eligible"].format(reasons="; ".join(reasons)) + " " + phrases["order"].format(
        parts="; ".join(parts)
    )


def _order_part(key: str, c: dict[str, Any], ranking: Ranking, lang: str) -> str:
    phrases, labels = PHRASES[lang], LABELS[lang]
    if key == "urgency":
        return phrases["urgency"].format(urgency=c["urgency"], label=labels[str(c["urgency"])])
    if key == "considerations":
        items = [labels[name] for name in CONSIDERATIONS if c[name]]
        if not items:
            return phrases["considerations_none"]
        phrase = "considerations_one" if len(items) == 1 else "considerations"
        text = phrases[phrase].format(count=len(items), items=", ".join(items))
        if c["considerations"] != len(items):  # a policy may weight the situations (D-10)
            text += phrases["weighted"].format(score=c["considerations"])
        return text
    if key == "distance_band":
        if c["distance_km"] is None:
            return phrases["distance_unknown"]
        limits = ranking.policy.distance_limits_km
        band = c["distance_band"]
        limit = f"{limits[band] if band < len(limits) else limits[-1]:g}"
        band_text = phrases["band" if band < len(limits) else "band_last"].format(limit=limit)
        return phrases["distance"].format(km=_number(c["distance_km"], lang), band=band_text)
    if key == "profile_fit":
        return phrases["profile_fit"].format(count=c["profile_fit"])
    if key == "complexity_balance":
        signal = ranking.place.complexity_signal
        phrase = "complexity_more" if signal > 0 else "complexity_less" if signal < 0 else "complexity_within"
        return phrases[phrase].format(points=c["complexity"])
    return phrases["waiting"].format(days=c["waiting_days"])


def explain_exclusion(ranking: Ranking, row: int, rule: str, lang: str = "nl") -> str:
    """Why a request is not a candidate: the first rule that excluded it (D-22)."""
    phrases, labels = PHRASES[lang], LABELS[lang]
    place, request = ranking.place, ranking.pool.request(row)
    values = {
        "reason": ranking.scope.reason,
        "module": place.module_type,
        "requested": ", ".join(sorted(request.module_types)) or "-",
        "age": int(ranking.ages[row]),
        "start": _date(place.available_from),
        "age_min": place.age_min,
        "age_max": place.age_max,
        "gender": labels[request.gender],
        "accepted": ", ".join(labels[g] for g in sorted(place.genders)),
        "region": request.region,
        "place_region": place.region,
        "urgency": int(request.urgency),
        "max": ranking.policy.max_urgency,
        "rule": rule,
    }
    template = phrases[rule] if rule in _RULE_CODES or rule in _BAR_PHRASES else phrases["barred"]
    return template.format(**values)


def candidates(ranking: Ranking, limit: int | None = None, lang: str = "nl") -> list[Candidate]:
    """The ranked candidates with components and explanation, rendered only up to `limit`."""
    count = len(ranking.order) if limit is None else min(limit, len(ranking.order))
    ids, order = ranking.pool.ids, ranking.order[:count].tolist()
    return [
        Candidate(request_id=ids[row], rank=i + 1, components=c, explanation=_explained(ranking, i, c, lang))
        for i, (row, c) in enumerate(zip(order, _components(ranking, 0, count), strict=True))
    ]


def exclusions(ranking: Ranking, lang: str = "nl") -> list[Exclusion]:
    """Every excluded request with its rule and explanation, in pool order."""
    return [
        Exclusion(ranking.pool.ids[row], rule, explain_exclusion(ranking, int(row), rule, lang))
        for row, rule in zip(ranking.excluded_rows, ranking.excluded_rules, strict=True)
    ]


def eligible_by(ranking: Ranking) -> list[str]:
    """The eligibility rules every candidate passed, in the order they were checked (machine-readable D-22)."""
    return [rule.value for rule in Rule]


def ranking_document(ranking: Ranking, limit: int | None = None, lang: str = "nl") -> dict[str, Any]:
    """The ranking as the documented JSON contract (docs/rank-file.md)."""
    return {
        "policy": ranking.policy.reference,
        "place_id": ranking.place.id,
        "scope": {"in_scope": ranking.scope.in_scope, "scope": ranking.scope.scope.value,
                  "reason": ranking.scope.reason},
        "candidates": [
            {"request_id": c.request_id, "rank": c.rank, "eligible_by": eligible_by(ranking),
             "components": c.components, "explanation": c.explanation}
            for c in candidates(ranking, limit, lang)
        ],
        "excluded": [
            {"request_id": e.request_id, "rule": e.rule, "explanation": e.explanation}
            for e in exclusions(ranking, lang)
        ],
    }
