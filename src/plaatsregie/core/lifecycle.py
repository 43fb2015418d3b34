"""The lifecycles of the placement workflow as explicit transition tables (D-5, D-12 … D-15, D-20).

A transition that is not in a table is impossible: `IllegalTransition` says so in words a person understands.
"""

from __future__ import annotations

from enum import StrEnum

from plaatsregie.core.errors import DomainError
from plaatsregie.core.types import PlaceStatus


class IllegalTransition(DomainError):
    """An action that the current state does not allow; nothing was changed."""


class PlaceEvent(StrEnum):
    ANNOUNCE_FREEING = "announce_freeing"  # D-7: the facility reports a place that will free up
    CANCEL_FREEING = "cancel_freeing"  # the youth stays after all
    FREE = "free"  # the place is free now
    RESERVE = "reserve"  # an offer was agreed; waiting for the start date
    RELEASE = "release"  # the agreed start did not happen
    ADMIT = "admit"  # D-20: the youth starts
    DISCHARGE = "discharge"  # D-20: the stay ends
    MAKE_UNAVAILABLE = "make_unavailable"  # D-5: with a mandatory reason and expected end
    REACTIVATE = "reactivate"  # back from unavailable


_O, _F, _A, _R, _U = (PlaceStatus.OCCUPIED, PlaceStatus.FREEING, PlaceStatus.AVAILABLE, PlaceStatus.RESERVED,
                      PlaceStatus.UNAVAILABLE)

PLACE_TRANSITIONS: dict[tuple[PlaceStatus, PlaceEvent], PlaceStatus] = {
    (_O, PlaceEvent.ANNOUNCE_FREEING): _F,
    (_F, PlaceEvent.CANCEL_FREEING): _O,
    (_F, PlaceEvent.FREE): _A,
    (_O, PlaceEvent.DISCHARGE): _A,
    (_F, PlaceEvent.DISCHARGE): _A,
    (_F, PlaceEvent.RESERVE): _R,
    (_A, PlaceEvent.RESERVE): _R,
    (_R, PlaceEvent.RELEASE): _A,
    (_R, PlaceEvent.ADMIT): _O,
    (_A, PlaceEvent.ADMIT): _O,  # D-19: internal NRTJ→NRTJ flow only; the service checks the route
    (_F, PlaceEvent.MAKE_UNAVAILABLE): _U,
    (_A, PlaceEvent.MAKE_UNAVAILABLE): _U,
    (_O, PlaceEvent.MAKE_UNAVAILABLE): _U,
    (_U, PlaceEvent.REACTIVATE): _A,
    (_U, PlaceEvent.ANNOUNCE_FREEING): _F,
}

PLACE_STATUS_NL = {
    _O: "bezet", _F: "komt vrij", _A: "vrij", _R: "gereserveerd", _U: "niet beschikbaar",
}
PLACE_EVENT_NL = {
    PlaceEvent.ANNOUNCE_FREEING: "vrijkomende capaciteit melden",
    PlaceEvent.CANCEL_FREEING: "de melding intrekken",
    PlaceEvent.FREE: "de plaats vrij zetten",
    PlaceEvent.RESERVE: "de plaats reserveren",
    PlaceEvent.RELEASE: "de reservatie vrijgeven",
    PlaceEvent.ADMIT: "een opname starten",
    PlaceEvent.DISCHARGE: "een ontslag registreren",
    PlaceEvent.MAKE_UNAVAILABLE: "de plaats niet beschikbaar zetten",
    PlaceEvent.REACTIVATE: "de plaats opnieuw beschikbaar zetten",
}


def place_transition(status: PlaceStatus, event: PlaceEvent) -> PlaceStatus:
    """The status after `event`, or IllegalTransition if the place's status does not allow it."""
    try:
        return PLACE_TRANSITIONS[(status, event)]
    except KeyError:
        raise IllegalTransition(
            f"Een plaats met status '{PLACE_STATUS_NL[status]}' laat niet toe om {PLACE_EVENT_NL[event]}."
        ) from None


class OfferState(StrEnum):
    OPEN = "open"
    AGREED = "agreed"
    AGREED_WITH_CONDITIONS = "agreed_with_conditions"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


class OfferOutcome(StrEnum):
    """D-13: the facility's answer to an offer."""

    AGREED = "agreed"
    AGREED_WITH_CONDITIONS = "agreed_with_conditions"
    REFUSED = "refused"


OFFER_TRANSITIONS: dict[tuple[OfferState, str], OfferState] = {
    (OfferState.OPEN, OfferOutcome.AGREED): OfferState.AGREED,
    (OfferState.OPEN, OfferOutcome.AGREED_WITH_CONDITIONS): OfferState.AGREED_WITH_CONDITIONS,
    (OfferState.OPEN, OfferOutcome.REFUSED): OfferState.REFUSED,
    (OfferState.OPEN, "withdraw"): OfferState.WITHDRAWN,
    # D-10: siblings are offered together; when one of them is refused the joint offer lapses for all of them
    (OfferState.OPEN, "lapse"): OfferState.WITHDRAWN,
    (OfferState.AGREED, "lapse"): OfferState.WITHDRAWN,
    (OfferState.AGREED_WITH_CONDITIONS, "lapse"): OfferState.WITHDRAWN,
}


def offer_transition(state: OfferState, action: str) -> OfferState:
    """The offer's state after an answer or a withdrawal; an offer is answered once (D-13)."""
    try:
        return OFFER_TRANSITIONS[(state, action)]
    except KeyError:
        raise IllegalTransition(f"Dit voorstel is al afgesloten ({state.value}); het kan niet opnieuw beantwoord "
                                "of ingetrokken worden.") from None


class MandateStep(StrEnum):
    """D-15: the gradations of the government mandate, built up or scaled back per case."""

    PARTNERSHIP = "1"  # active partnership and consultation
    ACTION_PLAN = "2"  # stating the necessary action and engagement
    ENFORCED = "3"  # enforcing the care guarantee: allocation mandate or process intervention


class PriorEffort(StrEnum):
    """D-15: what the record must show before the government steers (step 3)."""

    DIALOGUE = "dialogue"  # transparent dialogue and shared analysis
    NEEDS_TO_SAY_YES = "needs_to_say_yes"  # what the facility needs to say yes
    ALTERNATIVES = "alternatives"  # alternatives or constructions explored
    REFLECTION = "reflection"  # reflection on earlier matching
    REPEATED_CONSULTATION = "repeated_consultation"  # what is still missing, made explicit


class MandateGround(StrEnum):
    """D-15: example grounds for steering."""

    UNMOTIVATED_REFUSAL = "unmotivated_refusal"
    TARGET_GROUP_DEVIATION = "target_group_deviation"
    ACUTE_SOCIETAL_NEED = "acute_societal_need"


def mandate_step_allowed(current: MandateStep | None, requested: MandateStep) -> None:
    """D-15: steps are built up or scaled back one at a time, never skipped silently."""
    now = 0 if current is None else int(current.value)
    if abs(int(requested.value) - now) != 1:
        raise IllegalTransition(
            f"Het mandaat gaat stap voor stap: van stap {now or 'geen'} kan alleen naar stap "
            f"{' of '.join(str(s) for s in (now - 1, now + 1) if 1 <= s <= 3)}, niet naar stap {requested.value}."
        )


def missing_for_enforcement(efforts: set[PriorEffort], ground: MandateGround | None,
                            team_lead_present: bool) -> list[str]:
    """What a step-3 decision still lacks (empty when it may be taken)."""
    missing = [f"voorafgaande inspanning: {effort.value}" for effort in PriorEffort if effort not in efforts]
    if ground is None:
        missing.append("een grond voor sturing")
    if not team_lead_present:
        missing.append("een leidinggevende die mee beslist")
    return missing
