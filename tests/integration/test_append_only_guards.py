"""D-25: decision history is append-only in the database itself, not only through the ORM's save()."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from plaatsregie.accounts.append_only import append_only_tables, purge_allowed
from plaatsregie.accounts.models import AuditRecord
from plaatsregie.accounts.vocabulary import AuditEvent

pytestmark = pytest.mark.django_db


def a_record() -> AuditRecord:
    return AuditRecord.objects.create(at=timezone.now(), event=AuditEvent.REQUEST_CONFIRMED.value,
                                      object_type="request", object_ref="AM-1", reason="bevestigd")


def test_every_decision_table_is_guarded() -> None:
    tables = append_only_tables()
    assert "accounts_auditrecord" in tables and "accounts_accesslogentry" in tables
    assert "placement_offeranswer" in tables and "placement_refusalreview" in tables


def test_a_queryset_update_of_a_decision_is_refused_by_the_database() -> None:
    record = a_record()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditRecord.objects.filter(pk=record.pk).update(reason="achteraf gewijzigd")
    record.refresh_from_db()
    assert record.reason == "bevestigd"


def test_raw_sql_cannot_change_the_access_log_either() -> None:
    record = a_record()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_auditrecord SET reason = %s WHERE id = %s", ["x", record.pk])


@pytest.mark.postgres_only
def test_a_queryset_delete_is_refused_on_postgresql() -> None:
    record = a_record()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditRecord.objects.filter(pk=record.pk).delete()
    assert AuditRecord.objects.filter(pk=record.pk).exists()


@pytest.mark.postgres_only
def test_replacing_a_synthetic_world_may_purge_inside_its_own_transaction() -> None:
    record = a_record()
    with transaction.atomic(), purge_allowed(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_auditrecord WHERE id = %s", [record.pk])
    assert not AuditRecord.objects.filter(pk=record.pk).exists()
    with pytest.raises(DatabaseError), transaction.atomic():  # and the guard is back afterwards
        AuditRecord.objects.filter(pk=a_record().pk).delete()
