"""Where things are in the synthetic Flanders: regional shares and locations inside each region.

The coordinates are approximations (a bounding box per province and a few anchor towns) good enough for
distance bands of 25 and 50 km; they are not a map.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from plaatsregie.core.types import Region
from plaatsregie.synth.draws import FloatArray, IntArray, Rng

REGIONS: tuple[Region, ...] = tuple(Region)

# DOMAIN.md §8: requests by province (2017). Vlaams-Brabant with Brussels is 15%; the split 10/5 is assumed.
REGION_SHARES: dict[Region, float] = {
    Region.ANTWERPEN: 0.32,
    Region.OOST_VLAANDEREN: 0.22,
    Region.WEST_VLAANDEREN: 0.19,
    Region.VLAAMS_BRABANT: 0.10,
    Region.BRUSSEL: 0.05,
    Region.LIMBURG: 0.12,
}


@dataclass(frozen=True, slots=True)
class Box:
    """An approximate bounding box of a province, in degrees."""

    lat_min: float
    lat_max: float
    lon_min: float
    lon_max: float


BOXES: dict[Region, Box] = {
    Region.ANTWERPEN: Box(51.00, 51.48, 4.15, 5.25),
    Region.LIMBURG: Box(50.70, 51.25, 5.00, 5.88),
    Region.OOST_VLAANDEREN: Box(50.75, 51.30, 3.35, 4.30),
    Region.WEST_VLAANDEREN: Box(50.72, 51.35, 2.58, 3.45),
    Region.VLAAMS_BRABANT: Box(50.72, 51.03, 3.98, 5.12),
    Region.BRUSSEL: Box(50.80, 50.91, 4.30, 4.45),
}

# Anchor towns per region (lat, lon, weight): facilities and families cluster around towns.
TOWNS: dict[Region, tuple[tuple[float, float, float], ...]] = {
    Region.ANTWERPEN: (
        (51.22, 4.40, 5), (51.03, 4.48, 2), (51.32, 4.94, 1.5), (51.16, 4.99, 1.5), (51.31, 4.56, 1),
    ),
    Region.LIMBURG: (
        (50.93, 5.34, 3), (50.97, 5.50, 2), (50.78, 5.47, 1), (51.13, 5.45, 1), (50.82, 5.19, 1),
    ),
    Region.OOST_VLAANDEREN: (
        (51.05, 3.72, 5), (50.94, 4.04, 2), (51.17, 4.14, 2), (50.84, 3.60, 1), (51.01, 3.98, 1),
    ),
    Region.WEST_VLAANDEREN: (
        (51.21, 3.22, 3), (50.83, 3.26, 2.5), (50.95, 3.12, 1.5), (51.23, 2.92, 1.5), (50.85, 2.88, 1),
    ),
    Region.VLAAMS_BRABANT: (
        (50.88, 4.70, 3), (50.93, 4.42, 1.5), (50.82, 4.19, 1), (50.81, 4.94, 1), (50.99, 4.83, 1),
    ),
    Region.BRUSSEL: ((50.85, 4.35, 4), (50.83, 4.39, 1), (50.87, 4.33, 1)),
}
TOWN_SPREAD_DEG = 0.07  # standard deviation of the jitter around a town, about 6 km


def region_shares() -> FloatArray:
    """The regional shares in the order of `Region`."""
    return np.array([REGION_SHARES[region] for region in REGIONS])


def draw_regions(rng: Rng, count: int) -> IntArray:
    """Region indices (into `REGIONS`) following the shares of §8."""
    return rng.choice(len(REGIONS), size=count, p=region_shares())


def spread_regions(rng: Rng, count: int) -> IntArray:
    """Region indices in exactly the shares of §8 (largest remainder), in random order."""
    quotas = region_shares() * count
    counts = np.floor(quotas).astype(np.int64)
    counts[np.argsort(counts - quotas, kind="stable")[: count - counts.sum()]] += 1
    regions: IntArray = rng.permutation(np.repeat(np.arange(len(REGIONS), dtype=np.int64), counts))
    return regions


def draw_locations(rng: Rng, regions: IntArray) -> tuple[FloatArray, FloatArray]:
    """A location inside its region for every region index: a weighted anchor town plus jitter, clipped."""
    lat = np.empty(len(regions))
    lon = np.empty(len(regions))
    for index, region in enumerate(REGIONS):
        rows = np.flatnonzero(regions == index)
        towns = np.array(TOWNS[region])
        pick = rng.choice(len(towns), size=len(rows), p=towns[:, 2] / towns[:, 2].sum())
        jitter = rng.normal(0.0, TOWN_SPREAD_DEG, size=(len(rows), 2))
        box = BOXES[region]
        lat[rows] = np.clip(towns[pick, 0] + jitter[:, 0], box.lat_min, box.lat_max)
        lon[rows] = np.clip(towns[pick, 1] + jitter[:, 1] * 1.6, box.lon_min, box.lon_max)
    return lat, lon
