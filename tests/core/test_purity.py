"""The domain core is pure: no Django, no apps, no database (the architecture behind D-25's testability)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORE = REPO / "src" / "plaatsregie" / "core"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
FORBIDDEN = ("django", "plaatsregie.registry", "plaatsregie.waiting", "plaatsregie.web", "plaatsregie.cli")


def test_the_import_linter_contract_keeps_the_core_free_of_django():
    """D-25: `lint-imports` (config in pyproject.toml) passes: plaatsregie.core imports no Django and no app."""
    if not LINT_IMPORTS.exists():
        pytest.skip(f"{LINT_IMPORTS} is not installed")
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.lower() or "0 broken" in result.stdout


def _imports(path: Path) -> list[str]:
    """Every module named in an import statement of a source file, resolved against the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = ".".join(path.relative_to(REPO / "src").with_suffix("").parts[:-1])
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                names.append(f"{base}.{node.module}" if node.module else base)
            else:
                names.append(node.module or "")
    return names


@pytest.mark.parametrize("path", sorted(CORE.glob("*.py")), ids=lambda p: p.name)
def test_no_core_module_imports_django_or_an_app(path):
    """D-25: read every import statement of the core (including ones inside functions): none is forbidden."""
    bad = [name for name in _imports(path) if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)]
    assert bad == [], f"{path.name} imports {bad}"


def test_importing_the_whole_core_loads_no_django():
    """D-25: a fresh interpreter importing every core module has no django module loaded afterwards."""
    modules = sorted(f"plaatsregie.core.{p.stem}" for p in CORE.glob("*.py") if p.stem != "__init__")
    code = (  # a third-party package missing from the venv is not a purity question: skip that module
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    try: importlib.import_module(name)\n"
        "    except ModuleNotFoundError as error:\n"
        "        if (error.name or '').split('.')[0] in ('django', 'plaatsregie'): raise\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')\n"
        f"                or any(m == f or m.startswith(f + '.') for f in {FORBIDDEN[1:]!r}))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
        env={"PATH": str(Path(sys.executable).parent), "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
