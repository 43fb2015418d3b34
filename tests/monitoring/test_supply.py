"""Supply indicators on the hand-made January 2026 (tests/monitoring/world.py); expected values by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from plaatsregie.monitoring import indicators as ind
from tests.monitoring.world import JANUARY, World


def rows(table):
    return {row[0]: list(row[1:]) for row in table.rows}


def test_occupancy_counts_stays_against_available_place_days(world: World) -> None:
    """D-27, D-27a: occupancy per facility, alphabetical, an empty facility still a row."""
    # Alfa: P1 31 + P2 (31 - 9 unavailable days, the interval crosses 1/1) = 53 available place-days;
    # occupied: S1 1..10 January (ends 11/1) = 10, S2 starts on the last day = 1 → 11 → 20.8 %.
    # Bravo has no places: a row, without a percentage. Charlie: P4 + P5 = 62 available, P3 31 unavailable.
    table = ind.occupancy(JANUARY)
    assert rows(table) == {"Alfa": [53, 11, 20.8, 20.8, 9], "Bravo": [0, 0, None, None, 0],
                           "Charlie": [62, 0, 0.0, 0.0, 31]}
    assert [r[0] for r in table.rows] == ["Alfa", "Bravo", "Charlie"]  # alphabetical, never ranked (D-27a)
    assert table.row_keys == ["VZ-A", "VZ-B", "VZ-C"] and str(table.definition)


def test_occupancy_by_province_and_residential_function(world: World) -> None:
    """D-31: occupancy per province, over all modules and for the residential function."""
    # Antwerpen: 53 + 62 = 115 available, 11 occupied → 9.6 %; residential (P4 is KWE, not residential):
    # 115 - 31 = 84 → 13.1 %.
    assert rows(ind.occupancy(JANUARY, group="province")) == {"Antwerpen": [115, 11, 9.6, 13.1, 40],
                                                               "Limburg": [0, 0, None, None, 0]}


def test_occupancy_trend_per_month(world: World) -> None:
    """D-31: the evolution of occupancy, month by month."""
    december_january = replace(JANUARY, start=date(2025, 12, 1))
    trend = rows(ind.occupancy_trend(december_january))
    # December: P1, P2 (19 days available, unavailable from 20/12), P4, P5 from 1/12 → 31+19+31+31 = 112;
    # occupied: S1 from 15/12 → 17 days.
    assert trend["12/2025"][:3] == [112, 17, 15.2]
    assert trend["01/2026"] == [115, 11, 9.6, 13.1]


def test_places_by_status_now(world: World) -> None:
    """D-27, D-31: places by status and available capacity."""
    assert rows(ind.places_by_status(JANUARY)) == {"Alfa": [1, 0, 1, 0, 0, 2], "Bravo": [0, 0, 0, 0, 0, 0],
                                                   "Charlie": [0, 0, 2, 0, 1, 3]}


def test_unavailable_reasons_clip_to_the_period(world: World) -> None:
    """D-27: unavailable places with their reasons, an interval across the period boundary clipped."""
    # P2: 20/12 → 10/1, only 9 days inside January; P3 the whole month.
    assert rows(ind.unavailable_reasons(JANUARY)) == {"Infrastructuur (test)": [31, 1.0],
                                                      "Personeelstekort (test)": [9, 0.3]}


def test_structurally_unavailable_places(world: World) -> None:
    """D-27: places unavailable longer than N days."""
    table = ind.structurally_unavailable(JANUARY)
    # P3 unavailable since 1/9/2025: 152 days on 31/1/2026. P2 is available again.
    assert [list(r) for r in table.rows] == [["P3", "Charlie", "Infrastructuur (test)", "01/09/2025", 152, "—"]]
    assert ind.structurally_unavailable(JANUARY, min_days=200).rows == []


def test_short_stay_against_regular(world: World) -> None:
    """D-27: short-stay capacity must not disappear — its share and its use."""
    # Short stay: P5, 31 place-days → 1.0 place per day, not occupied. Regular: 53 (Alfa) + 31 (P4) = 84 → 2.7,
    # occupied 11 → 13.1 %.
    assert rows(ind.short_stay(JANUARY)) == {"01/2026": [1.0, 2.7, 0.0, 13.1]}


def test_an_empty_facility_alone(world: World) -> None:
    """D-27a: a facility without places gives an empty row, not an error or a zero rate."""
    only_b = JANUARY.with_facilities((world.b.pk,))
    assert rows(ind.occupancy(only_b)) == {"Bravo": [0, 0, None, None, 0]}
    assert ind.unavailable_reasons(only_b).rows == []
