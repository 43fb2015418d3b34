"""Distances between a family's context and a facility."""

from __future__ import annotations

from functools import cache

import numpy as np
import numpy.typing as npt

EARTH_RADIUS_KM = 6371.0088


def haversine_km(
    lat: npt.NDArray[np.float64], lon: npt.NDArray[np.float64], to_lat: float, to_lon: float
) -> npt.NDArray[np.float64]:
    """Great-circle distance in km from arrays of points (in radians) to one point (in radians).

    The same operations in the same order as the textbook formula
    `2R asin(sqrt(sin²(Δlat/2) + cos(lat) cos(to_lat) sin²(Δlon/2)))`, written into two work arrays instead of a new
    array per step (ranking computes it on every call, on short arrays): the same doubles, less allocation.
    """
    distance = np.subtract(lat, to_lat)
    distance *= 0.5
    np.sin(distance, out=distance)
    np.square(distance, out=distance)  # sin²(Δlat/2)
    term = np.cos(lat)
    term *= _cos(to_lat)
    half_dlon = np.subtract(lon, to_lon)
    half_dlon *= 0.5
    np.sin(half_dlon, out=half_dlon)
    np.square(half_dlon, out=half_dlon)
    term *= half_dlon  # cos(lat) cos(to_lat) sin²(Δlon/2)
    distance += term
    np.sqrt(distance, out=distance)
    np.arcsin(distance, out=distance)
    distance *= 2.0 * EARTH_RADIUS_KM
    return distance


@cache
def _cos(angle: float) -> np.float64:
    """`np.cos` of one angle (a facility's latitude), kept: every ranking of a place asks for it again."""
    cos: np.float64 = np.cos(np.float64(angle))
    return cos
