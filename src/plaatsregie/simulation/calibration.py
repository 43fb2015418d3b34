"""Scenario rates fitted to a recorded history (issue 5: "calibrated … to a history exported from the database").

Pure: `calibrate(history)` takes plain records of what happened in a window — requests and how they ended,
urgency changes, stays, capacity reports, offers — and returns the scenario values they support, each with a note
saying what it was fitted from, or why the documented default was kept (too few observations, or the history does
not record it). `plaatsregie calibrate` (`simruns/calibration.py`) reads the records from the database and writes
the result as a scenario file; docs/simulation.md ("Calibrating to the database") explains every estimate.

Only aggregates leave this module: no request, youth or place is named in the result.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from statistics import median
from typing import Any

import numpy as np
from scipy import optimize, stats

from plaatsregie.simulation.scenario import DEFAULTS

URGENCY_CLASSES = 4
READMISSION_WINDOW = 365  # days after a discharge in which a new request counts as a readmission (D-10)

# The fewest observations an estimate is made from; below it the default is kept and the note says so.
MIN_REQUESTS = 20  # for shares of new requests
MIN_EVENTS = 5  # withdrawals per urgency class, for a rate
MIN_DURATIONS = 20  # stays per module, reports, answered offers, discharges
MIN_STARTS = 10  # agreed offers on places already free, for the start delay
UNAVAILABLE_AFTER_DAYS = 2  # an unavailable period starting this soon after a discharge follows from it


@dataclass(frozen=True)
class RequestRecord:
    """A request registered in or before the window, as it went."""

    youth: str  # a key linking the requests of one youth (a pseudonym; never shown)
    registered_on: date
    first_urgency: int  # at registration
    crisis_overflow: bool = False
    sibling: bool = False
    internal_transfer: bool = False
    readmission: bool = False  # registered as a readmission of a facility (D-10)
    ended_on: date | None = None  # the start of its stay, or its withdrawal; None while waiting
    outcome: str | None = None  # "admitted", "withdrawn" or None (waiting)
    urgency_changes: tuple[tuple[date, int], ...] = ()  # (day, new urgency), in order


@dataclass(frozen=True)
class StayRecord:
    youth: str
    module: str
    short_stay: bool
    start_on: date
    ended_on: date | None  # None: still running
    place: str = ""  # a key linking a place's stays and unavailable periods (never shown)


@dataclass(frozen=True)
class UnavailableRecord:
    """A period a place was unavailable (D-5)."""

    place: str
    start: date
    end: date | None  # None: still unavailable


@dataclass(frozen=True)
class ReportRecord:
    """A capacity report (D-7) and the first offer made for it."""

    reported_on: date
    expected_free_on: date
    first_offer_on: date | None


@dataclass(frozen=True)
class OfferRecord:
    """An offer, its answer and, when agreed, the start of the stay."""

    offered_on: date
    answered_on: date | None
    refused: bool
    misfit: int  # the youth's complex needs outside the place's ideal profile (D-13)
    fit: int  # the youth's needs inside the place's ideal profile
    free_on: date  # the place's expected free day (its report)
    started_on: date | None = None


@dataclass(frozen=True)
class History:
    start: date
    end: date
    requests: Sequence[RequestRecord] = ()
    stays: Sequence[StayRecord] = ()
    reports: Sequence[ReportRecord] = ()
    offers: Sequence[OfferRecord] = ()
    unavailable: Sequence[UnavailableRecord] = ()

    @property
    def years(self) -> float:
        return max((self.end - self.start).days, 1) / 365.0

    def within(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


FITTED, KEPT, CHOSEN = "fitted", "default kept", "chosen"  # the kinds of note, each its text's prefix


@dataclass
class Calibration:
    """Scenario values (only the keys fitted, as nested sections) and a note per scenario key."""

    values: dict[str, Any] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)  # "section.key" → "fitted: …" / "default kept: …" / …

    def fitted(self, path: str, value: Any, note: str) -> None:
        section, key = path.split(".", 1)
        self.values.setdefault(section, {})[key] = value
        self.note(path, FITTED, note)

    def kept(self, path: str, why: str) -> None:
        self.note(path, KEPT, why)

    def note(self, path: str, kind: str, text: str) -> None:
        """A note without a value of its own (a module of a fitted table, a value set by the caller)."""
        self.notes[path] = f"{kind}: {text}"

    def paths(self, kind: str) -> list[str]:
        """The scenario keys with a note of this kind, sorted."""
        return sorted(path for path, note in self.notes.items() if note.startswith(f"{kind}: "))

    def text(self, path: str) -> str:
        """The note of a key without its kind ("" for a key without a note)."""
        return self.notes.get(path, "").split(": ", 1)[-1]

    def comment(self, path: str) -> str:
        """The note beside a written value: what it was fitted from or chosen as; a default says so."""
        note = self.notes.get(path, "")
        return note if note.startswith(f"{KEPT}: ") else self.text(path)


def calibrate(history: History, defaults: dict[str, Any] = DEFAULTS) -> Calibration:
    """Every scenario rate the history supports (see the module docstring)."""
    result = Calibration()
    _arrivals(history, result)
    _urgency(history, result)
    _withdrawal(history, result)
    _readmission(history, result)
    _stays(history, result, defaults)
    _capacity(history, result)
    _offers(history, result, defaults)
    _unavailable(history, result)
    result.kept("capacity.retry_days", "a working agreement of the team, not a rate")
    return result


def shares(counts: Counter[int], classes: int = URGENCY_CLASSES) -> list[float]:
    """Shares of classes 1..`classes`, rounded to 4 decimals, adding up to exactly 1 (the rounding on the largest)."""
    total = sum(counts.values())
    rounded = [round(counts.get(c, 0) / total, 4) for c in range(1, classes + 1)]
    largest = max(range(classes), key=lambda i: rounded[i])
    rounded[largest] = round(1.0 - sum(r for i, r in enumerate(rounded) if i != largest), 4)
    return rounded


def _new(history: History) -> list[RequestRecord]:
    """Requests registered in the window that are not readmissions (those come from discharges: `_readmission`)."""
    return [r for r in history.requests if history.within(r.registered_on) and not r.readmission]


def _arrivals(history: History, result: Calibration) -> None:
    new = _new(history)
    span = f"{history.start.isoformat()} to {history.end.isoformat()}"
    if len(new) < MIN_REQUESTS:
        for key in ("per_year", "urgency_shares", "crisis_overflow_share", "crisis_urgency_shares",
                    "sibling_share", "internal_transfer_share"):
            result.kept(f"arrivals.{key}", f"{len(new)} new requests registered {span} (fewer than {MIN_REQUESTS})")
        return
    result.fitted("arrivals.per_year", round(len(new) / history.years, 1),
                  f"{len(new)} new requests registered {span} (readmissions not counted)")
    regular = Counter(r.first_urgency for r in new if not r.crisis_overflow)
    crisis = Counter(r.first_urgency for r in new if r.crisis_overflow)
    for key, counts, who in (("urgency_shares", regular, "new requests not from crisis"),
                             ("crisis_urgency_shares", crisis, "new requests from crisis")):
        n = sum(counts.values())
        if n >= MIN_REQUESTS:
            result.fitted(f"arrivals.{key}", shares(counts), f"urgency at registration of {n} {who}")
        else:
            result.kept(f"arrivals.{key}", f"{n} {who} (fewer than {MIN_REQUESTS})")
    for key, flag in (("crisis_overflow_share", "crisis_overflow"), ("sibling_share", "sibling"),
                      ("internal_transfer_share", "internal_transfer")):
        count = sum(1 for r in new if getattr(r, flag))
        result.fitted(f"arrivals.{key}", round(count / len(new), 4), f"{count} of {len(new)} new requests")


def _waiting_span(history: History, request: RequestRecord) -> tuple[date, date] | None:
    """The part of the request's wait inside the window, or None."""
    begin = max(request.registered_on, history.start)
    end = min(request.ended_on or history.end, history.end)
    return (begin, end) if end > begin else None


def _urgency(history: History, result: Calibration) -> None:
    """D-10: per urgency class, escalations and stabilisations per waiting-year spent in the class."""
    exposure = [0.0] * (URGENCY_CLASSES + 1)
    up, down = [0] * (URGENCY_CLASSES + 1), [0] * (URGENCY_CLASSES + 1)
    changes = 0
    for request in history.requests:
        span = _waiting_span(history, request)
        if span is None:
            continue
        begin, end = span
        urgency, since = request.first_urgency, begin
        for day, new in request.urgency_changes:
            if day > end:
                break
            if day >= begin:
                exposure[urgency] += (day - since).days / 365.0
                since = day
                changes += 1
                if new < urgency:
                    up[urgency] += 1
                elif new > urgency:
                    down[urgency] += 1
            urgency = new
        exposure[urgency] += (end - since).days / 365.0
    keys = ("urgency.escalation_per_year", "urgency.stabilisation_per_year")
    if changes == 0:
        for key in keys:
            result.kept(key, "the history records no urgency change in the window")
        return
    total = sum(exposure)
    escalation = [0.0] + [round(up[u] / exposure[u], 4) if exposure[u] else 0.0 for u in range(2, 5)]
    stabilisation = [round(down[u] / exposure[u], 4) if exposure[u] else 0.0 for u in range(1, 4)] + [0.0]
    result.fitted(keys[0], escalation, f"{sum(up)} escalations in {total:.1f} waiting-years")
    result.fitted(keys[1], stabilisation, f"{sum(down)} stabilisations in {total:.1f} waiting-years")


def _withdrawal(history: History, result: Calibration) -> None:
    """Exponential mean per urgency at registration: waiting days in the window over withdrawals in it (the
    cause-specific rate: an admission ends the wait as well)."""
    days = [0] * (URGENCY_CLASSES + 1)
    withdrawn = [0] * (URGENCY_CLASSES + 1)
    for request in history.requests:
        span = _waiting_span(history, request)
        if span is None:
            continue
        days[request.first_urgency] += (span[1] - span[0]).days
        withdrawn[request.first_urgency] += request.outcome == "withdrawn" and history.within(request.ended_on)
    if min(withdrawn[1:]) < MIN_EVENTS:
        result.kept("withdrawal.mean_days", f"withdrawals per urgency class {withdrawn[1:]} "
                    f"(fewer than {MIN_EVENTS} in a class)")
        return
    means = [round(days[u] / withdrawn[u], 1) for u in range(1, 5)]
    result.fitted("withdrawal.mean_days", means,
                  f"{sum(withdrawn)} withdrawals in {sum(days):,} waiting days, by urgency at registration")


def _readmission(history: History, result: Calibration) -> None:
    """D-10: the share of discharged youths registered again within a year, and the delay.

    A run registers a discharged youth again after `1 + Exponential(mean)` days, and only when that is within the
    year: so the observed delays are those of an exponential cut off at 364 days, and the observed share is the
    share times the chance of coming back within the year. Both are undone here.
    """
    discharges = [s for s in history.stays if s.ended_on is not None and history.start <= s.ended_on
                  and (history.end - s.ended_on).days >= READMISSION_WINDOW]
    if len(discharges) < MIN_DURATIONS:
        for key in ("readmission.share", "readmission.mean_delay_days"):
            result.kept(key, f"{len(discharges)} discharges followed for a whole year (fewer than {MIN_DURATIONS})")
        return
    registered: dict[str, list[date]] = {}
    for request in history.requests:
        registered.setdefault(request.youth, []).append(request.registered_on)
    delays = []
    for stay in discharges:
        assert stay.ended_on is not None
        after = [(day - stay.ended_on).days for day in registered.get(stay.youth, ())]
        within = [d for d in after if 1 <= d <= READMISSION_WINDOW]
        if within:
            delays.append(min(within))
    observed = len(delays) / len(discharges)
    cutoff = READMISSION_WINDOW - 1
    if len(delays) < MIN_EVENTS:
        result.fitted("readmission.share", round(observed, 4),
                      f"{len(delays)} of {len(discharges)} discharged youths registered again within the year")
        result.kept("readmission.mean_delay_days", f"{len(delays)} readmissions (fewer than {MIN_EVENTS})")
        return
    seen = float(np.mean(delays)) - 1.0  # the exponential part of `1 + Exponential(mean)`

    def truncated_mean(mean: float) -> float:  # E[X | X < cutoff] for X ~ Exponential(mean)
        return mean - cutoff * math.exp(-cutoff / mean) / -math.expm1(-cutoff / mean)

    if seen >= cutoff / 2 - 1:  # as flat as no exponential with a mean below 10,000 days
        mean = 10_000.0
    elif seen <= 1.0:  # (back within a day or two: a cut-off a year away changes nothing)
        mean = max(seen, 0.1)
    else:
        mean = float(optimize.brentq(lambda m: truncated_mean(m) - seen, 1e-3, 10_000.0))
    within_year = -math.expm1(-cutoff / mean)
    result.fitted("readmission.share", round(min(observed / within_year, 1.0), 4),
                  f"{len(delays)} of {len(discharges)} discharged youths registered again within the year "
                  f"({observed:.3f}), over the chance a delay with this mean falls within the year ({within_year:.3f})")
    result.fitted("readmission.mean_delay_days", round(mean, 1),
                  f"mean delay {seen + 1:.1f} days of those {len(delays)}, undoing the cut-off at a year")


def _lognormal(durations: Sequence[int], running: Sequence[int]) -> tuple[float, float]:
    """(median, sigma) of a log-normal fitted to stay lengths, those still running censored on the right."""
    data = stats.CensoredData(uncensored=np.maximum(np.asarray(durations, dtype=float), 1.0),
                              right=np.maximum(np.asarray(running, dtype=float), 1.0))
    sigma, _, scale = stats.lognorm.fit(data, floc=0)
    return float(scale), float(sigma)


def _stays(history: History, result: Calibration, defaults: dict[str, Any]) -> None:
    """D-35: log-normal stays per module (regular places) and on short-stay places, fitted to the stays that began
    in the window (earlier ones would over-represent long stays), those still running at its end as censored."""
    begun = [s for s in history.stays if history.within(s.start_on)]
    groups: dict[tuple[str, bool], tuple[list[int], list[int]]] = {}
    for stay in begun:
        done, running = groups.setdefault((stay.module, stay.short_stay), ([], []))
        if stay.ended_on is not None and stay.ended_on <= history.end:
            done.append((stay.ended_on - stay.start_on).days)
        else:
            running.append((history.end - stay.start_on).days)
    medians: dict[str, float] = {}
    sigmas: list[tuple[float, int]] = []
    for module in sorted({m for m, short in groups if not short} | set(defaults["stay"]["median_days"])):
        done, running = groups.get((module, False), ([], []))
        if len(done) < MIN_DURATIONS:
            result.kept(f"stay.median_days.{module}", f"{len(done)} finished stays on its regular places "
                        f"(fewer than {MIN_DURATIONS})")
            continue
        medians[module], sigma = _lognormal(done, running)
        sigmas.append((sigma, len(done) + len(running)))
        result.note(f"stay.median_days.{module}", FITTED,
                    f"{len(done)} finished and {len(running)} running stays begun in the window (log-normal)")
    if medians:  # (the whole table: a module not listed would take `default_median_days`)
        result.values.setdefault("stay", {})["median_days"] = {
            **defaults["stay"]["median_days"], **{m: round(v, 1) for m, v in medians.items()}}
        weights = sum(n for _, n in sigmas)
        result.fitted("stay.sigma", round(sum(s * n for s, n in sigmas) / weights, 3),
                      f"the spread of the {len(sigmas)} fitted modules, weighted by their stays")
    else:
        result.kept("stay.sigma", "no module has enough finished stays")
    short_done = [d for (m, short), (done, _) in groups.items() if short for d in done]
    short_running = [d for (m, short), (_, running) in groups.items() if short for d in running]
    if len(short_done) < MIN_DURATIONS:
        result.kept("stay.short_stay_median_days", f"{len(short_done)} finished stays on short-stay places "
                    f"(fewer than {MIN_DURATIONS})")
    else:
        short_median, _ = _lognormal(short_done, short_running)
        result.fitted("stay.short_stay_median_days", round(short_median, 1),
                      f"{len(short_done)} finished and {len(short_running)} running stays on short-stay places")


def _capacity(history: History, result: Calibration) -> None:
    """D-7: how far ahead a place is reported (a share only once free), and report → first offer."""
    reports = [r for r in history.reports if history.within(r.reported_on)]
    if len(reports) < MIN_DURATIONS:
        for key in ("lead_days_mean", "late_report_share", "dialogue_days"):
            result.kept(f"capacity.{key}", f"{len(reports)} capacity reports (fewer than {MIN_DURATIONS})")
        return
    leads = [(r.expected_free_on - r.reported_on).days for r in reports]
    ahead = [lead for lead in leads if lead > 0]
    result.fitted("capacity.late_report_share", round(1 - len(ahead) / len(leads), 4),
                  f"{len(leads) - len(ahead)} of {len(leads)} reports made on or after the free day")
    if len(ahead) >= MIN_DURATIONS:
        result.fitted("capacity.lead_days_mean", round(float(np.mean(ahead)), 1),
                      f"the mean of {len(ahead)} reports made ahead of the free day")
    else:
        result.kept("capacity.lead_days_mean", f"{len(ahead)} reports made ahead (fewer than {MIN_DURATIONS})")
    dialogue = [(r.first_offer_on - r.reported_on).days for r in reports if r.first_offer_on is not None]
    if len(dialogue) >= MIN_DURATIONS:
        result.fitted("capacity.dialogue_days", max(0, round(median(dialogue))),
                      f"the median of report → first offer over {len(dialogue)} reports")
    else:
        result.kept("capacity.dialogue_days", f"{len(dialogue)} reports with an offer (fewer than {MIN_DURATIONS})")


def _offers(history: History, result: Calibration, defaults: dict[str, Any]) -> None:
    """D-12, D-13: days to answer, days from agreement to start, and the refusal base rate."""
    answered = [o for o in history.offers if o.answered_on is not None and history.within(o.offered_on)]
    if len(answered) < MIN_DURATIONS:
        for key in ("answer_days", "start_days", "refusal_base"):
            result.kept(f"offers.{key}", f"{len(answered)} answered offers (fewer than {MIN_DURATIONS})")
        return
    answer_days = [(o.answered_on - o.offered_on).days for o in answered if o.answered_on is not None]
    result.fitted("offers.answer_days", max(0, round(median(answer_days))),
                  f"the median of offer → answer over {len(answered)} answered offers")
    starts = [(o.started_on - o.answered_on).days for o in answered
              if o.started_on is not None and o.answered_on is not None and o.free_on <= o.answered_on]
    if len(starts) >= MIN_STARTS:
        result.fitted("offers.start_days", max(0, round(median(starts))),
                      f"the median of agreement → start over {len(starts)} agreed offers of places already free")
    else:
        result.kept("offers.start_days", f"{len(starts)} agreed offers of places already free (fewer than "
                    f"{MIN_STARTS})")
    offers = defaults["offers"]
    refused = sum(1 for o in answered if o.refused)
    terms = float(np.mean([offers["refusal_per_misfit"] * o.misfit - offers["refusal_per_fit"] * o.fit
                           for o in answered]))
    base = min(max(refused / len(answered) - terms, 0.0), offers["refusal_max"])
    result.fitted("offers.refusal_base", round(base, 4),
                  f"{refused} of {len(answered)} answered offers refused, less the mean fit and misfit terms "
                  f"({terms:+.3f}; the group-load term is not subtracted)")


def _unavailable(history: History, result: Calibration) -> None:
    """D-5: the share of discharges after which the place goes unavailable (a period starting within
    `UNAVAILABLE_AFTER_DAYS`), and the mean of `1 + Exponential(mean)` days of those periods, the ones still running
    at the window's end censored (the exponential's estimate: the days over the periods that ended)."""
    discharges = [s for s in history.stays if s.ended_on is not None and history.within(s.ended_on)]
    if len(discharges) < MIN_DURATIONS:
        for key in ("unavailable_share", "unavailable_mean_days"):
            result.kept(f"capacity.{key}", f"{len(discharges)} discharges (fewer than {MIN_DURATIONS})")
        return
    periods: dict[str, list[UnavailableRecord]] = {}
    for period in history.unavailable:
        periods.setdefault(period.place, []).append(period)
    following = []
    for stay in discharges:
        assert stay.ended_on is not None
        after = [p for p in periods.get(stay.place, ())
                 if 0 <= (p.start - stay.ended_on).days <= UNAVAILABLE_AFTER_DAYS]
        if after:
            following.append(min(after, key=lambda p: p.start))
    result.fitted("capacity.unavailable_share", round(len(following) / len(discharges), 4),
                  f"{len(following)} of {len(discharges)} discharges followed by an unavailable period")
    ended = [p for p in following if p.end is not None and p.end <= history.end]
    if len(ended) < MIN_EVENTS:
        result.kept("capacity.unavailable_mean_days", f"{len(ended)} of those periods ended (fewer than {MIN_EVENTS})")
        return

    def exponential_days(period: UnavailableRecord) -> int:  # up to the window's end, less the run's added day
        last = period.end if period.end is not None and period.end <= history.end else history.end
        return max((last - period.start).days - 1, 0)

    days = sum(exponential_days(p) for p in following)
    result.fitted("capacity.unavailable_mean_days", round(max(days / len(ended), 1.0), 1),
                  f"{len(ended)} ended and {len(following) - len(ended)} running periods after a discharge")
