"""Policy versions (D-10, D-25, D-26): an admin activates a policy file; its text is recorded and the latest
activation is the policy in force; earlier activations stay, and editing the file later changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from plaatsregie.accounts.models import AppendOnlyError
from plaatsregie.accounts.roles import PermissionDenied
from plaatsregie.accounts.vocabulary import Role
from plaatsregie.core.errors import DomainError
from plaatsregie.core.policy import load_policy
from plaatsregie.prioritisation.models import PolicyVersion
from plaatsregie.prioritisation.services import active_policy, policy_activate, policy_files
from tests.integration.personas import a_user

pytestmark = pytest.mark.django_db

TRIAL = """id = "trial"
version = {version}
title = "{title}"

[ordering]
keys = ["urgency", "waiting_days"]
"""


@pytest.fixture(autouse=True)
def fast_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def admin() -> User:
    return a_user("beheerder", Role.ADMIN)


@pytest.fixture
def policy_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An extra policy directory (PLAATSREGIE_POLICY_DIR) holding the policy `trial`, version 1."""
    (tmp_path / "trial.toml").write_text(TRIAL.format(version=1, title="Proef"), encoding="utf-8")
    monkeypatch.setenv("PLAATSREGIE_POLICY_DIR", str(tmp_path))
    return tmp_path


def test_without_any_activation_the_configured_policy_is_in_force() -> None:
    assert active_policy() == load_policy("default")


def test_activation_records_the_policy_with_its_full_text_and_makes_it_the_one_in_force(admin: User) -> None:
    version = policy_activate(actor=admin, policy_id="waiting-time-first", note="Beslissing werkgroep 3/2026.")
    shipped = load_policy("waiting-time-first")
    assert (version.policy_id, version.version, version.sha256) == (shipped.id, shipped.version, shipped.hash)
    assert version.text.encode("utf-8") == Path(shipped.source).read_bytes()
    assert version.activated_by == admin and version.note == "Beslissing werkgroep 3/2026."
    assert active_policy().reference == shipped.reference


def test_older_activations_stay_and_the_latest_is_in_force(admin: User) -> None:
    policy_activate(actor=admin, policy_id="waiting-time-first", note="Proefperiode.")
    policy_activate(actor=admin, policy_id="default", note="Terug naar het standaardbeleid.")
    policy_activate(actor=admin, policy_id="waiting-time-first", note="Tweede proefperiode.")
    assert [v.policy_id for v in PolicyVersion.objects.order_by("id")] == [
        "waiting-time-first", "default", "waiting-time-first"]
    assert active_policy().id == "waiting-time-first"


def test_a_later_edit_of_the_file_does_not_change_the_policy_in_force(admin: User, policy_dir: Path) -> None:
    policy_activate(actor=admin, policy_id="trial", note="Proef.")
    before = active_policy()
    (policy_dir / "trial.toml").write_text(TRIAL.format(version=1, title="Stil gewijzigd"), encoding="utf-8")
    assert active_policy() == before
    assert active_policy().title == "Proef"


def test_a_changed_file_with_the_same_version_number_is_refused(admin: User, policy_dir: Path) -> None:
    policy_activate(actor=admin, policy_id="trial", note="Proef.")
    (policy_dir / "trial.toml").write_text(TRIAL.format(version=1, title="Stil gewijzigd"), encoding="utf-8")
    with pytest.raises(DomainError, match="Verhoog het versienummer"):
        policy_activate(actor=admin, policy_id="trial", note="Opnieuw.")
    (policy_dir / "trial.toml").write_text(TRIAL.format(version=2, title="Bijgesteld"), encoding="utf-8")
    assert policy_activate(actor=admin, policy_id="trial", note="Versie 2.").version == 2
    assert PolicyVersion.objects.filter(policy_id="trial").count() == 2


def test_only_an_admin_activates_a_policy(admin: User) -> None:
    officer = a_user("beleid", Role.POLICY_OFFICER, region="Antwerpen")
    with pytest.raises(PermissionDenied):
        policy_activate(actor=officer, policy_id="default", note="Graag.")
    assert not PolicyVersion.objects.exists()


def test_activation_needs_a_note(admin: User) -> None:
    with pytest.raises(DomainError, match="waarom"):
        policy_activate(actor=admin, policy_id="default", note="  ")


def test_an_unknown_policy_id_is_refused(admin: User) -> None:
    with pytest.raises(DomainError, match="geen beleidsbestand"):
        policy_activate(actor=admin, policy_id="bestaat-niet", note="Proef.")


def test_the_policy_in_force_is_not_activated_twice(admin: User) -> None:
    policy_activate(actor=admin, policy_id="default", note="Start.")
    with pytest.raises(DomainError, match="al het actieve beleid"):
        policy_activate(actor=admin, policy_id="default", note="Nog eens.")


def test_an_invalid_policy_file_is_refused_with_its_error(admin: User, policy_dir: Path) -> None:
    (policy_dir / "broken.toml").write_text('id = "broken"\nversion = 1\n[ordering]\nkeys = ["shoe_size"]\n')
    with pytest.raises(DomainError, match="shoe_size"):
        policy_activate(actor=admin, policy_id="broken", note="Proef.")
    assert not PolicyVersion.objects.exists()


def test_the_files_to_choose_from_are_the_policies_directory(policy_dir: Path) -> None:
    assert {"default", "waiting-time-first", "trial"} <= set(policy_files())


def test_a_policy_version_is_never_changed_or_deleted(admin: User) -> None:
    version = policy_activate(actor=admin, policy_id="default", note="Start.")
    version.note = "Achteraf aangepast."
    with pytest.raises(AppendOnlyError):
        version.save()
    with pytest.raises(AppendOnlyError):
        version.delete()
