"""Starting a simulation run: what may be chosen, the bounds, and handing the run to the background worker.

Scenarios are the TOML files in PLAATSREGIE_SCENARIO_DIR (the repository's `scenarios/`), chosen by name; a user
never gives a path. Policies are the shipped policy files and the recorded activations (PolicyVersion).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from plaatsregie.accounts.roles import require_role
from plaatsregie.accounts.vocabulary import Role
from plaatsregie.core.errors import DomainError
from plaatsregie.core.policy import Policy
from plaatsregie.prioritisation.models import PolicyVersion
from plaatsregie.prioritisation.services import policy_files
from plaatsregie.simruns.models import SimulationRun

MAX_YEARS = 10
MAX_REPLICATIONS = 20
MAX_POLICIES = 4
MAX_SEED = 2**31 - 1


def scenario_dir() -> Path:
    return Path(settings.PLAATSREGIE_SCENARIO_DIR)


def scenarios() -> dict[str, Path]:
    """The scenarios one may choose, by name (the file name without `.toml`)."""
    directory = scenario_dir()
    return {path.stem: path for path in sorted(directory.glob("*.toml"))} if directory.is_dir() else {}


@dataclass(frozen=True)
class PolicyChoice:
    value: str  # "file:<id>" or "version:<pk>"
    label: str
    policy: Policy


def policy_choices() -> dict[str, PolicyChoice]:
    """The shipped policy files, then every recorded activation (newest first)."""
    found: dict[str, PolicyChoice] = {}
    for policy_id, policy in sorted(policy_files().items()):
        found[f"file:{policy_id}"] = PolicyChoice(
            f"file:{policy_id}", _("%(id)s versie %(v)s – %(t)s (beleidsbestand)")
            % {"id": policy_id, "v": policy.version, "t": policy.title}, policy)
    for version in PolicyVersion.objects.order_by("-activated_at", "-id"):
        when = date_format(timezone.localtime(version.activated_at), "SHORT_DATE_FORMAT")
        found[f"version:{version.pk}"] = PolicyChoice(
            f"version:{version.pk}", _("%(v)s – %(t)s (geactiveerd op %(d)s)")
            % {"v": str(version), "t": version.title, "d": when}, version.policy())
    return found


def validate(scenario: str, chosen: list[str], years: int, replications: int, seed: int) -> list[PolicyChoice]:
    """The chosen policies, or a DomainError saying plainly what is wrong."""
    if scenario not in scenarios():
        raise DomainError(_("Kies een van de scenario's uit de lijst."))
    if not 1 <= years <= MAX_YEARS:
        raise DomainError(_("Het aantal jaren moet tussen 1 en %(n)d liggen.") % {"n": MAX_YEARS})
    if not 1 <= replications <= MAX_REPLICATIONS:
        raise DomainError(_("Het aantal herhalingen moet tussen 1 en %(n)d liggen.") % {"n": MAX_REPLICATIONS})
    if not 0 <= seed <= MAX_SEED:
        raise DomainError(_("De startwaarde moet tussen 0 en %(n)d liggen.") % {"n": MAX_SEED})
    options = policy_choices()
    if not chosen:
        raise DomainError(_("Kies minstens één beleid."))
    if len(chosen) > MAX_POLICIES:
        raise DomainError(_("Kies hoogstens %(n)d beleidsversies tegelijk.") % {"n": MAX_POLICIES})
    unknown = [value for value in chosen if value not in options]
    if unknown:
        raise DomainError(_("Kies beleid uit de lijst."))
    picked = [options[value] for value in dict.fromkeys(chosen)]
    ids = [choice.policy.id for choice in picked]
    if len(set(ids)) != len(ids):
        raise DomainError(_("Elk beleid mag maar één keer gekozen worden: twee keuzes dragen dezelfde id (%(ids)s).")
                          % {"ids": ", ".join(sorted({i for i in ids if ids.count(i) > 1}))})
    return picked


def run_start(*, actor: User, scenario: str, policies: list[str], years: int,
              replications: int, seed: int) -> SimulationRun:
    """Record a run and hand it to the background worker; the request does not wait for it."""
    from plaatsregie.simruns.tasks import run_simulation

    require_role(actor, Role.ADMIN, Role.POLICY_OFFICER)
    picked = validate(scenario, policies, years, replications, seed)
    run = SimulationRun.objects.create(
        started_by=actor, created_at=timezone.now(), scenario=scenario, years=years, replications=replications,
        seed=seed, policies=[
            {"choice": c.value, "id": c.policy.id, "version": c.policy.version, "hash": c.policy.hash,
             "title": c.policy.title, "text": policy_text(c)} for c in picked
        ],
    )
    result = run_simulation.enqueue(run.pk)
    SimulationRun.objects.filter(pk=run.pk).update(task_id=str(result.id))
    run.refresh_from_db()
    return run


def policy_text(choice: PolicyChoice) -> str:
    """The full text of the chosen policy: the recorded text of an activation, the file of a shipped policy."""
    kind, _sep, key = choice.value.partition(":")
    if kind == "version":
        return PolicyVersion.objects.get(pk=int(key)).text
    from plaatsregie.core.policy import shipped_policies

    return shipped_policies()[key].read_text(encoding="utf-8")
