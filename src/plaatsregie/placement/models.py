"""The placement workflow (seed 002 §3.5, D-4 … D-20): capacity reports, candidate lists, offers, answers,
reviews, mandate, collective cases, objections, admissions. Decisions are append-only (D-25)."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plaatsregie.accounts.models import AppendOnly, ReasonCatalogue
from plaatsregie.core.lifecycle import MandateStep, OfferOutcome, OfferState
from plaatsregie.registry.models import Facility, Place
from plaatsregie.waiting.models import Request

USER = settings.AUTH_USER_MODEL


class WholeJSONField(models.JSONField):
    """JSON that is only ever written and read whole, never searched inside: on PostgreSQL a `json` column (the
    text as written, checked) rather than `jsonb` (parsed into a tree). A frozen pool of a few hundred kB is
    written with every candidate list; PostgreSQL parses it into `jsonb` in about 8 ms, checks it as `json` in 3.
    `json` has no equality: a query with DISTINCT over whole rows fails on PostgreSQL — select the keys instead
    (`.values("pk").distinct()`), which is what such a query needs anyway."""

    def db_type(self, connection: Any) -> str | None:
        return "json" if connection.vendor == "postgresql" else super().db_type(connection)

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if connection.vendor == "postgresql" and value is not None and not hasattr(value, "as_sql"):
            return json.dumps(value, cls=self.encoder)  # plain text: PostgreSQL reads it as `json`, not `jsonb`
        return super().get_db_prep_value(value, connection, prepared)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is not None and not isinstance(value, str):  # psycopg parses a `json` column itself
            return value
        return super().from_db_value(value, expression, connection)
PENDING = Q(state__in=["agreed", "agreed_with_conditions"], closed_at__isnull=True)  # agreed, not started yet


class RefusalReason(ReasonCatalogue):
    class Meta(ReasonCatalogue.Meta):
        verbose_name = _("reden van weigering")
        verbose_name_plural = _("redenen van weigering")


class CapacityReport(models.Model):
    """D-7, D-4: a place that will free up, with the profile and agreements of the capacity dialogue."""

    ref = models.CharField(_("referentie"), max_length=40, unique=True)
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="capacity_reports")
    reported_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(_("gemeld op"))
    expected_free_on = models.DateField(_("komt vrij op"))
    profile = models.JSONField(_("profiel van de plaats"), default=dict)
    in_scope = models.BooleanField(_("onder centrale regie"))
    scope_reason = models.CharField(_("afbakening"), max_length=200)
    flow = models.CharField(_("flow"), max_length=20)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    outcome = models.CharField(_("afloop"), max_length=20, blank=True)

    class Meta:
        ordering = ["-reported_at"]
        verbose_name = _("melding vrijkomende capaciteit")
        verbose_name_plural = _("meldingen vrijkomende capaciteit")
        constraints = [
            models.UniqueConstraint(fields=["place"], condition=Q(closed_at__isnull=True),
                                    name="one_open_capacity_report_per_place"),
        ]

    def __str__(self) -> str:
        return self.ref


class DialogueAgreement(AppendOnly):
    """D-4: who does what by when, agreed in the capacity dialogue."""

    report = models.ForeignKey(CapacityReport, on_delete=models.PROTECT, related_name="agreements")
    what = models.TextField(_("wat"))
    owner = models.CharField(_("wie"), max_length=200)
    due_on = models.DateField(_("tegen wanneer"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()


class CandidateListManager(models.Manager["CandidateList"]):
    """Candidate lists without their frozen pool (a few hundred kB each): it is loaded when first read, or with
    the list by `.defer(None)` where every list's pool is read (the policy preview)."""

    def get_queryset(self) -> models.QuerySet[CandidateList]:
        return super().get_queryset().defer("pool_snapshot")


class CandidateList(AppendOnly):
    """D-10, D-11: the engine's ranking for a report, frozen with the policy and the pool as they were."""

    ref = models.CharField(_("referentie"), max_length=40, unique=True)
    report = models.ForeignKey(CapacityReport, on_delete=models.PROTECT, related_name="candidate_lists")
    generated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    generated_at = models.DateTimeField()
    policy_id = models.CharField(max_length=60)
    policy_version = models.PositiveIntegerField()
    policy_hash = models.CharField(max_length=64)
    place_snapshot = models.JSONField(default=dict)
    pool_snapshot = WholeJSONField(default=list)
    excluded = models.JSONField(default=dict, help_text=_("dossiernummer → regel"))

    objects = CandidateListManager()

    class Meta:
        ordering = ["-generated_at"]
        verbose_name = _("kandidatenlijst")
        verbose_name_plural = _("kandidatenlijsten")

    def __str__(self) -> str:
        return self.ref


class CandidateEntry(AppendOnly):
    """One candidate as the engine proposed it, with its explanation (D-22)."""

    candidate_list = models.ForeignKey(CandidateList, on_delete=models.PROTECT, related_name="entries")
    request = models.ForeignKey(Request, on_delete=models.PROTECT, related_name="+")
    engine_rank = models.PositiveIntegerField(null=True, help_text=_("leeg voor een kandidaat die het team toevoegde"))
    components = models.JSONField(default=dict)
    explanation = models.TextField()

    class Meta:
        ordering = ["candidate_list", "engine_rank"]
        constraints = [models.UniqueConstraint(fields=["candidate_list", "request"], name="one_entry_per_request")]


class CandidateListRevision(AppendOnly):
    """D-11: the order the team works with; every change is a new revision with a written argument."""

    candidate_list = models.ForeignKey(CandidateList, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    order = models.JSONField(help_text=_("dossiernummers in volgorde"))
    change = models.CharField(max_length=20)  # generated / reorder / add / remove
    request = models.ForeignKey(Request, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    argument = models.TextField(blank=True)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["candidate_list", "number"]
        constraints = [models.UniqueConstraint(fields=["candidate_list", "number"], name="revision_numbers_unique")]


class CandidateListApproval(AppendOnly):
    """D-11, D-25: a team member approves a revision with the argumentation; two distinct members adopt it."""

    revision = models.ForeignKey(CandidateListRevision, on_delete=models.PROTECT, related_name="approvals")
    approver = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    argumentation = models.TextField()
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["revision", "approver"], name="one_approval_per_member")]


class CandidateListAdoption(AppendOnly):
    candidate_list = models.OneToOneField(CandidateList, on_delete=models.PROTECT, related_name="adoption")
    revision = models.ForeignKey(CandidateListRevision, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()


class OfferGroup(AppendOnly):
    """D-10: siblings offered together to one facility: all are admitted or none."""

    ref = models.CharField(max_length=40, unique=True)
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()


class Offer(models.Model):
    """D-12: one youth offered to the facility of a place. Its content never changes; only its state closes."""

    ref = models.CharField(_("referentie"), max_length=40, unique=True)
    report = models.ForeignKey(CapacityReport, on_delete=models.PROTECT, related_name="offers")
    candidate_list = models.ForeignKey(CandidateList, on_delete=models.PROTECT, null=True, related_name="offers")
    request = models.ForeignKey(Request, on_delete=models.PROTECT, related_name="offers")
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="offers")
    group = models.ForeignKey(OfferGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="offers")
    offered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    offered_at = models.DateTimeField()
    why = models.TextField(_("waarom deze jongere"))
    respond_by = models.DateField(_("antwoord verwacht tegen"))
    state = models.CharField(max_length=30, choices=[(s.value, s.value) for s in OfferState],
                             default=OfferState.OPEN.value)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-offered_at"]
        verbose_name = _("voorstel")
        verbose_name_plural = _("voorstellen")
        constraints = [
            # D-12: a youth has at most one open offer, a place at most one.
            models.UniqueConstraint(fields=["request"], condition=Q(state="open"), name="one_open_offer_per_youth"),
            models.UniqueConstraint(fields=["place"], condition=Q(state="open"), name="one_open_offer_per_place"),
            # No double placement: at most one agreement waiting for its start, per youth and per place.
            models.UniqueConstraint(fields=["request"], name="one_pending_agreement_per_youth", condition=PENDING),
            models.UniqueConstraint(fields=["place"], name="one_pending_agreement_per_place", condition=PENDING),
        ]

    def __str__(self) -> str:
        return self.ref


class OfferAnswer(AppendOnly):
    """D-13: the facility's answer; an offer is answered once (one-to-one)."""

    offer = models.OneToOneField(Offer, on_delete=models.PROTECT, related_name="answer")
    outcome = models.CharField(max_length=30, choices=[(o.value, o.value) for o in OfferOutcome])
    reason = models.ForeignKey(RefusalReason, on_delete=models.PROTECT, null=True, blank=True)
    reason_text = models.CharField(max_length=200, blank=True, help_text=_("de tekst van de reden op dat moment"))
    motivation = models.TextField(blank=True)
    answered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()


class OfferCondition(AppendOnly):
    """D-13: a condition of an agreement: what must happen, by whom, by when."""

    answer = models.ForeignKey(OfferAnswer, on_delete=models.PROTECT, related_name="conditions")
    kind = models.CharField(max_length=30)  # support / partners / construction / action
    construction = models.CharField(max_length=30, blank=True)  # shared_admission / extra_support / phased_start
    description = models.TextField()
    owner = models.CharField(max_length=200)
    due_on = models.DateField()


class OfferWithdrawal(AppendOnly):
    offer = models.OneToOneField(Offer, on_delete=models.PROTECT, related_name="withdrawal")
    reason = models.TextField()
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()


class RefusalReview(AppendOnly):
    """D-14: the team's verdict on a refusal, its attribution and consequence."""

    answer = models.OneToOneField(OfferAnswer, on_delete=models.PROTECT, related_name="review")
    verdict = models.CharField(max_length=30)  # argument_followed / argument_not_followed
    attributed_to = models.CharField(max_length=30)  # facility_situation / youth_profile
    lessons = models.TextField(blank=True)
    excluded_until = models.DateField(null=True, blank=True,
                                      help_text=_("leeg: niet opnieuw voor deze vacature; anders tot deze datum"))
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()


class MandateDecision(AppendOnly):
    """D-15: one step on the mandate ladder for a youth and a facility, with its justification."""

    request = models.ForeignKey(Request, on_delete=models.PROTECT, related_name="mandate_decisions")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="mandate_decisions")
    review = models.ForeignKey(RefusalReview, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    step = models.CharField(max_length=1, choices=[(s.value, s.value) for s in MandateStep])
    justification = models.TextField()
    efforts = models.JSONField(default=list)
    ground = models.CharField(max_length=40, blank=True)
    instrument = models.CharField(max_length=40, blank=True)  # allocation_mandate / process_intervention
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    team_lead = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]


class CollectiveCase(models.Model):
    """D-16: a youth refused by several facilities becomes a collective case."""

    request = models.OneToOneField(Request, on_delete=models.PROTECT, related_name="collective_case")
    opened_at = models.DateTimeField()
    refusing_facilities = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"collectief dossier {self.request}"


class CollectiveConsultation(AppendOnly):
    case = models.ForeignKey(CollectiveCase, on_delete=models.PROTECT, related_name="consultations")
    participants = models.TextField()
    outcome = models.TextField()
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()


class Objection(AppendOnly):
    """D-17: a facility disagrees with a decision; answered team member → team lead → policy officer."""

    ref = models.CharField(max_length=40, unique=True)
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="objections")
    subject = models.CharField(max_length=80, help_text=_("de beslissing waarover het gaat"))
    text = models.TextField()
    raised_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()


class ObjectionAnswer(AppendOnly):
    objection = models.ForeignKey(Objection, on_delete=models.PROTECT, related_name="answers")
    level = models.CharField(max_length=20)  # team_member / team_lead / policy_officer
    answer = models.TextField()
    resolved = models.BooleanField(default=False)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["objection", "level"], name="one_answer_per_level")]


class Admission(models.Model):
    """D-20: a stay on a place. Only an agreed central offer or internal NRTJ→NRTJ flow starts one (D-1a, D-19)."""

    ref = models.CharField(_("referentie"), max_length=40, unique=True)
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="admissions")
    request = models.ForeignKey(Request, on_delete=models.PROTECT, related_name="admissions")
    offer = models.OneToOneField(Offer, on_delete=models.PROTECT, null=True, blank=True, related_name="admission")
    internal_flow = models.BooleanField(_("interne doorstroom"), default=False)
    start_on = models.DateField(_("start"))
    ended_on = models.DateField(_("einde"), null=True, blank=True)
    discharge_announced = models.BooleanField(_("ontslag vooraf gemeld"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-start_on"]
        verbose_name = _("opname")
        verbose_name_plural = _("opnames")
        constraints = [
            # No double placement, enforced by the database whatever the application does.
            models.UniqueConstraint(fields=["place"], condition=Q(ended_on__isnull=True), name="one_stay_per_place"),
            models.UniqueConstraint(fields=["request"], condition=Q(ended_on__isnull=True),
                                    name="one_stay_per_request"),
            models.CheckConstraint(condition=Q(offer__isnull=False) | Q(internal_flow=True),
                                   name="admission_from_offer_or_internal_flow"),
        ]

    def __str__(self) -> str:
        return self.ref


class Notification(models.Model):
    """In-app notifications at the moments the seed names; e-mail goes out on commit."""

    recipient = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40)
    text = models.TextField()
    object_ref = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text
