"""What the API shows and accepts. Lists carry no personal data; a youth's data appears only in a detail read
that went through `access_youth_for_user` (logged), as the `youth` block."""

# Django REST framework ships no type hints.
# mypy: disable-error-code="misc"

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from plaatsregie.core.lifecycle import OfferOutcome
from plaatsregie.core.types import Gender, Need, PlaceStatus, Region, Urgency
from plaatsregie.placement.services.offers import CONDITION_KINDS, CONSTRUCTIONS
from plaatsregie.waiting.services import CHANGE_KINDS

REGIONS = [r.value for r in Region]
NEED_CHOICES = [(n.value, n.value) for n in Need]  # one enum in the schema (settings ENUM_NAME_OVERRIDES)


class FacilitySerializer(serializers.Serializer):
    ref = serializers.CharField()
    name = serializers.CharField()
    region = serializers.ChoiceField(choices=REGIONS)
    recognition = serializers.CharField()


class UnitSerializer(serializers.Serializer):
    ref = serializers.CharField()
    name = serializers.CharField()
    facility = serializers.CharField(source="facility.ref")
    module = serializers.CharField(source="module_type.code")
    access = serializers.CharField()
    cofinanced_by = serializers.CharField()


class PlaceSerializer(serializers.Serializer):
    ref = serializers.CharField()
    unit = serializers.CharField(source="unit.ref")
    facility = serializers.CharField(source="unit.facility.ref")
    module = serializers.CharField(source="unit.module_type.code")
    status = serializers.ChoiceField(choices=[s.value for s in PlaceStatus])
    available_from = serializers.DateField(allow_null=True)
    age_min = serializers.IntegerField()
    age_max = serializers.IntegerField()
    genders = serializers.CharField()
    short_stay = serializers.BooleanField()
    vertical = serializers.BooleanField(allow_null=True)
    unavailable_reason = serializers.CharField(source="unavailable_reason.code", allow_null=True, default=None)
    unavailable_until = serializers.DateField(allow_null=True)


class PlaceStatusInput(serializers.Serializer):
    """D-5: `unavailable` with a reason from the list and an expected end; `available` from a date."""

    status = serializers.ChoiceField(choices=[PlaceStatus.UNAVAILABLE.value, PlaceStatus.AVAILABLE.value])
    reason = serializers.CharField(required=False, max_length=40, help_text="code of the reason (unavailable)")
    until = serializers.DateField(required=False, help_text="expected end (unavailable)")
    explanation = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    available_from = serializers.DateField(required=False, help_text="from when (available)")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        needed = ("reason", "until") if attrs["status"] == PlaceStatus.UNAVAILABLE.value else ("available_from",)
        for name in needed:
            if name not in attrs:
                raise serializers.ValidationError({name: serializers.ErrorDetail("Dit veld is verplicht.",
                                                                                 code="required")})
        return attrs


class CapacityReportSerializer(serializers.Serializer):
    ref = serializers.CharField()
    place = serializers.CharField(source="place.ref")
    facility = serializers.CharField(source="place.unit.facility.ref")
    reported_at = serializers.DateTimeField()
    expected_free_on = serializers.DateField()
    in_scope = serializers.BooleanField()
    scope_reason = serializers.CharField()
    flow = serializers.CharField()
    closed_at = serializers.DateTimeField(allow_null=True)
    outcome = serializers.CharField()
    profile = serializers.DictField()


class CapacityReportInput(serializers.Serializer):
    """D-7 with the capacity-dialogue profile of D-4."""

    place = serializers.CharField(max_length=40)
    expected_free_on = serializers.DateField()
    age_min = serializers.IntegerField(min_value=0, max_value=30)
    age_max = serializers.IntegerField(min_value=0, max_value=30)
    genders = serializers.RegexField(r"^[FMX]{1,3}$", default="FMX")
    short_stay = serializers.BooleanField(default=False)
    vertical = serializers.BooleanField(allow_null=True, default=None)
    kind_of_place = serializers.CharField(max_length=200, allow_blank=True, default="")
    group_composition = serializers.CharField(max_length=4000, allow_blank=True, default="")
    carrying_capacity = serializers.CharField(max_length=4000, allow_blank=True, default="")
    ideal_profile = serializers.ListField(child=serializers.ChoiceField(choices=NEED_CHOICES),
                                          default=list, max_length=20)
    internal_candidates = serializers.CharField(max_length=4000, allow_blank=True, default="")
    contact = serializers.CharField(max_length=200, allow_blank=True, default="")


class YouthSerializer(serializers.Serializer):
    """A youth's data as the one door returned it (pseudonym, birth date, gender, region)."""

    ref = serializers.CharField()
    birth_date = serializers.DateField()
    gender = serializers.ChoiceField(choices=[g.value for g in Gender])
    region = serializers.ChoiceField(choices=REGIONS)


class RequestSerializer(serializers.Serializer):
    ref = serializers.CharField()
    status = serializers.CharField()
    urgency = serializers.IntegerField()
    modules = serializers.SerializerMethodField()
    referrer = serializers.CharField(source="referrer.ref", allow_null=True, default=None)
    registered_on = serializers.DateField()
    last_confirmed_on = serializers.DateField(allow_null=True)

    def get_modules(self, obj: Any) -> list[str]:
        return sorted(m.code for m in obj.module_types.all())


class RequestDetailSerializer(RequestSerializer):
    needs = serializers.ListField(child=serializers.CharField())
    crisis_overflow = serializers.BooleanField()
    youth = serializers.SerializerMethodField()

    @extend_schema_field(YouthSerializer(allow_null=True))
    def get_youth(self, obj: Any) -> dict[str, Any] | None:
        youth = self.context.get("youth")
        return YouthSerializer(youth).data if youth is not None else None


class RequestInput(serializers.Serializer):
    """D-10: a new request by a referrer. `referrer` may be left out when the user acts for one referrer."""

    referrer = serializers.CharField(max_length=40, required=False)
    youth_ref = serializers.RegexField(r"^[A-Za-z0-9._-]{1,40}$", help_text="the youth's pseudonym")
    birth_date = serializers.DateField()
    gender = serializers.ChoiceField(choices=[g.value for g in Gender])
    region = serializers.ChoiceField(choices=REGIONS)
    modules = serializers.ListField(child=serializers.CharField(max_length=32), min_length=1, max_length=10)
    urgency = serializers.ChoiceField(choices=[u.value for u in Urgency])
    needs = serializers.ListField(child=serializers.ChoiceField(choices=NEED_CHOICES), default=list,
                                  max_length=10)
    crisis_overflow = serializers.BooleanField(default=False)


class RequestChangeInput(serializers.Serializer):
    """D-6: escalation, stabilisation, changed context or new information."""

    kind = serializers.ChoiceField(choices=list(CHANGE_KINDS))
    text = serializers.CharField(max_length=4000)
    urgency = serializers.ChoiceField(choices=[u.value for u in Urgency], required=False, allow_null=True)


class RequestWithdrawInput(serializers.Serializer):
    reason = serializers.CharField(max_length=40, help_text="code of the withdrawal reason")
    explanation = serializers.CharField(max_length=4000, allow_blank=True, default="")


class CandidateEntrySerializer(serializers.Serializer):
    request = serializers.CharField(source="request.ref")
    engine_rank = serializers.IntegerField(allow_null=True)
    components = serializers.DictField()
    explanation = serializers.CharField()


class CandidateListSerializer(serializers.Serializer):
    ref = serializers.CharField()
    report = serializers.CharField(source="report.ref")
    place = serializers.CharField(source="report.place.ref")
    generated_at = serializers.DateTimeField()
    policy_id = serializers.CharField()
    policy_version = serializers.IntegerField()
    adopted = serializers.SerializerMethodField()

    def get_adopted(self, obj: Any) -> bool:
        return hasattr(obj, "adoption")


class CandidateListDetailSerializer(CandidateListSerializer):
    order = serializers.SerializerMethodField(help_text="the current (or adopted) order of request refs")
    entries = CandidateEntrySerializer(many=True)

    def get_order(self, obj: Any) -> list[str]:
        revision = obj.revisions.order_by("-number").first()
        return list(revision.order) if revision else []


class ConditionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(CONDITION_KINDS))
    construction = serializers.ChoiceField(choices=["", *CONSTRUCTIONS], default="", allow_blank=True)
    description = serializers.CharField(max_length=4000)
    owner = serializers.CharField(max_length=200)
    due_on = serializers.DateField()


class AnswerSerializer(serializers.Serializer):
    outcome = serializers.CharField()
    reason = serializers.CharField(source="reason.code", allow_null=True, default=None)
    reason_text = serializers.CharField()
    motivation = serializers.CharField()
    at = serializers.DateTimeField()
    conditions = ConditionSerializer(many=True)


class OfferSerializer(serializers.Serializer):
    ref = serializers.CharField()
    report = serializers.CharField(source="report.ref")
    place = serializers.CharField(source="place.ref")
    facility = serializers.CharField(source="place.unit.facility.ref")
    request = serializers.CharField(source="request.ref")
    offered_at = serializers.DateTimeField()
    respond_by = serializers.DateField()
    state = serializers.CharField()
    closed_at = serializers.DateTimeField(allow_null=True)
    answer = AnswerSerializer(allow_null=True, read_only=True)  # null until the facility answered


class OfferDetailSerializer(OfferSerializer):
    why = serializers.CharField()
    youth = serializers.SerializerMethodField(help_text="D-36: only while the offer is open or agreed")

    @extend_schema_field(YouthSerializer(allow_null=True))
    def get_youth(self, obj: Any) -> dict[str, Any] | None:
        youth = self.context.get("youth")
        return YouthSerializer(youth).data if youth is not None else None


class OfferAnswerInput(serializers.Serializer):
    """D-13: agree, agree with conditions, or refuse with a listed reason and a motivation."""

    outcome = serializers.ChoiceField(choices=[o.value for o in OfferOutcome])
    reason = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    motivation = serializers.CharField(max_length=8000, required=False, allow_blank=True, default="")
    conditions = ConditionSerializer(many=True, required=False, default=list)


class AdmissionSerializer(serializers.Serializer):
    ref = serializers.CharField()
    place = serializers.CharField(source="place.ref")
    facility = serializers.CharField(source="place.unit.facility.ref")
    request = serializers.CharField(source="request.ref")
    offer = serializers.CharField(source="offer.ref", allow_null=True, default=None)
    internal_flow = serializers.BooleanField()
    start_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    discharge_announced = serializers.BooleanField(allow_null=True)


class AdmissionInput(serializers.Serializer):
    """D-20: an agreed offer starts (siblings offered together start together)."""

    offer = serializers.CharField(max_length=40)
    start_on = serializers.DateField()


class DischargeInput(serializers.Serializer):
    ended_on = serializers.DateField()


class IndicatorColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField()


class IndicatorSerializer(serializers.Serializer):
    """An aggregate table (no personal data): columns and rows of figures."""

    key = serializers.CharField()
    title = serializers.CharField()
    definition = serializers.CharField()
    columns = IndicatorColumnSerializer(many=True)
    rows = serializers.ListField(child=serializers.ListField(child=serializers.JSONField(allow_null=True)))
