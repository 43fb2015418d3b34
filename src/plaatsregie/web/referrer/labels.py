"""Dutch words for the codes the facility and referrer pages show or ask (needs, genders, states)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

NEEDS = [
    ("psychiatric", _("psychiatrische problematiek")),
    ("drugs", _("drugproblematiek")),
    ("aggression", _("agressie")),
    ("closed_setting", _("nood aan een gesloten setting")),
    ("trauma", _("trauma")),
    ("intellectual_disability", _("verstandelijke beperking")),
    ("school_dropout", _("schooluitval")),
    ("parenting_support", _("opvoedingsondersteuning")),
]
GENDERS = [("F", _("meisje (F)")), ("M", _("jongen (M)")), ("X", _("X"))]
URGENCIES = [(1, _("1 – acuut")), (2, _("2 – zeer dringend")), (3, _("3 – dringend")), (4, _("4 – minder dringend"))]
OFFER_STATES = {
    "open": _("wacht op uw antwoord"),
    "agreed": _("akkoord"),
    "agreed_with_conditions": _("akkoord met voorwaarden"),
    "refused": _("geweigerd"),
    "withdrawn": _("ingetrokken door het team"),
}
REQUEST_STATES = {"waiting": _("wachtend"), "admitted": _("opgenomen"), "withdrawn": _("ingetrokken")}


def label(choices: Sequence[tuple[Any, Any]], code: object) -> Any:
    """The Dutch word for `code`, or the code itself when it has none."""
    return dict(choices).get(code, code)
