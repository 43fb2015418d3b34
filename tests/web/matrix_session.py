"""Pages every logged-in user reaches."""

from tests.web.matrix import Case, case

CASES: dict[str, Case] = {
    # the start page sends each role on (302), the anonymous user to the log-in page (302)
    "home": case("team", "team_lead", "facility", "other_facility", "referrer", "other_referrer", "policy_officer",
                 "other_policy_officer", "judge", "admin", ok=302),
}
