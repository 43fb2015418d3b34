"""Admin for the placement workflow: the refusal reasons are maintained here; offers and decisions are shown,
never changed — they change only through the services, which check the rules and audit (STYLE habit 3, D-25)."""

from __future__ import annotations

from django.contrib import admin

from plaatsregie.accounts.admin import ReadOnlyAdmin, ReadOnlyInline, ReasonCatalogueAdmin
from plaatsregie.placement import models


@admin.register(models.RefusalReason)
class RefusalReasonAdmin(ReasonCatalogueAdmin):
    """D-13: retired, never deleted: answers copy the text and refer to them."""


class OfferAnswerInline(ReadOnlyInline):
    model = models.OfferAnswer
    fields = ("outcome", "reason_text", "motivation", "answered_by", "at")


@admin.register(models.Offer)
class OfferAdmin(ReadOnlyAdmin):
    list_display = ("ref", "place", "state", "offered_at", "respond_by", "closed_at")
    list_filter = ("state", ("offered_at", admin.DateFieldListFilter))
    search_fields = ("ref", "place__ref")
    date_hierarchy = "offered_at"
    list_select_related = ("place",)
    exclude = ("request", "why")  # the youth and the argument about them: through the team's pages (D-36)
    inlines = [OfferAnswerInline]


@admin.register(models.CapacityReport)
class CapacityReportAdmin(ReadOnlyAdmin):
    list_display = ("ref", "place", "reported_at", "expected_free_on", "in_scope", "flow", "closed_at", "outcome")
    list_filter = ("in_scope", "flow", "outcome")
    search_fields = ("ref", "place__ref")
    list_select_related = ("place",)


@admin.register(models.CandidateList)
class CandidateListAdmin(ReadOnlyAdmin):
    list_display = ("ref", "report", "generated_at", "policy_id", "policy_version", "policy_hash")
    list_filter = ("policy_id", "policy_version")
    search_fields = ("ref", "report__ref")
    fields = ("ref", "report", "generated_by", "generated_at", "policy_id", "policy_version", "policy_hash")


@admin.register(models.RefusalReview)
class RefusalReviewAdmin(ReadOnlyAdmin):
    list_display = ("answer", "verdict", "attributed_to", "excluded_until", "decided_by", "at")
    list_filter = ("verdict", "attributed_to")


@admin.register(models.MandateDecision)
class MandateDecisionAdmin(ReadOnlyAdmin):
    list_display = ("facility", "step", "instrument", "decided_by", "at")
    list_filter = ("step", "instrument")
    exclude = ("request",)


class ObjectionAnswerInline(ReadOnlyInline):
    model = models.ObjectionAnswer
    fields = ("level", "answer", "resolved", "by", "at")


@admin.register(models.Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ("ref", "facility", "subject", "raised_by", "at")
    search_fields = ("ref", "subject")
    inlines = [ObjectionAnswerInline]


@admin.register(models.Admission)
class AdmissionAdmin(ReadOnlyAdmin):
    list_display = ("ref", "place", "start_on", "ended_on", "internal_flow")
    list_filter = ("internal_flow",)
    search_fields = ("ref", "place__ref")
    exclude = ("request",)
