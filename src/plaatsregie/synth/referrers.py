"""Referrers (aanmelders): regional OCJ, SDJ and 1G1P teams, and facilities raising an internal transfer."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from plaatsregie.core.types import Facility, Referrer, ReferrerKind, Region
from plaatsregie.synth.draws import IntArray, Rng, draw_index
from plaatsregie.synth.geography import REGION_SHARES, REGIONS
from plaatsregie.synth.names import FICTIONAL

TEAM_KINDS: tuple[ReferrerKind, ...] = (ReferrerKind.OCJ, ReferrerKind.SDJ, ReferrerKind.ONE_FAMILY_ONE_PLAN)
# Share of each kind among a region's teams (assumed).
TEAM_KIND_SHARES = (0.3, 0.4, 0.3)
# Share of requests each kind refers. DOMAIN.md §8: just over half of starts are voluntary (OCJ, 1G1P),
# the rest court-ordered (SDJ).
REQUEST_KIND_SHARES = (0.30, 0.45, 0.25)
TEAM_NAMES_NL = {
    ReferrerKind.OCJ: "OCJ",
    ReferrerKind.SDJ: "Sociale dienst jeugdrechtbank",
    ReferrerKind.ONE_FAMILY_ONE_PLAN: "1G1P-team",
}
REGION_CODES = {
    Region.ANTWERPEN: "ANT", Region.LIMBURG: "LIM", Region.OOST_VLAANDEREN: "OVL",
    Region.WEST_VLAANDEREN: "WVL", Region.VLAAMS_BRABANT: "VBR", Region.BRUSSEL: "BRU",
}


@dataclass(frozen=True, eq=False)
class ReferralTeams:
    referrers: tuple[Referrer, ...]
    region: IntArray  # region index per team
    kind: IntArray  # index into TEAM_KINDS per team


def referral_teams(total: int) -> ReferralTeams:
    """About `total` regional teams, spread by the regional shares, at least one of each kind per region."""
    referrers: list[Referrer] = []
    regions: list[int] = []
    kinds: list[int] = []
    for r, region in enumerate(REGIONS):
        for k, count in enumerate(_kind_counts(round(total * REGION_SHARES[region]))):
            for number in range(1, count + 1):
                kind = TEAM_KINDS[k]
                referrers.append(Referrer(
                    id=f"REF-{REGION_CODES[region]}-{kind.value}-{number:02d}",
                    name=f"{TEAM_NAMES_NL[kind]} {region.value} {number} {FICTIONAL}",
                    kind=kind,
                    region=region,
                ))
                regions.append(r)
                kinds.append(k)
    return ReferralTeams(tuple(referrers), np.array(regions, dtype=np.int64), np.array(kinds, dtype=np.int64))


def _kind_counts(teams: int) -> tuple[int, int, int]:
    ocj = max(1, round(teams * TEAM_KIND_SHARES[0]))
    sdj = max(1, round(teams * TEAM_KIND_SHARES[1]))
    return ocj, sdj, max(1, teams - ocj - sdj)


def draw_referring_teams(rng: Rng, teams: ReferralTeams, region: IntArray) -> IntArray:
    """A team per request: a kind by the shares above, then a team of that kind in the request's region."""
    kind = draw_index(rng, REQUEST_KIND_SHARES, len(region))
    pick = rng.random(len(region))
    chosen = np.empty(len(region), dtype=np.int64)
    for r in range(len(REGIONS)):
        for k in range(len(TEAM_KINDS)):
            candidates = np.flatnonzero((teams.region == r) & (teams.kind == k))
            rows = np.flatnonzero((region == r) & (kind == k))
            chosen[rows] = candidates[(pick[rows] * len(candidates)).astype(np.int64)]
    return chosen


def facility_referrer(facility: Facility) -> Referrer:
    """D-19: an RTJ→NRTJ transfer within a facility is raised by the facility itself."""
    return Referrer(
        id=f"REF-{facility.id}", name=facility.name, kind=ReferrerKind.FACILITY, region=facility.region
    )
