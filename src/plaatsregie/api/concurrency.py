"""Safe retries and safe updates: `Idempotency-Key` on creates, `ETag`/`If-Match` on updates.

- A create sent with an `Idempotency-Key` stores its successful response under (user, key) in the same
  transaction as the create; a retry with the same key and the same body gets that response again
  (header `Idempotent-Replayed: true`) and writes nothing; the same key with another body is refused (422).
  A key holds for `PLAATSREGIE_API_IDEMPOTENCY_DAYS` (default 7) days; after that it may be used afresh.
- Every object that can change carries an `ETag` (a digest of its stored fields). An update must send it back in
  `If-Match`: missing → 428, no longer current → 412. The object is locked while the check and the update run.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from plaatsregie.api.errors import ApiError
from plaatsregie.api.models import IdempotencyRecord

M = TypeVar("M", bound=models.Model)
REPLAYED = "Idempotent-Replayed"
KEPT_FOR = timedelta(days=int(os.environ.get("PLAATSREGIE_API_IDEMPOTENCY_DAYS", "7")))  # how long a key holds
KEPT_HEADERS = ("ETag", "Location")


def etag_of(obj: models.Model) -> str:
    """A strong ETag: the digest of the object's stored fields (changes whenever any of them changes)."""
    values = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    digest = hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()
    return f'"{digest[:32]}"'


def _tags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def locked_and_matching(request: Request, queryset: models.QuerySet[M], pk: int) -> M:
    """The object, locked for the rest of the transaction, if the client's `If-Match` names its current ETag."""
    obj = queryset.select_for_update(of=("self",)).get(pk=pk)
    header = request.headers.get("If-Match")
    if not header:
        raise ApiError("precondition_required", field="If-Match")
    tags = _tags(header)
    if "*" not in tags and etag_of(obj) not in tags:
        raise ApiError("precondition_failed", field="If-Match")
    return obj


def optional_match(request: Request, obj: models.Model) -> None:
    """For actions where `If-Match` is allowed but not required (answering an offer, which happens once)."""
    header = request.headers.get("If-Match")
    if header and "*" not in _tags(header) and etag_of(obj) not in _tags(header):
        raise ApiError("precondition_failed", field="If-Match")


def with_etag(response: Response, obj: models.Model) -> Response:
    response["ETag"] = etag_of(obj)
    return response


def _fingerprint(request: Request) -> str:
    payload = json.dumps(request.data, sort_keys=True, default=str)
    return hashlib.sha256(f"{request.method} {request.path}\n{payload}".encode()).hexdigest()


def _replay(record: IdempotencyRecord) -> Response:
    response = Response(record.body, status=record.status, headers={**record.headers, REPLAYED: "true"})
    return response


def idempotent(request: Request, create: Callable[[], Response]) -> Response:
    """Run `create` once per (user, Idempotency-Key); without the header it simply runs."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return create()
    if not 1 <= len(key) <= 255 or not key.isprintable():
        raise ApiError("validation_error", "Een Idempotency-Key is 1 tot 255 leesbare tekens.",
                       "An Idempotency-Key is 1 to 255 printable characters.", field="Idempotency-Key")
    fingerprint = _fingerprint(request)

    def stored() -> Response | None:
        record = IdempotencyRecord.objects.filter(user=request.user, key=key).first()
        if record is not None and record.created_at < timezone.now() - KEPT_FOR:
            record.delete()  # an expired key may be used again
            record = None
        if record is None:
            return None
        if record.fingerprint != fingerprint:
            raise ApiError("idempotency_key_reused", field="Idempotency-Key")
        return _replay(record)

    if (earlier := stored()) is not None:
        return earlier
    try:
        with transaction.atomic():
            response = create()
            if 200 <= response.status_code < 300:
                body = json.loads(JSONRenderer().render(response.data) or b"null")
                headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
                IdempotencyRecord.objects.create(user=request.user, key=key, fingerprint=fingerprint,
                                                 status=response.status_code, body=body, headers=headers)
    except IntegrityError:  # a concurrent retry with the same key won: ours is rolled back, theirs is the answer
        if (earlier := stored()) is not None:
            return earlier
        raise
    return response


def attach(obj: Any, response: Response) -> Response:
    """Add the ETag of a freshly written object to its response."""
    return with_etag(response, obj) if isinstance(obj, models.Model) else response
