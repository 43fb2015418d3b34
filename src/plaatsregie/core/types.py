"""The things of DOMAIN.md §2 as plain, immutable values."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum, StrEnum


class Region(StrEnum):
    """The five Flemish provinces and Brussels; the unit of regional recruitment."""

    ANTWERPEN = "Antwerpen"
    LIMBURG = "Limburg"
    OOST_VLAANDEREN = "Oost-Vlaanderen"
    WEST_VLAANDEREN = "West-Vlaanderen"
    VLAAMS_BRABANT = "Vlaams-Brabant"
    BRUSSEL = "Brussel"


class Gender(StrEnum):
    FEMALE = "F"
    MALE = "M"
    OTHER = "X"


class Urgency(IntEnum):
    """Urgency class set under the prioritisation framework; 1 is most urgent (D-10, D-26)."""

    ACUTE = 1
    VERY_URGENT = 2
    URGENT = 3
    LESS_URGENT = 4


class Access(StrEnum):
    """Access route of a place: directly accessible (RTJ) or not (NRTJ) youth care."""

    NRTJ = "NRTJ"
    RTJ = "RTJ"


class PlaceStatus(StrEnum):
    """D-5: the status of a place."""

    OCCUPIED = "occupied"
    FREEING = "freeing"
    AVAILABLE = "available"
    RESERVED = "reserved"
    UNAVAILABLE = "unavailable"


class Need(StrEnum):
    """Support needs a request may carry; a facility's ideal profile uses the same words (D-4)."""

    PSYCHIATRIC = "psychiatric"
    DRUGS = "drugs"
    AGGRESSION = "aggression"
    CLOSED_SETTING = "closed_setting"
    TRAUMA = "trauma"
    INTELLECTUAL_DISABILITY = "intellectual_disability"
    SCHOOL_DROPOUT = "school_dropout"
    PARENTING_SUPPORT = "parenting_support"


class ReferrerKind(StrEnum):
    OCJ = "OCJ"
    SDJ = "SDJ"
    ONE_FAMILY_ONE_PLAN = "1G1P"
    FACILITY = "facility"


@dataclass(frozen=True, slots=True)
class Location:
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Facility:
    id: str
    name: str
    region: Region
    location: Location
    recognition: str = ""


@dataclass(frozen=True, slots=True)
class Unit:
    """A living group (leefgroep) of a facility, offering places of one module type."""

    id: str
    facility_id: str
    name: str
    module_type: str
    access: Access = Access.NRTJ
    cofinanced_by: str | None = None


@dataclass(frozen=True, slots=True)
class PlaceProfile:
    """A place as described in the capacity dialogue (D-4): what matching needs to know."""

    id: str
    facility_id: str
    module_type: str
    region: Region
    available_from: date
    age_min: int
    age_max: int
    genders: frozenset[Gender]
    short_stay: bool = False
    location: Location | None = None
    access: Access = Access.NRTJ
    cofinanced_by: str | None = None
    unit_id: str | None = None
    vertical: bool | None = None
    ideal_profile: frozenset[Need] = field(default_factory=frozenset)
    group_composition: str = ""
    carrying_capacity: str = ""
    contact: str = ""
    # D-28: the facility's complexity balance when the place is ranked, as its signal: +1 it took clearly more
    # than its fair share of complex situations, -1 clearly less, 0 within its share (core.complexity).
    # Only a policy ordering by `complexity_balance` looks at it.
    complexity_signal: int = 0


@dataclass(frozen=True, slots=True)
class Referrer:
    id: str
    name: str
    kind: ReferrerKind
    region: Region


@dataclass(frozen=True, slots=True)
class Youth:
    """A youth, pseudonymised: identity details live apart from the placement data."""

    id: str
    pseudonym: str
    birth_date: date
    gender: Gender
    region: Region
    home: Location | None = None
    family_id: str | None = None


@dataclass(frozen=True, slots=True)
class Request:
    """A youth's request in the waiting pool, with the considerations of D-10."""

    id: str
    youth_id: str
    birth_date: date
    gender: Gender
    region: Region
    module_types: frozenset[str]
    urgency: Urgency
    registered_on: date
    home: Location | None = None
    sibling_facility_ids: frozenset[str] = field(default_factory=frozenset)
    internal_transfer_facility_id: str | None = None
    readmission_facility_id: str | None = None
    crisis_overflow: bool = False
    needs: frozenset[Need] = field(default_factory=frozenset)
    referrer_id: str | None = None
