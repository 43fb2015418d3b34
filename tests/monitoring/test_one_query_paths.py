"""The shared one-query paths behind a dashboard give the same tables as each indicator on its own.

A facility's dashboard reads its flows (inflow, outflow, readmissions, length of stay) from one query
(`flows._stay_figures`) and its report lead times, offers and conditions from one (`matching._report_figures`);
every dashboard reads its refusal tables and the complexity tables from one query each
(`matching._answer_figures`, `complexity._basis`) and its demand tables from one query over the requests
(`demand._demand_query`) inside `intervals.batch()`: the figures must not depend on it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from plaatsregie.monitoring import dashboards
from plaatsregie.monitoring import indicators as ind
from plaatsregie.monitoring.indicators import intervals
from plaatsregie.registry.models import Facility
from tests.monitoring.world import JANUARY, World


def _tables(level: str, scope: Any) -> dict[str, list[list[Any]]]:
    return {table.key: table.rows for table in dashboards.tables(level, scope)}


def test_a_facility_dashboard_reads_its_flows_and_reports_in_one_query_with_the_same_figures(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    conditions = []
    for facility in Facility.objects.order_by("ref"):
        scope = replace(JANUARY, facility_ids=(facility.pk,))
        together = _tables("facility", scope)
        conditions += together["conditions"]
        monkeypatch.setattr(intervals, "FEW_FACILITIES", -1)  # each flow and matching table with its own query
        apart = _tables("facility", scope)
        monkeypatch.undo()
        assert together == apart, facility.ref
        if facility.ref == "VZ-A":  # S2: a readmission; S1 ended in January after 27 days (see the flow tests)
            assert together["readmissions"] == [["Alfa", 1, 1, 100.0]]
            assert together["outflow"] == [["Alfa", 1, 27.0, 27.0, 100.0, 1]]
            assert together["length_of_stay"] == [["OVBJ", 1, 27.0, 27.0]]
    assert conditions == [["ondersteuning", "—", 1]]  # O1's condition, at its facility's dashboard only


def test_a_dashboard_shares_its_queries_without_changing_a_figure(world: World) -> None:
    together = _tables("province", replace(JANUARY, province="Antwerpen"))
    scope = replace(JANUARY, province="Antwerpen")
    for indicator in (ind.refusals, ind.refusal_reasons, ind.refusal_trend, ind.complexity_balance,
                      ind.complexity_distribution, ind.pool_evolution, ind.waiting_times, ind.stale_requests,
                      ind.equity, lambda s: ind.pool_by(s, "module"), lambda s: ind.pool_by(s, "age_band")):
        table = indicator(scope)  # outside a batch: its own query
        assert together[table.key] == table.rows, table.key
    flanders = _tables("flanders", JANUARY)  # refusals per module: on the Flanders dashboard
    assert flanders["refusals_by_module"] == ind.refusals_by_module(JANUARY).rows
