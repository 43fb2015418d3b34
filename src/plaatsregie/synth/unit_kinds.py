"""The kinds of living group in the synthetic Flanders: module, access, funding, size, ages and profile.

No public figures give the mix of living groups per module; the shares below are assumptions
(docs/synthetic-data.md): OVBJ dominant, then CKG and OBC, the other in-scope modules small, and a
minority of out-of-scope groups so that scope (D-2) is exercised.
"""

from __future__ import annotations

from dataclasses import dataclass

from plaatsregie.core.types import Access, Need

FEDASIL = "Fedasil"


@dataclass(frozen=True, slots=True)
class AgeRange:
    age_min: int
    age_max: int
    weight: float


@dataclass(frozen=True, slots=True)
class UnitKind:
    """One kind of living group; every place of a unit shares its kind's module, access and funding."""

    key: str
    module_type: str
    share: float  # share of all living groups
    min_places: int
    max_places: int
    age_ranges: tuple[AgeRange, ...]
    ideal_needs: tuple[Need, ...] = ()
    access: Access = Access.NRTJ
    cofinanced_by: str | None = None
    short_stay: bool = False
    single_gender_share: float = 0.2  # share of groups for girls only or boys only
    girls_share_of_single: float = 0.5  # of those single-gender groups, the share for girls


def _ages(*ranges: tuple[int, int, float]) -> tuple[AgeRange, ...]:
    return tuple(AgeRange(*age_range) for age_range in ranges)


UNIT_KINDS: tuple[UnitKind, ...] = (
    UnitKind("OVBJ", "OVBJ", 0.43, 8, 12, _ages((12, 17, 0.65), (6, 12, 0.20), (16, 21, 0.15)),
             (Need.TRAUMA, Need.SCHOOL_DROPOUT, Need.AGGRESSION), single_gender_share=0.3),
    UnitKind("CKG", "CKG", 0.12, 8, 12, _ages((0, 12, 0.60), (0, 6, 0.25), (3, 12, 0.15)),
             (Need.PARENTING_SUPPORT, Need.TRAUMA), single_gender_share=0.0),
    UnitKind("OBC", "OBC", 0.08, 8, 12, _ages((3, 12, 0.30), (12, 21, 0.40), (6, 17, 0.30)),
             (Need.PSYCHIATRIC, Need.TRAUMA, Need.AGGRESSION), single_gender_share=0.1),
    UnitKind("GES+", "GES+", 0.05, 6, 10, _ages((12, 17, 0.80), (14, 21, 0.20)),
             (Need.PSYCHIATRIC, Need.AGGRESSION, Need.DRUGS)),
    UnitKind("CIG", "CIG", 0.04, 6, 10, _ages((0, 12, 0.7), (0, 17, 0.3)),
             (Need.PARENTING_SUPPORT,), single_gender_share=0.0),
    UnitKind("OIOC", "OIOC", 0.04, 6, 10, _ages((6, 17, 0.50), (12, 17, 0.50)),
             (Need.INTELLECTUAL_DISABILITY, Need.AGGRESSION)),
    UnitKind("VEILIG-VERBLIJF", "VEILIG-VERBLIJF", 0.03, 4, 8, _ages((12, 17, 1.0)),
             (Need.TRAUMA, Need.CLOSED_SETTING), single_gender_share=0.6, girls_share_of_single=1.0),
    UnitKind("GEZINSHUIS", "GEZINSHUIS", 0.03, 3, 6, _ages((0, 17, 1.0)),
             (Need.TRAUMA,), single_gender_share=0.0),
    # Out of scope of central placement (D-2): filled by their own logic, registered for monitoring.
    UnitKind("CRISISVERBLIJF", "CRISISVERBLIJF", 0.05, 4, 8, _ages((12, 17, 0.60), (0, 12, 0.40)),
             short_stay=True),
    UnitKind("TIME-OUT", "TIME-OUT", 0.03, 2, 4, _ages((12, 17, 1.0)), short_stay=True),
    UnitKind("CKG-RTJ", "CKG", 0.03, 6, 10, _ages((0, 12, 1.0)), access=Access.RTJ, single_gender_share=0.0),
    UnitKind("OVBJ-FEDASIL", "OVBJ", 0.02, 8, 12, _ages((12, 17, 1.0)), cofinanced_by=FEDASIL,
             single_gender_share=0.5, girls_share_of_single=0.0),
    UnitKind("KWE", "KWE", 0.03, 4, 8, _ages((16, 21, 1.0))),
    UnitKind("CBAW", "CBAW", 0.02, 4, 8, _ages((17, 21, 1.0))),
)

# Places of in-scope, long-stay groups that are kept as short-stay capacity (terugvalbed, bridging; D-27).
SHORT_STAY_SHARE = 0.05
