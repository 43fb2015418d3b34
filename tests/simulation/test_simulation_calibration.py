"""Issue 5: scenario rates fitted to a recorded history (`simulation.calibration`), each estimate worked out by hand
on a made-up history; too few observations keep the documented default and say so."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pytest

from plaatsregie.simulation.calibration import (
    History,
    OfferRecord,
    ReportRecord,
    RequestRecord,
    StayRecord,
    UnavailableRecord,
    calibrate,
    shares,
)
from plaatsregie.simulation.scenario import DEFAULTS, scenario_from_mapping

START, END = date(2024, 1, 1), date(2025, 12, 31)  # 730 days: 2.0 years
DAY = timedelta(days=1)


def request(n: int, urgency: int = 3, **fields: object) -> RequestRecord:
    values: dict[str, object] = {"youth": f"Y{n}", "registered_on": START + 10 * DAY, "first_urgency": urgency}
    values.update(fields)
    return RequestRecord(**values)  # type: ignore[arg-type]


def test_too_little_history_keeps_every_default_and_says_why() -> None:
    result = calibrate(History(START, END, [request(1)]))
    assert result.values == {}
    assert result.notes["arrivals.per_year"].startswith("default kept: 1 new requests registered")
    assert result.notes["offers.refusal_base"] == "default kept: 0 answered offers (fewer than 20)"
    assert result.notes["urgency.escalation_per_year"] == (
        "default kept: the history records no urgency change in the window")
    assert all(note.startswith("default kept") for note in result.notes.values())


def test_arrivals_per_year_and_shares_count_new_requests_in_the_window_only() -> None:
    new = [request(n, urgency=1 + n % 4, crisis_overflow=n < 4, sibling=n % 10 == 0) for n in range(40)]
    others = [request(100, readmission=True), request(101, registered_on=START - DAY)]
    result = calibrate(History(START, END, new + others))
    arrivals = result.values["arrivals"]
    assert arrivals["per_year"] == 20.0  # 40 new requests in 2 years
    assert arrivals["crisis_overflow_share"] == 0.1 and arrivals["sibling_share"] == 0.1
    assert arrivals["urgency_shares"] == [0.25, 0.25, 0.25, 0.25]  # n = 4..39: 9 of each class
    assert "crisis_urgency_shares" not in arrivals  # 4 from crisis: too few
    assert result.notes["arrivals.crisis_urgency_shares"] == (
        "default kept: 4 new requests from crisis (fewer than 20)")


def test_shares_round_to_one_exactly() -> None:
    assert shares({1: 1, 2: 1, 3: 1}) == [0.3334, 0.3333, 0.3333, 0.0]
    assert math.isclose(sum(shares({1: 7, 2: 13, 3: 29, 4: 3})), 1.0, abs_tol=1e-9)


def test_urgency_rates_are_changes_per_waiting_year_in_the_class() -> None:
    """A waits a year at urgency 3, escalates to 2, waits a year more; B waits a year at 2, stabilises to 3 and
    is admitted a year later: class 3 has 2 waiting-years with one escalation, class 2 has 2 with one
    stabilisation."""
    a = request(1, urgency=3, registered_on=START, ended_on=START + 730 * DAY, outcome="admitted",
                urgency_changes=((START + 365 * DAY, 2),))
    b = request(2, urgency=2, registered_on=START, ended_on=START + 730 * DAY, outcome="admitted",
                urgency_changes=((START + 365 * DAY, 3),))
    result = calibrate(History(START, END, [a, b]))
    assert result.values["urgency"]["escalation_per_year"] == [0.0, 0.0, 0.5, 0.0]
    assert result.values["urgency"]["stabilisation_per_year"] == [0.0, 0.5, 0.0, 0.0]


def test_withdrawal_means_are_waiting_days_over_withdrawals_per_class() -> None:
    """Per class: five requests withdrawn after 100 days and one admitted after 300: (500 + 300) / 5 = 160."""
    records = []
    for urgency in range(1, 5):
        for n in range(5):
            records.append(request(urgency * 10 + n, urgency=urgency, ended_on=START + 110 * DAY,
                                   outcome="withdrawn"))
        records.append(request(urgency * 10 + 9, urgency=urgency, ended_on=START + 310 * DAY, outcome="admitted"))
    result = calibrate(History(START, END, records))
    assert result.values["withdrawal"]["mean_days"] == [160.0, 160.0, 160.0, 160.0]


def test_readmission_share_and_delay_undo_the_cut_off_at_a_year() -> None:
    """20 discharges followed for a year; 10 of the youths come back after 31 days. The run draws `1 + X` days with
    X exponential and drops delays over a year, so the fitted mean m has E[X | X < 364] = 30 and the share is
    0.5 / P(X < 364)."""
    stays = [StayRecord(f"Y{n}", "OVBJ", False, START, START + 100 * DAY) for n in range(20)]
    back = [request(n, registered_on=START + 131 * DAY, readmission=True) for n in range(10)]
    result = calibrate(History(START, END, back, stays))
    mean = result.values["readmission"]["mean_delay_days"]
    truncated = mean - 364 * math.exp(-364 / mean) / -math.expm1(-364 / mean)
    assert truncated == pytest.approx(30.0, abs=0.05)
    assert result.values["readmission"]["share"] == pytest.approx(0.5 / -math.expm1(-364 / mean), abs=1e-4)


def test_readmissions_the_day_after_a_discharge_give_the_shortest_delay() -> None:
    stays = [StayRecord(f"Y{n}", "OVBJ", False, START, START + 100 * DAY) for n in range(20)]
    back = [request(n, registered_on=START + 101 * DAY, readmission=True) for n in range(10)]
    readmission = calibrate(History(START, END, back, stays)).values["readmission"]
    assert readmission == {"share": 0.5, "mean_delay_days": 0.1}


def test_stays_fit_a_log_normal_with_running_stays_censored_and_keep_the_defaults_of_other_modules() -> None:
    rng = np.random.default_rng(5)
    lengths = np.exp(np.log(300.0) + 0.5 * rng.standard_normal(400)).astype(int)
    stays = []
    for n, length in enumerate(lengths.tolist()):
        start = START + (n % 300) * DAY
        ended = start + length * DAY
        stays.append(StayRecord(f"Y{n}", "OVBJ", False, start, ended if ended <= END else None))
    stays += [StayRecord(f"S{n}", "CKG", False, START, START + 50 * DAY) for n in range(5)]
    result = calibrate(History(START, END, (), stays))
    median_days = result.values["stay"]["median_days"]
    assert median_days["OVBJ"] == pytest.approx(300.0, rel=0.1)
    assert result.values["stay"]["sigma"] == pytest.approx(0.5, rel=0.15)
    assert median_days["CKG"] == DEFAULTS["stay"]["median_days"]["CKG"]  # 5 stays: the default, still listed
    assert set(median_days) == set(DEFAULTS["stay"]["median_days"])
    assert result.notes["stay.median_days.CKG"].startswith("default kept: 5 finished stays")
    # (the fitted median would be far too short had the running stays been left out)
    assert scenario_from_mapping(result.values).median_stay("OVBJ") == median_days["OVBJ"]


def test_capacity_reports_give_the_lead_the_late_share_and_the_dialogue() -> None:
    reports = [ReportRecord(START + 40 * DAY, START + 40 * DAY, START + 44 * DAY) for _ in range(5)]
    reports += [ReportRecord(START + 40 * DAY, START + (40 + lead) * DAY, START + 42 * DAY)
                for lead in (5, 15) * 10]
    capacity = calibrate(History(START, END, reports=reports)).values["capacity"]
    assert capacity == {"late_report_share": 0.2, "lead_days_mean": 10.0, "dialogue_days": 2}


def test_offers_give_answer_and_start_days_and_a_refusal_base_less_the_fit_terms() -> None:
    """20 answered in 3 days, 5 refused; every youth has one complex need outside the ideal profile and one need
    in it: base = 5/20 - (0.08 * 1 - 0.03 * 1) = 0.2. Agreed offers of places already free start 4 days later."""
    offers = [OfferRecord(START + 50 * DAY, START + 53 * DAY, refused=n < 5, misfit=1, fit=1,
                          free_on=START + 40 * DAY, started_on=None if n < 5 else START + 57 * DAY)
              for n in range(20)]
    offers += [OfferRecord(START + 50 * DAY, None, refused=False, misfit=0, fit=0, free_on=START)]  # unanswered
    result = calibrate(History(START, END, offers=offers))
    assert result.values["offers"] == {"answer_days": 3, "start_days": 4, "refusal_base": 0.2}
    assert "5 of 20 answered offers refused" in result.notes["offers.refusal_base"]


def test_every_calibration_is_a_valid_scenario() -> None:
    records = [request(n, urgency=1 + n % 4, ended_on=START + (20 + n) * DAY, outcome="withdrawn")
               for n in range(40)]
    result = calibrate(History(START, END, records))
    scenario = scenario_from_mapping(result.values)
    assert scenario["withdrawal"]["mean_days"] == result.values["withdrawal"]["mean_days"]


def test_unavailable_periods_after_discharges_give_the_share_and_the_mean() -> None:
    """20 discharges; 6 places go unavailable the day after: 5 for 31, 41, 51, 61 and 71 days, one still at the
    window's end (60 days by then). That is 0.3 of the discharges; the run adds a day to `Exponential(mean)`, so
    the mean is (30 + 40 + 50 + 60 + 70 + 59) / 5 ended periods. A period long after a discharge does not follow
    from it."""
    stays = [StayRecord(f"Y{n}", "OVBJ", False, START, START + 100 * DAY, place=f"P{n}") for n in range(20)]
    stays[5] = StayRecord("Y5", "OVBJ", False, START, END - 61 * DAY, place="P5")
    periods = [UnavailableRecord(f"P{n}", START + 101 * DAY, START + (132 + 10 * n) * DAY) for n in range(5)]
    periods += [UnavailableRecord("P5", END - 60 * DAY, None),
                UnavailableRecord("P6", START + 200 * DAY, START + 230 * DAY)]
    capacity = calibrate(History(START, END, (), stays, unavailable=periods)).values["capacity"]
    assert capacity == {"unavailable_share": 0.3, "unavailable_mean_days": round((30 + 40 + 50 + 60 + 70 + 59) / 5, 1)}
