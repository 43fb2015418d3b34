"""The policy officer's pages: only policy officers, and a facility only of their own province."""

from tests.web.matrix import case

CASES = {
    "province:facilities": case("policy_officer", "other_policy_officer"),
    "province:facility": case("policy_officer", kwargs=lambda site: {"ref": site.facility.ref},
                              hidden=("other_policy_officer",)),
}
