"""The default reason catalogues (catalogue/reasons.toml), as code → Dutch label."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources


@cache
def default_reasons(kind: str) -> dict[str, str]:
    """The default reasons of one kind (e.g. 'unavailability'), in file order."""
    text = resources.files("plaatsregie").joinpath("catalogue", "reasons.toml").read_text(encoding="utf-8")
    return dict(tomllib.loads(text)[kind])
