"""analysis.defaults is the one source of every default: each copy of a default must equal it.

papermill needs literals in a notebook's parameters cell, `python -m analysis run` reads
notebooks/params.yaml, argparse and make have their own defaults: these tests read every copy
and compare it with analysis.defaults.
"""

from __future__ import annotations

import argparse
import ast
import subprocess
from pathlib import Path

import nbformat
import pytest
import yaml
from conftest import PROJECT, make_env

from analysis import defaults
from analysis.cli import build_parser

# the per-story sequence, and the collection's outlet report (run by make collection)
NOTEBOOKS = sorted((PROJECT / "notebooks").glob("[0-9][0-9]_*.ipynb")) + [
    PROJECT / "notebooks" / "outlets.ipynb"
]

# notebook (and params.yaml) parameter -> name in analysis.defaults; a parameter not listed here
# is looked up under its own name in capitals (n_boot -> N_BOOT)
PARAMETER_DEFAULTS = {
    "metrics": "READABILITY_METRICS",
    "labels": "ENTITY_LABELS",
    "gold_file": "GOLD_ENTITIES_FILE",
}

# CLI option -> (name in analysis.defaults, how the CLI's default is written as the default's value)
CLI_DEFAULTS = {
    "--model": ("MODEL", None),
    "--batch-size": ("BATCH_SIZE", None),
    "--n-boot": ("N_BOOT", None),
    "--seed": ("SEED", None),
    "--level": ("LEVEL", None),
    "--aliases": ("ALIASES_FILE", None),
    "--labels": ("ENTITY_LABELS", lambda value: tuple(value.split(","))),
    "--no-captions": ("INCLUDE_CAPTIONS", lambda value: not value),
    "--include-captions": ("INCLUDE_CAPTIONS", None),
    "--top-n": ("TOP_N", None),
    "--min-tokens": ("MIN_TOKENS", None),
    "--max-entities": ("MAX_ENTITIES", None),
    "--top-terms": ("TOP_TERMS", None),
    "--prior-scale": ("PRIOR_SCALE", None),
    "--gold": ("GOLD_ENTITIES_FILE", None),
    "--facts-gold": ("FACTS_GOLD_FILE", None),
    "--events-gold": ("EVENTS_GOLD_FILE", None),
}
# options the CLI has today: each must be found (so a renamed option is not silently unchecked)
CLI_REQUIRED = (
    "--model",
    "--batch-size",
    "--n-boot",
    "--seed",
    "--level",
    "--aliases",
    "--labels",
    "--min-tokens",
    "--prior-scale",
    "--fact-threshold",
    "--entity-weight",
    "--number-weight",
    "--omission-share",
    "--event-link",
    "--date-tolerance",
    "--facts-gold",
    "--events-gold",
)

# make variable -> name in analysis.defaults
MAKE_DEFAULTS = {
    "MODEL": "MODEL",
    "BATCH_SIZE": "BATCH_SIZE",
    "ALIASES": "ALIASES_FILE",
    "WORKERS": "WORKERS",
    "SCHEDULER": "SCHEDULER",
}


def default_name(parameter: str) -> str:
    return PARAMETER_DEFAULTS.get(parameter, parameter.upper())


def same(value, default) -> bool:
    """Equal in value and type, a list (YAML, a parameters cell) matching a tuple (defaults)."""
    if isinstance(default, tuple):
        return isinstance(value, list | tuple) and tuple(value) == default
    return type(value) is type(default) and value == default


def check_parameter(where: str, name: str, value) -> None:
    constant = default_name(name)
    assert hasattr(defaults, constant), (
        f"{where}: parameter '{name}' has no default in analysis.defaults; add {constant} there "
        f"(or map the name in tests/test_defaults.py PARAMETER_DEFAULTS) and use it in the code"
    )
    expected = getattr(defaults, constant)
    assert same(value, expected), (
        f"{where}: {name} = {value!r}, but analysis.defaults.{constant} = {expected!r}; "
        "change one of them so that they agree"
    )


def parameters_cell(path: Path) -> str:
    cells = [
        cell
        for cell in nbformat.read(path, as_version=4).cells
        if "parameters" in cell.metadata.get("tags", [])
    ]
    assert len(cells) == 1, f"{path.name}: {len(cells)} cells tagged 'parameters', expected 1"
    return cells[0].source


def cell_assignments(source: str) -> list[tuple[str, ast.expr]]:
    """(name, value expression) of every assignment in a parameters cell, in order."""
    found = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        elif isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        else:
            raise AssertionError(
                f"line {node.lineno}: '{ast.unparse(node)}' is not an assignment; a parameters "
                "cell holds only `name: type = literal` lines"
            )
        for target in targets:
            assert isinstance(target, ast.Name), f"line {node.lineno}: assign to a plain name"
            found.append((target.id, value))
    return found


def cli_defaults() -> dict[str, list[tuple[str, str, object]]]:
    """Option string -> [(sub-command, dest, default)] over every sub-command of the CLI."""
    found: dict[str, list[tuple[str, str, object]]] = {}
    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command, sub in action.choices.items():
                for option in sub._actions:
                    for flag in option.option_strings:
                        found.setdefault(flag, []).append((command, option.dest, option.default))
    return found


def make_variable(name: str) -> str:
    """A variable's value as the Makefile sets it, without building anything."""
    env = {k: v for k, v in make_env().items() if k not in MAKE_DEFAULTS}
    result = subprocess.run(
        [
            "make",
            "-s",
            "--no-print-directory",
            "--eval",
            "print-%: ; @echo '$($*)'",
            f"print-{name}",
        ],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip()


# ---- the helpers above, on small inputs -------------------------------------------------------


def test_same_compares_type_and_value():
    assert same([1, 2], (1, 2)) and same(0.95, 0.95) and same("a", "a")
    assert not same(1, 1.0) and not same(1, True) and not same([1], (1, 2)) and not same("1", 1)


def test_cell_assignments_reads_annotated_and_plain_assignments():
    source = 'a: int = 1  # one\nb = [\n    "x",  # first\n]\n'
    assert [(n, ast.literal_eval(v)) for n, v in cell_assignments(source)] == [
        ("a", 1),
        ("b", ["x"]),
    ]
    with pytest.raises(AssertionError, match="is not an assignment"):
        cell_assignments("import os\n")


def test_a_parameter_without_a_default_is_an_error_that_says_where_to_add_it():
    with pytest.raises(AssertionError, match="add NEW_KNOB there"):
        check_parameter("x.ipynb", "new_knob", 1)
    with pytest.raises(AssertionError, match="analysis.defaults.N_BOOT = 2000"):
        check_parameter("x.ipynb", "n_boot", 1999)


# ---- every copy of a default ------------------------------------------------------------------


def test_there_are_notebooks_to_check():
    assert NOTEBOOKS, "no notebooks/NN_name.ipynb found"


def test_params_yaml_values_equal_the_defaults():
    params = yaml.safe_load((PROJECT / "notebooks" / "params.yaml").read_text(encoding="utf-8"))
    assert "all" in params
    for section, values in params.items():
        for name, value in (values or {}).items():
            check_parameter(f"notebooks/params.yaml, section {section}", name, value)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_parameters_cell_holds_literals_only(path):
    # papermill replaces the cell's values and does not recompute what was derived from them
    for name, value in cell_assignments(parameters_cell(path)):
        try:
            ast.literal_eval(value)
        except ValueError:
            pytest.fail(
                f"{path.name}: parameter {name} = {ast.unparse(value)} is not a literal; "
                "compute derived values after the parameters cell"
            )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_parameters_equal_the_defaults(path):
    assignments = cell_assignments(parameters_cell(path))
    assert assignments, f"{path.name}: empty parameters cell"
    for name, value in assignments:
        check_parameter(f"{path.name}, parameters cell", name, ast.literal_eval(value))


def test_cli_option_defaults_equal_the_defaults():
    found = cli_defaults()
    missing = [option for option in CLI_REQUIRED if option not in found]
    assert not missing, f"the CLI has no {missing}: update CLI_REQUIRED in tests/test_defaults.py"
    for option, uses in found.items():
        for command, dest, value in uses:
            # an option not listed is checked when its name is a default's (--top-n: TOP_N)
            constant, as_default = CLI_DEFAULTS.get(option, (dest.upper(), None))
            if constant not in defaults.__all__:
                continue
            expected = getattr(defaults, constant)
            value = as_default(value) if as_default else value
            assert same(value, expected), (
                f"python -m analysis {command} {option}: default {value!r}, but "
                f"analysis.defaults.{constant} = {expected!r}"
            )


@pytest.mark.parametrize("variable", sorted(MAKE_DEFAULTS))
def test_makefile_variables_equal_the_defaults(variable):
    constant = MAKE_DEFAULTS[variable]
    expected = getattr(defaults, constant)
    assert make_variable(variable) == str(expected), (
        f"Makefile: {variable} ?= {make_variable(variable)}, but analysis.defaults.{constant} = "
        f"{expected!r}"
    )


def test_every_default_is_in_all():
    # the checks above find a default by name through analysis.defaults.__all__
    constants = sorted(name for name in vars(defaults) if name.isupper())
    assert sorted(defaults.__all__) == constants
