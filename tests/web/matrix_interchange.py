"""Import/export page (D-24): admins, facilities and the team; the export of requests only for the team."""

from tests.web.matrix import TEAM, case

EXCHANGE = (*TEAM, "facility", "other_facility", "admin")

CASES = {
    "interchange:index": case(*EXCHANGE),
    "interchange:confirm": case(*EXCHANGE, ok=405),  # POST only
    "interchange:export": case(*EXCHANGE, kwargs=lambda site: {"entity": "places", "fmt": "csv"}),
    "interchange:template": case(*EXCHANGE, kwargs=lambda site: {"entity": "admissions", "fmt": "xlsx"}),
}
