"""Obviously fake names, built from word lists: no real facility, team or person is named."""

from __future__ import annotations

import numpy as np

from plaatsregie.synth.draws import IntArray, Rng

FICTIONAL = "(fictief)"

ADJECTIVES: tuple[str, ...] = (
    "Groene", "Blauwe", "Gouden", "Zilveren", "Kleine", "Warme", "Stille", "Open", "Rode", "Witte",
    "Zonnige", "Lichte", "Vrolijke", "Wijze", "Sterke", "Veilige", "Nieuwe", "Oude", "Brede", "Heldere",
    "Zachte", "Verre", "Hoge", "Ronde", "Bonte",
)
NOUNS: tuple[str, ...] = (
    "Linde", "Eik", "Beuk", "Wilg", "Berk", "Vlinder", "Zwaluw", "Merel", "Reiger", "Uil",
    "Vos", "Egel", "Haven", "Brug", "Boom", "Bron", "Weide", "Heuvel", "Beek", "Molen",
    "Toren", "Ster", "Maan", "Zon", "Wind", "Golf", "Duin", "Lantaarn", "Vuurtoren", "Regenboog",
    "Zonnebloem", "Klaproos", "Tulp", "Roos", "Lelie", "Akker", "Boomgaard", "Schelp", "Parel", "Sleutel",
    "Horizon", "Dageraad", "Poort", "Kade", "Oever", "Vallei", "Hoeve", "Hofstede", "Wieg", "Kastanje",
)
UNIT_WORDS: tuple[str, ...] = (
    "Esdoorn", "Hazelaar", "Vlier", "Meidoorn", "Populier", "Els", "Taxus", "Hulst",
    "Kievit", "Specht", "Mees", "Vink", "Lijster", "Gaai", "Roodborst", "Winterkoning",
)
# A pseudonym alphabet without look-alikes (0/O, 1/I).
PSEUDONYM_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
PSEUDONYM_LENGTH = 6


def facility_names(rng: Rng, count: int) -> list[str]:
    """`count` distinct names like 'De Groene Linde (fictief)', numbered once combinations run out."""
    combinations = len(ADJECTIVES) * len(NOUNS)
    order = rng.permutation(combinations)
    names: list[str] = []
    for position in range(count):
        adjective, noun = divmod(int(order[position % combinations]), len(NOUNS))
        round_number = position // combinations
        suffix = f" {round_number + 1}" if round_number else ""
        names.append(f"De {ADJECTIVES[adjective]} {NOUNS[noun]}{suffix} {FICTIONAL}")
    return names


def unit_names(first_word: IntArray, position: IntArray) -> list[str]:
    """Living-group names, distinct within a facility: consecutive words from a per-facility start."""
    words = (first_word + position) % len(UNIT_WORDS)
    return [f"Leefgroep {UNIT_WORDS[word]}" for word in words.tolist()]


def youth_id(number: int) -> str:
    """Id of the `number`-th youth (0-based): occupants first, then the youths of the waiting pool."""
    return f"Y{number + 1:06d}"


def pseudonyms(rng: Rng, count: int) -> list[str]:
    """`count` distinct pseudonyms like 'J-7F3K2Q'; collisions are redrawn."""
    alphabet = np.array(list(PSEUDONYM_ALPHABET))
    chosen: dict[str, None] = {}
    while len(chosen) < count:
        letters = alphabet[rng.integers(len(alphabet), size=(count - len(chosen), PSEUDONYM_LENGTH))]
        for row in letters.tolist():
            chosen.setdefault("J-" + "".join(row), None)
    return list(chosen)
