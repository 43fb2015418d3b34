"""Differentiated flows (D-3) as data: what each flow's matching does differently, and the regional
arrangements (hubs) that put a module's places in one region in a flow of their own.

Veilig verblijf, gezinshuizen and hub-werkingen are in central placement but may skip or alter steps. The
workflow asks this catalogue — how many approvals adopt a list, how long a facility has to answer, which youths
are candidates — instead of naming modules in code. The shipped file is `catalogue/flows.toml`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from plaatsregie.core.errors import DomainError
from plaatsregie.core.modules import Flow
from plaatsregie.core.types import Region


class Candidates(StrEnum):
    ALL = "all"  # the whole waiting pool is ranked
    REGION = "region"  # only youths whose context is in the place's region


OUTSIDE_REGIONAL_AGREEMENT = "outside_regional_agreement"  # the bar code shown for the others (core/explain.py)


@dataclass(frozen=True, slots=True)
class FlowSteps:
    """How matching goes in one flow."""

    flow: str
    label: str
    approvals: int
    candidates: Candidates
    agreement: str
    respond_within_working_days: int | None = None


@dataclass(frozen=True, slots=True)
class Arrangement:
    """A regional agreement (a hub): places of `modules` in `region` follow `flow`."""

    name: str
    region: Region
    modules: frozenset[str]
    flow: str


@dataclass(frozen=True)
class FlowCatalogue:
    steps: Mapping[str, FlowSteps]
    arrangements: tuple[Arrangement, ...] = ()

    def flow_for(self, module: str, module_flow: str, region: str) -> str:
        """The flow a place follows: a regional arrangement for its module and region, else its module's flow."""
        for arrangement in self.arrangements:
            if arrangement.region == region and module in arrangement.modules:
                return arrangement.flow
        return module_flow

    def steps_of(self, flow: str) -> FlowSteps:
        try:
            return self.steps[flow]
        except KeyError:
            raise DomainError(f"onbekende flow '{flow}' (gekend: {', '.join(sorted(self.steps))})") from None


def flows_from_mapping(data: Mapping[str, Any]) -> FlowCatalogue:
    """Build the catalogue from the parsed layout of `catalogue/flows.toml`, refusing what cannot work."""
    try:
        steps = {
            name: FlowSteps(
                flow=name, label=str(spec["label"]), approvals=int(spec["approvals"]),
                candidates=Candidates(spec.get("candidates", "all")), agreement=str(spec["agreement"]),
                respond_within_working_days=(int(spec["respond_within_working_days"])
                                             if "respond_within_working_days" in spec else None),
            )
            for name, spec in data["flows"].items()
        }
        arrangements = tuple(
            Arrangement(str(spec["name"]), Region(spec["region"]), frozenset(spec["modules"]), str(spec["flow"]))
            for spec in data.get("arrangements", ())
        )
    except (KeyError, ValueError, TypeError) as error:
        raise DomainError(f"flow catalogue is invalid: {error}") from None
    missing = {flow.value for flow in Flow} - set(steps)
    if missing:
        raise DomainError(f"flow catalogue is invalid: no steps for module flow(s) {', '.join(sorted(missing))}")
    for step in steps.values():
        if step.approvals < 1:
            raise DomainError(f"flow catalogue is invalid: flow '{step.flow}' needs at least one approval")
        if step.respond_within_working_days is not None and step.respond_within_working_days < 1:
            raise DomainError(f"flow catalogue is invalid: flow '{step.flow}' needs at least one working day")
    for arrangement in arrangements:
        if arrangement.flow not in steps:
            raise DomainError(f"flow catalogue is invalid: arrangement '{arrangement.name}' names unknown flow "
                              f"'{arrangement.flow}'")
    return FlowCatalogue(steps, arrangements)


def load_flows(path: Path | None = None) -> FlowCatalogue:
    """A flow catalogue file; without a path, the one shipped with Plaatsregie."""
    if path is None:
        return default_flows()
    with path.open("rb") as handle:
        return flows_from_mapping(tomllib.load(handle))


@cache
def default_flows() -> FlowCatalogue:
    text = resources.files("plaatsregie").joinpath("catalogue", "flows.toml").read_bytes()
    return flows_from_mapping(tomllib.loads(text.decode("utf-8")))
