"""Module types, their scope of central placement (D-1, D-2) and their flow (D-3), as data."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from plaatsregie.core.errors import DomainError, UnknownModuleError
from plaatsregie.core.types import Access


class Scope(StrEnum):
    IN_SCOPE = "in_scope"
    EXCLUDED = "excluded"
    NOT_RESIDENTIAL = "not_residential"


class Flow(StrEnum):
    """D-3: regular matching, or the module's own agreed matching steps."""

    REGULAR = "regular"
    DIFFERENTIATED = "differentiated"


SCOPE_LABELS_NL = {
    Scope.IN_SCOPE: "valt onder centrale regie",
    Scope.EXCLUDED: "valt (voorlopig) buiten centrale regie",
    Scope.NOT_RESIDENTIAL: "is geen verblijfsvorm",
}


@dataclass(frozen=True, slots=True)
class ModuleType:
    code: str
    name: str
    scope: Scope
    flow: Flow


@dataclass(frozen=True, slots=True)
class ScopeExclusion:
    """D-2: a place is out of scope when its module, access route and funding all match."""

    reason: str
    modules: frozenset[str] = frozenset()
    access: Access | None = None
    cofinanced_by: str | None = None

    def applies(self, module: str, access: Access, cofinanced_by: str | None) -> bool:
        return (
            (not self.modules or module in self.modules)
            and (self.access is None or self.access == access)
            and (self.cofinanced_by is None or self.cofinanced_by == cofinanced_by)
        )


@dataclass(frozen=True, slots=True)
class ScopeDecision:
    scope: Scope
    reason: str

    @property
    def in_scope(self) -> bool:
        return self.scope is Scope.IN_SCOPE


@dataclass(frozen=True)
class ModuleCatalogue:
    modules: Mapping[str, ModuleType]
    exclusions: tuple[ScopeExclusion, ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.modules)

    def get(self, code: str) -> ModuleType:
        try:
            return self.modules[code]
        except KeyError:
            known = ", ".join(sorted(self.modules))
            raise UnknownModuleError(f"unknown module code '{code}' (known: {known})") from None

    def scope_of(self, code: str, access: Access = Access.NRTJ, cofinanced_by: str | None = None) -> ScopeDecision:
        """Decide whether a place of this module, access and funding is in central placement (D-2)."""
        module = self.get(code)
        if module.scope is not Scope.IN_SCOPE:
            return ScopeDecision(module.scope, f"{module.name} {SCOPE_LABELS_NL[module.scope]}")
        for exclusion in self.exclusions:
            if exclusion.applies(code, access, cofinanced_by):
                return ScopeDecision(Scope.EXCLUDED, exclusion.reason)
        return ScopeDecision(Scope.IN_SCOPE, f"{module.name} {SCOPE_LABELS_NL[Scope.IN_SCOPE]}")


def catalogue_from_mapping(data: Mapping[str, Any]) -> ModuleCatalogue:
    """Build a catalogue from the parsed TOML layout of `catalogue/modules.toml`."""
    try:
        modules = {
            code: ModuleType(code, str(spec["name"]), Scope(spec["scope"]), Flow(spec.get("flow", "regular")))
            for code, spec in data["modules"].items()
        }
        exclusions = tuple(
            ScopeExclusion(
                reason=str(spec["reason"]),
                modules=frozenset(spec.get("modules", ())),
                access=Access(spec["access"]) if "access" in spec else None,
                cofinanced_by=spec.get("cofinanced_by"),
            )
            for spec in data.get("exclusions", ())
        )
    except (KeyError, ValueError, TypeError) as error:
        raise DomainError(f"module catalogue is invalid: {error}") from None
    return ModuleCatalogue(modules, exclusions)


def load_catalogue(path: Path | None = None) -> ModuleCatalogue:
    """Load a module catalogue file; without a path, the one shipped with Plaatsregie."""
    if path is None:
        return default_catalogue()
    with path.open("rb") as handle:
        return catalogue_from_mapping(tomllib.load(handle))


@cache
def default_catalogue() -> ModuleCatalogue:
    """The shipped catalogue (seed 002 §3.3)."""
    text = resources.files("plaatsregie").joinpath("catalogue", "modules.toml").read_bytes()
    return catalogue_from_mapping(tomllib.loads(text.decode("utf-8")))
