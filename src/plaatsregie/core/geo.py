"""Distances between a family's context and a facility."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

EARTH_RADIUS_KM = 6371.0088


def haversine_km(
    lat: npt.NDArray[np.float64], lon: npt.NDArray[np.float64], to_lat: float, to_lon: float
) -> npt.NDArray[np.float64]:
    """Great-circle distance in km from arrays of points (in radians) to one point (in radians)."""
    half_dlat = (lat - to_lat) * 0.5
    half_dlon = (lon - to_lon) * 0.5
    a = np.sin(half_dlat) ** 2 + np.cos(lat) * np.cos(to_lat) * np.sin(half_dlon) ** 2
    distance: npt.NDArray[np.float64] = 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))
    return distance
