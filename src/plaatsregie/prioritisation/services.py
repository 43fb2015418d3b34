"""Activating a prioritisation policy version, and the policy in force (D-10, D-25, D-26).

A policy is data: an admin activates a version of a policy file; the file's text is recorded with who, when and
why. Older activations stay. New candidate lists are generated under the latest activation, read from the
recorded text, so editing or removing the file afterwards changes nothing that was decided.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from plaatsregie.accounts.roles import require_role
from plaatsregie.accounts.vocabulary import Role
from plaatsregie.core.errors import DomainError, PolicyError
from plaatsregie.core.policy import Policy, load_policy, policy_from_bytes, shipped_policies
from plaatsregie.prioritisation.models import PolicyVersion


def active_version() -> PolicyVersion | None:
    """The latest activation, if any policy was ever activated."""
    return PolicyVersion.objects.order_by("-activated_at", "-id").first()


def active_policy() -> Policy:
    """The policy new candidate lists are generated under: the latest activation, else the configured file."""
    version = active_version()
    if version is None:
        return load_policy(getattr(settings, "PLAATSREGIE_POLICY", None) or "default")
    policy = version.policy()
    if policy.hash != version.sha256:
        raise PolicyError(f"De bewaarde tekst van {version} komt niet overeen met zijn vingerafdruk.")
    return policy


def policy_files() -> dict[str, Policy]:
    """The policy files an admin can choose from, by id, parsed (invalid files make the list fail loudly)."""
    return {policy_id: policy_from_bytes(path.read_bytes(), path.name)
            for policy_id, path in shipped_policies().items()}


@transaction.atomic
def policy_activate(*, actor: User, policy_id: str, note: str) -> PolicyVersion:
    """D-26: an admin activates the policy file `policy_id` as it is now; the earlier activations stay (D-25)."""
    require_role(actor, Role.ADMIN)
    if not note.strip():
        raise DomainError("Schrijf waarom dit beleid nu geactiveerd wordt.")
    path = shipped_policies().get(policy_id)
    if path is None:
        raise DomainError(f"Er is geen beleidsbestand met id '{policy_id}'.")
    content = path.read_bytes()
    try:
        policy = policy_from_bytes(content, path.name)
        text = content.decode("utf-8")
    except (PolicyError, UnicodeDecodeError) as error:
        raise DomainError(f"Dit beleidsbestand kan niet gebruikt worden: {error}") from None
    _refuse_silent_edit(policy)
    current = active_version()
    if current is not None and current.sha256 == policy.hash:
        raise DomainError(f"{current} is al het actieve beleid.")
    return PolicyVersion.objects.create(
        policy_id=policy.id, version=policy.version, sha256=policy.hash, title=policy.title, text=text,
        activated_by=actor, activated_at=timezone.now(), note=note.strip(),
    )


def _refuse_silent_edit(policy: Policy) -> None:
    """D-25: a changed file must carry a new version number, or two different rule sets share one name."""
    earlier = PolicyVersion.objects.filter(policy_id=policy.id, version=policy.version).exclude(sha256=policy.hash)
    if earlier.exists():
        raise DomainError(f"Het bestand van beleid '{policy.id}' werd gewijzigd maar draagt nog versie "
                          f"{policy.version}. Verhoog het versienummer in het bestand en activeer opnieuw.")
