"""The simulation area: admins and policy officers (every province: runs hold no personal data); the policy
change preview, which shows youths by pseudonym, for admins only."""

from tests.web.matrix import case
from tests.web.simulation_runs import a_done_run

SIMULATING = ("policy_officer", "other_policy_officer", "admin")

CASES = {
    "simulation:runs": case(*SIMULATING),
    "simulation:start": case(*SIMULATING),
    "simulation:run": case(*SIMULATING, kwargs=lambda site: {"pk": a_done_run(site).pk}),
    "simulation:chart": case(*SIMULATING, kwargs=lambda site: {"pk": a_done_run(site).pk, "name": "wait-median"}),
    "simulation:report_html": case(*SIMULATING, kwargs=lambda site: {"pk": a_done_run(site).pk}),
    "simulation:result_json": case(*SIMULATING, kwargs=lambda site: {"pk": a_done_run(site).pk}),
    "simulation:preview": case("admin"),
}
