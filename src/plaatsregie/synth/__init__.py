"""A seeded synthetic Flanders for seeding, tests, benchmarks and the simulator (docs/synthetic-data.md).

Pure Python and numpy: imports nothing of Plaatsregie but `plaatsregie.core`. Every name is fictional.
"""

from plaatsregie.synth.places import UNAVAILABLE_REASON_LABELS_NL, SyntheticPlace, UnavailableReason
from plaatsregie.synth.world import REFERENCE_DAY, SCALES, Scale, SyntheticFlanders, generate

__all__ = [
    "REFERENCE_DAY",
    "SCALES",
    "UNAVAILABLE_REASON_LABELS_NL",
    "Scale",
    "SyntheticFlanders",
    "SyntheticPlace",
    "UnavailableReason",
    "generate",
]
