"""The simulator's event side, compiled to C by mypyc where the machine can (`scripts/compile-simulator`).

The modules of `MODULES` are plain, fully typed Python; `make install` also compiles them in place (one extension
module beside each source, and the group's shared library in `src/`), which makes a simulated year cost ~11 %
fewer instructions (docs/simulation.md, "Cost"). Python imports an extension module in preference to its source, so a
compiled module that no longer matches its source would silently run old code: the compiler writes the
fingerprint of the sources it compiled (`MANIFEST`), and `plaatsregie.simulation` imports the sources instead
(`use_sources`) unless the fingerprint is that of the sources now. The modules are compiled as one group whose
classes know each other's layout, so it is all of them or none.

`PLAATSREGIE_SIMULATOR_INTERPRETED=1` runs the sources whatever was compiled (profilers, debuggers, and the test
that compiled and interpreted runs agree). Without a C compiler the simulator simply runs interpreted.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

PACKAGE = "plaatsregie.simulation"
MODULES = ("balance", "engine", "ledger", "state", "streams", "vacancies")  # imported every event
HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "compiled.json"
INTERPRETED = "PLAATSREGIE_SIMULATOR_INTERPRETED"


def fingerprint(directory: Path = HERE) -> str:
    """The sources of the compiled modules and the Python that compiles them, as one hash."""
    digest = hashlib.sha256(sys.version.encode())
    for name in MODULES:
        digest.update(name.encode() + b"\0" + (directory / f"{name}.py").read_bytes() + b"\0")
    return digest.hexdigest()


def compiled_fingerprint(manifest: Path = MANIFEST) -> str | None:
    """The fingerprint the compiler wrote, or None when nothing was compiled."""
    try:
        value = json.loads(manifest.read_text(encoding="utf-8")).get("fingerprint")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def extensions(directory: Path = HERE) -> list[Path]:
    """The compiled extension modules present beside the sources."""
    return [path for name in MODULES for suffix in importlib.machinery.EXTENSION_SUFFIXES
            if (path := directory / f"{name}{suffix}").exists()]


def use_compiled(directory: Path = HERE, manifest: Path = MANIFEST, environ: dict[str, str] | None = None) -> bool:
    """Whether the compiled modules are there, wanted, and compiled from exactly the sources there now."""
    environ = dict(os.environ) if environ is None else environ
    if environ.get(INTERPRETED, "") not in ("", "0"):
        return False
    return len(extensions(directory)) == len(MODULES) and compiled_fingerprint(manifest) == fingerprint(directory)


class _Sources(importlib.abc.MetaPathFinder):
    """Finds the compiled group's modules as their `.py` sources, ahead of the extension modules beside them."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None,
                  ) -> importlib.machinery.ModuleSpec | None:
        package, _, name = fullname.rpartition(".")
        if package != PACKAGE or name not in MODULES:
            return None
        return importlib.util.spec_from_file_location(fullname, self.directory / f"{name}.py")


def use_sources() -> bool:
    """Import the group's sources unless `use_compiled`; returns whether the compiled modules are used. Called
    once, by `plaatsregie.simulation`, before any module of the group is imported."""
    if use_compiled():
        return True
    if extensions(HERE) and not any(isinstance(finder, _Sources) for finder in sys.meta_path):
        sys.meta_path.insert(0, _Sources(HERE))
    return False


def running_compiled() -> bool:
    """Whether the simulator's modules imported in this process are the compiled ones."""
    from plaatsregie.simulation import engine

    return not (engine.__file__ or "").endswith(".py")
