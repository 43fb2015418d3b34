"""Referrer pages: referrers only; another referrer's request does not exist for them."""

from tests.web.matrix import case

REQUEST = {"kwargs": lambda site: {"ref": site.request.ref}, "hidden": ("other_referrer",)}

CASES = {
    "referrer:requests": case("referrer", "other_referrer"),
    "referrer:register": case("referrer", "other_referrer"),
    "referrer:request": case("referrer", **REQUEST),
    "referrer:change": case("referrer", ok=405, **REQUEST),
    "referrer:confirm": case("referrer", ok=405, **REQUEST),
    "referrer:withdraw": case("referrer", ok=405, **REQUEST),
}
