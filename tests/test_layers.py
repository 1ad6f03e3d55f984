"""The module map in DESIGN.md is the truth about the package's layering; every import obeys it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
PACKAGE = PROJECT / "analysis"
LAYERS = ("base", "ingest", "measures", "presentation", "entry")
_ROW = re.compile(r"^\|\s*(\w+)\s*\|\s*`(\w+)`\s*\|")


def module_map(design: str) -> dict[str, str]:
    """Module name -> layer, from the "Module map" table of DESIGN.md."""
    section = design.split("## Module map", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        m = _ROW.match(line)
        if m and m.group(1) in LAYERS:
            assert m.group(2) not in rows, f"{m.group(2)} listed twice in the module map"
            rows[m.group(2)] = m.group(1)
    return rows


def package_imports(source: str, module: str) -> set[str]:
    """Modules of the package that ``source`` (the module ``module``) imports, anywhere in it."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 and node.module:  # from .corpus import X
                found.add(node.module.split(".")[0])
            elif node.level == 1:  # from . import corpus, nlp
                found.update(a.name for a in node.names)
            elif node.module and node.module.split(".")[0] == "analysis":
                parts = node.module.split(".")
                found.update([parts[1]] if len(parts) > 1 else [a.name for a in node.names])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("analysis."))
    return found - {module}


MAP = module_map((PROJECT / "DESIGN.md").read_text(encoding="utf-8"))
MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")
IMPORTS = {
    m: package_imports((PACKAGE / f"{m}.py").read_text(encoding="utf-8"), m) for m in MODULES
}


def test_the_module_map_lists_exactly_the_package_modules():
    assert sorted(MAP) == MODULES


@pytest.mark.parametrize("module", MODULES)
def test_a_module_imports_only_its_own_layer_and_below(module):
    rank = LAYERS.index(MAP[module])
    upward = {m: MAP[m] for m in IMPORTS[module] if LAYERS.index(MAP[m]) > rank}
    assert not upward, f"{module} ({MAP[module]}) imports a higher layer: {upward}"


def test_no_import_cycles():
    def reaches(start, goal, seen):
        for nxt in IMPORTS[start]:
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    cycles = [m for m in MODULES if reaches(m, m, {m})]
    assert not cycles, f"modules on an import cycle: {cycles}"


def test_the_checker_sees_every_form_of_import():
    source = (
        "from .corpus import Corpus\nfrom . import plots, nlp\nimport analysis.cli\n"
        "from analysis.reports import x\nfrom analysis import escape\n"
        "def f():\n    from .story import load_build\n"
    )
    assert package_imports(source, "x") == {
        "corpus",
        "plots",
        "nlp",
        "cli",
        "reports",
        "escape",
        "story",
    }
