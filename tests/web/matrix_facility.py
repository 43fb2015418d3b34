"""Facility pages: facility users only; another facility's places, offers and stays do not exist for them."""

from typing import Any

from tests.web.matrix import case
from tests.web.world import Site


def _stay(site: Site) -> dict[str, Any]:
    """A current stay at the site's facility (made through the services)."""
    from tests.integration.factories import a_place, a_request, a_unit, an_admission_of

    place = a_place(a_unit(site.facility), status="occupied", available_from=None)
    admission = an_admission_of(site.people, place, a_request(urgency=1), site.people.facility_user)
    return {"ref": admission.ref}


PLACE = {"kwargs": lambda site: {"ref": site.place.ref}, "hidden": ("other_facility",)}

CASES = {
    "facility:places": case("facility", "other_facility"),
    "facility:announce": case("facility", **PLACE),
    "facility:unavailable": case("facility", **PLACE),
    "facility:reactivate": case("facility", **PLACE),
    "facility:offers": case("facility", "other_facility"),
    "facility:offer": case("facility", kwargs=lambda site: {"ref": site.offer.ref}, hidden=("other_facility",)),
    "facility:start": case("facility", kwargs=lambda site: {"ref": site.offer.ref}, hidden=("other_facility",),
                           ok=405),
    "facility:stays": case("facility", "other_facility"),
    "facility:discharge": case("facility", kwargs=_stay, hidden=("other_facility",)),
    "facility:figures": case("facility", "other_facility"),
}
