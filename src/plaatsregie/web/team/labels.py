"""Plain Dutch words for the codes the placement workflow stores (verdicts, outcomes, rules, steps …)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

URGENCY = {1: _("acuut"), 2: _("zeer urgent"), 3: _("urgent"), 4: _("minder urgent")}

NEEDS = {
    "psychiatric": _("psychiatrische problematiek"), "drugs": _("middelengebruik"), "aggression": _("agressie"),
    "closed_setting": _("nood aan een gesloten setting"), "trauma": _("trauma"),
    "intellectual_disability": _("verstandelijke beperking"), "school_dropout": _("schooluitval"),
    "parenting_support": _("opvoedingsondersteuning"),
}

GENDERS = {"F": _("meisje"), "M": _("jongen"), "X": _("genderdivers (X)")}

OFFER_STATES = {
    "open": _("wacht op antwoord"), "agreed": _("akkoord"), "agreed_with_conditions": _("akkoord met voorwaarden"),
    "refused": _("geweigerd"), "withdrawn": _("ingetrokken"),
}

VERDICTS = {"argument_followed": _("argument gevolgd"), "argument_not_followed": _("argument niet gevolgd")}

ATTRIBUTIONS = {"facility_situation": _("de situatie in de voorziening"),
                "youth_profile": _("het profiel van de jongere")}

CHANGES = {
    "generated": _("gegenereerd door de rangschikking"), "reorder": _("volgorde gewijzigd"),
    "add": _("kandidaat toegevoegd"), "remove": _("kandidaat geschrapt"),
    "escalation": _("escalatie"), "stabilisation": _("stabilisatie"), "changed_context": _("gewijzigde context"),
    "new_information": _("nieuwe informatie"),
}

RULES = {
    "module_scope": _("de plaats valt buiten centrale regie"),
    "module_requested": _("vraagt deze module niet aan"),
    "age": _("leeftijd past niet bij de plaats"),
    "gender": _("geslacht wordt op deze plaats niet aanvaard"),
    "region": _("woont buiten de regio van de plaats"),
    "urgency_bound": _("urgentie valt buiten de poule van het beleid"),
    "refused_for_this_vacancy": _("werd voor deze vacature al door deze voorziening geweigerd"),
    "excluded_by_team_until": _("het team besliste deze jongere voorlopig niet opnieuw voor te stellen"),
    "outside_regional_agreement": _("woont buiten de regio van de regionale afspraak (hub)"),
}

MANDATE_STEPS = {
    "1": _("stap 1 – actief partnerschap en overleg"),
    "2": _("stap 2 – nodige actie en engagement (actieplan)"),
    "3": _("stap 3 – zorggarantie afdwingen"),
}

EFFORTS = {
    "dialogue": _("transparante dialoog en gedeelde analyse"),
    "needs_to_say_yes": _("wat de voorziening nodig heeft om ja te zeggen"),
    "alternatives": _("alternatieven of constructies verkend"),
    "reflection": _("reflectie op eerdere matching"),
    "repeated_consultation": _("herhaald overleg: wat ontbreekt nog"),
}

GROUNDS = {
    "unmotivated_refusal": _("weigering zonder voldoende inhoudelijke motivering"),
    "target_group_deviation": _("systematische afwijking van de doelgroep"),
    "acute_societal_need": _("acute maatschappelijke nood"),
}

INSTRUMENTS = {"allocation_mandate": _("toewijzingsmandaat"), "process_intervention": _("procesinterventie")}


def label(table: dict[str, object] | dict[int, object], code: object) -> object:
    """The Dutch words for `code`, or the code itself when the table does not know it."""
    return table.get(code, code)  # type: ignore[call-overload]
