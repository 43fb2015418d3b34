"""Small statistics for monitoring figures (pure): a confidence interval for a proportion."""

from __future__ import annotations

from math import sqrt

Z95 = 1.959963984540054


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval for `successes` out of `n` (95 % by default); None when n is 0.

    Unlike the plain p ± z·√(p(1−p)/n), it stays within [0, 1] and is honest for small groups — wide when the
    group is small, so a small group's rate does not mislead (D-34)."""
    if n <= 0:
        return None
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)
