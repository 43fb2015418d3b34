"""The A-document as the facility reads it (D-12): built only from a youth the access door returned (D-36)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from plaatsregie.waiting.models import Request, RequestChange, Youth, YouthIdentity
from plaatsregie.web.referrer.labels import GENDERS, NEEDS, label


@dataclass
class ADocument:
    youth: Youth
    name: str
    age: int
    gender: object
    request: Request
    modules: list[str]
    needs: list[object]
    changes: list[RequestChange]
    siblings: list[str]


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def a_document(request: Request, youth: Youth) -> ADocument:
    """What the facility needs to prepare the dialogue: identity, context, needs and the file's changes."""
    identity = YouthIdentity.objects.filter(youth=youth).first()
    return ADocument(
        youth=youth, name=str(identity) if identity else "", age=age_on(youth.birth_date, timezone.localdate()),
        gender=label(GENDERS, youth.gender), request=request,
        modules=sorted(request.module_types.values_list("code", flat=True)),
        needs=[label(NEEDS, need) for need in request.needs],
        changes=list(request.changes.all()[:10]),
        siblings=sorted(request.sibling_facilities.values_list("name", flat=True)),
    )
