"""The placement team's pages: team members and team leads only; the mandate decision is for team leads."""

from tests.web.matrix import TEAM, case


def _report(site):  # type: ignore[no-untyped-def]
    return {"ref": site.offer.report.ref}


def _list(site):  # type: ignore[no-untyped-def]
    return {"ref": site.offer.candidate_list.ref}


def _offer(site):  # type: ignore[no-untyped-def]
    return {"ref": site.offer.ref}


CASES = {
    "team:workqueue": case(*TEAM),
    "team:pool": case(*TEAM),
    "team:report": case(*TEAM, kwargs=_report),
    "team:list_generate": case(*TEAM, kwargs=_report, ok=405),
    "team:agreement": case(*TEAM, kwargs=_report, ok=405),
    "team:excluded": case(*TEAM, kwargs=_list),
    "team:list_reorder": case(*TEAM, kwargs=_list, ok=405),
    "team:list_add": case(*TEAM, kwargs=_list, ok=405),
    "team:list_remove": case(*TEAM, kwargs=_list, ok=405),
    "team:list_approve": case(*TEAM, kwargs=_list, ok=405),
    "team:offer_make": case(*TEAM, kwargs=_list, ok=405),
    "team:offer_withdraw": case(*TEAM, kwargs=_offer, ok=405),
    "team:review": case(*TEAM, kwargs=_offer),
    "team:mandate": case("team_lead", kwargs=_offer, ok=405),
    "team:consultation": case(*TEAM, kwargs=_offer, ok=405),
    "team:youth": case(*TEAM, kwargs=lambda site: {"ref": site.request.ref}),
}
