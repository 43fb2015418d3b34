"""Which youths the team's earlier decisions keep off a list, and why (D-14: consequence of a refusal)."""

from __future__ import annotations

from plaatsregie.placement.models import CapacityReport, RefusalReview

REFUSED_FOR_THIS_VACANCY = "refused_for_this_vacancy"
EXCLUDED_BY_TEAM_UNTIL = "excluded_by_team_until"


def bars_for(report: CapacityReport) -> dict[str, str]:
    """request ref → bar code: refused here for this vacancy, or excluded from this facility until a date."""
    facility_id = report.place.unit.facility_id
    bars: dict[str, str] = {}
    reviewed = RefusalReview.objects.filter(answer__offer__place__unit__facility_id=facility_id).values_list(
        "answer__offer__request__ref", "answer__offer__report_id", "excluded_until")
    for ref, report_id, until in reviewed:
        if until is not None and until >= report.expected_free_on:
            bars[ref] = EXCLUDED_BY_TEAM_UNTIL
        elif report_id == report.pk:
            bars.setdefault(ref, REFUSED_FOR_THIS_VACANCY)
    return bars
